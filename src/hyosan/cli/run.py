"""``hyosan run``: run a scenario's takes, write the result, print a summary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hyosan.cli.app import app, console
from hyosan.cli.fates import print_fates
from hyosan.engines import simulate
from hyosan.errors import HyosanError
from hyosan.result import Result
from hyosan.scenario import load_scenario


@app.command()
def run(
    target: Annotated[str, typer.Argument(help="Scenario file, shipped scenario or model name.")],
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="Override a key: name=value (repeatable).")
    ] = None,
    seed: Annotated[int | None, typer.Option(help="Run seed (default: the scenario's).")] = None,
    takes: Annotated[
        int | None, typer.Option(help="Number of takes (default: scenario's).")
    ] = None,
    take: Annotated[int | None, typer.Option(help="Rerun this one take alone.")] = None,
    out: Annotated[Path | None, typer.Option(help="Result directory (default runs/NAME).")] = None,
    plot: Annotated[bool, typer.Option(help="Write a PNG of the curves.")] = True,
) -> None:
    """Run a scenario: Parquet + CSV tables, a PNG of the curves, a summary table."""
    scenario = load_scenario(target, set_ or [])
    if take is not None and takes is not None:
        raise HyosanError.one(
            "--take and --takes exclude each other", source="command line", allowed="one of them"
        )
    chosen: int | list[int] = [take] if take is not None else (takes or scenario.takes)
    result = simulate(scenario, takes=chosen, seed=seed)
    where = result.to_parquet(out or Path("runs") / scenario.name, csv=True)
    if plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        result.plot()
        plt.savefig(where / "curves.png", dpi=120, bbox_inches="tight")
        plt.close("all")
    print_summary(result)
    print_fates(result, console)
    console.print(f"results written to [bold]{where}[/]")


def print_summary(result: Result) -> None:
    """Final state over takes: mean and 5–95 % range of each state."""
    final = result.final
    n = len(final)
    table = Table(title=f"{result.provenance.get('scenario', '')}: final state, {n} take(s)")
    table.add_column("state", style="bold")
    table.add_column("mean", justify="right")
    if n > 1:
        table.add_column("5 %", justify="right")
        table.add_column("95 %", justify="right")
    for state in result.states:
        if state not in final:
            continue
        col = final[state].astype(float)
        row = [state, f"{col.mean():,.2f}"]
        if n > 1:
            row += [f"{col.quantile(0.05):,.2f}", f"{col.quantile(0.95):,.2f}"]
        table.add_row(*row)
    console.print(table)
