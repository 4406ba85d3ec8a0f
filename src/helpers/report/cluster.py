"""Render the runner's jobs on a Dask cluster (``render --scheduler tcp://HOST:8786``).

A worker renders a job with :func:`runner.run_job`, the function the local pool
runs, into a scratch folder of its own, and sends back the report's files as
bytes. This process (the client) puts them into the reports folder the way
``report.render`` does: figure data staged, then data, HTML, executed notebook
and manifest moved into place in one step that a stop signal waits for.
Workers need the project and the data mirror, not the reports folder.

A worker that dies (``kill -9``, the out-of-memory killer) loses its job to the
scheduler, which runs it again on another worker (up to the scheduler's
``distributed.scheduler.allowed-failures``, then the report fails, named). A
cell error is an outcome, not an exception, so it is never run again; nor is any
other error a job raises (``retries=0``).
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from helpers import report
from helpers.report import figure_data, manifest, runner

SCHEDULER_ENV = "CA_DASK_SCHEDULER"
CONNECT_TIMEOUT_S = 10
PROGRESS_EVERY_S = 5
STOP_CHECK_S = 0.25  # how soon a stop signal is acted on
_ONE_AT_A_TIME = threading.Lock()  # a worker process has one warm kernel: its threads take turns


class ClusterError(RuntimeError):
    """The Dask scheduler cannot be reached, or a worker runs other code than this process."""


@dataclass
class Shipped:
    """What a worker sends back: the job's outcome and its files (relative to the country folder)."""
    outcome: runner.Outcome
    files: dict[str, bytes]
    scratch: str  # the worker's folder that stood for the reports folder (named in failure messages)


def render_on_worker(job: runner.Job, context: runner.Context) -> Shipped:
    """Render ``job`` in this worker into a scratch folder; return its files as bytes."""
    if manifest.helpers_fingerprint() != context.helpers_hash:
        raise ClusterError("this worker's helpers package differs from the client's; install the same "
                           "version of the project on every worker")
    with _ONE_AT_A_TIME, tempfile.TemporaryDirectory(prefix="ca-render-", dir=_scratch_parent()) as scratch:
        outcome = runner.run_job(job, Path(scratch), context)
        folder = Path(scratch) / job.country
        names = [f"{job.name}{end}" for end in (".html", ".ipynb", ".json", ".failed.ipynb")]
        paths = [folder / name for name in names] + sorted((folder / "data" / job.name).glob("*"))
        files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in paths if p.is_file()}
    return Shipped(outcome, files, scratch)


def _scratch_parent() -> str | None:
    """The Dask worker's own folder (purged by Dask when a killed worker left files), else the system's."""
    try:
        from distributed import get_worker

        return get_worker().local_directory
    except ValueError:  # not in a worker
        return None


def land(shipped: Shipped, out_dir: Path, context: runner.Context) -> runner.Outcome:
    """Write a worker's files into ``out_dir``: a good report whole with its manifest, or the failure."""
    outcome, files = shipped.outcome, shipped.files
    job = outcome.job
    folder = out_dir / job.country
    folder.mkdir(parents=True, exist_ok=True)
    failed = folder / f"{job.name}.failed.ipynb"
    if outcome.status != "ok":
        if failed.name in files:
            _write_atomically(failed, files[failed.name])
        return _fail(job, out_dir, context, outcome.message.replace(shipped.scratch, str(out_dir)), outcome.seconds)
    prefix = f"data/{job.name}/"
    data = {name[len(prefix):]: payload for name, payload in files.items() if name.startswith(prefix)}
    finals = [folder / f"{job.name}{end}" for end in (".html", ".ipynb", ".json")]
    parts = [path.with_name(f".{path.name}.part") for path in finals]
    try:
        figure_data.stage(data, folder, job.name, job.country)
        for final, part in zip(finals, parts):
            part.write_bytes(files[final.name])
    except BaseException:
        figure_data.discard(folder, job.name, job.country)
        for part in parts:
            part.unlink(missing_ok=True)
        raise
    report.publish(folder, job.name, job.country, list(zip(parts, finals)))
    return outcome


