"""Tables behind the security notebook: military spending, arms imports, organised violence, governance.

Everything here reads the tidy loaders (``helpers.data.load``) of SIPRI, UCDP
and the World Bank's WGI. Per notebook section there is a tidy table, a
``*_figure`` builder drawing only from it and ``*_finding`` / ``*_text``
sentences taken from the same table (missing data said in words, a one-year
window read as '2024'); the notebook calls one of each. :func:`supplier_shares`
gives the claims page the U.S., Russian and Chinese shares of arms deliveries.

Arms imports: spreading a deal's TIV over its delivery years
-------------------------------------------------------------
SIPRI's trade register gives, for each deal, the trend-indicator value (TIV)
of everything delivered under it and the *list* of years with deliveries, but
not how much arrived in each year. :func:`spread_tiv` splits a deal's
delivered TIV **equally across its listed delivery years** (a deal of 30 TIV
delivered in 2015; 2016; 2017 counts 10 in each year). Consequences:

- totals over a deal's whole delivery period are exact; single years are an
  approximation and can differ from SIPRI's own yearly TIV tables, which use
  the actual yearly numbers (e.g. 2 aircraft in one year and 10 in the next);
- a window (``start_year``-``end_year``) counts only the part of a deal that
  falls inside it;
- deals without a delivered TIV (SIPRI left it empty) or without delivery
  years add nothing and are counted by :func:`unallocated`, not guessed;
- SIPRI writes 0 for deliveries worth less than 0.5 million TIV: these stay 0.

TIV measures the military capability transferred, valued on a common price
scale; it is not a financial value and not what the buyer paid.
"""

from __future__ import annotations

import math

import pandas as pd

from helpers import data
from helpers.data.countries import EU_MEMBERS, is_iso3_country, name, names
from helpers.data.sources import sipri, ucdp, wgi
from helpers.present import charts, figures, plots, text
from helpers.present.figures import Figure
from helpers.themes import findings, metrics

THEME = "security"

MILEX = sipri.MILEX
ARMS = sipri.ARMS
ORGVIO = ucdp.ORGVIO
ACD = ucdp.ACD
WGI = "wgi"
WDI_MILEX = "wdi_military_expenditure_gdp"
DATASETS: tuple[str, ...] = (MILEX, WDI_MILEX, ARMS, ORGVIO, ACD, WGI)

POWERS: tuple[str, ...] = ("RUS", "CHN", "USA", "TUR")

# --- supplier groups for arms imports ------------------------------------------------
RUSSIA, CHINA, TURKEY, USA, OTHER_WEST, OTHER = (
    "Russia", "China", "Türkiye", "United States", "Other Western", "Other and unknown")
SUPPLIER_GROUPS: tuple[str, ...] = (RUSSIA, CHINA, TURKEY, USA, OTHER_WEST, OTHER)
GROUP_COLOURS = {RUSSIA: "#c0392b", CHINA: "#e6a700", TURKEY: "#16a085", USA: "#34495e",
                 OTHER_WEST: "#2e86c1", OTHER: "#b3b3b3"}
# 'Other Western': EU member states (and the EU itself), the UK, EFTA states, Canada, Australia and
# New Zealand. Israel, Ukraine, Belarus, South Korea, Japan, South Africa ... count as 'Other'.
WESTERN = EU_MEMBERS | {"GBR", "NOR", "CHE", "ISL", "LIE", "CAN", "AUS", "NZL", "SIPRI:EU"}

# --- organised violence ---------------------------------------------------------------
FORMS = ucdp.FORMS  # indicator -> label
FORM_COLOURS = {"State-based": "#c0392b", "Non-state": "#e6a700", "One-sided": "#7d3c98"}
# Events other sources document that UCDP's country-year file does not carry as deaths in that
# country and year (see the UCDP caveats in source.json); the notebook prints UCDP's value beside them.
NOT_RECORDED: dict[str, tuple[tuple[int, str], ...]] = {
    "KAZ": ((2011, "the Zhanaozen oil-workers' strike and its violent dispersal (December 2011)"),
            (2022, "the January 2022 unrest and its suppression ('Qandy Qantar')")),
    "UZB": ((2005, "the Andijan killings of May 2005"),),
    "KGZ": ((2010, "the April 2010 overthrow of President Bakiyev; the June 2010 Osh and Jalal-Abad "
                   "violence is coded, as non-state conflict"),),
    "TJK": ((2012, "the July 2012 security operation in Khorog (Gorno-Badakhshan)"),
            (2022, "the May 2022 crackdown in Gorno-Badakhshan; the border clashes with Kyrgyzstan are coded")),
    "TKM": (),
}

# --- governance -----------------------------------------------------------------------
GOVERNANCE_DIMENSIONS: tuple[str, ...] = ("pv", "rl", "ge", "cc")
Z90 = 1.6449  # WGI reports 90% intervals for its percentile ranks; bands use the same level


# --- small text helpers ---------------------------------------------------------------

def usd_m(value: float) -> str:
    """An amount in US$ millions as a reader wants it: 'USD 1.15 bn', 'USD 447 m'; NaN -> 'not reported'.

    'USD', not 'US$': a pair of '$' in a sentence is typeset as mathematics by the
    notebook's Markdown/MathJax and by matplotlib.
    """
    if findings.is_missing(value):
        return findings.NOT_REPORTED
    if abs(value) >= 1000:
        return f"USD {value / 1000:,.{2 if abs(value) < 10_000 else 1}f} bn"
    return f"USD {value:,.0f} m"


def coverage(series: pd.Series, start_year: int, end_year: int) -> dict:
    """Which years of ``start_year..end_year`` a series reports: reported, missing, first, last."""
    window = range(start_year, end_year + 1)
    present = series.reindex(window).dropna() if series is not None else pd.Series(dtype=float)
    reported = [int(y) for y in present.index]
    return {"reported": reported, "missing": [y for y in window if y not in reported],
            "first": reported[0] if reported else None, "last": reported[-1] if reported else None,
            "n": len(reported), "years": len(window)}


def actor_name(code: str, fallback: str | None = None) -> str:
    """Display name of a supplier/recipient code (SIPRI's own name for organisations and groups)."""
    if is_iso3_country(code) or code in ("SUN", "EUU", "WLD"):
        return name(code)
    return fallback or code


# --- military expenditure -------------------------------------------------------------

def milex(indicator: str, countries: list[str], start_year: int, end_year: int) -> pd.DataFrame:
    """Year x country table of a SIPRI Milex indicator over the full window; years SIPRI lacks stay NaN."""
    table = data.wide(MILEX, indicator, countries, start_year, end_year)
    return table.reindex(index=range(start_year, end_year + 1), columns=list(countries))


def wdi_milex_share(countries: list[str], start_year: int, end_year: int) -> pd.DataFrame:
    """World Bank's military expenditure (% of GDP) on the same grid; WDI takes it from SIPRI."""
    return data.years_table(WDI_MILEX, countries, start_year, end_year)


def milex_gaps(table: pd.DataFrame) -> pd.DataFrame:
    """Per column of a year x country table: years reported, first/last year, and the missing years as text."""
    rows = []
    start, end = int(table.index.min()), int(table.index.max())
    for code in table.columns:
        cov = coverage(table[code], start, end)
        rows.append({"country": code, "reported": cov["n"], "of_years": cov["years"], "first": cov["first"],
                     "last": cov["last"], "missing": text.year_ranges(cov["missing"], last_join=", ")})
    return pd.DataFrame(rows)


def peak(series: pd.Series) -> tuple[int | None, float]:
    """(year, value) of the highest value; (None, nan) for an empty series."""
    present = series.dropna()
    if present.empty:
        return None, math.nan
    return int(present.idxmax()), float(present.max())


# --- arms transfers ----------------------------------------------------------------------

def supplier_group(code: str) -> str:
    """Supplier code -> one of :data:`SUPPLIER_GROUPS` (the USSR counts with Russia)."""
    if code in ("RUS", "SUN"):
        return RUSSIA
    if code == "CHN":
        return CHINA
    if code == "TUR":
        return TURKEY
    if code == "USA":
        return USA
    if code in WESTERN:
        return OTHER_WEST
    return OTHER


