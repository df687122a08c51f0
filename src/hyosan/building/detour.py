"""Going round what blocks the way: an aware person whose next room on the shortest way holds
zombies (they hear them next door), whose door there is barricaded from the far side, or whose
doorway a crowd jams this step, takes another door of their room when its way to the target is
at most ``detour`` rooms longer and known clear. They look again every step, so they come back
to the shortest way once it clears.

With ``memory`` they also remember, for that many seconds, each room they found blocked by
zombies, a barricade or a refusal (not a passing jam), and plan their whole way round what they
remember: breadth-first through the rooms they do not remember blocked, within ``detour`` rooms
more than the shortest way. Without it they only know what is next door, one door at a time,
and may walk back toward a blocked room once it is out of earshot."""

from __future__ import annotations

from numba import njit

from hyosan.building.bodies import jammed
from hyosan.building.doors import held_against
from hyosan.building.plan import LEDGE_REGION
from hyosan.building.routes import far_side

MEMORY = 4
"""Rooms a person remembers finding blocked; a fifth replaces the one found longest ago."""


@njit(cache=True, inline="always")
def _closed_off(i, k, x, tg, folk, world, census):
    """Whether the way through portal ``k`` into room ``x`` is shut to person ``i`` for more
    than a moment: zombies in ``x``, a barricade held from its side, or ``x`` refused them. The
    target itself never is: they knock at its barricade."""
    if x == tg:
        return False
    return census.zcount[x] > 0 or folk.refused[i] == x or held_against(k, x, world)


@njit(cache=True, inline="always")
def _blocked(i, k, x, tg, t, p, lay, folk, world, census, jams):
    """Whether person ``i`` knows the way through portal ``k`` into room ``x`` is blocked: shut
    to them, or (with ``jams``) its doorway jammed this step (they wait their turn at the
    target's)."""
    if _closed_off(i, k, x, tg, folk, world, census):
        return True
    return jams and x != tg and jammed(k, t, p, lay, world)


@njit(cache=True, inline="always")
def _shut_ahead(i, r, tg, lay, folk, world, census):
    """Whether the shortest way's next room is shut to person ``i`` (zombies, a barricade, a
    refusal): then a jammed door round it is worth waiting at; otherwise only a clear one is
    worth the detour."""
    code = lay.next_hop[folk.ledge_ok[i], tg, r]
    if code < 0:
        return False
    k = code // 2
    return _closed_off(i, k, far_side(k, r, lay), tg, folk, world, census)


@njit(cache=True, inline="always")
def _remember(i, x, t, folk):
    """Person ``i`` found room ``x`` blocked at ``t``."""
    old = 0
    for m in range(MEMORY):
        if folk.avoid[i, m] == x:
            folk.avoid_t[i, m] = t
            return
        if folk.avoid_t[i, m] < folk.avoid_t[i, old]:
            old = m
    folk.avoid[i, old] = x
    folk.avoid_t[i, old] = t


@njit(cache=True, inline="always")
def _avoids(i, x, t, p, folk):
    """Whether person ``i`` still remembers room ``x`` blocked."""
    found = False
    for m in range(MEMORY):
        found |= folk.avoid[i, m] == x and t - folk.avoid_t[i, m] < p.memory
    return found


@njit(cache=True, inline="always")
def _way_remembered_blocked(i, r, tg, t, p, lay, folk):
    """Whether the shortest way from room ``r`` to ``tg`` passes a room ``i`` remembers
    blocked."""
    mode = folk.ledge_ok[i]
    x = r
    for _ in range(lay.room_kind.size):
        code = lay.next_hop[mode, tg, x]
        if code < 0:
            return False
        x = far_side(code // 2, x, lay)
        if x == tg:
            return False
        if _avoids(i, x, t, p, folk):
            return True
    return False


@njit(cache=True)
def plan_round(i, r, tg, t, p, lay, folk, world, census):
    """Person ``i``'s way from room ``r`` to ``tg`` through no room they remember blocked nor
    one next door they know blocked now, breadth-first: its first hop (2 portal + way), or -1
    for none within ``detour`` rooms more than the shortest way."""
    jams = not _shut_ahead(i, r, tg, lay, folk, world, census)
    census.mark[0] += 1
    mark = census.mark[0]
    queue, seen = census.bfs_q, census.bfs_seen
    first, depth = census.bfs_first, census.bfs_depth
    mode = folk.ledge_ok[i]
    longest = lay.hops[mode, tg, r] + p.detour
    queue[0] = r
    seen[r] = mark
    depth[r] = 0
    head, tail = 0, 1
    while head < tail:
        y = queue[head]
        head += 1
        if depth[y] >= longest:
            continue
        for e in range(lay.room_ptr[y], lay.room_ptr[y + 1]):
            x = lay.room_other[e]
            k = lay.room_portal[e]
            if seen[x] == mark or (lay.room_kind[x] == LEDGE_REGION and mode == 0):
                continue
            hop = 2 * k + lay.room_way[e] if y == r else first[y]
            if x == tg:
                return hop
            if _avoids(i, x, t, p, folk):
                continue
            if y == r and _blocked(i, k, x, tg, t, p, lay, folk, world, census, jams):
                continue
            seen[x] = mark
            depth[x] = depth[y] + 1
            first[x] = hop
            queue[tail] = x
            tail += 1
    return -1


@njit(cache=True, inline="always")
def _planned(i, r, tg, code, blocked, t, p, lay, folk, world, census):
    """With ``memory``: the first hop of a way round what person ``i`` remembers blocked (and
    what blocks the next room now, ``blocked``), else ``code``."""
    if not blocked and not _way_remembered_blocked(i, r, tg, t, p, lay, folk):
        return code
    hop = plan_round(i, r, tg, t, p, lay, folk, world, census)
    return code if hop < 0 else hop


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
    ``detour`` rooms more, clear and not straight back (with ``memory``: the way planned round
    what they remember, :func:`plan_round`)."""
    if p.detour < 0:
        return code
    k = code // 2
    x = far_side(k, r, lay)
    blocked = _blocked(i, k, x, tg, t, p, lay, folk, world, census, True)
    if p.memory > 0.0:
        if blocked and _closed_off(i, k, x, tg, folk, world, census):
            _remember(i, x, t, folk)
        return _planned(i, r, tg, code, blocked, t, p, lay, folk, world, census)
    if not blocked:
        return code
    jams = not _closed_off(i, k, x, tg, folk, world, census)
    mode = folk.ledge_ok[i]
    best = code
    longest = lay.hops[mode, tg, r] + p.detour
    for e in range(lay.room_ptr[r], lay.room_ptr[r + 1]):
        y = lay.room_other[e]
        kk = lay.room_portal[e]
        h = lay.hops[mode, tg, y] + 1
        if kk == k or h <= 0 or h > longest or (lay.room_kind[y] == LEDGE_REGION and mode == 0):
            continue
        if _blocked(i, kk, y, tg, t, p, lay, folk, world, census, jams) or _leads_back(
            y, r, mode, tg, lay
        ):
            continue
        best = 2 * kk + lay.room_way[e]
        longest = h - 1
    return best
