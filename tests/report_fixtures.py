"""Small theme notebooks for the runner and browser tests."""

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from helpers.report import params

PARAMETERS = 'country = "KAZ"\npeers = None\nstart_year = 2000\nend_year = 2024'
FIGURE = '''
from helpers import data
from helpers.present import figures, plots
gdp = data.wide("wdi_gdp_usd", None, [country], 2015, 2020) / 1e9
fig, ax = plots.new_figure()
plots.plot_lines(ax, gdp, focus=country, unit="billion current US$")
figures.show(figures.Figure("gdp", fig, figures.tidy(gdp, "GDP", "billion current US$"), f"GDP of {country}",
                            f"Line chart of the GDP of {country}, 2015-2020.", ["wdi_gdp_usd"]))
figures.show_table(gdp.reset_index(), id="gdp-table")  # a pandas Styler table: random ids unless the export fixes them
'''


def write_notebook(folder, theme, *sources, parameters=PARAMETERS):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]})]
    notebook.cells += [nbformat.v4.new_code_cell(s) for s in sources]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, folder / f"{theme}.ipynb")


@contextlib.contextmanager
def notebooks_folder(folder: Path, notebooks: dict[str, str]) -> Iterator[Path]:
    """``notebooks`` ({theme: code}) written into ``folder``, which stands for notebooks/ inside the block."""
    for theme, code in notebooks.items():
        write_notebook(folder, theme, code)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(params.NOTEBOOKS_ENV, str(folder))
        yield folder


TWO_THEMES = {"gdp": FIGURE, "plain": "print(country)"}  # a figure and a table with data; plain text


IMG_TAG = re.compile(r"<img\s[^>]*>")
ALT = re.compile(r'alt="([^"]*)"')


def figure_alts(html: str) -> list[str]:
    """The alt text of every embedded PNG figure in a report's HTML ('' where an image has none)."""
    return [(ALT.search(tag) or [None, ""])[1] for tag in IMG_TAG.findall(html) if "data:image/png" in tag]


def checked_report(rendered, min_figures: int, min_alt: int = 40) -> tuple[str, list[str]]:
    """Assert what every theme report must show; return its HTML and figure alt texts.

    At least ``min_figures`` figures, each with a real alt text and a source line with a
    licence, code hidden, no cell error, and every PNG of the executed notebook in the HTML.
    """
    html = rendered.html.read_text(encoding="utf-8")
    alts = figure_alts(html)
    assert len(alts) >= min_figures
    assert all(len(alt) > min_alt and alt != "Figure" for alt in alts)
    assert "from helpers import" not in html and "figures.show(" not in html  # code is hidden
    executed = nbformat.read(rendered.notebook, as_version=4)
    outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    figures = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(figures) == len(alts)
    for figure in figures:  # every figure names its source and licence (drawn on it; repeated in metadata)
        assert re.match(r"Source: [^(]+ \([^)]+\)", figure.get("metadata", {}).get("image/png", {}).get("source", ""))
    return html, alts


def statuses(outcomes) -> dict[str, str]:
    """{'theme/COUNTRY': status} of a runner's outcomes."""
    return {o.job.label: o.status for o in outcomes}
