"""The Repast4Py Zombies model, reproduced rule for rule on an open floor, as Numba kernels.

The world is continuous (``width`` × ``height``) with sticky borders; each agent also stands in
grid cell ``(floor(x), floor(y))``, any number to a cell. Each tick all zombies step, then all
humans step (rules in ``docs/repast.md``). Two orders decide who meets whom, and both follow
Repast4Py exactly:

- **Agent order.** Repast4Py iterates a type's agents in the order they were added to the
  context (an ordered dict, no shuffle): zombies by creation (the initial ones, then each new
  zombie in the order its human died), humans by creation, the dead removed in place.
- **"The first human in the cell".** Repast4Py's grid keeps one list per cell and appends an
  agent when it *enters* the cell (a move within the same cell keeps its place; leaving removes
  it). The first human is therefore the one that has stood in that cell the longest. Here each
  human carries an arrival stamp, renewed each time it changes cell; the first human of a cell
  is the one with the smallest stamp. At the start, humans arrive in creation order.

Counts are static inside each phase (zombies count humans, who do not move while zombies step;
humans count zombies, who do not move while humans step), so each phase reads one count grid.
Random choices draw from the take's own NumPy ``Generator``, passed into the kernels (the
take's ``"repast"`` stream, :func:`hyosan.seeding.take_stream`): a tie among n > 1 cells takes
``int(random() × n)``, a single best cell draws nothing; starting positions are
``uniform(0, extent)``. Handed that same stream, Repast4Py gives identical counts at every tick
(``benchmarks/repast_zombies.py``).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit

STICKY_OFFSET = 1e-8
"""Repast4Py clamps a continuous coordinate to ``[min, max − 1e-8]`` at a sticky border."""

# The 3×3 neighbourhood in Repast4Py's order: rows y+1, y, y−1; columns x−1, x, x+1.
_DX = np.array([-1, 0, 1, -1, 0, 1, -1, 0, 1], dtype=np.int64)
_DY = np.array([1, 1, 1, 0, 0, 0, -1, -1, -1], dtype=np.int64)

STATES = ("humans", "zombies")


@njit(cache=True, inline="always")
def _sticky(v: float, extent: int) -> float:
    hi = extent - STICKY_OFFSET
    if v > hi:
        return hi
    if v < 0.0:
        return 0.0
    return v


@njit(cache=True, inline="always")
def _cell_of(x: float, y: float, width: int) -> int:
    return int(np.floor(y)) * width + int(np.floor(x))


@njit(cache=True, inline="always")
def _choose(
    counts: np.ndarray,
    cx: int,
    cy: int,
    width: int,
    height: int,
    most: bool,
    cand: np.ndarray,
    rng: np.random.Generator,
) -> int:
    """A neighbourhood offset (index into ``_DX, _DY``) drawn uniformly among the 3×3 cells,
    clipped at the borders, with the most (``most``) or the fewest agents in ``counts``."""
    n = 0
    best = 0
    for k in range(9):
        nx = cx + _DX[k]
        ny = cy + _DY[k]
        if nx < 0 or nx >= width or ny < 0 or ny >= height:
            continue
        v = counts[ny * width + nx]
        if n == 0 or (v > best if most else v < best):
            best = v
            n = 0
        if v == best:
            cand[n] = k
            n += 1
    if n == 1:
        return cand[0]
    return cand[int(rng.random() * n)]


@njit(cache=True, inline="always")
def _spread(near: np.ndarray, cx: int, cy: int, width: int, height: int, delta: int) -> None:
    """Add ``delta`` to ``near`` over the 3×3 cells around cell (cx, cy), clipped at the borders."""
    for ny in range(max(cy - 1, 0), min(cy + 2, height)):
        for nx in range(max(cx - 1, 0), min(cx + 2, width)):
            near[ny * width + nx] += delta


class Agents(NamedTuple):
    """The agents of a world, as arrays changed in place. ``arrival`` orders the humans of a
    cell (smallest first: entered earliest); ``zx, zy`` have room for every human turning."""

    hx: np.ndarray
    hy: np.ndarray
    infected: np.ndarray
    infected_time: np.ndarray
    alive: np.ndarray
    arrival: np.ndarray
    zx: np.ndarray
    zy: np.ndarray


class Rules(NamedTuple):
    """The world's extent and the rules' constants."""

    width: int
    height: int
    zombie_step: float
    human_step: float
    death_ticks: int


class Grids(NamedTuple):
    """Where each agent stands and how many stand in and around each cell (scratch of a run)."""

    h_cell: np.ndarray
    z_cell: np.ndarray
    h_grid: np.ndarray
    z_grid: np.ndarray
    z_near: np.ndarray  # zombies in the 3×3 around each cell
    first: np.ndarray  # the first human of each cell
    dead: np.ndarray
    cand: np.ndarray


@njit(cache=True)
def _grids(agents: Agents, n_zombies: int, rules: Rules) -> tuple[Grids, int, int]:
    """The grids of the world as given: (grids, living humans, next arrival stamp)."""
    n_h = agents.hx.shape[0]
    width, height = rules.width, rules.height
    n_cells = width * height
    g = Grids(
        np.empty(n_h, dtype=np.int32),
        np.empty(agents.zx.shape[0], dtype=np.int32),
        np.zeros(n_cells, dtype=np.int32),
        np.zeros(n_cells, dtype=np.int32),
        np.zeros(n_cells, dtype=np.int32),
        np.empty(n_cells, dtype=np.int32),
        np.empty(n_h, dtype=np.int64),
        np.empty(9, dtype=np.int64),
    )
    n_alive = 0
    stamp = 0
    for h in range(n_h):
        if agents.alive[h]:
            g.h_cell[h] = _cell_of(agents.hx[h], agents.hy[h], width)
            g.h_grid[g.h_cell[h]] += 1
            n_alive += 1
            stamp = max(stamp, agents.arrival[h] + 1)
    for z in range(n_zombies):
        zx, zy = agents.zx[z], agents.zy[z]
        g.z_cell[z] = _cell_of(zx, zy, width)
        g.z_grid[g.z_cell[z]] += 1
        _spread(g.z_near, int(zx), int(zy), width, height, 1)
    return g, n_alive, stamp


@njit(cache=True)
def _zombies_step(
    agents: Agents, g: Grids, n_zombies: int, rules: Rules, rng: np.random.Generator
) -> None:
    """Each zombie steps towards the most humans, then infects the first human of its cell."""
    width, height, step = rules.width, rules.height, rules.zombie_step
    zx, zy, z_cell = agents.zx, agents.zy, g.z_cell
    first = g.first
    first[:] = -1
    for h in range(agents.hx.shape[0]):
        if agents.alive[h]:
            c = g.h_cell[h]
            f = first[c]
            if f < 0 or agents.arrival[h] < agents.arrival[f]:
                first[c] = h
    for z in range(n_zombies):
        c = z_cell[z]
        cx = int(zx[z])  # positions are ≥ 0: truncation is floor
        cy = int(zy[z])
        k = _choose(g.h_grid, cx, cy, width, height, True, g.cand, rng)
        if _DX[k] != 0 or _DY[k] != 0:
            zx[z] = _sticky(zx[z] + _DX[k] * step, width)
            zy[z] = _sticky(zy[z] + _DY[k] * step, height)
            new = _cell_of(zx[z], zy[z], width)
            if new != c:
                g.z_grid[c] -= 1
                g.z_grid[new] += 1
                _spread(g.z_near, cx, cy, width, height, -1)
                _spread(g.z_near, int(zx[z]), int(zy[z]), width, height, 1)
            z_cell[z] = new
        victim = first[z_cell[z]]
        if victim >= 0:
            agents.infected[victim] = True


@njit(cache=True)
def _humans_step(
    agents: Agents, g: Grids, stamp: int, rules: Rules, rng: np.random.Generator
) -> tuple[int, int]:
    """Each living human ages its infection (listing the dead in ``g.dead``) or steps away from
    the fewest zombies: (the dead, the next arrival stamp)."""
    width, height, step = rules.width, rules.height, rules.human_step
    hx, hy, h_cell, h_grid = agents.hx, agents.hy, g.h_cell, g.h_grid
    n_dead = 0
    for h in range(hx.shape[0]):
        if not agents.alive[h]:
            continue
        if agents.infected[h]:
            agents.infected_time[h] += 1
            if agents.infected_time[h] >= rules.death_ticks:
                g.dead[n_dead] = h
                n_dead += 1
                continue
        c = h_cell[h]
        cx = int(hx[h])
        cy = int(hy[h])
        if g.z_near[c] == 0 and 0 < cx < width - 1 and 0 < cy < height - 1:
            # No zombie around, all nine cells tie: the same draw _choose would make.
            k = int(rng.random() * 9)
        else:
            k = _choose(g.z_grid, cx, cy, width, height, False, g.cand, rng)
        if _DX[k] != 0 or _DY[k] != 0:
            hx[h] = _sticky(hx[h] + _DX[k] * step, width)
            hy[h] = _sticky(hy[h] + _DY[k] * step, height)
            new = _cell_of(hx[h], hy[h], width)
            if new != c:
                h_grid[c] -= 1
                h_grid[new] += 1
                h_cell[h] = new
                agents.arrival[h] = stamp
                stamp += 1
    return n_dead, stamp


@njit(cache=True)
def _turn(agents: Agents, g: Grids, n_dead: int, n_zombies: int, rules: Rules) -> int:
    """The dead rise as zombies where they stood, in the order they died: the zombies now."""
    for i in range(n_dead):
        h = g.dead[i]
        cell = g.h_cell[h]
        agents.alive[h] = False
        g.h_grid[cell] -= 1
        agents.zx[n_zombies] = agents.hx[h]
        agents.zy[n_zombies] = agents.hy[h]
        g.z_cell[n_zombies] = cell
        g.z_grid[cell] += 1
        _spread(g.z_near, int(agents.hx[h]), int(agents.hy[h]), rules.width, rules.height, 1)
        n_zombies += 1
    return n_zombies


@njit(cache=True)
def run_world(
    agents: Agents, n_zombies: int, ticks: int, rules: Rules, rng: np.random.Generator
) -> tuple[np.ndarray, int]:
    """Evolve a given world in place for ``ticks`` ticks, drawing from ``rng``: (counts,
    zombies), with ``counts[t]`` = (humans, zombies) after tick t."""
    counts = np.empty((ticks + 1, 2), dtype=np.int64)
    g, n_alive, stamp = _grids(agents, n_zombies, rules)
    counts[0, 0] = n_alive
    counts[0, 1] = n_zombies
    for t in range(1, ticks + 1):
        _zombies_step(agents, g, n_zombies, rules, rng)
        n_dead, stamp = _humans_step(agents, g, stamp, rules, rng)
        n_zombies = _turn(agents, g, n_dead, n_zombies, rules)
        n_alive -= n_dead
        counts[t, 0] = n_alive
        counts[t, 1] = n_zombies
    return counts, n_zombies


@njit(cache=True)
def simulate_take(
    n_humans: int,
    n_zombies: int,
    width: int,
    height: int,
    ticks: int,
    zombie_step: float,
    human_step: float,
    death_ticks: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, int]:
    """One take from its generator: place humans, then zombies, uniformly at random; run.

    Returns the counts per tick, shape (ticks + 1, 2), and the humans infected at the end.
    """
    hx = np.empty(n_humans)
    hy = np.empty(n_humans)
    for h in range(n_humans):
        hx[h] = _sticky(rng.uniform(0.0, width), width)
        hy[h] = _sticky(rng.uniform(0.0, height), height)
    zx = np.empty(n_zombies + n_humans)
    zy = np.empty(n_zombies + n_humans)
    for z in range(n_zombies):
        zx[z] = _sticky(rng.uniform(0.0, width), width)
        zy[z] = _sticky(rng.uniform(0.0, height), height)
    infected = np.zeros(n_humans, dtype=np.bool_)
    infected_time = np.zeros(n_humans, dtype=np.int64)
    alive = np.ones(n_humans, dtype=np.bool_)
    arrival = np.arange(n_humans, dtype=np.int64)
    agents = Agents(hx, hy, infected, infected_time, alive, arrival, zx, zy)
    rules = Rules(width, height, zombie_step, human_step, death_ticks)
    counts, _ = run_world(agents, n_zombies, ticks, rules, rng)
    carrying = 0
    for h in range(n_humans):
        if alive[h] and infected[h]:
            carrying += 1
    return counts, carrying
