"""Zombies that perceive no one: follow the loudest sound through the building, or shuffle."""

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
from hyosan.building.doors import bash, open_for_zombie
from hyosan.building.draws import WANDER, WANDER_NEXT, WANDER_WAY, below, wait
from hyosan.building.plan import WINDOW_PORTAL
from hyosan.building.walk import around, enter, next_cell, step_into


@njit(cache=True, inline="always")
def _passes(i, pick, pp, t, p, lay, folk, world):
    """Whether zombie ``i``'s next move gets through: a doorway's or stair's flow not spent
    (a herd pours through a broken door no faster than a crowd of people)."""
    if pick >= 8:
        f = folk.pos[i, 0]
        return stair_open(f, folk.pos[i, 1], folk.pos[i, 2], pick == 9, t, p, lay, world)
    if pp < 0:
        return True
    if not door_open_to(pp, lay.portal_kind[pp] == WINDOW_PORTAL, t, p, world):
        return False
    door_passed(pp, p, world)
    return True


@njit(cache=True, inline="always")
def follow_sound(i, r, t, p, lay, folk, world, log):
    """Zombie ``i`` walks toward room ``r``'s loudest way out, bashing what is shut; slowed by
    the crowd, round a full cell or behind it (:mod:`hyosan.building.bodies`)."""
    k = 2 * world.best_portal[r] + world.best_way[r]
    moved = False
    while folk.budget[i] >= 1.0:
        pick, ff, yy, xx, pp = next_cell(i, r, k, lay, folk, world)
        if pick < 0:
            break
        if pp >= 0 and not open_for_zombie(lay, world, pp):
            bash(i, pp, r, t, p, lay, folk, world, log)
            break
        if not room_at(world, ff, yy, xx):
            if not around(i, r, k, pick, pp, lay, folk, world):
                break
            moved = True
            continue
        slow = slow_into(folk.pos[i, 0], folk.pos[i, 1], folk.pos[i, 2], ff, yy, xx, lay, world)
        cost = 1.0
        if pick >= 8:
            cost = p.stair_up_cost if pick == 9 else p.stair_cost
        if p.bodies == 1 and not affords(cost * slow, moved, folk.budget[i]):
            break
        if not _passes(i, pick, pp, t, p, lay, folk, world):
            break
        folk.budget[i] -= cost * slow
        moved = True
        if enter(i, r, ff, yy, xx, lay, folk, world):
            break


@njit(cache=True, inline="always")
def wander(i, r, p, lay, folk, world, rng):
    """Now and then an idle zombie shuffles a metre within its room: with chance
    ``wander_chance`` a step, independently. The steps to the next shuffle are drawn once
    (geometric); a wait drawn before the zombie was last busy and since passed is drawn anew
    from this step, so no step shuffles more often than the chance says."""
    k = rng.step[0]
    if folk.shuffle_at[i] < k:
        folk.shuffle_at[i] = k - 1 + wait(rng, WANDER, i, p.wander_chance)
    if folk.shuffle_at[i] != k:
        return
    folk.shuffle_at[i] = k + wait(rng, WANDER_NEXT, i, p.wander_chance)
    step_into(i, r, below(rng, WANDER_WAY, i, 8), lay, folk, world)
