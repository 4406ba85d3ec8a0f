"""Tables behind the engagement notebook: who brings what, and when the United States showed up.

* U.S. assistance (ForeignAssistance.gov, ``us_foreign_aid``): obligations and disbursements by
  U.S. fiscal year in constant FY2023 dollars, never added together.
* Chinese official finance (AidData GCDF 3.0, ``china_gcdf3_country_year``): commitments by
  calendar year, constant 2021 dollars.
* The record of high-level U.S. attention (State Department Office of the Historian,
  ``us_official_travels`` and ``us_foreign_leader_visits``): every trip abroad of the President and
  the Secretary of State and every visit of a foreign leader to the United States, counted per
  country, year, administration and period (:func:`attention`, :func:`period_counts`).
* The curated timeline of high-level U.S. engagement, ``data/us_engagement_timeline.csv``
  (see :func:`timeline`), kept for the events the record does not hold (C5+1 ministerials in
  New York or online, the 2025 White House summit).
* UNGA voting agreement with the United States, from the alignment helpers when they exist.

To put U.S. and Chinese money on one axis, U.S. constant-FY2023 dollars are re-expressed in
FY2021 prices with the U.S. file's own deflator (:func:`us_rebase_factor`); the two producers'
deflators still differ (fiscal vs calendar year, different price indices), so the comparison
is one of orders of magnitude, and it compares U.S. obligations (mostly grants) with Chinese
commitments (mostly loans that are repaid with interest).
"""

from __future__ import annotations

import math
from functools import lru_cache

import pandas as pd

from helpers import data
from helpers.data import catalog
from helpers.data.countries import AFGHANISTAN_PAKISTAN, BALTIC_STATES, CENTRAL_ASIA, SOUTH_CAUCASUS, name
from helpers.data.sources import aid, history
from helpers.present import charts, figures, plots, text
from helpers.themes import findings, metrics

THEME = "engagement"

US_AID = aid.US_AID
GCDF = aid.GCDF
UNGA = "unga_idealpoints_2024"
TIMELINE_PATH = catalog.PROJECT_ROOT / "data" / "us_engagement_timeline.csv"
TIMELINE_COLUMNS = ["date", "countries", "event", "level", "format", "source_url", "source_kind", "source_note"]
LEVELS = ("head of state", "ministerial", "senior official")
MEASURES = aid.US_MEASURES                  # ("Obligations", "Disbursements"): never added together
US_PARTIAL_FY = 2025                        # download of c. April 2025: FY2025 is partial
US_BASE_FY = aid.US_CONSTANT_BASE_FY        # 2023
CHINA_BASE_YEAR = aid.GCDF_CONSTANT_BASE_YEAR  # 2021
CHINA_LAST_YEAR = 2021                      # GCDF 3.0 ends with commitment year 2021
CHINA_TOTAL = aid.gcdf_indicator(aid.GCDF_ALL)
SOUTH_CENTRAL_ASIA_REGION = "FA:SCN"        # U.S. 'South and Central Asia Region' programmes
LEVEL_STYLE = {  # how the timeline is drawn: colour, line style
    "head of state": ("#b03a2e", "-"),
    "ministerial": ("#34495e", "--"),
    "senior official": ("#7f8c8d", ":"),
}

TRAVELS, VISITS = history.TRAVELS, history.VISITS
SECRETARY, PRESIDENT, LEADERS = "Secretary of State trips", "Presidential trips", "Leader visits to the U.S."
SERIES = (SECRETARY, PRESIDENT, LEADERS)
UNITS = {SECRETARY: "trips", PRESIDENT: "trips", LEADERS: "visits"}
SERIES_COLOURS = {SECRETARY: "#34495e", PRESIDENT: "#b03a2e", LEADERS: "#e6a700"}
# Administrations by the date each took office (20 January after the election).
ADMINISTRATIONS = (("G. H. W. Bush", "1989-01-20"), ("Clinton", "1993-01-20"), ("G. W. Bush", "2001-01-20"),
                   ("Obama", "2009-01-20"), ("Trump", "2017-01-20"), ("Biden", "2021-01-20"),
                   ("Trump (second term)", "2025-01-20"))
PERIODS = ((1992, 2000), (2001, 2008), (2009, 2016), (2017, 2020), (2021, 2024))
CENTRAL_ASIA_GROUP = "Central Asia"
COMPARISON_GROUPS = {CENTRAL_ASIA_GROUP: CENTRAL_ASIA, "South Caucasus": SOUTH_CAUCASUS, "Mongolia": ("MNG",),
                     "Afghanistan and Pakistan": AFGHANISTAN_PAKISTAN, "Baltic states": BALTIC_STATES}
GROUP_COLOURS = {CENTRAL_ASIA_GROUP: "#b03a2e", "South Caucasus": "#2980b9", "Mongolia": "#27ae60",
                 "Afghanistan and Pakistan": "#8e44ad", "Baltic states": "#7f8c8d"}
CHINA_COLOURS = {"ODA-like": "#2ca02c", "OOF-like": plots.colour("CHN"), "Vague (official finance)": "#95a5a6"}
C5_PLUS_1_YEAR = 2015                       # the C5+1 format began in Samarkand, 1 November 2015
RECORD_START = 1991                         # the record is counted from the year the five states became independent
CONTEXT_ATTENTION = "Trips and visits (all three kinds)"
CONTEXT_AID = "U.S. obligations"
CONTEXT_CHINA = "Chinese commitments"
CONTEXT_UNGA = "UNGA agreement with the U.S."
DATASETS = [US_AID, GCDF, UNGA, TRAVELS, VISITS]   # the notebook's "Data used" table


# --- U.S. assistance ---------------------------------------------------------------------

def us_aid(countries, start_year: int, end_year: int, measure: str = "Obligations",
           prices: str = "constant") -> pd.DataFrame:
    """Fiscal year x country table of one U.S. measure (constant FY2023 or current US$).

    Years the file does not report stay NaN (never zero); rows run start_year..end_year.
    """
    return data.years_table(US_AID, countries, start_year, end_year, aid.us_indicator(measure, prices))


def us_measures(country: str, start_year: int, end_year: int, prices: str = "constant") -> pd.DataFrame:
    """Fiscal year x [Obligations, Disbursements] for one recipient (two measures, never summed)."""
    return pd.DataFrame({m: us_aid([country], start_year, end_year, m, prices)[country] for m in MEASURES})


@lru_cache(maxsize=8)
def us_rebase_factor(base_fy: int = CHINA_BASE_YEAR) -> float:
    """Multiply constant-FY2023 U.S. dollars by this to express them in FY``base_fy`` prices.

    It is the U.S. file's own deflator: current / constant dollars of obligations in ``base_fy``
    (the same for every row of a year), e.g. about 0.894 for FY2021.
    """
    rows = data.panel(US_AID, start_year=base_fy, end_year=base_fy)
    rows = rows[~rows["is_aggregate"]]
    constant = rows[rows["indicator"] == aid.us_indicator("Obligations", "constant")].set_index("country")["value"]
    current = rows[rows["indicator"] == aid.us_indicator("Obligations", "current")].set_index("country")["value"]
    ratio = (current / constant)[constant.abs() > 1e5].dropna()
    if ratio.empty:
        raise ValueError(f"No FY{base_fy} obligations to derive a deflator from")
    return float(ratio.median())


