"""Water theme: filled-in years, volumes from per-person values, the hydro source rule, the notebook."""

from __future__ import annotations

import math
import re

import matplotlib
import pandas as pd
import pytest

from helpers import data
from helpers.data import countries
from helpers.present import text
from helpers.themes import energy, water
from helpers.themes.water import INTERPOLATED, NEW, REPEATED
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


def test_last_new_skips_filled_in_years_and_state_years_lists_each_states_year():
    series = pd.Series({2004: 8.5, 2005: 8.1, 2006: 7.7, 2007: 7.7, 2008: 7.7})
    assert water.last_new(series, water.fill_status(series)) == (2006, 7.7)
    assert water.last_new(pd.Series({2001: math.nan}), pd.Series({2001: math.nan}))[0] is None
    years = pd.Series({"KAZ": 2022, "KGZ": 2006})
    assert water.state_years(years) == "Kazakhstan 2022 and Kyrgyzstan 2006"
    assert water.state_years(pd.Series({"KAZ": 2022, "UZB": 2022})) == "all for 2022"


def test_range_end_names_every_state_that_rounds_to_the_shown_value():
    values = pd.Series({"KAZ": 0.83, "UZB": 14.583, "TJK": 14.647, "TKM": 4.16})
    years = pd.Series({"KAZ": 2021, "UZB": 2023, "TJK": 2023, "TKM": 2023})
    assert water.range_end(values, years, high=False) == "0.8% (Kazakhstan, 2021)"
    assert water.range_end(values, years, high=True) == "14.6% (Tajikistan 14.65% and Uzbekistan 14.58%, both 2023)"
    years["UZB"] = 2022
    assert (water.range_end(values, years, high=True)
            == "14.6% (Tajikistan 14.65% in 2023 and Uzbekistan 14.58% in 2022)")
    assert water.range_end(pd.Series({"KAZ": 1.04, "UZB": 1.0}), pd.Series({"KAZ": 2020, "UZB": 2020}),
                           high=True) == "1.0% (Kazakhstan 1.04% and Uzbekistan 1.00%, both 2020)"


def test_percent_text_says_under_a_tenth_of_a_percent_but_never_for_zero():
    assert water.percent_text(0.00009) == "under 0.1%"      # Turkmenistan's hydro share, 2025
    assert water.percent_text(0.0) == "0.0%" and water.percent_text(0.001) == "0.1%"
    assert water.percent_text(0.0839) == "8.4%" and water.percent_text(math.nan) == "n/a"


def test_jumps_flag_large_steps_between_figures_but_not_the_end_of_a_straight_line():
    series = pd.Series({2000: 40.0, 2001: 30.0, 2002: 20.0, 2003: 19.0, 2004: 19.5, 2005: 15.0, 2006: 15.0, 2007: 18.0})
    status = water.fill_status(series)
    assert status[2002] == NEW and status[2001] == INTERPOLATED
    # 2002 ends the line 2000 -> 2002 (-33% from 2001, but that is the line's slope), 2003 and 2004 move little,
    # 2005 drops 23% from a new figure, 2007 rises 20% from a repeated one
    assert water.jumps(series, status, 0.1) == [(2005, 19.5, 15.0), (2007, 15.0, 18.0)]
    table = pd.DataFrame({"AAA": series})
    # pairs of consecutive NEW years: 2002-2003 (-5%), 2003-2004 (+2.6%), 2004-2005 (-23%); median 5%
    assert water.typical_change(table, water.fill_status_table(table)) == pytest.approx(0.05)
    assert math.isnan(water.typical_change(pd.DataFrame({"A": [1.0]}), pd.DataFrame({"A": [NEW]})))


def test_basin_positions_name_no_tributary_dam_or_share_of_flow():
    unsourced = ("Naryn", "Toktogul", "Nurek", "Vakhsh", "Panj", "Karakum", "main source", "most of", "Ili", "Irtysh")
    assert not [word for word in unsourced for position in water.BASIN_POSITION.values() if word in position]
    assert set(water.BASIN_POSITION) == set(countries.CENTRAL_ASIA)


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
    from helpers.present import plots

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


# --- Sentences and figures of the notebook, on hand-made tables -------------------------------------------

