"""``hyosan validate``: check a scenario file without running it."""

from __future__ import annotations

from typing import Annotated

import typer

from hyosan.cli.app import app, console


@app.command()
def validate(
    target: Annotated[str, typer.Argument(help="Scenario file, shipped scenario or model name.")],
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="Override a key: name=value (repeatable).")
    ] = None,
) -> None:
    """Check a scenario and say what it will run."""
    from hyosan.scenario import load_scenario

    scenario = load_scenario(target, set_ or [])
    console.print(
        f"[green]ok[/]: {scenario.name} — engine {scenario.engine}, "
        f"{scenario.takes} take(s), seed {scenario.seed}"
    )
