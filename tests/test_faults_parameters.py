"""Parameter faults: each is refused with one line before any kernel starts, or reaches the notebook inert.

Library calls raise ``ParameterError``; the command line prints one ``error:``
line, exits 2 and leaves the reports folder exactly as it was.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers import report
from helpers.report import params
from report_fixtures import write_notebook

COUNTRY_CHOICES = "KAZ (Kazakhstan), UZB (Uzbekistan), KGZ (Kyrgyzstan), TJK (Tajikistan), TKM (Turkmenistan)"
REPO_ROOT = Path(__file__).resolve().parents[1]
HOSTILE = 'x" + str(__import__("os").system("touch PWNED")) + "\n\'\'\'\\ """ {country} $(touch PWNED2)'


@pytest.mark.parametrize("theme, given, message", [
    ("energy", {"country": "QQQ"}, f"Unknown country 'QQQ'; choose one of {COUNTRY_CHOICES}"),
    ("energy", {"country": "KAZZ"}, "Unknown country 'KAZZ' (did you mean KAZ?)"),
    ("energy", {"start_year": 2020, "end_year": 2010},
     "Empty year range: start_year=2020 is after end_year=2010; give start_year <= end_year"),
    ("energy", {"start_year": 2026}, "Empty year range: start_year=2026 is after end_year=2025"),
    ("energy", {"start_year": 1066}, "start_year=1066 is outside 1960-"),
    ("energy", {"end_year": "2020; import os"}, "end_year='2020; import os' is not a positive whole number"),
    ("energy", {"end_year": True}, "end_year=True is not a positive whole number"),
    ("security", {"period_years": 0}, "period_years=0 is not a positive whole number"),
    ("energy", {"peers": ["RUS", "ZZZ"]}, "Unknown peer code(s) ['ZZZ']; use ISO 3166 alpha-3 codes"),
    ("energy", {"country": "KAZ", "peers": ["RUS", "kaz"]},
     "peers include the report's own country KAZ; leave it out (peers are compared with KAZ)"),
    ("energy", {"peers": "RUS"}, "peers='RUS' must be a list of codes, e.g. ['RUS', 'CHN']"),
    ("energy", {"peers": 5}, "peers=5 must be a list of codes"),
    ("energy", {"peers": ["KAZ"]}, "peers include the report's own country KAZ"),  # KAZ is the default country
    ("energy", {"end_year": "²"}, "end_year='²' is not a positive whole number"),
    ("connectivity", {"trade_file": 5}, "trade_file=5 is not a file"),
    ("energy", {"colour": "red"}, "Notebook 'energy' has no parameter(s) ['colour']; its parameters are: country, peers"),
    ("energie", {}, "Unknown theme 'energie'; choose one of: alignment, brief"),
    ("../notebooks/energy", {}, "Unknown theme '../notebooks/energy'; choose one of:"),
    ("energy", {"country": 'KAZ"\nimport os'}, "Unknown country 'KAZ\"\\nimport os'"),
    ("connectivity", {"trade_file": "/no/such\nfile.csv"}, "trade_file='/no/such\\nfile.csv' is not a file"),
])
def test_bad_parameter_is_refused_with_one_line(theme, given, message):
    with pytest.raises(params.ParameterError) as err:
        params.validate(theme, given)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("argv, message", [
    (["energy", "--country", "FRA"], "error: Unknown country 'FRA'"),
    (["energy", "--country", "KAZ", "--start-year", "2020", "--end-year", "2000"], "error: Empty year range"),
    (["energy", "--country", "KAZ", "--start-year", "20x0"], "error: argument --start-year: invalid int value: '20x0'"),
    (["energy", "--country", "KAZ", "--workers", "-1"], "error: argument --workers: '-1' is not a positive whole number"),
    (["energy", "--country", "KAZ", "--peers", "KAZ", "RUS"], "error: peers include the report's own country KAZ"),
    (["energie"], "error: Unknown theme 'energie'; choose one of:"),
    (["--country", "KAZ"], "error: name a theme"),
    (["energy", "--country", HOSTILE], "error: Unknown country "),
])
def test_cli_refuses_before_any_kernel_and_leaves_reports_alone(argv, message, tmp_path):
    reports = tmp_path / "reports"
    (reports / "KAZ").mkdir(parents=True)
    good = reports / "KAZ" / "energy.html"
    good.write_text("a good report")
    env = {**os.environ, "CA_REPORTS_DIR": str(reports)}

    result = subprocess.run([sys.executable, "-m", "helpers", "render", *argv],
                            capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)

    assert result.returncode == 2
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1
    assert sorted(p.relative_to(reports).as_posix() for p in reports.rglob("*")) == ["KAZ", "KAZ/energy.html"]
    assert good.read_text() == "a good report"
    assert not list(tmp_path.glob("PWNED*"))