GARBAGE = re.compile(r"\bNone\b|\bnan\b|n/a|(\d{4})[-–]\1|\b0 repeat|rose 0%")


def region_table(**columns) -> pd.DataFrame:
    """A regional comparison of the five states with nothing reported except the columns given (per state)."""
    codes = list(water.REGION)
    table = pd.DataFrame(math.nan, index=pd.Index(codes, name="country"), columns=[
        "internal resources (bcm)", "withdrawals (bcm)", "withdrawals, % of internal", "withdrawal year",
        "withdrawals in the file to", "withdrawals per person (m³)", "internal resources per person (m³)",
        "internal per person year", "irrigated, % of agricultural land", "irrigation year", "irrigated in the file to",
        "agriculture, % of GDP", "agriculture year", "hydro, % of electricity", "hydro year", "hydro source",
        "power CO2 intensity (g/kWh)", "intensity year"], dtype=object)
    table["hydro source"] = [water.EI, water.EI, water.RENEWABLE_POWER, water.RENEWABLE_POWER, water.EI]
    for column, values in columns.items():
        table[column] = [values.get(c, math.nan) for c in codes]
    return table


def one_year_view(country="KAZ", year=2024, **columns) -> water.View:
    region = region_table(**columns)
    comparison = countries.comparison(country, None)
    return water.View(country, comparison, year, year, region, region.loc[comparison])


def tidy(rows: list[tuple], series: str, unit: str) -> pd.DataFrame:
    """(country, year, value, status) tuples as tidy rows of one series."""
    return pd.DataFrame([{"country": c, "year": y, "series": series, "value": v, "unit": unit, "status": s}
                         for c, y, v, s in rows])


def test_a_one_year_range_without_a_new_aquastat_figure_is_said_in_words():
    v = one_year_view()
    assert v.period == "2024" and v.span == "2024"
    rows = water.resources(v)
    assert water.resources_figure(rows, v) is None  # nothing to draw
    assert water.resources_title(v) == "No new withdrawal figure for Kazakhstan in 2024"
    sentence = water.resources_text(v)
    assert sentence.startswith("The World Bank has no new withdrawal figure for Kazakhstan in 2024")
    assert water.resources_geography_text(v) == ""
    assert water.withdrawals_text(tidy([], water.VOLUME_SERIES, water.BCM), v) == sentence
    assert "Years 2024;" in water.intro_text(v)
    for said in (sentence, water.intro_text(v), water.hydro_text(v)):
        assert not GARBAGE.search(said), said
    assert "Kyrgyzstan no figure for 2024 (World Bank renewable share)" in water.hydro_text(v)


def test_withdrawal_share_text_for_one_year_with_a_new_figure_and_for_years_that_only_repeat():
    v = one_year_view("UZB", 2017, **{"withdrawal year": {"UZB": 2017}})
    one = tidy([(c, 2017, 360.5 if c == "UZB" else math.nan, NEW if c == "UZB" else math.nan) for c in v.comparison],
               water.SHARE_SERIES, "%")
    said = water.withdrawal_share_text(one, v)
    assert said.startswith("The file has a value for Uzbekistan in 1 year (2017), a new figure.")
    assert not GARBAGE.search(said), said
    repeats = tidy([("UZB", y, 16.7, REPEATED) for y in (2020, 2021)], water.SHARE_SERIES, "%")
    v = water.View("UZB", ["UZB"], 2020, 2021, v.region, v.region.loc[["UZB"]])
    assert water.withdrawal_share_text(repeats, v).startswith(
        "The file has a value for Uzbekistan in 2 years (2020–2021), but none of them carries a new figure")
    assert water.withdrawal_share_figure(repeats, v) is None
    empty = tidy([("UZB", 2020, math.nan, math.nan)], water.SHARE_SERIES, "%")
    assert "has no value for Uzbekistan" in water.withdrawal_share_text(empty, v)


def test_state_years_and_range_end_say_when_no_state_has_a_figure():
    assert water.state_years(pd.Series([math.nan, None], index=["KAZ", "UZB"])) == "no state has a figure"
    assert water.range_end(pd.Series([math.nan], index=["KAZ"]), pd.Series([None], index=["KAZ"]),
                           high=True) == "not reported"


