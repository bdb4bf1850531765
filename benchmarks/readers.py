"""Issue 14: every reader is bounded in time and memory, and a large import takes seconds.

Run from the repository root::

    python benchmarks/readers.py            # writes benchmarks/readers-latest.md

Each case runs in its own process (``python -c ...``), so its peak memory is that process's
own (``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` after it ends), not this script's.
The goals: the 9,000-row CSV import in seconds (it took 135 s before: quadratic ids), and
for the largest refused inputs at most 30 s and 1 GB. Reported, never asserted.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_inputs(folder: Path) -> dict[str, tuple[str, Path]]:
    """The inputs: (what is done with it, the file)."""
    # 9,000 stops named alike, about 120 m apart (a grid over 10 km): ids need numbers
    rows = "".join(
        f"Buurthuis;{52.0 + n % 95 * 0.0011:.5f};{5.0 + n // 95 * 0.0022:.5f}\n"
        for n in range(9000)
    )
    same_name = folder / "9000-rijen-zelfde-naam.csv"
    same_name.write_text("naam;lat;lon\n" + rows, encoding="utf-8")
    empty = {"type": "Feature", "geometry": None, "properties": {}}
    million = folder / "1e6-lege-features.geojson"
    million.write_text(json.dumps({"type": "FeatureCollection", "features": [empty] * 10**6}))
    ten_k = folder / "10001-lege-features.geojson"
    ten_k.write_text(json.dumps({"type": "FeatureCollection", "features": [empty] * 10_001}))
    big_csv = folder / "31mb.csv"
    line = "Buurthuis De Brug;52,07432;5,08955;" + "x" * 200 + "\n"
    big_csv.write_text("naam;lat;lon;verhaal\n" + line * (31_000_000 // len(line)))
    stories = folder / "30mb-9999-verhalen.csv"
    story = "Welkom &amp; koffie. " * 150  # 3 kB, entities decoded and sanitised
    stories.write_text(
        "naam;lat;lon;verhaal\n"
        + "".join(
            f"Plek {n};52,{7000 + n % 900:05d};5,{9000 + n // 900:04d};{story}\n"
            for n in range(9999)
        )
    )
    points = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [5.08 + n % 150 * 1e-4, 52.07 + n // 150 * 1e-4],
            },
            "properties": {"naam": f"Plek {n}"},
        }
        for n in range(9_999)
    ]
    many = folder / "9999-punten.geojson"
    many.write_text(json.dumps({"type": "FeatureCollection", "features": points}))
    deep = folder / "diep.geojson"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    return {
        "stops import, 9,000 rows with one name (CSV)": ("import", same_name),
        "read, 10^6 empty features (GeoJSON, 50 MB: refused by size)": ("read", million),
        "read, 10,001 empty features (GeoJSON: refused by rows)": ("read", ten_k),
        "read, 31 MB CSV of 148,000 short rows (refused by rows)": ("read", big_csv),
        "read, 100,000 brackets deep (GeoJSON)": ("read", deep),
        "read, 30 MB CSV, 9,999 rows with 3 kB stories (the largest accepted)": ("read", stories),
        "plan, 9,999 valid points (refused: at most 1,000 stops)": ("plan", many),
    }


CODE = {
    "read": (
        "import sys\nfrom safari.stops import read_stops\nfrom safari._errors import SafariError\n"
        "try:\n    read_stops(sys.argv[1]); print('gelezen')\n"
        "except SafariError as e:\n    print('geweigerd:', str(e).splitlines()[-1][:90])\n"
    ),
}


def run(action: str, path: Path, folder: Path) -> tuple[float, float, str]:
    """Seconds, peak MB and the outcome of one case in a fresh process."""
    env_python = [sys.executable]
    if action == "read":
        args = [*env_python, "-c", CODE["read"], str(path)]
    elif action == "import":
        args = [*env_python, "-m", "safari", "stops", "import", str(path), "--by", "bench",
                "--catalogue", str(folder / "catalogus.geojson")]  # fmt: skip
    else:
        network = ROOT.parent / "shared" / "osm" / "nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2"
        args = [*env_python, "-m", "safari", "plan", str(path), "--network", str(network),
                "--output", str(folder / "kaarten")]  # fmt: skip
    # A fresh wrapper process per case: its RUSAGE_CHILDREN peak is this case's alone.
    wrapper = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "sys.stdout.write(done.stdout); sys.stderr.write(done.stderr)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(f'PEAK {peak}', file=sys.stderr); sys.exit(done.returncode)\n"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", wrapper, *args],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=folder,
        check=False,
    )
    seconds = time.perf_counter() - started
    errors = done.stderr.strip().splitlines()
    peak_mb = int(errors.pop().split()[1]) / 1024 if errors and errors[-1].startswith("PEAK") else 0
    out = (done.stdout.strip().splitlines() or [""])[-1][:110]
    err = (errors or [""])[-1][:110]
    outcome = f"exit {done.returncode}: {out if done.returncode == 0 else err}"
    return seconds, peak_mb, outcome


def main() -> None:
    lines = [
        "# Readers: time and peak memory (issue 14)",
        "",
        "Made by `python benchmarks/readers.py`; each case in a fresh process on the project's",
        "2-core machine (shared). Peak memory: `RUSAGE_CHILDREN` of a wrapper process per case",
        "(the case's own peak resident memory).",
        "",
        "| case | seconds | peak MB | outcome |",
        "|---|---:|---:|---|",
    ]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for case, (action, path) in make_inputs(folder).items():
            seconds, peak, outcome = run(action, path, folder)
            row = f"| {case} | {seconds:.1f} | {peak:.0f} | {outcome.replace('|', '/')} |"
            print(row, flush=True)
            lines.append(row)
    (ROOT / "benchmarks" / "readers-latest.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
