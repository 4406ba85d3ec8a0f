import math

import pandas as pd
import pytest

from helpers.present import text
from helpers.themes import metrics


def test_latest_skips_trailing_gaps():
    series = pd.Series([1.0, 2.0, math.nan], index=[2019, 2020, 2021])
    assert metrics.latest(series) == (2020, 2.0)
    assert metrics.latest(pd.Series([math.nan], index=[2020]))[0] is None


def test_cagr_doubles_over_two_years():
    series = pd.Series([100.0, 150.0, 200.0], index=[2010, 2011, 2012])
    assert metrics.cagr(series, 2010, 2012) == pytest.approx(2 ** 0.5 - 1)


def test_cagr_is_nan_for_missing_or_zero_start():
    series = pd.Series([0.0, 5.0], index=[2010, 2015])
    assert math.isnan(metrics.cagr(series, 2010, 2015))
    assert math.isnan(metrics.cagr(series, 2009, 2015))


def test_shares_ignore_missing_instead_of_counting_zero():
    got = metrics.shares(pd.Series({"CHN": 3.0, "RUS": 1.0, "X": math.nan}))
    assert got["CHN"] == pytest.approx(0.75)
    assert math.isnan(got["X"])


def test_first_year_at_least():
    series = pd.Series([0.01, 0.04, 0.06, 0.2], index=[2014, 2015, 2016, 2017])
    assert metrics.first_year_at_least(series, 0.05) == 2016
    assert metrics.first_year_at_least(series, 5) is None


def test_text_formats_and_missing_sentence():
    assert text.num(12345.678) == "12,345.7"
    assert text.pct(0.4567) == "46%"
    assert text.signed_pct(0.123) == "+12.3%"
    assert text.num(math.nan) == "n/a"
    assert text.missing("solar generation", "Kyrgyzstan", "The EI") == "The EI reports no solar generation for Kyrgyzstan."


def test_correlation_uses_only_years_both_report():
    a = pd.Series({2000: 1.0, 2001: 2.0, 2002: float("nan"), 2003: 4.0, 2004: 5.0})
    b = pd.Series({2000: 2.0, 2001: 4.0, 2002: 6.0, 2003: 8.0, 2005: 1.0})
    r, n = metrics.correlation(a, b)
    assert (round(r, 12), n) == (1.0, 3)  # 2000, 2001, 2003
    assert math.isnan(metrics.correlation(a, b, min_points=4)[0])
    assert metrics.correlation(pd.Series([1.0, 2.0, 3.0, 100.0]), pd.Series([1.0, 2.0, 3.0, 4.0]), ranks=True)[0] == 1.0


def test_possessive_listing_and_names():
    assert text.possessive("China") == "China's" and text.possessive("the United States") == "the United States'"
    assert text.listing(["a", "b", "c"]) == "a, b and c" and text.listing(["a", "b"], ", ") == "a, b"
    assert text.year_ranges([1992, 1993, 2001, 2004]) == "1992–1993, 2001 and 2004"
    from helpers.data import countries
    assert countries.comparison("UZB", ["RUS", "UZB", "RUS"]) == ["UZB", "RUS"]
    assert countries.comparison("KAZ", None) == ["KAZ", "UZB", "KGZ", "TJK", "TKM"]
    assert countries.names(["RUS", "CHN"]) == "Russia, China"