def deals_to(country: str, deals: pd.DataFrame | None = None) -> pd.DataFrame:
    """The register's deals whose recipient is ``country`` (ISO3)."""
    deals = data.load(ARMS) if deals is None else deals
    return deals[deals["recipient_code"] == country].reset_index(drop=True)


def spread_tiv(deals: pd.DataFrame) -> pd.DataFrame:
    """One row per deal and delivery year with an equal share of the deal's delivered TIV.

    Columns: deal_id, supplier_code, supplier, supplier_group, weapon_category, year, tiv.
    Deals with no delivered TIV or no delivery year are left out (see :func:`unallocated`).
    The rows of a deal sum to its ``tiv_delivered``.
    """
    columns = ["deal_id", "supplier_code", "supplier", "supplier_group", "weapon_category", "year", "tiv"]
    usable = deals[deals["tiv_delivered"].notna() & (deals["n_delivery_years"] > 0)]
    rows = []
    for deal in usable.itertuples(index=False):
        years = sipri.delivery_year_list(deal.delivery_years)
        share = float(deal.tiv_delivered) / len(years)
        for year in years:
            rows.append((deal.deal_id, deal.supplier_code, deal.supplier, supplier_group(deal.supplier_code),
                         deal.weapon_category, year, share))
    out = pd.DataFrame(rows, columns=columns)
    out["year"] = out["year"].astype("int64")
    out["tiv"] = out["tiv"].astype("float64")
    return out


def unallocated(deals: pd.DataFrame) -> dict:
    """Deals that :func:`spread_tiv` cannot place in time: counts and the TIV left out."""
    no_tiv = deals["tiv_delivered"].isna()
    no_years = deals["tiv_delivered"].notna() & (deals["n_delivery_years"] == 0)
    return {"deals": int(len(deals)), "no_delivered_tiv": int(no_tiv.sum()), "no_delivery_years": int(no_years.sum()),
            "tiv_without_years": float(deals.loc[no_years, "tiv_delivered"].sum())}


