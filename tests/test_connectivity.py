"""Connectivity theme: UN SYB parsers, map layers, the bring-your-own trade loader, the theme tables and the notebook."""

from __future__ import annotations

import csv
import functools
import json
import math
import zipfile

import geopandas as gpd
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from shapely.geometry import LineString, Point, Polygon

from helpers import data, report
from helpers.data import byo_trade, catalog, fetch
from helpers.present import figures, text
from helpers.themes import maps, routes
from helpers.themes import connectivity as conn
from helpers.data.catalog import Dataset, FileRecord
from helpers.data.countries import name_table
from helpers.data.sources import PANEL_COLUMNS, geo, un_syb, un_syb_partners
from report_fixtures import checked_report, figure_alts



def fake_dataset(dataset_id: str, parser: str, names=("file.csv",)) -> Dataset:
    files = tuple(FileRecord(name=n, url="http://127.0.0.1:9/x", sha256="0" * 64, bytes=0) for n in names)
    return Dataset(id=dataset_id, title="t", producer="p", short_producer="p", license="l", license_short="l",
                   parser=parser, files=files, themes=("connectivity",))


@pytest.fixture(scope="session")
def raw(mirror_root):
    @functools.cache
    def rows(dataset_id: str) -> list[list[str]]:
        dataset = catalog.get(dataset_id)
        with open(mirror_root / dataset_id / dataset.file().name, encoding="utf-8-sig", newline="") as fh:
            return list(csv.reader(fh))
    return rows


# --- UN SYB internet usage (T30) and the M49 table ---------------------------------------

SYB_INTERNET_FIXTURE = (
    "\ufeffT30,Internet Usage,,,,,\r\n"
    "Region/Country/Area,,Year,Series,Value,Footnotes,Source\r\n"
    "1,\"Total, all countries or areas\",2022,Percentage of individuals using the internet,66.3,,ITU\r\n"
    "62,South-central Asia,2022,Percentage of individuals using the internet,45.0,,ITU\r\n"
    "199,LDC§,2022,Percentage of individuals using the internet,35.0,,ITU\r\n"
    "655,Ascension,2010,Percentage of individuals using the internet,35.0,,ITU\r\n"
    "398,Kazakhstan,2022,Percentage of individuals using the internet,92.3,,ITU\r\n"
    "398,Kazakhstan,2021,Percentage of individuals using the internet,,,ITU\r\n"
)


def test_un_syb_parses_internet_usage_fixture(tmp_path):
    path = tmp_path / "internet.csv"
    path.write_text(SYB_INTERNET_FIXTURE, encoding="utf-8")
    frame = un_syb.parse(fake_dataset("un_syb_internet_usage", "un_syb"), {"internet.csv": path})
    assert list(frame.columns) == PANEL_COLUMNS
    assert set(frame["indicator"]) == {"Individuals using the internet"}
    assert set(frame["unit"]) == {"% of individuals"}
    got = frame.set_index("country")
    assert got.loc["KAZ", "value"] == 92.3 and not got.loc["KAZ", "is_aggregate"]
    assert got.loc["M49:062", "is_aggregate"] and got.loc["M49:199", "is_aggregate"] and got.loc["WLD", "is_aggregate"]
    assert got.loc["M49:655", "value"] == 35.0
    assert len(frame) == 5  # the empty 2021 cell is dropped, not zero


def test_internet_usage_loads_every_raw_value(raw):
    rows = raw("un_syb_internet_usage")[2:]
    frame = data.load("un_syb_internet_usage")
    assert sorted(frame["value"]) == sorted(float(r[4]) for r in rows if r[4].strip())
    (kaz,) = [r for r in rows if r[0] == "398" and r[2] == "2022"]
    assert frame.query("country == 'KAZ' and year == 2022")["value"].item() == float(kaz[4]) == 92.3
    assert not frame.duplicated(["country", "year", "indicator"]).any()
    tkm = frame.query("country == 'TKM'")
    assert tkm["year"].max() == 2015  # the caveat: Turkmenistan ends in 2015
    assert {"M49:062", "M49:432", "M49:722"} <= set(frame.loc[frame["is_aggregate"], "country"])


def test_trade_totals_still_parse_with_the_shared_code():
    frame = data.load("un_syb_trade_totals")
    assert frame.query("country == 'KAZ' and year == 2023 and indicator == 'Exports FOB'")["value"].item() == 78736.0
    assert set(frame["unit"]) == {"millions of US dollars"}


# --- UN SYB major trading partners (T22) ------------------------------------------------

HEADER = ("Region/Country/Area,,Year,Series,Major trading partner 1 (% of exports),"
          "Major trading partner 1 (% of exports) footnote,Value,Footnotes,Source\r\n")
PARTNERS_FIXTURE = (
    "\ufeffT22,Major trading partners,,,,,,,\r\n" + HEADER
    + "860,Uzbekistan,2023,Major trading partner 1 (% of exports),Areas nes,Areas not elsewhere specified.,29.9,Estimate.,UN\r\n"
    + "860,Uzbekistan,2023,Major trading partner 2 (% of exports),Russian Federation,,17.0,Estimate.,UN\r\n"
    + "398,Kazakhstan,2023,Major trading partner 3 (% of imports),Gambia,,4.8,,UN\r\n"
    + "398,Kazakhstan,2020,Major trading partner 3 (% of imports),Gambia,,,,UN\r\n"
    + "417,Kyrgyzstan,2015,Major trading partner 1 (% of imports),Türkiye,,\"1,0\",,UN\r\n"
)


def test_partner_parser_reads_the_name_column_for_every_series(tmp_path):
    path = tmp_path / "partners.csv"
    path.write_text(PARTNERS_FIXTURE.replace('"1,0"', "1.0"), encoding="utf-8")
    frame = un_syb_partners.parse(fake_dataset("un_syb_major_trading_partners", "un_syb_partners"),
                                  {"partners.csv": path})
    assert list(frame.columns) == un_syb_partners.COLUMNS
    assert len(frame) == 4  # the row without a value is dropped
    uzb = frame[frame["reporter"] == "UZB"].set_index("rank")
    assert uzb.loc[1, "partner"] == "SYB:AREAS_NES" and uzb.loc[1, "partner_is_aggregate"]
    assert uzb.loc[1, "flow"] == "exports" and uzb.loc[1, "share_pct"] == 29.9 and uzb.loc[1, "is_estimate"]
    assert uzb.loc[1, "note"] == "Areas not elsewhere specified. Estimate."
    assert uzb.loc[2, "partner"] == "RUS" and uzb.loc[2, "partner_name"] == "Russian Federation"
    kaz = frame[frame["reporter"] == "KAZ"].iloc[0]
    assert (kaz["partner"], kaz["flow"], kaz["rank"], kaz["year"]) == ("GMB", "imports", 3, 2023)
    assert not kaz["is_estimate"]
    assert frame.loc[frame["reporter"] == "KGZ", "partner"].item() == "TUR"


