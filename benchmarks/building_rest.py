"""What skipping the people who rest gains, and that it changes nothing.

Most of a 72-hour Hyosan High take, most people hide in rooms that are shut and piled up, and
their turn finds nothing to do; the people's phase lists those who rest apart and does not visit
them (:mod:`hyosan.building.rest`). The same kernel visits every person in index order, as
before the skip, with the parameter ``rest_skip`` set to 0. This script runs the same takes both
ways, alternating, and prints the seconds side by side, the share of turns skipped, and whether
every table and array of each take came out the same.

    python benchmarks/building_rest.py [duration] [rounds]   # default "72 h", 3 rounds of takes 2-4
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np

from hyosan.building import engine
from hyosan.building.params import params_of
from hyosan.result import Result
from hyosan.scenario import load_scenario
from hyosan.scenario.building import BuildingSpec

TAKES = (2, 3, 4)
SEED = 17


def same(a: Result, b: Result) -> bool:
    """Whether two takes wrote the same tables and arrays."""
    tables = a.tables.keys() == b.tables.keys() and all(
        a.tables[k].equals(b.tables[k]) for k in a.tables
    )
    arrays = a.arrays.keys() == b.arrays.keys() and all(
        np.array_equal(a.arrays[k], b.arrays[k], equal_nan=True) for k in a.arrays
    )
    return tables and arrays


def take(building: engine.Building, spec: BuildingSpec, number: int, skip: int) -> Result:
    """Take ``number`` of seed :data:`SEED`, with the skip on (1) or off (0)."""
    engine.params_of = lambda s: params_of(s)._replace(rest_skip=skip)
    try:
        return engine.run_one(building, spec, number, SEED)
    finally:
        engine.params_of = params_of


def main() -> int:
    duration = sys.argv[1] if len(sys.argv) > 1 else "72 h"
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    sc = load_scenario("hyosan-high", [f"building.duration='{duration}'"])
    assert sc.building is not None
    building, spec = engine.building_of(sc.building, sc), sc.building
    take(building, spec, 1, 1)  # compile, or load the kernel cached on disk
    seconds: dict[int, list[float]] = {1: [], 0: []}
    alike, shares = True, []
    for _ in range(rounds):
        for number in TAKES:
            results = {}
            for skip in (1, 0):
                started = time.process_time()
                results[skip] = take(building, spec, number, skip)
                seconds[skip].append(time.process_time() - started)
            alike &= same(results[1], results[0])
            meta = results[1].meta
            shares.append(1.0 - meta["turns_taken"] / max(1, meta["turns_due"]))
    skip, visit = (statistics.median(seconds[k]) for k in (1, 0))
    print(f"Hyosan High, {duration}, takes {TAKES} of seed {SEED}, {rounds} rounds, CPU s (median)")
    print(f"  people who rest skipped  {skip:6.2f} s")
    print(f"  everyone visited         {visit:6.2f} s   ({visit / skip:.2f}× the time)")
    print(f"  people's turns skipped: {100 * statistics.median(shares):.0f} %")
    print(f"  every take the same with and without the skip: {'yes' if alike else 'NO'}")
    return 0 if alike else 1


if __name__ == "__main__":
    sys.exit(main())
