"""Verdict rules: every test states its threshold; missing data never decides a verdict."""

import math

import pytest

from helpers.themes import verdicts as v


def _test(passed):
    return v.Test(name="t", rule="passes if x", passed=passed, numbers="1 (2024)")


@pytest.mark.parametrize("outcomes, expected", [
    ([True, True], v.SUPPORTED), ([True, False], v.MIXED), ([False, False], v.NOT_SUPPORTED),
    ([None, None], v.NO_DATA), ([True, None], v.SUPPORTED), ([False, None], v.NOT_SUPPORTED),
])
def test_the_verdict_follows_the_tests_with_data(outcomes, expected):
    assert v.judge("claim", [_test(o) for o in outcomes]).verdict == expected


def test_at_least_passes_on_the_threshold_and_has_no_data_without_a_value():
    assert v.at_least("share", 25.0, 25.0, "passes at 25% or more", "25.0%").passed is True
    assert v.at_least("share", 24.9, 25.0, "passes at 25% or more", "24.9%").passed is False
    gap = v.at_least("share", math.nan, 25.0, "passes at 25% or more", "–", reason="SIPRI records no deliveries")
    assert gap.passed is None and gap.outcome == v.NO_DATA and gap.reason == "SIPRI records no deliveries"


def test_rise_compares_against_a_stated_ratio():
    assert v.rise("rate", 2.0, 2.5, 1.25, "passes if 25% higher", "2.0 -> 2.5").passed is True
    assert v.rise("rate", 2.0, 2.4, 1.25, "passes if 25% higher", "2.0 -> 2.4").passed is False
    assert v.rise("rate", 0.0, 1.0, 1.25, "passes if 25% higher", "0 -> 1").passed is True
    assert v.rise("rate", math.nan, 1.0, 1.25, "r", "").passed is None


def test_summary_and_tables_say_how_many_tests_decided():
    verdict = v.judge("US engagement intensified", [_test(True), _test(False), v.no_data("aid", "r", "no sector data")])
    assert v.summary(verdict) == "Mixed: 1 of 2 tests pass, 1 without data."
    assert v.tests_table(verdict)["Outcome"].tolist() == ["passes", "fails", "no data: no sector data"]
    assert v.table([verdict]).iloc[0].to_dict() == {"Claim": "US engagement intensified", "Verdict": "mixed",
                                                   "Tests": "Mixed: 1 of 2 tests pass, 1 without data."}
    assert v.summary(v.judge("c", [v.no_data("a", "r", "none")])) == \
        "No data: the data decide none of its one test."
    assert v.summary(v.judge("c", [_test(False), v.no_data("a", "r", "none")])) == \
        "Not supported: 0 of 1 test passes, 1 without data."


def test_at_most_passes_on_the_threshold_and_has_no_data_without_a_value():
    assert v.at_most("share", 50.0, 50.0, "passes at 50% or less", "50.0%").passed is True
    assert v.at_most("share", 50.1, 50.0, "passes at 50% or less", "50.1%").passed is False
    gap = v.at_most("share", math.nan, 50.0, "r", "–", reason="not among the listed partners")
    assert gap.passed is None and gap.reason == "not among the listed partners"


def test_gain_compares_a_difference_in_points():
    assert v.gain("openness", 60.0, 65.0, 5.0, "passes if 5 points higher", "60 -> 65").passed is True
    assert v.gain("openness", 60.0, 64.9, 5.0, "passes if 5 points higher", "60 -> 64.9").passed is False
    assert v.gain("growth", 7.5, 5.5, 0.0, "passes if not lower", "7.5 -> 5.5").passed is False
    assert v.gain("growth", math.nan, 5.5, 0.0, "r", "").reason == "a period it compares has no data"
