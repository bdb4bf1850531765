"""Read the walkable ways of an OSM file with pyosmium, and simplify them as osmnx does.

:func:`read_walkable_ways` keeps the ways that pass :mod:`safari.walk_filter` and
touch the clip box; :func:`simplified_network` turns them into a `WalkingNetwork`
exactly as ``osmnx.simplify_graph`` (default rules) would, without building a networkx
graph first: numpy over all node positions at once.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import osmium
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from safari._errors import NetworkError
from safari.i18n import t
from safari.network_arrays import (
    _HAS_GEOMETRY,
    _ONEWAY_FALSE,
    _REVERSED_FALSE,
    _REVERSED_TRUE,
    Box,
    WalkingNetwork,
    _ranges,
)
from safari.walk_filter import WALK_REQUIRED_KEY, is_walkable, node_tag_keys, way_tag_keys

if TYPE_CHECKING:
    from pathlib import Path

    from osmium.osm import WayNodeList

logger = logging.getLogger(__name__)


_LINE_MIN_POINTS = 2  # a line (a run of nodes) needs two points
#: A node inside a street, not a crossing or an end: two edge ends, two neighbours.
_THROUGH_DEGREE = 2


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


def read_walkable_ways(
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
    node_keys = node_tag_keys()
    # osmnx replaces the oneway tag by its own oneway=False in walk networks
    way_keys = [k for k in way_tag_keys() if k != "oneway"]
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
        .with_filter(osmium.filter.KeyFilter(WALK_REQUIRED_KEY, *sorted(node_keys)))
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
            if not is_walkable(
                tags,
                keep_separate_sidewalks=keep_separate_sidewalks,
                keep_walkable_cycleways=keep_walkable_cycleways,
            ):
                continue
            runs, missing = _runs(obj.nodes)
            if missing:
                missing_refs += missing
                ways_missing += 1
                pieces_dropped += sum(1 for run in runs if len(run[0]) < _LINE_MIN_POINTS)
                runs = [run for run in runs if len(run[0]) >= _LINE_MIN_POINTS]
            elif runs and len(runs[0][0]) < _LINE_MIN_POINTS:
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


_Run = tuple[list[int], list[float], list[float]]


def _runs(nodes: WayNodeList) -> tuple[list[_Run], int]:
    """Cut a way's nodes into runs of nodes present in the file (ids, lons, lats).

    Returns the runs and the number of nodes missing from the file; a node repeated
    right after itself is taken once.
    """
    runs: list[_Run] = []
    ids: list[int] = []
    xs: list[float] = []
    ys: list[float] = []
    missing = 0
    for node in nodes:
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
    return runs, missing


def simplified_network(ways: _Ways, shown: str) -> WalkingNetwork:
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
    import osmnx as ox  # only when an OSM file is read: osmnx takes a second to import

    nodes = _node_positions(ways)
    pieces = _pieces(nodes)
    chains = _chains(pieces)
    lines = _chain_lines(ways, nodes, pieces, chains)
    keep, kept_nodes = _largest_component(nodes, lines, shown)
    chosen = np.flatnonzero(keep)
    records, edge_rec, rec_ptr = _chain_records(
        ways, nodes, pieces, chains, keep=keep, chosen=chosen
    )
    flags_fwd, flags_back = _edge_flags(chains, lines, chosen)

    # each chain is an edge in both directions (forward edges first), sharing its line
    new_index = np.cumsum(kept_nodes) - 1
    u, v = new_index[lines.chain_u[chosen]], new_index[lines.chain_v[chosen]]
    point_kept = np.repeat(keep, lines.chain_points)
    n_kept = len(chosen)
    edge_u = np.concatenate([u, v])
    edge_v = np.concatenate([v, u])
    kept_ids = nodes.node_ids[kept_nodes]
    node_pos = nodes.first_seen[kept_nodes]
    node_tags = ways.node_tags
    return WalkingNetwork(
        node_id=kept_ids.astype(np.int64),
        x=ways.lon[node_pos],
        y=ways.lat[node_pos],
        edge_u=edge_u,
        edge_v=edge_v,
        edge_key=_edge_keys(edge_u, edge_v),
        edge_length=np.concatenate([lines.length[chosen], lines.length[chosen]]),
        edge_geom=np.concatenate([np.arange(n_kept), np.arange(n_kept)]).astype(np.int64),
        edge_geom_reversed=np.concatenate([np.zeros(n_kept, bool), np.ones(n_kept, bool)]),
        edge_flags=np.concatenate([flags_fwd, flags_back]).astype(np.uint8),
        edge_rec_ptr=np.concatenate([rec_ptr, rec_ptr[-1] + rec_ptr[1:]]).astype(np.int64),
        edge_rec=np.concatenate([edge_rec, edge_rec]).astype(np.int64),
        geom_ptr=np.concatenate([[0], np.cumsum(lines.chain_points[chosen])]).astype(np.int64),
        coords=np.column_stack([lines.lon[point_kept], lines.lat[point_kept]]),
        node_attrs={
            i: node_tags[node] for i, node in enumerate(kept_ids.tolist()) if node in node_tags
        },
        graph={
            "crs": ox.settings.default_crs,
            "created_with": f"safari (osmnx {ox.__version__} compatible)",
            "simplified": True,
        },
        _records=records,
    )


@dataclass
class _Nodes:
    """The node positions of all runs: unique nodes, and which node each position is."""

    node_ids: np.ndarray  # unique OSM node ids
    first_seen: np.ndarray  # position where each node first appears
    inv: np.ndarray  # position -> node index
    run_of: np.ndarray  # position -> run
    is_first: np.ndarray  # position starts its run
    is_last: np.ndarray  # position ends its run
    interior: np.ndarray  # node -> not an endpoint (osmnx's rules)


def _node_positions(ways: _Ways) -> _Nodes:
    """Number the nodes and find the endpoints, by osmnx's rules for a bidirectional graph."""
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

    seg = np.flatnonzero(~is_last)
    a, b = inv[seg], inv[seg + 1]
    degree = np.bincount(a, minlength=n_nodes) + np.bincount(b, minlength=n_nodes)
    pairs = np.unique(np.minimum(a, b) * n_nodes + np.maximum(a, b))
    neighbours = np.bincount(pairs // n_nodes, minlength=n_nodes) + np.bincount(
        pairs % n_nodes, minlength=n_nodes
    )
    interior = (degree == _THROUGH_DEGREE) & (neighbours == _THROUGH_DEGREE)
    return _Nodes(node_ids, first_seen, inv, run_of, is_first, is_last, interior)


