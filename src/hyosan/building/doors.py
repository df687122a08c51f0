"""Phase ``doors``: who stands in a doorway; and the rules of doors — shutting and barricading,
zombies bashing through, and the people inside deciding whether to open to a knock."""

from __future__ import annotations

from numba import njit

from hyosan.building.codes import BULLY, EV_BARRICADE, EV_BREAK, EV_LET_IN, EV_SHUT_OUT, E, H, S, Z
from hyosan.building.draws import LET_IN, uniform
from hyosan.building.events import log_count, log_event
from hyosan.building.plan import DOOR_PORTAL, OPENING, ROOM, STAIR_PORTAL
from hyosan.building.routes import far_side


@njit(cache=True)
def doorways(t, p, lay, folk, world, census, log, rng):
    """Mark the doors someone (a person, halfbie or zombie) stands in: no one shuts a door on
    them. Only agents who stepped onto a portal cell can stand in one (``folk.door_list``,
    :func:`hyosan.building.walk.at_doorway`); those who left it or died drop off the list."""
    world.door_occ[:] = 0
    n = 0
    for q in range(folk.door_n[0]):
        i = folk.door_list[q]
        k = lay.portal_at[folk.pos[i, 0], folk.pos[i, 1], folk.pos[i, 2]]
        if k >= 0 and folk.state[i] in (S, E, H, Z):
            world.door_occ[k] = 1
            folk.door_list[n] = i
            n += 1
        else:
            folk.in_door[i] = 0
    folk.door_n[0] = n


@njit(cache=True, inline="always")
def open_for_zombie(lay, world, k):
    """Whether a zombie can pass portal ``k`` (an opening, stairs, an open or broken door)."""
    if lay.portal_kind[k] == OPENING or lay.portal_kind[k] == STAIR_PORTAL:
        return True
    return world.broken[k] == 1 or world.closed[k] == 0


@njit(cache=True, inline="always")
def holders(k, other, lay, world):
    """Bodies standing against portal ``k`` on room ``other``'s side (the cells of that room
    around its cell): those who can hold it shut."""
    f = lay.portal_cell[k, 0]
    y = lay.portal_cell[k, 1]
    x = lay.portal_cell[k, 2]
    n = 0
    for yy in range(max(y - 1, 0), min(y + 2, lay.cells.shape[1])):
        for xx in range(max(x - 1, 0), min(x + 2, lay.cells.shape[2])):
            if lay.region[f, yy, xx] == other:
                n += world.occ[f, yy, xx]
    return n


@njit(cache=True, inline="always")
def _pushed(k, other, t, p, lay, world):
    """The push on portal ``k`` so far this step: it starts each step at minus what the people
    on the far side hold back (``hold`` each, against a zombie's strength of 1)."""
    if world.push_t[k] != t:
        world.push_last[k] = world.push_n[k] if world.push_t[k] == t - p.dt else 0
        world.push_t[k] = t
        world.push_n[k] = 0
        hold = 0.0 if p.hold <= 0.0 else p.hold * holders(k, other, lay, world)
        world.push[k] = -hold * p.bash * p.dt
    return world.push[k]


@njit(cache=True, inline="always")
def bash(i, k, r, t, p, lay, folk, world, log):
    """Zombie ``i`` in room ``r`` bashes portal ``k``: the barricade first, then door or glass.
    Every zombie that reaches it this step adds its strength — only as many as stand against it
    (bodies) — less what the people behind it hold; a door that gives is logged with how many
    bashed it."""
    other = far_side(k, r, lay)
    held = _pushed(k, other, t, p, lay, world)
    add = p.bash * folk.zombie_strength[i] * p.dt
    world.push[k] = held + add
    world.push_n[k] += 1
    dmg = add if held >= 0.0 else max(held + add, 0.0)
    if dmg <= 0.0:
        return
    if world.barricade[k] > 0:
        world.barricade[k] -= dmg
        if world.barricade[k] <= 0:
            world.barricade[k] = 0.0
            log_count(log, t, EV_BREAK, i, other, _pushers(k, world))
    else:
        world.door_hp[k] -= dmg
        if world.door_hp[k] <= 0:
            world.broken[k] = 1
            world.closed[k] = 0
            log_count(log, t, EV_BREAK, i, other, _pushers(k, world))


@njit(cache=True, inline="always")
def _pushers(k, world):
    """How many push on portal ``k`` a step: this step's so far, or the whole step before if
    more (those after the one who broke it have not pushed yet)."""
    return max(world.push_n[k], world.push_last[k])


@njit(cache=True, inline="always")
def _to_shut(k, e, r, lay, world, census):
    """Whether hiders in room ``r`` see to door ``k`` (their ``e``-th way out): not a window,
    opening or stairs, not broken, nobody in the doorway, and not into a room with people."""
    if lay.portal_kind[k] != DOOR_PORTAL or world.broken[k] == 1 or world.door_occ[k] == 1:
        return False
    other = lay.room_other[e]
    return not (lay.room_kind[other] == ROOM and census.hcount[other] > 0)


