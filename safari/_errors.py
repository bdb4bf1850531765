"""Every error meant for people, in one place.

Each error carries a Dutch ``message`` that says what is wrong, where, and how to fix it,
and may carry ``problems``: one complete sentence per problem found, all in one round
(every bad row of a stops file, every bad key of an event file). ``str(error)`` is the
message followed by one ``- problem`` line each; the command line prints exactly that.

A library function raises one of these for bad input, never a traceback; anything else
that escapes is a bug.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "CatalogueError",
    "EventError",
    "GeocodeError",
    "HoursError",
    "NetworkError",
    "NoPlanError",
    "PlanError",
    "RoutingError",
    "SafariError",
    "SolverTimeout",
    "StopsError",
    "SuggestError",
    "WriteError",
]


class SafariError(Exception):
    """Base of every error the command line shows as a plain message (exit code 1).

    Parameters
    ----------
    message
        What is wrong and how to fix it; for a list of problems, the header line.
    problems
        One complete sentence per problem, each naming where it is (file, row, key).
    """

    def __init__(self, message: str, problems: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems: tuple[str, ...] = tuple(problems)

    def __str__(self) -> str:
        return "\n".join([self.message, *(f"- {p}" for p in self.problems)])


class StopsError(SafariError, ValueError):
    """A stops file cannot be read or holds invalid rows (``problems``: one per row and field)."""


class EventError(SafariError, ValueError):
    """The event file (safari.toml) or an option for it holds invalid values."""


class PlanError(SafariError, ValueError):
    """The options for the plan do not fit together (unknown start, bad time, ...)."""


class NoPlanError(SafariError):
    """No plan satisfies the event's constraints; the message says which clash and what to relax."""


class SolverTimeout(SafariError):  # noqa: N818  public name, kept for callers
    """The solver found no plan in its time, and could not prove that none exists."""


class HoursError(SafariError, ValueError):
    """The text cannot be read as opening hours."""


class NetworkError(SafariError):
    """The walking network cannot be loaded, downloaded or cached."""


class RoutingError(SafariError):
    """Stops cannot be reached over the walking network."""


class GeocodeError(SafariError):
    """The Locatieserver cannot be reached or gives an answer safari cannot read."""


class SuggestError(SafariError):
    """The OSM file cannot be used for suggestions."""


class CatalogueError(SafariError):
    """The catalogue cannot be read, or a command names a stop it does not hold.

    ``skippable``: an import that failed only on bad rows, which ``skip_bad_rows`` would
    leave out (the command line then says so).
    """

    skippable: bool = False


class WriteError(SafariError, OSError):
    """A file cannot be written: the disk is full, the folder is read-only, ... (issue 14)."""