def regional_programmes(start_year: int, end_year: int, measure: str = "Obligations") -> pd.Series:
    """U.S. 'South and Central Asia Region' amounts by fiscal year (constant FY2023 US$), not split by country."""
    table = data.wide(US_AID, aid.us_indicator(measure, "constant"), [SOUTH_CENTRAL_ASIA_REGION], start_year, end_year)
    return table.reindex(range(start_year, end_year + 1))[SOUTH_CENTRAL_ASIA_REGION]


# --- Chinese official finance --------------------------------------------------------------

def china_commitments(countries, start_year: int, end_year: int, indicator: str = CHINA_TOTAL) -> pd.DataFrame:
    """Year x country table of Chinese commitments (constant 2021 US$); NaN = no amount recorded."""
    return data.years_table(GCDF, countries, start_year, min(end_year, CHINA_LAST_YEAR), indicator)


def china_by_class(country: str, start_year: int, end_year: int) -> pd.DataFrame:
    """Year x flow class (ODA-like, OOF-like, Vague) commitments for one recipient."""
    return pd.DataFrame({label: china_commitments([country], start_year, end_year, aid.gcdf_indicator(label))[country]
                         for label in aid.GCDF_CLASSES.values()})


def cumulative(series: pd.Series) -> pd.Series:
    """Running total over reported years; years before the first report stay NaN, gaps add nothing."""
    running = series.fillna(0).cumsum()
    return running.where(series.ffill().notna())


def us_and_china(country: str, start_year: int, end_year: int) -> pd.DataFrame:
    """One table in FY2021/2021 prices for the years both sources can cover.

    Columns: 'U.S. obligations', 'U.S. disbursements' (constant FY2023 US$ x :func:`us_rebase_factor`),
    'Chinese commitments' (constant 2021 US$), each with a 'cumulative ...' companion.
    Rows: start_year..min(end_year, 2021).
    """
    last = min(end_year, CHINA_LAST_YEAR)
    factor = us_rebase_factor(CHINA_BASE_YEAR)
    us = us_measures(country, start_year, last) * factor
    table = pd.DataFrame({
        "U.S. obligations": us["Obligations"],
        "U.S. disbursements": us["Disbursements"],
        "Chinese commitments": china_commitments([country], start_year, last)[country],
    }).reindex(range(start_year, last + 1))
    for column in list(table.columns):
        table[f"cumulative {column}"] = cumulative(table[column])
    return table


def ratio_of_totals(numerator: pd.Series, denominator: pd.Series) -> float:
    """sum(numerator) / sum(denominator) over reported values; NaN if the denominator is empty or zero."""
    bottom = denominator.sum(min_count=1)
    top = numerator.sum(min_count=1)
    if bottom is None or (isinstance(bottom, float) and math.isnan(bottom)) or bottom == 0:
        return math.nan
    return float(top / bottom)


# --- Timeline --------------------------------------------------------------------------------

def timeline(countries=None, start_year: int | None = None, end_year: int | None = None) -> pd.DataFrame:
    """The curated timeline of high-level U.S. engagement with Central Asia.

    Read from ``data/us_engagement_timeline.csv``, a hand-curated table (not a mirrored dataset):
    one row per event, each with the page it was taken from.

    Columns:
      date         ISO date (parsed to Timestamp); the day the event took place
      countries    ISO3 codes ';'-joined in the file; a list here (all five for C5+1 meetings)
      event        what happened, in one line
      level        'head of state', 'ministerial' or 'senior official' (highest U.S. participant)
      format       'C5+1' or 'bilateral'
      source_url   the page the row was taken from
      source_kind  'primary' (a U.S., Kazakh or Uzbek government page) or 'secondary' (a news
                   or republication page, used only where no government page could be found offline;
                   each such row says so in its note)
      source_note  what the page says, briefly
    plus ``year`` (int). Rows are kept conservatively: an event is listed only with a source.
    It covers the C5+1 launch (Samarkand, 1 November 2015), ministerials since, the two White
    House visits of 2018, the first C5+1 presidential summit (New York, 19 September 2023) and the
    White House C5+1 summit (6 November 2025). It is not a complete record of U.S. visits.

    ``countries`` keeps events involving any of the given ISO3 codes; the years filter on ``date``.
    """
    table = pd.read_csv(TIMELINE_PATH, dtype=str, keep_default_na=False)
    missing = set(TIMELINE_COLUMNS) - set(table.columns)
    if missing:
        raise ValueError(f"{TIMELINE_PATH.name} lacks columns {sorted(missing)}")
    table["date"] = pd.to_datetime(table["date"], format="%Y-%m-%d")
    table["countries"] = table["countries"].map(lambda cell: [c.strip() for c in cell.split(";") if c.strip()])
    table["year"] = table["date"].dt.year
    if countries is not None:
        wanted = {countries} if isinstance(countries, str) else set(countries)
        table = table[table["countries"].map(lambda codes: bool(wanted & set(codes)))]
    if start_year is not None:
        table = table[table["year"] >= start_year]
    if end_year is not None:
        table = table[table["year"] <= end_year]
    return table.sort_values("date").reset_index(drop=True)


def event_years(events: pd.DataFrame, levels=LEVELS) -> list[int]:
    """Distinct years with at least one event of the given levels."""
    return sorted(set(events.loc[events["level"].isin(list(levels)), "year"]))


def mark_events(ax, events: pd.DataFrame, label_levels: bool = True) -> list:
    """Draw each event as a vertical line at its date (as a fractional year), styled by level.

    Returns legend handles, one per level present. Works on axes whose x axis is in years.
    """
    from matplotlib.lines import Line2D

    handles = {}
    for row in events.itertuples():
        colour, style = LEVEL_STYLE.get(row.level, ("#999999", ":"))
        x = plots.year_fraction(row.date)
        ax.axvline(x, color=colour, linestyle=style, linewidth=1.2, alpha=0.8, zorder=1)
        if label_levels and row.level not in handles:
            handles[row.level] = Line2D([0], [0], color=colour, linestyle=style, linewidth=1.2,
                                        label=f"U.S. engagement: {row.level}")
    return [handles[level] for level in LEVELS if level in handles]


# --- UNGA agreement with the United States -------------------------------------------------------

def _as_year_series(result) -> pd.Series | None:
    """Accept a Series by year, or a frame with a 'year' column and one agreement column."""
    if result is None:
        return None
    if isinstance(result, pd.Series):
        series = result
    elif isinstance(result, pd.DataFrame):
        frame = result.set_index("year") if "year" in result.columns else result
        for column in ("agreement", "value", "USAgree"):
            if column in frame.columns:
                series = frame[column]
                break
        else:
            numeric = frame.select_dtypes("number")
            if numeric.shape[1] != 1:
                return None
            series = numeric.iloc[:, 0]
    else:
        return None
    series = pd.to_numeric(series, errors="coerce")
    series.index = series.index.astype(int)
    return series.sort_index().rename("agreement with the U.S.")


def us_agreement(country: str, start_year: int | None = None, end_year: int | None = None) -> pd.Series | None:
    """Share of UNGA votes in which ``country`` voted as the United States did, by year (0-1).

    Taken from ``helpers.themes.alignment.agreement(country, 'USA')`` (Voeten et al. ideal-point file).
    Returns None while that helper (or its parser) is not available, so the notebook can say so.
    """
    try:
        from helpers.themes import alignment
    except ImportError:
        return None
    try:
        series = _as_year_series(alignment.agreement(country, "USA"))
    except (ImportError, LookupError, AttributeError):
        return None
    if series is None:
        return None
    if start_year is not None:
        series = series[series.index >= start_year]
    if end_year is not None:
        series = series[series.index <= end_year]
    return series


