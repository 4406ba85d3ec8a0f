"""UN General Assembly alignment: agreement with the powers, ideal points, issues, the 2022 shift.

Three datasets of Bailey, Strezhnev & Voeten (parsed by :mod:`helpers.data.sources.unga`):

* :data:`AGREEMENT` (``unga_idealpoints_2024``) -- Voeten's published agreement
  scores per session to 2023. :func:`agreement` is the one call other themes
  should use for 'agreement with the US per year'.
* :data:`IDEAL` (``unga_idealpoints_2025``) -- ideal points to 2024.
* :data:`VOTES` (``unga_votes``) -- the raw roll calls to 2019, for issue areas
  and for recomputing Voeten's scores.

Years are session labels throughout: ``year = session + 1945``, the calendar
year in which the session opens in September. '2022' is the session of
September 2022 - September 2023.

How Voeten's agreement is computed. Found by recomputing it: the rule below
reproduces all 60,193 published USAgree/RUSSAgree/ChinaAgree/IndiaAgree/
BrazilAgree/IsraelAgree values of sessions 1-74 at the file's 7 significant
digits (every country in the file; tests check a sample):

1. per UNGA session, not per calendar year;
2. roll calls on which every voting member cast the same vote are left out
   (they carry no information; NVotesAll counts the same sample);
3. amendment and separate-paragraph votes (``amend == 1`` or ``para == 1``)
   are left out among the roll calls that have no important-vote code
   (``importantvote`` <NA>: the records added for sessions 52-74); in the
   older records such votes are kept, as Voeten keeps them;
4. agreement = identical votes / roll calls on which both states voted
   yes, abstain or no (absences are not in the file).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

from helpers import data
from helpers.data import countries
from helpers.data.countries import POWERS, name
from helpers.data.sources import unga
from helpers.present import charts, figures, plots, text
from helpers.themes import findings, metrics

THEME = "alignment"
BASE_YEAR = 2019  # headline changes are since the 2019 session: before COVID-19 and the 2022 invasion

AGREEMENT = "unga_idealpoints_2024"
IDEAL = "unga_idealpoints_2025"
VOTES = "unga_votes"
DATASETS: tuple[str, ...] = (AGREEMENT, IDEAL, VOTES)

PARTNERS: tuple[str, ...] = tuple(unga.AGREEMENT_COLUMNS.values())  # USA RUS CHN IND BRA ISR
ISSUES: dict[str, str] = {  # Voeten's six issue codes -> chart label (Voeten's names in helpers.data.sources.unga.ISSUES)
    "me": "Middle East (Palestinian conflict)", "nu": "Nuclear weapons", "di": "Arms control and disarmament",
    "hr": "Human rights", "co": "Colonialism", "ec": "Economic development",
}
ALL_ROLL_CALLS = "All roll calls"
SESSION_YEAR_OFFSET = unga.SESSION_YEAR_OFFSET
IDEAL_SERIES = {"fp": "ideal_point_fp", "all": "ideal_point_all", "legacy": "ideal_point_legacy"}
FIRST_SESSION = 1992  # the five joined the UN on 2 March 1992, late in session 1991; 1992 is their first full session
SHOWN_IDEAL_SERIES = "fp"  # the only series that reaches 2024; see reconcile_ideal_points

# The Ukraine shift: sessions wholly before the February 2022 invasion against those after it.
# Session 2021 (Sept 2021 - Sept 2022) spans the invasion and is reported on its own.
BEFORE_2022: tuple[int, int] = (2016, 2020)
SPANNING_SESSION = 2021
AFTER_2022: tuple[int, int] = (2022, 2023)


# --- published agreement (Voeten, to 2023) ------------------------------------------------------

def _check_partner(power: str) -> str:
    code = str(power).strip().upper()
    if code not in PARTNERS:
        raise ValueError(f"Voeten's file has agreement scores with {', '.join(PARTNERS)} only, not '{power}'")
    return code


def agreement(country: str, power: str, start_year: int | None = None,
              end_year: int | None = None) -> pd.Series:
    """Voeten's published agreement of ``country`` with ``power``, by year.

    Source: ``unga_idealpoints_2024`` (Bailey, Strezhnev & Voeten, June 2024
    release), columns USAgree / RUSSAgree / ChinaAgree / IndiaAgree /
    BrazilAgree / IsraelAgree: the share (0-1) of a session's roll calls, among
    those where both states voted yes/abstain/no, on which they voted alike.
    Index: year = session + 1945 (the year the session opens), 1946-2023.
    Only years with a score are in the Series (a session without recorded
    votes is absent, not zero). ``power`` is one of :data:`PARTNERS`.
    """
    power = _check_partner(power)
    rows = data.panel(AGREEMENT, f"agreement_{power}", [country], start_year, end_year)
    series = rows.set_index("year")["value"].sort_index()
    series.index.name = "year"
    return series.rename(f"{country}-{power}")


def agreement_table(codes: Iterable[str], power: str, start_year: int, end_year: int) -> pd.DataFrame:
    """Year x country table of Voeten's agreement with ``power`` (every year in range; NaN = no score)."""
    return data.years_table(AGREEMENT, codes, start_year, end_year, f"agreement_{_check_partner(power)}")


def coverage() -> dict[str, int]:
    """Last year (session label) of each source: 'agreement' (2024 file), 'ideal_fp',
    'ideal_all', 'ideal_legacy' (2025 file) and 'votes' (raw roll calls, by session)."""
    june, july = data.load(AGREEMENT), data.load(IDEAL)
    out = {"agreement": int(june.loc[june["indicator"] == "agreement_USA", "year"].max())}
    for key, indicator in IDEAL_SERIES.items():
        out[f"ideal_{key}"] = int(july.loc[july["indicator"] == indicator, "year"].max())
    out["votes"] = int(load_votes()["session"].max()) + SESSION_YEAR_OFFSET
    return out


def missing_years(series: pd.Series, start_year: int, end_year: int) -> list[int]:
    """Years in [start_year, end_year] with no value in ``series`` (index = year)."""
    present = set(series.dropna().index)
    return [y for y in range(start_year, end_year + 1) if y not in present]


# --- recomputation from the raw roll calls --------------------------------------------------------

def load_votes() -> pd.DataFrame:
    """The roll-call vote table of ``unga_votes`` (shape documented in :mod:`helpers.data.sources.unga`)."""
    return data.load(VOTES)


def unanimous_roll_calls(votes: pd.DataFrame) -> pd.Index:
    """rcids on which every state that voted cast the same vote."""
    kinds = votes.groupby("rcid")["vote"].nunique()
    return kinds.index[kinds == 1]


