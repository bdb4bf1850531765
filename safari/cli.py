"""The ``safari`` command. Thin: it wires the modules together and talks to the terminal."""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from safari import __version__, _terminal
from safari._cli_texts import choose_language, event_language, language_list, quiet_other_programs
from safari._cli_texts import install as _speak_the_users_language
from safari._errors import SafariError
from safari._terminal import OpenOption as _OpenOption
from safari._terminal import err, out
from safari._terminal import for_people as _for_people
from safari._terminal import say as _say
from safari._terminal import warn as _warn
from safari.cli_contact import BoundariesOption, CbsOption, PreparationOption, page_intro_for
from safari.cli_stops import stops_app
from safari.config import Event
from safari.i18n import t
from safari.settings import pdf_renderer_installed

# Only light modules above: `safari --help`, `safari version` and a mistake in the options
# must not wait for geopandas, osmnx, OR-Tools or WeasyPrint (tests/test_startup.py checks).
# Every command imports the heavy parts it needs inside its body.

if TYPE_CHECKING:
    import geopandas as gpd

    from safari.basemap import Basemap
    from safari.network_arrays import WalkingNetwork
    from safari.people import Grouping
    from safari.plan import Plan

_speak_the_users_language(sys.argv)  # click's texts from the catalogue; an early --language

app = typer.Typer(
    help=t("cli.help"),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXAMPLE_FOLDER = ("data", "voorbeeld")  # package data: the example event, stops and network
EXAMPLE_NETWORK = "nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2"  # ODbL, see BRON.md there
EXAMPLE_START = "buurthuis-de-brug"


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help=t("cli.opt.verbose"))] = False,
    language: Annotated[
        str | None, typer.Option("--language", help=t("cli.opt.language"), show_default=False)
    ] = None,
) -> None:
    """Plan een wijksafari: een wandeling langs organisaties en plekken in een wijk."""
    with _for_people():
        choose_language(language)
    if verbose:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    else:  # other programs' log lines and warnings are in English: only with --verbose
        quiet_other_programs()


_OfflineOption = Annotated[
    bool, typer.Option("--offline", help=t("cli.opt.offline"), hidden=True)
]  # every map is one self-contained file now; the flag is accepted and does nothing
_BasemapOption = Annotated[str | None, typer.Option("--basemap", help=t("cli.opt.basemap"))]
_TitleOption = Annotated[str | None, typer.Option("--title", help=t("cli.opt.title"))]
_UrlOption = Annotated[str | None, typer.Option("--url", help=t("cli.opt.url"))]
_BrowserOption = Annotated[bool, typer.Option("--open", help=t("cli.opt.open_browser"))]
_LanguagesOption = Annotated[
    str | None, typer.Option("--handout-languages", help=t("cli.opt.handout_languages"))
]


