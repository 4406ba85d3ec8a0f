"""Render a theme notebook for one country: papermill execution, then HTML.

Nothing replaces a good report until the new one is complete: the notebook
runs into a temporary file, and only a notebook that ran to the end is
exported and moved into place. A failed run is kept as
``<name>.failed.ipynb`` beside the report for debugging (``<name>``: the theme, or a sweep's report name).
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.data import catalog
from helpers.report import params
from helpers.report import figure_data, lock, pages, signals, sweep

if TYPE_CHECKING:
    from helpers.report.kernels import WarmKernel

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


class RenderError(RuntimeError):
    """A notebook that stopped with an error; the message names the cell.

    ``in_cell`` is False when no cell raised (the kernel did not start, or died):
    such failures are worth retrying, a cell's error is not.
    """

    def __init__(self, message: str, in_cell: bool = True):
        super().__init__(message)
        self.in_cell = in_cell


@dataclass(frozen=True)
class Rendered:
    html: Path
    notebook: Path
    seconds: float
    datasets: tuple[str, ...] = field(default=())  # dataset ids the notebook read


def reports_dir() -> Path:
    """``$CA_REPORTS_DIR`` as an absolute path (the kernels run in notebooks/), else ``reports/``."""
    value = os.environ.get("CA_REPORTS_DIR")
    if value is None:
        return catalog.PROJECT_ROOT / "reports"
    if not value.strip():
        raise params.ParameterError("CA_REPORTS_DIR is set but empty; give it a folder, or unset it "
                                    f"to write to {catalog.PROJECT_ROOT / 'reports'}")
    return Path(value).expanduser().resolve()


@lru_cache(maxsize=1)
def _exporter():
    """One HTML exporter per process (compiling its templates costs more than an export)."""
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="ca_report", extra_template_basedirs=[str(TEMPLATES_DIR)],
                        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)


TIMESTAMP_MARK = '<p class="ca-rendered">'


def to_html(notebook, rendered_at: str | None = None, title: str = "Report", page: dict | None = None) -> str:
    """Report HTML: code hidden, figures with alt text, warnings on stderr left out.

    ``page`` (from :func:`pages.context`) adds the navigation bar, the Data link beside
    each figure and the citation. The same notebook gives the same bytes, except the
    one 'Rendered ...' line added before ``</body>`` when ``rendered_at`` is given.
    """
    clean = copy.deepcopy(notebook)
    clean.cells = [c for c in clean.cells if "injected-parameters" not in c.metadata.get("tags", [])]
    for index, cell in enumerate(clean.cells):
        cell.id = f"cell-{index}"  # papermill's random ids would change the HTML on every run
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", [])
                            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
    body, _ = _exporter().from_notebook_node(clean, resources={"metadata": {"name": title}, "ca": page})
    body = _stable_table_ids(body)
    if rendered_at:
        body = body.replace("</body>", f"{TIMESTAMP_MARK}Rendered {rendered_at}</p>\n</body>", 1)
    return body


STYLER_ID = re.compile(r"\bT_[0-9a-f]{5}(?=[_\" ])")


def _stable_table_ids(body: str) -> str:
    """pandas' Styler tags each table with a random 'T_xxxxx' id; number them in order instead."""
    ids = {}
    return STYLER_ID.sub(lambda m: ids.setdefault(m.group(0), f"T_tbl{len(ids)}"), body)


