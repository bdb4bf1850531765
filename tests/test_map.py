"""A participant opens the map on a phone: what the HTML page holds, and its basemap.

These tests read the page as text (the JSON data block the page's script reads) and the
basemap as data; tests/test_browser.py opens the page in a real browser.
"""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date
from pathlib import Path

import folium
import numpy as np
import pytest
import shapely
from npm_registry import Registry, leaflet_path, npm_pack
from pyproj import Transformer
from shapely.geometry import LineString

from safari import assets
from safari._errors import SafariError
from safari._geometry import ROUTE_TOLERANCE_M, local_metric_crs
from safari.basemap import COLOURS, LAYERS, QUANTUM_M, decode, encode, read_basemap
from safari.network import walking_graph
from safari.network_arrays import network_of
from safari.overview import overview_html, to_folium
from safari.plan import Plan
from safari.render import GROUP_COLOURS, map_html, render_map
from safari.routing import walking_matrix
from safari.stops import read_stops
from safari.tour import plan_safari

ROOT = Path(__file__).resolve().parent.parent
OSM = ROOT.parent / "shared" / "osm"
KANALENEILAND = OSM / "nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2"
AMSTERDAM = OSM / "nl_amsterdam_centrum_nieuwmarkt_2026-02.osm.gz"
DELFT = OSM / "nl_delft_wippolder_tudelft_2025-08_bbox.osm.pbf"
EXAMPLE = ROOT / "safari" / "data" / "voorbeeld" / "stops.csv"
AMSTERDAM_STOPS = ROOT / "tests" / "data" / "amsterdam_nieuwmarkt_12.csv"
DELFT_STOPS = ROOT / "tests" / "data" / "delft_wippolder_12.csv"


@pytest.fixture(scope="session")
def registry(tmp_path_factory):
    """A local npm registry with Leaflet's real tarball (from ``npm pack``)."""
    tarball = npm_pack(assets.LEAFLET, tmp_path_factory.mktemp("npm-pack"))
    server = Registry({leaflet_path(): tarball})
    yield server
    server.close()


@pytest.fixture(scope="session")
def shared_cache(new_cache):
    """One cache for this module: Leaflet is fetched (and verified) once, not per test."""
    return new_cache("safari-cache-map")


@pytest.fixture(autouse=True)
def _safari_cache_dir(shared_cache, registry, monkeypatch):
    monkeypatch.setenv("SAFARI_CACHE_DIR", str(shared_cache))
    monkeypatch.setenv("SAFARI_NPM_REGISTRY", registry.url)


def make_plan(stops_file: Path, graph, **options) -> Plan:
    stops = read_stops(stops_file)
    return plan_safari(stops, walking_matrix(graph, stops), **options)


def make_map(stops_file: Path, graph, out: Path, **options) -> tuple[str, Plan]:
    plan = make_plan(stops_file, graph, **options)
    html = render_map(
        plan, out / "kaart.html", title="Wijksafari Kanaleneiland", basemap=graph
    ).read_text(encoding="utf-8")
    return html, plan


@pytest.fixture(scope="module")
def example_plan(graph):
    return make_plan(EXAMPLE, graph, start="buurthuis-de-brug", day=date(2026, 3, 12))


@pytest.fixture(scope="module")
def example_map(example_plan, graph, tmp_path_factory):
    out = tmp_path_factory.mktemp("kaarten")
    html = render_map(
        example_plan, out / "kaart.html", title="Wijksafari Kanaleneiland", basemap=graph
    )
    return html.read_text(encoding="utf-8"), example_plan


@pytest.fixture(scope="module")
def amsterdam():
    """The Amsterdam Nieuwmarkt extract, its walking network and the 12-stop plan."""
    graph = walking_graph(AMSTERDAM)
    return graph, make_plan(AMSTERDAM_STOPS, graph, start="nieuwmarkt")


def page_data(html: str) -> dict:
    """The page's one JSON data block, as its script reads it."""
    (block,) = re.findall(
        r'<script type="application/json" id="safari-data">(.*?)</script>', html, flags=re.DOTALL
    )
    return json.loads(block)


