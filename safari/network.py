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
import hashlib
import logging
import math
import os
import shutil
import socket
import tempfile
import time
import zipfile
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import numpy as np

from safari._errors import NetworkError
from safari._osm_reader import read_walkable_ways, simplified_network
from safari.i18n import t
from safari.network_arrays import FORMAT_VERSION, Box, WalkingNetwork, _gc_paused
from safari.settings import cache_dir
from safari.walk_filter import overpass_filters

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    import geopandas as gpd
    import networkx as nx

__all__ = ["step_free", "walking_graph", "walking_network"]

logger = logging.getLogger(__name__)

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
        the download area and filter), the clip box, the margin,
        :data:`safari.network_arrays.FORMAT_VERSION` and the osmnx version. A saved graph
        is also kept whole (``whole-<hash>.npz``), so that other stops (another box) are
        clipped from it without reading the GraphML again.

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
        filters = overpass_filters()
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
        content = _file_digest(path, shown)
        key = _cache_key(kind, content, box, margin_m)

        def build() -> WalkingNetwork:
            if kind == "osm":
                return _network_from_osm_file(path, fmt, shown, box, margin_m=margin_m)
            whole = _whole_saved_graph(path, fmt, shown, content, use_cache=use_cache)
            return _clipped(whole, shown, box, margin_m)

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


def _is_lonlat(crs: object) -> bool:
    from pyproj import CRS

    return bool(CRS(crs).equals(CRS.from_epsg(4326)))


def _clip_box(around: gpd.GeoDataFrame, margin_m: float) -> Box:
    """Return the stops' bounding box plus ``margin_m`` metres, rounded to 1e-5 degree."""
    stops = around
    if stops.crs is None:
        logger.warning("The stops have no CRS; assuming EPSG:4326 (lon/lat)")
    elif not _is_lonlat(stops.crs):
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
    parts = (FORMAT_VERSION, version("osmnx"), kind, content, box, float(margin_m))
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def _load_cached(cache_file: Path) -> WalkingNetwork | None:
    """Return the cached network, or None when absent or unreadable (never fatal)."""
    if not cache_file.is_file():
        return None
    try:
        return WalkingNetwork._load(cache_file)  # noqa: SLF001  the cache is written only here
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
            network._save(file)  # type: ignore[arg-type]  # noqa: SLF001  the cache is written only here
        Path(tmp_name).replace(cache_file)
        tmp_name = None
    except (OSError, ValueError, TypeError) as exc:
        logger.warning("Could not write cache file %s (%s)", cache_file, exc)
    finally:
        if tmp_name is not None:
            Path(tmp_name).unlink(missing_ok=True)


# --- reading OSM files ------------------------------------------------------------------


