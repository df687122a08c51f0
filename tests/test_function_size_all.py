"""House limits outside the building engine: no function in ``src/hyosan`` longer than 80 lines
or with more than 12 parameters (``tests/building/test_function_size.py`` checks the building
engine with the same limits)."""

from __future__ import annotations

import ast
from pathlib import Path

import hyosan

MAX_LINES = 80
MAX_PARAMS = 12
ROOT = Path(hyosan.__file__).parent
COVERED_ELSEWHERE = {"building"}


def _functions() -> list[tuple[str, int, int]]:
    """(file:function, lines, parameters) of every function and method, nested ones too."""
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in COVERED_ELSEWHERE:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                a = node.args
                params = len(a.posonlyargs) + len(a.args) + len(a.kwonlyargs)
                params += (a.vararg is not None) + (a.kwarg is not None)
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                found.append((f"{relative}:{node.name}", lines, params))
    return found


def test_the_walk_finds_functions_in_every_package() -> None:
    names = {name for name, _, _ in _functions()}
    assert {"cli/run.py:run", "engines.py:engine_for", "repast/kernel.py:run_world"} <= names
    assert not any(name.startswith("building/") for name in names)


def test_no_function_is_longer_than_the_limit() -> None:
    long = [(n, lines) for n, lines, _ in _functions() if lines > MAX_LINES]
    assert long == []


def test_no_function_takes_more_parameters_than_the_limit() -> None:
    many = [(n, params) for n, _, params in _functions() if params > MAX_PARAMS]
    assert many == []
