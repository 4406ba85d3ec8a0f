"""Engagement theme: aid parsers, COW and U.S.-aid name tables, the curated timeline, the notebook."""

from __future__ import annotations

import csv
import json
import math
import re
from types import SimpleNamespace
from urllib.parse import urlparse

import nbformat
import pandas as pd
import pytest

from helpers.present import text
from helpers.themes import engagement
from helpers.data.countries import CENTRAL_ASIA, is_iso3_country, name, name_table
from helpers.data.sources import aid
from report_fixtures import checked_report

US_HEADER = ['Country Code', 'Country Name', 'Region ID', 'Region Name', 'Income Group Acronym', 'Income Group Name',
             'Transaction Type ID', 'Transaction Type Name', 'Fiscal Year', 'current_amount', 'constant_amount']


def _us_rows(extra=()):
    base = [
        ["KAZ", "Kazakhstan", "4", "South and Central Asia", "UMIC", "x", "2", "Obligations", "2023", "100", "100"],
        ["KAZ", "Kazakhstan", "4", "South and Central Asia", "UMIC", "x", "2", "Obligations", "2024", "50", "48"],
        ["KAZ", "Kazakhstan", "4", "South and Central Asia", "UMIC", "x", "3", "Disbursements", "2023", "70", "70"],
        ["KAZ", "Kazakhstan", "4", "South and Central Asia", "UMIC", "x", "3", "Disbursements", "2024", "-5", "-4"],
        ["KAZ", "Kazakhstan", "4", "South and Central Asia", "UMIC", "x", "1", "Appropriated and Planned", "2022", "30", "30"],
        ["KAZ", "Kazakhstan", "4", "South and Central Asia", "UMIC", "x", "1", "Appropriated and Planned", "2023", "30", "28"],
        ["SCN", "South and Central Asia Region", "4", "South and Central Asia", "NULL", "NULL", "2", "Obligations", "2023", "900", "900"],
        ["NULL", "Soviet Union (former)", "2", "Europe and Eurasia", "NULL", "NULL", "2", "Obligations", "1990", "10", "20"],
        ["USA", "United States", "6", "x", "HIC", "x", "2", "Obligations", "1976tq", "5", "9"],
    ]
    return base + list(extra)


def _write_us(tmp_path, rows):
    path = tmp_path / "us_foreign_aid_country.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(US_HEADER)
        writer.writerows(rows)
    return path


# --- U.S. aid parser on a tiny file ----------------------------------------------------------

def test_us_aid_parser_keeps_measures_apart_and_maps_non_iso_rows(tmp_path):
    path = _write_us(tmp_path, _us_rows())
    table = aid.parse(SimpleNamespace(id="us_foreign_aid"), {"f": path})
    assert list(table.columns) == ["country", "year", "indicator", "value", "unit", "source", "is_aggregate"]
    kaz = table[table["country"] == "KAZ"].set_index(["indicator", "year"])["value"]
    assert kaz[("Obligations, constant US$", 2024)] == 48
    assert kaz[("Obligations, current US$", 2024)] == 50
    assert kaz[("Disbursements, constant US$", 2024)] == -4  # de-obligations kept as reported
    units = table.drop_duplicates("indicator").set_index("indicator")["unit"]
    assert units["Obligations, constant US$"] == "US$ (constant FY2023 prices)"
    assert units["Appropriated and Planned, constant US$"] == "US$ (constant FY2022 prices)"
    assert units["Obligations, current US$"] == "US$ (current prices)"
    region = table[table["country"] == "FA:SCN"]
    assert region["is_aggregate"].all() and set(region["year"]) == {2023}
    soviet = table[table["country"] == "SUN"]
    assert not soviet["is_aggregate"].any() and set(soviet["year"]) == {1990}
    assert "USA" not in set(table["country"])  # the transition quarter '1976tq' is not a fiscal year
    assert table["source"].eq("us_foreign_aid").all()


def test_us_aid_parser_refuses_another_price_base(tmp_path):
    rows = [r if not (r[7] == "Obligations" and r[8] == "2023" and r[0] == "KAZ") else r[:10] + ["90"] for r in _us_rows()]
    rows = [r for r in rows if r[0] != "SCN"]
    with pytest.raises(ValueError, match="price"):
        aid.parse(SimpleNamespace(id="us_foreign_aid"), {"f": _write_us(tmp_path, rows)})