def test_unknown_partner_name_points_at_the_table(tmp_path):
    path = tmp_path / "partners.csv"
    path.write_text(PARTNERS_FIXTURE.replace("Gambia", "Atlantis"), encoding="utf-8")
    with pytest.raises(KeyError, match="un_syb_partners.csv"):
        un_syb_partners.parse(fake_dataset("x", "un_syb_partners"), {"partners.csv": path})


def test_partner_file_missing_the_name_column_fails_clearly(tmp_path):
    path = tmp_path / "partners.csv"
    path.write_text(PARTNERS_FIXTURE.replace("Major trading partner 1 (% of exports),Major", "Partner,Major"),
                    encoding="utf-8")
    with pytest.raises(ValueError, match="lacks column"):
        un_syb_partners.parse(fake_dataset("x", "un_syb_partners"), {"partners.csv": path})


def test_every_raw_partner_name_maps_and_every_value_is_kept(raw):
    rows = raw("un_syb_major_trading_partners")[2:]
    names = {r[4] for r in rows}
    assert sorted(names - set(name_table("un_syb_partners"))) == []
    frame = data.load("un_syb_major_trading_partners")
    assert sorted(frame["share_pct"]) == sorted(float(r[6]) for r in rows if r[6].strip())
    assert not frame.duplicated(["reporter", "year", "flow", "rank"]).any()


@pytest.mark.parametrize(("reporter_m49", "reporter", "year", "series", "partner", "share"), [
    ("398", "KAZ", "2023", "Major trading partner 1 (% of imports)", "CHN", 27.4),
    ("398", "KAZ", "2023", "Major trading partner 2 (% of imports)", "RUS", 26.5),
    ("398", "KAZ", "2023", "Major trading partner 3 (% of imports)", "GMB", 4.8),
    ("860", "UZB", "2023", "Major trading partner 1 (% of exports)", "SYB:AREAS_NES", 29.9),
    ("795", "TKM", "2023", "Major trading partner 1 (% of exports)", "CHN", 61.5),
])
def test_partner_known_values(raw, reporter_m49, reporter, year, series, partner, share):
    (row,) = [r for r in raw("un_syb_major_trading_partners")[2:]
              if r[0] == reporter_m49 and r[2] == year and r[3] == series]
    assert float(row[6]) == share
    rank, flow = int(series.split()[3]), series.split("% of ")[1].rstrip(")")
    frame = data.load("un_syb_major_trading_partners")
    got = frame[(frame["reporter"] == reporter) & (frame["year"] == int(year)) & (frame["rank"] == rank)
                & (frame["flow"] == flow)].iloc[0]
    assert (got["partner"], got["share_pct"]) == (partner, share)


def test_partners_are_the_latest_years_top_three():
    """The claim the notebook makes: ranks follow the latest year; the same partner holds a rank in every year."""
    frame = data.load("un_syb_major_trading_partners")
    assert (frame.groupby(["reporter", "flow", "rank"])["partner"].nunique() == 1).all()
    latest = frame[frame["year"] == frame.groupby(["reporter", "flow"])["year"].transform("max")]
    ordered = latest.sort_values("rank").groupby(["reporter", "flow"])["share_pct"].apply(
        lambda s: s.is_monotonic_decreasing)
    assert ordered.all()
    kaz_2015 = frame.query("reporter == 'KAZ' and year == 2015 and flow == 'imports'").set_index("rank")["share_pct"]
    assert kaz_2015[1] < kaz_2015[2]  # China 16.6 < Russia 34.4 in 2015, though China ranks first (2023)


# --- geo parsers and load_geo -------------------------------------------------------------

def test_geo_countries_fixture_joins_on_adm0_a3(tmp_path):
    square = Polygon([(60, 40), (61, 40), (61, 41), (60, 41)])
    frame = gpd.GeoDataFrame({
        "ADM0_A3": ["KAZ", "FRA"], "ISO_A3": ["KAZ", "-99"], "NAME": ["Kazakhstan", "France"],
        "NAME_LONG": ["Kazakhstan", "France"], "SOV_A3": ["KA1", "FR1"], "CONTINENT": ["Asia", "Europe"],
        "SUBREGION": ["Central Asia", "Western Europe"]}, geometry=[square, square], crs="EPSG:4326")
    folder = tmp_path / "shp"
    folder.mkdir()
    frame.to_file(folder / "ne.shp")
    archive = tmp_path / "ne.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in folder.iterdir():
            zf.write(part, part.name)
    out = geo.parse(fake_dataset("ne_countries_50m", "geo", ("ne.zip",)), {"ne.zip": archive})
    assert isinstance(out, gpd.GeoDataFrame) and out.crs.to_epsg() == 4326
    rows = out.set_index("country")
    assert pd.isna(rows.loc["FRA", "iso_a3"]) and rows.loc["KAZ", "iso_a3"] == "KAZ"
    assert rows.loc["KAZ", "sovereign"] == "KA1" and rows.loc["KAZ", "source"] == "ne_countries_50m"


def test_geo_places_and_railways_fixtures(tmp_path):
    places = gpd.GeoDataFrame({"name": ["Astana", "Almaty"], "adm0_a3": ["KAZ", "KAZ"], "adm1name": ["A", "B"],
                               "adm0cap": [1.0, 0.0], "featurecla": ["Admin-0 capital", "Admin-1 capital"],
                               "pop_max": [345604, 1209000], "scalerank": [1, 2]},
                              geometry=[Point(71.4, 51.2), Point(76.9, 43.3)], crs="EPSG:4326")
    places.to_file(tmp_path / "places.json", driver="GeoJSON")
    out = geo.parse(fake_dataset("ne_populated_places_50m", "geo", ("places.json",)), {"places.json": tmp_path / "places.json"})
    assert out.set_index("name")["is_capital"].to_dict() == {"Astana": True, "Almaty": False}
    rail = gpd.GeoDataFrame({"osm_id": ["1", "2"], "code": [6101, 6102], "fclass": ["rail", "light_rail"],
                             "name": ["Main", None], "layer": [0, 0], "bridge": ["T", "F"], "tunnel": ["F", "F"]},
                            geometry=[LineString([(69, 41), (70, 41)]), LineString([(69, 41.3), (69.1, 41.3)])],
                            crs="EPSG:4326")
    rail.to_file(tmp_path / "rail.shp")
    files = {p.name: p for p in tmp_path.glob("rail.*")}
    out = geo.parse(fake_dataset("uzb_railways_osm", "geo", tuple(files)), files)
    assert out["is_main_line"].tolist() == [True, False]
    assert out["bridge"].tolist() == [True, False] and pd.isna(out["name"].iloc[1])
    assert len(maps.main_rail_lines(out)) == 1
    assert maps.length_km(maps.main_rail_lines(out)) == pytest.approx(84, abs=2)  # 1° of longitude at 41°N


