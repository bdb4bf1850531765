"""The safari as a scheduling problem, solved with OR-Tools CP-SAT.

One model covers every event: one circuit per group through the stops it visits,
clock times that follow the walks and visits, each visit inside its host's
availability, everyone back before the end, and per venue no two groups at once
(interval variables with NoOverlap, the changeover time added to every visit). Two
bounds these rules imply are stated as well, so that CP-SAT proves a plan best sooner: a
group is back no sooner than its walks and visits added up, nor than the walk home from
any stop it visits.

``rotatie``: every group visits every selected stop. ``verdeeld``: each selected stop
is visited by exactly one group. Stops may be left out by priority (never a
``moet`` stop). Objectives, in order (each solved, then fixed for the next): leave
out as little as possible (normal stops weigh more than optional ones), then the
time the last group is back, then the total walking distance; last, every arrival
as early as that plan allows (no needless waiting in the schedule).

The start and the end are the meeting places: all groups may be there together.
All times are whole seconds since midnight of the event's day.

Before CP-SAT, `safari.heuristic` builds a plan that keeps every rule and chooses the
stops among many candidates (`safari.choose`); CP-SAT then works on those stops and the
candidates nearest to them, starting from that plan. For one group CP-SAT is skipped
where it can add nothing: with more candidates than it would see (`DENSE_LIMIT`), or when
every stop is kept and the bound shows the return within a minute of the best. The
solver's budget is deterministic (CP-SAT's ``max_deterministic_time``, one worker, a
fixed seed): the same problem gives the same plan on every run and machine load.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
from ortools.sat.python import cp_model

from safari._errors import SolverTimeout
from safari._problem import _DAY, MUST, NORMAL, OPTIONAL, Problem, Solution
from safari.i18n import t

if TYPE_CHECKING:
    from collections.abc import Callable

log = logging.getLogger(__name__)


def solve(
    problem: Problem, *, progress: Callable[[int, int], None] | None = None
) -> Solution | None:
    """Best schedule for the problem, or ``None`` when no schedule exists.

    First a plan from `safari.heuristic` (choosing the stops among many, always keeping
    every rule). Then CP-SAT improves it on the chosen stops and the candidates nearest to
    them (at most `DENSE_LIMIT`), in stages that each keep the previous stage's optimum:
    fewest changed visits (re-planning), fewest (weighted) stops left out, earliest return
    of the last group, the groups back as early as they can (balanced), least walking, no
    needless waiting. The better of the two plans is returned (never worse than the
    heuristic). ``progress(done, total)`` is called before each stage and at the end.

    The budget ``time_limit_s`` is turned into CP-SAT's *deterministic* time (see
    `DTIME_PER_SECOND`), so the same problem gives the same plan on every run, however
    busy the machine. It is an upper limit: a stage stops when proven optimal, when its
    gap is below `GAP_LIMIT` (makespan: one minute, what the schedule shows), or when a
    round of `ROUND_DTIME` (`SHORT_ROUND_DTIME` for the polishing stages) brought no plan
    better by at least what the schedule shows.

    Raises
    ------
    SolverTimeout
        When neither the heuristic nor CP-SAT found a plan and none could be proven
        impossible.
    """
    from safari import _schedule, heuristic

    start = heuristic.plan(problem)
    if start is not None and _schedule.check(problem, start):
        log.warning("heuristic plan breaks a rule; not used: %s", _schedule.check(problem, start))
        start = None
    if start is not None and start.dropped and not problem.keep:
        more = heuristic.add_left_out(problem, start)
        start = start if _schedule.check(problem, more) else more
    if start is not None and _heuristic_enough(problem, start):
        return start
    nodes = _candidates(problem, start)
    sub = _restrict(problem, nodes)
    hint = None if start is None else _restrict_solution(start, nodes)
    model = _Model(sub, hint=hint, subset=len(nodes) < len(problem.visit_s))
    found = model.optimise(progress=progress)
    if found is None and model.infeasible and len(nodes) == len(problem.visit_s):
        return None
    lifted = None if found is None else _lift(found, nodes, problem)
    if lifted is not None and _schedule.check(problem, lifted):
        log.warning("solver plan breaks a rule: %s", _schedule.check(problem, lifted))
        lifted = None
    best = _better(problem, lifted, start)
    if best is None:
        if model.infeasible:
            return None
        raise SolverTimeout(t("explain.timeout"))
    if best.dropped and not problem.keep:
        more = heuristic.add_left_out(problem, best)
        if more is not best and not _schedule.check(problem, more):
            more.bound = None  # a new set of stops: CP-SAT's bound no longer applies
            best = more
    return best


def _heuristic_enough(p: Problem, start: Solution) -> bool:
    """Whether CP-SAT can add nothing that matters to the heuristic's plan for one group.

    One group shares no venue, so CP-SAT's venue rules are not needed. With more
    candidates than `DENSE_LIMIT`, CP-SAT would see only some of them and cannot do
    better at choosing than the heuristic's search over all of them; with fewer, it is
    left out only when every stop is kept and the bound (`safari.bounds`) shows the
    return within `GAP_LIMIT` of the best possible.
    """
    from safari.bounds import lower_bound

    if p.groups != 1 or p.keep:
        return False
    if len(p.venues) > DENSE_LIMIT:
        return True
    return not start.dropped and start.makespan - lower_bound(p, start) <= GAP_LIMIT["makespan"]


# Each stage may use this share of the budget that is left (a stage done early leaves more).
_STAGES = (
    ("dropped", 0.45),
    ("makespan", 0.5),
    ("balance", 0.5),
    ("walking", 0.75),
    ("no_waiting", 1.0),
)
#: A stage stops when its gap (objective minus CP-SAT's bound) is at most this: a minute
#: for times (the schedule shows minutes), 50 m for the walking, and per arrival half a
#: minute for the last stage. The counts of stops left out and of changed visits are exact.
GAP_LIMIT = {"makespan": 60.0, "balance": 60.0, "walking": 50.0}
#: CP-SAT works in rounds of this deterministic time; a round that brings no better plan
#: ends the stage ("no improvement for a while", counted deterministically). Better means
#: by at least what the schedule shows (`GAP_LIMIT`: a minute, 50 m); the best plan found
#: is kept either way.
ROUND_DTIME = 0.5
#: A shorter round for the polishing stages (every group back early, least walking): they
#: come after the return of the last group is fixed, and on the planning benchmark ending
#: them after a short round without a better plan gave the same or better plans than the
#: full round, with budget left for the rounds that did improve. When CP-SAT sees only some
#: of the candidates (more than `DENSE_LIMIT`), the heuristic has already chosen among all of
#: them, and the choosing stage gets the short round too. The return of the last group
#: (what the stated gap is about) keeps the full round.
SHORT_ROUND_DTIME = 0.2
#: A stage whose share of the budget is smaller still gets one round of this deterministic
#: time: enough for a stage that is quickly proven (the last one, no needless waiting, takes
#: almost none), and small, so that the budget stays an upper limit for small budgets too.
MIN_STAGE_DTIME = 0.05
#: ``Problem.time_limit_s`` is turned into CP-SAT's deterministic time with this factor:
#: measured on the project's 2-core machine under load, one deterministic second of these
#: models took 2-10 s of wall-clock time (about 4 typically), so a budget of 10 "seconds" is
#: 2.5 deterministic seconds. The wall-clock time a plan takes depends on the machine;
#: the plan does not.
DTIME_PER_SECOND = 0.25
#: One worker: CP-SAT's sequential search with a deterministic time limit is
#: reproducible (its parallel "interleave" mode is documented deterministic too, but
#: experimental, and was not reproducible on larger models).
WORKERS = 1

#: With more stops than this, a stop is followed only by one of its nearest stops; and the
#: model sees only the heuristic's chosen stops and the candidates nearest to them.
DENSE_LIMIT = 30
NEAREST = 12


def _candidates(p: Problem, start: Solution | None) -> list[int]:
    """Stops the model works on: all, or the chosen ones and the nearest other candidates."""
    ends = [p.start] + ([p.end] if p.end not in (None, p.start) else [])
    open_venues = [v for v in p.venues if p.windows[v] != []]
    if len(open_venues) <= DENSE_LIMIT:
        return sorted({*ends, *p.venues})
    chosen = {v for v in p.venues if p.tier[v] == MUST}
    routes = [] if start is None else [[v for v in r if v not in ends] for r in start.routes]
    for route in routes:
        chosen.update(route)
    rest = [v for v in open_venues if v not in chosen]
    t = p.travel_s

    def extra(v: int) -> int:
        best = int(t[p.start, v] + t[v, p.start])
        for route in routes:
            hops = [p.start, *route, p.start]
            for a, b in itertools.pairwise(hops):
                best = min(best, int(t[a, v] + t[v, b] - t[a, b]))
        return best

    rest.sort(key=lambda v: (extra(v), v))
    room = max(0, DENSE_LIMIT - len(chosen))
    return sorted({*ends, *chosen, *rest[:room]})


def _restrict(p: Problem, nodes: list[int]) -> Problem:
    """The problem on ``nodes`` only (indices renumbered in that order)."""
    if len(nodes) == len(p.visit_s):
        return p
    index = {v: k for k, v in enumerate(nodes)}
    return replace(
        p,
        travel_s=p.travel_s[np.ix_(nodes, nodes)],
        meters=p.meters[np.ix_(nodes, nodes)],
        visit_s=[p.visit_s[v] for v in nodes],
        start=index[p.start],
        end=None if p.end is None else index[p.end],
        windows=[p.windows[v] for v in nodes],
        tier=[p.tier[v] for v in nodes],
        forbidden=frozenset((g, index[v]) for g, v in p.forbidden if v in index),
        keep={(g, index[v]): at for (g, v), at in p.keep.items() if v in index},
    )


def _restrict_solution(s: Solution, nodes: list[int]) -> Solution:
    index = {v: k for k, v in enumerate(nodes)}
    return replace(
        s,
        routes=[[index[v] for v in r] for r in s.routes],
        dropped=[index[v] for v in s.dropped if v in index],
    )


def _lift(s: Solution, nodes: list[int], p: Problem) -> Solution:
    routes = [[nodes[k] for k in r] for r in s.routes]
    visited = {v for r in routes for v in r}
    return replace(s, routes=routes, dropped=[v for v in p.venues if v not in visited])


def changed_visits(p: Problem, s: Solution) -> int:
    """How many visits of `Problem.keep` the solution does not keep (group and minute)."""
    kept = 0
    for g, (route, arrive) in enumerate(zip(s.routes, s.arrive, strict=True)):
        for v, at in zip(route, arrive, strict=True):
            old = p.keep.get((g, v))
            if old is not None and old - 30 <= at < old + 30:
                kept += 1
    return len(p.keep) - kept


def _key(p: Problem, s: Solution) -> tuple[int, int, int, float]:
    optional = sum(1 for i in p.venues if p.tier[i] == OPTIONAL)
    weight = {MUST: 10**6, NORMAL: optional + 1, OPTIONAL: 1}
    left_out = sum(weight[p.tier[v]] for v in s.dropped)
    walked = sum(float(p.meters[a, b]) for r in s.routes for a, b in itertools.pairwise(r))
    return changed_visits(p, s), left_out, s.makespan, round(walked, 1)


def _better(p: Problem, a: Solution | None, b: Solution | None) -> Solution | None:
    """The better plan by the solver's order of objectives (``a`` on a tie)."""
    if a is None or b is None:
        return a or b
    return b if _key(p, b) < _key(p, a) else a


