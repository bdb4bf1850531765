"""The organiser types `safari --help`: the answer comes at once, without loading the planner.

Each command runs in a real process under ``python -X importtime``; the test reads which
modules that process loaded and fails when a heavy library is among them (issue 12).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command

from safari.cli import app

ROOT = Path(__file__).resolve().parent.parent

# Libraries that take a noticeable part of a second (or more) to import.
HEAVY = {
    "babel",
    "elkai",
    "folium",
    "geopandas",
    "networkx",
    "numpy",
    "openpyxl",
    "ortools",
    "osmium",
    "osmnx",
    "pandas",
    "pyproj",
    "scipy",
    "shapely",
    "weasyprint",
}


def command_paths(command: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and subcommand of the CLI (a click tree), as the words a user types."""
    paths = [prefix]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        paths += command_paths(sub, (*prefix, name))
    return paths


COMMANDS = command_paths(get_command(app))


def new_python(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python ARGS`` in a new process, in Dutch, with this checkout's safari."""
    env = {**os.environ, "SAFARI_LANG": "nl", "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def loaded_modules(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run ``python -X importtime -m safari ARGS``; return the process and its top-level modules."""
    done = new_python("-X", "importtime", "-m", "safari", *args, cwd=cwd)
    modules = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                modules.add(name.split(".")[0])
    return done, modules


def test_the_walk_finds_every_command_and_subcommand():
    assert {("plan",), ("demo",), ("version",), ("template",), ("form",)} <= set(COMMANDS)
    stops = {path[1] for path in COMMANDS if len(path) == 2 and path[0] == "stops"}
    assert {"import", "list", "approve", "reject", "suggest", "export", "delete", "purge"} <= stops


#: Runs every command's ``--help`` in one new process, one after the other, and prints per
#: command what it wrote and which libraries were loaded by then. Loaded modules stay loaded,
#: so the first command that loads a heavy library is the one whose help is slow.
HELP_WALK = """
import contextlib, io, json, sys
from safari.cli import app
for words in json.loads(sys.argv[1]):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            app(args=[*words, "--help"], prog_name="safari")
        except SystemExit as done:
            code = done.code
    loaded = sorted({name.split(".")[0] for name in sys.modules})
    print(json.dumps({"words": words, "code": code, "out": out.getvalue(), "loaded": loaded}),
          file=sys.__stdout__, flush=True)
"""


def test_help_loads_no_heavy_library(tmp_path: Path) -> None:
    """`safari --help` and the help of every subcommand, in a new process: no heavy library."""
    first, modules = loaded_modules("--help", cwd=tmp_path)  # the real command, as typed
    assert first.returncode == 0, first.stderr[-2000:]
    assert "Gebruik:" in first.stdout  # click's own words in Dutch too (issue 13)
    assert not HEAVY & modules, f"`safari --help` loaded {sorted(HEAVY & modules)}"

    done = new_python("-c", HELP_WALK, json.dumps(COMMANDS), cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert [tuple(a["words"]) for a in answers] == COMMANDS
    for answer in answers:
        typed = " ".join(("safari", *answer["words"], "--help"))
        assert answer["code"] in (0, None), (typed, answer["out"])
        assert "Gebruik:" in answer["out"], typed
        heavy = sorted(HEAVY & set(answer["loaded"]))
        assert not heavy, f"`{typed}` loaded {heavy}; all: {answer['loaded']}"


def test_version_loads_no_heavy_library_and_reads_the_package_metadata(tmp_path: Path) -> None:
    done, modules = loaded_modules("version", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == f"safari {version('safari')}"
    heavy = sorted(HEAVY & modules)
    assert not heavy, f"`safari version` loaded {heavy}; all: {sorted(modules)}"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["plan", "stops.csv", "--groups", "0"],
            "0 kan niet bij --groups: kies een heel getal van 1 tot 50",
        ),
        (["plan", "stops.csv", "--mode", "samen"], "'samen' kan niet bij --mode: kies"),
        (
            ["plan", "stops.csv", "--date", "morgen"],
            "'morgen' kan niet bij --date: schrijf een datum",
        ),
        (["plan", "stops.csv", "--no-such-option"], "De optie --no-such-option bestaat niet."),
        (["stops", "reject", "brug"], "De optie '--reason' ontbreekt."),
    ],
)
def test_a_mistake_in_the_options_is_explained_before_any_heavy_import(
    args: list[str], expected: str, tmp_path: Path
) -> None:
    done, modules = loaded_modules(*args, cwd=tmp_path)
    assert done.returncode in (1, 2), done.stderr[-2000:]
    assert expected in " ".join(done.stderr.split())
    heavy = sorted(HEAVY & modules)
    assert not heavy, f"`safari {' '.join(args)}` loaded {heavy}; all: {sorted(modules)}"
