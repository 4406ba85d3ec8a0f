"""Benchmark: the naive way (papermill CLI, then nbconvert CLI, per report, in sequence)
against the runner (``python -m helpers render --all``) from a cold report cache, the
runner's no-op rerun, and the same cold render on a Dask ``LocalCluster`` (two worker
processes, ``--scheduler``). Prints wall time and peak memory (RSS summed over the process
tree; the cluster's workers are outside that tree, so its memory is not comparable).

    .venv/bin/python benchmarks/render_benchmark.py [--themes energy ...] [--countries KAZ ...]

Needs the data in the cache or a mirror (CA_DATA_MIRROR). Not a test: timings vary by machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
from distributed import LocalCluster

from helpers.report import params
from helpers.data.countries import CENTRAL_ASIA

BIN = Path(sys.executable).parent


def measure(commands: list[list[str]], env: dict) -> tuple[float, float]:
    """Run commands one after another; return (wall seconds, peak MiB of the whole process tree)."""
    peak = 0.0
    started = time.perf_counter()
    for command in commands:
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        root = psutil.Process(process.pid)
        stop = threading.Event()

        def sample():
            nonlocal peak
            while not stop.is_set():
                try:
                    tree = [root] + root.children(recursive=True)
                    peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()) / 2**20)
                except psutil.Error:
                    pass
                time.sleep(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = process.wait()
        stop.set()
        sampler.join()
        if code != 0:
            raise SystemExit(f"benchmark step failed ({code}): {' '.join(command)}")
    return time.perf_counter() - started, peak


def naive_commands(themes, countries, out: Path) -> list[list[str]]:
    commands = []
    for theme in themes:
        for country in countries:
            executed = out / country / f"{theme}.ipynb"
            executed.parent.mkdir(parents=True, exist_ok=True)
            commands.append([str(BIN / "papermill"), str(params.notebook_path(theme)), str(executed),
                             "-p", "country", country, "--cwd", str(params.notebooks_dir()), "--no-progress-bar"])
            commands.append([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)])
    return commands


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--themes", nargs="+", default=params.themes())
    parser.add_argument("--countries", nargs="+", default=list(CENTRAL_ASIA))
    args = parser.parse_args()
    reports = len(args.themes) * len(args.countries)
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        env = {**os.environ, "CA_REPORTS_DIR": str(scratch / "warm-up")}
        # Warm the data and parsed-table caches so both ways start from the same state.
        measure([[sys.executable, "-m", "helpers", "render", "--theme", *args.themes, "--country", args.countries[0]]], env)
        naive = measure(naive_commands(args.themes, args.countries, scratch / "naive"), env)
        env["CA_REPORTS_DIR"] = str(scratch / "runner")
        runner_cmd = [[sys.executable, "-m", "helpers", "render", "--theme", *args.themes, "--country", *args.countries]]
        cold = measure(runner_cmd, env)
        noop = measure(runner_cmd, env)
        env["CA_REPORTS_DIR"] = str(scratch / "cluster")
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            on_cluster = measure([[*runner_cmd[0], "--scheduler", cluster.scheduler_address]], env)
    cpu = platform.processor() or platform.machine()
    print(f"{reports} reports ({', '.join(args.themes)} x {' '.join(args.countries)}) on {os.cpu_count()} cores, "
          f"{psutil.virtual_memory().total / 2**30:.0f} GiB, {cpu}, Python {platform.python_version()}")
    print("| run | wall time (s) | peak memory (MiB) |\n|---|---:|---:|")
    for label, (seconds, mib) in (("(a) naive: papermill CLI + nbconvert CLI, sequential", naive),
                                  ("(b) runner, cold report cache", cold), ("(c) runner, no-op rerun", noop),
                                  ("(d) runner on a Dask LocalCluster (2 workers), cold", on_cluster)):
        print(f"| {label} | {seconds:.1f} | {mib:.0f} |")
    print(f"\nspeed-up a/b: {naive[0] / cold[0]:.2f}x")


if __name__ == "__main__":
    main()
