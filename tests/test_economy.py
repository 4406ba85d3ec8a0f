"""Economy theme: the calculations on tiny fixtures, known values from the WDI files, the rendered report."""

from __future__ import annotations

import copy
import functools
import math
import re

import matplotlib
import pandas as pd
import pytest

from helpers import data
from helpers.present import text
from helpers.themes import economy, metrics
from report_fixtures import checked_report

matplotlib.use("Agg")

NAN = math.nan


# --- a tiny WDI world, served through helpers.data.wide ------------------------------------------

TINY = {  # dataset -> country -> {year: value}; anything absent is 'not reported'
    economy.POPULATION: {"KAZ": {2015: 10e6, 2016: 10e6, 2020: 12e6, 2024: 12.5e6}, "TKM": {2016: 5e6, 2024: 6e6}},
    economy.GDP: {"KAZ": {2016: 100e9, 2024: 200e9}, "TKM": {2016: 30e9, 2024: 40e9}},
    economy.REMITTANCES: {"KAZ": {2016: 1e9, 2024: 5e9}, "TKM": {1996: 4.4e6}},
    economy.MIGRANT_STOCK: {"KAZ": {2015: 1.0e6, 2020: 1.2e6}, "TKM": {2015: 0.2e6, 2020: 0.15e6}},
    economy.NET_MIGRATION: {"KAZ": {2016: -20_000, 2024: 25_000}},
    economy.FX: {"KAZ": {2014: 180.0, 2015: 220.0, 2016: 340.0, 2017: 330.0},
                 "TKM": {2000: 5200.0, 2001: 5200.0},
                 "RUS": {2013: 32.0, 2014: 40.0, 2015: 64.0, 2016: 64.0}},
    economy.INFLATION: {"KAZ": {2016: 14.0, 2017: 7.0, 2018: 6.0, 2019: 5.0, 2021: 8.0}},
}


@pytest.fixture
def tiny_wdi(monkeypatch):
    """helpers.data.wide answers from a copy of TINY (so economy and connectivity.per_gdp both read it)."""
    world = copy.deepcopy(TINY)

    def fake_wide(dataset_id, indicator=None, countries=None, start_year=None, end_year=None):
        series = world.get(dataset_id, {})
        codes = [countries] if isinstance(countries, str) else list(countries or series)
        frame = pd.DataFrame({c: pd.Series(series.get(c, {}), dtype=float) for c in codes})
        frame.index.name = "year"
        if start_year is not None:
            frame = frame[frame.index >= start_year]
        if end_year is not None:
            frame = frame[frame.index <= end_year]
        return frame.sort_index()

    monkeypatch.setattr(data, "wide", fake_wide)
    return world


# --- small pure functions ------------------------------------------------------------------------

def test_annual_change_is_nan_across_gaps():
    series = pd.Series([100.0, 110.0, NAN, 121.0, 242.0], index=[2010, 2011, 2012, 2013, 2014])
    got = economy.annual_change(series)
    assert got[2011] == pytest.approx(0.10)
    assert math.isnan(got[2010]) and math.isnan(got[2013])  # 2012 missing: no change to 2013
    assert got[2014] == pytest.approx(1.0)
    gappy = pd.Series([1.0, 4.0], index=[2000, 2005])  # five-yearly: no year-on-year change at all
    assert economy.annual_change(gappy).isna().all()


def test_change_around_compares_the_year_before_with_the_year_after():
    rates = pd.Series([2965.0, 5114.0, 8070.0], index=[2016, 2017, 2018])
    move = economy.change_around(rates, 2017)
    assert (move["before_year"], move["after_year"]) == (2016, 2018)
    assert move["ratio"] == pytest.approx(8070.0 / 2965.0)
    assert math.isnan(economy.change_around(rates, 2016)["ratio"])  # 2015 not reported


def test_largest_rise_needs_both_ends_reported():
    series = pd.Series([10.0, 11.0, NAN, 30.0, 31.0], index=[2000, 2001, 2002, 2003, 2004])
    best = economy.largest_rise(series, span=2)
    assert (best["from_year"], best["to_year"]) == (2001, 2003)
    assert best["ratio"] == pytest.approx(30.0 / 11.0)
    assert economy.largest_rise(pd.Series([5.0], index=[2001])) is None


def test_currency_move_uses_the_policy_event_else_the_sharpest_fall():
    kaz = pd.Series({2014: 180.0, 2015: 220.0, 2016: 340.0, 2017: 330.0})
    move = economy.currency_move("KAZ", kaz, 2000, 2025)
    assert move["kind"] == "event" and move["date"] == pd.Timestamp("2015-08-20")
    assert move["ratio"] == pytest.approx(340.0 / 180.0)
    tjk = pd.Series({2013: 4.8, 2014: 4.9, 2015: 6.2, 2016: 7.8})
    move = economy.currency_move("TJK", tjk, 2000, 2025)
    assert move["kind"] == "largest" and (move["from_year"], move["to_year"]) == (2014, 2016)
    assert economy.currency_move("TKM", pd.Series(dtype=float), 2000, 2025) is None
    assert economy.currency_move("KAZ", kaz, 2016, 2025) is None  # event outside the years, no pair two years apart


def test_period_means_count_reported_years_and_leave_empty_periods_nan():
    table = pd.DataFrame({"UZB": [8.0, 6.0, NAN, 4.0], "TKM": [NAN, NAN, NAN, NAN]}, index=[2015, 2016, 2017, 2018])
    means = economy.period_means(table, ((2015, 2016), (2017, 2018)))
    assert means.loc["UZB", "2015–2016"] == 7.0 and means.loc["UZB", "2017–2018"] == 4.0
    assert means.loc["UZB", "years 2017–2018"] == 1
    assert math.isnan(means.loc["TKM", "2015–2016"]) and means.loc["TKM", "years 2015–2016"] == 0
    assert economy.periods(2016, 2025) == ((2010, 2016), (2017, 2025))


