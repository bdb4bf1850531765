"""People and groups: the participants list, mixed groups, and what a venue can hold.

A participants file (CSV or Excel, as Dutch Excel writes it: the stops readers decode
it) has a row per person: ``naam``, ``organisatie`` or ``afdeling``, ``rol``
(``begeleider`` or ``deelnemer``), ``rolstoel`` (ja/nee) and ``taal``. Every problem
in it is reported at once, naming the row and the column.

Forming the groups (`form_groups`) is a small social-golfer-like problem. Sizes are
fixed first (within one of each other; the larger groups come first). What is
maximised, in this order (lexicographic):

1. the smallest number of different organisations in any group;
2. minus the number of pairs of people from the same organisation in the same group
   (summed over groups: fewer pairs means better mixed).

``taal`` is carried to the group list, not used for mixing.

Leaders (``begeleider``) are placed first, as evenly as possible (one per group when
there are enough). The rest are placed greedily (into the group with the fewest of
their organisation, then the smallest), then improved by swaps of two people of the
same role until no swap helps. Everything is sorted by name and row first, so the
result depends only on the file, never on chance.

Step-free access: when anyone needs it, the whole event's routes become step-free
(every group walks a step-free route); the plan says so. That is the simplest choice
that is always true; the groups are then mixed as usual.

Capacity (`forbidden_pairs`): a group larger than a venue's ``capaciteit`` does not go
there; the pairs (group, stop) go to the planner.
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safari._atomic import atomic_write
from safari._errors import SafariError
from safari.i18n import t

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    import pandas as pd

    from safari.config import Event
    from safari.plan import Plan
    from safari.readers import _Raw

__all__ = [
    "GROUP_LIST_HEADER",
    "Grouping",
    "ParticipantsError",
    "Person",
    "forbidden_pairs",
    "form_groups",
    "group_sizes",
    "read_participants",
    "write_group_list",
]

#: Columns of the group list for the organisation (CSV for Dutch Excel).
GROUP_LIST_HEADER = ("groep", "naam", "organisatie", "rol", "rolstoel", "taal", "kaart")

_COLUMNS = {
    "naam": "naam",
    "name": "naam",
    "organisatie": "organisatie",
    "organisation": "organisatie",
    "organization": "organisatie",
    "afdeling": "organisatie",
    "department": "organisatie",
    "rol": "rol",
    "role": "rol",
    "rolstoel": "rolstoel",
    "wheelchair": "rolstoel",
    "taal": "taal",
    "language": "taal",
}
_ROLES = {
    "begeleider": True,
    "groepsbegeleider": True,
    "leider": True,
    "leader": True,
    "guide": True,
    "deelnemer": False,
    "participant": False,
    "": False,
}
_YES_NO = {
    **dict.fromkeys(("ja", "yes", "j", "y", "true", "1", "x", "waar"), True),
    **dict.fromkeys(("nee", "no", "n", "false", "0", "onwaar", ""), False),
}
_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")


class ParticipantsError(SafariError, ValueError):
    """The participants file cannot be read; ``problems`` lists each problem.

    ``str(error)`` is the header line followed by one ``- problem`` line each.
    """


@dataclass(frozen=True)
class Person:
    """One participant as read from the list."""

    name: str
    unit: str
    leader: bool = False
    step_free: bool = False
    language: str = ""
    row: int = 0


@dataclass
class Grouping:
    """The groups formed from a participants list.

    ``groups[g]`` lists the people of group ``g + 1``; ``step_free`` is True when
    someone needs step-free access (the event's routes are then step-free).
    """

    groups: list[list[Person]]
    step_free: bool
    warnings: list[str]

    @property
    def sizes(self) -> list[int]:
        """Number of people per group."""
        return [len(g) for g in self.groups]

    @property
    def min_units(self) -> int:
        """The smallest number of different organisations in a group."""
        return min((len({p.unit for p in g}) for g in self.groups), default=0)

    @property
    def same_unit_pairs(self) -> int:
        """Pairs of people of one organisation in one group, summed over the groups."""
        return sum(_pairs(g) for g in self.groups)

    @property
    def leaders(self) -> list[str | None]:
        """Per group the name of its (first) leader, or None."""
        return [next((p.name for p in g if p.leader), None) for g in self.groups]

    @property
    def step_free_groups(self) -> list[int]:
        """Indices of the groups with someone who needs step-free access."""
        return [g for g, group in enumerate(self.groups) if any(p.step_free for p in group)]

    @property
    def best_min_units(self) -> int:
        """An upper bound of `min_units` (not always reachable).

        The number of organisations in the list, or the smallest group's size.
        """
        units = len({p.unit for g in self.groups for p in g})
        return min(units, min(self.sizes, default=0))


# --- reading ---------------------------------------------------------------------------------


def read_participants(path: str | os.PathLike[str]) -> list[Person]:
    """Read and check a participants file (CSV/TXT or Excel).

    Parameters
    ----------
    path
        The list: one row per person, columns ``naam``, ``organisatie`` (or
        ``afdeling``), and optionally ``rol``, ``rolstoel``, ``taal``.

    Returns
    -------
    list of Person
        In the order of the file.

    Raises
    ------
    ParticipantsError
        With every problem at once, each naming the row and the column.
    """
    from safari.readers import _column_letter

    source = os.fspath(path)
    raw = _read_rows(source)
    columns: dict[str, str] = {}
    for name in raw.columns:
        key = _COLUMNS.get(name.strip().casefold().replace(" ", "_").replace("-", "_"))
        if key is not None and key not in columns:
            columns[key] = name
    problems = [
        t("people.missing_column", column=column)
        for column in ("naam", "organisatie")
        if column not in columns
    ]
    if problems:
        raise _fail(source, problems)

    def where(row: int, key: str) -> str:
        letter = _column_letter(raw.columns.index(columns[key]))
        return t("people.where", row=row, column=columns[key], letter=letter)

    people: list[Person] = []
    for cells, row in zip(raw.rows, raw.labels, strict=True):
        values = {key: str(cells.get(name, "")).strip() for key, name in columns.items()}
        if not any(values.values()):
            continue
        if not values["naam"]:
            problems.append(t("people.empty", where=where(row, "naam"), what="naam"))
        if not values["organisatie"]:
            problems.append(
                t("people.empty", where=where(row, "organisatie"), what=columns["organisatie"])
            )
        role = values.get("rol", "").casefold()
        if role not in _ROLES:
            problems.append(t("people.bad_role", where=where(row, "rol"), value=values["rol"]))
        chair = values.get("rolstoel", "").casefold()
        if chair not in _YES_NO:
            problems.append(
                t("people.bad_yes_no", where=where(row, "rolstoel"), value=values["rolstoel"])
            )
        people.append(
            Person(
                name=values["naam"],
                unit=values["organisatie"],
                leader=_ROLES.get(role, False),
                step_free=_YES_NO.get(chair, False),
                language=values.get("taal", ""),
                row=row,
            )
        )
    if not problems and not people:
        problems.append(t("people.no_one"))
    if problems:
        raise _fail(source, problems)
    return people


def _read_rows(source: str) -> _Raw:
    """The file's rows, read by the stops readers (CSV/TXT or Excel)."""
    from safari._errors import StopsError
    from safari.readers import _read_delimited, _read_xlsx

    file = Path(source)
    if not file.is_file():
        raise ParticipantsError(t("people.not_found", path=source))
    suffix = file.suffix.lower()
    if suffix not in _SUFFIXES:
        raise ParticipantsError(
            t("people.unknown_suffix", path=source, accepted=", ".join(_SUFFIXES))
        )
    reader = _read_xlsx if suffix in (".xlsx", ".xlsm") else _read_delimited
    try:
        return reader(file.read_bytes(), source, suffix)
    except StopsError as error:  # the reader's words fit a participants file too ...
        empty = {t("stops.empty"), t("stops.only_header"), t("stops.empty_file")}
        found = [t("people.no_one") if p in empty else p for p in error.problems]  # ... but these
        raise _fail(source, found) from None


def _fail(source: str, problems: list[str]) -> ParticipantsError:
    return ParticipantsError(t("people.header", path=source, count=len(problems)), problems)


# --- forming groups --------------------------------------------------------------------------


def groups_for_event(event: Event) -> Grouping | None:
    """The groups formed from the event's participants file, or None without one.

    When someone needs step-free access, ``Grouping.step_free`` is True: the caller
    makes the event's routes step-free. A ``deelnemers`` count that differs from the
    list is a warning (the list wins).
    """
    if event.participants_file is None:
        return None
    people = read_participants(event.participants_file)
    grouping = form_groups(people, event.groups)
    if event.participants and event.participants != len(people):
        grouping.warnings.append(
            t("people.count_mismatch", listed=len(people), given=event.participants)
        )
    return grouping


def group_sizes(people: int, groups: int) -> list[int]:
    """Sizes within one of each other, the larger groups first: 16 in 3 -> 6, 5, 5."""
    if groups < 1:
        msg = "groups must be at least 1"
        raise ValueError(msg)
    base, extra = divmod(people, groups)
    return [base + 1 if g < extra else base for g in range(groups)]


def form_groups(people: Sequence[Person], groups: int) -> Grouping:
    """Form ``groups`` mixed groups (see the module's description of the measure).

    Parameters
    ----------
    people
        The participants (`read_participants`).
    groups
        Number of groups of the event.

    Returns
    -------
    Grouping
        Deterministic: the same list gives the same groups.

    Raises
    ------
    ParticipantsError
        When there are fewer people than groups.
    """
    if len(people) < groups:
        raise ParticipantsError(t("people.too_few", people=len(people), groups=groups))
    sizes = group_sizes(len(people), groups)
    ordered = sorted(people, key=lambda p: (p.name.casefold(), p.row))
    leaders = [p for p in ordered if p.leader]
    others = [p for p in ordered if not p.leader]
    # Largest organisations first, so they are spread before the groups fill up.
    count = Counter(p.unit for p in ordered)
    others.sort(key=lambda p: (-count[p.unit], p.unit.casefold()))
    leaders.sort(key=lambda p: (-count[p.unit], p.unit.casefold()))
    # Leaders as evenly as possible: at most ceil(leaders / groups) in a group.
    cap_leaders = math.ceil(len(leaders) / groups) if leaders else 0
    members: list[list[Person]] = [[] for _ in range(groups)]
    for person in leaders:
        g = _best_group(members, sizes, person, leader_cap=cap_leaders)
        members[g].append(person)
    for person in others:
        members[_best_group(members, sizes, person, leader_cap=None)].append(person)
    _improve(members)
    for group in members:
        group.sort(key=lambda p: (not p.leader, p.name.casefold(), p.row))
    warnings = []
    if leaders and len(leaders) < groups:
        warnings.append(t("people.few_leaders", leaders=len(leaders), groups=groups))
    step_free = any(p.step_free for p in people)
    if step_free:  # no names: this sentence may reach the plan's warnings
        warnings.append(t("people.step_free"))
    return Grouping(groups=members, step_free=step_free, warnings=warnings)


def _best_group(
    members: list[list[Person]], sizes: list[int], person: Person, *, leader_cap: int | None
) -> int:
    """The open group with the fewest of this person's organisation, then the emptiest."""
    best: tuple[int, int, int, int] | None = None
    chosen = -1
    for g, group in enumerate(members):
        if len(group) >= sizes[g]:
            continue
        leaders = sum(p.leader for p in group)
        if leader_cap is not None and leaders >= leader_cap:
            continue
        key = (leaders if leader_cap is not None else 0, sum(p.unit == person.unit for p in group),
               len(group) - sizes[g], g)  # fmt: skip
        if best is None or key < best:
            best, chosen = key, g
    return chosen


def _score(members: list[list[Person]]) -> tuple[int, int]:
    """Bigger is better: (smallest number of organisations, minus same-organisation pairs)."""
    units = min(len({p.unit for p in g}) for g in members)
    return units, -sum(_pairs(g) for g in members)


def _pairs(group: Iterable[Person]) -> int:
    return sum(n * (n - 1) // 2 for n in Counter(p.unit for p in group).values())


def _improve(members: list[list[Person]]) -> None:
    """Swap two people of the same role between groups while that improves the score."""
    score = _score(members)
    improved = True
    while improved:
        improved = False
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                for i in range(len(members[a])):
                    for j in range(len(members[b])):
                        x, y = members[a][i], members[b][j]
                        if x.leader != y.leader or x.unit == y.unit:
                            continue
                        members[a][i], members[b][j] = y, x
                        new = _score(members)
                        if new > score:
                            score, improved = new, True
                        else:
                            members[a][i], members[b][j] = x, y


# --- capacity --------------------------------------------------------------------------------


def forbidden_pairs(
    sizes: Sequence[int], capacities: Sequence[float]
) -> frozenset[tuple[int, int]]:
    """The (group, stop) pairs where the group is larger than the stop's ``capaciteit``.

    ``capacities[i]`` is NaN (or not positive) when stop ``i`` has no limit.
    """
    return frozenset(
        (g, i)
        for i, cap in enumerate(capacities)
        if cap is not None and math.isfinite(cap) and cap > 0
        for g, size in enumerate(sizes)
        if size > cap
    )


def capacity_pairs(stops: pd.DataFrame, sizes: Sequence[int]) -> list[tuple[int, str]]:
    """The (group, stop id) pairs where the group is larger than the stop's ``capaciteit``.

    For `safari.tour.plan_event`'s ``forbidden``; empty when the sizes are not known.
    """
    if not sizes or "capaciteit" not in stops.columns:
        return []
    ids = [str(i) for i in stops["id"]]
    capacities = [math.nan if c is None else float(c) for c in stops["capaciteit"]]
    return [(g, ids[i]) for g, i in sorted(forbidden_pairs(sizes, capacities))]


def capacity_for(
    stops: pd.DataFrame, event: Event, sizes: Sequence[int] | None = None
) -> tuple[list[tuple[int, str]], list[int]]:
    """The forbidden (group, stop id) pairs for this event, and the group sizes used.

    The sizes come from the participants list, else from ``deelnemers``; unknown sizes
    give no pairs. A ``moet`` stop too small for every group is refused (`check_capacity`).
    """
    used = list(sizes or [])
    if not used and event.participants:
        used = group_sizes(event.participants, event.groups)
    pairs = capacity_pairs(stops, used)
    check_capacity(stops, pairs, groups=event.groups)
    return pairs, used


def check_capacity(stops: pd.DataFrame, pairs: Sequence[tuple[int, str]], *, groups: int) -> None:
    """Refuse, in plain words, a ``moet`` stop that is too small for every group.

    Raises
    ------
    NoPlanError
        Naming the stop, its capacity and what to do.
    """
    from safari._errors import NoPlanError

    problems = []
    for _, row in stops.iterrows():
        stop_id = str(row["id"])
        if sum(1 for _, i in pairs if i == stop_id) < groups:
            continue
        tier = str(row.get("prioriteit") or "").strip().casefold()
        if tier in ("moet", "must", "verplicht"):
            problems.append(t("people.too_big_must", stop=_plain(row["naam"]),
                              capacity=f"{float(row['capaciteit']):g}"))  # fmt: skip
    if problems:
        raise NoPlanError("\n".join([t("explain.header"), t("explain.why"),
                                      *(f"- {p}" for p in problems)]))  # fmt: skip


def capacity_warnings(
    plan: Plan, pairs: Sequence[tuple[int, str]], sizes: Sequence[int]
) -> list[str]:
    """Per pair, in plain words: the group does not go there (or, if it still does, say so)."""
    out = []
    for g, stop_id in pairs:
        if g >= len(plan.groups):
            continue
        stop = plan.stop(stop_id)
        visits = stop_id in plan.groups[g].order
        key = "people.too_big_visited" if visits else "people.too_big"
        out.append(t(key, stop=_plain(stop["naam"]), capacity=f"{float(stop['capaciteit']):g}",
                     groups=t("plan.group_name", number=g + 1), size=sizes[g]))  # fmt: skip
    return out


def _plain(value: object) -> str:
    from safari.sanitise import as_plain

    return as_plain(str(value))


# --- the group list for the organisation -----------------------------------------------------


def group_rows(grouping: Grouping, map_files: Sequence[str]) -> list[dict[str, Any]]:
    """One row per person: group name, person, and the file name of the group's map."""
    return [
        {
            "groep": t("plan.group_name", number=g + 1),
            "naam": person.name,
            "organisatie": person.unit,
            "rol": t("people.role_leader") if person.leader else t("people.role_member"),
            "rolstoel": t("people.yes") if person.step_free else "",
            "taal": person.language,
            "kaart": map_files[g] if g < len(map_files) else "",
        }
        for g, group in enumerate(grouping.groups)
        for person in group
    ]


def write_group_list(
    grouping: Grouping,
    folder: str | os.PathLike[str],
    *,
    map_files: Sequence[str],
    name: str = "groepen",
    title: str | None = None,
) -> list[Path]:
    """Write the group list for the organisation: a CSV (Dutch Excel) and an HTML page.

    Personal data: write it only to the organisation's own folder (``organisatie/``).

    Parameters
    ----------
    grouping
        The formed groups.
    folder
        The organisation's folder.
    map_files
        Per group the file name of its map (shown with each person).
    name
        File name without suffix.
    title
        The event's name, as the page's heading.

    Returns
    -------
    list of Path
        The CSV file and the HTML page.
    """
    import jinja2

    from safari.export import _cell, _template_markup

    rows = group_rows(grouping, map_files)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(GROUP_LIST_HEADER)
    for row in rows:
        writer.writerow([_cell(str(row[key])) for key in GROUP_LIST_HEADER])
    target = Path(folder)
    csv_path = atomic_write(target / f"{name}.csv", buffer.getvalue().encode("utf-8-sig"))
    env = jinja2.Environment(loader=jinja2.PackageLoader("safari", "templates"), autoescape=True)
    groups = [
        {
            "name": t("plan.group_name", number=g + 1),
            "summary": t(
                "people.group_summary",
                people=len(group),
                units=len({p.unit for p in group}),
                map=map_files[g] if g < len(map_files) else "",
            ),
            "rows": [r for r in rows if r["groep"] == t("plan.group_name", number=g + 1)],
        }
        for g, group in enumerate(grouping.groups)
    ]
    page = env.get_template("groups.html").render(
        title=title or t("people.title"),
        heading=t("people.heading", title=title or t("map.title")),
        groups=groups,
        notes=grouping.warnings,
        texts={
            "name": t("people.col_name"),
            "unit": t("people.col_unit"),
            "role": t("people.col_role"),
            "chair": t("people.col_chair"),
            "language": t("people.col_language"),
            "private": t("people.private"),
        },
        css=_template_markup("host.css"),
    )
    html_path = atomic_write(target / f"{name}.html", page.encode("utf-8"))
    return [csv_path, html_path]
