"""Folium maps for people: the participant's phone map and the organiser's overview.

Both are one HTML page built on a folium ``Map``; the page around the map, our
JavaScript and CSS live in ``safari/templates/``. Leaflet is the only third-party
code (see :mod:`safari.assets`): folium's default jQuery, Bootstrap, Font Awesome and
awesome-markers are not loaded.

Safety: stop texts were sanitised when they were read (:mod:`safari.stops`), so they
are placed in the page as HTML, and only in the HTML page (never inside JavaScript).
Data for the script (coordinates, numbers, plain-text labels) goes into it as JSON
(``tojson``) and reaches the page through ``textContent`` and attributes. Only the
public fields of a stop are read (`public_stops`): contact fields never reach a map.
Links (photo, audio, website) are shown only when they are ``https://``.
"""

from __future__ import annotations

import html
import logging
import os
import re
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import folium
import jinja2
import pandas as pd
from branca.element import Element, Figure, MacroElement
from folium.map import Layer
from markupsafe import Markup
from shapely.geometry import LineString

from safari._atomic import atomic_write
from safari._errors import SafariError
from safari._geometry import COORD_DECIMALS, arrows, route_line
from safari.assets import page_assets
from safari.i18n import TEXTS, language_name, t
from safari.plan import Group, Plan
from safari.reflections import reflect_key, reflections_page
from safari.settings import language
from safari.stops import as_plain, is_public_column

__all__ = [
    "BASEMAPS",
    "GROUP_COLOURS",
    "map_html",
    "overview_html",
    "public_stops",
    "render_map",
    "render_overview",
]

log = logging.getLogger(__name__)

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("safari", "templates"),
    autoescape=jinja2.select_autoescape(["html"]),
    keep_trailing_newline=False,
)
_TEMPLATES.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}

#: One colour per group; white text on each has a contrast of at least 4.5:1.
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

#: The stop fields a public map, GPX or handout may show. Everything else (contact
#: person, phone, e-mail, submitted by, unknown columns) is never read.
_STORY_COLUMN = re.compile(r"^verhaal_([a-z]{2,3})$")

_RTL = {"ar", "fa", "he", "ur", "ps", "ku", "yi", "ckb", "prs", "dv", "sd", "ug"}


@dataclass(frozen=True)
class Basemap:
    """A tile server for the background map."""

    url: str
    max_zoom: int
    attribution: str
    credit_key: str


BASEMAPS: dict[str, Basemap] = {
    "osm": Basemap(
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        19,
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
        "map.attribution_osm",
    ),
    "pdok": Basemap(
        "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png",
        19,
        'Kaartgegevens &copy; <a href="https://www.kadaster.nl">Kadaster</a>',
        "map.attribution_pdok",
    ),
}


# --- public functions ------------------------------------------------------------------------


def render_map(
    plan: Plan,
    path: str | os.PathLike[str],
    *,
    group: int = 0,
    title: str | None = None,
    note: str | None = None,
    offline: bool = False,
    basemap: str = "osm",
    intro: dict[str, Any] | None = None,
) -> Path:
    """Write the participant's map of one group as one HTML page.

    Parameters
    ----------
    plan
        The planned safari.
    path
        Where to write the page (``.html``). Its folder is created.
    group
        Index of the group in ``plan.groups``.
    title
        Heading of the page; default the plan's title or "Wijksafari".
    note
        A line under the heading (plain text), e.g. that the stops are an example.
    offline
        Inline Leaflet's JavaScript and CSS (one self-contained file); otherwise they
        load from one pinned CDN with Subresource Integrity.
    basemap
        ``"osm"`` (OpenStreetMap) or ``"pdok"`` (BRT-Achtergrondkaart).
    intro
        The group's preparation and the neighbourhood in figures, shown on the first
        screen (:func:`safari.cbs.page_intro`).

    Returns
    -------
    Path
        The written file.
    """
    page = map_html(
        plan, group=group, title=title, note=note, offline=offline, basemap=basemap, intro=intro
    )
    return atomic_write(path, page.encode("utf-8"))


def render_overview(
    plan: Plan,
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    offline: bool = False,
    basemap: str = "osm",
) -> Path:
    """Write the organiser's overview: every group on one map, the schedule, the warnings.

    Parameters are as for :func:`render_map`.
    """
    page = overview_html(plan, title=title, offline=offline, basemap=basemap)
    return atomic_write(path, page.encode("utf-8"))