def test_us_aid_parser_names_an_unknown_pseudo_code(tmp_path):
    extra = [["ZZZ", "Atlantis Region", "9", "x", "NULL", "NULL", "2", "Obligations", "2023", "1", "1"]]
    with pytest.raises(KeyError, match="Atlantis Region"):
        aid.parse(SimpleNamespace(id="us_foreign_aid"), {"f": _write_us(tmp_path, _us_rows(extra))})


# --- GCDF parser on a tiny file ----------------------------------------------------------------

def _write_gcdf(tmp_path, rows):
    path = tmp_path / "cow_gcdf.csv"
    pd.DataFrame(rows, columns=["ccode", "year", "oof_amt", "oof_adj", "oda_amt", "oda_adj", "vof_amt", "vof_adj"]).to_csv(path, index=False)
    return path


def test_gcdf_parser_maps_cow_codes_and_treats_zero_as_not_recorded(tmp_path):
    path = _write_gcdf(tmp_path, [[705, 2008, 10.0, 8.0, 0, 0, 2.0, 2.0],
                                  [704, 2010, 0, 0, 0, 0, 0, 0],
                                  [701, 2009, 0, 0, 3.0, 3.0, 0, 0]])
    table = aid.parse(SimpleNamespace(id="china_gcdf3_country_year"), {"f": path})
    values = table.set_index(["country", "year", "indicator"])["value"]
    assert values[("KAZ", 2008, "Commitments: all official finance")] == 12.0
    assert values[("KAZ", 2008, "Adjusted commitments: all official finance")] == 10.0
    assert values[("KAZ", 2008, "Commitments: OOF-like")] == 10.0
    assert ("KAZ", 2008, "Commitments: ODA-like") not in values.index  # a 0 is 'no amount recorded'
    assert values[("TKM", 2009, "Commitments: ODA-like")] == 3.0
    assert "UZB" not in set(table["country"])  # a row of zeros records no amount at all
    assert set(table["unit"]) == {"US$ (constant 2021 prices)"}


def test_gcdf_parser_names_an_unknown_cow_code(tmp_path):
    with pytest.raises(KeyError, match="COW code 9999"):
        aid.parse(SimpleNamespace(id="china_gcdf3_country_year"), {"f": _write_gcdf(tmp_path, [[9999, 2010, 1, 1, 0, 0, 0, 0]])})


# --- Name tables against the raw files ---------------------------------------------------------------

def test_every_gcdf_cow_code_maps_and_agrees_with_the_unga_file(mirror_root):
    raw = pd.read_csv(mirror_root / "china_gcdf3_country_year" / "cow_gcdf.csv")
    table = name_table("cow_codes")
    in_file = {str(c) for c in raw["ccode"]}
    assert sorted(in_file - set(table)) == []
    unga = pd.read_csv(mirror_root / "unga_idealpoints_2024" / "IdealpointestimatesAll_Jun2024.csv",
                       usecols=["ccode", "iso3c"]).drop_duplicates()
    pairs = dict(zip(unga["ccode"].astype(str), unga["iso3c"]))
    disagree = {c: (code, pairs[c]) for c, (code, _agg) in table.items()
                if c in in_file and c in pairs and pairs[c] != code}
    assert disagree == {}
    source = json.loads((mirror_root / "china_gcdf3_country_year" / "source.json").read_text())
    for cow, iso in source["country_code_map"].items():
        assert table[cow] == (iso, False)


def test_every_non_iso_us_aid_recipient_maps(mirror_root):
    raw = pd.read_csv(mirror_root / "us_foreign_aid" / "us_foreign_aid_country.csv", dtype=str, keep_default_na=False)
    names = set(raw.loc[~raw["Country Code"].map(is_iso3_country), "Country Name"])
    table = name_table("us_aid_names")
    assert len(names) > 30 and sorted(names - set(table)) == []
    assert table["South and Central Asia Region"] == ("FA:SCN", True)
    assert table["Soviet Union (former)"] == ("SUN", False)
    assert all(agg for n, (code, agg) in table.items() if n.endswith("Region"))


# --- Loaders at known points ------------------------------------------------------------------------------

