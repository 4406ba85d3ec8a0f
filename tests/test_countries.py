"""Country codes: the explicit name tables, M49 codes and the Central Asian registry."""

from __future__ import annotations

import csv
import json
from importlib import resources

import pytest

from helpers.data import catalog, countries
from helpers.data.countries import (CENTRAL_ASIA, UnknownCountryError, check_central_asian, default_peers,
                               from_m49, is_iso3_country, name_table)
from helpers.data.sources import ei

FORMER_STATES = {"SUN", "ANT", "SCG", "M49:736"}


@pytest.fixture(scope="module")
def ei_doc(mirror_root):
    dataset = catalog.get("ei_statistical_review_2026_json")
    with open(mirror_root / dataset.id / dataset.file().name, encoding="utf-8") as fh:
        return json.load(fh)


def _raw_table(table: str) -> list[dict]:
    text = resources.files("helpers.data.tables").joinpath(f"{table}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


# --- EI names -------------------------------------------------------------------------

def test_every_ei_country_sheet_name_maps(ei_doc):
    names = {e["name"] for sheet in ei.country_sheets(ei_doc) for e in ei_doc["sheets"][sheet]["entities"]}
    assert len(names) > 100
    table = name_table("ei_names")
    assert sorted(names - set(table)) == []


def test_every_pipeline_matrix_name_maps(ei_doc):
    grid = ei_doc["sheets"][ei.PIPELINE_TRADE_SHEET]["grid"]
    at = next(i for i, r in enumerate(grid) if r and r[0] == "To")
    end = next(i for i, r in enumerate(grid) if r and r[0].startswith("Total exports"))
    names = {n for n in grid[at][1:] if n and n != "Total imports"} | {r[0].strip() for r in grid[at + 1:end] if r[0]}
    assert sorted(names - set(name_table("ei_names"))) == []


@pytest.mark.parametrize(("entity", "code", "aggregate"), [
    ("US", "USA", False),
    ("Russian Federation", "RUS", False),
    ("Türkiye", "TUR", False),
    ("Kazakhstan", "KAZ", False),
    ("Turkmenistan", "TKM", False),
    ("Uzbekistan", "UZB", False),
    ("China", "CHN", False),
    ("Iran", "IRN", False),
    ("South Korea", "KOR", False),
    ("Total World", "WLD", True),
    ("Other CIS", "EI:OTHER_CIS", True),
    ("European Union", "EUU", True),
    ("EU", "EUU", True),
    ("Total CIS", "EI:TOTAL_CIS", True),
    ("USSR", "SUN", False),
])
def test_ei_name(entity, code, aggregate):
    assert ei.to_code(entity) == (code, aggregate)


def test_unknown_ei_name_points_at_the_table():
    with pytest.raises(KeyError, match="ei_names.csv"):
        ei.to_code("Atlantis")


@pytest.mark.parametrize(("table", "key"), [("ei_names", "name"), ("un_m49_areas", "m49")])
def test_name_table_is_well_formed(table, key):
    rows = _raw_table(table)
    keys = [r[key] for r in rows]
    assert len(keys) == len(set(keys)), "a name is listed twice (the later row would silently win)"
    assert {r["is_aggregate"] for r in rows} <= {"true", "false"}
    for r in rows:
        code, aggregate = r["code"], r["is_aggregate"] == "true"
        if aggregate:
            assert not is_iso3_country(code), r
        else:
            assert is_iso3_country(code) or code in FORMER_STATES, r
    assert len(name_table(table)) == len(rows)


# --- UN M49 ---------------------------------------------------------------------------

@pytest.mark.parametrize(("m49", "expected"), [
    (398, ("KAZ", False)), ("398", ("KAZ", False)), (860, ("UZB", False)), (795, ("TKM", False)),
    (417, ("KGZ", False)), (762, ("TJK", False)), (643, ("RUS", False)), (156, ("CHN", False)),
    (143, ("M49:143", True)), (1, ("WLD", True)), ("001", ("WLD", True)), (142, ("M49:142", True)),
])
def test_from_m49(m49, expected):
    assert from_m49(m49) == expected


def test_unknown_m49_code_raises():
    with pytest.raises(KeyError, match="999"):
        from_m49(999)


# --- the registry ---------------------------------------------------------------------

def test_central_asia_is_the_five_states():
    assert CENTRAL_ASIA == ("KAZ", "UZB", "KGZ", "TJK", "TKM")
    assert all(is_iso3_country(c) for c in CENTRAL_ASIA)


@pytest.mark.parametrize(("given", "expected"), [("kaz", "KAZ"), ("KAZ", "KAZ"), (" uzb ", "UZB"),
                                                 ("Tjk", "TJK")])
def test_check_central_asian_normalises(given, expected):
    assert check_central_asian(given) == expected


@pytest.mark.parametrize("bad", ["XXX", "RUS", "", "KZ", "Kazakhstan"])
def test_check_central_asian_rejects_with_the_five_codes(bad):
    with pytest.raises(UnknownCountryError) as info:
        check_central_asian(bad)
    message = str(info.value)
    assert f"'{bad}'" in message
    for code in CENTRAL_ASIA:
        assert code in message
    assert "Kazakhstan" in message and "Tajikistan" in message
    assert isinstance(info.value, ValueError)


def test_check_central_asian_suggests_a_close_code():
    with pytest.raises(UnknownCountryError, match=r"did you mean KAZ\?"):
        check_central_asian("KAX")


@pytest.mark.parametrize(("country", "peers"), [
    ("KAZ", ["UZB", "KGZ", "TJK", "TKM"]),
    ("uzb", ["KAZ", "KGZ", "TJK", "TKM"]),
    ("TKM", ["KAZ", "UZB", "KGZ", "TJK"]),
])
def test_default_peers(country, peers):
    assert default_peers(country) == peers


def test_default_peers_rejects_non_central_asian():
    with pytest.raises(UnknownCountryError):
        default_peers("RUS")


@pytest.mark.parametrize(("code", "expected"), [("KAZ", "Kazakhstan"), ("RUS", "Russia"), ("WLD", "World"),
                                                ("TUR", "Türkiye"), ("EI:OTHER_CIS", "Other CIS"), ("M49:143", "Central Asia"),
                                                ("FRA", "France")])
def test_display_names(code, expected):
    assert countries.name(code) == expected


@pytest.mark.parametrize(("code", "expected"), [("KAZ", True), ("XKX", True), ("WLD", False), ("EUU", False),
                                                ("SUN", False), ("EI:OTHER_CIS", False)])
def test_is_iso3_country(code, expected):
    assert is_iso3_country(code) is expected
