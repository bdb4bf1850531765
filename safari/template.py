"""The empty stops file that community groups fill in: XLSX (with drop-down lists) and CSV."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safari._atomic import atomic_path, atomic_write
from safari._errors import SafariError
from safari.i18n import TEXTS, t
from safari.schema import KINDS
from safari.sheets import csv_bytes, fill_sheet

if TYPE_CHECKING:
    from collections.abc import Hashable


__all__ = ["TEMPLATE_COLUMNS", "example_place", "write_template"]

#: Columns of the template, in order (Dutch names, as in DESIGN.md).
TEMPLATE_COLUMNS = (
    "naam",
    "soort",
    "adres",
    "lat",
    "lon",
    "verhaal",
    "verhaal_en",
    "verhaal_ar",
    "verhaal_tr",
    "gespreksvragen",
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
#: Story columns whose language the header names: ``verhaal_ar (Arabisch)``.
STORY_LANGUAGES = ("en", "ar", "tr")
#: Columns that never appear on a map: marked in the template.
ORGANISER_ONLY = ("contactpersoon", "telefoon", "email", "ingediend_door")
WHEELCHAIR_CHOICES = ("ja", "beperkt", "nee")
CONSENT_CHOICES = ("ja", "nee")
_ROWS_WITH_LISTS = 500


@dataclass(frozen=True)
class ExamplePlace:
    """Where the example row lies: a point on a named street of the organiser's district."""

    street: str
    lat: float
    lon: float


def header(column: str) -> str:
    """The header a volunteer sees: ``verhaal_ar (Arabisch)``; the reader reads it as is."""
    code = column.removeprefix("verhaal_")
    if column.startswith("verhaal_") and code in STORY_LANGUAGES:
        return f"{column} ({t(f'template.language.{code}')})"
    return column


def example_place(network: str | os.PathLike[str]) -> ExamplePlace:
    """A point on a named street near the middle of ``network`` (a network or event file).

    The node nearest the middle of the network's extent that lies on a street with a
    name; ties are broken by node id, so the same network gives the same place.
    """
    from safari.network import walking_graph

    source = os.fspath(network)
    if source.lower().endswith(".toml"):
        from safari.config import read_event

        event = read_event(source)
        if not event.network:
            raise SafariError(t("template.event_without_network", file=source))
        source = str(event.network)
    graph = walking_graph(source)
    named: dict[Any, str] = {}
    for u, v, data in graph.edges(data=True):
        name = data.get("name")
        if isinstance(name, list):
            name = next((n for n in name if isinstance(n, str) and n), None)
        if isinstance(name, str) and name.strip():
            for node in (u, v):
                named.setdefault(node, name.strip())
    if not named:
        raise SafariError(t("template.no_named_street", file=source))
    xs = [float(graph.nodes[n]["x"]) for n in graph.nodes]
    ys = [float(graph.nodes[n]["y"]) for n in graph.nodes]
    middle = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    scale = math.cos(math.radians(middle[1]))

    def distance(node: Hashable) -> tuple[float, str]:
        x, y = float(graph.nodes[node]["x"]), float(graph.nodes[node]["y"])
        return (((x - middle[0]) * scale) ** 2 + (y - middle[1]) ** 2, str(node))

    best = min(named, key=distance)
    return ExamplePlace(
        street=named[best],
        lat=round(float(graph.nodes[best]["y"]), 5),
        lon=round(float(graph.nodes[best]["x"]), 5),
    )


def column_text(column: str) -> str:
    """What goes in ``column``, in plain words (the newer text of issue 17 first)."""
    key = f"template.explain.{column}"
    return t(key if key in TEXTS else f"template.col.{column}")


def _decimal(value: float) -> str:
    return f"{value:.5f}".replace(".", ",")


