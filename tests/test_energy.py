"""helpers.themes.energy: the notebook's tables, figures and sentences, on hand-made tables and the mirror."""

from __future__ import annotations

import math
import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from helpers.data.countries import CENTRAL_ASIA
from helpers.data.sources import ei
from helpers.themes import energy, routes

GARBAGE = re.compile(r"\bNone\b|\bnan\b|n/a|\+\d+%  |in None|  ")


def _tidy(series: str, values: dict, unit: str = "u") -> pd.DataFrame:
    """Tidy rows from {(country, year): value}."""
    return pd.DataFrame([{"country": c, "year": y, "series": series, "value": float(v), "unit": unit}
                         for (c, y), v in values.items()])


def _clean(*sentences):
    for sentence in sentences:
        assert not GARBAGE.search(sentence), sentence


# --- energy intensity: rises, falls, no change, no data --------------------------------------

def _intensity(values: dict) -> pd.DataFrame:
    return _tidy(energy.ENERGY_INTENSITY, values, "MJ per 2021 PPP $ of GDP")


@pytest.mark.parametrize("later, expected", [
    (5.81, "Kazakhstan's economy needs 8% more energy per dollar of GDP than in 2015"),
    (3.0, "Kazakhstan's economy needs 44% less energy per dollar of GDP than in 2015"),
    (5.37, "Kazakhstan's economy needs as much energy per dollar of GDP as in 2015"),
])
def test_intensity_title_says_rise_fall_or_no_change_in_words(later, expected):
    table = _intensity({("KAZ", 2015): 5.36, ("KAZ", 2021): later, ("UZB", 2015): 7.0})
    assert energy.intensity_title(table, "KAZ") == expected


def test_intensity_title_one_year_and_no_data():
    one = _intensity({("KAZ", 2024): 5.0})
    assert energy.intensity_title(one, "KAZ") == "Kazakhstan's economy used 5.00 MJ of energy per PPP dollar of GDP in 2024"
    none = _intensity({("KAZ", 2024): math.nan, ("UZB", 2024): 7.0})
    assert energy.intensity_title(none, "KAZ") == "The World Bank reports no energy intensity for Kazakhstan in 2024"


def test_intensity_title_real_start_2015():
    table = energy.intensity_table(list(CENTRAL_ASIA), "KAZ", 2015, 2025)
    assert energy.intensity_title(table, "KAZ") == "Kazakhstan's economy needs 8% more energy per dollar of GDP than in 2015"


# --- solar and wind: a leader for each ---------------------------------------------------------

def test_solar_wind_title_names_each_leader():
    table = pd.concat([_tidy("Solar", {("KAZ", 2025): 2.08, ("UZB", 2025): 7.36, ("TJK", 2025): math.nan}),
                       _tidy("Wind", {("KAZ", 2025): 5.08, ("UZB", 2025): 3.14, ("TJK", 2025): math.nan})])
    assert energy.solar_wind_title(table) == ("Solar and wind are growing fast from a low base; Uzbekistan generates "
                                              "most solar power and Kazakhstan generates most wind power in the region (2025)")
    same = table.assign(value=table["value"].where(~((table["series"] == "Wind") & (table["country"] == "UZB")), 9.0))
    assert energy.solar_wind_title(same).endswith("Uzbekistan generates most of both in the region (2025)")
    empty = table.assign(value=math.nan)
    assert energy.solar_wind_title(empty) == "The EI reports no solar or wind generation in the region"


def test_solar_wind_title_real():
    table = energy.solar_wind_table(list(CENTRAL_ASIA), 2025)
    assert "Uzbekistan generates most solar power and Kazakhstan generates most wind power" in energy.solar_wind_title(table)


# --- production ranking: no 'n/a' and no 'ranks unranked' -----------------------------------

def _production(gas: dict, oil: dict) -> pd.DataFrame:
    rows = pd.concat([_tidy("Oil", {(c, 2025): v for c, v in oil.items()}, "million tonnes"),
                      _tidy("Gas", {(c, 2025): v for c, v in gas.items()}, "billion m³"),
                      _tidy("Coal", {(c, 2025): math.nan for c in gas}, "exajoules")])
    return rows.reset_index(drop=True)


