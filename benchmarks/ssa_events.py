"""Exact SSA speed per event: the season-2 models beside Alemi SZR and the Hyosan city model.

Each model runs as its shipped scenario or catalog default would (method ssa), with one change
that leaves its dynamics alone: every reaction also makes one ``fired`` individual, a species no
rate reads, so the final count of ``fired`` is the number of reactions the take fired. Events
per second = events of the whole ensemble / the kernel's time (compiled before timing, one core,
medians of a few repeats). The ratio to Alemi SZR is the figure: the cost of an event grows with
the reactions a model has and the propensities a firing changes.

Run: ``.venv/bin/python benchmarks/ssa_events.py [--repeats 5]``
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
    draws = TakeDraws.of(seed, range(1, takes + 1))
    start = time.perf_counter()
    out, _ = run_ssa(problem, draws)
    return time.perf_counter() - start, int(out[:, -1, -1].sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(f"exact SSA, one core, medians of {args.repeats} repeats (kernel time only)")
    base = None
    for name, overrides, takes in CASES:
        scenario = load_scenario(name, overrides)
        assert scenario.compartmental is not None
        problem = counting(problem_of(scenario.compartmental))
        measure(problem, 2, 0)  # compile (cached on disk after the first run)
        runs = [measure(problem, takes, 100 + i) for i in range(args.repeats)]
        seconds = statistics.median(t for t, _ in runs)
        events = statistics.median(n for _, n in runs)
        rate = events / seconds
        base = base or rate
        print(
            f"{name:16s} {len(problem.network.reactions) - 0:3d} reactions  {takes:6d} takes  "
            f"{events:12,.0f} events  {seconds:7.3f} s  {rate / 1e6:6.2f} M events/s  "
            f"{rate / base:5.2f}x alemi_szr"
        )


if __name__ == "__main__":
    main()
