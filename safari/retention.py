"""Personal data out of the catalogue (issue 10): delete, anonymise, purge after a while.

- :func:`delete` takes stops out of the catalogue with their history; nothing of them
  stays in the file (other stops' duplicate marks to them are removed too).
- :func:`anonymise` keeps the place and removes the personal data: contact person,
  phone, e-mail, submitter, columns safari does not know, and the source file names and
  reasons in the history; a removed value that also appears in a story is replaced by
  ``[verwijderd]``.
- :func:`purge` anonymises the rejected and withdrawn stops whose last change is older
  than a number of days (a retention period).

Every change is one atomic rewrite of the catalogue under its lock
(:mod:`safari.catalogue`); no copy of the old file is kept. The history records the
organiser (:func:`safari.catalogue.organiser`), never the computer's login name.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from safari.catalogue import (
    MANAGED,
    PERSONAL,
    PURGED_STATUSES,
    CatalogueError,
    ReviewResult,
    _clear_marks,
    _event,
    _existing,
    _is_story,
    _known_columns,
    _locked,
    _name,
    _now,
    _save,
    load,
    log,
    organiser,
    resolve,
)
from safari.i18n import t
from safari.sanitise import as_plain

if TYPE_CHECKING:
    import os

__all__ = ["anonymise", "delete", "purge"]

_REMOVED = "[verwijderd]"


_MIN_ERASED_CHARS = 3  # shorter removed values are not searched for in the texts


def delete(
    catalogue: str | os.PathLike[str], ids: list[str], *, by: str | None = None
) -> ReviewResult:
    """Take stops out of the catalogue: the stop, its history and its personal data.

    Nothing of the stop stays in the file (the other stops' duplicate marks to it are
    removed too). The write is atomic; no copy of the old file is kept.
    """
    target = _existing(catalogue)
    result = ReviewResult()
    with _locked(target):
        features = load(target)
        chosen = set(resolve(features, ids))
        kept = []
        for feature in features:
            props = feature["properties"]
            if str(props["id"]) in chosen:
                result.changed.append((str(props["id"]), _name(props)))
            else:
                kept.append(feature)
        _clear_marks(kept, chosen)
        log.info("Deleting %d stops (by %s)", len(chosen), organiser(by))
        _save(target, kept)
        # issue 15: the stop's follow-up record (a sibling file) goes with it
        from safari.followup import forget

        forget(target, sorted(chosen), resolved=True)
    return result


def _anonymise_feature(props: dict[str, Any], who: str, action: str) -> None:
    """Remove personal data from one stop's properties, in place; keep the place."""
    removed = [str(props.get(c) or "") for c in PERSONAL]
    keep = {*_known_columns([]), *MANAGED, "osm", "gespreksvragen"} - set(PERSONAL)
    for key in list(props):
        if key in keep or _is_story(key):
            continue
        value = props.pop(key)
        removed.append(str(value or ""))  # unknown columns may hold personal data
    for key in PERSONAL:
        if key in _known_columns([]):
            props[key] = ""
    plain = {as_plain(v).strip() for v in removed}
    values = sorted((v for v in plain if len(v) >= _MIN_ERASED_CHARS), key=len)
    for key, value in list(props.items()):
        if isinstance(value, str) and key not in ("id", "status", "toestemming"):
            text = value
            for secret in reversed(values):  # the longest first
                for form in {secret, _html_text(secret)}:
                    if form and form in text:
                        text = text.replace(form, _REMOVED)
            props[key] = text
    history = [
        {k: v for k, v in event.items() if k in ("wanneer", "actie", "door", "toestemming")}
        for event in props.get("geschiedenis") or []
    ]
    history.append(_event(action, who))
    props["geschiedenis"] = history


def _html_text(text: str) -> str:
    from safari.sanitise import sanitise_text

    return sanitise_text(text)


def anonymise(
    catalogue: str | os.PathLike[str], ids: list[str], *, by: str | None = None
) -> ReviewResult:
    """Keep the place, remove the personal data: contact person, phone, e-mail, submitter.

    Also removed: columns safari does not know (they may hold personal data), the
    source file names and reasons in the history, and any removed value that also
    appears in a story. The history keeps when, what and which organiser, and records
    ``geanonimiseerd``.
    """
    target = _existing(catalogue)
    who = organiser(by)
    result = ReviewResult()
    with _locked(target):
        features = load(target)
        by_id = {str(f["properties"]["id"]): f for f in features}
        for stop_id in resolve(features, ids):
            props = by_id[stop_id]["properties"]
            _anonymise_feature(props, who, "geanonimiseerd")
            result.changed.append((stop_id, _name(props)))
        _save(target, features)
        # issue 15: names and agreements in the stop's follow-up record go too
        from safari.followup import anonymise_followups

        anonymise_followups(target, [i for i, _ in result.changed], by=by, resolved=True)
    return result


def purge(
    catalogue: str | os.PathLike[str], *, older_than_days: int, by: str | None = None
) -> ReviewResult:
    """Anonymise the rejected and withdrawn stops whose last change is older than a number of days.

    A stop without personal data left is not changed again. Time: the history's
    ``wanneer`` against now (``SOURCE_DATE_EPOCH`` fixes now, for tests).
    """
    if older_than_days < 0:
        raise CatalogueError(t("catalogue.bad_days", value=older_than_days))
    target = _existing(catalogue)
    who = organiser(by)
    now = datetime.fromisoformat(_now())
    result = ReviewResult()
    with _locked(target):
        features = load(target)
        for feature in features:
            props = feature["properties"]
            if props.get("status") not in PURGED_STATUSES:
                continue
            when = _last_change(props)
            if when is None or (now - when).total_seconds() < older_than_days * 86400:
                continue
            if not _has_personal_data(props):
                continue
            _anonymise_feature(props, who, "opgeschoond")
            result.changed.append((str(props["id"]), _name(props)))
        if result.changed:
            _save(target, features)
    return result


def _last_change(props: dict[str, Any]) -> datetime | None:
    for event in reversed(props.get("geschiedenis") or []):
        try:
            when = datetime.fromisoformat(str(event.get("wanneer")))
        except ValueError:
            continue
        return when if when.tzinfo else when.replace(tzinfo=UTC)
    return None


def _has_personal_data(props: dict[str, Any]) -> bool:
    if any(props.get(c) for c in PERSONAL):
        return True
    keep = {*_known_columns([]), *MANAGED, "osm", "gespreksvragen"}
    if any(k not in keep and not _is_story(k) for k in props):
        return True
    kept = {"wanneer", "actie", "door", "toestemming"}
    return any(set(event) - kept for event in props.get("geschiedenis") or [])
