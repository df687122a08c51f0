"""Building engine at scale: agent-steps per second from 1,000 to 100,000 agents, and the
seconds one 72-hour take of Hyosan High needs.

Agent-steps per second count the step kernel alone (building the population and the result
tables is left out; the Hyosan High take is timed whole). Each size runs a generated school (corridors of classrooms, 50 people a room, 1 % of them
zombies at the start) at a 2 s step for 20 simulated minutes (the outbreak: nearly everyone
chasing or running) and for 2 hours (the outbreak, then hiding), with the whole rule set on:
chasing, bites, fleeing, hiding, barricades, sound through the room graph. Timings exclude the
one-time JIT compile (cached on disk) by running a warm-up first; medians of three runs.
Targets: ≥ 25 million agent-steps/s at 100,000 agents over 2 hours, ≥ 15 million in the
20-minute outbreak; ≤ 2 s a take. "Before" is the single-function kernel the phases replaced
(medians of three runs, load 1–3, docs/building.md), printed beside today's figures; machine load
moves both by ±30 %, and far more on a busy machine, so compare runs made under the same load.
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
TARGET_RATE = 25e6
TARGET_BURST = 15e6
TARGET_TAKE = 2.0
BEFORE = {1_000: (13.7e6, 21.0e6), 10_000: (14.2e6, 21.1e6), 100_000: (10.2e6, 17.5e6)}
"""Agents → (outbreak, 2 h) agent-steps/s of the kernel before the phases."""
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


def scale(agents: int, minutes: float, repeats: int) -> tuple[int, float]:
    """Agents simulated and agent-steps per second of the kernel (median of ``repeats``)."""
    building, spec = generated_school(agents, minutes)
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
    """CPU seconds of one whole 72-hour take (median): CPU time, not the clock, so that other
    work on a shared machine counts less."""
    scenario = load_scenario("hyosan-high", ["building.frame_every='72 h'"])
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
    print(f"building engine: kernel agent-steps per second, median of {repeats} runs")
    print(
        f"{'agents':>10} {'outbreak 20 min: before':>24} {'now':>8} "
        f"{'2 h: before':>12} {'now':>8} {'targets':>14}"
    )
    for agents in sizes:
        n, burst = scale(agents, 20.0, repeats)
        _, steady = scale(agents, 120.0, repeats)
        b_burst, b_steady = BEFORE[agents]
        print(
            f"{n:>10,} {b_burst / 1e6:>22.1f} M {burst / 1e6:>6.1f} M "
            f"{b_steady / 1e6:>10.1f} M {steady / 1e6:>6.1f} M "
            f"{TARGET_BURST / 1e6:>6.0f} M/{TARGET_RATE / 1e6:.0f} M"
        )
    seconds = hyosan_take(repeats)
    print(
        f"Hyosan High, one 72 h take (whole run_one, CPU): single function {BEFORE_TAKE:.2f} s, "
        f"phases before the idle-work cuts {PHASES_BEFORE_TAKE:.2f} s, now {seconds:.2f} s "
        f"(target ≤ {TARGET_TAKE:.0f} s, ratio {TARGET_TAKE / seconds:.2f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
