"""The population grid: S, E, Z, H, R counts per cell, reactions within cells, zombies walking.

Per cell (rates per hour; q scales the mass-action constants to the cell's size):

==========  ======================  =================================
bite        S + Z → E + Z           k_bite · S · Z   (→ 2 Z without a latent stage)
half-bite   S + H → E + H           k_hbite · S · H
kill        S + Z → S + R           k_kill · S · Z   (k_kill = α · k_bite)
turn        E → Z  /  E → H         k_turn · E, a halfbie with probability h
decay       Z → R                   k_decay · Z
hop         Z(c) → Z(c')            k_hop · Z · w[c, d] for each neighbour direction d
==========  ======================  =================================

``w[c, d]`` is 1/4 toward a walkable neighbour, 0 toward sea, a map edge or a closed cordon
(the leak fraction if the cordon leaks), and is tilted toward a sounding lure.

Every kernel draws from the take's own NumPy ``Generator``, passed in (``rng``), never from
global state: the engine hands each take its named streams (:func:`hyosan.seeding.take_stream`).

Two methods, both Numba kernels that resume where they stopped (exponential waits are
memoryless, so stopping at an output time and resuming draws from the same process):

- :func:`advance_exact`: Gillespie's direct method over all cells; a sum tree over the cells'
  total propensities picks the cell in O(log cells), then the reaction within it.
- :func:`advance_tau`: binomial tau-leaping. Each individual's competing hazards become
  probabilities ``1 − exp(−λ τ)``, so counts never go negative and people are conserved
  exactly. Kills are tied to bites as in Alemi's model — every S–Z encounter is a bite with
  probability 1/(1 + α), else a kill — by drawing the kills as a negative binomial of the
  zombie bites: the encounters of a step are one Bernoulli sequence (bite with probability
  1/(1 + α)), read either as the bites before the last zombie falls or as the kills before the
  last bite, so the ratio α holds even when a city burns out within one step; those bitten
  during a step turn before its end with the probability for a uniform moment of biting.
"""

from __future__ import annotations

import numpy as np
from numba import njit

S, E, Z, H, R = 0, 1, 2, 3, 4
STATES = ("S", "E", "Z", "H", "R")
K_BITE, K_HBITE, K_KILL, K_TURN, K_HALF, K_DECAY, K_HOP = range(7)


@njit(cache=True, inline="always")
def _cell_rates(x: np.ndarray, c: int, k: np.ndarray, wsum: np.ndarray, a: np.ndarray) -> float:
    s = float(x[c, S])
    z = float(x[c, Z])
    a[0] = k[K_BITE] * s * z
    a[1] = k[K_HBITE] * s * x[c, H]
    a[2] = k[K_KILL] * s * z
    a[3] = k[K_TURN] * x[c, E]
    a[4] = k[K_DECAY] * z
    a[5] = k[K_HOP] * z * wsum[c]
    return a[0] + a[1] + a[2] + a[3] + a[4] + a[5]


@njit(cache=True, inline="always")
def _set_leaf(tree: np.ndarray, leaves: int, c: int, value: float) -> None:
    j = leaves + c
    tree[j] = value
    j >>= 1
    while j >= 1:
        tree[j] = tree[2 * j] + tree[2 * j + 1]
        j >>= 1


@njit(cache=True)
def build_tree(x: np.ndarray, k: np.ndarray, wsum: np.ndarray) -> tuple[np.ndarray, int]:
    """A sum tree over the cells' total propensities: leaves at [leaves, leaves + cells)."""
    n = x.shape[0]
    leaves = 1
    while leaves < n:
        leaves *= 2
    tree = np.zeros(2 * leaves)
    a = np.empty(6)
    for c in range(n):
        tree[leaves + c] = _cell_rates(x, c, k, wsum, a)
    for j in range(leaves - 1, 0, -1):
        tree[j] = tree[2 * j] + tree[2 * j + 1]
    return tree, leaves


