"""Choosing the stops of one round: which candidates, in which order (orienteering).

The first stage of `safari.heuristic`: among many candidates (with hours and
priorities), the stops one group can visit in the time there is, or the stops that all
groups can visit when they walk the same round (``rotatie``). The goal, in order: as many
normal stops as fit, then as many optional ones, then the shortest walk.

- **Insertion** (`_fill`): add the candidate that lengthens the walk least where it
  still fits, normal stops before optional ones.
- **Local search**: a shorter order of the same stops (2-opt, or-opt); leave one stop
  out when that makes room for more (`_swap`); trade one stop for another of the same
  or a higher priority, or move one, when the group is back earlier (`_replace`); take
  out a stretch of two or three and refill it (`_ruin`).
- **Iterated local search** (`choose`): take out a stretch of the round (its length
  and place move on each time, as in Vansteenwegen et al., 2009, for the orienteering
  problem with time windows), refill, and keep the best round seen; after `STALE`
  shakes without a better round, go on from the best one.

Every step is checked with the real schedule of all groups (`safari._schedule`): hours,
the end time and one group per venue. Everything is deterministic: no randomness, no
clock, ties broken by stop index; the searches are bounded by counts, not seconds.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import numpy as np

from safari._schedule import _Data, _finish, _fit, _makespan, schedule

if TYPE_CHECKING:
    from collections.abc import Sequence

    from safari._problem import Problem

#: How many candidates (cheapest first) are checked with the full schedule per insertion.
CHECKED = 16
#: Insertion positions tried per candidate (cheapest first).
POSITIONS = 3
#: Feasibility checks the ruin-and-recreate search may use, and the candidates it refills from.
RUIN_CHECKS = 4_000
RUIN_NEAR = 12
#: Shakes of the iterated local search, and shakes without a better round before it goes
#: back to the best round seen. Groups that share venues get a third of the shakes.
SHAKES = 50
STALE = 12
SHARED_SHAKE_DIVISOR = 3
#: Rounds kept per step of the beam search (`_beam`).
BEAM_WIDTH = 400
_NEVER = 10**9
#: Passes of the one-for-one trade (`_replace`).
REPLACE_PASSES = 20


_REORDER_MIN = 3  # fewer stops have only one order worth trying


def choose(d: _Data, cycle: list[int], others: Sequence[int]) -> list[int]:
    """The round with as many (weighted) stops as fit, then back early, then a short walk.

    ``cycle`` is a round that keeps every rule (its ``moet`` stops stay); ``others`` the
    candidates to choose from. Two starts: insertion into ``cycle``, and (without
    ``moet`` stops) the best round of a beam search (`_beam`); the better one after
    local search, then `SHAKES` rounds of iterated local search.
    """
    p = d.p
    best = _fill(d, cycle, others)
    if not cycle and not p.forbidden and not d.not_before:
        start = _beam(d, others)
        while start and not _cycle_ok(d, start):
            start = start[:-1]  # rotation: the other groups may not fit all of it
        start = _fill(d, start, others)
        if _key(d, start) > _key(d, best):
            best = start
    best = _polish(d, best, others)
    best_key = _key(d, best)
    polished = best
    current, size, place, stale = best, 1, 0, 0
    # groups that share venues: each check times every group, and CP-SAT follows
    for _ in range(SHAKES if not d.shared else SHAKES // SHARED_SHAKE_DIVISOR):
        free = [k for k, v in enumerate(current) if p.tier[v] != d.must]
        if not free:
            break
        size = min(size, len(free))
        out = {current[free[(place + j) % len(free)]] for j in range(size)}
        rest = [v for v in current if v not in out]
        trial = _fill(d, _reorder(d, rest), [v for v in others if v not in out])
        trial = _reorder(d, _fill(d, trial, others))
        place, size = place + size, size + 1
        if size > max(1, len(free) // 3):
            size = 1
        key = _key(d, trial)
        if key > best_key:
            best, best_key, stale = trial, key, 0
            size = 1
        else:
            stale += 1
        current = trial
        if stale >= STALE:
            current, stale = best, 0
    return best if best is polished else _polish(d, best, others)


def _beam(d: _Data, candidates: Sequence[int]) -> list[int]:
    """The best round a beam search finds for the first group alone (`BEAM_WIDTH` wide).

    Rounds grow one stop at a time. Of all ways to add one more stop that keep the host's
    hours and leave time to get back before the end, the `BEAM_WIDTH` best are kept: most
    (weighted) stops, then the earliest departure from the last stop; a set of stops ending
    at the same stop is kept once. Among everything seen, the round with most stops and the
    earliest return wins. Vectorised over all candidates at once (numpy).
    """
    p = d.p
    cand = np.array([v for v in candidates if p.windows[v] != []], dtype=np.int64)
    if not len(cand):
        return []
    t = p.travel_s.astype(np.int64)
    visit = np.array(d.visit, dtype=np.int64)
    spans = [
        [(o, c - d.visit[v]) for o, c in (d.win[v] or [(0, _NEVER)]) if c - d.visit[v] >= o]
        for v in cand
    ]
    width = max(len(s) for s in spans)
    opens = np.full((len(cand), width), _NEVER, dtype=np.int64)
    latest = np.full((len(cand), width), -_NEVER, dtype=np.int64)
    for k, span in enumerate(spans):
        for w, (o, last) in enumerate(span):
            opens[k, w], latest[k, w] = o, last
    weight = np.array([d.weight[p.tier[v]] for v in cand], dtype=np.int64)
    home = p.end if p.end is not None else p.start
    to_end = t[cand, home] + (visit[home] if p.end not in (None, p.start) else 0)
    if p.end is None:
        to_end = np.zeros(len(cand), dtype=np.int64)
    deadline = p.end_s if p.end_s is not None else _NEVER
    last = np.array([p.start])
    leave = np.array([p.start_s + d.visit[p.start]], dtype=np.int64)
    prize = np.array([0], dtype=np.int64)
    masks = [0]  # each round's stops as a bit mask: the key that keeps a set once
    visited = np.zeros((1, len(cand)), dtype=bool)  # the same, as rows for numpy
    routes: list[list[int]] = [[]]
    best: tuple[tuple[int, int], list[int]] | None = None
    for _depth in range(len(cand)):
        reach = leave[:, None] + t[last][:, cand]
        begin = np.full(reach.shape, _NEVER, dtype=np.int64)
        for w in range(width - 1, -1, -1):  # the first window that fits wins
            at = np.maximum(reach, opens[None, :, w])
            begin = np.where(at <= latest[None, :, w], at, begin)
        done = begin + visit[cand][None, :]
        ok = (begin < _NEVER) & (done + to_end[None, :] <= deadline) & ~visited
        if not ok.any():
            break
        rows, cols = np.nonzero(ok)
        gain = prize[rows] + weight[cols]
        order = np.lexsort((cols, rows, done[rows, cols], -gain))
        keep: list[int] = []
        seen: set[tuple[int, int]] = set()
        for o in order.tolist():
            key = (masks[rows[o]] | 1 << int(cols[o]), int(cols[o]))
            if key not in seen:
                seen.add(key)
                keep.append(o)
                if len(keep) == BEAM_WIDTH:
                    break
        picked = np.array(keep)
        r, c = rows[picked], cols[picked]
        routes = [[*routes[a], int(cand[b])] for a, b in zip(r.tolist(), c.tolist(), strict=True)]
        masks = [masks[a] | 1 << b for a, b in zip(r.tolist(), c.tolist(), strict=True)]
        last, leave, prize = cand[c], done[r, c], gain[picked]
        visited = visited[r]
        visited[np.arange(len(c)), c] = True
        backs = leave + to_end[c]
        top = int(np.lexsort((backs, -prize))[0])
        if best is None or (int(prize[top]), -int(backs[top])) > best[0]:
            best = ((int(prize[top]), -int(backs[top])), routes[top])
    route = [] if best is None else best[1]
    while route and _times(d, route) is None:  # a fixed end's own hours
        route = route[:-1]
    return route


def _polish(d: _Data, cycle: list[int], others: Sequence[int]) -> list[int]:
    """Local search until no move helps: reorder and refill, swap, ruin, replace."""
    for _ in range(3):
        before = _key(d, cycle)
        cycle = _fill(d, _reorder(d, cycle), others)
        cycle = _swap(d, cycle, others)
        cycle = _ruin(d, cycle, others)
        cycle = _replace(d, cycle, others)
        if _key(d, cycle) <= before:
            break
    return _reorder(d, cycle)


def _replace(d: _Data, cycle: list[int], others: Sequence[int]) -> list[int]:
    """Trade a chosen stop for a left-out one, or move a stop, while the group gets back earlier.

    The left-out stop has the same or a higher priority.
    Best trade per pass, at most `REPLACE_PASSES` passes; checked for the first group
    alone from its times, then (several groups) with the whole schedule.
    """
    p = d.p
    if p.forbidden:
        return cycle
    best, best_key = cycle, _key(d, cycle)
    for _ in range(REPLACE_PASSES):
        found: tuple[tuple[int, int, int], list[int]] | None = None
        for k, u in enumerate(best):
            if p.tier[u] == d.must:
                continue
            rest = best[:k] + best[k + 1 :]
            times = _times(d, rest)
            if times is None:
                continue
            for v in others:
                if v in rest or p.tier[v] > p.tier[u] or p.windows[v] == []:
                    continue
                for _delay, pos in _shifts(d, rest, times, v)[:POSITIONS]:
                    if not _insert_fits(d, rest, times, pos, v):
                        continue
                    trial = [*rest[:pos], v, *rest[pos:]]
                    key = _key(d, trial)
                    if key > (found[0] if found else best_key) and (
                        p.groups == 1 or _cycle_ok(d, trial)
                    ):
                        found = (key, trial)
                    break
        if found is None:
            break
        best_key, best = found
    return best


def _key(d: _Data, cycle: Sequence[int]) -> tuple[int, int, int]:
    """Better rounds have a larger key: more (weighted) stops, then done earlier.

    Then a shorter walk (more room left for another stop).
    """
    times = _times(d, cycle)
    return _prize(d, cycle), -(times[-1] if times else _NEVER), -_length(d, cycle)


def _rotate(
    d: _Data, cycle: Sequence[int], variant: int = 0, offsets: Sequence[int] | None = None
) -> list[list[int]]:
    """Each group's route: the round entered at another point (evenly spread by default).

    ``variant`` 1 lets every second group walk the round the other way. Groups that
    leave together are interchangeable; they are ordered by their first stop (the
    solver's symmetry rule asks for that order).
    """
    p = d.p
    k = len(cycle)
    if offsets is None:
        offsets = [round(g * k / p.groups) if k else 0 for g in range(p.groups)]
    routes = []
    for g in range(p.groups):
        off = offsets[g] % k if k else 0
        route = list(cycle[off:]) + list(cycle[:off])
        if variant == 1 and g % 2 == 1:
            route = route[::-1]
        routes.append([v for v in route if d.allowed(g, v)])
    if symmetric(p):
        routes.sort(key=lambda r: r[0] + 1 if r else 0)
    return routes


def symmetric(p: Problem) -> bool:
    """Whether groups are interchangeable (same start, same rules, nothing to keep)."""
    return p.groups > 1 and p.stagger_s == 0 and not p.forbidden and not p.keep


def _cycle_ok(d: _Data, cycle: Sequence[int]) -> bool:
    """Whether the round works: for one group alone first (cheap), then for all groups."""
    d.checks += 1
    route = [v for v in cycle if d.allowed(0, v)]
    alone = schedule(d, [route] + [[]] * (d.p.groups - 1)) is not None
    if not alone or d.p.groups == 1 or not d.shared:
        return alone
    return any(_makespan(d, _rotate(d, cycle, variant)) is not None for variant in (0, 1))


def _insert_deltas(d: _Data, cycle: Sequence[int], v: int) -> list[tuple[int, int]]:
    """(extra seconds, position) of inserting ``v`` into the round, cheapest first."""
    p = d.p
    t, last = d.t, d.fixed_end
    out = []
    for pos in range(len(cycle) + 1):
        a = p.start if pos == 0 else cycle[pos - 1]
        if pos < len(cycle):
            b: int | None = cycle[pos]
        elif p.end is None:
            b = None
        else:
            b = last if last is not None else p.start
        extra = t[a][v] + d.visit[v] + (0 if b is None else t[v][b] - t[a][b])
        out.append((extra, pos))
    out.sort()
    return out


def _shifts(d: _Data, route: Sequence[int], times: list[int], v: int) -> list[tuple[int, int]]:
    """(delay, position) of inserting ``v``, least delay first, for the first group alone.

    The delay is how much later the walk goes on after the new visit (walking, waiting
    for the host to open, and the visit itself); positions where the visit itself does
    not fit the host's hours are left out.
    """
    p = d.p
    t, win, visit = d.t, d.win, d.visit
    end = d.fixed_end if d.fixed_end is not None else p.start
    out = []
    here, now = p.start, p.start_s + visit[p.start]
    for pos in range(len(route) + 1):
        if pos:
            here = route[pos - 1]
            now = times[pos - 1] + visit[here]
        begin = _fit(win[v], now + t[here][v], visit[v])
        if begin is None:
            continue
        if pos < len(route):
            nxt: int | None = route[pos]
        else:
            nxt = None if p.end is None else end
        after = begin + visit[v] + (0 if nxt is None else t[v][nxt])
        before = now + (0 if nxt is None else t[here][nxt])
        out.append((after - before, pos))
    out.sort()
    return out


def _fill(d: _Data, cycle: list[int], candidates: Sequence[int]) -> list[int]:
    """Add candidates by cheapest feasible insertion, by tier (normal before optional).

    Each insertion is first checked for the first group alone, from the times it already
    has (`_insert_fits`: cheap); only when that holds, with the whole schedule.
    """
    p = d.p
    cycle = list(cycle)
    quick = not p.forbidden
    for tier in (d.normal, d.optional):
        left = [v for v in candidates if p.tier[v] == tier and v not in cycle]
        while left:
            times = _times(d, cycle) if quick else None
            if times is None:
                ranked = sorted((_insert_deltas(d, cycle, v)[:POSITIONS], v) for v in left)
            else:
                ranked = sorted((_shifts(d, cycle, times, v)[:POSITIONS], v) for v in left)
                ranked = [(tries, v) for tries, v in ranked if tries]
            added = None
            for tries, v in ranked[:CHECKED]:
                for _extra, pos in tries:
                    if times is not None and not _insert_fits(d, cycle, times, pos, v):
                        continue
                    trial = [*cycle[:pos], v, *cycle[pos:]]
                    if (times is not None and p.groups == 1) or _cycle_ok(d, trial):
                        added, cycle = v, trial
                        break
                if added is not None:
                    break
            if added is None:
                break
            left.remove(added)
    return cycle


def _times(d: _Data, route: Sequence[int]) -> list[int] | None:
    """When the first group, alone, begins each visit of ``route``; last, when it is done."""
    p = d.p
    here, now = p.start, p.start_s + d.visit[p.start]
    out = []
    for v in route:
        begin = _fit(d.win[v], max(now + d.t[here][v], d.not_before.get((0, v), 0)), d.visit[v])
        if begin is None:
            return None
        out.append(begin)
        here, now = v, begin + d.visit[v]
    done = _finish(d, here, now)
    if done is None:
        return None
    out.append(done)
    return out


def _insert_fits(d: _Data, route: Sequence[int], times: list[int], pos: int, v: int) -> bool:
    """Whether ``v`` fits at ``pos`` for the first group alone (``times``: `_times`).

    Walks on from the new stop only until a visit begins at its old time: from there on
    nothing changes (the old route kept every rule).
    """
    d.checks += 1
    p = d.p
    if pos == 0:
        here, now = p.start, p.start_s + d.visit[p.start]
    else:
        here = route[pos - 1]
        now = times[pos - 1] + d.visit[here]
    t, win, visit, later = d.t, d.win, d.visit, d.not_before
    for k in range(pos - 1, len(route)):
        w = v if k < pos else route[k]
        begin = _fit(win[w], max(now + t[here][w], later.get((0, w), 0)), visit[w])
        if begin is None:
            return False
        if k >= pos and begin == times[k]:
            return True
        here, now = w, begin + visit[w]
    return _finish(d, here, now) is not None


def _prize(d: _Data, cycle: Sequence[int]) -> int:
    return sum(d.weight[d.p.tier[v]] for v in cycle)


def _reorder(d: _Data, cycle: list[int]) -> list[int]:
    """The same stops in a shorter order (2-opt and or-opt), when that keeps every rule."""
    if len(cycle) < _REORDER_MIN:
        return cycle
    tour = _shorter(d, cycle)
    if tour != cycle and _length(d, tour) < _length(d, cycle) and _cycle_ok(d, tour):
        return tour
    return cycle


def _shorter(d: _Data, cycle: list[int]) -> list[int]:
    """A shorter walk through the same stops: 2-opt and or-opt moves until none helps."""
    tour = list(cycle)
    best = _length(d, tour)
    improved = True
    while improved:
        improved = False
        k = len(tour)
        for a in range(k - 1):
            for b in range(a + 2, k + 1):
                trial = [*tour[:a], *tour[a:b][::-1], *tour[b:]]
                length = _length(d, trial)
                if length < best:
                    tour, best, improved = trial, length, True
        for a in range(k):
            for b in range(k):
                if a == b:
                    continue
                trial = [*tour[:a], *tour[a + 1 :]]
                trial.insert(b, tour[a])
                length = _length(d, trial)
                if length < best:
                    tour, best, improved = trial, length, True
    return tour


def _length(d: _Data, cycle: Sequence[int]) -> int:
    p = d.p
    last = d.fixed_end if d.fixed_end is not None else p.start
    hops = [p.start, *cycle] + ([last] if p.end is not None else [])
    return sum(d.t[a][b] for a, b in itertools.pairwise(hops))


def _reorder_any(d: _Data, cycle: list[int]) -> list[int]:
    """A short order of the stops, whether or not it keeps every rule."""
    return _shorter(d, cycle) if len(cycle) >= _REORDER_MIN else cycle


def _ruin(d: _Data, cycle: list[int], others: Sequence[int]) -> list[int]:
    """Ruin and recreate: take out a stretch of 2-3 stops, refill from the nearest candidates.

    Accepted when more (weighted) stops fit, or as many on a shorter walk. Bounded by
    `RUIN_CHECKS` feasibility checks (a count: deterministic).
    """
    p = d.p
    best, best_key = cycle, (_prize(d, cycle), -_length(d, cycle))
    start_checks = d.checks
    improved = True
    while improved and d.checks - start_checks < RUIN_CHECKS:
        improved = False
        k = len(best)
        for size in (2, 3):
            for a in range(max(0, k - size + 1)):
                out = best[a : a + size]
                if any(p.tier[u] == d.must for u in out):
                    continue
                rest = best[:a] + best[a + size :]
                near = sorted(
                    (v for v in others if v not in rest),
                    key=lambda v: (_insert_deltas(d, rest, v)[0][0], v),
                )[:RUIN_NEAR]
                trial = _fill(d, rest, near)
                key = (_prize(d, trial), -_length(d, trial))
                if key > best_key:
                    best, best_key, improved = trial, key, True
                    break
                if d.checks - start_checks >= RUIN_CHECKS:
                    break
            if improved or d.checks - start_checks >= RUIN_CHECKS:
                break
    return best


def _swap(d: _Data, cycle: list[int], others: Sequence[int]) -> list[int]:
    """Leave out one chosen stop when that makes room for more (by weight)."""
    p = d.p
    best, best_key = cycle, (_prize(d, cycle), -_length(d, cycle))
    for u in list(cycle):
        if p.tier[u] == d.must:
            continue
        rest = [v for v in cycle if v != u]
        trial = _fill(d, _reorder(d, rest), [v for v in others if v != u])
        key = (_prize(d, trial), -_length(d, trial))
        if key > best_key:
            best, best_key = trial, key
    return best