@pytest.mark.parametrize("country", ["KAZ", "UZB"])
def test_us_aid_loader_matches_the_raw_file(mirror_root, country):
    source = json.loads((mirror_root / "us_foreign_aid" / "source.json").read_text())
    raw = pd.read_csv(mirror_root / "us_foreign_aid" / "us_foreign_aid_country.csv", dtype=str)
    raw = raw[(raw["Country Code"] == country) & (raw["Fiscal Year"] == "2024")].set_index("Transaction Type Name")
    current = engagement.us_measures(country, 2020, 2025, prices="current")
    constant = engagement.us_measures(country, 2020, 2025)
    assert current.loc[2024, "Obligations"] == source["sanity"][f"{country}_FY2024_obligations_usd"]
    assert current.loc[2024, "Disbursements"] == source["sanity"][f"{country}_FY2024_disbursements_usd"]
    assert constant.loc[2024, "Obligations"] == float(raw.loc["Obligations", "constant_amount"])
    assert constant.loc[2024, "Disbursements"] == float(raw.loc["Disbursements", "constant_amount"])


@pytest.mark.parametrize("country", ["KAZ", "UZB"])
def test_china_commitments_match_the_raw_file(mirror_root, country):
    source = json.loads((mirror_root / "china_gcdf3_country_year" / "source.json").read_text())
    raw = pd.read_csv(mirror_root / "china_gcdf3_country_year" / "cow_gcdf.csv")
    cow = {v: int(k) for k, v in source["country_code_map"].items()}[country]
    rows = raw[raw["ccode"] == cow]
    expected = (rows["oof_amt"] + rows["oda_amt"] + rows["vof_amt"]).sum()
    total = engagement.china_commitments([country], 2000, 2025)[country].sum()
    assert total == pytest.approx(expected, rel=1e-12)
    assert round(total / 1e9, 2) == source["sanity"][f"{country}_2000_2021_total_usd2021_bn"]
    assert engagement.china_commitments([country], 2000, 2025).index.max() == 2021


def test_rebase_factor_is_the_us_files_own_fy2021_deflator(mirror_root):
    raw = pd.read_csv(mirror_root / "us_foreign_aid" / "us_foreign_aid_country.csv", dtype=str)
    row = raw[(raw["Country Code"] == "UZB") & (raw["Fiscal Year"] == "2021") & (raw["Transaction Type Name"] == "Obligations")].iloc[0]
    assert engagement.us_rebase_factor(2021) == pytest.approx(float(row["current_amount"]) / float(row["constant_amount"]), rel=1e-5)
    table = engagement.us_and_china("KAZ", 2000, 2025)
    assert table.index.max() == 2021
    assert table.loc[2010, "U.S. obligations"] == pytest.approx(
        engagement.us_measures("KAZ", 2010, 2010).loc[2010, "Obligations"] * engagement.us_rebase_factor(2021))


def test_partial_year_and_regional_programmes_match_the_source(mirror_root):
    source = json.loads((mirror_root / "us_foreign_aid" / "source.json").read_text())
    assert engagement.US_PARTIAL_FY == source["partial_year"]
    raw = pd.read_csv(mirror_root / "us_foreign_aid" / "us_foreign_aid_country.csv", dtype=str)
    scn = raw[(raw["Country Code"] == "SCN") & (raw["Fiscal Year"] == "2024") & (raw["Transaction Type Name"] == "Obligations")]
    assert engagement.regional_programmes(2020, 2024)[2024] == float(scn["constant_amount"].iloc[0])


def test_cumulative_ratio_and_years_text():
    series = pd.Series([math.nan, 1.0, math.nan, 2.0], index=[2000, 2001, 2002, 2003])
    assert engagement.cumulative(series).tolist()[1:] == [1.0, 1.0, 3.0]
    assert math.isnan(engagement.cumulative(series).iloc[0])
    assert engagement.ratio_of_totals(pd.Series([6.0, math.nan]), pd.Series([1.0, 2.0])) == 2.0
    assert math.isnan(engagement.ratio_of_totals(pd.Series([1.0]), pd.Series([math.nan])))
    assert text.year_ranges([2004, 2008, 2010, 2011, 2012]) == "2004, 2008 and 2010–2012"
    assert text.year_ranges([2019]) == "2019" and text.year_ranges([]) == ""


# --- The curated timeline ------------------------------------------------------------------------------------

GOVERNMENT_HOSTS = (".gov", "usembassy.gov", "akorda.kz", "uzbekistan-geneva.ch")


