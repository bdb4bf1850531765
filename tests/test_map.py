"""A participant opens the map on a phone: what the HTML page holds.

These tests read the page as text; tests/test_browser.py opens it in a real browser.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import LineString

from safari import assets
from safari._errors import SafariError
from safari._geometry import ROUTE_TOLERANCE_M, local_metric_crs
from safari.plan import Plan
from safari.render import (
    GROUP_COLOURS,
    map_html,
    overview_html,
    render_map,
)
from safari.routing import walking_matrix
from safari.stops import read_stops
from safari.tour import plan_safari

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "safari" / "data" / "voorbeeld" / "stops.csv"


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory):
    """One cache for this module: Leaflet is fetched (and verified) once, not per test."""
    return tmp_path_factory.mktemp("safari-cache-map")


@pytest.fixture(autouse=True)
def _safari_cache_dir(shared_cache, monkeypatch):
    monkeypatch.setenv("SAFARI_CACHE_DIR", str(shared_cache))


def make_plan(stops_file: Path, graph, **options) -> Plan:
    stops = read_stops(stops_file)
    return plan_safari(stops, walking_matrix(graph, stops), **options)


def make_map(stops_file: Path, graph, out: Path, **options) -> tuple[str, Plan]:
    plan = make_plan(stops_file, graph, **options)
    html = render_map(plan, out / "kaart.html", title="Wijksafari Kanaleneiland").read_text(
        encoding="utf-8"
    )
    return html, plan


@pytest.fixture(scope="module")
def example_plan(graph):
    return make_plan(EXAMPLE, graph, start="buurthuis-de-brug")


@pytest.fixture(scope="module")
def example_map(example_plan, tmp_path_factory):
    out = tmp_path_factory.mktemp("kaarten")
    html = render_map(example_plan, out / "kaart.html", title="Wijksafari Kanaleneiland")
    return html.read_text(encoding="utf-8"), example_plan


def group_data(html: str) -> list[dict]:
    """The JSON each group's layer gets: numbers, places and labels of the markers."""
    return [json.loads(m) for m in re.findall(r"safari\.addGroup\([^,]+, [^,]+, (\{.*\})\);", html)]


def drawn_routes(html: str) -> list[list[list[float]]]:
    return [json.loads(m) for m in re.findall(r"L\.polyline\(\s*(\[\[.*?\]\])", html, flags=re.S)]


def test_page_is_dutch_and_may_be_zoomed(example_map):
    html, _ = example_map
    assert html.startswith('<!DOCTYPE html>\n<html lang="nl">')
    viewports = re.findall(r'<meta name="viewport"[^>]*>', html)
    assert viewports == ['<meta name="viewport" content="width=device-width, initial-scale=1">']
    assert "user-scalable" not in html
    assert "maximum-scale" not in html
    assert "<title>Wijksafari Kanaleneiland</title>" in html


def test_default_page_loads_only_leaflet_from_one_cdn_with_integrity(example_map):
    html, _ = example_map
    scripts = re.findall(r"<script[^>]*\bsrc=[^>]*>", html)
    styles = re.findall(r"<link[^>]*>", html)
    assert len(scripts) == 1 and len(styles) == 1
    for tag, path in ((scripts[0], "dist/leaflet.js"), (styles[0], "dist/leaflet.css")):
        url = assets.cdn_url(assets.LEAFLET, path)
        assert url == f"https://cdn.jsdelivr.net/npm/leaflet@1.9.4/{path}"
        assert f'"{url}"' in tag
        assert f'integrity="{assets.LEAFLET.file(path).sri}"' in tag
        assert 'crossorigin="anonymous"' in tag
    for unwanted in ("jquery", "bootstrap", "fontawesome", "awesome-markers", "glyphicons"):
        assert unwanted not in html.lower(), unwanted


