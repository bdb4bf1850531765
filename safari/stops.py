"""Stops: read the venues and their stories, check them, and sanitise them once.

A stops file is read by a reader chosen by its suffix (``_READERS``). Each reader only
turns the file into raw rows with the row numbers the user sees; one shared step then
checks every row, collects every problem and builds the GeoDataFrame (EPSG:4326).

The steps, one module each: :mod:`safari.readers` (bytes to raw rows, by suffix),
:mod:`safari._validate` (every row checked, all problems in one round),
:mod:`safari.sanitise` (untrusted text made safe once, here at the border) and
:mod:`safari.schema` (the columns, their aliases, kinds, statuses and the public
whitelist).
"""

from __future__ import annotations

import logging
import os
import stat
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from safari._validate import _build
from safari.i18n import t
from safari.readers import _READERS, _fail, _fail_plain
from safari.schema import MAX_FILE_BYTES

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["read_stops"]

log = logging.getLogger(__name__)


def read_stops(
    path: str | os.PathLike[str],
    *,
    only_approved: bool = True,
    geocode: bool = True,
    skip_bad_rows: bool = False,
) -> gpd.GeoDataFrame:
    """Read, check and sanitise a stops file.

    Parameters
    ----------
    path : str or os.PathLike
        A ``.csv`` (``;``, ``,`` or tab; UTF-8, UTF-16 or cp1252, as Dutch Excel
        writes it), a ``.txt``/``.tsv`` (tab-separated, e.g. Excel "Unicode-tekst"),
        a ``.geojson``/``.json`` with Point features, an Excel workbook (``.xlsx``), KML
        from Google My Maps or uMap (``.kml``) or a GeoPackage (``.gpkg``), at most
        :data:`MAX_FILE_BYTES` and :data:`MAX_ROWS` rows. The file is never written.
    only_approved : bool, default True
        When the file has a ``status`` column, return only the stops whose status is
        ``goedgekeurd``; the others are named in ``attrs["warnings"]``.
    geocode : bool, default True
        Look up the rows that have only an ``adres`` in the PDOK Locatieserver
        (:mod:`safari.geocode`; answers are cached). False: such rows are a problem.
    skip_bad_rows : bool, default False
        Leave out the rows with a problem instead of refusing the file; they are listed
        in ``attrs["skipped"]`` as ``(row, name, problems)``. A problem of the whole file
        (a missing column) still refuses it, and so does a file without one good row.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per stop, Point geometry in EPSG:4326, a RangeIndex, and the columns
        ``id``, ``naam``, ``soort``, ``verhaal``, ``verhaal_<taal>``, ``foto``,
        ``audio``, ``website``, ``bezoekduur`` (float minutes or NaN),
        ``beschikbaar``, ``capaciteit`` (float or NaN), ``rolstoel`` (``yes``,
        ``limited``, ``no`` or empty), ``contactpersoon``, ``telefoon``, ``email``,
        ``status``, ``ingediend_door``, ``toestemming`` (bool: the host agreed to
        publication; True for every row of a file without that column, which is
        the organiser's own list), ``adres`` (only if in the file), every other
        column of the file, and ``bron_rij``: the row number the user sees (CSV:
        spreadsheet row, header = 1; GeoJSON: feature number, from 1). Text is
        sanitised (HTML-safe; see :func:`as_plain`). ``attrs["source"]`` is the path
        and ``attrs["warnings"]`` a list of plain-text sentences for the user.

    Raises
    ------
    safari._errors.StopsError
        With every problem in the file at once: each names the row and column and
        says how to fix it. Also when no stop is left to plan.
    """
    source = os.fspath(path)
    file = Path(source)
    if not file.exists():
        raise _fail_plain(t("stops.not_found", path=source))
    if file.is_dir():
        raise _fail_plain(t("stops.is_folder", path=source))
    suffix = file.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        accepted = ", ".join(_READERS)
        raise _fail_plain(
            t("stops.unknown_suffix", path=source, suffix=suffix or "-", accepted=accepted)
        )
    try:
        limit = f"{MAX_FILE_BYTES / 1e6:,.0f}"
        info = file.stat()
        if not stat.S_ISREG(info.st_mode):  # issue 14: a FIFO named .csv would hang
            raise _fail_plain(t("stops.not_a_file", path=source))
        size = info.st_size
        if size > MAX_FILE_BYTES:
            mb = f"{size / 1e6:,.0f}".replace(",", ".")
            raise _fail(source, [t("stops.file_too_big", size=mb, limit=limit)])
        with file.open("rb") as handle:  # never more than the limit, even if it grows
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise _fail(source, [t("stops.file_too_big", size=">" + limit, limit=limit)])
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise _fail_plain(t("stops.cannot_open", path=source, reason=reason)) from error
    with warnings.catch_warnings():  # issue 17: no third-party noise on the terminal
        warnings.simplefilter("ignore", UserWarning)  # e.g. openpyxl on Excel's extensions
        raw = reader(data, source, suffix)
    del data
    return _build(
        raw, source, only_approved=only_approved, geocode=geocode, skip_bad_rows=skip_bad_rows
    )
