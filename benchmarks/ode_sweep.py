"""A 100-point parameter sweep of Munz et al.'s basic model: hyosan against plain ``solve_ivp``.

Both sides integrate the same system (Fig. 3 parameters, beta swept over [0.005, 0.015],
t in [0, 5] d, 201 output points) with LSODA at rtol = atol = 1e-8. The peer is ``solve_ivp`` with
a right-hand side written by hand; hyosan's is generated from the reaction network. Medians of a
few repeats; the largest difference between the two sweeps is printed as a check.

Run: ``.venv/bin/python benchmarks/ode_sweep.py [--points 100] [--repeats 5]``
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time

import numpy as np
from scipy.integrate import solve_ivp

from hyosan.compartmental.ode import solve_ode
from hyosan.compartmental.problem import problem_of
from hyosan.scenario import load_scenario


def munz_basic(
    t: float, y: np.ndarray, pi: float, beta: float, delta: float, alpha: float, zeta: float
) -> list[float]:
    s, z, r = y
    return [
        pi - beta * s * z - delta * s,
        beta * s * z + zeta * r - alpha * s * z,
        delta * s + alpha * s * z - zeta * r,
    ]


def sweep_hyosan(betas: np.ndarray) -> tuple[float, np.ndarray]:
    scenario = load_scenario("munz_basic")
    assert scenario.compartmental is not None
    base = problem_of(scenario.compartmental)
    start = time.perf_counter()
    finals = []
    for beta in betas:
        problem = dataclasses.replace(base, parameters={**base.parameters, "beta": float(beta)})
        out, _ = solve_ode(problem)
        finals.append(out[-1])
    return time.perf_counter() - start, np.array(finals)


def sweep_scipy(betas: np.ndarray) -> tuple[float, np.ndarray]:
    t_eval = np.linspace(0.0, 5.0, 201)
    y0 = np.array([500.0, 1.0, 0.0])
    start = time.perf_counter()
    finals = []
    for beta in betas:
        sol = solve_ivp(
            munz_basic,
            (0.0, 5.0),
            y0,
            method="LSODA",
            t_eval=t_eval,
            args=(0.0, float(beta), 0.0001, 0.005, 0.0001),
            rtol=1e-8,
            atol=1e-8,
        )
        finals.append(sol.y[:, -1])
    return time.perf_counter() - start, np.array(finals)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    betas = np.linspace(0.005, 0.015, args.points)
    sweep_hyosan(betas[:2])
    sweep_scipy(betas[:2])
    ours = [sweep_hyosan(betas) for _ in range(args.repeats)]
    theirs = [sweep_scipy(betas) for _ in range(args.repeats)]
    ours_t = statistics.median(t for t, _ in ours)
    theirs_t = statistics.median(t for t, _ in theirs)
    gap = float(np.max(np.abs(ours[0][1] - theirs[0][1])))
    print(
        f"Munz basic, {args.points}-point sweep of beta, LSODA rtol=atol=1e-8, medians of {args.repeats}"
    )
    print(f"hyosan (generated rhs)        : {ours_t:7.3f} s")
    print(f"solve_ivp (hand-written rhs)  : {theirs_t:7.3f} s")
    print(
        f"ratio solve_ivp / hyosan      : {theirs_t / ours_t:7.2f}x   (largest difference {gap:.2e})"
    )


if __name__ == "__main__":
    main()
