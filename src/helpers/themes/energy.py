"""The energy notebook: its tidy tables, the figures drawn from them and the sentences stating them.

Each section of ``notebooks/energy.ipynb`` calls one table builder, one ``*_figure``
(a :class:`~helpers.present.figures.Figure`, or None when there is nothing to draw)
and one ``*_text`` (the finding, numbers from the same table, missing data in words).
"""

from __future__ import annotations

import functools
import math

import pandas as pd

from helpers import data
from helpers.data.countries import CENTRAL_ASIA, name, names
from helpers.data.sources import ei
from helpers.present import charts, figures, plots, text
from helpers.themes import findings, metrics, routes

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
    return country in data.reporting_countries(EI)


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


@functools.cache
def pipeline_trade() -> pd.DataFrame:
    """The EI's pipeline gas-trade matrix as long rows (importer, exporter, bcm, year), parsed once per kernel."""
    return data.read(EI, ei.pipeline_gas_trade)


def pipeline_gas_exports(exporter: str) -> pd.DataFrame:
    """Where the exporter's pipeline gas went in EI's trade-matrix year: destination, bcm, share, group."""
    trade = pipeline_trade()
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
    return int(pipeline_trade()["year"].iloc[0])


def _records_russian_imports(trade: pd.DataFrame) -> bool:
    return trade.loc[trade["importer"] == "RUS", "bcm"].sum() > 0


def pipeline_caveat() -> str:
    """What the EI matrix holds for the region, computed from it: the five states' recorded pipeline exports by
    destination, the imports into them it records, and whether it records any imports by Russia."""
    trade = pipeline_trade()
    flows = trade[trade["bcm"] > 0]
    year = matrix_year()
    exports = flows[flows["exporter"].isin(CENTRAL_ASIA)].groupby("importer")["bcm"].sum().sort_values(ascending=False)
    parts = [f"the EI's {year} matrix holds the five states' pipeline gas exports to "
             + text.listing(f"{name(c)} {text.num(v, 2)} bcm" for c, v in exports.items())
             if len(exports) else f"the EI's {year} matrix holds no pipeline gas exports from the five states"]
    imports = flows[flows["importer"].isin(CENTRAL_ASIA)].sort_values("bcm", ascending=False)
    for importer, rows in imports.groupby("importer", sort=False):
        parts.append(f"{text.possessive(name(importer))} imports from "
                     + text.listing(f"{name(r.exporter)} ({text.num(r.bcm, 2)} bcm)" for r in rows.itertuples()))
    sentence = ", and ".join(parts)
    if not _records_russian_imports(trade):
        sentence += "; it records no pipeline imports by Russia from any country, so gas sent to Russia is not counted"
    return sentence


def headlines(country: str, start_year: int = 2000, end_year: int = 2025) -> pd.DataFrame:
    """Oil and gas production and recorded pipeline gas exports: see :mod:`helpers.themes.findings`."""
    return findings.table(energy_rows(country, start_year, end_year))


# --- the notebook: tables, figures and sentences, section by section ------------------------------

EI_NAME = "The EI Statistical Review"
OTHER_CIS = "it is part of the 'Other CIS' aggregate"
DESTINATION_GROUPS = ("China", "Russia", "Other destinations")
SOLAR_WIND_FROM = 2010  # the solar and wind chart starts here whatever the report's range
NET_IMPORTS_FROM = 1990


def years_text(start_year: int, end_year: int) -> str:
    """'2024' or '2000–2025'."""
    return findings.year_label(end_year, start_year)


def missing_in(what: str, country: str, source: str, start_year: int, end_year: int) -> str:
    """'<source> reports no <what> for <country> in 2000–2025.'"""
    return f"{source} reports no {what} for {name(country)} in {years_text(start_year, end_year)}."


def _series(table: pd.DataFrame, series: str, country: str | None = None) -> pd.Series:
    """One series of a tidy table as a year-indexed Series (one country's, or the only one's)."""
    rows = table[table["series"] == series]
    if country is not None:
        rows = rows[rows["country"] == country]
    return pd.Series(rows["value"].to_numpy(dtype=float), index=rows["year"].astype(int).to_numpy())


def _long(table: pd.DataFrame, country: str, unit: str) -> pd.DataFrame:
    """A year x series table of one country as tidy rows."""
    long = table.rename_axis(index="year", columns="series").stack(future_stack=True).rename("value").reset_index()
    return long.assign(country=country, unit=unit)[list(figures.DATA_COLUMNS)].astype({"value": "float64"})


def introduction(country: str, peers: list[str], start_year: int, end_year: int) -> str:
    """The question the notebook answers, and the EI data gap where there is one."""
    label = name(country)
    intro = f"""# Energy: what {label} produces, uses and sells, and through whose pipes

**The question.** {label} sits between Russia, China and the markets to the west. How much oil, gas and coal does
it produce and use, how is its electricity made and how fast are solar and wind growing, how energy- and
carbon-intensive is its economy, and where do its pipeline gas and its export routes point: to Russia, to China
or westward? Years {start_year}–{end_year}; compared with {names(peers)}."""
    if ei_reports(country):
        return intro
    return intro + f"""

> **Data gap.** The Energy Institute Statistical Review, the main source for fuel production, consumption and
> generation by source, does not list {label} separately: it sits inside the EI's 'Other CIS' group. Sections that need
> the EI say so below and show the peers it does report; the Ember, World Bank and Global Energy Monitor sections cover {label}."""


