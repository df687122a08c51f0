"""The bond lattice against closed forms and an independent brute-force simulation."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
from scipy import stats

import hyosan


def bond_table(**bond: Any) -> dict[str, Any]:
    t_end = bond.pop("t_end", 1e6)
    points = bond.pop("points", 2)
    return {"kind": "bond", "t_end": t_end, "points": points, "snapshots": 1, "bond": bond}


def test_one_dimensional_chain_matches_the_geometric_law(make_scenario: Any) -> None:
    """A zombie at the open end of a line meets one human at a time: it bites N times, each with
    probability p = 1/(1+α), then the front zombie is killed. So N is geometric,
    P(N = n) = pⁿ(1 − p), and the time to the kill, N + 1 waits of rate β(1 + α), is
    exponential with rate αβ."""
    alpha, beta, takes = 0.5, 2.0, 3000
    scenario = make_scenario(
        bond_table(rows=1, cols=400, alpha=alpha, beta=beta, zombies=[[0, 0]]), takes=takes
    )
    final = hyosan.simulate(scenario).final
    assert (final["stopped"] == "no bonds left").all()
    assert (final["R"] == 1).all()
    bites = final["Z"].to_numpy()
    np.testing.assert_array_equal(final["events"], bites + 1)
    p = 1.0 / (1.0 + alpha)
    edges = np.arange(0, 9)
    observed = np.array([(bites == n).sum() for n in edges] + [(bites > edges[-1]).sum()])
    expected = np.array([p**n * (1 - p) for n in edges] + [p ** (edges[-1] + 1)]) * takes
    assert stats.chisquare(observed, expected).pvalue > 1e-3
    # A geometric number of exponential waits is exponential: T ~ Exp(αβ), mean 1/(αβ).
    assert stats.kstest(final["t_stop"], "expon", args=(0, 1 / (alpha * beta))).pvalue > 1e-3


def brute_force(
    rows: int, cols: int, alpha: float, t_end: float, rng: random.Random
) -> tuple[int, int]:
    """An independent Gillespie simulation listing every S–Z bond at every step: (Z, R) at t_end."""
    state = [[0] * cols for _ in range(rows)]
    state[rows // 2][cols // 2] = 1
    t = 0.0
    while True:
        bonds = []
        for r in range(rows):
            for c in range(cols):
                if state[r][c] != 1:
                    continue
                for dr, dc in ((0, 1), (0, -1), (1, 0), (-1, 0)):
                    rr, cc = (r + dr) % rows, (c + dc) % cols
                    if state[rr][cc] == 0:
                        bonds.append((r, c, rr, cc))
        if not bonds:
            break
        t += rng.expovariate(len(bonds) * (1 + alpha))
        if t > t_end:
            break
        r, c, rr, cc = bonds[rng.randrange(len(bonds))]
        if rng.random() < 1 / (1 + alpha):
            state[rr][cc] = 1
        else:
            state[r][c] = 2
    flat = [v for row in state for v in row]
    return flat.count(1), flat.count(2)


def test_small_torus_agrees_with_a_brute_force_simulation(make_scenario: Any) -> None:
    """Same law as a plain enumerate-all-bonds Gillespie on a 5 × 6 torus (KS, 800 takes each)."""
    rows, cols, alpha, t_end, takes = 5, 6, 0.6, 1.5, 800
    scenario = make_scenario(
        bond_table(rows=rows, cols=cols, alpha=alpha, periodic=True, t_end=t_end), takes=takes
    )
    final = hyosan.simulate(scenario).final
    rng = random.Random(11)
    brute = np.array([brute_force(rows, cols, alpha, t_end, rng) for _ in range(takes)])
    assert stats.ks_2samp(final["Z"], brute[:, 0]).pvalue > 1e-3
    assert stats.ks_2samp(final["R"], brute[:, 1]).pvalue > 1e-3
    assert abs(final["Z"].mean() - brute[:, 0].mean()) < 0.15 * brute[:, 0].mean()


def test_eden_cluster_grows_one_site_per_event_at_constant_speed(make_scenario: Any) -> None:
    """α = 0 is the Eden model: every event is a bite, and the radius grows linearly in time."""
    scenario = make_scenario(
        bond_table(rows=512, cols=512, alpha=0.0, periodic=True, t_end=60.0, points=4), takes=2
    )
    result = hyosan.simulate(scenario)
    final = result.final
    np.testing.assert_array_equal(final["Z"], final["events"] + 1)
    assert (final["R"] == 0).all()
    for take in result.takes:
        z = result.series[result.series["take"] == take]["Z"].to_numpy(float)
        radius = np.sqrt(z / np.pi)
        steps = np.diff(radius[1:])
        assert abs(steps[0] - steps[1]) < 0.06 * steps.mean()
        assert radius[-1] > 100


def test_same_seed_same_cluster_and_memory_per_site(make_scenario: Any) -> None:
    table = bond_table(rows=256, cols=256, alpha=0.3, zombies="centre", t_end=60.0)
    first = hyosan.simulate(make_scenario(table, seed=4))
    again = hyosan.simulate(make_scenario(table, seed=4))
    other = hyosan.simulate(make_scenario(table, seed=5))
    np.testing.assert_array_equal(first.arrays["snapshots"], again.arrays["snapshots"])
    np.testing.assert_array_equal(first.arrays["reached"], again.arrays["reached"])
    assert not np.array_equal(first.arrays["snapshots"], other.arrays["snapshots"])
    assert first.meta["bytes_per_site"] <= 8.0
    counts = first.arrays["snapshots"][0, -1]
    assert counts.sum() == 256 * 256
    assert counts[1].sum() == first.final["Z"].iloc[0]


def test_a_take_alone_equals_the_same_take_in_a_batch(make_scenario: Any) -> None:
    table = bond_table(rows=64, cols=64, alpha=0.3, t_end=20.0)
    batch = hyosan.simulate(make_scenario(table, takes=3))
    alone = hyosan.simulate(make_scenario(table), takes=[2])
    np.testing.assert_array_equal(batch.take(2).arrays["reached"], alone.arrays["reached"])
