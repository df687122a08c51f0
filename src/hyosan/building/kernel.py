"""The step loop of one take: a Numba kernel over the agents' arrays.

One call runs a whole take (72 h at a 2 s step is 129,600 steps) and writes its records into
arrays the caller allocated. Agents act in index order, zombies first, then people; every random
draw comes from Numba's generator seeded once with the take's integer seed, so a take depends on
its seed alone. Rules, briefly:

- zombies chase the nearest person they see, smell or hear in their room and attack when next
  to them; otherwise they follow the loudest sound through the room graph; they cannot open
  doors or climb to ledges, and they bash closed doors, barricades and glass until they break;
- people learn of the outbreak from screams, panic or the alarm; then they flee zombies in their
  room by the exit they reach first, hide in a room with no zombie, close its doors and pile up
  a barricade; they follow their room's leader, seek out their partner, let in those they are
  bonded to (strangers by status, never one who shows signs), fight with what they carry, take
  the window ledges if they dare, and after a while leave for the rooftop or the gate;
- soldiers at the gate shoot zombies and take in people; helicopters take everyone on the roof.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from hyosan.building.navigation import DC, DR, INF, can_step
from hyosan.building.plan import (
    DOOR_PORTAL,
    HALL,
    LEDGE_REGION,
    OPENING,
    ROOM,
    STAIR_PORTAL,
    WINDOW,
    WINDOW_PORTAL,
)

S, E, Z, H, D, V = 0, 1, 2, 3, 4, 5
STATES = ("S", "E", "Z", "H", "D", "V")

(
    EV_BITE,
    EV_SCRATCH,
    EV_BLOOD,
    EV_SIGNS,
    EV_TURN,
    EV_HALFBIE,
    EV_KILL,
    EV_BREAK,
    EV_BARRICADE,
    EV_LET_IN,
    EV_SHUT_OUT,
    EV_ALARM,
    EV_DECOY,
    EV_RESCUE,
    EV_CORDON,
    EV_SHOT,
    EV_LEAVE,
    EV_STORM,
    EV_ANIMAL,
    EV_UNBARRICADE,
) = range(20)
EVENTS = (
    "bite",
    "scratch",
    "blood",
    "signs",
    "turn",
    "halfbie",
    "kill",
    "break",
    "barricade",
    "let in",
    "shut out",
    "alarm",
    "decoy",
    "rescue",
    "cordon",
    "shot",
    "leave",
    "storm",
    "animal bite",
    "unbarricade",
)
ROUTES = ("", "bite", "scratch", "blood", "animal")
R_NONE, R_BITE, R_SCRATCH, R_BLOOD, R_ANIMAL = range(5)

(
    P_DT,
    P_STEPS,
    P_START_HOUR,
    P_NIGHT_FROM,
    P_NIGHT_TO,
    P_STORM_FROM,
    P_STORM_TO,
    P_STORM_MASK,
    P_ALARM_Z,
    P_CORDON_AT,
    P_CORDON_KILL,
    P_CORDON_ADMIT,
    P_ROOF_AFTER,
    P_ROOF_RATE,
    P_GATE_SHARE,
    P_Z_RUN,
    P_Z_WANDER_CHANCE,
    P_Z_SIGHT,
    P_Z_NIGHT_SIGHT,
    P_Z_SMELL,
    P_Z_HEARING,
    P_Z_BITE,
    P_Z_STRENGTH,
    P_Z_BASH,
    P_H_WALK,
    P_H_RUN,
    P_N_WALK,
    P_N_RUN,
    P_N_HIDE,
    P_N_SCREAM,
    P_FIGHT,
    P_KILL,
    P_BAR_RATE,
    P_BAR_MAX,
    P_DOOR,
    P_GLASS,
    P_LET_IN,
    P_AWARE,
    P_BITE_MED,
    P_BITE_SD,
    P_SEVERITY,
    P_SCR_MED,
    P_SCR_SD,
    P_SIGNS_AT,
    P_HB_HB,
    P_SCRATCH,
    P_BLOOD,
    P_REC_EVERY,
    P_ROOMS_EVERY,
    P_FRAME_EVERY,
    P_ROOF_ROOM,
    P_GATE_ROOM,
    P_HALFBIE_CHANCE,
    N_PARAMS,
) = range(54)

STAIR_COST = 6.0
"""Moves a flight of stairs costs (a storey is about 6 m of stairs)."""
WINDOW_COST = 3.0
"""Extra moves to climb through a window."""
PATIENCE = 60.0
"""Seconds a person waits at a barricaded door before giving up on that room."""
RETRY = 30.0
"""Seconds before someone with nowhere to go looks again."""
FLEE_LOOK = 16
"""Metres: the doors and windows a fleeing person considers."""
FLEE_RADIUS = 12
"""Metres: a zombie this close in the same room makes an aware person flee."""
NEAR_SCAN = 24
"""Zombies in a room up to which a person scans them all; beyond, the cells around them."""
FLEE_BLOCK = 16
"""Metres: width of the column blocks a room's exits are listed by for fleeing."""


@njit(cache=True)
def fdist(off, box, data, k, f, r, c):
    """Distance in field ``k`` of cell (f, r, c); INF outside its box."""
    df = f - box[k, 0]
    dr = r - box[k, 1]
    dc = c - box[k, 2]
    if df < 0 or dr < 0 or dc < 0 or df >= box[k, 3] or dr >= box[k, 4] or dc >= box[k, 5]:
        return INF
    return data[off[k] + (df * box[k, 4] + dr) * box[k, 5] + dc]


@njit(cache=True)
def field_move(off, box, nxt, k, f, r, c):
    """The move (0–7 planar, 8 down, 9 up) down field ``k``; -1 when arrived, -2 when outside."""
    df = f - box[k, 0]
    dr = r - box[k, 1]
    dc = c - box[k, 2]
    if df < 0 or dr < 0 or dc < 0 or df >= box[k, 3] or dr >= box[k, 4] or dc >= box[k, 5]:
        return -2
    return nxt[off[k] + (df * box[k, 4] + dr) * box[k, 5] + dc]


