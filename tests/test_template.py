"""The template a volunteer fills in without help (issue 17): `safari template`."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from safari.cli import app
from safari.network import walking_graph
from safari.stops import read_stops
from safari.template import TEMPLATE_COLUMNS, example_place, write_template

ROOT = Path(__file__).resolve().parent.parent
KANALENEILAND = ROOT.parent / "shared" / "osm" / "nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2"
DELFT = ROOT.parent / "shared" / "osm" / "nl_delft_wippolder_tudelft_2025-08_bbox.osm.pbf"

runner = CliRunner()


@pytest.fixture(autouse=True)
def _dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFARI_LANG", "nl")
    monkeypatch.setenv("SAFARI_PDOK_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("COLUMNS", "80")


def test_the_first_sheet_explains_in_plain_dutch(tmp_path: Path) -> None:
    xlsx, _ = write_template(tmp_path)

    book = openpyxl.load_workbook(xlsx)

    assert book.sheetnames == ["Uitleg", "Stops"]
    assert book.active.title == "Uitleg"  # the workbook opens on the explanation
    guide = book.worksheets[0]
    lines = [guide.cell(row=r, column=1).value for r in range(1, 14)]
    assert lines[:4] == [
        "Zo meldt u plekken aan voor de wijksafari",
        None,
        "1. Klik onderaan op het blad 'Stops'. Elke rij is één plek.",
        "2. Rij 2 is een voorbeeld. Schrijf daaroverheen, of wis die rij.",
    ]
    assert "4. Typ gewone tekst. Gebruik geen formules (die beginnen met =)." in lines
    explained = {
        guide.cell(row=r, column=1).value: guide.cell(row=r, column=2).value
        for r in range(1, guide.max_row + 1)
    }
    assert explained["capaciteit"] == (
        "Hoeveel bezoekers kunt u tegelijk ontvangen? Typ een getal, zoals 12. De organisator"
        " maakt de groep voor uw plek niet groter dan dat. Mag leeg."
    )
    assert explained["gespreksvragen"] == (
        "Welke vragen wilt u graag krijgen van de bezoekers? En wat moeten zij weten voor ze"
        " binnenkomen? Bijvoorbeeld: Wat wilt u dat de ambtenaren weten? Schoenen uit bij de"
        " ingang; geen foto's tijdens het gebed. Mag leeg."
    )
    assert explained["verhaal_ar (Arabisch)"] == "Het verhaal in het Arabisch (mag leeg)."
    # B1: short sentences in the instructions
    for line in filter(None, lines):
        for sentence in line.split(". "):
            assert len(sentence.split()) <= 20, sentence


def test_story_columns_name_their_language_and_the_reader_still_reads_them(
    tmp_path: Path,
) -> None:
    xlsx, csv = write_template(tmp_path)
    sheet = openpyxl.load_workbook(xlsx)["Stops"]
    headers = [c.value for c in sheet[1]]

    assert headers[6:10] == [
        "verhaal_en (Engels)",
        "verhaal_ar (Arabisch)",
        "verhaal_tr (Turks)",
        "gespreksvragen",
    ]
    # a volunteer fills in the Arabic story and the questions
    sheet.cell(row=2, column=8, value="مرحبا بكم في مطبخنا")
    sheet.cell(row=2, column=10, value="Hoe begon het?\n<script>x</script>Wat kookt u?")
    sheet.cell(row=2, column=1, value="Buurtkeuken Kanaleneiland")
    book = sheet.parent
    book.save(tmp_path / "ingevuld.xlsx")

    stops = read_stops(tmp_path / "ingevuld.xlsx")

    row = stops.iloc[0]
    assert row["verhaal_ar"] == "مرحبا بكم في مطبخنا"
    assert row["gespreksvragen"] == "Hoe begon het?<br>Wat kookt u?"  # sanitised as a story
    assert row["capaciteit"] == 12
    assert {"verhaal_en", "verhaal_ar", "verhaal_tr"} <= set(stops.columns)
    assert len(read_stops(csv)) == 1


def test_without_a_network_the_example_row_says_it_is_an_example(tmp_path: Path) -> None:
    xlsx, _ = write_template(tmp_path)

    sheet = openpyxl.load_workbook(xlsx)["Stops"]

    assert sheet.cell(row=2, column=1).value == (
        "Voorbeeld: vervang deze rij (Buurtkeuken De Pan is verzonnen)"
    )


def test_with_a_network_the_example_row_lies_on_a_named_street_of_the_district(
    tmp_path: Path,
) -> None:
    result = runner.invoke(
        app, ["template", "--output", str(tmp_path), "--network", str(KANALENEILAND)]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""

    sheet = openpyxl.load_workbook(tmp_path / "stops-sjabloon.xlsx")["Stops"]
    row = {
        name: sheet.cell(row=2, column=j).value for j, name in enumerate(TEMPLATE_COLUMNS, start=1)
    }
    graph = walking_graph(str(KANALENEILAND))
    lat, lon = (float(row[c].replace(",", ".")) for c in ("lat", "lon"))
    on_street = {
        (round(graph.nodes[n]["y"], 5), round(graph.nodes[n]["x"], 5))
        for u, v, data in graph.edges(data=True)
        if data.get("name") == row["adres"]
        for n in (u, v)
    }
    assert (lat, lon) in on_street
    xs = [graph.nodes[n]["x"] for n in graph.nodes]
    ys = [graph.nodes[n]["y"] for n in graph.nodes]
    assert min(ys) < lat < max(ys)
    assert min(xs) < lon < max(xs)
    assert row["naam"] == "Buurtkeuken De Pan (voorbeeld: vervang of wis deze rij)"
    # the same network gives the same place; another district another one
    assert example_place(KANALENEILAND) == example_place(KANALENEILAND)
    assert example_place(DELFT).lat > 51.99


def test_an_untouched_example_row_is_never_imported(tmp_path: Path) -> None:
    write_template(tmp_path)

    result = runner.invoke(
        app,
        [
            "stops",
            "import",
            str(tmp_path / "stops-sjabloon.csv"),
            "--catalogue",
            str(tmp_path / "catalogus.geojson"),
        ],
    )

    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "1 rij(en) niet ingelezen, met de reden:\n"
        "- Rij 2 is de voorbeeldrij uit het sjabloon (Buurtkeuken De Pan). Die is overgeslagen.\n"
    )
    assert not (tmp_path / "catalogus.geojson").exists()
