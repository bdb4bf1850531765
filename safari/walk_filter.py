"""Which OpenStreetMap ways are walkable: osmnx's walk filter, with two Dutch exceptions.

The filter is osmnx's ``network_type="walk"`` clause by clause (for OSM files read with
pyosmium, and as Overpass QL for downloads), plus two kinds of ways osmnx drops that
safari keeps: roads whose sidewalks are mapped separately, and cycleways that allow
walking. Also the tags kept for step-free routes (kerbs, wheelchair access).
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

logger = logging.getLogger(__name__)

__all__ = [
    "STEP_FREE_NODE_TAGS",
    "STEP_FREE_WAY_TAGS",
    "WALK_REQUIRED_KEY",
    "is_walkable",
    "is_walkable_cycleway",
    "node_tag_keys",
    "overpass_filters",
    "way_tag_keys",
]

# osmnx's own walk filter, clause by clause: osmnx._overpass._get_network_filter("walk"),
# which starts with '["highway"]["area"!~"yes"]' + osmnx.settings.default_access
# ('["access"!~"private"]'). An Overpass clause ["k"!~"re"] lets a way pass when the key
# is absent or its value does not match the (unanchored, case-sensitive) regex.
# tests/test_network.py checks that these rebuild osmnx's filter string exactly.
WALK_REQUIRED_KEY = "highway"
_WALK_EXCLUDE: tuple[tuple[str, str], ...] = (
    ("area", "yes"),
    ("access", "private"),
    (
        "highway",
        (
            "abandoned|bus_guideway|construction|cycleway|motor|no|planned|"
            "platform|proposed|raceway|razed|rest_area|services"
        ),
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


def overpass_filters(
    *, keep_separate_sidewalks: bool = True, keep_walkable_cycleways: bool = True
) -> list[str]:
    """Return the walk filter as Overpass QL way filters (osmnx ``custom_filter``, a union)."""
    clauses = _walk_clauses(keep_separate_sidewalks=keep_separate_sidewalks)
    filters = [f'["{WALK_REQUIRED_KEY}"]' + "".join(f'["{k}"!~"{v}"]' for k, v in clauses)]
    if keep_walkable_cycleways:
        base = '["highway"="cycleway"]' + "".join(
            f'["{k}"!~"{v}"]' for k, v in clauses if k != "highway"
        )
        filters.append(f'{base}["foot"~"{_CYCLEWAY_FOOT}"]')
        filters.append(f'{base}[~"{_CYCLEWAY_SIDEWALK_KEY}"~"{_CYCLEWAY_SIDEWALK}"]')
    return filters


def is_walkable_cycleway(tags: Mapping[str, str]) -> bool:
    """Return True for a cycleway open to walkers (``foot=yes``, ``designated``, a sidewalk)."""
    if tags.get("highway") != "cycleway":
        return False
    if _CYCLEWAY_FOOT_RE.match(tags.get("foot", "")):
        return True
    return any(_CYCLEWAY_SIDEWALK_RE.match(tags.get(k, "")) for k in _CYCLEWAY_SIDEWALK_KEYS)


def is_walkable(
    tags: Mapping[str, str],
    *,
    keep_separate_sidewalks: bool = True,
    keep_walkable_cycleways: bool = True,
) -> bool:
    """Return True when a way with these tags passes the walk filter (see above).

    With both options False this is exactly osmnx's ``network_type="walk"`` filter.
    """
    if WALK_REQUIRED_KEY not in tags:
        return False
    cycleway_ok = keep_walkable_cycleways and is_walkable_cycleway(tags)
    for clause in _walk_clauses(keep_separate_sidewalks=keep_separate_sidewalks):
        if cycleway_ok and clause[0] == "highway":
            continue
        value = tags.get(clause[0])
        if value is not None and _COMPILED[clause].search(value):
            return False
    return True


#: Tags kept beyond osmnx's useful tags: what a step-free route needs to know.
STEP_FREE_WAY_TAGS = ("wheelchair", "kerb")
STEP_FREE_NODE_TAGS = ("kerb", "wheelchair")


def way_tag_keys() -> list[str]:
    """The way tags to read: osmnx's useful tags and what a step-free route needs."""
    import osmnx as ox  # only when an OSM file is read: osmnx takes a second to import

    return [*ox.settings.useful_tags_way, *STEP_FREE_WAY_TAGS]


def node_tag_keys() -> set[str]:
    """The node tags to read: osmnx's useful tags and what a step-free route needs."""
    import osmnx as ox

    return {*ox.settings.useful_tags_node, *STEP_FREE_NODE_TAGS}