def test_power_sentences_for_one_year_and_for_demand_that_fell():
    v = one_year_view("KGZ", 2024)
    rows = pd.concat([tidy([(c, 2024, 19.1 if c == "KGZ" else math.nan, math.nan) for c in water.REGION],
                           water.DEMAND_SERIES, "TWh a year"),
                      tidy([(c, 2024, math.nan, math.nan) for c in water.REGION], water.INTENSITY_SERIES, "g")])
    title = water.power_title(rows, v)
    assert title == ("Kyrgyzstan's electricity demand was 19.1 TWh in 2024; Ember gives no carbon intensity of its power "
                     "in 2024")
    assert water.power_text(rows, v) == "Ember puts Kyrgyzstan's electricity demand at **19.1 TWh** in 2024. "
    assert water.flat_intensity_text(rows) == ""
    v = water.View("TJK", ["TJK", "KGZ"], 2007, 2010, v.region, v.region.loc[["TJK", "KGZ"]])
    demand = {"TJK": (17.6, 16.6), "KGZ": (10.0, 8.3)}
    rows = pd.concat([tidy([(c, y, demand.get(c, (math.nan, math.nan))[i], math.nan) for c in water.REGION
                            for i, y in enumerate((2007, 2010))], water.DEMAND_SERIES, "TWh a year"),
                      tidy([(c, 2010, math.nan, math.nan) for c in water.REGION], water.INTENSITY_SERIES, "g")])
    assert water.power_title(rows, v).startswith("Tajikistan's electricity demand fell 6% from 2007 to 2010")
    assert ("In Kyrgyzstan, the other upstream state, demand changed by -17% (2007–2010)."
            in water.power_text(rows, v))


def test_water_per_person_for_one_year_names_the_year_once():
    v = one_year_view("UZB", 2017, **{"internal resources per person (m³)": {"UZB": 514.0, "KGZ": 7758.0},
                                      "internal per person year": {"UZB": 2017, "KGZ": 2017}})
    rows = water.internal_per_person(water.View("UZB", ["UZB"], 2017, 2017, v.region, v.region.loc[["UZB"]]))
    assert rows[["country", "year", "series", "unit"]].values.tolist() == [
        ["UZB", 2017, water.INTERNAL_PP_SERIES, "m³ per person a year"]]
    figure = water.internal_per_person_figure(rows, water.View("UZB", ["UZB"], 2017, 2017, v.region, v.region))
    assert figure.title == "Water per person in Uzbekistan was 514 m³ in 2017"
    assert "2017-2017" not in figure.alt and "514 in 2017, 514" not in figure.alt
    matplotlib.pyplot.close(figure.fig)


def test_dot_figures_carry_the_fill_status_in_their_data():
    v = water.view("KGZ", countries.comparison("KGZ", None), 2004, 2008)
    rows = water.withdrawals(v)
    kgz = rows[(rows["country"] == "KGZ") & (rows["series"] == water.VOLUME_SERIES)].set_index("year")
    # data.csv (withdrawals): Kyrgyz Republic 7.707 in 2006 and every later year, a different figure in 2005
    assert kgz.loc[2006, "status"] == NEW and kgz.loc[2007, "status"] == REPEATED
    figure = water.withdrawals_figure(rows, v)
    assert figure.id == "withdrawals-total-and-per-person" and list(figure.data.columns[:5]) == [
        "country", "year", "series", "value", "unit"]
    assert figure.title.startswith("Kyrgyzstan withdrew 7.7 billion m³ in 2006, its last new figure")
    matplotlib.pyplot.close(figure.fig)


def test_upstream_and_downstream_groups():
    assert water.UPSTREAM == ("KGZ", "TJK") and set(water.DOWNSTREAM) == {"KAZ", "UZB", "TKM"}
    assert [water.basin_group(c) for c in ("KGZ", "UZB")] == ["upstream", "downstream"]


# --- Real values against the mirrored files -------------------------------------------------------------

