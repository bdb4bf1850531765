"""Settings from the environment: the cache folder and the language of texts for people.

A leaf module (it imports nothing from safari), so that every module, `safari.i18n`
included, can read them without an import cycle.
"""

from __future__ import annotations

import os
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


def language() -> str:
    """Language of texts for people: ``nl`` (default) or ``en`` from ``SAFARI_LANG``."""
    lang = os.environ.get("SAFARI_LANG", "nl").lower()[:2]
    return lang if lang in {"nl", "en"} else "nl"
