"""``hyosan runs``: the run directories under a folder, one line each."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich import box
from rich.table import Table

from hyosan.cli.app import app, console
from hyosan.errors import HyosanError

if TYPE_CHECKING:
    from hyosan.ensemble.store import RunStore


@app.command()
def runs(
    directory: Annotated[Path, typer.Argument(help="Folder to look in.")] = Path("runs"),
) -> None:
    """List run directories: scenario and engine, takes done of asked, seed, status, last
    change."""
    from hyosan.ensemble.store import RunStore, find_runs

    paths = list(find_runs(directory))
    table = Table(
        title=f"runs under {directory}",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
        show_edge=False,
    )
    longest = max((len(str(p)) for p in paths), default=3)
    for name in ("run", "scenario (engine)", "takes", "seed", "status", "updated"):
        # fold, never cut: a path too long for the terminal wraps onto a second line; one that
        # fits keeps its line (the run column claims its width first, the status wraps)
        table.add_column(
            name,
            justify="right" if name in ("takes", "seed") else "left",
            overflow="fold",
            min_width=min(longest, 26) if name == "run" else None,
            no_wrap=name in ("takes", "seed", "updated"),
        )
    found = 0
    for path in paths:
        found += 1
        try:
            store = RunStore.read(path)
        except HyosanError as exc:
            table.add_row(str(path), "", "", "", f"[red]unreadable[/]: {exc}", "")
            continue
        m = store.manifest
        status = _status(store)
        asked = len(store.requested)
        done = len(store.done & set(store.requested)) if asked else len(store.done)
        table.add_row(
            str(path),
            f"{m.get('scenario', '')}\n[dim]({m.get('engine', '')})[/]",
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
    """``2026-11-25 15:12`` from an ISO time stamp: the minute is enough in a listing (the
    date over the time when the column is narrow)."""
    return stamp[:16].replace("T", "\n") if len(stamp) >= 16 else stamp


def _status(store: RunStore) -> str:
    if store.is_busy():
        return "[yellow]running[/]"
    if not store.missing(store.requested):
        return "[green]complete[/]"
    return "[red]incomplete[/] (rerun its command to resume)"
