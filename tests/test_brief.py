"""The brief: every headline number equals the value read independently from the loaders (and, for a few, from
the raw mirrored files), missing numbers are said to be missing, and the rendered page is short and traceable."""

from __future__ import annotations

import html
import math
import re

import pandas as pd
import pytest

from helpers import data
from helpers.data import catalog
from helpers.themes import alignment, brief, claims, findings
from helpers.data.sources import aid, ei, sipri
from report_fixtures import figure_alts

TABLE_HEADING = "Where each number comes from"


@pytest.fixture(scope="module")
def tables():
    return {c: brief.headlines(c) for c in ("KAZ", "UZB", "TJK", "TKM")}


def value(table: pd.DataFrame, key: str) -> float:
    return float(findings.row(table, key)["value"])


def panel_value(dataset_id: str, indicator, country: str, year: int) -> float:
    rows = data.panel(dataset_id, indicator, [country])
    return float(rows.loc[rows["year"] == year, "value"].iloc[0])


def partner_share(country: str, flow: str, partner: str, year: int = 2023) -> float:
    rows = data.load("un_syb_major_trading_partners")
    rows = rows[(rows["reporter"] == country) & (rows["year"] == year) & (rows["flow"] == flow)]
    return float(rows.loc[rows["partner"] == partner, "share_pct"].iloc[0])


# --- formatting --------------------------------------------------------------------------------------

def test_formatting_of_numbers_as_printed():
    assert findings.percent(18.73) == "18.7%"
    assert findings.percent(0.4284) == "0.43%"
    assert findings.percent(math.nan) == "not reported"
    assert findings.points(-12.07) == "−12.1 points"
    assert findings.points(11.04) == "+11.0 points"
    assert findings.usd_million(19.0169) == "USD 19.0 million"
    assert findings.usd_million(64146.16) == "USD 64.1 billion"
    assert "$" not in findings.usd_million(5.0)
    assert findings.year_label(2024, None, fiscal=True) == "FY2024"
    assert findings.year_label(2021, 2000) == "2000–2021"
    assert findings.year_label(None) == "–"


# --- the table's shape ---------------------------------------------------------------------------------

@pytest.mark.parametrize("country", ["KAZ", "UZB", "TJK", "TKM"])
def test_headlines_shape_and_traceability(tables, country):
    table = tables[country]
    assert list(table.columns) == brief.COLUMNS
    assert list(table["ref"]) == list(range(1, len(table) + 1))
    assert table["key"].is_unique
    known = set(catalog.catalog())
    for cell in table["datasets"]:
        assert cell and set(cell.split("; ")) <= known
    present = table[table["value"].notna()]
    missing = table[table["value"].isna()]
    assert present["year"].notna().all() and (present["year_label"] != "–").all()
    assert (missing["text"] == "not reported").all()
    assert missing["note"].str.match(r"not reported: \S").all()
    assert set(table["topic"]) == set(brief.TOPICS)  # no topic vanishes, even when its numbers are missing


# --- each value against the loaders, read independently -----------------------------------------------

@pytest.mark.parametrize("country", ["KAZ", "UZB"])
def test_trade_shares_equal_the_syb_partner_table(tables, country):
    table = tables[country]
    for flow in ("exports", "imports"):
        for power in ("CHN", "RUS"):
            assert value(table, f"trade_{flow}_{power}") == pytest.approx(partner_share(country, flow, power))
    assert value(tables["KAZ"], "trade_exports_ITA") == pytest.approx(18.8)
    assert findings.row(tables["KAZ"], "trade_exports_ITA")["measure"].endswith("(largest listed partner)")


def test_trade_share_equals_the_raw_syb_csv(tables):
    raw = pd.read_csv(data.path("un_syb_major_trading_partners"), skiprows=1, encoding="utf-8-sig")
    raw = raw.rename(columns={raw.columns[1]: "reporter_name"})
    hit = raw[(raw["reporter_name"] == "Kazakhstan") & (raw["Year"] == 2023)
              & (raw["Series"].str.endswith("(% of imports)")) & (raw["Major trading partner 1 (% of exports)"] == "China")]
    assert value(tables["KAZ"], "trade_imports_CHN") == pytest.approx(float(hit["Value"].iloc[0]))