def test_pinned_hashes_match_the_verified_npm_tarball():
    """The SRI hashes in the code are those of the files in leaflet's npm tarball."""
    tgz = assets.tarball(assets.LEAFLET)
    assert assets.integrity(tgz.read_bytes()) == assets.LEAFLET.integrity
    for file in assets.LEAFLET.files:
        data = assets.read_file(assets.LEAFLET, file.path)
        assert assets.integrity(data, "sha384") == file.sri


def test_a_tampered_tarball_in_the_cache_is_never_used(shared_cache, tmp_path, monkeypatch):
    monkeypatch.setenv("SAFARI_CACHE_DIR", str(tmp_path))
    (tmp_path / "npm").mkdir()
    bad = tmp_path / "npm" / assets.LEAFLET.tarball_name
    bad.write_bytes(b"not leaflet")
    monkeypatch.setenv("PATH", str(tmp_path / "no-npm-here"))  # and no npm to fetch it again
    with pytest.raises(SafariError, match="npm"):
        assets.page_assets(offline=True)


def test_offline_page_has_everything_inline(example_plan):
    html = map_html(example_plan, offline=True)
    assert not re.search(r"<script[^>]*\bsrc=", html)
    assert not re.search(r"<link\b", html)
    assert "cdn.jsdelivr.net" not in html
    assert "Leaflet 1.9.4" in html  # the library itself
    assert "sourceMappingURL" not in html
    assert "url(images/" not in html  # Leaflet's control images are data URIs
    # every address left in the page (Leaflet's comments aside): tiles and links to tap
    leaflet = assets.read_file(assets.LEAFLET, "dist/leaflet.js").decode()
    ours = html.replace(leaflet.split("//# sourceMappingURL")[0].strip(), "")
    assert len(ours) < len(html) - 100_000
    ours = re.sub(r"/\*.*?\*/", "", ours, flags=re.S)  # comments in Leaflet's CSS
    hosts = set(re.findall(r"https://([^/\"'\s)]+)", ours))
    assert hosts <= {
        "tile.openstreetmap.org",
        "www.openstreetmap.org",
        "www.google.com",
        "maps.apple.com",
        "leafletjs.com",
        "github.com",
        "www.w3.org",
        "www.kadaster.nl",
    }, hosts


def test_one_numbered_marker_per_stop_with_an_accessible_name(example_map):
    html, plan = example_map
    group = plan.groups[0]
    (data,) = group_data(html)
    assert len(data["stops"]) == 9  # the return to the start gets no second marker
    names = dict(zip(plan.stops["id"], plan.stops["naam"], strict=True))
    for stop, visit in zip(data["stops"], group.visits[:-1], strict=True):
        assert stop["n"] == visit.number
        assert stop["label"] == f"Stop {visit.number}: {names[visit.stop_id]}, {visit.arrive:%H:%M}"
    assert data["stops"][0]["label"] == "Stop 1: Buurthuis De Brug, 14:00"
    assert data["colour"] == GROUP_COLOURS[0]


def test_route_is_one_line_within_one_metre_of_the_walked_streets(example_map):
    html, plan = example_map
    (drawn,) = drawn_routes(html)
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
    # the direction: arrows along the line
    (data,) = group_data(html)
    assert len(data["arrows"]) >= 5
    assert all(0 <= a[2] < 360 for a in data["arrows"])


def test_list_under_the_map_has_every_stop_its_time_story_and_links(example_map):
    html, plan = example_map
    body = html.split('<ol class="stop-list">', 1)[1].split("</ol>", 1)[0]
    assert body.count('<li id="stop-') == 9
    assert '<span class="nr" aria-hidden="true">1</span> <span>Buurthuis De Brug</span>' in body
    assert "14:00 tot 14:15 · buurthuis" in body
    assert "Lopen:" in body
    back = plan.groups[0].visits[-1]
    assert f"Terug bij Buurthuis De Brug om {back.arrive:%H:%M}." in html
    assert '<div class="story story-nl" lang="nl">' in body
    assert '<details data-lang="en" lang="en" dir="ltr"><summary>English</summary>' in body
    assert body.count("Navigeer hierheen") == 9
    assert "https://www.google.com/maps/dir/?api=1&amp;destination=52.074320%2C5.089550" in body


