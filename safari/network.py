"""Walking network: from an OSM file, a saved osmnx graph or the Overpass API; clipped and cached.

Two public functions return the same network in two shapes:

- :func:`walking_network` returns a :class:`WalkingNetwork`: numpy arrays (nodes, directed
  edges with length and geometry). Routing works on these arrays; this is the fast path.
- :func:`walking_graph` returns it as an osmnx-compatible ``MultiDiGraph`` (EPSG:4326, nodes
  with ``x``/``y``, edges with ``length`` in metres and ``geometry`` where osmnx has one),
  built from the arrays by :meth:`WalkingNetwork.to_networkx`. Routing recognises such a
  graph and reuses its arrays.

OSM files are read with pyosmium, filtered with osmnx's walk filter (plus two exceptions,
see :func:`walking_network`), clipped to the stops' area, and simplified exactly as
``osmnx.simplify_graph`` simplifies (its default rules, osmnx 2.x), without building a
networkx graph first. The result is the largest weakly connected part, cached as an
``.npz`` file under a hash of its inputs in ``safari.settings.cache_dir() / "networks"``.
"""

from __future__ import annotations

import bz2
import gc
import hashlib
import json
import logging
import math
import os
import re
import shutil
import socket
import tempfile
import time
import weakref
import zipfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import networkx as nx
import numpy as np
import osmium
import osmnx as ox
import requests
import shapely
from osmnx._errors import InsufficientResponseError, ResponseStatusCodeError
from pyproj import CRS
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from safari._errors import NetworkError
from safari.i18n import t
from safari.settings import cache_dir

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["FORMAT_VERSION", "WalkingNetwork", "network_of", "walking_graph", "walking_network"]

logger = logging.getLogger(__name__)

#: Bump when the way a network is built or stored changes, so that old cache files are not used.
FORMAT_VERSION = 3

#: (west, south, east, north) in degrees: osmnx's (left, bottom, right, top).
Box = tuple[float, float, float, float]

# Readers by suffix (longest first): suffix -> (kind, osmium format string).
_SUFFIXES: dict[str, tuple[str, str]] = {
    ".osm.pbf": ("osm", "pbf"),
    ".osm.bz2": ("osm", "osm.bz2"),
    ".osm.gz": ("osm", "osm.gz"),
    ".osm": ("osm", "osm"),
    ".graphml.bz2": ("graphml", "bz2"),
    ".graphml": ("graphml", ""),
}

_M_PER_DEG_LAT = 6_371_008.8 * math.pi / 180.0  # mean Earth radius, metres per degree
_CACHE_BOX_DECIMALS = 5  # the clip box is rounded to 1e-5 degree (about 1 m)
_CONNECT_TIMEOUT_S = 10.0

# osmnx's own walk filter, clause by clause: osmnx._overpass._get_network_filter("walk"),
# which starts with '["highway"]["area"!~"yes"]' + osmnx.settings.default_access
# ('["access"!~"private"]'). An Overpass clause ["k"!~"re"] lets a way pass when the key
# is absent or its value does not match the (unanchored, case-sensitive) regex.
# tests/test_network.py checks that these rebuild osmnx's filter string exactly.
_WALK_REQUIRED_KEY = "highway"
_WALK_EXCLUDE: tuple[tuple[str, str], ...] = (
    ("area", "yes"),
    ("access", "private"),
    (
        "highway",
        "abandoned|bus_guideway|construction|cycleway|motor|no|planned|"
        "platform|proposed|raceway|razed|rest_area|services",
    ),
    ("foot", "no"),
    ("service", "private"),
)
# osmnx also drops roads whose sidewalks are mapped as separate ways. In Dutch data that
# cuts the network into islands, so safari keeps them (keep_separate_sidewalks=True).
_SIDEWALK_SEPARATE_EXCLUDE: tuple[tuple[str, str], ...] = (
    ("sidewalk", "separate"),
    ("sidewalk:both", "separate"),
    ("sidewalk:left", "separate"),
    ("sidewalk:right", "separate"),
)
_COMPILED = {clause: re.compile(clause[1]) for clause in _WALK_EXCLUDE + _SIDEWALK_SEPARATE_EXCLUDE}

# osmnx drops every highway=cycleway. Dutch cycle paths and cycle bridges often have a
# pavement (sidewalk=left|right|both|yes) or allow walking (foot=yes|designated|permissive);
# in the Delft 2025 extract the only links between west Wippolder and the rest are such
# cycleways (Abtswoudsebrug). Safari keeps them (keep_walkable_cycleways=True); the other
# clauses (area, access, foot=no, service) still apply.
_CYCLEWAY_FOOT = "^(yes|designated|permissive)$"
_CYCLEWAY_SIDEWALK_KEY = "^sidewalk(:both|:left|:right)?$"
_CYCLEWAY_SIDEWALK = "^(yes|both|left|right)$"
_CYCLEWAY_FOOT_RE = re.compile(_CYCLEWAY_FOOT)
_CYCLEWAY_SIDEWALK_RE = re.compile(_CYCLEWAY_SIDEWALK)
_CYCLEWAY_SIDEWALK_KEYS = ("sidewalk", "sidewalk:both", "sidewalk:left", "sidewalk:right")


def _walk_clauses(*, keep_separate_sidewalks: bool) -> tuple[tuple[str, str], ...]:
    if keep_separate_sidewalks:
        return _WALK_EXCLUDE
    return _WALK_EXCLUDE + _SIDEWALK_SEPARATE_EXCLUDE


def _overpass_filters(
    *, keep_separate_sidewalks: bool = True, keep_walkable_cycleways: bool = True
) -> list[str]:
    """Return the walk filter as Overpass QL way filters (osmnx ``custom_filter``, a union)."""
    clauses = _walk_clauses(keep_separate_sidewalks=keep_separate_sidewalks)
    filters = [f'["{_WALK_REQUIRED_KEY}"]' + "".join(f'["{k}"!~"{v}"]' for k, v in clauses)]
    if keep_walkable_cycleways:
        base = '["highway"="cycleway"]' + "".join(
            f'["{k}"!~"{v}"]' for k, v in clauses if k != "highway"
        )
        filters.append(f'{base}["foot"~"{_CYCLEWAY_FOOT}"]')
        filters.append(f'{base}[~"{_CYCLEWAY_SIDEWALK_KEY}"~"{_CYCLEWAY_SIDEWALK}"]')
    return filters


def _is_walkable_cycleway(tags: Mapping[str, str]) -> bool:
    if tags.get("highway") != "cycleway":
        return False
    if _CYCLEWAY_FOOT_RE.match(tags.get("foot", "")):
        return True
    return any(_CYCLEWAY_SIDEWALK_RE.match(tags.get(k, "")) for k in _CYCLEWAY_SIDEWALK_KEYS)


def _is_walkable(
    tags: Mapping[str, str],
    *,
    keep_separate_sidewalks: bool = True,
    keep_walkable_cycleways: bool = True,
) -> bool:
    """Return True when a way with these tags passes the walk filter (see above).

    With both options False this is exactly osmnx's ``network_type="walk"`` filter.
    """
    if _WALK_REQUIRED_KEY not in tags:
        return False
    cycleway_ok = keep_walkable_cycleways and _is_walkable_cycleway(tags)
    for clause in _walk_clauses(keep_separate_sidewalks=keep_separate_sidewalks):
        if cycleway_ok and clause[0] == "highway":
            continue
        value = tags.get(clause[0])
        if value is not None and _COMPILED[clause].search(value):
            return False
    return True


