"""The organiser at the terminal (issues 17 and 10): what each `safari stops` command says.

Every test runs the real command line (typer's CliRunner) in a fresh folder, with real
files, at a terminal 80 characters wide unless it says otherwise, and asserts the exact
text the organiser sees.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from safari import _terminal, cli
from safari.catalogue import load
from safari.stops import read_stops

ROOT = Path(__file__).resolve().parent.parent
OSM = ROOT.parent / "shared" / "osm"
DELFT = OSM / "nl_delft_wippolder_tudelft_2025-08_bbox.osm.pbf"

runner = CliRunner()

#: Three Moroccan organisations whose ids start alike, as in issue 17.
SUBMISSION = (
    "naam;lat;lon;soort;verhaal;rolstoel;telefoon;email;contactpersoon;ingediend_door\n"
    "Marokkaanse Vrouwenvereniging Kanaleneiland;52,0740;5,0935;migrant organisation;"
    "<p>Welkom bij <strong>ons</strong>.</p><p>Bel Fatima el Amrani.</p>;yes;+31 30 123 4567;"
    "vrouwen@voorbeeld.example;Fatima el Amrani;Stichting Amal\n"
    "Marokkaanse Vrouwenvereniging Noord;52,0840;5,0935;migrantenorganisatie;Thee;limited;"
    "+31 6 1111 2222;noord@voorbeeld.example;Khadija Bakkali;Vrouwen Noord\n"
    "Marokkaanse Vrouwenvereniging Zuid;52,0640;5,0935;migrantenorganisatie;Koffie;no;"
    "+31 6 3333 4444;zuid@voorbeeld.example;Naima Ouali;Vrouwen Zuid\n"
    "Moskee Al-Amal;52,0768;5,0911;mosque;Open dag;;+31 6 8765 4321;amal@voorbeeld.example;"
    "Yusuf Demir;Moskee Al-Amal\n"
)
IDS = [
    "marokkaanse-vrouwenvereniging-kanaleneiland",
    "marokkaanse-vrouwenvereniging-noord",
    "marokkaanse-vrouwenvereniging-zuid",
    "moskee-al-amal",
]


@pytest.fixture(autouse=True)
def _organiser_at_80_columns(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SAFARI_LANG", "nl")
    monkeypatch.setenv("SAFARI_PDOK_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("SAFARI_ORGANISER", raising=False)
    monkeypatch.chdir(tmp_path)


def run(*args: object, ok: bool = True):
    result = runner.invoke(cli.app, [str(a) for a in args], catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    assert "\n\n" not in result.stderr, result.stderr
    assert not result.stderr.startswith("\n"), result.stderr
    assert "Traceback" not in result.output
    return result


def lines(text: str) -> list[str]:
    return text.splitlines()


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    (tmp_path / "inzending.csv").write_text(SUBMISSION, encoding="utf-8")
    run("stops", "import", "inzending.csv", "--by", "Ans de Vries")
    return tmp_path / "catalogus.geojson"


def props(catalogue: Path) -> dict[str, dict]:
    return {f["properties"]["id"]: f["properties"] for f in load(catalogue)}


# --- 1. ids a person can use -----------------------------------------------------------------


def test_import_says_what_was_added_and_what_to_do_next(tmp_path: Path) -> None:
    (tmp_path / "inzending.csv").write_text(SUBMISSION, encoding="utf-8")

    result = run("stops", "import", "inzending.csv", "--by", "Ans de Vries")

    assert lines(result.stdout) == [
        f"4 stops toegevoegd aan catalogus.geojson: {', '.join(IDS)}",
        "4 stops wachten op uw besluit. Bekijk ze met: safari stops list --status ingediend",
    ]
    assert lines(result.stderr) == [
        (
            "Let op: inzending.csv heeft geen kolom 'toestemming'. safari neemt niet aan dat deze"
            " plekken op de kaart mogen: de toestemming is 'onbekend'. Zo komen ze als besloten"
            " bezoek in de safari, zonder naam of verhaal voor de deelnemers. Heeft een plek ja"
            " gezegd? Gebruik dan: safari stops approve ID --consent"
        )
    ]
    assert not (tmp_path / ".catalogus.geojson.lock").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalogus.geojson", "inzending.csv"]


def test_a_large_import_names_ten_stops_and_counts_the_rest(tmp_path: Path) -> None:
    """A district's whole list at once: a screen of ids helps nobody; `stops list` has them."""
    rows = [f"Plek {i};{52.05 + i * 0.0007:.5f};5,09;ja" for i in range(1, 251)]
    (tmp_path / "wijk.csv").write_text("naam;lat;lon;toestemming\n" + "\n".join(rows) + "\n")

    result = run("stops", "import", "wijk.csv")

    first_ten = ", ".join(f"plek-{i}" for i in range(1, 11))
    assert lines(result.stdout) == [
        f"250 stops toegevoegd aan catalogus.geojson: {first_ten} en nog 240 andere",
        "250 stops wachten op uw besluit. Bekijk ze met: safari stops list --status ingediend",
    ]
    assert len(props(tmp_path / "catalogus.geojson")) == 250


