"""Data faults: damaged, truncated, wrong or missing files, no network, a changed layout, a bad cache.

Every case checks the exact error (type and what the message tells the user) and
the files on disk after it: a wrong file is never used and never cached, and
nothing half-written stays behind. The fault counts in the README come from
this file and the other ``test_faults_*`` files.
"""

from __future__ import annotations

import dataclasses
import errno
import json

import pandas as pd
import pytest

from fetch_fixtures import leftovers, offline, served, sha, with_record
from helpers import data
from helpers.data import catalog, fetch
from helpers.data.fetch import CacheNotWritableError, DataUnavailableError, HashMismatchError

BAD = b"country,year,value\nKAZ,2024,1000000\n"


# --- a damaged cache ------------------------------------------------------------------------

def test_damaged_cached_file_is_replaced_from_mirror(cache, tiny_dataset, monkeypatch, no_download):
    monkeypatch.setenv(fetch.MIRROR_ENV, str(tiny_dataset.mirror))
    target = cache / tiny_dataset.dataset.id / "tiny.csv"
    target.parent.mkdir(parents=True)
    target.write_bytes(tiny_dataset.content[:-5] + b"9.99\n")  # same size-ish, wrong bytes

    got = fetch.fetch_file(tiny_dataset.dataset, tiny_dataset.record)

    assert got == target
    assert got.read_bytes() == tiny_dataset.content
    assert leftovers(target.parent) == ["tiny.csv"]


def test_damaged_cached_file_without_another_source_is_deleted_and_refused(cache, tiny_dataset, no_mirror):
    dataset, record = with_record(tiny_dataset, offline(tiny_dataset.record))
    target = cache / dataset.id / "tiny.csv"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"truncated")

    with pytest.raises(DataUnavailableError) as info:
        fetch.fetch_file(dataset, record)

    assert type(info.value) is DataUnavailableError
    assert "download failed" in str(info.value) and "CA_DATA_MIRROR is not set" in str(info.value)
    assert leftovers(target.parent) == []  # the damaged copy is gone, nothing new written


def test_damaged_parsed_table_is_parsed_again_from_the_verified_file(session_cache, mirror_root):
    table = data.load("wdi_gdp_usd")
    parsed = data._parsed_cache_file(catalog.get("wdi_gdp_usd"), data._parser(catalog.get("wdi_gdp_usd")))
    parsed.write_bytes(b"PAR1 this is not parquet")
    data._loaded.clear()  # a new process: only the damaged file on disk

    again = data.load("wdi_gdp_usd")

    pd.testing.assert_frame_equal(again, table)
    pd.testing.assert_frame_equal(pd.read_parquet(parsed), table)  # and the cache is whole again


# --- downloads that go wrong --------------------------------------------------------------

def test_cut_download_is_refused_and_not_cached(cache, tiny_dataset, no_mirror, http_server):
    dataset, record = served(tiny_dataset, http_server, tiny_dataset.content[:20])
    http_server.claimed_length["/tiny.csv"] = len(tiny_dataset.content)  # connection drops mid-file

    with pytest.raises(DataUnavailableError) as info:
        fetch.fetch_file(dataset, record)

    message = str(info.value)
    assert type(info.value) is DataUnavailableError
    assert "download failed (ChunkedEncodingError" in message and "IncompleteRead" in message
    assert record.url in message
    assert leftovers(cache / dataset.id) == []


def test_short_download_fails_the_hash_and_is_not_cached(cache, tiny_dataset, no_mirror, http_server):
    dataset, record = served(tiny_dataset, http_server, tiny_dataset.content[:20])  # complete but short

    with pytest.raises(HashMismatchError) as info:
        fetch.fetch_file(dataset, record)

    message = str(info.value)
    assert f"download {record.url}: sha256 is {sha(tiny_dataset.content[:20])}, expected {record.sha256}" in message
    assert "not used, not cached" in message
    assert leftovers(cache / dataset.id) == []


def test_changed_upstream_file_is_refused(cache, tiny_dataset, no_mirror, http_server):
    dataset, record = served(tiny_dataset, http_server, BAD)

    with pytest.raises(HashMismatchError) as info:
        fetch.fetch_file(dataset, record)

    assert f"sha256 is {sha(BAD)}, expected {record.sha256}" in str(info.value)
    assert http_server.requests == ["/tiny.csv"]
    assert leftovers(cache / dataset.id) == []


def test_http_error_is_not_cached(cache, tiny_dataset, no_mirror, http_server):
    dataset, record = with_record(
        tiny_dataset, dataclasses.replace(tiny_dataset.record, url=http_server.url("/gone.csv")))

    with pytest.raises(DataUnavailableError, match="404 Client Error"):
        fetch.fetch_file(dataset, record)
    assert leftovers(cache / dataset.id) == []


# --- offline -----------------------------------------------------------------------------

