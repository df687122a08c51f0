"""The named records every step phase reads and writes.

A take's state reaches the Numba phases as NamedTuples of arrays and scalars (Numba compiles
them as records with named fields; measured against jitclasses they compiled faster, ran as
fast, and unlike jitclasses they can be cached on disk). A phase reads ``p.bite_chance`` or
``folk.state[i]``; nothing is passed by position. Scalars that change during a take live in
one-element arrays (``world.alarm[0]``), because a NamedTuple itself is immutable.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class Params(NamedTuple):
    """Every behaviour number of a take, in seconds, metres and plain fractions."""

    # The clock and the world (schema block ``world``; hours turned into seconds).
    dt: float
    steps: int
    start_hour: float
    night_from: float
    night_to: float
    storm_from: float
    storm_to: float
    storm_masking: float
    alarm_zombies: float
    cordon_at: float
    cordon_kill: float
    cordon_admit: float
    roof_after: float
    roof_rate: float
    gate_share: float
    hills_share: float
    camp_admit: float
    strike_at: float  # seconds; infinity for no strike
    warn_at: float  # seconds; word of the strike arrives (infinity for none)
    warned_rate: float
    drill_at: float  # seconds; infinity for no fire drill
    # Zombies (block ``zombies``).
    zombie_speed: float
    wander_chance: float
    sight: float
    night_sight: float
    smell: float
    hearing: float
    bite_chance: float
    zombie_strength: float
    bash: float
    # People (block ``people``).
    walk_speed: float
    run_speed: float
    noise_walk: float
    noise_run: float
    noise_hide: float
    noise_scream: float
    fight_chance: float
    kill_chance: float
    barricade_rate: float
    barricade_max: float
    door_strength: float
    glass_strength: float
    let_in: float
    aware_chance: float
    # The virus (block ``virus``).
    bite_median: float
    bite_sd: float
    severity_effect: float
    scratch_median: float
    scratch_sd: float
    animal_median: float
    animal_sd: float
    signs_at: float
    halfbie_bite_halfbie: float
    scratch_chance: float
    blood_chance: float
    hide_chance: float
    expel_rate: float
    keep_chance: float
    watch_kill: float
    # Records: steps between rows.
    rec_every: int
    rooms_every: int
    frame_every: int
    # How the people's phase runs (not a behaviour): 1 skips those who rest (rest.py), 0 visits
    # every person as before the skip; the takes are the same either way.
    rest_skip: int
    # Sound (block ``sound``).
    alarm_loudness: float
    scream_decay: float
    panic_loudness: float
    through_opening: float
    through_stairs: float
    through_open_door: float
    through_door: float
    through_window: float
    sound_hops: int
    # Moving and fleeing (block ``moving``).
    stair_cost: float
    window_cost: float
    flee_look: int
    flee_radius: int
    flee_zombie_weight: float
    flee_crowd_weight: float
    door_flow: float
    detour: int
    memory: float
    patience: float
    retry: float
    survival_reference: float
    flee_pace: float
    # Bodies (block ``bodies``): crowds take room, slow down and push.
    bodies: int  # 1: the rules below act; 0: the engine before bodies
    window_flow: float
    stair_flow: float
    stair_up_cost: float
    hold: float
    # Fighting (block ``fighting``).
    weapon_bonus: float
    fight_cap: float
    kill_cap: float
    armed_skill: float
    zombie_toughness: float
    toughness_floor: float
    stun: float
    # Letting people in (block ``trust``).
    empty_room: float
    bonded_in_danger: float
    stranger_in_danger: float
    status_reference: float
    # Halfbies (block ``halfbies``).
    halfbie_hunger: float
    halfbie_strength: float
    hunger_growth: float
    fight_back: float
    leave_at: float
    hunt_at: float
    halfbie_detect: float
    # The cordon and the rescue look (block ``world``).
    screening: float
    cordon_shoot: float
    rescue_seats: int
    rescue_fail: float
    # Choices (block ``decisions``): a multinomial logit, in logit units.
    individual: float
    follow_base: float
    alone_base: float
    trust: float
    bond_leader: float
    friend_pull: float
    couple_pull: float
    bully_push: float
    survival_push: float
    strength_alone: float
    leader_alone: float
    hunger_push: float
    warned_push: float
    danger_push: float
    lead_status: float
    lead_leader: float
    lead_survival: float
    lead_strength: float
    look_ahead: float
    danger_sense: float
    leader_look: float


class Layout(NamedTuple):
    """The plan, its navigation fields and room graph, routes and room roles (fixed in a take)."""

    cells: np.ndarray  # (floors, rows, cols) int8 cell kinds
    region: np.ndarray  # (floors, rows, cols) room of each cell, -1 for walls
    room_kind: np.ndarray  # ROOM, HALL, LEDGE_REGION, GROUND_REGION
    portal_kind: np.ndarray  # OPENING, DOOR_PORTAL, WINDOW_PORTAL, STAIR_PORTAL
    portal_a: np.ndarray
    portal_b: np.ndarray
    portal_cell: np.ndarray  # (portals, 3)
    portal_at: np.ndarray  # (floors, rows, cols) portal of a door/window cell, -1
    field_off: np.ndarray
    field_box: np.ndarray
    field_data: np.ndarray
    field_next: np.ndarray
    room_ptr: np.ndarray  # CSR over each room's portals
    room_portal: np.ndarray
    room_way: np.ndarray
    room_other: np.ndarray
    next_hop: np.ndarray  # (2, rooms, rooms) first hop 2 portal + way; mode 1 uses ledges
    hops: np.ndarray  # (2, rooms, rooms) rooms on the shortest way, -1 for none
    flee_ptr: np.ndarray  # each room's exits by column block, for fleeing
    flee_entry: np.ndarray
    flee_blocks: int
    roof: int  # room of role "roof" (helicopters land), -1 for none
    gate: int  # room of role "gate" (the cordon), -1 for none
    hills: int  # room of role "hills" (out on foot, to the camp), -1 for none
    lane_at: np.ndarray  # (floors, rows, cols) int32 stair lane up from a '^' cell, -1
    outdoors: np.ndarray  # uint8 per room: open ground on the lowest floor (out of the building)
    entry_of: np.ndarray  # (portals, 2) each portal's entry in portal_a's and portal_b's list
    twin: np.ndarray  # per room entry: the next entry of that room to the same room (a ring)


class People(NamedTuple):
    """One entry per agent: traits (fixed), infection and fate, and working state."""

    pos: np.ndarray  # (n, 3) int16 floor, row, col
    state: np.ndarray  # int8 S, E, Z, H, D, V
    room: np.ndarray  # int64 room now
    home: np.ndarray  # int64 room at start
    status: np.ndarray
    strength: np.ndarray
    speed: np.ndarray
    weapon: np.ndarray
    leader: np.ndarray  # float64 1: others follow
    survival: np.ndarray  # 0..1: how soon they take in that the school is overrun
    halfbie_prone: np.ndarray
    self_control: np.ndarray
    ledge_ok: np.ndarray  # uint8
    bond_ptr: np.ndarray
    bond_to: np.ndarray
    bond_kind: np.ndarray
    t_infect: np.ndarray
    t_turn: np.ndarray
    route: np.ndarray
    infector: np.ndarray
    will_halfbie: np.ndarray
    t_fate: np.ndarray
    budget: np.ndarray  # moves left this step
    aware: np.ndarray  # uint8 knows of the outbreak
    target: np.ndarray  # room they make for, -1
    refused: np.ndarray  # room that shut them out, -1
    patience: np.ndarray  # seconds spent knocking
    retry: np.ndarray  # time they look for a room again
    signs: np.ndarray  # uint8 shows signs
    hidden: np.ndarray  # uint8 hides their bite: only signs give them away
    kept: np.ndarray  # uint8 their room knows they are infected and keeps them, watching
    zombie_strength: np.ndarray  # strength as a zombie
    noise: np.ndarray  # loudness this step
    asked: np.ndarray  # time of the room's proposal they last answered, -1
    budget_at: np.ndarray  # a zombie's step its budget was last topped up (-1: before the start)
    avoid: np.ndarray  # (n, MEMORY) rooms a person found blocked (detour.py), -1
    avoid_t: np.ndarray  # (n, MEMORY) when they found each, -inf
    shuffle_at: np.ndarray  # an idle zombie's step of its next shuffle (-1: to be drawn)
    came_by: np.ndarray  # int64 the portal a person last entered a room by, -1
    in_door: np.ndarray  # uint8: listed in door_list
    door_list: np.ndarray  # int64: who stepped onto a portal cell and may still stand there
    door_n: np.ndarray  # (1,) how many of door_list are listed


class World(NamedTuple):
    """Doors, barricades, sound and the scenario's schedule."""

    closed: np.ndarray  # uint8 per portal
    broken: np.ndarray
    barricade: np.ndarray  # points left
    built: np.ndarray  # points piled up since the doors were last cleared
    door_occ: np.ndarray  # uint8 someone stands in it
    door_t: np.ndarray  # float64: the step door_credit and door_wait are for
    door_wait: np.ndarray  # int64: people its flow held back in that step
    bar_side: np.ndarray  # room that holds the barricade, -1
    door_hp: np.ndarray
    logged_bar: np.ndarray
    att: np.ndarray  # fraction of sound through each portal
    room_noise: np.ndarray
    heard: np.ndarray
    scream: np.ndarray
    best_portal: np.ndarray  # a zombie's loudest way out of each room, -1
    best_way: np.ndarray
    group_target: np.ndarray  # where a room's group has decided to go, -1
    group_t: np.ndarray  # when its leader proposed it, -1
    group_lead: np.ndarray  # who proposed it, -1
    rescue_t: np.ndarray
    rescue_done: np.ndarray
    decoy_room: np.ndarray  # -1: every hallway (the broadcast room's speakers)
    decoy_t0: np.ndarray
    decoy_t1: np.ndarray
    decoy_loud: np.ndarray
    alarm: np.ndarray  # (1,) uint8
    struck: np.ndarray  # (1,) uint8: the strike has fallen
    was_noise: np.ndarray  # what the sound was last carried from: rooms' loudness,
    was_closed: np.ndarray  # portals shut and broken, zombies per room, the storm's masking
    was_broken: np.ndarray
    was_zcount: np.ndarray
    was_mask: np.ndarray  # (1,) NaN before the first time
    sealed_at: np.ndarray  # time a room last had no door left to shut or pile up, -1
    quiet: np.ndarray  # uint8 per room: its people who rest skip this step (rest.py)
    occ: np.ndarray  # (floors, rows, cols) int16 bodies (S, E, Z, H) standing on each cell
    cap: np.ndarray  # (floors, rows, cols) int16 bodies a cell holds (bodies.py)
    slow: np.ndarray  # float64 metres walked per metre at each tenth of a person per m² ahead
    lane_t: np.ndarray  # float64 per stair lane: the step its flow was last topped up
    lane_credit: np.ndarray  # float64 per stair lane: passes left in that step
    door_credit: np.ndarray  # float64 per portal: passes left in the step door_t
    push: np.ndarray  # float64 per portal: zombies' push on it in the step push_t
    push_n: np.ndarray  # int64 per portal: how many zombies pushed
    push_last: np.ndarray  # int64 per portal: how many pushed in the step before push_t
    push_t: np.ndarray  # float64 per portal
    jam_t: np.ndarray  # float64 per portal: when a jam there was last told (-inf)
    woken: np.ndarray  # (1,) uint8: a quiet room stopped being quiet within the people's phase


