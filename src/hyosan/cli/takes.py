"""``hyosan takes``: questions over the takes of a run (how many takes until … held?)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from hyosan.cli.app import app, console

if TYPE_CHECKING:
    import pandas as pd

    from hyosan.result import Result


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
        _print_names(result, table, characters(table, result), FUNCTIONS)
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


def _print_names(
    result: Result, table: pd.DataFrame, people: list[str], functions: tuple[str, ...]
) -> None:
    """What a condition can name: the counts with their meaning, the named characters (the
    others by count), the functions and the fates in letters and words."""
    from hyosan.cli.legend import state_legend
    from hyosan.outcomes import FATE_WORDS

    counts = [c for c in result.final.columns if c != "take"]
    console.print(f"{len(table)} takes. Final counts (people): {', '.join(counts)}")
    console.print(state_legend(counts, result.engine), highlight=False)
    named = [c for c in result.meta.get("characters") or [] if c in people]
    if named:
        console.print("Named characters: " + ", ".join(named))
    others = len(people) - len(named)
    if others:
        console.print(f"and {others:,} other people by name (fate(`Name`) as in the fates table)")
    console.print(f"Functions of a character: {', '.join(functions)}")
    words = ", ".join(f"{k} or '{v}'" for k, v in FATE_WORDS.items())
    console.print(f"Fates, as a letter or a word: {words}", highlight=False)
    console.print(
        'Examples: hyosan takes RUN --until "Z == 0 and S > 100"; '
        "--until \"fate('Nam-ra') == 'rescued'\"",
        highlight=False,
    )
