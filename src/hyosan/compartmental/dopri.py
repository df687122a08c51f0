"""A compiled Dormand–Prince 5(4) integrator for mass-action networks.

A fit solves the same small ODE thousands of times (``hyosan calibrate``); through SciPy's
``odeint`` each solve calls the Python right-hand side some 400 times and costs about 2 ms.
Here the right-hand side is the network's mass-action form read from its arrays inside one
compiled loop, with the classic embedded pair and step control (Hairer, Nørsett & Wanner,
*Solving ODEs I*, II.4–5), landing exactly on every output time. It is explicit: a stiff
system shows up as a step budget spent, and the caller falls back to LSODA.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

MAX_STEPS = 20_000
"""Steps allowed per solve before giving up (a stiff system): the caller then uses LSODA."""

_A = np.array(
    [
        [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        [1 / 5, 0.0, 0.0, 0.0, 0.0, 0.0],
        [3 / 40, 9 / 40, 0.0, 0.0, 0.0, 0.0],
        [44 / 45, -56 / 15, 32 / 9, 0.0, 0.0, 0.0],
        [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729, 0.0, 0.0],
        [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656, 0.0],
        [35 / 384, 0.0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
    ]
)
"""Stage coefficients; the last row is the fifth-order solution (first same as last)."""
_E = np.array([71 / 57600, 0.0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40])
"""Fifth- minus fourth-order weights: the local error estimate."""


@njit(cache=True)
def _rhs(y, k, orders, stoich, out):
    """Mass action: flux_j = k_j · Π y_i^orders[j, i]; dy/dt = Σ_j stoich[j] · flux_j."""
    out[:] = 0.0
    for j in range(orders.shape[0]):
        flux = k[j]
        for i in range(orders.shape[1]):
            for _ in range(orders[j, i]):
                flux *= y[i]
        for i in range(orders.shape[1]):
            if stoich[j, i] != 0.0:
                out[i] += stoich[j, i] * flux


@njit(cache=True)
def _error(y, y_new, err, h, rtol, atol):
    """The RMS of the local error estimate, each component scaled by its tolerance."""
    total = 0.0
    for i in range(y.size):
        scale = atol + rtol * max(abs(y[i]), abs(y_new[i]))
        total += (h * err[i] / scale) ** 2
    return math.sqrt(total / y.size)


@njit(cache=True)
def _step(y, h, k, orders, stoich, stages, points, err):
    """One Dormand–Prince step of size ``h`` from ``y`` (``stages[0]`` holds f(y)): each
    stage's point in ``points`` (the fifth-order solution last, its slope in ``stages[6]``)
    and the error weights in ``err``."""
    for s in range(1, 7):
        for i in range(y.size):
            acc = 0.0
            for q in range(s):
                acc += _A[s, q] * stages[q, i]
            points[s, i] = y[i] + h * acc
        _rhs(points[s], k, orders, stoich, stages[s])
    for i in range(y.size):
        acc = 0.0
        for q in range(7):
            acc += _E[q] * stages[q, i]
        err[i] = acc


@njit(cache=True)
def integrate(y0, start, t_eval, k, orders, stoich, rtol, atol):
    """States at ``t_eval`` (each > ``start``, increasing), and whether the step budget held;
    ``orders`` and ``stoich`` are the network's arrays (reactions, species)."""
    n = y0.size
    out = np.empty((t_eval.size, n))
    y = y0.copy()
    points = np.empty((7, n))
    err = np.empty(n)
    stages = np.empty((7, n))
    _rhs(y, k, orders, stoich, stages[0])
    t = start
    h = min(1e-3 * (t_eval[-1] - start), 1.0) if t_eval.size else 1.0
    steps = 0
    for p in range(t_eval.size):
        target = t_eval[p]
        while t < target:
            steps += 1
            if steps > MAX_STEPS:
                return out, False
            last = t + h >= target
            size = target - t if last else h
            _step(y, size, k, orders, stoich, stages, points, err)
            e = _error(y, points[6], err, size, rtol, atol)
            if e <= 1.0:
                t = target if last else t + size
                y[:] = points[6]
                stages[0, :] = stages[6, :]
            grow = 10.0 if e == 0.0 else min(10.0, max(0.2, 0.9 * e**-0.2))
            h = size * grow if (e > 1.0 or not last) else max(h, size * grow)
        out[p] = y
    return out, True
