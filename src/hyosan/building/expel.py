"""How the people of a room treat someone they know is infected — a bite they saw, or signs:
they push them out (``virus.expel_rate``), and the room will not take them back; unless friends
of theirs are among them, who may keep them and watch them (``keep_chance``), ready to put them
down as they turn (``watch_kill``)."""

from __future__ import annotations

from numba import njit

from hyosan.building.bodies import gone
from hyosan.building.codes import EV_EXPEL, EV_KEPT, EV_WATCHED, D, E, S
from hyosan.building.doors import bonded
from hyosan.building.draws import EXPEL, KEEP, WATCH_KILL, uniform
from hyosan.building.events import log_event
from hyosan.building.plan import HALL, LEDGE_REGION, ROOM


@njit(cache=True, inline="always")
def known(i, folk):
    """Whether those around ``i`` can tell they are infected: a bite not hidden, or signs."""
    return folk.state[i] == E and (folk.signs[i] == 1 or folk.hidden[i] == 0)


@njit(cache=True, inline="always")
def way_out(r, lay):
    """A room next to ``r`` to send someone to: a hallway next door, else the first neighbour
    that is not a ledge; -1 for none."""
    out = -1
    for e in range(lay.room_ptr[r], lay.room_ptr[r + 1]):
        x = lay.room_other[e]
        if lay.room_kind[x] == HALL:
            return x
        if out < 0 and lay.room_kind[x] != LEDGE_REGION:
            out = x
    return out


@njit(cache=True, inline="always")
def friends_here(i, r, folk, census):
    """How many aware people in room ``r`` (as last counted, and still there) are friends or
    partner of ``i``."""
    n = 0
    for q in range(census.hstart[r], census.hstart[r + 1]):
        j = census.hlist[q]
        if j == i or folk.room[j] != r or folk.state[j] not in (S, E) or folk.aware[j] == 0:
            continue
        if bonded(j, i, folk, False):
            n += 1
    return n


@njit(cache=True, inline="always")
def _keeps(i, r, t, p, folk, census, log, rng):
    """Whether room ``r`` keeps infected ``i``: always once it has, while a friend is there;
    else with chance ``1 - (1 - keep_chance)^friends`` here."""
    friends = friends_here(i, r, folk, census) if p.keep_chance > 0.0 else 0
    if friends == 0:
        return False
    if folk.kept[i] == 1:
        return True
    if uniform(rng, KEEP, i) >= 1.0 - (1.0 - p.keep_chance) ** friends:
        return False
    folk.kept[i] = 1
    log_event(log, t, EV_KEPT, census.leader[r], i, r, folk.route[i])
    return True


@njit(cache=True, inline="always")
def watched(i, t, p, folk, world, census, log, rng):
    """Kept person ``i``, turning into a zombie now among friends who watch them: put down at
    once with chance ``watch_kill``; True when they were."""
    if folk.kept[i] == 0 or folk.will_halfbie[i] == 1:
        return False
    r = folk.room[i]
    if friends_here(i, r, folk, census) == 0 or uniform(rng, WATCH_KILL, i) >= p.watch_kill:
        return False
    gone(i, folk, world)
    folk.state[i] = D
    folk.t_fate[i] = t
    folk.target[i] = -1
    log_event(log, t, EV_WATCHED, census.leader[r], i, r, folk.route[i])
    return True


@njit(cache=True)
def expel(i, t, p, lay, folk, census, log, rng):
    """The others in infected person ``i``'s room (aware, at least one besides them) push them
    out at ``expel_rate`` a second — unless they keep them (:func:`_keeps`): they make for the
    room next door, refused by this one (pushed again only if they stay and stop going)."""
    r = folk.room[i]
    if p.expel_rate <= 0.0 or lay.room_kind[r] != ROOM or not known(i, folk):
        return
    if folk.refused[i] == r and folk.target[i] >= 0 and folk.target[i] != r:
        return  # pushed out already, on their way
    if census.acount[r] - folk.aware[i] < 1 or uniform(rng, EXPEL, i) >= p.expel_rate * p.dt:
        return
    if _keeps(i, r, t, p, folk, census, log, rng):
        return
    out = way_out(r, lay)
    if out < 0:
        return
    folk.aware[i] = 1
    folk.target[i] = out
    folk.refused[i] = r
    census.stale[0] = 1
    log_event(log, t, EV_EXPEL, census.leader[r], i, r, folk.route[i])