@njit(cache=True)
def _toward(dy, dx):
    """The move (index into DR, DC) one cell toward an offset."""
    sy = (dy > 0) - (dy < 0)
    sx = (dx > 0) - (dx < 0)
    return (sy + 1) * 3 + (sx + 1) - (1 if (sy + 1) * 3 + (sx + 1) > 4 else 0)


@njit(cache=True)
def cheb(pos, i, j):
    """Chebyshev distance of two agents; a large number on different floors."""
    if pos[i, 0] != pos[j, 0]:
        return 1000
    return max(abs(pos[i, 1] - pos[j, 1]), abs(pos[i, 2] - pos[j, 2]))


@njit(cache=True)
def log_event(ev, count, t, code, who, whom, room, route):
    ev_t, ev_code, ev_who, ev_whom, ev_room, ev_route = ev
    k = count[0]
    if k < ev_t.size:
        ev_t[k] = t
        ev_code[k] = code
        ev_who[k] = who
        ev_whom[k] = whom
        ev_room[k] = room
        ev_route[k] = route
        count[0] = k + 1


@njit(cache=True)
def portal_open_for_zombie(kind, closed, broken, p):
    if kind[p] == OPENING or kind[p] == STAIR_PORTAL:
        return True
    return broken[p] == 1 or closed[p] == 0


@njit(cache=True)
def attenuation(kind, closed, broken, p):
    """Fraction of a room's sound heard through portal ``p``."""
    if kind[p] == OPENING:
        return 0.6
    if kind[p] == STAIR_PORTAL:
        return 0.3
    if broken[p] == 1 or closed[p] == 0:
        return 0.5
    if kind[p] == DOOR_PORTAL:
        return 0.1
    return 0.05


@njit(cache=True)
def time_to_turn(route, P, severity):
    """Seconds from infection to turning, log-normal by route."""
    if route == R_BITE:
        med = P[P_BITE_MED] * np.exp(-P[P_SEVERITY] * (severity - 0.5))
        return med * np.exp(P[P_BITE_SD] * np.random.standard_normal())
    return P[P_SCR_MED] * np.exp(P[P_SCR_SD] * np.random.standard_normal())


@njit(cache=True)
def _infect(j, by, rt, severity, halfbie_chance, t, P, state, infection):
    """Infect person ``j`` at ``t`` by route ``rt``: when they turn, and whether into a halfbie."""
    t_infect, t_turn, route, infector, will_halfbie = infection
    state[j] = E
    t_infect[j] = t
    t_turn[j] = t + time_to_turn(rt, P, severity)
    route[j] = rt
    infector[j] = by
    will_halfbie[j] = 1 if np.random.random() < halfbie_chance else 0


