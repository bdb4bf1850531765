"""Choose the visiting order and the clock times: from a walking matrix to a `Plan`.

One group without time limits: the shortest order from `safari._order` (proven
optimal for small walks, LKH above that).

An event (`plan_event`): several groups, host availability, a time budget and stop
priorities go to the CP-SAT model in `safari.scheduling`; when no plan exists,
`safari.feasibility` says why in plain Dutch.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Point

from safari import feasibility, replan
from safari._errors import HoursError, NoPlanError, PlanError, SolverTimeout
from safari._order import EXACT_LIMIT, best_order
from safari._problem import MUST, NORMAL, OPTIONAL, Problem, Solution
from safari.bounds import lower_bound
from safari.config import Event, parse_clock
from safari.hours import Window, windows_on
from safari.i18n import date_text, t
from safari.plan import Group, Leg, Plan, Visit
from safari.sanitise import as_plain
from safari.scheduling import solve

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Mapping, Sequence

    import networkx as nx

    from safari.network_arrays import WalkingNetwork
    from safari.routing import WalkingMatrix


_MINUTE_S = 60  # seconds


def plan_safari(
    stops: gpd.GeoDataFrame,
    matrix: WalkingMatrix,
    *,
    start: str | None = None,
    end: str | None = None,
    open_end: bool = False,
    start_time: str | time = Event.start_time,
    speed_kmh: float = Event.TALKING_SPEED_KMH,
    visit_minutes: float = Event.visit_minutes,
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
        Clock time at the start, e.g. ``"14:00"`` or ``"14 uur"`` (as in the event file).
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
    ids = _check(stops, matrix, speed_kmh=speed_kmh, visit_minutes=visit_minutes)
    s, e = _endpoints(ids, start=start, end=end, open_end=open_end)
    clock = start_time if isinstance(start_time, time) else parse_clock(start_time)
    if clock is None:
        fix = t("event.fix.clock")
        raise PlanError(t("event.bad_option", value=repr(start_time), option="start_time", fix=fix))
    route = best_order(matrix.meters, start=s, end=e)

    # Clock times: walk at the group's speed, stay the visit's minutes; back home no visit.
    seconds_per_meter = 3.6 / speed_kmh
    durations = [60 * m for m in _visit_minutes(stops, visit_minutes)]
    now = float(clock.hour * 3600 + clock.minute * 60)
    arrive: list[float] = []
    depart: list[float] = []
    for pos, i in enumerate(route):
        if pos > 0:
            now += float(matrix.meters[route[pos - 1], i]) * seconds_per_meter
        arrive.append(now)
        if not (e == s and pos == len(route) - 1 and pos > 0):
            now += durations[i]
        depart.append(now)
    day = day or date.today()  # noqa: DTZ011  the organiser's own day
    group = _group(1, route, arrive=arrive, depart=depart, ids=ids, matrix=matrix,
                   speed_kmh=speed_kmh, day=day)  # fmt: skip
    warnings = list(stops.attrs.get("warnings", [])) + list(matrix.warnings)
    return Plan(groups=[group], stops=stops, warnings=warnings, day=day)


def plan_event(
    stops: gpd.GeoDataFrame,
    matrix: WalkingMatrix,
    event: Event,
    *,
    time_limit_s: float | None = None,
    progress: Callable[[int, int], None] | None = None,
    forbidden: Collection[tuple[int, str]] = (),
    since: Mapping[str, Any] | None = None,
) -> Plan:
    """Plan an event: groups, host availability, time budget and priorities.

    Parameters
    ----------
    stops
        Validated stops. Optional columns: ``beschikbaar`` (when the host receives
        groups, OpenStreetMap ``opening_hours`` or Dutch shorthand), ``prioriteit``
        (``moet`` / ``normaal`` / ``optioneel``), ``bezoekduur``, ``rolstoel``.
    matrix
        Walking distances between exactly these stops.
    event
        The event (see `safari.config.Event`).
    time_limit_s
        The solver's budget, in nominal seconds turned into deterministic work (see
        `safari.scheduling.DTIME_PER_SECOND`): the same inputs give the same plan on every
        run, whatever the machine's load. It is an upper limit: the solver stops when done.
        None: the event's (``Event.time_limit_s``, ``rekentijd`` in the event file).
    progress
        Called as ``progress(done, total)`` while the solver works (for a progress bar).
    forbidden
        ``(group, stop id)`` pairs (group counted from 0) that may not be visited, say a
        group larger than the venue's capacity (`safari.people.capacity_pairs`); that
        group skips the stop.
    since
        An earlier plan of this event (its ``--json`` contract, see `safari.replan`): the
        new plan keeps as many of its visits (same group, same minute) as it can, before
        anything else.

    Returns
    -------
    Plan
        One group per event group; ``dropped`` names the stops left out and why.

    Raises
    ------
    PlanError
        For unknown stop ids, unreadable availability or priorities.
    NoPlanError
        When no plan meets the event's constraints; the message says which
        constraints clash and what to relax.
    """
    ids = _check(stops, matrix, speed_kmh=event.walking_speed, visit_minutes=event.visit_minutes)
    s, e = _endpoints(
        ids,
        start=event.start,
        end=event.end,
        open_end=event.open_end,
        labels=(event.label("start"), event.label("end")),
    )
    day = event.day or date.today()  # noqa: DTZ011  the organiser's own day
    windows, tiers = _hosts(stops, day)
    pairs = frozenset((g, ids.index(i)) for g, i in forbidden if i in ids)
    simple = (
        event.groups == 1
        and event.end_time is None
        and all(w is None for w in windows)
        and not pairs
        and since is None
    )
    if simple:
        plan = plan_safari(
            stops,
            matrix,
            start=ids[s],
            end=None if e in (s, None) else ids[e],
            open_end=e is None,
            start_time=event.start_time,
            speed_kmh=event.walking_speed,
            visit_minutes=event.visit_minutes,
            day=day,
        )
        plan.title, plan.groups[0].name = event.name, t("plan.group_name", number=1)
        plan.warnings += _wheelchair_warnings(stops, event)
        plan.warnings += _midnight_warnings(plan.groups)
        plan.step_free = event.step_free
        plan.quality = _simple_quality(matrix, plan, speed_kmh=event.walking_speed)
        return plan

    names = [as_plain(str(n)) for n in stops["naam"]]
    # A stop no group may visit is left out here (with its reason); the other pairs go
    # to the solver's Problem.forbidden (issue 11: that field lands with the solver).
    venues = [i for i in range(len(ids)) if i not in (s, e)]
    closed = {i for i in venues if all((g, i) in pairs for g in range(event.groups))}
    if any(tiers[i] == MUST for i in closed):
        why = [t("people.no_group_may_must", stop=names[i]) for i in sorted(closed)
               if tiers[i] == MUST]  # fmt: skip
        raise NoPlanError(_explain(why, []))
    pairs = frozenset((g, i) for g, i in pairs if i in venues and i not in closed)
    speed = event.walking_speed / 3.6  # metres per second
    problem = Problem(
        travel_s=np.ceil(matrix.meters / speed).astype(np.int64),
        meters=matrix.meters,
        visit_s=[round(60 * m) for m in _visit_minutes(stops, event.visit_minutes)],
        start=s,
        end=e,
        start_s=_seconds(event.start_time),
        end_s=_seconds(event.end_time) if event.end_time is not None else None,
        windows=windows,
        tier=[MUST if i in (s, e) else tier for i, tier in enumerate(tiers)],
        groups=event.groups,
        mode=event.mode,
        changeover_s=round(60 * event.changeover_minutes),
        stagger_s=round(60 * event.stagger_minutes),
        time_limit_s=event.time_limit_s if time_limit_s is None else time_limit_s,
        forbidden=pairs,
        keep=replan.keep(since, ids, groups=event.groups, skip=[s, *([e] if e is not None else [])])
        if since is not None
        else {},
    )
    found = feasibility.check(problem, names, day=date_text(day, weekday=True))
    if found.clashes:
        raise NoPlanError(_explain(found.clashes, found.suggestions))
    for i in sorted(closed):
        found.dropped.setdefault(i, t("people.no_group_may"))
    for i in found.dropped:
        problem.windows[i] = []  # cannot be visited: the solver leaves it out
    if event.mode == "verdeeld" and event.groups > len(problem.venues):
        raise PlanError(t("plan.too_few_stops", stops=len(problem.venues), groups=event.groups))
    try:
        solution = solve(problem, progress=progress)
    except SolverTimeout:
        raise NoPlanError(t("explain.timeout")) from None
    if solution is None:
        why = [t("explain.no_single_cause")]
        raise NoPlanError(_explain(why, feasibility.diagnose(problem, names)))

    groups = [
        _group(
            g + 1,
            route,
            arrive=arrive,
            depart=depart,
            ids=ids,
            matrix=matrix,
            speed_kmh=event.walking_speed,
            day=day,
        )
        for g, (route, arrive, depart) in enumerate(
            zip(solution.routes, solution.arrive, solution.depart, strict=True)
        )
    ]
    reasons = feasibility.why_dropped(problem, solution, names)
    dropped = [(ids[i], found.dropped.get(i) or reasons[i]) for i in solution.dropped]
    warnings = list(stops.attrs.get("warnings", [])) + list(matrix.warnings)
    warnings += [t("plan.dropped", stop=names[ids.index(i)], reason=why) for i, why in dropped]
    warnings += _wheelchair_warnings(stops, event)
    warnings += _midnight_warnings(groups)  # issue 14: a 23:50 start runs into the night
    quality = _quality(problem, solution)
    if not quality["proven"]:
        warnings.append(quality["text"])
    return Plan(
        groups=groups,
        stops=stops,
        warnings=warnings,
        dropped=dropped,
        title=event.name,
        day=day,
        step_free=event.step_free,
        quality=quality,
    )


def _quality(p: Problem, s: Solution) -> dict[str, Any]:
    """How good the plan is: proven best, or at most N minutes from the best possible."""
    bound = lower_bound(p, s)
    gap = max(0, s.makespan - bound)
    minutes = math.ceil(gap / _MINUTE_S) if gap >= _MINUTE_S else 0
    proven = s.proven or (minutes == 0 and not s.dropped)
    length = max(1, (p.end_s if p.end_s is not None else s.makespan) - p.start_s)
    if proven:
        text = t("plan.quality_best")
    elif minutes == 0:
        text = t("plan.quality_best_these")
    else:
        key = "plan.quality_gap_these" if s.dropped else "plan.quality_gap"
        text = t(key, minutes=minutes)
    return {
        "proven": proven,
        "last_back": feasibility.clock(s.makespan),
        "best_possible": feasibility.clock(bound),
        "gap_minutes": minutes,
        "gap_percent": round(100 * gap / length, 1),
        "text": text,
    }


def _simple_quality(matrix: WalkingMatrix, plan: Plan, *, speed_kmh: float) -> dict[str, Any]:
    """One group, no limits: the order is proven shortest up to `EXACT_LIMIT` stops."""
    group = plan.groups[0]
    back = group.visits[-1].arrive
    proven = len(matrix.stop_ids) <= EXACT_LIMIT
    best = back
    if not proven:
        # every stop entered by its cheapest step: a bound on the walking
        d = np.array(matrix.meters, dtype=float)
        np.fill_diagonal(d, np.inf)
        walk_min = float(d.min(axis=0).sum()) / (speed_kmh * 1000 / 60)
        walked = group.total_meters / (speed_kmh * 1000 / 60)
        best = back - timedelta(minutes=max(0.0, walked - walk_min))
    gap = (back - best).total_seconds()
    minutes = math.ceil(gap / _MINUTE_S) if gap >= _MINUTE_S else 0
    length = max(60.0, (back - group.visits[0].arrive).total_seconds())
    return {
        "proven": proven,
        "last_back": f"{back:%H:%M}",
        "best_possible": f"{best:%H:%M}",
        "gap_minutes": minutes,
        "gap_percent": round(100 * gap / length, 1),
        "text": t("plan.quality_best") if proven else t("plan.quality_gap", minutes=minutes),
    }


_POINT = re.compile(r"\s*(-?\d{1,2}(?:\.\d+)?)\s*[,;]\s*(-?\d{1,3}(?:\.\d+)?)\s*")


def with_meeting_points(stops: gpd.GeoDataFrame, event: Event) -> gpd.GeoDataFrame:
    """Add the start and end as stops when the event gives them as ``"lat, lon"``.

    ``vertrek = "52.0801, 5.1032"`` (a square, a station exit) becomes a stop
    ``vertrekpunt`` without a visit; ``event.start`` then names it. Likewise
    ``aankomst`` becomes ``eindpunt``. Stop ids are left as they are.
    """
    ids = {str(i) for i in stops["id"]}
    extra = []
    for attr, stop_id, name in (
        ("start", "vertrekpunt", t("plan.meeting_start")),
        ("end", "eindpunt", t("plan.meeting_end")),
    ):
        place = getattr(event, attr)
        match = _POINT.fullmatch(place) if place and place not in ids else None
        if match is None:
            continue
        lat, lon = float(match.group(1)), float(match.group(2))
        # bron_rij 0: no row in the stops file (see Plan.meeting_points)
        extra.append({"id": stop_id, "naam": name, "bezoekduur": 0.0, "bron_rij": 0,
                      "toestemming": True, "geometry": Point(lon, lat)})  # fmt: skip
        setattr(event, attr, stop_id)
    if not extra:
        return stops
    added = gpd.GeoDataFrame(extra, geometry="geometry", crs=stops.crs)
    joined = pd.concat([stops, added], ignore_index=True)
    out = gpd.GeoDataFrame(joined, geometry="geometry", crs=stops.crs)
    out.attrs = dict(stops.attrs)
    return out


def _check(
    stops: gpd.GeoDataFrame, matrix: WalkingMatrix, *, speed_kmh: float, visit_minutes: float
) -> list[str]:
    ids = [str(i) for i in stops["id"]]
    if ids != matrix.stop_ids:
        msg = "the walking matrix does not belong to these stops"
        raise ValueError(msg)
    if speed_kmh <= 0 or not math.isfinite(speed_kmh):
        raise PlanError(t("plan.bad_speed", value=speed_kmh))
    if visit_minutes < 0:
        raise PlanError(t("plan.bad_visit_minutes", value=visit_minutes))
    return ids


def _endpoints(
    ids: list[str],
    *,
    start: str | None,
    end: str | None,
    open_end: bool,
    labels: tuple[str, str] = ("start", "end"),
) -> tuple[int, int | None]:
    """Index of the start and of the end (the start again: round trip; None: open end).

    ``labels`` name the start and the end in messages, as the user gave them.
    """
    if open_end and end is not None:
        raise PlanError(t("plan.open_and_end"))
    start_id = start if start is not None else ids[0]
    for option, value in zip(labels, (start_id, end), strict=True):
        if value is not None and value not in ids:
            raise PlanError(t("plan.unknown_stop", option=option, value=value, ids=", ".join(ids)))
    s = ids.index(start_id)
    if open_end:
        return s, None
    return s, s if end is None or end == start_id else ids.index(end)


def _group(
    number: int,
    route: list[int],
    *,
    arrive: Sequence[float],
    depart: Sequence[float],
    ids: list[str],
    matrix: WalkingMatrix,
    speed_kmh: float,
    day: date,
) -> Group:
    """A group's visits (clock times rounded to the minute) and legs along the streets."""
    midnight = datetime.combine(day, time(0, 0))
    meters_per_minute = speed_kmh * 1000 / 60
    visits = [
        Visit(
            ids[i],
            pos + 1,
            _round_minute(midnight + timedelta(seconds=a)),
            _round_minute(midnight + timedelta(seconds=d)),
        )
        for pos, (i, a, d) in enumerate(zip(route, arrive, depart, strict=True))
    ]
    legs = []
    for a, b in itertools.pairwise(route):
        meters = float(matrix.meters[a, b])
        legs.append(
            Leg(
                ids[a],
                ids[b],
                meters,
                meters / meters_per_minute,
                matrix.leg_geometry(ids[a], ids[b]),
            )
        )
    return Group(t("plan.group_name", number=number), with_waiting(visits, legs), legs)


