"""GEM pipeline parser (GGIT gas, GOIT oil), its names table, and helpers.themes.routes."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers import data
from helpers.data import catalog
from helpers.themes import routes
from helpers.data.countries import is_iso3_country, name_table
from helpers.data.fetch import CACHE_ENV, MIRROR_ENV
from helpers.data.sources import gem

GGIT = "gem_ggit_gas_pipelines_lng_2024"
GOIT = "gem_goit_oil_pipelines_map_2024"


# --- parser on fixture files ---------------------------------------------------------------

def _goit_fixture(path, countries_b="Kazakhstan, Russia") -> dict:
    pd.DataFrame({
        "project": ["Alpha Oil Pipeline", "Beta NGL Pipeline", "Gamma Oil Pipeline"],
        "unit": [None, "Segment 2", None],
        "type": ["oil_pipelines", "ngl_pipelines", "oil_pipelines"],
        "parent": ["X [100.00%]"] * 3,
        "countries": ["Kazakhstan, China", countries_b, None],
        "status": ["operating", "Construction", "shelved"],
        "start_year": [2006, 1850, None],
        "capacity": [400000, None, 12.5],
        "geom": ["line"] * 3,
        "route": ["46.1,53.4:47.2,51.9", "10,20:11,21;12,22:13,23:14,24", "1.5,-2.5:3.5,-4.5"],
        "url": ["https://www.gem.wiki/Alpha", "https://www.gem.wiki/Beta", "https://www.gem.wiki/Gamma"],
    }).to_csv(path, index=False)
    return {"data.csv": path}


def _ggit_fixture(path) -> dict:
    pd.DataFrame({
        "id": ["P1", "P2", "T1"],
        "url": ["https://www.gem.wiki/A", "https://www.gem.wiki/B", "https://www.gem.wiki/L"],
        "name": ["Alpha Gas Pipeline", "Beta Gas Pipeline", "Some LNG Terminal"],
        "unit-name": ["Line C", None, "T1"],
        "status": ["Operating ", "proposed", "operating"],
        "areas": ["Turkmenistan, Uzbekistan, Kazakhstan, China", "Türkiye", "Australia"],
        "capacity": [25.0, None, 3.0],
        "start-year": ["2014", "--", 1],
        "geometry": ["LINESTRING (60 38, 70 41)", "MULTILINESTRING ((1 2, 3 4), (5 6, 7 8))", "POINT (130 -12)"],
        "tracker-acro": ["GGIT", "GGIT", "GGIT-lng"],
    }).to_excel(path, index=False, sheet_name="Sheet1")
    return {"ggit.xlsx": path}


def test_goit_fixture_parses_to_the_documented_shape(tmp_path):
    table = gem.parse(catalog.get(GOIT), _goit_fixture(tmp_path / "data.csv"))
    assert list(table.columns) == gem.COLUMNS
    assert table["fuel"].tolist() == ["oil", "ngl", "oil"]
    assert table["status"].tolist() == ["operating", "construction", "shelved"]
    assert table["countries"].tolist()[:2] == ["KAZ;CHN", "KAZ;RUS"]
    assert table["countries"].isna().tolist() == [False, False, True]
    assert str(table["start_year"].dtype) == "Int64"
    assert table["start_year"].iloc[0] == 2006
    assert table["start_year"].iloc[1:].isna().all()  # 1850 is implausible, None is missing
    assert table["capacity"].iloc[0] == 400000.0 and math.isnan(table["capacity"].iloc[1])
    assert (table["capacity_unit"] == gem.OIL_UNIT).all()
    assert table["geometry_wkt"].iloc[0] == "LINESTRING (53.4 46.1, 51.9 47.2)"  # lat,lon -> lon lat
    assert table["geometry_wkt"].iloc[1] == "MULTILINESTRING ((20 10, 21 11), (22 12, 23 13, 24 14))"
    assert (table["source"] == GOIT).all()


def test_ggit_fixture_drops_lng_and_coerces_years(tmp_path):
    table = gem.parse(catalog.get(GGIT), _ggit_fixture(tmp_path / "ggit.xlsx"))
    assert table["project"].tolist() == ["Alpha Gas Pipeline", "Beta Gas Pipeline"]
    assert table["unit"].iloc[0] == "Line C" and pd.isna(table["unit"].iloc[1])
    assert table["status"].tolist() == ["operating", "proposed"]
    assert table["countries"].tolist() == ["TKM;UZB;KAZ;CHN", "TUR"]
    assert table["start_year"].iloc[0] == 2014 and pd.isna(table["start_year"].iloc[1])
    assert (table["capacity_unit"] == "bcm/y").all() and (table["fuel"] == "gas").all()
    assert table["geometry_wkt"].tolist() == ["LINESTRING (60 38, 70 41)",
                                              "MULTILINESTRING ((1 2, 3 4), (5 6, 7 8))"]


def test_unknown_country_name_names_the_table(tmp_path):
    files = _goit_fixture(tmp_path / "data.csv", countries_b="Kazakhstan, Atlantis")
    with pytest.raises(KeyError, match=r"Atlantis.*gem_names\.csv"):
        gem.parse(catalog.get(GOIT), files)


def test_bad_year_one_is_missing():
    years = gem.years(pd.Series(["2014", "--", 1, 1.0, 2046, None], dtype=object))
    assert years.tolist()[0] == 2014 and years.tolist()[4] == 2046
    assert years.iloc[[1, 2, 3, 5]].isna().all()


# --- the real mirrored files ---------------------------------------------------------------

@pytest.fixture(scope="module")
def real(mirror_root, tmp_path_factory):
    """Both GEM tables loaded through the data layer from the mirror, in a fresh cache."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(MIRROR_ENV, str(mirror_root))
        mp.setenv(CACHE_ENV, str(tmp_path_factory.mktemp("gem-cache")))
        gas, oil = data.load(GGIT), data.load(GOIT)
        raw = {GGIT: pd.read_excel(data.path(GGIT)), GOIT: pd.read_csv(data.path(GOIT))}
        both = routes.load_pipelines()
    return {"gas": gas, "oil": oil, "raw": raw, "both": both}


