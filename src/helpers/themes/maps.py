"""Maps of Central Asia from mirrored vector data (no tiles, no network at run time).

Layers come from Natural Earth (countries, capitals), OpenStreetMap (railways of
Uzbekistan) and Global Energy Monitor (pipeline routes, WKT in the GEM table).
Each map is a :class:`helpers.present.figures.Figure` whose data is the tidy table of
what it draws (borders, capitals, pipeline segments, distances to a railway); the
notebook shows it with :func:`helpers.present.figures.show`, which prints the source and
licence line.

:func:`load_geo` reads a map layer (``helpers.data.load`` keeps map layers as
GeoParquet and returns GeoDataFrames).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import Geod
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from shapely.geometry import box

from helpers import data
from helpers.data import catalog
from helpers.present import figures, plots, text
from helpers.themes import routes
from helpers.data.countries import CENTRAL_ASIA, name, names
from helpers.data.sources import geo

COUNTRIES = "ne_countries_50m"
PLACES = "ne_populated_places_50m"
RAILWAYS = "uzb_railways_osm"
RAILWAY_COUNTRIES = ("UZB",)  # the OpenStreetMap railway extract covers Uzbekistan only

# lon min, lat min, lon max, lat max: the Caspian to Xinjiang, Iran/Afghanistan to southern Siberia
REGION_BOUNDS: tuple[float, float, float, float] = (45.0, 33.5, 89.0, 56.5)
# Lambert conformal conic centred on Central Asia (shapes and angles kept; distances true near 37°N and 49°N)
PROJECTION = "+proj=lcc +lat_1=37 +lat_2=49 +lat_0=44 +lon_0=66 +datum=WGS84 +units=m +no_defs"
LAND, CENTRAL, WATER, BORDER = "#efefef", "#dcdcdc", "#dbe9f4", "#ffffff"
STATUS_STYLE = {"operating": "-", "construction": "--", "proposed": ":"}
NO_COUNTRY_LIST = "Crosses the country, no country list in GEM"
OTHER_ROUTES = "Other routes in the region"
METRIC = "+proj=aeqd +lat_0=41 +lon_0=64 +datum=WGS84 +units=m"  # distances for the region
MIN_CROSSING_KM = 20.0
# Map colours where plots.DIRECTION_COLOURS is too pale against the grey land
ROUTE_COLOURS = {OTHER_ROUTES: "#a5a5a5", NO_COUNTRY_LIST: "#e377c2", routes.DOMESTIC: "#4d4d4d"}


# --- reading ---------------------------------------------------------------------------

def load_geo(dataset_id: str) -> gpd.GeoDataFrame:
    """A map layer as a GeoDataFrame (EPSG:4326), through :func:`helpers.data.load`."""
    dataset = catalog.get(dataset_id)
    if dataset.parser != "geo":
        raise ValueError(f"Dataset '{dataset_id}' is not a map layer (its parser is '{dataset.parser}')")
    return data.load(dataset_id)


# --- layers ----------------------------------------------------------------------------

def region_box(bounds=REGION_BOUNDS, margin: float = 0.0):
    lon0, lat0, lon1, lat1 = bounds
    return box(lon0 - margin, lat0 - margin, lon1 + margin, lat1 + margin)


def region_countries(countries: gpd.GeoDataFrame, bounds=REGION_BOUNDS, margin: float = 8.0) -> gpd.GeoDataFrame:
    """Country polygons clipped to the region (plus a margin so the projected corners are filled)."""
    area = region_box(bounds, margin)
    near = countries[countries.intersects(area)]
    return gpd.clip(near, area)


def capitals(places: gpd.GeoDataFrame, bounds=REGION_BOUNDS) -> gpd.GeoDataFrame:
    """National capitals inside the region."""
    inside = places[places["is_capital"] & places.within(region_box(bounds))]
    return inside.reset_index(drop=True)


def pipeline_routes(table: pd.DataFrame, country: str, countries: gpd.GeoDataFrame,
                    statuses: Iterable[str] = ("operating", "construction", "proposed"),
                    bounds=REGION_BOUNDS) -> gpd.GeoDataFrame:
    """GEM pipeline rows with a geometry in the region, with the direction each one points for ``country``.

    ``group`` is the :func:`helpers.themes.routes.route_direction` of routes whose GEM
    country list includes ``country``; routes with no country list that run
    more than :data:`MIN_CROSSING_KM` inside the country's polygon get
    :data:`NO_COUNTRY_LIST`; all others
    :data:`OTHER_ROUTES`. Rows without geometry cannot be drawn and are left out.
    """
    rows = table[table["geometry_wkt"].notna() & table["status"].isin(list(statuses))].copy()
    shapes = gpd.GeoSeries.from_wkt(rows["geometry_wkt"], on_invalid="ignore", crs=geo.CRS)
    lines = gpd.GeoDataFrame(rows.drop(columns="geometry_wkt"), geometry=shapes.values, crs=geo.CRS)
    lines = lines[lines.geometry.notna() & ~lines.geometry.is_empty]
    lines = lines[lines.intersects(region_box(bounds))]
    outline = countries.loc[countries["country"] == country, "geometry"].union_all()
    touching = lines["countries"].map(lambda cell: country in routes.country_list(cell))
    crossing = lines["countries"].isna() & lines.intersects(outline)
    if crossing.any():  # more than MIN_CROSSING_KM inside: a route ending at the border is not 'crossing'
        inside = gpd.GeoSeries(lines.loc[crossing].intersection(outline), crs=geo.CRS).to_crs(METRIC).length / 1000
        crossing[inside.index] = inside > MIN_CROSSING_KM
    group = pd.Series(OTHER_ROUTES, index=lines.index, dtype=object)
    group[touching] = [routes.route_direction(routes.country_list(c), country) for c in lines.loc[touching, "countries"]]
    group[crossing] = NO_COUNTRY_LIST
    return lines.assign(group=group.astype(str)).reset_index(drop=True)


def main_rail_lines(rail: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """OSM ways tagged 'rail' (``is_main_line``): trams, narrow-gauge and children's railways left out."""
    return rail[rail["is_main_line"]].reset_index(drop=True)