def with_waiting(visits: list[Visit], legs: list[Leg]) -> list[Visit]:
    """The visits with ``wait_minutes``: the time between getting there and the visit.

    As the schedule shows it: arrival minus the departure before it minus the walk
    (whole minutes); a group that leaves at 14:48, walks 2 minutes and is received
    at 14:55 waits 5 minutes.
    """
    out = visits[:1]
    for before, visit, leg in zip(visits, visits[1:], legs, strict=False):
        gap = round((visit.arrive - before.depart).total_seconds() / 60) - round(leg.minutes)
        out.append(replace(visit, wait_minutes=max(0, gap)))
    return out


_TIERS = {
    "moet": MUST,
    "must": MUST,
    "verplicht": MUST,
    "": NORMAL,
    "normaal": NORMAL,
    "normal": NORMAL,
    "optioneel": OPTIONAL,
    "optional": OPTIONAL,
}


def checked_matrix(
    graph: WalkingNetwork | nx.MultiDiGraph, stops: gpd.GeoDataFrame, event: Event
) -> WalkingMatrix:
    """The walking matrix, after checking the stops as a whole for this event.

    Snapping (a stop far from every street), the hosts' hours and priorities and the
    start host's hours are reported together in one `PlanError`, so that one round of
    messages names every problem it can.
    """
    from safari._errors import RoutingError
    from safari.routing import walking_matrix

    problems = check_stops(stops, event)
    try:
        matrix = walking_matrix(graph, stops)
    except RoutingError as exc:
        if not problems:
            raise
        found = [p.removeprefix("- ") for p in exc.problems] or [exc.message]
        problems = found + problems
    if problems:
        header = t("plan.stop_problems", file=stops.attrs.get("source", "?"), count=len(problems))
        raise PlanError(header, problems)
    return matrix


