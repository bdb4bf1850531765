"""An organiser plans a safari past real venues on real OpenStreetMap extracts.

The walking distances must be those of an independent networkx Dijkstra between
the same snapped points, and the order must be the shortest one.
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import pytest
from shapely.geometry import LineString, Point

from safari._order import best_order
from safari.network import walking_graph
from safari.routing import WalkingMatrix, walking_matrix
from safari.tour import plan_safari

OSM = Path(__file__).resolve().parent.parent.parent / "shared" / "osm"

# Venues whose positions were looked up in the extracts (names as tagged in OSM).
DELFT_VENUES = [
    ("al-ansaar", "Al Ansaar-moskee", 51.99617, 4.36097),
    ("adelbertkerk", "Adelbertkerk", 51.99757, 4.35889),
    ("levend-water", "Levend Water", 51.99866, 4.35676),
    ("bavinckschool", "Dr H. Bavinckschool", 52.00421, 4.36611),
    ("equinox", "Studievereniging Equinox", 52.00202, 4.36779),
    ("tu-library", "TU Delft Library", 52.00268, 4.37524),
    ("immanuelkerk", "Immanuëlkerk", 52.00515, 4.37499),
    ("international-school", "International School Delft", 52.00275, 4.37064),
    ("pro-grotius", "PrO Grotius", 51.99661, 4.35951),
]
AMSTERDAM_VENUES = [
    ("boomspijker", "De Boomspijker", 52.37196, 4.90348),
    ("nieuwmarkt", "Nieuwmarkt", 52.37255, 4.90009),
    ("treasure-house", "Treasure House", 52.37294, 4.89617),
    ("princehof", "Princehof", 52.37205, 4.89651),
    ("waalse-kerk", "Waalse kerk", 52.37101, 4.89734),
    ("de-kloof", "de Kloof", 52.36911, 4.89741),
    ("stadsloket", "Stadsloket Centrum", 52.36768, 4.90023),
    ("mozes-aaron", "Mozes en Aäronkerk", 52.36826, 4.90320),
    ("sint-antonius", "Sint Antonius School", 52.37330, 4.90227),
    ("leger-des-heils", "Leger des Heils", 52.37356, 4.89934),
]
# Invented venues on real streets of the Kanaleneiland graph (the demo's stops).
KANALENEILAND_VENUES = [
    ("brug", "Buurthuis De Brug", 52.07432, 5.08955),
    ("samen-sterk", "Samen Sterk", 52.07285, 5.09599),
    ("vrede", "Gebedshuis De Vrede", 52.07138, 5.09795),
    ("bakkerij", "Bakkerij Anatolië", 52.07214, 5.09481),
    ("leespunt", "Leespunt Het Open Boek", 52.06685, 5.09694),
    ("huiswerk", "Huiswerkklas Sterrenlicht", 52.06749, 5.10088),
    ("taalcafe", "Taalcafé Welkom", 52.07519, 5.09384),
    ("moedercentrum", "Moedercentrum De Zon", 52.07597, 5.08509),
]

CASES = {
    "delft": ("nl_delft_wippolder_tudelft_2025-08_bbox.osm.pbf", DELFT_VENUES),
    "amsterdam": ("nl_amsterdam_centrum_nieuwmarkt_2026-02.osm.gz", AMSTERDAM_VENUES),
    "kanaleneiland": ("nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2", KANALENEILAND_VENUES),
}


def venues(rows: list[tuple[str, str, float, float]]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": [r[0] for r in rows],
            "naam": [r[1] for r in rows],
            "bron_rij": list(range(2, len(rows) + 2)),
        },
        geometry=[Point(r[3], r[2]) for r in rows],
        crs="EPSG:4326",
    )


@pytest.fixture(scope="module", params=sorted(CASES))
def district(request, new_cache):
    """(stops, graph, matrix) for one real extract, built once per module."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SAFARI_CACHE_DIR", str(new_cache("cache")))
    filename, rows = CASES[request.param]
    stops = venues(rows)
    graph = walking_graph(OSM / filename, around=stops)
    matrix = walking_matrix(graph, stops)
    yield stops, graph, matrix
    mp.undo()


