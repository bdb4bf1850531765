"""The ``safari`` command. Thin: it wires the modules together and talks to the terminal."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn
from rich.table import Table

from safari import __version__
from safari._cli_texts import install as _speak_the_users_language
from safari._errors import SafariError
from safari.i18n import set_language, t, use_language
from safari.plan import Plan
from safari.tour import (
    DEFAULT_SPEED_KMH,
    DEFAULT_START_TIME,
    DEFAULT_VISIT_MINUTES,
    parse_clock,
)

if TYPE_CHECKING:
    from safari.config import Event

_speak_the_users_language()  # click's own texts ("Usage", "Error: ...") from the catalogue


def _early_language(argv: list[str]) -> None:
    """``--language`` before the help texts below are made, so ``--help`` is in one language."""
    for i, arg in enumerate(argv[1:], start=1):
        value = arg.split("=", 1)[1] if arg.startswith("--language=") else None
        if arg == "--language" and i + 1 < len(argv):
            value = argv[i + 1]
        if value:
            with suppress(SafariError):  # the option itself says so, in the callback
                set_language(value)
            return


_early_language(sys.argv)

app = typer.Typer(
    help=t("cli.help"),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
out = Console()
err = Console(stderr=True, soft_wrap=True)

EXAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "voorbeeld"
EXAMPLE_START = "buurthuis-de-brug"


@contextmanager
def _for_people() -> Iterator[None]:
    """Turn errors into a plain message and an exit code; never a traceback for bad input."""
    try:
        yield
    except SafariError as exc:
        err.print(t("cli.error", message=str(exc)), markup=False, highlight=False)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        err.print(t("cli.interrupted"))
        raise typer.Exit(130) from None
    except Exception as exc:  # a bug: say so plainly, keep the details for a bug report
        if os.environ.get("SAFARI_DEBUG"):
            raise
        err.print(t("cli.bug", kind=type(exc).__name__, detail=str(exc)), markup=False)
        raise typer.Exit(2) from None


_LANGUAGE_GIVEN = False


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help=t("cli.opt.verbose"))] = False,
    language: Annotated[
        str | None, typer.Option("--language", help=t("cli.opt.language"), show_default=False)
    ] = None,
) -> None:
    """Plan een wijksafari: een wandeling langs organisaties en plekken in een wijk."""
    global _LANGUAGE_GIVEN
    with _for_people():
        set_language(language)
    _LANGUAGE_GIVEN = language is not None
    if verbose:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    else:  # other programs' log lines and warnings are in English: only with --verbose
        import warnings

        logging.basicConfig(level=logging.CRITICAL + 1)
        logging.captureWarnings(True)
        warnings.simplefilter("ignore")


def _event_language(event: Event) -> None:
    """The event file's ``taal`` is the default; ``--language`` wins."""
    if event.language and not _LANGUAGE_GIVEN:
        set_language(event.language)


def _languages(text: str | None) -> tuple[str, ...]:
    """``nl,ar`` -> ``("nl", "ar")``; each must have a catalogue."""
    if not text:
        return ()
    codes = tuple(dict.fromkeys(c.strip().lower() for c in text.split(",") if c.strip()))
    for code in codes:
        with use_language(code):  # says which languages exist when one does not
            pass
    return codes


_OfflineOption = Annotated[bool, typer.Option("--offline", help=t("cli.opt.offline"))]
_BasemapOption = Annotated[str, typer.Option("--basemap", help=t("cli.opt.basemap"))]
_UrlOption = Annotated[str | None, typer.Option("--url", help=t("cli.opt.url"))]
_HandoutLanguagesOption = Annotated[
    str | None, typer.Option("--handout-languages", help=t("cli.opt.handout_languages"))
]


