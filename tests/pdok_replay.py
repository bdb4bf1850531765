"""A local stand-in for the PDOK Locatieserver that replays recorded answers.

The answers in ``tests/data/pdok/`` have the Locatieserver's shape (``response.docs`` with
``weergavenaam``, ``centroide_ll`` and ``centroide_rd``); they are hand-made, so the tests
never reach the live service. An address is looked up by its file name: lower case,
everything but letters and digits as ``_`` (``Marco Pololaan 1, Utrecht`` ->
``marco_pololaan_1_utrecht.json``); unknown addresses get ``not_found.json``.
"""

from __future__ import annotations

import re
import threading
import urllib.parse
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

ANSWERS = Path(__file__).parent / "data" / "pdok"


def answer_file(address: str) -> Path:
    name = re.sub(r"[\W_]+", "_", address.strip().casefold()).strip("_")
    path = ANSWERS / f"{name}.json"
    return path if path.exists() else ANSWERS / "not_found.json"


class _Replay(BaseHTTPRequestHandler):
    asked: list[str]

    def do_GET(self) -> None:
        url = urllib.parse.urlparse(self.path)
        query = urllib.parse.parse_qs(url.query)
        if url.path != "/free" or query.get("fq") != ["type:adres"]:
            self.send_error(404)
            return
        address = query.get("q", [""])[0]
        self.server.asked.append(address)  # type: ignore[attr-defined]
        body = answer_file(address).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, _format: str, *args: object) -> None:  # quiet
        pass


class ReplayServer:
    def __init__(self) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Replay)
        self.httpd.asked = []  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def asked(self) -> list[str]:
        return self.httpd.asked  # type: ignore[attr-defined]

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@contextmanager
def replaying() -> Iterator[ReplayServer]:
    server = ReplayServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pdok(monkeypatch: pytest.MonkeyPatch) -> Iterator[ReplayServer]:
    """The replay server, with ``SAFARI_PDOK_URL`` pointing at it."""
    with replaying() as server:
        monkeypatch.setenv("SAFARI_PDOK_URL", server.url)
        yield server