def period_means(series: pd.Series, split_year: int, start_year: int, end_year: int) -> tuple[float, float]:
    """(mean before split_year, mean from split_year on) within start_year..end_year."""
    return metrics.mean_in(series, start_year, split_year - 1), metrics.mean_in(series, split_year, end_year)


# --- The record: trips abroad and leaders' visits (Office of the Historian) ----------------------

def records() -> pd.DataFrame:
    """Every trip abroad of a President or Secretary of State and every foreign leader's visit, one row each.

    Columns: date, year, series (:data:`SERIES`), role, official, country, locale, remarks, source.
    One trip row per country visited, so a journey through three capitals is three rows.
    """
    trips = data.load(TRAVELS)
    trips = trips.assign(series=trips["role"].map({"President": PRESIDENT, "Secretary of State": SECRETARY}))
    visits = data.load(VISITS).assign(series=LEADERS)
    columns = ["date", "year", "series", "role", "official", "country", "locale", "remarks", "source"]
    return pd.concat([trips[columns], visits[columns]], ignore_index=True)


@lru_cache(maxsize=1)
def record_ends() -> dict[str, pd.Timestamp]:
    """Per series, the date of the last record: later years are not covered (missing, not zero)."""
    return {series: part["date"].max() for series, part in records().groupby("series")}


def _covered(series: str, year: int) -> bool:
    return year <= record_ends()[series].year


def attention(countries, start_year: int, end_year: int) -> pd.DataFrame:
    """Tidy counts per country x year x series (:data:`SERIES`); NaN for years after a series' record ends."""
    codes = [countries] if isinstance(countries, str) else list(countries)
    rows = records()
    rows = rows[rows["country"].isin(codes) & rows["year"].between(start_year, end_year)]
    counts = rows.groupby(["country", "year", "series"]).size()
    grid = pd.MultiIndex.from_product([codes, range(start_year, end_year + 1), SERIES], names=["country", "year", "series"])
    table = counts.reindex(grid, fill_value=0).astype("float64").rename("value").reset_index()
    table["value"] = table["value"].where([_covered(s, y) for s, y in zip(table["series"], table["year"])])
    table["unit"] = table["series"].map(UNITS)
    return table[["country", "year", "series", "value", "unit"]]


def _count(n: float, series: str) -> str:
    """3, SECRETARY -> '3 Secretary of State trips'; 1 -> '1 ... trip'; 0 -> 'no ...'."""
    noun = {SECRETARY: "Secretary of State trip", PRESIDENT: "presidential trip",
            LEADERS: "visit of its leaders to the United States"}[series]
    if n == 0:
        return f"no {noun}"
    if n == 1:
        return f"1 {noun}"
    plural = noun.replace("trip", "trips", 1) if "trip" in noun else noun.replace("visit ", "visits ", 1)
    return f"{int(n)} {plural}"


def _span(start_year: int, end_year: int) -> str:
    return str(start_year) if start_year == end_year else f"{start_year}–{end_year}"


def _uncovered_note(table: pd.DataFrame) -> str:
    """'' or ' The record runs to <date> for <series>...: later dates are not covered (missing, not zero).'

    Named for each series whose last record falls before the end of the table's last year.
    """
    last = pd.Timestamp(f"{int(table['year'].max())}-12-31")
    parts = [f"to {end.day} {end:%B %Y} for {_plural(series)}" for series in SERIES
             if (end := record_ends()[series]) < last]
    return f" The record runs {text.listing(parts)}: later dates are not covered (missing, not zero)." if parts else ""


def _plural(series: str) -> str:
    return {SECRETARY: "Secretary of State trips", PRESIDENT: "presidential trips",
            LEADERS: "leaders' visits"}[series]


def totals(table: pd.DataFrame, country: str) -> dict[str, float]:
    """Per series, the sum over the years the record covers (NaN if it covers none)."""
    rows = table[table["country"] == country]
    return {s: rows.loc[rows["series"] == s, "value"].sum(min_count=1) for s in SERIES}


def attention_text(table: pd.DataFrame, country: str) -> str:
    """How often U.S. Presidents and Secretaries of State went to the country and its leaders came to the U.S."""
    years = sorted(set(table["year"]))
    span = _span(years[0], years[-1])
    sums = totals(table, country)
    covered = [s for s in SERIES if not findings.is_missing(sums[s])]
    if not covered:
        return (f"The Office of the Historian's record holds no data for {span}." + _uncovered_note(table)).strip()
    rows = table[(table["country"] == country) & (table["value"] > 0)]
    parts = []
    for series in covered:
        in_years = sorted(set(rows.loc[rows["series"] == series, "year"]))
        parts.append(f"**{_count(sums[series], series)}**" + (f" ({text.year_ranges(in_years)})" if in_years else ""))
    return (f"In {span} the Office of the Historian's record holds {text.listing(parts)} for {name(country)}."
            + _uncovered_note(table))


def attention_title(table: pd.DataFrame, country: str) -> str:
    years = sorted(set(table["year"]))
    sums = totals(table, country)
    counts = [_count(sums[s], s) for s in SERIES if not findings.is_missing(sums[s])]
    if not counts:
        return f"No record of U.S. high-level trips or visits for {_span(years[0], years[-1])}"
    return f"{name(country)}, {_span(years[0], years[-1])}: {text.listing(counts)}"


def attention_figure(table: pd.DataFrame, country: str) -> figures.Figure:
    """Stacked bars of the three series by year, one panel per country (the focus first)."""
    fig, axes = charts.stacked_bars(table, SERIES_COLOURS, panel="country", ncols=min(3, table["country"].nunique()),
                                    empty_text="none recorded")
    for ax in axes.flat:
        ax.yaxis.get_major_locator().set_params(integer=True)  # counts: whole trips only
    shown = ", ".join(f"{name(c)} {text.listing([_count(v, s) for s, v in totals(table, c).items() if not findings.is_missing(v)])}"
                      for c in dict.fromkeys(table["country"]))
    return figures.Figure("trips-and-visits", fig, table, attention_title(table, country),
                          f"Stacked bar charts by year, one per country, of trips by the U.S. Secretary of State and "
                          f"President and of visits by the country's leaders to the United States. {shown}.",
                          [TRAVELS, VISITS], note="One trip record per country visited; small counts." +
                          _uncovered_note(table))


def administration_of(date: pd.Timestamp) -> str:
    """The U.S. administration in office on a date (from :data:`ADMINISTRATIONS`; earlier dates '')."""
    label = ""
    for candidate, start in ADMINISTRATIONS:
        if date >= pd.Timestamp(start):
            label = candidate
    return label


