"""The organiser at the terminal: `safari demo`, `safari plan`, help texts and mistakes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from safari.cli import app

ROOT = Path(__file__).resolve().parent.parent
KANALENEILAND = ROOT.parent / "shared" / "osm" / "nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2"
EXAMPLE = ROOT / "safari" / "data" / "voorbeeld" / "stops.csv"

runner = CliRunner()


@pytest.fixture(scope="module")
def module_cache(new_cache):
    return new_cache("safari-cache-cli")


@pytest.fixture(autouse=True)
def _safari_cache_dir(module_cache, monkeypatch):
    """One cache for this module: the walking network is read from its file once, not per run."""
    monkeypatch.setenv("SAFARI_CACHE_DIR", str(module_cache))


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_demo_prints_the_schedule_and_writes_the_map(tmp_path):
    result = run("demo", "--network", KANALENEILAND, "--output", tmp_path)
    assert result.exit_code == 0, result.output
    out = result.output
    for heading in ("Nr", "Stop", "Aankomst", "Vertrek", "Lopen (min)"):
        assert heading in out
    assert "Buurthuis De Brug" in out
    assert "14:00" in out
    assert "Totaal" in out
    assert "km lopen" in out
    assert (tmp_path / "openbaar" / "kaart.html").exists()
    assert "Geschreven: " in out
    assert "bestanden in" in out


def plan_json(tmp_path, *options: str) -> dict:
    """`safari plan` on the example with --json, as another program reads it."""
    result = run(
        "plan", EXAMPLE, "--network", KANALENEILAND, "--output", tmp_path, "--json", *options
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_plan_json_follows_the_contract(tmp_path):
    data = plan_json(tmp_path, "--start", "taalcafe-welkom", "--start-time", "10:30")
    assert data["stops_planned"] == 9
    (group,) = data["groups"]
    assert group["name"] == "Groep 1"
    assert group["order"][0] == group["order"][-1] == "taalcafe-welkom"
    assert len(group["order"]) == 10
    assert group["visits"][0] == {
        "stop_id": "taalcafe-welkom",
        "arrive": "10:30",
        "depart": "10:50",
        "wait_minutes": 0,
    }
    assert len(group["legs"]) == 9
    assert {"from", "to", "meters", "minutes"} <= set(group["legs"][0])
    assert group["total_meters"] == pytest.approx(
        sum(leg["meters"] for leg in group["legs"]), abs=1
    )
    # 4 km/h: minutes follow from metres
    leg = group["legs"][0]
    assert leg["minutes"] == pytest.approx(leg["meters"] / (4000 / 60), abs=0.1)
    assert isinstance(data["warnings"], list)
    assert data["map_file"] == str(tmp_path / "openbaar" / "kaart.html")
    assert data["index"] == str(tmp_path / "openbaar" / "index.html")
    assert Path(data["map_file"]).exists()


def test_open_end_and_fixed_end(tmp_path):
    opened = plan_json(tmp_path, "--start", "buurthuis-de-brug", "--open-end")["groups"][0]
    assert len(opened["order"]) == 9
    assert opened["order"][0] == "buurthuis-de-brug"
    fixed = plan_json(tmp_path, "--start", "buurthuis-de-brug", "--end", "leespunt-open-boek")
    order = fixed["groups"][0]["order"]
    assert (order[0], order[-1], len(order)) == ("buurthuis-de-brug", "leespunt-open-boek", 9)


def test_speed_changes_the_walking_minutes(tmp_path):
    leg = plan_json(tmp_path, "--speed", "2")["groups"][0]["legs"][0]
    assert leg["minutes"] == pytest.approx(leg["meters"] / (2000 / 60), abs=0.1)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--start", "moskee"], "Er is geen stop met id 'moskee' (bij --start)."),
        (
            ["--start-time", "twee uur"],
            "'twee uur' kan niet bij --start-time: schrijf een tijd, zoals \"14:00\".",
        ),
        (["--end", "samen-sterk", "--open-end"], "Kies --end of --open-end, niet allebei"),
        (["--speed", "0"], "0.0 kan niet bij --speed: kies een getal boven 0, zoals 4."),
        (["--groups", "0"], "0 kan niet bij --groups: kies een heel getal van 1 tot 50, zoals 3."),
        (["--mode", "samen"], "'samen' kan niet bij --mode: kies \"rotatie\""),
        (
            ["--date", "morgen"],
            "'morgen' kan niet bij --date: schrijf een datum, zoals 2026-03-12.",
        ),
        (["--end-time", "13:00"], "--end-time (13:00) ligt niet na de begintijd (14:00)."),
        (
            ["--start-time", "15:00", "--end-time", "14 uur"],
            "--end-time (14:00) ligt niet na --start-time (15:00).",
        ),
    ],
)
def test_wrong_options_get_a_dutch_message_and_exit_code_1(tmp_path, args, expected):
    result = run("plan", EXAMPLE, "--network", KANALENEILAND, "--output", tmp_path, *args)
    assert result.exit_code == 1
    assert expected in result.stderr
    assert "Traceback" not in result.output


def test_start_time_option_reads_like_the_event_file(tmp_path):
    """`--start-time "14 uur"` works as `start = "14 uur"` in safari.toml."""
    data = plan_json(tmp_path, "--start-time", "14 uur")
    assert data["groups"][0]["visits"][0]["arrive"] == "14:00"
    later = plan_json(tmp_path, "--start-time", "9.30")
    assert later["groups"][0]["visits"][0]["arrive"] == "09:30"


def test_missing_network_file_is_explained(tmp_path):
    result = run("plan", EXAMPLE, "--network", tmp_path / "weg.osm.pbf", "--output", tmp_path)
    assert result.exit_code == 1
    assert "weg.osm.pbf" in result.stderr
    assert "Traceback" not in result.output


def commands(command, words=()):
    """Every command and subcommand, walking typer's click tree (nothing listed by hand)."""
    yield words, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from commands(sub, (*words, name))