def test_hostile_strings_reach_the_notebook_as_inert_literals(tmp_path, monkeypatch):
    """A string parameter with quotes, newlines, backslashes and code is injected as data, never run."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    write_notebook(notebooks, "echo", "print(repr(trade_file))", parameters='country = "KAZ"\ntrade_file = None')
    monkeypatch.setenv(params.NOTEBOOKS_ENV, str(notebooks))
    # the parameter names a real file: its name is the hostile string
    folder = tmp_path / "in"
    folder.mkdir()
    hostile_file = folder / HOSTILE.replace("/", "|")
    hostile_file.write_text("x")
    monkeypatch.chdir(tmp_path)

    rendered = report.render("echo", {"country": "KAZ", "trade_file": str(hostile_file)}, out_dir=tmp_path / "out")

    executed = nbformat.read(rendered.notebook, as_version=4)
    printed = [o["text"] for c in executed.cells for o in c.get("outputs", []) if o.get("name") == "stdout"]
    assert printed == [repr(str(hostile_file)) + "\n"]
    assert not list(tmp_path.rglob("PWNED*")) and not list(notebooks.glob("PWNED*"))


# --- parameters a report folder or a job is named by ------------------------------------------

def test_a_padded_or_lower_case_country_is_the_same_report(tmp_path):
    """'KAZ ', 'kaz' and ' KAZ' are KAZ: one job, its values normalised, never a folder named 'KAZ '."""
    from helpers.report import runner

    jobs = runner.plan(["energy"], ["KAZ ", "kaz", " KAZ"], start_year="2015", peers=["rus ", "RUS"])

    assert jobs == [runner.Job("energy", "KAZ", (("peers", ("RUS",)), ("start_year", 2015)))]
    assert jobs[0].parameters == {"country": "KAZ", "peers": ("RUS",), "start_year": 2015}


def test_a_relative_reports_folder_is_made_absolute(themes, tmp_path, monkeypatch):
    """The kernel runs in notebooks/: a relative CA_REPORTS_DIR must not move with it."""
    from helpers.report import runner

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CA_REPORTS_DIR", "out/reports")
    assert report.reports_dir() == tmp_path / "out" / "reports"

    outcomes = runner.run(runner.plan(["plain"], ["KAZ"]), Path("out/reports"), say=lambda _: None)

    assert [(o.status, o.message) for o in outcomes] == [("ok", "")]
    assert (tmp_path / "out" / "reports" / "KAZ" / "plain.html").is_file()


def test_an_empty_reports_folder_variable_is_refused_and_nothing_is_written(tmp_path):
    env = {**os.environ, "CA_REPORTS_DIR": ""}

    result = subprocess.run([sys.executable, "-m", "helpers", "render", "energy", "--country", "KAZ"],
                            capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)

    assert result.returncode == 2
    assert result.stderr.strip() == ("error: CA_REPORTS_DIR is set but empty; give it a folder, or unset it "
                                     f"to write to {REPO_ROOT / 'reports'}")
    assert list(tmp_path.iterdir()) == []  # no index, lock or sweep in the current folder


@pytest.fixture
def odd_files(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    huge = tmp_path / "huge.csv"
    with open(huge, "wb") as fh:
        fh.truncate(200 * 2**20 + 1)  # sparse: no disk used
    return {"empty": str(empty), "huge": str(huge), "kmsg": "/proc/kmsg"}


@pytest.mark.parametrize("which, message", [
    ("kmsg", "trade_file='/proc/kmsg' is 0 bytes; a trade CSV must hold 1 byte to 200 MiB"),
    ("empty", "is 0 bytes; a trade CSV must hold 1 byte to 200 MiB"),
    ("huge", "is 209,715,201 bytes; a trade CSV must hold 1 byte to 200 MiB"),
])
def test_a_trade_file_that_is_no_csv_is_refused_by_its_size(odd_files, which, message):
    if which == "kmsg" and not Path("/proc/kmsg").exists():
        pytest.skip("no /proc/kmsg here")
    with pytest.raises(params.ParameterError) as err:
        params.validate("connectivity", {"country": "KAZ", "trade_file": odd_files[which]})
    assert message in str(err.value)


def test_the_cache_key_never_reads_a_file_that_does_not_end(tmp_path):
    """/proc/kmsg says it is an empty regular file and never ends: hashing it hung every run."""
    if not Path("/proc/kmsg").exists():
        pytest.skip("no /proc/kmsg here")
    code = ("from pathlib import Path; from helpers.report import manifest\n"
            f"manifest.cache_key(Path({str(params.notebook_path('connectivity'))!r}), "
            "{'country': 'KAZ', 'trade_file': '/proc/kmsg'}, 'h', {}, {})")

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)

    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "helpers.report.params.ParameterError: trade_file='/proc/kmsg' is 0 bytes; "
        "a trade CSV must hold 1 byte to 200 MiB")
