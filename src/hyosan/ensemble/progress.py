"""A Rich progress bar for ensembles: takes done, rate and time left."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from hyosan.ensemble.ensemble import Progress as Callback


class RateColumn(ProgressColumn):
    """Takes per second (or seconds per take when slower than one a second)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if not speed:
            return Text("… takes/s", style="progress.data.speed")
        text = f"{speed:,.1f} takes/s" if speed >= 1 else f"{1 / speed:,.1f} s/take"
        return Text(text, style="progress.data.speed")


@contextlib.contextmanager
def progress_bar(
    label: str, console: Console | None = None, enabled: bool = True
) -> Iterator[Callback | None]:
    """A callback for :meth:`Ensemble.run` that draws a bar (None when disabled)."""
    if not enabled:
        yield None
        return
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("takes"),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
