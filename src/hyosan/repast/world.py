"""A hand-made world for the Repast4Py Zombies rules: a few agents placed by hand, for tests and
teaching (the rules themselves are in :mod:`hyosan.repast.kernel`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from hyosan.repast.kernel import Agents, Rules, run_world


@dataclass
class ZombieWorld:
    """A hand-made world (structure of arrays) to run the rules on: tests and teaching.

    At the start, humans listed earlier count as having entered their cell earlier; ``arrival``
    keeps that order across runs. ``zx, zy`` have room for every human to turn; ``n_zombies``
    of them are in use.
    """

    width: int
    height: int
    hx: np.ndarray
    hy: np.ndarray
    zx: np.ndarray
    zy: np.ndarray
    n_zombies: int
    infected: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.bool_))
    infected_time: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    alive: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.bool_))
    arrival: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    @classmethod
    def of(
        cls,
        humans: Sequence[tuple[float, float]],
        zombies: Sequence[tuple[float, float]],
        width: int = 200,
        height: int = 200,
        infected_time: Sequence[int] | None = None,
    ) -> ZombieWorld:
        """A world from positions; ``infected_time[i] > 0`` marks human i infected that long."""
        h = np.asarray(humans, dtype=np.float64).reshape(-1, 2)
        z = np.asarray(zombies, dtype=np.float64).reshape(-1, 2)
        room = len(h) + len(z)
        zx = np.zeros(room)
        zy = np.zeros(room)
        zx[: len(z)] = z[:, 0]
        zy[: len(z)] = z[:, 1]
        times = np.zeros(len(h), dtype=np.int64)
        if infected_time is not None:
            times[:] = np.asarray(infected_time, dtype=np.int64)
        return cls(
            width=width,
            height=height,
            hx=h[:, 0].copy(),
            hy=h[:, 1].copy(),
            zx=zx,
            zy=zy,
            n_zombies=len(z),
            infected=times > 0,
            infected_time=times,
            alive=np.ones(len(h), dtype=np.bool_),
            arrival=np.arange(len(h), dtype=np.int64),
        )

    def run(
        self,
        ticks: int,
        rng: np.random.Generator | int,
        *,
        zombie_step: float = 0.25,
        human_step: float = 0.5,
        death_ticks: int = 10,
    ) -> np.ndarray:
        """Run ``ticks`` ticks in place, drawing from ``rng`` (a generator, or a seed for a fresh
        one); counts (humans, zombies) per tick, shape (ticks+1, 2)."""
        if not isinstance(rng, np.random.Generator):
            rng = np.random.default_rng(rng)
        agents = Agents(
            self.hx,
            self.hy,
            self.infected,
            self.infected_time,
            self.alive,
            self.arrival,
            self.zx,
            self.zy,
        )
        rules = Rules(self.width, self.height, zombie_step, human_step, death_ticks)
        counts, self.n_zombies = run_world(agents, self.n_zombies, ticks, rules, rng)
        return counts

    @property
    def zombies(self) -> np.ndarray:
        """Zombie positions, shape (zombies, 2), in iteration order."""
        return np.column_stack([self.zx[: self.n_zombies], self.zy[: self.n_zombies]])

    @property
    def humans(self) -> np.ndarray:
        """Positions of living humans, shape (humans, 2), in iteration order."""
        return np.column_stack([self.hx[self.alive], self.hy[self.alive]])
