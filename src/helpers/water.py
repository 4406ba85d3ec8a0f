"""Tables behind the water notebook: national water totals, irrigation, and hydropower upstream.

What each source holds, and the rule used here for it:

* **WDI water series, from FAO AQUASTAT** (``wdi_freshwater_withdrawals``,
  ``wdi_freshwater_withdrawals_share``, ``wdi_renewable_freshwater_per_capita``,
  ``wdi_irrigated_land_share``). AQUASTAT publishes a country's figure every few years. The WDI
  file has a value for (almost) every year, but fills the years in between by repeating the last
  figure or by drawing a straight line between two figures, and does not flag which years are
  which. :func:`fill_status` tells them apart from the numbers themselves; figures draw filled
  markers for new values and hollow ones for filled-in years (:func:`plot_points`), never a line.
* **Internal renewable freshwater** is one long-term average volume per country. WDI divides it by
  each year's population for the per-person series; :func:`internal_resources` multiplies back with
  ``wdi_population`` to recover the volume, so the per-person decline is population growth only.
* **Withdrawals as % of internal resources** can exceed 100%: internal resources count only water
  that rises inside the country (rain, rivers, groundwater recharge), not rivers flowing in.
* **Hydro share of electricity** (:func:`hydro_shares`): from the Energy Institute Review (hydro
  / total generation, via :func:`helpers.energy.electricity_mix`) where the EI lists the country
  (Kazakhstan, Uzbekistan, Turkmenistan); otherwise from the WDI renewable electricity output share
  (to 2021), which for Kyrgyzstan and Tajikistan is hydro in practice. The EI puts those two in its
  'Other CIS' group (:func:`ei_other_cis_members`). Ember's overview table has no generation by fuel,
  so it gives demand and the carbon intensity of power for all five, not hydro.
"""

from __future__ import annotations

import decimal
import math

import pandas as pd

from helpers import data, energy, metrics, text
from helpers.countries import name
from helpers.text import year_ranges
from helpers.sources import ei

WITHDRAWALS = "wdi_freshwater_withdrawals"              # billion m³ a year
WITHDRAWALS_SHARE = "wdi_freshwater_withdrawals_share"  # % of internal renewable resources
INTERNAL_PER_PERSON = "wdi_renewable_freshwater_per_capita"  # m³ per person
IRRIGATED = "wdi_irrigated_land_share"                  # % of agricultural land
POPULATION = "wdi_population"
AGRICULTURE = "wdi_agriculture_value_added"             # % of GDP
RENEWABLE_POWER = "wdi_renewable_electricity_share"     # % of electricity output, to 2021
EI, EMBER = energy.EI, energy.EMBER
EMBER_DEMAND = "Electricity demand"                     # TWh
EMBER_INTENSITY = "Power-sector CO2 intensity"          # gCO2 per kWh
HYDRO_SHEET = energy.GENERATION_SHEETS["Hydro"]
OTHER_RENEWABLES_SHEET = "Ren power (excl hydro) - TWh"
OTHER_CIS = "EI:OTHER_CIS"

# Where each state sits on the rivers (geography, for the narrative; no number depends on it).
BASIN_POSITION = {
    "KGZ": "upstream: the Naryn, the Syr Darya's main source, rises here and is stored in the Toktogul reservoir",
    "TJK": ("upstream: most of the Amu Darya's water gathers in its mountains, in the Vakhsh (dammed at Nurek) "
            "and the Panj on the Afghan border"),
    "UZB": "downstream on both the Syr Darya and the Amu Darya",
    "TKM": "downstream on the Amu Darya, which feeds the Karakum canal",
    "KAZ": "downstream on the Syr Darya in the south; the Ili and the Irtysh reach it from China",
}
UPSTREAM = ("KGZ", "TJK")
HYDRO_SOURCE_LABEL = {EI: "EI hydro share", RENEWABLE_POWER: "World Bank renewable share"}

NEW, REPEATED, INTERPOLATED = "new value", "repeated", "interpolated"


# --- Tables from the loaders ---------------------------------------------------------------------

def _codes(countries) -> list[str]:
    return [countries] if isinstance(countries, str) else list(countries)


