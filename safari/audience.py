"""Who may see what: one rule for every output (participant, leader, host, organisation).

Every writer (participant map, overview, GPX, handout, schedule CSV, host files, the
public catalogue export) reads its stops through :func:`view`. The rule, per audience:

============  ===========================  ==========================================
audience      stops without consent         columns
============  ===========================  ==========================================
participant   an area, no name/story/id     public columns only (no contact details)
leader        exact on the own group's      public columns; contact person and phone
              route; elsewhere an area      of the hosts on the own route
host          exact for the own stop;       public columns; own contact details
              elsewhere an area
organisation  everything exact              every column
============  ===========================  ==========================================

A stop "without consent" is one whose ``toestemming`` is not a clear yes (``nee``,
``onbekend``, empty, missing): consent is never assumed here.

An area hides a stop on a route: the row keeps its place in the schedule, but its
``naam`` is the private-visit text, its ``id`` becomes ``besloten-N``, story, kind,
links, hours and contact fields are empty, and its geometry is the centre of a circle
of ``area_m`` metres (`AREA_RADIUS_M`). The centre lies `OFFSET_MIN_M` to
`OFFSET_MAX_M` metres from the real place, in a direction and at a distance drawn from
a hash of the stop's own fields (among them fields that are never published, such as
the story and the contact details), so the same plan gives the same files, and an
outsider who knows this code still cannot compute the offset back. The real place lies
inside the circle, at least ``AREA_RADIUS_M - OFFSET_MAX_M`` metres from its edge. The
legs to and from the stop are cut at the circle: the route line reaches the edge, follows
it to where the walk leaves the circle, and goes on from there; their metres and minutes
count only the visible part. The visit's clock times, and the neighbours' times next to
it, are widened to whole `TIME_STEP_MINUTES`, so walking times cannot be used to measure
the way to the door.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
from datetime import datetime, timedelta
from typing import Literal, overload

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, Point

from safari._geometry import local_metric_crs
from safari.i18n import t
from safari.plan import Group, Leg, Plan, Visit
from safari.schema import is_public_column

__all__ = [
    "AREA_RADIUS_M",
    "AUDIENCES",
    "Audience",
    "audience_of",
    "consented",
    "ensure",
    "is_private",
    "view",
]

Audience = Literal["participant", "leader", "host", "organisation"]
AUDIENCES: tuple[Audience, ...] = ("participant", "leader", "host", "organisation")

#: Radius of the area that stands for a stop without consent (metres).
AREA_RADIUS_M = 375.0
#: The area's centre lies this far from the real place (metres, drawn per stop).
OFFSET_MIN_M = 160.0
OFFSET_MAX_M = 215.0
#: A private visit's clock times are rounded outward to this many minutes.
TIME_STEP_MINUTES = 10

#: Contact columns a leader sees for the hosts on the own route (to call when late).
LEADER_CONTACT = ("contactpersoon", "telefoon")
#: Contact columns a host sees of its own stop (to check them).
HOST_CONTACT = ("contactpersoon", "telefoon", "email")
#: Columns the view adds: the area's radius (NaN for a normal stop), whether the host
#: gave no consent, and the stop's place as numbers.
DERIVED = ("area_m", "besloten", "lat", "lon")

_YES = frozenset({"ja", "yes", "j", "y", "true", "1", "x", "waar", "akkoord"})
_ATTR = "safari_audience"
_ARC_STEP_DEG = 5.0


def consented(value: object) -> bool:
    """True only for a clear yes (``True``, ``ja``, ``yes`` ...); anything else is no."""
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, str):
        return value.strip().casefold() in _YES
    return False


def is_private(stops: pd.DataFrame) -> pd.Series:
    """Per stop: True when its host did not clearly consent to publication."""
    if "toestemming" not in stops.columns:
        return pd.Series(data=True, index=stops.index)
    return ~stops["toestemming"].map(consented).astype(bool)


@overload
def view(
    data: Plan, audience: Audience, *, group: int | None = None, stop: str | None = None
) -> Plan: ...
@overload
def view(
    data: gpd.GeoDataFrame,
    audience: Audience,
    *,
    group: int | None = None,
    stop: str | None = None,
) -> gpd.GeoDataFrame: ...
def view(
    data: Plan | gpd.GeoDataFrame,
    audience: Audience,
    *,
    group: int | None = None,
    stop: str | None = None,
) -> Plan | gpd.GeoDataFrame:
    """What ``audience`` may see of a plan (or of a stops frame).

    Parameters
    ----------
    data
        A `Plan`, or stops as :func:`safari.stops.read_stops` returns them (for a list
        that is not a route, such as the public catalogue export).
    audience
        ``"participant"``, ``"leader"``, ``"host"`` or ``"organisation"``.
    group
        For ``"leader"``: the index of the leader's group (default: every group's
        leader, i.e. every route's stops exact).
    stop
        For ``"host"``: the id of the host's own stop.

    Returns
    -------
    Plan or geopandas.GeoDataFrame
        A new plan (or frame); the input is not changed. A plan keeps its groups, with
        the visits and legs of areas changed as the module says; its ``stops`` hold
        only the stops on a route (the organisation: every stop), the allowed columns
        and `DERIVED`. Warnings and dropped stops are for the organisation only. A
        frame for participants leaves out every stop without consent or not approved
        (outside a route there is nothing to hide it among).
    """
    if audience not in AUDIENCES:
        msg = f"unknown audience {audience!r}; choose one of {', '.join(AUDIENCES)}"
        raise ValueError(msg)
    if isinstance(data, Plan):
        return _plan_view(data, audience, group=group, stop=stop)
    if audience not in ("participant", "organisation"):
        msg = f"a {audience}'s view needs a Plan (whose route or stop); got a stops frame"
        raise ValueError(msg)
    return _frame_view(data, audience)


def audience_of(data: Plan | pd.DataFrame) -> str | None:
    """The audience a plan or frame was made for by :func:`view`, or None for raw data."""
    frame = data.stops if isinstance(data, Plan) else data
    value = frame.attrs.get(_ATTR)
    return str(value) if value else None


def ensure(plan: Plan, audience: Audience) -> Plan:
    """``plan`` itself when it is already a view; else its view for ``audience``.

    Writers call this, so that a plan that was not filtered is never written in full.
    """
    return plan if audience_of(plan) else view(plan, audience)


# --- frames ----------------------------------------------------------------------------------


def _frame_view(stops: gpd.GeoDataFrame, audience: Audience) -> gpd.GeoDataFrame:
    frame = stops.copy()
    frame["besloten"] = is_private(frame).to_numpy()
    if audience != "organisation":
        keep = ~frame["besloten"]
        if "status" in frame.columns:
            keep &= frame["status"].fillna("").isin(["goedgekeurd", ""])
        columns = [c for c in frame.columns if _allowed(str(c), audience)]
        frame = frame.loc[keep, columns].reset_index(drop=True)
    frame = _with_derived(gpd.GeoDataFrame(frame, geometry="geometry", crs=stops.crs))
    frame.attrs = {_ATTR: audience}
    if audience == "organisation":
        frame.attrs = {**stops.attrs, _ATTR: audience}
    return frame


def _allowed(column: str, audience: Audience) -> bool:
    if audience == "organisation":
        return True
    if column in ("bron_rij", *DERIVED) or is_public_column(column):
        return True
    if audience == "leader":
        return column in LEADER_CONTACT
    if audience == "host":
        return column in HOST_CONTACT
    return False


def _with_derived(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if "area_m" not in frame.columns:
        frame["area_m"] = np.nan
    frame["lat"] = frame.geometry.y.to_numpy()
    frame["lon"] = frame.geometry.x.to_numpy()
    return frame


# --- plans -----------------------------------------------------------------------------------


def _plan_view(plan: Plan, audience: Audience, *, group: int | None, stop: str | None) -> Plan:
    stops = plan.stops.copy()
    stops["id"] = stops["id"].astype(str)
    private = is_private(stops).to_numpy().copy()
    meeting = plan.meeting_points
    private &= ~stops["id"].isin(meeting).to_numpy()
    stops["besloten"] = private
    on_routes = {str(v.stop_id) for g in plan.groups for v in g.visits}
    if group is not None and not 0 <= group < len(plan.groups):
        msg = f"group {group} does not exist; the plan has {len(plan.groups)} group(s)"
        raise ValueError(msg)
    own = set(on_routes)
    if audience == "leader" and group is not None:
        own = {str(v.stop_id) for v in plan.groups[group].visits}
    elif audience == "host":
        own = {str(stop)} if stop is not None else set()

    if audience == "organisation":
        exact = np.ones(len(stops), dtype=bool)
    elif audience == "participant":
        exact = ~private
    else:
        exact = ~private | stops["id"].isin(own).to_numpy()
    if audience != "organisation":
        keep = stops["id"].isin(on_routes | own).to_numpy()
        stops, exact = stops.loc[keep], exact[keep]
        columns = [c for c in stops.columns if _allowed(str(c), audience)]
        stops = stops[columns].copy()
        contact = [c for c in (*LEADER_CONTACT, *HOST_CONTACT) if c in stops.columns]
        not_own = ~stops["id"].isin(own).to_numpy()
        for column in contact:
            stops.loc[not_own, column] = ""
    stops = gpd.GeoDataFrame(stops, geometry="geometry", crs=plan.stops.crs)
    stops["area_m"] = np.nan

    renamed: dict[str, str] = {}
    centres: dict[str, tuple[float, float]] = {}  # new id -> (lon, lat) of the area's centre
    groups = [_copy(g) for g in plan.groups]
    hidden = list(stops.index[~exact])
    if hidden:
        first = stops.geometry.loc[hidden[0]]
        to_metric, back = _metric(float(first.x), float(first.y))
        sources = _sources(plan.stops)
        for number, old_id in enumerate(stops.loc[hidden, "id"].astype(str), start=1):
            new_id = f"besloten-{number}"
            renamed[old_id] = new_id
            centres[new_id] = _centre(sources[old_id], to_metric, back)
        _blank(stops, hidden, centres)
        groups = [_group_view(g, renamed, centres, to_metric, back) for g in plan.groups]

    stops = _with_derived(stops.reset_index(drop=True))
    full = audience == "organisation"
    # The read warnings may name hosts and the source path may name the organiser's
    # account: both stay with the organisation.
    stops.attrs = {**plan.stops.attrs, _ATTR: audience} if full else {_ATTR: audience}
    return dataclasses.replace(
        plan,
        groups=groups,
        stops=stops,
        warnings=list(plan.warnings) if full else [],
        dropped=list(plan.dropped) if full else [],
    )


def _blank(
    stops: gpd.GeoDataFrame, hidden: list[object], centres: dict[str, tuple[float, float]]
) -> None:
    """Turn the rows ``hidden`` into areas ``besloten-1``, ``besloten-2`` ... (in place)."""
    keep = {"geometry", "rolstoel", "besloten", "area_m"}
    for column in stops.columns:
        if column in keep:
            continue
        values = stops[column]
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            stops[column] = values.astype(float)
            stops.loc[hidden, column] = np.nan
        else:
            stops[column] = values.astype(object)
            stops.loc[hidden, column] = ""
    new_ids = [f"besloten-{number}" for number in range(1, len(hidden) + 1)]
    stops.loc[hidden, "id"] = new_ids
    stops.loc[hidden, "naam"] = t("map.private_stop")
    stops.loc[hidden, "area_m"] = AREA_RADIUS_M
    geometry = stops.geometry.to_numpy().copy()
    geometry[stops.index.get_indexer(hidden)] = [Point(*centres[new]) for new in new_ids]
    stops["geometry"] = gpd.GeoSeries(geometry, index=stops.index, crs=stops.crs)
    if "bron_rij" in stops.columns:
        stops.loc[hidden, "bron_rij"] = -1


#: What seeds an area's offset, besides the real place: change any and the area moves.
_SEED_COLUMNS = ("id", "naam", "verhaal", "contactpersoon", "telefoon", "email", "adres")


def _sources(original: gpd.GeoDataFrame) -> dict[str, list[str]]:
    """Per stop id (its first row), the fields that seed its area: x, y, then `_SEED_COLUMNS`.

    Read column by column, once per plan: a plan may hide hundreds of stops.
    """
    columns = (
        [repr(float(x)) for x in original.geometry.x],
        [repr(float(y)) for y in original.geometry.y],
    )
    seeds = [
        [str(value) for value in original[c].tolist()]
        if c in original.columns
        else [""] * len(original)
        for c in _SEED_COLUMNS
    ]
    rows: dict[str, list[str]] = {}
    for position, stop_id in enumerate(original["id"].astype(str)):
        if stop_id not in rows:
            rows[stop_id] = [columns[0][position], columns[1][position]]
            rows[stop_id].extend(seed[position] for seed in seeds)
    return rows


def _centre(fields: list[str], to_metric: Transformer, back: Transformer) -> tuple[float, float]:
    """The area's centre: a seeded offset from the real place (see the module)."""
    digest = hashlib.sha256("\x1f".join(fields).encode("utf-8")).digest()
    angle = int.from_bytes(digest[:8], "big") / 2**64 * 2 * math.pi
    share = int.from_bytes(digest[8:16], "big") / 2**64
    # uniform over the ring's area, not its radius
    distance = math.sqrt(OFFSET_MIN_M**2 + share * (OFFSET_MAX_M**2 - OFFSET_MIN_M**2))
    x, y = to_metric.transform(float(fields[0]), float(fields[1]))
    lon, lat = back.transform(x + distance * math.cos(angle), y + distance * math.sin(angle))
    return float(lon), float(lat)


