"""Run faults: a notebook that fails or kills its kernel, SIGINT/SIGTERM mid-run, two runs at once.

Each case snapshots the reports folder before and after: a good report is never
lost or replaced by a half-written one, no temporary file stays behind, and the
next run renders only what is missing. The signal cases run the real command
line in its own process; they take 10-20 s each and are marked ``slow``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from helpers import report
from helpers.data import catalog
from helpers.report import params
from helpers.report import lock, manifest, runner, site
from report_fixtures import FIGURE, statuses, write_notebook

SLEEPY = "import time\ntime.sleep(1.5)\nprint(country)"
WAIT_FOR_RELEASE = """import os, pathlib, time
release, waited = pathlib.Path(os.environ["CA_TEST_RELEASE"]), 0.0
while not release.exists() and waited < 60:
    time.sleep(0.05)
    waited += 0.05"""


def snapshot(out: Path) -> dict[str, tuple[int, bytes]]:
    """Every report, manifest and figure-data file under ``out``: path -> (mtime, bytes).

    The site-wide pages (index, search), rebuilt by every run that renders, are not reports.
    """
    return {p.relative_to(out).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(out.rglob("*")) if p.is_file() and p.suffix in {".html", ".json", ".csv"}
            and p.parent != out and p.relative_to(out).parts[0] != "search"}


def temporaries(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for pattern in runner.TEMPORARY_PATTERNS
                  for p in out.rglob(pattern))


def _unstamped(page: bytes) -> bytes:
    """A report without its one 'Rendered <minute>' line (a render a minute later is the same report)."""
    return re.sub(rb'<p class="ca-rendered">[^<]*</p>', b"", page)


def lost(record_property, before: dict, out: Path) -> list[str]:
    """Reports (html) present before that are gone or changed now; the count goes to the README check."""
    gone = [name for name in before if name.endswith(".html")
            and (not (out / name).exists() or _unstamped((out / name).read_bytes()) != _unstamped(before[name][1]))]
    record_property("reports_lost", len(gone))
    return gone


def cli(*args: str, env: dict, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "helpers", "render", *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


@pytest.fixture
def sleepy(tmp_path):
    """Two themes whose notebooks take 1.5 s each; the environment a CLI run needs to use them."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for theme in ("alpha", "beta"):
        write_notebook(notebooks, theme, SLEEPY)
    out = tmp_path / "reports"
    env = {**os.environ, params.NOTEBOOKS_ENV: str(notebooks), "CA_REPORTS_DIR": str(out)}
    return notebooks, out, env