def example_row(place: ExamplePlace | None = None) -> list[str | int]:
    """One filled-in (invented) stop, so groups see how to write each column.

    With ``place`` it lies on a street of the organiser's district; without, it is in
    Utrecht and its name says plainly that it is an example to replace.
    """
    if place is None:
        name = t("template.example.name_marked")
        address, lat, lon = "Marco Pololaan 1, Utrecht", "52,0743", "5,0896"
    else:
        name = t("template.example.name")
        address, lat, lon = place.street, _decimal(place.lat), _decimal(place.lon)
    values: dict[str, str | int] = {
        "naam": name,
        "soort": "buurthuis",
        "adres": address,
        "lat": lat,
        "lon": lon,
        "verhaal": t("template.example.story"),
        "verhaal_en": t("template.example.story_en"),
        "verhaal_ar": "",
        "verhaal_tr": "",
        "gespreksvragen": t("template.example.questions"),
        "beschikbaar": t("template.example.hours"),
        "bezoekduur": 20,
        "capaciteit": 12,
        "rolstoel": "ja",
        "foto": "",
        "website": "https://www.voorbeeld.example",
        "toestemming": "ja",
        "contactpersoon": "Fatima el Amrani",
        "telefoon": "+31 30 123 4567",
        "email": "info@voorbeeld.example",
        "ingediend_door": t("template.example.group"),
    }
    return [values[c] for c in TEMPLATE_COLUMNS]


def write_template(
    folder: str | os.PathLike[str], *, network: str | os.PathLike[str] | None = None
) -> list[Path]:
    """Write ``stops-sjabloon.xlsx`` and ``stops-sjabloon.csv`` into ``folder``.

    The workbook opens on the sheet ``Uitleg`` (first): instructions in plain Dutch and
    what goes in each column. The sheet ``Stops`` has Dutch headers (the story columns
    name their language: ``verhaal_ar (Arabisch)``), one example row, drop-down lists for
    ``soort``, ``rolstoel`` and ``toestemming``, and the organiser-only columns marked.
    Both files are read by :func:`safari.stops.read_stops` as they are. Written
    atomically.

    Parameters
    ----------
    network
        A network or event file of the district: the example row lies on one of its
        streets. Without it the example row says it is an example.

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

    place = example_place(network) if network is not None else None
    headers = [header(c) for c in TEMPLATE_COLUMNS]
    rows = [example_row(place)]
    out = Path(folder)
    book = openpyxl.Workbook()
    guide = book.active
    guide.title = t("template.guide_sheet")
    sheet = book.create_sheet("Stops")
    fill_sheet(sheet, headers, rows)
    private = PatternFill("solid", fgColor="FDE9D9")
    for j, name in enumerate(TEMPLATE_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=j)
        cell.font = Font(bold=True)
        letter = get_column_letter(j)
        wide = name.startswith("verhaal") or name == "gespreksvragen"
        sheet.column_dimensions[letter].width = 40 if wide else 18
        sheet.cell(row=2, column=j).alignment = Alignment(wrap_text=True, vertical="top")
        note = t("template.private_note") if name in ORGANISER_ONLY else column_text(name)
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

    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 90
    lines = t("template.instructions_first").split("\n")
    for i, line in enumerate(lines, start=1):
        guide.cell(row=i, column=1, value=line)
    guide.cell(row=1, column=1).font = Font(bold=True, size=14)
    row = len(lines) + 2
    guide.cell(row=row, column=1, value=t("template.columns_title")).font = Font(bold=True)
    for name in TEMPLATE_COLUMNS:
        row += 1
        guide.cell(row=row, column=1, value=header(name)).font = Font(bold=True)
        text = column_text(name)
        if name in ORGANISER_ONLY:
            text = f"{text} {t('template.private_note')}"
        guide.cell(row=row, column=2, value=text).alignment = Alignment(wrap_text=True)
    book.active = 0

    xlsx = out / "stops-sjabloon.xlsx"
    with atomic_path(xlsx) as tmp:
        book.save(tmp)
    csv = atomic_write(out / "stops-sjabloon.csv", csv_bytes(headers, rows))
    return [xlsx, csv]
