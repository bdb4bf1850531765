"""Page weight and first render of the participant's map; and folium's page for comparison.

Run from the repository root::

    python benchmarks/run.py            # the other benchmark (speed)
    python benchmarks/page_weight.py    # this one; writes benchmarks/page-weight-latest.md

**Part 1, the drawn basemap** (issue 9): the default participant page (one self-contained
file: Leaflet, safari's JS/CSS, the basemap drawn from the OSM extract, the stories) for
the Amsterdam Nieuwmarkt extract and the Delft 2025 bbox extract, 12 stops each
(``tests/data/``), one group. Bytes in total and split (Leaflet, safari JS/CSS, basemap,
stories, the rest); the requests the page makes in Chromium (all blocked and counted); and
the first render (navigation start to the first frame after the map is drawn) in Chromium
with 4× CPU throttling (DevTools ``Emulation.setCPUThrottlingRate``), as a ratio to the
same page without the basemap (median of 7 loads each). Goals: 0 requests; Amsterdam
≤ 600 kB; first render ≤ 2× the page without the basemap.

**Part 2, folium** (issue 4):

The content: the example safari (safari/data/voorbeeld, 9 stops in Kanaleneiland, walking network
from ``../shared/osm/``), one group.

- **folium default**: what a folium user writes for the same map: ``folium.Map`` with the
  walked route as a ``PolyLine`` (every point of the legs), a ``Marker`` per stop with a
  ``Popup`` holding the same name, time and stories, a ``Tooltip``, and ``LocateControl``.
  Weight: the saved HTML plus every JavaScript and CSS file it links (fetched as the npm
  packages the CDN URLs serve, with ``npm pack``). Files that are not npm packages
  (Bootstrap 3 glyphicons from netdna, folium's rotate CSS from GitHub) are not counted,
  and neither are the web fonts that Font Awesome loads: folium's figure is a lower bound.
- **safari default (no basemap)**: the one self-contained HTML file (Leaflet inlined).
- **safari default (streets drawn)**: the same with the streets of the walking graph drawn.

Also checked: the drawn route lies within 1 m (Hausdorff) of the walked streets.
The goal (issue 4): safari's page ≤ 0.5 × folium's. Reported, never asserted.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

NETWORK = REPO.parent / "shared" / "osm" / "nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2"
EXAMPLE = REPO / "safari" / "data" / "voorbeeld" / "stops.csv"
CACHE = Path(tempfile.gettempdir()) / "safari-page-weight"

#: CDN addresses in folium's page that are not ``cdn.jsdelivr.net/npm/<name>@<version>/``,
#: and the npm package file that holds the same bytes.
NPM_FOR_URL = {
    r"code\.jquery\.com/jquery-([\d.]+)\.min\.js": ("jquery", "dist/jquery.min.js"),
    r"Leaflet\.awesome-markers/([\d.]+)/leaflet\.awesome-markers\.js": (
        "leaflet.awesome-markers",
        "dist/leaflet.awesome-markers.js",
    ),
    r"Leaflet\.awesome-markers/([\d.]+)/leaflet\.awesome-markers\.css": (
        "leaflet.awesome-markers",
        "dist/leaflet.awesome-markers.css",
    ),
    r"leaflet-locatecontrol/([\d.]+)/L\.Control\.Locate\.min\.js": (
        "leaflet.locatecontrol",
        "dist/L.Control.Locate.min.js",
    ),
    r"leaflet-locatecontrol/([\d.]+)/L\.Control\.Locate\.min\.css": (
        "leaflet.locatecontrol",
        "dist/L.Control.Locate.min.css",
    ),
}


def npm_file(name: str, version: str, path: str) -> bytes | None:
    """A file of an npm package (``npm pack``, cached in the temp folder)."""
    folder = CACHE / f"{name.replace('/', '_')}@{version}"
    if not folder.is_dir():
        folder.mkdir(parents=True)
        done = subprocess.run(
            [
                "npm",
                "pack",
                "--silent",
                "--json",
                "--pack-destination",
                str(folder),
                f"{name}@{version}",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            return None
        tgz = folder / json.loads(done.stdout)[0]["filename"]
        with tarfile.open(tgz) as tar:
            tar.extractall(folder, filter="data")
    target = folder / "package" / path
    return target.read_bytes() if target.is_file() else None


def linked_files(html: str) -> list[tuple[str, bytes | None]]:
    """Every script and stylesheet the page links, with its bytes (None: not an npm file)."""
    urls = re.findall(r'<script[^>]+src="([^"]+)"', html)
    urls += re.findall(r'<link[^>]+href="([^"]+\.css)"', html)
    out = []
    for url in urls:
        data = None
        npm = re.search(r"cdn\.jsdelivr\.net/npm/((?:@[^/]+/)?[^@/]+)@([^/]+)/(.+)$", url)
        if npm:
            data = npm_file(npm.group(1), npm.group(2), npm.group(3))
        for pattern, (name, path) in NPM_FOR_URL.items():
            found = re.search(pattern, url)
            if found:
                data = npm_file(name, found.group(1), path)
        out.append((url, data))
    return out


def folium_default(plan) -> str:
    """The same map made the plain folium way."""
    import folium
    from folium.plugins import LocateControl

    from safari.render import _items, public_stops

    group = plan.groups[0]
    items = [i for i in _items(group, public_stops(plan), target="{number}") if not i["is_return"]]
    centre = (sum(i["lat"] for i in items) / len(items), sum(i["lon"] for i in items) / len(items))
    fmap = folium.Map(location=centre, zoom_start=15)
    route = []
    for leg in group.legs:
        route += [(lat, lon) for lon, lat in leg.geometry.coords]
    folium.PolyLine(route, color="#7a1f5c", weight=5).add_to(fmap)
    for item in items:
        stories = "".join(f"<div lang='{s['lang']}'>{s['html']}</div>" for s in item["stories"])
        popup = f"<h2>{item['number']}. {item['name']}</h2><p>{item['when']}</p>{stories}"
        folium.Marker(
            (item["lat"], item["lon"]),
            popup=folium.Popup(popup, max_width=320),
            tooltip=item["label"],
        ).add_to(fmap)
    LocateControl().add_to(fmap)
    return fmap.get_root().render()


def route_check(plan, html: str) -> tuple[float, int, int]:
    """Hausdorff distance (m) of the drawn route to the walked line; points walked, drawn."""
    import numpy as np
    import shapely
    from pyproj import Transformer
    from shapely.geometry import LineString

    from safari._geometry import local_metric_crs

    walked = []
    for leg in plan.groups[0].legs:
        part = list(leg.geometry.coords)
        walked.extend(part if not walked else part[1:])
    block = re.search(r'id="safari-data">(.*?)</script>', html, flags=re.DOTALL).group(1)
    drawn = json.loads(block)["route"]
    to_metric = Transformer.from_crs("EPSG:4326", local_metric_crs(*walked[0]), always_xy=True)
    a = LineString(np.column_stack(to_metric.transform(*np.asarray(walked).T)))
    lat, lon = np.asarray(drawn).T
    b = LineString(np.column_stack(to_metric.transform(lon, lat)))
    return shapely.hausdorff_distance(a, b, densify=0.05), len(walked), len(drawn)


OSM = REPO.parent / "shared" / "osm"
EXTRACTS = {
    "Amsterdam Nieuwmarkt": (
        OSM / "nl_amsterdam_centrum_nieuwmarkt_2026-02.osm.gz",
        REPO / "tests" / "data" / "amsterdam_nieuwmarkt_12.csv",
        "nieuwmarkt",
    ),
    "Delft Wippolder 2025": (
        OSM / "nl_delft_wippolder_tudelft_2025-08_bbox.osm.pbf",
        REPO / "tests" / "data" / "delft_wippolder_12.csv",
        "brasserie1653",
    ),
}
LOADS = 7
THROTTLE = 4


def split(html: str, plan) -> dict[str, int]:
    """Bytes of the page by part: Leaflet, safari's JS/CSS, basemap, stories, the rest."""
    from safari import assets
    from safari.render import _items, _raw, public_stops

    def size(text: str) -> int:
        return len(text.encode("utf-8"))

    total = size(html)
    leaflet = assets.page_assets()
    parts = {"Leaflet": size(str(leaflet["js"])) + size(str(leaflet["css"]))}
    parts["safari JS/CSS"] = sum(
        size(_raw(name)) for name in ("safari.css", "basemap.js", "participant.js")
    )
    block = re.search(r'id="safari-data">(.*?)</script>', html, flags=re.DOTALL).group(1)
    found = re.search(r'"basemap": (\{.*?\}), "tiles"', block, flags=re.DOTALL)
    parts["basemap"] = size(found.group(1)) if found else 0
    items = _items(plan.groups[0], public_stops(plan), target="{number}")
    parts["stories"] = sum(
        size(story["html"]) for i in items if not i["is_return"] for story in i["stories"]
    )
    parts["rest (HTML, data, texts)"] = total - sum(parts.values())
    parts["total"] = total
    return parts


