"""World Bank Worldwide Governance Indicators (long 'wgidataset.xlsx', 1996–2023).

``parse`` returns the tidy panel (:data:`helpers.data.sources.PANEL_COLUMNS`) with
one indicator per governance dimension and measure, named
``<dimension>.<measure>``: dimensions in :data:`DIMENSIONS` (va, pv, ge, rq,
rl, cc), measures in :data:`MEASURES` (estimate, stddev = its standard error,
nsource, pctrank and the bounds of its 90% interval). Quirks handled: missing
values are the string ``..`` (dropped, never zero); WGI was biennial before
2002, so 1997, 1999 and 2001 have no rows; a few WGI country codes are not
ISO3 (ADO Andorra, ZAR DR Congo, KSV Kosovo, ROM Romania, TMP Timor-Leste,
WBG West Bank and Gaza, ANT the former Netherlands Antilles) and map through
``tables/wgi_codes.csv``. WGI has no aggregate rows.
"""

from __future__ import annotations

import pandas as pd

from helpers.data.countries import name_table
from helpers.data.sources import tidy_panel

CODES_TABLE = "wgi_codes"
DIMENSIONS = {
    "va": "Voice and accountability",
    "pv": "Political stability and absence of violence/terrorism",
    "ge": "Government effectiveness",
    "rq": "Regulatory quality",
    "rl": "Rule of law",
    "cc": "Control of corruption",
}
MEASURES = {
    "estimate": "index (standard normal units, about -2.5 to 2.5)",
    "stddev": "standard error of the estimate (index units)",
    "nsource": "number of data sources",
    "pctrank": "percentile rank among all countries (0-100)",
    "pctranklower": "percentile rank, lower bound of 90% interval",
    "pctrankupper": "percentile rank, upper bound of 90% interval",
}
MISSING = ".."


def indicator(dimension: str, measure: str = "estimate") -> str:
    """The panel's indicator name, e.g. ``indicator('pv')`` -> 'pv.estimate'."""
    if dimension not in DIMENSIONS or measure not in MEASURES:
        raise KeyError(f"WGI has dimensions {list(DIMENSIONS)} and measures {list(MEASURES)}")
    return f"{dimension}.{measure}"


def to_iso3(code: str) -> str:
    """WGI's country code -> ISO3 (only the exceptions are listed in ``tables/wgi_codes.csv``)."""
    return name_table(CODES_TABLE).get(code, (code, False))[0]


def parse(dataset, files) -> pd.DataFrame:
    (path,) = files.values()
    raw = pd.read_excel(path, dtype={"code": str, "indicator": str})
    unknown = set(raw["indicator"]) - set(DIMENSIONS)
    if unknown:
        raise ValueError(f"WGI file has unexpected indicator codes {sorted(unknown)}")
    codes = raw["code"].str.strip().map(to_iso3)
    parts = []
    for measure, unit in MEASURES.items():
        values = raw[measure].astype(object)
        parts.append(pd.DataFrame({
            "country": codes, "year": raw["year"], "indicator": raw["indicator"] + "." + measure,
            "value": pd.to_numeric(values.where(values.astype(str).str.strip() != MISSING), errors="coerce"),
            "unit": unit, "is_aggregate": False,
        }))
    return tidy_panel(pd.concat(parts, ignore_index=True), dataset.id)
