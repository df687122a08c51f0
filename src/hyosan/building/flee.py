"""Fleeing: the exit a person reaches before the zombie, or a step away when cornered."""

from __future__ import annotations

import numpy as np
from numba import njit

from hyosan.building.bodies import place
from hyosan.building.navigation import DC, DR, INF
from hyosan.building.plan import DOOR_PORTAL, LEDGE_REGION, WINDOW_PORTAL
from hyosan.building.walk import best_neighbour, fdist

FLEE_BLOCK = 16
"""Metres: width of the column blocks a room's exits are listed by (only a matter of speed)."""


@njit(cache=True)
def flee_blocks(room_ptr, room_portal, portal_kind, portal_cell, nfb, look):
    """For each room and column block, in order, the exits a person in that block may flee by.

    Doors and windows count only within ``look`` columns of the person, so each block lists
    those near it and every other exit; :func:`exit_for` then checks the exact distance.
    """
    rooms = room_ptr.size - 1
    ptr = np.zeros(rooms * nfb + 1, dtype=np.int64)
    entry = np.zeros((room_ptr[rooms] + 1) * nfb, dtype=np.int64)
    k = 0
    for r in range(rooms):
        for b in range(nfb):
            ptr[r * nfb + b] = k
            lo = b * FLEE_BLOCK - look
            hi = b * FLEE_BLOCK + FLEE_BLOCK - 1 + look
            for e in range(room_ptr[r], room_ptr[r + 1]):
                p = room_portal[e]
                near = lo <= portal_cell[p, 2] <= hi
                if near or (portal_kind[p] != DOOR_PORTAL and portal_kind[p] != WINDOW_PORTAL):
                    entry[k] = e
                    k += 1
    ptr[rooms * nfb] = k
    return ptr, entry[:k].copy()


@njit(cache=True, inline="always")
def _usable(i, e, p, lay, folk, world):
    """Whether person ``i`` may flee by room entry ``e``: no ledge unless they dare, no door
    barricaded from the far side, doors and windows only within ``flee_look``."""
    k = lay.room_portal[e]
    other = lay.room_other[e]
    if lay.room_kind[other] == LEDGE_REGION and folk.ledge_ok[i] == 0:
        return False
    if world.barricade[k] > 0 and world.bar_side[k] == other:
        return False
    kind = lay.portal_kind[k]
    if kind in (DOOR_PORTAL, WINDOW_PORTAL):
        cell = lay.portal_cell
        far = max(abs(cell[k, 1] - folk.pos[i, 1]), abs(cell[k, 2] - folk.pos[i, 2]))
        if cell[k, 0] != folk.pos[i, 0] or far > p.flee_look:
            return False
    return True


@njit(cache=True, inline="always")
def _paces(i, z, p, folk):
    """Running speeds of person ``i`` and zombie ``z`` that decide who reaches an exit first
    (``flee_pace``; off: equal, the exit nearer to the person than to the zombie)."""
    if p.flee_pace == 0.0:
        return 1.0, 1.0
    return p.run_speed * folk.speed[i], p.zombie_speed * folk.speed[z]


@njit(cache=True, inline="always")
def exit_for(i, r, z, p, lay, folk, world, census):
    """The portal and way out of room ``r`` that person ``i`` reaches before zombie ``z`` (at
    their running speeds, with ``flee_pace``), near and away from it and from crowded rooms;
    (-1, 0) for none."""
    pos = folk.pos
    go = -1
    way = 0
    best = 1e18
    mypace, zpace = _paces(i, z, p, folk)
    blk = r * lay.flee_blocks + pos[i, 2] // FLEE_BLOCK
    for q in range(lay.flee_ptr[blk], lay.flee_ptr[blk + 1]):
        e = lay.flee_entry[q]
        if not _usable(i, e, p, lay, folk, world):
            continue
        k = 2 * lay.room_portal[e] + lay.room_way[e]
        dme = fdist(lay, k, pos[i, 0], pos[i, 1], pos[i, 2])
        dzz = fdist(lay, k, pos[z, 0], pos[z, 1], pos[z, 2])
        if dme >= INF or dme * zpace >= dzz * mypace:
            continue
        other = lay.room_other[e]
        score = dme - p.flee_zombie_weight * dzz + p.flee_crowd_weight * census.zcount[other]
        if score < best:
            best = score
            go = lay.room_portal[e]
            way = lay.room_way[e]
    return go, way


@njit(cache=True, inline="always")
def cornered(i, r, z, dz, lay, folk, world):
    """No way out: one step away from zombie ``z``, onto a cell with room."""
    pick, _ = best_neighbour(i, r, z, dz, 1, False, folk.pos, lay, world)
    if pick >= 0 and folk.budget[i] >= 1.0:
        f = folk.pos[i, 0]
        place(i, f, folk.pos[i, 1] + DR[pick], folk.pos[i, 2] + DC[pick], lay, folk, world)
        folk.budget[i] -= 1.0
