"""The plan: what the planner makes and every renderer and exporter reads.

Plain dataclasses, no planning logic, so that `safari.render`, `safari.export` and
notebooks can use a plan without importing the solvers.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, cast

import geopandas as gpd
from shapely.geometry import LineString

if TYPE_CHECKING:
    import folium


@dataclass(frozen=True)
class Visit:
    """One stop on a group's walk, with its clock times."""

    stop_id: str
    number: int
    arrive: datetime
    depart: datetime
    #: Minutes the group waits before the visit starts (it got there early).
    wait_minutes: int = 0

    @property
    def minutes(self) -> float:
        """Minutes spent at the stop."""
        return (self.depart - self.arrive).total_seconds() / 60

    def to_dict(self) -> dict[str, Any]:
        """The visit as JSON values (full ISO clock times)."""
        return {
            "stop_id": self.stop_id,
            "number": self.number,
            "arrive": self.arrive.isoformat(),
            "depart": self.depart.isoformat(),
            "wait_minutes": self.wait_minutes,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Visit:
        """The visit back from `to_dict`."""
        return cls(
            str(data["stop_id"]),
            int(data["number"]),
            datetime.fromisoformat(data["arrive"]),
            datetime.fromisoformat(data["depart"]),
            int(data.get("wait_minutes", 0)),
        )


@dataclass(frozen=True)
class Leg:
    """The walk between two stops, following the streets."""

    from_id: str
    to_id: str
    meters: float
    minutes: float
    geometry: LineString

    def to_dict(self) -> dict[str, Any]:
        """The leg as JSON values, its geometry as ``[lon, lat]`` pairs."""
        return {
            "from": self.from_id,
            "to": self.to_id,
            "meters": self.meters,
            "minutes": self.minutes,
            "coordinates": [list(xy) for xy in self.geometry.coords],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Leg:
        """The leg back from `to_dict`."""
        coords = [tuple(xy) for xy in data["coordinates"]]
        return cls(
            str(data["from"]),
            str(data["to"]),
            float(data["meters"]),
            float(data["minutes"]),
            LineString(coords) if len(coords) > 1 else LineString(),
        )


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

    def to_full_dict(self) -> dict[str, Any]:
        """The group with everything needed to rebuild it (`from_dict`)."""
        return {
            "name": self.name,
            "visits": [v.to_dict() for v in self.visits],
            "legs": [leg.to_dict() for leg in self.legs],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Group:
        """The group back from `to_full_dict`."""
        return cls(
            str(data["name"]),
            [Visit.from_dict(v) for v in data["visits"]],
            [Leg.from_dict(leg) for leg in data["legs"]],
        )


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
    #: The routes avoid steps (``--step-free`` / ``toegankelijk``): shown on every schedule.
    step_free: bool = False
    #: Stop pairs (group index, stop id) left out because the group is larger than the
    #: venue's ``capaciteit``; explained in ``warnings``.
    forbidden: list[tuple[int, str]] = field(default_factory=list)
    #: How good the plan is (see `safari.tour`): proven best, or the gap to a lower bound.
    quality: dict[str, Any] | None = None

    @property
    def meeting_points(self) -> set[str]:
        """Ids of places added as start or end (``"lat, lon"``), not stops from the file."""
        if "bron_rij" not in self.stops.columns:
            return set()
        return set(self.stops.loc[self.stops["bron_rij"] == 0, "id"].astype(str))

    def stop(self, stop_id: str) -> dict[str, Any]:
        """The stop's row (sanitised fields) as a dict."""
        row = self.stops.loc[self.stops["id"] == stop_id].iloc[0]
        return cast("dict[str, Any]", row.to_dict())

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

    def to_folium(self, *, tiles: str = "osm") -> folium.Map:
        """The plan on a folium map (each group's route and numbered stops), for a notebook.

        Returns a ``folium.Map``; in Jupyter it shows inline. Made by
        :func:`safari.overview.to_folium`, which is loaded by name on first use (as pandas
        loads its plotting backend), so that the plan dataclasses stay a leaf module.
        """
        overview = importlib.import_module("safari.overview")
        return cast("folium.Map", overview.to_folium(self, tiles=tiles))

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
                            "wait_minutes": v.wait_minutes,
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
            "step_free": self.step_free,
            **({"quality": dict(self.quality)} if self.quality is not None else {}),
        }

    def to_full_dict(self) -> dict[str, Any]:
        """Everything of the plan but its stops, to keep it (see `safari.keep`)."""
        return {
            "title": self.title,
            "day": self.day.isoformat() if self.day else None,
            "step_free": self.step_free,
            "groups": [g.to_full_dict() for g in self.groups],
            "warnings": list(self.warnings),
            "dropped": [list(d) for d in self.dropped],
            "forbidden": [list(f) for f in self.forbidden],
            "quality": dict(self.quality) if self.quality is not None else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, stops: gpd.GeoDataFrame) -> Plan:
        """The plan back from `to_full_dict`, with these (freshly read) stops."""
        day = data.get("day")
        return cls(
            groups=[Group.from_dict(g) for g in data["groups"]],
            stops=stops,
            warnings=[str(w) for w in data.get("warnings", [])],
            dropped=[(str(i), str(why)) for i, why in data.get("dropped", [])],
            title=data.get("title"),
            day=date.fromisoformat(day) if day else None,
            step_free=bool(data.get("step_free", False)),
            forbidden=[(int(g), str(i)) for g, i in data.get("forbidden", [])],
            quality=data.get("quality"),
        )