def map_html(
    plan: Plan,
    *,
    group: int = 0,
    title: str | None = None,
    note: str | None = None,
    offline: bool = False,
    basemap: str = "osm",
    intro: dict[str, Any] | None = None,
) -> str:
    """The participant's page for one group, as an HTML string."""
    tiles = _basemap(basemap)
    chosen = _group(plan, group)
    stops = public_stops(plan)
    colour = GROUP_COLOURS[group % len(GROUP_COLOURS)]
    items = _items(chosen, stops, target="stop-{number}")
    shown = [i for i in items if not i["is_return"]]

    fmap = _map(plan, tiles)
    route = route_line(chosen)
    if route is not None:
        _route(route, colour).add_to(fmap)
    _GroupLayer(fmap, _group_data(chosen, shown, route, colour, offset=0)).add_to(fmap)
    _Start(_page_options(shown, plan, participant=True)).add_to(fmap)
    _fit(fmap, shown, route)

    languages = _languages(shown)
    page = {
        "title": title or getattr(plan, "title", None) or t("map.title"),
        "group_name": chosen.name if len(plan.groups) > 1 else None,
        "intro": t("map.intro"),
        "note": note,
        "colour": colour,
        "languages": languages if len(languages) > 1 else [],
        "stops": shown,
        "closing": next((i["closing"] for i in items if i["is_return"]), None),
        "credit": Markup(t(tiles.credit_key)),
        "texts": _page_texts(),
        "contact": intro,  # issue 15: preparation and figures on the first screen
        "reflections": reflections_page(plan, chosen, title=title),  # issue 15
    }
    return _render_page("participant.html", fmap, page, offline=offline)


def overview_html(
    plan: Plan, *, title: str | None = None, offline: bool = False, basemap: str = "osm"
) -> str:
    """The organiser's overview page, as an HTML string."""
    tiles = _basemap(basemap)
    stops = public_stops(plan, participants=False)
    fmap = _map(plan, tiles)
    groups = []
    everything: list[dict[str, Any]] = []
    routes: list[LineString] = []
    count = len(plan.groups)
    for index, group in enumerate(plan.groups):
        colour = GROUP_COLOURS[index % len(GROUP_COLOURS)]
        items = _items(group, stops, target=f"g{index + 1}-stop-{{number}}")
        shown = [i for i in items if not i["is_return"]]
        # Layer names go into the layer control as HTML: escape the (plain) group name.
        layer = folium.FeatureGroup(name=_layer_label(group.name, colour), overlay=True)
        layer.add_to(fmap)
        route = route_line(group)
        if route is not None:
            _route(route, colour).add_to(layer)
            routes.append(route)
        offset = round((index - (count - 1) / 2) * 22)
        _GroupLayer(fmap, _group_data(group, shown, route, colour, offset=offset)).add_to(layer)
        everything += shown
        groups.append(
            {
                "number": index + 1,
                "name": group.name,
                "colour": colour,
                "stops": shown,
                "closing": next((i["closing"] for i in items if i["is_return"]), None),
                "summary": _summary(group),
            }
        )
    if count > 1:
        _LayerControl(position="topright", collapsed=False).add_to(fmap)
    _Start(_page_options([], plan, participant=False)).add_to(fmap)
    _fit(fmap, everything, *routes)

    page = {
        "title": title or getattr(plan, "title", None) or t("map.title"),
        "heading": t("map.overview_title"),
        "intro": t("map.overview_intro"),
        "groups": groups,
        "per_stop": _per_stop(plan, stops),
        "warnings": [str(w) for w in plan.warnings],
        # stops left out, unless a warning already says so
        "dropped": [
            (_plain_name(stops, stop_id), str(reason))
            for stop_id, reason in getattr(plan, "dropped", [])
            if not any(str(reason) in str(w) for w in plan.warnings)
        ],
        "credit": Markup(t(tiles.credit_key)),
        "texts": _page_texts(),
    }
    return _render_page("overview.html", fmap, page, offline=offline)


