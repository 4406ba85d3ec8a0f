"""Water theme: filled-in years, volumes from per-person values, the hydro source rule, the notebook."""

from __future__ import annotations

import math

import matplotlib
import pandas as pd
import pytest

from helpers import countries, data, energy, text, water
from helpers.water import INTERPOLATED, NEW, REPEATED
from report_fixtures import checked_report

matplotlib.use("Agg")


# --- Which years carry a new figure ------------------------------------------------------------------

def test_fill_status_tells_new_repeated_and_interpolated_years_apart():
    series = pd.Series({2000: 10.0, 2001: 11.0, 2002: 12.0, 2003: 13.0, 2004: 13.0, 2005: 13.0,
                        2006: 20.5, 2007: math.nan, 2008: 21.0})
    status = water.fill_status(series)
    assert status[2000] == NEW            # first year
    assert status[2001] == status[2002] == INTERPOLATED  # on the line 2000 -> 2003
    assert status[2003] == NEW            # end of the straight run (next step is zero)
    assert status[2004] == status[2005] == REPEATED
    assert status[2006] == NEW
    assert pd.isna(status[2007])          # missing stays missing
    assert status[2008] == NEW            # no year before it to repeat or interpolate
    assert water.new_value_years(series) == [2000, 2003, 2006, 2008]


def test_fill_status_allows_one_unit_of_rounding_but_no_more():
    # TJK withdrawals 2000-2003 as the WDI file writes them: a line from 12.309 rounded to 4 decimals
    rounded_line = pd.Series({2000: 12.309, 2001: 12.1233, 2002: 11.9376, 2003: 11.7519})
    assert list(water.fill_status(rounded_line)) == [NEW, INTERPOLATED, INTERPOLATED, NEW]
    # steps of 0.821 and 0.823 differ by two units of the last digit: a real figure
    real = pd.Series({2016: 21.631, 2017: 22.452, 2018: 23.275})
    assert water.fill_status(real)[2017] == NEW
    assert water.resolution(11.1948) == pytest.approx(1e-4) and water.resolution(7.707) == pytest.approx(1e-3)
    assert water.resolution(50.0) == pytest.approx(0.1)


def test_fill_status_window_labels_edge_years_from_the_whole_series(monkeypatch):
    full = pd.DataFrame({"AAA": [1.0, 2.0, 3.0, 4.0, 4.0]}, index=[2000, 2001, 2002, 2003, 2004])
    monkeypatch.setattr(water.data, "wide", lambda dataset, indicator, codes, *years: full[codes])
    window = water.fill_status_window("any", ["AAA"], 2000, 2002)
    assert list(window.index) == [2000, 2001, 2002]
    assert window.loc[2002, "AAA"] == INTERPOLATED  # on the line to 2003, outside the window
    assert water.fill_status_table(full.loc[2000:2002]).loc[2002, "AAA"] == NEW  # cut off, it would look new
    assert water.labelled(window["AAA"]) == [2000]


def test_coverage_reports_first_last_and_new_years():
    table = pd.DataFrame({"AAA": [1.0, 1.0, 1.0, 2.0], "BBB": [math.nan] * 4}, index=[2001, 2002, 2003, 2004])
    cov = water.coverage(table)
    assert cov.loc["AAA", "first year"] == 2001 and cov.loc["AAA", "last year"] == 2004
    assert cov.loc["AAA", "new values"] == [2001, 2004] and cov.loc["AAA", "years with a value"] == 4
    assert cov.loc["BBB", "new values"] == [] and pd.isna(cov.loc["BBB", "last new value"])


# --- Volumes, shares, ranks ----------------------------------------------------------------------------

def test_per_person_and_volume_convert_both_ways_and_keep_gaps():
    per_person = pd.DataFrame({"AAA": [2000.0, math.nan]}, index=[2020, 2021])
    population = pd.DataFrame({"AAA": [5e6, 6e6]}, index=[2020, 2021])
    volume = water.total_from_per_person(per_person, population)
    assert volume.loc[2020, "AAA"] == pytest.approx(10.0)          # 2000 m³ x 5 million = 10 bcm
    assert math.isnan(volume.loc[2021, "AAA"])
    back = water.per_person_from_total(volume, population)
    assert back.loc[2020, "AAA"] == pytest.approx(2000.0)


