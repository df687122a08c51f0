"""The building engine: a scenario's takes, agent by agent, into the shared Result tables.

Python prepares the plan, the navigation fields and each take's population, then hands the
arrays to the step kernel (:func:`hyosan.building.kernel.run_take`) and turns what it wrote into
tidy tables: ``series``, ``final``, ``events``, ``fates``, ``tree``, ``rooms``, ``narrative``
and the animation frames (``docs/results.md``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from hyosan.building import codes
from hyosan.building.codes import ROUTES, E, H, Z
from hyosan.building.kernel import run_take
from hyosan.building.navigation import Navigation, build_navigation
from hyosan.building.params import params_of
from hyosan.building.plan import Plan, load_plan, parse_plan
from hyosan.building.population import Population, generate, room_for
from hyosan.building.records import Params, People, World
from hyosan.building.setup import census_of, draws_of, layout_of, log_of, people_of, world_of
from hyosan.building.tables import Outputs, record_steps, result_of
from hyosan.errors import HyosanError
from hyosan.provenance import provenance
from hyosan.result import Result
from hyosan.scenario import Scenario
from hyosan.scenario.building import BuildingSpec
from hyosan.seeding import take_generator

STATES = list(codes.STATES)


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


def _role(plan: Plan, name: str | None, key: str, source: str | None) -> int:
    """The room index of a declared role; -1 when the scenario declares none."""
    return -1 if name is None else _room_index(plan, name, f"building.roles.{key}", source)


def _records(p: Params) -> tuple[int, int, int]:
    return (
        len(record_steps(p.steps, p.rec_every)),
        len(record_steps(p.steps, p.rooms_every)),
        len(record_steps(p.steps, p.frame_every)),
    )


def run_one(
    building: Building,
    spec: BuildingSpec,
    take: int,
    seed: int,
    *,
    scenario_name: str = "",
    source: str | None = None,
    rest_skip: bool = True,
) -> Result:
    """Run take ``take`` of run seed ``seed``; with ``rest_skip`` off the people's phase visits
    everyone, for the same take (:mod:`hyosan.building.rest`)."""
    plan, nav = building.plan, building.nav
    rng = take_generator(seed, take)
    pop = generate(plan, spec, rng, source)
    p = params_of(spec, rest_skip=rest_skip)
    state, infection, zero = _outbreak(spec, pop, plan, rng, source)
    infected_in = _room_index(
        plan, spec.outbreak.infected_in, "building.outbreak.infected_in", source
    )
    roles = spec.roles
    lay = layout_of(
        plan,
        nav,
        p,
        _role(plan, roles.roof, "roof", source),
        _role(plan, roles.gate, "gate", source),
        _role(plan, roles.hills, "hills", source),
    )
    folk = people_of(pop, p, state, infection)
    rescue_t = np.array(sorted(spec.world.rescue_at), dtype=np.float64) * 3600
    world = world_of(plan, room_for(plan, spec), rescue_t, _decoys(spec, plan, source))
    crowd = census_of(pop.size, plan.rooms, plan.cells.shape)
    log = log_of(_records(p), pop.size, plan, spec.max_events)
    started = time.perf_counter()
    count = run_take(p, lay, folk, world, crowd, log, draws_of(seed, take))
    kernel_seconds = time.perf_counter() - started
    _check_bodies(folk, world)
    out = Outputs(
        plan=plan,
        pop=pop,
        p=p,
        take=take,
        zero=zero,
        infected_in=infected_in,
        log=log,
        count=int(count),
        folk=folk,
        lost_events=count >= spec.max_events,
    )
    result = result_of(out, scenario_name, seed)
    result.meta["kernel_seconds"] = kernel_seconds
    result.meta["turns_due"], result.meta["turns_taken"] = (int(n) for n in crowd.turns)
    return result


def _check_bodies(folk: People, world: World) -> None:
    """The cells' counts kept step by step equal a count of who stands where at the end: the
    bodies' bookkeeping lost or invented no one (a bug in hyosan otherwise)."""
    standing = np.isin(folk.state, (codes.S, codes.E, codes.Z, codes.H))
    counted = np.zeros(world.occ.shape, dtype=np.int64)
    np.add.at(counted, tuple(folk.pos[standing].T.astype(np.int64)), 1)
    if not np.array_equal(counted, world.occ):
        raise RuntimeError("the building's cell counts drifted from where people stand")


def _outbreak(
    spec: BuildingSpec, pop: Population, plan: Plan, rng: np.random.Generator, source: str | None
) -> tuple[np.ndarray, dict[str, np.ndarray], int]:
    """States at the start (patient zero, zombies, halfbies), the infection columns, and
    patient zero's index (-1 for none)."""
    n = pop.size
    state = np.zeros(n, dtype=np.int8)
    infection = {
        "t_infect": np.full(n, np.nan),
        "t_turn": np.full(n, np.inf),
        "route": np.zeros(n, dtype=np.int8),
        "infector": np.full(n, -1, dtype=np.int64),
        "will_halfbie": (rng.random(n) < pop.halfbie_prone).astype(np.uint8),
        "hidden": np.zeros(n, dtype=np.uint8),
    }
    zero = _patient_zero(spec, pop, plan, rng, source)
    if zero >= 0:
        state[zero] = E
        infection["t_infect"][zero] = -spec.outbreak.infected_before * 3600
        # Unset, the kernel draws it from the route's time to turn (an animal bite: hours).
        turns = spec.outbreak.turns_after
        infection["t_turn"][zero] = np.nan if turns is None else turns
        infection["route"][zero] = ROUTES.index(spec.outbreak.route)
        infection["hidden"][zero] = rng.random() < spec.virus.hide_chance
    extra = min(spec.outbreak.random_zombies, n)
    state[rng.choice(n, extra, replace=False)] = Z
    for names, code in ((spec.outbreak.zombies, Z), (spec.outbreak.halfbies, H)):
        for name in names:
            state[pop.names.index(name)] = code
    return state, infection, zero


def _decoys(spec: BuildingSpec, plan: Plan, source: str | None) -> dict[str, np.ndarray]:
    """The decoys' rooms, times and loudness; one in the broadcast room plays in every hallway
    (room -1 in the kernel)."""
    broadcast = _role(plan, spec.roles.broadcast, "broadcast", source)
    decoys = spec.decoys
    room = np.array(
        [
            _room_index(plan, d.room, f"building.decoys.{j}.room", source)
            for j, d in enumerate(decoys)
        ],
        dtype=np.int64,
    )
    if broadcast >= 0:
        room[room == broadcast] = -1
    t0 = np.array([d.at * 3600 for d in decoys], dtype=np.float64)
    return {
        "decoy_room": room,
        "decoy_t0": t0,
        "decoy_t1": t0 + np.array([d.lasts for d in decoys], dtype=np.float64),
        "decoy_loud": np.array([d.loudness for d in decoys], dtype=np.float64),
    }


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