def voeten_sample(votes: pd.DataFrame) -> pd.DataFrame:
    """The votes Voeten's agreement scores count (rules 2 and 3 of the module docstring)."""
    added = votes["importantvote"].isna()
    split = (votes["amend"].fillna(0) == 1) | (votes["para"].fillna(0) == 1)
    keep = ~votes["rcid"].isin(unanimous_roll_calls(votes)) & ~(added & split)
    return votes[keep.to_numpy()]


def _pairs(votes: pd.DataFrame, country: str, power: str) -> pd.DataFrame:
    """One row per roll call both states voted on: rcid, session, issue flags, vote, vote_power."""
    mine = votes.loc[votes["country"] == country, ["rcid", "session", "vote", *ISSUES]]
    theirs = votes.loc[votes["country"] == power, ["rcid", "vote"]]
    return mine.merge(theirs, on="rcid", suffixes=("", "_power"), validate="one_to_one")


def recompute_agreement(votes: pd.DataFrame, country: str, power: str, sample: bool = True) -> pd.DataFrame:
    """Agreement of ``country`` with ``power`` per session from the raw roll calls.

    ``sample=True`` first applies :func:`voeten_sample` (pass the already
    sampled table with ``sample=False`` to save time in loops). Index: year
    (session + 1945). Columns: session, votes (roll calls both voted on),
    identical, agreement (identical / votes).
    """
    table = voeten_sample(votes) if sample else votes
    pairs = _pairs(table, country, power)
    pairs["identical"] = pairs["vote"] == pairs["vote_power"]
    out = pairs.groupby("session").agg(votes=("rcid", "size"), identical=("identical", "sum")).reset_index()
    out["agreement"] = out["identical"] / out["votes"]
    out.index = pd.Index(out["session"] + SESSION_YEAR_OFFSET, name="year")
    return out


def published_vs_recomputed(votes: pd.DataFrame, codes: Iterable[str], powers: Iterable[str] = POWERS,
                            start_year: int | None = None, end_year: int | None = None) -> pd.DataFrame:
    """Every country-power-year with both a published and a recomputed score.

    Columns: country, power, year, votes, published, recomputed, difference,
    exact (equal at the published 7 significant digits).
    """
    sampled = voeten_sample(votes)
    rows = []
    for code in codes:
        for power in powers:
            if power == code:
                continue
            mine = recompute_agreement(sampled, code, power, sample=False)
            published = agreement(code, power, start_year, end_year)
            both = mine.join(published.rename("published"), how="inner")
            if start_year is not None:
                both = both[both.index >= start_year]
            if end_year is not None:
                both = both[both.index <= end_year]
            rows.append(pd.DataFrame({"country": code, "power": power, "year": both.index,
                                      "votes": both["votes"].to_numpy(), "published": both["published"].to_numpy(),
                                      "recomputed": both["agreement"].to_numpy()}))
    out = pd.concat(rows, ignore_index=True)
    out["difference"] = out["recomputed"] - out["published"]
    out["exact"] = same_at_published_precision(out["recomputed"], out["published"])
    return out


def same_at_published_precision(recomputed, published, digits: int = 7) -> np.ndarray:
    """True where ``recomputed`` rounded to ``digits`` significant digits equals ``published``.

    Voeten's CSV prints agreement with R's default 7 significant digits
    (0.1428571, 0.08860759), so this is the 'exact' test.
    """
    rec = np.asarray(recomputed, dtype=float)
    pub = np.asarray(published, dtype=float)
    rounded = np.array([float(f"{x:.{digits}g}") if np.isfinite(x) else np.nan for x in rec])
    return rounded == pub


# --- issue areas (raw roll calls, to 2019) -----------------------------------------------------

def agreement_by_issue(votes: pd.DataFrame, country: str, powers: Iterable[str] = POWERS,
                       start_year: int | None = None, end_year: int | None = None,
                       sample: bool = True) -> pd.DataFrame:
    """Agreement with each power by issue area, pooled over the sessions in range.

    Uses the same roll calls as Voeten's scores (:func:`voeten_sample`); a
    roll call coded with several issues counts in each. Rows: the six issue
    codes of :data:`ISSUES` plus 'all' (every roll call, coded or not).
    Columns: issue, label, power, votes, identical, agreement (NaN when the
    two never both voted on the issue). ``sample=False`` when ``votes`` already is
    :func:`voeten_sample`'s output.
    """
    sampled = voeten_sample(votes) if sample else votes
    rows = []
    for power in powers:
        pairs = _pairs(sampled, country, power)
        years = pairs["session"] + SESSION_YEAR_OFFSET
        pairs = pairs[years.between(start_year or years.min(), end_year or years.max())]
        same = pairs["vote"] == pairs["vote_power"]
        for issue, label in [*ISSUES.items(), ("all", ALL_ROLL_CALLS)]:
            mask = pairs[issue] if issue != "all" else pd.Series(True, index=pairs.index)
            n, k = int(mask.sum()), int(same[mask].sum())
            rows.append({"issue": issue, "label": label, "power": power, "votes": n, "identical": k,
                         "agreement": k / n if n else math.nan})
    return pd.DataFrame(rows)


def issue_comparison(votes: pd.DataFrame, codes: Iterable[str], power: str, start_year: int | None = None,
                     end_year: int | None = None) -> pd.DataFrame:
    """Country x issue label table of agreement (0-1) with ``power`` from :func:`agreement_by_issue`."""
    sampled = voeten_sample(votes)
    rows = {code: issue_table(agreement_by_issue(sampled, code, [power], start_year, end_year, sample=False))[power]
            for code in codes}
    table = pd.DataFrame(rows).T
    table.columns.name = None
    return table


def issue_phrase(label: str) -> str:
    """A chart label as it reads inside a sentence: 'Human rights' -> 'human rights' ('Middle East ...' kept)."""
    return label if label.startswith("Middle East") else label[0].lower() + label[1:]


def in_sentence(code: str) -> str:
    """A country's name as it reads inside a sentence: 'the United States', 'Russia'."""
    return text.the(countries.name(code))


def issue_table(by_issue: pd.DataFrame) -> pd.DataFrame:
    """label x power agreement (0-1) from :func:`agreement_by_issue`, issues in :data:`ISSUES` order."""
    table = by_issue.pivot(index="label", columns="power", values="agreement")
    order = [*ISSUES.values(), ALL_ROLL_CALLS]
    return table.reindex(index=order, columns=list(dict.fromkeys(by_issue["power"])))


# --- the 2022 shift ---------------------------------------------------------------------------

