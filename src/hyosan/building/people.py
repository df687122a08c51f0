"""Phase ``people``: each person (and halfbie, who keeps their mind) in index order notices
the outbreak, strikes or flees a zombie next to them, decides where to go, and walks there."""

from __future__ import annotations

from numba import njit

from hyosan.building import halfbie
from hyosan.building.bodies import make_room
from hyosan.building.census import nearest_zombie
from hyosan.building.codes import E, H, S
from hyosan.building.contact import strike
from hyosan.building.decide import aware_choice, school_day
from hyosan.building.flee import cornered, exit_for
from hyosan.building.rest import list_awake, quiet_rooms, resting
from hyosan.building.senses import notice
from hyosan.building.walk import topped_up
from hyosan.building.walk_people import walk


@njit(cache=True, inline="always")
def _turn_of(i, t, p, lay, folk, world, census, log, rng):
    """One person's step."""
    s = folk.state[i]
    r = folk.room[i]
    folk.noise[i] = 0.0
    if s == H and halfbie.act(i, r, t, p, lay, folk, world, census, log, rng):
        return
    notice(i, r, p, folk, world, census, rng)
    z, dz = (-1, 1 << 30) if s == H else nearest_zombie(i, r, p, folk, census)
    run = folk.aware[i] == 1
    pace = p.run_speed * folk.speed[i] if run else p.walk_speed
    if t >= p.drill_at:
        pace = p.walk_speed * folk.speed[i]
    folk.budget[i] = topped_up(folk.budget[i], pace, p)
    if strike(i, z, dz, r, t, p, folk, world, log, rng):
        return
    if run and z >= 0 and dz <= p.flee_radius:
        go, way = exit_for(i, r, z, p, lay, folk, world, census)
        folk.target[i] = -1
        folk.noise[i] = p.noise_run
        if go < 0:
            cornered(i, r, z, dz, lay, folk, world)
            return
    elif run:
        go, way = aware_choice(i, r, t, p, lay, folk, world, census, log, rng)
    else:
        go, way = school_day(i, r, p, lay, folk)
    if folk.state[i] != s:
        return  # taken in at the gate or the camp, or shot there: off the floor
    if go >= 0:
        walk(i, r, 2 * go + way, t, p, lay, folk, world, census, log, rng)
    else:
        make_room(i, r, p, lay, folk, world)


@njit(cache=True)
def act(t, p, lay, folk, world, census, log, rng):
    """One step of every person and halfbie (the census's ``live``: nobody becomes one after
    the count), in index order; those who rest skip it (:mod:`hyosan.building.rest`). When a
    quiet room wakes within the phase, everyone after the one who woke it is listed again."""
    quiet_rooms(t, p, lay, world, census)
    if census.stale[0] == 1:
        list_awake(-1, p, lay, folk, world, census)
    census.turns[0] += census.n_live[0]
    q = 0
    while q < census.n_awake[0]:
        i = census.awake[q]
        q += 1
        if resting(i, p, lay, folk, world):
            census.stale[0] = 1
            continue
        if folk.state[i] in (S, E, H):
            _turn_of(i, t, p, lay, folk, world, census, log, rng)
            census.turns[1] += 1
        if world.woken[0] == 1:
            world.woken[0] = 0
            list_awake(i, p, lay, folk, world, census)
            census.stale[0] = 1
            q = 0
