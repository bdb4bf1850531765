"""One group, many candidate venues: the plan keeps as many as fit, as well as the best solvers.

An organiser with a long list of possible venues (some open only part of the afternoon,
some marked ``optioneel``) asks for one group's walk from 14:00 to 18:00. The figures
to beat were measured on the same streets, candidates and rules with PyVRP 0.14
(prize-collecting, 2 s) and VROOM 1.15 (priorities, exploration 5); see
``benchmarks/planning.py``, which runs them side by side.
"""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point

from safari import choose
from safari._problem import NORMAL, OPTIONAL, Problem
from safari._schedule import _Data
from safari.config import Event
from safari.routing import walking_matrix
from safari.tour import plan_event

THURSDAY = date(2026, 3, 12)


def candidates(graph, n: int, seed: int) -> gpd.GeoDataFrame:
    """The start and n candidates on the streets: a third with hours, a quarter optional."""
    rng = np.random.default_rng(seed)
    edges = list(graph.edges(keys=True))
    points, hours, prio = [], [""], [""]
    for k in rng.choice(len(edges), size=n + 1, replace=False):
        u, v, _ = edges[int(k)]
        a, b = graph.nodes[u], graph.nodes[v]
        f = float(rng.uniform(0.2, 0.8))
        points.append(Point(a["x"] + f * (b["x"] - a["x"]), a["y"] + f * (b["y"] - a["y"])))
    for _ in range(n):
        opens = 14 + int(rng.integers(0, 3))
        closes = opens + int(rng.integers(1, 3))
        hours.append(f"{opens}:00-{closes}:00" if rng.random() < 1 / 3 else "")
        prio.append("optioneel" if rng.random() < 0.25 else "")
    return gpd.GeoDataFrame(
        {"id": [f"c{i}" for i in range(n + 1)], "naam": [f"Plek {i}" for i in range(n + 1)],
         "bron_rij": list(range(2, n + 3)),
         "bezoekduur": [15.0] + [float(rng.choice([10, 15, 20])) for _ in range(n)],
         "beschikbaar": hours, "prioriteit": prio},
        geometry=points, crs="EPSG:4326",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("n", "seed", "pyvrp", "vroom"),
    [(50, 51, (13, 0), (13, 0)), (100, 101, (14, 0), (13, 0))],
)
def test_one_group_keeps_as_many_candidates_as_pyvrp_and_vroom(graph, n, seed, pyvrp, vroom):
    stops = candidates(graph, n, seed)
    matrix = walking_matrix(graph, stops)
    event = Event(stops=Path("kandidaten.csv"), start="c0", day=THURSDAY, groups=1,
                  end_time=time(18, 0))  # fmt: skip
    plan = plan_event(stops, matrix, event, time_limit_s=1.0)
    data = plan.to_dict()
    visited = data["groups"][0]["visits"][1:-1]
    optional = set(stops.loc[stops["prioriteit"] == "optioneel", "id"])
    chosen = [v["stop_id"] in optional for v in visited]
    kept = (chosen.count(False), chosen.count(True))  # (normal, optional)
    assert kept[0] >= max(pyvrp[0], vroom[0])
    assert kept >= max(pyvrp, vroom)  # as many normal stops, then as many optional ones
    assert data["groups"][0]["visits"][-1]["arrive"] <= "18:00"
    assert len(visited) + len(data["dropped"]) == n  # every candidate visited or named


def _problem(seed: int, n: int = 9) -> Problem:
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 1500, size=(n, 2))
    meters = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    windows: list[list[tuple[int, int]] | None] = [None]
    for _ in range(n - 1):
        if rng.random() < 0.5:
            opens = 50_400 + int(rng.integers(0, 8)) * 900
            spans = [(opens, opens + int(rng.integers(2, 6)) * 900)]
            if rng.random() < 0.3:  # a second opening later the same day
                spans.append((spans[0][1] + 1800, spans[0][1] + 5400))
            windows.append(spans)
        else:
            windows.append(None)
    return Problem(
        travel_s=np.ceil(meters / (4 / 3.6)).astype(np.int64),
        meters=meters,
        visit_s=[900] + [int(rng.choice([600, 900, 1200])) for _ in range(n - 1)],
        start=0,
        end=0,
        start_s=50_400,
        end_s=50_400 + int(rng.integers(2, 5)) * 3600,
        windows=windows,
        tier=[0] + [OPTIONAL if rng.random() < 0.25 else NORMAL for _ in range(n - 1)],
    )


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 10_000), data=st.data())
def test_the_quick_insertion_check_agrees_with_timing_the_whole_walk(seed, data):
    p = _problem(seed)
    d = _Data(p)
    route = choose._fill(d, [], p.venues[:4])  # a walk that keeps every rule
    times = choose._times(d, route)
    assert times is not None
    left = [v for v in p.venues if v not in route]
    if not left:
        return
    v = data.draw(st.sampled_from(left))
    pos = data.draw(st.integers(0, len(route)))
    trial = [*route[:pos], v, *route[pos:]]
    assert choose._insert_fits(d, route, times, pos, v) == (choose._times(d, trial) is not None)


def test_the_beam_search_gives_a_walk_that_keeps_every_rule():
    for seed in range(20):
        p = _problem(seed, n=12)
        d = _Data(p)
        route = choose._beam(d, p.venues)
        assert choose._times(d, route) is not None
        assert len(set(route)) == len(route)
        # at least as many stops as adding the nearest that fits, one by one
        greedy: list[int] = []
        while True:
            fits = [v for v in p.venues if v not in greedy and choose._times(d, [*greedy, v])]
            if not fits:
                break
            greedy.append(min(fits, key=lambda v: (d.t[greedy[-1] if greedy else 0][v], v)))
        assert choose._prize(d, route) >= choose._prize(d, greedy)
