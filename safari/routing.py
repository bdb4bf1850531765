"""Snap stops to the walking network, compute the walking-distance matrix and leg geometry.

Each stop is snapped to the nearest walkable *edge* (not merely the nearest node): the
edge is split at the snapped point, so a stop halfway along a long street is reached
halfway along it. Distances come from scipy's Dijkstra over a sparse matrix that keeps
the shortest of parallel edges, one search per stop, each bounded to the distance the
other stops can plausibly be at (``limit=``); a search that misses a stop within its
bound is run again without a bound, so the matrix is exactly that of unbounded searches.
Leg geometries follow the same shortest-path trees.

Routing works on the arrays of a :class:`safari.network_arrays.WalkingNetwork`; a networkx graph
made by :func:`safari.network.walking_graph` gives back its arrays at once, any other
osmnx-style graph is converted once.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree
from shapely.geometry import LineString, Point

from safari._errors import RoutingError
from safari._geometry import local_metric_crs
from safari.i18n import t
from safari.network_arrays import WalkingNetwork, network_of
from safari.schema import MAX_PLAN_STOPS

if TYPE_CHECKING:
    from collections.abc import Sequence

    import geopandas as gpd
    import networkx as nx

log = logging.getLogger(__name__)

#: A stop farther than this from any walkable way is an error: its position is
#: probably wrong, or the map area does not cover it.
MAX_SNAP_METERS = 250.0

#: A stop farther than this from a walkable way gets a warning.
WARN_SNAP_METERS = 75.0

#: Each stop's search stops at ``SEARCH_DETOUR`` times the straight distance to the
#: farthest other stop, plus ``SEARCH_SLACK_METERS``. Walks longer than that (a river
#: with few bridges) are found by a second, unbounded search from that stop.
SEARCH_DETOUR = 1.6
SEARCH_SLACK_METERS = 300.0

#: A bound that leaves more than this share of the network's nodes within reach (as the
#: crow flies) saves little and risks a second search: such searches run unbounded.
SEARCH_BOUND_SHARE = 0.6

# Zero-length hops must still count as edges in a sparse matrix.
_TINY = 1e-9

# Unbounded searches per scipy call (each returns a row of floats per node).
_BATCH = 32

_DERIVED_KEY = "routing.metric_lines"


_LINE_MIN_POINTS = 2  # a line needs two points


@dataclass(frozen=True)
class Snap:
    """Where a stop joins the walking network.

    ``u``, ``v``, ``key`` name the edge (OSM node ids and the osmnx key); ``offset_m``
    is the walking distance from ``u`` along the edge (in the edge's ``length`` metres);
    ``distance_m`` is the straight distance from the stop to the edge.
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
    _edges: _MetricLines | None = field(repr=False, default=None)

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
        predecessors = self._predecessors[ia]
        path = [target]
        node = target
        while node != source:
            node = int(predecessors[node])
            if node < 0:
                msg = f"no path from {a} to {b}"
                raise RoutingError(msg)
            path.append(node)
        if len(path) < _LINE_MIN_POINTS:  # two stops at the same place
            snap = self.snaps[ia]
            return LineString([(snap.lon, snap.lat), (snap.lon, snap.lat)])
        if self._network is None or self._edges is None:  # a matrix built without its network
            msg = f"no street network kept for the path from {a} to {b}"
            raise RoutingError(msg)
        path.reverse()
        return LineString(self._network.path_coords(self._edges, np.array(path, np.int64)))


def snap_stops(
    network: WalkingNetwork | nx.MultiDiGraph, stops: gpd.GeoDataFrame
) -> tuple[list[Snap], list[str]]:
    """Snap every stop to the nearest walkable edge.

    Parameters
    ----------
    network
        The walking network (:func:`safari.network.walking_network`). An osmnx-style
        graph in EPSG:4326 works too: it is turned into arrays once.
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
    snaps, warnings, _, _ = _snap(network_of(network), stops)
    return snaps, warnings


def _snap(
    network: WalkingNetwork, stops: gpd.GeoDataFrame
) -> tuple[list[Snap], list[str], _MetricLines, np.ndarray]:
    """Snap the stops; also return the lines and, per stop, the line it is on."""
    edges = _MetricLines.of(network)
    points = stops.geometry.to_crs(edges.crs).array
    nearest, distances = edges.tree.query_nearest(points, return_distance=True, all_matches=False)
    line = np.empty(len(stops), dtype=np.int64)
    line[nearest[0]] = nearest[1]
    snap_dist = np.empty(len(stops))
    snap_dist[nearest[0]] = distances
    lines = edges.lines[line]
    along = shapely.line_locate_point(lines, points)
    total = shapely.length(lines)
    frac = np.divide(along, total, out=np.zeros(len(stops)), where=total > 0)
    snapped = shapely.line_interpolate_point(lines, along)
    lon, lat = edges.to_wgs84.transform(shapely.get_x(snapped), shapely.get_y(snapped))
    lon, lat = np.atleast_1d(lon), np.atleast_1d(lat)
    edge = edges.line_edge[line]
    length = edges.lengths[line]

    snaps: list[Snap] = []
    problems: list[str] = []
    warnings: list[str] = []
    for i, stop_id in enumerate(stops["id"]):
        dist = float(snap_dist[i])
        if dist > MAX_SNAP_METERS:
            problems.append(t("routing.too_far", stop=_stop_label(stops, i), meters=round(dist)))
        elif dist > WARN_SNAP_METERS:
            warnings.append(t("routing.far", stop=_stop_label(stops, i), meters=round(dist)))
        e = int(edge[i])
        snaps.append(
            Snap(
                str(stop_id),
                int(network.node_id[network.edge_u[e]]),
                int(network.node_id[network.edge_v[e]]),
                int(network.edge_key[e]),
                float(frac[i] * length[i]),
                float(length[i]),
                dist,
                float(lon[i]),
                float(lat[i]),
            )
        )
    if problems:
        raise RoutingError(
            t("routing.too_far_header", count=len(problems)) + "\n" + "\n".join(problems)
        )
    return snaps, warnings, edges, line


def walking_matrix(
    network: WalkingNetwork | nx.MultiDiGraph, stops: gpd.GeoDataFrame, *, bounded: bool = True
) -> WalkingMatrix:
    """Walking distances between all stops: one shortest-path search per stop.

    Parameters
    ----------
    network
        The walking network (:func:`safari.network.walking_network`); every edge is
        walked in both directions. An osmnx-style graph in EPSG:4326 works too: it is
        turned into arrays once.
    stops
        Validated stops with ``id`` and ``naam`` columns.
    bounded
        Bound each search (see `SEARCH_DETOUR`); searches that miss a stop are run again
        unbounded, so the result does not depend on this. False: unbounded searches only.

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
    if len(stops) > MAX_PLAN_STOPS:  # issue 14: 20,000 points would need a 6.4 GB matrix
        count = f"{len(stops):,}".replace(",", ".")
        limit = f"{MAX_PLAN_STOPS:,}".replace(",", ".")
        raise RoutingError(t("plan.too_many_stops", count=count, limit=limit))
    network = network_of(network)
    snaps, warnings, edges, snap_lines = _snap(network, stops)
    built = _SplitNetwork.build(edges, snap_lines, np.array([s.offset_m for s in snaps]))
    limits = np.full(len(snaps), np.inf)
    if bounded and len(snaps) > 1:
        xy = edges.to_metric_xy(np.array([s.lon for s in snaps]), np.array([s.lat for s in snaps]))
        straight = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2))
        reach = SEARCH_DETOUR * straight.max(axis=1) + SEARCH_SLACK_METERS
        within = edges.node_tree.query_ball_point(xy, reach, return_length=True)
        useful = within <= SEARCH_BOUND_SHARE * len(network)
        limits[useful] = reach[useful]
    meters, pred = _searches(built.matrix, built.stop_nodes, limits)
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