def wait_for(condition, timeout: float = 90, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


# --- a notebook that fails ---------------------------------------------------------------

def test_failing_notebook_keeps_the_previous_report_and_names_the_cell(tmp_path, monkeypatch, record_property):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    write_notebook(notebooks, "broken", "x = 1", "raise ValueError('EI table changed shape')")
    monkeypatch.setenv(params.NOTEBOOKS_ENV, str(notebooks))
    out = tmp_path / "reports"
    (out / "KAZ").mkdir(parents=True)
    previous = out / "KAZ" / "broken.html"
    previous.write_text("previous good report")
    before = snapshot(out)

    with pytest.raises(report.RenderError) as err:
        report.render("broken", {"country": "KAZ"}, out_dir=out)

    assert str(err.value).startswith("broken for KAZ failed at cell 2 (\"raise ValueError('EI table changed shape')\"): "
                                     "ValueError: EI table changed shape.")
    assert err.value.in_cell
    assert lost(record_property, before, out) == []
    assert sorted(p.name for p in (out / "KAZ").iterdir()) == ["broken.failed.ipynb", "broken.html"]


def test_a_kernel_that_dies_mid_notebook_is_named_and_loses_nothing(tmp_path, monkeypatch, record_property):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    write_notebook(notebooks, "crash", "x = 1", "import os\nos._exit(1)  # like an out-of-memory kill", "print('never')")
    monkeypatch.setenv(params.NOTEBOOKS_ENV, str(notebooks))
    out = tmp_path / "reports"
    (out / "KAZ").mkdir(parents=True)
    (out / "KAZ" / "crash.html").write_text("previous good report")
    before = snapshot(out)

    with pytest.raises(report.RenderError) as err:
        report.render("crash", {"country": "KAZ"}, out_dir=out)

    assert "crash for KAZ failed at cell 2 ('import os'): the kernel died while running it" in str(err.value)
    assert not err.value.in_cell  # worth a retry: the runner tries again with a fresh kernel
    assert lost(record_property, before, out) == []
    assert sorted(p.name for p in (out / "KAZ").iterdir()) == ["crash.failed.ipynb", "crash.html"]


def test_a_failing_notebook_leaves_the_others_and_the_old_report(themes, tmp_path, record_property):
    out = tmp_path / "reports"
    jobs = runner.plan(["gdp", "plain"], ["KAZ"])
    runner.run(jobs, out, say=lambda _: None)
    before = {k: v for k, v in snapshot(out).items() if k.startswith("KAZ/plain")}

    write_notebook(themes, "plain", "x = 1", "raise KeyError('indicator renamed upstream')")
    write_notebook(themes, "gdp", FIGURE, "print('edited')")
    outcomes = runner.run(jobs, out, workers=2, say=lambda _: None)
    text, code = runner.summary(outcomes)

    assert statuses(outcomes) == {"gdp/KAZ": "ok", "plain/KAZ": "failed"}
    assert code == 1
    assert "FAILED plain/KAZ: plain for KAZ failed at cell 2" in text and "indicator renamed upstream" in text
    assert lost(record_property, before, out) == []
    assert (out / "KAZ" / "plain.failed.ipynb").exists()
    record = json.loads((out / "KAZ" / "plain.json").read_text())
    assert record["status"] == "failed" and record["html_is_previous_good"] is True
    index = (out / "index.html").read_text()
    assert 'href="KAZ/plain.html">previous good report' in index and 'href="KAZ/gdp.html"' in index
    assert temporaries(out) == []


# --- SIGINT and SIGTERM during a full render ----------------------------------------------

def interrupt_mid_run(sleepy, signum: int, whole_group: bool, times: int = 1):
    """Start a 10-report run, signal it ``times`` once two reports exist; return (code, stderr, alive)."""
    _notebooks, out, env = sleepy
    process = cli("--all", "--workers", "2", env=env, start_new_session=True)
    wait_for(lambda: len(list(out.glob("*/*.json"))) >= 2, what="two finished reports")
    descendants = psutil.Process(process.pid).children(recursive=True)  # workers, manager, kernels
    assert len(descendants) >= 4
    for _ in range(times):
        if whole_group:
            os.killpg(process.pid, signum)  # what Ctrl-C in a terminal does
        else:
            process.send_signal(signum)  # what `kill` or a job scheduler does
        time.sleep(0.2)
    _stdout, stderr = process.communicate(timeout=60)
    gone, alive = psutil.wait_procs(descendants, timeout=10)
    return process.returncode, stderr, alive


def check_nothing_half_written(out: Path) -> list[str]:
    """Every report on disk is whole and has an 'ok' manifest; return the rendered labels."""
    assert temporaries(out) == []
    html = sorted(p.relative_to(out).as_posix() for p in out.glob("*/*.html"))
    manifests = sorted(p.relative_to(out).as_posix() for p in out.glob("*/*.json"))
    assert [h[:-5] for h in html] == [m[:-5] for m in manifests]
    for name in html:
        assert (out / name).read_text(encoding="utf-8").rstrip().endswith("</html>")
        assert json.loads((out / (name[:-5] + ".json")).read_text())["status"] == "ok"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('<span class="ok">ok</span>') == len(html)
    return html


@pytest.mark.slow
def test_sigterm_mid_run_writes_nothing_half_and_the_next_run_resumes(sleepy, record_property):
    _notebooks, out, env = sleepy

    code, stderr, alive = interrupt_mid_run(sleepy, signal.SIGTERM, whole_group=False)

    assert code == 128 + signal.SIGTERM
    assert alive == []  # no worker or kernel left running
    done = check_nothing_half_written(out)
    assert 2 <= len(done) < 10
    assert stderr.strip().splitlines()[-1] == (
        f"interrupted by SIGTERM: {len(done)} report(s) rendered before it, their files complete; reports in "
        "progress were not written. Run the same command again to render only what is missing.")
    before = snapshot(out)

    resumed = subprocess.run([sys.executable, "-m", "helpers", "render", "--all", "--workers", "2"],
                             env=env, capture_output=True, text=True, timeout=180)

    assert resumed.returncode == 0
    assert f"10 reports: {len(done)} up to date, {10 - len(done)} to render" in resumed.stdout
    assert f"rendered {10 - len(done)}, up to date {len(done)}, failed 0" in resumed.stdout
    after = snapshot(out)
    assert {k: v for k, v in after.items() if k in before} == before  # finished reports untouched
    assert len(check_nothing_half_written(out)) == 10
    assert lost(record_property, before, out) == []


@pytest.mark.slow
def test_ctrl_c_twice_mid_run_stops_workers_and_kernels_and_keeps_finished_reports(sleepy):
    _notebooks, out, _env = sleepy

    code, stderr, alive = interrupt_mid_run(sleepy, signal.SIGINT, whole_group=True, times=2)  # an impatient user

    assert code == 128 + signal.SIGINT
    assert alive == []
    done = check_nothing_half_written(out)
    assert stderr.strip().splitlines()[-1].startswith(f"interrupted by SIGINT: {len(done)} report(s) rendered")


@pytest.mark.slow
def test_workers_and_kernels_die_with_a_killed_parent(sleepy):
    _notebooks, out, env = sleepy
    process = cli("--all", "--workers", "2", env=env)
    wait_for(lambda: len(list(out.glob("*/*.json"))) >= 1, what="a finished report")
    descendants = psutil.Process(process.pid).children(recursive=True)

    process.kill()  # like the out-of-memory killer: no handler runs in the parent
    process.wait(timeout=10)
    _gone, alive = psutil.wait_procs(descendants, timeout=15)

    assert alive == []  # no orphan keeps writing once the folder's lock is gone
    manifests = sorted(out.glob("*/*.json"))
    time.sleep(2)
    assert sorted(out.glob("*/*.json")) == manifests
    with lock.hold(out):
        pass  # the lock died with its holder


def test_leftovers_of_a_killed_run_are_removed_and_only_missing_reports_render(themes, tmp_path, record_property):
    out = tmp_path / "reports"
    jobs = runner.plan(["plain"], ["KAZ", "UZB"])
    runner.run(jobs, out, say=lambda _: None)
    before = snapshot(out)
    # what `kill -9` in the middle of the next run leaves: partial files, one report's manifest gone
    (out / "UZB" / "plain.json").unlink()
    del before["UZB/plain.json"]
    for leftover in ("KAZ/.plain.running.ipynb", "KAZ/plain.html.part", "UZB/plain.json.part", "UZB/.plain.datasets",
                     "index.html.part"):
        (out / leftover).write_text("half")
    said = []

    outcomes = runner.run(jobs, out, say=said.append)

    assert said[0] == "removed 5 half-written file(s) left by an interrupted run"
    assert said[1] == "2 reports: 1 up to date, 1 to render with 1 worker process(es)"
    assert statuses(outcomes) == {"plain/KAZ": "up to date", "plain/UZB": "ok"}
    assert temporaries(out) == []
    assert snapshot(out)["KAZ/plain.html"] == before["KAZ/plain.html"]
    assert lost(record_property, before, out) == []


def test_a_damaged_manifest_is_shown_and_the_report_rendered_again(themes, tmp_path):
    out = tmp_path / "reports"
    jobs = runner.plan(["plain"], ["KAZ"])
    runner.run(jobs, out, say=lambda _: None)
    (out / "KAZ" / "plain.json").write_text('{"status": "ok", "cache_')  # cut mid-write by a full disk

    site.write_index(out)
    assert '<td class="failed">manifest unreadable: render again</td>' in (out / "index.html").read_text()

    outcomes = runner.run(jobs, out, say=lambda _: None)

    assert statuses(outcomes) == {"plain/KAZ": "ok"}
    assert json.loads((out / "KAZ" / "plain.json").read_text())["status"] == "ok"


# --- two runs on the same reports folder ---------------------------------------------------

def test_a_second_run_on_a_busy_folder_refuses_with_one_line(sleepy, record_property):
    _notebooks, out, env = sleepy
    (out / "KAZ").mkdir(parents=True)
    (out / "KAZ" / "alpha.html").write_text("a good report")
    before = snapshot(out)

    with lock.hold(out):
        second = subprocess.run([sys.executable, "-m", "helpers", "render", "--all"], env=env,
                                capture_output=True, text=True, timeout=120)

    assert second.returncode == 75
    assert second.stderr.startswith(f"error: another render (pid {os.getpid()}, started ")
    assert second.stderr.rstrip().endswith(f"is writing to {out}; wait for it to finish, or render into another "
                                           "folder with CA_REPORTS_DIR=<folder>")
    assert len(second.stderr.strip().splitlines()) == 1
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [".render.lock", "KAZ", "KAZ/alpha.html"]
    assert lost(record_property, before, out) == []


@pytest.mark.slow
def test_two_runs_started_together_one_renders_one_refuses(sleepy, tmp_path):
    notebooks, out, env = sleepy
    write_notebook(notebooks, "alpha", WAIT_FOR_RELEASE)  # the first run holds the lock until released
    env = {**env, "CA_TEST_RELEASE": str(tmp_path / "release")}
    first = cli("--theme", "alpha", "--country", "KAZ", "UZB", env=env)
    wait_for(lambda: (out / lock.LOCK_NAME).exists() and "pid" in (out / lock.LOCK_NAME).read_text(),
             what="the first run to take the lock")
    second = cli("--theme", "alpha", "--country", "KAZ", "UZB", env=env)

    second_out, second_err = second.communicate(timeout=120)
    (tmp_path / "release").touch()
    first_out, first_err = first.communicate(timeout=120)

    assert (first.returncode, second.returncode) == (0, 75)
    assert f"error: another render (pid {first.pid}, started " in second_err
    assert "rendered 2, up to date 0, failed 0" in first_out
    assert len(check_nothing_half_written(out)) == 2
    assert (out / lock.LOCK_NAME).read_text() == ""  # released


def test_the_lock_is_released_when_its_holder_dies(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from pathlib import Path; "
                               "from helpers.report import lock\n"
                               f"with lock.hold(Path({str(tmp_path)!r})):\n    print('held', flush=True); time.sleep(60)"],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "held\n"
    with pytest.raises(lock.ReportsBusyError, match=f"another render \\(pid {holder.pid}, started "):
        with lock.hold(tmp_path):
            pass

    holder.kill()
    holder.wait(timeout=10)

    with lock.hold(tmp_path) as path:  # no stale lock after a kill -9
        assert path.read_text().startswith(f"pid {os.getpid()}, started ")


# --- one report asked for twice ------------------------------------------------------------

def test_the_same_report_asked_for_twice_renders_once(themes, tmp_path):
    out = tmp_path / "reports"
    said = []

    outcomes = runner.run(runner.plan(["plain"], ["KAZ", "kaz", " KAZ", "kaz "]) * 2, out, workers=2, say=said.append)

    assert [(o.job.label, o.status) for o in outcomes] == [("plain/KAZ", "ok")]
    assert said[0] == "1 reports: 0 up to date, 1 to render with 1 worker process(es)"
    assert sorted(p.name for p in out.iterdir()) == [".render.lock", "KAZ", "index.html", "search", "search.html"]
    assert json.loads((out / "KAZ" / "plain.json").read_text())["datasets"] == {}
    assert temporaries(out) == []


def test_an_error_message_ending_in_a_full_stop_gets_no_second_one(themes, tmp_path):
    write_notebook(themes, "plain", "raise ValueError('The table changed shape.')")

    with pytest.raises(report.RenderError) as err:
        report.render("plain", {"country": "KAZ"}, out_dir=tmp_path / "reports")

    assert "ValueError: The table changed shape. Executed notebook kept at " in str(err.value)
    assert ".." not in str(err.value)


# --- symbolic links in the reports folder ---------------------------------------------------

def test_a_lock_file_that_is_a_symlink_is_refused_and_its_target_untouched(tmp_path):
    out, target = tmp_path / "reports", tmp_path / "precious.txt"
    out.mkdir()
    target.write_text("not yours to truncate")
    (out / lock.LOCK_NAME).symlink_to(target)

    with pytest.raises(lock.ReportsFolderError) as err:
        with lock.hold(out):
            pass

    assert str(err.value) == (f"{out / lock.LOCK_NAME} is a symbolic link; remove it "
                              "(the lock is a plain file inside the reports folder)")
    assert target.read_text() == "not yours to truncate"


def test_the_sweep_of_half_written_files_never_follows_a_symlink(tmp_path):
    out, elsewhere = tmp_path / "reports", tmp_path / "elsewhere"
    (out / "UZB").mkdir(parents=True)
    elsewhere.mkdir()
    for name in ("plain.html.part", ".plain.running.ipynb"):
        (elsewhere / name).write_text("someone else's file")
    (out / "KAZ").symlink_to(elsewhere, target_is_directory=True)
    (out / "UZB" / "plain.html.part").write_text("half")
    (out / "UZB" / "gdp.html.part").symlink_to(elsewhere / "plain.html.part")

    removed = runner.remove_temporaries(out)

    assert sorted(p.relative_to(out).as_posix() for p in removed) == ["UZB/gdp.html.part", "UZB/plain.html.part"]
    assert sorted(p.name for p in elsewhere.iterdir()) == [".plain.running.ipynb", "plain.html.part"]
    assert (out / "KAZ").is_symlink()


# --- manifests of the wrong shape ----------------------------------------------------------

@pytest.mark.parametrize("bad", [[1], {"status": "ok", "duration_s": "slow"}])
def test_a_manifest_of_the_wrong_shape_counts_as_none_with_a_warning(themes, tmp_path, bad):
    out = tmp_path / "reports"
    (out / "KAZ").mkdir(parents=True)
    (out / "KAZ" / "plain.html").write_text("a report")
    (out / "KAZ" / "plain.json").write_text(json.dumps(bad))
    job = runner.plan(["plain"], ["KAZ"])[0]

    with pytest.warns(manifest.ManifestWarning, match=r"manifest .*plain.json is .*; it is ignored and the report "
                                                      "renders again"):
        assert manifest.read(out / "KAZ" / "plain.json") is None
        assert not runner.is_up_to_date(job, out, runner.Context.now())
        site.write_index(out)

    assert '<td class="failed">manifest unreadable: render again</td>' in (out / "index.html").read_text()


# --- curated project data in the cache key ---------------------------------------------------

def fake_report(out: Path, job, context, datasets: dict) -> None:
    """A report and manifest as a good render leaves them (no kernel needed to test staleness)."""
    html, record = runner._paths(job, out)
    html.parent.mkdir(parents=True, exist_ok=True)
    html.write_text("a report")
    record.write_text(json.dumps({"status": "ok", "datasets": datasets,
                                  "cache_key": runner._key(job, context, datasets)}))


def test_an_edit_to_a_curated_data_file_makes_reports_stale(themes, tmp_path, monkeypatch):
    from helpers.themes import engagement

    assert engagement.TIMELINE_PATH.parent == manifest.CURATED_DIR  # the file the engagement notebook reads
    curated = tmp_path / "data"
    curated.mkdir()
    (curated / "us_engagement_timeline.csv").write_text("date,event\n2015-11-01,C5+1 launched\n")
    monkeypatch.setattr(manifest, "CURATED_DIR", curated)
    out, job = tmp_path / "reports", runner.plan(["plain"], ["KAZ"])[0]
    fake_report(out, job, runner.Context.now(), {})
    assert runner.is_up_to_date(job, out, runner.Context.now())

    (curated / "us_engagement_timeline.csv").write_text("date,event\n2015-11-01,C5+1 founded\n")

    assert not runner.is_up_to_date(job, out, runner.Context.now())


def test_an_edit_to_a_dataset_licence_or_title_makes_its_reports_stale(themes, tmp_path, monkeypatch):
    out = tmp_path / "reports"
    gdp, plain = runner.plan(["gdp", "plain"], ["KAZ"])
    context = runner.Context.now()
    fake_report(out, gdp, context, manifest.dataset_hashes(["wdi_gdp_usd"]))
    fake_report(out, plain, context, {})
    real = catalog.get
    monkeypatch.setattr(catalog, "get", lambda dataset_id: dataclasses.replace(
        real(dataset_id), license_short="CC BY-SA 4.0") if dataset_id == "wdi_gdp_usd" else real(dataset_id))

    assert not runner.is_up_to_date(gdp, out, runner.Context.now())  # its figures credit the licence
    assert runner.is_up_to_date(plain, out, runner.Context.now())  # read no dataset


# --- a worker killed outright ------------------------------------------------------------------

KILL_MY_WORKER = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)  # like the out-of-memory killer\nos._exit(1)"


