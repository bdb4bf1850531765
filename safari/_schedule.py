"""Timing the groups' walks under every rule (hours, end time, one group per venue).

The building block of `safari.heuristic`: `schedule` times given routes, `check` says
which rule a solution breaks (independent of the solver).
"""

from __future__ import annotations

import heapq
import itertools
from typing import TYPE_CHECKING

from safari._problem import MUST, NORMAL, OPTIONAL, Problem, Solution

if TYPE_CHECKING:
    from collections.abc import Sequence


class _Data:
    """The problem as plain Python lists (fast to index in loops)."""

    def __init__(self, p: Problem, not_before: dict[tuple[int, int], int] | None = None) -> None:
        self.p = p
        self.t: list[list[int]] = p.travel_s.astype(int).tolist()
        self.visit = [int(v) for v in p.visit_s]
        self.win = [None if w is None else sorted(w) for w in p.windows]
        self.fixed_end = p.end if p.end not in (None, p.start) else None
        self.not_before = not_before or {}
        optional = sum(1 for i in p.venues if p.tier[i] == OPTIONAL)
        self.weight = {MUST: 0, NORMAL: optional + 1, OPTIONAL: 1}
        self.must, self.normal, self.optional = MUST, NORMAL, OPTIONAL
        self.shared = p.groups > 1 and p.mode == "rotatie"
        self.checks = 0  # feasibility checks so far (local searches count them, not seconds)

    def allowed(self, g: int, v: int) -> bool:
        return (g, v) not in self.p.forbidden

    def anyone(self, v: int) -> bool:
        return any(self.allowed(g, v) for g in range(self.p.groups))


def _fit(windows: list[tuple[int, int]] | None, now: int, visit: int) -> int | None:
    """The earliest start of a visit at or after ``now`` inside one of the windows."""
    if windows is None:
        return now
    for opens, closes in windows:
        begin = max(now, opens)
        if begin + visit <= closes:
            return begin
    return None


def schedule(d: _Data, routes: Sequence[Sequence[int]]) -> tuple[list[list[int]], list[int]] | None:
    """Arrival at each venue of each group's route, and when each group is back.

    Groups move in the order of their arrival times; at a venue shared by several
    groups (rotation) a group waits until the one before has left and the changeover
    is over. None when a host's hours, the end time or a fixed end cannot be kept.
    """
    p = d.p
    arrive: list[list[int]] = [[] for _ in routes]
    back = [0] * len(routes)
    free: dict[int, int] = {}
    heap: list[tuple[int, int]] = []
    pos = [0] * len(routes)
    for g, route in enumerate(routes):
        leave = p.start_s + g * p.stagger_s + d.visit[p.start]
        if route:
            heap.append((leave + d.t[p.start][route[0]], g))
        else:
            done = _finish(d, p.start, leave)
            if done is None:
                return None
            back[g] = done
    heapq.heapify(heap)
    while heap:
        ready, g = heapq.heappop(heap)
        route = routes[g]
        v = route[pos[g]]
        at = ready
        if d.shared:
            at = max(at, free.get(v, at))
        at = max(at, d.not_before.get((g, v), at))
        begin = _fit(d.win[v], at, d.visit[v])
        if begin is None:
            return None
        arrive[g].append(begin)
        free[v] = begin + d.visit[v] + p.changeover_s
        leave = begin + d.visit[v]
        pos[g] += 1
        if pos[g] < len(route):
            heapq.heappush(heap, (leave + d.t[v][route[pos[g]]], g))
        else:
            done = _finish(d, v, leave)
            if done is None:
                return None
            back[g] = done
    return arrive, back


def _finish(d: _Data, here: int, leave: int) -> int | None:
    """When a group that leaves ``here`` at ``leave`` is done (None: too late)."""
    p = d.p
    if p.end is None:
        done = leave
    elif p.end == p.start:
        done = leave + d.t[here][p.start]
    else:
        begin = _fit(d.win[p.end], leave + d.t[here][p.end], d.visit[p.end])
        if begin is None:
            return None
        done = begin + d.visit[p.end]
    if p.end_s is not None and done > p.end_s:
        return None
    return done


def _makespan(d: _Data, routes: Sequence[Sequence[int]]) -> int | None:
    found = schedule(d, routes)
    return None if found is None else max(found[1])


def check(p: Problem, solution: Solution) -> list[str]:
    """Every rule a solution breaks (empty: it keeps them all). Independent of the solver."""
    problems = []
    windows = [None if w is None else sorted(w) for w in p.windows]
    at_venue: dict[int, list[tuple[int, int]]] = {}
    for g, (route, arrive) in enumerate(zip(solution.routes, solution.arrive, strict=True)):
        if route[0] != p.start or arrive[0] != p.start_s + g * p.stagger_s:
            problems.append(f"group {g} does not leave the start on time")
        for k in range(1, len(route)):
            a, b = route[k - 1], route[k]
            stay = p.visit_s[a]
            if arrive[k] < arrive[k - 1] + stay + int(p.travel_s[a, b]):
                problems.append(f"group {g} reaches {b} too early")
        for v, at in zip(route[1:], arrive[1:], strict=True):
            if v == p.start:
                continue
            if (g, v) in p.forbidden:
                problems.append(f"group {g} visits forbidden {v}")
            w = windows[v]
            if w is not None and not any(o <= at and at + p.visit_s[v] <= c for o, c in w):
                problems.append(f"group {g} visits {v} outside its hours")
            if v != p.end:
                at_venue.setdefault(v, []).append((at, g))
        if p.end_s is not None and solution.back[g] > p.end_s:
            problems.append(f"group {g} is back too late")
    if p.mode == "rotatie" and p.groups > 1:
        problems += _overlaps(p, at_venue)
    return problems


def _overlaps(p: Problem, at_venue: dict[int, list[tuple[int, int]]]) -> list[str]:
    """Rotation: one line for each time two groups are at one host at once."""
    problems = []
    for v, visits in at_venue.items():
        visits.sort()
        for (a, _g), (b, _h) in itertools.pairwise(visits):
            if b < a + p.visit_s[v] + p.changeover_s:
                problems.append(f"two groups at {v} at once")
    return problems
