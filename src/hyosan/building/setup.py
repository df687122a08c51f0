"""Allocating a take's records: the plan as a Layout, the people, the world, the census, the
log and the random streams."""

from __future__ import annotations

import numpy as np

from hyosan.building.detour import MEMORY
from hyosan.building.draws import at_step
from hyosan.building.flee import FLEE_BLOCK, flee_blocks
from hyosan.building.navigation import Navigation
from hyosan.building.plan import GROUND_REGION, STAIRS, Plan
from hyosan.building.population import Population
from hyosan.building.records import Census, Draws, Layout, Log, Params, People, World
from hyosan.seeding import take_sequence


def draws_of(seed: int, take: int) -> Draws:
    """The take's draws: their key is the first word of its SeedSequence's child 0 (the
    take's own sequence makes its people)."""
    draws = Draws(
        key=take_sequence(seed, take).spawn(1)[0].generate_state(1, np.uint64),
        step=np.zeros(1, dtype=np.int64),
        base=np.zeros(1, dtype=np.uint64),
    )
    at_step(draws, 0)
    return draws


def layout_of(plan: Plan, nav: Navigation, p: Params, roof: int, gate: int, hills: int) -> Layout:
    """The plan, its fields, routes and exits for fleeing, and the rooms with a role."""
    nfb = plan.cells.shape[2] // FLEE_BLOCK + 1
    ptr, entry = flee_blocks(
        nav.room_ptr, nav.room_portal, plan.portal_kind, plan.portal_cell, nfb, p.flee_look
    )
    return Layout(
        cells=plan.cells,
        region=plan.region,
        room_kind=plan.room_kind,
        portal_kind=plan.portal_kind,
        portal_a=plan.portal_a,
        portal_b=plan.portal_b,
        portal_cell=plan.portal_cell,
        portal_at=nav.portal_at,
        field_off=nav.field_off,
        field_box=nav.field_box,
        field_data=nav.field_data,
        field_next=nav.field_next,
        room_ptr=nav.room_ptr,
        room_portal=nav.room_portal,
        room_way=nav.room_way,
        room_other=nav.room_other,
        next_hop=nav.next_hop,
        hops=nav.hops,
        flee_ptr=ptr,
        flee_entry=entry,
        flee_blocks=int(nfb),
        roof=int(roof),
        gate=int(gate),
        hills=int(hills),
        lane_at=stair_lanes(plan.cells),
        outdoors=((plan.room_kind == GROUND_REGION) & (plan.room_floor == 0)).astype(np.uint8),
        entry_of=entries_of(plan, nav),
        twin=twins_of(nav),
    )


def stair_lanes(cells: np.ndarray) -> np.ndarray:
    """Each '^' cell with a '^' straight above it numbered as a stair lane (a metre of stairs
    between two floors); -1 elsewhere."""
    up = np.zeros(cells.shape, dtype=bool)
    up[:-1] = (cells[:-1] == STAIRS) & (cells[1:] == STAIRS)
    lanes = np.full(cells.shape, -1, dtype=np.int32)
    lanes[up] = np.arange(int(up.sum()), dtype=np.int32)
    return lanes


def entries_of(plan: Plan, nav: Navigation) -> np.ndarray:
    """Where each portal stands in the entry lists of the rooms on its two sides."""
    out = np.full((len(plan.portal_kind), 2), -1, dtype=np.int64)
    for r in range(plan.rooms):
        for e in range(int(nav.room_ptr[r]), int(nav.room_ptr[r + 1])):
            k = int(nav.room_portal[e])
            out[k, 0 if plan.portal_a[k] == r else 1] = e
    return out


def twins_of(nav: Navigation) -> np.ndarray:
    """For each room entry, the next entry of the same room leading to the same room (itself
    when there is no other): the doors a person may choose between (bodies.py)."""
    twin = np.arange(len(nav.room_portal), dtype=np.int64)
    for r in range(len(nav.room_ptr) - 1):
        lo, hi = int(nav.room_ptr[r]), int(nav.room_ptr[r + 1])
        by_other: dict[int, list[int]] = {}
        for e in range(lo, hi):
            by_other.setdefault(int(nav.room_other[e]), []).append(e)
        for ring in by_other.values():
            for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
                twin[a] = b
    return twin


