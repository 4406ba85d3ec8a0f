"""Render a theme notebook for one country: papermill execution, then HTML.

Nothing replaces a good report until the new one is complete: the notebook
runs into a temporary file, and only a notebook that ran to the end is
exported and moved into place. A failed run is kept as
``<theme>.failed.ipynb`` beside the report for debugging.
"""

from __future__ import annotations

import copy
import os
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill
from nbconvert import HTMLExporter

from helpers import params

PROJECT_ROOT = Path(__file__).resolve().parents[3]
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


class RenderError(RuntimeError):
    """A notebook that stopped with an error; the message names the cell."""


@dataclass(frozen=True)
class Rendered:
    html: Path
    notebook: Path
    seconds: float


def reports_dir() -> Path:
    return Path(os.environ.get("CA_REPORTS_DIR", PROJECT_ROOT / "reports"))


def to_html(notebook: nbformat.NotebookNode) -> str:
    """Report HTML: code hidden, figures with alt text, warnings on stderr left out."""
    clean = copy.deepcopy(notebook)
    for cell in clean.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", [])
                            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
    exporter = HTMLExporter(template_name="ca_report", extra_template_basedirs=[str(TEMPLATES_DIR)],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(clean)
    return body


def _failed_cell(path: Path) -> str:
    """'cell N (first line): ErrorName: message' for the first cell that raised.

    N counts cells of the source notebook: the cells papermill adds (injected parameters,
    error banner) are skipped.
    """
    notebook = nbformat.read(path, as_version=4)
    added = {"injected-parameters", "papermill-error-cell-tag"}
    cells = [c for c in notebook.cells if not added & set(c.metadata.get("tags", []))]
    for index, cell in enumerate(cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                return f"cell {index} ({first_line[:60]!r}): {output['ename']}: {output['evalue']}"
    return "no cell recorded an error (the kernel may have died or timed out)"


def render(theme: str, parameters: dict, out_dir: Path | None = None) -> Rendered:
    """Execute ``notebooks/<theme>.ipynb`` with ``parameters`` and write its HTML report."""
    clean = params.validate(theme, parameters)
    source = params.notebook_path(theme)
    out_dir = (out_dir or reports_dir()) / clean.get("country", "ALL")
    out_dir.mkdir(parents=True, exist_ok=True)
    executed = out_dir / f"{theme}.ipynb"
    html = out_dir / f"{theme}.html"
    running = out_dir / f".{theme}.running.ipynb"
    failed = out_dir / f"{theme}.failed.ipynb"

    started = time.perf_counter()
    try:
        papermill.execute_notebook(str(source), str(running), parameters=clean, cwd=str(source.parent),
                                   kernel_name="python3", progress_bar=False, log_output=False)
    except Exception as exc:
        if running.exists():
            os.replace(running, failed)
            where = _failed_cell(failed)
        else:
            where = f"{type(exc).__name__}: {exc}"
        raise RenderError(f"{theme} for {clean.get('country')} failed at {where}. "
                          f"Executed notebook kept at {failed}; the previous report (if any) is untouched.") from exc
    notebook = nbformat.read(running, as_version=4)
    tmp_html = html.with_suffix(".html.part")
    tmp_html.write_text(to_html(notebook), encoding="utf-8")
    os.replace(tmp_html, html)
    os.replace(running, executed)
    failed.unlink(missing_ok=True)
    return Rendered(html=html, notebook=executed, seconds=time.perf_counter() - started)