# 1. production and consumption

def fuel_balance_table(country: str, start_year: int, end_year: int) -> pd.DataFrame:
    """Tidy production and consumption per fuel: series 'Oil production', 'Oil consumption', ...; extras fuel, flow."""
    parts = []
    for fuel, table in fuel_balance(country, start_year, end_year).items():
        for flow in ("Production", "Consumption"):
            rows = _long(table[[flow]].set_axis([f"{fuel} {flow.lower()}"], axis=1), country, FUEL_SHEETS[fuel][2])
            parts.append(rows.assign(fuel=fuel, flow=flow))
    return pd.concat(parts, ignore_index=True)


def _balance_latest(balance: pd.DataFrame, fuel: str) -> tuple[int | None, float, float]:
    """(latest production year, production then, consumption in that year)."""
    year, produced = metrics.latest(_series(balance, f"{fuel} production"))
    used = metrics.value_in(_series(balance, f"{fuel} consumption"), year) if year else math.nan
    return year, produced, used


def fuel_balance_figure(balance: pd.DataFrame, country: str) -> figures.Figure | None:
    """Production and consumption lines, one panel per fuel; None when the EI reports none of them."""
    if balance["value"].isna().all():
        return None
    label = name(country)
    fig, axes = plots.new_figure(1, 3, figsize=(11, 3.8))
    for ax, fuel in zip(axes, FUEL_SHEETS):
        for flow, style in (("Production", "-"), ("Consumption", "--")):
            series = _series(balance, f"{fuel} {flow.lower()}")
            ax.plot(series.index, series.values, style, color=plots.colour(country), label=flow)
        ax.set_title(fuel)
        ax.set_ylabel(FUEL_SHEETS[fuel][2])
        ax.set_xlabel("Year")
        ax.set_ylim(bottom=0)
    axes[0].legend(loc="upper left")
    ratios = []
    for fuel in ("Oil", "Gas"):
        year, produced, used = _balance_latest(balance, fuel)
        if used > 0 and not math.isnan(produced):
            ratios.append((year, f"{text.num(produced / used, 1)}× the {fuel.lower()}"))
    title = (f"{label} produces {' and '.join(r for _, r in ratios)} it uses ({ratios[0][0]})" if ratios else
             f"The EI reports no oil or gas use for {label} to set against its production")
    years = balance["year"]
    facts = []
    for fuel, unit in (("Oil", "Mt"), ("Gas", "bcm")):
        produced = _balance_latest(balance, fuel)[1]
        if not math.isnan(produced):
            facts.append(f"{fuel.lower()} production {'' if facts else 'was '}{text.num(produced)} {unit}")
    year = _balance_latest(balance, "Oil")[0] or _balance_latest(balance, "Gas")[0]
    alt = (f"Three line charts of {label}'s production and consumption of oil (Mt), gas (bcm) and coal (EJ), "
           f"{years.min()}-{years.max()}." + (f" In {year} {' and '.join(facts)}." if facts else ""))
    return figures.Figure("fuel-balance", fig, balance, title, alt, [EI])


def fuel_balance_text(balance: pd.DataFrame, country: str) -> str:
    """Oil and gas output against domestic use in the latest year, and oil's growth since the first year."""
    label = name(country)
    if not ei_reports(country):
        return text.missing("oil, gas or coal production and consumption", label, EI_NAME, OTHER_CIS)
    start_year, end_year = int(balance["year"].min()), int(balance["year"].max())
    oil_year, oil_now, oil_used = _balance_latest(balance, "Oil")
    gas_year, gas_now, gas_used = _balance_latest(balance, "Gas")
    if oil_year is None:
        return missing_in("oil production", country, EI_NAME, start_year, end_year)
    oil = _series(balance, "Oil production")
    first_oil = metrics.value_in(oil, start_year)
    growth = metrics.cagr(oil, start_year, oil_year)
    since = (f" ({text.signed_pct(growth)} a year since {start_year}, from {text.num(first_oil)} Mt)"
             if not math.isnan(growth) else "")
    sentence = f"In {oil_year} {label} produced **{text.num(oil_now)} Mt of oil**{since}"
    if gas_year is None:
        return sentence + f", against domestic use of {text.num(oil_used)} Mt; the EI reports no gas production."
    sentence += (f" and **{text.num(gas_now)} bcm of gas**, against domestic use of {text.num(oil_used)} Mt and "
                 f"{text.num(gas_used)} bcm. ")
    if oil_now / oil_used > 2:
        sentence += "Oil is overwhelmingly an export commodity. "
    gas_surplus = gas_now / gas_used
    return sentence + (f"Gas production exceeds domestic use by {text.pct(gas_surplus - 1)}." if gas_surplus > 1 else
                       f"Gas use exceeds production by {text.pct(1 / gas_surplus - 1)}, so any gas export competes "
                       "with home demand.")