def by_administration(country: str, start_year: int, end_year: int) -> pd.DataFrame:
    """Administration x series counts for one country within start_year..end_year.

    Columns: administration, from, to (the part of the term inside the window) and one per series;
    NaN where the term part begins after the series' record ends.
    """
    window_start, window_end = pd.Timestamp(f"{start_year}-01-01"), pd.Timestamp(f"{end_year}-12-31")
    rows = records()
    rows = rows[(rows["country"] == country) & rows["date"].between(window_start, window_end)]
    rows = rows.assign(administration=rows["date"].map(administration_of))
    out = []
    starts = [pd.Timestamp(s) for _, s in ADMINISTRATIONS] + [pd.Timestamp.max]
    for (label, _), begin, end in zip(ADMINISTRATIONS, starts, starts[1:]):
        first, last = max(begin, window_start), min(end - pd.Timedelta(days=1), window_end)
        if first > last:
            continue
        row = {"administration": label, "from": first.strftime("%Y-%m-%d"), "to": last.strftime("%Y-%m-%d")}
        for series in SERIES:
            count = int(((rows["administration"] == label) & (rows["series"] == series)).sum())
            row[series] = float(count) if first <= record_ends()[series] else math.nan
        out.append(row)
    return pd.DataFrame(out, columns=["administration", "from", "to", *SERIES])


def administration_text(table: pd.DataFrame, country: str) -> str:
    """Which administration sent the most Secretary of State trips and received the most leader visits."""
    if table.empty:
        return "No U.S. administration was in office in the years asked for."
    parts = []
    for series in (SECRETARY, LEADERS):
        counts = table.set_index("administration")[series].dropna()
        if counts.empty:
            parts.append(f"the record holds no {_plural(series)} for these years")
        elif counts.max() == 0:
            parts.append(f"no {_plural(series)} under any administration")
        else:
            top = counts[counts == counts.max()].index.tolist()
            parts.append(f"most {_plural(series)} came under {text.listing(top)} ({int(counts.max())})")
    return f"By administration, for {name(country)}: " + "; ".join(parts) + "."


def presidents_text(country: str) -> str:
    """Whether any U.S. president has visited the country, computed over the whole record since 1906."""
    trips = records()
    trips = trips[trips["series"] == PRESIDENT]
    first, end = trips["date"].min(), record_ends()[PRESIDENT]
    here = trips[trips["country"] == country]
    scope = f"the Office of the Historian's record of presidential trips abroad ({first.year} to {end.day} {end:%B %Y})"
    if here.empty:
        others = [c for c in CENTRAL_ASIA if c != country and not (trips["country"] == c).any()]
        also = ", nor any other Central Asian state" if len(others) == len(CENTRAL_ASIA) - 1 else ""
        return f"**No U.S. president has visited {name(country)}{also}**: {scope} holds no such trip."
    visits = "; ".join(f"{row.official} ({row.date.day} {row.date:%B %Y}, {row.locale or 'place not stated'})"
                       for row in here.itertuples())
    times = "once" if len(here) == 1 else f"{len(here)} times"
    return f"A U.S. president visited {name(country)} {times} in {scope}: {visits}."


# --- Central Asia against other regions ----------------------------------------------------------

def period_label(first: int, last: int) -> str:
    """(2001, 2008) -> '2001–08'; (1992, 2000) -> '1992–2000'; (2024, 2024) -> '2024'."""
    if first == last:
        return str(first)
    return f"{first}–{str(last)[2:]}" if str(first)[:2] == str(last)[:2] else f"{first}–{last}"


def period_counts(countries, periods=PERIODS, group: str | None = None) -> pd.DataFrame:
    """Trips and visits to a group of countries per period, with the world totals of each period.

    For the claims page ('U.S. diplomatic engagement intensified'). One row per period x series:
    group, period, start_year, end_year, series, records (to the group), world_records (to every
    country), share (records / world_records, in percent). A period beyond a series' record is NaN; one that runs past
    it counts the covered years and says so in ``note``.
    """
    codes = set([countries] if isinstance(countries, str) else countries)
    rows = records()
    out = []
    for first, last in periods:
        in_period = rows[rows["year"].between(first, last)]
        for series in SERIES:
            end = record_ends()[series]
            part = in_period[in_period["series"] == series]
            covered = first <= end.year
            count = float(part["country"].isin(codes).sum()) if covered else math.nan
            total = float(len(part)) if covered else math.nan
            note = f"record ends {end:%Y-%m-%d}" if covered and last >= end.year else ""
            out.append({"group": group or ", ".join(sorted(codes)), "period": period_label(first, last),
                        "start_year": first, "end_year": last, "series": series, "records": count, "world_records": total,
                        "share": 100 * count / total if total else math.nan, "note": note})
    return pd.DataFrame(out)


def group_comparison(periods=PERIODS) -> pd.DataFrame:
    """:func:`period_counts` for Central Asia and each comparison group (:data:`COMPARISON_GROUPS`)."""
    return pd.concat([period_counts(codes, periods, label) for label, codes in COMPARISON_GROUPS.items()],
                     ignore_index=True)


def group_shares(comparison: pd.DataFrame) -> pd.DataFrame:
    """The comparison as tidy figure data: country = group, year = last year of the period, value = share (%)."""
    return pd.DataFrame({"country": comparison["group"], "year": comparison["end_year"],
                         "series": comparison["series"], "value": comparison["share"],
                         "unit": "% of all records worldwide", "period": comparison["period"],
                         "records": comparison["records"], "world_records": comparison["world_records"]})


def group_shares_figure(shares: pd.DataFrame) -> figures.Figure:
    """Grouped bars: each group's share of all trips (and visits) worldwide, per period, one panel per series."""
    fig, axes = charts.grouped_bars(shares, x="period", group="country", ncols=len(SERIES),
                                    figsize=(13, 4.6), colours=GROUP_COLOURS, labels=str)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    axes.flat[0].get_legend().remove()
    fig.legend(handles, labels, loc="outside lower center", ncols=len(labels), fontsize=8.5)
    for ax in axes.flat:
        ax.tick_params(axis="x", labelsize=8)
    return figures.Figure("attention-by-region", fig, shares, group_shares_title(shares),
                          "Grouped bar charts, one per series (Secretary of State trips, presidential trips, "
                          "leaders' visits to the United States), of each region's share of all records worldwide "
                          "per period. " + _shares_alt(shares), [TRAVELS, VISITS],
                          note="Share of every trip (visit) record worldwide in the period; one trip record per country visited.")


def _shares_alt(shares: pd.DataFrame) -> str:
    rows = shares[shares["country"] == CENTRAL_ASIA_GROUP]
    return "Central Asia: " + "; ".join(f"{r.series} {r.period} {_share(r.value)} ({_n(r.records)} of {_n(r.world_records)})"
                                        for r in rows.itertuples()) + "."


def _n(value: float) -> str:
    return "no data" if findings.is_missing(value) else text.num(value, 0)


def _share(value: float) -> str:
    """A share in percent as text: 'no data' when missing, '0%' for none."""
    if findings.is_missing(value):
        return "no data"
    return "0%" if value == 0 else findings.percent(value)


def group_shares_title(shares: pd.DataFrame) -> str:
    rows = shares[(shares["country"] == CENTRAL_ASIA_GROUP) & (shares["series"] == SECRETARY)].dropna(subset=["value"])
    if rows.empty:
        return "No Secretary of State trips on record for the periods asked for"
    first, last = rows.iloc[0], rows.iloc[-1]
    return (f"Central Asia received {_share(last.value)} of Secretary of State trips abroad in {last.period}, "
            f"against {_share(first.value)} in {first.period}")


