"""Planning engine benchmark against peers, in one run.

Run from the repository root::

    python benchmarks/planning.py [--quick]

Every case plans on the real Kanaleneiland walking graph (``../shared/osm``) with random
venues on its streets (seeded), walking at 4 km/h, 14:00-18:00:

1. **One group, choosing among 20/50/100 candidates** with host hours (a third of the
   hosts, 1-2 hour windows) and priorities (a quarter optional): safari against VROOM
   (``pyvroom``, priorities 100/1) and PyVRP (prize-collecting, prizes that make every
   normal stop worth more than all optional ones), on the same seconds matrix, visits and
   windows. Every peer's route is re-timed with safari's own schedule
   (``safari.heuristic.schedule``) to check it keeps the hours, and to compare walking.
2. **Rotation 5/10/15 stops x 2/3/4/6 groups** (two hosts with limited hours, 5 min
   changeover): safari against its lower bound (the stated gap) and a second method, the
   heuristic with local search alone (no CP-SAT).
3. **verdeeld 20 stops x 3 groups**: safari against k-means (scipy) + LKH (elkai) per cluster.
4. **Choosing 99 candidates for 3 groups in rotation**: safari against the simple
   heuristic "choose the stops for one group (nearest next that fits), then rotate".
5. One group's tour through 50 and 100 stops (LKH) against the best of many LKH runs.

Times are wall-clock seconds on this machine (the header shows its load); plans do not
depend on them (deterministic budgets). VROOM and PyVRP are benchmark-only: install them
with ``pip install pyvroom pyvrp``. The table goes to ``benchmarks/planning-latest.md``;
nothing is asserted.
"""

from __future__ import annotations

import argparse
import itertools
import os
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
DAY = datetime(2026, 3, 12).date()
SPEED = 4 / 3.6  # metres per second
START, END = 14 * 3600, 18 * 3600


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


def candidates(graph, n: int, seed: int) -> gpd.GeoDataFrame:
    """Candidates with hours (a third) and priorities (a quarter optional)."""
    venues = random_venues(graph, n, seed)
    rng = np.random.default_rng(seed + 1000)
    hours, prio = [""], [""]
    for _ in range(n - 1):
        if rng.random() < 1 / 3:
            opens = 14 + int(rng.integers(0, 3))
            hours.append(f"{opens}:00-{opens + int(rng.integers(1, 3))}:00")
        else:
            hours.append("")
        prio.append("optioneel" if rng.random() < 0.25 else "")
    venues["beschikbaar"] = hours
    venues["prioriteit"] = prio
    return venues


def problem_for(venues, matrix, *, groups: int, mode: str = "rotatie", budget: float = 10.0):
    """The solver's `Problem`, built as `safari.tour.plan_event` builds it."""
    from safari.scheduling import MUST, Problem
    from safari.tour import _hosts, _visit_minutes

    windows, tiers = _hosts(venues, DAY)
    return Problem(
        travel_s=np.ceil(matrix.meters / SPEED).astype(np.int64),
        meters=matrix.meters,
        visit_s=[round(60 * m) for m in _visit_minutes(venues, 20.0)],
        start=0,
        end=0,
        start_s=START,
        end_s=END,
        windows=windows,
        tier=[MUST, *tiers[1:]],
        groups=groups,
        mode=mode,
        changeover_s=300,
        time_limit_s=budget,
    )


def event(groups: int, mode: str = "rotatie"):
    from datetime import time as clock

    from safari.config import Event

    return Event(stops=Path("random.csv"), day=DAY, start="s0", end_time=clock(18, 0),
                 groups=groups, mode=mode, changeover_minutes=5)  # fmt: skip


def evaluate(p, routes: list[list[int]]) -> tuple[int, float] | None:
    """(last back, walking km) of venue routes under safari's rules; None if a rule breaks."""
    from safari import heuristic

    d = heuristic._Data(p)
    found = heuristic.schedule(d, routes)
    if found is None:
        return None
    km = sum(float(p.meters[a, b]) for r in routes for a, b in itertools.pairwise([0, *r, 0]))
    return max(found[1]), km / 1000


