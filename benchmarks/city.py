"""City scale: safari, a competent osmnx script and plain osmnx on Porto (156k walk edges).

Run from the repository root::

    python benchmarks/city.py [--quick] [--full-reference]

The job, on ``pt_porto_2015_highways_mid.osm.pbf`` (Porto and Gaia's core, 23k nodes):
load the walking network, reload it from a cache, snap 100 venues, distances between
10, 50 and 100 of them, order them, draw the legs, write a map. Each step is measured
against what a competent osmnx user writes (the walk-filtered XML, ``nearest_nodes`` with
scikit-learn, one Dijkstra per stop, LKH for the order, the edges' geometries for the
lines) and, as a second column, against the plain osmnx way (no scikit-learn, routing pair
by pair, Christofides, ``route_to_gdf``), in the same run. Every measurement runs in its
own child process (a fresh interpreter), so that peak memory (``ru_maxrss``) and import
time are per step. Then the loader on the full Porto file (63k nodes), whose osmnx
reference only runs with ``--full-reference`` (1-3 minutes, 1.7 GB); otherwise the figure
in ``../shared/osm/SOURCES.md`` is quoted.

The table goes to stdout and to ``benchmarks/city.md``. Goals are measured and reported,
never asserted: the exit code is 0 whether or not they are met.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import json
import os
import platform
import random
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

    from safari.network_arrays import WalkingNetwork

from run import route_line  # the same competent line drawing as the district benchmark

REPO = Path(__file__).resolve().parent.parent
# Relative to the repository root (the script changes into it); never copied into the repo.
MID = Path("../shared/osm/pt_porto_2015_highways_mid.osm.pbf")
FULL = Path("../shared/osm/pt_porto_2015_highways.osm.pbf")
LATEST = Path("benchmarks/city.md")

#: Venues are drawn at random (seeded) near junctions of this box: Porto's centre and the
#: Gaia riverside across the Douro (about 7.5 x 6.7 km).
VENUE_BOX = (-8.66, 41.12, -8.57, 41.18)
SIZES = (10, 50, 100)
#: Quoted when the full-Porto osmnx reference is not run (SOURCES.md, 2 cores).
FULL_REFERENCE = "138–189 s, peak RSS 1.7–1.9 GB (SOURCES.md)"
#: What each way imports before its first step: what its user waits for first. osmnx
#: imports scikit-learn itself when it is installed (``nearest_nodes`` needs it).
IMPORTS = {
    "competent": ("elkai", "folium", "networkx", "osmium", "osmnx", "sklearn.neighbors"),
    "safari": ("safari.network", "safari.render", "safari.routing", "safari.tour"),
}

T = TypeVar("T")
Result = dict[str, Any]
LatLon = tuple[float, float]


# --- small helpers ----------------------------------------------------------------------


def _timed(fn: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def _best_of(n: int, fn: Callable[[], T]) -> tuple[float, T]:
    best, value = _timed(fn)
    for _ in range(n - 1):
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
    this venv it is, for the competent baseline. benchmarks/run.py measures that cost.
    """
    sys.modules["sklearn"] = None  # type: ignore[assignment]  # makes `import sklearn` fail


def _venues(folder: Path) -> gpd.GeoDataFrame:
    """The venues written by the prep child, as the GeoDataFrame safari's readers return."""
    import geopandas as gpd
    from shapely.geometry import Point

    rows = json.loads((folder / "venues.json").read_text(encoding="utf-8"))
    return gpd.GeoDataFrame(
        {
            "id": [r[0] for r in rows],
            "naam": [r[1] for r in rows],
            "bron_rij": list(range(2, len(rows) + 2)),
        },
        geometry=[Point(r[2], r[3]) for r in rows],
        crs="EPSG:4326",
    )


def _use_cache(folder: Path) -> None:
    os.environ["SAFARI_CACHE_DIR"] = str(folder / "safari-cache")


def _tour_order(folder: Path, n: int) -> list[int]:
    """safari's order of the first ``n`` venues: both baselines draw the same legs."""
    route = json.loads((folder / "safari_route.json").read_text(encoding="utf-8"))
    return [int(i) for i in route[f"tour{n}_order"]]


def _folium_map(venues: gpd.GeoDataFrame, lines: list[list[LatLon]], html: Path) -> None:
    """A default folium map: a marker with a popup per venue, a polyline per line."""
    import folium

    lon, lat = venues.geometry.x.to_numpy(), venues.geometry.y.to_numpy()
    fmap = folium.Map(location=(float(lat.mean()), float(lon.mean())), zoom_start=15)
    for name, y, x in zip(venues["naam"], lat, lon, strict=True):
        folium.Marker((y, x), popup=folium.Popup(str(name))).add_to(fmap)
    for line in lines:
        folium.PolyLine(line).add_to(fmap)
    fmap.save(str(html))


# --- children -----------------------------------------------------------------------------


