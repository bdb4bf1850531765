"""safari: plan a wijksafari (neighbourhood walk) and write maps for participants."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("safari")  # one place for the version: pyproject.toml
except PackageNotFoundError:  # run from a source folder that was never installed
    __version__ = "0+unknown"
