"""The USA from New York City: wall time of 30 simulated days, beside what the press reported.

Alemi et al.'s public simulator (2-mile cells) was reported to engulf New York City in about
30 hours, and to reach northern Montana and the Nevada desert last. We run the shipped ``usa``
scenario (20-km cells, tau-leaping, see docs/lattice.md) for 30 days: wall time (median of
``RUNS``), the hour by which 90 % of the people in the five boroughs' cells are no longer
uninfected, and the places reached last. ``--days N`` runs longer, to see where the front ends.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import hyosan
from hyosan.lattice.engine import where_to_hide

BOROUGHS = [
    "New York City, NY",
    "Brooklyn, NY",
    "Queens, NY",
    "Manhattan, NY",
    "The Bronx, NY",
    "Staten Island, NY",
]
PRESS = {"nyc_hours": 30.0, "last": "northern Montana and the Nevada desert"}
RUNS = 3


def run(days: float, seed: int) -> tuple[float, hyosan.Result]:
    hours = 24 * days
    snaps = sorted({*np.arange(0, min(96, hours) + 1, 1.0), *np.arange(0, hours + 1, 24.0), hours})
    start = time.perf_counter()
    result = hyosan.simulate(
        "usa",
        seed=seed,
        overrides=[f"lattice.t_end = {hours}", f"lattice.snapshots = {list(map(float, snaps))}"],
    )
    return time.perf_counter() - start, result


def nyc_engulfed(result: hyosan.Result) -> float:
    """First snapshot hour at which 90 % of the boroughs' people are bitten, turned or removed."""
    places = result.tables["places"]
    cells = places[places["place"].isin(BOROUGHS)][["row", "col"]].drop_duplicates().to_numpy()
    snaps = result.arrays["snapshots"][0]
    people = snaps[0, :, cells[:, 0], cells[:, 1]].sum()
    susceptible = snaps[:, 0, cells[:, 0], cells[:, 1]].sum(axis=1)
    done = np.flatnonzero(susceptible <= 0.1 * people)
    return float(np.asarray(result.meta["snapshot_times"])[done[0]]) if done.size else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=float, default=30.0)
    days = parser.parse_args().days
    run(0.5, 1)  # compile
    walls, results = [], []
    for seed in range(1, RUNS + 1):
        wall, result = run(days, seed)
        walls.append(wall)
        results.append(result)
    result = results[0]
    engulf = [nyc_engulfed(r) for r in results]
    final = result.final.iloc[0]
    print(f"USA, {result.meta['people']:,} people, {result.arrays['reached'].shape[1:]} cells of "
          f"{result.meta['cell_size']:.0f} km, outbreak of 10 zombies in New York City, {days:g} days, tau = {result.meta['tau']} h")  # fmt: skip
    print(
        f"  wall time: {statistics.median(walls):.1f} s (median of {RUNS}; {days:g} simulated days)"
    )
    print(f"  {'':34s} {'press (Alemi et al. simulator)':>34s} {'hyosan':>22s}")
    print(f"  {'New York City engulfed after':34s} {'~' + str(PRESS['nyc_hours']) + ' h':>34s} "
          f"{statistics.median(engulf):>20.0f} h")  # fmt: skip
    print(f"  {'last places reached':34s} {PRESS['last']:>34s}")
    hide = where_to_hide(result, n=8)
    never = hide["t_reached"].isna().all()
    label = "largest places not reached" if never else "reached last"
    print(f"  hyosan, take 1, {label}: " + "; ".join(
        f"{p} ({t:.0f} h)" if np.isfinite(t) else p for p, t in zip(hide["place"], hide["t_reached"], strict=True)
    ))  # fmt: skip
    places = result.tables["places"]
    for state in ("MT", "NV"):
        mine = places[places["place"].str.endswith(f", {state}")]
        print(f"  places in {state} reached: {mine['t_reached'].notna().sum()} of {len(mine)}")
    print(f"  share of cells reached: {final['share_reached']:.1%}; last reached: {final['last_place']} "
          f"at {final['t_last']:.0f} h")  # fmt: skip


if __name__ == "__main__":
    main()
