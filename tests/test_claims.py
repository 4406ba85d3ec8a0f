"""Claims theme: each claim's rule on small hand-made tables, real counts and ranks against the raw files, the notebook."""

import math
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from helpers.data.countries import CENTRAL_ASIA
from helpers.themes import claims, engagement, security, verdicts
from report_fixtures import checked_report

SEC, LEAD = engagement.SECRETARY, engagement.LEADERS


# --- (a) engagement ---------------------------------------------------------------------------

def _engagement_rows(who, counts, world=100.0):
    """counts: {series: [records 1992–2000, 2001–08, 2009–16, 2017–20, 2021–24]}."""
    periods = [*claims.EARLIER, *claims.RECENT]
    return [{"country": who, "year": last, "series": series, "value": 100 * n / world, "unit": "%",
             "period": engagement.period_label(first, last), "start_year": first, "records": n,
             "world_records": world, "note": ""}
            for series, values in counts.items() for (first, last), n in zip(periods, values)]


def _engagement_table(central_asia, others, focus):
    rows = _engagement_rows(engagement.CENTRAL_ASIA_GROUP, central_asia)
    for label in list(engagement.COMPARISON_GROUPS)[1:]:
        rows += _engagement_rows(label, others)
    return pd.DataFrame(rows + _engagement_rows("KAZ", focus))


def test_engagement_passes_when_recent_rates_and_shares_rise_more_than_elsewhere():
    # 17 earlier years, 16 recent: 17 -> 32 records is 1.0 -> 2.0 a year
    table = _engagement_table({SEC: [9, 8, 16, 8, 8], LEAD: [9, 8, 16, 8, 8]},
                              {SEC: [9, 8, 8, 4, 4], LEAD: [9, 8, 8, 4, 4]}, {SEC: [9, 8, 16, 8, 8], LEAD: [0] * 5})
    tests = claims.engagement_tests(table, "KAZ")
    assert [t.passed for t in tests] == [True, True, True, True, True]
    assert tests[0].numbers == "1.00 a year (1992–2008, 17) → 2.00 a year (2009–2024, 32)"
    assert "at least 1.25 times" in tests[0].rule
    assert verdicts.judge("c", tests).verdict == verdicts.SUPPORTED


def test_engagement_fails_below_the_ratio_and_has_no_data_without_recent_periods():
    flat = {SEC: [9, 8, 8, 4, 4], LEAD: [9, 8, 8, 4, 4]}
    tests = claims.engagement_tests(_engagement_table(flat, flat, flat), "KAZ")
    assert not any(t.passed for t in tests)  # equal shares: Central Asia grew no more than the others
    early = _engagement_table(flat, flat, flat).query("year <= 2008")
    [gap] = claims.engagement_tests(early, "KAZ")
    assert gap.passed is None and "no recent period" in gap.reason


def _raw_count(folder, tag, slug_tag, slug, years, role=None):
    count = 0
    for path in folder.glob("*.xml"):
        for record in ET.parse(path).getroot().iter(tag):
            place = record.find(slug_tag)
            year = int(record.findtext("start-date")[:4])
            if place is not None and place.get("id") == slug and years[0] <= year <= years[1] \
                    and (role is None or record.findtext("role") == role):
                count += 1
    return count


@pytest.mark.parametrize("code, slug", [("KAZ", "kazakhstan"), ("UZB", "uzbekistan")])
def test_engagement_counts_equal_a_count_of_the_raw_xml(_isolated_data_env, mirror_root, code, slug):
    table = claims.engagement_table(code)
    travels, visits = mirror_root / "us_official_travels", mirror_root / "us_foreign_leader_visits"
    totals = {SEC: 0, LEAD: 0}
    for first, last in (*claims.EARLIER, *claims.RECENT):
        mine = table[(table["country"] == code) & (table["start_year"] == first)].set_index("series")["records"]
        secretary = _raw_count(travels, "trip", "country", slug, (first, last), role="secretary")
        leaders = _raw_count(visits, "visit", "from", slug, (first, last))
        assert (mine[SEC], mine[LEAD]) == (secretary, leaders), (first, last)
        totals[SEC] += secretary
        totals[LEAD] += leaders
    assert totals[SEC] > 0 and totals[LEAD] > 0


