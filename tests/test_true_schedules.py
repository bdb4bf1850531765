"""Waiting before a visit is shown in every schedule, and a step-free plan says so.

Two groups, one host who receives from 14:40 and one group at a time: the groups get
there earlier and wait. The wait must appear in the terminal's table, the schedule
CSV, the handout, the map's data and the host's message, with the same minutes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime
from pathlib import Path

from typer.testing import CliRunner

from safari.cli import app
from safari.plan import Leg, Visit
from safari.tour import with_waiting

ROOT = Path(__file__).resolve().parent.parent
KANALENEILAND = ROOT.parent / "shared" / "osm" / "nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2"


def test_leaving_at_14_48_walking_2_minutes_and_received_at_14_55_is_5_minutes_waiting():
    day = datetime(2026, 3, 12)
    visits = [
        Visit("a", 1, day.replace(hour=14, minute=30), day.replace(hour=14, minute=48)),
        Visit("b", 2, day.replace(hour=14, minute=55), day.replace(hour=15, minute=15)),
    ]
    legs = [Leg("a", "b", 133.0, 2.0, None)]  # type: ignore[arg-type]
    assert [v.wait_minutes for v in with_waiting(visits, legs)] == [0, 5]


def test_waiting_is_shown_in_every_schedule(tmp_path):
    (tmp_path / "stops.csv").write_text(
        "id;naam;lat;lon;bezoekduur;beschikbaar\n"
        "brug;Buurthuis De Brug;52.07432;5.08955;15;\n"
        "taalcafe;Taalcafé Welkom;52.07519;5.09384;20;14:40-18:00\n",
        encoding="utf-8",
    )
    (tmp_path / "safari.toml").write_text(
        f'naam = "Wachten"\ndatum = 2026-03-12\nvertrek = "brug"\nstops = "stops.csv"\n'
        f'netwerk = "{KANALENEILAND}"\ngroepen = 2\ntoegankelijk = true\n',
        encoding="utf-8",
    )
    out = tmp_path / "kaarten"
    result = CliRunner().invoke(
        app, ["plan", str(tmp_path / "safari.toml"), "--output", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    kept = json.loads((out / "organisatie" / "bewaard-plan.json").read_text(encoding="utf-8"))
    waits = {
        (g["name"], v["stop_id"]): v["wait_minutes"]
        for g in kept["summary"]["groups"]
        for v in g["visits"]
    }
    first = waits[("Groep 1", "taalcafe")]
    second = waits[("Groep 2", "taalcafe")]
    assert first > 0
    assert second > first

    # the terminal's table
    for minutes in (first, second):
        assert re.search(rf"│ Taalcafé Welkom .*│ +{minutes} min wachten │", result.stdout)
    assert "Deze route is zonder trappen." in result.stdout
    # the schedule CSV
    rows = list(
        csv.reader(
            io.StringIO((out / "organisatie" / "schema.csv").read_text(encoding="utf-8-sig")),
            delimiter=";",
        )
    )
    assert [(r[0], r[7]) for r in rows[1:] if r[2] == "Taalcafé Welkom"] == [
        ("Groep 1", str(first)),
        ("Groep 2", str(second)),
    ]
    # the handout
    handout = (out / "openbaar" / "groep-2-handout.html").read_text(encoding="utf-8")
    assert f"({second} min wachten)" in handout
    assert "Deze route is zonder trappen." in handout
    # the map's data
    page = (out / "openbaar" / "groep-2.html").read_text(encoding="utf-8")
    assert f'"wait": {second}' in page
    assert '"step_free": true' in page
    # the host's message: the group may be at the door earlier
    message = (out / "gastheren" / "taalcafe.txt").read_text(encoding="utf-8")
    assert f"({second} min wachten)" in message


def test_a_stops_file_is_checked_as_a_whole_before_planning(tmp_path):
    """A stop far from any street, unreadable hours and a start host closed at the start:
    one round of messages names all three (today it took three runs)."""
    (tmp_path / "stops.csv").write_text(
        "id;naam;lat;lon;beschikbaar;prioriteit\n"
        "brug;Buurthuis De Brug;52.07432;5.08955;16:00-18:00;\n"
        "taalcafe;Taalcafé Welkom;52.07519;5.09384;soms;\n"
        "weiland;Boerderij Ver Weg;52.0900;5.0500;;misschien\n"
        "vrede;Gebedshuis De Vrede;52.07138;5.09795;;\n",
        encoding="utf-8",
    )
    (tmp_path / "safari.toml").write_text(
        f'naam = "Alles in een keer"\ndatum = 2026-03-12\nvertrek = "brug"\n'
        f'stops = "stops.csv"\nnetwerk = "{KANALENEILAND}"\ngroepen = 2\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["plan", str(tmp_path / "safari.toml"), "--output", str(tmp_path / "k")]
    )
    assert result.exit_code == 1
    text = " ".join(result.output.split())  # the terminal wraps long lines
    assert "stops.csv' heeft 4 probleem/problemen voor de planning:" in text
    assert re.search(r"- 'Boerderij Ver Weg' \(rij 4\) ligt \d+ m van de dichtstbijzijnde", text)
    assert "- Rij 3, kolom 'beschikbaar': 'soms' is niet te lezen." in text
    assert "- Rij 4, kolom 'prioriteit': 'misschien' kent safari niet." in text
    assert (
        "- De safari begint om 14:00 bij Buurthuis De Brug, maar Buurthuis De Brug ontvangt"
        " alleen 16:00–18:00." in text
    )
    assert "Traceback" not in result.output
