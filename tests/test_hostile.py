"""A battery of malformed and hostile stops files: each gives a clear Dutch message that names
the file (and row or feature, and column where there is one), never a traceback; the files
are left as they were; and the whole battery stays well under 1 GB of memory.

Files: the hand-made ones in ``tests/data/hostile/`` (one fault each, named after it), the
csv-spectrum cases from npm (the pinned tarball ``csv-spectrum-2.0.0.tgz``, BSD-2-Clause,
checked by its sha256 and unpacked at test time), and large files made at test time: a
50 MB CSV, a 10 MB story, 12,000 rows, and an Excel zip bomb.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pdok_replay import replaying

from safari.readers import _read_delimited

if TYPE_CHECKING:
    from collections.abc import Iterator

DATA = Path(__file__).parent / "data"
HOSTILE = DATA / "hostile"
ROOT = Path(__file__).resolve().parent.parent
SPECTRUM = DATA / "csv-spectrum-2.0.0.tgz"
SPECTRUM_SHA256 = "002a6a938bf51ceb26af7b760f5c1b54baca4820b0e9142f135619210c93d021"

NO_NAME = "Kolom 'naam' ontbreekt."
EMPTY = "Het bestand is leeg"
NOT_TEXT = "Het bestand is geen leesbare tekst."
ENTITIES = "In het bestand staan stukjes code (<!ENTITY ...>)"
BAD_POINT = "Stop 1 in het bestand, geometrie: het punt heeft geen goede coördinaten."

#: file -> what the organiser must read (besides the file name in the first line).
EXPECTED: dict[str, str] = {
    "invalid_utf16_le_without_bom.csv": NOT_TEXT,
    "invalid_utf16_only_header.txt": "Er staan alleen namen van kolommen in het bestand",
    "invalid_nan_coordinates.csv": "Rij 2, kolom 'lat': 'NaN' is geen getal.",
    "invalid_infinite_coordinates.csv": "Rij 2, kolom 'lon': '1e999' is geen getal.",
    "invalid_nan_coordinates.geojson": BAD_POINT,
    "invalid_infinite_coordinates.geojson": BAD_POINT,
    "invalid_rd_swapped.csv": "Rij 2, kolommen 'x' en 'y': x en y lijken verwisseld",
    "invalid_rd_in_latlon_columns.csv": "Rij 2, kolommen 'lat' en 'lon': 454009 en 134864 zijn"
    " geen graden maar lijken RD-coördinaten.",
    "invalid_swapped_latlon.geojson": "Stop 1 in het bestand, geometrie: dit punt ligt niet"
    " in Nederland.",
    "invalid_empty.geojson": EMPTY,
    "invalid_empty.kml": EMPTY,
    "invalid_empty.xlsx": EMPTY,
    "invalid_empty.gpkg": EMPTY,
    "invalid_only_header.xlsx": "Er staan alleen namen van kolommen in het bestand",
    "invalid_kml_entity_bomb.kml": ENTITIES,
    "invalid_kml_external_entity.kml": ENTITIES,
    "invalid_kml_syntax.kml": "Het bestand is geen goede KML: er zit een fout op regel 2",
    "invalid_kml_not_kml.kml": "Het bestand is geen KML-kaart.",
    "invalid_kml_linestring.kml": "Stop 1 in het bestand, geometrie: de plek 'Wandelroute' is"
    " een LineString",
    "invalid_kml_bad_coordinates.kml": BAD_POINT,
    "invalid_kml_no_placemarks.kml": "Er staan geen plekken in het bestand.",
    "invalid_xlsx_not_a_zip.xlsx": "Het bestand is geen Excel-werkmap (.xlsx)",
    "invalid_xlsx_entity_bomb.xlsx": ENTITIES,
    "invalid_xlsx_no_name_column.xlsx": NO_NAME,
    "invalid_gpkg_not_sqlite.gpkg": "Het bestand is geen GeoPackage",
    "invalid_gpkg_plain_sqlite.gpkg": "Het GeoPackage heeft geen laag met punten.",
    "invalid_gpkg_polygons_only.gpkg": "Het GeoPackage heeft geen laag met punten.",
    "invalid_geojson_deep_nesting.geojson": "er zitten te veel haakjes in elkaar",
    "invalid_json_top_level_array.json": "Het bestand is geen GeoJSON met plekken.",
    # issue 14: a NUL byte in a text file is named by its row and column
    "invalid_nul_bytes.csv": "Rij 2, kolom A: hier staat een onzichtbaar nul-teken (NUL).",
    "invalid_photo_svg_data_url.geojson": "Stop 1 in het bestand, eigenschap 'foto':"
    " 'data:image/svg+xml",
    "invalid_consent_value.csv": "Rij 2, kolom 'toestemming': 'misschien' kent safari niet.",
    "invalid_address_not_found.csv": "Rij 2, kolom 'adres': het adres 'Nergensstraat 999,"
    " Nergenshuizen' is niet gevonden.",
    # issue 14: said as such, and the row it swallows is not dropped silently
    "invalid_unclosed_quote.csv": 'Rij 2: een aanhalingsteken (") wordt niet gesloten.',
    "invalid_sep_line_quote.csv": NO_NAME,
    "invalid_geojson_feature_without_properties_or_geometry.geojson": NO_NAME,
    # made at test time
    "invalid_50_mb.csv": "Het bestand is 52 MB. Zo groot is een stopsbestand nooit",
    "invalid_story_10_mb.csv": "Rij 2, kolom 'verhaal': deze cel heeft 10.000.000 tekens.",
    "invalid_12000_rows.csv": "Het bestand heeft meer dan 10,000 rijen.",
    "invalid_xlsx_zip_bomb.xlsx": "De Excel-werkmap wordt uitgepakt 200 MB groot.",
}
SPECTRUM_CASES = [
    "comma_in_quotes.csv",
    "empty.csv",
    "empty_crlf.csv",
    "escaped_quotes.csv",
    "json.csv",
    "location_coordinates.csv",
    "newlines.csv",
    "newlines_crlf.csv",
    "quotes_and_newlines.csv",
    "simple.csv",
    "simple_crlf.csv",
    "utf8.csv",
]

RUNNER = r"""
import json, resource, sys
from safari._errors import SafariError
from safari.stops import read_stops
results = {}
for path in sys.argv[1:]:
    try:
        read_stops(path)
        results[path] = {"outcome": "read"}
    except SafariError as error:
        results[path] = {"outcome": "message", "text": str(error), "problems": error.problems}
    except BaseException as error:  # a bug: report it
        import traceback
        results[path] = {"outcome": "bug", "text": traceback.format_exc()}
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"results": results, "peak_mb": peak_kb / 1024}))
"""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def spectrum(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The csv-spectrum cases, from the pinned npm tarball (hash checked)."""
    assert sha256(SPECTRUM) == SPECTRUM_SHA256
    folder = tmp_path_factory.mktemp("csv-spectrum")
    with tarfile.open(SPECTRUM) as archive:
        archive.extractall(folder, filter="data")
    return folder / "package"


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The large hostile files, made now rather than kept in the repository."""
    folder = tmp_path_factory.mktemp("made")
    row = "Plek {n};52,0{n:04d};5,09;" + "Een verhaal over de buurt. " * 36 + "\n"
    with (folder / "invalid_50_mb.csv").open("w", encoding="utf-8") as out:
        out.write("naam;lat;lon;verhaal\n")
        n = 0
        while out.tell() < 52_000_000:
            out.write(row.format(n=n % 10_000))
            n += 1
    story = "x" * 10_000_000
    (folder / "invalid_story_10_mb.csv").write_text(
        f'naam;lat;lon;verhaal\nDe Brug;52,07;5,09;"{story}"\n'
    )
    lines = ["naam;lat;lon", *(f"Plek {i};52,07;5,09" for i in range(12_000))]
    (folder / "invalid_12000_rows.csv").write_text("\n".join(lines) + "\n")
    with zipfile.ZipFile(folder / "invalid_xlsx_zip_bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = b"\0" * 1_000_000
            for _ in range(200):
                sheet.write(block)
    return folder


@pytest.fixture(scope="module")
def battery(spectrum: Path, made: Path) -> Iterator[tuple[list[Path], dict]]:
    files = [*sorted(HOSTILE.iterdir()), *sorted(made.iterdir())]
    files += [spectrum / "csvs" / name for name in SPECTRUM_CASES]
    before = {path: sha256(path) for path in files}
    with replaying() as server:
        env = {**os.environ, "SAFARI_LANG": "nl", "SAFARI_PDOK_URL": server.url}
        done = subprocess.run(
            [sys.executable, "-c", RUNNER, *map(str, files)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert {path: sha256(path) for path in files} == before  # inputs unchanged
    return files, report


def test_the_battery_has_at_least_40_files_each_named_after_its_fault(battery) -> None:
    files, _ = battery
    assert len(files) >= 40
    assert {p.name for p in files if p.parent.name != "csvs"} == set(EXPECTED)


def test_every_hostile_file_gets_a_clear_dutch_message_and_no_traceback(battery) -> None:
    files, report = battery
    for path in files:
        result = report["results"][str(path)]
        assert result["outcome"] == "message", (path.name, result)
        text = result["text"]
        assert "Traceback" not in text
        first = text.splitlines()[0]
        assert f"'{path}'" in first, (path.name, first)
        expected = EXPECTED.get(path.name, NO_NAME)
        assert expected in text, (path.name, text[:500])


def test_the_whole_battery_stays_under_1_gb_of_memory(battery) -> None:
    _, report = battery
    assert report["peak_mb"] < 1024, report["peak_mb"]


@pytest.mark.parametrize("name", SPECTRUM_CASES)
def test_the_csv_reader_passes_csv_spectrum(spectrum: Path, name: str) -> None:
    """The raw rows match csv-spectrum's JSON (quotes, newlines, CRLF, UTF-8)."""
    data = (spectrum / "csvs" / name).read_bytes()
    expected = json.loads((spectrum / "json" / name.replace(".csv", ".json")).read_text())

    raw = _read_delimited(data, name, ".csv")

    expected = expected if isinstance(expected, list) else [expected]
    if name == "location_coordinates.csv":  # upstream's JSON has another phone number
        assert raw.rows[0]["Contact Phone Number"] == "2095257564"
        raw.rows[0]["Contact Phone Number"] = expected[0]["Contact Phone Number"]
    assert raw.rows == expected


@pytest.mark.parametrize(
    "name",
    ["invalid_kml_entity_bomb.kml", "invalid_xlsx_not_a_zip.xlsx", "invalid_gpkg_not_sqlite.gpkg"],
)
def test_stops_import_of_a_hostile_file_explains_and_exits_1(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from safari.cli import app

    path = HOSTILE / name
    catalogue = tmp_path / "catalogus.geojson"
    monkeypatch.setenv("SAFARI_LANG", "nl")
    monkeypatch.setenv("COLUMNS", "300")
    monkeypatch.setenv("NO_COLOR", "1")

    done = CliRunner().invoke(
        app, ["stops", "import", str(path), "--catalogue", str(catalogue)], catch_exceptions=False
    )

    output = done.stdout + done.stderr
    assert done.exit_code == 1, output
    assert "Traceback" not in output
    assert "Er is niets toegevoegd aan de lijst met stops" in output
    assert EXPECTED[name] in " ".join(output.split())
    assert not catalogue.exists()
