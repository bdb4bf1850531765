"""The host's own schedule, per venue: a one-page sheet, a calendar file and a message.

For every venue a group visits (not the meeting points), three files for
``gastheren/`` (not public: it names the group leaders):

- ``<stop>.html`` (and ``<stop>.pdf`` when WeasyPrint is there): one A4 page;
- ``<stop>.ics``: iCalendar, one event per group visit, in Europe/Amsterdam time with
  its VTIMEZONE, the organiser as ORGANIZER and CONTACT. The UID of each event comes
  from the event's name, the stop and the group, so a new plan updates the same
  calendar items; DTSTAMP is the time the plan was made, so the same plan gives the
  same file, byte for byte;
- ``<stop>.txt``: a short message in plain text for WhatsApp, SMS or e-mail.

Each says the date; per group the arrival and departure, how many people, the group
leader (when known) and whether the group may need step-free access; the time between
two groups; and whom to call. In plain Dutch (B1).
"""

from __future__ import annotations

import hashlib
import itertools
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from safari.i18n import date_text, t
from safari.sanitise import tel_link

if TYPE_CHECKING:
    import os
    from collections.abc import Mapping, Sequence

    from safari.config import Event
    from safari.people import Grouping
    from safari.plan import Plan

__all__ = ["HostVisit", "host_visits", "write_host_files"]

TIMEZONE = "Europe/Amsterdam"


@dataclass(frozen=True)
class HostVisit:
    """One group's visit at a venue, as the host needs to know it."""

    group: int
    group_name: str
    arrive: datetime
    depart: datetime
    people: int | None
    leader: str | None
    step_free: bool
    #: When the group comes back here at the end (the start of a round trip).
    back: datetime | None = None
    #: Minutes the group may be at the door before its visit starts.
    wait_minutes: int = 0


def host_visits(
    plan: Plan,
    *,
    group_sizes: Sequence[int] | None = None,
    leaders: Sequence[str | None] | None = None,
    step_free_groups: Sequence[int] | None = None,
) -> dict[str, list[HostVisit]]:
    """Per venue (stop id) the group visits there, in time order.

    A return to the start (no visit) is not a visit. Meeting points are left out.
    ``step_free_groups``: the groups that may need step-free access; None (not
    known): every group of a step-free plan.
    """
    skip = plan.meeting_points
    out: dict[str, list[HostVisit]] = {}
    for g, group in enumerate(plan.groups):
        for pos, visit in enumerate(group.visits):
            if visit.stop_id in skip or visit.depart <= visit.arrive:
                continue
            back = next(
                (w.arrive for w in group.visits[pos + 1 :]
                 if w.stop_id == visit.stop_id and w.depart <= w.arrive),
                None,
            )  # fmt: skip
            out.setdefault(visit.stop_id, []).append(
                HostVisit(
                    group=g,
                    group_name=group.name,
                    arrive=visit.arrive,
                    depart=visit.depart,
                    people=group_sizes[g] if group_sizes and g < len(group_sizes) else None,
                    leader=(leaders[g] or None) if leaders and g < len(leaders) else None,
                    step_free=(
                        plan.step_free if step_free_groups is None else g in step_free_groups
                    ),
                    back=back,
                    wait_minutes=visit.wait_minutes,
                )
            )
    for visits in out.values():
        visits.sort(key=lambda v: (v.arrive, v.group))
    return out