def test_then_and_now_pick_the_years_they_say():
    five_yearly = pd.Series({2010: 1.0, 2015: 2.0, 2020: 3.0, 2024: 4.0})
    assert economy.value_then(five_yearly, 2016) == (2015, 2.0)
    year, value = economy.value_then(five_yearly, 2016, max_back=0)
    assert year is None and math.isnan(value)
    assert economy.value_now(five_yearly, 2015, 2025) == (2024, 4.0)
    assert economy.value_now(five_yearly, 2015, 2022) == (2020, 3.0)
    stops = pd.Series({2014: 5.0, 2016: 6.0})
    year, value = economy.value_now(stops, 2016, 2025)  # nothing after the base year: not 'now'
    assert year is None and math.isnan(value)


def test_change_is_a_ratio_for_levels_and_points_for_rates():
    assert economy.change(2.0, 5.0, "level") == 2.5
    assert economy.change(2.0, 5.0, "rate") == 3.0
    assert math.isnan(economy.change(NAN, 5.0, "rate"))
    assert math.isnan(economy.change(-1.0, 5.0, "level"))  # a ratio from a negative base means nothing
    assert economy.change_phrase(2.5, "level") == "×2.50"
    assert economy.change_phrase(-3.04, "rate") == "-3.0 pts"
    assert economy.change_phrase(NAN, "rate") == "–"
    assert economy.change_phrase(0.0, "rate") == "0.0 pts"  # no '+0.0'


def test_a_rates_change_is_taken_between_the_values_shown_in_its_own_unit():
    # 4.556 -> 3.744 is shown as 4.6 -> 3.7: the change must read -0.9, not the -0.8 of the raw difference
    assert text.num(3.744 - 4.556, 1) == "-0.8"
    assert economy.change(4.556, 3.744, "rate", 1) == pytest.approx(-0.9)
    assert economy.change(4.556, 3.744, "level", 1) == pytest.approx(3.744 / 4.556)  # ratios stay unrounded
    assert economy.change_phrase(-0.9, "rate", 1, "per 1,000") == "-0.9 per 1,000"
    assert economy.INDICATOR["net_migration_rate"].change_unit == "per 1,000"
    assert economy.INDICATOR["agriculture"].change_unit == "pts"


def test_rank_correlation_is_not_ruled_by_one_start_up_year():
    frame = pd.DataFrame({"rouble": [-0.3, -0.2, -0.1, 0.0, 0.1, 0.2, -0.05],
                          "remittances": [-0.3, -0.2, -0.1, 0.0, 0.1, 0.2, 9.0]})  # one year of +900%
    rho, n = metrics.correlation(frame["rouble"], frame["remittances"], min_points=4, ranks=True)
    pearson, _ = metrics.correlation(frame["rouble"], frame["remittances"], min_points=4)
    assert n == 7 and rho > 0.6 and pearson < 0.1
    assert math.isnan(metrics.correlation(frame["rouble"].head(3), frame["remittances"].head(3), min_points=4)[0])


def test_ranks_ordinals_and_rates_in_words():
    values = pd.Series({"KAZ": 14.0, "UZB": 4.0, "TJK": 1.6, "TKM": NAN})
    assert metrics.rank_of(values, "UZB") == (2, 3)
    assert metrics.rank_of(values, "TKM") == (None, 3)
    assert [text.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22)] == \
        ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd"]
    assert text.rank_phrase(1, 5) == "the highest" and text.rank_phrase(5, 5) == "the lowest"
    assert text.rank_phrase(3, 5) == "the 3rd highest"
    assert economy.rate_text(2965.25) == "2,965" and economy.rate_text(7.835) == "7.83"


def test_rouble_finding_is_an_association_worded_by_its_strength():
    assert economy.rouble_finding("Kyrgyzstan", 0.52, 25) == \
        "Remittances to Kyrgyzstan tend to move with the rouble (Spearman ρ = 0.52, n = 25 years)"
    assert economy.rouble_finding("Kazakhstan", 0.24, 25) == \
        "Remittances to Kazakhstan show little co-movement with the rouble (Spearman ρ = 0.24, n = 25 years)"
    assert "tend to move against the rouble" in economy.rouble_finding("X", -0.45, 10)
    assert "-0.29" in economy.rouble_finding("X", -0.29, 10) and "little co-movement" in economy.rouble_finding("X", -0.29, 10)
    for rho in (0.24, 0.52, 0.9, -0.6):
        assert "fall" not in economy.rouble_finding("X", rho, 20)  # no rule or cause in the title


def test_sum_drivers_name_the_few_years_that_make_a_sum():
    burst = pd.Series({2017: 7.0, 2018: 3.0, 2019: 47.0, 2020: 55.0, 2021: 46.0, 2022: 13.0, 2023: 6.0})
    got = economy.sum_drivers(burst)
    assert got["years"] == [2019, 2020, 2021] and got["part"] == 148.0 and got["rest"] == pytest.approx(29.0)
    assert not got["spread"] and got["count"] == 7
    even = pd.Series({2017: -10.0, 2018: -11.0, 2019: -9.0, 2020: -10.0, 2021: -12.0})
    assert economy.sum_drivers(even)["spread"]  # no few years carry an evenly spread sum
    mixed = pd.Series({2017: 20.0, 2018: -7.0, 2022: 45.0, 2023: -5.0, 2024: -8.0})
    got = economy.sum_drivers(mixed)
    assert got["years"] == [2022] and got["rest"] == pytest.approx(0.0) and got["total"] == 45.0
    assert economy.sum_drivers(pd.Series([NAN, NAN], index=[2020, 2021])) is None


