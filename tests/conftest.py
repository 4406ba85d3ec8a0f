"""Shared fixtures for the data-layer tests.

Every test session gets its own empty data cache (``CA_DATA_CACHE``), so the
suite never reads or writes the user's cache, and a mirror (``CA_DATA_MIRROR``)
resolved to an absolute path: the environment's value if set (CI sets
``CA_DATA_MIRROR=../shared/data``, relative to the repository), else
``<repo>/../shared/data``.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers.report import params
from helpers.data.catalog import Dataset, FileRecord
from helpers.data.fetch import CACHE_ENV, MIRROR_ENV
from fetch_fixtures import cache, http_server, no_download, no_mirror  # noqa: F401 (fixtures)
from report_fixtures import TWO_THEMES, notebooks_folder
import fault_table

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MIRROR = REPO_ROOT.parent / "shared" / "data"


def _resolve_mirror() -> Path:
    value = os.environ.get(MIRROR_ENV)
    if not value:
        return DEFAULT_MIRROR.resolve()
    path = Path(value).expanduser()
    if path.is_absolute():
        return path.resolve()
    # A relative value is meant relative to the repository (that is how CI sets it);
    # fall back to the working directory only if that is where it exists.
    for base in (REPO_ROOT, Path.cwd()):
        if (base / path).is_dir():
            return (base / path).resolve()
    return (REPO_ROOT / path).resolve()


MIRROR_ROOT = _resolve_mirror()


@pytest.fixture(scope="session", autouse=True)
def _isolated_data_env(tmp_path_factory):
    """Point the data layer at a per-session cache and at the (absolute) mirror."""
    folder = tmp_path_factory.mktemp("ca-data-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(CACHE_ENV, str(folder))
        mp.setenv(MIRROR_ENV, str(MIRROR_ROOT))
        mp.delenv("CA_DATA_CATALOG", raising=False)  # always test the project's catalog
        yield folder


@pytest.fixture(scope="session")
def session_cache(_isolated_data_env) -> Path:
    return _isolated_data_env


@pytest.fixture(scope="session")
def mirror_root() -> Path:
    """The reference mirror; the data tests are meaningless without it, so fail loudly."""
    if not any(MIRROR_ROOT.glob("*/source.json")):
        pytest.fail(f"No dataset mirror at {MIRROR_ROOT} (set {MIRROR_ENV}, e.g. "
                    f"{MIRROR_ENV}=../shared/data from the repository root)")
    return MIRROR_ROOT


@dataclass(frozen=True)
class Tiny:
    """A one-file dataset laid out as a mirror: ``mirror / dataset.id / record.name``."""

    dataset: Dataset
    record: FileRecord
    content: bytes
    mirror: Path        # a mirror root holding only this dataset
    source: Path        # the file inside that mirror


TINY_CONTENT = "country,year,value\nKAZ,2024,1.5\nUZB,2024,2.25\n".encode()


@pytest.fixture
def tiny_dataset(tmp_path) -> Tiny:
    """A small file with a catalog record whose sha256 and size are right.

    The record's url points at a closed port; tests that download replace it
    (``dataclasses.replace``) with their loopback server's url.
    """
    mirror = tmp_path / "tiny-mirror"
    folder = mirror / "tiny_test_dataset"
    folder.mkdir(parents=True)
    source = folder / "tiny.csv"
    source.write_bytes(TINY_CONTENT)
    record = FileRecord(name="tiny.csv", url="http://127.0.0.1:9/tiny.csv",
                        sha256=hashlib.sha256(TINY_CONTENT).hexdigest(), bytes=len(TINY_CONTENT))
    dataset = Dataset(
        id="tiny_test_dataset", title="Tiny test dataset", producer="pytest",
        short_producer="pytest", license="CC0 1.0", license_short="CC0",
        parser="wdi", files=(record,), themes=("test",),
    )
    return Tiny(dataset=dataset, record=record, content=TINY_CONTENT, mirror=mirror, source=source)


@pytest.fixture
def themes(tmp_path):
    """A notebooks folder with two small themes; reports go to tmp_path/reports."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    with notebooks_folder(folder, TWO_THEMES):
        yield folder


def _render_matrix(out: Path, themes: list[str], countries: list[str]) -> dict:
    """Render themes x countries in one runner pass; {(theme, country): report.Rendered}."""
    from helpers import report
    from helpers.report import runner

    outcomes = runner.run(runner.plan(themes, countries), out, say=lambda _: None)
    failed = [f"{o.job.label}: {o.message}" for o in outcomes if o.status != "ok"]
    assert not failed, failed
    return {(o.job.theme, o.job.country): report.Rendered(
        html=out / o.job.country / f"{o.job.theme}.html", notebook=out / o.job.country / f"{o.job.theme}.ipynb",
        seconds=o.seconds, datasets=o.datasets) for o in outcomes}


@pytest.fixture(scope="session")
def theme_reports(tmp_path_factory, _isolated_data_env):
    """Every theme notebook rendered for KAZ and UZB in one runner pass (parallel, warm kernels).

    Returns {(theme, country): report.Rendered}; a failed render fails every test that uses it.
    """
    themes = sorted(p.stem for p in params.DEFAULT_NOTEBOOKS_DIR.glob("*.ipynb"))
    return _render_matrix(tmp_path_factory.mktemp("theme-reports"), themes, ["KAZ", "UZB"])


@pytest.fixture(scope="session")
def sparse_reports(tmp_path_factory, _isolated_data_env):
    """Economy and water for the three states with the thinnest data (KGZ, TJK, TKM), one runner pass."""
    return _render_matrix(tmp_path_factory.mktemp("sparse-reports"), ["economy", "water"], ["KGZ", "TJK", "TKM"])


# --- the README's fault table, checked against this run's results --------------------------

_fault_results: dict[str, dict] = {}


def pytest_runtest_logreport(report):
    family = fault_table.family_of(report.nodeid)
    if family is None:
        return
    entry = _fault_results.setdefault(report.nodeid, {"family": family, "passed": True, "lost": 0})
    entry["passed"] &= not (report.failed or report.skipped)
    entry["lost"] += sum(int(v) for k, v in report.user_properties if k == "reports_lost" and report.when == "call")


def pytest_sessionfinish(session, exitstatus):
    """When the whole fault suite ran, its results must be the README's numbers (else the run fails)."""
    if not _fault_results:
        return
    measured, stated = fault_table.tally(_fault_results), fault_table.readme_rows()
    if any(measured[f][0] != stated.get(f, (None,))[0] for f in measured):
        return  # part of the fault suite was selected: nothing to compare
    if measured != stated:
        session.config.get_terminal_writer().line(
            f"README fault table {stated} does not match this run {measured}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED

