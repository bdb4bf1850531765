"""The participant's phone map: one self-contained HTML page, drawn without any request.

The page is our own template (``templates/participant.html``) with Leaflet, our
JavaScript (``basemap.js``, ``participant.js``), our CSS and the basemap inlined, and ONE
JSON data block (``<script type="application/json" id="safari-data">``) that the script
reads: stops, route, arrows, schedule, basemap, tiles and the page's texts per language.
The organiser's overview stays folium-based (:mod:`safari.overview`).

Safety: stop texts were sanitised when they were read (:mod:`safari.stops`), so they are
placed in the page as HTML, only in the HTML of the stop list (never inside JavaScript).
Data for the script goes into the JSON block through Jinja's ``tojson`` (which escapes
``<``, ``>``, ``&`` and ``'``) and reaches the page through ``textContent`` and attributes.
Nothing from a stops file is ever compiled as a template. Only the public fields of a
stop are read (`public_stops`): contact fields never reach a map. Links (photo, audio,
website) are shown only when they are ``https://``.

A stop of the participants' audience may come as an *area* (column ``area_m``, a radius
in metres, given by :mod:`safari.audience` for a host who did not consent): the page
draws a translucent circle of that radius with the stop's number, and gives no exact
coordinates and no "Navigeer hierheen" link for it.
"""

from __future__ import annotations

import html
import logging
import math
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import jinja2
import pandas as pd
from markupsafe import Markup

from safari._atomic import atomic_write
from safari._errors import SafariError
from safari._geometry import COORD_DECIMALS, arrows, route_line
from safari.assets import page_assets
from safari.audience import audience_of, ensure
from safari.basemap import Basemap, read_basemap
from safari.cbs import describe
from safari.i18n import language, language_name, languages, raw, t, use_language
from safari.reflections import reflect_key, reflections_page
from safari.sanitise import as_plain, tel_link

if TYPE_CHECKING:
    import os
    from datetime import datetime

    from shapely.geometry import LineString

    from safari.basemap import BasemapSource
    from safari.plan import Group, Plan

__all__ = [
    "BASEMAPS",
    "GROUP_COLOURS",
    "SERVICE_WORKER",
    "TILES",
    "map_html",
    "public_stops",
    "render_map",
    "route_line",
    "write_service_worker",
]

log = logging.getLogger(__name__)

TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("safari", "templates"),
    autoescape=jinja2.select_autoescape(["html"]),
    keep_trailing_newline=False,
)
TEMPLATES.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}

#: The service worker's file name, next to the pages (registered only over http(s)).
SERVICE_WORKER = "sw.js"

#: One colour per group; white text on each has a contrast of at least 4.5:1, and each
#: has at least 3:1 against every colour of the drawn basemap (``basemap.COLOURS``).
GROUP_COLOURS = (
    "#7a1f5c",
    "#1f4e99",
    "#2d6a2e",
    "#8c3b00",
    "#5a3a99",
    "#a11d33",
    "#00606b",
    "#555555",
)

_STORY_COLUMN = re.compile(r"^verhaal_([a-z]{2,3})$")

_RTL = {"ar", "fa", "he", "ur", "ps", "ku", "yi", "ckb", "prs", "dv", "sd", "ug"}

#: Languages the page's own texts exist in: every catalogue of the participants' domain
#: (safari/locale; Dutch, English, Arabic, Turkish), right to left where the script is.
UI_LANGUAGES = languages("participants")


_FIRST_PRINTABLE = 0x20  # below: control characters


@dataclass(frozen=True)
class TileServer:
    """A tile server, an opt-in layer over the drawn basemap."""

    url: str
    max_zoom: int
    attribution: str
    credit_key: str
    host: str


