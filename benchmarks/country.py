"""The USA from New York City: wall time of 30 simulated days, beside what the press reported.

Alemi et al.'s public simulator (2-mile cells) was reported to engulf New York City in about
30 hours, and to reach northern Montana and the Nevada desert last. We run the shipped ``usa``
scenario (20-km cells, tau-leaping, see docs/lattice.md) for 30 days (median wall time of
``RUNS``), then once on Alemi's own 2-mile (3.22-km) cells: the hour by which 90 % of the people
in the five boroughs' cells are no longer uninfected, and how far the front got.
``--days N`` runs longer (``--days 1500 --runs 1 --no-fine``, about ten minutes, runs until
the whole country is reached: see which places fall last); ``--no-fine`` skips the 2-mile run
(about a minute, 0.5 GB of snapshots).
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
PRESS_NYC_HOURS = 30.0
PRESS_LAST = "northern Montana, the Nevada desert"
RUNS = 3
ALEMI_CELL_KM = 3.22


def run(
    days: float, seed: int, cell_km: float | None, step: float, horizon: float = 96.0
) -> tuple[float, hyosan.Result]:
    """One take: wall seconds and result, with snapshots every ``step`` hours up to ``horizon``."""
    hours = 24 * days
    snaps = sorted({*np.arange(0, min(horizon, hours) + 1, step), hours})
    overrides = [f"lattice.t_end = {hours}", f"lattice.snapshots = {list(map(float, snaps))}"]
    if cell_km is not None:
        overrides.append(f"lattice.map.cell_km = {cell_km}")
    start = time.perf_counter()
    result = hyosan.simulate("usa", seed=seed, overrides=overrides)
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


def reached_in(result: hyosan.Result, state: str) -> str:
    places = result.tables["places"]
    mine = places[places["place"].str.endswith(f", {state}")]
    return f"{mine['t_reached'].notna().sum()} of {len(mine)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=float, default=30.0)
    parser.add_argument("--no-fine", action="store_true", help="skip the run on 2-mile cells")
    parser.add_argument("--runs", type=int, default=RUNS, help="takes on the 20-km grid")
    args = parser.parse_args()
    run(0.5, 1, None, 1.0)  # compile
    coarse = [run(args.days, seed, None, 1.0) for seed in range(1, args.runs + 1)]
    result = coarse[0][1]
    columns = {
        f"hyosan, {result.meta['cell_size']:.0f}-km cells": {
            "wall time": f"{statistics.median(w for w, _ in coarse):.1f} s (median of {args.runs})",
            "NYC engulfed": f"{statistics.median(nyc_engulfed(r) for _, r in coarse):.0f} h (median)",
            "cells reached": f"{result.final['share_reached'].iloc[0]:.1%}",
            "Montana places reached": reached_in(result, "MT"),
            "Nevada places reached": reached_in(result, "NV"),
        }
    }
    if not args.no_fine:
        wall, fine = run(args.days, 1, ALEMI_CELL_KM, 12.0, 168.0)
        rows, cols = fine.arrays["reached"].shape[1:]
        columns[f"hyosan, 2-mile cells ({rows}×{cols})"] = {
            "wall time": f"{wall:.1f} s (one run)",
            "NYC engulfed": f"{nyc_engulfed(fine):.0f} h (12-h snapshots)",
            "cells reached": f"{fine.final['share_reached'].iloc[0]:.1%}",
            "Montana places reached": reached_in(fine, "MT"),
            "Nevada places reached": reached_in(fine, "NV"),
        }
    press = {
        "wall time": "—",
        "NYC engulfed": f"~{PRESS_NYC_HOURS:.0f} h",
        "cells reached": "—",
        "Montana places reached": f"last: {PRESS_LAST}",
        "Nevada places reached": "",
    }
    print(
        f"USA, {result.meta['people']:,} people, 10 zombies in New York City, {args.days:g} "
        f"simulated days, tau-leaping (tau = {result.meta['tau']} h)"
    )
    heads = ["press reports (Alemi et al.)", *columns]
    print(f"  {'':24s}" + "".join(f"{h:>38s}" for h in heads))
    for row in press:
        cells = [press[row], *(c[row] for c in columns.values())]
        print(f"  {row:24s}" + "".join(f"{c:>38s}" for c in cells))
    hide = where_to_hide(result, n=6)
    never = hide["t_reached"].isna().all()
    label = "largest places not reached" if never else "places reached last"
    shown = [
        f"{p} ({t:.0f} h)" if np.isfinite(t) else p
        for p, t in zip(hide["place"], hide["t_reached"], strict=True)
    ]
    print(f"  where to hide ({label}, 20-km take 1): " + "; ".join(shown))


if __name__ == "__main__":
    main()
