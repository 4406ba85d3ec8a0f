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
from helpers.data.countries import CENTRAL_ASIA, is_iso3_country, name_table
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
