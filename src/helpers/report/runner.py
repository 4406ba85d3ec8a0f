"""Render many reports: parallel processes, retries of kernel start failures, incremental.

``run(jobs)`` skips every report whose manifest says it is up to date (see
:mod:`helpers.report.manifest` for what invalidates one), renders the rest in
worker processes (one per core by default), prints progress, writes a
manifest beside each report and rebuilds ``index.html``. A failing notebook
does not stop the others; the previous good HTML stays in place.

One run at a time writes to a reports folder (:mod:`helpers.report.lock`).
SIGINT, SIGTERM or SIGHUP stops the workers and their kernels (see
:mod:`helpers.report.signals`), removes the half-written files of the reports
in progress and raises :class:`RenderInterrupted`; every finished report
stays with its manifest, and the next run renders only what is missing.
"""

from __future__ import annotations

import concurrent.futures as cf
import ctypes
import datetime as dt
import multiprocessing
import os
import shutil
import signal
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from multiprocessing.managers import SyncManager
from pathlib import Path

from helpers.report import params
from helpers.data.countries import CENTRAL_ASIA
from helpers.report import lock, manifest, signals, site, sweep

KERNEL_START_ATTEMPTS = 3
PR_SET_PDEATHSIG = 1  # prctl option: signal this process when its parent dies
# what a render writes before moving a finished file into place (see helpers.report.render)
TEMPORARY_PATTERNS = (".*.running.ipynb", "*.html.part", "*.json.part", ".*.datasets", "*.js.part", "*.zip.part",
                      ".*.part", ".*.old")
STOPPED_BY_POOL = {0, 128 + signal.SIGTERM, -signal.SIGTERM}  # exit codes of workers the pool itself stopped


class RenderInterrupted(Exception):
    """SIGINT, SIGTERM or SIGHUP stopped a run; ``rendered`` lists the reports it finished."""

    def __init__(self, signum: int, rendered: list[Job]):
        self.signum, self.rendered = signum, rendered
        super().__init__(f"interrupted by {signal.Signals(signum).name}: {len(rendered)} report(s) rendered before "
                         "it, their files complete; reports in progress were not written. "
                         "Run the same command again to render only what is missing.")


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Stop(BaseException):
    """Raised in the main thread by the SIGTERM/SIGHUP handler, like KeyboardInterrupt for SIGINT."""

    def __init__(self, signum: int):
        self.signum = signum


def _raise_stop(signum, frame):
    raise Stop(signum)


@dataclass(frozen=True)
class Job:
    theme: str
    country: str
    extra: tuple = ()  # further parameters as sorted (name, value) pairs
    name: str = ""  # the report's file name: the theme's, or a sweep's (``energy--start-2010``)

    def __post_init__(self):
        if not self.name:
            object.__setattr__(self, "name", self.theme)

    @property
    def parameters(self) -> dict:
        return {"country": self.country, **dict(self.extra)}

    @property
    def label(self) -> str:
        return f"{self.name}/{self.country}"


@dataclass
class Outcome:
    job: Job
    status: str  # "ok", "failed" or "up to date"
    seconds: float = 0.0
    message: str = ""
    attempts: int = 0
    datasets: tuple = field(default=())


@dataclass(frozen=True)
class Context:
    """What every job's cache key shares, computed once per run."""
    helpers_hash: str
    versions: dict
    commit: str
    curated_hash: str

    @classmethod
    def now(cls) -> "Context":
        return cls(manifest.helpers_fingerprint(), manifest.package_versions(), manifest.git_commit(),
                   manifest.curated_fingerprint())


def plan(themes: Iterable[str] | None = None, countries: Iterable[str] | None = None, **extra) -> list[Job]:
    """Jobs for every (theme, country) pair; defaults: every notebook in notebooks/, all five states.

    Parameters are validated and normalised here, once ('kaz ' is KAZ, '2015' is 2015), and
    each job is listed once: two spellings of one report never race each other.
    """
    themes = list(themes) if themes else params.themes()
    countries = list(countries) if countries else list(CENTRAL_ASIA)
    for theme in themes:
        params.notebook_path(theme)  # unknown theme: ParameterError listing the themes
    extra = {k: v for k, v in extra.items() if v is not None}
    jobs = []
    for theme in themes:
        # a theme-specific parameter (e.g. trade_file) goes only to the notebooks that declare it
        own = {k: v for k, v in extra.items() if k in params.declared(theme)} if extra else {}
        jobs += [_job(theme, params.validate(theme, {"country": country, **own})) for country in countries]
    unused = set(extra) - {k for job in jobs for k, _ in job.extra}
    if unused:
        raise params.ParameterError(f"No selected notebook has parameter(s) {sorted(unused)}")
    return list(dict.fromkeys(jobs))


