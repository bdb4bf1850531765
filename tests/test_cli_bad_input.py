"""The command line with a broken stops file: a plain Dutch message and exit code 1, never a
traceback, and the file left as it was."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pdok_replay import replaying
from test_stops import BROKEN_FIXTURES

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


@pytest.mark.parametrize("name", sorted(BROKEN_FIXTURES))
def test_plan_with_a_broken_stops_file_explains_and_exits_1(
    name: str, tmp_path: Path, pdok_url: str
) -> None:
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

    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    seen = one_line(output)
    assert name in seen
    for phrase in BROKEN_FIXTURES[name]:
        assert one_line(phrase) in seen, output
    assert hashlib.sha256((ROOT / fixture).read_bytes()).hexdigest() == before
