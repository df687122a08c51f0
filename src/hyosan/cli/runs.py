"""``hyosan runs``: the run directories under a folder, one line each."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from hyosan.cli.app import app, console
from hyosan.errors import HyosanError

if TYPE_CHECKING:
    from hyosan.ensemble.store import RunStore


@app.command()
def runs(
    directory: Annotated[Path, typer.Argument(help="Folder to look in.")] = Path("runs"),
) -> None:
    """List run directories: scenario, takes done of asked, seed, status, last change."""
    from hyosan.ensemble.store import RunStore, find_runs

    table = Table(title=f"runs under {directory}")
    for name in ("run", "scenario", "engine", "takes", "seed", "status", "updated"):
        # fold, never cut: a long path or number wraps onto a second line at 80 columns
        table.add_column(
            name, justify="right" if name in ("takes", "seed") else "left", overflow="fold"
        )
    found = 0
    for path in find_runs(directory):
        found += 1
        try:
            store = RunStore.read(path)
        except HyosanError as exc:
            table.add_row(str(path), "", "", "", "", f"[red]unreadable[/]: {exc}", "")
            continue
        m = store.manifest
        status = _status(store)
        asked = len(store.requested)
        done = len(store.done & set(store.requested)) if asked else len(store.done)
        table.add_row(
            str(path),
            str(m.get("scenario", "")),
            str(m.get("engine", "")),
            f"{done}/{asked}",
            str(m.get("seed", "")),
            status,
            _when(str(m.get("updated", ""))),
        )
    if not found:
        console.print(f"no run directories under {directory}")
        return
    console.print(table)


def _when(stamp: str) -> str:
    """``2026-11-25 15:12`` from an ISO time stamp: the minute is enough in a listing."""
    return stamp[:16].replace("T", " ")


def _status(store: RunStore) -> str:
    if store.is_busy():
        return "[yellow]running[/]"
    if not store.missing(store.requested):
        return "[green]complete[/]"
    return "[red]incomplete[/] (rerun its command to resume)"
