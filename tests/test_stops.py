"""Reading stops files: what an organiser's file becomes, and what they read when it is wrong."""

from __future__ import annotations

import csv
import hashlib
import math
import re
import string
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pdok_replay import replaying

from safari import i18n
from safari._errors import StopsError
from safari.sanitise import as_plain, sanitise_story, sanitise_text
from safari.stops import read_stops

if TYPE_CHECKING:
    from collections.abc import Iterator

DATA = Path(__file__).parent / "data"

# Every broken fixture has ONE fault. The phrases are what the organiser must read
# (row, column and how to fix it). test_cli_bad_input.py uses the same table.
BROKEN_FIXTURES: dict[str, list[str]] = {
    "invalid_missing_name.csv": [
        "Rij 3, kolom 'naam': de naam ontbreekt. Vul de naam van de plek in.",
    ],
    "invalid_no_name_column.csv": [
        "Kolom 'naam' ontbreekt. Zet in de eerste rij een kolom 'naam'",
        "Gevonden kolommen: 'organisatie', 'soort', 'lat', 'lon'.",
    ],
    "invalid_missing_coordinates.csv": [
        "Rij 3, kolommen 'lat' en 'lon': de plaats ontbreekt. Vul lat en lon in",
    ],
    "invalid_no_coordinate_columns.csv": [
        (
            "Er zijn geen kolommen voor de plaats van de plekken. "
            "Voeg de kolommen 'lat' en 'lon' toe (of 'x' en 'y' in RD)."
        ),
    ],
    "invalid_unreadable_latitude.csv": [
        (
            "Rij 3, kolom 'lat': '52.0801a' is geen getal. "
            "Schrijf alleen een getal, bijvoorbeeld 52,0801."
        ),
    ],
    "invalid_swapped_latlon.csv": [
        (
            "Rij 3, kolom 'lat': 5,1032 ligt niet in Nederland. Waarschijnlijk zijn lat en lon "
            "verwisseld: zet 52,0801 bij lat en 5,1032 bij lon."
        ),
    ],
    "invalid_outside_world.csv": [
        "Rij 2, kolom 'lat': 152,0740 kan geen lat zijn. Lat ligt altijd tussen -90 en 90",
    ],
    "invalid_rd_outside_range.csv": [
        "Rij 3, kolom 'x': 1350891 ligt buiten Nederland. In RD ligt x tussen 0 en 300000.",
    ],
    "invalid_duplicate_ids.csv": [
        "Rij 2 en rij 4, kolom 'id': de id 'brug' komt 2 keer voor. Geef elke plek een eigen id",
    ],
    "invalid_visit_minutes_negative.csv": [
        (
            "Rij 3, kolom 'bezoekduur': '-10' is geen goede bezoekduur. "
            "Schrijf het aantal minuten als getal groter dan 0"
        ),
    ],
    "invalid_unknown_status.csv": [
        (
            "Rij 3, kolom 'status': 'goedgekeurt' is geen bekende status. "
            "Kies ingediend, goedgekeurd of afgewezen."
        ),
    ],
    "invalid_javascript_website.csv": [
        (
            "Rij 2, kolom 'website': 'javascript:alert(1)' is geen veilige link. "
            "Een link moet beginnen met https://"
        ),
    ],
    "invalid_empty_file.csv": ["Het bestand is leeg."],
    "invalid_only_header.csv": [
        "Er staan alleen namen van kolommen in het bestand, maar geen plekken.",
    ],
    "invalid_binary_garbage.csv": [
        "Het bestand is geen leesbare tekst.",
        "'CSV UTF-8 (door komma's gescheiden)'",
    ],
    "invalid_geojson_syntax.geojson": [
        "Het bestand is geen geldige GeoJSON: er zit een fout op regel 7, teken 50.",
    ],
    "invalid_geojson_polygon.geojson": [
        (
            "Stop 2 in het bestand, geometrie: de plek 'Sportveld Noord' is een Polygon, geen"
            " punt. Gebruik voor elke plek een punt (Point)."
        ),
    ],
    "invalid_geojson_not_collection.geojson": [
        "Het bestand is geen GeoJSON met plekken. Het moet een 'FeatureCollection' zijn",
    ],
    "invalid_none_approved.csv": [
        "is goedgekeurd, dus er is niets om te plannen.",
        "Zet 'goedgekeurd' in de kolom 'status'",
        "Rij 2: 'Naaiatelier Noor' wordt niet gepland, want de status is 'ingediend'",
        "Rij 3: 'Fietsenmaker Samen' wordt niet gepland, want de status is 'afgewezen'",
    ],
    "invalid_suffix.docx": [
        "is van een soort die safari niet kan lezen ('.docx').",
        "safari leest: .csv, .txt, .tsv, .geojson, .json, .xlsx, .xlsm, .kml, .gpkg.",
    ],
    "invalid_address_only.csv": [
        "Rij 2, kolom 'adres': het adres 'Nergensstraat 999, Nergenshuizen' is niet gevonden.",
        "of vul lat en lon in.",
    ],
    "invalid_duplicate_name_columns.csv": [
        "Kolom 'naam' en kolom 'name' betekenen allebei 'naam'. Houd er één over.",
    ],
    "invalid_missing_lon_column.csv": [
        "Kolom 'lat' staat erin, maar kolom 'lon' ontbreekt. Voeg de kolom 'lon' toe.",
    ],
    "invalid_capacity_not_whole.csv": [
        "Rij 2, kolom 'capaciteit': '12 personen' is geen goede capaciteit.",
    ],
    "invalid_wheelchair_value.csv": [
        "Rij 2, kolom 'rolstoel': 'misschien' kent safari niet. Kies ja, beperkt of nee.",
    ],
}

ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="\x0bjavascript:alert(1)">klik</a>',
    "`backticks`",
    "${alert(1)}",
    "een backslash \\ hier",
    '<img alt="</script><script>alert(1)//" src="https://debrug.example/a.jpg">',
]