@app.command(help=t("cli.plan.help"))
def plan(
    source: Annotated[
        Path, typer.Argument(help=t("cli.arg.source"), metavar="BESTAND", show_default=False)
    ],
    network: Annotated[str | None, typer.Option(help=t("cli.opt.network"))] = None,
    start: Annotated[str | None, typer.Option(help=t("cli.opt.start"))] = None,
    end: Annotated[str | None, typer.Option(help=t("cli.opt.end"))] = None,
    open_end: Annotated[bool, typer.Option("--open", help=t("cli.opt.open"))] = False,
    start_time: Annotated[
        str | None, typer.Option(help=t("cli.opt.start_time"), show_default=DEFAULT_START_TIME)
    ] = None,
    end_time: Annotated[str | None, typer.Option(help=t("cli.opt.end_time"))] = None,
    day: Annotated[str | None, typer.Option("--date", help=t("cli.opt.date"))] = None,
    groups: Annotated[int | None, typer.Option(help=t("cli.opt.groups"))] = None,
    mode: Annotated[str | None, typer.Option(help=t("cli.opt.mode"))] = None,
    step_free: Annotated[bool, typer.Option("--step-free", help=t("cli.opt.step_free"))] = False,
    speed: Annotated[
        float | None, typer.Option(help=t("cli.opt.speed"), show_default=DEFAULT_SPEED_KMH)
    ] = None,
    visit_minutes: Annotated[
        float | None,
        typer.Option(help=t("cli.opt.visit_minutes"), show_default=DEFAULT_VISIT_MINUTES),
    ] = None,
    output: Annotated[Path, typer.Option(help=t("cli.opt.output"))] = Path("kaarten"),
    as_json: Annotated[bool, typer.Option("--json", help=t("cli.opt.json"))] = False,
    offline: _OfflineOption = False,
    basemap: _BasemapOption = "osm",
    url: _UrlOption = None,
    handout_languages: _HandoutLanguagesOption = None,
) -> None:
    with _for_people():
        from safari.config import Event, read_event

        is_event = source.suffix.lower() == ".toml"
        event = read_event(source) if is_event else Event(stops=source, name=source.stem)
        overrides = {
            "network": network,
            "start": start,
            "end": end,
            "start_time": start_time and parse_clock(start_time, option="--start-time"),
            "end_time": end_time and parse_clock(end_time, option="--end-time"),
            "day": day and _parse_day(day),
            "groups": groups,
            "mode": mode and _parse_mode(mode),
            "speed_kmh": speed,
            "visit_minutes": visit_minutes,
        }
        if groups is not None and not 1 <= groups <= 50:
            raise SafariError(t("cli.bad_groups", value=groups))
        for name, value in overrides.items():
            if value is not None:
                setattr(event, name, value)
        if event.end_time is not None and event.end_time <= event.start_time:
            start, until = f"{event.start_time:%H:%M}", f"{event.end_time:%H:%M}"
            raise SafariError(t("event.end_before_start", start=start, end=until))
        if open_end:
            event.open_end = True
        if step_free:
            event.step_free = True
        base = _file_name(event.name) if is_event else source.stem
        _event_language(event)
        maps = _Maps(
            offline=offline, basemap=basemap, url=url, languages=_languages(handout_languages)
        )
        _plan_and_show(event, output=output, base=base, as_json=as_json, note=None, maps=maps)


@app.command(help=t("cli.demo.help"))
def demo(
    network: Annotated[str | None, typer.Option(help=t("cli.opt.network"))] = None,
    output: Annotated[Path, typer.Option(help=t("cli.opt.output"))] = Path("kaarten"),
    as_json: Annotated[bool, typer.Option("--json", help=t("cli.opt.json"))] = False,
    offline: _OfflineOption = False,
    basemap: _BasemapOption = "osm",
    url: _UrlOption = None,
    handout_languages: _HandoutLanguagesOption = None,
) -> None:
    with _for_people():
        from safari.config import Event

        stops_file = EXAMPLE_DIR / "stops.csv"
        if not stops_file.exists():
            raise SafariError(t("cli.no_example", folder=str(EXAMPLE_DIR)))
        event = Event(
            stops=stops_file, name=t("cli.demo.title"), start=EXAMPLE_START, network=network
        )
        maps = _Maps(
            offline=offline, basemap=basemap, url=url, languages=_languages(handout_languages)
        )
        _plan_and_show(
            event,
            output=output,
            base="voorbeeld",
            as_json=as_json,
            note=t("cli.demo.note"),
            maps=maps,
        )


@dataclass(frozen=True)
class _Maps:
    """How the maps are written: inline assets, which background map, their web address."""

    offline: bool = False
    basemap: str = "osm"
    url: str | None = None
    #: Languages of the handouts (empty: one handout, in the user's language).
    languages: tuple[str, ...] = ()


