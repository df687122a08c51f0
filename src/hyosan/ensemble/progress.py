"""Progress bars for whatever a user waits on: takes of an ensemble, figures, frames, fits.

Every bar reads ``label ━━━━ 12/17 takes · 3.1 takes/s · elapsed 0:00:04 · remaining 0:00:02``:
elapsed and remaining are labelled, so neither can be taken for the other.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
)
from rich.text import Text

Callback = Callable[[int, int], None]
"""Called with (items finished, items to do), as :meth:`Ensemble.run` does after each chunk."""

Step = Callable[..., None]
"""Called once per item finished; an optional text names the item."""


class RateColumn(ProgressColumn):
    """Items per second (or seconds per item when slower than one a second)."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        singular = self.unit.removesuffix("s")
        if not speed:
            return Text(f"… {self.unit}/s", style="progress.data.speed")
        text = f"{speed:,.1f} {self.unit}/s" if speed >= 1 else f"{1 / speed:,.1f} s/{singular}"
        return Text(text, style="progress.data.speed")


class TimesColumn(ProgressColumn):
    """``elapsed H:MM:SS · remaining H:MM:SS`` (remaining only once it can be estimated)."""

    def render(self, task: Task) -> Text:
        elapsed = task.finished_time if task.finished else task.elapsed
        text = f"elapsed {_clock(elapsed)}"
        if not task.finished:
            left = task.time_remaining
            text += f" · remaining {_clock(left) if left is not None else '…'}"
        return Text(text, style="progress.elapsed")


def _clock(seconds: float | None) -> str:
    whole = int(seconds or 0)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def interactive(stream: object | None = None) -> bool:
    """Whether progress should be drawn by default: a terminal, or a Jupyter notebook."""
    stream = sys.stderr if stream is None else stream
    isatty = getattr(stream, "isatty", None)
    if callable(isatty) and isatty():
        return True
    shell = sys.modules.get("IPython")
    get = getattr(shell, "get_ipython", None)
    kernel = get() if callable(get) else None
    return kernel is not None and "ZMQInteractiveShell" in type(kernel).__name__


def _columns(unit: str) -> tuple[ProgressColumn, ...]:
    return (
        TextColumn("[bold]{task.description}"),
        BarColumn(bar_width=24),
        MofNCompleteColumn(),
        TextColumn(unit),
        RateColumn(unit),
        TimesColumn(),
    )


def make_progress(
    unit: str, console: Console | None = None, transient: bool = True, enabled: bool = True
) -> Progress:
    """A Rich progress display with this module's columns, counting ``unit``."""
    return Progress(*_columns(unit), console=console, transient=transient, disable=not enabled)


@contextlib.contextmanager
def progress_bar(
    label: str,
    console: Console | None = None,
    enabled: bool = True,
    *,
    unit: str = "takes",
    transient: bool = False,
) -> Iterator[Callback | None]:
    """A ``(done, total)`` callback for :meth:`Ensemble.run` that draws a bar (None when
    disabled). The bar counts what is still to do: a resumed run shows the takes left."""
    if not enabled:
        yield None
        return
    with make_progress(unit, console, transient) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


@contextlib.contextmanager
def steps_bar(
    label: str,
    total: int | None,
    console: Console | None = None,
    enabled: bool = True,
    *,
    unit: str = "steps",
) -> Iterator[Step]:
    """A callback advancing a bar by one item per call, ``step()`` or ``step("what")``;
    the optional text is shown after the label. Disabled, the callback does nothing."""
    if not enabled:
        yield _nothing
        return
    with make_progress(unit, console) as bar:
        task = bar.add_task(label, total=total)

        def step(what: str | None = None) -> None:
            text = label if what is None else f"{label}: {what}"
            bar.update(task, advance=1, description=text)

        yield step


def _nothing(*_: object) -> None:
    """The step of a disabled bar."""