@njit(cache=True)
def run_take(P, plan, nav, world, people, bonds, infection, seed, records, ev, t_fate, room):
    """Run one take in place; returns the number of events logged.

    The arrays come grouped as tuples: the plan's (cells, region, room_kind, portal_kind,
    portal_a, portal_b, portal_cell); the navigation's fields in the order of
    :class:`~hyosan.building.navigation.Navigation`; the world's (rescue_t, decoy_room,
    decoy_t0, decoy_t1, decoy_loud); the people's (pos, state, home, status, strength, speed,
    weapon, leader, halfbie_prone, self_control, ledge_ok) and bonds (bond_ptr, bond_to,
    bond_kind); the infection's (t_infect, t_turn, route, infector, will_halfbie); the records
    (series, rooms_rec, frames_pos, frames_state, frames_portal) and the event columns (t, code,
    who, whom, room, route). ``t_fate`` and ``room`` are written per agent.
    """
    cells, region, room_kind, portal_kind, portal_a, portal_b, portal_cell = plan
    portal_at, field_off, field_box, field_data, field_next = nav[:5]
    room_ptr, room_portal, room_way, room_other = nav[5:]
    rescue_t, decoy_room, decoy_t0, decoy_t1, decoy_loud = world
    pos, state, home, status, strength, speed, weapon, leader = people[:8]
    halfbie_prone, self_control, ledge_ok = people[8:]
    bond_ptr, bond_to, bond_kind = bonds
    t_infect, t_turn, route, infector, will_halfbie = infection
    series, rooms_rec, frames_pos, frames_state, frames_portal = records
    np.random.seed(seed)
    n = state.size
    R = room_kind.size
    NP = portal_kind.size
    dt = P[P_DT]
    steps = int(P[P_STEPS])
    rec_every = int(P[P_REC_EVERY])
    rooms_every = int(P[P_ROOMS_EVERY])
    frame_every = int(P[P_FRAME_EVERY])
    roof_room = int(P[P_ROOF_ROOM])
    gate_room = int(P[P_GATE_ROOM])
    count = np.zeros(1, dtype=np.int64)

    closed = np.zeros(NP, dtype=np.uint8)
    broken = np.zeros(NP, dtype=np.uint8)
    barricade = np.zeros(NP, dtype=np.float64)
    built = np.zeros(NP, dtype=np.float64)
    door_occ = np.zeros(NP, dtype=np.uint8)
    bar_side = np.full(NP, -1, dtype=np.int64)
    door_hp = np.zeros(NP, dtype=np.float64)
    logged_bar = np.zeros(NP, dtype=np.uint8)
    for p in range(NP):
        if portal_kind[p] == WINDOW_PORTAL:
            closed[p] = 1
            door_hp[p] = P[P_GLASS]
        elif portal_kind[p] == DOOR_PORTAL:
            door_hp[p] = P[P_DOOR]

    budget = np.zeros(n)
    aware = np.zeros(n, dtype=np.uint8)
    target = np.full(n, -1, dtype=np.int64)
    refused = np.full(n, -1, dtype=np.int64)
    patience = np.zeros(n)
    retry = np.zeros(n)
    signs = np.zeros(n, dtype=np.uint8)
    zstr = strength * P[P_Z_STRENGTH]
    noise = np.zeros(n)
    room_noise = np.zeros(R)
    heard = np.zeros(R)
    scream = np.zeros(R)
    group_target = np.full(R, -1, dtype=np.int64)

    hcount = np.zeros(R, dtype=np.int64)
    zcount = np.zeros(R, dtype=np.int64)
    acount = np.zeros(R, dtype=np.int64)
    hstart = np.zeros(R + 1, dtype=np.int64)
    zstart = np.zeros(R + 1, dtype=np.int64)
    hlist = np.zeros(n, dtype=np.int64)
    send = np.zeros(R, dtype=np.int64)
    zlist = np.zeros(n, dtype=np.int64)
    fill = np.zeros(R, dtype=np.int64)
    efill = np.zeros(R, dtype=np.int64)
    zfill = np.zeros(R, dtype=np.int64)
    zroom = np.full(n, -1, dtype=np.int64)
    floors, rows, cols = cells.shape
    zall = np.zeros(n, dtype=np.int64)
    zhead = np.full((floors, rows, cols), -1, dtype=np.int64)
    znext = np.zeros(n, dtype=np.int64)
    zused = np.zeros(n, dtype=np.int64)
    n_used = 0
    nfb = cols // FLEE_BLOCK + 1
    flee_ptr, flee_entry = _flee_blocks(room_ptr, room_portal, portal_kind, portal_cell, nfb)
    room_leader = np.full(R, -1, dtype=np.int64)
    lead_score = np.zeros(R)

    # Routes through the room graph do not depend on doors: people open closed doors and knock
    # at barricaded ones, so the first hop from any room to any room is computed once.
    nh = np.full((2, R, R), -1, dtype=np.int32)
    bfs_q0 = np.zeros(R, dtype=np.int64)
    for mode in range(2):
        for tg in range(R):
            _next_hops(tg, mode, nh, room_kind, room_ptr, room_portal, room_other, room_way, bfs_q0)
    best_portal = np.full(R, -1, dtype=np.int64)
    best_way = np.zeros(R, dtype=np.int64)
    att = np.zeros(NP)
    bfs_q = np.zeros(R, dtype=np.int64)
    bfs_seen = np.zeros(R, dtype=np.int64)
    bfs_mark = 0
    graph = (room_kind, room_ptr, room_other)
    agents = (state, room, target, refused, ledge_ok)
    bfs = (bfs_q, bfs_seen)
    walk = (cells, region, portal_at)

    for i in range(n):
        room[i] = region[pos[i, 0], pos[i, 1], pos[i, 2]]
        if state[i] == E:
            t_fate[i] = t_infect[i]

    alarm = False
    storm_logged = False
    rescue_done = np.zeros(rescue_t.size, dtype=np.uint8)
    decoy_logged = np.zeros(decoy_room.size, dtype=np.uint8)
    n_rec = 0
    n_rooms = 0
    n_frames = 0
    hear_thr = P[P_Z_HEARING]

    for step in range(steps + 1):
        t = step * dt
        hour = (P[P_START_HOUR] + t / 3600.0) % 24.0
        if P[P_NIGHT_FROM] > P[P_NIGHT_TO]:
            night = hour >= P[P_NIGHT_FROM] or hour < P[P_NIGHT_TO]
        else:
            night = P[P_NIGHT_FROM] <= hour < P[P_NIGHT_TO]
        storm = P[P_STORM_FROM] <= t < P[P_STORM_TO]
        mask = P[P_STORM_MASK] if storm else 1.0
        if storm and not storm_logged:
            storm_logged = True
            log_event(ev, count, t, EV_STORM, -1, -1, -1, 0)

        # 1. The infected show signs and turn.
        for i in range(n):
            if state[i] != E:
                continue
            if signs[i] == 0 and t >= t_infect[i] + P[P_SIGNS_AT] * (t_turn[i] - t_infect[i]):
                signs[i] = 1
                log_event(ev, count, t, EV_SIGNS, i, -1, room[i], route[i])
            if t >= t_turn[i]:
                t_fate[i] = t
                target[i] = -1
                pp = portal_at[pos[i, 0], pos[i, 1], pos[i, 2]]
                if pp >= 0:
                    # Turning in a doorway: the door can no longer be shut.
                    closed[pp] = 0
                    barricade[pp] = 0.0
                    built[pp] = 0.0
                if will_halfbie[i] == 1:
                    state[i] = H
                    log_event(ev, count, t, EV_HALFBIE, i, -1, room[i], route[i])
                else:
                    state[i] = Z
                    budget[i] = 0.0
                    log_event(ev, count, t, EV_TURN, i, -1, room[i], route[i])

        # 2. Who is in which room.
        hcount[:] = 0
        zcount[:] = 0
        acount[:] = 0
        room_leader[:] = -1
        n_z = 0
        fill[:] = 0
        for i in range(n):
            s = state[i]
            if s in (S, E):
                hcount[room[i]] += 1
                if s == S:
                    fill[room[i]] += 1
                if aware[i] == 1:
                    acount[room[i]] += 1
                    score = status[i] + leader[i]
                    rl = room_leader[room[i]]
                    if rl < 0 or score > lead_score[room[i]]:
                        room_leader[room[i]] = i
                        lead_score[room[i]] = score
            elif s == Z:
                zcount[room[i]] += 1
                zall[n_z] = i
                n_z += 1
        hstart[0] = 0
        zstart[0] = 0
        zmax = 0
        for r in range(R):
            hstart[r + 1] = hstart[r] + hcount[r]
            zstart[r + 1] = zstart[r] + zcount[r]
            zmax = max(zmax, zcount[r])
            # Where each room's next uninfected, infected and zombie go in the lists.
            send[r] = hstart[r] + fill[r]
            fill[r] = hstart[r]
            efill[r] = send[r]
            zfill[r] = zstart[r]
        # People of each room, the uninfected first: hlist[hstart[r]:send[r]] are zombies' prey;
        # all in index order.
        for i in range(n):
            s = state[i]
            r = room[i]
            if s == S:
                hlist[fill[r]] = i
                fill[r] += 1
            elif s == E:
                hlist[efill[r]] = i
                efill[r] += 1
            elif s == Z:
                zlist[zfill[r]] = i
                zfill[r] += 1
                zroom[i] = r

        if not alarm and n_z >= P[P_ALARM_Z] and P[P_ALARM_Z] > 0:
            alarm = True
            log_event(ev, count, t, EV_ALARM, -1, -1, -1, 0)
            for r in range(R):
                if room_kind[r] == HALL:
                    scream[r] += 30.0

        # 3. Sound: people, screams and decoys, carried through the room graph.
        for r in range(R):
            room_noise[r] = scream[r]
            scream[r] *= 0.5
        for i in range(n):
            if state[i] == S or state[i] == E or state[i] == H:
                room_noise[room[i]] += noise[i]
        for d in range(decoy_room.size):
            if decoy_t0[d] <= t < decoy_t1[d]:
                if decoy_logged[d] == 0:
                    decoy_logged[d] = 1
                    log_event(ev, count, t, EV_DECOY, -1, -1, decoy_room[d], 0)
                if decoy_room[d] < 0:
                    for r in range(R):
                        if room_kind[r] == HALL:
                            room_noise[r] += decoy_loud[d]
                else:
                    room_noise[decoy_room[d]] += decoy_loud[d]
        if n_z > 0:
            # Loudness heard in each room (best path, attenuated at each portal), and the
            # loudest way out of each room for a zombie that perceives no one.
            for p in range(NP):
                att[p] = attenuation(portal_kind, closed, broken, p)
            for r in range(R):
                heard[r] = room_noise[r]
            for _ in range(8):
                changed = False
                for p in range(NP):
                    a = portal_a[p]
                    b = portal_b[p]
                    if heard[b] * att[p] > heard[a] + 1e-9:
                        heard[a] = heard[b] * att[p]
                        changed = True
                    if heard[a] * att[p] > heard[b] + 1e-9:
                        heard[b] = heard[a] * att[p]
                        changed = True
                if not changed:
                    break
            for r in range(R):
                best_portal[r] = -1
                if zcount[r] == 0:
                    continue
                bestv = hear_thr
                for e in range(room_ptr[r], room_ptr[r + 1]):
                    s2 = room_other[e]
                    if room_kind[s2] == LEDGE_REGION:
                        continue
                    v = heard[s2] * att[room_portal[e]] * mask
                    if v > bestv and v > room_noise[r] * mask:
                        bestv = v
                        best_portal[r] = room_portal[e]
                        best_way[r] = room_way[e]

        # 4. Zombies.
        sight = P[P_Z_NIGHT_SIGHT] if night else P[P_Z_SIGHT]
        for i in range(n):
            if state[i] != Z:
                continue
            r = room[i]
            budget[i] = min(budget[i], 1.0) + P[P_Z_RUN] * speed[i] * dt
            best = -1
            bestd = 1 << 30
            # They infect and move on: only the uninfected are prey.
            for q in range(hstart[r], send[r]):
                j = hlist[q]
                if state[j] != S:
                    continue
                d = cheb(pos, i, j)
                if d < bestd and (d <= sight or d <= P[P_Z_SMELL] or noise[j] * mask >= hear_thr):
                    best = j
                    bestd = d
            if best >= 0:
                # Chase, then attack when next to them.
                while bestd > 1 and budget[i] >= 1.0:
                    f = pos[i, 0]
                    y = pos[i, 1]
                    x = pos[i, 2]
                    # Straight at them when the cell is open (rooms are mostly convex),
                    # else the best of the eight neighbours.
                    pick = _toward(pos[best, 1] - y, pos[best, 2] - x)
                    yy = y + DR[pick]
                    xx = x + DC[pick]
                    pickd = max(abs(yy - pos[best, 1]), abs(xx - pos[best, 2]))
                    if not (
                        can_step(cells, f, y, x, DR[pick], DC[pick])
                        and portal_at[f, yy, xx] < 0
                        and region[f, yy, xx] == r
                    ):
                        pick, pickd = _best_neighbour(i, r, best, bestd, -1, True, pos, walk)
                        if pick < 0:
                            break
                    pos[i, 1] = y + DR[pick]
                    pos[i, 2] = x + DC[pick]
                    budget[i] -= 1.0
                    bestd = pickd
                if bestd <= 1 and np.random.random() < P[P_Z_BITE]:
                    j = best
                    fights = aware[j] == 1 and np.random.random() < min(
                        0.95, P[P_FIGHT] * strength[j] * (1.0 + 2.0 * weapon[j])
                    )
                    if fights:
                        kc = min(
                            0.9,
                            P[P_KILL]
                            * (1.0 + 2.0 * weapon[j])
                            * strength[j]
                            / max(0.5, zstr[i] / 2.0),
                        )
                        if np.random.random() < kc:
                            state[i] = D
                            t_fate[i] = t
                            log_event(ev, count, t, EV_KILL, j, i, r, 0)
                            if state[j] == S and np.random.random() < P[P_BLOOD]:
                                _infect(
                                    j, i, R_BLOOD, 0.5, halfbie_prone[j], t, P, state, infection
                                )
                                t_fate[j] = t
                                log_event(ev, count, t, EV_BLOOD, i, j, r, R_BLOOD)
                        continue
                    scream[r] += P[P_N_SCREAM]
                    if state[j] == S:
                        rt = R_SCRATCH if np.random.random() < P[P_SCRATCH] else R_BITE
                        _infect(
                            j, i, rt, np.random.random(), halfbie_prone[j], t, P, state, infection
                        )
                        t_fate[j] = t
                        code = EV_SCRATCH if rt == R_SCRATCH else EV_BITE
                        log_event(ev, count, t, code, i, j, r, rt)
                continue
            # Follow the loudest sound, or shuffle.
            bp = best_portal[r]
            bw = best_way[r]
            if bp >= 0:
                k = 2 * bp + bw
                while budget[i] >= 1.0:
                    f = pos[i, 0]
                    y = pos[i, 1]
                    x = pos[i, 2]
                    pick = field_move(field_off, field_box, field_next, k, f, y, x)
                    if pick < 0:
                        if pick == -2:
                            _step_home_region(i, r, pos, cells, region)
                        break
                    ff = f if pick < 8 else (f - 1 if pick == 8 else f + 1)
                    yy = y + (DR[pick] if pick < 8 else 0)
                    xx = x + (DC[pick] if pick < 8 else 0)
                    pp = portal_at[ff, yy, xx]
                    if pp >= 0 and not portal_open_for_zombie(portal_kind, closed, broken, pp):
                        # Bash the door, the barricade or the glass.
                        dmg = P[P_Z_BASH] * zstr[i] * dt
                        if barricade[pp] > 0:
                            barricade[pp] -= dmg
                            if barricade[pp] <= 0:
                                barricade[pp] = 0.0
                                other = portal_b[pp] if portal_a[pp] == r else portal_a[pp]
                                log_event(ev, count, t, EV_BREAK, i, -1, other, 0)
                        else:
                            door_hp[pp] -= dmg
                            if door_hp[pp] <= 0:
                                broken[pp] = 1
                                closed[pp] = 0
                                other = portal_b[pp] if portal_a[pp] == r else portal_a[pp]
                                log_event(ev, count, t, EV_BREAK, i, -1, other, 0)
                        break
                    pos[i, 0] = ff
                    pos[i, 1] = yy
                    pos[i, 2] = xx
                    budget[i] -= STAIR_COST if pick >= 8 else 1.0
                    g = region[ff, yy, xx]
                    if g >= 0:
                        room[i] = g
                        if g != r:
                            break
                continue
            if np.random.random() < P[P_Z_WANDER_CHANCE]:
                m = np.random.randint(0, 8)
                f = pos[i, 0]
                y = pos[i, 1]
                x = pos[i, 2]
                if can_step(cells, f, y, x, DR[m], DC[m]):
                    yy = y + DR[m]
                    xx = x + DC[m]
                    if region[f, yy, xx] == r:
                        pos[i, 1] = yy
                        pos[i, 2] = xx

        # No one shuts a door someone stands in.
        door_occ[:] = 0
        for i in range(n):
            if state[i] == S or state[i] == E or state[i] == Z or state[i] == H:
                pp = portal_at[pos[i, 0], pos[i, 1], pos[i, 2]]
                if pp >= 0:
                    door_occ[pp] = 1
        if zmax > NEAR_SCAN:
            n_used = _zombie_cells(zall, n_z, state, pos, zhead, znext, zused, n_used)

        # 5. People (and halfbies, who keep their minds).
        for i in range(n):
            s = state[i]
            if s != S and s != E and s != H:
                continue
            r = room[i]
            noise[i] = 0.0
            if s == H:
                # Hunger: a halfbie may bite a person next to them; zombies ignore them.
                if np.random.random() < (1.0 - self_control[i]) * 0.001 * dt:
                    for q in range(hstart[r], hstart[r + 1]):
                        j = hlist[q]
                        if state[j] == S and cheb(pos, i, j) <= 1:
                            pj = max(halfbie_prone[j], P[P_HB_HB])
                            _infect(j, i, R_BITE, np.random.random(), pj, t, P, state, infection)
                            t_fate[j] = t
                            scream[r] += P[P_N_SCREAM]
                            log_event(ev, count, t, EV_BITE, i, j, r, R_BITE)
                            break
                aware[i] = 1
            panic = alarm or zcount[r] > 0 or scream[r] > 0.5 or acount[r] > 0
            if aware[i] == 0 and panic and (alarm or np.random.random() < P[P_AWARE] * dt):
                aware[i] = 1
            # Nearest zombie in the room.
            zj = -1
            dz = 1 << 30
            if s != H and zstart[r + 1] - zstart[r] > NEAR_SCAN:
                zj, dz = _nearest_zombie(i, r, pos, state, zroom, zhead, znext, FLEE_RADIUS)
            elif s != H:
                for q in range(zstart[r], zstart[r + 1]):
                    j = zlist[q]
                    if state[j] != Z:
                        continue
                    d = cheb(pos, i, j)
                    if d < dz:
                        dz = d
                        zj = j
                        if d <= 1:
                            break
            run = aware[i] == 1
            budget[i] = min(budget[i], 1.0) + (P[P_H_RUN] * speed[i] if run else P[P_H_WALK]) * dt
            armed = zj >= 0 and dz <= 1 and aware[i] == 1 and weapon[i] >= 0.6
            if armed and np.random.random() < P[P_FIGHT] * strength[i] * (1.0 + 2.0 * weapon[i]):
                noise[i] = P[P_N_RUN]
                kc = min(
                    0.9,
                    P[P_KILL] * (1.0 + 2.0 * weapon[i]) * strength[i] / max(0.5, zstr[zj] / 2.0),
                )
                if np.random.random() < kc:
                    state[zj] = D
                    t_fate[zj] = t
                    log_event(ev, count, t, EV_KILL, i, zj, r, 0)
                continue
            go = -1
            way = 0
            if aware[i] == 1 and zj >= 0 and dz <= FLEE_RADIUS:
                # Flee by the exit reached before the zombie, away from zombies.
                best_score = 1e18
                blk = r * nfb + pos[i, 2] // FLEE_BLOCK
                for q in range(flee_ptr[blk], flee_ptr[blk + 1]):
                    e = flee_entry[q]
                    p = room_portal[e]
                    s2 = room_other[e]
                    if room_kind[s2] == LEDGE_REGION and ledge_ok[i] == 0:
                        continue
                    if barricade[p] > 0 and bar_side[p] == s2:
                        continue
                    kind = portal_kind[p]
                    if kind in (DOOR_PORTAL, WINDOW_PORTAL):
                        # Only doors and windows within reach are worth a look.
                        far = max(
                            abs(portal_cell[p, 1] - pos[i, 1]), abs(portal_cell[p, 2] - pos[i, 2])
                        )
                        if portal_cell[p, 0] != pos[i, 0] or far > FLEE_LOOK:
                            continue
                    k = 2 * p + room_way[e]
                    dme = fdist(
                        field_off, field_box, field_data, k, pos[i, 0], pos[i, 1], pos[i, 2]
                    )
                    dzz = fdist(
                        field_off, field_box, field_data, k, pos[zj, 0], pos[zj, 1], pos[zj, 2]
                    )
                    if dme >= INF or dme >= dzz:
                        continue
                    score = dme - 0.5 * dzz + 50.0 * zcount[s2]
                    if score < best_score:
                        best_score = score
                        go = p
                        way = room_way[e]
                target[i] = -1
                noise[i] = P[P_N_RUN]
                if go < 0:
                    # Cornered: step away from the zombie.
                    pick, _ = _best_neighbour(i, r, zj, dz, 1, False, pos, walk)
                    if pick >= 0 and budget[i] >= 1.0:
                        pos[i, 1] += DR[pick]
                        pos[i, 2] += DC[pick]
                        budget[i] -= 1.0
                    continue
            elif aware[i] == 1:
                gt = group_target[r]
                if gt >= 0 and target[i] == r and room_kind[r] != HALL:
                    target[i] = gt
                if target[i] >= 0 and target[i] != r and zcount[target[i]] > 0:
                    target[i] = -1
                if target[i] < 0 and t >= retry[i]:
                    bfs_mark += 1
                    target[i] = _choose_target(
                        i, r, graph, bonds, agents, zcount, room_leader, gate_room, bfs, bfs_mark
                    )
                    if target[i] < 0:
                        retry[i] = t + RETRY
                if target[i] == r or target[i] < 0:
                    # Hide: close the doors and pile up a barricade while no zombie is inside.
                    noise[i] = P[P_N_HIDE]
                    if room_kind[r] != HALL and zcount[r] == 0:
                        for e in range(room_ptr[r], room_ptr[r + 1]):
                            p = room_portal[e]
                            if portal_kind[p] != DOOR_PORTAL or broken[p] == 1 or door_occ[p] == 1:
                                continue
                            if room_kind[room_other[e]] == ROOM and hcount[room_other[e]] > 0:
                                continue
                            closed[p] = 1
                            if built[p] < P[P_BAR_MAX] and (bar_side[p] == r or barricade[p] <= 0):
                                if barricade[p] <= 0:
                                    bar_side[p] = r
                                    if logged_bar[p] == 0:
                                        logged_bar[p] = 1
                                        log_event(ev, count, t, EV_BARRICADE, i, -1, r, 0)
                                # Desks run out: a room piles up at most P_BAR_MAX points.
                                add = min(P[P_BAR_RATE] * dt, P[P_BAR_MAX] - built[p])
                                barricade[p] += add
                                built[p] += add
                                noise[i] = P[P_N_WALK]
                    at_gate = r == gate_room and t >= P[P_CORDON_AT]
                    if at_gate and np.random.random() < P[P_CORDON_ADMIT] * dt:
                        state[i] = V
                        t_fate[i] = t
                        log_event(ev, count, t, EV_CORDON, -1, i, r, 0)
                    continue
                mode = 1 if ledge_ok[i] == 1 else 0
                tg = target[i]
                code = nh[mode, tg, r]
                if code < 0:
                    target[i] = -1
                    refused[i] = tg
                    continue
                go = code // 2
                way = code % 2
                noise[i] = P[P_N_RUN]
            else:
                # Not yet aware: an ordinary school day, everyone in their room.
                if r != home[i] and home[i] >= 0:
                    tg = home[i]
                    code = nh[0, tg, r]
                    if code >= 0:
                        go = code // 2
                        way = code % 2
                        noise[i] = P[P_N_WALK]
                if go < 0:
                    # A school day is loud: talk, chairs, a lesson.
                    noise[i] = P[P_N_WALK]
                    continue
            # Walk toward portal `go`, crossing it if allowed.
            k = 2 * go + way
            while budget[i] >= 1.0:
                f = pos[i, 0]
                y = pos[i, 1]
                x = pos[i, 2]
                pick = field_move(field_off, field_box, field_next, k, f, y, x)
                if pick < 0:
                    if pick == -2:
                        _step_home_region(i, r, pos, cells, region)
                    break
                ff = f if pick < 8 else (f - 1 if pick == 8 else f + 1)
                yy = y + (DR[pick] if pick < 8 else 0)
                xx = x + (DC[pick] if pick < 8 else 0)
                pp = portal_at[ff, yy, xx]
                cost = STAIR_COST if pick >= 8 else 1.0
                if pp >= 0:
                    other = portal_b[pp] if portal_a[pp] == r else portal_a[pp]
                    if barricade[pp] > 0 and bar_side[pp] == other and broken[pp] == 0:
                        # Knock: the people inside decide.
                        if _let_in(
                            i,
                            other,
                            hstart,
                            hlist,
                            room_leader,
                            status,
                            state,
                            signs,
                            bonds,
                            zcount[r] > 0,
                            P[P_LET_IN] * dt,
                        ):
                            keeper = room_leader[other]
                            log_event(ev, count, t, EV_LET_IN, keeper, i, other, 0)
                            patience[i] = 0.0
                        else:
                            patience[i] += dt
                            if patience[i] > PATIENCE:
                                keeper = room_leader[other]
                                log_event(ev, count, t, EV_SHUT_OUT, keeper, i, other, 0)
                                patience[i] = 0.0
                                refused[i] = other
                                target[i] = -1
                            break
                    elif barricade[pp] > 0 and bar_side[pp] == r:
                        # Leaving: the desks are pulled aside (and can be piled up again).
                        barricade[pp] = 0.0
                        built[pp] = 0.0
                        log_event(ev, count, t, EV_UNBARRICADE, i, -1, r, 0)
                    if cells[ff, yy, xx] == WINDOW:
                        cost += WINDOW_COST
                if budget[i] < cost:
                    break
                pos[i, 0] = ff
                pos[i, 1] = yy
                pos[i, 2] = xx
                budget[i] -= cost
                if pp >= 0:
                    door_occ[pp] = 1
                g = region[ff, yy, xx]
                if g >= 0:
                    room[i] = g
                    if g != r:
                        break

        # 6. Group decisions: leave for the rooftop or the gate; soldiers; helicopters.
        if t >= P[P_ROOF_AFTER] and not night:
            for r in range(R):
                ld = room_leader[r]
                if ld < 0 or room_kind[r] != ROOM or r == roof_room or group_target[r] >= 0:
                    continue
                if target[ld] != r or zcount[r] > 0:
                    continue
                if np.random.random() < P[P_ROOF_RATE] * dt / 3600.0:
                    g = (
                        gate_room
                        if (gate_room >= 0 and np.random.random() < P[P_GATE_SHARE])
                        else roof_room
                    )
                    if g >= 0:
                        group_target[r] = g
                        log_event(ev, count, t, EV_LEAVE, ld, -1, r, 0)
        if t >= P[P_CORDON_AT] and gate_room >= 0:
            for q in range(zstart[gate_room], zstart[gate_room + 1]):
                j = zlist[q]
                if state[j] == Z and np.random.random() < P[P_CORDON_KILL] * dt:
                    state[j] = D
                    t_fate[j] = t
                    log_event(ev, count, t, EV_SHOT, -1, j, gate_room, 0)
        for q in range(rescue_t.size):
            if rescue_done[q] == 0 and t >= rescue_t[q] and roof_room >= 0:
                rescue_done[q] = 1
                for i in range(n):
                    if room[i] == roof_room and (state[i] == S or state[i] == E or state[i] == H):
                        state[i] = V
                        t_fate[i] = t
                        log_event(ev, count, t, EV_RESCUE, -1, i, roof_room, 0)

        # 7. Records.
        if (step % rec_every == 0 or step == steps) and n_rec < series.shape[0]:
            for i in range(n):
                series[n_rec, state[i]] += 1
            n_rec += 1
        if (step % rooms_every == 0 or step == steps) and n_rooms < rooms_rec.shape[0]:
            for i in range(n):
                rooms_rec[n_rooms, room[i], state[i]] += 1
            n_rooms += 1
        if (step % frame_every == 0 or step == steps) and n_frames < frames_pos.shape[0]:
            for i in range(n):
                frames_pos[n_frames, i, 0] = pos[i, 0]
                frames_pos[n_frames, i, 1] = pos[i, 1]
                frames_pos[n_frames, i, 2] = pos[i, 2]
                frames_state[n_frames, i] = state[i]
            for p in range(NP):
                if broken[p] == 1:
                    frames_portal[n_frames, p] = 3
                elif barricade[p] > 0:
                    frames_portal[n_frames, p] = 2 if bar_side[p] == portal_a[p] else 4
                elif closed[p] == 1:
                    frames_portal[n_frames, p] = 1
            n_frames += 1
    return count[0]


