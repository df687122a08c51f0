"""Exact SSA ensembles: hyosan's Numba kernel against GillesPy2's C++ solver.

The model of the comparison in docs/compartmental.md: Alemi SZR, N = 1000 (S0 = 999, Z0 = 1), alpha = 0.8, beta from the
catalog, t in [0, 200] h with 201 output points, 10,000 takes, one core. GillesPy2's build of its
C++ simulator is done before timing starts; its compiled solver is reused for every repeat.
Medians of a few repeats are quoted, and the ensemble means are compared as a sanity check.

Run: ``.venv/bin/python benchmarks/ssa_vs_gillespy2.py [--takes 10000] [--repeats 3]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("NUMBA_NUM_THREADS", "1")

import numpy as np  # noqa: E402

from hyosan.compartmental.catalog import entry  # noqa: E402
from hyosan.compartmental.problem import problem_of  # noqa: E402
from hyosan.compartmental.stochastic import TakeDraws, run_ssa  # noqa: E402
from hyosan.scenario import load_scenario  # noqa: E402

ALPHA = 0.8
BETA = entry("alemi_szr").parameters["beta"].value
S0, Z0, T_END, POINTS = 999, 1, 200.0, 201


def hyosan_run(takes: int, seed: int) -> tuple[float, np.ndarray]:
    scenario = load_scenario(
        "alemi_szr",
        [f"alpha={ALPHA}", f"beta={BETA}", "method='ssa'", f"t_end={T_END}", f"points={POINTS}"],
    )
    assert scenario.compartmental is not None
    problem = problem_of(scenario.compartmental)
    draws = TakeDraws.of(seed, range(1, takes + 1))
    start = time.perf_counter()
    out, _ = run_ssa(problem, draws)
    return time.perf_counter() - start, out[:, -1, :].mean(axis=0)


def gillespy2_solver() -> tuple[object, object] | None:
    try:
        import gillespy2
    except ImportError:
        return None
    model = gillespy2.Model(name="alemi_szr")
    bite = gillespy2.Parameter(name="beta", expression=BETA)
    kill = gillespy2.Parameter(name="kappa", expression=ALPHA * BETA)
    model.add_parameter([bite, kill])
    s = gillespy2.Species(name="S", initial_value=S0, mode="discrete")
    z = gillespy2.Species(name="Z", initial_value=Z0, mode="discrete")
    r = gillespy2.Species(name="R", initial_value=0, mode="discrete")
    model.add_species([s, z, r])
    model.add_reaction(
        [
            gillespy2.Reaction(name="bite", reactants={s: 1, z: 1}, products={z: 2}, rate=bite),
            gillespy2.Reaction(
                name="kill", reactants={s: 1, z: 1}, products={s: 1, r: 1}, rate=kill
            ),
        ]
    )
    model.timespan(np.linspace(0.0, T_END, POINTS))
    solver = gillespy2.SSACSolver(model=model)
    return model, solver


def gillespy2_run(model: object, solver: object, takes: int, seed: int) -> tuple[float, np.ndarray]:
    start = time.perf_counter()
    results = model.run(solver=solver, number_of_trajectories=takes, seed=seed)  # type: ignore[attr-defined]
    elapsed = time.perf_counter() - start
    final = np.array([[traj[n][-1] for n in ("S", "Z", "R")] for traj in results])
    return elapsed, final.mean(axis=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--takes", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(
        f"Alemi SZR, N=1000, Z0=1, alpha={ALPHA}, beta={BETA}, t in [0, {T_END:g}], "
        f"{POINTS} points, {args.takes} takes, one core, medians of {args.repeats} repeats"
    )
    hyosan_run(10, 0)  # compile (cached on disk after the first run)
    ours = [hyosan_run(args.takes, 100 + i) for i in range(args.repeats)]
    ours_t = statistics.median(t for t, _ in ours)
    print(f"hyosan   (Numba SSA)    : {ours_t:8.3f} s   mean final S,Z,R = {ours[0][1].round(1)}")
    try:
        built = gillespy2_solver()
        if built is None:
            print(
                "GillesPy2: not installed; `pip install gillespy2` into .venv, and "
                "`python3 -m pip install scons` for its C++ build"
            )
            return
        model, solver = built
        gillespy2_run(model, solver, 10, 1)  # finish any build before timing
        theirs = [gillespy2_run(model, solver, args.takes, 100 + i) for i in range(args.repeats)]
    except Exception as exc:  # a peer that cannot build or run is skipped, never fatal
        print(
            f"GillesPy2: could not run its C++ solver ({type(exc).__name__}: {exc}); "
            "is SCons importable by the base interpreter (`python3 -m pip install scons`)?"
        )
        return
    theirs_t = statistics.median(t for t, _ in theirs)
    print(
        f"GillesPy2 (SSACSolver)  : {theirs_t:8.3f} s   mean final S,Z,R = {theirs[0][1].round(1)}"
    )
    print(f"ratio GillesPy2 / hyosan: {theirs_t / ours_t:8.1f}x")


if __name__ == "__main__":
    main()
