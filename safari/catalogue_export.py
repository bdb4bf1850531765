"""The catalogue written out for people: CSV, XLSX or GeoJSON, public or internal.

Written in the organiser's words: statuses and consent as stored (Dutch), ``rolstoel``
as ``ja``/``beperkt``/``nee``, stories in plain text with their markup in a
``<story>_html`` column next to them (an import of the export puts the markup back).
Spreadsheet cells are never formulas (:mod:`safari.sheets`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safari._atomic import atomic_write
from safari.catalogue import (
    _HTML_SUFFIX,
    FORMAT_VERSION,
    CatalogueError,
    _is_story,
    load,
)
from safari.i18n import t
from safari.sanitise import as_plain, sanitise_story
from safari.schema import PUBLIC_COLUMNS, is_public_column
from safari.sheets import write_csv, write_xlsx

if TYPE_CHECKING:
    import os

__all__ = ["export"]


def export(
    catalogue: str | os.PathLike[str],
    target: str | os.PathLike[str],
    *,
    internal: bool = False,
) -> tuple[Path, int]:
    """Export the catalogue to CSV, XLSX or GeoJSON (by suffix), atomically.

    Public (default): only approved stops whose host agreed to publication, only the
    public columns (:func:`safari.stops.is_public_column`). ``internal=True``: every stop
    and every column, including contact details and history (for organisers only).
    Spreadsheet cells are never formulas (:mod:`safari.sheets`).

    Written in the organiser's words: ``rolstoel`` as ``ja``/``beperkt``/``nee``; each
    story as plain text, with its markup in a ``<story>_html`` column next to it when it
    has any (an import of the export puts the markup back).

    Returns
    -------
    (Path, int)
        The written file and the number of stops in it.
    """
    out = Path(target)
    suffix = out.suffix.lower()
    if suffix not in {".csv", ".xlsx", ".geojson"}:
        raise CatalogueError(t("catalogue.export_suffix", path=str(out), suffix=suffix or "-"))
    path = Path(catalogue)
    if not path.exists():
        raise CatalogueError(t("catalogue.missing", path=str(path)))
    if out.resolve() == path.resolve():
        raise CatalogueError(t("catalogue.export_over_catalogue", path=str(out)))
    features = load(path)
    if not internal:
        features = _for_the_public(features)
    features = [{**f, "properties": _in_dutch(f["properties"])} for f in features]
    columns = _with_markup_columns(_export_columns(features, internal=internal), features)
    if suffix == ".geojson":
        chosen = [
            {**f, "properties": {c: f["properties"].get(c) for c in columns}} for f in features
        ]
        document: dict[str, Any] = {"type": "FeatureCollection", "features": chosen}
        if internal:
            document["safari"] = {"catalogus": FORMAT_VERSION}
        data = (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        atomic_write(out, data, mode=0o644 if not internal else 0o600)
        return out, len(features)
    header = [*columns[:1], *columns[1:], "lat", "lon"]
    rows = []
    for f in features:
        lon, lat = f["geometry"]["coordinates"][:2]
        row: list[str | int | float | None] = [
            _sheet_value(c, f["properties"].get(c)) for c in columns
        ]
        if suffix == ".csv":
            row += [f"{lat:.7f}".replace(".", ","), f"{lon:.7f}".replace(".", ",")]
        else:
            row += [lat, lon]
        rows.append(row)
    if suffix == ".csv":
        write_csv(out, header, rows)
    else:
        write_xlsx(out, header, rows)
    if internal:
        Path(out).chmod(0o600)
    return out, len(features)


def _for_the_public(features: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stops the public may see: approved, and what :func:`safari.audience.view` allows.

    The participant's view of a list that is not a route leaves out every stop whose host
    did not clearly consent (``nee``, ``onbekend``, empty). The columns are then chosen by
    :func:`_export_columns` (public whitelist).
    """
    import geopandas as gpd
    from shapely.geometry import Point

    from safari.audience import view  # the one rule of who may see what

    approved = [f for f in features if f["properties"].get("status") == "goedgekeurd"]
    if not approved:
        return []
    frame = gpd.GeoDataFrame(
        [
            {
                "id": str(f["properties"].get("id")),
                "status": f["properties"].get("status"),
                "toestemming": f["properties"].get("toestemming"),
            }
            for f in approved
        ],
        geometry=[Point(*f["geometry"]["coordinates"][:2]) for f in approved],
        crs="EPSG:4326",
    )
    public = set(view(frame, "participant")["id"])
    return [f for f in approved if str(f["properties"].get("id")) in public]


_WHEELCHAIR_DUTCH = {"yes": "ja", "limited": "beperkt", "no": "nee"}


def _in_dutch(props: dict[str, Any]) -> dict[str, Any]:
    """Properties as the organiser reads them: stories in plain text, Dutch values."""
    out: dict[str, Any] = {}
    for key, value in props.items():
        if key == "rolstoel" and isinstance(value, str):
            out[key] = _WHEELCHAIR_DUTCH.get(value, value)
        elif (key == "verhaal" or _is_story(key)) and isinstance(value, str):
            plain = as_plain(value)
            out[key] = plain
            if value and value != sanitise_story(plain):  # markup that plain text loses
                out[f"{key}{_HTML_SUFFIX}"] = value
        else:
            out[key] = value
    return out


def _with_markup_columns(columns: list[str], features: list[dict[str, Any]]) -> list[str]:
    present = {k for f in features for k in f["properties"] if k.endswith(_HTML_SUFFIX)}
    out: list[str] = []
    for column in columns:
        if column.endswith(_HTML_SUFFIX):
            continue
        out.append(column)
        if f"{column}{_HTML_SUFFIX}" in present:
            out.append(f"{column}{_HTML_SUFFIX}")
    return out


def _export_columns(features: list[dict[str, Any]], *, internal: bool) -> list[str]:
    seen: list[str] = []
    for f in features:
        for key in f["properties"]:
            if key not in seen:
                seen.append(key)
    if not internal:
        stories = sorted(c for c in seen if c.startswith("verhaal_") and is_public_column(c))
        first, rest = PUBLIC_COLUMNS[:4], PUBLIC_COLUMNS[4:]
        return [*first, *stories, *rest]
    return seen


def _sheet_value(column: str, value: object) -> str | int | float | None:
    if value is None:
        return None
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int | float):
        return value
    text = str(value)
    if column.endswith(_HTML_SUFFIX):
        return text  # the story's (safe) markup, so an import gives the same story
    if column == "verhaal" or _is_story(column):
        return text  # already plain text (_in_dutch)
    return as_plain(text)
