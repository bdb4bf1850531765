"""Stops: read the venues and their stories, check them, and sanitise them once.

A stops file is read by a reader chosen by its suffix (``_READERS``). Each reader only
turns the file into raw rows with the row numbers the user sees; one shared step then
checks every row, collects every problem and builds the GeoDataFrame (EPSG:4326).

Untrusted text is sanitised here, at the border, and nowhere else:

- short text fields (names, kinds, contact fields, links, unknown columns) become
  plain text, HTML-escaped (:func:`sanitise_text`);
- stories (``verhaal`` and ``verhaal_<taal>``) keep a small allow-list of markup
  (:func:`sanitise_story`).

Both then encode a backslash, a backtick and ``$`` as HTML entities, because Folium
places popup HTML inside a JavaScript template literal. Stored text is therefore
HTML: put it in a page as it is, and use :func:`as_plain` for a terminal, GPX or CSV.

Privacy: contact fields, the submitter, the consent record and the review history are
for organisers only. :func:`public_stops` keeps the whitelisted public columns
(:data:`PUBLIC_COLUMNS`) of the stops whose hosts agreed to publication.
"""

from __future__ import annotations

import codecs
import csv
import html
import io
import json
import logging
import math
import os
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import charset_normalizer
import geopandas as gpd
import nh3
import pandas as pd
from pyproj import Transformer
from shapely.geometry import Point

from safari._errors import StopsError
from safari.i18n import t

__all__ = [
    "PUBLIC_COLUMNS",
    "as_plain",
    "public_stops",
    "read_stops",
    "sanitise_story",
    "sanitise_text",
]

log = logging.getLogger(__name__)

# --- sanitising ---------------------------------------------------------------------------

#: Markup a story may keep; everything else is removed (its text stays).
STORY_TAGS = frozenset({"p", "br", "strong", "em", "ul", "ol", "li", "a", "img"})
STORY_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
STORY_URL_SCHEMES = frozenset({"https", "mailto", "tel"})

_STORY_CLEANER = nh3.Cleaner(
    tags=set(STORY_TAGS),
    clean_content_tags={"script", "style"},
    attributes={tag: set(names) for tag, names in STORY_ATTRIBUTES.items()},
    url_schemes=set(STORY_URL_SCHEMES),
    url_relative="deny",
    link_rel="noopener noreferrer",
    strip_comments=True,
)
_TEXT_CLEANER = nh3.Cleaner(
    tags=set(), clean_content_tags={"script", "style"}, attributes={}, strip_comments=True
)
# Folium puts popup HTML in a JavaScript template literal: `...${...}...`.
_TEMPLATE_LITERAL = str.maketrans({"\\": "&#92;", "`": "&#96;", "$": "&#36;"})
# C0 control characters except tab, newline and carriage return, and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLOCK_MARKUP = re.compile(r"<\s*(p|br|ul|ol|li)\b", re.IGNORECASE)


def sanitise_text(text: str) -> str:
    """Make untrusted short text safe to show in a map: plain text, no tags at all.

    Tags are removed (the content of ``<script>`` and ``<style>`` too), the remaining
    text is HTML-escaped (also quotes), and a backslash, backtick and ``$`` are encoded
    as ``&#92;``, ``&#96;`` and ``&#36;`` so the text is safe inside a JavaScript
    template literal.

    Parameters
    ----------
    text : str
        Text as the user wrote it.

    Returns
    -------
    str
        HTML-safe text. Use :func:`as_plain` to get the plain text back.

    Examples
    --------
    >>> sanitise_text("Café <b>De Brug</b> & co `${x}`")
    'Café De Brug &amp; co &#96;&#36;{x}&#96;'
    """
    plain = html.unescape(_TEXT_CLEANER.clean(_CONTROL.sub("", text)))
    return html.escape(plain, quote=True).translate(_TEMPLATE_LITERAL)


def sanitise_story(text: str) -> str:
    """Make an untrusted story safe to show in a map, keeping simple markup.

    Allowed: ``p br strong em ul ol li a img``, with ``a[href]`` and ``img[src alt]``;
    links only with ``https:``, ``mailto:`` or ``tel:`` (relative links are removed);
    links get ``rel="noopener noreferrer"``. A story without paragraph or line-break
    markup gets its newlines turned into markup first: a blank line starts a new
    paragraph (``<p>``), a single newline becomes ``<br>``. After cleaning, a
    backslash, backtick and ``$`` are encoded as HTML entities (see
    :func:`sanitise_text`).

    Parameters
    ----------
    text : str
        The story as the user wrote it (plain text or HTML).

    Returns
    -------
    str
        A safe HTML fragment.

    Examples
    --------
    >>> sanitise_story("Welkom!\\n<strong>Koffie</strong> <script>alert(1)</script>")
    'Welkom!<br><strong>Koffie</strong> '
    """
    text = _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n").strip()
    if "\n" in text and not _BLOCK_MARKUP.search(text):
        paragraphs = [part.strip() for part in re.split(r"\n[ \t]*\n", text) if part.strip()]
        lines = [part.replace("\n", "<br>") for part in paragraphs]
        text = lines[0] if len(lines) == 1 else "".join(f"<p>{line}</p>" for line in lines)
    return _STORY_CLEANER.clean(text).translate(_TEMPLATE_LITERAL)