def arms_imports(country: str, start_year: int, end_year: int, by: str = "supplier_group",
                 deals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Year x (supplier group | supplier code | weapon category) TIV of deliveries to ``country``.

    Every year of the window is a row; a year with no delivery identified by SIPRI is 0
    (the register lists all deliveries of major arms it has identified). ``deals`` defaults to
    the whole register (:func:`helpers.data.load`); pass a deal table to use another.
    """
    spread = spread_tiv(deals_to(country, deals))
    spread = spread[spread["year"].between(start_year, end_year)]
    table = spread.pivot_table(index="year", columns=by, values="tiv", aggfunc="sum", fill_value=0.0)
    if by == "supplier_group":
        table = table.reindex(columns=list(SUPPLIER_GROUPS), fill_value=0.0)
    return table.reindex(range(start_year, end_year + 1), fill_value=0.0).astype("float64")


def periods(start_year: int, end_year: int, period_years: int) -> list[tuple[int, int]]:
    """Consecutive periods of ``period_years`` from ``start_year``; the last one may be shorter."""
    if period_years < 1:
        raise ValueError("period_years must be at least 1")
    return [(a, min(a + period_years - 1, end_year)) for a in range(start_year, end_year + 1, period_years)]


def period_label(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


CLAIM_GROUPS: tuple[str, ...] = (USA, RUSSIA, CHINA, "other")
SHARE_UNIT = "% of TIV"


def claim_group(code: str) -> str:
    """Supplier code -> United States, Russia (with the USSR), China or 'other'."""
    group = supplier_group(code)
    return group if group in CLAIM_GROUPS else "other"


def supplier_shares(country: str, spans: list[tuple[int, int]], groups: tuple[str, ...] = CLAIM_GROUPS,
                    deals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Tidy shares of the TIV delivered to ``country`` in each period, by supplier group.

    ``spans`` are (first, last) years, e.g. [(1992, 2000), (2001, 2008)]; ``groups`` is
    :data:`CLAIM_GROUPS` (United States, Russia, China, other) or :data:`SUPPLIER_GROUPS`.
    Columns: country, period ('1992–2000'), first, last, supplier, value (% of the period's
    TIV; NaN when nothing was delivered), unit, tiv, tiv_total (million TIV in the period).
    """
    group_of = claim_group if groups == CLAIM_GROUPS else supplier_group
    spread = spread_tiv(deals_to(country, deals))
    spread = spread.assign(group=spread["supplier_code"].map(group_of))
    rows = []
    for first, last in spans:
        inside = spread[spread["year"].between(first, last)]
        sums = inside.groupby("group")["tiv"].sum()
        total = float(inside["tiv"].sum())
        for group in groups:
            tiv = float(sums.get(group, 0.0))
            rows.append({"country": country, "period": period_label(first, last), "first": first, "last": last,
                         "supplier": group, "value": 100 * tiv / total if total > 0 else math.nan,
                         "unit": SHARE_UNIT, "tiv": tiv, "tiv_total": total})
    return pd.DataFrame(rows, columns=["country", "period", "first", "last", "supplier", "value", "unit", "tiv",
                                       "tiv_total"])


def top_suppliers(country: str, start_year: int, end_year: int, n: int = 8,
                  deals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Suppliers ranked by TIV delivered in the window: supplier_code, supplier, group, tiv, share, deals."""
    spread = spread_tiv(deals_to(country, deals))
    spread = spread[spread["year"].between(start_year, end_year)]
    if spread.empty:
        return pd.DataFrame(columns=["supplier_code", "supplier", "group", "tiv", "share", "deals"])
    out = spread.groupby("supplier_code").agg(supplier=("supplier", "first"), group=("supplier_group", "first"),
                                              tiv=("tiv", "sum"), deals=("deal_id", "nunique")).reset_index()
    out["supplier"] = [actor_name(c, s) for c, s in zip(out["supplier_code"], out["supplier"])]
    total = out["tiv"].sum()
    out["share"] = out["tiv"] / total if total > 0 else math.nan
    out = out.sort_values("tiv", ascending=False).reset_index(drop=True)
    return out[["supplier_code", "supplier", "group", "tiv", "share", "deals"]].head(n)


def largest_deals(country: str, start_year: int, end_year: int, n: int = 5) -> pd.DataFrame:
    """The deals with the most TIV delivered inside the window, for a readable table."""
    deals = deals_to(country)
    spread = spread_tiv(deals)
    inside = spread[spread["year"].between(start_year, end_year)].groupby("deal_id")["tiv"].sum()
    if inside.empty:
        return pd.DataFrame(columns=["supplier", "weapon", "category", "ordered", "delivered", "delivery years", "TIV in window"])
    top = deals.set_index("deal_id").loc[inside.sort_values(ascending=False).index[:n]]
    return pd.DataFrame({
        "supplier": [actor_name(c, s) for c, s in zip(top["supplier_code"], top["supplier"])],
        "weapon": top["weapon_designation"] + " (" + top["weapon_description"] + ")",
        "category": top["weapon_category"],
        "ordered": top["year_of_order"].astype("Int64").astype(str) + top["year_of_order_uncertain"].map({True: "?", False: ""}),
        "delivered": top["number_delivered"].astype("Int64"),
        "delivery years": [text.year_ranges(sipri.delivery_year_list(y), last_join=", ") for y in top["delivery_years"]],
        "TIV in window": inside.loc[top.index].round(1).to_numpy(),
    }).reset_index(drop=True)


# --- organised violence -----------------------------------------------------------------

def deaths_by_form(country: str, start_year: int, end_year: int) -> pd.DataFrame:
    """Year x [State-based, Non-state, One-sided] UCDP best-estimate deaths in ``country``.

    UCDP's zeros (nothing coded) stay zeros; years with no row (before independence) are NaN.
    """
    rows = data.panel(ORGVIO, countries=[country], start_year=start_year, end_year=end_year)
    rows = rows[rows["indicator"].isin(list(FORMS))]
    table = rows.pivot_table(index="year", columns="indicator", values="value", aggfunc="first")
    table = table.reindex(index=range(start_year, end_year + 1), columns=list(FORMS))
    return table.rename(columns=FORMS)


def deaths_total(countries: list[str], start_year: int, end_year: int, indicator: str = "organised_violence_deaths") -> pd.DataFrame:
    """Year x country table of one UCDP organised-violence indicator."""
    return data.years_table(ORGVIO, countries, start_year, end_year, indicator)


def dyads(countries: list[str], start_year: int, end_year: int) -> pd.DataFrame:
    """The named dyads UCDP codes in ``countries``: country, form, dyad, years (text), n_years, first, last."""
    raw = data.read(ORGVIO, ucdp.dyads)
    raw = raw[raw["country"].isin(countries) & raw["year"].between(start_year, end_year)]
    single = raw.assign(dyad=raw["dyads"].str.split(";")).explode("dyad")
    single["dyad"] = single["dyad"].str.strip()
    if single.empty:
        return pd.DataFrame(columns=["country", "form", "dyad", "years", "n_years", "first", "last"])
    out = single.groupby(["country", "form", "dyad"])["year"].agg(
        years=lambda s: text.year_ranges(s, last_join=", "), n_years="nunique", first="min", last="max").reset_index()
    order = {c: i for i, c in enumerate(countries)}
    return out.sort_values(["country", "first"], key=lambda s: s.map(order) if s.name == "country" else s).reset_index(drop=True)


def _has(cell, country: str) -> bool:
    return isinstance(cell, str) and country in cell.split(";")


def armed_conflicts(country: str, start_year: int, end_year: int) -> pd.DataFrame:
    """UCDP/PRIO armed conflicts located in ``country`` or with it as a party, summarised per conflict.

    Only the conflict-years in which the country appears count (a state that sent troops to a
    long war for three years is listed with those three years). Columns: conflict_id, conflict
    ('side A – side B' as coded in those years), role (location / primary party / secondary,
    i.e. supporting, party), type, incompatibility, territory, years (text), years_war (years at
    1,000+ battle deaths), first, last.
    """
    acd = data.load(ACD)
    acd = acd[acd["year"].between(start_year, end_year)]
    here = acd["countries_location"].map(lambda c: _has(c, country))
    primary = acd[["countries_a", "countries_b"]].map(lambda c: _has(c, country)).any(axis=1)
    secondary = acd[["countries_a_2nd", "countries_b_2nd"]].map(lambda c: _has(c, country)).any(axis=1)
    acd = acd.assign(_here=here, _primary=primary, _secondary=secondary)
    acd = acd[acd["_here"] | acd["_primary"] | acd["_secondary"]]
    rows = []
    for cid, group in acd.groupby("conflict_id"):
        roles = [label for flag, label in (("_here", "location"), ("_primary", "primary party"),
                                           ("_secondary", "secondary (supporting) party")) if group[flag].any()]
        sides_b = list(dict.fromkeys(s.strip() for cell in group["side_b"].dropna() for s in cell.split(",")))
        rows.append({
            "conflict_id": int(cid), "conflict": f"{group['side_a'].iloc[0]} – {', '.join(sides_b)}",
            "role": ", ".join(roles), "type": ", ".join(dict.fromkeys(group["type_label"])),
            "incompatibility": group["incompatibility_label"].iloc[0],
            "territory": group["territory_name"].dropna().iloc[0] if group["territory_name"].notna().any() else "",
            "years": text.year_ranges(group["year"], last_join=", "), "years_war": text.year_ranges(group.loc[group["intensity_level"] == 2, "year"], last_join=", "),
            "first": int(group["year"].min()), "last": int(group["year"].max()),
        })
    columns = ["conflict_id", "conflict", "role", "type", "incompatibility", "territory", "years", "years_war", "first", "last"]
    return pd.DataFrame(rows, columns=columns).sort_values(["first", "conflict_id"]).reset_index(drop=True)


def not_recorded(country: str, start_year: int, end_year: int) -> pd.DataFrame:
    """Known events (:data:`NOT_RECORDED`) with what UCDP codes for the country that year, by form."""
    forms = deaths_by_form(country, start_year, end_year)
    rows = []
    for year, event in NOT_RECORDED.get(country, ()):
        if not start_year <= year <= end_year:
            continue
        values = forms.loc[year] if year in forms.index else pd.Series(math.nan, index=forms.columns)
        rows.append({"year": year, "event": event, **{k: values[k] for k in forms.columns}})
    return pd.DataFrame(rows, columns=["year", "event", *forms.columns])


# --- governance ----------------------------------------------------------------------------

def governance(country: str, dimension: str, start_year: int, end_year: int, z: float = Z90) -> pd.DataFrame:
    """Year x [estimate, stddev, lower, upper] for one WGI dimension; lower/upper = estimate ∓ z·stddev.

    Every year of the window is a row: WGI's missing years (1997, 1999, 2001, and anything
    before 1996 or after 2023) stay NaN.
    """
    est = data.wide(WGI, wgi.indicator(dimension, "estimate"), [country], start_year, end_year)
    err = data.wide(WGI, wgi.indicator(dimension, "stddev"), [country], start_year, end_year)
    table = pd.DataFrame({"estimate": est.get(country), "stddev": err.get(country)},
                         index=range(start_year, end_year + 1), dtype="float64")
    table["lower"] = table["estimate"] - z * table["stddev"]
    table["upper"] = table["estimate"] + z * table["stddev"]
    return table


def governance_peers(countries: list[str], dimension: str, start_year: int, end_year: int) -> pd.DataFrame:
    """Year x country WGI estimates of one dimension over the full window (NaN where WGI has none)."""
    return data.years_table(WGI, countries, start_year, end_year, wgi.indicator(dimension, "estimate"))


def largest_change(table: pd.DataFrame) -> dict:
    """The largest move between consecutive reported years of a :func:`governance` table.

    Returns from/to years and values and whether the two 90% intervals fail to overlap
    (a change larger than WGI's own uncertainty).
    """
    present = table.dropna(subset=["estimate"])
    if len(present) < 2:
        return {}
    diff = present["estimate"].diff()
    to_year = int(diff.abs().idxmax())
    from_year = int(present.index[present.index.get_loc(to_year) - 1])
    a, b = present.loc[from_year], present.loc[to_year]
    separate = bool(a["upper"] < b["lower"] or b["upper"] < a["lower"])
    return {"from_year": from_year, "to_year": to_year, "from": float(a["estimate"]), "to": float(b["estimate"]),
            "change": float(b["estimate"] - a["estimate"]), "beyond_uncertainty": separate}


# --- what the notebook shows: tables, figures, sentences -------------------------------------
# Each section: a tidy table (country, year, series, value, unit), a Figure drawn from it, and the
# sentences, numbers taken from the same table. Years come from the table, so a one-year window
# reads '2024', never '2024–2024'.

REGION = "Central Asian states"
WITH_POWERS = "The powers"
WDI_SERIES = "World Bank WDI"
TIV_UNIT = "SIPRI TIV, millions"
DEATHS_UNIT = "deaths"
WGI_UNIT = "WGI estimate (0 = world average)"


def _window(table: pd.DataFrame) -> tuple[int, int]:
    return int(table["year"].min()), int(table["year"].max())


def _span(table: pd.DataFrame, dash: str = "–") -> str:
    """The table's years as text: '2024' for one year, '1992–2024' (or '1992-2024') for several."""
    first, last = _window(table)
    return str(first) if first == last else f"{first}{dash}{last}"


def _rows(table: pd.DataFrame, series: str) -> pd.DataFrame:
    return table[table["series"] == series]


def _codes(table: pd.DataFrame, series: str | None = None) -> list[str]:
    rows = table if series is None else _rows(table, series)
    return list(dict.fromkeys(rows["country"]))


def _legend(ax, **kwargs) -> None:
    """A legend, when the panel drew anything with a label."""
    if ax.get_legend_handles_labels()[0]:
        ax.legend(**kwargs)


def _long(table: pd.DataFrame, country: str, unit: str) -> pd.DataFrame:
    """A year x series table of one country as tidy rows (every cell a row)."""
    long = table.rename_axis(index="year", columns="series").stack(future_stack=True).rename("value").reset_index()
    return long.assign(country=country, unit=unit)[list(figures.DATA_COLUMNS)].astype({"value": "float64"})


# --- 1. military expenditure ------------------------------------------------------------------

def military_spending(country: str, comparison: list[str], start_year: int, end_year: int) -> pd.DataFrame:
    """SIPRI expenditure in constant 2023 USD: series REGION (the comparison, USD million) and
    WITH_POWERS (the country and :data:`POWERS`, USD billion)."""
    region = milex(sipri.CONSTANT_USD, comparison, start_year, end_year)
    powers = milex(sipri.CONSTANT_USD, [country, *POWERS], start_year, end_year) / 1000
    return pd.concat([figures.tidy(region, REGION, "USD million, constant 2023 prices"),
                      figures.tidy(powers, WITH_POWERS, "USD billion, constant 2023 prices")], ignore_index=True)


def military_spending_finding(spending: pd.DataFrame, country: str) -> str:
    level = figures.wide(spending, REGION)[country]
    l_year, l_now = metrics.latest(level)
    if l_year is None:
        return f"SIPRI reports no military expenditure for {name(country)} in {_span(spending)}"
    finding = f"{name(country)} spent {usd_m(l_now)} on its armed forces in {l_year} (2023 prices)"
    if l_year < _window(spending)[1]:
        finding += ", the last year SIPRI reports"
    pk_year, pk_val = peak(level)
    if pk_year != l_year:
        finding += f"; {text.pct(1 - l_now / pk_val)} below its {pk_year} peak"
    return finding


def _latest_list(table: pd.DataFrame, codes: list[str], show) -> str:
    """'; '-joined 'Name <value> in <year>' for the codes that report anything, '' if none does."""
    out = []
    for code in codes:
        year, value = metrics.latest(table[code])
        if year is not None:
            out.append(show(code, value, year))
    return "; ".join(out)


def military_spending_figure(spending: pd.DataFrame, country: str) -> Figure:
    """Two log-scale line panels: the region in USD million, the country with the powers in USD billion."""
    positive = spending.assign(value=spending["value"].where(spending["value"] > 0))  # a log scale has no zero
    fig, axes = charts.lines(positive, focus=country, ncols=2, figsize=(11, 4.2), legend="none",
                             titles={REGION: REGION, WITH_POWERS: f"{name(country)} and the powers"})
    for ax in axes.flat:
        ax.set_yscale("log")
        ax.set_ylabel(f"{ax.get_ylabel()} (log scale)")
    _legend(axes.flat[0], loc="upper left", fontsize=8, ncols=2)
    _legend(axes.flat[1], loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=8)
    region = _codes(spending, REGION)
    latest = _latest_list(figures.wide(spending, REGION), region, lambda c, v, y: f"{name(c)}: {usd_m(v)} in {y}")
    alt = (f"Two line charts on log scales of military expenditure in constant 2023 US dollars, {_span(spending, '-')}: "
           f"left the Central Asian states ({names(region)}), right {name(country)} with {names(POWERS)}."
           + (f" {latest}." if latest else f" SIPRI reports none of them in {_span(spending)}."))
    return Figure("military-spending", fig, spending, military_spending_finding(spending, country), alt, (MILEX,),
                  note=plots.MISSING_NOTE)


def _reported_years(gaps_row: pd.Series, country: str, span: str) -> str:
    """'SIPRI reports X for **10 of the 33 years** 1992–2024; it has no figure for ...' in words for one year."""
    if gaps_row["of_years"] == 1:
        return (f"SIPRI reports a figure for {name(country)} for {span}." if gaps_row["reported"] else
                f"SIPRI has no figure for {name(country)} for {span}.")
    return (f"SIPRI reports {name(country)} for **{gaps_row['reported']} of the {gaps_row['of_years']} years** {span}"
            + (f"; it has no figure for {gaps_row['missing']}." if gaps_row["missing"] else "."))


def military_spending_text(spending: pd.DataFrame, country: str) -> str:
    """The latest level against its peak and against the powers, then the years SIPRI leaves empty."""
    NAME, span, end_year = name(country), _span(spending), _window(spending)[1]
    level = figures.wide(spending, REGION)
    powers = figures.wide(spending, WITH_POWERS)
    l_year, l_now = metrics.latest(level[country])
    pk_year, pk_val = peak(level[country])
    gaps = milex_gaps(level)
    main = []
    if l_year is not None:
        main.append(f"SIPRI puts {NAME}'s military expenditure at **{usd_m(l_now)}** in {l_year} (constant 2023 US dollars)"
                    + (", the last year it reports" if l_year < end_year else "")
                    + (f", against a peak of {usd_m(pk_val)} in {pk_year}." if pk_year != l_year else
                       f", the highest figure in its series for {span}." if span != str(l_year) else "."))
        ratios = [f"{name(p)} {text.num(metrics.value_in(powers[p], l_year) * 1000 / l_now, 0)}×"
                  for p in POWERS if l_now > 0 and not math.isnan(metrics.value_in(powers[p], l_year))]
        if ratios:
            main.append(f"In {l_year} the powers spent, as multiples of {NAME}'s budget: " + ", ".join(ratios) + ".")
    main.append(_reported_years(gaps.set_index("country").loc[country], country, span))
    others = [f"{name(row.country)}: " + (f"{_n_years(row.reported)} reported ({period_label(int(row.first), int(row.last))}), "
                                          f"none for {row.missing}." if row.reported else f"no figure at all in {span}.")
              for row in gaps[(gaps["country"] != country) & (gaps["missing"] != "")].itertuples()]
    return " ".join(main) + ("\n\n**Gaps in SIPRI's data:** " + " ".join(others) if others else "")


def military_burden(country: str, comparison: list[str], start_year: int, end_year: int) -> pd.DataFrame:
    """SIPRI expenditure as % of GDP (series REGION and WITH_POWERS) and the World Bank's copy for the country."""
    return pd.concat([figures.tidy(milex(sipri.SHARE_OF_GDP, comparison, start_year, end_year), REGION, "% of GDP"),
                      figures.tidy(milex(sipri.SHARE_OF_GDP, [country, *POWERS], start_year, end_year), WITH_POWERS,
                                   "% of GDP"),
                      figures.tidy(wdi_milex_share([country], start_year, end_year), WDI_SERIES, "% of GDP")],
                     ignore_index=True)


def _n_years(n: int) -> str:
    return "1 year" if n == 1 else f"{n} years"


def _power_shares(powers: pd.DataFrame, year: int) -> str:
    """'Russia 5.9%, the United States 3.4%, China 1.7%' in ``year``, leaving out a power SIPRI has no figure for."""
    values = [(p, metrics.value_in(powers[p], year)) for p in ("RUS", "USA", "CHN")]
    return ", ".join(f"{text.the(name(p))} {text.num(v, 1)}%" for p, v in values if not math.isnan(v))


def military_burden_finding(burden: pd.DataFrame, country: str) -> str:
    s_year, s_now = metrics.latest(figures.wide(burden, REGION)[country])
    if s_year is None:
        return f"SIPRI reports no military burden for {name(country)} in {_span(burden)}"
    others = _power_shares(figures.wide(burden, WITH_POWERS), s_year)
    return (f"{name(country)} spent {text.num(s_now, 1)}% of GDP on its military in {s_year}"
            + (f"; {others}" if others else ""))


def military_burden_figure(burden: pd.DataFrame, country: str) -> Figure:
    """Two line panels of % of GDP (region; country with the powers); the World Bank's copy dotted."""
    sipri_rows = burden[burden["series"] != WDI_SERIES]
    fig, axes = charts.lines(sipri_rows, focus=country, ncols=2, figsize=(11, 4.2), legend="none", sharey=True,
                             titles={REGION: f"{REGION} (SIPRI)", WITH_POWERS: f"{name(country)} and the powers (SIPRI)"})
    wdi_share = figures.wide(burden, WDI_SERIES)[country]
    if wdi_share.notna().any():
        axes.flat[0].plot(wdi_share.index, wdi_share.values, ":", color="#000000", linewidth=1.4,
                          label=f"{name(country)}, World Bank WDI")
    _legend(axes.flat[0], loc="upper right", fontsize=8, ncols=2)
    _legend(axes.flat[1], loc="upper right", fontsize=8)
    axes.flat[0].set_ylim(bottom=0)
    latest = _latest_list(figures.wide(burden, REGION), _codes(burden, REGION),
                          lambda c, v, y: f"{name(c)} {text.num(v, 2)}% in {y}")
    alt = (f"Two line charts of military expenditure as a share of GDP, {_span(burden, '-')}, from SIPRI: left the "
           f"Central Asian states, right {name(country)} with {names(POWERS)}; the World Bank's copy of the series for "
           f"{name(country)} is dotted." + (f" {latest}." if latest else f" SIPRI reports none of them in {_span(burden)}."))
    return Figure("military-burden", fig, burden, military_burden_finding(burden, country), alt, (MILEX, WDI_MILEX),
                  note=plots.MISSING_NOTE + f" Dotted: the World Bank's series for {name(country)}, taken from SIPRI.")


def military_burden_text(burden: pd.DataFrame, country: str) -> str:
    """The burden's high and latest value, the powers' latest, and the check against the World Bank's copy."""
    NAME = name(country)
    share = figures.wide(burden, REGION)[country]
    powers = figures.wide(burden, WITH_POWERS)
    wdi_share = figures.wide(burden, WDI_SERIES)[country]
    s_year, s_now = metrics.latest(share)
    hi_year, hi_val = peak(share)
    parts = []
    if s_year is not None:
        latest_powers = [(p, *metrics.latest(powers[p])) for p in POWERS]
        reported = ", ".join(f"{name(p)} {text.num(v, 1)}% ({y})" for p, y, v in latest_powers if y is not None)
        if hi_year != s_year:
            level = f"The burden peaked at **{text.num(hi_val, 2)}% of GDP in {hi_year}** and was {text.num(s_now, 2)}% in {s_year}."
        elif _span(burden) != str(s_year):
            level = (f"The burden was **{text.num(s_now, 2)}% of GDP in {s_year}**, the highest SIPRI reports for {NAME} "
                     "in the window.")
        else:
            level = f"The burden was **{text.num(s_now, 2)}% of GDP in {s_year}**."
        parts.append(level + (f" Latest shares of the powers: {reported}." if reported else
                              f" SIPRI reports no share for the powers in {_span(burden)}."))
    both = share.dropna().index.intersection(wdi_share.dropna().index)
    if len(both):
        diff = (share - wdi_share).loc[both].abs()
        w_year, _ = metrics.latest(wdi_share)
        parts.append(f"Cross-check: the World Bank's military-expenditure series (WDI, which reproduces SIPRI) has "
                     f"{_n_years(len(wdi_share.dropna()))} for {NAME} in the window, the last {w_year}; in the {_n_years(len(both))} both report, "
                     + ("they agree to two decimals, so the dotted line hides under SIPRI's." if diff.max() < 0.005 else
                        f"they differ by up to {text.num(diff.max(), 2)} percentage points ({int(diff.idxmax())}): "
                        "SIPRI revises past years in each release, and WDI may carry another vintage."))
    else:
        parts.append(text.missing("military expenditure share of GDP", NAME, "The World Bank's WDI"))
    return " ".join(parts)


# --- 2. arms imports --------------------------------------------------------------------------

def arms_deliveries(country: str, start_year: int, end_year: int, deals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Tidy TIV delivered to ``country`` per year and supplier group (series); 0 where SIPRI lists no delivery."""
    return _long(arms_imports(country, start_year, end_year, deals=deals), country, TIV_UNIT)


def _group_totals(deliveries: pd.DataFrame) -> pd.Series:
    return deliveries.groupby("series", sort=False)["value"].sum().reindex(list(SUPPLIER_GROUPS), fill_value=0.0)


def arms_deliveries_finding(deliveries: pd.DataFrame, country: str) -> str:
    totals = _group_totals(deliveries)
    if totals.sum() == 0:
        return f"SIPRI lists no delivery of major arms to {name(country)} in {_span(deliveries)}"
    lead = totals.idxmax()
    by_year = deliveries.groupby("year")["value"].sum()
    active = by_year.index[by_year > 0]
    return (f"{lead} supplied {text.pct(totals[lead] / totals.sum())} of the major arms delivered to {name(country)} in "
            f"{period_label(int(active.min()), int(active.max()))}")


def arms_deliveries_figure(deliveries: pd.DataFrame, country: str) -> Figure | None:
    """Bars of TIV by year of delivery, stacked by supplier group; None when nothing was delivered."""
    totals = _group_totals(deliveries)
    if totals.sum() == 0:
        return None
    colours = {g: GROUP_COLOURS[g] for g in SUPPLIER_GROUPS if totals[g] > 0}
    fig, axes = charts.stacked_bars(deliveries, colours, figsize=(10, 4.2))
    ax = axes.flat[0]
    first, last = _window(deliveries)
    ax.set_xlabel("Year of delivery")
    ax.set_xlim(first - 0.7, last + 0.7)
    alt = (f"Stacked bar chart of major arms deliveries to {name(country)} by supplier group and year, {_span(deliveries, '-')}, "
           f"in SIPRI trend-indicator values. Totals over the period: "
           + "; ".join(f"{g} {text.num(v, 0)}" for g, v in totals.items() if v > 0)
           + f" (all suppliers {text.num(totals.sum(), 0)}).")
    return Figure("arms-imports", fig, deliveries, arms_deliveries_finding(deliveries, country), alt, (ARMS,),
                  note="Each deal's delivered TIV is split equally across its listed delivery years.")


def arms_deliveries_text(deliveries: pd.DataFrame, country: str) -> str:
    """Deals, total TIV, suppliers ranked, years without deliveries, and the deals that cannot be placed in time."""
    NAME, (start_year, end_year) = name(country), _window(deliveries)
    total_tiv = float(deliveries["value"].sum())
    if total_tiv == 0:
        return f"SIPRI's trade register records **no deliveries of major arms to {NAME}** in {_span(deliveries)}."
    deals = deals_to(country)
    suppliers = top_suppliers(country, start_year, end_year, n=8)
    left_out = unallocated(deals)
    by_year = deliveries.groupby("year")["value"].sum()
    empty_years = [int(y) for y in by_year.index[by_year == 0]]
    return (f"SIPRI's register lists **{len(deals)} deals** with deliveries to {NAME} (all years); deliveries falling in "
            f"{_span(deliveries)} add up to **{text.num(total_tiv, 0)} million TIV**. By supplier: "
            + "; ".join(f"{r.supplier} {text.num(r.tiv, 0)} ({text.pct(r.share)}, {r.deals} deal{'s' if r.deals != 1 else ''})"
                        for r in suppliers.itertuples())
            + f". Years in the window with no delivery identified: {text.year_ranges(empty_years, last_join=', ') or 'none'}."
            + (f" {left_out['no_delivery_years']} deal(s) list no delivery year (nothing delivered yet) and add nothing."
               if left_out["no_delivery_years"] else "")
            + (" With so few deals, a single contract moves these shares a lot." if len(deals) < 40 else ""))


def largest_deals_intro(biggest: pd.DataFrame, country: str, start_year: int, end_year: int) -> str:
    """The sentence above the table of largest deliveries; '' when there is none."""
    if biggest.empty:
        return ""
    return (f"**The largest deliveries to {name(country)} in the window** (TIV counted inside "
            f"{period_label(start_year, end_year)}; '?' marks a year of order SIPRI is unsure of):")


def largest_deals_tables(biggest: pd.DataFrame, country: str) -> list[dict]:
    """The keyword arguments of ``show_table`` for the largest deliveries: none when SIPRI lists none."""
    if biggest.empty:
        return []
    return [{"table": biggest, "id": "largest-arms-deliveries", "sources": (ARMS,),
             "title": f"The largest deliveries of major arms to {name(country)}"}]


def weapon_mix_text(country: str, start_year: int, end_year: int) -> str:
    """'By kind of weapon: aircraft 45%; ...' over the window; '' when nothing was delivered."""
    by_category = arms_imports(country, start_year, end_year, by="weapon_category").sum().sort_values(ascending=False)
    by_category = by_category[by_category > 0]
    if by_category.empty:
        return ""
    return "By kind of weapon: " + "; ".join(f"{k.lower()} {text.pct(v / by_category.sum())}" for k, v in by_category.items()) + "."


def period_shares(country: str, start_year: int, end_year: int, period_years: int) -> pd.DataFrame:
    """:func:`supplier_shares` over consecutive periods of ``period_years`` with the six supplier groups, as
    figure data: ``year`` is the period's first year, ``series`` the supplier group."""
    shares = supplier_shares(country, periods(start_year, end_year, period_years), SUPPLIER_GROUPS)
    shares = shares.assign(year=shares["first"], series=shares["supplier"])
    return shares[[*figures.DATA_COLUMNS, "period", "last", "tiv", "tiv_total"]]


def _by_period(shares: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """(period x group fractions of the periods with deliveries, TIV total of every period), periods in order."""
    order = list(dict.fromkeys(shares["period"]))
    totals = shares.drop_duplicates("period").set_index("period")["tiv_total"].reindex(order)
    fractions = shares.assign(fraction=shares["tiv"] / shares["tiv_total"]).pivot(
        index="period", columns="series", values="fraction").reindex(index=order, columns=list(SUPPLIER_GROUPS))
    return fractions[totals > 0], totals


def period_shares_finding(shares: pd.DataFrame, country: str) -> str:
    with_data, _ = _by_period(shares)
    if with_data.empty:
        return f"SIPRI lists no delivery of major arms to {name(country)} in {_span(shares)}"
    first_p, last_p = with_data.index[0], with_data.index[-1]
    ru_first, ru_last = with_data.loc[first_p, RUSSIA], with_data.loc[last_p, RUSSIA]
    lead_last = with_data.loc[last_p].idxmax()
    finding = f"{lead_last} supplied {text.pct(with_data.loc[last_p, lead_last])} of {name(country)}'s major arms imports in {last_p}"
    if first_p != last_p:
        finding += (f", against {text.pct(ru_first)} in {first_p}" if lead_last == RUSSIA else
                    f"; Russia {text.pct(ru_last)}, against {text.pct(ru_first)} in {first_p}")
    return finding


def period_shares_figure(shares: pd.DataFrame, country: str, period_years: int) -> Figure | None:
    """Horizontal 100% bars of the supplier groups' shares per period; None when no period has deliveries."""
    with_data, totals = _by_period(shares)
    if with_data.empty:
        return None
    fig, ax = plots.new_figure(figsize=(10, 0.55 * len(totals) + 2.0))
    seen = set()
    for y, period in enumerate(totals.index):
        if totals[period] == 0:
            ax.text(1, y, "no deliveries recorded", va="center", fontsize=8.5, color="#777777")
            continue
        left = 0.0
        for group in SUPPLIER_GROUPS:
            v = with_data.loc[period, group] * 100
            if v > 0:
                ax.barh(y, v, left=left, color=GROUP_COLOURS[group], label=None if group in seen else group)
                seen.add(group)
                if v >= 8:
                    ax.text(left + v / 2, y, f"{v:.0f}%", ha="center", va="center", fontsize=8, color="white")
                left += v
        ax.text(101, y, f"{text.num(totals[period], 0)} m TIV", va="center", fontsize=8)
    ax.set_yticks(range(len(totals)), totals.index)
    ax.set_xlim(0, 115)
    ax.set_xlabel(f"{SHARE_UNIT} delivered in the period")
    ax.grid(axis="y", visible=False)
    handles = {label: h for h, label in zip(*ax.get_legend_handles_labels())}
    ax.set_ylim(len(totals) - 0.5, -1.4)  # the row above the first period holds the legend
    ax.legend([handles[g] for g in SUPPLIER_GROUPS if g in handles], [g for g in SUPPLIER_GROUPS if g in handles],
              loc="upper center", ncols=6, fontsize=8)
    first_year = _window(shares)[0]
    alt = (f"Horizontal 100% stacked bars of the supplier shares of major arms delivered to {name(country)} in periods of "
           f"{period_years} years. " + " ".join(f"{p}: " + ", ".join(f"{g} {text.pct(v)}" for g, v in row.items() if v > 0) + "."
                                                for p, row in with_data.iterrows()))
    return Figure("arms-supplier-shares", fig, shares, period_shares_finding(shares, country), alt, (ARMS,),
                  note=f"Periods of {period_years} years from {first_year}; the last may be shorter. "
                       "Deal TIV split equally over delivery years.")


def period_shares_text(shares: pd.DataFrame, country: str) -> str:
    """Each group's share in the last period with deliveries, Russia's in the first, and how small the volumes are."""
    with_data, totals = _by_period(shares)
    if with_data.empty:
        return f"No period in {_span(shares)} has deliveries to {name(country)}, so no supplier shares can be computed."
    first_p, last_p = with_data.index[0], with_data.index[-1]
    last = with_data.loc[last_p]
    volumes = totals[totals > 0]
    low, high = text.num(volumes.min(), 0), text.num(totals.max(), 0)
    return (f"In {last_p} Russia supplied **{text.pct(last[RUSSIA])}** of the volume delivered to {name(country)}, China "
            f"{text.pct(last[CHINA])}, Türkiye {text.pct(last[TURKEY])}, the United States {text.pct(last[USA])} and "
            f"other Western suppliers {text.pct(last[OTHER_WEST])}"
            + (f"; in {first_p} Russia's share was {text.pct(with_data.loc[first_p, RUSSIA])}. " if first_p != last_p else ". ")
            + ("Periods without any delivery are marked, not drawn as zero shares. " if (totals == 0).any() else "")
            + (f"Volumes per period are small ({low}–{high} million TIV), " if len(volumes) > 1 else
               f"The volume is small ({high} million TIV), ")
            + "so one aircraft or air-defence contract can swing a period.")


# --- 3. organised violence --------------------------------------------------------------------

LOW_HIGH = {"State-based": ("state_based_deaths_low", "state_based_deaths_high"),
            "Non-state": ("non_state_deaths_low", "non_state_deaths_high"),
            "One-sided": ("one_sided_deaths_low", "one_sided_deaths_high")}


def violence(countries: list[str], start_year: int, end_year: int) -> pd.DataFrame:
    """Tidy UCDP best-estimate deaths per country, year and form (series); NaN where UCDP has no row."""
    return pd.concat([_long(deaths_by_form(c, start_year, end_year), c, DEATHS_UNIT) for c in countries],
                     ignore_index=True)


def _deaths_by_country(deaths: pd.DataFrame) -> pd.Series:
    return deaths.groupby("country", sort=False)["value"].sum()


def violence_finding(deaths: pd.DataFrame, country: str) -> str:
    by_country = _deaths_by_country(deaths)
    own = deaths[deaths["country"] == country]
    if by_country[country] == 0:
        finding = f"UCDP codes no deaths from organised violence in {name(country)} in {_span(deaths)}"
    else:
        top_year = int(own.groupby("year")["value"].sum().idxmax())
        finding = (f"UCDP codes {text.num(by_country[country], 0)} deaths from organised violence in {name(country)} "
                   f"in {_span(deaths)}" + (f", most in {top_year}" if _window(deaths)[0] != _window(deaths)[1] else ""))
    worst = by_country.idxmax()
    if worst != country and by_country[worst] > 0:
        finding += f"; {name(worst)} has the most in the region ({text.num(by_country[worst], 0)})"
    return finding


def violence_figure(deaths: pd.DataFrame, country: str) -> Figure:
    """Small multiples, one per country, of deaths per year stacked by form of violence."""
    region = _codes(deaths)
    nrows = -(-len(region) // min(3, len(region)))
    fig, axes = charts.stacked_bars(deaths, FORM_COLOURS, ncols=min(3, len(region)), figsize=(11, 2.8 * nrows),
                                    empty_text="no deaths coded by UCDP")
    first, last = _window(deaths)
    highest = deaths.groupby(["country", "year"], sort=False)["value"].sum().groupby(level="country", sort=False).max()
    for ax, code in zip(axes.flat, region):
        ax.set_xlim(first - 0.7, last + 0.7)
        if highest[code] > 0:
            ax.set_ylim(0, highest[code] * 1.12)  # room above the highest bar
        if code == country and len(region) > 1:
            ax.set_title(name(code), fontweight="bold")
    _legend(axes.flat[0], loc="upper right", fontsize=8)
    by_country = _deaths_by_country(deaths)
    alt = (f"Small-multiple stacked bar charts of UCDP deaths from state-based, non-state and one-sided violence per year, "
           f"{_span(deaths, '-')}, for {names(region)}. Totals: "
           + "; ".join(f"{name(c)} {text.num(v, 0)}" for c, v in by_country.items()) + ".")
    return Figure("organised-violence", fig, deaths, violence_finding(deaths, country), alt, (ORGVIO,),
                  note="Each panel has its own vertical scale. Best estimates; deaths by country where they occurred.")


def violence_text(deaths: pd.DataFrame, country: str) -> str:
    """Deaths by form over the window and, per form, the worst year with UCDP's low–high range."""
    own = deaths[deaths["country"] == country]
    forms = own.pivot(index="year", columns="series", values="value")[list(FORMS.values())]
    lines = [f"{name(country)}, {_span(deaths)}: " + ", ".join(f"{k.lower()} **{text.num(v, 0)}** deaths"
                                                                for k, v in forms.sum().items()) + "."]
    for form, column in forms.items():
        if column.sum() > 0:
            yr = int(column.idxmax())
            low, high = (deaths_total([country], yr, yr, indicator)[country].iloc[0] for indicator in LOW_HIGH[form])
            lines.append(f"Worst year for {form.lower()} violence: {yr}, {text.num(column[yr], 0)} deaths"
                         + (f" (UCDP's low–high range {text.num(low, 0)}–{text.num(high, 0)})." if low != high else "."))
    return " ".join(lines)


def not_recorded_text(deaths: pd.DataFrame, country: str) -> str:
    """What UCDP's zeros do not mean, and the known events it does not carry as deaths in the country."""
    NAME, (start_year, end_year) = name(country), _window(deaths)
    span = f"in any year from {start_year} to {end_year}" if start_year != end_year else f"in {start_year}"
    parts = [f"### What the conflict data does not record for {NAME}"]
    if _deaths_by_country(deaths)[country] == 0:
        parts.append(f"**UCDP codes no death from organised violence in {NAME} {span}.** "
                     "That is not a record of peace: UCDP counts only violence between organised, armed actors (or against "
                     "civilians by them) that kills at least 25 people in a year in one dyad, and it does not code state "
                     "repression of unarmed protesters as armed conflict unless it meets its one-sided-violence definition "
                     "and threshold.")
    unrecorded = not_recorded(country, start_year, end_year)
    for _, row in unrecorded.iterrows():
        values = "; ".join(f"{f.lower()} {text.num(row[f], 0)}" for f in FORM_COLOURS)
        parts.append(f"- **{row['year']}** — {row['event']}: UCDP's country-year file codes {values} deaths in {NAME} that year.")
    if unrecorded.empty:
        parts.append(f"No specific events are listed for {NAME} in `helpers.themes.security.NOT_RECORDED` for "
                     f"{period_label(start_year, end_year)}; the absence of coded violence can still reflect what is "
                     "reported rather than what happened.")
    parts.append("For event-level detail another source is needed (UCDP's event dataset GED is not mirrored here; "
                 "ACLED and GTD cannot be redistributed).")
    return "\n\n".join(parts)


def conflicts_intro(conflicts: pd.DataFrame, country: str, start_year: int, end_year: int) -> str:
    """The sentence above the table of UCDP/PRIO armed conflicts, or the one saying there is none."""
    NAME, span = name(country), period_label(start_year, end_year)
    if conflicts.empty:
        return (f"The UCDP/PRIO Armed Conflict Dataset lists **no armed conflict** (25+ battle deaths in a year) located "
                f"in or involving {NAME} in {span}.")
    return (f"**Armed conflicts in the UCDP/PRIO dataset** (25+ battle deaths a year) located in {NAME} or with {NAME} as "
            f"a party, {span}. 'Secondary' parties send troops in support of a side; UCDP counts contributors to UN "
            "missions this way.")


def conflict_tables(conflicts: pd.DataFrame, country: str) -> list[dict]:
    """``show_table`` arguments for the armed conflicts (none when there are none)."""
    if conflicts.empty:
        return []
    shown = conflicts.drop(columns=["first", "last"]).rename(columns={"years_war": "years at war (1,000+ deaths)"})
    return [{"table": shown, "id": "armed-conflicts", "sources": (ACD,),
             "title": f"Armed conflicts located in {name(country)} or with it as a party"}]


def conflicts_abroad_text(conflicts: pd.DataFrame, country: str) -> str:
    """A sentence when every listed conflict is abroad (the country only a supporting party), else ''."""
    if conflicts.empty or conflicts["role"].str.contains("location|primary").any():
        return ""
    return f"None of these conflicts was fought in {name(country)} or against its government: it appears only as a supporting party abroad."


def dyads_intro(pairs: pd.DataFrame, region: list[str], start_year: int, end_year: int) -> str:
    """The sentence above the table of UCDP dyads; '' when there is none."""
    if pairs.empty:
        return ""
    return (f"**Every dyad UCDP codes in {names(region)}, {period_label(start_year, end_year)}** (the years each dyad was "
            "active, i.e. caused 25 or more deaths in the year wherever they occurred; a country lists the dyads with deaths "
            "on its territory, which can be few):")


def dyad_tables(pairs: pd.DataFrame) -> list[dict]:
    """``show_table`` arguments for the dyads (none when UCDP codes none)."""
    if pairs.empty:
        return []
    shown = pairs.drop(columns=["first", "last"]).assign(country=pairs["country"].map(name)).rename(
        columns={"n_years": "years coded"})
    return [{"table": shown, "id": "ucdp-dyads", "sources": (ORGVIO,), "title": "Dyads UCDP codes in the region"}]


def quiet_text(pairs: pd.DataFrame, region: list[str], start_year: int, end_year: int) -> str:
    """'No dyad at all is coded in ...' for the countries without one, when some others have one; else ''."""
    quiet = [c for c in region if c not in set(pairs["country"])]
    if pairs.empty or not quiet:
        return ""
    return f"No dyad at all is coded in {names(quiet)} in {period_label(start_year, end_year)}."


# --- 4. governance ------------------------------------------------------------------------------

GOVERNANCE_PEERS: tuple[str, ...] = ("RUS", "CHN")


def governance_estimates(country: str, start_year: int, end_year: int) -> pd.DataFrame:
    """Tidy WGI estimates per dimension (series: its label) for the country, with its 90% band
    (``lower``, ``upper``), and for :data:`GOVERNANCE_PEERS` (no band)."""
    parts = []
    for d in GOVERNANCE_DIMENSIONS:
        band = governance(country, d, start_year, end_year)
        own = figures.tidy(band[["estimate"]].set_axis([country], axis=1), wgi.DIMENSIONS[d], WGI_UNIT)
        parts.append(own.assign(lower=band["lower"].to_numpy(), upper=band["upper"].to_numpy()))
        parts.append(figures.tidy(governance_peers(list(GOVERNANCE_PEERS), d, start_year, end_year), wgi.DIMENSIONS[d],
                                  WGI_UNIT))
    return pd.concat(parts, ignore_index=True)


def _estimates(estimates: pd.DataFrame, country: str) -> dict[str, pd.DataFrame]:
    """Dimension code -> year x [estimate, lower, upper] of the country."""
    own = estimates[estimates["country"] == country]
    return {d: own[own["series"] == wgi.DIMENSIONS[d]].set_index("year")[["value", "lower", "upper"]]
            .rename(columns={"value": "estimate"}) for d in GOVERNANCE_DIMENSIONS}


def _latest_wgi_year(gov: dict[str, pd.DataFrame]) -> int | None:
    years = [t["estimate"].last_valid_index() for t in gov.values() if t["estimate"].notna().any()]
    return int(max(years)) if years else None


def governance_finding(estimates: pd.DataFrame, country: str) -> str:
    gov = _estimates(estimates, country)
    w_year = _latest_wgi_year(gov)
    if w_year is None:
        return f"The WGI reports no governance estimates for {name(country)} in {_span(estimates)}"
    below = sum(1 for t in gov.values() if t["estimate"].get(w_year, math.nan) < 0)
    return f"{name(country)} is below the world average on {below} of these 4 governance measures in {w_year}"


def governance_figure(estimates: pd.DataFrame, country: str) -> Figure | None:
    """Four panels of WGI estimates with the country's 90% band, Russia dashed, China dotted; None without data."""
    gov = _estimates(estimates, country)
    w_year = _latest_wgi_year(gov)
    if w_year is None:
        return None
    fig, axes = plots.new_figure(2, 2, figsize=(11, 6.4), sharex=True, sharey=True)
    colour = plots.colour(country)
    for ax, d in zip(axes.flat, GOVERNANCE_DIMENSIONS):
        t = gov[d]
        ax.fill_between(t.index, t["lower"], t["upper"], color=colour, alpha=0.18, linewidth=0,
                        label=f"{name(country)}, 90% interval")
        ax.plot(t.index, t["estimate"], color=colour, linewidth=2.6, marker="o", markersize=3, label=name(country))
        alone = t["estimate"].notna() & t["estimate"].shift(1).isna() & t["estimate"].shift(-1).isna()
        ax.errorbar(t.index[alone], t.loc[alone, "estimate"], yerr=(t.loc[alone, "upper"] - t.loc[alone, "estimate"]),
                    fmt="none", ecolor=colour, alpha=0.35, elinewidth=4)
        others = figures.wide(estimates[estimates["country"] != country], wgi.DIMENSIONS[d])
        for c, style in zip(others.columns, ("--", ":")):
            ax.plot(others.index, others[c], style, color=plots.colour(c), linewidth=1.4, alpha=0.9, marker=".",
                    markersize=3, label=name(c))
        ax.axhline(0, color="#333333", linewidth=0.8)
        ax.set_title(wgi.DIMENSIONS[d], fontsize=10)
        ax.set_ylabel(WGI_UNIT)
    for ax in axes[1]:
        ax.set_xlabel("Year")
    axes[0, 0].legend(loc="lower left", fontsize=8)
    alt = (f"Four line charts of World Bank governance estimates for {name(country)} with 90% bands, compared with "
           f"Russia and China, {_span(estimates, '-')}: "
           + "; ".join(f"{wgi.DIMENSIONS[d]} {_wgi_num(gov[d]['estimate'].get(w_year, math.nan))}"
                       for d in GOVERNANCE_DIMENSIONS) + f" in {w_year}.")
    return Figure("governance", fig, estimates, governance_finding(estimates, country), alt, (WGI,),
                  note="Bands and bars: estimate ± 1.645 standard errors (90%). Russia dashed, China dotted. "
                       "Gaps: years the WGI does not cover.")


def _wgi_num(value: float, digits: int = 2) -> str:
    return findings.NOT_REPORTED if math.isnan(value) else text.num(value, digits)


def governance_text(estimates: pd.DataFrame, country: str) -> str:
    """The latest estimates with intervals and ranks, the largest move per dimension, recent political stability."""
    NAME, gov = name(country), _estimates(estimates, country)
    w_year = _latest_wgi_year(gov)
    if w_year is None:
        return text.missing("governance estimates", NAME, "The WGI", f"its data cover 1996–2023, outside {_span(estimates)}")
    rank = {d: metrics.value_in(data.years_table(WGI, [country], w_year, w_year, wgi.indicator(d, "pctrank"))[country], w_year)
            for d in GOVERNANCE_DIMENSIONS}
    latest = []
    for d in GOVERNANCE_DIMENSIONS:
        row = gov[d].loc[w_year]
        latest.append(f"{wgi.DIMENSIONS[d].lower()} not reported" if math.isnan(row["estimate"]) else
                      f"{wgi.DIMENSIONS[d].lower()} **{text.num(row['estimate'], 2)}** (90% interval "
                      f"{text.num(row['lower'], 2)} to {text.num(row['upper'], 2)}; percentile rank {_wgi_num(rank[d], 0)})")
    lines = [f"In {w_year}: " + "; ".join(latest) + "."]
    for d in GOVERNANCE_DIMENSIONS:
        move = largest_change(gov[d])
        if move:
            lines.append(f"The largest move in {wgi.DIMENSIONS[d].lower()} came between {move['from_year']} and {move['to_year']}: "
                         f"{text.num(move['from'], 2)} to {text.num(move['to'], 2)}, "
                         + ("larger than the uncertainty (the 90% intervals do not overlap)." if move["beyond_uncertainty"]
                            else "within the uncertainty (the 90% intervals overlap)."))
    pv = gov["pv"]["estimate"].dropna()
    if len(pv) >= 2:
        lines.append("Political stability over the last reported years: "
                     + ", ".join(f"{y} {text.num(v, 2)}" for y, v in pv.tail(4).items()) + ".")
    return " ".join(lines)


def question(country: str, comparison: list[str], start_year: int, end_year: int) -> str:
    """The notebook's opening: its title and the questions it answers for ``country`` (compared with the rest
    of ``comparison``)."""
    NAME, peers = name(country), [c for c in comparison if c != country]
    return f"""# Security: what {NAME} spends on its armed forces, who arms it, how much organised violence it has seen, and how it is governed

**The question.** {NAME} sits between Russia, China and the West. How much does it spend on its military, and how
does that compare with its neighbours and with the powers? Whose weapons does it import: is Russia still the
supplier, and have China, Türkiye or Western states taken a share? How much organised violence has the country
seen, and what does the conflict data fail to record? And how do governance indicators rate its stability, rule
of law, government effectiveness and control of corruption? Years {period_label(start_year, end_year)}; compared with
{names(peers)} and with {names(POWERS)}."""


# --- headline numbers (the brief, comparison and claims pages read these) ---------------------

def military_rows(country: str, end_year: int = 2025) -> list[dict]:
    """SIPRI military expenditure, latest year up to ``end_year``: as a share of GDP and in constant 2023 USD
    (each with the years SIPRI leaves empty after it)."""
    rows = []
    for key, indicator, measure, unit, shown in (
            ("military_gdp", sipri.SHARE_OF_GDP, "Military expenditure", "% of GDP", findings.percent),
            ("military_usd", sipri.CONSTANT_USD, "Military expenditure (constant 2023 USD)",
             "USD million, constant 2023 prices", findings.usd_million)):
        last = findings.last_year(MILEX, indicator, end_year)
        series = milex(indicator, [country], 1949, end_year)[country]
        year, value, note = findings.latest_with_gap(series, "SIPRI", country, last)
        if year is None:
            rows.append(findings.not_reported(THEME, key, "Military spending", measure, unit, [MILEX],
                                              f"SIPRI has no figure for {name(country)}"))
        else:
            rows.append(findings.headline(THEME, key, "Military spending", measure, value, shown(value), unit, year,
                                          [MILEX], note))
    return rows


def headlines(country: str, start_year: int | None = None, end_year: int = 2025) -> pd.DataFrame:
    """Military expenditure (% of GDP and constant 2023 USD), latest year: see :mod:`helpers.themes.findings`."""
    return findings.table(military_rows(country, end_year))
