"""The JSON written beside each report, and the cache key that decides re-rendering.

A report is stale when any of these changed since it was rendered: the
notebook file, its parameters (and the contents of a file a parameter names),
the ``helpers`` source (code, name tables, templates), the pinned sha256 of a
dataset it read, or the versions of the pinned packages that execute and export it.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from importlib import metadata
from pathlib import Path

from helpers.data import catalog

HELPERS_DIR = Path(__file__).resolve().parents[1]
PACKAGES = ("pandas", "numpy", "matplotlib", "papermill", "nbconvert", "nbclient", "ipykernel", "pyarrow")
SOURCE_SUFFIXES = {".py", ".csv", ".j2", ".json"}


def helpers_fingerprint() -> str:
    """sha256 over every source file of the helpers package (path and bytes)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in HELPERS_DIR.rglob("*") if p.suffix in SOURCE_SUFFIXES and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(HELPERS_DIR)).encode())
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


def cache_key(notebook: Path, parameters: dict, helpers_hash: str, datasets: dict[str, list[str]],
              versions: dict[str, str]) -> str:
    files = {k: hashlib.sha256(Path(v).read_bytes()).hexdigest() for k, v in parameters.items()
             if isinstance(v, str) and Path(v).is_file()}  # e.g. a user's own trade file
    payload = json.dumps({
        "notebook": hashlib.sha256(notebook.read_bytes()).hexdigest(), "parameters": parameters,
        "parameter_files": files, "helpers": helpers_hash, "datasets": datasets, "packages": versions,
    }, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


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


def read(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write(path: Path, record: dict) -> None:
    tmp = path.with_suffix(".json.part")
    tmp.write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")
    tmp.replace(path)
