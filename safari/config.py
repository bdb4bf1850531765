"""The event: one safari's settings, from the event file (``safari.toml``) and options.

The event file describes one safari: date, times, where it starts, the stops file,
the network, groups. Keys are Dutch; English aliases are accepted. Every problem
in the file is reported at once, with the key and how to fix it.

`Event` owns its defaults, and its rules hold wherever a value comes from: the file
(:func:`read_event`) or the command line (:meth:`Event.with_options`) goes through the
same conversion and the same checks, and a message names the key or the option the
user actually wrote (``origin``).
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeGuard

from safari._errors import EventError

if TYPE_CHECKING:
    import os
    from collections.abc import Callable

# --- the event file ---------------------------------------------------------------------

MODES = ("rotatie", "verdeeld")

# Issue 14: limits of an event file and its values.
MAX_EVENT_BYTES = 1_000_000  # a safari.toml is a few hundred bytes
MAX_EVENT_CHARS = 1_000  # a name, a place, a path
MAX_EVENT_DEPTH = 4  # no key of the file holds a table or a list
SPEED_RANGE_KMH = (0.5, 30.0)  # a slow walk to a quick bike ride
MAX_MINUTES = 24 * 60  # a visit, a changeover or a stagger: at most a day
TIME_LIMIT_RANGE_S = (1.0, 3600.0)  # the planner's search: a second to an hour


_HOURS, _MINUTES = 24, 60  # a clock: hours a day, minutes an hour
#: Numbers beyond this are refused: no inf, no nan, no int that float() cannot hold.
_LARGEST_NUMBER = 1e15
MAX_GROUPS = 50  # groups in one event
MAX_PEOPLE = 1000  # participants in one event
MAX_KEEP_DAYS = 3650  # the longest the form's details may be kept (ten years)


@dataclass
class Event:
    """One safari, as described by an event file (or by command-line options)."""

    stops: Path
    name: str = "Wijksafari"
    day: date | None = None
    start_time: time = time(14, 0)
    end_time: time | None = None
    start: str | None = None
    end: str | None = None
    open_end: bool = False
    network: str | None = None
    speed_kmh: float | None = None
    visit_minutes: float = 20.0
    changeover_minutes: float = 5.0
    groups: int = 1
    mode: str = "rotatie"
    stagger_minutes: float = 0.0
    step_free: bool = False
    #: How long the planner may search for a better plan, in seconds (``rekentijd``). It is
    #: CP-SAT's deterministic time, so the same value gives the same plan on every run.
    time_limit_s: float = 10.0
    #: The organiser's name and phone, for the hosts' schedules (issue 11).
    organiser: str | None = None
    phone: str | None = None
    #: How many people take part (groups are formed from this), or a participants file.
    participants: int | None = None
    participants_file: Path | None = None
    #: The organiser's default language, and the contact and retention for the form.
    language: str | None = None
    contact: str | None = None
    keep_days: float | None = None
    source: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    #: Where a value came from, for messages: field -> the key (``'groepen'``) or the
    #: option (``--groups``) the user wrote. Fields not in it have their default.
    origin: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    # issue 15: the group's preparation (first screen, handout) and the neighbourhood in figures
    preparation: str | None = None
    boundaries: Path | None = None
    cbs_file: Path | None = None

    #: Walking speed of a talking group, and of a step-free route (km/h).
    TALKING_SPEED_KMH: ClassVar[float] = 4.0
    STEP_FREE_SPEED_KMH: ClassVar[float] = 3.0

    @property
    def walking_speed(self) -> float:
        """km/h: as set, else 3 for a step-free route and 4 for a talking group."""
        if self.speed_kmh is not None:
            return self.speed_kmh
        return self.STEP_FREE_SPEED_KMH if self.step_free else self.TALKING_SPEED_KMH

    def label(self, name: str) -> str:
        """How a message names field ``name``: as the user wrote it, else its Dutch key."""
        return self.origin.get(name) or f"'{_DUTCH_KEY[name]}'"

    def with_options(self, **options: object) -> Event:
        """A copy with the command line's options applied (None: the option was not given).

        Options are named by field (``start_time="14 uur"``, ``groups=3``, ``day=...``);
        each is read and checked by the same rules as in the event file, and a problem
        names the option (``--start-time``, see `OPTIONS`). The end must come after the
        start, wherever each came from.

        Raises
        ------
        EventError
            With every problem in the options at once.
        """
        from safari.i18n import t

        changes: dict[str, Any] = {}
        origin = dict(self.origin)
        problems: list[str] = []
        for name, raw in options.items():
            if name not in OPTIONS:
                msg = f"unknown option {name!r}; known: {', '.join(OPTIONS)}"
                raise TypeError(msg)
            if raw is None:
                continue
            flag, kind = OPTIONS[name]
            value, problem = _convert(kind, flag, raw, Path.cwd(), option=True)
            if problem:
                problems.append(problem)
                continue
            changes[name] = value
            origin[name] = flag
        event = replace(self, **changes, origin=origin)
        late = _end_problem(event)
        if late:
            problems.append(late)
        if len(problems) == 1:
            raise EventError(problems[0])
        if problems:
            raise EventError(t("event.option_problems", count=len(problems)), problems)
        return event


#: The command line's option for each field an option can set, and how it is read.
OPTIONS: dict[str, tuple[str, str]] = {
    "network": ("--network", "raw"),
    "start": ("--start", "place"),
    "end": ("--end", "place"),
    "open_end": ("--open-end", "bool"),
    "start_time": ("--start-time", "clock"),
    "end_time": ("--end-time", "clock"),
    "day": ("--date", "date"),
    "groups": ("--groups", "count"),
    "mode": ("--mode", "mode"),
    "step_free": ("--step-free", "bool"),
    "speed_kmh": ("--speed", "speed"),
    "visit_minutes": ("--visit-minutes", "minutes"),
    "time_limit_s": ("--time-limit", "seconds"),
    # issue 15
    "preparation": ("--preparation", "lines"),
    "boundaries": ("--boundaries", "path"),
    "cbs_file": ("--cbs", "path"),
}


# key -> (field, kind); Dutch first, then the English aliases.
_KEYS: dict[str, tuple[str, str]] = {
    "naam": ("name", "text"),
    "name": ("name", "text"),
    "datum": ("day", "date"),
    "date": ("day", "date"),
    "start": ("start_time", "clock"),
    "starttijd": ("start_time", "clock"),
    "start_time": ("start_time", "clock"),
    "einde": ("end_time", "clock"),
    "eindtijd": ("end_time", "clock"),
    "end": ("end_time", "clock"),
    "end_time": ("end_time", "clock"),
    "vertrek": ("start", "place"),
    "departure": ("start", "place"),
    "aankomst": ("end", "place"),
    "arrival": ("end", "place"),
    "open_einde": ("open_end", "bool"),
    "open_end": ("open_end", "bool"),
    "stops": ("stops", "path"),
    "netwerk": ("network", "network"),
    "network": ("network", "network"),
    "tempo_kmh": ("speed_kmh", "speed"),
    "speed_kmh": ("speed_kmh", "speed"),
    "bezoekduur": ("visit_minutes", "minutes"),
    "visit_minutes": ("visit_minutes", "minutes"),
    "wisseltijd": ("changeover_minutes", "minutes"),
    "changeover_minutes": ("changeover_minutes", "minutes"),
    "groepen": ("groups", "count"),
    "groups": ("groups", "count"),
    "verdeling": ("mode", "mode"),
    "mode": ("mode", "mode"),
    "tussentijd": ("stagger_minutes", "minutes"),
    "stagger_minutes": ("stagger_minutes", "minutes"),
    "toegankelijk": ("step_free", "bool"),
    "step_free": ("step_free", "bool"),
    "rekentijd": ("time_limit_s", "seconds"),
    "time_limit": ("time_limit_s", "seconds"),
    # issue 11: the organiser (on the hosts' schedules) and the participants
    "organisator": ("organiser", "text"),
    "organiser": ("organiser", "text"),
    "organizer": ("organiser", "text"),
    "telefoon": ("phone", "text"),
    "phone": ("phone", "text"),
    "deelnemers": ("participants", "people"),
    "participants": ("participants", "people"),
    "deelnemerslijst": ("participants_file", "path"),
    "participants_file": ("participants_file", "path"),
    "taal": ("language", "text"),
    "language": ("language", "text"),
    "contact": ("contact", "text"),
    "bewaartermijn": ("keep_days", "days"),
    "keep_days": ("keep_days", "days"),
    # issue 15
    "voorbereiding": ("preparation", "lines"),
    "preparation": ("preparation", "lines"),
    "buurtgrenzen": ("boundaries", "path"),
    "boundaries": ("boundaries", "path"),
    "cbs": ("cbs_file", "path"),
}
#: The Dutch key of each field (the first key for it), for messages.
_DUTCH_KEY = {name: key for key, (name, _) in reversed(_KEYS.items())}
_MODE_ALIASES = {
    "rotatie": "rotatie",
    "rotation": "rotatie",
    "verdeeld": "verdeeld",
    "split": "verdeeld",
}
NETWORK_SUFFIXES = (".osm", ".pbf", ".gz", ".bz2", ".graphml")


def parse_day(text: str) -> date | None:
    """A date as people write it: ``2026-03-12``, ``12-03-2026`` or ``12/03/2026``."""
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), fmt).date()  # noqa: DTZ007  only the day is kept
        except ValueError:
            continue
    return None


def parse_mode(text: str) -> str | None:
    """``rotatie`` or ``verdeeld`` (English ``rotation``/``split`` too), else None."""
    return _MODE_ALIASES.get(text.strip().lower())


_CLOCK = re.compile(r"\s*(\d{1,2})(?:[:.](\d{2}))?\s*(?:u|uur)?\s*", re.IGNORECASE)


def parse_clock(text: str) -> time | None:
    """A clock time as people write it: ``14:00``, ``9.30``, ``14u``, ``14 uur``; else None."""
    match = _CLOCK.fullmatch(text)
    if match and int(match.group(1)) < _HOURS and int(match.group(2) or 0) < _MINUTES:
        return time(int(match.group(1)), int(match.group(2) or 0))
    return None


def _end_problem(event: Event) -> str | None:
    """The end of the safari must come after its start (None when it does)."""
    from safari.i18n import t

    if event.end_time is None or event.end_time > event.start_time:
        return None
    start = event.origin.get("start_time") or t("event.default_start")
    return t(
        "event.end_not_after_start",
        end_key=event.label("end_time"),
        end=f"{event.end_time:%H:%M}",
        start_key=start,
        start=f"{event.start_time:%H:%M}",
    )


def is_network_file(name: str) -> bool:
    """True when ``name`` looks like a map file (by its suffix), not a place name."""
    return name.lower().endswith(NETWORK_SUFFIXES)


def read_event(path: str | os.PathLike[str]) -> Event:
    """Read and check an event file (TOML).

    Parameters
    ----------
    path
        The event file, e.g. ``safari/data/voorbeeld/safari.toml``. Relative paths in it
        (stops, network) are read from the file's own folder.

    Returns
    -------
    Event

    Raises
    ------
    EventError
        With every problem in the file, each naming the key and the fix.
    """
    from safari.i18n import t

    file = Path(path)
    shown = str(path)
    data = _load_toml(file, shown)
    values: dict[str, Any] = {}
    problems: list[str] = []
    seen: dict[str, str] = {}
    for key, raw in data.items():
        if _depth(raw) > MAX_EVENT_DEPTH:
            problems.append(t("event.too_deep", path=shown, limit=MAX_EVENT_DEPTH))
            continue
        if isinstance(raw, str) and len(raw) > MAX_EVENT_CHARS:  # a 5 MB name: 10 MB pages
            length = f"{len(raw):,}".replace(",", ".")
            limit = f"{MAX_EVENT_CHARS:,}".replace(",", ".")
            problems.append(t("event.too_long", path=shown, key=key, length=length, limit=limit))
            continue
        spec = _KEYS.get(key.lower())
        if spec is None:
            close = difflib.get_close_matches(key.lower(), _KEYS, n=1)
            hint = t("event.did_you_mean", key=close[0]) if close else t("event.known_keys")
            problems.append(t("event.unknown_key", key=key, hint=hint))
            continue
        name, kind = spec
        if name in seen:
            problems.append(t("event.twice", key=key, other=seen[name]))
            continue
        seen[name] = key
        value, problem = _convert(kind, key, raw, file.parent)
        if problem:
            problems.append(problem)
        else:
            values[name] = value
    if "stops" not in values and "stops" not in seen:
        problems.append(t("event.missing_stops"))
    origin = {name: f"'{key}'" for name, key in seen.items()}
    times = {k: v for k, v in values.items() if k in ("start_time", "end_time")}
    late = _end_problem(Event(stops=Path(), origin=origin, **times))
    if late:
        problems.append(late)
    if problems:
        header = t("event.problems", file=shown, count=len(problems))
        raise EventError(header, problems)
    return Event(source=file, origin=origin, **values)


def _load_toml(file: Path, shown: str) -> dict[str, Any]:
    """The event file's TOML, or an EventError saying why it cannot be read."""
    from safari.i18n import t

    if not file.is_file():
        raise EventError(t("event.not_found", file=shown))
    size = file.stat().st_size
    if size > MAX_EVENT_BYTES:  # issue 14: an event file is a few hundred bytes
        limit = f"{MAX_EVENT_BYTES:,}".replace(",", ".")
        length = f"{size:,}".replace(",", ".")
        raise EventError(t("event.too_big", path=shown, length=length, limit=limit))
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8-sig"))
    except RecursionError:  # a = [[[[...]]]] thousands deep
        raise EventError(t("event.too_deep", path=shown, limit=MAX_EVENT_DEPTH)) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise EventError(t("stops.cannot_open", path=shown, reason=reason)) from None
    except UnicodeDecodeError:
        raise EventError(t("event.not_text", file=shown)) from None
    except tomllib.TOMLDecodeError as exc:
        raise EventError(t("event.syntax", file=shown, detail=str(exc))) from None
    except ValueError:  # an integer of 4,301 digits or more (Python refuses to read it)
        raise EventError(t("event.huge_number", path=shown)) from None
    return data


