"""Parameter sweeps: ``render --sweep start_year=2000,2010 peers=RUS-CHN,USA`` or ``--sweep FILE`` (YAML).

A grid's Cartesian product becomes jobs (``runner.plan_sweep``); each job gets a readable
report name, ``<theme>--start-2010--peers-RUS-CHN``, made of the parameters that differ
from the notebook's defaults (a point equal to the defaults is the theme's own report).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from helpers.data.countries import name as country_name
from helpers.report.params import NAME_SEPARATOR as SEPARATOR, ParameterError

SHORT_KEYS = {"start_year": "start", "end_year": "end"}
KEY_ORDER = ("start_year", "end_year", "peers")  # then the other keys, sorted
LIST_KEYS = {"peers"}  # an inline or YAML string value 'RUS-CHN' of these is the list [RUS, CHN]
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,150}")
FILE_KEYS = ("themes", "countries", "grid")


@dataclass
class Sweep:
    """A sweep's grid (parameter -> values) and the themes and countries a sweep file named."""
    grid: dict[str, list] = field(default_factory=dict)
    themes: list[str] | None = None
    countries: list[str] | None = None


def parse(items: list[str]) -> Sweep:
    """A Sweep from ``--sweep`` items: ``KEY=V1,V2`` pairs and at most one YAML file."""
    files = [item for item in items if "=" not in item]
    if len(files) > 1:
        raise ParameterError(f"--sweep takes one sweep file, got {files}; merge them into one")
    sweep = read_file(Path(files[0])) if files else Sweep()
    for item in items:
        if "=" in item:
            key, _, values = item.partition("=")
            _add(sweep.grid, key.strip(), [v for v in values.split(",") if v.strip()], "--sweep")
    return sweep


def read_file(path: Path) -> Sweep:
    """A Sweep from a YAML file with ``grid:`` (and optional ``themes:``, ``countries:``)."""
    import yaml

    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ParameterError(f"cannot read sweep file {path} ({exc.strerror or exc}); give KEY=V1,V2 or a "
                             "YAML file") from None
    except yaml.YAMLError as exc:
        raise ParameterError(f"sweep file {path} is not YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(loaded, dict) or not isinstance(loaded.get("grid"), dict) or set(loaded) - set(FILE_KEYS):
        raise ParameterError(f"sweep file {path} must be a mapping with 'grid:' (parameter: [values]) and "
                             f"optionally 'themes:' and 'countries:'")
    sweep = Sweep(themes=_names(loaded.get("themes"), "themes", path),
                  countries=_names(loaded.get("countries"), "countries", path))
    for key, values in loaded["grid"].items():
        _add(sweep.grid, str(key), values if isinstance(values, list) else [values], str(path))
    return sweep


def _names(value, key: str, path: Path) -> list[str] | None:
    if value is None:
        return None
    listed = value if isinstance(value, list) else [value]
    if not listed:
        raise ParameterError(f"sweep file {path}: '{key}:' is empty; list some or leave it out")
    return [str(v) for v in listed]


def _add(grid: dict, key: str, values: list, where: str) -> None:
    """Put ``key``'s values into ``grid``, refusing what cannot be swept."""
    if key in grid:
        raise ParameterError(f"sweep parameter {key} is given twice ({where}); give its values once")
    if key == "country":
        raise ParameterError("country is not a grid parameter; give the states with --country or 'countries:'")
    if key.endswith("_file"):
        raise ParameterError(f"{key} cannot be swept (a file path makes no report name); give it with "
                             f"--{key.replace('_', '-')}")
    if not values:
        raise ParameterError(f"sweep parameter {key} has no values ({where}); give e.g. {key}=V1,V2")
    grid[key] = [_value(key, v) for v in values]


def _value(key: str, value):
    """A list parameter's 'RUS-CHN' is ['RUS', 'CHN'], inline and in a file alike."""
    if key in LIST_KEYS and isinstance(value, str):
        return [v for v in value.split("-") if v.strip()]
    return value


def points(grid: dict[str, list]) -> list[dict]:
    """The grid's Cartesian product, one {parameter: value} per point."""
    keys = list(grid)
    return [dict(zip(keys, values)) for values in itertools.product(*(grid[k] for k in keys))]


def _ordered(parameters: dict) -> list[tuple[str, object]]:
    """``parameters`` less country, in the names' fixed key order."""
    rest = sorted(k for k in parameters if k not in KEY_ORDER and k != "country")
    return [(k, parameters[k]) for k in (*KEY_ORDER, *rest) if k in parameters]


def _listed(value) -> list[str]:
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]


def report_name(theme: str, parameters: dict) -> str:
    """``theme--start-2010--peers-RUS-CHN`` for the parameters that differ from the defaults."""
    parts = [f"{SHORT_KEYS.get(k, k.replace('_', '-'))}-{'-'.join(_listed(v))}" for k, v in _ordered(parameters)]
    name = SEPARATOR.join([theme, *parts])
    if not SAFE_NAME.fullmatch(name):
        raise ParameterError(f"sweep values {dict(_ordered(parameters))} give the report name {name!r}, which is "
                             "not a safe file name; use values of letters, digits, '.', '_' and '-'")
    return name


def describe(parameters: dict) -> str:
    """The parameters in words: 'start 2010, peers Russia, China'."""
    def words(key: str, value) -> str:
        shown = [country_name(v) for v in value] if key == "peers" else _listed(value)
        return f"{SHORT_KEYS.get(key, key.replace('_', ' '))} {', '.join(shown)}"

    return ", ".join(words(k, v) for k, v in _ordered(parameters))


def theme_of(name: str) -> str:
    """The theme of a report name (``energy--start-2010`` -> ``energy``)."""
    return name.split(SEPARATOR)[0]
