"""``hyosan sweep``: a grid or Latin hypercube over parameters, an ensemble at each point."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hyosan.cli.app import app, console, console_err
from hyosan.errors import HyosanError


@app.command()
def sweep(
    target: Annotated[str, typer.Argument(help="Scenario file, shipped scenario or model name.")],
    grid: Annotated[
        list[str] | None,
        typer.Option(help="Axis name=start:stop:count or name=v1,v2,… (repeatable)."),
    ] = None,
    lhs: Annotated[int | None, typer.Option(help="Latin hypercube of this many points.")] = None,
    range_: Annotated[
        list[str] | None, typer.Option("--range", help="name=low:high for --lhs (repeatable).")
    ] = None,
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="Override a key: name=value (repeatable).")
    ] = None,
    takes: Annotated[
        int | None, typer.Option(help="Takes per point (default: scenario's).")
    ] = None,
    seed: Annotated[int | None, typer.Option(help="Run seed of every point.")] = None,
    out: Annotated[
        Path | None, typer.Option(help="Sweep directory (default runs/NAME-sweep).")
    ] = None,
    backend: Annotated[str, typer.Option(help="auto, serial, processes or dask.")] = "auto",
    workers: Annotated[int | None, typer.Option(help="Worker processes.")] = None,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler tcp://host:port.")] = None,
    cluster: Annotated[str | None, typer.Option(help="Start a Dask cluster: 'local'.")] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
) -> None:
    """Sweep parameters: one row per point and take in sweep.parquet (CSV: hyosan export)."""
    from hyosan.ensemble.progress import progress_bar
    from hyosan.ensemble.sweep import (
        POINT_COLUMN,
        check_names,
        grid_points,
        lhs_points,
        parse_grid,
        parse_range,
        run_sweep,
    )
    from hyosan.scenario import load_scenario

    scenario = load_scenario(target, set_ or [])
    if (lhs is None) == (not grid):
        raise HyosanError.one(
            "give either --grid axes or --lhs N with --range",
            source="command line",
            allowed="--grid beta=0.001:0.01:10, or --lhs 50 --range beta=0.001:0.01",
        )
    run_seed = scenario.seed if seed is None else seed
    if grid:
        points = grid_points([parse_grid(g) for g in grid])
    else:
        assert lhs is not None
        points = lhs_points([parse_range(r) for r in range_ or []], lhs, run_seed)
    where = out or Path("runs") / f"{scenario.name}-sweep"
    check_names(target, set_ or [], points)
    with progress_bar(f"{scenario.name} sweep", console_err, enabled=progress) as bar:
        tidy = run_sweep(
            target,
            points,
            where,
            overrides=set_ or [],
            takes=takes,
            seed=run_seed,
            backend=backend,
            workers=workers,
            scheduler=scheduler,
            cluster=cluster,
            progress=bar,
        )
    names = [c for c in points.columns if c != POINT_COLUMN]
    states = [c for c in tidy.columns if c not in (POINT_COLUMN, "take", *names)]
    means = tidy.groupby([POINT_COLUMN, *names], sort=True)[states].mean().reset_index()
    table = Table(title=f"{scenario.name}: mean final state at each point")
    for col in means.columns:
        table.add_column(col, justify="right")
    for row in means.head(40).itertuples(index=False):
        table.add_row(*(f"{v:.4g}" if isinstance(v, float) else str(v) for v in row))
    console.print(table)
    if len(means) > 40:
        console.print(f"… {len(means) - 40} more points in {where / 'sweep.parquet'}")
    console.print(f"sweep written to [bold]{where}[/] ({len(tidy)} rows)")
