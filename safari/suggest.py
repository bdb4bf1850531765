"""Community venues found in OpenStreetMap, to suggest as stops (status ``voorstel``).

Reads an OSM file (``.osm``, ``.osm.gz``, ``.osm.bz2``, ``.osm.pbf``) with pyosmium and
keeps every named node or closed way whose tags make it a place where people meet
(:data:`TAGS`). OSM names are untrusted text like any other: the suggestions go through
the same reader and sanitiser as every stops file (``catalogue.import_files``).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safari._errors import SuggestError
from safari.i18n import t
from safari.schema import slug

if TYPE_CHECKING:
    from osmium.osm import TagList


__all__ = ["TAGS", "SuggestError", "suggest"]

log = logging.getLogger(__name__)

#: OSM tag -> ``soort``. ``None`` as value: any value of that key.
TAGS: dict[tuple[str, str | None], str] = {
    ("amenity", "community_centre"): "buurthuis",
    ("amenity", "social_centre"): "buurthuis",
    ("amenity", "place_of_worship"): "gebedshuis",
    ("amenity", "social_facility"): "zorg",
    ("amenity", "library"): "bibliotheek",
    ("amenity", "marketplace"): "ondernemer",
    ("amenity", "arts_centre"): "overig",
    ("amenity", "youth_centre"): "buurthuis",
    ("office", "association"): "overig",
    ("office", "ngo"): "overig",
    ("office", "foundation"): "overig",
    ("club", None): "overig",
    ("leisure", "sports_centre"): "sport",
}
_WHEELCHAIR = {"yes": "ja", "limited": "beperkt", "no": "nee", "designated": "ja"}
_OSM_SUFFIXES = (".osm", ".osm.gz", ".osm.bz2", ".osm.pbf", ".pbf")


def _kind(tags: TagList) -> str | None:
    for (key, value), kind in TAGS.items():
        found = tags.get(key)
        if found is not None and (value is None or found == value):
            return kind
    return None


def suggest(osm_file: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Named community venues in an OSM file, as GeoJSON features (status ``voorstel``).

    Returns
    -------
    list of dict
        Point features with ``id`` (made from the name: ``buurthuis-de-brug``, with
        ``-2`` for a second place of the same name), ``naam``, ``soort``, ``osm``
        (``node/123`` or ``way/45``), ``website`` and ``rolstoel`` when tagged,
        ``status`` ``voorstel`` and ``toestemming`` ``onbekend`` (nobody asked yet),
        sorted by name.

    Raises
    ------
    SuggestError
        The file is missing, holds only a street network (``.graphml``) or is unreadable.
    """
    import osmium

    shown = os.fsdecode(osm_file)
    path = Path(shown)
    name = path.name.lower()
    if not path.exists():
        raise SuggestError(t("suggest.not_found", file=shown))
    if not name.endswith(_OSM_SUFFIXES):
        raise SuggestError(t("suggest.needs_osm_file", file=shown))
    keys = sorted({key for key, _ in TAGS})
    found: list[dict[str, Any]] = []
    try:
        processor = (
            osmium.FileProcessor(str(path), osmium.osm.NODE | osmium.osm.WAY)
            .with_locations()
            .with_filter(osmium.filter.KeyFilter(*keys))
        )
        for item in processor:
            obj: Any = item
            tags = obj.tags
            kind = _kind(tags)
            label = tags.get("name")
            if kind is None or not label:
                continue
            if obj.is_node():
                if not obj.location.valid():
                    continue
                lon, lat = obj.location.lon, obj.location.lat
                osm = f"node/{obj.id}"
            else:
                points = [(n.lon, n.lat) for n in obj.nodes if n.location.valid()]
                if not points:
                    continue
                if len(points) > 1 and points[0] == points[-1]:
                    points = points[:-1]
                lon = sum(p[0] for p in points) / len(points)
                lat = sum(p[1] for p in points) / len(points)
                osm = f"way/{obj.id}"
            props = {
                "id": "",  # a readable id from the name, given below
                "naam": label,
                "soort": kind,
                "osm": osm,
                "status": "voorstel",
                "toestemming": "onbekend",
            }
            website = tags.get("website") or tags.get("contact:website")
            if website and website.startswith(("https://", "http://")):
                props["website"] = website
            wheelchair = _WHEELCHAIR.get(tags.get("wheelchair") or "")
            if wheelchair:
                props["rolstoel"] = wheelchair
            found.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]},
                    "properties": props,
                }
            )
    except (RuntimeError, ValueError, OSError) as error:
        raise SuggestError(t("suggest.unreadable", file=shown, detail=str(error))) from error
    found.sort(key=lambda f: (str(f["properties"]["naam"]).casefold(), f["properties"]["osm"]))
    used: set[str] = set()
    for feature in found:  # ids a person can type: the name's slug, the OSM reference apart
        base = slug(str(feature["properties"]["naam"]))
        candidate, number = base, 1
        while candidate in used:
            number += 1
            candidate = f"{base}-{number}"
        used.add(candidate)
        feature["properties"]["id"] = candidate
    log.info("%s: %d community venues in OSM", shown, len(found))
    return found
