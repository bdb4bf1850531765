"""The submission form in a real browser (Debian chromium): fill in, save, import the file.

Volunteers use it in their own language (Dutch, English, Arabic, Turkish), place their stop
with the map, an address (PDOK Locatieserver, replayed from 127.0.0.1) or a street from the
list, see each mistake next to its field, and read who receives their details.
"""

from __future__ import annotations

import json
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from accessibility import serious_violations
from pdok_replay import replaying

from safari.catalogue import import_files, load
from safari.form import Privacy, write_form

NETWORK = Path(__file__).resolve().parent.parent.parent / "shared" / "osm"
GRAPH = NETWORK / "nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2"
PRIVACY = Privacy(
    organiser="Gemeente Utrecht, team Wijken", contact="wijken@utrecht.example", keep_days=90
)


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
    return write_form(GRAPH, tmp_path_factory.mktemp("form"), privacy=PRIVACY)


def save(page, folder: Path) -> dict:
    with page.expect_download() as waiting:
        page.click("#save")
    download = waiting.value
    target = folder / download.suggested_filename
    download.save_as(target)
    return json.loads(target.read_text())


def test_a_group_fills_in_the_form_on_a_phone_saves_and_the_organiser_imports_it(
    phone, form_page: Path, tmp_path: Path
) -> None:
    page = phone.page
    page.goto(form_page.as_uri())
    assert page.title() == "Meld uw plek aan voor de wijksafari"
    assert page.get_attribute("html", "lang") == "nl"

    # Saving without a name and a place: each problem next to its own field.
    page.click("#save")
    assert page.text_content("#naam-error") == "Vul de naam van de plek in."
    assert page.get_attribute("#naam", "aria-invalid") == "true"
    assert "naam-error" in page.get_attribute("#naam", "aria-describedby").split()
    assert page.text_content("#place-error") == (
        "Kies de plek: typ het adres, kies de straat, of tik op de kaart."
    )
    assert "place-error" in page.get_attribute("#adres", "aria-describedby").split()
    assert page.text_content("#errors") == "Er ontbreekt nog iets. Kijk bij de rode tekst."
    assert page.evaluate("document.activeElement.id") == "naam"

    # Tapping the map says which street, not coordinates.
    page.locator("#map").tap(position={"x": 195, "y": 200})
    status = page.text_content("#place-status")
    assert re.fullmatch(r"Plek gekozen op de kaart, bij [A-Z][\w .'-]+\.", status), status
    assert page.text_content("#place-error") == ""
    assert page.get_attribute("#adres", "aria-invalid") is None

    page.fill("#naam", "Vrouwencentrum Nour & Zon")
    page.select_option("#soort", "migrantenorganisatie")
    page.fill(
        "#verhaal", "Elke week koken we samen.\n\nIedereen is welkom <script>alert(1)</script>"
    )
    # Three languages: Arabic first; "Nog een taal" must not pick Arabic again.
    page.select_option("#taal-1", "ar")
    assert page.get_attribute(".lang-story >> nth=0", "dir") == "rtl"
    page.locator(".lang-story").nth(0).fill("نطبخ معا كل أسبوع. اتصلوا بنا على 14 020")
    page.click("#add-language")
    assert page.input_value("#taal-2") not in ("ar", "")
    page.select_option("#taal-2", "tr")
    assert page.get_attribute(".lang-story >> nth=1", "lang") == "tr"
    page.locator(".lang-story").nth(1).fill("Her hafta birlikte yemek pişiriyoruz.")
    page.click("#add-language")
    assert page.input_value("#taal-3") not in ("ar", "tr")
    page.select_option("#taal-3", "ar")  # the same language twice is refused at the field
    assert page.text_content("#taal-3-error") == "Deze taal staat er al. Kies een andere taal."
    page.select_option("#taal-3", "en")
    assert page.text_content("#taal-3-error") == ""
    page.locator(".lang-story").nth(2).fill("We cook together every week.")

    # issue 15: the host's questions and tips, with the example as hint
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
    page.fill("#contactpersoon", "Amina Yusuf")
    page.fill("#telefoon", "+31 6 1234 5678")
    page.fill("#email", "amina-at-nour.example")
    page.fill("#ingediend_door", "Stichting Nour")
    page.check("#toestemming")
    assert "nooit op de kaart" in page.text_content(".private")

    page.click("#save")  # the e-mail address has no @
    assert page.text_content("#email-error").startswith("Dit e-mailadres klopt niet.")
    assert page.get_attribute("#email", "aria-invalid") == "true"
    page.fill("#email", "amina@nour.example")

    data = save(page, tmp_path)
    assert "Stuur dit bestand naar de organisator" in page.text_content("#saved")
    assert page.get_attribute("#email", "aria-invalid") is None
    assert phone.requests == []  # nothing left the page: it works offline
    assert phone.page_errors == []
    assert phone.console_errors == []

    feature = data["features"][0]
    props = feature["properties"]
    assert props["toestemming"] == "ja"
    assert props["verhaal_ar"] == "نطبخ معا كل أسبوع. اتصلوا بنا على 14 020"
    assert props["verhaal_tr"] == "Her hafta birlikte yemek pişiriyoruz."
    assert props["verhaal_en"] == "We cook together every week."
    lon, lat = feature["geometry"]["coordinates"]
    assert 52.05 < lat < 52.09
    assert 5.07 < lon < 5.12

    saved = tmp_path / "stop-vrouwencentrum-nour-zon.geojson"
    catalogue = tmp_path / "catalogus.geojson"
    result = import_files([saved], catalogue, by="Organisator")
    assert result.added == ["vrouwencentrum-nour-zon"]
    [stop] = [f["properties"] for f in load(catalogue)]
    assert stop["status"] == "ingediend"
    assert stop["naam"] == "Vrouwencentrum Nour &amp; Zon"
    assert stop["verhaal"] == "<p>Elke week koken we samen.</p><p>Iedereen is welkom </p>"
    assert stop["verhaal_ar"] == "نطبخ معا كل أسبوع. اتصلوا بنا على 14 020"
    assert stop["verhaal_tr"] == "Her hafta birlikte yemek pişiriyoruz."
    assert stop["verhaal_en"] == "We cook together every week."
    assert stop["gespreksvragen"] == "Hoe houden we contact?<br>Schoenen uit bij de ingang."
    assert (stop["bezoekduur"], stop["capaciteit"], stop["rolstoel"]) == (25, 12, "limited")
    assert stop["telefoon"] == "+31 6 1234 5678"
    assert stop["ingediend_door"] == "Stichting Nour"