def test_geo_parser_refuses_unknown_dataset(tmp_path):
    with pytest.raises(KeyError, match="no reader"):
        geo.parse(fake_dataset("something_else", "geo"), {"file.csv": tmp_path / "file.csv"})


def test_load_geo_returns_geodataframes_from_its_cache(mirror_root):
    first = maps.load_geo(maps.COUNTRIES)
    again = maps.load_geo(maps.COUNTRIES)
    for frame in (first, again):
        assert isinstance(frame, gpd.GeoDataFrame) and frame.crs.to_epsg() == 4326
    assert len(first) == len(again) == 242
    assert first.geometry.geom_equals(again.geometry).all()
    assert list((fetch.cache_dir() / "parsed").glob(f"{maps.COUNTRIES}-*.parquet"))
    rows = first.set_index("country")
    assert pd.isna(rows.loc["FRA", "iso_a3"]) and pd.isna(rows.loc["NOR", "iso_a3"])  # '-99' in NE 5.1.1
    assert {"KAZ", "UZB", "KGZ", "TJK", "TKM"} <= set(first["country"])
    with pytest.raises(ValueError, match="not a map layer"):
        maps.load_geo("wdi_gdp_usd")


def test_places_and_railways_against_the_raw_files(mirror_root):
    with open(mirror_root / maps.PLACES / catalog.get(maps.PLACES).file().name, encoding="utf-8") as fh:
        features = json.load(fh)["features"]
    capitals = {f["properties"]["name"] for f in features
                if f["properties"]["adm0cap"] == 1 and f["properties"]["adm0_a3"] in ("KAZ", "UZB", "KGZ", "TJK", "TKM")}
    assert capitals == {"Astana", "Tashkent", "Bishkek", "Dushanbe", "Ashgabat"}
    places = maps.load_geo(maps.PLACES)
    assert set(places.loc[places["is_capital"] & places["country"].isin(["KAZ", "UZB", "KGZ", "TJK", "TKM"]), "name"]) == capitals
    shp = mirror_root / maps.RAILWAYS / "uzbekistan_railways_shp_cleaned_with_addition.shp"
    direct = gpd.read_file(shp)
    rail = maps.load_geo(maps.RAILWAYS)
    assert len(rail) == len(direct) == 8747
    assert rail["is_main_line"].sum() == (direct["fclass"] == "rail").sum() == 8656


def test_pipeline_routes_find_kazakh_routes_without_a_country_list():
    world = maps.load_geo(maps.COUNTRIES)
    lines = maps.pipeline_routes(routes.load_pipelines(), "KAZ", world)
    unlisted = set(lines.loc[lines["group"] == maps.NO_COUNTRY_LIST, "project"])
    assert "Uzen-Atyrau-Samara (UAS) Pipeline" in unlisted
    cac = lines[lines["project"].str.startswith("Central Asia-China", na=False) |
                lines["project"].str.startswith("Central Asia–China", na=False)]
    assert len(cac) and set(cac["group"]) <= {routes.CHINA, maps.OTHER_ROUTES}
    assert set(lines["status"]) <= {"operating", "construction", "proposed"}


# --- the bring-your-own trade loader -----------------------------------------------------

COMTRADE = """typeCode,freqCode,period,reporterCode,reporterISO,reporterDesc,flowCode,partnerCode,partnerISO,partnerDesc,partner2ISO,cmdCode,customsCode,motCode,primaryValue
C,A,2022,398,KAZ,Kazakhstan,X,0,W00,World,W00,TOTAL,C00,0,84000000000
C,A,2022,398,KAZ,Kazakhstan,X,156,CHN,China,W00,TOTAL,C00,0,13000000000
C,A,2022,398,KAZ,Kazakhstan,X,643,RUS,Russian Federation,W00,TOTAL,C00,0,8800000000
C,A,2022,398,KAZ,Kazakhstan,X,156,CHN,China,W00,TOTAL,C01,0,999
C,A,2022,398,KAZ,Kazakhstan,X,156,CHN,China,W00,27,C00,0,777
C,A,2022,398,KAZ,Kazakhstan,M,156,CHN,China,W00,TOTAL,C00,0,11000000000
C,A,2022,398,KAZ,Kazakhstan,M,643,RUS,Russian Federation,W00,TOTAL,C00,0,15000000000
C,A,2022,398,KAZ,Kazakhstan,M,899,_X,"Areas, nes",W00,TOTAL,C00,0,1000000000
C,A,2023,398,KAZ,Kazakhstan,X,0,W00,World,W00,TOTAL,C00,0,79000000000
C,A,2023,398,KAZ,Kazakhstan,X,156,CHN,China,W00,TOTAL,C00,0,15000000000
C,A,2023,398,KAZ,Kazakhstan,RX,156,CHN,China,W00,TOTAL,C00,0,5
"""


@pytest.fixture
def comtrade_file(tmp_path):
    path = tmp_path / "comtrade_kaz.csv"
    path.write_text(COMTRADE, encoding="utf-8")
    return path


def test_byo_comtrade_layout(comtrade_file):
    table = byo_trade.load_trade_file(comtrade_file)
    assert list(table.columns) == byo_trade.COLUMNS
    assert set(table["layout"]) == {"UN Comtrade"} and set(table["unit"]) == {"US$"}
    get = table.set_index(["year", "flow", "partner"])
    assert get.loc[(2022, "exports", "CHN"), "value"] == 13e9  # C01 and chapter-27 rows not added
    assert get.loc[(2022, "exports", "CHN"), "share"] == pytest.approx(13 / 84)
    assert get.loc[(2022, "exports", "CHN"), "total_basis"] == byo_trade.REPORTED_TOTAL
    assert get.loc[(2022, "imports", "RUS"), "share"] == pytest.approx(15 / 27)  # no world row: sum of partners
    assert get.loc[(2022, "imports", "RUS"), "total_basis"] == byo_trade.SUM_OF_PARTNERS
    assert get.loc[(2022, "imports", "_X"), "partner_is_aggregate"]
    assert get.loc[(2022, "imports", "_X"), "partner_name"] == "Areas, nes"
    assert get.loc[(2023, "exports", "CHN"), "share"] == pytest.approx(15 / 79)
    assert "WLD" not in set(table["partner"]) and len(table) == 6  # the re-export row is left out
    shares = byo_trade.shares_by_year(byo_trade.for_reporter(table, "KAZ"), "exports", ["CHN", "RUS"])
    assert shares.loc[2022, "RUS"] == pytest.approx(8.8 / 84) and math.isnan(shares.loc[2023, "RUS"])
    assert byo_trade.top_partners(table, "imports", 5) == ["RUS", "CHN"]  # '_X' is not a country


