"""The same walking-tour job done three ways: a competent osmnx script, plain osmnx, safari.

Run from the repository root::

    python benchmarks/run.py [--quick]

The job: 12 stops in Delft (Wippolder / TU Delft) -> walking network -> distance matrix
between all stops -> visiting order (round trip from the first stop) -> leg geometries ->
map HTML.

The fair baseline (first table) is what a competent osmnx user writes: pyosmium keeps only
the walkable ways while writing OSM XML, ``osmnx.graph_from_xml(xml, bidirectional=True)``
(simplified, largest part: osmnx's defaults), ``nearest_nodes`` (scikit-learn's BallTree),
one ``networkx.single_source_dijkstra_path_length`` per stop, LKH (elkai) for the order, the
legs' edge geometries for the lines, a default folium map, GraphML as the warm cache; the
import time a user feels is a row of its own. The plain-osmnx way of the osmnx docs (raw
file, pair-by-pair routing, Christofides) stays as a second table.

Each way runs in its own child process (a fresh interpreter), so that the peak memory
(``ru_maxrss``) of one way does not hide the other's. A first child checks that safari can
route every stop (see ``run_probe``); stops it cannot route are left out of every way and
named in the report.

The table goes to stdout and to ``benchmarks/latest.md``. Goals are measured and
reported, never asserted: the exit code is 0 whether or not they are met.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import itertools
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable

    import geopandas as gpd
    import networkx as nx
    import numpy as np

REPO = Path(__file__).resolve().parent.parent
# Relative to the repository root (the script changes into it); never copied into the repo.
PBF = Path("../shared/osm/nl_delft_wippolder_tudelft_2025-08_bbox.osm.pbf")
LATEST = Path("benchmarks/latest.md")

# (id, name, lat, lon): real venues in the extract, plus two points on streets.
STOPS: list[tuple[str, str, float, float]] = [
    ("al-ansaar", "Al Ansaar-moskee", 51.99617, 4.36097),
    ("adelbertkerk", "Adelbertkerk", 51.99757, 4.35889),
    ("levend-water", "Levend Water", 51.99866, 4.35676),
    ("bavinckschool", "Dr H. Bavinckschool", 52.00421, 4.36611),
    ("equinox", "Studievereniging Equinox", 52.00202, 4.36779),
    ("tu-library", "TU Delft Library", 52.00268, 4.37524),
    ("immanuelkerk", "Immanuëlkerk", 52.00515, 4.37499),
    ("international-school", "International School Delft", 52.00275, 4.37064),
    ("pro-grotius", "PrO Grotius", 51.99661, 4.35951),
    ("delfland", "Scholencombinatie Delfland", 52.00389, 4.35529),
    ("punt-mekelweg", "Punt bij 52.0010 4.3700", 52.0010, 4.3700),
    ("punt-wippolder", "Punt bij 51.9990 4.3650", 51.9990, 4.3650),
]

#: Goals (baseline seconds / safari seconds), measured and reported, not asserted. They were
#: set against the plain way; the report gives the ratio against both baselines.
GOALS = {"end to end warm": 20.0, "matrix": 1000.0}

#: Modules each way imports before its first step: what its user waits for first. osmnx
#: imports scikit-learn itself when it is installed (``nearest_nodes`` needs it).
IMPORTS = {
    "plain": ("folium", "geopandas", "networkx", "osmium", "osmnx"),
    "competent": ("elkai", "folium", "networkx", "osmium", "osmnx", "sklearn.neighbors"),
    "safari": ("safari.network", "safari.render", "safari.routing", "safari.tour"),
}

T = TypeVar("T")
Result = dict[str, Any]
StopRow = tuple[str, str, float, float]
LatLon = tuple[float, float]


# --- small helpers ----------------------------------------------------------------------


def _timed(fn: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def _best_of(
    n: int, fn: Callable[[], T], before: Callable[[], None] | None = None
) -> tuple[float, T]:
    """Best (smallest) time of ``n`` calls, and the last call's value."""
    if before is not None:
        before()
    best, value = _timed(fn)
    for _ in range(n - 1):
        if before is not None:
            before()
        seconds, value = _timed(fn)
        best = min(best, seconds)
    return best, value


def _import(way: str) -> float:
    """Import the modules of one way; return the seconds it took."""
    started = time.perf_counter()
    for name in IMPORTS[way]:
        importlib.import_module(name)
    return time.perf_counter() - started


def _peak_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports kB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _hide_sklearn() -> None:
    """Run safari as its users install it: scikit-learn is no dependency of safari.

    osmnx (which ``safari.network`` imports) imports scikit-learn when it is installed; in
    this venv it is, for the competent baseline. The report measures that cost apart.
    """
    sys.modules["sklearn"] = None  # type: ignore[assignment]  # makes `import sklearn` fail


def _stop_rows(ids: list[str]) -> list[StopRow]:
    chosen = set(ids)
    return [row for row in STOPS if row[0] in chosen]


def _stops_gdf(rows: list[StopRow], folder: Path) -> gpd.GeoDataFrame:
    """The stops as safari reads them: through ``read_stops``."""
    from safari.stops import read_stops

    csv = folder / "stops.csv"
    lines = ["id,naam,lat,lon", *(f"{i},{n},{la:.5f},{lo:.5f}" for i, n, la, lo in rows)]
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return read_stops(csv)