def _successors(p: Problem, hops: set[tuple[int, int]] | None = None) -> dict[int, list[int]]:
    """Which stop may follow which: all, or for many stops the `NEAREST` by walking time.

    Among hundreds of candidates a good walk never jumps to a far stop and back; leaving
    those steps out keeps the model small (the order among few stops stays exact). The
    steps of the starting plan (``hops``) are always kept, so that it stays a solution.
    """
    venues = p.venues
    if len(venues) <= DENSE_LIMIT:
        return {j: [i for i in venues if i != j] for j in venues}
    index = np.array(venues)
    out = {}
    for j in venues:
        times = p.travel_s[j, index].astype(float)
        times[index == j] = np.inf
        out[j] = [int(index[k]) for k in np.argsort(times, kind="stable")[:NEAREST]]
    for a, b in sorted(hops or ()):
        if a in out and b in out and b not in out[a]:
            out[a].append(b)
    # also keep each stop reachable from its nearest ones (arcs in both directions)
    for j in venues:
        for i in list(out[j]):
            if j not in out[i]:
                out[i].append(j)
    return out


def _walk_home(p: Problem) -> list[int]:
    """Per stop, seconds of walking to the end that no route can beat; 0 for an open end.

    The shortest walk hop by hop over the table (so it holds for any table), and never more
    than the direct walk less a second: walking times are shortest paths rounded up to whole
    seconds, so a walk via other stops is at most a second shorter than the direct one.
    """
    if p.end is None:
        return [0] * len(p.visit_s)
    t = np.asarray(p.travel_s, dtype=np.int64)
    d = t.copy()
    for k in range(len(d)):  # Floyd-Warshall: a few dozen stops
        d = np.minimum(d, d[:, k : k + 1] + d[k : k + 1, :])
    home = np.minimum(d[:, p.end], t[:, p.end] - 1).clip(min=0)
    return [int(v) for v in home]