def _copy(group: Group) -> Group:
    return dataclasses.replace(group, visits=list(group.visits), legs=list(group.legs))


def _group_view(
    group: Group,
    renamed: dict[str, str],
    centres: dict[str, tuple[float, float]],
    to_metric: Transformer,
    back: Transformer,
) -> Group:
    visits = _visits(group.visits, renamed)
    circles = {new: np.asarray(to_metric.transform(*centres[new]), dtype=float) for new in centres}
    legs: list[Leg] = []
    previous_end: np.ndarray | None = None
    for leg in group.legs:
        a, b = renamed.get(str(leg.from_id)), renamed.get(str(leg.to_id))
        if a is None and b is None:
            legs.append(leg)
            coords = np.asarray(leg.geometry.coords)
            previous_end = (
                np.asarray(to_metric.transform(*coords[-1]), dtype=float) if len(coords) else None
            )
            continue
        line = _to_metric(leg.geometry, to_metric)
        ends = np.asarray(line.coords, dtype=float)[[0, -1]]
        points, visible = _cut(line, [circles[c] for c in (a, b) if c is not None])
        inside = not points  # the walk never leaves the area(s)
        if a is not None:
            centre = circles[a]
            if inside:
                leave = _towards(centre, circles[b] if b is not None else ends[1])
                points = [leave] if b is not None else [leave, ends[1]]
            arc = _arc(centre, previous_end, points[0]) if previous_end is not None else []
            points = [*arc[:-1], *points]
        elif inside:
            points = [ends[0]]
        if b is not None and inside:
            points = [*points, _towards(circles[b], points[-1])]
        if len(points) == 1:
            points = [points[0], points[0]]
        share = visible / leg.meters if leg.meters > 0 else 0.0
        legs.append(
            dataclasses.replace(
                leg,
                from_id=a or leg.from_id,
                to_id=b or leg.to_id,
                meters=float(visible),
                minutes=float(leg.minutes * share),
                geometry=_to_lonlat(points, back),
            )
        )
        previous_end = points[-1]
    return dataclasses.replace(group, visits=visits, legs=legs)