TILES: dict[str, TileServer] = {
    "osm": TileServer(
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        19,
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
        "map.attribution_osm",
        "tile.openstreetmap.org",
    ),
    "pdok": TileServer(
        "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png",
        19,
        'Kaartgegevens &copy; <a href="https://www.kadaster.nl">Kadaster</a>',
        "map.attribution_pdok",
        "service.pdok.nl",
    ),
}
#: The old name of `TILES`.
BASEMAPS = TILES

#: The texts of the page, per language, in the JSON data block (keys without ``map.``).
_UI_KEYS = (
    "skip", "intro", "lang_label", "prev", "next", "close", "navigate", "photo", "audio",
    "website", "map_label", "list_title", "when", "walk", "marker_label", "back_at",
    "locate", "locate_error", "you_are_here", "zoom_in", "zoom_out", "now_at", "now_next",
    "now_done", "now_show", "now_before_day", "now_today", "now_walking", "now_back",
    "directions", "to_next", "tiles_note", "attribution_osm", "attribution_pdok",
    "attribution_drawn", "wheelchair.yes", "wheelchair.limited", "wheelchair.no", "title",
    "call",
)  # fmt: skip
#: Texts of issue 15 (and the group's name) on the page, per language too (catalogue keys).
_CONTACT_KEYS = (
    "contact.preparation_title", "contact.prompts_title", "cbs.title", "cbs.source",
    "reflect.stop_prompt", "reflect.stop_label", "reflect.title", "reflect.intro",
    "reflect.end_label", "reflect.name_label", "reflect.open", "reflect.save", "reflect.share",
    "reflect.fallback_label", "reflect.js.count", "reflect.js.none", "reflect.js.nothing",
    "reflect.js.saved", "reflect.js.copy", "reflect.js.share_title", "plan.group_name",
)  # fmt: skip


# --- public functions ------------------------------------------------------------------------


def render_map(
    plan: Plan,
    path: str | os.PathLike[str],
    *,
    group: int = 0,
    title: str | None = None,
    note: str | None = None,
    basemap: Basemap | BasemapSource | None = None,
    tiles: str | None = None,
    banner: str | None = None,
    noindex: bool = False,
    offline: bool | None = None,  # noqa: ARG001  old option, kept so callers do not break
    intro: dict[str, Any] | None = None,
) -> Path:
    """Write the participant's map of one group as one self-contained HTML page.

    The service worker (`SERVICE_WORKER`) is written next to it, so that the page, once
    opened from a web server, reloads without a network.

    Parameters
    ----------
    plan
        The planned safari, already filtered for its audience (:mod:`safari.audience`).
    path
        Where to write the page (``.html``). Its folder is created.
    group
        Index of the group in ``plan.groups``.
    title
        Heading of the page; default the plan's title or "Wijksafari".
    note
        A line under the heading (plain text), e.g. that the stops are an example.
    basemap
        The drawn basemap: a :class:`~safari.basemap.Basemap`, or what
        :func:`~safari.basemap.read_basemap` reads (an OSM file, a saved graph, a walking
        network); clipped around the group's stops and route. None: no drawn basemap.
    tiles
        ``"osm"`` or ``"pdok"``: map images from that server as a layer over the drawn
        basemap (the page then makes requests, and says so). Default: none.
    banner
        A visible line at the top, e.g. "Niet openbaar" for the leaders' pages.
    noindex
        Ask search engines not to index the page (``<meta name="robots">``).
    offline
        Ignored (every page is self-contained now); kept for old callers.
    intro
        The group's preparation and the neighbourhood in figures, on the first screen
        (:func:`safari.cbs.page_intro`; issue 15).

    Returns
    -------
    Path
        The written file.
    """
    page = map_html(
        plan,
        group=group,
        title=title,
        note=note,
        basemap=basemap,
        tiles=tiles,
        banner=banner,
        noindex=noindex,
        intro=intro,
    )
    written = atomic_write(path, page.encode("utf-8"))
    write_service_worker(written.parent)
    return written


