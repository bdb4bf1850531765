"""People and groups: an organiser's list of 15 people from 5 departments becomes mixed groups.

The list (tests/data, invented names) is saved as Dutch Excel does: UTF-8 with BOM,
``;`` between cells. The groups are checked against every possible split of the list
(brute force), and capacity against the `Problem` the planner is given.
"""

from __future__ import annotations

import csv
import dataclasses
import itertools
import re
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from safari import tour
from safari._errors import NoPlanError
from safari.config import Event, read_event
from safari.people import (
    GROUP_LIST_HEADER,
    ParticipantsError,
    Person,
    capacity_pairs,
    capacity_warnings,
    check_capacity,
    forbidden_pairs,
    form_groups,
    group_sizes,
    read_participants,
    write_group_list,
)
from safari.routing import walking_matrix
from safari.scheduling import Problem
from safari.stops import read_stops

ROOT = Path(__file__).resolve().parent.parent
LIST = ROOT / "tests" / "data" / "deelnemers_15_vijf_afdelingen.csv"
EXAMPLE_DIR = ROOT / "safari" / "data" / "voorbeeld"


def test_the_list_is_read_as_dutch_excel_saves_it():
    people = read_participants(LIST)
    assert len(people) == 15
    assert Counter(p.unit for p in people) == {
        "Wonen": 5, "Zorg": 3, "Onderwijs": 3, "Veiligheid": 2, "Welzijn Utrecht": 2,
    }  # fmt: skip
    assert [p.name for p in people if p.leader] == ["Anouk Jansen", "Emine Yılmaz", "Hanna Smit"]
    assert [p.name for p in people if p.step_free] == ["Femke Bakker"]
    assert people[0].row == 2  # the header is row 1, as Excel shows it
    assert people[4].language == "nl, tr"


def test_sizes_are_within_one_of_each_other():
    assert group_sizes(15, 3) == [5, 5, 5]
    assert group_sizes(17, 3) == [6, 6, 5]
    assert group_sizes(18, 4) == [5, 5, 4, 4]


def test_fifteen_people_in_three_mixed_groups_with_a_leader_each():
    grouping = form_groups(read_participants(LIST), 3)
    assert grouping.sizes == [5, 5, 5]
    units = [len({p.unit for p in g}) for g in grouping.groups]
    assert min(units) >= 3  # the goal
    assert [sum(p.leader for p in g) for g in grouping.groups] == [1, 1, 1]
    assert all(g[0].leader for g in grouping.groups)  # the leader first on the list
    assert sorted(p.name for g in grouping.groups for p in g) == sorted(
        p.name for p in read_participants(LIST)
    )


