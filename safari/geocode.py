"""Addresses to coordinates with the PDOK Locatieserver (free, Dutch addresses only).

``lookup_many`` asks the Locatieserver's ``free`` search for each address (type
``adres``, best match only) and caches every answer in ``cache_dir() / "pdok"``, named
by a hash of the base URL and the address, so an address is asked once.

The base URL is ``SAFARI_PDOK_URL`` when set (tests point it at a local server that
replays recorded answers), otherwise :data:`PDOK_URL`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from safari import __version__
from safari._errors import GeocodeError
from safari.i18n import t
from safari.settings import cache_dir

__all__ = ["PDOK_URL", "Found", "GeocodeError", "lookup", "lookup_many"]

log = logging.getLogger(__name__)

#: The Locatieserver's search API (version 3.1).
PDOK_URL = "https://api.pdok.nl/bzk/locatieserver/search/v3_1"
TIMEOUT_S = 15.0
_POINT = re.compile(r"POINT\(\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s*\)")


@dataclass(frozen=True)
class Found:
    """The best match for an address: its name at PDOK and where it is."""

    name: str
    lon: float
    lat: float
    x: float  # RD New
    y: float


def base_url() -> str:
    """The Locatieserver's base URL: ``SAFARI_PDOK_URL`` or :data:`PDOK_URL`."""
    return (os.environ.get("SAFARI_PDOK_URL") or PDOK_URL).rstrip("/")


def lookup_many(addresses: list[str]) -> dict[str, Found | None]:
    """Look up addresses; ``None`` for an address the Locatieserver does not know.

    Raises
    ------
    GeocodeError
        When the service cannot be reached (with the reason, for people).
    """
    return {address: lookup(address) for address in addresses}


def lookup(address: str) -> Found | None:
    """The best matching Dutch address (type ``adres``) for ``address``, or ``None``."""
    base = base_url()
    key = hashlib.sha256(f"{base}\n{address.strip()}".encode()).hexdigest()[:32]
    cache_file = cache_dir() / "pdok" / f"{key}.json"
    answer = _cached(cache_file)
    if answer is None:
        answer = _ask(base, address.strip())
        _store(cache_file, answer)
    return _best(answer)


def _ask(base: str, address: str) -> dict[str, object]:
    query = urllib.parse.urlencode(
        {
            "q": address,
            "fq": "type:adres",
            "rows": "1",
            "fl": "weergavenaam,centroide_ll,centroide_rd,type,score",
        }
    )
    # PDOK's https address, or SAFARI_PDOK_URL set by the organiser (the tests' replay server).
    request = urllib.request.Request(  # noqa: S310  see the line above
        f"{base}/free?{query}",
        headers={"User-Agent": f"safari/{__version__}", "Accept": "application/json"},
    )
    log.info("PDOK Locatieserver: %s", address)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310  as above
            body = response.read(5_000_000)
    except urllib.error.HTTPError as error:
        raise GeocodeError(t("geocode.http", status=error.code)) from error
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise GeocodeError(t("geocode.unreachable", reason=str(reason))) from error
    try:
        answer = json.loads(body)
    except ValueError as error:
        raise GeocodeError(t("geocode.bad_answer")) from error
    if not isinstance(answer, dict) or not isinstance(answer.get("response"), dict):
        raise GeocodeError(t("geocode.bad_answer"))
    return answer


def _best(answer: dict[str, object]) -> Found | None:
    response = answer.get("response")
    docs = response.get("docs") if isinstance(response, dict) else None
    if not isinstance(docs, list):
        return None
    for doc in docs:
        if not isinstance(doc, dict):
            continue
        ll = _POINT.fullmatch(str(doc.get("centroide_ll", "")).strip())
        rd = _POINT.fullmatch(str(doc.get("centroide_rd", "")).strip())
        if not ll:
            continue
        lon, lat = float(ll.group(1)), float(ll.group(2))
        x, y = (float(rd.group(1)), float(rd.group(2))) if rd else (float("nan"),) * 2
        return Found(name=str(doc.get("weergavenaam", "")), lon=lon, lat=lat, x=x, y=y)
    return None


def _cached(path: Path) -> dict[str, object] | None:
    try:
        answer = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return answer if isinstance(answer, dict) else None


def _store(path: Path, answer: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(answer, out, ensure_ascii=False)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