def test_standing_against_each_power_comes_from_the_values():
    powers = {"Russia": 47_362.0, "China": 27_105.0, "the United States": 85_810.0}
    assert economy.standing(40_891.0, powers) == \
        "above China (27,105) but below Russia (47,362) and the United States (85,810)"
    assert economy.standing(8_012.0, powers) == "below China (27,105), Russia (47,362) and the United States (85,810)"
    assert economy.standing(90_000.0, {"Russia": 47_362.0, "China": NAN}) == "above Russia (47,362)"


def test_currency_names_and_old_units():
    assert economy.currency_name("KGZ") == "Kyrgyz som" and economy.currency_name("UZB") == "Uzbek som"
    assert economy.currency_name("KAZ") == "tenge" and economy.CURRENCY["KGZ"] == "som"  # panel titles name the state
    note = economy.old_units_note("TKM", 2001)
    assert note == ("in old manat: the WDI series stops in 2001, before the 2009 redenomination at 5,000 old manat "
                    "to one new manat")
    assert economy.old_units_note("TKM", 2010) == "" and economy.old_units_note("KAZ", 2001) == ""
    assert economy.old_units_note("TKM", None) == ""


def test_policy_events_are_dated_sourced_and_filtered():
    every = economy.events()
    assert list(every["date"].dt.strftime("%Y-%m-%d")) == ["2014-11-10", "2015-08-20", "2017-09-05"]
    assert every["source_url"].str.startswith("http").all()
    assert list(economy.events("UZB")["year"]) == [2017]
    assert economy.events(["KAZ", "UZB"], 2016, 2025)["country"].tolist() == ["UZB"]


# --- tables on the tiny world --------------------------------------------------------------------------

def test_remittance_share_and_per_population_on_fixtures(tiny_wdi):
    share = economy.remittances_share(["KAZ", "TKM"], 2015, 2024)
    assert share.loc[2016, "KAZ"] == pytest.approx(1.0) and share.loc[2024, "KAZ"] == pytest.approx(2.5)
    assert share["TKM"].isna().all()  # 1996 only, and no GDP then: missing, never zero
    assert list(share.index) == list(range(2015, 2025))
    stock = economy.per_population(economy.MIGRANT_STOCK, ["KAZ"], 2015, 2024, per=100.0)["KAZ"]
    assert stock[2015] == pytest.approx(10.0) and stock[2020] == pytest.approx(10.0)
    assert math.isnan(stock[2016]) and math.isnan(stock[2024])  # no migrant count in those years
    net = economy.per_population(economy.NET_MIGRATION, ["KAZ"], 2015, 2024)["KAZ"]
    assert net[2016] == pytest.approx(-2.0) and net[2024] == pytest.approx(2.0)


def test_dashboard_keeps_each_rows_own_years(tiny_wdi):
    board = economy.dashboard("KAZ", 2016, 2025).set_index("key")
    assert (board.loc["remittances_gdp", "then_year"], board.loc["remittances_gdp", "now_year"]) == (2016, 2024)
    assert board.loc["remittances_gdp", "now"] == pytest.approx(2.5)
    assert board.loc["remittances_gdp", "change"] == pytest.approx(1.5)   # points
    assert board.loc["remittances", "change"] == pytest.approx(5.0)       # ratio
    assert (board.loc["migrant_share", "then_year"], board.loc["migrant_share", "now_year"]) == (2015, 2020)
    assert (board.loc["inflation", "then_year"], board.loc["inflation", "now_year"]) == (2016, 2021)
    assert board.loc["gdp", "now"] == pytest.approx(200.0)  # billions
    assert pd.isna(board.loc["debt", "then_year"]) and math.isnan(board.loc["debt", "now"])
    shown = economy.dashboard_display(board.reset_index(), 2016).set_index("Indicator")
    assert "(2024)" in shown.loc["GDP", "Now (latest year)"]
    tkm = economy.dashboard("TKM", 2016, 2025).set_index("key")
    assert math.isnan(tkm.loc["remittances_gdp", "then"]) and math.isnan(tkm.loc["remittances_gdp", "now"])
    assert economy.dashboard_display(tkm.reset_index(), 2016).set_index("Indicator").loc[
        "Official exchange rate", "Now (latest year)"] == "–"
    assert economy.board_text(board.reset_index(), "remittances_gdp") == "2.5% (2024)"
    assert economy.board_text(tkm.reset_index(), "remittances_gdp") == "not reported"
    # net migration per 1,000: -2.0 (2016) -> 2.0 (2024), a change in its own unit, not in points
    assert shown.loc["Net migration", "Change"] == "+4.0 per 1,000"
    assert shown.loc["Population", "Change"].startswith("×")


def test_gap_sentences_name_missing_stale_and_holes(tiny_wdi):
    kaz = economy.gap_sentences("KAZ", 2014, 2021, indicators=[economy.INDICATOR["inflation"], economy.INDICATOR["fx"],
                                                               economy.INDICATOR["migrant_share"]])
    assert kaz == ["Consumer price inflation (% a year): not reported for 2020",
                   "Official exchange rate (local currency per US$): last reported for Kazakhstan in 2017"]
    # five-yearly migrant stock is not reported as having gaps
    tkm = economy.gap_sentences("TKM", 2000, 2025, indicators=[economy.INDICATOR["fx"], economy.INDICATOR["remittances_gdp"]])
    assert tkm == ["Official exchange rate (local currency per US$): last reported for Turkmenistan in 2001",
                   "no Remittances received (% of GDP) for Turkmenistan in 2000–2025"]


def test_rouble_and_remittances_sign_convention(tiny_wdi):
    tiny_wdi[economy.REMITTANCES]["KAZ"] = {2013: 1.0e9, 2014: 1.0e9, 2015: 0.5e9, 2016: 0.6e9}
    pairs = economy.rouble_and_remittances(["KAZ", "TKM"], 2014, 2016).set_index("year")
    assert set(pairs["country"]) == {"KAZ"}  # TKM has no remittances in these years: no rows, not zeros
    assert pairs.loc[2015, "rouble"] == pytest.approx(40.0 / 64.0 - 1)  # the rouble lost value: negative
    assert pairs.loc[2015, "remittances"] == pytest.approx(-0.5)
    assert pairs.loc[2016, "rouble"] == pytest.approx(0.0)


