"""Offline search over every report: ``search.html`` with a prebuilt lunr index.

The index is built with lunr.py (the Python port of lunr.js) from the reports'
headings, narrative, table text and figure alt text, one document per section
(a heading and what follows it). The page loads lunr.js (the copy mkdocs ships
for its own search) and the index as classic scripts, so it works from
``file://`` and from any static host, with no network.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from bs4 import BeautifulSoup
from lunr import lunr

from helpers.data.countries import CENTRAL_ASIA, name

PAGE = "search.html"
FOLDER = "search"
SECTION_TAGS = ("h1", "h2", "h3")


def lunr_js() -> Path:
    """lunr.js as mkdocs ships it."""
    import mkdocs

    return Path(mkdocs.__file__).resolve().parent / "contrib" / "search" / "templates" / "search" / "lunr.js"


def sections(page: Path, href: str) -> list[dict]:
    """A report's sections: {'id': href#anchor, 'title', 'report', 'text'} in reading order."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    main = soup.find("main") or soup
    for hidden in main.select("nav, script, style, .ca-cite, .ca-data, p.ca-rendered"):
        hidden.decompose()
    for image in main.find_all("img"):
        image.replace_with(f" {image.get('alt', '')} ")
    report = soup.title.get_text(strip=True) if soup.title else href
    found = [{"id": href, "title": report, "report": report, "text": []}]
    for element in main.find_all(list(SECTION_TAGS) + ["p", "li", "td", "th", "pre"]):
        if element.name in SECTION_TAGS:
            anchor = element.get("id")
            title = element.get_text(" ", strip=True).rstrip("¶").strip()
            found.append({"id": f"{href}#{anchor}" if anchor else href, "title": title, "report": report, "text": []})
        elif not element.find_parent(["p", "li", "td", "th"]) or element.name in ("td", "th"):
            found[-1]["text"].append(element.get_text(" ", strip=True))
    return [{**s, "text": " ".join(t for t in s["text"] if t)} for s in found if s["text"] or s["title"] != report]


def documents(out_dir: Path) -> list[dict]:
    """Every section of every report under ``out_dir`` (``<COUNTRY>/<theme>.html``), in a stable order."""
    docs = []
    for country in CENTRAL_ASIA:
        for page in sorted((out_dir / country).glob("*.html")):
            docs += sections(page, f"{country}/{page.name}")
    return docs


def build(out_dir: Path) -> Path:
    """Write ``search.html``, ``search/index.js`` and ``search/lunr.js`` under ``out_dir``."""
    docs = documents(out_dir)
    index = lunr(ref="id", fields=[{"field_name": "title", "boost": 5}, "text"], documents=docs) if docs else None
    folder = out_dir / FOLDER
    folder.mkdir(exist_ok=True)
    store = {d["id"]: {"title": d["title"], "report": d["report"], "text": d["text"][:240]} for d in docs}
    payload = json.dumps({"index": index.serialize() if index else None, "docs": store}, sort_keys=True, separators=(",", ":"))
    _write(folder / "index.js", f"window.CA_SEARCH = {payload};\n")
    _write(folder / "lunr.js", lunr_js().read_text(encoding="utf-8"))
    _write(out_dir / PAGE, _page(len(docs)))
    return out_dir / PAGE


def stale(out_dir: Path) -> bool:
    """True when a report is newer than the search index (or there is no index yet)."""
    index = out_dir / FOLDER / "index.js"
    if not index.exists() or not (out_dir / PAGE).exists():
        return True
    built = index.stat().st_mtime
    return any(p.stat().st_mtime > built for c in CENTRAL_ASIA for p in (out_dir / c).glob("*.html"))


def _write(path: Path, content: str) -> None:
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(content, encoding="utf-8")
    tmp.replace(path)


def _page(count: int) -> str:
    states = ", ".join(name(c) for c in CENTRAL_ASIA)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Search the reports</title>
<style>body{{font-family:system-ui,sans-serif;margin:2rem;max-width:900px;color:#222}}
input{{font-size:1.1rem;padding:.4rem;width:70%}}li{{margin:.6rem 0}}small{{color:#555;display:block}}</style>
</head><body>
<p><a href="index.html">All reports</a></p>
<h1>Search the reports</h1>
<p>Searches the headings, narrative, tables and figure descriptions of every report ({html.escape(states)}),
{count} sections in all, in your browser: nothing is sent anywhere. Words are matched by their stem
(<em>pipelines</em> finds <em>pipeline</em>); <code>+gas +china</code> requires both words.</p>
<form id="search-form"><input id="q" name="q" type="search" aria-label="Search words" autofocus>
<button type="submit">Search</button></form>
<p id="summary" role="status"></p>
<ol id="results"></ol>
<script src="{FOLDER}/lunr.js"></script>
<script src="{FOLDER}/index.js"></script>
<script>
(function () {{
  var stored = window.CA_SEARCH.index, docs = window.CA_SEARCH.docs;
  var index = stored ? lunr.Index.load(stored) : null;
  var input = document.getElementById("q"), list = document.getElementById("results");
  var summary = document.getElementById("summary");
  function show(query) {{
    list.textContent = "";
    if (!query.trim()) {{ summary.textContent = ""; return; }}
    var hits = [];
    if (!index) {{ summary.textContent = "No report has been rendered yet."; return; }}
    try {{ hits = index.search(query); }} catch (e) {{ hits = []; }}
    summary.textContent = hits.length ? hits.length + " sections match." : "No section matches.";
    hits.slice(0, 50).forEach(function (hit) {{
      var doc = docs[hit.ref], item = document.createElement("li"), link = document.createElement("a");
      link.href = hit.ref; link.textContent = doc.report + ": " + doc.title;
      var text = document.createElement("small"); text.textContent = doc.text;
      item.appendChild(link); item.appendChild(text); list.appendChild(item);
    }});
  }}
  document.getElementById("search-form").addEventListener("submit", function (event) {{
    event.preventDefault(); show(input.value);
    try {{ history.replaceState(null, "", "?q=" + encodeURIComponent(input.value)); }} catch (e) {{}}
  }});
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {{ input.value = initial; show(initial); }}
}})();
</script>
</body></html>
"""