def test_production_figure_marks_states_the_ei_does_not_list():
    table = _production({"TJK": math.nan, "KAZ": 38.4, "TKM": 72.4}, {"TJK": math.nan, "KAZ": 99.4, "TKM": 9.1})
    figure = energy.production_figure(table, "TJK")
    plt.close(figure.fig)
    assert figure.title == ("Turkmenistan is the region's largest gas producer; the EI does not list Tajikistan "
                            "separately (2025)")
    assert "Tajikistan: not reported by the EI; Kazakhstan: gas 38.4 bcm, oil 99.4 Mt" in figure.alt
    _clean(figure.title, figure.alt)
    top = energy.production_figure(table, "TKM")
    plt.close(top.fig)
    assert top.title == "Turkmenistan is the region's largest gas producer (2025)"
    kaz = energy.production_figure(table, "KAZ")
    plt.close(kaz.fig)
    assert kaz.title == "Turkmenistan is the region's largest gas producer; Kazakhstan ranks 2 (2025)"
    assert energy.production_text(table) == ("The EI does not report Tajikistan separately (they are inside 'Other "
                                             "CIS'), so they have no bars; their small oil and gas output is not zero.")


# --- fuel balance: one year and no data --------------------------------------------------------

def _balance(values: dict) -> pd.DataFrame:
    parts = [_tidy(f"{fuel} {flow}", {("KAZ", y): v for y, v in years.items()})
             for (fuel, flow), years in values.items()]
    return pd.concat(parts, ignore_index=True)


def test_fuel_balance_text_one_year_has_no_growth_clause():
    table = _balance({("Oil", "production"): {2024: 90.0}, ("Oil", "consumption"): {2024: 18.0},
                      ("Gas", "production"): {2024: 30.0}, ("Gas", "consumption"): {2024: 40.0}})
    assert energy.fuel_balance_text(table, "KAZ") == (
        "In 2024 Kazakhstan produced **90.0 Mt of oil** and **30.0 bcm of gas**, against domestic use of 18.0 Mt and "
        "40.0 bcm. Oil is overwhelmingly an export commodity. Gas use exceeds production by 33%, so any gas export "
        "competes with home demand.")


def test_fuel_balance_no_data():
    table = _balance({("Oil", "production"): {1960: math.nan, 1961: math.nan},
                      ("Gas", "production"): {1960: math.nan, 1961: math.nan}})
    assert energy.fuel_balance_figure(table, "KAZ") is None
    assert energy.fuel_balance_text(table, "KAZ") == "The EI Statistical Review reports no oil production for Kazakhstan in 1960–1961."


def test_fuel_balance_real_2000_2025():
    table = energy.fuel_balance_table("KAZ", 2000, 2025)
    figure = energy.fuel_balance_figure(table, "KAZ")
    plt.close(figure.fig)
    assert figure.title == "Kazakhstan produces 5.6× the oil and 1.6× the gas it uses (2025)"
    assert energy.fuel_balance_text(table, "KAZ").startswith(
        "In 2025 Kazakhstan produced **99.4 Mt of oil** (+4.2% a year since 2000, from 35.3 Mt) and **38.4 bcm of gas**")


@pytest.mark.parametrize("country", ["KAZ", "TJK"])
@pytest.mark.parametrize("start_year, end_year", [(2024, 2024), (1960, 1961)])
def test_every_sentence_reads_for_one_year_and_no_data(country, start_year, end_year):
    """Titles, alt texts and sentences of every section: no 'None', 'nan', 'n/a' or doubled spaces."""
    comparison = [country] + [c for c in CENTRAL_ASIA if c != country]
    sections = [
        (energy.fuel_balance_table(country, start_year, end_year), energy.fuel_balance_figure, energy.fuel_balance_text),
        (energy.net_imports_table(comparison, end_year), energy.net_imports_figure, energy.net_imports_text),
        (energy.solar_wind_table(comparison, end_year), energy.solar_wind_figure, energy.solar_wind_text),
        (energy.power_table(comparison, start_year, end_year), energy.power_figure, energy.power_text),
        (energy.intensity_table(comparison, country, start_year, end_year), energy.intensity_figure,
         energy.intensity_text),
    ]
    mix = energy.electricity_mix_table(country, start_year, end_year)
    for table, draw, say in sections:
        figure = draw(table, country)
        if figure is not None:
            plt.close(figure.fig)
            _clean(figure.title, figure.alt)
        _clean(say(table, country))
    _clean(energy.electricity_mix_text(mix, country, start_year, end_year))


def test_no_energy_intensity_says_so():
    table = energy.intensity_table(list(CENTRAL_ASIA), "KAZ", 1960, 1961)
    assert energy.intensity_text(table, "KAZ").startswith(
        "The World Bank reports no energy intensity for Kazakhstan in 1960–1961. The EI Statistical Review reports no "
        "CO₂ or energy supply for Kazakhstan in 1960–1961.")


# --- pipeline trade: parsed once, what the matrix holds, exports by destination ----------------