def write_service_worker(folder: str | os.PathLike[str]) -> Path:
    """Write `SERVICE_WORKER` into ``folder`` (the pages register it over http(s) only)."""
    return atomic_write(Path(folder) / SERVICE_WORKER, _raw(SERVICE_WORKER).encode("utf-8"))


def map_html(
    plan: Plan,
    *,
    group: int = 0,
    title: str | None = None,
    note: str | None = None,
    basemap: Basemap | BasemapSource | None = None,
    tiles: str | None = None,
    banner: str | None = None,
    noindex: bool = False,
    offline: bool | None = None,  # noqa: ARG001  old option, kept so callers do not break
    intro: dict[str, Any] | None = None,
) -> str:
    """The participant's page for one group, as an HTML string (see :func:`render_map`)."""
    if isinstance(basemap, str) and basemap.lower() in TILES and tiles is None:
        basemap, tiles = None, basemap  # the old meaning of ``basemap="osm"``
    server = _tiles(tiles) if tiles else None
    plan = ensure(plan, "participant")
    given = banner
    banner, noindex = private_page(plan, banner, noindex=noindex)
    # safari's own "not public" banner follows the language switch (only on private pages)
    banner_is_ours = not given and banner is not None
    chosen = _group(plan, group)
    stops = stop_table(plan)
    colour = GROUP_COLOURS[group % len(GROUP_COLOURS)]
    items = _items(chosen, stops, target="stop-{number}")
    shown = [i for i in items if not i["is_return"]]
    route = route_line(chosen)
    drawn = _drawn_basemap(basemap, shown, route)
    lang = language()
    languages = _languages(shown)
    closing = next((i for i in items if i["is_return"]), None)
    credit_key = server.credit_key if server else "map.attribution_drawn"
    reflections = reflections_page(plan, chosen, title=title)  # issue 15
    data = {
        "lang": lang,
        "rtl": sorted(_RTL),
        "day": plan.day.isoformat() if plan.day is not None else None,
        "step_free": bool(getattr(plan, "step_free", False)),  # issue 11: shown by the page
        "end": _minutes(closing["arrive"]) if closing else None,
        "end_at": closing["arrive"].strftime("%H:%M") if closing else None,
        "colour": colour,
        "stops": [_stop_data(i) for i in shown],
        "route": [[lat, lon] for lon, lat in route.coords] if route is not None else [],
        "arrows": arrows(route, [(i["lon"], i["lat"]) for i in shown]),
        "basemap": drawn.to_page() if drawn is not None else None,
        "tiles": (
            {"url": server.url, "maxZoom": server.max_zoom, "attribution": server.attribution}
            if server
            else None
        ),
        "credit": {"basemap": t("map.credit_basemap")},
        "ui": {
            code: _ui_texts(code)
            | _intro_texts(intro, code)
            | ({"private_banner": _text_in("map.private_banner", code)} if banner_is_ours else {})
            for code in UI_LANGUAGES
        },
    }
    page = {
        "lang": lang,
        "dir": "rtl" if lang in _RTL else "ltr",
        "title": title or getattr(plan, "title", None) or t("map.title"),
        "title_is_ours": not (title or getattr(plan, "title", None)),  # then it switches too
        "group_name": chosen.name if len(plan.groups) > 1 else None,
        # safari's own name for the group ("Groep 2") follows the language switch too
        "group_values": {"number": group + 1}
        if chosen.name == t("plan.group_name", number=group + 1)
        else None,
        "note": note,
        "colour": colour,
        "banner": banner,
        "banner_is_ours": banner_is_ours,
        "noindex": noindex,
        "languages": _switch_languages(languages),
        "stops": shown,
        "closing": closing["closing_plain"] if closing else None,
        "closing_values": closing["closing_values"] if closing else None,
        "credit": Markup(t(credit_key)),  # noqa: S704  our catalogue's credit link
        "credit_key": credit_key.removeprefix("map."),
        "tiles_note": t("map.tiles_note", host=server.host) if server else None,
        "tiles_values": {"host": server.host} if server else None,
        "texts": {key: _text_in(f"map.{key}", lang) for key in _UI_KEYS if "." not in key}
        | {"no_js": t("map.no_js"), "prompts": t("contact.prompts_title")},
        "contact": intro and {**intro, "switch": True},  # issue 15: on the first screen
        "reflections": reflections,  # issue 15: the reflection boxes
    }
    return TEMPLATES.get_template("participant.html").render(
        page=page,
        data=data,
        assets=page_assets(offline=True),
        css=_raw_markup("safari.css"),
        basemap_js=_raw_markup("basemap.js"),
        page_js=_raw_markup("participant.js"),
        reflections_js=_raw_markup("reflections.js"),  # issue 15
    )


