"""The submission form: one HTML page with which a group submits its stop on a phone.

The page holds everything it needs (no request leaves it, so it works offline once
opened): the district's streets, drawn on a canvas from the walking network; the fields
of the stop schema; a photo made smaller in the browser; and "Opslaan", which downloads
a GeoJSON file (one Point feature) for the organiser to import with ``safari stops import``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import jinja2

from safari._atomic import atomic_write
from safari._errors import SafariError
from safari.i18n import LANGUAGE_NAMES, TEXTS, t
from safari.schema import KINDS, MAX_PHOTO_CHARS
from safari.settings import language

__all__ = ["FORM_FILE", "form_html", "streets_of", "write_form"]

FORM_FILE = "stop-aanmelden.html"
#: The photo limit in bytes the page aims at (the reader takes a little more).
MAX_PHOTO_BYTES = 200_000
assert MAX_PHOTO_BYTES * 4 // 3 < MAX_PHOTO_CHARS

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("safari", "templates"),
    autoescape=jinja2.select_autoescape(["html"]),
)


def streets_of(source: Any) -> dict[str, Any]:
    """The streets of a map file or walking graph as compact lines: lon/lat times 1e5.

    The streets come from :mod:`safari.basemap` (the module that draws every map), from
    an OSM file, a saved graph or a walking network / networkx graph.

    Returns
    -------
    dict
        ``lines`` (each a flat list ``[lon, lat, lon, lat, ...]`` of integers) and
        ``bounds`` (``[west, south, east, north]`` in degrees).
    """
    from safari.basemap import Basemap, read_basemap

    basemap = source if isinstance(source, Basemap) else read_basemap(source)
    lines: list[list[int]] = []
    for line in basemap.lines("roads", "streets", "paths"):
        flat: list[int] = []
        for lon, lat in line:
            point = [round(lon * 1e5), round(lat * 1e5)]
            if flat[-2:] != point:
                flat.extend(point)
        if len(flat) >= 4:
            lines.append(flat)
    if not lines:
        return {"lines": [], "bounds": [0, 0, 0, 0]}
    lons = [c / 1e5 for line in lines for c in line[0::2]]
    lats = [c / 1e5 for line in lines for c in line[1::2]]
    return {"lines": lines, "bounds": [min(lons), min(lats), max(lons), max(lats)]}


def form_html(streets: dict[str, Any]) -> str:
    """The form page with the given streets (see :func:`streets_of`)."""
    lang = language()
    # Raw texts: the page fills in {lat}, {lon}, {kb} and {file} itself.
    text = {
        key.removeprefix("form."): pair[1 if lang == "en" else 0]
        for key, pair in TEXTS.items()
        if key.startswith("form.") and key != "form.no_streets"
    }
    languages = [(code, name) for code, name in LANGUAGE_NAMES.items() if code != "nl"]
    return _TEMPLATES.get_template("form.html").render(
        lang=lang,
        text=text,
        kinds=KINDS,
        languages=languages,
        streets=streets,
        max_photo_bytes=MAX_PHOTO_BYTES,
    )


def write_form(network: str | os.PathLike[str], folder: str | os.PathLike[str]) -> Path:
    """Write the form for the district of ``network`` as ``folder / stop-aanmelden.html``.

    Parameters
    ----------
    network
        A map file with the district's streets, as for ``safari plan --network``.
    folder
        Where the page goes; created when missing. Written atomically.
    """
    from safari.basemap import is_osm_file
    from safari.network import walking_network

    streets = streets_of(network if is_osm_file(network) else walking_network(network))
    if not streets["lines"]:
        raise SafariError(t("form.no_streets", file=os.fsdecode(network)))
    target = Path(folder) / FORM_FILE
    return atomic_write(target, form_html(streets).encode("utf-8"))
