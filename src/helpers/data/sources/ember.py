"""Ember yearly electricity overview: demand, demand per capita, CO2 intensity."""

from __future__ import annotations

import re

import pandas as pd

from helpers.data.sources import tidy_panel

INDICATORS = {
    "demand_twh": ("Electricity demand", "TWh"),
    "demand_mwh_per_capita": ("Electricity demand per capita", "MWh per person"),
    "emissions_intensity_gco2_per_kwh": ("Power-sector CO2 intensity", "gCO2 per kWh"),
}
# Aggregates have no country_code; these two get the codes the other sources use.
AGGREGATE_CODES = {"World": "WLD", "EU": "EUU"}


def aggregate_code(name: str) -> str:
    return AGGREGATE_CODES.get(name) or "EMBER:" + re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").upper()


def parse(dataset, files) -> pd.DataFrame:
    (path,) = files.values()
    raw = pd.read_csv(path)
    is_agg = raw["country_code"].isna()
    code = raw["country_code"].where(~is_agg, raw["country_or_region"].map(aggregate_code))
    parts = []
    for column, (indicator, unit) in INDICATORS.items():
        parts.append(pd.DataFrame({
            "country": code, "year": raw["year"], "indicator": indicator,
            "value": raw[column], "unit": unit, "is_aggregate": is_agg,
        }))
    return tidy_panel(pd.concat(parts, ignore_index=True), dataset.id)