def group_shares_text(shares: pd.DataFrame) -> str:
    """Central Asia's share of all Secretary of State trips and leader visits, first and last period, against the others."""
    sentences = []
    for series in (SECRETARY, LEADERS):
        rows = shares[shares["series"] == series].dropna(subset=["value"])
        ca = rows[rows["country"] == CENTRAL_ASIA_GROUP]
        if ca.empty:
            sentences.append(f"The record holds no {_plural(series)} for the periods asked for.")
            continue
        first, last = ca.iloc[0], ca.iloc[-1]
        others = rows[(rows["period"] == last.period) & (rows["country"] != CENTRAL_ASIA_GROUP)]
        lead = (f"Central Asia's share of all {_plural(series)} was **{_share(last.value)}** in {last.period} "
                f"({_n(last.records)} of {_n(last.world_records)})")
        if first.period != last.period:
            lead += f", against {_share(first.value)} in {first.period} ({_n(first.records)} of {_n(first.world_records)})"
        compared = "; ".join(f"{r.country} {_share(r.value)}" for r in others.itertuples())
        sentences.append(lead + (f". In {last.period}: {compared}." if compared else "."))
    return " ".join(sentences)


# --- The curated timeline against the record -----------------------------------------------------

def with_record(events: pd.DataFrame, days: int = 2) -> pd.DataFrame:
    """The timeline with ``in_record``: True if a trip or visit record of one of its countries lies within ``days``."""
    rows = records()
    held = []
    for event in events.itertuples():
        near = rows[rows["country"].isin(event.countries) & ((rows["date"] - event.date).abs() <= pd.Timedelta(days=days))]
        held.append(not near.empty)
    return events.assign(in_record=pd.Series(held, index=events.index, dtype=bool))


def events_not_in_record(events: pd.DataFrame) -> pd.DataFrame:
    """Timeline rows the record does not hold, as the notebook shows them (date, event, level, format, source)."""
    rows = with_record(events)
    rows = rows[~rows["in_record"]]
    return pd.DataFrame({"date": rows["date"].dt.strftime("%Y-%m-%d"), "event": rows["event"], "level": rows["level"],
                         "format": rows["format"], "source": rows["source_kind"], "source_url": rows["source_url"]})


def timeline_text(events: pd.DataFrame, country: str, start_year: int, end_year: int) -> str:
    """How many curated events there are, how many the record holds, and which are head-of-state events."""
    span = _span(start_year, end_year)
    if events.empty:
        return f"The curated timeline lists no high-level U.S. engagement with {name(country)} in {span}."
    checked = with_record(events)
    heads = events[events["level"] == "head of state"]
    held = int(checked["in_record"].sum())
    return (f"The curated timeline lists **{len(events)} events** involving {name(country)} in {span} "
            f"({int((events['format'] == 'C5+1').sum())} in the C5+1 format, {len(heads)} at head-of-state level); "
            f"the Office of the Historian's record holds {held} of them (a trip or visit within two days), "
            f"so the table shows the {len(events) - held} it does not.")


# --- U.S. assistance -------------------------------------------------------------------------------

def last_full_fy(end_year: int) -> int:
    return min(end_year, US_PARTIAL_FY - 1)


def us_assistance(countries, start_year: int, end_year: int) -> pd.DataFrame:
    """Tidy obligations and disbursements (USD million, constant FY2023) by complete fiscal year."""
    last = last_full_fy(end_year)
    unit = f"USD million (constant FY{US_BASE_FY} prices)"
    if start_year > last:
        return pd.DataFrame(columns=list(figures.DATA_COLUMNS))
    parts = [figures.tidy(us_aid(countries, start_year, last, measure) / 1e6, measure, unit) for measure in MEASURES]
    return pd.concat(parts, ignore_index=True)


def _series(table: pd.DataFrame, country: str, series: str) -> pd.Series:
    rows = table[(table["country"] == country) & (table["series"] == series)]
    return rows.set_index("year")["value"].astype("float64")


def us_assistance_title(table: pd.DataFrame, country: str) -> str:
    obligations = _series(table, country, "Obligations")
    year, now = metrics.latest(obligations)
    if year is None:
        return f"ForeignAssistance.gov reports no U.S. obligations for {name(country)} in these years"
    title = f"U.S. obligations for {name(country)} were USD {text.num(now, 1)} million in FY{year}"
    if obligations.notna().sum() > 1:
        peak_year = int(obligations.idxmax())
        if peak_year != year:
            title += f", {text.pct(now / obligations.max())} of their FY{peak_year} peak"
    return title


def us_assistance_figure(table: pd.DataFrame, country: str) -> figures.Figure | None:
    """Obligations and disbursements, one panel each, one line per state (the focus bold)."""
    if table["value"].notna().sum() == 0:
        return None
    fig, axes = charts.lines(table, focus=country, ncols=2, figsize=(11, 3.9))
    for ax in axes.flat:
        ax.set_xlabel("U.S. fiscal year")
        ax.set_ylim(bottom=0)
    latest = {c: metrics.latest(_series(table, c, "Obligations")) for c in dict.fromkeys(table["country"])}
    shown = "; ".join(f"{name(c)} {text.num(v, 1)} million in FY{y}" for c, (y, v) in latest.items() if y is not None)
    return figures.Figure("us-assistance", fig, table, us_assistance_title(table, country),
                          f"Two line charts of U.S. obligations and disbursements in million constant FY{US_BASE_FY} "
                          f"dollars by fiscal year, one line per Central Asian state. Latest obligations: {shown}.",
                          [US_AID], note=f"Constant FY{US_BASE_FY} dollars. FY{US_PARTIAL_FY} is partial (download of "
                                         f"about April 2025) and not drawn. {plots.MISSING_NOTE}")


def us_partial(country: str, end_year: int) -> dict[str, float] | None:
    """FY2025 obligations and disbursements so far (USD million), or None if the window ends before it."""
    if end_year < US_PARTIAL_FY:
        return None
    row = us_measures(country, US_PARTIAL_FY, US_PARTIAL_FY).loc[US_PARTIAL_FY] / 1e6
    return {measure: float(row[measure]) for measure in MEASURES}


def us_assistance_text(table: pd.DataFrame, country: str, partial: dict[str, float] | None) -> str:
    """The last complete fiscal year's obligations and disbursements, the peak, and the partial year."""
    obligations, disbursements = _series(table, country, "Obligations"), _series(table, country, "Disbursements")
    year, now = metrics.latest(obligations)
    d_year, d_now = metrics.latest(disbursements)
    later = (f"FY{US_PARTIAL_FY} is partial: the file was downloaded around April 2025, before the 2025 wind-down of "
             f"USAID, and shows only USD {text.num(partial['Obligations'], 2)} million obligated and USD "
             f"{text.num(partial['Disbursements'], 2)} million disbursed so far." if partial else "")
    if year is None:
        return (text.missing("obligations", name(country), "ForeignAssistance.gov", "no complete fiscal year in the "
                             "years asked for" if table.empty else "") + (" " + later if later else "")).strip()
    paid = (f"disbursed **USD {text.num(d_now, 1)} million**" if d_year == year else
            f"has no disbursement figure for that year")
    out = (f"In FY{year}, the last complete fiscal year in the file, U.S. agencies obligated **USD {text.num(now, 1)} "
           f"million** for {name(country)} and {paid} (constant FY{US_BASE_FY} dollars; the two overlap and are not added).")
    if obligations.notna().sum() > 1:
        out += f" Obligations peaked at USD {text.num(obligations.max(), 1)} million in FY{int(obligations.idxmax())}."
    first_paid = disbursements.first_valid_index()
    if first_paid is not None and first_paid > obligations.first_valid_index():
        out += f" Disbursements are reported only from FY{int(first_paid)}."
    return out + (" " + later if later else "")


