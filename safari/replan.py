"""Re-planning on the day: keep what can be kept, and say what changes.

``safari plan EVENT --since PLAN.json`` reads an earlier plan (the ``--json`` contract
that `safari.plan.Plan.to_dict` writes). The solver then keeps as many of its visits as
it can, lexicographically before its usual aims: first a plan that keeps every rule, then
the fewest changed visits (a visit is kept when the same group arrives at the same stop
in the same minute), then the usual order (stops left out, last group back, walking).

`changes` compares the old and the new plan; `change_lines` says per group and per host
what changes, in plain Dutch: the people who must be told.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from safari._errors import PlanError
from safari.i18n import t

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from safari.plan import Plan


_CLOCK_CHARS = 5  # HH:MM
_MAX_HOURS = 48  # a clock time in a plan may run into the next day
_HOUR_MIN = 60  # minutes


def read_previous(path: Path) -> dict[str, Any]:
    """Read an earlier plan (``safari plan --json`` output) and check its shape.

    Raises
    ------
    PlanError
        When the file is missing, not JSON, or not a safari plan; the message says so.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PlanError(t("replan.missing", file=str(path))) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise PlanError(t("replan.not_json", file=str(path))) from None
    if not _is_plan(data):
        raise PlanError(t("replan.not_plan", file=str(path)))
    return cast("dict[str, Any]", data)


def _is_plan(data: object) -> bool:
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        return False
    for group in data["groups"]:
        if not isinstance(group, dict) or not isinstance(group.get("visits"), list):
            return False
        for visit in group["visits"]:
            if not isinstance(visit, dict) or _minutes(visit.get("arrive")) is None:
                return False
            if not isinstance(visit.get("stop_id"), str):
                return False
    return True


def _minutes(text: object) -> int | None:
    if not isinstance(text, str) or len(text) != _CLOCK_CHARS or text[2] != ":":
        return None
    try:
        hours, minutes = int(text[:2]), int(text[3:])
    except ValueError:
        return None
    return hours * 60 + minutes if 0 <= hours < _MAX_HOURS and 0 <= minutes < _HOUR_MIN else None


def keep(
    previous: Mapping[str, Any], ids: Sequence[str], *, groups: int, skip: Sequence[int] = ()
) -> dict[tuple[int, int], int]:
    """The old visits as ``(group, stop index) -> arrival second`` (for `Problem.keep`).

    Groups are matched by position (Groep 1 is the first); stops by id. Stops no longer
    in the stops file (a host who cancelled) and the places in ``skip`` (start, end)
    are left out.
    """
    index = {stop_id: k for k, stop_id in enumerate(ids)}
    out: dict[tuple[int, int], int] = {}
    for g, group in enumerate(previous.get("groups", [])[:groups]):
        for visit in group["visits"]:
            i = index.get(visit["stop_id"])
            minutes = _minutes(visit["arrive"])
            if i is None or i in skip or minutes is None:
                continue
            out[(g, i)] = 60 * minutes
    return out


@dataclass(frozen=True)
class Change:
    """One visit that is not as it was: ``before`` or ``after`` is None when new or gone."""

    group: str
    stop_id: str
    before: str | None
    after: str | None

    def to_dict(self) -> dict[str, str | None]:
        """As in the ``--json`` output (``changes``)."""
        return {
            "group": self.group,
            "stop_id": self.stop_id,
            "before": self.before,
            "after": self.after,
        }


def _visits(groups: Sequence[Mapping[str, Any]]) -> dict[tuple[str, str, int], str]:
    """(group, stop, k-th time at that stop) -> arrival, for every visit of every group."""
    out: dict[tuple[str, str, int], str] = {}
    for group in groups:
        seen: dict[str, int] = {}
        for visit in group["visits"]:
            k = seen.get(visit["stop_id"], 0)
            seen[visit["stop_id"]] = k + 1
            out[(str(group["name"]), visit["stop_id"], k)] = visit["arrive"]
    return out


def changes(previous: Mapping[str, Any], plan: Plan) -> list[Change]:
    """Every visit whose group or time changed, was dropped or is new (in plan order)."""
    old = _visits(previous["groups"])
    new = _visits(plan.to_dict()["groups"])
    out = []
    for key in [*old, *(k for k in new if k not in old)]:
        before, after = old.get(key), new.get(key)
        if before != after:
            out.append(Change(key[0], key[1], before, after))
    return out


def change_lines(found: Sequence[Change], plan: Plan, previous: Mapping[str, Any]) -> list[str]:
    """What changes, per group and then per host, in plain Dutch (who must be told)."""
    names = {str(row["id"]): str(row["naam"]) for _, row in plan.stops.iterrows()}
    groups = [str(g["name"]) for g in previous["groups"]]
    groups += [g.name for g in plan.groups if g.name not in groups]
    if not found:
        return [t("replan.nothing")]
    lines = [t("replan.header", count=len(found)), t("replan.per_group")]
    for group in groups:
        mine = [c for c in found if c.group == group]
        if not mine:
            lines.append(t("replan.group_same", group=group))
            continue
        lines.extend(_line("group", c, names.get(c.stop_id, c.stop_id)) for c in mine)
    lines.append(t("replan.per_host"))
    for stop_id in dict.fromkeys(c.stop_id for c in found):
        lines.extend(
            _line("host", c, names.get(stop_id, stop_id)) for c in found if c.stop_id == stop_id
        )
    return lines


def _line(side: str, c: Change, stop: str) -> str:
    if c.before is None:
        kind = "new"
    elif c.after is None:
        kind = "gone"
    else:
        kind = "moved"
    return "- " + t(
        f"replan.{side}_{kind}", group=c.group, stop=stop, before=c.before, after=c.after
    )