def without_leaflet(html: str) -> str:
    """The page without Leaflet's own (inlined, verified) code."""
    leaflet = assets.read_file(assets.LEAFLET, "dist/leaflet.js").decode()
    return html.replace(leaflet.split("//# sourceMappingURL")[0].strip(), "")


def group_data(html: str) -> list[dict]:
    """The overview: the JSON each group's layer gets."""
    return [json.loads(m) for m in re.findall(r"safari\.addGroup\([^,]+, [^,]+, (\{.*\})\);", html)]


# --- the page --------------------------------------------------------------------------------


def test_page_is_dutch_may_be_zoomed_and_is_one_file_that_asks_nothing(example_map):
    html, _ = example_map
    assert html.startswith('<!DOCTYPE html>\n<html lang="nl" dir="ltr" class="no-js">')
    viewports = re.findall(r'<meta name="viewport"[^>]*>', html)
    assert viewports == ['<meta name="viewport" content="width=device-width, initial-scale=1">']
    assert "user-scalable" not in html
    assert "maximum-scale" not in html
    assert "<title>Wijksafari Kanaleneiland</title>" in html
    assert 'name="robots"' not in html  # a public page may be found
    # one file: no script, stylesheet, font or image to load
    assert not re.search(r"<script[^>]*\bsrc=", html)
    assert not re.search(r"<link\b", html)
    assert not re.search(r"<img\b", html)
    assert "cdn.jsdelivr.net" not in html
    assert "Leaflet 1.9.4" in html
    assert "sourceMappingURL" not in html
    assert "url(images/" not in html  # Leaflet's control images are data URIs
    ours = re.sub(r"/\*.*?\*/", "", without_leaflet(html), flags=re.DOTALL)
    hosts = set(re.findall(r"https://([^/\"'\s)\\]+)", ours))
    # addresses left are links a participant may tap; no tile server without --basemap
    links = {"www.openstreetmap.org", "www.google.com", "maps.apple.com", "www.kadaster.nl"}
    assert hosts <= links, hosts
    data = page_data(html)
    assert data["tiles"] is None
    assert data["day"] == "2026-03-12"


