"""``hyosan sweep``: a grid or Latin hypercube over parameters, an ensemble at each point."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from hyosan.cli.app import app, console, console_err
from hyosan.cli.outputs import output_folder
from hyosan.cli.placement import AUTO, Placement, placement_options
from hyosan.cli.run import check_options
from hyosan.errors import HyosanError

if TYPE_CHECKING:
    import pandas as pd


@app.command()
@placement_options
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
    placement: Placement = AUTO,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
    force: Annotated[
        bool, typer.Option(help="Replace an earlier, different sweep in the --out directory.")
    ] = False,
) -> None:
    """Sweep parameters: one row per point and take in sweep.parquet (CSV: hyosan export)."""
    check_sweep_options(grid or [], lhs, takes, seed, placement.workers, out)
    from hyosan.ensemble.backends import check_backend
    from hyosan.ensemble.progress import progress_bar
    from hyosan.ensemble.store import refuse_nested
    from hyosan.ensemble.sweep import check_names, run_sweep
    from hyosan.scenario import load_scenario
    from hyosan.scenario.limits import check_memory, run_bytes

    check_backend(placement.backend, scheduler=placement.scheduler, cluster=placement.cluster)
    scenario = load_scenario(target, set_ or [])
    run_seed = scenario.seed if seed is None else seed
    points = sweep_points(grid or [], lhs, range_ or [], run_seed)
    each = run_bytes(scenario, takes or scenario.takes)
    check_memory(each * len(points), f"{len(points):,} points", "--grid/--lhs")
    where = out or Path("runs") / f"{scenario.name}-sweep"
    refuse_nested(where)
    output_folder(where, "--out")
    check_names(target, set_ or [], points)
    with progress_bar(f"{scenario.name} sweep", console_err, enabled=progress) as bar:
        tidy = run_sweep(
            target,
            points,
            where,
            overrides=set_ or [],
            takes=takes,
            seed=run_seed,
            **placement._asdict(),
            progress=bar,
            force=force,
        )
    print_means(tidy, points, f"{scenario.name}: mean final state at each point", where)
    console.print(f"sweep written to [bold]{where}[/] ({len(tidy)} rows)")


def sweep_points(grid: list[str], lhs: int | None, ranges: list[str], seed: int) -> pd.DataFrame:
    """The points of ``--grid`` axes, or of a Latin hypercube of ``--lhs`` over ``--range``s."""
    from hyosan.ensemble.sweep import grid_points, lhs_points, parse_grid, parse_range

    if (lhs is None) == (not grid):
        raise HyosanError.one(
            "give either --grid axes or --lhs N with --range",
            source="command line",
            allowed="--grid beta=0.001:0.01:10, or --lhs 50 --range beta=0.001:0.01",
        )
    if grid:
        return grid_points([parse_grid(g) for g in grid])
    assert lhs is not None
    return lhs_points([parse_range(r) for r in ranges], lhs, seed)


def print_means(tidy: pd.DataFrame, points: pd.DataFrame, title: str, where: Path) -> None:
    """The mean final state at each point, the first 40 of them."""
    from hyosan.ensemble.sweep import POINT_COLUMN

    names = [c for c in points.columns if c != POINT_COLUMN]
    states = [c for c in tidy.columns if c not in (POINT_COLUMN, "take", *names)]
    means = tidy.groupby([POINT_COLUMN, *names], sort=True)[states].mean().reset_index()
    table = Table(title=title)
    for col in means.columns:
        table.add_column(col, justify="right")
    for row in means.head(40).itertuples(index=False):
        table.add_row(*(f"{v:.4g}" if isinstance(v, float) else str(v) for v in row))
    console.print(table)
    from hyosan.cli.legend import state_legend

    legend = state_legend(states)
    if legend:
        console.print(f"{legend} (mean count at the end, over each point's takes)", highlight=False)
    if len(means) > 40:
        console.print(f"… {len(means) - 40} more points in {where / 'sweep.parquet'}")


def check_sweep_options(
    grid: list[str],
    lhs: int | None,
    takes: int | None,
    seed: int | None,
    workers: int | None,
    out: Path | None,
) -> None:
    """Counts within range and a sweep of at most MAX_POINTS points, before any is built."""
    from hyosan.scenario.limits import MAX_POINTS, check_count

    check_options(takes=takes, seed=seed, workers=workers, out=out)
    if lhs is not None:
        check_count(lhs, 1, MAX_POINTS, "--lhs")
    points = 1
    for axis in grid:
        points *= _axis_size(axis)
    if points > MAX_POINTS:
        raise HyosanError.one(
            f"the grid has {points:,} points",
            where="--grid",
            value=" ".join(grid)[:200],
            allowed=f"at most {MAX_POINTS:,} points in all",
        )


def _axis_size(axis: str) -> int:
    """Points of one ``--grid`` axis (its count, or how many values it lists)."""
    from hyosan.scenario.limits import MAX_POINTS, check_count

    _, _, values = axis.partition("=")
    parts = values.split(":")
    if len(parts) == 3:
        try:
            count = int(parts[2])
            start, stop = float(parts[0]), float(parts[1])
        except ValueError:
            return 1  # parse_grid names the problem
        if not (math.isfinite(start) and math.isfinite(stop)):
            raise HyosanError.one(
                "grid ends must be finite numbers", where="--grid", value=axis[:200]
            )
        return check_count(count, 1, MAX_POINTS, "--grid count")
    listed = [v for v in values.split(",") if v.strip()]
    for v in listed:
        try:
            finite = math.isfinite(float(v))
        except ValueError:
            continue
        if not finite:
            raise HyosanError.one("grid values must be finite", where="--grid", value=axis[:200])
    return max(len(listed), 1)
