"""UN Statistical Yearbook CSV tables (UNdata 'SYB' files), area codes in M49."""

from __future__ import annotations

import re

import pandas as pd

from helpers.countries import from_m49
from helpers.sources import tidy_panel


def read_table(path) -> pd.DataFrame:
    """The raw SYB table: title row skipped, the unnamed column named ``area``."""
    raw = pd.read_csv(path, skiprows=1, encoding="utf-8-sig", thousands=",")
    return raw.rename(columns={"Region/Country/Area": "m49", "Unnamed: 1": "area"})


def _split_series(series: str) -> tuple[str, str]:
    """'Imports CIF (millions of US dollars)' -> ('Imports CIF', 'millions of US dollars')."""
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