@njit(cache=True)
def _flee_blocks(room_ptr, room_portal, portal_kind, portal_cell, nfb):
    """For each room and column block, in order, the exits a person in that block may flee by.

    Doors and windows count only within ``FLEE_LOOK`` columns of the person, so each block lists
    those near it and every other exit; the flee loop then checks the exact distance.
    """
    R = room_ptr.size - 1
    ptr = np.zeros(R * nfb + 1, dtype=np.int64)
    entry = np.zeros((room_ptr[R] + 1) * nfb, dtype=np.int64)
    k = 0
    for r in range(R):
        for b in range(nfb):
            ptr[r * nfb + b] = k
            lo = b * FLEE_BLOCK - FLEE_LOOK
            hi = b * FLEE_BLOCK + FLEE_BLOCK - 1 + FLEE_LOOK
            for e in range(room_ptr[r], room_ptr[r + 1]):
                p = room_portal[e]
                near = lo <= portal_cell[p, 2] <= hi
                if near or (portal_kind[p] != DOOR_PORTAL and portal_kind[p] != WINDOW_PORTAL):
                    entry[k] = e
                    k += 1
    ptr[R * nfb] = k
    return ptr, entry[:k].copy()


@njit(cache=True)
def _zombie_cells(zall, nz, state, pos, head, nxt, used, n_used):
    """List the standing zombies of ``zall[:nz]`` by cell, lowest index first; returns cells used.

    ``head`` holds a cell's first zombie (-1 for none) and ``nxt`` the next one in that cell; the
    cells the previous call filled are cleared first, so no step pays for the whole grid.
    """
    _, rows, cols = head.shape
    flat = head.reshape(-1)
    for q in range(n_used):
        flat[used[q]] = -1
    n_used = 0
    for q in range(nz - 1, -1, -1):
        j = zall[q]
        if state[j] != Z:
            continue
        c = (pos[j, 0] * rows + pos[j, 1]) * cols + pos[j, 2]
        if flat[c] == -1:
            used[n_used] = c
            n_used += 1
        nxt[j] = flat[c]
        flat[c] = j
    return n_used


