"""Screenshot of the demo map as a participant sees it on a phone, for the README.

    python docs/screenshot.py [--network FILE]

Runs ``python -m safari demo --offline`` (one self-contained page: Leaflet inlined, fetched
once with npm and checked by its hash), opens the page in headless Chromium (Playwright) as a
390x844 phone and writes ``docs/kaart-telefoon.png``: the map with the numbered route, and the
same map after tapping stop 2 (its story in the sheet), side by side.

The build machine has no internet apart from package registries, so every request of the
page is intercepted: the OpenStreetMap tiles are replaced by tiles drawn here from the
walking network itself (grey/white lines on beige), and any other request is aborted (the
offline page makes none). So the basemap in the picture is the walking network, not OSM's
tile rendering; in real use the phone loads the real OSM tiles.

Needs: playwright (Python), Pillow, npm, and Chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import io
import math
import re
import subprocess
import sys
import tempfile
from datetime import date, datetime, time
from pathlib import Path

from PIL import Image, ImageDraw
from playwright.sync_api import Route, sync_playwright

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "docs" / "kaart-telefoon.png"
DEFAULT_NETWORK = REPO.parent / "shared/osm/nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
CHROMIUM_ARGS += ["--disable-component-update", "--no-first-run"]
TILE = re.compile(r"tile\.openstreetmap\.org/(\d+)/(\d+)/(\d+)\.png")
ROADS = {"residential", "service", "unclassified", "tertiary", "secondary", "primary", "busway"}
SS = 3  # tiles are drawn at 3x and scaled down: Pillow's lines are not anti-aliased


def mercator(lon: float, lat: float) -> tuple[float, float]:
    """Web mercator, as a fraction (0..1) of the world's width and height."""
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return (lon + 180) / 360, (1 - y / math.pi) / 2


def network_lines(path: str) -> list[tuple[bool, list[tuple[float, float]], tuple]]:
    """(is a road, points in mercator fractions, bounding box) for every street of the graph."""
    sys.path.insert(0, str(REPO))  # run as a script from docs/, safari need not be installed
    from safari.network import walking_graph

    graph = walking_graph(path)
    lines, seen = [], set()
    for u, v, key, data in graph.edges(keys=True, data=True):
        if (min(u, v), max(u, v), key) in seen:
            continue  # walk networks hold every street in both directions
        seen.add((min(u, v), max(u, v), key))
        geometry = data.get("geometry")
        if geometry is not None:
            coords = list(geometry.coords)
        else:
            coords = [(graph.nodes[n]["x"], graph.nodes[n]["y"]) for n in (u, v)]
        points = [mercator(lon, lat) for lon, lat in coords]
        xs, ys = zip(*points, strict=True)
        highway = data.get("highway")
        road = bool(set(highway if isinstance(highway, list) else [highway]) & ROADS)
        lines.append((road, points, (min(xs), min(ys), max(xs), max(ys))))
    lines.sort(key=lambda line: line[0])  # roads on top of footways
    return lines


def draw_tile(lines: list, z: int, x: int, y: int) -> bytes:
    """A 256x256 PNG of the walking network in tile z/x/y."""
    n, size = 2**z, 256 * SS
    pad = 0.1 / n
    x0, y0, x1, y1 = x / n - pad, y / n - pad, (x + 1) / n + pad, (y + 1) / n + pad
    image = Image.new("RGB", (size, size), "#f1ece2")
    draw = ImageDraw.Draw(image)
    scale = max(0.5, 2 ** (z - 16)) * SS
    for casing in (True, False):
        for road, points, (a, b, c, d) in lines:
            if c < x0 or a > x1 or d < y0 or b > y1:
                continue
            xy = [((px * n - x) * size, (py * n - y) * size) for px, py in points]
            width = (6 if road else 3) * scale + (2 * SS if casing else 0)
            colour = "#cbc2b3" if casing else ("#ffffff" if road else "#fbf8f2")
            draw.line(xy, fill=colour, width=round(width), joint="curve")
    out = io.BytesIO()
    image.resize((256, 256), Image.LANCZOS).save(out, "PNG", optimize=True)
    return out.getvalue()


def compose(shots: list[bytes], target: Path, width: int = 900, gap: int = 16) -> None:
    """Put the screenshots side by side on white, at most `width` px wide, 128 colours."""
    images = [Image.open(io.BytesIO(s)).convert("RGB") for s in shots]
    w = (width - gap * (len(images) + 1)) // len(images)
    images = [im.resize((w, round(im.height * w / im.width)), Image.LANCZOS) for im in images]
    h = max(im.height for im in images)
    sheet = Image.new("RGB", (width, h + 2 * gap), "#ffffff")
    for i, im in enumerate(images):
        sheet.paste(im, (gap + i * (w + gap), gap))
    sheet.quantize(128, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--network", default=str(DEFAULT_NETWORK), help="walking network file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "safari", "demo", "--network", args.network]
        cmd += ["--output", tmp, "--offline"]
        subprocess.run(cmd, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
        page_file = Path(tmp) / "voorbeeld.html"
        lines = network_lines(args.network)

        def handle(route: Route) -> None:
            url = route.request.url
            if url.startswith("file:"):
                return route.continue_()
            if tile := TILE.search(url):
                z, x, y = map(int, tile.groups())
                return route.fulfill(body=draw_tile(lines, z, x, y), content_type="image/png")
            return route.abort()

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            phone = browser.new_context(
                viewport={"width": 390, "height": 844},
                device_scale_factor=2,
                is_mobile=True,
                has_touch=True,
                locale="nl-NL",
            )
            page = phone.new_page()
            page.route("**/*", handle)
            # during the walk: the bar on the map names the current and the next stop
            page.clock.set_system_time(datetime.combine(date.today(), time(14, 25)))
            page.goto(page_file.as_uri())
            page.locator(".stop-marker").first.wait_for(state="visible")
            page.wait_for_load_state("networkidle")
            shots = [page.screenshot()]
            page.get_by_role("button", name=re.compile(r"^Stop 2: ")).tap()
            page.locator("#sheet").wait_for(state="visible")
            page.wait_for_timeout(800)  # the map pans the stop above the sheet
            page.wait_for_load_state("networkidle")
            shots.append(page.screenshot())
            browser.close()
    compose(shots, OUT)
    print(f"Geschreven: {OUT} ({OUT.stat().st_size // 1024} kB)")


if __name__ == "__main__":
    main()
