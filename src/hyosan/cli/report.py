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
    take: Annotated[
        int | None,
        typer.Option(
            help="The take whose floors, tree, rooms, story and animation are shown (default: "
            "the typical take, whose survivors are the median of the takes)."
        ),
    ] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
) -> None:
    """Write one self-contained HTML report of a stored run: it opens offline, anywhere.

    The figures of one take show the take asked for (--take), else the typical take; the
    report says which and why.
    """
    import matplotlib

    matplotlib.use("Agg")
    from hyosan.report.html import REPORT_FILE, write_report
    from hyosan.report.load import load_for_report
    from hyosan.report.panels import panels_for
    from hyosan.report.shown import shown_take

    if out is not None:
        output_file(out, "--out")  # checked before the work; the default once the run is read
    loaded = load_for_report(run)
    shown = shown_take(loaded.result, take)  # a take the run lacks: an error before drawing
    target = output_file(out or run / REPORT_FILE, "--out")
    for note in loaded.notes:
        console_err.print(f"[yellow]warning:[/] {note}", highlight=False)
    steps = len(panels_for(loaded.result)) + int(animation)
    with _progress("steps", progress) as bar:
        task = bar.add_task("drawing", total=steps)

        def step(name: str) -> None:
            bar.update(task, advance=1, description=f"drawing {name}")

        path, made = write_report(loaded, target, animate=animation, step=step, take=take)
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
    console.print(f"figures of one take show {shown.why}", highlight=False)
    console.print(f"report ({made.figures} figures) written to [bold]{path}[/]")


@app.command()
def animate(
    run: Annotated[Path, typer.Argument(help="Result or run directory (building or lattice).")],
    out: Annotated[
        Path | None, typer.Option(help="GIF or MP4 file (default RUN/animation.gif).")
    ] = None,
    take: Annotated[
        int | None, typer.Option(help="Which take (default: the typical take, as the report).")
    ] = None,
    fps: Annotated[float, typer.Option(min=0.5, max=60, help="Frames per second.")] = 6.0,
    max_frames: Annotated[int, typer.Option(min=2, help="At most this many frames.")] = 200,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
) -> None:
    """Animate a run: the school floor by floor, or the lattice spreading over its map."""
    import matplotlib

    matplotlib.use("Agg")
    from hyosan.report.animate import building_frames, building_picks, frames_for, write_animation
    from hyosan.report.load import load_any

    if out is not None:
        output_file(out, "--out")
    result = load_any(run)
    target = output_file(out or run / "animation.gif", "--out")
    options: dict[str, object] = {"take": take}
    if "frames_pos" in result.arrays:
        options["max_frames"] = max_frames
        from hyosan.report.shown import shown_take

        take = shown_take(result, take).take
        total = len(building_picks(result, take, max_frames))
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
