"""The README's numbers that the suite can check."""

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FAMILIES = {"Data": "data", "Parameters": "parameters", "Runs": "runs", "Output": "output"}


def test_fault_table_counts_the_fault_suite():
    collected = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                                *sorted(str(p) for p in (ROOT / "tests").glob("test_faults_*.py"))],
                               capture_output=True, text=True, cwd=ROOT, timeout=120)
    per_file = Counter(re.match(r"tests/test_faults_(\w+)\.py::", line).group(1)
                       for line in collected.stdout.splitlines() if line.startswith("tests/test_faults_"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = {FAMILIES[m[0]]: tuple(map(int, m[1:])) for m in
            re.findall(r"^\| (\w+): .*? \| (\d+) \| (\d+) \| (\d+) \|$", readme, re.M)}

    assert set(per_file) == set(FAMILIES.values())
    assert rows == {family: (count, count, 0) for family, count in per_file.items()}