# --- (b) lead ------------------------------------------------------------------------------------

def _lead(values, series="GDP"):
    return pd.DataFrame([{"country": c, "year": 2024.0, "series": series, "value": v, "unit": "USD billion",
                          "text": "not reported" if math.isnan(v) else f"USD {v:g} billion",
                          "year_label": "2024", "datasets": "wdi_gdp_usd", "note": ""} for c, v in values.items()])


def test_lead_ranks_kazakhstan_and_uzbekistan_against_the_other_three():
    nan = math.nan
    [top] = claims.lead_tests(_lead({"KAZ": 300, "UZB": 150, "KGZ": 20, "TJK": 18, "TKM": 50}))
    assert top.passed is True and top.numbers.startswith("1. Kazakhstan USD 300 billion (2024); 2. Uzbekistan")
    [beaten] = claims.lead_tests(_lead({"KAZ": 300, "UZB": 40, "KGZ": nan, "TJK": nan, "TKM": 70}))
    assert beaten.passed is False  # Turkmenistan ahead of Uzbekistan: decided whatever the missing two report
    [gap] = claims.lead_tests(_lead({"KAZ": 300, "UZB": 150, "KGZ": 20, "TJK": 18, "TKM": nan}))
    assert gap.passed is None and gap.reason == "no value for Turkmenistan"


def test_lead_gdp_ranks_match_the_raw_wdi_file(_isolated_data_env, mirror_root):
    raw = pd.read_csv(mirror_root / "wdi_gdp_usd" / "data.csv")
    raw = raw[raw["Country Code"].isin(CENTRAL_ASIA) & (raw["Year"] == 2024)].set_index("Country Code")["Value"]
    table = claims.lead_table("KAZ", 2000, 2024)
    gdp = table[table["series"] == "GDP, current US$"].set_index("country")
    assert (gdp["year"] == 2024).all()
    assert list(gdp["value"].sort_values(ascending=False).index) == list(raw.sort_values(ascending=False).index)
    assert gdp.loc["KAZ", "value"] == pytest.approx(raw["KAZ"] / 1e9)
    [test] = [t for t in claims.lead_tests(table) if t.name == "GDP, current US$"]
    assert test.passed is True


# --- (c) corridors --------------------------------------------------------------------------------

def _corridors(country="KAZ", russia_status="Russia's imports not recorded", gas_shares=None):
    rows = [{"country": country, "year": 2025, "series": "x", "value": v, "unit": "bcm", "kind": "exports",
             "fuel": "gas", "destination": d, "status": s, "capacity": math.nan}
            for d, v, s in (("Russia", math.nan, russia_status), ("China", 4.9, "recorded"))]
    rows += [{"country": country, "year": 2024, "series": "y", "value": v, "unit": "%", "kind": "capacity",
              "fuel": "gas", "destination": d, "status": "recorded", "capacity": v}
             for d, v in (gas_shares or {}).items()]
    return pd.DataFrame(rows)


def test_corridors_russia_not_recorded_is_no_data_and_a_trend_is_never_claimed():
    tests = claims.corridors_tests(_corridors(gas_shares={"Russia": 71.7, "China": 14.6, "Within Central Asia": 13.7}),
                                   "KAZ")
    by_name = {t.name: t for t in tests}
    gas = by_name["Operating cross-border gas pipeline capacity not running to Russia"]
    assert gas.passed is False and gas.numbers.startswith("28.3% (2024)")
    assert "no operating cross-border oil pipeline" in by_name[
        "Operating cross-border oil pipeline capacity not running to Russia"].reason
    exports = by_name["Pipeline gas exports not going to Russia"]
    assert exports.passed is None and "not recorded (not zero)" in exports.reason
    assert by_name["Dependence on Russian routes fell over time"].passed is None
    assert "one year" in by_name["Dependence on Russian routes fell over time"].reason
    listed = claims.corridors_tests(_corridors("KGZ", "not listed by the EI"), "KGZ")
    assert "does not list Kyrgyzstan" in listed[2].reason


