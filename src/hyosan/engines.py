"""The engines and the one call that runs any of them.

Every engine module exposes ``simulate(scenario, takes, seed) -> Result``: it runs the listed
takes (numbered from 1), take k drawing only from :func:`hyosan.seeding.take_sequence` (seed, k),
so any subset of takes, on any worker, gives the same numbers as the whole run.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import import_module
from pathlib import Path
from typing import Protocol

from hyosan.errors import HyosanError
from hyosan.result import Result
from hyosan.scenario import Scenario, load_scenario

ENGINES: dict[str, str] = {
    "compartmental": "hyosan.compartmental.engine",
    "building": "hyosan.building.engine",
    "lattice": "hyosan.lattice.engine",
    "repast": "hyosan.repast.engine",
}


class Engine(Protocol):
    """What an engine module provides."""

    def simulate(self, scenario: Scenario, takes: Sequence[int], seed: int) -> Result: ...


def engine_for(name: str) -> Engine:
    """The engine module for an engine name."""
    if name not in ENGINES:
        raise HyosanError.one(
            "unknown engine", where="engine", value=name, allowed=", ".join(ENGINES)
        )
    module: Engine = import_module(ENGINES[name])
    return module


def simulate(
    scenario: Scenario | str | Path,
    *,
    takes: int | Sequence[int] | None = None,
    seed: int | None = None,
    overrides: list[str] | None = None,
) -> Result:
    """Run a scenario (object, file, shipped name or catalog model) and return its result.

    ``takes`` is a count (takes 1..n) or an explicit list of take numbers; by default the
    scenario's own ``takes``. ``seed`` defaults to the scenario's seed.
    """
    scenario, numbers, run_seed = resolve(scenario, takes, seed, overrides)
    return engine_for(scenario.engine).simulate(scenario, numbers, run_seed)


def resolve(
    scenario: Scenario | str | Path,
    takes: int | Sequence[int] | None = None,
    seed: int | None = None,
    overrides: list[str] | None = None,
) -> tuple[Scenario, list[int], int]:
    """The scenario, its take numbers (sorted, each once) and the run seed a run will use.

    ``takes`` is a count (takes 1..n) or a list of take numbers, by default the scenario's own;
    ``seed`` defaults to the scenario's. The engine is checked to exist.
    """
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario, overrides)
    elif overrides:
        raise ValueError("overrides apply when loading; pass a path or name with overrides")
    count = scenario.takes if takes is None else takes
    numbers = (
        list(range(1, count + 1)) if isinstance(count, int) else sorted({int(k) for k in count})
    )
    if not numbers or min(numbers) < 1:
        raise HyosanError.one(
            "takes are numbered from 1", where="takes", value=takes, allowed="a count ≥ 1"
        )
    engine_for(scenario.engine)
    return scenario, numbers, scenario.seed if seed is None else int(seed)
