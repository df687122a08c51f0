"""The school rules in Mesa's idiom, side by side with hyosan's building engine.

Both run the same generated school (one corridor, 20 classrooms, 1,000 people, 10 zombies) at a
2 s step. The Mesa model is written as Mesa intends — ``CellAgent`` subclasses on an
``OrthogonalMooreGrid`` (``mesa.discrete_space``), a ``Model`` owning its RNG, ``AgentSet.do`` —
with a per-room index so it does not scan every agent. It implements the core rules only:
zombies chase the nearest person they see or smell in their room and bite when next to them
(people fight back), or shuffle; the bitten turn after a log-normal time; people who see a
zombie nearby run from it. hyosan runs its whole rule set (sound through the room graph, doors,
barricades, leaders, let-in, ledges …), so the ratio below understates the difference in work.
Figures are agent-steps per second of the step loops alone (Mesa's ``Model.step`` calls, hyosan's
kernel; building the population and the result tables is left out of both), medians of three
runs after a warm-up (hyosan's JIT compile is cached on disk and not counted).

Install the peer with ``pip install mesa`` (it is not a hyosan dependency).
"""

from __future__ import annotations

import math
import statistics
import sys
import time

import numpy as np

from hyosan.building.engine import building_from_text, run_one
from hyosan.building.plan import WALL
from hyosan.building.synthetic import school_plan
from hyosan.scenario.building import BuildingSpec

STEPS = 150
DT = 2.0
PER_ROOM = 50
ZOMBIES = 10
PLAN = school_plan(1, 10)


def spec() -> BuildingSpec:
    return BuildingSpec.model_validate(
        {
            "plan": "generated",
            "duration": f"{STEPS * DT} s",
            "record_every": f"{DT} s",
            "population": {"students_per_class": PER_ROOM, "teachers_per_class": 0, "staff": 0},
            "outbreak": {"patient_zero": "", "infected_in": "class 1", "random_zombies": ZOMBIES},
        }
    )


def ours(repeats: int) -> tuple[float, int]:
    building = building_from_text(PLAN, "generated")
    s = spec()
    run_one(building, s, 1, 17)
    times, infected = [], 0
    for k in range(repeats):
        result = run_one(building, s, k + 2, 17)
        times.append(result.meta["kernel_seconds"])
        infected = int(result.final[["E", "Z"]].sum(axis=1).iloc[0])
    n = int(result.final[["S", "E", "Z", "H", "D", "V"]].sum(axis=1).iloc[0])
    return n * STEPS / statistics.median(times), infected


