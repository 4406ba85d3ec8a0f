"""Verdicts on claims, computed from tests whose rules are stated, never hidden.

A claim is judged by one or more :class:`Test` s. Each test compares numbers from
the data against a threshold written into its ``rule`` (the text a reader sees)
and passes, fails, or has no data (with the reason). The verdict of a claim:

* **no data** when no test has data;
* **supported** when every test with data passes;
* **not supported** when none passes;
* **mixed** otherwise.

Tests without data are listed with their reason and count for nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

SUPPORTED, MIXED, NOT_SUPPORTED, NO_DATA = "supported", "mixed", "not supported", "no data"
VERDICTS = (SUPPORTED, MIXED, NOT_SUPPORTED, NO_DATA)


@dataclass(frozen=True)
class Test:
    """One check of a claim: what is compared, the rule, the numbers that decide it, their source."""

    name: str
    rule: str                     # the threshold in words, e.g. 'passes if the later rate is at least 25% higher'
    passed: bool | None           # None: no data
    numbers: str                  # the deciding numbers with their years, as the reader sees them
    sources: tuple[str, ...] = field(default=())
    reason: str = ""              # why there are no data (when passed is None)

    @property
    def outcome(self) -> str:
        return NO_DATA if self.passed is None else ("passes" if self.passed else "fails")


@dataclass(frozen=True)
class Verdict:
    claim: str
    verdict: str
    tests: tuple[Test, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for t in self.tests for s in t.sources))


def judge(claim: str, tests) -> Verdict:
    """The verdict of ``claim`` from its tests (rules in the module docstring)."""
    tests = tuple(tests)
    decided = [t.passed for t in tests if t.passed is not None]
    if not decided:
        verdict = NO_DATA
    elif all(decided):
        verdict = SUPPORTED
    elif not any(decided):
        verdict = NOT_SUPPORTED
    else:
        verdict = MIXED
    return Verdict(claim=claim, verdict=verdict, tests=tests)


def no_data(name: str, rule: str, reason: str, sources=()) -> Test:
    """A test the data cannot decide; ``reason`` says why."""
    return Test(name=name, rule=rule, passed=None, numbers="–", sources=tuple(sources), reason=reason)


def missing(*values) -> bool:
    return any(v is None or (isinstance(v, float) and math.isnan(v)) for v in values)


def at_least(name: str, value: float, threshold: float, rule: str, numbers: str, sources=(),
             reason: str = "") -> Test:
    """Passes when ``value >= threshold``; no data when the value is missing."""
    if missing(value, threshold):
        return no_data(name, rule, reason or "a number it needs is not reported", sources)
    return Test(name=name, rule=rule, passed=bool(value >= threshold), numbers=numbers, sources=tuple(sources))


def rise(name: str, before: float, after: float, min_ratio: float, rule: str, numbers: str, sources=()) -> Test:
    """Passes when ``after`` is at least ``min_ratio`` times ``before`` (and before > 0, or after > 0 = before)."""
    if missing(before, after):
        return no_data(name, rule, "a period it compares has no data", sources)
    passed = after >= before * min_ratio if before > 0 else after > 0
    return Test(name=name, rule=rule, passed=bool(passed), numbers=numbers, sources=tuple(sources))


def counts(verdict: Verdict) -> str:
    """'2 of 3 tests pass, 1 without data'; '0 of 1 test passes'; 'the data decide none of its 2 tests'."""
    decided = [t for t in verdict.tests if t.passed is not None]
    if not decided:
        tests = "its one test" if len(verdict.tests) == 1 else f"its {len(verdict.tests)} tests"
        return f"the data decide none of {tests}"
    passing = "test passes" if len(decided) == 1 else "tests pass"
    gaps = len(verdict.tests) - len(decided)
    return f"{sum(bool(t.passed) for t in decided)} of {len(decided)} {passing}" + (f", {gaps} without data" if gaps else "")


def summary(verdict: Verdict) -> str:
    """'Mixed: 2 of 3 tests pass, 1 without data.'"""
    return f"{verdict.verdict.capitalize()}: {counts(verdict)}."


def tests_table(verdict: Verdict) -> pd.DataFrame:
    """The tests of one claim as a reader's table: test, numbers, rule, outcome."""
    return pd.DataFrame([{"Test": t.name, "Numbers (year)": t.numbers, "Rule": t.rule,
                          "Outcome": t.outcome if t.passed is not None else f"no data: {t.reason}"}
                         for t in verdict.tests])


def table(verdicts) -> pd.DataFrame:
    """One line per claim: claim, verdict, and how many tests passed."""
    return pd.DataFrame([{"Claim": v.claim, "Verdict": v.verdict, "Tests": summary(v)} for v in verdicts])


def at_most(name: str, value: float, threshold: float, rule: str, numbers: str, sources=(),
            reason: str = "") -> Test:
    """Passes when ``value <= threshold``; no data when the value is missing."""
    if missing(value, threshold):
        return no_data(name, rule, reason or "a number it needs is not reported", sources)
    return Test(name=name, rule=rule, passed=bool(value <= threshold), numbers=numbers, sources=tuple(sources))


def gain(name: str, before: float, after: float, min_points: float, rule: str, numbers: str, sources=()) -> Test:
    """Passes when ``after - before >= min_points`` (percentage points); no data when either is missing."""
    if missing(before, after):
        return no_data(name, rule, "a period it compares has no data", sources)
    return Test(name=name, rule=rule, passed=bool(after - before >= min_points), numbers=numbers,
                sources=tuple(sources))
