"""Settings from the environment: the cache, the language of texts for people, the clock, PDF.

A leaf module (it imports nothing from safari), so that every module, `safari.i18n`
included, can read them without an import cycle.
"""

from __future__ import annotations

import importlib.util
import os
from datetime import UTC, datetime
from pathlib import Path


def cache_dir() -> Path:
    """Folder for cached walking networks and downloads.

    ``SAFARI_CACHE_DIR`` wins; otherwise ``$XDG_CACHE_HOME/safari`` or ``~/.cache/safari``.
    The folder is created when missing.
    """
    env = os.environ.get("SAFARI_CACHE_DIR")
    if env:
        folder = Path(env)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        folder = Path(base) / "safari"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def pdf_renderer_installed() -> bool:
    """True when WeasyPrint (the ``pdf`` extra) can be found, without importing it (slow)."""
    try:
        return importlib.util.find_spec("weasyprint") is not None
    except ValueError:  # sys.modules["weasyprint"] is None: hidden on purpose
        return False


def language() -> str:
    """Language of texts for people: ``nl`` (default) or ``en`` from ``SAFARI_LANG``."""
    lang = os.environ.get("SAFARI_LANG", "nl").lower()[:2]
    return lang if lang in {"nl", "en"} else "nl"


def fixed_now() -> datetime | None:
    """The moment ``SOURCE_DATE_EPOCH`` gives (seconds since 1970, UTC), or None when unset.

    The convention of reproducible builds: with it set, the same inputs give the same files
    byte for byte (the hosts' calendars, the kept plan, the catalogue's history).
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.lstrip("-").isdigit():
        return None
    return datetime.fromtimestamp(int(epoch), tz=UTC)


def now_utc() -> datetime:
    """Now in UTC, in whole seconds; `fixed_now` when ``SOURCE_DATE_EPOCH`` is set."""
    return fixed_now() or datetime.now(UTC).replace(microsecond=0)
