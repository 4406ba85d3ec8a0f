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

The notebook reads one :class:`View` (focus, comparison, years, the regional comparison) and, per
section, a tidy table (``resources``, ``withdrawal_shares``, ``withdrawals``, ...; dot series carry
their :func:`fill_status` label in a ``status`` column), a ``*_figure`` drawn from that table (None
when there is nothing to draw) and ``*_text`` sentences that say missing figures in words.
:func:`headlines` gives the numbers other pages quote, each at its last new AQUASTAT figure;
:data:`UPSTREAM`, :data:`DOWNSTREAM` and :func:`basin_group` are the river geography they group by.
"""

from __future__ import annotations

import decimal
import math
from dataclasses import dataclass

import pandas as pd

from helpers import data
from helpers.present import figures, text
from helpers.themes import energy, findings, metrics
from helpers.data.countries import CENTRAL_ASIA, name, names
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
    if present.empty:
        return "no state has a figure"
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
        return findings.NOT_REPORTED
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


# --- The notebook, section by section -----------------------------------------------------------------

THEME = "water"
DOWNSTREAM = tuple(code for code in BASIN_POSITION if code not in UPSTREAM)
REGION = CENTRAL_ASIA                                   # the regional comparison: always the five
USED = (WITHDRAWALS, WITHDRAWALS_SHARE, INTERNAL_PER_PERSON, IRRIGATED, POPULATION, AGRICULTURE, EI,
        RENEWABLE_POWER, EMBER)
BCM = "billion m³ a year"


def basin_group(country: str) -> str:
    """'upstream' (Kyrgyzstan, Tajikistan: where the Syr Darya and Amu Darya rise) or 'downstream'."""
    return "upstream" if country in UPSTREAM else "downstream"


@dataclass(frozen=True)
class View:
    """What every section of the notebook reads: the focus, its comparison, the years, the regional table."""

    country: str
    comparison: list[str]      # the focus first, then its peers
    start_year: int
    end_year: int
    region: pd.DataFrame       # :func:`regional_comparison` of the five states, whatever the peers
    table: pd.DataFrame        # the same for the comparison

    @property
    def name(self) -> str:
        return name(self.country)

    @property
    def peers(self) -> list[str]:
        return self.comparison[1:]

    @property
    def mine(self) -> pd.Series:
        return self.region.loc[self.country]

    @property
    def comparison_names(self) -> str:
        return names(self.comparison)

    @property
    def span(self) -> str:
        """'2024' for a one-year range, else '1992-2025' (as alt text writes it)."""
        return str(self.end_year) if self.start_year == self.end_year else f"{self.start_year}-{self.end_year}"

    @property
    def period(self) -> str:
        """'2024' for a one-year range, else '1992–2025'."""
        return str(self.end_year) if self.start_year == self.end_year else f"{self.start_year}–{self.end_year}"


def view(country: str, comparison, start_year: int, end_year: int) -> View:
    codes = list(comparison)
    region = regional_comparison(REGION, start_year, end_year)
    table = region.loc[codes] if set(codes) <= set(REGION) else regional_comparison(codes, start_year, end_year)
    return View(country, codes, start_year, end_year, region, table)


def _year(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def no_new_figure(what: str, v: View) -> str:
    """The sentence for a series AQUASTAT sent no new figure for in the years shown."""
    return (f"The World Bank has no new {what} figure for {v.name} in {v.period}: AQUASTAT receives one only every "
            "few years, and no year in this range carries one.")


def _with_status(table: pd.DataFrame, status: pd.DataFrame, series: str, unit: str) -> pd.DataFrame:
    """Tidy rows of a year x country table, with each row's :func:`fill_status` label in ``status``."""
    out = figures.tidy(table, series, unit)
    out["status"] = [status.at[y, c] if y in status.index and c in status.columns else math.nan
                     for y, c in zip(out["year"], out["country"])]
    return out


def _status_wide(data_: pd.DataFrame, series: str) -> pd.DataFrame:
    rows = data_[data_["series"] == series]
    order = list(dict.fromkeys(rows["country"]))
    return rows.pivot(index="year", columns="country", values="status").reindex(columns=order)


def _dots_panel(ax, data_: pd.DataFrame, series: str, focus: str):
    return plot_points(ax, figures.wide(data_, series), _status_wide(data_, series), focus=focus,
                       unit=_unit_of(data_, series))


def _unit_of(data_: pd.DataFrame, series: str) -> str:
    units = data_.loc[data_["series"] == series, "unit"]
    return str(units.iloc[0]) if len(units) else ""


def intro_text(v: View) -> str:
    return f"""# Water: where Central Asia's rivers rise, where they are used, and where {v.name} stands

**The question.** How much water does {v.name} withdraw, against how much rises inside its own borders? How much of its
farmland is irrigated, how much of the region's electricity comes from the rivers, and what can national totals not
show? *Background (general geography, not a finding of these data):* the region's two main rivers, the Syr Darya and
the Amu Darya, flow from the mountains of Kyrgyzstan and Tajikistan down to Uzbekistan, Turkmenistan and southern
Kazakhstan. {v.name} is {BASIN_POSITION[v.country]}. Years {v.period}; compared with {names(v.peers)}."""


# section 1: internal water against withdrawals

INTERNAL_SERIES = "Internal renewable freshwater (long-term average)"
WITHDRAWN_SERIES = "Freshwater withdrawals (last new figure)"


def resources(v: View) -> pd.DataFrame:
    """Tidy: per compared state, internal water (its year) and the last new withdrawal figure (its year)."""
    rows = []
    for code in v.table.index:
        r = v.table.loc[code]
        rows.append({"country": code, "year": _year(r["internal per person year"]), "series": INTERNAL_SERIES,
                     "value": r["internal resources (bcm)"], "unit": BCM, "status": "long-term average"})
        rows.append({"country": code, "year": _year(r["withdrawal year"]), "series": WITHDRAWN_SERIES,
                     "value": r["withdrawals (bcm)"], "unit": BCM,
                     "status": NEW if pd.notna(r["withdrawals (bcm)"]) else math.nan,
                     "withdrawals, % of internal": r["withdrawals, % of internal"]})
    out = pd.DataFrame(rows)
    out["year"] = pd.array(out["year"], dtype="Int64")
    return out


def resources_title(v: View) -> str:
    mine = v.mine
    w_year, w_through = _year(mine["withdrawal year"]), _year(mine["withdrawals in the file to"])
    if w_year is None:
        return f"No new withdrawal figure for {v.name} in {v.period}"
    ratio = mine["withdrawals, % of internal"] / 100
    when = f"in {w_year}" + (", its last new figure" if w_through > w_year else "")
    return (f"{v.name} withdrew {text.num(ratio, 1)} times the water that rises within its borders {when}" if ratio > 1
            else f"{v.name} withdrew {text.pct(ratio)} of the water that rises within its borders {when}")


