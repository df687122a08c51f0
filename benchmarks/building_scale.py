"""Building engine at scale: agent-steps per second from 1,000 to 100,000 agents, and the
seconds one 72-hour take of Hyosan High needs.

Agent-steps per second count the step kernel alone (building the population and the result
tables is left out; the Hyosan High take is timed whole). Each size runs a generated school (corridors of classrooms, 50 people a room, 1 % of them
zombies at the start) at a 2 s step for 20 simulated minutes (the outbreak: nearly everyone
chasing or running) and for 2 hours (the outbreak, then hiding), with the whole rule set on:
chasing, bites, fleeing, hiding, barricades, sound through the room graph. Timings exclude the
one-time JIT compile (cached on disk) by running a warm-up first; medians of three runs.
Each is run with bodies (people and zombies take room, slow in crowds, doors pass a bounded
flow) and without (``building.bodies.on = false``, the engine before bodies) in the same run.
Targets: bodies cost at most 20 % at 100,000 agents; ≤ 2 s a take. Machine load moves every
figure by ±30 %, and far more on a busy machine: compare figures of one run.
"""

from __future__ import annotations

import statistics
import sys
import time

from hyosan.building.engine import Building, building_from_text, building_of, run_one
from hyosan.building.synthetic import school_plan
from hyosan.scenario import load_scenario
from hyosan.scenario.building import BuildingSpec

PER_ROOM = 50
SIZES = [1_000, 10_000, 100_000]
TARGET_TAKE = 2.0
BEFORE_TAKE = 4.02
"""Seconds for one 72-hour Hyosan High take before the phases."""
PHASES_BEFORE_TAKE = 6.58
"""CPU seconds for one 72-hour take of the phase engine before it skipped idle work (median of
six takes, alternated with today's, docs/building.md)."""


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


def generated_school(agents: int, minutes: float) -> tuple[Building, BuildingSpec]:
    """A generated school for about ``agents`` people (50 a room, 1 % zombies at the start),
    and its spec for ``minutes``."""
    rooms = max(2, agents // PER_ROOM)
    per_side = min(25, max(1, rooms // 2))
    floors = max(1, rooms // (2 * per_side))
    building = building_from_text(school_plan(floors, per_side), "generated")
    spec = spec_for(minutes)
    spec.outbreak.random_zombies = max(1, agents // 100)
    return building, spec


def scale(agents: int, minutes: float, repeats: int, bodies: bool) -> tuple[int, float]:
    """Agents simulated and agent-steps per second of the kernel (median of ``repeats``), with
    bodies on or off."""
    building, spec = generated_school(agents, minutes)
    spec.bodies.on = bodies
    warm = spec_for(1.0)
    warm.outbreak.random_zombies = spec.outbreak.random_zombies
    warm.bodies.on = bodies
    run_one(building, warm, 1, 17)  # compile once, or load the kernel cached on disk
    steps = round(spec.duration * 3600 / spec.dt)
    times, n = [], 0
    for k in range(repeats):
        result = run_one(building, spec, k + 2, 17)
        times.append(result.meta["kernel_seconds"])
        n = int(result.meta["agents"])
    return n, n * steps / statistics.median(times)


def hyosan_take(repeats: int, bodies: bool) -> float:
    """CPU seconds of one whole 72-hour take (median), bodies on or off: CPU time, not the
    clock, so that other work on a shared machine counts less."""
    sets = ["building.frame_every='72 h'", f"building.bodies.on={str(bodies).lower()}"]
    scenario = load_scenario("hyosan-high", sets)
    assert scenario.building is not None
    building = building_of(scenario.building, scenario)
    run_one(building, scenario.building, 1, 17)
    times = []
    for k in range(repeats):
        start = time.process_time()
        run_one(building, scenario.building, k + 2, 17)
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> int:
    quick = "--quick" in sys.argv
    repeats = 1 if quick else 3
    sizes = SIZES[:2] if quick else SIZES
    print(f"building engine: kernel agent-steps per second, median of {repeats} runs;")
    print("bodies off is the engine before bodies (building.bodies.on = false), in the same run")
    print(
        f"{'agents':>10} {'20 min: off':>12} {'on':>8} {'on/off':>7} "
        f"{'2 h: off':>10} {'on':>8} {'on/off':>7}"
    )
    for agents in sizes:
        n, burst_off = scale(agents, 20.0, repeats, False)
        _, burst_on = scale(agents, 20.0, repeats, True)
        _, steady_off = scale(agents, 120.0, repeats, False)
        _, steady_on = scale(agents, 120.0, repeats, True)
        print(
            f"{n:>10,} {burst_off / 1e6:>10.1f} M {burst_on / 1e6:>6.1f} M "
            f"{burst_on / burst_off:>7.2f} {steady_off / 1e6:>8.1f} M {steady_on / 1e6:>6.1f} M "
            f"{steady_on / steady_off:>7.2f}"
        )
    print("target with bodies: at least 0.80 of the engine before them at 100,000 agents")
    off, on = hyosan_take(repeats, False), hyosan_take(repeats, True)
    print(
        f"Hyosan High, one 72 h take (whole run_one, CPU): single function {BEFORE_TAKE:.2f} s, "
        f"phases before the idle-work cuts {PHASES_BEFORE_TAKE:.2f} s, bodies off {off:.2f} s, "
        f"bodies on {on:.2f} s (target ≤ {TARGET_TAKE:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
