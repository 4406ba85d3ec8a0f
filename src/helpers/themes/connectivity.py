"""Tables behind the connectivity notebook: trade partners, openness, money flows, logistics, digital links.

Trade partners come from the UN Statistical Yearbook (SYB) 'Major trading
partners' table, which lists only each reporter's three largest partners of
its latest year (2023) and gives their shares for 2015, 2020 and 2023. Shares
are turned into US$ with the SYB's own totals (same underlying source, UN
Comtrade); the SYB has no 2020 totals, so 2020 uses WTO merchandise trade as
published in the WDI, and each row says which total it used.
"""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import pandas as pd

from helpers import data
from helpers.data import byo_trade
from helpers.data.countries import CENTRAL_ASIA, EU_MEMBERS, NEIGHBOURS, name, names
from helpers.present import charts, figures, plots, text
from helpers.themes import findings, maps, metrics, routes

THEME = "connectivity"

SYB_TOTALS = "un_syb_trade_totals"
SYB_PARTNERS = "un_syb_major_trading_partners"
SYB_INTERNET = "un_syb_internet_usage"
GDP = "wdi_gdp_usd"
REMITTANCES = "wdi_remittances"
WTO_TOTALS = {"exports": "wdi_merch_exports_usd", "imports": "wdi_merch_imports_usd"}
SYB_FLOWS = {"exports": "Exports FOB", "imports": "Imports CIF"}
SYB_BALANCE = "Balance imports/exports"
FLOWS = ("exports", "imports")

OPENNESS = {"exports": "wdi_exports_gdp", "imports": "wdi_imports_gdp", "merchandise": "wdi_merch_trade_gdp"}
EXPORT_MIX = {"Fuel": "wdi_fuel_exports_share_latest", "Ores and metals": "wdi_ores_metals_exports_share"}
MONEY_FLOWS = {"FDI net inflows": "wdi_fdi_inflows", "Personal remittances received": REMITTANCES,
               "Current account balance": "wdi_current_account"}
LOGISTICS = {"lpi": "wdi_lpi", "rail": "wdi_rail_lines", "air": "wdi_air_departures"}
DIGITAL = {"internet": SYB_INTERNET, "broadband": "wdi_fixed_broadband", "mobile": "wdi_mobile_subscriptions"}

# Partner groups, in the order figures and tables list them
CHINA, RUSSIA, EU, TURKIYE, USA, CENTRAL, NEAR, UNALLOCATED, OTHER = (
    "China", "Russia", "EU member state", "Türkiye", "United States", "Central Asian neighbour",
    "Other neighbour", "Not allocated to a country", "Other partner")
GROUPS = (CHINA, RUSSIA, EU, TURKIYE, USA, CENTRAL, NEAR, UNALLOCATED, OTHER)
GROUP_COLOURS = {CHINA: "#e6a700", RUSSIA: "#c0392b", EU: "#2e86c1", TURKIYE: "#16a085", USA: "#34495e",
                 CENTRAL: "#27ae60", NEAR: "#8e44ad", UNALLOCATED: "#b0b0b0", OTHER: "#17becf"}

# Artefacts the SYB table shows, with what they mean (from the dataset's caveats).
KNOWN_ARTEFACTS = {
    ("UZB", "SYB:AREAS_NES"): ("trade UN Comtrade could not allocate to any partner ('Areas nes'); "
                               "for Uzbekistan this is mostly non-monetary gold"),
    ("KAZ", "GMB"): "Gambia as a top-three import partner is implausible: almost certainly a mis-coded partner",
}


# --- trade totals ----------------------------------------------------------------------

def trade_totals(country: str, start_year: int | None = None, end_year: int | None = None) -> pd.DataFrame:
    """SYB goods trade of ``country``: year x [exports, imports, balance], US$ million (SYB years only)."""
    rows = data.panel(SYB_TOTALS, countries=[country], start_year=start_year, end_year=end_year)
    table = rows.pivot_table(index="year", columns="indicator", values="value", aggfunc="first")
    names = {SYB_FLOWS["exports"]: "exports", SYB_FLOWS["imports"]: "imports", SYB_BALANCE: "balance"}
    return table.rename(columns=names).reindex(columns=["exports", "imports", "balance"])


def wto_totals(country: str, start_year: int | None = None, end_year: int | None = None) -> pd.DataFrame:
    """WTO merchandise trade (via WDI): year x [exports, imports], US$ million, every year."""
    parts = {flow: data.wide(dataset, None, [country], start_year, end_year).get(country)
             for flow, dataset in WTO_TOTALS.items()}
    return pd.DataFrame(parts) / 1e6


def totals_latest(countries: list[str], year: int) -> pd.DataFrame:
    """country x [exports, imports, balance] in ``year`` from the SYB (NaN where it has none)."""
    out = {c: trade_totals(c).reindex([year]).iloc[0] for c in countries}
    return pd.DataFrame(out).T.reindex(countries)


def totals_for(country: str, years) -> pd.DataFrame:
    """The totals partner shares are multiplied with: year, flow, total_usd_m, total_source.

    The SYB total where the SYB has the year, else WTO merchandise trade (WDI); NaN if neither.
    """
    syb = trade_totals(country)
    wto = wto_totals(country)
    rows = []
    for year in years:
        for flow in FLOWS:
            value = metrics.value_in(syb[flow], year) if flow in syb else math.nan
            source = SYB_TOTALS
            if math.isnan(value):
                value = metrics.value_in(wto[flow], year) if flow in wto else math.nan
                source = WTO_TOTALS[flow] if not math.isnan(value) else ""
            rows.append({"year": int(year), "flow": flow, "total_usd_m": value, "total_source": source})
    return pd.DataFrame(rows)


def totals_divergence(country: str, threshold: float = 0.15) -> pd.DataFrame:
    """Years where SYB and WTO (WDI) goods totals differ by more than ``threshold``: see :func:`divergence`."""
    return divergence(trade_totals(country), wto_totals(country), threshold)


# --- partners --------------------------------------------------------------------------

def partner_group(partner: str, reporter: str, is_aggregate: bool = False) -> str:
    """China, Russia, EU member, Türkiye, US, Central Asian or other neighbour, not a country, or other."""
    if is_aggregate:
        return UNALLOCATED
    if partner == "CHN":
        return CHINA
    if partner == "RUS":
        return RUSSIA
    if partner in EU_MEMBERS:
        return EU
    if partner == "TUR":
        return TURKIYE
    if partner == "USA":
        return USA
    if partner in CENTRAL_ASIA and partner != reporter:
        return CENTRAL
    if partner in NEIGHBOURS:
        return NEAR
    return OTHER