class _PlainText(HTMLParser):
    """Collect the text of an HTML fragment; line breaks for ``br``, ``p`` and ``li``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in {"p", "ul", "ol"}:
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"p", "ul", "ol"}:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def as_plain(value: str) -> str:
    """Turn stored (sanitised) text back into plain text, for a terminal, GPX or CSV.

    Tags are removed (``<br>``, ``<p>`` and ``<li>`` become line breaks) and entities
    are decoded, so ``as_plain(sanitise_text(s)) == s`` for text without tags.

    Parameters
    ----------
    value : str
        Text from a stops GeoDataFrame (output of :func:`sanitise_text` or
        :func:`sanitise_story`).

    Returns
    -------
    str
        Plain text. Do not put it into HTML without escaping it again.

    Examples
    --------
    >>> as_plain("Caf&eacute; &amp; co<br>&#36;5")
    'Café & co\\n$5'
    """
    parser = _PlainText()
    parser.feed(value)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


# --- columns ------------------------------------------------------------------------------

#: Output columns in this order (``verhaal_<taal>`` columns follow ``verhaal``).
COLUMNS = (
    "id",
    "naam",
    "soort",
    "verhaal",
    "foto",
    "audio",
    "website",
    "bezoekduur",
    "beschikbaar",
    "capaciteit",
    "gespreksvragen",  # issue 17: what the host would like to be asked (a story column)
    "rolstoel",
    "contactpersoon",
    "telefoon",
    "email",
    "status",
    "ingediend_door",
    "toestemming",
)
_NUMBER_COLUMNS = frozenset({"bezoekduur", "capaciteit"})
_COORDINATE_COLUMNS = ("lat", "lon", "x", "y")
_LINK_COLUMNS = ("foto", "audio", "website")
_RESERVED = frozenset({"geometry", "bron_rij"})

#: Column names people use (lower case, spaces and hyphens as ``_``) -> canonical name.
ALIASES: dict[str, str] = {
    **{name: name for name in (*COLUMNS, *_COORDINATE_COLUMNS, "adres")},
    "name": "naam",
    "kind": "soort",
    "category": "soort",
    "categorie": "soort",
    "story": "verhaal",
    "description": "verhaal",
    "beschrijving": "verhaal",
    "photo": "foto",
    "image": "foto",
    "afbeelding": "foto",
    "url": "website",
    "webadres": "website",
    "visit_minutes": "bezoekduur",
    "visit_duration": "bezoekduur",
    "duur": "bezoekduur",
    "opening_hours": "beschikbaar",
    "openingstijden": "beschikbaar",
    "availability": "beschikbaar",
    "capacity": "capaciteit",
    "questions": "gespreksvragen",
    "vragen": "gespreksvragen",
    "wheelchair": "rolstoel",
    "rolstoeltoegankelijk": "rolstoel",
    "contact": "contactpersoon",
    "contact_person": "contactpersoon",
    "phone": "telefoon",
    "telephone": "telefoon",
    "telefoonnummer": "telefoon",
    "e_mail": "email",
    "mail": "email",
    "submitted_by": "ingediend_door",
    "latitude": "lat",
    "breedtegraad": "lat",
    "longitude": "lon",
    "lng": "lon",
    "long": "lon",
    "lengtegraad": "lon",
    "address": "adres",
    "consent": "toestemming",
    "publicatie": "toestemming",
    "toestemming_publicatie": "toestemming",
}
_STORY_LANGUAGE = re.compile(r"^(?:verhaal|story)_([a-z]{2,3})$")

_STATUS = {
    "ingediend": "ingediend",
    "submitted": "ingediend",
    "goedgekeurd": "goedgekeurd",
    "approved": "goedgekeurd",
    "afgewezen": "afgewezen",
    "rejected": "afgewezen",
    "voorstel": "voorstel",
    "suggested": "voorstel",
    "suggestion": "voorstel",
    "ingetrokken": "ingetrokken",  # issue 10: the group took its stop back
    "withdrawn": "ingetrokken",
}
#: Kinds of venue (``soort``); other text is allowed and shown as ``overig``'s icon.
KINDS = (
    "migrantenorganisatie",
    "buurthuis",
    "gebedshuis",
    "bibliotheek",
    "ondernemer",
    "zorg",
    "sport",
    "school",
    "overig",
)
#: Kinds as people write them in English (issue 17) -> the Dutch kind.
KIND_ALIASES = {
    "migrant organisation": "migrantenorganisatie",
    "migrant organization": "migrantenorganisatie",
    "community centre": "buurthuis",
    "community center": "buurthuis",
    "place of worship": "gebedshuis",
    "mosque": "gebedshuis",
    "church": "gebedshuis",
    "library": "bibliotheek",
    "business": "ondernemer",
    "shop": "ondernemer",
    "entrepreneur": "ondernemer",
    "care": "zorg",
    "health": "zorg",
    "sports": "sport",
    "other": "overig",
}
#: Review statuses, in the order of the review.
STATUSES = ("voorstel", "ingediend", "goedgekeurd", "afgewezen", "ingetrokken")
_CONSENT_UNKNOWN = ("onbekend", "unknown", "?")  # issue 10: not stated, so no consent
_CONSENT = {
    **dict.fromkeys(("ja", "yes", "j", "y", "true", "1", "x", "waar", "akkoord"), True),
    **dict.fromkeys(("nee", "no", "n", "false", "0", "onwaar"), False),
    **dict.fromkeys(_CONSENT_UNKNOWN, False),
}

#: Columns that may appear in a public output (participant map, GPX, handout, public
#: export), besides ``verhaal_<taal>`` and the geometry. Everything else is internal.
PUBLIC_COLUMNS = (
    "id",
    "naam",
    "soort",
    "verhaal",
    "foto",
    "audio",
    "website",
    "bezoekduur",
    "beschikbaar",
    "capaciteit",
    "rolstoel",
    "gespreksvragen",  # issue 15: for participants, leaders and hosts
)

# Limits that keep a hostile file from exhausting memory or time. A safari has tens of
# stops; these are far above any real stops file.
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_ROWS = 10_000
MAX_CELL_CHARS = 500_000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # XLSX (a zip): all parts together, unpacked
MAX_PHOTO_CHARS = 300_000  # a photo from the form, as a data: URL (about 200 kB)
_PHOTO_DATA_URL = re.compile(r"data:image/(?:jpeg|png|webp);base64,[A-Za-z0-9+/]+={0,2}")
_WHEELCHAIR = {
    **dict.fromkeys(("ja", "yes", "j", "y", "true", "1", "wel"), "yes"),
    **dict.fromkeys(("beperkt", "limited", "deels", "gedeeltelijk"), "limited"),
    **dict.fromkeys(("nee", "no", "n", "false", "0", "niet"), "no"),
}

# The Netherlands, generously; RD New's usable range.
NL_LAT = (50.7, 53.7)
NL_LON = (3.2, 7.3)
RD_X = (0.0, 300_000.0)
RD_Y = (300_000.0, 625_000.0)


def canonical_column(name: str) -> str | None:
    """Canonical Dutch column name for a column as the user wrote it, or ``None``.

    Case and surrounding spaces are ignored; spaces and hyphens inside count as ``_``
    (``"Visit minutes"`` -> ``bezoekduur``, ``"Story_EN"`` -> ``verhaal_en``).
    """
    name = re.sub(r"\s*\([^()]*\)\s*$", "", name)  # "verhaal_ar (Arabisch)", issue 17
    key = re.sub(r"[\s\-]+", "_", name.strip().casefold())
    if key in ALIASES:
        return ALIASES[key]
    match = _STORY_LANGUAGE.match(key)
    return f"verhaal_{match.group(1)}" if match else None


# --- raw rows -----------------------------------------------------------------------------


@dataclass
class _Raw:
    """What a reader found: columns, rows and the numbers the user sees for them."""

    kind: str  # "table" (rows and columns) or "geojson" (features and properties)
    columns: list[str]
    rows: list[dict[str, object]]
    labels: list[int]
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # GeoJSON: the point of each feature (first, second coordinate), if it has one.
    points: list[tuple[float, float] | None] = field(default_factory=list)
    points_in_rd: bool = False
    # GeoJSON: features whose geometry already has a problem.
    bad_geometry: set[int] = field(default_factory=set)
    # XLSX: formula cells, (row index, column) -> the formula (issue 17).
    formulas: dict[tuple[int, str], str] = field(default_factory=dict)


def _fail(source: str, problems: list[str]) -> StopsError:
    """Build the error with a header line and one line per problem."""
    key = "stops.header_one" if len(problems) == 1 else "stops.header_many"
    lines = [t(key, path=source, count=len(problems)), *(f"- {p}" for p in problems)]
    return StopsError("\n".join(lines), problems)


def _fail_plain(sentence: str, *, details: list[str] | None = None) -> StopsError:
    """Build an error that is one sentence (and maybe a list), not a list of problems."""
    lines = [sentence, *(f"- {d}" for d in details or [])]
    return StopsError("\n".join(lines), [sentence])


def _show(value: object, limit: int = 60) -> str:
    """A value as the user typed it, safe to print in a terminal and not too long."""
    text = _CONTROL.sub("?", str(value).strip()).replace("\n", " ").replace("\r", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _join(items: list[str]) -> str:
    """``a``, ``a en b``, ``a, b en c``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t('stops.and')} {items[-1]}"


def _column_letter(index: int) -> str:
    """Spreadsheet letter of a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# --- decoding -----------------------------------------------------------------------------


def _decode(data: bytes) -> str | None:
    """Bytes to text as Dutch Excel writes them, or ``None`` when it is not text.

    A BOM decides (UTF-8, UTF-16). Without one: strict UTF-8; else line by line UTF-8
    or cp1252 (Windows, so also a file with a few pasted cp1252 lines); else
    charset-normalizer's best guess.
    """
    text: str | None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    else:
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_by_line(data)
    if text is None:
        best = charset_normalizer.from_bytes(data).best()
        text = None if best is None else str(best)
    if text is None or _looks_binary(text):
        return None
    return text


def _decode_by_line(data: bytes) -> str | None:
    lines = []
    for line in data.split(b"\n"):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                lines.append(line.decode("cp1252"))
            except UnicodeDecodeError:
                return None
    return "\n".join(lines)


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    controls = len(_CONTROL.findall(text))
    return controls > max(3, len(text) // 100)


# --- readers ------------------------------------------------------------------------------


@contextmanager
def _large_fields() -> Iterator[None]:
    """Allow fields longer than the csv module's default 131072 characters."""
    old = csv.field_size_limit()
    csv.field_size_limit(2**31 - 1)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _sniff_delimiter(line: str, *, prefer_tab: bool) -> str:
    counts = {d: line.count(d) for d in (";", ",", "\t")}
    order = ["\t", ";", ","] if prefer_tab else [";", ",", "\t"]
    best = max(order, key=lambda d: counts[d])  # max keeps the first on a tie
    return best if counts[best] else ("\t" if prefer_tab else ",")