@app.command(help=t("cli.plan.help"))
def plan(
    source: Annotated[Path, typer.Argument(help=t("cli.arg.source"), show_default=False)],
    network: Annotated[str | None, typer.Option(help=t("cli.opt.network"))] = None,
    start: Annotated[str | None, typer.Option(help=t("cli.opt.start"))] = None,
    end: Annotated[str | None, typer.Option(help=t("cli.opt.end"))] = None,
    open_end: Annotated[bool, typer.Option("--open-end", help=t("cli.opt.open"))] = False,
    start_time: Annotated[
        str | None,
        typer.Option(help=t("cli.opt.start_time"), show_default=f"{Event.start_time:%H:%M}"),
    ] = None,
    end_time: Annotated[str | None, typer.Option(help=t("cli.opt.end_time"))] = None,
    day: Annotated[str | None, typer.Option("--date", help=t("cli.opt.date"))] = None,
    groups: Annotated[int | None, typer.Option(help=t("cli.opt.groups"))] = None,
    mode: Annotated[str | None, typer.Option(help=t("cli.opt.mode"))] = None,
    step_free: Annotated[bool, typer.Option("--step-free", help=t("cli.opt.step_free"))] = False,
    speed: Annotated[
        float | None,
        typer.Option(help=t("cli.opt.speed"), show_default=f"{Event.TALKING_SPEED_KMH:g}"),
    ] = None,
    visit_minutes: Annotated[
        float | None,
        typer.Option(help=t("cli.opt.visit_minutes"), show_default=f"{Event.visit_minutes:g}"),
    ] = None,
    time_limit: Annotated[
        float | None,
        typer.Option(help=t("cli.opt.time_limit"), show_default=f"{Event.time_limit_s:g}"),
    ] = None,
    output: Annotated[Path, typer.Option(help=t("cli.opt.output"))] = Path("kaarten"),
    as_json: Annotated[bool, typer.Option("--json", help=t("cli.opt.json"))] = False,
    offline: _OfflineOption = False,
    basemap: _BasemapOption = None,
    url: _UrlOption = None,
    open_browser: _BrowserOption = False,
    handout_languages: _LanguagesOption = None,
    title: _TitleOption = None,
    participants: Annotated[
        Path | None, typer.Option("--participants", help=t("cli.opt.participants"))
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=t("cli.opt.force"))] = False,
    since: Annotated[Path | None, typer.Option("--since", help=t("cli.opt.since"))] = None,
    preparation: PreparationOption = None,  # issue 15
    boundaries: BoundariesOption = None,
    cbs: CbsOption = None,
) -> None:
    with _for_people():
        from safari.config import read_event

        is_event = source.suffix.lower() == ".toml"
        event = (
            read_event(source) if is_event else Event(stops=source, name=title or t("map.title"))
        )
        event = event.with_options(
            network=network,
            start=start,
            end=end,
            open_end=open_end or None,
            start_time=start_time,
            end_time=end_time,
            day=day,
            groups=groups,
            mode=mode,
            step_free=step_free or None,
            speed_kmh=speed,
            visit_minutes=visit_minutes,
            time_limit_s=time_limit,
            preparation=preparation,  # issue 15
            boundaries=str(boundaries) if boundaries else None,
            cbs_file=str(cbs) if cbs else None,
        )
        if participants is not None:
            event.participants_file = participants
        base = _file_name(event.name) if is_event else source.stem
        if title and is_event:
            event = dataclasses.replace(event, name=title)
        event_language(event.language)
        languages = language_list(handout_languages)
        maps = _Maps(offline, basemap, url, open_browser, languages)
        _plan_and_show(
            event,
            output=output,
            base=base,
            as_json=as_json,
            note=None,
            maps=maps,
            own_list=True,
            force=force,
            since=since,
        )


