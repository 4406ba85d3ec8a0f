"""UN Statistical Yearbook CSV tables (UNdata 'SYB' files), area codes in M49.

``parse`` turns a one-series-per-row SYB table into the panel shape
(:data:`helpers.data.sources.PANEL_COLUMNS`). It serves

- ``un_syb_trade_totals`` (T21): 'Exports FOB', 'Imports CIF' and
  'Balance imports/exports', unit 'millions of US dollars' (values carry
  thousands separators, '78,736');
- ``un_syb_internet_usage`` (T30, ITU data): 'Individuals using the internet',
  unit '% of individuals' (the SYB series name has no unit in parentheses, so
  :data:`SERIES_WITHOUT_UNIT` names it).

Area codes go through :func:`helpers.data.countries.from_m49`; codes that are not
ISO 3166 countries (regions, 'LDC§', 'SIDS', Ascension) are listed in
``tables/un_m49_areas.csv``. The 'Major trading partners' table (T22) is not a
panel: see :mod:`helpers.data.sources.un_syb_partners`.
"""

from __future__ import annotations

import re

import pandas as pd

from helpers.data.countries import from_m49
from helpers.data.sources import tidy_panel

# SYB series whose name carries no '(unit)': series -> (indicator, unit)
SERIES_WITHOUT_UNIT = {
    "Percentage of individuals using the internet": ("Individuals using the internet", "% of individuals"),
}


def read_table(path) -> pd.DataFrame:
    """The raw SYB table: title row skipped, the unnamed column named ``area``."""
    raw = pd.read_csv(path, skiprows=1, encoding="utf-8-sig", thousands=",")
    return raw.rename(columns={"Region/Country/Area": "m49", "Unnamed: 1": "area"})


def _split_series(series: str) -> tuple[str, str]:
    """'Imports CIF (millions of US dollars)' -> ('Imports CIF', 'millions of US dollars')."""
    if series in SERIES_WITHOUT_UNIT:
        return SERIES_WITHOUT_UNIT[series]
    match = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", series)
    return (match.group(1), match.group(2)) if match else (series, "")


def parse(dataset, files) -> pd.DataFrame:
    (path,) = files.values()
    raw = read_table(path)
    codes = raw["m49"].map(from_m49)
    split = raw["Series"].map(_split_series)
    frame = pd.DataFrame({
        "country": codes.str[0], "year": raw["Year"], "indicator": split.str[0],
        "value": raw["Value"], "unit": split.str[1], "is_aggregate": codes.str[1],
    })
    return tidy_panel(frame, dataset.id)
