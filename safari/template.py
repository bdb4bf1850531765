"""The empty stops file that community groups fill in: XLSX (with drop-down lists) and CSV."""

from __future__ import annotations

import os
from pathlib import Path

from safari._atomic import atomic_path, atomic_write
from safari.i18n import t
from safari.schema import KINDS
from safari.sheets import csv_bytes, fill_sheet

__all__ = ["TEMPLATE_COLUMNS", "write_template"]

#: Columns of the template, in order (Dutch names, as in DESIGN.md).
TEMPLATE_COLUMNS = (
    "naam",
    "soort",
    "adres",
    "lat",
    "lon",
    "verhaal",
    "verhaal_en",
    "beschikbaar",
    "bezoekduur",
    "capaciteit",
    "rolstoel",
    "foto",
    "website",
    "toestemming",
    "contactpersoon",
    "telefoon",
    "email",
    "ingediend_door",
)
#: Columns that never appear on a map: marked in the template.
ORGANISER_ONLY = ("contactpersoon", "telefoon", "email", "ingediend_door")
WHEELCHAIR_CHOICES = ("ja", "beperkt", "nee")
CONSENT_CHOICES = ("ja", "nee")
_ROWS_WITH_LISTS = 500


def example_row() -> list[str | int]:
    """One filled-in (invented) stop, so groups see how to write each column."""
    return [
        t("template.example.name"),
        "buurthuis",
        "Marco Pololaan 1, Utrecht",
        "52,0743",
        "5,0896",
        t("template.example.story"),
        t("template.example.story_en"),
        t("template.example.hours"),
        20,
        12,
        "ja",
        "",
        "https://www.voorbeeld.example",
        "ja",
        "Fatima el Amrani",
        "+31 30 123 4567",
        "info@voorbeeld.example",
        t("template.example.group"),
    ]


def write_template(folder: str | os.PathLike[str]) -> list[Path]:
    """Write ``stops-sjabloon.xlsx`` and ``stops-sjabloon.csv`` into ``folder``.

    The workbook has a sheet ``Stops`` (Dutch headers, one example row, drop-down lists
    for ``soort``, ``rolstoel`` and ``toestemming``; the organiser-only columns are marked)
    and a sheet ``Uitleg`` with instructions in plain Dutch. Both files are read by
    :func:`safari.stops.read_stops` as they are. Written atomically.

    Returns
    -------
    list of Path
        The two files.
    """
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    out = Path(folder)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Stops"
    fill_sheet(sheet, TEMPLATE_COLUMNS, [example_row()])
    private = PatternFill("solid", fgColor="FDE9D9")
    for j, name in enumerate(TEMPLATE_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=j)
        cell.font = Font(bold=True)
        letter = get_column_letter(j)
        sheet.column_dimensions[letter].width = 40 if name.startswith("verhaal") else 18
        sheet.cell(row=2, column=j).alignment = Alignment(wrap_text=True, vertical="top")
        note = t("template.private_note") if name in ORGANISER_ONLY else t(f"template.col.{name}")
        cell.comment = Comment(note, "safari")
        if name in ORGANISER_ONLY:
            cell.fill = private
    sheet.freeze_panes = "B2"
    for column, choices in (
        ("soort", KINDS),
        ("rolstoel", WHEELCHAIR_CHOICES),
        ("toestemming", CONSENT_CHOICES),
    ):
        letter = get_column_letter(TEMPLATE_COLUMNS.index(column) + 1)
        rule = DataValidation(
            type="list",
            formula1='"' + ",".join(choices) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=t("template.list_error_title"),
            error=t("template.list_error", choices=", ".join(choices)),
        )
        rule.add(f"{letter}2:{letter}{_ROWS_WITH_LISTS}")
        sheet.add_data_validation(rule)

    guide = book.create_sheet(t("template.guide_sheet"))
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 90
    lines = t("template.instructions").split("\n")
    for i, line in enumerate(lines, start=1):
        guide.cell(row=i, column=1, value=line)
    guide.cell(row=1, column=1).font = Font(bold=True, size=14)
    row = len(lines) + 2
    guide.cell(row=row, column=1, value=t("template.columns_title")).font = Font(bold=True)
    for name in TEMPLATE_COLUMNS:
        row += 1
        guide.cell(row=row, column=1, value=name).font = Font(bold=True)
        text = t(f"template.col.{name}")
        if name in ORGANISER_ONLY:
            text = f"{text} {t('template.private_note')}"
        guide.cell(row=row, column=2, value=text).alignment = Alignment(wrap_text=True)

    xlsx = out / "stops-sjabloon.xlsx"
    with atomic_path(xlsx) as tmp:
        book.save(tmp)
    csv = atomic_write(out / "stops-sjabloon.csv", csv_bytes(TEMPLATE_COLUMNS, [example_row()]))
    return [xlsx, csv]
