"""The JSON written beside each report, and the cache key that decides re-rendering.

A report is stale when any of these changed since it was rendered: the
notebook file, its parameters (and the contents of a file a parameter names),
the ``helpers`` source (code, name tables, templates), the project's curated
data files (``data/`` beside the catalog, e.g. the engagement timeline), the
catalog record of a dataset it read (pinned sha256, licence, title...), or the
versions of the pinned packages that execute and export it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import subprocess
import warnings
from importlib import metadata
from pathlib import Path

from helpers.data import catalog
from helpers.report import params

HELPERS_DIR = Path(__file__).resolve().parents[1]
PACKAGES = ("pandas", "numpy", "matplotlib", "papermill", "nbconvert", "nbclient", "ipykernel", "pyarrow")
SOURCE_SUFFIXES = {".py", ".csv", ".j2", ".json"}
CURATED_DIR = catalog.PROJECT_ROOT / "data"
CITATION_PATH = catalog.PROJECT_ROOT / "CITATION.cff"


def helpers_fingerprint() -> str:
    """sha256 over every source file of the helpers package (path and bytes)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in HELPERS_DIR.rglob("*") if p.suffix in SOURCE_SUFFIXES and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(HELPERS_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def curated_fingerprint() -> str:
    """sha256 over the project's curated data files, every file in ``data/`` but the catalog (which
    counts per dataset, :func:`dataset_records`), and ``CITATION.cff``, which every report cites."""
    digest = hashlib.sha256()
    files = [(str(p.relative_to(CURATED_DIR)), p) for p in sorted(CURATED_DIR.rglob("*"))
             if p.is_file() and p != catalog.CATALOG_PATH]
    for label, path in [*files, (CITATION_PATH.name, CITATION_PATH)]:
        digest.update(label.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def package_versions() -> dict[str, str]:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def dataset_hashes(dataset_ids) -> dict[str, list[str]]:
    """Pinned sha256 of each file of each dataset, as the catalog states it now."""
    out = {}
    for dataset_id in sorted(set(dataset_ids)):
        try:
            out[dataset_id] = [f.sha256 for f in catalog.get(dataset_id).files]
        except catalog.UnknownDatasetError:
            out[dataset_id] = ["removed from catalog"]
    return out


def dataset_records(dataset_ids) -> dict[str, dict]:
    """Each dataset's whole catalog record as it stands now (what its figures credit, not only its files)."""
    out = {}
    for dataset_id in sorted(set(dataset_ids)):
        try:
            out[dataset_id] = dataclasses.asdict(catalog.get(dataset_id))
        except catalog.UnknownDatasetError:
            out[dataset_id] = {"removed from catalog": True}
    return out


def cache_key(notebook: Path, parameters: dict, helpers_hash: str, datasets: dict[str, list[str]],
              versions: dict[str, str], records: dict | None = None, curated_hash: str = "") -> str:
    files = {k: _file_sha256(k, v) for k, v in parameters.items() if k.endswith("_file") and v is not None}
    payload = json.dumps({
        "notebook": hashlib.sha256(notebook.read_bytes()).hexdigest(), "parameters": parameters,
        "parameter_files": files, "helpers": helpers_hash, "datasets": datasets, "packages": versions,
        "catalog_records": records or {}, "curated": curated_hash,
    }, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def _file_sha256(key: str, path: str) -> str:
    """sha256 of a file a parameter names (e.g. a user's own trade file), checked first: a device
    or kernel file would never end (``params.ParameterError`` instead)."""
    params.parameter_file(key, path)
    with open(path, "rb", opener=lambda p, flags: os.open(p, flags | os.O_NONBLOCK)) as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def git_commit() -> str:
    """HEAD's commit, with '+dirty' when the work tree has uncommitted changes; 'unknown' outside git."""
    def git(*args):
        return subprocess.run(["git", *args], cwd=catalog.PROJECT_ROOT, capture_output=True, text=True, timeout=10)
    try:
        head = git("rev-parse", "HEAD")
        if head.returncode != 0:
            return "unknown"
        dirty = git("status", "--porcelain", "--untracked-files=no").stdout.strip()
        return head.stdout.strip() + ("+dirty" if dirty else "")
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"


class ManifestWarning(UserWarning):
    """A manifest that cannot be used: the report counts as never rendered."""


# the type of each field the runner and the index read; other fields are not checked
FIELD_TYPES = {"status": str, "cache_key": str, "datasets": dict, "duration_s": (int, float), "error": str,
               "rendered_at": str, "failed_at": str, "data_vintage": str, "failed_notebook": str,
               "parameters": dict, "html_is_previous_good": bool}


def read(path: Path) -> dict | None:
    """The manifest at ``path``; None when there is none, or (with a ManifestWarning) when it is
    not JSON or not of the manifest's shape."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        return _unusable(path, f"unreadable ({type(exc).__name__})")
    if not isinstance(record, dict):
        return _unusable(path, f"a JSON {type(record).__name__}, not an object")
    wrong = [key for key, kind in FIELD_TYPES.items() if key in record and
             (not isinstance(record[key], kind) or (kind is not bool and isinstance(record[key], bool)))]
    if wrong:
        return _unusable(path, f"wrong type of {', '.join(wrong)}")
    if not all(isinstance(v, list) for v in record.get("datasets", {}).values()):
        return _unusable(path, "wrong type of datasets")
    return record


def _unusable(path: Path, problem: str) -> None:
    warnings.warn(f"manifest {path} is {problem}; it is ignored and the report renders again",
                  ManifestWarning, stacklevel=3)
    return None


def write(path: Path, record: dict) -> None:
    tmp = path.with_suffix(".json.part")
    tmp.write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")
    tmp.replace(path)
