"""The neighbourhood in figures (issue 15): CBS key figures for the areas the route passes.

Figures come from CBS's "Kerncijfers wijken en buurten" (the 2024 table is
:data:`DEFAULT_TABLE`, ``85984NED``), for wijken (``WK...``) and buurten (``BU...``):

- online, from CBS's open data service (OData, ``{base}/{table}/TypedDataSet`` with a
  ``$filter`` on ``WijkenEnBuurten``), cached in ``cache_dir() / "cbs"`` by a hash of the
  question; ``SAFARI_CBS_URL`` replaces the base URL (tests replay recorded answers from
  127.0.0.1);
- or from a file the organiser downloaded from CBS StatLine (CSV, ``;``-separated, with
  CBS's own headers, or the OData keys as headers).

CBS does not publish some figures of small areas: the answer then holds ``null`` (OData) or
``.`` (CSV). Such a figure stays unknown (``None``) and is shown as "niet bekend: te weinig
inwoners", never as 0.

Which areas the route passes: from a boundaries file (GeoJSON): OpenStreetMap boundary
relations carrying ``nlcbs:wk_code``/``nlcbs:bu_code`` (with ``nlcbs:wk_naam``/``name``), or
CBS/PDOK's wijk- en buurtkaart (``buurtcode``/``buurtnaam``, ``wijkcode``/``wijknaam``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safari._errors import SafariError
from safari.i18n import direction, language, number_text, t
from safari.settings import cache_dir

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from safari.plan import Plan

__all__ = [
    "CBS_URL",
    "DEFAULT_TABLE",
    "Area",
    "Figures",
    "areas_on_route",
    "describe",
    "dutch_number",
    "fetch_figures",
    "read_boundaries",
    "read_cbs_file",
]

log = logging.getLogger(__name__)

CBS_URL = "https://opendata.cbs.nl/ODataApi/odata"
#: Kerncijfers wijken en buurten 2024.
DEFAULT_TABLE = "85984NED"
MAX_FILE_BYTES = 64 * 1024 * 1024  # CBS's whole-country CSV is about 30 MB
MAX_AREAS = 50
_CODE = re.compile(r"^(WK|BU)\d{6,8}$")

#: Our figure -> the OData key's name without CBS's ``_<number>`` suffix (which changes
#: from year to year), and words that identify the column in a StatLine CSV header.
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "inwoners": ("AantalInwoners", ("aantal inwoners",)),
    "age_0_15": ("k_0Tot15Jaar", ("0 tot 15 jaar",)),
    "age_15_25": ("k_15Tot25Jaar", ("15 tot 25 jaar",)),
    "age_25_45": ("k_25Tot45Jaar", ("25 tot 45 jaar",)),
    "age_45_65": ("k_45Tot65Jaar", ("45 tot 65 jaar",)),
    "age_65": ("k_65JaarOfOuder", ("65 jaar of ouder",)),
    "huishoudens": ("HuishoudensTotaal", ("huishoudens totaal",)),
    "alleen": ("Eenpersoonshuishoudens", ("eenpersoonshuishoudens",)),
    "met_kinderen": ("HuishoudensMetKinderen", ("huishoudens met kinderen",)),
    "grootte": ("GemiddeldeHuishoudensgrootte", ("gemiddelde huishoudensgrootte",)),
    "herkomst_nl": ("Nederland", ("herkomstland/nederland",)),
    "herkomst_europa": ("EuropaExclusiefNederland", ("herkomstland/europa (exclusief",)),
    "herkomst_buiten": ("BuitenEuropa", ("herkomstland/buiten europa",)),
}
_SUFFIX = re.compile(r"_\d+$")


_MIN_COLUMNS = 2  # a CBS table: the region and at least one figure


@dataclass(frozen=True)
class Area:
    """A wijk or buurt: its CBS code and name."""

    code: str
    name: str


@dataclass
class Figures:
    """Key figures of one area. ``None``: CBS does not publish it (too few inhabitants)."""

    code: str
    name: str
    values: dict[str, float | None] = field(default_factory=dict)
    source: str = ""

    def get(self, key: str) -> float | None:
        """The figure, or None when CBS does not publish it (or the file lacks it)."""
        return self.values.get(key)


# --- numbers for people ------------------------------------------------------------------


def dutch_number(value: float, *, decimals: int = 0) -> str:
    """A number the Dutch way: ``6.210``, ``2,1``."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


