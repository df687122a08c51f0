"""Exact SSA speed per event: the season-2 models beside Alemi SZR and the Hyosan city model.

Each model runs as its shipped scenario or catalog default would (method ssa), with one change
that leaves its dynamics alone: every reaction also makes one ``fired`` individual, a species no
rate reads, so the final count of ``fired`` is the number of reactions the take fired. Events
per second = events of the whole ensemble / the kernel's CPU time (compiled before timing, one
core). The models take turns, round after round, so a change of load on a shared machine falls
on all of them; medians over the rounds. The ratio to Alemi SZR is the figure: the cost of an
event grows with the reactions a model has and the propensities a firing changes.

Run: ``.venv/bin/python benchmarks/ssa_events.py [--rounds 9]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from dataclasses import replace

os.environ.setdefault("NUMBA_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from hyosan.compartmental import invasion  # noqa: E402
from hyosan.compartmental.network import Network, Reaction  # noqa: E402
from hyosan.compartmental.problem import ReactionProblem, problem_of  # noqa: E402
from hyosan.compartmental.stochastic import TakeDraws, run_ssa  # noqa: E402
from hyosan.scenario import load_scenario  # noqa: E402

STRAINS_START = ", ".join(
    f"{k} = {round(v)}" for k, v in invasion.resident_equilibrium().items() if k != "Z2"
)
CASES = [
    ("alemi_szr", ["method='ssa'"], 10_000),
    ("hyosan-city", ["method='ssa'"], 4),
    ("zombie_survival", ["method='ssa'"], 200),
    ("season-2", [], 200),
    (
        "strains",
        ["method='ssa'", "t_end=400", f"compartmental.initial={{{STRAINS_START}, Z2 = 1}}"],
        500,
    ),
]
"""(scenario or model, overrides, takes): each run as a user runs it."""


def counting(problem: ReactionProblem) -> ReactionProblem:
    """The same problem with a ``fired`` species that every reaction adds one to."""
    net = problem.network
    reactions = tuple(
        Reaction(
            r.name, r.reactants, {**r.products, "fired": r.products.get("fired", 0) + 1}, r.rate
        )
        for r in net.reactions
    )
    return replace(
        problem,
        network=Network((*net.species, "fired"), reactions),
        x0=np.append(problem.x0, 0.0),
    )


def measure(problem: ReactionProblem, takes: int, seed: int) -> tuple[float, int]:
    """CPU seconds of the kernel for ``takes`` takes, and the events they fired."""
    draws = TakeDraws.of(seed, range(1, takes + 1))
    start = time.process_time()
    out, _ = run_ssa(problem, draws)
    return time.process_time() - start, int(out[:, -1, -1].sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    print(f"exact SSA, one core, kernel CPU time, medians of {args.rounds} interleaved rounds")
    problems = {}
    for name, overrides, _ in CASES:
        scenario = load_scenario(name, overrides)
        assert scenario.compartmental is not None
        problems[name] = counting(problem_of(scenario.compartmental))
        measure(problems[name], 2, 0)  # compile (cached on disk after the first run)
    rates: dict[str, list[float]] = {name: [] for name in problems}
    events: dict[str, int] = {}
    for i in range(args.rounds):
        for name, _, takes in CASES:
            seconds, fired = measure(problems[name], takes, 100 + i)
            rates[name].append(fired / seconds)
            events[name] = fired
    base = statistics.median(rates[CASES[0][0]])
    for name, _, takes in CASES:
        rate = statistics.median(rates[name])
        print(
            f"{name:16s} {len(problems[name].network.reactions):3d} reactions  {takes:6d} takes  "
            f"{events[name]:12,d} events  {rate / 1e6:6.2f} M events/s "
            f"({min(rates[name]) / 1e6:.1f}–{max(rates[name]) / 1e6:.1f})  "
            f"{rate / base:5.2f}x alemi_szr"
        )


if __name__ == "__main__":
    main()
