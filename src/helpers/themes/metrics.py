"""Small, tested calculations the notebooks quote: growth, shares, latest values."""

from __future__ import annotations

import math

import pandas as pd


def latest(series: pd.Series) -> tuple[int | None, float]:
    """(year, value) of the last reported year; (None, nan) when nothing is reported."""
    present = series.dropna()
    if present.empty:
        return None, math.nan
    return int(present.index[-1]), float(present.iloc[-1])


def value_in(series: pd.Series, year: int) -> float:
    """The value for ``year``, NaN when the source has none."""
    return float(series.get(year, math.nan))


def cagr(series: pd.Series, start: int, end: int) -> float:
    """Compound annual growth rate between two years (NaN if either is missing or <= 0)."""
    first, last = value_in(series, start), value_in(series, end)
    if not (first > 0 and last > 0) or end <= start:
        return math.nan
    return (last / first) ** (1 / (end - start)) - 1


def first_year_at_least(series: pd.Series, threshold: float) -> int | None:
    """The first year the series reaches ``threshold`` (None if never)."""
    hits = series[series >= threshold].dropna()
    return int(hits.index[0]) if not hits.empty else None


def shares(values: pd.Series) -> pd.Series:
    """Each item's share of the total (NaN values ignored, not counted as zero)."""
    total = values.sum(skipna=True)
    return values / total if total else values * math.nan


def mean_in(series: pd.Series, first: int, last: int) -> float:
    """Mean of the reported values with index in first..last (NaN if none)."""
    part = series[(series.index >= first) & (series.index <= last)].dropna()
    return float(part.mean()) if not part.empty else math.nan


def correlation(a: pd.Series, b: pd.Series, min_points: int = 3, ranks: bool = False) -> tuple[float, int]:
    """Correlation over the index values both series report, and that number of points.

    NaN with fewer than ``min_points``. ``ranks=True`` gives Spearman's rank correlation
    (Pearson on ranks), so a few extreme years do not dominate.
    """
    both = pd.concat([a, b], axis=1).dropna()
    if len(both) < min_points:
        return math.nan, len(both)
    x, y = both.iloc[:, 0], both.iloc[:, 1]
    if ranks:
        x, y = x.rank(), y.rank()
    return float(x.corr(y)), len(both)


def rank_of(values: pd.Series, code: str) -> tuple[int | None, int]:
    """(rank of ``code`` from the highest, number of reported values); (None, n) if ``code`` is not reported."""
    present = values.dropna().sort_values(ascending=False)
    if code not in present.index:
        return None, len(present)
    return list(present.index).index(code) + 1, len(present)