def production_table(countries: list[str]) -> pd.DataFrame:
    """Tidy oil, gas and coal production of ``countries`` in the EI's latest year (series = fuel)."""
    year = findings.last_year(EI, "Gas Production - Bcm")
    wide = latest_production(countries, year)
    rows = []
    for column, fuel in zip(wide.columns, FUEL_SHEETS):
        for code, value in wide[column].items():
            rows.append({"country": code, "year": year, "series": fuel, "value": value, "unit": FUEL_SHEETS[fuel][2]})
    return pd.DataFrame(rows, columns=list(figures.DATA_COLUMNS)).astype({"value": "float64"})


def production_figure(production: pd.DataFrame, country: str) -> figures.Figure:
    """Bars of oil, gas and coal output per state; states the EI does not list are marked, not drawn as zero."""
    year = int(production["year"].iloc[0])
    codes = list(dict.fromkeys(production["country"]))
    labels = [name(c) for c in codes]
    fig, axes = plots.new_figure(1, 3, figsize=(11, 3.6), sharey=True)
    for ax, fuel in zip(axes, FUEL_SHEETS):
        values = _values_by_country(production, fuel).reindex(codes)
        ax.barh(labels, values.fillna(0), color=[plots.colour(c, i) for i, c in enumerate(codes)], alpha=0.9)
        for y, value in enumerate(values):
            if math.isnan(value):
                ax.text(0, y, "  not reported by EI", va="center", fontsize=8, color="#777777")
        ax.set_title(fuel)
        ax.set_xlabel(FUEL_SHEETS[fuel][2])
        ax.grid(axis="y", visible=False)
    axes[0].invert_yaxis()
    gas, oil = _values_by_country(production, "Gas"), _values_by_country(production, "Oil")
    top = gas.idxmax()
    place = metrics.rank_of(gas, country)[0]
    title = f"{name(top)} is the region's largest gas producer"
    if place is None:
        title += f"; the EI does not list {name(country)} separately ({year})"
    elif top != country:
        title += f"; {name(country)} ranks {place} ({year})"
    else:
        title += f" ({year})"
    alt = (f"Bar charts of oil, gas and coal production in {year} for {', '.join(labels)}. " + "; ".join(
        f"{name(c)}: gas {text.num(gas[c])} bcm, oil {text.num(oil[c])} Mt" if not math.isnan(gas[c]) else
        f"{name(c)}: not reported by the EI" for c in codes))
    return figures.Figure("fuel-production", fig, production, title, alt, [EI],
                          note="Countries the EI does not list separately are marked, not drawn as zero.")


def _values_by_country(table: pd.DataFrame, series: str) -> pd.Series:
    rows = table[table["series"] == series]
    return pd.Series(rows["value"].to_numpy(dtype=float), index=rows["country"].to_numpy())


def production_text(production: pd.DataFrame) -> str:
    """Which states have no bars because the EI does not list them; '' when it lists all."""
    reported = production.groupby("country", sort=False)["value"].apply(lambda v: v.notna().any())
    missing = [name(c) for c, any_value in reported.items() if not any_value]
    if not missing:
        return ""
    return (f"The EI does not report {', '.join(missing)} separately (they are inside 'Other CIS'), so they have no "
            "bars; their small oil and gas output is not zero.")


NET_IMPORTS = "Net energy imports"
NET_IMPORTS_UNIT = "% of energy use (negative: net exporter)"


def net_imports_table(countries: list[str], end_year: int) -> pd.DataFrame:
    """World Bank net energy imports (% of energy use), tidy, from 1990."""
    wide = data.years_table("wdi_energy_imports_net", countries, NET_IMPORTS_FROM, end_year)
    return figures.tidy(wide, NET_IMPORTS, NET_IMPORTS_UNIT)


def _net_role(value: float) -> str:
    return "net exporter" if value < 0 else "net importer"


def net_imports_figure(imports: pd.DataFrame, country: str) -> figures.Figure | None:
    """Net energy imports of the focus state and its peers, a zero line between importers and exporters."""
    if imports["value"].isna().all():
        return None
    label = name(country)
    fig, axes = charts.lines(imports, focus=country, legend="none")
    ax = axes.flat[0]
    ax.axhline(0, color="#333333", linewidth=0.8)
    ax.legend(loc="lower left", fontsize=8, ncols=3)
    year, now = metrics.latest(_series(imports, NET_IMPORTS, country))
    codes = list(dict.fromkeys(imports["country"]))
    shown = f"{text.num(now, 0)}% in {year}" if year else "not reported"
    title = (f"{label} is a net energy {_net_role(now).split()[1]}: net imports were {text.num(now, 0)}% of its energy "
             f"use in {year}" if year else f"The World Bank reports no net energy imports for {label}")
    alt = (f"Line chart of net energy imports as a percentage of energy use for {', '.join(name(c) for c in codes)}, "
           f"{int(imports['year'].min())}-{int(imports['year'].max())}; negative values mean net exports. "
           f"{label}: {shown}.")
    return figures.Figure("net-energy-imports", fig, imports, title, alt, ["wdi_energy_imports_net"],
                          note="World Bank series ends where IEA/UN energy balances end.")


