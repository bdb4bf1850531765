"""Check every raw row of a stops file and build the GeoDataFrame, all problems in one round.

`_Check` maps the user's columns to :data:`safari.schema.COLUMNS`, looks addresses up,
checks each row's fields and point (lat/lon or RD), the links and the ids, and collects
every problem with the row and the column as the user wrote them; `_build` turns the
checked rows into the stops frame (EPSG:4326).
"""

from __future__ import annotations

import html
import json
import logging
import math
import re
from functools import cache

import geopandas as gpd
import pandas as pd
from pyproj import Transformer
from shapely.geometry import Point

from safari._errors import GeocodeError
from safari.i18n import t
from safari.readers import _fail, _fail_plain, _join, _parse_number, _Raw, _show
from safari.sanitise import (
    _CONTROL,
    as_plain,
    is_invisible,
    plain_text,
    sanitise_story,
    sanitise_text,
    strip_controls,
)
from safari.schema import (
    _CONSENT,
    _CONSENT_UNKNOWN,
    _COORDINATE_COLUMNS,
    _LINK_COLUMNS,
    _PHOTO_DATA_URL,
    _RESERVED,
    _STATUS,
    _WHEELCHAIR,
    COLUMNS,
    KIND_ALIASES,
    MAX_CELL_CHARS,
    MAX_PHOTO_CHARS,
    NL_LAT,
    NL_LON,
    RD_X,
    RD_Y,
    canonical_column,
    slug,
)

log = logging.getLogger(__name__)


_LON_LAT = 2  # a position: two numbers
MAX_LAT, MAX_LON = 90, 180  # degrees, on the whole earth


@cache
def _rd_to_wgs84() -> Transformer:
    """The RD New -> WGS84 transformer, built once."""
    return Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)


