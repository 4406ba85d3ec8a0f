"""Every notebook's default year range ends in the same year: the latest year of the mirrored WDI data."""

import ast
import functools

import pytest

from helpers import data
from helpers.data import catalog
from helpers.report import params

THEMES = sorted(p.stem for p in params.DEFAULT_NOTEBOOKS_DIR.glob("*.ipynb"))


@functools.cache
def latest_wdi_year() -> int:
    """The latest year any mirrored World Bank WDI series reports, for any country."""
    ids = [i for i, d in catalog.catalog().items() if d.parser == "wdi"]
    return max(int(data.load(i)["year"].max()) for i in ids)


def default_end_year(theme: str) -> int:
    return ast.literal_eval(params.declared(theme)["end_year"]["default"])


def test_latest_wdi_year_is_read_from_the_mirror():
    assert latest_wdi_year() == 2025  # KAZ current account and KGZ trade openness reach 2025


@pytest.mark.parametrize("theme", THEMES)
def test_default_end_year_is_the_latest_wdi_year(theme):
    assert default_end_year(theme) == latest_wdi_year()