def resources_figure(rows: pd.DataFrame, v: View) -> figures.Figure | None:
    """Paired bars per state: internal water and withdrawals, each withdrawal labelled with its year."""
    from helpers.present import plots

    if rows["value"].isna().all():
        return None
    values = rows.pivot(index="country", columns="series", values="value").reindex(v.table.index)
    years = rows.pivot(index="country", columns="series", values="year").reindex(v.table.index)
    fig, ax = plots.new_figure(figsize=(8.5, 4.4))
    places = range(len(values))
    for offset, series, colour in ((-0.2, INTERNAL_SERIES, "#8fbcdb"), (0.2, WITHDRAWN_SERIES, "#1f4e79")):
        ax.barh([p + offset for p in places], values[series], height=0.4, color=colour, label=series)
        for p, code in enumerate(values.index):
            value = values.loc[code, series]
            shown = f" {text.num(value, 1)}" + (f" ({years.loc[code, series]})" if series == WITHDRAWN_SERIES else "")
            ax.text(value if value == value else 0, p + offset, shown if value == value else "  not reported",
                    va="center", fontsize=8, color="#333333")
    ax.set_yticks(list(places), [name(c) for c in values.index])
    ax.invert_yaxis()
    ax.set_xlabel(BCM)
    ax.grid(axis="y", visible=False)
    ax.set_xlim(right=values.max().max() * 1.25)
    ax.legend(loc="lower right", fontsize=8)
    withdrawn = rows[rows["series"] == WITHDRAWN_SERIES].set_index("country")

    def state(c):
        if pd.isna(values.loc[c, WITHDRAWN_SERIES]):
            return f"{name(c)}: internal {text.num(values.loc[c, INTERNAL_SERIES], 1)}, no new withdrawal figure"
        return (f"{name(c)}: internal {text.num(values.loc[c, INTERNAL_SERIES], 1)}, withdrawals "
                f"{text.num(values.loc[c, WITHDRAWN_SERIES], 1)} in {years.loc[c, WITHDRAWN_SERIES]} "
                f"({text.num(withdrawn.loc[c, 'withdrawals, % of internal'], 0)}%)")

    alt = (f"Horizontal bar chart comparing, for {v.comparison_names}, the internal renewable freshwater that rises in "
           f"each country with its freshwater withdrawals, in billion cubic metres a year. "
           + "; ".join(state(c) for c in values.index)
           + "; withdrawals are each state's last new figure, not the last year of the file, so the years differ.")
    return figures.Figure(
        "water-resources-withdrawals", fig, rows, resources_title(v), alt,
        (INTERNAL_PER_PERSON, POPULATION, WITHDRAWALS, WITHDRAWALS_SHARE),
        note="Internal resources = World Bank per-person value × World Bank population. Withdrawals: each state's last new "
             "figure, in the year shown; they include water that flows in from upstream, internal resources do not.")


def resources_text(v: View) -> str:
    """The focus's last new withdrawal figure against its internal water, and the upstream states' part."""
    mine, region = v.mine, v.region
    w_year, w_through = _year(mine["withdrawal year"]), _year(mine["withdrawals in the file to"])
    if w_year is None:
        return no_new_figure("withdrawal", v)
    ratio = mine["withdrawals, % of internal"] / 100
    opening = (f"{v.name}'s last new withdrawal figure, for {w_year}, is **{text.num(mine['withdrawals (bcm)'], 1)} "
               f"billion m³** of freshwater"
               + (f" (the World Bank repeats it every year to {w_through})" if w_through > w_year else "")
               + f", **{text.num(100 * ratio, 0)}%** of the {text.num(mine['internal resources (bcm)'], 2)} billion m³ "
               "that rise within its borders in an average year. ")
    both = region[["internal resources (bcm)", "withdrawals (bcm)"]]
    if both.isna().any().any():
        return opening + (f"Not every state has a new withdrawal figure in {v.period}, so the upstream states' part of "
                          "the region's withdrawals is not given.")
    up = list(UPSTREAM)
    internal_share = metrics.shares(region["internal resources (bcm)"])
    withdrawal_share = metrics.shares(region["withdrawals (bcm)"])
    over = region[region["withdrawals, % of internal"] > 100]
    years = state_years(region["withdrawal year"])
    return (opening
            + f"Across the five states, **{text.pct(internal_share[up].sum())}** of the internal water rises in "
            f"Kyrgyzstan and Tajikistan ({text.num(region.loc[up, 'internal resources (bcm)'].sum(), 0)} of "
            f"{text.num(region['internal resources (bcm)'].sum(), 0)} billion m³), but they withdraw only "
            f"**{text.pct(withdrawal_share[up].sum())}** of the water the five take. "
            + (f"That share adds up figures from different years, each state's last new one ({years}). "
               if region["withdrawal year"].nunique() > 1 else f"That share compares figures for one year ({years}). ")
            + (text.listing(name(c) for c in over.index) + " withdraw more than rises within their borders: "
               + "; ".join(f"{name(c)} {text.num(share, 0)}% ({int(over.loc[c, 'withdrawal year'])})"
                           for c, share in over["withdrawals, % of internal"].items()) + "."
               if len(over) else ""))


def resources_geography_text(v: View) -> str:
    """What the ratio means where the focus sits on the rivers (general geography, labelled as such)."""
    mine = v.mine
    w_year = _year(mine["withdrawal year"])
    ratio = mine["withdrawals, % of internal"] / 100
    if w_year is None:
        return ""
    if ratio > 1:
        return (f"**How can {v.name} withdraw {text.num(100 * ratio, 0)}% of its internal water?** Internal resources "
                f"count only the water that rises inside the country, and {v.name} is {BASIN_POSITION[v.country]} "
                f"(general geography). At least **{text.num(mine['withdrawals (bcm)'] - mine['internal resources (bcm)'], 1)}"
                f" billion m³** of what it withdrew in {w_year} therefore came "
                "from beyond its own renewable water: from rivers flowing in from its neighbours, from water used again, or from "
                "groundwater that is not renewed (the World Bank's notes name the last two as reasons withdrawals can exceed "
                "renewable resources). These data do not say how much came from each, and the inflow itself is not in them.")
    if v.country in UPSTREAM:
        return (f"{v.name} withdrew {text.pct(ratio)} of the water that rises on its territory ({w_year}). How much of the "
                "rest flows on to its neighbours, and in which season, is not in these data (section 7 and 'What national "
                "totals cannot show').")
    return (f"The national share hides the geography: {v.name} is {BASIN_POSITION[v.country]} (general geography), so "
            "part of the water its farms use may have crossed a border first, while its internal resources are one "
            "national total, wherever in the country the water rises. A single national ratio shows neither.")


# section 2: withdrawals against internal resources, year by year

SHARE_SERIES = "Withdrawals, % of internal resources"


def withdrawal_shares(v: View) -> pd.DataFrame:
    """Tidy: the World Bank's withdrawals as % of internal resources, each year with its fill status."""
    table = data.years_table(WITHDRAWALS_SHARE, v.comparison, v.start_year, v.end_year)
    status = fill_status_window(WITHDRAWALS_SHARE, v.comparison, v.start_year, v.end_year)
    return _with_status(table, status, SHARE_SERIES, "% of internal renewable freshwater")


def _newest(rows: pd.DataFrame, series: str) -> tuple[dict, dict, dict]:
    """Per country: (year, value) of its last new figure, its last year with a value, and its NEW years."""
    table, status = figures.wide(rows, series), _status_wide(rows, series)
    newest = {c: last_new(table[c], status[c]) for c in table.columns}
    through = {c: metrics.latest(table[c])[0] for c in table.columns}
    new_years = {c: labelled(status[c]) for c in table.columns}
    return newest, through, new_years