#: Below this share "1 op de N" (or a percentage); from it, "N van de 10".
_ONE_IN_BELOW = 0.55
#: "1 op de N" only when 1/N is this close to the share; else a percentage.
_ONE_IN_CLOSE = 0.025


def _share(part: float, whole: float) -> str:
    """A share in plain words: ``1 op de 3``, ``6 van de 10``, ``12 procent``."""
    ratio = part / whole
    if ratio <= 0:
        return t("cbs.share_none")
    if ratio < _ONE_IN_BELOW:
        n = round(1 / ratio)
        if n > 1 and abs(1 / n - ratio) <= _ONE_IN_CLOSE:
            return t("cbs.one_in", n=n)
        return t("cbs.percent", n=round(ratio * 100))
    return t("cbs.of_ten", n=round(ratio * 10))


def describe(figures: Figures) -> list[str]:
    """The area in plain sentences, for the map's first screen and the handout.

    In the current language (:func:`safari.i18n.use_language`), numbers written its way.
    Examples: "In Wippolder wonen 6.210 mensen; 1 op de 3 is jonger dan 25."
    A figure CBS does not publish is said to be unknown, never 0.
    """
    unknown = t("cbs.unknown")
    name = figures.name
    people = figures.get("inwoners")
    lines = []
    young = _sum(figures, "age_0_15", "age_15_25")
    if people is None:
        lines.append(t("cbs.people_unknown", name=name, unknown=unknown))
    elif young is None or people == 0:
        lines.append(t("cbs.people", name=name, count=number_text(people, digits=0)))
    else:
        lines.append(
            t(
                "cbs.people_young",
                name=name,
                count=number_text(people, digits=0),
                share=_share(young, people),
            )
        )
    old = figures.get("age_65")
    if people and old is not None:
        lines.append(t("cbs.old", share=_share(old, people)))
    elif people:
        lines.append(t("cbs.old_unknown", unknown=unknown))
    homes = figures.get("huishoudens")
    alone = figures.get("alleen")
    kids = figures.get("met_kinderen")
    if homes is None:
        lines.append(t("cbs.homes_unknown", unknown=unknown))
    else:
        parts = [t("cbs.homes", count=number_text(homes, digits=0))]
        if homes and alone is not None:
            parts.append(t("cbs.alone", share=_share(alone, homes)))
        if homes and kids is not None:
            parts.append(t("cbs.kids", share=_share(kids, homes)))
        elif homes:
            parts.append(t("cbs.kids_unknown", unknown=unknown))
        lines.append(" ".join(parts))
    outside = figures.get("herkomst_buiten")
    europe = figures.get("herkomst_europa")
    if people and outside is not None:
        text = t("cbs.origin_outside", share=_share(outside, people))
        if europe is not None:
            text += " " + t("cbs.origin_europe", share=_share(europe, people))
        lines.append(text)
    elif people:
        lines.append(t("cbs.origin_unknown", unknown=unknown))
    return lines


def _sum(figures: Figures, *keys: str) -> float | None:
    values = [figures.get(k) for k in keys]
    if any(v is None for v in values):
        return None
    return float(sum(v for v in values if v is not None))


# --- a file downloaded from CBS ------------------------------------------------------------


