"""Geometry shared by the map and the handout: metric projections, the drawn route, arrows.

A leaf module (it only reads the plan dataclasses), so that `safari.export` does not
reach into the renderer and `safari.routing` does not own map geometry.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import LineString

if TYPE_CHECKING:
    from safari.plan import Group

__all__ = [
    "ARROW_CLEARANCE_M",
    "ARROW_SPACING_M",
    "COORD_DECIMALS",
    "ROUTE_TOLERANCE_M",
    "arrows",
    "local_metric_crs",
    "metric_transformers",
    "route_line",
]

#: Simplify the drawn route by at most this many metres (Douglas–Peucker tolerance);
#: with coordinates rounded to 6 decimals (< 0.07 m) the drawn line stays within 1 m.
ROUTE_TOLERANCE_M = 0.9
COORD_DECIMALS = 6

#: Direction arrows along the route: one every this many metres.
ARROW_SPACING_M = 150.0
#: ... but none this close to a stop (the numbered marker is there).
ARROW_CLEARANCE_M = 35.0


_LINE_MIN_POINTS = 2  # a line needs two points


def local_metric_crs(lon: float, lat: float) -> str:
    """The UTM zone around a point, as an EPSG code: metres with little distortion."""
    zone = min(int((lon + 180) // 6) + 1, 60)
    return f"EPSG:{32600 + zone if lat >= 0 else 32700 + zone}"


def arrows(route: LineString | None, stops: list[tuple[float, float]]) -> list[list[float]]:
    """Points along the route with the walking direction (degrees clockwise from north)."""
    if route is None:
        return []
    to_metric, back = metric_transformers(route.coords[0])
    x, y = to_metric.transform(*np.asarray(route.coords).T)
    line = LineString(np.column_stack([x, y]))
    if not stops:
        return []
    sx, sy = to_metric.transform(*np.asarray(stops).T)
    near = shapely.points(np.column_stack([sx, sy]))
    # every ARROW_SPACING_M along the line, from half a spacing on (all at once: a long
    # route has hundreds)
    distance = np.arange(ARROW_SPACING_M / 2, line.length, ARROW_SPACING_M)
    here = shapely.line_interpolate_point(line, distance)
    clear = shapely.distance(here[:, None], near[None, :]).min(axis=1) > ARROW_CLEARANCE_M
    distance, here = distance[clear], here[clear]
    ahead = shapely.get_coordinates(
        shapely.line_interpolate_point(line, np.minimum(distance + 5, line.length))
    )
    behind = shapely.get_coordinates(
        shapely.line_interpolate_point(line, np.maximum(distance - 5, 0))
    )
    xy = shapely.get_coordinates(here)
    lon, lat = back.transform(xy[:, 0], xy[:, 1])
    out = []
    for i in range(len(xy)):
        dx, dy = ahead[i] - behind[i]
        angle = math.degrees(math.atan2(dx, dy)) % 360
        point = [round(float(lat[i]), COORD_DECIMALS), round(float(lon[i]), COORD_DECIMALS)]
        out.append([*point, round(angle)])
    return out


def metric_transformers(point: tuple[float, float]) -> tuple[Transformer, Transformer]:
    """Transformers to and from the local metric CRS around ``point`` (lon, lat)."""
    crs = local_metric_crs(point[0], point[1])
    return (
        Transformer.from_crs("EPSG:4326", crs, always_xy=True),
        Transformer.from_crs(crs, "EPSG:4326", always_xy=True),
    )


def route_line(group: Group, *, tolerance_m: float = ROUTE_TOLERANCE_M) -> LineString | None:
    """All legs of a group as one line (lon, lat), simplified by ``tolerance_m`` metres.

    The simplified line lies within ``tolerance_m`` of the walked line (Hausdorff
    distance) and its coordinates are rounded to `COORD_DECIMALS` decimals.
    """
    coords: list[tuple[float, float]] = []
    for leg in group.legs:
        part = [(float(x), float(y)) for x, y in leg.geometry.coords]
        coords.extend(part if not coords else part[1:])
    if len(coords) < _LINE_MIN_POINTS:
        return None
    line = LineString(coords)
    if tolerance_m > 0:
        to_metric, back = metric_transformers(coords[0])
        metric = shapely.transform(line, lambda xy: np.column_stack(to_metric.transform(*xy.T)))
        simple = metric.simplify(tolerance_m, preserve_topology=False)
        line = shapely.transform(simple, lambda xy: np.column_stack(back.transform(*xy.T)))
    return LineString(np.round(np.asarray(line.coords), COORD_DECIMALS))
