"""The helpers package is layered, and imports go one way: data <- present <- themes; report knows no theme."""

import ast
from pathlib import Path

import pytest

HELPERS = Path(__file__).resolve().parents[1] / "src" / "helpers"
ALLOWED = {  # layer -> the layers its modules may import
    "data": {"data"},
    "present": {"data", "present"},
    "themes": {"data", "present", "themes"},
    "report": {"data", "present", "report"},
    "cli": {"data", "report"},
}
MODULES = sorted(p for p in HELPERS.rglob("*.py") if p.parent != HELPERS or p.stem == "cli")


def layer_of(path: Path) -> str:
    relative = path.relative_to(HELPERS)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imported_layers(path: Path) -> set[str]:
    """The helpers layers a module imports (``from helpers import data`` counts as the data layer)."""
    layers = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "helpers":
            parts = node.module.split(".")
            names = [parts[1]] if len(parts) > 1 else [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name.split(".")[1] for a in node.names if a.name.startswith("helpers.")]
        layers |= set(names)
    return layers


def test_every_module_sits_in_a_layer():
    assert {layer_of(p) for p in MODULES} == set(ALLOWED)
    assert {p.name for p in HELPERS.glob("*.py")} == {"__init__.py", "__main__.py", "cli.py"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(HELPERS)))
def test_imports_point_down_the_layers(path):
    layer = layer_of(path)
    assert imported_layers(path) <= ALLOWED[layer], f"{layer} module imports {imported_layers(path) - ALLOWED[layer]}"


def test_the_check_sees_a_wrong_import(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text("from helpers.themes import energy\nfrom helpers import data, report\n")
    assert imported_layers(module) == {"themes", "data", "report"}
