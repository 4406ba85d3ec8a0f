"""One render at a time per reports folder: an advisory lock on ``<reports>/.render.lock``.

The lock is an ``flock`` on an open file, so the system releases it when the
holder exits, however it exits: a killed run never leaves a stale lock. A
second run does not wait; it refuses at once with the holder's pid.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import os
import stat
from collections.abc import Iterator
from pathlib import Path

LOCK_NAME = ".render.lock"
# an OSError with one of these, from a write in the reports folder, stops the run (ReportsFolderError)
WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}


class ReportsBusyError(RuntimeError):
    """Another run holds the lock on this reports folder."""


class ReportsFolderError(RuntimeError):
    """The reports folder cannot be written (full, read-only, or a link where a file belongs)."""

    @classmethod
    def of(cls, out_dir: Path, exc: OSError) -> "ReportsFolderError":
        """One line naming the folder and the cause, from the OSError of a write in it."""
        where = f" ({exc.filename})" if exc.filename else ""
        return cls(f"cannot write to the reports folder {out_dir}: {exc.strerror or exc}{where}; "
                   "free space or make it writable, or render into another folder with CA_REPORTS_DIR=<folder>")


def write_fault(exc: BaseException | None) -> OSError | None:
    """The OSError of a failed write (full disk, read-only folder) that is ``exc`` or caused it, if any."""
    while exc is not None:
        if isinstance(exc, OSError) and exc.errno in WRITE_ERRNOS:
            return exc
        exc = exc.__cause__
    return None


@contextlib.contextmanager
def hold(out_dir: Path) -> Iterator[Path]:
    """Hold the folder's lock for the duration of the block, or raise ReportsBusyError
    (ReportsFolderError when the lock file cannot be written, or is a link)."""
    path = out_dir / LOCK_NAME
    try:  # never through a symbolic link: the lock would truncate the file it points to
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ReportsFolderError(f"{path} is a symbolic link; remove it (the lock is a plain file "
                                     "inside the reports folder)") from None
        raise ReportsFolderError.of(out_dir, exc) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ReportsFolderError(f"{path} is not a plain file; remove it")
    with open(fd, "r+b", buffering=0) as fh:  # unbuffered: a failed write leaves nothing to flush
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().decode("utf-8", "replace").strip() or "unknown pid"
            raise ReportsBusyError(
                f"another render ({holder}) is writing to {out_dir}; wait for it to finish, "
                "or render into another folder with CA_REPORTS_DIR=<folder>") from None
        try:
            started = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
            try:
                fh.seek(0)
                fh.truncate()
                fh.write(f"pid {os.getpid()}, started {started}".encode())
            except OSError as exc:  # a full disk
                raise ReportsFolderError.of(out_dir, exc) from None
            yield path
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)
