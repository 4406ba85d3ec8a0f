"""Get a pinned file into the local cache: cache -> mirror -> download.

Every file enters the cache through :func:`_admit`, which hashes it and
refuses it (deleting the temporary copy) when the sha256 differs from the
catalog. A cached file is hashed again before use, so a file damaged in the
cache is replaced rather than read.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pooch

from helpers.catalog import Dataset, FileRecord

CACHE_ENV = "CA_DATA_CACHE"
MIRROR_ENV = "CA_DATA_MIRROR"
DOWNLOAD_TIMEOUT_S = 30


class HashMismatchError(RuntimeError):
    """A file whose sha256 is not the pinned one."""


class DataUnavailableError(RuntimeError):
    """No cache copy, no usable mirror and no download."""


def cache_dir() -> Path:
    """Where verified files live: ``$CA_DATA_CACHE`` or the user cache folder."""
    return Path(os.environ.get(CACHE_ENV) or pooch.os_cache("ca-geopolitics")).expanduser()


def mirror_dir() -> Path | None:
    """The offline mirror named by ``$CA_DATA_MIRROR`` (layout ``<id>/<file>``), if set."""
    value = os.environ.get(MIRROR_ENV)
    return Path(value).expanduser() if value else None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _admit(tmp: Path, target: Path, record: FileRecord, origin: str) -> Path:
    """Move ``tmp`` to ``target`` if its hash matches; otherwise delete it and raise."""
    got = sha256_of(tmp)
    if got != record.sha256:
        tmp.unlink(missing_ok=True)
        raise HashMismatchError(
            f"{record.name} from {origin} does not match its pinned sha256.\n"
            f"  expected {record.sha256}\n  got      {got}\n"
            "The file was not used and not cached. The source may have changed or the copy "
            "is damaged: re-fetch it, or check the catalog entry against the mirror's source.json."
        )
    os.replace(tmp, target)
    return target


def _temp_in(folder: Path, name: str) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
    os.close(fd)
    return Path(tmp)


def fetch_file(dataset: Dataset, record: FileRecord, cache: Path | None = None,
               mirror: Path | None = None, download: bool = True) -> Path:
    """Return the verified cached copy of one file of ``dataset``."""
    cache = cache_dir() if cache is None else cache
    mirror = mirror_dir() if mirror is None else mirror
    folder = cache / dataset.id
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / record.name

    if target.exists():
        if sha256_of(target) == record.sha256:
            return target
        target.unlink()  # damaged or stale copy: fetch again

    errors: list[str] = []
    if mirror is not None:
        source = mirror / dataset.id / record.name
        if source.is_file():
            tmp = _temp_in(folder, record.name)
            try:
                shutil.copyfile(source, tmp)
            except OSError:
                tmp.unlink(missing_ok=True)
                raise
            return _admit(tmp, target, record, origin=f"mirror {source}")
        errors.append(f"mirror {mirror} has no {dataset.id}/{record.name}")
    if download:
        tmp = _temp_in(folder, record.name)
        try:
            pooch.HTTPDownloader(timeout=DOWNLOAD_TIMEOUT_S, progressbar=False)(record.url, str(tmp), None)
        except Exception as exc:  # requests raises many kinds; all mean "not downloaded"
            tmp.unlink(missing_ok=True)
            errors.append(f"download failed ({type(exc).__name__}: {exc})")
        else:
            return _admit(tmp, target, record, origin=record.url)
    else:
        errors.append("download disabled")

    raise DataUnavailableError(
        f"Cannot get dataset '{dataset.id}' file {record.name}: " + "; ".join(errors) + ".\n"
        f"  pinned url: {record.url}\n"
        f"Fix: connect to the network, or set {MIRROR_ENV} to a folder holding "
        f"{dataset.id}/{record.name} (e.g. {MIRROR_ENV}=../shared/data)."
        + ("" if mirror is not None else f" {MIRROR_ENV} is not set.")
    )
