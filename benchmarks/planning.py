"""Planning engine benchmark: solve time and objective for groups x stops, and big tours.

Run from the repository root::

    python benchmarks/planning.py [--quick]

Part 1 plans events on the real Kanaleneiland walking graph (``../shared/osm``) with
random venues on its streets: 1-6 groups x 4-15 stops, rotation, a 14:00-18:00
budget, two hosts with limited hours. It reports the solver's time, the time the last
group is back, the walking distance, stops left out and whether CP-SAT proved the
plan optimal. Part 2 orders one group's tour through 50 and 100 stops with LKH
(``safari._order.best_order``) and compares it with the best of 20 independent LKH runs
with many more trials ("best known"). Figures are printed as markdown and written to
``benchmarks/planning-latest.md``; nothing is asserted.
"""

from __future__ import annotations

import argparse
import itertools
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import elkai
import geopandas as gpd
import numpy as np
from shapely.geometry import Point

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GRAPH = ROOT.parent / "shared" / "osm" / "nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2"


def random_venues(graph, n: int, seed: int) -> gpd.GeoDataFrame:
    """n venues at random points along the graph's edges (the first is the start)."""
    rng = np.random.default_rng(seed)
    edges = list(graph.edges(keys=True, data=True))
    points = []
    for k in rng.choice(len(edges), size=n, replace=False):
        u, v, _key, _data = edges[int(k)]
        a, b = graph.nodes[u], graph.nodes[v]
        f = float(rng.uniform(0.2, 0.8))
        points.append(Point(a["x"] + f * (b["x"] - a["x"]), a["y"] + f * (b["y"] - a["y"])))
    return gpd.GeoDataFrame(
        {
            "id": [f"s{i}" for i in range(n)],
            "naam": [f"Stop {i}" for i in range(n)],
            "bron_rij": list(range(2, n + 2)),
            "bezoekduur": [15.0] + [float(rng.choice([10, 15, 20])) for _ in range(n - 1)],
            "beschikbaar": ["", "15:00-18:00", "14:00-16:30"] + [""] * (n - 3),
        },
        geometry=points,
        crs="EPSG:4326",
    )


def events(graph, quick: bool) -> list[str]:
    from datetime import time as clock

    from safari._errors import NoPlanError
    from safari.config import Event
    from safari.routing import walking_matrix
    from safari.tour import plan_event

    sizes = [4, 8, 12, 15] if not quick else [4, 8]
    group_counts = [1, 2, 3, 4, 6] if not quick else [1, 3]
    rows = [
        "| groups | stops | solve (s) | last back | walking (km) | left out | proven optimal |",
        "| ---: | ---: | ---: | :---: | ---: | ---: | :---: |",
    ]
    for stops_n in sizes:
        venues = random_venues(graph, stops_n, seed=stops_n)
        matrix = walking_matrix(graph, venues)
        for groups in group_counts:
            event = Event(
                stops=Path("random.csv"),
                day=datetime(2026, 3, 12).date(),
                start="s0",
                end_time=clock(18, 0),
                groups=groups,
                changeover_minutes=5,
            )
            started = time.perf_counter()
            try:
                plan = plan_event(venues, matrix, event, time_limit_s=10.0)
            except NoPlanError:
                rows.append(f"| {groups} | {stops_n} | {time.perf_counter() - started:.2f} |"
                            " no plan | | | |")  # fmt: skip
                continue
            spent = time.perf_counter() - started
            back = max(g.visits[-1].arrive for g in plan.groups)
            km = sum(g.total_meters for g in plan.groups) / 1000
            proven = "no" if any("rekentijd" in w for w in plan.warnings) else "yes"
            rows.append(
                f"| {groups} | {stops_n} | {spent:.2f} | {back:%H:%M} | {km:.1f} |"
                f" {len(plan.dropped)} | {proven} |"
            )
            print(rows[-1], flush=True)
    return rows


def big_tours(quick: bool) -> list[str]:
    from safari._order import best_order

    rows = [
        "| stops | safari order (s) | length (m) | best known (m) | gap |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for n in [50, 100]:
        rng = np.random.default_rng(n)
        pts = rng.uniform(0, 4000, size=(n, 2))
        d = np.linalg.norm(pts[:, None] - pts[None], axis=2) * 1.25  # walking detours
        started = time.perf_counter()
        order = best_order(d, start=0, end=0)
        spent = time.perf_counter() - started
        length = sum(d[a, b] for a, b in itertools.pairwise(order))
        best = np.inf
        scaled = np.rint(d * 100).astype(np.int64).tolist()
        for _ in range(5 if quick else 20):
            tour = elkai.DistanceMatrix(scaled).solve_tsp(runs=50)
            best = min(best, sum(d[a, b] for a, b in itertools.pairwise(tour)))
        gap = (length - best) / best * 100
        rows.append(f"| {n} | {spent:.2f} | {length:,.0f} | {best:,.0f} | {gap:.2f} % |")
        print(rows[-1], flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller grid")
    args = parser.parse_args()
    from safari.network import walking_graph

    graph = walking_graph(GRAPH)
    lines = [
        "# Planning engine benchmark",
        "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {platform.platform()} · Python"
        f" {platform.python_version()}",
        "",
        "## Events on the Kanaleneiland graph"
        " (rotation, 14:00-18:00, solver time limit 10 s in all)",
        "",
        *events(graph, args.quick),
        "",
        "## One group's tour through many stops (LKH)",
        "",
        *big_tours(args.quick),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.quick:
        (ROOT / "benchmarks" / "planning-latest.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
