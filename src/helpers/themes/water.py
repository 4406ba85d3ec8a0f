"""Tables behind the water notebook: national water totals, irrigation, and hydropower upstream.

What each source holds, and the rule used here for it:

* **WDI water series, from FAO AQUASTAT** (``wdi_freshwater_withdrawals``,
  ``wdi_freshwater_withdrawals_share``, ``wdi_renewable_freshwater_per_capita``,
  ``wdi_irrigated_land_share``). AQUASTAT publishes a country's figure every few years. The WDI
  file has a value for (almost) every year, but fills the years in between by repeating the last
  figure or by drawing a straight line between two figures, and does not flag which years are
  which. :func:`fill_status` tells them apart from the numbers themselves; figures draw filled
  markers for new values and hollow ones for filled-in years (:func:`plot_points`), never a line.
* **The latest figure is the last new one.** :func:`regional_comparison` takes withdrawals and
  irrigated land at the last year :func:`fill_status` labels NEW, with that year, and divides
  withdrawals by the population of the same year; the last year of the file is kept alongside
  ("in the file to"). States' years then differ, and the report says so. One-year steps larger
  than ``JUMP_FACTOR`` times the typical change (:func:`typical_change`, :func:`jumps`) are named as
  possible breaks in the series.
* **Internal renewable freshwater** is one long-term average volume per country. WDI divides it by
  each year's population for the per-person series; :func:`internal_resources` multiplies back with
  ``wdi_population`` to recover the volume, so the per-person decline is population growth only.
* **Withdrawals as % of internal resources** can exceed 100%: internal resources count only water
  that rises inside the country (rain, rivers, groundwater recharge), not rivers flowing in.
* **Hydro share of electricity** (:func:`hydro_shares`): from the Energy Institute Review (hydro
  / total generation, via :func:`helpers.themes.energy.electricity_mix`) where the EI lists the country
  (Kazakhstan, Uzbekistan, Turkmenistan); otherwise from the WDI renewable electricity output share
  (to 2021), which for Kyrgyzstan and Tajikistan is hydro in practice. The EI puts those two in its
  'Other CIS' group (:func:`ei_other_cis_members`). Ember's overview table has no generation by fuel,
  so it gives demand and the carbon intensity of power for all five, not hydro.
"""

from __future__ import annotations

import decimal
import math

import pandas as pd

from helpers import data
from helpers.present import text
from helpers.themes import energy, metrics
from helpers.data.countries import name
from helpers.present.text import year_ranges
from helpers.data.sources import ei

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

# Where each state sits on the two main rivers: general geography for the narrative, labelled as such in the
# report. No number depends on it and no dataset here states it, so it names no tributary, dam or share of flow.
BASIN_POSITION = {
    "KGZ": "upstream, in the mountains where rivers of the Syr Darya basin rise",
    "TJK": "upstream, in the mountains where rivers of the Amu Darya basin rise",
    "UZB": "downstream on both the Syr Darya and the Amu Darya",
    "TKM": "downstream on the Amu Darya",
    "KAZ": "downstream on the Syr Darya in the south, with other rivers reaching it from China",
}
UPSTREAM = ("KGZ", "TJK")
HYDRO_SOURCE_LABEL = {EI: "EI hydro share", RENEWABLE_POWER: "World Bank renewable share"}

NEW, REPEATED, INTERPOLATED = "new value", "repeated", "interpolated"

# A one-year change in withdrawals is flagged as a possible break (revision, change of method) when it exceeds
# JUMP_FACTOR times the typical change: the median absolute change between two consecutive years that both carry
# a new figure, pooled over the five states (:func:`typical_change`). That median is about 5% a year (39 pairs,
# most of them Kazakhstan's yearly figures), so the line falls near 10%: Uzbekistan's 2021 step (-15%) and
# Tajikistan's 2016 and 2018 steps (-16%, +22%) are above it.
JUMP_FACTOR = 2


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


def last_new(series: pd.Series, status: pd.Series) -> tuple[int | None, float]:
    """(year, value) of the last year labelled NEW that has a value; (None, nan) when there is none."""
    new = [y for y in labelled(status) if pd.notna(series.get(y, math.nan))]
    return (new[-1], float(series[new[-1]])) if new else (None, math.nan)