def write_host_files(
    plan: Plan,
    folder: str | os.PathLike[str],
    *,
    event: Event | None = None,
    grouping: Grouping | None = None,
    group_sizes: Sequence[int] | None = None,
    leaders: Sequence[str | None] | None = None,
    step_free_groups: Sequence[int] | None = None,
    stamp: datetime | None = None,
    pdf: bool = True,
    force: bool = False,
    previous: str | os.PathLike[str] | None = None,
) -> list[Path]:
    """Write every venue's schedule: HTML (+ PDF), ``.ics`` and a text message.

    Parameters
    ----------
    plan
        The planned safari.
    folder
        The hosts' folder (``gastheren/``); created when missing.
    event
        The event: its name, the organiser's name and phone, the changeover time, and
        ``deelnemers`` (the group sizes when there is no list). Without it: the plan's
        title, no contact, and only the shortest break between the groups.
    grouping
        The groups formed from the participants list: their sizes, leaders and who
        needs step-free access (instead of the three options below).
    group_sizes
        People per group (default from ``grouping`` or ``event.participants``).
    leaders
        Per group the leader's name, or None.
    step_free_groups
        Indices of groups with someone who needs step-free access; default from
        ``grouping``, else (not known) every group of a step-free plan.
    stamp
        When the plan was made (the calendar's DTSTAMP); default the plan's day at
        midnight UTC, so the same plan gives the same files.
    pdf
        Also write the PDF sheet (when WeasyPrint can be loaded).
    force
        Write every file, also when it did not change.
    previous
        The hosts' folder of the last run, when ``folder`` is a new (staged) one: an
        unchanged PDF is copied from there, not rendered again (`safari.keep`).

    Returns
    -------
    list of Path
        The written (or unchanged) files, per venue in the plan's stop order.
    """
    from safari.config import Event
    from safari.keep import digest, write_if_changed

    if event is None:
        source = plan.stops.attrs.get("source") or "."
        event = Event(stops=Path(source), name=plan.title or t("map.title"))
        event.changeover_minutes = math.nan  # not known
    if grouping is not None:
        group_sizes = group_sizes or grouping.sizes
        leaders = leaders or grouping.leaders
        if step_free_groups is None:
            step_free_groups = grouping.step_free_groups
    elif group_sizes is None and event.participants:
        from safari.people import group_sizes as split

        group_sizes = split(event.participants, len(plan.groups))
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    today = date.today()  # noqa: DTZ011  the organiser's own day
    day = plan.day or (plan.groups[0].visits[0].arrive.date() if plan.groups else today)
    when = stamp or datetime.combine(day, time(0, 0), tzinfo=UTC)
    per_venue = host_visits(
        plan, group_sizes=group_sizes, leaders=leaders, step_free_groups=step_free_groups
    )
    do_pdf = pdf and _pdf_available()
    written: list[Path] = []
    order = [str(i) for i in plan.stops["id"] if str(i) in per_venue]
    for stop_id in order:
        visits = per_venue[stop_id]
        stop = plan.stop(stop_id)
        stem = _file_stem(stop_id)
        page = sheet_html(plan, stop, visits, event=event, day=day)
        files = {
            f"{stem}.html": page.encode("utf-8"),
            f"{stem}.ics": calendar_bytes(plan, stop, visits, event=event, stamp=when),
            f"{stem}.txt": message_text(plan, stop, visits, event=event, day=day).encode("utf-8"),
        }
        for name, data in files.items():
            key = digest(hashlib.sha256(data).hexdigest())
            written.append(
                write_if_changed(
                    target / name, key, partial(bytes, data), force=force, previous=previous
                )
            )
        if do_pdf:
            from safari.export import html_to_pdf

            key = digest("pdf", hashlib.sha256(files[f"{stem}.html"]).hexdigest())
            written.append(
                write_if_changed(
                    target / f"{stem}.pdf",
                    key,
                    partial(html_to_pdf, page),
                    force=force,
                    previous=previous,
                )
            )
    return written


# --- the three texts ------------------------------------------------------------------------