@pytest.mark.parametrize("columns", ["80", "120"])
def test_the_list_shows_every_id_in_full_on_one_line(
    imported: Path, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)

    shown = lines(run("stops", "list").stdout)

    for number, stop_id in enumerate(IDS, start=1):
        assert any(stop_id in line and f"{number}" in line for line in shown), stop_id
    assert all(len(line) <= int(columns) for line in shown[:-1])  # the last: a hint line
    assert "…" not in "\n".join(shown)


def test_at_80_columns_each_stop_is_one_block(imported: Path) -> None:
    shown = run("stops", "list", "--status", "submitted").stdout

    assert shown.startswith(
        "  1. marokkaanse-vrouwenvereniging-kanaleneiland\n"
        "     Marokkaanse Vrouwenvereniging Kanaleneiland\n"
        "     Soort: migrantenorganisatie · Status: ingediend · Toestemming: onbekend\n"
        "     Ingediend door: Stichting Amal\n"
        "\n"
        "  2. marokkaanse-vrouwenvereniging-noord\n"
    )
    assert shown.endswith(
        "Goedkeuren: safari stops approve NUMMER. Afwijzen: safari stops reject NUMMER"
        ' --reason "...". NUMMER is het nummer vooraan, of het id (het begin is genoeg).\n'
    )


