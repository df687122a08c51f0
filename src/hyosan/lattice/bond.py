"""The bond lattice of Alemi et al. (2015): one person per site, every S–Z bond a channel.

Each bond between a susceptible site and a zombie site fires at rate β + κ = β(1 + α); when it
fires the zombie bites (S → Z) with probability 1/(1 + α), else the human kills it (Z → R).
Time is continuous: the next event comes after an exponential wait of rate (β + κ)·B, where B is
the number of S–Z bonds, kept exact by updating it at each event.

The data structure touches only the front:

- ``state``: one byte per site (S = 0, Z = 1, R = 2);
- ``front``: an int32 list of zombie sites that may still have a susceptible neighbour. A site
  enters once, when it turns; it never needs to re-enter, since a zombie never gains a
  susceptible neighbour. Entries that went stale (the zombie died, or all its neighbours
  turned) are swap-removed lazily, when a draw lands on them — the draw knows their position, so
  no position index (and no per-site memory for one) is needed.

A bond is chosen uniformly by rejection: draw a front entry and one of its four directions, and
accept if that entry is a live zombie and the neighbour is susceptible. Every active bond is
one (entry, direction) pair, so accepted pairs are uniform over the active bonds: the method is
exact. The work per event is O(1) on average, memory is 1 byte per site plus 4 bytes per front
entry (measured by :func:`bytes_per_site`).
"""

from __future__ import annotations

import numpy as np
from numba import njit

SUSCEPTIBLE = np.uint8(0)
ZOMBIE = np.uint8(1)
REMOVED = np.uint8(2)

TALLY_S, TALLY_Z, TALLY_R, TALLY_BONDS, TALLY_EVENTS = 0, 1, 2, 3, 4
STOP_TIME, STOP_NO_BONDS, STOP_EDGE, STOP_EVENTS = 0, 1, 2, 3


@njit(cache=True, inline="always")
def _neighbour(site: int, d: int, rows: int, cols: int, periodic: bool) -> int:
    """Site next to ``site`` in direction d (0 east, 1 west, 2 south, 3 north); -1 off an open edge."""
    r = site // cols
    c = site - r * cols
    if d == 0:
        c += 1
        if c == cols:
            if not periodic:
                return -1
            c = 0
    elif d == 1:
        c -= 1
        if c < 0:
            if not periodic:
                return -1
            c = cols - 1
    elif d == 2:
        r += 1
        if r == rows:
            if not periodic:
                return -1
            r = 0
    else:
        r -= 1
        if r < 0:
            if not periodic:
                return -1
            r = rows - 1
    return r * cols + c


@njit(cache=True, inline="always")
def _tally_next(
    state: np.ndarray, site: int, rows: int, cols: int, periodic: bool
) -> tuple[int, int]:
    """How many of the four neighbours of ``site`` are susceptible, and how many are zombies."""
    r = site // cols
    c = site - r * cols
    n_s = 0
    n_z = 0
    for d in range(4):
        if d == 0:
            nb = site + 1 if c + 1 < cols else (site + 1 - cols if periodic else -1)
        elif d == 1:
            nb = site - 1 if c > 0 else (site - 1 + cols if periodic else -1)
        elif d == 2:
            nb = site + cols if r + 1 < rows else (c if periodic else -1)
        else:
            nb = site - cols if r > 0 else ((rows - 1) * cols + c if periodic else -1)
        if nb >= 0:
            v = state[nb]
            if v == SUSCEPTIBLE:
                n_s += 1
            elif v == ZOMBIE:
                n_z += 1
    return n_s, n_z


@njit(cache=True, inline="always")
def _count_next(
    state: np.ndarray, site: int, kind: np.uint8, rows: int, cols: int, periodic: bool
) -> int:
    """How many of the four neighbours of ``site`` are in state ``kind`` (S or Z)."""
    n_s, n_z = _tally_next(state, site, rows, cols, periodic)
    return n_s if kind == SUSCEPTIBLE else n_z