@njit(cache=True)
def _first_in_cell(head, nxt, state, zroom, r, f, y, x):
    """The lowest-index standing zombie of room ``r`` in cell (f, y, x), or -1."""
    j = head[f, y, x]
    while j >= 0 and (state[j] != Z or zroom[j] != r):
        j = nxt[j]
    return j


@njit(cache=True)
def _nearest_zombie(i, r, pos, state, zroom, head, nxt, radius):
    """The zombie listed in room ``r`` nearest to ``i`` within ``radius``, and its distance.

    The same choice as scanning the room's zombies in index order and stopping at the first one
    next to ``i``: the lowest index among those at distance 1 or less, else among the nearest.
    Searches ring by ring outward; returns (-1, 1 << 30) when none is that close.
    """
    _, rows, cols = head.shape
    f = pos[i, 0]
    y = pos[i, 1]
    x = pos[i, 2]
    best = -1
    bestd = 1 << 30
    for d in range(radius + 1):
        for yy in range(max(0, y - d), min(rows - 1, y + d) + 1):
            # A ring's top and bottom rows whole; between them only its two sides.
            step = 1 if yy == y - d or yy == y + d else 2 * d
            for xx in range(x - d, x + d + 1, step):
                if xx < 0 or xx >= cols:
                    continue
                j = _first_in_cell(head, nxt, state, zroom, r, f, yy, xx)
                if j >= 0 and (best < 0 or j < best):
                    best = j
                    bestd = d
        if best >= 0 and d >= 1:
            break
    return best, bestd


