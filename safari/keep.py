"""The plan is kept, and only what changed is written.

Every run keeps the plan as JSON in the organisation's folder, with the content hashes
of what it was made from. Two levels decide what a next run does:

``inputs``
    The bytes of the stops file, the event file, the network file and the
    participants file, the options after the command line, and safari's version.
    Unchanged: the kept plan is used as it is (no reading of the network, no
    solving), and outputs whose digest is unchanged are not written again.
``planning``
    Only what the times depend on: per stop its id, place, visit length, hours,
    priority, capacity and wheelchair access (not its story, photo or name), the
    event's planning options, the network and the group sizes. Unchanged while the
    inputs changed (a story, a photo): the kept times are used and the maps are drawn
    again. Changed (a place, an hour, the number of groups): the plan is made anew.

Outputs are keyed by a digest of what they depend on (`write_if_changed`): a file is
written only when that digest changed, or when it is missing or was edited by hand.
The digests of a folder are kept in a small file ``.safari-digests.json`` in that
folder (file names and hashes only: nothing personal).

This module imports nothing heavy, so a warm run stays quick.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from dataclasses import fields, is_dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safari import __version__
from safari._atomic import atomic_write
from safari.settings import now_utc

if TYPE_CHECKING:
    import os
    from collections.abc import Callable, Iterable, Mapping

    import pandas as pd

    from safari.config import Event
    from safari.plan import Plan

log = logging.getLogger(__name__)

__all__ = [
    "DIGESTS_FILE",
    "KEPT_NAME",
    "PLANNING_STOP_COLUMNS",
    "TEXT_EVENT_FIELDS",
    "digest",
    "file_digest",
    "input_digests",
    "load_plan",
    "planning_digest",
    "save_plan",
    "write_if_changed",
]

#: Name of the kept plan in the organisation's folder (beside ``plan.json``, the
#: ``--json`` contract that ``--since`` reads).
KEPT_NAME = "bewaard-plan.json"
#: Name of the file that keeps a folder's output digests.
DIGESTS_FILE = ".safari-digests.json"
#: Format of the kept plan; a different one is planned anew.
FORMAT = 1

#: Stop columns the times depend on (besides the point itself).
PLANNING_STOP_COLUMNS = (
    "id",
    "bezoekduur",
    "beschikbaar",
    "prioriteit",
    "capaciteit",
    "rolstoel",
    "status",
)
#: Event fields that change only texts, never the times.
TEXT_EVENT_FIELDS = frozenset({"name", "organiser", "phone", "source", "extra", "origin"})

#: How many times a plan was made (solved) in this process; tests read it.
solves = 0


def digest(*parts: object) -> str:
    """A short, stable hash (SHA-256, hex) of JSON-able parts."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=_plain)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_digest(path: str | os.PathLike[str] | None) -> str | None:
    """SHA-256 of a file's bytes; for a name that is no file (a place), of the name."""
    if path is None:
        return None
    file = Path(path)
    if not file.is_file():
        return digest("name", str(path))
    sha = hashlib.sha256()
    with file.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def event_options(event: Event) -> dict[str, Any]:
    """The event's fields as JSON values (after the command line's overrides)."""
    if not is_dataclass(event):
        msg = "event must be a dataclass"
        raise TypeError(msg)
    return {f.name: _plain(getattr(event, f.name)) for f in fields(event)}