def _stale(newest: dict, through: dict) -> dict:
    """Countries whose last new figure is older than their last year in the file, with that figure's year."""
    return {c: y for c, (y, _) in newest.items() if y is not None and y < through[c]}


def withdrawal_share_figure(rows: pd.DataFrame, v: View) -> figures.Figure | None:
    """Dots on a log scale, filled for new figures, with the line where withdrawals equal internal resources."""
    from helpers.present import plots

    newest, through, new_years = _newest(rows, SHARE_SERIES)
    s_year, s_now = newest[v.country]
    if s_year is None:
        return None
    stale = _stale(newest, through)
    fig, ax = plots.new_figure(figsize=(8.5, 4.6))
    kinds = _dots_panel(ax, rows, SHARE_SERIES, v.country)
    ax.set_ylabel(f"{_unit_of(rows, SHARE_SERIES)} (log scale)")
    ax.set_yscale("log")
    ax.axhline(100, color="#333333", linewidth=0.9, linestyle="--")
    ax.text(v.start_year, 100, " withdrawals = internal resources", va="bottom", fontsize=8, color="#333333")
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles + kinds, labels + [k.get_label() for k in kinds], loc="upper left", bbox_to_anchor=(1.01, 1),
              fontsize=8)
    repeated = v.country in stale
    title = (f"{v.name}'s withdrawals were {text.num(s_now, 0)}% of its internal water in {s_year}"
             + (f", its last new figure; every year to {through[v.country]} repeats it" if repeated else ""))

    def peer(c):
        year, value = newest[c]
        if year is None:
            return f"{name(c)}: no new figure."
        return f"{name(c)}: {text.num(value, 0)}% in {year}" + (f" (repeated to {through[c]})" if c in stale else "") + "."

    alt = (f"Dot chart on a log scale of freshwater withdrawals as a percentage of internal renewable resources, "
           f"{v.span}, for {v.comparison_names}, with a dashed line at 100%. "
           f"{v.name}: {text.num(s_now, 0)}% in {s_year}"
           + (f" (its last new figure, repeated to {through[v.country]})" if repeated else "")
           + f"; new figures in {year_ranges(new_years[v.country])}. " + " ".join(peer(c) for c in v.peers))
    return figures.Figure("withdrawals-share-of-internal", fig, rows, title, alt, (WITHDRAWALS_SHARE,),
                          note="Filled dots: a new figure; hollow dots: a year the World Bank repeated or interpolated. "
                               "Log scale.")


def withdrawal_share_text(rows: pd.DataFrame, v: View) -> str:
    """How many of the file's years carry a new figure, and whose figures have not changed since."""
    newest, through, new_years = _newest(rows, SHARE_SERIES)
    present = figures.wide(rows, SHARE_SERIES)[v.country].dropna()
    if present.empty:
        return (f"The World Bank file has no value for {v.name}'s withdrawals as a share of internal resources in "
                f"{v.period}.")
    mine = new_years[v.country]
    span = f"{int(present.index.min())}–{int(present.index.max())}" if len(present) > 1 else str(int(present.index[0]))
    years = f"{len(present)} {'year' if len(present) == 1 else 'years'} ({span})"
    if not mine:
        return (f"The file has a value for {v.name} in {years}, but none of them carries a new figure: each repeats or "
                "interpolates an earlier AQUASTAT figure, which is not a measurement of that year.")
    stale = _stale(newest, through)
    opening = (f"The file has a value for {v.name} in {years}, but only **{len(mine)}** of them carry a new figure "
               f"({year_ranges(mine)}); the other {len(present) - len(mine)} repeat or interpolate. "
               if len(mine) < len(present) else
               f"The file has a value for {v.name} in {years}, {'a' if len(mine) == 1 else 'each a'} new figure. ")
    return (opening
            + ("Figures that have not changed since: " + "; ".join(f"{name(c)} since {y}" for c, y in stale.items())
               + ". A repeated figure is the last one AQUASTAT received, not a measurement of that year. This report "
               "quotes each state's last new figure with its own year." if stale else
               "Every state compared has a new figure in its latest year."))


# section 3: withdrawals in total and per person

VOLUME_SERIES = "Freshwater withdrawals"
PER_PERSON_SERIES = "Withdrawals per person"


def withdrawals(v: View) -> pd.DataFrame:
    """Tidy: withdrawals (billion m³) and per person (m³), both carrying the withdrawal figure's fill status."""
    volume = data.years_table(WITHDRAWALS, v.comparison, v.start_year, v.end_year)
    status = fill_status_window(WITHDRAWALS, v.comparison, v.start_year, v.end_year)
    per_person = withdrawals_per_person(v.comparison, v.start_year, v.end_year)
    return pd.concat([_with_status(volume, status, VOLUME_SERIES, BCM),
                      _with_status(per_person, status, PER_PERSON_SERIES, "m³ per person a year")], ignore_index=True)


def _rank(v: View) -> str:
    return regional_rank(v.region["withdrawals per person (m³)"], v.country)


def withdrawals_figure(rows: pd.DataFrame, v: View) -> figures.Figure | None:
    """Two dot panels, withdrawals and withdrawals per person, hollow where the World Bank filled in."""
    from helpers.present import plots

    mine = v.mine
    w_year, w_through = _year(mine["withdrawal year"]), _year(mine["withdrawals in the file to"])
    if w_year is None:
        return None
    w_now, p_now = mine["withdrawals (bcm)"], mine["withdrawals per person (m³)"]
    fig, axes = plots.new_figure(1, 2, figsize=(11, 4.0))
    kinds = _dots_panel(axes[0], rows, VOLUME_SERIES, v.country)
    _dots_panel(axes[1], rows, PER_PERSON_SERIES, v.country)
    for ax, series in zip(axes, (VOLUME_SERIES, PER_PERSON_SERIES)):
        ax.set_title(series)
        ax.set_ylim(bottom=0)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles + kinds, labels + [k.get_label() for k in kinds], loc="outside right center", fontsize=8)
    repeated = w_through > w_year
    title = (f"{v.name} withdrew {text.num(w_now, 1)} billion m³ in {w_year}" + (", its last new figure" if repeated else "")
             + f", {text.num(p_now, 0)} m³ per person: {_rank(v)}"
             + (", each state at its last new figure" if v.region["withdrawal year"].nunique() > 1 else ""))

    def peer(c):
        year = _year(v.table.loc[c, "withdrawal year"])
        if year is None:
            return f"{name(c)}: no new figure."
        return f"{name(c)}: {text.num(v.table.loc[c, 'withdrawals per person (m³)'], 0)} m3 per person in {year}."

    alt = (f"Two dot charts, {v.span}, for {v.comparison_names}: freshwater withdrawals in billion "
           f"cubic metres and withdrawals per person in cubic metres. {v.name}: {text.num(w_now, 1)} billion m3 and "
           f"{text.num(p_now, 0)} m3 per person in {w_year}"
           + (f" (its last new figure, repeated to {w_through})" if repeated else "") + ". "
           + " ".join(peer(c) for c in v.peers))
    return figures.Figure("withdrawals-total-and-per-person", fig, rows, title, alt, (WITHDRAWALS, POPULATION),
                          note="Per person = withdrawals / population of the same year (both World Bank). Hollow dots: "
                               "years the World Bank filled in. Ranks compare each state's last new figure.")


