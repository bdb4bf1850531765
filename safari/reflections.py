"""Reflections from participants (issue 15): written on the phone, read back by the organiser.

On the participant's map (``templates/reflections.js``, ``reflections.html``,
``reflect_stop.html``) a participant writes a few lines after each stop and at the end: what
struck them, a question, an idea to follow up. The lines stay on the phone (localStorage)
and work offline; nothing is sent by itself. The participant saves them as one file
(``reflecties-groep-1.json``) or shares them as text (the phone's share sheet; without one,
the text is shown to copy). Anonymous unless the participant fills in a name.

A file holds ``{"safari": {"reflecties": 1}, "kaart", "groep", "dag", "kenmerk",
"reflecties": [{"stop", "naam", "tekst"}], "ondertekend"?}``. ``stop`` is a key made from the
stop's id by a hash (:func:`reflect_key`), so a private stop's id (often its name) is not in
the page; ``kenmerk`` is a random mark made on the phone, so that the same phone's file sent
twice counts once; it says nothing about the person.

:func:`read_reflections` reads such files (JSON, or the shared text saved as ``.txt``) with
bounded sizes, sanitising every text once (safari's sanitiser); problems are reported for all
files at once, in Dutch, naming the file. :func:`write_report` writes the organisation's
report: a page and a CSV, per stop what participants wrote; a name only when they signed.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safari._atomic import atomic_write
from safari._errors import SafariError
from safari.i18n import t
from safari.sanitise import as_plain, sanitise_text

if TYPE_CHECKING:
    import os

    from safari.plan import Group, Plan

__all__ = [
    "MAX_CHARS",
    "Reflection",
    "read_reflections",
    "reflect_key",
    "reflections_page",
    "write_report",
]

#: Most characters in one reflection (a few lines, not an essay); the page says so too.
MAX_CHARS = 2000
MAX_FILE_BYTES = 256 * 1024
MAX_PER_FILE = 200
MAX_NAME = 100
END = "einde"  # the key of the reflection at the end of the walk
_KEY = re.compile(r"^(?:[0-9a-f]{12}|einde)$")
_MARK = re.compile(r"^[0-9a-f]{8,32}$")


def reflect_key(stop_id: str) -> str:
    """The stop's key in the page and the files: 12 hex digits of a hash of its id."""
    return hashlib.sha256(f"safari-stop:{stop_id}".encode()).hexdigest()[:12]


def reflections_page(plan: Plan, group: Group, *, title: str | None) -> dict[str, Any]:
    """What the participant's page needs for the reflections (texts, keys, limits).

    The texts here are those of the page's first language; the page's texts in every
    language (and those the script writes) are in its JSON block (:mod:`safari.render`).
    """
    day = getattr(plan, "day", None)
    name = str(title or getattr(plan, "title", None) or t("map.title"))
    group_name = str(group.name)
    key = hashlib.sha256(f"{name}|{group_name}|{day}".encode()).hexdigest()[:12]
    return {
        "page_key": key,
        "map_title": as_plain(name),
        "group": as_plain(group_name),
        "day": day.isoformat() if day is not None else "",
        "max_chars": MAX_CHARS,
        "texts": {
            k: t(f"reflect.{k}")
            for k in ("stop_prompt", "stop_label", "title", "intro", "end_label", "end_name",
                      "name_label", "save", "share", "fallback_label", "open")
        },
    }  # fmt: skip


# --- reading the files ---------------------------------------------------------------------


@dataclass
class Reflection:
    """One participant's lines about one stop (or the end: ``stop == "einde"``)."""

    stop: str
    stop_name: str  # plain text
    text: str  # sanitised (HTML-safe)
    signed: str = ""  # sanitised; empty: anonymous
    mark: str = ""
    number: int | None = None  # the stop's number on that participant's map


@dataclass
class Collected:
    """Everything read: the reflections, and how many participants (files) sent them."""

    reflections: list[Reflection] = field(default_factory=list)
    participants: int = 0
    doubles: int = 0
    title: str = ""


def read_reflections(paths: list[str | os.PathLike[str]]) -> Collected:
    """Read the participants' files (``.json`` saved from the map, or shared ``.txt``).

    Raises
    ------
    SafariError
        With every problem in every file at once (Dutch, naming the file); nothing is read
        then, so no file is silently left out.
    """
    problems: list[str] = []
    documents: list[tuple[str, dict[str, Any]]] = []
    for path in paths:
        shown = str(path)
        try:
            documents.append((shown, _read_one(Path(path), shown)))
        except SafariError as error:
            problems.append(str(error))
    if problems:
        raise SafariError(
            t("reflect.problems", count=len(problems))
            + "\n"
            + "\n".join(f"- {p}" for p in problems)
        )
    result = Collected()
    latest: dict[str, int] = {}
    for index, (_, doc) in enumerate(documents):
        mark = str(doc.get("kenmerk") or f"file-{index}")
        if mark in latest:
            result.doubles += 1
        latest[mark] = index  # the same phone's later file wins
    for index, (_, doc) in enumerate(documents):
        mark = str(doc.get("kenmerk") or f"file-{index}")
        if latest[mark] != index:
            continue
        result.participants += 1
        result.title = result.title or as_plain(str(doc.get("kaart") or ""))
        signed = sanitise_text(str(doc.get("ondertekend") or "").strip()[:MAX_NAME])
        for item in doc["reflecties"]:
            result.reflections.append(
                Reflection(
                    stop=item["stop"],
                    stop_name=as_plain(sanitise_text(item["naam"])),
                    text=sanitise_text(item["tekst"]),
                    signed=signed,
                    mark=mark,
                    number=item.get("nr"),
                )
            )
    return result


