"""The one entry point for data: ``path(id)`` for files, ``load(id)`` for tables.

``load`` parses with the dataset's parser (``helpers.data.sources.<parser>``) and
keeps the result as parquet in the cache, keyed by the sha256 of the file(s)
and of the parser code, so a second load reads parquet instead of parsing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib
import inspect
import json
import os
import tempfile
import warnings
from importlib import resources
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pandas as pd

from helpers.data import catalog, countries, fetch, sources

from helpers.data.sources import PANEL_COLUMNS


ACCESS_LOG_ENV = "CA_DATA_ACCESS_LOG"
T = TypeVar("T")


def _record_access(dataset_id: str) -> None:
    """Append the id to ``$CA_DATA_ACCESS_LOG`` if set: the report runner learns what a notebook read."""
    log = os.environ.get(ACCESS_LOG_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(dataset_id + "\n")


def paths(dataset_id: str) -> dict[str, Path]:
    """All verified local files of a dataset, keyed by file name."""
    dataset = catalog.get(dataset_id)
    _record_access(dataset_id)
    return {f.name: fetch.fetch_file(dataset, f) for f in dataset.files}


def path(dataset_id: str, name: str | None = None) -> Path:
    """The verified local file of a dataset (``name`` picks one of several)."""
    dataset = catalog.get(dataset_id)
    _record_access(dataset_id)
    return fetch.fetch_file(dataset, dataset.file(name))


class NoLoaderError(LookupError):
    """A catalogued dataset that has no tidy loader yet."""


class SourceFormatError(ValueError):
    """A verified file whose layout is not the one its parser reads (the upstream format changed)."""


def _parser(dataset: catalog.Dataset):
    if dataset.parser is None:
        raise NoLoaderError(f"Dataset '{dataset.id}' has no tidy loader yet; "
                            f"use helpers.data.path('{dataset.id}') for its verified raw file(s).")
    return importlib.import_module(f"helpers.data.sources.{dataset.parser}")


def _parsed_cache_file(dataset: catalog.Dataset, module) -> Path:
    """Parquet path keyed by everything that shapes the parsed table.

    That is: the files' sha256, the dataset's catalog entry, the parser, the
    shared panel code, the country module and the name tables.
    """
    key = hashlib.sha256()
    for f in dataset.files:
        key.update(f.sha256.encode())
    key.update(json.dumps({"id": dataset.id, **dataset.extra}, sort_keys=True).encode())
    key.update(_code_fingerprint(module.__name__).encode())
    return fetch.cache_dir() / "parsed" / f"{dataset.id}-{key.hexdigest()[:20]}.parquet"


@functools.lru_cache(maxsize=None)
def _code_fingerprint(parser_module: str) -> str:
    """sha256 of the parser, the shared panel code, the country module and the name tables (fixed per process)."""
    key = hashlib.sha256()
    for code in (importlib.import_module(parser_module), sources, countries):
        key.update(inspect.getsource(code).encode())
    for table in sorted(resources.files("helpers.data.tables").iterdir(), key=lambda t: t.name):
        if table.name.endswith(".csv"):
            key.update(table.read_bytes())
    return key.hexdigest()


def _read_parquet(path: Path) -> pd.DataFrame | None:
    """A cached table (map layers come back as GeoDataFrames); None if the file is damaged."""
    import pyarrow.parquet as pq

    try:
        if b"geo" in (pq.read_schema(path).metadata or {}):
            import geopandas

            return geopandas.read_parquet(path)
        return pd.read_parquet(path)
    except (OSError, ValueError):  # truncated or overwritten: parse the verified file again
        return None


@contextlib.contextmanager
def _layout_errors(dataset: catalog.Dataset, files, reader: str, module: str) -> Iterator[None]:
    """Turn a reader's KeyError (or pandas' usecols ValueError) into a SourceFormatError naming the column."""
    try:
        yield
    except countries.NameNotInTableError:
        raise  # a new name, not a new layout: its own message says which table to extend
    except (KeyError, ValueError) as exc:
        message = str(exc.args[0]) if exc.args else ""
        if isinstance(exc, ValueError) and not message.startswith("Usecols do not match"):
            raise
        missing = message.split("not found: ")[-1] if isinstance(exc, ValueError) else repr(exc.args[0])
        raise SourceFormatError(
            f"Dataset '{dataset.id}' ({', '.join(files)}): no column or field {missing}, which {reader} reads. "
            f"The file matches its pinned sha256, so the pinned file itself has a new layout: update "
            f"{module.replace('.', '/')}.py for it, or pin the previous file in data/catalog.json."
        ) from exc


def _parse(dataset: catalog.Dataset, module) -> pd.DataFrame:
    """Run the parser; a file without the columns or fields it reads gives one clear error."""
    files = paths(dataset.id)
    with _layout_errors(dataset, files, f"the '{dataset.parser}' parser", module.__name__):
        return module.parse(dataset, files)


def read(dataset_id: str, reader: Callable[[Path], T], name: str | None = None) -> T:
    """``reader`` applied to the dataset's verified file; a changed layout raises SourceFormatError as in load."""
    dataset = catalog.get(dataset_id)
    file = path(dataset_id, name)
    with _layout_errors(dataset, [file.name], f"{reader.__module__}.{reader.__qualname__}", reader.__module__):
        return reader(file)


