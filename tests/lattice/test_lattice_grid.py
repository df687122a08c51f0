"""The population grid: one cell is the compartmental model; people are conserved; cordons hold."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import hyosan
from hyosan.lattice.engine import rate_constants, where_to_hide
from hyosan.scenario.load import validate

RATES = {
    "beta": 0.01,
    "alpha": 0.5,
    "latent": 1.5,
    "halfbie": 0.05,
    "halfbie_bite": 0.3,
    "decay": 0.02,
}


def one_cell(tmp_path: Path, method: str, people: int = 150) -> dict[str, Any]:
    raster = tmp_path / "one.npy"
    np.save(raster, np.array([[float(people)]]))
    return {
        "kind": "grid",
        "t_end": 12.0,
        "points": 5,
        "snapshots": 1,
        "method": method,
        "tau": 0.01,
        "map": {"npy": str(raster), "extent": [0.0, 3.22, 0.0, 3.22], "units": "km"},
        "rates": RATES,
        "outbreaks": [{"at": {"x": 1.0, "y": 1.0}, "zombies": 2}],
    }


def compartmental_twin(make_scenario: Any, lattice: dict[str, Any], takes: int) -> Any:
    """The same cell as a custom network for the compartmental SSA, rates from the grid's own."""
    spec = make_scenario(lattice).lattice
    k, _ = rate_constants(spec, 3.22)
    bite, hbite, kill, turn, half, decay, _ = k
    table = {
        "name": "twin",
        "engine": "compartmental",
        "seed": 99,
        "takes": takes,
        "compartmental": {
            "method": "ssa",
            "time_unit": "h",
            "t_end": 12.0,
            "points": 5,
            "initial": {"S": 150, "Z": 2},
            "network": {
                "species": ["S", "E", "Z", "H", "R"],
                "reactions": [
                    {"name": "bite", "reaction": "S + Z -> E + Z", "rate": bite},
                    {"name": "halfbie bite", "reaction": "S + H -> E + H", "rate": hbite},
                    {"name": "kill", "reaction": "S + Z -> S + R", "rate": kill},
                    {"name": "turn", "reaction": "E -> Z", "rate": turn * (1 - half)},
                    {"name": "turn halfbie", "reaction": "E -> H", "rate": turn * half},
                    {"name": "decay", "reaction": "Z -> R", "rate": decay},
                ],
            },
        },
    }
    return validate(table, "twin")


def test_one_cell_equals_the_compartmental_ssa(make_scenario: Any, tmp_path: Path) -> None:
    """One cell, exact method: S, Z and R at t_end have the law of the compartmental SSA (KS)."""
    takes = 600
    lattice = one_cell(tmp_path, "exact")
    grid_final = hyosan.simulate(make_scenario(lattice, takes=takes)).final
    ssa_final = hyosan.simulate(compartmental_twin(make_scenario, lattice, takes)).final
    for state in ("S", "Z", "R"):
        assert stats.ks_2samp(grid_final[state], ssa_final[state]).pvalue > 1e-3, state


def test_tau_leaping_agrees_with_exact_on_one_cell(make_scenario: Any, tmp_path: Path) -> None:
    """Tau-leaping with a small step keeps the means within 5 % of the exact method."""
    takes = 400
    exact = hyosan.simulate(make_scenario(one_cell(tmp_path, "exact"), takes=takes)).final
    tau = hyosan.simulate(make_scenario(one_cell(tmp_path, "tau"), takes=takes, seed=8)).final
    for state in ("S", "R"):
        assert abs(tau[state].mean() - exact[state].mean()) < 0.05 * 152 + 1.0, state


def uniform_map(tmp_path: Path, rows: int, cols: int, people: float = 50.0) -> dict[str, Any]:
    raster = tmp_path / f"uniform-{rows}-{cols}.npy"
    np.save(raster, np.full((rows, cols), people))
    return {"npy": str(raster), "extent": [0.0, cols * 3.22, 0.0, rows * 3.22], "units": "km"}


def test_people_are_conserved_through_moves_and_strikes(make_scenario: Any, tmp_path: Path) -> None:
    for method in ("exact", "tau"):
        lattice = {
            "kind": "grid",
            "t_end": 40.0,
            "points": 9,
            "snapshots": [0.0, 20.0, 40.0],
            "method": method,
            "tau": 0.05,
            "map": uniform_map(tmp_path, 6, 7),
            "rates": {"beta": 0.02, "alpha": 0.5, "cross_time": 2.0},
            "outbreaks": [{"at": {"x": 10.0, "y": 10.0}, "zombies": 3}],
            "strikes": [
                {
                    "time": 20.0,
                    "area": {"box": [0.0, 12.0, 0.0, 12.0]},
                    "zombies": 0.8,
                    "people": 0.3,
                }
            ],
        }
        result = hyosan.simulate(make_scenario(lattice, takes=2))
        totals = result.series[["S", "E", "Z", "H", "R"]].sum(axis=1)
        assert (totals == 6 * 7 * 50 + 3).all(), method
        snaps = result.arrays["snapshots"]
        np.testing.assert_allclose(snaps.sum(axis=(2, 3, 4)), 6 * 7 * 50 + 3)
        assert np.isfinite(result.arrays["reached"]).sum() > 1