def _read_delimited(data: bytes, source: str, suffix: str) -> _Raw:
    """Read CSV (``;``, ``,`` or tab) or tab-separated text, as Dutch Excel writes it."""
    if not data.strip():
        raise _fail(source, [t("stops.empty")])
    text = _decode(data)
    if text is None:
        raise _fail(source, [t("stops.undecodable")])
    if not text.strip(" \t\r\n\ufeff;,"):
        raise _fail(source, [t("stops.empty")])
    text = text.lstrip("\ufeff")
    first, _, rest = text.partition("\n")
    sep = re.fullmatch(r'\s*"?sep=(.)"?[;,\t]*\s*', first)
    if sep:  # Excel's "sep=;" line; Excel does not show it as a row
        delimiter, text = sep.group(1), rest
    else:
        header_line = next((line for line in text.splitlines() if line.strip(" \t;,")), "")
        delimiter = _sniff_delimiter(header_line, prefer_tab=suffix in {".txt", ".tsv"})

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    with _large_fields():
        try:
            for record in reader:
                records.append(record)
                if len(records) > MAX_ROWS + 1:
                    raise _fail(source, [t("stops.too_many_rows", limit=f"{MAX_ROWS:,}")])
        except csv.Error as error:
            raise _fail(
                source, [t("stops.csv_broken", row=len(records) + 1, reason=str(error))]
            ) from error
    return _table(records, source)


# Spreadsheet exports put an apostrophe before a cell that a spreadsheet would take for
# a formula (see safari.sheets); reading takes it off again.
_GUARDED = re.compile(r"'(?=[=+\-@\t\r])")


def _table(
    records: list[list[str]], source: str, formulas: dict[tuple[int, int], str] | None = None
) -> _Raw:
    """Rows of cells (row 1 first, as the spreadsheet shows them) -> raw table rows."""
    # Excel shows each record as one row: header = row 1, a multi-line story is one row.
    cells = [[_GUARDED.sub("", cell.strip(), count=1) for cell in record] for record in records]
    filled = [n for n, record in enumerate(cells) if any(record) or _has_formula(formulas, n)]
    if not filled:
        raise _fail(source, [t("stops.empty")])
    header_at = filled[0]
    body = [n for n in filled if n > header_at]
    if formulas:
        for n in body:  # a formula cell at the end of a row still counts
            width = max([len(cells[n]), *(j + 1 for (m, j) in formulas if m == n)])
            cells[n] += [""] * (width - len(cells[n]))
    if not body:
        raise _fail(source, [t("stops.only_header")])

    header = cells[header_at]
    width = max(len(cells[n]) for n in [header_at, *body])
    raw = _Raw(kind="table", columns=[], rows=[{} for _ in body], labels=[n + 1 for n in body])
    seen: dict[str, int] = {}
    for j in range(width):
        name = header[j] if j < len(header) else ""
        has_data = any(j < len(cells[n]) and cells[n][j] for n in body)
        if not name:
            if not has_data:
                continue  # an empty column, as Excel leaves at the end
            name = f"kolom_{_column_letter(j)}"
            raw.warnings.append(t("stops.warn_unnamed_column", letter=_column_letter(j), name=name))
        key = name.casefold()
        if key in seen:
            seen[key] += 1
            new = f"{name}_{seen[key]}"
            raw.warnings.append(t("stops.warn_duplicate_column", name=name, new=new))
            name = new
        else:
            seen[key] = 1
        raw.columns.append(name)
        for index, (row, n) in enumerate(zip(raw.rows, body, strict=True)):
            row[name] = cells[n][j] if j < len(cells[n]) else ""
            if formulas and (n, j) in formulas:
                raw.formulas[(index, name)] = formulas[(n, j)]
    raw.points = [None] * len(raw.rows)
    return raw


def _has_formula(formulas: dict[tuple[int, int], str] | None, n: int) -> bool:
    return bool(formulas) and any(m == n for m, _ in formulas or {})


def _read_geojson(data: bytes, source: str, suffix: str) -> _Raw:
    """Read a GeoJSON FeatureCollection (or one Feature) of points."""
    if not data.strip():
        raise _fail(source, [t("stops.empty_file")])
    text = _decode(data)
    if text is None:
        raise _fail(source, [t("stops.undecodable")])
    try:
        document = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as error:
        raise _fail(
            source, [t("stops.geojson_syntax", line=error.lineno, column=error.colno)]
        ) from error
    except RecursionError as error:  # [[[[...]]]] nested thousands deep
        raise _fail(source, [t("stops.too_deep")]) from error
    if isinstance(document, dict) and document.get("type") == "Feature":
        features: object = [document]
    elif isinstance(document, dict) and document.get("type") == "FeatureCollection":
        features = document.get("features")
    else:
        features = None
    if not isinstance(features, list):
        raise _fail(source, [t("stops.geojson_structure")])
    if not features:
        raise _fail(source, [t("stops.no_features")])

    crs = json.dumps(document.get("crs") or "")
    raw = _Raw(kind="geojson", columns=[], rows=[], labels=[], points_in_rd="28992" in crs)
    for number, feature in enumerate(features, start=1):
        index = number - 1
        raw.labels.append(number)
        raw.points.append(None)
        where = t("stops.feature_in_file", row=number)
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raw.rows.append({})
            raw.bad_geometry.add(index)
            raw.problems.append(t("stops.geojson_not_feature", where=where))
            continue
        properties = feature.get("properties")
        row = {str(k).strip(): v for k, v in (properties or {}).items()}
        raw.rows.append(row)
        for name in row:
            if name not in raw.columns:
                raw.columns.append(name)
        geometry = feature.get("geometry")
        if geometry is None:
            continue  # coordinates may still be in the properties
        kind = geometry.get("type") if isinstance(geometry, dict) else None
        where = f"{where}, {t('stops.in_geometry')}"
        if kind != "Point":
            name = next((v for k, v in row.items() if canonical_column(k) == "naam"), "")
            raw.bad_geometry.add(index)
            raw.problems.append(
                t("stops.geojson_not_point", where=where, name=_show(name or "?"), kind=kind)
            )
            continue
        coordinates = geometry.get("coordinates")
        if (
            isinstance(coordinates, list)
            and len(coordinates) >= 2
            and all(_is_number(c) for c in coordinates[:2])
        ):
            raw.points[index] = (float(coordinates[0]), float(coordinates[1]))
        else:
            raw.bad_geometry.add(index)
            raw.problems.append(t("stops.geojson_bad_point", where=where))
    return raw


def _read_xlsx(data: bytes, source: str, suffix: str) -> _Raw:
    """Read an Excel workbook (``.xlsx``): the first sheet with a ``naam`` column.

    openpyxl parses the workbook's XML with defusedxml (entity expansion is refused);
    the unpacked size is checked first, so a zip bomb is refused before unpacking.
    """
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    if not data.strip():
        raise _fail(source, [t("stops.empty_file")])
    buffer = io.BytesIO(data)
    try:
        with zipfile.ZipFile(buffer) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise _fail(source, [t("stops.xlsx_not_excel")]) from error
    if unpacked > MAX_UNPACKED_BYTES:
        mb = f"{unpacked / 1e6:,.0f}"
        raise _fail(source, [t("stops.xlsx_too_big", size=mb)])
    try:
        book = openpyxl.load_workbook(buffer, read_only=True, data_only=False)  # formulas
    except Exception as error:  # openpyxl raises many kinds for a broken workbook
        log.info("%s: openpyxl could not open it: %r", source, error)
        if _is_xml_attack(error):
            raise _fail(source, [t("stops.xml_entities")]) from error
        if isinstance(error, InvalidFileException | zipfile.BadZipFile | KeyError):
            raise _fail(source, [t("stops.xlsx_not_excel")]) from error
        raise _fail(source, [t("stops.xlsx_broken", reason=type(error).__name__)]) from error
    try:
        sheets = [sheet for sheet in book.worksheets if hasattr(sheet, "iter_rows")]
        chosen: list[list[str]] | None = None
        chosen_formulas: dict[tuple[int, int], str] = {}
        for sheet in sheets:
            sheet.reset_dimensions()  # a sheet's own size claim is not trusted
            formulas: dict[tuple[int, int], str] = {}
            records = _sheet_records(sheet, source, formulas)
            header = next((record for record in records if any(record)), [])
            if chosen is None or any(canonical_column(cell) == "naam" for cell in header):
                chosen, chosen_formulas = records, formulas
                if any(canonical_column(cell) == "naam" for cell in header):
                    break
    except StopsError:
        raise
    except Exception as error:
        log.info("%s: openpyxl could not read a sheet: %r", source, error)
        if _is_xml_attack(error):
            raise _fail(source, [t("stops.xml_entities")]) from error
        raise _fail(source, [t("stops.xlsx_broken", reason=type(error).__name__)]) from error
    finally:
        book.close()
    if chosen is None:
        raise _fail(source, [t("stops.empty")])
    return _table(chosen, source, chosen_formulas)