def _read_one(path: Path, shown: str) -> dict[str, Any]:
    if not path.is_file():
        raise SafariError(t("reflect.missing", file=shown))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise SafariError(t("reflect.too_big", file=shown, size=MAX_FILE_BYTES // 1024))
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SafariError(t("reflect.not_text", file=shown)) from None
    if text.lstrip().startswith("{"):
        try:
            doc = json.loads(text)
        except (ValueError, RecursionError):
            raise SafariError(t("reflect.not_ours", file=shown)) from None
    elif text.lstrip().startswith("safari-reflecties"):
        doc = _from_shared_text(text)
    else:
        raise SafariError(t("reflect.not_ours", file=shown))
    return _checked(doc, shown)


def _from_shared_text(text: str) -> dict[str, Any]:
    """The text the share button makes: a header, then ``## key | name`` and the lines."""
    doc: dict[str, Any] = {"safari": {"reflecties": 1}, "reflecties": []}
    current: dict[str, Any] | None = None
    lines = text.replace("\r\n", "\n").split("\n")
    for line in lines[1:]:
        if line.startswith("## "):
            head, _, name = line[3:].partition(" | ")
            key, _, number = head.strip().partition(" ")
            current = {"stop": key, "naam": name.strip(), "tekst": ""}
            if number.isdigit():
                current["nr"] = int(number)
            doc["reflecties"].append(current)
        elif current is not None:
            current["tekst"] += ("\n" if current["tekst"] else "") + line
        else:
            name, sep, value = line.partition(": ")
            if sep and name in ("kaart", "groep", "dag", "kenmerk", "ondertekend"):
                doc[name] = value.strip()
    for item in doc["reflecties"]:
        item["tekst"] = item["tekst"].strip()
    return doc


def _checked(doc: object, shown: str) -> dict[str, Any]:
    if not isinstance(doc, dict) or not isinstance(doc.get("safari"), dict):
        raise SafariError(t("reflect.not_ours", file=shown))
    if doc["safari"].get("reflecties") != 1:
        raise SafariError(t("reflect.not_ours", file=shown))
    items = doc.get("reflecties")
    if not isinstance(items, list):
        raise SafariError(t("reflect.not_ours", file=shown))
    if len(items) > MAX_PER_FILE:
        raise SafariError(t("reflect.too_many", file=shown, count=len(items), most=MAX_PER_FILE))
    mark = doc.get("kenmerk")
    if mark is not None and not (isinstance(mark, str) and _MARK.match(mark)):
        doc["kenmerk"] = None  # not ours: counted as a participant of its own
    signer = doc.get("ondertekend")
    if signer is not None and not isinstance(signer, str):
        raise SafariError(t("reflect.bad_field", file=shown, number=0, field="ondertekend"))
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise SafariError(t("reflect.bad_field", file=shown, number=number, field="reflectie"))
        for name in ("stop", "naam", "tekst"):
            if not isinstance(item.get(name), str):
                raise SafariError(t("reflect.bad_field", file=shown, number=number, field=name))
        if not _KEY.match(item["stop"]):
            raise SafariError(t("reflect.bad_field", file=shown, number=number, field="stop"))
        number_on_map = item.get("nr")
        if number_on_map is not None and not (
            isinstance(number_on_map, int) and 0 < number_on_map < MAX_PER_FILE
        ):
            raise SafariError(t("reflect.bad_field", file=shown, number=number, field="nr"))
        if len(item["tekst"]) > MAX_CHARS:
            raise SafariError(t("reflect.too_long", file=shown, number=number, size=MAX_CHARS))
        item["naam"] = item["naam"][:200]
    return doc


# --- the report ----------------------------------------------------------------------------

REPORT_HEADER = ("stop", "reflectie", "ondertekend")


def write_report(collected: Collected, folder: str | os.PathLike[str]) -> list[Path]:
    """Write ``reflecties.html`` and ``reflecties.csv`` in ``folder``.

    Per stop what participants wrote, the end of the walk last; a name only where they
    signed.
    """
    import jinja2

    from safari.sheets import write_csv

    out = Path(folder)
    stops: dict[str, dict[str, Any]] = {}
    for item in collected.reflections:
        entry = stops.setdefault(
            item.stop,
            {"name": t("reflect.report.end") if item.stop == END else item.stop_name, "items": []},
        )
        entry["items"].append(item)

    def walked(key: str) -> tuple[int, int]:
        numbers = [i.number for i in stops[key]["items"] if i.number is not None]
        return (min(numbers) if numbers else MAX_PER_FILE, list(stops).index(key))

    # in walking order (the lowest number a participant saw), then as read; the end last
    order = sorted((k for k in stops if k != END), key=walked) + ([END] if END in stops else [])
    sections = [stops[k] for k in order]
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("safari", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
    )
    css = (resources.files("safari") / "templates" / "contact.css").read_text(encoding="utf-8")
    page = env.get_template("reflections_report.html").render(
        css=css,
        sections=sections,
        title=t("reflect.report.title"),
        summary=t(
            "reflect.report.summary",
            participants=collected.participants,
            count=len(collected.reflections),
            stops=len([k for k in order if k != END]),
        ),
        map_title=collected.title,
        texts={"signed": t("reflect.report.signed"), "none": t("reflect.report.none")},
    )
    rows = [
        (section["name"], as_plain(item.text), as_plain(item.signed))
        for section in sections
        for item in section["items"]
    ]
    return [
        atomic_write(out / "reflecties.html", page.encode("utf-8"), mode=0o600),
        write_csv(out / "reflecties.csv", REPORT_HEADER, rows),
    ]
