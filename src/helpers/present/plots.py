"""House style, the source line every figure carries, and display with alt text.

Use :func:`new_figure` to start a figure in the house style and
:func:`show` to finish it: ``show`` writes the finding as the title, the
'Source: ... (licence)' line under the axes, and displays the image with its
alt text in the output metadata, which the report template turns into the
``alt`` attribute of the HTML ``<img>``.
"""

from __future__ import annotations

import base64
import html
import io
import textwrap
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


def show(fig, title: str, sources: Iterable[str], alt: str, note: str | None = None,
         credit: str | None = None) -> None:
    """Finish a figure: finding as title, source line, alt text; display it and close it.

    The alt text opens with the title, so a reader who cannot see the image gets the
    finding too. ``credit`` names data that is not in the catalog (a user's own file);
    it is added to the catalogued sources' line. '$' in title and notes is text, not maths.
    """
    from IPython.display import display

    fig.suptitle(textwrap.fill(title, 90), x=0.01, ha="left", fontsize=12.5, fontweight="bold", parse_math=False)
    line = "; ".join(filter(None, [credits(sources), credit]))
    footer = f"Source: {line}" + (f". {note}" if note else "")
    fig.text(0.01, -0.01, textwrap.fill(footer, 130), ha="left", va="top", fontsize=8, color="#555555",
             parse_math=False)
    png = base64.b64encode(png_bytes(fig)).decode("ascii")
    plt.close(fig)
    # the source line is drawn on the figure; the metadata repeats it for readers and checks
    alt = alt if alt.startswith(title) else f"{title.rstrip('.')}. {alt}"
    display({"image/png": png}, raw=True, metadata={"image/png": {"alt": alt, "source": footer}})


def png_bytes(fig) -> bytes:
    """The figure as a palette PNG: a third of the size of matplotlib's RGBA output, same look."""
    from PIL import Image

    raw = io.BytesIO()
    fig.savefig(raw, format="png", bbox_inches="tight", pad_inches=0.15, facecolor="white")
    image = Image.open(raw).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def show_table(table, precision: int = 1, links: dict[str, str] | None = None, index: bool = False,
               number_format: str | None = None) -> None:
    """Display a table; missing cells as '–'; every cell and header escaped (text from data is never markup).

    ``links`` maps a column to the column holding its http(s) URL: the cell becomes a link.
    ``number_format`` (e.g. ``"{:.0%}"``) replaces ``precision`` for numbers.
    """
    from IPython.display import display

    links = links or {}
    shown = table.copy()
    for label, url_column in links.items():
        shown[label] = [_link(text, url) for text, url in zip(table[label], table[url_column])]
    shown = shown.drop(columns=[c for c in set(links.values()) if c not in links])
    plain = [c for c in shown.columns if c not in links]
    styler = shown.style.format(number_format, precision=precision, na_rep="–", escape="html", subset=plain)
    styler = styler.format_index(escape="html", axis=1).format_index(escape="html", axis=0)
    display(styler if index else styler.hide(axis="index"))


def _link(label, url) -> str:
    label = html.escape(str(label))
    url = str(url)
    if not url.startswith(("https://", "http://")):
        return label  # no javascript: or data: links from a table's contents
    return f'<a href="{html.escape(url)}">{label}</a>'