def state_years(years: pd.Series) -> str:
    """'all for 2022' when every state has the same year, else 'Kazakhstan 2022, ... and Turkmenistan 2020'."""
    present = years.dropna()
    if present.nunique() == 1:
        return f"all for {int(present.iloc[0])}"
    return text.listing(f"{name(code)} {int(year)}" for code, year in present.items())


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
    """One row per country: each water and power measure at its last reliable year, with that year.

    Withdrawals, their share of internal resources and irrigated land are taken at the **last year
    with a NEW figure** (:func:`fill_status`, labels from the whole series), not at the last year of
    the file, which the World Bank often fills by repeating an old figure; "in the file to" is that
    last year. Withdrawals per person divide the figure by the population of its own year. Columns:
    internal resources (bcm), withdrawals (bcm), withdrawals % of internal (from WDI, not recomputed),
    withdrawal year, withdrawals in the file to, withdrawals per person (m³), internal resources per
    person (m³) and its year, irrigated % of agricultural land, irrigation year, irrigated in the file to,
    agriculture % of GDP and year, hydro % of electricity, year and dataset, Ember's carbon intensity of
    power and year.
    """
    codes = _codes(countries)
    internal = internal_resources(codes, start_year, end_year)
    withdrawn = data.years_table(WITHDRAWALS, codes, start_year, end_year)
    ratio = data.years_table(WITHDRAWALS_SHARE, codes, start_year, end_year)
    population = data.years_table(POPULATION, codes, start_year, end_year)
    internal_pp = data.years_table(INTERNAL_PER_PERSON, codes, start_year, end_year)
    irrigated = data.years_table(IRRIGATED, codes, start_year, end_year)
    agriculture = data.years_table(AGRICULTURE, codes, start_year, end_year)
    withdrawn_status = fill_status_window(WITHDRAWALS, codes, start_year, end_year)
    irrigated_status = fill_status_window(IRRIGATED, codes, start_year, end_year)
    hydro, sources = hydro_shares(codes, start_year, end_year)
    intensity = data.years_table(EMBER, codes, start_year, end_year, EMBER_INTENSITY)
    rows = []
    for code in codes:
        w_year, w = last_new(withdrawn[code], withdrawn_status[code])
        irr_year, irr = last_new(irrigated[code], irrigated_status[code])
        ipp_year, ipp = metrics.latest(internal_pp[code])
        agr_year, agr = metrics.latest(agriculture[code])
        hyd_year, hyd = metrics.latest(hydro[code])
        rows.append({
            "country": code,
            "internal resources (bcm)": metrics.latest(internal[code])[1],
            "withdrawals (bcm)": w,
            "withdrawals, % of internal": metrics.value_in(ratio[code], w_year) if w_year else math.nan,
            "withdrawal year": w_year,
            "withdrawals in the file to": metrics.latest(withdrawn[code])[0],
            "withdrawals per person (m³)": (per_person_from_total(w, metrics.value_in(population[code], w_year))
                                            if w_year else math.nan),
            "internal resources per person (m³)": ipp,
            "internal per person year": ipp_year,
            "irrigated, % of agricultural land": irr,
            "irrigation year": irr_year,
            "irrigated in the file to": metrics.latest(irrigated[code])[0],
            "agriculture, % of GDP": agr,
            "agriculture year": agr_year,
            "hydro, % of electricity": 100 * hyd,
            "hydro year": hyd_year,
            "hydro source": sources[code],
            "power CO2 intensity (g/kWh)": metrics.latest(intensity[code])[1],
            "intensity year": metrics.latest(intensity[code])[0],
        })
    return pd.DataFrame(rows).set_index("country")


def range_end(values: pd.Series, years: pd.Series, high: bool, digits: int = 1, unit: str = "%") -> str:
    """One end of a regional range as a sentence shows it, naming every state that rounds to the same number.

    '0.8% (Kazakhstan, 2021)'; when two states round to the shown value, both are named with enough
    decimals to tell them apart: '14.6% (Tajikistan 14.65% and Uzbekistan 14.58%, both 2023)'.
    """
    present = values.dropna()
    if present.empty:
        return "n/a"
    end = present.max() if high else present.min()
    shown = text.num(end, digits)
    tied = present[[text.num(v, digits) == shown for v in present]].sort_values(ascending=not high)
    tied_years = [int(years[c]) for c in tied.index]
    when = (f"both {tied_years[0]}" if len(tied) == 2 else f"all {tied_years[0]}") if len(set(tied_years)) == 1 else ""
    if len(tied) == 1:
        return f"{shown}{unit} ({name(tied.index[0])}, {tied_years[0]})"
    extra = next((d for d in range(digits + 1, digits + 4)
                  if tied.map(lambda v: text.num(v, d)).nunique() == len(tied)), digits + 3)
    parts = [f"{name(c)} {text.num(v, extra)}{unit}" + ("" if when else f" in {y}")
             for (c, v), y in zip(tied.items(), tied_years)]
    return f"{shown}{unit} ({text.listing(parts)}" + (f", {when})" if when else ")")


def percent_text(fraction: float, digits: int = 1) -> str:
    """A share as a percentage, 'under 0.1%' when it is above zero but would round to 0.0%."""
    if fraction == fraction and 0 < 100 * fraction < 10 ** -digits:
        return f"under {text.num(10 ** -digits, digits)}%"
    return text.pct(fraction, digits)


def typical_change(table: pd.DataFrame, status: pd.DataFrame) -> float:
    """Median absolute relative change between two consecutive years that both carry a NEW figure, pooled
    over every column (NaN when there is no such pair)."""
    changes = []
    for code in table.columns:
        series = table[code]
        for year in labelled(status[code]):
            before = series.get(year - 1, math.nan)
            if status[code].get(year - 1) == NEW and before == before and before != 0:
                changes.append(abs(series[year] / before - 1))
    return float(pd.Series(changes, dtype=float).median()) if changes else math.nan


def jumps(series: pd.Series, status: pd.Series, threshold: float) -> list[tuple[int, float, float]]:
    """(year, value the year before, value) for every NEW year that changes by more than ``threshold``
    (relative) from the year before.

    Filled-in years are skipped (a repeat or a straight line cannot jump), and so is a NEW year that ends
    a straight line: its step is the line's slope, a change spread over the filled-in years, not one year's.
    """
    found = []
    for year in labelled(status):
        before, value = series.get(year - 1, math.nan), series.get(year, math.nan)
        if status.get(year - 1) == INTERPOLATED:
            continue
        if before == before and value == value and before != 0 and abs(value / before - 1) > threshold:
            found.append((int(year), float(before), float(value)))
    return found


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

    from helpers.present import plots

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