def test_draw_helpers_show_missing_as_missing():
    from helpers.present import plots

    fig, axes = plots.new_figure(1, 2)
    rates = pd.DataFrame({"KAZ": [180.0, 340.0], "TKM": [NAN, NAN]}, index=[2014, 2016])
    economy.draw_exchange_rates(axes, rates, 2014, 2016)
    assert any("not reported" in t.get_text() for t in axes[1].texts) and not axes[1].get_lines()
    fig2, ax = plots.new_figure()
    frame = pd.DataFrame({"year": [2002, 2015], "country": ["KGZ", "KGZ"], "rouble": [-0.07, -0.37],
                          "remittances": [5.68, -0.25]})
    clipped = economy.draw_rouble_scatter(ax, frame, "KGZ")
    assert clipped == [("KGZ", 2002, pytest.approx(568.0))]
    fig4, axes4 = plots.new_figure(1, 2)
    economy.draw_exchange_rates(axes4, pd.DataFrame({"TKM": [5200.0, 5200.0], "RUS": [28.0, 29.0]}, index=[2000, 2001]),
                                2000, 2025)
    assert axes4[0].get_title(loc="left") == "Turkmenistan (old manat)" and axes4[0].get_ylabel() == "old manat per US$"
    assert axes4[1].get_title(loc="left") == "Russia (rouble)" and axes4[1].get_lines()[0].get_linestyle() == "--"
    fig5, ax5 = plots.new_figure()
    plots.plot_lines(ax5, pd.DataFrame({"KGZ": [1.0, 2.0], "RUS": [3.0, 1.0]}, index=[2020, 2021]), focus="KGZ")
    economy.dash_powers(ax5)  # Kyrgyzstan and Russia are both red: the power is dashed
    styles = {line.get_label(): line.get_linestyle() for line in ax5.get_lines()}
    assert styles == {"Kyrgyzstan": "-", "Russia": "--"}
    means = pd.DataFrame({"2010–2016": [5.0, NAN], "2017–2025": [NAN, 3.0]}, index=["UZB", "TKM"])
    fig3, ax3 = plots.new_figure()
    economy.draw_period_bars(ax3, means, ((2010, 2016), (2017, 2025)))
    assert len(ax3.patches) == 2 and sorted(ax3.get_legend_handles_labels()[1]) == ["2010–2016", "2017–2025"]
    assert sum(t.get_text() == "n/a" for t in ax3.texts) == 2
    for f in (fig, fig2, fig3, fig4, fig5):
        matplotlib.pyplot.close(f)


# --- known values from the WDI files in the mirror ----------------------------------------------------

@functools.cache
def _wdi_file(path) -> pd.DataFrame:
    return pd.read_csv(path)


def _raw(mirror_root, dataset_id, code):
    raw = _wdi_file(mirror_root / dataset_id / "data.csv")
    return raw[raw["Country Code"] == code].set_index("Year")["Value"]


def test_uzbek_som_jump_across_the_2017_liberalisation(mirror_root):
    raw = _raw(mirror_root, economy.FX, "UZB")
    assert round(raw[2016], 2) == 2965.25 and round(raw[2018], 2) == 8069.61
    rates = data.years_table(economy.FX, ["UZB"], 2000, 2025)["UZB"]
    move = economy.currency_move("UZB", rates, 2000, 2025)
    assert move["kind"] == "event" and (move["before_year"], move["after_year"]) == (2016, 2018)
    assert move["ratio"] == pytest.approx(raw[2018] / raw[2016]) and round(move["ratio"], 2) == 2.72
    assert rates.loc[2001:2012].isna().all()  # WDI's gap in the official som rate stays a gap


def test_remittance_shares_match_the_raw_files(mirror_root):
    for code, literal in (("KAZ", 0.08), ("UZB", 13.66)):
        expected = 100 * _raw(mirror_root, economy.REMITTANCES, code)[2024] / _raw(mirror_root, economy.GDP, code)[2024]
        share = economy.remittances_share([code], 2000, 2025)[code]
        assert metrics.latest(share)[0] == 2024
        assert share[2024] == pytest.approx(expected) and round(share[2024], 2) == literal


def test_turkmenistan_gaps_come_from_the_data(mirror_root):
    raw = _raw(mirror_root, economy.REMITTANCES, "TKM")
    assert list(raw.index) == [1996]
    gaps = economy.gap_sentences("TKM", 2000, 2025)
    assert "Official exchange rate (local currency per US$): last reported for Turkmenistan in 2001" in gaps
    assert "no Remittances received (% of GDP) for Turkmenistan in 2000–2025" in gaps
    assert "no Consumer price inflation (% a year) for Turkmenistan in 2000–2025" in gaps
    board = economy.dashboard("TKM", 2016, 2025).set_index("key")
    assert board["then"].isna().sum() == 5 and board.loc["gdp", "now_year"] == 2025
    assert economy.dashboard("UZB", 2016, 2025).set_index("key").loc["migrant_share", "then_year"] == 2015


def test_kazakhstan_dashboard_changes_add_up_as_shown(mirror_root):
    agri = _raw(mirror_root, economy.AGRICULTURE, "KAZ")
    assert (round(agri[2016], 1), round(agri[2025], 1)) == (4.6, 3.7) and round(agri[2025] - agri[2016], 1) == -0.8
    net, pop = _raw(mirror_root, economy.NET_MIGRATION, "KAZ"), _raw(mirror_root, economy.POPULATION, "KAZ")
    assert (net[2016], net[2025]) == (9478, -8834)
    assert round(1000 * net[2016] / pop[2016], 1) == 0.5 and round(1000 * net[2025] / pop[2025], 1) == -0.4
    shown = economy.dashboard_display(economy.dashboard("KAZ", 2016, 2025), 2016).set_index("Indicator")
    assert shown.loc["Agriculture, value added", "Change"] == "-0.9 pts"      # 4.6 -> 3.7 as shown
    assert shown.loc["Net migration", "Change"] == "-0.9 per 1,000"


