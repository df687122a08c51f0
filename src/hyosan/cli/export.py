"""``hyosan export``: a stored run's tables as CSV, or a lattice run's grids as NetCDF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hyosan.cli.app import app, console, console_err
from hyosan.cli.outputs import output_file, output_folder
from hyosan.errors import HyosanError

FORMATS = ("netcdf", "csv")


@app.command()
def export(
    run: Annotated[Path, typer.Argument(help="Run or result directory.")],
    out: Annotated[
        Path | None,
        typer.Option(help="NetCDF file (default RUN/grids.nc) or CSV folder (default RUN/csv)."),
    ] = None,
    format_: Annotated[
        str,
        typer.Option(
            "--format", help="netcdf: a lattice run's grids; csv: every table of any run."
        ),
    ] = "netcdf",
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
) -> None:
    """Write a lattice run's grid snapshots and arrival times to NetCDF (dims take, time, y, x),
    or any run's tables to CSV (series, final, events, summaries …)."""
    if format_ not in FORMATS:
        raise HyosanError.one(
            "unknown format", where="--format", value=format_, allowed=", ".join(FORMATS)
        )
    if format_ == "csv":
        from hyosan.ensemble.tables import export_csv

        folder = output_folder(out or run / "csv", "--out")
        files = export_csv(run, folder)
        console.print(f"{len(files)} tables written to [bold]{folder}[/] as CSV")
        return
    from hyosan.ensemble.progress import steps_bar
    from hyosan.ensemble.store import load_result
    from hyosan.lattice.export import to_netcdf

    if out is not None:
        output_file(out, "--out")  # checked before the work; the default once the run is read
    with steps_bar("export", 2, console_err, enabled=progress) as step:
        step("reading the run")
        result = load_result(run)
        if "snapshots" not in result.arrays:
            raise HyosanError.one(
                f"NetCDF holds a lattice run's grids, and this is a {result.engine} run",
                where="--format",
                value=format_,
                allowed=f"--format csv for its tables: hyosan export {run} --format csv",
            )
        step("writing NetCDF")
        where = to_netcdf(result, output_file(out or run / "grids.nc", "--out"))
    console.print(f"grids written to [bold]{where}[/]")