def withdrawals_text(rows: pd.DataFrame, v: View) -> str:
    """Withdrawals from the first year to the last new figure, the peak, and per person against the region."""
    mine, region = v.mine, v.region
    w_year, w_through = _year(mine["withdrawal year"]), _year(mine["withdrawals in the file to"])
    if w_year is None:
        return no_new_figure("withdrawal", v)
    volume = figures.wide(rows, VOLUME_SERIES)[v.country]
    w_now, p_now = mine["withdrawals (bcm)"], mine["withdrawals per person (m³)"]
    first_year = int(volume.first_valid_index())
    first_value = metrics.value_in(volume, first_year)
    peak_year = int(volume.idxmax())
    repeated = w_through > w_year
    years = state_years(region["withdrawal year"])
    per_person = region["withdrawals per person (m³)"]
    if first_year == w_year:
        opening = f"{v.name} withdrew **{text.num(w_now, 1)} billion m³** in {w_year}"
    else:
        opening = (f"{v.name}'s withdrawals went from {text.num(first_value, 1)} billion m³ in {first_year} to "
                   f"**{text.num(w_now, 1)} billion m³** in {w_year} ({text.signed_pct(w_now / first_value - 1, 0)})")
    return (opening
            + (f", its last new figure; the World Bank repeats it every year to {w_through}. " if repeated else ". ")
            + (f"The highest value in the file is {text.num(volume.max(), 1)} billion m³, in {peak_year}. "
               if peak_year not in (first_year, w_year) else "")
            + f"Divided by the population of {w_year}, the {w_year} figure is **{text.num(p_now, 0)} m³** per person a "
            f"year, {_rank(v)} "
            f"(range {text.num(per_person.min(), 0)}–{text.num(per_person.max(), 0)} m³; "
            + ("each state's last new figure, " + years + ", divided by the population of the same year)."
               if region["withdrawal year"].nunique() > 1 else f"{years})."))


def withdrawal_breaks_text(rows: pd.DataFrame, v: View) -> str:
    """One-year steps in the focus's withdrawals far above the typical change ('' when there are none)."""
    w_year = _year(v.mine["withdrawal year"])
    volume = figures.wide(rows, VOLUME_SERIES)[v.country]
    if w_year is None or volume.dropna().empty:
        return ""
    region_volume = data.years_table(WITHDRAWALS, list(REGION), v.start_year, v.end_year)
    typical = typical_change(region_volume, fill_status_window(WITHDRAWALS, list(REGION), v.start_year, v.end_year))
    breaks = jumps(volume, _status_wide(rows, VOLUME_SERIES)[v.country], JUMP_FACTOR * typical)
    if not breaks:
        return ""
    first_year = int(volume.first_valid_index())
    one = len(breaks) == 1
    factor = {2: "twice", 3: "three times"}.get(JUMP_FACTOR, f"{JUMP_FACTOR} times")
    steps = text.listing(f"from {text.num(b, 1)} billion m³ in {y - 1} to {text.num(a, 1)} billion m³ in {y} "
                         f"({text.signed_pct(a / b - 1, 0)})" for y, b, a in breaks)
    spans = [y for y, _, _ in breaks if first_year < y <= w_year]
    return (f"**{'A possible break' if one else 'Possible breaks'} in the series.** In {'one year' if one else 'single years'}, "
            f"{v.name}'s withdrawals go {steps}: {'more' if one else 'each more'} than {factor} the typical change between "
            f"two consecutive new figures in the five states' series (median {text.pct(typical, 1)}). A one-year change "
            "that large may reflect revised statistics or a change of method rather than a change in water use; the "
            "file does not say which"
            + (f", and the change since {first_year} includes {'it' if len(spans) == 1 else 'them'}." if spans else "."))


# section 4: water per person

INTERNAL_PP_SERIES = "Internal renewable freshwater per person"


def internal_per_person(v: View) -> pd.DataFrame:
    """Tidy: internal freshwater per person (m³), with the population and the volume (billion m³) behind it."""
    per_person = data.years_table(INTERNAL_PER_PERSON, v.comparison, v.start_year, v.end_year)
    population = data.years_table(POPULATION, v.comparison, v.start_year, v.end_year)
    out = figures.tidy(per_person, INTERNAL_PP_SERIES, "m³ per person a year")
    out["population"] = figures.tidy(population, "", "")["value"].to_numpy()
    out["internal resources (bcm)"] = total_from_per_person(out["value"], out["population"])
    return out


def _span(rows: pd.DataFrame, country: str) -> tuple[pd.Series, pd.Series]:
    mine = rows[(rows["country"] == country)].set_index("year")
    return mine["value"].dropna(), mine["population"]


def internal_per_person_figure(rows: pd.DataFrame, v: View) -> figures.Figure | None:
    """Lines on a log scale: water per person falls as fast as the population grows."""
    from helpers.present import charts

    series = _span(rows, v.country)[0]
    if series.empty:
        return None
    y0, y1 = int(series.index.min()), int(series.index.max())
    fig, axes = charts.lines(rows, focus=v.country, legend="none", figsize=(8.5, 4.4))
    ax = axes.flat[0]
    ax.set_ylabel(f"{_unit_of(rows, INTERNAL_PP_SERIES)} (log scale)")
    ax.set_yscale("log")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    table = figures.wide(rows, INTERNAL_PP_SERIES)
    alt = (f"Line chart on a log scale of internal renewable freshwater per person in cubic metres, "
           f"{f'{y0}-{y1}' if y0 < y1 else y1}, for "
           f"{v.comparison_names}. {v.name}: "
           + (f"{text.num(series[y0], 0)} in {y0}, {text.num(series[y1], 0)} in {y1}. " if y0 < y1
              else f"{text.num(series[y1], 0)} in {y1}. ")
           + " ".join(f"{name(c)}: {text.num(metrics.latest(table[c])[1], 0)}." for c in v.peers))
    return figures.Figure("water-per-person", fig, rows, internal_per_person_title(rows, v), alt,
                          (INTERNAL_PER_PERSON, POPULATION), note="Log scale.")


def internal_per_person_title(rows: pd.DataFrame, v: View) -> str:
    series, population = _span(rows, v.country)
    if series.empty:
        return f"The World Bank reports no internal freshwater per person for {v.name} in {v.period}"
    y0, y1 = int(series.index.min()), int(series.index.max())
    if y0 == y1:
        return f"Water per person in {v.name} was {text.num(series[y1], 0)} m³ in {y1}"
    growth = metrics.value_in(population, y1) / metrics.value_in(population, y0) - 1
    return (f"Water per person in {v.name} fell from {text.num(series[y0], 0)} to {text.num(series[y1], 0)} m³, "
            f"{y0}–{y1}: the water stayed the same, its population grew {text.pct(growth)}")


