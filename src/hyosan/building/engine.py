"""The building engine: a scenario's takes, agent by agent, into the shared Result tables.

Python prepares the plan, the navigation fields and each take's population, then hands the
arrays to the step kernel (:func:`hyosan.building.kernel.run_take`) and turns what it wrote into
tidy tables: ``series``, ``final``, ``events``, ``fates``, ``tree``, ``rooms``, ``narrative``
and the animation frames (``docs/results.md``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from hyosan.building import kernel as K
from hyosan.building.narrative import narrate
from hyosan.building.navigation import Navigation, build_navigation
from hyosan.building.plan import LEGEND, Plan, load_plan, parse_plan
from hyosan.building.population import ROLES, Population, generate
from hyosan.errors import HyosanError
from hyosan.provenance import provenance
from hyosan.result import Result
from hyosan.scenario import Scenario
from hyosan.scenario.building import BuildingSpec
from hyosan.seeding import take_generator, take_int_seed

STATES = list(K.STATES)


@dataclass
class Building:
    """A checked plan with its navigation fields."""

    plan: Plan
    nav: Navigation


def plan_path(spec: BuildingSpec, scenario: Scenario | None) -> Path:
    """The plan file: relative to the scenario file, else a shipped plan of that name."""
    label = str(scenario.source) if scenario is not None and scenario.source else None
    if spec.plan is None:
        raise HyosanError.one(
            "a building scenario needs a floor plan",
            source=label,
            where="key building.plan",
            allowed='a plan file, e.g. plan = "hyosan-high.plan"',
        )
    candidates: list[Path] = []
    given = Path(spec.plan)
    if given.is_absolute():
        candidates.append(given)
    else:
        if scenario is not None and scenario.source is not None:
            candidates.append(scenario.source.parent / given)
        candidates.append(Path(str(resources.files("hyosan.scenarios"))) / given)
    for path in candidates:
        if path.is_file():
            return path
    raise HyosanError.one(
        "floor plan file not found",
        source=label,
        where="key building.plan",
        value=spec.plan,
        allowed="a path relative to the scenario file, or a shipped plan such as hyosan-high.plan",
    )


@lru_cache(maxsize=8)
def _building_of(path: str, stamp: float) -> Building:
    plan = load_plan(path)
    return Building(plan, build_navigation(plan))


def building_of(spec: BuildingSpec, scenario: Scenario | None = None) -> Building:
    """Load (once per file version) the plan and its fields."""
    path = plan_path(spec, scenario)
    return _building_of(str(path), path.stat().st_mtime)


def building_from_text(text: str, source: str = "<plan>") -> Building:
    """A building from plan text (tests, notebooks)."""
    plan = parse_plan(text, source)
    return Building(plan, build_navigation(plan))


def simulate(scenario: Scenario, takes: Sequence[int], seed: int) -> Result:
    """Run the listed takes of a building scenario."""
    spec = scenario.building
    assert spec is not None
    building = building_of(spec, scenario)
    results = [
        run_one(building, spec, int(k), seed, scenario_name=scenario.name, source=_label(scenario))
        for k in takes
    ]
    result = Result.concat(results)
    result.provenance = provenance(
        scenario=scenario.name, engine="building", seed=seed, scenario_text=scenario.text
    )
    return result


def _label(scenario: Scenario) -> str | None:
    return str(scenario.source) if scenario.source is not None else scenario.name


def _room_index(plan: Plan, name: str, key: str, source: str | None) -> int:
    if name not in plan.room_names:
        raise HyosanError.one(
            "no such room in the floor plan",
            source=source,
            where=f"key {key}",
            value=name,
            allowed=", ".join(plan.room_names),
        )
    return plan.room_names.index(name)


def parameters(spec: BuildingSpec, plan: Plan, source: str | None = None) -> np.ndarray:
    """The kernel's parameter vector, in seconds and metres."""
    w, z, h, v = spec.world, spec.zombies, spec.people, spec.virus
    P = np.zeros(K.N_PARAMS)
    dt = spec.dt
    P[K.P_DT] = dt
    P[K.P_STEPS] = int(round(spec.duration * 3600 / dt))
    P[K.P_START_HOUR] = w.start_hour
    P[K.P_NIGHT_FROM] = w.night_from
    P[K.P_NIGHT_TO] = w.night_to
    P[K.P_STORM_FROM] = w.storm_from * 3600
    P[K.P_STORM_TO] = (w.storm_from + w.storm_hours) * 3600
    P[K.P_STORM_MASK] = w.storm_masking
    P[K.P_ALARM_Z] = w.alarm_zombies
    P[K.P_CORDON_AT] = w.cordon_at * 3600
    P[K.P_CORDON_KILL] = w.cordon_kill
    P[K.P_CORDON_ADMIT] = w.cordon_admit
    P[K.P_ROOF_AFTER] = w.roof_after * 3600
    P[K.P_ROOF_RATE] = w.roof_rate
    P[K.P_GATE_SHARE] = w.gate_share
    P[K.P_Z_RUN] = z.run_speed
    P[K.P_Z_WANDER_CHANCE] = z.wander_chance
    P[K.P_Z_SIGHT] = z.sight
    P[K.P_Z_NIGHT_SIGHT] = z.night_sight
    P[K.P_Z_SMELL] = z.smell
    P[K.P_Z_HEARING] = z.hearing
    P[K.P_Z_BITE] = z.bite_chance
    P[K.P_Z_STRENGTH] = z.strength
    P[K.P_Z_BASH] = z.bash
    P[K.P_H_WALK] = h.walk_speed
    P[K.P_H_RUN] = h.run_speed
    P[K.P_N_WALK] = h.noise_walk
    P[K.P_N_RUN] = h.noise_run
    P[K.P_N_HIDE] = h.noise_hide
    P[K.P_N_SCREAM] = h.noise_scream
    P[K.P_FIGHT] = h.fight_chance
    P[K.P_KILL] = h.kill_chance
    P[K.P_BAR_RATE] = h.barricade_rate
    P[K.P_BAR_MAX] = h.barricade_max
    P[K.P_DOOR] = h.door_strength
    P[K.P_GLASS] = h.glass_strength
    P[K.P_LET_IN] = h.let_in
    P[K.P_AWARE] = h.aware_chance
    P[K.P_BITE_MED] = v.bite_median
    P[K.P_BITE_SD] = v.bite_sd
    P[K.P_SEVERITY] = v.severity_effect
    P[K.P_SCR_MED] = v.scratch_median
    P[K.P_SCR_SD] = v.scratch_sd
    P[K.P_SIGNS_AT] = v.signs_at
    P[K.P_HB_HB] = v.halfbie_bite_halfbie
    P[K.P_SCRATCH] = v.scratch_chance
    P[K.P_BLOOD] = v.blood_chance
    P[K.P_REC_EVERY] = max(1, int(round(spec.record_every / dt)))
    P[K.P_ROOMS_EVERY] = max(1, int(round(spec.rooms_every / dt)))
    P[K.P_FRAME_EVERY] = max(1, int(round(spec.frame_every / dt)))
    names = plan.room_names
    P[K.P_ROOF_ROOM] = names.index("rooftop") if "rooftop" in names else -1
    gate = [k for k, name in enumerate(names) if "gate" in name]
    P[K.P_GATE_ROOM] = gate[0] if gate else -1
    P[K.P_HALFBIE_CHANCE] = v.halfbie_chance
    return P