def shift(codes: Iterable[str], powers: Iterable[str] = ("USA", "RUS", "CHN"),
          before: tuple[int, int] = BEFORE_2022, after: tuple[int, int] = AFTER_2022) -> pd.DataFrame:
    """Change in Voeten's agreement from the sessions ``before`` to the sessions ``after``.

    ``before`` and ``after`` are inclusive year (session) ranges; each side is
    the plain mean of the per-session scores it has. Defaults: 2016-2020
    (sessions that closed before the February 2022 invasion) against
    2022-2023 (sessions after it); the 2021 session, which spans the invasion,
    is in neither. Columns: country, power, before, after, change (after -
    before, in share points; multiply by 100 for percentage points),
    before_sessions, after_sessions, spanning (the 2021 score).
    """
    rows = []
    for code in codes:
        for power in powers:
            if power == code:
                continue
            series = agreement(code, power, before[0], after[1])
            pre = series[(series.index >= before[0]) & (series.index <= before[1])]
            post = series[(series.index >= after[0]) & (series.index <= after[1])]
            rows.append({"country": code, "power": power,
                         "before": pre.mean() if len(pre) else math.nan,
                         "after": post.mean() if len(post) else math.nan,
                         "before_sessions": len(pre), "after_sessions": len(post),
                         "spanning": float(series.get(SPANNING_SESSION, math.nan))})
    out = pd.DataFrame(rows)
    out["change"] = out["after"] - out["before"]
    return out[["country", "power", "before", "after", "change", "before_sessions", "after_sessions", "spanning"]]


# --- ideal points ---------------------------------------------------------------------------------

def ideal_points(codes: Iterable[str], series: str = SHOWN_IDEAL_SERIES, start_year: int | None = None,
                 end_year: int | None = None) -> pd.DataFrame:
    """Year x country ideal points from ``unga_idealpoints_2025``.

    ``series``: 'fp' (final-passage votes, to 2024; the one shown),
    'all' (all votes, to 2023) or 'legacy' (= the June 2024 file's
    IdealPointAll, to 2023). Years in range without an estimate are NaN.
    """
    codes = list(codes)
    table = data.wide(IDEAL, IDEAL_SERIES[series], codes, start_year, end_year)
    if start_year is not None and end_year is not None:
        table = table.reindex(index=range(start_year, end_year + 1))
    return table.reindex(columns=codes)