def first_render(pages: dict[str, Path]) -> dict[str, tuple[float, int]]:
    """Median first render (ms) with 4x CPU throttling, and the requests made, per page."""
    import statistics

    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        for name, path in pages.items():
            times: list[float] = []
            asked: list[str] = []

            def block(route, asked=asked):
                if route.request.url.startswith("file:"):
                    return route.continue_()
                asked.append(route.request.url)
                return route.abort()

            for _ in range(LOADS):
                context = browser.new_context(
                    viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
                )
                context.route("**/*", block)
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
                page.goto(path.as_uri(), wait_until="load")
                ms = page.evaluate(
                    "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame("
                    "() => r(performance.now()))))"
                )
                times.append(ms)
                context.close()
            out[name] = (statistics.median(times), len(asked))
        browser.close()
    return out


def basemap_report() -> list[str]:
    from safari.network import walking_graph
    from safari.render import map_html
    from safari.routing import walking_matrix
    from safari.stops import read_stops
    from safari.tour import plan_safari

    lines = [
        "## Part 1: the default page with the drawn basemap (12 stops, one group)",
        "",
        (
            "| extract | total | Leaflet | safari JS/CSS | basemap | stories | rest |"
            " features drawn (streets/paths/roads, water, buildings, green) |"
        ),
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    files: dict[str, Path] = {}
    folder = Path(tempfile.mkdtemp(prefix="safari-page-weight-"))
    for name, (osm, stops_file, start) in EXTRACTS.items():
        stops = read_stops(stops_file)
        graph = walking_graph(str(osm))
        plan = plan_safari(stops, walking_matrix(graph, stops), start=start)
        html = map_html(plan, basemap=osm)
        bare = map_html(plan)
        files[name] = folder / f"{len(files)}-with.html"
        files[name].write_text(html, encoding="utf-8")
        files[name + " (no basemap)"] = folder / f"{len(files)}-without.html"
        files[name + " (no basemap)"].write_text(bare, encoding="utf-8")
        parts = split(html, plan)
        data = json.loads(
            re.search(r'id="safari-data">(.*?)</script>', html, flags=re.DOTALL).group(1)
        )
        layers = data["basemap"]["layers"]
        count = {k: len(v) for k, v in layers.items()}
        drawn = (
            f"{count.get('streets', 0)}/{count.get('paths', 0)}/{count.get('roads', 0)},"
            f" {count.get('water', 0)} + {count.get('waterway', 0)} waterways,"
            f" {count.get('buildings', 0)}, {count.get('green', 0)}"
        )
        lines.append(
            f"| {name} | {parts['total']:,} | {parts['Leaflet']:,} | {parts['safari JS/CSS']:,}"
            f" | {parts['basemap']:,} | {parts['stories']:,}"
            f" | {parts['rest (HTML, data, texts)']:,}"
            f" | {drawn} |"
        )
    timings = first_render(files)
    lines += [
        "",
        f"First render in Chromium, CPU throttled {THROTTLE}×, median of {LOADS} loads:",
        "",
        "| extract | with basemap (ms) | without (ms) | ratio | requests |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in EXTRACTS:
        with_ms, asked = timings[name]
        without_ms, asked_bare = timings[name + " (no basemap)"]
        lines.append(
            f"| {name} | {with_ms:.0f} | {without_ms:.0f} | {with_ms / without_ms:.2f}"
            f" | {asked + asked_bare} |"
        )
    amsterdam = len(files["Amsterdam Nieuwmarkt"].read_bytes())
    ratios = [timings[n][0] / timings[n + " (no basemap)"][0] for n in EXTRACTS]
    requests = sum(v[1] for v in timings.values())
    lines += [
        "",
        (
            f"Goals: 0 requests: {'met' if requests == 0 else 'MISSED'} ({requests});"
            f" Amsterdam ≤ 600 kB: {'met' if amsterdam <= 600_000 else 'MISSED'} ({amsterdam:,} B);"
            f" first render ≤ 2×: {'met' if max(ratios) <= 2 else 'MISSED'}"
            f" (worst {max(ratios):.2f})."
        ),
        "",
    ]
    return lines


def main() -> None:
    import contextlib
    import io

    report = basemap_report()
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        folium_report()
    text = "# Page weight (benchmarks/page_weight.py)\n\n" + "\n".join(report)
    text += "\n## Part 2: against folium's default page (the Kanaleneiland example, 9 stops)\n\n"
    text += buffer.getvalue()
    (REPO / "benchmarks" / "page-weight-latest.md").write_text(text, encoding="utf-8")
    sys.stdout.write(text)


def folium_report() -> None:
    from safari.network import walking_graph
    from safari.render import map_html
    from safari.routing import walking_matrix
    from safari.stops import read_stops
    from safari.tour import plan_safari

    stops = read_stops(EXAMPLE)
    graph = walking_graph(str(NETWORK))
    plan = plan_safari(stops, walking_matrix(graph, stops), start="buurthuis-de-brug")

    rows: list[tuple[str, str, int, int]] = []

    def add(way: str, what: str, data: bytes) -> None:
        rows.append((way, what, len(data), len(gzip.compress(data, 9))))

    plain = folium_default(plan)
    add("folium default", "page (HTML)", plain.encode())
    missing = []
    for url, data in linked_files(plain):
        if data is None:
            missing.append(url)
        else:
            add("folium default", url.rsplit("/", 1)[-1], data)

    offline = map_html(plan, title="Wijksafari")
    add("safari default (no basemap)", "page (HTML, all inline)", offline.encode())
    drawn = map_html(plan, title="Wijksafari", basemap=graph)
    add("safari default (streets drawn)", "page (HTML, all inline)", drawn.encode())

    totals: dict[str, list[int]] = {}
    print("| way | file | bytes | gzip |")
    print("|---|---|---:|---:|")
    for way, what, size, packed in rows:
        print(f"| {way} | {what} | {size:,} | {packed:,} |")
        totals.setdefault(way, [0, 0])
        totals[way][0] += size
        totals[way][1] += packed
    print()
    base = totals["folium default"]
    print("| way | total bytes | total gzip | × folium (bytes) | × folium (gzip) |")
    print("|---|---:|---:|---:|---:|")
    for way, (size, packed) in totals.items():
        print(f"| {way} | {size:,} | {packed:,} | {size / base[0]:.2f} | {packed / base[1]:.2f} |")
    if missing:
        print("\nNot counted for folium (not an npm package file):")
        for url in missing:
            print(f"- {url}")
    distance, walked, drawn = route_check(plan, offline)
    print(
        f"\nRoute: {drawn} points drawn of {walked} walked; Hausdorff distance {distance:.2f} m"
        f" (goal ≤ 1 m: {'met' if distance <= 1 else 'MISSED'})."
    )
    worst = totals["safari default (no basemap)"][0] / base[0]
    print(
        f"Goal ≤ 0.5 × folium's page weight: {'met' if worst <= 0.5 else 'MISSED'} ({worst:.2f})."
    )


if __name__ == "__main__":
    main()