def _visits(visits: list[Visit], renamed: dict[str, str]) -> list[Visit]:
    """New ids for areas; their clock times, and the neighbours' times next to them, widened.

    An area's arrival is rounded down and its departure up to `TIME_STEP_MINUTES`; so are
    the departure from the stop before it (down) and the arrival at the stop after it (up).
    Otherwise the exact time between those two stops, less a guessed visit, would give the
    walking time inside the area, and with three groups coming from different sides, the
    door. Times never pass another visit's: each list stays in order.
    """
    step = timedelta(minutes=TIME_STEP_MINUTES)

    def down(moment: datetime) -> datetime:
        midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
        return midnight + ((moment - midnight) // step) * step

    def up(moment: datetime) -> datetime:
        midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
        return midnight - ((midnight - moment) // step) * step

    hidden = [str(v.stop_id) in renamed for v in visits]
    times = [[v.arrive, v.depart] for v in visits]
    for pos, visit in enumerate(visits):
        if not hidden[pos]:
            continue
        times[pos] = [down(visit.arrive), up(visit.depart)]
        if pos > 0 and not hidden[pos - 1]:
            before = visits[pos - 1]
            times[pos - 1][1] = max(down(before.depart), before.arrive)
        if pos + 1 < len(visits) and not hidden[pos + 1]:
            after = visits[pos + 1]
            times[pos + 1][0] = min(up(after.arrive), after.depart)
    for pos in range(1, len(times)):  # keep the order (a short visit next to an area)
        times[pos][0] = max(times[pos][0], times[pos - 1][1])
        times[pos][1] = max(times[pos][1], times[pos][0])
    return [
        dataclasses.replace(
            visit,
            stop_id=renamed.get(str(visit.stop_id), visit.stop_id),
            arrive=arrive,
            depart=depart,
        )
        for visit, (arrive, depart) in zip(visits, times, strict=True)
    ]


# --- geometry --------------------------------------------------------------------------------


def _metric(lon: float, lat: float) -> tuple[Transformer, Transformer]:
    crs = local_metric_crs(lon, lat)
    return (
        Transformer.from_crs("EPSG:4326", crs, always_xy=True),
        Transformer.from_crs(crs, "EPSG:4326", always_xy=True),
    )


def _to_metric(line: LineString, to_metric: Transformer) -> LineString:
    coords = np.asarray(line.coords, dtype=float)
    if len(coords) == 0:
        return LineString()
    x, y = to_metric.transform(coords[:, 0], coords[:, 1])
    return LineString(np.column_stack([x, y])) if len(coords) > 1 else LineString()


def _to_lonlat(points: list[np.ndarray], back: Transformer) -> LineString:
    coords = np.asarray(points, dtype=float)
    lon, lat = back.transform(coords[:, 0], coords[:, 1])
    return LineString(np.column_stack([lon, lat]))


def _cut(line: LineString, centres: list[np.ndarray]) -> tuple[list[np.ndarray], float]:
    """The leg's points outside every circle, in walking order, and their length (m)."""
    if line.is_empty or not centres:
        return [np.asarray(c, dtype=float) for c in line.coords], float(line.length)
    discs = shapely.union_all([Point(c).buffer(AREA_RADIUS_M, quad_segs=64) for c in centres])
    outside = line.difference(discs)
    parts = [g for g in getattr(outside, "geoms", [outside]) if not g.is_empty]
    parts = [p for p in parts if isinstance(p, LineString) and len(p.coords) > 1]
    parts.sort(key=lambda p: line.project(Point(p.coords[0])))
    points: list[np.ndarray] = []
    for part in parts:
        points.extend(np.asarray(c, dtype=float) for c in part.coords)
    return points, float(sum(p.length for p in parts))


def _towards(centre: np.ndarray, target: np.ndarray) -> np.ndarray:
    """The point on the circle around ``centre`` in the direction of ``target``."""
    d = np.asarray(target, dtype=float) - centre
    norm = float(np.hypot(*d))
    if norm == 0:
        d, norm = np.array([1.0, 0.0]), 1.0
    point: np.ndarray = centre + d / norm * AREA_RADIUS_M
    return point


def _arc(centre: np.ndarray, start: np.ndarray, end: np.ndarray) -> list[np.ndarray]:
    """Points along the circle from ``start`` to ``end`` (the shorter way), both on it."""
    a0 = math.atan2(start[1] - centre[1], start[0] - centre[0])
    a1 = math.atan2(end[1] - centre[1], end[0] - centre[0])
    turn = (a1 - a0 + math.pi) % (2 * math.pi) - math.pi
    steps = max(1, math.ceil(abs(math.degrees(turn)) / _ARC_STEP_DEG))
    angles = a0 + turn * np.arange(steps + 1) / steps
    return [
        centre + AREA_RADIUS_M * np.array([math.cos(a), math.sin(a)], dtype=float) for a in angles
    ]
