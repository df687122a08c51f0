"""Lattice results as labelled arrays: an xarray Dataset, and NetCDF files any GIS tool reads.

The grids stay in the result as NumPy arrays (``snapshots``, ``reached``); this turns them into
one Dataset with named dimensions ``take, time, y, x`` and cell-centre coordinates from the map's
extent. NetCDF is written with SciPy's own backend (NetCDF 3), so no C library is needed; xarray
is the ``netcdf`` extra.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from hyosan.errors import HyosanError
from hyosan.files import write_whole
from hyosan.result import Result

if TYPE_CHECKING:
    import xarray as xr


def to_dataset(result: Result) -> xr.Dataset:
    """The grids of a lattice result: one variable per state, plus the time each cell was reached."""
    xr = _xarray()
    if result.engine != "lattice" or "snapshots" not in result.arrays:
        raise HyosanError.one(
            "not a lattice result with grid snapshots",
            where="engine",
            value=result.engine,
            allowed="a result of the lattice engine",
        )
    snapshots = result.arrays["snapshots"]
    _, _, _, rows, cols = snapshots.shape
    meta = result.meta
    west, east, south, north = (float(v) for v in meta.get("extent", [0, cols, 0, rows]))
    x = west + (np.arange(cols) + 0.5) * (east - west) / cols
    y = north - (np.arange(rows) + 0.5) * (north - south) / rows
    coords: dict[str, Any] = {
        "take": np.asarray(result.takes, dtype=np.int32),
        "time": np.asarray(meta.get("snapshot_times", range(snapshots.shape[1])), dtype=float),
        "y": y,
        "x": x,
    }
    dims: tuple[str, ...] = ("take", "time", "y", "x")
    data: dict[str, tuple[tuple[str, ...], np.ndarray]] = {
        state: (dims, snapshots[:, :, i].astype(np.float32))
        for i, state in enumerate(meta.get("states", []))
    }
    if "reached" in result.arrays:
        data["reached"] = (("take", "y", "x"), result.arrays["reached"].astype(np.float32))
    dataset = xr.Dataset(data, coords=coords)
    unit = meta.get("time_unit", "")
    dataset["time"].attrs["units"] = unit
    if "reached" in dataset:
        dataset["reached"].attrs.update(units=unit, long_name="time a cell first held a zombie")
    for axis in ("x", "y"):
        dataset[axis].attrs["units"] = meta.get("extent_units", "")
    dataset.attrs.update(
        engine="lattice",
        map=str(meta.get("map", "")),
        cell_size=float(meta.get("cell_size", 0.0)),
        provenance=json.dumps(result.provenance, default=str),
    )
    return dataset


def to_netcdf(result: Result, path: str | Path) -> Path:
    """Write the grids of a lattice result to a NetCDF file (written whole, then renamed)."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    dataset = to_dataset(result)
    return write_whole(out, lambda tmp: dataset.to_netcdf(tmp, engine="scipy"))


def _xarray() -> Any:
    try:
        import xarray
    except ImportError:
        raise HyosanError.one(
            "NetCDF export needs xarray", allowed="pip install 'hyosan[netcdf]'"
        ) from None
    return xarray
