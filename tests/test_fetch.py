"""cache -> mirror -> download, every file verified by sha256.

Downloads go to a loopback HTTP server (see ``fetch_fixtures``), so these
tests never need the network. Faults (damaged, wrong or missing files, no
network, an unwritable cache) are in ``test_faults_data``.
"""

from __future__ import annotations

import hashlib

from helpers import data
from helpers.data import catalog, fetch
from fetch_fixtures import leftovers, offline, served, sha, with_record


# --- basics ---------------------------------------------------------------------------

def test_cache_dir_and_mirror_follow_environment(cache, tiny_dataset, monkeypatch):
    assert fetch.cache_dir() == cache
    monkeypatch.setenv(fetch.MIRROR_ENV, str(tiny_dataset.mirror))
    assert fetch.mirror_dir() == tiny_dataset.mirror
    monkeypatch.delenv(fetch.MIRROR_ENV)
    assert fetch.mirror_dir() is None


def test_sha256_of_matches_hashlib(tiny_dataset):
    assert fetch.sha256_of(tiny_dataset.source) == sha(tiny_dataset.content)
    assert fetch.sha256_of(tiny_dataset.source) == tiny_dataset.record.sha256


def test_session_cache_is_not_the_user_cache(session_cache):
    """The autouse fixture isolates the whole session from the user's cache."""
    assert fetch.cache_dir() == session_cache
    assert "ca-geopolitics" not in str(session_cache)
    assert fetch.mirror_dir() is not None and fetch.mirror_dir().is_absolute()


# --- cache, mirror, download ----------------------------------------------------------

def test_cache_hit_needs_no_mirror_and_no_network(cache, tiny_dataset, no_mirror, no_download):
    dataset, record = with_record(tiny_dataset, offline(tiny_dataset.record))
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
    assert leftovers(got.parent) == ["tiny.csv"]  # no .part temp file left
    assert tiny_dataset.source.read_bytes() == tiny_dataset.content  # mirror untouched


def test_download_from_loopback_when_no_mirror(cache, tiny_dataset, no_mirror, http_server):
    dataset, record = served(tiny_dataset, http_server, tiny_dataset.content, "/pinned/tiny.csv")

    got = fetch.fetch_file(dataset, record)

    assert got == cache / dataset.id / "tiny.csv"
    assert got.read_bytes() == tiny_dataset.content
    assert http_server.requests == ["/pinned/tiny.csv"]
    assert leftovers(got.parent) == ["tiny.csv"]
    # the second call is a cache hit: no new request
    assert fetch.fetch_file(dataset, record) == got
    assert http_server.requests == ["/pinned/tiny.csv"]


def test_download_when_mirror_lacks_the_file(cache, tiny_dataset, tmp_path, monkeypatch, http_server):
    empty_mirror = tmp_path / "empty-mirror"
    empty_mirror.mkdir()
    monkeypatch.setenv(fetch.MIRROR_ENV, str(empty_mirror))
    dataset, record = served(tiny_dataset, http_server, tiny_dataset.content)

    assert fetch.fetch_file(dataset, record).read_bytes() == tiny_dataset.content
    assert http_server.requests == ["/tiny.csv"]


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
