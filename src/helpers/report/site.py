"""``reports/index.html``: the site's home page.

A short introduction, links to search and to the regional comparison pages, the
country x theme grid of every report with status, run time and data vintage, the
datasets the reports read (with their vintages and licences) and how to cite
the collection. Writing the index also refreshes the search index when a report
changed.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

from helpers.data import catalog
from helpers.data.countries import CENTRAL_ASIA, name
from helpers.report import citation, manifest, search, sweep

COMPARISON_THEMES = {"compare": "the five states side by side on every theme's headline indicators",
                     "claims": "the collection's premise, claim by claim, tested against the data"}
INTRO = ("How Kazakhstan, Uzbekistan, Kyrgyzstan, Tajikistan and Turkmenistan sit between the United States, "
         "Russia and China in energy, security and connectivity. Every number is read from a pinned, "
         "sha256-verified upstream file; every figure names its source and licence and offers the data it "
         "was drawn from (its Data link, or each report's zip).")

STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#222;max-width:1100px}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ddd;padding:.5rem .6rem;vertical-align:top}
th{background:#f4f4f4;text-align:left}.ok{color:#1a7f37}.failed{color:#b42318;font-weight:600}
.missing{color:#888}small{color:#555;display:block;margin-top:.2rem}
ul.variants{margin:.4rem 0 0;padding-left:1rem}
section{margin-top:2rem}
"""


def data_vintage(datasets: dict) -> str:
    """'data to YYYY': the latest past year any of the report's datasets covers (catalog ``years``).

    Years after the current one (planned pipeline start dates) are not data vintage.
    """
    this_year = dt.date.today().year
    years = []
    for dataset_id in datasets:
        try:
            text = catalog.get(dataset_id).years or ""
        except catalog.UnknownDatasetError:
            continue
        years += [int(y) for y in re.findall(r"\b(19\d\d|20\d\d)\b", str(text)) if int(y) <= this_year]
    return f"data to {max(years)}" if years else "vintage unknown"


def _report(folder: Path, stem: str) -> tuple[str, str]:
    """(status class, HTML) of the report ``<folder>/<stem>``, its link showing a sweep's parameters or the stem."""
    record_path = folder / f"{stem}.json"
    if not record_path.exists():
        return "missing", "not rendered"
    record = manifest.read(record_path)
    if record is None:
        return "failed", "manifest unreadable: render again"
    label = record.get("variant") or stem
    link = html.escape(f"{folder.name}/{stem}.html")
    has_html = (folder / f"{stem}.html").exists()
    if record.get("status") == "ok":
        return "", (f'<a href="{link}">{html.escape(label)}</a> <span class="ok">ok</span>'
                    f'<small>{record.get("duration_s", 0):.1f} s · {html.escape(record.get("data_vintage", ""))}'
                    f' · {html.escape(record.get("rendered_at", ""))}</small>')
    previous = f'<a href="{link}">previous good report</a> · ' if has_html else ""
    return "failed", (f'<span class="failed">failed</span><small>{previous}'
                      f'<a href="{html.escape(folder.name + "/" + record.get("failed_notebook", ""))}">executed notebook</a><br>'
                      f'{html.escape(record.get("error", "")[:300])}</small>')


def _cell(folder: Path, theme: str) -> str:
    """The theme's report, and under it each sweep report of the theme, labelled by its parameters."""
    status, body = _report(folder, theme)
    variants = [p.stem for p in sorted(folder.glob("*.json")) if p.stem != theme and sweep.theme_of(p.stem) == theme]
    items = [f"<li{_class(kind)}>{entry}</li>" for kind, entry in (_report(folder, stem) for stem in variants)]
    listed = f'<ul class="variants">{"".join(items)}</ul>' if items else ""
    return f"<td{_class(status)}>{body}{listed}</td>"


def _class(status: str) -> str:
    return f' class="{status}"' if status else ""


def _comparisons(out_dir: Path, countries: list[str]) -> str:
    items = []
    for theme, what in COMPARISON_THEMES.items():
        links = [f'<a href="{c}/{theme}.html">{html.escape(name(c))}</a>'
                 for c in countries if (out_dir / c / f"{theme}.html").exists()]
        if links:
            items.append(f"<li><strong>{html.escape(theme)}</strong>: {html.escape(what)}. "
                         f"Focus state: {' · '.join(links)}</li>")
    return f"<section><h2>Compare</h2><ul>{''.join(items)}</ul></section>" if items else ""


def _datasets(out_dir: Path, countries: list[str]) -> str:
    used = sorted({d for c in countries for p in (out_dir / c).glob("*.json")
                   for d in ((manifest.read(p) or {}).get("datasets") or {}) if isinstance(d, str)})
    rows = []
    for dataset_id in used:
        try:
            d = catalog.get(dataset_id)
        except catalog.UnknownDatasetError:
            continue
        rows.append(f"<tr><td><code>{html.escape(d.id)}</code></td><td>{html.escape(d.title)}</td>"
                    f"<td>{html.escape(d.years or '')}</td><td>{html.escape(d.retrieved or '')}</td>"
                    f"<td>{html.escape(d.license_short)}</td></tr>")
    if not rows:
        return ""
    return ("<section><h2>Datasets</h2><p>Every dataset the reports read, pinned by url and sha256 "
            "(<code>data/catalog.json</code>); each figure's metadata file carries the full citation.</p>"
            "<table><tr><th>id</th><th>title</th><th>years</th><th>retrieved</th><th>licence</th></tr>"
            f"{''.join(rows)}</table></section>")


def write_index(out_dir: Path) -> Path:
    """Write the home page for every theme that has a manifest under ``out_dir``; refresh search."""
    countries = [c for c in CENTRAL_ASIA if (out_dir / c).is_dir()]
    themes = sorted({sweep.theme_of(p.stem) for c in countries for p in (out_dir / c).glob("*.json")})
    head = "".join(f"<th>{html.escape(t)}</th>" for t in themes)
    rows = "".join(f"<tr><th>{html.escape(name(c))} ({c})</th>" + "".join(_cell(out_dir / c, t) for t in themes) + "</tr>"
                   for c in countries)
    page = (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Central Asia reports</title>'
            f"<style>{STYLE}</style></head><body><h1>Central Asia between the powers: reports</h1>"
            f"<p>{html.escape(INTRO)}</p><p><a href=\"{search.PAGE}\">Search all reports</a> (works offline).</p>"
            f"{_comparisons(out_dir, countries)}"
            f"<section><h2>Reports</h2><p>Each cell links to one report; run time, data vintage and render time "
            f"come from the manifest (<code>&lt;COUNTRY&gt;/&lt;theme&gt;.json</code>) beside it.</p>"
            f"<table><tr><th>country</th>{head}</tr>{rows}</table></section>"
            f"{_datasets(out_dir, countries)}"
            f"<section id=\"cite\"><h2>Cite the collection</h2><p>{html.escape(citation.collection_citation())}</p>"
            f"<p>Code: MIT licence (<code>LICENSE</code>); data keep their own licences, listed per figure.</p>"
            f"</section></body></html>\n")
    index = out_dir / "index.html"
    tmp = index.with_suffix(".html.part")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(index)
    if themes and search.stale(out_dir):
        search.build(out_dir)
    return index
