"""UNGA voting: the three Voeten loaders, their code tables, the agreement recomputation, the notebook."""

from __future__ import annotations

import csv
import datetime as dt
import math
from types import SimpleNamespace

import pandas as pd
import pycountry
import pyreadr
import pytest

from helpers import data
from helpers.present import figures, text
from helpers.themes import alignment
from helpers.data.countries import CENTRAL_ASIA, POWERS, is_iso3_country, name_table
from helpers.data.sources import PANEL_COLUMNS, unga
from report_fixtures import checked_report

JUNE = "unga_idealpoints_2024"
JULY = "unga_idealpoints_2025"
VOTES = "unga_votes"
JUNE_FILE = "IdealpointestimatesAll_Jun2024.csv"
JULY_FILE = "IdealpointsJuly2025.dta"
FORMER_STATES = {"DDR", "CSK", "YMD"}
POWER_COLUMN = {"USA": "USAgree", "RUS": "RUSSAgree", "CHN": "ChinaAgree"}


# --- raw files, read here without the project's parsers -------------------------------------------

@pytest.fixture(scope="module")
def june_rows(mirror_root) -> list[dict]:
    with open(mirror_root / JUNE / JUNE_FILE, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def june_value(rows, ccode: int, session: int, column: str) -> str:
    (row,) = [r for r in rows if r["ccode"] == str(ccode) and r["session"] == str(session)]
    return row[column]


@pytest.fixture(scope="module")
def july_raw(mirror_root) -> pd.DataFrame:
    return pd.read_stata(mirror_root / JULY / JULY_FILE)


@pytest.fixture(scope="module")
def raw_votes(mirror_root) -> pd.DataFrame:
    return pyreadr.read_r(str(mirror_root / VOTES / "un_votes.rda"))["un_votes"]


@pytest.fixture(scope="module")
def votes(_isolated_data_env) -> pd.DataFrame:
    return alignment.load_votes()


COW = {"KAZ": 705, "UZB": 704, "KGZ": 703, "TJK": 702, "TKM": 701, "RUS": 365, "CHN": 710, "USA": 2}


# --- code tables -----------------------------------------------------------------------------------

def test_every_cow_code_of_both_files_maps(mirror_root, july_raw):
    june = pd.read_csv(mirror_root / JUNE / JUNE_FILE, usecols=["ccode"])
    table = name_table("cow_codes")
    codes = {str(c) for c in june["ccode"]} | {str(int(c)) for c in july_raw["ccode"]}
    assert len(codes) == 199
    assert sorted(codes - set(table)) == []
    assert all(is_iso3_country(code) or code in FORMER_STATES for code, _agg in table.values())


def test_cow_table_agrees_with_the_files_own_iso3_except_where_documented(mirror_root):
    june = pd.read_csv(mirror_root / JUNE / JUNE_FILE, usecols=["ccode", "iso3c"]).drop_duplicates()
    table = name_table("cow_codes")
    disagree = {str(c): (iso, table[str(c)][0]) for c, iso in zip(june["ccode"], june["iso3c"]) if table[str(c)][0] != iso}
    # Yugoslavia's seat is Serbia's today; the file calls South Yemen 'YAR' like North Yemen, which is 'YEM' in ISO 3166.
    assert disagree == {"345": ("YUG", "SRB"), "678": ("YAR", "YEM"), "680": ("YAR", "YMD")}


@pytest.mark.parametrize(("ccode", "code"), [
    (705, "KAZ"), (704, "UZB"), (703, "KGZ"), (702, "TJK"), (701, "TKM"), (365, "RUS"), (710, "CHN"),
    (2, "USA"), (713, "TWN"), (260, "DEU"), (255, "DEU"), (265, "DDR"), (680, "YMD"), (640, "TUR"),
])
def test_cow_codes(ccode, code):
    assert unga.from_cow(ccode) == code
    assert unga.from_cow(float(ccode)) == code


def test_unknown_cow_code_names_the_table():
    with pytest.raises(KeyError, match="cow_codes.csv"):
        unga.from_cow(9999)


def test_every_unvotes_country_maps(raw_votes):
    pairs = raw_votes[["country", "country_code"]].drop_duplicates()
    assert len(pairs) == 200
    codes = {c: unga.from_unvotes(c, k) for c, k in zip(pairs["country"], pairs["country_code"])}
    special = name_table("unvotes_names")
    for country, iso2 in zip(pairs["country"], pairs["country_code"]):
        if country not in special:  # the ordinary ISO2 route must be pycountry's, nothing else
            assert codes[country] == pycountry.countries.get(alpha_2=iso2).alpha_3
    assert sorted(set(special) - set(codes)) == []  # no stale rows in the table


@pytest.mark.parametrize(("country", "iso2", "code"), [
    ("Kazakhstan", "KZ", "KAZ"), ("Uzbekistan", "UZ", "UZB"), ("Kyrgyzstan", "KG", "KGZ"), ("Tajikistan", "TJ", "TJK"),
    ("Turkmenistan", "TM", "TKM"), ("United States", "US", "USA"), ("China", "CN", "CHN"), ("Russia", "RU", "RUS"),
    ("Namibia", "NA", "NAM"), ("Taiwan", "TW", "TWN"), ("Yugoslavia", "YU", "SRB"), ("Czechoslovakia", "CS", "CSK"),
    ("Federal Republic of Germany", None, "DEU"), ("German Democratic Republic", "DD", "DDR"),
    ("Yemen Arab Republic", None, "YEM"), ("Yemen People's Republic", "YD", "YMD"),
])
def test_unvotes_codes(country, iso2, code):
    assert unga.from_unvotes(country, iso2) == code


def test_namibia_is_not_read_as_missing(raw_votes):
    assert set(raw_votes.loc[raw_votes["country"] == "Namibia", "country_code"]) == {"NA"}


def test_unknown_unvotes_country_names_the_table():
    with pytest.raises(KeyError, match="unvotes_names.csv"):
        unga.from_unvotes("Atlantis", None)


# --- parsers on tiny files written here ------------------------------------------------------------

def _june_csv(tmp_path, rows):
    header = ('"","ccode","session","NVotesAll","IdealPointAll","QO%All","Q5%All","Q10%All","Q50%All","Q90%All",'
              '"Q95%All","Q100%All","iso3c","Countryname","USAgree","RUSSAgree","BrazilAgree","ChinaAgree","IndiaAgree","IsraelAgree"')
    path = tmp_path / JUNE_FILE
    path.write_bytes(("\r\n".join([header, *rows]) + "\r\n").encode("utf-8"))  # CRLF, as published
    return path


def test_june_parser_on_a_tiny_file(tmp_path):
    path = _june_csv(tmp_path, [
        '"1",705,74,91,-0.63,-1.1,-0.89,-0.83,-0.62,-0.42,-0.38,-0.2,"KAZ","Kazakhstan",0.1428571,0.6781609,0.68,0.8202247,0.80,NA',
        '"2",365,46,73,0.5,0,0,0,0,0,0,1,"RUS","Russia",0.25,NA,0.5,0.75,0.5,0.1',
    ])
    table = unga.parse(SimpleNamespace(id=JUNE), {JUNE_FILE: path})
    assert list(table.columns) == PANEL_COLUMNS
    got = table.set_index(["country", "year", "indicator"])["value"]
    assert got[("KAZ", 2019, "agreement_USA")] == 0.1428571
    assert got[("KAZ", 2019, "agreement_CHN")] == 0.8202247
    assert got[("KAZ", 2019, "ideal_point_all")] == -0.63
    assert got[("KAZ", 2019, "votes_all")] == 91
    assert got[("RUS", 1991, "agreement_USA")] == 0.25
    assert ("KAZ", 2019, "agreement_ISR") not in got.index      # NA is missing, not zero
    assert ("RUS", 1991, "agreement_RUS") not in got.index
    assert set(table["source"]) == {JUNE} and not table["is_aggregate"].any()


def test_june_parser_refuses_a_country_year_given_twice(tmp_path):
    row = '"{i}",{c},45,84,1.9,0,0,0,0,0,0,1,"DEU","Germany",0.5,0.2,0.5,0.3,0.3,0.5'
    path = _june_csv(tmp_path, [row.format(i=1, c=255), row.format(i=2, c=260)])  # both DEU in 1990
    with pytest.raises(ValueError, match="DEU 1990"):
        unga.parse(SimpleNamespace(id=JUNE), {JUNE_FILE: path})


def test_july_parser_on_a_tiny_stata_file(tmp_path):
    frame = pd.DataFrame({
        "ccode": pd.Series([705, 705, 260], dtype="int16"), "iso3c": ["KAZ", "KAZ", ""], "countryname": ["Kazakhstan", "Kazakhstan", ""],
        "year": pd.Series([2023.0, 2024.0, 1990.0], dtype="float32"),
        "idealpointfp": pd.Series([-0.36, -0.51, math.nan], dtype="float32"),
        "idealpointall": pd.Series([-0.55, math.nan, math.nan], dtype="float32"),
        "idealpointlegacy": pd.Series([-0.51, math.nan, 1.89], dtype="float32"),
        "nvotesfp": [81.0, 93.0, math.nan], "nvotesall": [208.0, math.nan, math.nan], "nvotesLegacy": [80.0, math.nan, 84.0],
    })
    path = tmp_path / JULY_FILE
    frame.to_stata(path, write_index=False, version=118)
    table = unga.parse(SimpleNamespace(id=JULY), {JULY_FILE: path})
    assert list(table.columns) == PANEL_COLUMNS and table["year"].dtype == "int64"
    got = table.set_index(["country", "year", "indicator"])["value"]
    assert got[("KAZ", 2024, "ideal_point_fp")] == pytest.approx(-0.51, abs=1e-6)
    assert got[("KAZ", 2024, "votes_fp")] == 93
    assert ("KAZ", 2024, "ideal_point_all") not in got.index
    assert got[("DEU", 1990, "ideal_point_legacy")] == pytest.approx(1.89, abs=1e-6)  # empty iso3c: mapped by ccode
    assert ("DEU", 1990, "ideal_point_fp") not in got.index


def _write_rda(tmp_path, votes, calls, issues):
    files = {}
    for name, frame in (("un_votes", votes), ("un_roll_calls", calls), ("un_roll_call_issues", issues)):
        path = tmp_path / f"{name}.rda"
        pyreadr.write_rdata(str(path), frame, df_name=name)
        files[f"{name}.rda"] = path
    return files


def _tiny_votes(tmp_path, vote="yes"):
    votes = pd.DataFrame({"rcid": [10.0, 10.0, 10.0, 11.0, 11.0], "country": ["Kazakhstan", "Namibia", "Russia", "Kazakhstan", "Yemen Arab Republic"],
                          "country_code": ["KZ", "NA", "RU", "KZ", None], "vote": [vote, "no", "abstain", "yes", "yes"]})
    calls = pd.DataFrame({"rcid": [10, 11], "session": [74.0, 40.0], "importantvote": ["1", None],
                          "date": [dt.date(2020, 1, 14), dt.date(1985, 12, 1)], "unres": ["A/RES/74/1", None],
                          "amend": [None, "1"], "para": ["0", None], "short": ["a", "b"], "descr": ["A", "B"]})
    issues = pd.DataFrame({"rcid": [10, 10], "short_name": ["me", "hr"], "issue": ["Palestinian conflict", "Human rights"]})
    return _write_rda(tmp_path, votes, calls, issues)


def test_vote_parser_on_tiny_rda_files(tmp_path):
    files = _tiny_votes(tmp_path)
    table = unga.parse(SimpleNamespace(id=VOTES), files)
    assert list(table.columns) == unga.VOTE_COLUMNS
    rows = table.set_index(["rcid", "country"])
    assert rows.loc[(10, "KAZ"), "vote"] == "yes" and rows.loc[(10, "NAM"), "vote"] == "no"
    assert rows.loc[(10, "RUS"), "vote"] == "abstain" and rows.loc[(11, "YEM"), "vote"] == "yes"
    assert rows.loc[(10, "KAZ"), "session"] == 74 and rows.loc[(10, "KAZ"), "year"] == 2020  # calendar year of the date
    assert rows.loc[(10, "KAZ"), "importantvote"] == 1 and pd.isna(rows.loc[(11, "KAZ"), "importantvote"])
    assert rows.loc[(11, "KAZ"), "amend"] == 1 and pd.isna(rows.loc[(10, "KAZ"), "amend"]) and rows.loc[(10, "KAZ"), "para"] == 0
    assert bool(rows.loc[(10, "KAZ"), "me"]) and bool(rows.loc[(10, "KAZ"), "hr"]) and not rows.loc[(10, "KAZ"), "nu"]
    assert not rows.loc[(11, "KAZ"), ["me", "nu", "di", "hr", "co", "ec"]].any()
    assert rows.loc[(11, "KAZ"), "unres"] == ""
    descriptions = unga.roll_call_descriptions(files)
    assert list(descriptions["short"]) == ["a", "b"]


def test_vote_parser_refuses_an_unknown_vote_code(tmp_path):
    with pytest.raises(ValueError, match="absent"):
        unga.parse(SimpleNamespace(id=VOTES), _tiny_votes(tmp_path, vote="absent"))


def test_vote_parser_needs_all_three_files(tmp_path):
    files = _tiny_votes(tmp_path)
    del files["un_roll_call_issues.rda"]
    with pytest.raises(ValueError, match="un_roll_call_issues.rda"):
        unga.parse(SimpleNamespace(id=VOTES), files)


def test_parse_names_an_unknown_dataset():
    with pytest.raises(ValueError, match="no parser"):
        unga.parse(SimpleNamespace(id="unga_other"), {})


# --- loaders against the raw files -------------------------------------------------------------------

@pytest.mark.parametrize("dataset_id", [JUNE, JULY])
def test_panels_keep_the_tidy_contract(dataset_id):
    frame = data.load(dataset_id)
    assert list(frame.columns) == PANEL_COLUMNS and len(frame) > 100_000
    assert not frame.duplicated(["country", "year", "indicator"]).any()
    assert frame["value"].notna().all() and frame["year"].dtype == "int64"
    assert set(CENTRAL_ASIA) | set(POWERS) <= set(frame["country"])


@pytest.mark.parametrize("country", CENTRAL_ASIA)
@pytest.mark.parametrize("power", POWERS)
def test_june_loader_matches_the_raw_file(june_rows, country, power):
    published = float(june_value(june_rows, COW[country], 78, POWER_COLUMN[power]))
    series = alignment.agreement(country, power)
    assert series[2023] == published
    assert series.index.max() == 2023 and series.index.min() >= 1992


def test_source_json_session_74_values(june_rows):
    """source.json: session 74, KAZ-USA 0.143, KAZ-RUS 0.678, KAZ-CHN 0.820."""
    assert round(alignment.agreement("KAZ", "USA")[2019], 3) == 0.143
    assert round(alignment.agreement("KAZ", "RUS")[2019], 3) == 0.678
    assert round(alignment.agreement("KAZ", "CHN")[2019], 3) == 0.820
    assert alignment.agreement("KAZ", "CHN")[2019] == float(june_value(june_rows, 705, 74, "ChinaAgree"))


@pytest.mark.parametrize(("country", "year"), [("KAZ", 2024), ("UZB", 2024), ("KAZ", 2022), ("TKM", 1995)])
def test_july_loader_matches_the_raw_file(july_raw, country, year):
    row = july_raw[(july_raw["ccode"] == COW[country]) & (july_raw["year"] == year)].iloc[0]
    ideal = alignment.ideal_points([country], "fp", year, year)
    assert ideal.loc[year, country] == float(row["idealpointfp"])
    if year < 2024:
        assert alignment.ideal_points([country], "legacy", year, year).loc[year, country] == float(row["idealpointlegacy"])
    else:
        assert math.isnan(alignment.ideal_points([country], "all", year, year).loc[year, country])


def test_vote_loader_matches_the_raw_file(votes, raw_votes, mirror_root):
    calls = pyreadr.read_r(str(mirror_root / VOTES / "un_roll_calls.rda"))["un_roll_calls"]
    assert len(votes) == len(raw_votes) == 870_109
    kz = raw_votes[raw_votes["country_code"] == "KZ"]
    assert (votes["country"] == "KAZ").sum() == len(kz)
    session74 = set(calls.loc[calls["session"] == 74, "rcid"])
    assert ((votes["country"] == "KAZ") & (votes["session"] == 74)).sum() == kz["rcid"].isin(session74).sum() == 91
    first = kz.iloc[0]
    mine = votes[(votes["rcid"] == int(first["rcid"])) & (votes["country"] == "KAZ")]["vote"].item()
    assert mine == str(first["vote"])
    assert set(votes["vote"]) == {"yes", "abstain", "no"}
    assert (votes["year"] == 2020).any() and votes["session"].max() == 74  # session 74 runs into 2020


# --- the agreement recomputation --------------------------------------------------------------------------

RECOMPUTED = [  # (country, power, year): sessions that exercise each rule
    ("KAZ", "USA", 2019), ("KAZ", "RUS", 2019), ("KAZ", "CHN", 2019),   # source.json's example
    ("UZB", "USA", 1997),   # records added without important-vote code, with paragraph votes
    ("KAZ", "USA", 2016),   # 35 added records
    ("KGZ", "RUS", 1996), ("TJK", "CHN", 2008), ("TKM", "USA", 1995),
    ("KAZ", "USA", 1992),   # one unanimous roll call
    ("USA", "RUS", 1985),   # the Soviet seat, older records whose amendment votes count
]


@pytest.mark.parametrize(("country", "power", "year"), RECOMPUTED)
def test_recomputed_agreement_equals_voetens_published_score(votes, june_rows, country, power, year):
    published = june_value(june_rows, COW[country], year - 1945, POWER_COLUMN[power])
    mine = alignment.recompute_agreement(votes, country, power).loc[year, "agreement"]
    assert f"{mine:.7g}" == published  # the CSV's own text, R's 7 significant digits
    assert alignment.same_at_published_precision([mine], [float(published)])[0]


def test_every_central_asian_session_recomputes_exactly(votes):
    check = alignment.published_vs_recomputed(votes, CENTRAL_ASIA, POWERS, 1992, 2019)
    assert len(check) == 402  # 5 states x 3 powers x their sessions 1992-2019
    assert check["exact"].all(), check[~check["exact"]]
    assert check["difference"].abs().max() < 5e-8


def test_the_rules_matter(votes):
    """Without the unanimity and added-record rules, or by calendar year, the scores do not reproduce."""
    published = alignment.agreement("KAZ", "USA")
    plain = alignment.recompute_agreement(votes, "KAZ", "USA", sample=False)
    both = plain.join(published.rename("published"), how="inner")
    exact = alignment.same_at_published_precision(both["agreement"], both["published"])
    assert len(both) == 28 and exact.sum() == 7
    by_calendar = alignment.voeten_sample(votes).assign(session=lambda f: f["year"] - 1945)
    calendar = alignment.recompute_agreement(by_calendar, "KAZ", "USA", sample=False)
    assert not alignment.same_at_published_precision([calendar.loc[2019, "agreement"]], [published[2019]])[0]


def test_voeten_sample_drops_unanimous_and_added_split_votes(votes):
    sampled = alignment.voeten_sample(votes)
    unanimous = alignment.unanimous_roll_calls(votes)
    assert len(unanimous) == 82 and not sampled["rcid"].isin(unanimous).any()
    added_split = votes["importantvote"].isna() & ((votes["amend"] == 1) | (votes["para"] == 1)).fillna(False)
    assert added_split.sum() > 0 and not sampled.index.isin(votes.index[added_split.to_numpy()]).any()
    old_split = votes["importantvote"].notna() & (votes["amend"] == 1).fillna(False)
    assert sampled.index.isin(votes.index[old_split.to_numpy()]).any()  # kept, as Voeten keeps them


# --- issue areas, the shift, ideal points ---------------------------------------------------------------

def test_agreement_by_issue_adds_up(votes):
    by_issue = alignment.agreement_by_issue(votes, "KAZ", ["USA", "RUS"], 2019, 2019)
    overall = by_issue[(by_issue["issue"] == "all")].set_index("power")
    for power in ("USA", "RUS"):
        session = alignment.recompute_agreement(votes, "KAZ", power).loc[2019]
        assert overall.loc[power, "votes"] == session["votes"]
        assert overall.loc[power, "agreement"] == pytest.approx(session["agreement"])
    me = by_issue[(by_issue["issue"] == "me") & (by_issue["power"] == "USA")].iloc[0]
    assert 0 < me["votes"] < overall.loc["USA", "votes"]
    pooled = alignment.agreement_by_issue(votes, "KAZ", ["USA"], 1992, 2019).set_index("issue")
    assert pooled.loc["me", "agreement"] < 0.1 < pooled.loc["di", "agreement"]  # Middle East: almost never with the US


def test_issue_flags_match_the_raw_issue_file(votes, mirror_root):
    issues = pyreadr.read_r(str(mirror_root / VOTES / "un_roll_call_issues.rda"))["un_roll_call_issues"]
    per_call = votes.drop_duplicates("rcid").set_index("rcid")
    for code in unga.ISSUES:
        assert per_call[code].sum() == issues.loc[issues["short_name"] == code, "rcid"].nunique()


def test_shift_is_the_difference_of_session_means(june_rows):
    kaz = {int(r["session"]) + 1945: float(r["RUSSAgree"]) for r in june_rows if r["ccode"] == "705"}
    before = sum(kaz[y] for y in range(2016, 2021)) / 5
    after = (kaz[2022] + kaz[2023]) / 2
    row = alignment.shift(["KAZ"], ["RUS"]).iloc[0]
    assert row["before"] == pytest.approx(before) and row["after"] == pytest.approx(after)
    assert row["change"] == pytest.approx(after - before) and row["change"] < -0.05
    assert row["spanning"] == kaz[2021] and row["before_sessions"] == 5 and row["after_sessions"] == 2


def test_missing_sessions_are_missing_not_zero():
    uzb = alignment.agreement("UZB", "USA")
    assert alignment.missing_years(uzb, 1992, 2023) == [1992, 1993, 2001]
    assert text.year_ranges([1992, 1993, 2001]) == "1992–1993 and 2001"
    assert text.year_ranges([2001]) == "2001" and text.year_ranges([]) == ""
    table = alignment.agreement_table(["UZB"], "USA", 1992, 2024)
    assert table["UZB"].isna().sum() == 4 and (table["UZB"].dropna() > 0).all()  # 1992, 1993, 2001, 2024


def test_agreement_only_with_the_six_partners():
    with pytest.raises(ValueError, match="USA, RUS, CHN, IND, BRA, ISR"):
        alignment.agreement("KAZ", "TUR")


def test_the_two_ideal_point_releases_reconcile():
    rec = alignment.reconcile_ideal_points()
    assert rec["pairs"] == rec["june_rows"] == rec["legacy_rows"] == 11_238
    assert rec["legacy_max_abs_difference"] < 2e-7 and rec["votes_identical"] == 1.0
    assert rec["last_year"] == {"june_all": 2023, "legacy": 2023, "all": 2023, "fp": 2024}
    assert 0.95 < rec["corr"].loc["fp", "legacy"] < 1
    assert alignment.coverage() == {"agreement": 2023, "ideal_fp": 2024, "ideal_all": 2023, "ideal_legacy": 2023, "votes": 2019}


def test_signed_and_sentence_helpers():
    assert text.signed(-0.004) == "0.00" and text.signed(-0.66) == "−0.66" and text.signed(8.2, 1) == "+8.2"
    assert alignment.in_sentence("USA") == "the United States" and alignment.in_sentence("RUS") == "Russia"
    assert alignment.issue_phrase("Human rights") == "human rights"
    assert alignment.issue_phrase("Middle East (Palestinian conflict)").startswith("Middle East")


# --- the notebook's figures and sentences, on small hand-made tables -------------------------------------

GARBAGE = ("None", "nan", "n/a", "–None", "in None")


def agreement_rows(values: dict[tuple[str, str], dict[int, float]]) -> pd.DataFrame:
    """Tidy agreement data from {(country, power): {year: percent}}."""
    rows = [{"country": c, "year": y, "series": f"Agreement with {alignment.in_sentence(p)}", "value": v,
             "unit": alignment.AGREEMENT_UNIT, "power": p}
            for (c, p), by_year in values.items() for y, v in by_year.items()]
    return pd.DataFrame(rows)


def clean(sentence: str) -> str:
    assert not any(bad in sentence for bad in GARBAGE), sentence
    return sentence


def test_agreement_sentence_for_one_session():
    data = agreement_rows({("KAZ", "USA"): {2023: 25.0}, ("KAZ", "RUS"): {2023: 56.0}, ("KAZ", "CHN"): {2023: 74.0},
                           ("UZB", "USA"): {2023: 20.0}, ("UZB", "RUS"): {2023: 60.0}, ("UZB", "CHN"): {2023: 70.0}})
    sentence = clean(alignment.agreement_text(data, "KAZ", 2023, 2023))
    assert not sentence.startswith("Over")  # no mean 'over 2023–2023'
    assert sentence.startswith("In 2023 the shares were China **74%**, Russia **56%** and the United States **25%**; "
                               "its agreement with the US ranks 1 of the 2 states compared")
    assert "every session from 2023 to 2023" in sentence
    figure = alignment.agreement_figure(data, "KAZ")
    assert figure.id == "agreement-with-powers"
    assert figure.title == "In 2023 Kazakhstan voted like China on 74% of roll calls, like Russia on 56% and like the United States on 25%"
    assert "2023, for Kazakhstan, Uzbekistan" in figure.alt


def test_agreement_sentence_names_missing_sessions():
    data = agreement_rows({(c, p): {2000: 30.0, 2001: float("nan"), 2002: 40.0} for c in ("UZB", "KAZ")
                           for p in POWERS})
    sentence = clean(alignment.agreement_text(data, "UZB", 2000, 2002))
    assert sentence.startswith("Over 2000–2002 Uzbekistan voted with **China on 35%**")
    assert "no score for Uzbekistan in 2001" in sentence and "comparison states: Kazakhstan 2001." in sentence


def test_agreement_after_the_file_ends_is_said_in_words():
    data = alignment.agreement_data(["KAZ", "UZB"], 2024, 2024)
    assert data.empty and alignment.agreement_figure(data, "KAZ") is None
    assert clean(alignment.agreement_text(data, "KAZ", 2024, 2024)) == (
        "Voeten's UNGA data reports no agreement scores for Kazakhstan: its file ends with the 2023 session.")


def ideal_rows(values: dict[str, dict[int, float]]) -> pd.DataFrame:
    table = pd.DataFrame(values)
    return figures.tidy(table, "Ideal point", alignment.IDEAL_UNIT)


def test_ideal_sentence_for_one_year_and_for_none():
    data = ideal_rows({"KAZ": {2024: -0.5}, "USA": {2024: 2.2}, "RUS": {2024: -0.6}, "CHN": {2024: -0.9}})
    sentence = clean(alignment.ideal_text(data, "KAZ", 2024, 2024))
    assert sentence == ("In 2024 the distance from Kazakhstan to **Russia** is **0.10**, to the United States 2.70 "
                        "and to China 0.40.")  # no 'nearest in 2024' twice, no 2016–2020 means outside the range
    assert alignment.ideal_figure(data, "KAZ").title == (
        "In 2024 Kazakhstan's ideal point (-0.50) lies 0.10 from Russia's and 2.70 from that of the United States")
    empty = alignment.ideal_data(["KAZ"], 2025, 2025)
    assert alignment.ideal_figure(empty, "KAZ") is None
    assert clean(alignment.ideal_text(empty, "KAZ", 2025, 2025)) == (
        "Voeten's UNGA data reports no ideal point for Kazakhstan: its file ends with 2024.")


def issue_rows(first: int, last: int, counts: dict[str, int]) -> pd.DataFrame:
    agreement = {"USA": 20.0, "RUS": 74.0, "CHN": 77.0}
    rows = [{"country": "KAZ", "year": last, "series": label, "value": agreement[p] - i, "unit": alignment.AGREEMENT_UNIT,
             "power": p, "votes": counts[p] // (2 if label != alignment.ALL_ROLL_CALLS else 1), "first_year": first}
            for p in POWERS for i, label in enumerate([*alignment.ISSUES.values(), alignment.ALL_ROLL_CALLS])]
    return pd.DataFrame(rows)


def test_issue_sentence_states_each_pairs_own_count():
    """The count of roll calls is each pair's own, not the US pair's for all three (KAZ: 2,021 / 2,009 / 1,990)."""
    issues = issue_rows(1992, 2019, {"USA": 2021, "RUS": 2009, "CHN": 1990})
    sentence = clean(alignment.issue_text(issues, "KAZ", 2019))
    assert sentence.startswith("Of the roll calls in 1992–2019 on which both voted, Kazakhstan voted with China on 71% "
                               "(1,990 roll calls), Russia on 68% (2,009 roll calls) and the US on 14% (2,021 roll calls).")
    assert "2,021 roll calls in" not in sentence


def test_issue_sentence_for_one_session_and_for_none():
    one = clean(alignment.issue_text(issue_rows(2019, 2019, {"USA": 80, "RUS": 79, "CHN": 78}), "KAZ", 2019))
    assert one.startswith("Of the roll calls in 2019 on which both voted")
    assert alignment.issue_figure(issue_rows(2019, 2019, {"USA": 80, "RUS": 79, "CHN": 78}), "KAZ").title.endswith(
        "(Middle East (Palestinian conflict)), 2019")
    assert clean(alignment.issue_text(pd.DataFrame(columns=["value"]), "KAZ", 2019)) == (
        "The unvotes file reports no individual roll calls for Kazakhstan: it ends with the 2019 session.")
    assert alignment.issue_figure(pd.DataFrame(columns=["value"]), "KAZ") is None


def test_issue_data_counts_each_pair(votes):
    issues = alignment.issue_data(votes, "KAZ", 1992, 2024)
    overall = issues[issues["series"] == alignment.ALL_ROLL_CALLS].set_index("power")["votes"]
    assert overall.to_dict() == {"USA": 2021, "RUS": 2009, "CHN": 1990}
    assert set(issues["year"]) == {2019} and set(issues["first_year"]) == {1992}
    assert alignment.issue_data(votes, "KAZ", 2024, 2024).empty
    assert alignment.issue_tables(votes, ["KAZ"], "KAZ", 2024, 2024) == []


def shift_rows(values: dict[str, dict[str, tuple[float, float, float]]]) -> pd.DataFrame:
    periods = list(alignment._periods().items())
    return pd.DataFrame([{"country": c, "year": last, "series": series, "value": v, "unit": "%", "power": p, "first_year": first}
                         for c, by_power in values.items() for p, triple in by_power.items()
                         for (series, (first, last)), v in zip(periods, triple)])


def test_shift_sentence_and_title():
    shifts = shift_rows({"KAZ": {"USA": (20.0, 25.0, 22.0), "RUS": (70.0, 60.0, 65.0), "CHN": (75.0, 74.0, 74.5)},
                         "UZB": {"USA": (18.0, 20.0, 19.0), "RUS": (72.0, 70.0, 71.0), "CHN": (74.0, 73.0, 73.0)}})
    figure = alignment.shift_figure(shifts, "KAZ")
    assert figure.title == "After 2022 Kazakhstan's agreement with Russia fell by 10.0 points and with the US rose by 5.0 points"
    sentence = clean(alignment.shift_text(shifts, "KAZ"))
    assert sentence.startswith("Kazakhstan voted with **Russia** on 70.0% of roll calls in 2016–2020 (mean of sessions) "
                               "and 60.0% in 2022–2023: **−10.0 percentage points**.")
    assert sentence.endswith("Among the 2 states compared, Kazakhstan's change in agreement with Russia ranks 1 (1 = the largest fall).")
    nan = float("nan")
    missing = shift_rows({"KAZ": {p: (nan, nan, nan) for p in POWERS}})
    assert clean(alignment.shift_text(missing, "KAZ")) == (
        "Voeten's UNGA data reports no agreement scores before and after 2022 for Kazakhstan.")


def test_shift_change_is_that_of_the_printed_means():
    """81.23% -> 77.36% prints as 81.2% -> 77.4%, so the change is −3.8 points (−3.9 from the unrounded means)."""
    shifts = shift_rows({"KGZ": {"USA": (15.0, 17.0, 16.0), "RUS": (81.23, 77.36, 80.0), "CHN": (81.0, 77.0, 79.0)}})
    assert "81.2% of roll calls in 2016–2020 (mean of sessions) and 77.4% in 2022–2023: **−3.8 percentage points**" in (
        alignment.shift_text(shifts, "KGZ"))
    assert "Russia fell by 3.8 points" in alignment.shift_figure(shifts, "KGZ").title


def test_issue_tables_say_how_a_missing_cell_is_shown(votes):
    ((table_id, heading, table), _) = alignment.issue_tables(votes, ["KAZ", "UZB"], "UZB", 1992, 2019)
    assert table_id == "issues-usa" and list(table.index) == ["Kazakhstan", "Uzbekistan"]
    assert heading == "**Agreement with the United States by issue, all five states, 1994–2019** (–: no shared votes)"


def test_check_without_sessions_is_said_in_words(votes):
    check = alignment.check_data(votes, ["KAZ"], 2024, 2024)
    assert check.empty and alignment.check_figure(check) is None
    assert clean(alignment.check_text(check, votes, "KAZ")) == (
        "Voeten's UNGA data reports no sessions with both published and recomputed agreement for Kazakhstan.")


def test_coverage_gap_note_only_after_the_agreement_scores_end():
    cover = {"agreement": 2023, "votes": 2019, "ideal_fp": 2024}
    assert alignment.coverage_gap_text(cover, 2023) == ""
    assert alignment.coverage_gap_text(cover, 2024).startswith("> **Data gap.** No agreement scores exist here after the 2023")


# --- the notebook -------------------------------------------------------------------------------------------



@pytest.mark.notebook
@pytest.mark.parametrize("country", ["KAZ", "UZB"])
def test_alignment_report_has_figures_with_alt_text(theme_reports, country):
    checked_report(theme_reports["alignment", country], min_figures=5)


@pytest.mark.notebook
def test_alignment_report_numbers_match_the_data(theme_reports, votes):
    kaz = theme_reports["alignment", "KAZ"].html.read_text(encoding="utf-8")
    usa, rus, chn = (alignment.agreement("KAZ", p) for p in ("USA", "RUS", "CHN"))
    assert (f"In 2023 the shares were China <strong>{text.pct(chn[2023])}</strong>, Russia <strong>{text.pct(rus[2023])}</strong> "
            f"and the United States <strong>{text.pct(usa[2023])}</strong>") in kaz
    assert f"with <strong>the United States on {text.pct(usa.loc[1992:2023].mean())}</strong>" in kaz
    row = alignment.shift(["KAZ"], ["USA", "RUS"]).set_index("power")
    assert f"<strong>{text.signed(100 * row.loc['RUS', 'change'], 1)} percentage points</strong>" in kaz
    assert text.signed(100 * row.loc["RUS", "change"], 1) == "−9.8"
    assert f"{text.pct(rus[2021], 1)} in 2021 to {text.pct(rus[2022], 1)} in 2022" in kaz
    check = alignment.published_vs_recomputed(votes, CENTRAL_ASIA, POWERS, 1992, 2019)
    assert f"<strong>{int(check['exact'].sum())} of {len(check)}</strong>" in kaz
    dist = alignment.distances("KAZ", start_year=1992, end_year=2024)
    assert f"is <strong>{text.num(dist.loc[2024].min(), 2)}</strong>" in kaz

    uzb = theme_reports["alignment", "UZB"].html.read_text(encoding="utf-8")
    assert "no score for Uzbekistan in 1992–1993 and 2001" in uzb
    by_issue = alignment.agreement_by_issue(votes, "UZB", POWERS, 1994, 2019).set_index(["issue", "power"])
    assert (f"Of the roll calls in 1994–2019 on which both voted, Uzbekistan voted with China on "
            f"{text.pct(by_issue.loc[('all', 'CHN'), 'agreement'])} ({int(by_issue.loc[('all', 'CHN'), 'votes']):,} roll calls)") in uzb
