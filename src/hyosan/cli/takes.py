"""``hyosan takes``: questions over the takes of a run (how many takes until … held?)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hyosan.cli.app import app, console


@app.command()
def takes(
    run: Annotated[Path, typer.Argument(help="Run directory (or result directory).")],
    until: Annotated[
        str | None,
        typer.Option(help='Condition over a take, e.g. "Z == 0" or "survives(\'Nam-ra\')".'),
    ] = None,
) -> None:
    """How many takes until a condition held, in which take, and how likely it is.

    Without --until: the names a condition can use.
    """
    from hyosan.ensemble.query import FUNCTIONS, ask, characters, take_table
    from hyosan.ensemble.store import load_result

    result = load_result(run)
    table = take_table(result)
    if until is None:
        names = ", ".join(c for c in result.final.columns if c != "take")
        console.print(f"{len(table)} takes. Final counts: {names}")
        people = characters(table, result)
        if people:
            console.print("Characters: " + ", ".join(people))
        console.print(f"Functions of a character: {', '.join(FUNCTIONS)}")
        console.print('Example: hyosan takes RUN --until "Z == 0 and S > 100"')
        return
    answer = ask(result, until)
    low, high = answer.interval
    out = Table(title=f"{until}", show_header=False)
    out.add_column("", style="bold")
    out.add_column("")
    if answer.first is None:
        out.add_row("held", f"in none of {answer.takes} takes")
    else:
        out.add_row("takes until it held", f"{answer.takes_until} (take {answer.first})")
        shown = ", ".join(str(k) for k in answer.held[:12])
        more = f" … (+{answer.count - 12})" if answer.count > 12 else ""
        out.add_row("held in", f"{answer.count} of {answer.takes} takes: {shown}{more}")
    out.add_row("probability", f"{answer.probability:.3f} (95 % CI {low:.3f}–{high:.3f}, Wilson)")
    if answer.count:
        out.add_row("expected takes until it holds", f"{1 / answer.probability:,.1f}")
    console.print(out)
