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
    return take_states(seed, takes, 1)[:, 0].astype(np.int64)


_INIT_A, _MULT_A = 0x43B0D7E5, 0x931E8875
_INIT_B, _MULT_B = 0x8B51F9DD, 0x58F38DED
_MIX_L, _MIX_R = 0xCA01F9DD, 0x4973F715
_POOL = 4
_MASK32 = 0xFFFFFFFF


def take_states(seed: int, takes: np.ndarray | list[int] | range, words: int) -> np.ndarray:
    """``take_sequence(seed, k).generate_state(words, np.uint32)`` for every take k at once
    (takes, words): NumPy's ``SeedSequence`` algorithm (O'Neill's seed_seq hash mixing) on
    arrays of takes, tens of times faster than a ``SeedSequence`` per take. Takes of 2³² and
    more, whose key is two words long, go through ``SeedSequence`` itself."""
    numbers = np.asarray(takes, dtype=np.int64).reshape(-1)
    if numbers.size and numbers.min() < 1:
        raise ValueError(f"takes are numbered from 1, got {int(numbers.min())}")
    out = np.empty((numbers.size, words), dtype=np.uint32)
    small = numbers <= _MASK32
    entropy = _words(int(seed))
    entropy += [0] * (_POOL - len(entropy))  # a spawn key pads the run entropy to the pool
    with np.errstate(over="ignore"):
        pool = _pool(entropy, numbers[small].astype(np.uint32))
        out[small] = _generate(pool, words)
    for i in np.flatnonzero(~small):
        out[i] = take_sequence(seed, int(numbers[i])).generate_state(words, np.uint32)
    return out


def _words(value: int) -> list[int]:
    """A non-negative integer's 32-bit words, least significant first (at least one)."""
    if value < 0:
        raise ValueError(f"seeds are whole numbers from 0, got {value}")
    found = [value & _MASK32]
    value >>= 32
    while value:
        found.append(value & _MASK32)
        value >>= 32
    return found


def _hashmix(value: np.ndarray, const: list[int]) -> np.ndarray:
    mixed: np.ndarray = np.bitwise_xor(value, np.uint32(const[0]))
    const[0] = (const[0] * _MULT_A) & _MASK32
    mixed = np.multiply(mixed, np.uint32(const[0]), dtype=np.uint32)
    return np.bitwise_xor(mixed, np.right_shift(mixed, np.uint32(16)))


def _mix(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    result: np.ndarray = np.subtract(
        np.multiply(x, np.uint32(_MIX_L), dtype=np.uint32),
        np.multiply(y, np.uint32(_MIX_R), dtype=np.uint32),
        dtype=np.uint32,
    )
    return np.bitwise_xor(result, np.right_shift(result, np.uint32(16)))


def _pool(entropy: list[int], keys: np.ndarray) -> list[np.ndarray]:
    """The mixed entropy pool of each take: the run's words, then the take's key word."""
    const = [_INIT_A]
    n = keys.shape[0]
    pool = [_hashmix(np.full(n, w, dtype=np.uint32), const) for w in entropy[:_POOL]]
    for src in range(_POOL):
        for dst in range(_POOL):
            if src != dst:
                pool[dst] = _mix(pool[dst], _hashmix(pool[src], const))
    for extra in [*(np.full(n, w, dtype=np.uint32) for w in entropy[_POOL:]), keys]:
        for dst in range(_POOL):
            pool[dst] = _mix(pool[dst], _hashmix(extra, const))
    return pool


def _generate(pool: list[np.ndarray], words: int) -> np.ndarray:
    const = _INIT_B
    columns = []
    for i in range(words):
        value = pool[i % _POOL] ^ np.uint32(const)
        const = (const * _MULT_B) & _MASK32
        value = value * np.uint32(const)
        columns.append(value ^ (value >> np.uint32(16)))
    return np.stack(columns, axis=1) if columns else np.empty((len(pool[0]), 0), np.uint32)


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