class _Model:
    """The CP-SAT model of a `Problem`, started from ``hint`` (a plan keeping every rule).

    ``subset``: the problem holds only some of the candidates (see `SHORT_ROUND_DTIME`).
    """

    # Complexity above 14 (ruff C901): the CP-SAT model is built in one place, one family
    # of constraints after the other, so that the whole model can be read top to bottom.
    def __init__(  # noqa: C901  see above
        self, p: Problem, *, hint: Solution | None = None, subset: bool = False
    ) -> None:
        self.p = p
        self.infeasible = False
        # a stage's round, where not `ROUND_DTIME` (``subset``: CP-SAT sees only some stops)
        short = ("balance", "walking", "dropped") if subset else ("balance", "walking")
        self.rounds: dict[str, float] = dict.fromkeys(short, SHORT_ROUND_DTIME)
        cp = self.cp = cp_model.CpModel()
        n = len(p.visit_s)
        horizon = 2 * _DAY
        self.true = cp.new_constant(1)
        venues = p.venues
        hops: set[tuple[int, int]] = set()
        if hint is not None:
            for route in hint.routes:
                hops.update(itertools.pairwise(route))
        self.successors = _successors(p, hops)
        self.home = _walk_home(p)
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
            for i in venues:
                if not p.allowed(g, i):
                    cp.add(visit[i] == 0)
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
            allowed = [g for g in range(p.groups) if p.allowed(g, i)]
            if not allowed:
                cp.add(self.selected[i] == 0)
            elif p.mode == "rotatie":
                for g in allowed:
                    cp.add(self.visit[g][i] == self.selected[i])
            else:
                cp.add(sum(self.visit[g][i] for g in allowed) == self.selected[i])
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
                    if p.allowed(g, i)
                ]
                if len(intervals) > 1:
                    cp.add_no_overlap(intervals)
        self.makespan = cp.new_int_var(0, horizon, "makespan")
        cp.add_max_equality(self.makespan, self.back)
        from safari.choose import symmetric

        if symmetric(p):
            # Groups that leave together are interchangeable: order them by first stop
            # (the heuristic's plan is ordered the same way, so it stays a solution).
            first = [
                sum((j + 1) * self.arcs[g][(p.start, j)] for j in venues) for g in range(p.groups)
            ]
            for a, b in itertools.pairwise(first):
                cp.add(a <= b)
        self.kept: list[cp_model.IntVar] = []
        for (g, i), at in sorted(p.keep.items()):
            if g >= p.groups or i not in self.visit[g] or not p.allowed(g, i):
                continue
            k = cp.new_bool_var(f"g{g}_keep_{i}")
            cp.add(self.visit[g][i] == 1).only_enforce_if(k)
            cp.add(self.arrive[g][i] >= at - 30).only_enforce_if(k)
            cp.add(self.arrive[g][i] <= at + 29).only_enforce_if(k)
            self.kept.append(k)
        self.bound: int | None = None
        self.proven = {"dropped": False, "makespan": False}
        self.start = hint
        if hint is not None:
            self._hint_plan(hint)

    def _hint_plan(self, s: Solution) -> None:
        """Start from a plan that keeps every rule (the heuristic's)."""
        p, cp = self.p, self.cp
        last = p.end if p.end not in (None, p.start) else p.start
        chosen: set[int] = set()
        for g, (route, arrive) in enumerate(zip(s.routes, s.arrive, strict=True)):
            stops = [v for v in route if v in self.selected]
            chosen.update(stops)
            hops = set(itertools.pairwise([p.start, *stops, last]))
            for (a, b), lit in self.arcs[g].items():
                cp.add_hint(lit, 1 if (a, b) in hops else 0)
            for i, var in self.visit[g].items():
                cp.add_hint(var, 1 if i in stops else 0)
            times = dict(zip(route[: len(stops) + 1], arrive, strict=False))
            if p.end not in (None, p.start):
                times[p.end] = arrive[-1]
            for node, at in times.items():
                cp.add_hint(self.arrive[g][node], at)
            cp.add_hint(self.back[g], s.back[g])
        for i, var in self.selected.items():
            cp.add_hint(var, 1 if i in chosen else 0)
        cp.add_hint(self.makespan, s.makespan)

    # Complexity above 14 (ruff C901): the stages share one budget and one best plan; the
    # loop keeps their order and the time accounting visible together.
    def optimise(self, *, progress: Callable[[int, int], None] | None) -> Solution | None:  # noqa: C901  see above
        """Run the stages; the last plan found (None: none found, see ``infeasible``)."""
        p = self.p
        stages = ((("changes", 0.3),) if self.kept else ()) + _STAGES
        budget, used = float(p.time_limit_s) * DTIME_PER_SECOND, 0.0
        last: Solution | None = None
        optimal = True
        for done, (stage, share) in enumerate(stages):
            if progress is not None:
                progress(done, len(stages))
            objective = self.objective(stage)
            if objective is None:
                continue
            self.cp.minimize(objective)
            allowed = max(MIN_STAGE_DTIME, share * (budget - used))
            best: tuple[int, Solution] | None = None
            before = None if last is None and self.start is None else self._value(stage, last)
            stage_optimal = False
            spent, rounds = 0.0, 0
            while rounds == 0 or spent < allowed - MIN_STAGE_DTIME:  # one round at least
                rounds += 1
                round_dtime = self.rounds.get(stage, ROUND_DTIME)
                status, solver = self.run(min(round_dtime, allowed - spent), stage)
                spent += solver.deterministic_time
                if status == cp_model.INFEASIBLE:
                    if last is None:
                        self.infeasible = True
                        return None
                    break
                if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                    break
                value = round(solver.objective_value)
                bound = solver.best_objective_bound
                if stage == "makespan":
                    self.bound = max(self.bound or 0, int(np.ceil(bound)))
                known = [v for v in (before, None if best is None else best[0]) if v is not None]
                gain = max(1.0, GAP_LIMIT.get(stage, 0.0))  # what the schedule would show
                improved = not known or value <= min(known) - gain
                if best is None or value < best[0]:
                    best = (value, self.solution(solver, optimal=False))
                    self.hint(solver)
                if status == cp_model.OPTIMAL or value - bound <= GAP_LIMIT.get(stage, 0.0):
                    stage_optimal = status == cp_model.OPTIMAL or value - bound < 1
                    if stage in self.proven:
                        self.proven[stage] = True
                    break
                if not improved:
                    break
            used += spent
            if best is None:
                log.warning("stage %s found nothing in its budget; keeping the plan so far", stage)
                break
            optimal = optimal and stage_optimal
            value, last = best
            log.info("stage %s: %s (%s)", stage, value, "proven" if stage_optimal else "best found")
            self.cp.add(objective <= value)
            self.cp.clear_objective()
            if stage == "walking":
                self.fix_routes(last)
        if progress is not None:
            progress(len(stages), len(stages))
        if last is not None:
            last.optimal = optimal
            last.proven = self.proven["dropped"] and self.proven["makespan"]
            last.bound = self.bound
        return last

    def _value(self, stage: str, s: Solution | None) -> int | None:
        """The stage's objective for a plan (the one a stage starts from), if known."""
        p = self.p
        s = s if s is not None else self.start
        if s is None:
            return None
        if stage == "dropped":
            optional = sum(1 for i in p.venues if p.tier[i] == OPTIONAL)
            weights = {MUST: 0, NORMAL: optional + 1, OPTIONAL: 1}
            reachable = {i for i in p.venues if any(p.allowed(g, i) for g in range(p.groups))}
            return sum(weights[p.tier[i]] for i in s.dropped if i in reachable)
        if stage == "makespan":
            return s.makespan
        if stage == "changes":
            return changed_visits(p, s)
        if stage == "balance" and p.mode != "verdeeld":
            return sum(s.back)
        if stage == "walking":
            meters = np.rint(p.meters).astype(int)
            return sum(int(meters[a, b]) for r in s.routes for a, b in itertools.pairwise(r)
                       if a != b)  # fmt: skip
        return None

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
        self._bounds(arcs, arrive, back)
        return arcs

    def _bounds(
        self,
        arcs: dict[tuple[int, int], cp_model.IntVar],
        arrive: list[cp_model.IntVar],
        back: cp_model.IntVar,
    ) -> None:
        """Two bounds on when a group is back that the hop-by-hop rules above imply.

        Stated once, they let CP-SAT see at once that too many stops do not fit, or that
        no plan is back sooner (bounds, not new rules: no plan is lost). The group is back
        no sooner than all its walks and visits added up, and no sooner than the shortest
        walk home from any stop it visits (`_walk_home`).
        """
        p = self.p
        s, e = p.start, p.end
        end_visit = p.visit_s[e] if e is not None and e != s else 0
        terms = []
        for (a, b), lit in arcs.items():
            if a == b:
                terms.append(p.visit_s[s] * lit)
                continue
            walk = 0 if b == s and e is None else int(p.travel_s[a, b])
            terms.append((p.visit_s[a] + walk) * lit)
        self.cp.add(back >= arrive[s] + sum(terms) + end_visit)
        for (a, b), lit in arcs.items():
            if a == b or b in (s, e):
                continue
            home = self.home[b]
            self.cp.add(back >= arrive[b] + p.visit_s[b] + home + end_visit).only_enforce_if(lit)

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
        if stage == "changes":
            return sum(1 - k for k in self.kept) if self.kept else None
        if stage == "dropped":
            optional = sum(1 for i in p.venues if p.tier[i] == OPTIONAL)
            weights = {NORMAL: optional + 1, OPTIONAL: 1}
            terms = [
                weights[p.tier[i]] * (1 - self.selected[i])
                for i in p.venues
                if p.tier[i] != MUST and any(p.allowed(g, i) for g in range(p.groups))
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

    def run(self, dtime: float, stage: str) -> tuple[Any, cp_model.CpSolver]:
        """One deterministic CP-SAT run (a wall-clock cap far above it only as a safety net)."""
        solver = cp_model.CpSolver()
        params = solver.parameters
        params.max_deterministic_time = dtime
        params.max_time_in_seconds = 20 * dtime + 20
        params.num_workers = WORKERS
        params.random_seed = 1
        gap = GAP_LIMIT.get(stage)
        if gap:
            params.absolute_gap_limit = gap
        status = solver.solve(self.cp)
        log.debug(
            "%s: %s in %.2f deterministic s, %.2f s, obj %s bound %s",
            stage,
            solver.status_name(status),
            solver.deterministic_time,
            solver.wall_time,
            solver.objective_value,
            solver.best_objective_bound,
        )
        return status, solver

    def fix_routes(self, s: Solution) -> None:
        """Keep every group's route as found; only the clock times may still move."""
        p = self.p
        last = p.end if p.end not in (None, p.start) else p.start
        for g, route in enumerate(s.routes):
            stops = [v for v in route if v in self.selected]
            hops = set(itertools.pairwise([p.start, *stops, last]))
            for (a, b), lit in self.arcs[g].items():
                self.cp.add(lit == (1 if (a, b) in hops else 0))

    def hint(self, solver: cp_model.CpSolver) -> None:
        """Start the next round or stage from this solution."""
        self.cp.clear_hints()
        for arcs in self.arcs:
            for lit in arcs.values():
                self.cp.add_hint(lit, solver.value(lit))
        for arrive in self.arrive:
            for var in arrive:
                self.cp.add_hint(var, solver.value(var))
        for var in [*self.selected.values(), *self.back, self.makespan, *self.kept]:
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
            while route[-1] in nxt and nxt[route[-1]] != p.start:
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