def net_imports_text(imports: pd.DataFrame, country: str) -> str:
    """The focus state's latest net imports and whether it is a net exporter, then each peer's."""
    label = name(country)
    year, now = metrics.latest(_series(imports, NET_IMPORTS, country))
    if year is None:
        sentence = text.missing("net energy imports", label, "The World Bank")
    else:
        sentence = (f"The World Bank's net energy imports (share of energy use, from IEA/UN energy balances) put "
                    f"{label} at **{text.num(now, 0)}%** in {year}, a {_net_role(now)}.")
    peers = []
    for code in dict.fromkeys(imports["country"]):
        peer_year, peer_value = metrics.latest(_series(imports, NET_IMPORTS, code))
        if code != country and peer_year is not None:
            peers.append(f"{name(code)} {text.num(peer_value, 0)}% ({peer_year})")
    return sentence + (f" {'; '.join(peers)}." if peers else "")


# 2. electricity

MIX_COLOURS = dict(zip([THERMAL, *GENERATION_SHEETS],
                       ["#7f7f7f", "#1f77b4", "#17becf", "#e6a700", "#9467bd", "#2ca02c"]))


def electricity_mix_table(country: str, start_year: int, end_year: int) -> pd.DataFrame:
    """Tidy generation by source (TWh), fossil-fired first (see :func:`electricity_mix`)."""
    mix = electricity_mix(country, start_year, end_year)
    if mix.empty:
        return pd.DataFrame(columns=list(figures.DATA_COLUMNS)).astype({"value": "float64"})
    return _long(mix, country, "TWh")


def _mix_latest(mix: pd.DataFrame) -> tuple[int, pd.Series]:
    """(latest year, generation by source then)."""
    year = int(mix["year"].max())
    rows = mix[mix["year"] == year]
    return year, pd.Series(rows["value"].to_numpy(dtype=float), index=rows["series"].to_numpy())


def electricity_mix_figure(mix: pd.DataFrame, country: str) -> figures.Figure | None:
    """Generation by source stacked over the years; None when the EI has no mix."""
    if mix.empty:
        return None
    label = name(country)
    table = mix.pivot_table(index="year", columns="series", values="value", aggfunc="first", dropna=False)
    table = table.reindex(columns=list(dict.fromkeys(mix["series"])))
    fig, ax = plots.new_figure()
    ax.stackplot(table.index, [table[c].fillna(0) for c in table.columns], labels=table.columns,
                 colors=[MIX_COLOURS[c] for c in table.columns], alpha=0.9)
    ax.set_ylabel("TWh")
    ax.set_xlabel("Year")
    ax.legend(loc="upper left", fontsize=8)
    year, latest = _mix_latest(mix)
    shares = metrics.shares(latest).dropna()
    title = f"Fossil fuels still made {text.pct(shares.get(THERMAL, math.nan))} of {label}'s electricity in {year}"
    alt = (f"Stacked area chart of {label}'s electricity generation by source in TWh, {int(mix['year'].min())}-{year}. "
           + "; ".join(f"{k}: {text.pct(v)}" for k, v in shares.items()) + f" in {year}.")
    return figures.Figure("electricity-mix", fig, mix, title, alt, [EI])


def electricity_mix_text(mix: pd.DataFrame, country: str, start_year: int, end_year: int) -> str:
    """Total generation and the fossil, hydro, wind and solar shares in the latest year."""
    label = name(country)
    if not ei_reports(country):
        return (text.missing("generation by source", label, EI_NAME, "it is part of 'Other CIS'")
                + " Ember's demand and carbon-intensity series below do include it.")
    if mix.empty:
        return missing_in("generation by source", country, EI_NAME, start_year, end_year)
    year, latest = _mix_latest(mix)
    shares = metrics.shares(latest)
    return (f"In {year} {label} generated **{text.num(latest.sum())} TWh**: fossil-fired "
            f"{text.pct(shares[THERMAL])}, hydro {text.pct(shares['Hydro'])}, wind {text.pct(shares['Wind'], 1)}, "
            f"solar {text.pct(shares['Solar'], 1)}.")


SOLAR_WIND = {"Solar": "Solar Generation - TWh", "Wind": "Wind Generation - TWh"}


def solar_wind_table(countries: list[str], end_year: int) -> pd.DataFrame:
    """Tidy solar and wind generation (TWh) since 2010 (series 'Solar', 'Wind')."""
    return pd.concat([figures.tidy(data.years_table(EI, countries, SOLAR_WIND_FROM, end_year, sheet), label, "TWh")
                      for label, sheet in SOLAR_WIND.items()], ignore_index=True)


def _leaders(table: pd.DataFrame) -> dict[str, tuple[str, int]]:
    """Per series, (country generating most, year) in the table's last year; series nobody reports are left out."""
    year = int(table["year"].max())
    latest = table[(table["year"] == year) & table["value"].notna()]
    return {series: (rows.loc[rows["value"].idxmax(), "country"], year)
            for series, rows in latest.groupby("series", sort=False) if rows["value"].max() > 0}


def solar_wind_title(table: pd.DataFrame) -> str:
    """The leader for each of solar and wind, named separately (they need not be the same state)."""
    leaders = _leaders(table)
    if not leaders:
        return "The EI reports no solar or wind generation in the region"
    year = next(iter(leaders.values()))[1]
    codes = {series: code for series, (code, _) in leaders.items()}
    if len(set(codes.values())) == 1 and len(codes) == 2:
        return (f"Solar and wind are growing fast from a low base; {name(codes['Solar'])} generates most of both in "
                f"the region ({year})")
    parts = [f"{name(code)} generates most {series.lower()} power" for series, code in codes.items()]
    return f"Solar and wind are growing fast from a low base; {text.listing(parts)} in the region ({year})"