def test_a_killed_worker_fails_its_report_only_and_the_others_render(themes, tmp_path, record_property):
    write_notebook(themes, "killer", KILL_MY_WORKER)
    out = tmp_path / "reports"
    jobs = runner.plan(["plain"], ["KAZ", "UZB", "KGZ"]) + runner.plan(["killer"], ["KAZ"])
    said = []

    outcomes = runner.run(jobs, out, workers=2, say=said.append)

    assert statuses(outcomes) == {"plain/KAZ": "ok", "plain/UZB": "ok", "plain/KGZ": "ok", "killer/KAZ": "failed"}
    message = {o.job.label: o.message for o in outcomes}["killer/KAZ"]
    assert message == ("killer for KAZ: the worker process rendering it died (killed by SIGKILL; out of memory?); "
                       "the previous report (if any) is untouched")
    assert f"FAILED killer/KAZ: {message}" in runner.summary(outcomes)[0]
    assert [line.split("] ")[1] for line in said if "killer/KAZ" in line and line.startswith("[")][-1].startswith(
        "killer/KAZ: failed in 0.0 s")  # the progress line names it too
    record = json.loads((out / "KAZ" / "killer.json").read_text())
    assert record["status"] == "failed" and record["error"] == message
    assert temporaries(out) == []
    assert len(check_nothing_half_written_but(out, "KAZ/killer")) == 3


