"""Lattice grids leave as NetCDF with named dimensions, and come back exactly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import hyosan
from hyosan.cli import main
from hyosan.errors import HyosanError
from hyosan.lattice.export import to_dataset, to_netcdf


@pytest.fixture(scope="module")
def bond_result() -> hyosan.Result:
    return hyosan.simulate(
        "bond-lattice",
        takes=[2, 5],
        overrides=["lattice.bond.rows=40", "lattice.bond.cols=60", "lattice.t_end=30"],
    )


def test_netcdf_holds_every_state_grid_and_arrival_time(
    bond_result: hyosan.Result, tmp_path: Path
) -> None:
    path = to_netcdf(bond_result, tmp_path / "grids.nc")
    with xr.open_dataset(path, engine="scipy") as back:
        assert list(back["take"].values) == [2, 5]
        assert back["S"].dims == ("take", "time", "y", "x")
        snapshots = bond_result.arrays["snapshots"]
        for i, state in enumerate(bond_result.meta["states"]):
            np.testing.assert_array_equal(back[state].values, snapshots[:, :, i])
        np.testing.assert_array_equal(back["reached"].values, bond_result.arrays["reached"])
        np.testing.assert_allclose(back["time"].values, bond_result.meta["snapshot_times"])
        assert back["time"].attrs["units"] == bond_result.meta["time_unit"]
        people = sum(back[s] for s in bond_result.meta["states"])
        assert float(people.isel(take=0, time=-1).sum()) == 40 * 60, "every site in one block"


def test_cell_coordinates_are_cell_centres_of_the_extent(bond_result: hyosan.Result) -> None:
    dataset = to_dataset(bond_result)
    block = bond_result.meta["cell_size"]
    assert dataset.sizes["x"] * block == 60 and dataset.sizes["y"] * block == 40
    assert float(dataset["x"][0]) == block / 2 and float(dataset["y"][0]) == 40 - block / 2
    assert float(dataset["x"][-1]) == 60 - block / 2


def test_export_command_writes_grids_of_a_run(tmp_path: Path) -> None:
    run = tmp_path / "run"
    args = ["--set", "lattice.bond.rows=20", "--set", "lattice.bond.cols=20"]
    code = main(["run", "bond-lattice", *args, "--takes", "2", "--out", str(run), "--no-plot"])
    assert code == 0
    assert main(["export", str(run)]) == 0
    with xr.open_dataset(run / "grids.nc", engine="scipy") as back:
        assert back.sizes["take"] == 2


def test_a_result_without_grids_is_a_clear_error() -> None:
    ode = hyosan.simulate("alemi_szr")
    with pytest.raises(HyosanError, match="not a lattice result"):
        to_dataset(ode)