# --- the network as arrays ----------------------------------------------------------------

# Bits of WalkingNetwork.edge_flags: what to_networkx adds to an edge's attributes.
_HAS_GEOMETRY = 1  # a "geometry" LineString (osmnx adds one to every simplified edge)
_REVERSED_FALSE = 2  # "reversed": False (with _REVERSED_TRUE as well: [False, True])
_REVERSED_TRUE = 4  # "reversed": True
_ONEWAY_FALSE = 8  # "oneway": False (osmnx's walk networks are bidirectional)

# The arrays of a WalkingNetwork, as stored in the cache: name -> dtype.
_ARRAYS: dict[str, type] = {
    "node_id": np.int64,
    "x": np.float64,
    "y": np.float64,
    "edge_u": np.int64,
    "edge_v": np.int64,
    "edge_key": np.int64,
    "edge_length": np.float64,
    "edge_geom": np.int64,
    "edge_geom_reversed": np.bool_,
    "edge_flags": np.uint8,
    "edge_rec_ptr": np.int64,
    "edge_rec": np.int64,
    "geom_ptr": np.int64,
    "coords": np.float64,
}

# Graphs made by WalkingNetwork.to_networkx, and the network they came from.
_NETWORK_OF_GRAPH: weakref.WeakKeyDictionary[nx.MultiDiGraph, WalkingNetwork] = (
    weakref.WeakKeyDictionary()
)


@dataclass(eq=False)
class WalkingNetwork:
    """A walking network as numpy arrays: what routing needs, without networkx.

    Nodes are numbered ``0 .. n-1`` (``node_id`` holds their OSM ids). Every directed edge
    ``e`` runs from node ``edge_u[e]`` to node ``edge_v[e]`` (indices), has the osmnx edge
    key ``edge_key[e]``, ``edge_length[e]`` metres (great-circle, as osmnx measures) and
    the line ``geom_ptr``/``coords`` number ``edge_geom[e]`` (lon, lat), walked backwards
    when ``edge_geom_reversed[e]``. A street walkable both ways is two edges sharing one
    line, as in osmnx's walk networks. Lines always run from the edge's first node to its
    last, also where osmnx keeps no ``geometry`` (a straight edge).

    The other attributes only serve :meth:`to_networkx`: ``records`` are attribute dicts
    (for OSM files, one per way: ``osmid`` and osmnx's useful tags), and edge ``e`` merges
    ``records[edge_rec[edge_rec_ptr[e]:edge_rec_ptr[e + 1]]]`` the way
    ``osmnx.simplify_graph`` merges the ways of a simplified edge.

    Build it with :func:`walking_network`; do not change the arrays afterwards (routing
    keeps data derived from them).
    """

    node_id: np.ndarray
    x: np.ndarray
    y: np.ndarray
    edge_u: np.ndarray
    edge_v: np.ndarray
    edge_key: np.ndarray
    edge_length: np.ndarray
    edge_geom: np.ndarray
    edge_geom_reversed: np.ndarray
    edge_flags: np.ndarray
    edge_rec_ptr: np.ndarray
    edge_rec: np.ndarray
    geom_ptr: np.ndarray
    coords: np.ndarray
    node_attrs: dict[int, dict[str, Any]] = field(default_factory=dict)
    graph: dict[str, Any] = field(default_factory=dict)
    _records: list[dict[str, Any]] | None = field(default=None, repr=False)
    _records_json: bytes | None = field(default=None, repr=False)
    #: Data derived from the arrays by other modules (routing's projected lines).
    derived: dict[str, Any] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        """Number of nodes (as ``len(G)`` for a networkx graph)."""
        return len(self.node_id)

    def number_of_edges(self) -> int:
        """Number of directed edges (as ``G.number_of_edges()``)."""
        return len(self.edge_u)

    @property
    def records(self) -> list[dict[str, Any]]:
        """The attribute records of the edges (read from the cache on first use)."""
        if self._records is None:
            with _gc_paused():
                self._records = json.loads(self._records_json or b"[]")
            self._records_json = None
        return self._records

    def total_length(self) -> float:
        """Sum of all directed edges' lengths in metres (each street counts both ways)."""
        return float(self.edge_length.sum())

    def edge_coords(self, e: int) -> np.ndarray:
        """The (lon, lat) points of edge ``e``, from its first node to its last."""
        g = int(self.edge_geom[e])
        points = self.coords[self.geom_ptr[g] : self.geom_ptr[g + 1]]
        return points[::-1] if self.edge_geom_reversed[e] else points

    def to_networkx(self) -> nx.MultiDiGraph:
        """Return the network as an osmnx-compatible ``MultiDiGraph`` (a new graph).

        Node ids, edge keys and attributes are what ``osmnx.graph_from_xml`` (simplified,
        bidirectional) gives for the same ways. Routing recognises the graph and reuses
        this network's arrays, so do not change the graph if you route on it.
        """
        with _gc_paused():  # many small dicts: the cyclic GC would rescan them again and again
            return self._to_networkx()

    def _to_networkx(self) -> nx.MultiDiGraph:
        G = nx.MultiDiGraph(**self.graph)
        ids = self.node_id.tolist()
        attrs = self.node_attrs
        nodes = [
            (node, {"y": y, "x": x, **attrs[i]} if i in attrs else {"y": y, "x": x})
            for i, (node, x, y) in enumerate(
                zip(ids, self.x.tolist(), self.y.tolist(), strict=True)
            )
        ]
        flags = self.edge_flags
        with_geometry = np.flatnonzero(flags & _HAS_GEOMETRY)
        lines = np.full(len(flags), None, dtype=object)
        if len(with_geometry):
            lines[with_geometry] = self._lines(with_geometry)
        records = self.records
        ptr = self.edge_rec_ptr.tolist()
        rec = self.edge_rec.tolist()
        extra = {flag: _flag_attrs(flag) for flag in np.unique(flags).tolist()}
        edges = []
        for u, v, key, length, flag, line, r0, r1 in zip(
            self.node_id[self.edge_u].tolist(),
            self.node_id[self.edge_v].tolist(),
            self.edge_key.tolist(),
            self.edge_length.tolist(),
            flags.tolist(),
            lines.tolist(),
            ptr[:-1],
            ptr[1:],
            strict=True,
        ):
            data = records[rec[r0]].copy() if r1 - r0 == 1 else _merge(records, rec[r0:r1])
            data.update(extra[flag])
            data["length"] = length
            if line is not None:
                data["geometry"] = line
            edges.append((u, v, key, data))
        _fill(G, nodes, edges)
        _NETWORK_OF_GRAPH[G] = self
        return G

    def _lines(self, edges: np.ndarray) -> np.ndarray:
        """LineStrings (lon/lat) of the given edges, each in its own direction."""
        g = self.edge_geom[edges]
        starts, stops = self.geom_ptr[g], self.geom_ptr[g + 1]
        backwards = self.edge_geom_reversed[edges]
        counts = stops - starts
        points = _ranges(np.where(backwards, stops - 1, starts), counts, np.where(backwards, -1, 1))
        owner = np.repeat(np.arange(len(edges)), counts)
        return shapely.linestrings(self.coords[points], indices=owner)

    @classmethod
    def from_networkx(cls, G: nx.MultiDiGraph) -> WalkingNetwork:
        """Return the arrays of an osmnx-style graph (EPSG:4326, integer node ids).

        Edge ``geometry`` becomes the edge's line (straight from node to node when
        absent); an edge whose line is exactly another edge's line backwards shares it.
        All other attributes are kept for :meth:`to_networkx`.
        """
        nodes = list(G.nodes)
        node_id = np.array(nodes, dtype=np.int64) if nodes else np.empty(0, np.int64)
        index = {node: i for i, node in enumerate(nodes)}
        xs = [float(d["x"]) for _, d in G.nodes(data=True)]
        ys = [float(d["y"]) for _, d in G.nodes(data=True)]
        node_attrs = {
            i: extra
            for i, (_, d) in enumerate(G.nodes(data=True))
            if (extra := {k: v for k, v in d.items() if k not in ("x", "y")})
        }
        n_edges = G.number_of_edges()
        edge_u = np.empty(n_edges, np.int64)
        edge_v = np.empty(n_edges, np.int64)
        edge_key = np.empty(n_edges, np.int64)
        edge_length = np.empty(n_edges)
        edge_geom = np.empty(n_edges, np.int64)
        edge_reversed = np.zeros(n_edges, bool)
        edge_flags = np.zeros(n_edges, np.uint8)
        records: list[dict[str, Any]] = []
        lines: list[list[tuple[float, float]]] = []
        waiting: dict[tuple[Any, ...], int] = {}  # (u, v, points): line of an edge u -> v
        for e, (u, v, k, d) in enumerate(G.edges(keys=True, data=True)):
            a, b = index[u], index[v]
            geometry = d.get("geometry")
            if geometry is not None:
                points = [(float(p[0]), float(p[1])) for p in geometry.coords]
                edge_flags[e] = _HAS_GEOMETRY
            else:
                points = [(xs[a], ys[a]), (xs[b], ys[b])]
            twin = waiting.pop((b, a, *points[::-1]), None)
            if twin is None:
                waiting[(a, b, *points)] = len(lines)
                edge_geom[e] = len(lines)
                lines.append(points)
            else:
                edge_geom[e] = twin
                edge_reversed[e] = True
            edge_u[e], edge_v[e], edge_key[e] = a, b, int(k)
            edge_length[e] = float(d["length"])
            records.append({k2: v2 for k2, v2 in d.items() if k2 not in ("geometry", "length")})
        counts = np.array([len(points) for points in lines], dtype=np.int64)
        geom_ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        coords = (
            np.array([p for points in lines for p in points], dtype=float).reshape(-1, 2)
            if lines
            else np.empty((0, 2))
        )
        graph = {k: v for k, v in G.graph.items() if k not in ("safari_cache",)}
        return cls(
            node_id=node_id,
            x=np.array(xs, dtype=float),
            y=np.array(ys, dtype=float),
            edge_u=edge_u,
            edge_v=edge_v,
            edge_key=edge_key,
            edge_length=edge_length,
            edge_geom=edge_geom,
            edge_geom_reversed=edge_reversed,
            edge_flags=edge_flags,
            edge_rec_ptr=np.arange(n_edges + 1, dtype=np.int64),
            edge_rec=np.arange(n_edges, dtype=np.int64),
            geom_ptr=geom_ptr,
            coords=coords,
            node_attrs=node_attrs,
            graph=graph,
            _records=records,
        )

    # --- cache file ---------------------------------------------------------------------

    def _save(self, target: Path) -> None:
        """Write the network as an uncompressed ``.npz`` (arrays plus JSON, no pickle)."""
        meta = {
            "format": FORMAT_VERSION,
            "graph": self.graph,
            "node_attrs": [[i, attrs] for i, attrs in self.node_attrs.items()],
        }
        records = self._records_json or json.dumps(self.records, default=str).encode("utf-8")
        arrays = {name: getattr(self, name) for name in _ARRAYS}
        np.savez(
            target,
            meta=np.frombuffer(json.dumps(meta, default=str).encode("utf-8"), dtype=np.uint8),
            records=np.frombuffer(records, dtype=np.uint8),
            **arrays,
        )

    @classmethod
    def _load(cls, source: Path) -> WalkingNetwork:
        """Read a file written by :meth:`_save`; raise ValueError when it is not one."""
        with np.load(source, allow_pickle=False) as data:
            meta = json.loads(data["meta"].tobytes())
            if meta.get("format") != FORMAT_VERSION:
                msg = f"format {meta.get('format')}, expected {FORMAT_VERSION}"
                raise ValueError(msg)
            arrays = {name: data[name] for name in _ARRAYS}
            records = data["records"].tobytes()
        for name, dtype in _ARRAYS.items():
            if arrays[name].dtype != dtype:
                msg = f"array {name} has dtype {arrays[name].dtype}"
                raise ValueError(msg)
        graph = meta["graph"]
        if graph.get("safari_box") is not None:  # JSON keeps the box as a list
            graph["safari_box"] = tuple(graph["safari_box"])
        return cls(
            **arrays,
            node_attrs={int(i): attrs for i, attrs in meta["node_attrs"]},
            graph=graph,
            _records_json=records,
        )


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (not reference counting) while building a graph."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _flag_attrs(flag: int) -> dict[str, Any]:
    """The ``oneway`` and ``reversed`` attributes an edge flag stands for."""
    out: dict[str, Any] = {}
    if flag & _ONEWAY_FALSE:
        out["oneway"] = False
    both = _REVERSED_FALSE | _REVERSED_TRUE
    if flag & both == both:
        out["reversed"] = [False, True]
    elif flag & both:
        out["reversed"] = bool(flag & _REVERSED_TRUE)
    return out


