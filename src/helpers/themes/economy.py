"""Tables behind the economy notebook: growth and income, reform markers, people, debt and aid.

Every series is a one-indicator World Bank WDI dataset read with :func:`helpers.data.wide`.
A few are computed here from two datasets, always in the same units and years:

* remittances as % of GDP = personal remittances received / GDP (both current US$; the WDI
  ratio BX.TRF.PWKR.DT.GD.ZS is not mirrored), via :func:`helpers.themes.connectivity.per_gdp`, the
  same formula the connectivity and brief notebooks use;
* net migration per 1,000 residents and migrant stock as % of population, divided by the
  WDI mid-year population (:func:`per_population`).

Years a source does not report stay NaN everywhere (tables, figures, the dashboard), never zero.

The 'then vs now' dashboard (:func:`dashboard`) takes each indicator's value in a base year
(2016 by default: the last year before Uzbekistan's currency liberalisation) and in its own latest
year, and keeps both years with the numbers, because the latest year differs by series. Differences
(rates, shares, per 1,000) are taken between the rounded values the table shows, so they add up for a
reader; ratios (amounts) are taken from the unrounded values. :func:`base_year_caveat` says when the
base year sits just after one of the country's own currency events, so 'then' is a low or a peak.

The notebook's title and question (:func:`headline`) come from the data: the 'pull of Russia' through
remittances is claimed only where remittances are a large share of GDP (:data:`REMITTANCES_LARGE`).

The notebook builds a :class:`Scope` from its parameters once; each section then has a tidy table
(:func:`income`, :func:`growth`, ...), a ``*_figure`` builder returning a :class:`~helpers.present.figures.Figure`
drawn from that table, and a ``*_text`` builder whose numbers come from the same table. Every sentence
has words for a missing number and for a window of one year. :func:`headlines` gives the numbers other
pages rank the five states on (GDP, GDP per person, population, FDI, growth, inflation, external debt).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from helpers import data
from helpers.data import countries, provenance
from helpers.present import figures, plots, text
from helpers.themes import connectivity, findings, metrics

POPULATION = "wdi_population"
GDP = "wdi_gdp_usd"
GDP_PC = "wdi_gdp_per_capita_usd"
GDP_PC_PPP = "wdi_gdp_per_capita_ppp"
GROWTH = "wdi_gdp_growth"
GROWTH_PC = "wdi_gdp_per_capita_growth"
FX = "wdi_exchange_rate"
INFLATION = "wdi_inflation"
INVESTMENT = "wdi_investment_gdp"
AGRICULTURE = "wdi_agriculture_value_added"
INDUSTRY = "wdi_industry_value_added"
UNEMPLOYMENT = "wdi_unemployment"
NET_MIGRATION = "wdi_net_migration"
MIGRANT_STOCK = "wdi_migrant_stock"
REMITTANCES = "wdi_remittances"
DEBT = "wdi_external_debt"
DEBT_GNI = "wdi_external_debt_gni"
ODA = "wdi_oda_received"
DATASETS = (POPULATION, GDP, GDP_PC, GDP_PC_PPP, GROWTH, GROWTH_PC, FX, INFLATION, INVESTMENT, AGRICULTURE,
            INDUSTRY, UNEMPLOYMENT, NET_MIGRATION, MIGRANT_STOCK, REMITTANCES, DEBT, DEBT_GNI, ODA)

BASE_YEAR = 2016   # the last full year before Uzbekistan's September 2017 currency liberalisation
POWERS = countries.POWERS
CURRENCY = {"KAZ": "tenge", "UZB": "som", "KGZ": "som", "TJK": "somoni", "TKM": "manat", "RUS": "rouble",
            "CHN": "yuan", "USA": "dollar"}
# The currency as named in a sentence, where two states' 'som' must not be confused.
CURRENCY_NAME = {**CURRENCY, "UZB": "Uzbek som", "KGZ": "Kyrgyz som"}

# Redenominations of a currency the WDI series may fall on either side of: a rate reported only for
# years before ``year`` is in old units (``old_per_new`` old units to one new).
REDENOMINATIONS = {"TKM": {"year": 2009, "old_per_new": 5000}}

# Exchange-rate regime changes the notebook marks on its charts. Each with a page that reports it.
POLICY_EVENTS = (
    {"date": "2014-11-10", "country": "RUS", "short": "Russia floats the rouble",
     "event": "The Bank of Russia abandons the rouble's trading corridor and lets it float",
     "source_url": "http://in.reuters.com/article/russia-cenbank-rouble-idINL6N0T01R620141110"},
    {"date": "2015-08-20", "country": "KAZ", "short": "Kazakhstan floats the tenge",
     "event": "Kazakhstan abandons the tenge's currency corridor for a free float and inflation targeting",
     "source_url": "http://uk.reuters.com/article/kazakhstan-tenge-idUKL5N10U2SZ20150820"},
    {"date": "2017-09-05", "country": "UZB", "short": "Uzbekistan liberalises the som",
     "event": "Uzbekistan lets the market set the som's rate and lifts limits on buying foreign currency",
     "source_url": "https://www.rferl.org/a/uzbekistan-currency-sum-dollar-convertible-liberalization-exchange/28714017.html"},
)


# Why a series is missing, per state, in words without numbers (the years come from the data).
GAP_REASONS = {
    "TKM": ("Turkmenistan publishes few of the statistics these series are built from: the World Bank has no "
            "balance of payments to take remittances from and no consumer price index, and its official exchange-rate "
            "series stops although the central bank still sets an official manat rate. In 2021 the World Bank's "
            "Global Economic Prospects stopped publishing output and growth figures for Turkmenistan for lack of "
            "reliable data (" + text.link("Caspian Barrel, June 2021", "https://caspianbarrel.org/en/2021/06/"
                                          "world-bank-and-imf-exclude-turkmenistan-from-their-reports/") + "); "
            "WDI still carries the official GDP and growth figures used above, so read them with that in mind."),
    "TJK": "The World Bank file gives no reason for the end of Tajikistan's consumer price series.",
}
UZB_BLACK_MARKET = text.link("RFE/RL", "https://www.rferl.org/a/uzbekistan-devalues-currency/28718291.html")


def gap_reason(country: str, start_year: int, end_year: int) -> str:
    """Why a state's series are missing, where anything is known; '' otherwise.

    Uzbekistan's is computed: the official rate's missing years, and the managed official rate the file
    shows from its first reported year after the gap to the year before the 2017 liberalisation.
    """
    if country != "UZB":
        return GAP_REASONS.get(country, "")
    rates = data.years_table(FX, ["UZB"], start_year, end_year)["UZB"]
    present = rates.dropna()
    if present.empty:
        return ""
    holes = [int(y) for y in rates.index if rates[y] != rates[y] and present.index[0] < y < present.index[-1]]
    own = events("UZB")
    if own.empty:
        return ""
    event = own.iloc[0]
    before = [int(y) for y in present.index if y < event["year"] and (not holes or y > holes[-1])]
    slide = (f", which the file shows moving from {rate_text(present[before[0]])} per US$ in {before[0]} to "
             f"{rate_text(present[before[-1]])} in {before[-1]}" if len(before) >= 2 else "")
    return (f"Until {event['date']:%B %Y} Uzbekistan had a managed official {currency_name('UZB')} rate{slide}, "
            f"beside a black-market rate ({UZB_BLACK_MARKET})"
            + (f"; the file gives no official rate for {text.year_ranges(holes)} and does not say why." if holes else "."))


# --- series -------------------------------------------------------------------------------------

def per_population(dataset_id: str, codes, start_year: int, end_year: int, per: float = 1000.0) -> pd.DataFrame:
    """A head-count series per ``per`` residents (mid-year population); NaN where either is missing."""
    value = data.years_table(dataset_id, codes, start_year, end_year)
    return per * value / data.years_table(POPULATION, codes, start_year, end_year)


def remittances_share(codes, start_year: int, end_year: int) -> pd.DataFrame:
    """Personal remittances received, % of GDP (both current US$), year x country over the full range."""
    codes = list(codes)
    shares = connectivity.per_gdp(REMITTANCES, codes, start_year, end_year)
    return shares.reindex(index=range(start_year, end_year + 1), columns=codes)


def annual_change(series: pd.Series) -> pd.Series:
    """Year-on-year change as a fraction; NaN unless both the year and the one before are reported."""
    if series.empty:
        return series.astype(float)
    full = series.reindex(range(int(series.index.min()), int(series.index.max()) + 1))
    return (full / full.shift(1) - 1).reindex(series.index)


# --- the framing --------------------------------------------------------------------------------

REMITTANCES_LARGE = 5.0   # % of GDP from which the notebook speaks of a pull of Russia through remittances
REMITTANCES_SMALL = 1.0   # % of GDP below which remittances are called small


def remittance_band(country: str, start_year: int, end_year: int) -> dict:
    """How much remittances weigh for the country, from the data: band 'large', 'moderate', 'small' or 'absent',
    with the latest share (% of GDP) and its year, and the last year and number of years of the raw series."""
    year, share = metrics.latest(remittances_share([country], start_year, end_year)[country])
    raw = data.years_table(REMITTANCES, [country], 1960, end_year)[country]
    ever = metrics.latest(raw)[0]
    if year is None:
        band = "absent"
    elif share >= REMITTANCES_LARGE:
        band = "large"
    elif share >= REMITTANCES_SMALL:
        band = "moderate"
    else:
        band = "small"
    return {"band": band, "year": year, "share": share, "ever_year": ever, "ever_count": int(raw.notna().sum())}


def headline(country: str, start_year: int, end_year: int, base_year: int) -> tuple[str, str]:
    """(title, question) of the notebook, from the data: the 'pull of Russia' is claimed only where
    remittances are large; where they are small or absent the question says what the data cannot show."""
    name = countries.name(country)
    remit = remittance_band(country, start_year, end_year)
    lead = f"{name}'s reform path" if not events(country, start_year, end_year).empty else f"{name} since {base_year}"
    share = f"{text.num(remit['share'], 1)}% of GDP" if remit["year"] is not None else ""
    title = "Economy: " + lead + {
        "large": f" and the pull of Russia: remittances {share} ({remit['year']})",
        "moderate": f", with remittances of {share} ({remit['year']})",
        "small": f"; remittances small ({share} in {remit['year']})",
        "absent": ", without remittance data to show the pull of Russia",
    }[remit["band"]]
    shown = events(None, start_year, end_year)
    changes = "; ".join(f"{row.short}, {row.date:%B %Y}" for row in shown.itertuples())
    question = (f"How far has {name}'s economy moved since "
                + (f"the currency changes of {shown['year'].min()}–{shown['year'].max()} ({changes})"
                   if changes else str(base_year))
                + "? Has growth, income and the structure of the economy changed, what happened to the currency "
                "and to prices, ")
    if remit["band"] in ("large", "moderate"):
        question += (f"and how much does {name} depend on Russia through the people who leave to work there and the "
                     f"money they send home? Remittances were {share} in {remit['year']}; the file does not say "
                     "which country they came from.")
    elif remit["band"] == "small":
        question += (f"and do the people who move in and out matter? Money sent home is small for {name} ({share} in "
                     f"{remit['year']}), so these data show no pull of Russia through remittances; net migration and "
                     "the migrant stock are shown, and neither says where people go.")
    else:
        ever = remit["ever_year"]
        question += ("and what do the people who move tell us? The World Bank has no remittance series for "
                     + name + (f" beyond a single value for {ever}" if remit["ever_count"] == 1 else
                               f" after {ever}" if ever else "")
                     + ", so these data cannot show whether money sent home from Russia matters; net migration and "
                     "the migrant stock are shown, and neither says where people go.")
    return title, question


# --- income -------------------------------------------------------------------------------------

def standing(own: float, others: dict[str, float], digits: int = 0) -> str:
    """Where a value stands against named others, each side listed from the data:
    'above China (27,105) but below Russia (47,362) and the United States (85,810)'; '' if none is known."""
    known = {k: v for k, v in others.items() if v == v}
    above = [f"{k} ({text.num(v, digits)})" for k, v in sorted(known.items(), key=lambda kv: kv[1]) if own > v]
    below = [f"{k} ({text.num(v, digits)})" for k, v in sorted(known.items(), key=lambda kv: kv[1]) if own < v]
    level = [f"{k} ({text.num(v, digits)})" for k, v in known.items() if own == v]
    parts = ([f"above {text.listing(above)}"] if above else []) + ([f"below {text.listing(below)}"] if below else []) \
        + ([f"level with {text.listing(level)}"] if level else [])
    return " but ".join(parts[:2]) + (f", and {parts[2]}" if len(parts) > 2 else "")


# --- growth -------------------------------------------------------------------------------------

def span_label(span: tuple[int, int]) -> str:
    """(2017, 2025) -> '2017–2025'; (2024, 2024) -> '2024'."""
    first, last = span
    return str(first) if first == last else f"{first}–{last}"


def periods(base_year: int, latest_year: int, start_year: int | None = None,
            length: int = 7) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """(before, after): the ``length`` years up to and including the base year, and the years after it up to
    ``latest_year``; both start no earlier than ``start_year``, and a period left without a year is None."""
    floor = base_year - length + 1 if start_year is None else max(base_year - length + 1, start_year)
    before = (floor, min(base_year, latest_year))
    after = (base_year + 1 if start_year is None else max(base_year + 1, start_year), latest_year)
    return tuple(span if span[0] <= span[1] else None for span in (before, after))


def period_means(table_: pd.DataFrame, spans) -> pd.DataFrame:
    """Country x period mean of the reported years (NaN when a period has none), with the count of years.

    Columns: one per span labelled as :func:`span_label` does, and 'years <label>' with how many years
    entered each mean.
    """
    rows = {}
    for code in table_.columns:
        row = {}
        for first, last in spans:
            label = span_label((first, last))
            part = table_[code][(table_.index >= first) & (table_.index <= last)].dropna()
            row[label] = metrics.mean_in(table_[code], first, last)
            row[f"years {label}"] = len(part)
        rows[code] = row
    return pd.DataFrame.from_dict(rows, orient="index")


# --- the currency -------------------------------------------------------------------------------

def events(codes=None, start_year: int | None = None, end_year: int | None = None) -> pd.DataFrame:
    """The policy events (:data:`POLICY_EVENTS`) for the given countries and years, with 'date' and 'year'."""
    table_ = pd.DataFrame(POLICY_EVENTS)
    table_["date"] = pd.to_datetime(table_["date"], format="%Y-%m-%d")
    table_["year"] = table_["date"].dt.year
    if codes is not None:
        table_ = table_[table_["country"].isin([codes] if isinstance(codes, str) else list(codes))]
    if start_year is not None:
        table_ = table_[table_["year"] >= start_year]
    if end_year is not None:
        table_ = table_[table_["year"] <= end_year]
    return table_.sort_values("date").reset_index(drop=True)


def change_around(series: pd.Series, year: int) -> dict:
    """The year before ``year`` against the year after: annual averages either side of a mid-year event.

    Returns before_year, before, after_year, after and ratio (after / before); NaN where a year is missing.
    """
    before, after = metrics.value_in(series, year - 1), metrics.value_in(series, year + 1)
    ratio = after / before if before and not math.isnan(before) else math.nan
    return {"before_year": year - 1, "before": before, "after_year": year + 1, "after": after, "ratio": ratio}


def largest_rise(series: pd.Series, span: int = 2) -> dict | None:
    """The largest rise over ``span`` years between two reported values (e.g. the sharpest depreciation).

    Returns from_year, start, to_year, end, ratio; None when no pair of years ``span`` apart is reported.
    """
    present = series.dropna()
    best = None
    for year, value in present.items():
        later = int(year) + span
        if later in present.index and value > 0:
            ratio = present[later] / value
            if best is None or ratio > best["ratio"]:
                best = {"from_year": int(year), "start": float(value), "to_year": later,
                        "end": float(present[later]), "ratio": float(ratio)}
    return best


def currency_move(country: str, rates: pd.Series, start_year: int, end_year: int) -> dict | None:
    """What the notebook says about a currency: around its policy event if it has one, else its sharpest fall.

    Adds 'kind' ('event' or 'largest') and, for an event, its 'short' label and date.
    """
    own = events(country, start_year, end_year)
    for row in own.itertuples():
        move = change_around(rates, row.year)
        if not math.isnan(move["ratio"]):
            return {**move, "kind": "event", "short": row.short, "date": row.date}
    move = largest_rise(rates[(rates.index >= start_year) & (rates.index <= end_year)])
    return {**move, "kind": "largest"} if move else None


def currency_name(country: str) -> str:
    """'tenge', 'Kyrgyz som', 'Uzbek som', ...: the currency as named in a sentence."""
    return CURRENCY_NAME.get(country, "local currency")


def old_units_note(country: str, last_year: int | None) -> str:
    """'' unless the country's rate stops before a redenomination: then the units its values are in.

    E.g. 'in old manat: the WDI series stops in 2001, before the 2009 redenomination at 5,000 old manat to
    one new manat'.
    """
    change_ = REDENOMINATIONS.get(country)
    if not change_ or last_year is None or last_year >= change_["year"]:
        return ""
    unit = CURRENCY.get(country, "units")
    return (f"in old {unit}: the WDI series stops in {last_year}, before the {change_['year']} redenomination at "
            f"{text.num(change_['old_per_new'], 0)} old {unit} to one new {unit}")


# --- people -------------------------------------------------------------------------------------

def rouble_and_remittances(codes, start_year: int, end_year: int) -> pd.DataFrame:
    """Long table: year, country, the rouble's change in dollar value, the change of remittances received (US$).

    ``rouble`` = RUB-per-US$ rate a year earlier / this year - 1 (positive: the rouble gained);
    ``remittances`` = year-on-year change of personal remittances received in current US$.
    Only years where both are reported for the country are kept.
    """
    rub = data.years_table(FX, ["RUS"], start_year - 1, end_year)["RUS"]
    rouble_value = 1 / rub
    rouble = annual_change(rouble_value)
    remit = data.years_table(REMITTANCES, codes, start_year - 1, end_year)
    rows = []
    for code in codes:
        change = annual_change(remit[code])
        for year in range(start_year, end_year + 1):
            r, m = rouble.get(year, math.nan), change.get(year, math.nan)
            if not (math.isnan(r) or math.isnan(m)):
                rows.append({"year": year, "country": code, "rouble": float(r), "remittances": float(m)})
    return pd.DataFrame(rows, columns=["year", "country", "rouble", "remittances"])


def sum_drivers(series: pd.Series, share: float = 2 / 3) -> dict | None:
    """Which years make a multi-year sum: the fewest years, largest first and of the sum's own sign, that
    together reach ``share`` of it.

    Returns total, years (sorted), part (their sum), rest (the other years' sum), count (years summed) and
    spread (True when that takes more than half of the years: no few years drive the sum). None if empty.
    """
    present = series.dropna()
    if present.empty:
        return None
    total = float(present.sum())
    sign = 1.0 if total >= 0 else -1.0
    ordered = (sign * present).sort_values(ascending=False)
    chosen, reached = [], 0.0
    for year, value in ordered.items():
        if value <= 0 or reached >= share * abs(total):
            break
        chosen.append(int(year))
        reached += float(value)
    part = float(present[chosen].sum()) if chosen else 0.0
    return {"total": total, "years": sorted(chosen), "part": part, "rest": total - part, "count": len(present),
            "spread": not chosen or len(chosen) > len(present) / 2}


def rouble_finding(name: str, rho: float, n: int, weak: float = 0.3) -> str:
    """The rouble scatter's finding as an association: 'Remittances to X tend to move with the rouble
    (Spearman ρ = 0.52, n = 25 years)'; little co-movement when abs(ρ) < ``weak``."""
    stats = f"(Spearman ρ = {text.num(rho, 2)}, n = {n} years)"
    if n == 0 or rho != rho:
        return f"Too few years to compare remittances to {name} with the rouble"
    if abs(rho) < weak:
        return f"Remittances to {name} show little co-movement with the rouble {stats}"
    return f"Remittances to {name} tend to move {'with' if rho > 0 else 'against'} the rouble {stats}"


def latest_values(table_: pd.DataFrame) -> pd.DataFrame:
    """Country x [year, value] of each column's last reported year (NaN / <NA> where none)."""
    rows = {code: metrics.latest(table_[code]) for code in table_.columns}
    out = pd.DataFrame.from_dict(rows, orient="index", columns=["year", "value"])
    out["year"] = out["year"].astype("Int64")
    return out


def rate_text(value: float) -> str:
    """An exchange rate as read in a sentence: whole units from 100 up, else two decimals."""
    return text.num(value, 0 if value >= 100 else 2)


# --- then vs now --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str
    datasets: tuple[str, ...]
    kind: str = "rate"      # 'rate': change as a difference; 'level': change as a ratio
    digits: int = 1
    scale: float = 1.0      # divide the source value by this (e.g. 1e9 for billions)
    change_unit: str = "pts"  # the unit of a rate's difference: percentage points, or e.g. 'per 1,000'

    def series(self, country: str, start_year: int, end_year: int) -> pd.Series:
        if self.key == "remittances_gdp":
            return remittances_share([country], start_year, end_year)[country]
        if self.key == "net_migration_rate":
            return per_population(NET_MIGRATION, [country], start_year, end_year)[country]
        if self.key == "migrant_share":
            return per_population(MIGRANT_STOCK, [country], start_year, end_year, per=100.0)[country]
        return data.years_table(self.datasets[0], [country], start_year, end_year)[country] / self.scale


INDICATORS = (
    Indicator("population", "Population", "million", (POPULATION,), "level", 1, 1e6),
    Indicator("gdp", "GDP", "billion current US$", (GDP,), "level", 1, 1e9),
    Indicator("gdp_pc", "GDP per person", "current US$", (GDP_PC,), "level", 0),
    Indicator("gdp_pc_ppp", "GDP per person, PPP", "current international $", (GDP_PC_PPP,), "level", 0),
    Indicator("growth", "Real GDP growth", "% a year", (GROWTH,)),
    Indicator("fx", "Official exchange rate", "local currency per US$", (FX,), "level", 2),
    Indicator("inflation", "Consumer price inflation", "% a year", (INFLATION,)),
    Indicator("investment", "Investment (gross capital formation)", "% of GDP", (INVESTMENT,)),
    Indicator("agriculture", "Agriculture, value added", "% of GDP", (AGRICULTURE,)),
    Indicator("industry", "Industry incl. construction, value added", "% of GDP", (INDUSTRY,)),
    Indicator("unemployment", "Unemployment (ILO modelled)", "% of labour force", (UNEMPLOYMENT,)),
    Indicator("net_migration_rate", "Net migration", "per 1,000 residents", (NET_MIGRATION, POPULATION), "rate", 1,
              change_unit="per 1,000"),
    Indicator("migrant_share", "Migrant stock (born abroad)", "% of population", (MIGRANT_STOCK, POPULATION)),
    Indicator("remittances", "Remittances received", "billion current US$", (REMITTANCES,), "level", 2, 1e9),
    Indicator("remittances_gdp", "Remittances received", "% of GDP", (REMITTANCES, GDP)),
    Indicator("debt", "External debt", "billion current US$", (DEBT,), "level", 1, 1e9),
    Indicator("debt_gni", "External debt", "% of GNI", (DEBT_GNI,)),
    Indicator("oda", "Net ODA received", "million current US$", (ODA,), "level", 0, 1e6),
)
INDICATOR = {i.key: i for i in INDICATORS}


def value_then(series: pd.Series, base_year: int, max_back: int = 5) -> tuple[int | None, float]:
    """(year, value) in the base year, or the nearest earlier reported year at most ``max_back`` years before.

    Series reported every five years (migrant stock) thus give 2015 for a 2016 base.
    """
    for year in range(base_year, base_year - max_back - 1, -1):
        value = metrics.value_in(series, year)
        if not math.isnan(value):
            return year, value
    return None, math.nan


def value_now(series: pd.Series, after: int | None, end_year: int) -> tuple[int | None, float]:
    """(year, value) of the latest reported year up to end_year, if later than ``after`` (else None, NaN)."""
    year, value = metrics.latest(series[series.index <= end_year])
    if year is None or (after is not None and year <= after):
        return None, math.nan
    return year, value


def change(then: float, now: float, kind: str, digits: int | None = None) -> float:
    """now - then for rates, now / then for levels; NaN if either is missing or a ratio is undefined.

    With ``digits`` a rate's difference is taken between the values rounded as shown (4.6 and 3.7 give
    -0.9, not the -0.8 of 4.64 and 3.74), so the table adds up; ratios always use the unrounded values.
    """
    if math.isnan(then) or math.isnan(now):
        return math.nan
    if kind == "level":
        return now / then if then > 0 and now >= 0 else math.nan
    if digits is not None:
        return round(now, digits) - round(then, digits)
    return now - then


def dashboard(country: str, base_year: int = BASE_YEAR, end_year: int = 2025, start_year: int = 1990,
              indicators=INDICATORS) -> pd.DataFrame:
    """One row per indicator: value in (or just before) the base year and in its own latest year.

    Columns: key, indicator, unit, kind, digits, change_unit, then_year, then, now_year, now, change, datasets.
    'now' is the latest year up to end_year *after* the 'then' year (NaN if the series stops there).
    A rate's change is the difference of the rounded values shown (see :func:`change`).
    """
    rows = []
    for ind in indicators:
        series = ind.series(country, start_year, end_year)
        then_year, then = value_then(series, base_year)
        now_year, now = value_now(series, then_year if then_year is not None else base_year, end_year)
        rows.append({"key": ind.key, "indicator": ind.label, "unit": ind.unit, "kind": ind.kind, "digits": ind.digits,
                     "change_unit": ind.change_unit, "then_year": then_year, "then": then, "now_year": now_year,
                     "now": now, "change": change(then, now, ind.kind, ind.digits), "datasets": ", ".join(ind.datasets)})
    table_ = pd.DataFrame(rows)
    for column in ("then_year", "now_year"):
        table_[column] = table_[column].astype("Int64")
    return table_


def _cell(value: float, year, digits: int) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or year is None or pd.isna(year):
        return "–"
    return f"{text.num(value, digits)} ({int(year)})"


def change_phrase(value: float, kind: str, digits: int = 1, unit: str = "pts") -> str:
    """'×2.72' for a level, '+3.4 pts' (or '-0.9 per 1,000': the row's own ``unit``) for a rate, '–' when missing."""
    if value is None or math.isnan(value):
        return "–"
    if kind == "level":
        return f"×{value:,.2f}"
    if round(value, digits) == 0:
        return f"{0:.{digits}f} {unit}"
    return f"{value:+,.{digits}f} {unit}"


def dashboard_display(table_: pd.DataFrame, base_year: int) -> pd.DataFrame:
    """The dashboard as a reader sees it: each value with its year in brackets; '–' where not reported."""
    return pd.DataFrame({
        "Indicator": table_["indicator"],
        "Unit": table_["unit"],
        f"Then ({base_year} or nearest earlier)": [_cell(v, y, d) for v, y, d in
                                                    zip(table_["then"], table_["then_year"], table_["digits"])],
        "Now (latest year)": [_cell(v, y, d) for v, y, d in zip(table_["now"], table_["now_year"], table_["digits"])],
        "Change": [change_phrase(v, k, d, u) for v, k, d, u in
                   zip(table_["change"], table_["kind"], table_["digits"], table_["change_unit"])],
        "Data": table_["datasets"],
    })


def board_text(board: pd.DataFrame, key: str, which: str = "now", suffix: str = "%") -> str:
    """One dashboard value as read in a sentence: '16.6% (2025)'; 'not reported' when missing."""
    row = board.set_index("key").loc[key]
    value, year = row[which], row[f"{which}_year"]
    if value != value or pd.isna(year):
        return "not reported"
    return f"{text.num(value, int(row['digits']))}{suffix} ({int(year)})"

def base_year_events(country: str, base_year: int, window: int = 2) -> pd.DataFrame:
    """The country's own policy events in the ``window`` years before the base year or in it."""
    return events(country, base_year - window, base_year)


def base_year_caveat(country: str, base_year: int, start_year: int, end_year: int, window: int = 2) -> str:
    """A warning when the base year sits just after one of the country's own currency events; '' otherwise.

    A float makes dollar values drop and debt ratios jump, so 'then' is a low (or a peak) and 'then vs now'
    overstates the change. The sentence names the event and gives GDP per person in the year before it, in
    the base year and now, and says if external debt / GNI in the base year is the highest of the years shown.
    """
    own = base_year_events(country, base_year, window)
    if own.empty:
        return ""
    event = own.iloc[0]
    gap = base_year - int(event["year"])
    relation = {0: "is the year of", 1: "is the year after"}.get(gap, f"comes {gap} years after")
    out = (f"**Read 'then' with care.** The base year, {base_year}, {relation} the currency change of "
           f"{event['date'].day} {event['date']:%B %Y} ({event['short']}), so its dollar values are those just after it.")
    pc = data.years_table(GDP_PC, [country], start_year, end_year)[country]
    before_year = int(event["year"]) - 1
    pre, base = metrics.value_in(pc, before_year), metrics.value_in(pc, base_year)
    now_year, now = metrics.latest(pc)
    if not (math.isnan(pre) or math.isnan(base)) and now_year is not None:
        out += (f" GDP per person was US$ {text.num(pre, 0)} in {before_year}, the year before the {event['date']:%B %Y} "
                f"change, US$ {text.num(base, 0)} in {base_year} and US$ {text.num(now, 0)} in {now_year}: "
                f"{text.num(now / base, 2)}× the {base_year} level but {text.num(now / pre, 2)}× the {before_year} one.")
    debt = data.years_table(DEBT_GNI, [country], start_year, end_year)[country]
    base_debt = metrics.value_in(debt, base_year)
    if not math.isnan(base_debt) and base_debt >= debt.max():
        pre_debt = metrics.value_in(debt, before_year)
        earlier = "" if math.isnan(pre_debt) else f" ({text.num(pre_debt, 1)}% in {before_year})"
        out += (f" External debt was {text.num(base_debt, 1)}% of GNI in {base_year}, its highest in {start_year}–{end_year}"
                f"{earlier}, so its fall since starts from a peak.")
    return out


# --- coverage -----------------------------------------------------------------------------------

def coverage(country: str, start_year: int, end_year: int, indicators=INDICATORS) -> pd.DataFrame:
    """Per indicator: the years reported for ``country`` in start_year..end_year, first, last and count."""
    rows = []
    for ind in indicators:
        series = ind.series(country, start_year, end_year).dropna()
        years = [int(y) for y in series.index]
        rows.append({"key": ind.key, "indicator": f"{ind.label} ({ind.unit})", "years": years,
                     "first": years[0] if years else None, "last": years[-1] if years else None, "count": len(years)})
    table_ = pd.DataFrame(rows)
    for column in ("first", "last"):
        table_[column] = table_[column].astype("Int64")
    return table_


def gap_sentences(country: str, start_year: int, end_year: int, stale_after: int = 3,
                  indicators=INDICATORS) -> list[str]:
    """Plain sentences naming what the World Bank does not report for ``country`` in the years asked for.

    'no X in a–b' for a series without a single value; 'X ends in Y' when the last value is more than
    ``stale_after`` years before end_year; 'X has gaps in ...' for holes inside an annual series.
    Migrant stock is reported every five years by design and is not listed as having gaps.
    """
    name = countries.name(country)
    out = []
    for row in coverage(country, start_year, end_year, indicators).itertuples():
        if not row.years:
            out.append(f"no {row.indicator} for {name} in {start_year}–{end_year}")
            continue
        first, last = row.years[0], row.years[-1]
        if last < end_year - stale_after:
            out.append(f"{row.indicator}: last reported for {name} in {last}")
        if row.key != "migrant_share":
            holes = sorted(set(range(first, last + 1)) - set(row.years))
            if holes:
                out.append(f"{row.indicator}: not reported for {text.year_ranges(holes)}")
    return out


# --- drawing ------------------------------------------------------------------------------------

def mark_events(ax, events_: pd.DataFrame, label: bool = True, fontsize: float = 7.5) -> None:
    """A dotted vertical line at each event's date, labelled with its short name at the top of the axes.

    Labels of events in the right half of the current x range sit left of their line, so they stay inside.
    """
    left, right = ax.get_xlim()
    for row in events_.itertuples():
        x = plots.year_fraction(row.date)
        ax.axvline(x, color="#555555", linestyle=":", linewidth=1.1, zorder=1)
        if label:
            on_right = x > (left + right) / 2
            ax.text(x, 0.98, f"{row.short} \n{row.date:%b %Y} " if on_right else f" {row.short}\n {row.date:%b %Y}",
                    transform=ax.get_xaxis_transform(), va="top", ha="right" if on_right else "left",
                    fontsize=fontsize, color="#444444")


def dash_powers(ax, codes=POWERS) -> None:
    """Draw the outside powers' lines dashed, so e.g. Russia is not mistaken for Kyrgyzstan's similar red."""
    names = {countries.name(c) for c in codes}
    for line in ax.get_lines():
        if line.get_label() in names:
            line.set_linestyle("--")


def draw_exchange_rates(axes, rates: pd.DataFrame, start_year: int, end_year: int) -> None:
    """One small panel per country: its official rate in local currency per US$, policy events marked.

    A country without any reported year gets a panel that says so instead of an empty line; a rate that
    stops before a redenomination (:data:`REDENOMINATIONS`) is labelled in old units; the powers' lines are dashed.
    """
    for i, (ax, code) in enumerate(zip(axes, rates.columns)):
        series = rates[code]
        last = series.last_valid_index()
        old = "old " if old_units_note(code, None if last is None else int(last)) else ""
        ax.set_title(f"{countries.name(code)} ({old}{CURRENCY.get(code, 'local currency')})", fontsize=10)
        ax.set_xlim(start_year - 0.5, end_year + 0.5)
        ax.xaxis.get_major_locator().set_params(integer=True)
        if series.notna().sum() == 0:
            ax.text(0.5, 0.5, f"not reported by WDI\nin {start_year}–{end_year}", ha="center", va="center",
                    transform=ax.transAxes, color="#777777", fontsize=9)
            ax.set_yticks([])
            continue
        present = series.notna()
        isolated = present & ~present.shift(1, fill_value=False) & ~present.shift(-1, fill_value=False)
        ax.plot(series.index, series.values, color=plots.colour(code, i), marker="o" if present.sum() < 8 else None,
                markersize=3.5, linestyle="--" if code in POWERS else "-")
        ax.plot(series.index[isolated], series[isolated], "o", color=plots.colour(code, i), markersize=3.5)
        ax.set_ylim(bottom=0)
        last = int(last)
        ax.set_ylabel(f"{old}{CURRENCY.get(code, 'LCU')} per US$")
        if last < end_year - 3:
            ax.text(0.97, 0.5, f"not reported\nafter {last}", ha="right", va="center", transform=ax.transAxes,
                    color="#777777", fontsize=9)
        mark_events(ax, events(code, start_year, end_year), fontsize=7)


def draw_period_bars(ax, means: pd.DataFrame, spans, colours=("#b0b0b0", "#2c7fb8")) -> None:
    """Grouped bars: one group per country, one bar per period; 'n/a' where a period has no data."""
    labels = [span_label(span) for span in spans]
    width = 0.8 / len(labels)
    labelled = set()
    for j, label in enumerate(labels):
        for i, code in enumerate(means.index):
            value = means.loc[code, label]
            x = i + (j - (len(labels) - 1) / 2) * width
            if value != value:
                ax.text(x, 0, "n/a", ha="center", va="bottom", fontsize=7, color="#777777", rotation=90)
                continue
            ax.bar(x, value, width=width, color=colours[j % len(colours)], label=None if label in labelled else label)
            labelled.add(label)
    ax.axhline(0, color="#333333", linewidth=0.8)
    ax.set_xticks(range(len(means.index)), [countries.name(c) for c in means.index], rotation=30, ha="right")
    ax.grid(axis="x", visible=False)


def draw_rouble_scatter(ax, frame: pd.DataFrame, focus: str, limits=(-60.0, 150.0)) -> list[tuple[str, int, float]]:
    """Remittance change against the rouble's change (both %), one colour per country, focus labelled by year.

    Points beyond ``limits`` on the y axis are drawn at the edge as triangles and returned as
    (country, year, value in %) so the notebook can name them; nothing is dropped silently.
    """
    clipped = []
    low, high = limits
    for i, code in enumerate(dict.fromkeys(frame["country"])):
        part = frame[frame["country"] == code]
        x, y = 100 * part["rouble"], 100 * part["remittances"]
        inside = (y >= low) & (y <= high)
        is_focus = code == focus
        ax.scatter(x[inside], y[inside], s=42 if is_focus else 20, color=plots.colour(code, i),
                   alpha=1.0 if is_focus else 0.6, label=countries.name(code), zorder=3 if is_focus else 2,
                   edgecolor="white" if is_focus else "none", linewidth=0.6)
        for year, xv, yv in zip(part["year"], x, y):
            if not low <= yv <= high:
                edge = high if yv > high else low
                ax.scatter([xv], [edge], marker="^" if yv > high else "v", s=36, color=plots.colour(code, i), zorder=3)
                clipped.append((code, int(year), float(yv)))
            elif is_focus:
                ax.annotate(str(int(year)), (xv, yv), xytext=(3, 2), textcoords="offset points", fontsize=7,
                            color="#333333")
    ax.axhline(0, color="#333333", linewidth=0.8)
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_ylim(low - 5, high + 5)
    ax.set_xlabel("Change in the rouble's US$ value on the year before (%, annual averages)")
    ax.set_ylabel("Change in remittances received (%, current US$)")
    return clipped


# --- the notebook's sections: tables, figures, sentences ------------------------------------------

@dataclass(frozen=True)
class Scope:
    """The notebook's parameters, checked once: the focus state, its peers and the years."""

    country: str
    peers: tuple[str, ...]
    start_year: int
    end_year: int
    base_year: int = BASE_YEAR

    @classmethod
    def of(cls, country: str, peers=None, start_year: int = 2000, end_year: int = 2025,
           base_year: int = BASE_YEAR) -> Scope:
        country = countries.check_central_asian(country)
        peers = tuple(peers) if peers else tuple(countries.default_peers(country))
        return cls(country, peers, int(start_year), int(end_year), int(base_year))

    @property
    def name(self) -> str:
        return countries.name(self.country)

    @property
    def years(self) -> str:
        return span_label((self.start_year, self.end_year))

    @property
    def span(self) -> str:
        """The years as alt text gives them: '2000-2025', or '2024' for one year."""
        return str(self.start_year) if self.start_year == self.end_year else f"{self.start_year}-{self.end_year}"

    @property
    def comparison(self) -> list[str]:
        return countries.comparison(self.country, self.peers)

    @property
    def powers(self) -> list[str]:
        """The outside powers not already among the states compared."""
        return [p for p in POWERS if p not in self.comparison]

    @property
    def with_powers(self) -> list[str]:
        return self.comparison + self.powers

    @property
    def with_russia(self) -> list[str]:
        return self.comparison + [p for p in ("RUS",) if p not in self.comparison]

    @property
    def with_russia_china(self) -> list[str]:
        return self.comparison + [p for p in ("RUS", "CHN") if p not in self.comparison]

    @property
    def own_events(self) -> pd.DataFrame:
        return events(self.country, self.start_year, self.end_year)

    def table(self, dataset_id: str, codes, scale: float = 1.0) -> pd.DataFrame:
        """Year x country of one WDI dataset over the scope's years, divided by ``scale``."""
        return data.years_table(dataset_id, codes, self.start_year, self.end_year) / scale


def _tidy(parts: dict[str, tuple[pd.DataFrame, str]]) -> pd.DataFrame:
    """Series name -> (year x country table, unit) as one tidy table."""
    return pd.concat([figures.tidy(table_, series, unit) for series, (table_, unit) in parts.items()],
                     ignore_index=True)


def _series(table_: pd.DataFrame, *series: str) -> pd.DataFrame:
    return table_[table_["series"].isin(series)].reset_index(drop=True)


def _names(codes) -> str:
    return ", ".join(countries.name(c) for c in codes)


def _percent(value: float, digits: int = 1) -> str:
    """'4.2%'; 'not reported' for NaN."""
    return "not reported" if value != value else f"{text.num(value, digits)}%"


def last_reported(dataset_id: str, country: str, end_year: int) -> tuple[int | None, float]:
    """(year, value) of the last year the WDI reports for the country at all, up to end_year."""
    return metrics.latest(data.years_table(dataset_id, [country], 1960, end_year)[country])


def intro_text(scope: Scope) -> str:
    """The notebook's title and question, as Markdown."""
    title, question = headline(scope.country, scope.start_year, scope.end_year, scope.base_year)
    power_names = text.listing(text.the(countries.name(p)) for p in scope.powers)
    with_powers = f"\nand, where it means something, with {power_names}" if power_names else ""
    return f"""# {title}

**The question.** {question} External debt and aid received give the scale against which the U.S. and Chinese money
of the engagement notebook can be read. Years {scope.start_year}–{scope.end_year}; compared with {text.listing(countries.name(p) for p in scope.peers)}{with_powers}. All numbers are from the World Bank's
World Development Indicators (WDI)."""


# --- at a glance -------------------------------------------------------------------------------

def board(scope: Scope) -> pd.DataFrame:
    """The then-vs-now dashboard of the scope (see :func:`dashboard`)."""
    return dashboard(scope.country, scope.base_year, scope.end_year)


def board_datasets(board_: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(d for cell in board_["datasets"] for d in cell.split(", ")))


def dashboard_text(scope: Scope, board_: pd.DataFrame) -> str:
    """The caveat on the base year (if any), what the dashboard says, and what the World Bank does not report."""
    return "\n\n".join(p for p in (base_year_caveat(scope.country, scope.base_year, scope.start_year, scope.end_year),
                                   _board_summary(scope, board_), _gaps_text(scope)) if p)


def _board_summary(scope: Scope, board_: pd.DataFrame) -> str:
    name, base_year = scope.name, scope.base_year
    row = board_.set_index("key")
    now_years = board_["now_year"].dropna()
    reported = int(board_["now"].notna().sum())
    if not reported:
        return f"None of the {len(board_)} indicators has a value for {name} after {base_year}."
    out = (f"{reported} of the {len(board_)} indicators have a value for {name} after {base_year}; their latest years "
           f"run from {int(now_years.min())} to {int(now_years.max())}. ")
    if row.loc["gdp_pc", "now"] == row.loc["gdp_pc", "now"]:
        out += (f"GDP per person went from **US$ {text.num(row.loc['gdp_pc', 'then'], 0)}** ({row.loc['gdp_pc', 'then_year']}) "
                f"to **US$ {text.num(row.loc['gdp_pc', 'now'], 0)}** ({row.loc['gdp_pc', 'now_year']}); at purchasing-power "
                f"parity from {text.num(row.loc['gdp_pc_ppp', 'then'], 0)} to {text.num(row.loc['gdp_pc_ppp', 'now'], 0)} "
                f"international dollars ({row.loc['gdp_pc_ppp', 'now_year']}). ")
    remit = row.loc["remittances_gdp"]
    if remit["now"] == remit["now"]:
        then = (f" against {text.num(remit['then'], 1)}% in {remit['then_year']}" if remit["then"] == remit["then"] else "")
        return out + f"Remittances were **{text.num(remit['now'], 1)}% of GDP** in {remit['now_year']}{then}."
    remit_last = last_reported(REMITTANCES, scope.country, scope.end_year)[0]
    return out + text.missing("personal remittances", name, "The World Bank",
                              f"its series ends in {remit_last}" if remit_last else "there is no series")


def _gaps_text(scope: Scope) -> str:
    name = scope.name
    gaps = gap_sentences(scope.country, scope.start_year, scope.end_year)
    if not gaps:
        return (f"Every series here has a value for {name} in {scope.start_year}–{scope.end_year} without holes (migrant "
                "stock is counted every five years by design).")
    return (f"**What the World Bank does not report for {name}** in {scope.start_year}–{scope.end_year}: "
            + "; ".join(gaps) + ". Missing years are left blank in the table and the charts, never shown as zero. "
            + gap_reason(scope.country, scope.start_year, scope.end_year))


# --- 1. income ---------------------------------------------------------------------------------

PC, PPP, GDP_BN, GROWTH_SERIES, GROWTH_PC_SERIES = ("GDP per person", "GDP per person, PPP", "GDP", "Real GDP growth",
                                                    "Real GDP growth per person")


def income(scope: Scope) -> pd.DataFrame:
    """GDP per person (US$ and PPP) for the states and powers; GDP (US$ billion) for the states; the focus
    state's real growth (for the years around its currency events)."""
    return _tidy({PC: (scope.table(GDP_PC, scope.with_powers), "current US$"),
                  PPP: (scope.table(GDP_PC_PPP, scope.with_powers), "current international $"),
                  GDP_BN: (scope.table(GDP, scope.comparison, 1e9), "billion current US$"),
                  GROWTH_SERIES: (scope.table(GROWTH, [scope.country]), "% a year")})


def _vs_power(ppp: pd.DataFrame, country: str, power: str, year: int | None) -> float:
    return math.nan if year is None else metrics.value_in(ppp[country], year) / metrics.value_in(ppp[power], year)


def income_figure(table_: pd.DataFrame, scope: Scope) -> figures.Figure:
    """GDP per person at market rates and at PPP, log scales, the powers dashed."""
    country, name, base_year = scope.country, scope.name, scope.base_year
    pc, ppp = figures.wide(table_, PC), figures.wide(table_, PPP)
    fig, axes = plots.new_figure(1, 2, figsize=(11, 4.2), sharey=True)
    plots.plot_lines(axes[0], pc, focus=country, unit="US$ per person (log scale)")
    axes[0].set_title("Current US$")
    plots.plot_lines(axes[1], ppp, focus=country, unit="international $ per person, PPP (log scale)")
    axes[1].set_title("PPP, current international $")
    for ax in axes:
        ax.set_yscale("log")
        dash_powers(ax)
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside right center")
    pc_year, pc_now = metrics.latest(pc[country])
    ppp_year, ppp_now = metrics.latest(ppp[country])
    pc_then = metrics.value_in(pc[country], base_year)
    if pc_year is None:
        title = f"WDI reports no GDP per person for {name} in {scope.years}"
    else:
        title = f"{name}'s GDP per person was US$ {text.num(pc_now, 0)} in {pc_year}" + (
            f", {text.num(pc_now / pc_then, 1)}× its {base_year} level" if pc_then == pc_then else "")
    shares = [f"{text.pct(v)} of {countries.name(p)}'s" for p in ("RUS", "CHN")
              if (v := _vs_power(ppp, country, p, ppp_year)) == v]
    if shares:
        title += f"; at PPP it was {text.listing(shares)} ({ppp_year})"
    alt = (f"Two line charts on a log scale of GDP per person, {scope.span}, in current US dollars "
           f"and at PPP, for {_names(scope.with_powers)}. {name}: "
           + (f"US$ {text.num(pc_now, 0)} in {pc_year}" if pc_year else "not reported in US$")
           + (f" (US$ {text.num(pc_then, 0)} in {base_year})" if pc_then == pc_then else "")
           + (f"; PPP {text.num(ppp_now, 0)} international dollars in {ppp_year}." if ppp_year else "; PPP not reported."))
    return figures.Figure("income", fig, _series(table_, PC, PPP), title, alt, (GDP_PC, GDP_PC_PPP),
                          note=plots.MISSING_NOTE)


def income_text(table_: pd.DataFrame, scope: Scope) -> str:
    """GDP, GDP per person and its rank among the states; PPP against the powers; dollar falls across a float."""
    country, name = scope.country, scope.name
    pc, ppp, gdp = figures.wide(table_, PC), figures.wide(table_, PPP), figures.wide(table_, GDP_BN)
    pc_year, pc_now = metrics.latest(pc[country])
    if pc_year is None:
        return text.missing("GDP per person", name, "The World Bank", f"none in {scope.years}")
    ppp_year, ppp_now = metrics.latest(ppp[country])
    gdp_year, gdp_now = metrics.latest(gdp[country])
    ca_pc = latest_values(pc[[c for c in scope.comparison if c in countries.CENTRAL_ASIA]])
    place, of = metrics.rank_of(ca_pc["value"], country)
    ranked = ca_pc.dropna().sort_values("value", ascending=False)
    unranked = [countries.name(c) for c in ca_pc.index if c not in ranked.index]
    out = ((f"{name}'s GDP was **US$ {text.num(gdp_now, 1)} billion** in {gdp_year} and its" if gdp_year else
            f"The World Bank reports no GDP for {name} in {scope.years}; its")
           + f" GDP per person **US$ {text.num(pc_now, 0)}**, {text.rank_phrase(place, of)} of the {of} Central Asian "
           "states compared here ("
           + "; ".join([f"{countries.name(c)} {text.num(v, 0)} ({y})" for c, (y, v) in ranked.iterrows()]
                       + [f"{n} not reported" for n in unranked]) + ").")
    if ppp_year is not None and scope.powers:
        power_ppp = {text.the(countries.name(p)): metrics.value_in(ppp[p], ppp_year) for p in scope.powers}
        standing_ = standing(ppp_now, power_ppp)
        if standing_:
            out += (f" At purchasing-power parity its {text.num(ppp_now, 0)} international dollars per person in "
                    f"{ppp_year} were {standing_}")
            against = [f"{text.pct(ppp_now / metrics.value_in(ppp[p], ppp_year))} of "
                       f"{text.possessive(text.the(countries.name(p)))} at PPP, "
                       f"{text.pct(metrics.value_in(pc[country], ppp_year) / metrics.value_in(pc[p], ppp_year))} at market rates"
                       for p in scope.powers if metrics.value_in(ppp[p], ppp_year) == metrics.value_in(ppp[p], ppp_year)]
            out += f". Against each power, {name}'s GDP per person in {ppp_year} was " + "; ".join(against) + "."
    return "\n\n".join([out] + _float_falls(table_, scope))


def _float_falls(table_: pd.DataFrame, scope: Scope) -> list[str]:
    """Per own currency event: GDP per person fell in dollars while real output grew."""
    pc, growth = figures.wide(table_, PC)[scope.country], figures.wide(table_, GROWTH_SERIES)[scope.country]
    out = []
    for event in scope.own_events.itertuples():
        move = change_around(pc, event.year)
        if move["after"] < move["before"]:
            out.append(
                f"Measured in dollars, GDP per person fell from US$ {text.num(move['before'], 0)} in {move['before_year']} to "
                f"US$ {text.num(move['after'], 0)} in {move['after_year']}, across the currency change of {event.date:%B %Y} "
                f"({event.short}), while real output grew ({text.num(metrics.value_in(growth, event.year), 1)}% in "
                f"{event.year}, {text.num(metrics.value_in(growth, event.year + 1), 1)}% in {event.year + 1}). The fall is the "
                "exchange rate, not lost output: the same output is worth fewer dollars at the new rate.")
    return out


# --- 2. growth ---------------------------------------------------------------------------------

OFFICIAL_GROWTH = ("These are official growth rates. Reforms can change how well output is measured as well as output "
                   "itself, and where statistics offices are not independent (see the caveats on Turkmenistan) the "
                   "figures cannot be checked from outside.")


def growth(scope: Scope) -> pd.DataFrame:
    """Real GDP growth for the states and powers; per person for the focus state."""
    return _tidy({GROWTH_SERIES: (scope.table(GROWTH, scope.with_powers), "% a year"),
                  GROWTH_PC_SERIES: (scope.table(GROWTH_PC, [scope.country]), "% a year")})


def growth_periods(table_: pd.DataFrame, scope: Scope):
    """(before, after, means): the periods of :func:`periods` (None when empty) and the country x period means."""
    growth_ = figures.wide(table_, GROWTH_SERIES)
    latest_year = metrics.latest(growth_[scope.country])[0] or scope.end_year
    before, after = periods(scope.base_year, latest_year, scope.start_year)
    before = before and (before[0], min(before[1], scope.end_year))
    return before, after, period_means(growth_, [s for s in (before, after) if s])


def _sign(value: float) -> int:
    return int(value > 0) - int(value < 0)


def _reported(means: pd.DataFrame, code: str, spans) -> list[tuple[tuple[int, int], float]]:
    return [(s, means.loc[code, span_label(s)]) for s in spans
            if s and means.loc[code, span_label(s)] == means.loc[code, span_label(s)]]


def growth_figure(table_: pd.DataFrame, scope: Scope) -> figures.Figure:
    """Left: the focus state's growth each year, Russia and China as lines; right: averages per period."""
    country, name = scope.country, scope.name
    growth_ = figures.wide(table_, GROWTH_SERIES)
    before, after, means = growth_periods(table_, scope)
    spans = [s for s in (before, after) if s]
    fig, axes = plots.new_figure(1, 2, figsize=(11, 4.2), gridspec_kw={"width_ratios": [1.1, 1]})
    own = growth_[country]
    axes[0].bar(own.index, own.values, color=plots.colour(country), label=name, alpha=0.85)
    for code in ("RUS", "CHN"):
        axes[0].plot(growth_.index, growth_[code], color=plots.colour(code), linewidth=1.4, linestyle="--",
                     label=countries.name(code))
    axes[0].axhline(0, color="#333333", linewidth=0.8)
    axes[0].set_ylabel("real GDP growth, % a year")
    axes[0].set_xlabel("Year")
    axes[0].set_title("Each year")
    axes[0].legend(loc="lower left", fontsize=8)
    mark_events(axes[0], scope.own_events)
    draw_period_bars(axes[1], means, spans)
    axes[1].set_ylabel("average real GDP growth, % a year")
    axes[1].set_title("Average per period")
    axes[1].legend(loc="upper right", fontsize=8)
    own_means = _reported(means, country, (after, before))
    if not own_means:
        title = f"WDI reports no real GDP growth for {name} in {scope.years}"
    else:
        (span, mean), label = own_means[0], span_label(own_means[0][0])
        rate = f"{text.num(mean, 1)}% in {label}" if span[0] == span[1] else f"{text.num(mean, 1)}% a year on average in {label}"
        title = f"{name}'s economy grew {rate}" + (
            f", against {text.num(own_means[1][1], 1)}% in {span_label(own_means[1][0])}" if len(own_means) > 1 else "")
    per_country = "; ".join(
        f"{countries.name(c)} " + " then ".join(_percent(means.loc[c, span_label(s)]) for s in spans)
        for c in scope.with_powers)
    alt = (f"Left: bar chart of {name}'s annual real GDP growth {scope.span} with lines for Russia "
           f"and China. Right: grouped bars of average growth in {text.listing(span_label(s) for s in spans)} for "
           f"{_names(scope.with_powers)}. " + per_country + ".")
    return figures.Figure("growth", fig, _series(table_, GROWTH_SERIES), title, alt, (GROWTH,),
                          note="Averages of the years reported; 'n/a' where a period has none.")


def growth_text(table_: pd.DataFrame, scope: Scope) -> str:
    """Average growth since the base year against before, per person, the fastest economy; a caution."""
    country, name, base_year = scope.country, scope.name, scope.base_year
    growth_ = figures.wide(table_, GROWTH_SERIES)
    per_head = figures.wide(table_, GROWTH_PC_SERIES)[country]
    before, after, means = growth_periods(table_, scope)
    g_year, g_now = metrics.latest(growth_[country])
    own = _reported(means, country, (before, after))
    if not own:
        return f"The World Bank reports no real GDP growth for {name} in {scope.years}.\n\n" + OFFICIAL_GROWTH
    (span, mean), earlier = own[-1], own[:-1]
    label = span_label(span)
    one_year = span[0] == span[1]
    out = (f"Real GDP grew **{text.num(mean, 1)}%** in {label}" if one_year else
           f"Real GDP grew **{text.num(mean, 1)}% a year** on average in {label} ({int(means.loc[country, 'years ' + label])} "
           "years reported)")
    if earlier:
        trend = {1: "faster than", -1: "slower than", 0: "as fast as"}[_sign(round(mean, 1) - round(earlier[0][1], 1))]
        out += f", {trend} the {text.num(earlier[0][1], 1)}% of {span_label(earlier[0][0])}"
    if not (one_year and g_year == span[0]):
        out += f"; it grew {text.num(g_now, 1)}% in {g_year}"
    out += ". "
    pc_means = period_means(per_head.to_frame(), [s for s, _ in own]).loc[country]
    pc_last = metrics.latest(per_head)[0]
    if pc_last is not None and pc_means[label] == pc_means[label]:
        out += (f"Per person, growth was {text.num(pc_means[label], 1)}% in {label}" if one_year else
                f"Per person, growth averaged {text.num(pc_means[label], 1)}% a year in {label}")
        if earlier and pc_means[span_label(earlier[0][0])] == pc_means[span_label(earlier[0][0])]:
            out += f" against {text.num(pc_means[span_label(earlier[0][0])], 1)}% before"
        out += f" (the per-person series ends in {pc_last}). "
    if after and means[span_label(after)].notna().any():
        a_label = span_label(after)
        fastest = means[a_label].idxmax()
        when = f"since {base_year}" if after[0] == base_year + 1 else f"in {a_label}"
        rate = "%" if after[0] == after[1] else "% a year"
        out += ((f"{name} itself grew fastest of the economies compared" if fastest == country
                 else f"Of the economies compared, {countries.name(fastest)} grew fastest")
                + f" {when} ({text.num(means.loc[fastest, a_label], 1)}{rate})")
        powers = [(p, means.loc[p, a_label]) for p in ("RUS", "CHN") if means.loc[p, a_label] == means.loc[p, a_label]]
        verb = "grew" if after[0] == after[1] else "averaged"
        if powers:
            (first, value), rest = powers[0], powers[1:]
            out += f"; {countries.name(first)} {verb} {text.num(value, 1)}%" + "".join(
                f" and {countries.name(p)} {text.num(v, 1)}%" for p, v in rest)
        out += "."
    return out.rstrip() + "\n\n" + OFFICIAL_GROWTH


# --- 3. the currency, prices, the shape of the economy ------------------------------------------

FX_SERIES = "Official exchange rate"


def exchange_rates(scope: Scope) -> pd.DataFrame:
    """Official rates (local currency per US$) of the focus state first, the other states, then Russia."""
    codes = [scope.country] + [c for c in (*countries.CENTRAL_ASIA, "RUS") if c != scope.country]
    return _tidy({FX_SERIES: (scope.table(FX, codes), "local currency per US$")})


def _currency_story(rates: pd.DataFrame, scope: Scope) -> dict | None:
    """:func:`currency_move` of the focus state, or (kind 'level') its latest rate when the window is too short
    to measure a move (under three years)."""
    move = currency_move(scope.country, rates[scope.country], scope.start_year, scope.end_year)
    if move or scope.end_year - scope.start_year >= 2:
        return move
    year, value = metrics.latest(rates[scope.country])
    return None if year is None else {"kind": "level", "year": year, "value": value}


def exchange_rate_figure(table_: pd.DataFrame, scope: Scope) -> figures.Figure:
    """One small panel per state and Russia, policy events dotted."""
    name, currency = scope.name, currency_name(scope.country)
    rates = figures.wide(table_, FX_SERIES)
    codes = list(rates.columns)
    fig, axes = plots.new_figure(2, 3, figsize=(11, 5.6))
    draw_exchange_rates(axes.flat, rates, scope.start_year, scope.end_year)
    for ax in axes[1]:
        ax.set_xlabel("Year")
    move = _currency_story(rates, scope)
    fx_last_year = last_reported(FX, scope.country, scope.end_year)[0]
    if move and move["kind"] == "event":
        title = (f"A US dollar cost {rate_text(move['before'])} {currency} on average in {move['before_year']} and "
                 f"{rate_text(move['after'])} in {move['after_year']}: {text.num(move['ratio'], 1)} times as many, "
                 f"across the {move['date']:%B %Y} reform")
    elif move and move["kind"] == "largest":
        title = (f"The {currency} lost most against the dollar in {move['from_year']}–{move['to_year']}: from "
                 f"{rate_text(move['start'])} to {rate_text(move['end'])} per US$ ({text.num(move['ratio'], 2)}×)")
    elif move:
        title = f"A US dollar cost {rate_text(move['value'])} {currency} on average in {move['year']}"
    else:
        title = (f"WDI reports no official {currency} rate for {name} "
                 + (f"after {fx_last_year}" if fx_last_year and fx_last_year >= scope.start_year else f"in {scope.years}")
                 + "; the neighbours' currencies are shown")
    uzb_event = events("UZB").iloc[0]
    marked = events(None, scope.start_year, scope.end_year)
    old_units = {c: old_units_note(c, metrics.latest(rates[c])[0]) for c in codes}
    note = (f"Official rates, annual averages; Uzbekistan's official rate before {uzb_event.date:%B %Y} was far from the "
            "market rate. " + "".join(f"{countries.name(c)}'s rate is {n}. " for c, n in old_units.items() if n)
            + "Panels have their own scales; Russia's line is dashed. " + plots.MISSING_NOTE)
    latest = {c: metrics.latest(rates[c]) for c in codes}
    alt = (f"Six small line charts of official exchange rates in local currency per US dollar, "
           f"{scope.span}: "
           + "; ".join(f"{countries.name(c)} " + (f"{rate_text(latest[c][1])} in {latest[c][0]}"
                                                  + (f", {old_units[c]}" if old_units[c] else "")
                                                  if latest[c][0] is not None else "not reported") for c in codes)
           + "." + (" Dotted lines mark " + text.listing(f"{row.date:%b %Y} ({row.short})" for row in marked.itertuples())
                    + "." if not marked.empty else ""))
    return figures.Figure("exchange-rates", fig, table_, title, alt, (FX,), note=note)


def exchange_rate_text(table_: pd.DataFrame, scope: Scope) -> str:
    """The focus currency's move (or why there is none), the rouble's, Uzbekistan's missing official rate."""
    name, currency = scope.name, currency_name(scope.country)
    rates = figures.wide(table_, FX_SERIES)
    move = _currency_story(rates, scope)
    lines = []
    if move and move["kind"] == "event":
        lines.append(f"The official {currency} rate went from **{rate_text(move['before'])}** per dollar in "
                     f"{move['before_year']} to **{rate_text(move['after'])}** in {move['after_year']} "
                     f"({text.num(move['ratio'], 2)}×), across the reform of {move['date'].day} {move['date']:%B %Y} "
                     f"({move['short']}).")
    elif move and move["kind"] == "largest":
        rub_from, rub_to = metrics.value_in(rates["RUS"], move["from_year"]), metrics.value_in(rates["RUS"], move["to_year"])
        lines.append(f"The {currency}'s sharpest two-year fall in these years came in {move['from_year']}–{move['to_year']}, "
                     f"from {rate_text(move['start'])} to {rate_text(move['end'])} per dollar"
                     + (f", when the rouble also fell (from {rate_text(rub_from)} to {rate_text(rub_to)} per dollar)."
                        if rub_to > rub_from else "."))
    elif move:
        lines.append(f"The official {currency} rate was **{rate_text(move['value'])}** per dollar in {move['year']}; "
                     f"{scope.years} is too short to measure a move.")
    else:
        fx_last_year, fx_last = last_reported(FX, scope.country, scope.end_year)
        lines.append(text.missing("official exchange rate", name, "The World Bank",
                                  f"its series ends in {fx_last_year}" if fx_last_year else "none at all")
                     + f" The central bank still sets an official {currency} rate; it is simply not in the WDI file.")
        old_note = old_units_note(scope.country, fx_last_year)
        if old_note:
            lines.append(f"Its last value, {rate_text(fx_last)} per dollar in {fx_last_year}, is {old_note}, "
                         "so it cannot be set beside today's rate.")
    lines.append(_rouble_move_text(rates["RUS"], scope))
    lines.append(_uzbek_gap_text(rates["UZB"]))
    return " ".join(line for line in lines if line)


def _rouble_move_text(rub: pd.Series, scope: Scope) -> str:
    move = currency_move("RUS", rub, scope.start_year, scope.end_year)
    lead = "The rouble, the currency Central Asian migrants in Russia are paid in,"
    if move and move["kind"] == "event":
        return (f"{lead} went from {rate_text(move['before'])} per dollar in {move['before_year']} to "
                f"{rate_text(move['after'])} in {move['after_year']} ({text.num(move['ratio'], 2)}×) when Russia let it float.")
    if move and move["ratio"] > 1:
        return (f"{lead} fell most in {move['from_year']}–{move['to_year']}, from {rate_text(move['start'])} to "
                f"{rate_text(move['end'])} per dollar ({text.num(move['ratio'], 2)}×).")
    return ""


def _uzbek_gap_text(uzb: pd.Series) -> str:
    last = uzb.last_valid_index()
    holes = [int(y) for y in uzb.index if uzb[y] != uzb[y] and last is not None and y < last]
    if not holes:
        return ""
    uzb_som, uzb_event = currency_name("UZB"), events("UZB").iloc[0]
    return (f"For Uzbekistan, WDI has no official {uzb_som} rate for {text.year_ranges(holes)}. Before "
            f"{uzb_event.date:%B %Y} the official {uzb_som} rate was a managed rate beside a black market that paid far "
            "more som per dollar, so the official rate, and every dollar figure converted with it, overstates the som's "
            "value until then.")


INFLATION_SERIES = "Consumer price inflation"


def prices(scope: Scope) -> pd.DataFrame:
    """Consumer price inflation (% a year) for the states, Russia and China."""
    return _tidy({INFLATION_SERIES: (scope.table(INFLATION, scope.with_russia_china), "% a year")})


def prices_figure(table_: pd.DataFrame, scope: Scope) -> figures.Figure:
    """Inflation of the states, Russia and China, the own currency events dotted; titled with the latest year."""
    country, name = scope.country, scope.name
    inflation = figures.wide(table_, INFLATION_SERIES)
    fig, ax = plots.new_figure(figsize=(9, 4.4))
    plots.plot_lines(ax, inflation, focus=country, unit="consumer prices, % change on the year before")
    dash_powers(ax)
    mark_events(ax, scope.own_events)
    fig.legend(*ax.get_legend_handles_labels(), loc="outside right center")
    i_year, i_now = metrics.latest(inflation[country])
    if i_year is None:
        title = f"WDI reports no consumer price inflation for {name}; its neighbours and the powers are shown"
    elif i_year < scope.end_year - 3:
        title = f"WDI's consumer price series for {name} ends in {i_year}, when prices rose {text.num(i_now, 1)}%"
    elif inflation[country].notna().sum() == 1:
        title = f"Consumer prices in {name} rose {text.num(i_now, 1)}% in {i_year}"
    else:
        peak_year = int(inflation[country].idxmax())
        title = (f"Consumer prices in {name} rose {text.num(i_now, 1)}% in {i_year}; the highest rate since "
                 f"{int(inflation[country].first_valid_index())} was {text.num(inflation[country].max(), 1)}% in {peak_year}")
    alt = (f"Line chart of consumer price inflation, {scope.span}, for "
           f"{_names(scope.with_russia_china)}. "
           + (f"{name}: {text.num(i_now, 1)}% in {i_year}." if i_year else f"{name}: not reported."))
    return figures.Figure("inflation", fig, table_, title, alt, (INFLATION,), note=plots.MISSING_NOTE)


def _averaged(value: float, span: tuple[int, int]) -> str:
    """'averaged **4.2%** a year in 2017–2025', or 'was **4.2%** in 2024' for one year."""
    if span[0] == span[1]:
        return f"was **{text.num(value, 1)}%** in {span[0]}"
    return f"averaged **{text.num(value, 1)}%** a year in {span_label(span)}"


def prices_text(table_: pd.DataFrame, scope: Scope) -> str:
    """Inflation around the state's own currency events, else its average before and after the base year."""
    country, name, base_year = scope.country, scope.name, scope.base_year
    inflation = figures.wide(table_, INFLATION_SERIES)
    own = inflation[country]
    i_year, i_now = metrics.latest(own)
    before, _after = periods(base_year, scope.end_year, scope.start_year)
    mean_before = metrics.mean_in(own, *before) if before else math.nan
    against = (f"; it averaged {text.num(mean_before, 1)}% a year in {span_label(before)}"
               if mean_before == mean_before else "")
    lines = []
    for event in scope.own_events.itertuples():
        after_event = own.loc[event.year:event.year + 2]
        if after_event.notna().any():
            window = span_label((int(after_event.index.min()), int(after_event.index.max())))
            pre = metrics.value_in(own, event.year - 1)
            lead = (f"Inflation was **{text.num(pre, 1)}%** in {event.year - 1}, before the {event.date:%B %Y} change; its high"
                    if pre == pre else f"After the {event.date:%B %Y} change, inflation's high")
            lines.append(f"{lead} in {window} was **{text.num(after_event.max(), 1)}%** in {int(after_event.idxmax())}, "
                         f"and by {i_year} it was {text.num(i_now, 1)}%.")
    if i_year is None:
        lines.append(text.missing("consumer price inflation", name, "The World Bank",
                                  "there is no consumer price index in the WDI file"))
    elif not lines and i_year <= base_year:
        lines.append(f"WDI's consumer price series for {name} ends in {i_year}, at **{text.num(i_now, 1)}%**{against}. "
                     "Nothing after it is reported, so the chart leaves those years blank.")
    elif not lines:
        since = (max(base_year + 1, scope.start_year), i_year)
        lines.append(f"Inflation in {name} {_averaged(metrics.mean_in(own, *since), since)}"
                     + (f", against {text.num(mean_before, 1)}% in {span_label(before)}" if mean_before == mean_before else "")
                     + (f"; the series ends in {i_year}" if i_year < scope.end_year - 3 else "") + ".")
    rus_year, rus_now = metrics.latest(inflation["RUS"])
    if rus_year is not None:
        lines.append(f"In Russia consumer prices rose {text.num(rus_now, 1)}% in {rus_year}.")
    return " ".join(lines)


SHAPE_PANELS = {  # series -> (dataset, unit, dashboard key)
    "Agriculture, % of GDP": (AGRICULTURE, "% of GDP", "agriculture"),
    "Industry incl. construction, % of GDP": (INDUSTRY, "% of GDP", "industry"),
    "Investment (gross capital formation), % of GDP": (INVESTMENT, "% of GDP", "investment"),
    "Unemployment, % of labour force (ILO modelled)": (UNEMPLOYMENT, "% of labour force", "unemployment"),
}


def shape(scope: Scope) -> pd.DataFrame:
    """Agriculture, industry and investment (% of GDP) and unemployment for the states, Russia and China."""
    return _tidy({series: (scope.table(dataset, scope.with_russia_china), unit)
                  for series, (dataset, unit, _key) in SHAPE_PANELS.items()})


def _then_now(board_: pd.DataFrame) -> tuple[dict[str, str], dict[str, str]]:
    keys = [key for _dataset, _unit, key in SHAPE_PANELS.values()]
    return ({k: board_text(board_, k, "then") for k in keys}, {k: board_text(board_, k, "now") for k in keys})


def shape_figure(table_: pd.DataFrame, board_: pd.DataFrame, scope: Scope) -> figures.Figure:
    """Four panels: agriculture, industry, investment, unemployment; titled with the dashboard's then and now."""
    name = scope.name
    fig, axes = plots.new_figure(2, 2, figsize=(11, 6.4), sharex=True)
    for ax, (series, (_dataset, unit, _key)) in zip(axes.flat, SHAPE_PANELS.items()):
        plots.plot_lines(ax, figures.wide(table_, series), focus=scope.country, unit=unit)
        dash_powers(ax)
        ax.set_title(series, fontsize=10)
    for ax in axes[0]:
        ax.set_xlabel("")
    fig.legend(*axes[0][0].get_legend_handles_labels(), loc="outside right center")
    then_, now_ = _then_now(board_)
    title = (f"Agriculture's share of {name}'s GDP went from {then_['agriculture']} to {now_['agriculture']}; "
             f"industry's from {then_['industry']} to {now_['industry']}")
    alt = (f"Four line charts, {scope.span}, for {_names(scope.with_russia_china)}: agriculture, "
           f"industry and investment as % of GDP and unemployment as % of the labour force. {name}: agriculture "
           f"{now_['agriculture']}, industry {now_['industry']}, investment {now_['investment']}, unemployment "
           f"{now_['unemployment']}.")
    return figures.Figure("economy-shape", fig, table_, title, alt,
                          [dataset for dataset, _unit, _key in SHAPE_PANELS.values()], note=plots.MISSING_NOTE)


def shape_text(table_: pd.DataFrame, board_: pd.DataFrame, scope: Scope) -> str:
    """Agriculture and industry then and now, investment against China and Russia, unemployment."""
    name = scope.name
    then_, now_ = _then_now(board_)
    invest = figures.wide(table_, "Investment (gross capital formation), % of GDP")
    inv_year, inv_now = metrics.latest(invest[scope.country])
    lines = [f"Agriculture's share of GDP moved from **{then_['agriculture']}** to **{now_['agriculture']}**, industry's "
             f"from {then_['industry']} to {now_['industry']}."]
    if inv_year is None:
        lines.append(text.missing("investment share of GDP", name, "The World Bank"))
    elif inv_year < scope.end_year - 3:
        lines.append(f"The World Bank's investment series for {name} ends in {inv_year}, at {text.num(inv_now, 1)}% of GDP; "
                     "later years are not reported and are left blank.")
    else:
        powers = [(p, *metrics.latest(invest[p])) for p in ("CHN", "RUS")]
        lines.append(f"Investment was {text.num(inv_now, 1)}% of GDP in {inv_year}"
                     + (" (" + "; ".join(f"{countries.name(p)} {text.num(v, 1)}% in {y}" for p, y, v in powers
                                         if y is not None) + ")" if any(y is not None for _p, y, _v in powers) else "")
                     + ".")
    lines.append(f"Modelled unemployment went from {then_['unemployment']} to {now_['unemployment']}; it says little about "
                 "the many who work abroad or informally.")
    return " ".join(lines)


# --- 4. people ---------------------------------------------------------------------------------

NET_RATE, STOCK_SHARE, NET_PEOPLE = ("Net migration per 1,000 residents", "Migrant stock, % of residents",
                                     "Net migration")


def people(scope: Scope) -> pd.DataFrame:
    """Net migration (per 1,000 residents and people) and migrant stock (% of residents, the years counted)
    for the states and Russia."""
    codes = scope.with_russia
    net = per_population(NET_MIGRATION, codes, scope.start_year, scope.end_year)
    stock = per_population(MIGRANT_STOCK, codes, scope.start_year, scope.end_year, per=100.0).dropna(how="all")
    return _tidy({NET_RATE: (net, "net migrants per 1,000 residents"), STOCK_SHARE: (stock, "% of residents born abroad"),
                  NET_PEOPLE: (scope.table(NET_MIGRATION, codes), "people")})


def people_figure(table_: pd.DataFrame, scope: Scope) -> figures.Figure:
    """Net migration per 1,000 residents and the migrant stock, the powers dashed."""
    country, name = scope.country, scope.name
    net, stock = figures.wide(table_, NET_RATE), figures.wide(table_, STOCK_SHARE)
    fig, axes = plots.new_figure(1, 2, figsize=(11, 4.2))
    plots.plot_lines(axes[0], net, focus=country, unit="net migrants per 1,000 residents")
    dash_powers(axes[0])
    axes[0].axhline(0, color="#333333", linewidth=0.8)
    axes[0].set_title("Net migration (negative: more leave than arrive)", fontsize=10)
    plots.plot_lines(axes[1], stock, focus=country, unit="% of residents born abroad")
    dash_powers(axes[1])
    axes[1].set_title("Migrant stock (every five years)", fontsize=10)
    axes[1].set_ylim(bottom=0)
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside right center")
    n_year, n_now = metrics.latest(net[country]) if country in net else (None, math.nan)
    s_year, s_now = metrics.latest(stock[country]) if country in stock else (None, math.nan)
    parts = []
    if n_year is not None:
        direction = "emigration" if n_now < 0 else "immigration"
        parts.append(f"net {direction} of {text.num(abs(n_now), 1)} per 1,000 residents in {n_year}")
    if s_year is not None:
        parts.append(f"{text.num(s_now, 1)}% of residents were born abroad ({s_year})")
    title = f"{name}: " + ("; ".join(parts) if parts else f"no migration estimates in {scope.years}")
    alt = (f"Two line charts, {scope.span}, for {_names(scope.with_russia)}. Left: net "
           f"migration per 1,000 residents; {name} "
           + (f"{text.num(n_now, 1)} in {n_year}" if n_year is not None else "not reported")
           + ". Right: international migrant stock as % of population, every five years; "
           + (f"{name} {text.num(s_now, 1)}% in {s_year}." if s_year is not None else f"{name} not reported."))
    return figures.Figure("migration", fig, _series(table_, NET_RATE, STOCK_SHARE), title, alt,
                          (NET_MIGRATION, MIGRANT_STOCK, POPULATION),
                          note="Per 1,000 residents and % of residents computed with WDI mid-year population. Migrant "
                               "stock counts immigrants, not emigrants.")


def _net_sum_text(raw: pd.Series, scope: Scope, last: int) -> str:
    """', over 2017–2024 the estimates add up to a net outflow of N people, driven by ...'; '' for one year."""
    first = max(scope.base_year + 1, scope.start_year)
    drivers = sum_drivers(raw.loc[first:last])
    if drivers is None or first >= last:
        return ""
    total_out = drivers["total"]
    if drivers["spread"]:
        driven = ", spread across the years rather than driven by a few of them"
    else:
        others = drivers["count"] - len(drivers["years"])
        driven = (f", driven by {text.year_ranges(drivers['years'])} ({text.num(abs(drivers['part']), 0)} people"
                  + (f"; the other {others} years together {'add' if drivers['rest'] * total_out >= 0 else 'take away'} "
                     f"{text.num(abs(drivers['rest']), 0)}" if others else "") + ")")
    return (f"; over {first}–{last} the estimates add up to a net {'outflow' if total_out < 0 else 'inflow'} of "
            f"{text.num(abs(total_out), 0)} people{driven}")


def people_text(table_: pd.DataFrame, scope: Scope) -> str:
    """Net migration in people and its sum since the base year, Russia's, the share born abroad."""
    country, name, base_year = scope.country, scope.name, scope.base_year
    net, stock, raw = (figures.wide(table_, s) for s in (NET_RATE, STOCK_SHARE, NET_PEOPLE))
    n_year, n_now = metrics.latest(net[country])
    net_note = " ".join(provenance.caveats(NET_MIGRATION)).rstrip(".")
    if n_year is None:
        out = text.missing("net migration estimate", name, "The World Bank", f"none in {scope.years}")
    else:
        out = (f"The UN estimates put {name}'s net migration at **{text.num(raw[country][n_year], 0)} people** in {n_year} "
               f"({text.num(n_now, 1)} per 1,000 residents){_net_sum_text(raw[country], scope, n_year)}. "
               f"Like every year of this series these are estimates, not counts: WDI's note on it says only “{net_note}”, "
               "and the file does not mark which of the latest years are projections.")
    rus_then, (rus_year, rus_now) = metrics.value_in(raw["RUS"], base_year), metrics.latest(raw["RUS"])
    if rus_year is not None:
        out += (" Russia, the main destination for Central Asian labour migrants, "
                + (f"gained {text.num(rus_then, 0)} people through migration in {base_year} and "
                   if rus_then == rus_then and rus_year != base_year else "")
                + f"{'gained' if rus_now >= 0 else 'lost'} {text.num(abs(rus_now), 0)} in {rus_year}.")
    s_year, s_now = metrics.latest(stock[country]) if country in stock else (None, math.nan)
    if s_year is None:
        return out + (f" The migrant stock, counted every five years, has no count for {name} in {scope.years}.")
    first_stock_year = int(stock[country].first_valid_index())
    earlier = (f" ({text.num(metrics.value_in(stock[country], first_stock_year), 1)}% in {first_stock_year})"
               if first_stock_year != s_year else "")
    return out + (f" Of {name}'s residents, {text.num(s_now, 1)}% were born abroad in {s_year}{earlier}, many of them in "
                  "other former Soviet republics; the emigrants themselves are counted in the countries they live in, which "
                  "this file does not break down.")


REMIT_SHARE, REMIT_USD = "Remittances received, % of GDP", "Remittances received"


def remittances(scope: Scope) -> pd.DataFrame:
    """Personal remittances received (% of GDP and US$ billion) for the states compared."""
    return _tidy({REMIT_SHARE: (remittances_share(scope.comparison, scope.start_year, scope.end_year), "% of GDP"),
                  REMIT_USD: (scope.table(REMITTANCES, scope.comparison, 1e9), "billion current US$")})


def remittances_figure(table_: pd.DataFrame, scope: Scope) -> figures.Figure:
    """Remittances as % of GDP, the rouble's float dotted; titled with the state's share and rank."""
    country, name = scope.country, scope.name
    remit = figures.wide(table_, REMIT_SHARE)
    fig, ax = plots.new_figure(figsize=(9, 4.4))
    plots.plot_lines(ax, remit, focus=country, unit="personal remittances received, % of GDP")
    ax.set_ylim(bottom=0)
    rouble_events = events("RUS", scope.start_year, scope.end_year)
    mark_events(ax, rouble_events)
    ax.legend(loc="upper left", fontsize=8)
    latest_remit = latest_values(remit)
    r_year, r_now = metrics.latest(remit[country])
    others = latest_remit.drop(index=country).dropna()
    if r_year is None:
        ever_year = last_reported(REMITTANCES, country, scope.end_year)[0]
        title = (f"The World Bank records no remittances to {name}"
                 + (f" after {ever_year}" if ever_year else f" in {scope.years}")
                 + (f"; for its neighbours they ranged from {text.num(others['value'].min(), 1)}% "
                    f"({countries.name(others['value'].idxmin())}) to {text.num(others['value'].max(), 1)}% of GDP "
                    f"({countries.name(others['value'].idxmax())}) in {int(others['year'].max())}" if len(others) else ""))
    else:
        place, of = metrics.rank_of(latest_remit["value"], country)
        r_then = metrics.value_in(remit[country], scope.base_year)
        title = (f"Remittances equalled {text.num(r_now, 1)}% of {name}'s GDP in {r_year}"
                 + (f" ({text.num(r_then, 1)}% in {scope.base_year})" if r_then == r_then and r_year != scope.base_year
                    else "")
                 + f", {text.rank_phrase(place, of)} share of the {of} states compared")
    alt = (f"Line chart of personal remittances received as % of GDP, {scope.span}, for "
           f"{_names(scope.comparison)}; "
           + "; ".join(f"{countries.name(c)} {text.num(v, 1)}% in {y}" if v == v else f"{countries.name(c)} not reported"
                       for c, (y, v) in latest_remit.iterrows()) + ". "
           + " ".join(f"A dotted line marks {row.date:%B %Y} ({row.short})." for row in rouble_events.itertuples()))
    return figures.Figure("remittances", fig, _series(table_, REMIT_SHARE), title, alt, (REMITTANCES, GDP),
                          note="Remittances received / GDP, both in current US$. Recorded by the receiving central bank; "
                               "origin not given. " + plots.MISSING_NOTE)


def remittances_text(table_: pd.DataFrame, scope: Scope) -> str:
    """The amount and share received, the highest share, the neighbours'; or why there is no series."""
    country, name = scope.country, scope.name
    remit, usd = figures.wide(table_, REMIT_SHARE), figures.wide(table_, REMIT_USD)
    r_year, r_now = metrics.latest(remit[country])
    if r_year is None:
        ever_year = last_reported(REMITTANCES, country, scope.end_year)[0]
        return (text.missing("personal remittances received", name, "The World Bank",
                             f"its series has a single early value ({ever_year})" if ever_year else "there is no series")
                + " The line is absent, not zero"
                + (": why, see the note under the dashboard above." if gap_reason(country, scope.start_year, scope.end_year)
                   else "."))
    others = latest_values(remit).drop(index=country).dropna()
    out = (f"{name} received **US$ {text.num(usd[country][r_year], 2)} billion** of personal remittances in {r_year}, "
           f"**{text.num(r_now, 1)}% of GDP**.")
    if remit[country].notna().sum() > 1:
        out += (f" Its highest share in {scope.years} was {text.num(remit[country].max(), 1)}%, in "
                f"{int(remit[country].idxmax())}.")
    if len(others):
        out += " For comparison: " + "; ".join(f"{countries.name(c)} {text.num(v, 1)}% ({y})"
                                               for c, (y, v) in others.iterrows()) + "."
    return out


ROUBLE_CHANGE, REMIT_CHANGE = "Change in the rouble's US$ value", "Change in remittances received"
MIN_REMITTANCE_YEARS = 5   # a state enters the rouble comparison with at least this many years of remittances


def rouble_pairs(scope: Scope, remittances_: pd.DataFrame) -> pd.DataFrame:
    """Tidy: per state with enough remittance years, each year's change of the rouble's dollar value and of
    remittances received (both % on the year before; only years where both are reported)."""
    usd = figures.wide(remittances_, REMIT_USD)
    codes = [c for c in scope.comparison if usd[c].notna().sum() >= MIN_REMITTANCE_YEARS]
    pairs = rouble_and_remittances(codes, scope.start_year, scope.end_year)
    long = pairs.melt(id_vars=["year", "country"], value_vars=["rouble", "remittances"], var_name="series")
    long = long.assign(series=long["series"].map({"rouble": ROUBLE_CHANGE, "remittances": REMIT_CHANGE}),
                       value=100 * long["value"], unit="% on the year before")
    return long[list(figures.DATA_COLUMNS)]


def _pairs_frame(table_: pd.DataFrame) -> pd.DataFrame:
    """The tidy pairs back as year, country, rouble, remittances (fractions), in the table's order."""
    def part(series: str, column: str) -> pd.DataFrame:
        rows = table_[table_["series"] == series]
        return rows[["year", "country"]].assign(**{column: rows["value"] / 100})

    return part(ROUBLE_CHANGE, "rouble").merge(part(REMIT_CHANGE, "remittances"), on=["year", "country"])


def _rouble_correlations(frame: pd.DataFrame) -> dict[str, tuple[float, int]]:
    """State -> (Spearman ρ, years) with the rouble, for the states with enough years to have one."""
    out = {c: metrics.correlation(own["rouble"], own["remittances"], min_points=4, ranks=True)
           for c, own in frame.groupby("country", sort=False)}
    return {c: (rho, n) for c, (rho, n) in out.items() if rho == rho}


def _rouble_title(frame: pd.DataFrame, scope: Scope, remittances_: pd.DataFrame) -> str:
    by_country = _rouble_correlations(frame)
    rho, n = by_country.get(scope.country, (math.nan, 0))
    if n:
        return rouble_finding(scope.name, rho, n)
    neighbours = ", ".join(f"{text.num(v[0], 2)} ({countries.name(c)})" for c, v in by_country.items())
    if figures.wide(remittances_, REMIT_USD)[scope.country].notna().any():
        return (f"Too few years of remittances to {scope.name} in {scope.years} to compare with the rouble"
                + (f"; for its neighbours, Spearman ρ is {neighbours}" if neighbours else ""))
    return (f"No remittance series for {scope.name}"
            + (f"; for its neighbours, Spearman ρ of remittances with the rouble is {neighbours}" if neighbours else ""))


def rouble_figure(table_: pd.DataFrame, remittances_: pd.DataFrame, scope: Scope) -> figures.Figure:
    """Remittance changes against the rouble's, one dot per state and year."""
    frame = _pairs_frame(table_)
    fig, ax = plots.new_figure(figsize=(8.6, 5.0))
    draw_rouble_scatter(ax, frame, scope.country)
    ax.legend(loc="upper left", fontsize=8)
    by_country = _rouble_correlations(frame)
    alt = (f"Scatter plot of yearly changes in remittances received against yearly changes in the rouble's dollar value, "
           f"{scope.span}, for {_names(by_country) or 'no state'}."
           + (" Spearman rank correlation: " + "; ".join(f"{countries.name(c)} {text.num(v[0], 2)} over {v[1]} years"
                                                         for c, v in by_country.items()) + "." if by_country else ""))
    return figures.Figure("rouble-and-remittances", fig, table_, _rouble_title(frame, scope, remittances_), alt,
                          (REMITTANCES, FX),
                          note="Each point is one year: the change of remittances received (US$) against the change of "
                               "the rouble's average US$ value. Triangles at the edge are years beyond the axis (named in "
                               "the text).")


def _clipped(frame: pd.DataFrame, limits=(-60.0, 150.0)) -> list[tuple[str, int, float]]:
    """(country, year, %) of the points :func:`draw_rouble_scatter` draws at the edge."""
    low, high = limits
    change_ = 100 * frame["remittances"]
    outside = frame[(change_ < low) | (change_ > high)]
    return [(r.country, int(r.year), float(100 * r.remittances)) for r in outside.itertuples()]


def rouble_text(table_: pd.DataFrame, remittances_: pd.DataFrame, scope: Scope) -> str:
    """The association, the rouble's worst and best years, points beyond the axis, and why it is not a cause."""
    country, name = scope.country, scope.name
    frame = _pairs_frame(table_)
    by_country = _rouble_correlations(frame)
    title = _rouble_title(frame, scope, remittances_)
    no_series = country not in by_country and figures.wide(remittances_, REMIT_USD)[country].isna().all()
    lines = [f"There is no remittance series for {name} to set beside the rouble." if no_series else title + "."]
    rouble = frame.drop_duplicates("year").set_index("year")["rouble"]
    if not rouble.empty:
        own = frame[frame["country"] == country].set_index("year")["remittances"]
        for year, word in ((int(rouble.idxmin()), "lost"), (int(rouble.idxmax()), "gained")):
            lines.append(f"In {year} the rouble {word} {text.pct(abs(rouble[year]))} of its dollar value on the year before"
                         + (f"; remittances to {name} changed by **{text.signed_pct(own[year], 0)}**"
                            if year in own.index else "") + ".")
    if by_country:
        lines.append("Spearman rank correlations with the rouble: "
                     + "; ".join(f"{countries.name(c)} {text.num(v[0], 2)} ({v[1]} years)" for c, v in by_country.items())
                     + ".")
    clipped = _clipped(frame)
    if clipped:
        base_usd = data.years_table(REMITTANCES, list(dict.fromkeys(frame["country"])), scope.start_year - 1, scope.end_year) / 1e6
        lines.append("Beyond the axis: " + "; ".join(f"{countries.name(c)} {y} ({v:+,.0f}%, from US$ "
                                                     f"{text.num(base_usd[c][y - 1], 1)} million in {y - 1})"
                                                     for c, y, v in clipped)
                     + ". Swings this large come with the early years of a series and with breaks in it, not with the "
                     "rouble alone.")
    lines.append("A correlation is an association, not a cause: the rouble's value and Russian demand for labour both "
                 "follow the oil price, so this shows how closely the money moves with Russia's economy; and it reads "
                 "remittances in dollars, so a weaker rouble lowers them even when migrants send the same number of "
                 "roubles.")
    return " ".join(lines)


# --- 5. debt and aid -----------------------------------------------------------------------------

DEBT_SHARE, ODA_USD, ODA_PER_RESIDENT = "External debt, % of GNI", "Net ODA received", "Net ODA received per resident"


def debt_and_aid(scope: Scope) -> pd.DataFrame:
    """External debt (% of GNI) for the states, Russia and China; net ODA received (US$ million and per
    resident) for the states."""
    oda_pp = per_population(ODA, scope.comparison, scope.start_year, scope.end_year, per=1.0)
    return _tidy({DEBT_SHARE: (scope.table(DEBT_GNI, scope.with_russia_china), "external debt stocks, % of GNI"),
                  ODA_USD: (scope.table(ODA, scope.comparison, 1e6), "million current US$"),
                  ODA_PER_RESIDENT: (oda_pp, "current US$ per resident")})


def debt_figure(table_: pd.DataFrame, board_: pd.DataFrame, scope: Scope) -> figures.Figure:
    """External debt (% of GNI) and net ODA received; titled with the dashboard's debt then and now."""
    country, name = scope.country, scope.name
    debt_gni, oda = figures.wide(table_, DEBT_SHARE), figures.wide(table_, ODA_USD)
    fig, axes = plots.new_figure(1, 2, figsize=(11, 4.2))
    plots.plot_lines(axes[0], debt_gni, focus=country, unit="external debt stocks, % of GNI")
    dash_powers(axes[0])
    axes[0].set_title("External debt", fontsize=10)
    axes[0].set_ylim(bottom=0)
    plots.plot_lines(axes[1], oda, focus=country, unit="million current US$")
    axes[1].axhline(0, color="#333333", linewidth=0.8)
    axes[1].set_title("Net ODA received", fontsize=10)
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside right center")
    d = board_.set_index("key")
    o_year, o_now = metrics.latest(oda[country])
    share, then = d.loc["debt_gni"], d.loc["debt_gni", "then"]
    if share["now"] != share["now"]:
        title = f"WDI reports no external debt of {name} after {scope.base_year}"
    else:
        title = (f"{name}'s external debt was {text.num(share['now'], 1)}% of GNI in {share['now_year']}"
                 + (f" (US$ {text.num(d.loc['debt', 'now'], 1)} billion)" if d.loc["debt", "now"] == d.loc["debt", "now"]
                    else "")
                 + (f", against {text.num(then, 1)}% in {share['then_year']}" if then == then else ""))
    alt = (f"Two line charts, {scope.span}. Left: external debt as % of GNI for "
           f"{_names(scope.with_russia_china)}; {name} "
           + (f"{text.num(share['now'], 1)}% in {share['now_year']}" if share["now"] == share["now"] else "not reported")
           + f". Right: net ODA received in million US$ for {_names(scope.comparison)}; {name} "
           + (f"{text.num(o_now, 0)} million in {o_year}." if o_year is not None else "not reported."))
    return figures.Figure("debt-and-aid", fig, _series(table_, DEBT_SHARE, ODA_USD), title, alt, (DEBT_GNI, DEBT, ODA),
                          note=plots.MISSING_NOTE)


def debt_text(table_: pd.DataFrame, board_: pd.DataFrame, scope: Scope) -> str:
    """What the state owes abroad, its highest debt ratio, the aid it receives per resident against the others."""
    country, name, base_year = scope.country, scope.name, scope.base_year
    debt_gni, oda, oda_pp = (figures.wide(table_, s) for s in (DEBT_SHARE, ODA_USD, ODA_PER_RESIDENT))
    d = board_.set_index("key")
    out = ""
    if d.loc["debt", "now"] == d.loc["debt", "now"] and d.loc["debt_gni", "now"] == d.loc["debt_gni", "now"]:
        peak = debt_gni[country].idxmax() if debt_gni[country].notna().sum() > 1 else None
        then = d.loc["debt_gni", "then"]
        history = "; ".join(filter(None, [
            f"{text.num(then, 1)}% in {d.loc['debt_gni', 'then_year']}" if then == then else "",
            "" if peak is None else ("its highest in these years" if then == then and int(peak) == d.loc["debt_gni", "then_year"]
                                     else f"highest in these years {text.num(debt_gni[country].max(), 1)}% in {int(peak)}")]))
        out = (f"{name} owed **US$ {text.num(d.loc['debt', 'now'], 1)} billion** abroad in {d.loc['debt', 'now_year']}, "
               f"**{text.num(d.loc['debt_gni', 'now'], 1)}% of GNI**" + (f" ({history})" if history else "") + ". ")
    else:
        out = text.missing("external debt", name, "The World Bank", f"none after {base_year}") + " "
    o_year, o_now = metrics.latest(oda[country])
    if o_year is None:
        return out + text.missing("net ODA received", name, "The World Bank", f"none in {scope.years}")
    oda_then = metrics.value_in(oda[country], base_year)
    out += (f"Net ODA received was **US$ {text.num(o_now, 0)} million** in {o_year}, about US$ "
            f"{text.num(metrics.value_in(oda_pp[country], o_year), 0)} per resident"
            + (f" (US$ {text.num(oda_then, 0)} million in {base_year})" if oda_then == oda_then and o_year != base_year
               else ""))
    others = [c for c in scope.comparison if c != country]
    if others:
        out += (". Among the states compared, "
                + "; ".join(f"{countries.name(c)} received US$ {text.num(v, 0)} per resident"
                            if (v := metrics.value_in(oda_pp[c], o_year)) == v else f"{countries.name(c)}: not reported"
                            for c in others) + f" in {o_year}")
    return out + "."


# --- data used -----------------------------------------------------------------------------------

def policy_events_table() -> pd.DataFrame:
    """The policy events marked on the charts: date, country, event, source (site) and its url."""
    shown = events()
    return shown.assign(date=shown["date"].dt.strftime("%Y-%m-%d"), source=[u.split("/")[2] for u in shown["source_url"]])[
        ["date", "country", "event", "source", "source_url"]]


DATA_USED_TEXT = ("## Data used\nEvery number above comes from these pinned files (sha256-verified on load). The policy "
                  "dates marked on the charts are the project's own list (`helpers.themes.economy.POLICY_EVENTS`), each "
                  "with the page it was taken from.")


# --- headline numbers (the brief, comparison and claims pages read these) ---------------------

THEME = "economy"
FDI = "wdi_fdi_inflows"
WDI = "the World Bank's WDI"

# key -> (measure, dataset, scale, unit, how the value reads)
HEADLINES = {
    "gdp": ("GDP, current US$", GDP, 1e9, "USD billion", lambda v: findings.usd_million(1000 * v)),
    "gdp_per_capita": ("GDP per person, current US$", GDP_PC, 1.0, "USD per person", lambda v: f"USD {text.num(v, 0)}"),
    "population": ("Population (mid-year)", POPULATION, 1e6, "million people", lambda v: f"{text.num(v, 1)} million"),
    "fdi_inflows": ("Foreign direct investment, net inflows (balance of payments)", FDI, 1e6, "USD million",
                    findings.usd_million),
    "gdp_growth": ("Real GDP growth", GROWTH, 1.0, "% a year", findings.percent),
    "inflation": ("Consumer price inflation", INFLATION, 1.0, "% a year", findings.percent),
    "external_debt": ("External debt stocks", DEBT, 1e9, "USD billion", lambda v: findings.usd_million(1000 * v)),
    "external_debt_gni": ("External debt stocks, % of GNI", DEBT_GNI, 1.0, "% of GNI", findings.percent),
}


def headline_rows(country: str, start_year: int = 2000, end_year: int = 2025) -> list[dict]:
    """Each :data:`HEADLINES` number in the country's latest WDI year up to end_year, with a note when later
    years other states have are missing for it."""
    rows = []
    for key, (measure, dataset, scale, unit, shown) in HEADLINES.items():
        series = data.years_table(dataset, [country], start_year, end_year)[country] / scale
        year, value, note = findings.latest_with_gap(series, WDI, country, findings.last_year(dataset, end_year=end_year))
        if year is None:
            rows.append(findings.not_reported(THEME, key, "Economy", measure, unit, [dataset],
                                              f"{WDI} reports no {measure[0].lower() + measure[1:]} for "
                                              f"{countries.name(country)} in {span_label((start_year, end_year))}"))
        else:
            rows.append(findings.headline(THEME, key, "Economy", measure, value, shown(value), unit, year, [dataset], note))
    return rows


def headlines(country: str, start_year: int = 2000, end_year: int = 2025) -> pd.DataFrame:
    """GDP, GDP per person, population, FDI, growth, inflation, external debt: see :mod:`helpers.themes.findings`."""
    return findings.table(headline_rows(country, start_year, end_year))
