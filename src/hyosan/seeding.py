"""Seeds: one run seed gives every take its own independent random stream.

Take ``k`` (numbered from 1) of a run with seed ``s`` draws from
``SeedSequence(s, spawn_key=(k,))`` — the same child that ``SeedSequence(s).spawn`` would make —
so any take can be rerun alone, on any backend, and give the identical result.
"""

from __future__ import annotations

import zlib

import numpy as np

DEFAULT_SEED = 17
"""One scene took 17 takes: the default run seed."""


def take_sequence(seed: int, take: int) -> np.random.SeedSequence:
    """The seed sequence of one take."""
    if take < 1:
        raise ValueError(f"takes are numbered from 1, got {take}")
    return np.random.SeedSequence(int(seed), spawn_key=(int(take),))


def take_generator(seed: int, take: int) -> np.random.Generator:
    """A NumPy generator (PCG64) for one take."""
    return np.random.Generator(np.random.PCG64(take_sequence(seed, take)))


def take_int_seed(seed: int, take: int) -> int:
    """A 32-bit integer seed for one take, for kernels that seed Numba's own generator."""
    return int(take_sequence(seed, take).generate_state(1, np.uint32)[0])


def take_int_seeds(seed: int, takes: np.ndarray | list[int] | range) -> np.ndarray:
    """Integer seeds of many takes at once, as an int64 array for a Numba kernel."""
    return np.array([take_int_seed(seed, int(k)) for k in takes], dtype=np.int64)


STREAM_KEY = 0x53545245
"""Spawn-key word that sets named streams apart from ``SeedSequence.spawn`` children."""


def take_stream(seed: int, take: int, name: str) -> np.random.Generator:
    """The named stream ``name`` of one take: its own generator (PCG64), independent of the
    take's other streams and of every other take.

    One stream per kind of draw means that a change to one rule leaves the draws of the others
    untouched (common random numbers), and the stream depends only on (seed, take, name).
    """
    if take < 1:
        raise ValueError(f"takes are numbered from 1, got {take}")
    key = (int(take), STREAM_KEY, zlib.crc32(name.encode()))
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(int(seed), spawn_key=key)))
