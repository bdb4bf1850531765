"""A warm `safari plan` (nothing changed since the last run) against the floor. One command::

    python benchmarks/warm_plan.py [--repeat 7]

The district: the 12 Delft stops of ``benchmarks/run.py`` (one group, a round trip), on the
same OSM extract (read in place from ``../shared/osm``). The first run plans and writes
everything (and fills safari's network cache); then:

- **warm**: ``python -m safari plan EVENT --output OUT`` again, a fresh interpreter each
  time, with unchanged inputs (the kept plan is reused: no network, no solving, no writing);
- **floor**: a bare ``python -c "import numpy, scipy, shapely"`` plus the planning work
  itself, measured in one warm process (read the stops, load the cached network, matrix,
  order, leg geometry and the participant's map), as issue 12 defines it.

Goal (issue 12): warm <= 1.5 x floor. Both wall-clock seconds (the median of ``--repeat``
runs) and CPU seconds (user + system, which a busy shared machine disturbs less) are
reported, as ratios. The table goes to stdout and to ``benchmarks/warm-latest.md``.
Measured and reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
from run import PBF, STOPS  # noqa: E402  (the 12-stop district of the main benchmark)

LATEST = REPO / "benchmarks" / "warm-latest.md"
GOAL = 1.5

_WORK = """
import json, sys, time
from safari.config import Event
from safari.network import walking_graph
from safari.render import render_map
from safari.routing import walking_matrix
from safari.stops import read_stops
from safari.tour import plan_event, with_meeting_points

event_file, network, out, repeat = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
times = []
for _ in range(repeat + 1):  # the first round warms the caches of this process
    t0 = time.perf_counter()
    event = Event(stops=event_file, start="al-ansaar", network=network)
    stops = with_meeting_points(read_stops(event.stops), event)
    graph = walking_graph(network, around=stops)
    matrix = walking_matrix(graph, stops)
    plan = plan_event(stops, matrix, event)
    render_map(plan, out, group=0)
    times.append(time.perf_counter() - t0)
print(json.dumps(times[1:]))
"""


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str, str]:
    """Wall seconds, CPU seconds (user + system of the child), stdout and stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout, done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    network = str((REPO / PBF).resolve())

    with tempfile.TemporaryDirectory(prefix="safari-warm-") as tmp:
        folder = Path(tmp)
        env = dict(os.environ, SAFARI_CACHE_DIR=str(folder / "cache"), PYTHONPATH=str(REPO))
        stops = folder / "stops.csv"

        def write_stops(story: str) -> None:
            rows = ["id;naam;lat;lon;bezoekduur;verhaal"]
            rows += [f"{i};{n};{a};{o};15;{story if k == 0 else ''}"
                     for k, (i, n, a, o) in enumerate(STOPS)]  # fmt: skip
            stops.write_text("\n".join(rows) + "\n", encoding="utf-8")

        write_stops("Welkom.")
        event = folder / "safari.toml"
        event.write_text(
            f'naam = "Warm"\nstops = "stops.csv"\nnetwerk = "{network}"\n'
            'vertrek = "al-ansaar"\ndatum = 2026-03-12\n',
            encoding="utf-8",
        )
        out = folder / "kaarten"
        plan_cmd = [sys.executable, "-m", "safari", "plan", str(event), "--output", str(out)]
        cold_wall, cold_cpu, _, _ = timed(plan_cmd, env)  # plans, writes, fills the cache

        warm = [timed(plan_cmd, env) for _ in range(args.repeat)]
        if not all("bewaarde plan" in w[3] for w in warm):
            sys.exit("the warm runs did not reuse the kept plan: nothing to measure")
        stories = []
        for k in range(args.repeat):  # only a story changes: maps again, times kept
            write_stops(f"Welkom, versie {k}.")
            stories.append(timed(plan_cmd, env))
        if not all("Alleen teksten" in r[3] for r in stories):
            sys.exit("a changed story planned anew: nothing to measure")
        write_stops("Welkom.")
        bare_cmd = [sys.executable, "-c", "import numpy, scipy, shapely"]
        bare = [timed(bare_cmd, env) for _ in range(args.repeat)]
        work_cmd = [sys.executable, "-c", _WORK, str(stops), network,
                    str(folder / "work.html"), str(args.repeat)]  # fmt: skip
        work_out = timed(work_cmd, env)[2]
        work = json.loads(work_out)

    warm_wall = statistics.median(w[0] for w in warm)
    warm_cpu = statistics.median(w[1] for w in warm)
    bare_wall = statistics.median(b[0] for b in bare)
    bare_cpu = statistics.median(b[1] for b in bare)
    work_s = statistics.median(work)
    floor_wall = bare_wall + work_s
    floor_cpu = bare_cpu + work_s  # the work is CPU-bound: its wall time is its CPU time
    rows = [
        ("cold `safari plan` (first run: plan and write)", cold_wall, cold_cpu),
        ("warm `safari plan` (nothing changed)", warm_wall, warm_cpu),
        (
            "`safari plan` after a story changed (maps redrawn, times kept)",
            statistics.median(r[0] for r in stories),
            statistics.median(r[1] for r in stories),
        ),
        ('bare `python -c "import numpy, scipy, shapely"`', bare_wall, bare_cpu),
        ("planning work itself (in a warm process)", work_s, work_s),
        ("floor = bare imports + planning work", floor_wall, floor_cpu),
    ]
    lines = [
        "# Warm `safari plan` against the floor (issue 12)",
        "",
        (
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · Python {platform.python_version()} · "
            f"{os.cpu_count()} cores · load {os.getloadavg()[0]:.1f} · {len(STOPS)} stops, Delft"
            f" · median of {args.repeat} runs"
        ),
        "",
        "| what | wall s | CPU s |",
        "|---|---:|---:|",
        *(f"| {name} | {wall:.3f} | {cpu:.3f} |" for name, wall, cpu in rows),
        "",
        (
            f"**warm / floor: {warm_wall / floor_wall:.2f}x wall, {warm_cpu / floor_cpu:.2f}x CPU**"
            f" (goal <= {GOAL}x)."
        ),
        "",
    ]
    text = "\n".join(lines)
    sys.stdout.write(text)
    LATEST.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
