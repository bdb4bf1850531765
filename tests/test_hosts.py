"""The host's own schedule: every venue of a 3-group plan gets a sheet, a calendar and a message.

The plan is the example event (safari/data/voorbeeld) on the real Kanaleneiland network. The
calendar files are read back with the real `icalendar` parser; the PDF with poppler.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from safari.config import read_event
from safari.export import pdf_available
from safari.hosts import host_visits, visit_uid, write_host_files
from safari.network import walking_graph
from safari.routing import walking_matrix
from safari.stops import read_stops
from safari.tour import plan_event, with_meeting_points

ROOT = Path(__file__).resolve().parent.parent
OSM = ROOT.parent / "shared" / "osm"
KANALENEILAND = OSM / "nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2"
EXAMPLE = ROOT / "safari" / "data" / "voorbeeld" / "safari.toml"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
STAMP = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def event_and_plan(new_cache):
    mp = pytest.MonkeyPatch()
    mp.setenv("SAFARI_CACHE_DIR", str(new_cache("cache")))
    event = read_event(EXAMPLE)
    event.organiser, event.phone, event.participants = "Fatima de Vries", "06-12345678", 17
    stops = with_meeting_points(read_stops(event.stops), event)
    matrix = walking_matrix(walking_graph(KANALENEILAND), stops)
    plan = plan_event(stops, matrix, event, time_limit_s=1.0)  # a plan, not the best one
    mp.undo()
    return event, plan


def test_every_venue_gets_a_sheet_a_calendar_and_a_message(event_and_plan, tmp_path):
    event, plan = event_and_plan
    assert len(plan.groups) == 3
    written = write_host_files(
        plan, tmp_path, event=event, group_sizes=[6, 6, 5], stamp=STAMP, pdf=False
    )
    venues = {v.stop_id for g in plan.groups for v in g.visits if v.depart > v.arrive}
    assert venues == set(host_visits(plan))
    assert {p.name for p in written} == {
        f"{stop}.{suffix}" for stop in venues for suffix in ("html", "ics", "txt")
    }
    assert all(p.parent == tmp_path for p in written)


def test_calendar_has_one_event_per_group_at_the_planned_times(event_and_plan, tmp_path):
    event, plan = event_and_plan
    write_host_files(plan, tmp_path, event=event, group_sizes=[6, 6, 5], stamp=STAMP, pdf=False)
    for stop_id, visits in host_visits(plan).items():
        cal = icalendar.Calendar.from_ical((tmp_path / f"{stop_id}.ics").read_bytes())
        zones = list(cal.walk("VTIMEZONE"))
        assert [str(z["TZID"]) for z in zones] == ["Europe/Amsterdam"]
        items = cal.walk("VEVENT")
        assert len(items) == len(visits) == 3  # rotation: every group comes once
        planned = {
            (v.arrive.replace(tzinfo=AMSTERDAM), v.depart.replace(tzinfo=AMSTERDAM)) for v in visits
        }
        got = set()
        for item in items:
            start, end = item.decoded("DTSTART"), item.decoded("DTEND")
            assert start.tzinfo is not None
            assert start.tzinfo.key == "Europe/Amsterdam"
            assert item["DTSTART"].params["TZID"] == "Europe/Amsterdam"
            got.add((start, end))
            assert item.decoded("DTSTAMP") == STAMP
            assert str(item["ORGANIZER"]) == "tel:0612345678"
            assert item["ORGANIZER"].params["CN"] == "Fatima de Vries"
            assert "06-12345678" in str(item["CONTACT"])
        assert got == planned
        # March: winter time, one hour ahead of UTC.
        first = min(s for s, _ in got)
        assert first.utcoffset() == timedelta(hours=1)


def test_a_new_plan_updates_the_same_calendar_items(event_and_plan, tmp_path):
    """UIDs come from event, stop and group: a re-plan with other times keeps them."""
    event, plan = event_and_plan
    write_host_files(plan, tmp_path / "a", event=event, stamp=STAMP, pdf=False)
    later = dataclasses.replace(
        plan,
        groups=[
            dataclasses.replace(
                g,
                visits=[
                    dataclasses.replace(
                        v,
                        arrive=v.arrive + timedelta(minutes=20),
                        depart=v.depart + timedelta(minutes=20),
                    )
                    for v in g.visits
                ],
            )
            for g in plan.groups
        ],
    )
    write_host_files(later, tmp_path / "b", event=event, stamp=STAMP, pdf=False)
    for stop_id in host_visits(plan):
        a = icalendar.Calendar.from_ical((tmp_path / "a" / f"{stop_id}.ics").read_bytes())
        b = icalendar.Calendar.from_ical((tmp_path / "b" / f"{stop_id}.ics").read_bytes())
        uids_a = sorted(str(e["UID"]) for e in a.walk("VEVENT"))
        uids_b = sorted(str(e["UID"]) for e in b.walk("VEVENT"))
        assert uids_a == uids_b
        assert uids_a == sorted(visit_uid(event.name, stop_id, g) for g in range(3))
        starts_a = sorted(e.decoded("DTSTART") for e in a.walk("VEVENT"))
        starts_b = sorted(e.decoded("DTSTART") for e in b.walk("VEVENT"))
        assert [s + timedelta(minutes=20) for s in starts_a] == starts_b


def test_the_same_plan_gives_the_same_files_byte_for_byte(event_and_plan, tmp_path):
    event, plan = event_and_plan
    first = write_host_files(plan, tmp_path / "1", event=event, stamp=STAMP, pdf=False)
    second = write_host_files(plan, tmp_path / "2", event=event, stamp=STAMP, pdf=False)
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_the_message_says_date_times_people_leader_changeover_and_whom_to_call(
    event_and_plan, tmp_path
):
    event, plan = event_and_plan
    leaders = ["Anouk Jansen", "Emine Yılmaz", None]
    write_host_files(
        plan, tmp_path, event=event, group_sizes=[6, 6, 5], leaders=leaders,
        step_free_groups=[1], stamp=STAMP, pdf=False,
    )  # fmt: skip
    visits = host_visits(plan)["samen-sterk"]
    text = (tmp_path / "samen-sterk.txt").read_text(encoding="utf-8")
    assert text.startswith("Beste gastvrouw of gastheer,\n")
    assert "Op donderdag 12 maart 2026 komen 3 groepen bij Vrouwenvereniging Samen Sterk:" in text
    sizes = {0: 6, 1: 6, 2: 5}
    for v in visits:
        line = f"- {v.group_name}: komt om {v.arrive:%H:%M}, gaat om {v.depart:%H:%M}"
        if v.wait_minutes:  # the group gets there early and waits at the door
            early = v.arrive - timedelta(minutes=v.wait_minutes)
            line += f", is er misschien al om {early:%H:%M} ({v.wait_minutes} min wachten)"
        line += f", {sizes[v.group]} mensen"
        if leaders[v.group]:
            line += f", begeleider {leaders[v.group]}"
        if v.group == 1:
            line += ", heeft misschien een ingang zonder trap nodig"
        assert line + "." in text.splitlines()
    gaps = [
        round((b.arrive - a.depart).total_seconds() / 60) for a, b in itertools.pairwise(visits)
    ]
    assert (
        f"Tussen twee groepen zit minstens 5 minuten. De kortste pauze bij u is {min(gaps)}"
        " minuten." in text
    )
    assert "Zorg voor een ingang zonder trap voor: Groep 2." in text
    assert "Bel Fatima de Vries: 06-12345678." in text
    assert len(text) < 1000  # short enough for a phone message


def test_the_sheet_is_one_a4_page(event_and_plan, tmp_path):
    if not pdf_available() or shutil.which("pdfinfo") is None:
        pytest.fail("WeasyPrint and poppler-utils (pdfinfo) are part of the test setup")
    event, plan = event_and_plan
    written = write_host_files(plan, tmp_path, event=event, group_sizes=[6, 6, 5], stamp=STAMP)
    pdfs = [p for p in written if p.suffix == ".pdf"]
    assert len(pdfs) == len(host_visits(plan))
    info = subprocess.run(
        ["pdfinfo", str(pdfs[0])], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE)
    assert "(A4)" in info
    start = (tmp_path / "buurthuis-de-brug.txt").read_text(encoding="utf-8")
    assert "Hier beginnen de groepen samen." in start
    for group in plan.groups:  # a round trip: each group comes back to the start
        assert f"{group.name} komt om {group.visits[-1].arrive:%H:%M} terug." in start
    page = (tmp_path / "samen-sterk.html").read_text(encoding="utf-8")
    assert "Bezoek van de wijksafari bij Vrouwenvereniging Samen Sterk" in page
    assert "donderdag 12 maart 2026" in page
    assert "Bel Fatima de Vries: 06-12345678." in page


def test_an_unchanged_sheet_is_not_rendered_again(event_and_plan, tmp_path, monkeypatch):
    event, plan = event_and_plan
    first = write_host_files(plan, tmp_path, event=event, stamp=STAMP)
    pdf = next(p for p in first if p.suffix == ".pdf")
    before = pdf.stat().st_mtime_ns
    write_host_files(plan, tmp_path, event=event, stamp=STAMP)
    assert pdf.stat().st_mtime_ns == before
    write_host_files(plan, tmp_path, event=event, stamp=STAMP, force=True)
    assert pdf.stat().st_mtime_ns != before
    # written into a fresh folder (the output writer stages a folder, then moves it)
    import safari.export

    rendered = []
    real = safari.export.html_to_pdf
    monkeypatch.setattr(safari.export, "html_to_pdf", lambda page: rendered.append(1) or real(page))
    staged = tmp_path / "nieuw"
    again = write_host_files(plan, staged, event=event, stamp=STAMP, previous=tmp_path)
    assert rendered == []  # every PDF copied from the last run
    assert [p.read_bytes() for p in again] == [(tmp_path / p.name).read_bytes() for p in again]
    (tmp_path / "samen-sterk.pdf").unlink()
    write_host_files(plan, tmp_path / "derde", event=event, stamp=STAMP, previous=tmp_path)
    assert rendered == [1]  # only the one that was missing


def test_without_the_event_the_plan_alone_is_enough(event_and_plan, tmp_path):
    """As the output writer may call it: ``write_host_files(plan, folder)``."""
    _, plan = event_and_plan
    written = write_host_files(plan, tmp_path, pdf=False)
    assert {p.suffix for p in written} == {".html", ".ics", ".txt"}
    text = (tmp_path / "samen-sterk.txt").read_text(encoding="utf-8")
    assert "De kortste pauze tussen twee groepen bij u is" in text
    assert "Neem contact op met de organisatie van de safari." in text
    cal = icalendar.Calendar.from_ical((tmp_path / "samen-sterk.ics").read_bytes())
    assert len(cal.walk("VEVENT")) == 3
    assert all("ORGANIZER" not in item for item in cal.walk("VEVENT"))


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("nl", ["1 groep", "2 groepen", "5 groepen"]),
        # one, the dual, 3 to 10 (the number isolated, so it reads right in right-to-left)
        ("ar", ["مجموعة واحدة", "مجموعتان", "\u20685\u2069 مجموعات"]),
        ("tr", ["1 grup", "2 grup", "5 grup"]),
    ],
)
def test_the_number_of_groups_is_said_with_each_languages_own_plural(lang, said):
    from safari.hosts import _groups_text
    from safari.i18n import use_language

    with use_language(lang):
        assert [_groups_text(n) for n in (1, 2, 5)] == said
