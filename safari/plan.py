"""The plan: what the planner makes and every renderer and exporter reads.

Plain dataclasses, no planning logic, so that `safari.render`, `safari.export` and
notebooks can use a plan without importing the solvers.
"""

from __future__ import annotations

import importlib
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
    def is_round_trip(self) -> bool:
        """True when the walk ends where it started (that last visit is the return)."""
        return len(self.visits) > 1 and self.visits[0].stop_id == self.visits[-1].stop_id

    @property
    def shown_visits(self) -> list[Visit]:
        """The visits that get a number: a round trip's return to the start does not."""
        return self.visits[:-1] if self.is_round_trip else list(self.visits)

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

    def to_geodataframe(self, *, legs: bool = False) -> gpd.GeoDataFrame:
        """The plan as a table for a notebook: one row per visit (or per leg), EPSG:4326.

        Parameters
        ----------
        legs
            False: one row per visit, in visiting order per group, with ``group``,
            ``number``, ``stop_id``, ``name`` (plain text), ``arrive``, ``depart`` and
            the stop's point. True: one row per leg, with ``group``, ``from_id``,
            ``to_id``, ``meters``, ``minutes`` and the walked line.

        Returns
        -------
        geopandas.GeoDataFrame
            ``plan.to_geodataframe().explore()`` shows it on a map.
        """
        from safari.sanitise import as_plain

        if legs:
            rows = [
                {
                    "group": g.name,
                    "from_id": leg.from_id,
                    "to_id": leg.to_id,
                    "meters": leg.meters,
                    "minutes": leg.minutes,
                    "geometry": leg.geometry,
                }
                for g in self.groups
                for leg in g.legs
            ]
            columns = ["group", "from_id", "to_id", "meters", "minutes", "geometry"]
            return gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs="EPSG:4326")
        stops = self.stops.to_crs("EPSG:4326").set_index(self.stops["id"].astype(str))
        rows = [
            {
                "group": g.name,
                "number": v.number,
                "stop_id": v.stop_id,
                "name": as_plain(str(stops.at[v.stop_id, "naam"])),
                "arrive": v.arrive,
                "depart": v.depart,
                "geometry": stops.geometry[v.stop_id],
            }
            for g in self.groups
            for v in g.visits
        ]
        columns = ["group", "number", "stop_id", "name", "arrive", "depart", "geometry"]
        return gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs="EPSG:4326")

    def to_folium(self, *, tiles: str = "osm") -> Any:
        """The plan on a folium map (each group's route and numbered stops), for a notebook.

        Returns a ``folium.Map``; in Jupyter it shows inline. Made by
        :func:`safari.overview.to_folium`, which is loaded by name on first use (as pandas
        loads its plotting backend), so that the plan dataclasses stay a leaf module.
        """
        return importlib.import_module("safari.overview").to_folium(self, tiles=tiles)

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
