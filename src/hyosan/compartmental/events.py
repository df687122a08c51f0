"""The events of a stochastic take, as Numba kernels read them: the schedule as arrays
(:class:`Events`) and the kernel applying one impulse (:func:`apply_event`), shared by the general
kernels (:mod:`.stochastic`) and the generated one (:mod:`.codegen`)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit

from hyosan.compartmental.problem import IMPULSE
from hyosan.compartmental.rng import binomial


class Events(NamedTuple):
    """The events in time order: when, which kind (impulse or change), the rate row a change
    switches to (-1: none), the species an impulse strikes, where it moves them (-1: nowhere)
    and the fraction struck."""

    time: np.ndarray
    kind: np.ndarray
    row: np.ndarray
    species: np.ndarray
    to: np.ndarray
    frac: np.ndarray


@njit(cache=True)
def apply_event(
    x: np.ndarray,
    i: int,
    ev_kind: np.ndarray,
    ev_species: np.ndarray,
    ev_to: np.ndarray,
    ev_frac: np.ndarray,
    q0: np.uint64,
    q1: np.uint64,
    q2: np.uint64,
    q3: np.uint64,
) -> tuple[int, np.uint64, np.uint64, np.uint64, np.uint64]:
    """Apply impulse ``i`` to counts ``x``, drawing from the impulse stream whose state is
    ``q0..q3``; returns how many individuals it moved, and the stream's next state."""
    if ev_kind[i] != IMPULSE:
        return 0, q0, q1, q2, q3
    s = ev_species[i]
    removed, q0, q1, q2, q3 = binomial(x[s], ev_frac[i], q0, q1, q2, q3)
    x[s] -= removed
    if ev_to[i] >= 0:
        x[ev_to[i]] += removed
    return removed, q0, q1, q2, q3