def test_a_turkish_volunteer_uses_the_form_in_turkish_and_places_the_stop_by_street(
    phone, form_page: Path, tmp_path: Path
) -> None:
    page = phone.page
    page.goto(form_page.as_uri())
    page.select_option("#page-language", "tr")
    assert page.get_attribute("html", "lang") == "tr"
    assert page.get_attribute("html", "dir") == "ltr"
    assert page.title() == "Yerinizi mahalle gezisine kaydedin"
    assert page.text_content("h1") == "Yerinizi mahalle gezisine kaydedin"
    assert page.text_content("label[for=naam]") == "Yerin veya kuruluşun adı"
    assert page.text_content("#save") == "Kaydet"
    assert page.get_attribute("#zoom-in", "aria-label") == "Yakınlaştır"
    assert page.locator("#soort option[value=gebedshuis]").text_content() == "ibadethane"
    privacy = page.text_content("#privacy")
    assert "Gemeente Utrecht, team Wijken" in privacy
    assert "90 gün" in privacy
    assert "wijken@utrecht.example" in privacy
    # Her own language is already chosen for the first extra story.
    assert page.input_value("#taal-1") == "tr"

    page.click("#save")
    assert page.text_content("#naam-error") == "Yerin adını yazın."
    assert page.text_content("#place-error").startswith("Yeri seçin:")
    assert page.text_content("#errors") == "Hâlâ bir şey eksik. Kırmızı yazıya bakın."

    # Without seeing the map: the street from the district's list.
    names = page.locator("#straat option").all_text_contents()
    assert "Aziëlaan" in names
    assert names == [names[0], *sorted(names[1:], key=str.casefold)]
    page.select_option("#straat", label="Aziëlaan")
    assert page.text_content("#place-status") == "Yer seçildi: Aziëlaan (sokağın ortası)."
    assert page.text_content("#place-error") == ""

    page.fill("#naam", "Türk Kadınlar Derneği")
    page.select_option("#soort", "migrantenorganisatie")
    page.fill(".lang-story", "Her cumartesi çay ve sohbet.")
    page.fill("#bezoekduur", "2.5")
    page.click("#save")
    assert page.text_content("#bezoekduur-error") == "Tam bir sayı yazın, örneğin 20."
    assert page.get_attribute("#bezoekduur", "aria-invalid") == "true"
    page.fill("#bezoekduur", "20")
    page.fill("#telefoon", "030 123 4567")
    data = save(page, tmp_path)
    assert page.text_content("#saved") == (
        "stop-turk-kadinlar-dernegi.geojson olarak kaydedildi. Bu dosyayı organizatöre gönderin."
    )
    props = data["features"][0]["properties"]
    assert props["naam"] == "Türk Kadınlar Derneği"
    assert props["verhaal_tr"] == "Her cumartesi çay ve sohbet."
    assert props["toestemming"] == "nee"
    assert props["bezoekduur"] == "20"
    assert props["telefoon"] == "030 123 4567"
    lon, lat = data["features"][0]["geometry"]["coordinates"]
    assert abs(lon - 5.1005) < 0.01
    assert abs(lat - 52.0686) < 0.01
    assert phone.requests == []
    assert phone.page_errors == []
    assert phone.console_errors == []

    catalogue = tmp_path / "catalogus.geojson"
    import_files([tmp_path / "stop-turk-kadinlar-dernegi.geojson"], catalogue, by="Organisator")
    [stop] = [f["properties"] for f in load(catalogue)]
    assert stop["verhaal_tr"] == "Her cumartesi çay ve sohbet."
    assert stop["toestemming"] == "nee"