def public_stops(plan: Plan, *, participants: bool = True) -> pd.DataFrame:
    """The stops of a view, indexed by id, with ``lat`` and ``lon`` (and ``area_m``).

    What each audience may see is decided by :func:`safari.audience.view` alone: a plan
    that is not a view yet gets the participant's view (``participants=False``: the
    organisation's).
    """
    plan = ensure(plan, "participant" if participants else "organisation")
    return stop_table(plan)


def stop_table(plan: Plan) -> pd.DataFrame:
    """The stops of a view (:func:`safari.audience.view`) indexed by id, as writers read them."""
    stops = pd.DataFrame(plan.stops).copy()
    stops["id"] = stops["id"].astype(str)
    return stops.set_index("id", drop=False)


def private_page(plan: Plan, banner: str | None, *, noindex: bool) -> tuple[str | None, bool]:
    """A page for an audience other than participants is "Niet openbaar" and ``noindex``."""
    if audience_of(plan) in (None, "participant"):
        return banner, noindex
    return banner or t("map.private_banner"), True


# --- data for the page -----------------------------------------------------------------------


def _drawn_basemap(
    source: object, shown: list[dict[str, Any]], route: LineString | None
) -> Basemap | None:
    if source is None or isinstance(source, Basemap):
        return source
    points = [(i["lon"], i["lat"]) for i in shown]
    if route is not None:
        points += [(float(x), float(y)) for x, y in route.coords]
    return read_basemap(source, around=points)


def _stop_data(item: dict[str, Any]) -> dict[str, Any]:
    """What the script needs of a stop: number, place, plain labels, times."""
    out = {
        "n": item["number"],
        "lat": round(item["lat"], COORD_DECIMALS),
        "lon": round(item["lon"], COORD_DECIMALS),
        "label": item["label"],
        "name": item["plain_name"],
        "target": item["target"],
        "arrive": _minutes(item["arrive"]),
        "depart": _minutes(item["depart"]),
        "at": item["arrive"].strftime("%H:%M"),
        "until": item["depart"].strftime("%H:%M"),
        "wait": item.get("wait_minutes", 0),  # minutes waited before the visit (issue 11)
    }
    if item["area"]:
        out["area"] = item["area"]
    return out


def _ui_texts(code: str) -> dict[str, str]:
    """The page's texts in one language, ``{placeholders}`` left in for the script."""
    return {key: _text_in(f"map.{key}", code) for key in _UI_KEYS} | {
        key: _text_in(key, code) for key in _CONTACT_KEYS
    }


def _intro_texts(intro: dict[str, Any] | None, code: str) -> dict[str, str]:
    """The neighbourhood's figures in one language (issue 15): ``cbs.area.CODE``."""
    out = {}
    for area in (intro or {}).get("figures") or []:
        if area.get("figures") is not None:
            with use_language(code):
                out[f"cbs.area.{area['code']}"] = " ".join(describe(area["figures"]))
    return out


def _text_in(key: str, code: str) -> str:
    return raw(key, code)  # from the catalogue; placeholders isolated in right-to-left text