def _sheet_records(
    sheet: object, source: str, formulas: dict[tuple[int, int], str]
) -> list[list[str]]:
    """Cell texts per row; formula cells are left empty and noted in ``formulas``."""
    records: list[list[str]] = []
    rows = sheet.iter_rows(min_row=1, max_row=MAX_ROWS + 2)  # type: ignore[attr-defined]
    for n, row in enumerate(rows):
        texts = []
        for j, cell in enumerate(row):
            value = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f":
                formulas[(n, j)] = str(value)
                value = None
            texts.append(_cell_text(value))
        records.append(texts)
        if len(records) > MAX_ROWS + 1 and any(records[-1]):
            raise _fail(source, [t("stops.too_many_rows", limit=f"{MAX_ROWS:,}")])
    return records


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text a user would type (numbers with a decimal point)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _is_xml_attack(error: BaseException) -> bool:
    import defusedxml

    seen: BaseException | None = error
    for _ in range(10):  # openpyxl wraps the parser's error in its own
        if seen is None:
            return False
        if isinstance(seen, defusedxml.DefusedXmlException):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _local(tag: object) -> str:
    """An XML tag without its namespace: ``{http://www.opengis.net/kml/2.2}Point`` -> ``Point``."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _read_kml(data: bytes, source: str, suffix: str) -> _Raw:
    """Read KML from Google My Maps or uMap: each Placemark with a Point is a stop.

    ``name`` becomes ``naam`` and ``description`` (often CDATA with HTML) ``verhaal``,
    unless ExtendedData has those columns; ExtendedData (``Data``/``value`` and
    ``SchemaData``/``SimpleData``) gives the other columns; the name of the folder
    (a layer in My Maps) is kept as ``kaartlaag``. Parsed with defusedxml: entity
    declarations and external references are refused.
    """
    import xml.etree.ElementTree as ElementTree

    import defusedxml
    import defusedxml.ElementTree as SafeElementTree

    if not data.strip():
        raise _fail(source, [t("stops.empty_file")])
    try:
        root = SafeElementTree.fromstring(data)
    except defusedxml.DefusedXmlException as error:
        raise _fail(source, [t("stops.xml_entities")]) from error
    except ElementTree.ParseError as error:
        line, column = error.position
        raise _fail(source, [t("stops.kml_syntax", line=line, column=column + 1)]) from error
    except (ValueError, RecursionError) as error:
        raise _fail(source, [t("stops.kml_syntax", line="?", column="?")]) from error
    if _local(root.tag) != "kml":
        raise _fail(source, [t("stops.kml_structure")])

    placemarks: list[tuple[ElementTree.Element, str]] = []

    def walk(element: ElementTree.Element, folder: str, depth: int) -> None:
        if depth > 100:
            return
        for child in element:
            name = _local(child.tag)
            if name == "Placemark":
                placemarks.append((child, folder))
            elif name in {"Document", "Folder"}:
                title = next((_text_of(c) for c in child if _local(c.tag) == "name"), "")
                walk(child, title if name == "Folder" else folder, depth + 1)

    walk(root, "", 0)
    if not placemarks:
        raise _fail(source, [t("stops.no_features")])
    if len(placemarks) > MAX_ROWS:
        raise _fail(source, [t("stops.too_many_rows", limit=f"{MAX_ROWS:,}")])

    raw = _Raw(kind="geojson", columns=[], rows=[], labels=[])
    for number, (placemark, folder) in enumerate(placemarks, start=1):
        index = number - 1
        raw.labels.append(number)
        raw.points.append(None)
        row: dict[str, object] = {}
        for child in placemark:
            if _local(child.tag) != "ExtendedData":
                continue
            for item in child.iter():
                kind = _local(item.tag)
                key = (item.get("name") or "").strip()
                if not key:
                    continue
                if kind == "Data":
                    value = next((c for c in item if _local(c.tag) == "value"), None)
                    row[key] = _text_of(value) if value is not None else ""
                elif kind == "SimpleData":
                    row[key] = _text_of(item)
        present = {canonical_column(k) for k in row}
        for child in placemark:
            tag = _local(child.tag)
            if tag == "name" and "naam" not in present:
                row["naam"] = _text_of(child)
            elif tag == "description" and "verhaal" not in present:
                row["verhaal"] = _text_of(child)
        if folder and "kaartlaag" not in row:
            row["kaartlaag"] = folder
        raw.rows.append(row)
        for key in row:
            if key not in raw.columns:
                raw.columns.append(key)

        where = f"{t('stops.feature_in_file', row=number)}, {t('stops.in_geometry')}"
        geometries = [
            element
            for element in placemark.iter()
            if _local(element.tag)
            in {"Point", "LineString", "LinearRing", "Polygon", "Track", "MultiTrack", "Model"}
        ]
        points = [g for g in geometries if _local(g.tag) == "Point"]
        if not geometries:
            continue  # coordinates may still be in the ExtendedData (lat, lon)
        if not points:
            raw.bad_geometry.add(index)
            kind = _local(geometries[0].tag)
            raw.problems.append(
                t(
                    "stops.geojson_not_point",
                    where=where,
                    name=_show(row.get("naam") or "?"),
                    kind=kind,
                )
            )
            continue
        coordinates = next((c for c in points[0] if _local(c.tag) == "coordinates"), None)
        parts = _text_of(coordinates).replace(",", " ").split() if coordinates is not None else []
        numbers = [_parse_number(part) for part in parts[:2]]
        if len(numbers) == 2 and all(n is not None and math.isfinite(n) for n in numbers):
            raw.points[index] = (float(numbers[0]), float(numbers[1]))  # type: ignore[arg-type]
        else:
            raw.bad_geometry.add(index)
            raw.problems.append(t("stops.kml_bad_point", where=where))
    return raw


def _text_of(element: object) -> str:
    """All text inside an XML element (CDATA included), stripped."""
    if element is None:
        return ""
    return "".join(element.itertext()).strip()  # type: ignore[attr-defined]


_SQLITE_MAGIC = b"SQLite format 3\x00"


def _read_gpkg(data: bytes, source: str, suffix: str) -> _Raw:
    """Read a GeoPackage (from QGIS): the first layer with points, in any CRS GDAL knows."""
    import pyogrio
    import pyogrio.errors

    if not data.strip():
        raise _fail(source, [t("stops.empty_file")])
    if not data.startswith(_SQLITE_MAGIC):
        raise _fail(source, [t("stops.gpkg_not_geopackage")])
    gdal_errors = (
        pyogrio.errors.DataSourceError,
        pyogrio.errors.DataLayerError,
        pyogrio.errors.FieldError,
        pyogrio.errors.GeometryError,
        pyogrio.errors.CRSError,
        ValueError,
        TypeError,
        OSError,
        RuntimeError,
        KeyError,
        IndexError,
    )
    # GDAL warns that an in-memory file has no .gpkg extension: not the user's business.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            layers = pyogrio.list_layers(io.BytesIO(data))
        except gdal_errors as error:
            log.info("%s: GDAL could not open it: %r", source, error)
            raise _fail(source, [t("stops.gpkg_not_geopackage")]) from error
        if len(layers) == 0:
            raise _fail(source, [t("stops.no_features")])
        point_layers = [str(name) for name, kind in layers if kind and "Point" in str(kind)]
        if not point_layers:
            found = ", ".join(f"'{name}' ({kind or '-'})" for name, kind in layers)
            raise _fail(source, [t("stops.gpkg_no_points", layers=found)])
        layer = point_layers[0]
        try:
            frame = pyogrio.read_dataframe(io.BytesIO(data), layer=layer, max_features=MAX_ROWS + 1)
        except gdal_errors as error:
            log.info("%s: GDAL could not read layer %s: %r", source, layer, error)
            raise _fail(source, [t("stops.gpkg_broken", layer=layer)]) from error
    if len(frame) > MAX_ROWS:
        raise _fail(source, [t("stops.too_many_rows", limit=f"{MAX_ROWS:,}")])
    if len(frame) == 0:
        raise _fail(source, [t("stops.no_features")])

    raw = _Raw(kind="geojson", columns=[], rows=[], labels=[])
    if len(point_layers) > 1:
        raw.warnings.append(
            t("stops.warn_gpkg_layer", layer=layer, others=", ".join(point_layers[1:]))
        )
    epsg = None
    if frame.crs is not None:
        try:
            epsg = frame.crs.to_epsg()
        except Exception:  # pyproj: an unusual CRS without an EPSG code
            epsg = None
        if epsg == 28992:
            raw.points_in_rd = True
        elif epsg != 4326:
            try:
                frame = frame.to_crs(4326)
            except Exception as error:
                raise _fail(source, [t("stops.gpkg_crs", crs=str(frame.crs.name))]) from error
    columns = [c for c in frame.columns if c != frame.geometry.name]
    raw.columns = [str(c) for c in columns]
    for number, (_, record) in enumerate(frame.iterrows(), start=1):
        index = number - 1
        raw.labels.append(number)
        row = {str(c): _gpkg_value(record[c]) for c in columns}
        raw.rows.append(row)
        geometry = record[frame.geometry.name]
        where = f"{t('stops.feature_in_file', row=number)}, {t('stops.in_geometry')}"
        if geometry is None or geometry.is_empty:
            raw.points.append(None)
            continue
        if geometry.geom_type == "MultiPoint" and len(geometry.geoms) == 1:
            geometry = geometry.geoms[0]
        if geometry.geom_type != "Point":
            raw.points.append(None)
            raw.bad_geometry.add(index)
            raw.problems.append(
                t(
                    "stops.geojson_not_point",
                    where=where,
                    name=_show(row.get("naam") or row.get("name") or "?"),
                    kind=geometry.geom_type,
                )
            )
            continue
        x, y = geometry.x, geometry.y
        if _is_number(x) and _is_number(y):
            raw.points.append((float(x), float(y)))
        else:
            raw.points.append(None)
            raw.bad_geometry.add(index)
            raw.problems.append(t("stops.geojson_bad_point", where=where))
    return raw


def _gpkg_value(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, bytes):
        return None
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return value


def _is_number(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


_Reader = Callable[[bytes, str, str], _Raw]

#: Readers by file suffix (as geopandas' ``_EXTENSION_TO_DRIVER``).
_READERS: dict[str, _Reader] = {
    ".csv": _read_delimited,
    ".txt": _read_delimited,
    ".tsv": _read_delimited,
    ".geojson": _read_geojson,
    ".json": _read_geojson,
    ".xlsx": _read_xlsx,
    ".xlsm": _read_xlsx,
    ".kml": _read_kml,
    ".gpkg": _read_gpkg,
}


# --- checking -----------------------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")
# Dots count as thousands separators only when that is certain: "135.000,5" or "1.234.567".
# A single "52.001" is a decimal point (coordinates are written like that).
_DUTCH_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:(?:\.\d{3})+,\d*|(?:\.\d{3}){2,})")


def _parse_number(value: object) -> float | None:
    """A number from a cell: ``52,0801``, ``52.0801``, ``135.000,5`` or a JSON number."""
    if _is_number(value):
        return float(value)  # type: ignore[arg-type]
    if not isinstance(value, str):
        return None
    text = value.strip().replace("\u2212", "-").replace("\u00a0", "").replace(" ", "")
    if _DUTCH_THOUSANDS.fullmatch(text):
        text = text.replace(".", "")
    if not _NUMBER.fullmatch(text):
        return None
    return float(text.replace(",", "."))


@cache
def _rd_to_wgs84() -> Transformer:
    """The RD New -> WGS84 transformer, built once."""
    return Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)


def slug(name: str) -> str:
    """A short id made from a name: ``Buurthuis De Brug`` -> ``buurthuis-de-brug``."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(text) > 60:
        text = text[:60].rsplit("-", 1)[0]
    return text or "plek"