def internal_per_person_text(rows: pd.DataFrame, v: View) -> str:
    """The volume behind the per-person figure, why it falls, and the regional gap."""
    series, population = _span(rows, v.country)
    region = v.region
    if series.empty:
        return f"{internal_per_person_title(rows, v)}."
    y0, y1 = int(series.index.min()), int(series.index.max())
    internal = rows.pivot(index="year", columns="country", values="internal resources (bcm)")
    fixed = nearly_constant(internal, 0.01)
    volume = f"**{text.num(internal[v.country].dropna().iloc[-1], 2)} billion m³** a year"
    if y0 == y1:
        opening = f"Multiplied back by the World Bank's population, {v.name}'s internal water is {volume}. "
    else:
        growth = metrics.value_in(population, y1) / metrics.value_in(population, y0) - 1
        opening = (f"Multiplied back by the World Bank's population, {v.name}'s internal water is {volume}"
                   + (f", the same in every year from {y0} to {y1}" if v.country in fixed else "")
                   + f". The per-person figure fell by {text.pct(1 - series[y1] / series[y0])} because the population "
                   f"grew by {text.pct(growth)}; nothing in these data measures a change in the water itself. ")
    per_person = region["internal resources per person (m³)"]
    richest, poorest = per_person.idxmax(), per_person.idxmin()
    years = region["internal per person year"]
    return (opening
            + (f"In {int(years.iloc[0])}, " if years.nunique() == 1 else
               f"At each state's latest year ({state_years(years)}), ")
            + f"{name(richest)} had {text.num(per_person[richest], 0)} m³ per person and {name(poorest)} "
            f"{text.num(per_person[poorest], 0)} m³, a {text.num(per_person[richest] / per_person[poorest], 0)}-fold "
            "gap. Low downstream figures do not mean those states have that little water to use: they count none of "
            "the rivers that flow in.")


# section 5: irrigation and farming

IRRIGATED_SERIES = "Irrigated land"
AGRICULTURE_SERIES = "Agriculture, forestry and fishing, value added"


def irrigation(v: View) -> pd.DataFrame:
    """Tidy: irrigated share of agricultural land (with fill status) and agriculture's share of GDP."""
    irrigated = data.years_table(IRRIGATED, v.comparison, v.start_year, v.end_year)
    status = fill_status_window(IRRIGATED, v.comparison, v.start_year, v.end_year)
    agriculture = data.years_table(AGRICULTURE, v.comparison, v.start_year, v.end_year)
    return pd.concat([_with_status(irrigated, status, IRRIGATED_SERIES, "% of agricultural land"),
                      figures.tidy(agriculture, AGRICULTURE_SERIES, "% of GDP")], ignore_index=True)


def _irrigation_latest(rows: pd.DataFrame, country: str) -> tuple:
    """(last new irrigated year, value, last irrigated year in the file, agriculture year, value)."""
    irrigated = figures.wide(rows, IRRIGATED_SERIES)[country]
    i_year, i_now = last_new(irrigated, _status_wide(rows, IRRIGATED_SERIES)[country])
    a_year, a_now = metrics.latest(figures.wide(rows, AGRICULTURE_SERIES)[country])
    return i_year, i_now, metrics.latest(irrigated)[0], a_year, a_now


def _agriculture_clause(a_year, a_now, v: View, digits: int) -> str:
    if a_year is None:
        return f"the World Bank reports no agriculture share of GDP for it in {v.period}"
    return f"agriculture, forestry and fishing made {text.num(a_now, digits)}% of its GDP in {a_year}"


def irrigation_title(rows: pd.DataFrame, v: View) -> str:
    i_year, i_now, i_through, a_year, a_now = _irrigation_latest(rows, v.country)
    repeated = i_year is not None and i_through > i_year
    return ((f"{text.num(i_now, 1)}% of {v.name}'s agricultural land is irrigated ({i_year}"
             + (", the last new figure" if repeated else "") + "); "
             if i_year else f"The World Bank reports no new irrigated-land share for {v.name} in {v.period}; ")
            + _agriculture_clause(a_year, a_now, v, 0))


def irrigation_figure(rows: pd.DataFrame, v: View) -> figures.Figure | None:
    """Irrigated share as dots (hollow where filled in) beside agriculture's share of GDP as lines."""
    from helpers.present import plots

    if rows["value"].isna().all():
        return None
    i_year, i_now, i_through, a_year, a_now = _irrigation_latest(rows, v.country)
    fig, axes = plots.new_figure(1, 2, figsize=(11, 4.0))
    kinds = _dots_panel(axes[0], rows, IRRIGATED_SERIES, v.country)
    axes[0].set_title(IRRIGATED_SERIES)
    axes[0].set_ylim(bottom=0)
    plots.plot_lines(axes[1], figures.wide(rows, AGRICULTURE_SERIES), focus=v.country,
                     unit=_unit_of(rows, AGRICULTURE_SERIES))
    axes[1].set_title(AGRICULTURE_SERIES)
    axes[1].set_ylim(bottom=0)
    handles, labels = axes[1].get_legend_handles_labels()
    fig.legend(handles + kinds, labels + [k.get_label() for k in kinds], loc="outside right center", fontsize=8)
    irrigated = figures.wide(rows, IRRIGATED_SERIES)
    repeated = i_year is not None and i_through > i_year
    focus = (f"irrigated {text.num(i_now, 1)}% in {i_year}" if i_year is not None
             else f"no new irrigated-land figure in {v.period}")
    alt = (f"Two charts for {v.comparison_names}: left, dots of irrigated land as a percentage of agricultural land "
           f"({year_ranges(irrigated.dropna(how='all').index) or 'no years'}); right, lines of agriculture value added "
           f"as a percentage of GDP, {v.span}. {v.name}: {focus}"
           + (f" (its last new figure, repeated to {i_through})" if repeated else "")
           + (f"; agriculture {text.num(a_now, 1)}% of GDP in {a_year}." if a_year is not None
              else f"; no agriculture share of GDP in {v.period}."))
    return figures.Figure("irrigation-and-farming", fig, rows, irrigation_title(rows, v), alt, (IRRIGATED, AGRICULTURE),
                          note="Irrigated share: dots, hollow where the World Bank repeated or interpolated; years "
                               "without a value are blank.")


def irrigation_text(rows: pd.DataFrame, v: View) -> str:
    """Which years the irrigated share is reported, its regional range, any break, and agriculture's weight."""
    region = v.region
    irrigated = figures.wide(rows, IRRIGATED_SERIES)[v.country]
    i_year, _i_now, _through, a_year, a_now = _irrigation_latest(rows, v.country)
    irrigated_years = table_years(irrigated)
    if irrigated_years:
        gaps = [y for y in range(v.start_year, irrigated_years[-1]) if y not in irrigated_years]
        repeats = [y for y in irrigated_years if i_year is not None and y > i_year]
        first_line = (f"The World Bank reports {v.name}'s irrigated share for {year_ranges(irrigated_years)} only"
                      + (f"; {year_ranges(gaps)} {'is' if len(gaps) == 1 else 'are'} missing, not zero" if gaps else "")
                      + (f"; {year_ranges(repeats)} {'repeats' if len(repeats) == 1 else 'repeat'} the {i_year} figure"
                         if repeats else "") + ".")
    else:
        first_line = text.missing("irrigated-land share", f"{v.name} in {v.period}", "The World Bank")
    lines = [first_line]
    shares, years = region["irrigated, % of agricultural land"], region["irrigation year"]
    if shares.notna().any():
        lines.append(f"Across the five states, each at its last new figure, it ranges from "
                     f"{range_end(shares, years, high=False)} to {range_end(shares, years, high=True)}.")
    jump_year, before, after = largest_jump(irrigated)
    if jump_year and abs(after / before - 1) > 0.2:
        lines.append(f"The series {'drops' if after < before else 'jumps'} from {text.num(before, 1)}% in "
                     f"{jump_year - 1} to {text.num(after, 1)}% in {jump_year}: a change that large in one year more "
                     "likely reflects revised land statistics than fields gained or lost, and the file does not explain it.")
    if a_year is not None:
        lines.append(f"Agriculture, forestry and fishing made **{text.num(a_now, 1)}% of GDP** in {a_year} "
                     f"({regional_rank(region['agriculture, % of GDP'], v.country)}).")
    return " ".join(lines)


