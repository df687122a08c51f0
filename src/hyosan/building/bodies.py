"""Bodies take room: who stands on which cell, how many a cell holds, how a crowd slows its
walkers, and how many a doorway, window or stair passes in a step.

Every agent standing in the building (uninfected, infected, zombie or halfbie) counts on its
cell (``world.occ``); a move onto a cell that holds ``world.cap`` already does not happen —
the mover side-steps or waits (:func:`room_at`, :func:`side_step`). The dead and the rescued
leave the floor (:func:`gone`). A walker pays ``1 / pace`` of a metre's moves for each metre,
where ``pace`` is Weidmann's fundamental diagram at the density around them (:func:`pace`), so
a crowd walks slower than one person and a jam barely moves. With ``bodies`` 0 a cell holds
as many as an int16 counts and nobody slows: the engine before bodies.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from hyosan.building.plan import DOOR_PORTAL, LEDGE, WALL, WINDOW_PORTAL


def capacity(cells: np.ndarray, on: bool, jam_density: float, ledge_cap: int) -> np.ndarray:
    """Bodies each cell holds: a square metre at jam density, a metre of ledge ``ledge_cap``;
    without bodies, as many as an int16 counts."""
    if not on:
        return np.full(cells.shape, np.iinfo(np.int16).max, dtype=np.int16)
    cap = np.full(cells.shape, int(jam_density), dtype=np.int16)
    cap[cells == LEDGE] = ledge_cap
    cap[cells == WALL] = 0
    return cap


@njit(cache=True, inline="always")
def room_at(world, f, y, x):
    """Whether cell (f, y, x) has room for one more body."""
    return world.occ[f, y, x] < world.cap[f, y, x]


@njit(cache=True, inline="always")
def place(i, f, y, x, folk, world):
    """Move agent ``i``'s body from its cell to (f, y, x)."""
    world.occ[folk.pos[i, 0], folk.pos[i, 1], folk.pos[i, 2]] -= 1
    world.occ[f, y, x] += 1
    folk.pos[i, 0] = f
    folk.pos[i, 1] = y
    folk.pos[i, 2] = x


@njit(cache=True, inline="always")
def gone(i, folk, world):
    """Agent ``i`` leaves the floor (dead or taken away): their cell is free again."""
    world.occ[folk.pos[i, 0], folk.pos[i, 1], folk.pos[i, 2]] -= 1


@njit(cache=True)
def count_in(folk, world, standing):
    """Count everyone whose state is in ``standing`` onto their cells (the start of a take)."""
    world.occ[:] = 0
    for i in range(folk.state.size):
        if folk.state[i] in standing:
            world.occ[folk.pos[i, 0], folk.pos[i, 1], folk.pos[i, 2]] += 1


@njit(cache=True, inline="always")
def weidmann(rho, p):
    """Walking speed at density ``rho`` (persons per m²) as a share of free walking:
    1 − exp(−γ (1/ρ − 1/ρ_jam)) (Weidmann 1993), 1 for nobody around; never quite 0, so a
    jam creeps rather than locks."""
    if rho <= 0.0:
        return 1.0
    v = 1.0 - math.exp(-p.gamma * (1.0 / rho - 1.0 / p.jam_density))
    return max(v, 0.01)


@njit(cache=True, inline="always")
def pace(i, p, lay, folk, world):
    """Agent ``i``'s walking speed as a share of their free speed: Weidmann's diagram at the
    density of the others on their cell and the open cells around it (3 × 3 m)."""
    if p.bodies == 0:
        return 1.0
    f = folk.pos[i, 0]
    y = folk.pos[i, 1]
    x = folk.pos[i, 2]
    rows = lay.cells.shape[1]
    cols = lay.cells.shape[2]
    n = -1
    a = 0
    for yy in range(max(y - 1, 0), min(y + 2, rows)):
        for xx in range(max(x - 1, 0), min(x + 2, cols)):
            if lay.cells[f, yy, xx] != WALL:
                n += world.occ[f, yy, xx]
                a += 1
    return weidmann(n / a, p)


@njit(cache=True, inline="always")
def _credit(credit, stamp, k, t, rate, p):
    """Passes left at gate ``k`` this step: ``rate · dt`` more each step, at most one step's
    worth (or one pass) kept, so the flow averages ``rate`` a second."""
    if stamp[k] != t:
        per_step = rate * p.dt
        credit[k] = min(credit[k] + per_step * (t - stamp[k]) / p.dt, max(per_step, 1.0))
        if stamp[k] < 0.0:
            credit[k] = max(per_step, 1.0)
        stamp[k] = t
    return credit[k]


@njit(cache=True, inline="always")
def door_open_to(k, window, t, p, world):
    """Whether doorway or window ``k`` lets one more through this step (its flow not spent);
    counts them held back (``door_wait``) when not."""
    rate = p.window_flow if window else p.door_flow
    if rate <= 0.0:
        return True
    if world.door_t[k] != t:
        world.door_wait[k] = 0
    if _credit(world.door_credit, world.door_t, k, t, rate, p) >= 1.0:
        return True
    world.door_wait[k] += 1
    return False


@njit(cache=True, inline="always")
def jammed(k, t, p, lay, world):
    """Whether doorway or window ``k`` has let through all its flow allows this step (the
    crowd behind waits); False for openings and stairs, and without a limit."""
    kind = lay.portal_kind[k]
    if kind == WINDOW_PORTAL:
        rate = p.window_flow
    elif kind == DOOR_PORTAL:
        rate = p.door_flow
    else:
        return False
    return rate > 0.0 and world.door_t[k] == t and world.door_credit[k] < 1.0


@njit(cache=True, inline="always")
def door_passed(k, p, world):
    """One more went through doorway or window ``k``."""
    world.door_credit[k] -= 1.0


@njit(cache=True, inline="always")
def stair_open(f, y, x, up, t, p, lay, world):
    """Whether the stair lane at (f, y, x) lets one more up (``up``) or down this step; spends
    the pass when it does."""
    if p.stair_flow <= 0.0:
        return True
    lane = lay.lane_at[f, y, x] if up else lay.lane_at[f - 1, y, x]
    if _credit(world.lane_credit, world.lane_t, lane, t, p.stair_flow, p) < 1.0:
        return False
    world.lane_credit[lane] -= 1.0
    return True
