"""``hyosan report`` and ``hyosan animate``: see a stored run, as an HTML page or a moving picture."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import Progress
from rich.table import Table

from hyosan.cli.app import app, console, console_err
from hyosan.cli.outputs import output_file

if TYPE_CHECKING:
    import numpy as np


def _progress(unit: str, enabled: bool) -> Progress:
    from hyosan.ensemble.progress import make_progress

    return make_progress(unit, console_err, enabled=enabled)


@app.command()
def report(
    run: Annotated[Path, typer.Argument(help="Result or run directory (from `hyosan run`).")],
    out: Annotated[
        Path | None, typer.Option(help="HTML file to write (default RUN/report.html).")
    ] = None,
    animation: Annotated[
        bool, typer.Option(help="Inline an animation (building and lattice results).")
    ] = True,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
) -> None:
    """Write one self-contained HTML report of a stored run: it opens offline, anywhere."""
    import matplotlib

    matplotlib.use("Agg")
    from hyosan.report.html import REPORT_FILE, write_report
    from hyosan.report.load import load_for_report
    from hyosan.report.panels import panels_for

    if out is not None:
        output_file(out, "--out")  # checked before the work; the default once the run is read
    loaded = load_for_report(run)
    target = output_file(out or run / REPORT_FILE, "--out")
    for note in loaded.notes:
        console_err.print(f"[yellow]warning:[/] {note}", highlight=False)
    steps = len(panels_for(loaded.result)) + int(animation)
    with _progress("steps", progress) as bar:
        task = bar.add_task("drawing", total=steps)

        def step(name: str) -> None:
            bar.update(task, advance=1, description=f"drawing {name}")

        path, made = write_report(loaded, target, animate=animation, step=step)
    for note in made.notes[len(loaded.notes) :]:
        console_err.print(f"[yellow]note:[/] {note}", highlight=False)
    table = Table(title=f"report of {made.title}", show_header=True)
    table.add_column("section", style="bold")
    table.add_column("content")
    for title in made.drawn:
        table.add_row("figure", title)
    for _, heading, _ in made.sections:
        if heading not in ("Figures", "Animation"):
            table.add_row("section", heading)
    console.print(table)
    console.print(f"report ({made.figures} figures) written to [bold]{path}[/]")


@app.command()
def animate(
    run: Annotated[Path, typer.Argument(help="Result or run directory (building or lattice).")],
    out: Annotated[
        Path | None, typer.Option(help="GIF or MP4 file (default RUN/animation.gif).")
    ] = None,
    take: Annotated[int | None, typer.Option(help="Which take (default: the first).")] = None,
    fps: Annotated[float, typer.Option(min=0.5, max=60, help="Frames per second.")] = 6.0,
    max_frames: Annotated[int, typer.Option(min=2, help="At most this many frames.")] = 200,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
) -> None:
    """Animate a run: the school floor by floor, or the lattice spreading over its map."""
    import matplotlib

    matplotlib.use("Agg")
    from hyosan.report.animate import building_frames, frames_for, pick_frames, write_animation
    from hyosan.report.load import load_any

    if out is not None:
        output_file(out, "--out")
    result = load_any(run)
    target = output_file(out or run / "animation.gif", "--out")
    options: dict[str, object] = {"take": take}
    if "frames_pos" in result.arrays:
        options["max_frames"] = max_frames
        total = len(pick_frames(int(result.arrays["frames_pos"].shape[1]), max_frames))
        frames = building_frames(result, take=take, max_frames=max_frames)
    else:
        frames = frames_for(result, take=take)
        snaps = result.arrays.get("snapshots")
        total = int(snaps.shape[1]) if snaps is not None else 0
    with _progress("frames", progress) as bar:
        task = bar.add_task("frames", total=total)

        def counted() -> Iterator[np.ndarray]:
            for image in frames:
                yield image
                bar.advance(task)

        path = write_animation(counted(), target, fps=fps)
    console.print(f"animation written to [bold]{path}[/]")
