"""safari: plan a wijksafari (neighbourhood walk) and write maps for participants."""

__version__ = "0.1.0"