def sheet_html(
    plan: Plan, stop: Mapping[str, Any], visits: Sequence[HostVisit], *, event: Event, day: date
) -> str:
    """The host's one-page schedule as HTML (A4 print stylesheet)."""
    import jinja2

    from safari.export import _template_markup
    from safari.settings import language

    env = jinja2.Environment(loader=jinja2.PackageLoader("safari", "templates"), autoescape=True)
    name = _text(stop.get("naam"))
    rows = [
        {
            "group": v.group_name,
            "arrive": f"{v.arrive:%H:%M}",
            "early": (
                t(
                    "host.line_early",
                    time=f"{v.arrive - timedelta(minutes=v.wait_minutes):%H:%M}",
                    minutes=v.wait_minutes,
                )
                if v.wait_minutes
                else ""
            ),
            "depart": f"{v.depart:%H:%M}",
            "people": "" if v.people is None else str(v.people),
            "leader": v.leader or "",
            "step_free": t("host.step_free_yes") if v.step_free else "",
        }
        for v in visits
    ]
    return env.get_template("host.html").render(
        lang=language(),
        heading=t("host.heading", venue=name),
        intro=t(
            "host.intro",
            title=_title(plan, event),
            day=date_text(day, weekday=True),
            groups=_groups_text(len(visits)),
        ),
        rows=rows,
        notes=_notes(visits, event=event),
        prompts=_prompts(stop),  # issue 15: what visitors were asked to ask and to know
        contact=_contact(event),
        texts={
            "group": t("host.col_group"),
            "arrive": t("host.col_arrive"),
            "depart": t("host.col_depart"),
            "people": t("host.col_people"),
            "leader": t("host.col_leader"),
            "step_free": t("host.col_step_free"),
            "questions": t("host.questions"),
            "private": t("host.private"),
            "prompts": t("contact.host_prompts_title"),
        },
        css=_template_markup("host.css"),
    )


def message_text(
    plan: Plan, stop: Mapping[str, Any], visits: Sequence[HostVisit], *, event: Event, day: date
) -> str:
    """A short message for WhatsApp, SMS or e-mail (plain text, one line per group)."""
    person = _text(stop.get("contactpersoon"))
    lines = [
        t("host.msg_hello", name=person) if person else t("host.msg_hello_anyone"),
        "",
        t(
            "host.msg_intro",
            title=_title(plan, event),
            day=date_text(day, weekday=True),
            venue=_text(stop.get("naam")),
            groups=_groups_text(len(visits)),
        ),
    ]
    lines.extend(f"- {_visit_line(v)}" for v in visits)
    lines += ["", *_notes(visits, event=event), _contact(event), "", t("host.msg_thanks")]
    return "\n".join(lines).rstrip() + "\n"


def calendar_bytes(
    plan: Plan,
    stop: Mapping[str, Any],
    visits: Sequence[HostVisit],
    *,
    event: Event,
    stamp: datetime,
) -> bytes:
    """The venue's visits as iCalendar (RFC 5545), one VEVENT per group visit."""
    import icalendar

    zone = ZoneInfo(TIMEZONE)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//safari//wijksafari//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    venue = _text(stop.get("naam"))
    cal.add("x-wr-calname", t("host.calendar_name", title=_title(plan, event), venue=venue))
    first = min(v.arrive for v in visits).date()
    cal.add_component(
        icalendar.Timezone.from_tzid(
            TIMEZONE, first_date=first - timedelta(days=1), last_date=first + timedelta(days=1)
        )
    )
    organiser = _text(event.organiser)
    phone = _text(event.phone)
    for v in visits:
        item = icalendar.Event()
        item.add("uid", visit_uid(event.name, str(stop["id"]), v.group))
        item.add("dtstamp", stamp.astimezone(UTC))
        item.add("dtstart", v.arrive.replace(tzinfo=zone))
        item.add("dtend", v.depart.replace(tzinfo=zone))
        item.add(
            "summary", t("host.calendar_summary", group=v.group_name, title=_title(plan, event))
        )
        item.add("location", venue)
        item.add("description", _visit_line(v) + "\n" + _contact(event))
        lat, lon = _point(stop)
        if lat is not None and lon is not None:
            item.add("geo", (lat, lon))
        if organiser or phone:
            address = tel_link(phone) or "invalid:nomail"
            contact = icalendar.vCalAddress(address)
            if organiser:
                contact.params["cn"] = icalendar.vText(organiser)
            item.add("organizer", contact)
            item.add("contact", ", ".join(x for x in (organiser, phone) if x))
        item.add("transp", "OPAQUE")
        cal.add_component(item)
    return bytes(cal.to_ical())


