"""The walking network: real OSM extracts from ../shared/osm, the cache, errors, download."""

from __future__ import annotations

import bz2
import collections
import gzip
import json
import logging
import random
import re
import shutil
import socket
import threading
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

import geopandas as gpd
import networkx as nx
import numpy as np
import osmnx as ox
import pytest
from osm_walk_xml import write_walk_xml
from shapely.geometry import LineString, Point

from safari import network, network_arrays, walk_filter
from safari._errors import NetworkError
from safari.i18n import t
from safari.network import walking_graph, walking_network
from safari.network_arrays import WalkingNetwork, network_of
from safari.routing import walking_matrix

if TYPE_CHECKING:
    from collections.abc import Iterator

OSM = Path(__file__).parent.parent.parent / "shared" / "osm"
DELFT_2025 = OSM / "nl_delft_wippolder_tudelft_2025-08_bbox.osm.pbf"
DELFT_2022 = OSM / "nl_delft_wippolder_tudelft_2022-01.osm.pbf"
AMSTERDAM = OSM / "nl_amsterdam_centrum_nieuwmarkt_2026-02.osm.gz"
KANALENEILAND = OSM / "nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2"
DATA = Path(__file__).parent / "data"
RECORDED = DATA / "overpass_recorded_walk.json"

needs_osm = pytest.mark.skipif(not OSM.is_dir(), reason="../shared/osm extracts not present")

# osmnx's own walk filter string, and the highway values it excludes
OSMNX_WALK_FILTER = ox._overpass._get_network_filter("walk")
EXCLUDED_HIGHWAY = re.compile(re.search(r'\["highway"!~"([^"]+)"\]', OSMNX_WALK_FILTER)[1])


def stops(*lonlat: tuple[float, float]) -> gpd.GeoDataFrame:
    """A stops GeoDataFrame as stops.py returns it (EPSG:4326 points)."""
    return gpd.GeoDataFrame(
        {"naam": [f"stop {i}" for i in range(len(lonlat))]},
        geometry=[Point(lon, lat) for lon, lat in lonlat],
        crs=4326,
    )


def edge_values(G: nx.MultiDiGraph, attr: str) -> list[str | None]:
    """All values of an edge attribute; osmnx makes a list where simplified ways merged."""
    values: list[str | None] = []
    for _, _, value in G.edges(data=attr):
        values.extend(value if isinstance(value, list) else [value])
    return values


def total_length(G: nx.MultiDiGraph) -> float:
    return sum(length for _, _, length in G.edges(data="length"))


def assert_osmnx_walk_graph(G: nx.MultiDiGraph) -> None:
    assert isinstance(G, nx.MultiDiGraph)
    assert G.graph["crs"].lower() == "epsg:4326"
    assert nx.is_weakly_connected(G)
    assert all("x" in d and "y" in d for _, d in G.nodes(data=True))
    assert all(d["length"] >= 0 for _, _, d in G.edges(data=True))
    geometries = [g for _, _, g in G.edges(data="geometry") if g is not None]
    assert geometries
    assert all(isinstance(g, LineString) for g in geometries)
    assert any(name for _, _, name in G.edges(data="name"))


# --- building from the real extracts ------------------------------------------------------


@pytest.fixture(scope="module")
def delft_2025() -> nx.MultiDiGraph:
    return walking_graph(DELFT_2025, use_cache=False)


@pytest.fixture(scope="module")
def kanaleneiland() -> nx.MultiDiGraph:
    return walking_graph(KANALENEILAND, use_cache=False)


