"""The readers: a stops file's bytes to raw rows, one reader per kind of file (by suffix).

Each reader only decodes the file (CSV, TSV, XLSX, GeoJSON, KML, GeoPackage) into
columns, rows and the row numbers the user sees (`_Raw`), with the problems it met;
:mod:`safari._validate` then checks every row in one shared step. Readers guard
against hostile files: size and row limits, zip bombs, XML entity attacks.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import math
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import charset_normalizer

from safari._errors import StopsError
from safari.i18n import t
from safari.sanitise import _CONTROL
from safari.schema import MAX_ROWS, MAX_UNPACKED_BYTES, canonical_column

log = logging.getLogger(__name__)

# --- raw rows -----------------------------------------------------------------------------


_MAX_NULS = 10  # more NUL bytes than this (and no UTF-16 mark): a binary file
_MAX_INT_DIGITS = 300  # a JSON integer longer than this is infinite (issue 14)
_EXACT_INT = 1e15  # a float below this that is whole is written as an integer
_MAX_KML_DEPTH = 100  # folders nested deeper than this are not read
_LON_LAT = 2  # a position: two numbers
_RD_EPSG, _WGS84_EPSG = 28992, 4326  # Dutch RD New; longitude/latitude
_MAX_NUMBER_CHARS = 100  # issue 14: 10**400 is no number


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
    """Build the error: a header line that names the file, and the problems."""
    key = "stops.header_one" if len(problems) == 1 else "stops.header_many"
    return StopsError(t(key, path=source, count=len(problems)), problems)


def _fail_plain(sentence: str, *, details: list[str] | None = None) -> StopsError:
    """Build an error that is one sentence (and maybe a list of details)."""
    return StopsError(sentence, details or ())


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
        data = data.removeprefix(codecs.BOM_UTF8)
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
            # Issue 14: cp1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined; one of
            # them made the whole file "Cyrillic" (charset-normalizer's guess). A Dutch
            # file is Latin: such a byte becomes the replacement character "\ufffd".
            lines.append(line.decode("cp1252", errors="replace"))
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
    nul = _nul_place(data)
    if nul:  # issue 14: one NUL byte names its row and column
        raise _fail(source, [t("stops.nul_byte", where=nul)])
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
    unclosed = _unclosed_quote(text, records)
    if unclosed:  # issue 14: not "de plaats ontbreekt", and no row swallowed silently
        raise _fail(source, [t("stops.unclosed_quote", row=unclosed)])
    return _table(records, source)


def _nul_place(data: bytes) -> str | None:
    """Where the first NUL byte of a text file is ("Rij 3, kolom 2"), or None.

    UTF-16 (many NUL bytes by design) and binary files (more than a few) are left to
    :func:`_decode`.
    """
    if b"\x00" not in data or data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if data.count(b"\x00") > _MAX_NULS or _decode(data.replace(b"\x00", b"")) is None:
        return None  # binary: "geen leesbare tekst"
    at = data.index(b"\x00")
    row = data.count(b"\n", 0, at) + 1
    line_start = data.rfind(b"\n", 0, at) + 1
    header = data.split(b"\n", 1)[0]
    delimiter = max((b";", b",", b"\t"), key=header.count)
    column = data.count(delimiter, line_start, at) + 1
    return t("stops.row_column", row=row, column=_column_letter(column - 1))


def _unclosed_quote(text: str, records: list[list[str]]) -> int | None:
    """The row whose quote is never closed (the csv module reads on to the end), or None."""
    if text.count('"') % 2 == 0 or not records:
        return None
    for number, record in enumerate(records, start=1):
        if any("\n" in field for field in record) or number == len(records):
            return number
    return None


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


_JSON_KIND = {
    list: "een lijst",
    str: "een tekst",
    int: "een getal",
    float: "een getal",
    bool: "een ja/nee-waarde (true/false)",
}


def _json_int(text: str) -> int | float:
    """A JSON integer; one of more than 300 digits is infinite (issue 14).

    ``float()`` of such an int overflows, and Python refuses to read one of 4,301
    digits or more; as infinity it is refused like any number that is no coordinate.
    """
    return int(text) if len(text) <= _MAX_INT_DIGITS else math.inf


# Complexity above 14 (ruff C901), on purpose: one pass over untrusted JSON, each
# malformed shape (not a collection, not a feature, no point, bad numbers) its own message.
def _read_geojson(data: bytes, source: str, _suffix: str) -> _Raw:  # noqa: C901  see above
    """Read a GeoJSON FeatureCollection (or one Feature) of points."""
    if not data.strip():
        raise _fail(source, [t("stops.empty_file")])
    text = _decode(data)
    if text is None:
        raise _fail(source, [t("stops.undecodable")])
    try:
        document = json.loads(text.lstrip("\ufeff"), parse_int=_json_int)
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
    if len(features) > MAX_ROWS:  # issue 14: GeoJSON has the same limit as the others
        raise _fail(source, [t("stops.too_many_rows", limit=f"{MAX_ROWS:,}")])

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
        if properties is not None and not isinstance(properties, dict):  # issue 14
            raw.rows.append({})
            raw.bad_geometry.add(index)
            shape = _JSON_KIND.get(type(properties), type(properties).__name__)
            raw.problems.append(t("stops.geojson_bad_properties", where=where, kind=shape))
            continue
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
            and len(coordinates) >= _LON_LAT
            and all(_is_number(c) for c in coordinates[:2])
        ):
            raw.points[index] = (float(coordinates[0]), float(coordinates[1]))
        else:
            raw.bad_geometry.add(index)
            raw.problems.append(t("stops.geojson_bad_point", where=where))
    return raw


def _read_xlsx(data: bytes, source: str, _suffix: str) -> _Raw:
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
        return str(int(value)) if value.is_integer() and abs(value) < _EXACT_INT else repr(value)
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


# Complexity above 14 (ruff C901), on purpose: one guarded walk over untrusted XML
# (depth limit, entity attacks, folders as kinds, ExtendedData and description fields),
# each malformed element its own message; splitting it scatters the guards.
def _read_kml(data: bytes, source: str, _suffix: str) -> _Raw:  # noqa: C901  see above
    """Read KML from Google My Maps or uMap: each Placemark with a Point is a stop.

    ``name`` becomes ``naam`` and ``description`` (often CDATA with HTML) ``verhaal``,
    unless ExtendedData has those columns; ExtendedData (``Data``/``value`` and
    ``SchemaData``/``SimpleData``) gives the other columns; the name of the folder
    (a layer in My Maps) is kept as ``kaartlaag``. Parsed with defusedxml: entity
    declarations and external references are refused.
    """
    import xml.etree.ElementTree as ET

    import defusedxml
    import defusedxml.ElementTree as SafeElementTree

    if not data.strip():
        raise _fail(source, [t("stops.empty_file")])
    try:
        root = SafeElementTree.fromstring(data)
    except defusedxml.DefusedXmlException as error:
        raise _fail(source, [t("stops.xml_entities")]) from error
    except ET.ParseError as error:
        line, column = error.position
        raise _fail(source, [t("stops.kml_syntax", line=line, column=column + 1)]) from error
    except (ValueError, RecursionError) as error:
        raise _fail(source, [t("stops.kml_syntax", line="?", column="?")]) from error
    if _local(root.tag) != "kml":
        raise _fail(source, [t("stops.kml_structure")])

    placemarks: list[tuple[ET.Element, str]] = []

    def walk(element: ET.Element, folder: str, depth: int) -> None:
        if depth > _MAX_KML_DEPTH:
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
        numbers = [_parse_number(part) for part in parts[:_LON_LAT]]
        if len(numbers) == _LON_LAT and all(n is not None and math.isfinite(n) for n in numbers):
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


# Complexity above 14 (ruff C901), on purpose: a GeoPackage is an untrusted SQLite file;
# the checks (magic bytes, tables, CRS, geometry blobs, values) run in one guarded order.
def _read_gpkg(data: bytes, source: str, _suffix: str) -> _Raw:  # noqa: C901  see above
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
        except Exception:  # noqa: BLE001  pyproj: an unusual CRS without an EPSG code
            epsg = None
        if epsg == _RD_EPSG:
            raw.points_in_rd = True
        elif epsg != _WGS84_EPSG:
            try:
                frame = frame.to_crs(_WGS84_EPSG)
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
    if len(text) > _MAX_NUMBER_CHARS or not _NUMBER.fullmatch(text):
        return None
    number = float(text.replace(",", "."))
    return number if math.isfinite(number) else None


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
