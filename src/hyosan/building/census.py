"""Phase ``census``: who is in which room, each room's leader, and the zombies cell by cell.

Both are kept only as often as they can change: the room lists are counted again in a step
only when someone's state, room or awareness changed since the last count (in most steps of a
long take nobody did), and the cell grid is built in a step only when a person first searches
a room crowded with zombies. Either way they hold exactly what a count every step would hold.
"""

from __future__ import annotations

from numba import njit

from hyosan.building.choice import lead_score
from hyosan.building.codes import E, H, S, Z

NEAR_SCAN = 24
"""Zombies in a room up to which a person scans them all; beyond, the cells around them.
Only a matter of speed: both searches pick the same zombie."""


@njit(cache=True, inline="always")
def _count(p, folk, census):
    """Head counts per room (people, aware people, zombies) and the rooms' leaders (the
    highest lead score; the first in index order on a tie)."""
    census.hcount[:] = 0
    census.zcount[:] = 0
    census.acount[:] = 0
    census.leader[:] = -1
    census.fill[:] = 0
    n_z = 0
    for i in range(folk.state.size):
        s = folk.state[i]
        r = folk.room[i]
        if s in (S, E):
            census.hcount[r] += 1
            if s == S:
                census.fill[r] += 1
            if folk.aware[i] == 1:
                census.acount[r] += 1
                score = lead_score(i, p, folk)
                if census.leader[r] < 0 or score > census.lead_score[r]:
                    census.leader[r] = i
                    census.lead_score[r] = score
        elif s == Z:
            census.zcount[r] += 1
            census.zall[n_z] = i
            n_z += 1
    census.n_z[0] = n_z


@njit(cache=True, inline="always")
def _starts(census):
    """Where each room's uninfected, infected and zombies begin in the lists."""
    census.hstart[0] = 0
    census.zstart[0] = 0
    zmax = 0
    for r in range(census.hcount.size):
        census.hstart[r + 1] = census.hstart[r] + census.hcount[r]
        census.zstart[r + 1] = census.zstart[r] + census.zcount[r]
        zmax = max(zmax, census.zcount[r])
        census.send[r] = census.hstart[r] + census.fill[r]
        census.fill[r] = census.hstart[r]
        census.efill[r] = census.send[r]
        census.zfill[r] = census.zstart[r]
    census.zmax[0] = zmax


@njit(cache=True, inline="always")
def _unchanged(folk, census):
    """Whether everyone's state, room and awareness are as at the last count (a full pass
    without early exit, which the compiler turns into vector compares)."""
    same = True
    for i in range(folk.state.size):
        same &= folk.state[i] == census.was_state[i]
        same &= folk.room[i] == census.was_room[i]
        same &= folk.aware[i] == census.was_aware[i]
    return same


@njit(cache=True)
def count(t, p, lay, folk, world, census, log, rng):
    """List the people of each room (uninfected first) and its zombies, all in index order, and
    everyone alive in ``live``; nothing to do when nobody changed since the last count."""
    if _unchanged(folk, census):
        return
    _count(p, folk, census)
    _starts(census)
    n_live = 0
    for i in range(folk.state.size):
        s = folk.state[i]
        r = folk.room[i]
        census.was_state[i] = s
        census.was_room[i] = r
        census.was_aware[i] = folk.aware[i]
        if s == S:
            census.hlist[census.fill[r]] = i
            census.fill[r] += 1
        elif s == E:
            census.hlist[census.efill[r]] = i
            census.efill[r] += 1
        elif s == Z:
            census.zlist[census.zfill[r]] = i
            census.zfill[r] += 1
            census.zroom[i] = r
        if s in (S, E, H):
            census.live[n_live] = i
            n_live += 1
    census.n_live[0] = n_live
    census.stale[0] = 1


@njit(cache=True)
def zombie_grid(t, p, lay, folk, world, census, log, rng):
    """The zombies have moved: the cell grid is out of date until a search builds it again
    (:func:`_build_grid`). Zombies do not move from here to the end of the people's phase,
    so a grid built then is the grid built here."""
    census.grid_ok[0] = 0


@njit(cache=True, inline="always")
def _build_grid(folk, census):
    """List the standing zombies by cell, lowest index first.

    ``zhead`` holds a cell's first zombie (-1 for none) and ``znext`` the next one in that cell;
    the cells the previous build filled are cleared first, so no build pays for the whole grid.
    """
    census.grid_ok[0] = 1
    _, rows, cols = census.zhead.shape
    flat = census.zhead.reshape(-1)
    for q in range(census.n_used[0]):
        flat[census.zused[q]] = -1
    n_used = 0
    for q in range(census.n_z[0] - 1, -1, -1):
        j = census.zall[q]
        if folk.state[j] != Z:
            continue
        c = (folk.pos[j, 0] * rows + folk.pos[j, 1]) * cols + folk.pos[j, 2]
        if flat[c] == -1:
            census.zused[n_used] = c
            n_used += 1
        census.znext[j] = flat[c]
        flat[c] = j
    census.n_used[0] = n_used


@njit(cache=True, inline="always")
def _first_in_cell(census, state, r, f, y, x):
    """The lowest-index standing zombie of room ``r`` in cell (f, y, x), or -1."""
    j = census.zhead[f, y, x]
    while j >= 0 and (state[j] != Z or census.zroom[j] != r):
        j = census.znext[j]
    return j


@njit(cache=True, inline="always")
def _nearest_by_rings(i, r, folk, census, radius):
    """The lowest index among the zombies of room ``r`` at distance 1 or less from ``i``, else
    among the nearest, searched ring by ring up to ``radius``; (-1, 1 << 30) when none."""
    if census.grid_ok[0] == 0:
        _build_grid(folk, census)
    _, rows, cols = census.zhead.shape
    f = folk.pos[i, 0]
    y = folk.pos[i, 1]
    x = folk.pos[i, 2]
    best = -1
    bestd = 1 << 30
    for d in range(radius + 1):
        for yy in range(max(0, y - d), min(rows - 1, y + d) + 1):
            # A ring's top and bottom rows whole; between them only its two sides.
            step = 1 if yy == y - d or yy == y + d else 2 * d
            for xx in range(x - d, x + d + 1, step):
                if xx < 0 or xx >= cols:
                    continue
                j = _first_in_cell(census, folk.state, r, f, yy, xx)
                if j >= 0 and (best < 0 or j < best):
                    best = j
                    bestd = d
        if best >= 0 and d >= 1:
            break
    return best, bestd


@njit(cache=True, inline="always")
def cheb(pos, i, j):
    """Chebyshev distance of two agents; a large number on different floors."""
    if pos[i, 0] != pos[j, 0]:
        return 1000
    return max(abs(pos[i, 1] - pos[j, 1]), abs(pos[i, 2] - pos[j, 2]))


@njit(cache=True, inline="always")
def nearest_zombie(i, r, p, folk, census):
    """The zombie in room ``r`` nearest to person ``i`` (the first one next to them) and its
    distance; (-1, 1 << 30) for none (beyond ``flee_radius`` in a crowded room)."""
    if census.zstart[r + 1] - census.zstart[r] > NEAR_SCAN:
        return _nearest_by_rings(i, r, folk, census, p.flee_radius)
    zj = -1
    dz = 1 << 30
    for q in range(census.zstart[r], census.zstart[r + 1]):
        j = census.zlist[q]
        if folk.state[j] != Z:
            continue
        d = cheb(folk.pos, i, j)
        if d < dz:
            dz = d
            zj = j
            if d <= 1:
                break
    return zj, dz
