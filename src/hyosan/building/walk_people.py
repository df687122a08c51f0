"""People walking down a field to the next portal: they open doors, knock at barricades held
from the other side, pull aside their own room's barricade to leave, climb through windows — a
doorway lets ``door_flow`` people a second through for each metre of its width, a window
``window_flow`` and a metre of stairs ``stair_flow``, and the crowd behind waits (the jam is
told); a step out of the building into open ground is logged as an exit."""

from __future__ import annotations

from numba import njit

from hyosan.building.bodies import (
    affords,
    door_open_to,
    door_passed,
    room_at,
    slow_into,
    stair_open,
)
from hyosan.building.codes import EV_EXIT, EV_JAM, EV_UNBARRICADE
from hyosan.building.doors import held_against, knock, unsealed
from hyosan.building.doorway import choose
from hyosan.building.events import log_count, log_event
from hyosan.building.plan import WINDOW
from hyosan.building.routes import far_side
from hyosan.building.walk import around, enter, next_cell

JAM_TOLD = 5
"""People held back at a doorway in one step from whom a jam is told in the event log."""
JAM_EVERY = 600.0
"""Seconds between two jams told at the same doorway."""


@njit(cache=True, inline="always")
def _through(i, r, k, t, p, lay, folk, world, census, log, rng):
    """Person ``i`` at portal ``k`` from room ``r``: False when a barricade stops them."""
    other = far_side(k, r, lay)
    if held_against(k, other, world):
        return knock(i, r, other, t, p, folk, census, log, rng)
    if world.barricade[k] > 0 and world.bar_side[k] == r:
        # Leaving: the desks are pulled aside (and can be piled up again).
        world.barricade[k] = 0.0
        world.built[k] = 0.0
        unsealed(k, lay, world)
        log_event(log, t, EV_UNBARRICADE, i, -1, r, 0)
    return True


@njit(cache=True, inline="always")
def _held_back(i, r, k, t, p, world, log):
    """Portal ``k``'s flow is spent this step: person ``i`` waits behind it. A crowd of
    ``JAM_TOLD`` waiting there is told as a jam, at most once every ``JAM_EVERY`` seconds."""
    if world.door_wait[k] >= JAM_TOLD and t - world.jam_t[k] >= JAM_EVERY:
        world.jam_t[k] = t
        log_count(log, t, EV_JAM, i, r, world.door_wait[k])


@njit(cache=True, inline="always")
def move_cost(pick, ff, yy, xx, p, lay):
    """Metres of level walking the next move costs: a storey of stairs up or down, a window's
    climb, else one."""
    if pick >= 8:
        return p.stair_up_cost if pick == 9 else p.stair_cost
    if lay.cells[ff, yy, xx] == WINDOW:
        return 1.0 + p.window_cost
    return 1.0


@njit(cache=True, inline="always")
def _gate(i, r, move, t, p, lay, folk, world, census, log, rng):
    """Whether the next move (``next_cell``'s move, floor, row, col, portal) gets through: a
    doorway's, window's or stair's flow not spent, and no barricade held against them."""
    pick, ff, yy, xx, pp = move
    if pick >= 8:
        return stair_open(
            folk.pos[i, 0], folk.pos[i, 1], folk.pos[i, 2], pick == 9, t, p, lay, world
        )
    if pp < 0:
        return True
    if not door_open_to(pp, lay.cells[ff, yy, xx] == WINDOW, t, p, world):
        _held_back(i, r, pp, t, p, world, log)
        return False
    if not _through(i, r, pp, t, p, lay, folk, world, census, log, rng):
        return False
    door_passed(pp, p, world)
    return True


@njit(cache=True, inline="always")
def _out(i, r, pp, t, lay, folk, log):
    """Person ``i`` stepped from room ``r`` into open ground on the lowest floor, through
    door or window ``pp`` (-1: an opening): they left the building. The event's count is the
    portal, or -1 - r for an opening out of room ``r``."""
    g = folk.room[i]
    if lay.outdoors[g] == 1 and lay.outdoors[r] == 0:
        log_count(log, t, EV_EXIT, i, g, pp if pp >= 0 else -1 - r)


@njit(cache=True, inline="always")
def walk(i, r, k, t, p, lay, folk, world, census, log, rng):
    """Walk down field ``k`` while moves last, stopping on entering another room: through the
    nearest of the doors to the same room (:func:`~hyosan.building.doorway.choose`), slowed by
    the crowd around them, round a full cell or waiting behind it, and behind a doorway,
    window or stair whose flow is spent (:mod:`hyosan.building.bodies`)."""
    k = choose(i, r, k, p, lay, folk, world)
    moved = False
    while folk.budget[i] >= 1.0:
        here = lay.portal_at[folk.pos[i, 0], folk.pos[i, 1], folk.pos[i, 2]]
        pick, ff, yy, xx, pp = next_cell(i, r, k, lay, folk, world)
        if pick < 0:
            break
        if not room_at(world, ff, yy, xx):
            if not around(i, r, k, pick, pp, lay, folk, world):
                break
            moved = True
            continue
        f = folk.pos[i, 0]
        slow = slow_into(f, folk.pos[i, 1], folk.pos[i, 2], ff, yy, xx, lay, world)
        cost = move_cost(pick, ff, yy, xx, p, lay) * slow
        if p.bodies == 1 and not affords(cost, moved, folk.budget[i]):
            break
        if not _gate(i, r, (pick, ff, yy, xx, pp), t, p, lay, folk, world, census, log, rng):
            break
        if p.bodies == 0 and folk.budget[i] < cost:
            break
        folk.budget[i] -= cost
        moved = True
        if pp >= 0:
            world.door_occ[pp] = 1
        if enter(i, r, ff, yy, xx, lay, folk, world):
            folk.came_by[i] = k // 2
            _out(i, r, pp if pp >= 0 else here, t, lay, folk, log)
            break
