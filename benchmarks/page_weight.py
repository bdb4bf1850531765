"""Page weight of the participant's map against folium's default page for the same content.

Run from the repository root::

    python benchmarks/run.py            # the other benchmark (speed)
    python benchmarks/page_weight.py    # this one: bytes of HTML + JS + CSS, no tiles

The content: the example safari (safari/data/voorbeeld, 9 stops in Kanaleneiland, walking network
from ``../shared/osm/``), one group.

- **folium default**: what a folium user writes for the same map: ``folium.Map`` with the
  walked route as a ``PolyLine`` (every point of the legs), a ``Marker`` per stop with a
  ``Popup`` holding the same name, time and stories, a ``Tooltip``, and ``LocateControl``.
  Weight: the saved HTML plus every JavaScript and CSS file it links (fetched as the npm
  packages the CDN URLs serve, with ``npm pack``). Files that are not npm packages
  (Bootstrap 3 glyphicons from netdna, folium's rotate CSS from GitHub) are not counted,
  and neither are the web fonts that Font Awesome loads: folium's figure is a lower bound.
- **safari --offline**: the one self-contained HTML file (Leaflet inlined).
- **safari default**: the HTML file plus ``leaflet.js`` and ``leaflet.css`` from the CDN.

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
    drawn = json.loads(re.search(r"L\.polyline\(\s*(\[\[.*?\]\])", html, flags=re.S).group(1))
    to_metric = Transformer.from_crs("EPSG:4326", local_metric_crs(*walked[0]), always_xy=True)
    a = LineString(np.column_stack(to_metric.transform(*np.asarray(walked).T)))
    lat, lon = np.asarray(drawn).T
    b = LineString(np.column_stack(to_metric.transform(lon, lat)))
    return shapely.hausdorff_distance(a, b, densify=0.05), len(walked), len(drawn)


def main() -> None:
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

    offline = map_html(plan, title="Wijksafari", offline=True)
    add("safari --offline", "page (HTML, all inline)", offline.encode())
    online = map_html(plan, title="Wijksafari")
    add("safari default", "page (HTML)", online.encode())
    for url, data in linked_files(online):
        add("safari default", url.rsplit("/", 1)[-1], data or b"")

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
    worst = max(totals["safari --offline"][0], totals["safari default"][0]) / base[0]
    print(
        f"Goal ≤ 0.5 × folium's page weight: {'met' if worst <= 0.5 else 'MISSED'} ({worst:.2f})."
    )


if __name__ == "__main__":
    main()
