"""What skipping the people who rest gains, and that it changes nothing.

Most of a 72-hour Hyosan High take, most people hide in rooms that are shut and piled up, and
their turn finds nothing to do; the people's phase lists those who rest apart and does not visit
them (:mod:`hyosan.building.rest`). This script builds, beside the shipped kernel, one whose
people's phase visits every live person in index order, as before the skip (the step is rebuilt
from the phase list of ``step.py``), runs the same takes with both, alternating, and prints the
seconds side by side and whether every table and array of each take came out the same.

    python benchmarks/building_rest.py [duration] [rounds]   # default "72 h", 3 rounds of takes 2-4
"""

from __future__ import annotations

import inspect
import re
import statistics
import sys
import time
from typing import Any

import numpy as np
from numba import njit

from hyosan.building import engine, kernel, people, step
from hyosan.building.codes import E, H, S
from hyosan.building.structs import as_struct, view
from hyosan.result import Result
from hyosan.scenario import load_scenario

CALL = re.compile(r"^\s+(\w+)\.(\w+)\(t, p, lay, folk, world, crowd, log, rng\)", re.M)
TAKES = (2, 3, 4)
SEED = 17


@njit
def every_person(t, p, lay, folk, world, census, log, rng):  # type: ignore[no-untyped-def]
    """The people's phase without the skip: every live person's turn, in index order."""
    for q in range(census.n_live[0]):
        i = census.live[q]
        if folk.state[i] in (S, E, H):
            people._turn_of(i, t, p, lay, folk, world, census, log, rng)


def visiting_everyone() -> Any:
    """``kernel.run_take`` with ``people.act`` replaced by :func:`every_person`."""
    calls = CALL.findall(inspect.getsource(step))
    lines = ["def _steps(p, lay, folk, world, census, log, rng):"]
    lines.append("    v = (view(lay), view(folk), view(world), view(census), view(log), view(rng))")
    lines.append("    for k in range(p.steps + 1):")
    lines.append("        t = k * p.dt")
    scope: dict[str, Any] = {"view": view}
    for mod, fn in calls:
        name = f"{mod}_{fn}"
        scope[name] = (
            every_person if (mod, fn) == ("people", "act") else getattr(step, mod).__dict__[fn]
        )
        lines.append(f"        {name}(t, p, v[0], v[1], v[2], v[3], v[4], v[5])")
    lines.append("    return log.n_events[0]")
    exec("\n".join(lines), scope)
    steps = njit(scope["_steps"])

    @njit
    def run(p, lay, folk, world, census, log, rng):  # type: ignore[no-untyped-def]
        kernel.prepare(p, lay, folk, world, rng)
        s = (as_struct(lay), as_struct(folk), as_struct(world))
        c = (as_struct(census), as_struct(log), as_struct(rng))
        return steps(p, s[0], s[1], s[2], c[0], c[1], c[2])

    return run


def same(a: Result, b: Result) -> bool:
    """Whether two takes wrote the same tables and arrays."""
    tables = a.tables.keys() == b.tables.keys() and all(
        a.tables[k].equals(b.tables[k]) for k in a.tables
    )
    arrays = a.arrays.keys() == b.arrays.keys() and all(
        np.array_equal(a.arrays[k], b.arrays[k], equal_nan=True) for k in a.arrays
    )
    return tables and arrays


def main() -> int:
    duration = sys.argv[1] if len(sys.argv) > 1 else "72 h"
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    sc = load_scenario("hyosan-high", [f"building.duration='{duration}'"])
    assert sc.building is not None
    building, spec = engine.building_of(sc.building, sc), sc.building
    shipped, plain = engine.run_take, visiting_everyone()
    seconds: dict[str, list[float]] = {"skip": [], "visit all": []}
    alike = True
    for kernel_fn in (shipped, plain):  # compile both before timing
        engine.run_take = kernel_fn
        engine.run_one(building, spec, 1, SEED)
    for _ in range(rounds):
        for take in TAKES:
            results = {}
            for name, kernel_fn in (("skip", shipped), ("visit all", plain)):
                engine.run_take = kernel_fn
                started = time.process_time()
                results[name] = engine.run_one(building, spec, take, SEED)
                seconds[name].append(time.process_time() - started)
            alike &= same(results["skip"], results["visit all"])
    engine.run_take = shipped
    skip, visit = (statistics.median(seconds[k]) for k in ("skip", "visit all"))
    print(f"Hyosan High, {duration}, takes {TAKES} of seed {SEED}, {rounds} rounds, CPU s (median)")
    print(f"  people who rest skipped  {skip:6.2f} s")
    print(f"  everyone visited         {visit:6.2f} s   ({visit / skip:.2f}× the time)")
    print(f"  every take the same with and without the skip: {'yes' if alike else 'NO'}")
    return 0 if alike else 1


if __name__ == "__main__":
    sys.exit(main())
