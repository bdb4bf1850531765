"""Follow-up that lasts (issue 15): after the walk the organiser writes down who keeps in
touch with each organisation, the next meeting and the agreements; safari keeps that with
the catalogue, reminds of organisations nobody followed up, and writes an overview with a
calendar file per meeting. Real command line, real files, real iCalendar parser.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import icalendar
import pytest
from typer.testing import CliRunner

from safari import cli
from safari.followup import due, followup_path, load_followups

if TYPE_CHECKING:
    from pathlib import Path

runner = CliRunner()

STOPS = (
    "naam;lat;lon;soort;toestemming;contactpersoon;telefoon\n"
    "Moskee Al-Amal;52,0768;5,0911;gebedshuis;ja;Yusuf Demir;+31 6 8765 4321\n"
    "Buurthuis De Brug;52,0740;5,0935;buurthuis;ja;Anja de Vries;+31 30 111 2222\n"
    "Surinaamse Vereniging Sranang;52,0755;5,0950;migrantenorganisatie;ja;Ravi Ramdin;\n"
)
# 1 December 2026, 09:00 UTC: the day of the safari
WALK_DAY = 1796115600


@pytest.fixture(autouse=True)
def _in_a_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SAFARI_LANG", "nl")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("SAFARI_ORGANISER", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(WALK_DAY))
    monkeypatch.chdir(tmp_path)


def run(*args: object, ok: bool = True):
    result = runner.invoke(cli.app, [str(a) for a in args], catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    (tmp_path / "stops.csv").write_text(STOPS, encoding="utf-8")
    run("stops", "import", "stops.csv")
    run("stops", "approve", "moskee", "buurthuis", "surinaamse", "--by", "Els")
    return tmp_path / "catalogus.geojson"


def folder_text(folder: Path) -> str:
    """Every file safari wrote in the folder (the organiser's own stops.csv is only read)."""
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in folder.rglob("*")
        if p.is_file() and p.name != "stops.csv"
    )


def test_the_organiser_records_contact_meeting_and_agreements_with_history(
    catalogue: Path,
) -> None:
    result = run(
        "stops", "followup", "moskee", "--contact", "Sanne Bakker (wijkregisseur)",
        "--next", "2027-01-15T10:00", "--agreement", "Iftar-avond samen organiseren",
        "--agreement", "Jongerenwerker komt kennismaken", "--by", "Els",
    )  # fmt: skip
    assert result.stdout.splitlines() == ["Opvolging bijgewerkt: moskee-al-amal (Moskee Al-Amal)"]

    run("stops", "followup", "moskee", "--next", "15-01-2027 11:30", "--by", "Karim")

    record = load_followups(catalogue)["moskee-al-amal"]
    assert record["contact"] == "Sanne Bakker (wijkregisseur)"
    assert record["volgende"] == "2027-01-15T11:30"
    assert [a["tekst"] for a in record["afspraken"]] == [
        "Iftar-avond samen organiseren",
        "Jongerenwerker komt kennismaken",
    ]
    assert [(e["door"], e["velden"]) for e in record["geschiedenis"]] == [
        ("Els", ["contact", "volgende", "afspraken"]),
        ("Karim", ["volgende"]),
    ]
    # The history says what changed, never the old value: 10:00 is gone from the file.
    text = followup_path(catalogue).read_text(encoding="utf-8")
    assert "10:00" not in text
    # Kept beside the catalogue, never inside it: the catalogue is also a stops file.
    assert followup_path(catalogue).name == "catalogus.opvolging.json"
    assert "Sanne Bakker" not in catalogue.read_text(encoding="utf-8")
    assert oct(followup_path(catalogue).stat().st_mode & 0o777) == "0o600"


