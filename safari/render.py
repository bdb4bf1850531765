"""Folium maps for people: the participant's phone map.

The page around the map comes from ``safari/templates/participant.html``; stop
texts were sanitised when they were read (``safari.stops``), so they are placed
as HTML here. Contact fields are never read.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

import folium
import jinja2
import numpy as np
import pandas as pd
import shapely
from branca.element import Figure, MacroElement
from folium.plugins import LocateControl
from pyproj import Transformer
from shapely.geometry import LineString

from safari.i18n import language_name, t
from safari.routing import local_metric_crs
from safari.stops import as_plain
from safari.tour import Group, Plan

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("safari", "templates"),
    autoescape=jinja2.select_autoescape(["html"]),
    keep_trailing_newline=False,
)

#: Simplify the drawn route to about this many metres (invisible on a phone, much smaller file).
ROUTE_TOLERANCE_M = 1.0

ROUTE_COLOUR = "#7a1f5c"

# Folium's Map writes a viewport that forbids zooming (WCAG 1.4.4); our page sets its own.
_FOLIUM_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*user-scalable=no[^>]*>\s*')

_RTL = {"ar", "fa", "he", "ur", "ps", "ku", "yi"}


def render_map(
    plan: Plan, path: str | os.PathLike[str], *, title: str | None = None, note: str | None = None
) -> Path:
    """Write the participant's map of the plan's first group as one HTML page.

    Parameters
    ----------
    plan
        The planned safari.
    path
        Where to write the page (``.html``). Its folder is created.
    title
        Heading of the page; default "Wijksafari".
    note
        A line under the heading (plain text), e.g. that the stops are an example.

    Returns
    -------
    Path
        The written file.
    """
    html = map_html(plan, title=title, note=note)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".html", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(html)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a map is meant to be shared
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def map_html(plan: Plan, *, title: str | None = None, note: str | None = None) -> str:
    """The participant's page for the plan's first group, as an HTML string."""
    group = plan.groups[0]
    stops = plan.stops.set_index("id", drop=False)
    items = _list_items(group, stops)

    fmap = folium.Map(
        location=_centre(group, stops),
        zoom_start=15,
        tiles="OpenStreetMap",
        zoom_control="bottomright",
        width="100%",
        height="100%",
    )
    route = _route_line(group)
    if route is not None:
        folium.PolyLine(
            [(lat, lon) for lon, lat in route.coords],
            color=ROUTE_COLOUR,
            weight=5,
            opacity=0.8,
        ).add_to(fmap)
    for item in items:
        if item["is_return"]:
            continue
        _marker(item).add_to(fmap)
    _MetricScale().add_to(fmap)
    LocateControl(
        position="bottomright",
        strings={"title": t("map.locate"), "popup": t("map.you_are_here")},
        flyTo=True,
        keepCurrentZoomLevel=True,
    ).add_to(fmap)
    lats = [item["lat"] for item in items]
    lons = [item["lon"] for item in items]
    if route is not None:
        lons += list(route.xy[0])
        lats += list(route.xy[1])
    fmap.fit_bounds([(min(lats), min(lons)), (max(lats), max(lons))], padding=(20, 20))

    page = {
        "title": title or t("map.title"),
        "intro": t("map.intro"),
        "note": note,
        "map_label": t("map.map_label"),
        "list_title": t("map.list_title"),
        "stops": [i for i in items if not i["is_return"]],
        "closing": next((i["closing"] for i in items if i["is_return"]), None),
        "attribution": t("map.attribution"),
    }
    figure = _Page(page)
    fmap.add_to(figure)
    html = figure.render()
    return _FOLIUM_VIEWPORT.sub("", html)


class _MetricScale(MacroElement):
    """A scale bar in metres only (folium's own also shows feet)."""

    def __init__(self) -> None:
        super().__init__()
        self._name = "MetricScale"
        self._template = _TEMPLATES.get_template("scale.js")


class _Page(Figure):
    """A branca Figure whose page template is ours (lang, viewport, stop list)."""

    def __init__(self, page: dict[str, Any]) -> None:
        super().__init__()
        self._template = _TEMPLATES.get_template("participant.html")
        self.page = page

    def render(self, **kwargs: Any) -> str:
        for child in self._children.values():
            child.render(**kwargs)
        return self._template.render(this=self, page=self.page, kwargs=kwargs)


def _list_items(group: Group, stops: pd.DataFrame) -> list[dict[str, Any]]:
    """One entry per visit: texts for the marker, popup and list (already sanitised)."""
    items = []
    legs_to = {pos + 1: leg for pos, leg in enumerate(group.legs)}
    last = len(group.visits) - 1
    is_round = len(group.visits) > 1 and group.visits[0].stop_id == group.visits[-1].stop_id
    for pos, visit in enumerate(group.visits):
        stop = stops.loc[visit.stop_id]
        name = str(stop["naam"])
        kind = _text(stop.get("soort"))
        arrive = visit.arrive.strftime("%H:%M")
        when = t("map.when", arrive=arrive, depart=visit.depart.strftime("%H:%M"))
        leg = legs_to.get(pos)
        walk = t("map.walk", minutes=round(leg.minutes), meters=round(leg.meters)) if leg else ""
        label = t("map.marker_label", number=visit.number, name=name, time=arrive)
        items.append(
            {
                "number": visit.number,
                "name": name,
                "kind": kind,
                "when": when,
                "walk": walk,
                "story": _text(stop.get("verhaal")),
                "translations": _translations(stop),
                "label": label,
                "plain_label": as_plain(label),
                "lat": float(stop.geometry.y),
                "lon": float(stop.geometry.x),
                "is_return": is_round and pos == last,
                "closing": t("map.back_at", name=name, time=arrive, walk=walk),
            }
        )
    return items


def _marker(item: dict[str, Any]) -> folium.Marker:
    popup = _TEMPLATES.get_template("popup.html").render(more=t("map.more"), **item)
    icon = folium.DivIcon(
        html=_TEMPLATES.get_template("marker.html").render(**item),
        class_name="stop-marker",
        icon_size=(28, 28),
        icon_anchor=(14, 14),
    )
    return folium.Marker(
        location=(item["lat"], item["lon"]),
        popup=folium.Popup(popup, max_width=320),
        icon=icon,
        title=item["plain_label"],
        alt=item["plain_label"],
        keyboard=True,
    )


def _translations(stop: pd.Series) -> list[dict[str, str]]:
    out = []
    for column, value in stop.items():
        if not isinstance(column, str) or not column.startswith("verhaal_"):
            continue
        story = _text(value)
        if not story:
            continue
        lang = column.removeprefix("verhaal_")
        out.append(
            {
                "lang": lang,
                "dir": "rtl" if lang in _RTL else "ltr",
                "label": language_name(lang),
                "story": story,
            }
        )
    return out


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def _route_line(group: Group) -> LineString | None:
    """All legs as one line, simplified to about `ROUTE_TOLERANCE_M` metres."""
    coords: list[tuple[float, float]] = []
    for leg in group.legs:
        part = list(leg.geometry.coords)
        coords.extend(part if not coords else part[1:])
    if len(coords) < 2:
        return None
    lon, lat = coords[0]
    crs = local_metric_crs(lon, lat)
    to_metric = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    back = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    metric = shapely.transform(
        LineString(coords), lambda xy: np.column_stack(to_metric.transform(xy[:, 0], xy[:, 1]))
    )
    simple = metric.simplify(ROUTE_TOLERANCE_M)
    return shapely.transform(simple, lambda xy: np.column_stack(back.transform(xy[:, 0], xy[:, 1])))


def _centre(group: Group, stops: pd.DataFrame) -> tuple[float, float]:
    points = [stops.loc[v.stop_id].geometry for v in group.visits]
    return (
        sum(p.y for p in points) / len(points),
        sum(p.x for p in points) / len(points),
    )
