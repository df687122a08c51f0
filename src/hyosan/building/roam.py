"""Zombies that perceive no one: follow the loudest sound through the building, or shuffle."""

from __future__ import annotations

from numba import njit

from hyosan.building.doors import bash, open_for_zombie
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
    """Now and then an idle zombie shuffles a metre within its room."""
    if rng.random() >= p.wander_chance:
        return
    m = rng.integers(0, 8)
    f = folk.pos[i, 0]
    y = folk.pos[i, 1]
    x = folk.pos[i, 2]
    if can_step(lay.cells, f, y, x, DR[m], DC[m]) and lay.region[f, y + DR[m], x + DC[m]] == r:
        folk.pos[i, 1] = y + DR[m]
        folk.pos[i, 2] = x + DC[m]
