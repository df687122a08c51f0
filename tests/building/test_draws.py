"""Randomness as data: a take's counter-based draws (checked against the uniform and normal
laws, and for their independence of every other draw), and the animal route's time to turn drawn
from them (checked against its log-normal law)."""

from __future__ import annotations

import numpy as np
from numba import njit
from scipy import stats
from tests.building.conftest import run

from hyosan.building import draws
from hyosan.building.setup import draws_of


@njit(cache=True)
def _table(rng, site, who, steps):
    """Draws of ``who`` (many) for ``site`` over ``steps``; each row a step."""
    out = np.empty((steps, who), dtype=np.float64)
    for k in range(steps):
        draws.at_step(rng, k)
        for i in range(who):
            out[k, i] = draws.uniform(rng, site, i)
    return out


@njit(cache=True)
def _normals(rng, site, n):
    out = np.empty(n, dtype=np.float64)
    for i in range(n):
        out[i] = draws.normal_nth(rng, site, i, 0)
    return out


@njit(cache=True)
def _waits(rng, p, n):
    out = np.empty(n, dtype=np.int64)
    for i in range(n):
        out[i] = draws.wait(rng, draws.WANDER, i, p)
    return out


def test_draws_depend_on_the_take_alone() -> None:
    first = _table(draws_of(17, 3), draws.WANDER, 50, 20)
    assert np.array_equal(first, _table(draws_of(17, 3), draws.WANDER, 50, 20))
    assert not np.intersect1d(first, _table(draws_of(17, 4), draws.WANDER, 50, 20)).size


def test_draws_are_uniform_and_independent() -> None:
    # 200 steps × 500 people: Kolmogorov–Smirnov against U(0, 1) at the 0.1 % level; the
    # correlation between two sites, between neighbours, and between steps is within 4 standard
    # errors (1 / sqrt(n)) of zero.
    a = _table(draws_of(5, 1), draws.FIGHT, 500, 200)
    b = _table(draws_of(5, 1), draws.KILL, 500, 200)
    assert stats.kstest(a.ravel(), "uniform").pvalue > 1e-3
    bound = 4 / np.sqrt(a.size)
    assert abs(np.corrcoef(a.ravel(), b.ravel())[0, 1]) < bound
    assert abs(np.corrcoef(a[:, 1:].ravel(), a[:, :-1].ravel())[0, 1]) < bound
    assert abs(np.corrcoef(a[1:].ravel(), a[:-1].ravel())[0, 1]) < bound


def test_normals_are_standard_normal() -> None:
    z = _normals(draws_of(9, 2), draws.TURN, 20_000)
    assert stats.kstest(z, "norm").pvalue > 1e-3


def test_waits_are_geometric() -> None:
    # An idle zombie's steps to its next shuffle: geometric with the shuffle chance (0.05),
    # 20,000 waits: chi-square against scipy's geometric law over 1..60 and the tail, at 0.1 %.
    p, n = 0.05, 20_000
    waits = _waits(draws_of(3, 1), p, n)
    assert waits.min() >= 1
    edges = np.arange(1, 62)
    observed = np.append(np.bincount(waits, minlength=61)[1:61], (waits > 60).sum())
    expected = n * np.append(stats.geom.pmf(edges[:-1], p), stats.geom.sf(60, p))
    assert stats.chisquare(observed, expected).pvalue > 1e-3


def test_a_draw_does_not_depend_on_other_draws() -> None:
    # Person 7's draw at step 3 is the same whether or not others drew, or drew more, before.
    alone = _table(draws_of(1, 1), draws.NOTICE, 8, 4)[3, 7]
    rng = draws_of(1, 1)
    _table(rng, draws.ANSWER, 300, 10)
    assert _table(rng, draws.NOTICE, 8, 4)[3, 7] == alone


def test_patient_zero_bitten_by_an_animal_turns_after_the_animal_time(tiny) -> None:
    # Unset turns_after: the time is log-normal with median animal_median and log-sd animal_sd,
    # counted from the bite (here at the start). 40 takes: the mean log time is within three
    # standard errors (0.6 / sqrt(40) ≈ 0.095) of log(median).
    median_s, sd, takes = 600.0, 0.6, 40
    path = tiny(
        [{"name": "Zero", "room": "west room"}],
        duration="2 h",
        outbreak={"patient_zero": "Zero", "infected_in": "west room", "infected_before": "0 h"},
        virus={"animal_median": "10 min", "animal_sd": sd},
    )
    events = run(path, takes=takes, seed=11).tables["events"]
    turned = events[(events["event"].isin(["turn", "halfbie"])) & (events["who"] == "Zero")]
    hours = turned.groupby("take")["t"].first().reindex(range(1, takes + 1), fill_value=2.0)
    logs = np.log(hours.to_numpy() * 3600.0)
    assert abs(logs.mean() - np.log(median_s)) < 3 * sd / np.sqrt(takes)
