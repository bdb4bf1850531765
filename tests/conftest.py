"""Shared pytest fixtures."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _safari_cache_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point safari's cache at a fresh temporary folder for every test."""
    monkeypatch.setenv("SAFARI_CACHE_DIR", str(tmp_path_factory.mktemp("safari-cache")))