def test_every_timeline_row_has_a_date_country_codes_and_a_source():
    with open(engagement.TIMELINE_PATH, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 10
    for row in rows:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["date"]), row
        pd.Timestamp(row["date"])  # a real calendar date
        codes = row["countries"].split(";")
        assert codes and set(codes) <= set(CENTRAL_ASIA), row
        assert urlparse(row["source_url"]).scheme in ("http", "https") and urlparse(row["source_url"]).netloc, row
        assert row["level"] in engagement.LEVELS and row["format"] in ("C5+1", "bilateral"), row
        assert row["source_kind"] in ("primary", "secondary") and len(row["source_note"]) > 30, row
        if row["format"] == "C5+1":
            assert sorted(codes) == sorted(CENTRAL_ASIA), row
        if row["source_kind"] == "primary":
            assert urlparse(row["source_url"]).netloc.endswith(GOVERNMENT_HOSTS), row


def test_timeline_covers_the_required_events():
    events = engagement.timeline()
    on = {d.strftime("%Y-%m-%d"): row for d, row in zip(events["date"], events.itertuples())}
    assert on["2015-11-01"].format == "C5+1" and "Samarkand" in on["2015-11-01"].event
    assert on["2023-09-19"].level == "head of state" and "New York" in on["2023-09-19"].event
    assert on["2023-09-19"].source_url.startswith("https://www.whitehouse.gov/")
    assert on["2025-11-06"].level == "head of state" and "White House" in on["2025-11-06"].event
    assert (events["level"] == "ministerial").sum() >= 6
    assert list(events["date"]) == sorted(events["date"])
    assert set(engagement.timeline("UZB")["year"]) >= {2015, 2018, 2023, 2025}
    assert "2018-05-16" not in set(engagement.timeline("KAZ")["date"].dt.strftime("%Y-%m-%d"))
    assert engagement.event_years(engagement.timeline("KAZ"), ["head of state"]) == [2018, 2023, 2025]


# --- The notebook ------------------------------------------------------------------------------------

@pytest.mark.notebook
@pytest.mark.parametrize("country", ["KAZ", "UZB"])
def test_engagement_report_has_figures_with_alt_text(theme_reports, country):
    html, _ = checked_report(theme_reports["engagement", country], min_figures=4, min_alt=60)
    assert "FY2025 is partial" in html and "Regional programmes are not split by country" in html
    assert "What can and cannot be concluded" in html
    assert f"No U.S. president has visited {name(country)}, nor any other Central Asian state" in html
    assert "Central Asia&#x27;s share of all Secretary of State trips was" in html or \
        "Central Asia's share of all Secretary of State trips was" in html


@pytest.mark.notebook
@pytest.mark.parametrize("country", ["KAZ", "UZB"])
def test_engagement_report_numbers_match_the_data(theme_reports, country):
    html = theme_reports["engagement", country].html.read_text(encoding="utf-8")
    us = engagement.us_measures(country, 2000, 2024) / 1e6
    assert f"obligated <strong>USD {text.num(us.loc[2024, 'Obligations'], 1)} million</strong>" in html
    assert f"disbursed <strong>USD {text.num(us.loc[2024, 'Disbursements'], 1)} million</strong>" in html
    china = engagement.china_commitments([country], 2000, 2025)[country].sum() / 1e9
    assert f"<strong>USD {text.num(china, 1)} billion</strong> of Chinese official commitments" in html
    both = engagement.us_and_china(country, 2000, 2025)
    ratio = engagement.ratio_of_totals(both["Chinese commitments"], both["U.S. obligations"])
    assert f"a ratio of <strong>{text.num(ratio, 1)} to 1</strong>" in html
    region = engagement.regional_programmes(2000, 2024) / 1e6
    assert f"<strong>USD {text.num(region[2024], 0)} million</strong> of FY2024 obligations" in html