@njit(cache=True)
def _best_neighbour(i, r, j, dj, sign, off_portals, pos, walk):
    """The first of agent ``i``'s open neighbour cells in room ``r`` farther from agent ``j``
    (``sign`` 1) or nearer to them (-1) than any other and than ``dj``, and that distance;
    -1 when none. With ``off_portals`` door and window cells do not count.
    """
    cells, region, portal_at = walk
    f = pos[i, 0]
    y = pos[i, 1]
    x = pos[i, 2]
    pick = -1
    pickd = dj
    for m in range(8):
        if not can_step(cells, f, y, x, DR[m], DC[m]):
            continue
        yy = y + DR[m]
        xx = x + DC[m]
        if region[f, yy, xx] != r or (off_portals and portal_at[f, yy, xx] >= 0):
            continue
        dd = max(abs(yy - pos[j, 1]), abs(xx - pos[j, 2]))
        if (dd - pickd) * sign > 0:
            pickd = dd
            pick = m
    return pick, pickd


@njit(cache=True)
def _step_home_region(i, r, pos, cells, region):
    """Step off a portal cell into the agent's own room when no field covers it."""
    f = pos[i, 0]
    y = pos[i, 1]
    x = pos[i, 2]
    for m in range(8):
        if can_step(cells, f, y, x, DR[m], DC[m]) and region[f, y + DR[m], x + DC[m]] == r:
            pos[i, 1] = y + DR[m]
            pos[i, 2] = x + DC[m]
            return