def clock(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def kept_text(p, routes) -> str:
    from safari.scheduling import OPTIONAL

    stops = {v for r in routes for v in r}
    optional = sum(1 for v in stops if p.tier[v] == OPTIONAL)
    return f"{len(stops)} ({len(stops) - optional}+{optional})"


# --- 1. one group among many candidates ----------------------------------------------------------


def run_vroom(p) -> list[int]:
    import vroom

    from safari.scheduling import OPTIONAL

    data = vroom.Input()
    data.set_durations_matrix(profile="car", matrix_input=p.travel_s.astype(int).tolist())
    shift = vroom.TimeWindow(START + p.visit_s[0], END)
    data.add_vehicle(vroom.Vehicle(1, start=0, end=0, time_window=shift))
    for v in p.venues:
        windows = p.windows[v] or [(START, END)]
        spans = [vroom.TimeWindow(o, c - p.visit_s[v]) for o, c in windows if c - p.visit_s[v] >= o]
        data.add_job(vroom.Job(v, location=v, default_service=p.visit_s[v],
                               priority=1 if p.tier[v] == OPTIONAL else 100,
                               time_windows=spans))  # fmt: skip
    solution = data.solve(exploration_level=5, nb_threads=1)
    routes = solution.routes
    jobs = routes[routes["type"] == "job"]
    return [int(i) for i in jobs["id"]]


def run_pyvrp(p, seconds: float) -> list[int]:
    from pyvrp import Model
    from pyvrp.stop import MaxRuntime

    from safari.scheduling import OPTIONAL

    model = Model()
    n = len(p.visit_s)
    locations = [model.add_location(x=0, y=0) for _ in range(n)]
    depot = model.add_depot(locations[0], tw_early=START, tw_late=END,
                            service_duration=p.visit_s[0])  # fmt: skip
    model.add_vehicle_type(1, start_depot=depot, end_depot=depot, tw_early=START, tw_late=END,
                           unit_distance_cost=0, unit_duration_cost=1)  # fmt: skip
    optional_prize, normal_prize = 100_000, 100_000 * (n + 1)
    clients = {}
    for v in p.venues:
        o, c = (p.windows[v] or [(START, END)])[0] if p.windows[v] != [] else (0, -1)
        if p.windows[v] and len(p.windows[v]) > 1:
            o, c = min(w[0] for w in p.windows[v]), max(w[1] for w in p.windows[v])
        if c - p.visit_s[v] < o:
            continue
        prize = optional_prize if p.tier[v] == OPTIONAL else normal_prize
        clients[v] = model.add_client(
            locations[v],
            service_duration=p.visit_s[v],
            tw_early=o,
            tw_late=c - p.visit_s[v],
            prize=prize,
            required=False,
        )
    for a in range(n):
        for b in range(n):
            if a != b:
                s = int(p.travel_s[a, b])
                model.add_edge(locations[a], locations[b], distance=s, duration=s)
    result = model.solve(stop=MaxRuntime(seconds), seed=1, display=False)
    routes = result.best.routes()
    order = list(clients)  # client k is the k-th added
    return [order[a.idx] for a in routes[0] if a.is_client()] if routes else []


def single_group(graph, quick: bool) -> list[str]:
    from safari.routing import walking_matrix
    from safari.tour import plan_event

    rows = [
        "| candidates | method | time (s) | stops kept (normal+optional) | back | walking (km) |",
        "| ---: | :--- | ---: | :--- | :---: | ---: |",
    ]
    for n in [21, 51, 101] if not quick else [21]:
        venues = candidates(graph, n, seed=n)
        matrix = walking_matrix(graph, venues)
        p = problem_for(venues, matrix, groups=1)
        started = time.perf_counter()
        plan = plan_event(venues, matrix, event(1), time_limit_s=1.0)
        spent = time.perf_counter() - started
        index = {s: k for k, s in enumerate(matrix.stop_ids)}
        ours = [[index[v.stop_id] for v in plan.groups[0].visits[1:-1]]]
        results = [("safari", spent, ours)]
        started = time.perf_counter()
        results.append(("VROOM (exploration 5)", 0.0, [run_vroom(p)]))
        results[-1] = (results[-1][0], time.perf_counter() - started, results[-1][2])
        started = time.perf_counter()
        results.append(("PyVRP (2 s)", 0.0, [run_pyvrp(p, 2.0)]))
        results[-1] = (results[-1][0], time.perf_counter() - started, results[-1][2])
        for name, spent, routes in results:
            found = evaluate(p, routes)
            back, km = (clock(found[0]), f"{found[1]:.1f}") if found else ("breaks a rule", "")
            rows.append(
                f"| {n - 1} | {name} | {spent:.2f} | {kept_text(p, routes)} | {back} | {km} |"
            )
            print(rows[-1], flush=True)
    return rows


# --- 2. rotation against the bound and a second method -----------------------------------------


def rotation(graph, quick: bool) -> tuple[list[str], list[float]]:
    from safari import heuristic
    from safari.routing import walking_matrix
    from safari.tour import plan_event

    rows = [
        (
            "| stops | groups | safari (s) | left out | back | bound | gap | gap % of 4 h | proven"
            " | walking (km, all groups) | heuristic + local search alone: left out, back, km |"
        ),
        "| ---: | ---: | ---: | ---: | :---: | :---: | ---: | ---: | :---: | ---: | :--- |",
    ]
    gaps = []
    for stops_n in [6, 11, 16] if not quick else [6, 11]:
        venues = random_venues(graph, stops_n, seed=stops_n)
        matrix = walking_matrix(graph, venues)
        for groups in [2, 3, 4, 6] if not quick else [3]:
            started = time.perf_counter()
            plan = plan_event(venues, matrix, event(groups), time_limit_s=6.0)
            spent = time.perf_counter() - started
            q = plan.quality
            gaps.append(100 * q["gap_minutes"] * 60 / (END - START))
            p = problem_for(venues, matrix, groups=groups)
            alone = heuristic.plan(p)
            km = sum(g.total_meters for g in plan.groups) / 1000
            second = "none"
            if alone is not None:
                alone_km = sum(float(p.meters[a, b]) for r in alone.routes
                               for a, b in itertools.pairwise(r)) / 1000  # fmt: skip
                second = f"{len(alone.dropped)}, {clock(alone.makespan)}, {alone_km:.1f}"
            rows.append(
                f"| {stops_n - 1} | {groups} | {spent:.1f} | {len(plan.dropped)} |"
                f" {q['last_back']} | {q['best_possible']} | {q['gap_minutes']} min |"
                f" {gaps[-1]:.1f} % | {'yes' if q['proven'] else 'no'} | {km:.1f} | {second} |"
            )
            print(rows[-1], flush=True)
    return rows, gaps


# --- 3. verdeeld against k-means + LKH ----------------------------------------------------


def divided(graph) -> list[str]:
    from scipy.cluster.vq import kmeans2

    from safari._order import best_order
    from safari.routing import walking_matrix
    from safari.tour import plan_event

    venues = random_venues(graph, 21, seed=21)
    venues["beschikbaar"] = ""
    matrix = walking_matrix(graph, venues)
    p = problem_for(venues, matrix, groups=3, mode="verdeeld")
    rows = [
        "| method | time (s) | stops | back | walking (km) |",
        "| :--- | ---: | ---: | :---: | ---: |",
    ]
    started = time.perf_counter()
    plan = plan_event(venues, matrix, event(3, "verdeeld"), time_limit_s=6.0)
    spent = time.perf_counter() - started
    index = {s: k for k, s in enumerate(matrix.stop_ids)}
    ours = [[index[v.stop_id] for v in g.visits[1:-1]] for g in plan.groups]
    started = time.perf_counter()
    xy = np.array([[pt.x * np.cos(np.radians(52.07)), pt.y] for pt in venues.geometry[1:]])
    _centres, label = kmeans2(xy, 3, seed=1, minit="++")
    theirs = []
    for k in range(3):
        members = [v + 1 for v in range(len(xy)) if label[v] == k]
        nodes = [0, *members]
        sub = p.travel_s[np.ix_(nodes, nodes)].astype(float)
        theirs.append([nodes[j] for j in best_order(sub, start=0, end=0)[1:-1]])
    their_time = time.perf_counter() - started
    for name, spent_s, routes in (("safari verdeeld", spent, ours),
                                  ("k-means + LKH", their_time, theirs)):  # fmt: skip
        found = evaluate(p, routes)
        back, km = (clock(found[0]), f"{found[1]:.1f}") if found else ("breaks a rule", "")
        rows.append(f"| {name} | {spent_s:.2f} | {sum(len(r) for r in routes)} | {back} | {km} |")
        print(rows[-1], flush=True)
    return rows


# --- 4. 99 candidates, 3 groups, rotation -------------------------------------------------------


def simple_rotation(p) -> list[int]:
    """Choose one group's stops (nearest next that fits), rotate; shorten until it works."""
    from safari import heuristic

    seconds, visit = p.travel_s, p.visit_s
    here, now, left, route = 0, START + visit[0], set(p.venues), []
    while left:
        nxt = min(left, key=lambda j: (seconds[here, j], j))
        if now + seconds[here, nxt] + visit[nxt] + seconds[nxt, 0] > END:
            break
        now += seconds[here, nxt] + visit[nxt]
        here = nxt
        route.append(nxt)
        left.remove(nxt)
    d = heuristic._Data(p)
    while route:
        k = len(route)
        routes = [route[round(g * k / p.groups):] + route[: round(g * k / p.groups)]
                  for g in range(p.groups)]  # fmt: skip
        if heuristic.schedule(d, routes) is not None:
            return route
        route = route[:-1]
    return []


def selection(graph) -> list[str]:
    from safari.routing import walking_matrix
    from safari.tour import plan_event

    venues = random_venues(graph, 100, seed=100)
    matrix = walking_matrix(graph, venues)
    p = problem_for(venues, matrix, groups=3)
    rows = [
        "| method | time (s) | stops kept | back | walking (km, all groups) |",
        "| :--- | ---: | ---: | :---: | ---: |",
    ]
    started = time.perf_counter()
    plan = plan_event(venues, matrix, event(3), time_limit_s=10.0)
    spent = time.perf_counter() - started
    back = max(g.visits[-1].arrive for g in plan.groups)
    km = sum(g.total_meters for g in plan.groups) / 1000
    rows.append(f"| safari | {spent:.1f} | {99 - len(plan.dropped)} | {back:%H:%M} | {km:.1f} |")
    started = time.perf_counter()
    route = simple_rotation(p)
    spent = time.perf_counter() - started
    k = len(route)
    routes = [route[round(g * k / 3):] + route[: round(g * k / 3)] for g in range(3)]  # fmt: skip
    found = evaluate(p, routes)
    back_text, km_text = (clock(found[0]), f"{found[1]:.1f}") if found else ("breaks a rule", "")
    rows.append(f"| one group's choice, rotated | {spent:.1f} | {k} | {back_text} | {km_text} |")
    print("\n".join(rows[-2:]), flush=True)
    return rows


# --- 5. big tours -------------------------------------------------------------------------------


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
        for _ in range(3 if quick else 10):
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

    began = time.perf_counter()
    graph = walking_graph(GRAPH)
    load = os.getloadavg()
    one = single_group(graph, args.quick)
    rot, gaps = rotation(graph, args.quick)
    median = float(np.median(gaps)) if gaps else float("nan")
    split = divided(graph)
    many = selection(graph)
    tours = big_tours(args.quick)
    lines = [
        "# Planning engine benchmark",
        "",
        (
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {platform.platform()} · Python"
            f" {platform.python_version()} · load average at start {load[0]:.1f} on"
            f" {os.cpu_count()} cores (a shared machine: read times as an upper bound)"
        ),
        "",
        "## 1. One group choosing among candidates (hours, priorities; 14:00-18:00)",
        "",
        (
            "safari's budget 1 (nominal s, deterministic); VROOM exploration level 5, one thread;"
            " PyVRP 2 s, seed 1. Peers' routes re-timed with safari's rules."
        ),
        "",
        *one,
        "",
        "## 2. Rotation: gap to the lower bound, and the heuristic alone",
        "",
        (
            "safari's budget 6 (nominal s). The gap is the plan's return minus the lower bound"
            " (safari.bounds), as stated to the user."
        ),
        "",
        *rot,
        "",
        f"Median stated gap: **{median:.1f} % of the event's 4 hours** (goal ≤ 3 %).",
        "",
        "## 3. verdeeld, 20 stops x 3 groups (no host hours)",
        "",
        *split,
        "",
        "## 4. 99 candidates, 3 groups, rotation, 14:00-18:00 (budget 10)",
        "",
        *many,
        "",
        "## 5. One group's tour through many stops (LKH)",
        "",
        *tours,
        "",
        f"Whole benchmark: {time.perf_counter() - began:.0f} s.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.quick:
        (ROOT / "benchmarks" / "planning-latest.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
