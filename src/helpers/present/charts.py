"""The figure patterns every theme shares, each drawn from tidy data (see :mod:`helpers.present.figures`).

Each function takes the tidy table a :class:`~helpers.present.figures.Figure`
will carry as its data, draws only from it, and returns ``(fig, axes)`` for a
theme to add what is particular to it (a zero line, a log scale). Missing
values are never drawn as zero: lines have gaps, bars and dots a 'not
reported' mark.

* :func:`lines`: small multiples of line charts, one panel per series;
* :func:`bars`: horizontal bars, one per row, labelled, missing rows marked;
* :func:`bar_panels`: small multiples of bars, one panel per series, one bar per country;
* :func:`stacked_bars`: bars stacked by series over years, one panel per country or series;
* :func:`dots`: sparse series as dots, filled or hollow by a flag column.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Sequence

import pandas as pd

from helpers.data.countries import name
from helpers.present import figures, plots

NOT_REPORTED = "not reported"


def _grid(n: int, ncols: int | None, figsize, **kwargs):
    ncols = ncols or min(n, 3)
    nrows = math.ceil(n / ncols)
    size = figsize or ((8.0, 4.6) if n == 1 else (11.0, 3.8 * nrows))
    fig, axes = plots.new_figure(nrows, ncols, figsize=size, squeeze=False, **kwargs)
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    return fig, axes


def _unit(rows: pd.DataFrame) -> str:
    return " / ".join(dict.fromkeys(str(u) for u in rows["unit"] if isinstance(u, str) and u))


def lines(data: pd.DataFrame, focus: str | None = None, ncols: int | None = None, figsize=None,
          titles: dict[str, str] | None = None, legend: str = "first", **kwargs):
    """One panel per series (in first-seen order), one line per country; the focus country bold.

    ``titles`` renames panels (default: the series name, when there are several panels).
    ``legend``: 'first' (in the first panel), 'figure' (beside the panels) or 'none'.
    """
    series = list(dict.fromkeys(data["series"]))
    fig, axes = _grid(len(series), ncols, figsize, **kwargs)
    for ax, label in zip(axes.flat, series):
        rows = data[data["series"] == label]
        plots.plot_lines(ax, figures.wide(rows), focus=focus, unit=_unit(rows))
        if len(series) > 1 or titles:
            ax.set_title((titles or {}).get(label, label))
    first = axes.flat[0]
    if legend == "first" and first.get_legend_handles_labels()[0]:
        first.legend(loc="best", fontsize=8)
    elif legend == "figure":
        fig.legend(*first.get_legend_handles_labels(), loc="outside right center")
    return fig, axes


def bars(data: pd.DataFrame, label: Callable[[pd.Series], str] | str = "country",
         value_text: Callable[[float], str] | None = None, colours: Sequence[str] | None = None, figsize=None,
         missing_text: str = NOT_REPORTED):
    """Horizontal bars, one per row in the order given (the first on top), from a one-series table.

    ``label`` is a column (country codes become names) or a function of the row. A row
    without a value gets no bar but ``missing_text`` where the bar would start.
    """
    labels = [label(row) if callable(label) else (name(row[label]) if label == "country" else str(row[label]))
              for _, row in data.iterrows()]
    values = data["value"].astype(float)
    colours = colours or [plots.colour(c, i) for i, c in enumerate(data.get("country", [""] * len(data)))]
    fig, ax = plots.new_figure(figsize=figsize or (8.0, 0.45 * len(data) + 1.6))
    rows = range(len(data))
    ax.barh(list(rows), values.fillna(0), color=list(colours))  # no bar where missing: a mark instead
    for y, v in zip(rows, values):
        text = f"  {value_text(v)}" if value_text and not math.isnan(v) else ""
        ax.text(0 if math.isnan(v) else v, y, f"  {missing_text}" if math.isnan(v) else text, va="center",
                fontsize=8.5, color="#777777" if math.isnan(v) else "#333333")
    ax.set_yticks(list(rows), labels)
    ax.invert_yaxis()
    ax.set_xlabel(_unit(data))
    ax.grid(axis="y", visible=False)
    finite = values.dropna()
    if not finite.empty and finite.max() > 0 and value_text:
        ax.set_xlim(right=finite.max() * 1.3)  # room for the value labels
    return fig, ax


def bar_panels(data: pd.DataFrame, focus: str | None = None, label: str = "text", ncols: int | None = None,
               figsize=None, **kwargs):
    """One panel per series, one horizontal bar per country (first-seen order), each with its own scale.

    Bars are labelled with the ``label`` column and the row's ``year_label`` when there is one;
    a country without a value gets no bar but 'not reported'. The focus country's bar is darker.
    """
    series = list(dict.fromkeys(data["series"]))
    ncols = ncols or min(len(series), 3)
    fig, axes = _grid(len(series), ncols, figsize or (11.0, 2.6 * math.ceil(len(series) / ncols) + 0.6), **kwargs)
    for ax, title in zip(axes.flat, series):
        rows = data[data["series"] == title].reset_index(drop=True)
        values = rows["value"].astype(float)
        colours = [plots.colour(c, i) if c == focus else "#9aa5b1" for i, c in enumerate(rows["country"])]
        ax.barh(range(len(rows)), values.fillna(0), color=colours)
        finite = values.dropna()
        for y, (_, row) in enumerate(rows.iterrows()):
            missing = math.isnan(row["value"])
            when = f" ({row['year_label']})" if "year_label" in rows and not missing else ""
            ax.text(0 if missing or row["value"] < 0 else row["value"], y,
                    f"  {NOT_REPORTED if missing else str(row[label]) + when}", va="center", fontsize=7.5,
                    color="#777777" if missing else "#333333")
        ax.set_yticks(range(len(rows)), [name(c) for c in rows["country"]], fontsize=8)
        ax.invert_yaxis()
        ax.set_title(textwrap.fill(title, 36), fontsize=9)
        ax.set_xlabel(textwrap.fill(_unit(rows), 48), fontsize=8)
        ax.grid(axis="y", visible=False)
        if not finite.empty and finite.max() > 0:
            ax.set_xlim(min(0, finite.min() * 1.1), finite.max() * 1.8)  # room for the labels
    return fig, axes


def stacked_bars(data: pd.DataFrame, colours: dict[str, str], panel: str = "country", ncols: int | None = None,
                 figsize=None, empty_text: str = "none recorded", **kwargs):
    """Bars over years, stacked by ``series`` in the order of ``colours``; one panel per ``panel`` value.

    A panel whose values are all missing says so ('not reported'); one whose values are
    all zero says ``empty_text``. Each panel has its own vertical scale.
    """
    keys = list(dict.fromkeys(data[panel]))
    fig, axes = _grid(len(keys), ncols, figsize, **kwargs)
    for ax, key in zip(axes.flat, keys):
        rows = data[data[panel] == key]
        table = rows.pivot_table(index="year", columns="series", values="value", aggfunc="first", dropna=False)
        bottom = pd.Series(0.0, index=table.index)
        for series, colour in colours.items():
            if series in table:
                heights = table[series].fillna(0)
                ax.bar(table.index, heights, bottom=bottom, color=colour, label=series, width=0.85)
                bottom = bottom + heights
        if len(keys) > 1:
            ax.set_title(name(key) if panel == "country" else str(key))
        if rows["value"].isna().all() or bottom.max() == 0:
            ax.set_yticks([])
            ax.text(0.5, 0.5, NOT_REPORTED if rows["value"].isna().all() else empty_text, transform=ax.transAxes,
                    ha="center", va="center", fontsize=9, color="#555555")
        else:
            ax.set_ylabel(_unit(rows))
        ax.set_xlabel("Year")
    handles = axes.flat[0].get_legend_handles_labels()
    if handles[0]:
        axes.flat[0].legend(*handles, loc="upper left", fontsize=8)
    return fig, axes


def dots(data: pd.DataFrame, filled: str | None = None, focus: str | None = None, ncols: int | None = None,
         figsize=None, **kwargs):
    """Sparse series as dots (no line suggesting values between reports), one panel per series.

    ``filled`` names a boolean column: True draws a filled dot, False a hollow one (for
    example a new figure against one a compiler carried forward).
    """
    series = list(dict.fromkeys(data["series"]))
    fig, axes = _grid(len(series), ncols, figsize, **kwargs)
    for ax, label in zip(axes.flat, series):
        rows = data[(data["series"] == label) & data["value"].notna()]
        for i, (code, part) in enumerate(rows.groupby("country", sort=False)):
            colour = plots.colour(code, i)
            solid = part[filled].astype(bool) if filled else pd.Series(True, index=part.index)
            size = 42 if code == focus else 26
            ax.scatter(part.loc[solid, "year"], part.loc[solid, "value"], s=size, color=colour, label=name(code),
                       zorder=3)
            ax.scatter(part.loc[~solid, "year"], part.loc[~solid, "value"], s=size, facecolors="white",
                       edgecolors=colour, zorder=3, label=None if solid.any() else name(code))
        ax.set_ylabel(_unit(data[data["series"] == label]))
        ax.set_xlabel("Year")
        ax.xaxis.get_major_locator().set_params(integer=True)
        if len(series) > 1:
            ax.set_title(label)
    if axes.flat[0].get_legend_handles_labels()[0]:
        axes.flat[0].legend(loc="best", fontsize=8)
    return fig, axes


# --- engagement: bars grouped by a category ------------------------------------------------------

def grouped_bars(data: pd.DataFrame, x: str, group: str = "country", colours: dict[str, str] | None = None,
                 labels: Callable[[str], str] | None = None, ncols: int | None = None, figsize=None, **kwargs):
    """One panel per series; along ``x`` (labels in first-seen order) one bar per ``group`` value.

    ``labels`` turns a group value into its legend label (default: country names for
    ``group='country'``). A missing value gets no bar but a 'not reported' mark.
    """
    series = list(dict.fromkeys(data["series"]))
    keys = list(dict.fromkeys(data[group]))
    positions = {label: i for i, label in enumerate(dict.fromkeys(data[x]))}
    label_of = labels or (name if group == "country" else str)
    width = 0.8 / max(len(keys), 1)
    fig, axes = _grid(len(series), ncols, figsize, **kwargs)
    for ax, label in zip(axes.flat, series):
        rows = data[data["series"] == label]
        for i, key in enumerate(keys):
            part = rows[rows[group] == key]
            xs = [positions[v] - 0.4 + width * (i + 0.5) for v in part[x]]
            values = part["value"].astype(float)
            ax.bar(xs, values.fillna(0), width=width, label=label_of(key),
                   color=(colours or {}).get(key, plots.colour(key, i)))
            for position, value in zip(xs, values):
                if math.isnan(value):
                    ax.text(position, 0, NOT_REPORTED, rotation=90, ha="center", va="bottom", fontsize=6.5,
                            color="#777777")
        ax.set_xticks(list(positions.values()), list(positions))
        ax.set_ylabel(_unit(rows))
        ax.grid(axis="x", visible=False)
        if len(series) > 1:
            ax.set_title(label)
    if axes.flat[0].get_legend_handles_labels()[0]:
        axes.flat[0].legend(loc="best", fontsize=8)
    return fig, axes