def _fail(job: runner.Job, out_dir: Path, context: runner.Context, message: str, seconds: float) -> runner.Outcome:
    """The failed outcome, with its manifest written (in a country folder made if need be)."""
    (out_dir / job.country).mkdir(parents=True, exist_ok=True)
    return runner._record_failure(job, out_dir, context, message, seconds)


def _write_atomically(path: Path, payload: bytes) -> None:
    part = path.with_name(f".{path.name}.part")
    part.write_bytes(payload)
    os.replace(part, path)


def connect(scheduler: str):
    """A ``distributed.Client`` of the scheduler at ``scheduler``, or ClusterError in one line."""
    from distributed import Client

    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT_S)
    except (OSError, ValueError) as exc:  # TimeoutError is an OSError
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} ({type(exc).__name__}: {exc})") from None


def execute(todo: list[runner.Job], out_dir: Path, context: runner.Context, scheduler: str,
            say: Callable[[str], None], done: list[runner.Outcome]) -> None:
    """Render ``todo`` on the cluster, landing each report and appending its outcome to ``done`` as it arrives.

    A stop signal is noted, not raised where it falls (Dask's client code could swallow it):
    the loop checks for one between reports and stops there, with ``runner.Stop``.
    """
    from distributed import wait

    client = connect(scheduler)
    run_id = uuid.uuid4().hex[:8]
    futures = {}
    stops: list[int] = []
    previous = runner.set_stop_signal_handlers(lambda signum, frame: stops.append(signum))
    try:
        futures = {client.submit(render_on_worker, job, context, key=f"render-{job.label}-{run_id}", pure=False,
                                 retries=0): job for job in todo}
        pending = set(futures)
        quiet_since = time.monotonic()
        while pending and not stops:
            try:
                finished, pending = wait(pending, timeout=STOP_CHECK_S, return_when="FIRST_COMPLETED")
            except TimeoutError:
                if time.monotonic() - quiet_since >= PROGRESS_EVERY_S:
                    say(f"[{len(done)}/{len(todo)}] still rendering: " + ", ".join(_running(client, futures).values()))
                    quiet_since = time.monotonic()
                continue
            for future in finished:
                outcome = _outcome(future, futures[future], out_dir, context)
                runner._progress(outcome, done, len(todo), _running(client, {f: futures[f] for f in pending}), say)
            quiet_since = time.monotonic()
        if stops:
            raise runner.Stop(stops[0])
    except BaseException:
        client.cancel(list(futures), force=True)  # what a worker renders now is thrown away, never landed
        raise
    finally:
        runner.set_stop_signal_handlers(previous)
        client.close()


def _outcome(future, job: runner.Job, out_dir: Path, context: runner.Context) -> runner.Outcome:
    """A finished future's outcome, its report landed or its failure recorded."""
    from distributed import KilledWorker

    try:
        shipped = future.result()
    except KilledWorker as exc:
        message = (f"{job.name} for {job.country}: the Dask worker rendering it died "
                   f"{exc.allowed_failures + 1} time(s) (out of memory?); the previous report "
                   "(if any) is untouched")
        return _fail(job, out_dir, context, message, 0.0)
    except Exception as exc:  # a job's error (raised on its worker) must not stop the others
        return runner.Outcome(job, "failed", message=f"{type(exc).__name__}: {exc}")
    return land(shipped, out_dir, context)  # a write that fails here stops the run: run() names the folder


def _running(client, futures: dict) -> dict[str, str]:
    """{task key: report label} of the jobs a worker is rendering now."""
    processing = {key for keys in client.processing().values() for key in keys}
    return {f.key: job.label for f, job in sorted(futures.items(), key=lambda item: item[1].label)
            if f.key in processing}
