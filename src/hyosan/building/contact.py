"""Phase ``contact`` rules: a zombie's attack and the fight back, an armed person's strike (a
halfbie's hunger is in :mod:`hyosan.building.halfbie`). Who wins is drawn from the contact
stream; what the virus does after, from the virus stream."""

from __future__ import annotations

from numba import njit

from hyosan.building.bodies import gone
from hyosan.building.codes import (
    EV_BITE,
    EV_BLOOD,
    EV_KILL,
    EV_SCRATCH,
    R_BITE,
    R_BLOOD,
    R_SCRATCH,
    D,
    S,
)
from hyosan.building.draws import BLOOD, FIGHT, KILL, SCRATCH, STRIKE, STRIKE_KILL, uniform
from hyosan.building.events import log_event
from hyosan.building.virus import infect


@njit(cache=True, inline="always")
def _odds_fight(p, folk, j):
    """Chance per attack that person ``j`` fights back (a weapon helps)."""
    return p.fight_chance * folk.strength[j] * (1.0 + p.weapon_bonus * folk.weapon[j])


@njit(cache=True, inline="always")
def _odds_kill(p, folk, j, z):
    """Chance a fight of person ``j`` destroys zombie ``z`` (a strong zombie resists)."""
    resist = max(p.toughness_floor, folk.zombie_strength[z] * p.zombie_toughness)
    odds = p.kill_chance * (1.0 + p.weapon_bonus * folk.weapon[j]) * folk.strength[j] / resist
    return min(p.kill_cap, odds)


@njit(cache=True, inline="always")
def _kill(z, by, r, t, folk, world, log):
    gone(z, folk, world)
    folk.state[z] = D
    folk.t_fate[z] = t
    log_event(log, t, EV_KILL, by, z, r, 0)


@njit(cache=True, inline="always")
def _knock_down(z, p, folk):
    """Zombie ``z``, fought off but not destroyed, is down for ``stun`` seconds: its moves go
    negative, so it neither chases nor attacks until they are made up (0: the rule before)."""
    if p.stun > 0.0:
        folk.budget[z] = -p.zombie_speed * folk.speed[z] * p.stun


@njit(cache=True, inline="always")
def attack(i, j, r, t, p, folk, world, log, rng):
    """Zombie ``i`` attacks person ``j``: they may fight back (and kill it, maybe getting its
    blood in a wound, or knock it down); otherwise a scream and, for the uninfected, a bite or
    a scratch. A zombie still down does not attack."""
    if folk.budget[i] < 0.0:
        return
    aware = folk.aware[j] == 1
    if aware and uniform(rng, FIGHT, i) < min(p.fight_cap, _odds_fight(p, folk, j)):
        if uniform(rng, KILL, i) < _odds_kill(p, folk, j, i):
            _kill(i, j, r, t, folk, world, log)
            if folk.state[j] == S and uniform(rng, BLOOD, j) < p.blood_chance:
                infect(j, i, R_BLOOD, folk.halfbie_prone[j], t, p, folk, rng)
                log_event(log, t, EV_BLOOD, i, j, r, R_BLOOD)
        else:
            _knock_down(i, p, folk)
        return
    world.scream[r] += p.noise_scream
    if folk.state[j] == S:
        route = R_SCRATCH if uniform(rng, SCRATCH, j) < p.scratch_chance else R_BITE
        infect(j, i, route, folk.halfbie_prone[j], t, p, folk, rng)
        log_event(log, t, EV_SCRATCH if route == R_SCRATCH else EV_BITE, i, j, r, route)


@njit(cache=True, inline="always")
def strike(i, z, dz, r, t, p, folk, world, log, rng):
    """An aware, armed person next to zombie ``z`` strikes first; True when they fought."""
    armed = z >= 0 and dz <= 1 and folk.aware[i] == 1 and folk.weapon[i] >= p.armed_skill
    if not (armed and uniform(rng, STRIKE, i) < _odds_fight(p, folk, i)):
        return False
    folk.noise[i] = p.noise_run
    if uniform(rng, STRIKE_KILL, i) < _odds_kill(p, folk, i, z):
        _kill(z, i, r, t, folk, world, log)
    else:
        _knock_down(z, p, folk)
    return True
