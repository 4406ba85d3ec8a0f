"""The report runner: incremental, parallel, robust to a failing notebook, reproducible HTML."""

import json
import re

import nbformat
import pytest

from helpers import report
from helpers.report import params
from helpers.report import manifest, runner
from report_fixtures import statuses, write_notebook

def test_plan_discovers_every_notebook_and_state(themes):
    labels = [j.label for j in runner.plan()]
    assert labels[:5] == ["gdp/KAZ", "gdp/UZB", "gdp/KGZ", "gdp/TJK", "gdp/TKM"]
    assert len(labels) == 10
    with pytest.raises(params.ParameterError, match="choose one of: gdp, plain"):
        runner.plan(["energy"])


def test_second_run_renders_nothing_and_an_edit_renders_only_its_theme(themes, tmp_path):
    out = tmp_path / "reports"
    jobs = runner.plan(countries=["KAZ", "UZB"])
    first = runner.run(jobs, out, workers=2, say=lambda _: None)
    assert set(statuses(first).values()) == {"ok"}

    second = runner.run(jobs, out, workers=2, say=lambda _: None)
    assert set(statuses(second).values()) == {"up to date"}

    write_notebook(themes, "plain", "print('edited', country)")
    third = statuses(runner.run(jobs, out, workers=2, say=lambda _: None))
    assert third == {"gdp/KAZ": "up to date", "gdp/UZB": "up to date", "plain/KAZ": "ok", "plain/UZB": "ok"}

    forced = runner.run(jobs[:1], out, force=True, say=lambda _: None)
    assert statuses(forced) == {"gdp/KAZ": "ok"}


def test_manifest_records_what_the_report_depends_on(themes, tmp_path):
    out = tmp_path / "reports"
    runner.run(runner.plan(["gdp"], ["UZB"]), out, say=lambda _: None)
    record = json.loads((out / "UZB" / "gdp.json").read_text())
    assert record["status"] == "ok" and record["parameters"] == {"country": "UZB"}
    assert list(record["datasets"]) == ["wdi_gdp_usd"]
    assert record["datasets"]["wdi_gdp_usd"] == [manifest.dataset_hashes(["wdi_gdp_usd"])["wdi_gdp_usd"][0]]
    assert record["packages"]["papermill"] == manifest.package_versions()["papermill"]
    assert re.fullmatch(r"[0-9a-f]{40}(\+dirty)?|unknown", record["git_commit"])
    assert record["duration_s"] > 0 and record["data_vintage"] == "data to 2025"


def test_a_changed_dataset_hash_makes_the_report_stale(themes, tmp_path, monkeypatch):
    out = tmp_path / "reports"
    jobs = runner.plan(["gdp", "plain"], ["KAZ"])
    runner.run(jobs, out, say=lambda _: None)
    real = manifest.dataset_hashes
    monkeypatch.setattr(manifest, "dataset_hashes",
                        lambda ids: {k: ["0" * 64] if k == "wdi_gdp_usd" else v for k, v in real(ids).items()})
    context = runner.Context.now()
    assert not runner.is_up_to_date(jobs[0], out, context)  # gdp read wdi_gdp_usd
    assert runner.is_up_to_date(jobs[1], out, context)  # plain read no dataset


def test_kernel_start_failures_are_retried(monkeypatch, tmp_path):
    calls = []

    def flaky(theme, parameters, out_dir, kernel=None, published=None, name=None):
        calls.append(theme)
        if len(calls) < 3:
            raise report.RenderError("Kernel didn't respond in 60 seconds", in_cell=False)
        return "rendered"

    monkeypatch.setattr(report, "render", flaky)
    monkeypatch.setattr(runner.time, "sleep", lambda s: None)
    assert runner._render_with_retries(runner.Job("energy", "KAZ"), tmp_path) == ("rendered", 3)


def test_a_cell_error_is_not_retried(monkeypatch, tmp_path):
    calls = []

    def broken(theme, parameters, out_dir, kernel=None, published=None, name=None):
        calls.append(theme)
        raise report.RenderError("cell 3: ValueError", in_cell=True)

    monkeypatch.setattr(report, "render", broken)
    with pytest.raises(report.RenderError):
        runner._render_with_retries(runner.Job("energy", "KAZ"), tmp_path)
    assert len(calls) == 1


def test_same_inputs_give_the_same_html_but_one_line(themes, tmp_path):
    first = report.render("gdp", {"country": "KAZ"}, out_dir=tmp_path / "a").html.read_text()
    second = report.render("gdp", {"country": "KAZ"}, out_dir=tmp_path / "b").html.read_text()
    differing = [(a, b) for a, b in zip(first.splitlines(), second.splitlines()) if a != b]
    assert len(first.splitlines()) == len(second.splitlines())
    assert all(a.startswith(report.TIMESTAMP_MARK) for a, _ in differing) and len(differing) <= 1
    assert len(first.encode()) < 1_500_000


def test_the_contents_of_a_file_parameter_are_part_of_the_key(tmp_path):
    notebook = tmp_path / "t.ipynb"
    notebook.write_text("{}")
    trade = tmp_path / "comtrade.csv"
    trade.write_text("period,primaryValue\n2023,1\n")
    key = lambda: manifest.cache_key(notebook, {"country": "KAZ", "trade_file": str(trade)}, "h", {}, {})  # noqa: E731
    before = key()
    trade.write_text("period,primaryValue\n2023,2\n")
    assert key() != before


def test_a_warm_kernel_gives_the_same_report_as_a_fresh_one(themes, tmp_path):
    from helpers.report.kernels import WarmKernel

    write_notebook(themes, "leak", "print('secret' in dir())", "secret = 42")
    fresh = report.render("gdp", {"country": "UZB"}, out_dir=tmp_path / "fresh").html.read_text()
    kernel = WarmKernel()
    try:
        report.render("leak", {"country": "KAZ"}, out_dir=tmp_path / "warm", kernel=kernel)
        warm = report.render("gdp", {"country": "UZB"}, out_dir=tmp_path / "warm", kernel=kernel).html.read_text()
        again = report.render("leak", {"country": "KAZ"}, out_dir=tmp_path / "warm", kernel=kernel)
    finally:
        kernel.shutdown()
    strip = lambda html: [line for line in html.splitlines() if not line.startswith(report.TIMESTAMP_MARK)]  # noqa: E731
    assert strip(warm) == strip(fresh)
    assert again.datasets == ()  # the access log was reset: 'leak' reads no dataset
    outputs = [o for c in nbformat.read(again.notebook, as_version=4).cells for o in c.get("outputs", [])]
    assert outputs[0]["text"].strip() == "False"  # no name survived from the previous notebook
