"""The kernels' binomial and Poisson draws follow their distributions (SciPy's pmf), in every
branch of their algorithms (inversion, BTRD and PTRS, p above and below one half)."""

from __future__ import annotations

import numpy as np
import pytest
from numba import njit
from scipy import stats

from hyosan.compartmental.rng import binomial, poisson, seed_state

DRAWS = 40_000


@njit(cache=False)
def _binomials(n: int, p: float, seed: int, count: int) -> np.ndarray:
    s0, s1, s2, s3 = seed_state(seed)
    out = np.empty(count, dtype=np.int64)
    for i in range(count):
        out[i], s0, s1, s2, s3 = binomial(n, p, s0, s1, s2, s3)
    return out


@njit(cache=False)
def _poissons(lam: float, seed: int, count: int) -> np.ndarray:
    s0, s1, s2, s3 = seed_state(seed)
    out = np.empty(count, dtype=np.int64)
    for i in range(count):
        out[i], s0, s1, s2, s3 = poisson(lam, s0, s1, s2, s3)
    return out


def chi_square_p(draws: np.ndarray, pmf, support: np.ndarray) -> float:
    """The chi-square test's p-value of ``draws`` against ``pmf`` over ``support``, the tails
    pooled into bins of at least 20 expected draws."""
    expected = pmf(support) * len(draws)
    counts = np.bincount(draws - support[0], minlength=len(support))[: len(support)]
    bins_obs, bins_exp, acc_o, acc_e = [], [], 0.0, 0.0
    for o, e in zip(counts, expected, strict=True):
        acc_o, acc_e = acc_o + o, acc_e + e
        if acc_e >= 20:
            bins_obs.append(acc_o)
            bins_exp.append(acc_e)
            acc_o = acc_e = 0.0
    bins_obs[-1] += acc_o + (len(draws) - counts.sum())
    bins_exp[-1] += acc_e + (len(draws) - expected.sum())
    return float(stats.chisquare(bins_obs, bins_exp).pvalue)


@pytest.mark.parametrize(
    ("n", "p"),
    [
        (1, 0.3),
        (12, 0.25),
        (40, 0.2),
        (60, 0.7),
        (500, 0.3),
        (1000, 0.5),
        (200, 0.93),
        (5_000_000, 0.01),
    ],
)
def test_binomial_follows_its_pmf(n: int, p: float) -> None:
    draws = _binomials(n, p, 20_241, DRAWS)
    assert draws.min() >= 0 and draws.max() <= n
    dist = stats.binom(n, p)
    low, high = int(dist.ppf(1e-9)), int(dist.isf(1e-9))
    support = np.arange(max(low, 0), high + 1)
    draws = np.clip(draws, support[0], support[-1])
    assert chi_square_p(draws, dist.pmf, support) > 1e-3
    sem = np.sqrt(n * p * (1 - p) / DRAWS)
    assert abs(draws.mean() - n * p) < 5 * sem + 1e-12


def test_binomial_edges() -> None:
    assert (_binomials(0, 0.5, 1, 10) == 0).all()
    assert (_binomials(50, 0.0, 1, 10) == 0).all()
    assert (_binomials(50, 1.0, 1, 10) == 50).all()


@pytest.mark.parametrize("lam", [0.05, 1.5, 9.5, 10.0, 37.0, 1e4])
def test_poisson_follows_its_pmf(lam: float) -> None:
    draws = _poissons(lam, 7, DRAWS)
    assert draws.min() >= 0
    dist = stats.poisson(lam)
    support = np.arange(int(dist.ppf(1e-9)), int(dist.isf(1e-9)) + 1)
    draws = np.clip(draws, support[0], support[-1])
    assert chi_square_p(draws, dist.pmf, support) > 1e-3
    assert abs(draws.mean() - lam) < 5 * np.sqrt(lam / DRAWS)


def test_a_seed_decides_the_draws() -> None:
    np.testing.assert_array_equal(_binomials(300, 0.4, 5, 100), _binomials(300, 0.4, 5, 100))
    assert not np.array_equal(_binomials(300, 0.4, 5, 100), _binomials(300, 0.4, 6, 100))