@app.command(help=t("cli.version.help"))
def version() -> None:
    out.print(f"safari {__version__}")


def _plan_and_show(
    event: Event,
    *,
    output: Path,
    base: str,
    as_json: bool,
    note: str | None,
    maps: _Maps,
) -> None:
    """Read, route, plan, write the maps and the schedule, then show the result."""
    # Imported here so that `safari --help` stays quick.
    from safari.network import step_free, walking_graph
    from safari.routing import walking_matrix
    from safari.stops import read_stops
    from safari.tour import plan_event, with_meeting_points

    stops = with_meeting_points(read_stops(event.stops), event)
    with err.status(t("cli.status.network")):
        graph = walking_graph(_network_file(event.network), around=stops)
        if event.step_free:
            graph = step_free(graph)
    with err.status(t("cli.status.routes")):
        matrix = walking_matrix(graph, stops)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), console=err, transient=True
    ) as bar:
        task = bar.add_task(t("cli.status.plan"), total=None)
        result = plan_event(
            stops,
            matrix,
            event,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    written = _write_outputs(result, output=output, base=base, note=note, maps=maps)
    written += _write_exports(
        result, graph, output=output, base=base, url=maps.url, languages=maps.languages
    )
    if as_json:
        data = result.to_dict()
        data["map_file"] = str(written[0])
        data["files"] = [str(p) for p in written]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    _print_schedule(result)
    for warning in result.warnings:
        err.print(t("cli.warning", message=warning), markup=False, highlight=False)
    for path in written:
        out.print(
            t("cli.map_written", path=str(path)), markup=False, highlight=False, soft_wrap=True
        )


def _write_outputs(
    result: Plan, *, output: Path, base: str, note: str | None, maps: _Maps
) -> list[Path]:
    """One participant map per group; with several groups also the overview and schedule."""
    from safari.export import write_schedule_csv
    from safari.render import render_map, render_overview

    def participant(g: int, name: str) -> Path:
        return render_map(
            result,
            output / name,
            group=g,
            title=result.title,
            note=note,
            offline=maps.offline,
            basemap=maps.basemap,
        )

    if len(result.groups) == 1:
        return [participant(0, f"{base}.html")]
    written = [participant(g, f"{base}-groep-{g + 1}.html") for g in range(len(result.groups))]
    overview = render_overview(
        result,
        output / f"{base}-overzicht.html",
        title=result.title,
        offline=maps.offline,
        basemap=maps.basemap,
    )
    return [overview, *written, write_schedule_csv(result, output / f"{base}-schema.csv")]


def _write_exports(
    result: Plan,
    graph: Any,
    *,
    output: Path,
    base: str,
    url: str | None = None,
    languages: tuple[str, ...] = (),
) -> list[Path]:
    """Per group a GPX file and a printable handout (HTML and PDF, QR code to ``url``).

    With ``languages``, a handout per language: ``...-handout.html`` in the first, then
    ``...-handout-ar.html`` and so on.
    """
    from safari.export import write_gpx, write_handout
    from safari.i18n import language

    written: list[Path] = []
    several = len(result.groups) > 1
    for g in range(len(result.groups)):
        stem = f"{base}-groep-{g + 1}" if several else base
        written.append(write_gpx(result, output / f"{stem}.gpx", group=g))
        link = f"{url}{stem}.html" if url and url.endswith("/") else url
        for n, lang in enumerate(languages or (language(),)):
            name = f"{stem}-handout" if n == 0 else f"{stem}-handout-{lang}"
            try:
                pages = write_handout(
                    result, output, graph=graph, group=g, url=link, name=name, language=lang
                )
            except SafariError as exc:  # e.g. no PDF renderer on this machine: the maps stand
                err.print(t("cli.warning", message=str(exc)), markup=False, highlight=False)
                break
            written.extend(pages)
    return written


def _network_file(network: str | None) -> str | None:
    """A network file, or None to download the stops' area (a place name is downloaded too)."""
    from safari.config import is_network_file

    if network is None or Path(network).exists() or is_network_file(network):
        return network
    return None


def _parse_day(text: str) -> date:
    from safari.config import parse_day

    day = parse_day(text)
    if day is None:
        raise SafariError(t("cli.bad_date", value=text))
    return day


def _parse_mode(text: str) -> str:
    from safari.config import parse_mode

    mode = parse_mode(text)
    if mode is None:
        raise SafariError(t("cli.bad_mode", value=text))
    return mode


def _file_name(name: str) -> str:
    """The event's name as the start of its output files: ``wijksafari-kanaleneiland``."""
    from safari.stops import slug

    return slug(name)


def _print_schedule(result: Plan) -> None:
    from safari.stops import as_plain

    names = dict(zip(result.stops["id"], result.stops["naam"], strict=True))
    for group in result.groups:
        table = Table(title=group.name, title_justify="left")
        table.add_column(t("cli.col.number"), justify="right")
        table.add_column(t("cli.col.stop"))
        table.add_column(t("cli.col.arrive"))
        table.add_column(t("cli.col.depart"))
        table.add_column(t("cli.col.walk"), justify="right")
        walk = [None, *group.legs]
        for visit, leg in zip(group.visits, walk, strict=True):
            table.add_row(
                str(visit.number),
                as_plain(str(names[visit.stop_id])),
                visit.arrive.strftime("%H:%M"),
                visit.depart.strftime("%H:%M"),
                "" if leg is None else f"{leg.minutes:.0f}",
            )
        out.print(table)
        km = f"{group.total_meters / 1000:.1f}".replace(".", ",")
        out.print(t("cli.total", km=km, end=group.visits[-1].depart.strftime("%H:%M")))


# --- community stops: template, form and the review queue (issue 5) -----------------------

stops_app = typer.Typer(
    help=t("cli.stops.help"), no_args_is_help=True, add_completion=False, rich_markup_mode=None
)
app.add_typer(stops_app, name="stops")

_CatalogueOption = Annotated[Path, typer.Option("--catalogue", help=t("cli.opt.catalogue"))]
_ByOption = Annotated[str | None, typer.Option("--by", help=t("cli.opt.by"))]
_DEFAULT_CATALOGUE = Path("catalogus.geojson")


def _say(text: str) -> None:
    out.print(text, markup=False, highlight=False, soft_wrap=True)


def _warn(text: str) -> None:
    err.print(t("cli.warning", message=text), markup=False, highlight=False)


@app.command(help=t("cli.template.help"))
def template(
    output: Annotated[Path, typer.Option(help=t("cli.opt.output_folder"))] = Path("."),
) -> None:
    with _for_people():
        from safari.template import write_template

        for path in write_template(output):
            _say(t("cli.written", path=str(path)))


@app.command(help=t("cli.form.help"))
def form(
    network: Annotated[str, typer.Option(help=t("cli.opt.form_network"))],
    output: Annotated[Path, typer.Option(help=t("cli.opt.output_folder"))] = Path("kaarten"),
    organiser: Annotated[str | None, typer.Option(help=t("cli.opt.organiser"))] = None,
    contact: Annotated[str | None, typer.Option(help=t("cli.opt.contact"))] = None,
    keep_days: Annotated[int | None, typer.Option(help=t("cli.opt.keep_days"))] = None,
    event_file: Annotated[Path | None, typer.Option("--event", help=t("cli.opt.event"))] = None,
) -> None:
    with _for_people():
        from safari.config import read_event
        from safari.form import Privacy, write_form

        event = read_event(event_file) if event_file else None
        if event is not None:
            _event_language(event)
        privacy = Privacy.from_options(
            organiser=organiser or (event.organiser if event else None),
            contact=contact or (event.contact if event else None),
            keep_days=keep_days if keep_days is not None else (event.keep_days if event else None),
        )
        with err.status(t("cli.status.network")):
            path = write_form(network, output, privacy=privacy)
        _say(t("cli.written", path=str(path)))


@stops_app.command("import", help=t("cli.stops.import.help"))
def stops_import(
    files: Annotated[
        list[Path],
        typer.Argument(help=t("cli.arg.stops_files"), metavar="BESTANDEN", show_default=False),
    ],
    catalogue: _CatalogueOption = _DEFAULT_CATALOGUE,
    by: _ByOption = None,
    keep_status: Annotated[bool, typer.Option(help=t("cli.opt.keep_status"))] = False,
) -> None:
    with _for_people():
        from safari.catalogue import import_files

        result = import_files(files, catalogue, by=by, keep_status=keep_status)
        _report_import(result, catalogue)


def _report_import(result: object, catalogue: Path) -> None:
    from safari.catalogue import ImportResult

    assert isinstance(result, ImportResult)
    for warning in result.warnings:
        _warn(warning)
    if result.added:
        ids = ", ".join(result.added)
        _say(t("cli.stops.added", count=len(result.added), catalogue=str(catalogue), ids=ids))
    if result.unchanged:
        ids = ", ".join(result.unchanged)
        _say(t("cli.stops.unchanged", count=len(result.unchanged), ids=ids))
    for stop_id, others in result.duplicates.items():
        _warn(t("cli.stops.duplicate", id=stop_id, others=", ".join(others)))


@stops_app.command("list", help=t("cli.stops.list.help"))
def stops_list(
    status: Annotated[str | None, typer.Option(help=t("cli.opt.status"))] = None,
    catalogue: _CatalogueOption = _DEFAULT_CATALOGUE,
    as_json: Annotated[bool, typer.Option("--json", help=t("cli.opt.json"))] = False,
) -> None:
    with _for_people():
        from safari.catalogue import load, stops_frame
        from safari.stops import as_plain

        frame = stops_frame(catalogue, status=status)
        if as_json:
            chosen = [
                f for f in load(catalogue) if status is None or f["properties"]["status"] == status
            ]
            sys.stdout.write(json.dumps(chosen, ensure_ascii=False, indent=2) + "\n")
            return
        if frame.empty:
            _say(t("cli.stops.empty"))
            return
        table = Table()
        for key in ("id",):
            table.add_column(key)
        table.add_column(t("cli.col.stop"))
        table.add_column(t("cli.stops.col.kind"))
        table.add_column(t("cli.stops.col.status"))
        table.add_column(t("cli.stops.col.consent"))
        table.add_column(t("cli.stops.col.by"))
        table.add_column(t("cli.stops.col.duplicate"))
        for _, row in frame.iterrows():
            table.add_row(
                *(
                    as_plain(str(row.get(column) or ""))
                    for column in ("id", "naam", "soort", "status", "toestemming", "ingediend_door")
                ),
                ", ".join(row.get("mogelijk_dubbel") or []),
            )
        out.print(table)


@stops_app.command("approve", help=t("cli.stops.approve.help"))
def stops_approve(
    ids: Annotated[
        list[str], typer.Argument(help=t("cli.arg.ids"), metavar="ID", show_default=False)
    ],
    catalogue: _CatalogueOption = _DEFAULT_CATALOGUE,
    by: _ByOption = None,
    consent: Annotated[bool, typer.Option("--consent", help=t("cli.opt.consent"))] = False,
) -> None:
    with _for_people():
        from safari.catalogue import set_status

        warnings = set_status(
            catalogue, ids, "goedgekeurd", by=by, consent=True if consent else None
        )
        _say(t("cli.stops.status_set", count=len(ids), status="goedgekeurd", ids=", ".join(ids)))
        for warning in warnings:
            _warn(warning)


@stops_app.command("reject", help=t("cli.stops.reject.help"))
def stops_reject(
    stop_id: Annotated[str, typer.Argument(help=t("cli.arg.id"), metavar="ID", show_default=False)],
    reason: Annotated[str, typer.Option(help=t("cli.opt.reason"))],
    catalogue: _CatalogueOption = _DEFAULT_CATALOGUE,
    by: _ByOption = None,
) -> None:
    with _for_people():
        from safari.catalogue import set_status

        set_status(catalogue, [stop_id], "afgewezen", by=by, reason=reason)
        _say(t("cli.stops.status_set", count=1, status="afgewezen", ids=stop_id))


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
        _report_import(result, catalogue)


@stops_app.command("export", help=t("cli.stops.export.help"))
def stops_export(
    file: Annotated[
        Path, typer.Argument(help=t("cli.arg.export_file"), metavar="BESTAND", show_default=False)
    ],
    catalogue: _CatalogueOption = _DEFAULT_CATALOGUE,
    internal: Annotated[bool, typer.Option("--internal", help=t("cli.opt.internal"))] = False,
) -> None:
    with _for_people():
        from safari.catalogue import export

        path, count = export(catalogue, file, internal=internal)
        _say(t("cli.stops.exported", count=count, path=str(path)))
        if internal:
            _warn(t("cli.stops.internal_note"))
