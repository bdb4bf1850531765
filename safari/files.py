"""A plan's files, each written only when what it depends on changed (`safari.keep`).

Per group the participant's map, GPX and handout (HTML, and PDF unless ``--json``);
with several groups the overview and the schedule CSV; the hosts' files
(`safari.hosts`) in ``gastheren/`` and the group list (`safari.people`) in
``organisatie/``. The handout's PDF is rendered only when its HTML changed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safari._errors import SafariError
from safari.keep import digest, file_digest, write_if_changed

if TYPE_CHECKING:
    from safari.plan import Plan

__all__ = ["HOSTS_FOLDER", "ORGANISATION_FOLDER", "write_files"]

#: The organisation's own folder (personal data, the kept plan).
ORGANISATION_FOLDER = "organisatie"
#: The hosts' folder (their schedules; not public).
HOSTS_FOLDER = "gastheren"


def write_files(
    plan: Plan,
    *,
    output: Path,
    base: str,
    content: str,
    graph: Callable[[], Any],
    event: Any,
    grouping: Any = None,
    stamp: datetime | None = None,
    note: str | None = None,
    offline: bool = False,
    basemap: str | None = None,
    url: str | None = None,
    pdf: bool = True,
    force: bool = False,
) -> tuple[list[Path], list[str]]:
    """Write every file of a plan; each only when what it depends on changed.

    Per group the participant's map, GPX and handout (HTML and, with ``pdf``, PDF);
    with several groups the overview and the schedule CSV; the hosts' files in
    `HOSTS_FOLDER` and the group list in `ORGANISATION_FOLDER`.

    Parameters
    ----------
    plan
        The plan (planned now or kept).
    output
        The output folder.
    base
        Start of the file names (``wijksafari-kanaleneiland``).
    content
        Digest of everything the files depend on (the plan, the inputs).
    graph
        Loads the walking network; called only when a handout must be drawn again.
    event, grouping, stamp
        For the hosts' files and the group list (see `safari.hosts.write_host_files`).
    note, offline, basemap, url
        As for the maps and the handouts' QR codes.
    pdf
        Make the PDFs (``--json`` does not).
    force
        Write every file, also when nothing changed.

    Returns
    -------
    tuple
        The files (written or kept as they were) and warnings for the organiser.
    """
    from safari.export import gpx_bytes, write_schedule_csv
    from safari.hosts import write_host_files
    from safari.overview import render_overview
    from safari.people import write_group_list
    from safari.render import render_map

    drawn_box: list[Any] = []

    def drawn() -> Any:
        """The drawn basemap (streets of the network, or every layer of an .osm file)."""
        if not drawn_box:
            from safari.basemap import read_basemap

            source = getattr(event, "network", None)
            points = [(p.x, p.y) for p in plan.stops.geometry]
            is_osm = source is not None and ".osm" in Path(str(source)).name.lower()
            drawn_box.append(read_basemap(source if is_osm else graph(), around=points))
        return drawn_box[0]

    def page_map(g: int, path: Path) -> None:
        render_map(plan, path, group=g, title=plan.title, note=note, basemap=drawn(),
                   tiles=basemap, offline=offline or None)  # fmt: skip

    def keyed(path: Path, produce: Callable[[], object]) -> Path:
        return write_if_changed(path, digest(content, path.name), produce, force=force)

    several = len(plan.groups) > 1
    written: list[Path] = []
    warnings: list[str] = []
    output.mkdir(parents=True, exist_ok=True)
    stems = [f"{base}-groep-{g + 1}" if several else base for g in range(len(plan.groups))]
    for g, stem in enumerate(stems):
        written.append(
            keyed(output / f"{stem}.html", partial(page_map, g, output / f"{stem}.html"))
        )
    if several:
        written.insert(0, keyed(output / f"{base}-overzicht.html", partial(
            render_overview, plan, output / f"{base}-overzicht.html", title=plan.title,
            tiles=basemap or "osm")))  # fmt: skip
        written.append(keyed(output / f"{base}-schema.csv", partial(
            write_schedule_csv, plan, output / f"{base}-schema.csv")))  # fmt: skip
    for g, stem in enumerate(stems):
        written.append(keyed(output / f"{stem}.gpx", partial(gpx_bytes, plan, group=g)))
        link = f"{url}{stem}.html" if url and url.endswith("/") else url
        page = output / f"{stem}-handout.html"
        written.append(keyed(page, partial(_handout_page, plan, graph, drawn, g, link)))
        if not pdf:
            continue
        try:
            written.append(write_if_changed(output / f"{stem}-handout.pdf", digest(
                "pdf", file_digest(page)), partial(_pdf_of, page), force=force))  # fmt: skip
        except SafariError as exc:  # e.g. no PDF renderer on this machine: the maps stand
            if str(exc) not in warnings:  # once, not once per group
                warnings.append(str(exc))
    if grouping is not None:
        written += write_group_list(grouping, output / ORGANISATION_FOLDER, title=plan.title,
                                    map_files=[f"{s}.html" for s in stems],
                                    name=f"{base}-groepen")  # fmt: skip
    written += write_host_files(plan, output / HOSTS_FOLDER, event=event, grouping=grouping,
                                stamp=stamp, pdf=pdf, force=force)  # fmt: skip
    return written, warnings


def _handout_page(
    plan: Plan, graph: Callable[[], Any], drawn: Callable[[], Any], group: int, url: str | None
) -> bytes:
    from safari.export import handout_html

    page = handout_html(plan, network=graph(), group=group, url=url, basemap=drawn())
    return page.encode("utf-8")


def _pdf_of(page: Path) -> bytes:
    from safari.export import html_to_pdf

    return html_to_pdf(page.read_text(encoding="utf-8"))
