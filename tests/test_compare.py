"""The regional comparison: the five states set side by side from the themes' own headline rows."""

import math

import pandas as pd
import pytest

from helpers.present import figures
from helpers.themes import compare, energy, findings


def _rows(values: dict[str, float], measure="Oil production", year=2025, topic="Oil and gas", key="oil"):
    rows = [{"country": country, **findings.headline("energy", key, topic, measure, value,
                                                     findings.quantity(value, "Mt"), "million tonnes", year, ["ei_x"])}
            for country, value in values.items()]
    return pd.DataFrame(rows)


def test_focus_state_first_then_kazakhstan_and_uzbekistan():
    assert compare.states("TJK") == ["TJK", "KAZ", "UZB", "KGZ", "TKM"]
    assert compare.states("UZB") == ["UZB", "KAZ", "KGZ", "TJK", "TKM"]


def test_the_highest_value_is_named_and_a_number_one_state_reports_is_not_ranked():
    rows = pd.concat([_rows({"KAZ": 99.4, "UZB": 1.8, "TKM": 9.1, "KGZ": math.nan, "TJK": math.nan}),
                      _rows({"KAZ": math.nan, "UZB": 3.0, "TKM": math.nan, "KGZ": math.nan, "TJK": math.nan},
                            measure="Coal", key="coal")], ignore_index=True)
    top = compare.leaders(rows)
    assert top["key"].tolist() == ["oil"] and top["leader"].item() == "KAZ" and top["reporting"].item() == 3
    text = compare.ranking_text(rows, "UZB")
    assert text.startswith("Of the 1 headline numbers at least two states report, the highest value belongs to "
                           "Kazakhstan on 1.")
    assert "Uzbekistan has the highest value on none of them." in text


def test_no_ranking_without_two_reporting_states():
    rows = _rows({"KAZ": math.nan, "UZB": 3.0, "TKM": math.nan, "KGZ": math.nan, "TJK": math.nan})
    assert compare.ranking_text(rows, "KAZ").startswith("No headline number is reported by two or more")
    assert compare.topic_figure(rows, "Oil and gas", "KAZ").title == \
        "Oil and gas: too few states report these numbers to rank them"


def test_table_keeps_each_values_year_and_shows_missing_as_a_dash():
    rows = _rows({"KAZ": 99.4, "UZB": 1.8, "TKM": 9.1, "KGZ": math.nan, "TJK": math.nan})
    shown = compare.table(rows)
    assert shown.columns.tolist() == ["Topic", "Number", "Unit", "Kazakhstan", "Uzbekistan", "Turkmenistan",
                                      "Kyrgyzstan", "Tajikistan"]
    assert shown.loc[0, "Kazakhstan"] == "99.4 Mt (2025)" and shown.loc[0, "Kyrgyzstan"] == "–"
    assert compare.missing_text(rows) == "Missing values (shown as –, never as zero): Kyrgyzstan 1 of 1; Tajikistan 1 of 1."


def test_years_far_apart_are_flagged():
    rows = pd.concat([_rows({"KAZ": 1.0, "UZB": 2.0}, year=2024), _rows({"TKM": 3.0}, year=1999)], ignore_index=True)
    assert compare.stale_text(rows).startswith("The years differ by three or more between states for: "
                                               "oil production (1999–2024).")
    assert compare.stale_text(_rows({"KAZ": 1.0, "UZB": 2.0})).startswith("Each compared number refers to the same")


def test_topic_figure_data_is_the_drawn_table_with_missing_kept():
    rows = _rows({"KAZ": 99.4, "UZB": 1.8, "TKM": 9.1, "KGZ": math.nan, "TJK": math.nan})
    figure = compare.topic_figure(rows, "Oil and gas", "KAZ")
    assert figure.id == "compare-oil-and-gas" and figure.title == "Oil and gas: Kazakhstan highest on 1 of 1"
    assert figure.data["value"].isna().sum() == 2 and list(figure.data.columns[:5]) == list(figures.DATA_COLUMNS)
    bars = figure.fig.axes[0].patches
    assert [round(b.get_width(), 1) for b in bars] == [99.4, 1.8, 9.1, 0.0, 0.0]  # no bar for a missing value
    assert "No values at all for Kyrgyzstan and Tajikistan" in figure.alt


def test_regional_rows_equal_the_themes_own_headlines():
    rows = compare.regional("KAZ", 2000, 2025, themes=(energy,))
    own = energy.headlines("UZB", 2000, 2025).set_index("key")
    mine = rows[rows["country"] == "UZB"].set_index("key")
    assert mine.loc["gas_production", "value"] == own.loc["gas_production", "value"]
    assert mine.loc["oil_production", "text"] == "1.8 Mt"
    assert set(rows["country"]) == {"KAZ", "UZB", "KGZ", "TJK", "TKM"}