def _growth_lines(table: pd.DataFrame, country: str) -> list[str]:
    lines = []
    for label in SOLAR_WIND:
        series = _series(table, label, country)
        if series.dropna().empty:
            lines.append(text.missing(f"{label.lower()} generation", name(country), EI_NAME))
            continue
        year, now = metrics.latest(series)
        started = metrics.first_year_at_least(series, 0.05)
        base = metrics.value_in(series, year - 5)
        if base >= 0.05:  # growth rates from a near-zero base say nothing
            trend = f", {text.signed_pct(metrics.cagr(series, year - 5, year), 0)} a year since {year - 5}"
        else:
            trend = f", from {'under 0.05 TWh' if base == base else 'nothing reported'} in {year - 5}"
        lines.append(f"{label}: **{text.num(now, 2)} TWh** in {year}{trend}"
                     + (f" (first year above 0.05 TWh: {started})" if started else "") + ".")
    return lines


def solar_wind_figure(table: pd.DataFrame, country: str) -> figures.Figure | None:
    """Solar and wind generation per state on log scales, one panel each; None when nobody reports them."""
    if table["value"].isna().all():
        return None
    fig, axes = plots.new_figure(1, 2, figsize=(10, 3.8), sharey=True)
    for ax, label in zip(axes, SOLAR_WIND):
        wide = figures.wide(table, label)
        plots.plot_lines(ax, wide.where(wide >= 1e-3), focus=country, unit="TWh (log scale)")
        ax.set_yscale("log")
        ax.set_title(label)
    axes[0].set_ylim(bottom=1e-3)
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside right center")
    alt = (f"Two line charts on a log scale of solar and wind generation (TWh) since {int(table['year'].min())} for "
           + names(dict.fromkeys(table["country"])) + ". " + " ".join(_growth_lines(table, country)).replace("**", ""))
    return figures.Figure("solar-wind", fig, table, solar_wind_title(table), alt, [EI],
                          note="Log scale; years below 0.001 TWh or not reported are left blank.")


def solar_wind_text(table: pd.DataFrame, country: str) -> str:
    """The focus state's solar and wind output, growth and first year above 0.05 TWh."""
    if not ei_reports(country):
        return (text.missing("solar or wind generation", name(country), EI_NAME)
                + " The chart shows the states it does cover.")
    return " ".join(_growth_lines(table, country))


DEMAND, POWER_INTENSITY = "Electricity demand per capita", "Power-sector CO2 intensity"


def power_table(countries: list[str], start_year: int, end_year: int) -> pd.DataFrame:
    """Ember's electricity demand per person (MWh) and power-sector CO2 intensity (gCO₂/kWh), tidy."""
    return pd.concat([figures.tidy(data.years_table(EMBER, countries, start_year, end_year, series), series, unit)
                      for series, unit in ((DEMAND, "MWh per person"),
                                                                      (POWER_INTENSITY, "gCO₂ per kWh"))],
                     ignore_index=True)


def power_figure(power: pd.DataFrame, country: str) -> figures.Figure | None:
    """Ember's demand per person and power-sector CO₂ intensity; the title names the cleanest system."""
    if power["value"].isna().all():
        return None
    label = name(country)
    fig, axes = charts.lines(power, focus=country, titles={DEMAND: "Electricity demand per person",
                                                           POWER_INTENSITY: "Carbon intensity of power"},
                             legend="none", figsize=(11, 3.8))
    axes.flat[1].legend(loc="lower left", fontsize=8)
    year, now = metrics.latest(_series(power, POWER_INTENSITY, country))
    latest = {code: metrics.latest(_series(power, POWER_INTENSITY, code))[1] for code in dict.fromkeys(power["country"])}
    cleanest = pd.Series(latest).idxmin() if pd.Series(latest).notna().any() else None
    clean = f"{name(cleanest)}'s hydro-heavy power is the region's cleanest" if cleanest else ""
    title = (f"Each kWh in {label} emitted {text.num(now, 0)} g of CO₂ in {year}; {clean}" if year else
             f"Ember reports no power-sector CO₂ intensity for {label}; {clean}")
    years = power["year"]
    alt = (f"Two line charts from Ember: electricity demand per person (MWh) and power-sector CO2 intensity (g/kWh) "
           f"for {', '.join(name(c) for c in dict.fromkeys(power['country']))}, {years.min()}-{years.max()}. "
           + (f"{label}: {text.num(now, 0)} g/kWh in {year}." if year else f"{label}: not reported."))
    return figures.Figure("power-demand-intensity", fig, power, title, alt, [EMBER])


def power_text(power: pd.DataFrame, country: str) -> str:
    """Demand per person, and the latest year Ember reports for each state."""
    label = name(country)
    year, now = metrics.latest(_series(power, DEMAND, country))
    ends = [f"{name(code)} {metrics.latest(_series(power, POWER_INTENSITY, code))[0] or 'none'}"
            for code in dict.fromkeys(power["country"])]
    demand = (f"Ember puts {label}'s electricity demand at **{text.num(now, 2)} MWh per person** in {year}." if year
              else text.missing("electricity demand", label, "Ember"))
    return f"{demand} Ember's latest year differs by country ({', '.join(ends)}); lines end where the data ends."


