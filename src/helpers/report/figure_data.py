"""The data behind every figure and table of a report, as files a reader can take away.

``present.figures.show`` attaches to each figure's output a bundle holding the
tidy table the figure was drawn from (as CSV), its title and dataset ids. After
a notebook ran, :func:`files` turns those bundles into
``data/<report>/<figure-id>.csv`` (``<report>``: the theme, or a sweep's report
name) plus a ``.json`` beside it (title, sources with licence, sha256 and citation, report parameters, code version), and one
zip of them all with a README. Same inputs, same bytes: no timestamps, sorted
names, fixed zip dates. :func:`stage` and :func:`publish` put a report's data
in place in one step, like its HTML.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import zipfile
from pathlib import Path

from helpers.present import FIGURE_DATA_MIME
from helpers.report import citation, manifest

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class FigureDataError(ValueError):
    """Two figures of one report share an id, so one's data would overwrite the other's."""


def bundles(notebook) -> list[dict]:
    """The figure-data bundles of an executed notebook, in the order a reader meets them."""
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            bundle = output.get("data", {}).get(FIGURE_DATA_MIME)
            if bundle:
                found.append(bundle)
    ids = [b["id"] for b in found]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise FigureDataError(f"figure id(s) {repeated} appear more than once in one report; "
                              f"give each figure and table its own id")
    return found


def zip_name(country: str, report: str) -> str:
    return f"{country}-{report}-data.zip"


def _metadata(bundle: dict, theme: str, title: str, page: str, parameters: dict) -> dict:
    return {"id": bundle["id"], "kind": bundle["kind"], "title": bundle["title"],
            "data_file": f"{bundle['id']}.csv", "note": bundle.get("note", ""), "credit": bundle.get("credit", ""),
            "report": {"theme": theme, "title": title, "page": page, "parameters": parameters,
                       "version": citation.version(), "commit": manifest.git_commit(),
                       "citation": citation.report_citation(title, page)},
            "sources": [citation.dataset_record(d) for d in bundle["sources"]],
            "columns": "one row per country x year x series: value (empty where the source reports "
                       "nothing) and unit; country_name is the ISO3 code's English name"}


def _readme(title: str, page: str, entries: list[dict]) -> str:
    lines = [f"Data behind the figures and tables of: {title}", f"Report: {citation.site_url()}{page}", "",
             "Each <id>.csv holds exactly the table the figure or table was drawn from; <id>.json",
             "holds its title, sources (licence, pinned url, sha256, citation) and the report's",
             "parameters and code version. Data keep the licences of their sources.", "",
             "Cite the report as:", "  " + citation.report_citation(title, page), "", "Files:"]
    lines += [f"  {e['id']}.csv  {e['title']}" for e in entries]
    return "\n".join(lines) + "\n"


def files(notebook, theme: str, country: str, title: str, parameters: dict,
          report: str | None = None) -> dict[str, bytes]:
    """Relative path -> bytes of every figure-data file of one report, named ``report`` (default: the theme)."""
    page = f"{country}/{report or theme}.html"
    out: dict[str, bytes] = {}
    entries = []
    for bundle in bundles(notebook):
        meta = _metadata(bundle, theme, title, page, parameters)
        entries.append(meta)
        out[f"{bundle['id']}.csv"] = bundle["csv"].encode("utf-8")
        out[f"{bundle['id']}.json"] = (json.dumps(meta, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()
    out["README.txt"] = _readme(title, page, entries).encode("utf-8")
    return out


def zipped(contents: dict[str, bytes], folder: str) -> bytes:
    """A zip of ``contents`` under ``folder/``, with fixed dates and order: the same files, the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(contents):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, contents[name])
    return buffer.getvalue()


def _paths(out_dir: Path, report: str, country: str) -> tuple[Path, Path, Path, Path]:
    data = out_dir / "data"
    return data / report, data / f".{report}.part", data / f".{report}.old", data / zip_name(country, report)


def stage(contents: dict[str, bytes], out_dir: Path, report: str, country: str) -> None:
    """Write a report's data files into a hidden folder beside their final place."""
    final, part, old, archive = _paths(out_dir, report, country)
    shutil.rmtree(part, ignore_errors=True)
    part.mkdir(parents=True)
    for name, payload in contents.items():
        (part / name).write_bytes(payload)
    archive.with_name(archive.name + ".part").write_bytes(zipped(contents, f"{country}-{report}-data"))


def publish(out_dir: Path, report: str, country: str) -> None:
    """Swap staged data files into place (call inside the step that moves the HTML)."""
    final, part, old, archive = _paths(out_dir, report, country)
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        os.replace(final, old)
    os.replace(part, final)
    os.replace(archive.with_name(archive.name + ".part"), archive)
    shutil.rmtree(old, ignore_errors=True)


def discard(out_dir: Path, report: str, country: str) -> None:
    """Remove staged files of a report that is not published."""
    final, part, old, archive = _paths(out_dir, report, country)
    shutil.rmtree(part, ignore_errors=True)
    archive.with_name(archive.name + ".part").unlink(missing_ok=True)
