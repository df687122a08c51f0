"""Phase ``sound``: what each room hears — people, screams, the alarm, decoys — carried through
the room graph, and the loudest way out of each room for a zombie that perceives no one."""

from __future__ import annotations

from numba import njit

from hyosan.building.clock import masking
from hyosan.building.plan import DOOR_PORTAL, HALL, LEDGE_REGION, OPENING, STAIR_PORTAL

SILENCE = 1e-18
"""Loudness below which what is left of a fading scream is dropped (only a matter of speed):
added to any other sound in the room (a hiding person is 0.05) it rounds away, and alone it is
far below ``hearing`` and below the 1e-9 a carried sound must gain to count. Left to underflow,
a scream halving each step would take a thousand steps, and the sound would be carried through
the building again at every one of them."""


@njit(cache=True, inline="always")
def attenuation(p, lay, world, k):
    """Fraction of a room's sound heard through portal ``k``."""
    kind = lay.portal_kind[k]
    if kind == OPENING:
        return p.through_opening
    if kind == STAIR_PORTAL:
        return p.through_stairs
    if world.broken[k] == 1 or world.closed[k] == 0:
        return p.through_open_door
    if kind == DOOR_PORTAL:
        return p.through_door
    return p.through_window


@njit(cache=True, inline="always")
def _make_noise(t, folk, lay, world, census):
    """Each room's own loudness: fading screams, the living (the census's ``live``, in index
    order), and decoys playing now."""
    for r in range(lay.room_kind.size):
        world.room_noise[r] = world.scream[r]
    for q in range(census.n_live[0]):
        i = census.live[q]
        world.room_noise[folk.room[i]] += folk.noise[i]
    for d in range(world.decoy_room.size):
        if world.decoy_t0[d] <= t < world.decoy_t1[d]:
            if world.decoy_room[d] < 0:
                for r in range(lay.room_kind.size):
                    if lay.room_kind[r] == HALL:
                        world.room_noise[r] += world.decoy_loud[d]
            else:
                world.room_noise[world.decoy_room[d]] += world.decoy_loud[d]


@njit(cache=True, inline="always")
def _carry(p, lay, world):
    """Loudness heard in each room: the best path, attenuated at each portal."""
    for k in range(lay.portal_kind.size):
        world.att[k] = attenuation(p, lay, world, k)
    world.heard[:] = world.room_noise
    for _ in range(p.sound_hops):
        changed = False
        for k in range(lay.portal_kind.size):
            a = lay.portal_a[k]
            b = lay.portal_b[k]
            if world.heard[b] * world.att[k] > world.heard[a] + 1e-9:
                world.heard[a] = world.heard[b] * world.att[k]
                changed = True
            if world.heard[a] * world.att[k] > world.heard[b] + 1e-9:
                world.heard[b] = world.heard[a] * world.att[k]
                changed = True
        if not changed:
            break


@njit(cache=True, inline="always")
def _loudest_ways(mask, p, lay, world, census):
    """For each room with zombies, the portal to the loudest neighbour louder than the room."""
    for r in range(lay.room_kind.size):
        world.best_portal[r] = -1
        if census.zcount[r] == 0:
            continue
        best = p.hearing
        for e in range(lay.room_ptr[r], lay.room_ptr[r + 1]):
            other = lay.room_other[e]
            if lay.room_kind[other] == LEDGE_REGION:
                continue
            v = world.heard[other] * world.att[lay.room_portal[e]] * mask
            if v > best and v > world.room_noise[r] * mask:
                best = v
                world.best_portal[r] = lay.room_portal[e]
                world.best_way[r] = lay.room_way[e]


@njit(cache=True, inline="always")
def _as_before(mask, world, census):
    """Whether what the sound is carried from — each room's loudness, the portals shut and
    broken, the zombies per room, the masking — is what it was carried from last time (then
    what each room hears and its loudest way out are unchanged); if not, note it now."""
    same = mask == world.was_mask[0]
    for r in range(world.room_noise.size):
        same &= world.room_noise[r] == world.was_noise[r]
        same &= census.zcount[r] == world.was_zcount[r]
    for k in range(world.closed.size):
        same &= world.closed[k] == world.was_closed[k]
        same &= world.broken[k] == world.was_broken[k]
    if not same:
        world.was_mask[0] = mask
        world.was_noise[:] = world.room_noise
        world.was_zcount[:] = census.zcount
        world.was_closed[:] = world.closed
        world.was_broken[:] = world.broken
    return same


@njit(cache=True)
def spread(t, p, lay, folk, world, census, log, rng):
    """Sound this step; screams fade by ``scream_decay`` a step. What each room hears is carried
    again only when what it is carried from changed."""
    _make_noise(t, folk, lay, world, census)
    for r in range(lay.room_kind.size):
        world.scream[r] *= p.scream_decay
        if world.scream[r] < SILENCE:
            world.scream[r] = 0.0
    mask = masking(p, t)
    if census.n_z[0] > 0 and not _as_before(mask, world, census):
        _carry(p, lay, world)
        _loudest_ways(mask, p, lay, world, census)
