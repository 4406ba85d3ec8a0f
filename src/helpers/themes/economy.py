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
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from helpers import data
from helpers.data import countries
from helpers.present import plots, text
from helpers.themes import connectivity, metrics

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

def periods(base_year: int, latest_year: int, length: int = 7) -> tuple[tuple[int, int], tuple[int, int]]:
    """(before, after): the ``length`` years up to and including the base year, and the years after it."""
    return (base_year - length + 1, base_year), (base_year + 1, latest_year)


def period_means(table_: pd.DataFrame, spans) -> pd.DataFrame:
    """Country x period mean of the reported years (NaN when a period has none), with the count of years.

    Columns: one per span labelled 'first–last', and 'years first–last' with how many years entered each mean.
    """
    rows = {}
    for code in table_.columns:
        row = {}
        for first, last in spans:
            label = f"{first}–{last}"
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
    labels = [f"{a}–{b}" for a, b in spans]
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
