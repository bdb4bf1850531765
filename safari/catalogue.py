"""The review queue: every community stop with its status, duplicates and history.

The catalogue is one GeoJSON file (``catalogus.geojson`` by default): a
FeatureCollection with a ``"safari": {"catalogus": 1}`` member, one Point feature per
stop. Each feature's properties hold the stop's columns as :func:`safari.stops.read_stops`
returns them (sanitised text), and:

- ``status``: ``voorstel`` (found in OpenStreetMap), ``ingediend`` (sent in by a group),
  ``goedgekeurd`` or ``afgewezen``;
- ``toestemming``: ``ja`` when the host agreed to publication, ``nee`` when the host
  said no, ``onbekend`` when nobody asked yet (a file without the column, an empty cell,
  a suggestion from OpenStreetMap). Anything but ``ja`` is no consent: the stop is
  planned as a private visit until the organiser records consent (``approve --consent``);
- ``mogelijk_dubbel``: ids of stops with the same or a similar name within
  :data:`DUPLICATE_METRES` (flagged for the organiser, never merged);
- ``geschiedenis``: the history, a list of events ``{wanneer, actie, door, bron, reden}``;
  ``door`` is the organiser's name (``--by``, else the setting ``SAFARI_ORGANISER``, else
  ``organisator``), never the login name of the computer.

Personal data (contact person, phone, e-mail, submitter) can be removed
(:mod:`safari.retention`); the catalogue is written out for people by
:mod:`safari.catalogue_export`.

Why GeoJSON and not a GeoPackage: the catalogue holds tens to a few hundred stops, so
rewriting it whole is cheap, and a whole-file rewrite (temporary file, ``fsync``,
``os.replace``) is what makes every change all-or-nothing; it is plain text that an
organiser can read, mail, diff and keep in version control; QGIS, uMap and geojson.io
open it as it is; ``safari plan`` reads it with the GeoJSON reader it already has; and it
needs no sidecar files (SQLite's ``-wal``/``-journal``) that a copy could lose.

Every command takes a lock (``.<catalogue>.lock``, removed again when it is done), reads
the file, changes it in memory and writes it atomically; input files are only read.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import json
import logging
import math
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from safari._atomic import atomic_write
from safari._errors import CatalogueError, SafariError
from safari.i18n import t
from safari.sanitise import as_plain, sanitise_story
from safari.schema import COLUMNS, STATUSES
from safari.settings import fixed_now
from safari.stops import read_stops

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

__all__ = [
    "DEFAULT_CATALOGUE",
    "CatalogueError",
    "ImportResult",
    "ReviewResult",
    "import_files",
    "load",
    "organiser",
    "resolve",
    "set_status",
    "status_name",
    "stops_frame",
]

log = logging.getLogger(__name__)

DEFAULT_CATALOGUE = Path("catalogus.geojson")
DUPLICATE_METRES = 50.0
FORMAT_VERSION = 1

#: Properties the catalogue manages itself (never taken from an imported file as they are).
MANAGED = ("status", "toestemming", "mogelijk_dubbel", "geschiedenis")
#: Consent as stored: only ``ja`` is consent.
CONSENT_VALUES = ("ja", "nee", "onbekend")
#: Personal data that :func:`anonymise` and :func:`purge` remove.
PERSONAL = ("contactpersoon", "telefoon", "email", "ingediend_door")
#: What the history records when no organiser name is given.
DEFAULT_ORGANISER = "organisator"
#: Statuses whose personal data :func:`purge` removes after a while.
PURGED_STATUSES = ("afgewezen", "ingetrokken")


_LON_LAT = 2  # a position: two numbers
_CONTAINED_NAME_MIN = 4  # a name this long inside another is the same place
_SIMILAR_NAME = 0.8  # difflib's ratio from which two names are the same place
_NEAR_DEG = (0.002, 0.001)  # (lon, lat) degrees: far more than 50 m apart beyond this
_SHOWN_IDS = 10  # ids shown when a short id fits several


def _known_columns(stories: list[str]) -> tuple[str, ...]:
    """The stop columns a catalogue feature keeps, in `safari.schema.COLUMNS` order.

    The stories in other languages follow ``verhaal``; ``adres`` follows ``rolstoel``;
    the columns the catalogue manages itself (`MANAGED`) are left to it.
    """
    columns = [c for c in COLUMNS if c not in MANAGED]
    columns.insert(columns.index("rolstoel") + 1, "adres")
    after_story = columns.index("verhaal") + 1
    return (*columns[:after_story], *stories, *columns[after_story:])


@dataclass
class ImportResult:
    """What an import did, for the organiser."""

    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicates: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: Rows left out with ``skip_bad_rows``: (file, row, name, problems).
    skipped: list[tuple[str, int, str, list[str]]] = field(default_factory=list)
    #: Added stops whose consent cell was empty (``onbekend``; a file without the
    #: column gives one warning instead).
    consent_unknown: list[str] = field(default_factory=list)


@dataclass
class ReviewResult:
    """What a review command changed: (id, name) per stop, and warnings for the organiser."""

    changed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# --- reading and writing the file ----------------------------------------------------------


def load(catalogue: str | os.PathLike[str] = DEFAULT_CATALOGUE) -> list[dict[str, Any]]:
    """The catalogue's features; an empty list when the file does not exist yet.

    Raises
    ------
    CatalogueError
        When the file is not a safari catalogue (it is then never overwritten).
    """
    path = Path(catalogue)
    if not path.exists():
        return []
    try:
        document = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError) as error:
        raise CatalogueError(t("catalogue.unreadable", path=str(path))) from error
    marker = document.get("safari") if isinstance(document, dict) else None
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(marker, dict) or "catalogus" not in marker or not isinstance(features, list):
        raise CatalogueError(t("catalogue.not_a_catalogue", path=str(path)))
    if marker.get("catalogus") != FORMAT_VERSION:
        raise CatalogueError(
            t("catalogue.version", path=str(path), version=str(marker.get("catalogus")))
        )
    for feature in features:
        if not _is_stop_feature(feature):
            raise CatalogueError(t("catalogue.not_a_catalogue", path=str(path)))
    return features


def _is_stop_feature(feature: object) -> bool:
    if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
        return False
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        return False
    coordinates = geometry.get("coordinates")
    return (
        isinstance(coordinates, list)
        and len(coordinates) >= _LON_LAT
        and all(isinstance(c, int | float) for c in coordinates[:2])
        and bool(feature["properties"].get("id"))
    )


def _document(features: list[dict[str, Any]]) -> bytes:
    document = {
        "type": "FeatureCollection",
        "safari": {"catalogus": FORMAT_VERSION},
        "features": features,
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


@contextlib.contextmanager
def _locked(catalogue: Path) -> Iterator[None]:
    """Hold an exclusive lock for a read-change-write of the catalogue (POSIX)."""
    catalogue.parent.mkdir(parents=True, exist_ok=True)
    lock_path = catalogue.with_name(f".{catalogue.name}.lock")
    try:
        import fcntl
    except ImportError:  # Windows: no lock; one organiser at a time
        yield
        return
    while True:
        lock = Path(lock_path).open("a+b")  # noqa: SIM115  held across the loop, closed below
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            same = os.fstat(lock.fileno()).st_ino == Path(lock_path).stat().st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        # Another command removed this lock file while we waited: lock the new one.
        lock.close()
    try:
        _remove_stale_temporaries(catalogue)
        yield
    finally:
        # Remove the lock file while still holding it; a waiting command notices (above).
        with contextlib.suppress(OSError):
            lock_path.unlink()
        fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
        lock.close()


def _remove_stale_temporaries(catalogue: Path) -> None:
    """Temporary files of a write that was killed; safe to remove under the lock."""
    for leftover in catalogue.parent.glob(f".{catalogue.name}.*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _save(catalogue: Path, features: list[dict[str, Any]]) -> None:
    log.info("Writing catalogue %s (%d stops)", catalogue, len(features))
    atomic_write(catalogue, _document(features), mode=0o600)  # holds contact details


# --- events --------------------------------------------------------------------------------


def _now() -> str:
    """Now, ISO 8601 in local time; ``SOURCE_DATE_EPOCH`` fixes it (reproducible runs)."""
    fixed = fixed_now()
    if fixed is not None:
        return fixed.isoformat(timespec="seconds")
    return datetime.now().astimezone().isoformat(timespec="seconds")


def organiser(by: str | None = None) -> str:
    """The organiser's name for the history: ``by``, else ``SAFARI_ORGANISER``, else a word.

    Never the login name of the computer (that is often ``root`` or a personal account).
    """
    for name in (by, os.environ.get("SAFARI_ORGANISER")):
        if name and name.strip():
            return " ".join(name.split())
    return DEFAULT_ORGANISER


_who = organiser


def _event(action: str, by: str, **extra: str) -> dict[str, str]:
    event = {"wanneer": _now(), "actie": action, "door": by}
    event.update({k: v for k, v in extra.items() if v})
    return event


# --- import --------------------------------------------------------------------------------


def import_files(
    paths: Iterable[str | os.PathLike[str]],
    catalogue: str | os.PathLike[str] = DEFAULT_CATALOGUE,
    *,
    by: str | None = None,
    status: str = "ingediend",
    keep_status: bool = False,
    source_label: str | None = None,
    skip_bad_rows: bool = False,
) -> ImportResult:
    """Add the stops of ``paths`` to the catalogue as ``status`` (default ``ingediend``).

    Every file is read and checked first (:func:`safari.stops.read_stops`, all statuses);
    if any file has a problem nothing is written. A stop that is already in the
    catalogue with the same content is left as it is; a new stop whose id is taken gets
    a new id. Stops with the same or a similar name within :data:`DUPLICATE_METRES` of
    another stop are flagged in ``mogelijk_dubbel`` (both ways), never merged.

    Parameters
    ----------
    paths
        Stops files in any format :func:`read_stops` reads. They are never written.
    catalogue
        The catalogue file; created when missing.
    by
        Who imports (history); see :func:`organiser`.
    status
        Status of the new stops: ``ingediend``, or ``voorstel`` for suggestions.
    keep_status
        Keep the ``status``, ``toestemming`` and history of the file (for a catalogue
        export of the organiser's own, e.g. moving to a new catalogue).
    source_label
        Name of the source in the history instead of the file name.
    skip_bad_rows
        Import the good rows of a file with bad rows; the rows left out are in
        ``ImportResult.skipped``. Without it a file with a bad row adds nothing.

    Consent is stored as ``ja``, ``nee`` or ``onbekend``: a file without a
    ``toestemming`` column, or an empty cell, gives ``onbekend`` (never an assumed yes).

    Returns
    -------
    ImportResult
    """
    who = _who(by)
    frames = _read_all(paths, skip_bad_rows=skip_bad_rows)
    target = Path(catalogue)
    result = ImportResult()
    with _locked(target):
        features = load(target)
        by_id = {str(f["properties"]["id"]): f for f in features}
        for frame in frames:
            source = Path(str(frame.attrs.get("source", ""))).name
            result.warnings.extend(frame.attrs.get("warnings", []))
            for row_number, name, row_problems in frame.attrs.get("skipped", []):
                result.skipped.append((source, row_number, name, row_problems))
            has_consent_column = frame.attrs.get("consent_column", True)
            if not has_consent_column and not keep_status:
                result.warnings.append(t("catalogue.warn_consent_unknown", file=source))
            stated = frame.attrs.get("consent_stated") or [True] * len(frame)
            # issue 14: pandas deep-copies `attrs` (lists as long as the file) into each
            # row; without them, 9,000 rows take seconds instead of minutes
            bare = frame.copy(deep=False)
            bare.attrs = {}
            for position, (_, row) in enumerate(bare.iterrows()):
                if as_plain(str(row.get("naam") or "")) in _example_names():
                    where = t("catalogue.example_row", row=row["bron_rij"])
                    result.skipped.append((source, int(row["bron_rij"]), "", [where]))
                    continue
                feature = _feature_from_row(
                    row, frame, stated=has_consent_column and bool(stated[position])
                )
                props = feature["properties"]
                label = source_label or t("catalogue.source_row", file=source, row=row["bron_rij"])
                if keep_status and str(row.get("status") or "") in STATUSES:
                    props["status"] = str(row["status"])
                    props["geschiedenis"] = _history_from(row)
                else:
                    props["status"] = status
                    props["geschiedenis"] = []
                props["geschiedenis"].append(
                    _event("geimporteerd" if keep_status else status, who, bron=label)
                )
                existing = by_id.get(props["id"])
                if existing is not None and _same_content(existing, feature):
                    result.unchanged.append(props["id"])
                    continue
                if existing is not None:
                    props["id"] = _free_id(props["id"], by_id)
                by_id[props["id"]] = feature
                features.append(feature)
                result.added.append(props["id"])
                if props["toestemming"] == "onbekend" and has_consent_column:
                    result.consent_unknown.append(props["id"])  # an empty cell
        _flag_duplicates(features, result)
        if result.added:
            _save(target, features)
    return result


def _read_all(
    paths: Iterable[str | os.PathLike[str]], *, skip_bad_rows: bool
) -> list[gpd.GeoDataFrame]:
    """Every file read and checked; a CatalogueError with all their problems, if any."""
    frames = []
    problems: list[str] = []
    skippable = not skip_bad_rows
    for path in paths:
        try:
            frames.append(read_stops(path, only_approved=False, skip_bad_rows=skip_bad_rows))
        except SafariError as error:
            problems.append(str(error))
            skippable = skippable and _skip_would_help(path)
    if problems:
        failure = CatalogueError("\n".join([t("catalogue.nothing_imported"), *problems]))
        failure.skippable = skippable
        raise failure
    return frames


def _flag_duplicates(features: list[dict[str, Any]], result: ImportResult) -> None:
    """Flag each added stop and its look-alikes nearby, both ways; report each pair once."""
    added = set(result.added)
    grid = _Grid(features)  # issue 14: neighbours by grid cell, not all pairs
    for feature in features:
        if feature["properties"]["id"] in added:
            for other in _similar(feature, grid.near(feature)):
                other_id = other["properties"]["id"]
                _flag(feature, other)
                _flag(other, feature)
                if feature["properties"]["id"] in result.duplicates.get(other_id, []):
                    continue  # this pair is already reported
                result.duplicates.setdefault(feature["properties"]["id"], []).append(other_id)


def _skip_would_help(path: str | os.PathLike[str]) -> bool:
    """True when leaving out the bad rows would import the rest of the file."""
    try:
        read_stops(path, only_approved=False, skip_bad_rows=True)
    except SafariError:
        return False
    return True


def _example_names() -> set[str]:
    """The names of the template's example row, in every language: never a real stop."""
    from safari.i18n import TEXTS

    return {
        text
        for key in ("template.example.name", "template.example.name_marked")
        for text in TEXTS[key]
    }


def _feature_from_row(
    row: pd.Series, frame: gpd.GeoDataFrame, *, stated: bool = True
) -> dict[str, Any]:
    """A catalogue feature from a row of :func:`read_stops` (text stays sanitised).

    ``stated``: the file said ``ja`` or ``nee`` for this row; else consent is ``onbekend``.
    A story's markup from an export (``verhaal_html``) comes back into ``verhaal``.
    """
    stories = sorted(c for c in frame.columns if _is_story(str(c)))
    known = _known_columns(stories)
    props: dict[str, Any] = {}
    for column in known:
        if column in frame.columns:
            props[column] = _json_value(row[column])
    markup = {str(c) for c in frame.columns if str(c).endswith(_HTML_SUFFIX)}
    for column in markup:
        story = str(column)[: -len(_HTML_SUFFIX)]
        value = row[column]
        if (story == "verhaal" or _is_story(story)) and isinstance(value, str) and value:
            props[story] = sanitise_story(as_plain(value))
    if not stated:
        props["toestemming"] = "onbekend"
    else:
        props["toestemming"] = "ja" if bool(row.get("toestemming", False)) else "nee"
    props["mogelijk_dubbel"] = []
    skip = {*known, *MANAGED, *markup, "bron_rij", "geometry", "lat", "lon", "x", "y"}
    for column in frame.columns:
        if column not in skip:
            props[str(column)] = _json_value(row[column])
    point = row.geometry
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(point.x, 7), round(point.y, 7)]},
        "properties": props,
    }


