import base64
import io
import math

import matplotlib
import pandas as pd

matplotlib.use("Agg")

from PIL import Image  # noqa: E402

from helpers.present import figures, plots  # noqa: E402


def test_source_line_names_producer_and_licence_once_each():
    line = plots.source_line(["wdi_gdp_usd", "wdi_remittances", "ember_electricity_overview_yearly"])
    assert line == "Source: World Bank WDI (CC BY 4.0); Ember (CC BY 4.0)"


def test_show_puts_title_source_line_and_alt_text_on_a_palette_png(monkeypatch):
    shown, drawn = {}, {}
    monkeypatch.setattr("IPython.display.display", lambda data, raw, metadata: shown.update(data=data, metadata=metadata))
    real_png = plots.png_bytes
    monkeypatch.setattr(plots, "png_bytes", lambda fig: drawn.update(fig=fig) or real_png(fig))
    fig, ax = plots.new_figure()
    ax.plot([2000, 2001], [1, 2])
    data = figures.tidy(pd.DataFrame({"KAZ": [1.0, 2.0]}, index=[2000, 2001]), "Gas output", "bcm")
    figures.show(figures.Figure("gas-output", fig, data, "Gas output doubled", "A line rising from 1 to 2.",
                                ["ei_statistical_review_2026_json"]))
    texts = [t.get_text() for t in drawn["fig"].texts]
    assert drawn["fig"]._suptitle.get_text() == "Gas output doubled"
    assert any(t.startswith("Source: Energy Institute Statistical Review (© Energy Institute") for t in texts)
    assert shown["metadata"]["image/png"]["alt"] == "Gas output doubled. A line rising from 1 to 2."
    assert shown["metadata"]["image/png"]["source"] in texts
    png = base64.b64decode(shown["data"]["image/png"])
    assert png.startswith(b"\x89PNG") and Image.open(io.BytesIO(png)).mode == "P"  # palette PNG


def test_plot_lines_keeps_gaps_as_gaps():
    fig, ax = plots.new_figure()
    table = pd.DataFrame({"UZB": [1.0, math.nan, 3.0]}, index=[2016, 2017, 2018])
    plots.plot_lines(ax, table, focus="UZB", unit="% of GDP")
    (line,) = ax.get_lines()
    assert math.isnan(line.get_ydata()[1])  # drawn as a gap, not as zero
    assert line.get_label() == "Uzbekistan"
    assert ax.get_ylabel() == "% of GDP"
