"""Country registry: ISO3 codes, display names, groups and name tables.

Every source's country names or non-ISO codes go through an explicit table
here (``tables/*.csv``), so a reader can see exactly how 'US' or 'Other CIS'
became a code. Aggregates keep codes of their own (``WLD``, ``EUU``,
``EI:OTHER_CIS``, ``M49:143``...) and are flagged ``is_aggregate``.
"""

from __future__ import annotations

import csv
import difflib
from functools import lru_cache
from importlib import resources

import pycountry

CENTRAL_ASIA: tuple[str, ...] = ("KAZ", "UZB", "KGZ", "TJK", "TKM")
POWERS: tuple[str, ...] = ("USA", "RUS", "CHN")
EU_MEMBERS = frozenset({
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL",
    "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE",
})
OUTSIDE_ACTORS: tuple[str, ...] = POWERS + ("EUU", "TUR")
NEIGHBOURS: tuple[str, ...] = ("AFG", "IRN", "AZE", "MNG", "PAK")
FORMER_SOVIET: tuple[str, ...] = CENTRAL_ASIA + ("ARM", "AZE", "BLR", "EST", "GEO", "LTU", "LVA", "MDA", "RUS", "UKR")

# Short names as a reader expects them (pycountry gives official-ish names).
_DISPLAY = {
    "KAZ": "Kazakhstan", "UZB": "Uzbekistan", "KGZ": "Kyrgyzstan", "TJK": "Tajikistan",
    "TKM": "Turkmenistan", "USA": "United States", "RUS": "Russia", "CHN": "China",
    "EUU": "European Union", "TUR": "Türkiye", "IRN": "Iran", "KOR": "South Korea",
    "WLD": "World", "SUN": "USSR", "AFG": "Afghanistan", "MNG": "Mongolia",
    "AZE": "Azerbaijan", "PAK": "Pakistan", "IND": "India", "GEO": "Georgia",
}


class UnknownCountryError(ValueError):
    """A code that is not one of the states a report can be made for."""


def name(code: str) -> str:
    """Display name of an ISO3 or aggregate code."""
    if code in _DISPLAY:
        return _DISPLAY[code]
    record = pycountry.countries.get(alpha_3=code)
    if record is not None:
        return getattr(record, "common_name", record.name)
    return _source_names().get(code, code)


@lru_cache(maxsize=None)
def _source_names() -> dict[str, str]:
    """Code -> the first name a source table gives it (for aggregates such as 'EI:OTHER_CIS')."""
    names: dict[str, str] = {}
    for table in ("ei_names", "gem_names", "un_m49_areas", "sipri_names", "un_syb_partners"):
        for row in _rows(table):
            names.setdefault(row["code"], row["name"])
    return names


def _rows(table: str) -> list[dict[str, str]]:
    text = resources.files("helpers.data.tables").joinpath(f"{table}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def check_central_asian(code: str) -> str:
    """Return ``code`` upper-cased if it is one of the five states, else raise."""
    upper = str(code).strip().upper()
    if upper not in CENTRAL_ASIA:
        close = difflib.get_close_matches(upper, CENTRAL_ASIA, n=1, cutoff=0.3)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise UnknownCountryError(
            f"Unknown country {str(code)!r}{hint}; choose one of "
            + ", ".join(f"{c} ({name(c)})" for c in CENTRAL_ASIA)
        )
    return upper


def comparison(country: str, peers) -> list[str]:
    """The focus country first, then its peers (default: the other four states), each once."""
    peers = list(peers) if peers else default_peers(country)
    return [country] + [p for p in dict.fromkeys(peers) if p != country]


def names(codes) -> str:
    """'Russia, China, United States' for a list of codes."""
    return ", ".join(name(c) for c in codes)


def default_peers(country: str) -> list[str]:
    """The other four Central Asian states: the comparison every report starts from."""
    country = check_central_asian(country)
    return [c for c in CENTRAL_ASIA if c != country]


@lru_cache(maxsize=None)
def name_table(table: str) -> dict[str, tuple[str, bool]]:
    """A source's explicit name table: source name -> (code, is_aggregate)."""
    key = "name" if table != "un_m49_areas" else "m49"
    return {row[key]: (row["code"], row["is_aggregate"] == "true") for row in _rows(table)}


class NameNotInTableError(KeyError):
    """A source's name or code that its name table does not list (the fix: add a row)."""


def lookup(table: str, key: str, what: str) -> tuple[str, bool]:
    """``name_table(table)[key]``; a missing key names the table to extend (``what`` describes the key)."""
    try:
        return name_table(table)[key]
    except KeyError:
        raise NameNotInTableError(f"{what} is not in helpers/data/tables/{table}.csv; add it there") from None


def from_cow(ccode) -> tuple[str, bool]:
    """Correlates-of-War state number -> (ISO3, is_aggregate) via ``tables/cow_codes.csv``."""
    return lookup("cow_codes", str(int(ccode)), f"COW code {ccode}")


def from_m49(m49: int | str) -> tuple[str, bool]:
    """UN M49 area code -> (ISO3 or aggregate code, is_aggregate)."""
    special = name_table("un_m49_areas")
    key = str(int(m49))
    if key in special:
        return special[key]
    record = pycountry.countries.get(numeric=f"{int(m49):03d}")
    if record is None:
        raise KeyError(f"M49 code {m49} is neither an ISO 3166 country nor in tables/un_m49_areas.csv")
    return record.alpha_3, False


def is_iso3_country(code: str) -> bool:
    """True for an ISO 3166 alpha-3 code of a country (Kosovo's XKX included)."""
    return code == "XKX" or (code.isupper() and pycountry.countries.get(alpha_3=code) is not None)


# Comparison groups for U.S. attention (engagement theme): regions the United States courts for
# similar reasons (post-Soviet neighbours of Russia, China's other inner-Asian neighbour, the war next door).
SOUTH_CAUCASUS: tuple[str, ...] = ("ARM", "AZE", "GEO")
BALTIC_STATES: tuple[str, ...] = ("EST", "LVA", "LTU")
AFGHANISTAN_PAKISTAN: tuple[str, ...] = ("AFG", "PAK")