def people_of(
    pop: Population, p: Params, state: np.ndarray, infection: dict[str, np.ndarray]
) -> People:
    """The people's record: traits from the population, infection as set up, working state."""
    n = pop.size
    return People(
        pos=pop.pos.copy(),
        state=state,
        room=np.zeros(n, dtype=np.int64),
        home=pop.home.astype(np.int64),
        status=pop.status,
        strength=pop.strength,
        speed=pop.speed,
        weapon=pop.weapon,
        leader=pop.leader.astype(np.float64),
        survival=pop.survival,
        halfbie_prone=pop.halfbie_prone,
        self_control=pop.self_control,
        ledge_ok=pop.ledge_ok,
        bond_ptr=pop.bond_ptr,
        bond_to=pop.bond_to,
        bond_kind=pop.bond_kind,
        t_fate=np.zeros(n),
        budget=np.zeros(n),
        aware=np.zeros(n, dtype=np.uint8),
        target=np.full(n, -1, dtype=np.int64),
        refused=np.full(n, -1, dtype=np.int64),
        patience=np.zeros(n),
        retry=np.zeros(n),
        signs=np.zeros(n, dtype=np.uint8),
        kept=np.zeros(n, dtype=np.uint8),
        zombie_strength=pop.strength * p.zombie_strength,
        noise=np.zeros(n),
        asked=np.full(n, -1.0),
        budget_at=np.full(n, -1, dtype=np.int64),
        avoid=np.full((n, MEMORY), -1, dtype=np.int64),
        avoid_t=np.full((n, MEMORY), -np.inf),
        shuffle_at=np.full(n, -1, dtype=np.int64),
        came_by=np.full(n, -1, dtype=np.int64),
        in_door=np.zeros(n, dtype=np.uint8),
        door_list=np.zeros(n, dtype=np.int64),
        door_n=np.zeros(1, dtype=np.int64),
        **infection,
    )


def world_of(
    plan: Plan,
    bodies: tuple[np.ndarray, np.ndarray],
    rescue_t: np.ndarray,
    decoys: dict[str, np.ndarray],
) -> World:
    """Doors open and whole, no barricades, silence, nobody on the floor yet (the kernel
    counts them in); ``bodies`` is what each cell holds and how a crowd slows a walker
    (:mod:`hyosan.building.bodies`); the schedule's times."""
    n_p = len(plan.portal_kind)
    rooms = plan.rooms
    lanes = int(((plan.cells[:-1] == STAIRS) & (plan.cells[1:] == STAIRS)).sum())
    return World(
        closed=np.zeros(n_p, dtype=np.uint8),
        broken=np.zeros(n_p, dtype=np.uint8),
        barricade=np.zeros(n_p),
        built=np.zeros(n_p),
        door_occ=np.zeros(n_p, dtype=np.uint8),
        door_t=np.full(n_p, -1.0),
        door_wait=np.zeros(n_p, dtype=np.int64),
        bar_side=np.full(n_p, -1, dtype=np.int64),
        door_hp=np.zeros(n_p),
        logged_bar=np.zeros(n_p, dtype=np.uint8),
        att=np.zeros(n_p),
        room_noise=np.zeros(rooms),
        heard=np.zeros(rooms),
        scream=np.zeros(rooms),
        best_portal=np.full(rooms, -1, dtype=np.int64),
        best_way=np.zeros(rooms, dtype=np.int64),
        group_target=np.full(rooms, -1, dtype=np.int64),
        group_t=np.full(rooms, -1.0),
        group_lead=np.full(rooms, -1, dtype=np.int64),
        rescue_t=rescue_t,
        rescue_done=np.zeros(rescue_t.size, dtype=np.uint8),
        alarm=np.zeros(1, dtype=np.uint8),
        struck=np.zeros(1, dtype=np.uint8),
        was_noise=np.zeros(rooms),
        was_closed=np.zeros(n_p, dtype=np.uint8),
        was_broken=np.zeros(n_p, dtype=np.uint8),
        was_zcount=np.zeros(rooms, dtype=np.int64),
        was_mask=np.full(1, np.nan),
        sealed_at=np.full(rooms, -1.0),
        quiet=np.zeros(rooms, dtype=np.uint8),
        woken=np.zeros(1, dtype=np.uint8),
        occ=np.zeros(plan.cells.shape, dtype=np.int16),
        cap=bodies[0],
        slow=bodies[1],
        lane_t=np.full(lanes, -1.0),
        lane_credit=np.zeros(lanes),
        door_credit=np.zeros(n_p),
        push=np.zeros(n_p),
        push_n=np.zeros(n_p, dtype=np.int64),
        push_last=np.zeros(n_p, dtype=np.int64),
        push_t=np.full(n_p, -1.0),
        jam_t=np.full(n_p, -np.inf),
        **decoys,
    )


