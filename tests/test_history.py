"""Office of the Historian loaders: official travels abroad and foreign leaders' visits."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pandas as pd
import pytest

from helpers import data
from helpers.data.countries import NameNotInTableError, is_iso3_country, name_table
from helpers.data.sources import history

TRIPS_XML = """<?xml version="1.0" encoding="UTF-8"?>
<trips>
    <trip role="secretary" who="kerry-john-forbes">
        <id>1</id><role>secretary</role><name>John Forbes Kerry</name>
        <start-date>2015-11-01</start-date><end-date>2015-11-01</end-date>
        <country id="uzbekistan">Uzbekistan</country><locale>Samarkand</locale>
        <remarks>Attended the C5+1
            Ministerial.</remarks>
    </trip>
    <trip role="secretary" who="kerry-john-forbes">
        <id>2</id><role>secretary</role><name>John Forbes Kerry</name>
        <start-date>2015-11-02</start-date><end-date>2015-11-02</end-date>
        <country id="kazakhstan">Kazakhstan</country><locale>Astana </locale><remarks/>
    </trip>
    <trip role="president" who="bush-george-h-w">
        <id>3</id><role>president</role><name>George H. W. Bush</name>
        <start-date>1991-07-30</start-date><end-date>1991-07-31</end-date>
        <country id="russia">U.S.S.R.</country><locale>Moscow</locale><remarks>Summit.</remarks>
    </trip>
</trips>"""

VISITS_XML = """<?xml version="1.0" encoding="UTF-8"?>
<visits>
    <visit>
        <id>10</id><start-date>2023-09-21</start-date><end-date>2023-09-21</end-date>
        <visitor> President Kassym-Jomart  Tokayev</visitor>
        <from id="kazakhstan">Kazakhstan</from>
        <description>Participated in C5+1 Presidential Summit.</description>
    </visit>
    <visit>
        <id>11</id><start-date>1994-03-06</start-date><end-date/>
        <visitor>Prime Minister-Prince Norodom Kantol</visitor>
        <from id="yugoslavia">Yugoslavia</from><description/>
    </visit>
</visits>"""


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_travels_parser_on_a_small_file(tmp_path):
    path = _write(tmp_path, "kerry.xml", TRIPS_XML)
    table = history.parse(SimpleNamespace(id="us_official_travels"), {"kerry.xml": path})
    assert list(table.columns) == history.COLUMNS
    assert list(table["record_id"]) == ["3", "1", "2"]  # sorted by date
    soviet, uzbek, kazakh = (table.iloc[i] for i in range(3))
    assert (soviet["country"], soviet["country_name"], soviet["role"]) == ("SUN", "U.S.S.R.", "President")
    assert (uzbek["country"], uzbek["role"], uzbek["official"]) == ("UZB", "Secretary of State", "John Forbes Kerry")
    assert uzbek["date"] == pd.Timestamp("2015-11-01") and uzbek["year"] == 2015
    assert uzbek["remarks"] == "Attended the C5+1 Ministerial."  # line breaks in the XML text collapsed
    assert kazakh["locale"] == "Astana" and kazakh["remarks"] == ""
    assert table["source"].eq("us_official_travels").all()


def test_visits_parser_splits_title_and_name(tmp_path):
    path = _write(tmp_path, "2020.xml", VISITS_XML)
    table = history.parse(SimpleNamespace(id="us_foreign_leader_visits"), {"2020.xml": path})
    yugoslav, kazakh = table.iloc[0], table.iloc[1]
    assert (kazakh["role"], kazakh["official"], kazakh["country"]) == ("President", "Kassym-Jomart Tokayev", "KAZ")
    assert kazakh["remarks"] == "Participated in C5+1 Presidential Summit." and kazakh["locale"] == ""
    assert (yugoslav["role"], yugoslav["official"]) == ("", "Prime Minister-Prince Norodom Kantol")  # no known title
    assert yugoslav["country"] == "YUG" and pd.isna(yugoslav["end_date"])


def test_russia_slug_is_the_soviet_union_before_its_dissolution():
    assert history.country_code("russia", pd.Timestamp("1991-12-25")) == ("SUN", False)
    assert history.country_code("russia", pd.Timestamp("1992-02-16")) == ("RUS", False)


def test_split_visitor_prefers_the_longest_title():
    assert history.split_visitor("Prime Minister-elect  Ehud Barak") == ("Prime Minister-elect", "Ehud Barak")
    assert history.split_visitor("Vice President Kamala") == ("Vice President", "Kamala")
    assert history.split_visitor("Valdas Adamkus") == ("", "Valdas Adamkus")


def test_an_unknown_slug_names_the_table(tmp_path):
    path = _write(tmp_path, "x.xml", TRIPS_XML.replace('"kazakhstan"', '"atlantis"'))
    with pytest.raises(NameNotInTableError, match="history_countries"):
        history.parse(SimpleNamespace(id="us_official_travels"), {"x.xml": path})


# --- the real files ---------------------------------------------------------------------------

def _raw_slugs(dataset_id: str, tag: str) -> list[str]:
    """Every country slug in the raw XML files, one per record, read without the parser."""
    return [element.get("id") for path in data.paths(dataset_id).values()
            for element in ET.parse(path).getroot().iter(tag)]


def test_every_slug_in_the_files_is_mapped():
    table = name_table(history.NAMES_TABLE)
    slugs = set(_raw_slugs(history.TRAVELS, "country")) | set(_raw_slugs(history.VISITS, "from"))
    assert len(slugs) == 210
    assert sorted(slugs - set(table)) == []
    former = {"SUN", "YUG", "CSK", "DDR", "ANT", "OH:HAWAII"}
    assert {code for code, _ in table.values() if not is_iso3_country(code)} <= former


@pytest.mark.parametrize("dataset_id, tag, slug, code, expected", [
    ("us_official_travels", "country", "kazakhstan", "KAZ", 10),
    ("us_official_travels", "country", "uzbekistan", "UZB", 8),
    ("us_official_travels", "country", "georgia", "GEO", 10),
    ("us_foreign_leader_visits", "from", "kazakhstan", "KAZ", 12),
    ("us_foreign_leader_visits", "from", "uzbekistan", "UZB", 5),
    ("us_foreign_leader_visits", "from", "georgia", "GEO", 14),
])
def test_counts_match_the_raw_records(dataset_id, tag, slug, code, expected):
    raw = _raw_slugs(dataset_id, tag).count(slug)
    loaded = data.load(dataset_id)
    assert raw == expected
    assert int((loaded["country"] == code).sum()) == expected


def test_travels_by_role_for_the_focus_states():
    trips = data.load(history.TRAVELS)
    by_role = trips.groupby(["country", "role"]).size()
    assert by_role[("KAZ", "Secretary of State")] == 10 and ("KAZ", "President") not in by_role
    assert by_role[("UZB", "Secretary of State")] == 8 and ("UZB", "President") not in by_role
    assert by_role[("GEO", "President")] == 1 and by_role[("GEO", "Secretary of State")] == 9
    assert len(trips) == 4271 and set(trips["role"]) == {"President", "Secretary of State"}


def test_visits_whole_file_and_last_date():
    visits = data.load(history.VISITS)
    assert len(visits) == 3264
    assert visits["date"].max() == pd.Timestamp("2024-11-12")
    assert (visits["role"] == "").sum() == 9  # visitor strings with a title not in VISITOR_TITLES
