"""``hyosan export``: a stored lattice run's grids as a NetCDF file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hyosan.cli.app import app, console, console_err
from hyosan.ensemble.store import load_result
from hyosan.lattice.export import to_netcdf


@app.command()
def export(
    run: Annotated[Path, typer.Argument(help="Run or result directory of a lattice scenario.")],
    out: Annotated[Path | None, typer.Option(help="NetCDF file (default RUN/grids.nc).")] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
) -> None:
    """Write the grid snapshots and arrival times of a lattice run to NetCDF (dims take, time, y, x)."""
    from hyosan.ensemble.progress import steps_bar

    with steps_bar("export", 2, console_err, enabled=progress) as step:
        step("reading the run")
        result = load_result(run)
        step("writing NetCDF")
        where = to_netcdf(result, out or run / "grids.nc")
    console.print(f"grids written to [bold]{where}[/]")
