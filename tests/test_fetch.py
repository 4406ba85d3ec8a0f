"""cache -> mirror -> download, every file verified by sha256.

Downloads go to a loopback HTTP server (or to a closed loopback port for the
offline case), so these tests never need the network.
"""

from __future__ import annotations

import dataclasses
import hashlib
import http.server
import socket
import threading
from pathlib import Path

import pytest

from helpers import catalog, data, fetch
from helpers.fetch import DataUnavailableError, HashMismatchError


# --- helpers and fixtures ---------------------------------------------------------------

def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _closed_port() -> int:
    """A loopback port that nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


class _Server:
    """Serves ``files`` (url path -> bytes) on 127.0.0.1 and records requested paths."""

    def __init__(self):
        self.files: dict[str, bytes] = {}
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
                self.send_header("Content-Length", str(len(body)))
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
    server = _Server()
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


def _offline(record):
    return dataclasses.replace(record, url=f"http://127.0.0.1:{_closed_port()}/{record.name}")


def _with_record(tiny, record):
    return dataclasses.replace(tiny.dataset, files=(record,)), record


# --- basics ---------------------------------------------------------------------------

def test_cache_dir_and_mirror_follow_environment(cache, tiny_dataset, monkeypatch):
    assert fetch.cache_dir() == cache
    monkeypatch.setenv(fetch.MIRROR_ENV, str(tiny_dataset.mirror))
    assert fetch.mirror_dir() == tiny_dataset.mirror
    monkeypatch.delenv(fetch.MIRROR_ENV)
    assert fetch.mirror_dir() is None


def test_sha256_of_matches_hashlib(tiny_dataset):
    assert fetch.sha256_of(tiny_dataset.source) == _sha(tiny_dataset.content)
    assert fetch.sha256_of(tiny_dataset.source) == tiny_dataset.record.sha256


def test_session_cache_is_not_the_user_cache(session_cache):
    """The autouse fixture isolates the whole session from the user's cache."""
    assert fetch.cache_dir() == session_cache
    assert "ca-geopolitics" not in str(session_cache)
    assert fetch.mirror_dir() is not None and fetch.mirror_dir().is_absolute()


# --- cache, mirror, download ----------------------------------------------------------

def test_cache_hit_needs_no_mirror_and_no_network(cache, tiny_dataset, no_mirror, no_download):
    dataset, record = _with_record(tiny_dataset, _offline(tiny_dataset.record))
    target = cache / dataset.id / record.name
    target.parent.mkdir(parents=True)
    target.write_bytes(tiny_dataset.content)
    before = target.stat()

    got = fetch.fetch_file(dataset, record)

    assert got == target
    assert got.read_bytes() == tiny_dataset.content
    after = target.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)  # not rewritten
    assert fetch.fetch_file(dataset, record, download=False) == target


def test_mirror_copy_into_empty_cache(cache, tiny_dataset, monkeypatch, no_download):
    monkeypatch.setenv(fetch.MIRROR_ENV, str(tiny_dataset.mirror))
    assert not cache.exists()

    got = fetch.fetch_file(tiny_dataset.dataset, tiny_dataset.record)

    assert got == cache / tiny_dataset.dataset.id / "tiny.csv"
    assert got != tiny_dataset.source and got.read_bytes() == tiny_dataset.content
    assert _leftovers(got.parent) == ["tiny.csv"]  # no .part temp file left
    assert tiny_dataset.source.read_bytes() == tiny_dataset.content  # mirror untouched


def test_download_from_loopback_when_no_mirror(cache, tiny_dataset, no_mirror, http_server):
    http_server.files["/pinned/tiny.csv"] = tiny_dataset.content
    record = dataclasses.replace(tiny_dataset.record, url=http_server.url("/pinned/tiny.csv"))
    dataset, record = _with_record(tiny_dataset, record)

    got = fetch.fetch_file(dataset, record)

    assert got == cache / dataset.id / "tiny.csv"
    assert got.read_bytes() == tiny_dataset.content
    assert http_server.requests == ["/pinned/tiny.csv"]
    assert _leftovers(got.parent) == ["tiny.csv"]
    # the second call is a cache hit: no new request
    assert fetch.fetch_file(dataset, record) == got
    assert http_server.requests == ["/pinned/tiny.csv"]


def test_download_when_mirror_lacks_the_file(cache, tiny_dataset, tmp_path, monkeypatch, http_server):
    empty_mirror = tmp_path / "empty-mirror"
    empty_mirror.mkdir()
    monkeypatch.setenv(fetch.MIRROR_ENV, str(empty_mirror))
    http_server.files["/tiny.csv"] = tiny_dataset.content
    dataset, record = _with_record(
        tiny_dataset, dataclasses.replace(tiny_dataset.record, url=http_server.url("/tiny.csv")))

    assert fetch.fetch_file(dataset, record).read_bytes() == tiny_dataset.content
    assert http_server.requests == ["/tiny.csv"]


