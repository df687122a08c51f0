"""Sweeps: grids and Latin hypercubes of ensembles, one tidy row per point and take."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hyosan.ensemble import Ensemble
from hyosan.ensemble.sweep import grid_points, lhs_points, parse_grid, parse_range, run_sweep
from hyosan.errors import HyosanError
from hyosan.scenario import load_scenario


def test_grid_axes_parse_and_combine() -> None:
    assert parse_grid("beta=0.001:0.003:3") == ("beta", pytest.approx([0.001, 0.002, 0.003]))
    assert parse_grid("alpha=0.5,0.9") == ("alpha", [0.5, 0.9])
    points = grid_points([parse_grid("beta=1:2:2"), parse_grid("alpha=0.5,0.7,0.9")])
    assert list(points.columns) == ["point", "beta", "alpha"]
    assert len(points) == 6 and points["point"].tolist() == list(range(1, 7))


def test_latin_hypercube_puts_one_point_in_each_stratum() -> None:
    points = lhs_points([parse_range("beta=0:1"), parse_range("alpha=10:20")], 8, seed=3)
    for name, low, high in (("beta", 0, 1), ("alpha", 10, 20)):
        strata = np.floor((points[name] - low) / (high - low) * 8).astype(int)
        assert sorted(strata) == list(range(8))
    again = lhs_points([parse_range("beta=0:1"), parse_range("alpha=10:20")], 8, seed=3)
    assert points.equals(again)


def test_sweep_table_is_tidy_and_each_point_is_its_ensemble(tmp_path: Path, szr: Path) -> None:
    points = grid_points([parse_grid("alpha=0.3,0.9")])
    tidy = run_sweep(szr, points, tmp_path / "sweep", takes=5, backend="serial")
    assert list(tidy.columns[:3]) == ["point", "alpha", "take"]
    assert len(tidy) == 10
    alone = Ensemble.of(load_scenario(szr, ["alpha=0.9"]), 5).run(backend="serial")
    mine = tidy[tidy["point"] == 2].reset_index(drop=True)
    assert mine[["take", "S", "Z", "R"]].equals(alone.final[["take", "S", "Z", "R"]])
    # more killing leaves fewer zombies (same takes, common random numbers)
    means = tidy.groupby("alpha")["Z"].mean()
    assert means[0.9] < means[0.3]
    assert pd.read_parquet(tmp_path / "sweep" / "sweep.parquet").equals(tidy)


def test_unknown_parameter_is_refused_before_anything_runs(tmp_path: Path, szr: Path) -> None:
    points = grid_points([parse_grid("betta=0.1,0.2")])
    with pytest.raises(HyosanError, match="cannot sweep 'betta'.*allowed: alpha, beta"):
        run_sweep(szr, points, tmp_path / "sweep", takes=2, backend="serial")
    assert not (tmp_path / "sweep").exists()


@pytest.mark.parametrize(("takes", "seed"), [(0, None), (2.5, None), (2, -1), (2, 1.5)])
def test_bad_takes_or_seed_are_refused_before_the_sweep_is_written(
    tmp_path: Path, szr: Path, takes: object, seed: object
) -> None:
    """Else the sweep's directory would record them, and the same sweep with good ones would be
    refused as a different sweep."""
    points = grid_points([parse_grid("beta=0.1,0.2")])
    with pytest.raises(HyosanError, match="^(takes|seed): "):
        run_sweep(szr, points, tmp_path / "sweep", takes=takes, seed=seed, backend="serial")  # type: ignore[arg-type]
    assert not (tmp_path / "sweep").exists()
    run_sweep(szr, points, tmp_path / "sweep", takes=2, seed=1, backend="serial")


@pytest.mark.parametrize("spec", ["beta", "beta=1:2", "beta=a,b", "beta=1:2:0"])
def test_bad_grid_axes(spec: str) -> None:
    with pytest.raises(HyosanError, match="--grid"):
        parse_grid(spec)


def test_bad_range() -> None:
    with pytest.raises(HyosanError, match="low < high"):
        parse_range("beta=2:1")
