"""The basemap drawn from the data safari already reads: one module for every map.

The phone map (drawn on a canvas in the page), the handout map (SVG) and the form map
(canvas) draw their background from a :class:`Basemap`:

- from an OpenStreetMap file (``.osm``, ``.osm.gz``, ``.osm.bz2``, ``.osm.pbf``, read with
  pyosmium as :mod:`safari.network` reads it): walkable streets and paths, other roads,
  water (areas and canals/rivers), green (parks, grass, woods), buildings, railways, and
  the street names;
- from a walking network (a saved graph ``.graphml``, or any network safari built): the
  streets with their names.

Everything is clipped to a box (the route's area plus a margin), simplified by at most
`TOLERANCE_M` and quantised to `QUANTUM_M` (together within 1 m of the source), in local
metres around the box's centre: ``x = (lon - lon0) * k * cos(lat0)``, ``y = (lat - lat0) * k``
with ``k`` the metres per degree of latitude, so the page turns them back exactly.

The page gets each line or ring as a string in the encoding of Google's polyline
algorithm (signed deltas of integer units, five bits per character, characters ``?``
to ``~``): compact, and no character can end a ``<script>`` element.

Extracted basemaps are cached by a hash of the file's content, the box and
`FORMAT_VERSION` in ``safari.config.cache_dir() / "basemaps"``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon
from shapely.geometry import box as make_box

from safari.settings import cache_dir

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import TypeAlias

    import networkx as nx
    from osmium.osm import InnerRing, OuterRing, TagList

    from safari.network_arrays import WalkingNetwork

    #: What `read_basemap` reads: an OSM file or saved graph, a walking network or its graph.
    BasemapSource: TypeAlias = str | os.PathLike[str] | WalkingNetwork | nx.MultiDiGraph

__all__ = [
    "COLOURS",
    "LAYERS",
    "QUANTUM_M",
    "TOLERANCE_M",
    "Basemap",
    "contrast",
    "encode",
    "is_osm_file",
    "read_basemap",
]

log = logging.getLogger(__name__)

#: Bump when what is extracted or how it is stored changes (old cache files are then unused).
FORMAT_VERSION = 1
#: Douglas–Peucker tolerance in metres; with the quantum's error (≤ 0.36 m) within 1 m.
TOLERANCE_M = 0.5
#: One integer unit of a coordinate, in metres.
QUANTUM_M = 0.5
#: Metres around the box that are drawn too.
MARGIN_M = 300.0
#: Features smaller than this (m²) are left out: a shed or a tree pit is not a landmark.
MIN_AREA_M2 = 4.0

_M_PER_DEG = 6_371_008.8 * math.pi / 180.0

#: Layers in drawing order: name -> "area" or "line".
LAYERS: dict[str, str] = {
    "green": "area",
    "water": "area",
    "waterway": "line",
    "buildings": "area",
    "rail": "line",
    "paths": "line",
    "streets": "line",
    "roads": "line",
}

#: Colours of the layers (fill for areas, stroke for lines), and the land under them.
#: All are light, so that the route and the markers (the group colours of
#: ``safari.render.GROUP_COLOURS``, white numbers) keep a contrast of at least 3:1 against
#: each of them (tests/test_map.py computes the ratios).
COLOURS: dict[str, str] = {
    "land": "#f2efe9",
    "green": "#d3e8c8",
    "water": "#b3d4e6",
    "waterway": "#b3d4e6",
    "buildings": "#ddd6cc",
    "building_edge": "#cdc4b8",
    "rail": "#c2bdb6",
    "paths": "#ffffff",
    "street_edge": "#d6d0c6",
    "streets": "#ffffff",
    "roads": "#fbe6b4",
}

_STREETS = {"residential", "living_street", "pedestrian", "unclassified", "service", "road"}
_PATHS = {"footway", "path", "steps", "cycleway", "track", "bridleway", "corridor", "platform"}
_ROADS = {
    "motorway",
    "trunk",
    "primary",
    "secondary",
    "tertiary",
    "motorway_link",
    "trunk_link",
    "primary_link",
    "secondary_link",
    "tertiary_link",
}
_GREEN_LANDUSE = {
    "grass",
    "forest",
    "meadow",
    "recreation_ground",
    "village_green",
    "allotments",
    "cemetery",
    "flowerbed",
}
_GREEN_LEISURE = {"park", "garden", "playground", "pitch", "nature_reserve", "common"}
_GREEN_NATURAL = {"wood", "scrub", "grassland", "heath", "wetland"}
_WATERWAYS = {"river", "canal", "stream"}
_RAIL = {"rail", "tram", "light_rail", "subway", "narrow_gauge"}

#: Box: (west, south, east, north) in degrees.
Box = tuple[float, float, float, float]


_MORE = 0x20  # polyline encoding: 5 bits a character; this bit says more characters follow
_SRGB_LINEAR = 0.04045  # WCAG: below this a colour channel is linear
_LINE_MIN_POINTS = 2  # a line needs two points
_RING_MIN_POINTS = 4  # a closed ring: three corners and the first again
_DRAWN_RING_MIN_POINTS = 3  # a ring in map units (repeated points taken out) that encloses
LABEL_MIN_M = 60  # a street piece shorter than this gets no label
_UPRIGHT_DEG = 90  # labels are turned so that they read from left to right


@dataclass
class Basemap:
    """A drawn basemap: layers of lines and rings in local metres, and street labels.

    ``origin`` is (lon0, lat0); ``layers`` maps a layer name of `LAYERS` to its features:
    each a list of rings or lines, each an ``(n, 2)`` integer array in `QUANTUM_M` units.
    ``labels`` holds ``(x, y, angle_degrees, name)`` for street names (units as above).
    ``source`` says where the data came from ("osm" or "network").
    """

    origin: tuple[float, float]
    box: Box
    layers: dict[str, list[list[np.ndarray]]] = field(default_factory=dict)
    labels: list[tuple[int, int, int, str]] = field(default_factory=list)
    source: str = "osm"

    def counts(self) -> dict[str, int]:
        """Number of features per layer (and ``labels``)."""
        out = {name: len(self.layers.get(name, [])) for name in LAYERS}
        out["labels"] = len(self.labels)
        return out

    def to_page(self) -> dict[str, Any]:
        """The compact form the page's script reads (see the module's docstring)."""
        return {
            "origin": [round(self.origin[0], 7), round(self.origin[1], 7)],
            "unit": QUANTUM_M,
            "colours": COLOURS,
            "layers": self._encoded(),
            "labels": [[x, y, a, n] for x, y, a, n in self.labels],
        }

    def _encoded(self) -> dict[str, list[str]]:
        """Each layer's features as polyline strings, one per part, space-separated."""
        shown = {name: features for name, features in self.layers.items() if features}
        texts = iter(encode_all([p for fs in shown.values() for f in fs for p in f]))
        return {
            name: [" ".join(next(texts) for _ in feature) for feature in features]
            for name, features in shown.items()
        }

    def lonlat(self, part: np.ndarray) -> np.ndarray:
        """A line or ring of this basemap back in (lon, lat) degrees."""
        lon0, lat0 = self.origin
        xy = np.asarray(part, dtype=float) * QUANTUM_M
        lat = lat0 + xy[:, 1] / _M_PER_DEG
        lon = lon0 + xy[:, 0] / (_M_PER_DEG * math.cos(math.radians(lat0)))
        return np.column_stack([lon, lat])

    def lines(self, *names: str) -> list[np.ndarray]:
        """Every line (or ring) of the given layers in (lon, lat) degrees."""
        return [self.lonlat(p) for n in names for f in self.layers.get(n, []) for p in f]

    # --- cache ---------------------------------------------------------------------------

    def _dump(self) -> bytes:
        data = {
            "origin": list(self.origin),
            "box": list(self.box),
            "source": self.source,
            "layers": {
                name: [[part.astype(int).ravel().tolist() for part in f] for f in features]
                for name, features in self.layers.items()
            },
            "labels": [list(label) for label in self.labels],
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    @classmethod
    def _load(cls, raw: bytes) -> Basemap:
        data = json.loads(raw)
        layers = {
            name: [[np.asarray(p, dtype=np.int64).reshape(-1, 2) for p in f] for f in features]
            for name, features in data["layers"].items()
        }
        labels = [(int(x), int(y), int(a), str(n)) for x, y, a, n in data["labels"]]
        return cls(
            (float(data["origin"][0]), float(data["origin"][1])),
            tuple(float(v) for v in data["box"]),  # type: ignore[arg-type]
            layers,
            labels,
            data["source"],
        )


# --- public ----------------------------------------------------------------------------------


def read_basemap(
    source: BasemapSource,
    *,
    around: Iterable[tuple[float, float]] | None = None,
    margin_m: float = MARGIN_M,
    use_cache: bool = True,
) -> Basemap:
    """Return the basemap of an OSM file or a walking network, clipped around some points.

    Parameters
    ----------
    source
        An OpenStreetMap file (``.osm``, ``.osm.gz``, ``.osm.bz2``, ``.osm.pbf``): every
        layer; a saved graph (``.graphml``, ``.graphml.bz2``) or a walking network or
        networkx graph made by :mod:`safari.network`: the streets with their names.
    around
        (lon, lat) points (the stops and the route); the basemap covers their box plus
        ``margin_m``. Without points: everything in the source.
    margin_m
        Metres drawn around the points' box.
    use_cache
        Keep the extracted basemap in ``cache_dir() / "basemaps"`` under a hash of the
        file's content, the box and `FORMAT_VERSION`, and use it next time.
    """
    box = _box(around, margin_m) if around is not None else None
    path = _osm_path(source)
    if path is None:
        return _from_network(source, box)
    key = hashlib.sha256(
        repr((FORMAT_VERSION, _digest(path), box, TOLERANCE_M, QUANTUM_M)).encode()
    ).hexdigest()
    cached = cache_dir() / "basemaps" / f"basemap-{key}.json" if use_cache else None
    if cached is not None and cached.is_file():
        try:
            return Basemap._load(cached.read_bytes())  # noqa: SLF001  its own cache format
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("Ignoring unreadable basemap cache %s (%s)", cached, exc)
    result = _from_osm(path, box)
    if cached is not None:
        _store(cached, result._dump())  # noqa: SLF001  its own cache format
    return result


def encode(part: np.ndarray) -> str:
    """One line or ring (integer units) as a polyline string: deltas, 5 bits a character."""
    return encode_all([part])[0]


def encode_all(parts: Sequence[np.ndarray]) -> list[str]:
    """Many lines or rings at once, each as `encode` writes it (numpy, no loop per value)."""
    if not parts:
        return []
    arrays = [np.asarray(part, dtype=np.int64).reshape(-1, 2) for part in parts]
    if any(len(a) == 0 for a in arrays):  # an empty part is an empty string
        rest = iter(encode_all([a for a in arrays if len(a)]))
        return [next(rest) if len(a) else "" for a in arrays]
    sizes = np.array([len(a) for a in arrays])
    coords = np.concatenate(arrays)
    deltas = np.diff(coords, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    deltas[starts] = coords[starts]  # each part starts from zero
    values = deltas.ravel()
    v = np.where(values < 0, ~(values << 1), values << 1)
    width = 1
    while (v >> (5 * width)).any():
        width += 1
    shifts = 5 * np.arange(width)
    more = (v[:, None] >> (shifts + 5)) > 0
    written = np.ones_like(more)
    written[:, 1:] = more[:, :-1]  # a character is written while more follow
    codes = ((v[:, None] >> shifts) & 0x1F) + np.where(more, _MORE, 0) + 63
    text = codes[written].astype(np.uint8).tobytes().decode("ascii")
    ends = np.concatenate([[0], np.cumsum(written.sum(axis=1))])[2 * np.cumsum(sizes)]
    begins = np.concatenate([[0], ends[:-1]])
    return [text[b:e] for b, e in zip(begins.tolist(), ends.tolist(), strict=True)]


def decode(text: str) -> np.ndarray:
    """The inverse of :func:`encode` (for tests and the handout)."""
    values: list[int] = []
    shift = result = 0
    for ch in text:
        b = ord(ch) - 63
        result |= (b & 0x1F) << shift
        shift += 5
        if b < _MORE:
            values.append(~(result >> 1) if result & 1 else result >> 1)
            shift = result = 0
    return np.cumsum(np.asarray(values, dtype=np.int64).reshape(-1, 2), axis=0)


def contrast(one: str, two: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= _SRGB_LINEAR else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# --- reading ---------------------------------------------------------------------------------


def is_osm_file(source: object) -> bool:
    """True for the path of an existing OpenStreetMap file (``.osm``, ``.osm.pbf``, ...)."""
    return _osm_path(source) is not None


def _osm_path(source: object) -> Path | None:
    if not isinstance(source, (str, os.PathLike)):
        return None
    name = os.fsdecode(source).lower()
    if name.endswith((".osm", ".osm.gz", ".osm.bz2", ".osm.pbf")) and Path(source).is_file():
        return Path(source)
    return None


def _box(points: Iterable[tuple[float, float]], margin_m: float) -> Box:
    arr = np.asarray(list(points), dtype=float).reshape(-1, 2)
    lat = float(arr[:, 1].mean())
    dlat = margin_m / _M_PER_DEG
    dlon = margin_m / (_M_PER_DEG * math.cos(math.radians(lat)))
    return (
        round(float(arr[:, 0].min()) - dlon, 6),
        round(float(arr[:, 1].min()) - dlat, 6),
        round(float(arr[:, 0].max()) + dlon, 6),
        round(float(arr[:, 1].max()) + dlat, 6),
    )


class _Builder:
    """Collects geometries in local metres, clips, simplifies and quantises them."""

    def __init__(self, box: Box) -> None:
        self.box = box
        self.origin = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        self.kx = _M_PER_DEG * math.cos(math.radians(self.origin[1]))
        w, s = self.metres(np.array([[box[0], box[1]]]))[0]
        e, n = self.metres(np.array([[box[2], box[3]]]))[0]
        self.clip = make_box(w, s, e, n)
        self.layers: dict[str, list[list[np.ndarray]]] = {name: [] for name in LAYERS}
        self.named: dict[str, list[LineString]] = {}

    def metres(self, lonlat: np.ndarray) -> np.ndarray:
        lonlat = np.asarray(lonlat, dtype=float)
        return np.column_stack(
            [
                (lonlat[:, 0] - self.origin[0]) * self.kx,
                (lonlat[:, 1] - self.origin[1]) * _M_PER_DEG,
            ]
        )

    def units(self, coords: np.ndarray) -> np.ndarray:
        q = np.round(np.asarray(coords)[:, :2] / QUANTUM_M).astype(np.int64)
        keep = np.ones(len(q), dtype=bool)
        keep[1:] = np.any(q[1:] != q[:-1], axis=1)
        return q[keep]

    def add_lines(
        self,
        layers: Sequence[str],
        lonlats: Sequence[np.ndarray],
        names: Sequence[str | None],
    ) -> None:
        """Lines in (lon, lat), each with its layer and street name (or None), in order.

        All lines at once (shapely's array functions): clipped to the box, simplified and
        quantised; what is left of a line is added to its layer as one feature.
        """
        todo = [k for k, ll in enumerate(lonlats) if len(ll) >= _LINE_MIN_POINTS]
        if not todo:
            return
        sizes = [len(lonlats[k]) for k in todo]
        lines = shapely.linestrings(
            self.metres(np.concatenate([lonlats[k] for k in todo])),
            indices=np.repeat(np.arange(len(todo)), sizes),
        )
        parts = shapely.clip_by_rect(lines, *self.clip.bounds)
        parts = shapely.simplify(parts, TOLERANCE_M, preserve_topology=False)
        kind = shapely.get_type_id(parts)
        lined = (kind == shapely.GeometryType.LINESTRING) | (
            kind == shapely.GeometryType.MULTILINESTRING
        )
        pieces, owner = shapely.get_parts(np.where(lined, parts, None), return_index=True)
        full = ~shapely.is_empty(pieces)
        pieces, owner = pieces[full], owner[full]
        coords, piece_of = shapely.get_coordinates(pieces, return_index=True)
        q = np.round(coords / QUANTUM_M).astype(np.int64)
        first = np.ones(len(q), dtype=bool)
        first[1:] = (piece_of[1:] != piece_of[:-1]) | np.any(q[1:] != q[:-1], axis=1)
        q, piece_of = q[first], piece_of[first]
        bounds = np.searchsorted(piece_of, np.arange(len(pieces) + 1))
        found: dict[int, list[np.ndarray]] = {}
        for j, o in enumerate(owner.tolist()):
            units = q[bounds[j] : bounds[j + 1]]
            if len(units) < _LINE_MIN_POINTS:
                continue
            found.setdefault(o, []).append(units)
            name = names[todo[o]]
            if name:
                self.named.setdefault(name, []).append(pieces[j])
        for o, kept in sorted(found.items()):
            self.layers[layers[todo[o]]].append(kept)

    def add_area(self, layer: str, rings: list[np.ndarray]) -> None:
        """An area from its outer ring and holes, (lon, lat) each."""
        shells = [self.metres(r) for r in rings if len(r) >= _RING_MIN_POINTS]
        if not shells:
            return
        try:
            poly = Polygon(shells[0], shells[1:])
        except ValueError:
            return
        if not poly.intersects(self.clip):
            return
        if not poly.is_valid:
            poly = shapely.make_valid(poly)
        part = shapely.clip_by_rect(poly, *self.clip.bounds)
        part = part.simplify(TOLERANCE_M, preserve_topology=True)
        polys: list[Any] = []
        if isinstance(part, Polygon):
            polys = [part]
        elif isinstance(part, MultiPolygon) or hasattr(part, "geoms"):
            polys = [g for g in getattr(part, "geoms", []) if isinstance(g, Polygon)]
        for p in polys:
            if p.is_empty or p.area < MIN_AREA_M2:
                continue
            feature = [self.units(np.asarray(p.exterior.coords))]
            feature += [self.units(np.asarray(r.coords)) for r in p.interiors]
            feature = [r for r in feature if len(r) >= _DRAWN_RING_MIN_POINTS]
            if feature:
                self.layers[layer].append(feature)

    def labels(self) -> list[tuple[int, int, int, str]]:
        """One label per street piece of 60 m or more, at its middle, along it."""
        out = []
        for name in sorted(self.named):
            merged = shapely.line_merge(MultiLineString(self.named[name]))
            pieces = list(merged.geoms) if hasattr(merged, "geoms") else [merged]
            pieces = sorted(pieces, key=lambda p: -p.length)
            for piece in pieces[:3]:
                if piece.length < LABEL_MIN_M:
                    continue
                count = max(1, int(piece.length // 400))
                for k in range(count):
                    at = piece.length * (k + 0.5) / count
                    here = piece.interpolate(at)
                    a = piece.interpolate(max(at - 10, 0))
                    b = piece.interpolate(min(at + 10, piece.length))
                    angle = math.degrees(math.atan2(-(b.y - a.y), b.x - a.x))
                    if angle > _UPRIGHT_DEG:
                        angle -= 180
                    elif angle < -_UPRIGHT_DEG:
                        angle += 180
                    out.append(
                        (
                            round(here.x / QUANTUM_M),
                            round(here.y / QUANTUM_M),
                            round(angle),
                            name,
                        )
                    )
        return out

    def result(self, source: str) -> Basemap:
        return Basemap(self.origin, self.box, self.layers, self.labels(), source)


def _classify_line(tags: TagList) -> str | None:
    highway = tags.get("highway")
    if highway:
        if tags.get("area") == "yes":
            return None
        if highway in _ROADS:
            return "roads"
        if highway in _STREETS:
            return "streets"
        if highway in _PATHS:
            return "paths"
        return None
    if tags.get("waterway") in _WATERWAYS and tags.get("tunnel") not in ("yes", "culvert"):
        return "waterway"
    if tags.get("railway") in _RAIL and tags.get("tunnel") != "yes":
        return "rail"
    return None


def _classify_area(tags: TagList) -> str | None:
    if "building" in tags and tags.get("building") != "no":
        return "buildings"
    natural = tags.get("natural")
    if (
        natural == "water"
        or tags.get("waterway") in ("riverbank", "dock", "canal")
        or tags.get("landuse") in ("reservoir", "basin")
    ):
        return "water"
    if (
        tags.get("landuse") in _GREEN_LANDUSE
        or tags.get("leisure") in _GREEN_LEISURE
        or natural in _GREEN_NATURAL
    ):
        return "green"
    return None


def _from_osm(path: Path, box: Box | None) -> Basemap:
    import osmium

    name = path.name.lower()
    fmt = next(
        f
        for s, f in (
            (".osm.pbf", "pbf"),
            (".osm.bz2", "osm.bz2"),
            (".osm.gz", "osm.gz"),
            (".osm", "osm"),
        )
        if name.endswith(s)
    )
    if box is None:
        box = _file_box(path, fmt)
    builder = _Builder(box)
    layers: list[str] = []
    lines: list[np.ndarray] = []
    names: list[str | None] = []
    keys = ("highway", "building", "natural", "landuse", "leisure", "waterway", "railway")
    processor = (
        osmium.FileProcessor(
            osmium.io.File(str(path), fmt), osmium.osm.WAY | osmium.osm.RELATION | osmium.osm.NODE
        )
        .with_locations()
        .with_areas(osmium.filter.KeyFilter(*keys))
        .with_filter(osmium.filter.KeyFilter(*keys))
    )
    for obj in processor:
        if isinstance(obj, osmium.osm.Area):
            layer = _classify_area(obj.tags)
            if layer is None:
                continue
            for outer in obj.outer_rings():
                rings = [_ring(outer)]
                rings += [_ring(inner) for inner in obj.inner_rings(outer)]
                builder.add_area(layer, rings)
        elif isinstance(obj, osmium.osm.Way):
            layer = _classify_line(obj.tags)
            if layer is None:
                continue
            try:
                coords = np.array([(n.lon, n.lat) for n in obj.nodes], dtype=float)
            except osmium.InvalidLocationError:
                coords = np.array(
                    [(n.lon, n.lat) for n in obj.nodes if n.location.valid()], dtype=float
                )
            street = obj.tags.get("name") if layer in ("streets", "roads", "paths") else None
            layers.append(layer)
            lines.append(coords)
            names.append(street if layer != "paths" else None)
    builder.add_lines(layers, lines, names)  # lines and areas never share a layer
    return builder.result("osm")


def _ring(ring: OuterRing | InnerRing) -> np.ndarray:
    return np.array([(n.lon, n.lat) for n in ring], dtype=float)


def _file_box(path: Path, fmt: str) -> Box:
    import osmium

    lons: list[float] = []
    lats: list[float] = []
    for obj in osmium.FileProcessor(osmium.io.File(str(path), fmt), osmium.osm.NODE):
        if isinstance(obj, osmium.osm.Node) and obj.location.valid():
            lons.append(obj.location.lon)
            lats.append(obj.location.lat)
    return (min(lons), min(lats), max(lons), max(lats))


def _from_network(source: BasemapSource, box: Box | None) -> Basemap:
    from safari.network import walking_network
    from safari.network_arrays import network_of

    if isinstance(source, (str, os.PathLike)):
        network = walking_network(source)
    else:
        network = network_of(source)
    coords = network.coords
    if box is None:
        box = (
            float(coords[:, 0].min()),
            float(coords[:, 1].min()),
            float(coords[:, 0].max()),
            float(coords[:, 1].max()),
        )
    builder = _Builder(box)
    records = network.records
    seen: set[int] = set()
    layers: list[str] = []
    lines: list[np.ndarray] = []
    names: list[str | None] = []
    for e in range(network.number_of_edges()):
        g = int(network.edge_geom[e])
        if g in seen:
            continue
        seen.add(g)
        points = coords[network.geom_ptr[g] : network.geom_ptr[g + 1]]
        recs = network.edge_rec[network.edge_rec_ptr[e] : network.edge_rec_ptr[e + 1]]
        name = next(
            (_name(records[int(r)].get("name")) for r in recs if records[int(r)].get("name")), None
        )
        highway = next((records[int(r)].get("highway") for r in recs), None)
        if isinstance(highway, list):
            highway = highway[0] if highway else None
        layer = "paths" if highway in _PATHS else ("roads" if highway in _ROADS else "streets")
        layers.append(layer)
        lines.append(points)
        names.append(name if layer != "paths" else None)
    builder.add_lines(layers, lines, names)
    return builder.result("network")


def _name(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None:
        return None
    text = str(value).strip()
    if text.startswith("[") and text.endswith("]"):
        text = text.strip("[]").split(",")[0].strip().strip("'\"")
    return text or None


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _store(target: Path, data: bytes) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        Path(tmp).replace(target)
    except OSError as exc:
        log.warning("Could not write basemap cache %s (%s)", target, exc)
