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

from safari._errors import HoursError

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
    # OpenStreetMap's own (English) abbreviations, when mixed with shorthand: "Mo-Fr 9-17"
    "mo": "Mo",
    "tu": "Tu",
    "we": "We",
    "th": "Th",
    "fr": "Fr",
    "sa": "Sa",
    "su": "Su",
}
_WORDS = {
    "dagelijks": "Mo-Su",
    "elke dag": "Mo-Su",
    "iedere dag": "Mo-Su",
    "werkdagen": "Mo-Fr",
    "weekend": "Sa-Su",
    "gesloten": "off",
    "altijd": "ALWAYS",
}
_DAY = "|".join(sorted(_DAYS, key=len, reverse=True))
_DAY_RE = re.compile(rf"\b({_DAY})\b\.?", re.IGNORECASE)
_CLOCK = r"(\d{1,2})(?:[:.](\d{2}))?(?:\s*u(?:ur)?\b)?"
_D = r"\b(?:Mo|Tu|We|Th|Fr|Sa|Su)\b"
_SPAN_RE = re.compile(rf"{_CLOCK}\s*(?:-|–|—|tot)\s*{_CLOCK}", re.IGNORECASE)


@dataclass(frozen=True)
class Window:
    """A time on one day when the host can receive a group."""

    opens: datetime
    closes: datetime

    def __str__(self) -> str:
        """The window as people write it: ``14:00–16:00``."""
        return f"{self.opens:%H:%M}–{self.closes:%H:%M}"


def to_osm_syntax(text: str) -> str:
    """Rewrite Dutch shorthand into OpenStreetMap ``opening_hours`` syntax.

    >>> to_osm_syntax("di en do 16-18")
    'Tu,Th 16:00-18:00'
    >>> to_osm_syntax("ma t/m vr 9:30-17")
    'Mo-Fr 09:30-17:00'
    >>> to_osm_syntax("ma 9-12 en wo 14-16")
    'Mo 09:00-12:00; We 14:00-16:00'
    """
    out = text.strip().lower()
    for word, osm in _WORDS.items():
        out = re.sub(rf"\b{word}\b", osm, out)
    out = out.replace("t/m", "-").replace(" tot en met ", "-")
    out = _DAY_RE.sub(lambda m: _DAYS[m.group(1).lower()], out)
    out = _SPAN_RE.sub(_span, out)
    out = re.sub(r"\s*\ben\b\s*", ",", out)  # "di en do" -> "Tu,Th"; "9-12 en 13-17"
    out = re.sub(r"\s*-\s*", "-", out)
    out = re.sub(rf"(?<={_D})\s*[,/]\s*(?={_D})", ",", out)  # "di/do" -> "Tu,Th"
    out = re.sub(r"(?<=\d{2}:\d{2})\s*[,/]\s*(?=\d)", ",", out)  # two spans, one day
    # a new day after a time starts a new rule: "ma 9-12, wo 14-16" / "ma 9-12 / wo 14-16"
    out = re.sub(rf"(?<=\d{{2}}:\d{{2}})\s*[,/|;]?\s*(?={_D})", "; ", out)
    out = re.sub(r"\s*[/|]\s*", "; ", out)
    out = out.replace("ALWAYS", "24/7")
    return re.sub(r"\s+", " ", out).strip(" ;,")


def _span(m: re.Match[str]) -> str:
    h1, m1, h2, m2 = m.groups()
    if (int(h2), int(m2 or 0)) <= (int(h1), int(m1 or 0)):
        # "9-5" or "4-6": hosts rarely receive groups past midnight; ask for 24-hour times
        raise HoursError(m.group(0))
    return f"{int(h1):02d}:{int(m1 or 0):02d}-{int(h2):02d}:{int(m2 or 0):02d}"


def parse_hours(text: str) -> opening_hours.OpeningHours:
    """Read availability: OpenStreetMap syntax first, then Dutch shorthand.

    Raises
    ------
    HoursError
        When neither reading works.
    """
    try:
        return opening_hours.OpeningHours(text.strip())
    except (opening_hours.ParserError, ValueError):  # type: ignore[attr-defined]
        pass
    try:
        return opening_hours.OpeningHours(to_osm_syntax(text))
    except (opening_hours.ParserError, ValueError, HoursError):  # type: ignore[attr-defined]
        raise HoursError(text) from None


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