def mesa_model():  # type: ignore[no-untyped-def]
    """The Mesa model class (defined here so the module imports without Mesa)."""
    import mesa
    from mesa.discrete_space import CellAgent, OrthogonalMooreGrid

    building = building_from_text(PLAN, "generated")
    plan = building.plan
    region = plan.region[0]
    walls = plan.cells[0] == WALL

    def cheb(a, b) -> int:  # type: ignore[no-untyped-def]
        return max(abs(a[0] - b[0]), abs(a[1] - b[1]))

    class Person(CellAgent):
        def __init__(self, model, cell) -> None:  # type: ignore[no-untyped-def]
            super().__init__(model)
            self.cell = cell
            self.room = int(region[cell.coordinate])
            self.infected_at = math.inf
            self.turns_at = math.inf
            self.strength = math.exp(model.random.gauss(0.0, 0.2))
            model.rooms[self.room]["people"].add(self)

        def move_to(self, cell) -> None:  # type: ignore[no-untyped-def]
            self.cell = cell

        def step(self) -> None:
            m = self.model
            if m.t >= self.turns_at:
                m.rooms[self.room]["people"].discard(self)
                Zombie(m, self.cell, self.strength)
                self.remove()
                return
            zombies = m.rooms[self.room]["zombies"]
            if not zombies:
                return
            here = self.cell.coordinate
            nearest = min(zombies, key=lambda z: cheb(z.cell.coordinate, here))
            if cheb(nearest.cell.coordinate, here) > 12:
                return
            for _ in range(int(3.5 * DT)):
                options = [
                    c
                    for c in self.cell.neighborhood
                    if not walls[c.coordinate] and region[c.coordinate] == self.room
                ]
                if not options:
                    break
                best = max(options, key=lambda c: cheb(c.coordinate, nearest.cell.coordinate))
                if cheb(best.coordinate, nearest.cell.coordinate) <= cheb(
                    self.cell.coordinate, nearest.cell.coordinate
                ):
                    break
                self.move_to(best)

    class Zombie(CellAgent):
        def __init__(self, model, cell, strength) -> None:  # type: ignore[no-untyped-def]
            super().__init__(model)
            self.cell = cell
            self.room = int(region[cell.coordinate])
            self.strength = 2.0 * strength
            model.rooms[self.room]["zombies"].add(self)

        def step(self) -> None:
            m = self.model
            here = self.cell.coordinate
            prey = [p for p in m.rooms[self.room]["people"] if p.infected_at == math.inf]
            target = min(prey, key=lambda p: cheb(p.cell.coordinate, here), default=None)
            if target is None or cheb(target.cell.coordinate, here) > 6:
                if m.random.random() < 0.1:
                    options = [
                        c
                        for c in self.cell.neighborhood
                        if not walls[c.coordinate] and region[c.coordinate] == self.room
                    ]
                    if options:
                        self.cell = m.random.choice(options)
                return
            for _ in range(int(4.0 * DT)):
                if cheb(target.cell.coordinate, self.cell.coordinate) <= 1:
                    break
                options = [
                    c
                    for c in self.cell.neighborhood
                    if not walls[c.coordinate] and region[c.coordinate] == self.room
                ]
                self.cell = min(options, key=lambda c: cheb(c.coordinate, target.cell.coordinate))
            if cheb(target.cell.coordinate, self.cell.coordinate) <= 1 and m.random.random() < 0.6:
                if m.random.random() < 0.15 * target.strength:
                    if m.random.random() < 0.03 * target.strength / max(0.5, self.strength / 2):
                        m.rooms[self.room]["zombies"].discard(self)
                        self.remove()
                    return
                target.infected_at = m.t
                target.turns_at = m.t + 60.0 * math.exp(0.8 * m.random.gauss(0.0, 1.0))

    class School(mesa.Model):
        def __init__(self, seed: int) -> None:
            super().__init__(seed=seed)
            self.t = 0.0
            self.grid = OrthogonalMooreGrid(region.shape, torus=False, random=self.random)
            self.rooms = {k: {"people": set(), "zombies": set()} for k in range(plan.rooms)}
            classes = [k for k, name in enumerate(plan.room_names) if name.startswith("class ")]
            agents = []
            for room in classes:
                rows, cols = np.nonzero(region == room)
                for _ in range(PER_ROOM):
                    j = self.random.randrange(len(rows))
                    agents.append(Person(self, self.grid[(int(rows[j]), int(cols[j]))]))
            for person in self.random.sample(agents, ZOMBIES):
                person.turns_at = 0.0

        def step(self) -> None:
            self.agents_by_type[Zombie].do("step") if Zombie in self.agents_by_type else None
            self.agents_by_type[Person].do("step")
            self.t += DT

    return School, Person, Zombie


def peer(repeats: int) -> tuple[float, int] | None:
    try:
        import mesa  # noqa: F401
    except ImportError:
        return None
    School, Person, Zombie = mesa_model()
    times, infected = [], 0
    for k in range(repeats):
        model = School(seed=k + 1)
        n = len(model.agents)
        start = time.perf_counter()
        for _ in range(STEPS):
            model.step()
        times.append(time.perf_counter() - start)
        infected = sum(1 for a in model.agents if isinstance(a, Zombie)) + sum(
            1 for a in model.agents if isinstance(a, Person) and a.infected_at < math.inf
        )
    return n * STEPS / statistics.median(times), infected


def main() -> int:
    repeats = 1 if "--quick" in sys.argv else 3
    rate, infected = ours(repeats)
    print(f"school, {STEPS} steps of {DT:.0f} s, 1,000 people, {ZOMBIES} zombies at the start")
    print(f"{'':24}{'agent-steps/s':>16}{'infected at end':>18}")
    print(f"{'hyosan (all rules)':24}{rate:>16,.0f}{infected:>18}")
    found = peer(repeats)
    if found is None:
        print("mesa: not installed — `pip install mesa` to compare")
        return 0
    mesa_rate, mesa_infected = found
    print(f"{'Mesa (core rules)':24}{mesa_rate:>16,.0f}{mesa_infected:>18}")
    print(f"ratio hyosan / Mesa: {rate / mesa_rate:,.0f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