def _fill(
    G: nx.MultiDiGraph,
    nodes: list[tuple[int, dict[str, Any]]],
    edges: list[tuple[int, int, int, dict[str, Any]]],
) -> None:
    """``G.add_nodes_from(nodes); G.add_edges_from(edges)`` on a new graph, 5x faster.

    Fills networkx's dicts as ``MultiDiGraph.add_node``/``add_edge`` do (one key dict
    shared by ``_succ[u][v]`` and ``_pred[v][u]``); falls back to the public methods for
    graph classes with other dict factories.
    """
    plain = (
        type(G) is nx.MultiDiGraph
        and len(G) == 0
        and G.node_dict_factory is dict
        and G.node_attr_dict_factory is dict
        and G.adjlist_outer_dict_factory is dict
        and G.adjlist_inner_dict_factory is dict
        and G.edge_key_dict_factory is dict
        and G.edge_attr_dict_factory is dict
    )
    if not plain:
        G.add_nodes_from(nodes)
        G.add_edges_from(edges)
        return
    node, succ, pred = G._node, G._succ, G._pred
    for n, data in nodes:
        node[n] = data
        succ[n] = {}
        pred[n] = {}
    for u, v, key, data in edges:
        keydict = succ[u].get(v)
        if keydict is None:
            keydict = succ[u][v] = {}
            pred[v][u] = keydict
        keydict[key] = data
    clear = getattr(nx, "_clear_cache", None)
    if clear is not None:
        clear(G)


def _merge(records: list[dict[str, Any]], chosen: list[int]) -> dict[str, Any]:
    """Merge the records of the ways in one simplified edge, as osmnx.simplify_graph does.

    An attribute with one distinct value keeps it; several distinct values become a list.
    """
    values: dict[str, list[Any]] = {}
    for r in chosen:
        for key, value in records[r].items():
            values.setdefault(key, []).append(value)
    merged: dict[str, Any] = {}
    for key, found in values.items():
        distinct = set(found)
        merged[key] = found[0] if len(distinct) == 1 else list(distinct)
    return merged


