"""How one person answers a leader who proposes to leave: a multinomial logit.

Each member of a hiding room chooses among three options — follow the leader to the proposed
goal, stay hidden, or go alone the other way out (the gate if the leader makes for the roof,
the roof if for the gate) — with probability ``exp(U_k) / Σ exp(U_j)``. Staying is the
reference (``U_stay = 0``); the other utilities add, in logit units, the named coefficients of
the ``decisions`` block times what the person is (traits), whom they are bound to (the leader,
friends and partner already going or staying, a bullying leader) and what they sense (hunger,
zombies next door). docs/building.md ("How people choose") gives each term and its reason.
"""

from __future__ import annotations

import math

from numba import njit

from hyosan.building.clock import warned
from hyosan.building.codes import BULLY, COUPLE, EV_ALONE, EV_FOLLOW, EV_STAY, E, S
from hyosan.building.draws import ANSWER, uniform
from hyosan.building.events import log_event
from hyosan.building.routes import far_side

FOLLOW, STAY, ALONE = 0, 1, 2
"""The options, in the order of the probabilities :func:`odds` returns."""


@njit(cache=True, inline="always")
def lead_score(i, p, folk):
    """How able person ``i`` seems to lead: the room's highest score leads it."""
    return (
        folk.status[i] * p.lead_status
        + folk.leader[i] * p.lead_leader
        + folk.survival[i] * p.lead_survival
        + folk.strength[i] * p.lead_strength
    )


@njit(cache=True, inline="always")
def _choice_of(j, r, gt, folk, world):
    """What ``j`` did about the proposal now open in room ``r``: FOLLOW (making for ``gt``),
    STAY (answered and hiding in ``r``), ALONE (making elsewhere out of ``r``) or -1 (not yet,
    or not in this)."""
    if folk.state[j] != S and folk.state[j] != E:
        return -1
    if folk.target[j] == gt:
        return FOLLOW
    if folk.asked[j] != world.group_t[r]:
        return -1
    if folk.room[j] == r and folk.target[j] == r:
        return STAY
    return ALONE


@njit(cache=True, inline="always")
def _bonds(i, ld, r, gt, p, folk, world):
    """Pulls of ``i``'s bonds on (follow, alone), relative to staying."""
    uf = 0.0
    ua = 0.0
    for b in range(folk.bond_ptr[i], folk.bond_ptr[i + 1]):
        kind = folk.bond_kind[b]
        if kind == BULLY:
            continue
        j = folk.bond_to[b]
        if j == ld:
            uf += p.bond_leader
        w = p.couple_pull if kind == COUPLE else p.friend_pull
        c = _choice_of(j, r, gt, folk, world)
        if c == FOLLOW:
            uf += w
        elif c == STAY:
            uf -= w
            ua -= w
        elif c == ALONE:
            ua += w
    for b in range(folk.bond_ptr[ld], folk.bond_ptr[ld + 1]):
        if folk.bond_to[b] == i and folk.bond_kind[b] == BULLY:
            uf -= p.bully_push
    return uf, ua


@njit(cache=True, inline="always")
def zombies_next_door(r, lay, census):
    """Zombies in the rooms and halls that share a portal with room ``r``."""
    n = 0
    for e in range(lay.room_ptr[r], lay.room_ptr[r + 1]):
        n += census.zcount[lay.room_other[e]]
    return n


@njit(cache=True, inline="always")
def zombies_ahead(i, r, goal, lay, folk, census):
    """Zombies in the rooms along person ``i``'s route from room ``r`` to ``goal``, past the
    room next door (the halls and stairs further on, and the goal itself)."""
    n = 0
    x = r
    hops = 0
    while x != goal and goal >= 0 and hops < lay.room_kind.size:
        code = lay.next_hop[folk.ledge_ok[i], goal, x]
        if code < 0:
            break
        k = code // 2
        x = far_side(k, x, lay)
        hops += 1
        if hops > 1:
            n += census.zcount[x]
    return n


