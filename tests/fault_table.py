"""The README's fault table, and the fault suite's results to check it against.

Families are the ``tests/test_faults_<family>.py`` files. A case is handled when
its test passed; the run tests record each previously good report they find
gone or changed as ``reports_lost`` (``record_property``).
"""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
FAMILIES = {"Data": "data", "Parameters": "parameters", "Runs": "runs", "Output": "output"}
ROW = re.compile(r"^\| (\w+): .*? \| (\d+) \| (\d+) \| (\d+) \|$", re.M)


def readme_rows() -> dict[str, tuple[int, int, int]]:
    """family -> (tried, handled, reports lost) as the README states them."""
    return {FAMILIES[m[0]]: tuple(map(int, m[1:])) for m in ROW.findall(README.read_text(encoding="utf-8"))}


def family_of(nodeid: str) -> str | None:
    match = re.match(r"tests/test_faults_(\w+)\.py::", nodeid)
    return match[1] if match else None


def tally(results: dict[str, dict]) -> dict[str, tuple[int, int, int]]:
    """family -> (tried, handled, reports lost) from {nodeid: {"family", "passed", "lost"}}."""
    out = {}
    for family in FAMILIES.values():
        cases = [r for r in results.values() if r["family"] == family]
        out[family] = (len(cases), sum(r["passed"] for r in cases), sum(r["lost"] for r in cases))
    return out
