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
N = 6_000_000


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


def timed(ensemble: Ensemble, make_backend) -> float:  # type: ignore[no-untyped-def]
    """Wall time of the ensemble on a fresh backend (its start-up included)."""
    start = time.perf_counter()
    backend = make_backend()
    try:
        ensemble.run(backend=backend, max_chunk=1)
    finally:
        backend.close()
    return time.perf_counter() - start


def timed_warm(ensemble: Ensemble, backend) -> float:  # type: ignore[no-untyped-def]
    """Wall time of the ensemble on a running backend (start-up excluded)."""
    start = time.perf_counter()
    ensemble.run(backend=backend, max_chunk=1)
    return time.perf_counter() - start


def main() -> None:
    ensemble, label = scenario_under_test()
    print(f"ensemble scaling: {label}, {TAKES} takes, medians of {REPEATS} runs, {cores()} cores")
    warm = Ensemble.of(ensemble.scenario, [1]).run(backend="serial")
    t0 = time.perf_counter()
    Ensemble.of(ensemble.scenario, [2]).run(backend="serial")
    print(f"one take in this process: {time.perf_counter() - t0:.2f} s ({len(warm.states)} states)")
    load = os.getloadavg()[0]
    if load > cores():
        print(
            f"warning: load average {load:.1f} on {cores()} cores — other work shares the CPUs, "
            "so speed-ups here understate what an idle machine gives"
        )
    if cores() < 2:
        print("only one core available: the 2-process figure cannot show a speed-up here")

    one = [
        timed(ensemble, lambda: ProcessBackend(1, ensemble.scenario.engine)) for _ in range(REPEATS)
    ]
    two = [
        timed(ensemble, lambda: ProcessBackend(2, ensemble.scenario.engine)) for _ in range(REPEATS)
    ]
    m1, m2 = statistics.median(one), statistics.median(two)
    print(f"{'1 process':>28}: {m1:7.2f} s")
    print(f"{'2 processes':>28}: {m2:7.2f} s   speed-up {m1 / m2:.2f}× (target ≥ 1.8×)")

    try:
        import distributed  # noqa: F401
    except ImportError:
        print("Dask: skipped (install it with: pip install 'hyosan[dask]')")
        return
    processes = ProcessBackend(2, ensemble.scenario.engine)
    try:
        timed_warm(ensemble, processes)
        warm_processes = [timed_warm(ensemble, processes) for _ in range(REPEATS)]
    finally:
        processes.close()
    start = time.perf_counter()
    dask = DaskBackend(cluster="local", workers=2)
    started = time.perf_counter() - start
    try:
        timed_warm(ensemble, dask)
        warm_dask = [timed_warm(ensemble, dask) for _ in range(REPEATS)]
    finally:
        dask.close()
    mp, md = statistics.median(warm_processes), statistics.median(warm_dask)
    print(f"{'2 processes (pool running)':>28}: {mp:7.2f} s")
    print(
        f"{'Dask LocalCluster, 2 workers':>28}: {md:7.2f} s   overhead {100 * (md / mp - 1):+.1f} % "
        f"(target ≤ 10 %); cluster start-up {started:.2f} s, once"
    )


if __name__ == "__main__":
    sys.exit(main())
