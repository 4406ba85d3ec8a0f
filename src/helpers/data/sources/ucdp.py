"""UCDP: the country-year organised-violence panel and the UCDP/PRIO armed-conflict table.

Countries are Gleditsch–Ward (GW) numbers in both files; they map to ISO3
through ``tables/gw_codes.csv`` (columns name = GW number, code, is_aggregate,
label = UCDP's name). GW conventions to know: 365 is Russia and, before 1992,
the Soviet Union; 345 is Serbia and, before 2006, Yugoslavia; 678 is Yemen and,
before 1990, North Yemen. Former states keep codes of their own (DDR, CSK,
YMD, RVN; Hyderabad ``GW:HYDERABAD``).

``parse`` branches on the dataset id:

``ucdp_orgvio_cy`` -> the tidy panel (:data:`helpers.data.sources.PANEL_COLUMNS`),
indicators in :data:`ORGVIO_INDICATORS` (deaths; best estimate and, for the
three forms and the total, UCDP's low and high estimates). The file is a full
panel: every independent state has a row every year, and a 0 means UCDP coded
no deaths there (thresholds: 25 battle deaths per dyad-year for state-based
and non-state violence, 25 civilians killed per actor-year for one-sided
violence). Zeros are therefore kept: they are UCDP's coding, not gaps. Years
before independence have no row. The dyad names (text) are not in the panel;
:func:`dyads` reads them.

``ucdp_prio_acd`` -> one row per conflict and year (:data:`ACD_COLUMNS`):
conflict_id, year, location, side_a, side_a_2nd, side_b, side_b_2nd,
incompatibility (1 territory, 2 government, 3 both) and its label,
territory_name, intensity_level (1: 25–999 battle deaths, 2: 1,000+) and its
label, type_of_conflict (1 extrasystemic, 2 interstate, 3 intrastate,
4 internationalised intrastate) and its label, start_date, ep_end (bool: the
episode ended that year), countries_location / countries_a / countries_a_2nd /
countries_b / countries_b_2nd (ISO3 codes joined by ';' from UCDP's
comma-separated GW lists; missing when empty), region (UCDP region numbers as
text), source.
"""

from __future__ import annotations

import pandas as pd

from helpers.data.countries import lookup
from helpers.data.sources import tidy_panel

ORGVIO = "ucdp_orgvio_cy"
ACD = "ucdp_prio_acd"
GW_TABLE = "gw_codes"
DEATHS = "deaths"

# indicator -> UCDP column (deaths; "best" is UCDP's best estimate)
ORGVIO_INDICATORS = {
    "state_based_deaths": "sb_total_deaths_best_cy",
    "state_based_deaths_low": "sb_total_deaths_low_cy",
    "state_based_deaths_high": "sb_total_deaths_high_cy",
    "state_based_intrastate_deaths": "sb_intrastate_deaths_best_cy",
    "state_based_interstate_deaths": "sb_interstate_deaths_best_cy",
    "non_state_deaths": "ns_total_deaths_best_cy",
    "non_state_deaths_low": "ns_total_deaths_low_cy",
    "non_state_deaths_high": "ns_total_deaths_high_cy",
    "one_sided_deaths": "os_total_deaths_best_cy",
    "one_sided_deaths_low": "os_total_deaths_low_cy",
    "one_sided_deaths_high": "os_total_deaths_high_cy",
    "one_sided_deaths_by_government": "os_any_govt_killings_best_cy",
    "organised_violence_deaths": "cumulative_total_deaths_in_orgvio_best_cy",
    "organised_violence_deaths_low": "cumulative_total_deaths_in_orgvio_low_cy",
    "organised_violence_deaths_high": "cumulative_total_deaths_in_orgvio_high_cy",
}
FORMS = {"state_based_deaths": "State-based", "non_state_deaths": "Non-state", "one_sided_deaths": "One-sided"}
DYAD_COLUMNS = {"State-based": "sb_dyad_names_cy", "Non-state": "ns_dyad_names_cy", "One-sided": "os_dyad_names_cy"}
NO_DYAD = "NO_DYAD"

