"""hyosan vs Repast4Py on the Repast4Py Zombies model: wall time per run and counts per tick.

Both sides run the same rules (docs/repast.md): 8,000 humans, 400 zombies, a 200×200 world,
50 ticks, one process (Repast4Py on one MPI rank). hyosan's time is the median over takes of
one ``simulate_repast`` call (Result included), after a first call that compiles the kernels or
loads them from Numba's on-disk cache (not counted). The Repast4Py side is written below in
that framework's own idiom (agents, a shared context, a grid and a continuous space, a
schedule); each peer run is a fresh process, timed from building the model to the end of the
last tick (imports and MPI start-up not counted).

Agreement, three ways: the full-size counts per tick side by side (a couple of slow peer runs:
too few to test); one Repast4Py run driven by hyosan's random stream (a NumPy
``Generator`` seeded alike), which must give the very same counts at every tick as hyosan's kernel with that
seed; and many cheap runs on a smaller world of the same densities, a test of the whole
distribution of counts per tick (|z| < 3).

    python benchmarks/repast_zombies.py [--takes 100] [--peer-runs 2] [--small-runs 30]

Repast4Py is not a dependency of hyosan. To install it (Debian):
    apt-get install -y openmpi-bin libopenmpi-dev
    pip install mpi4py wheel setuptools
    CC=mpicxx pip install --no-build-isolation repast4py
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import statistics
import subprocess
import sys
import time
from typing import Any, NamedTuple

import numpy as np


class World(NamedTuple):
    """A world size: agents, cells and ticks."""

    humans: int
    zombies: int
    width: int
    height: int
    ticks: int

    def label(self) -> str:
        return (
            f"{self.humans} humans, {self.zombies} zombies, {self.width}×{self.height}, "
            f"{self.ticks} ticks"
        )


FULL = World(8000, 400, 200, 200, 50)
SMALL = World(1000, 50, 71, 71, 30)
"""The same densities (0.2 humans and 0.01 zombies a cell) on an eighth of the floor."""
ZOMBIE_STEP, HUMAN_STEP, DEATH_TICKS = 0.25, 0.5, 10
REFERENCE = "33 s on 1 MPI rank, 21 s on 2 ranks"
REFERENCE_ONE_RANK_S = 33.0
INSTALL = (
    "apt-get install -y openmpi-bin libopenmpi-dev && pip install mpi4py wheel setuptools "
    "&& CC=mpicxx pip install --no-build-isolation repast4py"
)


class LockstepStream:
    """hyosan's random stream, for Repast4Py: ``np.random.default_rng(seed)``, as handed to the
    kernel.

    hyosan's kernel draws ``int(random() × n)`` for a tie among n > 1 cells and nothing when one
    cell wins; ``uniform`` is ``low + (high − low) × random()``. Given this stream in place of its
    own generator, the Repast4Py model makes the very same choices as hyosan's kernel.
    """

    def __init__(self, seed: int) -> None:
        self.state = np.random.default_rng(seed)

    def uniform(self, low: float, high: float) -> float:
        return low + (high - low) * self.state.random()

    def integers(self, low: int, high: int) -> int:
        n = high - low
        return low if n == 1 else low + int(self.state.random() * n)

    def shuffle(self, events: list) -> None:
        """The schedule shuffles same-tick events: only the last step and the stop."""


def peer_run(world: World, seed: int, lockstep: bool = False) -> dict[str, Any]:
    """The Zombies rules written for Repast4Py, on this process's single rank."""
    humans, zombies, width, height, ticks = world
    from mpi4py import MPI
    from repast4py import context, core, random, schedule, space
    from repast4py.space import BorderType, ContinuousPoint, DiscretePoint, OccupancyType

    human_kind, zombie_kind = 0, 1
    comm = MPI.COMM_WORLD
    rank = comm.Get_rank()
    random.init(seed)
    if lockstep:
        random.default_rng = LockstepStream(seed)
    rng = random.default_rng

    class Human(core.Agent):
        def __init__(self, local_id: int, home: int) -> None:
            super().__init__(id=local_id, type=human_kind, rank=home)
            self.infected = False
            self.infected_time = 0

        def save(self) -> tuple:
            return (self.uid, self.infected, self.infected_time)

    class Zombie(core.Agent):
        def __init__(self, local_id: int, home: int) -> None:
            super().__init__(id=local_id, type=zombie_kind, rank=home)

        def save(self) -> tuple:
            return (self.uid,)

    def restore(data: tuple) -> core.Agent:
        uid = data[0]
        if uid[1] == human_kind:
            human = Human(uid[0], uid[2])
            human.infected, human.infected_time = data[1], data[2]
            return human
        return Zombie(uid[0], uid[2])

    class Floor:
        def __init__(self) -> None:
            box = space.BoundingBox(0, width, 0, height, 0, 0)
            self.context = context.SharedContext(comm)
            self.grid = space.SharedGrid(
                "grid",
                bounds=box,
                borders=BorderType.Sticky,
                occupancy=OccupancyType.Multiple,
                buffer_size=2,
                comm=comm,
            )
            self.plane = space.SharedCSpace(
                "space",
                bounds=box,
                borders=BorderType.Sticky,
                occupancy=OccupancyType.Multiple,
                buffer_size=2,
                comm=comm,
                tree_threshold=100,
            )
            self.context.add_projection(self.grid)
            self.context.add_projection(self.plane)
            for i in range(humans):
                self.enter(Human(i, rank), rng.uniform(0, width), rng.uniform(0, height))
            for i in range(zombies):
                self.enter(Zombie(i, rank), rng.uniform(0, width), rng.uniform(0, height))
            self.zombies_made = zombies
            self.counts = [self.count()]

        def enter(self, agent: core.Agent, x: float, y: float) -> None:
            self.context.add(agent)
            self.place(agent, x, y)

        def place(self, agent: core.Agent, x: float, y: float) -> None:
            self.plane.move(agent, ContinuousPoint(x, y))
            self.grid.move(agent, DiscretePoint(math.floor(x), math.floor(y)))

        def around(self, cx: int, cy: int) -> list[tuple[int, int]]:
            return [
                (x, y)
                for y in (cy + 1, cy, cy - 1)
                if 0 <= y < height
                for x in (cx - 1, cx, cx + 1)
                if 0 <= x < width
            ]

        def tally(self, cells: list[tuple[int, int]], kind: int) -> list[int]:
            found = []
            for x, y in cells:
                n = 0
                for other in self.grid.get_agents(DiscretePoint(x, y)):
                    if other.uid[1] == kind:
                        n += 1
                found.append(n)
            return found

        def head(self, agent: core.Agent, kind: int, most: bool, step: float) -> None:
            at = self.grid.get_location(agent)
            cx, cy = at.x, at.y
            cells = self.around(cx, cy)
            tallies = self.tally(cells, kind)
            best = max(tallies) if most else min(tallies)
            options = [c for c, n in zip(cells, tallies, strict=True) if n == best]
            tx, ty = options[rng.integers(0, len(options))]
            if (tx, ty) != (cx, cy):
                p = self.plane.get_location(agent)
                self.place(agent, p.x + (tx - cx) * step, p.y + (ty - cy) * step)

        def zombie_steps(self, zombie: Zombie) -> None:
            self.head(zombie, human_kind, True, ZOMBIE_STEP)
            for other in self.grid.get_agents(self.grid.get_location(zombie)):
                if other.uid[1] == human_kind:
                    other.infected = True
                    break

        def human_steps(self, human: Human) -> bool:
            if human.infected:
                human.infected_time += 1
                if human.infected_time >= DEATH_TICKS:
                    return True
            self.head(human, zombie_kind, False, HUMAN_STEP)
            return False

        def step(self) -> None:
            self.context.synchronize(restore)
            for zombie in self.context.agents(zombie_kind):
                self.zombie_steps(zombie)
            dead = [h for h in self.context.agents(human_kind) if self.human_steps(h)]
            for human in dead:
                p = self.plane.get_location(human)
                x, y = p.x, p.y
                self.context.remove(human)
                self.enter(Zombie(self.zombies_made, rank), x, y)
                self.zombies_made += 1
            self.counts.append(self.count())

        def count(self) -> list[int]:
            sizes = self.context.size([human_kind, zombie_kind])
            return [sizes[human_kind], sizes[zombie_kind]]

    start = time.perf_counter()
    floor = Floor()
    runner = schedule.init_schedule_runner(comm)
    runner.schedule_repeating_event(1, 1, floor.step)
    runner.schedule_stop(ticks)
    runner.execute()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "counts": floor.counts}


