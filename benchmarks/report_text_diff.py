"""Compare the text of two report folders: what a reader reads, figure alt text included.

    .venv/bin/python benchmarks/report_text_diff.py BEFORE_DIR AFTER_DIR

For each ``<COUNTRY>/<theme>.html`` in either folder it extracts the visible text (headings,
sentences, table cells) and every figure's alt text, drops the one 'Rendered ...' line and the site's navigation,
Data links and citation, and
prints a unified diff per report that differs. Exit code 1 when any report differs or is
missing on one side. Used to show that a refactoring left the reports' words and numbers alone.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

from bs4 import BeautifulSoup


def report_text(path: Path) -> list[str]:
    """The reader-visible lines of one report: text blocks, then '[figure] <alt>' per image, in order."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for hidden in soup(["style", "script", "head"]):
        hidden.decompose()
    for stamp in soup.select("p.ca-rendered, nav.ca-nav, p.ca-data, section.ca-cite"):
        stamp.decompose()  # the render time, and the site's links and citation around the report
    for image in soup.find_all("img"):
        image.replace_with(f"\n[figure] {image.get('alt', '')}\n")
    return [line.strip() for line in soup.get_text("\n").splitlines() if line.strip()]


def reports(folder: Path) -> dict[str, Path]:
    return {str(p.relative_to(folder)): p for p in sorted(folder.glob("*/*.html"))}


def diff(before: Path, after: Path) -> list[str]:
    """Unified diff lines over all reports (empty when every report reads the same)."""
    old, new = reports(before), reports(after)
    out = []
    for name in sorted(old.keys() | new.keys()):
        a = report_text(old[name]) if name in old else ["(no report)"]
        b = report_text(new[name]) if name in new else ["(no report)"]
        out += difflib.unified_diff(a, b, f"before/{name}", f"after/{name}", lineterm="", n=0)
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    lines = diff(Path(argv[0]), Path(argv[1]))
    print("\n".join(lines) if lines else "no differences in report text")
    return 1 if lines else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
