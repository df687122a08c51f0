"""The compartmental engine: a scenario's takes by ODE, exact SSA or tau-leaping."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from hyosan.compartmental.problem import IMPULSE, ReactionProblem, problem_of
from hyosan.compartmental.stochastic import TakeDraws, run_ssa, run_tau
from hyosan.provenance import provenance
from hyosan.result import Result
from hyosan.scenario import Scenario
from hyosan.scenario.compartmental import CompartmentalSpec


def simulate(scenario: Scenario, takes: Sequence[int], seed: int) -> Result:
    """Run the listed takes of a compartmental scenario.

    The ODE is deterministic: every take holds the same curves, computed once.
    """
    spec = scenario.compartmental
    assert spec is not None
    problem = problem_of(spec)
    numbers = np.asarray(list(takes), dtype=np.int64)
    values, moved = solve_takes(problem, spec, numbers, seed)
    return to_result(problem, values, numbers, scenario, seed, moved)


def solve_takes(
    problem: ReactionProblem, spec: CompartmentalSpec, takes: np.ndarray, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """States of each take at the output times (takes, points, species) and the amount each
    event moved in each take (takes, events)."""
    if spec.method == "ode":
        from hyosan.compartmental.ode import solve_ode  # SciPy: imported only when needed

        curve, moved = solve_ode(problem, method=spec.ode_method, rtol=spec.rtol, atol=spec.atol)
        return (
            np.broadcast_to(curve, (len(takes), *curve.shape)),
            np.broadcast_to(moved, (len(takes), *moved.shape)),
        )
    draws = TakeDraws.of(seed, takes)
    if spec.method == "ssa":
        return run_ssa(problem, draws)
    cap = spec.tau if spec.tau is not None else np.inf
    return run_tau(problem, draws, cap, spec.leap_error)


def to_result(
    problem: ReactionProblem,
    values: np.ndarray,
    takes: np.ndarray,
    scenario: Scenario,
    seed: int,
    moved: np.ndarray | None = None,
) -> Result:
    """Pack solver output into the shared Result tables.

    Besides ``series`` and ``final`` there is an ``events`` table (``take, t, event, species,
    to, moved``): one row per impulse or parameter change per take, with how many the impulse
    moved (the count struck by a strike).
    """
    spec = scenario.compartmental
    assert spec is not None
    n_takes, n_points, _ = values.shape
    species = list(problem.network.species)
    columns = {"take": np.repeat(takes, n_points), "t": np.tile(problem.t_out, n_takes)}
    for i, name in enumerate(species):
        columns[name] = values[:, :, i].reshape(-1)
    series = pd.DataFrame(columns, copy=False)  # one copy per column, not per insert
    final = pd.DataFrame(values[:, -1, :], columns=species)
    final.insert(0, "take", takes)
    return Result(
        engine="compartmental",
        series=series,
        final=final,
        tables={"events": events_table(problem, takes, moved)},
        provenance=provenance(
            scenario=scenario.name,
            engine="compartmental",
            seed=seed,
            scenario_text=scenario.text,
        ),
        meta={
            "model": spec.model or "custom",
            "method": spec.method,
            "time_unit": spec.time_unit,
            "species": species,
            "parameters": problem.parameters,
            "reactions": problem.network.describe(),
        },
    )


def events_table(
    problem: ReactionProblem, takes: np.ndarray, moved: np.ndarray | None
) -> pd.DataFrame:
    """One row per event per take: when, what, which species, where to, how many it moved."""
    species = problem.network.species
    n_ev = len(problem.events)
    amounts = np.zeros((len(takes), n_ev)) if moved is None else np.asarray(moved, dtype=float)
    rows = {
        "take": np.repeat(takes, n_ev),
        "t": np.tile([e.time for e in problem.events], len(takes)),
        "event": np.tile(
            ["impulse" if e.kind == IMPULSE else "change" for e in problem.events], len(takes)
        ),
        "species": np.tile(
            [species[e.species] if e.species >= 0 else "" for e in problem.events], len(takes)
        ),
        "to": np.tile([species[e.to] if e.to >= 0 else "" for e in problem.events], len(takes)),
        "moved": amounts.reshape(-1),
    }
    return pd.DataFrame(rows)