def peer_installed() -> bool:
    """Whether Repast4Py and mpi4py can be imported."""
    found = all(importlib.util.find_spec(m) is not None for m in ("repast4py", "mpi4py"))
    if not found:
        print(f"Repast4Py: not installed, skipped. To install: {INSTALL}")
        print(f"Repast4Py reference figure (docs/repast.md, NOT measured here): {REFERENCE}")
    return found


def peer_process(
    world: World, seeds: list[int], lockstep: bool = False
) -> list[dict[str, Any]] | None:
    """Peer runs in one fresh process, one per seed: wall times and counts, or None."""
    cmd = [sys.executable, __file__, "--peer", json.dumps([list(world), seeds, lockstep])]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=3600, check=False)
    except subprocess.TimeoutExpired:
        print("  Repast4Py: no answer within an hour, left out")
        return None
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("[")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        print(f"  Repast4Py failed: {' | '.join(tail)}")
        return None
    answers: list[dict[str, Any]] = json.loads(lines[-1])
    if any(len(a["counts"]) != world.ticks + 1 for a in answers):
        print("  Repast4Py: a run stopped early, left out")
        return None
    return answers


def ours_counts(world: World, seeds: range) -> np.ndarray:
    """hyosan's kernel for each seed: counts, shape (seeds, ticks + 1, 2)."""
    from hyosan.repast.kernel import simulate_take

    rules = (ZOMBIE_STEP, HUMAN_STEP, DEATH_TICKS)
    return np.asarray(
        [simulate_take(*world, *rules, np.random.default_rng(s))[0] for s in seeds],
        dtype=np.int64,
    )


