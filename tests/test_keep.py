"""The plan is kept, and only what changed is written again.

The organiser runs `safari plan` again and again while preparing: unchanged inputs
reuse the kept plan without solving; a changed story redraws the maps with the same
times; a changed place or group count plans anew. Whether the planner ran is read
from `safari.keep.solves` (a counter), never from the clock.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safari import keep
from safari.cli import app
from safari.network import walking_graph
from safari.plan import Plan
from safari.routing import walking_matrix
from safari.stops import read_stops
from safari.tour import plan_safari

ROOT = Path(__file__).resolve().parent.parent
KANALENEILAND = ROOT.parent / "shared" / "osm" / "nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2"

VENUES = [
    ("brug", "Buurthuis De Brug", "52.07432", "5.08955", "Hier begint de safari."),
    ("samen-sterk", "Samen Sterk", "52.07285", "5.09599", "Zes vrouwen aan een keukentafel."),
    ("vrede", "Gebedshuis De Vrede", "52.07138", "5.09795", "Bijles en een open iftar."),
    ("bakkerij", "Bakkerij Anatolië", "52.07214", "5.09481", "Dertig jaar bakker in de wijk."),
    ("taalcafe", "Taalcafé Welkom", "52.07519", "5.09384", "Samen Nederlands oefenen."),
]

runner = CliRunner()


def write_stops(folder: Path, venues=VENUES) -> Path:
    lines = ["id;naam;lat;lon;verhaal;bezoekduur"]
    lines += [f"{i};{n};{lat};{lon};{story};15" for i, n, lat, lon, story in venues]
    path = folder / "stops.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_event(folder: Path, *, groups: int = 1) -> Path:
    path = folder / "safari.toml"
    path.write_text(
        f'naam = "Safari Kanaleneiland"\ndatum = 2026-03-12\nvertrek = "brug"\n'
        f'stops = "stops.csv"\nnetwerk = "{KANALENEILAND}"\ngroepen = {groups}\n'
        'organisator = "Fatima de Vries"\ntelefoon = "06-12345678"\n',
        encoding="utf-8",
    )
    return path


def run(*args: object):
    result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def plan_json(event: Path, out: Path, *more: str) -> dict:
    return json.loads(run("plan", event, "--output", out, "--json", *more).stdout)


# --- the plan round trip ---------------------------------------------------------------------


def test_a_plan_comes_back_from_its_json_unchanged(tmp_path):
    stops = read_stops(write_stops(tmp_path))
    matrix = walking_matrix(walking_graph(KANALENEILAND), stops)
    plan = plan_safari(stops, matrix, start="brug", day=date(2026, 3, 12))
    plan.title, plan.step_free = "Safari", True
    plan.warnings.append("Let op")
    plan.dropped.append(("x", "te ver"))
    text = json.dumps(plan.to_full_dict())
    back = Plan.from_dict(json.loads(text), stops=stops)
    assert back.groups == plan.groups  # visits, legs and their street geometry
    assert back.groups[0].legs[0].geometry.coords[:] == plan.groups[0].legs[0].geometry.coords[:]
    assert (back.title, back.day, back.step_free) == ("Safari", date(2026, 3, 12), True)
    assert (back.warnings, back.dropped) == (plan.warnings, plan.dropped)
    assert back.to_dict() == plan.to_dict()


# --- write only what changed -----------------------------------------------------------------


def test_a_file_is_written_only_when_its_key_changed(tmp_path):
    calls = []

    def produce() -> bytes:
        calls.append(1)
        return b"inhoud %d" % len(calls)

    path = tmp_path / "kaart.html"
    keep.write_if_changed(path, "a", produce)
    keep.write_if_changed(path, "a", produce)
    assert len(calls) == 1
    keep.write_if_changed(path, "b", produce)
    assert len(calls) == 2
    assert path.read_bytes() == b"inhoud 2"
    path.write_bytes(b"met de hand veranderd")  # edited by hand: written again
    keep.write_if_changed(path, "b", produce)
    assert len(calls) == 3
    assert path.read_bytes() == b"inhoud 3"
    keep.write_if_changed(path, "b", produce, force=True)
    assert len(calls) == 4


def test_a_staged_folder_copies_what_did_not_change_from_the_last_run(tmp_path):
    """Outputs written into a fresh folder (then moved into place) reuse the old files."""
    calls = []

    def produce() -> bytes:
        calls.append(1)
        return b"kaart"

    old, new = tmp_path / "openbaar", tmp_path / ".openbaar-nieuw"
    keep.write_if_changed(old / "kaart.html", "a", produce)
    keep.write_if_changed(new / "kaart.html", "a", produce, previous=old)
    assert len(calls) == 1
    assert (new / "kaart.html").read_bytes() == b"kaart"
    assert keep.is_current(new / "kaart.html")
    keep.write_if_changed(new / "ander.html", "b", produce, previous=old)  # not there before
    assert len(calls) == 2


# --- the command line ------------------------------------------------------------------------


def test_unchanged_inputs_reuse_the_kept_plan_without_solving(tmp_path):
    write_stops(tmp_path)
    event = write_event(tmp_path)
    out = tmp_path / "kaarten"
    before = keep.solves
    first = run("plan", event, "--output", out)
    assert keep.solves == before + 1
    kept = json.loads((out / "organisatie" / keep.KEPT_NAME).read_text())
    assert set(kept["inputs"]) == {
        "version",
        "stops",
        "event",
        "network",
        "participants",
        "options",
    }
    assert kept["inputs"]["stops"] == keep.file_digest(tmp_path / "stops.csv")
    assert kept["inputs"]["network"] == keep.file_digest(KANALENEILAND)
    pdf = out / "openbaar" / "kaart-handout.pdf"
    stamp = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    second = run("plan", event, "--output", out)
    assert keep.solves == before + 1  # not solved again
    assert "Er is niets veranderd: safari gebruikt het bewaarde plan" in second.output
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == stamp
    assert pdf.exists()
    schedule = [line for line in first.stdout.splitlines() if "│" in line]
    assert schedule == [line for line in second.stdout.splitlines() if "│" in line]
    run("plan", event, "--output", out, "--force")
    assert keep.solves == before + 2


def test_a_changed_story_redraws_the_maps_with_the_same_times(tmp_path):
    write_stops(tmp_path)
    event = write_event(tmp_path, groups=2)
    out = tmp_path / "kaarten"
    before = keep.solves
    first = plan_json(event, out)
    assert keep.solves == before + 1
    assert not list(out.rglob("*.pdf"))  # --json: no PDF at all
    changed = [(*v[:4], "Een nieuw verhaal over de bakker." if v[0] == "bakkerij" else v[4])
               for v in VENUES]  # fmt: skip
    write_stops(tmp_path, changed)
    second = plan_json(event, out)
    assert keep.solves == before + 1  # the times were kept
    assert second["groups"] == first["groups"]
    pages = [out / "openbaar" / f"groep-{g}.html" for g in (1, 2)]
    assert all("Een nieuw verhaal over de bakker." in p.read_text(encoding="utf-8") for p in pages)


@pytest.mark.parametrize("change", ["place", "groups"])
def test_a_changed_place_or_group_count_plans_anew(tmp_path, change):
    write_stops(tmp_path)
    event = write_event(tmp_path)
    out = tmp_path / "kaarten"
    before = keep.solves
    plan_json(event, out)
    if change == "place":
        moved = [(v[0], v[1], "52.07300" if v[0] == "taalcafe" else v[2], *v[3:]) for v in VENUES]
        write_stops(tmp_path, moved)
    else:
        write_event(tmp_path, groups=2)
    again = plan_json(event, out)
    assert keep.solves == before + 2
    if change == "groups":
        assert len(again["groups"]) == 2


def test_the_time_limit_reaches_the_solver_and_another_one_plans_anew(tmp_path, monkeypatch):
    """`--time-limit` is the solver's budget; the same again reuses the plan, another does not."""
    import safari.tour

    budgets = []
    solve = safari.tour.solve

    def solve_and_note(problem, **options):
        budgets.append(problem.time_limit_s)
        return solve(problem, **options)

    monkeypatch.setattr(safari.tour, "solve", solve_and_note)
    write_stops(tmp_path)
    event = write_event(tmp_path, groups=2)
    out = tmp_path / "kaarten"
    first = plan_json(event, out, "--time-limit", "2")
    assert plan_json(event, out, "--time-limit", "2") == first
    assert budgets == [2.0]  # the second run reused the kept plan
    plan_json(event, out, "--time-limit", "3")
    assert budgets == [2.0, 3.0]