@settings(max_examples=12, deadline=None, derandomize=True)
@given(
    rows=st.integers(3, 7),
    cols=st.integers(3, 7),
    box_rows=st.integers(1, 3),
    box_cols=st.integers(1, 3),
    inside=st.booleans(),
    method=st.sampled_from(["exact", "tau"]),
    seed=st.integers(0, 10_000),
)
def test_a_sealed_cordon_never_lets_a_zombie_across(
    make_scenario: Any,
    tmp_path_factory: Any,
    rows: int,
    cols: int,
    box_rows: int,
    box_cols: int,
    inside: bool,
    method: str,
    seed: int,
) -> None:
    """Outbreak inside (or outside) a box sealed at t = 0: no cell on the other side is reached."""
    tmp = tmp_path_factory.mktemp("cordon")
    size = 3.22
    box = [size * 0.1, size * (box_cols - 0.1), size * 0.1, size * (box_rows - 0.1)]
    start = (
        {"x": size * 0.5, "y": size * 0.5}
        if inside
        else {"x": size * (cols - 0.5), "y": size * (rows - 0.5)}
    )
    if not inside and box_rows >= rows and box_cols >= cols:
        return
    lattice = {
        "kind": "grid",
        "t_end": 60.0,
        "points": 3,
        "snapshots": 1,
        "method": method,
        "tau": 0.1,
        "map": uniform_map(tmp, rows, cols, 30.0),
        "rates": {"beta": 0.05, "alpha": 0.1, "cross_time": 0.5},
        "outbreaks": [{"at": start, "zombies": 5}],
        "cordons": [{"area": {"box": box}, "start": 0.0, "leak": 0.0}],
    }
    result = hyosan.simulate(make_scenario(lattice, seed=seed))
    reached = np.isfinite(result.arrays["reached"][0])
    in_box = np.zeros((rows, cols), dtype=bool)
    in_box[rows - box_rows :, :box_cols] = True
    other_side = ~in_box if inside else in_box
    assert not reached[other_side].any()
    assert result.arrays["snapshots"][0, -1, 2][other_side].sum() == 0


def test_a_lure_draws_zombies_toward_it(make_scenario: Any, tmp_path: Path) -> None:
    base = {
        "kind": "grid",
        "t_end": 30.0,
        "points": 2,
        "snapshots": 1,
        "tau": 0.1,
        "map": uniform_map(tmp_path, 1, 21, 1.0),
        "rates": {"beta": 0.0, "alpha": 0.0, "cross_time": 1.0, "latent": "none"},
        "outbreaks": [{"at": {"x": 10.5 * 3.22, "y": 1.6}, "zombies": 400}],
    }
    lured = dict(base, lures=[{"at": {"x": 20.5 * 3.22, "y": 1.6}, "radius": 100.0, "pull": 0.8}])
    cols = np.arange(21)

    def mean_col(table: dict[str, Any]) -> float:
        z = hyosan.simulate(make_scenario(table)).arrays["snapshots"][0, -1, 2, 0]
        return float((z * cols).sum() / z.sum())

    assert abs(mean_col(base) - 10.0) < 1.0
    assert mean_col(lured) > 14.0


def test_hyosan_city_runs_and_says_where_to_hide() -> None:
    result = hyosan.simulate("hyosan-city-lattice", takes=1)
    assert result.meta["people"] == 170_000
    assert (result.series[["S", "E", "Z", "H", "R"]].sum(axis=1) == 170_030).all()
    hide = where_to_hide(result, n=3)
    assert len(hide) == 3
    places = result.tables["places"]
    school = places[places["place"] == "Hyosan High School"]["t_reached"].iloc[0]
    assert school == 0.0
    assert hide["t_reached"].isna().all() or hide["t_reached"].iloc[0] >= places["t_reached"].max()


