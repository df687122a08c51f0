"""Which of a room's doors to the same next room a person takes: the one they reach soonest,
counting the crowd in front of it.

A class with two doors onto the hallway, a hall with four exits to the yard: the shortest way
names one of them, but people use the door nearest to them, and go round to another when the
crowd in front of theirs would hold them longer than the walk (RiMEA test 11: most take the
nearer exit, some the farther when the nearer jams). The time to a door is its distance plus
the people around it over the door's flow, in metres of walking.
"""

from __future__ import annotations

from numba import njit

from hyosan.building.navigation import INF
from hyosan.building.plan import WINDOW_PORTAL
from hyosan.building.walk import fdist


@njit(cache=True, inline="always")
def crowd_at(i, k, lay, folk, world):
    """Bodies on portal ``k``'s cell and the cells around it, but for person ``i``."""
    f = lay.portal_cell[k, 0]
    y = lay.portal_cell[k, 1]
    x = lay.portal_cell[k, 2]
    rows = lay.cells.shape[1]
    cols = lay.cells.shape[2]
    n = 0
    for yy in range(max(y - 1, 0), min(y + 2, rows)):
        for xx in range(max(x - 1, 0), min(x + 2, cols)):
            n += world.occ[f, yy, xx]
    me = folk.pos[i]
    if me[0] == f and abs(me[1] - y) <= 1 and abs(me[2] - x) <= 1:
        n -= 1
    return n


@njit(cache=True, inline="always")
def _cost(i, e, p, lay, folk, world):
    """Metres of walking to room entry ``e``'s door, its crowd included."""
    k = lay.room_portal[e]
    d = fdist(lay, 2 * k + lay.room_way[e], folk.pos[i, 0], folk.pos[i, 1], folk.pos[i, 2])
    if d >= INF:
        return INF
    flow = p.window_flow if lay.portal_kind[k] == WINDOW_PORTAL else p.door_flow
    if flow <= 0.0:
        return d
    return d + crowd_at(i, k, lay, folk, world) * p.walk_speed / flow


@njit(cache=True, inline="always")
def _through_here(here, r, e0, k, lay):
    """Someone standing in doorway ``here`` of room ``r`` goes on through it when it leads
    where entry ``e0``'s door does (a twin door), else down field ``k``."""
    e = lay.entry_of[here, 0 if lay.portal_a[here] == r else 1]
    if e >= 0 and lay.room_other[e] == lay.room_other[e0]:
        return 2 * here + lay.room_way[e]
    return k


@njit(cache=True, inline="always")
def choose(i, r, k, p, lay, folk, world):
    """The field (2 portal + way) person ``i`` walks down out of room ``r``: ``k`` or another
    door of the same kind to the same room that costs less (:func:`_cost`); ``k`` itself with
    ``bodies`` 0 or when the room has one such door."""
    go = k // 2
    side = 0 if lay.portal_a[go] == r else 1
    e0 = lay.entry_of[go, side]
    if p.bodies == 0 or e0 < 0:
        return k
    here = lay.portal_at[folk.pos[i, 0], folk.pos[i, 1], folk.pos[i, 2]]
    if here >= 0:
        return _through_here(here, r, e0, k, lay)
    if lay.twin[e0] == e0:
        return k
    kind = lay.portal_kind[go]
    best = k
    best_cost = _cost(i, e0, p, lay, folk, world)
    e = lay.twin[e0]
    while e != e0:
        g = lay.room_portal[e]
        if lay.portal_kind[g] == kind:
            c = _cost(i, e, p, lay, folk, world)
            if c < best_cost:
                best_cost = c
                best = 2 * g + lay.room_way[e]
        e = lay.twin[e]
    return best