def record_steps(steps: int, every: int) -> np.ndarray:
    """The steps a record is written at: every ``every`` steps, and the last step."""
    marks = np.arange(0, steps + 1, every)
    return marks if marks[-1] == steps else np.r_[marks, steps]


def _records(P: np.ndarray) -> tuple[int, int, int]:
    steps = int(P[K.P_STEPS])
    return tuple(  # type: ignore[return-value]
        len(record_steps(steps, int(P[k])))
        for k in (K.P_REC_EVERY, K.P_ROOMS_EVERY, K.P_FRAME_EVERY)
    )


def run_one(
    building: Building,
    spec: BuildingSpec,
    take: int,
    seed: int,
    *,
    scenario_name: str = "",
    source: str | None = None,
) -> Result:
    """Run take ``take`` of run seed ``seed``."""
    plan, nav = building.plan, building.nav
    rng = take_generator(seed, take)
    pop = generate(plan, spec, rng, source)
    P = parameters(spec, plan, source)
    n = pop.size
    state = np.zeros(n, dtype=np.int8)
    t_infect = np.full(n, np.nan)
    t_turn = np.full(n, np.inf)
    route = np.zeros(n, dtype=np.int8)
    infector = np.full(n, -1, dtype=np.int64)
    will_halfbie = (rng.random(n) < pop.halfbie_prone).astype(np.uint8)
    zero = _patient_zero(spec, pop, plan, rng, source)
    infected_in = _room_index(
        plan, spec.outbreak.infected_in, "building.outbreak.infected_in", source
    )
    if zero >= 0:
        state[zero] = K.E
        t_infect[zero] = -spec.outbreak.infected_before * 3600
        t_turn[zero] = spec.outbreak.turns_after
        route[zero] = K.ROUTES.index(spec.outbreak.route)
    extra = min(spec.outbreak.random_zombies, n)
    state[rng.choice(n, extra, replace=False)] = K.Z
    for names, code in ((spec.outbreak.zombies, K.Z), (spec.outbreak.halfbies, K.H)):
        for name in names:
            state[pop.names.index(name)] = code
    decoys = spec.decoys
    decoy_room = np.array(
        [
            -1
            if d.room == "broadcasting room"
            else _room_index(plan, d.room, f"building.decoys.{j}.room", source)
            for j, d in enumerate(decoys)
        ],
        dtype=np.int64,
    )
    decoy_t0 = np.array([d.at * 3600 for d in decoys], dtype=np.float64)
    decoy_t1 = decoy_t0 + np.array([d.lasts for d in decoys], dtype=np.float64)
    decoy_loud = np.array([d.loudness for d in decoys], dtype=np.float64)
    rescue_t = np.array(sorted(spec.world.rescue_at), dtype=np.float64) * 3600
    n_rec, n_rooms, n_frames = _records(P)
    series = np.zeros((n_rec, 6), dtype=np.int32)
    rooms_rec = np.zeros((n_rooms, plan.rooms, 6), dtype=np.int32)
    frames_pos = np.zeros((n_frames, n, 3), dtype=np.int16)
    frames_state = np.zeros((n_frames, n), dtype=np.int8)
    frames_portal = np.zeros((n_frames, len(plan.portal_kind)), dtype=np.int8)
    cap = spec.max_events
    ev_t = np.zeros(cap)
    ev_code = np.zeros(cap, dtype=np.int8)
    ev_who = np.zeros(cap, dtype=np.int64)
    ev_whom = np.zeros(cap, dtype=np.int64)
    ev_room = np.zeros(cap, dtype=np.int64)
    ev_route = np.zeros(cap, dtype=np.int8)
    t_fate = np.zeros(n)
    room = np.zeros(n, dtype=np.int64)
    pos = pop.pos.copy()
    started = time.perf_counter()
    count = K.run_take(
        P,
        (
            plan.cells,
            plan.region,
            plan.room_kind,
            plan.portal_kind,
            plan.portal_a,
            plan.portal_b,
            plan.portal_cell,
        ),
        tuple(getattr(nav, f.name) for f in fields(nav)),
        (rescue_t, decoy_room, decoy_t0, decoy_t1, decoy_loud),
        (
            pos,
            state,
            pop.home.astype(np.int64),
            pop.status,
            pop.strength,
            pop.speed,
            pop.weapon,
            pop.leader.astype(np.float64),
            pop.halfbie_prone,
            pop.self_control,
            pop.ledge_ok,
        ),
        (pop.bond_ptr, pop.bond_to, pop.bond_kind),
        (t_infect, t_turn, route, infector, will_halfbie),
        take_int_seed(seed, take),
        (series, rooms_rec, frames_pos, frames_state, frames_portal),
        (ev_t, ev_code, ev_who, ev_whom, ev_room, ev_route),
        t_fate,
        room,
    )
    kernel_seconds = time.perf_counter() - started
    out = _Outputs(
        plan=plan,
        pop=pop,
        P=P,
        take=take,
        zero=zero,
        infected_in=infected_in,
        series=series,
        rooms_rec=rooms_rec,
        frames_pos=frames_pos,
        frames_state=frames_state,
        frames_portal=frames_portal,
        events=(ev_t[:count], ev_code[:count], ev_who[:count], ev_whom[:count]),
        ev_where=(ev_room[:count], ev_route[:count]),
        state=state,
        t_fate=t_fate,
        room=room,
        t_infect=t_infect,
        route=route,
        infector=infector,
        lost_events=count >= cap,
    )
    result = out.result(spec, scenario_name, seed)
    result.meta["kernel_seconds"] = kernel_seconds
    return result


