"""Choose the visiting order and the clock times: from a walking matrix to a `Plan`.

Up to `EXACT_LIMIT` stops the order is proven optimal (Held–Karp dynamic
programming). Above that LKH (through ``elkai``) finds the order; it reaches the
best known tours on instances of this size within a second.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import elkai
import geopandas as gpd
import numpy as np
from shapely.geometry import LineString

from safari._errors import PlanError
from safari.i18n import t
from safari.routing import WalkingMatrix

#: Number of stops (start included) up to which the order is proven optimal.
EXACT_LIMIT = 13

DEFAULT_SPEED_KMH = 4.0
DEFAULT_VISIT_MINUTES = 20.0
DEFAULT_START_TIME = "14:00"


@dataclass(frozen=True)
class Visit:
    """One stop on a group's walk, with its clock times."""

    stop_id: str
    number: int
    arrive: datetime
    depart: datetime

    @property
    def minutes(self) -> float:
        """Minutes spent at the stop."""
        return (self.depart - self.arrive).total_seconds() / 60


@dataclass(frozen=True)
class Leg:
    """The walk between two stops, following the streets."""

    from_id: str
    to_id: str
    meters: float
    minutes: float
    geometry: LineString


@dataclass
class Group:
    """One group's walk: visits in order and the legs between them."""

    name: str
    visits: list[Visit]
    legs: list[Leg]

    @property
    def order(self) -> list[str]:
        """Stop ids in visiting order (the start first; the end last)."""
        return [v.stop_id for v in self.visits]

    @property
    def total_meters(self) -> float:
        """Total walking distance."""
        return float(sum(leg.meters for leg in self.legs))


