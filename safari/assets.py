"""Third-party JavaScript and CSS for the maps: pinned and verified by hash.

The maps need Leaflet and nothing else from outside, and every page inlines it (one
self-contained file that makes no request). safari gets the npm package's tarball once:

1. from the npm registry over HTTPS, itself (``urllib``; no npm needed, so it works for a
   user who installed safari with pip). The registry is `REGISTRY`, or the address in
   the environment variable ``SAFARI_NPM_REGISTRY`` (tests serve the tarball from
   127.0.0.1);
2. when that fails and ``npm`` is installed, with ``npm pack`` (it uses the registry the
   user has configured).

The tarball is checked against npm's pinned ``sha512`` integrity and each file against
its pinned SRI hash, and kept in ``safari.settings.cache_dir() / "npm"``. A user without a
network can put the tarball there by hand: it is used when its hash matches.

The files of Leaflet that the pages inline (``leaflet.js``, ``leaflet.css`` and its three
images) also ship with safari, with Leaflet's licence (BSD-2-Clause), in
``safari/data/leaflet-1.9.4``; they are checked by the same SRI hashes. Without a tarball
in the cache they are used, so a new installation makes its maps without any network.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from markupsafe import Markup

from safari._errors import SafariError
from safari.i18n import t
from safari.settings import cache_dir

__all__ = ["LEAFLET", "NpmFile", "NpmPackage", "cdn_url", "page_assets", "read_file", "tarball"]

log = logging.getLogger(__name__)

#: The one pinned source of the default (online) page: files of npm packages, unchanged.
CDN = "https://cdn.jsdelivr.net/npm"

#: Seconds ``npm pack`` may take.
NPM_TIMEOUT_S = 300

#: The npm registry safari fetches pinned tarballs from (``SAFARI_NPM_REGISTRY`` wins).
REGISTRY = "https://registry.npmjs.org"
#: Seconds a registry download may take.
DOWNLOAD_TIMEOUT_S = 60


@dataclass(frozen=True)
class NpmFile:
    """A file inside an npm package and its Subresource Integrity hash."""

    path: str
    sri: str


@dataclass(frozen=True)
class NpmPackage:
    """A pinned npm package: name, exact version and the tarball's npm integrity."""

    name: str
    version: str
    integrity: str
    files: tuple[NpmFile, ...] = ()

    @property
    def spec(self) -> str:
        """``name@version`` as npm writes it."""
        return f"{self.name}@{self.version}"

    @property
    def tarball_name(self) -> str:
        """The file name ``npm pack`` gives the tarball."""
        return f"{self.name.lstrip('@').replace('/', '-')}-{self.version}.tgz"

    def tarball_url(self, registry: str) -> str:
        """The tarball's address in a registry (npm's layout: ``name/-/base-version.tgz``)."""
        base = self.name.rsplit("/", 1)[-1]
        return f"{registry.rstrip('/')}/{self.name}/-/{base}-{self.version}.tgz"

    def file(self, path: str) -> NpmFile:
        """The pinned file at ``path`` (e.g. ``dist/leaflet.js``)."""
        for item in self.files:
            if item.path == path:
                return item
        msg = f"{path} is not a pinned file of {self.spec}"
        raise KeyError(msg)


LEAFLET = NpmPackage(
    "leaflet",
    "1.9.4",
    "sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==",
    (
        NpmFile(
            "dist/leaflet.css",
            "sha384-sHL9NAb7lN7rfvG5lfHpm643Xkcjzp4jFvuavGOndn6pjVqS6ny56CAt3nsEVT4H",
        ),
        NpmFile(
            "dist/leaflet.js",
            "sha384-cxOPjt7s7Iz04uaHJceBmS+qpjv2JkIHNVcuOrM+YHwZOmJGBXI00mdUXEq65HTH",
        ),
        # the images leaflet.css refers to (inlined as data URIs)
        NpmFile(
            "dist/images/layers.png",
            "sha384-80x85ZS+G189o0xL8E8D7BnfhuNss6EwUPHzG7e+qByRD2xnpxikZ6UQU4Re5nNy",
        ),
        NpmFile(
            "dist/images/layers-2x.png",
            "sha384-+F2ZWK/HTpkV9kN2HnMGCQOTM/cnQJLs770FLOeHznwVWRfDESI8z4JwcGYmy2Au",
        ),
        NpmFile(
            "dist/images/marker-icon.png",
            "sha384-wg83fCOXjBtqzFAWhTL9Sd9vmLUNhfEEzfmNUX9zwv2igKlz/YQbdapF4ObdxF+R",
        ),
    ),
)


