"""The organiser types `safari --help`: the answer comes at once, without loading the planner.

Each command runs in a real process under ``python -X importtime``; the test reads which
modules that process loaded and fails when a heavy library is among them (issue 12).
"""

from __future__ import annotations

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


def loaded_modules(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run ``python -X importtime -m safari ARGS``; return the process and its top-level modules."""
    env = {**os.environ, "SAFARI_LANG": "nl", "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "safari", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
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


@pytest.mark.parametrize("words", COMMANDS, ids=lambda words: " ".join(words) or "safari")
def test_help_loads_no_heavy_library(words: tuple[str, ...], tmp_path: Path) -> None:
    done, modules = loaded_modules(*words, "--help", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Gebruik:" in done.stdout  # click's own words in Dutch too (issue 13)
    heavy, typed = sorted(HEAVY & modules), " ".join(("safari", *words, "--help"))
    assert not heavy, f"`{typed}` loaded {heavy}; all: {sorted(modules)}"


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
