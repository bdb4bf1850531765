"""Write every file of a planned safari, in one folder per audience.

``write_outputs(plan, folder)`` writes:

- ``openbaar/``: what participants may see, and the only folder to upload: per group the
  map, its GPX and its handout (``groep-N.*``; ``kaart.*`` with one group), and
  ``index.html`` that links the maps. The QR code on a handout points to
  ``url + <map file>``: ``url`` is the address of this folder on the web.
- ``begeleiders/``: per group the leader's map, GPX and handout with the whole route,
  private visits included (``begeleider-groep-N.*``).
- ``gastheren/``: the host files (:mod:`safari.hosts`, when it is there).
- ``organisatie/``: the overview (``overzicht.html``), the schedule (``schema.csv``)
  and the plan as JSON (``plan.json``).

Every folder gets a ``LEESMIJ.txt`` in plain Dutch saying who may see it. What each
audience may see is decided by :func:`safari.audience.view`, nowhere else.

Each set is first written into a temporary folder beside the target; only when every set
is complete are they moved into place, one folder at a time (the old folder is moved
aside first and then removed). A failure leaves the old folders as they were.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import logging
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safari._atomic import atomic_write, remove_stale, temp_prefix
from safari._errors import SafariError
from safari.audience import view
from safari.i18n import date_text, t

if TYPE_CHECKING:
    import os
    from collections.abc import Callable
    from datetime import datetime

    from safari.basemap import Basemap, BasemapSource
    from safari.config import Event
    from safari.network_arrays import WalkingNetwork
    from safari.people import Grouping
    from safari.plan import Plan

__all__ = ["FOLDERS", "Outputs", "map_url", "write_outputs"]

log = logging.getLogger(__name__)

#: The folders by audience, in the order they are written.
FOLDERS = ("openbaar", "begeleiders", "gastheren", "organisatie")
README = "LEESMIJ.txt"


@dataclass
class Outputs:
    """What :func:`write_outputs` wrote.

    ``files`` maps each folder name of `FOLDERS` to its files (``LEESMIJ.txt`` included);
    ``index`` is the public ``openbaar/index.html``; ``warnings`` are sentences for the
    organiser (for example that no PDF could be made).
    """

    folder: Path
    files: dict[str, list[Path]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    first_map: Path | None = None

    @property
    def index(self) -> Path:
        """The page to open first: the public list of the groups' maps."""
        return self.folder / "openbaar" / "index.html"

    @property
    def all_files(self) -> list[Path]:
        """Every written file, folder by folder."""
        return [path for name in FOLDERS for path in self.files.get(name, [])]


def map_url(url: str | None, file_name: str) -> str | None:
    """The web address of a public file, when ``url`` is the address of ``openbaar/``.

    An address that ends in ``.html`` is a page itself and is used as it is (one map).
    """
    if not url:
        return None
    if url.lower().endswith((".html", ".htm")):
        return url
    return url if url.endswith("/" + file_name) else url.rstrip("/") + "/" + file_name


