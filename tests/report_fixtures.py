"""Small theme notebooks for the runner and browser tests."""

import re

import nbformat

PARAMETERS = 'country = "KAZ"\npeers = None\nstart_year = 2000\nend_year = 2024'
FIGURE = '''
from helpers import data, plots
gdp = data.wide("wdi_gdp_usd", None, [country], 2015, 2020) / 1e9
fig, ax = plots.new_figure()
plots.plot_lines(ax, gdp, focus=country, unit="billion current US$")
plots.show(fig, f"GDP of {country}", ["wdi_gdp_usd"], alt=f"Line chart of the GDP of {country}, 2015-2020.")
plots.show_table(gdp.reset_index())  # a pandas Styler table: random ids unless the export fixes them
'''


def write_notebook(folder, theme, *sources):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(PARAMETERS, metadata={"tags": ["parameters"]})]
    notebook.cells += [nbformat.v4.new_code_cell(s) for s in sources]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, folder / f"{theme}.ipynb")


IMG_TAG = re.compile(r"<img\s[^>]*>")
ALT = re.compile(r'alt="([^"]*)"')


def figure_alts(html: str) -> list[str]:
    """The alt text of every embedded PNG figure in a report's HTML ('' where an image has none)."""
    return [(ALT.search(tag) or [None, ""])[1] for tag in IMG_TAG.findall(html) if "data:image/png" in tag]