def _row(table, project, unit=None):
    rows = table[table["project"].str.contains(project, regex=False)]
    if unit is not None:
        rows = rows[rows["unit"] == unit]
    assert len(rows) == 1, f"{project} {unit}: {len(rows)} rows"
    return rows.iloc[0]


def test_every_name_in_the_mirrored_files_maps(real):
    names = set()
    for cells in (real["raw"][GGIT]["areas"], real["raw"][GOIT]["countries"]):
        names |= {n.strip() for cell in cells.dropna() for n in cell.split(",") if n.strip()}
    table = name_table("gem_names")
    assert sorted(names - set(table)) == []
    assert len(names) > 100
    for code, aggregate in table.values():
        assert aggregate or is_iso3_country(code), code
    assert table["Türkiye"] == ("TUR", False) and table["Russia"] == ("RUS", False)
    assert table["Kosovo"] == ("XKX", False)  # pycountry's fuzzy search says Serbia
    assert table["Joint Petroleum Development Area"][1] is True


def test_real_cells_are_comma_separated(real):
    for cells in (real["raw"][GGIT]["areas"], real["raw"][GOIT]["countries"]):
        assert not cells.dropna().str.contains(";").any()
        assert cells.dropna().str.contains(",").sum() > 50


def test_load_pipelines_stacks_both_trackers(real):
    assert real["both"]["source"].value_counts().to_dict() == {GGIT: 3067, GOIT: 1018}
    assert set(routes.DATASETS) == {GGIT, GOIT}


