"""Zombies that perceive no one: follow the loudest sound through the building, or shuffle."""

from __future__ import annotations

from numba import njit

from hyosan.building.doors import bash, open_for_zombie
from hyosan.building.draws import WANDER, WANDER_NEXT, WANDER_WAY, below, wait
from hyosan.building.navigation import DC, DR, can_step
from hyosan.building.walk import enter, next_cell


@njit(cache=True, inline="always")
def follow_sound(i, r, t, p, lay, folk, world, log):
    """Zombie ``i`` walks toward room ``r``'s loudest way out, bashing what is shut."""
    k = 2 * world.best_portal[r] + world.best_way[r]
    while folk.budget[i] >= 1.0:
        pick, ff, yy, xx, pp = next_cell(i, r, k, folk.pos, lay)
        if pick < 0:
            break
        if pp >= 0 and not open_for_zombie(lay, world, pp):
            bash(i, pp, r, t, p, lay, folk, world, log)
            break
        folk.budget[i] -= p.stair_cost if pick >= 8 else 1.0
        if enter(i, r, ff, yy, xx, lay, folk):
            break


@njit(cache=True, inline="always")
def wander(i, r, p, lay, folk, rng):
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
    m = below(rng, WANDER_WAY, i, 8)
    f = folk.pos[i, 0]
    y = folk.pos[i, 1]
    x = folk.pos[i, 2]
    if can_step(lay.cells, f, y, x, DR[m], DC[m]) and lay.region[f, y + DR[m], x + DC[m]] == r:
        folk.pos[i, 1] = y + DR[m]
        folk.pos[i, 2] = x + DC[m]
