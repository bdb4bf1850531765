"""Every reader's language: the catalogues, the command line in Dutch, the handout per language.

The texts live in gettext catalogues (safari/locale); these tests read them with Babel and
with safari's own reader, run the real command line, and check the handout's PDF with
poppler's tools and pypdf.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safari import _i18n_tools as tools
from safari import i18n
from safari.i18n import (
    TEXTS,
    date_text,
    isolate_numbers,
    mark_scripts,
    number_text,
    page_texts,
    t,
    tn,
    use_language,
)

ROOT = Path(__file__).resolve().parent.parent
KANALENEILAND = ROOT.parent / "shared" / "osm" / "nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2"
EXAMPLE = ROOT / "safari" / "data" / "voorbeeld" / "stops.csv"


# --- the catalogues ----------------------------------------------------------------------------


def test_every_entry_is_in_every_shipped_language_with_the_same_placeholders() -> None:
    assert tools.problems() == []
    counts = {
        (domain, lang): sum(
            1 for m in tools._read(tools._po_path(lang, domain), domain, lang) if m.id
        )
        for domain in tools.DOMAINS
        for lang in tools.LANGUAGES[domain]
    }
    template = {
        d: sum(1 for m in tools._read(tools._pot_path(d), d, None) if m.id) for d in tools.DOMAINS
    }
    assert template["participants"] > 150
    assert template["organiser"] > 300
    for (domain, _lang), count in counts.items():
        assert count == template[domain]
    # Arabic has six plural forms, and uses them.
    with use_language("ar"):
        one = t("map.group_summary", count=1, km="2,4", start="14:00", end="16:00")
        two = t("map.group_summary", count=2, km="2,4", start="14:00", end="16:00")
        many = t("map.group_summary", count=11, km="2,4", start="14:00", end="16:00")
    assert one.startswith("محطة واحدة")
    assert two.startswith("محطتان")
    assert "11" in many


def test_the_shipped_mo_files_are_compiled_from_the_po_files() -> None:
    from babel.messages.mofile import write_mo

    for domain in tools.DOMAINS:
        for lang in ("nl", *tools.LANGUAGES[domain]):
            shipped = tools._mo_path(lang, domain).read_bytes()
            if lang == "nl":
                catalog = tools.dutch_catalog(domain)
            else:
                catalog = tools._read(tools._po_path(lang, domain), domain, lang)
            buffer = io.BytesIO()
            write_mo(buffer, catalog, use_fuzzy=False)
            assert buffer.getvalue() == shipped, f"{lang}/{domain}.mo is stale: run compile"
            # and safari's own reader sees every translated entry of the .po
            entries, _ = i18n._read_mo(tools._mo_path(lang, domain))
            for message in catalog:
                if message.id and not message.fuzzy:
                    strings = (
                        message.string if isinstance(message.string, tuple) else (message.string,)
                    )
                    assert entries[message.context][1] == list(strings)


def test_gnu_msgfmt_accepts_every_catalogue_and_its_placeholders() -> None:
    """The files Poedit and Weblate open: GNU gettext's own check (formats, plurals, header)."""
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt is in Debian's gettext package (.ci/run installs it)"
    files = [*tools.LOCALE.glob("*.pot"), *tools.LOCALE.glob("*/LC_MESSAGES/*.po")]
    assert len(files) == 6
    for path in files:
        done = subprocess.run(
            [msgfmt, "--check", "-o", "/dev/null", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, (path, done.stderr)
        assert "error" not in done.stderr, (path, done.stderr)


def test_the_po_files_carry_translator_comments_and_the_review_status() -> None:
    text = tools._po_path("ar", "participants").read_text("utf-8")
    assert "awaiting review by a native speaker" in text.lower()
    block = text[
        text.index('msgctxt "map.marker_label"') - 200 : text.index('msgctxt "map.marker_label"')
    ]
    assert "#. {name}: the stop's name" in block
    assert "#. {number}:" in block
    assert "python-brace-format" in block
    english = tools._po_path("en", "organiser").read_text("utf-8")
    assert "awaiting review" not in english.lower()


def test_no_texts_dict_is_left_in_the_code() -> None:
    left = {}
    for path in (ROOT / "safari").rglob("*.py"):
        entries, spans = tools.find_texts(path.read_text("utf-8"))
        if spans:
            left[str(path.relative_to(ROOT))] = sorted(entries)[:5]
    assert left == {}, "run: python -m safari._i18n_tools migrate " + " ".join(left)


def test_migrate_moves_leftover_pairs_into_the_catalogues_and_removes_the_dict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locale = tmp_path / "locale"
    shutil.copytree(tools.LOCALE, locale)
    monkeypatch.setattr(tools, "LOCALE", locale)
    monkeypatch.setattr(tools, "LEDGER", locale / "migrated-texts.json")
    merged = tmp_path / "i18n.py"
    merged.write_text(
        '"""A module after a merge."""\n\nX = 1\n\n'
        "# Each entry: key -> (Dutch, English).\n"
        "TEXTS: dict[str, tuple[str, str]] = {\n"
        '    "map.navigate": ("Navigeer hierheen", "Navigate here"),  # old copy: skipped\n'
        "    # --- issue 10: privacy ---\n"
        '    "map.leader_banner": ("Niet openbaar: voor de begeleider van {group}.",\n'
        '                          "Not public: for the guide of {group}."),\n'
        '    "cli.purged": (("{count} stop gewist", "{count} stops gewist"),\n'
        '                   ("{count} stop purged", "{count} stops purged")),\n'
        '    "map.title": ("Wijksafari!", "Neighbourhood safari!"),\n'
        "}\n\nY = 2\n"
    )
    assert tools._main(["migrate", str(merged)]) == 0
    assert merged.read_text() == '"""A module after a merge."""\n\nX = 1\n\n\nY = 2\n'

    def entry(lang: str, domain: str, key: str):
        path = locale / f"{domain}.pot" if lang == "pot" else tools._po_path(lang, domain)
        return tools._find(tools._read(path, domain, None if lang == "pot" else lang), key)

    assert entry("pot", "participants", "map.navigate").id == "Open in uw kaart-app"
    new = entry("pot", "participants", "map.leader_banner")
    assert new.id == "Niet openbaar: voor de begeleider van {group}."
    assert "{group}: the group's name, like 'Groep 1'" in new.auto_comments
    assert entry("en", "participants", "map.leader_banner").string == (
        "Not public: for the guide of {group}."
    )
    assert entry("ar", "participants", "map.leader_banner").string == ""
    assert entry("en", "organiser", "cli.purged").string == (
        "{count} stop purged",
        "{count} stops purged",
    )
    # A changed Dutch source marks the translations to check.
    assert entry("pot", "participants", "map.title").id == "Wijksafari!"
    assert entry("tr", "participants", "map.title").fuzzy
    found = tools.problems()
    assert "participants/ar: map.leader_banner is not translated" in found
    assert "participants/tr: map.title is fuzzy (check the translation)" in found
    assert not any("organiser" in line for line in found)
    entries, _ = i18n._read_mo(tools._mo_path("nl", "organiser"))
    assert entries["cli.purged"] == (["{count} stop gewist", "{count} stops gewist"],) * 2
    # Running it again changes nothing.
    before = {p: p.read_bytes() for p in locale.rglob("*") if p.is_file()}
    merged.write_text(
        "TEXTS = {\n" + '    "map.title": ("Wijksafari!", "Neighbourhood safari!"),\n}\n'
    )
    assert tools._main(["migrate", str(merged)]) == 0
    assert {p: p.read_bytes() for p in locale.rglob("*") if p.is_file()} == before


def test_migrating_a_whole_old_texts_dict_after_a_merge_takes_only_the_branchs_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lead's case: a branch's i18n.py holds all 420 old pairs plus its own new ones."""
    import json

    locale = tmp_path / "locale"
    shutil.copytree(tools.LOCALE, locale)
    monkeypatch.setattr(tools, "LOCALE", locale)
    monkeypatch.setattr(tools, "LEDGER", locale / "migrated-texts.json")
    ledger = json.loads((locale / "migrated-texts.json").read_text("utf-8"))
    old = {
        key: [tuple(v) if isinstance(v, list) else v for v in versions[0]]
        for key, versions in ledger.items()
    }
    assert old["map.navigate"] == ["Navigeer hierheen", "Navigate here"]  # the text before B1
    branch = {key: tuple(pair) for key, pair in old.items()}
    branch["map.private_stop"] = ("Besloten bezoek: de plek is geheim", "Private visit: secret")
    branch["stops.deleted"] = ("Stop {id} is gewist.", "Stop {id} was deleted.")
    report = tools.migrate(branch)
    assert report["added"] == ["stops.deleted"]
    assert report["changed"] == ["map.private_stop"]  # the branch's own rewording wins
    assert len(report["skipped"]) == len(branch) - 2
    template = tools._read(locale / "participants.pot", "participants", None)
    assert tools._find(template, "map.navigate").id == "Open in uw kaart-app"


# --- looking texts up ------------------------------------------------------------------------


def test_t_keeps_its_api_with_plurals_and_a_dutch_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SAFARI_LANG", raising=False)
    assert t("map.navigate") == "Open in uw kaart-app"
    assert t("cli.stops.added", count=1, catalogue="c.geojson", ids="a") == (
        "1 stop toegevoegd aan c.geojson: a"
    )
    assert tn("cli.stops.added", 3, count=3, catalogue="c.geojson", ids="a, b, c") == (
        "3 stops toegevoegd aan c.geojson: a, b, c"
    )
    monkeypatch.setenv("SAFARI_LANG", "en_GB.UTF-8")
    assert t("map.navigate") == "Open in your map app"
    with use_language("tr"):
        assert t("map.navigate") == "Harita uygulamanızda açın"
        assert t("cli.help").startswith("Plan een wijksafari")  # no Turkish CLI: Dutch
    assert TEXTS["map.navigate"] == ("Open in uw kaart-app", "Open in your map app")
    with pytest.raises(KeyError):
        t("map.no_such_key")


def test_dates_and_numbers_come_from_babels_locale_data() -> None:
    day = date(2026, 3, 12)
    assert date_text(day, lang="nl") == "12 maart 2026"
    assert date_text(day, weekday=True, lang="nl") == "donderdag 12 maart 2026"
    assert date_text(day, weekday=True, lang="en") == "Thursday 12 March 2026"
    assert date_text(day, lang="tr") == "12 Mart 2026"
    assert "مارس" in date_text(day, lang="ar")
    assert number_text(2.43, lang="nl") == "2,4"
    assert number_text(2.43, lang="en") == "2.4"
    assert number_text(1234.5, lang="tr") == "1.234,5"


def test_in_arabic_numbers_and_latin_names_in_texts_are_isolated() -> None:
    with use_language("ar"):
        text = t("map.now_next", number=3, name="Buurthuis De Brug", time="14:20")
    fsi, pdi = "\u2068", "\u2069"
    assert text == (
        f"المحطة التالية: {fsi}3{pdi}، {fsi}Buurthuis De Brug{pdi}، في الساعة {fsi}14:20{pdi}."
    )
    with use_language("nl"):
        assert t("map.now_next", number=3, name="De Brug", time="14:20") == (
            "Volgende stop: 3, De Brug, om 14:20."
        )


def test_page_texts_give_the_participant_page_every_language() -> None:
    texts = page_texts(["nl", "ar", "pl"])
    assert set(texts) == {"nl", "ar", "pl"}
    assert texts["nl"]["navigate"] == "Open in uw kaart-app"
    assert texts["ar"]["navigate"] == "افتح في تطبيق الخرائط"
    assert texts["ar"]["dir"] == "rtl"
    assert texts["nl"]["dir"] == "ltr"
    assert texts["ar"]["now_next"] == (
        "المحطة التالية: \u2068{number}\u2069، \u2068{name}\u2069، في الساعة \u2068{time}\u2069."
    )
    assert texts["pl"]["navigate"] == "Open in uw kaart-app"
    assert texts["pl"]["lang"] == "pl"
    assert set(texts["ar"]) == set(texts["nl"])


def test_mark_scripts_gives_each_script_its_language() -> None:
    assert mark_scripts("Moskee Al-Fath مسجد الفتح") == (
        'Moskee Al-Fath <span lang="ar" dir="rtl">مسجد الفتح</span>'
    )
    assert mark_scripts("Центр «Надія» & Co", lang="nl") == (
        '<span lang="uk" dir="ltr">Центр «Надія</span>» &amp; Co'
    )
    assert mark_scripts("مسجد الفتح Moskee", lang="ar") == (
        'مسجد الفتح <span lang="nl" dir="ltr">Moskee</span>'
    )
    assert mark_scripts("<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"
    assert isolate_numbers("<p>اتصلوا على 14 020 أو +31 6 1234 5678</p>") == (
        '<p>اتصلوا على <bdi dir="ltr">14 020</bdi> أو <bdi dir="ltr">+31 6 1234 5678</bdi></p>'
    )


# --- the command line speaks Dutch --------------------------------------------------------------

#: Words of click's and typer's own English texts.
CLICK_ENGLISH = re.compile(
    r"\b(Usage|Options|Arguments|Commands|Show this message|exit|default|required|Error|Missing"
    r"|Try|TEXT|INTEGER|FLOAT|PATH|str|int|float|path|COMMAND|ARGS|OPTIONS)\b|list\["
)


def _commands(group, path=()):
    import typer.core

    yield path
    for name, command in getattr(group, "commands", {}).items():
        if isinstance(command, typer.core.TyperGroup):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name)


def test_safari_help_and_every_subcommands_help_are_dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    import typer.main

    from safari.cli import app

    monkeypatch.delenv("SAFARI_LANG", raising=False)
    runner = CliRunner()
    paths = list(_commands(typer.main.get_command(app)))
    assert ("stops", "import") in paths
    assert ("form",) in paths
    assert len(paths) >= 12
    for path in paths:
        result = runner.invoke(app, [*path, "--help"], prog_name="safari")
        assert result.exit_code == 0, (path, result.output)
        assert result.output.startswith("Gebruik: safari"), result.output
        english = CLICK_ENGLISH.findall(result.output)
        assert english == [], (path, english, result.output)
        assert "Toon deze hulp en stop." in result.output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["form"], "Fout: De optie '--network' ontbreekt. Kijk bij --help wat daar moet staan."),
        (["plan", "--groups", "drie", "x.csv"], "Fout: De waarde bij '--groups' kan niet."),
        (["plannen"], "Fout: De opdracht 'plannen' bestaat niet."),
        (
            ["plan", "--groeps", "2", "x.csv"],
            "Fout: De optie --groeps bestaat niet. Bedoelt u: --groups?",
        ),
        (
            ["--language", "xx", "version"],
            "Fout: De taal 'xx' kent safari niet. Kies uit: ar, en, nl, tr.",
        ),
    ],
)
def test_mistakes_on_the_command_line_are_explained_in_dutch(
    args: list[str], expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safari.cli import app

    monkeypatch.delenv("SAFARI_LANG", raising=False)
    result = CliRunner().invoke(app, args, prog_name="safari")
    assert result.exit_code != 0
    assert expected in result.output, result.output
    assert CLICK_ENGLISH.findall(result.output.replace("--help", "")) == [], result.output
    if "Gebruik:" in result.output:
        assert "Meer uitleg: safari" in result.output


def test_in_english_the_command_line_is_english(monkeypatch: pytest.MonkeyPatch) -> None:
    from safari.cli import app

    monkeypatch.setenv("SAFARI_LANG", "en")
    result = CliRunner().invoke(app, ["form"])
    assert "Error: Missing option '--network'." in result.output
    # --language changes the help texts too, not only click's words around them.
    monkeypatch.delenv("SAFARI_LANG")
    done = subprocess.run(
        [sys.executable, "-m", "safari", "--language", "en", "form", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.startswith("Usage: safari form [OPTIONS]")
    assert "Write the submission form" in done.stdout
    assert "Schrijf" not in done.stdout


def test_safari_help_imports_no_babel() -> None:
    """Babel's locale data is read only when a date or number is written."""
    done = subprocess.run(
        [sys.executable, "-c", "import sys, safari.cli; print('babel' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "False"


# --- the handout per language, as a tagged PDF --------------------------------------------------


NEIGHBOURS = "في هذا المكان يلتقي الجيران كل أسبوع ويتحدثون عن حياتهم في الحي."


@pytest.fixture(scope="module")
def arabic_plan(tmp_path_factory: pytest.TempPathFactory):
    """The example safari, where all stops but the third also tell their story in Arabic."""
    from safari.network import walking_graph
    from safari.routing import walking_matrix
    from safari.stops import read_stops
    from safari.tour import plan_safari

    rows = list(csv.DictReader(EXAMPLE.read_text("utf-8-sig").splitlines(), delimiter=";"))
    rows[1]["naam"] = rows[1]["naam"] + " مركز النور"
    for row in rows:
        row["verhaal_ar"] = NEIGHBOURS
    rows[0]["verhaal_ar"] = "مرحبًا! هنا تبدأ الجولة. اتصلوا بنا على 14 020."
    rows[1]["verhaal_ar"] = "نطبخ معًا كل أسبوع."
    rows[2]["verhaal_ar"] = ""
    folder = tmp_path_factory.mktemp("ar")
    path = folder / "stops.csv"
    with path.open("w", encoding="utf-8", newline="") as fp:
        writer = csv.DictWriter(fp, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    graph = walking_graph(KANALENEILAND)
    stops = read_stops(path)
    plan = plan_safari(
        stops, walking_matrix(graph, stops), start=rows[0]["id"], day=date(2026, 3, 12)
    )
    return plan, graph, rows


def test_the_arabic_handout_is_right_to_left_with_arabic_stories(arabic_plan) -> None:
    from safari.export import handout_html

    plan, graph, rows = arabic_plan
    page = handout_html(plan, network=graph, language="ar")
    assert '<html lang="ar" dir="rtl">' in page
    assert "الجدول" in page
    assert "المحطات" in page
    assert '<bdi dir="ltr">14 020</bdi>' in page
    # On the Arabic page the Dutch part of a mixed name is marked as Dutch.
    dutch_part = rows[1]["naam"].removesuffix(" مركز النور")
    assert f'<span lang="nl" dir="ltr">{dutch_part}</span> مركز النور' in page
    # A stop without an Arabic story says so and shows the Dutch one, marked as Dutch.
    assert "هذه القصة غير متوفرة باللغة العربية. هذه هي القصة بالهولندية." in page
    assert '<p lang="nl" dir="ltr">' in page
    dutch = handout_html(plan, network=graph, language="nl")
    assert '<html lang="nl" dir="ltr">' in dutch
    assert "مرحبًا" not in dutch
    assert '<span lang="ar" dir="rtl">مركز النور</span>' in dutch


def test_the_pdf_is_tagged_with_its_language_and_arabic_reads_in_logical_order(
    arabic_plan, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    from safari.export import write_handout

    plan, graph, rows = arabic_plan
    _, pdf_path = write_handout(plan, tmp_path, network=graph, language="ar", name="ar")
    reader = PdfReader(pdf_path)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "ar"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    info = subprocess.run(["pdfinfo", str(pdf_path)], capture_output=True, text=True, check=True)
    assert re.search(r"^Tagged:\s+yes", info.stdout, re.MULTILINE)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf_path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # Logical order: lines come as they are written, word after word, not mirrored.
    lines = re.sub("[\u202a-\u202e\u2066-\u2069]", "", text).splitlines()
    assert lines.count(NEIGHBOURS) == len(rows) - 3  # every stop but the first three
    [welcome] = [line for line in lines if "مرحبًا" in line]
    assert (
        welcome.index("هنا تبدأ الجولة") < welcome.index("اتصلوا بنا على") < welcome.index("14 020")
    )
    assert "الجدول" in lines
    assert "ةلوجلا" not in text
    _, dutch_pdf = write_handout(plan, tmp_path, network=graph, language="nl", name="nl")
    assert PdfReader(dutch_pdf).trailer["/Root"]["/Lang"] == "nl"


def test_the_handout_reflows_at_320_pixels(phone, arabic_plan, tmp_path: Path) -> None:
    from safari.export import handout_html

    plan, graph, _ = arabic_plan
    for lang in ("nl", "ar"):
        path = tmp_path / f"handout-{lang}.html"
        path.write_text(handout_html(plan, network=graph, language=lang), "utf-8")
        phone.page.set_viewport_size({"width": 320, "height": 640})
        phone.page.goto(path.as_uri())
        width = phone.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, (lang, width)
        assert phone.page.is_visible("td[data-label]")
    assert phone.requests == []


def test_plan_writes_a_handout_per_language(tmp_path: Path, arabic_plan) -> None:
    _, _, rows = arabic_plan
    stops = tmp_path / "stops.csv"
    with stops.open("w", encoding="utf-8", newline="") as fp:
        writer = csv.DictWriter(fp, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "safari",
            "plan",
            str(stops),
            "--network",
            str(KANALENEILAND),
            "--output",
            str(tmp_path / "out"),
            "--start",
            rows[0]["id"],
            "--handout-languages",
            "nl,ar",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    public = tmp_path / "out" / "openbaar"
    written = sorted(p.name for p in public.iterdir())
    assert "kaart-handout.html" in written
    assert "kaart-handout-ar.pdf" in written
    assert '<html lang="ar" dir="rtl">' in (public / "kaart-handout-ar.html").read_text()
    # No English log lines or third-party warnings without --verbose.
    assert not re.search(r"WARNING|INFO|Warning|weasyprint|pandas", done.stderr), done.stderr