class _Check:
    """Check every row of a ``_Raw``; collect every problem, then build the frame."""

    def __init__(self, raw: _Raw, source: str) -> None:
        self.raw = raw
        self.source = source
        self.file_problems: list[str] = list(raw.problems)
        # Problems per row: planned rows must be fixed; a row that is not planned
        # (status not approved) only gets a warning for them.
        self.row_problems: list[list[str]] = [[] for _ in raw.rows]
        self.hard_problems: list[list[str]] = [[] for _ in raw.rows]
        self.warnings: list[str] = list(raw.warnings)
        self.columns: dict[str, str] = {}  # canonical -> column as the user wrote it
        self.unknown: list[tuple[str, str]] = []  # (column in file, column in output)
        self.outside_nl: list[tuple[int, str]] = []  # (row index, "'naam' (rij 3)")
        self.geocode_tried: set[int] = set()  # rows whose address was looked up

    # where -------------------------------------------------------------------------------

    def _unit(self, index: int, *, lower: bool = False) -> str:
        key = "stops.row" if self.raw.kind == "table" else "stops.feature_in_file"
        text = t(key, row=self.raw.labels[index])
        return text[0].lower() + text[1:] if lower else text

    def where(self, index: int, *canonical: str, geometry: bool = False) -> str:
        """``Rij 3, kolom 'lat'`` (or ``Stop 3 in het bestand, eigenschap 'naam'`` for GeoJSON)."""
        unit = self._unit(index)
        if geometry:
            return f"{unit}, {t('stops.in_geometry')}"
        if not canonical:
            return unit
        return f"{unit}, {self._columns_text(canonical)}"

    def _columns_text(self, canonical: tuple[str, ...]) -> str:
        names = [self.columns.get(c, c) for c in canonical]
        table = self.raw.kind == "table"
        if len(names) == 1:
            return t("stops.in_column" if table else "stops.in_property", column=names[0])
        quoted = _join([f"'{name}'" for name in names])
        return t("stops.in_columns" if table else "stops.in_properties", columns=quoted)

    def name_of(self, index: int) -> str:
        return _show(self.cell(index, "naam") or "?")

    # cells -------------------------------------------------------------------------------

    def cell(self, index: int, canonical: str) -> object | None:
        """The value in a canonical column, ``None`` when absent or empty."""
        key = self.columns.get(canonical)
        if key is None:
            return None
        value = self.raw.rows[index].get(key)
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    def text(self, index: int, canonical: str) -> str:
        value = self.cell(index, canonical)
        if value is None:
            return ""
        if isinstance(value, dict | list):
            value = json.dumps(value, ensure_ascii=False)
        return str(value)

    # the checks --------------------------------------------------------------------------

    def map_columns(self) -> None:
        for name in self.raw.columns:
            canonical = canonical_column(name)
            if canonical is None:
                out = name
                if name.casefold() in _RESERVED:
                    out = f"{name}_invoer"
                    self.warnings.append(t("stops.warn_reserved_column", name=name, new=out))
                self.unknown.append((name, out))
            elif canonical in self.columns:
                self.file_problems.append(
                    t(
                        "stops.duplicate_column",
                        first=self.columns[canonical],
                        second=name,
                        canonical=canonical,
                    )
                )
            else:
                self.columns[canonical] = name

        found = ", ".join(f"'{c}'" for c in self.raw.columns) or "-"
        if "naam" not in self.columns:
            self.file_problems.append(t("stops.no_name_column", found=found))
        if self.raw.kind == "table":
            pairs = (("lat", "lon"), ("x", "y"))
            complete = [p for p in pairs if all(c in self.columns for c in p)]
            if not complete:
                half = [(a, b) for a, b in pairs if (a in self.columns) != (b in self.columns)]
                for a, b in half:
                    present, missing = (a, b) if a in self.columns else (b, a)
                    self.file_problems.append(
                        t(
                            "stops.missing_pair_column",
                            present=self.columns[present],
                            missing=missing,
                        )
                    )
                if not half and "adres" not in self.columns:
                    self.file_problems.append(t("stops.no_coordinate_columns", found=found))

    def geocode_addresses(self) -> None:
        """Look up the rows that have only an ``adres`` (PDOK Locatieserver)."""
        from safari import geocode

        wanted: dict[int, str] = {}
        for index in range(len(self.raw.rows)):
            if self.raw.points[index] is not None or index in self.raw.bad_geometry:
                continue
            if any(self.cell(index, c) is not None for c in _COORDINATE_COLUMNS):
                continue
            address = self.text(index, "adres")
            if address:
                wanted[index] = address
        if not wanted:
            return
        try:
            found = geocode.lookup_many(sorted(set(wanted.values())))
        except geocode.GeocodeError as error:
            self.geocode_tried.update(wanted)
            rows = _join([self._unit(i, lower=True) for i in wanted])
            self.file_problems.append(t("stops.geocode_failed", rows=rows, reason=str(error)))
            return
        self.geocode_tried.update(wanted)
        for index, address in wanted.items():
            match = found.get(address)
            if match is None:
                where = self.where(index, "adres")
                self.row_problems[index].append(
                    t("stops.address_not_found", where=where, value=_show(address))
                )
                continue
            rd = self.raw.points_in_rd
            self.raw.points[index] = (match.x, match.y) if rd else (match.lon, match.lat)
            self.warnings.append(
                t(
                    "stops.warn_geocoded",
                    where=self._unit(index),
                    value=_show(address),
                    found=_show(match.name, 100),
                )
            )

    def check_row(self, index: int) -> dict[str, object]:
        """Check one row; return its normalised values (problems are collected)."""
        problems = self.row_problems[index]
        values: dict[str, object] = {}

        row = self.raw.rows[index]
        for key, value in row.items():
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                canonical = canonical_column(key) or key
                self.hard_problems[index].append(
                    t(
                        "stops.cell_too_long",
                        where=self.where(index, canonical)
                        if canonical in self.columns
                        else (f"{self._unit(index)}, {self._columns_text((key,))}"),
                        length=f"{len(value):,}".replace(",", "."),
                        limit=f"{MAX_CELL_CHARS:,}".replace(",", "."),
                    )
                )
                row[key] = ""

        for (at, key), formula in self.raw.formulas.items():  # issue 17: a formula cell
            if at == index:
                canonical = canonical_column(key) or key
                what = t("stops.formula_name" if canonical == "naam" else "stops.formula_value")
                where = f"{self._unit(index)}, {self._columns_text((key,))}"
                named = re.match(r"=\s*([A-Za-z_.]+)\(", formula)
                shown = f"={named.group(1).upper()}…" if named else _show(formula, 20)
                text = t("stops.formula_cell", where=where, formula=shown, what=what)
                problems.append(text)
        name = sanitise_text(self.text(index, "naam"))
        formula_name = (index, self.columns.get("naam", "")) in self.raw.formulas
        if "naam" in self.columns and not as_plain(name).strip() and not formula_name:
            problems.append(t("stops.missing_name", where=self.where(index, "naam")))
        values["naam"] = name

        values["point"] = self.check_point(index)

        minutes = self.cell(index, "bezoekduur")
        values["bezoekduur"] = math.nan
        if minutes is not None:
            number = _parse_number(minutes)
            if number is None or number <= 0:
                where = self.where(index, "bezoekduur")
                problems.append(t("stops.bad_visit_minutes", where=where, value=_show(minutes)))
            else:
                values["bezoekduur"] = number

        capacity = self.cell(index, "capaciteit")
        values["capaciteit"] = math.nan
        if capacity is not None:
            number = _parse_number(capacity)
            if number is None or number <= 0 or not number.is_integer():
                where = self.where(index, "capaciteit")
                problems.append(t("stops.bad_capacity", where=where, value=_show(capacity)))
            else:
                values["capaciteit"] = number

        kind = self.text(index, "soort")
        if kind.casefold() in KIND_ALIASES:  # issue 17: one vocabulary, written in Dutch
            values["soort"] = KIND_ALIASES[kind.casefold()]

        wheelchair = self.text(index, "rolstoel")
        values["rolstoel"] = ""
        if wheelchair:
            if wheelchair.casefold() in _WHEELCHAIR:
                values["rolstoel"] = _WHEELCHAIR[wheelchair.casefold()]
            else:
                where = self.where(index, "rolstoel")
                problems.append(t("stops.bad_wheelchair", where=where, value=_show(wheelchair)))

        for column in _LINK_COLUMNS:
            values[column] = self.check_link(index, column)

        values["toestemming"] = True  # a file without the column: the organiser's own list
        values["consent_stated"] = False  # issue 10: "ja" or "nee" written in the file
        if "toestemming" in self.columns:
            consent = self.text(index, "toestemming")
            values["toestemming"] = _CONSENT.get(consent.casefold(), False)
            values["consent_stated"] = consent.casefold() in _CONSENT and (
                consent.casefold() not in _CONSENT_UNKNOWN
            )
            if consent and consent.casefold() not in _CONSENT:
                where = self.where(index, "toestemming")
                problems.append(t("stops.bad_consent", where=where, value=_show(consent)))

        status = self.text(index, "status")
        values["status"] = _STATUS.get(status.casefold(), status.casefold())
        if status and status.casefold() not in _STATUS:
            where = self.where(index, "status")
            self.hard_problems[index].append(
                t("stops.bad_status", where=where, value=_show(status))
            )
        return values

    def check_point(self, index: int) -> Point | None:
        if index in self.raw.bad_geometry:
            return None
        point = self.raw.points[index]
        if point is not None:
            if self.raw.points_in_rd:
                return self.check_rd(index, point[0], point[1], geometry=True)
            return self.check_latlon(index, point[1], point[0], geometry=True)

        problems = self.row_problems[index]
        lat, lon = self.cell(index, "lat"), self.cell(index, "lon")
        x, y = self.cell(index, "x"), self.cell(index, "y")
        if lat is not None or lon is not None:
            pair: tuple[str, str] = ("lat", "lon")
            values: tuple[object | None, object | None] = (lat, lon)
        elif x is not None or y is not None:
            pair, values = ("x", "y"), (x, y)
        else:
            if index in self.geocode_tried:
                pass  # the lookup said what went wrong
            elif self.cell(index, "adres") is not None:
                where = self.where(index, "adres")
                problems.append(t("stops.needs_geocoding", where=where))
            elif self.raw.kind == "geojson":
                where = self.where(index, geometry=True)
                problems.append(t("stops.missing_geometry", where=where))
            elif "lat" in self.columns and "lon" in self.columns:
                where = self.where(index, "lat", "lon")
                problems.append(t("stops.missing_latlon", where=where))
            elif "x" in self.columns and "y" in self.columns:
                where = self.where(index, "x", "y")
                problems.append(t("stops.missing_xy", where=where))
            # else: the file has no coordinate columns; that is one problem for the file
            return None

        numbers: list[float] = []
        for column, value in zip(pair, values, strict=True):
            where = self.where(index, column)
            label = self.columns.get(column, column)
            if value is None:
                if column in self.columns:  # a missing column is one problem for the file
                    problems.append(t("stops.missing_one", where=where, column=label))
                continue
            number = _parse_number(value)
            if number is None:
                example = {"lat": "52,0801", "lon": "5,1032", "x": "135000", "y": "455000"}
                problems.append(
                    t(
                        "stops.not_a_number",
                        where=where,
                        value=_show(value),
                        example=example[column],
                    )
                )
                continue
            numbers.append(number)
        if len(numbers) < 2:
            return None
        first, second = numbers
        if pair == ("x", "y"):
            return self.check_rd(index, first, second, raw_values=values)
        return self.check_latlon(index, first, second, raw_values=values)

    def check_latlon(
        self,
        index: int,
        lat: float,
        lon: float,
        *,
        geometry: bool = False,
        raw_values: tuple[object | None, object | None] | None = None,
    ) -> Point | None:
        raw_lat, raw_lon = (_show(v) for v in raw_values) if raw_values else (lat, lon)
        problems = self.row_problems[index]
        in_nl = NL_LAT[0] <= lat <= NL_LAT[1] and NL_LON[0] <= lon <= NL_LON[1]
        swapped = NL_LAT[0] <= lon <= NL_LAT[1] and NL_LON[0] <= lat <= NL_LON[1]
        if in_nl:
            return Point(lon, lat)
        if swapped:
            if geometry:
                where = self.where(index, geometry=True)
                problems.append(t("stops.swapped_geometry", where=where, lat=lon, lon=lat))
            else:
                problems.append(
                    t(
                        "stops.swapped_latlon",
                        where=self.where(index, "lat"),
                        value=raw_lat,
                        lat=raw_lon,
                        lon=raw_lat,
                        lat_column=self.columns.get("lat", "lat"),
                        lon_column=self.columns.get("lon", "lon"),
                    )
                )
            return None
        looks_rd = (RD_X[0] < lat <= RD_X[1] and RD_Y[0] <= lon <= RD_Y[1]) or (
            RD_Y[0] <= lat <= RD_Y[1] and RD_X[0] < lon <= RD_X[1]
        )
        if looks_rd and not geometry:
            where = self.where(index, "lat", "lon")
            problems.append(t("stops.rd_in_latlon", where=where, lat=raw_lat, lon=raw_lon))
            return None
        ok = True
        if not -90 <= lat <= 90:
            where = self.where(index, geometry=True) if geometry else self.where(index, "lat")
            problems.append(t("stops.lat_outside_world", where=where, value=raw_lat))
            ok = False
        if not -180 <= lon <= 180:
            where = self.where(index, geometry=True) if geometry else self.where(index, "lon")
            problems.append(t("stops.lon_outside_world", where=where, value=raw_lon))
            ok = False
        if not ok:
            return None
        label = f"'{self.name_of(index)}' ({self._unit(index, lower=True)})"
        self.outside_nl.append((index, label))
        return Point(lon, lat)

    def check_rd(
        self,
        index: int,
        x: float,
        y: float,
        *,
        geometry: bool = False,
        raw_values: tuple[object | None, object | None] | None = None,
    ) -> Point | None:
        raw_x, raw_y = (_show(v) for v in raw_values) if raw_values else (x, y)
        problems = self.row_problems[index]
        x_ok = RD_X[0] <= x <= RD_X[1]
        y_ok = RD_Y[0] <= y <= RD_Y[1]
        if x_ok and y_ok:
            lon, lat = _rd_to_wgs84().transform(x, y)
            return Point(lon, lat)
        names = {c: self.columns.get(c, c) for c in ("x", "y")}
        if RD_X[0] <= y <= RD_X[1] and RD_Y[0] <= x <= RD_Y[1]:
            where = self.where(index, geometry=True) if geometry else self.where(index, "x", "y")
            problems.append(
                t(
                    "stops.rd_swapped",
                    where=where,
                    x=raw_y,
                    y=raw_x,
                    x_column=names["x"],
                    y_column=names["y"],
                )
            )
        elif abs(x) <= 180 and abs(y) <= 90:
            where = self.where(index, geometry=True) if geometry else self.where(index, "x", "y")
            problems.append(t("stops.rd_looks_like_degrees", where=where, x=raw_x, y=raw_y))
        else:
            for column, ok, value, (low, high) in (
                ("x", x_ok, raw_x, RD_X),
                ("y", y_ok, raw_y, RD_Y),
            ):
                if ok:
                    continue
                where = self.where(index, geometry=True) if geometry else self.where(index, column)
                problems.append(
                    t(
                        "stops.rd_outside",
                        where=where,
                        value=value,
                        column=names[column],
                        low=f"{low:.0f}",
                        high=f"{high:.0f}",
                    )
                )
        return None

    def check_link(self, index: int, column: str) -> str:
        value = self.text(index, column)
        if not value:
            return ""
        # What a browser would make of it: entities decoded, tabs and newlines
        # removed, leading control characters and spaces stripped.
        probe = re.sub(r"[\t\n\r]", "", html.unescape(value)).strip("\x00- ")
        if column == "foto" and _PHOTO_DATA_URL.fullmatch(probe):
            if len(probe) <= MAX_PHOTO_CHARS:
                return probe  # base64: nothing to escape
            where = self.where(index, column)
            kb = f"{len(probe) * 3 // 4 // 1000}"
            self.row_problems[index].append(t("stops.photo_too_big", where=where, kb=kb))
            return ""
        scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", probe)
        where = self.where(index, column)
        if scheme:
            name = scheme.group(1).lower()
            local_drive = len(name) == 1 and column != "website"  # C:\fotos\brug.jpg
            if name in {"http", "https"} or local_drive:
                return sanitise_text(probe)
            self.row_problems[index].append(t("stops.unsafe_link", where=where, value=_show(value)))
            return ""
        if re.fullmatch(r"[\w\-]+(\.[\w\-]+)+(/\S*)?", probe) and column == "website":
            return sanitise_text(f"https://{probe}")  # www.debrug.nl
        if column != "website" and not probe.startswith("//") and not _CONTROL.search(probe):
            return sanitise_text(probe)  # a local file next to the stops file
        self.row_problems[index].append(t("stops.not_a_link", where=where, value=_show(value)))
        return ""

    def check_ids(self, rows: list[dict[str, object]]) -> None:
        """Given ids must be unique; missing ones are made from the name."""
        given: dict[str, list[int]] = {}
        for index, row in enumerate(rows):
            value = self.text(index, "id")
            stored = sanitise_text(value) if value else ""
            row["id"] = stored
            if stored:
                given.setdefault(stored.casefold(), []).append(index)
        for indices in given.values():
            if len(indices) > 1:
                units = [self._unit(i, lower=n > 0) for n, i in enumerate(indices)]
                where = f"{_join(units)}, {self._columns_text(('id',))}"
                text = t(
                    "stops.duplicate_id",
                    where=where,
                    value=_show(self.text(indices[0], "id")),
                    count=len(indices),
                )
                self.hard_problems[indices[0]].append(text)
        used = set(given)
        for row in rows:
            if row["id"]:
                continue
            base = slug(as_plain(str(row["naam"])))
            candidate, number = base, 1
            while candidate in used:
                number += 1
                candidate = f"{base}-{number}"
            used.add(candidate)
            row["id"] = candidate