def test_a_wide_terminal_gets_a_table_with_nothing_cut(
    imported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")

    shown = lines(run("stops", "list").stdout)

    assert shown[1].split("┃")[1:4] == [" Nr ", " id" + " " * 42, " Stop" + " " * 40]
    row = [cell.strip() for cell in shown[3].split("│")[1:-1]]
    assert row == [
        "1",
        IDS[0],
        "Marokkaanse Vrouwenvereniging Kanaleneiland",
        "migrantenorganisatie",
        "ingediend",
        "onbekend",
        "Stichting Amal",
        "",
    ]


def test_json_is_the_catalogue_features_unchanged(imported: Path) -> None:
    data = json.loads(run("stops", "list", "--json").stdout)

    assert data == load(imported)


def test_approve_by_row_number_and_by_a_unique_start_of_the_id(imported: Path) -> None:
    result = run("stops", "approve", "2", "moskee", "--consent")

    assert lines(result.stdout) == [
        "Goedgekeurd: marokkaanse-vrouwenvereniging-noord (Marokkaanse Vrouwenvereniging Noord)",
        "Goedgekeurd: moskee-al-amal (Moskee Al-Amal)",
        "Goedgekeurde stops gaan mee in de planning: safari plan catalogus.geojson",
    ]
    stops = props(imported)
    assert stops[IDS[1]]["status"] == stops[IDS[3]]["status"] == "goedgekeurd"
    assert stops[IDS[1]]["toestemming"] == "ja"
    assert stops[IDS[0]]["status"] == "ingediend"
    event = stops[IDS[3]]["geschiedenis"][-1]
    assert (event["actie"], event["door"], event["toestemming"]) == (
        "goedgekeurd",
        "organisator",
        "ja",
    )


def test_an_ambiguous_start_is_refused_and_names_the_candidates(imported: Path) -> None:
    before = imported.read_bytes()

    result = run("stops", "reject", "marokkaanse", "--reason", "dubbel", ok=False)

    assert result.exit_code == 1
    assert result.stderr == (
        "Fout: 'marokkaanse' past bij meer dan één stop: marokkaanse-vrouwenvereniging-"
        "kanaleneiland, marokkaanse-vrouwenvereniging-noord, marokkaanse-vrouwenvereniging-zuid."
        " Typ meer letters van het id, of het nummer uit 'safari stops list'. Er is niets"
        " veranderd.\n"
    )
    assert imported.read_bytes() == before


def test_a_number_outside_the_list_is_refused(imported: Path) -> None:
    result = run("stops", "approve", "9", ok=False)

    assert result.stderr == (
        "Fout: Er is geen stop met nummer 9. De catalogus heeft 4 stops; 'safari stops list'"
        " toont hun nummers. Er is niets veranderd.\n"
    )


def test_statuses_in_english_are_the_dutch_ones(imported: Path) -> None:
    run("stops", "reject", "zuid", "marokkaanse-vrouwenvereniging-z", "--reason", "x", ok=False)
    run("stops", "reject", "marokkaanse-vrouwenvereniging-z", "--reason", "gesloten")
    run("stops", "approve", "1")

    approved = run("stops", "list", "--status", "approved", "--json").stdout
    rejected = run("stops", "list", "--status", "rejected", "--json").stdout

    assert [f["properties"]["id"] for f in json.loads(approved)] == [IDS[0]]
    assert [f["properties"]["id"] for f in json.loads(rejected)] == [IDS[2]]
    assert run("stops", "list", "--status", "afgewezen", "--json").stdout == rejected
    wrong = run("stops", "list", "--status", "klaar", ok=False)
    assert wrong.stderr == (
        "Fout: 'klaar' is geen status. Kies: voorstel, ingediend, goedgekeurd, afgewezen,"
        " ingetrokken.\n"
    )


def test_suggestions_get_ids_from_their_names_and_keep_the_osm_reference(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    result = run("stops", "suggest", "--network", DELFT)

    assert result.stdout.splitlines()[-1] == (
        "17 voorstel(len) uit OpenStreetMap. Bekijk ze met: safari stops list --status voorstel"
    )
    catalogue = Path("catalogus.geojson")
    stops = props(catalogue)
    assert "al-ansaar-moskee" in stops
    assert not [i for i in stops if i.startswith("osm-")]
    assert stops["al-ansaar-moskee"]["osm"].startswith(("node/", "way/"))
    assert stops["al-ansaar-moskee"]["toestemming"] == "onbekend"
    for columns in ("80", "200"):
        monkeypatch.setenv("COLUMNS", columns)
        shown = run("stops", "list").stdout
        for stop_id, stop in stops.items():
            assert any(stop_id in line for line in shown.splitlines()), stop_id
            assert stop["osm"] in shown


# --- 3. spreadsheet cells as the user sees them ----------------------------------------------


@pytest.fixture
def with_formula(tmp_path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["naam", "lat", "lon", "soort", "toestemming"])
    sheet.append(["Buurthuis De Brug", "52,0740", "5,0935", "community centre", "ja"])
    sheet.append(['=HYPERLINK("https://x.example","klik")', 52.0768, 5.0911, "buurthuis", "ja"])
    sheet.append(["Bibliotheek Kanaleneiland", 99, 5.09, "library", "nee"])
    sheet.append(["Huiskamer Salaam", 52.0712, 5.0968, "", ""])
    path = tmp_path / "groep.xlsx"
    book.save(path)
    return path


def test_a_formula_cell_is_named_as_a_formula_and_the_file_is_refused(with_formula: Path) -> None:
    result = run("stops", "import", with_formula.name, ok=False)

    assert result.exit_code == 1
    assert lines(result.stderr) == [
        "Fout: Er is niets toegevoegd aan de lijst met stops, want een bestand heeft problemen:",
        (
            f"Het bestand '{with_formula.name}' heeft 2 problemen. Pas het bestand aan en probeer"
            " het opnieuw."
        ),
        (
            "- Rij 3, kolom 'naam': hier staat een formule (=HYPERLINK…). Typ de naam als gewone"
            " tekst."
        ),
        (
            "- Rij 4, kolom 'lat': 99 kan geen lat zijn. Lat ligt altijd tussen -90 en 90 (in"
            " Nederland tussen 50,7 en 53,7). Controleer het getal."
        ),
        (
            "Wilt u de goede rijen toch inlezen? Voeg dan --skip-bad-rows toe. safari noemt dan"
            " elke rij die het overslaat."
        ),
    ]
    assert not Path("catalogus.geojson").exists()


def test_skip_bad_rows_imports_the_good_rows_and_lists_every_row_left_out(
    with_formula: Path,
) -> None:
    result = run("stops", "import", with_formula.name, "--skip-bad-rows")

    assert lines(result.stdout) == [
        "2 rij(en) niet ingelezen, met de reden:",
        (
            "- Rij 3, kolom 'naam': hier staat een formule (=HYPERLINK…). Typ de naam als gewone"
            " tekst."
        ),
        (
            "- Rij 4, kolom 'lat': 99 kan geen lat zijn. Lat ligt altijd tussen -90 en 90 (in"
            " Nederland tussen 50,7 en 53,7). Controleer het getal."
        ),
        "2 stops toegevoegd aan catalogus.geojson: buurthuis-de-brug, huiskamer-salaam",
        "2 stops wachten op uw besluit. Bekijk ze met: safari stops list --status ingediend",
    ]
    assert lines(result.stderr) == [
        (
            "Let op: Bij deze stops is toestemming niet ingevuld, dus 'onbekend': huiskamer-salaam."
            " Ze worden een besloten bezoek tot u toestemming vastlegt met: safari stops approve"
            " ID --consent"
        )
    ]
    stops = props(Path("catalogus.geojson"))
    assert stops["buurthuis-de-brug"]["soort"] == "buurthuis"  # "community centre"
    assert stops["buurthuis-de-brug"]["toestemming"] == "ja"
    assert stops["huiskamer-salaam"]["toestemming"] == "onbekend"


# --- 4. one vocabulary -----------------------------------------------------------------------


def test_exports_speak_dutch_and_stories_are_plain_text(imported: Path) -> None:
    run("stops", "approve", "1", "2", "3", "--consent")

    result = run("stops", "export", "publiek.xlsx")

    assert lines(result.stdout) == [
        "3 stops opgeslagen in publiek.xlsx",
        (
            "Dit bestand mag u delen: alleen goedgekeurde stops met toestemming, zonder"
            " contactgegevens."
        ),
    ]
    sheet = openpyxl.load_workbook("publiek.xlsx").active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows[0]
    first = dict(zip(header, rows[1], strict=True))
    assert [dict(zip(header, r, strict=True))["rolstoel"] for r in rows[1:]] == [
        "ja",
        "beperkt",
        "nee",
    ]
    assert first["verhaal"] == "Welkom bij ons.\n\nBel Fatima el Amrani."
    assert (
        first["verhaal_html"]
        == "<p>Welkom bij <strong>ons</strong>.</p><p>Bel Fatima el Amrani.</p>"
    )
    assert header.index("verhaal_html") == header.index("verhaal") + 1


def test_a_rejected_or_deleted_stop_is_no_longer_marked_as_a_duplicate(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(
        "naam;lat;lon;toestemming\nBuurthuis De Brug;52,0740;5,0935;ja\n", encoding="utf-8"
    )
    (tmp_path / "b.csv").write_text(
        "naam;lat;lon;toestemming\nStichting Buurthuis de Brug;52,0741;5,0936;ja\n"
        "De Brug;52,07405;5,09355;ja\n",
        encoding="utf-8",
    )
    run("stops", "import", "a.csv")
    run("stops", "import", "b.csv")
    catalogue = Path("catalogus.geojson")
    assert props(catalogue)["buurthuis-de-brug"]["mogelijk_dubbel"] == [
        "stichting-buurthuis-de-brug",
        "de-brug",
    ]

    run("stops", "reject", "stichting", "--reason", "dubbel")
    assert props(catalogue)["buurthuis-de-brug"]["mogelijk_dubbel"] == ["de-brug"]
    run("stops", "delete", "de-brug")
    assert props(catalogue)["buurthuis-de-brug"]["mogelijk_dubbel"] == []
    assert "Mogelijk dubbel" not in run("stops", "list").stdout


def test_planning_from_the_catalogue_names_stops_in_the_users_terms(imported: Path) -> None:
    run("stops", "approve", "1")

    stops = read_stops(imported)

    assert (
        "Stop 4 in het bestand: 'Moskee Al-Amal' wordt niet gepland, want de status is"
        " 'ingediend' en niet 'goedgekeurd'."
    ) in stops.attrs["warnings"]
    assert not any("Object" in w for w in stops.attrs["warnings"])


# --- 6. consent (#10.3) ----------------------------------------------------------------------


def test_consent_is_never_assumed_for_a_community_file(imported: Path) -> None:
    assert {p["toestemming"] for p in props(imported).values()} == {"onbekend"}
    # planned as a private visit: the plan's reader sees no consent
    run("stops", "approve", "1")
    planned = read_stops(imported)
    assert planned["toestemming"].tolist() == [False]

    result = run("stops", "approve", "1", "--consent")

    assert props(imported)[IDS[0]]["toestemming"] == "ja"
    assert read_stops(imported)["toestemming"].tolist() == [True]
    assert result.stderr == ""


def test_approving_without_consent_warns_that_it_stays_private(imported: Path) -> None:
    result = run("stops", "approve", "moskee")

    assert lines(result.stderr) == [
        (
            "Let op: 'Moskee Al-Amal' (moskee-al-amal) heeft geen toestemming voor publicatie: de"
            " plek komt alleen op het overzicht van de organisator. Heeft de plek toestemming"
            " gegeven? Gebruik dan 'safari stops approve moskee-al-amal --consent'."
        )
    ]


# --- 7. deletion and retention (#10.4) -------------------------------------------------------

REMOVED_KANALENEILAND = [
    "+31 30 123 4567",
    "vrouwen@voorbeeld.example",
    "Fatima el Amrani",
    "Stichting Amal",
]


def folder_text(folder: Path) -> str:
    """Every byte of every file in the folder (also hidden ones), as text."""
    parts = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != "inzending.csv":
            parts.append(path.name)
            parts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(parts)


def test_delete_leaves_nothing_of_the_stop_in_the_folder(imported: Path, tmp_path: Path) -> None:
    result = run("stops", "delete", "moskee")

    assert lines(result.stdout) == [
        "Gewist: moskee-al-amal (Moskee Al-Amal)",
        (
            "De stop, de geschiedenis en de contactgegevens staan niet meer in catalogus.geojson."
            " Oude exports en reservekopieën wist u zelf."
        ),
    ]
    text = folder_text(tmp_path)
    for value in ["Moskee Al-Amal", "moskee-al-amal", "+31 6 8765 4321", "Yusuf Demir",
                  "amal@voorbeeld.example", "Open dag"]:  # fmt: skip
        assert value not in text, value
    assert "Marokkaanse Vrouwenvereniging Noord" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalogus.geojson", "inzending.csv"]


def test_anonymise_keeps_the_place_and_removes_the_personal_data(
    imported: Path, tmp_path: Path
) -> None:
    run("stops", "reject", "1", "--reason", "Fatima el Amrani belde af", "--by", "Ans de Vries")

    result = run("stops", "anonymise", "1")

    assert lines(result.stdout) == [
        (
            "Geanonimiseerd: marokkaanse-vrouwenvereniging-kanaleneiland (Marokkaanse"
            " Vrouwenvereniging Kanaleneiland)"
        ),
        (
            "De plek blijft in de catalogus. Contactpersoon, telefoon, e-mail en indiener zijn"
            " gewist, ook uit de geschiedenis."
        ),
    ]
    text = folder_text(tmp_path)
    for value in REMOVED_KANALENEILAND:
        assert value not in text, value
    stop = props(imported)[IDS[0]]
    assert stop["naam"] == "Marokkaanse Vrouwenvereniging Kanaleneiland"
    assert stop["verhaal"] == "<p>Welkom bij <strong>ons</strong>.</p><p>Bel [verwijderd].</p>"
    assert [(e["actie"], e["door"]) for e in stop["geschiedenis"]] == [
        ("ingediend", "Ans de Vries"),
        ("afgewezen", "Ans de Vries"),
        ("geanonimiseerd", "organisator"),
    ]
    assert not [e for e in stop["geschiedenis"] if "bron" in e or "reden" in e]
    assert "Khadija Bakkali" in text  # the other stops keep theirs
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalogus.geojson", "inzending.csv"]


def test_purge_removes_personal_data_of_old_rejected_and_withdrawn_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = 86400
    start = 1767225600  # 1 January 2026
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(start))
    monkeypatch.setenv("SAFARI_ORGANISER", "Ans de Vries")
    (tmp_path / "inzending.csv").write_text(SUBMISSION, encoding="utf-8")
    run("stops", "import", "inzending.csv")
    run("stops", "reject", "1", "--reason", "gesloten")
    run("stops", "withdraw", "2")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(start + 20 * day))
    run("stops", "reject", "3", "--reason", "later")

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(start + 40 * day))
    result = run("stops", "purge", "--older-than", "30")

    assert lines(result.stdout) == [
        f"Opgeschoond: {IDS[0]} (Marokkaanse Vrouwenvereniging Kanaleneiland)",
        f"Opgeschoond: {IDS[1]} (Marokkaanse Vrouwenvereniging Noord)",
        (
            "Van 2 afgewezen of ingetrokken stop(s) ouder dan 30 dagen zijn de persoonsgegevens"
            " gewist. De plekken zelf blijven."
        ),
    ]
    text = folder_text(tmp_path)
    for value in [*REMOVED_KANALENEILAND, "Khadija Bakkali", "+31 6 1111 2222", "Vrouwen Noord"]:
        assert value not in text, value
    assert "Naima Ouali" in text  # rejected 20 days ago: kept for now
    assert "Yusuf Demir" in text  # still submitted
    history = props(tmp_path / "catalogus.geojson")[IDS[0]]["geschiedenis"]
    assert {e["door"] for e in history} == {"Ans de Vries"}
    assert history[-1]["actie"] == "opgeschoond"
    again = run("stops", "purge", "--older-than", "30")
    assert again.stdout == (
        "Er zijn geen afgewezen of ingetrokken stops met persoonsgegevens, ouder dan 30"
        " dagen. Er is niets veranderd.\n"
    )