def independent_distances(graph: nx.MultiDiGraph, matrix) -> np.ndarray:
    """Plain networkx Dijkstra between the snapped points, built separately from routing.py."""
    simple = nx.Graph()
    for u, v, data in graph.edges(data=True):
        length = float(data["length"])
        if not simple.has_edge(u, v) or simple[u][v]["weight"] > length:
            simple.add_edge(u, v, weight=length)
    by_edge: dict[tuple[int, int], list] = {}
    for snap in matrix.snaps:
        by_edge.setdefault((snap.u, snap.v), []).append(snap)
    for (u, v), snaps in by_edge.items():
        chain = [(0.0, u)]
        chain += sorted((s.offset_m, ("stop", s.stop_id)) for s in snaps)
        chain.append((snaps[0].edge_length_m, v))
        for (o0, a), (o1, b) in itertools.pairwise(chain):
            w = o1 - o0
            if not simple.has_edge(a, b) or simple[a][b]["weight"] > w:
                simple.add_edge(a, b, weight=w)
    ids = matrix.stop_ids
    out = np.zeros((len(ids), len(ids)))
    for i, a in enumerate(ids):
        lengths = nx.single_source_dijkstra_path_length(simple, ("stop", a), weight="weight")
        for j, b in enumerate(ids):
            out[i, j] = lengths[("stop", b)]
    return out


def test_walking_distances_equal_an_independent_dijkstra(district):
    stops, graph, matrix = district
    expected = independent_distances(graph, matrix)
    assert matrix.meters.shape == (len(stops), len(stops))
    np.testing.assert_allclose(matrix.meters, expected, atol=0.5)
    # walking is symmetric, and every venue is reachable
    np.testing.assert_allclose(matrix.meters, matrix.meters.T, atol=0.5)
    assert np.isfinite(matrix.meters).all()


def test_every_stop_is_snapped_close_to_a_street(district):
    stops, _graph, matrix = district
    assert [s.stop_id for s in matrix.snaps] == list(stops["id"])
    for snap in matrix.snaps:
        assert 0 <= snap.offset_m <= snap.edge_length_m + 1e-6
        assert snap.distance_m < 120, snap  # building centroids lie near a street


def test_planned_order_is_the_shortest_round_trip(district):
    stops, _graph, matrix = district
    plan = plan_safari(
        stops.iloc[:8].reset_index(drop=True), sub_matrix(matrix, 8), start=stops["id"][0]
    )
    group = plan.groups[0]
    best = brute_force_round_trip(sub_matrix(matrix, 8).meters)
    assert group.total_meters == pytest.approx(best, abs=0.01)
    assert group.order[0] == group.order[-1] == stops["id"][0]
    assert sorted(group.order[:-1]) == sorted(stops["id"][:8])


def test_legs_follow_the_streets_and_match_the_matrix(district):
    stops, _graph, matrix = district
    plan = plan_safari(stops, matrix, start=stops["id"][0])
    for leg in plan.groups[0].legs:
        assert leg.meters == pytest.approx(matrix.distance(leg.from_id, leg.to_id))
        metric = gpd.GeoSeries([leg.geometry], crs="EPSG:4326").to_crs(3857)
        # length in web mercator is stretched by 1/cos(lat): undo it
        lat = leg.geometry.centroid.y
        drawn = float(metric.length.iloc[0]) * np.cos(np.radians(lat))
        assert drawn == pytest.approx(leg.meters, rel=0.02, abs=2)
        start = matrix.snaps[matrix.index(leg.from_id)]
        assert Point(leg.geometry.coords[0]).distance(Point(start.lon, start.lat)) < 1e-6


def sub_matrix(matrix, n: int):
    """The matrix of the first n stops (the class is a dataclass, copy what tours need)."""
    from dataclasses import replace

    return replace(matrix, stop_ids=matrix.stop_ids[:n], meters=matrix.meters[:n, :n])