def run_prep(folder: Path, args: argparse.Namespace) -> Result:
    """Draw the venues; write the walk-filtered OSM XML the osmnx ways read."""
    import numpy as np

    from safari import network
    from tests.osm_walk_xml import write_walk_xml  # the repository root is on sys.path

    net = network.walking_network(MID, use_cache=False)
    rng = np.random.default_rng(20261128)
    west, south, east, north = VENUE_BOX
    inside = np.flatnonzero((net.x > west) & (net.x < east) & (net.y > south) & (net.y < north))
    chosen = rng.choice(inside, max(SIZES), replace=False)
    lon = net.x[chosen] + rng.uniform(-2e-4, 2e-4, len(chosen))  # up to ~20 m off the street
    lat = net.y[chosen] + rng.uniform(-2e-4, 2e-4, len(chosen))
    rows = [
        [f"plek-{i + 1}", f"Plek {i + 1}", float(x), float(y)]
        for i, (x, y) in enumerate(zip(lon, lat, strict=True))
    ]
    (folder / "venues.json").write_text(json.dumps(rows), encoding="utf-8")
    xml_s, _ = _timed(lambda: write_walk_xml(MID, "pbf", folder / "mid-walk.osm"))
    result: Result = {"xml_s": xml_s, "xml_bytes": (folder / "mid-walk.osm").stat().st_size}
    if args.full_reference:
        write_walk_xml(FULL, "pbf", folder / "full-walk.osm")
    return result


def run_plain_load(folder: Path, args: argparse.Namespace) -> Result:
    """osmnx.graph_from_xml on the walk-filtered XML (osmnx's defaults for a walk network)."""
    _hide_sklearn()  # loading needs no scikit-learn: leave its memory out of osmnx's peak
    import_s, ox = _timed(lambda: importlib.import_module("osmnx"))
    base_mb = _peak_mb()
    xml = folder / ("full-walk.osm" if args.which == "full" else "mid-walk.osm")
    load_s, graph = _timed(lambda: ox.graph_from_xml(xml, bidirectional=True))
    peak = _peak_mb()
    result: Result = {
        "import_s": import_s,
        "import_mb": base_mb,
        "load_s": load_s,
        "peak_mb": peak,
        "nodes": len(graph),
        "edges": graph.number_of_edges(),
        "length_m": float(sum(d for _, _, d in graph.edges(data="length"))),
        "osmnx": ox.__version__,
    }
    if args.which != "full":
        result["save_s"], _ = _timed(lambda: ox.save_graphml(graph, folder / "plain.graphml"))
        result["graphml_bytes"] = (folder / "plain.graphml").stat().st_size
    return result


def run_safari_load(folder: Path, args: argparse.Namespace) -> Result:
    """safari's loader, cold (an empty cache folder): arrays, then the networkx graph."""
    _hide_sklearn()
    import_s, _ = _timed(lambda: importlib.import_module("safari.network"))
    from safari.network import walking_network

    base_mb = _peak_mb()
    source = FULL if args.which == "full" else MID
    if args.which == "full":
        load_s, net = _timed(lambda: walking_network(source, use_cache=False))
    else:
        _use_cache(folder)
        load_s, net = _timed(lambda: walking_network(source))
        assert net.graph["safari_cache"] == "miss"
    peak = _peak_mb()
    graph_s, graph = _timed(net.to_networkx)
    cache = sorted((folder / "safari-cache" / "networks").glob("*.npz"))
    return {
        "import_s": import_s,
        "import_mb": base_mb,
        "load_s": load_s,
        "peak_mb": peak,
        "graph_s": graph_s,
        "graph_peak_mb": _peak_mb(),
        "nodes": len(net),
        "edges": net.number_of_edges(),
        "length_m": net.total_length(),
        "graph_nodes": len(graph),
        "cache_bytes": cache[0].stat().st_size if cache else None,
    }


def run_plain_reload(folder: Path, args: argparse.Namespace) -> Result:
    """osmnx.load_graphml of the graph the load step saved."""
    del args
    _hide_sklearn()
    import osmnx as ox

    load_s, graph = _timed(lambda: ox.load_graphml(folder / "plain.graphml"))
    return {"load_s": load_s, "peak_mb": _peak_mb(), "nodes": len(graph)}


def run_safari_reload(folder: Path, args: argparse.Namespace) -> Result:
    """safari's network from its cache: arrays, and as a networkx graph."""
    _hide_sklearn()
    from safari.network import walking_graph, walking_network

    _use_cache(folder)
    load_s, net = _best_of(args.repeats, lambda: walking_network(MID))
    assert net.graph["safari_cache"] == "hit"
    peak = _peak_mb()
    graph_s, graph = _best_of(args.repeats, lambda: walking_graph(MID))
    assert graph.graph["safari_cache"] == "hit"
    return {"load_s": load_s, "peak_mb": peak, "graph_s": graph_s, "graph_peak_mb": _peak_mb()}


