"""The unit of work every backend runs: one chunk of takes through the scenario's engine.

It lives in a module of its own, importable by name, so worker processes (local or Dask) can
unpickle it without importing the command line.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from hyosan.engines import engine_for
from hyosan.errors import HyosanError, Problem
from hyosan.result import Result
from hyosan.scenario import Scenario


@dataclass
class Done:
    """A finished chunk: its takes, its Result and the seconds it took on the worker."""

    takes: list[int]
    result: Result
    seconds: float


@dataclass
class Failed:
    """A chunk whose engine raised a user-facing error (carried back, not re-raised)."""

    takes: list[int]
    problems: list[Problem]
    source: str | None

    def error(self) -> HyosanError:
        return HyosanError(self.problems, self.source)


def run_chunk(scenario: Scenario, takes: list[int], seed: int) -> Done | Failed:
    """Run ``takes`` of ``scenario`` with run seed ``seed`` through the scenario's engine."""
    start = time.perf_counter()
    try:
        result = engine_for(scenario.engine).simulate(scenario, takes, seed)
    except HyosanError as exc:
        return Failed(list(takes), exc.problems, exc.source)
    return Done(list(takes), result, time.perf_counter() - start)
