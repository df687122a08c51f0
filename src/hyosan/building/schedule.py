"""Phase ``schedule``: the scenario's events — storm, alarm, decoys, the cordon, the rescue, the
quarantine camp, word of the strike and the strike.

Soldiers and helicopter crews look (``world.screening``): the visibly infected (a bite seen, or
signs) are refused — shot at the gate with chance ``cordon_shoot``, else sent back — and a halfbie
passes unless caught (``halfbies.detect``); a helicopter may not land (``rescue_fail``) and
seats ``rescue_seats``.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from hyosan.building.bodies import gone
from hyosan.building.clock import storm_on, warned
from hyosan.building.codes import (
    EV_ALARM,
    EV_CAMP,
    EV_CORDON,
    EV_DECOY,
    EV_NO_LANDING,
    EV_REFUSED,
    EV_RESCUE,
    EV_SHOT,
    EV_STORM,
    EV_STRIKE,
    EV_WARNING,
    D,
    E,
    H,
    S,
    V,
    Z,
)
from hyosan.building.draws import (
    ADMIT,
    CAUGHT,
    CORDON_KILL,
    NO_LANDING,
    SEAT,
    SHOOT,
    below,
    uniform,
)
from hyosan.building.events import log_event
from hyosan.building.expel import known
from hyosan.building.plan import HALL


@njit(cache=True, inline="always")
def _begins(now, before, k):
    """Whether something that holds ``now`` begins at step ``k``: it did not hold ``before``,
    at the step before (at the first step, it begins)."""
    return now and (k == 0 or not before)


@njit(cache=True)
def announce(t, p, lay, folk, world, census, log, rng):
    """The storm breaks; the speakers call the alarm once enough have turned (or for a fire
    drill); decoys start; word of the strike comes. Each is told at the step it begins."""
    k = rng.step[0]
    was = (k - 1) * p.dt
    if _begins(storm_on(p, t), storm_on(p, was), k):
        log_event(log, t, EV_STORM, -1, -1, -1, 0)
    if _begins(warned(p, t), warned(p, was), k):
        log_event(log, t, EV_WARNING, -1, -1, -1, 0)
    zombies = census.n_z[0] >= p.alarm_zombies and p.alarm_zombies > 0
    if world.alarm[0] == 0 and (zombies or t >= p.drill_at):
        world.alarm[0] = 1
        log_event(log, t, EV_ALARM, -1, -1, -1, 0)
        for r in range(lay.room_kind.size):
            if lay.room_kind[r] == HALL:
                world.scream[r] += p.alarm_loudness
    for d in range(world.decoy_room.size):
        t0, t1 = world.decoy_t0[d], world.decoy_t1[d]
        if _begins(t0 <= t < t1, t0 <= was < t1, k):
            log_event(log, t, EV_DECOY, -1, -1, world.decoy_room[d], 0)


@njit(cache=True, inline="always")
def caught(i, p, folk, rng):
    """Whether a look at person ``i`` finds them infected: a bite seen or signs; a halfbie
    with chance ``halfbie_detect``. Nobody is caught when ``screening`` is off."""
    if p.screening <= 0.0:
        return False
    return known(i, folk) or (folk.state[i] == H and uniform(rng, CAUGHT, i) < p.halfbie_detect)


@njit(cache=True)
def _refuse(i, r, t, p, folk, world, log, rng):
    """Soldiers refuse person ``i`` at the gate: shot with chance ``cordon_shoot``, else sent
    back (they may try again)."""
    if uniform(rng, SHOOT, i) < p.cordon_shoot:
        gone(i, folk, world)
        folk.state[i] = D
        folk.t_fate[i] = t
        log_event(log, t, EV_SHOT, -1, i, r, 0)
    else:
        folk.target[i] = -1
        folk.refused[i] = r
        log_event(log, t, EV_REFUSED, -1, i, r, 0)


@njit(cache=True, inline="always")
def admit(i, r, t, p, lay, folk, world, log, rng):
    """A person waiting at the gate, or on the hills on their way to the quarantine camp: the
    soldiers check them and take them in, or refuse them."""
    if r == lay.gate and t >= p.cordon_at:
        rate, event = p.cordon_admit, EV_CORDON
    elif r == lay.hills:
        rate, event = p.camp_admit, EV_CAMP
    else:
        return
    if uniform(rng, ADMIT, i) < rate * p.dt:
        if caught(i, p, folk, rng):
            _refuse(i, r, t, p, folk, world, log, rng)
            return
        gone(i, folk, world)
        folk.state[i] = V
        folk.t_fate[i] = t
        log_event(log, t, event, -1, i, r, 0)


@njit(cache=True)
def strike(t, p, lay, folk, world, census, log, rng):
    """The city is struck at ``strike_at``: whoever is still in the zone — every human,
    halfbie and zombie not yet taken out — dies."""
    if t < p.strike_at or world.struck[0] == 1:
        return
    world.struck[0] = 1
    for i in range(folk.state.size):
        if folk.state[i] in (S, E, Z, H):
            gone(i, folk, world)
            folk.state[i] = D
            folk.t_fate[i] = t
            log_event(log, t, EV_STRIKE, -1, i, folk.room[i], 0)


@njit(cache=True)
def cordon(t, p, lay, folk, world, census, log, rng):
    """Soldiers at the gate shoot the zombies there."""
    gate = lay.gate
    if t < p.cordon_at or gate < 0:
        return
    for q in range(census.zstart[gate], census.zstart[gate + 1]):
        j = census.zlist[q]
        if folk.state[j] == Z and uniform(rng, CORDON_KILL, j) < p.cordon_kill * p.dt:
            gone(j, folk, world)
            folk.state[j] = D
            folk.t_fate[j] = t
            log_event(log, t, EV_SHOT, -1, j, gate, 0)


@njit(cache=True, inline="always")
def _lift(t, p, roof, folk, world, log, rng):
    """The crew takes whom they see on the roof and pass their look, at most ``rescue_seats``
    of them, drawn at random when there are more."""
    board = np.empty(folk.state.size, dtype=np.int64)
    n = 0
    for i in range(folk.state.size):
        if folk.room[i] == roof and folk.state[i] in (S, E, H) and not caught(i, p, folk, rng):
            board[n] = i
            n += 1
    for k in range(min(n, p.rescue_seats)):
        pick = k + below(rng, SEAT, k, n - k) if n > p.rescue_seats else k
        board[k], board[pick] = board[pick], board[k]
        i = board[k]
        gone(i, folk, world)
        folk.state[i] = V
        folk.t_fate[i] = t
        log_event(log, t, EV_RESCUE, -1, i, roof, 0)


@njit(cache=True)
def rescue(t, p, lay, folk, world, census, log, rng):
    """A helicopter lands on the roof, unless it fails (``rescue_fail``), and lifts whom the
    crew take (:func:`_lift`)."""
    roof = lay.roof
    for q in range(world.rescue_t.size):
        if world.rescue_done[q] == 1 or t < world.rescue_t[q] or roof < 0:
            continue
        world.rescue_done[q] = 1
        if p.rescue_fail > 0.0 and uniform(rng, NO_LANDING, q) < p.rescue_fail:
            log_event(log, t, EV_NO_LANDING, -1, -1, roof, 0)
            continue
        _lift(t, p, roof, folk, world, log, rng)
