"""The planning problem and its solution as plain numbers (shared by the solver modules)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

MUST, NORMAL, OPTIONAL = 0, 1, 2
_DAY = 86_400


@dataclass
class Problem:
    """Everything the solver needs, as plain numbers.

    ``windows[i]`` is ``None`` when stop ``i`` can always receive a group, else the
    list of ``(opens, closes)`` seconds; a visit must lie wholly inside one of them.
    ``end`` is the index of the last stop, equal to ``start`` for a round trip, or
    ``None`` for an open end. ``time_limit_s`` is the solver's deterministic time for
    all stages (an upper limit: it stops earlier when done).

    ``forbidden`` holds ``(group, stop)`` pairs that may not be visited (say a group
    larger than the venue's capacity): that group simply skips the stop; it is not
    "left out" when other groups visit it. ``keep`` (re-planning) maps
    ``(group, stop)`` to the arrival second of a visit in an earlier plan: the plan keeps
    as many of those as it can (same group, same minute) before anything else.
    """

    travel_s: np.ndarray
    meters: np.ndarray
    visit_s: list[int]
    start: int
    end: int | None
    start_s: int
    end_s: int | None = None
    windows: list[list[tuple[int, int]] | None] = field(default_factory=list)
    tier: list[int] = field(default_factory=list)
    groups: int = 1
    mode: str = "rotatie"
    changeover_s: int = 0
    stagger_s: int = 0
    time_limit_s: float = 10.0
    forbidden: frozenset[tuple[int, int]] = frozenset()
    keep: dict[tuple[int, int], int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = len(self.visit_s)
        if not self.windows:
            self.windows = [None] * n
        if not self.tier:
            self.tier = [MUST] * n
        self.forbidden = frozenset(self.forbidden)

    @property
    def venues(self) -> list[int]:
        """Stops other than the start and the end (the ones groups take turns at)."""
        return [i for i in range(len(self.visit_s)) if i not in (self.start, self.end)]

    def allowed(self, group: int, stop: int) -> bool:
        """Whether ``group`` may visit ``stop`` (see ``forbidden``)."""
        return (group, stop) not in self.forbidden


@dataclass
class Solution:
    """Per group the stops in order with arrival and departure seconds.

    ``optimal``: every stage proven optimal. ``proven``: the stops kept and the
    return of the last group are proven best. ``bound``: a lower bound (CP-SAT's) on
    when the last group can be back with these stops, or None.
    """

    routes: list[list[int]]
    arrive: list[list[int]]
    depart: list[list[int]]
    dropped: list[int]
    back: list[int]
    optimal: bool
    proven: bool = False
    bound: int | None = None

    @property
    def makespan(self) -> int:
        """When the last group is back (seconds since midnight)."""
        return max(self.back)
