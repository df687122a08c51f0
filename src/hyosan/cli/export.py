"""``hyosan export``: a stored lattice run's grids as a NetCDF file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hyosan.cli.app import app, console
from hyosan.ensemble.store import load_result
from hyosan.lattice.export import to_netcdf


@app.command()
def export(
    run: Annotated[Path, typer.Argument(help="Run or result directory of a lattice scenario.")],
    out: Annotated[Path | None, typer.Option(help="NetCDF file (default RUN/grids.nc).")] = None,
) -> None:
    """Write the grid snapshots and arrival times of a lattice run to NetCDF (dims take, time, y, x)."""
    result = load_result(run)
    where = to_netcdf(result, out or run / "grids.nc")
    console.print(f"grids written to [bold]{where}[/]")