def plan_sweep(themes: Iterable[str] | None, countries: Iterable[str] | None, grid: dict[str, list],
               **extra) -> list[Job]:
    """``plan`` for every point of ``grid``, each job named after its parameters (see :mod:`sweep`).

    A parameter equal to the notebook's default is left out, so the defaults' point is the
    theme's own report; two different reports that would get one name raise ParameterError.
    """
    extra = {k: v for k, v in extra.items() if v is not None}
    twice = sorted(set(extra) & set(grid))
    if twice:
        raise params.ParameterError(f"{twice} given both as an option and in the sweep grid; give them in one place")
    jobs = [_sweep_job(job) for point in sweep.points(grid) for job in plan(themes, countries, **extra, **point)]
    jobs = list(dict.fromkeys(jobs))
    seen: dict[str, Job] = {}
    for job in jobs:
        other = seen.setdefault(job.label, job)
        if other != job:
            raise params.ParameterError(f"sweep points {dict(other.extra)} and {dict(job.extra)} both give the "
                                        f"report name {job.name} for {job.country}; make their values distinct")
    return jobs


def _sweep_job(job: Job) -> Job:
    """``job`` without its default-valued parameters, named after the others."""
    initial = _job(job.theme, {**params.defaults(job.theme), "country": job.country}).extra
    extra = tuple(item for item in job.extra if item not in initial)
    return replace(job, extra=extra, name=sweep.report_name(job.theme, dict(extra)))


def _job(theme: str, clean: dict) -> Job:
    """The job for validated parameters (lists as tuples, so that equal jobs compare equal)."""
    extra = {k: tuple(v) if isinstance(v, list) else v for k, v in clean.items() if k != "country"}
    return Job(theme, clean["country"], tuple(sorted(extra.items())))


def _paths(job: Job, out_dir: Path) -> tuple[Path, Path]:
    folder = out_dir / job.country
    return folder / f"{job.name}.html", folder / f"{job.name}.json"


def _key(job: Job, context: Context, dataset_ids) -> str:
    return manifest.cache_key(params.notebook_path(job.theme), job.parameters, context.helpers_hash,
                              manifest.dataset_hashes(dataset_ids), context.versions,
                              manifest.dataset_records(dataset_ids), context.curated_hash)


def is_up_to_date(job: Job, out_dir: Path, context: Context) -> bool:
    html, record_path = _paths(job, out_dir)
    record = manifest.read(record_path)
    if not record or record.get("status") != "ok" or not html.exists():
        return False
    return record.get("cache_key") == _key(job, context, record.get("datasets", {}))


def _render_with_retries(job: Job, out_dir: Path, kernel=None, published=None):
    """Render one report; retry when the kernel fails to start (ZMQ port clashes, start time-outs).

    ``published(rendered, attempt)`` runs as the report lands (see ``report.render``).
    """
    from helpers import report

    for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
        on_publish = (lambda rendered, attempt=attempt: published(rendered, attempt)) if published else None
        try:
            return report.render(job.theme, job.parameters, out_dir=out_dir, kernel=kernel,
                                 published=on_publish, name=job.name), attempt
        except report.RenderError as exc:
            if exc.in_cell or attempt == KERNEL_START_ATTEMPTS or lock.write_fault(exc):
                raise
            time.sleep(0.5 * attempt)


def run_job(job: Job, out_dir: Path, context: Context, current: dict | None = None) -> Outcome:
    """Render one report in this process and write its manifest (also on failure).

    ``current`` (shared with the parent) maps worker pid -> the report it is rendering now.
    """
    if current is not None:
        current[os.getpid()] = job.label
    try:
        return _run_job(job, out_dir, context)
    finally:
        if current is not None:
            current.pop(os.getpid(), None)


def _run_job(job: Job, out_dir: Path, context: Context) -> Outcome:
    """Render one report; a write that fails in the reports folder raises ReportsFolderError."""
    try:
        return _render_job(job, out_dir, context)
    except (OSError, RuntimeError) as exc:
        fault = lock.write_fault(exc)
        if fault is None:
            raise
        raise lock.ReportsFolderError.of(out_dir, fault) from None