def test_uzbek_areas_nes_is_kept_and_explained(tables):
    top = findings.row(tables["UZB"], "trade_exports_SYB:AREAS_NES")
    assert top["value"] == pytest.approx(29.9)
    assert "gold" in top["note"]
    assert "Areas nes at **29.9%**" in brief.trade_sentence(tables["UZB"], "UZB")


@pytest.mark.parametrize("country", ["KAZ", "UZB", "TJK"])
def test_unga_agreement_and_change_since_2019(tables, country):
    table = tables[country]
    for power in brief.POWERS:
        latest = 100 * panel_value("unga_idealpoints_2024", f"agreement_{power}", country, 2023)
        base = 100 * panel_value("unga_idealpoints_2024", f"agreement_{power}", country, 2019)
        assert value(table, f"unga_{power}") == pytest.approx(latest)
        assert findings.row(table, f"unga_{power}")["year"] == 2023
        assert value(table, f"unga_{power}_change") == pytest.approx(round(latest, 1) - round(base, 1))  # as printed
        assert findings.row(table, f"unga_{power}_change")["year_label"] == "2019–2023"


def test_unga_agreement_equals_the_raw_voeten_csv(tables):
    raw = pd.read_csv(data.path("unga_idealpoints_2024"))
    kaz = raw[(raw["iso3c"] == "KAZ") & (raw["session"] == 2023 - 1945)].iloc[0]
    assert value(tables["KAZ"], "unga_USA") == pytest.approx(100 * kaz["USAgree"])
    assert value(tables["KAZ"], "unga_RUS") == pytest.approx(100 * kaz["RUSSAgree"])
    assert value(tables["KAZ"], "unga_CHN") == pytest.approx(100 * kaz["ChinaAgree"])
    assert findings.row(tables["KAZ"], "unga_USA_change")["text"] == "+11.0 points"


@pytest.mark.parametrize("country", ["KAZ", "UZB"])
def test_oil_gas_and_pipeline_exports_equal_the_ei(tables, country):
    table = tables[country]
    ei_id = "ei_statistical_review_2026_json"
    assert value(table, "oil_production") == pytest.approx(panel_value(ei_id, "Oil Production - tonnes", country, 2025))
    assert value(table, "gas_production") == pytest.approx(panel_value(ei_id, "Gas Production - Bcm", country, 2025))
    trade = ei.pipeline_gas_trade(data.path(ei_id))
    mine = trade[(trade["exporter"] == country) & (trade["bcm"] > 0)]
    assert value(table, "gas_pipeline_exports") == pytest.approx(mine["bcm"].sum())
    china = mine.loc[mine["importer"] == "CHN", "bcm"].sum()
    assert value(table, "gas_pipeline_exports_CHN") == pytest.approx(100 * china / mine["bcm"].sum())
    assert findings.row(table, "oil_production")["text"] == ("99.4 Mt" if country == "KAZ" else "1.8 Mt")


@pytest.mark.parametrize("country, year", [("KAZ", 2024), ("UZB", 2018), ("TJK", 2024)])
def test_military_share_of_gdp_equals_sipri(tables, country, year):
    row = findings.row(tables[country], "military_gdp")
    assert row["year"] == year
    assert row["value"] == pytest.approx(panel_value("sipri_milex", sipri.SHARE_OF_GDP, country, year))
    if country == "UZB":  # SIPRI's gap after 2018 is named, in the table and in the sentence
        assert row["note"].endswith("no figure for 2019–2024")
        assert "SIPRI has none for 2019–2024" in brief.military_sentence(tables["UZB"], "UZB")


@pytest.mark.parametrize("country", ["KAZ", "UZB", "TJK"])
def test_remittances_share_of_gdp_equals_wdi(tables, country):
    expected = 100 * panel_value("wdi_remittances", None, country, 2024) / panel_value("wdi_gdp_usd", None, country, 2024)
    assert value(tables[country], "remittances_gdp") == pytest.approx(expected)
    assert findings.row(tables[country], "remittances_gdp")["year"] == 2024


def test_turkmen_remittances_are_old_and_said_to_be(tables):
    row = findings.row(tables["TKM"], "remittances_gdp")
    assert row["year"] == 1996
    assert "none for 1997–2024" in brief.remittance_sentence(tables["TKM"], "TKM")


