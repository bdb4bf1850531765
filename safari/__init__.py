"""safari: plan a wijksafari (neighbourhood walk) and write maps for participants.

The public API for notebooks and scripts, along the data flow::

    stops = safari.read_stops("stops.csv")                    # check and sanitise
    network = safari.walking_network("wijk.osm.pbf", around=stops)
    matrix = safari.walking_matrix(network, stops)            # walking metres
    plan = safari.plan_safari(stops, matrix, start_time="14:00")
    plan.to_geodataframe()                                    # one row per visit

Names are imported on first use (module ``__getattr__``), so ``import safari`` stays
light: the street network, the solvers and the map renderer load only when needed.
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("safari")  # one place for the version: pyproject.toml
except PackageNotFoundError:  # run from a source folder that was never installed
    __version__ = "0+unknown"

#: Public name -> the module that holds it.
_PUBLIC = {
    "Event": "safari.config",
    "Plan": "safari.plan",
    "SafariError": "safari._errors",
    "WalkingNetwork": "safari.network_arrays",
    "plan_event": "safari.tour",
    "plan_safari": "safari.tour",
    "read_event": "safari.config",
    "read_stops": "safari.stops",
    "walking_graph": "safari.network",
    "walking_matrix": "safari.routing",
    "walking_network": "safari.network",
}

__all__ = [  # noqa: RUF022 (the version first, then the API in alphabetical order)
    "__version__",
    "Event",
    "Plan",
    "SafariError",
    "WalkingNetwork",
    "plan_event",
    "plan_safari",
    "read_event",
    "read_stops",
    "walking_graph",
    "walking_matrix",
    "walking_network",
]

if TYPE_CHECKING:
    from safari._errors import SafariError
    from safari.config import Event, read_event
    from safari.network import walking_graph, walking_network
    from safari.network_arrays import WalkingNetwork
    from safari.plan import Plan
    from safari.routing import walking_matrix
    from safari.stops import read_stops
    from safari.tour import plan_event, plan_safari


def __getattr__(name: str) -> Any:  # noqa: ANN401  lazy exports: the type depends on the name
    module = _PUBLIC.get(name)
    if module is None:
        msg = f"module 'safari' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next look-up is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC})