def public_stops(plan: Plan, *, participants: bool = True) -> pd.DataFrame:
    """The public fields of the plan's stops, indexed by id, with ``lat`` and ``lon``.

    The columns come from one whitelist (`safari.stops.is_public_column`): contact
    fields and who submitted a stop are never copied. For participants' outputs (maps,
    GPX, handout) a stop whose host did not consent to publication (``toestemming``
    false) keeps its place and time but shows no name, kind, story or links; the
    organiser's overview (``participants=False``) shows it in full.
    """
    frame = plan.stops
    columns = [c for c in frame.columns if isinstance(c, str) and is_public_column(c)]
    columns = [c for c in columns if c != "geometry"]
    public = pd.DataFrame(frame[columns]).copy()
    public["lat"] = frame.geometry.y.to_numpy()
    public["lon"] = frame.geometry.x.to_numpy()
    public["id"] = public["id"].astype(str)
    if participants and "toestemming" in frame.columns:
        private = ~frame["toestemming"].fillna(False).astype(bool).to_numpy()
        hidden = [
            c
            for c in columns
            if c not in ("id", "rolstoel") and pd.api.types.is_string_dtype(public[c])
        ]
        public.loc[private, hidden] = ""
        public.loc[private, "naam"] = t("map.private_stop")
    return public.set_index("id", drop=False)


# --- folium elements -------------------------------------------------------------------------


class _Map(folium.Map):
    """folium's Map without its CDN files, viewport and page styles: our page sets those."""

    default_js: list[tuple[str, str]] = []  # noqa: RUF012 (folium's own class attribute)
    default_css: list[tuple[str, str]] = []  # noqa: RUF012

    def __init__(self, location: tuple[float, float], max_zoom: int) -> None:
        super().__init__(location=location, tiles=None, zoom_start=15, zoom_control=False)
        self._template = _TEMPLATES.get_template("map.js")
        self.safari_options = {
            "center": [round(location[0], COORD_DECIMALS), round(location[1], COORD_DECIMALS)],
            "zoom": 15,
            "maxZoom": max_zoom,
            "zoomControl": False,
            "zoomSnap": 0.25,
        }


class _Text(Element):
    """Finished markup for the page, added as it is.

    branca's ``MacroElement.render`` wraps each rendered macro in ``Element(output)``,
    which compiles that output as a new Jinja template: text from a stops file
    (``{{ ... }}``) would then run on the organiser's computer. Our elements add
    ``_Text`` instead.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs: Any) -> str:
        return self._text


class _RawMacros(MacroElement):
    """A MacroElement whose rendered macros are never compiled again (see `_Text`)."""

    def render(self, **kwargs: Any) -> str:
        figure = self.get_root()
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = macros.get(part)
            if macro is not None:
                text = _Text(str(macro(self, kwargs)))
                getattr(figure, part).add_child(text, name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)
        return ""


class _LayerControl(folium.LayerControl):
    """folium's layer control; the layer names (group names) are never compiled."""

    def render(self, **kwargs: Any) -> str:
        self.reset()
        assert self._parent is not None, "add the layer control to a map first"
        for item in self._parent._children.values():
            if isinstance(item, Layer) and item.control:
                names = self.overlays if item.overlay else self.base_layers
                names[item.layer_name] = item.get_name()
        return _RawMacros.render(self, **kwargs)  # type: ignore[arg-type]


class _GroupLayer(_RawMacros):
    """One group's numbered stops and direction arrows (drawn by ``safari.js``)."""

    def __init__(self, fmap: folium.Map, data: dict[str, Any]) -> None:
        super().__init__()
        self._name = "SafariGroup"
        self._template = _TEMPLATES.get_template("group.js")
        self.map_name = fmap.get_name()
        self.data = data


class _Start(_RawMacros):
    """The page's controls: sheet, "waar ben ik", scale, zoom, now/next, language switch."""

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__()
        self._name = "SafariStart"
        self._template = _TEMPLATES.get_template("start.js")
        self.options = options


class _Page(Figure):
    """A branca Figure whose page template is ours (lang, viewport, stop list)."""

    def __init__(self, template: str, page: dict[str, Any], assets: dict[str, Markup]) -> None:
        super().__init__()
        self.header._children.pop("meta_http", None)  # our template sets the charset
        self._template = _TEMPLATES.get_template(template)
        self.page = page
        self.assets = assets

    def render(self, **kwargs: Any) -> str:
        for child in self._children.values():
            child.render(**kwargs)
        return self._template.render(
            this=self,
            page=self.page,
            assets=self.assets,
            css=Markup(_raw("safari.css")),
            library=Markup(_raw("safari.js")),
            reflections_js=Markup(_raw("reflections.js")),  # issue 15
            kwargs=kwargs,
        )