@njit(cache=True)
def _let_in(i, other, hstart, hlist, room_leader, status, state, signs, bonds, danger, base):
    """Whether the people of room ``other`` open to person ``i`` this step."""
    bond_ptr, bond_to, bond_kind = bonds
    if state[i] == E and signs[i] == 1:
        return False
    keeper = room_leader[other]
    if hstart[other + 1] == hstart[other]:
        return np.random.random() < 0.2 * base
    if keeper >= 0:
        for b in range(bond_ptr[keeper], bond_ptr[keeper + 1]):
            if bond_to[b] == i and bond_kind[b] == 2:
                return False
    for q in range(hstart[other], hstart[other + 1]):
        j = hlist[q]
        for b in range(bond_ptr[j], bond_ptr[j + 1]):
            if bond_to[b] == i and bond_kind[b] != 2:
                return np.random.random() < (0.3 if danger else 1.0)
    p = base * (status[i] / 0.5)
    if danger:
        p *= 0.1
    return np.random.random() < p


@njit(cache=True)
def _next_hops(tg, mode, nh, room_kind, room_ptr, room_portal, room_other, room_way, queue):
    """Breadth-first from ``tg`` backwards: nh[mode, tg, x] = 2 portal + way for the first hop."""
    R = room_kind.size
    for x in range(R):
        nh[mode, tg, x] = -1
    nh[mode, tg, tg] = -2
    head = 0
    tail = 0
    queue[tail] = tg
    tail += 1
    while head < tail:
        y = queue[head]
        head += 1
        for e in range(room_ptr[y], room_ptr[y + 1]):
            x = room_other[e]
            if nh[mode, tg, x] != -1:
                continue
            if room_kind[x] == LEDGE_REGION and mode == 0:
                continue
            nh[mode, tg, x] = 2 * room_portal[e] + (1 - room_way[e])
            queue[tail] = x
            tail += 1