def _convert(
    kind: str, key: str, raw: object, folder: Path, *, option: bool = False
) -> tuple[Any, str | None]:
    """Turn one value (TOML, or an option's) into the Event's type, or say what is wrong."""
    from safari.i18n import t

    value, fix = _READ[kind](raw, folder)
    if fix is None:
        return value, None
    if fix == "event.missing_file":
        return None, t(fix, key=key, value=raw, folder=str(folder))
    shown = _shown(raw)
    if option:
        return None, t("event.bad_option", option=key, value=shown, fix=t(fix))
    return None, t("event.bad_value", key=key, value=shown, fix=t(fix))


def _shown(raw: object, limit: int = 60) -> str:
    """A value for a message: short, one line (a 5 MB value is not repeated)."""
    try:
        text = repr(raw)
    except (RecursionError, ValueError):  # ValueError: an int of 4,301 digits or more
        text = type(raw).__name__
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _depth(raw: object, level: int = 0) -> int:
    """How deep lists and tables nest in one value (stops counting past the limit)."""
    if level > MAX_EVENT_DEPTH or not isinstance(raw, list | dict):
        return level
    items = raw.values() if isinstance(raw, dict) else raw
    return max((_depth(item, level + 1) for item in items), default=level + 1)


# Each reader returns (value, None), or (None, the key of the fix to show).
_Read = tuple[Any, str | None]


