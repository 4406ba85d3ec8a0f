"""How to cite a report, the collection and each dataset a report read.

The project's own facts (title, authors, licence, the site's address) come from
``CITATION.cff`` at the top of the project, the one place they are set;
``CA_SITE_URL`` overrides the address for a build. Dataset citations come from
the catalog: producer, title, years covered, retrieval day, pinned url and
sha256, so a reader can fetch exactly the file a figure was drawn from.
"""

from __future__ import annotations

import os
import subprocess
from functools import lru_cache

import yaml

from helpers.data import catalog

CITATION_PATH = catalog.PROJECT_ROOT / "CITATION.cff"
SITE_URL_ENV = "CA_SITE_URL"


@lru_cache(maxsize=1)
def project() -> dict:
    """The fields of ``CITATION.cff``."""
    return yaml.safe_load(CITATION_PATH.read_text(encoding="utf-8"))


def site_url() -> str:
    """The published site's address, ending in '/' (``CA_SITE_URL`` or CITATION.cff's ``url``)."""
    url = os.environ.get(SITE_URL_ENV) or project()["url"]
    return url if url.endswith("/") else url + "/"


def authors() -> str:
    """The authors as a citation prints them."""
    names = [a.get("name") or " ".join(filter(None, [a.get("given-names"), a.get("family-names")]))
             for a in project()["authors"]]
    return "; ".join(names)


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=catalog.PROJECT_ROOT, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


@lru_cache(maxsize=1)
def version() -> str:
    """``git describe --tags --always`` of the code that renders ('unversioned' outside git)."""
    return _git("describe", "--tags", "--always") or "unversioned"


@lru_cache(maxsize=1)
def year() -> str:
    """The year of the rendering code's commit: the same code cites the same year on any day."""
    day = _git("log", "-1", "--format=%cs")
    return day[:4] if day else "n.d."


def report_citation(title: str, page: str) -> str:
    """'Authors (year). Title. In: collection (version v). URL' for one report page.

    ``page`` is the report's path under the site (``KAZ/energy.html``). The reader adds the day
    they accessed it (the HTML fills it in).
    """
    return (f"{authors()} ({year()}). {title}. In: {project()['title']} "
            f"(version {version()}). {site_url()}{page}")


def collection_citation() -> str:
    """The citation of the whole collection (the index page)."""
    return f"{authors()} ({year()}). {project()['title']} (version {version()}). {site_url()}"


def dataset_citation(dataset_id: str) -> str:
    """Producer. Title [data set, years]. Retrieved <day> from <url>; sha256 <hash>."""
    dataset = catalog.get(dataset_id)
    files = dataset.files
    where = files[0].url if len(files) == 1 else f"{len(files)} pinned files, first {files[0].url}"
    digest = f"; sha256 {files[0].sha256}" if len(files) == 1 else ""
    years = f", {dataset.years}" if dataset.years else ""
    retrieved = f"Retrieved {dataset.retrieved} from " if dataset.retrieved else "From "
    return f"{dataset.producer}. {dataset.title} [data set{years}]. {retrieved}{where}{digest}."


def dataset_record(dataset_id: str) -> dict:
    """What a figure's metadata file says about one dataset it read."""
    dataset = catalog.get(dataset_id)
    return {"id": dataset.id, "title": dataset.title, "producer": dataset.producer,
            "license": dataset.license, "license_short": dataset.license_short, "years": dataset.years,
            "via": dataset.via, "commit": dataset.commit, "retrieved": dataset.retrieved,
            "files": [{"name": f.name, "url": f.url, "sha256": f.sha256} for f in dataset.files],
            "citation": dataset_citation(dataset_id)}