def _fresh_cache(folder: Path) -> Path:
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=folder))
    os.environ["SAFARI_CACHE_DIR"] = str(cache)
    return cache


def _folium_map(rows: list[StopRow], lines: list[list[LatLon]], html: Path) -> None:
    """A default folium map: a marker with a popup per stop, a polyline per line."""
    import folium

    lat = sum(r[2] for r in rows) / len(rows)
    lon = sum(r[3] for r in rows) / len(rows)
    fmap = folium.Map(location=(lat, lon), zoom_start=15)
    for _, name, s_lat, s_lon in rows:
        folium.Marker((s_lat, s_lon), popup=folium.Popup(name)).add_to(fmap)
    for line in lines:
        folium.PolyLine(line).add_to(fmap)
    fmap.save(str(html))


def _round_trip(cycle: list[int]) -> list[int]:
    """A cycle of stop indices (maybe closed) as a round trip from stop 0."""
    if cycle[0] == cycle[-1]:
        cycle = cycle[:-1]
    k = cycle.index(0)
    return [*cycle[k:], *cycle[:k], 0]


# --- child: which stops can safari route? -----------------------------------------------


def run_probe(ids: list[str], repeats: int, folder: Path) -> Result:
    """Return the stops safari can route (all of them, unless the network is cut up)."""
    del repeats
    from safari._errors import RoutingError
    from safari.network import walking_graph
    from safari.routing import walking_matrix

    _fresh_cache(folder)
    problems: list[str] = []
    for _ in range(3):  # the clip box follows the stops: check again after dropping some
        stops = _stops_gdf(_stop_rows(ids), folder)
        graph = walking_graph(PBF, around=stops, use_cache=False)

        def routes(
            rows: list[int], graph: nx.MultiDiGraph = graph, stops: gpd.GeoDataFrame = stops
        ) -> bool:
            try:
                walking_matrix(graph, stops.iloc[rows].reset_index(drop=True))
            except RoutingError as exc:
                problems.append(str(exc))
                return False
            return True

        if routes(list(range(len(stops)))):
            return {"ids": ids, "problems": problems[:1]}
        snappable = [i for i in range(len(stops)) if routes([i])]
        if not snappable:
            break
        first = snappable[0]
        keep = [first, *(i for i in snappable[1:] if routes([first, i]))]
        ids = [str(stops["id"].iloc[i]) for i in keep]
    return {"ids": ids, "problems": problems[:1]}


# --- child: plain osmnx -----------------------------------------------------------------


