"""The open-floor engine: the Repast4Py Zombies model's takes into the shared Result tables.

A scenario with ``engine = "repast"`` and a ``[repast]`` table (:class:`RepastSpec`) runs here.
Take k draws only from its ``"repast"`` stream (:func:`hyosan.seeding.take_stream`), so any
subset of takes gives the same numbers as the whole run.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from hyosan.provenance import provenance
from hyosan.repast.kernel import STATES, simulate_take
from hyosan.result import Result
from hyosan.scenario import Scenario
from hyosan.scenario.repast import RepastSpec
from hyosan.seeding import take_stream

STREAM = "repast"
"""The named stream every draw of a take comes from (placement, then each tick's choices)."""


def simulate(scenario: Scenario, takes: Sequence[int], seed: int) -> Result:
    """Run the listed takes of an open-floor (Repast Zombies) scenario."""
    spec = scenario.repast
    assert spec is not None
    return simulate_repast(spec, takes, seed, scenario.name, scenario.text)


def simulate_repast(
    spec: RepastSpec,
    takes: Sequence[int],
    seed: int,
    scenario_name: str = "repast-zombies",
    scenario_text: str | None = None,
) -> Result:
    """Run the listed takes of the Repast4Py Zombies model; take k draws only from (seed, k)."""
    numbers = np.asarray([int(k) for k in takes], dtype=np.int64)
    if numbers.size == 0:
        raise ValueError("no takes to run")
    points = spec.ticks + 1
    counts = np.empty((numbers.size, points, 2), dtype=np.int64)
    carrying = np.empty(numbers.size, dtype=np.int64)
    for i, k in enumerate(numbers):
        counts[i], carrying[i] = simulate_take(
            spec.humans,
            spec.zombies,
            spec.width,
            spec.height,
            spec.ticks,
            spec.zombie_step,
            spec.human_step,
            spec.death_ticks,
            take_stream(seed, int(k), STREAM),
        )
    return _result(spec, numbers, counts, carrying, seed, scenario_name, scenario_text)


def _result(
    spec: RepastSpec,
    numbers: np.ndarray,
    counts: np.ndarray,
    carrying: np.ndarray,
    seed: int,
    scenario_name: str,
    scenario_text: str | None,
) -> Result:
    """The tables: ``series`` (take, t, humans, zombies) and ``final`` (take, humans, zombies,
    infected)."""
    points = counts.shape[1]
    series = pd.DataFrame(
        {
            "take": np.repeat(numbers, points),
            "t": np.tile(np.arange(points, dtype=np.int64), numbers.size),
            "humans": counts[:, :, 0].ravel(),
            "zombies": counts[:, :, 1].ravel(),
        }
    )
    final = pd.DataFrame(
        {
            "take": numbers,
            "humans": counts[:, -1, 0],
            "zombies": counts[:, -1, 1],
            "infected": carrying,
        }
    )
    return Result(
        engine="repast",
        series=series,
        final=final,
        provenance=provenance(
            scenario=scenario_name, engine="repast", seed=seed, scenario_text=scenario_text
        ),
        meta={
            "model": "repast-zombies",
            "time_unit": "tick",
            "states": list(STATES),
            "parameters": spec.model_dump(),
            "extent": [0, spec.width, 0, spec.height],
        },
    )
