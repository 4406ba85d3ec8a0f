"""Global Energy Monitor pipeline trackers: GGIT gas (xlsx) and GOIT oil/NGL (csv).

``parse`` returns one non-panel table, one row per pipeline segment/unit as
GEM lists it (:data:`COLUMNS`):

- ``project``: route name; ``unit``: segment/line/phase name or None
- ``fuel``: 'gas' (GGIT), 'oil' or 'ngl' (GOIT ``type``)
- ``status``: lower-case GEM status (operating, construction, proposed, ...)
- ``countries``: ISO3 codes in the source's order joined by ';' (None when
  the source cell is empty); names map through ``tables/gem_names.csv``
- ``start_year``: nullable Int64; text such as '--' and years < 1900 are missing
- ``capacity``, ``capacity_unit``: GGIT pipelines are bcm/y; GOIT states no
  unit (most values look like bbl/d, a few outliers up to 2.6e10 do not)
- ``url`` (GEM.wiki), ``geometry_wkt`` (WKT LINESTRING / MULTILINESTRING,
  lon lat order, or None), ``source`` (dataset id)

GGIT's file also holds LNG terminals (``tracker-acro`` 'GGIT-lng'); they are
dropped. Its ``geometry`` column is already WKT and is kept as is. GOIT's
``route`` is 'lat,lon:lat,lon;...' (';' between segments) and is turned into
WKT here. In the GOIT map export every row from 'Ronier–Djermaya' onwards
(alphabetically) has an empty ``countries`` cell, Uzen–Atyrau–Samara among
them, so country filters miss those routes.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.data.countries import lookup
from helpers.data.sources import text_or_none

COLUMNS = ["project", "unit", "fuel", "status", "countries", "start_year", "capacity",
           "capacity_unit", "url", "geometry_wkt", "source"]
GAS_UNIT = "bcm/y"
OIL_UNIT = "bbl/d (unit not stated by source)"
OIL_FUELS = {"oil_pipelines": "oil", "ngl_pipelines": "ngl"}
NAMES_TABLE = "gem_names"
MIN_YEAR, MAX_YEAR = 1900, 2100


def to_code(name: str) -> str:
    """GEM country name -> ISO3 (or own aggregate code) via ``tables/gem_names.csv``."""
    return lookup(NAMES_TABLE, name, f"GEM country name '{name}'")[0]


def codes(cell) -> str | None:
    """A comma-separated GEM names cell -> ISO3 codes joined by ';' (None if empty)."""
    if not isinstance(cell, str) or not cell.strip():
        return None
    return ";".join(to_code(n.strip()) for n in cell.split(",") if n.strip())


def years(values: pd.Series) -> pd.Series:
    """Coerce start years; text and implausible years (< 1900, > 2100) become <NA>."""
    num = pd.to_numeric(values, errors="coerce")
    return num.where(num.between(MIN_YEAR, MAX_YEAR)).round().astype("Int64")


def route_wkt(route) -> str | None:
    """GOIT 'lat,lon:lat,lon;lat,lon:...' -> WKT (lon lat), one part per ';' segment."""
    if not isinstance(route, str) or not route.strip():
        return None
    parts = []
    for segment in route.split(";"):
        points = [p.split(",") for p in segment.split(":") if p.strip()]
        parts.append("(" + ", ".join(f"{lon.strip()} {lat.strip()}" for lat, lon in points) + ")")
    return f"LINESTRING {parts[0]}" if len(parts) == 1 else f"MULTILINESTRING ({', '.join(parts)})"


def _ggit(path: Path) -> pd.DataFrame:
    raw = pd.read_excel(path, sheet_name=0)
    raw = raw[raw["tracker-acro"].astype(str).str.strip() == "GGIT"]  # drop 'GGIT-lng'
    return pd.DataFrame({
        "project": text_or_none(raw["name"]), "unit": text_or_none(raw["unit-name"]), "fuel": "gas",
        "status": raw["status"], "countries": raw["areas"].map(codes),
        "start_year": years(raw["start-year"]), "capacity": raw["capacity"],
        "capacity_unit": GAS_UNIT, "url": text_or_none(raw["url"]), "geometry_wkt": text_or_none(raw["geometry"]),
    })


def _goit(path: Path) -> pd.DataFrame:
    raw = pd.read_csv(path, encoding="utf-8-sig")
    unknown = set(raw["type"].dropna()) - set(OIL_FUELS)
    if unknown:
        raise ValueError(f"GOIT pipeline type(s) {sorted(unknown)} not in {sorted(OIL_FUELS)}")
    return pd.DataFrame({
        "project": text_or_none(raw["project"]), "unit": text_or_none(raw["unit"]), "fuel": raw["type"].map(OIL_FUELS),
        "status": raw["status"], "countries": raw["countries"].map(codes),
        "start_year": years(raw["start_year"]), "capacity": raw["capacity"],
        "capacity_unit": OIL_UNIT, "url": text_or_none(raw["url"]), "geometry_wkt": raw["route"].map(route_wkt),
    })


def parse(dataset, files) -> pd.DataFrame:
    """GGIT (.xlsx) or GOIT (.csv) file -> the pipeline table described above."""
    (path,) = files.values()
    path = Path(path)
    table = _ggit(path) if path.suffix.lower() in (".xlsx", ".xls") else _goit(path)
    table["status"] = text_or_none(table["status"]).str.lower()
    table["capacity"] = pd.to_numeric(table["capacity"], errors="coerce").astype("float64")
    table["source"] = dataset.id
    return table[COLUMNS].reset_index(drop=True)
