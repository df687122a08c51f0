"""Building engine at scale: agent-steps per second from 1,000 to 100,000 agents, and the
seconds one 72-hour take of Hyosan High needs.

Agent-steps per second count the step kernel alone (building the population and the result
tables is left out; the Hyosan High take is timed whole). Each size runs a generated school (corridors of classrooms, 50 people a room, 1 % of them
zombies at the start) at a 2 s step for 20 simulated minutes (the outbreak: nearly everyone
chasing or running) and for 2 hours (the outbreak, then hiding), with the whole rule set on:
chasing, bites, fleeing, hiding, barricades, sound through the room graph. Timings exclude the
one-time JIT compile (cached on disk) by running a warm-up first; medians of three runs.
Targets (docs/building.md): ≥ 20 million agent-steps/s at 100,000 agents; ≤ 5 s a take.
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


def scale(agents: int, minutes: float, repeats: int) -> tuple[int, float]:
    """Agents simulated and agent-steps per second of the kernel (median of ``repeats``)."""
    rooms = max(2, agents // PER_ROOM)
    per_side = min(25, max(1, rooms // 2))
    floors = max(1, rooms // (2 * per_side))
    building = building_from_text(school_plan(floors, per_side), "generated")
    spec = spec_for(minutes)
    spec.outbreak.random_zombies = max(1, agents // 100)
    warm = spec_for(1.0)
    warm.outbreak.random_zombies = spec.outbreak.random_zombies
    run_one(building, warm, 1, 17)  # compile once, or load the kernel cached on disk
    steps = round(spec.duration * 3600 / spec.dt)
    times, n = [], 0
    for k in range(repeats):
        result = run_one(building, spec, k + 2, 17)
        times.append(result.meta["kernel_seconds"])
        n = int(result.meta["agents"])
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
    sizes = SIZES[:2] if quick else SIZES
    print(f"building engine: kernel agent-steps per second, median of {repeats} runs")
    print(f"{'agents':>10} {'outbreak, 20 min':>17} {'2 h':>10} {'target':>8} {'ratio (2 h)':>12}")
    for agents in sizes:
        n, burst = scale(agents, 20.0, repeats)
        _, steady = scale(agents, 120.0, repeats)
        print(
            f"{n:>10,} {burst / 1e6:>15.1f} M {steady / 1e6:>8.1f} M "
            f"{TARGET_RATE / 1e6:>6.0f} M {steady / TARGET_RATE:>12.2f}"
        )
    seconds = hyosan_take(repeats)
    print(
        f"Hyosan High, one 72 h take (whole run_one): {seconds:.2f} s "
        f"(target ≤ {TARGET_TAKE:.0f} s, ratio {TARGET_TAKE / seconds:.2f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
