"""Exact SSA and tau-leaping: the generated kernel, seeds, and agreement with exact results."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

import hyosan
from hyosan.compartmental import analysis
from hyosan.compartmental.ode import solve_ode
from hyosan.compartmental.problem import problem_of
from hyosan.compartmental.stochastic import TakeDraws, run_ssa, run_ssa_reference, run_tau
from hyosan.scenario import load_scenario


def problem(name: str, *overrides: str):
    scenario = load_scenario(name, list(overrides))
    assert scenario.compartmental is not None
    return problem_of(scenario.compartmental)


@pytest.mark.parametrize(
    "name", ["alemi_szr", "munz_eradication", "munz_quarantine", "munz_treatment", "hyosan"]
)
def test_generated_kernel_equals_the_general_kernel_draw_for_draw(name: str) -> None:
    extra = (
        ["compartmental.changes=[{time=3.0, set={kappa=0.02}}]"]
        if name == "munz_quarantine"
        else []
    )
    p = problem(
        name, *extra, *(["compartmental.initial={S=2000, Z=5}"] if name == "hyosan" else [])
    )
    draws = TakeDraws.of(11, range(1, 30))
    fast, fast_moved = run_ssa(p, draws)
    ref, ref_moved = run_ssa_reference(p, draws)
    np.testing.assert_array_equal(fast, ref)
    np.testing.assert_array_equal(fast_moved, ref_moved)


def test_same_seed_same_takes_and_a_take_alone_equals_it_in_company() -> None:
    many = hyosan.simulate("alemi_szr", overrides=["method='ssa'"], takes=6, seed=5)
    again = hyosan.simulate("alemi_szr", overrides=["method='ssa'"], takes=6, seed=5)
    alone = hyosan.simulate("alemi_szr", overrides=["method='ssa'"], takes=[4], seed=5)
    assert many.series.equals(again.series)
    take4 = many.take(4).series.reset_index(drop=True)
    assert take4.equals(alone.series.reset_index(drop=True))
    other_seed = hyosan.simulate("alemi_szr", overrides=["method='ssa'"], takes=6, seed=6)
    assert not many.series.equals(other_seed.series)


def test_different_takes_are_independent_streams() -> None:
    """Bite counts of neighbouring takes are uncorrelated, and first waiting times are Exp."""
    p = problem("alemi_szr", "method='ssa'", "compartmental.initial={S=900, Z=100}", "t_end=0.5")
    draws = TakeDraws.of(3, range(1, 2001))
    out, _ = run_ssa(p, draws)
    bitten = 900 - out[:, -1, 0]
    r = np.corrcoef(bitten[:-1], bitten[1:])[0, 1]
    assert abs(r) < 4 / np.sqrt(len(bitten))
    assert len(set(draws.words.tolist())) == len(draws.words)


LARGE = ["compartmental.initial={S=20000, Z=200}", "beta=0.00009", "t_end=100", "points=11"]


def assert_mean_near_ode(out: np.ndarray, ode: np.ndarray) -> None:
    """The ensemble mean lies within 4 standard errors plus 0.5 % of N of the ODE, everywhere."""
    mean = out.mean(axis=0)
    se = out.std(axis=0, ddof=1) / np.sqrt(len(out))
    gap = np.abs(mean - ode)
    assert (gap <= 4 * se + 0.005 * 20200).all(), np.max(gap - 4 * se)


def test_ssa_mean_matches_the_ode_for_large_n() -> None:
    """S0 = 20,000, Z0 = 200 (extinction odds 0.8^200): the mean follows the ODE."""
    p = problem("alemi_szr", *LARGE)
    ode, _ = solve_ode(p)
    out, _ = run_ssa(p, TakeDraws.of(1, range(1, 201)))
    assert_mean_near_ode(out, ode)


def test_tau_leap_mean_matches_the_ode_for_large_n() -> None:
    """With Cao et al.'s leap control at 0.01 the leaps' bias stays inside the tolerance."""
    p = problem("alemi_szr", *LARGE)
    ode, _ = solve_ode(p)
    out, _ = run_tau(p, TakeDraws.of(1, range(1, 201)), eps=0.01)
    assert_mean_near_ode(out, ode)


def test_ssa_extinction_matches_the_exact_chain_for_small_n() -> None:
    """S0 = 30, Z0 = 1, alpha = 0.8: P(humans win) from the embedded chain; 4000 takes."""
    p = problem("alemi_szr", "compartmental.initial={S=30, Z=1}", "t_end=1e6", "points=2")
    out, _ = run_ssa(p, TakeDraws.of(2, range(1, 4001)))
    final = out[:, -1]
    assert ((final[:, 0] == 0) | (final[:, 1] == 0)).all()  # every take was absorbed
    exact = analysis.alemi_absorption(30, 1, 0.8)
    won = (final[:, 1] == 0).mean()
    sd = np.sqrt(exact["p_humans"] * (1 - exact["p_humans"]) / len(final))
    assert abs(won - exact["p_humans"]) < 4 * sd


def test_ssa_final_size_distribution_matches_the_exact_chain() -> None:
    """S0 = 5, Z0 = 1: the final (S, Z) distribution by chi-square against the exact chain."""
    p = problem("alemi_szr", "compartmental.initial={S=5, Z=1}", "t_end=1e7", "points=2")
    out, _ = run_ssa(p, TakeDraws.of(4, range(1, 20001)))
    final = out[:, -1]
    exact = analysis.alemi_absorption(5, 1, 0.8)
    expected = np.concatenate([exact["survivors"][1:], exact["zombies"][1:]])
    observed = np.concatenate(
        [
            [np.sum((final[:, 1] == 0) & (final[:, 0] == s)) for s in range(1, 6)],
            [np.sum((final[:, 0] == 0) & (final[:, 1] == z)) for z in range(1, 7)],
        ]
    )
    keep = expected > 0
    assert observed[~keep].sum() == 0
    chi2 = stats.chisquare(observed[keep], expected[keep] * len(final))
    assert chi2.pvalue > 1e-3


CONSERVING = {
    "alemi_szr": [],
    "munz_basic": ["Pi=0"],
    "munz_quarantine": ["Pi=0"],
    "munz_treatment": ["Pi=0"],
    "munz_latent": ["Pi=0"],
    "witkowski_sezr": [],
    "hyosan": ["compartmental.initial={S=3000, Z=3}", "N=3003"],
}


@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    name=st.sampled_from(sorted(CONSERVING)),
    scale=st.floats(0.2, 5.0),
    s0=st.integers(10, 400),
    z0=st.integers(1, 20),
    seed=st.integers(0, 2**31),
)
def test_population_is_conserved(name: str, scale: float, s0: int, z0: int, seed: int) -> None:
    overrides = [
        *CONSERVING[name],
        f"compartmental.initial.S={s0}",
        f"compartmental.initial.Z={z0}",
    ]
    p = problem(name, *overrides)
    p.parameters.update({k: v * scale for k, v in p.parameters.items() if k not in ("N", "h")})
    ode, _ = solve_ode(p)
    np.testing.assert_allclose(ode.sum(axis=1), s0 + z0, rtol=1e-6)
    ssa, _ = run_ssa(p, TakeDraws.of(seed, range(1, 4)))
    assert (ssa.sum(axis=2) == s0 + z0).all()
    tau, _ = run_tau(p, TakeDraws.of(seed, range(1, 4)), p.t_end / 500)
    assert (tau.sum(axis=2) == s0 + z0).all() and (tau >= 0).all()


def test_branching_extinction_matches_ssa_for_a_two_type_model() -> None:
    """Witkowski SEZR in a large town: P(the outbreak dies out) by the branching process,
    q = alpha/beta for one zombie, against 3000 SSA takes (died out: no E or Z by 30 h)."""
    params = {"beta": 0.9, "alpha": 0.2, "zeta": 0.3, "N0": 100_000.0}
    q = analysis.extinction_probability("witkowski_sezr", params)
    assert q == pytest.approx(params["alpha"] / params["beta"], rel=1e-9)
    p = problem(
        "witkowski_sezr",
        *(f"{k}={v}" for k, v in params.items()),
        "compartmental.initial={S=100000, Z=1}",
        "t_end=30",
        "points=2",
    )
    out, _ = run_ssa(p, TakeDraws.of(8, range(1, 3001)))
    died = ((out[:, -1, 1] + out[:, -1, 2]) == 0).mean()
    assert abs(died - q) < 4 * np.sqrt(q * (1 - q) / len(out))


def test_kernel_seeds_are_63_bits_and_extend_the_foundations_seed() -> None:
    from hyosan.compartmental.stochastic import take_seeds
    from hyosan.seeding import take_int_seed

    seeds = take_seeds(17, range(1, 50_001))
    assert seeds.shape == (50_000, 2)  # a reaction stream and an impulse stream per take
    assert len(np.unique(seeds)) == seeds.size and (seeds >= 0).all()
    assert all(int(seeds[k - 1, 0]) & 0xFFFFFFFF == take_int_seed(17, k) for k in (1, 2, 999))
    assert (seeds >> 32).max() > 2**30  # the high word is used
    words = np.random.SeedSequence(17, spawn_key=(999,)).generate_state(4, np.uint32)
    assert int(seeds[998, 1]) == (int(words[3]) & 0x7FFFFFFF) << 32 | int(words[2])


@pytest.mark.parametrize("seed", [0, 17, 2**32 - 1, 2**32 + 5, 2**63 - 1])
def test_take_states_are_numpys_seed_sequence_words(seed: int) -> None:
    from hyosan.seeding import take_states

    takes = [1, 2, 999, 2**31, 2**32 - 1, 2**32, 10**12]
    expected = [
        np.random.SeedSequence(seed, spawn_key=(k,)).generate_state(5, np.uint32) for k in takes
    ]
    np.testing.assert_array_equal(take_states(seed, takes, 5), np.array(expected))
    with pytest.raises(ValueError, match="numbered from 1"):
        take_states(seed, [0, 1], 2)
