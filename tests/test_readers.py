"""The other formats people have: Excel, KML (Google My Maps, uMap), GeoPackage, addresses."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import geopandas as gpd
import openpyxl
import pytest
from pdok_replay import pdok, replaying  # noqa: F401  (pdok is a fixture)
from shapely.geometry import Point

from safari._errors import StopsError
from safari.schema import PUBLIC_COLUMNS, is_public_column
from safari.stops import read_stops
from safari.template import TEMPLATE_COLUMNS, header, write_template

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFARI_LANG", "nl")
    monkeypatch.setenv("SAFARI_PDOK_URL", "http://127.0.0.1:9")  # nothing listens there


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the template ----------------------------------------------------------------------------


def test_the_template_has_dutch_headers_lists_and_an_explanation(tmp_path: Path) -> None:
    xlsx, csv = write_template(tmp_path)

    book = openpyxl.load_workbook(xlsx)
    sheet = book["Stops"]
    assert [c.value for c in sheet[1]] == [header(c) for c in TEMPLATE_COLUMNS]
    assert sheet.max_row == 2  # one example row
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    column = {
        name: openpyxl.utils.get_column_letter(i + 1) for i, name in enumerate(TEMPLATE_COLUMNS)
    }
    assert lists[f"{column['soort']}2:{column['soort']}500"].startswith('"migrantenorganisatie,')
    assert lists[f"{column['rolstoel']}2:{column['rolstoel']}500"] == '"ja,beperkt,nee"'
    assert lists[f"{column['toestemming']}2:{column['toestemming']}500"] == '"ja,nee"'
    guide = book["Uitleg"]
    text = "\n".join(str(c.value) for row in guide.iter_rows() for c in row if c.value)
    assert "Elke rij is één plek" in text
    assert "alleen voor de organisator" in text.lower()
    # The phone number is text, shown as typed, never a formula.
    phone = sheet.cell(row=2, column=TEMPLATE_COLUMNS.index("telefoon") + 1)
    assert phone.value == "+31 30 123 4567"
    assert phone.data_type == "s"
    assert csv.read_bytes().startswith(b"\xef\xbb\xbfnaam;soort;adres;lat;lon")


@pytest.mark.parametrize("name", ["stops-sjabloon.xlsx", "stops-sjabloon.csv"])
def test_the_filled_in_template_is_read_as_it_is(tmp_path: Path, name: str) -> None:
    write_template(tmp_path)

    stops = read_stops(tmp_path / name)

    assert len(stops) == 1
    row = stops.iloc[0]
    assert row["soort"] == "buurthuis"
    assert row["rolstoel"] == "yes"
    assert bool(row["toestemming"]) is True
    assert row["telefoon"] == "+31 30 123 4567"
    assert row["bezoekduur"] == 20.0
    assert row.geometry.y == pytest.approx(52.0743)


# --- Excel -----------------------------------------------------------------------------------


def test_an_excel_workbook_with_numbers_and_an_explanation_sheet(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Uitleg"
    book.active.append(["Lees dit eerst"])
    sheet = book.create_sheet("Plekken")
    sheet.append(["Naam", "Latitude", "Longitude", "Visit minutes", "Toestemming", "Telefoon"])
    sheet.append(["Café De Ontmoeting", 52.074, 5.0935, 20, True, "'+31 20 123 4567"])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["Bakkerij Gül", 52.0712, 5.0968, 15.5, "nee", None])
    path = tmp_path / "plekken.xlsx"
    book.save(path)
    before = sha256(path)

    stops = read_stops(path)

    assert list(stops["naam"]) == ["Café De Ontmoeting", "Bakkerij Gül"]
    assert list(stops["bron_rij"]) == [2, 4]  # the rows Excel shows
    assert list(stops["bezoekduur"]) == [20.0, 15.5]
    assert list(stops["toestemming"]) == [True, False]
    assert stops.loc[0, "telefoon"] == "+31 20 123 4567"  # the guard apostrophe is taken off
    assert sha256(path) == before


def test_a_broken_excel_cell_names_row_and_column(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["naam", "lat", "lon"])
    book.active.append(["De Brug", "#REF!", 5.09])
    path = tmp_path / "kapot.xlsx"
    book.save(path)

    with pytest.raises(StopsError, match=r"Rij 2, kolom 'lat': '#REF!' is geen getal"):
        read_stops(path)


# --- KML -------------------------------------------------------------------------------------


def test_google_my_maps_kml_with_extended_data_and_cdata() -> None:
    stops = read_stops(DATA / "stops_google_my_maps.kml")

    assert list(stops["naam"]) == ["Somalische Ouders Utrecht", "Moskee Al-Amal"]
    first = stops.iloc[0]
    assert first["soort"] == "migrantenorganisatie"
    assert first["bezoekduur"] == 25.0
    assert first["telefoon"] == "+31 30 123 4567"
    assert first["kaartlaag"] == "Migrantenorganisaties"
    assert "<strong>" not in first["verhaal"]
    assert "koffie" in first["verhaal"]
    assert "<script" not in first["verhaal"]
    assert "alert" not in first["verhaal"]
    assert '<img src="https://mymaps.usercontent.google.com/foto.jpg">' in first["verhaal"]
    assert first.geometry.coords[0] == (5.0968, 52.0712)
    assert stops.iloc[1]["kaartlaag"] == "Gebedshuizen"


def test_umap_kml_extended_data_wins_and_points_may_be_in_the_data() -> None:
    stops = read_stops(DATA / "stops_umap_export.kml")

    assert list(stops["naam"]) == ["Buurthuis De Brug", "Buurtmoestuin"]
    assert stops.iloc[0]["rolstoel"] == "yes"
    assert stops.iloc[0]["verhaal"] == "Welkom bij De Brug."
    assert stops.iloc[1].geometry.coords[0] == (5.1004, 52.0686)


# --- GeoPackage ------------------------------------------------------------------------------


def test_a_geopackage_from_qgis_in_rd_new(tmp_path: Path) -> None:
    layer = gpd.GeoDataFrame(
        {"naam": ["Buurthuis De Brug", "Moskee Al-Amal"], "capaciteit": [15, 8]},
        geometry=[Point(5.0935, 52.074), Point(5.0911, 52.0768)],
        crs=4326,
    ).to_crs(28992)
    path = tmp_path / "plekken.gpkg"
    layer.to_file(path, driver="GPKG", layer="stops")

    stops = read_stops(path)

    assert list(stops["naam"]) == ["Buurthuis De Brug", "Moskee Al-Amal"]
    assert list(stops["capaciteit"]) == [15.0, 8.0]
    assert stops.geometry.x.tolist() == pytest.approx([5.0935, 5.0911], abs=1e-6)
    assert list(stops["bron_rij"]) == [1, 2]


# --- addresses (PDOK Locatieserver, recorded answers) ---------------------------------------


def test_an_address_is_looked_up_at_pdok_and_cached(tmp_path: Path, pdok) -> None:  # noqa: F811  fixture
    path = tmp_path / "adressen.csv"
    path.write_text(
        "naam;adres;lat;lon\n"
        "Buurthuis De Brug;Marco Pololaan 1, Utrecht;;\n"
        "Buurtmoestuin;Aziëlaan 1, Utrecht;;\n"
        "Moskee Al-Amal;;52,0768;5,0911\n"
    )

    stops = read_stops(path)

    assert stops.geometry.y.tolist() == pytest.approx([52.07441, 52.06862, 52.0768])
    assert sorted(pdok.asked) == ["Aziëlaan 1, Utrecht", "Marco Pololaan 1, Utrecht"]
    assert (
        "Rij 2: het adres 'Marco Pololaan 1, Utrecht' is opgezocht als "
        "'Marco Pololaan 1, 3526GA Utrecht'." in stops.attrs["warnings"][0]
    )
    pdok.stop()  # the answers now come from the cache
    again = read_stops(path)
    assert again.geometry.y.tolist() == stops.geometry.y.tolist()


def test_an_unknown_address_names_row_and_column(tmp_path: Path, pdok) -> None:  # noqa: F811  fixture
    path = tmp_path / "adressen.csv"
    path.write_text("naam;adres\nDe Brug;Nergensstraat 999, Nergenshuizen\n")

    with pytest.raises(StopsError) as caught:
        read_stops(path)

    assert (
        "Rij 2, kolom 'adres': het adres 'Nergensstraat 999, Nergenshuizen' is niet gevonden."
        in str(caught.value)
    )


def test_without_internet_the_address_problem_says_so(tmp_path: Path) -> None:
    path = tmp_path / "adressen.csv"
    path.write_text("naam;adres\nDe Brug;Marco Pololaan 1, Utrecht\n")

    with pytest.raises(StopsError) as caught:
        read_stops(path)

    message = str(caught.value)
    assert "De adressen in rij 2 konden niet worden opgezocht" in message
    assert "PDOK is niet bereikbaar" in message
    assert len(caught.value.problems) == 1


# --- consent, photos and privacy --------------------------------------------------------------


def test_a_photo_from_the_form_is_kept_and_a_too_big_one_is_refused(tmp_path: Path) -> None:
    small = "data:image/jpeg;base64," + base64.b64encode(b"\xff\xd8" + b"x" * 1000).decode()
    big = "data:image/jpeg;base64," + base64.b64encode(b"x" * 300_000).decode()
    for photo, ok in ((small, True), (big, False)):
        path = tmp_path / "stop.geojson"
        feature = {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [5.09, 52.07]},
            "properties": {"naam": "De Brug", "foto": photo},
        }
        path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
        if ok:
            assert read_stops(path).loc[0, "foto"] == small
        else:
            with pytest.raises(StopsError, match="de foto is 300 kB"):
                read_stops(path)


def test_the_public_whitelist_keeps_stories_and_drops_contact_and_consent_columns(
    tmp_path: Path,
) -> None:
    path = tmp_path / "inzendingen.csv"
    path.write_text(
        "naam;lat;lon;verhaal;verhaal_ar;telefoon;email;contactpersoon;ingediend_door;"
        "toestemming;status;notitie\n"
        "De Brug;52,07;5,09;Welkom;أهلا;+31 6 1234 5678;a@b.example;Fatima;Stichting;ja;"
        "goedgekeurd;sleutel bij buren\n"
        "Moskee;52,071;5,091;Open dag;;+31 6 8765 4321;c@d.example;Yusuf;Moskee;nee;"
        "goedgekeurd;\n"
        "Nour;52,072;5,092;;;;;;;ja;ingediend;\n"
    )

    stops = read_stops(path, only_approved=False)
    public = stops[[c for c in stops.columns if is_public_column(str(c))]]

    assert set(public.columns) <= {*PUBLIC_COLUMNS, "verhaal_ar", "geometry"}
    assert "verhaal_ar" in public.columns
    for secret in ("+31 6 1234 5678", "a@b.example", "Fatima", "Stichting", "sleutel"):
        assert secret not in public.to_json()
    assert not is_public_column("telefoon")
    assert not is_public_column("toestemming")
    assert list(stops["toestemming"]) == [True, False, True]  # the organiser sees all


def test_a_file_without_a_consent_column_is_the_organisers_own_list() -> None:
    stops = read_stops(DATA / "stops_english_columns.csv")

    assert stops["toestemming"].all()
    assert stops.attrs["consent_column"] is False
    assert "Notes" in stops.columns
    assert not is_public_column("Notes")  # unknown columns are never public


def test_the_address_replay_server_is_local() -> None:
    with replaying() as server:
        assert server.url.startswith("http://127.0.0.1:")
