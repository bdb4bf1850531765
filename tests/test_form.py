"""The submission form in a real browser (Debian chromium): fill in, save, import the file."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

import pytest

from safari.catalogue import import_files, load
from safari.form import write_form

NETWORK = Path(__file__).resolve().parent.parent.parent / "shared" / "osm"
GRAPH = NETWORK / "nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2"


def big_png(width: int = 2400, height: int = 1600) -> bytes:
    """A noisy photo-sized PNG (several MB), made here so nothing binary is committed."""
    import random

    rng = random.Random(1)
    raw = b"".join(b"\0" + rng.randbytes(width * 3) for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 1))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def form_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_form(GRAPH, tmp_path_factory.mktemp("form"))


def test_a_group_fills_in_the_form_on_a_phone_saves_and_the_organiser_imports_it(
    phone, form_page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAFARI_LANG", "nl")
    page = phone.page
    page.goto(form_page.as_uri())
    assert page.title() == "Meld uw plek aan voor de wijksafari"

    # Saving without a name and a place explains what is missing.
    page.click("#save")
    assert "Vul de naam van de plek in." in page.text_content("#errors")
    assert "Kies de plek: tik op de kaart." in page.text_content("#errors")

    page.locator("#map").tap(position={"x": 195, "y": 200})
    assert page.text_content("#place-status").startswith("Plek gekozen: 52,") or page.text_content(
        "#place-status"
    ).startswith("Plek gekozen: 52.")
    page.fill("#naam", "Vrouwencentrum Nour & Zon")
    page.select_option("#soort", "migrantenorganisatie")
    page.fill(
        "#verhaal", "Elke week koken we samen.\n\nIedereen is welkom <script>alert(1)</script>"
    )
    page.select_option("#taal-1", "ar")
    page.fill(".lang-story", "نطبخ معا كل أسبوع")
    page.click("#add-language")
    page.select_option("#taal-2", "en")
    page.locator(".lang-story").nth(1).fill("We cook together every week.")
    # issue 15: the host's questions and tips, with the form's own example as hint
    assert "Schoenen uit bij de ingang" in page.text_content("#questions-hint")
    page.fill("#gespreksvragen", "Hoe houden we contact?\nSchoenen uit bij de ingang.")
    page.fill("#beschikbaar", "di 16:00-18:00")
    page.fill("#bezoekduur", "25")
    page.fill("#capaciteit", "12")
    page.select_option("#rolstoel", "beperkt")
    photo = tmp_path / "foto.png"
    photo.write_bytes(big_png())
    page.set_input_files("#foto", str(photo))
    page.wait_for_selector("#photo-status:has-text('Foto klaar')", timeout=30_000)
    assert page.text_content("#photo-status").startswith("Foto klaar:")
    page.fill("#contactpersoon", "Amina Yusuf")
    page.fill("#telefoon", "+31 6 1234 5678")
    page.fill("#email", "amina@nour.example")
    page.fill("#ingediend_door", "Stichting Nour")
    page.check("#toestemming")
    # The private part says it never goes on the map.
    assert "nooit op de kaart" in page.text_content(".private")

    with page.expect_download() as waiting:
        page.click("#save")
    download = waiting.value
    assert download.suggested_filename == "stop-vrouwencentrum-nour-zon.geojson"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert "Stuur dit bestand naar de organisator" in page.text_content("#saved")
    assert phone.requests == []  # nothing left the page: it works offline
    assert phone.page_errors == [] and phone.console_errors == []

    feature = json.loads(saved.read_text())["features"][0]
    props = feature["properties"]
    assert props["toestemming"] == "ja"
    assert props["foto"].startswith("data:image/jpeg;base64,")
    assert len(props["foto"].split(",", 1)[1]) * 3 / 4 <= 200_000
    lon, lat = feature["geometry"]["coordinates"]
    assert 52.05 < lat < 52.09 and 5.07 < lon < 5.12  # in Kanaleneiland

    catalogue = tmp_path / "catalogus.geojson"
    result = import_files([saved], catalogue, by="Organisator")
    assert result.added == ["vrouwencentrum-nour-zon"]
    [stop] = [f["properties"] for f in load(catalogue)]
    assert stop["status"] == "ingediend"
    assert stop["naam"] == "Vrouwencentrum Nour &amp; Zon"
    assert stop["verhaal"] == "<p>Elke week koken we samen.</p><p>Iedereen is welkom </p>"
    assert stop["verhaal_ar"] == "نطبخ معا كل أسبوع"
    assert stop["verhaal_en"] == "We cook together every week."
    assert stop["gespreksvragen"] == "Hoe houden we contact?<br>Schoenen uit bij de ingang."
    assert (stop["bezoekduur"], stop["capaciteit"], stop["rolstoel"]) == (25, 12, "limited")
    assert stop["telefoon"] == "+31 6 1234 5678" and stop["ingediend_door"] == "Stichting Nour"
    assert stop["foto"] == props["foto"]


def test_the_form_page_is_one_file_that_asks_nothing_from_the_internet(form_page: Path) -> None:
    html = form_page.read_text()
    assert "http://" not in html.replace("http://www.opengis.net", "")
    assert "<script src" not in html and "<link" not in html
    assert "alleen voor de organisator" in html
    assert len(html) < 1_000_000