@app.command(help=t("cli.demo.help"))
def demo(
    network: Annotated[str | None, typer.Option(help=t("cli.opt.network"))] = None,
    output: Annotated[Path, typer.Option(help=t("cli.opt.output"))] = Path("kaarten"),
    as_json: Annotated[bool, typer.Option("--json", help=t("cli.opt.json"))] = False,
    offline: _OfflineOption = False,
    basemap: _BasemapOption = None,
    url: _UrlOption = None,
    open_browser: _BrowserOption = False,
    handout_languages: _LanguagesOption = None,
) -> None:
    with _for_people():
        from importlib.resources import as_file, files

        from safari.config import Event

        example = files("safari").joinpath(*EXAMPLE_FOLDER)
        stops_file, network_file = example / "stops.csv", example / EXAMPLE_NETWORK
        if not stops_file.is_file():
            raise SafariError(t("cli.no_example", folder=str(example)))
        with as_file(stops_file) as stops_path, as_file(network_file) as network_path:
            event = Event(
                stops=stops_path,
                name=t("cli.demo.title"),
                start=EXAMPLE_START,
                network=network or str(network_path),
            )
            languages = language_list(handout_languages)
            maps = _Maps(offline, basemap, url, open_browser, languages)
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
    basemap: str | None = None
    url: str | None = None
    open_browser: bool = False
    languages: tuple[str, ...] = ()  # of the handouts; empty: the user's language


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
    own_list: bool = False,
    force: bool = False,
    since: Path | None = None,
) -> None:
    """Read, route, plan, write the files by audience, then show the result.

    ``own_list``: say once that a stops file without a ``toestemming`` column is taken
    for the organiser's own list (every host agreed), as before (issue 10).

    The plan is kept in ``organisatie/`` (`safari.keep`): unchanged inputs reuse it
    without reading the network or writing; changed texts only redraw the files with the
    same times; a changed place, hour or group count plans anew. A handout's PDF is
    made again only when its page changed.
    """
    from safari import keep

    del base  # the writers name the files (safari.outputs)
    kept_path = output / "organisatie" / keep.KEPT_NAME
    # None: no PDF asked (--json); False: asked, but no renderer. Installing the pdf extra
    # since the last run is a change, so the PDFs are made then.
    pdf = None if as_json else pdf_renderer_installed()
    options = {"maps": maps.__dict__, "note": note, "pdf": pdf}
    inputs = keep.input_digests(event, options=options)
    kept = None if force or since is not None else keep.load_plan(kept_path)
    if kept is not None and keep.reusable(kept, inputs):
        # Nothing changed: no network, no solving, no writing.
        files = [Path(f) for f in kept["files"]]
        summary = {**kept["summary"], "title": kept["plan"].get("title")}
        # What the run that wrote the files had to say about them (no PDF, say) still holds.
        notes = [t("keep.reused", path=str(kept_path))]
        notes += [t("cli.warning", message=line) for line in kept.get("warnings", [])]
        _show_result(summary, kept["names"], files, output=output, as_json=as_json,
                     notes=notes, maps=maps)  # fmt: skip
        return

    # Imported here so that `safari --help` stays quick.
    from safari.outputs import write_outputs
    from safari.stops import read_stops
    from safari.tour import with_meeting_points

    previous = None
    if since is not None:
        from safari.replan import read_previous

        previous = read_previous(since)
    stops = with_meeting_points(read_stops(event.stops), event)
    if own_list and not stops.attrs.get("consent_column", True) and not as_json:
        _warn(t("cli.plan.own_list", file=Path(str(event.stops)).name))
    grouping = _form_groups(event)
    sizes = grouping.sizes if grouping is not None else None
    planning = keep.planning_digest(stops, event, network=event.network, group_sizes=sizes or ())
    network = _walking_network(event, stops)
    result = keep.kept_times(kept, planning, stops=stops, title=event.name)  # texts only
    notes = [t("keep.redrawn")] if result is not None else []
    if result is None:
        result = _solve(event, stops, network, sizes, previous)
        keep.solves += 1
    if grouping is not None:
        result.warnings += [w for w in grouping.warnings if w not in result.warnings]
    stamp = keep.stamp(kept, result)
    written = write_outputs(
        result, output, network=network, url=maps.url, title=result.title, note=note,
        basemap=_drawn_basemap(_network_file(event.network), network, result),
        tiles=maps.basemap, event=event, grouping=grouping, stamp=stamp, pdf=not as_json,
        force=force, languages=maps.languages,
        intro=page_intro_for(event, result, warn=None if as_json else _warn),  # issue 15
    )  # fmt: skip
    files = written.all_files
    keep.save_plan(result, kept_path, inputs=inputs, planning=planning, files=files,
                   planned_at=stamp, extra={"warnings": written.warnings})  # fmt: skip
    # e.g. no PDF renderer on this machine: the maps stand
    notes.extend(t("cli.warning", message=line) for line in written.warnings)
    summary = {**result.to_dict(), "title": result.title}
    lines = []
    if result.quality is not None and result.quality["proven"]:
        lines.append(result.quality["text"])
    if previous is not None:  # re-planning on the day: what changes, and for whom
        from safari.replan import change_lines, changes

        changed = changes(previous, result)
        summary["changes"] = [c.to_dict() for c in changed]
        lines += change_lines(changed, result, previous)
    _show_result(summary, keep.stop_names(result), files, output=output,
                 as_json=as_json, notes=notes, maps=maps, lines=lines)  # fmt: skip


