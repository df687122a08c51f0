"""Deterministic solution: SciPy's LSODA (or another ``solve_ivp`` method) between events,
events applied exactly.

Integration restarts at every impulse or parameter change, so a strike at t = 2.5 hits the state
at exactly 2.5, not wherever a step happened to land. An output time that coincides with an
event reports the state just after it.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
from scipy.integrate import ODEintWarning, odeint, solve_ivp

from hyosan.compartmental import dopri
from hyosan.compartmental.problem import CHANGE, ReactionProblem
from hyosan.errors import HyosanError

RTOL = 1e-10
"""Default relative tolerance (the scenario's ``rtol``)."""
ATOL = 1e-12
"""Default absolute tolerance (the scenario's ``atol``). With 1e-8 an outbreak that grows from
counts far below one — Munz et al.'s start with no zombie, fed by resurrection — is followed
0.5 % off by day 10; with these defaults it is within 0.001 % (tests/compartmental/test_ode_tolerance.py)."""


def solve_ode(
    problem: ReactionProblem,
    *,
    method: str = "LSODA",
    rtol: float = RTOL,
    atol: float = ATOL,
    compiled: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """States at ``problem.t_out`` (points, species) and the amount each event moved (events).

    ``compiled``: integrate with the compiled Dormand–Prince pair
    (:mod:`hyosan.compartmental.dopri`) for a fit's many solves, falling back to ``method``
    where its step budget runs out (a stiff stretch)."""
    integrate = _integrator(problem, method, compiled)
    table, row = problem.rate_table()
    k = table[0]
    t_out = problem.t_out
    out = np.empty((len(t_out), len(problem.x0)))
    moved = np.zeros(len(problem.events))
    y = problem.x0.astype(float).copy()
    start = 0.0
    p = 0
    stops = [*((e.time, i) for i, e in enumerate(problem.events)), (problem.t_end, -1)]
    for stop, i in stops:
        last = i == -1
        inside = t_out[p:][(t_out[p:] <= stop) if last else (t_out[p:] < stop)]
        if stop > start:
            t_eval = np.unique(np.append(inside, stop))
            values = integrate(y, start, t_eval, k, rtol, atol)
            out[p : p + len(inside)] = values[: len(inside)]
            out[p : p + len(inside)][inside == start] = y  # exactly the state after the event
            y = values[-1].copy()
        else:
            out[p : p + len(inside)] = y
        p += len(inside)
        start = stop
        if last:
            break
        event = problem.events[i]
        if event.kind == CHANGE:
            k = table[row[i]]
        else:
            amount = event.fraction * y[event.species]
            moved[i] = amount
            y[event.species] -= amount
            if event.to >= 0:
                y[event.to] += amount
    return out, moved


def _integrator(problem: ReactionProblem, method: str, compiled: bool) -> Callable[..., np.ndarray]:
    """How each stretch between events is integrated: ``f(y, start, t_eval, k, rtol, atol)``."""
    rhs = problem.network.rhs
    if compiled:
        arrays = (problem.network.orders, problem.network.stoichiometry)
        return functools.partial(_compiled, rhs, arrays, method)
    return functools.partial(_integrate, rhs, method)


def _compiled(
    rhs: Callable[..., Any],
    arrays: tuple[np.ndarray, np.ndarray],
    fallback: str,
    y: np.ndarray,
    start: float,
    t_eval: np.ndarray,
    k: np.ndarray,
    rtol: float,
    atol: float,
) -> np.ndarray:
    """One stretch between events by the compiled pair, or by ``fallback`` if it gives up."""
    after = t_eval[t_eval > start]
    values, held = dopri.integrate(y, start, after, k, *arrays, rtol, atol)
    if not held:
        return _integrate(rhs, fallback, y, start, t_eval, k, rtol, atol)
    if after.shape[0] < t_eval.shape[0]:
        values = np.vstack([y[None, :], values])
    return np.asarray(values)


def _integrate(
    rhs: Callable[..., Any],
    method: str,
    y: np.ndarray,
    start: float,
    t_eval: np.ndarray,
    k: np.ndarray,
    rtol: float,
    atol: float,
) -> np.ndarray:
    """States at ``t_eval`` (each ≥ ``start``), shape (len(t_eval), species).

    LSODA goes through ``odeint``, the same Fortran solver as ``solve_ivp(method="LSODA")``
    without its Python loop around every step; the other methods through ``solve_ivp``.
    """
    if method == "LSODA":
        times = np.concatenate([[start], t_eval[t_eval > start]])
        with warnings.catch_warnings():  # a failure is reported once, by _solver_failed
            warnings.simplefilter("ignore", ODEintWarning)
            values, info = odeint(
                rhs,
                y,
                times,
                args=(k,),
                tfirst=True,
                rtol=rtol,
                atol=atol,
                full_output=True,
                mxstep=100_000,
            )
        if info["message"] != "Integration successful." or not np.isfinite(values).all():
            raise _solver_failed(method, f"after t={start:.6g}", info["message"])
        rows = values[1:] if times.shape[0] > t_eval.shape[0] else values
        return np.asarray(rows)
    sol = solve_ivp(
        rhs, (start, t_eval[-1]), y, method=method, t_eval=t_eval, args=(k,), rtol=rtol, atol=atol
    )
    if not sol.success or not np.isfinite(sol.y).all():
        raise _solver_failed(method, f"at t={sol.t[-1]:.6g}", sol.message)
    return np.asarray(sol.y.T)


def _solver_failed(method: str, when: str, message: str) -> HyosanError:
    """The solver could not follow the model (counts growing past any float, a stiffness it
    cannot step through): an error in what the scenario asks, naming what can change."""
    return HyosanError.one(
        f"the ODE solver ({method}) could not follow the model {when} ({message.strip()[:120]}); "
        "its counts may grow without bound at these rates",
        where="key compartmental.method",
        value="ode",
        allowed="smaller rates or initial counts, a shorter t_end, another ode_method, or "
        "looser rtol and atol",
    )
