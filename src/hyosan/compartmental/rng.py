"""xoshiro256+ in four local variables: the uniform numbers of the SSA kernels.

Numba's own generator (Mersenne Twister) keeps its state in memory and costs a 624-word
initialisation per seed; an SSA step needs two uniforms, so the generator is a large part of a
step. xoshiro256+ (Blackman & Vigna, 2018) keeps 256 bits of state in registers and passes the
standard statistical batteries in the upper 53 bits used here for doubles. Each take's state is
filled from its integer seed by splitmix64, as the authors recommend.

Draws that need a distribution come from the same uniforms: binomial by inversion when few are
expected and by Hörmann's BTRD otherwise (Hörmann, 1993, "The generation of binomial random
variates"), Poisson by inversion or Hörmann's PTRS (1993, "The transformed rejection method for
generating Poisson random variables"), the algorithms NumPy and TensorFlow use. A kernel thus
needs no NumPy ``Generator`` per take (a typed list of them costs a compile in every process and
tens of microseconds per take to build).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_TO_UNIT = 1.0 / 9007199254740992.0  # 2**-53


@njit(cache=True, inline="always")
def splitmix(z: np.uint64) -> tuple[np.uint64, np.uint64]:
    """One splitmix64 step: the next counter and its output."""
    z = z + _GOLDEN
    r = z
    r = (r ^ (r >> np.uint64(30))) * _MIX1
    r = (r ^ (r >> np.uint64(27))) * _MIX2
    return z, r ^ (r >> np.uint64(31))


@njit(cache=True, inline="always")
def seed_state(seed: int) -> tuple[np.uint64, np.uint64, np.uint64, np.uint64]:
    """The four state words of a take, from its integer seed."""
    z = np.uint64(seed)
    z, s0 = splitmix(z)
    z, s1 = splitmix(z)
    z, s2 = splitmix(z)
    z, s3 = splitmix(z)
    return s0, s1, s2, s3


@njit(cache=True, inline="always")
def uniform(
    s0: np.uint64, s1: np.uint64, s2: np.uint64, s3: np.uint64
) -> tuple[float, np.uint64, np.uint64, np.uint64, np.uint64]:
    """A uniform double in [0, 1) and the next state."""
    result = s0 + s3
    t = s1 << np.uint64(17)
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = (s3 << np.uint64(45)) | (s3 >> np.uint64(19))
    return float(result >> np.uint64(11)) * _TO_UNIT, s0, s1, s2, s3


_STIRLING_TAIL = np.array(
    [
        0.0810614667953272,
        0.0413406959554092,
        0.0276779256849983,
        0.0207906721037650,
        0.0166446911898211,
        0.0138761288230707,
        0.0118967099458917,
        0.0104112652619720,
        0.00925546218271273,
        0.00833056343336287,
    ]
)
"""log(k!) - [log(sqrt(2 pi)) + (k + 1/2) log(k + 1) - (k + 1)] for k = 0..9 (BTRD's table)."""


@njit(cache=True)
def stirling_tail(k: float) -> float:
    """The error of Stirling's formula for log(k!), as BTRD uses it."""
    if k < 10:
        return _STIRLING_TAIL[int(k)]
    kp1sq = (k + 1.0) * (k + 1.0)
    return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1.0)


@njit(cache=True)
def binomial(
    n: int, p: float, s0: np.uint64, s1: np.uint64, s2: np.uint64, s3: np.uint64
) -> tuple[int, np.uint64, np.uint64, np.uint64, np.uint64]:
    """A Binomial(n, p) count and the next state."""
    if n <= 0 or p <= 0.0:
        return 0, s0, s1, s2, s3
    if p >= 1.0:
        return n, s0, s1, s2, s3
    q = min(p, 1.0 - p)
    if n * q < 10.0:
        k, s0, s1, s2, s3 = _binomial_inversion(n, q, s0, s1, s2, s3)
    else:
        k, s0, s1, s2, s3 = _btrd(n, q, s0, s1, s2, s3)
    return (k if q == p else n - k), s0, s1, s2, s3