def test_kazakhstan_base_year_caveat_names_the_float(mirror_root):
    pc = _raw(mirror_root, economy.GDP_PC, "KAZ")
    assert (round(pc[2014]), round(pc[2016]), round(pc[2025])) == (12428, 7476, 14692)
    debt = _raw(mirror_root, economy.DEBT_GNI, "KAZ")
    assert round(debt[2016], 1) == 134.8 and debt.loc[2000:2025].idxmax() == 2016 and round(debt[2014], 1) == 80.6
    caveat = economy.base_year_caveat("KAZ", 2016, 2000, 2025)
    assert caveat.startswith("**Read 'then' with care.** The base year, 2016, is the year after the currency change of "
                             "20 August 2015 (Kazakhstan floats the tenge)")
    assert ("GDP per person was US$ 12,428 in 2014, the year before the August 2015 change, US$ 7,476 in 2016 and "
            "US$ 14,692 in 2025: 1.97× the 2016 level but 1.18× the 2014 one.") in caveat
    assert "External debt was 134.8% of GNI in 2016, its highest in 2000–2025 (80.6% in 2014)" in caveat
    for code in ("UZB", "KGZ", "TJK", "TKM"):  # no own event in 2014–2016
        assert economy.base_year_caveat(code, 2016, 2000, 2025) == ""
    assert "5 September 2017 (Uzbekistan liberalises the som)" in economy.base_year_caveat("UZB", 2018, 2000, 2025)


def test_uzbek_gap_note_describes_a_managed_rate(mirror_root):
    raw = _raw(mirror_root, economy.FX, "UZB")
    assert (round(raw[2013]), round(raw[2016])) == (2095, 2965)
    note = economy.gap_reason("UZB", 2000, 2025)
    assert note.startswith("Until September 2017 Uzbekistan had a managed official Uzbek som rate, which the file shows "
                           "moving from 2,095 per US$ in 2013 to 2,965 in 2016, beside a black-market rate (")
    assert note.endswith("); the file gives no official rate for 2001–2012 and does not say why.")
    assert "https://www.rferl.org/a/uzbekistan-devalues-currency/28718291.html" in note
    assert "fixed" not in note and "misleading" not in note


def test_net_migration_sum_names_its_driving_years(mirror_root):
    net = _raw(mirror_root, economy.NET_MIGRATION, "KGZ")
    assert net.loc[2017:2025].sum() == 182_919 and net.loc[2019:2021].sum() == 148_215
    got = economy.sum_drivers(data.years_table(economy.NET_MIGRATION, ["KGZ"], 2017, 2025)["KGZ"])
    assert got["years"] == [2019, 2020, 2021] and got["part"] == 148_215 and got["total"] == 182_919
    assert economy.sum_drivers(data.years_table(economy.NET_MIGRATION, ["UZB"], 2017, 2025)["UZB"])["spread"]


def test_headline_claims_the_pull_of_russia_only_where_remittances_are_large(mirror_root):
    kgz = 100 * _raw(mirror_root, economy.REMITTANCES, "KGZ")[2024] / _raw(mirror_root, economy.GDP, "KGZ")[2024]
    assert round(kgz, 1) == 17.6
    title, question = economy.headline("KGZ", 2000, 2025, 2016)
    assert title == "Economy: Kyrgyzstan since 2016 and the pull of Russia: remittances 17.6% of GDP (2024)"
    assert "how much does Kyrgyzstan depend on Russia" in question
    title, question = economy.headline("TKM", 2000, 2025, 2016)
    assert title == "Economy: Turkmenistan since 2016, without remittance data to show the pull of Russia"
    assert "no remittance series for Turkmenistan beyond a single value for 1996" in question
    assert "depend on Russia" not in question
    title, question = economy.headline("KAZ", 2000, 2025, 2016)
    assert title == "Economy: Kazakhstan's reform path; remittances small (0.1% of GDP in 2024)"
    assert "no pull of Russia through remittances" in question
    assert "(Russia floats the rouble, November 2014; Kazakhstan floats the tenge, August 2015; Uzbekistan " \
           "liberalises the som, September 2017)" in question


# --- the rendered report ------------------------------------------------------------------------------

def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", html)


@pytest.mark.notebook
@pytest.mark.parametrize("country", ["KAZ", "UZB"])
def test_economy_report_has_sourced_figures_and_the_dashboard(theme_reports, country):
    html, alts = checked_report(theme_reports["economy", country], min_figures=5, min_alt=60)
    assert "Then (2016 or nearest earlier)" in html and "Now (latest year)" in html
    board = economy.dashboard(country, 2016, 2025).set_index("key")
    assert f"{text.num(board.loc['migrant_share', 'then'], 1)} (2015)" in html  # five-yearly series: its own year
    assert "recorded by the receiving country's central bank" in _plain(html)
    assert "born abroad who live in the country" in _plain(html)
    assert len(alts) >= 8


