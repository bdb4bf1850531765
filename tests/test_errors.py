"""One error model: a message, and the problems found (all in one round), printed as a list."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from safari import _errors
from safari._errors import EventError, HoursError, SafariError, SolverTimeout, StopsError
from safari.cli import app

DATA = Path(__file__).resolve().parent / "data"
NETWORK = "../shared/osm/nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2"


def test_every_error_class_is_a_safari_error_with_a_tuple_of_problems():
    classes = [getattr(_errors, name) for name in _errors.__all__]
    assert all(issubclass(cls, SafariError) for cls in classes)
    error = EventError("Het bestand 'safari.toml' heeft 2 problemen.", ["één", "twee"])
    assert error.problems == ("één", "twee")
    assert str(error) == "Het bestand 'safari.toml' heeft 2 problemen.\n- één\n- twee"
    assert str(SafariError("Eén zin.")) == "Eén zin."


def test_hours_and_solver_errors_are_still_caught_as_before():
    with pytest.raises(ValueError, match="9-5"):
        raise HoursError("9-5")
    with pytest.raises(SafariError, match="Geen plan gevonden"):
        raise SolverTimeout("Geen plan gevonden in de tijd.")


def test_the_command_line_prints_the_message_and_each_problem_on_its_own_line(monkeypatch):
    monkeypatch.setenv("SAFARI_LANG", "nl")
    monkeypatch.setenv("COLUMNS", "400")
    path = DATA / "invalid_three_faults.csv"
    from safari.stops import read_stops

    with pytest.raises(StopsError) as caught:
        read_stops(path)

    result = CliRunner().invoke(app, ["plan", str(path), "--network", NETWORK])

    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"Fout: {caught.value.message}"
    assert lines[1:4] == [f"- {p}" for p in caught.value.problems]
    assert lines[1].startswith("- Rij 2, kolom 'naam': de naam ontbreekt.")
