"""Texts for people, in the user's language: Dutch first (plain language, B1).

The texts live in gettext catalogues under ``safari/locale`` (see docs/architecture.md,
"Languages"): the ``participants`` domain for what participants, hosts and volunteers see
(maps, handout, host sheets, form, template) and the ``organiser`` domain for the command
line and its messages. Dutch is the source language: each ``msgid`` is the Dutch text and
its ``msgctxt`` is the key used here. ``t("map.navigate")`` looks the key up in the user's
language and falls back to Dutch.

Dates and numbers are written with Babel's locale data (imported only when one is
formatted, so ``safari --help`` stays light).
"""

from __future__ import annotations

import contextlib
import contextvars
import gettext
import html
import os
import re
import struct
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, SupportsInt

if TYPE_CHECKING:
    from datetime import date, datetime, time

__all__ = [
    "DOMAINS",
    "LANGUAGE_NAMES",
    "LOCALE_DIR",
    "RTL_LANGUAGES",
    "TEXTS",
    "date_text",
    "direction",
    "isolate",
    "isolate_numbers",
    "language",
    "language_name",
    "language_name_in",
    "languages",
    "mark_scripts",
    "number_text",
    "page_texts",
    "raw",
    "set_language",
    "t",
    "text_domain",
    "time_text",
    "tn",
    "use_language",
]

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
#: participants: what participants, hosts and volunteers see; organiser: CLI and errors.
DOMAINS = ("participants", "organiser")
SOURCE_LANGUAGE = "nl"
#: Languages written right to left (``dir="rtl"``).
RTL_LANGUAGES = frozenset(
    {"ar", "fa", "he", "ur", "ps", "ku", "yi", "ckb", "prs", "dv", "sd", "ug"}
)
#: Babel locale per language code where the plain code is not the one meant here.
_BABEL_LOCALE = {"en": "en_GB"}

#: Names of story languages, in the language itself (shown as the switch's label).
LANGUAGE_NAMES: dict[str, str] = {
    "nl": "Nederlands",
    "en": "English",
    "ar": "العربية",
    "tr": "Türkçe",
    "pl": "Polski",
    "uk": "Українська",
    "fr": "Français",
    "de": "Deutsch",
    "es": "Español",
    "pap": "Papiamentu",
    "so": "Soomaali",
    "ti": "ትግርኛ",
    "fa": "فارسی",
}


# --- which language -----------------------------------------------------------------------

_chosen: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "safari_language", default=None
)


_MO_MAGIC = 0x950412DE  # the first four bytes of a .mo file, in its byte order


def _code(text: str) -> str:
    """``en_GB.UTF-8`` -> ``en``; ``pap`` stays ``pap``."""
    return re.split(r"[_.@-]", text.strip().lower(), maxsplit=1)[0]