@pytest.mark.notebook
def test_economy_report_numbers_match_the_data(theme_reports, mirror_root):
    uzb = _plain(theme_reports["economy", "UZB"].html.read_text(encoding="utf-8"))
    raw_fx = _raw(mirror_root, economy.FX, "UZB")
    assert (round(raw_fx[2016]), round(raw_fx[2018])) == (2965, 8070)  # the literal below, read from the CSV
    assert "<strong>2,965</strong> per dollar in 2016 to <strong>8,070</strong> in 2018 (2.72×)" in uzb
    assert "Until September 2017 Uzbekistan had a managed official Uzbek som rate, which the file shows moving from " \
           "2,095 per US$ in 2013 to 2,965 in 2016, beside a black-market rate" in uzb
    assert "does not say why" in uzb and "rather than a misleading one" not in uzb
    raw_share = 100 * _raw(mirror_root, economy.REMITTANCES, "UZB")[2024] / _raw(mirror_root, economy.GDP, "UZB")[2024]
    assert round(raw_share, 1) == 13.7 and "<strong>13.7% of GDP</strong>" in uzb
    assert "Economy: Uzbekistan's reform path and the pull of Russia: remittances 13.7% of GDP (2024)" in uzb

    kaz = _plain(theme_reports["economy", "KAZ"].html.read_text(encoding="utf-8"))
    raw_share = 100 * _raw(mirror_root, economy.REMITTANCES, "KAZ")[2024] / _raw(mirror_root, economy.GDP, "KAZ")[2024]
    assert round(raw_share, 1) == 0.1 and "Remittances were <strong>0.1% of GDP</strong> in 2024" in kaz
    raw_growth = _raw(mirror_root, economy.GROWTH, "KAZ").loc[2017:2025]
    assert len(raw_growth) == 9 and round(raw_growth.mean(), 1) == 3.8
    assert "Real GDP grew <strong>3.8% a year</strong>" in kaz
    # the dashboard: each change in its row's unit, taken from the values shown
    assert "-0.9 per 1,000" in kaz and "-0.9 pts" in kaz and "pts</td>" in kaz
    # the base year right after the tenge float
    assert ("Read 'then' with care.</strong> The base year, 2016, is the year after the currency change of 20 August 2015 "
            "(Kazakhstan floats the tenge)") in kaz
    assert "GDP per person was US$ 12,428 in 2014, the year before the August 2015 change" in kaz
    # inflation after the float: the high of a window, not a 'peak' (2022 was higher)
    infl = _raw(mirror_root, economy.INFLATION, "KAZ")
    assert round(infl[2016], 1) == 14.4 and round(infl[2022], 1) == 15.0
    assert "its high in 2015–2017 was <strong>14.4%</strong> in 2016" in kaz and "peaked at" not in kaz
    # PPP against each power, from the file
    ppp = {c: round(_raw(mirror_root, economy.GDP_PC_PPP, c)[2024]) for c in ("KAZ", "RUS", "CHN", "USA")}
    assert ppp == {"KAZ": 40891, "RUS": 47362, "CHN": 27105, "USA": 85810}
    assert ("its 40,891 international dollars per person in 2024 were above China (27,105) but below Russia (47,362) "
            "and the United States (85,810)") in kaz
    assert "the gap with the powers is smaller" not in kaz
    # the rouble: an association, weak for Kazakhstan
    assert "Remittances to Kazakhstan show little co-movement with the rouble (Spearman ρ = 0.24, n = 25 years)." in kaz
    assert "A correlation is an association, not a cause" in kaz
    rem = _raw(mirror_root, economy.REMITTANCES, "KAZ")
    assert rem[1999] == 3_600_000 and round(100 * (rem[2000] / rem[1999] - 1)) == 1774
    assert "Kazakhstan 2000 (+1,774%, from US$ 3.6 million in 1999)" in kaz
    assert "early years of a series and with breaks in it" in kaz and "mostly the first years" not in kaz
    # every value with its year
    assert round(_raw(mirror_root, economy.INVESTMENT, "RUS")[2025], 1) == 25.9 and "Russia 25.9% in 2025" in kaz
    assert "Economy: Kazakhstan's reform path; remittances small (0.1% of GDP in 2024)" in kaz


@pytest.mark.notebook
def test_economy_report_for_turkmenistan_says_what_is_missing(sparse_reports, mirror_root):
    """The sparse case: every figure still drawn and sourced, each gap named with the years from the data."""
    html, alts = checked_report(sparse_reports["economy", "TKM"], min_figures=5, min_alt=60)
    html = _plain(html)
    last = metrics.latest(data.years_table(economy.REMITTANCES, ["TKM"], 1960, 2025)["TKM"])[0]
    assert last == 1996
    assert (f"The World Bank reports no personal remittances received for Turkmenistan: its series has a single "
            f"early value ({last}). The line is absent, not zero: why, see the note under the dashboard above.") in html
    assert "Official exchange rate (local currency per US$): last reported for Turkmenistan in 2001" in html
    assert "no Consumer price inflation (% a year) for Turkmenistan in 2000–2025" in html
    assert any("Turkmenistan not reported" in alt for alt in alts)  # the remittance chart says so, draws no zero line
    debt = data.years_table(economy.DEBT_GNI, ["TKM"], 2000, 2025)["TKM"]
    assert f"<strong>{text.num(debt[2024], 1)}% of GNI</strong>" in html
    # a title and question from the data: no remittances, so no claim of a pull through them
    assert ">Economy: Turkmenistan since 2016, without remittance data to show the pull of Russia" in html
    assert "reform path and the pull of Russia" not in html
    assert html.count("Turkmenistan publishes few of the statistics") == 1  # the reason is printed once
    # the last official rate is in old manat
    fx = _raw(mirror_root, economy.FX, "TKM")
    assert fx.index.max() == 2001 and fx[2001] == 5200
    assert ("Its last value, 5,200 per dollar in 2001, is in old manat: the WDI series stops in 2001, before the 2009 "
            "redenomination at 5,000 old manat to one new manat") in html
    assert any("Turkmenistan 5,200 in 2001, in old manat" in alt for alt in alts)