def test_filter_is_osmnx_walk_filter_plus_two_exceptions() -> None:
    plain = walk_filter.overpass_filters(
        keep_separate_sidewalks=False, keep_walkable_cycleways=False
    )
    assert plain == [OSMNX_WALK_FILTER]
    main, *cycleways = walk_filter.overpass_filters()
    assert "separate" not in main
    assert main == OSMNX_WALK_FILTER.split('["sidewalk"')[0]
    assert len(cycleways) == 2
    assert all('["highway"="cycleway"]' in f for f in cycleways)

    walkable = walk_filter.is_walkable
    assert walkable({"highway": "footway"})
    assert walkable({"highway": "residential", "sidewalk": "separate"})
    assert not walkable(
        {"highway": "residential", "sidewalk:right": "separate"}, keep_separate_sidewalks=False
    )
    assert walkable({"highway": "cycleway", "sidewalk": "right"})
    assert walkable({"highway": "cycleway", "foot": "designated"})
    assert not walkable({"highway": "cycleway", "sidewalk": "both"}, keep_walkable_cycleways=False)
    for tags in (
        {"building": "yes"},
        {"landuse": "grass", "name": "Plein"},
        {"highway": "cycleway"},
        {"highway": "cycleway", "sidewalk": "no"},
        {"highway": "cycleway", "foot": "use_sidepath"},
        {"highway": "cycleway", "sidewalk": "both", "access": "private"},
        {"highway": "motorway_link", "sidewalk": "both"},
        {"highway": "footway", "area": "yes"},
        {"highway": "service", "access": "private"},
        {"highway": "service", "service": "private"},
        {"highway": "path", "foot": "no"},
    ):
        assert not walkable(tags), tags


def metres_to_nearest_node(G: nx.MultiDiGraph, lon: float, lat: float) -> float:
    return min(ox.distance.great_circle(lat, lon, d["y"], d["x"]) for _, d in G.nodes(data=True))


@needs_osm
def test_delft_2025_keeps_roads_with_separate_sidewalks(delft_2025: nx.MultiDiGraph) -> None:
    G = delft_2025
    assert_osmnx_walk_graph(G)
    values = edge_values(G, "highway")
    assert None not in values  # no building or land use became an edge
    assert not [v for v in values if EXCLUDED_HIGHWAY.search(v) and v != "cycleway"]
    assert not [d for _, _, d in G.edges(data=True) if "landuse" in d or "building" in d]
    # osmnx's plain walk filter leaves 587 nodes in the largest part (SOURCES.md)
    assert len(G) > 1_100
    # west Wippolder is joined by cycleways with a pavement (Abtswoudsebrug): the mosque
    # and the church there lie next to the network, not 500 m away
    assert metres_to_nearest_node(G, 4.36097, 51.99617) < 100  # Al Ansaar-moskee
    assert metres_to_nearest_node(G, 4.35889, 51.99757) < 100  # Adelbertkerk
    # raw graph_from_xml on this file: 22,659 edges (SOURCES.md)
    assert G.number_of_edges() < 22_659 / 4


@needs_osm
def test_delft_2022_and_amsterdam_load() -> None:
    delft = walking_graph(DELFT_2022, use_cache=False)
    assert_osmnx_walk_graph(delft)
    assert 1_000 < len(delft) < 2_000
    amsterdam = walking_graph(str(AMSTERDAM), use_cache=False)
    assert_osmnx_walk_graph(amsterdam)
    assert 500 < len(amsterdam) < 700
    assert "Nieuwmarkt" in set(edge_values(amsterdam, "name"))


@needs_osm
def test_kanaleneiland_graphml_loads_and_clips(kanaleneiland: nx.MultiDiGraph) -> None:
    assert (len(kanaleneiland), kanaleneiland.number_of_edges()) == (1_646, 4_378)
    assert_osmnx_walk_graph(kanaleneiland)

    around = stops((5.0900, 52.0700), (5.0950, 52.0740), (5.0920, 52.0690))
    clipped = walking_graph(KANALENEILAND, around=around, margin_m=250, use_cache=False)
    assert 50 < len(clipped) < len(kanaleneiland) / 2
    west, south, east, north = clipped.graph["safari_box"]
    assert 5.085 < west < 5.090
    assert 5.095 < east < 5.100
    assert 52.066 < south < 52.069
    assert 52.074 < north < 52.077
    assert all(west <= x <= east for _, x in clipped.nodes(data="x"))
    assert all(south <= y <= north for _, y in clipped.nodes(data="y"))
    assert nx.is_weakly_connected(clipped)