def run_safari_route(folder: Path, args: argparse.Namespace) -> Result:
    """Snap, matrices, order, legs and map with safari (network from the cache)."""
    _hide_sklearn()
    result: Result = {"import_s": _import("safari")}
    import numpy as np

    from safari._order import best_order
    from safari.network import walking_network
    from safari.render import render_map
    from safari.routing import snap_stops, walking_matrix
    from safari.tour import plan_safari

    _use_cache(folder)
    venues = _venues(folder)

    def first_call(fn: Callable[[WalkingNetwork], object]) -> float:
        """Best time of ``fn`` on a network no matrix has seen (lines not yet projected)."""
        times = []
        for _ in range(args.repeats):
            net = walking_network(MID)
            times.append(_timed(lambda net=net: fn(net))[0])
        return min(times)

    result["snap_first_s"] = first_call(lambda net: snap_stops(net, venues))
    net = walking_network(MID)
    snap_stops(net, venues)
    result["snap_s"], _ = _best_of(args.repeats, lambda: snap_stops(net, venues))
    matrices = {}
    for n in SIZES:
        stops = venues.iloc[:n].reset_index(drop=True)
        result[f"matrix{n}_first_s"] = first_call(
            lambda net, stops=stops: walking_matrix(net, stops)
        )
        seconds, matrix = _best_of(args.repeats, lambda stops=stops: walking_matrix(net, stops))
        reference = walking_matrix(net, stops, bounded=False)
        result[f"matrix{n}_s"] = seconds
        result[f"matrix{n}_deviation_m"] = float(np.abs(matrix.meters - reference.meters).max())
        result[f"matrix{n}_unbounded_s"], _ = _best_of(
            args.repeats, lambda stops=stops: walking_matrix(net, stops, bounded=False)
        )
        matrices[n] = matrix
    big = matrices[max(SIZES)]
    (folder / "meters.json").write_text(json.dumps(big.meters.tolist()), encoding="utf-8")
    result["max_walk_m"] = float(big.meters.max())
    result["snap_max_m"] = max(s.distance_m for s in big.snaps)

    for n in (10, max(SIZES)):
        seconds, order = _best_of(
            args.repeats, lambda n=n: best_order(matrices[n].meters, start=0, end=0)
        )
        result[f"tour{n}_s"] = seconds
        result[f"tour{n}_m"] = float(
            sum(matrices[n].meters[a, b] for a, b in itertools.pairwise(order))
        )
        result[f"tour{n}_order"] = [int(i) for i in order]
    ids = big.stop_ids
    legs = [(ids[a], ids[b]) for a, b in itertools.pairwise(result[f"tour{max(SIZES)}_order"])]
    seconds, lines = _best_of(args.repeats, lambda: [big.leg_geometry(a, b) for a, b in legs])
    result["geometry_leg_s"] = seconds / len(legs)
    result["geometry_points"] = float(np.mean([len(line.coords) for line in lines]))

    ten = venues.iloc[:10].reset_index(drop=True)
    plan = plan_safari(ten, matrices[10], start=str(ten["id"].iloc[0]))
    html = folder / "safari.html"
    result["map_s"], _ = _best_of(args.repeats, lambda: render_map(plan, html))
    result["html_bytes"] = html.stat().st_size
    result["peak_mb"] = _peak_mb()
    return result


def run_competent_route(folder: Path, args: argparse.Namespace) -> Result:
    """Snap, matrices, order, legs and map as a competent osmnx user writes them."""
    result: Result = {"import_s": _import("competent")}
    import elkai
    import networkx as nx
    import numpy as np
    import osmnx as ox

    graph = ox.load_graphml(folder / "plain.graphml")
    venues = _venues(folder)
    lon, lat = venues.geometry.x.to_numpy(), venues.geometry.y.to_numpy()

    # nearest_nodes on the unprojected graph: scikit-learn's BallTree (haversine), built
    # in every call
    result["snap_s"], nodes = _best_of(
        args.repeats, lambda: [int(v) for v in ox.distance.nearest_nodes(graph, lon, lat)]
    )

    # one Dijkstra per stop: the n x n matrix needs the first n of them
    dijkstra_s, meters = [], np.zeros((len(nodes), len(nodes)))
    for i, source in enumerate(nodes):
        seconds, dist = _timed(
            lambda source=source: nx.single_source_dijkstra_path_length(
                graph, source, weight="length"
            )
        )
        dijkstra_s.append(seconds)
        meters[i] = [dist.get(target, np.inf) for target in nodes]
    for n in SIZES:
        result[f"matrix{n}_s"] = float(sum(dijkstra_s[:n]))
    safari_m = np.array(json.loads((folder / "meters.json").read_text(encoding="utf-8")))
    off = ~np.eye(len(nodes), dtype=bool)
    relative = np.abs(meters[off] / safari_m[off] - 1)
    result["relative_median"] = float(np.median(relative))
    result["relative_p90"] = float(np.quantile(relative, 0.9))
    result["unreachable"] = int((~np.isfinite(meters[off])).sum())

    def lkh(d: np.ndarray) -> list[int]:
        cycle = elkai.DistanceMatrix(np.rint(d * 100).astype(np.int64).tolist()).solve_tsp()
        cycle = cycle[:-1] if cycle[0] == cycle[-1] else cycle
        k = cycle.index(0)
        return [*cycle[k:], *cycle[:k], 0]

    for n in (10, max(SIZES)):
        d = safari_m[:n, :n]
        result[f"tour{n}_s"], order = _best_of(args.repeats, lambda d=d: lkh(d))
        result[f"tour{n}_m"] = float(sum(d[a, b] for a, b in itertools.pairwise(order)))

    # legs: the edges' geometries of every leg of safari's tour (routes not timed)
    order = _tour_order(folder, max(SIZES))
    routes = [
        nx.shortest_path(graph, nodes[a], nodes[b], weight="length")
        for a, b in itertools.pairwise(order)
    ]
    routes = [r for r in routes if len(r) > 1]
    seconds, _ = _best_of(args.repeats, lambda: [route_line(graph, r) for r in routes])
    result["geometry_leg_s"] = seconds / len(routes)

    ten = [
        nx.shortest_path(graph, nodes[a], nodes[b], weight="length")
        for a, b in itertools.pairwise(_tour_order(folder, 10))
    ]
    html = folder / "competent.html"

    def write_map() -> None:
        _folium_map(venues.iloc[:10], [route_line(graph, r) for r in ten], html)

    result["map_s"], _ = _best_of(args.repeats, write_map)
    result["html_bytes"] = html.stat().st_size
    result["peak_mb"] = _peak_mb()
    return result


