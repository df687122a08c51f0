"""What skipping the people who rest gains, and that it changes nothing.

Most of a 72-hour Hyosan High take, most people hide in rooms that are shut and piled up, and
their turn finds nothing to do; the people's phase lists those who rest apart and does not visit
them (:mod:`hyosan.building.rest`). The same kernel visits every person in index order, as
before the skip, with ``run_one(..., rest_skip=False)``. This script runs the same takes both
ways, alternating, and prints the seconds side by side, the share of turns skipped, and whether
every table and array of each take came out the same.

    python benchmarks/building_rest.py [duration] [rounds]   # "72 h", 3 rounds of takes 2-4
    python benchmarks/building_rest.py "20 min" 3 --agents 100000   # the generated school
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from hyosan.building import engine
from hyosan.result import Result
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


def take(building: engine.Building, spec: BuildingSpec, number: int, skip: bool) -> Result:
    """Take ``number`` of seed :data:`SEED`, with the skip on or off."""
    return engine.run_one(building, spec, number, SEED, rest_skip=skip)


def main() -> int:
    parser = argparse.ArgumentParser(description="What skipping the people who rest gains.")
    parser.add_argument("duration", nargs="?", default="72 h")
    parser.add_argument("rounds", nargs="?", type=int, default=3)
    parser.add_argument("--agents", type=int, default=0, help="the generated school instead")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).parent))
    from building_phases import generated, hyosan_high

    building, spec, name = (
        generated(args.agents, args.duration) if args.agents else hyosan_high(args.duration)
    )
    take(building, spec, 1, True)  # compile, or load the kernel cached on disk
    seconds: dict[bool, list[float]] = {True: [], False: []}
    alike, shares = True, []
    for _ in range(args.rounds):
        for number in TAKES:
            results = {}
            for skip in (True, False):
                started = time.process_time()
                results[skip] = take(building, spec, number, skip)
                seconds[skip].append(time.process_time() - started)
            alike &= same(results[True], results[False])
            meta = results[True].meta
            shares.append(1.0 - meta["turns_taken"] / max(1, meta["turns_due"]))
    skip, visit = (statistics.median(seconds[k]) for k in (True, False))
    print(f"{name}, {args.duration}, takes {TAKES} of seed {SEED}, {args.rounds} rounds, CPU s")
    print(f"  people who rest skipped  {skip:6.2f} s (median)")
    print(f"  everyone visited         {visit:6.2f} s   ({visit / skip:.2f}× the time)")
    print(f"  people's turns skipped: {100 * statistics.median(shares):.0f} %")
    print(f"  every take the same with and without the skip: {'yes' if alike else 'NO'}")
    return 0 if alike else 1


if __name__ == "__main__":
    sys.exit(main())
