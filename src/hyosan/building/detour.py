"""Going round what blocks the way: an aware person whose next room on the shortest way holds
zombies (they hear them next door), whose door there is barricaded from the far side, or whose
doorway a crowd jams this step, takes another door of their room when its way to the target is
at most ``detour`` rooms longer and known clear. They look again every step, so they come back
to the shortest way once it clears."""

from __future__ import annotations

from numba import njit

from hyosan.building.doors import held_against
from hyosan.building.plan import LEDGE_REGION
from hyosan.building.routes import far_side
from hyosan.building.walk_people import jammed


@njit(cache=True, inline="always")
def _blocked(i, k, x, tg, t, p, folk, world, census):
    """Whether person ``i`` knows the way through portal ``k`` into room ``x`` is blocked. The
    target itself never is: they knock at its barricade and wait their turn at its door."""
    if x == tg:
        return False
    if census.zcount[x] > 0 or folk.refused[i] == x:
        return True
    return held_against(k, x, world) or jammed(k, t, p, world)


@njit(cache=True, inline="always")
def _leads_back(y, r, mode, tg, lay):
    """Whether the shortest way from room ``y`` to ``tg`` starts back into room ``r``."""
    code = lay.next_hop[mode, tg, y]
    if code < 0:
        return False
    return far_side(code // 2, y, lay) == r


@njit(cache=True, inline="always")
def way_round(i, r, tg, code, t, p, lay, folk, world, census):
    """The first hop (2 portal + way) from room ``r`` toward ``tg``: the shortest way's
    ``code`` unless person ``i`` knows it blocked and another door leads there within
    ``detour`` rooms more, clear and not straight back."""
    if p.detour < 0:
        return code
    k = code // 2
    x = far_side(k, r, lay)
    if not _blocked(i, k, x, tg, t, p, folk, world, census):
        return code
    mode = folk.ledge_ok[i]
    best = code
    longest = lay.hops[mode, tg, r] + p.detour
    for e in range(lay.room_ptr[r], lay.room_ptr[r + 1]):
        y = lay.room_other[e]
        kk = lay.room_portal[e]
        h = lay.hops[mode, tg, y] + 1
        if kk == k or h <= 0 or h > longest or (lay.room_kind[y] == LEDGE_REGION and mode == 0):
            continue
        if _blocked(i, kk, y, tg, t, p, folk, world, census) or _leads_back(y, r, mode, tg, lay):
            continue
        best = 2 * kk + lay.room_way[e]
        longest = h - 1
    return best
