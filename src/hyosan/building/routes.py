"""Routes through the room graph and the choice of where to go."""

from __future__ import annotations

import numpy as np
from numba import njit

from hyosan.building.codes import COUPLE, E, S
from hyosan.building.plan import HALL, LEDGE_REGION, ROOM


@njit(cache=True, inline="always")
def far_side(k, r, lay):
    """The room on the other side of portal ``k`` from room ``r``."""
    return lay.portal_b[k] if lay.portal_a[k] == r else lay.portal_a[k]


@njit(cache=True)
def _next_hops(tg, mode, nh, hops, room_kind, room_ptr, room_portal, room_other, room_way, queue):
    """Breadth-first from ``tg`` backwards: nh[mode, tg, x] = 2 portal + way for the first hop,
    hops[mode, tg, x] = how many rooms on from ``x`` (-1: no way)."""
    for x in range(room_kind.size):
        nh[mode, tg, x] = -1
        hops[mode, tg, x] = -1
    nh[mode, tg, tg] = -2
    hops[mode, tg, tg] = 0
    head = 0
    tail = 0
    queue[tail] = tg
    tail += 1
    while head < tail:
        y = queue[head]
        head += 1
        for e in range(room_ptr[y], room_ptr[y + 1]):
            x = room_other[e]
            if nh[mode, tg, x] != -1:
                continue
            if room_kind[x] == LEDGE_REGION and mode == 0:
                continue
            nh[mode, tg, x] = 2 * room_portal[e] + (1 - room_way[e])
            hops[mode, tg, x] = hops[mode, tg, y] + 1
            queue[tail] = x
            tail += 1


@njit(cache=True)
def next_hops(room_kind, room_ptr, room_portal, room_other, room_way):
    """The first hop from any room to any room, without ledges (mode 0) and with (mode 1), and
    the number of rooms on that shortest way.

    The shortest ways do not depend on doors (people open closed doors and knock at barricaded
    ones), so they are computed once per plan; what blocks a way during a take is met by
    :mod:`hyosan.building.detour`.
    """
    rooms = room_kind.size
    nh = np.full((2, rooms, rooms), -1, dtype=np.int32)
    hops = np.full((2, rooms, rooms), -1, dtype=np.int32)
    queue = np.zeros(rooms, dtype=np.int64)
    for mode in range(2):
        for tg in range(rooms):
            _next_hops(
                tg, mode, nh, hops, room_kind, room_ptr, room_portal, room_other, room_way, queue
            )
    return nh, hops


def route_tables(
    room_kind: np.ndarray,
    room_ptr: np.ndarray,
    room_portal: np.ndarray,
    room_other: np.ndarray,
    room_way: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`next_hops`, in 16 bits when every hop and count fits (:func:`narrowed`)."""
    nh, hops = next_hops(room_kind, room_ptr, room_portal, room_other, room_way)
    return narrowed(nh), narrowed(hops)


def narrowed(table: np.ndarray) -> np.ndarray:
    """``table`` in 16 bits when its values fit (a plan of up to 16,384 portals): the route
    tables grow with the square of the rooms, 36 MB at 2,120 rooms instead of 72."""
    small = np.iinfo(np.int16)
    if table.size and (table.min() < small.min or table.max() > small.max):
        return table
    return table.astype(np.int16)


@njit(cache=True, inline="always")
def _partner_room(i, lay, folk, census):
    """The room of ``i``'s partner, if they are uninfected-looking, in a room free of zombies."""
    for b in range(folk.bond_ptr[i], folk.bond_ptr[i + 1]):
        if folk.bond_kind[b] != COUPLE:
            continue
        j = folk.bond_to[b]
        q = folk.room[j]
        alive = folk.state[j] == S or folk.state[j] == E
        if alive and lay.room_kind[q] == ROOM and census.zcount[q] == 0 and folk.refused[i] != q:
            return q
    return -1


@njit(cache=True, inline="always")
def _nearest_safe(i, r, lay, folk, census):
    """Breadth-first from ``r``: the nearest room with no zombie that has not refused ``i``,
    passing through halls and zombie-free rooms (ledges only if they dare); -1 for none."""
    census.mark[0] += 1
    mark = census.mark[0]
    queue = census.bfs_q
    seen = census.bfs_seen
    head = 0
    tail = 1
    queue[0] = r
    seen[r] = mark
    while head < tail:
        y = queue[head]
        head += 1
        if y != r and lay.room_kind[y] == ROOM and census.zcount[y] == 0 and folk.refused[i] != y:
            return y
        for e in range(lay.room_ptr[y], lay.room_ptr[y + 1]):
            x = lay.room_other[e]
            if seen[x] == mark:
                continue
            if lay.room_kind[x] == LEDGE_REGION and folk.ledge_ok[i] == 0:
                continue
            if census.zcount[x] > 0 and lay.room_kind[x] != HALL:
                continue
            seen[x] = mark
            queue[tail] = x
            tail += 1
    return -1


@njit(cache=True)
def choose_target(i, r, lay, folk, census):
    """Where an aware person goes: to their partner, with their leader, stay, the nearest safe
    room, else the gate."""
    q = _partner_room(i, lay, folk, census)
    if q >= 0:
        return q
    ld = census.leader[r]
    if ld >= 0 and ld != i:
        tl = folk.target[ld]
        if tl >= 0 and census.zcount[tl] == 0 and folk.refused[i] != tl:
            return tl
    if lay.room_kind[r] == ROOM and census.zcount[r] == 0 and folk.refused[i] != r:
        return r
    q = _nearest_safe(i, r, lay, folk, census)
    if q >= 0:
        return q
    return lay.gate