def _switch_languages(story_languages: list[dict[str, str]]) -> list[dict[str, str]]:
    """The languages of the switch: the page's own languages and those of the stories."""
    seen = {code: {"code": code, "label": language_name(code)} for code in UI_LANGUAGES}
    for entry in story_languages:
        seen.setdefault(entry["code"], entry)
    return list(seen.values())


def _tiles(name: str) -> TileServer:
    key = str(name).lower()
    if key not in TILES:
        raise SafariError(t("map.unknown_basemap", value=name, choices=" of ".join(TILES)))
    return TILES[key]


def _group(plan: Plan, index: int) -> Group:
    if not 0 <= index < len(plan.groups):
        msg = f"group {index} does not exist; the plan has {len(plan.groups)} group(s)"
        raise ValueError(msg)
    return plan.groups[index]


def _items(group: Group, stops: pd.DataFrame, *, target: str) -> list[dict[str, Any]]:
    """One entry per visit: public texts for the marker, sheet and list."""
    items = []
    legs_to = {pos + 1: leg for pos, leg in enumerate(group.legs)}
    last = len(group.visits) - 1
    is_round = group.is_round_trip
    for pos, visit in enumerate(group.visits):
        stop = stops.loc[str(visit.stop_id)]
        name = _text(stop.get("naam"))
        if bool(stop.get("besloten", False)) and _area(stop.get("area_m")) is None:
            # a leader's or the organiser's page: the host gave no consent
            name = f"{name} ({html.escape(t('privacy.no_consent_mark'))})"
        plain_name = as_plain(name)
        arrive = visit.arrive.strftime("%H:%M")
        leg = legs_to.get(pos)
        walk = t("map.walk", minutes=round(leg.minutes), meters=round(leg.meters)) if leg else ""
        lat, lon = float(stop["lat"]), float(stop["lon"])
        photo = _https(stop.get("foto"))
        area = _area(stop.get("area_m"))
        if leg is not None and (area or _area(stops.loc[str(leg.from_id)].get("area_m"))):
            walk = ""  # a walk into or out of an area: its length would tell where it is
        depart = visit.depart.strftime("%H:%M")
        wheelchair = _text(stop.get("rolstoel"))
        phone = as_plain(_text(stop.get("telefoon"))).strip()
        items.append(
            {
                "number": visit.number,
                "target": target.format(number=visit.number),
                "name": name,
                "plain_name": plain_name,
                "kind": _text(stop.get("soort")),
                "when": t("map.when", arrive=arrive, depart=visit.depart.strftime("%H:%M")),
                "arrive": visit.arrive,
                "depart": visit.depart,
                "walk": walk,
                "walk_minutes": round(leg.minutes) if leg else None,
                "wait_minutes": getattr(visit, "wait_minutes", 0),
                "stories": _stories(stop),
                "prompts": _text(stop.get("gespreksvragen")),  # issue 15 (sanitised as a story)
                "reflect_key": reflect_key(str(visit.stop_id)),  # issue 15: says no name
                "photo": photo,
                "photo_alt": t("map.photo_alt", name=plain_name),
                "audio": _https(stop.get("audio")),
                "website": _https(stop.get("website")),
                "wheelchair": _wheelchair(stop.get("rolstoel")),
                "wheelchair_key": f"wheelchair.{wheelchair}",
                "nav": None if area else _navigate_url(lat, lon),
                # whom to call there: only a leader's view (safari.audience) holds these
                "host": as_plain(_text(stop.get("contactpersoon"))).strip(),
                "host_phone": phone,
                "host_tel": tel_link(phone),
                "area": area,
                "when_values": {"arrive": arrive, "depart": depart},
                "walk_values": (
                    {"minutes": round(leg.minutes), "meters": round(leg.meters)} if leg else None
                ),
                "closing_plain": t("map.back_at", name=plain_name, time=arrive, walk=walk),
                "closing_values": {"name": plain_name, "time": arrive, "walk": walk},
                "label": t("map.marker_label", number=visit.number, name=plain_name, time=arrive),
                "lat": lat,
                "lon": lon,
                "is_return": is_round and pos == last,
                "closing": t("map.back_at", name=name, time=arrive, walk=walk),
            }
        )
    return items


