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
from safari.settings import language
from safari.stops import KINDS, MAX_PHOTO_CHARS

__all__ = ["FORM_FILE", "form_html", "streets_of", "write_form"]

FORM_FILE = "stop-aanmelden.html"
#: The photo limit in bytes the page aims at (the reader takes a little more).
MAX_PHOTO_BYTES = 200_000
assert MAX_PHOTO_BYTES * 4 // 3 < MAX_PHOTO_CHARS

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("safari", "templates"),
    autoescape=jinja2.select_autoescape(["html"]),
)


def streets_of(graph: Any) -> dict[str, Any]:
    """The streets of a walking graph as compact lines: lon/lat times 1e5, rounded.

    Returns
    -------
    dict
        ``lines`` (each a flat list ``[lon, lat, lon, lat, ...]`` of integers) and
        ``bounds`` (``[west, south, east, north]`` in degrees).
    """
    seen: set[tuple[int, int]] = set()
    lines: list[list[int]] = []
    for u, v, data in graph.edges(data=True):
        key = (min(u, v), max(u, v))
        if key in seen:
            continue
        seen.add(key)
        geometry = data.get("geometry")
        if geometry is not None:
            coords = list(geometry.coords)
        else:
            coords = [
                (graph.nodes[u]["x"], graph.nodes[u]["y"]),
                (graph.nodes[v]["x"], graph.nodes[v]["y"]),
            ]
        flat: list[int] = []
        for lon, lat in coords:
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
    from safari.network import walking_graph

    graph = walking_graph(network)
    streets = streets_of(graph)
    if not streets["lines"]:
        raise SafariError(t("form.no_streets", file=os.fsdecode(network)))
    target = Path(folder) / FORM_FILE
    return atomic_write(target, form_html(streets).encode("utf-8"))
