"""One render at a time per reports folder: an advisory lock on ``<reports>/.render.lock``.

The lock is an ``flock`` on an open file, so the system releases it when the
holder exits, however it exits: a killed run never leaves a stale lock. A
second run does not wait; it refuses at once with the holder's pid.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

LOCK_NAME = ".render.lock"


class ReportsBusyError(RuntimeError):
    """Another run holds the lock on this reports folder."""


@contextlib.contextmanager
def hold(out_dir: Path) -> Iterator[Path]:
    """Hold the folder's lock for the duration of the block, or raise ReportsBusyError."""
    path = out_dir / LOCK_NAME
    with open(path, "a+", encoding="utf-8") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "unknown pid"
            raise ReportsBusyError(
                f"another render ({holder}) is writing to {out_dir}; wait for it to finish, "
                "or render into another folder with CA_REPORTS_DIR=<folder>") from None
        try:
            fh.seek(0)
            fh.truncate()
            started = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
            fh.write(f"pid {os.getpid()}, started {started}")
            fh.flush()
            yield path
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)
