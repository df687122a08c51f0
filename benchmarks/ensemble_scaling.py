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


def start(make_backend):  # type: ignore[no-untyped-def]
    """A running, warmed backend and its start-up seconds."""
    begin = time.perf_counter()
    backend = make_backend()
    return backend, time.perf_counter() - begin


def main() -> None:
    ensemble, label = scenario_under_test()
    print(f"ensemble scaling: {label}, {TAKES} takes, medians of {REPEATS} rounds, {cores()} cores")
    Ensemble.of(ensemble.scenario, [1]).run(backend="serial")
    t0 = time.perf_counter()
    Ensemble.of(ensemble.scenario, [2]).run(backend="serial")
    print(f"one take in this process: {time.perf_counter() - t0:.2f} s")
    if cores() < 2:
        print("only one core available: the 2-process figure cannot show a speed-up here")
    engine = ensemble.scenario.engine
    makers = {
        "1 process": lambda: ProcessBackend(1, engine),
        "2 processes": lambda: ProcessBackend(2, engine),
    }
    try:
        import distributed  # noqa: F401

        makers["Dask LocalCluster, 2 workers"] = lambda: DaskBackend(cluster="local", workers=2)
    except ImportError:
        print("Dask: skipped (install it with: pip install 'hyosan[dask]')")
    backends = {name: start(make) for name, make in makers.items()}
    times: dict[str, list[float]] = {name: [] for name in backends}
    loads = [os.getloadavg()[0]]
    try:
        for backend, _ in backends.values():
            warm = Ensemble.of(ensemble.scenario, list(range(1, 2 * backend.workers + 1)))
            warm.run(backend=backend, max_chunk=1)
        # rounds interleave the backends, so each sees the same share of a busy machine
        for _ in range(REPEATS):
            for name, (backend, _) in backends.items():
                begin = time.perf_counter()
                ensemble.run(backend=backend, max_chunk=1)
                times[name].append(time.perf_counter() - begin)
            loads.append(os.getloadavg()[0])
    finally:
        for backend, _ in backends.values():
            backend.close()
    median = {name: statistics.median(t) for name, t in times.items()}
    for name, seconds in median.items():
        print(f"{name:>30}: {seconds:7.2f} s   (start-up {backends[name][1]:.2f} s, once)")
    print(
        f"{'speed-up, 2 processes vs 1':>30}: {median['1 process'] / median['2 processes']:7.2f}×"
        "   (target ≥ 1.8×)"
    )
    dask = median.get("Dask LocalCluster, 2 workers")
    if dask is not None:
        overhead = 100 * (dask / median["2 processes"] - 1)
        print(f"{'Dask overhead vs 2 processes':>30}: {overhead:+6.1f} %   (target ≤ 10 %)")
    print(
        f"load average during the rounds: {min(loads):.1f}–{max(loads):.1f} on {cores()} cores"
        " (above the core count, other work shares them and the figures understate)"
    )


if __name__ == "__main__":
    sys.exit(main())
