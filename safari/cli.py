"""The ``safari`` command. Thin: it wires the modules together and talks to the terminal."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from safari import __version__
from safari._errors import SafariError
from safari.i18n import t
from safari.tour import DEFAULT_SPEED_KMH, DEFAULT_START_TIME, DEFAULT_VISIT_MINUTES, Plan

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
    stops_file: Annotated[Path, typer.Argument(help=t("cli.arg.stops"), show_default=False)],
    network: Annotated[str | None, typer.Option(help=t("cli.opt.network"))] = None,
    start: Annotated[str | None, typer.Option(help=t("cli.opt.start"))] = None,
    end: Annotated[str | None, typer.Option(help=t("cli.opt.end"))] = None,
    open_end: Annotated[bool, typer.Option("--open", help=t("cli.opt.open"))] = False,
    start_time: Annotated[str, typer.Option(help=t("cli.opt.start_time"))] = DEFAULT_START_TIME,
    speed: Annotated[float, typer.Option(help=t("cli.opt.speed"))] = DEFAULT_SPEED_KMH,
    visit_minutes: Annotated[
        float, typer.Option(help=t("cli.opt.visit_minutes"))
    ] = DEFAULT_VISIT_MINUTES,
    output: Annotated[Path, typer.Option(help=t("cli.opt.output"))] = Path("kaarten"),
    as_json: Annotated[bool, typer.Option("--json", help=t("cli.opt.json"))] = False,
) -> None:
    with _for_people():
        _plan_and_show(
            stops_file,
            network=network,
            start=start,
            end=end,
            open_end=open_end,
            start_time=start_time,
            speed=speed,
            visit_minutes=visit_minutes,
            map_file=output / f"{stops_file.stem}.html",
            as_json=as_json,
            title=None,
            note=None,
        )


@app.command(help=t("cli.demo.help"))
def demo(
    network: Annotated[str | None, typer.Option(help=t("cli.opt.network"))] = None,
    output: Annotated[Path, typer.Option(help=t("cli.opt.output"))] = Path("kaarten"),
    as_json: Annotated[bool, typer.Option("--json", help=t("cli.opt.json"))] = False,
) -> None:
    with _for_people():
        stops_file = EXAMPLE_DIR / "stops.csv"
        if not stops_file.exists():
            raise SafariError(t("cli.no_example", folder=str(EXAMPLE_DIR)))
        _plan_and_show(
            stops_file,
            network=network,
            start=EXAMPLE_START,
            end=None,
            open_end=False,
            start_time=DEFAULT_START_TIME,
            speed=DEFAULT_SPEED_KMH,
            visit_minutes=DEFAULT_VISIT_MINUTES,
            map_file=output / "voorbeeld.html",
            as_json=as_json,
            title=t("cli.demo.title"),
            note=t("cli.demo.note"),
        )


@app.command(help=t("cli.version.help"))
def version() -> None:
    out.print(f"safari {__version__}")


def _plan_and_show(
    stops_file: Path,
    *,
    network: str | None,
    start: str | None,
    end: str | None,
    open_end: bool,
    start_time: str,
    speed: float,
    visit_minutes: float,
    map_file: Path,
    as_json: bool,
    title: str | None,
    note: str | None,
) -> None:
    # Imported here so that `safari --help` stays quick.
    from safari.network import walking_graph
    from safari.render import render_map
    from safari.routing import walking_matrix
    from safari.stops import read_stops
    from safari.tour import parse_clock, plan_safari

    parse_clock(start_time)  # a typo in the time is reported before any long work
    stops = read_stops(stops_file)
    with err.status(t("cli.status.network")):
        graph = walking_graph(network, around=stops)
    with err.status(t("cli.status.routes")):
        matrix = walking_matrix(graph, stops)
        result = plan_safari(
            stops,
            matrix,
            start=start,
            end=end,
            open_end=open_end,
            start_time=start_time,
            speed_kmh=speed,
            visit_minutes=visit_minutes,
        )
    written = render_map(result, map_file, title=title, note=note)
    if as_json:
        data = result.to_dict()
        data["map_file"] = str(written)
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    _print_schedule(result)
    for warning in result.warnings:
        err.print(t("cli.warning", message=warning), markup=False, highlight=False)
    out.print(
        t("cli.map_written", path=str(written)), markup=False, highlight=False, soft_wrap=True
    )


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