def test_the_reused_plan_gives_the_same_json_byte_for_byte(tmp_path):
    write_stops(tmp_path)
    event = write_event(tmp_path)
    out = tmp_path / "kaarten"
    args = ("plan", event, "--output", out, "--json")
    before = keep.solves
    first, second = run(*args).stdout, run(*args).stdout
    assert keep.solves == before + 1
    assert first == second
    assert json.loads(first)["files"] == [
        str(p) for p in map(Path, json.loads(first)["files"]) if p.exists()
    ]


def test_the_same_inputs_in_two_new_folders_give_the_same_files(tmp_path, monkeypatch):
    """With ``SOURCE_DATE_EPOCH`` (reproducible builds) every file is the same, byte for byte:
    the hosts' calendars (DTSTAMP) and the kept plan (planned_at) too, PDFs included."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1773309600")  # 2026-03-12 10:00 UTC
    write_stops(tmp_path)
    event = write_event(tmp_path)
    contents = []
    for name in ("eerste", "tweede"):  # two computers, say: the same folder name, new
        (tmp_path / name).mkdir()
        monkeypatch.chdir(tmp_path / name)
        run("plan", event, "--output", "kaarten")
        out = tmp_path / name / "kaarten"
        contents.append(
            {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
        )
    first, second = contents
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    calendars = [name for name in first if name.endswith(".ics")]
    assert calendars
    assert all(b"DTSTAMP:20260312T100000Z" in first[name] for name in calendars)
    kept = json.loads(first["organisatie/bewaard-plan.json"])
    assert kept["planned_at"] == "2026-03-12T10:00:00+00:00"
    assert any(name.endswith(".pdf") for name in first)