# section 6: hydropower

HYDRO_SERIES = "Hydro share of electricity"


def hydro(v: View) -> pd.DataFrame:
    """Tidy: hydro share of electricity (%) per compared state, with the dataset each comes from in ``source``."""
    shares, sources = hydro_shares(v.comparison, v.start_year, v.end_year)
    out = figures.tidy(100 * shares, HYDRO_SERIES, "% of electricity generated")
    out["source"] = out["country"].map(sources)
    return out


def upstream_hydro(v: View) -> dict[str, tuple[int, float]]:
    """Kyrgyzstan's and Tajikistan's latest hydro share (year, share 0-1), where there is one."""
    region = v.region
    return {c: (int(region.loc[c, "hydro year"]), region.loc[c, "hydro, % of electricity"] / 100)
            for c in UPSTREAM if pd.notna(region.loc[c, "hydro year"])}


def _latest_share(rows: pd.DataFrame, country: str) -> tuple[int | None, float]:
    year, value = metrics.latest(figures.wide(rows, HYDRO_SERIES)[country])
    return year, value / 100


def _source_of(rows: pd.DataFrame, country: str) -> str:
    return rows.loc[rows["country"] == country, "source"].iloc[0]


def hydro_title(rows: pd.DataFrame, v: View) -> str:
    h_year, h_now = _latest_share(rows, v.country)
    if h_year is None:
        return f"No hydro share of electricity for {v.name} in {v.period}"
    up = upstream_hydro(v)
    if v.country in UPSTREAM:
        downstream_max = v.region.drop(list(UPSTREAM))["hydro, % of electricity"].max() / 100
        return (f"Hydropower made {text.pct(h_now)} of {v.name}'s electricity in {h_year}"
                + (f"; in the downstream states it made {text.pct(downstream_max)} at most in their latest year"
                   if downstream_max == downstream_max else ""))
    if h_now < 0.005:
        return (f"{v.name} makes practically no hydropower: {percent_text(h_now, 1)} of its electricity in {h_year} "
                f"(EI)")
    return (f"Hydropower made {text.pct(h_now)} of {v.name}'s electricity in {h_year}"
            + (f"; upstream, Kyrgyzstan and Tajikistan drew {' and '.join(text.pct(up[c][1]) for c in UPSTREAM)} from "
               f"it ({max(up[c][0] for c in UPSTREAM)})" if len(up) == len(UPSTREAM) else ""))


def hydro_figure(rows: pd.DataFrame, v: View) -> figures.Figure | None:
    """Lines of the hydro share: solid from the EI, dashed from the World Bank renewable share."""
    from helpers.present import plots

    if _latest_share(rows, v.country)[0] is None:
        return None
    table = figures.wide(rows, HYDRO_SERIES)
    fig, ax = plots.new_figure(figsize=(8.5, 4.4))
    for i, code in enumerate(table.columns):
        series = table[code]
        if series.notna().sum() == 0:
            continue
        source = _source_of(rows, code)
        ax.plot(series.index, series.values, color=plots.colour(code, i), linestyle="-" if source == EI else "--",
                linewidth=3.0 if code == v.country else 1.6, label=f"{name(code)} ({HYDRO_SOURCE_LABEL[source]})")
    ax.set_ylabel(_unit_of(rows, HYDRO_SERIES))
    ax.set_xlabel("Year")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_ylim(0, 100)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)

    def state(c):
        year, share = _latest_share(rows, c)
        label = HYDRO_SOURCE_LABEL[_source_of(rows, c)]
        return f"{name(c)}: " + (f"{percent_text(share, 1)} in {year}" if year is not None else f"no figure for {v.period}") \
            + f" ({label})."

    alt = (f"Line chart of the share of electricity generated from hydropower, {v.span}, for "
           f"{v.comparison_names}. " + " ".join(state(c) for c in v.comparison))
    return figures.Figure("hydro-share", fig, rows, hydro_title(rows, v), alt, sorted(set(rows["source"])),
                          note="Solid lines: EI, hydro / total generation. Dashed lines: World Bank renewable electricity "
                               "output share (to 2021), used where the EI has no row for the country.")


def hydro_text(v: View) -> str:
    """Each state's latest hydro share with its source."""
    region = v.region

    def state(c):
        label = HYDRO_SOURCE_LABEL[region.loc[c, "hydro source"]]
        if pd.isna(region.loc[c, "hydro year"]):
            return f"{name(c)} no figure for {v.period} ({label})"
        return (f"{name(c)} **{percent_text(region.loc[c, 'hydro, % of electricity'] / 100, 1)}** in "
                f"{int(region.loc[c, 'hydro year'])} ({label})")

    return "Latest hydro share of electricity, with its source: " + "; ".join(state(c) for c in REGION) + "."


def upstream_source_text(v: View) -> str:
    """For Kyrgyzstan and Tajikistan: why the EI gives no hydro figure and where the World Bank share ends."""
    if v.country not in UPSTREAM:
        return ""
    members = ei_other_cis_members()
    h_year = _year(v.mine["hydro year"])
    return (text.missing("generation by source", v.name, "The EI Statistical Review",
                         f"it is inside the 'Other CIS' row, with {text.listing(m for m in members if m != v.name)}")
            + (f" The World Bank share for {v.name} ends in {h_year}; no open source mirrored here gives a later one."
               if h_year is not None and h_year < v.end_year else ""))


def other_cis_text(v: View) -> str:
    """Whether the World Bank renewable share is hydro: the EI's 'Other CIS' row, in the upstream states' year."""
    up = upstream_hydro(v)
    if not up:
        return ""
    members = ei_other_cis_members()
    check_year = min(year for year, _ in up.values())
    group = other_cis_renewables(v.start_year, v.end_year)
    g_hydro = metrics.value_in(group["Hydro"], check_year)
    g_other = metrics.value_in(group["Other renewables"], check_year)
    if g_hydro != g_hydro or g_other != g_other:
        return ""
    return (f"**Is the World Bank's renewable share really hydro?** The EI's 'Other CIS' row ({', '.join(members)}) "
            f"generated {text.num(g_hydro, 1)} TWh of hydropower in {check_year} and {text.num(g_other, 2)} TWh from all "
            f"other renewables, so at most **{text.pct(g_other / (g_hydro + g_other), 1)}** of that group's renewable "
            "power was not hydro. For Kyrgyzstan and Tajikistan the renewable share is, in practice, the hydro share.")


# section 7: power demand and carbon intensity (Ember)

DEMAND_SERIES = "Electricity demand"
INTENSITY_SERIES = "Carbon intensity of power"