class _Check:
    """Check every row of a ``_Raw``; collect every problem, then build the frame."""

    def __init__(self, raw: _Raw, source: str) -> None:
        self.raw = raw
        self.source = source
        self.file_problems: list[str] = list(raw.problems)
        # Problems per row: planned rows must be fixed; a row that is not planned
        # (status not approved) only gets a warning for them.
        self.row_problems: list[list[str]] = [[] for _ in raw.rows]
        self.hard_problems: list[list[str]] = [[] for _ in raw.rows]
        self.warnings: list[str] = list(raw.warnings)
        self.columns: dict[str, str] = {}  # canonical -> column as the user wrote it
        self.unknown: list[tuple[str, str]] = []  # (column in file, column in output)
        self.outside_nl: list[tuple[int, str]] = []  # (row index, "'naam' (rij 3)")
        self.geocode_tried: set[int] = set()  # rows whose address was looked up

    # where -------------------------------------------------------------------------------

    def _unit(self, index: int, *, lower: bool = False) -> str:
        key = "stops.row" if self.raw.kind == "table" else "stops.feature_in_file"
        text = t(key, row=self.raw.labels[index])
        return text[0].lower() + text[1:] if lower else text

    def where(self, index: int, *canonical: str, geometry: bool = False) -> str:
        """``Rij 3, kolom 'lat'`` (or ``Stop 3 in het bestand, eigenschap 'naam'`` for GeoJSON)."""
        unit = self._unit(index)
        if geometry:
            return f"{unit}, {t('stops.in_geometry')}"
        if not canonical:
            return unit
        return f"{unit}, {self._columns_text(canonical)}"

    def _columns_text(self, canonical: tuple[str, ...]) -> str:
        names = [self.columns.get(c, c) for c in canonical]
        table = self.raw.kind == "table"
        if len(names) == 1:
            return t("stops.in_column" if table else "stops.in_property", column=names[0])
        quoted = _join([f"'{name}'" for name in names])
        return t("stops.in_columns" if table else "stops.in_properties", columns=quoted)

    def name_of(self, index: int) -> str:
        return _show(self.cell(index, "naam") or "?")

    # cells -------------------------------------------------------------------------------

    def cell(self, index: int, canonical: str) -> object | None:
        """The value in a canonical column, ``None`` when absent or empty."""
        key = self.columns.get(canonical)
        if key is None:
            return None
        value = self.raw.rows[index].get(key)
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    def text(self, index: int, canonical: str) -> str:
        value = self.cell(index, canonical)
        if value is None:
            return ""
        if isinstance(value, dict | list):
            value = json.dumps(value, ensure_ascii=False)
        return str(value)

    # the checks --------------------------------------------------------------------------

    def map_columns(self) -> None:
        for name in self.raw.columns:
            canonical = canonical_column(name)
            if canonical is None:
                out = name
                if name.casefold() in _RESERVED:
                    out = f"{name}_invoer"
                    self.warnings.append(t("stops.warn_reserved_column", name=name, new=out))
                self.unknown.append((name, out))
            elif canonical in self.columns:
                self.file_problems.append(
                    t(
                        "stops.duplicate_column",
                        first=self.columns[canonical],
                        second=name,
                        canonical=canonical,
                    )
                )
            else:
                self.columns[canonical] = name

        found = ", ".join(f"'{c}'" for c in self.raw.columns) or "-"
        if "naam" not in self.columns:
            self.file_problems.append(t("stops.no_name_column", found=found))
        if self.raw.kind == "table":
            pairs = (("lat", "lon"), ("x", "y"))
            complete = [p for p in pairs if all(c in self.columns for c in p)]
            if not complete:
                half = [(a, b) for a, b in pairs if (a in self.columns) != (b in self.columns)]
                for a, b in half:
                    present, missing = (a, b) if a in self.columns else (b, a)
                    self.file_problems.append(
                        t(
                            "stops.missing_pair_column",
                            present=self.columns[present],
                            missing=missing,
                        )
                    )
                if not half and "adres" not in self.columns:
                    self.file_problems.append(t("stops.no_coordinate_columns", found=found))

    def geocode_addresses(self) -> None:
        """Look up the rows that have only an ``adres`` (PDOK Locatieserver)."""
        from safari import geocode

        wanted: dict[int, str] = {}
        for index in range(len(self.raw.rows)):
            if self.raw.points[index] is not None or index in self.raw.bad_geometry:
                continue
            if any(self.cell(index, c) is not None for c in _COORDINATE_COLUMNS):
                continue
            address = self.text(index, "adres")
            if address:
                wanted[index] = address
        if not wanted:
            return
        try:
            found = geocode.lookup_many(sorted(set(wanted.values())))
        except GeocodeError as error:
            self.geocode_tried.update(wanted)
            rows = _join([self._unit(i, lower=True) for i in wanted])
            self.file_problems.append(t("stops.geocode_failed", rows=rows, reason=str(error)))
            return
        self.geocode_tried.update(wanted)
        for index, address in wanted.items():
            match = found.get(address)
            if match is None:
                where = self.where(index, "adres")
                self.row_problems[index].append(
                    t("stops.address_not_found", where=where, value=_show(address))
                )
                continue
            rd = self.raw.points_in_rd
            self.raw.points[index] = (match.x, match.y) if rd else (match.lon, match.lat)
            self.warnings.append(
                t(
                    "stops.warn_geocoded",
                    where=self._unit(index),
                    value=_show(address),
                    found=_show(match.name, 100),
                )
            )

    def check_row(self, index: int) -> dict[str, object]:
        """Check one row; return its normalised values (problems are collected)."""
        problems = self.row_problems[index]
        values: dict[str, object] = {}

        row = self.raw.rows[index]
        for key, value in row.items():
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                canonical = canonical_column(key) or key
                self.hard_problems[index].append(
                    t(
                        "stops.cell_too_long",
                        where=self.where(index, canonical)
                        if canonical in self.columns
                        else (f"{self._unit(index)}, {self._columns_text((key,))}"),
                        length=f"{len(value):,}".replace(",", "."),
                        limit=f"{MAX_CELL_CHARS:,}".replace(",", "."),
                    )
                )
                row[key] = ""

        problems.extend(self.formula_problems(index))
        name = _one_line(sanitise_text(self.text(index, "naam")))
        formula_name = (index, self.columns.get("naam", "")) in self.raw.formulas
        if "naam" in self.columns and is_invisible(as_plain(name)) and not formula_name:
            problems.append(t("stops.missing_name", where=self.where(index, "naam")))
        values["naam"] = name

        values["point"] = self.check_point(index)

        minutes = self.cell(index, "bezoekduur")
        values["bezoekduur"] = math.nan
        if minutes is not None:
            number = _parse_number(minutes)
            if number is None or number <= 0:
                where = self.where(index, "bezoekduur")
                problems.append(t("stops.bad_visit_minutes", where=where, value=_show(minutes)))
            else:
                values["bezoekduur"] = number

        capacity = self.cell(index, "capaciteit")
        values["capaciteit"] = math.nan
        if capacity is not None:
            number = _parse_number(capacity)
            if number is None or number <= 0 or not number.is_integer():
                where = self.where(index, "capaciteit")
                problems.append(t("stops.bad_capacity", where=where, value=_show(capacity)))
            else:
                values["capaciteit"] = number

        kind = self.text(index, "soort")
        if kind.casefold() in KIND_ALIASES:  # issue 17: one vocabulary, written in Dutch
            values["soort"] = KIND_ALIASES[kind.casefold()]

        wheelchair = self.text(index, "rolstoel")
        values["rolstoel"] = ""
        if wheelchair:
            if wheelchair.casefold() in _WHEELCHAIR:
                values["rolstoel"] = _WHEELCHAIR[wheelchair.casefold()]
            else:
                where = self.where(index, "rolstoel")
                problems.append(t("stops.bad_wheelchair", where=where, value=_show(wheelchair)))

        for column in _LINK_COLUMNS:
            values[column] = self.check_link(index, column)

        values.update(self.check_consent(index))

        status = self.text(index, "status")
        values["status"] = _STATUS.get(status.casefold(), status.casefold())
        if status and status.casefold() not in _STATUS:
            where = self.where(index, "status")
            self.hard_problems[index].append(
                t("stops.bad_status", where=where, value=_show(status))
            )
        return values

    def check_consent(self, index: int) -> dict[str, object]:
        """``toestemming`` (consent to publish) and whether the file says it (issue 10)."""
        values: dict[str, object] = {"toestemming": True, "consent_stated": False}
        if "toestemming" not in self.columns:  # the organiser's own list
            return values
        consent = self.text(index, "toestemming").casefold()
        values["toestemming"] = _CONSENT.get(consent, False)
        values["consent_stated"] = consent in _CONSENT and consent not in _CONSENT_UNKNOWN
        if consent and consent not in _CONSENT:
            where = self.where(index, "toestemming")
            shown = _show(self.text(index, "toestemming"))
            self.row_problems[index].append(t("stops.bad_consent", where=where, value=shown))
        return values

    def formula_problems(self, index: int) -> list[str]:
        """A formula cell is refused: the value would be the formula, not what it shows."""
        problems = []
        for (at, key), formula in self.raw.formulas.items():  # issue 17: a formula cell
            if at == index:
                canonical = canonical_column(key) or key
                what = t("stops.formula_name" if canonical == "naam" else "stops.formula_value")
                where = f"{self._unit(index)}, {self._columns_text((key,))}"
                named = re.match(r"=\s*([A-Za-z_.]+)\(", formula)
                shown = f"={named.group(1).upper()}…" if named else _show(formula, 20)
                problems.append(t("stops.formula_cell", where=where, formula=shown, what=what))
        return problems

    def check_point(self, index: int) -> Point | None:
        """The stop's point: from its geometry, lat/lon or RD x/y (None with a problem)."""
        if index in self.raw.bad_geometry:
            return None
        point = self.raw.points[index]
        if point is not None:
            if self.raw.points_in_rd:
                return self.check_rd(index, point[0], point[1], geometry=True)
            return self.check_latlon(index, point[1], point[0], geometry=True)

        lat, lon = self.cell(index, "lat"), self.cell(index, "lon")
        x, y = self.cell(index, "x"), self.cell(index, "y")
        if lat is not None or lon is not None:
            pair: tuple[str, str] = ("lat", "lon")
            values: tuple[object | None, object | None] = (lat, lon)
        elif x is not None or y is not None:
            pair, values = ("x", "y"), (x, y)
        else:
            self.no_point(index)
            return None
        numbers = self.coordinates(index, pair, values)
        if len(numbers) < _LON_LAT:
            return None
        first, second = numbers
        if pair == ("x", "y"):
            return self.check_rd(index, first, second, raw_values=values)
        return self.check_latlon(index, first, second, raw_values=values)

    def no_point(self, index: int) -> None:
        """Say why a row has no point (unless the address lookup already did)."""
        problems = self.row_problems[index]
        if index in self.geocode_tried:
            pass  # the lookup said what went wrong
        elif self.cell(index, "adres") is not None:
            problems.append(t("stops.needs_geocoding", where=self.where(index, "adres")))
        elif self.raw.kind == "geojson":
            where = self.where(index, geometry=True)
            problems.append(t("stops.missing_geometry", where=where))
        elif "lat" in self.columns and "lon" in self.columns:
            problems.append(t("stops.missing_latlon", where=self.where(index, "lat", "lon")))
        elif "x" in self.columns and "y" in self.columns:
            problems.append(t("stops.missing_xy", where=self.where(index, "x", "y")))
        # else: the file has no coordinate columns; that is one problem for the file

    def coordinates(
        self, index: int, pair: tuple[str, str], values: tuple[object | None, object | None]
    ) -> list[float]:
        """The two coordinates as numbers; a problem for each that is missing or not one."""
        problems = self.row_problems[index]
        numbers: list[float] = []
        for column, value in zip(pair, values, strict=True):
            where = self.where(index, column)
            label = self.columns.get(column, column)
            if value is None:
                if column in self.columns:  # a missing column is one problem for the file
                    problems.append(t("stops.missing_one", where=where, column=label))
                continue
            number = _parse_number(value)
            if number is None:
                example = {"lat": "52,0801", "lon": "5,1032", "x": "135000", "y": "455000"}
                problems.append(
                    t(
                        "stops.not_a_number",
                        where=where,
                        value=_show(value),
                        example=example[column],
                    )
                )
                continue
            numbers.append(number)
        return numbers

    def check_latlon(
        self,
        index: int,
        lat: float,
        lon: float,
        *,
        geometry: bool = False,
        raw_values: tuple[object | None, object | None] | None = None,
    ) -> Point | None:
        raw_lat, raw_lon = (_show(v) for v in raw_values) if raw_values else (lat, lon)
        problems = self.row_problems[index]
        in_nl = NL_LAT[0] <= lat <= NL_LAT[1] and NL_LON[0] <= lon <= NL_LON[1]
        swapped = NL_LAT[0] <= lon <= NL_LAT[1] and NL_LON[0] <= lat <= NL_LON[1]
        if in_nl:
            return Point(lon, lat)
        if swapped:
            if geometry:
                where = self.where(index, geometry=True)
                problems.append(t("stops.swapped_geometry", where=where, lat=lon, lon=lat))
            else:
                problems.append(
                    t(
                        "stops.swapped_latlon",
                        where=self.where(index, "lat"),
                        value=raw_lat,
                        lat=raw_lon,
                        lon=raw_lat,
                        lat_column=self.columns.get("lat", "lat"),
                        lon_column=self.columns.get("lon", "lon"),
                    )
                )
            return None
        looks_rd = (RD_X[0] < lat <= RD_X[1] and RD_Y[0] <= lon <= RD_Y[1]) or (
            RD_Y[0] <= lat <= RD_Y[1] and RD_X[0] < lon <= RD_X[1]
        )
        if looks_rd and not geometry:
            where = self.where(index, "lat", "lon")
            problems.append(t("stops.rd_in_latlon", where=where, lat=raw_lat, lon=raw_lon))
            return None
        ok = True
        if not -MAX_LAT <= lat <= MAX_LAT:
            where = self.where(index, geometry=True) if geometry else self.where(index, "lat")
            problems.append(t("stops.lat_outside_world", where=where, value=raw_lat))
            ok = False
        if not -MAX_LON <= lon <= MAX_LON:
            where = self.where(index, geometry=True) if geometry else self.where(index, "lon")
            problems.append(t("stops.lon_outside_world", where=where, value=raw_lon))
            ok = False
        if not ok:
            return None
        label = f"'{self.name_of(index)}' ({self._unit(index, lower=True)})"
        self.outside_nl.append((index, label))
        return Point(lon, lat)

    def check_rd(
        self,
        index: int,
        x: float,
        y: float,
        *,
        geometry: bool = False,
        raw_values: tuple[object | None, object | None] | None = None,
    ) -> Point | None:
        raw_x, raw_y = (_show(v) for v in raw_values) if raw_values else (x, y)
        problems = self.row_problems[index]
        x_ok = RD_X[0] <= x <= RD_X[1]
        y_ok = RD_Y[0] <= y <= RD_Y[1]
        if x_ok and y_ok:
            lon, lat = _rd_to_wgs84().transform(x, y)
            return Point(lon, lat)
        names = {c: self.columns.get(c, c) for c in ("x", "y")}
        if RD_X[0] <= y <= RD_X[1] and RD_Y[0] <= x <= RD_Y[1]:
            where = self.where(index, geometry=True) if geometry else self.where(index, "x", "y")
            problems.append(
                t(
                    "stops.rd_swapped",
                    where=where,
                    x=raw_y,
                    y=raw_x,
                    x_column=names["x"],
                    y_column=names["y"],
                )
            )
        elif abs(x) <= MAX_LON and abs(y) <= MAX_LAT:
            where = self.where(index, geometry=True) if geometry else self.where(index, "x", "y")
            problems.append(t("stops.rd_looks_like_degrees", where=where, x=raw_x, y=raw_y))
        else:
            for column, ok, value, (low, high) in (
                ("x", x_ok, raw_x, RD_X),
                ("y", y_ok, raw_y, RD_Y),
            ):
                if ok:
                    continue
                where = self.where(index, geometry=True) if geometry else self.where(index, column)
                problems.append(
                    t(
                        "stops.rd_outside",
                        where=where,
                        value=value,
                        column=names[column],
                        low=f"{low:.0f}",
                        high=f"{high:.0f}",
                    )
                )
        return None

    def check_link(self, index: int, column: str) -> str:
        value = self.text(index, column)
        if not value:
            return ""
        # Issue 14: checked AFTER sanitising and decoding, and the checked value is the
        # one stored: "<b>javascript:alert(1)</b>" is "javascript:alert(1)" once the tag
        # is gone. Then what a browser would make of it: tabs, newlines and spaces
        # removed at the ends, entities decoded once more ("&amp;#106;avascript:").
        probe = as_plain(sanitise_text(value))
        probe = strip_controls(re.sub(r"[\t\n\r]", "", html.unescape(probe))).strip(" ")
        if column == "foto" and _PHOTO_DATA_URL.fullmatch(probe):
            if len(probe) <= MAX_PHOTO_CHARS:
                return probe  # base64: nothing to escape
            where = self.where(index, column)
            kb = f"{len(probe) * 3 // 4 // 1000}"
            self.row_problems[index].append(t("stops.photo_too_big", where=where, kb=kb))
            return ""
        scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", probe)
        where = self.where(index, column)
        if scheme:
            name = scheme.group(1).lower()
            local_drive = len(name) == 1 and column != "website"  # C:\fotos\brug.jpg
            if name in {"http", "https"} or local_drive:
                return sanitise_text(probe)
            self.row_problems[index].append(t("stops.unsafe_link", where=where, value=_show(value)))
            return ""
        if re.fullmatch(r"[\w\-]+(\.[\w\-]+)+(/\S*)?", probe) and column == "website":
            return sanitise_text(f"https://{probe}")  # www.debrug.nl
        if column != "website" and not probe.startswith("//") and not _CONTROL.search(probe):
            return sanitise_text(probe)  # a local file next to the stops file
        self.row_problems[index].append(t("stops.not_a_link", where=where, value=_show(value)))
        return ""

    def check_ids(self, rows: list[dict[str, object]]) -> None:
        """Given ids must be unique; missing ones are made from the name."""
        given: dict[str, list[int]] = {}
        for index, row in enumerate(rows):
            value = self.text(index, "id")
            # Issue 14: an id is plain text, never HTML-escaped ("sant'egidio").
            stored = plain_text(value) if value else ""
            row["id"] = stored
            if stored:
                given.setdefault(stored.casefold(), []).append(index)
        for indices in given.values():
            if len(indices) > 1:
                units = [self._unit(i, lower=n > 0) for n, i in enumerate(indices)]
                where = f"{_join(units)}, {self._columns_text(('id',))}"
                text = t(
                    "stops.duplicate_id",
                    where=where,
                    value=_show(self.text(indices[0], "id")),
                    count=len(indices),
                )
                self.hard_problems[indices[0]].append(text)
        used = set(given)
        last: dict[str, int] = {}  # base -> the last number tried: linear, not quadratic
        for row in rows:
            if row["id"]:
                continue
            base = slug(as_plain(str(row["naam"])))
            number = last.get(base, 1)
            candidate = base if number == 1 else f"{base}-{number}"
            while candidate.casefold() in used:
                number += 1
                candidate = f"{base}-{number}"
            last[base] = number
            used.add(candidate.casefold())
            row["id"] = candidate