def _base_record(job: Job, context: Context) -> dict:
    variant = {"name": job.name, "variant": sweep.describe(job.parameters)} if job.name != job.theme else {}
    return {"theme": job.theme, "country": job.country, "parameters": job.parameters,
            "git_commit": context.commit, "packages": context.versions, "helpers_hash": context.helpers_hash,
            "curated_hash": context.curated_hash, "html": f"{job.name}.html", **variant}


def _record_failure(job: Job, out_dir: Path, context: Context, message: str, seconds: float) -> Outcome:
    """Write the failed manifest (keeping what the last good one said) and return the outcome."""
    html, record_path = _paths(job, out_dir)
    manifest.write(record_path, {**(manifest.read(record_path) or {}), **_base_record(job, context),
                                 "status": "failed", "error": message,
                                 "failed_notebook": f"{job.name}.failed.ipynb", "duration_s": round(seconds, 2),
                                 "failed_at": _utc_now(), "html_is_previous_good": html.exists()})
    return Outcome(job, "failed", seconds, message)


def _render_job(job: Job, out_dir: Path, context: Context) -> Outcome:
    from helpers import report
    from helpers.report.kernels import worker_kernel

    html, record_path = _paths(job, out_dir)
    record_path.parent.mkdir(parents=True, exist_ok=True)
    base = _base_record(job, context)
    started = time.perf_counter()

    def record(rendered, attempts: int) -> None:  # runs as the HTML lands: the two are one step
        datasets = manifest.dataset_hashes(rendered.datasets)
        manifest.write(record_path, {**base, "status": "ok", "datasets": datasets,
                                     "data_vintage": site.data_vintage(datasets),
                                     "cache_key": _key(job, context, datasets),
                                     "duration_s": round(rendered.seconds, 2), "rendered_at": _utc_now(),
                                     "kernel_start_attempts": attempts, "notebook": rendered.notebook.name})

    try:
        rendered, attempts = _render_with_retries(job, out_dir, worker_kernel(), record)
    except report.RenderError as exc:
        if lock.write_fault(exc):
            raise
        return _record_failure(job, out_dir, context, str(exc), time.perf_counter() - started)
    return Outcome(job, "ok", rendered.seconds, attempts=attempts, datasets=rendered.datasets)


def _utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def run(jobs: list[Job], out_dir: Path, workers: int | None = None, force: bool = False,
        say: Callable[[str], None] = print, scheduler: str | None = None) -> list[Outcome]:
    """Render the stale jobs in parallel, rebuild the index, and return every job's outcome.

    With ``scheduler`` (a Dask scheduler's address) the jobs run on that cluster
    (:mod:`helpers.report.cluster`), else in local worker processes.

    Raises ``lock.ReportsBusyError`` if another run is writing to ``out_dir``,
    ``lock.ReportsFolderError`` when the folder cannot be written (full, read-only: the run stops,
    its half-written files are removed, finished reports stay), and ``RenderInterrupted`` on
    SIGINT/SIGTERM (after cleaning up).
    """
    out_dir = Path(out_dir).resolve()  # the kernels run in notebooks/: a relative folder would move
    jobs = list(dict.fromkeys(jobs))
    context = Context.now()
    for job in _stale(jobs, out_dir, context, force):  # bad parameters fail here, before any file is written
        params.validate(job.theme, job.parameters)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise lock.ReportsFolderError.of(out_dir, exc) from None
    with lock.hold(out_dir):
        try:
            return _run_locked(jobs, out_dir, context, workers, force, say, scheduler)
        except lock.ReportsFolderError:
            _remove_temporaries_quietly(out_dir)
            raise
        except OSError as exc:
            if lock.write_fault(exc) is None:
                raise
            _remove_temporaries_quietly(out_dir)
            raise lock.ReportsFolderError.of(out_dir, exc) from None


