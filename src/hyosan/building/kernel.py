"""A whole take: set up the world, then the step (:mod:`hyosan.building.step`) over and over.

The kernel is pure: the caller allocates the records (:mod:`hyosan.building.records`), the take
writes its outcome into them, and every random draw is counted from the take's key (:mod:`hyosan.building.draws`).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from hyosan.building.bodies import count_in
from hyosan.building.codes import EVENTS, ROUTES, STATES, E, H, S, Z
from hyosan.building.plan import DOOR_PORTAL, WINDOW_PORTAL
from hyosan.building.step import step
from hyosan.building.structs import as_struct, view
from hyosan.building.virus import animal_turn
from hyosan.building.walk import at_doorway


@njit(cache=True)
def prepare(p, lay, folk, world, rng):
    """Rooms from positions; patient zero's turning time when not given; everyone standing
    counted onto their cells; doors' and windows' strength; windows start shut."""
    for i in range(folk.state.size):
        folk.room[i] = lay.region[folk.pos[i, 0], folk.pos[i, 1], folk.pos[i, 2]]
        if lay.portal_at[folk.pos[i, 0], folk.pos[i, 1], folk.pos[i, 2]] >= 0:
            at_doorway(i, folk)
        if folk.state[i] == E:
            folk.t_fate[i] = folk.t_infect[i]
            if np.isnan(folk.t_turn[i]):
                animal_turn(i, p, folk, rng)
    count_in(folk, world, (S, E, Z, H))
    for k in range(lay.portal_kind.size):
        if lay.portal_kind[k] == WINDOW_PORTAL:
            world.closed[k] = 1
            world.door_hp[k] = p.glass_strength
        elif lay.portal_kind[k] == DOOR_PORTAL:
            world.door_hp[k] = p.door_strength


@njit(cache=True)
def run_take(p, lay, folk, world, census, log, rng):
    """Run one take in place; returns the number of events logged."""
    prepare(p, lay, folk, world, rng)
    s_lay, s_folk, s_world = as_struct(lay), as_struct(folk), as_struct(world)
    s_census, s_log, s_rng = as_struct(census), as_struct(log), as_struct(rng)
    return _steps(p, s_lay, s_folk, s_world, s_census, s_log, s_rng)


@njit(cache=True)
def _steps(p, lay, folk, world, census, log, rng):
    """Every step of the take, over uncounted views of the structs (:mod:`hyosan.building.
    structs`); the caller holds the structs, so the views stay valid until this returns."""
    v_lay, v_folk, v_world = view(lay), view(folk), view(world)
    v_census, v_log, v_rng = view(census), view(log), view(rng)
    for k in range(p.steps + 1):
        step(k * p.dt, p, v_lay, v_folk, v_world, v_census, v_log, v_rng)
    return log.n_events[0]


__all__ = ["EVENTS", "ROUTES", "STATES", "run_take"]
