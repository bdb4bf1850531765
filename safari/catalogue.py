"""The review queue: every community stop with its status, duplicates and history.

The catalogue is one GeoJSON file (``catalogus.geojson`` by default): a
FeatureCollection with a ``"safari": {"catalogus": 1}`` member, one Point feature per
stop. Each feature's properties hold the stop's columns as :func:`safari.stops.read_stops`
returns them (sanitised text), and:

- ``status``: ``voorstel`` (found in OpenStreetMap), ``ingediend`` (sent in by a group),
  ``goedgekeurd`` or ``afgewezen``;
- ``toestemming``: ``ja`` when the host agreed to publication, else ``nee``;
- ``mogelijk_dubbel``: ids of stops with the same or a similar name within
  :data:`DUPLICATE_METRES` (flagged for the organiser, never merged);
- ``geschiedenis``: the history, a list of events ``{wanneer, actie, door, bron, reden}``.

Why GeoJSON and not a GeoPackage: the catalogue holds tens to a few hundred stops, so
rewriting it whole is cheap, and a whole-file rewrite (temporary file, ``fsync``,
``os.replace``) is what makes every change all-or-nothing; it is plain text that an
organiser can read, mail, diff and keep in version control; QGIS, uMap and geojson.io
open it as it is; ``safari plan`` reads it with the GeoJSON reader it already has; and it
needs no sidecar files (SQLite's ``-wal``/``-journal``) that a copy could lose.

Every command takes a lock (``<catalogue>.lock``), reads the file, changes it in memory
and writes it atomically; input files are only read.
"""

from __future__ import annotations

import contextlib
import difflib
import getpass
import json
import logging
import math
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from safari._atomic import atomic_write
from safari._errors import CatalogueError, SafariError
from safari.i18n import t
from safari.sanitise import as_plain
from safari.schema import COLUMNS, PUBLIC_COLUMNS, STATUSES, is_public_column
from safari.sheets import write_csv, write_xlsx
from safari.stops import read_stops

__all__ = [
    "DEFAULT_CATALOGUE",
    "CatalogueError",
    "ImportResult",
    "export",
    "import_files",
    "load",
    "set_status",
    "stops_frame",
]

log = logging.getLogger(__name__)

DEFAULT_CATALOGUE = Path("catalogus.geojson")
DUPLICATE_METRES = 50.0
FORMAT_VERSION = 1