@njit(cache=True)
def seed_front(
    state: np.ndarray, rows: int, cols: int, periodic: bool
) -> tuple[np.ndarray, int, np.ndarray]:
    """Front list, its length and the tally (S, Z, R, bonds, events) of a starting lattice."""
    n_sites = rows * cols
    tally = np.zeros(5, dtype=np.int64)
    n_front = 0
    for site in range(n_sites):
        tally[state[site]] += 1
    capacity = max(1024, 4 * tally[TALLY_Z])
    front = np.empty(capacity, dtype=np.int32)
    for site in range(n_sites):
        if state[site] == ZOMBIE:
            k = _count_next(state, site, SUSCEPTIBLE, rows, cols, periodic)
            if k > 0:
                front[n_front] = site
                n_front += 1
                tally[TALLY_BONDS] += k
    return front, n_front, tally


@njit(cache=True)
def advance(
    state: np.ndarray,
    front: np.ndarray,
    n_front: int,
    tally: np.ndarray,
    t: float,
    t_stop: float,
    rate: float,
    p_bite: float,
    rows: int,
    cols: int,
    periodic: bool,
    reached: np.ndarray,
    block: int,
    stop_at_edge: bool,
    max_events: int,
) -> tuple[np.ndarray, int, float, int]:
    """Run events until ``t_stop``, no bond is left, the front touches an edge or ``max_events``.

    Returns the (possibly grown) front array, its length, the time reached and why it stopped.
    ``reached`` (rows/block × cols/block, float32) records when each block first held a zombie.
    Numba's generator must be seeded by the caller; the waits are exponential, so stopping at
    ``t_stop`` and resuming later draws from the same process (memorylessness).
    """
    bonds = tally[TALLY_BONDS]
    events = 0
    while True:
        if bonds <= 0:
            tally[TALLY_BONDS] = bonds
            return front, n_front, t, STOP_NO_BONDS
        if events >= max_events:
            tally[TALLY_BONDS] = bonds
            return front, n_front, t, STOP_EVENTS
        t_next = t - np.log(1.0 - np.random.random()) / (rate * bonds)
        if t_next > t_stop:
            tally[TALLY_BONDS] = bonds
            return front, n_front, t_stop, STOP_TIME
        t = t_next
        while True:
            pick = int(np.random.random() * 4.0 * n_front)
            i = pick >> 2
            z = front[i]
            if state[z] == ZOMBIE:
                nb = _neighbour(z, pick & 3, rows, cols, periodic)
                if nb >= 0 and state[nb] == SUSCEPTIBLE:
                    break
                if _count_next(state, z, SUSCEPTIBLE, rows, cols, periodic) > 0:
                    continue
            n_front -= 1
            front[i] = front[n_front]
        events += 1
        tally[TALLY_EVENTS] += 1
        if np.random.random() < p_bite:
            state[nb] = ZOMBIE
            tally[TALLY_S] -= 1
            tally[TALLY_Z] += 1
            k_s, k_z = _tally_next(state, nb, rows, cols, periodic)
            bonds += k_s - k_z
            if k_s > 0:
                if n_front == front.shape[0]:
                    grown = np.empty(2 * front.shape[0], dtype=np.int32)
                    grown[:n_front] = front[:n_front]
                    front = grown
                front[n_front] = nb
                n_front += 1
            r = nb // cols
            c = nb - r * cols
            if np.isnan(reached[r // block, c // block]):
                reached[r // block, c // block] = t
            if stop_at_edge and (r == 0 or c == 0 or r == rows - 1 or c == cols - 1):
                tally[TALLY_BONDS] = bonds
                return front, n_front, t, STOP_EDGE
        else:
            state[z] = REMOVED
            tally[TALLY_Z] -= 1
            tally[TALLY_R] += 1
            bonds -= _count_next(state, z, SUSCEPTIBLE, rows, cols, periodic)
            n_front -= 1
            front[i] = front[n_front]


@njit(cache=True)
def seed_rng(seed: int) -> None:
    """Seed Numba's generator (the one :func:`advance` draws from)."""
    np.random.seed(seed)


@njit(cache=True)
def block_counts(state: np.ndarray, rows: int, cols: int, block: int) -> np.ndarray:
    """Counts of S, Z, R in each block × block square, shape (3, rows/block, cols/block)."""
    br = (rows + block - 1) // block
    bc = (cols + block - 1) // block
    out = np.zeros((3, br, bc), dtype=np.float32)
    for r in range(rows):
        for c in range(cols):
            out[state[r * cols + c], r // block, c // block] += 1.0
    return out


def bytes_per_site(state: np.ndarray, front: np.ndarray) -> float:
    """Memory the engine holds per site: the state bytes plus the front list's capacity."""
    return (state.nbytes + front.nbytes) / state.size
