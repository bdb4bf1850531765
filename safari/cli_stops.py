"""``safari stops ...``: the review queue of community stops (import, list, approve, ...).

Thin, as the rest of the command line: it parses options, calls :mod:`safari.catalogue`,
:mod:`safari.retention` or :mod:`safari.catalogue_export`, and prints what happened and
what to do next.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from safari import _terminal
from safari._errors import SafariError
from safari._terminal import OpenOption as _OpenOption
from safari._terminal import for_people as _for_people
from safari._terminal import say as _say
from safari._terminal import warn as _warn
from safari.i18n import t

if TYPE_CHECKING:
    from safari.catalogue import ImportResult, ReviewResult

stops_app = typer.Typer(
    help=t("cli.stops.help_all"), no_args_is_help=True, add_completion=False, rich_markup_mode=None
)

_CatalogueOption = Annotated[Path, typer.Option("--catalogue", help=t("cli.opt.catalogue"))]
_ByOption = Annotated[str | None, typer.Option("--by", help=t("cli.opt.organiser"))]
_DEFAULT_CATALOGUE = Path("catalogus.geojson")


def _changed(result: ReviewResult, key: str) -> None:
    """One line per stop a review command changed: ``Goedgekeurd: id (naam)``."""
    for stop_id, name in result.changed:
        _say(t(key, id=stop_id, name=name))
    for warning in result.warnings:
        _warn(warning)


@stops_app.command("import", help=t("cli.stops.import.help"))
def stops_import(
    files: Annotated[list[Path], typer.Argument(help=t("cli.arg.stops_files"), show_default=False)],
    catalogue: _CatalogueOption = _DEFAULT_CATALOGUE,
    by: _ByOption = None,
    keep_status: Annotated[bool, typer.Option(help=t("cli.opt.keep_status"))] = False,
    skip_bad_rows: Annotated[
        bool, typer.Option("--skip-bad-rows", help=t("cli.opt.skip_bad_rows"))
    ] = False,
) -> None:
    with _for_people():
        from safari.catalogue import import_files

        try:
            result = import_files(
                files, catalogue, by=by, keep_status=keep_status, skip_bad_rows=skip_bad_rows
            )
        except SafariError as error:
            if not getattr(error, "skippable", False):
                raise
            msg = f"{error}\n{t('cli.stops.try_skip')}"
            raise SafariError(msg) from None
        _report_import(result, catalogue, status=None if keep_status else "ingediend")


#: A list of stop ids on the screen shows at most this many; the rest are counted.
IDS_SHOWN = 10


def _ids(ids: list[str]) -> str:
    """The first `IDS_SHOWN` ids, and how many more (``safari stops list`` shows them all)."""
    if len(ids) <= IDS_SHOWN:
        return ", ".join(ids)
    shown = ", ".join(ids[:IDS_SHOWN])
    return t("cli.stops.more_ids", count=len(ids) - IDS_SHOWN, ids=shown)


def _report_import(result: ImportResult, catalogue: Path, *, status: str | None) -> None:
    for warning in result.warnings:
        _warn(warning)
    if result.skipped:
        _say(t("cli.stops.skipped", count=len(result.skipped)))
        for _file, _row, _name, problems in result.skipped:
            for problem in problems:
                _say(f"- {problem}")
    if result.added:
        ids = _ids(result.added)
        _say(t("cli.stops.added", count=len(result.added), catalogue=str(catalogue), ids=ids))
    if result.unchanged:
        ids = _ids(result.unchanged)
        _say(t("cli.stops.unchanged", count=len(result.unchanged), ids=ids))
    for stop_id, others in result.duplicates.items():
        _warn(t("cli.stops.duplicate", id=stop_id, others=", ".join(others)))
    if result.consent_unknown:
        _warn(t("cli.stops.consent_unknown", ids=_ids(result.consent_unknown)))
    if result.added:
        more = "" if catalogue == _DEFAULT_CATALOGUE else f" --catalogue {catalogue}"
        count = len(result.added)
        key = "cli.stops.next_suggest" if status == "voorstel" else "cli.stops.next_import"
        if key == "cli.stops.next_import" and count == 1:
            key = "cli.stops.next_import_one"
        if status is None:  # --keep-status: the stops keep the status they had
            key = "cli.stops.next_kept"
        _say(t(key, count=count, status=status, more=more))
    elif not result.skipped:
        _say(t("cli.stops.nothing_new"))


def _row_texts(props: dict[str, Any]) -> dict[str, str]:
    from safari.sanitise import as_plain

    def text(key: str) -> str:
        return " ".join(as_plain(str(props.get(key) or "")).split())

    return {
        "id": str(props.get("id") or ""),
        "naam": text("naam"),
        "soort": text("soort"),
        "status": text("status"),
        "toestemming": text("toestemming"),
        "door": text("ingediend_door"),
        "osm": text("osm"),
        "dubbel": ", ".join(props.get("mogelijk_dubbel") or []),
    }


@stops_app.command("list", help=t("cli.stops.list.help"))
def stops_list(
    status: Annotated[str | None, typer.Option(help=t("cli.opt.status_any"))] = None,
    catalogue: _CatalogueOption = _DEFAULT_CATALOGUE,
    as_json: Annotated[bool, typer.Option("--json", help=t("cli.opt.json"))] = False,
) -> None:
    with _for_people():
        from safari.catalogue import CatalogueError, load, status_name

        if not catalogue.exists():
            raise CatalogueError(t("catalogue.missing", path=str(catalogue)))
        wanted = status_name(status) if status is not None else None
        features = load(catalogue)
        numbered = [
            (number, f)
            for number, f in enumerate(features, start=1)
            if wanted is None or f["properties"].get("status") == wanted
        ]
        if as_json:
            chosen = [f for _, f in numbered]
            sys.stdout.write(json.dumps(chosen, ensure_ascii=False, indent=2) + "\n")
            return
        if not numbered:
            _say(t("cli.stops.empty"))
            return
        rows = [(number, _row_texts(f["properties"])) for number, f in numbered]
        console = Console()  # reads the terminal width (COLUMNS) now
        if _table_width(rows) <= console.width:
            _stops_table(console, rows)
        else:  # a table would cut or wrap: one block per stop, nothing cut
            _stops_blocks(rows)
        _say(t("cli.stops.list_next"))


def _table_cells(rows: list[tuple[int, dict[str, str]]]) -> tuple[list[str], list[list[str]]]:
    keys = ["id", "naam", "soort", "status", "toestemming", "door", "dubbel"]
    header = [
        t("cli.col.number"),
        "id",
        t("cli.col.stop"),
        t("cli.stops.col.kind"),
        t("cli.stops.col.status"),
        t("cli.stops.col.consent"),
        t("cli.stops.col.by"),
        t("cli.stops.col.duplicate"),
    ]
    if any(r["osm"] for _, r in rows):
        keys.append("osm")
        header.append("OSM")
    return header, [[str(number), *(r[k] for k in keys)] for number, r in rows]


def _table_width(rows: list[tuple[int, dict[str, str]]]) -> int:
    """Characters a table needs to show every cell on one line."""
    header, body = _table_cells(rows)
    widths = [max(len(cell) for cell in column) for column in zip(header, *body, strict=True)]
    return sum(widths) + 3 * len(widths) + 1


def _stops_table(console: Console, rows: list[tuple[int, dict[str, str]]]) -> None:
    """Wide terminals: a table in which every cell fits on one line."""
    header, body = _table_cells(rows)
    table = Table()
    for j, name in enumerate(header):
        table.add_column(name, justify="right" if j == 0 else "left", no_wrap=True)
    for cells in body:
        table.add_row(*cells)
    console.print(table, markup=False, highlight=False, crop=False)


def _stops_blocks(rows: list[tuple[int, dict[str, str]]]) -> None:
    """Narrow terminals: one block per stop, the id alone on its line."""
    for i, (number, r) in enumerate(rows):
        if i:
            _say("")
        _say(f"{number:>3}. {r['id']}")
        _say(f"     {r['naam']}")
        details = [
            f"{t('cli.stops.col.kind')}: {r['soort'] or '-'}",
            f"{t('cli.stops.col.status')}: {r['status']}",
            f"{t('cli.stops.col.consent')}: {r['toestemming']}",
        ]
        _say("     " + " · ".join(details))
        extra = []
        if r["door"]:
            extra.append(f"{t('cli.stops.col.by')}: {r['door']}")
        if r["osm"]:
            extra.append(f"OSM: {r['osm']}")
        if extra:
            _say("     " + " · ".join(extra))
        if r["dubbel"]:
            _say(f"     {t('cli.stops.col.duplicate')}: {r['dubbel']}")


_RefsArgument = Annotated[list[str], typer.Argument(help=t("cli.arg.refs"), show_default=False)]


@stops_app.command("approve", help=t("cli.stops.approve.help"))
def stops_approve(
    ids: _RefsArgument,
    catalogue: _CatalogueOption = _DEFAULT_CATALOGUE,
    by: _ByOption = None,
    consent: Annotated[bool, typer.Option("--consent", help=t("cli.opt.consent"))] = False,
) -> None:
    with _for_people():
        from safari.catalogue import set_status

        result = set_status(catalogue, ids, "goedgekeurd", by=by, consent=True if consent else None)
        _changed(result, "cli.stops.approved")
        _say(t("cli.stops.next_approve", catalogue=str(catalogue)))


@stops_app.command("reject", help=t("cli.stops.reject.help"))
def stops_reject(
    ids: _RefsArgument,
    reason: Annotated[str, typer.Option(help=t("cli.opt.reason"))],
    catalogue: _CatalogueOption = _DEFAULT_CATALOGUE,
    by: _ByOption = None,
) -> None:
    with _for_people():
        from safari.catalogue import set_status

        result = set_status(catalogue, ids, "afgewezen", by=by, reason=reason)
        _changed(result, "cli.stops.rejected")
        _say(t("cli.stops.next_reject"))


@stops_app.command("withdraw", help=t("cli.stops.withdraw.help"))
def stops_withdraw(
    ids: _RefsArgument,
    reason: Annotated[str, typer.Option(help=t("cli.opt.withdraw_reason"))] = "",
    catalogue: _CatalogueOption = _DEFAULT_CATALOGUE,
    by: _ByOption = None,
) -> None:
    with _for_people():
        from safari.catalogue import set_status

        result = set_status(catalogue, ids, "ingetrokken", by=by, reason=reason)
        _changed(result, "cli.stops.withdrawn")
        _say(t("cli.stops.next_reject"))


@stops_app.command("delete", help=t("cli.stops.delete.help"))
def stops_delete(
    ids: _RefsArgument,
    catalogue: _CatalogueOption = _DEFAULT_CATALOGUE,
    by: _ByOption = None,
) -> None:
    with _for_people():
        from safari.retention import delete

        result = delete(catalogue, ids, by=by)
        _changed(result, "cli.stops.deleted")
        _say(t("cli.stops.next_delete", catalogue=str(catalogue)))


@stops_app.command("anonymise", help=t("cli.stops.anonymise.help"))
def stops_anonymise(
    ids: _RefsArgument,
    catalogue: _CatalogueOption = _DEFAULT_CATALOGUE,
    by: _ByOption = None,
) -> None:
    with _for_people():
        from safari.retention import anonymise

        result = anonymise(catalogue, ids, by=by)
        _changed(result, "cli.stops.anonymised")
        _say(t("cli.stops.next_anonymise"))


@stops_app.command("purge", help=t("cli.stops.purge.help"))
def stops_purge(
    older_than: Annotated[int, typer.Option("--older-than", help=t("cli.opt.older_than"))],
    catalogue: _CatalogueOption = _DEFAULT_CATALOGUE,
    by: _ByOption = None,
) -> None:
    with _for_people():
        from safari.retention import purge

        result = purge(catalogue, older_than_days=older_than, by=by)
        if not result.changed:
            _say(t("cli.stops.purged_none", days=older_than))
            return
        _changed(result, "cli.stops.purged")
        _say(t("cli.stops.next_purge", count=len(result.changed), days=older_than))


@stops_app.command("suggest", help=t("cli.stops.suggest.help"))
def stops_suggest(
    network: Annotated[str, typer.Option(help=t("cli.opt.suggest_network"))],
    catalogue: _CatalogueOption = _DEFAULT_CATALOGUE,
    by: _ByOption = None,
) -> None:
    with _for_people():
        from safari.catalogue import import_files, temporary_geojson
        from safari.suggest import suggest

        found = suggest(network)
        if not found:
            _say(t("cli.stops.empty"))
            return
        path = temporary_geojson(found)
        try:
            label = t("suggest.source", file=Path(network).name)
            result = import_files([path], catalogue, by=by, status="voorstel", source_label=label)
        finally:
            path.unlink(missing_ok=True)
        result.warnings = []  # the temporary file's name means nothing to the organiser
        result.consent_unknown = []  # nobody was asked yet: that is what a suggestion is
        _report_import(result, catalogue, status="voorstel")


@stops_app.command("export", help=t("cli.stops.export.help"))
def stops_export(
    file: Annotated[Path, typer.Argument(help=t("cli.arg.export_file"), show_default=False)],
    catalogue: _CatalogueOption = _DEFAULT_CATALOGUE,
    internal: Annotated[bool, typer.Option("--internal", help=t("cli.opt.internal"))] = False,
    open_file: _OpenOption = False,
) -> None:
    with _for_people():
        from safari.catalogue_export import export

        path, count = export(catalogue, file, internal=internal)
        _say(t("cli.stops.exported", count=count, path=str(path)))
        if internal:
            _warn(t("cli.stops.internal_note"))
        else:
            _say(t("cli.stops.next_export_public"))
        if open_file:
            _terminal.open_file(path)
