"""The five states side by side on the headline numbers every theme already states.

Each theme's ``headlines()`` gives one state's numbers (value, unit, year, source);
:func:`regional` stacks them for all five, :func:`table` sets them side by side
(each value with its own year, missing shown as missing) and
:func:`topic_figure` draws one topic's numbers as small multiples. Only numbers
every state's table has a row for are compared (a state's own top partner is
not), and a number is never ranked when fewer than two states report it.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from helpers.data.countries import CENTRAL_ASIA, name
from helpers.present import charts, figures, text
from helpers.themes import alignment, connectivity, economy, energy, engagement, findings, security, water

THEME = "compare"
THEMES = (economy, energy, security, connectivity, alignment, engagement, water)
ORDER_FIRST = ("KAZ", "UZB")  # the two the collection's premise puts at the centre


def states(country: str) -> list[str]:
    """The five states, the focus first, then Kazakhstan and Uzbekistan, then the rest."""
    return list(dict.fromkeys([country, *ORDER_FIRST, *CENTRAL_ASIA]))


@cache
def theme_rows(theme: str, country: str, start_year: int, end_year: int) -> pd.DataFrame:
    """One theme's headlines for one state, computed once per kernel (the comparison and the claims share them)."""
    module = next(m for m in THEMES if m.THEME == theme)
    return module.headlines(country, start_year, end_year)


def regional(country: str, start_year: int, end_year: int, themes=THEMES) -> pd.DataFrame:
    """Headline rows of every theme for all five states (a ``country`` column first), keys all share."""
    parts = [theme_rows(m.THEME, c, start_year, end_year).assign(country=c)
             for c in states(country) for m in themes]
    rows = pd.concat(parts, ignore_index=True)
    shared = rows.groupby("key")["country"].nunique()
    rows = rows[rows["key"].isin(shared[shared == len(CENTRAL_ASIA)].index)]
    return rows[["country", *findings.COLUMNS]].reset_index(drop=True)


def table(rows: pd.DataFrame) -> pd.DataFrame:
    """One line per number, one column per state: the value as printed with its year, '–' if missing."""
    shown = rows.assign(cell=[f"{t} ({y})" if not findings.is_missing(v) else "–"
                              for t, y, v in zip(rows["text"], rows["year_label"], rows["value"])])
    wide = shown.pivot_table(index=["topic", "measure", "unit"], columns="country", values="cell",
                             aggfunc="first", sort=False)
    wide = wide[list(dict.fromkeys(rows["country"]))].rename(columns=name)
    return wide.reset_index().rename(columns={"topic": "Topic", "measure": "Number", "unit": "Unit"})


def leaders(rows: pd.DataFrame) -> pd.DataFrame:
    """Per number: the state with the highest value and how many states report it (only if two or more)."""
    found = []
    for key, part in rows.groupby("key", sort=False):
        reported = part.dropna(subset=["value"])
        if len(reported) < 2:
            continue
        top = reported.loc[reported["value"].idxmax()]
        found.append({"key": key, "topic": top["topic"], "measure": top["measure"], "leader": top["country"],
                      "text": top["text"], "year_label": top["year_label"], "reporting": len(reported)})
    return pd.DataFrame(found, columns=["key", "topic", "measure", "leader", "text", "year_label", "reporting"])


def ranking_text(rows: pd.DataFrame, country: str) -> str:
    """Who has the highest value on how many numbers, and where the focus state stands."""
    top = leaders(rows)
    if top.empty:
        return "No headline number is reported by two or more of the five states, so none is ranked."
    counts = top["leader"].value_counts()
    spread = "; ".join(f"{name(c)} on {n}" for c, n in counts.items())
    own = top[top["leader"] == country]
    mine = (f" {name(country)} has the highest value on: {'; '.join(own['measure'])}."
            if not own.empty else f" {name(country)} has the highest value on none of them.")
    return (f"Of the {len(top)} headline numbers at least two states report, the highest value belongs to "
            f"{spread}.{mine} Highest is not best: it is the largest output, share or agreement score.")


def stale_text(rows: pd.DataFrame) -> str:
    """A caveat when the years of one compared number differ between states."""
    mixed = []
    for measure, part in rows.dropna(subset=["value"]).groupby("measure", sort=False):
        years = part["year"].dropna().astype(int)
        if len(years) > 1 and years.max() - years.min() >= 3:
            mixed.append(f"{measure.lower()} ({years.min()}–{years.max()})")
    if not mixed:
        return "Each compared number refers to the same or nearly the same year in every state that reports it."
    return ("The years differ by three or more between states for: " + "; ".join(mixed) +
            ". Each value carries its own year in the table; compare those with care.")


def figure_data(rows: pd.DataFrame, series: pd.Series | None = None) -> pd.DataFrame:
    """Headline rows (with a ``country`` column) as tidy figure data: series = the measure unless given,
    the printed text, year label, key, datasets and note kept."""
    return pd.DataFrame({"country": rows["country"], "year": rows["year"].astype("Float64").astype(float),
                         "series": rows["measure"] if series is None else series, "value": rows["value"].astype(float),
                         "unit": rows["unit"], "key": rows["key"], "text": rows["text"], "year_label": rows["year_label"],
                         "datasets": rows["datasets"], "note": rows["note"]}).reset_index(drop=True)


def topic_data(rows: pd.DataFrame, topic: str) -> pd.DataFrame:
    """One topic's numbers as tidy figure data."""
    return figure_data(rows[rows["topic"] == topic])


def topic_figure(rows: pd.DataFrame, topic: str, country: str) -> figures.Figure | None:
    """Small multiples of one topic: a panel per number, a bar per state, each labelled with value and year."""
    data = topic_data(rows, topic)
    if data.empty:
        return None
    fig, axes = charts.bar_panels(data, focus=country)
    top = leaders(rows[rows["topic"] == topic])
    counts = top["leader"].value_counts()
    finding = (f"{topic}: {'; '.join(f'{name(c)} highest on {n} of {len(top)}' for c, n in counts.items())}"
               if not top.empty else f"{topic}: too few states report these numbers to rank them")
    reported = data.dropna(subset=["value"])
    missing = sorted(set(data["country"]) - set(reported["country"]))
    alt = (f"Bar charts, one per number ({', '.join(dict.fromkeys(data['series']))}), each with a bar per state "
           f"({text.listing(name(c) for c in states(country))}), labelled with the value and its year."
           + (f" No values at all for {text.listing(name(c) for c in missing)}." if missing else ""))
    return figures.Figure(id=f"compare-{_slug(topic)}", fig=fig, data=data, title=finding, alt=alt,
                          sources=tuple(sources(data)), note="Each bar's label gives its own year; a missing bar is not zero.")


def topics(rows: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(rows["topic"]))


def _slug(topic: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in topic.lower()).split())


def missing_text(rows: pd.DataFrame) -> str:
    """How many of the compared numbers each state lacks."""
    gaps = rows[rows["value"].isna()].groupby("country").size()
    total = rows["key"].nunique()
    if gaps.empty:
        return f"Every state reports all {total} compared numbers."
    return ("Missing values (shown as –, never as zero): " +
            "; ".join(f"{name(c)} {n} of {total}" for c, n in gaps.items()) + ".")


def sources(rows: pd.DataFrame) -> list[str]:
    """Every dataset id behind the compared numbers, in first-seen order."""
    return list(dict.fromkeys(d for cell in rows["datasets"] for d in str(cell).split("; ") if d))