@njit(cache=True)
def advance_exact(
    x: np.ndarray,
    nbr: np.ndarray,
    w: np.ndarray,
    wsum: np.ndarray,
    k: np.ndarray,
    direct: bool,
    tree: np.ndarray,
    leaves: int,
    t: float,
    t_stop: float,
    reached: np.ndarray,
    rng: np.random.Generator,
) -> tuple[float, int]:
    """Exact events until ``t_stop`` (or until nothing can happen); returns (t, events)."""
    a = np.empty(6)
    events = 0
    while True:
        total = tree[1]
        if total <= 0.0:
            return t_stop, events
        t_next = t - np.log(1.0 - rng.random()) / total
        if t_next > t_stop:
            return t_stop, events
        t = t_next
        u = rng.random() * total
        j = 1
        while j < leaves:
            if u < tree[2 * j] or tree[2 * j + 1] <= 0.0:
                j = 2 * j
            else:
                u -= tree[2 * j]
                j = 2 * j + 1
        c = j - leaves
        cell_total = _cell_rates(x, c, k, wsum, a)
        u = rng.random() * cell_total
        channel = 0
        while channel < 5 and u >= a[channel]:
            u -= a[channel]
            channel += 1
        target = -1
        if channel == 0 or channel == 1:
            x[c, S] -= 1
            if direct and channel == 0:
                x[c, Z] += 1
            else:
                x[c, E] += 1
        elif channel == 2:
            x[c, Z] -= 1
            x[c, R] += 1
        elif channel == 3:
            x[c, E] -= 1
            if rng.random() < k[K_HALF]:
                x[c, H] += 1
            else:
                x[c, Z] += 1
        elif channel == 4:
            x[c, Z] -= 1
            x[c, R] += 1
        else:
            v = rng.random() * wsum[c]
            d = 0
            while d < 3 and v >= w[c, d]:
                v -= w[c, d]
                d += 1
            while w[c, d] <= 0.0:
                d -= 1
            target = nbr[c, d]
            x[c, Z] -= 1
            x[target, Z] += 1
        events += 1
        if x[c, Z] > 0 and np.isnan(reached[c]):
            reached[c] = t
        _set_leaf(tree, leaves, c, _cell_rates(x, c, k, wsum, a))
        if target >= 0:
            if np.isnan(reached[target]):
                reached[target] = t
            _set_leaf(tree, leaves, target, _cell_rates(x, target, k, wsum, a))


@njit(cache=True, inline="always")
def _binomial(rng: np.random.Generator, n: int, p: float) -> int:
    if n <= 0 or p <= 0.0:
        return 0
    if p >= 1.0:
        return n
    return rng.binomial(n, p)


@njit(cache=True)
def _encounters(
    rng: np.random.Generator, s: int, z: int, h: int, k: np.ndarray, p_bite: float, dt: float
) -> tuple[int, int]:
    """A cell's bites (by zombies and halfbies) and zombies killed over ``dt``: (bitten,
    killed)."""
    bite_z = k[K_BITE] * z
    hazard = bite_z + k[K_HBITE] * h
    bitten = _binomial(rng, s, 1.0 - np.exp(-hazard * dt)) if hazard > 0.0 else 0
    by_z = _binomial(rng, bitten, bite_z / hazard) if bitten > 0 else 0
    if k[K_BITE] > 0.0:
        killed = 0
        if by_z > 0 and p_bite < 1.0:
            # One sequence of encounters, bite with probability p_bite else kill, seen
            # two ways: bites before the z-th kill, or kills before the by_z-th bite.
            before = rng.negative_binomial(z, 1.0 - p_bite)
            if before < by_z:
                bitten -= by_z - before
                killed = z
            else:
                killed = rng.negative_binomial(by_z, p_bite)
                while killed >= z:
                    killed = rng.negative_binomial(by_z, p_bite)
    else:
        killed = _binomial(rng, z, 1.0 - np.exp(-k[K_KILL] * s * dt))
    return bitten, min(killed, z)