def brute_force_round_trip(d: np.ndarray) -> float:
    n = len(d)
    best = np.inf
    for perm in itertools.permutations(range(1, n)):
        route = (0, *perm, 0)
        best = min(best, sum(d[a, b] for a, b in itertools.pairwise(route)))
    return float(best)


def brute_force_path(d: np.ndarray, start: int, end: int | None) -> float:
    n = len(d)
    middle = [i for i in range(n) if i not in (start, end)]
    best = np.inf
    for perm in itertools.permutations(middle):
        route = (start, *perm) + ((end,) if end is not None else ())
        best = min(best, sum(d[a, b] for a, b in itertools.pairwise(route)))
    return float(best)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("shape", ["round", "open", "fixed_end"])
def test_held_karp_matches_brute_force(seed, shape):
    rng = np.random.default_rng(seed)
    pts = rng.uniform(0, 2000, size=(8, 2))
    d = np.linalg.norm(pts[:, None] - pts[None], axis=2) * rng.uniform(1.0, 1.4, size=(8, 8))
    d = (d + d.T) / 2
    end = {"round": 0, "open": None, "fixed_end": 5}[shape]
    order = best_order(d, start=0, end=end)
    length = sum(d[a, b] for a, b in itertools.pairwise(order))
    expected = brute_force_round_trip(d) if shape == "round" else brute_force_path(d, 0, end)
    assert length == pytest.approx(expected)
    assert order[0] == 0
    if shape == "fixed_end":
        assert order[-1] == 5


def test_many_stops_use_lkh_and_stay_close_to_exact():
    """Above the exact limit LKH orders the stops; on 13 points it finds the optimum too."""
    from safari import _order

    rng = np.random.default_rng(7)
    pts = rng.uniform(0, 3000, size=(13, 2))
    d = np.linalg.norm(pts[:, None] - pts[None], axis=2)
    exact = _order._held_karp(d, 0, 0)
    lkh = _order._lkh(d, 0, 0)
    assert sorted(lkh) == list(range(13))

    def cost(order):
        return sum(d[a, b] for a, b in itertools.pairwise([*order, 0]))

    assert cost(lkh) == pytest.approx(cost(exact), rel=1e-6)
    open_path = _order._lkh(d, 0, None)
    assert open_path[0] == 0
    assert sum(d[a, b] for a, b in itertools.pairwise(open_path)) == pytest.approx(
        brute_force_open_lower_bound(d), rel=0.05
    )


def brute_force_open_lower_bound(d: np.ndarray) -> float:
    from safari import _order

    return sum(d[a, b] for a, b in itertools.pairwise(_order._held_karp(d, 0, None)))


def test_schedule_times_add_walks_and_visits():
    """Times the organiser reads: 14:00 start, walk at 4 km/h, bezoekduur or 20 minutes."""
    stops = venues([("a", "A", 52.0, 4.0), ("b", "B", 52.0, 4.01), ("c", "C", 52.0, 4.02)])
    stops["bezoekduur"] = [15.0, np.nan, 30.0]

    # a-b 400 m (6 min), b-c 200 m (3 min), a-c 600 m (9 min)
    meters = np.array([[0, 400, 600], [400, 0, 200], [600, 200, 0]], dtype=float)
    flat = WalkingMatrix(stop_ids=["a", "b", "c"], meters=meters, snaps=[])
    flat.leg_geometry = lambda a, b: LineString([(4.0, 52.0), (4.01, 52.0)])  # type: ignore[method-assign]

    plan = plan_safari(stops, flat, start="a", end="c", start_time="14:00", day=date(2026, 3, 12))
    visits = plan.to_dict()["groups"][0]["visits"]
    assert [(v["stop_id"], v["arrive"], v["depart"]) for v in visits] == [
        ("a", "14:00", "14:15"),
        ("b", "14:21", "14:41"),
        ("c", "14:44", "15:14"),
    ]
    assert plan.to_dict()["groups"][0]["total_meters"] == 600.0
