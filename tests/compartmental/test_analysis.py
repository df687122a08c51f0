"""Analysis against the mathematics: equilibria, stability, R0, closed forms, extinction."""

from __future__ import annotations

import numpy as np
import pytest

from hyosan.compartmental import analysis
from hyosan.compartmental.catalog import entry
from hyosan.compartmental.ode import solve_ode
from hyosan.compartmental.problem import problem_of
from hyosan.scenario import load_scenario

NO_BIRTHS = {"Pi": 0.0, "delta": 0.0}


def test_basic_model_disease_free_unstable_doomsday_stable() -> None:
    found = analysis.equilibria("munz_basic", NO_BIRTHS)
    by_state = {tuple(np.round(list(eq.state.values()), 6)): eq for eq in found}
    n = 501.0
    assert set(by_state) == {(n, 0.0, 0.0), (0.0, n, 0.0)}
    dfe, doom = by_state[(n, 0.0, 0.0)], by_state[(0.0, n, 0.0)]
    assert dfe.stability == "unstable"
    assert doom.stability == "stable"
    # Munz et al.: at doomsday the eigenvalues are -beta*Zbar and -zeta (the zero one of the
    # conserved population is projected out)
    p = entry("munz_basic").parameter_values()
    np.testing.assert_allclose(
        np.sort(doom.eigenvalues.real), np.sort([-p["beta"] * n, -p["zeta"]]), rtol=1e-9
    )


def basic_model_end(**initial: float) -> np.ndarray:
    """Final state of Munz's basic model without births or deaths, run from ``initial`` for a
    very long time (2e5 days)."""
    scenario = load_scenario(
        "munz_basic",
        [
            "Pi=0",
            "delta=0",
            *(f"compartmental.initial.{name}={value}" for name, value in initial.items()),
            "t_end=2e5",
        ],
    )
    assert scenario.compartmental is not None
    out, _ = solve_ode(problem_of(scenario.compartmental))
    return out[-1]


def test_basic_model_doomsday_attracts_and_dfe_repels_numerically() -> None:
    """A small push off the DFE grows into doomsday; a push off doomsday dies away."""
    assert basic_model_end(S=500.999, Z=0.001)[1] > 0.99 * 501  # zombies took everyone
    near_doom = basic_model_end(S=0.5, Z=499.5, R=1)
    np.testing.assert_allclose(near_doom, [0.0, 501.0, 0.0], atol=1e-3)


def test_quarantine_r0_matches_the_formula() -> None:
    rng = np.random.default_rng(5)
    for _ in range(20):
        p = {
            **NO_BIRTHS,
            "beta": rng.uniform(0.001, 0.02),
            "alpha": rng.uniform(0.001, 0.02),
            "rho": rng.uniform(0.001, 0.1),
            "kappa": rng.uniform(0.0, 0.1),
            "sigma": rng.uniform(0.0, 0.1),
        }
        n = 500.0
        formula = (
            p["beta"] * n * p["rho"] / ((p["rho"] + p["kappa"]) * (p["alpha"] * n + p["sigma"]))
        )
        assert analysis.r0("munz_quarantine", p) == pytest.approx(formula, rel=1e-10)


def test_treatment_reaches_the_stated_coexistence_equilibrium() -> None:
    p = entry("munz_treatment").parameter_values() | NO_BIRTHS
    scenario = load_scenario("munz_treatment", ["delta=0", "t_end=3e5", "points=3"])
    assert scenario.compartmental is not None
    out, _ = solve_ode(problem_of(scenario.compartmental))
    s, i, z, r = out[-1]
    c, beta, rho, alpha, zeta = (p[k] for k in ("c", "beta", "rho", "alpha", "zeta"))
    np.testing.assert_allclose(
        [s, i, r], [c / beta, (c / rho) * z, (alpha * c / (zeta * beta)) * z], rtol=1e-5
    )
    found = [eq for eq in analysis.equilibria("munz_treatment", NO_BIRTHS) if eq.state["Z"] > 0]
    assert len(found) == 1 and found[0].stability == "stable"
    np.testing.assert_allclose(list(found[0].state.values()), out[-1], rtol=1e-6)


@pytest.mark.parametrize("alpha", [0.3, 0.8, 1.0, 1.5, 4.0])
def test_alemi_ode_matches_the_closed_form(alpha: float) -> None:
    scenario = load_scenario(
        "alemi_szr", [f"alpha={alpha}", "rtol=1e-12", "atol=1e-12", "ode_method='DOP853'"]
    )
    assert scenario.compartmental is not None
    problem = problem_of(scenario.compartmental)
    out, _ = solve_ode(problem, method="DOP853", rtol=1e-12, atol=1e-12)
    beta = problem.parameters["beta"]
    s, z, r = analysis.closed_form_alemi(problem.t_out, 999.0, 1.0, alpha, beta)
    exact = np.column_stack([s, z, r])
    np.testing.assert_allclose(out, exact, rtol=1e-6, atol=1e-6 * 1000)


