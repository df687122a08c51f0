"""The bond lattice of Alemi et al. (2015): one person per site, every S–Z bond a channel.

Each bond between a susceptible site and a zombie site fires at rate β + κ = β(1 + α); when it
fires the zombie bites (S → Z) with probability 1/(1 + α), else the human kills it (Z → R).
Time is continuous: the next event comes after an exponential wait of rate (β + κ)·B, where B is
the number of S–Z bonds, kept exact by updating it at each event.

The data structure touches only the front:

- ``state``: one byte per site (S = 0, Z = 1, R = 2). With open borders the lattice is framed
  by a ring of wall sites (3), so a neighbour is ``site ± 1`` or ``site ± width`` with no
  division and no border test; a periodic lattice wraps explicitly;
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

from typing import NamedTuple

import numpy as np
from numba import njit

SUSCEPTIBLE = np.uint8(0)
ZOMBIE = np.uint8(1)
REMOVED = np.uint8(2)
WALL = np.uint8(3)

TALLY_S, TALLY_Z, TALLY_R, TALLY_BONDS, TALLY_EVENTS = 0, 1, 2, 3, 4
STOP_TIME, STOP_NO_BONDS, STOP_EDGE, STOP_EVENTS = 0, 1, 2, 3


def layout(rows: int, cols: int, periodic: bool) -> tuple[int, int]:
    """(pad, width) of the state array: open borders add a one-site wall ring."""
    pad = 0 if periodic else 1
    return pad, cols + 2 * pad


def new_lattice(rows: int, cols: int, periodic: bool) -> np.ndarray:
    """An all-susceptible lattice in the engine's layout (walled when the borders are open)."""
    pad, width = layout(rows, cols, periodic)
    state = np.zeros((rows + 2 * pad, width), dtype=np.uint8)
    if pad:
        state[0, :] = state[-1, :] = state[:, 0] = state[:, -1] = WALL
    return state.ravel()


def site_of(r: int, c: int, cols: int, periodic: bool) -> int:
    """Index in the state array of lattice site (r, c)."""
    pad, width = layout(0, cols, periodic)
    return (r + pad) * width + c + pad


@njit(cache=True, inline="always")
def _neighbour(site: int, d: int, rows: int, cols: int, periodic: bool) -> int:
    """Site next to ``site`` in direction d (0 east, 1 west, 2 south, 3 north)."""
    if not periodic:
        if d == 0:
            return site + 1
        if d == 1:
            return site - 1
        if d == 2:
            return site + cols + 2
        return site - cols - 2
    r = site // cols
    c = site - r * cols
    if d == 0:
        return site + 1 if c + 1 < cols else site + 1 - cols
    if d == 1:
        return site - 1 if c > 0 else site - 1 + cols
    if d == 2:
        return site + cols if r + 1 < rows else c
    return site - cols if r > 0 else (rows - 1) * cols + c


@njit(cache=True, inline="always")
def _tally_next(
    state: np.ndarray, site: int, rows: int, cols: int, periodic: bool
) -> tuple[int, int]:
    """How many of the four neighbours of ``site`` are susceptible, and how many are zombies."""
    n_s = 0
    n_z = 0
    for d in range(4):
        v = state[_neighbour(site, d, rows, cols, periodic)]
        if v == SUSCEPTIBLE:
            n_s += 1
        elif v == ZOMBIE:
            n_z += 1
    return n_s, n_z


@njit(cache=True, inline="always")
def _has_susceptible(state: np.ndarray, site: int, rows: int, cols: int, periodic: bool) -> bool:
    found = False
    for d in range(4):
        if state[_neighbour(site, d, rows, cols, periodic)] == SUSCEPTIBLE:
            found = True
            break
    return found


@njit(cache=True, inline="always")
def _row_col(site: int, cols: int, periodic: bool) -> tuple[int, int]:
    if periodic:
        r = site // cols
        return r, site - r * cols
    width = cols + 2
    r = site // width
    return r - 1, site - r * width - 1


@njit(cache=True, inline="always")
def _rotl(x: np.uint64, k: np.uint64) -> np.uint64:
    return (x << k) | (x >> (np.uint64(64) - k))


@njit(cache=True, inline="always")
def _uniform(rng: np.ndarray) -> float:
    """A uniform double in [0, 1) from xoroshiro128+ (its top 53 bits); ``rng`` holds the state."""
    s0 = rng[0]
    s1 = rng[1]
    result = s0 + s1
    s1 ^= s0
    rng[0] = _rotl(s0, np.uint64(24)) ^ s1 ^ (s1 << np.uint64(16))
    rng[1] = _rotl(s1, np.uint64(37))
    return float(result >> np.uint64(11)) * (1.0 / 9007199254740992.0)


def new_rng(seed: int) -> np.ndarray:
    """The generator state of one take: two words of SplitMix64 from the take's integer seed.

    The kernel draws from xoroshiro128+, inlined: about a nanosecond a draw, against six for
    Numba's Mersenne Twister, and the bond lattice draws about five numbers per event.
    """
    mask = (1 << 64) - 1
    state = int(seed) & mask
    words = []
    for _ in range(2):
        state = (state + 0x9E3779B97F4A7C15) & mask
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        words.append(z ^ (z >> 31))
    return np.array(words, dtype=np.uint64)