def test_uzbekistan_withdraws_more_than_its_internal_water():
    share = data.wide(water.WITHDRAWALS_SHARE, None, ["UZB"])["UZB"]
    assert share[2022] == pytest.approx(262.5459, abs=1e-4)  # data.csv: Uzbekistan,UZB,2022,262.545899632803
    volume = data.wide(water.WITHDRAWALS, None, ["UZB"])["UZB"]
    assert volume[2022] == pytest.approx(42.9)
    table = water.regional_comparison(["UZB", "TKM", "KGZ"], 1992, 2025)
    assert table.loc["TKM", "withdrawals, % of internal"] == pytest.approx(1867.97, abs=0.01)
    assert table.loc["UZB", "withdrawal year"] == 2022


def test_regional_comparison_quotes_each_last_new_figure_with_its_own_year_and_population():
    table = water.regional_comparison(["KAZ", "UZB", "KGZ", "TJK", "TKM"], 1992, 2025)
    # data.csv (withdrawals): KGZ 7.707 in every year 2006-2022; TJK 10.602 in 2019-2022; TKM 26.245 in 2020-2022
    assert dict(table["withdrawal year"]) == {"KAZ": 2022, "UZB": 2022, "KGZ": 2006, "TJK": 2019, "TKM": 2020}
    assert set(table["withdrawals in the file to"]) == {2022}
    assert table.loc["KGZ", "withdrawals (bcm)"] == pytest.approx(7.707)
    # per person with the population of the figure's year (wdi_population data.csv: Kyrgyz Republic,KGZ,2006,5218373;
    # Tajikistan,TJK,2019,9529966; Turkmenistan,TKM,2020,6949912), not 2022's
    assert table.loc["KGZ", "withdrawals per person (m³)"] == pytest.approx(7.707e9 / 5218373)      # 1,476.9
    assert table.loc["TJK", "withdrawals per person (m³)"] == pytest.approx(10.602e9 / 9529966)     # 1,112.5
    assert table.loc["TKM", "withdrawals per person (m³)"] == pytest.approx(26.245e9 / 6949912)     # 3,776.3
    assert table.loc["TJK", "withdrawals, % of internal"] == pytest.approx(16.7065868263473)
    # irrigated land: KAZ 0.830464232025938 in 2021, 2022 and 2023 (repeated); UZB 2023 14.5825..., TJK 2023 14.6473...
    assert table.loc["KAZ", "irrigation year"] == 2021 and table.loc["KAZ", "irrigated in the file to"] == 2023
    assert table.loc["UZB", "irrigated, % of agricultural land"] == pytest.approx(14.5825189586428)
    assert table.loc["TJK", "irrigated, % of agricultural land"] == pytest.approx(14.6473045092428)


def test_withdrawal_breaks_are_found_against_the_typical_change():
    codes = ["KAZ", "UZB", "KGZ", "TJK", "TKM"]
    volume = data.years_table(water.WITHDRAWALS, codes, 1992, 2025)
    status = water.fill_status_window(water.WITHDRAWALS, codes, 1992, 2025)
    typical = water.typical_change(volume, status)
    assert typical == pytest.approx(0.0485, abs=5e-4)     # median of 39 pairs of consecutive new figures
    threshold = water.JUMP_FACTOR * typical
    # data.csv: Uzbekistan,UZB,2020,50 / 2021,42.5; Tajikistan 2015 10.4198, 2016 8.749, 2017 7.988, 2018 9.774
    assert water.jumps(volume["UZB"], status["UZB"], threshold) == [(2021, 50.0, 42.5)]
    assert water.jumps(volume["TJK"], status["TJK"], threshold) == [(2016, 10.4198, 8.749), (2018, 7.988, 9.774)]
    assert water.jumps(volume["KGZ"], status["KGZ"], threshold) == []
    assert water.jumps(volume["TKM"], status["TKM"], threshold) == []
    assert [y for y, _, _ in water.jumps(volume["KAZ"], status["KAZ"], threshold)] == [2006, 2008, 2009]  # not 1999


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
    assert 0 < hydro.loc[2025, "TKM"] < 0.001    # 'under 0.1%' is right only above zero


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


