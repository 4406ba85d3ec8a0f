"""How a worker process stops: at once on SIGTERM, except while a report and its manifest are put in place.

The runner installs :func:`stop_worker` as a worker's SIGTERM handler. Inside
:func:`critical` (the few file moves that publish a finished report, and the
manifest write after them) the signal is noted and acted on when the block
ends, so a report never lands without its manifest. Python runs signal handlers
in the main thread between bytecodes, so a flag is enough.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

_depth = 0
_pending: int | None = None


@contextlib.contextmanager
def critical() -> Iterator[None]:
    """A block that a stop signal waits for (a no-op outside worker processes)."""
    global _depth
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0 and _pending is not None:
            _exit(_pending)


def stop_worker(signum, frame) -> None:
    """SIGTERM handler of a worker: kill its kernel and exit, after any critical block."""
    global _pending
    if _depth:
        _pending = signum
        return
    _exit(signum)


def _exit(signum: int) -> None:
    from helpers.report.kernels import kill_worker_kernel

    kill_worker_kernel()
    os._exit(128 + signum)