def _build(
    raw: _Raw, source: str, *, only_approved: bool, geocode: bool, skip_bad_rows: bool = False
) -> gpd.GeoDataFrame:
    check = _Check(raw, source)
    check.map_columns()
    if geocode and "adres" in check.columns:
        check.geocode_addresses()
    rows = [check.check_row(index) for index in range(len(raw.rows))]
    check.check_ids(rows)

    has_status = "status" in check.columns
    planned = [not (only_approved and has_status) or row["status"] == "goedgekeurd" for row in rows]
    problems = list(check.file_problems)
    skipped: list[tuple[int, str, list[str]]] = []  # issue 17: (row, name, problems)
    for index in range(len(rows)):
        problems.extend(check.hard_problems[index])
        if planned[index]:
            problems.extend(check.row_problems[index])
        else:
            check.warnings.extend(
                t("stops.warn_problem_not_planned", problem=p) for p in check.row_problems[index]
            )
        bad = [*check.hard_problems[index], *(check.row_problems[index] if planned[index] else [])]
        if skip_bad_rows and bad and not check.file_problems:
            skipped.append((raw.labels[index], check.name_of(index), bad))
            planned[index] = False
    if problems and not (skipped and len(skipped) < len(rows) and not check.file_problems):
        raise _fail(source, problems)
    left_out = {row for row, _, _ in skipped}

    not_planned = []
    status_column = check.columns.get("status", "status")
    for index, row in enumerate(rows):
        if planned[index] or raw.labels[index] in left_out:
            continue
        where, name = check.where(index), check.name_of(index)
        if row["status"]:
            text = t("stops.warn_not_approved", where=where, name=name, status=row["status"])
        else:
            text = t("stops.warn_status_empty", where=where, name=name, column=status_column)
        not_planned.append(text)
    if not any(planned):
        sentence = t("stops.none_approved", path=source, column=status_column)
        raise _fail_plain(sentence, details=not_planned)
    check.warnings.extend(not_planned)
    planned_outside = [text for index, text in check.outside_nl if planned[index]]
    if planned_outside:
        check.warnings.append(t("stops.warn_outside_nl", names=_join(planned_outside)))

    stories = sorted(c for c in check.columns if c.startswith("verhaal_"))
    known = [c for c in COLUMNS if c != "verhaal"]
    order = ["id", "naam", "soort", "verhaal", *stories, *known[3:]]
    if "adres" in check.columns:
        order.append("adres")
    records: list[dict[str, object]] = []
    points: list[Point] = []
    kept_rows = [row for index, row in enumerate(rows) if planned[index]]
    for index, row in enumerate(rows):
        if not planned[index]:
            continue
        record: dict[str, object] = {}
        for column in order:
            if column in row:
                record[column] = row[column]
            elif column in {"verhaal", "gespreksvragen"} or column.startswith("verhaal_"):
                record[column] = sanitise_story(check.text(index, column))
            else:
                record[column] = sanitise_text(check.text(index, column))
        for key, out in check.unknown:
            value = raw.rows[index].get(key)
            if isinstance(value, str):
                value = sanitise_text(value.strip())
            elif isinstance(value, dict | list):
                value = sanitise_text(json.dumps(value, ensure_ascii=False))
            record[out] = value
        record["bron_rij"] = raw.labels[index]
        records.append(record)
        points.append(row["point"])

    columns = [*order, *(out for _, out in check.unknown), "bron_rij"]
    frame = pd.DataFrame.from_records(records, columns=columns)
    frame["bezoekduur"] = frame["bezoekduur"].astype("float64")
    frame["capaciteit"] = frame["capaciteit"].astype("float64")
    frame["bron_rij"] = frame["bron_rij"].astype("int64")
    frame["toestemming"] = frame["toestemming"].astype("bool")
    stops = gpd.GeoDataFrame(frame, geometry=points, crs="EPSG:4326")
    stops.attrs["source"] = source
    stops.attrs["warnings"] = check.warnings
    stops.attrs["consent_column"] = "toestemming" in check.columns
    stops.attrs["consent_stated"] = [bool(row["consent_stated"]) for row in kept_rows]
    stops.attrs["skipped"] = skipped
    log.info("%s: %d stops read, %d warnings", source, len(stops), len(check.warnings))
    return stops