def cdn_url(package: NpmPackage, path: str) -> str:
    """Address of a package file on the pinned CDN."""
    return f"{CDN}/{package.spec}/{path}"


def integrity(data: bytes, algorithm: str = "sha512") -> str:
    """``<algorithm>-<base64 digest>``, as npm's ``integrity`` and HTML's SRI write it."""
    digest = hashlib.new(algorithm, data).digest()
    return f"{algorithm}-{base64.b64encode(digest).decode('ascii')}"


def tarball(package: NpmPackage) -> Path:
    """The package's tarball in the cache, fetched with ``npm pack`` when missing.

    Raises
    ------
    SafariError
        When npm is missing or fails, or the tarball's hash is not the pinned one.
    """
    cached = _cached_tarball(package)
    if cached is not None:
        return cached
    folder = cache_dir() / "npm"
    target = folder / package.tarball_name
    data = _fetch(package, folder)
    if integrity(data) != package.integrity:
        raise SafariError(t("map.asset_bad_hash", spec=package.spec, file=package.tarball_name))
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tgz", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    log.info("%s cached in %s", package.spec, target)
    return target


def _cached_tarball(package: NpmPackage) -> Path | None:
    """The package's tarball in the cache when its hash is the pinned one, else None."""
    folder = cache_dir() / "npm"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / package.tarball_name
    if not target.exists():
        return None
    if integrity(target.read_bytes()) == package.integrity:
        return target
    log.warning("%s: hash differs from the pinned one; not used", target)
    return None


def _packaged(package: NpmPackage, path: str) -> bytes | None:
    """The copy of a pinned file that ships with safari (``safari/data/NAME-VERSION``)."""
    if path not in {f.path for f in package.files}:
        return None
    shipped = files("safari").joinpath(
        "data", f"{package.name}-{package.version}", *path.split("/")
    )
    return shipped.read_bytes() if shipped.is_file() else None


def _source(package: NpmPackage) -> str:
    """Where `read_file` reads the package from: its cached tarball, else safari's copy."""
    cached = _cached_tarball(package)
    return str(cached) if cached is not None else "safari"


def read_file(package: NpmPackage, path: str) -> bytes:
    """A file of a pinned package; pinned files are checked by their SRI.

    From the verified tarball in the cache when it is there; else, for the files safari
    ships (Leaflet's), from that copy, so that a new installation needs no network; else
    from the tarball, fetched (`tarball`).
    """
    cached = _cached_tarball(package)
    data = _packaged(package, path) if cached is None else None
    if data is None:
        with tarfile.open(cached or tarball(package), "r:gz") as tar:
            member = tar.extractfile(f"package/{path}")
            if member is None:
                msg = f"{path} is not a file in {package.spec}"
                raise KeyError(msg)
            data = member.read()
    pinned = {f.path: f.sri for f in package.files}
    if path in pinned and integrity(data, "sha384") != pinned[path]:
        raise SafariError(t("map.asset_bad_hash", spec=package.spec, file=path))
    return data


def page_assets(*, offline: bool = True) -> dict[str, Markup]:
    """Markup that brings Leaflet into a page: ``css`` for the head, ``js`` for the body.

    Parameters
    ----------
    offline
        Inline the files (the default: the page then makes no request); ``False`` links
        the pinned CDN with Subresource Integrity (only the overview may still ask for it).
    """
    css_file = LEAFLET.file("dist/leaflet.css")
    js_file = LEAFLET.file("dist/leaflet.js")
    if not offline:  # constant tags; format() escapes the address and the hash
        css = '<link rel="stylesheet" href="{}" integrity="{}" crossorigin="anonymous">'
        js = '<script src="{}" integrity="{}" crossorigin="anonymous"></script>'
        return {
            "css": Markup(css).format(cdn_url(LEAFLET, css_file.path), css_file.sri),  # noqa: S704  constant tag
            "js": Markup(js).format(cdn_url(LEAFLET, js_file.path), js_file.sri),  # noqa: S704  constant tag
        }
    return dict(_inlined(_source(LEAFLET)))


