"""House limits for the building engine: no function longer than about 80 lines or with more
than about 12 parameters (``benchmarks/building_functions.py`` prints the largest)."""

from __future__ import annotations

import ast
from pathlib import Path

import hyosan.building

MAX_LINES = 80
MAX_PARAMS = 12
SKIP = {"repast.py"}
"""Repast Zombies is its own engine, moving out of this package."""


def _functions() -> list[tuple[str, int, int]]:
    found = []
    for path in sorted(Path(hyosan.building.__file__).parent.glob("*.py")):
        if path.name in SKIP:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef):
                a = node.args
                params = len(a.posonlyargs) + len(a.args) + len(a.kwonlyargs)
                params += (a.vararg is not None) + (a.kwarg is not None)
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                found.append((f"{path.name}:{node.name}", lines, params))
    return found


def test_the_walk_finds_the_step() -> None:
    names = {name for name, _, _ in _functions()}
    assert {"step.py:step", "kernel.py:run_take", "people.py:act"} <= names


def test_no_function_is_longer_than_the_limit() -> None:
    long = [(n, lines) for n, lines, _ in _functions() if lines > MAX_LINES]
    assert long == []


def test_no_function_takes_more_parameters_than_the_limit() -> None:
    many = [(n, params) for n, _, params in _functions() if params > MAX_PARAMS]
    assert many == []