def test_leaflet_comes_from_the_registry_without_npm(registry, tmp_path, monkeypatch):
    """A pip user without npm: safari fetches the tarball itself and checks its sha512."""
    monkeypatch.setenv("SAFARI_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path / "no-npm-here"))
    before = len(registry.requests)
    cached = assets.tarball(assets.LEAFLET)
    assert registry.requests[before:] == ["/leaflet/-/leaflet-1.9.4.tgz"]
    assert cached == tmp_path / "npm" / "leaflet-1.9.4.tgz"
    assert assets.integrity(cached.read_bytes()) == assets.LEAFLET.integrity
    page = assets.page_assets()  # from the cached tarball now
    assert "Leaflet 1.9.4" in page["js"]
    assert len(registry.requests) == before + 1
    for file in assets.LEAFLET.files:
        assert assets.integrity(assets.read_file(assets.LEAFLET, file.path), "sha384") == file.sri
    assert assets.LEAFLET.tarball_url(assets.REGISTRY) == (
        "https://registry.npmjs.org/leaflet/-/leaflet-1.9.4.tgz"
    )


def test_a_changed_tarball_from_the_registry_is_refused(registry, tmp_path, monkeypatch):
    bad = Registry({leaflet_path(): b"not leaflet"})
    try:
        monkeypatch.setenv("SAFARI_CACHE_DIR", str(tmp_path))
        monkeypatch.setenv("SAFARI_NPM_REGISTRY", bad.url)
        monkeypatch.setenv("PATH", str(tmp_path / "no-npm-here"))
        with pytest.raises(SafariError, match="is niet het goede bestand"):
            assets.tarball(assets.LEAFLET)
        assert not (tmp_path / "npm" / "leaflet-1.9.4.tgz").exists()
        # a tampered file in the cache is not used either: fetched again, refused again
        (tmp_path / "npm").mkdir(exist_ok=True)
        (tmp_path / "npm" / "leaflet-1.9.4.tgz").write_bytes(b"tampered")
        with pytest.raises(SafariError, match="is niet het goede bestand"):
            assets.tarball(assets.LEAFLET)
        # and the maps still get Leaflet: the copy that ships with safari, checked by SRI
        assert "Leaflet 1.9.4" in assets.page_assets()["js"]
    finally:
        bad.close()


def test_a_new_installation_without_network_inlines_the_leaflet_that_ships_with_safari(
    tmp_path, monkeypatch
):
    """`pip install safari` on a laptop on the train: no cache, no registry, no npm."""
    monkeypatch.setenv("SAFARI_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("SAFARI_NPM_REGISTRY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("PATH", str(tmp_path / "no-npm-here"))
    page = assets.page_assets()
    assert "Leaflet 1.9.4" in page["js"]
    assert "url(data:image/png;base64," in page["css"]  # the layer and marker images inline
    assert not (tmp_path / "npm" / "leaflet-1.9.4.tgz").exists()  # nothing was fetched
    for file in assets.LEAFLET.files:
        assert assets.integrity(assets.read_file(assets.LEAFLET, file.path), "sha384") == file.sri
    licence = ROOT / "safari" / "data" / "leaflet-1.9.4" / "LICENSE"
    assert licence.read_text(encoding="utf-8").startswith("BSD 2-Clause License")


def test_the_leaflet_files_that_ship_are_in_the_repository():
    """A "dist/" line in .gitignore once kept them out of the commit (and so out of the wheel)."""
    tracked = subprocess.run(
        ["git", "ls-files", "safari/data/leaflet-1.9.4"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert sorted(tracked) == sorted(
        f"safari/data/leaflet-1.9.4/{f}"
        for f in ("LICENSE", *(x.path for x in assets.LEAFLET.files))
    )


def test_no_registry_and_no_npm_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("SAFARI_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("SAFARI_NPM_REGISTRY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("PATH", str(tmp_path / "no-npm-here"))
    with pytest.raises(SafariError) as caught:
        assets.tarball(assets.LEAFLET)
    message = str(caught.value)
    assert message.startswith("safari kon leaflet@1.9.4 niet ophalen van http://127.0.0.1:9/")
    assert str(tmp_path / "npm" / "leaflet-1.9.4.tgz") in message


def test_one_numbered_marker_per_stop_with_an_accessible_name(example_map):
    html, plan = example_map
    group = plan.groups[0]
    data = page_data(html)
    assert len(data["stops"]) == 9  # the return to the start gets no second marker
    names = dict(zip(plan.stops["id"], plan.stops["naam"], strict=True))
    for stop, visit in zip(data["stops"], group.visits[:-1], strict=True):
        assert stop["n"] == visit.number
        assert stop["label"] == f"Stop {visit.number}: {names[visit.stop_id]}, {visit.arrive:%H:%M}"
        assert (stop["arrive"], stop["depart"]) == (
            visit.arrive.hour * 60 + visit.arrive.minute,
            visit.depart.hour * 60 + visit.depart.minute,
        )
    assert data["stops"][0]["label"] == "Stop 1: Buurthuis De Brug, 14:00"
    assert data["colour"] == GROUP_COLOURS[0]
    back = group.visits[-1]
    assert data["end_at"] == f"{back.arrive:%H:%M}"


def test_route_is_one_line_within_one_metre_of_the_walked_streets(example_map):
    html, plan = example_map
    drawn = page_data(html)["route"]
    walked = []
    for leg in plan.groups[0].legs:
        part = list(leg.geometry.coords)
        walked.extend(part if not walked else part[1:])
    crs = local_metric_crs(*walked[0])
    to_metric = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    walked_m = LineString(np.column_stack(to_metric.transform(*np.asarray(walked).T)))
    lat, lon = np.asarray(drawn).T
    drawn_m = LineString(np.column_stack(to_metric.transform(lon, lat)))
    off = shapely.hausdorff_distance(walked_m, drawn_m, densify=0.05)
    assert off <= 1.0  # what the participant is promised: within a metre of the streets
    assert off <= ROUTE_TOLERANCE_M + 0.05  # the simplifier's tolerance, plus rounding
    assert len(drawn) < len(walked)  # simplified: fewer points
    arrows = page_data(html)["arrows"]
    assert len(arrows) >= 5
    assert all(0 <= a[2] < 360 for a in arrows)


def test_list_under_the_map_has_every_stop_its_time_story_and_links(example_map):
    html, plan = example_map
    body = html.split('<ol class="stop-list">', 1)[1].split("</ol>", 1)[0]
    assert body.count('<li id="stop-') == 9
    assert '<span class="nr" aria-hidden="true">1</span> <span>Buurthuis De Brug</span>' in body
    assert "14:00 tot 14:15</span> · buurthuis" in body
    assert "Lopen:" in body
    back = plan.groups[0].visits[-1]
    assert f"Terug bij Buurthuis De Brug om {back.arrive:%H:%M}." in html
    assert '<div class="story story-nl" lang="nl">' in body
    assert '<details data-lang="en" lang="en" dir="ltr"><summary>English</summary>' in body
    assert body.count("Open in uw kaart-app") == 9
    assert "https://www.google.com/maps/dir/?api=1&amp;destination=52.074320%2C5.089550" in body
    # above the list, for a browser without JavaScript
    assert (
        '<p class="nojs-note">De kaart werkt niet in deze browser (JavaScript staat uit).' in html
    )


def test_the_page_carries_its_texts_in_each_language(example_map):
    html, _ = example_map
    data = page_data(html)
    assert set(data["ui"]) >= {"nl", "en"}
    assert data["ui"]["nl"]["now_today"] == "Vandaag om {time} bij {name}."
    assert data["ui"]["en"]["now_today"] == "Today at {time} at {name}."
    assert data["ui"]["en"]["locate"] == "Where am I?"
    assert set(data["ui"]["nl"]) == set(data["ui"]["en"])
    # the switch offers the page's languages and the stories' languages
    assert 'data-lang="en" lang="en" aria-pressed="false">English</button>' in html
    assert 'data-t="when" data-v="{&#34;arrive&#34;: &#34;14:00&#34;' in html


def test_tiles_are_an_opt_in_layer_and_the_page_says_who_sees_what(example_plan, graph):
    html = map_html(example_plan, basemap=graph, tiles="pdok")
    data = page_data(html)
    assert data["tiles"]["url"].startswith(
        "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/"
    )
    assert data["basemap"]["layers"]["streets"]  # the drawn map stays under the tiles
    assert (
        "De kaartbeelden komen van service.pdok.nl. Die server ziet het internetadres van uw"
        " telefoon." in html
    )
    assert "tile.openstreetmap.org" not in html
    osm = page_data(map_html(example_plan, basemap="osm"))  # the old meaning of basemap=
    assert osm["tiles"]["url"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    with pytest.raises(SafariError, match="achtergrondkaart 'google'"):
        map_html(example_plan, tiles="google")


def test_leaders_page_has_a_banner_and_asks_not_to_be_indexed(example_plan):
    html = map_html(example_plan, banner="Niet openbaar", noindex=True)
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert '<p class="banner" role="note">Niet openbaar</p>' in html


def test_a_private_visit_is_an_area_without_exact_place_or_navigation(graph, tmp_path):
    """What safari.audience hands over for a host without consent: the centre of an area."""
    stops = tmp_path / "stops.csv"
    stops.write_text(
        "id;naam;lat;lon;verhaal;toestemming\n"
        "a;Buurthuis De Brug;52,07432;5,08955;Welkom;ja\n"
        "b;Stichting Zonder Toestemming;52,07519;5,09384;Geheim;nee\n",
        encoding="utf-8",
    )
    from safari.audience import AREA_RADIUS_M, view

    plan = view(make_plan(stops, graph), "participant")
    html = map_html(plan)
    assert "Zonder Toestemming" not in html
    assert "Geheim" not in html
    data = page_data(html)
    by_name = {s["name"]: s for s in data["stops"]}
    private = by_name["Niet-openbare plek (de begeleider vertelt meer)"]
    assert private["area"] == AREA_RADIUS_M
    assert "area" not in by_name["Buurthuis De Brug"]
    item = html.split(f'<li id="{private["target"]}"', 1)[1].split("</li>", 1)[0]
    assert "Open in uw kaart-app" not in item
    assert "data-lat" not in item
    body = html.split('<ol class="stop-list">', 1)[1].split("</ol>", 1)[0]
    assert body.count("Open in uw kaart-app") == 1


def test_a_plain_stops_file_gets_the_title_given(graph, tmp_path):
    from typer.testing import CliRunner

    from safari.cli import app

    stops = tmp_path / "stops.csv"
    stops.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "kaarten"
    # --json: the maps as always, no PDFs (this test reads the map's title only)
    args = ["plan", str(stops), "--network", str(KANALENEILAND), "--output", str(out), "--json"]
    done = CliRunner().invoke(app, [*args, "--title", "Safari Kanaleneiland", "--offline"])
    assert done.exit_code == 0, done.output
    html = (out / "openbaar" / "kaart.html").read_text(encoding="utf-8")
    assert "<title>Safari Kanaleneiland</title>" in html
    assert page_data(html)["basemap"]["layers"]["streets"]
    done = CliRunner().invoke(app, args)
    page = (out / "openbaar" / "kaart.html").read_text(encoding="utf-8")
    assert "<title>Wijksafari</title>" in page
    assert (out / "openbaar" / "sw.js").is_file()


def test_contact_details_never_reach_the_map(graph, tmp_path):
    stops = tmp_path / "stops.csv"
    stops.write_text(
        "id;naam;lat;lon;contactpersoon;telefoon;email;ingediend_door;geheim\n"
        "a;Buurthuis De Brug;52,07432;5,08955;Fatima Geheim;06-12345678;fatima@example.org;"
        "Club Geheim;Geheim veld\n"
        "b;Taalcafé Welkom;52,07519;5,09384;Jan Geheim;030-1234567;jan@example.org;;\n",
        encoding="utf-8",
    )
    html, plan = make_map(stops, graph, tmp_path)
    overview = overview_html(plan)
    for page in (html, overview):
        for secret in ("Geheim", "06-12345678", "030-1234567", "example.org"):
            assert secret not in page


def test_the_same_plan_gives_the_same_overview_file(graph, tmp_path):
    """branca names its elements at random; the overview numbers them, so files repeat."""
    stops = tmp_path / "stops.csv"
    stops.write_text(
        "id;naam;lat;lon\na;Buurthuis De Brug;52,07432;5,08955\n"
        "b;Taalcafé Welkom;52,07519;5,09384\n",
        encoding="utf-8",
    )
    _html, plan = make_map(stops, graph, tmp_path)
    first, second = overview_html(plan), overview_html(plan)
    assert first == second
    assert "map_00000000000000000000000000000001" in first


def test_a_host_without_consent_is_a_private_visit_on_participants_maps(graph, tmp_path):
    """The walk still goes there, but only the organiser's overview names the host."""
    from safari.export import gpx_bytes

    stops = tmp_path / "stops.csv"
    stops.write_text(
        "id;naam;lat;lon;verhaal;toestemming\n"
        "a;Buurthuis De Brug;52,07432;5,08955;Welkom;ja\n"
        "b;Stichting Zonder Toestemming;52,07519;5,09384;Ons verhaal blijft binnen;nee\n",
        encoding="utf-8",
    )
    html, plan = make_map(stops, graph, tmp_path)
    gpx = gpx_bytes(plan).decode("utf-8")
    for page in (html, gpx):
        assert "Zonder Toestemming" not in page
        assert "Ons verhaal blijft binnen" not in page
    assert "Niet-openbare plek (de begeleider vertelt meer)" in html
    assert gpx.count("<wpt ") == 1  # no waypoint for a private visit (safari.audience)
    assert "Buurthuis De Brug" in html
    assert "Stichting Zonder Toestemming" in overview_html(plan)


def test_only_https_links_are_shown_and_photos_load_on_request(graph, tmp_path):
    stops = tmp_path / "links.csv"
    stops.write_text(
        "id;naam;lat;lon;foto;audio;website;verhaal\n"
        "a;De Brug;52,07432;5,08955;https://foto.example/brug.jpg;http://oud.example/a.mp3;"
        'www.debrug.nl;"Kijk: <img src=""https://foto.example/zaal.jpg"" alt=""De zaal"">"\n'
        "b;Welkom;52,07519;5,09384;fotos/welkom.jpg;https://geluid.example/w.mp3;;\n",
        encoding="utf-8",
    )
    html, _ = make_map(stops, graph, tmp_path)
    body = html.split('<ol class="stop-list">', 1)[1]
    assert (
        '<a class="photo-link" data-photo data-alt="Foto bij De Brug" '
        'href="https://foto.example/brug.jpg" data-t="photo">Foto bekijken</a>'
    ) in body
    assert 'href="https://www.debrug.nl"' in body  # read_stops made it https
    assert "oud.example" not in html  # http:// is not shown
    assert "fotos/welkom.jpg" not in html  # a local file is not a web address
    assert 'href="https://geluid.example/w.mp3"' in body
    # a picture in a story is a link until tapped: the page requests nothing by itself
    assert "<img" not in body
    assert 'data-alt="De zaal" href="https://foto.example/zaal.jpg">Foto bekijken: De zaal' in body


ATTACKS = [
    "<script>alert('naam')</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(2)">klik</a>',
    "back`tick`",
    "${alert(3)}",
    "back\\slash",
    "</script><script>alert(4)</script>",
    '<a href="\x0bjavascript:alert(5)">vt</a>',
]


def test_stories_from_the_public_render_as_harmless_text(graph, tmp_path):
    story = " ".join(ATTACKS)
    name = "Club <script>alert(6)</script> `${x}` \\"
    stops = tmp_path / "aanval.csv"
    rows = [
        "id;naam;lat;lon;verhaal;verhaal_en",
        f'a;"{name}";52,07432;5,08955;"{story}";"{story}"',
        'b;Taalcafé Welkom;52,07519;5,09384;"Gewoon <em>een</em> verhaal";',
    ]
    stops.write_text("\n".join(rows) + "\n", encoding="utf-8")
    html, _ = make_map(stops, graph, tmp_path)

    # nothing executable survives anywhere in the page
    ours = without_leaflet(html)
    for bad in ("<script>alert", "onerror=", "javascript:", "${alert", "<img"):
        assert bad not in ours, bad
    # the stop's name reaches the script only as a JSON string, as plain text
    assert page_data(html)["stops"][0]["label"] == "Stop 1: Club  `${x}` \\, 14:00"
    # no template literal in any script of ours
    for script in re.findall(r"<script>(.*?)</script>", ours, flags=re.DOTALL):
        assert "`" not in script
    # the text is still there for people to read, as entities
    assert "back&#96;tick&#96;" in html
    assert "&#36;{alert(3)}" in html
    assert "back&#92;slash" in html
    assert "Gewoon <em>een</em> verhaal" in html


# --- the basemap -----------------------------------------------------------------------------


@pytest.mark.parametrize("extract", [AMSTERDAM, DELFT], ids=["amsterdam", "delft"])
def test_an_osm_file_gives_every_layer_clipped_around_the_route(extract):
    stops = read_stops(AMSTERDAM_STOPS if extract == AMSTERDAM else DELFT_STOPS)
    points = [(p.x, p.y) for p in stops.geometry]
    basemap = read_basemap(extract, around=points)
    counts = basemap.counts()
    for layer in ("streets", "paths", "water", "buildings", "green", "roads"):
        assert counts[layer] > 0, layer
    assert counts["buildings"] > 1000
    assert counts["labels"] > 50
    # clipped: nothing lies outside the stops' box plus the margin (300 m, with 1 m slack)
    lons, lats = np.asarray(points).T
    west, south, east, north = basemap.box
    assert west < lons.min()
    assert east > lons.max()
    assert south < lats.min()
    assert north > lats.max()
    every = np.concatenate(basemap.lines(*LAYERS))
    assert every[:, 0].min() >= west - 2e-5
    assert every[:, 0].max() <= east + 2e-5
    assert every[:, 1].min() >= south - 2e-5
    assert every[:, 1].max() <= north + 2e-5
    page = json.dumps(basemap.to_page(), separators=(",", ":"))
    assert len(page) < 200_000


def test_street_names_are_labels_along_the_street(amsterdam):
    _, plan = amsterdam
    basemap = read_basemap(AMSTERDAM, around=[(p.x, p.y) for p in plan.stops.geometry])
    names = {label[3] for label in basemap.labels}
    assert {"Nieuwmarkt", "Kloveniersburgwal", "Zeedijk"} <= names
    assert all(-90 <= label[2] <= 90 for label in basemap.labels)  # never upside down


def test_streets_of_a_saved_graph_lie_within_one_metre_of_the_network(graph):
    network = network_of(graph)
    basemap = read_basemap(graph)
    counts = basemap.counts()
    assert counts["streets"] + counts["paths"] > 1000
    assert counts["buildings"] == counts["water"] == 0  # a graph has streets only
    assert {"Adenauerlaan", "Afrikalaan"} <= {label[3] for label in basemap.labels}
    crs = local_metric_crs(*network.coords[0])
    to_metric = Transformer.from_crs("EPSG:4326", crs, always_xy=True)

    def metric(lines):
        return shapely.MultiLineString(
            [np.column_stack(to_metric.transform(*np.asarray(c).T)) for c in lines]
        )

    source = metric(network.edge_coords(e) for e in range(network.number_of_edges()))
    drawn = metric(basemap.lines("streets", "paths", "roads"))
    # both ways: every drawn point near the network, every network point near the drawing
    drawn_points = shapely.points(shapely.get_coordinates(drawn))
    source_points = shapely.points(shapely.get_coordinates(shapely.segmentize(source, 2.0)))

    def farthest(points, lines) -> float:
        """The largest distance from a point to its nearest line (an R-tree finds it)."""
        tree = shapely.STRtree(shapely.get_parts(lines))
        return float(tree.query_nearest(points, return_distance=True)[1].max())

    assert farthest(drawn_points, source) <= 1.0
    assert farthest(source_points, drawn) <= 1.0


def test_the_encoding_is_exact_compact_and_safe_in_a_script():
    line = np.array([[0, 0], [3, -2], [1000, 250], [-70000, 12], [-70000, 13]])
    text = encode(line)
    assert (decode(text) == line).all()
    assert all(63 <= ord(ch) <= 126 for ch in text)  # no <, quote or space: safe anywhere
    assert len(text) < 30
    assert QUANTUM_M <= 0.5


def test_the_basemap_is_cached_by_the_files_content(shared_cache, tmp_path):
    points = [(4.9001, 52.3726), (4.9020, 52.3724)]
    first = read_basemap(AMSTERDAM, around=points)
    cached = list((shared_cache / "basemaps").glob("basemap-*.json"))
    assert cached
    again = read_basemap(AMSTERDAM, around=points)
    assert again.counts() == first.counts()
    assert json.dumps(again.to_page()) == json.dumps(first.to_page())
    copy = tmp_path / "zelfde.osm.gz"  # same content, other name: the same cache file
    copy.write_bytes(AMSTERDAM.read_bytes())
    read_basemap(copy, around=points)
    assert len(list((shared_cache / "basemaps").glob("basemap-*.json"))) == len(cached)


def test_route_and_markers_stand_out_against_every_basemap_colour():
    """Contrast >= 3:1 (WCAG 1.4.11) for each group colour against every basemap colour."""
    from safari.basemap import contrast

    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    for colour in GROUP_COLOURS:
        for name, ground in COLOURS.items():
            assert contrast(colour, ground) >= 3.0, (colour, name)
        assert contrast(colour, "#ffffff") >= 4.5  # the white number on the marker


def test_the_amsterdam_page_stays_small(amsterdam):
    _, plan = amsterdam
    html = map_html(plan, basemap=AMSTERDAM)
    assert len(html.encode("utf-8")) <= 600_000
    layers = page_data(html)["basemap"]["layers"]
    assert len(layers["buildings"]) > 1000
    assert layers["water"]


def test_the_handout_and_the_form_draw_from_the_same_basemap(amsterdam, tmp_path):
    from safari.export import route_svg
    from safari.form import Privacy, streets_of, write_form

    graph, plan = amsterdam
    basemap = read_basemap(AMSTERDAM, around=[(p.x, p.y) for p in plan.stops.geometry])
    svg = route_svg(plan, basemap=basemap)
    for layer in ("water", "buildings", "green"):
        assert f'<path fill="{COLOURS[layer]}" fill-rule="evenodd" d="M' in svg, layer
    assert f'stroke="{COLOURS["street_edge"]}"' in svg
    # from the walking graph alone: the same module draws its streets, no water
    streets_only = route_svg(plan, graph)
    assert f'stroke="{COLOURS["street_edge"]}" stroke-width="5"' in streets_only
    assert COLOURS["water"] not in streets_only
    # the form: every street, road and path of the OSM file, from the same basemap
    whole = read_basemap(AMSTERDAM)
    form = streets_of(AMSTERDAM)
    assert len(form["lines"]) == len(whole.lines("roads", "streets", "paths")) > 500
    privacy = Privacy(organiser="Gemeente Amsterdam", contact="wijk@example.org", keep_days=30)
    page = write_form(AMSTERDAM, tmp_path, privacy=privacy).read_text(encoding="utf-8")
    assert "const STREETS = " in page


# --- the overview and the notebook -----------------------------------------------------------


def test_to_folium_shows_the_plan_in_a_notebook(example_plan, graph):
    stops = example_plan.stops
    other = plan_safari(stops, walking_matrix(graph, stops), start="samen-sterk")
    other.groups[0].name = "Groep {{ 6*7 }}"
    plan = Plan(groups=[example_plan.groups[0], other.groups[0]], stops=stops)
    fmap = to_folium(plan)
    assert isinstance(fmap, folium.Map)
    notebook = fmap._repr_html_()  # what Jupyter shows inline
    page = fmap.get_root().render()
    assert page.count("L.polyline(") == 2
    assert page.count("L.circleMarker(") == 18
    assert "Stop 1: Buurthuis De Brug, 14:00" in page
    assert "Groep {{ 6*7 }}" in page
    assert "Groep 42" not in page
    assert "iframe" in notebook
    same = plan.to_folium()
    assert isinstance(same, folium.Map)
    assert same.get_root().render().count("L.circleMarker(") == 18


def test_overview_has_a_layer_per_group_the_schedule_and_the_warnings(example_plan, graph):
    stops = example_plan.stops
    other = plan_safari(stops, walking_matrix(graph, stops), start="samen-sterk")
    other.groups[0].name = "Groep <b>2</b>"
    plan = Plan(
        groups=[example_plan.groups[0], other.groups[0]],
        stops=stops,
        warnings=["Stop 'x' <script>alert(1)</script> ligt ver van de straat."],
    )
    html = overview_html(plan)
    assert html.count("L.featureGroup(") == 2
    assert html.count("L.control.layers(") == 1
    assert len(group_data(html)) == 2
    assert "<b>2</b>" not in html
    assert "<script>alert(1)" not in html
    assert "Stop &#39;x&#39; &lt;script&gt;alert(1)&lt;/script&gt; ligt ver" in html
    assert html.count('<li id="g1-stop-') == 9
    assert html.count('<li id="g2-stop-') == 9
    assert "Per stop: wanneer komt welke groep" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_template_syntax_in_texts_is_never_run_on_the_organisers_computer(graph, tmp_path):
    """branca compiles a rendered macro as a new template; our elements never let it."""
    stops = tmp_path / "jinja.csv"
    stops.write_text(
        "id;naam;lat;lon;verhaal\n"
        'a;"Club {{ 7*7 }} {% raw %}";52,07432;5,08955;"{{ cycler.__init__ }}"\n'
        "b;Taalcafé Welkom;52,07519;5,09384;Koffie.\n",
        encoding="utf-8",
    )
    plan = make_plan(stops, graph)
    plan.groups[0].name = "Groep {{ 6*7 }} {% endraw %}"
    html = map_html(plan)
    assert page_data(html)["stops"][0]["label"] == "Stop 1: Club {{ 7*7 }} {% raw %}, 14:00"
    assert "{{ cycler.__init__ }}" in html
    overview = overview_html(plan)
    (data,) = group_data(overview)
    assert data["name"] == "Groep {{ 6*7 }} {% endraw %}"
    assert "Groep {{ 6*7 }} {% endraw %}" in overview
