"""Map layers: Natural Earth countries and populated places, OpenStreetMap railways of Uzbekistan.

``parse`` returns a GeoDataFrame in EPSG:4326 (lon/lat) whose shape depends on
the dataset. Every table ends with ``source`` (dataset id) and ``geometry``.

``ne_countries_50m`` (Natural Earth 1:50m admin-0, zipped shapefile) — one row per
map unit: ``country`` (NE ``ADM0_A3``: the join key; ``ISO_A3`` is '-99' for
France, Norway, Kosovo and others in this version), ``iso_a3`` (``ISO_A3``, missing
where NE writes '-99'), ``name``, ``name_long``, ``sovereign`` (``SOV_A3``; note
NE's own 'KA1' for Kazakhstan and 'CH1' for China), ``continent``, ``subregion``,
``source``, ``geometry`` (Polygon/MultiPolygon).

``ne_populated_places_50m`` (Natural Earth 1:50m places, GeoJSON) — one row per
place: ``name``, ``country`` (``adm0_a3``), ``admin1`` (``adm1name``),
``is_capital`` (``adm0cap`` == 1), ``featurecla``, ``pop_max`` (NE estimate of
varying vintage; not for analysis), ``scalerank``, ``source``, ``geometry`` (Point).

``uzb_railways_osm`` (OSM railways of Uzbekistan, shapefile with sidecars) — one
row per OSM way: ``osm_id``, ``fclass`` ('rail', 'light_rail', 'narrow_gauge',
'miniature_railway'), ``name`` (missing when OSM has none), ``bridge``, ``tunnel``
(bool), ``is_main_line`` (``fclass == 'rail'``: the filter the dataset's notes
suggest; sidings and yards tagged 'rail' stay in, trams and children's
railways go), ``source``, ``geometry`` (LineString). Data © OpenStreetMap
contributors, ODbL 1.0.

``helpers.data.load`` caches these as parquet but reads the cache back with
pandas, which returns geometries as WKB bytes; use :func:`helpers.themes.maps.load_geo`
for GeoDataFrames.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from helpers.data.sources import text_or_none
CRS = "EPSG:4326"


def _read(path: Path) -> gpd.GeoDataFrame:
    path = Path(path)
    target = f"zip://{path}" if path.suffix.lower() == ".zip" else str(path)
    frame = gpd.read_file(target)
    if frame.crs is None:
        raise ValueError(f"{path.name} has no coordinate reference system")
    return frame.to_crs(CRS)


def countries(path: Path, dataset_id: str) -> gpd.GeoDataFrame:
    raw = _read(path)
    iso = text_or_none(raw["ISO_A3"])
    out = pd.DataFrame({
        "country": text_or_none(raw["ADM0_A3"]), "iso_a3": iso.where(iso != "-99", None),
        "name": text_or_none(raw["NAME"]), "name_long": text_or_none(raw["NAME_LONG"]), "sovereign": text_or_none(raw["SOV_A3"]),
        "continent": text_or_none(raw["CONTINENT"]), "subregion": text_or_none(raw["SUBREGION"]), "source": dataset_id,
    })
    return gpd.GeoDataFrame(out, geometry=raw.geometry.values, crs=CRS)


def places(path: Path, dataset_id: str) -> gpd.GeoDataFrame:
    raw = _read(path)
    out = pd.DataFrame({
        "name": text_or_none(raw["name"]), "country": text_or_none(raw["adm0_a3"]), "admin1": text_or_none(raw["adm1name"]),
        "is_capital": pd.to_numeric(raw["adm0cap"], errors="coerce").fillna(0).eq(1),
        "featurecla": text_or_none(raw["featurecla"]),
        "pop_max": pd.to_numeric(raw["pop_max"], errors="coerce").astype("float64"),
        "scalerank": pd.to_numeric(raw["scalerank"], errors="coerce").astype("Int64"),
        "source": dataset_id,
    })
    return gpd.GeoDataFrame(out, geometry=raw.geometry.values, crs=CRS)


def railways(path: Path, dataset_id: str) -> gpd.GeoDataFrame:
    raw = _read(path)
    fclass = text_or_none(raw["fclass"])
    out = pd.DataFrame({
        "osm_id": text_or_none(raw["osm_id"]), "fclass": fclass, "name": text_or_none(raw["name"]),
        "bridge": raw["bridge"].astype(str).eq("T"), "tunnel": raw["tunnel"].astype(str).eq("T"),
        "is_main_line": fclass.eq("rail"), "source": dataset_id,
    })
    return gpd.GeoDataFrame(out, geometry=raw.geometry.values, crs=CRS)


READERS = {"ne_countries_50m": countries, "ne_populated_places_50m": places, "uzb_railways_osm": railways}


def parse(dataset, files) -> gpd.GeoDataFrame:
    try:
        reader = READERS[dataset.id]
    except KeyError:
        raise KeyError(f"helpers.data.sources.geo has no reader for dataset '{dataset.id}'; "
                       f"it reads {', '.join(READERS)}") from None
    # A shapefile comes with sidecars (.shx, .dbf, ...) in the same folder: open the .shp.
    main = [p for name, p in files.items() if Path(name).suffix.lower() in (".shp", ".zip", ".json", ".geojson")]
    if len(main) != 1:
        raise ValueError(f"Dataset '{dataset.id}': expected one map file among {sorted(files)}")
    return reader(main[0], dataset.id)