def test_offline_without_mirror_explains_the_fix(cache, tiny_dataset, no_mirror):
    dataset, record = with_record(tiny_dataset, offline(tiny_dataset.record))

    with pytest.raises(DataUnavailableError) as info:
        fetch.fetch_file(dataset, record)

    message = str(info.value)
    assert message.startswith(f"Cannot get dataset '{dataset.id}' file tiny.csv:\n  - download failed (ConnectionError")
    assert f"pinned url: {record.url}" in message
    assert "Fix: connect to the network, or set CA_DATA_MIRROR to a folder holding tiny_test_dataset/tiny.csv" in message
    assert "CA_DATA_MIRROR is not set." in message
    assert leftovers(cache / dataset.id) == []


def test_offline_with_mirror_lacking_the_file_names_the_mirror(cache, tiny_dataset, tmp_path, monkeypatch):
    empty_mirror = tmp_path / "empty-mirror"
    empty_mirror.mkdir()
    monkeypatch.setenv(fetch.MIRROR_ENV, str(empty_mirror))

    with pytest.raises(DataUnavailableError) as info:
        fetch.fetch_file(tiny_dataset.dataset, tiny_dataset.record, download=False)

    message = str(info.value)
    assert f"  - mirror {empty_mirror} has no tiny_test_dataset/tiny.csv\n  - download disabled" in message
    assert not (cache / tiny_dataset.dataset.id).exists()


def test_offline_real_dataset_through_the_cli_exits_1_naming_the_fix(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "CA_DATA_CACHE": str(tmp_path / "cache"), "CA_DATA_MIRROR": str(tmp_path / "no-mirror"),
           "HTTPS_PROXY": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",  # downloads fail fast
           "NO_PROXY": "", "no_proxy": ""}
    result = subprocess.run([sys.executable, "-m", "helpers", "data", "fetch", "wdi_gdp_usd"],
                            capture_output=True, text=True, env=env, timeout=120)

    assert result.returncode == 1
    assert "FAIL wdi_gdp_usd: Cannot get dataset 'wdi_gdp_usd' file data.csv:" in result.stderr
    assert f"mirror {tmp_path / 'no-mirror'} has no wdi_gdp_usd/data.csv" in result.stderr
    assert "download failed" in result.stderr
    assert leftovers(tmp_path / "cache" / "wdi_gdp_usd") == []


# --- a mirror holding the wrong file ------------------------------------------------------

def test_wrong_mirror_file_offline_is_refused_with_both_hashes(cache, tiny_dataset, monkeypatch):
    tiny_dataset.source.write_bytes(BAD)
    monkeypatch.setenv(fetch.MIRROR_ENV, str(tiny_dataset.mirror))
    dataset, record = with_record(tiny_dataset, offline(tiny_dataset.record))

    with pytest.raises(HashMismatchError) as info:
        fetch.fetch_file(dataset, record)

    message = str(info.value)
    assert f"  - mirror copy {tiny_dataset.source}: sha256 is {sha(BAD)}, expected {record.sha256}" in message
    assert "  - download failed (ConnectionError" in message
    assert "Fix: replace the wrong copy with the pinned file" in message
    assert leftovers(cache / dataset.id) == []
    assert tiny_dataset.source.read_bytes() == BAD  # the mirror is never written to


def test_wrong_mirror_file_falls_back_to_the_pinned_download(cache, tiny_dataset, monkeypatch, http_server):
    tiny_dataset.source.write_bytes(BAD)
    monkeypatch.setenv(fetch.MIRROR_ENV, str(tiny_dataset.mirror))
    dataset, record = served(tiny_dataset, http_server, tiny_dataset.content)

    with pytest.warns(UserWarning, match=f"mirror copy {tiny_dataset.source}: sha256 is {sha(BAD)}.*"
                                         "the pinned url was downloaded instead"):
        got = fetch.fetch_file(dataset, record)

    assert got == cache / dataset.id / "tiny.csv" and got.read_bytes() == tiny_dataset.content
    assert http_server.requests == ["/tiny.csv"]
    assert leftovers(cache / dataset.id) == ["tiny.csv"]


# --- a changed layout ---------------------------------------------------------------------

@pytest.fixture
def renamed_column_dataset(tmp_path, monkeypatch):
    """A WDI-parsed dataset pinned to a file whose 'Country Code' column was renamed upstream."""
    content = b"Country Name,ISO3,Year,Value\nKazakhstan,KAZ,2024,1.5\n"
    mirror = tmp_path / "mirror"
    (mirror / "wdi_renamed").mkdir(parents=True)
    (mirror / "wdi_renamed" / "data.csv").write_bytes(content)
    entry = {"id": "wdi_renamed", "title": "t", "producer": "p", "short_producer": "p", "license": "CC0",
             "license_short": "CC0", "parser": "wdi", "themes": ["test"], "years": "2024", "caveats": None,
             "indicator": "X", "unit": "u",
             "files": [{"name": "data.csv", "url": "http://127.0.0.1:9/data.csv", "sha256": sha(content),
                        "bytes": len(content)}]}
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps({"datasets": [entry]}))
    monkeypatch.setenv("CA_DATA_CATALOG", str(path))
    monkeypatch.setenv(fetch.MIRROR_ENV, str(mirror))
    return "wdi_renamed"