@pytest.mark.parametrize("country", ["KAZ", "UZB", "TJK"])
def test_us_assistance_equals_foreign_assistance_gov(tables, country):
    table = tables[country]
    for measure in ("Obligations", "Disbursements"):
        expected = panel_value("us_foreign_aid", aid.us_indicator(measure, "constant"), country, 2024) / 1e6
        row = findings.row(table, f"us_{measure.lower()}")
        assert row["value"] == pytest.approx(expected)
        assert row["year_label"] == "FY2024"


@pytest.mark.parametrize("country", ["KAZ", "UZB", "TJK"])
def test_chinese_commitments_and_us_obligations_over_the_same_years(tables, country):
    table = tables[country]
    gcdf = data.panel("china_gcdf3_country_year", aid.gcdf_indicator(), [country], 2000, 2021)
    assert value(table, "china_commitments") == pytest.approx(gcdf["value"].sum() / 1e6)
    # U.S. obligations 2000-2021 re-expressed in FY2021 prices with the file's own deflator, computed here
    us = data.load("us_foreign_aid")
    fy21 = us[(us["year"] == 2021) & ~us["is_aggregate"]]
    const = fy21[fy21["indicator"] == "Obligations, constant US$"].set_index("country")["value"]
    curr = fy21[fy21["indicator"] == "Obligations, current US$"].set_index("country")["value"]
    factor = (curr / const)[const.abs() > 1e5].dropna().median()
    mine = us[(us["country"] == country) & (us["indicator"] == "Obligations, constant US$") & us["year"].between(2000, 2021)]
    assert value(table, "us_obligations_same_years") == pytest.approx(mine["value"].sum() * factor / 1e6)
    assert findings.row(table, "china_commitments")["year_label"] == "2000–2021"


# --- a state with gaps -----------------------------------------------------------------------------

def test_tajikistan_gaps_are_rows_with_reasons(tables):
    table = tables["TJK"]
    for key in ("oil_production", "gas_production", "gas_pipeline_exports", "gas_pipeline_exports_CHN"):
        row = findings.row(table, key)
        assert math.isnan(row["value"]) and "Other CIS" in row["note"]
    russia = findings.row(table, "trade_exports_RUS")
    assert math.isnan(russia["value"])
    third = data.load("un_syb_major_trading_partners")
    third = third[(third["reporter"] == "TJK") & (third["year"] == 2023) & (third["flow"] == "exports")]["share_pct"].min()
    assert russia["note"].endswith(f"below the third-ranked partner's {findings.percent(third)}")
    bullets = " ".join(brief.sentences(table, "TJK"))
    assert "Not reported: the EI Statistical Review does not list Tajikistan separately" in bullets
    assert f"Russia is not among the top three export partners (below {findings.percent(third)})" in bullets


@pytest.mark.parametrize("country", ["KAZ", "UZB", "TJK", "TKM"])
def test_every_reported_number_is_in_the_sentences(tables, country):
    table = tables[country]
    bullets = " ".join(brief.sentences(table, country))
    for row in table[table["value"].notna()].itertuples():
        assert row.text in bullets, (row.key, row.text)
    assert len(brief.sentences(table, country)) == len(set(table["topic"]))


def test_change_since_2019_is_the_difference_of_the_printed_values(tables):
    """82.0% in 2019 and 74.4% in 2023 is −7.6 points (from the unrounded scores it was −7.7)."""
    latest, change = findings.row(tables["KAZ"], "unga_CHN"), findings.row(tables["KAZ"], "unga_CHN_change")
    assert (latest["text"], change["note"], change["text"]) == ("74.4%", "82.0% in 2019", "−7.6 points")
    assert "−7.6 points with China" in brief.unga_sentence(tables["KAZ"], "KAZ")
    for row in tables["UZB"][tables["UZB"]["key"].str.endswith("_change")].itertuples():
        before = float(row.note.split("%")[0])
        after = float(findings.row(tables["UZB"], row.key.removesuffix("_change"))["text"].rstrip("%"))
        assert row.text == findings.points(after - before)


def test_unit_is_that_of_the_printed_value():
    rows = findings.table([
        findings.headline("engagement", "china_commitments", "Chinese finance", "Chinese official commitments", 64146.2,
                          findings.usd_million(64146.2), "USD million, constant 2021 prices", 2021, ["china_gcdf3_country_year"],
                          base_year=2000),
        findings.headline("engagement", "us_obligations", "U.S. assistance", "U.S. obligations", 19.0,
                          findings.usd_million(19.0), "USD million, constant FY2023 prices", 2024, ["us_foreign_aid"],
                          fiscal=True)])
    rows.insert(0, "ref", [1, 2])
    shown = brief.traceability_table(rows)
    assert list(shown["value"]) == ["USD 64.1 billion", "USD 19.0 million"]
    assert list(shown["unit"]) == ["USD billion, constant 2021 prices", "USD million, constant FY2023 prices"]
    assert list(shown["period"]) == ["2000–2021", "FY2024"]