def power(v: View) -> pd.DataFrame:
    """Tidy: Ember's electricity demand (TWh) and carbon intensity of power (g CO₂/kWh) for the five states.

    The five, whatever the comparison: the text compares the upstream states; the figure draws the comparison.
    """
    codes = list(dict.fromkeys(v.comparison + list(REGION)))
    demand = data.years_table(EMBER, codes, v.start_year, v.end_year, EMBER_DEMAND)
    intensity = data.years_table(EMBER, codes, v.start_year, v.end_year, EMBER_INTENSITY)
    return pd.concat([figures.tidy(demand, DEMAND_SERIES, "TWh a year"),
                      figures.tidy(intensity, INTENSITY_SERIES, "g CO₂ per kWh generated")], ignore_index=True)


def _demand_span(rows: pd.DataFrame, country: str) -> pd.Series:
    return figures.wide(rows, DEMAND_SERIES)[country].dropna()


def power_title(rows: pd.DataFrame, v: View) -> str:
    d = _demand_span(rows, v.country)
    i_year, i_now = metrics.latest(figures.wide(rows, INTENSITY_SERIES)[v.country])
    if d.empty:
        opening = f"Ember reports no electricity demand for {v.name} in {v.period}"
    elif len(d) == 1:
        opening = f"{v.name}'s electricity demand was {text.num(d.iloc[0], 1)} TWh in {int(d.index[0])}"
    else:
        d0, d1 = int(d.index.min()), int(d.index.max())
        change = d[d1] / d[d0] - 1
        opening = (f"{v.name}'s electricity demand {'rose' if change >= 0 else 'fell'} {text.pct(abs(change))} from "
                   f"{d0} to {d1}")
    if i_year is None:
        return opening + f"; Ember gives no carbon intensity of its power in {v.period}"
    return (opening + f"; each kWh it generated emitted {text.num(i_now, 0)} g of CO₂ in {i_year}, "
            f"{regional_rank(v.region['power CO2 intensity (g/kWh)'], v.country)}")


def power_figure(rows: pd.DataFrame, v: View) -> figures.Figure | None:
    """Two line panels from Ember: demand (log scale) and carbon intensity."""
    from helpers.present import charts

    drawn = rows[rows["country"].isin(v.comparison)]
    d = _demand_span(rows, v.country)
    if d.empty or drawn["value"].isna().all():
        return None
    fig, axes = charts.lines(drawn, focus=v.country, legend="figure", figsize=(11, 4.0))
    first, second = axes.flat[0], axes.flat[1]
    first.set_ylabel(f"{_unit_of(rows, DEMAND_SERIES)} (log scale)")
    first.set_yscale("log")
    second.set_ylim(bottom=0)
    intensity = figures.wide(drawn, INTENSITY_SERIES)
    d0, d1 = int(d.index.min()), int(d.index.max())
    i_year, i_now = metrics.latest(intensity[v.country])

    def state(c):
        year, value = metrics.latest(intensity[c])
        return f"{name(c)}: " + (f"{text.num(value, 0)} g/kWh in {year}." if year is not None else "no intensity.")

    mine = (f"intensity {text.num(i_now, 0)} g/kWh in {i_year}" if i_year is not None else "no intensity")
    demand = (f"demand {text.num(d[d0], 1)} TWh in {d0} and {text.num(d[d1], 1)} TWh in {d1}" if d0 < d1
              else f"demand {text.num(d[d1], 1)} TWh in {d1}")
    alt = (f"Two line charts from Ember for {v.comparison_names}, {v.period if d0 == d1 else f'{d0}-{d1}'}: electricity "
           f"demand in TWh on a log scale, and carbon intensity of power in grams of CO2 per kWh. {v.name}: {demand}; "
           f"{mine}. " + " ".join(state(c) for c in v.peers))
    return figures.Figure("power-demand-and-intensity", fig, drawn, power_title(rows, v), alt, (EMBER,),
                          note="Ember overview: demand and carbon intensity only (no generation by fuel). Lines end where "
                               "Ember's data end.")


def power_text(rows: pd.DataFrame, v: View) -> str:
    """Demand growth in the focus and the upstream states, each over its own Ember years, and upstream hydro."""
    d = _demand_span(rows, v.country)
    up = upstream_hydro(v)
    demand = figures.wide(rows, DEMAND_SERIES)
    if d.empty:
        opening = f"Ember reports no electricity demand for {v.name} in {v.period}. "
    elif len(d) == 1:
        opening = f"Ember puts {v.name}'s electricity demand at **{text.num(d.iloc[0], 1)} TWh** in {int(d.index[0])}. "
    else:
        d0, d1 = int(d.index.min()), int(d.index.max())
        opening = (f"Ember puts {v.name}'s electricity demand at **{text.num(d[d1], 1)} TWh** in {d1}, "
                   f"{text.signed_pct(d[d1] / d[d0] - 1, 0)} on {d0}. ")
    spans = {c: demand[c].dropna() for c in UPSTREAM if c != v.country}
    others = [c for c, s in spans.items() if len(s) > 1]
    growth = {c: (int(spans[c].index[0]), int(spans[c].index[-1]), spans[c].iloc[-1] / spans[c].iloc[0] - 1)
              for c in others}
    upstream = ""
    if others:
        upstream = ("In " + text.listing(f"{name(c)}, the other upstream state," if v.country in UPSTREAM else name(c)
                                         for c in others)
                    + ("," if len(others) > 1 else "")
                    + (" demand grew by " + text.listing(f"{text.pct(g)} ({a}–{b})" for a, b, g in growth.values())
                       if all(g >= 0 for _, _, g in growth.values()) else
                       " demand changed by " + text.listing(f"{text.signed_pct(g, 0)} ({a}–{b})"
                                                            for a, b, g in growth.values()))
                    + (" respectively, each over its own Ember years. " if len(others) > 1 else ". "))
    hydro_line = ("Upstream, the power that meets demand comes mostly from the rivers: "
                  + "; ".join(f"{name(c)} {text.pct(share)} hydro in {year}" for c, (year, share) in up.items()) + "."
                  if up else "")
    return opening + upstream + hydro_line


def flat_intensity(rows: pd.DataFrame) -> list[str]:
    """States whose Ember carbon intensity varies by less than 1 g/kWh over at least three years."""
    return nearly_constant(figures.wide(rows, INTENSITY_SERIES)[list(REGION)], 1.0)


def flat_intensity_text(rows: pd.DataFrame) -> str:
    intensity = figures.wide(rows, INTENSITY_SERIES)
    flat = flat_intensity(rows)
    if not flat:
        return ""
    return ("Ember's carbon intensity for " + ", ".join(
        f"{name(c)} varies by less than 1 g/kWh across its {int(intensity[c].notna().sum())} years "
        f"({text.num(intensity[c].min(), 1)}–{text.num(intensity[c].max(), 1)})" for c in flat)
        + ": that looks like a fixed emission factor applied to estimated generation, not a measured series.")


# section 8: the five states side by side, and what each series holds

WATER_COLUMNS = ["state", "internal resources (bcm)", "withdrawals (bcm)", "withdrawals, % of internal",
                 "withdrawal year", "withdrawals in the file to", "withdrawals per person (m³)",
                 "internal resources per person (m³)"]