@dataclass
class Plan:
    """A planned safari: what renderers and exporters read (they never route again)."""

    groups: list[Group]
    stops: gpd.GeoDataFrame
    warnings: list[str] = field(default_factory=list)

    def stop(self, stop_id: str) -> dict[str, Any]:
        """The stop's row (sanitised fields) as a dict."""
        row = self.stops.loc[self.stops["id"] == stop_id].iloc[0]
        return row.to_dict()

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``safari plan --json`` (fields may grow, never change)."""
        return {
            "stops_planned": len(self.stops),
            "groups": [
                {
                    "name": g.name,
                    "order": g.order,
                    "visits": [
                        {
                            "stop_id": v.stop_id,
                            "arrive": v.arrive.strftime("%H:%M"),
                            "depart": v.depart.strftime("%H:%M"),
                        }
                        for v in g.visits
                    ],
                    "legs": [
                        {
                            "from": leg.from_id,
                            "to": leg.to_id,
                            "meters": round(leg.meters, 1),
                            "minutes": round(leg.minutes, 1),
                        }
                        for leg in g.legs
                    ],
                    "total_meters": round(g.total_meters, 1),
                }
                for g in self.groups
            ],
            "warnings": list(self.warnings),
        }


def parse_clock(value: str, *, option: str = "--start-time") -> time:
    """Read ``HH:MM`` (also ``H:MM``, ``HH.MM`` and ``14u``) as a clock time."""
    text = value.strip().lower().replace(".", ":").rstrip("u")
    if ":" not in text:
        text += ":00"
    try:
        hours, minutes = (int(part) for part in text.split(":"))
        return time(hours, minutes)
    except ValueError:
        raise PlanError(t("plan.bad_time", value=value, option=option)) from None


def plan_safari(
    stops: gpd.GeoDataFrame,
    matrix: WalkingMatrix,
    *,
    start: str | None = None,
    end: str | None = None,
    open_end: bool = False,
    start_time: str | time = DEFAULT_START_TIME,
    speed_kmh: float = DEFAULT_SPEED_KMH,
    visit_minutes: float = DEFAULT_VISIT_MINUTES,
    day: date | None = None,
) -> Plan:
    """Plan one group's walk past every stop in the shortest order.

    Parameters
    ----------
    stops
        Validated stops (``id``, ``naam``; ``bezoekduur`` overrides ``visit_minutes``).
    matrix
        Walking distances between exactly these stops.
    start
        Id of the first stop; default the first stop in the file.
    end
        Id of the last stop. Default: back to ``start`` (a round trip).
    open_end
        End wherever the shortest walk ends (no return).
    start_time
        Clock time at the start, ``"HH:MM"``.
    speed_kmh
        Walking speed of the group.
    visit_minutes
        Minutes at a stop whose ``bezoekduur`` is empty.
    day
        Date of the safari (default today); only used for clock arithmetic.

    Returns
    -------
    Plan
        One group, its visits with arrival and departure times, and its legs.

    Raises
    ------
    PlanError
        For an unknown start or end id, a bad time, or impossible options.
    """
    ids = [str(i) for i in stops["id"]]
    if ids != matrix.stop_ids:
        msg = "the walking matrix does not belong to these stops"
        raise ValueError(msg)
    if speed_kmh <= 0 or not math.isfinite(speed_kmh):
        raise PlanError(t("plan.bad_speed", value=speed_kmh))
    if visit_minutes < 0:
        raise PlanError(t("plan.bad_visit_minutes", value=visit_minutes))
    if open_end and end is not None:
        raise PlanError(t("plan.open_and_end"))
    start_id = start if start is not None else ids[0]
    for option, value in (("--start", start_id), ("--end", end)):
        if value is not None and value not in ids:
            raise PlanError(t("plan.unknown_stop", option=option, value=value, ids=", ".join(ids)))
    clock = parse_clock(start_time) if isinstance(start_time, str) else start_time

    s = ids.index(start_id)
    if open_end:
        e: int | None = None
    elif end is None or end == start_id:
        e = s
    else:
        e = ids.index(end)
    route = best_order(matrix.meters, start=s, end=e)

    meters_per_minute = speed_kmh * 1000 / 60
    durations = _visit_minutes(stops, visit_minutes)
    now = datetime.combine(day or date.today(), clock)
    visits: list[Visit] = []
    legs: list[Leg] = []
    round_trip = e == s and len(route) > 1
    for pos, i in enumerate(route):
        if pos > 0:
            prev = route[pos - 1]
            meters = float(matrix.meters[prev, i])
            minutes = meters / meters_per_minute
            legs.append(
                Leg(ids[prev], ids[i], meters, minutes, matrix.leg_geometry(ids[prev], ids[i]))
            )
            now += timedelta(minutes=minutes)
        is_return = round_trip and pos == len(route) - 1
        stay = 0.0 if is_return else durations[i]
        arrive = _round_minute(now)
        now += timedelta(minutes=stay)
        visits.append(Visit(ids[i], pos + 1, arrive, _round_minute(now)))

    warnings = list(stops.attrs.get("warnings", [])) + list(matrix.warnings)
    return Plan(
        groups=[Group(t("plan.group_name", number=1), visits, legs)], stops=stops, warnings=warnings
    )


def best_order(meters: np.ndarray, *, start: int, end: int | None) -> list[int]:
    """Shortest order visiting every stop once.

    Parameters
    ----------
    meters
        Square matrix of walking distances.
    start
        Index of the first stop.
    end
        Index of the last stop; ``start`` for a round trip (the start is then
        repeated at the end of the returned order); ``None`` for an open end.

    Returns
    -------
    list of int
        Stop indices in visiting order.
    """
    n = len(meters)
    if n == 1:
        return [start]
    order = _held_karp(meters, start, end) if n <= EXACT_LIMIT else _lkh(meters, start, end)
    return [*order, start] if end == start else order


def _held_karp(d: np.ndarray, start: int, end: int | None) -> list[int]:
    """Exact shortest path from ``start`` through all nodes (Held–Karp, O(2^n n^2))."""
    n = len(d)
    fixed_end = end is not None and end != start
    inner = [i for i in range(n) if i != start and not (fixed_end and i == end)]
    m = len(inner)
    if m == 0:
        return [start] if not fixed_end else [start, int(end)]  # type: ignore[arg-type]
    sub = d[np.ix_(inner, inner)]
    full = (1 << m) - 1
    cost = np.full((1 << m, m), np.inf)
    parent = np.full((1 << m, m), -1, dtype=np.int64)
    for j in range(m):
        cost[1 << j, j] = d[start, inner[j]]
    for mask in range(1, 1 << m):
        row = cost[mask]
        if not np.isfinite(row).any():
            continue
        # extend the cheapest path ending in j by every k not yet in mask
        cand = row[:, None] + sub  # (j, k)
        best_j = np.argmin(cand, axis=0)
        best = cand[best_j, np.arange(m)]
        for k in range(m):
            if mask & (1 << k):
                continue
            nxt = mask | (1 << k)
            if best[k] < cost[nxt, k]:
                cost[nxt, k] = best[k]
                parent[nxt, k] = best_j[k]
    closing = np.zeros(m) if end is None else d[np.array(inner), end]
    last = int(np.argmin(cost[full] + closing))
    path: list[int] = []
    mask, j = full, last
    while j >= 0:
        path.append(inner[j])
        mask, j = mask & ~(1 << j), int(parent[mask, j])
    path.reverse()
    tail = [int(end)] if fixed_end else []  # type: ignore[arg-type]
    return [start, *path, *tail]


def _lkh(d: np.ndarray, start: int, end: int | None) -> list[int]:
    """Order for many stops with LKH (elkai) on an asymmetric matrix.

    A path from ``start`` to ``end`` becomes a cycle by making the step from
    ``end`` back to ``start`` free (and every other step back to ``start``
    forbidding); an open end makes every step back to ``start`` free.
    """
    cost = np.array(d, dtype=float)
    if end != start:
        big = float(cost[np.isfinite(cost)].max() * len(cost) + 1)
        cost[:, start] = 0.0 if end is None else big
        if end is not None:
            cost[end, start] = 0.0
    # elkai works on integers: centimetres keep the order exact enough.
    scaled = np.rint(cost * 100).astype(np.int64)
    tour = elkai.DistanceMatrix(scaled.tolist()).solve_tsp(runs=10)
    tour = tour[:-1] if tour[0] == tour[-1] else tour
    k = tour.index(start)
    order = [int(i) for i in tour[k:] + tour[:k]]
    return order


def _visit_minutes(stops: gpd.GeoDataFrame, default: float) -> list[float]:
    if "bezoekduur" not in stops.columns:
        return [float(default)] * len(stops)
    values = stops["bezoekduur"].astype(float).to_numpy()
    return [float(default) if not np.isfinite(v) else float(v) for v in values]


def _round_minute(moment: datetime) -> datetime:
    return (moment + timedelta(seconds=30)).replace(second=0, microsecond=0)
