"""The submission form: one HTML page with which a group submits its stop on a phone.

The page holds everything it needs (no request leaves it, so it works offline once
opened): the district's streets, drawn on a canvas from the walking network; the fields
of the stop schema; a photo made smaller in the browser; and "Opslaan", which downloads
a GeoJSON file (one Point feature) for the organiser to import with ``safari stops import``.

The volunteer picks the page's language (every participant-domain language: Dutch,
English, Arabic, Turkish...; right to left where needed). The place can be given without
seeing the map: an address looked up with the PDOK Locatieserver when online (the only
request the page may make), or a street chosen from the district's named streets. Above
the send button a short privacy notice says who receives the details, why, how long they
are kept and how to have them removed (:class:`Privacy`).
"""

from __future__ import annotations

import os
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import numpy as np

from safari._atomic import atomic_write
from safari._errors import SafariError
from safari.config import MAX_KEEP_DAYS
from safari.i18n import (
    LANGUAGE_NAMES,
    TEXTS,
    direction,
    language,
    languages,
    raw,
    t,
    text_domain,
)
from safari.schema import KINDS, MAX_PHOTO_CHARS

if TYPE_CHECKING:
    from safari.basemap import BasemapSource


__all__ = ["FORM_FILE", "Privacy", "form_html", "streets_of", "write_form"]

FORM_FILE = "stop-aanmelden.html"
#: The photo limit in bytes the page aims at (the reader takes a little more).
MAX_PHOTO_BYTES = 200_000
assert MAX_PHOTO_BYTES * 4 // 3 < MAX_PHOTO_CHARS  # noqa: S101  import-time check that the two limits agree

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("safari", "templates"),
    autoescape=jinja2.select_autoescape(["html"]),
)


_LINE_MIN_NUMBERS = 4  # a flat line [lon, lat, lon, lat]: two points


@dataclass(frozen=True)
class Privacy:
    """Who receives the form's details, how to reach them, and how long they are kept."""

    organiser: str
    contact: str
    keep_days: int

    @classmethod
    def from_options(
        cls, *, organiser: str | None, contact: str | None, keep_days: float | None
    ) -> Privacy:
        """Check the three values; one message naming every missing one."""
        missing = []
        if not (organiser or "").strip():
            missing.append(t("form.privacy_part.organiser"))
        if not (contact or "").strip():
            missing.append(t("form.privacy_part.contact"))
        if keep_days is None:
            missing.append(t("form.privacy_part.keep_days"))
        if missing or keep_days is None:  # keep_days None is in `missing`
            raise SafariError(t("form.privacy_missing", missing=", ".join(missing)))
        if keep_days != int(keep_days) or not 1 <= keep_days <= MAX_KEEP_DAYS:
            raise SafariError(t("form.bad_keep_days", value=keep_days))
        return cls(str(organiser).strip(), str(contact).strip(), int(keep_days))


def streets_of(source: BasemapSource) -> dict[str, Any]:
    """The streets of a map file or walking graph as compact lines: lon/lat times 1e5.

    The streets come from :mod:`safari.basemap` (the module that draws every map), from
    an OSM file, a saved graph or a walking network / networkx graph.

    Returns
    -------
    dict
        ``lines`` (each a flat list ``[lon, lat, lon, lat, ...]`` of integers),
        ``bounds`` (``[west, south, east, north]`` in degrees), ``names`` (the named
        streets, sorted), ``street_points`` (per name a point on that street, on its
        longest piece, ``[lon, lat]`` times 1e5) and ``label_points`` (``[lon, lat,
        name index]`` along every named street, to say which street a tap is near).
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
        if len(flat) >= _LINE_MIN_NUMBERS:
            lines.append(flat)
    if not lines:
        return {"lines": [], "bounds": [0, 0, 0, 0], "names": [], "label_points": []}
    lons = [c / 1e5 for line in lines for c in line[0::2]]
    lats = [c / 1e5 for line in lines for c in line[1::2]]
    names = sorted({label[3] for label in basemap.labels}, key=lambda n: (n.casefold(), n))
    index = {name: i for i, name in enumerate(names)}
    points: list[list[int]] = []
    first: dict[str, list[int]] = {}
    for x, y, _angle, name in basemap.labels:  # labels sit on the street, longest piece first
        lon, lat = basemap.lonlat(np.array([[x, y]]))[0]
        point = [round(lon * 1e5), round(lat * 1e5)]
        first.setdefault(name, point)
        points.append([*point, index[name]])
    return {
        "lines": lines,
        "bounds": [min(lons), min(lats), max(lons), max(lats)],
        "names": names,
        "street_points": [first[name] for name in names],
        "label_points": points,
    }


#: The texts the page's script needs besides those it shows (placeholders kept).
_FORM_PREFIX = "form."


def _form_texts(lang: str) -> dict[str, str]:
    return {
        key.removeprefix(_FORM_PREFIX): raw(key, lang)
        for key in TEXTS
        if key.startswith(_FORM_PREFIX) and _is_public(key)
    }


def _is_public(key: str) -> bool:
    return text_domain(key) == "participants"


def form_html(streets: dict[str, Any], *, privacy: Privacy, pdok_url: str | None = None) -> str:
    """The form page with the given streets (see :func:`streets_of`).

    Parameters
    ----------
    streets
        The district's streets.
    privacy
        The organiser's name, contact and retention period, for the privacy notice.
    pdok_url
        The Locatieserver's base URL for the address field (default: ``SAFARI_PDOK_URL``
        or PDOK's own). The page asks it only when the volunteer looks an address up.
    """
    from safari.geocode import base_url

    lang = language()
    if lang not in languages("participants"):
        lang = "nl"
    shown = languages("participants")
    texts = {code: _form_texts(code) for code in shown}
    pdok = (pdok_url or base_url()).rstrip("/")
    parts = urllib.parse.urlsplit(pdok)
    pdok_origin = f"{parts.scheme}://{parts.netloc}"
    story_languages = [(code, name) for code, name in LANGUAGE_NAMES.items() if code != "nl"]
    return _TEMPLATES.get_template("form.html").render(
        lang=lang,
        dir=direction(lang),
        text=texts[lang],
        texts=texts,
        page_languages=[(code, LANGUAGE_NAMES.get(code, code)) for code in shown],
        directions={code: direction(code) for code in LANGUAGE_NAMES},
        kinds=KINDS,
        languages=story_languages,
        streets=streets,
        max_photo_bytes=MAX_PHOTO_BYTES,
        privacy=privacy,
        pdok_url=pdok,
        pdok_origin=pdok_origin,
        dutch_name=LANGUAGE_NAMES["nl"],
    )


def write_form(
    network: str | os.PathLike[str],
    folder: str | os.PathLike[str],
    *,
    privacy: Privacy,
    pdok_url: str | None = None,
) -> Path:
    """Write the form for the district of ``network`` as ``folder / stop-aanmelden.html``.

    Parameters
    ----------
    network
        A map file with the district's streets, as for ``safari plan --network``.
    folder
        Where the page goes; created when missing. Written atomically.
    privacy
        Who receives the details, their contact, and how many days they are kept.
    pdok_url
        The Locatieserver for the address field (see :func:`form_html`).
    """
    from safari.basemap import is_osm_file
    from safari.network import walking_network

    streets = streets_of(network if is_osm_file(network) else walking_network(network))
    if not streets["lines"]:
        raise SafariError(t("form.no_streets", file=os.fsdecode(network)))
    target = Path(folder) / FORM_FILE
    page = form_html(streets, privacy=privacy, pdok_url=pdok_url)
    return atomic_write(target, page.encode("utf-8"))