def read_cbs_file(path: str | os.PathLike[str]) -> dict[str, Figures]:
    """Read a CSV downloaded from CBS StatLine (``;``-separated): figures by area code.

    Headers may be StatLine's (``Bevolking/Aantal inwoners (aantal)``) or the OData keys
    (``AantalInwoners_5``). The area code comes from ``Codering`` (or ``WijkenEnBuurten``);
    ``.`` or an empty cell is a figure CBS does not publish.

    Raises
    ------
    SafariError
        In Dutch, naming the file (and the row), with every problem at once.
    """
    file = Path(path)
    shown = str(path)
    if not file.is_file():
        raise SafariError(t("cbs.file_missing", file=shown))
    if file.stat().st_size > MAX_FILE_BYTES:
        raise SafariError(t("cbs.file_too_big", file=shown, size=MAX_FILE_BYTES // 1024 // 1024))
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    reader = csv.reader(io.StringIO(text), delimiter=";")
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise SafariError(t("cbs.file_empty", file=shown)) from None
    if len(header) < _MIN_COLUMNS:
        raise SafariError(t("cbs.file_not_cbs", file=shown))
    columns = _columns(header)
    code_at = _code_column(header)
    name_at = next(
        (i for i, h in enumerate(header) if _norm(h) in {"wijken en buurten", "wijkenenbuurten"}),
        None,
    )
    if code_at is None or "inwoners" not in columns:
        raise SafariError(t("cbs.file_not_cbs", file=shown))
    found: dict[str, Figures] = {}
    problems: list[str] = []
    try:
        for number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            code = row[code_at].strip() if code_at < len(row) else ""
            if not _CODE.match(code):
                continue  # Nederland, gemeenten: not an area of a walk
            name = row[name_at].strip() if name_at is not None and name_at < len(row) else code
            values: dict[str, float | None] = {}
            for key, index in columns.items():
                cell = row[index] if index < len(row) else ""
                value, ok = _cell_number(cell)
                if not ok:
                    problems.append(t("cbs.bad_cell", row=number, column=header[index], value=cell))
                values[key] = value
            found[code] = Figures(code, _plain_name(name), values, source=file.name)
    except csv.Error as error:
        raise SafariError(t("cbs.file_broken", file=shown, detail=str(error))) from None
    if problems:
        shown_problems = problems[:20]
        raise SafariError(
            t("cbs.file_problems", file=shown, count=len(problems))
            + "\n"
            + "\n".join(f"- {p}" for p in shown_problems)
        )
    return found


def _norm(header: str) -> str:
    return " ".join(header.replace("_", " ").casefold().split())


def _code_column(header: Sequence[str]) -> int | None:
    for wanted in ("codering", "wijkenenbuurten"):
        for index, name in enumerate(header):
            norm = _norm(name).replace(" ", "")
            if norm.startswith(wanted) or ("codering" in norm and wanted == "codering"):
                return index
    return None


def _columns(header: Sequence[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        key_name = _SUFFIX.sub("", name.strip())
        norm = _norm(name)
        for key, (odata, words) in FIELDS.items():
            if key in columns:
                continue
            if key_name == odata or all(w in norm for w in words):
                columns[key] = index  # StatLine: Herkomstland/..., never Geboorteland/...
                break
    return columns


def _cell_number(cell: str) -> tuple[float | None, bool]:
    value = cell.strip().strip('"').strip()
    if value in {"", ".", "x", "-", "?"}:
        return None, True
    value = value.replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", value):  # 6.210
        value = value.replace(".", "")
    value = value.replace(",", ".")
    try:
        number = float(value)
    except ValueError:
        return None, False
    return (number, True) if math.isfinite(number) else (None, False)


def _plain_name(name: str) -> str:
    """CBS names a wijk "Wijk 28 Wippolder"; people say "Wippolder"."""
    return re.sub(r"^(?:Wijk|Buurt)\s+\d+\s+", "", " ".join(name.split())) or name


# --- online, from CBS's open data service ------------------------------------------------


def cbs_url() -> str:
    """CBS's OData base: ``SAFARI_CBS_URL`` or :data:`CBS_URL`."""
    return (os.environ.get("SAFARI_CBS_URL") or CBS_URL).rstrip("/")


def fetch_figures(
    areas: Iterable[Area], *, table: str = DEFAULT_TABLE, timeout: float = 20.0
) -> dict[str, Figures]:
    """Ask CBS for the figures of ``areas`` (one request, cached by a hash of the question).

    Raises
    ------
    SafariError
        When CBS cannot be reached or answers something else (in Dutch, with the fix:
        download the table and use ``--cbs FILE``).
    """
    wanted = {a.code: a for a in areas if _CODE.match(a.code)}
    if not wanted:
        return {}
    if not re.fullmatch(r"\d{5}[A-Z]{3}", table):
        raise SafariError(t("cbs.bad_table", table=table))
    codes = sorted(wanted)[:MAX_AREAS]
    base = cbs_url()
    query = {
        "$filter": " or ".join(f"WijkenEnBuurten eq '{c.ljust(10)}'" for c in codes),
        "$format": "json",
    }
    url = f"{base}/{table}/TypedDataSet"
    key = hashlib.sha256(json.dumps([url, query], sort_keys=True).encode()).hexdigest()[:24]
    cached = cache_dir() / "cbs" / f"{table}-{key}.json"
    if cached.exists():
        body = cached.read_bytes()
    else:
        import requests

        try:
            response = requests.get(url, params=query, timeout=timeout)
        except requests.RequestException as error:
            raise SafariError(t("cbs.offline", detail=type(error).__name__)) from None
        if response.status_code != requests.codes.ok:
            raise SafariError(t("cbs.http", status=response.status_code, table=table))
        body = response.content
    found = _from_odata(body, wanted, table)
    if not cached.exists():
        from safari._atomic import atomic_write

        atomic_write(cached, body)
    return found


def _from_odata(body: bytes, wanted: dict[str, Area], table: str) -> dict[str, Figures]:
    try:
        rows = json.loads(body)["value"]
    except (ValueError, KeyError, TypeError):
        raise SafariError(t("cbs.bad_answer", table=table)) from None
    if not isinstance(rows, list):
        raise SafariError(t("cbs.bad_answer", table=table))
    found: dict[str, Figures] = {}
    for row in rows:
        if not isinstance(row, dict):
            continue
        code = str(row.get("WijkenEnBuurten") or row.get("Codering_3") or "").strip()
        if code not in wanted:
            continue
        by_name = {_SUFFIX.sub("", str(k)): v for k, v in row.items()}
        values: dict[str, float | None] = {}
        for key, (odata, _) in FIELDS.items():
            value = by_name.get(odata)
            if isinstance(value, int | float) and not isinstance(value, bool):
                values[key] = float(value) if math.isfinite(value) else None
            else:
                values[key] = None  # null: CBS does not publish it
        found[code] = Figures(code, wanted[code].name, values, source=f"CBS {table}")
    return found


# --- which areas the route passes --------------------------------------------------------


def read_boundaries(path: str | os.PathLike[str]) -> list[tuple[Area, Any]]:
    """The wijken and buurten in a boundaries file (GeoJSON), with their shapes.

    OpenStreetMap boundaries with ``nlcbs:bu_code`` or ``nlcbs:wk_code``, or CBS/PDOK's
    wijk- en buurtkaart (``buurtcode``, ``wijkcode``). Features without a code are left
    out (a municipality, a quarter that is not a CBS area).
    """
    from shapely.geometry import shape

    file = Path(path)
    if not file.is_file():
        raise SafariError(t("cbs.boundaries_missing", file=str(path)))
    try:
        document = json.loads(file.read_bytes())
        features = document["features"]
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        raise SafariError(t("cbs.boundaries_bad", file=str(path))) from None
    found = []
    for feature in features:
        props = feature.get("properties") or {}
        code = ""
        name = ""
        for code_key, name_keys in (
            ("nlcbs:bu_code", ("name", "nlcbs:bu_naam")),
            ("buurtcode", ("buurtnaam",)),
            ("nlcbs:wk_code", ("name", "nlcbs:wk_naam")),
            ("wijkcode", ("wijknaam",)),
        ):
            if props.get(code_key):
                code = str(props[code_key]).strip()
                name = next((str(props[k]) for k in name_keys if props.get(k)), code)
                break
        if not _CODE.match(code):
            continue
        try:
            geometry = shape(feature["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
        found.append((Area(code, name.strip()), geometry))
    if not found:
        raise SafariError(t("cbs.boundaries_none", file=str(path)))
    return found


def areas_on_route(
    points: Sequence[tuple[float, float]], boundaries: list[tuple[Area, Any]]
) -> list[Area]:
    """The areas that the route passes, in the order the walk first enters them.

    ``points``: the route as (lon, lat), e.g. the stops in visiting order or the walked
    line's points. A buurt is preferred to the wijk it lies in when both are in the file.
    """
    from shapely import STRtree
    from shapely import points as make_points

    if not points:
        return []
    shapes = [g for _, g in boundaries]
    tree = STRtree(shapes)
    first: dict[int, int] = {}
    pts = make_points([(float(x), float(y)) for x, y in points])
    hits = tree.query(pts, predicate="intersects")
    for point_at, shape_at in zip(hits[0].tolist(), hits[1].tolist(), strict=True):
        first.setdefault(int(shape_at), int(point_at))
    order = sorted(first, key=lambda i: (first[i], boundaries[i][0].code))
    areas = [boundaries[i][0] for i in order]
    buurten = {a.code[2:8] for a in areas if a.code.startswith("BU")}  # BU + gemeente + wijk
    return [a for a in areas if not (a.code.startswith("WK") and a.code[2:] in buurten)]


# --- for the pages -----------------------------------------------------------------------


def route_points(plan: Plan) -> list[tuple[float, float]]:
    """The walk as (lon, lat) in order: each group's stops and its walked line."""
    from safari._geometry import route_line

    stops = plan.stops
    points: list[tuple[float, float]] = []
    for group in plan.groups:
        for visit in group.visits:
            point = stops.loc[stops["id"].astype(str) == str(visit.stop_id)].geometry
            if len(point):
                points.append((float(point.iloc[0].x), float(point.iloc[0].y)))
        line = route_line(group)
        if line is not None:
            points += [(float(x), float(y)) for x, y, *_ in line.coords]
    return points


def neighbourhood(
    plan: Plan,
    *,
    boundaries: str | os.PathLike[str],
    cbs_file: str | os.PathLike[str] | None = None,
    table: str = DEFAULT_TABLE,
) -> list[dict[str, Any]]:
    """The areas the walk passes with their figures in plain words, for the map and handout.

    One entry per area: ``{"code", "name", "lines", "source", "figures", "source_name"}``
    (``figures``: the :class:`Figures`, for a page that describes them in other languages),
    in walking order. From ``cbs_file`` when given, else from CBS online (cached). An area
    CBS has no row for is left out.
    """
    areas = areas_on_route(route_points(plan), read_boundaries(boundaries))
    if not areas:
        return []
    if cbs_file is not None:
        known = read_cbs_file(cbs_file)
        source = Path(cbs_file).name
    else:
        known = fetch_figures(areas, table=table)
        source = table
    out = []
    for area in areas:
        figures = known.get(area.code)
        if figures is None:
            log.info("CBS has no figures for %s (%s)", area.name, area.code)
            continue
        figures = Figures(area.code, area.name, figures.values, figures.source)
        out.append(
            {
                "code": area.code,
                "name": area.name,
                "lines": describe(figures),
                "source": t("cbs.source", source=source),
                "figures": figures,  # the page describes them in each language
                "source_name": source,
            }
        )
    return out


def page_intro(
    preparation: str | None, figures: list[dict[str, Any]] | None
) -> dict[str, Any] | None:
    """What the map's first screen and the handout show before the stops (issue 15).

    The group's preparation (plain text from the event file) and the figures; ``lang`` and
    ``dir``: the language the preparation is written in (the current one).
    """
    text = (preparation or "").strip()
    if not text and not figures:
        return None
    return {
        "preparation": text or None,
        "figures": figures or [],
        "texts": {"preparation": t("contact.preparation_title"), "figures": t("cbs.title")},
        "lang": language(),
        "dir": direction(),
    }


def intro_in_language(intro: dict[str, Any] | None) -> dict[str, Any] | None:
    """``intro`` (:func:`page_intro`) again in the current language.

    For a handout in another language: the titles and the figures in that language; the
    organiser's preparation as it is (with the language it was written in).
    """
    if not intro:
        return intro
    figures = [
        {
            **area,
            "lines": describe(area["figures"]),
            "source": t("cbs.source", source=area["source_name"]),
        }
        if area.get("figures") is not None
        else area
        for area in intro.get("figures") or []
    ]
    again = page_intro(intro.get("preparation"), figures)
    return again and {**again, "lang": intro.get("lang"), "dir": intro.get("dir")}