def partners(country: str) -> pd.DataFrame:
    """The SYB's listed partners of ``country`` with US$ values.

    Columns: year, flow, rank (in the latest year), partner, partner_name,
    group, share (fraction of the flow), value_usd_m, total_usd_m, total_source,
    is_estimate, note. Empty if the SYB lists no partner for the country.
    """
    rows = data.load(SYB_PARTNERS)
    rows = rows[rows["reporter"] == country].copy()
    columns = ["year", "flow", "rank", "partner", "partner_name", "group", "share", "value_usd_m",
               "total_usd_m", "total_source", "is_estimate", "note"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rows["share"] = rows["share_pct"] / 100
    rows["group"] = [partner_group(p, country, a) for p, a in zip(rows["partner"], rows["partner_is_aggregate"])]
    rows = rows.merge(totals_for(country, sorted(rows["year"].unique())), on=["year", "flow"], how="left")
    rows["value_usd_m"] = rows["share"] * rows["total_usd_m"]
    return rows[columns].sort_values(["flow", "rank", "year"]).reset_index(drop=True)


def partner_table(table: pd.DataFrame) -> pd.DataFrame:
    """The partner rows as a reader's table: flow, rank, partner, year, share (%), US$, total used, estimate flag."""
    last = listed_years(table)[-1] if len(table) else ""
    source = {SYB_TOTALS: "UN SYB", **{v: "WTO (WDI)" for v in WTO_TOTALS.values()}}
    return pd.DataFrame({
        "flow": table["flow"], f"rank in {last}": table["rank"],
        "partner": [display_name(p, n) for p, n in zip(table["partner"], table["partner_name"])],
        "year": table["year"], "share": [text.pct(v, 1) for v in table["share"]],
        "value": [usd(v) for v in table["value_usd_m"]], "total from": table["total_source"].map(source).fillna("–"),
        "SYB estimate": table["is_estimate"].map({True: "yes", False: ""}),
    })


def listed_years(table: pd.DataFrame) -> list[int]:
    return sorted(int(y) for y in table["year"].unique())


def share_of_trade(table: pd.DataFrame, partner: str, year: int) -> dict:
    """A partner's share of the reporter's exports, imports and goods trade (exports + imports) in ``year``.

    When the partner is listed for only one flow, its share of the other flow is
    unknown: it lies between 0 and the share of that flow's smallest listed
    partner (the SYB lists the top three). ``trade_low``/``trade_high`` bound the
    goods-trade share accordingly; they are equal when both flows are listed.
    Keys: exports, imports (fractions or NaN), value_usd_m (listed flows only),
    trade_low, trade_high, complete (bool), total_usd_m.
    """
    year_rows = table[table["year"] == year]
    out = {"exports": math.nan, "imports": math.nan}
    low_value, high_value, total = 0.0, 0.0, 0.0
    for flow in FLOWS:
        flow_rows = year_rows[year_rows["flow"] == flow]
        flow_total = flow_rows["total_usd_m"].iloc[0] if len(flow_rows) else math.nan
        if math.isnan(flow_total):
            return {**out, "value_usd_m": math.nan, "trade_low": math.nan, "trade_high": math.nan,
                    "complete": False, "total_usd_m": math.nan}
        total += flow_total
        mine = flow_rows[flow_rows["partner"] == partner]
        if len(mine):
            out[flow] = float(mine["share"].iloc[0])
            low_value += out[flow] * flow_total
            high_value += out[flow] * flow_total
        else:
            ceiling = flow_rows["share"].min() if len(flow_rows) >= 3 else 1.0
            high_value += ceiling * flow_total
    complete = not (math.isnan(out["exports"]) or math.isnan(out["imports"]))
    return {**out, "value_usd_m": low_value, "trade_low": low_value / total, "trade_high": high_value / total,
            "complete": complete, "total_usd_m": total}


def share_phrase(share: dict) -> str:
    """'22.5%', 'between 9.1% and 17.0%' (listed in one direction) or 'less than 8.7%' (in neither)."""
    if math.isnan(share["trade_low"]):
        return "n/a"
    if share["complete"]:
        return text.pct(share["trade_low"], 1)
    if math.isnan(share["exports"]) and math.isnan(share["imports"]):
        return f"less than {text.pct(share['trade_high'], 1)}"
    return f"between {text.pct(share['trade_low'], 1)} and {text.pct(share['trade_high'], 1)}"


def share_sentence(table: pd.DataFrame, country: str, year: int) -> str:
    """China's and Russia's shares of ``country``'s goods trade (exports plus imports) in ``year``, with how they were bounded."""
    parts, ranged, unlisted = [], False, []
    for code, verb in (("CHN", "accounted for"), ("RUS", "for")):
        share = share_of_trade(table, code, year)
        phrase = f"**{name(code)}** {verb} **{share_phrase(share)}**"
        if share["complete"]:
            phrase += f" ({usd(share['value_usd_m'])} of {usd(share['total_usd_m'])})"
        elif math.isnan(share["exports"]) and math.isnan(share["imports"]):
            unlisted.append(name(code))
        else:
            ranged = True
        parts.append(phrase)
    out = f"In {year} " + " and ".join(parts) + f" of {text.possessive(name(country))} goods trade (exports plus imports)."
    if ranged:
        out += (" A range means the partner is listed in only one direction: its share of the other lies between zero "
                "and that of the third-ranked partner.")
    if unlisted:
        out += (f" {' and '.join(unlisted)} {'is' if len(unlisted) == 1 else 'are'} not among the top three in either "
                "direction, so only an upper bound is known (the third-ranked partners' shares).")
    return out


def changes(table: pd.DataFrame, first: int | None = None, last: int | None = None) -> pd.DataFrame:
    """Per listed partner and flow: share and US$ value in the first and last year, and the change.

    Columns: flow, partner, partner_name, group, share_first, share_last, change_pp,
    value_first, value_last. Rows sorted by change (largest gain first).
    """
    if table.empty:
        return pd.DataFrame(columns=["flow", "partner", "partner_name", "group", "share_first", "share_last",
                                     "change_pp", "value_first", "value_last"])
    years = listed_years(table)
    first = years[0] if first is None else first
    last = years[-1] if last is None else last
    keyed = table.set_index(["flow", "partner", "year"])
    rows = []
    for (flow, partner), group in table.groupby(["flow", "partner"], sort=False):
        get = lambda y, col: float(keyed[col].get((flow, partner, y), math.nan))
        rows.append({"flow": flow, "partner": partner, "partner_name": group["partner_name"].iloc[0],
                     "group": group["group"].iloc[0], "share_first": get(first, "share"),
                     "share_last": get(last, "share"), "value_first": get(first, "value_usd_m"),
                     "value_last": get(last, "value_usd_m")})
    out = pd.DataFrame(rows)
    out["change_pp"] = 100 * (out["share_last"] - out["share_first"])
    return out.sort_values("change_pp", ascending=False, na_position="last").reset_index(drop=True)


def display_name(partner: str, partner_name: str) -> str:
    """Short display name: the registry's for states, the SYB's own for 'Areas nes' and the like."""
    return partner_name if partner.startswith("SYB:") else name(partner)


def quality_flags(country: str, table: pd.DataFrame) -> list[str]:
    """Data-quality problems the SYB partner and total tables show for ``country``, as sentences."""
    flags = []
    if table.empty:
        return [f"The UN Statistical Yearbook lists no trading partners for {name(country)}."]
    years = listed_years(table)
    latest = years[-1]
    flags.append(f"The SYB lists the three largest partners of {latest} in each direction and gives the shares of "
                 f"those same partners for {' and '.join(str(y) for y in years[:-1])}: a partner that was large earlier "
                 f"but not top-three in {latest} does not appear, so the table shows who rose into the top three, "
                 "not everyone who fell out of it.")
    for (reporter, partner), meaning in KNOWN_ARTEFACTS.items():
        rows = table[table["partner"] == partner] if reporter == country else table.iloc[0:0]
        if rows.empty:
            continue
        by_year = "; ".join(f"{r.year} {r.flow}: {text.pct(r.share, 1)}, {usd(r.value_usd_m)}"
                            for r in rows.sort_values(["flow", "year"]).itertuples())
        flags.append(f"**{rows['partner_name'].iloc[0]}** ({by_year}): {meaning}.")
    for partner, rows in table[table["group"] == UNALLOCATED].groupby("partner"):
        if (country, partner) not in KNOWN_ARTEFACTS:
            flags.append(f"**{rows['partner_name'].iloc[0]}** is a listed partner: trade not allocated to a country.")
    zeros = table[(table["share"] == 0) & ~table["partner"].map(lambda p: (country, p) in KNOWN_ARTEFACTS)]
    for r in zeros.itertuples():
        flags.append(f"{r.partner_name} is listed with a share of 0.0% of {r.flow} in {r.year}: a placeholder, "
                     "not a measured share.")
    expected = {(y, f, k) for y in years for f in FLOWS for k in (1, 2, 3)}
    present = set(zip(table["year"], table["flow"], table["rank"]))
    for year, flow, rank in sorted(expected - present):
        partner = table[(table["flow"] == flow) & (table["rank"] == rank)]["partner_name"]
        who = f" ({partner.iloc[0]})" if len(partner) else ""
        flags.append(f"No {year} share for {flow} partner {rank}{who}: missing in the SYB, not zero.")
    estimates = int(table["is_estimate"].sum())
    if estimates:
        flags.append(f"{estimates} of the {len(table)} partner shares are marked 'Estimate.' by the SYB "
                     "(usually built from partners' mirror statistics).")
    used_wto = table.loc[table["total_source"].isin(list(WTO_TOTALS.values())), "year"].unique()
    if len(used_wto):
        flags.append(f"The SYB has no total trade for {', '.join(str(int(y)) for y in sorted(used_wto))}; "
                     "US$ values for that year use WTO merchandise totals (World Bank WDI).")
    gaps = totals_divergence(country)
    gaps = gaps[gaps["year"].isin(years)]
    if len(gaps):
        flags.append("The SYB's totals, used here to turn shares into US$, differ by more than 15% from WTO merchandise "
                     "trade in " + "; ".join(f"{r.year} {r.flow} ({usd(r.syb_usd_m)} vs {usd(r.wto_usd_m)})"
                                             for r in gaps.itertuples())
                     + ": the US$ values inherit that uncertainty.")
    return flags


def is_artefact(country: str, partner: str) -> bool:
    return (country, partner) in KNOWN_ARTEFACTS or str(partner).startswith("SYB:")


def split_artefacts(table: pd.DataFrame, country: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rows of real country partners, rows of 'Areas nes'-type partners and known coding errors)."""
    odd = table["partner"].map(lambda p: is_artefact(country, p)).astype(bool)
    return table[~odd], table[odd]


def headline_changes(table: pd.DataFrame, country: str) -> tuple[pd.Series | None, pd.Series | None]:
    """The listed country partner whose share rose most and the one whose share fell most (either may be None).

    Non-country partners ('Areas nes') and known coding errors are left out.
    """
    moves = changes(table)
    moves = moves[~moves["partner"].map(lambda p: is_artefact(country, p))].dropna(subset=["change_pp"])
    gain = moves.iloc[0] if len(moves) and moves["change_pp"].iloc[0] >= STABLE_PP else None
    loss = moves.iloc[-1] if len(moves) and moves["change_pp"].iloc[-1] <= -STABLE_PP else None
    return gain, loss


STABLE_PP = 0.5  # a change of less than half a percentage point is 'held steady'


def shift_phrase(row: pd.Series, country: str, first: int, last: int) -> str:
    """"China's share of Kazakhstan's imports rose from 16.6% in 2015 to 27.4% in 2023 (US$ 5.1 bn to US$ 16.8 bn)"."""
    who = text.possessive(display_name(row["partner"], row["partner_name"]))
    whose = f"{text.possessive(name(country))} {row['flow']}"
    values = f"{usd(row['value_first'])} to {usd(row['value_last'])}"
    if abs(row["change_pp"]) < STABLE_PP:
        return (f"{who} share of {whose} held steady ({text.pct(row['share_first'], 1)} in {first}, "
                f"{text.pct(row['share_last'], 1)} in {last}; {values})")
    verb = "rose" if row["change_pp"] > 0 else "fell"
    return (f"{who} share of {whose} {verb} from {text.pct(row['share_first'], 1)} in {first} "
            f"to {text.pct(row['share_last'], 1)} in {last} ({values})")


def group_presence(table: pd.DataFrame, country: str, year: int) -> list[str]:
    """For the EU, Türkiye, the US and the neighbours: who is listed in ``year``, or that none is."""
    rows = table[table["year"] == year]
    out = []
    for group, label in ((EU, "EU member states"), (TURKIYE, "Türkiye"), (USA, "The United States"),
                         (CENTRAL, "Central Asian neighbours"), (NEAR, "Other neighbours (Afghanistan, Iran, Azerbaijan, Mongolia, Pakistan)")):
        listed = rows[rows["group"] == group]
        if listed.empty:
            out.append(f"{label}: none among the top three in either direction in {year}.")
        else:
            out.append(f"{label}: " + "; ".join(f"{display_name(r.partner, r.partner_name)} {text.pct(r.share, 1)} of {r.flow}"
                                                 for r in listed.itertuples()) + f" in {year}.")
    return out


def draw_partner_bars(ax, table: pd.DataFrame, flow: str, country: str) -> None:
    """Grouped bars: one group per listed partner, one bar per year (US$ bn), share printed on top.

    Colours follow :data:`GROUP_COLOURS`; later years are drawn darker; estimates are hatched;
    a year without a row is labelled 'no data', not drawn as zero.
    """
    rows = table[table["flow"] == flow]
    years = listed_years(table)
    order = rows.sort_values("rank")["partner"].drop_duplicates().tolist()
    width = 0.8 / max(len(years), 1)
    alphas = [0.35 + 0.65 * i / max(len(years) - 1, 1) for i in range(len(years))]
    top = (rows["value_usd_m"].max() / 1e3) if rows["value_usd_m"].notna().any() else 1.0
    for x, partner in enumerate(order):
        mine = rows[rows["partner"] == partner].set_index("year")
        colour = GROUP_COLOURS[mine["group"].iloc[0]]
        for i, year in enumerate(years):
            pos = x - 0.4 + width * (i + 0.5)
            if year not in mine.index or math.isnan(mine.loc[year, "value_usd_m"]):
                ax.text(pos, top * 0.02, "no data", rotation=90, ha="center", va="bottom", fontsize=7, color="#777777")
                continue
            r = mine.loc[year]
            ax.bar(pos, r["value_usd_m"] / 1e3, width=width * 0.95, color=colour, alpha=alphas[i],
                   hatch="///" if r["is_estimate"] else None, edgecolor="white", linewidth=0.5)
            ax.text(pos, r["value_usd_m"] / 1e3 + top * 0.015, text.pct(r["share"], 0), ha="center", va="bottom",
                    fontsize=7.5, rotation=90 if len(years) > 3 else 0)
    labels = [display_name(p, rows.loc[rows["partner"] == p, "partner_name"].iloc[0]) for p in order]
    ax.set_xticks(range(len(order)), [textwrap.fill(lbl, 14) for lbl in labels])
    ax.set_ylim(0, top * 1.2)
    ax.set_ylabel("US$ billion")
    ax.set_title(f"{flow.capitalize()}: listed partners of {name(country)}")
    ax.grid(axis="x", visible=False)


def usd(usd_m: float) -> str:
    """US$ million -> 'US$ 14.7 bn', or 'US$ 48 million' below one billion."""
    if usd_m != usd_m:
        return "n/a"
    return f"US$ {text.num(usd_m / 1e3, 1)} bn" if abs(usd_m) >= 1000 else f"US$ {text.num(usd_m, 0)} million"


def partner_legend_handles(table: pd.DataFrame):
    """Legend entries for :func:`draw_partner_bars`: partner groups present, then years and the estimate hatch."""
    from matplotlib.patches import Patch
    groups = [g for g in GROUPS if g in set(table["group"])]
    years = listed_years(table)
    alphas = [0.35 + 0.65 * i / max(len(years) - 1, 1) for i in range(len(years))]
    handles = [Patch(color=GROUP_COLOURS[g], label=g) for g in groups]
    handles += [Patch(facecolor="#555555", alpha=a, label=str(y)) for y, a in zip(years, alphas)]
    if table["is_estimate"].any():
        handles.append(Patch(facecolor="white", edgecolor="#555555", hatch="///", label="'Estimate.' in the SYB"))
    return handles


# --- openness, export mix, money flows, links -------------------------------------------

def per_gdp(dataset_id: str, countries: list[str], start_year: int, end_year: int) -> pd.DataFrame:
    """A US$ series as % of GDP (current US$), year x country; NaN where either is missing."""
    value = data.wide(dataset_id, None, countries, start_year, end_year)
    gdp = data.wide(GDP, None, countries, start_year, end_year)
    return 100 * value / gdp.reindex_like(value)


def trade_openness(countries: list[str], start_year: int, end_year: int) -> pd.DataFrame:
    """Exports plus imports of goods and services, % of GDP (WDI NE.EXP + NE.IMP; NE.TRD is not mirrored)."""
    exports = data.wide(OPENNESS["exports"], None, countries, start_year, end_year)
    imports = data.wide(OPENNESS["imports"], None, countries, start_year, end_year)
    return exports + imports.reindex_like(exports)


def internet_use(countries: list[str], start_year: int, end_year: int) -> pd.DataFrame:
    """ITU share of individuals using the internet (via UN SYB), year x country, %."""
    return data.years_table(SYB_INTERNET, countries, start_year, end_year)


def latest_of(table: pd.DataFrame, country: str) -> tuple[int | None, float]:
    """(year, value) of ``country``'s last reported year in a year x country table."""
    if country not in table:
        return None, math.nan
    return metrics.latest(table[country])


# --- figures and sentences of the notebook ------------------------------------------------------

TRADE_UNIT = "US$ million"
SYB_SERIES = {"exports": "Exports (UN SYB)", "imports": "Imports (UN SYB)", "balance": "Balance (UN SYB)"}
WTO_SERIES = {"exports": "Exports, every year (WTO)", "imports": "Imports, every year (WTO)"}
PARTNER_SOURCES = (SYB_PARTNERS, SYB_TOTALS, *WTO_TOTALS.values())
OPENNESS_SERIES = {"Trade in goods and services": "% of GDP", "Merchandise trade": "% of GDP"}
MIX_UNIT = "% of merchandise exports"
LOGISTICS_SERIES = {"lpi": ("Logistics Performance Index", "LPI score (1-5)", 1.0),
                    "rail": ("Rail lines", "thousand route-km", 1e3),
                    "air": ("Air departures of registered carriers", "thousand departures", 1e3)}
DIGITAL_SERIES = {"internet": ("Internet users", "% of individuals"),
                  "broadband": ("Fixed broadband subscriptions", "per 100 people"),
                  "mobile": ("Mobile subscriptions", "per 100 people")}
OWN_FILE_COLUMNS = [*figures.DATA_COLUMNS, "total_basis", "layout", "file"]


def span(start_year: int, end_year: int, dash: str = "–") -> str:
    """'1995–2025', or '2024' for a one-year range."""
    return str(start_year) if start_year == end_year else f"{start_year}{dash}{end_year}"


def _at(value: float, year: int | None, digits: int, suffix: str = "") -> str:
    """'12.3% (2023)', or 'not reported' when the source has no value."""
    return findings.NOT_REPORTED if year is None else f"{text.num(value, digits)}{suffix} ({year})"


def _years(table: pd.DataFrame) -> tuple[int, int]:
    return int(table["year"].min()), int(table["year"].max())


def _latest(table: pd.DataFrame, country: str, series: str) -> tuple[int | None, float]:
    """(year, value) of ``country``'s last reported value of one series of tidy data."""
    return latest_of(figures.wide(table, series), country)


def _tidy_tables(tables: dict[str, pd.DataFrame], units: dict[str, str]) -> pd.DataFrame:
    """Year x country tables, one per series, as one tidy table (series in the order given)."""
    return pd.concat([figures.tidy(t, series, units[series]) for series, t in tables.items()], ignore_index=True)


ALL_COMPARED = "among the states compared"


def _among(ranked: pd.Series, table: pd.DataFrame, year: int) -> str:
    """'among the states compared', or 'of the 3 states compared that report 2025' when some report nothing then."""
    compared = table["country"].nunique()
    return ALL_COMPARED if len(ranked) == compared else f"of the {len(ranked)} states compared that report {year}"


def _lines_figure(table: pd.DataFrame, country: str, figure_id: str, title: str, alt: str, sources, note: str,
                  figsize=(12, 3.9), legend_panel: int = 0, legend_loc: str = "best", **kwargs) -> figures.Figure:
    """Small multiples of one line per country, one panel per series, the legend in one panel."""
    fig, axes = charts.lines(table, focus=country, ncols=table["series"].nunique(), figsize=figsize,
                             titles={s: s for s in table["series"].unique()}, legend="none", **kwargs)
    if axes.flat[legend_panel].get_legend_handles_labels()[0]:  # no legend for a panel without data
        axes.flat[legend_panel].legend(fontsize=8, loc=legend_loc)
    return figures.Figure(figure_id, fig, table, title, alt, tuple(sources), note=note)


# goods trade totals

def _long(table: pd.DataFrame, country: str, names: dict[str, str], panel: str) -> list[dict]:
    return [{"country": country, "year": int(y), "series": label, "value": float(v), "unit": TRADE_UNIT, "panel": panel}
            for column, label in names.items() if column in table for y, v in table[column].items()]


def goods_trade(country: str, comparison: list[str], start_year: int, end_year: int) -> pd.DataFrame:
    """Goods trade, US$ million, tidy: the country's UN SYB totals and WTO annual totals (panel 'years'), and
    the SYB exports and imports of every state compared in the country's latest SYB year (panel 'comparison')."""
    totals = trade_totals(country, start_year, end_year).dropna(how="all")
    rows = _long(totals, country, SYB_SERIES, "years") + _long(wto_totals(country, start_year, end_year), country,
                                                               WTO_SERIES, "years")
    year = metrics.latest(totals["exports"])[0]
    if year is not None:
        region = totals_latest(comparison, year)
        rows += [{"country": c, "year": year, "series": SYB_SERIES[flow], "value": float(region.loc[c, flow]),
                  "unit": TRADE_UNIT, "panel": "comparison"} for c in comparison for flow in FLOWS]
    return pd.DataFrame(rows, columns=[*figures.DATA_COLUMNS, "panel"])


def _flows(table: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The 'years' panel of :func:`goods_trade` as year x flow (columns as in ``names``)."""
    rows = table[table["panel"] == "years"]
    wide = rows.pivot_table(index="year", columns="series", values="value", aggfunc="first", dropna=False)
    return wide.reindex(columns=list(names.values())).set_axis(list(names), axis=1).dropna(how="all")


def _trade_facts(table: pd.DataFrame) -> dict | None:
    """The latest SYB year and its values, the base year of the change (2015 where reported); None without SYB data."""
    syb = _flows(table, SYB_SERIES)
    year, exports = metrics.latest(syb["exports"]) if len(syb) else (None, math.nan)
    if year is None:
        return None
    base = 2015 if 2015 in syb.index else int(syb.index.min())
    return {"syb": syb, "year": year, "exports": exports, "imports": metrics.value_in(syb["imports"], year),
            "balance": metrics.value_in(syb["balance"], year), "base": base,
            "years": ", ".join(str(y) for y in syb.index)}


def _balance_phrase(facts: dict) -> str:
    return f"{'surplus' if facts['balance'] > 0 else 'deficit'} of {usd(abs(facts['balance']))}"


def goods_trade_figure(table: pd.DataFrame, country: str) -> figures.Figure | None:
    """Bars of the SYB years with the WTO annual lines, and the states compared in the latest SYB year."""
    facts = _trade_facts(table)
    if facts is None:
        return None
    syb, wto, year, own = facts["syb"], _flows(table, WTO_SERIES), facts["year"], name(country)
    region = table[table["panel"] == "comparison"].pivot_table(index="country", columns="series", values="value",
                                                               aggfunc="first", dropna=False)
    codes = list(dict.fromkeys(table.loc[table["panel"] == "comparison", "country"]))
    region = region.reindex(index=codes, columns=[SYB_SERIES[f] for f in FLOWS]).set_axis(list(FLOWS), axis=1)
    fig, axes = plots.new_figure(1, 2, figsize=(11.5, 4.2), gridspec_kw={"width_ratios": [1.7, 1]})
    ax = axes[0]
    ax.bar(syb.index - 0.2, syb["exports"] / 1e3, width=0.4, color=plots.colour(country), label=SYB_SERIES["exports"])
    ax.bar(syb.index + 0.2, syb["imports"] / 1e3, width=0.4, color="#9a9a9a", label=SYB_SERIES["imports"])
    ax.scatter(syb.index, syb["balance"] / 1e3, marker="D", s=22, color="black", zorder=4, label=SYB_SERIES["balance"])
    ax.plot(wto.index, wto["exports"] / 1e3, ":", color=plots.colour(country), linewidth=1.4, label=WTO_SERIES["exports"])
    ax.plot(wto.index, wto["imports"] / 1e3, ":", color="#555555", linewidth=1.4, label=WTO_SERIES["imports"])
    ax.axhline(0, color="#333333", linewidth=0.8)
    ax.set(ylabel="US$ billion", xlabel="Year", title=f"{own}: goods exports, imports and balance")
    ax.legend(loc="upper left", fontsize=8)
    ax2, rows = axes[1], range(len(region))
    ax2.barh([y - 0.2 for y in rows], region["exports"].fillna(0) / 1e3, height=0.4,
             color=[plots.colour(c, i) for i, c in enumerate(region.index)], label="Exports")
    ax2.barh([y + 0.2 for y in rows], region["imports"].fillna(0) / 1e3, height=0.4, color="#bbbbbb", label="Imports")
    for y, code in enumerate(region.index):
        if region.loc[code].isna().all():
            ax2.text(0, y, "  not reported by the SYB", va="center", fontsize=8, color="#777777")
    ax2.set_yticks(list(rows), [name(c) for c in region.index])
    ax2.invert_yaxis()
    ax2.set(xlabel=f"US$ billion, {year}", title=f"Goods trade, {year}")
    ax2.legend(loc="lower right", fontsize=8)
    ax2.grid(axis="y", visible=False)
    title = (f"{own} ran a goods trade {_balance_phrase(facts)} in {year}: exports {usd(facts['exports'])}, "
             f"imports {usd(facts['imports'])}")
    alt = (f"Bar chart of {own}'s goods exports and imports in US$ billion for the UN SYB years {facts['years']}, with "
           f"the balance as diamonds and WTO annual totals as dotted lines; in {year} exports were "
           f"{usd(facts['exports'])} and imports {usd(facts['imports'])}. A second panel compares {year} exports and "
           "imports of " + ", ".join(f"{name(c)} ({usd(r.exports)} / {usd(r.imports)})" if r.notna().all()
                                     else f"{name(c)} ({findings.NOT_REPORTED})" for c, r in region.iterrows())
           + ".")
    note = "Bars only in the years the SYB reports; dotted lines: WTO merchandise trade via the World Bank WDI."
    return figures.Figure("goods-trade", fig, table, title, alt, (SYB_TOTALS, *WTO_TOTALS.values()), note=note)


def divergence(syb: pd.DataFrame, wto: pd.DataFrame, threshold: float = 0.15) -> pd.DataFrame:
    """Years where SYB and WTO goods totals (year x flow) differ by more than ``threshold`` (relative to WTO).

    Columns: year, flow, syb_usd_m, wto_usd_m, gap (SYB / WTO - 1).
    """
    rows = []
    for flow in FLOWS:
        both = pd.concat([syb[flow].rename("syb_usd_m"), wto[flow].rename("wto_usd_m")], axis=1, join="inner").dropna()
        both["gap"] = both["syb_usd_m"] / both["wto_usd_m"] - 1
        both = both[both["gap"].abs() > threshold]
        rows += [{"year": int(y), "flow": flow, **r} for y, r in both.to_dict("index").items()]
    return pd.DataFrame(rows, columns=["year", "flow", "syb_usd_m", "wto_usd_m", "gap"])


def goods_trade_text(table: pd.DataFrame, country: str, start: int, end: int) -> str:
    """Exports, imports and balance in the latest SYB year, the change since the base year, the years reported,
    and a caution where SYB and WTO totals of those years differ by more than 15%."""
    own = name(country)
    facts = _trade_facts(table)
    if facts is None:
        return text.missing(f"goods trade totals in {span(start, end)}", own, "The UN Statistical Yearbook")
    syb, year, base = facts["syb"], facts["year"], facts["base"]
    out = (f"In {year} {own} exported goods worth **{usd(facts['exports'])}** and imported "
           f"**{usd(facts['imports'])}**, a {'surplus' if facts['balance'] > 0 else 'deficit'} of "
           f"**{usd(abs(facts['balance']))}**.")
    if base != year:
        out += (f" Since {base} exports changed by {text.signed_pct(facts['exports'] / syb.loc[base, 'exports'] - 1, 0)}"
                f" and imports by {text.signed_pct(facts['imports'] / syb.loc[base, 'imports'] - 1, 0)}.")
    if len(syb) < end - start + 1:
        out += (f" The SYB reports only {facts['years']} in {span(start, end)}; the years between are missing from "
                "this source, not zero.")
    gaps = divergence(syb, _flows(table, WTO_SERIES))
    gaps = gaps[gaps["year"].isin([base, year])]
    if len(gaps):
        out += (f"\n\n**Caution:** for {', '.join(sorted({str(y) for y in gaps['year']}))} the SYB and WTO totals "
                "differ by more than 15% (" + "; ".join(f"{r.year} {r.flow}: SYB {usd(r.syb_usd_m)}, WTO "
                                                       f"{usd(r.wto_usd_m)}" for r in gaps.itertuples())
                + f"), so the change since {base} depends on the source.")
    return out


# partners

def partner_data(table: pd.DataFrame, country: str) -> pd.DataFrame:
    """:func:`partners` with the tidy columns first: the reporter, year, 'flow: partner', US$ million."""
    series = [f"{f}: {display_name(p, n)}" for f, p, n in zip(table["flow"], table["partner"], table["partner_name"])]
    tidy = table.assign(country=country, series=series, value=table["value_usd_m"].astype(float), unit=TRADE_UNIT)
    return tidy[[*figures.DATA_COLUMNS, *(c for c in table.columns if c != "year")]]


def partners_figure(table: pd.DataFrame, country: str) -> figures.Figure | None:
    """Grouped bars of the listed partners per flow; the title names the largest gain and loss of share."""
    if table.empty:
        return None
    years = listed_years(table)
    first, last = years[0], years[-1]
    fig, axes = plots.new_figure(1, 2, figsize=(11.5, 4.4), sharey=False)
    for ax, flow in zip(axes, FLOWS):
        draw_partner_bars(ax, table, flow, country)
    fig.legend(handles=partner_legend_handles(table), loc="outside right center", fontsize=8)
    moves = [shift_phrase(r, country, first, last).split(" (US$")[0]
             for r in headline_changes(table, country) if r is not None]
    title = "; ".join(moves) or f"{name(country)}'s listed partners, {first}–{last}"
    alt = (f"Grouped bar charts of the US$ value of {name(country)}'s three largest export and import partners of "
           f"{last}, for {', '.join(map(str, years))}: " + "; ".join(
               f"{r.flow} {display_name(r.partner, r.partner_name)} {r.year} {text.pct(r.share, 1)} ({usd(r.value_usd_m)})"
               for r in table.itertuples()) + ".")
    note = f"Bars: partner share x total trade; the share is printed on each bar. Partners are the top three of {last}."
    return figures.Figure("trade-partners", fig, partner_data(table, country), title, alt, PARTNER_SOURCES, note=note)


def partners_text(table: pd.DataFrame, country: str) -> str:
    """The shifts among the listed partners, China's and Russia's shares, and where the EU, Türkiye, the US
    and the neighbours stand."""
    if table.empty:
        return text.missing("trading partners", name(country), "The UN Statistical Yearbook")
    years = listed_years(table)
    first, last = years[0], years[-1]
    real, odd = split_artefacts(changes(table).dropna(subset=["change_pp"]), country)
    shifts = (f"**Shifts among the listed partners, {first}–{last}:** "
              + "; ".join(shift_phrase(r, country, first, last) for _, r in real.iterrows()) + "."
              + (" Left out here, see the data-quality notes: " + ", ".join(sorted(set(odd["partner_name"]))) + "."
                 if len(odd) else ""))
    presence = "\n".join(f"* {line}" for line in group_presence(table, country, last))
    return "\n\n".join([shifts, share_sentence(table, country, last), presence])


def quality_text(table: pd.DataFrame, country: str) -> str:
    """The data-quality notes under the partner table ('' when the SYB lists no partner: the text said so)."""
    if table.empty:
        return ""
    return "**Data-quality notes for this table**\n\n" + "\n".join(f"* {f}" for f in quality_flags(country, table))


# a user's own trade file

def own_trade(trade_file: str | None, country: str) -> pd.DataFrame:
    """Shares (%) of the five largest partners per flow and year in a user's trade file, tidy: ``country`` is the
    partner, ``series`` the flow; empty without a file."""
    if not trade_file:
        return pd.DataFrame(columns=OWN_FILE_COLUMNS)
    own = byo_trade.for_reporter(byo_trade.load_trade_file(trade_file), country)
    basis = own[["year", "flow", "total_basis"]].drop_duplicates(["year", "flow"]).rename(columns={"flow": "series"})
    parts = [figures.tidy(byo_trade.shares_by_year(own, flow, byo_trade.top_partners(own, flow, 5)) * 100, flow,
                          f"% of {name(country)}'s {flow}") for flow in byo_trade.FLOWS]
    rows = pd.concat(parts, ignore_index=True).merge(basis, on=["year", "series"], how="left")
    return rows.assign(layout=own["layout"].iloc[0], file=own["file"].iloc[0])[OWN_FILE_COLUMNS]


def _own_latest(table: pd.DataFrame) -> list[str]:
    """Per flow: 'exports: China 19.0%, ... (2023)', the partners' shares in the flow's last year."""
    out = []
    for flow in byo_trade.FLOWS:
        rows = table[table["series"] == flow]
        if rows.empty:
            continue
        year = int(rows["year"].max())
        latest = rows[(rows["year"] == year) & rows["value"].notna()]
        out.append(f"{flow}: " + ", ".join(f"{name(r.country)} {text.num(r.value, 1)}%" for r in latest.itertuples())
                   + f" ({year})")
    return out


def own_trade_figure(table: pd.DataFrame, country: str) -> figures.Figure | None:
    """Lines of the five largest partners' shares per flow from the user's file (None without a file)."""
    if table.empty:
        return None
    first, last = _years(table)
    fig, axes = charts.lines(table, ncols=2, figsize=(11.5, 4.0), legend="none", sharey=True, sharex=True,
                             titles={f: f"{f.capitalize()}: five largest partners in the file" for f in byo_trade.FLOWS})
    for ax in axes.flat:
        ax.set_xlim(first - 0.5, last + 0.5)
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=8, loc="upper left")
    layout, file = table["layout"].iloc[0], table["file"].iloc[0]
    title = f"{name(country)}'s partner shares, {first}–{last}, from your {layout} file"
    alt = (f"Line charts of the shares of {name(country)}'s five largest export and import partners in the file {file}, "
           "by year: " + "; ".join(_own_latest(table)) + ".")
    return figures.Figure("own-trade-file", fig, table, title, alt, (),
                          note="Shares of the world total in the file, or of the sum of its partners where it has no world row.",
                          credit=f"user-supplied file {file} ({layout} layout; not pinned or verified by this project, "
                                 "cite its producer)")


def own_trade_text(table: pd.DataFrame) -> str:
    """What the user's file says (its name only, never its folder), or that no file was given."""
    if table.empty:
        return "No `trade_file` was given, so the partner section above rests on the UN SYB top-three table only."
    years = table["year"].nunique()
    return (f"From **{table['file'].iloc[0]}** ({table['layout'].iloc[0]} layout, {years} years): "
            + "; ".join(_own_latest(table)) + ". "
            + byo_trade.basis_sentence(table.rename(columns={"series": "flow"}).dropna(subset=["total_basis"])))


# openness and export mix

def openness(comparison: list[str], start_year: int, end_year: int) -> pd.DataFrame:
    """Trade in goods and services and merchandise trade, % of GDP, tidy, every year of the range."""
    years = range(start_year, end_year + 1)
    both = trade_openness(comparison, start_year, end_year).reindex(index=years, columns=comparison)
    merch = data.years_table(OPENNESS["merchandise"], comparison, start_year, end_year)
    return _tidy_tables(dict(zip(OPENNESS_SERIES, [both, merch])), OPENNESS_SERIES)


def _openness_facts(table: pd.DataFrame, country: str) -> dict:
    goods_services, merchandise = OPENNESS_SERIES
    wide = figures.wide(table, goods_services)
    year, value = latest_of(wide, country)
    ranked = wide.loc[year].dropna().sort_values(ascending=False) if year is not None else pd.Series(dtype=float)
    first = int(wide[country].first_valid_index()) if year is not None else None
    return {"year": year, "value": value, "ranked": ranked, "first": first,
            "first_value": metrics.value_in(wide[country], first) if first else math.nan,
            "merch": _latest(table, country, merchandise)}


def openness_figure(table: pd.DataFrame, country: str) -> figures.Figure:
    """Two panels: goods and services, and merchandise trade, % of GDP; the title ranks the country."""
    own, (start, end), facts = name(country), _years(table), _openness_facts(table, country)
    if facts["year"] is None:
        title = text.missing(f"trade openness in {span(start, end)}", own, "The World Bank").rstrip(".")
    else:
        ranked = facts["ranked"]
        place, among = list(ranked.index).index(country) + 1, _among(ranked, table, facts["year"])
        rank = ("the highest" if place == 1 else f"number {place}"
                + (f" of {len(ranked)}" if among == ALL_COMPARED else ""))
        title = (f"{own}'s trade in goods and services equalled {text.num(facts['value'], 0)}% of GDP in "
                 f"{facts['year']}, {rank} {among}")
    in_year = lambda year, value: f"{text.num(value, 0)}% in {year}" if year is not None else findings.NOT_REPORTED
    alt = (f"Two line charts, {span(start, end, '-')}: exports plus imports of goods and services, and merchandise "
           f"trade, as % of GDP for {names(table['country'].unique())}. {own}: "
           f"{in_year(facts['year'], facts['value'])} (goods and services), {in_year(*facts['merch'])} (merchandise).")
    return _lines_figure(table, country, "trade-openness", title, alt, OPENNESS.values(), plots.MISSING_NOTE,
                         figsize=(11, 3.9), legend_loc="upper right", sharey=True)


def openness_text(table: pd.DataFrame, country: str) -> str:
    own, (start, end), facts = name(country), _years(table), _openness_facts(table, country)
    if facts["year"] is None:
        return text.missing(f"trade in goods and services in {span(start, end)}", own, "The World Bank")
    m_year, m_value = facts["merch"]
    against = (f" (against {text.num(facts['first_value'], 1)}% in {facts['first']})"
               if facts["first"] != facts["year"] else "")
    merch = (f"merchandise trade alone to {text.num(m_value, 1)}% in {m_year}" if m_year is not None
             else "merchandise trade alone is not reported")
    return (f"Exports plus imports of goods and services came to **{text.num(facts['value'], 1)}% of GDP** in "
            f"{facts['year']}{against}; {merch}. "
            + ", ".join(f"{name(c)} {text.num(v, 0)}%" for c, v in facts["ranked"].items()) + f" ({facts['year']}).")


def export_mix(comparison: list[str], start_year: int, end_year: int) -> pd.DataFrame:
    """Fuel and ores-and-metals exports, % of merchandise exports, tidy, every year of the range."""
    tables = {f"{label} exports": data.years_table(dataset, comparison, start_year, end_year)
              for label, dataset in EXPORT_MIX.items()}
    return _tidy_tables(tables, dict.fromkeys(tables, MIX_UNIT))


def export_mix_figure(table: pd.DataFrame, country: str) -> figures.Figure:
    """Two panels (fuels, ores and metals); the title gives the latest mix or says how old it is."""
    own, (start, end) = name(country), _years(table)
    (f_year, fuel), (r_year, ores) = (_latest(table, country, f"{label} exports") for label in EXPORT_MIX)
    if f_year is None:
        title = f"The World Bank reports no export mix for {own}"
    elif f_year < end - 5:
        title = (f"{own}'s export mix is last reported for {f_year}: fuels {text.num(fuel, 0)}%, ores and metals "
                 f"{text.num(ores, 0)}%")
    else:
        title = (f"Fuels made {text.num(fuel, 0)}% of {own}'s merchandise exports in {f_year}, ores and metals "
                 f"{text.num(ores, 0)}%")
    alt = (f"Two line charts of fuel and of ores-and-metals exports as % of merchandise exports, {span(start, end, '-')},"
           f" for {names(table['country'].unique())}. {own}: fuels {_at(fuel, f_year, 0, '%')}, ores and metals "
           f"{_at(ores, r_year, 0, '%')}.")
    figure = _lines_figure(table, country, "export-mix", title, alt, EXPORT_MIX.values(), plots.MISSING_NOTE,
                           figsize=(11, 3.9), legend_panel=1, legend_loc="upper right", sharey=True)
    for ax in figure.fig.axes:
        ax.set_ylim(0, 100)
    return figure


def export_mix_text(table: pd.DataFrame, country: str) -> str:
    own, (start, end) = name(country), _years(table)
    fuel_series = f"{next(iter(EXPORT_MIX))} exports"
    (f_year, fuel), (_, ores) = (_latest(table, country, f"{label} exports") for label in EXPORT_MIX)
    covered = figures.wide(table, fuel_series)[country].dropna()
    every = end - start + 1
    out = (f"Fuels were **{text.num(fuel, 1)}%** and ores and metals **{text.num(ores, 1)}%** of {own}'s goods exports "
           f"in {f_year}. " if f_year else text.missing("export mix", own, "The World Bank") + " ")
    if 0 < len(covered) < every:
        out += (f"The series covers {own} in {len(covered)} of the {every} years from {start} to {end} "
                f"({span(int(covered.index.min()), int(covered.index.max()))}); the other years are not reported.")
    return out


# money flows

def money_flows(comparison: list[str], start_year: int, end_year: int) -> pd.DataFrame:
    """FDI net inflows, remittances received and the current account as % of GDP, tidy, with ``usd`` (US$)."""
    years = range(start_year, end_year + 1)
    parts = []
    for label, dataset in MONEY_FLOWS.items():
        shares = per_gdp(dataset, comparison, start_year, end_year).reindex(index=years, columns=comparison)
        dollars = data.years_table(dataset, comparison, start_year, end_year)
        part = figures.tidy(shares, label, "% of GDP")
        parts.append(part.merge(figures.tidy(dollars, label, "US$")[["country", "year", "value"]]
                                .rename(columns={"value": "usd"}), on=["country", "year"], how="left"))
    return pd.concat(parts, ignore_index=True)


def _money_latest(table: pd.DataFrame, country: str) -> dict[str, tuple[int | None, float]]:
    return {label: _latest(table, country, label) for label in MONEY_FLOWS}


def money_flows_figure(table: pd.DataFrame, country: str) -> figures.Figure:
    """Three panels, % of GDP; the title compares remittances with FDI when both are recent."""
    own, (start, end) = name(country), _years(table)
    (fdi_y, fdi), (rem_y, rem), (ca_y, ca) = _money_latest(table, country).values()
    recent = rem_y is not None and rem_y >= end - 5
    if recent and rem > fdi:
        title = (f"Migrants' remittances ({text.num(rem, 1)}% of GDP, {rem_y}) bring {own} more money than foreign "
                 f"direct investment ({text.num(fdi, 1)}%)")
    elif fdi_y is None:
        title = text.missing(f"net FDI inflows in {span(start, end)}", own, "The World Bank").rstrip(".")
    else:
        title = f"Net FDI inflows equalled {text.num(fdi, 1)}% of {own}'s GDP in {fdi_y}" + (
            f", remittances {text.num(rem, 1)}% ({rem_y})" if recent else "")
    alt = (f"Three line charts, % of GDP, {span(start, end, '-')}, for {names(table['country'].unique())}: net FDI "
           f"inflows, personal remittances received and the current account balance. {own}: FDI "
           f"{_at(fdi, fdi_y, 1, '%')}, remittances {_at(rem, rem_y, 1, '%')}, current account {_at(ca, ca_y, 1, '%')}.")
    figure = _lines_figure(table, country, "money-flows", title, alt, [*MONEY_FLOWS.values(), GDP], plots.MISSING_NOTE,
                           legend_panel=1, legend_loc="upper left")
    for ax, label in zip(figure.fig.axes, MONEY_FLOWS):
        ax.axhline(0, color="#333333", linewidth=0.7)
        ax.set_title(label.replace(" received", ""))
    return figure


def money_flows_text(table: pd.DataFrame, country: str) -> str:
    """Each flow's latest share of GDP with its US$ value, or that the World Bank reports none."""
    own, (_, end) = name(country), _years(table)
    lines = []
    for label, (year, value) in _money_latest(table, country).items():
        if year is None:
            lines.append(text.missing(label.lower(), own, "The World Bank WDI"))
            continue
        dollars = table[(table["series"] == label) & (table["country"] == country)].set_index("year")["usd"]
        stale = f" (the last year reported; nothing after {year})" if year < end - 5 else ""
        lines.append(f"{label}: **{text.num(value, 1)}% of GDP** in {year} "
                     f"({usd(metrics.latest(dollars)[1] / 1e6)}){stale}.")
    return " ".join(lines)


# logistics and digital links

def logistics(comparison: list[str], start_year: int, end_year: int) -> pd.DataFrame:
    """LPI score, rail route-km (thousands) and air departures (thousands), tidy, every year of the range."""
    tables = {label: data.years_table(LOGISTICS[key], comparison, start_year, end_year) / scale
              for key, (label, _, scale) in LOGISTICS_SERIES.items()}
    return _tidy_tables(tables, {label: unit for label, unit, _ in LOGISTICS_SERIES.values()})


def _logistics_latest(table: pd.DataFrame, country: str) -> dict[str, tuple[int | None, float]]:
    """(year, value) per logistics key, in the source's units (route-km, departures)."""
    out = {}
    for key, (label, _, scale) in LOGISTICS_SERIES.items():
        year, value = _latest(table, country, label)
        out[key] = (year, value * scale)
    return out


def rail_route_km(table: pd.DataFrame, country: str) -> tuple[int | None, float]:
    """The World Bank's latest rail route-km of ``country`` from :func:`logistics`."""
    return _logistics_latest(table, country)["rail"]


def logistics_figure(table: pd.DataFrame, country: str) -> figures.Figure:
    own, (start, end) = name(country), _years(table)
    latest = _logistics_latest(table, country)
    (l_year, lpi), (r_year, rail), (a_year, air) = latest.values()
    if l_year is None:
        title = text.missing(f"logistics score in {span(start, end)}", own, "The World Bank").rstrip(".")
    else:
        scores = figures.wide(table, LOGISTICS_SERIES["lpi"][0]).loc[l_year].dropna()
        best = scores.idxmax()
        among = _among(scores, table, l_year)
        title = f"{own} scored {text.num(lpi, 2)} of 5 on logistics in {l_year}" + (
            f"; {name(best)} scored highest {among}" if best != country else f"; the best {among}")
    alt = (f"Three line charts for {names(table['country'].unique())}: LPI score by survey year, rail route-km and air "
           f"departures, {span(start, end, '-')}. {own}: LPI {_at(lpi, l_year, 2)}, "
           + (f"{text.num(rail, 0)} route-km of railway ({r_year})" if r_year else "railway not reported")
           + ", " + (f"{text.num(air / 1e3, 1)} thousand departures ({a_year})" if a_year else "departures not reported")
           + ".")
    return _lines_figure(table, country, "logistics", title, alt, LOGISTICS.values(),
                         "LPI survey years only. " + plots.MISSING_NOTE, legend_loc="lower right")


def logistics_text(table: pd.DataFrame, country: str) -> str:
    own = name(country)
    (l_year, lpi), (r_year, rail), (a_year, air) = _logistics_latest(table, country).values()
    surveys = figures.wide(table, LOGISTICS_SERIES["lpi"][0])[country].dropna().index
    parts = [f"{own}'s LPI score was **{text.num(lpi, 2)}** in {l_year} (survey years: "
             f"{', '.join(str(y) for y in surveys)})." if l_year else
             text.missing("Logistics Performance Index score", own, "The World Bank")]
    rail_part = (f"**{text.num(rail, 0)} route-km of railway** in {r_year} (the World Bank series ends there)"
                 if r_year else "no railway length reported by the World Bank")
    air_part = (f"its carriers flew **{text.num(air, 0)} departures** in {a_year}" if a_year
                else "no air departures reported")
    parts.append(f"It had {rail_part} and {air_part}.")
    return " ".join(parts)


def digital(comparison: list[str], start_year: int, end_year: int) -> pd.DataFrame:
    """Internet use (% of individuals), fixed broadband and mobile subscriptions (per 100 people), tidy."""
    tables = {DIGITAL_SERIES["internet"][0]: internet_use(comparison, start_year, end_year)}
    tables |= {DIGITAL_SERIES[key][0]: data.years_table(DIGITAL[key], comparison, start_year, end_year)
               for key in ("broadband", "mobile")}
    return _tidy_tables(tables, dict(DIGITAL_SERIES.values()))


def _digital_latest(table: pd.DataFrame, country: str):
    return [_latest(table, country, label) for label, _ in DIGITAL_SERIES.values()]


def digital_figure(table: pd.DataFrame, country: str) -> figures.Figure:
    own, (start, end) = name(country), _years(table)
    (i_year, net), (b_year, broadband), (m_year, mobile) = _digital_latest(table, country)
    internet = (f"{text.num(net, 0)}% of people in {own} used the internet in {i_year}" if i_year
                else text.missing(f"internet use in {span(start, end)}", own, "The UN SYB").rstrip("."))
    title = internet + (f"; {text.num(broadband, 1)} fixed broadband lines per 100 people ({b_year})" if b_year else "")
    alt = (f"Three line charts for {names(table['country'].unique())}: share of individuals using the internet, fixed "
           f"broadband and mobile subscriptions per 100 people, {span(start, end, '-')}. {own}: internet "
           f"{_at(net, i_year, 1, '%')}, broadband {_at(broadband, b_year, 1)}, mobile {_at(mobile, m_year, 0)}.")
    return _lines_figure(table, country, "digital-links", title, alt, DIGITAL.values(),
                         "Internet use: SYB years only (2000, 2005, 2010, 2015, 2020-2022). " + plots.MISSING_NOTE,
                         legend_loc="upper left")


def digital_text(table: pd.DataFrame, country: str) -> str:
    own = name(country)
    (i_year, net), (b_year, broadband), (m_year, mobile) = _digital_latest(table, country)
    out = (f"Internet use reached **{text.num(net, 1)}%** of individuals in {own} in {i_year}; "
           if i_year else text.missing("internet use", own, "The UN SYB").rstrip(".") + "; ")
    out += (f"there were {text.num(broadband, 1)} fixed broadband subscriptions per 100 people in {b_year}"
            if b_year else "no fixed broadband subscriptions are reported")
    out += (f" and {text.num(mobile, 0)} mobile ones in {m_year}." if m_year else " and no mobile ones.")
    internet = figures.wide(table, DIGITAL_SERIES["internet"][0])
    last = {c: latest_of(internet, c)[0] for c in internet.columns}
    reported = {c: y for c, y in last.items() if y is not None}
    stale = [c for c, y in reported.items() if y < max(reported.values())]
    if stale:
        out += (f" The SYB has no internet-use figure after {min(reported[c] for c in stale)} for {names(stale)}; "
                f"{'its line ends' if len(stale) == 1 else 'their lines end'} there.")
    return out


# data used

def datasets_used(country: str) -> list[str]:
    """Every dataset the notebook reads for ``country`` (the railway layer for Uzbekistan only)."""
    used = [SYB_TOTALS, SYB_PARTNERS, SYB_INTERNET, *WTO_TOTALS.values(), *OPENNESS.values(), *EXPORT_MIX.values(),
            *MONEY_FLOWS.values(), GDP, *LOGISTICS.values(), DIGITAL["broadband"], DIGITAL["mobile"],
            *routes.DATASETS, maps.COUNTRIES, maps.PLACES]
    return used + ([maps.RAILWAYS] if country in maps.RAILWAY_COUNTRIES else [])


def data_used_text(trade_file: str | None) -> str:
    """The heading of the sources table; a user's file by its name only (a shared report must not show its folder)."""
    return ("## Data used\nEvery number above comes from these pinned files (sha256-verified on load)"
            + (f", except the user-supplied trade file `{Path(trade_file).name}`, which is neither pinned nor verified."
               if trade_file else "."))


# --- headline numbers (the brief, comparison and claims pages read these) ---------------------

def partner_year(country: str) -> int | None:
    """The year the UN SYB ranks ``country``'s partners in: its latest listed year (None if it lists none).

    The SYB's other years give the shares of that year's top three, not the top three of those
    years, so only this year can say who the largest partners are.
    """
    years = listed_years(partners(country))
    return years[-1] if years else None


def trade_rows(country: str, end_year: int | None = None) -> list[dict]:
    """Per flow: the largest listed partner, then China and Russia (shares of goods exports/imports).

    The UN SYB lists only the three largest partners; a power not among them is a missing row whose
    note gives the ceiling (the third-ranked partner's share). The year is always the SYB's latest
    (see :func:`partner_year`); when it lies after ``end_year`` each row's note says so.
    """
    table = partners(country)
    year = partner_year(country)
    late = (f"the SYB ranks partners only in {year}, after the chosen end year {end_year}"
            if year is not None and end_year is not None and year > end_year else "")
    rows = []
    for flow in FLOWS:
        unit = f"% of goods {flow}"
        if year is None:
            rows.append(findings.not_reported(THEME, f"trade_{flow}_top", "Trade", f"Largest {flow[:-1]} partner", unit, [SYB_PARTNERS],
                                 f"the UN Statistical Yearbook lists no trading partners for {name(country)}"))
            continue
        listed = table[(table["year"] == year) & (table["flow"] == flow)].sort_values("rank")
        # the largest partner, then China and Russia
        wanted = list(dict.fromkeys([listed["partner"].iloc[0], "CHN", "RUS"])) if len(listed) else ["CHN", "RUS"]
        for partner in wanted:
            mine = listed[listed["partner"] == partner]
            key = f"trade_{flow}_{partner}"
            if mine.empty:
                third = listed["share"].min() * 100 if len(listed) >= 3 else math.nan
                ceiling = f", so its share is below the third-ranked partner's {findings.percent(third)}" if not findings.is_missing(third) else ""
                rows.append(findings.not_reported(THEME, key, "Trade", f"{name(partner)}: share of goods {flow}", unit, [SYB_PARTNERS],
                                     (f"{late}; " if late else "") +
                                     f"the UN SYB lists only the three largest {flow[:-1]} partners of {year}; "
                                     f"{name(partner)} is not among them{ceiling}", partner=partner))
                continue
            r = mine.iloc[0]
            label = display_name(r["partner"], r["partner_name"])
            measure = f"{label}: share of goods {flow}" + (" (largest listed partner)" if r["rank"] == 1 else "")
            note = KNOWN_ARTEFACTS.get((country, partner), "")
            if not note and is_artefact(country, partner):
                note = "trade not allocated to a country"
            if r["is_estimate"]:
                note = "; ".join(n for n in (note, "'Estimate.' in the SYB") if n)
            note = "; ".join(n for n in (note, late) if n)
            rows.append(findings.headline(THEME, key, "Trade", measure, 100 * r["share"], findings.percent(100 * r["share"]), unit, year,
                             [SYB_PARTNERS], note, partner=partner))
    return rows


def remittance_rows(country: str, end_year: int = 2025) -> list[dict]:
    """Personal remittances received as a share of GDP (both in current USD, World Bank WDI)."""
    shares = per_gdp(REMITTANCES, [country], 1960, end_year)
    last = findings.last_year(REMITTANCES, None, end_year)
    series = shares[country] if country in shares else pd.Series(dtype=float)
    year, value, note = findings.latest_with_gap(series, "the World Bank", country, last)
    if year is None:
        return [findings.not_reported(THEME, "remittances_gdp", "Remittances", "Personal remittances received", "% of GDP",
                         [REMITTANCES, GDP], f"the World Bank reports no remittances for {name(country)}")]
    return [findings.headline(THEME, "remittances_gdp", "Remittances", "Personal remittances received", value, findings.percent(value), "% of GDP",
                 year, [REMITTANCES, GDP], note)]


def headlines(country: str, start_year: int = 2000, end_year: int = 2025) -> pd.DataFrame:
    """Trade partner shares (UN SYB) and remittances received (% of GDP): see :mod:`helpers.themes.findings`."""
    return findings.table(trade_rows(country, end_year) + remittance_rows(country, end_year))