def test_in_arabic_the_form_is_right_to_left_but_phone_numbers_stay_left_to_right(
    phone, form_page: Path
) -> None:
    page = phone.page
    page.goto(form_page.as_uri())
    page.select_option("#page-language", "ar")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.text_content("#save") == "حفظ"
    page.fill("#naam", "مركز النور")  # a name field follows the script typed into it
    assert page.evaluate("document.querySelector('#naam').matches(':dir(rtl)')")
    assert page.evaluate("getComputedStyle(document.querySelector('#telefoon')).direction") == (
        "ltr"
    )
    assert page.get_attribute(".lang-story", "dir") == "rtl"
    # The retention period is isolated so it cannot swap places with the words around it.
    assert "\u206890\u2069" in page.text_content("#privacy")
    # Back to Dutch: everything follows.
    page.select_option("#page-language", "nl")
    assert page.get_attribute("html", "dir") == "ltr"
    assert page.text_content("#save") == "Opslaan"


@pytest.mark.parametrize("lang", ["nl", "ar", "tr"])
def test_axe_finds_no_serious_problem_in_any_language_with_errors_shown(
    phone, form_page: Path, lang: str
) -> None:
    page = phone.page
    page.goto(form_page.as_uri())
    page.select_option("#page-language", lang)
    page.click("#add-language")
    page.click("#save")  # errors at the fields, aria-invalid set
    assert serious_violations(page) == []
    assert phone.requests == []


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two CSS ``rgb(...)`` colours."""
    la, lb = (
        _luminance(tuple(float(x) for x in re.findall(r"[\d.]+", c)[:3]))  # type: ignore[arg-type]
        for c in (a, b)
    )
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def test_text_has_4_5_to_1_contrast_and_the_focus_ring_3_to_1(phone, form_page: Path) -> None:
    page = phone.page
    page.goto(form_page.as_uri())
    page.click("#save")  # show the error texts too
    colours = page.evaluate(
        """() => {
        const background = el => {
          for (; el; el = el.parentElement) {
            const c = getComputedStyle(el).backgroundColor;
            if (c !== "rgba(0, 0, 0, 0)" && c !== "transparent") return c;
          }
          return "rgb(255, 255, 255)";
        };
        const out = {};
        for (const [name, sel] of Object.entries({
          body: "main > p", hint: "#where-hint", private_hint: ".private .hint",
          badge: ".badge", error: "#naam-error", summary: "#errors", attribution: ".attribution",
          button: "#locate", primary: "#save", label: "label[for=naam]"})) {
          const el = document.querySelector(sel);
          out[name] = [getComputedStyle(el).color, background(el)];
        }
        return out;
    }"""
    )
    ring = """sel => {
        const el = document.querySelector(sel), style = getComputedStyle(el);
        let up = el.parentElement, bg = "rgb(255, 255, 255)";
        for (; up; up = up.parentElement) {
          const c = getComputedStyle(up).backgroundColor;
          if (c !== "rgba(0, 0, 0, 0)") { bg = c; break; }
        }
        return [document.activeElement === el, el.matches(":focus-visible"),
                style.outlineStyle, style.outlineColor, bg];
    }"""
    page.focus("#adres")
    page.keyboard.press("Tab")  # the keyboard reaches the "look up" button
    focused = page.evaluate(ring, "#address-search")
    page.focus("#contactpersoon")
    page.keyboard.press("Tab")  # and the phone field, on the orange "private" background
    in_private = page.evaluate(ring, "#telefoon")
    for active, visible, style, colour, bg in (focused, in_private):
        assert active
        assert visible
        assert style == "solid"
        colours[f"focus_{len(colours)}"] = [colour, bg]
    for name, (fg, bg) in colours.items():
        needed = 3.0 if name.startswith("focus") else 4.5
        assert contrast(fg, bg) >= needed, (name, fg, bg, round(contrast(fg, bg), 2))


def test_an_address_is_looked_up_with_the_locatieserver_when_online(phone, tmp_path: Path) -> None:
    with replaying() as pdok:
        page_file = write_form(GRAPH, tmp_path, privacy=PRIVACY, pdok_url=pdok.url)
        html = page_file.read_text()
        assert f"connect-src {pdok.url}" in html  # the only place the page may ask
        page = phone.page
        asked: list[str] = []

        def through_replay(route) -> None:  # the real server has CORS; the replay has not
            asked.append(route.request.url)
            answer = route.fetch()
            route.fulfill(
                response=answer, headers={**answer.headers, "access-control-allow-origin": "*"}
            )

        phone.context.route(f"{pdok.url}/**", through_replay)
        page.goto(page_file.as_uri())
        page.fill("#adres", "Aziëlaan 1, Utrecht")
        page.click("#address-search")
        page.wait_for_selector("#place-status:has-text('Aziëlaan 1')")
        assert page.text_content("#place-status") == "Plek gekozen: Aziëlaan 1, 3526SE Utrecht."
        assert pdok.asked == ["Aziëlaan 1, Utrecht"]
        assert "fq=type%3Aadres" in asked[0]

        page.fill("#adres", "Damrak 1, Amsterdam")  # not known: not_found.json
        page.press("#adres", "Enter")
        page.wait_for_selector("#adres-error:has-text('niet gevonden')")
        assert page.get_attribute("#adres", "aria-invalid") == "true"

        page.fill("#naam", "Buurthuis Azië")
        feature = save(page, tmp_path)
        lon, lat = feature["features"][0]["geometry"]["coordinates"]
        assert (lon, lat) == (5.10048, 52.06862)  # the address, not the failed second one
        assert phone.page_errors == []


def test_without_internet_the_address_field_points_to_the_street_list(
    phone, form_page: Path
) -> None:
    page = phone.page
    page.goto(form_page.as_uri())
    phone.context.set_offline(True)
    page.fill("#adres", "Aziëlaan 1")
    page.click("#address-search")
    assert page.text_content("#adres-error") == (
        "Zonder internet kan het formulier het adres niet opzoeken. Kies de straat uit de lijst,"
        " of tik op de kaart."
    )
    assert page.evaluate("document.activeElement.id") == "straat"
    assert phone.requests == []


def test_the_privacy_notice_stands_above_the_send_button_in_plain_dutch(form_page: Path) -> None:
    html = form_page.read_text()
    notice = html.index('id="privacy"')
    assert notice < html.index('id="save"')
    assert "U stuurt dit formulier naar Gemeente Utrecht, team Wijken." in html
    assert "Wij bewaren uw contactgegevens hoogstens 90 dagen. Daarna wissen wij ze." in html
    assert "Neem contact op: wijken@utrecht.example." in html
    # The consent box says what "no" means: an area only, never the exact place.
    assert "Dan is het antwoord nee." in html
    assert "nooit het precieze adres, en geen naam en geen verhaal" in html
    assert "Zonder toestemming ziet alleen de organisator uw plek" not in html


def test_safari_form_asks_for_the_organiser_contact_and_retention(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "safari", "form", "--network", str(GRAPH)]
    done = subprocess.run(
        [*command, "--output", str(tmp_path), "--contact", "wijken@utrecht.example"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).parent.parent)},
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "Fout: Voor het formulier zijn nodig: de naam van de organisator, hoeveel dagen de"
        " gegevens bewaard blijven. Dan kan het formulier zeggen wie de gegevens krijgt en"
        " hoelang ze blijven. Geef ze op met --organiser, --contact en --keep-days, of zet"
        " organisator, contact en bewaartermijn in het eventbestand."
    )
    assert not (tmp_path / "stop-aanmelden.html").exists()

    event = tmp_path / "safari.toml"
    (tmp_path / "stops.csv").write_text("naam,lat,lon\nBuurthuis,52.07,5.1\n")
    event.write_text(
        'stops = "stops.csv"\norganisator = "Stichting Welzijn"\n'
        'contact = "030 123 45 67"\nbewaartermijn = 30\n'
    )
    done = subprocess.run(
        [*command, "--output", str(tmp_path), "--event", str(event)],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).parent.parent)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "stop-aanmelden.html").read_text()
    assert "U stuurt dit formulier naar Stichting Welzijn." in html
    assert "hoogstens 30 dagen" in html
    assert "Neem contact op: 030 123 45 67." in html


def test_the_form_page_is_one_file_that_asks_nothing_from_the_internet(form_page: Path) -> None:
    html = form_page.read_text()
    assert "http://" not in html.replace("http://www.opengis.net", "")
    assert "<script src" not in html
    assert "<link" not in html
    assert "alleen voor de organisator" in html
    assert len(html) < 1_000_000
