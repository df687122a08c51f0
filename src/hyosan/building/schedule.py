"""Phase ``schedule``: the scenario's events — storm, alarm, decoys, the cordon, the rescue."""

from __future__ import annotations

from numba import njit

from hyosan.building.clock import storm_on
from hyosan.building.codes import (
    EV_ALARM,
    EV_CORDON,
    EV_DECOY,
    EV_RESCUE,
    EV_SHOT,
    EV_STORM,
    D,
    E,
    H,
    S,
    V,
    Z,
)
from hyosan.building.events import log_event
from hyosan.building.plan import HALL


@njit(cache=True)
def announce(t, p, lay, folk, world, census, log, rng):
    """The storm breaks; the speakers call the alarm once enough have turned; decoys start."""
    if storm_on(p, t) and world.storm_logged[0] == 0:
        world.storm_logged[0] = 1
        log_event(log, t, EV_STORM, -1, -1, -1, 0)
    if world.alarm[0] == 0 and census.n_z[0] >= p.alarm_zombies and p.alarm_zombies > 0:
        world.alarm[0] = 1
        log_event(log, t, EV_ALARM, -1, -1, -1, 0)
        for r in range(lay.room_kind.size):
            if lay.room_kind[r] == HALL:
                world.scream[r] += p.alarm_loudness
    for d in range(world.decoy_room.size):
        if world.decoy_t0[d] <= t < world.decoy_t1[d] and world.decoy_logged[d] == 0:
            world.decoy_logged[d] = 1
            log_event(log, t, EV_DECOY, -1, -1, world.decoy_room[d], 0)


@njit(cache=True, inline="always")
def admit(i, r, t, p, lay, folk, log, rng):
    """A person waiting at the gate: the soldiers may take them in (after checks)."""
    at_gate = r == lay.gate and t >= p.cordon_at
    if at_gate and rng.random() < p.cordon_admit * p.dt:
        folk.state[i] = V
        folk.t_fate[i] = t
        log_event(log, t, EV_CORDON, -1, i, r, 0)


@njit(cache=True)
def cordon(t, p, lay, folk, world, census, log, rng):
    """Soldiers at the gate shoot the zombies there."""
    gate = lay.gate
    if t < p.cordon_at or gate < 0:
        return
    for q in range(census.zstart[gate], census.zstart[gate + 1]):
        j = census.zlist[q]
        if folk.state[j] == Z and rng.schedule.random() < p.cordon_kill * p.dt:
            folk.state[j] = D
            folk.t_fate[j] = t
            log_event(log, t, EV_SHOT, -1, j, gate, 0)


@njit(cache=True)
def rescue(t, p, lay, folk, world, census, log, rng):
    """A helicopter takes everyone on the roof who is not a zombie."""
    roof = lay.roof
    for q in range(world.rescue_t.size):
        if world.rescue_done[q] == 1 or t < world.rescue_t[q] or roof < 0:
            continue
        world.rescue_done[q] = 1
        for i in range(folk.state.size):
            s = folk.state[i]
            if folk.room[i] == roof and (s in (S, E, H)):
                folk.state[i] = V
                folk.t_fate[i] = t
                log_event(log, t, EV_RESCUE, -1, i, roof, 0)