INCOMPATIBILITY = {1: "territory", 2: "government", 3: "territory and government"}
INTENSITY = {1: "minor (25–999 battle deaths)", 2: "war (1,000+ battle deaths)"}
CONFLICT_TYPE = {1: "extrasystemic", 2: "interstate", 3: "intrastate", 4: "internationalised intrastate"}
ACD_COLUMNS = [
    "conflict_id", "year", "location", "side_a", "side_a_2nd", "side_b", "side_b_2nd",
    "incompatibility", "incompatibility_label", "territory_name", "intensity_level", "intensity_label",
    "type_of_conflict", "type_label", "start_date", "ep_end",
    "countries_location", "countries_a", "countries_a_2nd", "countries_b", "countries_b_2nd",
    "region", "source",
]


def from_gw(gwno) -> str:
    """Gleditsch–Ward number -> ISO3 (or own code) via ``tables/gw_codes.csv``."""
    return lookup(GW_TABLE, str(int(float(gwno))), f"GW code {gwno}")[0]


def gw_list(cell) -> str | None:
    """UCDP's '702, 703' -> 'TJK;KGZ' (source order kept); None for empty cells."""
    if not isinstance(cell, str) or not cell.strip():
        return None
    return ";".join(from_gw(part) for part in cell.split(",") if part.strip())


def parse_orgvio(path) -> pd.DataFrame:
    raw = pd.read_csv(path)
    codes = raw["country_id_cy"].map(from_gw)
    parts = [pd.DataFrame({"country": codes, "year": raw["year_cy"], "indicator": indicator,
                           "value": raw[column], "unit": DEATHS, "is_aggregate": False})
             for indicator, column in ORGVIO_INDICATORS.items()]
    return pd.concat(parts, ignore_index=True)


def dyads(path) -> pd.DataFrame:
    """Named dyads behind the deaths of the organised-violence file: country, year, form, dyads.

    One row per country, year and form with at least one dyad; ``dyads`` is
    UCDP's '; '-separated list ('Government of Tajikistan - IMU; ...').
    """
    raw = pd.read_csv(path, usecols=["country_id_cy", "year_cy", *DYAD_COLUMNS.values()], dtype=str)
    rows = []
    for form, column in DYAD_COLUMNS.items():
        named = raw[raw[column].notna() & (raw[column].str.strip() != NO_DYAD)]
        rows.append(pd.DataFrame({"country": named["country_id_cy"].map(from_gw),
                                  "year": named["year_cy"].astype(int), "form": form,
                                  "dyads": named[column].str.strip()}))
    return pd.concat(rows, ignore_index=True).sort_values(["country", "year", "form"]).reset_index(drop=True)


def parse_acd(path, dataset_id: str = ACD) -> pd.DataFrame:
    raw = pd.read_csv(path, dtype={c: str for c in ("gwno_a", "gwno_a_2nd", "gwno_b", "gwno_b_2nd", "gwno_loc",
                                                    "region", "side_a_2nd", "side_b_2nd", "territory_name")})
    out = pd.DataFrame({
        "conflict_id": raw["conflict_id"].astype("int64"), "year": raw["year"].astype("int64"),
        "location": raw["location"], "side_a": raw["side_a"], "side_a_2nd": raw["side_a_2nd"],
        "side_b": raw["side_b"], "side_b_2nd": raw["side_b_2nd"],
        "incompatibility": raw["incompatibility"].astype("int64"),
        "incompatibility_label": raw["incompatibility"].map(INCOMPATIBILITY),
        "territory_name": raw["territory_name"],
        "intensity_level": raw["intensity_level"].astype("int64"),
        "intensity_label": raw["intensity_level"].map(INTENSITY),
        "type_of_conflict": raw["type_of_conflict"].astype("int64"),
        "type_label": raw["type_of_conflict"].map(CONFLICT_TYPE),
        "start_date": raw["start_date"], "ep_end": raw["ep_end"].astype(int).astype(bool),
        "countries_location": raw["gwno_loc"].map(gw_list), "countries_a": raw["gwno_a"].map(gw_list),
        "countries_a_2nd": raw["gwno_a_2nd"].map(gw_list), "countries_b": raw["gwno_b"].map(gw_list),
        "countries_b_2nd": raw["gwno_b_2nd"].map(gw_list), "region": raw["region"], "source": dataset_id,
    })
    return out[ACD_COLUMNS].sort_values(["conflict_id", "year"]).reset_index(drop=True)


def parse(dataset, files) -> pd.DataFrame:
    (path,) = files.values()
    if dataset.id == ACD or "Conflict" in str(path):
        return parse_acd(path, dataset.id)
    return tidy_panel(parse_orgvio(path), dataset.id)
