"""The organiser's overview (every group on one folium map) and ``Plan.to_folium()``.

folium serves the organiser: the overview page is a folium ``Map`` inside our own page
template (``templates/overview.html``), and :func:`to_folium` gives a plain folium map of
a plan that shows inline in a Jupyter notebook. The participant's page is not folium
(:mod:`safari.render`, see ``docs/architecture.md``).

Safety: branca's ``MacroElement.render`` compiles each rendered macro again as a Jinja
template, so text from a stops file (``{{ ... }}``) would run on the organiser's
computer. Every element that carries such text renders through `_RawMacros`, whose
output is never compiled again; names reach the script as JSON only.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.map import Layer
from markupsafe import Markup

from safari._atomic import atomic_write
from safari._geometry import COORD_DECIMALS, arrows, route_line
from safari.assets import page_assets
from safari.audience import ensure
from safari.i18n import TEXTS, t
from safari.render import (
    GROUP_COLOURS,
    TileServer,
    _items,
    _minutes,
    _raw_markup,
    _text,
    _tiles,
    private_page,
    public_stops,
)
from safari.render import (
    TEMPLATES as _TEMPLATES,
)
from safari.sanitise import as_plain
from safari.settings import language

if TYPE_CHECKING:
    import os
    from pathlib import Path

    import pandas as pd
    from shapely.geometry import LineString

    from safari.plan import Group, Plan

__all__ = ["overview_html", "render_overview", "to_folium"]


def render_overview(
    plan: Plan,
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    tiles: str | None = "osm",
    banner: str | None = None,
    noindex: bool = True,
    offline: bool | None = None,  # noqa: ARG001  old option, kept so callers do not break
    basemap: str | None = None,
) -> Path:
    """Write the organiser's overview: every group on one map, the schedule, the warnings.

    Parameters
    ----------
    plan
        The planned safari (the organisation's audience: every stop in full).
    path
        Where to write the page.
    title
        Heading; default the plan's title.
    tiles
        ``"osm"`` or ``"pdok"``: the background map images.
    banner
        A visible line at the top (the organisation folder passes "Niet openbaar").
    noindex
        Ask search engines not to index the page (default: yes, it is not public).
    offline, basemap
        Old names: ``basemap`` is ``tiles``; ``offline`` is ignored (Leaflet is inlined).
    """
    page = overview_html(plan, title=title, tiles=basemap or tiles, banner=banner, noindex=noindex)
    return atomic_write(path, page.encode("utf-8"))


def to_folium(plan: Plan, *, tiles: str = "osm") -> folium.Map:
    """A folium map of the plan: each group's route and numbered stops, for a notebook.

    A plain folium ``Map`` (folium's own page, with its CDN files), so that Jupyter shows
    it inline; stop names appear as tooltips, escaped and never compiled as templates.
    """
    server = _tiles(tiles)
    stops = public_stops(plan, participants=False)
    points = plan.stops.geometry
    fmap = folium.Map(
        location=(float(points.y.mean()), float(points.x.mean())),
        tiles=server.url,
        attr=server.attribution,
        max_zoom=server.max_zoom,
        zoom_start=15,
    )
    bounds: list[tuple[float, float]] = []
    for index, group in enumerate(plan.groups):
        colour = GROUP_COLOURS[index % len(GROUP_COLOURS)]
        layer = folium.FeatureGroup(name=html.escape(str(group.name))).add_to(fmap)
        route = route_line(group)
        if route is not None:
            line = [(lat, lon) for lon, lat in route.coords]
            folium.PolyLine(line, color=colour, weight=5, opacity=0.9).add_to(layer)
            bounds += line
        for item in _items(group, stops, target="{number}"):
            if item["is_return"]:
                continue
            marker = folium.CircleMarker(
                (item["lat"], item["lon"]),
                radius=11,
                color="#ffffff",
                weight=2,
                fill=True,
                fill_color=colour,
                fill_opacity=1,
            )
            _SafeTooltip(html.escape(item["label"])).add_to(marker)
            marker.add_to(layer)
            bounds.append((item["lat"], item["lon"]))
    if len(plan.groups) > 1:
        _LayerControl(collapsed=False).add_to(fmap)
    if bounds:
        lats, lons = zip(*bounds, strict=True)
        fmap.fit_bounds([(min(lats), min(lons)), (max(lats), max(lons))])
    return fmap


def overview_html(
    plan: Plan,
    *,
    title: str | None = None,
    tiles: str | None = "osm",
    banner: str | None = None,
    noindex: bool = True,
) -> str:
    """The organiser's overview page, as an HTML string (see :func:`render_overview`)."""
    server = _tiles(tiles or "osm")
    plan = ensure(plan, "organisation")
    banner, noindex = private_page(plan, banner, noindex=noindex)
    stops = public_stops(plan, participants=False)
    fmap = _map(plan, server)
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
        "credit": Markup(t(server.credit_key)),  # noqa: S704  our catalogue's credit link
        "texts": _page_texts(),
        "banner": banner,
        "noindex": noindex,
    }
    return _render_page("overview.html", fmap, page)


# --- folium elements -------------------------------------------------------------------------


class _Map(folium.Map):
    """folium's Map without its CDN files, viewport and page styles: our page sets those."""

    default_js: list[tuple[str, str]] = []  # noqa: RUF012  folium's own class attribute
    default_css: list[tuple[str, str]] = []  # noqa: RUF012  folium's own class attribute

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

    def render(self, **_kwargs: object) -> str:
        return self._text


class _RawMacros(MacroElement):
    """A MacroElement whose rendered macros are never compiled again (see `_Text`)."""

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca ships no type hints

    def render(self, **kwargs: object) -> str:
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

    def render(self, **kwargs: object) -> str:
        self.reset()
        if self._parent is None:
            msg = "add the layer control to a map first"
            raise RuntimeError(msg)
        for item in self._parent._children.values():  # noqa: SLF001  branca has no accessor
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
        self.header._children.pop("meta_http", None)  # noqa: SLF001  our template sets the charset
        self._template = _TEMPLATES.get_template(template)
        self.page = page
        self.assets = assets

    def render(self, **kwargs: object) -> str:
        for child in self._children.values():
            child.render(**kwargs)
        return str(
            self._template.render(
                this=self,
                page=self.page,
                assets=self.assets,
                css=_raw_markup("safari.css"),
                library=_raw_markup("safari.js"),
                kwargs=kwargs,
            )
        )


def _render_page(template: str, fmap: folium.Map, page: dict[str, Any]) -> str:
    figure = _Page(template, page, page_assets(offline=True))
    fmap.add_to(figure)
    return _stable_names(figure.render(), figure)


def _stable_names(html: str, root: Any) -> str:  # noqa: ANN401  a branca element tree
    """The page with branca's random element ids numbered in tree order instead.

    branca names every element ``<kind>_<32 random hex digits>``; numbering them keeps
    the same plan's overview the same file on every run.
    """
    ids: list[str] = []
    todo = [root]
    while todo:
        element = todo.pop(0)
        ids.append(element._id)  # noqa: SLF001  branca keeps the id only here
        todo.extend(element._children.values())  # noqa: SLF001  the element tree
    for number, old in enumerate(dict.fromkeys(ids)):
        html = html.replace(old, f"{number:032x}")
    return html


def _map(plan: Plan, tiles: TileServer) -> folium.Map:
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


class _SafeTooltip(folium.Tooltip):
    """folium's tooltip, rendered without compiling its text again (see the module)."""

    def render(self, **kwargs: object) -> str:
        return _RawMacros.render(self, **kwargs)  # type: ignore[arg-type]


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


# --- data for the page -------------------------------------------------------------------------


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
        }
    )
    return texts


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