def _walking_network(event: Event, stops: gpd.GeoDataFrame) -> WalkingNetwork:
    from safari.network import step_free, walking_network

    with err.status(t("cli.status.network")):
        found = walking_network(_network_file(event.network), around=stops)
        return step_free(found) if event.step_free else found


def _solve(
    event: Event,
    stops: gpd.GeoDataFrame,
    network: WalkingNetwork,
    sizes: list[int] | None,
    previous: dict[str, Any] | None = None,
) -> Plan:
    from rich.progress import BarColumn, Progress, TextColumn

    from safari.people import capacity_for, capacity_warnings
    from safari.tour import checked_matrix, plan_event

    with err.status(t("cli.status.routes")):  # every problem of the stops in one round
        matrix = checked_matrix(network, stops, event)
    pairs, sizes = capacity_for(stops, event, sizes)  # a group larger than a venue: not there
    with Progress(
        TextColumn("{task.description}"), BarColumn(), console=err, transient=True,
        disable=not err.is_terminal,  # issue 17: else an empty line is left on stderr
    ) as bar:  # fmt: skip
        task = bar.add_task(t("cli.status.plan"), total=None)
        result = plan_event(
            stops, matrix, event, forbidden=pairs,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
            since=previous,
        )  # fmt: skip
    result.warnings += capacity_warnings(result, pairs, sizes)
    result.forbidden = pairs
    return result


def _drawn_basemap(source: str | None, network: WalkingNetwork, result: Plan) -> Basemap:
    """The basemap of the map file (every layer) or of the walking network (streets)."""
    from safari.basemap import read_basemap

    points = [(p.x, p.y) for p in result.stops.geometry]
    is_osm = source is not None and ".osm" in Path(source).name.lower()
    return read_basemap(source if is_osm else network, around=points)


def _form_groups(event: Event) -> Grouping | None:
    """The groups from the participants file; someone needs step-free: every route is."""
    from safari.people import groups_for_event

    grouping = groups_for_event(event)
    if grouping is not None and grouping.step_free:
        event.step_free = True
    return grouping


def _show_result(
    data: dict[str, Any],
    names: dict[str, str],
    files: list[Path],
    *,
    output: Path,
    as_json: bool,
    notes: list[str],
    maps: _Maps,
    lines: list[str] | None = None,
) -> None:
    """The schedule and what was written (or the JSON), then what to do next."""
    index = output / "openbaar" / "index.html"
    maps_written = [p for p in files if p.parent.name == "openbaar" and p.suffix == ".html"]
    first = next(
        (p for p in maps_written if p.name != "index.html" and not p.stem.endswith("-handout")),
        index,
    )
    if as_json:
        data = {key: value for key, value in data.items() if key != "title"}
        data["map_file"] = str(first)
        data["index"] = str(index)
        data["files"] = [str(p) for p in files]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        _print_schedule_data(data, names)
        for line in lines or []:
            out.print(line, markup=False, highlight=False)
        for warning in data.get("warnings", []):
            err.print(t("cli.warning", message=warning), markup=False, highlight=False)
        for line in notes:
            err.print(line, markup=False, highlight=False)
        _say(t("cli.outputs.written", count=len(files), folder=str(output)))
        key = "cli.outputs.next_many" if len(data["groups"]) > 1 else "cli.outputs.next_one"
        public = f"{Path(output).as_posix().rstrip('/')}/openbaar/"
        _say(t(key, index=str(index), public=public, file=first.name))
    if maps.open_browser:
        import webbrowser

        webbrowser.open(index.resolve().as_uri())


def _network_file(network: str | None) -> str | None:
    """A network file, or None to download the stops' area (a place name is downloaded too)."""
    from safari.config import is_network_file

    if network is None or Path(network).exists() or is_network_file(network):
        return network
    return None


def _file_name(name: str) -> str:
    """The event's name as the start of its output files: ``wijksafari-kanaleneiland``."""
    from safari.schema import slug

    return slug(name)