# 3. energy and carbon intensity

ENERGY_INTENSITY, CARBON_INTENSITY = "Energy intensity of GDP", "Carbon intensity of energy"
CO2_TOTAL = "Total CO₂ emissions"
INTENSITY_SOURCES = ("wdi_energy_intensity", EI)


def intensity_table(countries: list[str], country: str, start_year: int, end_year: int) -> pd.DataFrame:
    """Energy intensity (World Bank, MJ per 2021 PPP $), carbon intensity of energy (EI, kg CO₂/GJ) and,
    for ``country`` alone, all years of total CO₂ emissions (World Bank/EDGAR, Mt)."""
    years = range(start_year, end_year + 1)
    energy_intensity = data.years_table("wdi_energy_intensity", countries, start_year, end_year)
    carbon = carbon_intensity_of_energy(countries, start_year, end_year).reindex(index=years, columns=countries)
    co2 = data.wide("wdi_co2_emissions_total", None, [country]).reindex(columns=[country])
    return pd.concat([figures.tidy(energy_intensity, ENERGY_INTENSITY, "MJ per 2021 PPP $ of GDP"),
                      figures.tidy(carbon, CARBON_INTENSITY, "kg CO₂ per GJ of energy supply"),
                      figures.tidy(co2, CO2_TOTAL, "Mt CO₂")], ignore_index=True)


def _intensity_change(table: pd.DataFrame, country: str) -> tuple[int | None, float, int | None, float]:
    """(first year, value then, latest year, value then) of the country's energy intensity."""
    series = _series(table, ENERGY_INTENSITY, country).dropna()
    if series.empty:
        return None, math.nan, None, math.nan
    return int(series.index[0]), float(series.iloc[0]), int(series.index[-1]), float(series.iloc[-1])


def _intensity_years(table: pd.DataFrame) -> tuple[int, int]:
    """The report's year range, as the energy-intensity rows span it."""
    years = table.loc[table["series"] == ENERGY_INTENSITY, "year"]
    return int(years.min()), int(years.max())


def _no_intensity(table: pd.DataFrame, country: str) -> str:
    return missing_in("energy intensity", country, "The World Bank", *_intensity_years(table))


def intensity_title(table: pd.DataFrame, country: str) -> str:
    """The change in energy per dollar of GDP, in words for a rise, a fall, no change and no data."""
    label = name(country)
    first_year, first, last_year, last = _intensity_change(table, country)
    if first_year is None:
        return _no_intensity(table, country)[:-1]
    if first_year == last_year:
        return f"{label}'s economy used {text.num(last, 2)} MJ of energy per PPP dollar of GDP in {last_year}"
    change = last / first - 1
    if text.pct(abs(change)) == "0%":
        return f"{label}'s economy needs as much energy per dollar of GDP as in {first_year}"
    return (f"{label}'s economy needs {text.pct(abs(change))} {'less' if change < 0 else 'more'} energy per dollar "
            f"of GDP than in {first_year}")


def intensity_figure(table: pd.DataFrame, country: str) -> figures.Figure | None:
    """Energy intensity (World Bank) and carbon intensity of energy (EI), one panel each."""
    drawn = table[table["series"].isin([ENERGY_INTENSITY, CARBON_INTENSITY])].reset_index(drop=True)
    if drawn["value"].isna().all():
        return None
    label = name(country)
    fig, axes = charts.lines(drawn, focus=country, titles={ENERGY_INTENSITY: "Energy intensity of GDP (World Bank)",
                                                           CARBON_INTENSITY: "Carbon intensity of energy (EI)"},
                             legend="none", figsize=(11, 3.8))
    if axes.flat[0].get_legend_handles_labels()[0]:
        axes.flat[0].legend(loc="upper right", fontsize=8)
    first_year, first, last_year, last = _intensity_change(table, country)
    went = (f"{label}'s energy intensity went from {text.num(first, 2)} in {first_year} to {text.num(last, 2)} in "
            f"{last_year}." if first_year is not None and first_year != last_year else
            f"{label}'s energy intensity was {text.num(last, 2)} in {last_year}." if first_year is not None else
            _no_intensity(table, country))
    alt = ("Two line charts: energy intensity (MJ per 2021 PPP dollar) from the World Bank and carbon intensity of "
           "energy (kg CO2 per GJ) computed from the EI Review, for "
           f"{', '.join(name(c) for c in dict.fromkeys(drawn['country']))}. {went}")
    return figures.Figure("energy-carbon-intensity", fig, drawn, intensity_title(table, country), alt,
                          list(INTENSITY_SOURCES))


def intensity_text(table: pd.DataFrame, country: str) -> str:
    """Energy intensity then and now, CO₂ per GJ of energy supply, and total CO₂ emissions."""
    label = name(country)
    first_year, first, last_year, last = _intensity_change(table, country)
    if first_year is None:
        lines = [_no_intensity(table, country)]
    else:
        against = f", against {text.num(first, 2)} in {first_year}" if first_year != last_year else ""
        lines = [f"{label} used **{text.num(last, 2)} MJ per PPP dollar** of GDP in {last_year}{against}."]
    if ei_reports(country):
        c_year, c_now = metrics.latest(_series(table, CARBON_INTENSITY, country))
        lines.append(f"Each gigajoule of its energy supply came with **{text.num(c_now, 1)} kg of CO₂** in {c_year}."
                     if c_year else missing_in("CO₂ or energy supply", country, EI_NAME, *_intensity_years(table)))
    else:
        lines.append(text.missing("CO₂ or energy supply", label, EI_NAME))
    co2_year, co2_now = metrics.latest(_series(table, CO2_TOTAL, country))
    lines.append(f"Total CO₂ emissions (all sectors except land use, World Bank/EDGAR) were {text.num(co2_now, 1)} Mt "
                 f"in {co2_year}." if co2_year else text.missing("total CO₂ emissions", label, "The World Bank"))
    return " ".join(lines)