@needs_osm
def test_clip_keeps_whole_ways_near_the_stops(delft_2025: nx.MultiDiGraph) -> None:
    around = stops((4.3700, 52.0000), (4.3740, 52.0020))  # TU Delft campus
    clipped = walking_graph(DELFT_2025, around=around, margin_m=200, use_cache=False)
    assert 30 < len(clipped) < len(delft_2025)
    west, _, east, _ = clipped.graph["safari_box"]
    centre_x = [x for _, x in clipped.nodes(data="x")]
    assert min(centre_x) < east
    assert max(centre_x) > west


@needs_osm
def test_amsterdam_length_matches_osmnx_reference(tmp_path: Path) -> None:
    """With osmnx's plain walk filter, safari builds exactly what osmnx builds.

    The reference is made without safari's code: ElementTree reads the .osm.gz, the clauses
    of osmnx's own filter string decide which ways stay, osmnx builds the graph.
    """
    ours = network._network_from_osm_file(
        AMSTERDAM,
        "osm.gz",
        "amsterdam",
        None,
        keep_separate_sidewalks=False,
        keep_walkable_cycleways=False,
    ).to_networkx()

    clauses = re.findall(r'\["([^"]+)"(?:!~"([^"]*)")?\]', OSMNX_WALK_FILTER)
    assert len(clauses) == 10

    def passes(tags: dict[str, str]) -> bool:
        for key, pattern in clauses:
            if not pattern and key not in tags:
                return False
            if pattern and key in tags and re.search(pattern, tags[key]):
                return False
        return True

    with gzip.open(AMSTERDAM) as file:
        root = ET.parse(file).getroot()  # noqa: S314  the repository's own test extract
    nodes = {el.get("id"): el for el in root.iter("node")}
    ways = [
        way
        for way in root.iter("way")
        if passes({tag.get("k"): tag.get("v") for tag in way.iter("tag")})
    ]
    refs = {nd.get("ref") for way in ways for nd in way.iter("nd")}
    reference_xml = ET.Element("osm", version="0.6", generator="test reference")
    reference_xml.extend(nodes[ref] for ref in sorted(refs, key=int))
    reference_xml.extend(ways)
    ET.ElementTree(reference_xml).write(tmp_path / "reference.osm", encoding="utf-8")
    reference = ox.graph_from_xml(tmp_path / "reference.osm", bidirectional=True)

    assert len(ours) == len(reference)
    assert total_length(ours) == pytest.approx(total_length(reference), rel=1e-3)
    kept = walking_graph(AMSTERDAM, use_cache=False)
    assert total_length(kept) >= total_length(reference)


def test_ways_with_missing_nodes_are_shortened(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="safari.network"):
        G = walking_graph(DATA / "clipped_way_missing_nodes.osm", use_cache=False)
    assert sorted(G.nodes) == [1, 3]  # way 201 ends at node 3; way 202 kept one node: dropped
    assert set(edge_values(G, "name")) == {"Afgeknipt pad"}
    assert "2 walkable ways refer to 2 nodes that are not in the file" in caplog.text


def test_way_is_cut_where_a_middle_node_is_missing(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="safari.network"):
        G = walking_graph(DATA / "clipped_way_missing_middle_node.osm", use_cache=False)
    # pieces 1-2 and 4-5-6; the longer one is the largest part; no straight line 2 -> 4
    assert sorted(G.nodes) == [4, 6]
    assert G.number_of_edges() == 2
    assert total_length(G) == pytest.approx(2 * 2 * 68.5, rel=0.01)  # 0.001 deg lon at 52 N
    assert "1 walkable ways refer to 1 nodes that are not in the file" in caplog.text


# --- the same network as osmnx builds -----------------------------------------------------


