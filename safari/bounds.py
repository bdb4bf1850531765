"""How good a plan is: a lower bound on when the last group can be back.

A plan's quality is stated as "at most N minutes later than the best possible". The
bound holds for every plan that visits the same stops (each group the same set in
``rotatie``; the same stops in all in ``verdeeld``); it is the largest of:

- **per group**: the fastest walk through its stops with the visits (Held–Karp, exact,
  up to `EXACT_STOPS` stops; above that each stop entered by its cheapest step),
  ignoring hours and the other groups;
- **entering and leaving the round** (``rotatie``, groups leaving together): two groups
  cannot start at the same venue at once, so the groups' first stops are different
  venues or they queue there; the same holds for the last stop. With the exact fastest
  walk from (to) each venue, the best assignment of groups to first (last) venues and
  turns is a bound;
- **per venue**: all groups that visit a venue take turns there (visit plus changeover)
  inside its hours, reached at the earliest from the start and followed by the walk back;
- **CP-SAT's own bound**, when the solver gives one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import numpy as np

if TYPE_CHECKING:
    from safari._problem import Problem, Solution

#: Up to this many stops per group the fastest walk is computed exactly (Held–Karp).
EXACT_STOPS = 15


def lower_bound(p: Problem, s: Solution) -> int:
    """Seconds since midnight before which no plan with these stops can have everyone back."""
    ends = {p.start, p.end}
    sets = [[v for v in route if v not in ends] for route in s.routes]
    bounds = [s.makespan if s.proven else 0]
    if s.bound is not None:
        bounds.append(s.bound)
    d = _Walks(p)
    if p.mode == "verdeeld" and p.groups > 1:
        bounds.append(_divided(p, d, sorted({v for r in sets for v in r})))
    else:
        for g, stops in enumerate(sets):
            bounds.append(int(np.ceil(d.path(stops, p.start_s + g * p.stagger_s)[0])))
        same = all(sorted(r) == sorted(sets[0]) for r in sets)
        if p.groups > 1 and p.stagger_s == 0 and same and 0 < len(sets[0]) <= EXACT_STOPS:
            bounds.append(_queues(p, d, sets[0]))
        bounds.append(_venues(p, d, sets))
    return int(min(max(bounds), s.makespan))


class _Walks:
    """Fastest walks (service at a stop, then the walk on) on the problem's matrix."""

    def __init__(self, p: Problem) -> None:
        self.p = p
        self.t = p.travel_s.astype(float)
        self.visit = np.array(p.visit_s, dtype=float)

    def tail(self, v: int) -> float:
        """From arriving at ``v``: the visit and what follows to be done (back, or the end)."""
        p = self.p
        if p.end is None:
            return float(self.visit[v])
        extra = 0.0 if p.end == p.start else float(self.visit[p.end])
        return float(self.visit[v] + self.t[v, p.end] + extra)

    def path(
        self, stops: list[int], begin: int
    ) -> tuple[float, np.ndarray | None, np.ndarray | None]:
        """(earliest done, per first stop the rest, per last stop the earliest arrival).

        For one group that starts at ``begin`` (seconds since midnight) and visits
        ``stops``, each inside its host's hours (waiting allowed: the earliest arrival per
        set of stops seen and last stop is then exact, Held–Karp on times), alone on the
        streets. The arrays (None when not exact) hold, per stop ``f``, the fastest time
        from arriving at ``f`` until done having visited all stops (hours ignored), and per
        stop ``l`` the earliest arrival at ``l`` having visited all the others.
        """
        p = self.p
        if not stops:
            if p.end is None or p.end == p.start:
                return float(begin + self.visit[p.start]), None, None
            done = self.visit[p.start] + self.t[p.start, p.end] + self.visit[p.end]
            return float(begin + done), None, None
        m = len(stops)
        if m > EXACT_STOPS:
            return begin + self._relaxed(stops), None, None
        idx = np.array(stops)
        step = self.visit[idx][:, None] + self.t[np.ix_(idx, idx)]  # j -> k
        np.fill_diagonal(step, np.inf)
        opens, last = self._hours(stops)
        first = np.maximum(begin + self.visit[p.start] + self.t[p.start, idx], opens)
        first[first > last] = np.inf
        tails = np.array([self.tail(v) for v in stops])
        forward = _held_karp(step, first, opens, last)  # arrival at l having visited all
        free = np.full(m, -np.inf), np.full(m, np.inf)
        backward = _held_karp(step.T, tails, *free)  # from arriving at f: all, then done
        total = float(np.min(forward + tails))
        return total, backward, forward

    def _hours(self, stops: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """Per stop the first opening and the latest start of a visit (hours' outer span)."""
        opens, last = [], []
        for v in stops:
            windows = [(o, c) for o, c in (self.p.windows[v] or []) if c - o >= self.visit[v]]
            if self.p.windows[v] is None or not windows:
                opens.append(-np.inf)
                last.append(np.inf if self.p.windows[v] is None else -np.inf)
            else:
                opens.append(min(o for o, _c in windows))
                last.append(max(c for _o, c in windows) - self.visit[v])
        return np.array(opens, dtype=float), np.array(last, dtype=float)

    def _relaxed(self, stops: list[int]) -> float:
        """Every stop and the end entered once, by its cheapest step."""
        p = self.p
        idx = np.array(stops)
        sources = np.array([p.start, *stops])
        enter = self.visit[sources][:, None] + self.t[np.ix_(sources, idx)]
        enter[1:][np.eye(len(stops), dtype=bool)] = np.inf
        total = float(enter.min(axis=0).sum())
        last = np.array([self.tail(v) for v in stops])
        return total + float(last.min())


def _held_karp(
    step: np.ndarray, first: np.ndarray, opens: np.ndarray, last: np.ndarray
) -> np.ndarray:
    """Per node ``k``: the earliest arrival at ``k`` having visited all nodes.

    ``first[j]`` enters ``j``; a visit at ``k`` may start no earlier than ``opens[k]`` and
    no later than ``last[k]`` (waiting allowed, so earliest arrivals dominate).
    """
    m = len(first)
    size = 1 << m
    cost = np.full((size, m), np.inf)
    cost[1 << np.arange(m), np.arange(m)] = first
    ks = np.arange(m)
    for mask in range(1, size):
        row = cost[mask]
        if not np.isfinite(row).any():
            continue
        reach = np.maximum((row[:, None] + step).min(axis=0), opens)
        reach[reach > last] = np.inf
        out = ((mask >> ks) & 1) == 0
        nk = ks[out]
        nxt = mask | (1 << nk)
        cost[nxt, nk] = np.minimum(cost[nxt, nk], reach[nk])
    return cast("np.ndarray", cost[size - 1])


def _queues(p: Problem, d: _Walks, stops: list[int]) -> int:
    """Groups leaving together enter (and leave) the round at different venues, or queue."""
    _total, rest, arrival = d.path(stops, p.start_s)
    if rest is None or arrival is None:
        return 0
    leave = p.start_s + float(d.visit[p.start])
    turn = np.array([p.visit_s[v] + p.changeover_s for v in stops], dtype=float)
    tails = np.array([d.tail(v) for v in stops])
    k = np.arange(p.groups)[:, None]
    first = (leave + d.t[p.start, np.array(stops)] + rest)[None, :] + k * turn[None, :]
    last = (arrival + tails)[None, :] + k * turn[None, :]
    out = 0.0
    for slots in (first, last):
        values = np.sort(slots.ravel())
        out = max(out, float(values[p.groups - 1]))
    return int(np.ceil(out))


def _venues(p: Problem, d: _Walks, sets: list[list[int]]) -> int:
    """At each venue the groups take turns inside its hours; then the walk back."""
    out = 0.0
    for v in sorted({v for r in sets for v in r}):
        count = sum(1 for r in sets if v in r)
        earliest = p.start_s + float(d.visit[p.start] + d.t[p.start, v])
        windows = p.windows[v]
        if windows:
            opens = [o for o, c in sorted(windows) if c - p.visit_s[v] >= max(o, earliest)]
            if opens:
                earliest = max(earliest, float(opens[0]))
        last_turn = earliest + (count - 1) * (p.visit_s[v] + p.changeover_s)
        out = max(out, last_turn + d.tail(v))
    return int(np.ceil(out))


def _divided(p: Problem, d: _Walks, stops: list[int]) -> int:
    """Divided stops: the farthest stop, and the work shared over the groups."""
    if not stops:
        return p.start_s
    leave = p.start_s + float(d.visit[p.start])
    far = max(leave + float(d.t[p.start, v]) + d.tail(v) for v in stops)
    idx = np.array(stops)
    sources = np.array([p.start, *stops])
    enter = d.t[np.ix_(sources, idx)].copy()
    enter[1:][np.eye(len(stops), dtype=bool)] = np.inf
    work = float(enter.min(axis=0).sum() + d.visit[idx].sum())
    groups = min(p.groups, len(stops))
    home = 0.0 if p.end is None else float(min(d.t[v, p.end] for v in stops))
    shared = leave + (work + groups * home) / groups
    return int(np.ceil(max(far, shared)))


def gap_seconds(p: Problem, s: Solution) -> int:
    """How much later the last group is back than the bound allows at best."""
    return max(0, s.makespan - lower_bound(p, s))
