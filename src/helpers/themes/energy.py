"""Tables behind the energy notebook, built from the tidy loaders."""

from __future__ import annotations

import pandas as pd

from helpers import data
from helpers.data.countries import name
from helpers.data.sources import ei
from helpers.themes import findings, metrics

THEME = "energy"

EI = "ei_statistical_review_2026_json"
EMBER = "ember_electricity_overview_yearly"

# fuel -> (production sheet, consumption sheet, unit shown)
FUEL_SHEETS = {
    "Oil": ("Oil Production - tonnes", "Oil Consumption - Tonnes", "million tonnes"),
    "Gas": ("Gas Production - Bcm", "Gas Consumption - Bcm", "billion m³"),
    "Coal": ("Coal Production - EJ", "Coal Consumption - EJ", "exajoules"),
}
GENERATION_SHEETS = {
    "Hydro": "Hydro Generation - TWh",
    "Wind": "Wind Generation - TWh",
    "Solar": "Solar Generation - TWh",
    "Nuclear": "Nuclear Generation - TWh",
    "Geothermal, biomass, other": "Geo Biomass Other - TWh",
}
TOTAL_GENERATION = "Electricity Generation - TWh"
THERMAL = "Fossil fuels (total minus the sources above)"


def ei_reports(country: str) -> bool:
    """Whether the EI Review lists the country separately (KGZ and TJK sit inside 'Other CIS')."""
    return country in set(data.load(EI).query("not is_aggregate")["country"])


def fuel_balance(country: str, start_year: int, end_year: int) -> dict[str, pd.DataFrame]:
    """Per fuel, a year x [Production, Consumption] table in the fuel's own unit."""
    out = {}
    for fuel, (produced, consumed, _unit) in FUEL_SHEETS.items():
        table = pd.DataFrame({
            "Production": data.wide(EI, produced, [country], start_year, end_year).get(country),
            "Consumption": data.wide(EI, consumed, [country], start_year, end_year).get(country),
        })
        out[fuel] = table.reindex(range(start_year, end_year + 1))
    return out


def latest_production(countries: list[str], year: int) -> pd.DataFrame:
    """Country x fuel production in ``year`` (NaN where EI has no row for the country)."""
    columns = {}
    for fuel, (produced, _consumed, unit) in FUEL_SHEETS.items():
        table = data.wide(EI, produced, countries, year, year)
        columns[f"{fuel} ({unit})"] = table.iloc[0] if len(table) else pd.Series(index=countries, dtype=float)
    return pd.DataFrame(columns).reindex(countries)


def electricity_mix(country: str, start_year: int, end_year: int) -> pd.DataFrame:
    """Year x source generation (TWh); fossil = EI total minus the listed non-fossil sources."""
    parts = {label: data.wide(EI, sheet, [country], start_year, end_year).get(country)
             for label, sheet in GENERATION_SHEETS.items()}
    table = pd.DataFrame(parts).reindex(range(start_year, end_year + 1))
    total = data.wide(EI, TOTAL_GENERATION, [country], start_year, end_year).get(country)
    table = table.dropna(how="all")
    if total is None:
        return table
    thermal = (total - table.sum(axis=1, min_count=1)).clip(lower=0)
    return pd.concat([thermal.rename(THERMAL), table], axis=1).dropna(how="all")


def carbon_intensity_of_energy(countries: list[str], start_year: int, end_year: int) -> pd.DataFrame:
    """kg CO2 per GJ of energy supply = EI 'CO2 from Energy' (Mt) / 'TES' (EJ)."""
    co2 = data.wide(EI, "CO2 from Energy", countries, start_year, end_year)
    supply = data.wide(EI, "Total Energy Supply (TES) -EJ", countries, start_year, end_year)
    return co2 / supply  # Mt / EJ = 1e9 kg / 1e9 GJ


