"""The engines, and what a run of any of them is given: its scenario, takes and seed
(:func:`resolve`); :func:`hyosan.simulation.simulate` runs one.

Every engine module exposes ``simulate(scenario, takes, seed) -> Result``: it runs the listed
takes (numbered from 1), take k drawing only from :func:`hyosan.seeding.take_sequence` (seed, k),
so any subset of takes, on any worker, gives the same numbers as the whole run.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping, Sequence
from importlib import import_module
from pathlib import Path
from typing import Any, Protocol, TypeAlias

from hyosan.errors import HyosanError
from hyosan.result import Result
from hyosan.scenario import Scenario, load_scenario
from hyosan.scenario.limits import MAX_SEED, MAX_TAKES, checked_whole, is_whole, whole_in

Overrides: TypeAlias = "Mapping[str, Any] | Sequence[str] | str | None"
"""``{"beta": 0.01}``, ``["beta=0.01", "seed=3"]`` or ``"beta=0.01"``: keys as for ``--set``."""

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


def override_list(overrides: Overrides) -> list[str]:
    """Overrides as ``key=value`` strings, whichever form they came in.

    A dict's values are written in TOML (strings quoted, nested dicts as dotted keys), so
    ``{"method": "ssa"}`` and ``"method=ssa"`` mean the same.
    """
    if overrides is None:
        return []
    if isinstance(overrides, str):
        return [overrides]
    if isinstance(overrides, Mapping):
        return [f"{key}={_toml(value)}" for key, value in _flatten(overrides, "")]
    items = list(overrides)
    for item in items:
        if not isinstance(item, str):
            raise HyosanError.one(
                "an override in a list must be a string",
                where="overrides",
                value=repr(item),
                allowed='"key=value" strings, or a dict {"key": value}',
            )
    return items


def _flatten(table: Mapping[str, Any], prefix: str) -> list[tuple[str, Any]]:
    pairs: list[tuple[str, Any]] = []
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            pairs += _flatten(value, f"{name}.")
        else:
            pairs.append((name, value))
    return pairs


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return json.dumps(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    raise HyosanError.one(
        "an override value must be a number, a string, a boolean or a list of them",
        where="overrides",
        value=repr(value),
        allowed="int, float, str, bool, list",
    )


def resolve(
    scenario: Scenario | str | Path,
    takes: int | Sequence[int] | None = None,
    seed: int | None = None,
    overrides: Overrides = None,
) -> tuple[Scenario, list[int], int]:
    """The scenario, its take numbers (sorted, each once) and the run seed a run will use.

    ``takes`` is a count (takes 1..n) or a list of take numbers, by default the scenario's own;
    ``seed`` defaults to the scenario's. The engine is checked to exist.
    """
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario, override_list(overrides))
    elif overrides:
        raise ValueError("overrides apply when loading; pass a path or name with overrides")
    numbers = take_numbers(scenario.takes if takes is None else takes)
    engine_for(scenario.engine)
    return scenario, numbers, scenario.seed if seed is None else run_seed(seed)


def take_numbers(takes: object) -> list[int]:
    """Take numbers from a count (takes 1..n) or a collection of numbers: sorted, each once.

    Counts and numbers are whole and from 1 to ``MAX_TAKES``; anything else (a float, a
    string, a bool) is refused rather than rounded or read character by character.
    """
    allowed = f"a count or a list of take numbers, whole, from 1 to {MAX_TAKES:,}"
    if is_whole(takes):
        if not whole_in(takes, 1, MAX_TAKES):
            raise HyosanError.one(
                "takes are numbered from 1", where="takes", value=takes, allowed=allowed
            )
        return list(range(1, int(takes) + 1))  # type: ignore[call-overload]
    if isinstance(takes, (str, bytes)) or not isinstance(takes, Iterable):
        raise HyosanError.one("not a count of takes", where="takes", value=takes, allowed=allowed)
    given = list(itertools.islice(takes, MAX_TAKES + 1))
    if not given or len(given) > MAX_TAKES or not all(is_whole(k) for k in given):
        raise HyosanError.one(
            "not a list of take numbers", where="takes", value=given[:10], allowed=allowed
        )
    numbers = sorted({int(k) for k in given})
    if numbers[0] < 1 or numbers[-1] > MAX_TAKES:
        raise HyosanError.one(
            "takes are numbered from 1", where="takes", value=given[:10], allowed=allowed
        )
    return numbers


def run_seed(seed: object) -> int:
    """A run seed: a whole number from 0 to ``MAX_SEED`` (a float is refused, not truncated:
    seeds 1.5 and 1 would give the same takes)."""
    return checked_whole(seed, 0, MAX_SEED, where="seed", what="a run seed")