def input_digests(event: Event, *, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The content hashes of everything a run reads (the ``inputs`` level).

    Parameters
    ----------
    event
        The event after the command line's overrides (`safari.config.Event`).
    options
        Other options that change the outputs (map options, ``--participants`` ...).
    """
    values = event_options(event)
    return {
        "version": __version__,
        "stops": file_digest(event.stops),
        "event": file_digest(event.source) if event.source else None,
        "network": file_digest(event.network),
        "participants": file_digest(getattr(event, "participants_file", None)),
        "options": digest(values, dict(options or {})),
    }


def planning_digest(
    stops: pd.DataFrame, event: Event, *, network: str | None, group_sizes: Iterable[int] = ()
) -> str:
    """Hash of only what the times depend on (the ``planning`` level).

    Stories, photos, names and other texts are left out, so changing them keeps
    the times; a place, an hour, a visit length or the number of groups changes it.
    """
    rows = []
    for _, row in stops.iterrows():
        point = row.geometry
        rows.append(
            [
                [round(point.x, 7), round(point.y, 7)],
                *(_plain(row.get(c)) for c in PLANNING_STOP_COLUMNS if c in stops.columns),
            ]
        )
    options = {k: v for k, v in event_options(event).items() if k not in TEXT_EVENT_FIELDS}
    options.pop("stops", None)  # its content counts, not its path
    options.pop("participants_file", None)  # the group sizes count
    options.pop("network", None)
    return digest(__version__, rows, options, file_digest(network), list(group_sizes))


def save_plan(
    plan: Plan,
    path: str | os.PathLike[str],
    *,
    inputs: Mapping[str, Any],
    planning: str,
    files: Iterable[str | os.PathLike[str]] = (),
    planned_at: datetime | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Path:
    """Keep the plan as JSON, with the digests it was made from.

    Parameters
    ----------
    plan
        The plan (`Plan.to_full_dict` is kept, and its stops' names for the schedule).
    path
        The JSON file, in the organisation's folder.
    inputs
        `input_digests` of the run.
    planning
        `planning_digest` of the run.
    files
        The outputs written for this plan (so a warm run can check they are there).
    planned_at
        When the times were planned (kept from an older plan when reused); default now.
    extra
        More JSON values to keep (e.g. the groups' people).
    """
    stamp = planned_at or now_utc()
    names = stop_names(plan)
    data = {
        "format": FORMAT,
        "version": __version__,
        "planned_at": stamp.isoformat(),
        "inputs": dict(inputs),
        "planning": planning,
        "plan": plan.to_full_dict(),
        "summary": plan.to_dict(),
        "names": names,
        "files": [str(f) for f in files],
        # what each output held when written: a warm run checks nothing was changed by hand
        "file_hashes": {str(f): file_digest(f) for f in files},
        **dict(extra or {}),
    }
    text = json.dumps(data, ensure_ascii=False, indent=1, default=_plain)
    return atomic_write(path, (text + "\n").encode("utf-8"))


def stop_names(plan: Plan) -> dict[str, str]:
    """The stops' names as plain text, by id (kept with the plan for the schedule)."""
    from safari.sanitise import as_plain

    return {
        str(i): as_plain(str(n)) for i, n in zip(plan.stops["id"], plan.stops["naam"], strict=True)
    }


def load_plan(path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The kept plan's JSON, or ``None`` when there is none (or it cannot be used)."""
    file = Path(path)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    if data.get("version") != __version__:
        return None
    return data


def reusable(kept: Mapping[str, Any] | None, inputs: Mapping[str, Any]) -> bool:
    """True when nothing changed: the same inputs, and every output still as written."""
    return (
        kept is not None
        and kept.get("inputs") == dict(inputs)
        and all(_unchanged(f, kept.get("file_hashes")) for f in kept.get("files", []))
    )


def _unchanged(path: str, hashes: Mapping[str, Any] | None) -> bool:
    """The output is there as written (its hash kept with the plan, or in its folder)."""
    if hashes is not None and path in hashes:
        return Path(path).is_file() and hashes[path] == file_digest(path)
    return is_current(path)


def kept_times(
    kept: Mapping[str, Any] | None, planning: str, *, stops: pd.DataFrame, title: str | None = None
) -> Plan | None:
    """The kept plan with these (freshly read) stops and title, when its times still hold.

    That is when the planning digest is the same: only texts, photos, the title or map
    options changed. Otherwise None: plan anew.
    """
    if kept is None or kept.get("planning") != planning:
        return None
    from safari.plan import Plan

    plan = Plan.from_dict(kept["plan"], stops=stops)
    plan.title = title if title is not None else plan.title
    return plan


def stamp(kept: Mapping[str, Any] | None, plan: Plan) -> datetime:
    """When the plan's times were made: kept while they stay the same, else now.

    The hosts' calendars use it as DTSTAMP, so the same plan gives the same files; in a new
    folder too when ``SOURCE_DATE_EPOCH`` is set (`safari.settings.now_utc`).
    """
    if kept is not None and kept["plan"]["groups"] == plan.to_full_dict()["groups"]:
        found = planned_at(kept)
        if found is not None:
            return found
    return now_utc()


def planned_at(kept: Mapping[str, Any]) -> datetime | None:
    """When the kept plan's times were made."""
    try:
        return datetime.fromisoformat(str(kept["planned_at"]))
    except (KeyError, ValueError):
        return None


def write_if_changed(
    path: str | os.PathLike[str],
    key: str,
    produce: Callable[[], object],
    *,
    force: bool = False,
    previous: str | os.PathLike[str] | None = None,
) -> Path:
    """Write ``path`` only when ``key`` (a digest of what it depends on) changed.

    Parameters
    ----------
    path
        The output file.
    key
        Digest of everything the file depends on.
    produce
        Makes the file: returns its bytes (written atomically here), or writes the
        file itself (and returns anything else). Called only when needed.
    force
        Write even when nothing changed.
    previous
        The folder of the last run, when this run writes into a new (staged) folder:
        a file there with the same key and its recorded hash is copied, not made again.

    Returns
    -------
    Path
        The file (written now or kept as it was).
    """
    target = Path(path)
    book_path = target.parent / DIGESTS_FILE
    book = _read_book(book_path)
    entry = book.get(target.name)
    if (
        not force
        and isinstance(entry, dict)
        and entry.get("key") == key
        and target.is_file()
        and entry.get("sha256") == file_digest(target)
    ):
        log.info("%s: unchanged, not written", target)
        return target
    old = Path(previous) / target.name if previous is not None else None
    old_entry = _read_book(old.parent / DIGESTS_FILE).get(old.name) if old else None
    if (
        not force
        and old is not None
        and isinstance(old_entry, dict)
        and old_entry.get("key") == key
        and old.is_file()
        and old_entry.get("sha256") == file_digest(old)
    ):
        data: object = old.read_bytes()  # as it was: copied, not made again
    else:
        data = produce()
    if isinstance(data, bytes):
        atomic_write(target, data)
    book = _read_book(book_path)  # produce() may have written other entries
    book[target.name] = {"key": key, "sha256": file_digest(target)}
    atomic_write(book_path, (json.dumps(book, indent=1, sort_keys=True) + "\n").encode())
    return target


def is_current(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` exists as it was written (its hash is the recorded one)."""
    target = Path(path)
    entry = _read_book(target.parent / DIGESTS_FILE).get(target.name)
    return (
        isinstance(entry, dict) and target.is_file() and entry.get("sha256") == file_digest(target)
    )


def _read_book(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _plain(value: object) -> object:
    """A value as JSON: paths and dates as text, NaN as None."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    try:
        import numpy as np

        if isinstance(value, np.generic):
            return _plain(value.item())
    except ImportError:  # pragma: no cover
        pass
    return str(value)
