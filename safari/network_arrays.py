"""The walking network as numpy arrays (`WalkingNetwork`): what routing needs, without networkx.

Converts to and from an osmnx-compatible ``MultiDiGraph`` (only for users who ask for
one: :func:`safari.network.walking_graph`) and is stored in the cache as ``.npz``.
"""

from __future__ import annotations

import gc
import json
import logging
import weakref
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    import networkx as nx

logger = logging.getLogger(__name__)

__all__ = ["FORMAT_VERSION", "Box", "WalkingNetwork", "network_of"]

#: Bump when the way a network is built or stored changes, so that old cache files are not used.
FORMAT_VERSION = 3

#: (west, south, east, north) in degrees: osmnx's (left, bottom, right, top).
Box = tuple[float, float, float, float]

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

    def largest_part(
        self, nodes: np.ndarray, edges: np.ndarray, *, shown: str = ""
    ) -> WalkingNetwork:
        """A new network of the largest weakly connected part of the given nodes and edges.

        ``nodes`` and ``edges`` are boolean masks; an edge is kept only when both its
        nodes are. The part is counted in nodes, as ``osmnx.truncate.largest_component``
        counts (a tie goes to the part with the first node). Node order, edge order,
        edge keys and attributes stay as they were; lines and records no kept edge uses are
        dropped.
        """
        edges = edges & nodes[self.edge_u] & nodes[self.edge_v]
        n = len(self)
        u, v = self.edge_u[edges], self.edge_v[edges]
        link = coo_matrix((np.ones(len(u)), (u, v)), shape=(n, n))
        _, label = connected_components(link, directed=False)
        size = np.bincount(label[nodes], minlength=label.max() + 1 if n else 0)
        keep = nodes & (label == int(np.argmax(size))) if n and nodes.any() else nodes
        chosen = np.flatnonzero(edges & keep[self.edge_u])
        if keep.sum() < nodes.sum():
            logger.info(
                "%s: kept the largest connected part of the walking network, "
                "%d of %d nodes (%d dropped)",
                shown,
                int(keep.sum()),
                int(nodes.sum()),
                int(nodes.sum() - keep.sum()),
            )
        new_node = np.cumsum(keep) - 1
        # the lines the kept edges walk, renumbered in their old order
        lines, edge_geom = np.unique(self.edge_geom[chosen], return_inverse=True)
        line_points = self.geom_ptr[lines + 1] - self.geom_ptr[lines]
        points = _ranges(self.geom_ptr[lines], line_points, np.ones(len(lines), np.int64))
        rec_counts = np.diff(self.edge_rec_ptr)[chosen]
        recs = _ranges(self.edge_rec_ptr[chosen], rec_counts, np.ones(len(chosen), np.int64))
        # only the records the kept edges use, in their old order
        used, edge_rec = np.unique(self.edge_rec[recs], return_inverse=True)
        records = self.records
        return WalkingNetwork(
            node_id=self.node_id[keep],
            x=self.x[keep],
            y=self.y[keep],
            edge_u=new_node[self.edge_u[chosen]],
            edge_v=new_node[self.edge_v[chosen]],
            edge_key=self.edge_key[chosen],
            edge_length=self.edge_length[chosen],
            edge_geom=edge_geom.astype(np.int64),
            edge_geom_reversed=self.edge_geom_reversed[chosen],
            edge_flags=self.edge_flags[chosen],
            edge_rec_ptr=np.concatenate([[0], np.cumsum(rec_counts)]).astype(np.int64),
            edge_rec=edge_rec.astype(self.edge_rec.dtype),
            geom_ptr=np.concatenate([[0], np.cumsum(line_points)]).astype(np.int64),
            coords=self.coords[points],
            node_attrs={int(new_node[i]): d for i, d in self.node_attrs.items() if keep[i]},
            graph=dict(self.graph),
            _records=[records[i] for i in used.tolist()],
        )

    def to_networkx(self) -> nx.MultiDiGraph:
        """Return the network as an osmnx-compatible ``MultiDiGraph`` (a new graph).

        Node ids, edge keys and attributes are what ``osmnx.graph_from_xml`` (simplified,
        bidirectional) gives for the same ways. Routing recognises the graph and reuses
        this network's arrays, so do not change the graph if you route on it.
        """
        with _gc_paused():  # many small dicts: the cyclic GC would rescan them again and again
            return self._to_networkx()

    def _to_networkx(self) -> nx.MultiDiGraph:
        import networkx as nx

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
        return cast("np.ndarray", shapely.linestrings(self.coords[points], indices=owner))

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
        graph = {k: v for k, v in G.graph.items() if k != "safari_cache"}
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
    import networkx as nx

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
    node, succ, pred = G._node, G._succ, G._pred  # noqa: SLF001  networkx's dicts, for speed
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
    return cast("np.ndarray", np.repeat(starts, counts) + np.repeat(steps, counts) * within)


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
