"""The event file (``safari.toml``).

The event file describes one safari: date, times, where it starts, the stops file,
the network, groups. Keys are Dutch; English aliases are accepted. Every problem
in the file is reported at once, with the key and how to fix it.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from safari._errors import EventError

# --- the event file ---------------------------------------------------------------------

MODES = ("rotatie", "verdeeld")
DEFAULT_SPEED_KMH = 4.0  # a talking group
DEFAULT_VISIT_MINUTES = 20.0
DEFAULT_START_TIME = "14:00"


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
    source: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # issue 15: the group's preparation (first screen, handout) and the neighbourhood in figures
    preparation: str | None = None
    boundaries: Path | None = None
    cbs_file: Path | None = None

    @property
    def walking_speed(self) -> float:
        """km/h: as set, else 3 for a step-free route and 4 for a talking group."""
        if self.speed_kmh is not None:
            return self.speed_kmh
        return 3.0 if self.step_free else 4.0


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
    "tempo_kmh": ("speed_kmh", "positive"),
    "speed_kmh": ("speed_kmh", "positive"),
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
    # issue 15
    "voorbereiding": ("preparation", "text"),
    "preparation": ("preparation", "text"),
    "buurtgrenzen": ("boundaries", "path"),
    "boundaries": ("boundaries", "path"),
    "cbs": ("cbs_file", "path"),
}
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
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def parse_mode(text: str) -> str | None:
    """``rotatie`` or ``verdeeld`` (English ``rotation``/``split`` too), else None."""
    return _MODE_ALIASES.get(text.strip().lower())


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
    if not file.is_file():
        raise EventError(t("event.not_found", file=shown))
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise EventError(t("event.not_text", file=shown)) from None
    except tomllib.TOMLDecodeError as exc:
        raise EventError(t("event.syntax", file=shown, detail=str(exc))) from None

    values: dict[str, Any] = {}
    problems: list[str] = []
    seen: dict[str, str] = {}
    for key, raw in data.items():
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
    start, end = values.get("start_time", time(14, 0)), values.get("end_time")
    if end is not None and end <= start:
        problems.append(t("event.end_before_start", start=f"{start:%H:%M}", end=f"{end:%H:%M}"))
    if problems:
        header = t("event.problems", file=shown, count=len(problems))
        raise EventError(header + "\n" + "\n".join(f"- {p}" for p in problems))
    return Event(source=file, **values)


def _convert(kind: str, key: str, raw: Any, folder: Path) -> tuple[Any, str | None]:
    """Turn one TOML value into the Event's type, or say what is wrong with it."""
    from safari.i18n import t

    def wrong(fix: str) -> tuple[None, str]:
        return None, t("event.bad_value", key=key, value=repr(raw), fix=t(fix))

    if kind == "text":
        return (
            (str(raw).strip(), None)
            if isinstance(raw, str) and raw.strip()
            else wrong("event.fix.text")
        )
    if kind == "date":
        if isinstance(raw, date) and not isinstance(raw, datetime):
            return raw, None
        day = parse_day(raw) if isinstance(raw, str) else None
        return (day, None) if day else wrong("event.fix.date")
    if kind == "clock":
        if isinstance(raw, time):
            return raw, None
        if isinstance(raw, str):
            match = re.fullmatch(r"\s*(\d{1,2})(?:[:.](\d{2}))?\s*(?:u|uur)?\s*", raw)
            if match and int(match.group(1)) < 24 and int(match.group(2) or 0) < 60:
                return time(int(match.group(1)), int(match.group(2) or 0)), None
        return wrong("event.fix.clock")
    if kind == "place":
        return (
            (raw.strip(), None)
            if isinstance(raw, str) and raw.strip()
            else wrong("event.fix.place")
        )
    if kind == "bool":
        return (raw, None) if isinstance(raw, bool) else wrong("event.fix.bool")
    if kind == "path":
        if not isinstance(raw, str) or not raw.strip():
            return wrong("event.fix.path")
        target = (folder / raw).resolve() if not Path(raw).is_absolute() else Path(raw)
        if not target.is_file():
            return None, t("event.missing_file", key=key, value=raw, folder=str(folder))
        return target, None
    if kind == "network":
        if not isinstance(raw, str) or not raw.strip():
            return wrong("event.fix.network")
        target = folder / raw if not Path(raw).is_absolute() else Path(raw)
        if target.exists():
            return str(target.resolve()), None
        if is_network_file(raw):
            return None, t("event.missing_file", key=key, value=raw, folder=str(folder))
        return raw.strip(), None  # a place name, downloaded when online
    if kind in ("positive", "minutes"):
        ok = isinstance(raw, int | float) and not isinstance(raw, bool)
        if ok and (raw > 0 if kind == "positive" else raw >= 0):
            return float(raw), None
        return wrong("event.fix.positive" if kind == "positive" else "event.fix.minutes")
    if kind == "count":
        if isinstance(raw, int) and not isinstance(raw, bool) and 1 <= raw <= 50:
            return raw, None
        return wrong("event.fix.count")
    if kind == "mode":
        mode = parse_mode(raw) if isinstance(raw, str) else None
        return (mode, None) if mode else wrong("event.fix.mode")
    msg = f"unknown kind {kind}"
    raise AssertionError(msg)
