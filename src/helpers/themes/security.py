"""Tables behind the security notebook: military spending, arms imports, organised violence, governance.

Everything here reads the tidy loaders (``helpers.data.load``) of SIPRI, UCDP
and the World Bank's WGI; the notebook only calls these functions and draws.

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
from helpers.present import text
from helpers.data.countries import EU_MEMBERS, is_iso3_country, name
from helpers.data.sources import sipri, ucdp, wgi
from helpers.themes import findings

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
    """An amount in US$ millions as a reader wants it: 'USD 1.15 bn', 'USD 447 m'; NaN -> 'n/a'.

    'USD', not 'US$': a pair of '$' in a sentence is typeset as mathematics by the
    notebook's Markdown/MathJax and by matplotlib.
    """
    if value is None or math.isnan(value):
        return "n/a"
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


def supplier_shares_by_period(country: str, start_year: int, end_year: int, period_years: int = 5,
                              deals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Period x supplier group: TIV and share of the period's total (NaN shares when nothing was delivered).

    Columns: period, first, last, group, tiv, share, total.
    """
    yearly = arms_imports(country, start_year, end_year, deals=deals)
    rows = []
    for first, last in periods(start_year, end_year, period_years):
        sums = yearly.loc[first:last].sum()
        total = float(sums.sum())
        for group in SUPPLIER_GROUPS:
            rows.append({"period": period_label(first, last), "first": first, "last": last, "group": group,
                         "tiv": float(sums[group]), "share": float(sums[group]) / total if total > 0 else math.nan,
                         "total": total})
    return pd.DataFrame(rows)


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


# --- headline numbers (the brief, comparison and claims pages read these) ---------------------

def military_rows(country: str, end_year: int = 2025) -> list[dict]:
    """SIPRI military expenditure as a share of GDP, latest year (with the years SIPRI leaves empty)."""
    last = findings.last_year(MILEX, sipri.SHARE_OF_GDP, end_year)
    series = milex(sipri.SHARE_OF_GDP, [country], 1949, end_year)[country]
    year, value, note = findings.latest_with_gap(series, "SIPRI", country, last)
    if year is None:
        return [findings.not_reported(THEME, "military_gdp", "Military spending", "Military expenditure", "% of GDP", [MILEX],
                         f"SIPRI has no figure for {name(country)}")]
    return [findings.headline(THEME, "military_gdp", "Military spending", "Military expenditure", value, findings.percent(value), "% of GDP",
                 year, [MILEX], note)]


def headlines(country: str, start_year: int | None = None, end_year: int = 2025) -> pd.DataFrame:
    """Military expenditure as a share of GDP, latest year: see :mod:`helpers.themes.findings`."""
    return findings.table(military_rows(country, end_year))
