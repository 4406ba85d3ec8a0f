"""Rendering on a Dask cluster: a LocalCluster of two worker processes, the same reports as the local pool."""

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")
import dask  # noqa: E402 (installed with distributed)

from helpers import cli
from helpers.report import cluster, runner
from report_fixtures import TWO_THEMES, notebooks_folder, statuses, write_notebook

RENDERED_LINE = re.compile(r'<p class="ca-rendered">Rendered [^<]*</p>')
INDEX_TIMES = re.compile(r"<small>[0-9.]+ s · ([^·<]*) · [^<]*</small>")  # duration · data vintage · time
TIMES = {"duration_s", "rendered_at", "failed_at"}


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory):
    """The `themes` fixture's two notebooks (gdp, plain), in a folder the cluster's workers are started with."""
    with notebooks_folder(tmp_path_factory.mktemp("cluster-notebooks"), TWO_THEMES) as folder:
        yield folder  # set before the workers start: they inherit it


@pytest.fixture(scope="module")
def scheduler(notebooks):
    """The address of a LocalCluster: two worker processes of one thread each."""
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as lc:
        yield lc.scheduler_address


def report_files(out: Path) -> dict[str, bytes]:
    """Every file of a reports folder but the lock, with the 'Rendered ...' line and run times taken out."""
    found = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file() and p.name != ".render.lock"):
        name, payload = path.relative_to(out).as_posix(), path.read_bytes()
        if name == "index.html":
            payload = INDEX_TIMES.sub(r"\1", payload.decode()).encode()
        elif name.endswith(".html"):
            payload = RENDERED_LINE.sub("", payload.decode()).encode()
        elif name.endswith(".ipynb"):
            payload = b"executed notebook"  # papermill records run times and paths in it
        elif name.endswith(".json") and "/data/" not in name:
            payload = json.dumps({k: v for k, v in json.loads(payload).items() if k not in TIMES}).encode()
        found[name] = payload
    return found


def test_a_matrix_on_the_cluster_gives_the_local_pool_s_reports_and_skips_them_next_time(scheduler, tmp_path):
    jobs = runner.plan(["gdp", "plain"], ["KAZ", "UZB"])
    said = []
    on_cluster = runner.run(jobs, tmp_path / "cluster", scheduler=scheduler, say=said.append)
    local = runner.run(jobs, tmp_path / "local", workers=2, say=lambda _: None)

    assert set(statuses(on_cluster).values()) == set(statuses(local).values()) == {"ok"}
    assert said[0] == f"4 reports: 0 up to date, 4 to render on the Dask cluster at {scheduler}"
    assert sorted(line.split(": ")[0].split("] ")[1] for line in said if line.startswith("[") and ": ok in" in line) \
        == ["gdp/KAZ", "gdp/UZB", "plain/KAZ", "plain/UZB"]
    cluster_files, local_files = report_files(tmp_path / "cluster"), report_files(tmp_path / "local")
    assert {"KAZ/data/gdp/gdp.csv", "KAZ/data/KAZ-gdp-data.zip", "UZB/plain.json", "index.html"} <= set(cluster_files)
    assert cluster_files == local_files  # HTML, figure data, zips, manifests, index: byte for byte
    assert [p.name for p in (tmp_path / "cluster").rglob("*.part")] == []

    again = runner.run(jobs, tmp_path / "cluster", scheduler=scheduler, say=said.append)
    assert set(statuses(again).values()) == {"up to date"}
    assert said[-1] == "4 reports: 4 up to date, 0 to render"


def test_a_failing_cell_is_named_as_by_the_local_pool_and_not_run_again(scheduler, notebooks, tmp_path):
    runs = tmp_path / "runs.txt"
    write_notebook(notebooks, "broken", f"open({str(runs)!r}, 'a').write('run\\n')",
                   "raise ValueError(f'no data for {country}')")
    jobs = runner.plan(["broken"], ["KAZ"])
    messages = {}
    for name, scheduled in (("cluster", scheduler), ("local", None)):
        out = tmp_path / name
        (outcome,) = runner.run(jobs, out, scheduler=scheduled, say=lambda _: None)
        assert outcome.status == "failed"
        messages[name] = outcome.message.replace(str(out), "OUT")
        record = json.loads((out / "KAZ" / "broken.json").read_text())
        assert record["status"] == "failed" and record["error"] == outcome.message
        assert (out / "KAZ" / "broken.failed.ipynb").is_file()
        assert not (out / "KAZ" / "broken.html").exists()
    assert messages["cluster"] == messages["local"] == (
        "broken for KAZ failed at cell 2 (\"raise ValueError(f'no data for {country}')\"): ValueError: no data "
        "for KAZ. Executed notebook kept at OUT/KAZ/broken.failed.ipynb; the previous report (if any) is untouched.")
    assert runs.read_text() == "run\nrun\n"  # once on the cluster, once locally: a cell error is not retried