def test_byo_comtrade_classic_layout(tmp_path):
    path = tmp_path / "classic.csv"
    path.write_text("Year,Trade Flow,Reporter,Reporter ISO,Partner,Partner ISO,Commodity Code,Trade Value (US$)\n"
                    "2019,Export,Uzbekistan,UZB,World,WLD,TOTAL,14000000000\n"
                    "2019,Export,Uzbekistan,UZB,Russian Federation,RUS,TOTAL,2100000000\n"
                    "2019,Import,Uzbekistan,UZB,China,CHN,TOTAL,5000000000\n", encoding="utf-8")
    table = byo_trade.load_trade_file(path)
    assert set(table["layout"]) == {"UN Comtrade classic"}
    assert table.set_index(["flow", "partner"]).loc[("exports", "RUS"), "share"] == pytest.approx(0.15)
    assert table.set_index(["flow", "partner"]).loc[("imports", "CHN"), "share"] == 1.0


def test_byo_imf_dots_wide_and_long(tmp_path):
    wide = tmp_path / "dots.csv"
    wide.write_text(
        '"Country Name","Country Code","Indicator Name","Indicator Code","Counterpart Country Name","Counterpart Country Code","Attribute","2021","2022"\n'
        '"Kazakhstan, Rep. of","KZ","Goods, Value of Exports","TXG_FOB_USD","World","W00","Value","60000","84000"\n'
        '"Kazakhstan, Rep. of","KZ","Goods, Value of Exports","TXG_FOB_USD","China, P.R.: Mainland","CN","Value","9000","13000"\n'
        '"Kazakhstan, Rep. of","KZ","Goods, Value of Exports","TXG_FOB_USD","China, P.R.: Mainland","CN","Status","",""\n'
        '"Kazakhstan, Rep. of","KZ","Goods, Value of Imports, CIF","TMG_CIF_USD","Russian Federation","RU","Value","17000","15000"\n'
        '"Kazakhstan, Rep. of","KZ","Goods, Value of Imports, FOB","TMG_FOB_USD","Russian Federation","RU","Value","16000","14000"\n'
        '"Kazakhstan, Rep. of","KZ","Goods, Value of Imports, CIF","TMG_CIF_USD","World","W00","Value","41000","50000"\n'
        '"Kazakhstan, Rep. of","KZ","Goods, Trade Balance","TBG_USD","World","W00","Value","19000","34000"\n',
        encoding="utf-8")
    table = byo_trade.load_trade_file(wide)
    get = table.set_index(["year", "flow", "partner"])
    assert set(table["reporter"]) == {"KAZ"} and set(table["layout"]) == {"IMF DOTS"}
    assert get.loc[(2022, "exports", "CHN"), "share"] == pytest.approx(13 / 84)
    assert get.loc[(2021, "imports", "RUS"), "value"] == 17000  # CIF used, FOB ignored
    assert len(table) == 4
    long = tmp_path / "dots_long.csv"
    long.write_text("Country Code,Counterpart Country Code,Indicator Code,Time Period,Value\n"
                    "UZB,W00,TXG_FOB_USD,2023,19000\nUZB,RUS,TXG_FOB_USD,2023,3300\n"
                    "UZB,RUS,TXG_FOB_USD,2023M01,250\n", encoding="utf-8")
    table = byo_trade.load_trade_file(long)
    assert len(table) == 1 and table["share"].item() == pytest.approx(3300 / 19000)


@pytest.mark.parametrize(("content", "message"), [
    ("a,b,c\n1,2,3\n", "Unrecognised trade file"),
    ("Country Code,Counterpart Country Code,Indicator Code,Time Period,Value\n916,111,TXG_FOB_USD,2023,5\n", "numeric"),
    ("freqCode,period,reporterISO,partnerISO,flowCode,primaryValue\nM,202301,KAZ,CHN,X,5\n", "annual"),
    ("period,reporterISO,partnerISO,flowCode,primaryValue,cmdCode\n2023,KAZ,CHN,X,5,27\n2023,KAZ,CHN,X,6,26\n", "TOTAL"),
    ("period,reporterISO,partnerISO,flowCode,primaryValue\n2023,KAZ,CHN,RX,5\n", "no annual export or import rows"),
])
def test_byo_unrecognised_or_unusable_files_fail_clearly(tmp_path, content, message):
    path = tmp_path / "user.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(byo_trade.TradeFileError, match=message):
        byo_trade.load_trade_file(path)


def test_byo_missing_file_and_missing_reporter(tmp_path, comtrade_file):
    with pytest.raises(FileNotFoundError, match="absolute path"):
        byo_trade.load_trade_file(tmp_path / "nope.csv")
    with pytest.raises(byo_trade.TradeFileError, match="its reporters are: KAZ"):
        byo_trade.for_reporter(byo_trade.load_trade_file(comtrade_file), "UZB")


# --- theme tables against the raw files ---------------------------------------------------

def syb_total(raw, m49: str, year: str, prefix: str) -> float:
    (row,) = [r for r in raw("un_syb_trade_totals")[2:] if r[0] == m49 and r[2] == year and r[3].startswith(prefix)]
    return float(row[6].replace(",", ""))


def syb_share(raw, m49: str, year: str, series: str) -> float:
    (row,) = [r for r in raw("un_syb_major_trading_partners")[2:] if r[0] == m49 and r[2] == year and r[3] == series]
    return float(row[6]) / 100


def test_china_and_russia_shares_of_kazakh_goods_trade_2023(raw):
    exports, imports = syb_total(raw, "398", "2023", "Exports"), syb_total(raw, "398", "2023", "Imports")
    china = (syb_share(raw, "398", "2023", "Major trading partner 2 (% of exports)") * exports
             + syb_share(raw, "398", "2023", "Major trading partner 1 (% of imports)") * imports) / (exports + imports)
    russia = (syb_share(raw, "398", "2023", "Major trading partner 3 (% of exports)") * exports
              + syb_share(raw, "398", "2023", "Major trading partner 2 (% of imports)") * imports) / (exports + imports)
    table = conn.partners("KAZ")
    got_china, got_russia = conn.share_of_trade(table, "CHN", 2023), conn.share_of_trade(table, "RUS", 2023)
    assert got_china["complete"] and got_china["trade_low"] == pytest.approx(china)
    assert got_russia["trade_low"] == pytest.approx(russia)
    assert text.pct(china, 1) == "22.5%" and text.pct(russia, 1) == "18.6%"
    value = table.query("year == 2023 and flow == 'imports' and partner == 'CHN'")["value_usd_m"].item()
    assert value == pytest.approx(0.274 * imports)


def test_partner_values_use_wto_totals_where_the_syb_has_none():
    table = conn.partners("KAZ")
    y2020 = table[table["year"] == 2020]
    assert set(y2020["total_source"]) == set(conn.WTO_TOTALS.values())
    wto = data.wide("wdi_merch_exports_usd", None, ["KAZ"])["KAZ"][2020] / 1e6
    assert y2020.query("flow == 'exports'")["total_usd_m"].iloc[0] == pytest.approx(wto)
    assert set(table.loc[table["year"] != 2020, "total_source"]) == {conn.SYB_TOTALS}