def _one_line(raw: object) -> str | None:
    r"""Text without control characters (TOML's "\u001b" is a raw ESC), or None."""
    if not isinstance(raw, str):
        return None
    from safari.sanitise import is_invisible, strip_controls

    text = strip_controls(raw).strip()
    return None if is_invisible(text) else text


def _read_text(raw: object, _folder: Path) -> _Read:
    text = _one_line(raw)
    return (text, None) if text else (None, "event.fix.text")


def _read_lines(raw: object, _folder: Path) -> _Read:
    """A text of several lines (the group's preparation): newlines kept, controls gone."""
    if not isinstance(raw, str):
        return None, "event.fix.text"
    from safari.sanitise import is_invisible, strip_controls

    text = strip_controls(raw, newlines=True).strip()
    return (None, "event.fix.text") if is_invisible(text) else (text, None)


def _read_place(raw: object, _folder: Path) -> _Read:
    text = _one_line(raw)
    return (text, None) if text else (None, "event.fix.place")


def _read_date(raw: object, _folder: Path) -> _Read:
    if isinstance(raw, date) and not isinstance(raw, datetime):
        return raw, None
    day = parse_day(raw) if isinstance(raw, str) else None
    return (day, None) if day else (None, "event.fix.date")


def _read_clock(raw: object, _folder: Path) -> _Read:
    if isinstance(raw, time):
        return raw, None
    clock = parse_clock(raw) if isinstance(raw, str) else None
    return (clock, None) if clock else (None, "event.fix.clock")