def run_plain_route(folder: Path, args: argparse.Namespace) -> Result:
    """Snap, per-pair routes (a timed sample), order, legs and map with plain osmnx."""
    _hide_sklearn()  # the plain figure: osmnx as installed with its own dependencies
    import geopandas as gpd
    import networkx as nx
    import numpy as np
    import osmnx as ox

    graph = ox.load_graphml(folder / "plain.graphml")
    venues = _venues(folder)
    result: Result = {}

    # nearest_nodes needs scikit-learn for an unprojected graph; without it, project first.
    def snap_projected() -> list[int]:
        projected = ox.projection.project_graph(graph)
        points = gpd.GeoSeries(venues.geometry, crs=4326).to_crs(projected.graph["crs"])
        return [int(v) for v in ox.distance.nearest_nodes(projected, points.x, points.y)]

    result["snap_s"], nodes = _timed(snap_projected)

    rng = random.Random(7)  # noqa: S311, RUF100  a seeded sample of pairs, not cryptography
    pairs_per_size = 8 if args.quick else 20
    for n in SIZES:
        pairs = rng.sample([(a, b) for a in range(n) for b in range(n) if a != b], pairs_per_size)
        times = [
            _timed(
                lambda a=a, b=b: ox.routing.shortest_path(
                    graph, nodes[a], nodes[b], weight="length"
                )
            )[0]
            for a, b in pairs
        ]
        result[f"pair{n}_s"] = float(np.mean(times))
        result[f"matrix{n}_s"] = float(np.mean(times)) * n * (n - 1)
        result[f"pairs{n}"] = len(pairs)

    meters = np.array(json.loads((folder / "meters.json").read_text(encoding="utf-8")))

    def christofides(d: np.ndarray) -> list[int]:
        complete = nx.Graph()
        for i, j in itertools.combinations(range(len(d)), 2):
            complete.add_edge(i, j, weight=(d[i, j] + d[j, i]) / 2)
        cycle = nx.approximation.traveling_salesman_problem(complete, weight="weight", cycle=True)
        cycle = cycle[:-1]
        k = cycle.index(0)
        return [*cycle[k:], *cycle[:k], 0]

    for n in (10, max(SIZES)):
        d = meters[:n, :n]
        result[f"tour{n}_s"], order = _timed(lambda d=d: christofides(d))
        result[f"tour{n}_m"] = float(sum(d[a, b] for a, b in itertools.pairwise(order)))

    # legs: route_to_gdf on the routes of a sample of the tour's legs (routes not timed)
    legs = list(itertools.pairwise(_tour_order(folder, max(SIZES))))[: 8 if args.quick else 25]
    found = [ox.routing.shortest_path(graph, nodes[a], nodes[b], weight="length") for a, b in legs]
    routes = [r for r in found if r is not None and len(r) > 1]
    seconds, _ = _timed(lambda: [ox.routing.route_to_gdf(graph, r) for r in routes])
    result["geometry_leg_s"] = seconds / len(routes)
    result["geometry_nodes"] = float(np.mean([len(r) for r in routes]))

    ten = [
        ox.routing.shortest_path(graph, nodes[a], nodes[b], weight="length")
        for a, b in itertools.pairwise(_tour_order(folder, 10))
    ]
    html = folder / "plain.html"

    def write_map() -> None:
        lines = [
            [(y, x) for x, y in line.coords]
            for route in ten
            if route is not None and len(route) > 1
            for line in ox.routing.route_to_gdf(graph, route).geometry
        ]
        _folium_map(venues.iloc[:10], lines, html)  # a polyline per route edge

    result["map_s"], _ = _timed(write_map)
    result["html_bytes"] = html.stat().st_size
    result["peak_mb"] = _peak_mb()
    return result


