"""A halfbie's own rules: an urge that grows, keeping away from friends, hunting, the hunger's
bite — and the person who fights a halfbie off, and may kill them.

The urge is ``(1 - self_control) × (1 + hunger_growth × hours as a halfbie)``: it sets the
chance of a bite, and from ``leave_at`` the halfbie leaves a room they share with a friend,
from ``hunt_at`` runs at the nearest person. Zombies ignore halfbies (:func:`hyosan.building.
hunt.prey` hunts only the uninfected), so none of this looks at zombies.
"""

from __future__ import annotations

from numba import njit

from hyosan.building.bodies import gone
from hyosan.building.census import cheb
from hyosan.building.codes import BULLY, EV_BITE, EV_KEEP_AWAY, EV_KILL, R_BITE, D, H, S
from hyosan.building.draws import FOUGHT_OFF, HALFBIE_KILL, HUNGER, uniform
from hyosan.building.events import log_event
from hyosan.building.expel import way_out
from hyosan.building.hunt import chase, prey
from hyosan.building.plan import ROOM
from hyosan.building.virus import infect
from hyosan.building.walk import topped_up

ANYWHERE = 1 << 20
"""A sight (metres) that covers any room: a hunting halfbie sees everyone in theirs."""


@njit(cache=True, inline="always")
def urge(i, t, p, folk):
    """How hard halfbie ``i``'s hunger pushes now (0 with full self-control)."""
    hours = max(0.0, t - folk.t_fate[i]) / 3600.0
    return (1.0 - folk.self_control[i]) * (1.0 + p.hunger_growth * hours)


@njit(cache=True, inline="always")
def _fought_off(j, i, r, t, p, folk, world, log, rng):
    """Person ``j``, attacked by halfbie ``i``, may fight (``fight_back`` × their usual chance)
    and kill them (a halfbie resists as ``halfbie_strength`` × their strength); True if fought."""
    if p.fight_back <= 0.0 or folk.aware[j] == 0:
        return False
    armed = 1.0 + p.weapon_bonus * folk.weapon[j]
    fight = p.fight_back * p.fight_chance * folk.strength[j] * armed
    if uniform(rng, FOUGHT_OFF, i) >= min(p.fight_cap, fight):
        return False
    resist = max(p.toughness_floor, folk.strength[i] * p.halfbie_strength * p.zombie_toughness)
    if uniform(rng, HALFBIE_KILL, i) < min(
        p.kill_cap, p.kill_chance * armed * folk.strength[j] / resist
    ):
        gone(i, folk, world)
        folk.state[i] = D
        folk.t_fate[i] = t
        log_event(log, t, EV_KILL, j, i, r, 0)
    return True


@njit(cache=True, inline="always")
def hunger(i, r, t, u, p, folk, world, census, log, rng):
    """Halfbie ``i`` with urge ``u`` may give in and bite a person next to them, who may fight
    them off; their bite makes a halfbie at least ``halfbie_bite_halfbie`` of the time."""
    if uniform(rng, HUNGER, i) >= u * p.halfbie_hunger * p.dt:
        return
    for q in range(census.hstart[r], census.hstart[r + 1]):
        j = census.hlist[q]
        if folk.state[j] == S and cheb(folk.pos, i, j) <= 1:
            if _fought_off(j, i, r, t, p, folk, world, log, rng):
                return
            chance = max(folk.halfbie_prone[j], p.halfbie_bite_halfbie)
            infect(j, i, R_BITE, chance, t, p, folk, rng)
            world.scream[r] += p.noise_scream
            log_event(log, t, EV_BITE, i, j, r, R_BITE)
            return


@njit(cache=True, inline="always")
def _keep_away(i, r, t, lay, folk, log):
    """Halfbie ``i`` leaves room ``r`` when a friend or partner (not a bully's bond) is in it."""
    if lay.room_kind[r] != ROOM:
        return
    for b in range(folk.bond_ptr[i], folk.bond_ptr[i + 1]):
        j = folk.bond_to[b]
        if folk.bond_kind[b] != BULLY and folk.state[j] == S and folk.room[j] == r:
            out = way_out(r, lay)
            if out >= 0:
                folk.target[i] = out
                folk.refused[i] = r
                log_event(log, t, EV_KEEP_AWAY, i, j, r, 0)
            return


@njit(cache=True, inline="always")
def _hunt(i, r, p, lay, folk, world, census):
    """Run at the nearest uninfected person in the room; True when there was one."""
    j, d = prey(i, r, ANYWHERE, 0.0, p, folk, census)
    if j < 0:
        return False
    folk.budget[i] = topped_up(folk.budget[i], p.run_speed * folk.speed[i], p)
    folk.noise[i] = p.noise_run
    chase(i, r, j, d, p, lay, folk, world)
    return True


@njit(cache=True)
def act(i, r, t, p, lay, folk, world, census, log, rng):
    """Halfbie ``i``'s own step before the people's rules: hunt, keep away, the hunger's bite.
    True when they hunted, or were killed biting (their step is spent)."""
    folk.aware[i] = 1
    u = urge(i, t, p, folk)
    hunting = u >= p.hunt_at and _hunt(i, r, p, lay, folk, world, census)
    if not hunting and u >= p.leave_at:
        _keep_away(i, r, t, lay, folk, log)
    hunger(i, r, t, u, p, folk, world, census, log, rng)
    return hunting or folk.state[i] != H
