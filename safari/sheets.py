"""Spreadsheets written safely: no cell is taken for a formula (CSV injection).

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula
to Excel and LibreOffice; a formula can run commands (DDE) or leak data. Such a cell is
*neutralised*: in CSV it gets a leading apostrophe (``'=1+1``), the way spreadsheets mark
text; in XLSX it is written as a text cell with Excel's "quote prefix", so it shows as
typed and is never evaluated. NUL characters are removed. A phone number such as
``+31 20 123 4567`` or a negative number cannot run anything and is left as it is, so it
stays readable. :func:`safari.stops.read_stops` takes the apostrophe off again.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from safari._atomic import atomic_path, atomic_write

if TYPE_CHECKING:
    import os
    from collections.abc import Sequence

__all__ = ["neutralise", "write_csv", "write_xlsx"]

_RISKY_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# Digits with spaces, dashes, dots and brackets: a phone number or a plain number.
_HARMLESS = re.compile(r"\+[0-9][0-9 ()\-./]*|-?[0-9]+(?:[.,][0-9]+)?")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(value: str) -> str:
    r"""A text cell that a spreadsheet shows as text, never runs as a formula.

    Examples
    --------
    >>> neutralise("=HYPERLINK(\"https://x\")")
    '\'=HYPERLINK("https://x")'
    >>> neutralise("+31 20 123 4567")
    '+31 20 123 4567'
    >>> neutralise("@SUM(A1)")
    "'@SUM(A1)"
    """
    value = value.replace("\x00", "")
    if value.startswith(_RISKY_START) and not _HARMLESS.fullmatch(value):
        return "'" + value
    return value


def is_risky(value: str) -> bool:
    """True when a spreadsheet would take ``value`` for a formula."""
    value = value.replace("\x00", "")
    return value.startswith(_RISKY_START) and not _HARMLESS.fullmatch(value)


Cell = str | int | float | None


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """CSV as Dutch Excel opens it: ``;``, UTF-8 with BOM, CRLF; text cells neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(str(name)) for name in header])
    for row in rows:
        writer.writerow(
            ["" if v is None else neutralise(v) if isinstance(v, str) else v for v in row]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_csv(
    path: str | os.PathLike[str], header: Sequence[str], rows: Sequence[Sequence[Cell]]
) -> Path:
    """Write a CSV for Dutch Excel atomically (see :func:`csv_bytes`)."""
    return atomic_write(path, csv_bytes(header, rows))


def xlsx_text_cell(cell: object, value: str) -> None:
    """Put ``value`` in an openpyxl cell as text: never a formula, shown as typed."""
    value = _ILLEGAL_XML.sub("", value)
    cell.value = value  # type: ignore[attr-defined]
    cell.data_type = "s"  # type: ignore[attr-defined]  # openpyxl makes "=..." a formula
    if is_risky(value):
        cell.quotePrefix = True  # type: ignore[attr-defined]


def write_xlsx(
    path: str | os.PathLike[str],
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    sheet: str = "Stops",
) -> Path:
    """Write a one-sheet workbook atomically; text cells are never formulas."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    fill_sheet(ws, header, rows)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    with atomic_path(path) as tmp:
        book.save(tmp)
    return Path(path)


def fill_sheet(ws: object, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
    """Write a header and rows into an openpyxl worksheet (text cells safe)."""
    for j, name in enumerate(header, start=1):
        xlsx_text_cell(ws.cell(row=1, column=j), str(name))  # type: ignore[attr-defined]
    for i, row in enumerate(rows, start=2):
        for j, value in enumerate(row, start=1):
            cell = ws.cell(row=i, column=j)  # type: ignore[attr-defined]
            if isinstance(value, str):
                xlsx_text_cell(cell, value)
            elif value is not None:
                cell.value = value
