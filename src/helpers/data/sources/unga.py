"""UN General Assembly voting data of Bailey, Strezhnev & Voeten: three datasets, one parser.

``parse`` branches on the dataset id:

``unga_idealpoints_2024`` (``IdealpointestimatesAll_Jun2024.csv``) -> panel
    One row per country and UNGA session. ``year = session + 1945``: the label
    is the calendar year in which the session opens (September), so '2022' is
    the session that ran from September 2022 to September 2023. Indicators:

    * ``agreement_USA``, ``agreement_RUS``, ``agreement_CHN``, ``agreement_IND``,
      ``agreement_BRA``, ``agreement_ISR`` -- Voeten's USAgree, RUSSAgree, ...:
      share (0-1) of the session's roll calls, among those where both states
      voted yes/abstain/no, on which the two voted identically. Russia is COW
      365, the Soviet Union's seat before 1992.
    * ``ideal_point_all`` (IdealPointAll), ``ideal_point_all_q05`` /
      ``ideal_point_all_q95`` (posterior 5% / 95% quantiles) and
      ``votes_all`` (NVotesAll, the roll calls the estimate used).

``unga_idealpoints_2025`` (``IdealpointsJuly2025.dta``, Stata 118) -> panel
    One row per country and year (1946-2024). Indicators ``ideal_point_fp``
    (final-passage votes only; the only series filled for 2024),
    ``ideal_point_all`` (all votes, re-estimated, to 2023),
    ``ideal_point_legacy`` (= the 2024 file's IdealPointAll), each with
    ``_q05``/``_q95`` for FP and All (the legacy series has none), and ``votes_fp``,
    ``votes_all``, ``votes_legacy``. The series are separate estimations
    (source.json: do not mix FP and All in one chart);
    :func:`helpers.themes.alignment.reconcile_ideal_points` compares them.

``unga_votes`` (the unvotes R package's three ``.rda`` files) -> roll-call votes
    Not a panel: one row per country and roll call (absences and non-members
    are not in the file). Columns:

    ============== ===========================================================
    rcid           roll-call id (int)
    session        UNGA session (int); Voeten's scores are per session
    year           calendar year of the vote date (int; a few session-74
                   votes fall in 2020)
    date           vote date (datetime64)
    country        ISO3 (see below)
    vote           'yes', 'abstain' or 'no'
    importantvote  1/0 on the US State Department's list of important votes;
                   <NA> for roll calls the package added for sessions 52-74
                   without that code
    amend          1 = vote on an amendment, 0 = not, <NA> = not coded
    para           1 = separate vote on a paragraph, 0 = not, <NA> = not coded
    unres          resolution symbol ('' when the file has none)
    me nu di hr co ec
                   issue flags (bool) of ``un_roll_call_issues``: Palestinian
                   conflict, nuclear weapons, arms control and disarmament,
                   human rights, colonialism, economic development; a roll
                   call can carry several or none
    ============== ===========================================================

    :func:`roll_call_descriptions` gives the per-roll-call ``short``/``descr``
    text, kept out of the vote table to keep it small.

Country codes: the ideal-point files use Correlates of War numbers
(``ccode``), mapped through ``tables/cow_codes.csv``; the files' own ``iso3c``
is not used because it is wrong for South Yemen (680 'YAR') and gives non-ISO
codes for former states. The vote file uses ISO2 codes, mapped with
pycountry, except for the states named in ``tables/unvotes_names.csv``
(former states with withdrawn or missing codes, and Russia, whose 'RU' rows
include the Soviet Union's votes).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pycountry
import pyreadr

from helpers.data import countries
from helpers.data.countries import name_table
from helpers.data.sources import tidy_panel

VOTE_FILES = ("un_votes.rda", "un_roll_calls.rda", "un_roll_call_issues.rda")
SESSION_YEAR_OFFSET = 1945  # year label = session + 1945 (the year the session opens)

AGREEMENT_COLUMNS = {"USAgree": "USA", "RUSSAgree": "RUS", "ChinaAgree": "CHN",
                     "IndiaAgree": "IND", "BrazilAgree": "BRA", "IsraelAgree": "ISR"}
AGREEMENT_UNIT = "share of votes identical (0-1)"
IDEAL_UNIT = "ideal point (Bailey-Strezhnev-Voeten scale; higher = closer to the US)"
VOTES_UNIT = "roll calls"
ISSUES = {"me": "Palestinian conflict / Middle East", "nu": "Nuclear weapons and material",
          "di": "Arms control and disarmament", "hr": "Human rights", "co": "Colonialism",
          "ec": "Economic development"}
VOTE_CODES = ("yes", "abstain", "no")
VOTE_COLUMNS = ["rcid", "session", "year", "date", "country", "vote", "importantvote", "amend", "para",
                "unres", *ISSUES]

# --- country codes ---------------------------------------------------------------------

def from_cow(ccode) -> str:
    """Correlates of War number -> ISO3 through ``tables/cow_codes.csv``."""
    return countries.from_cow(ccode)[0]


def from_unvotes(country: str, iso2) -> str:
    """unvotes country name and ISO2 code -> ISO3.

    Names in ``tables/unvotes_names.csv`` first (former states, Russia/USSR),
    then pycountry for the ISO2 code. Namibia's code is the string 'NA'.
    """
    special = name_table("unvotes_names")
    if country in special:
        return special[country][0]
    record = pycountry.countries.get(alpha_2=iso2) if isinstance(iso2, str) and iso2 else None
    if record is None:
        raise KeyError(f"unvotes country '{country}' (code {iso2!r}) is neither an ISO 3166 alpha-2 code "
                       "nor in helpers/data/tables/unvotes_names.csv; add it there")
    return record.alpha_3


# --- ideal points and agreement ----------------------------------------------------------

def read_agreement_csv(path) -> pd.DataFrame:
    """The June 2024 CSV as published (first column: an unnamed R row index, dropped).

    'NA' is the only missing marker; no country code is read as text 'NA'
    (codes are numeric), so the default is safe but made explicit here.
    """
    raw = pd.read_csv(path, keep_default_na=False, na_values=["NA", ""], encoding="utf-8")
    return raw.drop(columns=[c for c in raw.columns if c.startswith("Unnamed") or c == ""])


def _long(frame: pd.DataFrame, columns: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """Wide country-year frame (``country``, ``year``) -> long rows for ``columns``, NaN dropped.

    Two COW codes share an ISO3 code (German Federal Republic 260 and
    Germany 255: DEU; North Yemen 678 and Yemen 679: YEM) in different years;
    a country-year-indicator that still comes twice is an error, not a guess.
    """
    parts = [pd.DataFrame({"country": frame["country"], "year": frame["year"], "indicator": indicator,
                           "value": pd.to_numeric(frame[column], errors="coerce"), "unit": unit,
                           "is_aggregate": False})
             for column, (indicator, unit) in columns.items() if column in frame.columns]
    out = pd.concat(parts, ignore_index=True).dropna(subset=["value"])
    twice = out.duplicated(["country", "year", "indicator"], keep=False)
    if twice.any():
        raise ValueError("Country-years given twice after COW -> ISO3 mapping: "
                         + ", ".join(sorted({f"{c} {y}" for c, y in out.loc[twice, ["country", "year"]].itertuples(index=False)})))
    return out


def parse_agreement(path) -> pd.DataFrame:
    """Long rows (without ``source``) of the June 2024 file; see the module docstring."""
    raw = read_agreement_csv(path)
    frame = raw.assign(country=raw["ccode"].map(from_cow), year=raw["session"] + SESSION_YEAR_OFFSET)
    columns = {col: (f"agreement_{code}", AGREEMENT_UNIT) for col, code in AGREEMENT_COLUMNS.items()}
    columns |= {"IdealPointAll": ("ideal_point_all", IDEAL_UNIT), "Q5%All": ("ideal_point_all_q05", IDEAL_UNIT),
                "Q95%All": ("ideal_point_all_q95", IDEAL_UNIT), "NVotesAll": ("votes_all", VOTES_UNIT)}
    return _long(frame, columns)


def read_ideal_dta(path) -> pd.DataFrame:
    """The July 2025 Stata file with ``year`` and ``ccode`` as int.

    Quirks handled: ``year`` is float32; 17 rows at the end carry only the
    legacy series and an empty iso3c/countryname: country-years that the
    2025 estimates date differently (German Federal Republic 260 and North
    Yemen 678 in 1990, when the 2025 series give 1990 to Germany 255 and
    Yemen 679; a first session of some new members). Mapping goes by ccode,
    so they are kept. Country names are mojibake ('SÃ£o TomÃ©') and not used.
    """
    raw = pd.read_stata(path, convert_categoricals=False)
    raw["year"] = raw["year"].round().astype("int64")
    raw["ccode"] = raw["ccode"].astype("int64")
    return raw


def parse_ideal(path) -> pd.DataFrame:
    """Long rows (without ``source``) of the July 2025 file; see the module docstring."""
    raw = read_ideal_dta(path)
    frame = raw.assign(country=raw["ccode"].map(from_cow))
    columns = {}
    for series in ("fp", "all"):
        columns |= {f"idealpoint{series}": (f"ideal_point_{series}", IDEAL_UNIT),
                    f"q5{series}": (f"ideal_point_{series}_q05", IDEAL_UNIT),
                    f"q95{series}": (f"ideal_point_{series}_q95", IDEAL_UNIT),
                    f"nvotes{series}": (f"votes_{series}", VOTES_UNIT)}
    columns |= {"idealpointlegacy": ("ideal_point_legacy", IDEAL_UNIT), "nvotesLegacy": ("votes_legacy", VOTES_UNIT)}
    return _long(frame, columns)


# --- roll calls -------------------------------------------------------------------------------

def read_rda(path) -> pd.DataFrame:
    """The one data frame an unvotes ``.rda`` file holds (pyreadr keys it by object name)."""
    result = pyreadr.read_r(str(path))
    if len(result) != 1:
        raise ValueError(f"{Path(path).name} holds {len(result)} objects; expected one data frame")
    return next(iter(result.values()))


def _flag(column: pd.Series) -> pd.Series:
    """'0'/'1'/NaN (strings or numbers) -> nullable Int8 0/1/<NA>."""
    return pd.to_numeric(column, errors="coerce").round().astype("Int8")


def _files(files: dict) -> dict[str, Path]:
    named = {Path(name).name: Path(p) for name, p in files.items()}
    missing = [f for f in VOTE_FILES if f not in named]
    if missing:
        raise ValueError(f"unga_votes needs files {list(VOTE_FILES)}; missing {missing}")
    return named


def parse_votes(files: dict) -> pd.DataFrame:
    """The roll-call vote table (columns :data:`VOTE_COLUMNS`, documented in the module docstring)."""
    named = _files(files)
    votes = read_rda(named["un_votes.rda"])
    calls = read_rda(named["un_roll_calls.rda"])
    issues = read_rda(named["un_roll_call_issues.rda"])

    pairs = votes[["country", "country_code"]].drop_duplicates()
    if pairs["country"].duplicated().any():
        raise ValueError("An unvotes country name comes with several codes: "
                         f"{sorted(pairs.loc[pairs['country'].duplicated(), 'country'])}")
    codes = {c: from_unvotes(c, k) for c, k in zip(pairs["country"], pairs["country_code"])}
    vote = votes["vote"].astype(str)
    if not vote.isin(VOTE_CODES).all():
        raise ValueError(f"Unexpected vote codes {sorted(set(vote) - set(VOTE_CODES))}")
    table = pd.DataFrame({"rcid": pd.to_numeric(votes["rcid"]).round().astype("int64"),
                          "country": votes["country"].map(codes).to_numpy(), "vote": vote.to_numpy()})

    meta = pd.DataFrame({
        "rcid": pd.to_numeric(calls["rcid"]).astype("int64"),
        "session": pd.to_numeric(calls["session"]).round().astype("int64"),
        "date": pd.to_datetime(calls["date"]),
        "importantvote": _flag(calls["importantvote"]),
        "amend": _flag(calls["amend"]), "para": _flag(calls["para"]),
        "unres": calls["unres"].fillna("").astype(str),
    })
    meta["year"] = meta["date"].dt.year.astype("int64")
    flags = (issues.assign(rcid=pd.to_numeric(issues["rcid"]).astype("int64"), hit=True)
             .pivot_table(index="rcid", columns="short_name", values="hit", aggfunc="any"))
    unknown = set(flags.columns) - set(ISSUES)
    if unknown:
        raise ValueError(f"Unknown issue codes {sorted(unknown)}")
    flags = flags.reindex(columns=list(ISSUES)).astype("boolean").fillna(False).astype(bool)
    meta = meta.merge(flags, left_on="rcid", right_index=True, how="left")
    meta[list(ISSUES)] = meta[list(ISSUES)].astype("boolean").fillna(False).astype(bool)

    out = table.merge(meta, on="rcid", how="left", validate="many_to_one")
    if out["session"].isna().any():
        raise ValueError(f"{out['session'].isna().sum()} votes have no roll call in un_roll_calls.rda")
    return out[VOTE_COLUMNS].sort_values(["rcid", "country"]).reset_index(drop=True)


def roll_call_descriptions(files: dict) -> pd.DataFrame:
    """rcid, session, date, unres, short, descr: the text of each roll call."""
    calls = read_rda(_files(files)["un_roll_calls.rda"])
    return pd.DataFrame({"rcid": pd.to_numeric(calls["rcid"]).astype("int64"),
                         "session": pd.to_numeric(calls["session"]).round().astype("int64"),
                         "date": pd.to_datetime(calls["date"]), "unres": calls["unres"].fillna(""),
                         "short": calls["short"].fillna(""), "descr": calls["descr"].fillna("")})


# --- entry point ------------------------------------------------------------------------------

def parse(dataset, files) -> pd.DataFrame:
    if dataset.id == "unga_votes":
        return parse_votes(files)
    if dataset.id == "unga_idealpoints_2024":
        (path,) = files.values()
        return tidy_panel(parse_agreement(path), dataset.id)
    if dataset.id == "unga_idealpoints_2025":
        (path,) = files.values()
        return tidy_panel(parse_ideal(path), dataset.id)
    raise ValueError(f"helpers.data.sources.unga has no parser for dataset '{dataset.id}'")
