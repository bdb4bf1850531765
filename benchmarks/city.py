"""City scale: safari and plain osmnx on Porto (156k walk edges). Prints a markdown table.

Run from the repository root::

    python benchmarks/city.py [--quick] [--full-reference]

The job, on ``pt_porto_2015_highways_mid.osm.pbf`` (Porto and Gaia's core, 23k nodes):
load the walking network, reload it from a cache, snap 100 venues, distances between
10, 50 and 100 of them, order them, draw the legs, write a map. Each step is measured
against the plain osmnx way in the same run; every measurement runs in its own child
process (a fresh interpreter), so that peak memory (``ru_maxrss``) is per step. Then the
loader on the full Porto file (63k nodes), whose osmnx reference only runs with
``--full-reference`` (1–3 minutes, 1.7 GB); otherwise the figure in
``../shared/osm/SOURCES.md`` is quoted.

The table goes to stdout and to ``benchmarks/city.md``. Goals are measured and reported,
never asserted: the exit code is 0 whether or not they are met.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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

Result = dict[str, Any]


# --- small helpers ----------------------------------------------------------------------


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def _best_of(n: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    best, value = float("inf"), None
    for _ in range(max(n, 1)):
        seconds, value = _timed(fn)
        best = min(best, seconds)
    return best, value


def _peak_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports kB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _venues(folder: Path) -> Any:
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


# --- children -----------------------------------------------------------------------------


def run_prep(folder: Path, args: argparse.Namespace) -> Result:
    """Draw the venues; write the walk-filtered OSM XML the plain way reads (not a step)."""
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
    import_s, ox = _timed(lambda: __import__("osmnx"))
    base_mb = _peak_mb()
    xml = folder / ("full-walk.osm" if args.which == "full" else "mid-walk.osm")
    load_s, G = _timed(lambda: ox.graph_from_xml(xml, bidirectional=True))
    peak = _peak_mb()
    result: Result = {
        "import_s": import_s,
        "import_mb": base_mb,
        "load_s": load_s,
        "peak_mb": peak,
        "nodes": len(G),
        "edges": G.number_of_edges(),
        "length_m": float(sum(d for _, _, d in G.edges(data="length"))),
        "osmnx": ox.__version__,
    }
    if args.which != "full":
        ox.save_graphml(G, folder / "plain.graphml")
        result["graphml_bytes"] = (folder / "plain.graphml").stat().st_size
    return result


def run_safari_load(folder: Path, args: argparse.Namespace) -> Result:
    """safari's loader, cold (an empty cache folder): arrays, then the networkx graph."""
    import_s, _ = _timed(lambda: __import__("safari.routing"))
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
    graph_s, G = _timed(net.to_networkx)
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
        "graph_nodes": len(G),
        "cache_bytes": cache[0].stat().st_size if cache else None,
    }


def run_plain_reload(folder: Path, args: argparse.Namespace) -> Result:
    import osmnx as ox

    load_s, G = _timed(lambda: ox.load_graphml(folder / "plain.graphml"))
    return {"load_s": load_s, "peak_mb": _peak_mb(), "nodes": len(G)}


def run_safari_reload(folder: Path, args: argparse.Namespace) -> Result:
    from safari.network import walking_graph, walking_network

    _use_cache(folder)
    load_s, net = _best_of(args.repeats, lambda: walking_network(MID))
    assert net.graph["safari_cache"] == "hit"
    peak = _peak_mb()
    graph_s, G = _best_of(args.repeats, lambda: walking_graph(MID))
    assert G.graph["safari_cache"] == "hit"
    return {"load_s": load_s, "peak_mb": peak, "graph_s": graph_s, "graph_peak_mb": _peak_mb()}