CHILDREN: dict[str, Callable[[Path, argparse.Namespace], Result]] = {
    "prep": run_prep,
    "plain_load": run_plain_load,
    "safari_load": run_safari_load,
    "plain_reload": run_plain_reload,
    "safari_reload": run_safari_reload,
    "safari_route": run_safari_route,
    "competent_route": run_competent_route,
    "plain_route": run_plain_route,
}


# --- parent -------------------------------------------------------------------------------


def _child(name: str, folder: Path, args: argparse.Namespace, which: str = "mid") -> Result:
    out = folder / f"{name}{'_full' if which == 'full' else ''}.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", name, "--which", which]
    cmd += ["--workdir", str(folder), "--repeats", str(args.repeats)]
    cmd += ["--quick"] * args.quick + ["--full-reference"] * args.full_reference
    print(f"… {name} ({which})", file=sys.stderr, flush=True)
    started = time.perf_counter()
    subprocess.run(cmd, cwd=REPO, check=True)  # noqa: S603, RUF100  this script, this interpreter
    result: Result = json.loads(out.read_text(encoding="utf-8"))
    result["child_wall_s"] = time.perf_counter() - started
    return result


def _s(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 0.001:
        return f"{seconds * 1e3:.3f} ms"
    return f"{seconds:.3g}" if seconds < 100 else f"{seconds:,.0f}"


def _x(baseline: float | None, ours: float | None) -> str:
    if baseline is None or ours is None or ours <= 0:
        return ""
    ratio = baseline / ours
    if ratio < 1:
        return f"{ratio:.2g}×"
    return f"{ratio:.1f}×" if ratio < 100 else f"{ratio:,.0f}×"


def _mb(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f}"


#: A table row: label, competent s, safari s, plain s, peak MB competent, peak MB safari.
Row = tuple[str, float | None, float | None, float | None, float | None, float | None]


def _rows(r: dict[str, Result]) -> list[Row]:
    pl, sl, prep = r["plain_load"], r["safari_load"], r["prep"]
    pr, sr = r["plain_reload"], r["safari_reload"]
    ct, pt, st = r["competent_route"], r["plain_route"], r["safari_route"]
    ff, pf = r["safari_full"], r.get("plain_full")
    cold = prep["xml_s"] + pl["load_s"] + pl["save_s"]
    rows: list[Row] = [
        ("imports", ct["import_s"], st["import_s"], None, None, None),
        ("load Porto mid (cold)", cold, sl["load_s"], pl["load_s"], pl["peak_mb"], sl["peak_mb"]),
        ("  of which pbf → walk XML (pyosmium)", prep["xml_s"], None, None, None, None),
        ("  of which save_graphml (its cache)", pl["save_s"], None, None, None, None),
        (
            "  … as an osmnx MultiDiGraph (`walking_graph`)",
            cold,
            sl["load_s"] + sl["graph_s"],
            pl["load_s"],
            pl["peak_mb"],
            sl["graph_peak_mb"],
        ),
        ("cache reload", pr["load_s"], sr["load_s"], pr["load_s"], pr["peak_mb"], sr["peak_mb"]),
        (
            "  … as an osmnx MultiDiGraph",
            pr["load_s"],
            sr["graph_s"],
            pr["load_s"],
            None,
            sr["graph_peak_mb"],
        ),
        (
            "snap 100 venues (first call)",
            ct["snap_s"],
            st["snap_first_s"],
            pt["snap_s"],
            None,
            None,
        ),
        ("snap 100 venues (again)", ct["snap_s"], st["snap_s"], pt["snap_s"], None, None),
    ]
    for n in SIZES:
        c, p = ct[f"matrix{n}_s"], pt[f"matrix{n}_s"]
        rows.append((f"matrix {n}×{n}", c, st[f"matrix{n}_s"], p, None, None))
        rows.append(
            ("  … first call on a fresh network", c, st[f"matrix{n}_first_s"], p, None, None)
        )
    m = max(SIZES)
    rows += [
        ("tour order, 10 venues", ct["tour10_s"], st["tour10_s"], pt["tour10_s"], None, None),
        (
            f"tour order, {m} venues",
            ct[f"tour{m}_s"],
            st[f"tour{m}_s"],
            pt[f"tour{m}_s"],
            None,
            None,
        ),
        (
            "leg geometry (per leg)",
            ct["geometry_leg_s"],
            st["geometry_leg_s"],
            pt["geometry_leg_s"],
            None,
            None,
        ),
        ("map write (10 venues)", ct["map_s"], st["map_s"], pt["map_s"], None, None),
        ("route steps, whole child process", None, None, None, ct["peak_mb"], st["peak_mb"]),
    ]
    warm = {
        "competent": ct["import_s"] + pr["load_s"] + ct["snap_s"] + ct[f"matrix{m}_s"],
        "safari": st["import_s"] + sr["load_s"] + st["snap_first_s"] + st[f"matrix{m}_first_s"],
    }
    warm["competent"] += ct[f"tour{m}_s"] + m * ct["geometry_leg_s"] + ct["map_s"]
    warm["safari"] += st[f"tour{m}_s"] + m * st["geometry_leg_s"] + st["map_s"]
    rows.append(
        (
            f"**imports + warm job** (reload, snap, {m}×{m} first call, order {m}, {m} legs, map)",
            warm["competent"],
            warm["safari"],
            None,
            None,
            None,
        )
    )
    rows += [
        (
            "load full Porto (cold): arrays",
            pf["load_s"] if pf else None,
            ff["load_s"],
            pf["load_s"] if pf else None,
            pf["peak_mb"] if pf else None,
            ff["peak_mb"],
        ),
        (
            "  … as an osmnx MultiDiGraph",
            pf["load_s"] if pf else None,
            ff["load_s"] + ff["graph_s"],
            pf["load_s"] if pf else None,
            pf["peak_mb"] if pf else None,
            ff["graph_peak_mb"],
        ),
    ]
    return rows


def _goal(text: str, *, ok: bool, got: str) -> str:
    return f"- {text}: **{'met' if ok else 'MISSED'}** ({got})"


def _goals(r: dict[str, Result]) -> list[str]:
    pl, sl = r["plain_load"], r["safari_load"]
    pr, sr = r["plain_reload"], r["safari_reload"]
    ct, pt, st = r["competent_route"], r["plain_route"], r["safari_route"]
    ff, pf = r["safari_full"], r.get("plain_full")
    load_x = pl["load_s"] / sl["load_s"]
    mem_x = sl["peak_mb"] / pl["peak_mb"]
    reload_x = pr["load_s"] / sr["load_s"]
    m = max(SIZES)
    matrix_x = ct[f"matrix{m}_s"] / st[f"matrix{m}_s"]
    matrix_plain_x = pt[f"matrix{m}_s"] / st[f"matrix{m}_s"]
    deviation = max(st[f"matrix{n}_deviation_m"] for n in SIZES)
    geometry_x = ct["geometry_leg_s"] / st["geometry_leg_s"]
    geometry_plain_x = pt["geometry_leg_s"] / st["geometry_leg_s"]
    length_diff = abs(sl["length_m"] / pl["length_m"] - 1)
    graph_x = pl["load_s"] / (sl["load_s"] + sl["graph_s"])
    sizes = ", ".join(f"{n}×{n}" for n in SIZES)
    full_osmnx = (
        f"{pf['load_s']:.0f} s, {pf['peak_mb']:,.0f} MB (measured)" if pf else FULL_REFERENCE
    )
    return [
        "",
        "## Goals (measured)",
        "",
        _goal(
            "load Porto mid ≥ 10× faster than `graph_from_xml` on the walk-filtered XML",
            ok=load_x >= 10,
            got=f"{load_x:,.1f}×; as a MultiDiGraph {graph_x:,.1f}×; not counting the XML "
            "conversion the osmnx way needs first",
        ),
        _goal(
            "… at ≤ 0.5× its peak memory",
            ok=mem_x <= 0.5,
            got=f"{sl['peak_mb']:,.0f} MB vs {pl['peak_mb']:,.0f} MB = {mem_x:.2f}×; "
            f"as a MultiDiGraph {sl['graph_peak_mb'] / pl['peak_mb']:.2f}×; both include the "
            f"imports: osmnx {pl['import_mb']:,.0f} MB, safari {sl['import_mb']:,.0f} MB",
        ),
        _goal(
            "full Porto under 1 GB peak",
            ok=ff["peak_mb"] < 1024,
            got=f"{ff['peak_mb']:,.0f} MB in {ff['load_s']:.1f} s; as a MultiDiGraph "
            f"{ff['graph_peak_mb']:,.0f} MB in {ff['load_s'] + ff['graph_s']:.1f} s; osmnx: "
            + full_osmnx,
        ),
        _goal(
            "same network: total walkable length equal to osmnx's within 0.1 %",
            ok=length_diff <= 1e-3,
            got=f"safari {sl['length_m'] / 1000:,.3f} km, osmnx {pl['length_m'] / 1000:,.3f} km, "
            f"relative difference {length_diff:.1e}; nodes {sl['nodes']:,} / {pl['nodes']:,}, "
            f"edges {sl['edges']:,} / {pl['edges']:,}",
        ),
        _goal("cache reload ≥ 20× faster than GraphML", ok=reload_x >= 20, got=f"{reload_x:,.0f}×"),
        _goal(
            f"{m}×{m} matrix ≥ 1000× faster than the osmnx way",
            ok=matrix_x >= 1000,
            got=f"{matrix_x:,.0f}× against one Dijkstra per stop (competent); "
            f"{matrix_plain_x:,.0f}× against per-pair `shortest_path` (plain); first call on a "
            f"fresh network {ct[f'matrix{m}_s'] / st[f'matrix{m}_first_s']:,.0f}× (competent)",
        ),
        _goal(
            "… with a maximum deviation ≤ 1e-6 m from unbounded Dijkstra",
            ok=deviation <= 1e-6,
            got=f"max |bounded − unbounded| = {deviation:g} m over the {sizes} matrices",
        ),
        _goal(
            "leg geometry ≥ 50× faster than the osmnx way",
            ok=geometry_x >= 50,
            got=f"{geometry_x:,.0f}× against the edges' geometries (competent); "
            f"{geometry_plain_x:,.0f}× against `route_to_gdf` (plain)",
        ),
    ]


def _how(r: dict[str, Result], args: argparse.Namespace) -> list[str]:
    pl, sl, prep = r["plain_load"], r["safari_load"], r["prep"]
    ct, pt, st = r["competent_route"], r["plain_route"], r["safari_route"]
    m = max(SIZES)
    per_pair = ", ".join(f"{n}: {pt['pair' + str(n) + '_s'] * 1e3:.0f} ms" for n in SIZES)
    unbounded = ", ".join(f"{st['matrix' + str(n) + '_unbounded_s']:.3g} s" for n in SIZES)
    return [
        "",
        "## How it was measured",
        "",
        (
            "- Every step in its own fresh Python process; peak memory is that process's "
            "`ru_maxrss`, imports included. The imports row times what each way's route step "
            f"imports: competent `{'`, `'.join(IMPORTS['competent'])}`; safari "
            f"`{'`, `'.join(IMPORTS['safari'])}` (safari's children run without scikit-learn, "
            "which is no dependency of safari; see benchmarks/run.py for its import cost)."
        ),
        (
            "- load: `osmnx.graph_from_xml(xml, bidirectional=True)` (simplified, largest part) "
            f"on an OSM XML file ({prep['xml_bytes'] / 1e6:.0f} MB, written by pyosmium in "
            f"{prep['xml_s']:.1f} s: `tests/osm_walk_xml.py`) holding the ways that pass safari's "
            "walk filter (osmnx's walk filter, plus roads with `sidewalk=separate` and walkable "
            "cycleways) and their nodes: the same data safari reads from the pbf. The competent "
            "column counts the conversion and `save_graphml`; the plain column (the earlier "
            "figure) only `graph_from_xml`. safari: `walking_network(pbf)` with an empty cache "
            "folder (reads the pbf with pyosmium, filters, simplifies with numpy, writes the "
            '`.npz` cache); "as an osmnx MultiDiGraph" adds `to_networkx()`, which is what '
            "`walking_graph` returns. Full Porto: both osmnx columns are `graph_from_xml` alone "
            "(only with `--full-reference`)."
        ),
        (
            "- cache reload: `osmnx.load_graphml` of that graph saved with `save_graphml` "
            f"({pl.get('graphml_bytes', 0) / 1e6:.0f} MB); safari `walking_network` from its "
            f"`.npz` ({(sl['cache_bytes'] or 0) / 1e6:.1f} MB), and `walking_graph` (npz + "
            "to_networkx)."
        ),
        (
            "- snap: competent `nearest_nodes(G, lon, lat)` on the unprojected graph "
            "(scikit-learn's BallTree, built in every call); plain `project_graph` + "
            "`nearest_nodes` (KD-tree), what osmnx needs without scikit-learn; safari "
            "`snap_stops` (nearest edge, STRtree; the first call projects the network)."
        ),
        (
            "- matrix: competent is one "
            '`networkx.single_source_dijkstra_path_length(G, stop, weight="length")` per stop, '
            "each timed: the n×n matrix is the sum of the first n (measured, not extrapolated); "
            f"its distances (node to node) differ from safari's (edge point to edge point) by "
            f"{ct['relative_median']:.1%} in the median, {ct['relative_p90']:.1%} at the 90th "
            f"percentile; {ct['unreachable']} pairs unreachable. plain is "
            '`osmnx.routing.shortest_path(G, a, b, weight="length")` timed on '
            f"{pt['pairs100']} random ordered pairs per size and extrapolated to n(n−1) pairs "
            f"(mean per pair: {per_pair}); it gives node paths, not even their lengths. safari is "
            f"`walking_matrix` (best of {args.repeats}; bounded searches with an unbounded second "
            "search where needed); the deviation compares it with `walking_matrix(..., "
            "bounded=False)` (scipy Dijkstra without `limit`); tests/test_routing_scale.py also "
            f"checks it against networkx Dijkstra. Unbounded safari took {unbounded}."
        ),
        (
            "- tour order on safari's matrix: competent `elkai.DistanceMatrix(centimetres)"
            f".solve_tsp()` (LKH; {ct['tour10_m']:.0f} m / {ct[f'tour{m}_m'] / 1000:.1f} km); "
            f"plain networkx Christofides ({pt['tour10_m']:.0f} m / "
            f"{pt[f'tour{m}_m'] / 1000:.1f} km); safari `_order.best_order` (Held–Karp, LKH "
            f"above 13; {st['tour10_m']:.0f} m / {st[f'tour{m}_m'] / 1000:.1f} km)."
        ),
        (
            "- leg geometry: competent the edges' `geometry` along every leg of safari's "
            f"{m}-venue tour; plain `route_to_gdf` on the first legs of that tour "
            f"({pt['geometry_nodes']:.0f} nodes per route); routes not timed in either; safari "
            f"`leg_geometry` for every leg of that tour ({st['geometry_points']:.0f} points per "
            "leg)."
        ),
        (
            "- map: a default `folium.Map` with a Marker+Popup per venue and a PolyLine per leg "
            "(competent) or per route edge (plain), `save`d; safari `render_map` of `plan_safari` "
            f"for the same 10 venues (HTML: competent {ct['html_bytes'] / 1e3:.0f} kB, plain "
            f"{pt['html_bytes'] / 1e3:.0f} kB, safari {st['html_bytes'] / 1e3:.0f} kB)."
        ),
        (
            "- The imports + warm job row adds up the rows above it (each measured in its own "
            "process): imports, cache reload (arrays for safari, GraphML for osmnx), snap, the "
            f"{m}×{m} matrix (safari's first call on a fresh network), the {m}-venue order, "
            f"{m} legs and the map."
        ),
        (
            "- Ratios are baseline / safari; seconds from `time.perf_counter`. The machine is "
            "shared (see the load average): read the ratios, not the seconds."
        ),
    ]


def report(r: dict[str, Result], args: argparse.Namespace, whole_s: float) -> str:
    pl, sl, st = r["plain_load"], r["safari_load"], r["safari_route"]
    lines = [
        "# safari vs a competent osmnx script (and plain osmnx) at city scale (Porto)",
        "",
        (
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {platform.platform()} · "
            f"{os.cpu_count()} CPUs (1-min load average {os.getloadavg()[0]:.1f} at the end) · "
            f"Python {platform.python_version()} · osmnx {pl.get('osmnx', '?')} · "
            f"mode {'--quick' if args.quick else 'full'}"
        ),
        "",
        (
            f"Extract `{MID.as_posix()}` (whole file, not clipped): safari {sl['nodes']:,} nodes / "
            f"{sl['edges']:,} edges; {max(SIZES)} venues drawn near junctions in lon "
            f"{VENUE_BOX[0]}–{VENUE_BOX[2]}, lat {VENUE_BOX[1]}–{VENUE_BOX[3]} (Porto centre and "
            f"Gaia, across the Douro); longest walk between two of them "
            f"{st['max_walk_m'] / 1000:.1f} km."
        ),
        "",
        (
            "| step | competent osmnx (s) | safari (s) | ratio competent/safari "
            "| plain osmnx (s) | ratio plain/safari | peak MB osmnx | peak MB safari |"
        ),
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, c, s, p, cm, sm in _rows(r):
        lines.append(
            f"| {label} | {_s(c)} | {_s(s)} | {_x(c, s)} | {_s(p)} | {_x(p, s)} "
            f"| {_mb(cm)} | {_mb(sm)} |"
        )
    lines += _goals(r) + _how(r, args) + ["", f"Whole benchmark: {whole_s:.0f} s."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 repeat, fewer sampled pairs")
    parser.add_argument(
        "--full-reference",
        action="store_true",
        help="also run osmnx on the full Porto file (1-3 minutes, 1.7 GB)",
    )
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--which", default="mid", help=argparse.SUPPRESS)
    parser.add_argument("--repeats", type=int, default=3, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    os.chdir(REPO)
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))

    if args.child:
        result = CHILDREN[args.child](args.workdir, args)
        suffix = "_full" if args.which == "full" else ""
        (args.workdir / f"{args.child}{suffix}.json").write_text(
            json.dumps(result), encoding="utf-8"
        )
        return 0

    for path in (MID, FULL):
        if not path.is_file():
            print(f"Cannot find {path} (run from the repository root; see benchmarks/README.md).")
            return 1
    args.repeats = 1 if args.quick else 3
    started = time.perf_counter()
    results: dict[str, Result] = {}
    with tempfile.TemporaryDirectory(prefix="safari-city-") as tmp:
        folder = Path(tmp)
        for name in CHILDREN:
            results[name] = _child(name, folder, args)
        results["safari_full"] = _child("safari_load", folder, args, which="full")
        if args.full_reference:
            results["plain_full"] = _child("plain_load", folder, args, which="full")
    text = report(results, args, time.perf_counter() - started)
    LATEST.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
