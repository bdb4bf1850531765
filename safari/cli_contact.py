"""The terminal commands of issue 15 (lasting contact), kept out of cli.py for its size.

``safari stops followup`` and ``safari reflections import``; :func:`register` adds them to
the app (cli.py calls it with its helpers, so that this module does not import cli.py).
Only light modules are imported here: the work is imported inside each command.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from safari._errors import SafariError
from safari.i18n import t

if TYPE_CHECKING:
    from collections.abc import Callable
    from contextlib import AbstractContextManager

    from safari.config import Event
    from safari.plan import Plan

#: DIR/organisatie/: files for the organisation only (follow-up, reflections).
ORGANISATION_FOLDER = "organisatie"
DEFAULT_CATALOGUE = Path("catalogus.geojson")

#: Options of ``safari plan`` (issue 15): the group's preparation and the figures' sources.
PreparationOption = Annotated[
    str | None, typer.Option("--preparation", help=t("cli.opt.preparation"))
]
BoundariesOption = Annotated[
    Path | None, typer.Option("--boundaries", help=t("cli.opt.boundaries"))
]
CbsOption = Annotated[Path | None, typer.Option("--cbs", help=t("cli.opt.cbs"))]

_Catalogue = Annotated[Path, typer.Option("--catalogue", help=t("cli.opt.catalogue"))]
_By = Annotated[str | None, typer.Option("--by", help=t("cli.opt.organiser"))]


def page_intro_for(
    event: Event, result: Plan, *, warn: Callable[[str], None] | None
) -> dict[str, Any] | None:
    """The group's preparation and the figures of the areas the walk passes.

    For the first screen and the handout. Figures that cannot be had (CBS offline, a wrong
    file) leave the maps as they are, with a warning: the walk does not depend on them.
    """
    from safari.cbs import neighbourhood, page_intro

    figures = None
    if event.boundaries is not None:
        try:
            figures = neighbourhood(result, boundaries=event.boundaries, cbs_file=event.cbs_file)
        except SafariError as exc:
            if warn is not None:
                warn(str(exc))
    elif event.cbs_file is not None and warn is not None:
        warn(t("cli.cbs_needs_boundaries"))
    return page_intro(event.preparation, figures)


# Complexity above 14 (ruff C901) only because the two typer commands it defines are
# counted here: each command on its own is simple.
def register(  # noqa: C901  see above
    app: typer.Typer,
    stops_app: typer.Typer,
    *,
    for_people: Callable[[], AbstractContextManager[None]],
    say: Callable[[str], None],
    warn: Callable[[str], None],
) -> None:
    """Add ``safari stops followup`` and ``safari reflections import`` to the app."""

    @stops_app.command("followup", help=t("cli.followup.help"))
    def stops_followup(
        ref: Annotated[
            str | None, typer.Argument(help=t("cli.followup.arg_ref"), show_default=False)
        ] = None,
        contact: Annotated[
            str | None, typer.Option("--contact", help=t("cli.followup.contact"))
        ] = None,
        next_meeting: Annotated[
            str | None, typer.Option("--next", help=t("cli.followup.next"))
        ] = None,
        agreement: Annotated[
            list[str] | None, typer.Option("--agreement", help=t("cli.followup.agreement"))
        ] = None,
        delete: Annotated[bool, typer.Option("--delete", help=t("cli.followup.delete"))] = False,
        show_due: Annotated[bool, typer.Option("--due", help=t("cli.followup.due"))] = False,
        weeks: Annotated[int, typer.Option("--weeks", help=t("cli.followup.weeks"))] = 6,
        output: Annotated[
            Path | None, typer.Option("--output", help=t("cli.followup.output"))
        ] = None,
        catalogue: _Catalogue = DEFAULT_CATALOGUE,
        by: _By = None,
    ) -> None:
        with for_people():
            from safari import followup

            did = False
            if ref is not None:
                did = True
                if delete:
                    gone = followup.forget(catalogue, [ref])
                    say(t("cli.followup.deleted" if gone else "cli.followup.none_deleted", id=ref))
                else:
                    moment = followup.parse_moment(next_meeting) if next_meeting else None
                    stop_id, name, _entry = followup.record(
                        catalogue, ref, contact=contact, next_meeting=moment,
                        agreements=agreement or [], by=by,
                    )  # fmt: skip
                    say(t("cli.followup.recorded", id=stop_id, name=name))
            elif contact or next_meeting or agreement or delete:
                raise SafariError(t("cli.followup.which"))
            if show_due:
                did = True
                found = followup.due(catalogue, weeks=weeks)
                if not found:
                    say(t("cli.followup.due_none", weeks=weeks))
                for stop in found:
                    if stop.since is None:
                        say(t("cli.followup.due_never", id=stop.id, name=stop.name))
                    else:
                        key = "cli.followup.due_line" if stop.has_record else "cli.followup.due_new"
                        say(t(key, id=stop.id, name=stop.name, weeks=stop.weeks))
            if output is not None:
                did = True
                for path in followup.write_overview(catalogue, output / ORGANISATION_FOLDER):
                    say(t("cli.map_written", path=str(path)))
            if not did:
                raise SafariError(t("cli.followup.what"))

    reflections_app = typer.Typer(
        help=t("cli.reflections.help_all"),
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode=None,
    )
    app.add_typer(reflections_app, name="reflections")

    @reflections_app.command("import", help=t("cli.reflections.import.help"))
    def reflections_import(
        files: Annotated[
            list[Path], typer.Argument(help=t("cli.reflections.arg_files"), show_default=False)
        ],
        output: Annotated[Path, typer.Option("--output", help=t("cli.reflections.output"))] = Path(
            "kaarten"
        ),
    ) -> None:
        with for_people():
            from safari.reflections import read_reflections, write_report

            collected = read_reflections(list(files))
            say(
                t(
                    "cli.reflections.read",
                    participants=collected.participants,
                    count=len(collected.reflections),
                )
            )
            if collected.doubles:
                warn(t("cli.reflections.doubles", count=collected.doubles))
            for path in write_report(collected, output / ORGANISATION_FOLDER):
                say(t("cli.map_written", path=str(path)))
