"""Parameter sweeps: grids into named jobs, rendered by the local pool and by a Dask LocalCluster alike."""

import json
import re

import pytest

distributed = pytest.importorskip("distributed")

from helpers import cli  # noqa: E402
from helpers.report import params, runner, sweep  # noqa: E402
from report_fixtures import FIGURE, notebooks_folder, statuses, write_notebook  # noqa: E402
from test_cluster import report_files  # noqa: E402

EXTRA = 'country = "KAZ"\npeers = None\nstart_year = 2000\nend_year = 2024\nlabel = "x"\nperiod_years = 5'
GRID = {"start_year": ["2005", "2010"], "peers": [["rus", "CHN"], ["USA"]]}
NAMES = ["gdp--start-2005--peers-RUS-CHN", "gdp--start-2005--peers-USA",
         "gdp--start-2010--peers-RUS-CHN", "gdp--start-2010--peers-USA"]
quiet = {"say": lambda _: None}


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory):
    """gdp (a figure), plain, and extra (two more parameters); set before the cluster's workers start."""
    folder = tmp_path_factory.mktemp("sweep-notebooks")
    write_notebook(folder, "extra", "print(label)", parameters=EXTRA)
    with notebooks_folder(folder, {"gdp": FIGURE, "plain": "print(country, peers, start_year)"}):
        yield folder


@pytest.fixture(scope="module")
def scheduler(notebooks):
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as lc:
        yield lc.scheduler_address


def names(jobs):
    return [job.label for job in jobs]


def test_a_grid_expands_into_named_jobs_and_the_defaults_point_is_the_theme_s_own(notebooks):
    jobs = runner.plan_sweep(["gdp"], ["KAZ"], GRID)
    assert names(jobs) == [f"{n}/KAZ" for n in NAMES]
    assert jobs[0].parameters == {"country": "KAZ", "start_year": 2005, "peers": ("RUS", "CHN")}
    default, later = runner.plan_sweep(["gdp"], ["KAZ"], {"start_year": [2000, 2010]})
    assert default == runner.Job("gdp", "KAZ") and later.name == "gdp--start-2010"
    listed = runner.plan_sweep(["extra"], ["UZB"], {"period_years": [5, 10], "label": ["a_b"]}, end_year=2020)
    assert names(listed) == ["extra--end-2020--label-a_b/UZB", "extra--end-2020--label-a_b--period-years-10/UZB"]
    assert sweep.describe(jobs[0].parameters) == "start 2005, peers Russia, China"


def test_a_key_only_some_notebooks_declare_goes_only_to_them(notebooks):
    jobs = runner.plan_sweep(["plain", "extra"], ["KAZ"], {"period_years": [5, 10]})
    assert names(jobs) == ["plain/KAZ", "extra/KAZ", "extra--period-years-10/KAZ"]


@pytest.mark.parametrize("grid, message", [
    ({"label": ["a-b", ["a", "b"]]}, "both give the report name extra--label-a-b for KAZ"),
    ({"colour": ["red"]}, r"No selected notebook has parameter\(s\) \['colour'\]"),
    ({"start_year": ["2010", "1800"]}, "start_year=1800 is outside 1960-"),
    ({"start_year": ["2030"], "end_year": ["2020"]}, "outside|Empty year range"),
    ({"peers": [["XXX"]]}, r"Unknown peer code\(s\) \['XXX'\]"),
    ({"label": ["a/b"]}, "not a safe file name"),
])
def test_a_bad_grid_is_one_clear_error_before_anything_is_written(notebooks, grid, message, tmp_path):
    with pytest.raises(params.ParameterError, match=message):
        runner.plan_sweep(["extra"], ["KAZ"], grid)


@pytest.mark.parametrize("items, message", [
    (["trade_file=a.csv"], "trade_file cannot be swept"),
    (["country=KAZ,UZB"], "country is not a grid parameter"),
    (["start_year="], "start_year has no values"),
    (["start_year=2000", "start_year=2010"], "given twice"),
    (["missing.yaml"], "cannot read sweep file missing.yaml"),
])
def test_what_cannot_be_swept_says_so(items, message):
    with pytest.raises(params.ParameterError, match=message):
        sweep.parse(items)


def test_a_notebook_named_like_a_sweep_report_is_refused_by_name(notebooks):
    write_notebook(notebooks, "gdp--old", "print(country)")
    try:
        with pytest.raises(params.ParameterError, match=r"gdp--old.ipynb has '--' in its name.*rename it"):
            runner.plan(["gdp--old"], ["KAZ"])
    finally:
        (notebooks / "gdp--old.ipynb").unlink()