def _build(
    raw: _Raw, source: str, *, only_approved: bool, geocode: bool, skip_bad_rows: bool = False
) -> gpd.GeoDataFrame:
    """Check every row, then build the frame of the stops to plan (all problems at once).

    ``skip_bad_rows``: leave out the rows with a problem (listed in ``attrs["skipped"]``)
    instead of refusing the file, unless the whole file has a problem or no row is good.
    """
    check = _Check(raw, source)
    check.map_columns()
    if geocode and "adres" in check.columns:
        check.geocode_addresses()
    rows = [check.check_row(index) for index in range(len(raw.rows))]
    check.check_ids(rows)
    has_status = "status" in check.columns
    planned = [not (only_approved and has_status) or row["status"] == "goedgekeurd" for row in rows]
    skipped = _raise_problems(check, planned, source, skip_bad_rows=skip_bad_rows)
    left_out = {row for row, _, _ in skipped}
    _warn_not_planned(check, rows, planned, source, left_out=left_out)
    stops = _frame(check, rows, planned)
    stops.attrs["source"] = source
    stops.attrs["warnings"] = check.warnings
    stops.attrs["consent_column"] = "toestemming" in check.columns
    kept_rows = [row for index, row in enumerate(rows) if planned[index]]
    stops.attrs["consent_stated"] = [bool(row["consent_stated"]) for row in kept_rows]
    stops.attrs["skipped"] = skipped
    log.info("%s: %d stops read, %d warnings", source, len(stops), len(check.warnings))
    return stops