@cache
def languages(domain: str = "participants") -> tuple[str, ...]:
    """The languages with a catalogue in ``domain``, Dutch first."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{domain}.mo"))
    return (SOURCE_LANGUAGE, *(code for code in found if code != SOURCE_LANGUAGE))


def language() -> str:
    """The language of texts for people.

    ``--language`` (:func:`set_language`) or :func:`use_language` win; otherwise
    ``SAFARI_LANG``; otherwise Dutch. A language without a catalogue means Dutch.
    """
    chosen = _chosen.get()
    if chosen:
        return chosen
    code = _code(os.environ.get("SAFARI_LANG", "") or SOURCE_LANGUAGE)
    return code if code in languages("participants") or code in languages("organiser") else "nl"


def _checked(code: str) -> str:
    code = _code(code)
    if code not in languages("participants") and code not in languages("organiser"):
        from safari._errors import SafariError

        choices = ", ".join(sorted(set(languages("participants")) | set(languages("organiser"))))
        raise SafariError(t("cli.bad_language", value=code, choices=choices))
    return code


def set_language(code: str | None) -> None:
    """Choose the language for the rest of the run (``None``: back to ``SAFARI_LANG``)."""
    _chosen.set(_checked(code) if code else None)


@contextlib.contextmanager
def use_language(code: str) -> Iterator[str]:
    """Write texts in ``code`` inside the ``with`` block (e.g. one handout per language)."""
    token = _chosen.set(_checked(code))
    try:
        yield _chosen.get() or SOURCE_LANGUAGE
    finally:
        _chosen.reset(token)


def direction(code: str | None = None) -> str:
    """``rtl`` for a language written right to left, else ``ltr``."""
    return "rtl" if _code(code or language()) in RTL_LANGUAGES else "ltr"


# --- the catalogues -------------------------------------------------------------------------

_Entry = tuple[list[str], list[str]]  # (msgids, msgstrs)


def _read_mo(path: Path) -> tuple[dict[str, _Entry], Callable[[int], int]]:
    """A compiled catalogue: ``{key: (msgids, msgstrs)}`` and its plural rule."""
    data = path.read_bytes()
    order = "<" if struct.unpack("<I", data[:4])[0] == _MO_MAGIC else ">"
    count, ids_at, strs_at = struct.unpack(f"{order}3I", data[8:20])
    entries: dict[str, _Entry] = {}
    plural: Callable[[int], int] = lambda n: int(n != 1)  # noqa: E731  the default, until Plural-Forms
    for i in range(count):
        id_len, id_at = struct.unpack(f"{order}2I", data[ids_at + 8 * i : ids_at + 8 * i + 8])
        str_len, str_at = struct.unpack(f"{order}2I", data[strs_at + 8 * i : strs_at + 8 * i + 8])
        msgid = data[id_at : id_at + id_len].decode("utf-8")
        msgstr = data[str_at : str_at + str_len].decode("utf-8")
        if not msgid:
            found = re.search(r"^Plural-Forms:.*?plural=([^;\n]+)", msgstr, re.MULTILINE)
            if found:
                plural = gettext.c2py(found.group(1).strip())
            continue
        key, sep, text = msgid.partition("\x04")
        if sep:
            entries[key] = (text.split("\x00"), msgstr.split("\x00"))
    return entries, plural


@cache
def _catalogue(lang: str, domain: str) -> tuple[dict[str, _Entry], Callable[[int], int]]:
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.mo"
    if not path.exists():
        return {}, lambda n: int(n != 1)
    return _read_mo(path)


@cache
def _source() -> dict[str, tuple[str, _Entry]]:
    """Every key: its domain and its Dutch entry."""
    out: dict[str, tuple[str, _Entry]] = {}
    for domain in DOMAINS:
        for key, entry in _catalogue(SOURCE_LANGUAGE, domain)[0].items():
            out[key] = (domain, entry)
    return out


def text_domain(key: str) -> str:
    """The catalogue (``participants`` or ``organiser``) that holds ``key``."""
    return _source()[key][0]


def _template(key: str, lang: str, n: object = None) -> str:
    """The text of ``key`` in ``lang`` (Dutch when it has no current translation)."""
    domain, (msgids, dutch) = _source()[key]  # KeyError for an unknown key, as before
    forms, choose = dutch, _catalogue(SOURCE_LANGUAGE, domain)[1]
    if lang != SOURCE_LANGUAGE:
        entries, plural = _catalogue(lang, domain)
        found = entries.get(key)
        # A translation of an older Dutch text is not used (gettext: a fuzzy entry).
        if found is not None and found[0] == msgids and all(found[1]):
            forms, choose = found[1], plural
    if len(forms) == 1:
        return forms[0]
    index = choose(_count(n))
    return forms[min(index, len(forms) - 1)]


def _count(n: object) -> int:
    if not isinstance(n, SupportsInt | str):
        return 2  # no number: the plural form
    try:
        return abs(int(n))
    except (TypeError, ValueError):
        return 2  # no number: the plural form


#: Unicode isolates (FSI ... PDI): a number or a Latin name keeps its own direction.
_FSI, _PDI = "\u2068", "\u2069"


def isolate(value: object) -> str:
    """``value`` between Unicode isolates, so it cannot reorder the text around it."""
    return f"{_FSI}{value}{_PDI}"


def _fill(text: str, lang: str, values: Mapping[str, object]) -> str:
    if lang in RTL_LANGUAGES:
        values = {k: isolate(v) if _needs_isolate(v) else v for k, v in values.items()}
    return text.format(**values)


def _needs_isolate(value: object) -> bool:
    text = str(value)
    return (
        bool(text)
        and not text.startswith(_FSI)
        and any(ch.isdigit() or ("LATIN" in unicodedata.name(ch, "")) for ch in text)
    )


def t(key: str, /, **values: object) -> str:
    """The text for ``key`` in the user's language, with ``values`` filled in.

    For a text with plural forms, ``n`` or ``count`` chooses the form. In a right-to-left
    language, values with digits or Latin letters are isolated (see :func:`isolate`).
    """
    lang = language()
    return _fill(_template(key, lang, values.get("n", values.get("count"))), lang, values)


def tn(key: str, n: int, /, **values: object) -> str:
    """The plural form of ``key`` for ``n`` (``{n}`` is filled in too)."""
    lang = language()
    return _fill(_template(key, lang, n), lang, {"n": n, **values})


def raw(key: str, lang: str | None = None, *, n: object = None) -> str:
    """The text with its ``{placeholders}`` left in, for a page's script to fill in.

    In a right-to-left language each placeholder is isolated.
    """
    lang = _code(lang) if lang else language()
    text = _template(key, lang, n)
    if lang in RTL_LANGUAGES:
        text = re.sub(r"(\{\w+\})", _FSI + r"\1" + _PDI, text)
    return text


class _Pairs(Mapping[str, tuple[str, str]]):
    """Read-only ``TEXTS[key] -> (Dutch, English)`` for code written before the catalogues."""

    def __getitem__(self, key: str) -> tuple[str, str]:
        return (_template(key, "nl"), _template(key, "en"))

    def __iter__(self) -> Iterator[str]:
        return iter(_source())

    def __len__(self) -> int:
        return len(_source())


#: Compatibility view (Dutch, English) of every text; new texts go into the catalogues.
TEXTS: Mapping[str, tuple[str, str]] = _Pairs()


def page_texts(codes: Iterable[str]) -> dict[str, dict[str, str]]:
    """The participant page's texts per language: ``{lang: {key: text}}``.

    Keys are those of the ``map.`` texts without the prefix (``"navigate"``,
    ``"now_next"``, ``"wheelchair.yes"``...), with placeholders left in for the page's
    script (isolated in a right-to-left language), plus ``"lang"`` and ``"dir"``. A
    language without a catalogue gets the Dutch texts (and its own ``lang``/``dir``).
    """
    out: dict[str, dict[str, str]] = {}
    keys = [k for k, (domain, _) in _source().items() if domain == "participants"]
    for code in dict.fromkeys(_code(c) for c in codes):
        texts = {k.removeprefix("map."): raw(k, code) for k in keys if k.startswith("map.")}
        texts.update({k: raw(k, code) for k in keys if k.startswith("time.")})
        texts["lang"], texts["dir"] = code, direction(code)
        out[code] = texts
    return out


# --- names, dates, numbers ----------------------------------------------------------------


def language_name(code: str) -> str:
    """The name of a story language for its switch, e.g. ``ar`` -> ``العربية``."""
    return LANGUAGE_NAMES.get(code.lower(), code)


def language_name_in(code: str, lang: str | None = None) -> str:
    """The name of language ``code`` in language ``lang``: ``ar`` in Dutch is ``Arabisch``."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(
            _BABEL_LOCALE.get(lang or language(), lang or language())
        ).languages.get(code)
    except (UnknownLocaleError, ValueError):
        name = None
    return str(name) if name else language_name(code)