def _ranges(starts: np.ndarray, counts: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """Concatenate ``range(start, start + step * count, step)`` for every triple (numpy)."""
    total = int(counts.sum())
    if total == 0:
        return np.empty(0, np.int64)
    offsets = np.cumsum(counts) - counts
    within = np.arange(total, dtype=np.int64) - np.repeat(offsets, counts)
    return np.repeat(starts, counts) + np.repeat(steps, counts) * within


def network_of(graph: nx.MultiDiGraph | WalkingNetwork) -> WalkingNetwork:
    """Return the arrays of a graph: those it was made from, or new ones (kept for the graph).

    A graph made by :func:`walking_graph` (or :meth:`WalkingNetwork.to_networkx`) gives
    back its network at once. Any other osmnx-style graph is converted once; the graph
    must not change afterwards.
    """
    if isinstance(graph, WalkingNetwork):
        return graph
    network = _NETWORK_OF_GRAPH.get(graph)
    if network is None:
        network = WalkingNetwork.from_networkx(graph)
        _NETWORK_OF_GRAPH[graph] = network
    return network


# --- public ---------------------------------------------------------------------------


def walking_network(
    source: str | os.PathLike[str] | None,
    *,
    around: gpd.GeoDataFrame | None = None,
    margin_m: float = 500.0,
    use_cache: bool = True,
) -> WalkingNetwork:
    """Return the walking network as arrays: from a file or downloaded, clipped, cached.

    Parameters
    ----------
    source
        An OSM file (``.osm``, ``.osm.gz``, ``.osm.bz2``, ``.osm.pbf``), a graph saved by
        osmnx (``.graphml``, ``.graphml.bz2``), or None to download the network from the
        Overpass API (``osmnx.settings.overpass_url``) for the area of ``around``.
        OSM files keep only the ways that pass osmnx's ``network_type="walk"`` filter,
        except that two kinds of ways osmnx drops are kept: roads whose sidewalks are
        mapped separately (``sidewalk*=separate``), and cycleways that allow walking
        (``foot=yes|designated|permissive`` or ``sidewalk*=yes|both|left|right``).
        Downloads use the same filter. Ways that refer to nodes missing from the file
        (a hard-clipped extract) are cut at those nodes, with a warning in the log.
    around
        The stops (points, EPSG:4326 or any CRS geopandas can convert). The network is
        clipped to their bounding box plus ``margin_m`` on every side; OSM ways with at
        least one node in that box are kept whole. None: no clipping (required when
        ``source`` is None).
    margin_m
        Margin around the stops' bounding box, in metres.
    use_cache
        Load the network from, and store it in, ``safari.settings.cache_dir() / "networks"``
        (``walk-<hash>.npz``). Files are keyed by a hash of the source file's content (or
        the download area and filter), the clip box, the margin, :data:`FORMAT_VERSION`
        and the osmnx version.

    Returns
    -------
    WalkingNetwork
        The largest weakly connected part of the walking network, bidirectional as osmnx
        makes walk networks, simplified as ``osmnx.simplify_graph`` simplifies.
        ``network.graph`` holds ``crs`` (``"epsg:4326"``), ``safari_source``,
        ``safari_box`` and ``safari_cache`` (``"hit"`` when loaded from the cache,
        otherwise ``"miss"``).

    Raises
    ------
    safari._errors.NetworkError
        With a Dutch message for people: the file is missing, of an unknown kind or
        unreadable; it has no walkable ways in the stops' area; the download failed;
        ``source`` is None without ``around``; ``margin_m`` is negative; or no stop has
        a location.
    """
    if not margin_m >= 0:  # also catches NaN
        raise NetworkError(t("network.bad_margin", margin=margin_m))
    box = _clip_box(around, margin_m) if around is not None else None

    build: Callable[[], WalkingNetwork]
    if source is None:
        if box is None:
            raise NetworkError(t("network.online_needs_stops"))
        shown = "overpass"
        filters = _overpass_filters()
        key = _cache_key("overpass", repr(filters), box, margin_m)

        def build() -> WalkingNetwork:
            return WalkingNetwork.from_networkx(_graph_from_overpass(box, filters=filters))

    else:
        shown = os.fsdecode(source)  # the path as the user gave it, for messages
        path = Path(shown)
        kind, fmt = _kind_of(path, shown)
        if not path.exists():
            raise NetworkError(t("network.not_found", file=shown))
        if not path.is_file():
            raise NetworkError(t("network.unreadable", file=shown, detail="not a file"))
        key = _cache_key(kind, _file_digest(path, shown), box, margin_m)

        def build() -> WalkingNetwork:
            if kind == "osm":
                return _network_from_osm_file(path, fmt, shown, box, margin_m=margin_m)
            graph = _graph_from_graphml(path, fmt, shown, box, margin_m=margin_m)
            return WalkingNetwork.from_networkx(graph)

    cache_file = cache_dir() / "networks" / f"walk-{key}.npz" if use_cache else None
    if cache_file is not None:
        started = time.perf_counter()
        cached = _load_cached(cache_file)
        if cached is not None:
            cached.graph["safari_cache"] = "hit"
            logger.info(
                "Loaded walking network for %s from cache %s in %.3f s",
                shown,
                cache_file,
                time.perf_counter() - started,
            )
            return cached

    started = time.perf_counter()
    network = build()
    network.graph["safari_source"] = shown
    network.graph["safari_box"] = box
    logger.info(
        "Built walking network from %s: %d nodes, %d edges in %.2f s",
        shown,
        len(network),
        network.number_of_edges(),
        time.perf_counter() - started,
    )
    if cache_file is not None:
        _store_cached(cache_file, network)
    network.graph["safari_cache"] = "miss"
    return network


def walking_graph(
    source: str | os.PathLike[str] | None,
    *,
    around: gpd.GeoDataFrame | None = None,
    margin_m: float = 500.0,
    use_cache: bool = True,
) -> nx.MultiDiGraph:
    """Return the walking network as an osmnx-compatible ``MultiDiGraph``.

    The same network as :func:`walking_network` (same parameters, errors and cache),
    built into a graph by :meth:`WalkingNetwork.to_networkx`. Routing on the graph reuses
    the arrays, so :func:`safari.routing.walking_matrix` is as fast on either.

    Returns
    -------
    networkx.MultiDiGraph
        The largest weakly connected part of the walking network, bidirectional as osmnx
        makes walk networks. ``G.graph`` holds ``crs`` (``"epsg:4326"``), ``safari_source``,
        ``safari_box`` and ``safari_cache`` (``"hit"`` when loaded from the cache,
        otherwise ``"miss"``).
    """
    network = walking_network(source, around=around, margin_m=margin_m, use_cache=use_cache)
    return network.to_networkx()


# --- inputs -----------------------------------------------------------------------------


def _kind_of(path: Path, shown: str) -> tuple[str, str]:
    """Return (kind, osmium format) for a file name, or raise NetworkError."""
    name = path.name.lower()
    for suffix, kind_fmt in _SUFFIXES.items():
        if name.endswith(suffix):
            return kind_fmt
    accepted = ", ".join(_SUFFIXES)
    raise NetworkError(t("network.unknown_suffix", file=shown, accepted=accepted))


def _clip_box(around: gpd.GeoDataFrame, margin_m: float) -> Box:
    """Return the stops' bounding box plus ``margin_m`` metres, rounded to 1e-5 degree."""
    stops = around
    if stops.crs is None:
        logger.warning("The stops have no CRS; assuming EPSG:4326 (lon/lat)")
    elif not CRS(stops.crs).equals(CRS.from_epsg(4326)):
        stops = stops.to_crs(4326)
    geoms = stops.geometry
    geoms = geoms[~(geoms.isna() | geoms.is_empty)]
    if len(geoms) == 0:
        raise NetworkError(t("network.no_stops"))
    west, south, east, north = (float(v) for v in geoms.total_bounds)
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise NetworkError(t("network.no_stops"))
    dlat = margin_m / _M_PER_DEG_LAT
    widest = min(max(abs(south), abs(north)) + dlat, 89.0)  # lon degrees shrink towards poles
    dlon = margin_m / (_M_PER_DEG_LAT * math.cos(math.radians(widest)))
    d = _CACHE_BOX_DECIMALS
    return (
        round(max(west - dlon, -180.0), d),
        round(max(south - dlat, -90.0), d),
        round(min(east + dlon, 180.0), d),
        round(min(north + dlat, 90.0), d),
    )


def _fmt_box(box: Box) -> str:
    west, south, east, north = box
    return f"lon {west:.4f}–{east:.4f}, lat {south:.4f}–{north:.4f}"


def _outside_error(shown: str, file_box: Box, box: Box, margin_m: float) -> NetworkError:
    return NetworkError(
        t(
            "network.outside",
            file=shown,
            file_box=_fmt_box(file_box),
            stops_box=_fmt_box(box),
            margin=f"{margin_m:g}",
        )
    )


def _in_box(lon: float, lat: float, box: Box) -> bool:
    return box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


# --- cache ------------------------------------------------------------------------------


def _file_digest(path: Path, shown: str) -> str:
    """Return the sha256 of a file's content (not its name or time)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as file:
            for chunk in iter(lambda: file.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise NetworkError(t("network.unreadable", file=shown, detail=exc)) from exc
    return digest.hexdigest()


def _cache_key(kind: str, content: str, box: Box | None, margin_m: float) -> str:
    parts = (FORMAT_VERSION, ox.__version__, kind, content, box, float(margin_m))
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def _load_cached(cache_file: Path) -> WalkingNetwork | None:
    """Return the cached network, or None when absent or unreadable (never fatal)."""
    if not cache_file.is_file():
        return None
    try:
        return WalkingNetwork._load(cache_file)
    except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile) as exc:
        logger.warning("Ignoring unreadable cache file %s (%s); rebuilding it", cache_file, exc)
        return None


def _store_cached(cache_file: Path, network: WalkingNetwork) -> None:
    """Write the network atomically (temporary file + os.replace); failures are only logged."""
    tmp_name: str | None = None
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=cache_file.parent, prefix=".tmp-", suffix=".npz")
        with os.fdopen(fd, "wb") as file:
            network._save(file)  # type: ignore[arg-type]
        os.replace(tmp_name, cache_file)
        tmp_name = None
    except (OSError, ValueError, TypeError) as exc:
        logger.warning("Could not write cache file %s (%s)", cache_file, exc)
    finally:
        if tmp_name is not None:
            Path(tmp_name).unlink(missing_ok=True)


# --- reading OSM files ------------------------------------------------------------------


@dataclass
class _Ways:
    """The walkable ways read from an OSM file, cut into runs of nodes present in the file.

    Run ``r`` is ``refs[run_ptr[r]:run_ptr[r + 1]]`` (at least 2 nodes, no node twice in a
    row), with the node positions in ``lon``/``lat``; it belongs to way ``run_way[r]``,
    whose ``osmid`` and useful tags are ``records[run_way[r]]``.
    """

    refs: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    run_ptr: np.ndarray
    run_way: np.ndarray
    records: list[dict[str, Any]]
    node_tags: dict[int, dict[str, str]]
    file_box: Box | None


#: Tags kept beyond osmnx's useful tags: what a step-free route needs to know.
STEP_FREE_WAY_TAGS = ("wheelchair", "kerb")
STEP_FREE_NODE_TAGS = ("kerb", "wheelchair")


def _way_tags() -> list[str]:
    return [*ox.settings.useful_tags_way, *STEP_FREE_WAY_TAGS]


def _node_tags() -> set[str]:
    return {*ox.settings.useful_tags_node, *STEP_FREE_NODE_TAGS}


def step_free(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The part of a walking graph usable with a wheelchair or a pram.

    Leaves out steps (``highway=steps``), ways tagged ``wheelchair=no`` or with a raised
    kerb (``kerb=raised``), and crossings (nodes) with a raised kerb or
    ``wheelchair=no``; then keeps the largest connected part. Ways without these tags
    are taken to be usable: OpenStreetMap rarely says so explicitly.
    """

    def says(value: object, bad: tuple[str, ...]) -> bool:
        values = value if isinstance(value, list) else [value]
        return any(str(v).strip().lower() in bad for v in values)

    blocked_nodes = {
        n
        for n, data in graph.nodes(data=True)
        if says(data.get("kerb"), ("raised",)) or says(data.get("wheelchair"), ("no",))
    }
    kept = graph.copy()
    kept.remove_nodes_from(blocked_nodes)
    kept.remove_edges_from(
        [
            (u, v, k)
            for u, v, k, data in kept.edges(keys=True, data=True)
            if says(data.get("highway"), ("steps",))
            or says(data.get("wheelchair"), ("no",))
            or says(data.get("kerb"), ("raised",))
        ]
    )
    logger.info(
        "step-free: %d of %d edges kept before joining parts",
        kept.number_of_edges(),
        graph.number_of_edges(),
    )
    return _largest_part(kept, graph.graph.get("safari_source", "netwerk"))


def _read_walkable_ways(
    path: Path,
    fmt: str,
    shown: str,
    box: Box | None,
    *,
    keep_separate_sidewalks: bool,
    keep_walkable_cycleways: bool,
) -> _Ways:
    """Read an OSM file with pyosmium and keep the walkable ways touching ``box``.

    A way that refers to nodes missing from the file (a hard-clipped extract) is cut at
    them; pieces of fewer than 2 nodes are dropped. ``file_box`` is the bounding box of
    all walkable ways in the file (None if none).
    """
    node_keys = _node_tags()
    # osmnx replaces the oneway tag by its own oneway=False in walk networks
    way_keys = [k for k in _way_tags() if k != "oneway"]
    refs: list[int] = []
    lons: list[float] = []
    lats: list[float] = []
    run_ptr: list[int] = [0]
    run_way: list[int] = []
    records: list[dict[str, Any]] = []
    node_tags: dict[int, dict[str, str]] = {}
    west = south = math.inf
    east = north = -math.inf
    missing_refs = ways_missing = pieces_dropped = 0
    processor = (
        osmium.FileProcessor(osmium.io.File(str(path), fmt), osmium.osm.NODE | osmium.osm.WAY)
        .with_locations()
        .with_filter(osmium.filter.KeyFilter(_WALK_REQUIRED_KEY, *sorted(node_keys)))
    )
    try:
        for obj in processor:
            if isinstance(obj, osmium.osm.Node):
                tags = {tag.k: tag.v for tag in obj.tags if tag.k in node_keys}
                if tags:
                    node_tags[obj.id] = tags
                continue
            if not isinstance(obj, osmium.osm.Way):
                continue
            tags = dict(obj.tags)
            if not _is_walkable(
                tags,
                keep_separate_sidewalks=keep_separate_sidewalks,
                keep_walkable_cycleways=keep_walkable_cycleways,
            ):
                continue
            runs: list[tuple[list[int], list[float], list[float]]] = []
            ids: list[int] = []
            xs: list[float] = []
            ys: list[float] = []
            missing = 0
            for node in obj.nodes:
                location = node.location
                if not location.valid():
                    missing += 1
                    if ids:
                        runs.append((ids, xs, ys))
                        ids, xs, ys = [], [], []
                    continue
                ref = node.ref
                if ids and ids[-1] == ref:
                    continue
                ids.append(ref)
                xs.append(location.lon)
                ys.append(location.lat)
            if ids:
                runs.append((ids, xs, ys))
            if missing:
                missing_refs += missing
                ways_missing += 1
                pieces_dropped += sum(1 for run in runs if len(run[0]) < 2)
                runs = [run for run in runs if len(run[0]) >= 2]
            elif runs and len(runs[0][0]) < 2:
                runs = []
            if not runs:
                continue
            all_x = [x for run in runs for x in run[1]]
            all_y = [y for run in runs for y in run[2]]
            west, east = min(west, *all_x), max(east, *all_x)
            south, north = min(south, *all_y), max(north, *all_y)
            if box is not None and not any(
                box[0] <= x <= box[2] and box[1] <= y <= box[3]
                for x, y in zip(all_x, all_y, strict=True)
            ):
                continue
            record: dict[str, Any] = {"osmid": obj.id}
            record.update((k, tags[k]) for k in way_keys if k in tags)
            for ids, xs, ys in runs:
                refs.extend(ids)
                lons.extend(xs)
                lats.extend(ys)
                run_ptr.append(len(refs))
                run_way.append(len(records))
            records.append(record)
    except (RuntimeError, OSError, ValueError) as exc:
        raise NetworkError(t("network.unreadable", file=shown, detail=exc)) from exc
    if missing_refs:
        logger.warning(
            "%s: %d walkable ways refer to %d nodes that are not in the file (clipped "
            "extract?); those ways were cut at the missing nodes, and %d pieces with fewer "
            "than 2 nodes left were dropped",
            shown,
            ways_missing,
            missing_refs,
            pieces_dropped,
        )
    return _Ways(
        refs=np.array(refs, dtype=np.int64),
        lon=np.array(lons, dtype=float),
        lat=np.array(lats, dtype=float),
        run_ptr=np.array(run_ptr, dtype=np.int64),
        run_way=np.array(run_way, dtype=np.int64),
        records=records,
        node_tags=node_tags,
        file_box=None if math.isinf(west) else (west, south, east, north),
    )


def _network_from_osm_file(
    path: Path,
    fmt: str,
    shown: str,
    box: Box | None,
    *,
    margin_m: float = 0.0,
    keep_separate_sidewalks: bool = True,
    keep_walkable_cycleways: bool = True,
) -> WalkingNetwork:
    """Build the walking network from an OSM file: filter with pyosmium, simplify with numpy.

    With both ``keep_*`` options False, osmnx's walk filter applies unchanged (for tests).
    """
    with _gc_paused():  # a list and a dict per way: nothing cyclic to collect
        ways = _read_walkable_ways(
            path,
            fmt,
            shown,
            box,
            keep_separate_sidewalks=keep_separate_sidewalks,
            keep_walkable_cycleways=keep_walkable_cycleways,
        )
    logger.debug(
        "%s: %d walkable ways with %d node references", shown, len(ways.records), len(ways.refs)
    )
    network = _simplified_network(ways, shown) if len(ways.run_way) else None
    if network is None or network.number_of_edges() == 0:
        if ways.file_box is None or box is None:
            raise NetworkError(t("network.no_ways", file=shown))
        raise _outside_error(shown, ways.file_box, box, margin_m)
    return network


def _simplified_network(ways: _Ways, shown: str) -> WalkingNetwork:
    """Build the simplified walk network's arrays, as osmnx would from the same ways.

    osmnx (``graph_from_xml(..., bidirectional=True)``) makes an edge in both directions for
    every pair of consecutive nodes of a way, then ``simplify_graph`` (default rules)
    merges the edges through every node that is not an endpoint: a node is an endpoint
    unless it has exactly 2 neighbours and exactly 2 edges each way (one to each
    neighbour). Each chain of edges between endpoints becomes one edge per direction, with
    the chain's line, its summed length and its ways' merged attributes; components
    without any endpoint (isolated rings) are dropped; the largest weakly connected
    component (counted in unsimplified nodes, as osmnx counts) is kept. One deliberate
    difference: osmnx picks the largest component before dropping rings, so when an
    isolated ring is the largest part it returns an empty graph; safari keeps the largest
    part that is not a ring.
    """
    refs, run_ptr = ways.refs, ways.run_ptr
    node_ids, first_seen, inv = np.unique(refs, return_index=True, return_inverse=True)
    n_nodes = len(node_ids)
    n_pos = len(refs)
    run_len = np.diff(run_ptr)
    run_of = np.repeat(np.arange(len(run_len), dtype=np.int64), run_len)
    is_first = np.zeros(n_pos, bool)
    is_first[run_ptr[:-1]] = True
    is_last = np.zeros(n_pos, bool)
    is_last[run_ptr[1:] - 1] = True

    # endpoints, by osmnx's rules for a bidirectional graph
    seg = np.flatnonzero(~is_last)
    a, b = inv[seg], inv[seg + 1]
    degree = np.bincount(a, minlength=n_nodes) + np.bincount(b, minlength=n_nodes)
    pairs = np.unique(np.minimum(a, b) * n_nodes + np.maximum(a, b))
    neighbours = np.bincount(pairs // n_nodes, minlength=n_nodes) + np.bincount(
        pairs % n_nodes, minlength=n_nodes
    )
    interior = (degree == 2) & (neighbours == 2)

    # pieces: the stretches of a run between endpoints (or the run's ends)
    cuts = np.flatnonzero(is_first | is_last | ~interior[inv])
    same_run = run_of[cuts[:-1]] == run_of[cuts[1:]]
    p_start, p_end = cuts[:-1][same_run], cuts[1:][same_run]
    start_node, end_node = inv[p_start], inv[p_end]
    open_start, open_end = interior[start_node], interior[end_node]

    # chains: pieces joined at interior nodes (where a way ends and the next one begins)
    closed = np.flatnonzero(~open_start & ~open_end)
    entry_piece: list[np.ndarray] = [closed]
    entry_forward: list[np.ndarray] = [np.ones(len(closed), bool)]
    entry_first: list[np.ndarray] = [np.ones(len(closed), bool)]
    chain_entries: list[np.ndarray] = [np.ones(len(closed), np.int64)]
    joined = _join_pieces(start_node, end_node, open_start, open_end)
    if joined:
        entry_piece.append(np.array([p for chain in joined for p, _ in chain], np.int64))
        entry_forward.append(np.array([f for chain in joined for _, f in chain], bool))
        firsts = np.zeros(sum(len(chain) for chain in joined), bool)
        firsts[np.cumsum([0] + [len(chain) for chain in joined[:-1]])] = True
        entry_first.append(firsts)
        chain_entries.append(np.array([len(chain) for chain in joined], np.int64))
    e_piece = np.concatenate(entry_piece)
    e_forward = np.concatenate(entry_forward)
    e_first = np.concatenate(entry_first)
    per_chain = np.concatenate(chain_entries)
    n_chains = len(per_chain)
    e_chain = np.repeat(np.arange(n_chains), per_chain)

    # the points of every chain, in order (a joint is not repeated)
    step = np.where(e_forward, 1, -1)
    n_seg = p_end[e_piece] - p_start[e_piece]
    begin = np.where(e_forward, p_start[e_piece], p_end[e_piece]) + np.where(e_first, 0, step)
    count = n_seg + e_first
    pos = _ranges(begin, count, step)
    chain_points = np.bincount(e_chain, weights=count, minlength=n_chains).astype(np.int64)
    chain_ptr = np.concatenate([[0], np.cumsum(chain_points)])
    lon, lat = ways.lon[pos], ways.lat[pos]
    chain_u, chain_v = inv[pos[chain_ptr[:-1]]], inv[pos[chain_ptr[1:] - 1]]
    hop = np.zeros(len(pos))
    hop[:-1] = ox.distance.great_circle(lat[:-1], lon[:-1], lat[1:], lon[1:])
    hop[chain_ptr[1:] - 1] = 0.0  # from a chain's last point to the next chain's first
    chain_length = np.add.reduceat(hop, chain_ptr[:-1]) if n_chains else np.empty(0)

    # the largest weakly connected component, in osmnx's node count
    link = coo_matrix((np.ones(n_chains), (chain_u, chain_v)), shape=(n_nodes, n_nodes))
    _, label = connected_components(link, directed=False)
    is_end = np.zeros(n_nodes, bool)
    is_end[chain_u] = True
    is_end[chain_v] = True
    size = np.bincount(label[is_end], minlength=label.max() + 1) + np.bincount(
        label[chain_u], weights=chain_points - 2, minlength=label.max() + 1
    )
    best = int(np.argmax(size)) if n_chains else 0
    keep = label[chain_u] == best
    kept_nodes = is_end & (label == best)
    if n_chains and kept_nodes.sum() < is_end.sum():
        logger.info(
            "%s: kept the largest connected part of the walking network, "
            "%d of %d nodes (%d dropped)",
            shown,
            int(kept_nodes.sum()),
            int(is_end.sum()),
            int(is_end.sum() - kept_nodes.sum()),
        )

    # nodes and lines of the kept chains
    new_index = np.cumsum(kept_nodes) - 1
    chains = np.flatnonzero(keep)
    u, v = new_index[chain_u[chains]], new_index[chain_v[chains]]
    point_kept = np.repeat(keep, chain_points)
    coords = np.column_stack([lon[point_kept], lat[point_kept]])
    geom_ptr = np.concatenate([[0], np.cumsum(chain_points[chains])]).astype(np.int64)
    node_pos = first_seen[kept_nodes]

    # the records of each chain: its ways, each once
    e_way = ways.run_way[run_of[p_start[e_piece]]]
    n_ways = len(ways.records)
    chain_way = np.unique(e_chain * n_ways + e_way)
    cw_chain, cw_way = chain_way // n_ways, chain_way % n_ways
    cw_kept = keep[cw_chain]
    cw_chain, cw_way = cw_chain[cw_kept], cw_way[cw_kept]
    used_ways, cw_record = np.unique(cw_way, return_inverse=True)
    records = [ways.records[w] for w in used_ways.tolist()]
    per = np.bincount(cw_chain, minlength=n_chains)[chains]
    rec_ptr_one = np.concatenate([[0], np.cumsum(per)])

    # flags: osmnx's "reversed" is True on the edges walked against their way's direction
    forward_entries = np.bincount(e_chain, weights=e_forward, minlength=n_chains)[chains]
    backward_entries = np.bincount(e_chain, weights=~e_forward, minlength=n_chains)[chains]
    simplified = np.where(chain_points[chains] > 2, _HAS_GEOMETRY, 0)
    flags_fwd = (
        _ONEWAY_FALSE
        | simplified
        | np.where(forward_entries > 0, _REVERSED_FALSE, 0)
        | np.where(backward_entries > 0, _REVERSED_TRUE, 0)
    )
    flags_back = (
        _ONEWAY_FALSE
        | simplified
        | np.where(forward_entries > 0, _REVERSED_TRUE, 0)
        | np.where(backward_entries > 0, _REVERSED_FALSE, 0)
    )

    # each chain is an edge in both directions (forward edges first), sharing its line
    n_kept = len(chains)
    edge_u = np.concatenate([u, v])
    edge_v = np.concatenate([v, u])
    edge_rec_ptr = np.concatenate([rec_ptr_one, rec_ptr_one[-1] + rec_ptr_one[1:]])
    node_tags = ways.node_tags
    kept_ids = node_ids[kept_nodes]
    node_attrs = {
        i: node_tags[node] for i, node in enumerate(kept_ids.tolist()) if node in node_tags
    }
    return WalkingNetwork(
        node_id=kept_ids.astype(np.int64),
        x=ways.lon[node_pos],
        y=ways.lat[node_pos],
        edge_u=edge_u,
        edge_v=edge_v,
        edge_key=_edge_keys(edge_u, edge_v),
        edge_length=np.concatenate([chain_length[chains], chain_length[chains]]),
        edge_geom=np.concatenate([np.arange(n_kept), np.arange(n_kept)]).astype(np.int64),
        edge_geom_reversed=np.concatenate([np.zeros(n_kept, bool), np.ones(n_kept, bool)]),
        edge_flags=np.concatenate([flags_fwd, flags_back]).astype(np.uint8),
        edge_rec_ptr=edge_rec_ptr.astype(np.int64),
        edge_rec=np.concatenate([cw_record, cw_record]).astype(np.int64),
        geom_ptr=geom_ptr,
        coords=coords,
        node_attrs=node_attrs,
        graph={
            "crs": ox.settings.default_crs,
            "created_with": f"safari (osmnx {ox.__version__} compatible)",
            "simplified": True,
        },
        _records=records,
    )


def _join_pieces(
    start_node: np.ndarray, end_node: np.ndarray, open_start: np.ndarray, open_end: np.ndarray
) -> list[list[tuple[int, bool]]]:
    """Join the pieces that end at an interior node into chains between endpoints.

    Returns each chain as (piece, walked forward) pairs, from one endpoint to the other.
    Pieces that never reach an endpoint (isolated rings) are left out, as osmnx drops them.
    """
    ends: dict[int, list[tuple[int, int]]] = {}  # interior node -> [(piece, side)]
    loose = np.flatnonzero(open_start | open_end).tolist()
    starts, stops = start_node.tolist(), end_node.tolist()
    o_start, o_end = open_start.tolist(), open_end.tolist()
    for p in loose:
        if o_start[p]:
            ends.setdefault(starts[p], []).append((p, 0))
        if o_end[p]:
            ends.setdefault(stops[p], []).append((p, 1))
    chains: list[list[tuple[int, bool]]] = []
    done: set[int] = set()
    for p in loose:
        if p in done or (o_start[p] and o_end[p]):
            continue  # taken, or in the middle of a chain
        chain: list[tuple[int, bool]] = []
        piece, forward = p, not o_start[p]
        while True:
            done.add(piece)
            chain.append((piece, forward))
            out_side = 1 if forward else 0
            node = stops[piece] if forward else starts[piece]
            if not (o_end[piece] if forward else o_start[piece]):
                break
            nxt = [end for end in ends[node] if end != (piece, out_side)]
            piece, forward = nxt[0][0], nxt[0][1] == 0
        chains.append(chain)
    return chains


def _edge_keys(edge_u: np.ndarray, edge_v: np.ndarray) -> np.ndarray:
    """osmnx-style keys: 0, 1, ... over the edges between the same two nodes, in edge order."""
    n = len(edge_u)
    order = np.lexsort((np.arange(n), edge_v, edge_u))
    su, sv = edge_u[order], edge_v[order]
    new = np.ones(n, bool)
    new[1:] = (su[1:] != su[:-1]) | (sv[1:] != sv[:-1])
    group_start = np.maximum.accumulate(np.where(new, np.arange(n), 0))
    keys = np.empty(n, np.int64)
    keys[order] = np.arange(n) - group_start
    return keys


def _write_walk_xml(
    path: Path,
    fmt: str,
    target: Path,
    *,
    keep_separate_sidewalks: bool = True,
    keep_walkable_cycleways: bool = True,
) -> None:
    """Write the walkable ways of an OSM file and their nodes as OSM XML (for comparisons).

    This is the input ``osmnx.graph_from_xml`` needs to build the same network the plain
    osmnx way: tests and benchmarks compare safari's network with osmnx's on it.
    """
    node_keys = _node_tags()
    coords: dict[int, tuple[float, float]] = {}
    node_tags: dict[int, dict[str, str]] = {}
    ways: list[tuple[int, list[int], dict[str, str]]] = []
    processor = (
        osmium.FileProcessor(osmium.io.File(str(path), fmt), osmium.osm.NODE | osmium.osm.WAY)
        .with_locations()
        .with_filter(osmium.filter.KeyFilter(_WALK_REQUIRED_KEY, *sorted(node_keys)))
    )
    for obj in processor:
        if isinstance(obj, osmium.osm.Node):
            tags = {tag.k: tag.v for tag in obj.tags if tag.k in node_keys}
            if tags:
                node_tags[obj.id] = tags
        elif isinstance(obj, osmium.osm.Way):
            tags = dict(obj.tags)
            if _is_walkable(
                tags,
                keep_separate_sidewalks=keep_separate_sidewalks,
                keep_walkable_cycleways=keep_walkable_cycleways,
            ):
                refs = [node.ref for node in obj.nodes]
                coords.update((n.ref, (n.location.lon, n.location.lat)) for n in obj.nodes)
                ways.append((obj.id, refs, tags))
    with osmium.SimpleWriter(str(target)) as writer:
        for node_id in sorted(coords):
            writer.add_node(
                osmium.osm.mutable.Node(
                    id=node_id, location=coords[node_id], tags=node_tags.get(node_id, {})
                )
            )
        for way_id, refs, tags in sorted(ways, key=lambda way: way[0]):
            writer.add_way(osmium.osm.mutable.Way(id=way_id, nodes=refs, tags=tags))


# --- saved graphs -----------------------------------------------------------------------


def _largest_part(G: nx.MultiDiGraph, shown: str) -> nx.MultiDiGraph:
    """Keep the largest weakly connected component and log how much was dropped."""
    total = len(G)
    G = ox.truncate.largest_component(G, strongly=False)
    if len(G) < total:
        logger.info(
            "%s: kept the largest connected part of the walking network, "
            "%d of %d nodes (%d dropped)",
            shown,
            len(G),
            total,
            total - len(G),
        )
    return G


def _graph_from_graphml(
    path: Path, fmt: str, shown: str, box: Box | None, *, margin_m: float = 0.0
) -> nx.MultiDiGraph:
    """Load a graph saved by osmnx, clip it to ``box`` and keep its largest part."""
    try:
        with tempfile.TemporaryDirectory(prefix="safari-network-") as tmp:
            graphml = path
            if fmt == "bz2":
                graphml = Path(tmp) / "graph.graphml"
                with bz2.open(path, "rb") as packed, graphml.open("wb") as unpacked:
                    shutil.copyfileobj(packed, unpacked, 1 << 20)
            G = ox.load_graphml(graphml)
        if not isinstance(G, nx.MultiDiGraph):
            msg = "not a directed multigraph"
            raise TypeError(msg)
        if not CRS(G.graph.get("crs", "epsg:4326")).equals(CRS.from_epsg(4326)):
            G = ox.projection.project_graph(G, to_latlong=True)
        xs = [float(x) for _, x in G.nodes(data="x")]
        ys = [float(y) for _, y in G.nodes(data="y")]
    except (
        OSError,
        EOFError,
        ValueError,
        KeyError,
        TypeError,
        SyntaxError,
        nx.NetworkXException,
    ) as exc:
        raise NetworkError(t("network.unreadable", file=shown, detail=exc)) from exc
    if G.number_of_edges() == 0:
        raise NetworkError(t("network.no_ways", file=shown))
    if any(length is None for _, _, length in G.edges(data="length")):
        G = ox.distance.add_edge_lengths(G)
    if box is not None:
        file_box = (min(xs), min(ys), max(xs), max(ys))
        inside = [n for n, d in G.nodes(data=True) if _in_box(d["x"], d["y"], box)]
        G = nx.MultiDiGraph(G.subgraph(inside))
        if G.number_of_edges() == 0:
            raise _outside_error(shown, file_box, box, margin_m)
        logger.info("%s: clipped to %s, %d nodes kept", shown, _fmt_box(box), len(G))
    return _largest_part(G, shown)


# --- online -----------------------------------------------------------------------------


def _reachable(url: str) -> bool:
    """Return False when the server's port cannot be opened (fail fast when offline).

    Without this, osmnx waits 60 s after a failed status check before it even tries.
    Skipped (True) when a proxy is configured: then only the proxy is reachable.
    """
    if ox.settings.requests_kwargs.get("proxies") or requests.utils.get_environ_proxies(url):
        return True
    parts = urlparse(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname or "", port), timeout=_CONNECT_TIMEOUT_S):
            return True
    except OSError as exc:
        logger.warning("Cannot reach %s: %s", url, exc)
        return False


