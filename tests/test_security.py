"""Security theme: SIPRI, UCDP and WGI loaders, their name tables, the TIV spreading method, the notebook.

Parsers are checked on small fixtures written here (with each source's quirks), then
against known values of the real files, read independently with csv/openpyxl/pandas.
"""

from __future__ import annotations

import csv
import math
import re
from importlib import resources

import openpyxl
import pandas as pd
import pytest

from helpers import data
from helpers.data import catalog
from helpers.present import text
from helpers.themes import security
from helpers.data.countries import is_iso3_country, name_table
from helpers.data.sources import PANEL_COLUMNS, sipri, ucdp, wgi
from report_fixtures import checked_report

PANELS = ["sipri_milex", "ucdp_orgvio_cy", "wgi"]
FORMER_STATES = {"SUN", "CSK", "DDR", "YUG", "YAR", "YMD", "RVN", "ANT"}
CODE = re.compile(r"[A-Z]{3}|[A-Z0-9]+:[A-Z0-9_]+")


@pytest.fixture(scope="module")
def loaded(_isolated_data_env):
    return {d: data.load(d) for d in PANELS + ["sipri_arms_transfers", "ucdp_prio_acd"]}


@pytest.fixture(scope="module")
def raw(mirror_root):
    def get(dataset_id: str):
        return mirror_root / dataset_id / catalog.get(dataset_id).file().name
    return get


def one(frame, country, year, indicator):
    rows = frame[(frame["country"] == country) & (frame["year"] == year) & (frame["indicator"] == indicator)]
    assert len(rows) == 1, f"{len(rows)} rows for {country} {year} {indicator}"
    return float(rows["value"].iloc[0])


