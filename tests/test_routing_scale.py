"""A city-wide safari: 100 venues over Porto (the mid extract, 23k nodes).

The bounded searches must give exactly the distances of unbounded ones, also when the
bound is far too small, and the same distances as an independent networkx Dijkstra.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import networkx as nx
import numpy as np
import pytest
from pyproj import Geod
from shapely.geometry import Point

from safari import routing
from safari.network import walking_network
from safari.routing import WalkingMatrix, walking_matrix

if TYPE_CHECKING:
    from safari.network_arrays import WalkingNetwork

OSM = Path(__file__).resolve().parent.parent.parent / "shared" / "osm"
PORTO_MID = OSM / "pt_porto_2015_highways_mid.osm.pbf"

pytestmark = pytest.mark.skipif(not PORTO_MID.is_file(), reason="../shared/osm not present")

CITY = (-8.66, 41.12, -8.57, 41.18)  # Porto centre and the Gaia riverside, across the Douro
DISTRICT = (-8.62, 41.14, -8.60, 41.155)  # about 1.7 x 1.7 km of Porto's centre


@pytest.fixture(scope="module")
def porto() -> WalkingNetwork:
    """The whole mid extract, not clipped: the bounds must do the work."""
    return walking_network(PORTO_MID, use_cache=False)


def venues(net: WalkingNetwork, box: tuple[float, ...], n: int, seed: int) -> gpd.GeoDataFrame:
    """n invented venues near streets inside box (up to ~25 m from a junction)."""
    rng = np.random.default_rng(seed)
    west, south, east, north = box
    inside = np.flatnonzero((net.x > west) & (net.x < east) & (net.y > south) & (net.y < north))
    chosen = rng.choice(inside, n, replace=False)
    lon = net.x[chosen] + rng.uniform(-2e-4, 2e-4, n)
    lat = net.y[chosen] + rng.uniform(-2e-4, 2e-4, n)
    return gpd.GeoDataFrame(
        {"id": [f"v{i}" for i in range(n)], "naam": [f"Plek {i}" for i in range(n)]},
        geometry=[Point(x, y) for x, y in zip(lon, lat, strict=True)],
        crs="EPSG:4326",
    )


class Searches:
    """Counts the Dijkstra searches routing runs (one per source), bounded and unbounded."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.limits: list[float] = []
        real = routing.dijkstra

        def spy(*args, **kwargs):
            sources = np.size(kwargs["indices"])
            self.limits += [float(kwargs.get("limit", np.inf))] * sources
            return real(*args, **kwargs)

        monkeypatch.setattr(routing, "dijkstra", spy)

    @property
    def bounded(self) -> int:
        return sum(np.isfinite(self.limits))

    @property
    def unbounded(self) -> int:
        return len(self.limits) - self.bounded


@pytest.mark.parametrize("box", [CITY, DISTRICT], ids=["city", "district"])
def test_bounded_searches_give_exactly_the_unbounded_matrix(
    porto: WalkingNetwork, box: tuple[float, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    stops = venues(porto, box, 100, seed=1)
    reference = walking_matrix(porto, stops, bounded=False)
    searches = Searches(monkeypatch)
    matrix = walking_matrix(porto, stops)
    assert np.array_equal(matrix.meters, reference.meters)
    assert np.isfinite(matrix.meters).all()
    if box == DISTRICT:  # a district in an unclipped city: every search is bounded
        assert searches.bounded == 100


def test_searches_that_stop_too_soon_are_run_again(
    porto: WalkingNetwork, monkeypatch: pytest.MonkeyPatch
) -> None:
    stops = venues(porto, CITY, 40, seed=2)
    reference = walking_matrix(porto, stops, bounded=False)
    monkeypatch.setattr(routing, "SEARCH_DETOUR", 0.3)  # far shorter than any walk
    monkeypatch.setattr(routing, "SEARCH_SLACK_METERS", 0.0)
    searches = Searches(monkeypatch)
    matrix = walking_matrix(porto, stops)
    assert searches.bounded == 40
    assert searches.unbounded == 40
    assert np.array_equal(matrix.meters, reference.meters)
    # the legs come from the second searches' trees
    for a, b in itertools.pairwise(matrix.stop_ids[:10]):
        assert matrix.leg_geometry(a, b).equals(reference.leg_geometry(a, b))


def independent_distances(graph: nx.MultiDiGraph, matrix: WalkingMatrix, sources: list[int]):
    """networkx Dijkstra on the osmnx graph with the snapped stops inserted into their edges."""
    simple = nx.Graph()
    for u, v, length in graph.edges(data="length"):
        if not simple.has_edge(u, v) or simple[u][v]["weight"] > length:
            simple.add_edge(u, v, weight=float(length))
    by_edge: dict[tuple[int, int], list] = {}
    for snap in matrix.snaps:
        by_edge.setdefault((snap.u, snap.v), []).append(snap)
    for (u, v), snaps in by_edge.items():
        chain = [(0.0, u), *sorted((s.offset_m, ("stop", s.stop_id)) for s in snaps)]
        chain.append((snaps[0].edge_length_m, v))
        for (o0, a), (o1, b) in itertools.pairwise(chain):
            if not simple.has_edge(a, b) or simple[a][b]["weight"] > o1 - o0:
                simple.add_edge(a, b, weight=o1 - o0)
    out = np.zeros((len(sources), len(matrix.stop_ids)))
    for row, i in enumerate(sources):
        found = nx.single_source_dijkstra_path_length(simple, ("stop", matrix.stop_ids[i]))
        out[row] = [found[("stop", s)] for s in matrix.stop_ids]
    return out


def test_city_matrix_equals_an_independent_dijkstra(porto: WalkingNetwork) -> None:
    stops = venues(porto, CITY, 60, seed=3)
    graph = porto.to_networkx()
    matrix = walking_matrix(graph, stops)  # the graph gives back porto's arrays
    assert np.array_equal(matrix.meters, walking_matrix(porto, stops).meters)
    sources = [0, 17, 42]
    expected = independent_distances(graph, matrix, sources)
    assert np.abs(matrix.meters[sources] - expected).max() <= 1e-6
    assert matrix.meters.max() > 5_000  # a city, not a district


def test_city_legs_follow_the_streets(porto: WalkingNetwork) -> None:
    stops = venues(porto, CITY, 30, seed=4)
    matrix = walking_matrix(porto, stops)
    geod = Geod(a=6_371_009, b=6_371_009)  # the sphere osmnx measures lengths on
    for a, b in itertools.pairwise(matrix.stop_ids):
        line = matrix.leg_geometry(a, b)
        assert geod.geometry_length(line) == pytest.approx(
            matrix.distance(a, b), rel=1e-4, abs=0.01
        )
        start, end = matrix.snaps[matrix.index(a)], matrix.snaps[matrix.index(b)]
        assert Point(line.coords[0]).distance(Point(start.lon, start.lat)) < 1e-6
        assert Point(line.coords[-1]).distance(Point(end.lon, end.lat)) < 1e-6
