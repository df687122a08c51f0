"""A fit's solves: the compiled Dormand–Prince pair against SciPy's LSODA, side by side.

The worked example of docs/ensembles.md — Witkowski and Blais's SEZR fitted to the zombie counts
of *Shaun of the Dead*, Poisson, 16 starts, profile intervals — run twice in one process: with
the solves ``hyosan.ensemble.calibrate`` makes (compiled, LSODA only where a stretch is stiff)
and with every solve through SciPy's LSODA, as a hand-written fit would do it. Also one solve
at the optimum, both ways. Medians of a few repeats; the estimates of both are printed as a
check (they agree to the digits the docs show).

Run: ``.venv/bin/python benchmarks/calibrate_fit.py [--repeats 3] [--starts 16]``
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

import hyosan.ensemble.calibrate as calibrate_module
from hyosan.compartmental.ode import solve_ode
from hyosan.compartmental.problem import problem_of
from hyosan.ensemble.calibrate import Fit, calibrate, read_observations, shipped_data
from hyosan.scenario import load_scenario

FIT = ["beta", "zeta", "alpha"]
OPTIMUM = {"beta": 26.2, "zeta": 1.52, "alpha": 23.5}
"""The Poisson optimum of docs/ensembles.md (per hour)."""


def _lsoda_only(problem: Any, **options: Any) -> Any:
    """``solve_ode`` with the compiled pair switched off: every solve through LSODA."""
    options.pop("compiled", None)
    return solve_ode(problem, **options)


def _fit(starts: int, lsoda: bool) -> tuple[float, Fit]:
    """One whole fit; with ``lsoda`` every solve goes through SciPy's LSODA."""
    scenario = load_scenario("witkowski_sezr")
    data = read_observations(shipped_data("shaun-of-the-dead"))
    solver: Callable[..., Any] = _lsoda_only if lsoda else solve_ode
    calibrate_module.solve_ode = solver
    try:
        started = time.perf_counter()
        fit = calibrate(scenario, data, FIT, starts=starts, profile=True)
        return time.perf_counter() - started, fit
    finally:
        calibrate_module.solve_ode = solve_ode


def _one_solve(compiled: bool, repeats: int = 200) -> float:
    """Seconds for one solve at the optimum, at the fit's tolerances."""
    scenario = load_scenario("witkowski_sezr")
    spec = scenario.compartmental_spec("a benchmark")
    data = read_observations(shipped_data("shaun-of-the-dead"))
    base = problem_of(spec)
    times = np.unique(np.append(data.times, 0.0))
    problem = dataclasses.replace(base, t_out=times, parameters={**base.parameters, **OPTIMUM})
    solve_ode(problem, rtol=1e-7, atol=1e-9, compiled=compiled)
    started = time.perf_counter()
    for _ in range(repeats):
        solve_ode(problem, rtol=1e-7, atol=1e-9, compiled=compiled)
    return (time.perf_counter() - started) / repeats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--starts", type=int, default=16)
    args = parser.parse_args()
    _fit(1, lsoda=False)  # load the compiled code once, outside the timings
    compiled_times, lsoda_times = [], []
    fits: dict[str, Fit] = {}
    for _ in range(args.repeats):
        seconds, fits["compiled"] = _fit(args.starts, lsoda=False)
        compiled_times.append(seconds)
        seconds, fits["LSODA"] = _fit(args.starts, lsoda=True)
        lsoda_times.append(seconds)
    one_compiled = statistics.median(_one_solve(True) for _ in range(args.repeats))
    one_lsoda = statistics.median(_one_solve(False) for _ in range(args.repeats))
    fit_c, fit_l = statistics.median(compiled_times), statistics.median(lsoda_times)
    print(f"Shaun of the Dead, SEZR, Poisson, {args.starts} starts, profile; medians of "
          f"{args.repeats}")  # fmt: skip
    print(f"{'':28}{'compiled pair':>16}{'LSODA':>12}{'ratio':>9}")
    print(f"{'one solve at the optimum':28}{one_compiled * 1e3:>13.3f} ms"
          f"{one_lsoda * 1e3:>9.3f} ms{one_lsoda / one_compiled:>8.1f}×")  # fmt: skip
    print(f"{'the whole fit':28}{fit_c:>14.2f} s{fit_l:>10.2f} s{fit_l / fit_c:>8.1f}×")
    for name, fit in fits.items():
        shown = ", ".join(f"{k} {v:.4g}" for k, v in fit.estimates.items())
        print(f"{name:>13}: {shown}; {fit.evaluations} solves; log-likelihood {fit.loglik:.3f}")


if __name__ == "__main__":
    main()