@pytest.mark.notebook
@pytest.mark.parametrize("country, usd_bn, share", [("KGZ", "3.20", "17.6"), ("TJK", "6.80", "47.2")])
def test_economy_report_for_the_remittance_economies(sparse_reports, mirror_root, country, usd_bn, share):
    html, _alts = checked_report(sparse_reports["economy", country], min_figures=5, min_alt=60)
    html = _plain(html)
    name = {"KGZ": "Kyrgyzstan", "TJK": "Tajikistan"}[country]
    remit, gdp = _raw(mirror_root, economy.REMITTANCES, country)[2024], _raw(mirror_root, economy.GDP, country)[2024]
    assert (f"{remit / 1e9:.2f}", f"{100 * remit / gdp:.1f}") == (usd_bn, share)  # the literals, from the CSVs
    # the focus state's own sentence (every report lists all states' shares, so a bare share proves nothing)
    assert (f"{name} received <strong>US$ {usd_bn} billion</strong> of personal remittances in 2024, "
            f"<strong>{share}% of GDP</strong>") in html
    assert f">Economy: {name} since 2016 and the pull of Russia: remittances {share}% of GDP (2024)" in html
    assert "Remittances to " + name + " tend to move with the rouble (Spearman ρ = " in html


@pytest.mark.notebook
def test_economy_report_for_kyrgyzstan_names_its_som_and_its_migration_years(sparse_reports, mirror_root):
    html = _plain(sparse_reports["economy", "KGZ"].html.read_text(encoding="utf-8"))
    fx = _raw(mirror_root, economy.FX, "KGZ")
    assert (round(fx[2013], 2), round(fx[2015], 2)) == (48.44, 64.46)
    assert "The Kyrgyz som's sharpest two-year fall in these years came in 2013–2015, from 48.44 to 64.46 per dollar" in html
    assert "For Uzbekistan, WDI has no official Uzbek som rate for 2001–2012" in html
    assert "The som's" not in html
    net = _raw(mirror_root, economy.NET_MIGRATION, "KGZ")
    assert net.loc[2017:2025].sum() == 182_919 and net.loc[2019:2021].sum() == 148_215
    assert ("add up to a net inflow of 182,919 people, driven by 2019–2021 (148,215 people; the other 6 years together "
            "add 34,704)") in html
    assert "the file does not mark which of the latest years are projections" in html
    assert "Net migration is the net total of migrants during the period" in html  # WDI's own caveat, quoted


@pytest.mark.notebook
def test_economy_report_for_tajikistan_says_itself_when_fastest(sparse_reports, mirror_root):
    html = _plain(sparse_reports["economy", "TJK"].html.read_text(encoding="utf-8"))
    growth = _raw(mirror_root, economy.GROWTH, "TJK").loc[2017:2025]
    assert len(growth) == 9 and round(growth.mean(), 1) == 7.7
    assert "Tajikistan itself grew fastest of the economies compared since 2016 (7.7% a year)" in html
    assert "Of the economies compared, Tajikistan grew fastest" not in html


# --- narrow windows (bugs of the earlier notebook) --------------------------------------------------

def test_base_year_caveat_leaves_out_a_year_outside_the_window(mirror_root):
    caveat = economy.base_year_caveat("KAZ", 2016, 2016, 2025)  # 2014 is before the window
    assert "n/a" not in caveat and "% in 2014)" not in caveat
    assert "External debt was 134.8% of GNI in 2016, its highest in 2016–2025, so its fall since starts from a peak." in caveat


def test_periods_are_clipped_to_the_window():
    assert economy.periods(2016, 2025, start_year=2016) == ((2016, 2016), (2017, 2025))
    assert economy.periods(2016, 2024, start_year=2024) == (None, (2024, 2024))  # no year before the base is shown
    assert economy.periods(2016, 2012, start_year=2005) == ((2010, 2012), None)
    assert economy.span_label((2024, 2024)) == "2024" and economy.span_label((2017, 2025)) == "2017–2025"
    means = economy.period_means(pd.DataFrame({"KAZ": [1.0, 3.0]}, index=[2016, 2017]), ((2016, 2016), (2017, 2017)))
    assert list(means.columns) == ["2016", "years 2016", "2017", "years 2017"]


def test_the_rouble_after_2014_is_its_sharpest_fall_not_its_float(mirror_root):
    """The earlier notebook read move['before'] of the rouble: a KeyError for any window starting after 2014."""
    rub = _raw(mirror_root, economy.FX, "RUS")
    rates = data.years_table(economy.FX, ["RUS"], 2016, 2025)["RUS"]
    move = economy.currency_move("RUS", rates, 2016, 2025)
    assert move["kind"] == "largest" and "before" not in move
    scope = economy.Scope.of("KAZ", None, 2016, 2025)
    said = economy.exchange_rate_text(economy.exchange_rates(scope), scope)
    assert (round(rub[2022], 2), round(rub[2024], 2)) == (68.48, 92.55)
    assert ("The rouble, the currency Central Asian migrants in Russia are paid in, fell most in 2022–2024, from 68.48 "
            "to 92.55 per dollar (1.35×).") in said
    assert "when Russia let it float" not in said


def _section_texts(country, start_year, end_year):
    """Every sentence, title, alt text and note the notebook's sections write, and the figures' ids."""
    scope = economy.Scope.of(country, None, start_year, end_year)
    board = economy.board(scope)
    remittances = economy.remittances(scope)
    pairs = economy.rouble_pairs(scope, remittances)
    sections = [
        (economy.income(scope), economy.income_figure, economy.income_text, ()),
        (economy.growth(scope), economy.growth_figure, economy.growth_text, ()),
        (economy.exchange_rates(scope), economy.exchange_rate_figure, economy.exchange_rate_text, ()),
        (economy.prices(scope), economy.prices_figure, economy.prices_text, ()),
        (economy.shape(scope), economy.shape_figure, economy.shape_text, (board,)),
        (economy.people(scope), economy.people_figure, economy.people_text, ()),
        (remittances, economy.remittances_figure, economy.remittances_text, ()),
        (pairs, economy.rouble_figure, economy.rouble_text, (remittances,)),
        (economy.debt_and_aid(scope), economy.debt_figure, economy.debt_text, (board,)),
    ]
    said, ids = [economy.intro_text(scope), economy.dashboard_text(scope, board)], []
    for table, figure, sentence, extra in sections:
        drawn = figure(table, *extra, scope)
        said += [sentence(table, *extra, scope), drawn.title, drawn.alt, drawn.note or ""]
        ids.append(drawn.id)
        assert set(drawn.data["series"]) <= set(table["series"])  # drawn from the section's own table
        matplotlib.pyplot.close(drawn.fig)
    return said, ids