def regional_text(country: str, start_year: int, end_year: int) -> str:
    """The 'South and Central Asia Region' obligations of the last complete fiscal year, not split by country."""
    last = last_full_fy(end_year)
    year, now = metrics.latest(regional_programmes(start_year, last) / 1e6) if start_year <= last else (None, math.nan)
    if year is None:
        return ("ForeignAssistance.gov lists no 'South and Central Asia Region' obligations in the complete fiscal "
                "years asked for.")
    return (f"**Regional programmes are not split by country.** The same file lists **USD {text.num(now, 0)} million** of "
            f"FY{year} obligations for the 'South and Central Asia Region' (a bureau-wide line that is mostly not specific to "
            f"Central Asia). None of it is counted in {name(country)}'s row above, so country totals understate U.S. engagement.")


# --- Chinese finance -----------------------------------------------------------------------------

def china_classes(country: str, start_year: int, end_year: int) -> pd.DataFrame:
    """Tidy Chinese commitments by flow class (USD billion, constant 2021); NaN = no amount recorded."""
    last = min(end_year, CHINA_LAST_YEAR)
    if start_year > last:
        return pd.DataFrame(columns=list(figures.DATA_COLUMNS))
    table = china_by_class(country, start_year, last).reindex(range(start_year, last + 1)) / 1e9
    unit = f"USD billion (constant {CHINA_BASE_YEAR} prices)"
    return pd.concat([figures.tidy(table[[label]].rename(columns={label: country}), label, unit)
                      for label in table.columns], ignore_index=True)


def _china_total(table: pd.DataFrame) -> pd.Series:
    return table.pivot_table(index="year", columns="series", values="value", aggfunc="first",
                             dropna=False).sum(axis=1, min_count=1)


def china_title(table: pd.DataFrame, country: str) -> str:
    total = _china_total(table)
    years = sorted(set(table["year"]))
    return (f"China committed USD {text.num(total.sum(), 1)} billion to {name(country)} in {_span(years[0], years[-1])}; "
            f"{text.pct(total.max() / total.sum())} of it in {int(total.idxmax())} alone")


def china_figure(table: pd.DataFrame, country: str) -> figures.Figure | None:
    """Stacked bars of commitments by class; years with no recorded amount marked 'none recorded'."""
    if table.empty or table["value"].isna().all():
        return None
    fig, axes = charts.stacked_bars(table, CHINA_COLOURS)
    ax = axes.flat[0]
    total = _china_total(table)
    for year in total[total.isna()].index:
        ax.text(year, 0, "none\nrecorded", ha="center", va="bottom", fontsize=6.5, color="#777777", rotation=90)
    ax.set_xlabel("Commitment year")
    ax.xaxis.get_major_locator().set_params(integer=True)
    none = text.year_ranges([int(y) for y in total[total.isna()].index]) or "none"
    return figures.Figure("china-commitments", fig, table, china_title(table, country),
                          f"Stacked bar chart of Chinese official finance commitments to {name(country)} by year and flow "
                          f"class in billion constant {CHINA_BASE_YEAR} dollars. Total {text.num(total.sum(), 1)} billion; "
                          f"largest year {int(total.idxmax())} with {text.num(total.max(), 1)} billion. "
                          f"Years with no recorded amount: {none}.", [GCDF],
                          note="Commitments (signed amounts), not disbursements. Years marked 'none recorded' have no stated amount.")


LARGEST = {1: "largest year", 2: "two largest years", 3: "three largest years"}


def china_text(table: pd.DataFrame, country: str, start_year: int, end_year: int) -> str:
    """Total commitments, the OOF-like share, the three largest years and the years with no amount."""
    if table.empty:
        return (f"AidData's GCDF 3.0 ends with commitment year {CHINA_LAST_YEAR}, so it has no Chinese commitments "
                f"for {_span(start_year, end_year)}.")
    total = _china_total(table)
    years = sorted(set(table["year"]))
    span = _span(years[0], years[-1])
    if total.isna().all():
        return text.missing("Chinese commitments", name(country), "AidData's GCDF 3.0", f"none in {span}")
    oof = table.loc[table["series"] == "OOF-like", "value"].sum() / total.sum()
    top = total.dropna().sort_values(ascending=False).head(3)
    largest = "; ".join(f"{y} (USD {text.num(v, 1)} billion)" for y, v in top.items())
    none = [int(y) for y in total[total.isna()].index]
    return (f"AidData records **USD {text.num(total.sum(), 1)} billion** of Chinese official commitments to {name(country)} "
            f"in {span} (constant {CHINA_BASE_YEAR} dollars), **{text.pct(oof)}** of it OOF-like, i.e. lending near market "
            f"terms rather than aid. The {LARGEST[len(top)]}: {largest}."
            + (f" No amount is recorded for {text.year_ranges(none)}." if none else ""))


# --- The two on one axis -------------------------------------------------------------------------

def us_china(country: str, start_year: int, end_year: int) -> pd.DataFrame:
    """Tidy U.S. obligations, disbursements and Chinese commitments in 2021 prices, yearly (USD million)
    and as running totals (USD billion), for the years both sources can cover (to 2021)."""
    if start_year > CHINA_LAST_YEAR:
        return pd.DataFrame(columns=list(figures.DATA_COLUMNS))
    both = us_and_china(country, start_year, end_year)
    yearly = [c for c in both.columns if not c.startswith("cumulative")]
    parts = [figures.tidy(both[[c]].rename(columns={c: country}) / 1e6, c, "USD million (2021 prices)") for c in yearly]
    parts += [figures.tidy(both[[f"cumulative {c}"]].rename(columns={f"cumulative {c}": country}) / 1e9,
                           f"cumulative {c}", "USD billion (2021 prices)") for c in yearly]
    return pd.concat(parts, ignore_index=True)


def _us_china_sums(table: pd.DataFrame, country: str) -> tuple[float, float, float]:
    us, china = _series(table, country, "U.S. obligations"), _series(table, country, "Chinese commitments")
    return us.sum(min_count=1) / 1e3, china.sum(min_count=1) / 1e3, ratio_of_totals(china, us)


def us_china_title(table: pd.DataFrame, country: str) -> str:
    years = sorted(set(table["year"]))
    span = _span(years[0], years[-1])
    _us, _china, ratio = _us_china_sums(table, country)
    if findings.is_missing(ratio) or ratio == 0:
        return f"No ratio of Chinese commitments to U.S. obligations for {name(country)} can be formed for {span}"
    if ratio >= 1:
        return f"China committed {text.num(ratio, 1)}× what U.S. agencies obligated for {name(country)}, {span}"
    return f"U.S. obligations for {name(country)} were {text.num(1 / ratio, 1)}× Chinese commitments, {span}"


