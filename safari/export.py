"""Exports for the day itself: GPX per group, the schedule as CSV, a printable handout.

Like the maps, exports read a `Plan` and never route again. They read the stops of a view
(:func:`safari.audience.view`; a plan that is not a view yet gets the participant's view),
as plain text (``as_plain``), so contact details and hosts without consent never reach a
file that is handed out. Every file is written atomically.

- GPX 1.1: the group's walk as a track and the stops as named waypoints (OsmAnd,
  Komoot, Google My Maps, Garmin...).
- CSV: all groups, Dutch headers, ``;``-separated UTF-8 with BOM, so Dutch Excel opens it
  as it is; a cell that Excel would read as a formula starts with ``'``.
- Handout: an A4 page per group as HTML (with a print stylesheet) and as PDF (WeasyPrint):
  the route on a map drawn here from the walking network itself (no tiles), the
  schedule, the short stories and a QR code to the map's address.
"""

from __future__ import annotations

import csv
import io
import math
import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from zoneinfo import ZoneInfo

import jinja2
import numpy as np
import pandas as pd
from markupsafe import Markup
from pyproj import Transformer

from safari._atomic import atomic_write
from safari._errors import SafariError
from safari._geometry import arrows, local_metric_crs, route_line
from safari.audience import audience_of, ensure
from safari.basemap import COLOURS as BASEMAP_COLOURS
from safari.basemap import Basemap, read_basemap
from safari.cbs import intro_in_language
from safari.i18n import (
    TEXTS,
    date_text,
    direction,
    language,
    language_name_in,
    mark_scripts,
    number_text,
    t,
    use_language,
)
from safari.render import GROUP_COLOURS, stop_table
from safari.sanitise import as_plain, tel_link

if TYPE_CHECKING:
    import os

    from safari.network_arrays import WalkingNetwork
    from safari.plan import Group, Leg, Plan

__all__ = [
    "CSV_HEADER",
    "gpx_bytes",
    "handout_html",
    "html_to_pdf",
    "route_svg",
    "write_gpx",
    "write_handout",
    "write_schedule_csv",
]

GPX_NS = "http://www.topografix.com/GPX/1/1"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"

#: Columns of the schedule CSV (Dutch, as organisers read them in Excel).
CSV_HEADER = ("groep", "nr", "stop", "aankomst", "vertrek", "lopen_min", "meters", "wachten_min")

#: A story on the handout is cut to about this many characters.
SHORT_STORY = 280

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("safari", "templates"),
    autoescape=jinja2.select_autoescape(["html"]),
)
# Characters XML 1.0 cannot hold.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# A cell Excel (or LibreOffice) would run as a formula.
_FORMULA = re.compile(r"^\s*[=+\-@]|^[\t\r\n]")


# --- GPX -------------------------------------------------------------------------------------


def write_gpx(plan: Plan, path: str | os.PathLike[str], *, group: int = 0) -> Path:
    """Write one group's walk as GPX 1.1: a track and the stops as waypoints.

    Parameters
    ----------
    plan
        The planned safari.
    path
        Where to write the file (``.gpx``).
    group
        Index of the group in ``plan.groups``.

    Returns
    -------
    Path
        The written file.
    """
    return atomic_write(path, gpx_bytes(plan, group=group))


