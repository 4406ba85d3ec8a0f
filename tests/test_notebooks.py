"""Notebooks: stored clean, parameterised, and rendered end to end against the mirror."""

import re

import nbformat
import pytest

from helpers import data
from helpers.present import text
from helpers.themes import energy
from helpers.report import params
from report_fixtures import checked_report

NOTEBOOKS = sorted(params.DEFAULT_NOTEBOOKS_DIR.glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    dirty = [i for i, c in enumerate(notebook.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert dirty == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_first_code_cell_is_the_parameters_cell(path):
    notebook = nbformat.read(path, as_version=4)
    first = next(c for c in notebook.cells if c.cell_type == "code")
    assert "parameters" in first.metadata.get("tags", [])
    for name in ("country", "peers", "start_year", "end_year"):
        assert re.search(rf"^{name} = ", first.source, re.M), name


@pytest.mark.notebook
@pytest.mark.parametrize("country", ["KAZ", "UZB"])
def test_energy_report_has_figures_with_alt_text(theme_reports, country):
    rendered = theme_reports["energy", country]
    assert rendered.html.name == "energy.html" and rendered.html.parent.name == country
    checked_report(rendered, min_figures=6)


@pytest.mark.notebook
def test_energy_report_numbers_match_the_data(theme_reports):
    html = theme_reports["energy", "KAZ"].html.read_text(encoding="utf-8")
    oil = data.wide(energy.EI, "Oil Production - tonnes", ["KAZ"])["KAZ"]
    gas = data.wide(energy.EI, "Gas Production - Bcm", ["KAZ"])["KAZ"]
    assert f"produced <strong>{text.num(oil[2025])} Mt of oil</strong>" in html
    assert text.num(oil[2025]) == "99.4"
    assert f"<strong>{text.num(gas[2025])} bcm of gas</strong>" in html
    exports = energy.pipeline_gas_exports("UZB")
    uzb = theme_reports["energy", "UZB"].html.read_text(encoding="utf-8")
    assert f"<strong>{text.num(exports['bcm'].sum(), 2)} bcm</strong> of pipeline gas exports from Uzbekistan" in uzb