def _stories(stop: pd.Series) -> list[dict[str, str]]:
    """The story in Dutch first, then each ``verhaal_xx`` that is filled in."""
    out = []
    dutch = _text(stop.get("verhaal"))
    if dutch:
        out.append({"lang": "nl", "dir": "ltr", "label": language_name("nl"), "html": dutch})
    for column, value in stop.items():
        found = _STORY_COLUMN.match(str(column))
        story = _text(value)
        if not found or not story:
            continue
        lang = found.group(1)
        out.append(
            {
                "lang": lang,
                "dir": "rtl" if lang in _RTL else "ltr",
                "label": language_name(lang),
                "html": _photos_on_request(story),
            }
        )
    if out and out[0]["lang"] == "nl":
        out[0]["html"] = _photos_on_request(out[0]["html"])
    return out


_IMG = re.compile(r"<img\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def _photos_on_request(story: str) -> str:
    """Story images become links that load the photo only when tapped (no request before).

    The story is nh3 output: attributes are double-quoted and escaped.
    """

    def link(match: re.Match[str]) -> str:
        attrs = dict(_ATTR.findall(match.group(1)))
        url = _https(attrs.get("src", ""))
        if url is None:
            return ""
        alt = attrs.get("alt", "")
        label = html.escape(t("map.photo"))
        return (
            f'<a class="photo-link" data-photo data-alt="{alt}" href="{html.escape(url)}">'
            f"{label}{': ' + alt if alt else ''}</a>"
        )

    return _IMG.sub(link, story)


def _languages(items: list[dict[str, Any]]) -> list[dict[str, str]]:
    seen: dict[str, dict[str, str]] = {"nl": {"code": "nl", "label": language_name("nl")}}
    for item in items:
        for story in item["stories"]:
            seen.setdefault(story["lang"], {"code": story["lang"], "label": story["label"]})
    return list(seen.values())


def _https(value: object) -> str | None:
    """The link as plain text if it is a well-formed ``https://`` address; else None."""
    text = as_plain(_text(value)).strip()
    if not text:
        return None
    if any(ch.isspace() or ord(ch) < _FIRST_PRINTABLE or ch in '"<>\\`' for ch in text):
        log.info("link not shown on the map (spaces or quotes): %r", text)
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() != "https" or not parts.hostname:
        log.info("link not shown on the map (only https:// links are): %r", text)
        return None
    return text


def _navigate_url(lat: float, lon: float) -> str:
    """Walking directions in the phone's map app (Google Maps' cross-platform URL)."""
    return (
        "https://www.google.com/maps/dir/?api=1"
        f"&destination={lat:.6f}%2C{lon:.6f}&travelmode=walking"
    )


def _raw(name: str) -> str:
    """A template file's text as it is (our own CSS and JavaScript, not Jinja)."""
    source = (resources.files("safari") / "templates" / name).read_text(encoding="utf-8")
    return source.replace("</", "<\\/") if name.endswith(".js") else source


def _raw_markup(name: str) -> Markup:
    """A template file (`_raw`) to put into the page as it is."""
    return Markup(_raw(name))  # noqa: S704  our own file from safari/templates, not user text


def _area(value: object) -> float | None:
    """The radius of a stop shown as an area (``area_m``), or None for a normal stop."""
    try:
        radius = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return round(radius) if math.isfinite(radius) and radius > 0 else None


def _wheelchair(value: object) -> str:
    key = _text(value)
    return t(f"map.wheelchair.{key}") if key in {"yes", "limited", "no"} else ""


def _minutes(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)