def test_a_job_whose_worker_is_killed_is_rendered_on_another_worker(scheduler, notebooks, tmp_path):
    marker = tmp_path / "killed-once"
    write_notebook(notebooks, "killer", f"""import os, pathlib, signal
if not pathlib.Path({str(marker)!r}).exists():
    pathlib.Path({str(marker)!r}).write_text(str(os.getppid()))
    os.kill(os.getppid(), signal.SIGKILL)  # the Dask worker process, like the out-of-memory killer
    os._exit(1)
print('rendered after', {str(marker)!r})""")
    out = tmp_path / "reports"

    outcomes = runner.run(runner.plan(["killer", "plain"], ["KAZ"]), out, scheduler=scheduler, say=lambda _: None)

    assert statuses(outcomes) == {"killer/KAZ": "ok", "plain/KAZ": "ok"}
    with distributed.Client(scheduler) as client:  # the worker that rendered it first is gone ...
        assert int(marker.read_text()) not in client.run(os.getpid).values()
    assert "rendered after" in (out / "KAZ" / "killer.html").read_text()  # ... and the report made on another
    assert json.loads((out / "KAZ" / "killer.json").read_text())["status"] == "ok"


def test_the_command_line_takes_the_scheduler_from_the_flag_or_the_environment(scheduler, tmp_path, monkeypatch,
                                                                               capsys):
    monkeypatch.setenv("CA_REPORTS_DIR", str(tmp_path / "reports"))
    monkeypatch.setenv(cluster.SCHEDULER_ENV, scheduler)
    assert cli.main(["render", "plain", "--country", "TJK"]) == 0
    assert "1 to render on the Dask cluster at" in capsys.readouterr().out

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT_S", 1)
    assert cli.main(["render", "plain", "--country", "TKM", "--scheduler", "tcp://127.0.0.1:9"]) == cli.EXIT_NO_CLUSTER
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and error[0].startswith("error: cannot reach the Dask scheduler at tcp://127.0.0.1:9 (")


@pytest.mark.slow
def test_ctrl_c_mid_run_on_the_cluster_keeps_finished_reports_and_the_next_run_renders_the_rest(
        scheduler, notebooks, tmp_path):
    first, release = tmp_path / "first", tmp_path / "release"  # the first report to start is quick, ...
    write_notebook(notebooks, "nap", f"""import os, pathlib, time
try:
    os.close(os.open({str(first)!r}, os.O_CREAT | os.O_EXCL))
except FileExistsError:  # ... the others wait until the test lets them go
    for _ in range(600):
        if pathlib.Path({str(release)!r}).exists():
            break
        time.sleep(0.1)
print(country)""")
    out = tmp_path / "reports"
    env = {**os.environ, "CA_REPORTS_DIR": str(out), cluster.SCHEDULER_ENV: scheduler}
    command = [sys.executable, "-m", "helpers", "render", "nap"]
    run = subprocess.Popen(command, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 90
    while not list(out.glob("*/nap.json")) and time.monotonic() < deadline:
        time.sleep(0.05)
    run.send_signal(signal.SIGINT)
    stdout, stderr = run.communicate(timeout=60)
    release.touch()

    assert run.returncode == 128 + signal.SIGINT, stderr
    done = sorted(p.parent.name for p in out.glob("*/nap.html"))
    assert len(done) == 1
    assert stderr.strip().splitlines()[-1].startswith(f"interrupted by SIGINT: {len(done)} report(s) rendered")
    assert [p.name for pattern in runner.TEMPORARY_PATTERNS for p in out.rglob(pattern)] == []
    assert all(json.loads((out / c / "nap.json").read_text())["status"] == "ok" for c in done)

    resumed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0
    assert f"5 reports: {len(done)} up to date, {5 - len(done)} to render on the Dask cluster" in resumed.stdout


@pytest.mark.slow  # a cluster of its own
def test_a_job_that_kills_every_worker_it_meets_fails_named(notebooks, tmp_path):
    write_notebook(notebooks, "always_killer", "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nos._exit(1)")
    out = tmp_path / "reports"
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), distributed.LocalCluster(
            n_workers=1, processes=True, threads_per_worker=1, dashboard_address=None) as lc:
        (outcome,) = runner.run(runner.plan(["always_killer"], ["KGZ"]), out, scheduler=lc.scheduler_address,
                                say=lambda _: None)
        after = runner.run(runner.plan(["plain"], ["KGZ"]), out, scheduler=lc.scheduler_address, say=lambda _: None)

    assert outcome.status == "failed" and outcome.message == (
        "always_killer for KGZ: the Dask worker rendering it died 1 time(s) (out of memory?); "
        "the previous report (if any) is untouched")
    assert json.loads((out / "KGZ" / "always_killer.json").read_text())["error"] == outcome.message
    assert statuses(after) == {"plain/KGZ": "ok"}  # the worker the scheduler restarted renders the next report


def test_a_stop_signal_while_a_report_lands_waits_until_it_stands_with_its_manifest(scheduler, tmp_path,
                                                                                     monkeypatch):
    landing = cluster.land

    def land_under_a_signal(shipped, out_dir, context):
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.2)  # a KeyboardInterrupt raised where the signal falls would strike here
        return landing(shipped, out_dir, context)

    monkeypatch.setattr(cluster, "land", land_under_a_signal)
    out = tmp_path / "reports"
    with pytest.raises(runner.RenderInterrupted) as stopped:
        runner.run(runner.plan(["plain"], ["KAZ", "KGZ", "TJK"]), out, scheduler=scheduler, say=lambda _: None)

    landed = sorted(p.parent.name for p in out.glob("*/plain.html"))
    assert 1 <= len(landed) < 3 and sorted(j.country for j in stopped.value.rendered) == landed
    assert all(json.loads((out / c / "plain.json").read_text())["status"] == "ok" for c in landed)