def census_of(n: int, rooms: int, shape: tuple[int, int, int]) -> Census:
    """Empty room lists for ``n`` agents in ``rooms`` rooms on a grid of ``shape``."""

    def ints(size: int, fill: int = 0) -> np.ndarray:
        return np.full(size, fill, dtype=np.int64)

    return Census(
        hcount=ints(rooms),
        zcount=ints(rooms),
        acount=ints(rooms),
        hstart=ints(rooms + 1),
        send=ints(rooms),
        zstart=ints(rooms + 1),
        fill=ints(rooms),
        efill=ints(rooms),
        zfill=ints(rooms),
        hlist=ints(n),
        zlist=ints(n),
        zroom=ints(n, -1),
        zall=ints(n),
        leader=ints(rooms, -1),
        lead_score=np.zeros(rooms),
        zhead=np.full(shape, -1, dtype=np.int64),
        znext=ints(n),
        zused=ints(n),
        n_used=ints(1),
        n_z=ints(1),
        zmax=ints(1),
        bfs_q=ints(rooms),
        bfs_seen=ints(rooms),
        bfs_first=ints(rooms),
        bfs_depth=ints(rooms),
        mark=ints(1),
        live=ints(n),
        n_live=ints(1),
        awake=ints(n),
        n_awake=ints(1),
        stale=np.ones(1, dtype=np.int64),
        turns=ints(2),
        was_state=np.full(n, -1, dtype=np.int8),
        was_room=ints(n, -1),
        was_aware=np.zeros(n, dtype=np.uint8),
        grid_ok=ints(1),
    )


def log_of(shapes: tuple[int, int, int], n: int, plan: Plan, cap: int) -> Log:
    """Zeroed records: ``shapes`` rows of series, room counts and frames; ``cap`` events."""
    n_rec, n_rooms, n_frames = shapes
    return Log(
        series=np.zeros((n_rec, 6), dtype=np.int32),
        rooms=np.zeros((n_rooms, plan.rooms, 6), dtype=np.int32),
        frames_pos=np.zeros((n_frames, n, 3), dtype=np.int16),
        frames_state=np.zeros((n_frames, n), dtype=np.int8),
        frames_portal=np.zeros((n_frames, len(plan.portal_kind)), dtype=np.int8),
        ev_t=np.zeros(cap),
        ev_code=np.zeros(cap, dtype=np.int8),
        ev_who=np.zeros(cap, dtype=np.int64),
        ev_whom=np.zeros(cap, dtype=np.int64),
        ev_room=np.zeros(cap, dtype=np.int64),
        ev_route=np.zeros(cap, dtype=np.int8),
        ev_n=np.zeros(cap, dtype=np.int64),
        n_events=np.zeros(1, dtype=np.int64),
        n_rec=np.zeros(1, dtype=np.int64),
        n_rooms=np.zeros(1, dtype=np.int64),
        n_frames=np.zeros(1, dtype=np.int64),
    )


__all__ = ["census_of", "layout_of", "log_of", "people_of", "draws_of", "world_of"]