def test_a_leaking_cordon_lets_zombies_across_at_its_rate(
    make_scenario: Any, tmp_path: Path
) -> None:
    """Two cells split by a line: zombies cross at `leak` × the usual hop rate (Poisson count)."""
    lattice = {
        "kind": "grid",
        "t_end": 10.0,
        "points": 2,
        "snapshots": 1,
        "method": "exact",
        "map": uniform_map(tmp_path, 1, 2, 1.0),
        "rates": {"beta": 0.0, "alpha": 0.0, "cross_time": 1.0, "latent": "none"},
        "outbreaks": [{"at": {"x": 1.0, "y": 1.0}, "zombies": 2000}],
        "cordons": [{"area": {"box": [0.0, 3.0, 0.0, 3.22]}, "start": 0.0, "leak": 0.01}],
    }
    result = hyosan.simulate(make_scenario(lattice, takes=5))
    z = result.arrays["snapshots"][:, -1, 2, 0, :]
    # Hops east go at 1/4 per hour and through the line at 1 %: ~0.0025 /h per zombie; hops back
    # are as rare, so over 10 h about 2000 × 0.025 ≈ 50 cross, minus a few that return.
    crossed = z[:, 1]
    assert (crossed > 0).all()
    assert 30 < crossed.mean() < 70
    assert (z.sum(axis=1) == 2000).all()


def test_a_strike_removes_its_share_in_its_area_only(make_scenario: Any, tmp_path: Path) -> None:
    lattice = {
        "kind": "grid",
        "t_end": 2.0,
        "points": 3,
        "snapshots": [0.0, 1.0, 2.0],
        "method": "exact",
        "map": uniform_map(tmp_path, 1, 2, 10_000.0),
        "rates": {"beta": 0.0, "alpha": 0.0, "cross_time": 1e9, "latent": "none"},
        "outbreaks": [
            {"at": {"x": 1.0, "y": 1.0}, "zombies": 10_000},
            {"at": {"x": 5.0, "y": 1.0}, "zombies": 10_000},
        ],
        "strikes": [
            {"time": 1.0, "area": {"box": [0.0, 3.0, 0.0, 3.22]}, "zombies": 0.9, "people": 0.2}
        ],
    }
    snaps = hyosan.simulate(make_scenario(lattice)).arrays["snapshots"][0]
    after = snaps[1, :, 0, :]
    assert abs(after[2, 0] - 1_000) < 5 * np.sqrt(10_000 * 0.09)
    assert abs(after[0, 0] - 8_000) < 5 * np.sqrt(10_000 * 0.16)
    assert after[2, 1] == 10_000 and after[0, 1] == 10_000
    assert after[4, 0] == 20_000 - after[2, 0] - after[0, 0]


def test_tau_leaping_front_keeps_the_exact_speed(make_scenario: Any, tmp_path: Path) -> None:
    """On a strip of cells the hour the front reaches the far end agrees with the exact method."""

    def arrival(method: str, seed: int) -> np.ndarray:
        lattice = {
            "kind": "grid",
            "t_end": 200.0,
            "points": 2,
            "snapshots": 1,
            "method": method,
            "tau": 0.05,
            "map": uniform_map(tmp_path, 1, 8, 40.0),
            "rates": {"beta": 0.02, "alpha": 0.5, "cross_time": 4.0, "latent": 2.0},
            "outbreaks": [{"at": {"x": 1.0, "y": 1.0}, "zombies": 20}],
        }
        reached = hyosan.simulate(make_scenario(lattice, takes=150, seed=seed)).arrays["reached"]
        return reached[:, 0, -1]

    exact, tau = arrival("exact", 1), arrival("tau", 2)
    assert np.isfinite(exact).mean() > 0.9 and np.isfinite(tau).mean() > 0.9
    e, t = np.nanmean(exact), np.nanmean(tau)
    assert abs(t - e) < 0.1 * e, (e, t)


def test_a_grid_take_alone_equals_the_same_take_in_a_batch(
    make_scenario: Any, tmp_path: Path
) -> None:
    for method in ("exact", "tau"):
        lattice = {
            "kind": "grid",
            "t_end": 30.0,
            "points": 4,
            "snapshots": 2,
            "method": method,
            "map": uniform_map(tmp_path, 4, 5, 30.0),
            "rates": {"beta": 0.03, "alpha": 0.5, "cross_time": 2.0},
            "outbreaks": [{"at": {"x": 2.0, "y": 2.0}, "zombies": 4}],
        }
        batch = hyosan.simulate(make_scenario(lattice, takes=3))
        alone = hyosan.simulate(make_scenario(lattice), takes=[3])
        np.testing.assert_array_equal(batch.take(3).arrays["snapshots"], alone.arrays["snapshots"])
        np.testing.assert_array_equal(batch.take(3).arrays["reached"], alone.arrays["reached"])
        assert not np.array_equal(batch.take(1).arrays["snapshots"], alone.arrays["snapshots"])