def test_corridors_pass_when_most_capacity_runs_elsewhere():
    tests = claims.corridors_tests(_corridors(gas_shares={"Russia": 40.0, "China": 60.0}), "TKM")
    assert tests[0].passed is None  # the table holds no TKM rows
    tests = claims.corridors_tests(_corridors("TKM", gas_shares={"Russia": 40.0, "China": 60.0}), "TKM")
    assert tests[0].passed is True and tests[0].numbers == "60.0% (2024): Russia 40.0%; China 60.0%"


# --- (d) security ----------------------------------------------------------------------------------

def _shares(us_first, us_last, totals=(100.0, 100.0)):
    rows = []
    for (first, last), us, total in zip(((1992, 2008), (2017, 2024)), (us_first, us_last), totals):
        for supplier, value in ((security.USA, us), (security.RUSSIA, 100 - us)):
            rows.append({"country": "KAZ", "year": last, "series": "s", "value": value if total else math.nan,
                         "unit": "% of TIV", "supplier": supplier, "period": engagement.period_label(first, last),
                         "first": first, "tiv": value * total / 100, "tiv_total": total})
    return pd.DataFrame(rows)


def test_security_rule_and_the_tests_without_data():
    tests = claims.security_tests(_shares(2.0, 5.0), "KAZ")
    assert [t.passed for t in tests] == [True, True, True, None, None]
    assert tests[0].numbers == "2.0% (1992–2008) → 5.0% (2017–24)"
    assert "no breakdown by sector" in tests[3].reason and "joint exercises" in tests[4].reason
    assert claims.security_tests(_shares(3.6, 0.15), "KAZ")[0].passed is False
    tiny = claims.security_tests(_shares(0.0, 0.35), "UZB")
    assert [t.passed for t in tiny[:3]] == [True, True, False]  # grew from nothing, but 0.35% is below 5%
    none = claims.security_tests(_shares(0.0, 5.0, totals=(0.0, 100.0)), "KAZ")[0]
    assert none.passed is None and none.reason == "SIPRI records no deliveries to Kazakhstan in 1992–2008"


# --- (e) reform ------------------------------------------------------------------------------------

def _reform(fx=(2966.0, 8070.0), openness=(36.0, 59.0), fdi=(1175.0, 2105.0), growth=(7.6, 6.1)):
    rows = []
    for key, (before, after) in zip(("fx", "openness", "fdi", "growth"), (fx, openness, fdi, growth)):
        for year in range(2010, 2025):
            value = before if year <= 2016 else after
            rows.append({"country": "UZB", "year": year, "series": claims.REFORM_SERIES[key], "value": value,
                         "unit": "u", "datasets": "wdi_x"})
    return pd.DataFrame(rows)


def test_reform_tests_use_the_stated_thresholds():
    tests = claims.reform_tests(_reform())
    assert [t.passed for t in tests] == [True, True, True, False]
    assert tests[0].numbers == "2,966 som per USD (2016) → 8,070 (2018)"
    assert tests[2].numbers == "average USD 1.2 billion (2010–16) → USD 2.1 billion (2018–24)"  # 2017 left out
    assert tests[1].numbers == "average 36.0% of GDP (2010–16) → 59.0% of GDP (2018–24)"
    assert tests[3].numbers == "average 7.6% a year (2010–16) → 6.1% a year (2018–24)"
    gap = claims.reform_tests(_reform(fdi=(math.nan, 2105.0)))[2]
    assert gap.passed is None and gap.reason == "a period it compares has no data"
    assert claims.reform_tests(_reform(openness=(36.0, 40.9)))[1].passed is False  # 4.9 points < 5


# --- (f) balance -----------------------------------------------------------------------------------

def _balance(values, notes=None):
    notes = notes or {}
    return pd.DataFrame([{"country": "KAZ", "year": 2023.0, "series": claims.BALANCE_LABELS[k], "value": v,
                          "unit": "u", "key": k, "text": "not reported" if math.isnan(v) else f"{v:g}",
                          "year_label": "2023", "datasets": "d", "note": notes.get(k, "")}
                         for k, v in values.items()])


BALANCE = {"unga_USA_change": 11.0, "unga_RUS_change": -12.1, "unga_CHN_change": -7.7, "trade_imports_RUS": 26.5,
           "trade_imports_CHN": 27.4, "trade_exports_RUS": 12.4, "trade_exports_CHN": 18.7,
           "china_commitments": 64100.0, "us_obligations_same_years": 2800.0}


