"""Follow-up after the walk (issue 15): who keeps contact with each organisation, and when.

Per stop of the catalogue the organiser records, after the safari:

- ``contact``: who at the municipality keeps in touch with this organisation;
- ``volgende``: the next meeting (date and time, Dutch local time);
- ``afspraken``: the agreements made, each with the moment it was written down.

Where the records live: in a sibling file of the catalogue, ``<catalogue>.opvolging.json``
(``catalogus.opvolging.json`` next to ``catalogus.geojson``). Not inside the catalogue
itself, because the catalogue is also a stops file that ``safari plan`` reads and that
``safari stops export`` writes out for people: a record of who keeps contact and what was
agreed is for the organisation only and so never travels with a stop. The two files are
changed under the catalogue's own lock, every write is atomic (temporary file, ``fsync``,
``os.replace``), and deleting or anonymising a stop (:mod:`safari.retention`) deletes or
anonymises its follow-up too.

The history of a record says when, what and which organiser (``door``), and which fields
changed: never the values themselves, so a deleted value is gone from the file.

Outputs for the organisation (:func:`write_overview`): an HTML page and a CSV with one row
per stop, and an iCalendar file (``.ics``) for each next meeting, for the agenda of the
person who keeps contact.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from safari._atomic import atomic_write
from safari.catalogue import (
    CatalogueError,
    _existing,
    _locked,
    _name,
    _now,
    load,
    organiser,
    resolve,
)
from safari.i18n import date_text, t

if TYPE_CHECKING:
    import os

__all__ = [
    "DueStop",
    "anonymise_followups",
    "due",
    "followup_path",
    "forget",
    "load_followups",
    "parse_moment",
    "record",
    "write_overview",
]

FORMAT_VERSION = 1
#: A contact name or an agreement longer than this is refused (a record, not a report).
MAX_TEXT = 2000
#: How long a meeting in the agenda lasts when nothing else is known.
MEETING_MINUTES = 60
LOCAL = ZoneInfo("Europe/Amsterdam")
_REMOVED = "[verwijderd]"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def followup_path(catalogue: str | os.PathLike[str]) -> Path:
    """The follow-up file beside a catalogue: ``catalogus.opvolging.json``."""
    path = Path(catalogue)
    return path.with_name(f"{path.stem}.opvolging.json")


def load_followups(catalogue: str | os.PathLike[str]) -> dict[str, dict[str, Any]]:
    """The follow-up records by stop id; empty when there are none yet.

    Raises
    ------
    CatalogueError
        When the file is not a safari follow-up file (it is then never overwritten).
    """
    path = followup_path(catalogue)
    if not path.exists():
        return {}
    try:
        document = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError) as error:
        raise CatalogueError(t("followup.unreadable", path=str(path))) from error
    marker = document.get("safari") if isinstance(document, dict) else None
    records = document.get("stops") if isinstance(document, dict) else None
    if (
        not isinstance(marker, dict)
        or marker.get("opvolging") != FORMAT_VERSION
        or not isinstance(records, dict)
        or not all(isinstance(r, dict) for r in records.values())
    ):
        raise CatalogueError(t("followup.not_a_file", path=str(path)))
    return records


def _save(catalogue: Path, records: dict[str, dict[str, Any]]) -> None:
    path = followup_path(catalogue)
    if not records:
        path.unlink(missing_ok=True)
        return
    document = {"safari": {"opvolging": FORMAT_VERSION}, "stops": dict(sorted(records.items()))}
    data = (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    atomic_write(path, data, mode=0o600)  # names of staff and agreements: organisers only


def parse_moment(text: str) -> datetime:
    """A meeting moment as people type it, in Dutch local time without a time zone.

    ``2027-01-15T10:00``, ``2027-01-15 10:00``, ``15-01-2027 10:00``.

    Raises
    ------
    CatalogueError
        With the value and an example of what works.
    """
    value = " ".join(text.replace("T", " ").split())
    for fmt in ("%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H.%M"):
        try:
            return datetime.strptime(value, fmt)  # noqa: DTZ007  the organiser's local clock, as typed
        except ValueError:
            continue
    raise CatalogueError(t("followup.bad_moment", value=text))


def _clean(text: str, field: str) -> str:
    value = " ".join(_CONTROL.sub(" ", text).split())
    if len(value) > MAX_TEXT:
        raise CatalogueError(t("followup.too_long", field=field, size=MAX_TEXT))
    return value


def record(
    catalogue: str | os.PathLike[str],
    ref: str,
    *,
    contact: str | None = None,
    next_meeting: datetime | None = None,
    agreements: list[str] | None = None,
    by: str | None = None,
) -> tuple[str, str, dict[str, Any]]:
    """Write down the follow-up of one stop: contact person, next meeting, agreements.

    Fields that are not given stay as they were; agreements are added to the earlier ones.

    Returns
    -------
    tuple
        The stop's id, its name and its record as it is now.
    """
    target = _existing(catalogue)
    texts = [_clean(a, "--agreement") for a in agreements or [] if a.strip()]
    person = _clean(contact, "--contact") if contact is not None else None
    with _locked(target):
        features = load(target)
        (stop_id,) = resolve(features, [ref])
        props = next(f["properties"] for f in features if str(f["properties"]["id"]) == stop_id)
        records = load_followups(target)
        entry = records.setdefault(stop_id, {"afspraken": [], "geschiedenis": []})
        changed = []
        now = _now()
        if person is not None and person != entry.get("contact"):
            entry["contact"] = person
            changed.append("contact")
        if next_meeting is not None:
            moment = next_meeting.strftime("%Y-%m-%dT%H:%M")
            if moment != entry.get("volgende"):
                entry["volgende"] = moment
                changed.append("volgende")
        for text in texts:
            entry.setdefault("afspraken", []).append({"wanneer": now, "tekst": text})
        if texts:
            changed.append("afspraken")
        if not changed:
            raise CatalogueError(t("followup.nothing", id=stop_id))
        entry.setdefault("geschiedenis", []).append(
            {"wanneer": now, "actie": "opvolging", "door": organiser(by), "velden": changed}
        )
        _save(target, records)
    return stop_id, _name(props), entry


def forget(
    catalogue: str | os.PathLike[str], ids: list[str], *, resolved: bool = False
) -> list[str]:
    """Delete the follow-up records of stops (all of it: contact, meetings, agreements).

    ``resolved``: the ids are exact (the caller holds the catalogue's lock and resolved
    them already, as :func:`safari.retention.delete` does); otherwise they are resolved
    here under the lock. Returns the ids whose record was deleted.
    """
    if resolved:
        return _forget(Path(catalogue), set(ids))
    target = _existing(catalogue)
    with _locked(target):
        chosen = set(resolve(load(target), ids))
        return _forget(target, chosen)


def _forget(target: Path, chosen: set[str]) -> list[str]:
    records = load_followups(target)
    gone = sorted(chosen & set(records))
    if gone:
        for stop_id in gone:
            del records[stop_id]
        _save(target, records)
    return gone


def anonymise_followups(
    catalogue: str | os.PathLike[str],
    ids: list[str],
    *,
    by: str | None = None,
    resolved: bool = False,
) -> list[str]:
    """Remove the names and the agreements' text; keep that there was contact, and when.

    Returns the ids whose record changed. ``resolved`` as for :func:`forget`.
    """
    if resolved:
        return _anonymise(Path(catalogue), set(ids), organiser(by))
    target = _existing(catalogue)
    with _locked(target):
        chosen = set(resolve(load(target), ids))
        return _anonymise(target, chosen, organiser(by))


def _anonymise(target: Path, chosen: set[str], who: str) -> list[str]:
    records = load_followups(target)
    changed = []
    for stop_id in sorted(chosen & set(records)):
        entry = records[stop_id]
        if entry.get("contact"):
            entry["contact"] = _REMOVED
        for agreement in entry.get("afspraken") or []:
            agreement["tekst"] = _REMOVED
        entry.setdefault("geschiedenis", []).append(
            {"wanneer": _now(), "actie": "geanonimiseerd", "door": who}
        )
        changed.append(stop_id)
    if changed:
        _save(target, records)
    return changed


# --- the reminder list ---------------------------------------------------------------------


@dataclass(frozen=True)
class DueStop:
    """An organisation with no follow-up for a while: no planned meeting, nothing recent."""

    id: str
    name: str
    since: datetime | None  # the last follow-up, or when the stop was approved
    weeks: int | None  # whole weeks since then
    has_record: bool


def due(
    catalogue: str | os.PathLike[str], *, weeks: int, now: datetime | None = None
) -> list[DueStop]:
    """The approved stops with no follow-up in the last ``weeks`` weeks and no next meeting.

    The clock starts at the last follow-up (a change to the record, or a meeting that has
    passed); for a stop without any follow-up, at its approval in the catalogue. A stop
    with a next meeting still to come is never due. Oldest first.
    """
    if weeks < 0:
        raise CatalogueError(t("followup.bad_weeks", value=weeks))
    target = _existing(catalogue)
    moment = now or datetime.fromisoformat(_now())
    moment = moment if moment.tzinfo else moment.replace(tzinfo=LOCAL)
    features = load(target)
    records = load_followups(target)
    found = []
    for feature in features:
        props = feature["properties"]
        if props.get("status") != "goedgekeurd":
            continue
        stop_id = str(props["id"])
        entry = records.get(stop_id)
        times: list[datetime | None] = []
        if entry:
            meeting = _meeting(entry)
            if meeting is not None and meeting >= moment:
                continue
            if meeting is not None:
                times.append(meeting)
            times += [_when(e.get("wanneer")) for e in entry.get("geschiedenis") or []]
        else:
            times += [_when(e.get("wanneer")) for e in props.get("geschiedenis") or []]
        known = [x for x in times if x is not None]
        since = max(known) if known else None
        if since is not None and moment - since < timedelta(weeks=weeks):
            continue
        passed = None if since is None else int((moment - since).days // 7)
        found.append(DueStop(stop_id, _name(props), since, passed, entry is not None))
    return sorted(found, key=lambda d: (d.since is not None, d.since or moment, d.id))


def _when(value: object) -> datetime | None:
    try:
        when = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=LOCAL)


def _meeting(entry: dict[str, Any]) -> datetime | None:
    value = entry.get("volgende")
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value)).replace(tzinfo=LOCAL)
    except ValueError:
        return None


# --- the overview --------------------------------------------------------------------------

OVERVIEW_HEADER = ("id", "naam", "contact_gemeente", "volgende_afspraak", "afspraken", "laatst")


def write_overview(catalogue: str | os.PathLike[str], folder: str | os.PathLike[str]) -> list[Path]:
    """Write the follow-up overview for the organisation, in ``folder``.

    ``opvolging.html`` and ``opvolging.csv`` (one row per approved stop or stop with a
    record), and ``opvolging-<id>.ics`` for each next meeting. An ``.ics`` file of an
    earlier run whose meeting is no longer there (deleted, moved) is removed.

    Returns
    -------
    list of Path
        The written files.
    """
    from safari.sheets import write_csv

    target = _existing(catalogue)
    features = load(target)
    records = load_followups(target)
    out = Path(folder)
    rows: list[dict[str, Any]] = []
    for feature in features:
        props = feature["properties"]
        stop_id = str(props["id"])
        entry = records.get(stop_id)
        if entry is None and props.get("status") != "goedgekeurd":
            continue
        entry = entry or {}
        meeting = _meeting(entry)
        history = entry.get("geschiedenis") or []
        last = _when(history[-1].get("wanneer")) if history else None
        rows.append(
            {
                "id": stop_id,
                "name": _name(props),
                "address": str(props.get("adres") or ""),
                "contact": str(entry.get("contact") or ""),
                "meeting": meeting,
                "meeting_text": _moment_text(meeting) if meeting else "",
                "agreements": [str(a.get("tekst", "")) for a in entry.get("afspraken") or []],
                "last": last,
                "last_text": date_text(last.date()) if last else "",
            }
        )
    written = []
    written.append(
        write_csv(
            out / "opvolging.csv",
            OVERVIEW_HEADER,
            [
                (
                    r["id"],
                    r["name"],
                    r["contact"],
                    r["meeting"].strftime("%Y-%m-%d %H:%M") if r["meeting"] else "",
                    "\n".join(r["agreements"]),
                    r["last"].date().isoformat() if r["last"] else "",
                )
                for r in rows
            ],
        )
    )
    written.append(atomic_write(out / "opvolging.html", _overview_page(rows).encode("utf-8")))
    wanted = set()
    for r in rows:
        if r["meeting"] is None:
            continue
        name = f"opvolging-{_file_part(r['id'])}.ics"
        wanted.add(name)
        written.append(atomic_write(out / name, _ics(r, records[r["id"]])))
    for old in out.glob("opvolging-*.ics"):
        if old.name not in wanted:
            old.unlink()
    return written


def _file_part(stop_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", stop_id).strip("-") or "stop"


def _moment_text(moment: datetime) -> str:
    return t("followup.moment", day=date_text(moment.date(), weekday=True), time=f"{moment:%H:%M}")


def _overview_page(rows: list[dict[str, Any]]) -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("safari", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
    )
    css = (resources.files("safari") / "templates" / "contact.css").read_text(encoding="utf-8")
    return env.get_template("followup.html").render(
        rows=rows,
        css=css,
        texts={
            key: t(f"followup.page.{key}")
            for key in ("title", "intro", "col_stop", "col_contact", "col_next", "col_agreements",
                        "col_last", "none", "no_rows")
        },
    )  # fmt: skip


def _ics(row: dict[str, Any], entry: dict[str, Any]) -> bytes:
    import icalendar

    meeting: datetime = row["meeting"]
    history = entry.get("geschiedenis") or []
    stamp = _when(history[-1].get("wanneer")) if history else None
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//safari//opvolging//NL")
    calendar.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", f"opvolging-{_file_part(row['id'])}@safari")
    event.add("dtstamp", (stamp or meeting.replace(tzinfo=LOCAL)).astimezone(UTC))
    event.add("dtstart", meeting.replace(tzinfo=LOCAL))
    event.add("dtend", meeting.replace(tzinfo=LOCAL) + timedelta(minutes=MEETING_MINUTES))
    event.add("summary", t("followup.ics.summary", name=row["name"]))
    event.add("location", ", ".join(x for x in (row["name"], row["address"]) if x))
    lines = []
    if row["contact"]:
        lines.append(t("followup.ics.contact", name=row["contact"]))
    if row["agreements"]:
        lines.append(t("followup.ics.agreements"))
        lines += [f"- {a}" for a in row["agreements"]]
    if lines:
        event.add("description", "\n".join(lines))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