def length_km(lines: gpd.GeoDataFrame) -> float:
    """Summed length in km, measured in an equal-distance projection for the region.

    For OSM railways this counts every way (double track, sidings, yards), so it
    overstates route length.
    """
    return float(lines.to_crs(METRIC).length.sum() / 1000)


# --- drawing ---------------------------------------------------------------------------

def _no_axis_labels(ax) -> None:
    """GeoPandas labels projected axes 'Easting [metre]'; a map here has no axis labels."""
    ax.set_xlabel("")
    ax.set_ylabel("")


def _frame(ax, bounds):
    # densify the box first: its edges are curves once projected
    inner = gpd.GeoSeries([shapely.segmentize(region_box(bounds), 0.25)], crs=geo.CRS).to_crs(PROJECTION)
    minx, miny, maxx, maxy = inner.total_bounds
    ax.set_xlim(minx, maxx)
    ax.set_ylim(miny, maxy)
    ax.set_aspect("equal")
    ax.set_facecolor(WATER)
    ax.set_xticks([])
    ax.set_yticks([])
    _no_axis_labels(ax)
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#999999")


def draw_base(ax, countries: gpd.GeoDataFrame, focus: str, places: gpd.GeoDataFrame | None = None,
              bounds=REGION_BOUNDS, label_countries: bool = True, focus_alpha: float = 0.85) -> None:
    """Countries in grey, the five Central Asian states a shade darker, ``focus`` in its house colour;
    national capitals as stars (those of the five states labelled)."""
    region = region_countries(countries, bounds).to_crs(PROJECTION)
    colours = region["country"].map(lambda c: CENTRAL if c in CENTRAL_ASIA else LAND)
    region.plot(ax=ax, color=colours, edgecolor=BORDER, linewidth=0.8, zorder=1)
    region[region["country"] == focus].plot(ax=ax, color=plots.colour(focus), alpha=focus_alpha,
                                            edgecolor="white", linewidth=0.8, zorder=2)
    _frame(ax, bounds)
    if label_countries:
        inner = region_box(bounds)
        visible = countries[countries.intersects(inner)].copy()
        visible["geometry"] = visible.intersection(inner)
        visible = visible.to_crs(PROJECTION)
        visible = visible[visible.area > 3e10]  # skip slivers (< 30,000 km² inside the frame)
        for row in visible.itertuples():
            point = row.geometry.representative_point()
            strong = row.country in CENTRAL_ASIA
            on_focus = row.country == focus and focus_alpha >= 0.5
            ax.annotate(name(row.country), (point.x, point.y), ha="center", va="center", zorder=6,
                        fontsize=9 if strong else 7.5, fontweight="bold" if strong else "normal",
                        color="white" if on_focus else ("#333333" if strong else "#777777"))
    if places is not None:
        caps = capitals(places, bounds).to_crs(PROJECTION)
        ax.scatter(caps.geometry.x, caps.geometry.y, marker="*", s=70, color="#222222",
                   edgecolor="white", linewidth=0.5, zorder=7)
        for row in caps.itertuples():
            strong = row.country in CENTRAL_ASIA
            ax.annotate(row.name, (row.geometry.x, row.geometry.y), xytext=(4, -9), textcoords="offset points",
                        fontsize=8 if strong else 7, zorder=7, color="#111111" if strong else "#666666")


