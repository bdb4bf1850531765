"""Snap stops to the walking network, compute the walking-distance matrix and leg geometry.

Each stop is snapped to the nearest walkable *edge* (not merely the nearest node): the
edge is split at the snapped point, so a stop halfway along a long street is reached
halfway along it. All distances come from one multi-source Dijkstra over a sparse
matrix that keeps the shortest of parallel edges. Leg geometries follow the same
shortest-path tree.
"""

from __future__ import annotations

import itertools
import logging
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import networkx as nx
import numpy as np
import shapely
from pyproj import Transformer
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra
from shapely.geometry import LineString, Point
from shapely.ops import substring

from safari._errors import RoutingError
from safari.i18n import t

log = logging.getLogger(__name__)

#: A stop farther than this from any walkable way is an error: its position is
#: probably wrong, or the map area does not cover it.
MAX_SNAP_METERS = 250.0

#: A stop farther than this from a walkable way gets a warning.
WARN_SNAP_METERS = 75.0

# Zero-length hops must still count as edges in a sparse matrix.
_TINY = 1e-9

# Projected edges per graph object, so that routing a graph again skips the projection.
_EDGES_BY_GRAPH: weakref.WeakKeyDictionary[nx.MultiDiGraph, _MetricEdges] = (
    weakref.WeakKeyDictionary()
)


@dataclass(frozen=True)
class Snap:
    """Where a stop joins the walking network.

    ``u``, ``v``, ``key`` name the edge; ``offset_m`` is the walking distance from
    ``u`` along the edge (in the edge's ``length`` metres); ``distance_m`` is the
    straight distance from the stop to the edge.
    """

    stop_id: str
    u: int
    v: int
    key: int
    offset_m: float
    edge_length_m: float
    distance_m: float
    lon: float
    lat: float


@dataclass
class WalkingMatrix:
    """Walking distances between stops, with what is needed to draw each leg."""

    stop_ids: list[str]
    meters: np.ndarray
    snaps: list[Snap]
    warnings: list[str] = field(default_factory=list)
    _predecessors: np.ndarray = field(repr=False, default_factory=lambda: np.empty(0))
    _sources: np.ndarray = field(repr=False, default_factory=lambda: np.empty(0))
    _network: _SplitNetwork | None = field(repr=False, default=None)
    _edges: _MetricEdges | None = field(repr=False, default=None)

    def index(self, stop_id: str) -> int:
        """Position of ``stop_id`` in the matrix."""
        return self.stop_ids.index(stop_id)

    def distance(self, a: str, b: str) -> float:
        """Walking metres from stop ``a`` to stop ``b``."""
        return float(self.meters[self.index(a), self.index(b)])

    def leg_geometry(self, a: str, b: str) -> LineString:
        """The street-following line (EPSG:4326) from stop ``a`` to stop ``b``."""
        ia, ib = self.index(a), self.index(b)
        source, target = int(self._sources[ia]), int(self._sources[ib])
        hops: list[tuple[int, int]] = []
        node = target
        while node != source:
            prev = int(self._predecessors[ia, node])
            if prev < 0:
                msg = f"no path from {a} to {b}"
                raise RoutingError(msg)
            hops.append((prev, node))
            node = prev
        hops.reverse()
        assert self._network is not None and self._edges is not None
        coords: list[tuple[float, float]] = []
        for hop_a, hop_b in hops:
            part = list(self._network.hop_line(self._edges, hop_a, hop_b).coords)
            coords.extend(part if not coords else part[1:])
        if len(coords) < 2:  # two stops at the same place
            snap = self.snaps[ia]
            return LineString([(snap.lon, snap.lat), (snap.lon, snap.lat)])
        return self._edges.to_wgs84_line(LineString(coords))


