"""Get a pinned file into the local cache: cache -> mirror -> download.

Every file enters the cache through :func:`_admit`, which hashes it and
refuses it (deleting the temporary copy) when the sha256 differs from the
catalog. A cached file is hashed again before use, so a file damaged in the
cache is replaced rather than read. A wrong mirror copy falls through to the
download; a cache that cannot be written falls back to the verified mirror file.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import tempfile
import warnings
from pathlib import Path

import pooch
import requests

from helpers.data.catalog import Dataset, FileRecord

CACHE_ENV = "CA_DATA_CACHE"
MIRROR_ENV = "CA_DATA_MIRROR"
DOWNLOAD_TIMEOUT_S = 30
CACHE_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}


class DataUnavailableError(RuntimeError):
    """No cache copy, no usable mirror and no download."""


class HashMismatchError(DataUnavailableError):
    """A file whose sha256 is not the pinned one (it was neither used nor cached)."""


class CacheNotWritableError(DataUnavailableError):
    """The cache folder cannot take the file (read-only, full, or not a folder)."""


def cache_dir() -> Path:
    """Where verified files live: ``$CA_DATA_CACHE`` or the user cache folder."""
    return Path(os.environ.get(CACHE_ENV) or pooch.os_cache("ca-geopolitics")).expanduser()


def mirror_dir() -> Path | None:
    """The offline mirror named by ``$CA_DATA_MIRROR`` (layout ``<id>/<file>``), if set."""
    value = os.environ.get(MIRROR_ENV)
    return Path(value).expanduser() if value else None


def sha256_of(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _admit(tmp: Path, target: Path, record: FileRecord, origin: str) -> Path:
    """Move ``tmp`` to ``target`` if its hash matches; otherwise delete it and raise."""
    got = sha256_of(tmp)
    if got != record.sha256:
        tmp.unlink(missing_ok=True)
        raise HashMismatchError(f"{origin}: sha256 is {got}, expected {record.sha256} "
                                "(a different or damaged file; not used, not cached)")
    os.replace(tmp, target)
    return target


def _temp_in(folder: Path, name: str) -> Path:
    """An empty temporary file in the cache folder (created if needed)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise _cache_error(folder, exc) from exc
    os.close(fd)
    return Path(tmp)


def _cache_error(folder: Path, exc: OSError) -> CacheNotWritableError:
    return CacheNotWritableError(
        f"Cannot write to the data cache {folder} ({type(exc).__name__}: {exc}).\n"
        f"Fix: free space there, or set {CACHE_ENV} to a writable folder with free space."
    )


def _copy_from_mirror(source: Path, folder: Path, target: Path, record: FileRecord) -> Path:
    tmp = _temp_in(folder, record.name)
    try:
        shutil.copyfile(source, tmp)
    except OSError as exc:  # a full or failing cache disk: nothing half-copied stays behind
        tmp.unlink(missing_ok=True)
        raise _cache_error(folder, exc) from exc
    return _admit(tmp, target, record, origin=f"mirror copy {source}")


def _download(folder: Path, target: Path, record: FileRecord) -> Path:
    tmp = _temp_in(folder, record.name)
    try:
        pooch.HTTPDownloader(timeout=DOWNLOAD_TIMEOUT_S, progressbar=False)(record.url, str(tmp), None)
    except Exception as exc:  # requests raises many kinds; all mean "not downloaded"
        tmp.unlink(missing_ok=True)
        if (isinstance(exc, OSError) and not isinstance(exc, requests.RequestException)
                and exc.errno in CACHE_WRITE_ERRNOS):
            raise _cache_error(folder, exc) from exc
        raise DataUnavailableError(f"download failed ({type(exc).__name__}: {exc})") from exc
    return _admit(tmp, target, record, origin=f"download {record.url}")


def fetch_file(dataset: Dataset, record: FileRecord, cache: Path | None = None,
               mirror: Path | None = None, download: bool = True) -> Path:
    """Return a verified copy of one file of ``dataset``: cached, else from the mirror, else downloaded.

    A copy whose sha256 is wrong is never returned. When the cache cannot be
    written (read-only or full) a verified mirror file is read in place instead.
    """
    cache = cache_dir() if cache is None else cache
    mirror = mirror_dir() if mirror is None else mirror
    folder = cache / dataset.id
    target = folder / record.name

    if target.is_file():
        if sha256_of(target) == record.sha256:
            return target
        try:
            target.unlink()  # damaged or stale copy: never used, fetched again
        except OSError:
            pass  # a read-only cache: the copy stays but is not used

    problems: list[DataUnavailableError] = []
    source = mirror / dataset.id / record.name if mirror is not None else None
    if source is not None and source.is_file():
        try:
            return _copy_from_mirror(source, folder, target, record)
        except CacheNotWritableError as exc:
            if sha256_of(source) != record.sha256:
                raise
            warnings.warn(f"{exc}\nReading the verified mirror file {source} in place.", stacklevel=2)
            return source
        except HashMismatchError as exc:
            problems.append(exc)
    elif source is not None:
        problems.append(DataUnavailableError(f"mirror {mirror} has no {dataset.id}/{record.name}"))
    if download:
        try:
            got = _download(folder, target, record)
        except CacheNotWritableError:
            raise
        except DataUnavailableError as exc:
            problems.append(exc)
        else:
            for problem in problems:  # a wrong mirror copy is worth fixing, though the download worked
                if isinstance(problem, HashMismatchError):
                    warnings.warn(f"{problem}; the pinned url was downloaded instead.", stacklevel=2)
            return got
    else:
        problems.append(DataUnavailableError("download disabled"))
    raise _unavailable(dataset, record, mirror, problems)


def _unavailable(dataset: Dataset, record: FileRecord, mirror: Path | None,
                 problems: list[DataUnavailableError]) -> DataUnavailableError:
    """One error listing every way tried; a HashMismatchError if any copy was the wrong file."""
    mismatched = any(isinstance(p, HashMismatchError) for p in problems)
    if mismatched:
        fix = (f"replace the wrong copy with the pinned file (its sha256 is in the catalog and in the mirror's "
               f"{dataset.id}/source.json), or connect to the network so the pinned url can be downloaded.")
    else:
        fix = (f"connect to the network, or set {MIRROR_ENV} to a folder holding {dataset.id}/{record.name} "
               f"(e.g. {MIRROR_ENV}=../shared/data)." + ("" if mirror is not None else f" {MIRROR_ENV} is not set."))
    lines = "".join(f"\n  - {p}" for p in problems)
    cls = HashMismatchError if mismatched else DataUnavailableError
    return cls(f"Cannot get dataset '{dataset.id}' file {record.name}:{lines}\n"
               f"  pinned url: {record.url}\nFix: {fix}")