def test_map_has_locate_next_stop_sheet_language_switch_and_attribution(example_map):
    html, _ = example_map
    assert "Waar ben ik?" in html
    assert 'id="sheet"' in html and "Volgende stop" in html
    assert 'id="now"' in html
    assert '<div class="lang-switch" role="group"' in html
    assert 'data-lang="en" lang="en" aria-pressed="false">English</button>' in html
    assert "OpenStreetMap</a>-bijdragers" in html
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in html


def test_pdok_basemap(example_plan):
    html = map_html(example_plan, basemap="pdok")
    assert "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/" in html
    assert "tile.openstreetmap.org" not in html
    assert "Kadaster" in html
    with pytest.raises(SafariError, match="achtergrondkaart 'google'"):
        map_html(example_plan, basemap="google")


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
        assert "Besloten bezoek (de begeleider vertelt meer)" in page
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
        'href="https://foto.example/brug.jpg">Foto bekijken</a>'
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
    for bad in ("<script>alert", "onerror=", "javascript:", "${alert", "<img"):
        assert bad not in html, bad
    # the stop's name reaches the script only as a JSON string, as plain text
    (data,) = group_data(html)
    assert data["stops"][0]["label"] == "Stop 1: Club  `${x}` \\, 14:00"
    # no template literal in any script of ours
    for script in re.findall(r"<script>(.*?)</script>", html, flags=re.S):
        if "Leaflet" in script[:300]:
            continue
        assert "`" not in script.replace("`${x}`", "")
    # the text is still there for people to read, as entities
    assert "back&#96;tick&#96;" in html
    assert "&#36;{alert(3)}" in html
    assert "back&#92;slash" in html
    assert "Gewoon <em>een</em> verhaal" in html


def test_another_group_gets_its_own_colour_and_order(example_plan, graph, tmp_path):
    stops = example_plan.stops
    other = plan_safari(stops, walking_matrix(graph, stops), start="samen-sterk")
    other.groups[0].name = "Groep 2"
    plan = Plan(groups=[example_plan.groups[0], other.groups[0]], stops=stops)
    html = map_html(plan, group=1)
    (data,) = group_data(html)
    assert data["colour"] == GROUP_COLOURS[1]
    assert data["stops"][0]["label"].startswith("Stop 1: Vrouwenvereniging Samen Sterk")
    assert '<p class="group-name">Groep 2</p>' in html
    with pytest.raises(ValueError, match="group 2 does not exist"):
        map_html(plan, group=2)


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
    assert len(drawn_routes(html)) == 2
    # the group name reaches the layer control as escaped text
    assert "Groep &amp;lt;b&amp;gt;2&amp;lt;/b&amp;gt;" not in html  # not escaped twice
    assert '"\\u003cspan class=\\"swatch\\"' in html or "Groep &lt;b&gt;2&lt;/b&gt;" in html
    assert "<b>2</b>" not in html
    assert "<script>alert(1)" not in html
    assert "Stop &#39;x&#39; &lt;script&gt;alert(1)&lt;/script&gt; ligt ver" in html
    assert html.count('<li id="g1-stop-') == 9 and html.count('<li id="g2-stop-') == 9
    assert "Per stop: wanneer komt welke groep" in html


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
    (data,) = group_data(html)
    assert data["stops"][0]["label"] == "Stop 1: Club {{ 7*7 }} {% raw %}, 14:00"
    assert "{{ cycler.__init__ }}" in html
    overview = overview_html(plan)
    (data,) = group_data(overview)
    assert data["name"] == "Groep {{ 6*7 }} {% endraw %}"
    assert "Groep {{ 6*7 }} {% endraw %}" in overview
