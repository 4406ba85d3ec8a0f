"""Pipeline routes for the energy notebook: which way a country's pipes point.

Works on the table of :mod:`helpers.data.sources.gem` (GGIT gas and/or GOIT oil;
concatenate the two loads to see both). GEM gives the countries a route
crosses, not the direction of flow, so 'export capacity' here means the
capacity of cross-border routes touching the country, grouped by the partner
side they lead to. Capacities of different fuels are never added: gas is in
bcm/y, oil and NGL in GOIT's unstated unit (probably bbl/d).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from helpers import data
from helpers.data.countries import CENTRAL_ASIA, EU_MEMBERS, check_central_asian, name

DATASETS: tuple[str, ...] = ("gem_ggit_gas_pipelines_lng_2024", "gem_goit_oil_pipelines_map_2024")

SNAPSHOT_YEAR = 2024  # both trackers are asset snapshots of 2024 (GGIT 2024-10-08, GOIT 2024-06-12)
CAPACITY_COLUMNS_NOTE = (
    "GEM lists a project as segments, parallel lines and phases. capacity_largest_segment is the largest of them "
    "(a chain counted once, but parallel lines too: Central Asia–China Lines A, B and C give 25 bcm/y); "
    "capacity_segments_added adds them all (parallel lines added, 55 bcm/y there, but chains and repeated system "
    "figures counted several times). Design capacity, not throughput.")

DIRECTIONS: tuple[str, ...] = (
    "China", "Russia", "West (Caspian/Caucasus/Türkiye)", "South (Iran/Afghanistan/South Asia)",
    "Within Central Asia", "Domestic",
)
CHINA, RUSSIA, WEST, SOUTH, WITHIN, DOMESTIC = DIRECTIONS
WEST_STATES = frozenset({"AZE", "GEO", "TUR"}) | EU_MEMBERS
SOUTH_STATES = frozenset({"IRN", "AFG", "PAK", "IND"})


def load_pipelines() -> pd.DataFrame:
    """GEM gas (GGIT) and oil/NGL (GOIT) pipeline tables stacked: the input of the functions below."""
    return pd.concat([data.load(d) for d in DATASETS], ignore_index=True)


def country_list(cell) -> list[str]:
    """A ``countries`` cell ('TKM;UZB;KAZ') as a list; empty for None/''."""
    if not isinstance(cell, str):
        return []
    return [c.strip() for c in cell.split(";") if c.strip()]


def pipelines_touching(table: pd.DataFrame, country: str) -> pd.DataFrame:
    """Rows whose ``countries`` include the ISO3 ``country`` (rows with no countries never match)."""
    code = country.strip().upper()
    mask = table["countries"].map(lambda cell: code in country_list(cell)).astype(bool)
    return table[mask].reset_index(drop=True)


def route_direction(countries: list[str], origin: str) -> str:
    """Classify a route touching a Central Asian ``origin`` by the countries it crosses.

    First match wins: only ``origin`` -> 'Domestic'; China crossed -> 'China';
    else Russia -> 'Russia'; else Azerbaijan, Georgia, Türkiye or an EU member
    -> 'West (Caspian/Caucasus/Türkiye)'; else Iran, Afghanistan, Pakistan or
    India -> 'South (Iran/Afghanistan/South Asia)'; else only the five Central
    Asian states -> 'Within Central Asia'. Any other foreign state raises
    ValueError rather than being guessed.

    Limits: the rule looks at countries crossed, not at flow direction or final
    market. CPC (KAZ;RUS) counts as 'Russia' though it ships Kazakh crude to
    world markets from Novorossiysk; Omsk–Pavlodar (Russian crude into
    Kazakhstan) also counts as 'Russia'; a route via Russia and China would
    count as 'China'; the cancelled 'Afghanistan Oil Pipeline'
    (AZE;TKM;AFG;PAK) counts as 'West' because Azerbaijan is checked first.
    """
    origin = check_central_asian(origin)
    crossed = [c.strip().upper() for c in countries if c and c.strip()]
    if origin not in crossed:
        raise ValueError(f"Route {crossed} does not touch the origin {origin}.")
    present = set(crossed)
    if present == {origin}:
        return DOMESTIC
    if "CHN" in present:
        return CHINA
    if "RUS" in present:
        return RUSSIA
    if present & WEST_STATES:
        return WEST
    if present & SOUTH_STATES:
        return SOUTH
    if present <= set(CENTRAL_ASIA):
        return WITHIN
    raise ValueError(f"No direction rule for route {crossed}: add {sorted(present - set(CENTRAL_ASIA))} "
                     "to a group in helpers.themes.routes.")


def _order(column: pd.Series) -> pd.Series:
    """Sort key: directions in :data:`DIRECTIONS` order, other columns as they are."""
    return column.map({d: i for i, d in enumerate(DIRECTIONS)}) if column.name == "direction" else column


def _with_direction(table: pd.DataFrame, country: str, statuses: Iterable[str] | None) -> pd.DataFrame:
    rows = pipelines_touching(table, country)
    if statuses is not None:
        rows = rows[rows["status"].isin(list(statuses))]
    return rows.assign(direction=[route_direction(country_list(c), country) for c in rows["countries"]])


def export_capacity_shares(table: pd.DataFrame, country: str, statuses: Iterable[str] | None = ("operating",),
                           per_project: str = "max") -> pd.DataFrame:
    """Cross-border capacity touching ``country`` by fuel and direction, with shares per fuel.

    GEM lists several rows per project (segments in series, parallel lines,
    phases, expansions). Per project and direction one capacity is taken:
    ``per_project='max'`` (default) uses the largest segment, which counts a
    chain of segments once but understates parallel lines (Central Asia–China
    Lines A, B, C: 25, not 55 bcm/y); ``'sum'`` adds them and overstates chains
    and repeated system figures (GGIT gives CAC-2, CAC-4 and CAC-5 60.2 bcm/y
    each). Rows without capacity add nothing; their count is reported.
    ``share`` is a direction's part of that fuel's total; fuels are never added.

    Columns: fuel, direction, capacity, capacity_unit, share, projects,
    projects_without_capacity, segments, segments_without_capacity.
    """
    if per_project not in ("max", "sum"):
        raise ValueError("per_project must be 'max' or 'sum'")
    rows = _with_direction(table, country, statuses)
    rows = rows[rows["direction"] != DOMESTIC]
    for fuel, units in rows.groupby("fuel")["capacity_unit"]:
        if units.nunique() > 1:
            raise ValueError(f"Fuel '{fuel}' mixes capacity units {sorted(units.unique())}; not adding them.")
    projects = rows.groupby(["fuel", "direction", "project"]).agg(
        capacity=("capacity", lambda s: s.agg(per_project) if s.notna().any() else float("nan")),
        capacity_unit=("capacity_unit", "first"), segments=("capacity", "size"),
        segments_without_capacity=("capacity", lambda s: int(s.isna().sum())),
    ).reset_index()
    out = projects.groupby(["fuel", "direction"]).agg(
        capacity=("capacity", lambda s: s.sum(min_count=1)),  # NaN when no project states one
        capacity_unit=("capacity_unit", "first"),
        projects=("project", "size"), projects_without_capacity=("capacity", lambda s: int(s.isna().sum())),
        segments=("segments", "sum"), segments_without_capacity=("segments_without_capacity", "sum"),
    ).reset_index()
    total = out.groupby("fuel")["capacity"].transform("sum")
    out.insert(4, "share", (out["capacity"] / total.where(total > 0)).astype("float64"))
    return out.sort_values(["fuel", "direction"], key=_order).reset_index(drop=True)


def route_table(table: pd.DataFrame, country: str, statuses: Iterable[str] | None = None) -> pd.DataFrame:
    """One readable row per project touching ``country``.

    Columns: project, fuel, countries (display names of all its segments'
    countries, first-seen order), direction (of those countries), status
    (distinct statuses of its segments), units, start_year (earliest),
    capacity_largest_segment, capacity_segments_added (see
    :data:`CAPACITY_COLUMNS_NOTE`), capacity_unit, url (first segment's).
    """
    rows = pipelines_touching(table, country)
    if statuses is not None:
        rows = rows[rows["status"].isin(list(statuses))]
    records = []
    for (project, fuel), group in rows.groupby(["project", "fuel"], sort=False):
        codes = list(dict.fromkeys(c for cell in group["countries"] for c in country_list(cell)))
        records.append({
            "project": project, "fuel": fuel, "countries": ", ".join(name(c) for c in codes),
            "direction": route_direction(codes, country),
            "status": ", ".join(dict.fromkeys(group["status"].dropna())), "units": len(group),
            "start_year": group["start_year"].min(), "capacity_largest_segment": group["capacity"].max(),
            "capacity_segments_added": group["capacity"].sum(min_count=1),
            "capacity_unit": group["capacity_unit"].iloc[0], "url": group["url"].iloc[0],
        })
    columns = ["project", "fuel", "countries", "direction", "status", "units", "start_year",
               "capacity_largest_segment", "capacity_segments_added", "capacity_unit", "url"]
    out = pd.DataFrame(records, columns=columns)
    out["start_year"] = out["start_year"].astype("Int64")
    return out.sort_values(["fuel", "direction", "capacity_largest_segment"], ascending=[True, True, False],
                           na_position="last", key=_order).reset_index(drop=True)


def unattributed(table: pd.DataFrame) -> pd.DataFrame:
    """Rows per fuel with no country list, which no country filter can see: fuel, rows, of_all."""
    grouped = table.groupby("fuel")["countries"]
    return pd.DataFrame({"rows": grouped.apply(lambda s: int(s.isna().sum())),
                         "of_all": grouped.size()}).reset_index()


def capacity_by_direction(table: pd.DataFrame, countries: Iterable[str] = CENTRAL_ASIA) -> pd.DataFrame:
    """Operating cross-border capacity per state, fuel and direction (largest segment per project), tidy.

    One row per country x fuel x direction, ``year`` the snapshot year; series
    '<fuel> pipeline capacity to <direction>'; extras fuel, direction, share (of the fuel's total),
    projects. A state with no operating cross-border route has no rows.
    """
    parts = []
    for country in countries:
        shares = export_capacity_shares(table, country)
        parts.append(pd.DataFrame({
            "country": country, "year": SNAPSHOT_YEAR,
            "series": [f"{fuel} pipeline capacity to {d}" for fuel, d in zip(shares["fuel"], shares["direction"])],
            "value": shares["capacity"].astype("float64"), "unit": shares["capacity_unit"],
            "fuel": shares["fuel"], "direction": shares["direction"], "share": shares["share"],
            "projects": shares["projects"]}))
    return pd.concat(parts, ignore_index=True)