def total_from_per_person(per_person_m3: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """m³ per person x people -> billion m³ (NaN where either is missing)."""
    return per_person_m3 * population / 1e9


def per_person_from_total(volume_bcm: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """billion m³ / people -> m³ per person (NaN where either is missing)."""
    return volume_bcm * 1e9 / population


def internal_resources(countries, start_year: int, end_year: int) -> pd.DataFrame:
    """Internal renewable freshwater (billion m³): WDI's per-person series x WDI population."""
    per_person = data.years_table(INTERNAL_PER_PERSON, countries, start_year, end_year)
    population = data.years_table(POPULATION, countries, start_year, end_year)
    return total_from_per_person(per_person, population)


def withdrawals_per_person(countries, start_year: int, end_year: int) -> pd.DataFrame:
    """Freshwater withdrawals per person (m³): WDI withdrawals (billion m³) / WDI population."""
    volume = data.years_table(WITHDRAWALS, countries, start_year, end_year)
    population = data.years_table(POPULATION, countries, start_year, end_year)
    return per_person_from_total(volume, population)


# --- Which years carry a new figure -----------------------------------------------------------------

def resolution(value: float) -> float:
    """The rounding step of a number as the file wrote it: 11.1948 -> 0.0001, 7.707 -> 0.001."""
    return 10.0 ** decimal.Decimal(repr(float(value))).as_tuple().exponent


def fill_status(series: pd.Series) -> pd.Series:
    """Label each reported year NEW, REPEATED or INTERPOLATED; missing years stay NaN.

    REPEATED: the value equals the previous year's. INTERPOLATED: the value lies on the straight
    line through the previous and next year (two equal steps, not zero), allowing for the rounding
    of the year's own number as written in the file: the steps may differ by one unit of its last
    digit (:func:`resolution`; a filled-in number is rounded, the figures it was drawn between are
    not). Everything else, including the first year and both ends of every straight run, is NEW.
    A source that really moved in equal steps would be labelled INTERPOLATED: the label says a
    number is consistent with filling, which the file itself does not flag.
    """
    values = series.dropna()
    status = pd.Series(math.nan, index=series.index, dtype=object)
    for year, value in values.items():
        before, after = values.get(year - 1), values.get(year + 1)
        if before is not None and value == before:
            status[year] = REPEATED
        elif before is not None and after is not None:
            step_in, step_out = value - before, after - value
            tolerance = resolution(value) + 1e-9 * abs(value)
            status[year] = INTERPOLATED if abs(step_in - step_out) <= tolerance else NEW
        else:
            status[year] = NEW
    return status


def fill_status_table(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`fill_status` for every column of a year x country table."""
    return pd.DataFrame({code: fill_status(table[code]) for code in table.columns}, index=table.index)


def fill_status_window(dataset_id: str, countries, start_year: int, end_year: int,
                       indicator: str | None = None) -> pd.DataFrame:
    """:func:`fill_status` of each country's whole series, shown for start_year..end_year.

    Labels come from the full series, so a year at the edge of the window keeps the label its
    neighbours outside the window give it.
    """
    codes = _codes(countries)
    full = data.wide(dataset_id, indicator, codes).reindex(columns=codes)
    return fill_status_table(full).reindex(range(start_year, end_year + 1))


def labelled(status: pd.Series, label: str = NEW) -> list[int]:
    """Years carrying ``label`` in a :func:`fill_status` series."""
    return [int(y) for y in status.index[status == label]]


def new_value_years(series: pd.Series) -> list[int]:
    """Years whose value is NEW by :func:`fill_status`."""
    return labelled(fill_status(series))


def coverage(table: pd.DataFrame, status: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per column: first and last year with a value, years with a value, NEW years and the last one.

    ``status`` (e.g. from :func:`fill_status_window`) gives the labels; by default they are
    computed from ``table`` itself. Years are NaN (not None) where a column has no value at all.
    """
    status = fill_status_table(table) if status is None else status
    rows = []
    for code in table.columns:
        present = table[code].dropna()
        new = labelled(status[code])
        rows.append({
            "country": code,
            "first year": int(present.index.min()) if len(present) else None,
            "last year": int(present.index.max()) if len(present) else None,
            "years with a value": len(present),
            "new values": new,
            "last new value": new[-1] if new else None,
        })
    return pd.DataFrame(rows).set_index("country")


# --- Hydropower --------------------------------------------------------------------------------------

def share_of(mix: pd.DataFrame, column: str) -> pd.Series:
    """One column's share (0-1) of each row's total; NaN where the column or the total is missing."""
    if column not in mix:
        return pd.Series(math.nan, index=mix.index, dtype=float)
    total = mix.sum(axis=1, min_count=1)
    return (mix[column] / total.where(total > 0)).astype(float)


def hydro_share(country: str, start_year: int, end_year: int) -> tuple[pd.Series, str]:
    """(hydro share of electricity by year (0-1), dataset id it comes from).

    The EI Review (hydro / total generation) where it lists the country with a hydro row; otherwise
    the WDI renewable electricity output share (to 2021), which is hydro in practice only where
    other renewables are negligible (Kyrgyzstan, Tajikistan: see :func:`other_cis_renewables`).
    """
    years = range(start_year, end_year + 1)
    if energy.ei_reports(country):
        share = share_of(energy.electricity_mix(country, start_year, end_year), "Hydro").reindex(years)
        if share.notna().any():
            return share.rename(country), EI
    share = data.years_table(RENEWABLE_POWER, [country], start_year, end_year)[country] / 100
    return share.rename(country), RENEWABLE_POWER


def hydro_shares(countries, start_year: int, end_year: int) -> tuple[pd.DataFrame, dict[str, str]]:
    """Year x country hydro shares (0-1) and, per country, the dataset id each column comes from."""
    columns, sources = {}, {}
    for code in _codes(countries):
        columns[code], sources[code] = hydro_share(code, start_year, end_year)
    return pd.DataFrame(columns).reindex(range(start_year, end_year + 1)), sources


def ei_other_cis_members() -> list[str]:
    """Countries inside the EI's 'Other CIS' row: its CIS definition minus the members it lists.

    Read from the Review's 'Definitions' sheet and the country rows of the hydro sheet.
    """
    doc = data.read(EI, ei.read_json)
    cells = [cell.strip() for row in doc["sheets"]["Definitions"]["grid"] for cell in row if cell and cell.strip()]
    at = next(i for i, cell in enumerate(cells) if cell.startswith("Commonwealth of Independent States"))
    members = [m.strip().removeprefix("and ").strip() for m in cells[at + 1].rstrip(".").split(",")]
    listed = {entity["name"].strip() for entity in doc["sheets"][HYDRO_SHEET]["entities"]}
    return [m for m in members if m and m not in listed]


def other_cis_renewables(start_year: int, end_year: int) -> pd.DataFrame:
    """Year x ['Hydro', 'Other renewables'] generation (TWh) of the EI's 'Other CIS' group."""
    return pd.DataFrame({
        "Hydro": data.years_table(EI, [OTHER_CIS], start_year, end_year, HYDRO_SHEET)[OTHER_CIS],
        "Other renewables": data.years_table(EI, [OTHER_CIS], start_year, end_year, OTHER_RENEWABLES_SHEET)[OTHER_CIS],
    })


def nearly_constant(table: pd.DataFrame, tolerance: float) -> list[str]:
    """Columns whose reported values (at least three) span less than ``tolerance``."""
    return [code for code in table.columns
            if table[code].notna().sum() >= 3 and table[code].max() - table[code].min() < tolerance]


# --- The regional comparison ---------------------------------------------------------------------------

def regional_comparison(countries, start_year: int, end_year: int) -> pd.DataFrame:
    """One row per country: the latest value of each water and power measure, with its year.

    Columns: internal resources (bcm), withdrawals (bcm), withdrawals % of internal (from WDI, not
    recomputed), the year of those, the last year with a NEW withdrawal figure, withdrawals and
    internal resources per person (m³), irrigated % of agricultural land and year, agriculture %
    of GDP and year, hydro % of electricity, year and dataset, Ember's carbon intensity of power and year.
    """
    codes = _codes(countries)
    internal = internal_resources(codes, start_year, end_year)
    withdrawn = data.years_table(WITHDRAWALS, codes, start_year, end_year)
    ratio = data.years_table(WITHDRAWALS_SHARE, codes, start_year, end_year)
    per_person = withdrawals_per_person(codes, start_year, end_year)
    internal_pp = data.years_table(INTERNAL_PER_PERSON, codes, start_year, end_year)
    irrigated = data.years_table(IRRIGATED, codes, start_year, end_year)
    agriculture = data.years_table(AGRICULTURE, codes, start_year, end_year)
    withdrawn_status = fill_status_window(WITHDRAWALS, codes, start_year, end_year)
    hydro, sources = hydro_shares(codes, start_year, end_year)
    intensity = data.years_table(EMBER, codes, start_year, end_year, EMBER_INTENSITY)
    rows = []
    for code in codes:
        w_year, w = metrics.latest(withdrawn[code])
        new = labelled(withdrawn_status[code])
        irr_year, irr = metrics.latest(irrigated[code])
        agr_year, agr = metrics.latest(agriculture[code])
        hyd_year, hyd = metrics.latest(hydro[code])
        rows.append({
            "country": code,
            "internal resources (bcm)": metrics.latest(internal[code])[1],
            "withdrawals (bcm)": w,
            "withdrawals, % of internal": metrics.latest(ratio[code])[1],
            "water year": w_year,
            "last new withdrawal figure": new[-1] if new else None,
            "withdrawals per person (m³)": metrics.latest(per_person[code])[1],
            "internal resources per person (m³)": metrics.latest(internal_pp[code])[1],
            "irrigated, % of agricultural land": irr,
            "irrigation year": irr_year,
            "agriculture, % of GDP": agr,
            "agriculture year": agr_year,
            "hydro, % of electricity": 100 * hyd,
            "hydro year": hyd_year,
            "hydro source": sources[code],
            "power CO2 intensity (g/kWh)": metrics.latest(intensity[code])[1],
            "intensity year": metrics.latest(intensity[code])[0],
        })
    return pd.DataFrame(rows).set_index("country")


def largest_jump(series: pd.Series) -> tuple[int | None, float, float]:
    """(year, value the year before, value) of the largest relative change between consecutive years.

    (None, nan, nan) when no two consecutive years are reported. Used to point at breaks in a
    series (a revision of the statistics) that a reader should not take for real change.
    """
    best, found = 0.0, (None, math.nan, math.nan)
    for year, value in series.dropna().items():
        before = series.get(year - 1, math.nan)
        if before == before and before != 0:
            change = abs(value / before - 1)
            if change > best:
                best, found = change, (int(year), float(before), float(value))
    return found


def coverage_table(countries, start_year: int, end_year: int) -> pd.DataFrame:
    """Per country, what each series really holds: years with new figures, last years, the hydro source."""
    codes = _codes(countries)
    withdrawn = coverage(data.years_table(WITHDRAWALS, codes, start_year, end_year),
                         fill_status_window(WITHDRAWALS, codes, start_year, end_year))
    irrigated = coverage(data.years_table(IRRIGATED, codes, start_year, end_year),
                         fill_status_window(IRRIGATED, codes, start_year, end_year))
    hydro, sources = hydro_shares(codes, start_year, end_year)
    demand = data.years_table(EMBER, codes, start_year, end_year, EMBER_DEMAND)
    irrigated_values = data.years_table(IRRIGATED, codes, start_year, end_year)
    rows = []
    for code in codes:
        w, i = withdrawn.loc[code], irrigated.loc[code]
        present = hydro[code].dropna()
        repeats = pd.notna(w["last new value"]) and w["last new value"] < w["last year"]
        rows.append({
            "country": name(code),
            "withdrawals: years with a new figure": year_ranges(w["new values"], ", ") or "none",
            "withdrawals: later years repeat": f"{int(w['last new value'])}'s figure" if repeats else "–",
            "irrigated land: years reported": year_ranges(table_years(irrigated_values[code]), ", ") or "none",
            "irrigated land: new figures": year_ranges(i["new values"], ", ") or "none",
            "hydro share: source": HYDRO_SOURCE_LABEL[sources[code]],
            "hydro share: years": year_ranges(table_years(present), ", ") or "none",
            "Ember: last year": int(demand[code].dropna().index.max()) if demand[code].notna().any() else "none",
        })
    return pd.DataFrame(rows)


def table_years(series: pd.Series) -> list[int]:
    """Years with a value."""
    return [int(y) for y in series.dropna().index]


# --- Drawing ----------------------------------------------------------------------------------------

def plot_points(ax, table: pd.DataFrame, status: pd.DataFrame | None = None, focus: str | None = None,
                unit: str = "", colours: dict[str, str] | None = None) -> list:
    """One colour per column, one marker per reported year, no line between years.

    With ``status`` (from :func:`fill_status_table`) NEW years get filled markers and REPEATED or
    INTERPOLATED years hollow ones. Missing years get nothing. The focus column is drawn larger and
    on top. Returns legend handles for the two marker kinds (empty without ``status``).
    """
    from matplotlib.lines import Line2D

    from helpers import plots

    for i, code in enumerate(table.columns):
        series = table[code]
        if series.notna().sum() == 0:
            continue
        colour = (colours or {}).get(code, plots.colour(code, i))
        size, order = (7, 4) if code == focus else (4.5, 3)
        labels = status[code] if status is not None else pd.Series(NEW, index=series.index)
        filled = series.where(labels == NEW)
        hollow = series.where(labels.isin([REPEATED, INTERPOLATED]))
        ax.plot(filled.index, filled.values, linestyle="none", marker="o", markersize=size, color=colour,
                label=name(code), zorder=order)
        ax.plot(hollow.index, hollow.values, linestyle="none", marker="o", markersize=size, color=colour,
                markerfacecolor="white", zorder=order)
    if unit:
        ax.set_ylabel(unit)
    ax.set_xlabel("Year")
    ax.xaxis.get_major_locator().set_params(integer=True)
    if status is None:
        return []
    return [Line2D([0], [0], linestyle="none", marker="o", color="#555555", label="new figure in the source"),
            Line2D([0], [0], linestyle="none", marker="o", color="#555555", markerfacecolor="white",
                   label="year filled in by WDI (repeated or interpolated)")]


def regional_rank(values: pd.Series, code: str) -> str:
    """'the highest in Central Asia', 'the lowest ...' or 'the 3rd highest of 5 ...' (NaN values not ranked)."""
    place, of = metrics.rank_of(values, code)
    if place is None:
        return "not ranked (no value)"
    return f"{text.rank_phrase(place, of)}{'' if place in (1, of) else f' of {of}'} in Central Asia"
