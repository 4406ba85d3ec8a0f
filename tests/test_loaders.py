"""Loaders checked against the raw files, read here independently with csv/json."""

from __future__ import annotations

import csv
import dataclasses
import json
import math

import pandas as pd
import pytest

from helpers import data
from helpers.data import catalog, fetch
from helpers.data.countries import is_iso3_country
from helpers.data.sources import PANEL_COLUMNS, ei

PANELS = ["wdi_gdp_usd", "wdi_co2_emissions_total", "ei_statistical_review_2026_json",
          "ember_electricity_overview_yearly", "un_syb_trade_totals"]
EI = "ei_statistical_review_2026_json"

# Non-aggregate rows whose code is not a current ISO 3166 country: former states, kept on purpose.
FORMER_STATES = {"SUN", "ANT", "SCG", "M49:736"}


@pytest.fixture(scope="session")
def loaded(_isolated_data_env):
    """Each panel loaded once per session (the first load parses, later ones read parquet)."""
    return {dataset_id: data.load(dataset_id) for dataset_id in PANELS}


@pytest.fixture(scope="session")
def raw_path(mirror_root):
    def get(dataset_id: str):
        dataset = catalog.get(dataset_id)
        return mirror_root / dataset_id / dataset.file().name
    return get


@pytest.fixture(scope="session")
def ei_doc(raw_path):
    with open(raw_path(EI), encoding="utf-8") as fh:
        return json.load(fh)


def one(frame: pd.DataFrame, country: str, year: int, indicator: str | None = None) -> float:
    rows = frame[(frame["country"] == country) & (frame["year"] == year)]
    if indicator is not None:
        rows = rows[rows["indicator"] == indicator]
    assert len(rows) == 1, f"{len(rows)} rows for {country} {year} {indicator}"
    return float(rows["value"].iloc[0])


def ei_raw(doc: dict, sheet: str, entity: str, year: int) -> float:
    block = doc["sheets"][sheet]
    (row,) = [e for e in block["entities"] if e["name"] == entity]
    return float(row["values"][block["years"].index(year)])


def wdi_long_raw(path, code: str, year: int) -> float:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        (row,) = [r for r in csv.DictReader(fh) if r["Country Code"] == code and r["Year"] == str(year)]
    return float(row["Value"])


