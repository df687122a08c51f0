"""Phase ``groups``: after ``roof_after`` hours, by day, a hiding group may leave together for
the rooftop or (a share ``gate_share``) for the gate — hunger and thirst."""

from __future__ import annotations

from numba import njit

from hyosan.building.clock import is_night
from hyosan.building.codes import EV_LEAVE
from hyosan.building.events import log_event
from hyosan.building.plan import ROOM


@njit(cache=True, inline="always")
def _hiding(r, lay, folk, world, census):
    """Whether room ``r`` holds an undecided group hiding with its leader and no zombie."""
    ld = census.leader[r]
    if ld < 0 or lay.room_kind[r] != ROOM or r == lay.roof or world.group_target[r] >= 0:
        return False
    return folk.target[ld] == r and census.zcount[r] == 0


@njit(cache=True)
def leave(t, p, lay, folk, world, census, log, rng):
    """Each hiding group decides at ``roof_rate`` an hour whether to leave, and where to."""
    if t < p.roof_after or is_night(p, t):
        return
    draw = rng.decisions
    for r in range(lay.room_kind.size):
        if not _hiding(r, lay, folk, world, census):
            continue
        if draw.random() < p.roof_rate * p.dt / 3600.0:
            to_gate = lay.gate >= 0 and draw.random() < p.gate_share
            goal = lay.gate if to_gate else lay.roof
            if goal >= 0:
                world.group_target[r] = goal
                log_event(log, t, EV_LEAVE, census.leader[r], -1, r, 0)
