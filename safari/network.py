"""Walking network: from an OSM file, a saved osmnx graph or the Overpass API; clipped and cached.

The one public function is :func:`walking_graph`. It returns an osmnx-compatible
``MultiDiGraph`` (EPSG:4326, nodes with ``x``/``y``, edges with ``length`` in metres),
reduced to its largest weakly connected part, and caches the result under a hash of
its inputs in ``safari.config.cache_dir() / "networks"``.
"""

from __future__ import annotations

import bz2
import hashlib
import logging
import math
import os
import pickle
import re
import shutil
import socket
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import networkx as nx
import osmium
import osmnx as ox
import requests
from osmnx._errors import InsufficientResponseError, ResponseStatusCodeError
from pyproj import CRS

from safari._errors import NetworkError
from safari.config import cache_dir
from safari.i18n import t

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["FORMAT_VERSION", "walking_graph"]

logger = logging.getLogger(__name__)

#: Bump when the way a network is built changes, so that old cache files are not used.
FORMAT_VERSION = 1

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


# --- public ---------------------------------------------------------------------------


def walking_graph(
    source: str | os.PathLike[str] | None,
    *,
    around: gpd.GeoDataFrame | None = None,
    margin_m: float = 500.0,
    use_cache: bool = True,
) -> nx.MultiDiGraph:
    """Return the walking network for a tour, from a file or downloaded, clipped and cached.

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
        Downloads use the same filter.
    around
        The stops (points, EPSG:4326 or any CRS geopandas can convert). The network is
        clipped to their bounding box plus ``margin_m`` on every side; OSM ways with at
        least one node in that box are kept whole. None: no clipping (required when
        ``source`` is None).
    margin_m
        Margin around the stops' bounding box, in metres.
    use_cache
        Load the network from, and store it in, ``safari.config.cache_dir() / "networks"``.
        Files are keyed by a hash of the source file's content (or the download area and
        filter), the clip box, the margin, :data:`FORMAT_VERSION` and the osmnx version.

    Returns
    -------
    networkx.MultiDiGraph
        The largest weakly connected part of the walking network, bidirectional as osmnx
        makes walk networks. ``G.graph`` holds ``crs`` (``"epsg:4326"``), ``safari_source``,
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

    build: Callable[[], nx.MultiDiGraph]
    if source is None:
        if box is None:
            raise NetworkError(t("network.online_needs_stops"))
        shown = "overpass"
        filters = _overpass_filters()
        key = _cache_key("overpass", repr(filters), box, margin_m)

        def build() -> nx.MultiDiGraph:
            return _graph_from_overpass(box, filters=filters)

    else:
        shown = os.fsdecode(source)  # the path as the user gave it, for messages
        path = Path(shown)
        kind, fmt = _kind_of(path, shown)
        if not path.exists():
            raise NetworkError(t("network.not_found", file=shown))
        if not path.is_file():
            raise NetworkError(t("network.unreadable", file=shown, detail="not a file"))
        key = _cache_key(kind, _file_digest(path, shown), box, margin_m)

        def build() -> nx.MultiDiGraph:
            if kind == "osm":
                return _graph_from_osm_file(path, fmt, shown, box, margin_m=margin_m)
            return _graph_from_graphml(path, fmt, shown, box, margin_m=margin_m)

    cache_file = cache_dir() / "networks" / f"walk-{key}.pickle" if use_cache else None
    if cache_file is not None:
        started = time.perf_counter()
        cached = _load_cached(cache_file)
        if cached is not None:
            cached.graph["safari_cache"] = "hit"
            logger.info(
                "Loaded walking network for %s from cache %s in %.2f s",
                shown,
                cache_file,
                time.perf_counter() - started,
            )
            return cached

    started = time.perf_counter()
    G = build()
    G.graph["safari_source"] = shown
    G.graph["safari_box"] = box
    logger.info(
        "Built walking network from %s: %d nodes, %d edges in %.2f s",
        shown,
        len(G),
        G.number_of_edges(),
        time.perf_counter() - started,
    )
    if cache_file is not None:
        _store_cached(cache_file, G)
    G.graph["safari_cache"] = "miss"
    return G


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


def _load_cached(cache_file: Path) -> nx.MultiDiGraph | None:
    """Return the cached graph, or None when absent or unreadable (never fatal)."""
    if not cache_file.is_file():
        return None
    try:
        with cache_file.open("rb") as file:
            G = pickle.load(file)  # our own cache folder, written by _store_cached
        if not isinstance(G, nx.MultiDiGraph):
            msg = f"holds a {type(G).__name__}, not a MultiDiGraph"
            raise TypeError(msg)
    except Exception as exc:  # any broken cache file is rebuilt
        logger.warning("Ignoring unreadable cache file %s (%s); rebuilding it", cache_file, exc)
        return None
    return G


def _store_cached(cache_file: Path, G: nx.MultiDiGraph) -> None:
    """Write the graph atomically (temporary file + os.replace); failures are only logged."""
    tmp_name: str | None = None
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=cache_file.parent, prefix=".tmp-", suffix=".pickle")
        with os.fdopen(fd, "wb") as file:
            pickle.dump(G, file, protocol=5)
        os.replace(tmp_name, cache_file)
        tmp_name = None
    except (OSError, pickle.PicklingError) as exc:
        logger.warning("Could not write cache file %s (%s)", cache_file, exc)
    finally:
        if tmp_name is not None:
            Path(tmp_name).unlink(missing_ok=True)


# --- building ---------------------------------------------------------------------------


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


_Way = tuple[int, list[int], dict[str, str]]


def _read_walkable_ways(
    path: Path,
    fmt: str,
    shown: str,
    box: Box | None,
    *,
    keep_separate_sidewalks: bool,
    keep_walkable_cycleways: bool,
) -> tuple[list[_Way], dict[int, tuple[float, float]], dict[int, dict[str, str]], Box | None]:
    """Read an OSM file with pyosmium and keep the walkable ways touching ``box``.

    Returns the ways (id, node ids, tags), the coordinates (lon, lat) and useful tags of
    their nodes, and the bounding box of all walkable ways in the file (None if none).
    """
    node_keys = set(ox.settings.useful_tags_node)
    ways: list[_Way] = []
    coords: dict[int, tuple[float, float]] = {}
    node_tags: dict[int, dict[str, str]] = {}
    file_box = [math.inf, math.inf, -math.inf, -math.inf]
    missing_refs = 0
    ways_missing = 0
    ways_dropped = 0
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
            refs: list[int] = []
            points: list[tuple[float, float]] = []
            for node in obj.nodes:
                location = node.location
                if location.valid():
                    if not refs or refs[-1] != node.ref:
                        refs.append(node.ref)
                        points.append((location.lon, location.lat))
                else:
                    missing_refs += 1
            if len(refs) < len(obj.nodes):
                ways_missing += 1
            if len(set(refs)) < 2:
                ways_dropped += 1
                continue
            lons = [p[0] for p in points]
            lats = [p[1] for p in points]
            file_box = [
                min(file_box[0], *lons),
                min(file_box[1], *lats),
                max(file_box[2], *lons),
                max(file_box[3], *lats),
            ]
            if box is not None and not any(_in_box(lon, lat, box) for lon, lat in points):
                continue
            coords.update(zip(refs, points, strict=True))
            ways.append((obj.id, refs, tags))
    except (RuntimeError, OSError, ValueError) as exc:
        raise NetworkError(t("network.unreadable", file=shown, detail=exc)) from exc
    if missing_refs:
        logger.warning(
            "%s: %d walkable ways refer to %d nodes that are not in the file (clipped "
            "extract?); those node references were dropped, and %d ways with fewer than "
            "2 nodes left were dropped",
            shown,
            ways_missing,
            missing_refs,
            ways_dropped,
        )
    bounds = (
        None if math.isinf(file_box[0]) else (file_box[0], file_box[1], file_box[2], file_box[3])
    )
    node_tags = {node_id: tags for node_id, tags in node_tags.items() if node_id in coords}
    return ways, coords, node_tags, bounds


def _write_osm_xml(
    target: Path,
    ways: list[_Way],
    coords: dict[int, tuple[float, float]],
    node_tags: dict[int, dict[str, str]],
) -> None:
    """Write ways and their nodes as OSM XML, the input ``osmnx.graph_from_xml`` reads."""
    with osmium.SimpleWriter(str(target)) as writer:
        for node_id in sorted(coords):
            writer.add_node(
                osmium.osm.mutable.Node(
                    id=node_id, location=coords[node_id], tags=node_tags.get(node_id, {})
                )
            )
        for way_id, refs, tags in sorted(ways, key=lambda way: way[0]):
            writer.add_way(osmium.osm.mutable.Way(id=way_id, nodes=refs, tags=tags))


def _graph_from_osm_file(
    path: Path,
    fmt: str,
    shown: str,
    box: Box | None,
    *,
    margin_m: float = 0.0,
    keep_separate_sidewalks: bool = True,
    keep_walkable_cycleways: bool = True,
) -> nx.MultiDiGraph:
    """Build the walking graph from an OSM file: filter with pyosmium, then osmnx.

    With both ``keep_*`` options False, osmnx's walk filter applies unchanged (for tests).
    """
    ways, coords, node_tags, file_box = _read_walkable_ways(
        path,
        fmt,
        shown,
        box,
        keep_separate_sidewalks=keep_separate_sidewalks,
        keep_walkable_cycleways=keep_walkable_cycleways,
    )
    if not ways:
        if file_box is None or box is None:
            raise NetworkError(t("network.no_ways", file=shown))
        raise _outside_error(shown, file_box, box, margin_m)
    logger.debug("%s: %d walkable ways with %d nodes", shown, len(ways), len(coords))
    with tempfile.TemporaryDirectory(prefix="safari-network-") as tmp:
        xml = Path(tmp) / "walk.osm"
        _write_osm_xml(xml, ways, coords, node_tags)
        # bidirectional=True as osmnx does for network_type="walk": people may walk
        # both ways along a one-way street. retain_all=True only so that we can log
        # what the largest component drops (simplification is local, so the result is
        # the same as retain_all=False).
        G = ox.graph_from_xml(xml, bidirectional=True, simplify=True, retain_all=True)
    return _largest_part(G, shown)


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
