"""The public Python API for notebooks: light to import, and the documented example runs."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import time
from pathlib import Path

import pytest
from shapely.geometry import LineString, Point

import safari

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "api.md"
KANALENEILAND = ROOT.parent / "shared" / "osm" / "nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2"


def test_import_safari_loads_no_heavy_library():
    code = (
        "import sys, safari\n"
        "heavy = {'geopandas', 'networkx', 'osmnx', 'ortools', 'folium', 'safari.stops'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "[]"


def test_the_public_names_are_the_library_functions():
    from safari.plan import Plan
    from safari.stops import read_stops
    from safari.tour import plan_event

    assert safari.read_stops is read_stops
    assert safari.plan_event is plan_event
    assert safari.Plan is Plan
    assert set(safari.__all__) <= set(dir(safari))
    with pytest.raises(AttributeError, match="no attribute 'plan_everything'"):
        safari.plan_everything  # noqa: B018  the lookup is what is tested


@pytest.mark.skipif(not KANALENEILAND.exists(), reason="needs ../shared/osm")
def test_the_worked_example_in_docs_api_runs_and_shows_the_schedule(monkeypatch, capsys):
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    assert blocks, "docs/api.md has a python example"
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SAFARI_LANG", "nl")
    namespace: dict[str, object] = {}
    exec(compile("\n".join(blocks), str(DOC), "exec"), namespace)  # noqa: S102  the example in docs/api.md

    plan, visits, legs = namespace["plan"], namespace["visits"], namespace["legs"]
    assert isinstance(plan, safari.Plan)
    group = plan.groups[0]
    assert len(visits) == len(group.visits) == 10  # nine stops and back to the start
    assert list(visits.columns) == [
        "group", "number", "stop_id", "name", "arrive", "depart", "geometry"
    ]  # fmt: skip
    first = visits.iloc[0]
    assert (first["stop_id"], first["name"], first["arrive"].time()) == (
        "buurthuis-de-brug",
        "Buurthuis De Brug",
        time(14, 0),
    )
    assert list(visits["number"]) == [v.number for v in group.visits]
    assert all(isinstance(p, Point) for p in visits.geometry)
    assert visits.crs == "EPSG:4326"
    assert len(legs) == len(group.legs)
    assert all(isinstance(g, LineString) for g in legs.geometry)
    assert legs["meters"].sum() == pytest.approx(group.total_meters)
    out = capsys.readouterr().out
    assert "Taalcafé Welkom" in out
    assert "km walked" in out
    rounds = namespace["rounds"]
    assert isinstance(rounds, safari.Plan)
    assert len(rounds.groups) == 2
