"""The compiled Dormand–Prince pair that fits use (``solve_ode(compiled=True)``): it follows the
equations solved independently (SciPy's DOP853 at tight tolerances) as closely as LSODA does at
the same tolerances, keeps a closed model's total, and hands a stiff stretch to LSODA."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from hyosan.compartmental import dopri
from hyosan.compartmental.ode import solve_ode
from hyosan.compartmental.problem import ReactionProblem, problem_of
from hyosan.scenario import load_scenario

RTOL, ATOL = 1e-7, 1e-9
"""The tolerances of a fit's solves (hyosan.ensemble.calibrate)."""


def _problem(name: str) -> ReactionProblem:
    return problem_of(load_scenario(name).compartmental_spec("a test"))


def _independent(problem: ReactionProblem) -> np.ndarray:
    """The same equations through SciPy's DOP853 at tight tolerances, events left out."""
    rhs = problem.network.rhs
    k = problem.rate_table()[0][0]
    times = problem.t_out
    sol = solve_ivp(
        rhs, (0.0, times[-1]), problem.x0.astype(float), method="DOP853", t_eval=times,
        args=(k,), rtol=1e-13, atol=1e-12,
    )  # fmt: skip
    return np.asarray(sol.y.T)


@pytest.mark.parametrize("name", ["witkowski_sezr", "alemi_szr", "munz_basic", "munz-treatment"])
def test_it_follows_the_equations_as_closely_as_lsoda(name: str) -> None:
    problem = _problem(name)
    assert not problem.events
    exact = _independent(problem)
    scale = np.abs(exact).max()
    compiled, _ = solve_ode(problem, rtol=RTOL, atol=ATOL, compiled=True)
    lsoda, _ = solve_ode(problem, rtol=RTOL, atol=ATOL)
    # within 1e-6 of the largest count, and no further off than LSODA at these tolerances
    err = np.abs(compiled - exact).max() / scale
    assert err < 1e-6
    assert err <= max(np.abs(lsoda - exact).max() / scale, 1e-9)


def test_a_closed_model_keeps_its_total() -> None:
    problem = _problem("witkowski_sezr")  # S → E → Z, Z → R: nobody enters or leaves
    states, _ = solve_ode(problem, rtol=RTOL, atol=ATOL, compiled=True)
    total = states.sum(axis=1)
    assert np.allclose(total, total[0], rtol=1e-9, atol=0)


def test_a_stiff_stretch_is_handed_to_lsoda() -> None:
    base = _problem("witkowski_sezr")
    stiff = dataclasses.replace(base, parameters={**base.parameters, "zeta": 1e7})
    k = stiff.rate_table()[0][0]
    after = stiff.t_out[1:]
    net = stiff.network
    _, held = dopri.integrate(
        stiff.x0.astype(float), 0.0, after, k, net.orders, net.stoichiometry, RTOL, ATOL
    )
    assert not held, "an explicit method cannot take a turn rate of 10^7 an hour in few steps"
    compiled, _ = solve_ode(stiff, rtol=RTOL, atol=ATOL, compiled=True)
    lsoda, _ = solve_ode(stiff, rtol=RTOL, atol=ATOL)
    assert np.array_equal(compiled, lsoda)
