"""Phase ``zombies``: each zombie in index order hunts (chase, then attack), or follows the
loudest sound and bashes what is shut, or shuffles."""

from __future__ import annotations

from numba import njit

from hyosan.building.clock import is_night, masking
from hyosan.building.codes import Z
from hyosan.building.contact import attack
from hyosan.building.hunt import chase, prey
from hyosan.building.roam import follow_sound, wander


@njit(cache=True)
def act(t, p, lay, folk, world, census, log, rng):
    """One step of every zombie (the census's ``zall``: nobody turns after the count)."""
    sight = p.night_sight if is_night(p, t) else p.sight
    mask = masking(p, t)
    for q in range(census.n_z[0]):
        i = census.zall[q]
        if folk.state[i] != Z:
            continue
        r = folk.room[i]
        folk.budget[i] = min(folk.budget[i], 1.0) + p.zombie_speed * folk.speed[i] * p.dt
        j, d = prey(i, r, sight, mask, p, folk, census)
        if j >= 0:
            d = chase(i, r, j, d, lay, folk)
            if d <= 1 and rng.contact.random() < p.bite_chance:
                attack(i, j, r, t, p, folk, world, log, rng)
        elif world.best_portal[r] >= 0:
            follow_sound(i, r, t, p, lay, folk, world, log)
        else:
            wander(i, r, p, lay, folk, rng.movement)