def test_balance_rules_and_a_partner_the_sources_do_not_list():
    tests = claims.balance_tests(_balance(BALANCE), "KAZ")
    assert [t.passed for t in tests] == [True, True, False, True, False]
    assert tests[2].numbers.startswith("53.9%") and tests[4].numbers.startswith("4.4%")
    gap = claims.balance_tests(_balance({**BALANCE, "trade_imports_RUS": math.nan},
                                        {"trade_imports_RUS": "not reported: not among the three largest partners"}),
                               "KAZ")[2]
    assert gap.passed is None and gap.reason == "not among the three largest partners"
    both = claims.balance_tests(_balance({**BALANCE, "unga_USA_change": math.nan, "unga_RUS_change": math.nan},
                                         {"unga_USA_change": "not reported: no score for the 2019 session",
                                          "unga_RUS_change": "not reported: no score for the 2019 session"}), "KAZ")[0]
    assert both.reason == "no score for the 2019 session"  # said once


# --- (g) water ----------------------------------------------------------------------------------------

def test_water_downstream_above_and_upstream_below_internal_resources():
    table = pd.DataFrame([{"country": c, "year": 2022.0, "series": "w", "value": v, "unit": "%", "basin": b,
                           "text": f"{v:g}%", "year_label": "2022", "datasets": "wdi_w", "note": ""}
                          for c, v, b in (("UZB", 263.0, "downstream"), ("KAZ", 39.0, "downstream"),
                                          ("KGZ", 16.0, "upstream"), ("TJK", math.nan, "upstream"))])
    table.loc[3, "note"] = "not reported: the World Bank reports no withdrawals for Tajikistan"
    tests = claims.water_tests(table)
    assert [t.passed for t in tests] == [True, False, True, None]
    assert tests[3].reason == "the World Bank reports no withdrawals for Tajikistan"
    assert tests[0].name == "Uzbekistan (downstream) withdraws more than its own water"


# --- sentences and headlines -------------------------------------------------------------------------

def test_verdict_sentences_and_titles_say_no_data_in_words():
    verdict = verdicts.judge("U.S. security cooperation grew", [verdicts.no_data("aid", "r", "no sector data")])
    assessment = claims.Assessment("security", "KAZ", pd.DataFrame(), verdict, "Caveat.")
    assert claims.verdict_text(assessment) == "**Verdict: no data.** The data decide none of its one test. Caveat."
    assert claims._title(verdict) == "U.S. security cooperation grew — no data (the data decide none of its one test)"
    mixed = verdicts.judge("c", [verdicts.Test("a", "r", True, "1"), verdicts.Test("b", "r", False, "2")])
    assert claims._title(mixed) == "c — mixed (1 of 2 tests pass)"
    gaps = verdicts.judge("c", [verdicts.Test("a", "r", False, "1"), verdicts.no_data("b", "r", "none")])
    assert claims._title(gaps) == "c — not supported (0 of 1 test passes, 1 without data)"


def test_headlines_give_one_row_per_claim_with_its_verdict(_isolated_data_env):
    rows = claims.headlines("UZB", 2000, 2025)
    assert list(rows["key"]) == [f"claim_{k}" for k in claims.CLAIMS]
    assert set(rows["topic"]) == {"Claims"} and set(rows["text"]) <= set(verdicts.VERDICTS)
    assert rows.set_index("key").loc["claim_balance", "measure"] == "Uzbekistan counterbalances Russia and China"
    assert all(rows["datasets"].str.len() > 0)


# --- the notebook ---------------------------------------------------------------------------------

@pytest.mark.notebook
def test_claims_report_shows_the_verdict_table_and_a_figure_per_claim(theme_reports):
    html, alts = checked_report(theme_reports["claims", "KAZ"], min_figures=7)
    assert len(alts) == 7
    assert "data/claims/claims-verdicts.csv" in html and ">Verdict<" in html  # the verdict table, with its data
    assert html.count("data/claims/tests-") >= len(claims.CLAIMS)  # each claim's tests table
    for claim in claims.CLAIMS.values():
        assert claim.replace("The state", "Kazakhstan") in html
    for word in ("None", "nan", "n/a"):
        assert f" {word} " not in html and f">{word}<" not in html