class _PlainWay:
    """The job with plain osmnx, networkx and folium, as the osmnx docs show it."""

    def __init__(self, ids: list[str], folder: Path) -> None:
        self.ids = ids
        self.rows = _stop_rows(ids)
        self.n = len(self.rows)
        self.xml = folder / "extract.osm"
        self.html = folder / "plain.html"
        self.snap_method = ""

    def convert(self) -> None:
        # graph_from_xml reads .osm/.osm.gz/.osm.bz2, not .osm.pbf: write the whole file as XML.
        import osmium

        with osmium.SimpleWriter(str(self.xml), overwrite=True) as writer:
            for obj in osmium.FileProcessor(str(PBF)):
                writer.add(obj)

    def load(self) -> nx.MultiDiGraph:
        import osmnx as ox

        return ox.graph_from_xml(self.xml)  # the raw file, osmnx defaults

    def snap(self, graph: nx.MultiDiGraph) -> tuple[list[int], list[float]]:
        import osmnx as ox

        # nearest_nodes needs scikit-learn for an unprojected graph; without it, project.
        lons = [r[3] for r in self.rows]
        lats = [r[2] for r in self.rows]
        try:
            import sklearn.neighbors  # noqa: F401  only: is it there?
        except ImportError:
            self.snap_method = (
                "nearest_nodes on project_graph(G) (no scikit-learn here for an unprojected "
                "graph; projecting is in snap+matrix)"
            )
            import geopandas as gpd
            from shapely.geometry import Point

            projected = ox.projection.project_graph(graph)
            pts = gpd.GeoSeries([Point(x, y) for x, y in zip(lons, lats, strict=True)], crs=4326)
            pts = pts.to_crs(projected.graph["crs"])
            nodes, dist = ox.distance.nearest_nodes(projected, pts.x, pts.y, return_dist=True)
        else:
            self.snap_method = "nearest_nodes(G) (scikit-learn BallTree)"
            nodes, dist = ox.distance.nearest_nodes(graph, lons, lats, return_dist=True)
        return [int(v) for v in nodes], [float(d) for d in dist]

    def route_all(
        self, graph: nx.MultiDiGraph, nodes: list[int]
    ) -> tuple[list[list[float]], dict[tuple[int, int], list[int] | None]]:
        import osmnx as ox

        meters = [[0.0] * self.n for _ in range(self.n)]
        routes: dict[tuple[int, int], list[int] | None] = {}
        for i, j in itertools.permutations(range(self.n), 2):
            route = ox.routing.shortest_path(graph, nodes[i], nodes[j], weight="length")
            routes[i, j] = route
            if route is None:
                meters[i][j] = float("inf")
            elif len(route) > 1:
                meters[i][j] = float(ox.routing.route_to_gdf(graph, route)["length"].sum())
        return meters, routes

    def order(self, meters: list[list[float]]) -> list[int]:
        import networkx as nx

        # one-way streets make plain distances slightly asymmetric: use the mean of both ways
        complete = nx.Graph()
        for i, j in itertools.combinations(range(self.n), 2):
            complete.add_edge(i, j, weight=(meters[i][j] + meters[j][i]) / 2)
        cycle = nx.approximation.traveling_salesman_problem(complete, weight="weight", cycle=True)
        return _round_trip(cycle)

    def geometry(
        self,
        graph: nx.MultiDiGraph,
        routes: dict[tuple[int, int], list[int] | None],
        tour: list[int],
    ) -> list[LatLon]:
        import osmnx as ox

        coords: list[LatLon] = []
        for a, b in itertools.pairwise(tour):
            route = routes[a, b]
            if route is None or len(route) < 2:
                continue
            for line in ox.routing.route_to_gdf(graph, route).geometry:
                part = [(lat, lon) for lon, lat in line.coords]
                coords.extend(part if not coords else part[1:])
        return coords

    def pipeline(self, *, with_convert: bool) -> tuple[dict[str, float], Result]:
        t: dict[str, float] = {}
        started = time.perf_counter()
        t["convert"] = _timed(self.convert)[0] if with_convert else 0.0
        t["load"], graph = _timed(self.load)
        t["snap"], (nodes, snap_m) = _timed(lambda: self.snap(graph))
        t["routing"], (meters, routes) = _timed(lambda: self.route_all(graph, nodes))
        t["order"], tour = _timed(lambda: self.order(meters))
        t["geometry"], coords = _timed(lambda: self.geometry(graph, routes, tour))
        t["map"], _ = _timed(lambda: _folium_map(self.rows, [coords], self.html))
        t["total"] = time.perf_counter() - started
        state = {"graph": graph, "nodes": nodes, "snap_m": snap_m, "meters": meters}
        return t, {**state, "routes": routes, "tour": tour, "coords": coords}

    def repeat_steps(self, state: Result) -> dict[str, float]:
        """The steps after loading once more, on the loaded graph."""
        graph, nodes = state["graph"], state["nodes"]
        return {
            "snap": _timed(lambda: self.snap(graph))[0],
            "routing": _timed(lambda: self.route_all(graph, nodes))[0],
            "order": _timed(lambda: self.order(state["meters"]))[0],
            "geometry": _timed(lambda: self.geometry(graph, state["routes"], state["tour"]))[0],
            "map": _timed(lambda: _folium_map(self.rows, [state["coords"]], self.html))[0],
        }


def run_plain(ids: list[str], repeats: int, folder: Path) -> Result:
    """The job with plain osmnx, networkx and folium, as the osmnx docs show it."""
    import_s = _import("plain")
    import osmnx as ox

    way = _PlainWay(ids, folder)
    cold, state = way.pipeline(with_convert=True)  # end to end cold: pbf -> XML -> ... -> map
    del state  # let the first graph go: a second one alive slows the cyclic GC down
    gc.collect()
    warm, state = way.pipeline(with_convert=False)  # the XML is kept; no other cache
    passes = [cold, warm] + [way.repeat_steps(state) for _ in range(repeats - 2)]
    graph, nodes = state["graph"], state["nodes"]

    # how the routing time splits between shortest_path and route_to_gdf (one pair)
    path_s, route = _timed(
        lambda: ox.routing.shortest_path(graph, nodes[0], nodes[1], weight="length")
    )

    def route_length() -> float:
        return float(ox.routing.route_to_gdf(graph, route)["length"].sum())

    gdf_s, _ = _timed(route_length)

    steps = ("snap", "routing", "order", "geometry", "map")
    return {
        "import_s": import_s,
        "convert_s": cold["convert"],
        "load_cold_s": cold["convert"] + cold["load"],
        "graph_from_xml_cold_s": cold["load"],
        "load_warm_s": warm["load"],
        **{f"{k}_s": min(p[k] for p in passes) for k in steps},
        "snap_matrix_s": min(p["snap"] + p["routing"] for p in passes),
        "shortest_path_one_s": path_s,
        "route_to_gdf_one_s": gdf_s,
        "e2e_cold_s": cold["total"],
        "e2e_warm_s": warm["total"],
        "measurements": len(passes),
        "nodes": len(graph),
        "edges": graph.number_of_edges(),
        "xml_bytes": way.xml.stat().st_size,
        "html_bytes": way.html.stat().st_size,
        "snap_m": state["snap_m"],
        "meters": state["meters"],
        "tour": [ids[i] for i in state["tour"]],
        "snap_method": way.snap_method,
        "osmnx": ox.__version__,
        "peak_mb": _peak_mb(),
    }


# --- child: a competent user's osmnx ------------------------------------------------------