def _locale(lang: str | None) -> str:
    code = _code(lang) if lang else language()
    return _BABEL_LOCALE.get(code, code)


def date_text(day: date, *, weekday: bool = False, lang: str | None = None) -> str:
    """A date for people, from Babel's locale data: ``12 maart 2026``.

    With the weekday: ``donderdag 12 maart 2026`` (``Thursday 12 March 2026``,
    ``12 Mart 2026 Perşembe``).
    """
    from babel.dates import format_date

    locale = _locale(lang)
    if locale.startswith(("nl", "en")):
        pattern = "EEEE d MMMM y" if weekday else "d MMMM y"
        return format_date(day, pattern, locale=locale)
    return format_date(day, "full" if weekday else "long", locale=locale)


def time_text(moment: time | datetime, *, lang: str | None = None) -> str:
    """A clock time, 24 hours: ``14:05`` (isolated in a right-to-left language)."""
    text = f"{moment:%H:%M}"
    return isolate(text) if _code(lang or language()) in RTL_LANGUAGES else text


def number_text(value: float, *, digits: int = 1, lang: str | None = None) -> str:
    """A number with the language's decimal mark (Babel): ``2,4`` in Dutch, ``2.4`` in English."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=_locale(lang))


# --- right to left and scripts --------------------------------------------------------------

#: The language meant by a script, where a name mixes scripts (first word of the
#: character's Unicode name). Arabic letters mean Arabic unless Persian letters show.
SCRIPT_LANGUAGES = {
    "ARABIC": "ar",
    "HEBREW": "he",
    "CYRILLIC": "uk",
    "ETHIOPIC": "ti",
    "GREEK": "el",
    "ARMENIAN": "hy",
    "GEORGIAN": "ka",
    "DEVANAGARI": "hi",
    "BENGALI": "bn",
    "TAMIL": "ta",
    "THAI": "th",
    "HANGUL": "ko",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "CJK": "zh",
    "TIFINAGH": "zgh",
    "LATIN": "latin",
}
_PERSIAN = set("پچژگکی")


def _script(ch: str) -> str | None:
    if ch.isdigit() or not ch.isalpha():
        return None
    return SCRIPT_LANGUAGES.get(unicodedata.name(ch, "").split(" ", 1)[0])


_NUMBER = re.compile(r"\+?\d[\d \u00a0./:-]*\d|\d")


def isolate_numbers(text_html: str) -> str:
    """Numbers, times and phone numbers in HTML text wrapped in ``<bdi dir="ltr">``.

    The direction is explicit: WeasyPrint does not resolve a bare ``<bdi>`` itself.

    In an Arabic story ``14 020`` then stays ``14 020`` (not ``020 14``). Only text
    between tags is changed.
    """
    parts = re.split(r"(<[^>]*>)", text_html)
    for i in range(0, len(parts), 2):
        parts[i] = _NUMBER.sub(lambda m: f'<bdi dir="ltr">{m.group(0)}</bdi>', parts[i])
    return "".join(parts)


def mark_scripts(text: str, *, lang: str = "nl") -> str:
    """Plain ``text`` as HTML, each part in another script than ``lang``'s in a ``lang`` span.

    ``Moskee Al-Fath مسجد الفتح`` on a Dutch page becomes
    ``Moskee Al-Fath <span lang="ar" dir="rtl">مسجد الفتح</span>``, so a screen reader
    reads each part with the right voice; digits are isolated with ``<bdi>``.
    Latin parts on a page in another script are marked as Dutch.
    """
    base = _code(lang)
    own = {code for name, code in SCRIPT_LANGUAGES.items() if code == base}
    base_script = "latin" if not own else base
    if base in ("fa", "ur", "ps", "ckb"):
        base_script = "ar"
    runs: list[list[Any]] = []  # [script, text]
    for ch in text:
        script = _script(ch)
        if script is None or (runs and runs[-1][0] == script):
            if runs:
                runs[-1][1] += ch
            else:
                runs.append([None, ch])
            continue
        runs.append([script, ch])
    out: list[str] = []
    for script, part in runs:
        if script is None or script == base_script:
            out.append(isolate_numbers(html.escape(part, quote=False)))
            continue
        end = max(i for i, ch in enumerate(part) if ch.isalnum()) + 1
        body, rest = part[:end], part[end:]  # trailing spaces and marks stay outside
        code = "nl" if script == "latin" else script
        if code == "ar" and _PERSIAN & set(body) and base != "ar":
            code = "fa"
        dir_ = "rtl" if code in RTL_LANGUAGES else "ltr"
        out.append(
            f'<span lang="{code}" dir="{dir_}">'
            f"{isolate_numbers(html.escape(body, quote=False))}</span>"
            f"{isolate_numbers(html.escape(rest, quote=False))}"
        )
    return "".join(out)
