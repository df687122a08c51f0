"""Shared scenarios for the ensemble tests: quick stochastic takes with a fixed seed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

SSA_SCENARIO = """
name = "szr-test"
engine = "compartmental"
seed = 2013
takes = 24

[compartmental]
model = "alemi_szr"
method = "ssa"
time_unit = "h"
t_end = 20.0
points = 41

[compartmental.parameters]
beta = {beta}
alpha = 0.5

[compartmental.initial]
S = {n}
Z = 20
"""


def ssa_scenario(tmp_path: Path, n: int = 20_000, name: str = "szr.toml") -> Path:
    """A stochastic SZR scenario file; takes last about n / 4·10⁶ seconds each."""
    file = tmp_path / name
    file.write_text(SSA_SCENARIO.format(n=n, beta=1.8 / n))
    return file


@pytest.fixture
def szr(tmp_path: Path) -> Path:
    """A stochastic SZR scenario file of 20,000 people (takes of a few milliseconds)."""
    return ssa_scenario(tmp_path)


@pytest.fixture(scope="session")
def make_szr() -> Callable[..., Path]:
    """The scenario maker itself, for module-scoped fixtures and other sizes."""
    return ssa_scenario


@pytest.fixture(scope="session")
def chunks_listed() -> Callable[[Path], int]:
    """How many chunks a run's manifest lists (see :func:`count_listed_chunks`)."""
    return count_listed_chunks


def count_listed_chunks(run: Path) -> int:
    """How many chunks the run's manifest lists: what a reader counts as stored (a chunk renamed
    into place but not yet listed is adopted only by the next writer)."""
    try:
        manifest = json.loads((run / "manifest.json").read_text())
    except (OSError, ValueError):
        return 0
    return len(manifest.get("chunks", {}))