# 4. pipeline gas exports

PIPELINE_EXPORTS = "Pipeline gas exports"


def pipeline_exports_table(country: str) -> pd.DataFrame:
    """Tidy pipeline gas exports of ``country`` by destination in the EI matrix year (extras destination, share, group)."""
    exports = pipeline_gas_exports(country)
    table = pd.DataFrame({"country": country, "year": matrix_year(), "series": PIPELINE_EXPORTS,
                          "value": exports["bcm"].astype(float), "unit": "bcm", "destination": exports["importer"],
                          "share": exports["share"], "group": exports["group"]})
    return table.reset_index(drop=True)


def pipeline_exports_figure(exports: pd.DataFrame, country: str) -> figures.Figure | None:
    """Bars of pipeline gas exports by destination; None when the EI records none."""
    if exports.empty:
        return None
    label = name(country)
    year = int(exports["year"].iloc[0])
    total = exports["value"].sum()
    fig, ax = charts.bars(exports, label=lambda row: name(row["destination"]), figsize=(8, 3.6),
                          value_text=lambda v: f"{text.num(v, 2)} bcm ({text.pct(v / total)})",
                          colours=[plots.colour(c, i) for i, c in enumerate(exports["destination"])])
    ax.set_xlabel(f"Pipeline gas exports, {year} (billion m³)")
    china = exports.loc[exports["group"] == "China", "value"].sum() / total
    title = f"{text.pct(china)} of {label}'s recorded pipeline gas exports went to China in {year}"
    alt = (f"Bar chart of {label}'s pipeline gas exports in {year} by destination: " + "; ".join(
        f"{name(r.destination)} {text.num(r.value, 2)} bcm" for r in exports.itertuples()) + ".")
    return figures.Figure("pipeline-gas-exports", fig, exports, title, alt, [EI],
                          note=findings.cap(pipeline_caveat()) + ".")


def pipeline_exports_text(exports: pd.DataFrame, country: str) -> str:
    """Recorded pipeline gas exports by China, Russia and other destinations, or that none are recorded."""
    label = name(country)
    if exports.empty:
        return (f"The EI pipeline trade matrix ({matrix_year()}) records **no pipeline gas exports from {label}**"
                + ("" if ei_reports(country) else ", which it does not list as an exporter (it is inside 'Other CIS')")
                + ".")
    year = int(exports["year"].iloc[0])
    by_group = exports.groupby("group")["value"].sum().reindex(list(DESTINATION_GROUPS)).fillna(0)
    total = by_group.sum()
    return (f"The EI records **{text.num(total, 2)} bcm** of pipeline gas exports from {label} in {year}: "
            + "; ".join(f"{g} {text.num(v, 2)} bcm ({text.pct(v / total)})" if v > 0 else f"{g}: none recorded"
                        for g, v in by_group.items()) + ".")


def pipeline_notes_text() -> str:
    """The EI's own footnotes to the pipeline trade matrix, in italics."""
    return "EI's notes to the table: " + " ".join(f"*{n}*" for n in pipeline_trade_notes())


def pipeline_exports_by_destination(countries=CENTRAL_ASIA) -> pd.DataFrame:
    """Per state and matrix year, pipeline gas exports to Russia, China and other destinations (bcm), tidy.

    Extras: ``destination`` (Russia, China, Other destinations) and ``status``: 'recorded';
    'not listed by the EI' (KGZ, TJK sit inside 'Other CIS': value missing); 'Russia's imports not
    recorded' (the matrix holds no pipeline imports by Russia from any country, so gas sent
    to Russia is missing, not zero).
    """
    trade = pipeline_trade()
    exporters = set(trade["exporter"])
    russia_recorded = _records_russian_imports(trade)
    rows = []
    for year, matrix in trade.groupby("year"):
        for country in countries:
            sent = matrix[matrix["exporter"] == country]
            to_china = sent.loc[sent["importer"] == "CHN", "bcm"].sum()
            to_russia = sent.loc[sent["importer"] == "RUS", "bcm"].sum()
            to_other = sent.loc[~sent["importer"].isin(["CHN", "RUS"]), "bcm"].sum()
            for destination, value in (("Russia", to_russia), ("China", to_china), ("Other destinations", to_other)):
                status = "recorded"
                if country not in exporters:
                    status, value = "not listed by the EI", math.nan
                elif destination == "Russia" and not russia_recorded:
                    status, value = "Russia's imports not recorded", math.nan
                rows.append({"country": country, "year": int(year), "series": f"{PIPELINE_EXPORTS} to {destination}",
                             "value": float(value), "unit": "bcm", "destination": destination, "status": status})
    return pd.DataFrame(rows)