def test_the_history_never_records_the_computers_user_name(
    imported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("USER", "root")
    monkeypatch.setenv("LOGNAME", "root")
    run("stops", "approve", "1")
    monkeypatch.setenv("SAFARI_ORGANISER", "Wijkteam Kanaleneiland")
    run("stops", "approve", "2")

    doors = [e["door"] for p in props(imported).values() for e in p["geschiedenis"]]

    assert "root" not in doors
    assert os.environ.get("USER") not in doors
    assert props(imported)[IDS[0]]["geschiedenis"][-1]["door"] == "organisator"
    assert props(imported)[IDS[1]]["geschiedenis"][-1]["door"] == "Wijkteam Kanaleneiland"


# --- 2. what next, and --open ----------------------------------------------------------------


def test_template_and_export_open_their_main_file(
    imported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(_terminal, "open_file", opened.append)

    template = run("template", "--open")
    run("stops", "export", "intern.csv", "--internal", "--open")

    assert lines(template.stdout) == [
        "Geschreven: stops-sjabloon.xlsx en stops-sjabloon.csv",
        (
            "Stuur stops-sjabloon.xlsx naar de groepen; het eerste blad legt uit wat ze moeten"
            " doen. Lees hun ingevulde bestand in met: safari stops import BESTAND"
        ),
    ]
    assert opened == [Path("stops-sjabloon.xlsx"), Path("intern.csv")]


# --- plan: the organiser's own list, said once; a quiet stderr ---------------------------------


def test_planning_a_plain_stops_file_says_once_that_it_is_taken_for_the_own_list(
    tmp_path: Path,
) -> None:
    stops = tmp_path / "stops.csv"
    stops.write_bytes((ROOT / "safari" / "data" / "voorbeeld" / "stops.csv").read_bytes())
    network = OSM / "nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2"

    result = run("plan", stops, "--network", network, "--output", tmp_path / "kaarten")

    assert lines(result.stderr)[0] == (
        "Let op: stops.csv heeft geen kolom 'toestemming'. safari neemt aan dat dit uw eigen"
        " lijst is en dat alle plekken op de kaart mogen. Komen de plekken van groepen? Lees ze"
        " dan in met 'safari stops import': dan is de toestemming 'onbekend' tot u die vastlegt."
    )
    assert result.stderr.count("toestemming") == 2  # once, in one sentence pair
    assert "" not in lines(result.stderr)  # no empty line (the progress bar left one)
    assert "Groep 1" not in result.stdout  # one group: no group title above the table


def test_a_file_without_a_name_column_is_not_told_to_skip_bad_rows(tmp_path: Path) -> None:
    (tmp_path / "lijst.csv").write_text("plek;lat;lon\nDe Brug;52,07;5,09\n", encoding="utf-8")

    result = run("stops", "import", "lijst.csv", ok=False)

    assert result.exit_code == 1
    assert "--skip-bad-rows" not in result.stderr  # it would not help: the whole file is wrong
    assert "naam" in result.stderr