def test_share_of_ignores_missing_parts_and_never_divides_by_zero():
    mix = pd.DataFrame({"Hydro": [1.0, math.nan, 0.0], "Wind": [3.0, 2.0, 0.0]}, index=[2020, 2021, 2022])
    share = water.share_of(mix, "Hydro")
    assert share[2020] == pytest.approx(0.25)
    assert math.isnan(share[2021]) and math.isnan(share[2022])
    assert water.share_of(mix, "Solar").isna().all()


def test_largest_jump_rank_phrase_and_listing():
    assert water.largest_jump(pd.Series({2014: 22.0, 2015: 21.7, 2016: 14.8, 2017: 14.6})) == (2016, 21.7, 14.8)
    assert water.largest_jump(pd.Series({2010: 1.0, 2012: 5.0}))[0] is None  # no consecutive years
    values = pd.Series({"AAA": 3.0, "BBB": 1.0, "CCC": 2.0, "DDD": math.nan})
    assert water.regional_rank(values, "AAA") == "the highest in Central Asia"
    assert water.regional_rank(values, "BBB") == "the lowest in Central Asia"
    assert water.regional_rank(values, "CCC") == "the 2nd highest of 3 in Central Asia"
    assert water.regional_rank(values, "DDD") == "not ranked (no value)"
    assert text.listing(["a"]) == "a" and text.listing(["a", "b", "c"]) == "a, b and c" and text.listing([]) == ""


def test_nearly_constant_needs_three_values_within_the_tolerance():
    table = pd.DataFrame({"FLAT": [1306.2, 1306.6, 1306.4], "MOVES": [100.0, 150.0, 120.0],
                          "SHORT": [5.0, 5.0, math.nan]})
    assert water.nearly_constant(table, 1.0) == ["FLAT"]


def test_hydro_share_takes_the_ei_where_it_lists_the_country_else_the_wdi_renewable_share(monkeypatch):
    mix = pd.DataFrame({"Fossil": [6.0, 8.0], "Hydro": [4.0, 2.0]}, index=[2020, 2021])
    renewable = pd.DataFrame({"BBB": [90.0, 85.0], "CCC": [50.0, 40.0]}, index=[2020, 2021])
    monkeypatch.setattr(water.energy, "ei_reports", lambda code: code in ("AAA", "CCC"))
    monkeypatch.setattr(water.energy, "electricity_mix",
                        lambda code, start, end: mix if code == "AAA" else pd.DataFrame(index=[2020, 2021]))
    monkeypatch.setattr(water.data, "wide", lambda dataset, indicator, codes, start, end: renewable[codes])
    share, source = water.hydro_share("AAA", 2020, 2021)
    assert source == water.EI and list(share) == pytest.approx([0.4, 0.2])
    share, source = water.hydro_share("BBB", 2020, 2021)
    assert source == water.RENEWABLE_POWER and list(share) == pytest.approx([0.9, 0.85])
    share, source = water.hydro_share("CCC", 2020, 2021)  # listed by the EI but without a hydro row
    assert source == water.RENEWABLE_POWER and list(share) == pytest.approx([0.5, 0.4])


def test_plot_points_draws_markers_only_filled_for_new_and_hollow_for_filled_in_years():
    from helpers import plots

    table = pd.DataFrame({"KGZ": [9.0, 9.0, math.nan, 7.0]}, index=[2004, 2005, 2006, 2007])
    fig, ax = plots.new_figure()
    kinds = water.plot_points(ax, table, water.fill_status_table(table), focus="KGZ", unit="bcm")
    filled, hollow = ax.get_lines()
    assert filled.get_linestyle() == "None" and hollow.get_linestyle() == "None"
    assert list(pd.Series(filled.get_ydata()).fillna(-1)) == [9.0, -1, -1, 7.0]
    assert list(pd.Series(hollow.get_ydata()).fillna(-1)) == [-1, 9.0, -1, -1]
    assert hollow.get_markerfacecolor() == "white" and filled.get_markerfacecolor() != "white"
    assert [k.get_label() for k in kinds] == ["new figure in the source",
                                              "year filled in by WDI (repeated or interpolated)"]
    assert ax.get_ylabel() == "bcm"
    matplotlib.pyplot.close(fig)