@pytest.mark.notebook
def test_engagement_report_known_values(theme_reports):
    kaz = theme_reports["engagement", "KAZ"].html.read_text(encoding="utf-8")
    uzb = theme_reports["engagement", "UZB"].html.read_text(encoding="utf-8")
    assert "obligated <strong>USD 19.0 million</strong> for Kazakhstan" in kaz
    assert "<strong>USD 64.1 billion</strong> of Chinese official commitments to Kazakhstan" in kaz
    assert "obligated <strong>USD 40.9 million</strong> for Uzbekistan" in uzb
    assert "<strong>USD 18.2 billion</strong> of Chinese official commitments to Uzbekistan" in uzb
    agreement = engagement.us_agreement("UZB", 2000, 2025)
    if agreement is not None:
        year = int(agreement.dropna().index.max())
        assert f"<strong>{text.pct(agreement[year])}</strong> of recorded UNGA votes in the {year} session" in uzb
    executed = nbformat.read(theme_reports["engagement", "KAZ"].notebook, as_version=4)
    errors = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs if o.get("output_type") == "error"]
    assert errors == []


# --- The record of trips and visits (Office of the Historian) ------------------------------------------

def _counts(rows):
    """Tidy attention data from (country, year, series, value) rows."""
    table = pd.DataFrame(rows, columns=["country", "year", "series", "value"])
    return table.assign(unit=table["series"].map(engagement.UNITS))


S, P, L = engagement.SECRETARY, engagement.PRESIDENT, engagement.LEADERS
GARBAGE = ("None", "nan", "n/a", "in None", "NaT")


def _clean(sentence: str) -> str:
    assert not any(word in sentence for word in GARBAGE), sentence
    return sentence


def test_attention_counts_match_the_record_for_kazakhstan_and_uzbekistan():
    table = engagement.attention(["KAZ", "UZB"], 1991, 2025)
    sums = {c: engagement.totals(table, c) for c in ("KAZ", "UZB")}
    assert sums["KAZ"] == {S: 10, P: 0, L: 12}
    assert sums["UZB"] == {S: 8, P: 0, L: 5}
    kaz = table[table["country"] == "KAZ"].set_index(["year", "series"])["value"]
    assert kaz[(2023, S)] == 1 and kaz[(2023, L)] == 1 and kaz[(1991, S)] == 1
    assert kaz[(2025, S)] == 0  # the Secretary of State file runs into 2025
    assert math.isnan(kaz[(2025, L)]) and math.isnan(kaz[(2025, P)])  # after the record ends: missing, not zero
    assert set(table["unit"]) == {"trips", "visits"}


def test_attention_text_one_year_and_no_data():
    one = _counts([("KAZ", 2015, S, 1.0), ("KAZ", 2015, P, 0.0), ("KAZ", 2015, L, 2.0)])
    assert _clean(engagement.attention_text(one, "KAZ")) == (
        "In 2015 the Office of the Historian's record holds **1 Secretary of State trip** (2015), **no presidential "
        "trip** and **2 visits of its leaders to the United States** (2015) for Kazakhstan.")
    assert engagement.attention_title(one, "KAZ") == ("Kazakhstan, 2015: 1 Secretary of State trip, no presidential "
                                                      "trip and 2 visits of its leaders to the United States")
    none = _counts([("KAZ", 2026, s, math.nan) for s in engagement.SERIES])
    sentence = _clean(engagement.attention_text(none, "KAZ"))
    assert sentence.startswith("The Office of the Historian's record holds no data for 2026.")
    assert "to 12 November 2024 for leaders' visits" in sentence and "missing, not zero" in sentence
    assert engagement.attention_title(none, "KAZ") == "No record of U.S. high-level trips or visits for 2026"


def test_no_president_has_visited_is_computed():
    assert engagement.presidents_text("KAZ").startswith(
        "**No U.S. president has visited Kazakhstan, nor any other Central Asian state**")
    georgia = _clean(engagement.presidents_text("GEO"))
    assert georgia.startswith("A U.S. president visited Georgia once") and "George W. Bush (9 May 2005, Tbilisi)" in georgia


def test_by_administration_and_its_sentence():
    table = engagement.by_administration("KAZ", 1991, 2025).set_index("administration")
    assert list(table.index) == ["G. H. W. Bush", "Clinton", "G. W. Bush", "Obama", "Trump", "Biden", "Trump (second term)"]
    assert table[S].tolist() == [1, 2, 3, 2, 1, 1, 0]
    assert table[L].tolist()[:6] == [1, 4, 2, 3, 1, 1] and math.isnan(table.loc["Trump (second term)", L])
    assert table.loc["G. H. W. Bush", "from"] == "1991-01-01" and table.loc["Clinton", "to"] == "2001-01-19"
    assert engagement.administration_text(table.reset_index(), "KAZ") == (
        "By administration, for Kazakhstan: most Secretary of State trips came under G. W. Bush (3); "
        "most leaders' visits came under Clinton (4).")
    one = engagement.by_administration("KAZ", 2025, 2025)
    assert list(one["administration"]) == ["Biden", "Trump (second term)"]
    assert _clean(engagement.administration_text(one, "KAZ")) == (
        "By administration, for Kazakhstan: no Secretary of State trips under any administration; "
        "the record holds no leaders' visits for these years.")
    assert engagement.administration_of(pd.Timestamp("2009-01-19")) == "G. W. Bush"


