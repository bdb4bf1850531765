"""The walk as a conversation (issue 15), on the participant's phone and on paper.

One real plan on Kanaleneiland's streets, made by the real command line with the host's
questions (``gespreksvragen``), the group's preparation and the neighbourhood in figures
(hand-made CBS file and outlines, see tests/data/cbs/README.md). Then, in Debian's
chromium: the questions on the stop's sheet; reflections written with the network off,
kept on the phone over a reload, saved as a file and shared as text; and the organiser's
import of those files and the report's content.
"""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from safari import cli

if TYPE_CHECKING:
    from collections.abc import Callable
from safari.i18n import t, use_language
from safari.reflections import read_reflections, reflect_key

ROOT = Path(__file__).resolve().parent.parent
KANALENEILAND = ROOT.parent / "shared" / "osm" / "nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2"
CBS = Path(__file__).parent / "data" / "cbs"
BLANK_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

STOPS = (
    "id;naam;soort;lat;lon;toestemming;verhaal;gespreksvragen\n"
    'buurthuis-de-brug;Buurthuis De Brug;buurthuis;52,07432;5,08955;ja;Welkom in De Brug.;"Wat'
    ' wilt u dat de ambtenaren weten?\nHoe houden we contact na vandaag?"\n'
    'gebedshuis-de-vrede;Gebedshuis De Vrede;gebedshuis;52,07138;5,09795;ja;Open huis.;"Schoenen'
    " uit bij de ingang; geen foto's tijdens het gebed.\n<script>alert(1)</script>Vraag gerust"
    ' naar de verbouwing."\n'
    "bakkerij-anatolie;Bakkerij Anatolië;ondernemer;52,07214;5,09481;ja;Vers brood.;\n"
    "leespunt-open-boek;Leespunt Het Open Boek;bibliotheek;52,06685;5,09694;nee;Lezen.;"
    "Vraag naar Mevrouw Geheim\n"
)
PREPARATION = "Lees de verhalen vooraf.\n\nBedenk één vraag die u zelf wilt stellen."


