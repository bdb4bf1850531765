"""When a host can receive a group: OpenStreetMap ``opening_hours``, and Dutch shorthand.

Hosts are often volunteers with a paid job, so availability matters. The column
``beschikbaar`` takes the OpenStreetMap ``opening_hours`` syntax (``Mo-Fr 16:00-18:00``)
and the shorthand people write (``ma-vr 9-17``, ``za 10:00-12:00``, ``di en do 16-18``),
which is first rewritten into that syntax. The original text is kept in the stops.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import opening_hours

_DAYS = {
    "maandag": "Mo",
    "dinsdag": "Tu",
    "woensdag": "We",
    "donderdag": "Th",
    "vrijdag": "Fr",
    "zaterdag": "Sa",
    "zondag": "Su",
    "ma": "Mo",
    "di": "Tu",
    "wo": "We",
    "do": "Th",
    "vr": "Fr",
    "za": "Sa",
    "zo": "Su",
}
_WORDS = {
    "dagelijks": "Mo-Su",
    "elke dag": "Mo-Su",
    "iedere dag": "Mo-Su",
    "werkdagen": "Mo-Fr",
    "weekend": "Sa-Su",
    "gesloten": "off",
    "altijd": "24/7",
}
_DAY = "|".join(sorted(_DAYS, key=len, reverse=True))
_DAY_RE = re.compile(rf"\b({_DAY})\b\.?", re.IGNORECASE)
_CLOCK = r"(\d{1,2})(?:[:.](\d{2}))?\s*(?:u(?:ur)?)?"
_SPAN_RE = re.compile(rf"{_CLOCK}\s*(?:-|–|—|tot)\s*{_CLOCK}", re.IGNORECASE)


class HoursError(ValueError):
    """The text cannot be read as opening hours."""


@dataclass(frozen=True)
class Window:
    """A time on one day when the host can receive a group."""

    opens: datetime
    closes: datetime

    def __str__(self) -> str:
        return f"{self.opens:%H:%M}–{self.closes:%H:%M}"


def to_osm_syntax(text: str) -> str:
    """Rewrite Dutch shorthand into OpenStreetMap ``opening_hours`` syntax.

    >>> to_osm_syntax("di en do 16-18")
    'Tu,Th 16:00-18:00'
    >>> to_osm_syntax("ma t/m vr 9:30-17")
    'Mo-Fr 09:30-17:00'
    """
    out = text.strip().lower()
    for word, osm in _WORDS.items():
        out = re.sub(rf"\b{word}\b", osm, out)
    out = out.replace("t/m", "-").replace(" tot en met ", "-")
    out = _DAY_RE.sub(lambda m: _DAYS[m.group(1).lower()], out)
    out = _SPAN_RE.sub(_span, out)
    out = re.sub(r"\s*\ben\b\s*", ",", out)  # "di en do" -> "Tu,Th"
    out = re.sub(r"\s*-\s*", "-", out)
    out = re.sub(r"(?<=[A-Za-z]{2})\s*,\s*(?=[A-Z][a-z])", ",", out)
    out = re.sub(r"(?<=\d{2}:\d{2})\s*,\s*(?=\d)", ",", out)
    out = re.sub(r"\s*/\s*|\s*\|\s*", "; ", out)  # "ma 9-12 / wo 14-16" -> two rules
    out = re.sub(r"(?<=\d{2}:\d{2});?\s+(?=[A-Z][a-z])", "; ", out)
    out = out.replace("mo-su", "Mo-Su").replace("mo-fr", "Mo-Fr").replace("sa-su", "Sa-Su")
    return re.sub(r"\s+", " ", out).strip(" ;,")


def _span(m: re.Match[str]) -> str:
    h1, m1, h2, m2 = m.groups()
    return f"{int(h1):02d}:{int(m1 or 0):02d}-{int(h2):02d}:{int(m2 or 0):02d}"


def parse_hours(text: str) -> opening_hours.OpeningHours:
    """Read availability: OpenStreetMap syntax first, then Dutch shorthand.

    Raises
    ------
    HoursError
        When neither reading works.
    """
    for candidate in (text.strip(), to_osm_syntax(text)):
        try:
            return opening_hours.OpeningHours(candidate)
        except (opening_hours.ParserError, ValueError):  # type: ignore[attr-defined]
            continue
    raise HoursError(text)


def windows_on(text: str, day: date) -> list[Window]:
    """The windows on ``day`` when the host can receive a group (empty: never that day)."""
    hours = parse_hours(text)
    start = datetime.combine(day, time(0, 0))
    end = start + timedelta(days=1)
    out: list[Window] = []
    for opens, closes, state, _comment in hours.intervals(start, end):
        if state == opening_hours.State.OPEN:
            out.append(Window(max(opens, start), min(closes or end, end)))
    return out