def run_safari_route(folder: Path, args: argparse.Namespace) -> Result:
    """Snap, matrices, order, legs and map with safari (network from the cache)."""
    import numpy as np

    from safari._order import best_order
    from safari.network import walking_network
    from safari.routing import snap_stops, walking_matrix
    from safari.tour import plan_safari

    _use_cache(folder)
    venues = _venues(folder)
    result: Result = {}

    def fresh() -> Any:  # a network object no matrix has seen (lines not yet projected)
        return walking_network(MID)

    def first_call(fn: Callable[[Any], Any]) -> float:
        times = []
        for _ in range(max(args.repeats, 1)):
            net = fresh()
            times.append(_timed(lambda net=net: fn(net))[0])
        return min(times)

    result["snap_first_s"] = first_call(lambda net: snap_stops(net, venues))
    net = fresh()
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
    try:
        from safari.render import render_map

        plan = plan_safari(ten, matrices[10], start=str(ten["id"].iloc[0]))
        html = folder / "safari.html"
        result["map_s"], _ = _best_of(args.repeats, lambda: render_map(plan, html))
        result["html_bytes"] = html.stat().st_size
    except Exception as exc:  # the map is another module's: report, do not stop the run
        result["map_error"] = f"{type(exc).__name__}: {exc}"
    result["peak_mb"] = _peak_mb()
    return result


def run_plain_route(folder: Path, args: argparse.Namespace) -> Result:
    """Snap, per-pair routes (a timed sample), order, legs and map with plain osmnx."""
    import random

    import folium
    import geopandas as gpd
    import networkx as nx
    import numpy as np
    import osmnx as ox

    G = ox.load_graphml(folder / "plain.graphml")
    venues = _venues(folder)
    lon, lat = venues.geometry.x.to_numpy(), venues.geometry.y.to_numpy()
    result: Result = {}

    # nearest_nodes needs scikit-learn for an unprojected graph; without it, project first.
    def snap_projected() -> list[int]:
        Gp = ox.projection.project_graph(G)
        points = gpd.GeoSeries(venues.geometry, crs=4326).to_crs(Gp.graph["crs"])
        return [int(v) for v in ox.distance.nearest_nodes(Gp, points.x, points.y)]

    try:
        import sklearn  # noqa: F401

        result["snap_s"], nodes = _timed(lambda: list(ox.distance.nearest_nodes(G, lon, lat)))
        result["snap_method"] = "nearest_nodes (scikit-learn BallTree)"
    except ImportError:
        result["snap_s"], nodes = _timed(snap_projected)
        result["snap_method"] = "project_graph + nearest_nodes (no scikit-learn here)"

    rng = random.Random(7)
    pairs_per_size = 8 if args.quick else 20
    for n in SIZES:
        pairs = rng.sample([(a, b) for a in range(n) for b in range(n) if a != b], pairs_per_size)
        times = []
        for a, b in pairs:
            seconds, _ = _timed(
                lambda a=a, b=b: ox.routing.shortest_path(G, nodes[a], nodes[b], weight="length")
            )
            times.append(seconds)
        result[f"pair{n}_s"] = float(np.mean(times))
        result[f"matrix{n}_s"] = float(np.mean(times)) * n * (n - 1)
        result[f"pairs{n}"] = len(pairs)

    meters = np.array(json.loads((folder / "meters.json").read_text(encoding="utf-8")))

    def christofides(d: np.ndarray) -> list[int]:
        K = nx.Graph()
        for i, j in itertools.combinations(range(len(d)), 2):
            K.add_edge(i, j, weight=(d[i, j] + d[j, i]) / 2)
        cycle = nx.approximation.traveling_salesman_problem(K, weight="weight", cycle=True)[:-1]
        k = cycle.index(0)
        return [*cycle[k:], *cycle[:k], 0]

    for n in (10, max(SIZES)):
        d = meters[:n, :n]
        result[f"tour{n}_s"], order = _timed(lambda d=d: christofides(d))
        result[f"tour{n}_m"] = float(sum(d[a, b] for a, b in itertools.pairwise(order)))

    # legs: route_to_gdf on the routes of a sample of the tour's legs (routes not timed)
    order100 = json.loads((folder / "safari_route.json").read_text())[f"tour{max(SIZES)}_order"]
    legs = list(itertools.pairwise(order100))[: 8 if args.quick else 25]
    routes = [ox.routing.shortest_path(G, nodes[a], nodes[b], weight="length") for a, b in legs]
    routes = [r for r in routes if r is not None and len(r) > 1]
    seconds, _ = _timed(lambda: [ox.routing.route_to_gdf(G, r) for r in routes])
    result["geometry_leg_s"] = seconds / len(routes)
    result["geometry_nodes"] = float(np.mean([len(r) for r in routes]))

    order10 = json.loads((folder / "safari_route.json").read_text())["tour10_order"]
    ten = [
        ox.routing.shortest_path(G, nodes[a], nodes[b], weight="length")
        for a, b in itertools.pairwise(order10)
    ]
    html = folder / "plain.html"

    def write_map() -> None:
        fmap = folium.Map(location=(float(lat[:10].mean()), float(lon[:10].mean())), zoom_start=15)
        for i in range(10):
            folium.Marker((lat[i], lon[i]), popup=folium.Popup(str(venues["naam"].iloc[i]))).add_to(
                fmap
            )
        for route in ten:
            if route is not None and len(route) > 1:
                for line in ox.routing.route_to_gdf(G, route).geometry:
                    folium.PolyLine([(y, x) for x, y in line.coords]).add_to(fmap)
        fmap.save(str(html))

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
    subprocess.run(cmd, cwd=REPO, check=True)
    result: Result = json.loads(out.read_text(encoding="utf-8"))
    result["child_wall_s"] = time.perf_counter() - started
    return result