def test_period_counts_for_the_claims_page():
    table = engagement.period_counts(CENTRAL_ASIA,
                                     group="Central Asia").set_index(["period", "series"])
    assert list(dict.fromkeys(table.index.get_level_values(0))) == ["1992–2000", "2001–08", "2009–16", "2017–20", "2021–24"]
    assert (table.loc[("2021–24", S), "records"], table.loc[("2021–24", S), "world_records"]) == (2, 236)
    assert (table.loc[("1992–2000", S), "records"], table.loc[("1992–2000", S), "world_records"]) == (7, 536)
    assert table.loc[("2021–24", S), "share"] == pytest.approx(100 * 2 / 236)
    assert table.loc[("2021–24", L), "records"] == 5 and table.loc[("2021–24", L), "note"] == "record ends 2024-11-12"
    assert (table.xs(P, level="series")["records"] == 0).all()
    later = engagement.period_counts(["KAZ"], periods=((2026, 2030),))
    assert later["records"].isna().all() and later["world_records"].isna().all()
    georgia = engagement.period_counts("GEO", periods=((2001, 2008),)).set_index("series")
    assert georgia.loc[P, "records"] == 1 and georgia.loc[P, "group"] == "GEO"


def test_group_shares_text_and_title_from_a_small_table():
    rows = [("Central Asia", "1992–2000", 2000, S, 1.3, 7, 536), ("Central Asia", "2021–24", 2024, S, 0.85, 2, 236),
            ("Baltic states", "2021–24", 2024, S, 2.1, 5, 236), ("South Caucasus", "2021–24", 2024, S, 0.0, 0, 236),
            ("Central Asia", "2021–24", 2024, L, math.nan, math.nan, math.nan)]
    shares = pd.DataFrame(rows, columns=["country", "period", "year", "series", "value", "records", "world_records"])
    shares = shares.assign(unit="% of all records worldwide")
    assert _clean(engagement.group_shares_text(shares)) == (
        "Central Asia's share of all Secretary of State trips was **0.85%** in 2021–24 (2 of 236), against 1.3% in "
        "1992–2000 (7 of 536). In 2021–24: Baltic states 2.1%; South Caucasus 0%. "
        "The record holds no leaders' visits for the periods asked for.")
    assert engagement.group_shares_title(shares) == (
        "Central Asia received 0.85% of Secretary of State trips abroad in 2021–24, against 1.3% in 1992–2000")
    assert engagement.group_shares_title(shares[shares["series"] == L]).startswith("No Secretary of State trips")


def test_period_label():
    assert engagement.period_label(1992, 2000) == "1992–2000"
    assert engagement.period_label(2001, 2008) == "2001–08"
    assert engagement.period_label(2024, 2024) == "2024"


def test_timeline_events_the_record_holds_and_those_it_does_not():
    events = engagement.with_record(engagement.timeline("KAZ")).set_index(engagement.timeline("KAZ")["date"].dt.strftime("%Y-%m-%d"))
    assert events.loc["2018-01-16", "in_record"] and events.loc["2023-09-19", "in_record"]  # visits on 15 and 21 Sep
    assert events.loc["2015-11-01", "in_record"] and events.loc["2023-02-28", "in_record"]  # Kerry, Blinken trips
    assert not events.loc["2016-08-03", "in_record"] and not events.loc["2025-11-06", "in_record"]
    shown = engagement.events_not_in_record(engagement.timeline("KAZ"))
    assert list(shown["date"]) == ["2016-08-03", "2019-09-22", "2021-04-23", "2022-09-22", "2024-09-27", "2025-11-06"]
    assert engagement.timeline_text(engagement.timeline("KAZ", 2017, 2017), "KAZ", 2017, 2017) == (
        "The curated timeline lists no high-level U.S. engagement with Kazakhstan in 2017.")
    assert "record holds 5 of them" in engagement.timeline_text(engagement.timeline("KAZ", 2000, 2025), "KAZ", 2000, 2025)


