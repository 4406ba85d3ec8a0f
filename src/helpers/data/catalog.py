"""Dataset records: id -> producer, licence, pinned file(s) and hashes.

The catalog lives in ``data/catalog.json`` at the top of the project; its
facts are copied from each dataset's ``source.json`` in the reference mirror.
"""

from __future__ import annotations

import difflib
import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[3]
CATALOG_PATH = PROJECT_ROOT / "data" / "catalog.json"


class UnknownDatasetError(KeyError):
    """A dataset id that the catalog does not list."""

    def __str__(self) -> str:  # KeyError quotes its message; we want plain text
        return str(self.args[0])


@dataclass(frozen=True)
class FileRecord:
    name: str
    url: str
    sha256: str
    bytes: int


@dataclass(frozen=True)
class Dataset:
    id: str
    title: str
    producer: str
    short_producer: str
    license: str
    license_short: str
    parser: str | None  # module in helpers.data.sources; None: no tidy loader yet
    files: tuple[FileRecord, ...]
    themes: tuple[str, ...]
    years: str | None = None
    caveats: str | list[str] | None = None
    via: str | None = None        # the repository the pinned file is served from
    commit: str | None = None     # the commit of that repository the url pins
    retrieved: str | None = None  # the day the reference copy was taken (YYYY-MM-DD)
    extra: dict = field(default_factory=dict)

    @property
    def credit(self) -> str:
        """One line for a figure: producer and licence."""
        return f"{self.short_producer} ({self.license_short})"

    def file(self, name: str | None = None) -> FileRecord:
        """The dataset's single file, or the one called ``name``."""
        if name is None:
            if len(self.files) != 1:
                names = ", ".join(f.name for f in self.files)
                raise ValueError(f"Dataset '{self.id}' has several files ({names}); pass name=...")
            return self.files[0]
        for f in self.files:
            if f.name == name:
                return f
        names = ", ".join(f.name for f in self.files)
        raise ValueError(f"Dataset '{self.id}' has no file '{name}'; its files are: {names}")


_CORE_KEYS = {"id", "title", "producer", "short_producer", "license", "license_short",
              "parser", "files", "themes", "years", "caveats", "via", "commit", "retrieved"}


def _record(raw: dict) -> Dataset:
    return Dataset(
        id=raw["id"], title=raw["title"], producer=raw["producer"],
        short_producer=raw["short_producer"], license=raw["license"],
        license_short=raw["license_short"], parser=raw["parser"],
        files=tuple(FileRecord(**f) for f in raw["files"]),
        themes=tuple(raw["themes"]), years=raw.get("years"), caveats=raw.get("caveats"),
        via=raw.get("via"), commit=raw.get("commit"), retrieved=raw.get("retrieved"),
        extra={k: v for k, v in raw.items() if k not in _CORE_KEYS},
    )


@lru_cache(maxsize=4)
def read_catalog(path: Path = CATALOG_PATH) -> dict[str, Dataset]:
    """All datasets of a catalog file, keyed by id."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    return {d["id"]: _record(d) for d in raw["datasets"]}


def catalog() -> dict[str, Dataset]:
    """The project's catalog (``CA_DATA_CATALOG`` may point at another file)."""
    return read_catalog(Path(os.environ.get("CA_DATA_CATALOG", CATALOG_PATH)))


def get(dataset_id: str) -> Dataset:
    """The record of one dataset; an unknown id names the closest matches."""
    datasets = catalog()
    try:
        return datasets[dataset_id]
    except KeyError:
        close = difflib.get_close_matches(str(dataset_id), datasets, n=5, cutoff=0.5)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise UnknownDatasetError(
            f"Unknown dataset id '{dataset_id}'.{hint} "
            f"`python -m helpers data list` shows all {len(datasets)} ids."
        ) from None