def gpx_bytes(plan: Plan, *, group: int = 0) -> bytes:
    """The GPX 1.1 document of one group (UTF-8)."""
    plan = ensure(plan, "participant")
    chosen = _group(plan, group)
    stops = stop_table(plan)
    title = _plain(getattr(plan, "title", None) or t("map.title"))
    ET.register_namespace("", GPX_NS)
    ET.register_namespace("xsi", _XSI)
    root = ET.Element(
        _q("gpx"),
        {
            "version": "1.1",
            "creator": "safari",
            f"{{{_XSI}}}schemaLocation": f"{GPX_NS} http://www.topografix.com/GPX/1/1/gpx.xsd",
        },
    )
    meta = ET.SubElement(root, _q("metadata"))
    ET.SubElement(meta, _q("name")).text = f"{title}: {_plain(chosen.name)}"
    if chosen.visits:
        ET.SubElement(meta, _q("time")).text = _utc(chosen.visits[0].arrive)
    for visit in _shown(chosen):
        stop = stops.loc[str(visit.stop_id)]
        if _is_area(stop):
            continue  # a private visit: no waypoint (see safari.audience)
        wpt = ET.SubElement(
            root, _q("wpt"), {"lat": f"{stop['lat']:.7f}", "lon": f"{stop['lon']:.7f}"}
        )
        ET.SubElement(wpt, _q("time")).text = _utc(visit.arrive)
        ET.SubElement(wpt, _q("name")).text = f"{visit.number}. {_plain(stop.get('naam'))}"
        when = t("map.when", arrive=f"{visit.arrive:%H:%M}", depart=f"{visit.depart:%H:%M}")
        kind = _plain(stop.get("soort"))
        ET.SubElement(wpt, _q("desc")).text = f"{when} · {kind}" if kind else when
        if kind:
            ET.SubElement(wpt, _q("type")).text = kind
    track = ET.SubElement(root, _q("trk"))
    ET.SubElement(track, _q("name")).text = _plain(chosen.name)
    segment = ET.SubElement(track, _q("trkseg"))
    line = route_line(chosen, tolerance_m=0)
    if line is not None:
        for lon, lat in line.coords:
            ET.SubElement(segment, _q("trkpt"), {"lat": f"{lat:.7f}", "lon": f"{lon:.7f}"})
    ET.indent(root, space=" ")
    return cast("bytes", ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


# --- CSV -------------------------------------------------------------------------------------


def write_schedule_csv(plan: Plan, path: str | os.PathLike[str]) -> Path:
    """Write the schedule of all groups as CSV for Dutch Excel.

    One row per visit: ``groep;nr;stop;aankomst;vertrek;lopen_min;meters;wachten_min``
    (walking minutes and metres of the leg to this stop, empty for the start; minutes
    waited before the visit, empty for none). UTF-8 with BOM,
    ``;`` between cells; cells that would start a formula are prefixed with ``'``.
    A plan that is not a view yet is written as participants may see it; pass
    ``view(plan, "organisation")`` for the organiser's schedule.
    """
    plan = ensure(plan, "participant")
    stops = stop_table(plan)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for chosen in plan.groups:
        legs = [None, *chosen.legs]
        for visit, leg in zip(chosen.visits, legs, strict=False):
            name = _plain(stops.loc[str(visit.stop_id)].get("naam"))
            writer.writerow(
                [
                    _cell(_plain(chosen.name)),
                    visit.number,
                    _cell(name),
                    f"{visit.arrive:%H:%M}",
                    f"{visit.depart:%H:%M}",
                    "" if leg is None else round(leg.minutes),
                    "" if leg is None else round(leg.meters),
                    visit.wait_minutes or "",
                ]
            )
    return atomic_write(path, buffer.getvalue().encode("utf-8-sig"))


# --- handout ---------------------------------------------------------------------------------


def write_handout(
    plan: Plan,
    folder: str | os.PathLike[str],
    *,
    network: WalkingNetwork | None = None,
    group: int = 0,
    url: str | None = None,
    name: str | None = None,
    basemap: Basemap | None = None,
    pdf: bool = True,
    previous: str | os.PathLike[str] | None = None,
    language: str | None = None,
    intro: dict[str, Any] | None = None,
) -> tuple[Path, ...]:
    """Write a group's printable handout as HTML and PDF.

    Parameters
    ----------
    plan
        The planned safari.
    folder
        Folder for the two files (created when missing).
    network
        The walking network: the handout's map is drawn from its streets (no tiles).
    basemap
        A drawn basemap (:mod:`safari.basemap`) instead: water, green and buildings too.
    group
        Index of the group in ``plan.groups``.
    url
        Address of the group's map, for the QR code (``https://...``); no QR without it.
    name
        File name without suffix; default ``handout-groep-<n>``.
    pdf
        Also make the PDF (``--json`` does not).
    previous
        The folder of the last run: when its page is the same as this one, its PDF is
        taken over instead of made again (WeasyPrint takes seconds).
    language
        Language of the page and the stories (``ar``: Arabic texts, ``verhaal_ar``,
        right to left); default the user's language. The PDF is tagged (PDF/UA-1),
        with this language as its /Lang.

    Returns
    -------
    tuple of Path
        The HTML file and (with ``pdf``) the PDF file.
    """
    page = handout_html(
        plan,
        network=network,
        group=group,
        url=url,
        basemap=basemap,
        language=language,
        intro=intro,  # issue 15: the preparation and the neighbourhood in figures
    )
    stem = name or f"handout-groep-{group + 1}"
    data = page.encode("utf-8")
    html_path = atomic_write(Path(folder) / f"{stem}.html", data)
    if not pdf:
        return (html_path,)
    old = Path(previous) / stem if previous is not None else None
    same = old is not None and _same_bytes(old.with_suffix(".html"), data)
    if old is not None and same and old.with_suffix(".pdf").is_file():
        made = old.with_suffix(".pdf").read_bytes()  # the page did not change: nor does its PDF
    else:
        made = html_to_pdf(page)
    pdf_path = atomic_write(Path(folder) / f"{stem}.pdf", made)
    return html_path, pdf_path


def _same_bytes(path: Path, data: bytes) -> bool:
    return path.is_file() and path.read_bytes() == data


def pdf_available() -> bool:
    """True when WeasyPrint (and Pango) can be loaded on this machine."""
    try:
        import weasyprint  # noqa: F401  only: can it be loaded?
    except (ImportError, OSError):
        return False
    return True


def html_to_pdf(page: str) -> bytes:
    """A self-contained HTML page as PDF (WeasyPrint; nothing is fetched).

    Raises
    ------
    SafariError
        When WeasyPrint (the ``pdf`` extra) or Pango cannot be loaded on this machine.
    """
    try:
        import weasyprint  # heavy, and needs Pango: only when a PDF is made
    except ImportError as exc:  # the optional extra: pip install "safari[pdf]"
        raise SafariError(t("handout.no_weasyprint")) from exc
    except OSError as exc:  # installed, but Pango is missing
        raise SafariError(t("handout.no_pdf", detail=type(exc).__name__)) from exc
    # Everything is inline: the PDF renderer may fetch nothing at all.
    fetcher = weasyprint.URLFetcher(allowed_protocols=())
    # PDF/UA-1: tagged (structure, reading order), with /Lang and the title shown.
    pdf = weasyprint.HTML(string=page, url_fetcher=fetcher).write_pdf(pdf_variant="pdf/ua-1")
    return bytes(pdf or b"")


def handout_html(
    plan: Plan,
    *,
    network: WalkingNetwork | None = None,
    group: int = 0,
    url: str | None = None,
    basemap: Basemap | None = None,
    language: str | None = None,
    intro: dict[str, Any] | None = None,
) -> str:
    """The handout of one group as an HTML page (A4, print stylesheet), in ``language``."""
    with use_language(language or _current_language()) as lang:
        return _handout_html(
            plan,
            network=network,
            group=group,
            url=url,
            basemap=basemap,
            lang=lang,
            intro=intro,
        )


def _contacts(group: Group, stops: pd.DataFrame) -> list[dict[str, str]]:
    """The hosts' contact person and phone on the group's route, where the view has them.

    `safari.audience.view` gives these columns to the leader of the group only; a
    participant's view has none, so the section is empty there.
    """
    out = []
    for visit in _shown(group):
        stop = stops.loc[str(visit.stop_id)]
        person = _plain(stop.get("contactpersoon"))
        phone = _plain(stop.get("telefoon"))
        if person or phone:
            out.append({
                "number": str(visit.number),
                "name": _plain(stop.get("naam")),
                "person": person,
                "phone": phone,
                "tel": tel_link(phone),
            })  # fmt: skip
    return out


def _current_language() -> str:
    return language()


def _kind(kind: str) -> str:
    """A known kind of place in the page's language (``gebedshuis`` -> ``place of worship``)."""
    key = f"form.kind.{kind.strip().lower()}"
    return t(key) if kind and key in TEXTS else kind


def _story(stop: pd.Series, lang: str) -> tuple[str, str]:
    """The stop's short story in ``lang`` and the language it is in (Dutch when missing)."""
    if lang != "nl":
        story = _short(_plain(stop.get(f"verhaal_{lang}")))
        if story:
            return story, lang
    return _short(_plain(stop.get("verhaal"))), "nl"


def _handout_html(
    plan: Plan,
    *,
    network: WalkingNetwork | None,
    group: int,
    url: str | None,
    basemap: Basemap | None,
    lang: str,
    intro: dict[str, Any] | None = None,
) -> str:
    plan = ensure(plan, "participant")
    chosen = _group(plan, group)
    stops = stop_table(plan)
    if url is not None and not re.match(r"https?://[^\s]+$", url):
        raise SafariError(t("handout.bad_url", value=url))
    title = getattr(plan, "title", None) or t("map.title")
    legs = [None, *chosen.legs]
    rows = []
    for visit, leg in zip(chosen.visits, legs, strict=False):
        stop = stops.loc[str(visit.stop_id)]
        story, story_lang = _story(stop, lang)
        rows.append(
            {
                "number": visit.number,
                "name": Markup(mark_scripts(_plain(stop.get("naam")), lang=lang)),  # noqa: S704  mark_scripts escapes
                "kind": _kind(_plain(stop.get("soort"))),
                "arrive": f"{visit.arrive:%H:%M}",
                "depart": f"{visit.depart:%H:%M}",
                "walk": "" if leg is None or _area_leg(leg, stops) else str(round(leg.minutes)),
                "wait": t("wait.minutes", minutes=visit.wait_minutes) if visit.wait_minutes else "",
                "story": Markup(mark_scripts(story, lang=story_lang)),  # noqa: S704  mark_scripts escapes
                "story_lang": story_lang,
                "story_dir": direction(story_lang),
                "story_note": (
                    t("handout.only_dutch", language=language_name_in(lang, lang))
                    if story and story_lang != lang
                    else ""
                ),
                "prompts": _plain(stop.get("gespreksvragen")).splitlines(),  # issue 15
            }
        )
    shown = rows[: len(_shown(chosen))]
    visits = chosen.visits
    day = getattr(plan, "day", None)
    return _TEMPLATES.get_template("handout.html").render(
        lang=lang,
        dir=direction(lang),
        title=as_plain(str(title)),
        heading=t("handout.title", title=as_plain(str(title)), group=_plain(chosen.name)),
        day=date_text(day, lang=lang) if isinstance(day, date) else None,
        step_free=t("plan.step_free_note") if getattr(plan, "step_free", False) else None,
        colour=GROUP_COLOURS[group % len(GROUP_COLOURS)],
        map_svg=Markup(route_svg(plan, network, group=group, basemap=basemap)),  # noqa: S704  texts in it escaped
        map_label=t("handout.map_label", group=_plain(chosen.name)),
        total=t(
            "handout.total",
            km=number_text(chosen.total_meters / 1000, digits=1),
            start=f"{visits[0].arrive:%H:%M}" if visits else "",
            end=f"{visits[-1].depart:%H:%M}" if visits else "",
        ),
        rows=rows,
        stories=[row for row in shown if row["story"] or row["prompts"]],
        contacts=_contacts(chosen, stops),  # only in views that hold them (leaders)
        intro=intro_in_language(intro),  # issue 15: in the handout's language
        qr=Markup(_qr_svg(url)) if url else None,  # noqa: S704  segno's SVG of the address
        url=url,
        texts={
            "schedule": t("handout.schedule"),
            "stories": t("handout.stories"),
            "prompts": t("contact.prompts_title"),
            "contacts": t("handout.contacts"),
            "qr": t("handout.qr"),
            "attribution": t("handout.attribution"),
            "col_nr": t("map.col_nr"),
            "col_stop": t("map.col_stop"),
            "col_arrive": t("map.col_arrive"),
            "col_depart": t("map.col_depart"),
            "col_walk": t("map.col_walk"),
        },
        css=_template_markup("handout.css"),
        banner=None if audience_of(plan) == "participant" else t("map.private_banner"),
    )


def route_svg(
    plan: Plan,
    network: WalkingNetwork | None = None,
    *,
    group: int = 0,
    width: int = 1000,
    basemap: Basemap | None = None,
) -> str:
    """The group's route on the drawn basemap (:mod:`safari.basemap`), as an SVG drawing.

    The background is ``basemap`` (water, green, buildings and streets of an OSM file),
    or the streets of ``network`` (read with the same module); the route in the group's
    colour with direction arrows, and the stops as numbered circles. No tile is fetched.
    """
    plan = ensure(plan, "participant")
    chosen = _group(plan, group)
    stops = stop_table(plan)
    colour = GROUP_COLOURS[group % len(GROUP_COLOURS)]
    shown = _shown(chosen)
    points = [
        (float(stops.loc[str(v.stop_id)]["lon"]), float(stops.loc[str(v.stop_id)]["lat"]))
        for v in shown
    ]
    route = route_line(chosen, tolerance_m=0.5)
    lonlat = np.array(points + (list(route.coords) if route is not None else []))
    if basemap is None:
        if network is None:
            msg = "route_svg needs a network or a basemap"
            raise ValueError(msg)
        basemap = read_basemap(network, around=[tuple(p) for p in lonlat])
    crs = local_metric_crs(float(lonlat[:, 0].mean()), float(lonlat[:, 1].mean()))
    to_metric = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    mx, my = to_metric.transform(lonlat[:, 0], lonlat[:, 1])
    pad = 120.0
    x0, x1 = float(np.min(mx)) - pad, float(np.max(mx)) + pad
    y0, y1 = float(np.min(my)) - pad, float(np.max(my)) + pad
    # Not much higher than wide, so the map and the QR code fit on the first page.
    if (y1 - y0) > 1.3 * (x1 - x0):
        grow = ((y1 - y0) / 1.3 - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    scale = width / (x1 - x0)
    height = round((y1 - y0) * scale)

    def xy(x: np.ndarray, y: np.ndarray) -> str:
        sx = (np.asarray(x) - x0) * scale
        sy = (y1 - np.asarray(y)) * scale
        return " ".join(map("{:.1f},{:.1f}".format, sx.tolist(), sy.tolist()))

    def path(layers: tuple[str, ...], *, close: bool, join: bool = False) -> str:
        end = " Z" if close else ""
        lines = _basemap_lines(basemap, layers, to_metric, (x0, y0, x1, y1))
        return " ".join(
            f"M{xy(line[:, 0], line[:, 1])}{end}" for line in (_joined(lines) if join else lines)
        )

    colours = BASEMAP_COLOURS
    streets = path(("streets", "roads", "paths"), close=False, join=True)
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img"'
            f' aria-label="{_attr(t("handout.map_label", group=_plain(chosen.name)))}">'
        ),
        f'<rect width="{width}" height="{height}" fill="{colours["land"]}"/>',
    ]
    for layer in ("green", "water", "buildings"):
        d = path((layer,), close=True)
        if d:
            parts.append(f'<path fill="{colours[layer]}" fill-rule="evenodd" d="{d}"/>')
    waterway = path(("waterway",), close=False)
    if waterway:
        parts.append(
            f'<path fill="none" stroke="{colours["waterway"]}" stroke-width="4" d="{waterway}"/>'
        )
    parts += [
        (
            f'<path fill="none" stroke="{colours["street_edge"]}" stroke-width="5"'
            f' stroke-linecap="round" stroke-linejoin="round" d="{streets}"/>'
        ),
        (
            '<path fill="none" stroke="#ffffff" stroke-width="3" stroke-linecap="round"'
            f' stroke-linejoin="round" d="{streets}"/>'
        ),
    ]
    if route is not None:
        rx, ry = to_metric.transform(*np.asarray(route.coords).T)
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="7" stroke-opacity="0.85"'
            f' stroke-linecap="round" stroke-linejoin="round" points="{xy(rx, ry)}"/>'
        )
        for lat, lon, angle in _arrow_marks(chosen, stops):
            ax, ay = to_metric.transform(lon, lat)
            px, py = (ax - x0) * scale, (y1 - ay) * scale
            parts.append(
                f'<path d="M0,-9 L7,6 L-7,6 Z" fill="{colour}" stroke="#fff" stroke-width="1.5"'
                f' transform="translate({px:.1f},{py:.1f}) rotate({angle:.0f})"/>'
            )
    for visit, (lon, lat) in zip(shown, points, strict=True):
        sx, sy = to_metric.transform(lon, lat)
        px, py = (sx - x0) * scale, (y1 - sy) * scale
        stop = stops.loc[str(visit.stop_id)]
        if _is_area(stop):  # a private visit: only the area, never the place
            parts.append(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="{float(stop["area_m"]) * scale:.1f}"'
                f' fill="{colour}" fill-opacity="0.12" stroke="{colour}" stroke-width="2"'
                ' stroke-dasharray="8 6"/>'
            )
        parts.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="17" fill="{colour}" stroke="#fff"'
            ' stroke-width="3"/>'
            f'<text x="{px:.1f}" y="{py + 6.5:.1f}" text-anchor="middle" font-size="19"'
            f' font-weight="bold" font-family="DejaVu Sans, Arial, sans-serif"'
            f' fill="#fff">{visit.number}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


