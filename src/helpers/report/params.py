"""Check a report's parameters before any kernel starts."""

from __future__ import annotations

import ast
import datetime as dt
import functools
import hashlib
import json
import os
import stat
from pathlib import Path

from helpers.data.countries import check_central_asian, is_iso3_country

NOTEBOOKS_ENV = "CA_NOTEBOOKS_DIR"
DEFAULT_NOTEBOOKS_DIR = Path(__file__).resolve().parents[3] / "notebooks"
EARLIEST_YEAR = 1960
AGGREGATE_PEERS = {"EUU", "WLD"}
MAX_FILE_BYTES = 200 * 2**20  # a file parameter (e.g. trade_file) is read whole
NAME_SEPARATOR = "--"  # between a theme and a sweep report's parameters (report.sweep)


class ParameterError(ValueError):
    """A parameter a report cannot be made with; the message says what to use instead."""


def notebooks_dir() -> Path:
    """The theme notebooks: ``notebooks/``, or ``$CA_NOTEBOOKS_DIR`` (tests use this)."""
    return Path(os.environ.get(NOTEBOOKS_ENV) or DEFAULT_NOTEBOOKS_DIR)


def themes() -> list[str]:
    """Theme names: one per notebook in the notebooks folder, found at run time."""
    return sorted(p.stem for p in notebooks_dir().glob("*.ipynb"))


def notebook_path(theme: str) -> Path:
    """The notebook of a theme; only names of notebooks in the folder are themes (no paths)."""
    if theme not in themes():
        raise ParameterError(f"Unknown theme {str(theme)!r}; choose one of: {', '.join(themes())}")
    if NAME_SEPARATOR in theme:
        raise ParameterError(f"The notebook {theme}.ipynb has {NAME_SEPARATOR!r} in its name, which separates a sweep "
                             f"report's parameters from its theme; rename it in {notebooks_dir()}")
    return notebooks_dir() / f"{theme}.ipynb"


def _literal(text: str):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return None


def declared(theme: str) -> dict:
    """The parameters a theme's notebook declares in its ``parameters`` cell (papermill's reading)."""
    path = notebook_path(theme)
    return _inspect(str(path), hashlib.sha256(path.read_bytes()).hexdigest())


@functools.lru_cache(maxsize=64)
def _inspect(path: str, content_sha256: str) -> dict:
    """papermill's reading of a notebook's parameters, once per version of the file and of papermill.

    The reading is kept as JSON in the data cache, so a run with nothing to render never imports
    papermill (seconds of start-up); a cache that cannot be written is only slower.
    """
    from importlib.metadata import version

    from helpers.data import fetch

    kept = fetch.cache_dir() / "notebook-parameters" / f"{content_sha256}-papermill-{version('papermill')}.json"
    try:
        return json.loads(kept.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    import papermill  # imported only for a notebook version not read before

    found = papermill.inspect_notebook(path)
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        part = kept.with_name(f".{kept.name}.{os.getpid()}.part")
        part.write_text(json.dumps(found), encoding="utf-8")
        part.replace(kept)
    except OSError:
        pass
    return found


def defaults(theme: str) -> dict:
    """The notebook's default value of each parameter (None where the default is not a literal)."""
    return {k: _literal(v["default"]) for k, v in declared(theme).items()}


def validate(theme: str, parameters: dict) -> dict:
    """Return cleaned parameters for ``theme`` or raise ParameterError with the valid choices."""
    declared_parameters = declared(theme)
    unknown = set(parameters) - set(declared_parameters)
    if unknown:
        raise ParameterError(f"Notebook '{theme}' has no parameter(s) {sorted(unknown)}; "
                             f"its parameters are: {', '.join(declared_parameters)}")
    clean = dict(parameters)
    try:
        if "country" in clean:
            clean["country"] = check_central_asian(clean["country"])
    except ValueError as exc:
        raise ParameterError(str(exc)) from None
    initial = defaults(theme)
    if clean.get("peers") is not None:
        clean["peers"] = _peers(clean["peers"], clean.get("country", initial.get("country")))
    for key, value in clean.items():
        if key.endswith("_file") and value is not None:
            clean[key] = parameter_file(key, value)
    for key, default in initial.items():
        if key in clean and isinstance(default, int) and not isinstance(default, bool):
            clean[key] = _whole(key, clean[key])  # e.g. period_years: papermill must inject a number
    for key in ("start_year", "end_year"):
        if key in clean:
            clean[key] = _year(key, clean[key])
    start = clean.get("start_year", initial.get("start_year"))
    end = clean.get("end_year", initial.get("end_year"))
    if start is not None and end is not None and start > end:
        raise ParameterError(f"Empty year range: start_year={start} is after end_year={end}; "
                             "give start_year <= end_year")
    return clean


def parameter_file(key: str, value) -> str:
    """The absolute path of a regular file of 1 byte to MAX_FILE_BYTES, never opened here.

    Devices, pipes and kernel files (``/proc/kmsg`` says it is an empty regular file) would
    block whoever reads them, so only a file with a size on disk is accepted.
    """
    try:
        info = os.stat(value) if isinstance(value, str) and value else None
    except (OSError, ValueError):
        info = None
    if info is None or not stat.S_ISREG(info.st_mode):
        raise ParameterError(f"{key}={value!r} is not a file; give the path of the CSV you downloaded")
    if not 0 < info.st_size <= MAX_FILE_BYTES:
        raise ParameterError(f"{key}={value!r} is {info.st_size:,} bytes; a trade CSV must hold 1 byte to "
                             f"{MAX_FILE_BYTES // 2**20} MiB")
    return str(Path(value).resolve())


def _peers(given, country: str | None) -> list[str]:
    """Upper-cased peer codes, each once; the report's own country is not its own peer."""
    if not isinstance(given, (list, tuple)):
        raise ParameterError(f"peers={given!r} must be a list of codes, e.g. ['RUS', 'CHN']")
    peers = list(dict.fromkeys(str(p).strip().upper() for p in given))
    bad = [p for p in peers if not (is_iso3_country(p) or p in AGGREGATE_PEERS)]
    if bad:
        raise ParameterError(f"Unknown peer code(s) {bad}; use ISO 3166 alpha-3 codes "
                             f"(e.g. KAZ, RUS, CHN) or {', '.join(sorted(AGGREGATE_PEERS))}")
    if country in peers:
        raise ParameterError(f"peers include the report's own country {country}; "
                             f"leave it out (peers are compared with {country})")
    return peers


def _whole(label: str, value) -> int:
    """A positive int, or a string of digits, as an int."""
    digits = isinstance(value, str) and value.strip().isdecimal() and value.strip().isascii()
    if isinstance(value, bool) or not (isinstance(value, int) or digits) or int(value) < 1:
        raise ParameterError(f"{label}={value!r} is not a positive whole number; give one such as 2000")
    return int(value)


def _year(label: str, value) -> int:
    """A whole year within the data's span."""
    year, this_year = _whole(label, value), dt.date.today().year
    if not EARLIEST_YEAR <= year <= this_year:
        raise ParameterError(f"{label}={year} is outside {EARLIEST_YEAR}-{this_year}")
    return year