def test_attention_headlines():
    rows = engagement.attention_headlines("KAZ", 2000, 2025).set_index("key")
    assert list(rows["topic"].unique()) == ["U.S. attention"]
    assert rows.loc["secstate_trips", "value"] == 8 and rows.loc["secstate_trips", "text"] == "8 Secretary of State trips"
    assert rows.loc["leader_visits", "value"] == 7 and rows.loc["leader_visits", "year_label"] == "2000–2024"
    assert rows.loc["presidential_trips", "text"] == "no presidential trip"
    assert rows.loc["secstate_trips", "note"] == "record ends 2025-02-19"
    later = engagement.attention_headlines("KAZ", 2025, 2025).set_index("key")
    assert later.loc["leader_visits", "text"] == "not reported"
    assert later.loc["leader_visits", "note"] == "not reported: the Office of the Historian's record ends on 2024-11-12"


# --- Sentences of the aid, finance and votes sections ---------------------------------------------------

def _tidy(rows, unit="USD million"):
    return pd.DataFrame(rows, columns=["country", "year", "series", "value"]).assign(unit=unit)


def test_us_assistance_text_one_year_and_no_data():
    one = _tidy([("KAZ", 2024, "Obligations", 19.0169), ("KAZ", 2024, "Disbursements", 18.553)])
    assert _clean(engagement.us_assistance_text(one, "KAZ", None)) == (
        "In FY2024, the last complete fiscal year in the file, U.S. agencies obligated **USD 19.0 million** for "
        "Kazakhstan and disbursed **USD 18.6 million** (constant FY2023 dollars; the two overlap and are not added).")
    assert engagement.us_assistance_title(one, "KAZ") == "U.S. obligations for Kazakhstan were USD 19.0 million in FY2024"
    none = engagement.us_assistance(["KAZ"], 2025, 2025)
    sentence = _clean(engagement.us_assistance_text(none, "KAZ", {"Obligations": 1.18, "Disbursements": 2.52}))
    assert sentence.startswith("ForeignAssistance.gov reports no obligations for Kazakhstan: no complete fiscal year")
    assert "USD 1.18 million obligated and USD 2.52 million disbursed so far" in sentence
    assert engagement.us_assistance_figure(none, "KAZ") is None


def test_us_assistance_peak_and_first_disbursement():
    table = _tidy([("KAZ", 2000, "Obligations", 50.0), ("KAZ", 2001, "Obligations", 100.0), ("KAZ", 2002, "Obligations", 20.0),
                   ("KAZ", 2000, "Disbursements", math.nan), ("KAZ", 2001, "Disbursements", 30.0),
                   ("KAZ", 2002, "Disbursements", 25.0)])
    sentence = engagement.us_assistance_text(table, "KAZ", None)
    assert "Obligations peaked at USD 100.0 million in FY2001." in sentence
    assert "Disbursements are reported only from FY2001." in sentence
    assert engagement.us_assistance_title(table, "KAZ") == ("U.S. obligations for Kazakhstan were USD 20.0 million in "
                                                            "FY2002, 20% of their FY2001 peak")


def test_china_text_one_year_and_no_data():
    one = _tidy([("KAZ", 2008, "ODA-like", 0.1), ("KAZ", 2008, "OOF-like", 9.9),
                 ("KAZ", 2008, "Vague (official finance)", math.nan)], "USD billion")
    assert _clean(engagement.china_text(one, "KAZ", 2008, 2008)) == (
        "AidData records **USD 10.0 billion** of Chinese official commitments to Kazakhstan in 2008 (constant 2021 "
        "dollars), **99%** of it OOF-like, i.e. lending near market terms rather than aid. The largest year: 2008 "
        "(USD 10.0 billion).")
    assert engagement.china_text(engagement.china_classes("KAZ", 2024, 2024), "KAZ", 2024, 2024) == (
        "AidData's GCDF 3.0 ends with commitment year 2021, so it has no Chinese commitments for 2024.")
    empty = _tidy([("KAZ", 2001, label, math.nan) for label in ("ODA-like", "OOF-like")], "USD billion")
    assert _clean(engagement.china_text(empty, "KAZ", 2001, 2001)) == (
        "AidData's GCDF 3.0 reports no Chinese commitments for Kazakhstan: none in 2001.")
    assert engagement.china_figure(empty, "KAZ") is None


