"""Invariants checked on every step of a run (a frame is recorded at every step).

No agent stands in a wall; no zombie stands in or passes a closed door; no person enters a room
through its barricade unless let in; no one moves faster than their speed allows; the counts
add up, in the series and room by room.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.building.conftest import tiny_scenario

import hyosan
from hyosan.building.engine import building_of
from hyosan.building.plan import WALL
from hyosan.result import Result
from hyosan.scenario import Scenario, load_scenario

Z_CODE, S_CODE, E_CODE, H_CODE = 2, 0, 1, 3


def check_invariants(result: Result, scenario: Scenario) -> None:
    spec = scenario.building
    assert spec is not None
    building = building_of(spec, scenario)
    plan, nav = building.plan, building.nav
    pos = result.arrays["frames_pos"][0].astype(np.int64)
    state = result.arrays["frames_state"][0]
    doors = result.arrays["frames_portal"][0]
    frames, n, _ = pos.shape
    times = np.asarray(result.meta["frame_times"]) * 3600
    assert np.allclose(np.diff(times), spec.dt), "one frame per step"

    # No agent in a wall, ever.
    cells = plan.cells[pos[..., 0], pos[..., 1], pos[..., 2]]
    assert (cells != WALL).all()

    # No one moves faster than their speed: at most ceil(speed × dt) + 1 moves a step, a flight
    # of stairs counting moving.stair_cost moves and a window moving.window_cost more.
    fastest = max(spec.zombies.run_speed, spec.people.run_speed) * 1.4
    limit = math.floor(fastest * spec.dt) + 1
    step = np.abs(np.diff(pos, axis=0))
    planar = np.maximum(step[..., 1], step[..., 2])
    floors = step[..., 0]
    assert (floors <= 1).all()
    moving = spec.moving
    assert (planar + floors * moving.stair_cost <= limit + moving.window_cost).all()

    # Zombies never stand in a shut door and only change rooms through an open way.
    portal_at = nav.portal_at[pos[..., 0], pos[..., 1], pos[..., 2]]
    zombie = state == Z_CODE
    on_door = zombie & (portal_at >= 0)
    f_idx, a_idx = np.nonzero(on_door)
    door_state = doors[f_idx, portal_at[f_idx, a_idx]]
    assert np.isin(door_state, [0, 3]).all(), "a zombie stood in a shut door"

    region = plan.region[pos[..., 0], pos[..., 1], pos[..., 2]]
    last = np.where(region >= 0, region, -1)
    for k in range(1, frames):  # carry the room through door cells
        last[k] = np.where(last[k] >= 0, last[k], last[k - 1])
    ends: dict[tuple[int, int], list[int]] = {}
    for p, (a, b) in enumerate(zip(plan.portal_a, plan.portal_b, strict=True)):
        ends.setdefault((int(a), int(b)), []).append(p)
    events = result.tables["events"]
    let_in = events[events["event"] == "let in"]
    let_in_at = {
        (w, round(t * 3600 / spec.dt)) for w, t in zip(let_in["whom"], let_in["t"], strict=True)
    }
    opened = events[events["event"].isin(["unbarricade", "break"])]
    room_index = {name: k for k, name in enumerate(plan.room_names)}
    opened_at = {
        (room_index[w], round(t * 3600 / spec.dt))
        for w, t in zip(opened["room"], opened["t"], strict=True)
    }
    names = result.tables["fates"].sort_values("agent")["name"].to_numpy()
    moved = (last[1:] != last[:-1]) & (last[:-1] >= 0)
    for k, i in zip(*np.nonzero(moved), strict=True):
        a, b = int(last[k, i]), int(last[k + 1, i])
        portals = ends.get((a, b), []) + ends.get((b, a), [])
        assert portals, f"agent {i} jumped from room {a} to {b} with no way between"
        before = doors[k, portals]
        if state[k + 1, i] == Z_CODE and state[k, i] == Z_CODE:
            # Open when the step began, or broken (or held open by someone turning in it)
            # during the step by a zombie that acted first.
            after = doors[k + 1, portals]
            ok = np.isin(before, [0, 3]).any() or np.isin(after, [0, 3]).any()
            assert ok, f"zombie {i} passed a shut door at frame {k}"
        if state[k, i] in (S_CODE, E_CODE):
            code = np.where(np.asarray(plan.portal_a)[portals] == b, 2, 4)
            if (before == code).all():
                # Let in, or the desks came down that step: pulled aside by someone leaving,
                # or smashed by a zombie (and piled up again before the step ended).
                down = (b, k + 1) in opened_at or (a, k + 1) in opened_at
                # (one let in may stand in the doorway a few steps before stepping inside)
                recent = any((names[i], k + 1 - j) in let_in_at for j in range(30))
                allowed = recent or down
                assert allowed, f"{names[i]} walked through a barricade into room {b}"

    # Counts add up: every agent is in exactly one state, in the series and room by room.
    series = result.series
    assert (series[["S", "E", "Z", "H", "D", "V"]].sum(axis=1) == n).all()
    rooms = result.tables["rooms"]
    by_time = rooms.groupby("t")[["S", "E", "Z", "H", "D", "V"]].sum()
    assert (by_time.sum(axis=1) == n).all()
    merged = pd.merge(series, by_time.reset_index(), on="t", suffixes=("", "_rooms"))
    for s in "SEZHDV":
        assert (merged[s] == merged[f"{s}_rooms"]).all()
    assert (state == result.arrays["frames_state"][0]).all()


def test_invariants_hold_through_the_first_outbreak_at_hyosan_high() -> None:
    overrides = [
        "building.duration='40 min'",
        "building.outbreak.turns_after='5 min'",
        "building.frame_every='2 s'",
        "building.record_every='2 min'",
        "building.rooms_every='2 min'",
    ]
    scenario = load_scenario("hyosan-high", overrides)
    result = hyosan.simulate(scenario, takes=[3])
    assert result.final["Z"].iloc[0] + result.final["D"].iloc[0] > 5, "the outbreak took hold"
    check_invariants(result, scenario)


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 2**31),
    zombies=st.integers(1, 3),
    people=st.integers(1, 12),
    dt=st.sampled_from([1.0, 2.0, 3.0]),
    run=st.floats(1.0, 8.0),
)
def test_invariants_hold_on_a_tiny_plan(
    tmp_path: Path, seed: int, zombies: int, people: int, dt: float, run: float
) -> None:
    rooms = ["west room", "hall", "east room"]
    characters = [{"name": f"Z{k}", "room": "hall"} for k in range(zombies)]
    characters += [{"name": f"P{k}", "room": rooms[k % 3]} for k in range(people)]
    path = tiny_scenario(
        tmp_path,
        characters,
        duration="15 min",
        dt=f"{dt} s",
        frame_every=f"{dt} s",
        record_every=f"{dt} s",
        rooms_every=f"{dt} s",
        outbreak={"zombies": [f"Z{k}" for k in range(zombies)]},
        zombies={"run_speed": run},
    )
    scenario = load_scenario(path)
    result = hyosan.simulate(scenario, takes=1, seed=seed)
    check_invariants(result, scenario)
