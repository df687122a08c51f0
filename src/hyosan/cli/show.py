"""``hyosan show``: a summary of one run directory."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hyosan.cli.app import app, console
from hyosan.cli.fates import print_fates
from hyosan.cli.run import print_summary
from hyosan.cli.runs import _status


@app.command()
def show(
    run: Annotated[Path, typer.Argument(help="Run directory (or result directory).")],
    everyone: Annotated[
        bool, typer.Option(help="List the fates of every agent, not only the named characters.")
    ] = False,
) -> None:
    """Summarise a run: what ran, which takes are done, the final state over takes, and how
    each named character ended (as after hyosan run; --everyone: every agent's fates with
    their probabilities)."""
    from hyosan.ensemble.store import MANIFEST, RunStore, load_result, ranges
    from hyosan.ensemble.summary import fate_probabilities
    from hyosan.outcomes import FATE_WORDS

    if (run / MANIFEST).exists():
        store = RunStore.read(run)
        m = store.manifest
        facts = Table(show_header=False, title=str(run))
        facts.add_column("", style="bold")
        facts.add_column("", overflow="fold")
        missing = store.missing(store.requested)
        facts.add_row("scenario", f"{m.get('scenario')} ({m.get('engine')})")
        facts.add_row("seed", str(m.get("seed")))
        facts.add_row("takes done", f"{len(store.done)}: {ranges(store.done)}")
        if missing:
            facts.add_row("takes missing", f"{len(missing)}: {ranges(missing)}")
        facts.add_row("status", _status(store))
        facts.add_row("chunks", str(len(store.chunks)))
        facts.add_row("created", str(m.get("created")))
        versions = m.get("versions", {})
        facts.add_row("versions", ", ".join(f"{k} {v}" for k, v in versions.items()))
        if m.get("command"):
            facts.add_row("command", shlex.join(m["command"]))
        console.print(facts)
        if not store.done:
            return
    result = load_result(run)
    print_summary(result)
    if not everyone:  # the same table as after hyosan run: one layout of the fates
        print_fates(result, console)
        return
    fates = fate_probabilities(result, characters_only=False)
    if fates is not None and not fates.empty:
        table = Table(title=f"fates of every agent over {len(result.takes)} take(s)")
        for col in ("name", "fate", "p", "95 % CI"):
            table.add_column(col, justify="right" if col in ("p", "95 % CI") else "left")
        for row in fates.itertuples(index=False):
            table.add_row(
                str(row.name),
                FATE_WORDS.get(str(row.fate), str(row.fate)),
                f"{row.p:.2f}",
                f"{row.low:.2f}–{row.high:.2f}",
            )
        console.print(table)