#: Properties the catalogue manages itself (never taken from an imported file as they are).
MANAGED = ("status", "toestemming", "mogelijk_dubbel", "geschiedenis")


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
        and len(coordinates) >= 2
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
    with open(lock_path, "a+b") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            _remove_stale_temporaries(catalogue)
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


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
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().lstrip("-").isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).isoformat(timespec="seconds")
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _who(by: str | None) -> str:
    if by and by.strip():
        return by.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "?"


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
        Who imports (history); default the user's login name.
    status
        Status of the new stops: ``ingediend``, or ``voorstel`` for suggestions.
    keep_status
        Keep the ``status``, ``toestemming`` and history of the file (for a catalogue
        export of the organiser's own, e.g. moving to a new catalogue).
    source_label
        Name of the source in the history instead of the file name.

    Returns
    -------
    ImportResult
    """
    who = _who(by)
    frames = []
    problems: list[str] = []
    for path in paths:
        try:
            frames.append(read_stops(path, only_approved=False))
        except SafariError as error:
            problems.append(str(error))
    if problems:
        raise CatalogueError("\n\n".join([t("catalogue.nothing_imported"), *problems]))

    target = Path(catalogue)
    result = ImportResult()
    with _locked(target):
        features = load(target)
        by_id = {str(f["properties"]["id"]): f for f in features}
        for frame in frames:
            source = Path(str(frame.attrs.get("source", ""))).name
            result.warnings.extend(frame.attrs.get("warnings", []))
            if not frame.attrs.get("consent_column", True) and not keep_status:
                result.warnings.append(t("catalogue.warn_no_consent_column", file=source))
            for _, row in frame.iterrows():
                feature = _feature_from_row(row, frame)
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
        added = set(result.added)
        for feature in features:
            if feature["properties"]["id"] in added:
                for other in _similar(feature, features):
                    other_id = other["properties"]["id"]
                    _flag(feature, other)
                    _flag(other, feature)
                    if feature["properties"]["id"] in result.duplicates.get(other_id, []):
                        continue  # this pair is already reported
                    result.duplicates.setdefault(feature["properties"]["id"], []).append(other_id)
        if result.added:
            _save(target, features)
    return result


def _feature_from_row(row: pd.Series, frame: gpd.GeoDataFrame) -> dict[str, Any]:
    """A catalogue feature from a row of :func:`read_stops` (text stays sanitised)."""
    stories = sorted(c for c in frame.columns if str(c).startswith("verhaal_"))
    known = _known_columns(stories)
    props: dict[str, Any] = {}
    for column in known:
        if column in frame.columns:
            props[column] = _json_value(row[column])
    props["toestemming"] = "ja" if bool(row.get("toestemming", False)) else "nee"
    props["mogelijk_dubbel"] = []
    skip = {*known, *MANAGED, "bron_rij", "geometry", "lat", "lon", "x", "y"}
    for column in frame.columns:
        if column not in skip:
            props[str(column)] = _json_value(row[column])
    point = row.geometry
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(point.x, 7), round(point.y, 7)]},
        "properties": props,
    }


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
    if min(len(ka), len(kb)) >= 4 and (ka in kb or kb in ka):
        return True
    return difflib.SequenceMatcher(None, ka, kb).ratio() >= 0.8


def metres_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres between two (lon, lat) points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(min(1.0, math.sqrt(h)))


def _similar(feature: dict[str, Any], features: list[dict[str, Any]]) -> list[dict[str, Any]]:
    here = tuple(feature["geometry"]["coordinates"][:2])
    name = str(feature["properties"].get("naam", ""))
    found = []
    for other in features:
        if other is feature:
            continue
        there = tuple(other["geometry"]["coordinates"][:2])
        if abs(here[1] - there[1]) > 0.001 or abs(here[0] - there[0]) > 0.002:
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


def set_status(
    catalogue: str | os.PathLike[str],
    ids: list[str],
    status: str,
    *,
    by: str | None = None,
    reason: str = "",
    consent: bool | None = None,
) -> list[str]:
    """Approve (``goedgekeurd``) or reject (``afgewezen``) stops, with a history event.

    Parameters
    ----------
    consent
        True: the host agreed to publication (recorded in the history). None: unchanged.

    Returns
    -------
    list of str
        Warnings for the organiser (no consent, possible duplicate).

    Raises
    ------
    CatalogueError
        When an id is not in the catalogue (nothing is changed then).
    """
    if status not in STATUSES:
        raise CatalogueError(t("catalogue.bad_status", value=status, choices=", ".join(STATUSES)))
    target = Path(catalogue)
    who = _who(by)
    if not target.exists():
        raise CatalogueError(t("catalogue.missing", path=str(target)))
    warnings: list[str] = []
    with _locked(target):
        features = load(target)
        by_id = {str(f["properties"]["id"]): f for f in features}
        unknown = [i for i in ids if i not in by_id]
        if unknown:
            hints = []
            for wrong in unknown:
                close = difflib.get_close_matches(wrong, list(by_id), n=3, cutoff=0.5)
                if close:
                    hints.append(t("catalogue.unknown_id", id=wrong, close=", ".join(close)))
                else:
                    hints.append(t("catalogue.unknown_id_plain", id=wrong))
            raise CatalogueError("\n".join(hints))
        for stop_id in ids:
            props = by_id[stop_id]["properties"]
            props["status"] = status
            extra = {"reden": reason} if reason else {}
            if consent is not None:
                props["toestemming"] = "ja" if consent else "nee"
                extra["toestemming"] = props["toestemming"]
            props.setdefault("geschiedenis", []).append(_event(status, who, **extra))
            name = as_plain(str(props.get("naam", "")))
            if status == "goedgekeurd" and props.get("toestemming") != "ja":
                warnings.append(t("catalogue.warn_no_consent", id=stop_id, name=name))
            if status == "goedgekeurd" and props.get("mogelijk_dubbel"):
                others = ", ".join(props["mogelijk_dubbel"])
                warnings.append(t("catalogue.warn_duplicate", id=stop_id, others=others))
        _save(target, features)
    return warnings


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
    if status is not None and status not in STATUSES:
        raise CatalogueError(t("catalogue.bad_status", value=status, choices=", ".join(STATUSES)))
    chosen = [f for f in features if status is None or f["properties"].get("status") == status]
    records = [dict(f["properties"]) for f in chosen]
    points = [Point(*f["geometry"]["coordinates"][:2]) for f in chosen]
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame({"id": []})
    return gpd.GeoDataFrame(frame, geometry=points, crs="EPSG:4326")


def export(
    catalogue: str | os.PathLike[str],
    target: str | os.PathLike[str],
    *,
    internal: bool = False,
) -> tuple[Path, int]:
    """Export the catalogue to CSV, XLSX or GeoJSON (by suffix), atomically.

    Public (default): only approved stops whose host agreed to publication, only the
    public columns (:func:`safari.schema.is_public_column`). ``internal=True``: every stop
    and every column, including contact details and history (for organisers only).
    Spreadsheet cells are never formulas (:mod:`safari.sheets`).

    Returns
    -------
    (Path, int)
        The written file and the number of stops in it.
    """
    out = Path(target)
    suffix = out.suffix.lower()
    if suffix not in {".csv", ".xlsx", ".geojson"}:
        raise CatalogueError(t("catalogue.export_suffix", path=str(out), suffix=suffix or "-"))
    path = Path(catalogue)
    if not path.exists():
        raise CatalogueError(t("catalogue.missing", path=str(path)))
    if out.resolve() == path.resolve():
        raise CatalogueError(t("catalogue.export_over_catalogue", path=str(out)))
    features = load(path)
    if not internal:
        features = [
            f
            for f in features
            if f["properties"].get("status") == "goedgekeurd"
            and f["properties"].get("toestemming") == "ja"
        ]
    columns = _export_columns(features, internal=internal)
    if suffix == ".geojson":
        chosen = [
            {**f, "properties": {c: f["properties"].get(c) for c in columns}} for f in features
        ]
        document: dict[str, Any] = {"type": "FeatureCollection", "features": chosen}
        if internal:
            document["safari"] = {"catalogus": FORMAT_VERSION}
        data = (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        atomic_write(out, data, mode=0o644 if not internal else 0o600)
        return out, len(features)
    header = [*columns[:1], *columns[1:], "lat", "lon"]
    rows = []
    for f in features:
        lon, lat = f["geometry"]["coordinates"][:2]
        row: list[str | int | float | None] = [
            _sheet_value(c, f["properties"].get(c)) for c in columns
        ]
        if suffix == ".csv":
            row += [f"{lat:.7f}".replace(".", ","), f"{lon:.7f}".replace(".", ",")]
        else:
            row += [lat, lon]
        rows.append(row)
    if suffix == ".csv":
        write_csv(out, header, rows)
    else:
        write_xlsx(out, header, rows)
    if internal:
        os.chmod(out, 0o600)
    return out, len(features)


def _export_columns(features: list[dict[str, Any]], *, internal: bool) -> list[str]:
    seen: list[str] = []
    for f in features:
        for key in f["properties"]:
            if key not in seen:
                seen.append(key)
    if not internal:
        stories = sorted(c for c in seen if c.startswith("verhaal_") and is_public_column(c))
        first, rest = PUBLIC_COLUMNS[:4], PUBLIC_COLUMNS[4:]
        return [*first, *stories, *rest]
    return seen


def _sheet_value(column: str, value: object) -> str | int | float | None:
    if value is None:
        return None
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int | float):
        return value
    text = str(value)
    if column == "verhaal" or column.startswith("verhaal_"):
        return text  # stories keep their (safe) markup, so they come back the same
    return as_plain(text)


def temporary_geojson(features: list[dict[str, Any]]) -> Path:
    """Write plain features to a temporary GeoJSON file (for suggestions); caller removes it."""
    fd, name = tempfile.mkstemp(prefix="safari-", suffix=".geojson")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    return Path(name)