@functools.lru_cache(maxsize=4)
def _inlined(_source: str) -> dict[str, Markup]:
    """The inlined Leaflet of `page_assets`, made once per process and source (the key)."""
    css_file = LEAFLET.file("dist/leaflet.css")
    js_file = LEAFLET.file("dist/leaflet.js")
    css_text = read_file(LEAFLET, css_file.path).decode("utf-8")
    css_text = _inline_images(css_text, LEAFLET, "dist")
    js_text = read_file(LEAFLET, js_file.path).decode("utf-8")
    # The pinned library, checked against its hash, made unable to end its element early.
    style = Markup(_safe_in_style(css_text))  # noqa: S704  pinned, hash-checked library
    script = Markup(_safe_in_script(js_text))  # noqa: S704  pinned, hash-checked library
    return {
        "css": Markup("<style>\n{}\n</style>").format(style),
        "js": Markup("<script>\n{}\n</script>").format(script),
    }


# --- helpers ---------------------------------------------------------------------------------


def _fetch(package: NpmPackage, folder: Path) -> bytes:
    """The tarball from the registry over HTTPS; ``npm pack`` when that fails and npm exists."""
    registry = os.environ.get("SAFARI_NPM_REGISTRY") or REGISTRY
    url = package.tarball_url(registry)
    if not url.startswith(("https://", "http://")):
        url = package.tarball_url(REGISTRY)  # a registry is a web address, nothing else
    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_S) as answer:  # noqa: S310  http(s) only, checked above
            return bytes(answer.read())
    except (urllib.error.URLError, OSError, ValueError) as exc:
        detail = str(getattr(exc, "reason", exc))
        log.info("%s: could not fetch %s (%s)", package.spec, url, detail)
        if shutil.which("npm") is None:
            raise SafariError(
                t(
                    "map.leaflet_download_failed",
                    spec=package.spec,
                    url=url,
                    detail=detail,
                    file=str(folder / package.tarball_name),
                )
            ) from None
    return _npm_pack(package, folder)


def _npm_pack(package: NpmPackage, folder: Path) -> bytes:
    npm = shutil.which("npm")
    manual = folder / package.tarball_name
    if npm is None:
        raise SafariError(t("map.npm_missing", spec=package.spec, file=str(manual)))
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        command = [npm, "pack", "--silent", "--json", "--pack-destination", tmp, package.spec]
        try:
            done = subprocess.run(  # noqa: S603  npm from PATH with fixed arguments, no shell
                command,
                capture_output=True,
                text=True,
                timeout=NPM_TIMEOUT_S,
                check=False,
                cwd=tmp,
            )
        except subprocess.TimeoutExpired:
            raise SafariError(
                t(
                    "map.asset_download_failed",
                    spec=package.spec,
                    file=str(manual),
                    detail="timeout",
                )
            ) from None
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["npm pack"]
            raise SafariError(
                t(
                    "map.asset_download_failed",
                    spec=package.spec,
                    file=str(manual),
                    detail=detail[0],
                )
            )
        try:
            name = json.loads(done.stdout)[0]["filename"]
        except (ValueError, LookupError, TypeError):
            name = package.tarball_name
        produced = Path(tmp) / Path(name).name
        if not produced.is_file():
            raise SafariError(
                t("map.asset_download_failed", spec=package.spec, file=str(manual), detail=name)
            )
        return produced.read_bytes()


def _inline_images(css: str, package: NpmPackage, folder: str) -> str:
    """Replace ``url(images/x.png)`` by data URIs from the same verified tarball."""

    def data_uri(match: re.Match[str]) -> str:
        ref = match.group(1).strip("'\"")
        if ref.startswith("#") or ":" in ref:
            return match.group(0)
        data = read_file(package, f"{folder}/{ref}")
        return f"url(data:image/png;base64,{base64.b64encode(data).decode('ascii')})"

    return re.sub(r"url\(([^)]*)\)", data_uri, css)


def _safe_in_script(js: str) -> str:
    """Text that cannot end its ``<script>`` element early; no source map request."""
    js = re.sub(r"^//# sourceMappingURL=.*$", "", js, flags=re.MULTILINE)
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)


def _safe_in_style(css: str) -> str:
    css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css)
    return css.replace("</", "<\\/")
