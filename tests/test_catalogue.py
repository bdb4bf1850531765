"""The review queue: import, duplicates, approve/reject with history, exports, crash safety."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import random
import time
from pathlib import Path

import openpyxl
import pytest
from forked import Child, Forker

from safari.catalogue import import_files, load, set_status, similar_names
from safari.catalogue_export import export
from safari.sheets import neutralise
from safari.stops import read_stops

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent

SUBMISSION = (
    "naam;lat;lon;soort;verhaal;telefoon;email;contactpersoon;ingediend_door;toestemming\n"
    "Buurthuis De Brug;52,0740;5,0935;buurthuis;Welkom & koffie <3;+31 30 123 4567;"
    "brug@voorbeeld.example;Fatima el Amrani;Stichting De Brug;ja\n"
    "Moskee Al-Amal;52,0768;5,0911;gebedshuis;Open dag;+31 6 8765 4321;amal@voorbeeld.example;"
    "Yusuf Demir;Moskee Al-Amal;nee\n"
    'Huiskamer Salaam;52,0712;5,0968;buurthuis;=HYPERLINK("https://x.example");'
    "-2+3+cmd|' /C calc'!A0;@SUM(A1);\tTab;Vrouwengroep Salaam;ja\n"
)
INTERNAL = [
    "+31 30 123 4567",
    "brug@voorbeeld.example",
    "Fatima el Amrani",
    "Stichting De Brug",
    "Yusuf Demir",
    "amal@voorbeeld.example",
    "Vrouwengroep Salaam",
    "Organisator Ans",
]


@pytest.fixture(autouse=True)
def _dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFARI_LANG", "nl")
    monkeypatch.setenv("SAFARI_PDOK_URL", "http://127.0.0.1:9")


@pytest.fixture
def submission(tmp_path: Path) -> Path:
    path = tmp_path / "inzending.csv"
    path.write_text(SUBMISSION, encoding="utf-8")
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def props(catalogue: Path) -> dict[str, dict]:
    return {f["properties"]["id"]: f["properties"] for f in load(catalogue)}


def test_imported_stops_enter_the_queue_as_submitted_with_history(
    tmp_path: Path, submission: Path
) -> None:
    catalogue = tmp_path / "catalogus.geojson"
    before = sha256(submission)

    result = import_files([submission], catalogue, by="Organisator Ans")

    assert result.added == ["buurthuis-de-brug", "moskee-al-amal", "huiskamer-salaam"]
    assert sha256(submission) == before
    stops = props(catalogue)
    brug = stops["buurthuis-de-brug"]
    assert brug["status"] == "ingediend"
    assert brug["toestemming"] == "ja"
    assert stops["moskee-al-amal"]["toestemming"] == "nee"
    assert brug["telefoon"] == "+31 30 123 4567"
    [event] = brug["geschiedenis"]
    assert event["actie"] == "ingediend"
    assert event["door"] == "Organisator Ans"
    assert event["bron"] == "inzending.csv, rij 2"
    assert "wanneer" in event
    # The file opens as a plain GeoJSON FeatureCollection (QGIS, uMap, geojson.io).
    document = json.loads(catalogue.read_text())
    assert document["type"] == "FeatureCollection"
    assert document["safari"] == {"catalogus": 1}


def test_importing_the_same_file_again_changes_nothing(tmp_path: Path, submission: Path) -> None:
    catalogue = tmp_path / "catalogus.geojson"
    import_files([submission], catalogue)
    first = sha256(catalogue)

    result = import_files([submission], catalogue)

    assert result.added == []
    assert len(result.unchanged) == 3
    assert sha256(catalogue) == first


def test_a_similar_name_within_50_m_is_flagged_never_merged(
    tmp_path: Path, submission: Path
) -> None:
    catalogue = tmp_path / "catalogus.geojson"
    import_files([submission], catalogue)
    near = tmp_path / "tweede.csv"
    near.write_text(
        "naam;lat;lon\n"
        "Buurthuis de Brug;52,07410;5,09360\n"  # ~15 m away, same name
        "Stichting Moskee Al Amal;52,0769;5,0912\n"  # similar name, ~13 m
        "Buurthuis De Brug;52,0800;5,0935\n"  # same name, 670 m away: another place
        "Bakkerij Gül;52,07401;5,09351\n"  # next door, other name
    )

    result = import_files([near], catalogue)

    stops = props(catalogue)
    assert len(stops) == 7  # nothing merged
    assert result.duplicates == {
        "buurthuis-de-brug-2": ["buurthuis-de-brug"],
        "stichting-moskee-al-amal": ["moskee-al-amal"],
    }
    assert stops["buurthuis-de-brug"]["mogelijk_dubbel"] == ["buurthuis-de-brug-2"]
    assert stops["buurthuis-de-brug-3"]["mogelijk_dubbel"] == []
    assert stops["bakkerij-gul"]["mogelijk_dubbel"] == []


@pytest.mark.parametrize(
    ("a", "b", "similar"),
    [
        ("Moskee Al-Amal", "moskee al amal", True),
        ("Stichting De Brug", "Buurthuis De Brug", True),
        ("Café Één", "Cafe Een", True),
        ("Bakkerij Gül", "Buurthuis De Brug", False),
        ("", "De Brug", False),
    ],
)
def test_similar_names(a: str, b: str, similar: bool) -> None:
    assert similar_names(a, b) is similar


def test_approve_and_reject_are_recorded_with_who_when_and_why(
    tmp_path: Path, submission: Path
) -> None:
    catalogue = tmp_path / "catalogus.geojson"
    import_files([submission], catalogue)

    warnings = set_status(
        catalogue, ["buurthuis-de-brug", "moskee-al-amal"], "goedgekeurd", by="Ans"
    ).warnings
    set_status(catalogue, ["huiskamer-salaam"], "afgewezen", by="Ans", reason="Zelfde als De Brug")

    stops = props(catalogue)
    assert stops["buurthuis-de-brug"]["status"] == "goedgekeurd"
    approve = stops["buurthuis-de-brug"]["geschiedenis"][-1]
    assert (approve["actie"], approve["door"]) == ("goedgekeurd", "Ans")
    reject = stops["huiskamer-salaam"]["geschiedenis"][-1]
    assert reject["actie"] == "afgewezen"
    assert reject["reden"] == "Zelfde als De Brug"
    assert warnings == [
        (
            "'Moskee Al-Amal' (moskee-al-amal) heeft geen toestemming voor publicatie: de plek"
            " komt alleen op het overzicht van de organisator. Heeft de plek toestemming gegeven?"
            " Gebruik dan 'safari stops approve moskee-al-amal --consent'."
        )
    ]
    set_status(catalogue, ["moskee-al-amal"], "goedgekeurd", by="Ans", consent=True)
    assert props(catalogue)["moskee-al-amal"]["toestemming"] == "ja"


def test_an_unknown_id_changes_nothing_and_suggests_the_right_one(
    tmp_path: Path, submission: Path
) -> None:
    catalogue = tmp_path / "catalogus.geojson"
    import_files([submission], catalogue)
    before = sha256(catalogue)

    with pytest.raises(Exception, match="Bedoelt u: buurthuis-de-brug"):
        set_status(catalogue, ["buurthuis-de-brug", "buurthuis-brug"], "goedgekeurd")

    assert sha256(catalogue) == before


def test_a_file_with_a_problem_adds_nothing(tmp_path: Path, submission: Path) -> None:
    catalogue = tmp_path / "catalogus.geojson"

    with pytest.raises(Exception, match="Er is niets toegevoegd") as caught:
        import_files([submission, DATA / "invalid_missing_name.csv"], catalogue)

    assert "Rij 3, kolom 'naam': de naam ontbreekt." in str(caught.value)
    assert not catalogue.exists()


def test_a_file_that_is_not_a_catalogue_is_never_overwritten(
    tmp_path: Path, submission: Path
) -> None:
    other = tmp_path / "stops.geojson"
    other.write_bytes((DATA / "stops.geojson").read_bytes())
    before = sha256(other)

    with pytest.raises(Exception, match="is geen lijst met stops van safari"):
        import_files([submission], other)

    assert sha256(other) == before


# --- exports ---------------------------------------------------------------------------------


@pytest.fixture
def reviewed(tmp_path: Path, submission: Path) -> Path:
    catalogue = tmp_path / "catalogus.geojson"
    import_files([submission], catalogue, by="Organisator Ans")
    set_status(
        catalogue, ["buurthuis-de-brug", "moskee-al-amal", "huiskamer-salaam"], "goedgekeurd"
    )
    return catalogue


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".geojson"])
def test_round_trip_export_and_import_gives_the_same_stops(
    tmp_path: Path, reviewed: Path, suffix: str
) -> None:
    exported, count = export(reviewed, tmp_path / f"export{suffix}", internal=True)
    again = tmp_path / "nieuw.geojson"

    import_files([exported], again, keep_status=True)

    assert count == 3
    old, new = load(reviewed), load(again)
    assert [f["geometry"]["coordinates"] for f in old] == [
        f["geometry"]["coordinates"] for f in new
    ]
    for a, b in zip(old, new, strict=True):
        pa = {k: v for k, v in a["properties"].items() if k != "geschiedenis"}
        pb = {k: v for k, v in b["properties"].items() if k != "geschiedenis"}
        assert pa == pb
        assert b["properties"]["geschiedenis"][:-1] == a["properties"]["geschiedenis"]
    # read_stops sees the same stops in the old and the new catalogue
    columns = ["id", "naam", "verhaal", "telefoon", "status", "toestemming"]
    assert read_stops(reviewed, only_approved=False)[columns].equals(
        read_stops(again, only_approved=False)[columns]
    )


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".geojson"])
def test_the_public_export_has_no_internal_value(
    tmp_path: Path, reviewed: Path, suffix: str
) -> None:
    path, count = export(reviewed, tmp_path / f"publiek{suffix}")

    assert count == 2  # the mosque gave no consent
    if suffix == ".xlsx":
        book = openpyxl.load_workbook(path)
        text = "\n".join(str(c.value) for r in book.active.iter_rows() for c in r)
    else:
        text = path.read_text(encoding="utf-8-sig")
    for secret in [*INTERNAL, "Moskee Al-Amal", "geschiedenis", "toestemming", "ingediend"]:
        assert secret not in text, secret
    assert "Buurthuis De Brug" in text


def test_spreadsheet_exports_never_hold_a_formula(tmp_path: Path, reviewed: Path) -> None:
    csv_path, _ = export(reviewed, tmp_path / "intern.csv", internal=True)
    xlsx_path, _ = export(reviewed, tmp_path / "intern.xlsx", internal=True)

    rows = list(csv.reader(io.StringIO(csv_path.read_text("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("https://x.example")' in cells
    assert "'-2+3+cmd|' /C calc'!A0" in cells
    assert "'@SUM(A1)" in cells
    assert "+31 30 123 4567" in cells  # a phone number stays readable
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t") and c[:3] != "+31"]
    book = openpyxl.load_workbook(xlsx_path)
    for row in book.active.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.value
            if isinstance(cell.value, str) and cell.value[:1] in "=+-@\t":
                assert cell.data_type == "s"
    values = [c.value for r in book.active.iter_rows() for c in r]
    assert '=HYPERLINK("https://x.example")' in values  # shown as typed, as text


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("a\x00b", "ab"),
        ("\x00=1", "'=1"),
        ("+31 20 123 4567", "+31 20 123 4567"),
        ("-5", "-5"),
        ("Gewoon tekst", "Gewoon tekst"),
    ],
)
def test_neutralise(value: str, safe: str) -> None:
    assert neutralise(value) == safe


# --- crash safety ----------------------------------------------------------------------------


def _big_stops(path: Path, count: int, *, offset: int) -> None:
    lines = ["naam;lat;lon;verhaal;telefoon"]
    for i in range(count):
        lat = 52.05 + (i + offset) * 0.0007
        story = f"Verhaal {i}: " + "de buurt vertelt. " * 60
        lines.append(f"Plek {offset + i};{lat:.5f};5,09;{story};+31 30 {i:07d}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


RUNS = 12  # killed imports: half right after writing starts, half anywhere in it
# What `stops import` loads: imported once in the fork server (see tests/forked.py).
PRELOAD = ("safari.catalogue", "safari.readers", "safari.stops", "geopandas", "requests")


def test_a_killed_import_leaves_the_whole_old_or_the_whole_new_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGKILL at random moments, and right after writing starts: never half a catalogue."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # the same history time everywhere
    old_stops, new_stops = tmp_path / "oud.csv", tmp_path / "nieuw.csv"
    _big_stops(old_stops, 600, offset=0)
    _big_stops(new_stops, 600, offset=5000)
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": "1767225600",  # the same history time in every run
        "SAFARI_LANG": "nl",
        "SAFARI_PDOK_URL": "http://127.0.0.1:9",
    }
    command = ["-v", "stops", "import", str(new_stops), "--by", "t"]

    original = tmp_path / "oud.geojson"
    import_files([old_stops], original, by="t")

    def fresh(folder: Path) -> Path:
        folder.mkdir()
        catalogue = folder / "catalogus.geojson"
        catalogue.write_bytes(original.read_bytes())
        return catalogue

    def start(catalogue: Path) -> Child:
        """Run the import; return once it logs that it starts writing the catalogue."""
        child = forker.run(
            [*command, "--catalogue", str(catalogue)], stderr=catalogue.with_suffix(".log")
        )
        child.wait_for("Writing catalogue")
        return child

    with Forker(env, preload=PRELOAD) as forker:
        reference = fresh(tmp_path / "referentie")
        old_hash = sha256(reference)
        child = start(reference)
        started = time.monotonic()
        assert child.wait() == 0
        writing = time.monotonic() - started  # from "Writing catalogue" until the process ends
        new_hash = sha256(reference)
        assert new_hash != old_hash

        # Every run is killed while it writes: right after it starts (odd runs) or anywhere in
        # the measured writing time (even runs). A run whose process had already ended tests
        # nothing, so it is counted, and most runs must have been killed alive.
        rng = random.Random(5)
        outcomes, killed_alive = [], 0
        for run in range(RUNS):
            catalogue = fresh(tmp_path / f"run{run}")
            child = start(catalogue)
            pause = rng.uniform(0.0, writing) if run % 2 == 0 else rng.uniform(0.0, 0.05)
            time.sleep(pause)
            killed_alive += child.kill()
            digest = sha256(catalogue)
            assert digest in (old_hash, new_hash), f"run {run}: a half-written catalogue"
            assert len(load(catalogue)) in (600, 1200)  # and it opens
            outcomes.append("old" if digest == old_hash else "new")
            if run < 4:  # the next command cleans up and works
                import_files([DATA / "stops.geojson"], catalogue)
                assert not list(catalogue.parent.glob(".catalogus.geojson.*.tmp"))
    assert killed_alive >= RUNS * 3 // 5, f"only {killed_alive} of {RUNS} runs killed while writing"
    assert "old" in outcomes  # killed before the write finished


def test_commands_at_the_same_time_lose_nothing_and_leave_no_lock_file(tmp_path: Path) -> None:
    """The lock file is removed after use; a command waiting on the old one still waits."""
    env = {**os.environ, "SAFARI_LANG": "nl", "SAFARI_PDOK_URL": "http://127.0.0.1:9"}
    catalogue = tmp_path / "catalogus.geojson"
    files = []
    for n in range(4):
        path = tmp_path / f"groep{n}.csv"
        rows = [f"Plek {n}-{i};{52.05 + n * 0.01 + i * 0.0007:.5f};5,09;ja" for i in range(20)]
        path.write_text("naam;lat;lon;toestemming\n" + "\n".join(rows) + "\n", encoding="utf-8")
        files.append(path)
    with Forker(env, preload=PRELOAD) as forker:
        children = [
            forker.run(
                ["stops", "import", str(path), "--catalogue", str(catalogue)],
                stderr=path.with_suffix(".log"),
            )
            for path in files
        ]  # four processes at once, all waiting for the same lock
        for child in children:
            assert child.wait() == 0, child.stderr.read_text(encoding="utf-8")

    assert len(load(catalogue)) == 80
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".geojson"])
def test_unknown_consent_survives_an_export_and_import(tmp_path: Path, suffix: str) -> None:
    """'onbekend' stays 'onbekend' (never becomes 'ja' or 'nee') through the organiser's export."""
    source = tmp_path / "groep.csv"
    source.write_text(
        "naam;lat;lon;toestemming;rolstoel\n"
        "Buurthuis De Brug;52,0740;5,0935;yes;limited\n"
        "Moskee Al-Amal;52,0768;5,0911;no;no\n"
        "Huiskamer Salaam;52,0712;5,0968;;yes\n",
        encoding="utf-8",
    )
    catalogue = tmp_path / "catalogus.geojson"
    import_files([source], catalogue)
    exported, _ = export(catalogue, tmp_path / f"intern{suffix}", internal=True)
    again = tmp_path / "nieuw.geojson"

    import_files([exported], again, keep_status=True)

    consent = {p["id"]: p["toestemming"] for p in props(again).values()}
    assert consent == {
        "buurthuis-de-brug": "ja",
        "moskee-al-amal": "nee",
        "huiskamer-salaam": "onbekend",
    }
    assert read_stops(again, only_approved=False)["toestemming"].tolist() == [True, False, False]