def _searches(
    matrix: csr_matrix, sources: np.ndarray, limits: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Distances between the sources, and each source's shortest-path tree.

    Each search stops at its limit; a search that leaves a source unreached is run again
    without a limit. Below its limit Dijkstra settles nodes exactly as an unbounded
    search does, so every distance equals the unbounded one. Unbounded searches run
    together, a batch at a time (one scipy call each).
    """
    n = len(sources)
    meters = np.empty((n, n))
    pred = np.empty((n, matrix.shape[0]), dtype=np.int32)
    unbounded = np.flatnonzero(~np.isfinite(limits)).tolist()
    again: list[int] = []
    for i in np.flatnonzero(np.isfinite(limits)).tolist():
        dist, tree = dijkstra(
            matrix,
            directed=True,
            indices=int(sources[i]),
            return_predecessors=True,
            limit=float(limits[i]),
        )
        row = dist[sources]
        if np.isfinite(row).all():
            meters[i] = row
            pred[i] = tree
        else:
            again.append(i)
    if again:
        log.debug("%d of %d bounded searches are run again without a bound", len(again), n)
    todo = sorted(unbounded + again)
    for batch in range(0, len(todo), _BATCH):
        rows = todo[batch : batch + _BATCH]
        dist, tree = dijkstra(
            matrix, directed=True, indices=sources[rows], return_predecessors=True
        )
        meters[rows] = dist[:, sources]
        pred[rows] = tree
    return meters, pred


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
    from safari.sanitise import as_plain

    row = stops["bron_rij"].iloc[i] if "bron_rij" in stops.columns else None
    label = f"'{as_plain(str(stops['naam'].iloc[i]))}'"
    if row is None or pd.isna(row) or int(row) <= 0:  # e.g. a meeting point given as lat, lon
        return label
    return t("routing.stop_with_row", stop=label, row=int(row))


@dataclass
class _MetricLines:
    """The network's lines in a local metric CRS, with a spatial index.

    Line ``g`` is walked forward by edge ``line_edge[g]`` (from node index ``line_u[g]`` to
    ``line_v[g]``) and is ``lengths[g]`` metres long: the shortest edge along it (osmnx
    may sum a street's length in the two directions in a different order).
    ``along[p]`` is the metric distance from the start of its line to point ``p``;
    ``node_tree`` indexes the nodes' metric positions.
    """

    crs: str
    network: WalkingNetwork
    line_edge: np.ndarray
    line_u: np.ndarray
    line_v: np.ndarray
    lengths: np.ndarray
    lines: np.ndarray
    along: np.ndarray
    tree: shapely.STRtree
    node_tree: cKDTree
    to_metric: Transformer
    to_wgs84: Transformer

    @classmethod
    def of(cls, network: WalkingNetwork) -> _MetricLines:
        """Project the network's lines (once per network; reused for every matrix)."""
        cached = network.derived.get(_DERIVED_KEY)
        if isinstance(cached, cls):
            return cached
        coords, ptr = network.coords, network.geom_ptr
        n_lines = len(ptr) - 1
        forward = np.flatnonzero(~network.edge_geom_reversed)
        line_edge = np.full(n_lines, -1, dtype=np.int64)
        line_edge[network.edge_geom[forward]] = forward
        if (line_edge < 0).any():  # only a reversed edge walks it: walk that one backwards
            msg = "every line needs an edge that walks it forward"
            raise ValueError(msg)
        lengths = np.full(n_lines, np.inf)
        np.minimum.at(lengths, network.edge_geom, network.edge_length)
        crs = local_metric_crs(float(np.median(coords[:, 0])), float(np.median(coords[:, 1])))
        to_metric = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
        x, y = to_metric.transform(coords[:, 0], coords[:, 1])
        metric = np.column_stack([x, y])
        owner = np.repeat(np.arange(n_lines), np.diff(ptr))
        lines = shapely.linestrings(metric, indices=owner)
        step = np.zeros(len(coords))
        step[1:] = np.hypot(np.diff(x), np.diff(y))
        step[ptr[:-1]] = 0.0  # each line starts at 0
        along = np.cumsum(step)
        along -= np.repeat(along[ptr[:-1]], np.diff(ptr))
        edges = cls(
            crs=crs,
            network=network,
            line_edge=line_edge,
            line_u=network.edge_u[line_edge],
            line_v=network.edge_v[line_edge],
            lengths=lengths,
            lines=lines,
            along=along,
            tree=shapely.STRtree(lines),
            node_tree=cKDTree(np.column_stack(to_metric.transform(network.x, network.y))),
            to_metric=to_metric,
            to_wgs84=Transformer.from_crs(crs, "EPSG:4326", always_xy=True),
        )
        network.derived[_DERIVED_KEY] = edges
        return edges

    def to_metric_xy(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Project points (lon, lat) to this CRS, as an (n, 2) array."""
        x, y = self.to_metric.transform(lon, lat)
        return np.column_stack([np.atleast_1d(x), np.atleast_1d(y)])

    def part(self, g: int, f0: float, f1: float) -> np.ndarray:
        """The (lon, lat) points of line ``g`` from fraction ``f0`` to ``f1`` of its length.

        Fractions are of the metric length; the cut points are interpolated on their
        segment (backwards when ``f0 > f1``).
        """
        lo, hi = int(self.network.geom_ptr[g]), int(self.network.geom_ptr[g + 1])
        along = self.along[lo:hi]
        points = self.network.coords[lo:hi]
        total = float(along[-1])
        s0, s1 = sorted((f0 * total, f1 * total))
        i = int(along.searchsorted(s0, side="right"))  # first point beyond s0
        j = int(along.searchsorted(s1, side="left"))  # first point at or beyond s1
        part = [_at(along, points, s0, i), *points[i:j].tolist(), _at(along, points, s1, j)]
        return np.array(part[::-1] if f0 > f1 else part)


def _at(along: np.ndarray, points: np.ndarray, s: float, k: int) -> list[float]:
    """The point at metric distance ``s`` along a line, on the segment ending at point ``k``."""
    k = min(max(k, 1), len(along) - 1)
    a, b = along[k - 1 : k + 1].tolist()
    f = min(max((s - a) / (b - a), 0.0), 1.0) if b > a else 0.0
    (x0, y0), (x1, y1) = points[k - 1 : k + 1].tolist()
    return [x0 + f * (x1 - x0), y0 + f * (y1 - y0)]


@dataclass
class _SplitNetwork:
    """The walking network as a sparse matrix, with every stop inserted into its line.

    Entry ``k`` of the CSR data is the hop ``(a, b)`` that runs along line
    ``hop_line[k]`` from fraction ``hop_from[k]`` to ``hop_to[k]`` of its length
    (``hop_from > hop_to`` when walked against the line's direction). ``hop_keys`` is
    ``a * size + b`` for every entry, sorted (CSR order).
    """

    matrix: csr_matrix
    stop_nodes: np.ndarray
    hop_line: np.ndarray
    hop_from: np.ndarray
    hop_to: np.ndarray
    hop_keys: np.ndarray

    @classmethod
    def build(
        cls, edges: _MetricLines, snap_lines: np.ndarray, offsets: Sequence[float] | np.ndarray
    ) -> _SplitNetwork:
        n_nodes = len(edges.network)
        n_lines = len(edges.line_edge)
        src = edges.line_u.astype(np.int64)
        dst = edges.line_v.astype(np.int64)
        weight = edges.lengths.astype(float).copy()
        line_id = np.arange(n_lines, dtype=np.int64)
        f_from = np.zeros(n_lines)
        f_to = np.ones(n_lines)

        # Split each line that holds stops: u -> stop1 -> stop2 -> ... -> v.
        on_line: dict[int, list[tuple[float, int]]] = {}
        for s, (g, offset) in enumerate(zip(snap_lines.tolist(), offsets, strict=True)):
            on_line.setdefault(g, []).append((float(offset), s))
        extra: list[tuple[int, int, float, int, float, float]] = []
        for g, stops_here in on_line.items():
            length = float(edges.lengths[g])
            chain = [(0.0, int(src[g]))]
            chain += [(off, n_nodes + s) for off, s in sorted(stops_here)]
            chain.append((length, int(dst[g])))
            for (off0, n0), (off1, n1) in itertools.pairwise(chain):
                f0, f1 = (off0 / length, off1 / length) if length > 0 else (0.0, 0.0)
                extra.append((n0, n1, off1 - off0, g, f0, f1))
        whole = np.ones(n_lines, dtype=bool)
        whole[list(on_line)] = False
        if extra:
            cols = list(zip(*extra, strict=True))
            src = np.concatenate([src[whole], np.array(cols[0], dtype=np.int64)])
            dst = np.concatenate([dst[whole], np.array(cols[1], dtype=np.int64)])
            weight = np.concatenate([weight[whole], np.array(cols[2], dtype=float)])
            line_id = np.concatenate([line_id[whole], np.array(cols[3], dtype=np.int64)])
            f_from = np.concatenate([f_from[whole], np.array(cols[4], dtype=float)])
            f_to = np.concatenate([f_to[whole], np.array(cols[5], dtype=float)])

        # Walk both ways along every line; keep the shortest of parallel hops
        # (scipy's COO -> CSR conversion would add them up instead).
        a = np.concatenate([src, dst])
        b = np.concatenate([dst, src])
        w = np.maximum(np.concatenate([weight, weight]), _TINY)
        g_all = np.concatenate([line_id, line_id])
        fa = np.concatenate([f_from, f_to])
        fb = np.concatenate([f_to, f_from])
        order = np.lexsort((w, b, a))
        first = np.ones(len(order), dtype=bool)
        first[1:] = (np.diff(a[order]) != 0) | (np.diff(b[order]) != 0)
        keep = order[first]  # sorted by (a, b): already in CSR order
        size = n_nodes + len(snap_lines)
        indptr = np.zeros(size + 1, dtype=np.int64)
        np.cumsum(np.bincount(a[keep], minlength=size), out=indptr[1:])
        matrix = csr_matrix((w[keep], b[keep], indptr), shape=(size, size))
        return cls(
            matrix=matrix,
            stop_nodes=np.arange(n_nodes, size, dtype=np.int64),
            hop_line=g_all[keep],
            hop_from=fa[keep],
            hop_to=fb[keep],
            hop_keys=a[keep] * size + b[keep],
        )

    def path_coords(self, edges: _MetricLines, path: np.ndarray) -> np.ndarray:
        """The (lon, lat) points along a path of matrix nodes (at least 2)."""
        size = self.matrix.shape[0]
        k = self.hop_keys.searchsorted(path[:-1] * size + path[1:])
        ptr, coords = edges.network.geom_ptr, edges.network.coords
        parts: list[np.ndarray] = []
        for g, f0, f1 in zip(
            self.hop_line[k].tolist(),
            self.hop_from[k].tolist(),
            self.hop_to[k].tolist(),
            strict=True,
        ):
            if f0 == 0.0 and f1 == 1.0:
                part = coords[ptr[g] : ptr[g + 1]]
            elif f0 == 1.0 and f1 == 0.0:
                part = coords[ptr[g] : ptr[g + 1]][::-1]
            else:  # a hop that starts or ends at a stop
                part = edges.part(g, f0, f1)
            parts.append(part[1:] if parts else part)  # each hop starts where the last ended
        return np.concatenate(parts)


def snapped_point(snap: Snap) -> Point:
    """The snapped position of a stop on its street (EPSG:4326)."""
    return Point(snap.lon, snap.lat)