def test_changed_columns_name_the_dataset_and_the_missing_column(cache, renamed_column_dataset):
    with pytest.raises(data.SourceFormatError) as info:
        data.load(renamed_column_dataset)

    message = str(info.value)
    assert message.startswith("Dataset 'wdi_renamed' (data.csv): no column or field 'Country Code', "
                              "which the 'wdi' parser reads.")
    assert "update helpers/data/sources/wdi.py for it, or pin the previous file" in message
    assert not list((cache / "parsed").glob("wdi_renamed-*"))  # nothing parsed was cached


def test_changed_columns_read_outside_a_parser_are_named_too(cache, renamed_column_dataset):
    from helpers.data.sources import ucdp

    with pytest.raises(data.SourceFormatError) as info:
        data.read(renamed_column_dataset, ucdp.dyads)

    message = str(info.value)
    assert message.startswith("Dataset 'wdi_renamed' (data.csv): no column or field ['")
    assert "'year_cy'" in message and "which helpers.data.sources.ucdp.dyads reads" in message
    assert "update helpers/data/sources/ucdp.py for it" in message


# --- a cache that cannot be written ---------------------------------------------------------

def test_unwritable_cache_reads_the_verified_mirror_file_in_place(tmp_path, tiny_dataset, monkeypatch, no_download):
    blocked = tmp_path / "cache-is-a-file"
    blocked.write_text("not a folder")  # nothing can be created under it, even by root
    monkeypatch.setenv(fetch.CACHE_ENV, str(blocked))
    monkeypatch.setenv(fetch.MIRROR_ENV, str(tiny_dataset.mirror))

    with pytest.warns(UserWarning, match=f"Cannot write to the data cache {blocked}/tiny_test_dataset"):
        got = fetch.fetch_file(tiny_dataset.dataset, tiny_dataset.record)

    assert got == tiny_dataset.source
    assert blocked.read_text() == "not a folder"


def test_unwritable_cache_with_a_wrong_mirror_file_is_refused(tmp_path, tiny_dataset, monkeypatch):
    blocked = tmp_path / "cache-is-a-file"
    blocked.write_text("not a folder")
    tiny_dataset.source.write_bytes(BAD)
    monkeypatch.setenv(fetch.CACHE_ENV, str(blocked))
    monkeypatch.setenv(fetch.MIRROR_ENV, str(tiny_dataset.mirror))

    with pytest.raises(CacheNotWritableError, match="set CA_DATA_CACHE to a writable folder"):
        fetch.fetch_file(tiny_dataset.dataset, tiny_dataset.record)


def test_unwritable_cache_still_loads_real_data(tmp_path, mirror_root, monkeypatch):
    blocked = tmp_path / "cache-is-a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(fetch.CACHE_ENV, str(blocked))
    data._loaded.clear()

    with pytest.warns(UserWarning) as warned:
        gdp = data.wide("wdi_gdp_usd", None, ["KAZ"], 2024, 2024)

    assert gdp.loc[2024, "KAZ"] == 291480274648.826  # the row in the pinned WDI file
    assert any("Parsed table not cached" in str(w.message) for w in warned)
    data._loaded.clear()


def test_full_cache_disk_leaves_no_partial_file(cache, tiny_dataset, monkeypatch, no_download):
    monkeypatch.setenv(fetch.MIRROR_ENV, str(tiny_dataset.mirror))

    def disk_full(source, target):
        with open(target, "wb") as fh:
            fh.write(b"country,ye")  # part of the file, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fetch.shutil, "copyfile", disk_full)
    with pytest.warns(UserWarning, match=r"\(OSError: \[Errno 28\] No space left on device\)"):
        got = fetch.fetch_file(tiny_dataset.dataset, tiny_dataset.record)

    assert got == tiny_dataset.source  # verified in place
    assert leftovers(cache / tiny_dataset.dataset.id) == []


def test_full_cache_disk_when_downloading_says_which_folder(cache, tiny_dataset, no_mirror, monkeypatch):
    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fetch.tempfile, "mkstemp", no_space)
    with pytest.raises(CacheNotWritableError) as info:
        fetch.fetch_file(tiny_dataset.dataset, tiny_dataset.record)

    assert str(info.value) == (
        f"Cannot write to the data cache {cache / tiny_dataset.dataset.id} "
        "(OSError: [Errno 28] No space left on device).\n"
        "Fix: free space there, or set CA_DATA_CACHE to a writable folder with free space.")
    assert leftovers(cache / tiny_dataset.dataset.id) == []


def test_full_cache_disk_during_a_download_says_so(cache, tiny_dataset, no_mirror, monkeypatch):
    class FillsTheDisk:
        def __init__(self, *args, **kwargs):
            pass

        def __call__(self, url, output_file, pooch_):
            with open(output_file, "wb") as fh:
                fh.write(b"country,")
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fetch.pooch, "HTTPDownloader", FillsTheDisk)
    with pytest.raises(CacheNotWritableError, match=r"^Cannot write to the data cache .*No space left on device"):
        fetch.fetch_file(tiny_dataset.dataset, tiny_dataset.record)
    assert leftovers(cache / tiny_dataset.dataset.id) == []

