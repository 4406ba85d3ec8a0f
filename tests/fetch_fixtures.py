"""Fixtures for the data-layer tests: a loopback HTTP server, an empty cache, no mirror, no download.

Downloads go to a loopback server (or to a closed loopback port for the offline
case), so no test needs the network. ``conftest`` registers the fixtures.
"""

from __future__ import annotations

import dataclasses
import hashlib
import http.server
import socket
import threading
from pathlib import Path

import pytest

from helpers.data import fetch


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def closed_port() -> int:
    """A loopback port that nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


class LoopbackServer:
    """Serves ``files`` (url path -> bytes) on 127.0.0.1 and records requested paths."""

    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.claimed_length: dict[str, int] = {}  # announce more bytes than sent: a cut connection
        self.requests: list[str] = []
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                owner.requests.append(self.path)
                body = owner.files.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(owner.claimed_length.get(self.path, len(body))))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):  # keep pytest output clean
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.timeout = 5
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"


@pytest.fixture
def http_server(monkeypatch):
    # requests honours proxy variables; loopback must never go through a proxy
    for var in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(var, "127.0.0.1,localhost")
    monkeypatch.setattr(fetch, "DOWNLOAD_TIMEOUT_S", 5)
    server = LoopbackServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
        server.thread.join(timeout=5)
        assert not server.thread.is_alive()


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An empty cache for this test only, set through the environment as users do."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(fetch.CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def no_mirror(monkeypatch):
    monkeypatch.delenv(fetch.MIRROR_ENV, raising=False)


@pytest.fixture
def no_download(monkeypatch):
    """Any attempt to download fails the test."""
    class Refuse:
        def __init__(self, *args, **kwargs):
            pass

        def __call__(self, url, *args, **kwargs):
            raise AssertionError(f"unexpected download of {url}")

    monkeypatch.setattr(fetch.pooch, "HTTPDownloader", Refuse)


def offline(record):
    return dataclasses.replace(record, url=f"http://127.0.0.1:{closed_port()}/{record.name}")


def with_record(tiny, record):
    return dataclasses.replace(tiny.dataset, files=(record,)), record


def served(tiny, http_server, body: bytes, path: str = "/tiny.csv"):
    """The tiny dataset with its url on the loopback server, which serves ``body``."""
    http_server.files[path] = body
    return with_record(tiny, dataclasses.replace(tiny.record, url=http_server.url(path)))