@njit(cache=True)
def _choose_target(i, r, graph, bonds, agents, zcount, room_leader, gate_room, bfs, mark):
    """Where an aware person goes: to their partner, with their leader, or the nearest safe room."""
    room_kind, room_ptr, room_other = graph
    bond_ptr, bond_to, bond_kind = bonds
    state, room, target, refused, ledge_ok = agents
    queue, seen = bfs
    for b in range(bond_ptr[i], bond_ptr[i + 1]):
        if bond_kind[b] == 1:
            j = bond_to[b]
            if (state[j] == S or state[j] == E) and room_kind[room[j]] == ROOM:
                q = room[j]
                if zcount[q] == 0 and refused[i] != q:
                    return q
    ld = room_leader[r]
    if (
        ld >= 0
        and ld != i
        and target[ld] >= 0
        and zcount[target[ld]] == 0
        and refused[i] != target[ld]
    ):
        return target[ld]
    if room_kind[r] == ROOM and zcount[r] == 0 and refused[i] != r:
        return r
    head = 0
    tail = 0
    queue[tail] = r
    tail += 1
    seen[r] = mark
    while head < tail:
        y = queue[head]
        head += 1
        if y != r and room_kind[y] == ROOM and zcount[y] == 0 and refused[i] != y:
            return y
        for e in range(room_ptr[y], room_ptr[y + 1]):
            x = room_other[e]
            if seen[x] == mark:
                continue
            if room_kind[x] == LEDGE_REGION and ledge_ok[i] == 0:
                continue
            if zcount[x] > 0 and room_kind[x] != HALL:
                continue
            seen[x] = mark
            queue[tail] = x
            tail += 1
    if gate_room >= 0:
        return gate_room
    return -1


__all__ = ["EVENTS", "ROUTES", "STATES", "run_take"]
