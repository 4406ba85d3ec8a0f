"""The one entry point for data: ``path(id)`` for files, ``load(id)`` for tables.

``load`` parses with the dataset's parser (``helpers.sources.<parser>``) and
keeps the result as parquet in the cache, keyed by the sha256 of the file(s)
and of the parser code, so a second load reads parquet instead of parsing.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
from pathlib import Path

import pandas as pd

from helpers import catalog, fetch

from helpers.sources import PANEL_COLUMNS


def paths(dataset_id: str) -> dict[str, Path]:
    """All verified local files of a dataset, keyed by file name."""
    dataset = catalog.get(dataset_id)
    return {f.name: fetch.fetch_file(dataset, f) for f in dataset.files}


def path(dataset_id: str, name: str | None = None) -> Path:
    """The verified local file of a dataset (``name`` picks one of several)."""
    dataset = catalog.get(dataset_id)
    return fetch.fetch_file(dataset, dataset.file(name))


def _parser(dataset: catalog.Dataset):
    return importlib.import_module(f"helpers.sources.{dataset.parser}")


def _parsed_cache_file(dataset: catalog.Dataset, module) -> Path:
    key = hashlib.sha256()
    for f in dataset.files:
        key.update(f.sha256.encode())
    key.update(inspect.getsource(module).encode())
    return fetch.cache_dir() / "parsed" / f"{dataset.id}-{key.hexdigest()[:20]}.parquet"


def load(dataset_id: str) -> pd.DataFrame:
    """The dataset as a tidy table (see ``PANEL_COLUMNS`` for panels)."""
    dataset = catalog.get(dataset_id)
    module = _parser(dataset)
    cached = _parsed_cache_file(dataset, module)
    if cached.exists():
        return pd.read_parquet(cached)
    table = module.parse(dataset, paths(dataset_id))
    cached.parent.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(".part")
    table.to_parquet(tmp, index=False)
    tmp.replace(cached)
    return table


def panel(dataset_id: str, indicator: str | None = None, countries=None,
          start_year: int | None = None, end_year: int | None = None) -> pd.DataFrame:
    """Rows of a panel dataset, filtered by indicator, countries and years."""
    table = load(dataset_id)
    missing = set(PANEL_COLUMNS) - set(table.columns)
    if missing:
        raise TypeError(f"Dataset '{dataset_id}' is not a country-year panel (no {sorted(missing)}).")
    mask = pd.Series(True, index=table.index)
    if indicator is not None:
        known = table["indicator"].unique()
        if indicator not in known:
            raise KeyError(f"Dataset '{dataset_id}' has no indicator '{indicator}'. "
                           f"It has: {', '.join(sorted(map(str, known))[:40])}")
        mask &= table["indicator"] == indicator
    if countries is not None:
        mask &= table["country"].isin([countries] if isinstance(countries, str) else list(countries))
    if start_year is not None:
        mask &= table["year"] >= start_year
    if end_year is not None:
        mask &= table["year"] <= end_year
    return table[mask].reset_index(drop=True)


def wide(dataset_id: str, indicator: str | None = None, countries=None,
         start_year: int | None = None, end_year: int | None = None) -> pd.DataFrame:
    """A year x country table of one indicator (missing stays NaN)."""
    rows = panel(dataset_id, indicator, countries, start_year, end_year)
    table = rows.pivot_table(index="year", columns="country", values="value", aggfunc="first")
    if countries is not None and not isinstance(countries, str):
        table = table.reindex(columns=list(countries))
    return table
