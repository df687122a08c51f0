"""``hyosan maps``: the shipped population maps, and a way to export one as a raster."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hyosan.cli.app import app, console
from hyosan.cli.outputs import output_folder
from hyosan.errors import HyosanError
from hyosan.files import write_whole

SHIPPED_MAPS = ("hyosan", "korea", "usa")


@app.command()
def maps(
    name: Annotated[str | None, typer.Argument(help="A shipped map to export.")] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="Directory for NAME.npy (people per cell) and NAME-places.csv."),
    ] = None,
    cell_km: Annotated[float | None, typer.Option(help="Cell size, km (default per map).")] = None,
) -> None:
    """List the shipped maps, or export one (raster + places) to use as an npy map."""
    import numpy as np

    from hyosan.lattice.maps import load_map
    from hyosan.scenario.lattice import MapSpec
    from hyosan.scenario.load import validated

    if name is None:
        table = Table(title="shipped maps")
        for column in ("name", "cells", "cell", "people", "places", "extent"):
            table.add_column(column, justify="right" if column in ("people", "places") else "left")
        for which in SHIPPED_MAPS:
            grid = load_map(MapSpec.model_validate({"builtin": which}))
            rows, cols = grid.shape
            table.add_row(
                which,
                f"{rows} × {cols}",
                f"{grid.cell_km:g} km",
                f"{grid.population.sum():,.0f}",
                f"{len(grid.places):,}",
                f"{[round(v, 2) for v in grid.extent]} {grid.units}",
            )
        console.print(table)
        return
    if name not in SHIPPED_MAPS:
        raise HyosanError.one(
            "no such shipped map", where="NAME", value=name, allowed=", ".join(SHIPPED_MAPS)
        )
    spec = validated(MapSpec, {"builtin": name, "cell_km": cell_km}, "--cell-km")
    where = output_folder(out or Path("."), "--out")
    grid = load_map(spec)

    def save_raster(tmp: Path) -> None:
        with tmp.open("wb") as handle:  # a path would get ".npy" added to its name
            np.save(handle, grid.population)

    write_whole(where / f"{name}.npy", save_raster)
    columns = {"x": "lon", "y": "lat"} if grid.units == "deg" else {}
    places = grid.places.rename(columns=columns)
    write_whole(where / f"{name}-places.csv", lambda tmp: places.to_csv(tmp, index=False))
    console.print(
        f"wrote [bold]{where / (name + '.npy')}[/] and {name}-places.csv: extent = "
        f"{list(grid.extent)}, units = {grid.units!r}, cell {grid.cell_km:g} km"
    )