def snap_stops(graph: nx.MultiDiGraph, stops: gpd.GeoDataFrame) -> tuple[list[Snap], list[str]]:
    """Snap every stop to the nearest walkable edge.

    Parameters
    ----------
    graph
        Walking graph in EPSG:4326 (osmnx style).
    stops
        Validated stops with an ``id`` column.

    Returns
    -------
    snaps, warnings
        One `Snap` per stop, in the stops' order, and Dutch warnings for stops
        that lie far from a walkable way.

    Raises
    ------
    RoutingError
        When a stop lies more than `MAX_SNAP_METERS` from every walkable way
        (every such stop is named).
    """
    snaps, warnings, _ = _snap(graph, stops)
    return snaps, warnings


def _snap(
    graph: nx.MultiDiGraph, stops: gpd.GeoDataFrame
) -> tuple[list[Snap], list[str], _MetricEdges]:
    edges = _MetricEdges.from_graph(graph)
    points = stops.geometry.to_crs(edges.crs)
    nearest, distances = edges.tree.query_nearest(
        points.values, return_distance=True, all_matches=False
    )
    nearest_edge = np.empty(len(stops), dtype=np.int64)
    nearest_edge[nearest[0]] = nearest[1]
    snap_dist = np.empty(len(stops))
    snap_dist[nearest[0]] = distances

    snaps: list[Snap] = []
    problems: list[str] = []
    warnings: list[str] = []
    for i, (stop_id, point) in enumerate(zip(stops["id"], points, strict=True)):
        e = int(nearest_edge[i])
        line = edges.lines[e]
        along = line.project(point)
        frac = along / line.length if line.length > 0 else 0.0
        length = float(edges.lengths[e])
        snapped = line.interpolate(along)
        lon, lat = edges.to_wgs84.transform(snapped.x, snapped.y)
        u, v, key = edges.keys[e]
        dist = float(snap_dist[i])
        if dist > MAX_SNAP_METERS:
            problems.append(t("routing.too_far", stop=_stop_label(stops, i), meters=round(dist)))
        elif dist > WARN_SNAP_METERS:
            warnings.append(t("routing.far", stop=_stop_label(stops, i), meters=round(dist)))
        snaps.append(
            Snap(str(stop_id), u, v, key, frac * length, length, dist, float(lon), float(lat))
        )
    if problems:
        raise RoutingError(
            t("routing.too_far_header", count=len(problems)) + "\n" + "\n".join(problems)
        )
    return snaps, warnings, edges


def walking_matrix(graph: nx.MultiDiGraph, stops: gpd.GeoDataFrame) -> WalkingMatrix:
    """Walking distances between all stops, from one multi-source Dijkstra.

    Parameters
    ----------
    graph
        Walking graph in EPSG:4326 (osmnx style), walked in both directions.
    stops
        Validated stops with ``id`` and ``naam`` columns.

    Returns
    -------
    WalkingMatrix
        ``meters[i, j]`` is the shortest walk from stop ``i`` to stop ``j``.

    Raises
    ------
    RoutingError
        When a stop is too far from the network, or cannot be reached from the
        other stops over it.
    """
    snaps, warnings, edges = _snap(graph, stops)
    built = _SplitNetwork.build(graph, edges, snaps)
    dist, pred = dijkstra(
        built.matrix, directed=True, indices=built.stop_nodes, return_predecessors=True
    )
    meters = dist[:, built.stop_nodes]
    _check_connected(stops, meters)
    np.fill_diagonal(meters, 0.0)
    return WalkingMatrix(
        stop_ids=[str(s) for s in stops["id"]],
        meters=meters,
        snaps=snaps,
        warnings=warnings,
        _predecessors=pred,
        _sources=built.stop_nodes,
        _network=built,
        _edges=edges,
    )


def _check_connected(stops: gpd.GeoDataFrame, meters: np.ndarray) -> None:
    """Raise when some stops cannot reach the others (separate parts of the network)."""
    reachable = np.isfinite(meters)
    if reachable.all():
        return
    # The largest group of mutually reachable stops is "the safari"; name the others.
    counts = reachable.sum(axis=1)
    main = int(np.argmax(counts))
    cut_off = [i for i in range(len(stops)) if not reachable[main, i]]
    names = ", ".join(_stop_label(stops, i) for i in cut_off)
    raise RoutingError(t("routing.unreachable", stops=names))


