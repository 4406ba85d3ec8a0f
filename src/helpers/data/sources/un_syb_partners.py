"""UN Statistical Yearbook table T22, 'Major trading partners' (top three, % of exports or imports).

The file is not a panel. It is read as its ``source.json`` says: the first
row is a title (``skiprows=1``), and the column headed 'Major trading
partner 1 (% of exports)' holds the *partner name* for every series
(partner 1, 2 or 3, exports or imports), not only for partner 1.

What the ranks mean: the SYB picks each reporter's three largest partners of
its *latest* year (2023 for almost all) and prints the shares of those same
three partners for 2015 and 2020. A partner that was large in 2015 but not
in the top three of 2023 is absent; a rank-1 partner can have a smaller
earlier share than rank 2 (Kazakhstan's imports 2015: China 16.6%, Russia
34.4%); a partner with no trade in an earlier year has no row for it.

``parse`` returns one row per reporter, year, flow and rank (:data:`COLUMNS`):

- ``reporter``: ISO3 of the reporting state (M49 code via ``tables/un_m49_areas.csv``)
- ``year``: int; ``flow``: 'exports' or 'imports'; ``rank``: 1, 2 or 3, the
  partner's rank in the reporter's latest year (the same partner in every year)
- ``partner_name``: the partner as the SYB names it ('Russian Federation', 'Areas nes')
- ``partner``: ISO3, or a code of its own for what is not a country
  ('SYB:AREAS_NES', 'SYB:OTHER_ASIA_NES', 'SYB:BUNKERS', ...), through
  ``tables/un_syb_partners.csv``
- ``partner_is_aggregate``: True for those non-country partners
- ``share_pct``: the partner's share of the reporter's total exports or imports, %
- ``is_estimate``: True where the SYB footnote says 'Estimate.' (often mirror data)
- ``note``: the partner footnote and the row footnote joined ('' when none)
- ``source``: dataset id

Rows without a share are dropped (missing is never zero). Known artefacts that
the parser keeps as published and :mod:`helpers.themes.connectivity` flags: Uzbekistan
books much of its exports to 'Areas nes' (unallocated, mostly non-monetary gold),
Kazakhstan lists Gambia as its third import partner (4.8% in 2023, 0.0% in
2015, no 2020 row: almost certainly a mis-coded partner).
"""

from __future__ import annotations

import re

import pandas as pd

from helpers.data.countries import from_m49, lookup

COLUMNS = ["reporter", "year", "flow", "rank", "partner_name", "partner", "partner_is_aggregate",
           "share_pct", "is_estimate", "note", "source"]
PARTNER_COLUMN = "Major trading partner 1 (% of exports)"  # holds the partner of every series
PARTNER_NOTE_COLUMN = "Major trading partner 1 (% of exports) footnote"
NAMES_TABLE = "un_syb_partners"
SERIES = re.compile(r"^Major trading partner (\d) \(% of (exports|imports)\)$")


def to_code(name: str) -> tuple[str, bool]:
    """SYB partner name -> (ISO3 or own code, is_aggregate) via ``tables/un_syb_partners.csv``."""
    return lookup(NAMES_TABLE, name, f"SYB partner name '{name}'")


def read_table(path) -> pd.DataFrame:
    """The raw T22 table (title row skipped) with the columns the parser needs checked."""
    raw = pd.read_csv(path, skiprows=1, encoding="utf-8-sig")
    needed = {"Region/Country/Area", "Year", "Series", PARTNER_COLUMN, "Value"}
    missing = needed - set(raw.columns)
    if missing:
        raise ValueError(f"SYB trading-partner file lacks column(s) {sorted(missing)}; "
                         f"it has {list(raw.columns)}")
    return raw


def _series(value: str) -> tuple[int, str]:
    match = SERIES.match(str(value).strip())
    if not match:
        raise ValueError(f"Unexpected SYB trading-partner series '{value}'")
    return int(match.group(1)), match.group(2)


def _notes(*columns: pd.Series) -> pd.Series:
    parts = [c.fillna("").astype(str).str.strip() for c in columns]
    joined = parts[0]
    for p in parts[1:]:
        joined = joined.where(p == "", joined.where(joined == "", joined + " ") + p)
    return joined


def parse(dataset, files) -> pd.DataFrame:
    (path,) = files.values()
    raw = read_table(path)
    raw = raw[pd.to_numeric(raw["Value"], errors="coerce").notna() & raw[PARTNER_COLUMN].notna()]
    reporters = raw["Region/Country/Area"].map(from_m49)
    series = raw["Series"].map(_series)
    names = raw[PARTNER_COLUMN].astype(str).str.strip()
    partners = names.map(to_code)
    footnotes = raw["Footnotes"] if "Footnotes" in raw else pd.Series("", index=raw.index)
    partner_notes = raw[PARTNER_NOTE_COLUMN] if PARTNER_NOTE_COLUMN in raw else pd.Series("", index=raw.index)
    out = pd.DataFrame({
        "reporter": reporters.str[0].astype(str),
        "year": raw["Year"].astype("int64"),
        "flow": series.str[1].astype(str),
        "rank": series.str[0].astype("int64"),
        "partner_name": names.astype(str),
        "partner": partners.str[0].astype(str),
        "partner_is_aggregate": partners.str[1].astype(bool),
        "share_pct": pd.to_numeric(raw["Value"]).astype("float64"),
        "is_estimate": footnotes.fillna("").astype(str).str.contains("Estimate", regex=False),
        "note": _notes(partner_notes, footnotes).astype(str),
        "source": dataset.id,
    })[COLUMNS]
    return out.sort_values(["reporter", "year", "flow", "rank"]).reset_index(drop=True)