def check_stops(stops: gpd.GeoDataFrame, event: Event) -> list[str]:
    """Every problem of the stops for this event that can be named before routing.

    The hosts' hours and priorities (each with its row), and a start host who does
    not receive the groups when they leave. The command line adds the snapping
    problems, so that one round of messages names them all.
    """
    day = event.day or date.today()  # noqa: DTZ011  the organiser's own day
    windows, tiers, problems = _host_problems(stops, day)
    ids = [str(i) for i in stops["id"]]
    start = event.start if event.start in ids else ids[0]
    s = ids.index(start)
    if windows[s] == [] and _host_problems(stops.iloc[[s]], day)[2]:
        return problems  # the start's own hours are unreadable: already named
    n = len(ids)
    problem = Problem(
        travel_s=np.zeros((n, n), dtype=np.int64),
        meters=np.zeros((n, n)),
        visit_s=[round(60 * m) for m in _visit_minutes(stops, event.visit_minutes)],
        start=s,
        end=None,
        start_s=_seconds(event.start_time),
        windows=windows,
        tier=tiers,
        groups=event.groups,
        stagger_s=round(60 * event.stagger_minutes),
    )
    names = [as_plain(str(name)) for name in stops["naam"]]
    return problems + feasibility.meeting_places(
        problem, names, day=date_text(day, weekday=True), suggestions=[]
    )