def _store(table: pd.DataFrame, cached: Path) -> None:
    """Write the parsed table atomically; an unwritable or full cache only costs the next parse."""
    tmp = None
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cached.parent, prefix=f".{cached.stem}.", suffix=".part")
        os.close(fd)
        table.to_parquet(tmp, index=False)
        os.replace(tmp, cached)  # atomic: parallel reports never read a half-written file
    except OSError as exc:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        warnings.warn(f"Parsed table not cached ({type(exc).__name__}: {exc}); it is parsed again next time. "
                      f"Set {fetch.CACHE_ENV} to a writable folder with free space.", stacklevel=3)


@dataclasses.dataclass
class _Loaded:
    """A parsed table read in this process, with the lookups into it built on first use."""
    table: pd.DataFrame
    by_indicator: dict[str, pd.DataFrame] | None = None
    reporting: frozenset[str] | None = None

    def rows_of(self, indicator: str) -> pd.DataFrame | None:
        """The rows of one indicator (None if the table has none), grouped once per table."""
        if self.by_indicator is None:
            self.by_indicator = {str(k): g for k, g in self.table.groupby("indicator", sort=False, observed=True)}
        return self.by_indicator.get(indicator)


_loaded: dict[Path, _Loaded] = {}  # parsed tables already read in this process


def _memo(dataset_id: str) -> _Loaded:
    """The dataset's parsed table in this process: read from the parsed cache, else parsed (and cached)."""
    dataset = catalog.get(dataset_id)
    _record_access(dataset_id)
    module = _parser(dataset)
    cached = _parsed_cache_file(dataset, module)
    if cached not in _loaded:
        table = _read_parquet(cached) if cached.exists() else None
        if table is None:
            table = _parse(dataset, module)
            _store(table, cached)
        _loaded[cached] = _Loaded(table)
    return _loaded[cached]


def load(dataset_id: str) -> pd.DataFrame:
    """The dataset as a tidy table (see ``PANEL_COLUMNS`` for panels)."""
    return _memo(dataset_id).table.copy(deep=False)  # copy-on-write: callers cannot change the memo


def reporting_countries(dataset_id: str) -> frozenset[str]:
    """Codes of the countries a panel lists in their own right (aggregates such as 'Other CIS' left out)."""
    memo = _memo(dataset_id)
    if memo.reporting is None:
        table = memo.table
        own = table.loc[~table["is_aggregate"].astype(bool), "country"] if "is_aggregate" in table else table["country"]
        memo.reporting = frozenset(own.unique())
    return memo.reporting


def panel(dataset_id: str, indicator: str | None = None, countries=None,
          start_year: int | None = None, end_year: int | None = None) -> pd.DataFrame:
    """Rows of a panel dataset, filtered by indicator, countries and years."""
    memo = _memo(dataset_id)
    table = memo.table
    missing = set(PANEL_COLUMNS) - set(table.columns)
    if missing:
        raise TypeError(f"Dataset '{dataset_id}' is not a country-year panel (no {sorted(missing)}).")
    if indicator is not None:
        table = memo.rows_of(indicator)
        if table is None:
            known = memo.table["indicator"].unique()
            raise KeyError(f"Dataset '{dataset_id}' has no indicator '{indicator}'. "
                           f"It has: {', '.join(sorted(map(str, known))[:40])}")
    mask = pd.Series(True, index=table.index)
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


def years_table(dataset_id: str, countries, start_year: int, end_year: int,
                indicator: str | None = None) -> pd.DataFrame:
    """Year x country table with every year start_year..end_year as a row and every requested
    country as a column, in the order given; missing stays NaN."""
    codes = [countries] if isinstance(countries, str) else list(countries)
    table = wide(dataset_id, indicator, codes, start_year, end_year)
    return table.reindex(index=range(start_year, end_year + 1), columns=codes)