@pytest.fixture(autouse=True)
def _dutch(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Dutch texts; addresses are looked up in recorded PDOK answers, never the live service."""
    monkeypatch.setenv("SAFARI_LANG", "nl")
    with replaying() as server:
        monkeypatch.setenv("SAFARI_PDOK_URL", server.url)
        yield


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def unsafe_for_template_literal(text: str) -> bool:
    return any(char in text for char in "`$\\")


def all_text(stops) -> list[str]:
    return [value for column in stops.columns for value in stops[column] if isinstance(value, str)]


# --- an organiser's files ------------------------------------------------------------------


def test_dutch_excel_file_is_read_as_the_organiser_typed_it() -> None:
    path = DATA / "stops_excel_semicolon_cp1252.csv"
    before = sha256(path)

    stops = read_stops(path)

    assert list(stops["naam"]) == ["Café De Ontmoeting", "Bakkerij Gül", "Buurtmoestuin Aziëlaan"]
    assert list(stops["id"]) == ["cafe-de-ontmoeting", "bakkerij-gul", "buurtmoestuin-azielaan"]
    # The first story spans two lines in the file but is one row in Excel.
    assert list(stops["bron_rij"]) == [2, 3, 4]
    assert stops.loc[0, "verhaal"] == (
        "Elke ochtend koffie voor € 1.<br>"
        "Vrijwilligers uit twaalf landen schenken ’s ochtends thee."
    )
    assert stops.loc[2, "verhaal"] == (
        "<p>Samen tuinieren met buren.</p><p>Iedereen is welkom op zaterdag.</p>"
    )
    assert stops.crs.to_epsg() == 4326
    assert stops.geometry.geom_type.eq("Point").all()
    assert (stops.geometry.y.round(4).tolist(), stops.geometry.x.round(4).tolist()) == (
        [52.0740, 52.0712, 52.0686],
        [5.0935, 5.0968, 5.1004],
    )
    assert stops["bezoekduur"].tolist() == [20.0, 15.0, 25.5]
    assert stops["capaciteit"].tolist() == [15.0, 8.0, 20.0]
    assert stops["rolstoel"].tolist() == ["yes", "limited", "no"]
    assert stops.loc[0, "telefoon"] == "06-12345678"  # kept, for organisers only
    assert not any("Ã" in text for text in all_text(stops))
    assert stops.attrs["source"] == str(path)
    assert stops.attrs["warnings"] == []
    assert isinstance(stops.index, type(stops.reset_index(drop=True).index))
    assert sha256(path) == before


def test_cp1252_letters_euro_and_curly_quote_are_decoded_not_mojibake(tmp_path: Path) -> None:
    text = "naam;lat;lon;verhaal\nCafé Reünie;52,07;5,09;Brüder zahlen € 2 ’s avonds\n"
    path = tmp_path / "plekken.csv"
    path.write_bytes(text.encode("cp1252"))

    stops = read_stops(path)

    assert stops.loc[0, "naam"] == "Café Reünie"
    assert stops.loc[0, "verhaal"] == "Brüder zahlen € 2 ’s avonds"
    assert "CafÃ©" not in stops.loc[0, "naam"]


def test_a_utf8_file_with_a_few_pasted_cp1252_lines_is_not_mojibake(tmp_path: Path) -> None:
    path = tmp_path / "plekken.csv"
    path.write_bytes(
        "naam;lat;lon\nCafé Één;52,07;5,09\n".encode()
        + "Bakkerij Gül;52,071;5,091\n".encode("cp1252")
    )

    stops = read_stops(path)

    assert list(stops["naam"]) == ["Café Één", "Bakkerij Gül"]


def test_utf8_with_bom_and_commas_keeps_ids_and_languages() -> None:
    stops = read_stops(DATA / "stops_utf8_bom_comma.csv")

    assert list(stops["id"]) == ["brug", "moskee-al-amal", "jongerenvereniging-nour"]
    assert stops.loc[0, "verhaal_ar"] == "قلب الحي."
    assert stops.loc[1, "geometry"].y == pytest.approx(52.0768)  # "52,0768" quoted
    assert stops.loc[1, "website"] == "https://www.al-amal.example"  # www. gets https://
    assert "\ufeff" not in stops.columns[0]


def test_english_column_names_become_dutch_and_unknown_columns_stay() -> None:
    stops = read_stops(DATA / "stops_english_columns.csv")

    for column in ["naam", "soort", "verhaal", "verhaal_en", "bezoekduur", "beschikbaar"]:
        assert column in stops.columns
    assert "Notes" in stops.columns
    assert stops.loc[0, "naam"] == "Somalische Ouders Utrecht"
    assert stops.loc[0, "verhaal_en"] == "Parents help each other."
    assert stops.loc[0, "bezoekduur"] == 30.0
    assert stops.loc[0, "beschikbaar"] == "Tu 16:00-18:00"
    assert stops.loc[1, "rolstoel"] == "limited"
    assert stops.loc[0, "foto"] == "https://somalische-ouders.example/foto.jpg"
    assert stops.loc[0, "Notes"] == "vraag naar Ahmed"
    assert stops.columns[-2:].tolist() == ["bron_rij", "geometry"]


def test_excel_unicode_text_is_utf16_with_tabs() -> None:
    stops = read_stops(DATA / "stops_excel_unicode_text_utf16.txt")

    assert list(stops["naam"]) == ["Café De Ontmoeting", "Huiskamer Salaam"]
    assert stops.loc[0, "verhaal"] == "Koffie voor € 1."
    assert stops.loc[0, "geometry"].x == pytest.approx(5.0935)


def test_rd_new_coordinates_become_latitude_and_longitude() -> None:
    stops = read_stops(DATA / "stops_rd_new_xy.csv")

    assert stops.geometry.y.tolist() == pytest.approx([52.0740, 52.0712, 52.0686], abs=1e-5)
    assert stops.geometry.x.tolist() == pytest.approx([5.0935, 5.0968, 5.1004], abs=1e-5)
    assert not {"x", "y", "lat", "lon"} & set(stops.columns)


def test_geojson_points_with_properties() -> None:
    stops = read_stops(DATA / "stops.geojson")

    assert list(stops["naam"]) == ["Buurthuis De Brug", "Moskee Al-Amal", "Buurtmoestuin Aziëlaan"]
    assert list(stops["bron_rij"]) == [1, 2, 3]
    assert stops.loc[0, "bezoekduur"] == 20.0
    assert math.isnan(stops.loc[2, "bezoekduur"])
    assert stops.loc[2, "verhaal"] == ""
    assert stops.loc[1, "rolstoel"] == "limited"
    assert stops.loc[2, "buurt"] == "Kanaleneiland-Zuid"
    assert stops.loc[1, "geometry"].coords[0] == (5.0911, 52.0768)


def test_only_approved_stops_are_planned_and_every_other_stop_is_named() -> None:
    stops = read_stops(DATA / "stops_with_status.csv")

    assert list(stops["naam"]) == ["Buurthuis De Brug", "Jongerenvereniging Nour"]
    assert list(stops["status"]) == ["goedgekeurd", "goedgekeurd"]  # "Goedgekeurd" too
    assert list(stops.index) == [0, 1]
    warnings = stops.attrs["warnings"]
    assert (
        "Rij 4: 'Naaiatelier Noor' wordt niet gepland, want de status is 'ingediend' "
        "en niet 'goedgekeurd'." in warnings
    )
    assert any(w.startswith("Rij 5: 'Fietsenmaker Samen'") for w in warnings)
    assert any(
        w.startswith("Rij 6: 'Koor Ariëlla' wordt niet gepland, want de status is leeg.")
        for w in warnings
    )
    # A submission that is not planned does not block the plan; its problem is a warning.
    assert "Niet gepland, maar wel goed om te verbeteren: Rij 4, kolom 'lon'" in warnings[0]


def test_all_stops_when_not_only_approved_so_the_submission_must_be_fixed() -> None:
    with pytest.raises(StopsError) as caught:
        read_stops(DATA / "stops_with_status.csv", only_approved=False)

    assert "Rij 4, kolom 'lon': lon ontbreekt. Vul ook lon in." in str(caught.value)


def test_all_statuses_are_returned_when_not_only_approved(tmp_path: Path) -> None:
    path = tmp_path / "inzendingen.csv"
    path.write_text("naam;lat;lon;status\nA;52,07;5,09;ingediend\nB;52,071;5,091;AFGEWEZEN\n")

    stops = read_stops(path, only_approved=False)

    assert list(stops["status"]) == ["ingediend", "afgewezen"]
    assert stops.attrs["warnings"] == []


def test_ids_are_made_from_names_and_kept_unique(tmp_path: Path) -> None:
    path = tmp_path / "plekken.csv"
    path.write_text(
        "id;naam;lat;lon\n"
        ";Moskee Al-Amal;52,0768;5,0911\n"
        ";Moskee Al-Amal;52,0769;5,0912\n"
        "moskee-al-amal-3;Vrouwenruimte;52,0770;5,0913\n"
        ";Moskee Al-Amal;52,0771;5,0914\n"
        ";مسجد;52,0772;5,0915\n"
    )

    stops = read_stops(path)

    assert list(stops["id"]) == [
        "moskee-al-amal",
        "moskee-al-amal-2",
        "moskee-al-amal-3",
        "moskee-al-amal-4",
        "plek",
    ]


def test_a_story_longer_than_the_csv_field_limit_is_read_whole(tmp_path: Path) -> None:
    story = ("Een lang verhaal over de wijk. " * 7000)[:200_000]
    path = tmp_path / "lang.csv"
    path.write_text(f'naam;lat;lon;verhaal\nDe Brug;52,07;5,09;"{story}"\n', encoding="utf-8")
    limit = csv.field_size_limit()

    stops = read_stops(path)

    assert len(stops.loc[0, "verhaal"]) == 200_000
    assert csv.field_size_limit() == limit  # the module's limit is put back


def test_blank_lines_and_trailing_empty_columns_are_ignored_but_rows_keep_excel_numbers(
    tmp_path: Path,
) -> None:
    path = tmp_path / "plekken.csv"
    path.write_text("naam;lat;lon;;\n\nDe Brug;52,07;5,09;;\n;;;;\nNour;52,071;5,091;;\n\n\n")

    stops = read_stops(path)

    assert list(stops.columns[:3]) == ["id", "naam", "soort"]
    assert not [c for c in stops.columns if c.startswith("kolom_")]
    assert list(stops["bron_rij"]) == [3, 5]


def test_a_column_without_a_name_but_with_data_is_kept_and_mentioned(tmp_path: Path) -> None:
    path = tmp_path / "plekken.csv"
    path.write_text("naam;lat;lon;\nDe Brug;52,07;5,09;let op: trap\n")

    stops = read_stops(path)

    assert stops.loc[0, "kolom_D"] == "let op: trap"
    assert stops.attrs["warnings"] == [
        (
            "Kolom D heeft geen naam in de eerste rij, maar er staat wel iets in. "
            "safari noemt deze kolom 'kolom_D'."
        )
    ]


@pytest.mark.parametrize(
    ("content", "expected_names"),
    [
        ("naam,lat,lon\nDe Brug,52.07,5.09\n", ["De Brug"]),
        ("naam\tlat\tlon\nDe Brug\t52,07\t5,09\n", ["De Brug"]),
        ("sep=;\nnaam;lat;lon\nDe Brug;52,07;5,09\n", ["De Brug"]),
    ],
    ids=["comma", "tab", "excel-sep-line"],
)
def test_the_delimiter_is_detected(tmp_path: Path, content: str, expected_names: list[str]) -> None:
    path = tmp_path / "plekken.csv"
    path.write_text(content)

    stops = read_stops(path)

    assert list(stops["naam"]) == expected_names
    assert stops.loc[0, "bron_rij"] == 2


def test_stops_outside_the_netherlands_are_a_warning_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "porto.csv"
    path.write_text("name,latitude,longitude\nCafé Majestic,41.1470,-8.6066\n")

    stops = read_stops(path)

    assert stops.loc[0, "geometry"].coords[0] == (-8.6066, 41.147)
    assert stops.attrs["warnings"] == [
        (
            "Deze plekken liggen buiten Nederland: 'Café Majestic' (rij 2). "
            "Klopt dat niet? Controleer dan lat en lon."
        )
    ]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("A;454009;134864", "Rij 2, kolommen 'x' en 'y': x en y lijken verwisseld: zet 134864 "),
        ("A;5,0935;52,074", "Rij 2, kolommen 'x' en 'y': 5,0935 en 52,074 lijken graden"),
        ("A;134864;", "Rij 2, kolom 'y': y ontbreekt. Vul ook y in."),
    ],
    ids=["swapped", "degrees", "half"],
)
def test_rd_mistakes_are_explained(tmp_path: Path, row: str, expected: str) -> None:
    path = tmp_path / "rd.csv"
    path.write_text(f"naam;x;y\n{row}\n")

    with pytest.raises(StopsError) as caught:
        read_stops(path)

    assert expected in str(caught.value)


def test_geojson_with_lat_and_lon_the_wrong_way_round(tmp_path: Path) -> None:
    path = tmp_path / "plekken.geojson"
    path.write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", '
        '"geometry": {"type": "Point", "coordinates": [52.074, 5.0935]}, '
        '"properties": {"name": "De Brug"}}]}'
    )

    with pytest.raises(StopsError) as caught:
        read_stops(path)

    assert "Stop 1 in het bestand, geometrie: dit punt ligt niet in Nederland." in str(caught.value)
    assert "In GeoJSON staat lon eerst: [5.0935, 52.074]." in str(caught.value)


def test_a_file_that_does_not_exist(tmp_path: Path) -> None:
    path = tmp_path / "plekken.csv"

    with pytest.raises(StopsError) as caught:
        read_stops(path)

    assert str(caught.value) == (
        f"Het bestand '{path}' bestaat niet. Controleer de naam en de map van het bestand."
    )
    assert caught.value.problems == ()


def test_a_folder_instead_of_a_file(tmp_path: Path) -> None:
    with pytest.raises(StopsError, match="is een map, geen bestand"):
        read_stops(tmp_path)


# --- broken files --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(BROKEN_FIXTURES))
def test_a_broken_file_names_the_problem_and_is_left_untouched(name: str) -> None:
    path = DATA / name
    before = sha256(path)

    with pytest.raises(StopsError) as caught:
        read_stops(path)

    message = str(caught.value)
    assert f"'{path}'" in message.splitlines()[0]
    for phrase in BROKEN_FIXTURES[name]:
        assert phrase in message
    # each fixture has exactly one fault: one listed problem, or a one-sentence message;
    # with nothing approved, the problems are the two rows that are not, each named
    faults = caught.value.problems or (caught.value.message,)
    assert len(faults) == (2 if name == "invalid_none_approved.csv" else 1)
    assert "Traceback" not in message
    assert sha256(path) == before


def test_every_broken_fixture_is_in_the_table() -> None:
    on_disk = {p.name for p in DATA.glob("invalid_*")} - {"invalid_three_faults.csv"}
    assert on_disk == set(BROKEN_FIXTURES)


def test_all_problems_in_a_file_are_reported_at_once() -> None:
    path = DATA / "invalid_three_faults.csv"

    with pytest.raises(StopsError) as caught:
        read_stops(path)

    assert str(caught.value).splitlines() == [
        f"Het bestand '{path}' heeft 3 problemen. Pas het bestand aan en probeer het opnieuw.",
        "- Rij 2, kolom 'naam': de naam ontbreekt. Vul de naam van de plek in.",
        (
            "- Rij 3, kolom 'lat': 5,1032 ligt niet in Nederland. Waarschijnlijk zijn lat en lon "
            "verwisseld: zet 52,0801 bij lat en 5,1032 bij lon."
        ),
        (
            "- Rij 4, kolom 'bezoekduur': 'twintig' is geen goede bezoekduur. Schrijf het aantal "
            "minuten als getal groter dan 0, bijvoorbeeld 20."
        ),
    ]
    assert len(caught.value.problems) == 3


def test_problems_name_the_column_as_the_user_wrote_it(tmp_path: Path) -> None:
    path = tmp_path / "stops.csv"
    path.write_text("Name,Latitude,Longitude,Visit minutes\nDe Brug,52.07,5.09,-5\n")

    with pytest.raises(StopsError) as caught:
        read_stops(path)

    assert "Rij 2, kolom 'Visit minutes': '-5' is geen goede bezoekduur." in str(caught.value)


def test_messages_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFARI_LANG", "en")

    with pytest.raises(StopsError) as caught:
        read_stops(DATA / "invalid_missing_name.csv")

    assert "Row 3, column 'naam': the name is missing. Fill in the name of the stop." in str(
        caught.value
    )


def test_every_stops_text_has_dutch_and_english_with_the_same_placeholders() -> None:
    keys = [key for key in i18n.TEXTS if key.startswith("stops.")]
    assert len(keys) > 40
    for key in keys:
        dutch, english = i18n.TEXTS[key]
        fields = [
            {f for _, f, _, _ in string.Formatter().parse(text) if f} for text in (dutch, english)
        ]
        assert dutch, key
        assert english, key
        assert fields[0] == fields[1], key


# --- sanitising ----------------------------------------------------------------------------


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("sanitise", [sanitise_story, sanitise_text])
def test_attacks_are_made_harmless(sanitise, attack: str) -> None:
    clean = sanitise(f"Welkom {attack} bij ons")

    assert "<script" not in clean.lower()
    assert "</script" not in clean.lower()
    assert "onerror" not in clean
    assert "javascript:" not in clean
    assert not unsafe_for_template_literal(clean)
    assert "\x0b" not in clean


def test_allowed_story_markup_survives() -> None:
    story = (
        "<p>Welkom <strong>allemaal</strong>, <em>echt</em>.</p><ul><li>thee</li></ul>"
        '<a href="https://debrug.example/">website</a> <a href="tel:+31612345678">bel</a> '
        '<a href="mailto:info@debrug.example">mail</a> '
        '<img src="https://debrug.example/brug.jpg" alt="De Brug">'
    )

    clean = sanitise_story(story)

    assert "<p>Welkom <strong>allemaal</strong>, <em>echt</em>.</p><ul><li>thee</li></ul>" in clean
    assert '<a href="https://debrug.example/" rel="noopener noreferrer">website</a>' in clean
    assert '<a href="tel:+31612345678" rel="noopener noreferrer">bel</a>' in clean
    assert 'href="mailto:info@debrug.example"' in clean
    assert '<img src="https://debrug.example/brug.jpg" alt="De Brug">' in clean


@pytest.mark.parametrize(
    "link",
    ["/pad/naar/pagina", "//evil.example/x", "http://debrug.example", "data:text/html,x"],
)
def test_story_links_must_be_https_mailto_or_tel(link: str) -> None:
    assert "href" not in sanitise_story(f'<a href="{link}">x</a>')


def test_template_literal_characters_are_encoded_after_cleaning() -> None:
    assert sanitise_story("a ` b ${c} \\ d") == "a &#96; b &#36;{c} &#92; d"
    assert sanitise_text("a ` b ${c} \\ d") == "a &#96; b &#36;{c} &#92; d"


def test_story_newlines_become_line_breaks_and_paragraphs() -> None:
    assert sanitise_story("regel 1\nregel 2") == "regel 1<br>regel 2"
    assert sanitise_story("alinea 1\r\n\r\nalinea 2") == "<p>alinea 1</p><p>alinea 2</p>"
    assert sanitise_story("<p>al opgemaakt</p>\n<p>twee</p>") == "<p>al opgemaakt</p>\n<p>twee</p>"


def test_plain_text_has_no_tags_and_quotes_are_escaped() -> None:
    assert sanitise_text('<b>Café</b> "De Brug" & \'t Hoekje <3') == (
        "Café &quot;De Brug&quot; &amp; &#x27;t Hoekje &lt;3"
    )


@pytest.mark.parametrize(
    "text",
    ["Café De Brug", "a < b & \"c\" 'd'", "prijs $5 `x` \\ y", "regel 1\nregel 2", "€ ’s"],
)
def test_as_plain_gives_back_what_the_user_typed(text: str) -> None:
    assert as_plain(sanitise_text(text)) == text


def test_as_plain_turns_story_markup_into_lines() -> None:
    story = sanitise_story("Welkom bij <strong>De Brug</strong>\nKoffie: € 1 & thee\n\nTot ziens")
    assert as_plain(story) == "Welkom bij De Brug\nKoffie: € 1 & thee\n\nTot ziens"


def test_the_attack_fixture_is_safe_everywhere_and_keeps_good_markup() -> None:
    stops = read_stops(DATA / "stories_script_injection.csv")

    texts = all_text(stops)
    joined = "\n".join(texts)
    assert "<script" not in joined.lower()
    assert "onerror" not in joined
    assert "javascript:" not in joined
    assert not any(unsafe_for_template_literal(text) for text in texts)
    assert list(stops["naam"]) == [
        "Buurthuis De Brug",
        "Moskee Al-Amal",
        "Café &#96;&#36;{alert(1)}&#96; &#92; De Hoek",
    ]
    assert as_plain(stops.loc[2, "naam"]) == "Café `${alert(1)}` \\ De Hoek"
    assert "<strong>allemaal</strong>" in stops.loc[0, "verhaal"]
    assert '<a href="tel:+31612345678" rel="noopener noreferrer">ons</a>' in stops.loc[0, "verhaal"]
    assert re.search(r"<a rel=\"noopener noreferrer\">hier</a>", stops.loc[1, "verhaal"])


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("https://debrug.example/?a=1&b=2", "https://debrug.example/?a=1&amp;b=2"),
        ("http://debrug.example", "http://debrug.example"),
        ("fotos/brug.jpg", "fotos/brug.jpg"),
    ],
)
def test_good_photo_links_and_local_files_are_kept(tmp_path: Path, value: str, stored: str) -> None:
    path = tmp_path / "plekken.csv"
    path.write_text(f"naam;lat;lon;foto\nDe Brug;52,07;5,09;{value}\n")

    assert read_stops(path).loc[0, "foto"] == stored


@pytest.mark.parametrize(
    "value", ["\x0bjavascript:alert(1)", " JavaScript:alert(1)", "java\tscript:x", "data:x"]
)
def test_disguised_script_links_are_refused(tmp_path: Path, value: str) -> None:
    path = tmp_path / "plekken.csv"
    path.write_text(f'naam;lat;lon;foto\nDe Brug;52,07;5,09;"{value}"\n')

    with pytest.raises(StopsError, match=r"Rij 2, kolom 'foto': '.*' is geen veilige link"):
        read_stops(path)


def test_three_decimals_are_a_decimal_point_not_thousands(tmp_path):
    """`52.001` is a latitude with three decimals, not 52,001 thousand."""
    f = tmp_path / "drie_decimalen.csv"
    f.write_text("naam,lat,lon\nBuurthuis De Brug,52.074,5.089\n", encoding="utf-8")
    stops = read_stops(f)
    assert (stops.geometry.y.iloc[0], stops.geometry.x.iloc[0]) == (52.074, 5.089)