def us_china_figure(table: pd.DataFrame, country: str) -> figures.Figure | None:
    """Left: yearly amounts (log scale); right: running totals."""
    if table.empty or _series(table, country, "Chinese commitments").isna().all():
        return None
    fig, axes = plots.new_figure(1, 2, figsize=(11, 3.9))
    styles = {"U.S. obligations": ("USA", "-", None), "U.S. disbursements": ("USA", "--", None),
              "Chinese commitments": ("CHN", "none", "o")}
    for series, (code, style, marker) in styles.items():
        values = _series(table, country, series)
        axes[0].plot(values.index, values.values, color=plots.colour(code), linestyle=style, marker=marker,
                     markersize=4, label=series)
        if series != "U.S. disbursements":
            running = _series(table, country, f"cumulative {series}")
            axes[1].plot(running.index, running.values, color=plots.colour(code), label=series)
    axes[0].set_yscale("log")
    axes[0].set_ylabel("million US$, 2021 prices (log scale)")
    axes[0].set_title("Each year")
    axes[1].set_ylabel("billion US$, 2021 prices")
    years = sorted(set(table["year"]))
    axes[1].set_title(f"Running total since {years[0]}")
    for ax in axes:
        ax.set_xlabel("Year (U.S.: fiscal year)")
        ax.legend(loc="upper left", fontsize=8)
        ax.xaxis.get_major_locator().set_params(integer=True)
    us, china, _ratio = _us_china_sums(table, country)
    return figures.Figure("us-and-china", fig, table, us_china_title(table, country),
                          f"Two charts comparing U.S. assistance and Chinese official finance for {name(country)}, "
                          f"{_span(years[0], years[-1])}, in 2021 prices. Left, log scale: yearly U.S. obligations and "
                          f"disbursements (lines) and Chinese commitments (dots). Right: running totals, "
                          f"{text.num(us, 2)} billion of U.S. obligations against {text.num(china, 1)} billion of "
                          f"Chinese commitments by {years[-1]}.", [US_AID, GCDF],
                          note=f"U.S. constant FY{US_BASE_FY} dollars × {text.num(us_rebase_factor(), 3)} (the U.S. "
                               f"file's FY2021 deflator); AidData constant 2021 dollars. Obligations (mainly grants) vs "
                               f"commitments (mostly loans): different money, compared for scale only.")


def us_china_text(table: pd.DataFrame, country: str, start_year: int, end_year: int) -> str:
    """The two totals in 2021 prices, their ratio, the years U.S. obligations were larger, the years with no Chinese amount."""
    if table.empty or _series(table, country, "Chinese commitments").isna().all():
        return (text.missing("Chinese commitments", name(country), "AidData's GCDF 3.0",
                             f"no overlap with {_span(start_year, end_year)}") + f" The comparison needs years up to {CHINA_LAST_YEAR}.")
    years = sorted(set(table["year"]))
    us_series, china_series = _series(table, country, "U.S. obligations"), _series(table, country, "Chinese commitments")
    us, china, ratio = _us_china_sums(table, country)
    us_more = [int(y) for y in years if us_series.get(y, math.nan) > china_series.get(y, math.nan)]
    none = [int(y) for y in years if findings.is_missing(china_series.get(y, math.nan))]
    ratio_text = (f"a ratio of **{text.num(ratio, 1)} to 1**" if not findings.is_missing(ratio)
                  else "no ratio can be formed (no U.S. obligations recorded)")
    out = (f"Over {_span(years[0], years[-1])}, in 2021 prices, U.S. agencies obligated **USD {text.num(us, 2)} billion** "
           f"for {name(country)} and China committed **USD {text.num(china, 1)} billion**: {ratio_text}. China's total rests on "
           f"{int(china_series.notna().sum())} year{'s' if china_series.notna().sum() != 1 else ''} with a recorded amount; "
           f"U.S. obligations were the larger sum in "
           + (f"{len(us_more)} of them ({text.year_ranges(us_more)})." if us_more else "none of them."))
    if none:
        out += (f" No Chinese amount is recorded for {text.year_ranges(none)}; "
                + ("that year is" if len(none) == 1 else "those years are") + " left blank, not counted as zero.")
    return out + f" The U.S. series was multiplied by {text.num(us_rebase_factor(), 3)} to move it from FY{US_BASE_FY} to FY2021 prices."


# --- Attention beside aid, Chinese finance and UN votes ---------------------------------------------

def attention_context(country: str, start_year: int, end_year: int) -> pd.DataFrame:
    """Tidy yearly series for one country: trips and visits (all three kinds), U.S. obligations
    (USD million, FY2023 prices), Chinese commitments (USD million, 2021 prices), UNGA agreement with the U.S. (%)."""
    counts = attention([country], start_year, end_year)
    all_kinds = counts.groupby("year")["value"].sum(min_count=len(SERIES))
    parts = [figures.tidy(all_kinds.to_frame(country), CONTEXT_ATTENTION, "trips and visits")]
    last = last_full_fy(end_year)
    if start_year <= last:
        parts.append(figures.tidy(us_aid([country], start_year, last) / 1e6, CONTEXT_AID,
                                  f"USD million (constant FY{US_BASE_FY} prices)"))
    if start_year <= CHINA_LAST_YEAR:
        parts.append(figures.tidy(china_commitments([country], start_year, end_year) / 1e6, CONTEXT_CHINA,
                                  f"USD million (constant {CHINA_BASE_YEAR} prices)"))
    agreement = us_agreement(country, start_year, end_year)
    if agreement is not None and agreement.notna().any():
        shown = (agreement * 100).reindex(range(start_year, end_year + 1)).to_frame(country)
        parts.append(figures.tidy(shown, CONTEXT_UNGA, "% of UNGA votes the same as the U.S."))
    return pd.concat(parts, ignore_index=True)


def context_title(context: pd.DataFrame, country: str) -> str:
    agreement = _series(context, country, CONTEXT_UNGA) / 100
    if agreement.notna().sum() == 0:
        return f"U.S. attention, U.S. aid and Chinese finance for {name(country)} (no UNGA agreement data for these years)"
    year, now = metrics.latest(agreement)
    before, after = period_means(agreement, C5_PLUS_1_YEAR, int(agreement.index.min()), int(agreement.index.max()))
    if findings.is_missing(before) or findings.is_missing(after):
        return f"{name(country)} voted with the U.S. in {text.pct(now)} of UNGA votes in {year}"
    return (f"{name(country)} voted with the U.S. in {text.pct(now)} of UNGA votes in {year}; "
            f"average {text.pct(after)} from {C5_PLUS_1_YEAR} against {text.pct(before)} before")


def context_figure(context: pd.DataFrame, events: pd.DataFrame, country: str) -> figures.Figure:
    """One panel per series over a shared year axis, with the curated events as vertical lines."""
    fig, axes = charts.lines(context, focus=country, ncols=1, figsize=(9, 2.3 * context["series"].nunique() + 0.6),
                             legend="none", sharex=True)
    handles = []
    for ax in axes.flat:
        if ax.get_visible():
            ax.set_ylim(bottom=0)
            handles = mark_events(ax, events) or handles
    axes.flat[0].yaxis.get_major_locator().set_params(integer=True)  # the first panel counts trips and visits
    if handles:
        axes.flat[0].legend(handles=handles, loc="upper left", fontsize=7.5)
    listed = "; ".join(f"{d:%Y-%m-%d} {lvl}" for d, lvl in zip(events["date"], events["level"])) or "none"
    return figures.Figure("attention-aid-votes", fig, context, context_title(context, country),
                          f"Line charts sharing a year axis for {name(country)}: {text.listing(list(dict.fromkeys(context['series'])))}, "
                          f"with vertical lines at the curated high-level U.S. engagements ({listed}).",
                          sorted(set([TRAVELS, VISITS, US_AID, GCDF] + ([UNGA] if CONTEXT_UNGA in set(context["series"]) else []))),
                          note="Vertical lines: high-level U.S. engagement from data/us_engagement_timeline.csv (curated, "
                               f"each row sourced). {plots.MISSING_NOTE}")