def test_share_bounds_when_a_partner_is_listed_in_one_direction():
    table = pd.DataFrame({
        "year": 2023, "flow": ["exports"] * 3 + ["imports"] * 3, "partner": ["A", "B", "C", "A", "D", "E"],
        "share": [0.5, 0.2, 0.1, 0.3, 0.2, 0.05], "total_usd_m": [100.0] * 3 + [300.0] * 3})
    both = conn.share_of_trade(table, "A", 2023)
    assert both["complete"] and both["trade_low"] == pytest.approx((50 + 90) / 400)
    one = conn.share_of_trade(table, "B", 2023)
    assert not one["complete"] and one["trade_low"] == pytest.approx(20 / 400)
    assert one["trade_high"] == pytest.approx((20 + 0.05 * 300) / 400)
    assert conn.share_phrase(one) == "between 5.0% and 8.8%"
    none = conn.share_of_trade(table, "Z", 2023)
    assert conn.share_phrase(none) == "less than 6.2%"  # (0.1 * 100 + 0.05 * 300) / 400


def test_quality_flags_name_the_known_artefacts():
    uzb = " ".join(conn.quality_flags("UZB", conn.partners("UZB")))
    assert "Areas nes" in uzb and "29.9%" in uzb and "gold" in uzb
    kaz = " ".join(conn.quality_flags("KAZ", conn.partners("KAZ")))
    assert "Gambia" in kaz and "mis-coded" in kaz and "No 2020 share for imports partner 3" in kaz
    tkm = " ".join(conn.quality_flags("TKM", conn.partners("TKM")))
    assert "18 of the 18 partner shares are marked 'Estimate.'" in tkm
    gain, loss = conn.headline_changes(conn.partners("KAZ"), "KAZ")
    assert (gain["partner"], gain["flow"], loss["partner"], loss["flow"]) == ("CHN", "imports", "RUS", "imports")


def test_remittances_share_of_gdp_matches_the_raw_series(mirror_root):
    def wdi(dataset_id, code, year):
        path = mirror_root / dataset_id / catalog.get(dataset_id).file().name
        with open(path, encoding="utf-8-sig", newline="") as fh:
            (row,) = [r for r in csv.DictReader(fh) if r["Country Code"] == code and r["Year"] == str(year)]
        return float(row["Value"])
    expected = 100 * wdi("wdi_remittances", "UZB", 2023) / wdi("wdi_gdp_usd", "UZB", 2023)
    got = conn.per_gdp("wdi_remittances", ["UZB", "TKM"], 1995, 2024)
    assert got.loc[2023, "UZB"] == pytest.approx(expected)
    assert got["TKM"].dropna().index.tolist() == [1996]  # no remittance data after 1996, not zeros
    openness = conn.trade_openness(["KAZ"], 2023, 2023)
    assert openness.loc[2023, "KAZ"] == pytest.approx(wdi("wdi_exports_gdp", "KAZ", 2023) + wdi("wdi_imports_gdp", "KAZ", 2023))


# --- the notebook --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def connectivity_reports(tmp_path_factory, theme_reports):
    rendered = {c: theme_reports["connectivity", c] for c in ("KAZ", "UZB")}
    own = tmp_path_factory.mktemp("byo") / "comtrade_kaz.csv"
    own.write_text(COMTRADE, encoding="utf-8")
    rendered["BYO"] = report.render("connectivity", {"country": "KAZ", "trade_file": str(own)},
                                    out_dir=tmp_path_factory.mktemp("reports-byo"))
    rendered["BYO file"] = own
    return rendered


@pytest.mark.notebook
@pytest.mark.parametrize(("country", "figures"), [("KAZ", 9), ("UZB", 10)])
def test_connectivity_report_has_figures_and_maps_with_alt_text(connectivity_reports, country, figures):
    _, found = checked_report(connectivity_reports[country], min_figures=figures)
    assert figures >= 6
    maps_drawn = [a for a in found if ". Map of" in a]  # alt text: the title, then the description
    assert len(maps_drawn) >= (3 if country == "UZB" else 2)


@pytest.mark.notebook
def test_connectivity_numbers_match_the_data(connectivity_reports):
    kaz = connectivity_reports["KAZ"].html.read_text(encoding="utf-8")
    table = conn.partners("KAZ")
    china, russia = conn.share_of_trade(table, "CHN", 2023), conn.share_of_trade(table, "RUS", 2023)
    assert f"<strong>China</strong> accounted for <strong>{conn.share_phrase(china)}</strong>" in kaz
    assert f"<strong>Russia</strong> for <strong>{conn.share_phrase(russia)}</strong>" in kaz
    assert conn.share_phrase(china) == "22.5%"
    exports = data.wide("un_syb_trade_totals", "Exports FOB", ["KAZ"])["KAZ"][2023]
    assert f"exported goods worth <strong>{conn.usd(exports)}</strong>" in kaz
    assert "Gambia" in kaz and "mis-coded" in kaz
    uzb = connectivity_reports["UZB"].html.read_text(encoding="utf-8")
    assert "Areas nes" in uzb and "non-monetary gold" in uzb
    remit = conn.per_gdp("wdi_remittances", ["UZB"], 1995, 2025)["UZB"].dropna()
    assert f"Personal remittances received: <strong>{text.num(remit.iloc[-1], 1)}% of GDP</strong> in {remit.index[-1]}" in uzb
    rail = data.wide("wdi_rail_lines", None, ["UZB"])["UZB"].dropna()
    assert f"the World Bank gives {text.num(rail.iloc[-1], 0)} route-km" in uzb
    assert "No <code>trade_file</code> was given" in kaz


@pytest.mark.notebook
def test_connectivity_report_reads_a_user_trade_file(connectivity_reports):
    html = connectivity_reports["BYO"].html.read_text(encoding="utf-8")
    assert "From <strong>comtrade_kaz.csv</strong> (UN Comtrade layout, 2 years)" in html
    assert "China 19.0%" in html  # 15 of 79 bn in 2023
    assert "user-supplied trade file" in html
    found = figure_alts(html)
    assert any("comtrade_kaz.csv" in a for a in found) and len(found) >= 10
    assert str(connectivity_reports["BYO file"].parent) not in html  # the file's name only, never its folder


# --- the notebook's tables, figures and sentences (hand-made tables) -------------------------------
GARBAGE = ("None", "nan", "n/a", "NaN", "  ")


def clean(sentence: str) -> str:
    found = [g for g in GARBAGE if g in sentence]
    assert found == [], f"{found} in {sentence!r}"
    return sentence


def clean_figure(figure: figures.Figure) -> figures.Figure:
    clean(figure.title), clean(figure.alt)
    plt.close(figure.fig)
    return figure