def _table_rows(table: str) -> list[dict]:
    text_ = resources.files("helpers.data.tables").joinpath(f"{table}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text_.splitlines()))


# --- SIPRI Milex: fixture ------------------------------------------------------------------

def _milex_sheet(title_lines: int, years: list[int], rows: list[list]) -> list[list]:
    head = [[f"SIPRI note {i}"] + [None] * (len(years) + 1) for i in range(title_lines)]
    return head + [["Country", "Notes", *years], [None] * (len(years) + 2)] + rows


@pytest.fixture
def milex_fixture(tmp_path):
    years = [1991, 1992, 1993]
    base = [["Central Asia", None, None, None, None],                 # region label: no cells
            ["Kazakhstan", "†", "xxx", "...", 500.0],
            ["Kyrgyz Republic", "§52", "xxx", 80.0, "..."],
            ["Costa Rica", None, 0.0, 0.0, 0.0],                       # a real zero
            ["USSR", None, 250000.0, "xxx", "xxx"],
            ["European Union", "†¶103", "xxx", "xxx", 900.0]]
    share = [["Central Asia", None, None, None, None],
             ["Kazakhstan", "†", "xxx", "...", 0.0043],
             ["Kyrgyz Republic", "§52", "xxx", 0.0155, "..."],
             ["Costa Rica", None, 0.0, 0.0, 0.0],
             ["USSR", None, 0.12, "xxx", "xxx"],
             ["European Union", None, "xxx", "xxx", "..."]]
    path = tmp_path / "milex.xlsx"
    layout = {"Constant (2023) US$": (4, base), "Current US$": (4, base), "Share of GDP": (4, share),
              "Per capita": (5, base), "Share of Govt. spending": (6, share)}
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame([["front"]]).to_excel(writer, sheet_name="Front page", header=False, index=False)
        for sheet, (title_lines, rows) in layout.items():
            pd.DataFrame(_milex_sheet(title_lines, years, rows)).to_excel(writer, sheet_name=sheet, header=False, index=False)
    return path


def test_milex_parser_on_fixture(milex_fixture):
    frame = sipri.parse(catalog.get("sipri_milex"), {"milex.xlsx": milex_fixture})
    assert list(frame.columns) == PANEL_COLUMNS
    constant = frame[frame["indicator"] == sipri.CONSTANT_USD]
    # '...', 'xxx' and '..' are gaps (no row), never zeros; the region label row is skipped
    assert sorted(constant.loc[constant["country"] == "KAZ", "year"]) == [1993]
    assert sorted(constant.loc[constant["country"] == "KGZ", "year"]) == [1992]
    assert "Central Asia" not in set(frame["country"])
    # real zeros stay
    assert (constant.loc[constant["country"] == "CRI", "value"] == 0).sum() == 3
    # names through the table: former states and the EU's own row
    assert one(frame, "SUN", 1991, sipri.CONSTANT_USD) == 250000.0
    eu = frame[frame["country"] == "SIPRI:EU"]
    assert eu["is_aggregate"].all() and not frame.loc[frame["country"] == "KAZ", "is_aggregate"].any()
    # shares are stored as fractions and come out in per cent
    assert one(frame, "KAZ", 1993, sipri.SHARE_OF_GDP) == pytest.approx(0.43)
    assert one(frame, "KGZ", 1992, sipri.SHARE_OF_GOVT) == pytest.approx(1.55)
    assert set(frame.loc[frame["indicator"] == sipri.SHARE_OF_GDP, "unit"]) == {"% of GDP"}
    # header rows at different depths per sheet are all found
    assert set(frame["indicator"]) == {spec[0] for spec in sipri.MILEX_SHEETS.values()}


def test_milex_unknown_name_points_at_the_table(milex_fixture, tmp_path):
    book = openpyxl.load_workbook(milex_fixture)
    sheet = book["Current US$"]
    for row in sheet.iter_rows():
        if row[0].value == "Kazakhstan":
            row[0].value = "Atlantis"
    path = tmp_path / "renamed.xlsx"
    book.save(path)
    with pytest.raises(KeyError, match="sipri_names.csv"):
        sipri.parse(catalog.get("sipri_milex"), {"x.xlsx": path})


# --- SIPRI Milex: the real file --------------------------------------------------------------

def _raw_milex_row(path, sheet: str, country: str) -> dict[int, object]:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = list(book[sheet].iter_rows(values_only=True))
    header = next(r for r in rows if r and r[0] == "Country")
    (row,) = [r for r in rows if r and r[0] == country]
    return {int(h): v for h, v in zip(header, row) if isinstance(h, (int, float))}


def test_milex_known_values(loaded, raw):
    frame = loaded["sipri_milex"]
    kaz = _raw_milex_row(raw("sipri_milex"), "Constant (2023) US$", "Kazakhstan")
    assert one(frame, "KAZ", 2024, sipri.CONSTANT_USD) == pytest.approx(kaz[2024], rel=1e-12)
    assert round(one(frame, "KAZ", 2024, sipri.CONSTANT_USD), 1) == 1145.0
    # one row per numeric cell: no marker became a number
    numeric = [y for y, v in kaz.items() if isinstance(v, (int, float))]
    assert sorted(frame.loc[(frame["country"] == "KAZ") & (frame["indicator"] == sipri.CONSTANT_USD), "year"]) == sorted(numeric)
    assert kaz[1991] == kaz[1992] == "..."
    ussr = _raw_milex_row(raw("sipri_milex"), "Constant (2023) US$", "USSR")
    assert ussr[1990] > 0 and ussr[1992] == "xxx"  # 'xxx': the state did not exist
    assert frame.loc[frame["country"] == "SUN", "year"].max() <= 1991
    share = _raw_milex_row(raw("sipri_milex"), "Share of GDP", "Kazakhstan")
    assert one(frame, "KAZ", 2024, sipri.SHARE_OF_GDP) == pytest.approx(100 * share[2024], rel=1e-12)
    assert one(frame, "KAZ", 2024, sipri.SHARE_OF_GDP) == pytest.approx(0.428, abs=0.001)


def test_milex_gaps_are_the_ones_source_json_names(loaded):
    frame = loaded["sipri_milex"]
    years = lambda c: sorted(frame.loc[(frame["country"] == c) & (frame["indicator"] == sipri.CONSTANT_USD), "year"])
    uzb = years("UZB")
    assert len(uzb) == 10 and uzb[0] == 1994 and uzb[-1] == 2018
    assert years("TKM") == list(range(1994, 2000))
    for code in ("KAZ", "KGZ", "TJK", "RUS", "CHN", "USA", "TUR"):
        assert years(code)[-1] == 2024, code
    table = security.milex(sipri.CONSTANT_USD, ["UZB", "TKM"], 1992, 2024)
    assert table.shape == (33, 2) and table["TKM"].notna().sum() == 6
    gaps = security.milex_gaps(table).set_index("country")
    assert gaps.loc["TKM", "missing"] == "1992–1993, 2000–2024"


# --- SIPRI arms transfers register -------------------------------------------------------------

REGISTER_HEADER = "Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,Weapon description," \
                  "Number delivered, ,Year(s) of delivery,status,Comments,SIPRI TIV per unit,SIPRI TIV for total order," \
                  "SIPRI TIV of delivered weapons"
REGISTER_ROWS = [
    'Kazakhstan,Russia,2014,?,3,?,Su-30MK,FGA aircraft,3,,2015; 2016; 2017,New,,10,30,30',
    'Kazakhstan,Turkiye,2020,,2,,Anka,armed UAV,2,,2022,New,For Türkiye-made UAV; payé,2,4,4',
    'Kazakhstan,Spain,2012,?,,,C-295,transport aircraft,8,?,2013; 2015,New,"Comment with a line',
    'break",12.5,,20',
    'Kazakhstan,South Africa,2020,?,,,Mbombe-6,infantry fighting vehicle,0,,,New,,0.62,0,0',
    'Uzbekistan,Soviet Union,1990,,4,,MiG-29,fighter aircraft,4,,1990,Second hand,,8,32,32',
    'Kazakhstan,unknown supplier(s),2024,?,45,?,vehicle engine,vehicle engine,45,,2024,New,,0.05,2.25,2.25',
]


@pytest.fixture
def register_fixture(tmp_path):
    notes = [f"SIPRI note line {i}" for i in range(1, 11)] + ["Data generated: 13 Mar 2025"]
    body = "\n".join(notes + [REGISTER_HEADER] + REGISTER_ROWS) + "\n"
    path = tmp_path / "trade-register.csv"
    path.write_bytes(body.encode("latin-1"))
    return path


def test_register_parser_on_fixture(register_fixture):
    deals = sipri.parse(catalog.get("sipri_arms_transfers"), {"trade-register.csv": register_fixture})
    assert list(deals.columns) == sipri.DEAL_COLUMNS
    assert len(deals) == 6  # the spill-over line of a broken comment has no recipient and is dropped
    su30 = deals.iloc[0]
    assert (su30["recipient_code"], su30["supplier_code"]) == ("KAZ", "RUS")
    assert su30["year_of_order"] == 2014 and su30["year_of_order_uncertain"] and su30["number_ordered_uncertain"]
    assert not su30["number_delivered_uncertain"]
    assert su30["delivery_years"] == "2015;2016;2017" and su30["n_delivery_years"] == 3
    assert su30["tiv_delivered"] == 30 and su30["weapon_category"] == "Aircraft"
    anka = deals.iloc[1]
    assert anka["supplier_code"] == "TUR" and anka["comments"] == "For Türkiye-made UAV; payé"  # latin-1 decoded
    c295 = deals.iloc[2]
    assert math.isnan(c295["number_ordered"]) and math.isnan(c295["tiv_order"]) and c295["tiv_delivered"] == 20
    assert c295["number_delivered_uncertain"]
    mbombe = deals.iloc[3]
    assert mbombe["n_delivery_years"] == 0 and pd.isna(mbombe["delivery_years"])
    assert deals.iloc[4]["supplier_code"] == "SUN"
    assert deals.iloc[5]["supplier_code"] == "SIPRI:UNKNOWN_SUPPLIER" and deals.iloc[5]["weapon_category"] == "Engines"


def test_register_header_must_be_where_sipri_puts_it(tmp_path):
    path = tmp_path / "shifted.csv"
    path.write_bytes(("\n".join(["note,"] * 9 + [REGISTER_HEADER] + REGISTER_ROWS[:2] + REGISTER_ROWS[5:]) + "\n").encode("latin-1"))
    with pytest.raises(ValueError, match="header"):  # two lines short: the header is read as data
        sipri.parse_register(path)


@pytest.mark.parametrize(("description", "category"), [
    ("FGA aircraft", "Aircraft"), ("transport helicopter", "Aircraft"), ("armed UAV", "Aircraft"),
    ("vehicle engine", "Engines"), ("turbofan", "Engines"), ("armoured engineer vehicle", "Armoured vehicles"),
    ("SAM system", "Air defence systems"), ("SAM system radar", "Sensors"), ("anti-radar missile", "Missiles"),
    ("portable SAM", "Missiles"), ("missile boat", "Ships"), ("aircraft carrier", "Ships"),
    ("tank destroyer", "Armoured vehicles"), ("tanker", "Ships"), ("APC", "Armoured vehicles"),
    ("multiple rocket launcher", "Artillery"), ("naval gun", "Naval weapons"), ("loitering munition", "Missiles"),
    ("recce satellite", "Satellites"), ("air search radar", "Sensors"), (None, "Other"),
])
def test_weapon_category(description, category):
    assert sipri.weapon_category(description) == category


def test_register_known_values(loaded, raw):
    deals = loaded["sipri_arms_transfers"]
    with open(raw("sipri_arms_transfers"), encoding="latin-1", newline="") as fh:
        rows = list(csv.reader(fh))[11:]
    header, body = rows[0], [r for r in rows[1:] if r and r[0].strip()]
    assert header[:3] == ["Recipient", "Supplier", "Year of order"]
    assert len(deals) == len(body) == 29515
    kaz = [r for r in body if r[0] == "Kazakhstan"]
    assert len(kaz) == 92 and sum(r[1] == "Russia" for r in kaz) == 43  # source.json caveats
    tiv = header.index("SIPRI TIV of delivered weapons")
    raw_total = sum(float(r[tiv]) for r in kaz if r[tiv].strip())
    assert deals.loc[deals["recipient_code"] == "KAZ", "tiv_delivered"].sum() == pytest.approx(raw_total)
    counts = deals[deals["recipient_code"].isin(["UZB", "TKM", "TJK", "KGZ"])].groupby("recipient_code").size()
    assert counts.to_dict() == {"KGZ": 16, "TJK": 25, "TKM": 83, "UZB": 23}
    assert set(deals["weapon_category"]) - {"Other"} and (deals["weapon_category"] == "Other").sum() == 0


# --- the TIV spreading method -----------------------------------------------------------------

def test_spread_tiv_splits_each_deal_equally(register_fixture):
    deals = sipri.parse_register(register_fixture)
    spread = security.spread_tiv(deals)
    su30 = spread[spread["deal_id"] == 0]
    assert list(su30["year"]) == [2015, 2016, 2017] and list(su30["tiv"]) == [10.0, 10.0, 10.0]
    c295 = spread[spread["deal_id"] == 2]
    assert list(c295["year"]) == [2013, 2015] and list(c295["tiv"]) == [10.0, 10.0]  # listed years only
    assert 3 not in set(spread["deal_id"])  # nothing delivered: no row, not a zero row
    with_years = deals[deals["n_delivery_years"] > 0]
    assert spread.groupby("deal_id")["tiv"].sum().to_dict() == pytest.approx(with_years.set_index("deal_id")["tiv_delivered"].to_dict())
    assert security.unallocated(deals) == {"deals": 6, "no_delivered_tiv": 0, "no_delivery_years": 1, "tiv_without_years": 0.0}


def test_supplier_shares_on_fixture(register_fixture):
    deals = sipri.parse_register(register_fixture)
    yearly = security.arms_imports("KAZ", 2013, 2024, deals=deals)
    assert list(yearly.index) == list(range(2013, 2025))
    assert yearly.loc[2016, security.RUSSIA] == 10.0 and yearly.loc[2014].sum() == 0.0
    assert yearly.loc[2013, security.OTHER_WEST] == 10.0  # Spain
    assert yearly.loc[2024, security.OTHER] == 2.25       # unknown supplier
    shares = security.supplier_shares("KAZ", security.periods(2013, 2024, 5), security.SUPPLIER_GROUPS, deals=deals)
    assert list(dict.fromkeys(shares["period"])) == ["2013–2017", "2018–2022", "2023–2024"]
    first = shares[shares["period"] == "2013–2017"].set_index("supplier")
    assert first.loc[security.RUSSIA, "value"] == pytest.approx(100 * 30 / 50)
    assert first.loc[security.OTHER_WEST, "value"] == pytest.approx(100 * 20 / 50)
    assert first["value"].sum() == pytest.approx(100.0) and (first["tiv_total"] == 50).all()
    second = shares[shares["period"] == "2018–2022"].set_index("supplier")
    assert second.loc[security.TURKEY, "value"] == 100.0
    assert security.periods(1992, 2024, 5)[-1] == (2022, 2024)
    with pytest.raises(ValueError):
        security.periods(2000, 2010, 0)
    empty = security.supplier_shares("KAZ", [(1990, 1994)], security.SUPPLIER_GROUPS, deals=deals)
    assert empty["value"].isna().all() and (empty["tiv"] == 0).all()


@pytest.mark.parametrize(("code", "group"), [
    ("RUS", security.RUSSIA), ("SUN", security.RUSSIA), ("CHN", security.CHINA), ("TUR", security.TURKEY),
    ("USA", security.USA), ("DEU", security.OTHER_WEST), ("GBR", security.OTHER_WEST), ("CAN", security.OTHER_WEST),
    ("UKR", security.OTHER), ("ISR", security.OTHER), ("BLR", security.OTHER), ("SIPRI:UNKNOWN_SUPPLIER", security.OTHER),
])
def test_supplier_group(code, group):
    assert security.supplier_group(code) == group


def test_spread_totals_on_the_real_register(loaded):
    deals = security.deals_to("KAZ", loaded["sipri_arms_transfers"])
    spread = security.spread_tiv(deals)
    assert spread["tiv"].sum() == pytest.approx(deals.loc[deals["n_delivery_years"] > 0, "tiv_delivered"].sum())
    yearly = security.arms_imports("KAZ", 1992, 2024)
    assert yearly.sum().sum() == pytest.approx(spread.loc[spread["year"].between(1992, 2024), "tiv"].sum())
    assert yearly.loc[1992:1994].sum().sum() == 0  # SIPRI lists no delivery to Kazakhstan before 1995
    top = security.top_suppliers("KAZ", 1992, 2024)
    assert top.iloc[0]["supplier_code"] == "RUS" and top.iloc[0]["share"] == pytest.approx(3438.52 / 4003.48, rel=1e-6)


# --- UCDP -------------------------------------------------------------------------------------

def _orgvio_fixture(tmp_path):
    columns = ["country_id_cy", "year_cy", *ucdp.ORGVIO_INDICATORS.values(), *ucdp.DYAD_COLUMNS.values()]
    rows = []
    for gw, year, sb, ns, os_ in [(705, 2022, 0, 0, 0), (703, 2010, 0, 44, 0), (703, 2021, 40, 0, 0), (365, 1990, 5, 0, 0)]:
        values = {c: 0 for c in ucdp.ORGVIO_INDICATORS.values()}
        values.update({"sb_total_deaths_best_cy": sb, "sb_interstate_deaths_best_cy": sb, "ns_total_deaths_best_cy": ns,
                       "ns_total_deaths_high_cy": ns * 10, "os_total_deaths_best_cy": os_,
                       "cumulative_total_deaths_in_orgvio_best_cy": sb + ns + os_})
        dyad = {"sb_dyad_names_cy": "Government of Kyrgyzstan - Government of Tajikistan" if sb and gw == 703 else "NO_DYAD",
                "ns_dyad_names_cy": "Kyrgyz - Uzbek" if ns else "NO_DYAD", "os_dyad_names_cy": "NO_DYAD"}
        rows.append({"country_id_cy": gw, "year_cy": year, **values, **dyad})
    path = tmp_path / "orgvio.csv"
    pd.DataFrame(rows, columns=columns).to_csv(path, index=False)
    return path


def test_orgvio_parser_on_fixture(tmp_path):
    path = _orgvio_fixture(tmp_path)
    frame = ucdp.parse(catalog.get("ucdp_orgvio_cy"), {"organizedviolencecy_v25_1.csv": path})
    assert list(frame.columns) == PANEL_COLUMNS
    assert set(frame["indicator"]) == set(ucdp.ORGVIO_INDICATORS)
    assert one(frame, "KGZ", 2010, "non_state_deaths") == 44 and one(frame, "KGZ", 2010, "non_state_deaths_high") == 440
    assert one(frame, "KAZ", 2022, "organised_violence_deaths") == 0  # UCDP's zero is kept: nothing coded
    assert one(frame, "RUS", 1990, "state_based_deaths") == 5          # GW 365 is Russia (the USSR before 1992)
    assert set(frame["unit"]) == {"deaths"}
    pairs = ucdp.dyads(path)
    assert pairs[["country", "year", "form", "dyads"]].values.tolist() == [
        ["KGZ", 2010, "Non-state", "Kyrgyz - Uzbek"],
        ["KGZ", 2021, "State-based", "Government of Kyrgyzstan - Government of Tajikistan"]]


def test_acd_parser_on_fixture(tmp_path):
    header = ("conflict_id,location,side_a,side_a_id,side_a_2nd,side_b,side_b_id,side_b_2nd,incompatibility,territory_name,"
              "year,intensity_level,cumulative_intensity,type_of_conflict,start_date,start_prec,start_date2,start_prec2,ep_end,"
              "ep_end_date,ep_end_prec,gwno_a,gwno_a_2nd,gwno_b,gwno_b_2nd,gwno_loc,region,version")
    rows = ['13324,"Kyrgyzstan, Tajikistan",Government of Kyrgyzstan,1,"",Government of Tajikistan,2,"",1,Common Border,'
            '2022,1,0,2,2014-07-10,1,2021-04-29,1,1,2022-09-17,1,703,"",702,"","702, 703",3,25.1',
            '395,Tajikistan,Government of Tajikistan,3,Government of Russia (Soviet Union),UTO,4,"",2,,'
            '1993,2,1,4,1992-05-05,1,1992-05-05,1,0,,,702,365,"","",702,3,25.1',
            '751,Hyderabad,Government of Hyderabad,5,"",Government of India,6,"",1,Hyderabad,'
            '1948,1,0,2,1948-09-13,1,1948-09-13,1,1,1948-09-18,1,751,"",750,"",751,3,25.1']
    path = tmp_path / "UcdpPrioConflict_v25_1.csv"
    path.write_text("\n".join([header] + rows) + "\n", encoding="utf-8")
    table = ucdp.parse(catalog.get("ucdp_prio_acd"), {"UcdpPrioConflict_v25_1.csv": path})
    assert list(table.columns) == ucdp.ACD_COLUMNS
    border = table[table["conflict_id"] == 13324].iloc[0]
    assert border["countries_location"] == "TJK;KGZ" and border["type_label"] == "interstate" and border["ep_end"]
    civil = table[table["conflict_id"] == 395].iloc[0]
    assert civil["countries_a_2nd"] == "RUS" and pd.isna(civil["countries_b"]) and civil["intensity_level"] == 2
    assert civil["type_label"] == "internationalised intrastate" and civil["incompatibility_label"] == "government"
    assert table[table["conflict_id"] == 751].iloc[0]["countries_location"] == "GW:HYDERABAD"
    with pytest.raises(KeyError, match="gw_codes.csv"):
        ucdp.from_gw(999)


def test_orgvio_known_values(loaded, raw):
    frame = loaded["ucdp_orgvio_cy"]
    with open(raw("ucdp_orgvio_cy"), encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["country_id_cy"] in ("702", "703", "704", "705")]
    kaz = [r for r in rows if r["country_id_cy"] == "705"]
    assert len(kaz) == 34 and all(r["cumulative_total_deaths_in_orgvio_best_cy"] == "0" for r in kaz)
    kaz_rows = frame[(frame["country"] == "KAZ") & (frame["indicator"] == "organised_violence_deaths")]
    assert len(kaz_rows) == 34 and (kaz_rows["value"] == 0).all() and kaz_rows["year"].min() == 1991
    (kgz2010,) = [r for r in rows if r["country_id_cy"] == "703" and r["year_cy"] == "2010"]
    assert one(frame, "KGZ", 2010, "non_state_deaths") == float(kgz2010["ns_total_deaths_best_cy"]) == 44
    for code, gw, year, deaths in [("KGZ", "703", 2021, 40), ("KGZ", "703", 2022, 63), ("TJK", "702", 2021, 16), ("TJK", "702", 2022, 87)]:
        (row,) = [r for r in rows if r["country_id_cy"] == gw and r["year_cy"] == str(year)]
        assert one(frame, code, year, "state_based_interstate_deaths") == float(row["sb_interstate_deaths_best_cy"]) == deaths
    assert one(frame, "UZB", 2005, "organised_violence_deaths") == 0  # Andijan is not coded


def test_acd_known_values(loaded, raw):
    acd = loaded["ucdp_prio_acd"]
    with open(raw("ucdp_prio_acd"), encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(acd) == len(rows)
    border = acd[acd["conflict_id"] == 13324]
    assert list(border["year"]) == [2021, 2022] and set(border["type_label"]) == {"interstate"}
    assert not acd["countries_location"].fillna("").str.contains("KAZ").any()  # Kazakhstan never appears
    raw_kaz = [r for r in rows if "705" in [g.strip() for g in r["gwno_loc"].split(",")]]
    assert raw_kaz == []
    assert list(acd.loc[acd["conflict_id"] == 415, "year"]) == [1999, 2000, 2004]
    conflicts = security.armed_conflicts("KGZ", 1992, 2024).set_index("conflict_id")
    assert conflicts.loc[13324, "years"] == "2021–2022" and "location" in conflicts.loc[13324, "role"]
    kaz = security.armed_conflicts("KAZ", 1992, 2024)
    assert not kaz["role"].str.contains("location|primary").any()


def test_not_recorded_reads_ucdp_values():
    kaz = security.not_recorded("KAZ", 1992, 2024).set_index("year")
    assert 2022 in kaz.index and (kaz.loc[2022, ["State-based", "Non-state", "One-sided"]] == 0).all()
    kgz = security.not_recorded("KGZ", 1992, 2024).set_index("year")
    assert kgz.loc[2010, "Non-state"] == 44
    assert security.not_recorded("UZB", 2006, 2024).empty


# --- WGI --------------------------------------------------------------------------------------

def test_wgi_parser_on_fixture(tmp_path):
    rows = [["KAZpv2022", "KAZ", "Kazakhstan", 2022, "pv", -0.468, 0.214, 8, 29.2, 17.0, 43.4],
            ["ROMpv2022", "ROM", "Romania", 2022, "pv", 0.5, 0.2, 9, 60.0, 50.0, 70.0],
            ["KSVcc2022", "KSV", "Kosovo", 2022, "cc", "..", "..", "..", "..", "..", ".."],
            ["ASMcc1996", "ASM", "American Samoa", 1996, "cc", "..", "..", "..", "..", "..", ".."]]
    columns = ["codeindyr", "code", "countryname", "year", "indicator", "estimate", "stddev", "nsource",
               "pctrank", "pctranklower", "pctrankupper"]
    path = tmp_path / "wgidataset.xlsx"
    pd.DataFrame(rows, columns=columns).to_excel(path, index=False)
    frame = wgi.parse(catalog.get("wgi"), {"wgidataset.xlsx": path})
    assert list(frame.columns) == PANEL_COLUMNS
    assert len(frame) == 2 * len(wgi.MEASURES)  # '..' rows dropped, never zero
    assert one(frame, "KAZ", 2022, "pv.estimate") == -0.468 and one(frame, "KAZ", 2022, "pv.stddev") == 0.214
    assert one(frame, "ROU", 2022, "pv.nsource") == 9  # ROM is Romania's old code
    assert "ROM" not in set(frame["country"]) and "XKX" not in set(frame["country"])
    assert wgi.indicator("rl", "pctrank") == "rl.pctrank"
    with pytest.raises(KeyError):
        wgi.indicator("xx")


def test_wgi_known_values(loaded, raw):
    frame = loaded["wgi"]
    rawf = pd.read_excel(raw("wgi"))
    pv = rawf[(rawf["code"] == "KAZ") & (rawf["indicator"] == "pv")].set_index("year")["estimate"]
    for year, rounded in [(2021, -0.23), (2022, -0.47), (2023, -0.27)]:  # source.json caveats
        got = one(frame, "KAZ", year, "pv.estimate")
        assert got == pytest.approx(float(pv[year]), rel=1e-12) and round(got, 2) == rounded
    assert not {1997, 1999, 2001} & set(frame["year"])
    filled = int((rawf["estimate"].astype(str) != "..").sum())
    assert (frame["indicator"].str.endswith(".estimate")).sum() == filled
    assert int((rawf["estimate"].astype(str) == "..").sum()) == 1126
    assert {"XKX", "ROU", "COD", "AND", "TLS", "PSE"} <= set(frame["country"])
    band = security.governance("KAZ", "pv", 1992, 2024)
    assert band.shape[0] == 33 and band.loc[1997].isna().all()
    assert band.loc[2022, "lower"] == pytest.approx(band.loc[2022, "estimate"] - 1.6449 * band.loc[2022, "stddev"])
    move = security.largest_change(band)
    assert (move["from_year"], move["to_year"]) == (2010, 2011) and move["beyond_uncertainty"]


# --- the tidy contract and the name tables -----------------------------------------------------

@pytest.mark.parametrize("dataset_id", PANELS)
def test_tidy_contract(dataset_id, loaded):
    frame = loaded[dataset_id]
    assert list(frame.columns) == PANEL_COLUMNS
    assert frame["year"].dtype == "int64" and frame["value"].dtype == "float64" and frame["is_aggregate"].dtype == "bool"
    assert frame["value"].notna().all()
    assert (frame["source"] == dataset_id).all()
    assert frame["country"].str.fullmatch(CODE).all()
    assert not frame.duplicated(["country", "year", "indicator"]).any()
    states = frame.loc[~frame["is_aggregate"], "country"].drop_duplicates()
    assert sorted(c for c in states if not is_iso3_country(c) and c not in FORMER_STATES) == []
    assert not frame.loc[frame["country"].isin(["KAZ", "UZB", "KGZ", "TJK", "TKM"]), "is_aggregate"].any()


@pytest.mark.parametrize("table", ["sipri_names", "gw_codes", "wgi_codes"])
def test_name_tables_well_formed(table):
    rows = _table_rows(table)
    keys = [r["name"] for r in rows]
    assert len(keys) == len(set(keys))
    assert {r["is_aggregate"] for r in rows} <= {"true", "false"}
    for r in rows:
        assert CODE.fullmatch(r["code"]), r
        if r["is_aggregate"] == "false" and ":" not in r["code"]:
            assert is_iso3_country(r["code"]) or r["code"] in FORMER_STATES, r


@pytest.mark.parametrize(("name", "code", "aggregate"), [
    ("Kyrgyz Republic", "KGZ", False), ("Kyrgyzstan", "KGZ", False), ("Türkiye", "TUR", False), ("Turkiye", "TUR", False),
    ("United States of America", "USA", False), ("United States", "USA", False), ("Russia", "RUS", False),
    ("USSR", "SUN", False), ("Soviet Union", "SUN", False), ("Korea, South", "KOR", False), ("UAE", "ARE", False),
    ("European Union", "SIPRI:EU", True), ("NATO**", "SIPRI:NATO", True), ("unknown supplier(s)", "SIPRI:UNKNOWN_SUPPLIER", True),
    ("Hezbollah (Lebanon)*", "SIPRI:HEZBOLLAH", False),
])
def test_sipri_names(name, code, aggregate):
    assert sipri.to_code(name) == (code, aggregate)


@pytest.mark.parametrize(("gw", "code"), [(705, "KAZ"), (704, "UZB"), (703, "KGZ"), (702, "TJK"), (701, "TKM"),
                                          (700, "AFG"), (365, "RUS"), (710, "CHN"), (2, "USA"), (640, "TUR"),
                                          (260, "DEU"), (265, "DDR"), (347, "XKX"), (817, "RVN")])
def test_gw_codes(gw, code):
    assert ucdp.from_gw(gw) == code


def test_every_name_in_the_real_files_maps(raw):
    table = name_table("sipri_names")
    with open(raw("sipri_arms_transfers"), encoding="latin-1", newline="") as fh:
        rows = [r for r in list(csv.reader(fh))[12:] if r and r[0].strip()]
    names = {r[0].strip() for r in rows} | {r[1].strip() for r in rows}
    assert sorted(names - set(table)) == []
    book = openpyxl.load_workbook(raw("sipri_milex"), read_only=True, data_only=True)
    sheet = list(book["Constant (2023) US$"].iter_rows(values_only=True))
    at = next(i for i, r in enumerate(sheet) if r and r[0] == "Country")
    countries_ = {r[0].strip() for r in sheet[at + 1:] if r and isinstance(r[0], str) and any(v is not None for v in r[3:])}
    assert len(countries_) > 150 and sorted(countries_ - set(table)) == []
    gw = name_table("gw_codes")
    with open(raw("ucdp_orgvio_cy"), encoding="utf-8", newline="") as fh:
        ids = {r["country_id_cy"] for r in csv.DictReader(fh)}
    with open(raw("ucdp_prio_acd"), encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            for col in ("gwno_a", "gwno_a_2nd", "gwno_b", "gwno_b_2nd", "gwno_loc"):
                ids |= {g.strip() for g in r[col].split(",") if g.strip()}
    assert sorted(ids - set(gw)) == []


def test_year_ranges():
    assert text.year_ranges([1994, 1995, 1996, 1999, 2001, 2002], last_join=", ") == "1994–1996, 1999, 2001–2002"
    assert text.year_ranges([], last_join=", ") == ""
    assert security.usd_m(1145.03) == "USD 1.15 bn" and security.usd_m(447.0) == "USD 447 m"
    assert security.usd_m(150533.99) == "USD 150.5 bn"


# --- the notebook ------------------------------------------------------------------------------

@pytest.mark.notebook
@pytest.mark.parametrize("country", ["KAZ", "UZB"])
def test_security_report_has_figures_with_alt_text(theme_reports, country):
    checked_report(theme_reports["security", country], min_figures=5)


@pytest.mark.notebook
def test_security_report_numbers_match_the_data(theme_reports):
    kaz = theme_reports["security", "KAZ"].html.read_text(encoding="utf-8")
    level = security.milex(sipri.CONSTANT_USD, ["KAZ"], 1992, 2024)["KAZ"]
    assert f"<strong>{security.usd_m(level[2024])}</strong> in 2024" in kaz
    assert security.usd_m(level[2024]) == "USD 1.15 bn"
    deals = security.deals_to("KAZ")
    total = security.arms_imports("KAZ", 1992, 2024).sum().sum()
    assert f"<strong>{len(deals)} deals</strong>" in kaz and f"<strong>{text.num(total, 0)} million TIV</strong>" in kaz
    last = security.period_shares("KAZ", 1992, 2024, 5).query("period == '2022–2024'").set_index("series")
    assert f"Russia supplied <strong>{text.pct(last.loc[security.RUSSIA, 'value'] / 100)}</strong>" in kaz
    assert "UCDP codes no death from organised violence in Kazakhstan in any year from 1992 to 2025" in kaz
    pv = security.governance("KAZ", "pv", 1992, 2024)
    assert f"<strong>{text.num(pv.loc[2023, 'estimate'], 2)}</strong>" in kaz

    uzb = theme_reports["security", "UZB"].html.read_text(encoding="utf-8")
    assert "<strong>10 of the 34 years</strong>" in uzb and "the last year it reports" in uzb
    uzb_level = security.milex(sipri.CONSTANT_USD, ["UZB"], 1992, 2024)["UZB"]
    assert f"<strong>{security.usd_m(uzb_level[2018])}</strong> in 2018" in uzb
    assert "the Andijan killings of May 2005" in uzb
    uzb_total = security.arms_imports("UZB", 1992, 2024).sum().sum()
    assert f"<strong>{text.num(uzb_total, 0)} million TIV</strong>" in uzb and text.num(uzb_total, 0) == "562"


# --- what the notebook shows: sentences, fallbacks, figures (hand-made tidy tables) -------------

GARBAGE = re.compile(r"\bNone\b|\bnan\b|n/a|(\d{4})[–-]\1\b|\b1 years\b|\d\.0\b–")


def clean(sentence: str) -> str:
    """The sentence, after checking it prints no 'None', 'nan', 'n/a', '2024–2024', '1 years' or '2018.0'."""
    assert not GARBAGE.search(sentence), sentence
    return sentence


def tidy_rows(rows, unit="u"):
    """Tidy rows from (country, year, series, value) tuples."""
    table = pd.DataFrame(rows, columns=["country", "year", "series", "value"]).assign(unit=unit)
    return table[["country", "year", "series", "value", "unit"]].astype({"value": "float64"})


def spending_table(kaz: dict, uzb: dict, powers: dict, years) -> pd.DataFrame:
    rows = [(c, y, security.REGION, values.get(y, math.nan)) for c, values in (("KAZ", kaz), ("UZB", uzb)) for y in years]
    rows += [(c, y, security.WITH_POWERS, (kaz if c == "KAZ" else powers.get(c, {})).get(y, math.nan) / (1000 if c == "KAZ" else 1))
             for c in ("KAZ", *security.POWERS) for y in years]
    return tidy_rows(rows)


def test_military_spending_sentences_one_year_and_no_data():
    one = spending_table({2024: 1145.0}, {}, {"RUS": {2024: 150.0}, "CHN": {2024: 300.0}}, [2024])
    assert clean(security.military_spending_finding(one, "KAZ")) == "Kazakhstan spent USD 1.15 bn on its armed forces in 2024 (2023 prices)"
    assert clean(security.military_spending_text(one, "KAZ")) == (
        "SIPRI puts Kazakhstan's military expenditure at **USD 1.15 bn** in 2024 (constant 2023 US dollars). "
        "In 2024 the powers spent, as multiples of Kazakhstan's budget: Russia 131×, China 262×. "
        "SIPRI reports a figure for Kazakhstan for 2024.\n\n**Gaps in SIPRI's data:** Uzbekistan: no figure at all in 2024.")
    none = spending_table({}, {}, {}, [2024])
    assert clean(security.military_spending_finding(none, "KAZ")) == "SIPRI reports no military expenditure for Kazakhstan in 2024"
    assert clean(security.military_spending_text(none, "KAZ")).startswith("SIPRI has no figure for Kazakhstan for 2024.")
    figure = security.military_spending_figure(none, "KAZ")
    assert clean(figure.alt).endswith("Türkiye. SIPRI reports none of them in 2024.") and figure.id == "military-spending"


def test_military_spending_text_names_a_peer_with_one_reported_year():
    years = range(2015, 2025)
    table = spending_table({y: 1000.0 + y for y in years}, {2018: 1750.0}, {"RUS": {y: 100.0 for y in years}}, years)
    text_ = clean(security.military_spending_text(table, "KAZ"))
    assert "Uzbekistan: 1 year reported (2018), none for 2015–2017, 2019–2024." in text_
    assert "the highest figure in its series for 2015–2024." in text_ and "Russia 33×" in text_


def burden_table(kaz: dict, wdi: dict, powers: dict, years) -> pd.DataFrame:
    rows = [("KAZ", y, security.REGION, kaz.get(y, math.nan)) for y in years]
    rows += [(c, y, security.WITH_POWERS, (kaz if c == "KAZ" else powers.get(c, {})).get(y, math.nan))
             for c in ("KAZ", *security.POWERS) for y in years]
    rows += [("KAZ", y, security.WDI_SERIES, wdi.get(y, math.nan)) for y in years]
    return tidy_rows(rows, "% of GDP")


def test_military_burden_sentences_one_year_and_no_data():
    one = burden_table({2024: 0.43}, {2024: 0.43}, {"RUS": {2024: 7.1}, "CHN": {2024: 1.7}}, [2024])
    assert clean(security.military_burden_finding(one, "KAZ")) == (
        "Kazakhstan spent 0.4% of GDP on its military in 2024; Russia 7.1%, China 1.7%")  # no 'n/a%' for the US
    assert clean(security.military_burden_text(one, "KAZ")) == (
        "The burden was **0.43% of GDP in 2024**. Latest shares of the powers: Russia 7.1% (2024), China 1.7% (2024). "
        "Cross-check: the World Bank's military-expenditure series (WDI, which reproduces SIPRI) has 1 year for Kazakhstan "
        "in the window, the last 2024; in the 1 year both report, they agree to two decimals, so the dotted line hides under SIPRI's.")
    none = burden_table({}, {}, {}, [2024])
    assert clean(security.military_burden_finding(none, "KAZ")) == "SIPRI reports no military burden for Kazakhstan in 2024"
    assert clean(security.military_burden_text(none, "KAZ")) == "The World Bank's WDI reports no military expenditure share of GDP for Kazakhstan."
    assert security.military_burden_figure(none, "KAZ").id == "military-burden"


def deliveries_table(values: dict, years) -> pd.DataFrame:
    """values: {(year, group): TIV}; every other cell 0, as arms_imports gives."""
    return tidy_rows([("KAZ", y, g, values.get((y, g), 0.0)) for y in years for g in security.SUPPLIER_GROUPS],
                     security.TIV_UNIT)


def test_arms_deliveries_one_year_and_no_data():
    one = deliveries_table({(2024, security.RUSSIA): 440.0, (2024, security.OTHER_WEST): 110.0}, [2024])
    assert clean(security.arms_deliveries_finding(one, "KAZ")) == "Russia supplied 80% of the major arms delivered to Kazakhstan in 2024"
    figure = security.arms_deliveries_figure(one, "KAZ")
    assert figure.id == "arms-imports" and figure.data is one
    assert clean(figure.alt).endswith("Totals over the period: Russia 440; Other Western 110 (all suppliers 550).")
    none = deliveries_table({}, range(1992, 1995))
    assert security.arms_deliveries_figure(none, "KAZ") is None
    assert clean(security.arms_deliveries_text(none, "KAZ")) == (
        "SIPRI's trade register records **no deliveries of major arms to Kazakhstan** in 1992–1994.")


def shares_table(tivs: dict[str, dict[str, float]]) -> pd.DataFrame:
    """tivs: {period label: {group: TIV}}, the period labels '2013–2017' or '2024'."""
    rows = []
    for period, groups in tivs.items():
        first, last = (int(y) for y in (period.split("–") * 2)[:2]) if "–" in period else (int(period), int(period))
        total = sum(groups.values())
        for g in security.SUPPLIER_GROUPS:
            tiv = groups.get(g, 0.0)
            rows.append({"country": "KAZ", "year": first, "series": g, "value": 100 * tiv / total if total else math.nan,
                         "unit": security.SHARE_UNIT, "period": period, "last": last, "tiv": tiv, "tiv_total": total})
    return pd.DataFrame(rows)


def test_period_shares_sentences():
    two = shares_table({"2013–2017": {security.RUSSIA: 30.0, security.OTHER_WEST: 20.0}, "2018–2022": {},
                        "2023–2024": {security.TURKEY: 4.0, security.RUSSIA: 1.0}})
    assert clean(security.period_shares_finding(two, "KAZ")) == (
        "Türkiye supplied 80% of Kazakhstan's major arms imports in 2023–2024; Russia 20%, against 60% in 2013–2017")
    assert clean(security.period_shares_text(two, "KAZ")) == (
        "In 2023–2024 Russia supplied **20%** of the volume delivered to Kazakhstan, China 0%, Türkiye 80%, the United States 0% "
        "and other Western suppliers 0%; in 2013–2017 Russia's share was 60%. Periods without any delivery are marked, not drawn "
        "as zero shares. Volumes per period are small (5–50 million TIV), so one aircraft or air-defence contract can swing a period.")
    figure = security.period_shares_figure(two, "KAZ", 5)
    assert figure.id == "arms-supplier-shares" and "2018–2022" not in figure.alt  # no delivery: no shares in words
    one = shares_table({"2024": {security.RUSSIA: 10.0}})
    assert clean(security.period_shares_finding(one, "KAZ")) == "Russia supplied 100% of Kazakhstan's major arms imports in 2024"
    assert clean(security.period_shares_text(one, "KAZ")).endswith(
        "other Western suppliers 0%. The volume is small (10 million TIV), so one aircraft or air-defence contract can swing a period.")
    none = shares_table({"2024": {}})
    assert security.period_shares_figure(none, "KAZ", 5) is None
    assert clean(security.period_shares_text(none, "KAZ")) == (
        "No period in 2024 has deliveries to Kazakhstan, so no supplier shares can be computed.")


def deaths_table(values: dict, years, countries=("KAZ", "KGZ")) -> pd.DataFrame:
    return tidy_rows([(c, y, f, values.get((c, y, f), 0.0)) for c in countries for y in years for f in security.FORMS.values()],
                     security.DEATHS_UNIT)


def test_violence_sentences_one_year_and_no_data():
    one = deaths_table({("KGZ", 2022, "State-based"): 63.0}, [2022])
    assert clean(security.violence_finding(one, "KAZ")) == (
        "UCDP codes no deaths from organised violence in Kazakhstan in 2022; Kyrgyzstan has the most in the region (63)")
    assert clean(security.violence_finding(one, "KGZ")) == "UCDP codes 63 deaths from organised violence in Kyrgyzstan in 2022"
    assert clean(security.violence_text(one, "KAZ")) == (
        "Kazakhstan, 2022: state-based **0** deaths, non-state **0** deaths, one-sided **0** deaths.")
    figure = security.violence_figure(one, "KAZ")
    assert figure.id == "organised-violence" and clean(figure.alt).endswith("Totals: Kazakhstan 0; Kyrgyzstan 63.")
    assert clean(security.not_recorded_text(one, "KAZ")).startswith(
        "### What the conflict data does not record for Kazakhstan\n\n**UCDP codes no death from organised violence in "
        "Kazakhstan in 2022.**")
    assert "- **2022** — the January 2022 unrest" in security.not_recorded_text(one, "KAZ")


def test_conflict_and_dyad_fallbacks():
    none = pd.DataFrame(columns=["conflict_id", "conflict", "role", "first", "last", "years_war"])
    assert security.conflict_tables(none, "KAZ") == [] and security.conflicts_abroad_text(none, "KAZ") == ""
    assert clean(security.conflicts_intro(none, "KAZ", 2024, 2024)).endswith("involving Kazakhstan in 2024.")
    abroad = pd.DataFrame({"conflict_id": [1], "conflict": ["A – B"], "role": ["secondary (supporting) party"],
                           "first": [2003], "last": [2008], "years_war": [""]})
    assert security.conflicts_abroad_text(abroad, "KAZ").startswith("None of these conflicts was fought in Kazakhstan")
    (table,) = security.conflict_tables(abroad, "KAZ")
    assert table["id"] == "armed-conflicts" and "first" not in table["table"].columns
    pairs = pd.DataFrame({"country": ["KGZ"], "form": ["Non-state"], "dyad": ["Kyrgyz - Uzbek"], "years": ["2010"],
                          "n_years": [1], "first": [2010], "last": [2010]})
    assert security.quiet_text(pairs, ["KAZ", "KGZ"], 2010, 2010) == "No dyad at all is coded in Kazakhstan in 2010."
    assert security.dyads_intro(pairs.iloc[:0], ["KAZ"], 2010, 2010) == "" and security.dyad_tables(pairs.iloc[:0]) == []
    assert security.dyad_tables(pairs)[0]["table"]["country"].tolist() == ["Kyrgyzstan"]


def governance_table(estimate: dict, years) -> pd.DataFrame:
    rows = [("KAZ", y, security.wgi.DIMENSIONS[d], estimate.get((d, y), math.nan)) for d in security.GOVERNANCE_DIMENSIONS
            for y in years]
    table = tidy_rows(rows, security.WGI_UNIT)
    return table.assign(lower=table["value"] - 0.3, upper=table["value"] + 0.3)


def test_governance_no_data_and_one_dimension_missing():
    none = governance_table({}, [2024])
    assert security.governance_figure(none, "KAZ") is None
    assert clean(security.governance_finding(none, "KAZ")) == "The WGI reports no governance estimates for Kazakhstan in 2024"
    assert clean(security.governance_text(none, "KAZ")) == (
        "The WGI reports no governance estimates for Kazakhstan: its data cover 1996–2023, outside 2024.")
    some = governance_table({("pv", 2023): -0.27, ("rl", 2023): -0.5}, [2023])
    assert security.governance_finding(some, "KAZ") == "Kazakhstan is below the world average on 2 of these 4 governance measures in 2023"
    assert "government effectiveness not reported" in security.governance_text(some, "KAZ")
    assert "Government effectiveness not reported" in clean(security.governance_figure(some, "KAZ").alt)


def test_usd_m_says_missing_in_words():
    assert security.usd_m(float("nan")) == "not reported"


# --- supplier shares for the claims page --------------------------------------------------------

CLAIM_PERIODS = [(1992, 2000), (2001, 2008), (2009, 2016), (2017, 2020), (2021, 2024)]


def test_supplier_shares_on_fixture_groups_the_four_claim_suppliers(register_fixture):
    deals = sipri.parse_register(register_fixture)
    shares = security.supplier_shares("KAZ", [(2013, 2017), (2022, 2024), (1992, 2000)], deals=deals)
    assert list(shares.columns) == ["country", "period", "first", "last", "supplier", "value", "unit", "tiv", "tiv_total"]
    assert set(shares["supplier"]) == {"United States", "Russia", "China", "other"} and set(shares["unit"]) == {"% of TIV"}
    first = shares[shares["period"] == "2013–2017"].set_index("supplier")
    assert first.loc["Russia", "value"] == pytest.approx(60.0) and first.loc["other", "value"] == pytest.approx(40.0)  # Spain
    assert first.loc["United States", "value"] == 0.0 and (first["tiv_total"] == 50.0).all()
    last = shares[shares["period"] == "2022–2024"].set_index("supplier")
    assert last.loc["other", "value"] == 100.0 and last.loc["other", "tiv"] == pytest.approx(4 + 2.25)  # Türkiye + unknown
    assert shares[shares["period"] == "1992–2000"]["value"].isna().all()  # nothing delivered: no share, not 0%


def test_supplier_shares_on_the_mirror(raw):
    with open(raw("sipri_arms_transfers"), encoding="latin-1", newline="") as fh:
        rows = list(csv.reader(fh))[11:]
    header, body = rows[0], [r for r in rows[1:] if r and r[0].strip()]
    tiv, years = header.index("SIPRI TIV of delivered weapons"), header.index("Year(s) of delivery")
    us_kaz = [r for r in body if r[0] == "Kazakhstan" and r[1] == "United States"]
    # by hand: UH-1H 18.6 TIV in 2004, UH-1H 6.2 in 2007, HMMWV 5.2 over 2008;2009 (half inside 2001-2008)
    by_hand = {(r[tiv], r[years]) for r in us_kaz if r[years] in ("2004", "2007", "2008; 2009")}
    assert by_hand == {("18.6", "2004"), ("6.2", "2007"), ("5.2", "2008; 2009")}
    shares = security.supplier_shares("KAZ", CLAIM_PERIODS).set_index(["period", "supplier"])
    us = shares.loc[("2001–2008", "United States")]
    assert us["tiv"] == pytest.approx(18.6 + 6.2 + 5.2 / 2)
    assert us["value"] == pytest.approx(100 * 27.4 / us["tiv_total"]) and round(us["value"], 1) == 7.9
    assert shares.loc[("2021–2024", "United States"), "value"] == 0.0
    tkm = security.supplier_shares("TKM", CLAIM_PERIODS).set_index(["period", "supplier"])
    assert tkm.loc[("2021–2024", "United States"), "tiv"] == pytest.approx(12 + 0.16 + 6 + 0.08)  # F-124, engines, ScanEagle
    assert math.isnan(tkm.loc[("1992–2000", "Russia"), "value"])  # nothing delivered: no share, not 0%
    assert tkm.groupby(level="period", sort=False)["value"].sum().iloc[1:].tolist() == pytest.approx([100.0] * 4)


def test_headlines_rank_on_constant_usd(raw):
    kaz = security.headlines("KAZ", 1992, 2024).set_index("key")
    book = _raw_milex_row(raw("sipri_milex"), "Constant (2023) US$", "Kazakhstan")
    assert kaz.loc["military_usd", "value"] == pytest.approx(book[2024]) and kaz.loc["military_usd", "year"] == 2024
    assert kaz.loc["military_usd", "text"] == "USD 1.1 billion" and kaz.loc["military_gdp", "text"] == "0.43%"
    uzb = security.headlines("UZB", 1992, 2024).set_index("key")
    assert uzb.loc["military_usd", "year"] == 2018 and "no figure for 2019–2024" in uzb.loc["military_usd", "note"]


def test_figures_draw_the_table_they_carry():
    deliveries = deliveries_table({(2023, security.RUSSIA): 30.0, (2024, security.CHINA): 12.5}, [2022, 2023, 2024])
    figure = security.arms_deliveries_figure(deliveries, "KAZ")
    drawn = sum(bar.get_height() for bar in figure.fig.axes[0].patches)
    assert drawn == pytest.approx(deliveries["value"].sum()) and figure.data is deliveries
    assert [t.get_text() for t in figure.fig.axes[0].get_legend().get_texts()] == [security.RUSSIA, security.CHINA]
    shares = shares_table({"2022–2024": {security.RUSSIA: 30.0, security.CHINA: 12.5}})
    widths = [bar.get_width() for bar in security.period_shares_figure(shares, "KAZ", 3).fig.axes[0].patches]
    assert widths == pytest.approx([100 * 30 / 42.5, 100 * 12.5 / 42.5])
