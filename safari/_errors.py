"""Errors meant for people: each carries a Dutch message that says what, where and how to fix."""

from __future__ import annotations


class SafariError(Exception):
    """Base of every error the command line shows as a plain message (exit code 1)."""


class StopsError(SafariError, ValueError):
    """A stops file cannot be read or holds invalid rows.

    ``problems`` lists every problem found, each a complete sentence naming
    the file, the row and the column.
    """

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems or [])


class NetworkError(SafariError):
    """The walking network cannot be loaded, downloaded or cached."""


class RoutingError(SafariError):
    """Stops cannot be reached over the walking network."""


class PlanError(SafariError, ValueError):
    """The options for the plan do not fit together (unknown start, bad time, ...)."""


class EventError(SafariError, ValueError):
    """The event file (safari.toml) cannot be read or holds invalid values."""


class NoPlanError(SafariError):
    """No plan satisfies the event's constraints; the message says which clash and what to relax."""
