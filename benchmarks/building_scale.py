"""Building engine at scale: agent-steps per second from 1,000 to 100,000 agents, and the
seconds one 72-hour take of Hyosan High needs.

Each size runs a generated school (corridors of classrooms, 50 people a room, 1 % of them
zombies at the start) for 20 simulated minutes at a 2 s step, with the whole rule set on:
chasing, bites, fleeing, hiding, barricades, sound through the room graph. Timings exclude the
one-time JIT compile (cached on disk) by running a warm-up first; medians of three runs.
Targets (shared/spec/PEERS.md): ≥ 20 million agent-steps/s at 100,000 agents; ≤ 5 s a take.
"""

from __future__ import annotations

import statistics
import sys
import time

from hyosan.building.engine import building_from_text, building_of, run_one
from hyosan.building.synthetic import school_plan
from hyosan.scenario import load_scenario
from hyosan.scenario.building import BuildingSpec

PER_ROOM = 50
SIZES = [1_000, 10_000, 100_000]
TARGET_RATE = 20e6
TARGET_TAKE = 5.0


def spec_for(minutes: float) -> BuildingSpec:
    return BuildingSpec.model_validate(
        {
            "plan": "generated",
            "duration": f"{minutes} min",
            "record_every": "5 min",
            "rooms_every": f"{minutes} min",
            "frame_every": f"{minutes} min",
            "max_events": 2_000_000,
            "population": {"students_per_class": PER_ROOM, "teachers_per_class": 0, "staff": 0},
            "outbreak": {"patient_zero": "", "infected_in": "class 1", "random_zombies": 0},
            "world": {"alarm_zombies": 50},
        }
    )


def scale(agents: int, repeats: int) -> tuple[float, float]:
    rooms = max(2, agents // PER_ROOM)
    per_side = min(25, max(1, rooms // 2))
    floors = max(1, rooms // (2 * per_side))
    building = building_from_text(school_plan(floors, per_side), "generated")
    spec = spec_for(20.0)
    spec.outbreak.random_zombies = max(1, agents // 100)
    n = (
        building.plan.rooms
        and sum(1 for name in building.plan.room_names if name.startswith("class ")) * PER_ROOM
    )
    steps = round(spec.duration * 3600 / spec.dt)
    run_one(building, spec, 1, 17)  # warm-up: compile or load the cached kernel
    times = []
    for k in range(repeats):
        start = time.perf_counter()
        run_one(building, spec, k + 2, 17)
        times.append(time.perf_counter() - start)
    return n, n * steps / statistics.median(times)


def hyosan_take(repeats: int) -> float:
    scenario = load_scenario("hyosan-high", ["building.frame_every='72 h'"])
    assert scenario.building is not None
    building = building_of(scenario.building, scenario)
    run_one(building, scenario.building, 1, 17)
    times = []
    for k in range(repeats):
        start = time.perf_counter()
        run_one(building, scenario.building, k + 2, 17)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    quick = "--quick" in sys.argv
    repeats = 1 if quick else 3
    print(f"building engine: agent-steps per second (median of {repeats} runs)")
    print(f"{'agents':>10} {'ours (M/s)':>12} {'target (M/s)':>13} {'ratio':>7}")
    for agents in SIZES[:2] if quick else SIZES:
        n, rate = scale(agents, repeats)
        print(f"{n:>10,} {rate / 1e6:>12.1f} {TARGET_RATE / 1e6:>13.1f} {rate / TARGET_RATE:>7.2f}")
    seconds = hyosan_take(repeats)
    print(
        f"Hyosan High, one 72 h take: {seconds:.2f} s (target ≤ {TARGET_TAKE:.0f} s, "
        f"ratio {TARGET_TAKE / seconds:.2f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
