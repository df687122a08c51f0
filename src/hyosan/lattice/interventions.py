"""Cordons, lures and strikes, turned into what the kernels read: hop weights and cell lists.

Hop weights ``w[c, d]`` (directions 0 east, 1 west, 2 south, 3 north) start at 1/4 toward
every walkable neighbour (land, not sea). A closed cordon multiplies the weight of every hop that crosses its
boundary (one end inside the area, the other outside) by its leak fraction — 0 seals it. A
sounding lure tilts each hop of a cell within its reach by 1 + pull·cos θ (θ the angle between
the hop and the way to the lure), rescaled so the cell's total hop rate is unchanged: zombies
drift toward the sound without walking faster.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hyosan.lattice.maps import KM_PER_DEGREE, GridMap
from hyosan.scenario.lattice import LatticeSpec

DIRECTIONS = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, -1.0], [0.0, 1.0]])
"""Unit vectors (east, north) of the four hop directions."""


def neighbours(rows: int, cols: int) -> np.ndarray:
    """Neighbour of each cell in each direction (open borders: -1 off the map), int32 (n, 4)."""
    r, c = np.divmod(np.arange(rows * cols), cols)
    out = np.full((rows * cols, 4), -1, dtype=np.int32)
    idx = np.arange(rows * cols)
    out[c < cols - 1, 0] = idx[c < cols - 1] + 1
    out[c > 0, 1] = idx[c > 0] - 1
    out[r < rows - 1, 2] = idx[r < rows - 1] + cols
    out[r > 0, 3] = idx[r > 0] - cols
    return out


@dataclass
class InterventionPlan:
    """Interventions resolved against a map: masks, points and times."""

    cordons: list[tuple[np.ndarray, float, float]]
    lures: list[tuple[np.ndarray, np.ndarray, float, float, float]]
    strikes: list[tuple[float, np.ndarray, float, float]]

    def times(self) -> list[float]:
        """Times at which something changes."""
        found = [start for _, start, _ in self.cordons]
        for *_, start, stop, _ in self.lures:
            found.append(start)
            if np.isfinite(stop):
                found.append(stop)
        found += [t for t, *_ in self.strikes]
        return found


def plan(spec: LatticeSpec, grid: GridMap) -> InterventionPlan:
    """Resolve every intervention's area or point on the map (errors name the key)."""
    cordons = [
        (grid.mask(c.area, f"lattice.cordons.{i}.area").ravel(), c.start, c.leak)
        for i, c in enumerate(spec.cordons)
    ]
    lures = []
    cx, cy = grid.centres()
    for i, lure in enumerate(spec.lures):
        x, y = grid.locate(lure.at, f"lattice.lures.{i}.at")
        if grid.cell_of(x, y) is None:
            grid.cell_at(lure.at, f"lattice.lures.{i}.at")
        scale = 1.0 if grid.units == "km" else KM_PER_DEGREE
        squeeze = (
            1.0
            if grid.units == "km"
            else np.cos(np.radians(0.5 * (grid.extent[2] + grid.extent[3])))
        )
        toward = np.stack(
            [((x - cx) * squeeze * scale).ravel(), ((y - cy) * scale).ravel()], axis=1
        )
        dist = np.hypot(toward[:, 0], toward[:, 1])
        within = (dist <= lure.radius) & (dist > 0)
        unit = np.zeros_like(toward)
        unit[within] = toward[within] / dist[within, None]
        stop = np.inf if lure.stop is None else lure.stop
        lures.append((within, unit, lure.start, stop, lure.pull))
    strikes = [
        (
            s.time,
            np.flatnonzero(grid.mask(s.area, f"lattice.strikes.{i}.area").ravel()),
            s.zombies,
            s.people,
        )
        for i, s in enumerate(spec.strikes)
    ]
    return InterventionPlan(cordons, lures, strikes)


def hop_weights(
    nbr: np.ndarray, passable: np.ndarray, plan: InterventionPlan, t: float
) -> tuple[np.ndarray, np.ndarray]:
    """Hop weights (n, 4) and their row sums for the interventions in force at time ``t``."""
    ok = nbr >= 0
    target = np.where(ok, nbr, 0)
    w = np.where(ok & passable[target], 0.25, 0.0)
    for mask, start, leak in plan.cordons:
        if start <= t:
            crossing = ok & (mask[:, None] != mask[target])
            w = np.where(crossing, w * leak, w)
    for within, unit, start, stop, pull in plan.lures:
        if start <= t < stop:
            tilt = 1.0 + pull * (unit @ DIRECTIONS.T)
            tilted = w * tilt
            before = w.sum(axis=1)
            after = tilted.sum(axis=1)
            scale = np.divide(before, after, out=np.ones_like(before), where=after > 0)
            w = np.where(within[:, None], tilted * scale[:, None], w)
    return np.ascontiguousarray(w), w.sum(axis=1)