def read_stops(
    path: str | os.PathLike[str],
    *,
    only_approved: bool = True,
    geocode: bool = True,
    skip_bad_rows: bool = False,
) -> gpd.GeoDataFrame:
    """Read, check and sanitise a stops file.

    Parameters
    ----------
    path : str or os.PathLike
        A ``.csv`` (``;``, ``,`` or tab; UTF-8, UTF-16 or cp1252, as Dutch Excel
        writes it), a ``.txt``/``.tsv`` (tab-separated, e.g. Excel "Unicode-tekst"),
        a ``.geojson``/``.json`` with Point features, an Excel workbook (``.xlsx``), KML
        from Google My Maps or uMap (``.kml``) or a GeoPackage (``.gpkg``), at most
        :data:`MAX_FILE_BYTES` and :data:`MAX_ROWS` rows. The file is never written.
    only_approved : bool, default True
        When the file has a ``status`` column, return only the stops whose status is
        ``goedgekeurd``; the others are named in ``attrs["warnings"]``.
    geocode : bool, default True
        Look up the rows that have only an ``adres`` in the PDOK Locatieserver
        (:mod:`safari.geocode`; answers are cached). False: such rows are a problem.
    skip_bad_rows : bool, default False
        Leave out the rows with a problem instead of refusing the file; they are listed
        in ``attrs["skipped"]`` as ``(row, name, problems)``. A problem of the whole file
        (a missing column) still refuses it, and so does a file without one good row.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per stop, Point geometry in EPSG:4326, a RangeIndex, and the columns
        ``id``, ``naam``, ``soort``, ``verhaal``, ``verhaal_<taal>``, ``foto``,
        ``audio``, ``website``, ``bezoekduur`` (float minutes or NaN),
        ``beschikbaar``, ``capaciteit`` (float or NaN), ``rolstoel`` (``yes``,
        ``limited``, ``no`` or empty), ``contactpersoon``, ``telefoon``, ``email``,
        ``status``, ``ingediend_door``, ``toestemming`` (bool: the host agreed to
        publication; True for every row of a file without that column, which is
        the organiser's own list), ``adres`` (only if in the file), every other
        column of the file, and ``bron_rij``: the row number the user sees (CSV:
        spreadsheet row, header = 1; GeoJSON: feature number, from 1). Text is
        sanitised (HTML-safe; see :func:`as_plain`). ``attrs["source"]`` is the path
        and ``attrs["warnings"]`` a list of plain-text sentences for the user.

    Raises
    ------
    safari._errors.StopsError
        With every problem in the file at once: each names the row and column and
        says how to fix it. Also when no stop is left to plan.
    """
    source = os.fspath(path)
    file = Path(source)
    if not file.exists():
        raise _fail_plain(t("stops.not_found", path=source))
    if file.is_dir():
        raise _fail_plain(t("stops.is_folder", path=source))
    suffix = file.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        accepted = ", ".join(_READERS)
        raise _fail_plain(
            t("stops.unknown_suffix", path=source, suffix=suffix or "-", accepted=accepted)
        )
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            mb = f"{size / 1e6:,.0f}".replace(",", ".")
            limit = f"{MAX_FILE_BYTES / 1e6:,.0f}"
            raise _fail(source, [t("stops.file_too_big", size=mb, limit=limit)])
        data = file.read_bytes()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise _fail_plain(t("stops.cannot_open", path=source, reason=reason)) from error
    with warnings.catch_warnings():  # issue 17: no third-party noise on the terminal
        warnings.simplefilter("ignore", UserWarning)  # e.g. openpyxl on Excel's extensions
        raw = reader(data, source, suffix)
    del data
    return _build(
        raw, source, only_approved=only_approved, geocode=geocode, skip_bad_rows=skip_bad_rows
    )