def _hosts(
    stops: gpd.GeoDataFrame, day: date
) -> tuple[list[list[tuple[int, int]] | None], list[int]]:
    """Availability windows (seconds) and priority tier per stop; every problem at once."""
    windows, tiers, problems = _host_problems(stops, day)
    if problems:
        header = t("plan.stop_problems", file=stops.attrs.get("source", "?"), count=len(problems))
        raise PlanError(header, problems)
    return windows, tiers


def _host_problems(
    stops: gpd.GeoDataFrame, day: date
) -> tuple[list[list[tuple[int, int]] | None], list[int], list[str]]:
    problems: list[str] = []
    windows: list[list[tuple[int, int]] | None] = []
    tiers: list[int] = []
    rows = stops["bron_rij"] if "bron_rij" in stops.columns else range(2, len(stops) + 2)
    hours = stops["beschikbaar"] if "beschikbaar" in stops.columns else [""] * len(stops)
    prios = stops["prioriteit"] if "prioriteit" in stops.columns else [""] * len(stops)
    for row, cell, prio in zip(rows, hours, prios, strict=True):
        where = t("plan.row", row=int(row))
        text = as_plain(str(cell)) if isinstance(cell, str) else ""
        if not text.strip():
            windows.append(None)
        else:
            try:
                found = windows_on(text, day)
            except HoursError:
                problems.append(t("plan.bad_hours", where=where, value=text))
                found = []
            windows.append([(_seconds(w.opens.time()), _seconds_end(w)) for w in found])
        key = as_plain(str(prio)).strip().lower() if isinstance(prio, str) else ""
        if key not in _TIERS:
            problems.append(t("plan.bad_priority", where=where, value=key))
        tiers.append(_TIERS.get(key, NORMAL))
    return windows, tiers, problems