def _render_page(template: str, fmap: folium.Map, page: dict[str, Any], *, offline: bool) -> str:
    figure = _Page(template, page, page_assets(offline=offline))
    fmap.add_to(figure)
    return figure.render()


def _raw(name: str) -> str:
    """A template file's text as it is (our own CSS and JavaScript, not Jinja)."""
    source = (resources.files("safari") / "templates" / name).read_text(encoding="utf-8")
    return source.replace("</", "<\\/") if name.endswith(".js") else source


def _map(plan: Plan, tiles: Basemap) -> folium.Map:
    points = plan.stops.geometry
    centre = (float(points.y.mean()), float(points.x.mean()))
    fmap = _Map(centre, tiles.max_zoom)
    folium.TileLayer(
        tiles=tiles.url,
        attr=tiles.attribution,
        max_zoom=tiles.max_zoom,
        control=False,
        name="basemap",
    ).add_to(fmap)
    return fmap


def _route(route: LineString, colour: str) -> folium.PolyLine:
    return folium.PolyLine(
        [(lat, lon) for lon, lat in route.coords],
        color=colour,
        weight=5,
        opacity=0.85,
        interactive=False,
        class_name="route",
    )


def _fit(fmap: folium.Map, items: list[dict[str, Any]], *routes: LineString | None) -> None:
    lats = [item["lat"] for item in items]
    lons = [item["lon"] for item in items]
    for route in routes:
        if route is not None:
            lons += list(route.xy[0])
            lats += list(route.xy[1])
    if lats:
        fmap.fit_bounds(
            [(min(lats), min(lons)), (max(lats), max(lons))],
            padding_top_left=(24, 72),
            padding_bottom_right=(60, 24),
        )


# --- data for the page -----------------------------------------------------------------------


def _basemap(name: str) -> Basemap:
    key = str(name).lower()
    if key not in BASEMAPS:
        raise SafariError(t("map.unknown_basemap", value=name, choices=" of ".join(BASEMAPS)))
    return BASEMAPS[key]


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
    is_round = len(group.visits) > 1 and group.visits[0].stop_id == group.visits[-1].stop_id
    for pos, visit in enumerate(group.visits):
        stop = stops.loc[str(visit.stop_id)]
        name = _text(stop.get("naam"))
        plain_name = as_plain(name)
        arrive = visit.arrive.strftime("%H:%M")
        leg = legs_to.get(pos)
        walk = t("map.walk", minutes=round(leg.minutes), meters=round(leg.meters)) if leg else ""
        lat, lon = float(stop["lat"]), float(stop["lon"])
        photo = _https(stop.get("foto"))
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
                "stories": _stories(stop),
                "prompts": _text(stop.get("gespreksvragen")),  # issue 15 (sanitised as a story)
                "reflect_key": reflect_key(str(visit.stop_id)),  # issue 15: says no name
                "photo": photo,
                "photo_alt": t("map.photo_alt", name=plain_name),
                "audio": _https(stop.get("audio")),
                "website": _https(stop.get("website")),
                "wheelchair": _wheelchair(stop.get("rolstoel")),
                "nav": _navigate_url(lat, lon),
                "label": t("map.marker_label", number=visit.number, name=plain_name, time=arrive),
                "lat": lat,
                "lon": lon,
                "is_return": is_round and pos == last,
                "closing": t("map.back_at", name=name, time=arrive, walk=walk),
            }
        )
    return items


def _group_data(
    group: Group,
    shown: list[dict[str, Any]],
    route: LineString | None,
    colour: str,
    *,
    offset: int,
) -> dict[str, Any]:
    """What ``safari.addGroup`` needs: numbers, places, plain labels, arrows."""
    return {
        "name": group.name,
        "colour": colour,
        "offset": offset,
        "stops": [
            {
                "n": i["number"],
                "lat": round(i["lat"], COORD_DECIMALS),
                "lon": round(i["lon"], COORD_DECIMALS),
                "label": i["label"],
                "target": i["target"],
            }
            for i in shown
        ],
        "arrows": arrows(route, [(i["lon"], i["lat"]) for i in shown]),
    }


