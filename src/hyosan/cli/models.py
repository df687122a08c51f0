"""``hyosan models``: the catalog of published models, one line each."""

from __future__ import annotations

from rich.table import Table

from hyosan.cli.app import app, console


@app.command()
def models() -> None:
    """List the compartmental models hyosan ships, with their sources."""
    from hyosan.compartmental.catalog import CATALOG

    table = Table(title="compartmental models", show_lines=False)
    table.add_column("name", style="bold")
    table.add_column("species")
    table.add_column("what it is")
    table.add_column("source", style="dim")
    for name, entry in CATALOG.items():
        table.add_row(name, " ".join(entry.network.species), entry.summary, entry.source)
    console.print(table)