LAND_POWER_COLUMNS = ["state", "irrigated, % of agricultural land", "irrigation year", "irrigated in the file to",
                      "agriculture, % of GDP", "agriculture year", "hydro share of electricity", "hydro year",
                      "hydro source", "power CO2 intensity (g/kWh)", "intensity year"]
TABLES_TEXT = ("Withdrawals, their share of internal resources and irrigated land are each state's last new figure, the "
               "last year whose value is not a repeat or an interpolation of its neighbours ('withdrawal year', "
               "'irrigation year'); 'in the file to' is the last year the World Bank fills in by repeating it. "
               "Withdrawals per person divide each figure by the population of its own year, so the states are "
               "compared across different years. Internal resources and both per-person columns are computed here "
               "with the World Bank's population; every other number is as the source gives it.")


def regional_tables(v: View) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The regional comparison as two tables a reader can scan: water, then land and power."""
    shown = v.region.copy()
    shown.insert(0, "state", [name(c) for c in shown.index])
    shown["hydro source"] = shown["hydro source"].map(HYDRO_SOURCE_LABEL)
    shown["hydro share of electricity"] = [None if pd.isna(share) else percent_text(share / 100, 1)
                                           for share in v.region["hydro, % of electricity"]]
    return shown[WATER_COLUMNS], shown[LAND_POWER_COLUMNS]


def missing_text(v: View, gaps: pd.DataFrame, power_rows: pd.DataFrame) -> str:
    """What the sources leave out for the focus, from :func:`coverage_table` and the regional comparison."""
    row = gaps.set_index("country").loc[v.name]
    mine = v.mine
    missing = []
    if row["withdrawals: later years repeat"] != "–":
        missing.append(f"withdrawals have had no new figure since {int(mine['withdrawal year'])}: later years repeat it")
    elif pd.isna(mine["withdrawal year"]):
        missing.append(f"withdrawals have no new figure in {v.period}")
    if row["irrigated land: years reported"] == "none":
        missing.append("irrigated land is not reported")
    else:
        missing.append(f"irrigated land is reported only for {row['irrigated land: years reported']}")
    h_year = _year(mine["hydro year"])
    if mine["hydro source"] != EI and h_year is None:
        missing.append(f"the EI gives no hydro figures (it is inside 'Other CIS'), and the World Bank share has none "
                       f"for {v.period}")
    elif mine["hydro source"] != EI and h_year < v.end_year:
        missing.append(f"the EI gives no hydro figures (it is inside 'Other CIS'), so its hydro share ends in {h_year}")
    if row["Ember: last year"] != "none" and int(row["Ember: last year"]) < v.end_year:
        missing.append(f"Ember's data end in {row['Ember: last year']}")
    if v.country in flat_intensity(power_rows):
        missing.append("Ember's carbon intensity is a near-constant estimate")
    return (f"**What is missing for {v.name}:** " + "; ".join(missing) + ". The water and land series rest on what each "
            "government reports to FAO: when no new report arrives, the World Bank repeats or interpolates the last "
            "one, and a year with no value at all is left blank.")


# --- headline numbers (the brief, comparison and claims pages read these) ---------------------------------

TOPIC = "Water"
SECTOR_WITHDRAWALS_REASON = ("the data behind this collection hold no AQUASTAT series of withdrawals by sector "
                             "(the World Bank's ER.H2O.FWAG.ZS is not in the catalog)")


def headline_rows(country: str, start_year: int = 1992, end_year: int = 2025) -> list[dict]:
    """Withdrawals against internal resources and per person (each at the last new AQUASTAT figure, with its
    year), internal resources, agriculture's share of withdrawals (not in the catalog) and the hydro share."""
    row = regional_comparison([country], start_year, end_year).loc[country]
    period = findings.year_label(end_year, start_year)
    w_year, through = _year(row["withdrawal year"]), _year(row["withdrawals in the file to"])
    no_figure = (f"AQUASTAT (through the World Bank) has no new withdrawal figure for {name(country)} in "
                 f"{period}")
    repeated = (f"the last new AQUASTAT figure; the World Bank repeats it to {through}"
                if w_year is not None and through > w_year else "the last new AQUASTAT figure")
    share_unit, per_person_unit = "% of internal renewable freshwater", "m³ per person a year"
    rows = []
    if w_year is None:
        rows += [findings.not_reported(THEME, "water_withdrawals_share", TOPIC,
                                       "Freshwater withdrawals as a share of internal renewable resources", share_unit,
                                       [WITHDRAWALS, WITHDRAWALS_SHARE], no_figure),
                 findings.not_reported(THEME, "water_withdrawals_per_person", TOPIC, "Freshwater withdrawals per person",
                                       per_person_unit, [WITHDRAWALS, POPULATION], no_figure)]
    else:
        share, per_person = row["withdrawals, % of internal"], row["withdrawals per person (m³)"]
        rows += [findings.headline(THEME, "water_withdrawals_share", TOPIC,
                                   "Freshwater withdrawals as a share of internal renewable resources", share,
                                   findings.percent(share, 0), share_unit, w_year, [WITHDRAWALS_SHARE],
                                   f"{repeated}; internal resources exclude rivers flowing in, so the share can "
                                   "exceed 100%"),
                 findings.headline(THEME, "water_withdrawals_per_person", TOPIC, "Freshwater withdrawals per person",
                                   per_person, findings.quantity(per_person, "m³", 0), per_person_unit, w_year,
                                   [WITHDRAWALS, POPULATION], f"{repeated}, divided by the population of its year")]
    internal, internal_year = row["internal resources (bcm)"], _year(row["internal per person year"])
    rows.append(findings.headline(THEME, "water_internal_resources", TOPIC,
                                  "Internal renewable freshwater (long-term average volume)", internal,
                                  findings.quantity(internal, "billion m³", 1), BCM, internal_year,
                                  [INTERNAL_PER_PERSON, POPULATION],
                                  "World Bank per-person value × population of the same year")
                if internal_year is not None else
                findings.not_reported(THEME, "water_internal_resources", TOPIC,
                                      "Internal renewable freshwater (long-term average volume)", BCM,
                                      [INTERNAL_PER_PERSON, POPULATION],
                                      f"no World Bank value for {name(country)} in {period}"))
    rows.append(findings.not_reported(THEME, "water_withdrawals_agriculture", TOPIC,
                                      "Agriculture's share of freshwater withdrawals", "% of freshwater withdrawals",
                                      [], SECTOR_WITHDRAWALS_REASON))
    h_year, h_share, source = _year(row["hydro year"]), row["hydro, % of electricity"], row["hydro source"]
    measure = "Hydropower share of electricity generated"
    if h_year is None:
        rows.append(findings.not_reported(THEME, "water_hydro_share", TOPIC, measure, "% of electricity generated",
                                          [source], f"no hydro share for {name(country)} in {period}"))
    else:
        note = "" if source == EI else "World Bank renewable electricity output share: hydro in practice here"
        rows.append(findings.headline(THEME, "water_hydro_share", TOPIC, measure, h_share, percent_text(h_share / 100, 1),
                                      "% of electricity generated", h_year, [source], note))
    return rows


def headlines(country: str, start_year: int = 1992, end_year: int = 2025) -> pd.DataFrame:
    """Water headline numbers for one state: see :mod:`helpers.themes.findings`."""
    return findings.table(headline_rows(country, start_year, end_year))
