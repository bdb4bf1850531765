"""Property tests: any bytes in any format give stops or a SafariError; sanitising is stable."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safari._errors import SafariError
from safari.sanitise import sanitise_story, sanitise_text
from safari.stops import read_stops

SUFFIXES = [".csv", ".txt", ".geojson", ".json", ".kml", ".xlsx", ".gpkg"]
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFARI_PDOK_URL", "http://127.0.0.1:9")  # nothing listens there


def _read(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"plekken{suffix}"
        path.write_bytes(data)
        try:
            stops = read_stops(path)
        except SafariError as error:
            assert str(error).strip()
            assert "Traceback" not in str(error)
        else:
            assert len(stops) > 0
        assert path.read_bytes() == data


@SETTINGS
@given(data=st.binary(max_size=2000), suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes_give_stops_or_a_safari_error(data: bytes, suffix: str) -> None:
    _read(data, suffix)


VALID = {
    ".csv": b"naam;lat;lon;verhaal\nDe Brug;52,07;5,09;Welkom\nNour;52,071;5,091;Thee\n",
    ".geojson": b'{"type":"FeatureCollection","features":[{"type":"Feature","geometry":'
    b'{"type":"Point","coordinates":[5.09,52.07]},"properties":{"naam":"De Brug"}}]}',
    ".kml": b'<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>De Brug'
    b"</name><Point><coordinates>5.09,52.07</coordinates></Point></Placemark></Document></kml>",
}


@SETTINGS
@given(
    suffix=st.sampled_from(sorted(VALID)),
    flips=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=6),
)
def test_a_damaged_valid_file_gives_stops_or_a_safari_error(suffix: str, flips) -> None:
    data = bytearray(VALID[suffix])
    for where, value in flips:
        data[where % len(data)] = value
    _read(bytes(data), suffix)


def _xlsx(rows: list[list[object]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@settings(max_examples=25, deadline=None)
@given(
    cells=st.lists(
        st.lists(
            st.one_of(st.none(), st.floats(allow_nan=True), st.integers(), st.text(max_size=20)),
            min_size=3,
            max_size=3,
        ),
        max_size=4,
    ),
    cut=st.integers(0, 5000),
)
def test_odd_or_cut_excel_workbooks_give_stops_or_a_safari_error(cells, cut: int) -> None:
    from openpyxl.utils.exceptions import IllegalCharacterError

    try:
        data = _xlsx([["naam", "lat", "lon"], *cells])
    except (IllegalCharacterError, ValueError):
        return  # openpyxl cannot write these cells; not a file anyone has
    _read(data, ".xlsx")
    _read(data[: cut % len(data)], ".xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None


TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200
) | st.sampled_from(
    [
        "<script>alert(1)</script>",
        "&amp;lt;b&amp;gt;",
        "<a href='javascript:x'>a</a>",
        "`${x}` \\ $",
        "<p>a</p>\n\n<p>b</p>",
        "&#36;{x}",
        "<img src=https://a.example/x.jpg onerror=alert(1)>",
    ]
)


@settings(max_examples=200, deadline=None)
@given(text=TEXT)
def test_sanitising_twice_equals_sanitising_once(text: str) -> None:
    once_story = sanitise_story(text)
    assert sanitise_story(once_story) == once_story
    once_text = sanitise_text(text)
    assert sanitise_text(once_text) == once_text
