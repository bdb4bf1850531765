"""A good plan in a fraction of a second, without CP-SAT: choose the stops, order, schedule.

This is the first stage of `safari.scheduling.solve`, and its fallback: it always
returns a plan that keeps every rule (checked by `schedule`), or ``None`` when it
finds none (for example when a ``moet`` stop does not fit).

- **Choosing** (`safari.choose`, orienteering with hours and priorities): a beam
  search and insertion give a first round, an iterated local search improves it. Every
  step is checked with the real schedule of all groups.
- **Rotation** (``rotatie``): all groups walk the same round, each group entering it
  at another point (evenly spread), so that groups rarely meet at a venue; a group
  skips the stops it may not visit (`Problem.forbidden`).
- **Divided** (``verdeeld``): each stop goes to the group whose walk it lengthens
  least while keeping the groups about equally long; stops then move between groups
  while the last group gets back earlier.
- **Schedule** (`schedule`): groups walk their routes; a group that arrives at a venue
  still busy with another group (plus the changeover) waits, and so does a group
  that arrives before its host opens. The result keeps hours, the end time and
  one group per venue by construction.

Everything is deterministic: no randomness, no clock, ties broken by stop index.
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING

from safari._schedule import _Data, _finish, _fit, _makespan, check, schedule  # noqa: F401  used by name: heuristic.check, ...
from safari.choose import (
    POSITIONS,
    _cycle_ok,
    _insert_deltas,
    _prize,
    _reorder,
    _reorder_any,
    _rotate,
    choose,
    symmetric,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from safari._problem import Problem, Solution

#: Schedules the final local search (`improve`) may try.
MOVES = 20_000
#: Up to this many ways to choose the groups' entry points into the round, all are tried.
ENTRIES = 400


# --- rotation (and one group) ------------------------------------------------------------------


_REORDER_MIN = 3  # fewer stops have only one order worth trying


def _rotation(d: _Data, venues: list[int]) -> list[list[int]] | None:
    p = d.p
    must = [v for v in venues if p.tier[v] == d.must]
    cycle: list[int] = []
    for v in sorted(must, key=lambda v: _insert_deltas(d, [], v)[0]):
        tries = _insert_deltas(d, cycle, v)
        fits = [pos for _e, pos in tries if _cycle_ok(d, [*cycle[:pos], v, *cycle[pos:]])]
        pos = fits[0] if fits else tries[0][1]
        cycle.insert(pos, v)
    if not _cycle_ok(d, cycle):
        cycle = _reorder_any(d, cycle)
        if not _cycle_ok(d, cycle):
            return None
    others = [v for v in venues if p.tier[v] != d.must]
    cycle = choose(d, cycle, others)
    best = _entries(d, cycle)
    if best is None:
        return None
    return improve(d, best)


def _entries(d: _Data, cycle: list[int]) -> list[list[int]] | None:
    """The groups' entry points into the round (and directions) with the earliest return.

    All choices of different entry points when there are few (at most `ENTRIES`), else a
    hill climb from evenly spread ones: move one group's entry while that helps.
    """
    p = d.p
    k, groups = len(cycle), p.groups
    best: tuple[tuple[int, int], list[list[int]]] | None = None

    def score(offsets: Sequence[int], variant: int) -> tuple[int, int] | None:
        found = schedule(d, _rotate(d, cycle, variant, offsets))
        return None if found is None else (max(found[1]), sum(found[1]))

    for variant in (0, 1):
        even = [round(g * k / groups) if k else 0 for g in range(groups)]
        if groups == 1 or k < groups:
            choices: list[Sequence[int]] = [even]
        elif math.comb(k, groups) <= ENTRIES:
            choices = [c for c in itertools.combinations(range(k), groups) if c[0] == 0]
        else:
            choices = []
            current, now = even, score(even, variant)
            for _ in range(4 * groups):
                moved = False
                for g in range(1, groups):
                    for off in range(k):
                        if off in current:
                            continue
                        trial = sorted([*current[:g], off, *current[g + 1 :]])
                        value = score(trial, variant)
                        if value is not None and (now is None or value < now):
                            current, now, moved = trial, value, True
                if not moved:
                    break
            choices = [current]
        for offsets in choices:
            value = score(offsets, variant)
            if value is not None and (best is None or value < best[0]):
                best = (value, _rotate(d, cycle, variant, offsets))
    return None if best is None else best[1]


def improve(d: _Data, routes: list[list[int]]) -> list[list[int]]:
    """Local search on the groups' routes: the last group back earlier, then all groups.

    Moves: take one stop out of a group's route and put it elsewhere in the same route
    (or-opt), or walk a stretch the other way (2-opt); first improvement, the latest
    group first. At most `MOVES` schedules are tried (a count, not a clock).
    """
    found = schedule(d, routes)
    if found is None:
        return routes
    key = (max(found[1]), sum(found[1]))
    tries = 0
    fixed_order = symmetric(d.p)
    while tries < MOVES:
        improved = False
        now = schedule(d, routes)
        if now is None:  # routes only ever change to ones that schedule
            msg = "the improved routes no longer fit a schedule"
            raise RuntimeError(msg)
        for g in sorted(range(len(routes)), key=lambda g: (-now[1][g], g)):
            route = routes[g]
            k = len(route)
            moves = [("move", a, b) for a in range(k) for b in range(k) if a != b]
            moves += [("flip", a, b) for a in range(k) for b in range(a + 2, k + 1)]
            for kind, a, b in moves:
                if kind == "move":
                    trial = [*route[:a], *route[a + 1 :]]
                    trial.insert(b, route[a])
                else:
                    trial = [*route[:a], *route[a:b][::-1], *route[b:]]
                if fixed_order and trial[:1] != route[:1]:
                    continue  # keep the groups ordered by their first stop
                attempt = [*routes[:g], trial, *routes[g + 1 :]]
                tries += 1
                result = schedule(d, attempt)
                if result is not None and (max(result[1]), sum(result[1])) < key:
                    routes, key, improved = attempt, (max(result[1]), sum(result[1])), True
                    break
                if tries >= MOVES:
                    break
            if improved or tries >= MOVES:
                break
        if not improved:
            break
    return routes


# --- divided ---------------------------------------------------------------------------------


# Complexity above 14 (ruff C901): its two small inner helpers (`backs`, `place`) are
# counted with it; the greedy loop itself reads best in one piece.
def _divided(d: _Data, venues: list[int]) -> list[list[int]] | None:  # noqa: C901  see above
    p = d.p
    groups = p.groups
    routes: list[list[int]] = [[] for _ in range(groups)]

    def backs(rs: list[list[int]]) -> list[int] | None:
        found = schedule(d, rs)
        return None if found is None else found[1]

    def place(v: int, rs: list[list[int]]) -> list[list[int]] | None:
        """``rs`` with ``v`` where the last group gets back earliest (then least extra walk)."""
        best: tuple[tuple[int, int], list[list[int]]] | None = None
        for g in range(groups):
            if not d.allowed(g, v):
                continue
            for extra, pos in _insert_deltas(d, rs[g], v)[:POSITIONS]:
                trial = [list(r) for r in rs]
                trial[g].insert(pos, v)
                found = backs(trial)
                if found is None:
                    continue
                key = (max(found), extra)
                if best is None or key < best[0]:
                    best = (key, trial)
        return None if best is None else best[1]

    tiers = (d.must, d.normal, d.optional)
    for tier in tiers:
        left = [v for v in venues if p.tier[v] == tier]
        # far stops first: they decide the groups' directions
        left.sort(key=lambda v: (-(d.t[p.start][v] + d.t[v][p.start]), v))
        for v in left:
            trial = place(v, routes)
            if trial is None:
                if tier == d.must:
                    return None
                continue
            routes = trial
    # every group gets something to do
    for g in range(groups):
        if routes[g]:
            continue
        donors = sorted((h for h in range(groups) if len(routes[h]) > 1),
                        key=lambda h: -len(routes[h]))  # fmt: skip
        for h in donors:
            for v in list(routes[h]):
                if not d.allowed(g, v):
                    continue
                trial = [list(r) for r in routes]
                trial[h].remove(v)
                trial[g] = [v]
                if backs(trial) is not None:
                    routes = trial
                    break
            if routes[g]:
                break
    routes = _balance(d, routes, backs)
    clustered = _clusters(d, venues)
    if clustered is not None:
        clustered = _balance(d, clustered, backs)
        mine, theirs = backs(routes), backs(clustered)
        if theirs is not None:
            key_mine = (-_prize(d, [v for r in routes for v in r]), max(mine or [10**9]))
            key_theirs = (-_prize(d, [v for r in clustered for v in r]), max(theirs))
            if key_theirs < key_mine:
                routes = clustered
    return routes


# Complexity above 14 (ruff C901): seeding, the assign/re-centre rounds and the final
# insertion are one algorithm (k-medoids) and share its state.
def _clusters(d: _Data, venues: list[int]) -> list[list[int]] | None:  # noqa: C901  see above
    """Divided stops by k-medoids on walking times, each group's stops in the shortest order.

    Seeds: the stop farthest from the start, then each next the farthest from the seeds
    so far; a few rounds of assign-to-nearest and re-centre. Stops that do not fit (hours,
    end time) are added afterwards by cheapest insertion, or left out.
    """
    p = d.p
    t = d.t
    groups = p.groups
    allowed = [v for v in venues if any(d.allowed(g, v) for g in range(groups))]
    if len(allowed) < groups or p.forbidden:
        return None

    def gap(a: int, b: int) -> int:
        return t[a][b] + t[b][a]

    seeds = [max(allowed, key=lambda v: (gap(p.start, v), -v))]
    while len(seeds) < groups:
        seeds.append(max((v for v in allowed if v not in seeds),
                         key=lambda v: (min(gap(s, v) for s in seeds), -v)))  # fmt: skip
    members: list[list[int]] = []
    for _ in range(8):
        members = [[] for _ in range(groups)]
        for v in allowed:
            members[min(range(groups), key=lambda k: (gap(seeds[k], v), k))].append(v)
        new = [min(m, key=lambda c: (sum(gap(c, v) for v in m), c)) if m else seeds[k]
               for k, m in enumerate(members)]  # fmt: skip
        if new == seeds:
            break
        seeds = new
    routes = []
    for m in members:
        ordered = _reorder(_single(d), sorted(m)) if len(m) >= _REORDER_MIN else sorted(m)
        routes.append(ordered)
    found = schedule(d, routes)
    if found is None:
        # keep each group's stops that fit in order; the rest by insertion below
        kept: list[list[int]] = [[] for _ in range(groups)]
        for g, route in enumerate(routes):
            for v in route:
                trial = [list(r) for r in kept]
                trial[g].append(v)
                if schedule(d, trial) is not None:
                    kept = trial
        routes = kept
    placed = {v for r in routes for v in r}
    for v in sorted((v for v in allowed if v not in placed), key=lambda v: (p.tier[v], v)):
        found_v = insert(p, routes, v)
        if found_v is not None:
            routes = found_v[0]
    if any(p.tier[v] == d.must and v not in {x for r in routes for x in r} for v in venues):
        return None
    if any(not r for r in routes):
        return None
    return routes


def _single(d: _Data) -> _Data:
    """The same data seen as one group (for ordering one group's stops)."""
    from dataclasses import replace

    return _Data(replace(d.p, groups=1, forbidden=frozenset(), keep={}))


def _balance(
    d: _Data, routes: list[list[int]], backs: Callable[[list[list[int]]], list[int] | None]
) -> list[list[int]]:
    """Move stops away from the group that is back last while that gets it back earlier."""
    p = d.p
    for _ in range(4 * sum(len(r) for r in routes) + 4):
        now = backs(routes)
        if now is None:
            return routes
        key = (max(now), sum(now))
        late = max(range(p.groups), key=lambda g: (now[g], -g))
        improved = False
        for v in list(routes[late]):
            if len(routes[late]) == 1 and p.groups > 1:
                break
            for g in range(p.groups):
                if g == late or not d.allowed(g, v):
                    continue
                for _extra, pos in _insert_deltas(d, routes[g], v)[:POSITIONS]:
                    trial = [list(r) for r in routes]
                    trial[late].remove(v)
                    trial[g].insert(pos, v)
                    trial[late] = _reorder_route(d, trial[late], late)
                    found = backs(trial)
                    if found is not None and (max(found), sum(found)) < key:
                        routes, improved = trial, True
                        break
                if improved:
                    break
            if improved:
                break
        if not improved:
            return routes
    return routes


def _reorder_route(d: _Data, route: list[int], g: int) -> list[int]:
    """One group's stops in the shortest order, if that keeps the hours (verdeeld)."""
    if len(route) < _REORDER_MIN:
        return route
    single = [[] for _ in range(d.p.groups)]  # type: list[list[int]]
    single[g] = route
    tour = _reorder(d, route)
    single[g] = tour
    return tour if schedule(d, single) is not None else route


# --- the whole plan ----------------------------------------------------------------------------


def plan(p: Problem) -> Solution | None:
    """A plan that keeps every rule, or None when none was found.

    With `Problem.keep` (re-planning), the previous routes are tried first, each visit
    no earlier than its old time, so that every visit that can keep its time keeps it.
    """
    from safari._problem import Solution

    venues = [v for v in p.venues if p.windows[v] != [] and _reachable(p, v)]
    d = _Data(p)
    candidates: list[list[list[int]]] = []
    if p.keep:
        kept = _previous_routes(p, venues)
        if kept is not None:
            dk = _Data(p, not_before={k: max(0, s - 30) for k, s in p.keep.items()})
            if schedule(dk, kept) is not None:
                routes = _extend(dk, kept, venues)
                found = schedule(dk, routes)
                if found is not None:
                    return _solution(dk, routes, found, Solution)
    dd = _Data(p)
    if p.mode == "verdeeld" and p.groups > 1:
        routes_v = _divided(dd, venues)
        if routes_v is not None:
            candidates.append(routes_v)
    else:
        routes_r = _rotation(dd, venues)
        if routes_r is not None:
            candidates.append(routes_r)
    best = None
    for routes in candidates:
        found = schedule(d, routes)
        if found is None:
            continue
        if any(p.tier[v] == d.must and not any(v in r for r in routes) for v in p.venues):
            continue
        key = (-_prize(d, sorted({v for r in routes for v in r})), max(found[1]))
        if best is None or key < best[0]:
            best = (key, routes, found)
    if best is None:
        return None
    return _solution(d, best[1], best[2], Solution)


def _reachable(p: Problem, v: int) -> bool:
    return any((g, v) not in p.forbidden for g in range(p.groups))


def _previous_routes(p: Problem, venues: list[int]) -> list[list[int]] | None:
    """The old routes (stops still there), in the old order of arrival."""
    by_group: list[list[tuple[int, int]]] = [[] for _ in range(p.groups)]
    for (g, v), at in sorted(p.keep.items()):
        if g < p.groups and v in venues and (g, v) not in p.forbidden:
            by_group[g].append((at, v))
    return [[v for _at, v in sorted(items)] for items in by_group]


# Complexity above 14 (ruff C901): rotation and divided mode try a new stop the same way,
# each with its own fit test, side by side so the two stay alike.
def _extend(d: _Data, routes: list[list[int]], venues: list[int]) -> list[list[int]]:  # noqa: C901  see above
    """Add stops the old plan did not have, where they fit without moving any old visit."""
    p = d.p
    routes = [list(r) for r in routes]
    taken = {v for r in routes for v in r}
    rotation = p.mode == "rotatie" or p.groups == 1
    for v in venues:
        if v in taken:
            continue
        if rotation:
            trial = [list(r) for r in routes]
            ok = True
            for g in range(p.groups):
                if not d.allowed(g, v):
                    continue
                placed = False
                for _e, pos in _insert_deltas(d, trial[g], v):
                    attempt = [*trial[g][:pos], v, *trial[g][pos:]]
                    if _same_times(d, routes, trial, g, attempt):
                        trial[g] = attempt
                        placed = True
                        break
                if not placed:
                    ok = False
                    break
            if ok:
                routes = trial
                taken.add(v)
        else:
            for g in range(p.groups):
                if not d.allowed(g, v):
                    continue
                done = False
                for _e, pos in _insert_deltas(d, routes[g], v):
                    attempt = [*routes[g][:pos], v, *routes[g][pos:]]
                    trial = [list(r) for r in routes]
                    trial[g] = attempt
                    if _same_times(d, routes, trial, g, attempt):
                        routes, done = trial, True
                        break
                if done:
                    taken.add(v)
                    break
    return routes


def _same_times(
    d: _Data, old: list[list[int]], trial: list[list[int]], g: int, attempt: list[int]
) -> bool:
    """Whether ``trial`` (``attempt`` as group g's route) keeps every old visit's time."""
    trial = [list(r) for r in trial]
    trial[g] = attempt
    before, after = schedule(d, old), schedule(d, trial)
    if before is None or after is None:
        return False
    for h, route in enumerate(old):
        times = dict(zip(trial[h], after[0][h], strict=True))
        for v, at in zip(route, before[0][h], strict=True):
            if times.get(v) != at:
                return False
    return True


def _solution(
    d: _Data,
    routes: Sequence[Sequence[int]],
    found: tuple[list[list[int]], list[int]],
    solution_cls: type[Solution],
) -> Solution:
    """The routes and their times in the solver's `Solution` form."""
    p = d.p
    arrive_v, back = found
    out_routes: list[list[int]] = []
    arrive: list[list[int]] = []
    depart: list[list[int]] = []
    chosen: set[int] = set()
    for g, route in enumerate(routes):
        chosen.update(route)
        leave = p.start_s + g * p.stagger_s
        nodes = [p.start, *route]
        times = [leave, *arrive_v[g]]
        stay = [d.visit[n] for n in nodes]
        if d.fixed_end is not None:
            nodes.append(d.fixed_end)
            times.append(back[g] - d.visit[d.fixed_end])
            stay.append(d.visit[d.fixed_end])
        elif p.end == p.start:
            nodes.append(p.start)
            times.append(back[g])
            stay.append(0)
        out_routes.append(nodes)
        arrive.append(times)
        depart.append([a + s for a, s in zip(times, stay, strict=True)])
    dropped = [v for v in p.venues if v not in chosen]
    return solution_cls(out_routes, arrive, depart, dropped, list(back), optimal=False)


def insert(
    p: Problem,
    routes: list[list[int]],
    v: int,
    *,
    positions: int | None = 4,
    budget: list[int] | None = None,
) -> tuple[list[list[int]], tuple[list[list[int]], list[int]]] | None:
    """The routes with stop ``v`` added where it fits, and their schedule (None: nowhere).

    Rotation: every group that may visit ``v`` gets it; divided: the one group where
    the last group is back earliest. Per group the ``positions`` cheapest places are
    tried; None: every place (in rotation the places of all groups are searched together,
    see `_insert_searched`, using at most ``budget[0]`` checks).
    """
    d = _Data(p)
    trial = [list(r) for r in routes]
    groups = [g for g in range(p.groups) if d.allowed(g, v)]
    if not groups:
        return None
    if positions is None and (p.mode == "rotatie" or p.groups == 1):
        return _insert_searched(d, trial, groups, v, [INSERT_CHECKS] if budget is None else budget)
    if p.mode == "rotatie" or p.groups == 1:
        for g in groups:
            placed = False
            for _extra, pos in _insert_deltas(d, trial[g], v)[:positions]:
                attempt = [list(r) for r in trial]
                attempt[g].insert(pos, v)
                if schedule(d, attempt) is not None:
                    trial, placed = attempt, True
                    break
            if not placed:
                return None
        found = schedule(d, trial)
        return None if found is None else (trial, found)
    best = None
    for g in groups:
        for _extra, pos in _insert_deltas(d, trial[g], v)[:positions]:
            if budget is not None:
                if budget[0] <= 0:
                    return best
                budget[0] -= 1
            attempt = [list(r) for r in trial]
            attempt[g].insert(pos, v)
            found = schedule(d, attempt)
            if found is not None and (best is None or max(found[1]) < max(best[1][1])):
                best = (attempt, found)
    return best


def _insert_searched(
    d: _Data, routes: list[list[int]], groups: list[int], v: int, budget: list[int]
) -> tuple[list[list[int]], tuple[list[list[int]], list[int]]] | None:
    """Rotation: ``v`` into every group's route, the places chosen together.

    The choices are each group's cheapest places combined, and the same place in every
    route (right after the same stop), tried cheapest in all first; each checked whole:
    with one group per venue, a route that fits while the other groups lack ``v`` may not
    fit once they have it, and the other way round. At most `INSERT_CHECKS` checks, and
    no more than ``budget[0]`` (which is counted down; deterministic).
    """
    deltas = [_insert_deltas(d, routes[g], v) for g in groups]  # cheapest first
    extra = [{pos: cost for cost, pos in found} for found in deltas]
    per_group = max(1, int(INSERT_CHECKS ** (1 / len(groups))))
    choices = set(itertools.product(*[[pos for _, pos in found[:per_group]] for found in deltas]))
    for after in {u for g in groups for u in routes[g]}:
        if all(after in routes[g] for g in groups):
            choices.add(tuple(routes[g].index(after) + 1 for g in groups))
    choices.add(tuple(0 for _ in groups))

    def cost(choice: tuple[int, ...]) -> tuple[int, tuple[int, ...]]:
        return sum(e[pos] for e, pos in zip(extra, choice, strict=True)), choice

    ordered = sorted(choices, key=cost)
    for choice in ordered[:INSERT_CHECKS]:
        if budget[0] <= 0:
            return None
        budget[0] -= 1
        trial = [list(r) for r in routes]
        for g, pos in zip(groups, choice, strict=True):
            trial[g].insert(pos, v)
        timed = schedule(d, trial)
        if timed is not None:
            return trial, timed
    return None


#: Schedule checks one searched insertion (`_insert_searched`) may use.
INSERT_CHECKS = 400
#: Schedule checks all trades of one plan may use together (`_trade_left_out`).
TRADE_CHECKS = 2_000
#: Pairs of chosen stops are traded for one left-out stop only up to this many candidates.
_TRADE_PAIRS_MAX = 12


def add_left_out(p: Problem, s: Solution) -> Solution:
    """The plan with every left-out stop added that still fits (normal before optional).

    A last check after the solver: a stop that fits without breaking a rule is never
    left out. Then each left-out stop may take the place of a chosen stop of a lower
    priority (a normal stop instead of an optional one), each group fitting it in where
    it fits best, not all in one shared order. Times of a changed plan come from
    `schedule` (rules kept by construction).
    """
    from safari._problem import Solution

    d = _Data(p)
    ends = (p.start, p.end)
    routes = [[v for v in r if v not in ends] for r in s.routes]
    added = False
    left = sorted(s.dropped, key=lambda v: (p.tier[v], v))
    for v in left:
        if p.windows[v] == []:
            continue
        found = insert(p, routes, v)
        if found is not None:
            routes, added = found[0], True
    traded = _trade_left_out(p, routes, [v for v in left if not any(v in r for r in routes)])
    if traded is not None:
        routes, added = traded, True
    if not added:
        return s
    timed = schedule(d, routes)
    if timed is None:
        return s
    return _solution(d, routes, timed, Solution)


def _trade_left_out(p: Problem, routes: list[list[int]], left: list[int]) -> list[list[int]] | None:
    """The routes with left-out stops traded in for chosen ones of a lower priority.

    Greedy, best priority first: the first chosen stop, or pair of chosen stops, of a
    lower priority (and a lower weight together) whose place the left-out stop can take;
    the stops traded out are then added back where they still fit. A stop that does not
    fit even on its own is not tried. All trades together use at most `TRADE_CHECKS`
    schedule checks. None when no trade was found.
    """
    d = _Data(p)
    budget = [TRADE_CHECKS]
    changed = False
    for v in left:
        if p.windows[v] == [] or any(v in r for r in routes) or budget[0] <= 0:
            continue
        budget[0] -= p.groups
        if insert(p, [[] for _ in routes], v) is None:
            continue  # not even alone: no trade can make room for it
        lower = sorted(
            {u for r in routes for u in r if p.tier[u] > p.tier[v]}, key=lambda u: (-p.tier[u], u)
        )
        outs: list[tuple[int, ...]] = [(u,) for u in lower]
        if len(lower) <= _TRADE_PAIRS_MAX:
            outs += [
                pair
                for pair in itertools.combinations(lower, 2)
                if sum(d.weight[p.tier[u]] for u in pair) < d.weight[p.tier[v]]
            ]
        for out in outs:
            if budget[0] <= 0:
                break
            rest = [[w for w in r if w not in out] for r in routes]
            found = insert(p, rest, v, positions=None, budget=budget)
            if found is not None:
                routes, changed = found[0], True
                for u in out:
                    again = insert(p, routes, u, positions=None, budget=budget)
                    if again is not None:
                        routes = again[0]
                break
    return routes if changed else None