def check_nothing_half_written_but(out: Path, failed: str) -> list[str]:
    """Every report but ``failed`` is whole with an 'ok' manifest; return their names."""
    html = sorted(p.relative_to(out).as_posix() for p in out.glob("*/*.html"))
    for name in html:
        assert (out / name).read_text(encoding="utf-8").rstrip().endswith("</html>")
        assert json.loads((out / (name[:-5] + ".json")).read_text())["status"] == "ok"
    assert f"{failed}.html" not in html
    return html


# --- a full disk or a read-only reports folder -------------------------------------------------

WRITES_FAIL = '''import builtins, errno, io, os
_folder, _code = os.environ["CA_TEST_FOLDER"], getattr(errno, os.environ["CA_TEST_ERRNO"])
_open, _os_open = builtins.open, os.open


def _check(path, writing):
    path = os.path.abspath(os.fspath(path)) if isinstance(path, (str, os.PathLike)) else ""
    if writing and path.startswith(_folder + os.sep):
        if _code == errno.ENOSPC and path.endswith(".render.lock"):
            return  # the lock file is there already: it takes no new block
        if _code == errno.ENOSPC:  # a full disk: the file is made, then the write fails half-way
            _os_open(path, os.O_WRONLY | os.O_CREAT, 0o644)
        raise OSError(_code, os.strerror(_code), path)


def _patched_open(file, mode="r", *args, **kwargs):
    _check(file, any(c in mode for c in "wax+"))
    return _open(file, mode, *args, **kwargs)


def _patched_os_open(path, flags, *args, **kwargs):
    _check(path, flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
    return _os_open(path, flags, *args, **kwargs)


builtins.open = io.open = _patched_open
os.open = _patched_os_open
'''


