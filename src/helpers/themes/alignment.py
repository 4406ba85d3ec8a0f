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
from helpers.present import text
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

def unga_rows(country: str, end_year: int | None = None, base_year: int = BASE_YEAR) -> list[dict]:
    """Agreement with the US, Russia and China in the latest session, and the change since ``base_year``."""
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
        change = value - base
        rows.append(findings.headline(THEME, f"unga_{power}_change", "UN votes", f"Change in agreement with {who} since {base_year}",
                         change, findings.points(change), "percentage points", year, [AGREEMENT],
                         f"{findings.percent(base)} in {base_year}", base_year=base_year, partner=power))
    return rows


def headlines(country: str, start_year: int | None = None, end_year: int | None = None) -> pd.DataFrame:
    """Agreement with each power in the latest session and its change since :data:`BASE_YEAR`."""
    return findings.table(unga_rows(country, end_year))