def _patient_zero(
    spec: BuildingSpec, pop: Population, plan: Plan, rng: np.random.Generator, source: str | None
) -> int:
    name = spec.outbreak.patient_zero
    if not name:
        return -1
    if name in pop.names:
        return pop.names.index(name)
    lab = _room_index(plan, spec.outbreak.infected_in, "building.outbreak.infected_in", source)
    near = np.nonzero(pop.home == lab)[0]
    return int(rng.choice(near)) if len(near) else int(rng.integers(pop.size))


@dataclass
class _Outputs:
    plan: Plan
    pop: Population
    P: np.ndarray
    take: int
    zero: int
    infected_in: int
    series: np.ndarray
    rooms_rec: np.ndarray
    frames_pos: np.ndarray
    frames_state: np.ndarray
    frames_portal: np.ndarray
    events: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
    ev_where: tuple[np.ndarray, np.ndarray]
    state: np.ndarray
    t_fate: np.ndarray
    room: np.ndarray
    t_infect: np.ndarray
    route: np.ndarray
    infector: np.ndarray
    lost_events: bool

    def result(self, spec: BuildingSpec, scenario_name: str, seed: int) -> Result:
        plan, pop, P, take = self.plan, self.pop, self.P, self.take
        dt = P[K.P_DT]
        steps = int(P[K.P_STEPS])

        def times(every: float) -> np.ndarray:
            return record_steps(steps, int(every)) * dt / 3600.0

        series = pd.DataFrame(self.series, columns=STATES)
        series.insert(0, "t", times(P[K.P_REC_EVERY]))
        series.insert(0, "take", take)
        final = pd.DataFrame([self.series[-1]], columns=STATES)
        final.insert(0, "take", take)
        names = np.array(pop.names, dtype=object)
        room_names = np.array(plan.room_names, dtype=object)
        t, code, who, whom = self.events
        where, route = self.ev_where

        def label(idx: np.ndarray) -> np.ndarray:
            return np.where(idx >= 0, names[np.clip(idx, 0, None)], "")

        events = pd.DataFrame(
            {
                "take": take,
                "t": t / 3600.0,
                "event": np.array(K.EVENTS, dtype=object)[code],
                "who": label(who),
                "whom": label(whom),
                "room": np.where(where >= 0, room_names[np.clip(where, 0, None)], ""),
                "floor": np.where(where >= 0, plan.room_floor[np.clip(where, 0, None)] + 1, 0),
                "route": np.array(K.ROUTES, dtype=object)[route],
            }
        )
        zero = max(self.zero, 0)
        zero_row = pd.DataFrame(
            {
                "take": [take],
                "t": [self.t_infect[zero] / 3600.0],
                "event": ["animal bite"],
                "who": [""],
                "whom": [names[zero]],
                "room": [plan.room_names[self.infected_in]],
                "floor": [int(plan.room_floor[self.infected_in]) + 1],
                "route": [K.ROUTES[int(self.route[zero])]],
            }
        )
        if self.zero >= 0:
            events = pd.concat([zero_row, events], ignore_index=True)
        infections = events[events["event"].isin(["animal bite", "bite", "scratch", "blood"])]
        tree = pd.DataFrame(
            {
                "take": take,
                "infector": infections["who"].to_numpy(),
                "infected": infections["whom"].to_numpy(),
                "t": infections["t"].to_numpy(),
                "route": infections["route"].to_numpy(),
                "room": infections["room"].to_numpy(),
            }
        )
        fates = pd.DataFrame(
            {
                "take": take,
                "agent": np.arange(pop.size),
                "name": names,
                "role": np.array(ROLES, dtype=object)[pop.role],
                "klass": np.array(pop.klass, dtype=object),
                "status": pop.status,
                "fate": np.array(STATES, dtype=object)[self.state],
                "t_fate": np.where(self.state == K.S, np.nan, self.t_fate / 3600.0),
                "room": room_names[self.room],
            }
        )
        rr = self.rooms_rec
        room_t = times(P[K.P_ROOMS_EVERY])
        rooms = pd.DataFrame(rr.reshape(-1, 6), columns=STATES)
        rooms.insert(0, "room", np.tile(room_names, len(room_t)))
        rooms.insert(0, "t", np.repeat(room_t, plan.rooms))
        rooms.insert(0, "take", take)
        frame_t = times(P[K.P_FRAME_EVERY])
        named = [str(pop.names[i]) for i in np.nonzero(pop.named)[0]]
        narrative = narrate(events, set(named), take)
        meta: dict[str, Any] = {
            "time_unit": "h",
            "plan": plan.text,
            "legend": {**LEGEND, **plan.room_chars},
            "rooms": plan.rooms_meta(),
            "frame_times": frame_t.tolist(),
            "state_codes": STATES,
            "characters": named,
            "floor_names": plan.floor_names,
            "portals": {
                "kind": plan.portal_kind.tolist(),
                "cell": plan.portal_cell.tolist(),
                "codes": ["open", "closed", "barricaded", "broken"],
            },
            "dt_seconds": float(dt),
            "agents": pop.size,
            "events_truncated": bool(self.lost_events),
            "scenario": scenario_name,
        }
        result = Result(
            engine="building",
            series=series,
            final=final,
            tables={
                "events": events,
                "fates": fates,
                "tree": tree,
                "rooms": rooms,
                "narrative": narrative,
            },
            arrays={
                "frames_pos": self.frames_pos[None],
                "frames_state": self.frames_state[None],
                "frames_portal": self.frames_portal[None],
            },
            provenance=provenance(scenario=scenario_name, engine="building", seed=seed),
            meta=meta,
        )
        if self.lost_events:
            result.warn(take, "the event log is full (building.max_events): later events are lost")
        return result