def write_outputs(
    plan: Plan,
    folder: str | os.PathLike[str],
    *,
    network: WalkingNetwork | None = None,
    url: str | None = None,
    title: str | None = None,
    note: str | None = None,
    basemap: Basemap | BasemapSource | None = None,
    tiles: str | None = None,
    event: Event | None = None,
    grouping: Grouping | None = None,
    stamp: datetime | None = None,
    pdf: bool = True,
    force: bool = False,
    languages: tuple[str, ...] = (),
    intro: dict[str, Any] | None = None,
) -> Outputs:
    """Write the maps, GPX, handouts, overview, schedule and plan, by audience.

    Parameters
    ----------
    plan
        The planned safari (not a view: each folder gets its audience's view).
    folder
        The output folder (``--output``); created when missing. The four folders of
        `FOLDERS` inside it are replaced as a whole; other files are left alone.
    network
        The walking network, for the handouts' maps; without it no handout is made.
    url
        Address of ``openbaar/`` on the web, for the QR codes on the handouts.
    title
        Heading of the pages; default the plan's title.
    note
        A line under the heading of the maps (plain text), e.g. that the stops are an example.
    basemap, tiles
        The drawn basemap and the optional tile server, as for
        :func:`safari.render.render_map` (the handouts draw the same basemap).
    event, grouping, stamp
        For the hosts' files (organiser's contact, group sizes and leaders, the calendar
        stamp: see :func:`safari.hosts.write_host_files`) and the group list.
    pdf
        Make the PDFs (``--json`` does not). A PDF whose page did not change since the
        last run is taken over from the old folder, not made again.
    force
        Make every PDF again.
    languages
        A handout per language (``("nl", "ar")``: ``...-handout.html`` in Dutch, then
        ``...-handout-ar.html``); default one, in the user's language.
    intro
        The group's preparation and the neighbourhood in figures (issue 15,
        :func:`safari.cbs.page_intro`), on the first screen of the maps and on the handouts.

    Returns
    -------
    Outputs
        The written files per folder and the warnings.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    remove_stale(target)  # issue 14: the staged folders of a run that was killed
    result = Outputs(folder=target)
    maps = {"title": title, "basemap": basemap, "tiles": tiles, "event": event,
            "grouping": grouping, "stamp": stamp, "pdf": pdf, "force": force,
            "target": target, "languages": languages, "intro": intro}  # fmt: skip
    staged: dict[str, Path] = {}
    try:
        for name in FOLDERS:
            staged[name] = Path(tempfile.mkdtemp(prefix=temp_prefix(target / name), dir=target))
        public = _write_public(
            plan, staged["openbaar"], network=network, url=url, note=note, maps=maps, result=result
        )
        _write_leaders(
            plan, staged["begeleiders"], network=network, note=note, maps=maps, result=result
        )
        hosts_written = _write_hosts(plan, staged["gastheren"], result, maps)
        _write_organisation(plan, staged["organisatie"], maps)
        for name in FOLDERS:
            text = t(f"outputs.readme.{name}")
            if name == "gastheren" and not hosts_written:
                text += "\n" + t("outputs.no_hosts_yet") + "\n"
            atomic_write(staged[name] / README, text.encode("utf-8"))
        for name in FOLDERS:
            _move_into_place(staged.pop(name), target / name)
    finally:
        for leftover in staged.values():
            shutil.rmtree(leftover, ignore_errors=True)
    for name in FOLDERS:
        files = sorted((target / name).iterdir(), key=lambda p: (p.name != README, p.name))
        result.files[name] = [p for p in files if p.is_file()]
    result.first_map = target / "openbaar" / public[0] if public else None
    return result


# --- the four sets ---------------------------------------------------------------------------


def _stem(plan: Plan, group: int, prefix: str = "") -> str:
    if len(plan.groups) == 1:
        return prefix.rstrip("-") or "kaart"
    return f"{prefix}groep-{group + 1}"


def _write_public(
    plan: Plan,
    folder: Path,
    *,
    network: WalkingNetwork | None,
    url: str | None,
    note: str | None,
    maps: dict[str, Any],
    result: Outputs,
) -> list[str]:
    """Participants' files and the index; returns the map file names, group by group."""
    from safari.export import write_gpx
    from safari.render import GROUP_COLOURS, render_map

    seen = view(plan, "participant")
    names: list[str] = []
    entries = []
    for g, group in enumerate(seen.groups):
        stem = _stem(plan, g)
        render_map(seen, folder / f"{stem}.html", group=g, note=note, **_map_options(maps))
        write_gpx(seen, folder / f"{stem}.gpx", group=g)
        link = map_url(url, f"{stem}.html")
        handouts = _handout(seen, folder, network=network, group=g, url=link, stem=stem,
                            result=result, maps=maps, audience_folder="openbaar")  # fmt: skip
        names.append(f"{stem}.html")
        entries.append(
            {
                "name": group.name if len(plan.groups) > 1 else t("outputs.index.group_one"),
                "colour": GROUP_COLOURS[g % len(GROUP_COLOURS)],
                "map": f"{stem}.html",
                "gpx": f"{stem}.gpx",
                "handouts": [p.name for p in handouts],
            }
        )
    _write_index(seen, folder / "index.html", entries, maps.get("title"))
    return names


def _write_leaders(
    plan: Plan,
    folder: Path,
    *,
    network: WalkingNetwork | None,
    note: str | None,
    maps: dict[str, Any],
    result: Outputs,
) -> None:
    from safari.export import write_gpx
    from safari.render import render_map

    for g in range(len(plan.groups)):
        seen = view(plan, "leader", group=g)
        stem = _stem(plan, g, "begeleider-")
        render_map(seen, folder / f"{stem}.html", group=g, note=note, **_map_options(maps))
        write_gpx(seen, folder / f"{stem}.gpx", group=g)
        _handout(seen, folder, network=network, group=g, url=None, stem=stem, result=result,
                 maps=maps, audience_folder="begeleiders")  # fmt: skip


