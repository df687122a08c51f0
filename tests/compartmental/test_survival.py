"""The zombies' survival: the time to zombie extinction over SSA takes against its closed form.

With no prey (no one in the camp) zombies do not interact, so the last one falls at the maximum
of independent lifetimes: one exponential stage for a weak zombie (a linear death process from
n has mean Σ 1/(k d)), hunger then decay for a hunting one. The takes are exact; the checks are
sized from their number (2,000 takes, fixed seed).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import hyosan
from hyosan.compartmental import survival
from hyosan.compartmental.catalog import entry

TAKES = 2000
WARMTH = 0.25
"""A cold spell (about 0 °C): hunger and decay four times slower than at 20 °C."""
T_END, POINTS = 4000.0, 801
STEP = T_END / (POINTS - 1)
DKW = math.sqrt(math.log(2 / 1e-4) / (2 * TAKES))
"""Dvoretzky–Kiefer–Wolfowitz: the empirical cdf of 2,000 takes lies within this of the true
one everywhere with probability 1 − 1e-4."""


def takes_from(city: int, weak: int) -> np.ndarray:
    """Extinction times of the zombies in a camp with no one in it, one per take."""
    result = hyosan.simulate(
        "zombie_survival",
        takes=TAKES,
        seed=29,
        progress=False,
        overrides=[
            "method='ssa'",
            f"warmth={WARMTH}",
            f"t_end={T_END}",
            f"points={POINTS}",
            f"compartmental.initial={{C={city}, W={weak}}}",
        ],
    )
    times = survival.extinction_times(result.series, ["Z", "C", "W"])
    assert times.notna().all(), "every take ends with no zombie within t_end"
    return times.to_numpy()


@pytest.mark.parametrize(("city", "weak"), [(0, 30), (20, 10)])
def test_extinction_time_matches_its_closed_form(city: int, weak: int) -> None:
    p = entry("zombie_survival").parameter_values()
    hunger, decay = p["hunger"] * WARMTH, p["decay"] * WARMTH
    times = takes_from(city, weak)
    mean = survival.extinction_mean(city, weak, hunger, decay)
    if city == 0:  # a linear death process: Σ 1/(k d)
        assert mean == pytest.approx(sum(1 / (k * decay) for k in range(1, weak + 1)))
    # times are rounded up to the output grid: the grid's midpoint is within STEP/2 of the mean
    sd = times.std(ddof=1)
    assert abs(times.mean() - STEP / 2 - mean) < 4 * sd / math.sqrt(TAKES) + STEP / 2
    # P(T ≤ t) at an output time is exact: the whole distribution, not only its mean
    grid = np.linspace(0.0, T_END, POINTS)
    empirical = (times[:, None] <= grid[None, :]).mean(axis=0)
    exact = survival.extinction_cdf(grid, city, weak, hunger, decay)
    assert np.max(np.abs(empirical - exact)) < DKW


def test_cold_slows_the_fall() -> None:
    """The closed form itself: a colder season (lower warmth) stretches every quantile."""
    p = entry("zombie_survival").parameter_values()
    warm = survival.extinction_quantile(0.5, 977, 0, p["hunger"] * 1.5, p["decay"] * 1.5)
    cold = survival.extinction_quantile(0.5, 977, 0, p["hunger"] * 0.22, p["decay"] * 0.22)
    assert cold == pytest.approx(warm * 1.5 / 0.22, rel=1e-6)
    # the median of the maximum of n exponentials: (1 - e^{-d t})^n = 1/2
    d = p["decay"] * 0.22
    median = -math.log1p(-(0.5 ** (1 / 977))) / d
    assert survival.extinction_quantile(0.5, 0, 977, 0.0, d) == pytest.approx(median, rel=1e-9)


def test_analyse_prints_when_the_city_falls(capsys: pytest.CaptureFixture[str]) -> None:
    from hyosan.cli import main

    assert main(["analyse", "zombie_survival", "--set", "warmth=0.22"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    p = entry("zombie_survival").parameter_values()
    mean = survival.extinction_mean(977, 0, p["hunger"] * 0.22, p["decay"] * 0.22)
    assert f"last zombie falls (no prey, rates at t = 0, closed form): mean {mean:.4g} d" in out


def test_zombies_that_never_fall_are_refused_not_waited_for() -> None:
    with pytest.raises(ValueError, match="never fall"):
        survival.extinction_quantile(0.5, 3, 0, 0.0, 0.1)  # hunting zombies that never weaken
    with pytest.raises(ValueError, match="never fall"):
        survival.extinction_mean(0, 3, 0.1, 0.0)
    with pytest.raises(ValueError, match=r"q must lie in \(0, 1\)"):
        survival.extinction_quantile(1.0, 0, 3, 0.1, 0.1)
