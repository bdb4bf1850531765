"""The safari as a scheduling problem, solved with OR-Tools CP-SAT.

One model covers every event: one circuit per group through the stops it visits,
clock times that follow the walks and visits, each visit inside its host's
availability, everyone back before the end, and per venue no two groups at once
(interval variables with NoOverlap, the changeover time added to every visit).

``rotatie``: every group visits every selected stop. ``verdeeld``: each selected stop
is visited by exactly one group. Stops may be left out by priority (never a
``moet`` stop). Objectives, in order (each solved, then fixed for the next): leave
out as little as possible (normal stops weigh more than optional ones), then the
time the last group is back, then the total walking distance; last, every arrival
as early as that plan allows (no needless waiting in the schedule).

The start and the end are the meeting places: all groups may be there together.
All times are whole seconds since midnight of the event's day.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from ortools.sat.python import cp_model

from safari._errors import SolverTimeout
from safari._order import best_order
from safari.i18n import t

log = logging.getLogger(__name__)

MUST, NORMAL, OPTIONAL = 0, 1, 2
_DAY = 86_400


@dataclass
class Problem:
    """Everything the solver needs, as plain numbers.

    ``windows[i]`` is ``None`` when stop ``i`` can always receive a group, else the
    list of ``(opens, closes)`` seconds; a visit must lie wholly inside one of them.
    ``end`` is the index of the last stop, equal to ``start`` for a round trip, or
    ``None`` for an open end. ``time_limit_s`` is the solver's time for all stages.
    """

    travel_s: np.ndarray
    meters: np.ndarray
    visit_s: list[int]
    start: int
    end: int | None
    start_s: int
    end_s: int | None = None
    windows: list[list[tuple[int, int]] | None] = field(default_factory=list)
    tier: list[int] = field(default_factory=list)
    groups: int = 1
    mode: str = "rotatie"
    changeover_s: int = 0
    stagger_s: int = 0
    time_limit_s: float = 10.0

    def __post_init__(self) -> None:
        n = len(self.visit_s)
        if not self.windows:
            self.windows = [None] * n
        if not self.tier:
            self.tier = [MUST] * n

    @property
    def venues(self) -> list[int]:
        """Stops other than the start and the end (the ones groups take turns at)."""
        return [i for i in range(len(self.visit_s)) if i not in (self.start, self.end)]


@dataclass
class Solution:
    """Per group the stops in order with arrival and departure seconds."""

    routes: list[list[int]]
    arrive: list[list[int]]
    depart: list[list[int]]
    dropped: list[int]
    back: list[int]
    optimal: bool

    @property
    def makespan(self) -> int:
        """When the last group is back (seconds since midnight)."""
        return max(self.back)


def solve(
    problem: Problem, *, progress: Callable[[int, int], None] | None = None
) -> Solution | None:
    """Best schedule for the problem, or ``None`` when no schedule exists.

    Stages, each a CP-SAT solve that keeps the previous stage's optimum: fewest
    (weighted) stops left out, then earliest return of the last group, then the
    groups back as early as they can (balanced), then least walking, then no
    needless waiting. When a later stage runs out of time, the plan of the stage
    before is returned (marked not optimal). ``progress(done, total)`` is called
    before each stage and at the end (for a progress bar).

    Raises
    ------
    SolverTimeout
        When no plan was found in the time and none could be built by insertion.
    """
    model = _Model(problem)
    optimal = True
    deadline = time.monotonic() + problem.time_limit_s
    last: Solution | None = None
    for done, (stage, share) in enumerate(_STAGES):
        if progress is not None:
            progress(done, len(_STAGES))
        objective = model.objective(stage)
        if objective is None:
            continue
        model.cp.minimize(objective)
        status, solver = model.run(max(0.5, share * (deadline - time.monotonic())))
        if status == cp_model.INFEASIBLE and last is None:
            return None
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            log.warning("stage %s found nothing in its time; keeping the plan so far", stage)
            if last is not None:
                return last
            fallback = model.fallback()
            if fallback is None:
                raise SolverTimeout(t("explain.timeout"))
            return fallback
        optimal = optimal and status == cp_model.OPTIMAL
        last = model.solution(solver, optimal=optimal)
        best = round(solver.objective_value)
        log.info("stage %s: %s (%s)", stage, best, solver.status_name(status))
        model.hint(solver)
        model.cp.add(objective <= best)
        model.cp.clear_objective()
        if stage == "walking":
            model.fix_routes(solver)
    if progress is not None:
        progress(len(_STAGES), len(_STAGES))
    if last is None:  # nothing to optimise: every stage was empty
        status, solver = model.run(max(0.5, deadline - time.monotonic()))
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        last = model.solution(solver, optimal=status == cp_model.OPTIMAL)
    return last


# Each stage may use this share of the time that is left (a stage proven early leaves more).
_STAGES = (
    ("dropped", 0.45),
    ("makespan", 0.5),
    ("balance", 0.5),
    ("walking", 0.75),
    ("no_waiting", 1.0),
)

#: With more stops than this, a stop is followed only by one of its nearest stops.
DENSE_LIMIT = 30
NEAREST = 12


def _successors(p: Problem) -> dict[int, list[int]]:
    """Which stop may follow which: all, or for many stops the `NEAREST` by walking time.

    Among hundreds of candidates a good walk never jumps to a far stop and back; leaving
    those steps out keeps the model small (the order among few stops stays exact).
    """
    venues = p.venues
    if len(venues) <= DENSE_LIMIT:
        return {j: [i for i in venues if i != j] for j in venues}
    index = np.array(venues)
    out = {}
    for j in venues:
        times = p.travel_s[j, index].astype(float)
        times[index == j] = np.inf
        out[j] = [int(index[k]) for k in np.argsort(times)[:NEAREST]]
    # also keep each stop reachable from its nearest ones (arcs in both directions)
    for j in venues:
        for i in list(out[j]):
            if j not in out[i]:
                out[i].append(j)
    return out


def _insertion_route(
    p: Problem, candidates: list[int], *, group: int, share: float = 1.0
) -> list[int]:
    """One group's route by cheapest insertion, keeping hours and the end time.

    Must-stops are inserted first. ``share`` (for ``verdeeld``) stops inserting once
    the route holds that share of the candidates.
    """
    route: list[int] = []
    left = sorted(candidates, key=lambda v: p.tier[v])
    limit = max(1, round(share * len(candidates)))
    while left and len(route) < limit:
        best: tuple[int, int, int, int] | None = None  # (tier, finish, position, stop)
        for v in left:
            for pos in range(len(route) + 1):
                finish = _finish(p, [*route[:pos], v, *route[pos:]], group)
                if finish is not None and (best is None or (p.tier[v], finish) < best[:2]):
                    best = (p.tier[v], finish, pos, v)
            if best is not None and best[0] < p.tier[v]:
                break  # a must-stop fits: insert it before looking at others
        if best is None:
            break
        route.insert(best[2], best[3])
        left.remove(best[3])
    return route


def _finish(p: Problem, route: list[int], group: int) -> int | None:
    """When a group walking ``route`` is done, or None if hours or the end time fail."""
    times = _simulate(p, route, group)
    return None if times is None else times[-1]


def _simulate(p: Problem, route: list[int], group: int) -> list[int] | None:
    """Earliest arrival at each stop of the full route (start ... end), and the return.

    None when a host's hours or the end time cannot be kept.
    """
    now = p.start_s + group * p.stagger_s
    arrivals = [now]
    now += p.visit_s[p.start]
    here = p.start
    stops = [*route] + ([p.end] if p.end not in (None, p.start) else [])
    for v in stops:
        now += int(p.travel_s[here, v])
        windows = p.windows[v]
        if windows is not None:
            fits = [max(o, now) for o, c in windows if max(o, now) + p.visit_s[v] <= c]
            if not fits:
                return None
            now = min(fits)
        arrivals.append(now)
        now += p.visit_s[v]
        here = v
    if p.end == p.start:
        now += int(p.travel_s[here, p.start])
    if p.end_s is not None and now > p.end_s:
        return None
    return [*arrivals, now]


class _Model:
    """The CP-SAT model of a `Problem`."""

    def __init__(self, p: Problem) -> None:
        self.p = p
        cp = self.cp = cp_model.CpModel()
        n = len(p.visit_s)
        horizon = 2 * _DAY
        self.true = cp.new_constant(1)
        venues = p.venues
        self.successors = _successors(p)
        self.selected = {i: cp.new_bool_var(f"selected_{i}") for i in venues}
        for i in venues:
            if p.tier[i] == MUST:
                cp.add(self.selected[i] == 1)
        self.visit: list[dict[int, cp_model.IntVar]] = []
        self.arrive: list[list[cp_model.IntVar]] = []
        self.arcs: list[dict[tuple[int, int], cp_model.IntVar]] = []
        self.back: list[cp_model.IntVar] = []
        for g in range(p.groups):
            visit = {i: cp.new_bool_var(f"g{g}_visit_{i}") for i in venues}
            arrive = [cp.new_int_var(0, horizon, f"g{g}_arrive_{i}") for i in range(n)]
            back = cp.new_int_var(0, horizon, f"g{g}_back")
            cp.add(arrive[p.start] == p.start_s + g * p.stagger_s)
            arcs = self._circuit(g, visit, arrive, back)
            if p.end_s is not None:
                cp.add(back <= p.end_s)
            for i in range(n):
                present = visit.get(i, self.true)
                self._window(i, arrive[i], present)
            self.visit.append(visit)
            self.arrive.append(arrive)
            self.arcs.append(arcs)
            self.back.append(back)
        for i in venues:
            if p.mode == "rotatie":
                for g in range(p.groups):
                    cp.add(self.visit[g][i] == self.selected[i])
            else:
                cp.add(sum(self.visit[g][i] for g in range(p.groups)) == self.selected[i])
        if p.mode == "verdeeld" and p.groups > 1:
            # Every group gets something to do (checked before: at least one stop each).
            for g in range(p.groups):
                cp.add(sum(self.visit[g].values()) >= 1)
        if p.groups > 1 and p.mode == "rotatie":
            for i in venues:
                length = p.visit_s[i] + p.changeover_s
                intervals = [
                    cp.new_optional_fixed_size_interval_var(
                        self.arrive[g][i], length, self.visit[g][i], f"g{g}_at_{i}"
                    )
                    for g in range(p.groups)
                ]
                cp.add_no_overlap(intervals)
        self.makespan = cp.new_int_var(0, horizon, "makespan")
        cp.add_max_equality(self.makespan, self.back)
        if p.stagger_s == 0 and p.groups > 1:
            # Groups that leave together are interchangeable: order them by first stop.
            first = [
                sum((j + 1) * self.arcs[g][(p.start, j)] for j in venues) for g in range(p.groups)
            ]
            for a, b in itertools.pairwise(first):
                cp.add(a <= b)
        self._initial_hint()

    def _initial_hint(self) -> None:
        """Start the solver from a good plan.

        Without a time limit or host hours: the shortest single tour, each group
        entering it at another point (``rotatie``) or taking one stretch of it
        (``verdeeld``). Otherwise: routes built by cheapest insertion that respect
        the hours and the end time, so the solver starts from a feasible plan.
        """
        p = self.p
        venues = p.venues
        if not venues:
            return
        if p.end_s is None and all(w is None for w in p.windows):
            nodes = [p.start, *venues]
            sub = p.travel_s[np.ix_(nodes, nodes)].astype(float)
            cycle = [nodes[k] for k in best_order(sub, start=0, end=0)[1:-1]]
            k = len(cycle)
            if p.mode == "rotatie":
                routes = [cycle[round(g * k / p.groups) :] + cycle[: round(g * k / p.groups)]
                          for g in range(p.groups)]  # fmt: skip
            else:
                routes = [cycle[round(g * k / p.groups) : round((g + 1) * k / p.groups)]
                          for g in range(p.groups)]  # fmt: skip
        elif p.mode == "rotatie":
            first = _insertion_route(p, venues, group=0)
            k = len(first)
            routes = [first[round(g * k / p.groups) :] + first[: round(g * k / p.groups)]
                      for g in range(p.groups)]  # fmt: skip
        else:
            routes, left = [], list(venues)
            for g in range(p.groups):
                routes.append(_insertion_route(p, left, group=g, share=1 / (p.groups - g)))
                left = [v for v in left if v not in routes[-1]]
        last = p.end if p.end not in (None, p.start) else p.start
        chosen = {v for route in routes for v in route}
        self.start_routes = routes
        for g, route in enumerate(routes):
            hops = set(itertools.pairwise([p.start, *route, last]))
            for (a, b), lit in self.arcs[g].items():
                self.cp.add_hint(lit, 1 if (a, b) in hops or (a == b and not route) else 0)
            times = _simulate(p, route, g)
            if times is not None:
                full = [p.start, *route] + ([p.end] if p.end not in (None, p.start) else [])
                for node, at in zip(full, times, strict=False):
                    self.cp.add_hint(self.arrive[g][node], at)
                self.cp.add_hint(self.back[g], times[-1])
        for i in venues:
            self.cp.add_hint(self.selected[i], 1 if i in chosen else 0)

    def fallback(self) -> Solution | None:
        """The starting plan itself, when it keeps every rule (used if the solver has no time).

        Only for one group or ``verdeeld``: there no venue can get two groups at once.
        """
        p = self.p
        routes = getattr(self, "start_routes", None)
        if routes is None or (p.groups > 1 and p.mode == "rotatie"):
            return None
        chosen = {v for route in routes for v in route}
        if any(p.tier[v] == MUST and v not in chosen for v in p.venues):
            return None
        out_routes, arrive, depart, back = [], [], [], []
        for g, route in enumerate(routes):
            times = _simulate(p, route, g)
            if times is None:
                return None
            full = [p.start, *route] + ([p.end] if p.end not in (None, p.start) else [])
            stay = [p.visit_s[v] for v in full]
            if p.end == p.start:
                full, times, stay = [*full, p.start], times, [*stay, 0]
            else:
                times = times[:-1]
            out_routes.append(full)
            arrive.append(times)
            depart.append([a + d for a, d in zip(times, stay, strict=True)])
            back.append(times[-1] + stay[-1])
        dropped = [v for v in p.venues if v not in chosen]
        return Solution(out_routes, arrive, depart, dropped, back, optimal=False)

    def _circuit(
        self,
        g: int,
        visit: dict[int, cp_model.IntVar],
        arrive: list[cp_model.IntVar],
        back: cp_model.IntVar,
    ) -> dict[tuple[int, int], cp_model.IntVar]:
        """One closed circuit through the start, the visited stops and the end."""
        p, cp = self.p, self.cp
        s, e = p.start, p.end
        arcs: dict[tuple[int, int], cp_model.IntVar] = {}
        circuit: list[tuple[int, int, cp_model.LiteralT]] = []

        def arc(a: int, b: int) -> cp_model.IntVar:
            lit = cp.new_bool_var(f"g{g}_{a}_{b}")
            arcs[(a, b)] = lit
            circuit.append((a, b, lit))
            return lit

        def after(a: int, b: int) -> int:
            return p.visit_s[a] + int(p.travel_s[a, b])

        for i, lit in visit.items():
            circuit.append((i, i, lit.negated()))
        for j in visit:
            cp.add(arrive[j] >= arrive[s] + after(s, j)).only_enforce_if(arc(s, j))
            for i in self.successors[j]:
                cp.add(arrive[i] >= arrive[j] + after(j, i)).only_enforce_if(arc(j, i))
        if e is None or e == s:
            # Back to the start (round trip), or done at the last stop (open end).
            def closing(i: int) -> int:
                return p.visit_s[i] + (int(p.travel_s[i, s]) if e == s else 0)

            for i in visit:
                cp.add(back >= arrive[i] + closing(i)).only_enforce_if(arc(i, s))
            alone = cp.new_bool_var(f"g{g}_no_stops")
            circuit.append((s, s, alone))
            cp.add(back >= arrive[s] + p.visit_s[s]).only_enforce_if(alone)
            arcs[(s, s)] = alone
        else:
            for i in visit:
                cp.add(arrive[e] >= arrive[i] + after(i, e)).only_enforce_if(arc(i, e))
            cp.add(arrive[e] >= arrive[s] + after(s, e)).only_enforce_if(arc(s, e))
            circuit.append((e, s, self.true))
            cp.add(back == arrive[e] + p.visit_s[e])
        cp.add_circuit(circuit)
        return arcs

    def _window(self, i: int, arrive: cp_model.IntVar, present: cp_model.IntVar) -> None:
        windows = self.p.windows[i]
        if windows is None:
            return
        visit = self.p.visit_s[i]
        spans = [[o, c - visit] for o, c in windows if c - visit >= o]
        if not spans:
            self.cp.add(present == 0)
            return
        domain = cp_model.Domain.from_intervals(spans)
        self.cp.add_linear_expression_in_domain(arrive, domain).only_enforce_if(present)

    def objective(self, stage: str) -> cp_model.LinearExprT | None:
        p = self.p
        if stage == "dropped":
            optional = sum(1 for i in p.venues if p.tier[i] == OPTIONAL)
            weights = {NORMAL: optional + 1, OPTIONAL: 1}
            terms = [
                weights[p.tier[i]] * (1 - self.selected[i]) for i in p.venues if p.tier[i] != MUST
            ]
            return sum(terms) if terms else None
        if stage == "makespan":
            return self.makespan
        if stage == "balance" and p.groups > 1:
            if p.mode == "verdeeld":  # groups about equally busy (walking and visits)
                busy = [
                    sum(p.visit_s[i] * v for i, v in self.visit[g].items())
                    + sum(int(p.travel_s[a, b]) * lit for (a, b), lit in self.arcs[g].items()
                          if a != b)
                    for g in range(p.groups)
                ]  # fmt: skip
                most = self.cp.new_int_var(0, 2 * _DAY, "most_busy")
                least = self.cp.new_int_var(0, 2 * _DAY, "least_busy")
                self.cp.add_max_equality(most, busy)
                self.cp.add_min_equality(least, busy)
                return most - least
            return sum(self.back)  # every group back as early as it can be, not only the last
        if stage == "balance":
            return None
        if stage == "no_waiting":  # the same plan, every arrival as early as it can be
            return sum(v for arrive in self.arrive for v in arrive)
        meters = np.rint(p.meters).astype(int)
        return sum(
            int(meters[a, b]) * lit for arcs in self.arcs for (a, b), lit in arcs.items() if a != b
        )

    def run(self, seconds: float) -> tuple[Any, cp_model.CpSolver]:
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = seconds
        solver.parameters.num_workers = 8
        solver.parameters.random_seed = 1
        status = solver.solve(self.cp)
        return status, solver

    def fix_routes(self, solver: cp_model.CpSolver) -> None:
        """Keep every group's route as found; only the clock times may still move."""
        for arcs in self.arcs:
            for lit in arcs.values():
                self.cp.add(lit == solver.value(lit))

    def hint(self, solver: cp_model.CpSolver) -> None:
        """Start the next stage from this solution."""
        self.cp.clear_hints()
        for arcs in self.arcs:
            for lit in arcs.values():
                self.cp.add_hint(lit, solver.value(lit))
        for arrive in self.arrive:
            for var in arrive:
                self.cp.add_hint(var, solver.value(var))
        for var in [*self.selected.values(), *self.back, self.makespan]:
            self.cp.add_hint(var, solver.value(var))
        for visit in self.visit:
            for var in visit.values():
                self.cp.add_hint(var, solver.value(var))

    def solution(self, solver: cp_model.CpSolver, *, optimal: bool) -> Solution:
        p = self.p
        routes, arrive, depart = [], [], []
        for g in range(p.groups):
            nxt = {a: b for (a, b), lit in self.arcs[g].items() if a != b and solver.value(lit)}
            route = [p.start]
            while route[-1] in nxt and nxt[route[-1]] not in (p.start,):
                route.append(nxt[route[-1]])
            if p.end == p.start and len(route) >= 1:
                route.append(p.start)
            times = [solver.value(self.arrive[g][i]) for i in route]
            if p.end == p.start:
                times[-1] = solver.value(self.back[g])
            stay = [p.visit_s[i] for i in route]
            if p.end == p.start:
                stay[-1] = 0
            routes.append(route)
            arrive.append(times)
            depart.append([t + d for t, d in zip(times, stay, strict=True)])
        dropped = [i for i in p.venues if not solver.value(self.selected[i])]
        return Solution(
            routes=routes,
            arrive=arrive,
            depart=depart,
            dropped=dropped,
            back=[solver.value(b) for b in self.back],
            optimal=optimal,
        )