def test_real_ggit_values(real):
    gas = real["gas"]
    assert len(gas) == 3067  # 4,358 rows less 1,291 LNG rows
    line_c = _row(gas, "Central Asia–China Gas Pipeline", "Line C")
    assert (line_c["capacity"], line_c["start_year"], line_c["status"]) == (25.0, 2014, "operating")
    assert line_c["countries"] == "TKM;UZB;KAZ;CHN"
    line_d = _row(gas, "Central Asia–China Gas Pipeline", "Line D")
    assert (line_d["capacity"], line_d["status"]) == (30.0, "construction")
    assert line_d["countries"] == "TKM;UZB;TJK;KGZ;CHN"
    assert gas["geometry_wkt"].str.match(r"(MULTI)?LINESTRING \(").all()
    assert gas["start_year"].min() == 1904


def test_real_goit_values(real):
    oil = real["oil"]
    assert len(oil) == 1018
    cpc = _row(oil, "Caspian Pipeline")
    assert (cpc["capacity"], cpc["start_year"], cpc["countries"]) == (1340000.0, 2001, "KAZ;RUS")
    assert cpc["geometry_wkt"].startswith("LINESTRING (53.420055 46.176391, ")
    assert _row(oil, "Baku-Tbilisi-Ceyhan")["countries"] == "AZE;GEO;TUR"
    assert pd.isna(_row(oil, "Shymkent-Jizzakh")["countries"])
    assert set(oil["fuel"]) == {"oil", "ngl"}


# --- routes ----------------------------------------------------------------------------------

@pytest.mark.parametrize("table, project, unit, origin, expected", [
    ("oil", "Caspian Pipeline", None, "KAZ", "Russia"),
    ("gas", "Central Asia–China Gas Pipeline", "Line C", "UZB", "China"),
    ("gas", "Trans-Caspian Gas Pipeline", None, "TKM", "West (Caspian/Caucasus/Türkiye)"),
    ("gas", "Turkmenistan-Afghanistan-Pakistan-India", None, "TKM", "South (Iran/Afghanistan/South Asia)"),
    ("gas", "Bukhara-Tashkent-Bishkek-Almaty Gas Pipeline", None, "KGZ", "Within Central Asia"),
    ("gas", "Saryarka Gas Pipeline", "Phase I", "KAZ", "Domestic"),
])
def test_route_direction_real_cases(real, table, project, unit, origin, expected):
    rows = real[table][real[table]["project"].str.contains(project, regex=False)]
    row = rows.iloc[0] if unit is None else _row(real[table], project, unit)
    assert routes.route_direction(routes.country_list(row["countries"]), origin) == expected


def test_route_direction_rule_order_and_errors():
    assert routes.route_direction(["TKM", "KAZ", "RUS", "CHN"], "TKM") == "China"
    assert routes.route_direction(["KAZ", "RUS", "AZE"], "KAZ") == "Russia"
    assert routes.route_direction(["TKM", "AZE", "IRN"], "TKM") == "West (Caspian/Caucasus/Türkiye)"
    with pytest.raises(ValueError, match="does not touch"):
        routes.route_direction(["UZB", "KAZ"], "TKM")
    with pytest.raises(ValueError, match="MNG"):
        routes.route_direction(["KAZ", "MNG"], "KAZ")


def test_pipelines_touching_matches_codes_not_substrings():
    table = pd.DataFrame({"countries": ["KAZ;RUS", "RUSKAZ", None, "UZB"]})
    assert routes.pipelines_touching(table, "kaz")["countries"].tolist() == ["KAZ;RUS"]


def _segments() -> pd.DataFrame:
    rows = [  # project, fuel, status, countries, capacity, unit
        ("A", "gas", "operating", "TKM;UZB;KAZ;CHN", 15.0, "bcm/y"),
        ("A", "gas", "operating", "TKM;UZB;KAZ;CHN", 25.0, "bcm/y"),
        ("B", "gas", "operating", "KAZ;RUS", 20.0, "bcm/y"),
        ("B", "gas", "operating", "KAZ", 99.0, "bcm/y"),            # domestic loop: not cross-border
        ("C", "gas", "proposed", "KAZ;RUS", 500.0, "bcm/y"),        # not operating
        ("D", "oil", "operating", "KAZ;RUS", 1000.0, "bbl/d"),
        ("E", "oil", "operating", "KAZ;CHN", None, "bbl/d"),
        ("E", "oil", "operating", "KAZ;CHN", 250.0, "bbl/d"),
    ]
    return pd.DataFrame(rows, columns=["project", "fuel", "status", "countries", "capacity", "capacity_unit"])