@pytest.mark.parametrize("country", ["KAZ", "UZB", "TJK", "TKM"])
def test_every_printed_money_value_has_its_own_unit(tables, country):
    shown = brief.traceability_table(tables[country])
    for value_text, unit in zip(shown["value"], shown["unit"]):
        if value_text.startswith("USD"):
            assert value_text.split()[-1] == unit.split(",")[0].split()[-1], (value_text, unit)


# --- the brief's figures, for one year and without data ---------------------------------------------

GARBAGE = ("None", "nan", "n/a", "not reported of", "sessions 2021-2021")


def clean(sentence: str) -> str:
    assert not any(bad in sentence for bad in GARBAGE), sentence
    return sentence


def test_figures_for_one_year():
    table = brief.headlines("UZB", 2021, 2021)
    agree = alignment.agreement_data(["UZB"], 2021, 2021)
    figure = brief.agreement_figure(agree, table, "UZB")
    assert figure.id == "agreement" and set(figure.data["year"]) == {2021}
    assert clean(figure.title) == ("Uzbekistan votes most often with China (81.7% of roll calls in 2021); since 2019 its "
                                   "agreement with Russia changed by −2.3 points, with the United States by +0.2 points")
    assert "China, session 2021, with a dotted line" in clean(figure.alt)
    production = brief.production_figure(brief.production_data("UZB", 2021, 2021), table, "UZB")
    assert clean(production.title) == "Uzbekistan produced 2.1 Mt of oil and 50.9 bcm of gas in 2021"
    assert "(billion cubic metres), 2021; in 2021 2.1 Mt" in production.alt
    energy = clean(brief.energy_sentence(table, "UZB"))
    assert "produced **2.1 Mt** of oil and **50.9 bcm** of gas in 2021." in energy  # the year once


def test_figures_without_data_are_said_in_words():
    table = brief.headlines("TJK", 2024, 2024)
    agree = alignment.agreement_data(["TJK"], 2024, 2024)
    assert brief.agreement_figure(agree, table, "TJK") is None
    assert clean(brief.gap_text(agree, "UN General Assembly agreement scores", "Voeten's UNGA data", "TJK", (2024, 2024))) == (
        "Voeten's UNGA data reports no UN General Assembly agreement scores for Tajikistan: none in 2024.")
    production = brief.production_data("TJK", 2000, 2025)
    assert production.empty and brief.production_figure(production, table, "TJK") is None
    empty = pd.DataFrame(columns=brief.SEGMENT_COLUMNS)
    assert brief.trade_figure(empty, "TJK") is None
    assert brief.gap_text(empty, "trading partners", "The UN Statistical Yearbook", "TJK") == (
        "The UN Statistical Yearbook reports no trading partners for Tajikistan.")


def test_burden_figure_draws_its_tidy_table_and_marks_missing():
    burden = pd.DataFrame({"country": ["KAZ", "TKM", "KAZ", "TKM"], "year": pd.array([2024, None, 2024, 1999], dtype="Int64"),
                           "series": [brief.BURDENS["remittances"]] * 2 + [brief.BURDENS["military"]] * 2,
                           "value": [0.08, math.nan, 0.43, 2.9], "unit": "% of GDP", "stale": [False, False, False, True]})
    table = findings.table([findings.not_reported("connectivity", "remittances_gdp", "Remittances", "Personal remittances",
                                                  "% of GDP", ["wdi_remittances"], "no data"),
                            findings.headline("security", "military_gdp", "Military spending", "Military expenditure", 2.9,
                                              "2.9%", "% of GDP", 1999, ["sipri_milex"])])
    figure = brief.burden_figure(burden, table, "TKM")
    assert clean(figure.title) == "Remittances to Turkmenistan are not reported and military spending 2.9% (1999)"
    assert figure.alt.endswith("Kazakhstan remittances 0.08% (2024), military 0.43% (2024); Turkmenistan remittances "
                               "not reported, military 2.9% (1999).")
    assert figure.data is burden


