"""Who only hides this step: a turn that would change nothing is skipped.

For most of a long take most people hide in a room shut and piled up, with no zombie in it and
nothing proposed, and each step their turn finds nothing to do. Such a turn is skipped: a room
is *quiet* in a step when it holds no zombie, no proposal to answer, no soldiers checking who
waits there, and its doors are shut and piled up (or it is a hallway); a person in a quiet room
*rests* when they are aware, make for the room they are in, are as quiet as a hider, and have
their moves topped up. These are exactly the conditions under which a person's turn
(:mod:`hyosan.building.people`) only writes what is already there, and it draws nothing, so a
seed gives the same take with or without the skip — only faster.

Those who rest are not even visited: the people's phase walks the list of the *awake*
(``census.awake``), listed again only when it may have changed — after a new count of who is
where, when a room's quiet changed, or when someone on the list rested. Between those, a
person who rests keeps resting: what their rest depends on changes only in their own turn or
with one of those. Within the people's phase a quiet room stays quiet — zombies and proposals
change in other phases, doors only get more occupied — except when a barricade is pulled aside
(:func:`hyosan.building.doors.unsealed`), and the awake are listed again from there. A rule
that changes someone's target or awareness outside their own turn marks the list stale.
"""

from __future__ import annotations

from numba import njit

from hyosan.building.bodies import settled
from hyosan.building.codes import E, S
from hyosan.building.doors import shut_and_piled
from hyosan.building.plan import HALL
from hyosan.building.walk import topped_up


@njit(cache=True, inline="always")
def _quiet(r, t, p, lay, world, census):
    """Whether room ``r`` gives its hiders nothing to do this step."""
    if census.hcount[r] == 0 or census.zstart[r + 1] != census.zstart[r]:
        return False
    if world.group_target[r] >= 0 or r == lay.hills or (r == lay.gate and t >= p.cordon_at):
        return False
    if lay.room_kind[r] == HALL or world.sealed_at[r] == t:
        return True
    if shut_and_piled(r, p, lay, world, census):
        world.sealed_at[r] = t
        return True
    return False


@njit(cache=True, inline="always")
def quiet_rooms(t, p, lay, world, census):
    """Mark the quiet rooms of this step (``world.quiet``); the awake are listed again when a
    room's mark changed, or when since the last people's phase someone stepped onto the cell of
    one who rests (a zombie's move: ``world.woken``, :func:`~hyosan.building.bodies.place`)."""
    if world.woken[0] == 1:
        census.stale[0] = 1
    world.woken[0] = 0
    for r in range(lay.room_kind.size):
        q = 1 if _quiet(r, t, p, lay, world, census) else 0
        if q != world.quiet[r]:
            world.quiet[r] = q
            census.stale[0] = 1


@njit(cache=True, inline="always")
def rests(i, r, p, lay, folk, world):
    """Whether person ``i``, in quiet room ``r``, only hides this step (settled on their cell:
    with someone beside them on it they may make room, :func:`~hyosan.building.bodies.
    make_room`)."""
    if folk.aware[i] != 1 or folk.target[i] != r or folk.noise[i] != p.noise_hide:
        return False
    if not settled(i, r, p, lay, folk, world):
        return False
    b = folk.budget[i]
    return b == topped_up(b, p.run_speed * folk.speed[i], p)


@njit(cache=True, inline="always")
def resting(i, p, lay, folk, world):
    """Whether person ``i`` skips this step: uninfected or infected, in a quiet room, resting
    (never with ``rest_skip`` 0)."""
    if p.rest_skip == 0:
        return False
    s = folk.state[i]
    r = folk.room[i]
    return s in (S, E) and world.quiet[r] == 1 and rests(i, r, p, lay, folk, world)


@njit(cache=True, inline="always")
def list_awake(after, p, lay, folk, world, census):
    """List the live after index ``after`` (-1: all) who do not rest, in index order."""
    n = 0
    for q in range(census.n_live[0]):
        i = census.live[q]
        if i > after and not resting(i, p, lay, folk, world):
            census.awake[n] = i
            n += 1
    census.n_awake[0] = n
    census.stale[0] = 0