def _run_locked(jobs: list[Job], out_dir: Path, context: Context, workers: int | None, force: bool,
                say: Callable[[str], None], scheduler: str | None) -> list[Outcome]:
    """``run`` under the folder's lock."""
    leftovers = remove_temporaries(out_dir)
    if leftovers:
        say(f"removed {len(leftovers)} half-written file(s) left by an interrupted run")
    todo = _stale(jobs, out_dir, context, force)
    outcomes = [Outcome(j, "up to date") for j in jobs if j not in todo]
    workers = min(workers or _default_workers(), max(1, len(todo)))
    where = f" on the Dask cluster at {scheduler}" if scheduler else f" with {workers} worker process(es)"
    say(f"{len(jobs)} reports: {len(outcomes)} up to date, {len(todo)} to render" + (where if todo else ""))
    done: list[Outcome] = []
    previous = set_stop_signal_handlers({signal.SIGINT: signal.default_int_handler,  # KeyboardInterrupt
                                         signal.SIGTERM: _raise_stop, signal.SIGHUP: _raise_stop})
    try:
        if todo and scheduler:
            from helpers.report import cluster

            cluster.execute(todo, out_dir, context, scheduler, say, done)
        elif todo:
            _execute(todo, out_dir, context, workers, say, done)
    except (KeyboardInterrupt, Stop) as stop:
        remove_temporaries(out_dir)
        site.write_index(out_dir)
        rendered = [j for j in todo if is_up_to_date(j, out_dir, context)]  # what landed, from the disk
        raise RenderInterrupted(getattr(stop, "signum", signal.SIGINT), rendered) from None
    finally:
        set_stop_signal_handlers(previous)
    site.write_index(out_dir)
    return outcomes + done


def _stale(jobs: list[Job], out_dir: Path, context: Context, force: bool) -> list[Job]:
    return list(jobs) if force else [j for j in jobs if not is_up_to_date(j, out_dir, context)]


def set_stop_signal_handlers(handlers):
    """Install a handler for every STOP_SIGNAL (one for all, or a {signal: handler} dict); return the previous ones.

    Only the main thread can; elsewhere nothing changes and None is returned.
    """
    if handlers is None or threading.current_thread() is not threading.main_thread():
        return None
    return {s: signal.signal(s, handlers[s] if isinstance(handlers, dict) else handlers) for s in STOP_SIGNALS}


def remove_temporaries(out_dir: Path) -> list[Path]:
    """Delete the half-written files of renders that did not finish; call only under the lock.

    Symbolic links are never followed: a linked folder is not searched, a linked file is
    removed as a link.
    """
    folders = [out_dir, *_real_folders(out_dir)]
    folders += [d for folder in folders[1:] for d in _real_folders(folder) if d.name == "data"]  # figure data
    found = sorted({p for folder in folders for pattern in TEMPORARY_PATTERNS for p in folder.glob(pattern)})
    for path in found:
        if stat.S_ISDIR(path.lstat().st_mode):
            shutil.rmtree(path)  # a figure-data folder staged or set aside by a run that did not finish
        else:
            path.unlink(missing_ok=True)
    return found


def _real_folders(folder: Path) -> list[Path]:
    """The sub-folders of ``folder`` that are folders themselves, not links to one."""
    return [d for d in folder.iterdir() if stat.S_ISDIR(d.lstat().st_mode)]


def _remove_temporaries_quietly(out_dir: Path) -> None:
    """remove_temporaries when the folder may be unreadable: what cannot be removed there was never written."""
    try:
        remove_temporaries(out_dir)
    except OSError:
        pass


def _init_worker(parent_pid: int) -> None:
    """Workers leave SIGINT and SIGHUP to the parent; on SIGTERM they kill their kernel and exit.

    On Linux a worker also gets SIGTERM when the parent dies (even by SIGKILL), so no
    orphan keeps writing to a folder whose lock has been released.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signals.stop_worker)
    _die_with_parent(parent_pid)


def _die_with_parent(parent_pid: int) -> None:
    """Ask Linux for SIGTERM when the parent process dies (a no-op elsewhere)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)


def _execute(todo: list[Job], out_dir: Path, context: Context, workers: int, say, done: list[Outcome]) -> None:
    """Render ``todo`` in worker processes, appending each outcome to ``done`` as it arrives.

    A worker that dies (``kill -9``, the out-of-memory killer) breaks its pool: the report it was
    rendering fails, named, and the others start again in a new pool.
    """
    spawn = multiprocessing.get_context("spawn")  # fresh interpreters: no inherited ZMQ or thread state
    shared = SyncManager(ctx=spawn)  # holds the "rendering now" map; dies with this process too
    shared.start(_die_with_parent, (os.getpid(),))
    with shared:
        current = shared.dict()
        remaining = list(todo)
        while remaining:
            remaining = _execute_in_pool(remaining, len(todo), out_dir, context, workers, say, done, current, spawn)