# 5. export routes

def route_table_view(pipelines: pd.DataFrame, country: str) -> dict:
    """Keyword arguments of ``show_table`` for the projects touching ``country``."""
    table = routes.route_table(pipelines, country)
    title = (f"Oil and gas pipelines touching {name(country)} in Global Energy Monitor's trackers" if len(table) else
             f"Global Energy Monitor's trackers list no oil or gas pipeline touching {name(country)}")
    return {"table": table, "id": "export-routes", "title": title, "sources": routes.DATASETS,
            "note": routes.CAPACITY_COLUMNS_NOTE}


def route_shares_figure(pipelines: pd.DataFrame, country: str) -> figures.Figure | None:
    """Share of operating cross-border capacity by direction, one panel per fuel; None when there is none."""
    shares = routes.export_capacity_shares(pipelines, country)
    if shares.empty:
        return None
    label = name(country)
    tidy = pd.DataFrame({"country": country, "year": routes.SNAPSHOT_YEAR,
                         "series": [f"{fuel} pipelines: share of operating cross-border capacity" for fuel in shares["fuel"]],
                         "value": shares["share"] * 100, "unit": "% of operating cross-border capacity",
                         "fuel": shares["fuel"], "direction": shares["direction"], "capacity": shares["capacity"],
                         "capacity_unit": shares["capacity_unit"], "projects": shares["projects"]})
    fuels = list(dict.fromkeys(tidy["fuel"]))
    fig, axes = plots.new_figure(1, len(fuels), figsize=(5.5 * len(fuels), 3.4), squeeze=False)
    for ax, fuel in zip(axes[0], fuels):
        part = tidy[tidy["fuel"] == fuel]
        ax.barh(part["direction"], part["value"].fillna(0),
                color=[plots.DIRECTION_COLOURS.get(d, "#999999") for d in part["direction"]])
        for y, row in enumerate(part.itertuples()):
            missing = math.isnan(row.value)
            shown = (f"  capacity not stated by GEM ({row.projects} route(s))" if missing else
                     f"  {text.pct(row.value / 100)} ({text.num(row.capacity, 0)} {row.capacity_unit.split(' (')[0]})")
            ax.text(0 if missing else row.value, y, shown, va="center", fontsize=8.5)
        ax.set_xlim(0, 140)
        ax.set_xlabel("% of operating cross-border capacity")
        ax.set_title(f"{fuel.capitalize()} pipelines")
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
    lead = shares.dropna(subset=["share"]).sort_values("share", ascending=False).groupby("fuel").head(1)
    finding = "; ".join(f"{text.pct(r.share)} of its stated {r.fuel} pipeline capacity abroad runs via {r.direction}"
                        for r in lead.itertuples())
    alt = (f"Bar charts of the share of {label}'s operating cross-border pipeline capacity by direction. " + "; ".join(
        f"{r.fuel} {r.direction}: " + (text.pct(r.share) if r.share == r.share else "capacity not stated")
        for r in shares.itertuples()) + ".")
    return figures.Figure("export-route-capacity", fig, tidy, f"{label}: {finding}", alt, routes.DATASETS,
                          note="Operating routes only; capacity is each route's largest segment. Oil capacity units "
                               "are not stated by GEM (most look like bbl/d).")


def route_text(pipelines: pd.DataFrame, country: str) -> str:
    """What the route table and shares leave out: tracker rows without countries, the summed-segment shares,
    and routes without a stated capacity."""
    label = name(country)
    if routes.route_table(pipelines, country).empty:
        return f"Global Energy Monitor's trackers list no oil or gas pipeline touching {label}."
    shares = routes.export_capacity_shares(pipelines, country)
    if shares.empty:
        return f"No operating cross-border pipeline with a stated capacity touches {label} in the GEM snapshots."
    blind = routes.unattributed(pipelines).query("rows > 0")
    blind_text = ("**Blind spot in the trackers:** " + "; ".join(
        f"{r.rows} of {r.of_all} {r.fuel} pipeline rows have no country list in GEM's map export" for r in blind.itertuples())
        + ". No country filter can see them, so some routes touching the region may be missing from the table above."
        if not blind.empty else "Every tracker row carries its country list.")
    stated = shares.dropna(subset=["share"])
    summed = routes.export_capacity_shares(pipelines, country, per_project="sum").dropna(subset=["share"])
    unstated = shares[shares["share"].isna()]
    shares_text = ("Shares by direction, operating routes, counting each route at its largest segment: " + "; ".join(
        f"{r.fuel} → {r.direction}: {text.pct(r.share)}" for r in stated.itertuples()) + ". "
        "Adding up all segments instead (which double-counts chains but captures parallel lines) gives: " + "; ".join(
        f"{r.fuel} → {r.direction}: {text.pct(r.share)}" for r in summed.itertuples()) + "."
        + ("" if unstated.empty else " Routes whose capacity GEM does not state are left out of the shares, not counted "
           "as zero: " + "; ".join(f"{r.fuel} → {r.direction} ({r.projects} route(s))" for r in unstated.itertuples()) + "."))
    return blind_text + "\n\n" + shares_text


DATASETS_USED = (EI, EMBER, "wdi_energy_imports_net", "wdi_energy_intensity", "wdi_co2_emissions_total",
                 *routes.DATASETS)