def cli_with_failing_writes(out: Path, errno_name: str, env: dict, tmp_path: Path, *args: str):
    """The command line in a process (and workers, kernels) where every write under ``out`` fails."""
    site_dir = tmp_path / "site"
    site_dir.mkdir(exist_ok=True)
    (site_dir / "sitecustomize.py").write_text(WRITES_FAIL)
    env = {**env, "PYTHONPATH": str(site_dir), "CA_TEST_FOLDER": str(out), "CA_TEST_ERRNO": errno_name}
    return subprocess.run([sys.executable, "-m", "helpers", "render", *args], env=env, capture_output=True,
                          text=True, timeout=300)


def test_a_full_disk_stops_the_run_with_one_line_and_keeps_the_good_reports(sleepy, tmp_path, record_property):
    notebooks, out, env = sleepy
    assert subprocess.run([sys.executable, "-m", "helpers", "render", "alpha", "--country", "KAZ", "UZB"],
                          env=env, capture_output=True, timeout=300).returncode == 0
    before = snapshot(out)
    write_notebook(notebooks, "alpha", "print('edited', country)")  # both reports are stale now

    result = cli_with_failing_writes(out, "ENOSPC", env, tmp_path, "alpha", "--country", "KAZ", "UZB")

    assert result.returncode == 73
    assert "Traceback" not in result.stderr  # (a kernel's own warnings may come before the line)
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith(f"error: cannot write to the reports folder {out}: No space left on device ({out}/")
    assert line.endswith("); free space or make it writable, or render into another folder with "
                         "CA_REPORTS_DIR=<folder>")
    assert [e for e in result.stderr.splitlines() if e.startswith("error")] == [line]
    assert temporaries(out) == [] and not list(out.rglob("*.part"))
    assert lost(record_property, before, out) == []
    assert snapshot(out) == before


def test_a_read_only_reports_folder_is_named_in_one_line_even_with_nothing_to_render(sleepy, tmp_path):
    _notebooks, out, env = sleepy
    assert subprocess.run([sys.executable, "-m", "helpers", "render", "alpha", "--country", "KAZ"],
                          env=env, capture_output=True, timeout=300).returncode == 0
    before = snapshot(out)

    result = cli_with_failing_writes(out, "EROFS", env, tmp_path, "alpha", "--country", "KAZ")

    assert result.returncode == 73
    assert result.stderr.strip() == (f"error: cannot write to the reports folder {out}: Read-only file system "
                                     f"({out / lock.LOCK_NAME}); free space or make it writable, or render into "
                                     "another folder with CA_REPORTS_DIR=<folder>")
    assert snapshot(out) == before