def route_line(graph: nx.MultiDiGraph, route: list[int]) -> list[LatLon]:
    """The route's line from its edges' geometries (what ``route_to_gdf`` draws)."""
    coords: list[LatLon] = []
    for u, v in itertools.pairwise(route):
        data = min(graph[u][v].values(), key=lambda d: d["length"])
        start = (graph.nodes[u]["x"], graph.nodes[u]["y"])
        if "geometry" in data:
            xy = list(data["geometry"].coords)
            if xy[0] != start:
                xy.reverse()
        else:
            xy = [start, (graph.nodes[v]["x"], graph.nodes[v]["y"])]
        part = [(y, x) for x, y in xy]
        coords.extend(part if not coords else part[1:])
    return coords


class _CompetentWay:
    """The job as a competent osmnx user writes it.

    Only walkable ways go into the XML, osmnx builds its walk network from them
    (``bidirectional=True``; simplified, the largest part), ``nearest_nodes`` snaps,
    one Dijkstra per stop gives every distance, LKH (elkai) the order, one more
    (bidirectional) Dijkstra per leg its path, the edges' geometries its line; the graph
    is saved as GraphML for the next run (the "warm" load).
    """

    def __init__(self, ids: list[str], folder: Path) -> None:
        self.rows = _stop_rows(ids)
        self.n = len(self.rows)
        self.xml = folder / "walk.osm"
        self.saved = folder / "walk.graphml"
        self.html = folder / "competent.html"

    def convert(self) -> None:
        # The walk filter is osmnx's, plus the two kinds of ways safari also keeps (roads
        # with separately mapped sidewalks, cycleways that allow walking): with osmnx's
        # filter alone, this Delft extract falls apart into islands (west Wippolder is
        # reached over cycle bridges only), and both ways must route on the same ways.
        from tests.osm_walk_xml import write_walk_xml

        write_walk_xml(PBF, "pbf", self.xml)

    def load_cold(self) -> nx.MultiDiGraph:
        import osmnx as ox

        graph = ox.graph_from_xml(self.xml, bidirectional=True)
        ox.save_graphml(graph, self.saved)
        return graph

    def load_warm(self) -> nx.MultiDiGraph:
        import osmnx as ox

        return ox.load_graphml(self.saved)

    def snap(self, graph: nx.MultiDiGraph) -> tuple[list[int], list[float]]:
        import osmnx as ox

        lons = [r[3] for r in self.rows]
        lats = [r[2] for r in self.rows]
        nodes, dist = ox.distance.nearest_nodes(graph, lons, lats, return_dist=True)
        return [int(v) for v in nodes], [float(d) for d in dist]

    def matrix(self, graph: nx.MultiDiGraph, nodes: list[int]) -> list[list[float]]:
        import networkx as nx

        meters = [[0.0] * self.n for _ in range(self.n)]
        for i, source in enumerate(nodes):
            dist = nx.single_source_dijkstra_path_length(graph, source, weight="length")
            for j, target in enumerate(nodes):
                meters[i][j] = float(dist.get(target, float("inf"))) if i != j else 0.0
        return meters

    def order(self, meters: list[list[float]]) -> list[int]:
        import elkai

        # elkai works on integers: centimetres; an unreachable pair costs a lot
        scaled = [[round(100 * m) if m < float("inf") else 10**9 for m in row] for row in meters]
        return _round_trip(elkai.DistanceMatrix(scaled).solve_tsp())

    def geometry(
        self, graph: nx.MultiDiGraph, nodes: list[int], tour: list[int]
    ) -> list[list[LatLon]]:
        import networkx as nx

        lines = []
        for a, b in itertools.pairwise(tour):
            route = nx.shortest_path(graph, nodes[a], nodes[b], weight="length")
            lines.append(route_line(graph, route))
        return lines

    def pipeline(
        self, load: Callable[[], nx.MultiDiGraph], *, with_convert: bool
    ) -> tuple[dict[str, float], Result]:
        t: dict[str, float] = {}
        started = time.perf_counter()
        t["convert"] = _timed(self.convert)[0] if with_convert else 0.0
        t["load"], graph = _timed(load)
        t["snap"], (nodes, snap_m) = _timed(lambda: self.snap(graph))
        t["matrix"], meters = _timed(lambda: self.matrix(graph, nodes))
        t["order"], tour = _timed(lambda: self.order(meters))
        t["geometry"], lines = _timed(lambda: self.geometry(graph, nodes, tour))
        t["map"], _ = _timed(lambda: _folium_map(self.rows, lines, self.html))
        t["total"] = time.perf_counter() - started
        return t, {"graph": graph, "snap_m": snap_m, "meters": meters, "tour": tour}


