"""Phase ``zombies``: each zombie in index order hunts (chase, then attack), or follows the
loudest sound and bashes what is shut, or shuffles."""

from __future__ import annotations

from numba import njit

from hyosan.building.clock import is_night, masking
from hyosan.building.codes import Z
from hyosan.building.contact import attack
from hyosan.building.draws import BITE, uniform
from hyosan.building.hunt import chase, prey
from hyosan.building.roam import follow_sound, wander


@njit(cache=True, inline="always")
def _top_up(i, k, p, folk):
    """Zombie ``i``'s moves for step ``k``: each step since the last top-up adds its speed
    times ``dt`` to at most one move left over. Idle zombies are topped up only when they
    next need moves; the steps are added one by one (until the sum no longer changes), so the
    budget is what it would be had it been topped up every step."""
    gain = p.zombie_speed * folk.speed[i] * p.dt
    b = folk.budget[i]
    for _ in range(k - folk.budget_at[i]):
        topped = min(b, 1.0) + gain
        if topped == b:
            break
        b = topped
    folk.budget[i] = b
    folk.budget_at[i] = k


@njit(cache=True)
def act(t, p, lay, folk, world, census, log, rng):
    """One step of every zombie (the census's ``zall``: nobody turns after the count). A zombie
    in a room with nobody to hunt and no sound to follow only shuffles now and then; its moves
    wait until it needs them."""
    sight = p.night_sight if is_night(p, t) else p.sight
    mask = masking(p, t)
    k = rng.step[0]
    for q in range(census.n_z[0]):
        i = census.zall[q]
        if folk.state[i] != Z:
            continue
        r = folk.room[i]
        if census.send[r] == census.hstart[r] and world.best_portal[r] < 0:
            wander(i, r, p, lay, folk, world, rng)
            continue
        _top_up(i, k, p, folk)
        j, d = prey(i, r, sight, mask, p, folk, census)
        if j >= 0:
            d = chase(i, r, j, d, p, lay, folk, world)
            if d <= 1 and uniform(rng, BITE, i) < p.bite_chance:
                attack(i, j, r, t, p, folk, world, log, rng)
        elif world.best_portal[r] >= 0:
            follow_sound(i, r, t, p, lay, folk, world, log)
        else:
            wander(i, r, p, lay, folk, world, rng)
