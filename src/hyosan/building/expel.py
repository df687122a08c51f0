"""How the people of a room treat someone they know is infected — a bite they saw, or signs:
they push them out (``virus.expel_rate``), and the room will not take them back."""

from __future__ import annotations

from numba import njit

from hyosan.building.codes import EV_EXPEL, E
from hyosan.building.draws import EXPEL, uniform
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


@njit(cache=True)
def expel(i, t, p, lay, folk, census, log, rng):
    """The others in infected person ``i``'s room (aware, at least one besides them) push them
    out at ``expel_rate`` a second: they make for the room next door, refused by this one
    (pushed again only if they stay and stop going)."""
    r = folk.room[i]
    if p.expel_rate <= 0.0 or lay.room_kind[r] != ROOM or not known(i, folk):
        return
    if folk.refused[i] == r and folk.target[i] >= 0 and folk.target[i] != r:
        return  # pushed out already, on their way
    if census.acount[r] - folk.aware[i] < 1 or uniform(rng, EXPEL, i) >= p.expel_rate * p.dt:
        return
    out = way_out(r, lay)
    if out < 0:
        return
    folk.aware[i] = 1
    folk.target[i] = out
    folk.refused[i] = r
    census.stale[0] = 1
    log_event(log, t, EV_EXPEL, census.leader[r], i, r, folk.route[i])