@dataclass
class _Pieces:
    """The stretches of a run between endpoints (or the run's ends), by position."""

    start: np.ndarray
    end: np.ndarray
    start_node: np.ndarray
    end_node: np.ndarray
    open_start: np.ndarray  # starts at an interior node (where a way ends, the next begins)
    open_end: np.ndarray


def _pieces(nodes: _Nodes) -> _Pieces:
    """Cut the runs at every endpoint."""
    inv, run_of = nodes.inv, nodes.run_of
    cuts = np.flatnonzero(nodes.is_first | nodes.is_last | ~nodes.interior[inv])
    same_run = run_of[cuts[:-1]] == run_of[cuts[1:]]
    p_start, p_end = cuts[:-1][same_run], cuts[1:][same_run]
    start_node, end_node = inv[p_start], inv[p_end]
    return _Pieces(
        p_start,
        p_end,
        start_node,
        end_node,
        nodes.interior[start_node],
        nodes.interior[end_node],
    )


@dataclass
class _Chains:
    """Chains of pieces from endpoint to endpoint, as entries (one per piece walked)."""

    piece: np.ndarray  # entry -> piece
    forward: np.ndarray  # entry -> the piece is walked in its way's direction
    first: np.ndarray  # entry -> the first piece of its chain
    chain: np.ndarray  # entry -> chain
    count: int


def _chains(pieces: _Pieces) -> _Chains:
    """Join the pieces at interior nodes (where a way ends and the next one begins)."""
    closed = np.flatnonzero(~pieces.open_start & ~pieces.open_end)
    entry_piece: list[np.ndarray] = [closed]
    entry_forward: list[np.ndarray] = [np.ones(len(closed), bool)]
    entry_first: list[np.ndarray] = [np.ones(len(closed), bool)]
    chain_entries: list[np.ndarray] = [np.ones(len(closed), np.int64)]
    joined = _join_pieces(pieces.start_node, pieces.end_node, pieces.open_start, pieces.open_end)
    if joined:
        entry_piece.append(np.array([p for chain in joined for p, _ in chain], np.int64))
        entry_forward.append(np.array([f for chain in joined for _, f in chain], bool))
        firsts = np.zeros(sum(len(chain) for chain in joined), bool)
        firsts[np.cumsum([0] + [len(chain) for chain in joined[:-1]])] = True
        entry_first.append(firsts)
        chain_entries.append(np.array([len(chain) for chain in joined], np.int64))
    per_chain = np.concatenate(chain_entries)
    return _Chains(
        piece=np.concatenate(entry_piece),
        forward=np.concatenate(entry_forward),
        first=np.concatenate(entry_first),
        chain=np.repeat(np.arange(len(per_chain)), per_chain),
        count=len(per_chain),
    )


