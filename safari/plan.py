"""The plan: what the planner makes and every renderer and exporter reads.

Plain dataclasses, no planning logic, so that `safari.render`, `safari.export` and
notebooks can use a plan without importing the solvers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import geopandas as gpd
from shapely.geometry import LineString


@dataclass(frozen=True)
class Visit:
    """One stop on a group's walk, with its clock times."""

    stop_id: str
    number: int
    arrive: datetime
    depart: datetime

    @property
    def minutes(self) -> float:
        """Minutes spent at the stop."""
        return (self.depart - self.arrive).total_seconds() / 60


@dataclass(frozen=True)
class Leg:
    """The walk between two stops, following the streets."""

    from_id: str
    to_id: str
    meters: float
    minutes: float
    geometry: LineString


@dataclass
class Group:
    """One group's walk: visits in order and the legs between them."""

    name: str
    visits: list[Visit]
    legs: list[Leg]

    @property
    def order(self) -> list[str]:
        """Stop ids in visiting order (the start first; the end last)."""
        return [v.stop_id for v in self.visits]

    @property
    def total_meters(self) -> float:
        """Total walking distance."""
        return float(sum(leg.meters for leg in self.legs))


@dataclass
class Plan:
    """A planned safari: what renderers and exporters read (they never route again).

    ``dropped`` lists the stops left out, each with the reason (Dutch).
    """

    groups: list[Group]
    stops: gpd.GeoDataFrame
    warnings: list[str] = field(default_factory=list)
    dropped: list[tuple[str, str]] = field(default_factory=list)
    title: str | None = None
    day: date | None = None

    @property
    def meeting_points(self) -> set[str]:
        """Ids of places added as start or end (``"lat, lon"``), not stops from the file."""
        if "bron_rij" not in self.stops.columns:
            return set()
        return set(self.stops.loc[self.stops["bron_rij"] == 0, "id"].astype(str))

    def stop(self, stop_id: str) -> dict[str, Any]:
        """The stop's row (sanitised fields) as a dict."""
        row = self.stops.loc[self.stops["id"] == stop_id].iloc[0]
        return row.to_dict()

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``safari plan --json`` (fields may grow, never change)."""
        return {
            "stops_planned": len(
                {v.stop_id for g in self.groups for v in g.visits} - self.meeting_points
            ),
            "groups": [
                {
                    "name": g.name,
                    "order": g.order,
                    "visits": [
                        {
                            "stop_id": v.stop_id,
                            "arrive": v.arrive.strftime("%H:%M"),
                            "depart": v.depart.strftime("%H:%M"),
                        }
                        for v in g.visits
                    ],
                    "legs": [
                        {
                            "from": leg.from_id,
                            "to": leg.to_id,
                            "meters": round(leg.meters, 1),
                            "minutes": round(leg.minutes, 1),
                        }
                        for leg in g.legs
                    ],
                    "total_meters": round(g.total_meters, 1),
                }
                for g in self.groups
            ],
            "warnings": list(self.warnings),
            "dropped": [{"stop_id": i, "reason": reason} for i, reason in self.dropped],
        }