def visit_uid(event_name: str, stop_id: str, group: int) -> str:
    """A calendar item's UID, the same for the same event, stop and group in every plan."""
    key = hashlib.sha256(f"{event_name}\x1f{stop_id}\x1f{group}".encode()).hexdigest()[:32]
    return f"{key}@safari"


# --- helpers ---------------------------------------------------------------------------------


def _visit_line(v: HostVisit) -> str:
    parts = [t("host.line_time", group=v.group_name, arrive=f"{v.arrive:%H:%M}",
               depart=f"{v.depart:%H:%M}")]  # fmt: skip
    if v.wait_minutes:
        early = v.arrive - timedelta(minutes=v.wait_minutes)
        parts.append(t("host.line_early", time=f"{early:%H:%M}", minutes=v.wait_minutes))
    if v.people is not None:
        parts.append(t("host.line_people", people=v.people))
    if v.leader:
        parts.append(t("host.line_leader", leader=v.leader))
    if v.step_free:
        parts.append(t("host.line_step_free"))
    return ", ".join(parts) + "."


def _notes(visits: Sequence[HostVisit], *, event: Event) -> list[str]:
    """Changeover between groups, and step-free access when a group may need it."""
    notes = []
    if len(visits) > 1:
        gaps = [
            round((b.arrive - a.depart).total_seconds() / 60) for a, b in itertools.pairwise(visits)
        ]
        if min(gaps) < 0:  # the meeting place: the groups are here together
            notes.append(t("host.together"))
        elif math.isnan(event.changeover_minutes):
            notes.append(t("host.shortest_break", shortest=min(gaps)))
        else:
            notes.append(
                t("host.changeover", minutes=round(event.changeover_minutes), shortest=min(gaps))
            )
    notes.extend(
        t("host.returns", group=v.group_name, time=f"{v.back:%H:%M}")
        for v in visits
        if v.back is not None
    )
    needing = [v.group_name for v in visits if v.step_free]
    if needing:
        notes.append(t("host.step_free_note", groups=", ".join(needing)))
    return notes


def _groups_text(count: int) -> str:
    return t("host.groups", count=count)


def _contact(event: Event) -> str:
    organiser, phone = _text(event.organiser), _text(event.phone)
    if organiser and phone:
        return t("host.contact", name=organiser, phone=phone)
    if organiser or phone:
        return t("host.contact_one", who=organiser or phone)
    return t("host.contact_none")


def _title(plan: Plan, event: Event) -> str:
    return _text(plan.title or event.name) or t("map.title")


def _point(stop: Mapping[str, Any]) -> tuple[float | None, float | None]:
    geometry = stop.get("geometry")
    if geometry is None or getattr(geometry, "is_empty", True):
        return None, None
    return round(float(geometry.y), 6), round(float(geometry.x), 6)


def _prompts(stop: Mapping[str, Any]) -> list[str]:
    """The host's ``gespreksvragen`` as plain lines (issue 15)."""
    from safari.sanitise import as_plain

    return [line for line in as_plain(_text(stop.get("gespreksvragen"))).splitlines() if line]


def _text(value: object) -> str:
    from safari.sanitise import as_plain

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return as_plain(str(value)).strip()


def _file_stem(stop_id: str) -> str:
    from safari.schema import slug

    return slug(stop_id) or hashlib.sha256(stop_id.encode()).hexdigest()[:12]


def _pdf_available() -> bool:
    from safari.export import pdf_available

    return pdf_available()