@pytest.mark.parametrize(("alpha", "z0"), [(0.5, 1.0), (2.0, 10.0), (3.0, 600.0)])
def test_alemi_final_size(alpha: float, z0: float) -> None:
    s0 = 1000.0 - z0
    end = analysis.final_size_alemi(s0, z0, alpha)
    s, z, _ = analysis.closed_form_alemi(1e6, s0, z0, alpha, 0.0018)
    assert end["S"] == pytest.approx(float(s), abs=1e-6)
    assert end["Z"] == pytest.approx(float(z), abs=1e-6)


def test_branching_extinction_of_alemi_is_alpha_to_the_z0() -> None:
    for alpha in (0.2, 0.8):
        assert analysis.extinction_probability("alemi_szr", {"alpha": alpha}) == pytest.approx(
            alpha
        )
        got = analysis.extinction_probability("alemi_szr", {"alpha": alpha}, initial={"Z": 3})
        assert got == pytest.approx(alpha**3)
    assert analysis.extinction_probability("alemi_szr", {"alpha": 1.3}) == pytest.approx(1.0)


def test_exact_absorption_tends_to_gamblers_ruin() -> None:
    """With S0 large, Z is a walk up with p = 1/(1+alpha), down with q: ruin is (q/p)^Z0."""
    for z0 in (1, 2, 5):
        exact = analysis.alemi_absorption(3000, z0, 0.8)
        assert exact["p_humans"] == pytest.approx(0.8**z0, rel=1e-6)
        total = exact["survivors"].sum() + exact["zombies"].sum()
        assert total == pytest.approx(1.0, abs=1e-12)


def test_exact_absorption_by_hand_for_one_human() -> None:
    """S0 = 1, Z0 = 1: humans win only if the zombie is killed before it bites: a/(1+a)."""
    a = 0.7
    exact = analysis.alemi_absorption(1, 1, a)
    assert exact["p_humans"] == pytest.approx(a / (1 + a))
    assert exact["zombies"][2] == pytest.approx(1 / (1 + a))


def test_r0_and_extinction_agree_for_one_type() -> None:
    """One infected type with a bite (2 children) or a death (0): q = 1/R0."""
    r = analysis.r0("munz_basic", NO_BIRTHS)
    p = entry("munz_basic").parameter_values()
    assert r == pytest.approx(p["beta"] / p["alpha"])
    q = analysis.extinction_probability("munz_basic", NO_BIRTHS)
    assert q == pytest.approx(1 / r)


def test_r0_undefined_when_infected_never_leave() -> None:
    with pytest.raises(ValueError, match="not defined"):
        analysis.r0("munz_basic", NO_BIRTHS, infected=("Z", "R"))


@pytest.mark.parametrize("alpha", [0.1, 2.0])
def test_witkowski_final_size_is_alemis_with_ratio_alpha_over_beta(alpha: float) -> None:
    """(E + Z)' = (beta - alpha) S Z / N0 = -(1 - alpha/beta) S': Alemi's final sizes apply."""
    scenario = load_scenario("witkowski_sezr", [f"alpha={alpha}", "t_end=2000", "points=2"])
    assert scenario.compartmental is not None
    problem = problem_of(scenario.compartmental)
    out, _ = solve_ode(problem)
    s, e, z, r = out[-1]
    end = analysis.final_size_alemi(999.0, 1.0, alpha / problem.parameters["beta"])
    assert s == pytest.approx(end["S"], abs=1e-3)
    assert e + z == pytest.approx(end["Z"], abs=1e-3)


def test_equilibria_of_a_degenerate_model_end_within_their_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """munz_basic with beta = 0 (no bites) leaves a flat direction that made every start of the
    search crawl (about a minute). Its one equilibrium is known by hand: with Pi = 0 the
    humans die out (delta S) and the dead rise (zeta R), so all 501 end as zombies."""
    spent: list[int] = []
    solve = analysis.least_squares

    def counted(*args, **kwargs):
        sol = solve(*args, **kwargs)
        spent.append(sol.nfev)
        return sol

    monkeypatch.setattr(analysis, "least_squares", counted)
    found = analysis.equilibria(analysis.model("munz_basic", {"beta": 0.0}))
    assert sum(spent) <= analysis.SEARCH_EVALUATIONS
    assert len(found) == 1
    state = found[0].state
    assert state["S"] == 0.0 and state["R"] == pytest.approx(0.0, abs=1e-6)
    assert state["Z"] == pytest.approx(501.0, rel=1e-9)