def run_ours(takes: int, seed: int) -> tuple[float, list[float], list[float], np.ndarray]:
    """First-call time, wall time per take (API and kernel alone) and counts (takes, t, 2)."""
    from hyosan.repast.engine import STREAM, simulate_repast
    from hyosan.repast.kernel import simulate_take
    from hyosan.scenario.repast import RepastSpec
    from hyosan.seeding import take_stream

    spec = RepastSpec(
        humans=FULL.humans,
        zombies=FULL.zombies,
        width=FULL.width,
        height=FULL.height,
        ticks=FULL.ticks,
        zombie_step=ZOMBIE_STEP,
        human_step=HUMAN_STEP,
        death_ticks=DEATH_TICKS,
    )
    start = time.perf_counter()
    simulate_repast(spec, [1], seed)
    first = time.perf_counter() - start
    api, kernel, counts = [], [], []
    for k in range(1, takes + 1):
        start = time.perf_counter()
        result = simulate_repast(spec, [k], seed)
        api.append(time.perf_counter() - start)
        counts.append(result.series[["humans", "zombies"]].to_numpy())
        start = time.perf_counter()
        simulate_take(*FULL, ZOMBIE_STEP, HUMAN_STEP, DEATH_TICKS, take_stream(seed, k, STREAM))
        kernel.append(time.perf_counter() - start)
    return first, api, kernel, np.asarray(counts, dtype=np.int64)


def side_by_side(ours: np.ndarray, peer: np.ndarray, ticks: list[int]) -> list[float]:
    """Mean ± sd per tick, side by side, and z of the zombie counts at each tick.

    Humans + zombies is constant, so one z per tick says it. z = difference of means over its
    standard error, with each side's own sd when the peer has 10 runs or more, else hyosan's
    sd for both (the same model has the same spread; two runs cannot estimate it).
    """

    def cell(x: np.ndarray) -> str:
        spread = f"{x.std(ddof=1):5.1f}" if len(x) > 1 else "    -"
        return f"{x.mean():7.1f} ± {spread}"

    print(
        f"{'tick':>4}  {'humans hyosan':>15} {'Repast4Py':>15}  {'zombies hyosan':>15} {'Repast4Py':>15} {'z':>6}"
    )
    zs = []
    for t in ticks:
        a, b = ours[:, t, 1], peer[:, t, 1]
        peer_var = b.var(ddof=1) if len(b) >= 10 else a.var(ddof=1)
        se = math.sqrt(a.var(ddof=1) / len(a) + peer_var / len(b))
        z = float((b.mean() - a.mean()) / se) if se > 0 else 0.0
        zs.append(z)
        print(
            f"{t:>4}  {cell(ours[:, t, 0]):>15} {cell(peer[:, t, 0]):>15}  "
            f"{cell(a):>15} {cell(b):>15} {z:6.2f}"
        )
    return zs