# --- Real values against the mirrored files -------------------------------------------------------------

def test_uzbekistan_withdraws_more_than_its_internal_water():
    share = data.wide(water.WITHDRAWALS_SHARE, None, ["UZB"])["UZB"]
    assert share[2022] == pytest.approx(262.5459, abs=1e-4)  # data.csv: Uzbekistan,UZB,2022,262.545899632803
    volume = data.wide(water.WITHDRAWALS, None, ["UZB"])["UZB"]
    assert volume[2022] == pytest.approx(42.9)
    table = water.regional_comparison(["UZB", "TKM", "KGZ"], 1992, 2025)
    assert table.loc["TKM", "withdrawals, % of internal"] == pytest.approx(1867.97, abs=0.01)
    assert table.loc["UZB", "water year"] == 2022


def test_internal_water_is_one_volume_and_matches_withdrawals_over_their_share():
    internal = water.internal_resources(["UZB", "KGZ"], 1992, 2022)
    assert internal["UZB"].min() == pytest.approx(16.34, rel=1e-6)
    assert internal["UZB"].max() == pytest.approx(16.34, rel=1e-6)
    assert internal["KGZ"].iloc[-1] == pytest.approx(48.93, rel=1e-6)
    implied = (data.years_table(water.WITHDRAWALS, ["KGZ"], 1994, 2022)["KGZ"]
               / data.years_table(water.WITHDRAWALS_SHARE, ["KGZ"], 1994, 2022)["KGZ"] * 100)
    assert implied.to_numpy() == pytest.approx(internal.loc[1994:2022, "KGZ"].to_numpy(), rel=1e-6)
    per_person = water.withdrawals_per_person(["TKM"], 2022, 2022)
    assert per_person.loc[2022, "TKM"] == pytest.approx(3629.9, abs=0.1)


def test_aquastat_figures_carried_forward_are_found():
    withdrawals = data.years_table(water.WITHDRAWALS, ["KGZ", "TJK", "TKM"], 1992, 2022)
    assert water.new_value_years(withdrawals["KGZ"]) == [1994, 2000, 2006]   # 7.707 every year since 2006
    assert water.new_value_years(withdrawals["TJK"])[-1] == 2019
    assert water.new_value_years(withdrawals["TKM"])[-1] == 2020
    irrigated = data.years_table(water.IRRIGATED, ["TKM"], 1990, 2023)["TKM"]
    assert water.table_years(irrigated) == [2019, 2020, 2021, 2022, 2023]


def test_hydro_sources_per_country():
    hydro, sources = water.hydro_shares(["KAZ", "UZB", "KGZ", "TJK", "TKM"], 1992, 2025)
    assert sources == {"KAZ": water.EI, "UZB": water.EI, "TKM": water.EI,
                       "KGZ": water.RENEWABLE_POWER, "TJK": water.RENEWABLE_POWER}
    assert not energy.ei_reports("KGZ") and not energy.ei_reports("TJK")
    assert hydro.loc[2021, "KGZ"] == pytest.approx(0.855935, abs=1e-6)   # WDI EG.ELC.RNEW.ZS 85.59
    assert hydro.loc[2021, "TJK"] == pytest.approx(0.933828, abs=1e-6)
    assert hydro["KGZ"].last_valid_index() == 2021 and math.isnan(hydro.loc[2014, "TJK"])  # WDI has no TJK 2014
    assert hydro.loc[2025, "KAZ"] == pytest.approx(10.4394 / 124.371, abs=1e-5)  # EI hydro / total generation
    assert hydro.loc[2025, "TKM"] < 0.001


def test_ember_overview_has_no_hydro_but_covers_upstream_demand_and_intensity():
    assert set(data.load(water.EMBER)["indicator"]) == {"Electricity demand", "Electricity demand per capita",
                                                       "Power-sector CO2 intensity"}
    intensity = data.years_table(water.EMBER, ["KGZ", "TJK", "TKM"], 2000, 2024, water.EMBER_INTENSITY)
    assert intensity.loc[2024, "KGZ"] == pytest.approx(152.65)
    assert intensity.loc[2024, "TJK"] == pytest.approx(98.70)
    assert math.isnan(intensity.loc[2024, "TKM"])       # Ember's TKM ends in 2023
    assert water.nearly_constant(intensity, 1.0) == ["TKM"]