def pipeline_gas_exports(exporter: str) -> pd.DataFrame:
    """Where the exporter's pipeline gas went in EI's trade-matrix year: destination, bcm, share, group."""
    trade = data.read(EI, ei.pipeline_gas_trade)
    rows = trade[(trade["exporter"] == exporter) & (trade["bcm"] > 0)].copy()
    total = rows["bcm"].sum()
    rows["share"] = rows["bcm"] / total if total else float("nan")
    rows["group"] = rows["importer"].map({"CHN": "China", "RUS": "Russia"}).fillna("Other destinations")
    return rows.sort_values("bcm", ascending=False).reset_index(drop=True)


def pipeline_trade_notes() -> list[str]:
    return data.read(EI, ei.pipeline_trade_notes)


# --- headline numbers (the brief, comparison and claims pages read these) ---------------------

def energy_rows(country: str, start_year: int = 2000, end_year: int = 2025) -> list[dict]:
    """Oil and gas production (EI, latest year) and where recorded pipeline gas exports went."""
    keys = (("oil_production", "Oil production", "million tonnes"), ("gas_production", "Gas production", "billion m³"),
            ("gas_pipeline_exports", "Pipeline gas exports recorded by the EI", "billion m³"),
            ("gas_pipeline_exports_CHN", "Share of recorded pipeline gas exports going to China", "% of pipeline gas exports"))
    if not ei_reports(country):
        reason = f"the EI Statistical Review does not list {name(country)} separately (it is inside 'Other CIS')"
        return [findings.not_reported(THEME, k, "Oil and gas", m, u, [EI], reason) for k, m, u in keys]
    balance = fuel_balance(country, start_year, end_year)
    rows = []
    for (key, measure, unit), fuel, short in zip(keys[:2], ("Oil", "Gas"), ("Mt", "bcm")):
        year, value = metrics.latest(balance[fuel]["Production"])
        if year is None:
            rows.append(findings.not_reported(THEME, key, "Oil and gas", measure, unit, [EI],
                                 f"the EI reports no {fuel.lower()} production for {name(country)} in {start_year}–{end_year}"))
        else:
            rows.append(findings.headline(THEME, key, "Oil and gas", measure, value, findings.quantity(value, short), unit, year, [EI]))
    exports = pipeline_gas_exports(country)
    trade_year = matrix_year()
    if exports.empty:
        reason = f"the EI's {trade_year} pipeline trade matrix records no pipeline gas exports from {name(country)}"
        rows += [findings.not_reported(THEME, k, "Oil and gas", m, u, [EI], reason) for k, m, u in keys[2:]]
        return rows
    total = float(exports["bcm"].sum())
    china = float(exports.loc[exports["importer"] == "CHN", "bcm"].sum())
    others = exports[exports["importer"] != "CHN"]
    other_text = "; ".join(f"{name(r.importer)} {findings.percent(100 * r.share)}" for r in others.itertuples())
    caveat = pipeline_caveat()
    rows.append(findings.headline(THEME, keys[2][0], "Oil and gas", keys[2][1], total, findings.quantity(total, "bcm", 2), keys[2][2], trade_year,
                     [EI], caveat))
    rows.append(findings.headline(THEME, keys[3][0], "Oil and gas", keys[3][1], 100 * china / total, findings.percent(100 * china / total),
                     keys[3][2], trade_year, [EI], f"other destinations: {other_text}" if other_text else "all to China"))
    return rows


def matrix_year() -> int:
    """The year of the EI's pipeline gas trade matrix."""
    return int(data.read(EI, ei.pipeline_gas_trade)["year"].iloc[0])


def pipeline_caveat() -> str:
    """What the EI matrix leaves out, computed from it: intra-regional trade, and imports by Russia."""
    trade = data.read(EI, ei.pipeline_gas_trade)
    into_russia = trade.loc[trade["importer"] == "RUS", "bcm"].sum()
    if into_russia > 0:
        return "the EI's matrix excludes intra-regional trade"
    return ("the EI's matrix excludes intra-regional trade and records no pipeline imports by Russia from any country, "
            "so gas sent to Russia is not counted")


def headlines(country: str, start_year: int = 2000, end_year: int = 2025) -> pd.DataFrame:
    """Oil and gas production and recorded pipeline gas exports: see :mod:`helpers.themes.findings`."""
    return findings.table(energy_rows(country, start_year, end_year))