@njit(cache=True, inline="always")
def _to_pile(k, r, p, world):
    """Whether room ``r`` has desks to pile against door ``k``: fewer than ``barricade_max``
    points built, and no barricade held from the other side."""
    return world.built[k] < p.barricade_max and (world.bar_side[k] == r or world.barricade[k] <= 0)


@njit(cache=True, inline="always")
def shut_and_piled(r, p, lay, world, census):
    """Whether room ``r`` has no door left to shut or pile up (:func:`barricade` would change
    nothing)."""
    for e in range(lay.room_ptr[r], lay.room_ptr[r + 1]):
        k = lay.room_portal[e]
        if _to_shut(k, e, r, lay, world, census) and (
            world.closed[k] == 0 or _to_pile(k, r, p, world)
        ):
            return False
    return True


@njit(cache=True, inline="always")
def barricade(i, r, t, p, lay, folk, world, census, log):
    """Person ``i`` hiding in room ``r`` shuts its doors and piles up desks against them.

    Once a room has nothing left to shut or pile up, ``world.sealed_at[r]`` says so for the
    rest of the step and the room's other hiders skip the doors: within the people's phase
    doors only get more occupied, and only a barricade pulled aside (:func:`unsealed`) gives
    them work again.
    """
    if world.sealed_at[r] == t:
        return
    if shut_and_piled(r, p, lay, world, census):
        world.sealed_at[r] = t
        return
    for e in range(lay.room_ptr[r], lay.room_ptr[r + 1]):
        k = lay.room_portal[e]
        if not _to_shut(k, e, r, lay, world, census):
            continue
        world.closed[k] = 1
        if not _to_pile(k, r, p, world):
            continue
        if world.barricade[k] <= 0:
            world.bar_side[k] = r
            if world.logged_bar[k] == 0:
                world.logged_bar[k] = 1
                log_event(log, t, EV_BARRICADE, i, -1, r, 0)
        # Desks run out: a room piles up at most barricade_max points.
        add = min(p.barricade_rate * p.dt, p.barricade_max - world.built[k])
        world.barricade[k] += add
        world.built[k] += add
        folk.noise[i] = p.noise_walk


@njit(cache=True, inline="always")
def held_against(k, x, world):
    """Whether portal ``k``'s barricade stands, piled from room ``x``'s side."""
    return world.barricade[k] > 0 and world.broken[k] == 0 and world.bar_side[k] == x


@njit(cache=True, inline="always")
def unsealed(k, lay, world):
    """Portal ``k``'s barricade is gone: the rooms on both sides may have desks to pile again."""
    for r in (lay.portal_a[k], lay.portal_b[k]):
        world.sealed_at[r] = -1.0
        if world.quiet[r] == 1:
            world.quiet[r] = 0
            world.woken[0] = 1


@njit(cache=True, inline="always")
def bonded(j, i, folk, bully):
    """Whether ``j`` has a bond to ``i``: a bully's bond when ``bully``, else any other."""
    for b in range(folk.bond_ptr[j], folk.bond_ptr[j + 1]):
        if folk.bond_to[b] == i and (folk.bond_kind[b] == BULLY) == bully:
            return True
    return False


@njit(cache=True, inline="always")
def let_in(i, other, danger, p, folk, census, rng):
    """Whether the people of room ``other`` open to person ``i`` this step: never to one who
    shows signs or whom their leader bullies; to a friend or partner (less so with zombies at
    the door); to a stranger by status."""
    if folk.state[i] == E and folk.signs[i] == 1:
        return False
    base = p.let_in * p.dt
    if census.hstart[other + 1] == census.hstart[other]:
        return uniform(rng, LET_IN, i) < p.empty_room * base
    keeper = census.leader[other]
    if keeper >= 0 and bonded(keeper, i, folk, True):
        return False
    for q in range(census.hstart[other], census.hstart[other + 1]):
        if bonded(census.hlist[q], i, folk, False):
            return uniform(rng, LET_IN, i) < (p.bonded_in_danger if danger else 1.0)
    odds = base * (folk.status[i] / p.status_reference)
    if danger:
        odds *= p.stranger_in_danger
    return uniform(rng, LET_IN, i) < odds


@njit(cache=True, inline="always")
def knock(i, r, other, t, p, folk, census, log, rng):
    """Person ``i`` knocks at room ``other``'s barricade; True when let in. After ``patience``
    seconds unanswered they give up on that room."""
    if let_in(i, other, census.zcount[r] > 0, p, folk, census, rng):
        log_event(log, t, EV_LET_IN, census.leader[other], i, other, 0)
        folk.patience[i] = 0.0
        return True
    folk.patience[i] += p.dt
    if folk.patience[i] > p.patience:
        log_event(log, t, EV_SHUT_OUT, census.leader[other], i, other, 0)
        folk.patience[i] = 0.0
        folk.refused[i] = other
        folk.target[i] = -1
    return False