def _print_schedule_data(data: dict[str, Any], names: dict[str, str]) -> None:
    """The schedule per group as tables, from the plan's JSON (`Plan.to_dict`).

    ``names`` are the stops' names as plain text (kept with the plan).
    """
    several = len(data["groups"]) > 1  # issue 17: one group is not "Groep 1": the event's name
    for group in data["groups"]:
        heading = group["name"] if several else data.get("title")
        table = Table(title=heading, title_justify="left")
        table.add_column(t("cli.col.number"), justify="right")
        table.add_column(t("cli.col.stop"))
        table.add_column(t("cli.col.arrive"))
        table.add_column(t("cli.col.depart"))
        table.add_column(t("cli.col.walk"), justify="right")
        table.add_column(t("wait.col"), justify="right")
        walk = [None, *group["legs"]]
        for number, (visit, leg) in enumerate(zip(group["visits"], walk, strict=True), start=1):
            wait = visit.get("wait_minutes") or 0
            table.add_row(
                str(number),
                names.get(visit["stop_id"], visit["stop_id"]),
                visit["arrive"],
                visit["depart"],
                "" if leg is None else f"{leg['minutes']:.0f}",
                t("wait.minutes", minutes=wait) if wait else "",
            )
        out.print(table)
        km = f"{group['total_meters'] / 1000:.1f}".replace(".", ",")
        end = group["visits"][-1]["depart"] if group["visits"] else ""
        out.print(t("cli.total", km=km, end=end))
    if data.get("step_free"):
        out.print(t("plan.step_free_note"))


# --- community stops: the template, the form, and the review queue (safari.cli_stops) ---

app.add_typer(stops_app, name="stops")


@app.command(help=t("cli.template.help"))
def template(
    output: Annotated[Path, typer.Option(help=t("cli.opt.output_folder"))] = Path(),
    network: Annotated[
        str | None, typer.Option("--network", help=t("cli.opt.template_network"))
    ] = None,
    open_file: _OpenOption = False,
) -> None:
    with _for_people():
        from safari.template import write_template

        if network is not None:
            with err.status(t("cli.status.network")):
                xlsx, csv = write_template(output, network=network)
        else:
            xlsx, csv = write_template(output)
        _say(t("cli.template.written", xlsx=str(xlsx), csv=str(csv)))
        _say(t("cli.template.next", xlsx=xlsx.name))
        if open_file:
            _terminal.open_file(xlsx)


@app.command(help=t("cli.form.help"))
def form(
    network: Annotated[str, typer.Option(help=t("cli.opt.form_network"))],
    output: Annotated[Path, typer.Option(help=t("cli.opt.output_folder"))] = Path("kaarten"),
    organiser: Annotated[str | None, typer.Option(help=t("cli.opt.form_organiser"))] = None,
    contact: Annotated[str | None, typer.Option(help=t("cli.opt.contact"))] = None,
    keep_days: Annotated[int | None, typer.Option(help=t("cli.opt.keep_days"))] = None,
    event_file: Annotated[Path | None, typer.Option("--event", help=t("cli.opt.event"))] = None,
    open_file: _OpenOption = False,
) -> None:
    with _for_people():
        from safari.config import read_event
        from safari.form import Privacy, write_form

        event = read_event(event_file) if event_file else None
        if event is not None:
            event_language(event.language)
        privacy = Privacy.from_options(
            organiser=organiser or (event.organiser if event else None),
            contact=contact or (event.contact if event else None),
            keep_days=keep_days if keep_days is not None else (event.keep_days if event else None),
        )
        with err.status(t("cli.status.network")):
            path = write_form(network, output, privacy=privacy)
        _say(t("cli.written", path=str(path)))
        _say(t("cli.form.next", name=path.name))
        if open_file:
            _terminal.open_file(path)


# --- issue 15: lasting contact (follow-up, reflections): the commands live in cli_contact ---
from safari.cli_contact import register as _register_contact  # noqa: E402  after `app`

_register_contact(app, stops_app, for_people=_for_people, say=_say, warn=_warn)
