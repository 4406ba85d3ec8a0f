"""Headline numbers every theme states, in one shape, and how they read in a sentence.

Each theme module has ``headlines(country, start_year, end_year)`` returning its
headline numbers as rows built with :func:`headline` (or :func:`not_reported`
for a number the sources do not have). The brief, the regional comparison and
the claims page take these tables instead of computing the numbers again.

Columns of a headlines table (:data:`COLUMNS`):

* ``key``        stable id, e.g. ``trade_exports_CHN``, ``unga_USA``, ``unga_USA_change``
* ``theme``      the theme notebook that discusses the number
* ``topic``      Trade, UN votes, Oil and gas, Military spending, Remittances, U.S. assistance, ...
* ``measure``    what the number is, in words
* ``partner``    the other country of a trade share or an agreement score (ISO3 or a source's own code); ''
* ``value``      float (percentages as percent, e.g. 18.7; money in USD million); NaN if missing
* ``text``       the value exactly as sentences print it ('18.7%', '+11.0 points', 'USD 19.0 million');
                 'not reported' if missing
* ``unit``       unit of ``value``
* ``year``       year the value refers to (Int64; the last year of a change or sum; U.S. fiscal
                 year for U.S. assistance); <NA> if missing
* ``base_year``  first year of a change or sum (Int64), else <NA>
* ``year_label`` '2023', '2019–2023', 'FY2024', '2000–2021' or '–'
* ``datasets``   dataset id(s), '; '-joined
* ``note``       'not reported: ...' for a missing number; otherwise a caveat or ''
"""

from __future__ import annotations

import math

import pandas as pd

from helpers import data
from helpers.data.countries import name
from helpers.present import text
from helpers.themes import metrics

COLUMNS = ["key", "theme", "topic", "measure", "partner", "value", "text", "unit", "year", "base_year",
           "year_label", "datasets", "note"]
NOT_REPORTED = "not reported"


# --- numbers as sentences print them ----------------------------------------------------------

def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def percent(value: float, digits: int | None = None) -> str:
    """18.73 -> '18.7%', 0.428 -> '0.43%' (value already in percent); NaN -> 'not reported'.

    Default digits: two below 1%, else one.
    """
    if is_missing(value):
        return NOT_REPORTED
    if digits is None:
        digits = 2 if abs(value) < 1 else 1
    return f"{text.num(value, digits)}%"


def cap(sentence: str) -> str:
    """First letter upper-cased, the rest untouched."""
    return sentence[:1].upper() + sentence[1:]


def points(value: float, digits: int = 1) -> str:
    """11.04 -> '+11.0 points', -7.6 -> '−7.6 points' (true minus sign); NaN -> 'not reported'."""
    return NOT_REPORTED if is_missing(value) else f"{text.signed(value, digits)} points"


def usd_million(value: float) -> str:
    """An amount in USD million: 'USD 19.0 million', 'USD 64.1 billion'; NaN -> 'not reported'.

    'USD', never '$': two dollar signs in one Markdown paragraph or matplotlib title are typeset
    as mathematics.
    """
    if is_missing(value):
        return NOT_REPORTED
    if abs(value) >= 1000:
        return f"USD {text.num(value / 1000, 1)} billion"
    return f"USD {text.num(value, 1)} million"


def quantity(value: float, unit: str, digits: int = 1) -> str:
    """99.35 'Mt' -> '99.4 Mt'; NaN -> 'not reported'."""
    return NOT_REPORTED if is_missing(value) else f"{text.num(value, digits)} {unit}"


def year_label(year, base_year=None, fiscal: bool = False) -> str:
    if year is None or pd.isna(year):
        return "–"
    prefix = "FY" if fiscal else ""
    if base_year is not None and not pd.isna(base_year) and int(base_year) != int(year):
        return f"{prefix}{int(base_year)}–{prefix}{int(year)}"
    return f"{prefix}{int(year)}"


# --- rows -------------------------------------------------------------------------------------

def headline(theme: str, key: str, topic: str, measure: str, value: float, shown: str, unit: str, year,
             datasets, note: str = "", base_year=None, fiscal: bool = False, partner: str = "") -> dict:
    """One row of a headlines table; a missing ``value`` makes it a not-reported row."""
    missing = is_missing(value)
    return {"key": key, "theme": theme, "topic": topic, "measure": measure, "partner": partner,
            "value": math.nan if missing else float(value),
            "text": NOT_REPORTED if missing else shown, "unit": unit,
            "year": None if missing or year is None else int(year),
            "base_year": None if missing or base_year is None else int(base_year),
            "year_label": "–" if missing else year_label(year, base_year, fiscal),
            "datasets": "; ".join(datasets), "note": note}


def not_reported(theme: str, key: str, topic: str, measure: str, unit: str, datasets, reason: str,
                 partner: str = "") -> dict:
    """The row of a number the sources do not have; ``reason`` says why."""
    return headline(theme, key, topic, measure, math.nan, "", unit, None, datasets, f"{NOT_REPORTED}: {reason}",
                    partner=partner)


def table(rows: list[dict]) -> pd.DataFrame:
    """Rows as a headlines table (:data:`COLUMNS`, years as Int64)."""
    out = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("year", "base_year"):
        out[column] = pd.array(out[column], dtype="Int64")
    out["value"] = out["value"].astype("float64")
    return out


def row(headlines: pd.DataFrame, key: str) -> pd.Series | None:
    """The row of a headlines table with this ``key`` (None if there is none)."""
    rows = headlines[headlines["key"] == key]
    return rows.iloc[0] if len(rows) else None


def reason(headline_row: pd.Series) -> str:
    """Why a number is missing (its note without the 'not reported: ' prefix), or its caveat."""
    note = headline_row["note"]
    return note.split(": ", 1)[1] if note.startswith(NOT_REPORTED) else note


# --- latest figures and the years after them -----------------------------------------------------

def gap_note(source: str, country: str, year: int, last_available: int) -> str:
    """'' when ``year`` is the source's latest; else 'the last year <source> reports for <country> ...'."""
    if year >= last_available:
        return ""
    later = str(year + 1) if year + 1 == last_available else f"{year + 1}–{last_available}"
    return f"the last year {source} reports for {name(country)}; it has no figure for {later}"


def latest_with_gap(series: pd.Series, source: str, country: str, last_available: int) -> tuple[int | None, float, str]:
    """(year, value, note) of the last reported year, the note naming the years after it that are missing."""
    year, value = metrics.latest(series)
    if year is None:
        return None, math.nan, ""
    return year, value, gap_note(source, country, year, last_available)


def last_year(dataset_id: str, indicator: str | None = None, end_year: int | None = None) -> int:
    """The latest year a panel dataset (or one of its indicators) reports for any country, up to ``end_year``."""
    rows = data.panel(dataset_id, indicator, end_year=end_year)
    return int(rows["year"].max())