@dataclass
class _Lines:
    """The points of every chain, in order (a joint is not repeated), and its length."""

    pos: np.ndarray  # point -> position in the runs
    chain_points: np.ndarray  # chain -> number of points
    lon: np.ndarray
    lat: np.ndarray
    chain_u: np.ndarray  # chain -> first node
    chain_v: np.ndarray  # chain -> last node
    length: np.ndarray  # chain -> metres (great circle, as osmnx measures)


def _chain_lines(ways: _Ways, nodes: _Nodes, pieces: _Pieces, chains: _Chains) -> _Lines:
    import osmnx as ox

    e_piece, e_forward, e_first = chains.piece, chains.forward, chains.first
    step = np.where(e_forward, 1, -1)
    n_seg = pieces.end[e_piece] - pieces.start[e_piece]
    begin = np.where(e_forward, pieces.start[e_piece], pieces.end[e_piece]) + np.where(
        e_first, 0, step
    )
    count = n_seg + e_first
    pos = _ranges(begin, count, step)
    chain_points = np.bincount(chains.chain, weights=count, minlength=chains.count).astype(np.int64)
    chain_ptr = np.concatenate([[0], np.cumsum(chain_points)])
    lon, lat = ways.lon[pos], ways.lat[pos]
    chain_u, chain_v = nodes.inv[pos[chain_ptr[:-1]]], nodes.inv[pos[chain_ptr[1:] - 1]]
    hop = np.zeros(len(pos))
    hop[:-1] = ox.distance.great_circle(lat[:-1], lon[:-1], lat[1:], lon[1:])
    hop[chain_ptr[1:] - 1] = 0.0  # from a chain's last point to the next chain's first
    length = np.add.reduceat(hop, chain_ptr[:-1]) if chains.count else np.empty(0)
    return _Lines(pos, chain_points, lon, lat, chain_u, chain_v, length)


def _largest_component(nodes: _Nodes, lines: _Lines, shown: str) -> tuple[np.ndarray, np.ndarray]:
    """The chains and the nodes of the largest weakly connected part, in osmnx's node count."""
    n_nodes, n_chains = len(nodes.node_ids), len(lines.chain_points)
    chain_u, chain_v = lines.chain_u, lines.chain_v
    link = coo_matrix((np.ones(n_chains), (chain_u, chain_v)), shape=(n_nodes, n_nodes))
    _, label = connected_components(link, directed=False)
    is_end = np.zeros(n_nodes, bool)
    is_end[chain_u] = True
    is_end[chain_v] = True
    size = np.bincount(label[is_end], minlength=label.max() + 1) + np.bincount(
        label[chain_u], weights=lines.chain_points - 2, minlength=label.max() + 1
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
    return keep, kept_nodes


def _chain_records(
    ways: _Ways,
    nodes: _Nodes,
    pieces: _Pieces,
    chains: _Chains,
    *,
    keep: np.ndarray,
    chosen: np.ndarray,
) -> tuple[list[dict[str, Any]], np.ndarray, np.ndarray]:
    """The records of each kept chain (its ways, each once), and the pointer into them."""
    e_way = ways.run_way[nodes.run_of[pieces.start[chains.piece]]]
    n_ways = len(ways.records)
    chain_way = np.unique(chains.chain * n_ways + e_way)
    cw_chain, cw_way = chain_way // n_ways, chain_way % n_ways
    cw_kept = keep[cw_chain]
    cw_chain, cw_way = cw_chain[cw_kept], cw_way[cw_kept]
    used_ways, cw_record = np.unique(cw_way, return_inverse=True)
    records = [ways.records[w] for w in used_ways.tolist()]
    per = np.bincount(cw_chain, minlength=chains.count)[chosen]
    return records, cw_record, np.concatenate([[0], np.cumsum(per)])


def _edge_flags(chains: _Chains, lines: _Lines, chosen: np.ndarray) -> tuple[np.ndarray, ...]:
    """Flags of the forward and backward edges of the kept chains.

    osmnx's "reversed" is True on the edges walked against their way's direction.
    """
    forward = np.bincount(chains.chain, weights=chains.forward, minlength=chains.count)[chosen]
    backward = np.bincount(chains.chain, weights=~chains.forward, minlength=chains.count)[chosen]
    simplified = np.where(lines.chain_points[chosen] > _LINE_MIN_POINTS, _HAS_GEOMETRY, 0)
    flags_fwd = (
        _ONEWAY_FALSE
        | simplified
        | np.where(forward > 0, _REVERSED_FALSE, 0)
        | np.where(backward > 0, _REVERSED_TRUE, 0)
    )
    flags_back = (
        _ONEWAY_FALSE
        | simplified
        | np.where(forward > 0, _REVERSED_TRUE, 0)
        | np.where(backward > 0, _REVERSED_FALSE, 0)
    )
    return flags_fwd, flags_back


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