def test_damaged_cached_file_is_replaced_from_mirror(cache, tiny_dataset, monkeypatch, no_download):
    monkeypatch.setenv(fetch.MIRROR_ENV, str(tiny_dataset.mirror))
    target = cache / tiny_dataset.dataset.id / "tiny.csv"
    target.parent.mkdir(parents=True)
    target.write_bytes(tiny_dataset.content[:-5] + b"9.99\n")  # same size-ish, wrong bytes

    got = fetch.fetch_file(tiny_dataset.dataset, tiny_dataset.record)

    assert got == target
    assert got.read_bytes() == tiny_dataset.content
    assert _leftovers(target.parent) == ["tiny.csv"]


def test_damaged_cached_file_is_never_returned(cache, tiny_dataset, no_mirror):
    dataset, record = _with_record(tiny_dataset, _offline(tiny_dataset.record))
    target = cache / dataset.id / "tiny.csv"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"truncated")

    with pytest.raises(DataUnavailableError):
        fetch.fetch_file(dataset, record)
    assert not target.exists()


# --- refusals -------------------------------------------------------------------------

BAD = b"country,year,value\nKAZ,2024,1000000\n"


def test_hash_mismatch_from_mirror(cache, tiny_dataset, monkeypatch, no_download):
    tiny_dataset.source.write_bytes(BAD)  # the mirror copy differs from the pinned file
    monkeypatch.setenv(fetch.MIRROR_ENV, str(tiny_dataset.mirror))

    with pytest.raises(HashMismatchError) as info:
        fetch.fetch_file(tiny_dataset.dataset, tiny_dataset.record)

    message = str(info.value)
    assert tiny_dataset.record.sha256 in message and _sha(BAD) in message
    assert "expected" in message and "got" in message and "mirror" in message
    assert _leftovers(cache / tiny_dataset.dataset.id) == []  # no file, no .part


def test_hash_mismatch_from_download(cache, tiny_dataset, no_mirror, http_server):
    http_server.files["/tiny.csv"] = BAD
    dataset, record = _with_record(
        tiny_dataset, dataclasses.replace(tiny_dataset.record, url=http_server.url("/tiny.csv")))

    with pytest.raises(HashMismatchError) as info:
        fetch.fetch_file(dataset, record)

    message = str(info.value)
    assert record.sha256 in message and _sha(BAD) in message
    assert record.url in message
    assert http_server.requests == ["/tiny.csv"]
    assert _leftovers(cache / dataset.id) == []


def test_http_error_is_not_cached(cache, tiny_dataset, no_mirror, http_server):
    dataset, record = _with_record(
        tiny_dataset, dataclasses.replace(tiny_dataset.record, url=http_server.url("/gone.csv")))

    with pytest.raises(DataUnavailableError, match="404"):
        fetch.fetch_file(dataset, record)
    assert _leftovers(cache / dataset.id) == []


def test_offline_without_mirror_explains_the_fix(cache, tiny_dataset, no_mirror):
    dataset, record = _with_record(tiny_dataset, _offline(tiny_dataset.record))

    with pytest.raises(DataUnavailableError) as info:
        fetch.fetch_file(dataset, record)

    message = str(info.value)
    assert f"'{dataset.id}'" in message
    assert record.url in message
    assert "CA_DATA_MIRROR" in message
    assert "download failed" in message
    assert _leftovers(cache / dataset.id) == []


def test_offline_with_mirror_lacking_the_file_names_the_mirror(cache, tiny_dataset, tmp_path, monkeypatch):
    empty_mirror = tmp_path / "empty-mirror"
    empty_mirror.mkdir()
    monkeypatch.setenv(fetch.MIRROR_ENV, str(empty_mirror))

    with pytest.raises(DataUnavailableError) as info:
        fetch.fetch_file(tiny_dataset.dataset, tiny_dataset.record, download=False)

    message = str(info.value)
    assert str(empty_mirror) in message and "tiny_test_dataset/tiny.csv" in message
    assert "download disabled" in message


# --- real datasets through helpers.data.path ------------------------------------------

def test_path_resolves_real_dataset_through_mirror(cache, mirror_root, no_download):
    dataset = catalog.get("un_syb_trade_totals")

    got = data.path("un_syb_trade_totals")

    assert got == cache / dataset.id / dataset.file().name
    assert got.stat().st_size == dataset.file().bytes
    assert hashlib.sha256(got.read_bytes()).hexdigest() == dataset.file().sha256
    assert got.read_bytes() == (mirror_root / dataset.id / dataset.file().name).read_bytes()


def test_paths_of_multi_file_dataset(cache, no_download):
    dataset = catalog.get("unga_votes")

    got = data.paths("unga_votes")

    assert set(got) == {"un_votes.rda", "un_roll_calls.rda", "un_roll_call_issues.rda"}
    for name, path in got.items():
        assert path.parent == cache / "unga_votes"
        assert fetch.sha256_of(path) == dataset.file(name).sha256
