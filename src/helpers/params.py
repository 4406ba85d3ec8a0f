"""Check a report's parameters before any kernel starts."""

from __future__ import annotations

import ast
import datetime as dt
import os
from pathlib import Path

from helpers.countries import check_central_asian, is_iso3_country

NOTEBOOKS_ENV = "CA_NOTEBOOKS_DIR"
DEFAULT_NOTEBOOKS_DIR = Path(__file__).resolve().parents[2] / "notebooks"
EARLIEST_YEAR = 1960
AGGREGATE_PEERS = {"EUU", "WLD"}


class ParameterError(ValueError):
    """A parameter a report cannot be made with; the message says what to use instead."""


def notebooks_dir() -> Path:
    """The theme notebooks: ``notebooks/``, or ``$CA_NOTEBOOKS_DIR`` (tests use this)."""
    return Path(os.environ.get(NOTEBOOKS_ENV) or DEFAULT_NOTEBOOKS_DIR)


def themes() -> list[str]:
    """Theme names: one per notebook in the notebooks folder, found at run time."""
    return sorted(p.stem for p in notebooks_dir().glob("*.ipynb"))


def notebook_path(theme: str) -> Path:
    path = notebooks_dir() / f"{theme}.ipynb"
    if not path.exists():
        raise ParameterError(f"Unknown theme '{theme}'; choose one of: {', '.join(themes())}")
    return path


def _literal(text: str):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return None


def declared(theme: str) -> dict:
    """The parameters a theme's notebook declares in its ``parameters`` cell (papermill's reading)."""
    import papermill  # imported here: a no-op report run never needs it

    return papermill.inspect_notebook(str(notebook_path(theme)))


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
    if clean.get("peers") is not None:
        peers = [str(p).strip().upper() for p in clean["peers"]]
        bad = [p for p in peers if not (is_iso3_country(p) or p in AGGREGATE_PEERS)]
        if bad:
            raise ParameterError(f"Unknown peer code(s) {bad}; use ISO 3166 alpha-3 codes "
                                 f"(e.g. KAZ, RUS, CHN) or {', '.join(sorted(AGGREGATE_PEERS))}")
        clean["peers"] = peers
    for key, value in clean.items():
        if key.endswith("_file") and value is not None and not Path(value).is_file():
            raise ParameterError(f"{key}={value} is not a file; give the path of the CSV you downloaded")
    this_year = dt.date.today().year
    defaults = {k: _literal(v["default"]) for k, v in declared_parameters.items()}
    start = clean.get("start_year", defaults.get("start_year"))
    end = clean.get("end_year", defaults.get("end_year"))
    for label, year in (("start_year", start), ("end_year", end)):
        if year is not None and not EARLIEST_YEAR <= int(year) <= this_year:
            raise ParameterError(f"{label}={year} is outside {EARLIEST_YEAR}-{this_year}")
    if start is not None and end is not None and int(start) > int(end):
        raise ParameterError(f"Empty year range: start_year={start} is after end_year={end}; "
                             "give start_year <= end_year")
    return clean
