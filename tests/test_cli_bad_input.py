"""The command line with a broken stops file: a plain Dutch message and exit code 1, never a
traceback, and the file left as it was."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pdok_replay import replaying
from test_stops import BROKEN_FIXTURES
from typer.testing import CliRunner

from safari.cli import app

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).resolve().parent.parent
NETWORK = "../shared/osm/nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2"


def one_line(text: str) -> str:
    """Undo line wrapping by the terminal library, so phrases can be found whole."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pdok_url() -> Iterator[str]:
    """Recorded PDOK answers on a local server (the live service is never asked)."""
    with replaying() as server:
        yield server.url


def check_explained(name: str, output: str, exit_code: int, before: str) -> None:
    """Exit code 1, no traceback, the file's name and every expected phrase; file unchanged."""
    assert exit_code == 1, output
    assert "Traceback" not in output
    seen = one_line(output)
    assert name in seen
    for phrase in BROKEN_FIXTURES[name]:
        assert one_line(phrase) in seen, output
    assert hashlib.sha256((ROOT / "tests" / "data" / name).read_bytes()).hexdigest() == before


@pytest.mark.parametrize("name", sorted(BROKEN_FIXTURES))
def test_plan_with_a_broken_stops_file_explains_and_exits_1(
    name: str, pdok_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In-process (typer's CliRunner): the same command line, without starting Python again."""
    fixture = Path("tests") / "data" / name
    before = hashlib.sha256((ROOT / fixture).read_bytes()).hexdigest()
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SAFARI_LANG", "nl")
    monkeypatch.setenv("SAFARI_PDOK_URL", pdok_url)

    result = CliRunner().invoke(app, ["plan", str(fixture), "--network", NETWORK])

    check_explained(name, result.stdout + result.stderr, result.exit_code, before)


def test_a_broken_stops_file_in_a_real_process(tmp_path: Path, pdok_url: str) -> None:
    """One real `python -m safari` run: the message reaches the terminal, exit code 1."""
    name = "invalid_swapped_latlon.csv"
    assert name in BROKEN_FIXTURES
    fixture = Path("tests") / "data" / name
    before = hashlib.sha256((ROOT / fixture).read_bytes()).hexdigest()
    env = {
        **os.environ,
        "SAFARI_CACHE_DIR": str(tmp_path),
        "SAFARI_LANG": "nl",
        "SAFARI_PDOK_URL": pdok_url,
        "COLUMNS": "400",
        "NO_COLOR": "1",
        "PYTHONIOENCODING": "utf-8",
    }

    result = subprocess.run(
        [sys.executable, "-m", "safari", "plan", str(fixture), "--network", NETWORK],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )

    check_explained(name, result.stdout + result.stderr, result.returncode, before)
