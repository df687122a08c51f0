"""Steps on the grid: down a navigation field, toward or away from someone, off a doorway."""

from __future__ import annotations

from numba import njit

from hyosan.building.bodies import place, room_at, slow_into
from hyosan.building.navigation import DC, DR, can_step, fdist, field_move


@njit(cache=True, inline="always")
def topped_up(b, pace, p):
    """Moves after a step's top-up: what is left of ``b`` (at most one move carried over) plus
    ``pace`` metres a second for ``dt``. The people's and halfbies' turns top up with it, and
    the rest check compares against it, so a rest skips exactly what a turn would write."""
    return min(b, 1.0) + pace * p.dt


@njit(cache=True, inline="always")
def after(pick, f, y, x):
    """The cell a move leads to."""
    if pick >= 8:
        return (f - 1 if pick == 8 else f + 1), y, x
    return f, y + DR[pick], x + DC[pick]


@njit(cache=True, inline="always")
def toward(dy, dx):
    """The move (index into DR, DC) one cell toward an offset."""
    sy = (dy > 0) - (dy < 0)
    sx = (dx > 0) - (dx < 0)
    return (sy + 1) * 3 + (sx + 1) - (1 if (sy + 1) * 3 + (sx + 1) > 4 else 0)


@njit(cache=True, inline="always")
def best_neighbour(i, r, j, dj, sign, off_portals, pos, lay, world):
    """The first of agent ``i``'s open neighbour cells in room ``r`` with room for them,
    farther from agent ``j`` (``sign`` 1) or nearer to them (-1) than any other and than
    ``dj``, and that distance; -1 when none. With ``off_portals`` door and window cells do not
    count.
    """
    f = pos[i, 0]
    y = pos[i, 1]
    x = pos[i, 2]
    pick = -1
    pickd = dj
    for m in range(8):
        if not can_step(lay.cells, f, y, x, DR[m], DC[m]):
            continue
        yy = y + DR[m]
        xx = x + DC[m]
        if lay.region[f, yy, xx] != r or (off_portals and lay.portal_at[f, yy, xx] >= 0):
            continue
        if not room_at(world, f, yy, xx):
            continue
        dd = max(abs(yy - pos[j, 1]), abs(xx - pos[j, 2]))
        if (dd - pickd) * sign > 0:
            pickd = dd
            pick = m
    return pick, pickd


@njit(cache=True, inline="always")
def step_into(i, r, m, lay, folk, world):
    """Agent ``i`` takes planar move ``m`` when it lands on a cell of room ``r`` with room for
    them; whether they did."""
    f = folk.pos[i, 0]
    y = folk.pos[i, 1]
    x = folk.pos[i, 2]
    yy = y + DR[m]
    xx = x + DC[m]
    if (
        can_step(lay.cells, f, y, x, DR[m], DC[m])
        and lay.region[f, yy, xx] == r
        and room_at(world, f, yy, xx)
    ):
        place(i, f, yy, xx, lay, folk, world)
        return True
    return False


@njit(cache=True, inline="always")
def around(i, r, k, pick, pp, lay, folk, world):
    """The cell ahead down field ``k`` is full: step aside (not on stairs nor into a doorway,
    :func:`side_step`) and pay for it; whether they did (else they wait)."""
    aside = 0.0 if pick >= 8 or pp >= 0 else side_step(i, r, k, lay, folk, world)
    folk.budget[i] -= aside
    return aside > 0.0


@njit(cache=True, inline="always")
def step_home_region(i, r, lay, folk, world):
    """Step off a portal cell into the agent's own room when no field covers it (onto a cell
    with room for them; they wait when there is none)."""
    for m in range(8):
        if step_into(i, r, m, lay, folk, world):
            return


@njit(cache=True, inline="always")
def next_cell(i, r, k, lay, folk, world):
    """Agent ``i``'s next move down field ``k`` from room ``r``: (move, floor, row, col, portal
    there or -1); a negative move when they have arrived, or are outside the field (then they
    first step back into their room's region)."""
    f = folk.pos[i, 0]
    y = folk.pos[i, 1]
    x = folk.pos[i, 2]
    pick = field_move(lay, k, f, y, x)
    if pick < 0:
        if pick == -2:
            step_home_region(i, r, lay, folk, world)
        return pick, f, y, x, -1
    ff, yy, xx = after(pick, f, y, x)
    return pick, ff, yy, xx, lay.portal_at[ff, yy, xx]


@njit(cache=True, inline="always")
def side_step(i, r, k, lay, folk, world):
    """The next cell down field ``k`` is full: step onto another cell of room ``r`` that is
    nearer along the field and has room; the step's cost in metres (slowed by the crowd, as
    :func:`~hyosan.building.bodies.slow_into`), 0 when there is none (they wait)."""
    f = folk.pos[i, 0]
    y = folk.pos[i, 1]
    x = folk.pos[i, 2]
    best = fdist(lay, k, f, y, x)
    pick = -1
    for m in range(8):
        yy = y + DR[m]
        xx = x + DC[m]
        if not can_step(lay.cells, f, y, x, DR[m], DC[m]) or lay.region[f, yy, xx] != r:
            continue
        d = fdist(lay, k, f, yy, xx)
        if d < best and room_at(world, f, yy, xx):
            best = d
            pick = m
    if pick < 0:
        return 0.0
    cost = slow_into(f, y, x, f, y + DR[pick], x + DC[pick], lay, world)
    place(i, f, y + DR[pick], x + DC[pick], lay, folk, world)
    return cost


@njit(cache=True, inline="always")
def enter(i, r, ff, yy, xx, lay, folk, world):
    """Put agent ``i`` on cell (ff, yy, xx) and in its room; True when that is not room ``r``."""
    place(i, ff, yy, xx, lay, folk, world)
    g = lay.region[ff, yy, xx]
    if g < 0:
        at_doorway(i, folk)
        return False
    folk.room[i] = g
    return g != r


@njit(cache=True, inline="always")
def at_doorway(i, folk):
    """List agent ``i``, who stepped onto a portal cell (region -1), for the doorway phase:
    no other move (a shuffle, a chase, a step home) ends on one."""
    if folk.in_door[i] == 0:
        folk.in_door[i] = 1
        folk.door_list[folk.door_n[0]] = i
        folk.door_n[0] += 1