def test_the_yaml_file_and_the_inline_form_give_the_same_jobs(notebooks, tmp_path):
    path = tmp_path / "sweep.yaml"
    path.write_text("themes: [gdp, plain]\ncountries: [KAZ, uzb]\n"
                    "grid:\n  start_year: [2005, 2010]\n  peers: [[RUS, CHN], USA]\n")
    from_file = sweep.parse([str(path)])
    inline = sweep.parse(["start_year=2005,2010", "peers=RUS-CHN,USA"])
    assert (from_file.themes, from_file.countries) == (["gdp", "plain"], ["KAZ", "uzb"])
    assert runner.plan_sweep(from_file.themes, from_file.countries, from_file.grid) \
        == runner.plan_sweep(["gdp", "plain"], ["KAZ", "UZB"], inline.grid)
    path.write_text("grid: [2000]\n")
    with pytest.raises(params.ParameterError, match="must be a mapping with 'grid:'"):
        sweep.parse([str(path)])


def test_a_sweep_on_the_local_pool_lands_named_listed_and_incremental(notebooks, tmp_path, monkeypatch, capsys):
    out = tmp_path / "reports"
    monkeypatch.setenv("CA_REPORTS_DIR", str(out))
    assert cli.main(["render", "gdp", "--country", "KAZ"]) == 0
    base = {p: p.read_bytes() for p in (out / "KAZ").rglob("gdp*") if p.is_file()}
    command = ["render", "gdp", "--country", "KAZ", "--sweep", "start_year=2005,2010", "peers=RUS-CHN,USA"]
    assert cli.main(command) == 0
    assert "4 reports: 0 up to date, 4 to render" in capsys.readouterr().out

    folder = out / "KAZ"
    for name in NAMES:
        assert {f"{name}{end}" for end in (".html", ".ipynb", ".json")} <= {p.name for p in folder.iterdir()}
        assert (folder / "data" / name / "gdp.csv").is_file() and (folder / "data" / f"KAZ-{name}-data.zip").is_file()
        page = (folder / f"{name}.html").read_text()
        assert 'href="../UZB/gdp.html"' in page and 'href="plain.html"' in page  # the bar: the theme's pages
        assert f'href="data/KAZ-{name}-data.zip"' in page and f'href="data/{name}/gdp.csv"' in page
    assert "<title>Gdp: Kazakhstan (start 2010, peers Russia, China)</title>" in \
        (folder / "gdp--start-2010--peers-RUS-CHN.html").read_text()
    record = json.loads((folder / "gdp--start-2005--peers-USA.json").read_text())
    assert record["variant"] == "start 2005, peers United States" and record["theme"] == "gdp"
    assert {p: p.read_bytes() for p in base} == base  # the theme's own report untouched

    index = (out / "index.html").read_text()
    assert index.count("<th>gdp</th>") == 1 and 'href="KAZ/gdp.html"' in index
    for words in ("start 2005, peers Russia, China", "start 2005, peers United States",
                  "start 2010, peers Russia, China", "start 2010, peers United States"):
        assert f">{words}</a>" in index
    search = (out / "search" / "index.js").read_text()
    assert "Gdp: Kazakhstan (start 2005, peers United States)" in search

    assert cli.main(command) == 0
    assert "4 reports: 4 up to date, 0 to render" in capsys.readouterr().out
    outcomes = runner.run(runner.plan_sweep(["gdp"], ["KAZ"], {**GRID, "start_year": ["2005", "2012"]}), out, **quiet)
    assert {k for k, v in statuses(outcomes).items() if v == "ok"} == {
        "gdp--start-2012--peers-RUS-CHN/KAZ", "gdp--start-2012--peers-USA/KAZ"}


def test_a_failing_sweep_report_is_named_by_its_name(notebooks, tmp_path):
    write_notebook(notebooks, "broken", "raise ValueError(start_year)")
    (outcome,) = runner.run(runner.plan_sweep(["broken"], ["TJK"], {"start_year": [2010]}), tmp_path, **quiet)
    assert outcome.message.startswith("broken--start-2010 for TJK failed at cell 1")
    assert (tmp_path / "TJK" / "broken--start-2010.failed.ipynb").is_file()
    assert runner.summary([outcome])[0].splitlines()[1].startswith("FAILED broken--start-2010/TJK: ")
    (notebooks / "broken.ipynb").unlink()


def test_a_sweep_on_the_cluster_gives_the_local_pool_s_files(scheduler, tmp_path):
    jobs = runner.plan_sweep(["gdp", "plain"], ["UZB"], {"start_year": [2010]})
    assert names(jobs) == ["gdp--start-2010/UZB", "plain--start-2010/UZB"]
    on_cluster = runner.run(jobs, tmp_path / "cluster", scheduler=scheduler, **quiet)
    local = runner.run(jobs, tmp_path / "local", workers=2, **quiet)
    assert set(statuses(on_cluster).values()) == set(statuses(local).values()) == {"ok"}
    cluster_files = report_files(tmp_path / "cluster")
    assert {"UZB/gdp--start-2010.html", "UZB/data/gdp--start-2010/gdp.csv", "UZB/plain--start-2010.json"} \
        <= set(cluster_files)
    assert cluster_files == report_files(tmp_path / "local")
    assert not re.search(r"UZB/(gdp|plain)\.", " ".join(cluster_files))