def lockstep(seed: int) -> None:
    """Drive Repast4Py with hyosan's random stream: the counts must match at every tick."""
    answers = peer_process(FULL, [seed], lockstep=True)
    if answers is None:
        return
    peer = np.asarray(answers[0]["counts"], dtype=np.int64)
    ours = ours_counts(FULL, range(seed, seed + 1))[0]
    if np.array_equal(peer, ours):
        print(
            f"lockstep (seed {seed}, both on one random stream): identical humans and zombies "
            f"at all {FULL.ticks + 1} ticks; at tick {FULL.ticks}: {ours[-1].tolist()}"
        )
    else:
        t = int(np.nonzero((peer != ours).any(axis=1))[0][0])
        print(
            f"lockstep (seed {seed}): counts DIFFER from tick {t}: "
            f"Repast4Py {peer[t].tolist()}, hyosan {ours[t].tolist()}"
        )


def small_world(runs: int) -> None:
    """Many cheap runs on the smaller world: a test of the whole count distribution."""
    answers = peer_process(SMALL, list(range(1, runs + 1)))
    if answers is None:
        return
    peer = np.asarray([a["counts"] for a in answers], dtype=np.int64)
    ours = ours_counts(SMALL, range(10_000, 10_400))
    print(f"smaller world ({SMALL.label()}): hyosan 400 seeds, Repast4Py {runs} seeds")
    zs = side_by_side(ours, peer, [10, 20, 30])
    verdict = "agree" if max(abs(z) for z in zs) < 3 else "DISAGREE"
    print(f"the counts {verdict} (|z| < 3 at every tick shown)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--takes", type=int, default=100, help="hyosan takes (seeds)")
    parser.add_argument("--peer-runs", type=int, default=2, help="Repast4Py full-size runs")
    parser.add_argument(
        "--small-runs", type=int, default=30, help="Repast4Py runs on the smaller world (cheap)"
    )
    parser.add_argument("--seed", type=int, default=17, help="hyosan run seed")
    parser.add_argument("--peer", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peer is not None:
        world, seeds, in_lockstep = json.loads(args.peer)
        print(json.dumps([peer_run(World(*world), s, in_lockstep) for s in seeds]))
        return

    print(f"Repast4Py Zombies: {FULL.label()}, one process")
    first, api, kernel, ours = run_ours(args.takes, args.seed)
    ours_s = statistics.median(api)
    print(f"hyosan first call (compile or load the on-disk cache, not counted): {first:.2f} s")
    print(
        f"hyosan: median {ours_s * 1e3:.1f} ms per run over {len(api)} takes "
        f"(kernel alone {statistics.median(kernel) * 1e3:.1f} ms)"
    )
    if not peer_installed():
        ratio = REFERENCE_ONE_RANK_S / ours_s
        print(
            f"hyosan {ours_s:.3f} s per run vs the REFERENCE figure {REFERENCE_ONE_RANK_S:.0f} s "
            f"(not measured here): {ratio:,.0f}×"
        )
        return
    print(f"Repast4Py: {args.peer_runs} full-size run(s) on one rank …")
    answers = peer_process(FULL, list(range(1, args.peer_runs + 1)))
    if not answers:
        print(f"Repast4Py reference figure (docs/repast.md, NOT measured here): {REFERENCE}")
        return
    seconds = [a["seconds"] for a in answers]
    print("  Repast4Py seconds per run: " + ", ".join(f"{s:.1f}" for s in seconds))
    peer_s = statistics.median(seconds)
    print()
    print(f"{'':10}{'s per run':>12}")
    print(f"{'hyosan':10}{ours_s:12.4f}")
    print(f"{'Repast4Py':10}{peer_s:12.2f}")
    print(f"ratio: hyosan is {peer_s / ours_s:,.0f}× faster (target ≥ 100× on one rank)")
    print()
    print(
        f"counts per tick, mean ± sd: hyosan over {len(ours)} takes, "
        f"Repast4Py over {len(answers)} seeds (too few for a test: read, don't judge)"
    )
    side_by_side(ours, np.asarray([a["counts"] for a in answers]), [10, 20, 30, 40, 50])
    print()
    lockstep(args.seed)
    if args.small_runs > 1:
        print()
        small_world(args.small_runs)


if __name__ == "__main__":
    main()