def test_us_china_text_one_year_and_no_overlap():
    one = _tidy([("KAZ", 2008, "U.S. obligations", 100.0), ("KAZ", 2008, "U.S. disbursements", 80.0),
                 ("KAZ", 2008, "Chinese commitments", 500.0)])
    sentence = _clean(engagement.us_china_text(one, "KAZ", 2008, 2008))
    assert sentence.startswith("Over 2008, in 2021 prices, U.S. agencies obligated **USD 0.10 billion** for Kazakhstan "
                               "and China committed **USD 0.5 billion**: a ratio of **5.0 to 1**.")
    assert "1 year with a recorded amount" in sentence
    assert engagement.us_china_title(one, "KAZ") == "China committed 5.0× what U.S. agencies obligated for Kazakhstan, 2008"
    none = engagement.us_china("KAZ", 2024, 2024)
    assert _clean(engagement.us_china_text(none, "KAZ", 2024, 2024)).endswith("The comparison needs years up to 2021.")
    assert engagement.us_china_figure(none, "KAZ") is None


def test_agreement_text_and_title_one_year_and_no_data():
    one = _tidy([("KAZ", 2023, engagement.CONTEXT_UNGA, 25.3165)], "%")
    assert engagement.agreement_text(one, "KAZ") == (
        "Kazakhstan voted as the United States did in **25%** of recorded UNGA votes in the 2023 session.")
    assert engagement.context_title(one, "KAZ") == "Kazakhstan voted with the U.S. in 25% of UNGA votes in 2023"
    none = _tidy([("KAZ", 2024, engagement.CONTEXT_AID, 19.0)])
    assert _clean(engagement.agreement_text(none, "KAZ")).startswith("UNGA agreement with the United States is not available")
    assert "no UNGA agreement data" in engagement.context_title(none, "KAZ")


def test_regional_text_without_complete_years():
    assert engagement.regional_text("KAZ", 2025, 2025) == (
        "ForeignAssistance.gov lists no 'South and Central Asia Region' obligations in the complete fiscal years asked for.")


def test_figures_carry_the_tables_they_draw():
    attention = engagement.attention(["KAZ", "UZB"], 1991, 2025)
    figure = engagement.attention_figure(attention, "KAZ")
    assert figure.id == "trips-and-visits" and figure.data is attention
    assert figure.title.startswith("Kazakhstan, 1991–2025: 10 Secretary of State trips")
    shares = engagement.group_shares(engagement.group_comparison())
    regions = engagement.group_shares_figure(shares)
    assert regions.sources == (engagement.TRAVELS, engagement.VISITS) and len(shares) == 5 * 5 * 3
    context = engagement.attention_context("KAZ", 2000, 2025)
    assert set(context["series"]) == {engagement.CONTEXT_ATTENTION, engagement.CONTEXT_AID, engagement.CONTEXT_CHINA,
                                      engagement.CONTEXT_UNGA}
    assert engagement.context_figure(context, engagement.timeline("KAZ"), "KAZ").id == "attention-aid-votes"


@pytest.mark.parametrize("country, secretary, leaders", [
    ("KAZ", [2, 3, 2, 1, 1], [5, 2, 3, 1, 1]),  # counted by hand from the raw XML start-dates
    ("UZB", [2, 1, 3, 1, 1], [2, 1, 0, 1, 1]),
])
def test_period_counts_per_state_match_the_hand_count(country, secretary, leaders):
    table = engagement.period_counts([country])
    assert table.loc[table["series"] == S, "records"].tolist() == secretary
    assert table.loc[table["series"] == L, "records"].tolist() == leaders
    assert table.loc[table["series"] == P, "records"].tolist() == [0] * 5


def test_china_text_names_the_largest_years_in_words():
    two = _tidy([("KAZ", 2008, "OOF-like", 12.7), ("KAZ", 2009, "OOF-like", 11.9)], "USD billion")
    assert "The two largest years: 2008 (USD 12.7 billion); 2009 (USD 11.9 billion)." in engagement.china_text(two, "KAZ", 2008, 2009)