# --- helpers ---------------------------------------------------------------------------------


def _group(plan: Plan, index: int) -> Group:
    if not 0 <= index < len(plan.groups):
        msg = f"group {index} does not exist; the plan has {len(plan.groups)} group(s)"
        raise ValueError(msg)
    return plan.groups[index]


def _shown(group: Group) -> list[Any]:
    """The visits that get a marker: a round trip's return to the start does not."""
    return group.shown_visits


def _is_area(stop: pd.Series) -> bool:
    value = stop.get("area_m")
    return value is not None and not pd.isna(value)


def _area_leg(leg: Leg, stops: pd.DataFrame) -> bool:
    """A walk into or out of an area: its length is not shown (it would tell the place)."""
    return _is_area(stops.loc[str(leg.from_id)]) or _is_area(stops.loc[str(leg.to_id)])


def _q(tag: str) -> str:
    return f"{{{GPX_NS}}}{tag}"


def _plain(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return _NOT_XML.sub("", as_plain(str(value)))


def _cell(text: str) -> str:
    return f"'{text}" if _FORMULA.search(text) else text


def _short(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= SHORT_STORY:
        return text
    cut = text[:SHORT_STORY].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + " …"


def _attr(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


def _utc(moment: datetime) -> str:
    """GPX times are UTC: the plan's clock times are Dutch local time."""
    local = moment.replace(tzinfo=ZoneInfo("Europe/Amsterdam"))
    return local.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _raw(name: str) -> str:
    return (resources.files("safari") / "templates" / name).read_text(encoding="utf-8")


def _template_markup(name: str) -> Markup:
    """One of our own template files (CSS), put into the page as it is."""
    return Markup(_raw(name))  # noqa: S704  our own file from safari/templates, not user text


def _qr_svg(url: str) -> str:
    import segno

    code = segno.make(url, error="m", micro=False)
    return str(code.svg_inline(scale=1, border=4, dark="#000", light="#fff"))


def _basemap_lines(
    basemap: Basemap,
    layers: tuple[str, ...],
    to_metric: Transformer,
    box: tuple[float, float, float, float],
) -> list[np.ndarray]:
    """The basemap's lines (or rings) of ``layers`` that reach into ``box`` (metric)."""
    parts = [p for name in layers for f in basemap.layers.get(name, []) for p in f]
    if not parts:
        return []
    starts = np.concatenate([[0], np.cumsum([len(p) for p in parts])])
    lonlat = basemap.lonlat(np.concatenate(parts))
    xy = np.column_stack(to_metric.transform(lonlat[:, 0], lonlat[:, 1]))
    low = np.minimum.reduceat(xy, starts[:-1])
    high = np.maximum.reduceat(xy, starts[:-1])
    x0, y0, x1, y1 = box
    inside = (high[:, 0] >= x0) & (low[:, 0] <= x1) & (high[:, 1] >= y0) & (low[:, 1] <= y1)
    return [xy[starts[k] : starts[k + 1]] for k in np.flatnonzero(inside).tolist()]


def _joined(lines: list[np.ndarray]) -> list[np.ndarray]:
    """The lines joined end to end where they meet, in order, each line used once.

    Drawn with round caps and round joins, the joined lines are the same picture with
    fewer points: a street crossing is written once instead of once per street, and the
    PDF renderer, which reads every point, has a third fewer to read.
    """

    def point(line: np.ndarray, i: int) -> tuple[float, float]:
        return (float(line[i, 0]), float(line[i, 1]))

    ends: dict[tuple[float, float], list[int]] = {}
    for k, line in enumerate(lines):
        for i in (0, -1):
            ends.setdefault(point(line, i), []).append(k)
    used = [False] * len(lines)

    def follow(at: tuple[float, float]) -> list[np.ndarray]:
        """Unused lines from ``at`` onwards, each turned to start where the last ended."""
        out = []
        while (k := next((j for j in ends[at] if not used[j]), None)) is not None:
            used[k] = True
            line = lines[k] if point(lines[k], 0) == at else lines[k][::-1]
            out.append(line[1:])
            at = point(line, -1)
        return out

    joined = []
    for k, line in enumerate(lines):
        if used[k]:
            continue
        used[k] = True
        ahead = follow(point(line, -1))
        behind = follow(point(line, 0))  # walked away from the start
        before = [np.concatenate(behind)[::-1]] if behind else []
        joined.append(np.concatenate([*before, line, *ahead]))
    return joined


def _arrow_marks(group: Group, stops: pd.DataFrame) -> list[tuple[float, float, float]]:
    route = route_line(group)
    shown = [
        (float(stops.loc[str(v.stop_id)]["lon"]), float(stops.loc[str(v.stop_id)]["lat"]))
        for v in _shown(group)
    ]
    marks = arrows(route, shown)
    return [(lat, lon, angle % 360 if math.isfinite(angle) else 0.0) for lat, lon, angle in marks]
