"""A participant opens the map on a phone: what the HTML page shows them.

(The real-browser checks come with the participant-map issue; here we read the page.)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from safari.network import walking_graph
from safari.render import render_map
from safari.routing import walking_matrix
from safari.stops import read_stops
from safari.tour import plan_safari

ROOT = Path(__file__).resolve().parent.parent
KANALENEILAND = ROOT.parent / "shared" / "osm" / "nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2"
EXAMPLE = ROOT / "data" / "voorbeeld" / "stops.csv"


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("SAFARI_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    yield walking_graph(KANALENEILAND)
    mp.undo()


def make_map(stops_file: Path, graph, out: Path, **options) -> tuple[str, object]:
    stops = read_stops(stops_file)
    plan = plan_safari(stops, walking_matrix(graph, stops), **options)
    html = render_map(plan, out / "kaart.html", title="Wijksafari Kanaleneiland").read_text(
        encoding="utf-8"
    )
    return html, plan


@pytest.fixture(scope="module")
def example_map(graph, tmp_path_factory):
    return make_map(EXAMPLE, graph, tmp_path_factory.mktemp("kaarten"), start="buurthuis-de-brug")


def test_page_is_dutch_and_may_be_zoomed(example_map):
    html, _ = example_map
    assert html.startswith('<!DOCTYPE html>\n<html lang="nl">')
    viewports = re.findall(r'<meta name="viewport"[^>]*>', html)
    assert viewports == ['<meta name="viewport" content="width=device-width, initial-scale=1">']
    assert "user-scalable=no" not in html
    assert "<title>Wijksafari Kanaleneiland</title>" in html


def test_one_numbered_marker_per_stop_with_an_accessible_name(example_map):
    html, plan = example_map
    group = plan.groups[0]
    assert html.count("L.marker(") == 9  # the return to the start gets no second marker
    names = dict(zip(plan.stops["id"], plan.stops["naam"], strict=True))
    for visit in group.visits[:-1]:
        label = f"Stop {visit.number}: {names[visit.stop_id]}, {visit.arrive:%H:%M}"
        assert f'"title": {json.dumps(label)}' in html, label
    # the first stop is the start, at the start time
    assert '"title": "Stop 1: Buurthuis De Brug, 14:00"' in html
    assert 'keyboard": true' in html


def test_popup_shows_name_time_and_story(example_map):
    html, plan = example_map
    second = plan.groups[0].visits[1]
    name = plan.stops.set_index("id").loc[second.stop_id, "naam"]
    popups = re.findall(r"\$\(`(.*?)`\)\[0\]", html, flags=re.S)
    assert len(popups) == 9
    first = next(p for p in popups if name in p)
    assert f"{second.arrive:%H:%M} tot {second.depart:%H:%M}" in first
    assert "Samen Sterk begon in 1994" in "".join(popups)
    assert "<strong>Vraag naar het spreekuur op dinsdag.</strong>" in "".join(popups)


def test_route_is_one_line_and_the_map_has_locate_and_attribution(example_map):
    html, _ = example_map
    assert html.count("L.polyline(") == 1
    assert "Waar ben ik?" in html
    assert "OpenStreetMap</a> contributors" in html
    assert "&copy;" in html


def test_plain_list_under_the_map_works_without_javascript(example_map):
    html, plan = example_map
    body = html.split('<ol class="stop-list">', 1)[1].split("</ol>", 1)[0]
    assert body.count('<li id="stop-') == 9
    assert '<h3><span class="nr" aria-hidden="true">1</span> Buurthuis De Brug</h3>' in body
    assert "14:00 tot 14:15 · buurthuis" in body
    assert "Lopen:" in body
    back = plan.groups[0].visits[-1]
    assert f"Terug bij Buurthuis De Brug om {back.arrive:%H:%M}." in html
    assert '<details lang="en" dir="ltr">' in body


def test_contact_details_never_reach_the_map(graph, tmp_path):
    stops = tmp_path / "stops.csv"
    stops.write_text(
        "id;naam;lat;lon;contactpersoon;telefoon;email\n"
        "a;Buurthuis De Brug;52,07432;5,08955;Fatima Geheim;06-12345678;fatima@example.org\n"
        "b;Taalcafé Welkom;52,07519;5,09384;Jan Geheim;030-1234567;jan@example.org\n",
        encoding="utf-8",
    )
    html, _ = make_map(stops, graph, tmp_path)
    for secret in ("Geheim", "06-12345678", "030-1234567", "example.org"):
        assert secret not in html


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
    for bad in ("<script>alert", "onerror", "javascript:", "${alert"):
        assert bad not in html, bad
    # the marker's accessible name is plain text in a JSON string ("..."), never a template
    for line in html.splitlines():
        if "${x}" in line:
            assert line.strip().startswith(('"title": "Stop 1: Club', '"alt": "Stop 1: Club'))
    # inside folium's JavaScript template literals no backtick, ${ or backslash is raw
    for literal in re.findall(r"\$\(`(.*?)`\)\[0\]", html, flags=re.S):
        assert "`" not in literal
        assert "${" not in literal
        assert "\\" not in literal
    # the text is still there for people to read, as entities
    assert "back&#96;tick&#96;" in html
    assert "&#36;{alert(3)}" in html
    assert "back&#92;slash" in html
    assert "Gewoon <em>een</em> verhaal" in html


def test_without_javascript_the_phone_still_shows_every_stop(example_map, tmp_path, browser):
    """In a real browser with JavaScript off, the list gives every stop, time and story."""
    html, _ = example_map
    page_file = tmp_path / "kaart.html"
    page_file.write_text(html, encoding="utf-8")
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    context.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
    )
    page = context.new_page()
    page.goto(page_file.as_uri())
    items = page.locator("ol.stop-list > li")
    assert items.count() == 9
    first = items.first.inner_text()
    assert "Buurthuis De Brug" in first
    assert "14:00 tot 14:15" in first
    assert "Welkom! Hier begint de safari." in first
    assert page.locator("html").get_attribute("lang") == "nl"
    context.close()