def _execute_in_pool(jobs: list[Job], total: int, out_dir: Path, context: Context, workers: int, say,
                     done: list[Outcome], current, spawn) -> list[Job]:
    """Render ``jobs`` in one pool; return those to render again because a worker died."""
    with cf.ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=spawn, initializer=_init_worker,
                                initargs=(os.getpid(),)) as pool:
        try:
            futures = {pool.submit(run_job, job, out_dir, context, current): job for job in jobs}
            processes = dict(pool._processes or {})  # pid -> Process (no public handle): who died, and how
            broken, pending = [], set(futures)
            while pending:
                finished, pending = cf.wait(pending, timeout=5, return_when=cf.FIRST_COMPLETED)
                processes.update(pool._processes or {})
                for future in finished:
                    job = futures[future]
                    try:
                        outcome = future.result()
                    except cf.process.BrokenProcessPool:
                        broken.append(job)
                        continue
                    except lock.ReportsFolderError:
                        raise
                    except Exception as exc:  # a worker crash must not stop the others
                        outcome = Outcome(job, "failed", message=f"{type(exc).__name__}: {exc}")
                    _progress(outcome, done, total, current, say)
                if not finished:
                    say(f"[{len(done)}/{total}] still rendering: " + ", ".join(sorted(current.values())))
        except BaseException:
            set_stop_signal_handlers(signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short (run() restores)
            _stop_workers(pool)
            raise
    return _after_a_worker_died(broken, processes, current, out_dir, context, say, done, total) if broken else []


def _progress(outcome: Outcome, done: list[Outcome], total: int, current, say) -> None:
    done.append(outcome)
    running = sorted(current.values())
    retry = f" (kernel started on attempt {outcome.attempts})" if outcome.attempts > 1 else ""
    say(f"[{len(done)}/{total}] {outcome.job.label}: {outcome.status} in {outcome.seconds:.1f} s{retry}"
        + (f"; rendering {', '.join(running)}" if running else ""))


def _after_a_worker_died(broken: list[Job], processes: dict, current, out_dir: Path, context: Context, say,
                         done: list[Outcome], total: int) -> list[Job]:
    """Fail the report whose worker died, clean up, and return the broken pool's other jobs to retry.

    The pool stops its other workers itself (SIGTERM), so the one that died is the one with
    another exit code. When none can be named, every job of the pool fails (no endless restarts).
    """
    for process in processes.values():
        process.join(timeout=10)
    died = {pid: process.exitcode for pid, process in processes.items() if process.exitcode not in STOPPED_BY_POOL}
    labels = {current.get(pid): code for pid, code in died.items()}
    culprits = [job for job in broken if job.label in labels]
    current.clear()
    _remove_temporaries_quietly(out_dir)  # every worker of the pool has exited
    for job in culprits or broken:
        code = labels.get(job.label)
        how = (f"killed by {signal.Signals(-code).name}" if code is not None and code < 0 and -code in
               signal.valid_signals() else f"exit code {code}")
        cause = (f"the worker process rendering it died ({how}; out of memory?)" if culprits else
                 "a worker process died, and which report it was rendering is not known")
        message = f"{job.name} for {job.country}: {cause}; the previous report (if any) is untouched"
        _progress(_record_failure(job, out_dir, context, message, 0.0), done, total, current, say)
    retry = [job for job in broken if job not in culprits] if culprits else []
    if retry:
        say(f"restarting the workers for {len(retry)} report(s) that had not finished")
    return retry


def _stop_workers(pool: cf.ProcessPoolExecutor) -> None:
    """Cancel what has not started and terminate the workers (each kills its kernel first)."""
    processes = list((pool._processes or {}).values())  # the executor has no public handle on them
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=10)
        if process.is_alive():  # its handler could not run: no more waiting
            process.kill()
            process.join(timeout=5)


def summary(outcomes: list[Outcome]) -> tuple[str, int]:
    """Closing text and exit code (non-zero when any report failed)."""
    failed = [o for o in outcomes if o.status == "failed"]
    counts = {s: sum(o.status == s for o in outcomes) for s in ("ok", "up to date", "failed")}
    lines = [f"rendered {counts['ok']}, up to date {counts['up to date']}, failed {counts['failed']}"]
    lines += [f"FAILED {o.job.label}: {o.message}" for o in failed]
    return "\n".join(lines), 1 if failed else 0