def _stop_label(stops: gpd.GeoDataFrame, i: int) -> str:
    """The stop as the organiser knows it: its name and its row in the stops file."""
    from safari.stops import as_plain

    row = stops["bron_rij"].iloc[i] if "bron_rij" in stops.columns else None
    label = f"'{as_plain(str(stops['naam'].iloc[i]))}'"
    return t("routing.stop_with_row", stop=label, row=int(row)) if row is not None else label


def local_metric_crs(lon: float, lat: float) -> str:
    """The UTM zone around a point, as an EPSG code: metres with little distortion."""
    zone = min(int((lon + 180) // 6) + 1, 60)
    return f"EPSG:{32600 + zone if lat >= 0 else 32700 + zone}"


@dataclass
class _MetricEdges:
    """The graph's edges as lines in a local metric CRS, with a spatial index."""

    crs: object
    keys: list[tuple[int, int, int]]
    lines: np.ndarray
    lengths: np.ndarray
    tree: shapely.STRtree
    to_wgs84: Transformer

    @classmethod
    def from_graph(cls, graph: nx.MultiDiGraph) -> _MetricEdges:
        """Project the graph's edges (straight lines where osmnx kept no geometry).

        Built once per graph object and reused (the graph must not change afterwards).
        """
        cached = _EDGES_BY_GRAPH.get(graph)
        if cached is not None:
            return cached
        keys: list[tuple[int, int, int]] = []
        lengths: list[float] = []
        geoms: list[LineString | None] = []
        for u, v, k, data in graph.edges(keys=True, data=True):
            keys.append((u, v, k))
            lengths.append(float(data["length"]))
            geoms.append(data.get("geometry"))
        # Straight edges (osmnx keeps no geometry for them) run from node u to node v.
        xy = {n: (d["x"], d["y"]) for n, d in graph.nodes(data=True)}
        straight = np.array([g is None for g in geoms])
        given = np.flatnonzero(~straight)
        coords_given, owner = shapely.get_coordinates(
            np.array([geoms[i] for i in given], dtype=object), return_index=True
        )
        ends = np.array(
            [[*xy[u], *xy[v]] for (u, v, _), s in zip(keys, straight, strict=True) if s]
        )
        n_straight = len(ends)
        coords = np.concatenate([coords_given, ends.reshape(-1, 2)]) if n_straight else coords_given
        index = np.concatenate([given[owner], np.repeat(np.flatnonzero(straight), 2)])
        crs = local_metric_crs(float(np.median(coords[:, 0])), float(np.median(coords[:, 1])))
        to_metric = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
        x, y = to_metric.transform(coords[:, 0], coords[:, 1])
        order = np.argsort(index, kind="stable")
        lines = shapely.linestrings(np.column_stack([x, y])[order], indices=index[order])
        edges = cls(
            crs=crs,
            keys=keys,
            lines=lines,
            lengths=np.array(lengths),
            tree=shapely.STRtree(lines),
            to_wgs84=Transformer.from_crs(crs, "EPSG:4326", always_xy=True),
        )
        _EDGES_BY_GRAPH[graph] = edges
        return edges

    def to_wgs84_line(self, line: LineString) -> LineString:
        """Transform a metric line back to longitude/latitude."""
        x, y = self.to_wgs84.transform(*line.xy)
        return LineString(np.column_stack([x, y]))


@dataclass
class _SplitNetwork:
    """The walking graph as a sparse matrix, with every stop inserted into its edge.

    Entry ``k`` of the CSR data is the hop ``(a, b)`` that runs along edge
    ``hop_edge[k]`` from fraction ``hop_from[k]`` to ``hop_to[k]`` of its line
    (``hop_from > hop_to`` when walked against the edge's direction).
    """

    matrix: csr_matrix
    stop_nodes: np.ndarray
    hop_edge: np.ndarray
    hop_from: np.ndarray
    hop_to: np.ndarray

    @classmethod
    def build(
        cls, graph: nx.MultiDiGraph, edges: _MetricEdges, snaps: Sequence[Snap]
    ) -> _SplitNetwork:
        node_index = {node: i for i, node in enumerate(graph.nodes)}
        n_nodes = len(node_index)
        n_edges = len(edges.keys)
        src = np.fromiter((node_index[u] for u, _, _ in edges.keys), np.int64, n_edges)
        dst = np.fromiter((node_index[v] for _, v, _ in edges.keys), np.int64, n_edges)
        weight = edges.lengths.astype(float).copy()
        edge_id = np.arange(n_edges, dtype=np.int64)
        f_from = np.zeros(n_edges)
        f_to = np.ones(n_edges)

        # Split each edge that holds stops: u -> stop1 -> stop2 -> ... -> v.
        edge_pos = {key: e for e, key in enumerate(edges.keys)}
        on_edge: dict[int, list[tuple[float, int]]] = {}
        for s, snap in enumerate(snaps):
            on_edge.setdefault(edge_pos[(snap.u, snap.v, snap.key)], []).append((snap.offset_m, s))
        extra: list[tuple[int, int, float, int, float, float]] = []
        for e, stops_here in on_edge.items():
            length = float(edges.lengths[e])
            chain = [(0.0, int(src[e]))]
            chain += [(off, n_nodes + s) for off, s in sorted(stops_here)]
            chain.append((length, int(dst[e])))
            for (off0, n0), (off1, n1) in itertools.pairwise(chain):
                f0, f1 = (off0 / length, off1 / length) if length > 0 else (0.0, 0.0)
                extra.append((n0, n1, off1 - off0, e, f0, f1))
        whole = np.ones(n_edges, dtype=bool)
        whole[list(on_edge)] = False
        if extra:
            cols = list(zip(*extra, strict=True))
            src = np.concatenate([src[whole], np.array(cols[0], dtype=np.int64)])
            dst = np.concatenate([dst[whole], np.array(cols[1], dtype=np.int64)])
            weight = np.concatenate([weight[whole], np.array(cols[2], dtype=float)])
            edge_id = np.concatenate([edge_id[whole], np.array(cols[3], dtype=np.int64)])
            f_from = np.concatenate([f_from[whole], np.array(cols[4], dtype=float)])
            f_to = np.concatenate([f_to[whole], np.array(cols[5], dtype=float)])

        # Walk both ways along every edge; keep the shortest of parallel edges
        # (scipy's COO -> CSR conversion would add them up instead).
        a = np.concatenate([src, dst])
        b = np.concatenate([dst, src])
        w = np.maximum(np.concatenate([weight, weight]), _TINY)
        e_all = np.concatenate([edge_id, edge_id])
        fa = np.concatenate([f_from, f_to])
        fb = np.concatenate([f_to, f_from])
        order = np.lexsort((w, b, a))
        first = np.ones(len(order), dtype=bool)
        first[1:] = (np.diff(a[order]) != 0) | (np.diff(b[order]) != 0)
        keep = order[first]  # sorted by (a, b): already in CSR order
        size = n_nodes + len(snaps)
        indptr = np.zeros(size + 1, dtype=np.int64)
        np.cumsum(np.bincount(a[keep], minlength=size), out=indptr[1:])
        matrix = csr_matrix((w[keep], b[keep], indptr), shape=(size, size))
        return cls(
            matrix=matrix,
            stop_nodes=np.arange(n_nodes, size, dtype=np.int64),
            hop_edge=e_all[keep],
            hop_from=fa[keep],
            hop_to=fb[keep],
        )

    def hop_line(self, edges: _MetricEdges, a: int, b: int) -> LineString:
        """The metric line of the hop from node ``a`` to node ``b``."""
        lo, hi = self.matrix.indptr[a], self.matrix.indptr[a + 1]
        k = lo + int(np.searchsorted(self.matrix.indices[lo:hi], b))
        line = edges.lines[self.hop_edge[k]]
        f0, f1 = float(self.hop_from[k]), float(self.hop_to[k])
        if f0 == 0.0 and f1 == 1.0:
            return line
        return substring(line, f0, f1, normalized=True)


def snapped_point(snap: Snap) -> Point:
    """The snapped position of a stop on its street (EPSG:4326)."""
    return Point(snap.lon, snap.lat)