def test_export_capacity_shares_max_per_project_by_fuel():
    out = routes.export_capacity_shares(_segments(), "KAZ").set_index(["fuel", "direction"])
    assert out.loc[("gas", "China"), "capacity"] == 25.0
    assert out.loc[("gas", "Russia"), "capacity"] == 20.0
    assert out.loc[("gas", "China"), "share"] == pytest.approx(25 / 45)
    assert out.loc[("oil", "Russia"), "share"] == pytest.approx(1000 / 1250)
    assert out.loc[("oil", "China"), "segments_without_capacity"] == 1
    assert out.loc[("oil", "China"), "segments"] == 2
    assert "Domestic" not in out.index.get_level_values("direction")
    summed = routes.export_capacity_shares(_segments(), "KAZ", per_project="sum").set_index(["fuel", "direction"])
    assert summed.loc[("gas", "China"), "capacity"] == 40.0


def test_real_export_capacity_shares(real):
    kaz = routes.export_capacity_shares(real["both"], "KAZ").set_index(["fuel", "direction"])
    assert kaz.groupby("fuel")["share"].sum().round(9).tolist() == [1.0, 1.0]
    assert kaz.loc[("gas", "China"), "capacity"] == 25.0  # Lines A, B, C: the largest, 25 bcm/y
    assert kaz.loc[("oil", "Russia"), "capacity"] == 1340000.0
    assert kaz.loc[("oil", "China"), "segments_without_capacity"] == 1  # Atasu–Alashankou
    tkm = routes.export_capacity_shares(real["both"], "TKM")
    assert set(tkm["fuel"]) == {"gas"}
    assert "South (Iran/Afghanistan/South Asia)" in set(tkm["direction"])
    assert routes.export_capacity_shares(real["both"], "TJK").empty  # Line D is not operating yet


def test_route_table_one_row_per_project(real):
    table = routes.route_table(real["both"], "KAZ")
    assert not table.duplicated(["project", "fuel"]).any()
    china = _row(table, "Central Asia–China Gas Pipeline")
    assert (china["start_year"], china["capacity_largest_segment"], china["units"]) == (2009, 25.0, 3)
    assert china["capacity_segments_added"] == 55.0  # Lines A, B, C: 15 + 15 + 25 bcm/y
    assert china["countries"] == "Turkmenistan, Uzbekistan, Kazakhstan, China"
    cpc = _row(table, "Caspian Pipeline")
    assert (cpc["direction"], cpc["countries"]) == ("Russia", "Kazakhstan, Russia")


def test_capacity_by_direction_real(real):
    table = routes.capacity_by_direction(real["both"]).set_index(["country", "fuel", "direction"])
    assert list(table.columns[:4]) == ["year", "series", "value", "unit"]
    assert (table["year"] == routes.SNAPSHOT_YEAR).all()
    assert table.loc[("KAZ", "gas", "China"), "value"] == 25.0
    assert table.loc[("KAZ", "oil", "Russia"), "value"] == 1340000.0
    assert math.isnan(table.loc[("KAZ", "oil", "China"), "value"])  # Atasu–Alashankou states no capacity
    assert table.loc[("KAZ", "gas", "China"), "series"] == "gas pipeline capacity to China"
    assert "TJK" not in table.index.get_level_values("country")  # Line D is not operating yet
    assert set(table.index.get_level_values("country")) == {"KAZ", "UZB", "KGZ", "TKM"}