def _write_hosts(plan: Plan, folder: Path, result: Outputs, maps: dict[str, Any]) -> bool:
    """The hosts' files, by :func:`safari.hosts.write_host_files` once that module exists.

    It gets the whole plan: each host's file is made from ``view(plan, "host", stop=...)``.
    Returns whether the module was there.
    """
    if "safari.hosts" not in sys.modules and importlib.util.find_spec("safari.hosts") is None:
        return False
    hosts = importlib.import_module("safari.hosts")
    write: Callable[..., Any] = hosts.write_host_files
    write(plan, folder, event=maps["event"], grouping=maps["grouping"], stamp=maps["stamp"],
          pdf=maps["pdf"], force=maps["force"], previous=maps["target"] / "gastheren")  # fmt: skip
    del result
    return True


def _write_organisation(plan: Plan, folder: Path, maps: dict[str, Any]) -> None:
    from safari.export import write_schedule_csv
    from safari.overview import render_overview

    seen = view(plan, "organisation")
    render_overview(
        seen, folder / "overzicht.html", title=maps["title"], tiles=maps["tiles"] or "osm"
    )
    write_schedule_csv(seen, folder / "schema.csv")
    if maps.get("grouping") is not None:  # personal data: the organisation's folder only
        from safari.people import write_group_list

        map_files = [f"{_stem(plan, g)}.html" for g in range(len(plan.groups))]
        write_group_list(maps["grouping"], folder, map_files=map_files, title=maps["title"])
    data = seen.to_dict()
    data["title"] = seen.title
    data["day"] = seen.day.isoformat() if isinstance(seen.day, date) else None
    data["stops"] = [
        {
            "id": str(row["id"]),
            "naam": str(row.get("naam", "")),
            "lat": round(float(row["lat"]), 7),
            "lon": round(float(row["lon"]), 7),
            "besloten": bool(row["besloten"]),
        }
        for _, row in seen.stops.iterrows()
    ]
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    atomic_write(folder / "plan.json", text.encode("utf-8"))


# --- helpers ---------------------------------------------------------------------------------


def _map_options(maps: dict[str, Any]) -> dict[str, Any]:
    return {"title": maps.get("title"), "basemap": maps["basemap"], "tiles": maps["tiles"],
            "intro": maps.get("intro")}  # fmt: skip


def _handout(
    plan: Plan,
    folder: Path,
    *,
    network: WalkingNetwork | None,
    group: int,
    url: str | None,
    stem: str,
    result: Outputs,
    maps: dict[str, Any],
    audience_folder: str,
) -> list[Path]:
    """The handouts (HTML and PDF), one per language; a missing PDF renderer: a warning, once."""
    from safari.export import write_handout
    from safari.i18n import language

    if network is None:
        return []
    previous = None if maps["force"] else maps["target"] / audience_folder
    written: list[Path] = []
    for n, lang in enumerate(maps.get("languages") or (language(),)):
        name = f"{stem}-handout" if n == 0 else f"{stem}-handout-{lang}"
        try:
            written += write_handout(
                plan, folder, network=network, group=group, url=url, name=name, language=lang,
                basemap=maps["basemap"], pdf=maps["pdf"], previous=previous,
                intro=maps.get("intro"),
            )  # fmt: skip
        except SafariError as exc:
            if str(exc) not in result.warnings:
                result.warnings.append(str(exc))
            page = folder / f"{name}.html"
            written += [page] if page.exists() else []
    return written


def _write_index(plan: Plan, path: Path, groups: list[dict[str, Any]], title: str | None) -> None:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("safari", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
    )
    from safari.sanitise import as_plain

    heading = as_plain(str(title or plan.title or t("map.title")))
    page = environment.get_template("index.html").render(
        title=heading,
        day=date_text(plan.day, weekday=True) if isinstance(plan.day, date) else None,
        intro=t("outputs.index.intro"),
        groups=groups,
        texts={"gpx": t("outputs.index.gpx"), "handout": t("outputs.index.handout")},
    )
    atomic_write(path, page.encode("utf-8"))


def _move_into_place(staged: Path, final: Path) -> None:
    """Replace ``final`` by the complete folder ``staged`` (the old one moved aside first)."""
    staged.chmod(0o755)  # the folder is a website: everyone may read it
    old: Path | None = None
    if final.exists():
        old = Path(tempfile.mkdtemp(prefix=temp_prefix(final) + "old-", dir=final.parent))
        final.replace(old / final.name)
    staged.replace(final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
