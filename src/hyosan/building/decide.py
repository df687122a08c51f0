"""Decisions of a person who is not fleeing: where to go, or hide here and barricade."""

from __future__ import annotations

from numba import njit

from hyosan.building.choice import answer
from hyosan.building.detour import way_round
from hyosan.building.doors import barricade
from hyosan.building.plan import HALL
from hyosan.building.routes import choose_target
from hyosan.building.schedule import admit


@njit(cache=True, inline="always")
def _retarget(i, r, t, p, lay, folk, world, census, log, rng):
    """Answer the room's proposal to leave (with ``individual`` each for themselves, else all
    follow); drop a target overrun by zombies; look again."""
    gt = world.group_target[r]
    if gt >= 0 and folk.target[i] == r and lay.room_kind[r] != HALL:
        if p.individual == 0.0:
            folk.target[i] = gt
        elif folk.asked[i] != world.group_t[r]:
            answer(i, r, t, p, lay, folk, world, census, log, rng)
    tg = folk.target[i]
    if tg >= 0 and tg != r and census.zcount[tg] > 0:
        folk.target[i] = -1
    if folk.target[i] < 0 and t >= folk.retry[i]:
        folk.target[i] = choose_target(i, r, lay, folk, census)
        if folk.target[i] < 0:
            folk.retry[i] = t + p.retry


@njit(cache=True, inline="always")
def aware_choice(i, r, t, p, lay, folk, world, census, log, rng):
    """An aware person's move: the first hop (portal, way) toward their target; (-1, 0) to stay
    and hide (shutting doors, piling desks, or waiting at the gate). In a fire drill everyone
    makes for the gate, each for themselves."""
    drill = t >= p.drill_at and lay.gate >= 0
    if drill:
        folk.target[i] = lay.gate
    else:
        _retarget(i, r, t, p, lay, folk, world, census, log, rng)
    tg = folk.target[i]
    if tg == r or tg < 0:
        folk.noise[i] = p.noise_hide
        if lay.room_kind[r] != HALL and census.zcount[r] == 0 and not drill:
            barricade(i, r, t, p, lay, folk, world, census, log)
        admit(i, r, t, p, lay, folk, world, log, rng)
        return -1, 0
    code = lay.next_hop[folk.ledge_ok[i], tg, r]
    if code < 0:
        folk.target[i] = -1
        folk.refused[i] = tg
        return -1, 0
    code = way_round(i, r, tg, code, t, p, lay, folk, world, census)
    folk.noise[i] = p.noise_run
    return code // 2, code % 2


@njit(cache=True, inline="always")
def school_day(i, r, p, lay, folk):
    """Not yet aware: an ordinary school day, back to their own room; a lesson is loud."""
    folk.noise[i] = p.noise_walk
    home = folk.home[i]
    if r != home and home >= 0:
        code = lay.next_hop[0, home, r]
        if code >= 0:
            return code // 2, code % 2
    return -1, 0