def table_row(html: str, table: str, first_cell: str) -> list[str]:
    """The cells of the row of a rendered table (``tbl0``, ``tbl1``...) whose first cell is ``first_cell``."""
    row = re.search(rf'id="T_{table}_row(\d+)_col0">{re.escape(first_cell)}</td>', html)[1]
    return re.findall(rf'id="T_{table}_row{row}_col\d+">([^<]*)</td>', html)


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
    # literal values from the raw files (data.csv), not from the helpers the notebook uses:
    # withdrawals UZB 1994 53.763, 2017 58.904 (the highest), 2022 42.9; wdi_population UZB 2022 34938955
    assert ("Uzbekistan's withdrawals went from 53.8 billion m³ in 1994 to <strong>42.9 billion m³</strong> in 2022 "
            "(-20%). The highest value in the file is 58.9 billion m³, in 2017. Divided by the population of 2022, the "
            "2022 figure is <strong>1,228 m³</strong> per person a year") in uzb
    assert "Per person that is" not in uzb
    # the sentences above, with the literal values: 42.9 - 16.34 bcm; KGZ EG.ELC.RNEW.ZS 2021 85.59;
    # (48.93 + 63.46) / 194.49 bcm of internal water rises upstream
    assert "At least <strong>26.6 billion m³</strong>" in uzb
    assert "Kyrgyzstan <strong>85.6%</strong> in 2021 (World Bank renewable share)" in uzb
    assert ("<strong>58%</strong> of the internal water rises in Kyrgyzstan and Tajikistan (112 of 194 billion m³)"
            in uzb)


@pytest.mark.notebook
def test_water_report_says_the_regional_withdrawal_share_mixes_years(theme_reports):
    # withdrawals data.csv, last new figures: KAZ 24.966 and UZB 42.9 (2022), KGZ 7.707 (2006), TJK 10.602 (2019),
    # TKM 26.245 (2020): (7.707 + 10.602) / 112.42 = 16%
    uzb = theme_reports["water", "UZB"].html.read_text(encoding="utf-8")
    assert ("but they withdraw only <strong>16%</strong> of the water the five take. That share adds up figures from "
            "different years, each state's last new one (Kazakhstan 2022, Uzbekistan 2022, Kyrgyzstan 2006, Tajikistan "
            "2019 and Turkmenistan 2020)") in uzb
    assert "Uzbekistan 263% (2022); Turkmenistan 1,868% (2020)" in uzb


@pytest.mark.notebook
def test_water_report_names_a_break_in_uzbekistans_withdrawals(theme_reports):
    uzb = theme_reports["water", "UZB"].html.read_text(encoding="utf-8")
    # data.csv: Uzbekistan,UZB,2020,50 and 2021,42.5 (-15%), more than twice the typical step between new figures
    assert ("<strong>A possible break in the series.</strong> In one year, Uzbekistan's withdrawals go from 50.0 "
            "billion m³ in 2020 to 42.5 billion m³ in 2021 (-15%): more than twice the typical change") in uzb
    assert "the change since 1994 includes it" in uzb


@pytest.mark.notebook
def test_water_report_irrigation_range_names_both_states_that_round_to_the_top_value(theme_reports):
    # irrigated land, 2023: TJK 14.6473045092428 and UZB 14.5825189586428 both show as 14.6%;
    # KAZ 0.830464232025938, last new in 2021
    sentence = "it ranges from 0.8% (Kazakhstan, 2021) to 14.6% (Tajikistan 14.65% and Uzbekistan 14.58%, both 2023)"
    for country in ("UZB", "KAZ"):
        assert sentence in theme_reports["water", country].html.read_text(encoding="utf-8")


@pytest.mark.notebook
def test_water_report_ember_growth_upstream_uses_each_states_own_years(theme_reports, sparse_reports):
    # Ember demand: KGZ 13.02 TWh (2000) -> 19.05 (2024), TJK 15.57 -> 21.71: the same figures whatever the focus
    # country's own last Ember year (UZB ends in 2023, KAZ in 2024)
    for country in ("UZB", "KAZ"):
        html = theme_reports["water", country].html.read_text(encoding="utf-8")
        assert "demand grew by 46% (2000–2024) and 39% (2000–2024) respectively" in html
    assert ("Kyrgyzstan, the other upstream state, demand grew by 46% (2000–2024)"
            in sparse_reports["water", "TJK"].html.read_text(encoding="utf-8"))
    assert ("Tajikistan, the other upstream state, demand grew by 39% (2000–2024)"
            in sparse_reports["water", "KGZ"].html.read_text(encoding="utf-8"))


