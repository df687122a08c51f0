"""xoshiro256+ in four local variables: the uniform numbers of the SSA kernels.

Numba's own generator (Mersenne Twister) keeps its state in memory and costs a 624-word
initialisation per seed; an SSA step needs two uniforms, so the generator is a large part of a
step. xoshiro256+ (Blackman & Vigna, 2018) keeps 256 bits of state in registers and passes the
standard statistical batteries in the upper 53 bits used here for doubles. Each take's state is
filled from its integer seed by splitmix64, as the authors recommend.

Draws that need a distribution (binomial, Poisson) come from NumPy ``Generator`` objects, one
per take, handed to the kernels in a typed list (:func:`generators`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numba
import numpy as np
from numba import njit, typed

from hyosan.seeding import take_stream

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


GENERATOR = numba.typeof(np.random.default_rng(0))
"""Numba's type of a NumPy ``Generator``."""


def generators(seed: int, takes: Sequence[int], name: str) -> typed.List:
    """The named stream of each take (:func:`hyosan.seeding.take_stream`), as a typed list a
    kernel indexes by the take's position."""
    out = typed.List.empty_list(GENERATOR)
    for k in takes:
        out.append(take_stream(seed, int(k), name))
    return out


def no_generators() -> typed.List:
    """An empty list of generators, for a kernel whose takes draw none."""
    return typed.List.empty_list(GENERATOR)