GARBAGE = re.compile(r"\bNone\b|\bnan\b|n/a|<NA>|\(\)|1 years|a year on average in \d{4}\b(?!–)|\d{4}–\d{4}–")


def _garbage(said):
    return [line for line in said if GARBAGE.search(line.replace("'n/a' where a period has none", ""))]


@pytest.mark.parametrize("country, start_year, end_year", [("KAZ", 2024, 2024), ("TKM", 2024, 2024),
                                                           ("KAZ", 2016, 2025), ("TKM", 2016, 2025)])
def test_narrow_windows_read_in_words(mirror_root, country, start_year, end_year):
    said, ids = _section_texts(country, start_year, end_year)
    assert _garbage(said) == []
    assert len(ids) == len(set(ids)) == 9


def test_one_year_window_sentences_from_the_file(mirror_root):
    growth = _raw(mirror_root, economy.GROWTH, "KAZ")
    assert round(growth[2024], 1) == 5.0
    scope = economy.Scope.of("KAZ", None, 2024, 2024)
    table = economy.growth(scope)
    assert economy.growth_text(table, scope).startswith("Real GDP grew **5.0%** in 2024. ")
    assert economy.growth_figure(table, scope).title == "Kazakhstan's economy grew 5.0% in 2024"
    debt = economy.debt_text(economy.debt_and_aid(scope), economy.board(scope), scope)
    assert "highest in these years" not in debt  # one year has no 'highest'


@pytest.mark.parametrize("country, start_year, end_year", [("KAZ", 2024, 2024), ("TKM", 2024, 2024),
                                                           ("TKM", 2015, 2024)])
def test_sections_on_the_tiny_world_say_what_is_missing(tiny_wdi, country, start_year, end_year):
    said, _ids = _section_texts(country, start_year, end_year)
    assert _garbage(said) == []
    text_ = " ".join(said)
    assert f"The World Bank reports no real GDP growth for {economy.countries.name(country)}" in text_


def test_growth_periods_that_round_alike_are_not_called_faster(tiny_wdi):
    tiny_wdi[economy.GROWTH] = {"TKM": {2016: 6.21, 2017: 6.18, 2018: 6.2}, "RUS": {2017: 1.0}, "CHN": {2017: 5.0}}
    scope = economy.Scope.of("TKM", None, 2016, 2018)
    said = economy.growth_text(economy.growth(scope), scope)
    assert said.startswith("Real GDP grew **6.2% a year** on average in 2017–2018 (2 years reported), as fast as the "
                           "6.2% of 2016; it grew 6.2% in 2018.")


# --- headlines -------------------------------------------------------------------------------------

def test_headlines_are_the_wdi_values_of_the_latest_year(mirror_root):
    kaz = economy.headlines("KAZ").set_index("key")
    gdp = _raw(mirror_root, economy.GDP, "KAZ").loc[:2025]
    assert kaz.loc["gdp", "year"] == gdp.index.max() == 2025
    assert kaz.loc["gdp", "value"] == pytest.approx(gdp[2025] / 1e9) and kaz.loc["gdp", "text"] == "USD 306.2 billion"
    fdi = _raw(mirror_root, economy.FDI, "KAZ").dropna()
    assert kaz.loc["fdi_inflows", "year"] == fdi.index.max()
    assert kaz.loc["fdi_inflows", "value"] == pytest.approx(fdi[fdi.index.max()] / 1e6)
    pop = _raw(mirror_root, economy.POPULATION, "KAZ")
    assert kaz.loc["population", "value"] == pytest.approx(pop[2025] / 1e6)
    assert kaz.loc["gdp", "datasets"] == economy.GDP and kaz.loc["fdi_inflows", "datasets"] == economy.FDI
    tkm = economy.headlines("TKM").set_index("key")
    assert tkm.loc["inflation", "text"] == "not reported" and pd.isna(tkm.loc["inflation", "year"])
    assert tkm.loc["inflation", "note"].startswith("not reported: the World Bank's WDI reports no consumer price inflation")
    rows = {c: economy.headlines(c) for c in ("KAZ", "UZB", "KGZ", "TJK", "TKM")}
    keys = {c: tuple(r["key"]) for c, r in rows.items()}
    assert len(set(keys.values())) == 1  # the same numbers for every state, so the pages can rank them
    assert all((r["theme"] == "economy").all() for r in rows.values())
    assert list(rows["KAZ"].columns) == economy.findings.COLUMNS


def test_headlines_of_a_year_without_data(tiny_wdi, monkeypatch):
    monkeypatch.setattr(economy.findings, "last_year", lambda dataset_id, indicator=None, end_year=None: 2024)
    rows = economy.headlines("TKM", 2024, 2024).set_index("key")
    assert rows.loc["gdp", "value"] == pytest.approx(40.0) and rows.loc["gdp", "year_label"] == "2024"
    assert rows.loc["gdp_growth", "note"] == ("not reported: the World Bank's WDI reports no real GDP growth for "
                                              "Turkmenistan in 2024")


def test_scope_lists_each_state_and_power_once():
    scope = economy.Scope.of("kaz", ["UZB", "RUS", "UZB"], 2016, 2025)
    assert scope.country == "KAZ" and scope.comparison == ["KAZ", "UZB", "RUS"]
    assert scope.powers == ["USA", "CHN"] and scope.with_russia == ["KAZ", "UZB", "RUS"]
    assert scope.with_russia_china == ["KAZ", "UZB", "RUS", "CHN"]
    assert economy.Scope.of("TKM", None, 2024, 2024).span == "2024" and scope.span == "2016-2025"
