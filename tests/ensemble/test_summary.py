"""The final-state table: the interval of the mean stays inside the takes and covers the truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from hyosan.ensemble.summary import final_summary, mean_interval
from hyosan.result import Result


def test_few_skewed_takes_stay_inside_their_range() -> None:
    # five takes where the zombies mostly die out: the plain t-interval reaches below zero
    x = np.array([0.0, 0.0, 0.0, 0.0, 490.0])
    half = stats.t.ppf(0.975, 4) * x.std(ddof=1) / np.sqrt(5)
    assert x.mean() - half == pytest.approx(-174.1, abs=0.1)
    low, high = mean_interval(x)
    assert (low, high) == (0.0, pytest.approx(x.mean() + half))
    assert high == pytest.approx(370.1, abs=0.1)


def test_interval_lies_within_the_data_and_holds_the_mean() -> None:
    rng = np.random.default_rng(11)
    for n in (2, 3, 5, 8, 30):
        for _ in range(200):
            x = rng.negative_binomial(1, 0.01, n).astype(float)
            low, high = mean_interval(x)
            assert x.min() <= low <= x.mean() <= high <= x.max()


def test_one_take_is_a_point() -> None:
    assert mean_interval(np.array([7.0])) == (7.0, 7.0)


@pytest.mark.parametrize(("n", "tolerance"), [(20, 0.02), (50, 0.015)])
def test_covers_the_true_mean_about_95_percent(n: int, tolerance: float) -> None:
    # skewed counts (negative binomial, mean 98); 4000 repeats give a Monte Carlo se of 0.0034
    rng = np.random.default_rng(2026)
    r, p = 2, 0.02
    true_mean = r * (1 - p) / p
    repeats = 4000
    hits = 0
    for _ in range(repeats):
        low, high = mean_interval(rng.negative_binomial(r, p, n).astype(float))
        hits += low <= true_mean <= high
    assert abs(hits / repeats - 0.95) <= tolerance


def test_final_summary_uses_the_clipped_interval() -> None:
    z = [0, 0, 0, 0, 490]
    final = pd.DataFrame({"take": range(1, 6), "S": [900, 950, 990, 1000, 400], "Z": z})
    series = final.assign(t=0.0)[["take", "t", "S", "Z"]]
    table = final_summary(Result("compartmental", series, final)).set_index("state")
    assert table.loc["Z", "mean_low"] == 0.0
    for state in ("S", "Z"):
        low, high = mean_interval(final[state].to_numpy(dtype=float))
        assert (table.loc[state, "mean_low"], table.loc[state, "mean_high"]) == (low, high)
        assert final[state].min() <= table.loc[state, "mean_low"]
        assert table.loc[state, "mean_high"] <= final[state].max()