def _raise_problems(
    check: _Check, planned: list[bool], source: str, *, skip_bad_rows: bool
) -> list[tuple[int, str, list[str]]]:
    """Every problem of the file and of the rows to plan; a row not planned only warns.

    With ``skip_bad_rows`` the rows with a problem are taken out of ``planned`` and
    returned as (row, name, problems) instead.
    """
    problems = list(check.file_problems)
    skipped: list[tuple[int, str, list[str]]] = []  # issue 17: (row, name, problems)
    for index in range(len(planned)):
        problems.extend(check.hard_problems[index])
        if planned[index]:
            problems.extend(check.row_problems[index])
        else:
            check.warnings.extend(
                t("stops.warn_problem_not_planned", problem=p) for p in check.row_problems[index]
            )
        bad = [*check.hard_problems[index], *(check.row_problems[index] if planned[index] else [])]
        if skip_bad_rows and bad and not check.file_problems:
            skipped.append((check.raw.labels[index], check.name_of(index), bad))
            planned[index] = False
    if problems and not (skipped and len(skipped) < len(planned) and not check.file_problems):
        raise _fail(source, problems)
    return skipped


def _warn_not_planned(
    check: _Check,
    rows: list[dict[str, object]],
    planned: list[bool],
    source: str,
    *,
    left_out: set[int],
) -> None:
    """Name every stop that is not approved (an error when none is), and far-away stops."""
    not_planned = []
    status_column = check.columns.get("status", "status")
    for index, row in enumerate(rows):
        if planned[index] or check.raw.labels[index] in left_out:
            continue
        where, name = check.where(index), check.name_of(index)
        if row["status"]:
            text = t("stops.warn_not_approved", where=where, name=name, status=row["status"])
        else:
            text = t("stops.warn_status_empty", where=where, name=name, column=status_column)
        not_planned.append(text)
    if not any(planned):
        sentence = t("stops.none_approved", path=source, column=status_column)
        raise _fail_plain(sentence, details=not_planned)
    check.warnings.extend(not_planned)
    planned_outside = [text for index, text in check.outside_nl if planned[index]]
    if planned_outside:
        check.warnings.append(t("stops.warn_outside_nl", names=_join(planned_outside)))


