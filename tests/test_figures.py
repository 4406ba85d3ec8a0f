"""Figures carry the table that drew them; the shared chart patterns draw only from it."""

import io
import math

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

from helpers.present import charts, figures  # noqa: E402
from helpers.present.figures import FIGURE_DATA_MIME, Figure  # noqa: E402

WIDE = pd.DataFrame({"KAZ": [1.0, math.nan, 3.0], "UZB": [2.0, 2.5, math.nan]}, index=[2020, 2021, 2022])


@pytest.fixture
def shown(monkeypatch):
    """What show()/show_table() displayed: a list of (data, metadata)."""
    out = []
    monkeypatch.setattr("IPython.display.display",
                        lambda data, raw=False, metadata=None: out.append((data, metadata or {})))
    return out


def test_tidy_keeps_every_cell_and_missing_values():
    data = figures.tidy(WIDE, "GDP growth", "%")
    assert list(data.columns) == list(figures.DATA_COLUMNS)
    assert len(data) == 6
    row = data[(data["country"] == "KAZ") & (data["year"] == 2021)].iloc[0]
    assert math.isnan(row["value"]) and row["unit"] == "%" and row["series"] == "GDP growth"
    pd.testing.assert_frame_equal(figures.wide(data), WIDE.rename_axis(index="year", columns="country"),
                                  check_names=False)


def test_figure_refuses_a_bad_id_and_untidy_data():
    fig, _ = charts.lines(figures.tidy(WIDE, "s", "%"))
    with pytest.raises(ValueError, match="lower-case words"):
        Figure("Gas Exports", fig, figures.tidy(WIDE, "s", "%"), "t", "a", ())
    with pytest.raises(ValueError, match=r"no column\(s\) \['series', 'unit'\]"):
        Figure("gas", fig, WIDE.reset_index().melt(id_vars="index", var_name="country").rename(
            columns={"index": "year"}), "t", "a", ())


def test_show_attaches_the_same_table_as_csv(shown):
    data = figures.tidy(WIDE, "GDP growth", "% a year")
    fig, _ = charts.lines(data, focus="KAZ")
    figures.show(Figure("gdp-growth", fig, data, "Growth slowed", "Lines of growth.", ("wdi_gdp_growth",),
                        note="A note."))
    ((bundle, metadata),) = shown
    payload = bundle[FIGURE_DATA_MIME]
    assert payload["id"] == "gdp-growth" and payload["kind"] == "figure" and payload["sources"] == ["wdi_gdp_growth"]
    assert metadata["image/png"]["alt"] == "Growth slowed. Lines of growth."
    assert metadata["image/png"]["source"] == "Source: World Bank WDI (CC BY 4.0). A note."
    csv = pd.read_csv(io.StringIO(payload["csv"]))
    assert list(csv.columns) == ["country", "country_name", "year", "series", "value", "unit"]
    assert csv.loc[(csv["country"] == "UZB") & (csv["year"] == 2021), "value"].item() == 2.5
    assert csv.loc[(csv["country"] == "KAZ") & (csv["year"] == 2021), "value"].isna().all()  # missing, not zero
    assert set(csv["country_name"]) == {"Kazakhstan", "Uzbekistan"}


def test_show_of_none_shows_nothing(shown):
    figures.show(None)
    assert shown == []


def test_show_table_attaches_the_unformatted_table(shown):
    table = pd.DataFrame({"pipeline": ["<b>A</b>", "B"], "capacity": [55.0, math.nan]})
    figures.show_table(table, id="routes", title="Routes", sources=["gem_ggit_gas_pipelines_lng_2024"])
    ((bundle, _),) = shown
    assert "&lt;b&gt;A&lt;/b&gt;" in bundle["text/html"] and "–" in bundle["text/html"]
    assert bundle[FIGURE_DATA_MIME]["csv"] == "pipeline,capacity\n<b>A</b>,55.0\nB,\n"
    assert bundle[FIGURE_DATA_MIME]["kind"] == "table"


def test_lines_draw_exactly_the_tidy_values():
    data = pd.concat([figures.tidy(WIDE, "Exports", "% of GDP"), figures.tidy(WIDE * 2, "Imports", "% of GDP")])
    fig, axes = charts.lines(data, focus="KAZ")
    assert [ax.get_title(loc="left") for ax in axes.flat[:2]] == ["Exports", "Imports"]
    drawn = {(ax.get_title(loc="left"), line.get_label()): list(line.get_ydata()) for ax in axes.flat for line in ax.get_lines()}
    for (series, label), ys in drawn.items():
        code = {"Kazakhstan": "KAZ", "Uzbekistan": "UZB"}[label]
        expected = data[(data["series"] == series) & (data["country"] == code)]["value"].tolist()
        assert ys == pytest.approx(expected, nan_ok=True)
    assert axes.flat[0].get_ylabel() == "% of GDP"


def test_bars_mark_missing_rows_instead_of_drawing_zero():
    data = pd.DataFrame({"country": ["KAZ", "KGZ"], "year": [2025, 2025], "series": ["gas", "gas"],
                         "value": [38.4, math.nan], "unit": ["bcm", "bcm"]})
    fig, ax = charts.bars(data, value_text=lambda v: f"{v:.1f} bcm")
    texts = [t.get_text().strip() for t in ax.texts]
    assert texts == ["38.4 bcm", "not reported"]
    assert [p.get_width() for p in ax.patches] == [38.4, 0.0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Kazakhstan", "Kyrgyzstan"]


def test_stacked_bars_stack_in_colour_order_and_say_when_empty():
    rows = [("KAZ", 2020, "Russia", 3.0), ("KAZ", 2020, "China", 1.0), ("KAZ", 2021, "Russia", math.nan),
            ("KAZ", 2021, "China", 2.0), ("TKM", 2020, "Russia", 0.0), ("TKM", 2020, "China", 0.0)]
    data = pd.DataFrame(rows, columns=["country", "year", "series", "value"]).assign(unit="TIV")
    fig, axes = charts.stacked_bars(data, {"Russia": "red", "China": "gold"}, empty_text="no deliveries")
    kaz, tkm = axes.flat[0], axes.flat[1]
    heights = [(p.get_x() + p.get_width() / 2, p.get_y(), p.get_height()) for p in kaz.patches]
    assert heights == [(2020, 0, 3.0), (2021, 0, 0.0), (2020, 3.0, 1.0), (2021, 0, 2.0)]
    assert [t.get_text() for t in tkm.texts] == ["no deliveries"]
    assert kaz.get_title(loc="left") == "Kazakhstan"


def test_dots_are_filled_or_hollow_by_flag():
    data = pd.DataFrame({"country": ["UZB"] * 3, "year": [2017, 2018, 2019], "series": ["withdrawals"] * 3,
                         "value": [58.9, 58.9, math.nan], "unit": ["bcm"] * 3, "new": [True, False, False]})
    fig, axes = charts.dots(data, filled="new")
    solid, hollow = axes.flat[0].collections
    assert solid.get_offsets().tolist() == [[2017, 58.9]]
    assert hollow.get_offsets().tolist() == [[2018, 58.9]]  # the missing 2019 is not drawn
    assert hollow.get_facecolors()[0].tolist() == [1.0, 1.0, 1.0, 1.0]