def year_table(values: dict[str, dict[int, float]], years) -> pd.DataFrame:
    """A year x country table over ``years`` (NaN where a country has no value)."""
    return pd.DataFrame(values).reindex(list(years)).astype(float)


def trade_rows(values: dict[str, dict[int, float]]) -> pd.DataFrame:
    """Goods-trade rows of KAZ (series key -> year -> US$ million) as :func:`conn.goods_trade` builds them."""
    names = {**{f"syb_{k}": v for k, v in conn.SYB_SERIES.items()}, **{f"wto_{k}": v for k, v in conn.WTO_SERIES.items()}}
    rows = [{"country": "KAZ", "year": y, "series": names[key], "value": v, "unit": conn.TRADE_UNIT, "panel": "years"}
            for key, by_year in values.items() for y, v in by_year.items()]
    return pd.DataFrame(rows, columns=[*figures.DATA_COLUMNS, "panel"])


TRADE = {"syb_exports": {2015: 40_000.0, 2023: 80_000.0}, "syb_imports": {2015: 30_000.0, 2023: 60_000.0},
         "syb_balance": {2015: 10_000.0, 2023: 20_000.0}, "wto_exports": {2015: 50_000.0, 2023: 80_000.0},
         "wto_imports": {2015: 30_000.0, 2023: 60_000.0}}


def test_goods_trade_text_over_a_range_gives_the_change_and_the_caution():
    table = trade_rows(TRADE)
    got = clean(conn.goods_trade_text(table, "KAZ", 2010, 2025))
    assert got.startswith("In 2023 Kazakhstan exported goods worth **US$ 80.0 bn** and imported **US$ 60.0 bn**, "
                          "a surplus of **US$ 20.0 bn**. Since 2015 exports changed by +100% and imports by +100%.")
    assert "The SYB reports only 2015, 2023 in 2010–2025" in got
    assert "**Caution:** for 2015 the SYB and WTO totals differ by more than 15% (2015 exports: SYB US$ 40.0 bn, WTO US$ 50.0 bn), so the change since 2015 depends on the source." in got


def test_goods_trade_text_for_one_year():
    one = trade_rows({k: {2023: v[2023]} for k, v in TRADE.items()})
    got = clean(conn.goods_trade_text(one, "KAZ", 2023, 2023))
    assert got == ("In 2023 Kazakhstan exported goods worth **US$ 80.0 bn** and imported **US$ 60.0 bn**, a surplus "
                   "of **US$ 20.0 bn**.")  # no 'since 2023', no '2023–2023'


def test_goods_trade_without_syb_years_says_so():
    wto_only = trade_rows({"wto_exports": {2024: 80_000.0}})
    assert conn.goods_trade_figure(wto_only, "KAZ") is None
    assert clean(conn.goods_trade_text(wto_only, "KAZ", 2024, 2024)) == (
        "The UN Statistical Yearbook reports no goods trade totals in 2024 for Kazakhstan.")


def test_goods_trade_figure_draws_from_its_table():
    table = pd.concat([trade_rows(TRADE), pd.DataFrame([
        {"country": c, "year": 2023, "series": conn.SYB_SERIES[f], "value": v, "unit": conn.TRADE_UNIT,
         "panel": "comparison"} for c, f, v in [("KAZ", "exports", 80_000.0), ("KAZ", "imports", 60_000.0),
                                               ("TKM", "exports", math.nan), ("TKM", "imports", math.nan)]])])
    figure = clean_figure(conn.goods_trade_figure(table, "KAZ"))
    assert figure.id == "goods-trade" and figure.data is table
    assert figure.title == "Kazakhstan ran a goods trade surplus of US$ 20.0 bn in 2023: exports US$ 80.0 bn, imports US$ 60.0 bn"
    assert figure.alt.endswith("Kazakhstan (US$ 80.0 bn / US$ 60.0 bn), Turkmenistan (not reported).")


def flows_table(values: dict[str, dict[str, dict[int, float]]], years) -> pd.DataFrame:
    """Money-flow rows (label -> country -> year -> % of GDP) with US$ = % x 1e9 (GDP of US$ 100 bn)."""
    parts = [figures.tidy(year_table(by_country, years), label, "% of GDP") for label, by_country in values.items()]
    table = pd.concat(parts, ignore_index=True)
    return table.assign(usd=table["value"] * 1e9)


def test_money_flows_alt_says_not_reported_instead_of_none():
    # the 2024 Turkmenistan report printed 'current account n/a% (None)' in the alt text
    table = flows_table({"FDI net inflows": {"TKM": {2024: 3.7}}, "Personal remittances received": {"TKM": {1996: 0.2}},
                         "Current account balance": {"TKM": {}}}, range(1995, 2025))
    figure = clean_figure(conn.money_flows_figure(table, "TKM"))
    assert figure.alt.endswith("Turkmenistan: FDI 3.7% (2024), remittances 0.2% (1996), current account not reported.")
    assert figure.title == "Net FDI inflows equalled 3.7% of Turkmenistan's GDP in 2024"
    got = clean(conn.money_flows_text(table, "TKM"))
    assert got == ("FDI net inflows: **3.7% of GDP** in 2024 (US$ 3.7 bn). Personal remittances received: **0.2% of "
                   "GDP** in 1996 (US$ 200 million) (the last year reported; nothing after 1996). The World Bank WDI "
                   "reports no current account balance for Turkmenistan.")


def test_money_flows_for_one_year_without_data():
    table = flows_table({label: {"KGZ": {}} for label in conn.MONEY_FLOWS}, [2024])
    figure = clean_figure(conn.money_flows_figure(table, "KGZ"))
    assert figure.title == "The World Bank reports no net FDI inflows in 2024 for Kyrgyzstan"
    assert "1-year" not in figure.alt and "2024-2024" not in figure.alt and "% of GDP, 2024, for" in figure.alt
    assert clean(conn.money_flows_text(table, "KGZ")).count("The World Bank WDI reports no") == 3


def test_remittances_above_fdi_lead_the_title():
    table = flows_table({"FDI net inflows": {"KGZ": {2024: 2.0}}, "Personal remittances received": {"KGZ": {2024: 19.5}},
                         "Current account balance": {"KGZ": {2024: -40.0}}}, [2024])
    figure = clean_figure(conn.money_flows_figure(table, "KGZ"))
    assert figure.title == ("Migrants' remittances (19.5% of GDP, 2024) bring Kyrgyzstan more money than foreign direct "
                            "investment (2.0%)")
    assert set(figure.data["series"]) == set(conn.MONEY_FLOWS)


def openness_table(goods_services: dict, merchandise: dict, years) -> pd.DataFrame:
    first, second = conn.OPENNESS_SERIES
    return pd.concat([figures.tidy(year_table(goods_services, years), first, "% of GDP"),
                      figures.tidy(year_table(merchandise, years), second, "% of GDP")], ignore_index=True)