def edge_multiset(G: nx.MultiDiGraph) -> collections.Counter[tuple[object, ...]]:
    """Every edge with its length, ways, name, direction flag and line (osmnx lists unordered)."""

    def plain(value: object) -> object:
        return tuple(sorted(value, key=str)) if isinstance(value, list) else value

    edges: collections.Counter[tuple[object, ...]] = collections.Counter()
    for u, v, d in G.edges(data=True):
        line = d.get("geometry")
        edges[
            (
                u,
                v,
                round(d["length"], 6),
                plain(d["osmid"]),
                plain(d.get("name")),
                plain(d.get("highway")),
                plain(d["reversed"]),
                d["oneway"],
                None if line is None else tuple(line.coords),
            )
        ] += 1
    return edges


def assert_same_as_osmnx(ours: nx.MultiDiGraph, reference: nx.MultiDiGraph) -> None:
    assert set(ours.nodes) == set(reference.nodes)
    assert all(ours.nodes[n] == reference.nodes[n] for n in reference.nodes)
    assert edge_multiset(ours) == edge_multiset(reference)
    assert total_length(ours) == pytest.approx(total_length(reference), rel=1e-3)


def random_ways_xml(seed: int, target: Path) -> None:
    """Random walks on a 6x6 grid: ways that meet end to end, overlap, close, turn back."""
    rng = random.Random(seed)
    side = 6
    ways = []
    for w in range(rng.randint(3, 14)):
        i, j = rng.randrange(side), rng.randrange(side)
        refs = [1000 + i * side + j]
        for _ in range(rng.randint(1, 8)):
            di, dj = rng.choice([(0, 1), (1, 0), (0, -1), (-1, 0), (0, 0)])
            i, j = min(max(i + di, 0), side - 1), min(max(j + dj, 0), side - 1)
            refs.append(1000 + i * side + j)
        if rng.random() < 0.2:
            refs.append(refs[0])
        tags = {"highway": rng.choice(["footway", "residential"]), "name": rng.choice("ABC")}
        if rng.random() < 0.3:
            tags["oneway"] = "yes"  # walkers may walk both ways all the same
        ways.append((2000 + w, refs, tags))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6">']
    for ref in sorted({r for _, refs, _ in ways for r in refs}):
        k = ref - 1000
        tag = '<tag k="highway" v="crossing"/>' if ref % 7 == 0 else ""
        lat, lon = 52 + (k // side) * 0.001 + (k % 3) * 1e-5, 5 + (k % side) * 0.001
        lines.append(f'<node id="{ref}" lat="{lat:.7f}" lon="{lon:.7f}">{tag}</node>')
    for way_id, refs, tags in ways:
        nds = "".join(f'<nd ref="{r}"/>' for r in refs)
        tgs = "".join(f'<tag k="{k}" v="{v}"/>' for k, v in tags.items())
        lines.append(f'<way id="{way_id}">{nds}{tgs}</way>')
    target.write_text("\n".join([*lines, "</osm>"]), encoding="utf-8")


def test_simplification_equals_osmnx_on_random_ways(tmp_path: Path) -> None:
    """Endpoints, merged chains, loops, parallel ways and attributes as osmnx.simplify_graph."""
    compared = 0
    for seed in range(80):
        xml = tmp_path / f"random-{seed}.osm"
        random_ways_xml(seed, xml)
        unsimplified = ox.graph_from_xml(xml, bidirectional=True, simplify=False, retain_all=True)
        sizes = sorted(map(len, nx.weakly_connected_components(unsimplified)), reverse=True)
        reference = ox.graph_from_xml(xml, bidirectional=True)
        if (len(sizes) > 1 and sizes[0] == sizes[1]) or len(reference) == 0:
            # a tie for the largest part, or osmnx keeps a ring and then drops it (an empty
            # graph); safari keeps the largest part that is not a ring
            continue
        ours = network._network_from_osm_file(xml, "osm", xml.name, None).to_networkx()
        assert_same_as_osmnx(ours, reference)
        compared += 1
    assert compared > 60


def step_free_on_the_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The same rule written on networkx (how safari did it before it worked on arrays)."""

    def says(value: object, bad: tuple[str, ...]) -> bool:
        values = value if isinstance(value, list) else [value]
        return any(str(v).strip().lower() in bad for v in values)

    kept = graph.copy()
    kept.remove_nodes_from(
        [
            n
            for n, d in graph.nodes(data=True)
            if says(d.get("kerb"), ("raised",)) or says(d.get("wheelchair"), ("no",))
        ]
    )
    kept.remove_edges_from(
        [
            (u, v, k)
            for u, v, k, d in kept.edges(keys=True, data=True)
            if says(d.get("highway"), ("steps",))
            or says(d.get("wheelchair"), ("no",))
            or says(d.get("kerb"), ("raised",))
        ]
    )
    return ox.truncate.largest_component(kept, strongly=False)


@needs_osm
def test_step_free_leaves_out_steps_and_keeps_one_connected_part(
    delft_2025: nx.MultiDiGraph,
) -> None:
    steps = [d for _, _, d in delft_2025.edges(data=True) if d.get("highway") == "steps"]
    assert steps, "the Delft extract has steps (SOURCES.md: 58 ways)"
    whole = network_of(delft_2025)
    level = network.step_free(whole)
    assert isinstance(level, WalkingNetwork)
    G = level.to_networkx()
    assert not any(d.get("highway") == "steps" for _, _, d in G.edges(data=True))
    assert not any(d.get("wheelchair") == "no" for _, _, d in G.edges(data=True))
    assert nx.is_weakly_connected(G)
    assert 0.5 * len(delft_2025) < len(G) < len(delft_2025)
    # the same network as the rule applied to the osmnx graph, node for node, edge for edge
    reference = step_free_on_the_graph(delft_2025)
    assert list(G.nodes) == list(reference.nodes)
    assert all(G.nodes[n] == reference.nodes[n] for n in reference.nodes)
    assert edge_multiset(G) == edge_multiset(reference)
    assert total_length(G) == pytest.approx(total_length(reference), rel=1e-9)
    # and routing works on it: every line has its edges
    stops = gpd.GeoDataFrame(
        {"id": ["a", "b"], "naam": ["A", "B"]},
        geometry=[Point(level.x[0], level.y[0]), Point(level.x[-1], level.y[-1])],
        crs="EPSG:4326",
    )
    assert walking_matrix(level, stops).meters[0, 1] > 0


@needs_osm
def test_delft_2025_equals_osmnx_on_the_walk_filtered_xml(
    delft_2025: nx.MultiDiGraph, tmp_path: Path
) -> None:
    """osmnx.graph_from_xml on the same walkable ways (written as XML) builds the same graph.

    osmnx is told to keep the tags safari keeps for step-free routes too.
    """
    xml = tmp_path / "walk.osm"
    write_walk_xml(DELFT_2025, "pbf", xml)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ox.settings, "useful_tags_way", walk_filter.way_tag_keys())
        mp.setattr(ox.settings, "useful_tags_node", sorted(walk_filter.node_tag_keys()))
        reference = ox.graph_from_xml(xml, bidirectional=True)
    assert_same_as_osmnx(delft_2025, reference)
    assert (len(reference), reference.number_of_edges()) == (1_928, 5_294)


# --- arrays and graph ---------------------------------------------------------------------


@needs_osm
def test_network_arrays_are_the_graph(delft_2025: nx.MultiDiGraph) -> None:
    net = walking_network(DELFT_2025)
    assert isinstance(net, WalkingNetwork)
    assert net.graph["safari_cache"] == "miss"
    assert (len(net), net.number_of_edges()) == (len(delft_2025), delft_2025.number_of_edges())
    assert net.total_length() == pytest.approx(total_length(delft_2025), rel=1e-12)
    G = net.to_networkx()
    assert network_of(G) is net  # routing reuses the arrays of a graph made from them
    assert edge_multiset(G) == edge_multiset(delft_2025)
    # every edge's line runs from its first node to its last
    for e in range(0, net.number_of_edges(), 97):
        line = net.edge_coords(e)
        u, v = net.edge_u[e], net.edge_v[e]
        assert tuple(line[0]) == (net.x[u], net.y[u])
        assert tuple(line[-1]) == (net.x[v], net.y[v])

    again = walking_network(DELFT_2025)
    assert again.graph["safari_cache"] == "hit"
    for name in network_arrays._ARRAYS:
        assert np.array_equal(getattr(again, name), getattr(net, name)), name
    assert edge_multiset(again.to_networkx()) == edge_multiset(G)
    with np.load(cache_files()[0], allow_pickle=False) as stored:  # no pickle inside
        assert set(stored.files) == {"meta", "records", *network_arrays._ARRAYS}


@needs_osm
def test_graphml_keeps_every_attribute_through_arrays_and_cache(
    kanaleneiland: nx.MultiDiGraph, tmp_path: Path
) -> None:
    with bz2_unpacked(KANALENEILAND, tmp_path) as graphml:
        original = ox.load_graphml(graphml)
    net = WalkingNetwork.from_networkx(original)
    # each street is one line walked both ways
    assert len(net.geom_ptr) - 1 == original.number_of_edges() // 2
    target = tmp_path / "net.npz"
    with target.open("wb") as file:
        net._save(file)
    for rebuilt in (net.to_networkx(), WalkingNetwork._load(target).to_networkx()):
        assert rebuilt.graph["crs"] == original.graph["crs"]
        assert all(rebuilt.nodes[n] == d for n, d in original.nodes(data=True))
        for u, v, k, d in original.edges(keys=True, data=True):
            got = rebuilt.edges[u, v, k]
            assert {a: b for a, b in got.items() if a != "geometry"} == {
                a: b for a, b in d.items() if a != "geometry"
            }
            assert ("geometry" in got) == ("geometry" in d)
            assert "geometry" not in d or got["geometry"].equals_exact(d["geometry"], 0)
    assert edge_multiset(kanaleneiland) == edge_multiset(original)


@contextmanager
def bz2_unpacked(packed: Path, folder: Path) -> Iterator[Path]:
    target = folder / packed.name.removesuffix(".bz2")
    with bz2.open(packed, "rb") as source, target.open("wb") as out:
        shutil.copyfileobj(source, out)
    yield target


# --- cache --------------------------------------------------------------------------------


def cache_files() -> list[Path]:
    return sorted((network.cache_dir() / "networks").glob("*"))


def refuse_to_parse(*args: object, **kwargs: object) -> None:
    msg = "the source was parsed again"
    raise AssertionError(msg)


@needs_osm
def test_second_call_loads_from_cache(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.INFO, logger="safari")
    first = walking_graph(DELFT_2022)
    assert first.graph["safari_cache"] == "miss"
    assert "nodes (" in caplog.text
    assert "dropped)" in caplog.text
    assert [f.suffix for f in cache_files()] == [".npz"]  # no temporary file left

    monkeypatch.setattr(network, "read_walkable_ways", refuse_to_parse)
    monkeypatch.setattr(network, "_network_from_osm_file", refuse_to_parse)
    second = walking_graph(str(DELFT_2022))  # same file given as str
    assert second.graph["safari_cache"] == "hit"
    assert (len(second), second.number_of_edges()) == (len(first), first.number_of_edges())
    assert total_length(second) == total_length(first)

    # the key is the content, not the name: a link under another name hits too
    other_name = tmp_path / "wijk.osm.pbf"
    other_name.symlink_to(DELFT_2022)
    assert walking_graph(other_name).graph["safari_cache"] == "hit"


@needs_osm
def test_corrupt_cache_file_is_rebuilt(caplog: pytest.LogCaptureFixture) -> None:
    walking_graph(DELFT_2022)
    [cache_file] = cache_files()
    cache_file.write_bytes(b"geen npz")
    with caplog.at_level(logging.WARNING, logger="safari.network"):
        rebuilt = walking_graph(DELFT_2022)
    assert rebuilt.graph["safari_cache"] == "miss"
    assert "unreadable cache file" in caplog.text
    assert walking_graph(DELFT_2022).graph["safari_cache"] == "hit"


@needs_osm
def test_a_saved_graph_is_read_once_and_other_stops_are_clipped_from_the_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An organiser adds a stop (another box): the GraphML is not read again, same network."""
    first_stops = stops((5.0900, 52.0700), (5.0950, 52.0740))
    more_stops = stops((5.0900, 52.0700), (5.0950, 52.0740), (5.1010, 52.0660))
    walking_graph(KANALENEILAND, around=first_stops, margin_m=250)
    assert [f.name.split("-")[0] for f in cache_files()] == ["walk", "whole"]
    uncached = walking_graph(KANALENEILAND, around=more_stops, margin_m=250, use_cache=False)

    monkeypatch.setattr(network, "_read_graphml", refuse_to_parse)
    clipped = walking_graph(KANALENEILAND, around=more_stops, margin_m=250)
    assert clipped.graph["safari_cache"] == "miss"  # a new box, clipped from the whole graph
    assert edge_multiset(clipped) == edge_multiset(uncached)
    assert dict(clipped.nodes(data=True)) == dict(uncached.nodes(data=True))
    assert len(cache_files()) == 3


@needs_osm
def test_margin_and_use_cache_decide_the_cache_file() -> None:
    around = stops((4.3700, 52.0000))
    walking_graph(DELFT_2022, around=around, margin_m=300)
    walking_graph(DELFT_2022, around=around, margin_m=400)
    assert len(cache_files()) == 2
    assert walking_graph(DELFT_2022, around=around, margin_m=300).graph["safari_cache"] == "hit"
    assert walking_graph(DELFT_2022, around=around, margin_m=500, use_cache=False)
    assert len(cache_files()) == 2


# --- errors for people --------------------------------------------------------------------


def test_missing_file() -> None:
    with pytest.raises(NetworkError) as err:
        walking_graph("kaarten/bestaat-niet.osm.pbf")
    assert "Het bestand kaarten/bestaat-niet.osm.pbf bestaat niet" in str(err.value)
    assert "--network BESTAND" in str(err.value)


def test_unknown_suffix(tmp_path: Path) -> None:
    (tmp_path / "wijk.txt").write_text("straten", encoding="utf-8")
    with pytest.raises(NetworkError) as err:
        walking_graph(tmp_path / "wijk.txt")
    message = str(err.value)
    assert f"Safari kan het bestand {tmp_path / 'wijk.txt'} niet lezen" in message
    assert ".osm.pbf, .osm.bz2, .osm.gz, .osm, .graphml.bz2, .graphml" in message


@pytest.mark.parametrize("name", ["kapot.osm", "kapot.osm.pbf", "kapot.graphml.bz2"])
def test_garbage_file(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text("dit is geen OpenStreetMap", encoding="utf-8")
    with pytest.raises(NetworkError) as err:
        walking_graph(tmp_path / name)
    message = str(err.value)
    assert f"Safari kan het bestand {tmp_path / name} niet lezen" in message
    assert "Misschien is het bestand kapot" in message


def test_english_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFARI_LANG", "en")
    with pytest.raises(NetworkError, match=r"The file wijk\.osm does not exist"):
        walking_graph("wijk.osm")


@needs_osm
@pytest.mark.parametrize("source", [DELFT_2022, KANALENEILAND])
def test_stops_outside_the_extract(source: Path) -> None:
    amsterdam_stops = stops((4.8990, 52.3720), (4.9010, 52.3700))
    with pytest.raises(NetworkError) as err:
        walking_graph(source, around=amsterdam_stops, margin_m=100)
    message = str(err.value)
    assert f"In het bestand {source} liggen geen straten of paden" in message
    assert "De stops liggen in het gebied lon 4.89" in message
    assert "met een rand van 100 meter" in message
    assert "lon 4.3" in message or "lon 5.0" in message  # where the file's streets are


def test_bad_options() -> None:
    with pytest.raises(NetworkError, match="stops nodig"):
        walking_graph(None)
    with pytest.raises(NetworkError, match="0 meter of meer"):
        walking_graph("wijk.osm", around=stops((4.9, 52.37)), margin_m=-5)
    with pytest.raises(NetworkError, match="Geen enkele stop"):
        walking_graph("wijk.osm", around=stops()[:0])


# --- online, against a local server ---------------------------------------------------------


class ReplayServer:
    """Answers osmnx's Overpass POST with a fixed body and records the queries."""

    def __init__(self) -> None:
        self.status = 200
        self.body = RECORDED.read_bytes()
        self.queries: list[str] = []
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                form = parse_qs(self.rfile.read(length).decode("utf-8"))
                replay.queries.append(form["data"][0])
                self.send_response(replay.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(replay.body)))
                self.end_headers()
                self.wfile.write(replay.body)

            def log_message(self, _format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/api"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


@pytest.fixture
def osmnx_offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """osmnx without its HTTP cache and status check; settings restored afterwards."""
    monkeypatch.setattr(ox.settings, "overpass_rate_limit", False)
    monkeypatch.setattr(ox.settings, "use_cache", False)
    monkeypatch.setattr(ox.settings, "cache_folder", tmp_path / "osmnx-cache")
    monkeypatch.setattr(ox.settings, "requests_timeout", 10)
    monkeypatch.setattr(socket, "getaddrinfo", socket.getaddrinfo)  # osmnx replaces it
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def overpass(osmnx_offline: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[ReplayServer]:
    server = ReplayServer()
    monkeypatch.setattr(ox.settings, "overpass_url", server.url)
    yield server
    server.stop()


VILLAGE_STOPS = ((5.0005, 52.0005), (5.0015, 52.0015))  # inside the hand-made streets


def test_download_through_osmnx(overpass: ReplayServer) -> None:
    G = walking_graph(None, around=stops(*VILLAGE_STOPS), margin_m=300)
    assert G.graph["safari_cache"] == "miss"
    assert G.graph["crs"].lower() == "epsg:4326"
    # osmnx sends one query per filter: the walk filter and the two walkable-cycleway ones
    assert len(overpass.queries) == 3
    for query, way_filter in zip(overpass.queries, walk_filter.overpass_filters(), strict=True):
        assert f"way{way_filter}(poly:" in query
        assert "separate" not in query
    assert '["highway"]["area"!~"yes"]["access"!~"private"]' in overpass.queries[0]
    # the 3x3 grid simplifies to its 5 crossings; the unconnected Eilandpad is dropped
    assert sorted(G.nodes) == [2, 4, 5, 6, 8]
    assert G.number_of_edges() == 16
    names = set(edge_values(G, "name"))
    assert {"Dorpsstraat", "Kerkpad", "Molenweg", "Marktplein"} <= names
    assert "Eilandpad" not in names

    overpass.stop()
    again = walking_graph(None, around=stops(*VILLAGE_STOPS), margin_m=300)
    assert again.graph["safari_cache"] == "hit"
    assert len(overpass.queries) == 3


def test_download_server_error(overpass: ReplayServer) -> None:
    overpass.status, overpass.body = 500, b"interne fout"
    with pytest.raises(NetworkError) as err:
        walking_graph(None, around=stops(*VILLAGE_STOPS))
    assert str(err.value) == t("network.download_failed")


def test_download_nothing_walkable(overpass: ReplayServer) -> None:
    overpass.body = json.dumps({"version": 0.6, "elements": []}).encode()
    with pytest.raises(NetworkError, match="OpenStreetMap heeft geen straten of paden"):
        walking_graph(None, around=stops(*VILLAGE_STOPS))


def test_download_unreachable_server(osmnx_offline: None, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setattr(ox.settings, "overpass_url", f"http://127.0.0.1:{port}/api")
    with pytest.raises(NetworkError) as err:
        walking_graph(None, around=stops(*VILLAGE_STOPS))
    assert str(err.value) == (
        "safari kon de straten niet van internet halen (is er internet?). "
        "Geef een kaartbestand met de straten op met --network BESTAND."
    )