def test_every_command_and_subcommand_has_help_text():
    tree = dict(commands(get_command(app)))
    stops = {"import", "list", "approve", "reject", "withdraw", "delete", "anonymise", "purge"}
    assert {("plan",), ("demo",), ("stops",)} | {("stops", name) for name in stops} <= set(tree)
    for words, command in tree.items():
        assert command.help, words
        assert len(command.help) > 20, words
        for param in command.params:
            if param.name != "help":
                assert getattr(param, "help", None), f"{words} {param.name}"
        shown = run(*words, "--help")
        assert shown.exit_code == 0, (words, shown.output)
        assert one_line(command.help)[:40] in one_line(shown.output), words


def test_the_plan_help_shows_the_defaults_of_the_numbers():
    """Numbers that default to a value say which (a float default was not shown)."""
    shown = one_line(run("plan", "--help").output)
    assert "loopt ongeveer 4). [standaard: (4)]" in shown
    assert "als de kolom bezoekduur leeg is. [standaard: (20)]" in shown
    assert "steeds hetzelfde plan. [standaard: (10)]" in shown


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_demo_in_a_real_process_from_an_empty_folder(tmp_path):
    """`python -m safari demo` with no options: the example and its network come with safari."""
    env = {**os.environ, "SAFARI_LANG": "nl", "SAFARI_CACHE_DIR": str(tmp_path / "cache")}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-m", "safari", "demo"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Buurthuis De Brug" in result.stdout
    assert "Open kaarten/openbaar/index.html in uw browser." in result.stdout
    # stderr is a pipe, not a terminal: rich's progress bar once left an empty line there
    assert result.stderr == ""  # no empty line, no third-party noise
    page = (tmp_path / "kaarten" / "openbaar" / "kaart.html").read_text(encoding="utf-8")
    assert "Taalcafé Welkom" in page


