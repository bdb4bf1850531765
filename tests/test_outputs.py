"""Where the files go, and what the organiser is told: `safari demo` / `safari plan`."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safari.cli import app
from safari.outputs import FOLDERS, map_url, write_outputs

ROOT = Path(__file__).resolve().parent.parent
KANALENEILAND = ROOT.parent / "shared" / "osm" / "nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2"

runner = CliRunner()


def demo(tmp_path: Path, *options: str):
    out = tmp_path / "kaarten"
    result = runner.invoke(
        app,
        ["demo", "--network", str(KANALENEILAND), "--output", str(out), *options],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return result, out


def test_the_demo_ends_with_what_was_written_and_what_to_do(tmp_path):
    result, out = demo(tmp_path)
    last = result.stdout.strip().splitlines()[-2:]
    count = sum(1 for name in FOLDERS for p in (out / name).iterdir() if p.is_file())
    count -= 1  # the kept plan (organisatie/bewaard-plan.json) is not one of the outputs
    assert last == [
        (
            f"Geschreven: {count} bestanden in {out} (openbaar/, begeleiders/, gastheren/,"
            " organisatie/; elke map heeft een LEESMIJ.txt)."
        ),
        (
            f"Open {out}/openbaar/index.html in uw browser. Zet de map {out}/openbaar/ op uw"
            " website, of stuur kaart.html naar de deelnemers."
        ),
    ]
    # one group: its table is headed by the event's name, not "Groep 1"
    assert "Groep 1" not in result.stdout
    assert result.stdout.splitlines()[0].strip() == "Voorbeeld: wijksafari Kanaleneiland"
    for name in FOLDERS:
        assert (out / name / "LEESMIJ.txt").is_file(), name
    assert sorted(p.name for p in (out / "openbaar").iterdir()) == [
        "LEESMIJ.txt",
        "index.html",
        "kaart-handout.html",
        "kaart-handout.pdf",
        "kaart.gpx",
        "kaart.html",
        "sw.js",
    ]


def test_open_shows_the_public_index_in_the_browser(tmp_path, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url) or True)
    _, out = demo(tmp_path, "--open")
    assert opened == [(out / "openbaar" / "index.html").resolve().as_uri()]


def test_no_open_no_browser(tmp_path, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url) or True)
    demo(tmp_path)
    assert opened == []


def test_the_qr_address_is_the_public_folder_plus_the_map():
    folder = "https://www.gemeente.example/safari/"
    assert map_url(folder, "groep-2.html") == folder + "groep-2.html"
    assert map_url(folder.rstrip("/"), "groep-2.html") == folder + "groep-2.html"
    assert map_url(folder + "kaart.html", "kaart.html") == folder + "kaart.html"
    assert map_url(None, "kaart.html") is None


@pytest.fixture(scope="module")
def planned():
    """A small real plan (two stops in Kanaleneiland) and its walking network."""
    import tempfile

    from safari.network import walking_network
    from safari.routing import walking_matrix
    from safari.stops import read_stops
    from safari.tour import plan_safari

    folder = Path(tempfile.mkdtemp())
    stops_file = folder / "stops.csv"
    stops_file.write_text(
        "id;naam;lat;lon;toestemming\n"
        "a;Buurthuis De Brug;52,07432;5,08955;ja\n"
        "b;Taalcafé Welkom;52,07519;5,09384;ja\n",
        encoding="utf-8",
    )
    stops = read_stops(stops_file)
    network = walking_network(str(KANALENEILAND), around=stops)
    return plan_safari(stops, walking_matrix(network, stops)), network


def test_a_failed_run_leaves_the_old_folders_whole_and_no_temporary_folder(
    planned, tmp_path, monkeypatch
):
    plan, _ = planned
    out = tmp_path / "kaarten"
    first = write_outputs(plan, out)
    before = {p: p.read_bytes() for p in first.all_files}

    def broken(*args, **kwargs):
        msg = "disk full"
        raise RuntimeError(msg)

    monkeypatch.setattr("safari.overview.render_overview", broken)
    with pytest.raises(RuntimeError):
        write_outputs(plan, out)
    assert {p: p.read_bytes() for p in first.all_files} == before
    assert sorted(p.name for p in out.iterdir()) == sorted(FOLDERS)


def test_a_new_run_replaces_each_folder_as_a_whole(planned, tmp_path):
    plan, _ = planned
    out = tmp_path / "kaarten"
    write_outputs(plan, out)
    stale = out / "openbaar" / "oud-bestand.html"
    stale.write_text("van een vorige keer", encoding="utf-8")
    (out / "eigen.txt").write_text("van de organisator", encoding="utf-8")
    again = write_outputs(plan, out)
    assert not stale.exists()
    assert (out / "eigen.txt").exists()  # only the four folders are replaced
    assert sorted(p.name for p in out.iterdir()) == sorted([*FOLDERS, "eigen.txt"])
    assert again.first_map == out / "openbaar" / "kaart.html"


def test_host_files_come_from_safari_hosts_when_it_is_there(planned, tmp_path, monkeypatch):
    plan, _ = planned
    calls = []

    def write_host_files(given, folder, **options):
        calls.append(given)
        path = Path(folder) / "gastheer-a.html"
        path.write_text("voor gastheer a", encoding="utf-8")
        return [path]

    hosts = types.ModuleType("safari.hosts")
    hosts.write_host_files = write_host_files  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "safari.hosts", hosts)
    written = write_outputs(plan, tmp_path / "kaarten")
    assert calls == [plan]
    assert [p.name for p in written.files["gastheren"]] == ["LEESMIJ.txt", "gastheer-a.html"]


def test_plan_open_shows_the_index_and_open_end_still_ends_at_the_last_stop(tmp_path, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url) or True)
    out = tmp_path / "k"
    example = ROOT / "safari" / "data" / "voorbeeld" / "stops.csv"
    result = runner.invoke(
        app,
        ["plan", str(example), "--network", str(KANALENEILAND), "--output", str(out),
         "--start", "buurthuis-de-brug", "--open-end", "--open"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert opened == [(out / "openbaar" / "index.html").resolve().as_uri()]
    # a plain stops file is not titled after the file (issue 9): "Wijksafari"
    assert result.stdout.splitlines()[0].strip() == "Wijksafari"