def test_openness_ranks_and_compares_with_the_first_year():
    table = openness_table({"KAZ": {1995: 82.5, 2024: 57.0}, "KGZ": {2024: 130.0}}, {"KAZ": {2025: 46.8}},
                           range(1995, 2026))
    figure = clean_figure(conn.openness_figure(table, "KAZ"))
    assert figure.title == ("Kazakhstan's trade in goods and services equalled 57% of GDP in 2024, number 2 of 2 among "
                            "the states compared")
    assert figure.alt.endswith("Kazakhstan: 57% in 2024 (goods and services), 47% in 2025 (merchandise).")
    assert conn.openness_text(table, "KAZ") == (
        "Exports plus imports of goods and services came to **57.0% of GDP** in 2024 (against 82.5% in 1995); "
        "merchandise trade alone to 46.8% in 2025. Kyrgyzstan 130%, Kazakhstan 57% (2024).")


def test_openness_rank_says_how_many_states_report_the_year():
    # with 2025 reported for three of five states, the title said 'number 3 of 3 among the states compared'
    table = openness_table({"TKM": {2024: 29.0, 2025: 28.2}, "KAZ": {2024: 57.0}, "KGZ": {2024: 130.0, 2025: 92.4},
                            "UZB": {2025: 57.4}}, {"TKM": {2025: 40.8}}, range(2020, 2026))
    assert clean_figure(conn.openness_figure(table, "TKM")).title == (
        "Turkmenistan's trade in goods and services equalled 28% of GDP in 2025, number 3 of the 3 states compared "
        "that report 2025")
    assert clean_figure(conn.openness_figure(table, "KGZ")).title.endswith(
        "92% of GDP in 2025, the highest of the 3 states compared that report 2025")


def test_openness_for_one_year_and_without_data():
    one = openness_table({"KAZ": {2024: 57.0}}, {"KAZ": {}}, [2024])
    assert clean(conn.openness_text(one, "KAZ")) == (
        "Exports plus imports of goods and services came to **57.0% of GDP** in 2024; merchandise trade alone is not "
        "reported. Kazakhstan 57% (2024).")
    empty = openness_table({"KAZ": {}}, {"KAZ": {}}, [2024])
    assert clean_figure(conn.openness_figure(empty, "KAZ")).title == (
        "The World Bank reports no trade openness in 2024 for Kazakhstan")
    assert clean(conn.openness_text(empty, "KAZ")) == (
        "The World Bank reports no trade in goods and services in 2024 for Kazakhstan.")


def mix_table(fuel: dict, ores: dict, years) -> pd.DataFrame:
    return pd.concat([figures.tidy(year_table(fuel, years), "Fuel exports", conn.MIX_UNIT),
                      figures.tidy(year_table(ores, years), "Ores and metals exports", conn.MIX_UNIT)], ignore_index=True)


def test_export_mix_old_and_missing():
    old = mix_table({"TKM": {2012: 80.0}}, {"TKM": {2012: 1.0}}, range(1995, 2026))
    figure = clean_figure(conn.export_mix_figure(old, "TKM"))
    assert figure.title == "Turkmenistan's export mix is last reported for 2012: fuels 80%, ores and metals 1%"
    assert conn.export_mix_text(old, "TKM").endswith(
        "The series covers Turkmenistan in 1 of the 31 years from 1995 to 2025 (2012); the other years are not reported.")
    none = mix_table({"TKM": {}}, {"TKM": {}}, [2024])
    figure = clean_figure(conn.export_mix_figure(none, "TKM"))
    assert figure.title == "The World Bank reports no export mix for Turkmenistan"
    assert figure.alt.endswith("Turkmenistan: fuels not reported, ores and metals not reported.")
    assert clean(conn.export_mix_text(none, "TKM")).strip() == "The World Bank reports no export mix for Turkmenistan."


def test_export_mix_for_one_reported_year_has_no_coverage_note():
    one = mix_table({"KAZ": {2024: 57.0}}, {"KAZ": {2024: 15.0}}, [2024])
    assert clean(conn.export_mix_text(one, "KAZ")) == (
        "Fuels were **57.0%** and ores and metals **15.0%** of Kazakhstan's goods exports in 2024. ")


def logistics_table(lpi: dict, rail_km: dict, departures: dict, years) -> pd.DataFrame:
    (lpi_label, lpi_unit, _), (rail_label, rail_unit, _), (air_label, air_unit, _) = conn.LOGISTICS_SERIES.values()
    return pd.concat([figures.tidy(year_table(lpi, years), lpi_label, lpi_unit),
                      figures.tidy(year_table(rail_km, years) / 1e3, rail_label, rail_unit),
                      figures.tidy(year_table(departures, years) / 1e3, air_label, air_unit)], ignore_index=True)


def test_logistics_with_and_without_data():
    table = logistics_table({"KAZ": {2018: 2.81, 2022: 2.7}, "UZB": {2022: 2.6}}, {"KAZ": {2021: 16006.0}},
                            {"KAZ": {2023: 89_400.0}}, range(2015, 2026))
    figure = clean_figure(conn.logistics_figure(table, "KAZ"))
    assert figure.title == "Kazakhstan scored 2.70 of 5 on logistics in 2022; the best among the states compared"
    assert figure.alt.endswith("Kazakhstan: LPI 2.70 (2022), 16,006 route-km of railway (2021), 89.4 thousand departures (2023).")
    assert conn.logistics_text(table, "KAZ") == (
        "Kazakhstan's LPI score was **2.70** in 2022 (survey years: 2018, 2022). It had **16,006 route-km of railway** "
        "in 2021 (the World Bank series ends there) and its carriers flew **89,400 departures** in 2023.")
    assert conn.rail_route_km(table, "KAZ") == (2021, pytest.approx(16006.0))
    older = logistics_table({"TKM": {2018: 2.41}, "KAZ": {2018: 2.81, 2022: 2.7}, "UZB": {2022: 2.6}}, {}, {},
                            range(2015, 2026))
    assert clean_figure(conn.logistics_figure(older, "TKM")).title == (
        "Turkmenistan scored 2.41 of 5 on logistics in 2018; Kazakhstan scored highest of the 2 states compared that "
        "report 2018")
    empty = logistics_table({"TKM": {}}, {"TKM": {}}, {"TKM": {}}, [2024])
    assert clean_figure(conn.logistics_figure(empty, "TKM")).title == (
        "The World Bank reports no logistics score in 2024 for Turkmenistan")
    assert clean(conn.logistics_text(empty, "TKM")) == (
        "The World Bank reports no Logistics Performance Index score for Turkmenistan. It had no railway length "
        "reported by the World Bank and no air departures reported.")