def test_event_file_plans_three_groups_with_a_map_each(tmp_path):
    """The example event: three groups rotate, two optional stops may not fit.

    No --network: the example event names the walking network that ships next to it.
    """
    event = ROOT / "safari" / "data" / "voorbeeld" / "safari.toml"
    result = run("plan", event, "--output", tmp_path, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [g["name"] for g in data["groups"]] == ["Groep 1", "Groep 2", "Groep 3"]
    assert {d["stop_id"] for d in data["dropped"]} <= {
        "bakkerij-anatolie",
        "sportclub-over-de-brug",
    }
    for group in data["groups"]:
        assert group["order"][0] == group["order"][-1] == "buurthuis-de-brug"
        assert group["visits"][-1]["arrive"] <= "17:30"
    # the solver proves that no plan keeps more stops or brings the last group back sooner
    assert data["quality"]["proven"]
    assert data["quality"]["last_back"] == data["quality"]["best_possible"] == "17:24"
    text = "Dit is het beste plan: met deze wensen kan de laatste groep niet eerder terug zijn."
    assert data["quality"]["text"] == text
    for name in ("groep-1.html", "groep-2.html", "groep-3.html", "index.html"):
        assert (tmp_path / "openbaar" / name).exists(), name
    for name in ("overzicht.html", "schema.csv", "plan.json"):
        assert (tmp_path / "organisatie" / name).exists(), name
    schedule = (tmp_path / "organisatie" / "schema.csv").read_text(encoding="utf-8-sig")
    assert schedule.splitlines()[0].startswith("groep;nr;stop;aankomst;vertrek")


def test_event_table_in_dutch_per_group(tmp_path):
    event = ROOT / "safari" / "data" / "voorbeeld" / "safari.toml"
    result = run("plan", event, "--network", KANALENEILAND, "--output", tmp_path, "--groups", "2")
    assert result.exit_code == 0, result.output
    assert "Groep 1" in result.stdout
    assert "Groep 2" in result.stdout
    assert "Groep 3" not in result.stdout


def test_event_with_no_possible_plan_explains_why(tmp_path):
    event = tmp_path / "safari.toml"
    event.write_text(
        f'stops = "{EXAMPLE}"\nvertrek = "buurthuis-de-brug"\nstart = "14:00"\neinde = "14:30"\n',
        encoding="utf-8",
    )
    result = run("plan", event, "--network", KANALENEILAND, "--output", tmp_path)
    assert result.exit_code == 1
    assert "Er is geen plan dat aan alle wensen voldoet." in result.stderr
    assert "Samen Sterk" in result.stderr  # a must-stop that cannot fit
    assert "Traceback" not in result.output


def test_step_free_route_is_slower_never_shorter_and_flags_inaccessible_stops(tmp_path):
    """Delft has steps; the step-free walk avoids them at 3 km/h and names a stop with stairs."""
    delft = ROOT.parent / "shared" / "osm" / "nl_delft_wippolder_tudelft_2025-08_bbox.osm.pbf"
    stops = tmp_path / "delft.csv"
    stops.write_text(
        "id;naam;lat;lon;rolstoel\n"
        "equinox;Studievereniging Equinox;52,00202;4,36779;ja\n"
        "library;TU Delft Library;52,00268;4,37524;ja\n"
        "immanuel;Immanuëlkerk;52,00515;4,37499;nee\n"
        "school;International School Delft;52,00275;4,37064;\n",
        encoding="utf-8",
    )
    common = ["plan", stops, "--network", delft, "--output", tmp_path, "--json"]
    normal = json.loads(run(*common).stdout)["groups"][0]
    result = run(*common, "--step-free")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    level = data["groups"][0]
    assert level["total_meters"] >= normal["total_meters"] - 0.5
    for leg in level["legs"]:
        assert leg["minutes"] == pytest.approx(leg["meters"] / (3000 / 60), abs=0.1)
    assert (
        "Immanuëlkerk is niet toegankelijk met een rolstoel (rolstoel = nee)." in data["warnings"]
    )


def test_no_internal_value_reaches_any_public_output_of_a_full_run(tmp_path):
    """Contact details, who submitted a stop, and a host without consent stay internal."""
    import shutil
    import subprocess as sp

    stops = tmp_path / "stops.csv"
    stops.write_text(
        "id;naam;lat;lon;verhaal;contactpersoon;telefoon;email;ingediend_door;toestemming\n"
        "brug;Buurthuis De Brug;52,07432;5,08955;Welkom;Fatima Verborgen;06-99887766;"
        "fatima@verborgen.example;Werkgroep Verborgen;ja\n"
        "stil;Stichting Onzichtbaar;52,07519;5,09384;Geheim verhaal;Jan Verborgen;030-5556677;"
        "jan@verborgen.example;;nee\n"
        "vrede;Gebedshuis De Vrede;52,07138;5,09795;Open huis;;;;;ja\n",
        encoding="utf-8",
    )
    out = tmp_path / "kaarten"
    result = run(
        "plan", stops, "--network", KANALENEILAND, "--output", out, "--groups", "2",
        "--mode", "verdeeld", "--url", "https://example.org/kaarten/",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    internal = ["Verborgen", "06-99887766", "030-5556677", "verborgen.example"]
    private_host = ["Stichting Onzichtbaar", "Geheim verhaal"]
    files = sorted(p for p in (out / "openbaar").iterdir() if p.is_file())
    assert any(p.suffix == ".gpx" for p in files)
    assert any(p.suffix == ".pdf" for p in files)
    for path in files:
        if path.suffix == ".pdf":
            assert shutil.which("pdftotext"), "poppler-utils (installed by .ci/run)"
            text = sp.run(
                ["pdftotext", path, "-"], capture_output=True, text=True, check=True
            ).stdout
        else:
            text = path.read_text(encoding="utf-8-sig")
        for value in internal:
            assert value not in text, (path.name, value)
        for value in private_host:  # only the organisation's folder names every host
            assert value not in text, (path.name, value)


def test_event_may_start_at_a_place_that_is_not_a_stop(tmp_path):
    """vertrek = "lat, lon": the groups meet on a square and start walking from there."""
    event = tmp_path / "safari.toml"
    event.write_text(
        f'stops = "{EXAMPLE}"\nvertrek = "52.0746, 5.0912"\ndatum = 2026-03-12\n'
        'einde = "18:30"\ngroepen = 2\n',
        encoding="utf-8",
    )
    result = run("plan", event, "--network", KANALENEILAND, "--output", tmp_path, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["stops_planned"] == 9  # the meeting point is not a stop
    for group in data["groups"]:
        assert group["order"][0] == group["order"][-1] == "vertrekpunt"
        assert group["visits"][0] == {
            "stop_id": "vertrekpunt",
            "arrive": "14:00",
            "depart": "14:00",
            "wait_minutes": 0,
        }


def test_without_weasyprint_the_handout_is_html_and_safari_says_once_how_to_get_the_pdf(
    tmp_path, monkeypatch
):
    """`pip install safari` without the [pdf] extra: maps, GPX and HTML handouts, one hint.

    On every run, also one that reuses the kept plan; installing the extra makes the PDFs.
    """
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint -> ImportError
    command = ("plan", EXAMPLE, "--network", KANALENEILAND, "--output", tmp_path,
               "--groups", "2", "--mode", "verdeeld")  # fmt: skip
    result = run(*command)
    assert result.exit_code == 0, result.output
    hint = 'Installeer het met: pip install "safari[pdf]".'
    assert one_line(result.stderr).count(hint) == 1, result.stderr
    assert "De handout is als HTML geschreven, maar niet als PDF" in one_line(result.stderr)
    public = tmp_path / "openbaar"
    for group in (1, 2):
        handout = public / f"groep-{group}-handout.html"
        assert f"Groep {group}" in handout.read_text(encoding="utf-8")
        assert f'href="groep-{group}-handout.html"' in (public / "index.html").read_text("utf-8")
        assert (public / f"groep-{group}.gpx").exists()
    assert not list(tmp_path.rglob("*.pdf"))
    # the same command again: the kept plan, and still no PDF, so the hint again
    again = run(*command)
    assert "Er is niets veranderd: safari gebruikt het bewaarde plan" in one_line(again.stderr)
    assert one_line(again.stderr).count(hint) == 1, again.stderr
    # with the pdf extra installed since: the same times, and now the PDFs
    monkeypatch.delitem(sys.modules, "weasyprint")
    done = run(*command)
    assert "niets veranderd" not in one_line(done.stderr)
    assert hint not in one_line(done.stderr)
    assert (public / "groep-1-handout.pdf").exists()
    assert (public / "groep-2-handout.pdf").exists()
