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

import pandas as pd

from helpers import data
from helpers.present import text
from helpers.data.countries import CENTRAL_ASIA, EU_MEMBERS, NEIGHBOURS, name
from helpers.themes import findings, metrics

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
    """Years where SYB and WTO (WDI) goods totals differ by more than ``threshold`` (relative to WTO).

    Columns: year, flow, syb_usd_m, wto_usd_m, gap (SYB / WTO - 1).
    """
    syb, wto = trade_totals(country), wto_totals(country)
    rows = []
    for flow in FLOWS:
        both = pd.concat([syb[flow].rename("syb_usd_m"), wto[flow].rename("wto_usd_m")], axis=1, join="inner").dropna()
        both["gap"] = both["syb_usd_m"] / both["wto_usd_m"] - 1
        both = both[both["gap"].abs() > threshold]
        rows += [{"year": int(y), "flow": flow, **r} for y, r in both.to_dict("index").items()]
    return pd.DataFrame(rows, columns=["year", "flow", "syb_usd_m", "wto_usd_m", "gap"])


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