@njit(cache=True)
def seed_front(
    state: np.ndarray, rows: int, cols: int, periodic: bool
) -> tuple[np.ndarray, int, np.ndarray]:
    """Front list, its length and the tally (S, Z, R, bonds, events) of a starting lattice."""
    tally = np.zeros(5, dtype=np.int64)
    n_front = 0
    for site in range(state.shape[0]):
        if state[site] != WALL:
            tally[state[site]] += 1
    capacity = max(1024, 4 * tally[TALLY_Z])
    front = np.empty(capacity, dtype=np.int32)
    for site in range(state.shape[0]):
        if state[site] == ZOMBIE:
            k, _ = _tally_next(state, site, rows, cols, periodic)
            if k > 0:
                front[n_front] = site
                n_front += 1
                tally[TALLY_BONDS] += k
    return front, n_front, tally


class BondRules(NamedTuple):
    """A bond lattice's shape and rules: the rate of each S–Z bond and the odds a firing is a
    bite; ``reached`` blocks of ``block`` × ``block`` sites; whether to stop when the front
    touches an edge, and after how many events at most."""

    rate: float
    p_bite: float
    rows: int
    cols: int
    periodic: bool
    block: int
    stop_at_edge: bool
    max_events: int


@njit(cache=True)
def advance(
    state: np.ndarray,
    front: np.ndarray,
    n_front: int,
    tally: np.ndarray,
    rng: np.ndarray,
    t: float,
    t_stop: float,
    rules: BondRules,
    reached: np.ndarray,
) -> tuple[np.ndarray, int, float, int]:
    """Run events until ``t_stop``, no bond is left, the front touches an edge (if
    ``rules.stop_at_edge``) or ``rules.max_events``.

    Returns the (possibly grown) front array, its length, the time reached and why it stopped.
    ``reached`` (rows/block × cols/block, float32) records when each block first held a zombie.
    ``rng`` (from :func:`new_rng`) carries the generator state between calls; the waits are
    exponential, so stopping at ``t_stop`` and resuming later draws from the same process
    (memorylessness).
    """
    rows, cols, periodic, block = rules.rows, rules.cols, rules.periodic, rules.block
    rate, p_bite = rules.rate, rules.p_bite
    bonds = tally[TALLY_BONDS]
    events = 0
    while True:
        if bonds <= 0:
            tally[TALLY_BONDS] = bonds
            return front, n_front, t, STOP_NO_BONDS
        if events >= rules.max_events:
            tally[TALLY_BONDS] = bonds
            return front, n_front, t, STOP_EVENTS
        t_next = t - np.log(1.0 - _uniform(rng)) / (rate * bonds)
        if t_next > t_stop:
            tally[TALLY_BONDS] = bonds
            return front, n_front, t_stop, STOP_TIME
        t = t_next
        while True:
            pick = int(_uniform(rng) * 4.0 * n_front)
            i = pick >> 2
            z = front[i]
            if state[z] == ZOMBIE:
                nb = _neighbour(z, pick & 3, rows, cols, periodic)
                if state[nb] == SUSCEPTIBLE:
                    break
                if _has_susceptible(state, z, rows, cols, periodic):
                    continue
            n_front -= 1
            front[i] = front[n_front]
        events += 1
        tally[TALLY_EVENTS] += 1
        if _uniform(rng) < p_bite:
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
            r, c = _row_col(nb, cols, periodic)
            if np.isnan(reached[r // block, c // block]):
                reached[r // block, c // block] = t
            if rules.stop_at_edge and (r == 0 or c == 0 or r == rows - 1 or c == cols - 1):
                tally[TALLY_BONDS] = bonds
                return front, n_front, t, STOP_EDGE
        else:
            state[z] = REMOVED
            tally[TALLY_Z] -= 1
            tally[TALLY_R] += 1
            k_s, _ = _tally_next(state, z, rows, cols, periodic)
            bonds -= k_s
            n_front -= 1
            front[i] = front[n_front]


@njit(cache=True)
def block_counts(state: np.ndarray, rows: int, cols: int, periodic: bool, block: int) -> np.ndarray:
    """Counts of S, Z, R in each block × block square, shape (3, rows/block, cols/block)."""
    br = (rows + block - 1) // block
    bc = (cols + block - 1) // block
    pad = 0 if periodic else 1
    width = cols + 2 * pad
    out = np.zeros((3, br, bc), dtype=np.float32)
    for r in range(rows):
        for c in range(cols):
            out[state[(r + pad) * width + c + pad], r // block, c // block] += 1.0
    return out


def bytes_per_site(state: np.ndarray, front: np.ndarray, sites: int) -> float:
    """Memory the engine holds per lattice site: the state bytes (walls included) plus the
    front list's capacity."""
    return (state.nbytes + front.nbytes) / sites
