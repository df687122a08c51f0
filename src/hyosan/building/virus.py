"""Phase ``virus``: the infected show signs and turn; how long turning takes by route."""

from __future__ import annotations

import numpy as np
from numba import njit

from hyosan.building.codes import EV_HALFBIE, EV_SIGNS, EV_TURN, R_ANIMAL, R_BITE, E, H, Z
from hyosan.building.draws import HIDES, SEVERITY, TURN, WILL_HALFBIE, normal_nth, uniform
from hyosan.building.events import log_event
from hyosan.building.expel import expel, watched


@njit(cache=True, inline="always")
def time_to_turn(route, p, severity, z):
    """Seconds from infection to turning, log-normal by route with standard normal ``z``; a
    worse bite turns faster."""
    if route == R_BITE:
        med = p.bite_median * np.exp(-p.severity_effect * (severity - 0.5))
        return med * np.exp(p.bite_sd * z)
    if route == R_ANIMAL:
        return p.animal_median * np.exp(p.animal_sd * z)
    return p.scratch_median * np.exp(p.scratch_sd * z)


@njit(cache=True, inline="always")
def infect(j, by, route, chance, t, p, folk, rng):
    """Infect person ``j`` at ``t``: when they will turn, and whether into a halfbie."""
    folk.state[j] = E
    folk.t_infect[j] = t
    folk.t_fate[j] = t
    severity = uniform(rng, SEVERITY, j)
    folk.t_turn[j] = t + time_to_turn(route, p, severity, normal_nth(rng, TURN, j, 0))
    folk.route[j] = route
    folk.infector[j] = by
    folk.will_halfbie[j] = 1 if uniform(rng, WILL_HALFBIE, j) < chance else 0
    folk.hidden[j] = 1 if uniform(rng, HIDES, j) < p.hide_chance else 0


@njit(cache=True, inline="always")
def animal_turn(i, p, folk, rng):
    """Draw when someone infected before the start turns, by their route (patient zero: an
    animal bite, ``animal_median``), given not yet turned."""
    for n in range(1000):
        t_turn = folk.t_infect[i] + time_to_turn(folk.route[i], p, 0.5, normal_nth(rng, TURN, i, n))
        if t_turn > 0.0:
            folk.t_turn[i] = t_turn
            return
    folk.t_turn[i] = 0.0


@njit(cache=True, inline="always")
def _turn(i, t, k, lay, folk, world, log):
    folk.t_fate[i] = t
    folk.target[i] = -1
    pp = lay.portal_at[folk.pos[i, 0], folk.pos[i, 1], folk.pos[i, 2]]
    if pp >= 0:
        # Turning in a doorway: the door can no longer be shut.
        world.closed[pp] = 0
        world.barricade[pp] = 0.0
        world.built[pp] = 0.0
    if folk.will_halfbie[i] == 1:
        folk.state[i] = H
        log_event(log, t, EV_HALFBIE, i, -1, folk.room[i], folk.route[i])
    else:
        folk.state[i] = Z
        folk.budget[i] = 0.0
        folk.budget_at[i] = k - 1  # first topped up in step k
        log_event(log, t, EV_TURN, i, -1, folk.room[i], folk.route[i])


@njit(cache=True)
def course(t, p, lay, folk, world, census, log, rng):
    """Signs (nosebleed, convulsions) at ``signs_at`` of the way, then a zombie or halfbie; a
    room may push out someone it knows is infected, or keep and watch them
    (:mod:`hyosan.building.expel`)."""
    for i in range(folk.state.size):
        if folk.state[i] != E:
            continue
        shown = folk.t_infect[i] + p.signs_at * (folk.t_turn[i] - folk.t_infect[i])
        if folk.signs[i] == 0 and t >= shown:
            folk.signs[i] = 1
            log_event(log, t, EV_SIGNS, i, -1, folk.room[i], folk.route[i])
        if t >= folk.t_turn[i]:
            if not watched(i, t, p, folk, world, census, log, rng):
                _turn(i, t, rng.step[0], lay, folk, world, log)
        else:
            expel(i, t, p, lay, folk, census, log, rng)
