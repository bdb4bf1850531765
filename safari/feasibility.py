"""Why no plan exists, in plain Dutch, and what to relax.

Before solving, cheap checks find the clashes that can be named exactly (a host
never available that day; a host whose hours cannot be reached in time; must-stops
that do not fit in the time; more groups than a venue can receive). When the solver
still finds no plan, the problem is solved again with one constraint relaxed at a
time, to say which relaxation would help.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace

import numpy as np

from safari._order import best_order
from safari._problem import MUST, NORMAL, OPTIONAL, Problem, Solution
from safari.i18n import t
from safari.scheduling import solve

_HOUR_MIN = 60  # minutes


def clock(seconds: int) -> str:
    """Seconds since midnight as ``HH:MM``."""
    minutes = round(seconds / 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def clock_up(seconds: int) -> str:
    """Seconds since midnight as ``HH:MM``, rounded up (for an end time that must suffice)."""
    return clock(60 * -(-seconds // 60))


def duration(seconds: float) -> str:
    """A duration in plain Dutch: ``1 uur 05 min`` or ``40 min``."""
    minutes = round(seconds / 60)
    if minutes < _HOUR_MIN:
        return t("time.minutes", minutes=minutes)
    return t("time.hours_minutes", hours=minutes // _HOUR_MIN, minutes=f"{minutes % _HOUR_MIN:02d}")


def windows_text(windows: list[tuple[int, int]]) -> str:
    """``16:00–18:00`` or ``09:00–10:00 en 16:00–18:00``."""
    spans = [f"{clock(o)}–{clock(c)}" for o, c in windows]
    return t("time.and").join(spans)


@dataclass
class Check:
    """What the checks found: stops to leave out (with the reason) and clashes."""

    dropped: dict[int, str] = field(default_factory=dict)
    clashes: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)


def check(problem: Problem, names: list[str], *, day: str) -> Check:
    """Find the clashes that can be named before solving.

    A clash at a ``moet`` stop is an error; at another stop, that stop is left out
    with its reason.
    """
    p = problem
    out = Check()
    last = p.end if p.end is not None else None
    unreachable: set[int] = set()
    for i in p.venues:
        reason, fix = _unreachable(p, i, names[i], last, day=day)
        if reason is None:
            continue
        unreachable.add(i)
        if p.tier[i] == MUST:
            out.clashes.append(reason)
            out.suggestions.append(fix)
        else:
            out.dropped[i] = reason
    out.clashes += meeting_places(p, names, day=day, suggestions=out.suggestions)
    if p.groups > 1 and p.mode == "rotatie":
        for i in p.venues:
            if i in unreachable:  # already explained: not even one group can go there
                continue
            fits = _groups_that_fit(p, i, last)
            if fits < p.groups:
                text = t(
                    "explain.rotation_full",
                    stop=names[i],
                    fits=fits,
                    groups=p.groups,
                    visit=round(p.visit_s[i] / 60),
                    changeover=round(p.changeover_s / 60),
                )
                if p.tier[i] == MUST:
                    out.clashes.append(text)
                    out.suggestions.append(t("explain.fix.fewer_groups_maybe", groups=fits))
                else:
                    out.dropped[i] = text
    if p.end_s is not None and not out.clashes:
        must = [i for i in p.venues if p.tier[i] == MUST]
        need = _shortest_round(p, must)
        if p.start_s + need > p.end_s:
            walk = need - sum(p.visit_s[i] for i in [p.start, *must])
            out.clashes.append(
                t(
                    "explain.budget",
                    need=duration(need),
                    walk=duration(walk),
                    visit=duration(need - walk),
                    start=clock(p.start_s),
                    end=clock(p.end_s),
                    budget=duration(p.end_s - p.start_s),
                )
            )
            out.suggestions.append(t("explain.fix.later_end", end=clock_up(p.start_s + need)))
            out.suggestions.append(t("explain.fix.fewer_must"))
    return out


def meeting_places(p: Problem, names: list[str], *, day: str, suggestions: list[str]) -> list[str]:
    """Clashes at the start (closed when groups leave) or at a fixed end (not reachable)."""
    clashes = []
    hours = p.windows[p.start]
    if hours is not None:
        for g in range(p.groups):
            leave = p.start_s + g * p.stagger_s
            if not any(o <= leave and leave + p.visit_s[p.start] <= c for o, c in hours):
                clashes.append(
                    t("explain.start_closed", stop=names[p.start], start=clock(leave),
                      windows=windows_text(hours) if hours else t("explain.no_hours", day=day))
                )  # fmt: skip
                suggestions.append(t("explain.fix.start", stop=names[p.start]))
                break
    if p.end is not None and p.end != p.start:
        reason, fix = _unreachable(p, p.end, names[p.end], None, day=day)
        if reason is not None:
            clashes.append(reason)
            suggestions.append(fix)
    return clashes


def _unreachable(
    p: Problem, i: int, name: str, last: int | None, *, day: str
) -> tuple[str | None, str]:
    windows = p.windows[i]
    if windows is None:
        return None, ""
    if not windows:
        return t("explain.never", stop=name, day=day), t("explain.fix.other_day", stop=name)
    earliest = p.start_s + p.visit_s[p.start] + int(p.travel_s[p.start, i])
    latest = None
    if p.end_s is not None:
        home = 0 if last is None else int(p.travel_s[i, last])
        latest = p.end_s - home
    for opens, closes in windows:
        begin = max(opens, earliest)
        finish = closes if latest is None else min(closes, latest)
        if begin + p.visit_s[i] <= finish:
            return None, ""
    fix = _hours_fix(p, i, name, earliest=earliest, latest=latest, windows=windows)
    text = t(
        "explain.not_in_time",
        stop=name,
        windows=windows_text(windows),
        start=clock(p.start_s),
        end=t("explain.end_at", end=clock(p.end_s)) if p.end_s is not None else "",
        earliest=clock(earliest),
        visit=round(p.visit_s[i] / 60),
    )
    return text, fix


def _hours_fix(
    p: Problem,
    i: int,
    name: str,
    *,
    earliest: int,
    latest: int | None,
    windows: list[tuple[int, int]],
) -> str:
    """What helps a host whose hours cannot be reached: only advice that works.

    Starting earlier helps only a host whose hours end before the groups can be there;
    ending later only a host whose hours begin too late for the end time.
    """
    visit = p.visit_s[i]
    lead = earliest - p.start_s  # from the start to the earliest arrival
    tips = []
    closing = [c for o, c in windows if c - visit < earliest and c - o >= visit]
    if closing:
        tips.append(t("explain.fix.hours_earlier", start=clock(max(closing) - visit - lead)))
    if latest is not None:
        home = p.end_s - latest if p.end_s is not None else 0
        opening = [max(o, earliest) for o, c in windows if max(o, earliest) + visit > latest
                   and max(o, earliest) + visit <= c]  # fmt: skip
        if opening:
            tips.append(t("explain.fix.hours_later", end=clock(min(opening) + visit + home)))
    return t("explain.fix.hours_ask", stop=name) + "".join(tips)


def why_dropped(p: Problem, s: Solution, names: list[str]) -> dict[int, str]:
    """For each stop the solver left out, its own reason, and advice only when it helps.

    Each reason is re-checked on the plan itself: the stop is inserted into the groups'
    routes (``safari.heuristic.schedule`` keeps every rule) without the end time, with an
    earlier start, or with one group fewer; advice is given only when that plan exists.
    """
    tier_names = {NORMAL: "normaal", OPTIONAL: "optioneel", MUST: "moet"}
    ends = (p.start, p.end)
    routes = [[v for v in r if v not in ends] for r in s.routes]
    out: dict[int, str] = {}
    for i in s.dropped:
        name = names[i]
        tier = t("why.tier", tier=tier_names[p.tier[i]])
        if not any(p.allowed(g, i) for g in range(p.groups)):
            out[i] = t("why.forbidden") + tier
            continue
        free = _with_stop(replace(p, end_s=None), routes, i)
        if free is not None and p.end_s is not None and free > p.end_s:
            why = t("why.no_time", stop=name, back=clock_up(free), end=clock(p.end_s))
            out[i] = why + tier + " " + t("why.fix.later", end=clock_up(free), stop=name)
            continue
        windows = p.windows[i]
        if windows:
            why = t("why.hours", stop=name, windows=windows_text(windows))
            earlier = None
            for hours in (1, 2):
                start = p.start_s - 3600 * hours
                if start >= 0 and _with_stop(replace(p, start_s=start), routes, i) is not None:
                    earlier = start
                    break
            tip = "" if earlier is None else " " + t("why.fix.earlier", start=clock(earlier),
                                                        stop=name)  # fmt: skip
            out[i] = why + tier + tip
            continue
        why = t("why.crowded", stop=name)
        tip = ""
        if p.groups > 1 and p.mode == "rotatie":
            fewer = replace(p, groups=p.groups - 1)
            if _with_stop(fewer, routes[: p.groups - 1], i) is not None:
                tip = " " + t("why.fix.fewer_groups", groups=p.groups - 1, stop=name)
        out[i] = why + tier + tip
    return out


def _with_stop(p: Problem, routes: list[list[int]], v: int) -> int | None:
    """When the last group is back with ``v`` added to the routes (None: it does not fit)."""
    from safari import heuristic

    found = heuristic.insert(p, routes, v)
    return None if found is None else max(found[1][1])


def _groups_that_fit(p: Problem, i: int, last: int | None) -> int:
    """How many groups venue ``i`` can receive one after another in its hours."""
    earliest = p.start_s + p.visit_s[p.start] + int(p.travel_s[p.start, i])
    latest = (
        None if p.end_s is None else p.end_s - (0 if last is None else int(p.travel_s[i, last]))
    )
    given = p.windows[i]
    spans = given if given is not None else [(earliest, latest or 10**9)]
    slot = p.visit_s[i] + p.changeover_s
    total = 0
    for opens, closes in spans:
        begin = max(opens, earliest)
        finish = closes if latest is None else min(closes, latest)
        if finish - begin >= p.visit_s[i]:
            total += 1 + (finish - begin - p.visit_s[i]) // max(slot, 1)
    return int(total)


def _shortest_round(p: Problem, must: list[int]) -> int:
    """Seconds one group needs at least for the start, the must-stops and the end."""
    nodes = [p.start, *must]
    if p.end is not None and p.end != p.start:
        nodes.append(p.end)
    sub = p.travel_s[np.ix_(nodes, nodes)].astype(float)
    end = None if p.end is None else (0 if p.end == p.start else len(nodes) - 1)
    order = best_order(sub, start=0, end=end)
    walk = sum(sub[a, b] for a, b in itertools.pairwise(order))
    visits = sum(p.visit_s[n] for n in nodes)
    return int(walk + visits)


def diagnose(problem: Problem, names: list[str]) -> list[str]:
    """When the solver found no plan: which single relaxation gives one."""
    quick = replace(problem, time_limit_s=min(problem.time_limit_s, 5.0))
    tips: list[str] = []
    if problem.end_s is not None:
        relaxed = solve(replace(quick, end_s=None))
        if relaxed is not None:
            tips.append(t("explain.fix.later_end", end=clock_up(relaxed.makespan)))
    if problem.groups > 1:
        fewer = solve(replace(quick, groups=problem.groups - 1))
        if fewer is not None:
            tips.append(t("explain.fix.fewer_groups", groups=problem.groups - 1))
        if problem.mode == "rotatie" and solve(replace(quick, mode="verdeeld")) is not None:
            tips.append(t("explain.fix.split"))
    limited = [i for i in problem.venues if problem.windows[i] is not None]
    if limited:
        free = solve(replace(quick, windows=[None] * len(problem.visit_s)))
        if free is not None:
            listed = ", ".join(
                f"{names[i]} ({windows_text(problem.windows[i] or [])})" for i in limited
            )
            tips.append(t("explain.fix.hosts", stops=listed))
    tips.append(t("explain.fix.fewer_stops"))
    return tips