def _s(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 0.001:
        return f"{seconds * 1e3:.3f} ms"
    return f"{seconds:.3g}" if seconds < 100 else f"{seconds:,.0f}"


def _x(plain: float | None, ours: float | None) -> str:
    if plain is None or ours is None or ours <= 0:
        return ""
    ratio = plain / ours
    if ratio < 1:
        return f"{ratio:.2g}×"
    return f"{ratio:.1f}×" if ratio < 100 else f"{ratio:,.0f}×"


def _mb(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f}"


def report(r: dict[str, Result], args: argparse.Namespace, whole_s: float) -> str:
    pl, sl = r["plain_load"], r["safari_load"]
    pr, sr = r["plain_reload"], r["safari_reload"]
    pt, st = r["plain_route"], r["safari_route"]
    ff = r["safari_full"]
    pf = r.get("plain_full")
    rows: list[tuple[str, float | None, float | None, float | None, float | None]] = [
        ("load Porto mid (cold): arrays", pl["load_s"], sl["load_s"], pl["peak_mb"], sl["peak_mb"]),
        (
            "  … as an osmnx MultiDiGraph (`walking_graph`)",
            pl["load_s"],
            sl["load_s"] + sl["graph_s"],
            pl["peak_mb"],
            sl["graph_peak_mb"],
        ),
        ("cache reload: arrays", pr["load_s"], sr["load_s"], pr["peak_mb"], sr["peak_mb"]),
        ("  … as an osmnx MultiDiGraph", pr["load_s"], sr["graph_s"], None, sr["graph_peak_mb"]),
        (
            "snap 100 venues (first call: projects the network)",
            pt["snap_s"],
            st["snap_first_s"],
            None,
            None,
        ),
        ("snap 100 venues (again)", pt["snap_s"], st["snap_s"], None, None),
    ]
    for n in SIZES:
        rows.append((f"matrix {n}×{n}", pt[f"matrix{n}_s"], st[f"matrix{n}_s"], None, None))
        rows.append(
            (
                "  … first call on a fresh network",
                pt[f"matrix{n}_s"],
                st[f"matrix{n}_first_s"],
                None,
                None,
            )
        )
    rows += [
        ("tour order, 10 venues", pt["tour10_s"], st["tour10_s"], None, None),
        (
            f"tour order, {max(SIZES)} venues",
            pt[f"tour{max(SIZES)}_s"],
            st[f"tour{max(SIZES)}_s"],
            None,
            None,
        ),
        ("leg geometry (per leg)", pt["geometry_leg_s"], st["geometry_leg_s"], None, None),
        ("map write (10 venues)", pt["map_s"], st.get("map_s"), None, None),
        ("route steps, whole child process", None, None, pt["peak_mb"], st["peak_mb"]),
        (
            "load full Porto (cold): arrays",
            pf["load_s"] if pf else None,
            ff["load_s"],
            pf["peak_mb"] if pf else None,
            ff["peak_mb"],
        ),
        (
            "  … as an osmnx MultiDiGraph",
            pf["load_s"] if pf else None,
            ff["load_s"] + ff["graph_s"],
            pf["peak_mb"] if pf else None,
            ff["graph_peak_mb"],
        ),
    ]
    lines = [
        "# safari vs plain osmnx at city scale (Porto)",
        "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {platform.platform()} · "
        f"{os.cpu_count()} CPUs (1-min load average {os.getloadavg()[0]:.1f} at the end) · "
        f"Python {platform.python_version()} · osmnx {pl.get('osmnx', '?')} · "
        f"mode {'--quick' if args.quick else 'full'}",
        "",
        f"Extract `{MID.as_posix()}` (whole file, not clipped): safari {sl['nodes']:,} nodes / "
        f"{sl['edges']:,} edges; {max(SIZES)} venues drawn near junctions in lon "
        f"{VENUE_BOX[0]}–{VENUE_BOX[2]}, lat {VENUE_BOX[1]}–{VENUE_BOX[3]} (Porto centre and "
        f"Gaia, across the Douro); longest walk between two of them "
        f"{st['max_walk_m'] / 1000:.1f} km.",
        "",
        "| step | plain osmnx (s) | safari (s) | ratio plain/safari "
        "| peak MB plain | peak MB safari |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, p, s, pm, sm in rows:
        lines.append(f"| {label} | {_s(p)} | {_s(s)} | {_x(p, s)} | {_mb(pm)} | {_mb(sm)} |")

    def goal(text: str, ok: bool, got: str) -> str:
        return f"- {text}: **{'met' if ok else 'MISSED'}** ({got})"

    load_x = pl["load_s"] / sl["load_s"]
    mem_x = sl["peak_mb"] / pl["peak_mb"]
    reload_x = pr["load_s"] / sr["load_s"]
    m = max(SIZES)
    matrix_x = pt[f"matrix{m}_s"] / st[f"matrix{m}_s"]
    deviation = max(st[f"matrix{n}_deviation_m"] for n in SIZES)
    geometry_x = pt["geometry_leg_s"] / st["geometry_leg_s"]
    length_diff = abs(sl["length_m"] / pl["length_m"] - 1)
    graph_x = pl["load_s"] / (sl["load_s"] + sl["graph_s"])
    sizes = ", ".join(f"{n}×{n}" for n in SIZES)
    per_pair = ", ".join(f"{n}: {pt['pair' + str(n) + '_s'] * 1e3:.0f} ms" for n in SIZES)
    unbounded = ", ".join(f"{st['matrix' + str(n) + '_unbounded_s']:.3g} s" for n in SIZES)
    lines += [
        "",
        "## Goals (measured)",
        "",
        goal(
            "load Porto mid ≥ 10× faster than `graph_from_xml` on the walk-filtered XML",
            load_x >= 10,
            f"{load_x:,.1f}×; as a MultiDiGraph {graph_x:,.1f}×",
        ),
        goal(
            "… at ≤ 0.5× its peak memory",
            mem_x <= 0.5,
            f"{sl['peak_mb']:,.0f} MB vs {pl['peak_mb']:,.0f} MB = {mem_x:.2f}×; "
            f"as a MultiDiGraph {sl['graph_peak_mb'] / pl['peak_mb']:.2f}×; both include the "
            f"imports: plain {pl['import_mb']:,.0f} MB, safari {sl['import_mb']:,.0f} MB",
        ),
        goal(
            "full Porto under 1 GB peak",
            ff["peak_mb"] < 1024,
            f"{ff['peak_mb']:,.0f} MB in {ff['load_s']:.1f} s; as a MultiDiGraph "
            f"{ff['graph_peak_mb']:,.0f} MB in {ff['load_s'] + ff['graph_s']:.1f} s; osmnx: "
            + (
                f"{pf['load_s']:.0f} s, {pf['peak_mb']:,.0f} MB (measured)"
                if pf
                else FULL_REFERENCE
            ),
        ),
        goal(
            "same network: total walkable length equal to osmnx's within 0.1 %",
            length_diff <= 1e-3,
            f"safari {sl['length_m'] / 1000:,.3f} km, osmnx {pl['length_m'] / 1000:,.3f} km, "
            f"relative difference {length_diff:.1e}; nodes {sl['nodes']:,} / {pl['nodes']:,}, "
            f"edges {sl['edges']:,} / {pl['edges']:,}",
        ),
        goal("cache reload ≥ 20× faster than GraphML", reload_x >= 20, f"{reload_x:,.0f}×"),
        goal(
            f"{m}×{m} matrix ≥ 1000× faster than per-pair `shortest_path`",
            matrix_x >= 1000,
            f"{matrix_x:,.0f}×; first call on a fresh network "
            f"{pt[f'matrix{m}_s'] / st[f'matrix{m}_first_s']:,.0f}×",
        ),
        goal(
            "… with a maximum deviation ≤ 1e-6 m from unbounded Dijkstra",
            deviation <= 1e-6,
            f"max |bounded − unbounded| = {deviation:g} m over the {sizes} matrices",
        ),
        goal(
            "leg geometry ≥ 50× faster than `route_to_gdf`", geometry_x >= 50, f"{geometry_x:,.0f}×"
        ),
    ]
    if "map_error" in st:
        lines.append(f"- map write by safari failed in this run: {st['map_error']}")

    lines += [
        "",
        "## How it was measured",
        "",
        "- Every step in its own fresh Python process; peak memory is that process's `ru_maxrss`, "
        "imports included. Import time is in no row.",
        "- plain load: `osmnx.graph_from_xml(xml, bidirectional=True)` (simplify, largest "
        f"part) on an OSM XML file ({r['prep']['xml_bytes'] / 1e6:.0f} MB, written beforehand "
        f"by pyosmium in {r['prep']['xml_s']:.1f} s, not counted) holding the ways that pass "
        "safari's walk filter (osmnx's walk filter, plus roads with `sidewalk=separate` and "
        "walkable cycleways) and their nodes: the same data safari reads from the pbf. "
        "safari: `walking_network(pbf)` with an empty cache folder (reads the pbf with "
        'pyosmium, filters, simplifies with numpy, writes the `.npz` cache); "as an osmnx '
        'MultiDiGraph" adds `to_networkx()`, which is what `walking_graph` returns.',
        f"- cache reload: plain `osmnx.load_graphml` of the plain graph saved with `save_graphml` "
        f"({pl.get('graphml_bytes', 0) / 1e6:.0f} MB); safari `walking_network` from its `.npz` "
        f"({(sl['cache_bytes'] or 0) / 1e6:.1f} MB), and `walking_graph` (npz + to_networkx).",
        f"- snap: plain {pt['snap_method']}; safari `snap_stops` (nearest edge, STRtree).",
        f'- matrix: plain is `osmnx.routing.shortest_path(G, a, b, weight="length")` timed on '
        f"{pt['pairs100']} random ordered pairs per size and extrapolated to n(n−1) pairs (mean "
        f"per pair: {per_pair}); it "
        "gives node paths, not even their lengths. safari is `walking_matrix` (best of "
        f"{args.repeats}; bounded searches with an unbounded second search where needed); the "
        "deviation compares it with `walking_matrix(..., bounded=False)` (scipy Dijkstra without "
        "`limit`); tests/test_routing_scale.py also checks it against networkx Dijkstra. "
        f"Unbounded safari took {unbounded}.",
        f"- tour order on safari's matrix: plain networkx Christofides "
        f"({pt['tour10_m']:.0f} m / {pt[f'tour{m}_m'] / 1000:.1f} km), safari `tour.best_order` "
        f"(Held–Karp, LKH above 13; {st['tour10_m']:.0f} m / {st[f'tour{m}_m'] / 1000:.1f} km).",
        f"- leg geometry: plain `route_to_gdf` on the route of each of the first legs of safari's "
        f"{m}-venue tour (routes not timed; {pt['geometry_nodes']:.0f} nodes per route); safari "
        f"`leg_geometry` for every leg of that tour ({st['geometry_points']:.0f} points per leg).",
        "- map: plain a default `folium.Map` with a Marker+Popup per venue and a PolyLine per "
        "route edge, `save`d; safari `render_map` of `plan_safari` for the same 10 venues.",
        "- Ratios are plain / safari; seconds from `time.perf_counter`.",
        "",
        f"Whole benchmark: {whole_s:.0f} s.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
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
        for name in ("prep", "plain_load", "safari_load", "plain_reload", "safari_reload"):
            results[name] = _child(name, folder, args)
        results["safari_route"] = _child("safari_route", folder, args)
        results["plain_route"] = _child("plain_route", folder, args)
        results["safari_full"] = _child("safari_load", folder, args, which="full")
        if args.full_reference:
            results["plain_full"] = _child("plain_load", folder, args, which="full")
    text = report(results, args, time.perf_counter() - started)
    LATEST.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