@pytest.mark.usefixtures("catalogue")
def test_overview_page_csv_and_one_calendar_file_per_meeting(tmp_path: Path) -> None:
    run("stops", "followup", "moskee", "--contact", "Sanne Bakker", "--next",
        "2027-01-15T10:00", "--agreement", "Iftar-avond samen organiseren")  # fmt: skip
    run("stops", "followup", "buurthuis", "--contact", "Joost Vermeer",
        "--agreement", '=HYPERLINK("x") staat in de notulen')  # fmt: skip

    result = run("stops", "followup", "--output", "uit")

    out = tmp_path / "uit" / "organisatie"
    assert sorted(p.name for p in out.iterdir()) == [
        "opvolging-moskee-al-amal.ics",
        "opvolging.csv",
        "opvolging.html",
    ]
    assert "uit/organisatie/opvolging.html" in result.stdout
    calendar = icalendar.Calendar.from_ical((out / "opvolging-moskee-al-amal.ics").read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == datetime(
        2027, 1, 15, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam")
    )
    assert event.decoded("dtend").hour == 11
    assert str(event["summary"]) == "Vervolggesprek: Moskee Al-Amal"
    assert str(event["description"]) == (
        "Contactpersoon bij de gemeente: Sanne Bakker\nAfspraken:\n- Iftar-avond samen organiseren"
    )
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Europe/Amsterdam"

    with (out / "opvolging.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert [(r["naam"], r["contact_gemeente"], r["volgende_afspraak"]) for r in rows] == [
        ("Moskee Al-Amal", "Sanne Bakker", "2027-01-15 10:00"),
        ("Buurthuis De Brug", "Joost Vermeer", ""),
        ("Surinaamse Vereniging Sranang", "", ""),
    ]
    assert rows[1]["afspraken"] == '\'=HYPERLINK("x") staat in de notulen'  # never a formula

    page = (out / "opvolging.html").read_text(encoding="utf-8")
    assert "vrijdag 15 januari 2027 om 10:00" in page
    assert "<li>Iftar-avond samen organiseren</li>" in page
    assert (
        page.count("nog niet") == 4
    )  # Sranang: no one, no meeting, no agreement; De Brug: no meeting


def test_reminder_list_names_who_had_no_follow_up_for_six_weeks(
    catalogue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("stops", "followup", "moskee", "--next", "2027-03-01T19:00")
    run("stops", "followup", "buurthuis", "--contact", "Joost Vermeer")
    # Four weeks later nobody is due yet.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(WALK_DAY + 28 * 86400))
    assert run("stops", "followup", "--due", "--weeks", "6").stdout.splitlines() == [
        "Alle organisaties hadden opvolging in de laatste 6 weken, of hebben een afspraak."
    ]
    # Eight weeks later: the mosque has a meeting to come; De Brug and Sranang are due.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(WALK_DAY + 56 * 86400))
    assert run("stops", "followup", "--due", "--weeks", "6").stdout.splitlines() == [
        "buurthuis-de-brug (Buurthuis De Brug): 8 weken geen opvolging en geen nieuwe afspraak.",
        (
            "surinaamse-vereniging-sranang (Surinaamse Vereniging Sranang): nog nooit opvolging,"
            " 8 weken na de goedkeuring."
        ),
    ]
    # After the mosque's meeting has passed, six weeks later it is due too.
    later = datetime(2027, 4, 20, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))
    assert [d.id for d in due(catalogue, weeks=6, now=later)] == [
        "buurthuis-de-brug",
        "surinaamse-vereniging-sranang",
        "moskee-al-amal",
    ]


def test_deleting_a_stop_or_its_follow_up_leaves_no_value_in_the_folder(
    catalogue: Path, tmp_path: Path
) -> None:
    run("stops", "followup", "moskee", "--contact", "Sanne Bakker", "--next",
        "2027-01-15T10:00", "--agreement", "Iftar-avond samen organiseren")  # fmt: skip
    run("stops", "followup", "buurthuis", "--contact", "Joost Vermeer",
        "--agreement", "Kookavond in maart")  # fmt: skip
    run("stops", "followup", "--output", "uit")
    assert "Sanne Bakker" in folder_text(tmp_path)

    # The follow-up alone: the stop stays.
    result = run("stops", "followup", "buurthuis", "--delete")
    assert result.stdout.splitlines() == ["Opvolging verwijderd: buurthuis"]
    # The whole stop: its follow-up goes with it.
    run("stops", "delete", "moskee")
    run("stops", "followup", "--output", "uit")  # the overview written again

    text = folder_text(tmp_path)
    for value in ["Sanne Bakker", "Iftar-avond", "Joost Vermeer", "Kookavond", "2027-01-15",
                  "moskee-al-amal", "Moskee Al-Amal"]:  # fmt: skip
        assert value not in text, value
    assert not followup_path(catalogue).exists()  # no record left: no file
    assert not list((tmp_path / "uit" / "organisatie").glob("*.ics"))
    assert "Buurthuis De Brug" in text  # the stop itself stays


def test_anonymising_a_stop_removes_names_and_agreements_keeps_the_meeting(
    catalogue: Path,
) -> None:
    run("stops", "followup", "moskee", "--contact", "Sanne Bakker", "--next",
        "2027-01-15T10:00", "--agreement", "Bel Yusuf Demir voor de open dag")  # fmt: skip

    run("stops", "anonymise", "moskee", "--by", "Els")

    text = followup_path(catalogue).read_text(encoding="utf-8")
    assert "Sanne Bakker" not in text
    assert "Yusuf Demir" not in text
    record = json.loads(text)["stops"]["moskee-al-amal"]
    assert record["volgende"] == "2027-01-15T10:00"
    assert record["geschiedenis"][-1]["actie"] == "geanonimiseerd"


def test_mistakes_get_a_dutch_message_and_change_nothing(catalogue: Path) -> None:
    bad = run("stops", "followup", "moskee", "--next", "morgen om tien", ok=False)
    assert bad.exit_code == 1
    assert bad.stderr.strip() == (
        "Fout: De afspraak 'morgen om tien' is geen datum met tijd. Schrijf bijvoorbeeld"
        " 2027-01-15T10:00 of 15-01-2027 10:00."
    )
    unknown = run("stops", "followup", "kerk", "--contact", "Sanne", ok=False)
    assert unknown.exit_code == 1
    assert "kerk" in unknown.stderr
    nothing = run("stops", "followup", ok=False)
    assert "Geef een stop met --contact" in nothing.stderr
    assert not followup_path(catalogue).exists()
    followup_path(catalogue).write_text("[1, 2]", encoding="utf-8")
    broken = run("stops", "followup", "moskee", "--contact", "Sanne", ok=False)
    assert "catalogus.opvolging.json is geen opvolgingsbestand van safari" in broken.stderr
    assert followup_path(catalogue).read_text(encoding="utf-8") == "[1, 2]"