@njit(cache=True, inline="always")
def seen_danger(i, r, goal, near, p, lay, folk, census):
    """The zombies person ``i`` reckons with on the way to ``goal``: those next door
    (``near``: everyone hears them) and, × ``look_ahead`` × their survival sense, those further
    along the route (the sharp look before they go)."""
    if p.look_ahead <= 0.0:
        return float(near)
    ahead = zombies_ahead(i, r, goal, lay, folk, census)
    return near + p.look_ahead * folk.survival[i] * ahead


@njit(cache=True, inline="always")
def _leave(i, danger, t, p, folk):
    """The pull towards leaving by a way on which person ``i`` reckons with ``danger`` zombies:
    hunger; word of the strike; the sharp's knowledge that hiding ends badly (with
    ``danger_sense``: only as far as the way looks clear); and the danger, weighed the more the
    sharper one is."""
    sharp = folk.survival[i] - p.survival_reference
    weight = max(0.0, 1.0 + p.danger_sense * sharp)
    clear = 1.0 / (1.0 + danger) if p.danger_sense > 0.0 else 1.0
    news = p.warned_push if warned(p, t) else 0.0
    return (
        news
        + p.hunger_push * t / 3600.0
        + p.survival_push * sharp * clear
        - p.danger_push * weight * math.log1p(danger)
    )


@njit(cache=True, inline="always")
def utilities(i, ld, r, gt, t, p, lay, folk, world, census):
    """Person ``i``'s utilities of (follow, alone) when leader ``ld`` proposes to leave room
    ``r`` for ``gt`` at time ``t``; staying is 0. Each option is weighed by the danger on its
    own way (the leader's goal, or the other way out)."""
    bf, ba = _bonds(i, ld, r, gt, p, folk, world)
    near = zombies_next_door(r, lay, census)
    to_goal = seen_danger(i, r, gt, near, p, lay, folk, census)
    other = seen_danger(i, r, other_way(gt, lay), near, p, lay, folk, census)
    trusted = p.trust * (lead_score(ld, p, folk) - lead_score(i, p, folk))
    uf = p.follow_base + trusted + _leave(i, to_goal, t, p, folk) + bf
    ua = (
        p.alone_base
        + _leave(i, other, t, p, folk)
        + p.strength_alone * (folk.strength[i] - 1.0)
        + p.leader_alone * folk.leader[i]
        + ba
    )
    return uf, ua


@njit(cache=True, inline="always")
def odds(uf, ua):
    """The logit's probabilities of (follow, stay, alone) for utilities (uf, 0, ua)."""
    top = max(uf, ua, 0.0)
    ef = math.exp(uf - top)
    es = math.exp(-top)
    ea = math.exp(ua - top)
    total = ef + es + ea
    return ef / total, es / total, ea / total


@njit(cache=True, inline="always")
def other_way(gt, lay):
    """Where one goes alone: the way out the leader did not propose (their goal if none)."""
    if gt == lay.roof and lay.gate >= 0:
        return lay.gate
    if gt == lay.gate and lay.roof >= 0:
        return lay.roof
    return gt


@njit(cache=True)
def answer(i, r, t, p, lay, folk, world, census, log, rng):
    """Person ``i`` in room ``r`` answers the proposal open there: follow, stay or go alone."""
    gt = world.group_target[r]
    ld = world.group_lead[r]
    folk.asked[i] = world.group_t[r]
    uf, ua = utilities(i, ld, r, gt, t, p, lay, folk, world, census)
    pf, ps, _ = odds(uf, ua)
    u = uniform(rng, ANSWER, i)
    if u < pf:
        folk.target[i] = gt
        log_event(log, t, EV_FOLLOW, i, ld, r, 0)
    elif u < pf + ps:
        log_event(log, t, EV_STAY, i, ld, r, 0)
    else:
        folk.target[i] = other_way(gt, lay)
        log_event(log, t, EV_ALONE, i, ld, r, 0)