def _page_options(shown: list[dict[str, Any]], plan: Plan, *, participant: bool) -> dict[str, Any]:
    day = getattr(plan, "day", None)
    return {
        "participant": participant,
        "day": day.isoformat() if day is not None else None,
        "schedule": [
            {
                "n": i["number"],
                "name": i["plain_name"],
                "arrive": _minutes(i["arrive"]),
                "depart": _minutes(i["depart"]),
                "at": i["arrive"].strftime("%H:%M"),
                "until": i["depart"].strftime("%H:%M"),
            }
            for i in shown
        ],
        "texts": {
            key: _template_text(f"map.{key}")
            for key in (
                "locate",
                "locate_error",
                "zoom_in",
                "zoom_out",
                "now_before",
                "now_at",
                "now_next",
                "now_done",
                "now_show",
                "you_are_here",
            )
        },
    }


def _template_text(key: str) -> str:
    """A text with its ``{placeholders}`` left in, for the page's script to fill in."""
    dutch, english = TEXTS[key]
    return english if language() == "en" else dutch


def _page_texts() -> dict[str, str]:
    keys = ("skip", "lang_label", "prev", "next", "close", "navigate", "photo", "audio")
    texts = {key: t(f"map.{key}") for key in keys}
    texts.update(
        {
            "website": t("map.website"),
            "map_label": t("map.map_label"),
            "list_title": t("map.list_title"),
            "groups_title": t("map.groups_title"),
            "per_stop_title": t("map.per_stop_title"),
            "warnings_title": t("map.warnings_title"),
            "dropped_title": t("map.dropped_title"),
            "col_nr": t("map.col_nr"),
            "col_stop": t("map.col_stop"),
            "col_arrive": t("map.col_arrive"),
            "col_depart": t("map.col_depart"),
            "col_walk": t("map.col_walk"),
            "col_group": t("map.col_group"),
            "prompts": t("contact.prompts_title"),  # issue 15
        }
    )
    return texts


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


def _per_stop(plan: Plan, stops: pd.DataFrame) -> list[dict[str, Any]]:
    """For each stop: which group is there when (the organiser checks no two overlap)."""
    rows: dict[str, dict[str, Any]] = {}
    for index, group in enumerate(plan.groups):
        is_round = len(group.visits) > 1 and group.visits[0].stop_id == group.visits[-1].stop_id
        for pos, visit in enumerate(group.visits):
            if is_round and pos == len(group.visits) - 1:
                continue
            key = str(visit.stop_id)
            row = rows.setdefault(key, {"name": _text(stops.loc[key].get("naam")), "cells": {}})
            row["cells"][index] = t(
                "map.when",
                arrive=visit.arrive.strftime("%H:%M"),
                depart=visit.depart.strftime("%H:%M"),
            )
    return [
        {"name": row["name"], "cells": [row["cells"].get(i, "") for i in range(len(plan.groups))]}
        for row in rows.values()
    ]


def _summary(group: Group) -> str:
    visits = group.visits
    is_round = len(visits) > 1 and visits[0].stop_id == visits[-1].stop_id
    return t(
        "map.group_summary",
        count=len(visits) - (1 if is_round else 0),
        km=f"{group.total_meters / 1000:.1f}".replace(".", ","),
        start=visits[0].arrive.strftime("%H:%M") if visits else "",
        end=visits[-1].depart.strftime("%H:%M") if visits else "",
    )


def _layer_label(name: str, colour: str) -> str:
    """The layer control shows this as HTML: a colour swatch and the escaped group name."""
    return (
        f'<span class="swatch" style="background:{colour}" aria-hidden="true"></span> '
        f"{html.escape(str(name), quote=True)}"
    )


def _plain_name(stops: pd.DataFrame, stop_id: str) -> str:
    key = str(stop_id)
    if key in stops.index:
        return as_plain(_text(stops.loc[key].get("naam")))
    return key


def _https(value: object) -> str | None:
    """The link as plain text if it is a well-formed ``https://`` address; else None."""
    text = as_plain(_text(value)).strip()
    if not text:
        return None
    if any(ch.isspace() or ord(ch) < 32 or ch in '"<>\\`' for ch in text):
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


def _wheelchair(value: object) -> str:
    key = _text(value)
    return t(f"map.wheelchair.{key}") if key in {"yes", "limited", "no"} else ""


def _minutes(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)