def run_competent(ids: list[str], repeats: int, folder: Path) -> Result:
    """The job as a competent osmnx user writes it (see `_CompetentWay`)."""
    import_s = _import("competent")
    way = _CompetentWay(ids, folder)
    cold, state = way.pipeline(way.load_cold, with_convert=True)
    del state
    gc.collect()
    warms = [way.pipeline(way.load_warm, with_convert=False) for _ in range(repeats)]
    best = {k: min(w[k] for w, _ in warms) for k in warms[0][0]}
    state = warms[-1][1]
    graph = state["graph"]
    return {
        "import_s": import_s,
        "convert_s": cold["convert"],
        "load_cold_s": cold["convert"] + cold["load"],
        "load_warm_s": best["load"],
        "snap_matrix_s": best["snap"] + best["matrix"],
        "routing_s": best["matrix"],
        "order_s": best["order"],
        "geometry_s": best["geometry"],
        "map_s": best["map"],
        "e2e_cold_s": cold["total"],
        "e2e_warm_s": best["total"],
        "measurements": len(warms),
        "nodes": len(graph),
        "edges": graph.number_of_edges(),
        "length_m": float(sum(d for _, _, d in graph.edges(data="length"))),
        "xml_bytes": way.xml.stat().st_size,
        "html_bytes": way.html.stat().st_size,
        "snap_m": state["snap_m"],
        "meters": state["meters"],
        "tour": [ids[i] for i in state["tour"]],
        "peak_mb": _peak_mb(),
    }


# --- child: safari ----------------------------------------------------------------------


def run_safari(ids: list[str], repeats: int, folder: Path) -> Result:
    """The job with safari's network, routing, tour and render modules."""
    _hide_sklearn()
    import_s = _import("safari")
    from safari.network import walking_graph, walking_network
    from safari.render import render_map
    from safari.routing import walking_matrix
    from safari.tour import plan_safari

    stops = _stops_gdf(_stop_rows(ids), folder)
    start = str(stops["id"].iloc[0])
    html = folder / "safari.html"

    def new_cache() -> None:
        _fresh_cache(folder)

    def load() -> nx.MultiDiGraph:
        return walking_graph(PBF, around=stops)

    load_cold_s, graph = _best_of(repeats, load, before=new_cache)
    assert graph.graph["safari_cache"] == "miss"
    load_warm_s, graph = _best_of(repeats, load)  # same cache folder as the last cold load
    assert graph.graph["safari_cache"] == "hit"

    def first_matrix_on_a_new_graph() -> float:
        fresh = walking_graph(PBF, around=stops)  # from the cache: a new graph object
        return _timed(lambda: walking_matrix(fresh, stops))[0]

    matrix_first_s = min(first_matrix_on_a_new_graph() for _ in range(repeats))
    matrix_s, matrix = _best_of(repeats, lambda: walking_matrix(graph, stops))
    plan_s, plan = _best_of(repeats, lambda: plan_safari(stops, matrix, start=start))
    legs = [(leg.from_id, leg.to_id) for leg in plan.groups[0].legs]
    geometry_s, _ = _best_of(repeats, lambda: [matrix.leg_geometry(a, b) for a, b in legs])
    map_s, _ = _best_of(repeats, lambda: render_map(plan, html))

    def pipeline() -> nx.MultiDiGraph:
        g = walking_graph(PBF, around=stops)
        m = walking_matrix(g, stops)
        render_map(plan_safari(stops, m, start=start), html)
        return g

    e2e_cold_s, last = _best_of(repeats, pipeline, before=new_cache)
    assert last.graph["safari_cache"] == "miss"
    e2e_warm_s, last = _best_of(repeats, pipeline)
    assert last.graph["safari_cache"] == "hit"
    whole = walking_network(PBF, use_cache=False)  # not timed: the unclipped network
    return {
        "import_s": import_s,
        "load_cold_s": load_cold_s,
        "load_warm_s": load_warm_s,
        "snap_matrix_s": matrix_s,
        "snap_matrix_first_s": matrix_first_s,
        "order_s": plan_s,
        "geometry_s": geometry_s,
        "map_s": map_s,
        "e2e_cold_s": e2e_cold_s,
        "e2e_warm_s": e2e_warm_s,
        "measurements": repeats,
        "nodes": len(graph),
        "edges": graph.number_of_edges(),
        "whole_nodes": len(whole),
        "whole_edges": whole.number_of_edges(),
        "whole_length_m": whole.total_length(),
        "html_bytes": html.stat().st_size,
        "snap_m": [s.distance_m for s in matrix.snaps],
        "meters": matrix.meters.tolist(),
        "tour": plan.groups[0].order,
        "tour_m": plan.groups[0].total_meters,
        "warnings": list(plan.warnings),
        "peak_mb": _peak_mb(),
    }


def run_safari_sklearn(ids: list[str], repeats: int, folder: Path) -> Result:
    """safari's imports when scikit-learn is installed too (osmnx then imports it)."""
    del ids, repeats, folder
    return {"import_s": _import("safari"), "sklearn": "sklearn" in sys.modules}


#: The ways, run in this order after the probe.
WAYS = ("plain", "competent", "safari", "safari-sklearn")
CHILDREN: dict[str, Callable[[list[str], int, Path], Result]] = {
    "probe": run_probe,
    "plain": run_plain,
    "competent": run_competent,
    "safari": run_safari,
    "safari-sklearn": run_safari_sklearn,
}


# --- parent: run the children, compare, report -------------------------------------------