def digital_table(internet: dict, broadband: dict, mobile: dict, years) -> pd.DataFrame:
    tables = dict(zip(conn.DIGITAL_SERIES.values(), (internet, broadband, mobile)))
    return pd.concat([figures.tidy(year_table(v, years), label, unit) for (label, unit), v in tables.items()],
                     ignore_index=True)


def test_digital_names_the_states_whose_internet_line_ends_early():
    table = digital_table({"KAZ": {2022: 92.3}, "TKM": {2015: 15.0}}, {"KAZ": {2024: 15.3}}, {"KAZ": {2024: 127.0}},
                          range(2010, 2026))
    figure = clean_figure(conn.digital_figure(table, "KAZ"))
    assert figure.title == ("92% of people in Kazakhstan used the internet in 2022; 15.3 fixed broadband lines per 100 "
                            "people (2024)")
    assert conn.digital_text(table, "KAZ") == (
        "Internet use reached **92.3%** of individuals in Kazakhstan in 2022; there were 15.3 fixed broadband "
        "subscriptions per 100 people in 2024 and 127 mobile ones in 2024. The SYB has no internet-use figure after "
        "2015 for Turkmenistan; its line ends there.")


def test_digital_for_one_year_without_data():
    table = digital_table({"TKM": {}}, {"TKM": {}}, {"TKM": {}}, [2024])
    figure = clean_figure(conn.digital_figure(table, "TKM"))
    assert figure.title == "The UN SYB reports no internet use in 2024 for Turkmenistan"
    assert clean(conn.digital_text(table, "TKM")) == (
        "The UN SYB reports no internet use for Turkmenistan; no fixed broadband subscriptions are reported and no "
        "mobile ones.")


def test_partners_without_data_say_so_and_draw_nothing():
    empty = conn.partners("XXX")
    assert conn.partners_figure(empty, "KAZ") is None
    assert conn.partners_text(empty, "KAZ") == "The UN Statistical Yearbook reports no trading partners for Kazakhstan."
    assert conn.quality_text(empty, "KAZ") == ""


def test_partner_figure_data_is_tidy_and_holds_every_listed_share():
    table = conn.partners("KAZ")
    figure = clean_figure(conn.partners_figure(table, "KAZ"))
    assert list(figure.data.columns[:5]) == list(figures.DATA_COLUMNS) and len(figure.data) == len(table)
    china = figure.data[(figure.data["series"] == "imports: China") & (figure.data["year"] == 2023)].iloc[0]
    assert china["share"] == pytest.approx(0.274) and china["unit"] == "US$ million"
    assert china["value"] == pytest.approx(0.274 * data.wide("un_syb_trade_totals", "Imports CIF", ["KAZ"])["KAZ"][2023])


def test_data_used_names_the_users_file_without_its_folder():
    got = conn.data_used_text("/home/someone/private/comtrade_kaz.csv")
    assert "`comtrade_kaz.csv`" in got and "/home" not in got and "private" not in got
    assert conn.data_used_text(None).endswith("(sha256-verified on load).")
    assert maps.RAILWAYS in conn.datasets_used("UZB") and maps.RAILWAYS not in conn.datasets_used("KAZ")


def test_own_trade_file_table_figure_and_sentence(comtrade_file):
    table = conn.own_trade(str(comtrade_file), "KAZ")
    assert list(table.columns[:5]) == list(figures.DATA_COLUMNS) and set(table["series"]) == {"exports", "imports"}
    assert set(table["file"]) == {comtrade_file.name}
    figure = clean_figure(conn.own_trade_figure(table, "KAZ"))
    assert str(comtrade_file.parent) not in figure.alt + (figure.credit or "")
    got = conn.own_trade_text(table)
    assert got.startswith(f"From **{comtrade_file.name}** (UN Comtrade layout, 2 years): exports: ")
    assert str(comtrade_file.parent) not in got
    nothing = conn.own_trade(None, "KAZ")
    assert conn.own_trade_figure(nothing, "KAZ") is None
    assert conn.own_trade_text(nothing).startswith("No `trade_file` was given")


# --- the maps' tables -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def layers():
    return maps.load_geo(maps.COUNTRIES), maps.load_geo(maps.PLACES)


def test_region_table_gives_border_lengths_and_capitals(layers):
    world, places = layers
    table = maps.region_table(world, places, "KAZ")
    borders = table[table["series"] == "border with Kazakhstan"].set_index("country")["value"]
    assert sorted(borders.index) == ["CHN", "KGZ", "RUS", "TKM", "UZB"]
    # the 1:50m lines are generalised: shorter than the official 7,644, 1,783 and 2,330 km
    assert borders[["RUS", "CHN", "UZB"]].round(-1).tolist() == [5460, 1430, 2120]
    assert borders.idxmax() == "RUS"
    capitals = table[table["series"] == maps.CAPITAL]
    assert "Astana" in set(capitals["place"]) and capitals["value"].isna().all()
    figure = clean_figure(maps.region_figure(table, world, places, "KAZ"))
    assert figure.title.startswith("Kazakhstan borders 5 states: ")


def test_pipeline_table_rows_are_the_drawn_segments(layers):
    world, _ = layers
    lines = maps.pipeline_routes(routes.load_pipelines(), "KAZ", world)
    table = maps.pipeline_table(lines, "KAZ")
    assert len(table) == len(lines) and (table["value"] > 0).all() and set(table["unit"]) == {"km"}
    assert set(table["series"]) == set(lines["group"])
    others = table["series"] == maps.OTHER_ROUTES
    assert set(table.loc[others, "country"]) == {""} and set(table.loc[~others, "country"]) == {"KAZ"}
    assert clean(maps.pipeline_text(lines, "KAZ")).startswith("Global Energy Monitor maps **")


def test_railway_table_is_empty_outside_uzbekistan_and_says_why(layers):
    _, places = layers
    table = maps.railway_table(places, "KAZ", (2021, 16006.0))
    assert table.empty
    assert maps.railway_figure(table, None, places, "KAZ") is None
    assert "no railway layer for Kazakhstan" in maps.railway_text(table, "KAZ")


def test_railway_table_for_uzbekistan(layers):
    _, places = layers
    table = maps.railway_table(places, "UZB", (None, math.nan))
    ways = table[table["series"] == maps.RAIL_WAYS]["value"].item()
    assert ways == len(maps.main_rail_lines(maps.load_geo(maps.RAILWAYS)))
    tashkent = table[(table["series"] == maps.RAIL_DISTANCE) & (table["place"] == "Tashkent")].iloc[0]
    assert tashkent["is_capital"] and tashkent["value"] < 5
    got = clean(maps.railway_text(table, "UZB"))
    assert "the World Bank reports no route-km" in got


def test_span_names_a_one_year_range_once():
    assert conn.span(2024, 2024) == "2024"  # the intro printed 'Years 2024–2024'
    assert conn.span(1995, 2025) == "1995–2025" and conn.span(1995, 2025, "-") == "1995-2025"