def _frame(check: _Check, rows: list[dict[str, object]], planned: list[bool]) -> gpd.GeoDataFrame:
    """The stops to plan in the schema's column order, every text sanitised (EPSG:4326)."""
    stories = sorted(c for c in check.columns if c.startswith("verhaal_"))
    known = [c for c in COLUMNS if c != "verhaal"]
    order = ["id", "naam", "soort", "verhaal", *stories, *known[3:]]
    if "adres" in check.columns:
        order.append("adres")
    records: list[dict[str, object]] = []
    points: list[Point] = []
    for index, row in enumerate(rows):
        if not planned[index]:
            continue
        record = _record(check, index, row, order)
        records.append(record)
        points.append(row["point"])
    columns = [*order, *(out for _, out in check.unknown), "bron_rij"]
    frame = pd.DataFrame.from_records(records, columns=columns)
    frame["bezoekduur"] = frame["bezoekduur"].astype("float64")
    frame["capaciteit"] = frame["capaciteit"].astype("float64")
    frame["bron_rij"] = frame["bron_rij"].astype("int64")
    frame["toestemming"] = frame["toestemming"].astype("bool")
    return gpd.GeoDataFrame(frame, geometry=points, crs="EPSG:4326")


#: Columns that are one line wherever they go (a calendar line, a GPX name, a table cell):
#: a newline in them, also one written as "&#10;", becomes a space (issue 14).
_ONE_LINE = frozenset(
    {"naam", "soort", "contactpersoon", "telefoon", "email", "ingediend_door", "rolstoel"}
)


def _one_line(text: str) -> str:
    return re.sub(r"\s*[\r\n\t]+\s*", " ", text).strip()


def _record(
    check: _Check, index: int, row: dict[str, object], order: list[str]
) -> dict[str, object]:
    """One stop's values: the checked ones, the other texts sanitised, unknown columns kept."""
    record: dict[str, object] = {}
    for column in order:
        if column in row:
            record[column] = row[column]
            continue
        text = check.text(index, column)
        if not text:  # issue 14: most of the schema's columns are absent; no work for them
            record[column] = ""
        elif column in {"verhaal", "gespreksvragen"} or column.startswith("verhaal_"):
            record[column] = sanitise_story(text)
        elif column in _ONE_LINE:
            record[column] = _one_line(sanitise_text(text))
        else:
            record[column] = sanitise_text(text)
    for key, out in check.unknown:
        value = check.raw.rows[index].get(key)
        if isinstance(value, str):
            value = sanitise_text(value.strip())
        elif isinstance(value, dict | list):
            value = sanitise_text(json.dumps(value, ensure_ascii=False))
        record[out] = value
    record["bron_rij"] = check.raw.labels[index]
    return record
