"""Tables behind the engagement notebook: who brings what, and when the United States showed up.

* U.S. assistance (ForeignAssistance.gov, ``us_foreign_aid``): obligations and disbursements by
  U.S. fiscal year in constant FY2023 dollars, never added together.
* Chinese official finance (AidData GCDF 3.0, ``china_gcdf3_country_year``): commitments by
  calendar year, constant 2021 dollars.
* The curated timeline of high-level U.S. engagement, ``data/us_engagement_timeline.csv``
  (see :func:`timeline`).
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
from helpers.data.countries import name
from helpers.data.sources import aid
from helpers.present import plots, text
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


def headlines(country: str, start_year: int = 2000, end_year: int = 2025) -> pd.DataFrame:
    """U.S. assistance in the last full fiscal year, and Chinese commitments against U.S. obligations."""
    return findings.table(us_rows(country, end_year) + china_rows(country, start_year, end_year))
