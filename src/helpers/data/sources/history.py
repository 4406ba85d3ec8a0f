"""State Department Office of the Historian: official travels abroad and foreign leaders' visits.

``parse`` branches on the dataset id; both come out as one row per record (:data:`COLUMNS`).

``us_official_travels`` (HistoryAtState/travels, one XML file per officeholder)
    ``<trip role="president|secretary">`` with ``name``, ``start-date``, ``end-date``,
    ``<country id="slug">name of the time</country>``, ``locale`` and ``remarks``. One trip
    element per country visited: a journey through three countries is three rows with
    overlapping dates. ``role`` becomes 'President' or 'Secretary of State'.

``us_foreign_leader_visits`` (HistoryAtState/visits, one XML file per decade)
    ``<visit>`` with ``start-date``, ``end-date``, ``visitor`` (title and name, free text with
    stray spaces), ``<from id="slug">`` and ``description`` (kept as ``remarks``). The title is
    split from the name by :data:`VISITOR_TITLES`; a visitor string that opens with none of them
    keeps ``role`` '' and its whole text as ``official``. There is no ``locale``.

Country slugs become codes through ``tables/history_countries.csv`` (every slug listed, an
unknown one raises): ISO3 codes, ISO 3166-3 codes for former states (YUG, CSK, DDR, ANT), and
``OH:HAWAII`` for the Kingdom of Hawaii. The slug 'russia' also holds the trips and visits of
Soviet times (its text reads 'U.S.S.R.'); those dated before the Soviet Union's dissolution
(:data:`SOVIET_END`) get ``SUN``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd

from helpers.data.countries import lookup

TRAVELS = "us_official_travels"
VISITS = "us_foreign_leader_visits"
NAMES_TABLE = "history_countries"
SOVIET_END = pd.Timestamp("1991-12-26")
ROLES = {"president": "President", "secretary": "Secretary of State"}
COLUMNS = ["date", "end_date", "year", "role", "official", "country", "country_slug", "country_name", "locale",
           "remarks", "is_aggregate", "record_id", "source"]

# Titles a visitor string opens with (matched case-insensitively, longest first).
VISITOR_TITLES = tuple(sorted((
    "President", "President-elect", "President-designate", "Vice President", "Acting President", "Interim President",
    "Provisional President", "Prime Minister", "Prime Minister-elect", "Acting Prime Minister",
    "Interim Prime Minister", "Premier", "Vice Premier", "Chancellor", "Chancellor-elect", "Federal Chancellor",
    "King", "Queen", "Emperor", "Empress", "Shah", "Emir", "Amir", "Sultan", "Sheikh", "Crown Prince", "Prince",
    "Princess", "Regent Prince", "Grand Duke", "Grand Duchess", "Governor General", "Chairman", "General Secretary",
    "First Secretary", "Secretary General", "Chief of State", "Head of State", "Pope", "Taoiseach", "General",
    "Brigadier General", "Lieutenant General", "Junta Member", "Foreign Minister", "Minister",
), key=len, reverse=True))


def country_code(slug: str, date: pd.Timestamp) -> tuple[str, bool]:
    """Office of the Historian slug (and the record's date) -> (code, is_aggregate)."""
    if slug == "russia" and date < SOVIET_END:
        return "SUN", False
    return lookup(NAMES_TABLE, slug, f"Office of the Historian country slug '{slug}'")


def split_visitor(visitor: str) -> tuple[str, str]:
    """'President  Kassym-Jomart Tokayev ' -> ('President', 'Kassym-Jomart Tokayev'); no known title -> ('', text)."""
    words = " ".join(visitor.split())
    for title in VISITOR_TITLES:
        if words.lower().startswith(title.lower() + " "):
            return title, words[len(title) + 1:]
    return "", words


def _text(element, tag: str) -> str:
    return " ".join((element.findtext(tag) or "").split())


def _row(record, role: str, official: str, place, locale: str, remarks: str, dataset_id: str) -> dict:
    date = pd.Timestamp(_text(record, "start-date"))
    end = _text(record, "end-date")
    slug = place.get("id")
    code, aggregate = country_code(slug, date)
    return {"date": date, "end_date": pd.Timestamp(end) if end else pd.NaT, "year": date.year, "role": role,
            "official": official, "country": code, "country_slug": slug, "country_name": " ".join((place.text or "").split()),
            "locale": locale, "remarks": remarks, "is_aggregate": aggregate, "record_id": _text(record, "id"),
            "source": dataset_id}


def travel_rows(path, dataset_id: str = TRAVELS) -> list[dict]:
    """One row per <trip> (one per country visited) of one officeholder's file."""
    rows = []
    for trip in ET.parse(path).getroot().iter("trip"):
        role = ROLES[trip.get("role")]
        rows.append(_row(trip, role, _text(trip, "name"), trip.find("country"), _text(trip, "locale"),
                         _text(trip, "remarks"), dataset_id))
    return rows


def visit_rows(path, dataset_id: str = VISITS) -> list[dict]:
    """One row per <visit> of one decade's file."""
    rows = []
    for visit in ET.parse(path).getroot().iter("visit"):
        title, official = split_visitor(visit.findtext("visitor") or "")
        rows.append(_row(visit, title, official, visit.find("from"), "", _text(visit, "description"), dataset_id))
    return rows


def _table(rows: list[dict]) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=COLUMNS)
    table["year"] = table["year"].astype("int64")
    table["is_aggregate"] = table["is_aggregate"].astype(bool)
    return table.sort_values(["date", "country", "record_id"]).reset_index(drop=True)


def parse(dataset, files) -> pd.DataFrame:
    if dataset.id.startswith(TRAVELS):
        return _table([row for path in files.values() for row in travel_rows(path, dataset.id)])
    if dataset.id.startswith(VISITS):
        return _table([row for path in files.values() for row in visit_rows(path, dataset.id)])
    raise ValueError(f"helpers.data.sources.history has no parser for dataset '{dataset.id}'")
