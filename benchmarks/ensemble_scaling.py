"""Ensemble scaling: 2 local processes against 1, and a Dask LocalCluster against processes.

Runs the shipped hyosan-high scenario if there is one, else an exact-SSA SZR scenario whose
takes last about a second each. Prints medians of repeated runs side by side with their ratio.
Targets: 2 processes ≥ 1.8× faster than 1; Dask overhead ≤ 10 % for takes of ≥ 1 s.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

from hyosan.ensemble import Ensemble
from hyosan.ensemble.backends import DaskBackend, ProcessBackend, cores
from hyosan.scenario import load_scenario, shipped_scenarios

TAKES = 8
REPEATS = 3
N = 16_000_000


def scenario_under_test() -> tuple[Ensemble, str]:
    if "hyosan-high" in shipped_scenarios():
        return Ensemble.of(load_scenario("hyosan-high"), TAKES), "hyosan-high"
    overrides = [
        "method=ssa",
        f"compartmental.initial.S={N}",
        "compartmental.initial.Z=100",
        f"beta={1.8 / N}",
        "alpha=0.5",
        "t_end=20",
    ]
    ensemble = Ensemble.of("alemi_szr", TAKES, overrides=overrides)
    return ensemble, f"alemi_szr by SSA, N = {N:,}"


def measure(ensemble: Ensemble, make_backend) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(start-up seconds, median seconds of the ensemble) on a backend kept running."""
    start = time.perf_counter()
    backend = make_backend()
    started = time.perf_counter() - start
    try:
        warm = Ensemble.of(ensemble.scenario, list(range(1, 2 * backend.workers + 1)))
        warm.run(backend=backend, max_chunk=1)
        runs = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            ensemble.run(backend=backend, max_chunk=1)
            runs.append(time.perf_counter() - start)
    finally:
        backend.close()
    return started, statistics.median(runs)


def main() -> None:
    ensemble, label = scenario_under_test()
    print(f"ensemble scaling: {label}, {TAKES} takes, medians of {REPEATS} runs, {cores()} cores")
    Ensemble.of(ensemble.scenario, [1]).run(backend="serial")
    t0 = time.perf_counter()
    Ensemble.of(ensemble.scenario, [2]).run(backend="serial")
    print(f"one take in this process: {time.perf_counter() - t0:.2f} s")
    load = os.getloadavg()[0]
    if load > 0.5:
        print(
            f"load average before the run: {load:.1f} on {cores()} cores (other work shares them)"
        )
    if cores() < 2:
        print("only one core available: the 2-process figure cannot show a speed-up here")
    engine = ensemble.scenario.engine
    up1, one = measure(ensemble, lambda: ProcessBackend(1, engine))
    up2, two = measure(ensemble, lambda: ProcessBackend(2, engine))
    print(f"{'1 process':>30}: {one:7.2f} s   (pool start-up {up1:.2f} s, once)")
    print(f"{'2 processes':>30}: {two:7.2f} s   (pool start-up {up2:.2f} s, once)")
    print(f"{'speed-up, 2 processes vs 1':>30}: {one / two:7.2f}×   (target ≥ 1.8×)")
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("Dask: skipped (install it with: pip install 'hyosan[dask]')")
        return
    upd, dask = measure(ensemble, lambda: DaskBackend(cluster="local", workers=2))
    print(
        f"{'Dask LocalCluster, 2 workers':>30}: {dask:7.2f} s   (cluster start-up {upd:.2f} s, once)"
    )
    print(
        f"{'Dask overhead vs 2 processes':>30}: {100 * (dask / two - 1):+6.1f} %   (target ≤ 10 %)"
    )
    print(f"load average after the run: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    sys.exit(main())