def draw_pipelines(ax, lines: gpd.GeoDataFrame) -> list:
    """Routes coloured by :attr:`group`, line style by status; returns legend handles."""
    projected = lines.to_crs(PROJECTION)
    handles = []
    order = [g for g in (OTHER_ROUTES, *routes.DIRECTIONS, NO_COUNTRY_LIST) if g in set(projected["group"])]
    for group in order:
        colour = ROUTE_COLOURS.get(group) or plots.DIRECTION_COLOURS.get(group, "#555555")
        part = projected[projected["group"] == group]
        for status, style in STATUS_STYLE.items():
            rows = part[part["status"] == status]
            if len(rows):
                rows.plot(ax=ax, color=colour, linestyle=style, zorder=3 if group == OTHER_ROUTES else 4,
                          linewidth=0.8 if group == OTHER_ROUTES else 2.0, alpha=0.7 if group == OTHER_ROUTES else 0.95)
        handles.append(Line2D([], [], color=colour, linewidth=2, label=group))
    present = [s for s in STATUS_STYLE if s in set(projected["status"])]
    handles += [Line2D([], [], color="#555555", linestyle=STATUS_STYLE[s], linewidth=1.5, label=s.capitalize())
                for s in present]
    _no_axis_labels(ax)
    return handles


def draw_lines(ax, lines: gpd.GeoDataFrame, colour: str, linewidth: float = 1.2, label: str | None = None):
    lines.to_crs(PROJECTION).plot(ax=ax, color=colour, linewidth=linewidth, zorder=4)
    _no_axis_labels(ax)
    return Line2D([], [], color=colour, linewidth=2, label=label) if label else None


def draw_places(ax, places: gpd.GeoDataFrame, country: str, bounds) -> None:
    """The country's national and admin-1 capitals as dots with names."""
    own = places[(places["country"] == country) & places.within(region_box(bounds))].to_crs(PROJECTION)
    ax.scatter(own.geometry.x, own.geometry.y, s=14, color="#222222", zorder=7)
    for row in own.itertuples():
        ax.annotate(row.name, (row.geometry.x, row.geometry.y), xytext=(4, 3), textcoords="offset points",
                    fontsize=8, zorder=7, fontweight="bold" if row.is_capital else "normal")


def country_bounds(countries: gpd.GeoDataFrame, country: str, margin: float = 1.0) -> tuple[float, float, float, float]:
    minx, miny, maxx, maxy = countries.loc[countries["country"] == country].total_bounds
    return (minx - margin, miny - margin, maxx + margin, maxy + margin)


def focus_legend(focus: str) -> Patch:
    return Patch(color=plots.colour(focus), label=name(focus))


# --- findings --------------------------------------------------------------------------

def neighbours(countries: gpd.GeoDataFrame, country: str) -> list[str]:
    """Codes of the map units sharing a border with ``country`` (tolerance of ~1 km for the 1:50m lines)."""
    outline = countries.loc[countries["country"] == country, "geometry"].union_all()
    near = countries[countries.intersects(outline.buffer(0.01)) & (countries["country"] != country)]
    return sorted(near["country"])