def agreement_text(context: pd.DataFrame, country: str) -> str:
    """Latest UNGA agreement, means before and since the C5+1 began, and its correlation with U.S. obligations."""
    agreement = _series(context, country, CONTEXT_UNGA) / 100
    if agreement.notna().sum() == 0:
        return (f"UNGA agreement with the United States is not available for {name(country)} in these years, "
                f"so that panel is left out rather than guessed.")
    year, now = metrics.latest(agreement)
    present = agreement.dropna()
    first = int(present.index.min())
    out = f"{name(country)} voted as the United States did in **{text.pct(now)}** of recorded UNGA votes in the {year} session."
    before, after = period_means(agreement, C5_PLUS_1_YEAR, first, year)
    if not findings.is_missing(before) and not findings.is_missing(after):
        out += (f" Agreement averaged {text.pct(before)} in the {_span(first, C5_PLUS_1_YEAR - 1)} sessions, before the "
                f"C5+1 began, and {text.pct(after)} in {_span(C5_PLUS_1_YEAR, year)}; its lowest point was "
                f"{text.pct(present.min())} in {int(present.idxmin())}.")
    r, n = metrics.correlation(_series(context, country, CONTEXT_AID), agreement)
    if n >= 3:
        out += f" Across the {n} years both series cover, yearly U.S. obligations and agreement correlate at r = {text.num(r, 2)}."
    return out


# --- headline numbers (the brief, comparison and claims pages read these) ---------------------

def us_rows(country: str, end_year: int = 2025) -> list[dict]:
    """U.S. obligations and disbursements in the last complete fiscal year (constant FY2023 USD million)."""
    last_full = min(end_year, US_PARTIAL_FY - 1)
    table = us_measures(country, 1946, last_full) / 1e6
    rows = []
    unit = f"USD million, constant FY{US_BASE_FY} prices"
    for measure in MEASURES:
        year, value = metrics.latest(table[measure])
        key = f"us_{measure.lower()}"
        if year is None:
            rows.append(findings.not_reported(THEME, key, "U.S. assistance", f"U.S. {measure.lower()}", unit, [US_AID],
                                 f"ForeignAssistance.gov reports no {measure.lower()} for {name(country)}"))
            continue
        note = (f"FY{US_PARTIAL_FY} is partial and left out" if last_full == US_PARTIAL_FY - 1 else "")
        rows.append(findings.headline(THEME, key, "U.S. assistance", f"U.S. {measure.lower()}", value, findings.usd_million(value), unit, year,
                         [US_AID], note, fiscal=True))
    return rows


def china_rows(country: str, start_year: int = 2000, end_year: int = 2025) -> list[dict]:
    """Chinese official commitments summed over the window (to 2021), and U.S. obligations over the same years.

    Both in 2021 prices: U.S. constant-FY2023 dollars are re-expressed with
    :func:`helpers.themes.us_rebase_factor`, as the engagement notebook does.
    """
    last = min(end_year, CHINA_LAST_YEAR)
    unit = f"USD million, constant {CHINA_BASE_YEAR} prices"
    if start_year > last:
        reason = f"AidData's GCDF 3.0 ends with commitment year {CHINA_LAST_YEAR}, before {start_year}"
        return [findings.not_reported(THEME, "china_commitments", "Chinese finance", "Chinese official commitments", unit, [GCDF], reason),
                findings.not_reported(THEME, "us_obligations_same_years", "Chinese finance", "U.S. obligations over the same years", unit,
                         [US_AID], reason)]
    both = us_and_china(country, start_year, last) / 1e6
    rows = []
    china = both["Chinese commitments"]
    if china.notna().any():
        total = float(china.sum())
        none_in = [int(y) for y in china[china.isna()].index]
        note = "signed commitments, not disbursements" + (
            f"; no amount recorded for {text.year_ranges(none_in)}" if none_in else "")
        rows.append(findings.headline(THEME, "china_commitments", "Chinese finance", "Chinese official commitments", total,
                         findings.usd_million(total), unit, last, [GCDF], note, base_year=start_year))
    else:
        rows.append(findings.not_reported(THEME, "china_commitments", "Chinese finance", "Chinese official commitments", unit, [GCDF],
                             f"AidData records no commitment to {name(country)} in {start_year}–{last}"))
    us = both["U.S. obligations"]
    if us.notna().any():
        total = float(us.sum())
        rows.append(findings.headline(THEME, "us_obligations_same_years", "Chinese finance", "U.S. obligations over the same years", total,
                         findings.usd_million(total), unit, last, [US_AID],
                         f"U.S. fiscal years; constant FY{US_BASE_FY} dollars x "
                         f"{text.num(us_rebase_factor(), 3)} (the U.S. file's own FY2021 deflator)",
                         base_year=start_year, fiscal=True))
    else:
        rows.append(findings.not_reported(THEME, "us_obligations_same_years", "Chinese finance", "U.S. obligations over the same years",
                             unit, [US_AID], f"ForeignAssistance.gov reports no obligations for {name(country)} "
                                             f"in FY{start_year}–FY{last}"))
    return rows


def attention_rows(country: str, start_year: int = 2000, end_year: int = 2025) -> list[dict]:
    """Secretary of State trips, presidential trips and leaders' visits to the U.S., summed over the window."""
    table = attention([country], start_year, end_year)
    keys = {SECRETARY: "secstate_trips", PRESIDENT: "presidential_trips", LEADERS: "leader_visits"}
    rows = []
    for series, total in totals(table, country).items():
        measure = {SECRETARY: "Trips by the U.S. Secretary of State", PRESIDENT: "Trips by the U.S. President",
                   LEADERS: f"Visits by {name(country)}'s leaders to the U.S."}[series]
        end = min(end_year, record_ends()[series].year)
        dataset = VISITS if series == LEADERS else TRAVELS
        if findings.is_missing(total):
            rows.append(findings.not_reported(THEME, keys[series], "U.S. attention", measure, UNITS[series], [dataset],
                                              f"the Office of the Historian's record ends on {record_ends()[series]:%Y-%m-%d}"))
            continue
        note = f"record ends {record_ends()[series]:%Y-%m-%d}" if end_year >= record_ends()[series].year else ""
        rows.append(findings.headline(THEME, keys[series], "U.S. attention", measure, total,
                                      _count(total, series).replace(" of its leaders", ""), UNITS[series], end,
                                      [dataset], note, base_year=start_year))
    return rows


def attention_headlines(country: str, start_year: int = 2000, end_year: int = 2025) -> pd.DataFrame:
    """The trips and visits on record as headline rows (topic 'U.S. attention').

    Kept out of :func:`headlines` until the brief states a 'U.S. attention' sentence: the brief
    requires every topic of the headlines it reads to have one.
    """
    return findings.table(attention_rows(country, start_year, end_year))


def headlines(country: str, start_year: int = 2000, end_year: int = 2025) -> pd.DataFrame:
    """U.S. assistance in the last full fiscal year, and Chinese commitments against U.S. obligations."""
    return findings.table(us_rows(country, end_year) + china_rows(country, start_year, end_year))