def wdi_wide_raw(path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header_at = next(i for i, r in enumerate(rows) if r[:2] == ["Country Name", "Country Code"])
    return rows[header_at], [r for r in rows[header_at + 1:] if r]


# --- the tidy contract ----------------------------------------------------------------

@pytest.mark.parametrize("dataset_id", PANELS)
def test_tidy_contract(dataset_id, loaded):
    frame = loaded[dataset_id]
    assert list(frame.columns) == PANEL_COLUMNS
    assert len(frame) > 1000
    for col in ("country", "indicator", "unit", "source"):
        assert pd.api.types.is_string_dtype(frame[col]), (col, frame[col].dtype)
        assert frame[col].map(type).eq(str).all(), col
        assert (frame[col].str.len() > 0).all(), col
    assert frame["year"].dtype == "int64"
    assert frame["value"].dtype == "float64"
    assert frame["is_aggregate"].dtype == "bool"
    assert frame["value"].notna().all() and frame["value"].map(math.isfinite).all()
    assert (frame["source"] == dataset_id).all()
    assert frame["year"].between(1900, 2030).all()
    assert frame["country"].str.fullmatch(r"[A-Z]{3}|[A-Z0-9]+:[A-Z0-9_]+").all()


@pytest.mark.parametrize("dataset_id", PANELS)
def test_one_row_per_country_year_indicator(dataset_id, loaded):
    frame = loaded[dataset_id]
    assert not frame.duplicated(["country", "year", "indicator"]).any()


def test_ei_stacked_biofuels_tables_get_their_own_indicators(loaded):
    frame = loaded[EI]
    usa = frame[(frame["country"] == "USA") & (frame["year"] == 2025)].set_index("indicator")["value"]
    total = usa["Biofuels production - kboed"]
    parts = usa["Biofuels production - kboed - biogasoline"] + usa["Biofuels production - kboed - biodiesel"]
    assert total == pytest.approx(parts, rel=0.01)


def test_ei_soviet_placeholder_zeros_are_gaps(loaded):
    frame = loaded[EI]
    kaz_oil = frame[(frame["country"] == "KAZ") & (frame["indicator"] == "Oil Production - tonnes")]
    assert kaz_oil["year"].min() == 1985
    ussr = frame[(frame["country"] == "SUN") & (frame["indicator"] == "Oil Production - tonnes")]
    assert ussr["year"].max() == 1984 and (ussr["value"] > 0).all()



def test_wdi_indicator_and_unit_come_from_catalog(loaded):
    frame = loaded["wdi_gdp_usd"]
    assert set(frame["indicator"]) == {"NY.GDP.MKTP.CD"}
    assert set(frame["unit"]) == {catalog.get("wdi_gdp_usd").extra["unit"]}


# --- known values, compared with the raw files ----------------------------------------

def test_ei_kazakhstan_oil_2025(loaded, ei_doc):
    raw = ei_raw(ei_doc, "Oil Production - tonnes", "Kazakhstan", 2025)
    got = one(loaded[EI], "KAZ", 2025, "Oil Production - tonnes")
    assert got == pytest.approx(raw, rel=1e-12)
    assert got == pytest.approx(99.3756, abs=1e-4)
    unit = set(loaded[EI].query("indicator == 'Oil Production - tonnes'")["unit"])
    assert unit == {ei_doc["sheets"]["Oil Production - tonnes"]["unit"]} == {"Million tonnes"}


@pytest.mark.parametrize(("code", "entity", "rounded"), [("KAZ", "Kazakhstan", 38.4),
                                                         ("TKM", "Turkmenistan", 72.4),
                                                         ("UZB", "Uzbekistan", 40.0)])
def test_ei_gas_production_2025(loaded, ei_doc, code, entity, rounded):
    raw = ei_raw(ei_doc, "Gas Production - Bcm", entity, 2025)
    got = one(loaded[EI], code, 2025, "Gas Production - Bcm")
    assert got == pytest.approx(raw, rel=1e-12)
    assert round(got, 1) == rounded  # the value source.json's caveats quote


def test_ei_every_value_kept_and_none_dropped(loaded, ei_doc):
    """One row per non-null cell of the country sheets, less EI's Soviet-era placeholder zeros."""
    cells = nulls = placeholders = 0
    soviet = {"Kazakhstan", "Uzbekistan", "Turkmenistan", "Azerbaijan", "Russian Federation", "Ukraine",
              "Belarus", "Estonia", "Latvia", "Lithuania", "Other CIS", "Total CIS", "CIS"}
    for name in ei.country_sheets(ei_doc):
        sheet = ei_doc["sheets"][name]
        for entity in sheet["entities"]:
            cells += sum(v is not None for v in entity["values"])
            nulls += sum(v is None for v in entity["values"])
            for year, v in zip(sheet["years"], entity["values"]):
                if v == 0 and ((entity["name"] in soviet and year < 1985) or (entity["name"] == "USSR" and year >= 1985)):
                    placeholders += 1
    assert nulls > 0 and placeholders > 1000  # the file really has both kinds of gap
    assert len(loaded[EI]) == cells - placeholders


def test_ei_derived_and_non_country_sheets_left_out(loaded, ei_doc):
    indicators = set(loaded[EI]["indicator"])
    derived = next(c["sheets"] for c in ei_doc["categories"] if c["name"] == "Derived & ratios")
    assert len(derived) == 12
    assert not indicators & set(derived)
    assert not indicators & ei.NOT_COUNTRY_ROWS
    assert "Total Energy Supply (TES) -EJ" in indicators
    assert "Oil inputs - Elec generation" in indicators  # trailing space of the sheet name stripped


def test_wdi_gdp_kazakhstan_2024(loaded, raw_path):
    raw = wdi_long_raw(raw_path("wdi_gdp_usd"), "KAZ", 2024)
    got = one(loaded["wdi_gdp_usd"], "KAZ", 2024)
    assert got == pytest.approx(raw, rel=1e-12)
    assert got == pytest.approx(291.48e9, rel=1e-4)


def test_wdi_co2_api_wide_file(loaded, raw_path):
    header, rows = wdi_wide_raw(raw_path("wdi_co2_emissions_total"))
    (kaz,) = [r for r in rows if r[1] == "KAZ"]
    raw = float(kaz[header.index("2023")])
    got = one(loaded["wdi_co2_emissions_total"], "KAZ", 2023)
    assert got == pytest.approx(raw, rel=1e-12)
    assert round(got, 1) == 239.9
    assert one(loaded["wdi_co2_emissions_total"], "UZB", 2023) == pytest.approx(137.9, abs=0.05)
    assert one(loaded["wdi_co2_emissions_total"], "WLD", 2023) == pytest.approx(39023.9, abs=0.05)


def test_wdi_co2_empty_cells_are_dropped_not_zero(loaded, raw_path):
    header, rows = wdi_wide_raw(raw_path("wdi_co2_emissions_total"))
    years = [i for i, h in enumerate(header) if h.isdigit()]
    filled = sum(1 for r in rows for i in years if r[i].strip())
    empty = sum(1 for r in rows for i in years if not r[i].strip())
    raw_zeros = sum(1 for r in rows for i in years if r[i].strip() and float(r[i]) == 0)
    frame = loaded["wdi_co2_emissions_total"]
    assert empty > 1000
    assert len(frame) == filled
    assert (frame["value"] == 0).sum() == raw_zeros
    # Aruba's series starts in 1970; 1960-1969 are empty strings in the raw file
    assert frame.loc[frame["country"] == "ABW", "year"].min() == 1970
    # 2024 is an empty column: no rows at all
    assert 2024 not in set(frame["year"])


def test_wdi_remittances_turkmenistan_missing_after_1996():
    frame = data.load("wdi_remittances")
    tkm = frame[frame["country"] == "TKM"]
    assert list(tkm["year"]) == [1996]
    assert (tkm["value"] > 0).all()
    assert len(frame[(frame["country"] == "KAZ") & (frame["year"] >= 2020)]) >= 4


def test_ember_known_values(loaded, raw_path):
    with open(raw_path("ember_electricity_overview_yearly"), encoding="utf-8", newline="") as fh:
        (row,) = [r for r in csv.DictReader(fh) if r["country_code"] == "KAZ" and r["year"] == "2024"]
    frame = loaded["ember_electricity_overview_yearly"]
    assert one(frame, "KAZ", 2024, "Electricity demand") == pytest.approx(float(row["demand_twh"]))
    assert one(frame, "KAZ", 2024, "Electricity demand") == pytest.approx(119.5)
    assert one(frame, "KAZ", 2024, "Power-sector CO2 intensity") == \
        pytest.approx(float(row["emissions_intensity_gco2_per_kwh"])) == pytest.approx(801.95)
    assert one(frame, "KAZ", 2024, "Electricity demand per capita") == pytest.approx(float(row["demand_mwh_per_capita"]))
    # UZB and TKM end in 2023 (source.json caveats)
    assert frame.loc[frame["country"] == "UZB", "year"].max() == 2023
    assert frame.loc[frame["country"] == "TKM", "year"].max() == 2023


def test_ember_keeps_every_filled_cell(loaded, raw_path):
    with open(raw_path("ember_electricity_overview_yearly"), encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    frame = loaded["ember_electricity_overview_yearly"]
    for column, indicator in [("demand_twh", "Electricity demand"),
                              ("demand_mwh_per_capita", "Electricity demand per capita"),
                              ("emissions_intensity_gco2_per_kwh", "Power-sector CO2 intensity")]:
        filled = sum(1 for r in rows if r[column].strip())
        assert (frame["indicator"] == indicator).sum() == filled
    # aggregates (empty country_code) are kept, under codes of their own
    aggregates = {r["country_or_region"] for r in rows if not r["country_code"].strip()}
    assert "World" in aggregates and "EU" in aggregates
    assert frame.loc[frame["is_aggregate"], "country"].nunique() == len(aggregates)


def test_un_syb_exports_with_thousands_separators(loaded, raw_path):
    with open(raw_path("un_syb_trade_totals"), encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))[2:]
    (row,) = [r for r in rows if r[0] == "398" and r[2] == "2023" and r[3].startswith("Exports FOB")]
    assert "," in row[6]  # the raw value is written '78,736'
    raw = float(row[6].replace(",", ""))
    frame = loaded["un_syb_trade_totals"]
    got = one(frame, "KAZ", 2023, "Exports FOB")
    assert got == raw == 78736.0
    assert set(frame.loc[frame["indicator"] == "Exports FOB", "unit"]) == {"millions of US dollars"}
    # a negative balance with separators survives too
    (uzb,) = [r for r in rows if r[0] == "860" and r[2] == "2023" and r[3].startswith("Balance")]
    assert uzb[6] == "-15,866"
    assert one(frame, "UZB", 2023, "Balance imports/exports") == -15866.0
    # every raw value, parsed by hand, is in the table once
    raw_values = sorted(float(r[6].replace(",", "")) for r in rows if r[6].strip())
    assert sorted(frame["value"]) == raw_values
    world = one(frame, "WLD", 2023, "Exports FOB")
    assert world > 1e7 and frame.loc[frame["country"] == "WLD", "is_aggregate"].all()


def test_pipeline_gas_trade_matrix(raw_path, ei_doc):
    trade = ei.pipeline_gas_trade(raw_path(EI))
    assert list(trade.columns) == ["importer", "exporter", "importer_is_aggregate", "bcm", "year"]
    assert set(trade["year"]) == {2025}

    def flow(importer, exporter):
        (value,) = trade.loc[(trade["importer"] == importer) & (trade["exporter"] == exporter), "bcm"]
        return value

    grid = ei_doc["sheets"][ei.PIPELINE_TRADE_SHEET]["grid"]
    header = next(r for r in grid if r and r[0] == "To")
    (china,) = [r for r in grid if r and r[0] == "China"]
    assert flow("CHN", "TKM") == pytest.approx(float(china[header.index("Turkmenistan")]), rel=1e-12)
    assert flow("CHN", "TKM") == pytest.approx(30.29, abs=0.005)
    assert flow("CHN", "KAZ") == pytest.approx(float(china[header.index("Kazakhstan")]), rel=1e-12)


def test_pipeline_gas_trade_drops_regional_subtotals(raw_path, ei_doc):
    trade = ei.pipeline_gas_trade(raw_path(EI))
    for subtotal in ("EI:CIS", "EI:EUROPE", "EI:ASIA_PACIFIC", "EI:MIDDLE_EAST", "EI:AFRICA"):
        assert subtotal not in set(trade["importer"])
    # 'Other CIS' and 'EU' are destinations of their own: kept, flagged
    assert trade.loc[trade["importer"] == "EI:OTHER_CIS", "importer_is_aggregate"].all()
    assert trade.loc[trade["importer"] == "EUU", "importer_is_aggregate"].all()
    assert not trade.loc[trade["importer"] == "CHN", "importer_is_aggregate"].any()
    # with subtotals left out, each exporter's column sums to EI's 'Total exports' row
    grid = ei_doc["sheets"][ei.PIPELINE_TRADE_SHEET]["grid"]
    header = next(r for r in grid if r and r[0] == "To")
    (totals,) = [r for r in grid if r and r[0] == "Total exports"]
    sums = trade.groupby("exporter")["bcm"].sum()
    for name, code in [("Turkmenistan", "TKM"), ("Kazakhstan", "KAZ"), ("Russian Federation", "RUS"),
                       ("Uzbekistan", "UZB"), ("Norway", "NOR")]:
        assert sums[code] == pytest.approx(float(totals[header.index(name)]), rel=1e-9), name
    assert sums.sum() == pytest.approx(float(totals[header.index("Total imports")]), rel=1e-9)


# --- codes and aggregates -------------------------------------------------------------

def test_ei_aggregates(loaded):
    frame = loaded[EI]
    world = frame[frame["country"] == "WLD"]
    assert len(world) > 1000 and world["is_aggregate"].all()
    assert one(frame, "WLD", 2025, "Oil Production - tonnes") == pytest.approx(4701.08)
    other_cis = frame[frame["country"] == "EI:OTHER_CIS"]
    assert len(other_cis) > 100 and other_cis["is_aggregate"].all()
    assert not frame.loc[frame["country"] == "KAZ", "is_aggregate"].any()


def test_kgz_and_tjk_absent_from_ei(loaded):
    """EI folds Kyrgyzstan and Tajikistan into 'Other CIS'."""
    assert not loaded[EI]["country"].isin(["KGZ", "TJK"]).any()
    assert {"KAZ", "UZB", "TKM"} <= set(loaded[EI]["country"])


@pytest.mark.parametrize("dataset_id", PANELS)
def test_aggregate_codes_are_not_countries(dataset_id, loaded):
    codes = loaded[dataset_id][["country", "is_aggregate"]].drop_duplicates()
    assert not codes.duplicated("country").any(), "a code is flagged both ways"
    aggregates = codes.loc[codes["is_aggregate"], "country"]
    assert len(aggregates) > 0
    assert not aggregates.map(is_iso3_country).any(), sorted(aggregates[aggregates.map(is_iso3_country)])
    countries = codes.loc[~codes["is_aggregate"], "country"]
    stray = sorted(c for c in countries if not is_iso3_country(c) and c not in FORMER_STATES)
    assert stray == []


@pytest.mark.parametrize(("dataset_id", "code"), [("wdi_gdp_usd", "WLD"), ("wdi_gdp_usd", "EUU"),
                                                  ("ember_electricity_overview_yearly", "WLD"),
                                                  ("ember_electricity_overview_yearly", "EUU"),
                                                  ("un_syb_trade_totals", "WLD"),
                                                  ("un_syb_trade_totals", "M49:143")])
def test_named_aggregates_flagged(dataset_id, code, loaded):
    rows = loaded[dataset_id][loaded[dataset_id]["country"] == code]
    assert len(rows) > 0 and rows["is_aggregate"].all()


@pytest.mark.parametrize("dataset_id", PANELS)
def test_central_asia_present_as_countries(dataset_id, loaded):
    frame = loaded[dataset_id]
    kaz = frame[frame["country"] == "KAZ"]
    assert len(kaz) > 5 and not kaz["is_aggregate"].any()


# --- the parsed-table cache -----------------------------------------------------------

@pytest.mark.parametrize("dataset_id", ["un_syb_trade_totals", "wdi_co2_emissions_total"])
def test_second_load_is_served_from_parquet(dataset_id, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv(fetch.CACHE_ENV, str(cache))
    module = data._parser(catalog.get(dataset_id))
    real_parse = module.parse
    calls = []

    def counting_parse(dataset, files):
        calls.append(dataset.id)
        if len(calls) > 1:
            raise AssertionError("parser called again although a parsed copy is cached")
        return real_parse(dataset, files)

    monkeypatch.setattr(module, "parse", counting_parse)

    first = data.load(dataset_id)
    parquet = sorted((cache / "parsed").glob(f"{dataset_id}-*.parquet"))
    assert len(parquet) == 1
    assert not list((cache / "parsed").glob("*.part"))
    second = data.load(dataset_id)

    assert calls == [dataset_id]
    pd.testing.assert_frame_equal(first, second)  # values and dtypes survive the round trip


def test_parsed_cache_is_keyed_by_file_hash(tmp_path, monkeypatch):
    """A catalog entry with another sha256 must not reuse the parsed table."""
    monkeypatch.setenv(fetch.CACHE_ENV, str(tmp_path / "cache"))
    dataset = catalog.get("un_syb_trade_totals")
    module = data._parser(dataset)
    other = dataclasses.replace(dataset, files=(dataclasses.replace(dataset.file(), sha256="0" * 64),))
    assert data._parsed_cache_file(dataset, module) != data._parsed_cache_file(other, module)
    assert data._parsed_cache_file(dataset, module).parent == tmp_path / "cache" / "parsed"


def test_parsed_cache_key_covers_catalog_fields_the_parser_reads(tmp_path, monkeypatch):
    monkeypatch.setenv(fetch.CACHE_ENV, str(tmp_path / "cache"))
    dataset = catalog.get("wdi_gdp_usd")
    module = data._parser(dataset)
    relabelled = dataclasses.replace(dataset, extra={**dataset.extra, "unit": "billion US$"})
    assert data._parsed_cache_file(dataset, module) != data._parsed_cache_file(relabelled, module)


# --- panel / wide helpers on a real dataset -------------------------------------------

def test_panel_and_wide_filters():
    rows = data.panel("wdi_gdp_usd", countries=["KAZ", "UZB"], start_year=2020, end_year=2024)
    assert set(rows["country"]) == {"KAZ", "UZB"} and set(rows["year"]) == set(range(2020, 2025))
    table = data.wide("wdi_gdp_usd", countries=["UZB", "KAZ", "TKM"], start_year=2024, end_year=2024)
    assert list(table.columns) == ["UZB", "KAZ", "TKM"]
    assert table.loc[2024, "KAZ"] == pytest.approx(291.48e9, rel=1e-4)
    with pytest.raises(KeyError, match="no indicator 'Oil'"):
        data.panel(EI, indicator="Oil")


def test_an_indicator_s_rows_are_those_a_full_scan_finds_in_the_same_order(loaded):
    frame = loaded[EI]
    indicator = "Gas Production - Bcm"
    scanned = frame[(frame["indicator"] == indicator) & frame["country"].isin(["KAZ", "TKM"])
                    & (frame["year"] >= 2000)].reset_index(drop=True)
    pd.testing.assert_frame_equal(data.panel(EI, indicator, ["KAZ", "TKM"], 2000), scanned)
    assert data.wide(EI, indicator, ["TKM"]).loc[2025, "TKM"] == scanned.query("country == 'TKM' and year == 2025")["value"].item()


def test_reporting_countries_leave_out_aggregates_and_the_states_ei_folds_in(loaded):
    reporting = data.reporting_countries(EI)
    assert {"KAZ", "UZB", "TKM"} <= reporting and not {"KGZ", "TJK", "WLD", "EI:OTHER_CIS"} & reporting
    assert reporting == set(loaded[EI].loc[~loaded[EI]["is_aggregate"], "country"])
