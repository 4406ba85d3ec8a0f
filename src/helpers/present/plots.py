"""House style: colours, :func:`new_figure`, lines with gaps kept, the 'Source: ... (licence)' line,
and the palette PNG every figure is shown as. :func:`helpers.present.figures.show` finishes a figure
(title, source line, alt text, its data attached)."""

from __future__ import annotations

import io
from collections.abc import Iterable

import matplotlib as mpl
import matplotlib.pyplot as plt

from helpers.data import catalog
from helpers.data.countries import name

# One colour per actor, the same in every figure of the collection.
COLOURS = {
    "KAZ": "#1f77b4", "UZB": "#2ca02c", "KGZ": "#d62728", "TJK": "#9467bd", "TKM": "#8c564b",
    "RUS": "#c0392b", "CHN": "#e6a700", "USA": "#34495e", "EUU": "#2e86c1", "TUR": "#16a085",
    "WLD": "#7f7f7f",
}
DIRECTION_COLOURS = {
    "China": COLOURS["CHN"], "Russia": COLOURS["RUS"], "West (Caspian/Caucasus/Türkiye)": COLOURS["EUU"],
    "South (Iran/Afghanistan/South Asia)": "#8e44ad", "Within Central Asia": "#27ae60", "Domestic": "#95a5a6",
}
FALLBACK = ["#17becf", "#bcbd22", "#e377c2", "#7f7f7f", "#aec7e8", "#ff9896"]
MISSING_NOTE = "Gaps in a line are years the source does not report."

HOUSE_STYLE = {
    "figure.figsize": (8.0, 4.6),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "legend.fontsize": 9,
    "lines.linewidth": 2.0,
    "svg.hashsalt": "ca-geopolitics",  # stable SVG ids from run to run
}


def use_house_style() -> None:
    """Apply the collection's matplotlib style."""
    mpl.rcParams.update(HOUSE_STYLE)


def colour(code: str, index: int = 0) -> str:
    return COLOURS.get(code, FALLBACK[index % len(FALLBACK)])


def new_figure(nrows: int = 1, ncols: int = 1, **kwargs):
    """A figure and axes in the house style."""
    use_house_style()
    return plt.subplots(nrows, ncols, layout="constrained", **kwargs)


def source_line(dataset_ids: Iterable[str]) -> str:
    """'Source: producer (licence); ...' for the datasets behind a figure."""
    return "Source: " + credits(dataset_ids)


def credits(dataset_ids: Iterable[str]) -> str:
    """'producer (licence); ...', each credit once."""
    return "; ".join(dict.fromkeys(catalog.get(i).credit for i in dataset_ids))


def plot_lines(ax, table, focus: str | None = None, unit: str = "", marker_if_sparse: bool = True):
    """One line per column of a year x country table; the focus country drawn bold.

    NaN stays NaN, so years a source does not report show as gaps, never zeros.
    Sparse series (fewer than 8 points) get markers so isolated years are visible.
    """
    for i, code in enumerate(table.columns):
        series = table[code]
        if series.notna().sum() == 0:
            continue
        present = series.notna()
        has_gaps = present.astype(int).diff().abs().sum() > 2  # a hole inside the series
        sparse = marker_if_sparse and (present.sum() < 8 or has_gaps)
        ax.plot(series.index, series.values, label=name(code), color=colour(code, i),
                linewidth=3.0 if code == focus else 1.6, alpha=1.0 if code == focus or focus is None else 0.85,
                marker="o" if sparse else None, markersize=3.5, zorder=3 if code == focus else 2)
    if unit:
        ax.set_ylabel(unit)
    ax.set_xlabel("Year")
    ax.xaxis.get_major_locator().set_params(integer=True)


def year_fraction(date) -> float:
    """A date as a fractional year (2017-09-05 -> about 2017.68), for marking events on axes in years."""
    return date.year + (date.day_of_year - 1) / 365.25


def png_bytes(fig) -> bytes:
    """The figure as a palette PNG: a third of the size of matplotlib's RGBA output, same look."""
    from PIL import Image

    raw = io.BytesIO()
    fig.savefig(raw, format="png", bbox_inches="tight", pad_inches=0.15, facecolor="white")
    image = Image.open(raw).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
