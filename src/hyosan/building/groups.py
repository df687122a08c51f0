"""Phase ``groups``: after ``roof_after`` hours, by day, a hiding room's leader may propose to
leave for the rooftop, for the gate (a share ``gate_share``) or on foot for the hills (a share
``hills_share``) — hunger and thirst. Once word of the strike comes (``strike_warning``) they
propose at ``warned_rate``, by night as by day, and on foot. Each member then answers for
themselves (:mod:`hyosan.building.choice`); with ``individual`` off the whole room follows.
Those who stay may hear a new proposal from the leader among them. A leader looks first
(``leader_look``): with zombies on the way they may hold off, the sharper the likelier, and
propose again later."""

from __future__ import annotations

import math

from numba import njit

from hyosan.building.choice import seen_danger, zombies_next_door
from hyosan.building.clock import is_night, warned
from hyosan.building.codes import EV_LEAVE
from hyosan.building.draws import HOLD_OFF, LEAVE, WAY_OUT, uniform
from hyosan.building.events import log_event
from hyosan.building.plan import ROOM


@njit(cache=True, inline="always")
def _hiding(r, p, lay, folk, world, census):
    """Whether room ``r`` holds a group hiding with its leader and no zombie, that has not yet
    decided (with ``individual``: whose leader is among those who stayed)."""
    ld = census.leader[r]
    if ld < 0 or lay.room_kind[r] != ROOM or r == lay.roof:
        return False
    if world.group_target[r] >= 0 and p.individual == 0.0:
        return False
    return folk.target[ld] == r and census.zcount[r] == 0


@njit(cache=True, inline="always")
def _propose(r, goal, t, p, folk, world, census):
    """The leader of room ``r`` proposes ``goal``; with ``individual`` they set out at once and
    the others answer on their next turn."""
    world.group_target[r] = goal
    if p.individual != 0.0:
        ld = census.leader[r]
        world.group_t[r] = t
        world.group_lead[r] = ld
        folk.target[ld] = goal
        folk.asked[ld] = t
        census.stale[0] = 1


@njit(cache=True, inline="always")
def _way_out(r, p, lay, rng):
    """Where a leaving group makes for: the gate (``gate_share``), the hills on foot
    (``hills_share``), else the rooftop — one draw, so a plan without hills draws as before."""
    if lay.gate < 0 and lay.hills < 0:
        return lay.roof
    u = uniform(rng, WAY_OUT, r)
    if lay.gate >= 0 and u < p.gate_share:
        return lay.gate
    if lay.hills >= 0 and p.gate_share <= u < p.gate_share + p.hills_share:
        return lay.hills
    return lay.roof


@njit(cache=True, inline="always")
def _on_foot(lay):
    """Where a group warned of the strike makes for: the hills on foot, else the gate, else the
    rooftop."""
    if lay.hills >= 0:
        return lay.hills
    if lay.gate >= 0:
        return lay.gate
    return lay.roof


@njit(cache=True, inline="always")
def _holds_off(r, goal, p, lay, folk, census, rng):
    """Whether room ``r``'s leader, looking at the way to ``goal``, waits: with chance
    ``1 - exp(-leader_look × survival × zombies they reckon with)`` (never with the look off,
    or when the whole room follows)."""
    if p.individual == 0.0 or p.leader_look <= 0.0:
        return False
    ld = census.leader[r]
    near = zombies_next_door(r, lay, census)
    danger = seen_danger(ld, r, goal, near, p, lay, folk, census)
    if danger <= 0.0:
        return False
    return uniform(rng, HOLD_OFF, r) < 1.0 - math.exp(-p.leader_look * folk.survival[ld] * danger)


@njit(cache=True)
def leave(t, p, lay, folk, world, census, log, rng):
    """Each hiding group decides at ``roof_rate`` an hour whether to leave, and where to; once
    warned of the strike, at ``warned_rate``, by night too, on foot."""
    news = warned(p, t)
    if not news and (t < p.roof_after or is_night(p, t)):
        return
    rate = p.warned_rate if news else p.roof_rate
    for r in range(lay.room_kind.size):
        if not _hiding(r, p, lay, folk, world, census):
            continue
        if uniform(rng, LEAVE, r) < rate * p.dt / 3600.0:
            goal = _on_foot(lay) if news else _way_out(r, p, lay, rng)
            if goal >= 0 and not _holds_off(r, goal, p, lay, folk, census, rng):
                _propose(r, goal, t, p, folk, world, census)
                log_event(log, t, EV_LEAVE, census.leader[r], -1, r, 0)