@pytest.fixture(scope="module")
def walk(tmp_path_factory: pytest.TempPathFactory, new_cache: Callable[[str], Path]) -> Path:
    folder = tmp_path_factory.mktemp("safari-walk")
    (folder / "stops.csv").write_text(STOPS, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SAFARI_LANG", "nl")
        mp.setenv("SAFARI_CACHE_DIR", str(new_cache("cache")))
        mp.chdir(folder)
        result = CliRunner().invoke(
            cli.app,
            ["plan", "stops.csv", "--network", str(KANALENEILAND), "--start",
             "buurthuis-de-brug", "--offline", "--output", "uit", "--date", "2026-12-10",
             "--preparation", PREPARATION, "--handout-languages", "nl,tr",
             "--boundaries", str(CBS / "kanaleneiland_buurten.geojson"),
             "--cbs", str(CBS / "kwb_kanaleneiland_statline.csv")],
            catch_exceptions=False,
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    return folder / "uit"


FIGURES_NOORD = (
    "In Kanaleneiland-Noord wonen 6.210 mensen; 1 op de 3 is jonger dan 25."
    " 1 op de 9 is 65 jaar of ouder. Er zijn 2.640 huishoudens. In 45 procent woont iemand"
    " alleen. In 40 procent wonen kinderen. 6 van de 10 inwoners heeft een herkomstland"
    " buiten Europa. 1 op de 14 heeft een herkomstland elders in Europa."
)


def test_the_first_screen_and_the_handout_show_preparation_figures_and_questions(walk):
    page = (walk / "openbaar" / "kaart.html").read_text(encoding="utf-8")
    handout = (walk / "openbaar" / "kaart-handout.html").read_text(encoding="utf-8")
    for text in (page, handout):
        assert re.search(r'<h2 id="preparation-title"[^>]*>Ter voorbereiding</h2>', text)
        assert "<p>Bedenk één vraag die u zelf wilt stellen.</p>" in text
        assert "De buurt in cijfers" in text
        assert FIGURES_NOORD in re.sub(r"\s+", " ", text)
        assert "Herkomstland van de inwoners: niet bekend: te weinig inwoners." in text
        assert "Bron: CBS, Kerncijfers wijken en buurten (kwb_kanaleneiland_statline.csv)." in text
        assert "<script>alert" not in text
        assert "Mevrouw Geheim" not in text
    # the figures come before the stops on the first screen
    assert page.index("De buurt in cijfers") < page.index('<h2 id="stop-list-title"')
    # the leader's page and the host's own sheet show the questions too
    leader = (walk / "begeleiders" / "begeleider.html").read_text(encoding="utf-8")
    assert "Schoenen uit bij de ingang; geen foto's tijdens het gebed." in leader
    host = (walk / "gastheren" / "gebedshuis-de-vrede.html").read_text(encoding="utf-8")
    assert (
        "<p><strong>Uw vragen en tips voor de bezoekers (zo staan ze op hun kaart):</strong></p>"
        "<p>Schoenen uit bij de ingang; geen foto&#39;s tijdens het gebed.</p>"
        "<p>Vraag gerust naar de verbouwing.</p>" in host
    )
    assert "Hoe houden we contact" not in host  # another host's questions
    assert (
        "<strong>Vragen en tips van de gastheer:</strong><br>Schoenen uit bij de ingang; geen"
        " foto&#39;s tijdens het gebed.<br>Vraag gerust naar de verbouwing." in handout
    )


def test_a_handout_in_turkish_has_the_titles_and_figures_in_turkish(walk):
    """The titles and figures follow the handout's language; the preparation stays as written."""
    from safari.cbs import Figures, describe, read_cbs_file

    turkish = (walk / "openbaar" / "kaart-handout-tr.html").read_text(encoding="utf-8")
    noord = read_cbs_file(CBS / "kwb_kanaleneiland_statline.csv")["BU03440601"]
    with use_language("tr"):
        title, figures = t("contact.preparation_title"), t("cbs.title")
        lines = describe(Figures(noord.code, "Kanaleneiland-Noord", noord.values, noord.source))
        source = t("cbs.source", source="kwb_kanaleneiland_statline.csv")
    assert f'<h2 id="preparation-title">{title}</h2>' in turkish
    assert f'<h2 id="figures-title">{figures}</h2>' in turkish
    assert " ".join(lines) in re.sub(r"\s+", " ", html.unescape(turkish))
    assert lines[0].startswith("Kanaleneiland-Noord bölgesinde 6.210 ")  # Turkish numbers
    assert source in html.unescape(turkish)
    assert re.search(r'<div lang="nl" dir="ltr">\s*<p>Lees de verhalen vooraf.</p>', turkish)
    for dutch in ("Ter voorbereiding", "De buurt in cijfers", "huishoudens", "Bron: CBS"):
        assert dutch not in turkish


def open_map(phone, path: Path) -> None:
    def tiles(route):
        if route.request.url.startswith("https://tile.openstreetmap.org/"):
            return route.fulfill(body=BLANK_PNG, content_type="image/png")
        return route.fallback()

    phone.page.route("**/*", tiles)
    phone.page.goto(path.as_uri())
    phone.page.locator(".stop-marker").first.wait_for(state="visible")


def test_reflections_written_offline_are_kept_saved_shared_and_imported(
    walk, phone, tmp_path, monkeypatch
):
    page = phone.page
    open_map(phone, walk / "openbaar" / "kaart.html")
    phone.context.set_offline(True)  # outdoors, no network: everything still works

    # The host's questions are on the stop's sheet.
    page.get_by_role("button", name=re.compile(r"^Stop \d+: Gebedshuis De Vrede")).tap()
    sheet = page.locator("#sheet")
    sheet.wait_for(state="visible")
    assert "Vragen en tips van de gastheer" in sheet.inner_text()
    assert "Schoenen uit bij de ingang; geen foto's tijdens het gebed." in sheet.inner_text()
    assert page.evaluate("typeof window.alertCalled") == "undefined"

    # A few lines right after the stop, in the sheet.
    sheet.get_by_text("Wat viel u op?").tap()
    box = sheet.locator("textarea[data-reflect]")
    box.fill("Mooi dat iedereen welkom is.\nVraag: hoe bereikt u jongeren?")
    sheet.get_by_role("button", name="Sluiten").tap()
    # Kept for the stop: the list's box (hidden: it needs the sheet) has the same text.
    listed = page.locator(
        f'ol.stop-list textarea[data-reflect="{reflect_key("gebedshuis-de-vrede")}"]'
    )
    assert listed.input_value() == "Mooi dat iedereen welkom is.\nVraag: hoe bereikt u jongeren?"

    # At the end.
    page.get_by_text("Schrijf op wat u meeneemt").tap()
    end = page.locator('#reflections textarea[data-reflect="einde"]')
    end.fill("Idee: de bakkerij uitnodigen voor de wijkraad. <b>vet</b>")

    # Kept on the phone: a reload (still offline) shows everything again.
    page.reload()
    page.locator(".stop-marker").first.wait_for(state="visible")
    page.get_by_text("Schrijf op wat u meeneemt").tap()
    assert end.input_value().startswith("Idee: de bakkerij")
    assert listed.input_value().startswith("Mooi dat iedereen welkom is.")
    assert listed.is_hidden()
    page.get_by_role("button", name=re.compile(r"^Stop \d+: Gebedshuis De Vrede")).tap()
    assert sheet.locator("textarea[data-reflect]").input_value().startswith("Mooi dat")
    sheet.get_by_role("button", name="Sluiten").tap()
    assert page.locator(".reflect-count").inner_text() == "U schreef over 2 onderdeel/onderdelen."

    # Saved as one file (a download), anonymous.
    with page.expect_download() as info:
        page.get_by_role("button", name="Bewaar als bestand").tap()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name == "reflecties-groep-1.json"
    document = json.loads(saved.read_text(encoding="utf-8"))
    assert "ondertekend" not in document
    assert [r["naam"] for r in document["reflecties"]] == ["Gebedshuis De Vrede", "Na afloop"]
    assert "gebedshuis-de-vrede" not in saved.read_text(encoding="utf-8")  # a key, not the id

    # Shared as text: this chromium has no share sheet, so the text is shown to copy.
    page.locator("[data-reflect-signer]").fill("Joris")
    page.get_by_role("button", name="Deel").tap()
    shown = page.locator("[data-reflect-fallback]")
    shown.wait_for(state="visible")
    shared = tmp_path / "gedeeld.txt"
    shared.write_text(shown.input_value(), encoding="utf-8")
    assert shown.input_value().startswith("safari-reflecties 1\n")
    assert "ondertekend: Joris" in shown.input_value()
    assert phone.requests == []
    assert phone.page_errors == []
    assert phone.console_errors == []

    # A second participant, on another phone, signs; the bakery's number on this map:
    html = (walk / "openbaar" / "kaart.html").read_text(encoding="utf-8")
    bakery = int(re.search(r"Stop (\d+): Bakkerij Anatoli", html).group(1))
    mosque = int(re.search(r"Stop (\d+): Gebedshuis De Vrede", html).group(1))
    assert document["reflecties"][0]["nr"] == mosque
    other = tmp_path / "anna.json"
    other.write_text(
        json.dumps(
            {
                "safari": {"reflecties": 1},
                "kaart": "stops",
                "groep": "Groep 1",
                "dag": "2026-12-10",
                "kenmerk": "a1b2c3d4e5f60718",
                "ondertekend": "Anna de Wit",
                "reflecties": [
                    {"stop": reflect_key("bakkerij-anatolie"), "naam": "Bakkerij Anatolië",
                     "nr": bakery, "tekst": "Het brood! En de eigenaar wil meedoen aan de markt."},
                ],
            }
        ),
        encoding="utf-8",
    )  # fmt: skip

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SAFARI_LANG", "nl")
    result = CliRunner().invoke(
        cli.app,
        ["reflections", "import", str(saved), str(other), str(shared), "--output", "verslag"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "2 deelnemer(s), 3 reflectie(s) ingelezen."
    assert "1 bestand(en) kwamen van een telefoon die al eerder stuurde" in result.stderr

    report = (tmp_path / "verslag" / "organisatie" / "reflecties.html").read_text("utf-8")
    flat = re.sub(r"\s+", " ", report)
    assert "2 deelnemer(s) schreven 3 reflectie(s) over 2 stop(s)." in flat
    assert re.search(
        r"<h2>Gebedshuis De Vrede</h2> <blockquote>Mooi dat iedereen welkom is\. Vraag: hoe"
        r" bereikt u jongeren\?<br><span class=\"meta\">— getekend: Joris</span></blockquote>",
        flat,
    )  # the shared text came later from the same phone, signed: it counts, once
    assert "<h2>Bakkerij Anatolië</h2>" in flat
    assert "getekend: Anna de Wit" in flat
    assert "voor de wijkraad. vet<br>" in flat  # sanitised when read: the markup is gone
    assert "<b>" not in flat
    assert flat.index("<h2>Bakkerij Anatolië</h2>") < flat.index("<h2>Na afloop</h2>")

    with (tmp_path / "verslag" / "organisatie" / "reflecties.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    walked = sorted(
        [(mosque, "Gebedshuis De Vrede", "Joris"), (bakery, "Bakkerij Anatolië", "Anna de Wit")]
    )
    assert [(r["stop"], r["ondertekend"]) for r in rows] == [  # in walking order, the end last
        *[(name, who) for _, name, who in walked],
        ("Na afloop", "Joris"),
    ]


def test_files_that_are_not_reflections_are_named_all_at_once(tmp_path, monkeypatch):
    monkeypatch.setenv("SAFARI_LANG", "nl")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "foto.json").write_text('{"type": "FeatureCollection"}', encoding="utf-8")
    long = {"safari": {"reflecties": 1}, "reflecties": [
        {"stop": "einde", "naam": "Na afloop", "tekst": "x" * 2001}]}  # fmt: skip
    (tmp_path / "lang.json").write_text(json.dumps(long), encoding="utf-8")
    (tmp_path / "groot.txt").write_bytes(b"safari-reflecties 1\n" + b"a" * 300_000)
    result = CliRunner().invoke(
        cli.app,
        ["reflections", "import", "foto.json", "lang.json", "groot.txt", "weg.json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Fout: 4 bestand(en) met reflecties kunnen niet worden gelezen. Er is niets ingelezen:",
        (
            "- foto.json is geen bestand met reflecties van de safari-kaart. Gebruik het bestand"
            " dat de knop 'Bewaar als bestand' maakt, of de gedeelde tekst als .txt."
        ),
        "- lang.json, reflectie 1: de tekst is langer dan 2000 tekens.",
        "- groot.txt is groter dan 256 KB; dat is geen bestand met reflecties van de kaart.",
        "- weg.json bestaat niet.",
    ]
    assert not (tmp_path / "kaarten").exists()
    with pytest.raises(Exception, match=r"weg\.json bestaat niet"):
        read_reflections([tmp_path / "weg.json"])