def test_other_cis_holds_kyrgyzstan_and_tajikistan_and_is_almost_all_hydro():
    assert water.ei_other_cis_members() == ["Armenia", "Kyrgyzstan", "Moldova", "Tajikistan"]
    group = water.other_cis_renewables(2021, 2021)
    assert group.loc[2021, "Hydro"] == pytest.approx(34.3748)
    assert group.loc[2021, "Other renewables"] == pytest.approx(0.292744)


# --- The notebook ------------------------------------------------------------------------------------------

@pytest.mark.notebook
@pytest.mark.parametrize("country", ["KAZ", "UZB"])
def test_water_report_has_sourced_figures_and_says_what_totals_cannot_show(theme_reports, country):
    rendered = theme_reports["water", country]
    html, alts = checked_report(rendered, min_figures=5)
    assert "What national totals cannot show" in html and f"What is missing for {countries.name(country)}" in html
    assert "<strong>hollow dots</strong>" in html
    assert any("hydropower" in alt for alt in alts) and any("Ember" in alt for alt in alts)
    read = set(rendered.datasets)
    assert read >= {water.WITHDRAWALS, water.WITHDRAWALS_SHARE, water.INTERNAL_PER_PERSON, water.IRRIGATED,
                    water.POPULATION, water.AGRICULTURE, water.EI, water.EMBER, water.RENEWABLE_POWER}
    assert all(dataset in html for dataset in read)  # each one listed in the 'Data used' table


@pytest.mark.notebook
def test_water_report_numbers_match_the_data(theme_reports):
    uzb = theme_reports["water", "UZB"].html.read_text(encoding="utf-8")
    share = data.wide(water.WITHDRAWALS_SHARE, None, ["UZB"])["UZB"][2022]
    assert f"<strong>{text.num(share, 0)}%</strong> of the 16.34 billion m³" in uzb
    assert text.num(share, 0) == "263"
    volume = data.wide(water.WITHDRAWALS, None, ["UZB"])["UZB"][2022]
    excess = volume - water.internal_resources(["UZB"], 2022, 2022).loc[2022, "UZB"]
    assert f"At least <strong>{text.num(excess, 1)} billion m³</strong>" in uzb
    region = water.regional_comparison(["KAZ", "UZB", "KGZ", "TJK", "TKM"], 1992, 2025)
    kgz_hydro = region.loc["KGZ", "hydro, % of electricity"] / 100
    assert f"Kyrgyzstan <strong>{text.pct(kgz_hydro, 1)}</strong> in 2021 (World Bank renewable share)" in uzb
    upstream = region.loc[["KGZ", "TJK"], "internal resources (bcm)"].sum() / region["internal resources (bcm)"].sum()
    assert f"<strong>{text.pct(upstream)}</strong> of the internal water rises in Kyrgyzstan and Tajikistan" in uzb
    kaz = theme_reports["water", "KAZ"].html.read_text(encoding="utf-8")
    kaz_share = data.wide(water.WITHDRAWALS_SHARE, None, ["KAZ"])["KAZ"][2022]
    assert f"<strong>{text.num(kaz_share, 0)}%</strong> of the 64.35 billion m³" in kaz
    assert "The national share hides the geography" in kaz and "How can Kazakhstan withdraw" not in kaz
    assert "How can Uzbekistan withdraw 263% of its internal water?" in uzb


@pytest.mark.notebook
@pytest.mark.parametrize("country, share", [("KGZ", "85.6%"), ("TJK", "93.4%"), ("TKM", "under 0.1%")])
def test_water_report_for_the_other_states_names_the_hydro_source(sparse_reports, country, share):
    html, _alts = checked_report(sparse_reports["water", country], min_figures=5)
    source = "EI hydro share" if country == "TKM" else "World Bank renewable share"
    year = 2025 if country == "TKM" else 2021
    assert f"{countries.name(country)} <strong>{share}</strong> in {year} ({source})" in html