@njit(cache=True, inline="always")
def _binomial_inversion(
    n: int, p: float, s0: np.uint64, s1: np.uint64, s2: np.uint64, s3: np.uint64
) -> tuple[int, np.uint64, np.uint64, np.uint64, np.uint64]:
    """Sequential search from 0 (n p < 10, so about n p + 1 steps); restarts in the rare case
    that rounding runs past n."""
    s = p / (1.0 - p)
    a = (n + 1) * s
    first = (1.0 - p) ** n
    while True:
        u, s0, s1, s2, s3 = uniform(s0, s1, s2, s3)
        r = first
        k = 0
        while u > r and k <= n:
            u -= r
            k += 1
            r *= a / k - s
        if k <= n:
            return k, s0, s1, s2, s3


@njit(cache=True)
def _btrd(
    n: int, p: float, s0: np.uint64, s1: np.uint64, s2: np.uint64, s3: np.uint64
) -> tuple[int, np.uint64, np.uint64, np.uint64, np.uint64]:
    """Hörmann's BTRD (transformed rejection with decomposition), for n p >= 10, p <= 1/2."""
    spq = np.sqrt(n * p * (1.0 - p))
    b = 1.15 + 2.53 * spq
    a = -0.0873 + 0.0248 * b + 0.01 * p
    c = n * p + 0.5
    v_r = 0.92 - 4.2 / b
    r = p / (1.0 - p)
    alpha = (2.83 + 5.1 / b) * spq
    m = np.floor((n + 1) * p)
    while True:
        u, s0, s1, s2, s3 = uniform(s0, s1, s2, s3)
        v, s0, s1, s2, s3 = uniform(s0, s1, s2, s3)
        u -= 0.5
        us = 0.5 - abs(u)
        k = np.floor((2.0 * a / us + b) * u + c)
        if k < 0 or k > n:
            continue
        if us >= 0.07 and v <= v_r:
            return int(k), s0, s1, s2, s3
        if v == 0.0:
            continue
        v = np.log(v * alpha / (a / (us * us) + b))
        bound = (
            (m + 0.5) * np.log((m + 1.0) / (r * (n - m + 1.0)))
            + (n + 1.0) * np.log((n - m + 1.0) / (n - k + 1.0))
            + (k + 0.5) * np.log(r * (n - k + 1.0) / (k + 1.0))
            + stirling_tail(m)
            + stirling_tail(n - m)
            - stirling_tail(k)
            - stirling_tail(n - k)
        )
        if v <= bound:
            return int(k), s0, s1, s2, s3


@njit(cache=True)
def poisson(
    lam: float, s0: np.uint64, s1: np.uint64, s2: np.uint64, s3: np.uint64
) -> tuple[int, np.uint64, np.uint64, np.uint64, np.uint64]:
    """A Poisson(lam) count and the next state: inversion below a mean of 10, PTRS above."""
    if lam <= 0.0:
        return 0, s0, s1, s2, s3
    if lam < 10.0:
        limit = np.exp(-lam)
        prod = 1.0
        k = -1
        while prod > limit:
            u, s0, s1, s2, s3 = uniform(s0, s1, s2, s3)
            prod *= 1.0 - u
            k += 1
        return k, s0, s1, s2, s3
    slam = np.sqrt(lam)
    loglam = np.log(lam)
    b = 0.931 + 2.53 * slam
    a = -0.059 + 0.02483 * b
    invalpha = 1.1239 + 1.1328 / (b - 3.4)
    vr = 0.9277 - 3.6224 / (b - 2.0)
    while True:
        u, s0, s1, s2, s3 = uniform(s0, s1, s2, s3)
        v, s0, s1, s2, s3 = uniform(s0, s1, s2, s3)
        u -= 0.5
        us = 0.5 - abs(u)
        k = np.floor((2.0 * a / us + b) * u + lam + 0.43)
        if us >= 0.07 and v <= vr:
            return int(k), s0, s1, s2, s3
        if k < 0 or (us < 0.013 and v > us) or v == 0.0:
            continue
        if np.log(v) + np.log(invalpha) - np.log(a / (us * us) + b) <= (
            -lam + k * loglam - math.lgamma(k + 1.0)
        ):
            return int(k), s0, s1, s2, s3