@pytest.mark.notebook
def test_water_report_for_kazakhstan_dates_irrigation_to_its_last_new_figure_and_lists_the_gaps(theme_reports):
    # data.csv: KAZ irrigated 2010, then 2014-2023; 0.830464232025938 in 2021, 2022 and 2023
    kaz, kaz_alts = checked_report(theme_reports["water", "KAZ"], min_figures=5)
    assert any(alt.startswith("0.8% of Kazakhstan's agricultural land is irrigated (2021, the last new figure)")
               for alt in kaz_alts)
    assert ("The World Bank reports Kazakhstan's irrigated share for 2010 and 2014–2023 only; 1992–2009 and "
            "2011–2013 are missing, not zero; 2022–2023 repeat the 2021 figure.") in kaz
    assert table_row(kaz, "tbl1", "Kazakhstan")[1:4] == ["0.8", "2021", "2023"]
    assert any(alt.startswith("Water per person in Kazakhstan fell from 3,713 to 3,212 m³") for alt in kaz_alts)
    assert "Water rising within" not in kaz


@pytest.mark.notebook
@pytest.mark.parametrize("country, year, volume, per_person, table_cell", [
    # withdrawals data.csv: KGZ 7.707 from 2006 to 2022, TJK 10.602 from 2019, TKM 26.245 from 2020; per person with
    # wdi_population of that year: KGZ 2006 5218373, TJK 2019 9529966, TKM 2020 6949912
    ("KGZ", 2006, "7.7", "1,477", "1476.9"), ("TJK", 2019, "10.6", "1,112", "1112.5"),
    ("TKM", 2020, "26.2", "3,776", "3776.3")])
def test_withdrawals_repeated_by_the_world_bank_are_quoted_with_the_year_of_their_last_new_figure(
        sparse_reports, country, year, volume, per_person, table_cell):
    html, alts = checked_report(sparse_reports["water", country], min_figures=5)
    state = countries.name(country)
    assert (f"{state}'s last new withdrawal figure, for {year}, is <strong>{volume} billion m³</strong> of freshwater "
            "(the World Bank repeats it every year to 2022)") in html
    assert f"In 2022 {state} withdrew" not in html
    assert f"Divided by the population of {year}, the {year} figure is <strong>{per_person} m³</strong>" in html
    bars = next(alt for alt in alts if alt.startswith(f"{state} withdrew") and "Horizontal bar chart" in alt)
    assert f"{state}: internal" in bars and f"withdrawals {volume} in {year}" in bars
    assert "withdrawals are for 2022" not in bars and "its last new figure" in bars
    assert table_row(html, "tbl0", state)[4:7] == [str(year), "2022", table_cell]  # year, in the file to, per person


@pytest.mark.notebook
@pytest.mark.parametrize("country", ["KGZ", "TJK", "TKM"])
def test_water_report_keeps_background_general_and_unsourced_history_out(sparse_reports, theme_reports, country):
    reports = [sparse_reports["water", country]] + ([theme_reports["water", "UZB"]] if country == "KGZ" else [])
    for rendered in reports:
        html = rendered.html.read_text(encoding="utf-8").split("Data used")[0]  # the prose, not the file hashes
        for claim in ("Toktogul", "Naryn", "Nurek", "Vakhsh", "Soviet", "1991", "Farms take most", "main source",
                      "most of the Amu Darya", "Karakum"):
            assert claim not in html, claim
        assert "general geography" in html and "What national totals cannot show" in html
        assert "Summer and winter (general background, not from these data)" in html


@pytest.mark.notebook
def test_sparse_water_reports_name_tajikistans_breaks_and_none_where_there_are_none(sparse_reports):
    tjk = sparse_reports["water", "TJK"].html.read_text(encoding="utf-8")
    # data.csv: TJK 2015 10.4198 -> 2016 8.749 (-16%), 2017 7.988 -> 2018 9.774 (+22%)
    assert ("<strong>Possible breaks in the series.</strong> In single years, Tajikistan's withdrawals go from 10.4 "
            "billion m³ in 2015 to 8.7 billion m³ in 2016 (-16%) and from 8.0 billion m³ in 2017 to 9.8 billion m³ in "
            "2018 (+22%)") in tjk
    for country in ("KGZ", "TKM"):
        assert "in the series.</strong>" not in sparse_reports["water", country].html.read_text(encoding="utf-8")