def ideal_pairs(codes: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per country-year in either ideal-point file (all countries unless ``codes``).

    Columns: country, year, june_all (2024 file IdealPointAll), june_votes
    (NVotesAll), legacy, legacy_votes, all, fp (2025 file); NaN where a
    series has no estimate.
    """
    june, july = data.load(AGREEMENT), data.load(IDEAL)
    if codes is not None:
        codes = list(codes)
        june, july = june[june["country"].isin(codes)], july[july["country"].isin(codes)]

    def series(frame, indicator):
        return frame[frame["indicator"] == indicator].set_index(["country", "year"])["value"]

    table = pd.concat({
        "june_all": series(june, "ideal_point_all"), "june_votes": series(june, "votes_all"),
        "legacy": series(july, "ideal_point_legacy"), "legacy_votes": series(july, "votes_legacy"),
        "all": series(july, "ideal_point_all"), "fp": series(july, "ideal_point_fp"),
    }, axis=1)
    return table.sort_index().reset_index()


def reconcile_ideal_points(codes: Iterable[str] | None = None) -> dict:
    """How the June 2024 and July 2025 ideal-point files relate (all countries unless ``codes``).

    Returns a dict: ``june_rows`` and ``legacy_rows`` (country-years with an
    estimate), ``pairs`` (country-years in both), ``legacy_max_abs_difference``
    (|2025 legacy - 2024 IdealPointAll| over the pairs: float32 rounding),
    ``votes_identical`` (share of pairs with nvotesLegacy == NVotesAll),
    ``last_year`` per series, ``corr`` (Pearson r between the FP, All and
    legacy series over the ``trio_rows`` country-years all three have), and
    ``fp_minus_legacy_mean`` / ``fp_minus_legacy_sd`` (the gap between the
    FP and the legacy estimate of the same country-year).
    """
    table = ideal_pairs(codes)
    both = table.dropna(subset=["june_all", "legacy"])
    votes = table.dropna(subset=["june_votes", "legacy_votes"])
    trio = table.dropna(subset=["fp", "all", "legacy"])
    gap = trio["fp"] - trio["legacy"]
    last = {key: int(table.loc[table[col].notna(), "year"].max())
            for key, col in (("june_all", "june_all"), ("legacy", "legacy"), ("all", "all"), ("fp", "fp"))}
    return {
        "june_rows": int(table["june_all"].notna().sum()),
        "legacy_rows": int(table["legacy"].notna().sum()),
        "pairs": len(both),
        "legacy_max_abs_difference": float((both["legacy"] - both["june_all"]).abs().max()),
        "votes_identical": float((votes["june_votes"] == votes["legacy_votes"]).mean()),
        "last_year": last,
        "corr": trio[["fp", "all", "legacy"]].corr(),
        "trio_rows": len(trio),
        "fp_minus_legacy_mean": float(gap.mean()),
        "fp_minus_legacy_sd": float(gap.std()),
    }


def distances(country: str, powers: Iterable[str] = ("USA", "RUS", "CHN"), series: str = SHOWN_IDEAL_SERIES,
              start_year: int | None = None, end_year: int | None = None) -> pd.DataFrame:
    """Year x power absolute ideal-point distance between ``country`` and each power (NaN if either is missing)."""
    powers = list(powers)
    table = ideal_points([country, *powers], series, start_year, end_year)
    return pd.DataFrame({p: (table[country] - table[p]).abs() for p in powers})


def closest_power(distance_row: pd.Series) -> str | None:
    """The power with the smallest distance in one year's row (None if all are NaN)."""
    present = distance_row.dropna()
    return None if present.empty else str(present.idxmin())


def rank_among(values: pd.Series, code: str, ascending: bool = False) -> int | None:
    """1-based rank of ``code`` in ``values`` (largest first unless ``ascending``); None if missing."""
    present = values.dropna()
    if code not in present.index:
        return None
    return int(present.rank(ascending=ascending, method="min")[code])


# --- headline numbers (the brief, comparison and claims pages read these) ---------------------

def as_shown(percent: float) -> float:
    """A percentage rounded as :func:`helpers.themes.findings.percent` prints it (two digits below 1%, else one)."""
    return round(percent, 2 if abs(percent) < 1 else 1)


def unga_rows(country: str, end_year: int | None = None, base_year: int = BASE_YEAR) -> list[dict]:
    """Agreement with the US, Russia and China in the latest session, and the change since ``base_year``
    (the difference of the two values as printed, so '82.0% in 2019' and '74.4%' give '−7.6 points')."""
    rows = []
    unit = "% of UNGA roll calls voted alike"
    for power in POWERS:
        series = agreement(country, power, None, end_year) * 100
        year, value = metrics.latest(series)
        who = in_sentence(power)
        if year is None:
            reason = f"Voeten's UNGA file has no agreement score for {name(country)}"
            rows.append(findings.not_reported(THEME, f"unga_{power}", "UN votes", f"Agreement with {who}", unit, [AGREEMENT], reason, power))
            rows.append(findings.not_reported(THEME, f"unga_{power}_change", "UN votes", f"Change in agreement with {who} since {base_year}",
                                 "percentage points", [AGREEMENT], reason, power))
            continue
        rows.append(findings.headline(THEME, f"unga_{power}", "UN votes", f"Agreement with {who}", value, findings.percent(value), unit, year, [AGREEMENT],
                         "session that opened in September of the year", partner=power))
        base = metrics.value_in(series, base_year)
        if findings.is_missing(base) or year <= base_year:
            rows.append(findings.not_reported(THEME, f"unga_{power}_change", "UN votes", f"Change in agreement with {who} since {base_year}",
                                 "percentage points", [AGREEMENT], f"no score for the {base_year} session"
                                 if findings.is_missing(base) else f"the latest session is not after {base_year}", power))
            continue
        change = as_shown(value) - as_shown(base)  # the change the two printed values show
        rows.append(findings.headline(THEME, f"unga_{power}_change", "UN votes", f"Change in agreement with {who} since {base_year}",
                         change, findings.points(change), "percentage points", year, [AGREEMENT],
                         f"{findings.percent(base)} in {base_year}", base_year=base_year, partner=power))
    return rows


def headlines(country: str, start_year: int | None = None, end_year: int | None = None) -> pd.DataFrame:
    """Agreement with each power in the latest session and its change since :data:`BASE_YEAR`."""
    return findings.table(unga_rows(country, end_year))


# --- the notebook's figures and sentences -------------------------------------------------------

AGREEMENT_UNIT = "% of roll calls voted alike"
IDEAL_UNIT = "Ideal point (FP series; higher = closer to the US)"
RELEASE_SERIES = {"june_all": "June 2024 file: IdealPointAll", "legacy": "July 2025 file: legacy",
                  "fp": "July 2025 file: FP"}


def _span(first: int, last: int, dash: str = "–") -> str:
    """'1992–2019', or '2019' when the two years are the same."""
    return str(first) if first == last else f"{first}{dash}{last}"


def _names(codes: Iterable[str]) -> str:
    return ", ".join(countries.name(c) for c in codes)


def _pair(data: pd.DataFrame, country: str, power: str, column: str = "value") -> pd.Series:
    """One country's values with one power from tidy data with a ``power`` column, by year."""
    rows = data[(data["country"] == country) & (data["power"] == power)]
    return rows.set_index("year")[column]


def coverage_gap_text(cover: dict[str, int], end_year: int) -> str:
    """The note on the years after each source's end ('' when the range ends within all of them)."""
    if end_year <= cover["agreement"]:
        return ""
    return (f"> **Data gap.** No agreement scores exist here after the {cover['agreement']} session, and the individual roll "
            f"calls end with the {cover['votes']} session; only the ideal points reach {cover['ideal_fp']}. Years after each "
            "source's end are left blank, not filled.")


def agreement_data(codes: Iterable[str], start_year: int, end_year: int) -> pd.DataFrame:
    """Tidy agreement (%) of each state with each power (column ``power``), every session in range up to
    the last one Voeten's file has; NaN where a session has no score."""
    codes = list(codes)
    end = min(end_year, findings.last_year(AGREEMENT, "agreement_USA"))
    parts = [figures.tidy(agreement_table(codes, p, start_year, end) * 100, f"Agreement with {in_sentence(p)}",
                          AGREEMENT_UNIT).assign(power=p) for p in POWERS]
    return pd.concat(parts, ignore_index=True)


def _latest_agreement(data: pd.DataFrame, country: str) -> tuple[int | None, dict[str, float]]:
    """The country's last session with a score (with the US) and its agreement (%) with each power then."""
    year, _ = metrics.latest(_pair(data, country, "USA"))
    return year, {p: metrics.value_in(_pair(data, country, p), year) for p in POWERS} if year else {}


def agreement_figure(data: pd.DataFrame, country: str) -> figures.Figure | None:
    """Three panels of agreement with the United States, Russia and China; None when the country has no score."""
    year, latest = _latest_agreement(data, country)
    if year is None:
        return None
    fig, axes = charts.lines(data, focus=country, ncols=3, figsize=(12, 4.0), legend="figure", sharey=True)
    for ax in axes.flat[1:]:
        ax.set_ylabel("")
    axes.flat[0].set_ylim(0, 100)
    order = sorted(POWERS, key=latest.get, reverse=True)
    said = [f"like {in_sentence(p)} on {findings.percent(latest[p], 0)}" for p in order]
    codes = list(dict.fromkeys(data["country"]))
    years = data["year"]
    return figures.Figure(
        "agreement-with-powers", fig, data,
        f"In {year} {name(country)} voted {said[0]} of roll calls, {said[1]} and {said[2]}",
        f"Three line charts of UNGA voting agreement (% of roll calls voted alike) with the United States, Russia and "
        f"China, {_span(int(years.min()), int(years.max()), '-')}, for {_names(codes)}. {name(country)} in {year}: "
        + ", ".join(f"{name(p)} {findings.percent(latest[p], 0)}" for p in POWERS) + ".",
        (AGREEMENT,), note=plots.MISSING_NOTE)


def agreement_text(data: pd.DataFrame, country: str, start_year: int, end_year: int) -> str:
    """Mean and latest agreement with each power, the rank among the states compared, and the sessions missing."""
    who = name(country)
    year, latest = _latest_agreement(data, country)
    if year is None:
        last = findings.last_year(AGREEMENT, "agreement_USA")
        reason = (f"its file ends with the {last} session" if start_year > last
                  else f"none in {_span(start_year, min(end_year, last))}")
        return text.missing("agreement scores", who, "Voeten's UNGA data", reason)
    us = _pair(data, country, "USA")
    first = int(us.first_valid_index())
    bold = {p: findings.percent(latest[p], 0) for p in POWERS}
    out = ""
    if first < year:
        means = {p: findings.percent(metrics.mean_in(_pair(data, country, p), first, year), 0) for p in POWERS}
        out = (f"Over {first}–{year} {who} voted with **China on {means['CHN']}**, with **Russia on {means['RUS']}** "
               f"and with **the United States on {means['USA']}** of roll calls on average (mean of the session scores). ")
    us_latest = data[(data["power"] == "USA") & (data["year"] == year)].set_index("country")["value"]
    out += (f"In {year} the shares were China **{bold['CHN']}**, Russia **{bold['RUS']}** and the United States "
            f"**{bold['USA']}**; its agreement with the US ranks {rank_among(us_latest, country)} of the "
            f"{int(us_latest.notna().sum())} states compared (1 = closest to Washington).")
    first_year, last_year = max(int(data["year"].min()), FIRST_SESSION), int(data["year"].max())
    gaps = missing_years(us, first_year, last_year)
    if gaps:
        out += (f"\n\n**Missing sessions.** Voeten's file has no score for {who} in {text.year_ranges(gaps)}: no votes of "
                f"{who} are recorded in those sessions. The lines have gaps there; nothing is filled in.")
    else:
        out += f"\n\nVoeten's file has a score for {who} in every session from {first_year} to {last_year}."
    peer_gaps = {c: missing_years(_pair(data, c, "USA"), first_year, last_year)
                 for c in dict.fromkeys(data["country"]) if c != country}
    peer_gaps = {c: g for c, g in peer_gaps.items() if g}
    if peer_gaps:
        out += ("\n\nSessions without a score for the comparison states: "
                + "; ".join(f"{name(c)} {text.year_ranges(g)}" for c, g in peer_gaps.items()) + ".")
    return out


def ideal_data(codes: Iterable[str], start_year: int, end_year: int) -> pd.DataFrame:
    """Tidy FP ideal points of the states and of the three powers, every year in range up to the file's last."""
    end = min(end_year, findings.last_year(IDEAL, IDEAL_SERIES[SHOWN_IDEAL_SERIES]))
    table = ideal_points([*codes, *POWERS], SHOWN_IDEAL_SERIES, start_year, end)
    return figures.tidy(table, "Ideal point", IDEAL_UNIT)


def _distances(ideal: pd.DataFrame, country: str) -> pd.DataFrame:
    """Year x power distance from ``country``, years where all are missing dropped."""
    table = figures.wide(ideal)
    if country not in table:
        return pd.DataFrame(columns=list(POWERS))
    return pd.DataFrame({p: (table[country] - table[p]).abs() for p in POWERS}).dropna(how="all")


def ideal_figure(ideal: pd.DataFrame, country: str) -> figures.Figure | None:
    """The states' ideal points as lines, the powers dashed; None when the country has none in range."""
    dist = _distances(ideal, country)
    if dist.empty:
        return None
    table = figures.wide(ideal)
    year = int(dist.index.max())
    near = closest_power(dist.loc[year])
    codes = [c for c in table.columns if c not in POWERS]
    fig, ax = plots.new_figure(figsize=(9.5, 4.8))
    plots.plot_lines(ax, table[codes], focus=country, unit=IDEAL_UNIT)
    for p in POWERS:
        ax.plot(table.index, table[p], linestyle="--", linewidth=2.2, color=plots.colour(p), label=name(p))
    fig.legend(*ax.get_legend_handles_labels(), loc="outside right center", fontsize=8)
    point = metrics.value_in(table[country], year)
    us = f"{text.num(dist.loc[year, 'USA'], 2)} from that of the United States"
    lies = (f"{us}, the nearest power" if near == "USA"
            else f"{text.num(dist.loc[year, near], 2)} from {name(near)}'s and {us}")
    return figures.Figure(
        "ideal-points", fig, ideal, f"In {year} {name(country)}'s ideal point ({text.num(point, 2)}) lies {lies}",
        f"Line chart of UNGA ideal points (final-passage series), {_span(int(table.index.min()), int(table.index.max()), '-')}, "
        f"for {_names(table.columns)}. In {year} {name(country)} is at {text.num(point, 2)}; "
        + ", ".join(f"{name(p)} {text.num(metrics.value_in(table[p], year), 2)}" for p in POWERS) + ".",
        (IDEAL,), note="July 2025 release, final-passage votes. Dashed: the three powers. " + plots.MISSING_NOTE)


def ideal_text(ideal: pd.DataFrame, country: str, start_year: int, end_year: int) -> str:
    """Distances to each power in the last year, the nearest power in the first, the 2016-2020 means and who moved."""
    who = name(country)
    dist = _distances(ideal, country)
    if dist.empty:
        last = findings.last_year(IDEAL, IDEAL_SERIES[SHOWN_IDEAL_SERIES])
        reason = (f"its file ends with {last}" if start_year > last else f"none in {_span(start_year, min(end_year, last))}")
        return text.missing("ideal point", who, "Voeten's UNGA data", reason)
    table = figures.wide(ideal)
    year, first = int(dist.index.max()), int(dist.index.min())
    near = closest_power(dist.loc[year])
    out = (f"In {year} the distance from {who} to **{name(near)}** is **{text.num(dist.loc[year, near], 2)}**, to "
           + " and to ".join(f"{in_sentence(p)} {text.num(dist.loc[year, p], 2)}" for p in POWERS if p != near) + ".")
    if first < year:
        near_first = closest_power(dist.loc[first])
        out += f" In {first} the nearest power was {name(near_first)} ({text.num(dist.loc[first, near_first], 2)})."
    b0, b1 = BEFORE_2022
    before = {p: metrics.mean_in(dist[p], b0, b1) for p in POWERS}
    if year > b1 and all(not math.isnan(v) for v in before.values()):
        moved = {c: metrics.value_in(table[c], year) - metrics.mean_in(table[c], b0, b1) for c in [country, *POWERS]}
        out += (f" Over {b0}–{b1} the mean distance was {text.num(before['RUS'], 2)} to Russia and "
                f"{text.num(before['CHN'], 2)} to China, against {text.num(before['USA'], 2)} to the United States. "
                f"Who moved: between the {b0}–{b1} mean and {year}, {who}'s own ideal point changed by "
                f"{text.signed(moved[country])}, Russia's by {text.signed(moved['RUS'])}, China's by "
                f"{text.signed(moved['CHN'])} and the United States' by {text.signed(moved['USA'])}.")
    gaps = missing_years(table[country], max(int(table.index.min()), FIRST_SESSION), int(table.index.max()))
    if gaps:
        out += f"\n\n**Missing years.** No ideal point for {who} in {text.year_ranges(gaps)} (no recorded votes)."
    return out


def release_data() -> pd.DataFrame:
    """Tidy ideal points of every country-year in the June 2024 file and the 2025 legacy and FP series."""
    pairs = ideal_pairs().melt(id_vars=["country", "year"], value_vars=list(RELEASE_SERIES), var_name="series")
    pairs["series"] = pairs["series"].map(RELEASE_SERIES)
    return pairs.assign(unit="ideal point")[list(figures.DATA_COLUMNS)]


def releases_figure(releases: pd.DataFrame, country: str, rec: dict) -> figures.Figure:
    """Two scatter plots: 2025 legacy against June 2024, and FP against legacy; ``rec`` from :func:`reconcile_ideal_points`."""
    pairs = releases.pivot_table(index=["country", "year"], columns="series", values="value").reset_index()
    own = pairs[pairs["country"] == country]
    fig, axes = plots.new_figure(1, 2, figsize=(10, 4.2))
    june, legacy, fp = RELEASE_SERIES.values()
    for ax, (x, y, x_label) in zip(axes, ((june, legacy, june), (legacy, fp, "July 2025 file: legacy (= June 2024 All)"))):
        ax.scatter(pairs[x], pairs[y], s=3, color="#bbbbbb", label="all countries, all years", rasterized=True)
        ax.scatter(own[x], own[y], s=12, color=plots.colour(country), label=name(country))
        ax.axline((0, 0), slope=1, color="#333333", linewidth=0.8, linestyle="--")
        ax.set_xlabel(x_label)
        ax.set_ylabel(y)
    axes[0].legend(loc="upper left", fontsize=8)
    r = text.num(rec["corr"].loc["fp", "legacy"], 3)
    return figures.Figure(
        "ideal-point-releases", fig, releases,
        f"The 2025 'legacy' series is the 2024 series (largest difference {rec['legacy_max_abs_difference']:.1g}); "
        f"the FP series shown above tracks it at r = {r}",
        f"Two scatter plots. Left: the July 2025 legacy ideal point against the June 2024 IdealPointAll for "
        f"{rec['pairs']:,} country-years, all on the diagonal. Right: the 2025 final-passage ideal point against the "
        f"legacy one, correlation {r}; {name(country)}'s points highlighted.",
        (AGREEMENT, IDEAL), note="Dashed line: equality. Each dot is one country in one session.")


def releases_text(rec: dict, own: dict, country: str) -> str:
    """How the series relate (``rec``: all countries, ``own``: the country alone) and why FP is shown."""
    return f"""* **Legacy = June 2024.** For all **{rec['pairs']:,}** country-years the 2025 *legacy* series equals the 2024 file's
  IdealPointAll to within {rec['legacy_max_abs_difference']:.1g} (the 2025 file stores 32-bit floats), and its vote counts
  are identical in {text.pct(rec['votes_identical'])} of them. It ends in {rec['last_year']['legacy']}, like the 2024 file.
* **All and FP are new estimates.** Over the {rec['trio_rows']:,} country-years all three series have, FP correlates with
  legacy at r = {text.num(rec['corr'].loc['fp', 'legacy'], 3)} and with the re-estimated All at
  r = {text.num(rec['corr'].loc['fp', 'all'], 3)}; FP minus legacy averages {text.num(rec['fp_minus_legacy_mean'], 3)} with a
  spread (s.d.) of {text.num(rec['fp_minus_legacy_sd'], 2)}, so single-year differences are visible. For {name(country)} alone the
  FP–legacy correlation is {text.num(own['corr'].loc['fp', 'legacy'], 3)}.
* **Shown here: FP**, because it is the only series with {rec['last_year']['fp']} and it is one consistent estimation over
  all years. The series are never mixed in one time-series chart; the agreement scores (sections 1 and 5) come from the
  June 2024 file and do not depend on this choice."""


def issue_years(votes: pd.DataFrame, country: str, start_year: int, end_year: int) -> tuple[int, int]:
    """The sessions the issue comparison pools: from the country's first recorded vote (and 1992) to the
    last session of the roll calls; the first is after the last when the range holds none."""
    first = max(start_year, FIRST_SESSION, int(agreement(country, "USA").index.min()))
    return first, min(end_year, int(votes["session"].max()) + SESSION_YEAR_OFFSET)


def issue_data(votes: pd.DataFrame, country: str, start_year: int, end_year: int) -> pd.DataFrame:
    """Tidy agreement (%) with each power by issue (``series``), pooled over :func:`issue_years`.

    ``year`` is the last session pooled, ``first_year`` the first; ``votes`` the roll calls both voted on.
    No rows when the range holds no roll calls.
    """
    first, last = issue_years(votes, country, start_year, end_year)
    columns = [*figures.DATA_COLUMNS, "power", "votes", "first_year"]
    if first > last:
        return pd.DataFrame(columns=columns)
    by_issue = agreement_by_issue(votes, country, POWERS, first, last)
    return pd.DataFrame({"country": country, "year": last, "series": by_issue["label"],
                         "value": by_issue["agreement"] * 100, "unit": AGREEMENT_UNIT, "power": by_issue["power"],
                         "votes": by_issue["votes"], "first_year": first})[columns]


def _issue_table(issues: pd.DataFrame, column: str = "value") -> pd.DataFrame:
    """Issue label x power, issues in :data:`ISSUES` order."""
    table = issues.pivot(index="series", columns="power", values=column)
    return table.reindex(index=[*ISSUES.values(), ALL_ROLL_CALLS], columns=list(POWERS))


def issue_figure(issues: pd.DataFrame, country: str) -> figures.Figure | None:
    """Grouped bars of agreement with each power by issue; None without roll calls in range."""
    if issues.empty:
        return None
    table, counts = _issue_table(issues), _issue_table(issues, "votes")
    first, last = int(issues["first_year"].iloc[0]), int(issues["year"].iloc[0])
    fig, ax = plots.new_figure(figsize=(9.5, 5.2))
    ypos = np.arange(len(table))
    for i, p in enumerate(POWERS):
        offset = (i - 1) * 0.27
        ax.barh(ypos + offset, table[p].fillna(0), height=0.26, color=plots.colour(p), label=name(p))
        for y, v in zip(ypos + offset, table[p]):
            ax.text((0 if math.isnan(v) else v) + 0.8, y, "no shared votes" if math.isnan(v) else f"{v:.0f}%",
                    va="center", fontsize=7.5)
    ax.set_yticks(ypos, [f"{label} ({int(counts.loc[label].max())})" for label in table.index])
    ax.invert_yaxis()
    ax.set_xlim(0, 110)
    ax.set_xlabel(f"% of roll calls voted alike, sessions {_span(first, last)}")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right", fontsize=8)
    only = table.drop(index=ALL_ROLL_CALLS)
    low, high = only["USA"].idxmin(), only["USA"].idxmax()
    return figures.Figure(
        "agreement-by-issue", fig, issues,
        f"{name(country)} voted with the US on only {findings.percent(only.loc[low, 'USA'], 0)} of roll calls on "
        f"{issue_phrase(low)} and at most on {findings.percent(only.loc[high, 'USA'], 0)} ({issue_phrase(high)}), "
        f"{_span(first, last)}",
        f"Grouped bar chart of {name(country)}'s agreement with the United States, Russia and China by issue area, "
        f"sessions {_span(first, last, '-')}: " + "; ".join(
            f"{label}: " + ", ".join(f"{name(p)} {findings.percent(table.loc[label, p], 0)}" for p in POWERS)
            for label in table.index) + ".",
        (VOTES,), note="In brackets: the roll calls on the issue of the power with the most shared votes. "
                       "Same vote sample as Voeten's published scores.")


def issue_text(issues: pd.DataFrame, country: str, votes_end: int) -> str:
    """Agreement with each power over all roll calls (each pair's own count) and the issues that stand out."""
    who = name(country)
    if issues.empty:
        return text.missing("individual roll calls", who, "The unvotes file", f"it ends with the {votes_end} session")
    table, counts = _issue_table(issues), _issue_table(issues, "votes")
    first, last = int(issues["first_year"].iloc[0]), int(issues["year"].iloc[0])
    only = table.drop(index=ALL_ROLL_CALLS)
    pct = lambda v: findings.percent(v, 0)
    overall = [f"{label} on {pct(table.loc[ALL_ROLL_CALLS, p])} ({int(counts.loc[ALL_ROLL_CALLS, p]):,} roll calls)"
               for p, label in (("CHN", "China"), ("RUS", "Russia"), ("USA", "the US"))]
    gap = only[["RUS", "CHN"]].max(axis=1) - only["USA"]
    widest, high = gap.idxmax(), only["USA"].idxmax()
    return (f"Of the roll calls in {_span(first, last)} on which both voted, {who} voted with {overall[0]}, "
            f"{overall[1]} and {overall[2]}. The widest gap between the US and the closer of Russia and China is on "
            f"**{issue_phrase(widest)}** ({pct(only.loc[widest, 'USA'])} with the US against "
            f"{pct(only.loc[widest, ['RUS', 'CHN']].max())}). The US gets most agreement on **{issue_phrase(high)}** "
            f"({pct(only.loc[high, 'USA'])}); Russia least on **{issue_phrase(only['RUS'].idxmin())}** "
            f"({pct(only['RUS'].min())}), China least on **{issue_phrase(only['CHN'].idxmin())}** "
            f"({pct(only['CHN'].min())}).")


def issue_tables(votes: pd.DataFrame, codes: Iterable[str], country: str, start_year: int,
                 end_year: int) -> list[tuple[str, str, pd.DataFrame]]:
    """(id, heading, state x issue table of agreement 0-1) with the US and with Russia; none without roll calls."""
    first, last = issue_years(votes, country, start_year, end_year)
    if first > last:
        return []
    out = []
    for power in ("USA", "RUS"):
        table = issue_comparison(votes, codes, power, first, last)
        table.index = [name(c) for c in table.index]
        out.append((f"issues-{power.lower()}", f"**Agreement with {in_sentence(power)} by issue, all five states, "
                                               f"{_span(first, last)}** (–: no shared votes)", table))
    return out


def _periods() -> dict[str, tuple[int, int]]:
    """The shift's three series and the (first, last) session of each."""
    (b0, b1), (a0, a1) = BEFORE_2022, AFTER_2022
    return {f"{b0}–{b1} mean": BEFORE_2022, f"{a0}–{a1} mean": AFTER_2022,
            f"{SPANNING_SESSION} session": (SPANNING_SESSION, SPANNING_SESSION)}


def shift_data(codes: Iterable[str]) -> pd.DataFrame:
    """Tidy mean agreement (%) with each power before and after the 2022 invasion, and in the session spanning it.

    ``year`` is the last session of each period, ``first_year`` its first (see :func:`shift`).
    """
    table = shift(codes, POWERS)
    rows = [{"country": r["country"], "year": last, "series": series, "value": 100 * r[column], "unit": AGREEMENT_UNIT,
             "power": r["power"], "first_year": first}
            for _, r in table.iterrows()
            for (series, (first, last)), column in zip(_periods().items(), ("before", "after", "spanning"))]
    return pd.DataFrame(rows)


def _shift_table(shifts: pd.DataFrame, power: str) -> pd.DataFrame:
    """country x [before, after, spanning] (%) with ``power``, states in first-seen order."""
    rows = shifts[shifts["power"] == power]
    table = rows.pivot(index="country", columns="series", values="value")
    table = table.reindex(index=list(dict.fromkeys(rows["country"])), columns=list(_periods()))
    table.columns = ["before", "after", "spanning"]
    return table


def _shown_change(mine: dict[str, pd.Series]) -> dict[str, float]:
    """After minus before per power, from the two means as printed (one decimal)."""
    return {p: round(row["after"], 1) - round(row["before"], 1) for p, row in mine.items()}


def _moved(change: float) -> str:
    return "did not change" if math.isnan(change) else f"{'rose' if change > 0 else 'fell'} by {text.num(abs(change), 1)} points"


def shift_figure(shifts: pd.DataFrame, country: str) -> figures.Figure:
    """Dot charts per power: each state's mean before (hollow) and after (filled) 2022, and the spanning session."""
    before, after, spanning = _periods()
    fig, axes = plots.new_figure(1, 3, figsize=(12, 3.8), sharey=True)
    for ax, p in zip(axes, POWERS):
        part = _shift_table(shifts, p)
        ypos = np.arange(len(part))
        ax.hlines(ypos, part["before"], part["after"], color=plots.colour(p), linewidth=1.5)
        ax.scatter(part["before"], ypos, s=40, facecolors="white", edgecolors=plots.colour(p), zorder=3, label=before)
        ax.scatter(part["after"], ypos, s=40, color=plots.colour(p), zorder=3, label=after)
        ax.scatter(part["spanning"], ypos, marker="|", s=120, color="#555555", zorder=3, label=spanning)
        for y, missing in enumerate(part[["before", "after"]].isna().any(axis=1)):
            if missing:
                ax.text(0, y, "  no score", va="center", fontsize=8, color="#777777")
        ax.set_yticks(ypos, [name(c) for c in part.index])
        ax.set_title(f"with {in_sentence(p)}")
        ax.set_xlabel("% of roll calls voted alike")
        ax.grid(axis="y", visible=False)
    axes[0].invert_yaxis()
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside right center", fontsize=8.5)
    mine = {p: _shift_table(shifts, p).loc[country] for p in POWERS}
    change = _shown_change(mine)
    (b0, b1), (a0, a1) = BEFORE_2022, AFTER_2022
    return figures.Figure(
        "shift-since-2022", fig, shifts,
        f"After 2022 {name(country)}'s agreement with Russia {_moved(change['RUS'])} and with the US {_moved(change['USA'])}",
        f"Dot charts of mean UNGA agreement with the United States, Russia and China before ({b0}-{b1}) and after "
        f"({a0}-{a1}) the 2022 invasion of Ukraine for {_names(dict.fromkeys(shifts['country']))}. {name(country)}: "
        + "; ".join(f"{name(p)} {findings.percent(mine[p]['before'], 0)} to {findings.percent(mine[p]['after'], 0)}"
                    for p in POWERS) + ".",
        (AGREEMENT,), note=f"Hollow: mean of sessions {b0}–{b1}; filled: mean of {a0}–{a1}; bar: the {SPANNING_SESSION} session.")


def shift_text(shifts: pd.DataFrame, country: str) -> str:
    """The country's change with Russia, the US and China, session by session around 2022, and its rank."""
    who = name(country)
    mine = {p: _shift_table(shifts, p).loc[country] for p in POWERS}
    if mine["RUS"][["before", "after"]].isna().any():
        return text.missing("agreement scores before and after 2022", who, "Voeten's UNGA data")
    (b0, b1), (a0, a1) = BEFORE_2022, AFTER_2022
    pct = lambda v: findings.percent(v, 1)
    change = _shown_change(mine)
    s21, s22 = SPANNING_SESSION, SPANNING_SESSION + 1
    rus, usa = (agreement(country, p, s21, s22) * 100 for p in ("RUS", "USA"))
    drops = _shift_table(shifts, "RUS").pipe(lambda t: t["after"] - t["before"])
    return (f"{who} voted with **Russia** on {pct(mine['RUS']['before'])} of roll calls in {b0}–{b1} (mean of sessions) "
            f"and {pct(mine['RUS']['after'])} in {a0}–{a1}: **{text.signed(change['RUS'], 1)} percentage points**. With "
            f"the **United States**: {pct(mine['USA']['before'])} to {pct(mine['USA']['after'])}, "
            f"**{text.signed(change['USA'], 1)} points**; with China {pct(mine['CHN']['before'])} to "
            f"{pct(mine['CHN']['after'])}. Session by session, agreement with Russia went from "
            f"{pct(metrics.value_in(rus, s21))} in {s21} to {pct(metrics.value_in(rus, s22))} in {s22}, and with the "
            f"US from {pct(metrics.value_in(usa, s21))} to {pct(metrics.value_in(usa, s22))}. Among the "
            f"{len(drops.dropna())} states compared, {who}'s change in agreement with Russia ranks "
            f"{rank_among(drops, country, ascending=True)} (1 = the largest fall).")


def check_data(votes: pd.DataFrame, codes: Iterable[str], start_year: int, end_year: int) -> pd.DataFrame:
    """Tidy recomputed agreement (%) for every state-power-session that also has a published score.

    Extra columns: power, published (%), difference (recomputed - published, points), exact (equal at the
    published 7 significant digits).
    """
    first, last = max(start_year, FIRST_SESSION), min(end_year, int(votes["session"].max()) + SESSION_YEAR_OFFSET)
    check = published_vs_recomputed(votes, codes, POWERS, first, last)
    return pd.DataFrame({"country": check["country"], "year": check["year"], "series": "Recomputed agreement",
                         "value": check["recomputed"] * 100, "unit": AGREEMENT_UNIT, "power": check["power"],
                         "published": check["published"] * 100, "difference": check["difference"] * 100,
                         "exact": check["exact"]})


def _check_summary(check: pd.DataFrame) -> tuple[int, int, str, str]:
    """(exact, scores, largest difference as printed, sessions)."""
    largest = check["difference"].abs().max() / 100
    return (int(check["exact"].sum()), len(check), f"{largest:.1g}",
            _span(int(check["year"].min()), int(check["year"].max())))


def check_figure(check: pd.DataFrame) -> figures.Figure | None:
    """Recomputed against published agreement, one marker per power; None when no session has both."""
    if check.empty:
        return None
    exact, n, largest, sessions = _check_summary(check)
    fig, ax = plots.new_figure(figsize=(6.5, 5))
    for p, marker in zip(POWERS, ("o", "s", "^")):
        part = check[check["power"] == p]
        ax.scatter(part["published"], part["value"], s=22, marker=marker, facecolors="none",
                   edgecolors=plots.colour(p), label=f"with {in_sentence(p)}")
    ax.axline((0, 0), slope=1, color="#333333", linewidth=0.8, linestyle="--")
    ax.set_xlabel("Published agreement, Voeten (%)")
    ax.set_ylabel("Recomputed from roll calls (%)")
    ax.legend(loc="upper left", fontsize=8)
    return figures.Figure(
        "recomputed-agreement", fig, check,
        f"{exact} of {n} agreement scores recomputed from the roll calls equal Voeten's published ones at 7 significant digits",
        f"Scatter plot of {n} agreement scores recomputed from the individual UNGA roll calls against Voeten's published "
        f"scores for {_names(dict.fromkeys(check['country']))} with the United States, Russia and China, sessions "
        f"{sessions.replace('–', '-')}. {exact} of {n} are equal at 7 significant digits; largest difference {largest}.",
        (AGREEMENT, VOTES), note=f"Five states × three powers, sessions {sessions}. Dashed line: equality.")


def check_text(check: pd.DataFrame, votes: pd.DataFrame, country: str) -> str:
    """How many recomputed scores equal the published ones, and how few would without the last two rules."""
    who = name(country)
    if check.empty:
        return text.missing("sessions with both published and recomputed agreement", who, "Voeten's UNGA data")
    exact, n, largest, _ = _check_summary(check)
    years = check["year"]
    plain = recompute_agreement(votes, country, "USA", sample=False).join(
        agreement(country, "USA", int(years.min()), int(years.max())).rename("published"), how="inner")
    plain_exact = int(same_at_published_precision(plain["agreement"], plain["published"]).sum())
    return (f"**{exact} of {n}** country–power–session scores recomputed from the individual votes equal the "
            f"published value to its 7 significant digits (largest difference {largest}). Without the last two "
            f"rules only {plain_exact} of {len(plain)} of {who}'s sessions with the US would match: the rules matter, and "
            "`helpers.themes.alignment` documents them. The test suite re-checks this.")