def public_stops(stops: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """What may appear in a public output: consenting, approved stops, public columns only.

    Use it for everything a participant or the public sees (participant map, GPX,
    handout, public export). Kept: the stops whose ``toestemming`` is true and whose
    ``status`` is ``goedgekeurd`` or empty (a file without review), with the columns of
    :data:`PUBLIC_COLUMNS`, ``verhaal_<taal>`` and the geometry (a whitelist: contact
    fields, ``ingediend_door``, ``toestemming``, ``status``, history and unknown columns
    are dropped). The organiser's overview may show every stop; it uses the full frame.

    Parameters
    ----------
    stops : geopandas.GeoDataFrame
        Stops as :func:`read_stops` returns them.

    Returns
    -------
    geopandas.GeoDataFrame
        A new frame (a RangeIndex); ``attrs`` keeps only ``source``.
    """
    keep = pd.Series(True, index=stops.index)
    if "toestemming" in stops.columns:
        keep &= stops["toestemming"].fillna(False).astype(bool)
    if "status" in stops.columns:
        keep &= stops["status"].fillna("").isin(["goedgekeurd", ""])
    columns = [c for c in stops.columns if is_public_column(str(c))]
    public = stops.loc[keep, columns].reset_index(drop=True)
    if not isinstance(public, gpd.GeoDataFrame):
        public = gpd.GeoDataFrame(public)
    public.attrs = {"source": stops.attrs.get("source", "")}
    return public


def is_public_column(name: str) -> bool:
    """True for a column that may be published (whitelist): see :data:`PUBLIC_COLUMNS`."""
    return name in PUBLIC_COLUMNS or name == "geometry" or bool(_PUBLIC_STORY.match(name))


_PUBLIC_STORY = re.compile(r"^verhaal_[a-z]{2,3}$")