def _child(way: str, ids: list[str], repeats: int, folder: Path) -> Result:
    out = folder / f"{way}.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", way]
    cmd += ["--ids", ",".join(ids), "--repeats", str(repeats), "--workdir", str(folder)]
    print(f"… {way}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    subprocess.run(cmd, cwd=REPO, check=True)  # noqa: S603, RUF100  this script, this interpreter
    result: Result = json.loads(out.read_text(encoding="utf-8"))
    result["child_wall_s"] = time.perf_counter() - started
    return result


def _s(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds:.3g}" if seconds < 100 else f"{seconds:.0f}"


def _x(baseline: float | None, ours: float | None) -> str:
    if baseline is None or ours is None or ours <= 0:
        return ""
    ratio = baseline / ours
    if ratio < 1:
        return f"{ratio:.2g}×"
    return f"{ratio:.1f}×" if ratio < 100 else f"{ratio:,.0f}×"


def _table(
    head: str, rows: list[tuple[str, float | None, float | None]], peaks: tuple[float, float]
) -> list[str]:
    lines = [f"| step | {head} (s) | safari (s) | ratio {head.split(maxsplit=1)[0]}/safari |"]
    lines.append("| --- | ---: | ---: | ---: |")
    lines += [f"| {label} | {_s(b)} | {_s(s)} | {_x(b, s)} |" for label, b, s in rows]
    lines.append(
        f"| peak memory (MB, ru_maxrss) | {peaks[0]:.0f} | {peaks[1]:.0f} "
        f"| {peaks[0] / peaks[1]:.1f}× |"
    )
    return lines


def _competent_table(c: Result, s: Result) -> list[str]:
    rows: list[tuple[str, float | None, float | None]] = [
        ("imports", c["import_s"], s["import_s"]),
        ("load (cold)", c["load_cold_s"], s["load_cold_s"]),
        ("  of which pbf → walk XML (osmnx only)", c["convert_s"], None),
        ("load (warm cache)", c["load_warm_s"], s["load_warm_s"]),
        ("snap+matrix", c["snap_matrix_s"], s["snap_matrix_s"]),
        ("  matrix: one Dijkstra per stop vs walking_matrix", c["routing_s"], s["snap_matrix_s"]),
        ("order", c["order_s"], s["order_s"]),
        ("geometry", c["geometry_s"], s["geometry_s"]),
        ("map write", c["map_s"], s["map_s"]),
        ("end to end cold", c["e2e_cold_s"], s["e2e_cold_s"]),
        ("end to end warm", c["e2e_warm_s"], s["e2e_warm_s"]),
        (
            "imports + end to end cold",
            c["import_s"] + c["e2e_cold_s"],
            s["import_s"] + s["e2e_cold_s"],
        ),
        (
            "**imports + end to end warm (what a user feels)**",
            c["import_s"] + c["e2e_warm_s"],
            s["import_s"] + s["e2e_warm_s"],
        ),
    ]
    return _table("competent osmnx", rows, (c["peak_mb"], s["peak_mb"]))


def _plain_table(p: Result, s: Result) -> list[str]:
    rows: list[tuple[str, float | None, float | None]] = [
        ("imports", p["import_s"], s["import_s"]),
        ("load (cold)", p["load_cold_s"], s["load_cold_s"]),
        ("  of which pbf → OSM XML (plain only)", p["convert_s"], None),
        ("load (warm: graph_from_xml again)", p["load_warm_s"], s["load_warm_s"]),
        ("snap+matrix, first call on a graph", p["snap_matrix_s"], s["snap_matrix_first_s"]),
        ("snap+matrix, again on that graph", p["snap_matrix_s"], s["snap_matrix_s"]),
        ("  matrix: per-pair routing vs walking_matrix", p["routing_s"], s["snap_matrix_s"]),
        ("order", p["order_s"], s["order_s"]),
        ("geometry", p["geometry_s"], s["geometry_s"]),
        ("map write", p["map_s"], s["map_s"]),
        ("end to end cold", p["e2e_cold_s"], s["e2e_cold_s"]),
        ("end to end warm", p["e2e_warm_s"], s["e2e_warm_s"]),
        (
            "imports + end to end warm",
            p["import_s"] + p["e2e_warm_s"],
            s["import_s"] + s["e2e_warm_s"],
        ),
    ]
    return _table("plain osmnx", rows, (p["peak_mb"], s["peak_mb"]))


def _goals(p: Result, c: Result, s: Result) -> list[str]:
    lines = ["", "## Goals (measured against both baselines)", ""]
    for goal, target in GOALS.items():
        if goal == "matrix":
            against = {"competent": c["routing_s"], "plain": p["routing_s"]}
            ours = s["snap_matrix_s"]
        else:
            against = {"competent": c["e2e_warm_s"], "plain": p["e2e_warm_s"]}
            ours = s["e2e_warm_s"]
        parts = []
        for name, value in against.items():
            got = value / ours
            verdict = "met" if got >= target else f"MISSED, {target / got:.1f}× short"
            parts.append(f"vs {name} {got:,.1f}× (**{verdict}**)")
        lines.append(f"- {goal} ≥ {target:g}×: " + "; ".join(parts))
    return lines


def _answers(p: Result, c: Result, s: Result, probe: Result) -> list[str]:
    import numpy as np

    ids: list[str] = probe["ids"]
    names = {row[0]: row[1] for row in STOPS}
    index = {stop: k for k, stop in enumerate(ids)}
    off = ~np.eye(len(ids), dtype=bool)
    sm = np.array(s["meters"], dtype=float)

    def walk(tour: list[str], meters: np.ndarray) -> float:
        return float(sum(meters[index[a], index[b]] for a, b in itertools.pairwise(tour)))

    def worst(meters: np.ndarray) -> str:
        diff = np.abs(meters - sm)
        np.fill_diagonal(diff, 0.0)
        i, j = np.unravel_index(int(np.argmax(diff)), diff.shape)
        return (
            f"max |difference| {diff.max():.0f} m ({names[ids[i]]} → {names[ids[j]]}: "
            f"{meters[i, j]:.0f} m vs safari {sm[i, j]:.0f} m), mean {diff[off].mean():.0f} m"
        )

    cm = np.array(c["meters"], dtype=float)
    pm = np.array(p["meters"], dtype=float)
    relative = np.abs(cm[off] / sm[off] - 1)
    far = int(np.argmax(c["snap_m"]))
    lines = [
        "",
        "## Same job, same answer?",
        "",
        (
            f"- Graph: competent {c['nodes']:,} nodes / {c['edges']:,} edges / "
            f"{c['length_m'] / 1000:,.3f} km; safari on the same whole file {s['whole_nodes']:,} / "
            f"{s['whole_edges']:,} / {s['whole_length_m'] / 1000:,.3f} km (safari clips to the "
            f"stops + 500 m for the job: {s['nodes']:,} / {s['edges']:,}); plain {p['nodes']:,} / "
            f"{p['edges']:,} (raw file: every way is an edge, one-way streets directed)."
        ),
        (
            f"- Routable: competent {int(np.isfinite(cm[off]).sum())} of {off.sum()} ordered "
            f"pairs, safari {int(np.isfinite(sm[off]).sum())}."
        ),
        (
            f"- Distances, competent vs safari: {worst(cm)}; relative difference median "
            f"{np.median(relative):.1%}, max {relative.max():.1%} over {off.sum()} ordered pairs. "
            "competent routes node to node (the nearest node of the simplified graph); safari "
            "from the nearest point on the nearest walkable edge. The largest differences are "
            f"at {names[ids[far]]}: its nearest node is {c['snap_m'][far]:.0f} m away, its "
            f"nearest edge {s['snap_m'][far]:.0f} m (a long path with no junction near it)."
        ),
        (
            f"- Snap distance: competent (node) max {max(c['snap_m']):.0f} m, "
            f"plain (node) max {max(p['snap_m']):.0f} m, "
            f"safari (edge) max {max(s['snap_m']):.0f} m."
        ),
        (
            f"- Round trip: competent order (LKH) {walk(c['tour'], cm):.0f} m on its own "
            f"distances, {walk(c['tour'], sm):.0f} m on safari's; safari order (Held–Karp, exact) "
            f"{s['tour_m']:.0f} m; plain order (Christofides) {walk(p['tour'], pm):.0f} m on plain "
            f"distances, {walk(p['tour'], sm):.0f} m on safari's."
        ),
        (
            f"- Distances, plain vs safari: {worst(pm)}. plain routes over the raw graph, so its "
            "routes may follow ways nobody walks, and one-way streets count for walkers too."
        ),
        (
            f"- Files: OSM XML competent {c['xml_bytes'] / 1e6:.1f} MB, plain "
            f"{p['xml_bytes'] / 1e6:.1f} MB; map HTML competent {c['html_bytes'] / 1e3:.0f} kB, "
            f"plain {p['html_bytes'] / 1e3:.0f} kB, safari {s['html_bytes'] / 1e3:.0f} kB "
            "(safari's page works offline: Leaflet is inlined; folium links a CDN)."
        ),
    ]
    if probe["problems"]:
        left_out = [names[k] for k, *_ in STOPS if k not in ids]
        first = probe["problems"][0].splitlines()
        lines.append(
            f"- **Left out of every way** (safari could not route them): {', '.join(left_out)}. "
            f"safari said: {first[0]} {' '.join(x.strip() for x in first[1:])}"
        )
    if s.get("warnings"):
        lines.append(f"- safari warnings: {'; '.join(s['warnings'])}")
    return lines


def _how(p: Result, c: Result, s: Result, sk: Result) -> list[str]:
    return [
        "",
        "## How it was measured",
        "",
        (
            "- Each way in its own fresh Python process (peak memory per way). The imports row is "
            "the time to import what the way uses: competent "
            f"`{'`, `'.join(IMPORTS['competent'])}`; plain `{'`, `'.join(IMPORTS['plain'])}`; "
            f"safari `{'`, `'.join(IMPORTS['safari'])}`."
        ),
        (
            "- safari runs without scikit-learn (no dependency of safari; osmnx imports it when it "
            f"is there): with it installed, safari's imports took {sk['import_s']:.2f} s "
            f"instead of {s['import_s']:.2f} s in this run."
        ),
        (
            "- competent: pyosmium writes the walkable ways and their nodes as OSM XML "
            "(`tests/osm_walk_xml.py`: osmnx's walk filter plus roads with `sidewalk=separate` and "
            "cycleways that allow walking, as safari keeps; osmnx's filter alone cuts this extract "
            "into islands); `osmnx.graph_from_xml(xml, bidirectional=True)` (simplified, largest "
            "part), `save_graphml` in the cold run, `load_graphml` in the warm runs; "
            "`nearest_nodes(G, lon, lat)` (scikit-learn BallTree); "
            '`networkx.single_source_dijkstra_path_length(G, stop, weight="length")` once per '
            "stop; `elkai.DistanceMatrix(centimetres).solve_tsp()`; per leg "
            '`networkx.shortest_path(G, a, b, weight="length")` (bidirectional Dijkstra) and the '
            "edges' `geometry` for the line; a default `folium.Map` with a Marker+Popup per stop "
            "and a PolyLine per leg, `save`d. Cold is one run; warm rows best of "
            f"{c['measurements']}."
        ),
        (
            "- plain: pyosmium writes the whole pbf as OSM XML; `osmnx.graph_from_xml(xml)` with "
            f"its defaults on that raw file; {p['snap_method']}; "
            '`osmnx.routing.shortest_path(G, a, b, weight="length")` + `route_to_gdf(...)'
            '["length"].sum()` for every ordered pair (one pair: shortest_path '
            f"{p['shortest_path_one_s'] * 1e3:.0f} ms, route_to_gdf "
            f"{p['route_to_gdf_one_s'] * 1e3:.0f} ms); order by "
            "`networkx.approximation.traveling_salesman_problem` (Christofides) on the complete "
            "graph of mean(a→b, b→a); `route_to_gdf` per leg for the line; the same folium map. "
            'plain has no cache: "load (warm)" calls `graph_from_xml` again on the kept XML. Its '
            "load and end-to-end rows are single runs; the later steps best of "
            f"{p['measurements']}."
        ),
        (
            "- safari: `walking_graph(path, around=stops)` with `SAFARI_CACHE_DIR` set to a new "
            "empty folder for every cold run, the same folder for warm runs; `walking_matrix`; "
            '`plan_safari` ("order" includes the schedule and every leg\'s geometry); '
            '"geometry" is `matrix.leg_geometry` for every leg alone; `render_map`. Best of '
            f"{s['measurements']} runs each, end to end included."
        ),
        (
            "- Ratios are baseline / safari; seconds from `time.perf_counter`. The machine is "
            "shared (see the load average): read the ratios, not the seconds."
        ),
    ]


def report(results: dict[str, Result], probe: Result, *, quick: bool) -> str:
    p, c, s = results["plain"], results["competent"], results["safari"]
    ids: list[str] = probe["ids"]
    lines = [
        "# safari vs a competent osmnx script (and plain osmnx)",
        "",
        (
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {platform.platform()} · "
            f"{os.cpu_count()} CPUs (1-min load average {os.getloadavg()[0]:.1f} at the end) · "
            f"Python {platform.python_version()} · osmnx {p['osmnx']} · "
            f"mode {'--quick' if quick else 'full'}"
        ),
        "",
        f"Extract `{PBF.as_posix()}`; {len(ids)} stops; round trip from `{ids[0]}`.",
        "",
        "## What a user feels: a competent osmnx script vs safari",
        "",
        (
            "The fair baseline: osmnx on the walkable ways only (filtered while converting the "
            "pbf), `nearest_nodes`, one Dijkstra per stop, LKH (elkai) for the order, the edges' "
            "geometries for the lines, a default folium map; GraphML as its warm cache. Imports "
            "count: they are what a user waits for."
        ),
        "",
        *_competent_table(c, s),
        "",
        "## Second table: plain osmnx as its docs show it (raw file, pair by pair)",
        "",
        *_plain_table(p, s),
        *_goals(p, c, s),
        *_answers(p, c, s, probe),
        *_how(p, c, s, results["safari-sklearn"]),
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (1 instead of 3)")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--ids", help=argparse.SUPPRESS)
    parser.add_argument("--repeats", type=int, default=3, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    os.chdir(REPO)
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))

    if args.child:
        ids = args.ids.split(",")
        folder = Path(tempfile.mkdtemp(prefix=f"{args.child}-", dir=args.workdir))
        result = CHILDREN[args.child](ids, args.repeats, folder)
        out = args.workdir / f"{args.child}.json"
        out.write_text(json.dumps(result), encoding="utf-8")
        return 0

    if not PBF.is_file():
        print(f"Cannot find {PBF} (run from the repository root; see benchmarks/README.md).")
        return 1
    repeats = 1 if args.quick else 3
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="safari-bench-") as tmp:
        folder = Path(tmp)
        probe_r = _child("probe", [row[0] for row in STOPS], 1, folder)
        ids = probe_r["ids"]
        if len(ids) < 2:
            print("safari could route fewer than 2 stops:\n" + "\n".join(probe_r["problems"]))
            return 1
        results = {way: _child(way, ids, repeats, folder) for way in WAYS}
    text = report(results, probe_r, quick=args.quick)
    text += f"\nWhole benchmark: {time.perf_counter() - started:.0f} s.\n"
    LATEST.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
