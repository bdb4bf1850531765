"""Screenshot of the demo map as a participant sees it on a phone, for the README.

    python docs/screenshot.py [--network FILE]

Runs ``python -m safari demo`` (one self-contained page: Leaflet inlined, the basemap drawn
from the map data by safari itself), opens the page in headless Chromium (Playwright) as a
390x844 phone at 14:25 and writes ``docs/kaart-telefoon.png``: the map with the numbered
route, and the same map after tapping stop 2 (its story in the sheet), side by side.

Every request of the page is refused (it makes none): what the picture shows is what a
phone without signal shows. With a saved graph (``.graphml``) the basemap is the streets
with their names; with an OSM file also water, green and buildings.

Needs: playwright (Python), Pillow, and Chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import sys
import tempfile
from datetime import date, datetime, time
from pathlib import Path

from PIL import Image
from playwright.sync_api import Route, sync_playwright

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "docs" / "kaart-telefoon.png"
DEFAULT_NETWORK = REPO.parent / "shared/osm/nl_utrecht_kanaleneiland_walk_osmnx.graphml.bz2"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
CHROMIUM_ARGS += ["--disable-component-update", "--no-first-run"]


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
    """Write the screenshot sheet (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--network", default=str(DEFAULT_NETWORK), help="walking network file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "safari", "demo", "--network", args.network]
        cmd += ["--output", tmp]
        subprocess.run(cmd, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
        page_file = Path(tmp) / "voorbeeld.html"
        asked: list[str] = []

        def handle(route: Route) -> None:
            if route.request.url.startswith("file:"):
                return route.continue_()
            asked.append(route.request.url)
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
            shots = [page.screenshot()]
            page.get_by_role("button", name=re.compile(r"^Stop 2: ")).tap()
            page.locator("#sheet").wait_for(state="visible")
            page.wait_for_timeout(800)  # the map pans the stop above the sheet
            shots.append(page.screenshot())
            browser.close()
        if asked:
            sys.exit(f"the page asked for {asked}: it should ask for nothing")
    compose(shots, OUT)
    print(f"Geschreven: {OUT} ({OUT.stat().st_size // 1024} kB)")


if __name__ == "__main__":
    main()
