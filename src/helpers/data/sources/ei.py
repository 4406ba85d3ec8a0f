"""Energy Institute Statistical Review: country time-series tables and the gas-trade matrix.

The 2026 vintage is a third-party JSON extraction of EI's workbook. ``parse``
returns every country-by-year table EI published as a panel (indicator = the
workbook's sheet name). Left out on purpose: the 'Derived & ratios' sheets
(computed by the extractor, not by EI) and sheets whose rows are not
countries (trade movements, product groups, hydrogen colours, battery types).
"""

from __future__ import annotations

import json
from functools import lru_cache

import pandas as pd

from helpers.data.countries import FORMER_SOVIET, lookup
from helpers.data.sources import tidy_panel

NOT_EI_CATEGORY = "Derived & ratios"
FORMER_SOVIET_CODES = set(FORMER_SOVIET) | {"EI:OTHER_CIS", "EI:TOTAL_CIS", "EI:CIS"}
NOT_COUNTRY_ROWS = {
    "Oil - Regional Consumption", "Oil trade movements", "Gas - Trade movements",
    "Coal - Trade movements", "Gas - H2 Production Capacity", "Grid Scale BESS Capacity",
    "Oil - Proved reserves history", "Gas - Proved reserves history", "Data Centre Demand",
}
# The biofuels sheets stack three tables (total, biogasoline, biodiesel), each ending with this row.
STACKED_TABLE_END = "European Union"
STACKED_SUFFIXES = ("", " - biogasoline", " - biodiesel")
SOVIET_DATA_FROM = 1985  # EI reports CIS members from 1985 and the USSR before; zeros elsewhere mean 'not reported'
PIPELINE_TRADE_SHEET = "Gas trade 2025 - pipeline"
PIPELINE_SUBTOTAL_ROWS = {"North America", "S. & Cent. America", "Europe", "CIS", "Middle East", "Africa", "Asia Pacific"}


@lru_cache(maxsize=2)
def read_json(path) -> dict:
    """The parsed JSON file (kept per process: the pipeline-trade helpers read it more than once)."""
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def country_sheets(doc: dict) -> list[str]:
    """Names of the time-series sheets whose rows are countries or regions."""
    derived = {s for c in doc["categories"] if c["name"] == NOT_EI_CATEGORY for s in c["sheets"]}
    return [name for name, sheet in doc["sheets"].items()
            if sheet.get("type") == "timeseries" and name not in derived and name not in NOT_COUNTRY_ROWS]


def to_code(entity: str) -> tuple[str, bool]:
    """EI row name -> (code, is_aggregate) through ``tables/ei_names.csv``."""
    return lookup("ei_names", entity, f"EI row name '{entity}'")


def stacked_tables(entities: list[dict]) -> list[list[dict]]:
    """Split a sheet's rows into its stacked tables (most sheets hold one)."""
    tables, current = [], []
    for entity in entities:
        current.append(entity)
        if entity["name"] == STACKED_TABLE_END:
            tables.append(current)
            current = []
    return tables + ([current] if current else [])


def drop_soviet_placeholder_zeros(frame: pd.DataFrame) -> pd.DataFrame:
    """EI writes 0 for CIS members before 1985 and for the USSR from 1985: those are gaps, not zeros."""
    soviet = frame["country"].isin(FORMER_SOVIET_CODES)
    placeholder = (frame["value"] == 0) & (
        (soviet & (frame["year"] < SOVIET_DATA_FROM)) | ((frame["country"] == "SUN") & (frame["year"] >= SOVIET_DATA_FROM)))
    return frame[~placeholder]


def parse(dataset, files) -> pd.DataFrame:
    (path,) = files.values()
    doc = read_json(path)
    parts = []
    for name in country_sheets(doc):
        sheet = doc["sheets"][name]
        tables = stacked_tables(sheet["entities"])
        if len(tables) > len(STACKED_SUFFIXES):
            raise ValueError(f"EI sheet '{name}' has {len(tables)} stacked tables; expected at most {len(STACKED_SUFFIXES)}")
        for suffix, entities in zip(STACKED_SUFFIXES, tables):
            for entity in entities:
                code, aggregate = to_code(entity["name"])
                parts.append(pd.DataFrame({
                    "country": code, "year": sheet["years"], "indicator": name.strip() + suffix,
                    "value": pd.to_numeric(pd.Series(entity["values"], dtype=object), errors="coerce"),
                    "unit": sheet["unit"], "is_aggregate": aggregate,
                }))
    frame = pd.concat(parts, ignore_index=True)
    return tidy_panel(drop_soviet_placeholder_zeros(frame), dataset.id)


def pipeline_gas_trade(path) -> pd.DataFrame:
    """EI's pipeline gas-trade matrix as long rows: importer, exporter, bcm, year.

    Regional subtotal rows ('CIS', 'Europe', ...) repeat their members and are
    dropped; 'EU', 'Non-EU Europe' and 'Other ...' rows are destinations in
    their own right and are kept, flagged as aggregates.
    """
    grid = read_json(path)["sheets"][PIPELINE_TRADE_SHEET]["grid"]
    header_at = next(i for i, row in enumerate(grid) if row and row[0] == "To")
    exporters = [name for name in grid[header_at][1:]]
    year = int(PIPELINE_TRADE_SHEET.split()[2])
    rows = []
    for row in grid[header_at + 1:]:
        importer = row[0].strip() if row else ""
        if importer.startswith("Total"):
            break  # the matrix ends with 'Total exports'; notes follow
        if not importer or importer in PIPELINE_SUBTOTAL_ROWS:
            continue
        importer_code, importer_agg = to_code(importer)
        for exporter, cell in zip(exporters, row[1:]):
            if not exporter or exporter == "Total imports":
                continue
            rows.append({"importer": importer_code, "exporter": to_code(exporter)[0],
                         "importer_is_aggregate": importer_agg,
                         "bcm": pd.to_numeric(cell, errors="coerce"), "year": year})
    return pd.DataFrame(rows)


def pipeline_trade_notes(path) -> list[str]:
    """The footnotes EI prints under the pipeline gas-trade matrix."""
    grid = read_json(path)["sheets"][PIPELINE_TRADE_SHEET]["grid"]
    end = next(i for i, row in enumerate(grid) if row and row[0].startswith("Total exports"))
    return [row[0] for row in grid[end + 1:] if row and row[0]]