def _score(groups) -> tuple[int, int]:
    units = min(len({p.unit for p in g}) for g in groups)
    pairs = sum(n * (n - 1) // 2 for g in groups for n in Counter(p.unit for p in g).values())
    return units, -pairs


def test_the_groups_are_as_mixed_as_any_split_of_the_list_can_be():
    """Brute force over every split into three groups of five with one leader each."""
    people = read_participants(LIST)
    grouping = form_groups(people, 3)
    leaders = [p for p in people if p.leader]
    others = [p for p in people if not p.leader]
    best = None
    # Leader k leads group k (the groups are interchangeable); the others fill 4 places each.
    for first in itertools.combinations(range(12), 4):
        rest = [i for i in range(12) if i not in first]
        for second in itertools.combinations(rest, 4):
            third = [i for i in rest if i not in second]
            groups = [
                [leaders[0], *(others[i] for i in first)],
                [leaders[1], *(others[i] for i in second)],
                [leaders[2], *(others[i] for i in third)],
            ]
            score = _score(groups)
            best = score if best is None or score > best else best
    assert _score(grouping.groups) == best
    assert best == (4, -2)  # 5 from Wonen in 3 groups: two groups get two of them


def test_the_same_list_in_another_order_gives_the_same_groups():
    people = read_participants(LIST)
    a = form_groups(people, 3)
    b = form_groups(list(reversed(people)), 3)
    assert [[p.name for p in g] for g in a.groups] == [[p.name for p in g] for g in b.groups]


def test_someone_in_a_wheelchair_makes_every_route_step_free(tmp_path):
    from safari.cli import _form_groups

    grouping = form_groups(read_participants(LIST), 3)
    assert grouping.step_free
    assert (
        "Iemand heeft een route zonder trappen nodig. Daarom lopen alle groepen een route"
        " zonder trappen." in grouping.warnings
    )
    event = Event(stops=tmp_path / "stops.csv", groups=3, participants_file=LIST)
    assert not event.step_free
    _form_groups(event)
    assert event.step_free


def test_no_wheelchair_no_step_free():
    people = [Person(f"P{i}", f"afd{i % 3}") for i in range(6)]
    grouping = form_groups(people, 2)
    assert not grouping.step_free
    assert grouping.warnings == []


def test_fewer_leaders_than_groups_is_said():
    people = [Person("Ada", "A", leader=True), *(Person(f"P{i}", f"B{i}") for i in range(5))]
    grouping = form_groups(people, 2)
    assert [sum(p.leader for p in g) for g in grouping.groups] == [1, 0]
    assert "Er zijn 1 begeleiders voor 2 groepen. Niet elke groep heeft een begeleider." in (
        grouping.warnings
    )


def test_every_bad_row_at_once_with_row_and_column(tmp_path):
    path = tmp_path / "deelnemers.csv"
    path.write_text(
        "naam;afdeling;rol;rolstoel\n"
        "Anouk Jansen;Wonen;begeleider;nee\n"
        ";Zorg;deelnemer;\n"
        "Bram de Wit;;baas;misschien\n",
        encoding="cp1252",
    )
    with pytest.raises(ParticipantsError) as caught:
        read_participants(path)
    assert str(caught.value) == "\n".join(
        [
            f"In het bestand met deelnemers {path} zijn 4 dingen niet goed:",
            "- rij 3, kolom naam (A): dit vak is leeg. Vul de naam in.",
            "- rij 4, kolom afdeling (B): dit vak is leeg. Vul de afdeling in.",
            "- rij 4, kolom rol (C): 'baas' is geen rol. Schrijf begeleider of deelnemer.",
            "- rij 4, kolom rolstoel (D): 'misschien' begrijpt safari niet. Schrijf ja of nee.",
        ]
    )
    assert len(caught.value.problems) == 4


def test_a_list_without_the_needed_columns(tmp_path):
    path = tmp_path / "deelnemers.csv"
    path.write_text("voornaam;team\nAnouk;Wonen\n", encoding="utf-8")
    with pytest.raises(ParticipantsError) as caught:
        read_participants(path)
    assert list(caught.value.problems) == [
        "De kolom naam ontbreekt. Zet in de eerste rij een kolom naam.",
        "De kolom organisatie ontbreekt. Zet in de eerste rij een kolom organisatie.",
    ]


def test_an_excel_list_gives_the_same_people(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    with LIST.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle, delimiter=";"):
            sheet.append(row)
    path = tmp_path / "deelnemers.xlsx"
    book.save(path)
    assert read_participants(path) == read_participants(LIST)


def test_the_group_list_for_the_organisation(tmp_path):
    grouping = form_groups(read_participants(LIST), 3)
    maps = [f"safari-groep-{g}.html" for g in (1, 2, 3)]
    csv_path, html_path = write_group_list(grouping, tmp_path, map_files=maps, title="Safari")
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert tuple(rows[0]) == GROUP_LIST_HEADER
    assert len(rows) == 16
    femke = next(r for r in rows if r[1] == "Femke Bakker")
    g = next(
        i for i, grp in enumerate(grouping.groups) if any(p.name == "Femke Bakker" for p in grp)
    )
    assert femke == [f"Groep {g + 1}", "Femke Bakker", "Zorg", "deelnemer", "ja", "nl", maps[g]]
    page = html_path.read_text(encoding="utf-8")
    assert "Alleen voor de organisatie: hier staan namen in." in page
    assert page.count("<section>") == 3
    assert f"5 mensen uit {len({p.unit for p in grouping.groups[0]})} organisaties." in page


# --- capacity --------------------------------------------------------------------------------


def test_forbidden_pairs_from_sizes_and_capacity():
    nan = float("nan")
    assert forbidden_pairs([6, 6, 5], [nan, 5, 6, 20, 0]) == {(0, 1), (1, 1)}
    assert forbidden_pairs([6, 6, 5], [5.5]) == {(0, 0), (1, 0)}
    assert forbidden_pairs([], [3]) == frozenset()


@pytest.fixture(scope="module")
def kanaleneiland(graph):
    """The session's Kanaleneiland walking network (tests/conftest.py)."""
    return graph


def _stops_with_capacity(tmp_path: Path, capacity: dict[str, str]) -> Path:
    source = EXAMPLE_DIR / "stops.csv"
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    header = [*rows[0], "capaciteit"]
    body = [[*r, capacity.get(r[0], "")] for r in rows[1:]]
    path = tmp_path / "stops.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([header, *body])
    return path


def test_capacity_pairs_name_the_groups_too_large_for_a_stop(tmp_path):
    path = _stops_with_capacity(tmp_path, {"taalcafe-welkom": "5", "moedercentrum-de-zon": "4"})
    stops = read_stops(path)
    assert capacity_pairs(stops, group_sizes(17, 3)) == [
        (0, "taalcafe-welkom"), (0, "moedercentrum-de-zon"), (1, "taalcafe-welkom"),
        (1, "moedercentrum-de-zon"), (2, "moedercentrum-de-zon"),
    ]  # fmt: skip
    assert capacity_pairs(stops, []) == []  # sizes not known: no limit


def test_a_venue_too_small_for_the_groups_is_left_out_and_explained(
    kanaleneiland, tmp_path, monkeypatch
):
    """17 people in 3 groups (6, 6, 5): the Taalcafé holds 5, the Moedercentrum 4."""
    path = _stops_with_capacity(tmp_path, {"taalcafe-welkom": "5", "moedercentrum-de-zon": "4"})
    event = read_event(EXAMPLE_DIR / "safari.toml")
    event.stops = path
    stops = read_stops(path)
    matrix = walking_matrix(kanaleneiland, stops)
    seen = []
    real_solve = tour.solve

    def spy(problem, **kwargs):
        seen.append(problem)
        return real_solve(problem, **kwargs)

    monkeypatch.setattr(tour, "solve", spy)
    sizes = group_sizes(17, 3)
    pairs = capacity_pairs(stops, sizes)
    check_capacity(stops, pairs, groups=3)  # neither is a "moet" stop
    plan = tour.plan_event(stops, matrix, event, time_limit_s=1.0, forbidden=pairs)
    ids = [str(i) for i in stops["id"]]
    (problem,) = seen
    taal, zon = ids.index("taalcafe-welkom"), ids.index("moedercentrum-de-zon")
    # too small for every group: not offered to the solver at all, with its own reason
    assert problem.windows[zon] == []
    assert dict(plan.dropped)["moedercentrum-de-zon"] == (
        "geen groep mag hierheen (de groepen zijn groter dan deze plek kan ontvangen)"
    )
    assert all(v.stop_id != "moedercentrum-de-zon" for g in plan.groups for v in g.visits)
    warnings = capacity_warnings(plan, pairs, sizes)
    assert (
        "Moedercentrum De Zon ontvangt hooguit 4 mensen; Groep 3 is groter (5 mensen) en gaat"
        " er niet heen." in warnings
    )
    if "forbidden" not in {f.name for f in dataclasses.fields(Problem)}:
        pytest.xfail("the solver's Problem.forbidden has not landed in this branch yet")
    # too small for the two groups of 6 only: the solver gets those pairs
    assert problem.forbidden == {(0, taal), (1, taal)}
    for g in (0, 1):
        assert "taalcafe-welkom" not in plan.groups[g].order
    assert (
        "Taalcafé Welkom ontvangt hooguit 5 mensen; Groep 1 is groter (6 mensen) en gaat er"
        " niet heen." in warnings
    )


def test_a_must_stop_too_small_for_every_group_is_a_clear_no(tmp_path):
    path = _stops_with_capacity(tmp_path, {"samen-sterk": "4"})  # a "moet" stop
    stops = read_stops(path)
    pairs = capacity_pairs(stops, group_sizes(15, 3))
    with pytest.raises(NoPlanError) as caught:
        check_capacity(stops, pairs, groups=3)
    assert str(caught.value).endswith(
        "- Vrouwenvereniging Samen Sterk moet bezocht worden, maar ontvangt hooguit 4 mensen en"
        " de groepen zijn groter. Maak meer groepen, of verhoog de capaciteit als dat kan."
    )


def test_the_capacity_of_the_example_goes_through_the_command_line(tmp_path):
    """`deelnemers = 18` and a venue for 5: the CLI passes the pairs and explains them."""
    import json

    from typer.testing import CliRunner

    from safari.cli import app

    _stops_with_capacity(tmp_path, {"moedercentrum-de-zon": "5"})
    text = (EXAMPLE_DIR / "safari.toml").read_text(encoding="utf-8")
    text = text.replace('netwerk = "', f'netwerk = "{EXAMPLE_DIR}/')
    (tmp_path / "safari.toml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["plan", str(tmp_path / "safari.toml"), "--output", str(tmp_path / "k"), "--json",
              "--time-limit", "1"],  # a plan, not the best one: this is about the capacity
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert all("moedercentrum-de-zon" not in g["order"] for g in data["groups"])
    assert (
        "Moedercentrum De Zon ontvangt hooguit 5 mensen; Groep 1 is groter (6 mensen) en gaat"
        " er niet heen." in data["warnings"]
    )


def test_an_empty_list_is_said_in_words_for_people(tmp_path):
    path = tmp_path / "deelnemers.csv"
    path.write_text("naam;afdeling\n", encoding="utf-8")
    with pytest.raises(ParticipantsError) as caught:
        read_participants(path)
    assert list(caught.value.problems) == [
        "Er staat niemand in het bestand. Zet in elke rij een deelnemer."
    ]


def test_plan_with_a_participants_list_end_to_end(tmp_path):
    """`safari plan EVENT --participants LIST`: groups, a step-free route, the group list
    in organisatie/, the leaders on the hosts' schedules, and no name in a public file."""
    import json
    import shutil

    from typer.testing import CliRunner

    from safari.cli import app

    shutil.copy(EXAMPLE_DIR / "stops.csv", tmp_path / "stops.csv")
    text = (EXAMPLE_DIR / "safari.toml").read_text(encoding="utf-8")
    text = text.replace('netwerk = "', f'netwerk = "{EXAMPLE_DIR}/')
    text += "rekentijd = 1\n"  # a plan, not the best one: this is about the list
    (tmp_path / "safari.toml").write_text(text, encoding="utf-8")
    out = tmp_path / "kaarten"
    result = CliRunner().invoke(
        app,
        ["plan", str(tmp_path / "safari.toml"), "--output", str(out), "--json",
         "--participants", str(LIST)],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["step_free"] is True  # Femke Bakker needs it
    assert len(data["groups"]) == 3
    with (out / "organisatie" / "groepen.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert len(rows) == 15
    assert {r["kaart"] for r in rows} == {f"groep-{g}.html" for g in (1, 2, 3)}
    assert all((out / "openbaar" / r["kaart"]).exists() for r in rows)
    leaders = {r["groep"]: r["naam"] for r in rows if r["rol"] == "begeleider"}
    assert len(leaders) == 3
    message = (out / "gastheren" / "samen-sterk.txt").read_text(encoding="utf-8")
    for group, leader in leaders.items():
        assert re.search(rf"- {group}: komt om .*, 5 mensen, begeleider {leader}", message)
    # every route is step-free, but the host is told which group needs the step-free door
    femke = next(r["groep"] for r in rows if r["naam"] == "Femke Bakker")
    assert f"Zorg voor een ingang zonder trap voor: {femke}." in message
    for path in out.rglob("*"):
        if path.is_file() and path.parent.name not in ("organisatie", "gastheren"):
            assert "Femke Bakker" not in path.read_text(encoding="utf-8", errors="replace"), path
