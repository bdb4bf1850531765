"""The neighbourhood in figures (issue 15): CBS key figures for the areas the walk passes.

The online path asks a local stand-in for CBS's OData service (127.0.0.1) that replays a
recorded answer (hand-made in CBS's real format, see tests/data/cbs/README.md); the file
path reads a CSV as CBS StatLine exports it. Areas come from the real OSM boundaries of
Delft (../shared/osm/).
"""

from __future__ import annotations

import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from safari._errors import SafariError
from safari.cbs import Area, areas_on_route, describe, fetch_figures, read_boundaries, read_cbs_file

if TYPE_CHECKING:
    from collections.abc import Iterator

DATA = Path(__file__).parent / "data" / "cbs"
BOUNDARIES = (
    Path(__file__).resolve().parent.parent.parent
    / "shared"
    / "osm"
    / "nl_delft_boundaries_from_osm_2025-08.geojson"
)


class _Replay(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        url = urllib.parse.urlparse(self.path)
        query = urllib.parse.parse_qs(url.query)
        self.server.asked.append((url.path, query))  # type: ignore[attr-defined]
        codes = sorted(
            c.strip() for c in query.get("$filter", [""])[0].split("'")[1::2] if c.strip()
        )
        answer = DATA / f"odata_{'_'.join(codes)}.json"
        if url.path != "/odata/85984NED/TypedDataSet" or not answer.exists():
            self.send_error(404)
            return
        body = answer.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, _format: str, *args: object) -> None:
        pass


@pytest.fixture
def cbs(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Replay)
    server.asked = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02})
    thread.start()
    monkeypatch.setenv("SAFARI_CBS_URL", f"http://127.0.0.1:{server.server_address[1]}/odata")
    monkeypatch.setenv("SAFARI_LANG", "nl")
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


#: A walk from the TU campus (Wippolder) to the Markt (Binnenstad), stops as (lon, lat).
WALK = [(4.3735, 51.9985), (4.3668, 52.0045), (4.3589, 52.0110), (4.3605, 52.0117)]


def test_the_walk_passes_wippolder_then_the_binnenstad_on_the_delft_boundaries() -> None:
    boundaries = read_boundaries(BOUNDARIES)
    # Only CBS areas: the municipality and the quarters without a CBS code are left out.
    assert len(boundaries) == 6
    assert areas_on_route(WALK, boundaries) == [
        Area("WK050328", "Wippolder"),
        Area("WK050311", "Binnenstad"),
    ]
    assert areas_on_route([(5.09, 52.07)], boundaries) == []  # Utrecht: none of these


def test_figures_from_a_recorded_cbs_answer_in_plain_dutch(cbs) -> None:
    areas = [Area("WK050328", "Wippolder"), Area("WK050311", "Binnenstad")]
    figures = fetch_figures(areas)

    ((path, query),) = cbs.asked
    assert path == "/odata/85984NED/TypedDataSet"
    assert query["$filter"] == [
        "WijkenEnBuurten eq 'WK050311  ' or WijkenEnBuurten eq 'WK050328  '"
    ]
    assert describe(figures["WK050311"]) == [
        "In Binnenstad wonen 10.575 mensen; 40 procent is jonger dan 25.",
        "1 op de 10 is 65 jaar of ouder.",
        (
            "Er zijn 7.415 huishoudens. In 7 van de 10 woont iemand alleen."
            " In 1 op de 9 wonen kinderen."
        ),
        (
            "1 op de 5 inwoners heeft een herkomstland buiten Europa."
            " 1 op de 9 heeft een herkomstland elders in Europa."
        ),
    ]
    # CBS left Wippolder's origin out (null): unknown, never 0.
    wippolder = describe(figures["WK050328"])
    assert wippolder[0] == "In Wippolder wonen 6.210 mensen; 1 op de 3 is jonger dan 25."
    assert wippolder[-1] == "Herkomstland van de inwoners: niet bekend: te weinig inwoners."
    assert not any(" 0 " in line for line in wippolder)

    # Asked once: the second time comes from the cache.
    assert fetch_figures(areas)["WK050328"].get("inwoners") == 6210
    assert len(cbs.asked) == 1


def test_figures_from_a_statline_csv_with_suppressed_values(monkeypatch) -> None:
    monkeypatch.setenv("SAFARI_LANG", "nl")
    figures = read_cbs_file(DATA / "kwb_delft_statline.csv")

    assert sorted(figures) == ["BU05032803", "WK050328"]  # the municipality is not an area
    wippolder = figures["WK050328"]
    assert wippolder.get("herkomst_buiten") == 1480  # Herkomstland, not Geboorteland
    assert wippolder.get("grootte") == 1.6
    assert describe(wippolder)[0] == "In Wippolder wonen 6.210 mensen; 1 op de 3 is jonger dan 25."
    # 45 people on the campus: CBS publishes nothing else ('.').
    assert describe(figures["BU05032803"]) == [
        "In TU-Noord wonen 45 mensen.",
        "Hoeveel mensen 65 of ouder zijn: niet bekend: te weinig inwoners.",
        "Aantal huishoudens: niet bekend: te weinig inwoners.",
        "Herkomstland van de inwoners: niet bekend: te weinig inwoners.",
    ]


def test_a_wrong_file_or_no_cbs_gives_a_dutch_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAFARI_LANG", "nl")
    other = tmp_path / "stops.csv"
    other.write_text("naam;lat;lon\nDe Brug;52,07;5,09\n", encoding="utf-8")
    with pytest.raises(SafariError) as wrong:
        read_cbs_file(other)
    assert str(wrong.value).startswith(f"{other} lijkt geen tabel 'Kerncijfers wijken en buurten'")

    broken = tmp_path / "kwb.csv"
    text = (DATA / "kwb_delft_statline.csv").read_text(encoding="utf-8")
    broken.write_text(text.replace('"6210"', '"veel"'), encoding="utf-8")
    with pytest.raises(SafariError) as cell:
        read_cbs_file(broken)
    assert str(cell.value).splitlines() == [
        f"Het CBS-bestand {broken} heeft 1 cel(len) die geen getal zijn:",
        (
            "- rij 3, kolom 'Bevolking/Aantal inwoners (aantal)': 'veel' is geen getal"
            " (een punt betekent: niet bekend)."
        ),
    ]

    monkeypatch.setenv("SAFARI_CBS_URL", "http://127.0.0.1:9/odata")
    with pytest.raises(SafariError) as offline:
        fetch_figures([Area("WK050328", "Wippolder")], timeout=2)
    assert str(offline.value).startswith("CBS is niet bereikbaar (ConnectionError).")
    assert "--cbs BESTAND" in str(offline.value)


def test_the_event_file_names_preparation_boundaries_and_cbs_file(tmp_path: Path) -> None:
    from safari.config import read_event

    (tmp_path / "stops.csv").write_text("naam;lat;lon\nDe Brug;52,07;5,09\n", encoding="utf-8")
    (tmp_path / "safari.toml").write_text(
        'stops = "stops.csv"\n'
        'voorbereiding = """Lees de verhalen vooraf.\n\nBedenk één vraag."""\n'
        f'buurtgrenzen = "{BOUNDARIES}"\n'
        f'cbs = "{DATA / "kwb_delft_statline.csv"}"\n',
        encoding="utf-8",
    )
    event = read_event(tmp_path / "safari.toml")
    assert event.preparation == "Lees de verhalen vooraf.\n\nBedenk één vraag."
    assert event.boundaries == BOUNDARIES
    assert event.cbs_file == DATA / "kwb_delft_statline.csv"
