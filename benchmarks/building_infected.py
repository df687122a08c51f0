"""What the infected's turns cost, and what leaving them out would do to the story.

Zombies ignore the infected, who run from them at every step until they turn: at 100,000 agents
they take 87 % of the people's turns. This rebuilds the people's phase with the infected taking
a turn only on every ``k``-th step (k = 4), or on none, beside today's (every step), and prints
for each rule:
- kernel agent-steps a second of the generated school of ``building_scale.py`` at 100,000
  agents, 20 minutes and 2 hours (seed 17, take 2; medians of rounds alternated in one process);
- the end of Hyosan High over takes 1–N of seed 1, 72 hours: survivors, zombies, the ten of
  class 2-5 alive, rooms keeping a friend they know is infected, and turnings.

Only "every step" is the model. The others are what-ifs for the speed targets of the building
engine (docs/building.md, Speed): they are not in the engine.

    python benchmarks/building_infected.py            # 3 rounds, 100 takes: about 25 minutes
    python benchmarks/building_infected.py --quick    # 1 round, 20 takes
"""

from __future__ import annotations

import argparse
import inspect
import statistics
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import numpy as np
from numba import njit

from hyosan.building import engine, people
from hyosan.outcomes import SURVIVED
from hyosan.scenario import load_scenario
from hyosan.story import CLASS_2_5

sys.path.insert(0, str(Path(__file__).parent))

RULES = {"every step (the model)": 1, "one step in four": 4, "no step": 0}
"""Each rule's name and how often the infected take a turn: every k-th step, 0 for never."""
TURN = "if folk.state[i] in (S, E, H):"
AGENTS = 100_000


def people_act(every: int) -> Any:
    """The people's phase with the infected's turns on every ``every``-th step only (0: none),
    made from the source of :func:`hyosan.building.people.act` so that it follows the engine."""
    source = textwrap.dedent(inspect.getsource(people.act.py_func))
    source = source[source.index("def act") :]
    assert TURN in source, "the people's phase no longer reads as this script expects"
    skip = "if folk.state[i] == E and (EVERY == 0 or (rng.step[0] + i) % EVERY != 0):"
    source = source.replace(TURN, f"{skip}\n            continue\n        {TURN}")
    scope = {**vars(people), "EVERY": every}
    exec(source, scope)
    return njit(scope["act"])


def kernels() -> dict[str, Any]:
    """Each rule's take kernel, as ``engine.run_take`` is called."""
    from building_phases import phases, profiled_kernel

    calls = phases()
    made = {}
    for name, every in RULES.items():
        run = profiled_kernel(calls, {"people_act": people_act(every)})
        acc = np.zeros(len(calls) + 1, dtype=np.int64)
        made[name] = lambda *records, run=run, acc=acc: run(*records, acc)
    return made


def speed(made: dict[str, Any], rounds: int) -> dict[str, tuple[float, float]]:
    """Agent-steps a second of each rule's kernel (20 minutes, 2 hours), medians of rounds."""
    from building_scale import generated_school

    schools = [generated_school(AGENTS, minutes) for minutes in (20.0, 120.0)]
    warm = generated_school(AGENTS, 1.0)
    for name in made:
        engine.run_take = made[name]
        engine.run_one(*warm, 1, 17)  # compile
    rates: dict[str, list[list[float]]] = {name: [[], []] for name in made}
    for _ in range(rounds):
        for name in made:
            engine.run_take = made[name]
            for k, (building, spec) in enumerate(schools):
                result = engine.run_one(building, spec, 2, 17)
                steps = round(spec.duration * 3600 / spec.dt)
                agent_steps = int(result.meta["agents"]) * steps
                rates[name][k].append(agent_steps / result.meta["kernel_seconds"])
    return {
        name: (statistics.median(burst), statistics.median(steady))
        for name, (burst, steady) in rates.items()
    }


def story(made: dict[str, Any], takes: int) -> dict[str, list[float]]:
    """Means over takes 1–``takes`` of seed 1 of Hyosan High's end under each rule."""
    scenario = load_scenario("hyosan-high", ["building.frame_every='24 h'"])
    assert scenario.building is not None
    building = engine.building_of(scenario.building, scenario)
    ends = {}
    for name in made:
        engine.run_take = made[name]
        rows = []
        for take in range(1, takes + 1):
            result = engine.run_one(building, scenario.building, take, 1)
            final = result.final.iloc[0]
            fates = result.tables["fates"]
            events = result.tables["events"]["event"]
            ten = fates[fates["name"].isin(CLASS_2_5)]
            rows.append(
                [
                    final["S"] + final["V"],
                    final["Z"],
                    ten["fate"].isin(SURVIVED).sum(),
                    (events == "kept").sum(),
                    (events == "turn").sum(),
                ]
            )
        ends[name] = list(np.mean(rows, axis=0))
    return ends


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 round and 20 takes")
    args = parser.parse_args()
    rounds, takes = (1, 20) if args.quick else (3, 100)
    started = time.perf_counter()
    original = engine.run_take
    made = kernels()
    try:
        rates = speed(made, rounds)
        ends = story(made, takes)
    finally:
        engine.run_take = original
    width = max(len(name) for name in RULES)
    print(f"the infected take a turn on … ({AGENTS:,} agents: medians of {rounds} rounds)")
    print(f"{'':<{width}} {'20 min':>8} {'2 h':>8}   targets 15 M / 25 M")
    for name, (burst, steady) in rates.items():
        print(f"{name:<{width}} {burst / 1e6:>6.1f} M {steady / 1e6:>6.1f} M")
    print(f"\nHyosan High, takes 1–{takes} of seed 1, 72 h, means:")
    columns = ["survivors S+V", "zombies", "the ten alive", "kept", "turned"]
    print(f"{'':<{width}} " + " ".join(f"{c:>14}" for c in columns))
    for name, values in ends.items():
        print(f"{name:<{width}} " + " ".join(f"{v:>14.1f}" for v in values))
    print(f"\n{time.perf_counter() - started:.0f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
