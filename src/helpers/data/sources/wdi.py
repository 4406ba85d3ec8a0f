"""World Bank WDI: one series per dataset, long ``data.csv`` or the API's wide CSV."""

from __future__ import annotations

import pandas as pd

from helpers.data.countries import is_iso3_country
from helpers.data.sources import tidy_panel


def _read(path) -> pd.DataFrame:
    with open(path, encoding="utf-8-sig") as fh:
        first = fh.readline()
    if first.startswith('"Data Source"'):  # API download: 4 preamble lines, one column per year
        wide = pd.read_csv(path, skiprows=4, encoding="utf-8-sig")
        wide = wide.loc[:, ~wide.columns.str.startswith("Unnamed")]
        years = [c for c in wide.columns if c.isdigit()]
        return wide.melt(id_vars=["Country Name", "Country Code"], value_vars=years,
                         var_name="Year", value_name="Value")
    return pd.read_csv(path, encoding="utf-8-sig")


def parse(dataset, files) -> pd.DataFrame:
    (path,) = files.values()
    raw = _read(path)
    codes = raw["Country Code"].astype(str)
    frame = pd.DataFrame({
        "country": codes,
        "year": pd.to_numeric(raw["Year"], errors="coerce"),
        "indicator": dataset.extra["indicator"],
        "value": raw["Value"],
        "unit": dataset.extra["unit"],
        "is_aggregate": ~codes.map(is_iso3_country),
    })
    return tidy_panel(frame, dataset.id)
