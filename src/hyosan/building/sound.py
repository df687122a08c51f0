"""Phase ``sound``: what each room hears — people, screams, the alarm, decoys — carried through
the room graph, and the loudest way out of each room for a zombie that perceives no one."""

from __future__ import annotations

from numba import njit

from hyosan.building.clock import masking
from hyosan.building.codes import E, H, S
from hyosan.building.plan import DOOR_PORTAL, HALL, LEDGE_REGION, OPENING, STAIR_PORTAL


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
def _make_noise(t, folk, lay, world):
    """Each room's own loudness: fading screams, the living, and decoys playing now."""
    for r in range(lay.room_kind.size):
        world.room_noise[r] = world.scream[r]
    for i in range(folk.state.size):
        s = folk.state[i]
        if s in (S, E, H):
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


@njit(cache=True)
def spread(t, p, lay, folk, world, census, log, rng):
    """Sound this step; screams fade by ``scream_decay`` a step."""
    _make_noise(t, folk, lay, world)
    for r in range(lay.room_kind.size):
        world.scream[r] *= p.scream_decay
    if census.n_z[0] > 0:
        _carry(p, lay, world)
        _loudest_ways(masking(p, t), p, lay, world, census)