def test_trade_segments_are_tidy_and_add_up():
    segments = brief.trade_segments("KAZ")
    assert list(segments.columns[:5]) == ["country", "year", "series", "value", "unit"]
    assert set(segments["year"]) == {2023}
    for flow in ("exports", "imports"):
        assert segments.loc[segments["flow"] == flow, "value"].sum() == pytest.approx(100)
    assert brief.largest_partner(segments, "exports") == ("Italy", pytest.approx(18.8))


# --- the rendered brief ---------------------------------------------------------------------------------

def _brief_part(page: str) -> str:
    """The page above the traceability table: title, bullets and figures."""
    return page.split(TABLE_HEADING)[0]


@pytest.mark.notebook
@pytest.mark.parametrize("country", ["KAZ", "UZB"])
def test_brief_is_short_with_at_most_four_figures_with_alt_text(theme_reports, country):
    page = theme_reports["brief", country].html.read_text(encoding="utf-8")
    alts = figure_alts(page)
    assert 1 <= len(alts) <= 4
    assert all(len(alt) > 40 for alt in alts)
    top = _brief_part(page)
    assert "def " not in top and "import " not in top  # code hidden
    words = re.sub(r"<img[^>]*>|<style.*?</style>|<nav.*?</nav>|<[^>]+>", " ", top, flags=re.S)
    assert len(html.unescape(words).split()) < 700  # one screen of text (the site's bar not counted)
    assert "$" not in html.unescape(words)
    for theme in ("connectivity", "alignment", "energy", "security", "engagement"):  # each bullet links its report
        assert f'<a href="{theme}.html">{theme} report</a>' in top


@pytest.mark.notebook
@pytest.mark.parametrize("country", ["KAZ", "UZB"])
def test_brief_numbers_in_html_equal_the_headlines(theme_reports, tables, country):
    page = theme_reports["brief", country].html.read_text(encoding="utf-8")
    top = html.unescape(_brief_part(page))
    table = tables[country]
    for row in table[table["value"].notna()].itertuples():
        assert row.text in top, (row.key, row.text)
    rest = html.unescape(page.split(TABLE_HEADING)[1])
    for dataset_id in brief.datasets_used(table):
        assert dataset_id in rest
    assert "Oil and gas (Energy Institute Statistical Review, 2025)" in top
    if country == "KAZ":
        assert "produced <strong>99.4 Mt</strong> of oil" in top
        assert f"voted like China on <strong>{findings.row(table, 'unga_CHN')['text']}</strong>" in top
    else:
        assert "The last figure is for 2018" in top


def test_attention_sentence_counts_the_record_and_says_where_it_ends():
    from helpers.themes import findings

    rows = [findings.headline("engagement", "secstate_trips", "U.S. attention", "Trips by the U.S. Secretary of State",
                              8, "8 Secretary of State trips", "trips", 2025, ["us_official_travels"],
                              "record ends 2025-02-19", base_year=2000),
            findings.not_reported("engagement", "presidential_trips", "U.S. attention", "Trips by the U.S. President",
                                  "trips", ["us_official_travels"], "the record ends on 2024-12-02"),
            findings.headline("engagement", "leader_visits", "U.S. attention", "Visits to the U.S.", 7,
                              "7 visits to the United States", "visits", 2024, ["us_foreign_leader_visits"],
                              base_year=2000)]
    table = findings.table(rows).assign(ref=[19, 20, 21])
    sentence = brief.attention_sentence(table, "KAZ")
    assert sentence.startswith("**U.S. attention (Office of the Historian, U.S. State Dept., 2000–2025).** The record "
                               "holds **8 Secretary of State trips**, no count of presidential trips (the record ends "
                               "on 2024-12-02) and **7 visits to the United States** by Kazakhstan's leaders. The "
                               "record runs to: Secretary of State trips 2025-02-19.")
    assert "None" not in sentence and "nan" not in sentence


def test_the_brief_states_each_claims_verdict_and_links_the_claims_report():
    lines = brief.claims_text("UZB", 2000, 2025)
    assert "claims.html" in lines
    for claim in claims.CLAIMS.values():
        assert claim.replace("The state", "Uzbekistan") in lines
    assert "* Kazakhstan and Uzbekistan lead the region: **mixed**, 5 of 7 tests pass." in lines