def distance_km(points: gpd.GeoDataFrame, lines: gpd.GeoDataFrame) -> pd.Series:
    """Each point's distance to the nearest line, km (in the region's equal-distance projection)."""
    network = lines.to_crs(METRIC)
    # no buffer of the union: GEOS chokes
    return points.to_crs(METRIC).geometry.map(lambda point: network.distance(point).min() / 1000)


DIRECTION_PHRASES = {  # direction -> (one route ..., several routes ...)
    routes.CHINA: ("leads to China", "lead to China"), routes.RUSSIA: ("leads to Russia", "lead to Russia"),
    routes.WEST: ("leads west (Caspian, Caucasus, Türkiye)", "lead west (Caspian, Caucasus, Türkiye)"),
    routes.SOUTH: ("leads south (Iran, Afghanistan, South Asia)", "lead south (Iran, Afghanistan, South Asia)"),
    routes.WITHIN: ("stays within Central Asia", "stay within Central Asia"),
}


def pipeline_headline(lines: gpd.GeoDataFrame, country: str) -> str:
    """The finding for the pipeline map: how many routes touch the country and where the cross-border ones lead."""
    mine = lines[lines["group"] != OTHER_ROUTES]
    if mine.empty:
        return f"No pipeline route with a mapped geometry touches {name(country)} in the GEM trackers"
    abroad = mine[mine["group"].isin(list(DIRECTION_PHRASES))].groupby("group")["project"].nunique()
    total = mine["project"].nunique()
    if abroad.empty:
        return f"{total} pipeline routes touch {name(country)}, none of them listed as crossing a border"
    parts = [f"{n} {DIRECTION_PHRASES[d][0 if n == 1 else 1]}" for d, n in abroad.sort_values(ascending=False).items()]
    return f"{total} pipeline routes touch {name(country)}; of the {abroad.sum()} crossing a border, " + ", ".join(parts)


# --- the notebook's maps: tidy table, Figure, sentence --------------------------------------

CAPITAL = "national capital"
NEAR_RAIL_KM = 5.0
GEOD = Geod(ellps="WGS84")


def _row(country: str, series: str, value: float, unit: str, **extra) -> dict:
    return {"country": country, "year": math.nan, "series": series, "value": float(value), "unit": unit, **extra}


def region_table(countries: gpd.GeoDataFrame, places: gpd.GeoDataFrame, country: str) -> pd.DataFrame:
    """What the region map draws, tidy: each neighbour's border with ``country`` (km along the Natural Earth
    1:50m line, which is generalised: shorter than official lengths), then the national capitals in the
    frame (``place``; no value)."""
    outline = countries.loc[countries["country"] == country, "geometry"].union_all()
    rows = []
    for code in neighbours(countries, country):
        other = countries.loc[countries["country"] == code, "geometry"].union_all()
        shared = outline.boundary.intersection(other.buffer(0.01))
        rows.append(_row(code, f"border with {name(country)}", round(GEOD.geometry_length(shared) / 1000, 1), "km",
                         place=""))
    rows += [_row(r.country, CAPITAL, math.nan, "", place=r.name) for r in capitals(places).itertuples()]
    return pd.DataFrame(rows, columns=[*figures.DATA_COLUMNS, "place"])


def region_figure(table: pd.DataFrame, countries: gpd.GeoDataFrame, places: gpd.GeoDataFrame,
                  country: str) -> figures.Figure:
    """The region with ``country`` highlighted and the capitals starred; the title names its neighbours."""
    fig, ax = plots.new_figure(figsize=(9.5, 6.2))
    draw_base(ax, countries, country, places)
    caps, borders = table[table["series"] == CAPITAL], table[table["series"] != CAPITAL]
    own_capital = caps.loc[caps["country"] == country, "place"]
    title = f"{name(country)} borders {len(borders)} states: " + names(borders["country"])
    alt = (f"Map of Central Asia from the Caspian Sea to western China with {name(country)} highlighted"
           + (f" and its capital {own_capital.iloc[0]}" if len(own_capital) else "")
           + ". National capitals in the frame: " + ", ".join(f"{r.place} ({name(r.country)})" for r in caps.itertuples())
           + ".")
    return figures.Figure("region-map", fig, table, title, alt, (COUNTRIES, PLACES),
                          note="Stars: national capitals. Lambert conformal conic projection.")