@pytest.mark.notebook
def test_turkmenistan_hydro_share_reads_under_a_tenth_of_a_percent_in_alt_text_and_table(sparse_reports):
    # EI: Turkmenistan's hydro is 0.009% of its generation in 2025, above zero but below 0.1%
    html, alts = checked_report(sparse_reports["water", "TKM"], min_figures=5)
    hydro_alt = next(alt for alt in alts if "share of electricity generated from hydropower" in alt)
    assert "Turkmenistan: under 0.1% in 2025 (EI hydro share)" in hydro_alt and "0.0%" not in hydro_alt
    assert hydro_alt.startswith("Turkmenistan makes practically no hydropower: under 0.1% of its electricity in 2025")
    assert table_row(html, "tbl1", "Turkmenistan")[6] == "under 0.1%"


@pytest.mark.notebook
@pytest.mark.parametrize("country, share", [("KGZ", "85.6%"), ("TJK", "93.4%"), ("TKM", "under 0.1%")])
def test_water_report_for_the_other_states_names_the_hydro_source(sparse_reports, country, share):
    html, _alts = checked_report(sparse_reports["water", country], min_figures=5)
    source = "EI hydro share" if country == "TKM" else "World Bank renewable share"
    year = 2025 if country == "TKM" else 2021
    assert f"{countries.name(country)} <strong>{share}</strong> in {year} ({source})" in html



# --- Headlines ------------------------------------------------------------------------------------------

def test_headlines_give_each_number_at_its_last_new_aquastat_figure_with_year_unit_and_source():
    kaz = water.headlines("KAZ", 1992, 2025).set_index("key")
    # data.csv: Kazakhstan,KAZ,2022,38.797... (share); 24.966 bcm / population 2022
    assert kaz.loc["water_withdrawals_share", "value"] == pytest.approx(38.797, abs=1e-3)
    assert kaz.loc["water_withdrawals_share", ["text", "year", "unit", "datasets"]].tolist() == [
        "39%", 2022, "% of internal renewable freshwater", water.WITHDRAWALS_SHARE]
    assert kaz.loc["water_withdrawals_per_person", "text"] == "1,246 m³"
    assert kaz.loc["water_withdrawals_per_person", "datasets"] == f"{water.WITHDRAWALS}; {water.POPULATION}"
    assert kaz.loc["water_internal_resources", ["text", "year"]].tolist() == ["64.3 billion m³", 2022]
    assert kaz.loc["water_hydro_share", ["text", "year", "datasets"]].tolist() == ["8.4%", 2025, water.EI]
    assert kaz.loc["water_withdrawals_agriculture", "text"] == "not reported"
    kgz = water.headlines("KGZ", 1992, 2025).set_index("key")
    # Kyrgyzstan's 7.707 bcm of 2006 is repeated by the World Bank to 2022: the headline keeps 2006
    assert kgz.loc["water_withdrawals_share", "year"] == 2006
    assert kgz.loc["water_withdrawals_share", "note"].startswith(
        "the last new AQUASTAT figure; the World Bank repeats it to 2022")
    assert kgz.loc["water_withdrawals_per_person", "text"] == "1,477 m³"
    assert kgz.loc["water_hydro_share", ["text", "year", "datasets"]].tolist() == [
        "85.6%", 2021, water.RENEWABLE_POWER]
    tkm = water.headlines("TKM", 1992, 2025).set_index("key")
    assert tkm.loc["water_withdrawals_share", ["text", "year"]].tolist() == ["1,868%", 2020]
    assert tkm.loc["water_hydro_share", "text"] == "under 0.1%"


def test_headlines_for_a_one_year_range_without_new_figures_are_not_reported_rows():
    rows = water.headlines("KGZ", 2024, 2024).set_index("key")
    assert rows.loc["water_withdrawals_share", "text"] == "not reported"
    assert rows.loc["water_withdrawals_share", "note"] == (
        "not reported: AQUASTAT (through the World Bank) has no new withdrawal figure for Kyrgyzstan in 2024")
    assert rows.loc["water_hydro_share", "note"] == "not reported: no hydro share for Kyrgyzstan in 2024"
    assert list(rows["theme"].unique()) == ["water"]