def test_pipeline_matrix_is_parsed_once_per_kernel(monkeypatch):
    calls, parse = [], ei.pipeline_gas_trade

    def counted(path):
        calls.append(path)
        return parse(path)

    monkeypatch.setattr(energy.ei, "pipeline_gas_trade", counted)
    energy.pipeline_trade.cache_clear()
    try:
        energy.pipeline_gas_exports("KAZ")
        energy.matrix_year()
        energy.pipeline_caveat()
        energy.pipeline_exports_by_destination()
        energy.headlines("UZB")
        assert len(calls) == 1
    finally:
        energy.pipeline_trade.cache_clear()


def test_pipeline_caveat_says_what_the_matrix_holds():
    caveat = energy.pipeline_caveat()
    assert "excludes intra-regional trade" not in caveat
    assert caveat == ("the EI's 2025 matrix holds the five states' pipeline gas exports to China 36.67 bcm, Other CIS "
                      "6.78 bcm, Non-EU Europe 0.45 bcm and Kazakhstan 0.38 bcm, and Kazakhstan's imports from Russia "
                      "(3.42 bcm) and Turkmenistan (0.38 bcm); it records no pipeline imports by Russia from any "
                      "country, so gas sent to Russia is not counted")


def test_pipeline_exports_by_destination_real_values():
    table = energy.pipeline_exports_by_destination().set_index(["country", "destination"])
    assert list(table.columns[:4]) == ["year", "series", "value", "unit"]
    assert (table["year"] == 2025).all() and (table["unit"] == "bcm").all()
    assert table.loc[("KAZ", "China"), "value"] == pytest.approx(4.889399, abs=1e-6)
    assert table.loc[("UZB", "China"), "value"] == pytest.approx(1.493198, abs=1e-6)
    assert table.loc[("TKM", "China"), "value"] == pytest.approx(30.285152, abs=1e-6)
    assert table.loc[("TKM", "Other destinations"), "value"] == pytest.approx(6.652264 + 0.447899 + 0.379207, abs=1e-5)
    assert table.loc[("KAZ", "Other destinations"), "value"] == 0.0  # listed exporter, nothing recorded elsewhere
    assert math.isnan(table.loc[("TKM", "Russia"), "value"])  # the matrix holds no imports by Russia: missing
    assert table.loc[("TKM", "Russia"), "status"] == "Russia's imports not recorded"
    assert table.loc["KGZ", "value"].isna().all() and (table.loc["TJK", "status"] == "not listed by the EI").all()


def test_pipeline_exports_figure_and_text_real():
    exports = energy.pipeline_exports_table("UZB")
    figure = energy.pipeline_exports_figure(exports, "UZB")
    plt.close(figure.fig)
    assert figure.id == "pipeline-gas-exports"
    assert figure.data["value"].sum() == pytest.approx(1.493198 + 0.123344, abs=1e-6)
    assert energy.pipeline_exports_text(exports, "UZB").startswith(
        "The EI records **1.62 bcm** of pipeline gas exports from Uzbekistan in 2025: China 1.49 bcm (92%)")
    none = energy.pipeline_exports_table("TJK")
    assert energy.pipeline_exports_figure(none, "TJK") is None
    assert "which it does not list as an exporter" in energy.pipeline_exports_text(none, "TJK")


# --- routes, data used and headlines ---------------------------------------------------------

def test_route_table_view_labels_both_capacities():
    view = energy.route_table_view(routes.load_pipelines(), "KAZ")
    table = view["table"]
    china = table[table["project"] == "Central Asia–China Gas Pipeline"].iloc[0]
    assert (china["capacity_largest_segment"], china["capacity_segments_added"]) == (25.0, 55.0)
    assert "capacity" not in table.columns
    assert "Lines A, B and C give 25 bcm/y" in view["note"] and view["id"] == "export-routes"


def test_route_text_without_routes():
    assert energy.route_text(routes.load_pipelines().iloc[:0], "KAZ") == (
        "Global Energy Monitor's trackers list no oil or gas pipeline touching Kazakhstan.")


def test_data_used_lists_every_figure_source():
    assert "wdi_energy_imports_net" in energy.DATASETS_USED
    table = energy.net_imports_table(list(CENTRAL_ASIA), 2025)
    figure = energy.net_imports_figure(table, "KAZ")
    plt.close(figure.fig)
    assert set(figure.sources) <= set(energy.DATASETS_USED)


def test_headlines_keep_oil_and_gas_output():
    rows = energy.headlines("KAZ").set_index("key")
    assert rows.loc["oil_production", "text"] == "99.4 Mt"
    assert rows.loc["gas_production", "text"] == "38.4 bcm"
    assert rows.loc["gas_pipeline_exports", "note"] == energy.pipeline_caveat()
    assert energy.headlines("TJK")["text"].eq("not reported").all()