def step_free(network: WalkingNetwork) -> WalkingNetwork:
    """The part of a walking network usable with a wheelchair or a pram.

    Leaves out steps (``highway=steps``), ways tagged ``wheelchair=no`` or with a raised
    kerb (``kerb=raised``), and crossings (nodes) with a raised kerb or
    ``wheelchair=no``; then keeps the largest connected part. Ways without these tags
    are taken to be usable: OpenStreetMap rarely says so explicitly.

    Parameters
    ----------
    network
        A network from :func:`walking_network`.

    Returns
    -------
    WalkingNetwork
        A new network (the given one is not changed); for an osmnx graph, call
        :meth:`WalkingNetwork.to_networkx` on it.
    """

    def says(value: object, bad: tuple[str, ...]) -> bool:
        values = value if isinstance(value, list) else [value]
        return any(str(v).strip().lower() in bad for v in values)

    blocked = np.zeros(len(network), bool)
    for i, data in network.node_attrs.items():
        if says(data.get("kerb"), ("raised",)) or says(data.get("wheelchair"), ("no",)):
            blocked[i] = True
    bad_record = np.array(
        [
            says(r.get("highway"), ("steps",))
            or says(r.get("wheelchair"), ("no",))
            or says(r.get("kerb"), ("raised",))
            for r in network.records
        ],
        dtype=bool,
    )
    # an edge merges the records of its ways: one bad way makes the edge bad
    n_edges = network.number_of_edges()
    per_edge = np.diff(network.edge_rec_ptr)
    owner = np.repeat(np.arange(n_edges), per_edge)
    bad_edge = np.bincount(owner, weights=bad_record[network.edge_rec], minlength=n_edges) > 0
    usable = ~bad_edge & ~blocked[network.edge_u] & ~blocked[network.edge_v]
    logger.info("step-free: %d of %d edges kept before joining parts", int(usable.sum()), n_edges)
    return network.largest_part(~blocked, usable, shown=network.graph.get("safari_source", ""))


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
        ways = read_walkable_ways(
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
    network = simplified_network(ways, shown) if len(ways.run_way) else None
    if network is None or network.number_of_edges() == 0:
        if ways.file_box is None or box is None:
            raise NetworkError(t("network.no_ways", file=shown))
        raise _outside_error(shown, ways.file_box, box, margin_m)
    return network


# --- saved graphs -----------------------------------------------------------------------


def _largest_part(G: nx.MultiDiGraph, shown: str) -> nx.MultiDiGraph:
    """Keep the largest weakly connected component and log how much was dropped."""
    import osmnx as ox

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


def _whole_saved_graph(
    path: Path, fmt: str, shown: str, content: str, *, use_cache: bool
) -> WalkingNetwork:
    """The whole saved graph as arrays (not clipped, every part), cached by the file's content.

    osmnx reads GraphML slowly (about a second for a district, after a second to import
    osmnx). With the whole graph in the cache, another set of stops (another box) is
    clipped from the arrays: no GraphML and no osmnx.
    """
    cache_file = None
    if use_cache:
        name = f"whole-{_cache_key('graphml', content, None, 0.0)}.npz"
        cache_file = cache_dir() / "networks" / name
        cached = _load_cached(cache_file)
        if cached is not None:
            return cached
    whole = WalkingNetwork.from_networkx(_read_graphml(path, fmt, shown))
    if cache_file is not None:
        _store_cached(cache_file, whole)
    return whole


def _read_graphml(path: Path, fmt: str, shown: str) -> nx.MultiDiGraph:
    """Load a graph saved by osmnx (GraphML, maybe bz2), in lon/lat, with edge lengths."""
    import networkx as nx
    import osmnx as ox

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
            raise TypeError(msg)  # noqa: TRY301  the except below gives every unreadable graph one message
        if not _is_lonlat(G.graph.get("crs", "epsg:4326")):
            G = ox.projection.project_graph(G, to_latlong=True)
        for _, node in G.nodes(data=True):
            float(node["x"]), float(node["y"])  # a node without coordinates: unreadable
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
    return G


def _clipped(whole: WalkingNetwork, shown: str, box: Box | None, margin_m: float) -> WalkingNetwork:
    """The nodes of a saved graph inside ``box``, and their largest connected part."""
    nodes = np.ones(len(whole), dtype=bool)
    if box is not None:
        west, south, east, north = box
        nodes = (west <= whole.x) & (whole.x <= east) & (south <= whole.y) & (whole.y <= north)
        if not (nodes[whole.edge_u] & nodes[whole.edge_v]).any():
            file_box = (
                float(whole.x.min()),
                float(whole.y.min()),
                float(whole.x.max()),
                float(whole.y.max()),
            )
            raise _outside_error(shown, file_box, box, margin_m)
        logger.info("%s: clipped to %s, %d nodes kept", shown, _fmt_box(box), int(nodes.sum()))
    return whole.largest_part(nodes, np.ones(whole.number_of_edges(), dtype=bool), shown=shown)


# --- online -----------------------------------------------------------------------------


def _reachable(url: str) -> bool:
    """Return False when the server's port cannot be opened (fail fast when offline).

    Without this, osmnx waits 60 s after a failed status check before it even tries.
    Skipped (True) when a proxy is configured: then only the proxy is reachable.
    """
    import osmnx as ox
    import requests

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
    import osmnx as ox

    before = ox.settings.cache_folder
    if str(before) in {"./cache", "cache"}:
        ox.settings.cache_folder = cache_dir() / "overpass"
    try:
        yield
    finally:
        ox.settings.cache_folder = before


def _graph_from_overpass(box: Box, *, filters: list[str]) -> nx.MultiDiGraph:
    """Download the walk network for ``box`` with osmnx; any failure is a NetworkError."""
    import osmnx as ox
    import requests
    from osmnx._errors import InsufficientResponseError, ResponseStatusCodeError

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