class Census(NamedTuple):
    """Who is in which room, rebuilt in a step when someone's state, room or awareness changed
    since the last count; and the zombies' cell grid, built when first searched in a step."""

    hcount: np.ndarray
    zcount: np.ndarray
    acount: np.ndarray  # aware people
    hstart: np.ndarray  # people of room r: hlist[hstart[r]:hstart[r + 1]], uninfected first
    send: np.ndarray  # ... and hlist[hstart[r]:send[r]] are the uninfected
    zstart: np.ndarray
    fill: np.ndarray
    efill: np.ndarray
    zfill: np.ndarray
    hlist: np.ndarray
    zlist: np.ndarray
    zroom: np.ndarray
    zall: np.ndarray
    leader: np.ndarray  # each room's leader, -1
    lead_score: np.ndarray
    zhead: np.ndarray  # (floors, rows, cols) first zombie in a cell, -1
    znext: np.ndarray
    zused: np.ndarray
    n_used: np.ndarray  # (1,)
    n_z: np.ndarray  # (1,) standing zombies
    zmax: np.ndarray  # (1,) most zombies in one room
    bfs_q: np.ndarray
    bfs_seen: np.ndarray
    bfs_first: np.ndarray  # the first hop (2 portal + way) of the way found to each room
    bfs_depth: np.ndarray  # rooms from the start of the search
    mark: np.ndarray  # (1,)
    live: np.ndarray  # people and halfbies (S, E, H) in index order: live[:n_live[0]]
    n_live: np.ndarray  # (1,)
    awake: np.ndarray  # the live who do not rest (rest.py), in index order: awake[:n_awake[0]]
    n_awake: np.ndarray  # (1,)
    stale: np.ndarray  # (1,) 1: ``awake`` is to be listed again before the people's phase
    turns: np.ndarray  # (2,) the live's turns so far: due, and taken (the rest skipped, rest.py)
    was_state: np.ndarray  # state, room and awareness at the last count
    was_room: np.ndarray
    was_aware: np.ndarray
    grid_ok: np.ndarray  # (1,) 1: zhead/znext hold this step's zombies


class Log(NamedTuple):
    """What a take writes: the series, room counts, frames and the event log."""

    series: np.ndarray
    rooms: np.ndarray
    frames_pos: np.ndarray
    frames_state: np.ndarray
    frames_portal: np.ndarray
    ev_t: np.ndarray
    ev_code: np.ndarray
    ev_who: np.ndarray
    ev_whom: np.ndarray
    ev_room: np.ndarray
    ev_route: np.ndarray
    ev_n: np.ndarray  # a count: zombies that broke a door, people waiting at a jam; a portal
    n_events: np.ndarray  # (1,) events logged
    n_rec: np.ndarray  # (1,)
    n_rooms: np.ndarray  # (1,)
    n_frames: np.ndarray  # (1,)


class Draws(NamedTuple):
    """The take's counter-based draws (:mod:`hyosan.building.draws`): its key and the step."""

    key: np.ndarray  # (1,) uint64, from the take's SeedSequence
    step: np.ndarray  # (1,) int64, the step being run
    base: np.ndarray  # (1,) uint64, the key and the step hashed (set with the step)
