"""The ``safari`` command. Thin: it wires the modules together and talks to the terminal."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from safari import __version__
from safari._errors import SafariError
from safari.i18n import t
from safari.tour import (
    DEFAULT_SPEED_KMH,
    DEFAULT_START_TIME,
    DEFAULT_VISIT_MINUTES,
    Plan,
    parse_clock,
)

if TYPE_CHECKING:
    from safari.config import Event

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


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help=t("cli.opt.verbose"))] = False,
) -> None:
    """Plan een wijksafari: een wandeling langs organisaties en plekken in een wijk."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


@app.command(help=t("cli.plan.help"))
def plan(
    source: Annotated[Path, typer.Argument(help=t("cli.arg.source"), show_default=False)],
    network: Annotated[str | None, typer.Option(help=t("cli.opt.network"))] = None,
    start: Annotated[str | None, typer.Option(help=t("cli.opt.start"))] = None,
    end: Annotated[str | None, typer.Option(help=t("cli.opt.end"))] = None,
    open_end: Annotated[bool, typer.Option("--open", help=t("cli.opt.open"))] = False,
    start_time: Annotated[
        str | None, typer.Option(help=t("cli.opt.start_time"), show_default=DEFAULT_START_TIME)
    ] = None,
    end_time: Annotated[str | None, typer.Option(help=t("cli.opt.end_time"))] = None,
    day: Annotated[str | None, typer.Option("--date", help=t("cli.opt.date"))] = None,
    groups: Annotated[int | None, typer.Option(help=t("cli.opt.groups"), min=1)] = None,
    mode: Annotated[str | None, typer.Option(help=t("cli.opt.mode"))] = None,
    speed: Annotated[
        float | None, typer.Option(help=t("cli.opt.speed"), show_default=DEFAULT_SPEED_KMH)
    ] = None,
    visit_minutes: Annotated[
        float | None,
        typer.Option(help=t("cli.opt.visit_minutes"), show_default=DEFAULT_VISIT_MINUTES),
    ] = None,
    output: Annotated[Path, typer.Option(help=t("cli.opt.output"))] = Path("kaarten"),
    as_json: Annotated[bool, typer.Option("--json", help=t("cli.opt.json"))] = False,
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
        for name, value in overrides.items():
            if value is not None:
                setattr(event, name, value)
        if open_end:
            event.open_end = True
        base = _slug(event.name) if is_event else source.stem
        _plan_and_show(event, output=output, base=base, as_json=as_json, note=None)


@app.command(help=t("cli.demo.help"))
def demo(
    network: Annotated[str | None, typer.Option(help=t("cli.opt.network"))] = None,
    output: Annotated[Path, typer.Option(help=t("cli.opt.output"))] = Path("kaarten"),
    as_json: Annotated[bool, typer.Option("--json", help=t("cli.opt.json"))] = False,
) -> None:
    with _for_people():
        from safari.config import Event

        stops_file = EXAMPLE_DIR / "stops.csv"
        if not stops_file.exists():
            raise SafariError(t("cli.no_example", folder=str(EXAMPLE_DIR)))
        event = Event(
            stops=stops_file, name=t("cli.demo.title"), start=EXAMPLE_START, network=network
        )
        _plan_and_show(
            event, output=output, base="voorbeeld", as_json=as_json, note=t("cli.demo.note")
        )


@app.command(help=t("cli.version.help"))
def version() -> None:
    out.print(f"safari {__version__}")


def _plan_and_show(
    event: Event, *, output: Path, base: str, as_json: bool, note: str | None
) -> None:
    """Read, route, plan, write the maps and the schedule, then show the result."""
    # Imported here so that `safari --help` stays quick.
    from safari.network import walking_graph
    from safari.routing import walking_matrix
    from safari.stops import read_stops
    from safari.tour import plan_event

    stops = read_stops(event.stops)
    with err.status(t("cli.status.network")):
        graph = walking_graph(_network_file(event.network), around=stops)
    with err.status(t("cli.status.routes")):
        matrix = walking_matrix(graph, stops)
    with err.status(t("cli.status.plan")):
        result = plan_event(stops, matrix, event)
    written = _write_outputs(result, output=output, base=base, note=note)
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


def _write_outputs(result: Plan, *, output: Path, base: str, note: str | None) -> list[Path]:
    """One participant map per group; with several groups also the overview and schedule."""
    from safari.render import render_map

    title = result.title
    if len(result.groups) == 1:
        return [render_map(result, output / f"{base}.html", title=title, note=note)]
    written = [
        render_map(result, output / f"{base}-groep-{g + 1}.html", group=g, title=title, note=note)
        for g in range(len(result.groups))
    ]
    try:
        from safari.export import write_schedule_csv
        from safari.render import render_overview
    except ImportError:  # pragma: no cover - while the overview is being built
        return written
    written.insert(0, render_overview(result, output / f"{base}-overzicht.html", title=title))
    written.append(write_schedule_csv(result, output / f"{base}-schema.csv"))
    return written


def _network_file(network: str | None) -> str | None:
    """A network file, or None to download the stops' area (a place name is downloaded too)."""
    if network is None or Path(network).exists() or network.lower().endswith(_NETWORK_SUFFIXES):
        return network
    return None


_NETWORK_SUFFIXES = (".osm", ".pbf", ".gz", ".bz2", ".graphml")


def _parse_day(text: str) -> date:
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise SafariError(t("cli.bad_date", value=text))


def _parse_mode(text: str) -> str:
    mode = {
        "rotatie": "rotatie",
        "rotation": "rotatie",
        "verdeeld": "verdeeld",
        "split": "verdeeld",
    }
    if text.strip().lower() not in mode:
        raise SafariError(t("cli.bad_mode", value=text))
    return mode[text.strip().lower()]


def _slug(name: str) -> str:
    from safari.stops import _slug as slug

    return slug(name) or "safari"


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