_HTML_SUFFIX = "_html"


def _is_story(column: str) -> bool:
    return column.startswith("verhaal_") and not column.endswith(_HTML_SUFFIX)


def _json_value(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else (int(value) if value.is_integer() else value)
    if hasattr(value, "item"):
        return _json_value(value.item())
    return value


def _history_from(row: pd.Series) -> list[dict[str, str]]:
    text = row.get("geschiedenis")
    if not isinstance(text, str) or not text:
        return []
    try:
        events = json.loads(as_plain(text))
    except ValueError:
        return []
    if not isinstance(events, list):
        return []
    return [
        {str(k): str(v) for k, v in event.items()} for event in events if isinstance(event, dict)
    ]


_COMPARED_AWAY = {"status", "geschiedenis", "mogelijk_dubbel"}


def _same_content(a: dict[str, Any], b: dict[str, Any]) -> bool:
    pa = {
        k: v for k, v in a["properties"].items() if k not in _COMPARED_AWAY and v not in ("", None)
    }
    pb = {
        k: v for k, v in b["properties"].items() if k not in _COMPARED_AWAY and v not in ("", None)
    }
    ca = [round(float(c), 6) for c in a["geometry"]["coordinates"][:2]]
    cb = [round(float(c), 6) for c in b["geometry"]["coordinates"][:2]]
    return pa == pb and ca == cb


def _free_id(wanted: str, taken: dict[str, Any]) -> str:
    base = re.sub(r"-\d+$", "", wanted) or wanted
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


# --- duplicates ----------------------------------------------------------------------------

_WORDS_AWAY = re.compile(r"\b(stichting|vereniging|st|de|het|the)\b")


@functools.lru_cache(maxsize=8192)  # each name is compared with every look-alike nearby
def _name_key(name: str) -> str:
    text = unicodedata.normalize("NFKD", as_plain(name)).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", " ", text.casefold())
    return " ".join(_WORDS_AWAY.sub(" ", text).split())


def similar_names(a: str, b: str) -> bool:
    """Same or similar names: equal after normalising, one inside the other, or close."""
    ka, kb = _name_key(a), _name_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    if min(len(ka), len(kb)) >= _CONTAINED_NAME_MIN and (ka in kb or kb in ka):
        return True
    matcher = difflib.SequenceMatcher(None, ka, kb)
    # the quick ratios are upper bounds of ratio(): most names far apart stop there
    return (
        matcher.real_quick_ratio() >= _SIMILAR_NAME
        and matcher.quick_ratio() >= _SIMILAR_NAME
        and matcher.ratio() >= _SIMILAR_NAME
    )


def metres_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres between two (lon, lat) points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(min(1.0, math.sqrt(h)))


class _Grid:
    """Features by cell of 0.001 degree latitude and 0.002 longitude (over 50 m each).

    Issue 14: comparing every new stop with every stop made a 9,000-row import take
    minutes; a stop's duplicates can only be in its own cell or the eight around it.
    """

    def __init__(self, features: list[dict[str, Any]]) -> None:
        self.cells: dict[tuple[int, int], list[tuple[int, dict[str, Any]]]] = {}
        for position, feature in enumerate(features):
            self.cells.setdefault(self._cell(feature), []).append((position, feature))

    @staticmethod
    def _cell(feature: dict[str, Any]) -> tuple[int, int]:
        lon, lat = feature["geometry"]["coordinates"][:2]
        return math.floor(lat / 0.001), math.floor(lon / 0.002)

    def near(self, feature: dict[str, Any]) -> list[dict[str, Any]]:
        """The features in the nine cells around ``feature``, in catalogue order."""
        row, column = self._cell(feature)
        found = [
            item
            for dr in (-1, 0, 1)
            for dc in (-1, 0, 1)
            for item in self.cells.get((row + dr, column + dc), [])
        ]
        return [other for _, other in sorted(found, key=lambda item: item[0])]


def _similar(feature: dict[str, Any], features: list[dict[str, Any]]) -> list[dict[str, Any]]:
    here = tuple(feature["geometry"]["coordinates"][:2])
    name = str(feature["properties"].get("naam", ""))
    found = []
    for other in features:
        if other is feature or other["properties"].get("status") in PURGED_STATUSES:
            continue
        there = tuple(other["geometry"]["coordinates"][:2])
        if abs(here[1] - there[1]) > _NEAR_DEG[1] or abs(here[0] - there[0]) > _NEAR_DEG[0]:
            continue  # quick test: far more than 50 m apart
        if metres_between(here, there) <= DUPLICATE_METRES and similar_names(
            name, str(other["properties"].get("naam", ""))
        ):
            found.append(other)
    return found


def _flag(feature: dict[str, Any], other: dict[str, Any]) -> None:
    flags = feature["properties"].setdefault("mogelijk_dubbel", [])
    other_id = other["properties"]["id"]
    if other_id not in flags:
        flags.append(other_id)


# --- review --------------------------------------------------------------------------------


def status_name(value: str) -> str:
    """A status as the organiser may write it (Dutch or English) -> the stored Dutch word.

    Raises
    ------
    CatalogueError
        For a word that is no status.
    """
    from safari.schema import _STATUS

    key = value.strip().casefold()
    if key in _STATUS and _STATUS[key] in STATUSES:
        return _STATUS[key]
    raise CatalogueError(t("catalogue.bad_status", value=value, choices=", ".join(STATUSES)))


def resolve(features: list[dict[str, Any]], refs: Iterable[str]) -> list[str]:
    """The ids meant by ``refs``: a full id, a unique start of an id, or a row number.

    Row numbers are the numbers ``safari stops list`` shows: the place in the catalogue,
    from 1 (the same with or without ``--status``).

    Raises
    ------
    CatalogueError
        With one line per reference that names no stop or more than one (the candidates
        are named); nothing is changed then.
    """
    ids = [str(f["properties"]["id"]) for f in features]
    found: list[str] = []
    problems: list[str] = []
    for ref in refs:
        wanted = ref.strip()
        if wanted in ids:
            found.append(wanted)
            continue
        if wanted.isdigit():
            number = int(wanted)
            if 1 <= number <= len(ids):
                found.append(ids[number - 1])
            else:
                problems.append(t("catalogue.bad_number", number=wanted, count=len(ids)))
            continue
        starts = [i for i in ids if wanted and i.casefold().startswith(wanted.casefold())]
        if len(starts) == 1:
            found.append(starts[0])
        elif starts:
            shown = ", ".join(starts[:_SHOWN_IDS]) + (" …" if len(starts) > _SHOWN_IDS else "")
            problems.append(t("catalogue.ambiguous_id", id=wanted, candidates=shown))
        else:
            inside = [i for i in ids if wanted.casefold() in i.casefold()][:3]
            close = inside or difflib.get_close_matches(wanted, ids, n=3, cutoff=0.5)
            if close:
                problems.append(t("catalogue.unknown_id", id=wanted, close=", ".join(close)))
            else:
                problems.append(t("catalogue.unknown_id_plain", id=wanted))
    if problems:
        raise CatalogueError("\n".join(problems))
    return list(dict.fromkeys(found))  # each stop once


def _name(props: dict[str, Any]) -> str:
    return as_plain(str(props.get("naam") or ""))


def _clear_marks(features: list[dict[str, Any]], gone: set[str]) -> list[str]:
    """Remove ``gone`` ids from the other stops' ``mogelijk_dubbel``; the ids that changed."""
    cleared = []
    for feature in features:
        props = feature["properties"]
        marks = props.get("mogelijk_dubbel") or []
        left = [m for m in marks if m not in gone]
        if len(left) != len(marks):
            props["mogelijk_dubbel"] = left
            cleared.append(str(props["id"]))
    return cleared


def _existing(catalogue: str | os.PathLike[str]) -> Path:
    target = Path(catalogue)
    if not target.exists():
        raise CatalogueError(t("catalogue.missing", path=str(target)))
    return target


def set_status(
    catalogue: str | os.PathLike[str],
    ids: list[str],
    status: str,
    *,
    by: str | None = None,
    reason: str = "",
    consent: bool | None = None,
) -> ReviewResult:
    """Approve (``goedgekeurd``), reject (``afgewezen``) or withdraw stops, with history.

    Parameters
    ----------
    ids
        Full ids, unique starts of ids, or row numbers of ``stops list`` (:func:`resolve`).
    status
        The new status, in Dutch or English (``approved`` = ``goedgekeurd``).
    consent
        True: the host agreed to publication (recorded in the history). None: unchanged.

    Returns
    -------
    ReviewResult
        The stops changed (id, name) and warnings for the organiser (no consent,
        possible duplicate). A rejected or withdrawn stop is no longer marked as a
        possible duplicate of other stops.

    Raises
    ------
    CatalogueError
        When a reference names no stop or several (nothing is changed then).
    """
    status = status_name(status)
    target = _existing(catalogue)
    who = organiser(by)
    result = ReviewResult()
    with _locked(target):
        features = load(target)
        by_id = {str(f["properties"]["id"]): f for f in features}
        chosen = resolve(features, ids)
        for stop_id in chosen:
            props = by_id[stop_id]["properties"]
            props["status"] = status
            extra = {"reden": reason} if reason else {}
            if consent is not None:
                props["toestemming"] = "ja" if consent else "nee"
                extra["toestemming"] = props["toestemming"]
            props.setdefault("geschiedenis", []).append(_event(status, who, **extra))
            name = _name(props)
            result.changed.append((stop_id, name))
            if status == "goedgekeurd" and props.get("toestemming") != "ja":
                result.warnings.append(t("catalogue.warn_no_consent", id=stop_id, name=name))
            if status == "goedgekeurd" and props.get("mogelijk_dubbel"):
                others = ", ".join(props["mogelijk_dubbel"])
                result.warnings.append(t("catalogue.warn_duplicate", id=stop_id, others=others))
        if status in PURGED_STATUSES:  # resolved: no longer a possible duplicate, both ways
            _clear_marks(features, set(chosen))
            for stop_id in chosen:
                by_id[stop_id]["properties"]["mogelijk_dubbel"] = []
        _save(target, features)
    return result


# --- reading out ---------------------------------------------------------------------------


def stops_frame(
    catalogue: str | os.PathLike[str] = DEFAULT_CATALOGUE, *, status: str | None = None
) -> gpd.GeoDataFrame:
    """The catalogue as a GeoDataFrame (EPSG:4326), optionally of one status only.

    Lists (``mogelijk_dubbel``, ``geschiedenis``) stay Python lists.
    """
    path = Path(catalogue)
    if not path.exists():
        raise CatalogueError(t("catalogue.missing", path=str(path)))
    features = load(path)
    if status is not None:
        status = status_name(status)
    chosen = [f for f in features if status is None or f["properties"].get("status") == status]
    records = [dict(f["properties"]) for f in chosen]
    points = [Point(*f["geometry"]["coordinates"][:2]) for f in chosen]
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame({"id": []})
    return gpd.GeoDataFrame(frame, geometry=points, crs="EPSG:4326")


def temporary_geojson(features: list[dict[str, Any]]) -> Path:
    """Write plain features to a temporary GeoJSON file (for suggestions); caller removes it."""
    fd, name = tempfile.mkstemp(prefix="safari-", suffix=".geojson")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    return Path(name)
