"""A local npm registry on 127.0.0.1 that serves pinned tarballs, for the npm-free path.

safari fetches Leaflet's tarball from the npm registry over HTTPS itself (no npm needed);
tests point ``SAFARI_NPM_REGISTRY`` at this server. The tarball itself comes from
``npm pack`` once per test session (npm is on the machine and in CI), kept in a temporary
folder; ``requests`` records every path the server was asked for.
"""

from __future__ import annotations

import http.server
import shutil
import subprocess
import threading
from typing import TYPE_CHECKING

from safari import assets

if TYPE_CHECKING:
    from pathlib import Path


def npm_pack(package: assets.NpmPackage, folder: Path) -> bytes:
    """The package's tarball, made by ``npm pack`` into ``folder``."""
    npm = shutil.which("npm")
    assert npm, "npm is needed to make the test registry's tarball (apt-get install npm)"
    subprocess.run(
        [npm, "pack", "--silent", "--pack-destination", str(folder), package.spec],
        check=True,
        capture_output=True,
        timeout=300,
        cwd=folder,
    )
    return (folder / package.tarball_name).read_bytes()


class Registry:
    """Serves ``files`` (URL path -> bytes) on 127.0.0.1; 404 for everything else."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.requests: list[str] = []
        registry = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                registry.requests.append(self.path)
                body = registry.files.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def leaflet_path() -> str:
    """The URL path of Leaflet's tarball in an npm registry."""
    return assets.LEAFLET.tarball_url("")