def _midnight_warnings(groups: list[Group]) -> list[str]:
    """A warning for each group that is still walking after midnight (issue 14)."""
    said = []
    for number, group in enumerate(groups, start=1):
        if not group.visits:
            continue
        first, last = group.visits[0].arrive, group.visits[-1].depart
        if last.date() > first.date():
            said.append(t("plan.past_midnight", group=number, end=f"{last:%H:%M}"))
    return said


def _wheelchair_warnings(stops: gpd.GeoDataFrame, event: Event) -> list[str]:
    if not event.step_free or "rolstoel" not in stops.columns:
        return []
    return [
        t("plan.no_wheelchair", stop=as_plain(str(name)))
        for name, chair in zip(stops["naam"], stops["rolstoel"], strict=True)
        if str(chair).strip().lower() in ("no", "nee")
    ]


def _explain(why: list[str], tips: list[str]) -> str:
    lines = [t("explain.header"), t("explain.why"), *(f"- {w}" for w in why)]
    unique = list(dict.fromkeys(tips))
    if unique:
        lines += [t("explain.try"), *(f"- {tip}" for tip in unique)]
    return "\n".join(lines)


def _seconds(clock: time) -> int:
    return clock.hour * 3600 + clock.minute * 60 + clock.second


def _seconds_end(window: Window) -> int:
    """A window's close in seconds since its day's midnight (midnight itself is 24:00)."""
    midnight = datetime.combine(window.opens.date(), time(0, 0))
    return int((window.closes - midnight).total_seconds())


def _visit_minutes(stops: gpd.GeoDataFrame, default: float) -> list[float]:
    if "bezoekduur" not in stops.columns:
        return [float(default)] * len(stops)
    values = stops["bezoekduur"].astype(float).to_numpy()
    return [float(default) if not np.isfinite(v) else float(v) for v in values]


def _round_minute(moment: datetime) -> datetime:
    return (moment + timedelta(seconds=30)).replace(second=0, microsecond=0)
