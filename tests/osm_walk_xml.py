"""Write the walkable ways of an OSM file as OSM XML: the input plain osmnx needs.

Tests and benchmarks build osmnx's own network from it (``osmnx.graph_from_xml``) to
compare it with safari's, way for way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import osmium

from safari.walk_filter import WALK_REQUIRED_KEY, is_walkable, node_tag_keys

if TYPE_CHECKING:
    from pathlib import Path


def write_walk_xml(
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
    node_keys = node_tag_keys()
    coords: dict[int, tuple[float, float]] = {}
    node_tags: dict[int, dict[str, str]] = {}
    ways: list[tuple[int, list[int], dict[str, str]]] = []
    processor = (
        osmium.FileProcessor(osmium.io.File(str(path), fmt), osmium.osm.NODE | osmium.osm.WAY)
        .with_locations()
        .with_filter(osmium.filter.KeyFilter(WALK_REQUIRED_KEY, *sorted(node_keys)))
    )
    for obj in processor:
        if isinstance(obj, osmium.osm.Node):
            tags = {tag.k: tag.v for tag in obj.tags if tag.k in node_keys}
            if tags:
                node_tags[obj.id] = tags
        elif isinstance(obj, osmium.osm.Way):
            tags = dict(obj.tags)
            if is_walkable(
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