@njit(cache=True)
def _walk(
    rng: np.random.Generator,
    c: int,
    moving: int,
    nbr: np.ndarray,
    w: np.ndarray,
    wsum: np.ndarray,
    inflow: np.ndarray,
) -> int:
    """Send ``moving`` zombies from cell ``c`` to its neighbours by the weights ``w`` (into
    ``inflow``, added after the step); returns how many left."""
    gone = 0
    rest = wsum[c]
    for d in range(4):
        if moving <= 0:
            break
        if w[c, d] <= 0.0:
            continue
        go = moving if w[c, d] >= rest else _binomial(rng, moving, w[c, d] / rest)
        rest -= w[c, d]
        moving -= go
        gone += go
        inflow[nbr[c, d]] += go
    return gone


@njit(cache=True)
def advance_tau(
    x: np.ndarray,
    nbr: np.ndarray,
    w: np.ndarray,
    wsum: np.ndarray,
    k: np.ndarray,
    direct: bool,
    tau: float,
    t: float,
    t_stop: float,
    reached: np.ndarray,
    inflow: np.ndarray,
    rng: np.random.Generator,
) -> tuple[float, int]:
    """Binomial tau-leaps of at most ``tau`` until ``t_stop``; returns (t, steps)."""
    n = x.shape[0]
    steps = 0
    ratio = k[K_KILL] / k[K_BITE] if k[K_BITE] > 0.0 else 0.0
    p_bite = 1.0 / (1.0 + ratio)
    while t < t_stop:
        dt = min(tau, t_stop - t)
        if t_stop - (t + dt) < 1e-12 * max(1.0, t_stop):
            dt = t_stop - t
        for c in range(n):
            s = x[c, S]
            e = x[c, E]
            z = x[c, Z]
            h = x[c, H]
            if z == 0 and e == 0 and h == 0:
                continue
            bitten, killed = _encounters(rng, s, z, h, k, p_bite, dt)
            turned = _binomial(rng, e, 1.0 - np.exp(-k[K_TURN] * dt))
            fresh = 0
            if not direct and bitten > 0:
                # Bitten at a uniform moment of the step, some turn before it ends.
                x_turn = k[K_TURN] * dt
                fresh = _binomial(rng, bitten, 1.0 - (1.0 - np.exp(-x_turn)) / x_turn)
            turned += fresh
            halfbies = _binomial(rng, turned, k[K_HALF])
            left = z - killed
            decayed = _binomial(rng, left, 1.0 - np.exp(-k[K_DECAY] * dt))
            left -= decayed
            moving = _binomial(rng, left, 1.0 - np.exp(-k[K_HOP] * wsum[c] * dt))
            z -= _walk(rng, c, moving, nbr, w, wsum, inflow)
            x[c, S] = s - bitten
            if direct:
                x[c, Z] = z - killed - decayed + bitten + turned - halfbies
                x[c, E] = e - turned
            else:
                x[c, Z] = z - killed - decayed + turned - halfbies
                x[c, E] = e + bitten - turned
            x[c, H] = h + halfbies
            x[c, R] += killed + decayed
        t += dt
        steps += 1
        for c in range(n):
            if inflow[c] > 0:
                x[c, Z] += inflow[c]
                inflow[c] = 0
            if x[c, Z] > 0 and np.isnan(reached[c]):
                reached[c] = t
    return t, steps


@njit(cache=True)
def strike(
    x: np.ndarray, cells: np.ndarray, zombies: float, people: float, rng: np.random.Generator
) -> None:
    """Remove (to R) a binomial share of Z, E, H (``zombies``) and of S (``people``) in cells."""
    for c in cells:
        for state, share in ((Z, zombies), (E, zombies), (H, zombies), (S, people)):
            gone = _binomial(rng, x[c, state], share)
            x[c, state] -= gone
            x[c, R] += gone
