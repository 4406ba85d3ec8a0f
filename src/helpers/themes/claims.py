"""The seed's claims tested against the data: one table, one verdict and one figure per claim.

Each claim reads numbers other themes already compute (their tables or ``headlines()``),
turns them into :class:`~helpers.themes.verdicts.Test` s whose rules state their
thresholds, and is judged by :func:`~helpers.themes.verdicts.judge`. The rule
functions (``*_tests``) take the claim's tidy table only, so they are tested on small
hand-made tables. The periods of each claim are fixed by the claim (the administrations
since 1992, Uzbekistan's 2017 reform); ``end_year`` caps the latest year read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import pandas as pd
from matplotlib.patches import Patch

from helpers import data
from helpers.data.countries import name
from helpers.present import charts, figures, text
from helpers.themes import (alignment, compare, connectivity, economy, energy, engagement, findings, metrics, routes,
                            security, verdicts, water)
from helpers.themes.verdicts import Test

THEME = "claims"
FOCUS_PAIR = ("KAZ", "UZB")

CLAIMS = {
    "engagement": "U.S. diplomatic engagement with Central Asia intensified",
    "lead": "Kazakhstan and Uzbekistan lead the region",
    "corridors": "Energy-corridor diversification reduced dependence on Russian routes",
    "security": "U.S. security cooperation grew",
    "reform": "Uzbekistan reformed and opened its economy after 2017",
    "balance": "The state counterbalances Russia and China",
    "water": "Water cooperation is needed between upstream and downstream states",
}


@dataclass(frozen=True)
class Assessment:
    """One claim for one focus state: its tidy table, its verdict, and the caveat a reader needs."""

    key: str
    country: str
    table: pd.DataFrame
    verdict: verdicts.Verdict
    note: str = ""


def _periods(periods, end_year: int) -> list[tuple[int, int]]:
    """Periods cut at ``end_year`` (a period starting after it is dropped)."""
    return [(first, min(last, end_year)) for first, last in periods if first <= end_year]


def _span(first: int, last: int) -> str:
    return engagement.period_label(first, last)


def _mean(series: pd.Series, first: int, last: int) -> tuple[float, str]:
    """Mean of the reported years first..last, and the years it covers ('2010–2016'); (nan, '') if none."""
    inside = series[(series.index >= first) & (series.index <= last)].dropna()
    if inside.empty:
        return math.nan, ""
    return float(inside.mean()), _span(int(inside.index.min()), int(inside.index.max()))


# --- (a) U.S. diplomatic engagement ------------------------------------------------------------

EARLIER = ((1992, 2000), (2001, 2008))
RECENT = ((2009, 2016), (2017, 2020), (2021, 2024))
ENGAGEMENT_RATIO = 1.25     # 'intensified': at least 25% more a year (or a 25% larger share of the world's)
ENGAGEMENT_SERIES = (engagement.SECRETARY, engagement.LEADERS)


def engagement_table(country: str, end_year: int = 2025) -> pd.DataFrame:
    """Trips and visits per period for Central Asia, each comparison group and the focus state, tidy.

    country = the group's label (or the focus state's code), year = the period's last year,
    value = share of all records worldwide (%); extras period, start_year, records, world_records, note.
    """
    periods = _periods((*EARLIER, *RECENT), end_year)
    parts = [engagement.period_counts(codes, periods, label) for label, codes in engagement.COMPARISON_GROUPS.items()]
    parts.append(engagement.period_counts([country], periods, country))
    counts = pd.concat(parts, ignore_index=True)
    return pd.DataFrame({"country": counts["group"], "year": counts["end_year"], "series": counts["series"],
                         "value": counts["share"], "unit": "% of all records worldwide", "period": counts["period"],
                         "start_year": counts["start_year"], "records": counts["records"],
                         "world_records": counts["world_records"], "note": counts["note"]})


def _window(table: pd.DataFrame, who: str, series, periods) -> tuple[float, float, float]:
    """(records a year, share of the world's %, records) of ``who`` summed over ``periods``; NaN if any is missing."""
    labels = {_span(first, last) for first, last in periods}
    rows = table[(table["country"] == who) & table["series"].isin([series] if isinstance(series, str) else series)
                 & table["period"].isin(labels)]
    if rows.empty or rows["records"].isna().any() or len(set(rows["period"])) < len(labels):
        return math.nan, math.nan, math.nan
    years = sum(last - first + 1 for first, last in periods)
    records, world = rows["records"].sum(), rows["world_records"].sum()
    return records / years, 100 * records / world if world else math.nan, float(records)


def _window_periods(table: pd.DataFrame, periods) -> list[tuple[int, int]]:
    """The periods of ``periods`` the table holds (cut at its last year)."""
    held = set(zip(table["start_year"], table["year"]))
    return [(first, last) for first, last in held if any(first == f for f, _ in periods)]


def engagement_tests(table: pd.DataFrame, country: str) -> list[Test]:
    """Rates a year and shares of the world's records, 2009–24 against 1992–2008, for the five and the focus."""
    source = (engagement.TRAVELS, engagement.VISITS)
    early, recent = sorted(_window_periods(table, EARLIER)), sorted(_window_periods(table, RECENT))
    if not early or not recent:
        return [verdicts.no_data("Trips and visits, recent against earlier periods",
                                 "passes if the recent rate is at least 25% higher", "the years asked for hold "
                                 "no recent period (2009 onwards)", source)]
    was, now = f"{early[0][0]}–{early[-1][1]}", f"{recent[0][0]}–{recent[-1][1]}"
    rule = f"passes if the {now} rate a year is at least {ENGAGEMENT_RATIO:g} times the {was} rate"
    group = engagement.CENTRAL_ASIA_GROUP
    tests = []
    for series in ENGAGEMENT_SERIES:
        before, _, n_before = _window(table, group, series, early)
        after, _, n_after = _window(table, group, series, recent)
        tests.append(verdicts.rise(f"{series} (the five states), a year", before, after, ENGAGEMENT_RATIO, rule,
                                   f"{text.num(before, 2)} a year ({was}, {n_before:.0f}) → {text.num(after, 2)} "
                                   f"a year ({now}, {n_after:.0f})", source))
    ratios = {}
    for label in engagement.COMPARISON_GROUPS:
        _, before, _ = _window(table, label, engagement.SECRETARY, early)
        _, after, _ = _window(table, label, engagement.SECRETARY, recent)
        ratios[label] = after / before if before else math.nan
    _, before, _ = _window(table, group, engagement.SECRETARY, early)
    _, after, _ = _window(table, group, engagement.SECRETARY, recent)
    tests.append(verdicts.rise("Central Asia's share of all Secretary of State trips worldwide", before, after,
                               ENGAGEMENT_RATIO, f"passes if the {now} share is at least {ENGAGEMENT_RATIO:g} times "
                               f"the {was} share", f"{findings.percent(before)} ({was}) → {findings.percent(after)} "
                               f"({now})", source))
    others = {k: v for k, v in ratios.items() if k != group and not findings.is_missing(v)}
    beaten = sum(ratios[group] > v for v in others.values()) if not findings.is_missing(ratios[group]) else math.nan
    tests.append(verdicts.at_least(
        "That share's change against other regions", beaten, math.ceil(len(others) / 2) if others else math.nan,
        "passes if Central Asia's share grew by more than that of at least half the comparison groups",
        f"Central Asia ×{text.num(ratios[group], 2)}; " + "; ".join(f"{k} ×{text.num(v, 2)}" for k, v in others.items()),
        source, reason="a comparison group has no trips in a period compared"))
    before, _, n_before = _window(table, country, ENGAGEMENT_SERIES, early)
    after, _, n_after = _window(table, country, ENGAGEMENT_SERIES, recent)
    tests.append(verdicts.rise(f"Secretary of State trips to {name(country)} and its leaders' visits, a year", before,
                               after, ENGAGEMENT_RATIO, rule, f"{text.num(before, 2)} a year ({was}, "
                               f"{n_before:.0f}) → {text.num(after, 2)} a year ({now}, {n_after:.0f})", source))
    return tests


def engagement_note() -> str:
    ends = engagement.record_ends()
    return ("Periods follow the administrations (1992–2000, 2001–08, 2009–16, 2017–20, 2021–24). The Office of the "
            "Historian's record ends on " + "; ".join(f"{ends[series]:%-d %B %Y} for {label}" for series, label in
                                                      ((engagement.PRESIDENT, "presidential trips"),
                                                       (engagement.SECRETARY, "Secretary of State trips"),
                                                       (engagement.LEADERS, "leaders' visits")))
            + ", so the last period is nearly but not quite complete. One record per country visited on a journey.")


def engagement_figure(table: pd.DataFrame, verdict: verdicts.Verdict, country: str) -> figures.Figure:
    drawn = table[table["series"].isin(ENGAGEMENT_SERIES)].reset_index(drop=True)
    fig, _ = charts.grouped_bars(drawn, x="period", ncols=1, figsize=(11.0, 7.5))
    return figures.Figure(id="claim-engagement", fig=fig, data=drawn, title=_title(verdict),
                          alt=f"Bar charts of the share of all Secretary of State trips and of all leaders' visits to "
                              f"the United States that went to or came from Central Asia, the comparison groups and "
                              f"{name(country)}, per period from 1992.",
                          sources=(engagement.TRAVELS, engagement.VISITS))


# --- (b) Kazakhstan and Uzbekistan lead the region ------------------------------------------------

LEAD_KEYS = {"gdp": economy, "population": economy, "fdi_inflows": economy, "oil_production": energy,
             "gas_production": energy, "military_usd": security}
MERCH = ("wdi_merch_exports_usd", "wdi_merch_imports_usd")


def merchandise_trade_row(country: str, end_year: int) -> dict:
    """Merchandise exports plus imports (WDI, current USD) in the last year both are reported, as a headline row."""
    both = sum(data.wide(d, None, [country], 1990, end_year)[country] for d in MERCH)
    year, value = metrics.latest(both / 1e6)
    measure = "Merchandise trade (exports plus imports), current US$"
    if year is None:
        return findings.not_reported(THEME, "merch_trade", "Lead", measure, "USD million", MERCH,
                                     f"the World Bank reports no merchandise trade for {name(country)}")
    return findings.headline(THEME, "merch_trade", "Lead", measure, value, findings.usd_million(value),
                             "USD million", year, MERCH)


def lead_table(country: str, start_year: int, end_year: int) -> pd.DataFrame:
    """The seven size measures for the five states (focus first), tidy, with text and year_label."""
    rows = []
    for code in compare.states(country):
        for key, module in LEAD_KEYS.items():
            row = findings.row(compare.theme_rows(module.THEME, code, start_year, end_year), key)
            rows.append({**row.to_dict(), "country": code})
        rows.append({**merchandise_trade_row(code, end_year), "country": code})
    return compare.figure_data(pd.DataFrame(rows))


def lead_tests(table: pd.DataFrame) -> list[Test]:
    """Per measure: do Kazakhstan and Uzbekistan hold the top two places among the five?"""
    rule = ("passes if Kazakhstan and Uzbekistan hold the top two places among the five states; fails if another "
            "state reports more than either; no data if a state not ahead of them reports nothing")
    tests = []
    for series, rows in table.groupby("series", sort=False):
        rows = rows.set_index("country")
        sources = tuple(d for cell in rows["datasets"] for d in str(cell).split("; ") if d)
        pair, rest = rows.loc[list(FOCUS_PAIR), "value"], rows.drop(index=list(FOCUS_PAIR))["value"]
        ranked = rows.dropna(subset=["value"]).sort_values("value", ascending=False)
        numbers = "; ".join(f"{i}. {name(c)} {r['text']} ({r['year_label']})" for i, (c, r) in
                            enumerate(ranked.iterrows(), 1))
        gaps = [name(c) for c in rows.index if findings.is_missing(rows.loc[c, "value"])]
        if not pair.isna().any() and (rest > pair.min()).any():
            tests.append(Test(series, rule, False, numbers, sources))
        elif gaps:
            tests.append(verdicts.no_data(series, rule, f"no value for {text.listing(gaps)}", sources))
        else:
            tests.append(Test(series, rule, True, numbers, sources))
    return tests


def lead_figure(table: pd.DataFrame, verdict: verdicts.Verdict, country: str) -> figures.Figure:
    return _panel_figure("claim-lead", table, verdict, country,
                         alt="Bar charts, one per measure (GDP, population, foreign direct investment, oil and gas "
                             "production, military spending, merchandise trade), a bar per state labelled with its "
                             "value and year.",
                         note="Each bar's label gives its own year; a missing bar is not zero.")


def _panel_figure(figure_id: str, table: pd.DataFrame, verdict: verdicts.Verdict, country: str, alt: str,
                  note: str) -> figures.Figure:
    """A claim's numbers as bar panels, one per measure, the verdict as title."""
    fig, _ = charts.bar_panels(table, focus=country, ncols=3)
    return figures.Figure(id=figure_id, fig=fig, data=table, title=_title(verdict), alt=alt,
                          sources=tuple(compare.sources(table)), note=note)


def lead_note(table: pd.DataFrame) -> str:
    years = table.dropna(subset=["value"]).groupby("series")["year"].agg(["min", "max"])
    uneven = [f"{s} ({int(r['min'])}–{int(r['max'])})" for s, r in years.iterrows() if r["max"] - r["min"] >= 3]
    return ("Each state's latest reported year is compared." +
            (f" Years differ by three or more for: {'; '.join(uneven)}." if uneven else ""))


# --- (c) energy corridors ------------------------------------------------------------------------

CORRIDOR_SHARE = 50.0   # % of operating cross-border capacity that must run elsewhere than to Russia


def corridors_table() -> pd.DataFrame:
    """Pipeline gas exports by destination (EI matrix, one year) and operating route capacity by direction
    (GEM, one snapshot), tidy: value = bcm for exports, % of the fuel's capacity for routes."""
    exports = energy.pipeline_exports_by_destination().assign(kind="exports", fuel="gas", capacity=math.nan)
    capacity = routes.capacity_by_direction(routes.load_pipelines())
    capacity = capacity.assign(kind="capacity", capacity=capacity["value"], value=100 * capacity["share"],
                               unit="% of operating cross-border capacity", destination=capacity["direction"],
                               status=["recorded" if not findings.is_missing(v) else "capacity not stated"
                                       for v in capacity["value"]],
                               series=[f"{f.capitalize()} pipelines: share of capacity" for f in capacity["fuel"]])
    columns = ["country", "year", "series", "value", "unit", "kind", "fuel", "destination", "status", "capacity"]
    return pd.concat([exports[columns], capacity[columns]], ignore_index=True)


def corridors_tests(table: pd.DataFrame, country: str) -> list[Test]:
    """Route capacity away from Russia (per fuel), gas exports to Russia, and the trend (which no source gives)."""
    tests = []
    sources = tuple(routes.DATASETS)
    for fuel in ("gas", "oil"):
        rows = table[(table["country"] == country) & (table["kind"] == "capacity") & (table["fuel"] == fuel)]
        what = f"Operating cross-border {fuel} pipeline capacity not running to Russia"
        rule = f"passes if at least {CORRIDOR_SHARE:g}% of the capacity runs elsewhere than to Russia"
        if rows.empty:
            tests.append(verdicts.no_data(what, rule, f"Global Energy Monitor lists no operating cross-border {fuel} "
                                                      f"pipeline touching {name(country)}", sources))
        elif rows["value"].isna().any():
            unstated = text.listing(rows.loc[rows["value"].isna(), "destination"])
            tests.append(verdicts.no_data(what, rule, f"no capacity stated for the route(s) to {unstated}", sources))
        else:
            away = float(rows.loc[rows["destination"] != routes.RUSSIA, "value"].sum())
            shares = "; ".join(f"{d} {findings.percent(v)}" for d, v in zip(rows["destination"], rows["value"]))
            tests.append(verdicts.at_least(what, away, CORRIDOR_SHARE, rule,
                                           f"{findings.percent(away)} ({int(rows['year'].iloc[0])}): {shares}", sources))
    sent = table[(table["country"] == country) & (table["kind"] == "exports")]
    to_russia = sent[sent["destination"] == "Russia"]
    rule = f"passes if at least {CORRIDOR_SHARE:g}% of pipeline gas exports go elsewhere than to Russia"
    what = "Pipeline gas exports not going to Russia"
    ei = (energy.EI,)
    if to_russia.empty or to_russia["status"].iloc[0] == "not listed by the EI":
        tests.append(verdicts.no_data(what, rule, f"the EI's matrix does not list {name(country)} as an exporter", ei))
    elif to_russia["value"].isna().all():
        tests.append(verdicts.no_data(what, rule, "the EI's matrix records no pipeline imports by Russia from any "
                                                  "country, so gas sent to Russia is not recorded (not zero)", ei))
    else:
        away = 100 * (1 - to_russia["value"].sum() / sent["value"].sum()) if sent["value"].sum() else math.nan
        tests.append(verdicts.at_least(what, away, CORRIDOR_SHARE, rule, findings.percent(away), ei))
    years = sorted(set(table["year"].dropna().astype(int)))
    tests.append(verdicts.no_data("Dependence on Russian routes fell over time", "passes if the share going to Russia "
                                  "fell between two points in time", "the EI matrix holds one year and the pipeline "
                                  f"tracker one snapshot ({text.listing(years)}): no trend", (*ei, *sources)))
    return tests


CORRIDOR_COLOURS = {"Russia": "#b03a2e", "China": "#e6a700", "Other destinations": "#7f8c8d",
                    routes.WEST: "#2980b9", routes.SOUTH: "#8e44ad", routes.WITHIN: "#27ae60", routes.DOMESTIC: "#bdc3c7"}


def corridors_figure(table: pd.DataFrame, verdict: verdicts.Verdict, country: str) -> figures.Figure:
    panel = {"exports": "Pipeline gas exports by destination, {year}",
             "capacity": "{fuel} pipelines: share of operating cross-border capacity by direction, {year}"}
    drawn = table.assign(state=[name(c) for c in table["country"]],
                         series=[panel[k].format(year=int(y), fuel=f.capitalize())
                                 for k, y, f in zip(table["kind"], table["year"], table["fuel"])],
                         unit=[u if k == "exports" else "% of capacity" for k, u in zip(table["kind"], table["unit"])])
    drawn = drawn.reset_index(drop=True)
    fig, axes = charts.grouped_bars(drawn, x="state", group="destination", colours=CORRIDOR_COLOURS, labels=str,
                                    ncols=1, figsize=(11.0, 9.0))
    shown = [d for d in CORRIDOR_COLOURS if d in set(drawn["destination"])]
    axes.flat[0].legend(handles=[Patch(color=CORRIDOR_COLOURS[d], label=d) for d in shown], loc="upper left",
                        fontsize=8)
    return figures.Figure(id="claim-corridors", fig=fig, data=drawn, title=_title(verdict),
                          alt="Bar charts per state: pipeline gas exports in 2025 by destination (Russia not recorded "
                              "by the EI) and shares of operating cross-border gas and oil pipeline capacity by "
                              "direction in 2024.", sources=(energy.EI, *routes.DATASETS),
                          note="Russia's pipeline imports are not recorded by the EI: a missing bar, not zero.")


# --- (d) U.S. security cooperation ----------------------------------------------------------------

SECURITY_SPANS = ((1992, 2008), (2009, 2016), (2017, 2024))
SECURITY_RATIO = 1.25
SECURITY_FLOOR = 5.0    # % of TIV: a U.S. share below this is no cooperation of weight, however fast it grew
SIPRI_TRANSFERS = security.ARMS


def security_table(country: str, end_year: int = 2025) -> pd.DataFrame:
    """Shares of SIPRI TIV delivered to ``country`` per period by supplier group, tidy (year = last year)."""
    shares = security.supplier_shares(country, _periods(SECURITY_SPANS, end_year))
    return shares.assign(year=shares["last"], series="Share of arms deliveries (SIPRI TIV)")[
        ["country", "year", "series", "value", "unit", "supplier", "period", "first", "tiv", "tiv_total"]]


def security_tests(table: pd.DataFrame, country: str) -> list[Test]:
    us = table[table["supplier"] == security.USA].sort_values("first")
    sources = (SIPRI_TRANSFERS,)
    rule = f"passes if the latest period's value is at least {SECURITY_RATIO:g} times the first period's"
    tests = []
    if len(us) < 2:
        tests.append(verdicts.no_data("U.S. share of arms deliveries", rule, "fewer than two periods in the years "
                                                                               "asked for", sources))
    else:
        first, last = us.iloc[0], us.iloc[-1]
        reason = f"SIPRI records no deliveries to {name(country)} in {first['period'] if first['tiv_total'] == 0 else last['period']}"
        test = verdicts.rise("U.S. share of arms deliveries (TIV)", first["value"], last["value"], SECURITY_RATIO, rule,
                             f"{findings.percent(first['value'])} ({first['period']}) → "
                             f"{findings.percent(last['value'])} ({last['period']})", sources)
        tests.append(test if test.passed is not None else verdicts.no_data(test.name, rule, reason, sources))
        per_year = [row["tiv"] / (row["year"] - row["first"] + 1) for row in (first, last)]
        tests.append(verdicts.rise("U.S. deliveries, million TIV a year", *per_year, SECURITY_RATIO, rule,
                                   f"{text.num(per_year[0], 1)} ({first['period']}) → {text.num(per_year[1], 1)} "
                                   f"({last['period']})", sources))
        tests.append(verdicts.at_least(f"U.S. share of arms deliveries in {last['period']}", last["value"],
                                       SECURITY_FLOOR, f"passes if the U.S. share reaches {SECURITY_FLOOR:g}%",
                                       f"{findings.percent(last['value'])} ({last['period']})", sources,
                                       f"SIPRI records no deliveries to {name(country)} in {last['period']}"))
    tests.append(verdicts.no_data("U.S. security-sector assistance", "passes if it rose between the periods",
                                  "the project's ForeignAssistance.gov extract has totals by country and year, "
                                  "no breakdown by sector"))
    tests.append(verdicts.no_data("Joint military exercises with the United States", "passes if they became more "
                                  "frequent", "the project holds no sourced record of joint exercises"))
    return tests


def security_figure(table: pd.DataFrame, verdict: verdicts.Verdict, country: str) -> figures.Figure:
    colours = {security.USA: "#2c5aa0", security.RUSSIA: "#b03a2e", security.CHINA: "#e6a700", "other": "#95a5a6"}
    fig, _ = charts.grouped_bars(table, x="period", group="supplier", colours=colours, labels=str)
    return figures.Figure(id="claim-security", fig=fig, data=table, title=_title(verdict),
                          alt=f"Bar chart of the shares of the arms delivered to {name(country)} per period by the "
                              f"United States, Russia, China and other suppliers (SIPRI trend-indicator values).",
                          sources=(SIPRI_TRANSFERS,),
                          note="TIV measures military capability transferred, not money; no bar where nothing was delivered.")


# --- (e) Uzbekistan's reform after 2017 -----------------------------------------------------------

REFORM_STATE = "UZB"
REFORM_YEAR = 2017
REFORM_BEFORE = (2010, economy.BASE_YEAR)
REFORM_AFTER_FIRST = REFORM_YEAR + 1
FX_RATIO = 1.5          # unification moved the official rate to the market one: at least 1.5 times the 2016 rate
OPENNESS_POINTS = 5.0   # trade (% of GDP) at least 5 points higher on average
FDI_RATIO = 1.25
GROWTH_POINTS = 0.0     # growth at least as fast on average
REFORM_SERIES = {"fx": "Official exchange rate", "openness": "Trade openness", "fdi": "FDI net inflows",
                 "growth": "Real GDP growth"}


def reform_table(end_year: int = 2025) -> pd.DataFrame:
    """Uzbekistan's exchange rate, trade openness, FDI and growth, 2005 to ``end_year``, tidy."""
    code, first = REFORM_STATE, 2005
    parts = {"fx": (data.years_table(economy.FX, [code], first, end_year), "som per USD", economy.FX),
             "openness": (connectivity.trade_openness([code], first, end_year), "% of GDP",
                          f"{connectivity.OPENNESS['exports']}; {connectivity.OPENNESS['imports']}"),
             "fdi": (data.years_table(economy.FDI, [code], first, end_year) / 1e6, "USD million", economy.FDI),
             "growth": (data.years_table(economy.GROWTH, [code], first, end_year), "% a year", economy.GROWTH)}
    tables = [figures.tidy(t, REFORM_SERIES[k], unit).assign(datasets=d) for k, (t, unit, d) in parts.items()]
    return pd.concat(tables, ignore_index=True)


def _amount(value: float, unit: str) -> str:
    """7.62 '% a year' -> '7.6% a year'; 1175.2 'USD million' -> 'USD 1.2 billion'; NaN -> 'not reported'."""
    if unit == "USD million":
        return findings.usd_million(value)
    return findings.NOT_REPORTED if findings.is_missing(value) else f"{text.num(value, 1)}{unit}"


def reform_tests(table: pd.DataFrame) -> list[Test]:
    def series(key):
        rows = table[table["series"] == REFORM_SERIES[key]]
        return rows.set_index("year")["value"].astype(float), tuple(str(rows["datasets"].iloc[0]).split("; ")) \
            if len(rows) else ()

    last = int(table["year"].max())
    before_span = f"{REFORM_BEFORE[0]}–{REFORM_BEFORE[1]}"
    tests = []
    fx, sources = series("fx")
    then, now = fx.get(REFORM_BEFORE[1], math.nan), fx.get(REFORM_AFTER_FIRST, math.nan)
    tests.append(verdicts.rise(f"Official exchange rate after the {REFORM_YEAR} unification", then, now, FX_RATIO,
                               f"passes if the {REFORM_AFTER_FIRST} rate is at least {FX_RATIO:g} times the "
                               f"{REFORM_BEFORE[1]} rate (unification moves the official rate to the market one)",
                               f"{text.num(then, 0)} som per USD ({REFORM_BEFORE[1]}) → {text.num(now, 0)} "
                               f"({REFORM_AFTER_FIRST})", sources))
    for key, kind, threshold, unit in (("openness", "points", OPENNESS_POINTS, "% of GDP"),
                                       ("fdi", "ratio", FDI_RATIO, "USD million"),
                                       ("growth", "points", GROWTH_POINTS, "% a year")):
        values, sources = series(key)
        before, was = _mean(values, *REFORM_BEFORE)
        after, now_span = _mean(values, REFORM_AFTER_FIRST, last)
        numbers = (f"average {_amount(before, unit)} ({was or before_span}) → {_amount(after, unit)} "
                   f"({now_span or f'{REFORM_AFTER_FIRST}–{last}'})")
        name_ = f"{REFORM_SERIES[key]}, average after against before"
        if kind == "ratio":
            rule = f"passes if the average after {REFORM_YEAR} is at least {threshold:g} times the average before"
            tests.append(verdicts.rise(name_, before, after, threshold, rule, numbers, sources))
        else:
            rule = (f"passes if the average after {REFORM_YEAR} is at least {threshold:g} points above the average "
                    f"before" if threshold else f"passes if the average after {REFORM_YEAR} is not below the average before")
            tests.append(verdicts.gain(name_, before, after, threshold, rule, numbers, sources))
    return tests


def reform_figure(table: pd.DataFrame, verdict: verdicts.Verdict, country: str) -> figures.Figure:
    fig, axes = charts.lines(table, focus=REFORM_STATE, ncols=2, legend="none")
    for ax in axes.flat:
        ax.axvline(REFORM_YEAR, color="#555555", linestyle=":", linewidth=1)
    return figures.Figure(id="claim-reform", fig=fig, data=table, title=_title(verdict),
                          alt="Line charts of Uzbekistan's official exchange rate, trade openness, foreign direct "
                              f"investment and real GDP growth since 2005, with a dotted line at {REFORM_YEAR}.",
                          sources=tuple(compare.sources(table)), note=f"Dotted line: September {REFORM_YEAR} currency unification.")


# --- (f) counterbalancing Russia and China ------------------------------------------------------

BALANCE_LABELS = {"unga_USA_change": "UN votes: change in agreement with the U.S. since 2019",
                  "unga_RUS_change": "UN votes: change in agreement with Russia since 2019",
                  "unga_CHN_change": "UN votes: change in agreement with China since 2019",
                  "trade_imports_RUS": "Russia: share of goods imports", "trade_imports_CHN": "China: share of goods imports",
                  "trade_exports_RUS": "Russia: share of goods exports", "trade_exports_CHN": "China: share of goods exports",
                  "china_commitments": "Chinese official commitments",
                  "us_obligations_same_years": "U.S. obligations over the same years"}
BALANCE_KEYS = tuple(BALANCE_LABELS)
TRADE_CEILING = 50.0    # % of goods trade Russia and China may take together for a balance
AID_FLOOR = 25.0        # U.S. obligations as % of Chinese official commitments over the same years
BALANCE_THEMES = (alignment, connectivity, engagement)


def balance_table(country: str, start_year: int, end_year: int) -> pd.DataFrame:
    """UN vote changes, trade shares of Russia and China, Chinese finance and U.S. aid for the five, tidy."""
    rows = []
    for code in compare.states(country):
        for module in BALANCE_THEMES:
            part = compare.theme_rows(module.THEME, code, start_year, end_year)
            rows += [{**r.to_dict(), "country": code} for _, r in part[part["key"].isin(BALANCE_KEYS)].iterrows()]
    table = pd.DataFrame(rows)
    table = table.assign(order=table["key"].map(BALANCE_KEYS.index)).sort_values("order", kind="stable")
    return compare.figure_data(table, series=table["key"].map(BALANCE_LABELS))


def balance_tests(table: pd.DataFrame, country: str) -> list[Test]:
    own = table[table["country"] == country].set_index("key")

    def get(key):
        return own.loc[key] if key in own.index else None

    def value(key):
        row = get(key)
        return math.nan if row is None else float(row["value"])

    def sources(*keys):
        return tuple(dict.fromkeys(d for k in keys if get(k) is not None for d in str(get(k)["datasets"]).split("; ")))

    def shown(key):
        row = get(key)
        return "not reported" if row is None else f"{row['text']} ({row['year_label']})"

    def why(*keys):
        gaps = [k for k in keys if findings.is_missing(value(k))]
        reasons = [findings.reason(get(k)) if get(k) is not None else "" for k in gaps]
        return "; ".join(dict.fromkeys(r for r in reasons if r)) or "a number it needs is not reported"

    tests = []
    for power in ("RUS", "CHN"):
        us, other = value("unga_USA_change"), value(f"unga_{power}_change")
        tests.append(verdicts.at_least(
            f"UN votes: agreement with the U.S. against {name(power)} since 2019", us - other, 0.0,
            f"passes if agreement with the United States changed at least as much as agreement with {name(power)}",
            f"United States {shown('unga_USA_change')}; {name(power)} {shown(f'unga_{power}_change')}",
            sources("unga_USA_change", f"unga_{power}_change"), why("unga_USA_change", f"unga_{power}_change")))
    for flow in ("imports", "exports"):
        keys = (f"trade_{flow}_RUS", f"trade_{flow}_CHN")
        together = value(keys[0]) + value(keys[1])
        tests.append(verdicts.at_most(
            f"Goods {flow}: Russia and China together", together, TRADE_CEILING,
            f"passes if Russia and China together take less than {TRADE_CEILING:g}% of goods {flow}",
            f"{findings.percent(together)}: Russia {shown(keys[0])}, China {shown(keys[1])}", sources(*keys), why(*keys)))
    us, china = value("us_obligations_same_years"), value("china_commitments")
    ratio = 100 * us / china if china else math.nan
    tests.append(verdicts.at_least(
        "U.S. obligations against Chinese official finance", ratio, AID_FLOOR,
        f"passes if U.S. obligations reach at least {AID_FLOOR:g}% of Chinese official commitments over the same years",
        f"{findings.percent(ratio)}: U.S. {shown('us_obligations_same_years')}, China {shown('china_commitments')}",
        sources("us_obligations_same_years", "china_commitments"),
        why("us_obligations_same_years", "china_commitments") if findings.is_missing(ratio) or not china else ""))
    return tests


def balance_figure(table: pd.DataFrame, verdict: verdicts.Verdict, country: str) -> figures.Figure:
    return _panel_figure("claim-balance", table, verdict, country,
                         alt="Bar charts, a bar per state: changes in UN vote agreement with the United States, "
                             "Russia and China since 2019, Russia's and China's shares of goods imports and exports, "
                             "and Chinese official commitments against U.S. obligations over the same years.",
                         note="Trade shares come from the UN SYB's top-three partners: a power not listed is not "
                              "reported, not zero.")


# --- (g) water cooperation needs -----------------------------------------------------------------

WATER_KEY = "water_withdrawals_share"
WATER_LIMIT = 100.0     # withdrawals at this % of internal renewable resources need water from outside


def water_table(country: str, start_year: int, end_year: int) -> pd.DataFrame:
    """Freshwater withdrawals as % of internal renewable resources for the five, with each state's basin position."""
    rows = [{**findings.row(compare.theme_rows(water.THEME, code, start_year, end_year), WATER_KEY).to_dict(), "country": code}
            for code in compare.states(country)]
    table = compare.figure_data(pd.DataFrame(rows))
    return table.assign(basin=[water.basin_group(c) for c in table["country"]])


def water_tests(table: pd.DataFrame) -> list[Test]:
    tests = []
    for _, row in table.iterrows():
        sources = tuple(d for d in str(row["datasets"]).split("; ") if d)
        numbers = f"{row['text']} ({row['year_label']})"
        reason = findings.reason(row) or "the World Bank reports no withdrawals share"
        if row["basin"] == "downstream":
            tests.append(verdicts.at_least(
                f"{name(row['country'])} (downstream) withdraws more than its own water", row["value"], WATER_LIMIT,
                f"passes if withdrawals reach {WATER_LIMIT:g}% of internal renewable resources", numbers, sources, reason))
        else:
            tests.append(verdicts.at_most(
                f"{name(row['country'])} (upstream) has water to spare", row["value"], WATER_LIMIT,
                f"passes if withdrawals stay below {WATER_LIMIT:g}% of internal renewable resources", numbers, sources,
                reason))
    return tests


def water_figure(table: pd.DataFrame, verdict: verdicts.Verdict, country: str) -> figures.Figure:
    colours = ["#2980b9" if b == "upstream" else "#c0392b" for b in table["basin"]]
    labelled = table.assign(label=[f"{name(c)} ({b})" for c, b in zip(table["country"], table["basin"])])
    fig, ax = charts.bars(labelled, label="label", value_text=lambda v: findings.percent(v, 0), colours=colours)
    ax.axvline(WATER_LIMIT, color="#555555", linestyle=":", linewidth=1)
    return figures.Figure(id="claim-water", fig=fig, data=table, title=_title(verdict),
                          alt="Bar chart of freshwater withdrawals as a share of internal renewable resources for "
                              "each state, upstream in blue and downstream in red, with a dotted line at 100%.",
                          sources=tuple(compare.sources(table)),
                          note="Above 100%, a state uses more water than rises on its territory: it relies on inflow from upstream.")


# --- all claims ------------------------------------------------------------------------------------

def _title(verdict: verdicts.Verdict) -> str:
    """'U.S. security cooperation grew — not supported (0 of 2 tests pass, 2 without data)'."""
    return f"{verdict.claim} — {verdict.verdict} ({verdicts.counts(verdict)})"


@cache
def assess(key: str, country: str, start_year: int, end_year: int) -> Assessment:
    """The table, verdict and caveat of one claim (see :data:`CLAIMS`) for one focus state."""
    claim = CLAIMS[key]
    if key == "engagement":
        table = engagement_table(country, end_year)
        return Assessment(key, country, table, verdicts.judge(claim, engagement_tests(table, country)),
                          engagement_note())
    if key == "lead":
        table = lead_table(country, start_year, end_year)
        return Assessment(key, country, table, verdicts.judge(claim, lead_tests(table)), lead_note(table))
    if key == "corridors":
        table = corridors_table()
        return Assessment(key, country, table, verdicts.judge(claim, corridors_tests(table, country)),
                          "The EI's pipeline trade matrix is one year (2025) and the pipeline tracker one snapshot "
                          "(2024): they show where gas and oil can go now, not a change.")
    if key == "security":
        table = security_table(country, end_year)
        return Assessment(key, country, table, verdicts.judge(claim, security_tests(table, country)),
                          "SIPRI's trend-indicator values measure capability transferred, not money; deliveries are "
                          "spread over the years of each deal.")
    if key == "reform":
        table = reform_table(end_year)
        return Assessment(key, country, table, verdicts.judge(claim, reform_tests(table)),
                          f"The claim is about {name(REFORM_STATE)}, whatever the focus state. Growth rates are "
                          "official; reforms can change how output is measured.")
    if key == "balance":
        table = balance_table(country, start_year, end_year)
        return Assessment(key, country, table, verdicts.judge(claim.replace("The state", name(country)),
                                                              balance_tests(table, country)),
                          "Chinese finance ends with commitment year 2021 (AidData); U.S. obligations are by fiscal year.")
    table = water_table(country, start_year, end_year)
    return Assessment(key, country, table, verdicts.judge(claim, water_tests(table)),
                      "Internal renewable resources leave out the rivers flowing in from upstream.")


def assess_all(country: str, start_year: int, end_year: int) -> dict[str, Assessment]:
    return {key: assess(key, country, start_year, end_year) for key in CLAIMS}


FIGURES = {"engagement": engagement_figure, "lead": lead_figure, "corridors": corridors_figure,
           "security": security_figure, "reform": reform_figure, "balance": balance_figure, "water": water_figure}


def figure(assessment: Assessment) -> figures.Figure:
    """The claim's figure, drawn from its table, titled with its verdict."""
    return FIGURES[assessment.key](assessment.table, assessment.verdict, assessment.country)


def verdict_text(assessment: Assessment) -> str:
    """'**Verdict: mixed.** 2 of 3 tests pass, 1 without data. <caveat>'"""
    verdict = assessment.verdict
    return f"**Verdict: {verdict.verdict}.** {findings.cap(verdicts.counts(verdict))}. {assessment.note}".strip()


def tests_view(assessment: Assessment) -> dict:
    """Keyword arguments of ``show_table`` for one claim's tests."""
    return {"table": verdicts.tests_table(assessment.verdict), "id": f"tests-{assessment.key}",
            "title": f"Tests of the claim: {assessment.verdict.claim}", "sources": assessment.verdict.sources}


def verdicts_view(assessments: dict[str, Assessment]) -> dict:
    """Keyword arguments of ``show_table`` for the one-line-per-claim verdict table."""
    found = [a.verdict for a in assessments.values()]
    return {"table": verdicts.table(found), "id": "claims-verdicts", "title": "The seed's claims and their verdicts",
            "sources": list(dict.fromkeys(s for v in found for s in v.sources))}


def sources(assessments: dict[str, Assessment]) -> list[str]:
    return verdicts_view(assessments)["sources"]


def headlines(country: str, start_year: int = 2000, end_year: int = 2025) -> pd.DataFrame:
    """One row per claim: measure = the claim, text = its verdict, value = % of decided tests passing."""
    rows = []
    for key, assessment in assess_all(country, start_year, end_year).items():
        verdict = assessment.verdict
        decided = [t.passed for t in verdict.tests if t.passed is not None]
        row = findings.headline(THEME, f"claim_{key}", "Claims", verdict.claim,
                                100 * sum(decided) / len(decided) if decided else math.nan, verdict.verdict,
                                "% of decided tests passing", end_year, verdict.sources, verdicts.summary(verdict))
        row["text"] = verdict.verdict
        rows.append(row)
    return findings.table(rows)
