"""Helpers for the lattice tests: scenarios built from plain tables."""

from __future__ import annotations

from typing import Any

import pytest

from hyosan.scenario import Scenario
from hyosan.scenario.load import validate


def scenario_of(lattice: dict[str, Any], *, seed: int = 7, takes: int = 1) -> Scenario:
    """A lattice scenario from the ``[lattice]`` table alone."""
    table = {"name": "test", "engine": "lattice", "seed": seed, "takes": takes, "lattice": lattice}
    return validate(table, "test")


@pytest.fixture(scope="session")
def make_scenario() -> Any:
    return scenario_of
