"""The README's numbers that the suite can check."""

import subprocess
import sys
from collections import Counter

from fault_table import README, family_of, readme_rows


def test_fault_table_counts_the_fault_suite():
    """'tried' is the number of fault cases; 'handled' and 'lost' are checked at the end of a run (conftest)."""
    root = README.parent
    collected = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                                *sorted(str(p) for p in (root / "tests").glob("test_faults_*.py"))],
                               capture_output=True, text=True, cwd=root, timeout=120)
    per_family = Counter(family_of(line) for line in collected.stdout.splitlines() if family_of(line))

    assert set(per_family) == {"data", "parameters", "runs", "output"}
    assert readme_rows() == {family: (count, count, 0) for family, count in per_family.items()}