def _read_bool(raw: object, _folder: Path) -> _Read:
    return (raw, None) if isinstance(raw, bool) else (None, "event.fix.bool")


def _read_path(raw: object, folder: Path) -> _Read:
    if not isinstance(raw, str) or not raw.strip():
        return None, "event.fix.path"
    target = (folder / raw).resolve() if not Path(raw).is_absolute() else Path(raw)
    return (target, None) if target.is_file() else (None, "event.missing_file")


def _read_network(raw: object, folder: Path) -> _Read:
    if not isinstance(raw, str) or not raw.strip():
        return None, "event.fix.network"
    target = folder / raw if not Path(raw).is_absolute() else Path(raw)
    if target.exists():
        return str(target.resolve()), None
    if is_network_file(raw):
        return None, "event.missing_file"
    return raw.strip(), None  # a place name, downloaded when online


def _is_number(raw: object) -> TypeGuard[float]:
    return (
        isinstance(raw, int | float)
        and not isinstance(raw, bool)
        and -_LARGEST_NUMBER < raw < _LARGEST_NUMBER
    )


def _is_numeric(raw: object) -> TypeGuard[float]:
    """A TOML number of any size, also inf and nan (``_is_number`` says if it is usable)."""
    return isinstance(raw, int | float) and not isinstance(raw, bool)