def pipeline_table(lines: gpd.GeoDataFrame, country: str) -> pd.DataFrame:
    """The pipeline segments the map draws, tidy: ``series`` is where the route leads for ``country``
    (``country`` is blank for :data:`OTHER_ROUTES`), ``value`` its length (km, on the ellipsoid), ``year``
    GEM's start year."""
    return pd.DataFrame({
        "country": lines["group"].map(lambda g: "" if g == OTHER_ROUTES else country),
        "year": lines["start_year"].astype("Float64").astype(float), "series": lines["group"],
        "value": [round(GEOD.geometry_length(g) / 1000, 1) for g in lines.geometry], "unit": "km",
        "project": lines["project"], "segment": lines["unit"], "fuel": lines["fuel"], "status": lines["status"],
        "capacity": lines["capacity"], "capacity_unit": lines["capacity_unit"], "gem_countries": lines["countries"]})


def _routes_by_group(lines: gpd.GeoDataFrame) -> pd.Series:
    return lines[lines["group"] != OTHER_ROUTES].groupby("group")["project"].nunique()


def pipeline_figure(lines: gpd.GeoDataFrame, countries: gpd.GeoDataFrame, places: gpd.GeoDataFrame,
                    country: str) -> figures.Figure:
    """Pipelines of the region coloured by where they lead for ``country``, styled by status."""
    fig, ax = plots.new_figure(figsize=(11.5, 6.4))
    draw_base(ax, countries, country, places, focus_alpha=0.35)
    handles = [focus_legend(country), *draw_pipelines(ax, lines)]
    fig.legend(handles=handles, loc="outside right upper", fontsize=8)
    alt = (f"Map of oil and gas pipelines in Central Asia from Global Energy Monitor, with {name(country)} highlighted. "
           f"Routes touching {name(country)} by direction: "
           + "; ".join(f"{g}: {n} route(s)" for g, n in _routes_by_group(lines).items())
           + ". Other routes in the region are drawn in grey.")
    note = ("Operating, under construction and proposed routes (cancelled, shelved, mothballed and idle ones are not "
            "drawn). Colour: where a route touching the country leads (helpers.themes.routes rule).")
    return figures.Figure("pipeline-map", fig, pipeline_table(lines, country), pipeline_headline(lines, country), alt,
                          (*routes.DATASETS, COUNTRIES, PLACES), note=note)


def pipeline_text(lines: gpd.GeoDataFrame, country: str) -> str:
    """How many mapped routes touch ``country``, by direction, and which cross it without a GEM country list."""
    own, by_group = name(country), _routes_by_group(lines)
    if by_group.empty:
        return f"Global Energy Monitor maps no route (operating, under construction or proposed) touching {own}."
    out = (f"Global Energy Monitor maps **{lines.loc[lines['group'] != OTHER_ROUTES, 'project'].nunique()} routes** "
           f"(operating, under construction or proposed) touching {own}: "
           + "; ".join(f"{g}: {n}" for g, n in by_group.items()) + ".")
    if NO_COUNTRY_LIST in by_group:
        hidden = sorted(lines.loc[lines["group"] == NO_COUNTRY_LIST, "project"].unique())
        out += (f" {by_group[NO_COUNTRY_LIST]} route(s) cross {own}'s territory on the map but carry no country list in "
                "GEM's export, so the country filter of the energy notebook cannot see them: " + ", ".join(hidden) + ".")
    return out


RAIL_DISTANCE = "distance to the nearest railway"
RAIL_WAYS, RAIL_LENGTH, RAIL_OTHER, RAIL_REPORTED = (
    "OSM ways tagged 'rail'", "OSM ways tagged 'rail', summed length", "OSM light-rail, narrow-gauge and miniature ways",
    "World Bank rail lines")


