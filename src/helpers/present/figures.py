"""A figure or table together with the table that drew it, shown with its data attached.

Theme modules build a :class:`Figure` (the drawn matplotlib figure, its tidy
data, the finding as title, alt text and the dataset ids) and notebooks show it
with :func:`show`. The output carries, beside the PNG, a
:data:`FIGURE_DATA_MIME` bundle holding the same table as CSV; the report
writer turns that into the figure's downloadable data. Because the CSV is
written from ``Figure.data``, the table the drawing code read, a figure and its
data cannot disagree. :func:`show_table` does the same for tables.

Tidy figure data (:data:`DATA_COLUMNS`): one row per country x year x series,
with ``value`` (NaN where the source reports nothing: missing stays missing)
and ``unit``; further columns (a status, a flag) may follow.
"""

from __future__ import annotations

import base64
import html
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

import matplotlib.pyplot as plt
import pandas as pd

from helpers.data.countries import name
from helpers.present import FIGURE_DATA_MIME, plots

DATA_COLUMNS = ("country", "year", "series", "value", "unit")
FIGURE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def tidy(table: pd.DataFrame, series: str, unit: str) -> pd.DataFrame:
    """A year x country table as tidy rows (every cell a row, NaN kept as a missing value)."""
    long = table.rename_axis(index="year", columns="country").stack(future_stack=True).rename("value").reset_index()
    long = long.assign(series=series, unit=unit)
    return long[list(DATA_COLUMNS)].astype({"value": "float64"})


def wide(data: pd.DataFrame, series: str | None = None) -> pd.DataFrame:
    """The year x country table of one series of tidy data (countries in their first-seen order)."""
    rows = data if series is None else data[data["series"] == series]
    order = list(dict.fromkeys(rows["country"]))
    return rows.pivot_table(index="year", columns="country", values="value", aggfunc="first",
                            dropna=False).reindex(columns=order)


def _check_id(figure_id: str) -> str:
    if not FIGURE_ID.fullmatch(figure_id or ""):
        raise ValueError(f"figure id {figure_id!r} must be lower-case words joined by '-', e.g. 'gas-exports'")
    return figure_id


def _check_data(data: pd.DataFrame, figure_id: str) -> pd.DataFrame:
    missing = [c for c in DATA_COLUMNS if c not in data.columns]
    if missing:
        raise ValueError(f"figure '{figure_id}': its data has no column(s) {missing}; "
                         f"build it with figures.tidy() or give {list(DATA_COLUMNS)}")
    return data


@dataclass(frozen=True)
class Figure:
    """A drawn figure, the tidy table it was drawn from, and what a reader needs around it."""

    id: str                     # unique within a report: names the data file, e.g. 'gas-exports'
    fig: plt.Figure
    data: pd.DataFrame          # tidy (DATA_COLUMNS first); the table the drawing read
    title: str                  # the finding
    alt: str                    # what the figure shows, for readers who cannot see it
    sources: tuple[str, ...]    # dataset ids
    note: str | None = None     # printed after the source line
    credit: str | None = None   # data not in the catalog (a user's own file)

    def __post_init__(self):
        _check_id(self.id)
        _check_data(self.data, self.id)
        object.__setattr__(self, "sources", tuple(self.sources))


def data_csv(data: pd.DataFrame) -> str:
    """The table as CSV text, with a ``country_name`` column after ``country`` when there is one."""
    table = data.copy()
    if "country" in table.columns and "country_name" not in table.columns:
        table.insert(table.columns.get_loc("country") + 1, "country_name",
                     [name(c) if isinstance(c, str) and c else "" for c in table["country"]])
    if "year" in table.columns and pd.api.types.is_numeric_dtype(table["year"]):
        table["year"] = table["year"].astype("Int64")  # 2024, not 2024.0; labels such as 'FY2000–FY2021' stay
    return table.to_csv(index=False, lineterminator="\n")


def _bundle(kind: str, figure_id: str, title: str, sources, data: pd.DataFrame, note: str | None,
            credit: str | None) -> dict:
    return {"id": _check_id(figure_id), "kind": kind, "title": title, "sources": list(dict.fromkeys(sources)),
            "note": note or "", "credit": credit or "", "csv": data_csv(data)}


def show(figure: Figure | None) -> None:
    """Finish and display a figure: finding as title, source line, alt text, its data attached.

    ``None`` shows nothing (a theme returns None when the data hold nothing to draw, and
    says so in its sentence). The alt text opens with the title, so a reader who cannot see
    the image gets the finding too. '$' in title and notes is text, not maths.
    """
    if figure is None:
        return
    from IPython.display import display

    fig = figure.fig
    fig.suptitle(textwrap.fill(figure.title, 90), x=0.01, ha="left", fontsize=12.5, fontweight="bold",
                 parse_math=False)
    line = "; ".join(filter(None, [plots.credits(figure.sources), figure.credit]))
    footer = f"Source: {line}" + (f". {figure.note}" if figure.note else "")
    fig.text(0.01, -0.01, textwrap.fill(footer, 130), ha="left", va="top", fontsize=8, color="#555555",
             parse_math=False)
    png = base64.b64encode(plots.png_bytes(fig)).decode("ascii")
    plt.close(fig)
    alt = figure.alt if figure.alt.startswith(figure.title) else f"{figure.title.rstrip('.')}. {figure.alt}"
    bundle = _bundle("figure", figure.id, figure.title, figure.sources, figure.data, figure.note, figure.credit)
    # the source line is drawn on the figure; the metadata repeats it for readers and checks
    display({"image/png": png, FIGURE_DATA_MIME: bundle}, raw=True,
            metadata={"image/png": {"alt": alt, "source": footer}})


def show_table(table: pd.DataFrame, id: str, title: str = "", sources: Iterable[str] = (), precision: int = 1,
               links: dict[str, str] | None = None, index: bool = False, number_format: str | None = None,
               note: str | None = None) -> None:
    """Display a table with its data attached; missing cells as '–'; cells and headers escaped.

    ``links`` maps a column to the column holding its http(s) URL: the cell becomes a link.
    ``number_format`` (e.g. ``"{:.0%}"``) replaces ``precision`` for numbers. The attached CSV
    is ``table`` itself, unformatted (with the index when ``index`` is True).
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
    if not index:
        styler = styler.hide(axis="index")
    exported = table.reset_index() if index else table
    bundle = _bundle("table", id, title or id, sources, exported, note, None)
    display({"text/html": styler.to_html(), FIGURE_DATA_MIME: bundle}, raw=True)


def _link(label, url) -> str:
    label = html.escape(str(label))
    url = str(url)
    if not url.startswith(("https://", "http://")):
        return label  # no javascript: or data: links from a table's contents
    return f'<a href="{html.escape(url)}">{label}</a>'
