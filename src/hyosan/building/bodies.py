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

from hyosan.building.navigation import DC, DR, INF, can_step, fdist
from hyosan.building.plan import DOOR_PORTAL, HALL, LEDGE, WALL, WINDOW_PORTAL


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
def place(i, f, y, x, lay, folk, world):
    """Move agent ``i``'s body from its cell to (f, y, x). Someone who rests alone on that
    cell of a quiet room (not a hallway: nobody rests there with bodies, :func:`settled`) must
    now be visited — they may make room (:func:`make_room`): ``world.woken`` says so
    (:mod:`hyosan.building.rest`)."""
    world.occ[folk.pos[i, 0], folk.pos[i, 1], folk.pos[i, 2]] -= 1
    world.occ[f, y, x] += 1
    folk.pos[i, 0] = f
    folk.pos[i, 1] = y
    folk.pos[i, 2] = x
    if world.occ[f, y, x] == 2:
        g = lay.region[f, y, x]
        if g >= 0 and world.quiet[g] == 1 and lay.room_kind[g] != HALL:
            world.woken[0] = 1


@njit(cache=True, inline="always")
def settled(i, r, p, lay, folk, world):
    """Whether agent ``i`` in room ``r`` has nothing to make room for: alone on their cell
    and not in a hallway, where anyone may come to share it (always, without bodies)."""
    if p.bodies == 0:
        return True
    here = world.occ[folk.pos[i, 0], folk.pos[i, 1], folk.pos[i, 2]]
    return here <= 1 and lay.room_kind[r] != HALL


@njit(cache=True, inline="always")
def _roomier(i, r, lay, folk, world):
    """The move onto the emptiest cell of room ``r`` around agent ``i`` that holds at least
    two fewer than theirs (the first in move order on a tie); -1 for none."""
    f = folk.pos[i, 0]
    y = folk.pos[i, 1]
    x = folk.pos[i, 2]
    best = world.occ[f, y, x] - 1
    pick = -1
    for m in range(8):
        yy = y + DR[m]
        xx = x + DC[m]
        if not can_step(lay.cells, f, y, x, DR[m], DC[m]) or lay.region[f, yy, xx] != r:
            continue
        if world.occ[f, yy, xx] < best:
            best = world.occ[f, yy, xx]
            pick = m
    return pick


@njit(cache=True, inline="always")
def _inward(i, r, lay, folk, world):
    """The move onto a cell of room ``r`` with room for agent ``i`` and farther from the door
    they came in by (the farthest, then the emptiest); -1 for none, or no such door."""
    q = folk.came_by[i]
    if q < 0 or (lay.portal_a[q] != r and lay.portal_b[q] != r):
        return -1
    e = lay.entry_of[q, 0 if lay.portal_a[q] == r else 1]
    k = 2 * q + lay.room_way[e]
    f = folk.pos[i, 0]
    y = folk.pos[i, 1]
    x = folk.pos[i, 2]
    far = fdist(lay, k, f, y, x)
    fewest = world.occ[f, y, x]
    pick = -1
    for m in range(8):
        yy = y + DR[m]
        xx = x + DC[m]
        if not can_step(lay.cells, f, y, x, DR[m], DC[m]) or lay.region[f, yy, xx] != r:
            continue
        d = fdist(lay, k, f, yy, xx)
        o = world.occ[f, yy, xx]
        if d < INF and o < world.cap[f, yy, xx] and (d > far or (d == far and o < fewest)):
            far = d
            fewest = o
            pick = m
    return pick


@njit(cache=True, inline="always")
def make_room(i, r, p, lay, folk, world):
    """Agent ``i``, staying in room ``r``, steps off a shared cell: on, away from the door they
    came in by, else onto an emptier cell beside it. A crowd that reached its room walks in
    until each has a cell, instead of standing in the doorway."""
    if p.bodies == 0 or folk.budget[i] < 1.0:
        return
    if world.occ[folk.pos[i, 0], folk.pos[i, 1], folk.pos[i, 2]] < 2:
        return
    m = _inward(i, r, lay, folk, world)
    if m < 0:
        m = _roomier(i, r, lay, folk, world)
    if m >= 0:
        f = folk.pos[i, 0]
        place(i, f, folk.pos[i, 1] + DR[m], folk.pos[i, 2] + DC[m], lay, folk, world)
        folk.budget[i] -= 1.0


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
def affords(cost, moved, budget):
    """With bodies, whether a move of ``cost`` metres (slowed by the crowd) can be made now:
    with the moves left, or as the turn's first move — a long one (a flight of stairs, a
    window, a step in a jam) is made at once and paid for in the steps after."""
    return not moved or budget >= cost


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
    density on their cell and the open cells around it (3 × 3 m, themselves included: one
    walker alone there is at 0.11 per m², free; a uniform crowd is at its own density)."""
    if p.bodies == 0:
        return 1.0
    f = folk.pos[i, 0]
    y = folk.pos[i, 1]
    x = folk.pos[i, 2]
    rows = lay.cells.shape[1]
    cols = lay.cells.shape[2]
    n = 0
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