def railway_table(places: gpd.GeoDataFrame, country: str, reported: tuple[int | None, float]) -> pd.DataFrame:
    """What the railway map draws and says, tidy (empty outside :data:`RAILWAY_COUNTRIES`): each of the
    country's places with its distance to the nearest main line (``is_capital``: a national or admin-1
    capital), the OSM ways and their summed length, and the World Bank's route-km (``reported``: year, km)."""
    columns = [*figures.DATA_COLUMNS, "place", "is_capital"]
    if country not in RAILWAY_COUNTRIES:
        return pd.DataFrame(columns=columns)
    ways = load_geo(RAILWAYS)
    main = main_rail_lines(ways)
    own = places[places["country"] == country]
    capital = own["featurecla"].str.contains("capital", case=False, na=False)
    rows = [_row(country, RAIL_DISTANCE, round(km, 2), "km", place=p, is_capital=bool(c))
            for p, km, c in zip(own["name"], distance_km(own, main), capital)]
    rows += [_row(country, RAIL_WAYS, len(main), "ways"), _row(country, RAIL_LENGTH, length_km(main), "km"),
             _row(country, RAIL_OTHER, len(ways) - len(main), "ways"),
             {**_row(country, RAIL_REPORTED, reported[1], "route-km"), "year": reported[0] or math.nan}]
    return pd.DataFrame(rows, columns=columns)


def _rail(table: pd.DataFrame, series: str) -> pd.Series:
    return table.loc[table["series"] == series].iloc[0]


def _on_and_off_line(table: pd.DataFrame) -> tuple[list[str], list[str]]:
    capitals_ = table[(table["series"] == RAIL_DISTANCE) & table["is_capital"].astype(bool)]
    near = capitals_["value"] <= NEAR_RAIL_KM
    return sorted(capitals_.loc[near, "place"]), sorted(capitals_.loc[~near, "place"])


def railway_figure(table: pd.DataFrame, countries: gpd.GeoDataFrame, places: gpd.GeoDataFrame,
                   country: str) -> figures.Figure | None:
    """The country's main railway lines with its national and regional capitals (None without a railway layer)."""
    if table.empty:
        return None
    bounds = country_bounds(countries, country, margin=0.8)
    fig, ax = plots.new_figure(figsize=(10, 6.4))
    draw_base(ax, countries, country, None, bounds=bounds, focus_alpha=0.25)
    handle = draw_lines(ax, main_rail_lines(load_geo(RAILWAYS)), "#1a1a1a", linewidth=1.1, label="Railway (OSM 'rail')")
    draw_places(ax, places, country, bounds)
    ax.legend(handles=[handle, focus_legend(country)], loc="lower left", fontsize=8)
    on_line, off_line = _on_and_off_line(table)
    title = ((f"All {len(on_line)}" if not off_line else f"{len(on_line)} of {len(on_line) + len(off_line)}")
             + f" of {name(country)}'s national and regional capitals on the map lie within 5 km of a railway line"
             + (f"; {', '.join(off_line)} do not" if off_line else ""))
    shown = table.loc[table["series"] == RAIL_DISTANCE, "place"]
    alt = (f"Map of {name(country)}'s railway lines from OpenStreetMap ({int(_rail(table, RAIL_WAYS)['value']):,} ways "
           "tagged 'rail'), with national and regional capitals labelled: " + ", ".join(shown) + ".")
    note = ("Main lines only: OSM ways tagged 'rail' (trams, narrow-gauge and children's railways left out); sidings "
            "and yards tagged 'rail' remain.")
    return figures.Figure("railway-map", fig, table, title, alt, (RAILWAYS, COUNTRIES, PLACES), note=note)


def railway_text(table: pd.DataFrame, country: str) -> str:
    """The OSM network against the World Bank's route-km, or why no railway map is drawn."""
    if table.empty:
        return (f"A railway map is drawn for Uzbekistan only: the mirrored OpenStreetMap extract covers Uzbekistan and "
                f"no other state, so there is no railway layer for {name(country)}.")
    reported = _rail(table, RAIL_REPORTED)
    bank = (f"the World Bank gives {text.num(reported['value'], 0)} route-km ({int(reported['year'])})"
            if not math.isnan(reported["year"]) else "the World Bank reports no route-km")
    return (f"OpenStreetMap holds **{int(_rail(table, RAIL_WAYS)['value']):,} railway ways tagged 'rail'** in "
            f"{name(country)}, {text.num(_rail(table, RAIL_LENGTH)['value'], 0)} km when added up. That sum counts "
            f"double track, sidings and yards, so it overstates the network: {bank}. "
            f"{int(_rail(table, RAIL_OTHER)['value'])} light-rail, narrow-gauge and miniature ways are left off the map.")