def _read_speed(raw: object, _folder: Path) -> _Read:
    # issue 14: a speed of 1e-300 km/h made the planner divide by almost nothing
    low, high = SPEED_RANGE_KMH
    if _is_numeric(raw) and not (raw <= 0) and not low <= raw <= high:
        return None, "event.fix.speed_range"
    return (float(raw), None) if _is_number(raw) and raw > 0 else (None, "event.fix.positive")


def _read_seconds(raw: object, _folder: Path) -> _Read:
    """The planner's time, in seconds (``rekentijd``, ``--time-limit``)."""
    low, high = TIME_LIMIT_RANGE_S
    if _is_number(raw) and low <= raw <= high:
        return float(raw), None
    return None, "event.fix.seconds"


def _read_days(raw: object, _folder: Path) -> _Read:
    """A whole number of days, for how long the form's details are kept (``bewaartermijn``)."""
    if _is_number(raw) and raw == int(raw) and 1 <= raw <= MAX_KEEP_DAYS:
        return float(raw), None
    return None, "event.fix.days"


def _read_minutes(raw: object, _folder: Path) -> _Read:
    if _is_numeric(raw) and not raw <= MAX_MINUTES:  # issue 14: bezoekduur = 1e308, inf
        return None, "event.fix.minutes_range"
    return (float(raw), None) if _is_number(raw) and raw >= 0 else (None, "event.fix.minutes")


def _read_count(raw: object, _folder: Path) -> _Read:
    ok = isinstance(raw, int) and not isinstance(raw, bool) and 1 <= raw <= MAX_GROUPS
    return (raw, None) if ok else (None, "event.fix.count")


def _read_people(raw: object, _folder: Path) -> _Read:
    ok = isinstance(raw, int) and not isinstance(raw, bool) and 1 <= raw <= MAX_PEOPLE
    return (raw, None) if ok else (None, "event.fix.people")


def _read_mode(raw: object, _folder: Path) -> _Read:
    mode = parse_mode(raw) if isinstance(raw, str) else None
    return (mode, None) if mode else (None, "event.fix.mode")


def _read_raw(raw: object, _folder: Path) -> _Read:
    return raw, None


#: How each kind of value is read (the kinds of `_KEYS` and `OPTIONS`).
_READ: dict[str, Callable[[Any, Path], _Read]] = {
    "text": _read_text,
    "lines": _read_lines,
    "place": _read_place,
    "date": _read_date,
    "clock": _read_clock,
    "bool": _read_bool,
    "path": _read_path,
    "network": _read_network,
    "speed": _read_speed,
    "days": _read_days,
    "seconds": _read_seconds,
    "minutes": _read_minutes,
    "count": _read_count,
    "people": _read_people,
    "mode": _read_mode,
    "raw": _read_raw,
}