@contextmanager
def _osmnx_http_cache_in_safari_folder() -> Iterator[None]:
    """Let osmnx keep its HTTP cache in safari's cache folder, not in ./cache."""
    before = ox.settings.cache_folder
    if str(before) in {"./cache", "cache"}:
        ox.settings.cache_folder = cache_dir() / "overpass"
    try:
        yield
    finally:
        ox.settings.cache_folder = before


def _graph_from_overpass(box: Box, *, filters: list[str]) -> nx.MultiDiGraph:
    """Download the walk network for ``box`` with osmnx; any failure is a NetworkError."""
    failed = t("network.download_failed")
    if not _reachable(ox.settings.overpass_url):
        raise NetworkError(failed)
    try:
        with _osmnx_http_cache_in_safari_folder():
            G = ox.graph_from_bbox(
                box,
                network_type="walk",  # makes the graph bidirectional
                custom_filter=filters,  # a list: osmnx queries each, joins the results
                simplify=True,
                retain_all=True,
            )
    except (requests.RequestException, ResponseStatusCodeError, OSError) as exc:
        logger.warning("Download of the walking network failed: %s", exc)
        raise NetworkError(failed) from exc
    except InsufficientResponseError as exc:
        logger.warning("Overpass gave no usable walking network: %s", exc)
        if "No data elements" in str(exc):  # the server answered: nothing walkable here
            raise NetworkError(t("network.no_ways_online", stops_box=_fmt_box(box))) from exc
        raise NetworkError(failed) from exc
    if G.number_of_edges() == 0:
        raise NetworkError(t("network.no_ways_online", stops_box=_fmt_box(box)))
    return _largest_part(G, "overpass")
