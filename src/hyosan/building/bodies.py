"""Bodies take room: who stands on which cell, how many a cell holds, how a crowd slows its
walkers, and how many a doorway, window or stair passes in a step.

Every agent standing in the building (uninfected, infected, zombie or halfbie) counts on its
cell (``world.occ``); a move onto a cell that holds ``world.cap`` already does not happen —
the mover side-steps or waits (:func:`room_at`, :func:`side_step`). The dead and the rescued
leave the floor (:func:`gone`). A walker pays more than a metre's moves for a metre when the
crowd ahead is dense, by Weidmann's fundamental diagram (:func:`slow_into`), so a crowd walks
slower than one person and a jam creeps; a doorway, window or stair passes a bounded flow a
second (:func:`door_open_to`, :func:`stair_open`). With ``bodies`` 0 a cell holds
as many as an int16 counts and nobody slows: the engine before bodies.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from hyosan.building.navigation import DC, DR, INF, can_step, fdist
from hyosan.building.plan import DOOR_PORTAL, HALL, LEDGE, WALL, WINDOW_PORTAL


def slowness(on: bool, jam_density: float, gamma: float) -> np.ndarray:
    """Metres of free walking per metre at each density from 0 to ``jam_density`` persons per
    m², by tenths: 1 / v(ρ), with Weidmann's (1993) v(ρ) = 1 − exp(−γ (1/ρ − 1/ρ_jam)) as a
    share of free speed, at most 100 (a jam creeps rather than locks); all 1 without bodies."""
    n = np.arange(10 * int(np.ceil(jam_density)) + 1, dtype=np.float64)
    if not on:
        return np.ones_like(n)
    rho = np.maximum(n / 10.0, 1e-9)
    v = 1.0 - np.exp(-gamma * (1.0 / rho - 1.0 / jam_density))
    return 1.0 / np.clip(v, 0.01, 1.0)


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
    cell of a quiet room (not a hallway or doorway: nobody rests there with bodies, :func:`settled`) must
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
    """Whether agent ``i`` in room ``r`` has nothing to make room for: alone on their cell,
    not in a hallway nor a doorway, where anyone may come to share it (always, without
    bodies)."""
    if p.bodies == 0:
        return True
    f = folk.pos[i, 0]
    y = folk.pos[i, 1]
    x = folk.pos[i, 2]
    if lay.portal_at[f, y, x] >= 0:
        return False
    return world.occ[f, y, x] <= 1 and lay.room_kind[r] != HALL


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
    """The move onto a cell of room ``r`` holding fewer than agent ``i``'s and farther from the
    door they came in by (the farthest, then the emptiest); -1 for none, or no such door."""
    q = folk.came_by[i]
    if q < 0 or (lay.portal_a[q] != r and lay.portal_b[q] != r):
        return -1
    e = lay.entry_of[q, 0 if lay.portal_a[q] == r else 1]
    k = 2 * q + lay.room_way[e]
    f = folk.pos[i, 0]
    y = folk.pos[i, 1]
    x = folk.pos[i, 2]
    far = fdist(lay, k, f, y, x)
    here = world.occ[f, y, x]
    fewest = here
    pick = -1
    for m in range(8):
        yy = y + DR[m]
        xx = x + DC[m]
        if not can_step(lay.cells, f, y, x, DR[m], DC[m]) or lay.region[f, yy, xx] != r:
            continue
        d = fdist(lay, k, f, yy, xx)
        o = world.occ[f, yy, xx]
        if d < INF and o < here and (d > far or (d == far and o < fewest)):
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
def _bodies_at(f, y, x, lay, world):
    """(bodies, 1) on an open cell of the floor, (0, 0) off the plan or in a wall."""
    if 0 <= y < lay.cells.shape[1] and 0 <= x < lay.cells.shape[2] and lay.cells[f, y, x] != WALL:
        return world.occ[f, y, x], 1
    return 0, 0


@njit(cache=True, inline="always")
def slow_into(f, y, x, ff, yy, xx, lay, world):
    """How many metres of free walking one metre from (f, y, x) onto (ff, yy, xx) costs: the
    crowd ahead slows the walker. The density is read over the cells ahead — the one stepped
    onto, the next one on, and the cell on either side of each (up to six open cells; none for a
    flight of stairs, which has its own cost and flow) — and turned into speed by Weidmann's diagram (``world.slow`` by tenths
    of a person per m², :func:`slowness`). A walker with space ahead goes at free speed even at
    the front of a jam; one behind a dense crowd creeps."""
    if ff != f:
        rho = 0.0  # a flight of stairs: its own cost and flow (stair_open), not the landing's
    else:
        dy = yy - y
        dx = xx - x
        n = 0
        a = 0
        for ahead in range(2):
            cy = yy + ahead * dy
            cx = xx + ahead * dx
            for side in range(-1, 2):
                b, o = _bodies_at(ff, cy + side * dx, cx - side * dy, lay, world)
                n += b
                a += o
        rho = n / max(a, 1)
    return world.slow[min(int(rho * 10.0 + 0.5), world.slow.size - 1)]


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