def _failed_cell(path: Path, exc: Exception) -> str:
    """'cell N (first line): ErrorName: message' for the first cell that raised.

    N counts cells of the source notebook: the cells papermill adds (injected parameters,
    error banner) are skipped. When no cell raised (the kernel died or timed out), the
    cell named is the last one papermill started.
    """
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    added = {"injected-parameters", "papermill-error-cell-tag"}
    cells = [c for c in notebook.cells if not added & set(c.metadata.get("tags", []))]

    def label(index: int) -> str:
        source = cells[index].source.strip()
        return f"cell {index} ({(source.splitlines()[0] if source else '')[:60]!r})"

    for index, cell in enumerate(cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return f"{label(index)}: {output['ename']}: {output['evalue']}"
    started = [i for i, c in enumerate(cells) if c.metadata.get("papermill", {}).get("start_time")]
    if started:
        return f"{label(started[-1])}: the kernel died while running it ({type(exc).__name__})"
    return f"no cell recorded an error ({type(exc).__name__}: {exc})"


def render(theme: str, parameters: dict, out_dir: Path | None = None, kernel: WarmKernel | None = None,
           published: Callable[[Rendered], None] | None = None, name: str | None = None) -> Rendered:
    """Execute ``notebooks/<theme>.ipynb`` with ``parameters`` and write its HTML report.

    The files are named ``name`` (default: the theme); a sweep's name other than the theme
    puts the parameters into the title (``Energy: Kazakhstan (start 2010)``).

    ``kernel`` lets a worker reuse one warm kernel across reports; without it a
    kernel is started for this report and shut down after. ``published`` is
    called once the report is in place, in the same uninterruptible step (the
    runner writes the manifest there).
    """
    clean = params.validate(theme, parameters)
    source = params.notebook_path(theme)
    out_dir = Path(out_dir or reports_dir()).resolve() / clean.get("country", "ALL")
    out_dir.mkdir(parents=True, exist_ok=True)
    name = name or theme
    executed = out_dir / f"{name}.ipynb"
    html = out_dir / f"{name}.html"
    running = out_dir / f".{name}.running.ipynb"
    failed = out_dir / f"{name}.failed.ipynb"

    import nbformat  # imported on first render: listing or skipping reports stays fast
    import papermill

    from helpers.report.kernels import WarmKernel

    access_log = out_dir / f".{name}.datasets"
    access_log.unlink(missing_ok=True)
    own_kernel = kernel is None
    kernel = kernel or WarmKernel()
    started = time.perf_counter()
    try:
        try:
            manager = kernel.ready(source.parent, access_log)
        except Exception as exc:
            kernel.shutdown()
            raise RenderError(f"{name} for {clean.get('country')}: the kernel did not start "
                              f"({type(exc).__name__}: {exc})", in_cell=False) from exc
        try:
            papermill.execute_notebook(str(source), str(running), parameters=clean, cwd=str(source.parent),
                                       kernel_name="python3", progress_bar=False, log_output=False, km=manager)
        except Exception as exc:
            kernel.shutdown()  # whatever state the failure left, the next notebook gets a fresh kernel
            access_log.unlink(missing_ok=True)
            if lock.write_fault(exc):  # a full or read-only folder: no executed notebook to keep
                running.unlink(missing_ok=True)
                raise
            if running.exists():
                os.replace(running, failed)
                where = _failed_cell(failed, exc)
            else:
                where = f"{type(exc).__name__}: {exc}"
            end = "" if where.endswith((".", "!", "?")) else "."
            raise RenderError(f"{name} for {clean.get('country')} failed at {where}{end} "
                              f"Executed notebook kept at {failed}; the previous report (if any) is untouched.",
                              in_cell=isinstance(exc, papermill.PapermillExecutionError)) from exc
    finally:
        if own_kernel:
            kernel.shutdown()
    datasets = tuple(sorted(set(access_log.read_text().split()))) if access_log.exists() else ()
    access_log.unlink(missing_ok=True)
    notebook = nbformat.read(running, as_version=4)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    tmp_html = html.with_suffix(".html.part")
    country = clean.get("country")
    variant = sweep.describe(clean) if name != theme else ""
    title = pages.title(theme, country, variant) if country else theme.capitalize()
    page = pages.context(theme, country, datasets, name, variant) if country else None
    try:
        if country:
            figure_data.stage(figure_data.files(notebook, theme, country, title, shareable(clean), name),
                              out_dir, name, country)
        tmp_html.write_text(to_html(notebook, rendered_at=stamp, title=title, page=page), encoding="utf-8")
    except BaseException:
        tmp_html.unlink(missing_ok=True)
        if country:
            figure_data.discard(out_dir, name, country)
        raise
    rendered = Rendered(html=html, notebook=executed, seconds=time.perf_counter() - started, datasets=datasets)
    publish(out_dir, name, country, [(tmp_html, html), (running, executed)],
            after=(lambda: published(rendered)) if published else None)
    return rendered


def publish(folder: Path, name: str, country: str | None, moves: list[tuple[Path, Path]],
            after: Callable[[], None] | None = None) -> None:
    """Put the finished report ``name`` in place in one step that a stop signal waits for.

    The staged figure data goes first, then each ``(part, final)`` move; the
    report's old ``.failed.ipynb`` goes, and ``after`` (the runner's manifest
    write) runs inside the same step, so a report never lands without it.
    """
    with signals.critical():
        if country:
            figure_data.publish(folder, name, country)
        for part, final in moves:
            os.replace(part, final)
        (folder / f"{name}.failed.ipynb").unlink(missing_ok=True)
        if after is not None:
            after()


def shareable(parameters: dict) -> dict:
    """Parameters as a shared file may show them: a user's own file by its name, not its local path."""
    return {k: (Path(v).name if k == "trade_file" and isinstance(v, str) and v else v) for k, v in parameters.items()}
