"""Animations: the school floor by floor over time, the lattice spreading over its map.

Frames are drawn with matplotlib: the plan once, then only what moves (the agents, the counts
in the legend, the clock) is drawn over a copy of it, which is about twenty times quicker than
drawing the whole figure per frame. GIFs are written with Pillow (each frame's palette by the
fast octree quantiser), MP4 with imageio and the ffmpeg that the ``imageio-ffmpeg`` wheel ships,
so nothing needs a system install: ``pip install 'hyosan[animation]'``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from hyosan.errors import HyosanError
from hyosan.files import replacing, write_whole
from hyosan.report.building import FloorView, take_index
from hyosan.report.lattice import (
    HEAT_MAPS,
    count_norm,
    heat_map,
    map_frame,
    population_grid,
    snapshot_picks,
    state_index,
)
from hyosan.report.style import figure_style, state_label

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from hyosan.result import Result

FORMATS = (".gif", ".mp4")
Progress = Callable[[int, int], None]


def can_animate(result: Result) -> bool:
    """Whether ``result`` holds something to animate (a building's frames or lattice snapshots)."""
    return (
        "frames_pos" in result.arrays
        and "frames_state" in result.arrays
        and bool(result.meta.get("plan"))
    ) or "snapshots" in result.arrays


QUIET_SHARE = 0.25
"""The share of an animation's frames spread evenly over time; the rest follow the events."""


def pick_frames(total: int, limit: int) -> list[int]:
    """At most ``limit`` frame numbers spread evenly over ``total``, first and last included."""
    if total <= limit:
        return list(range(total))
    return sorted(set(np.linspace(0, total - 1, limit).round().astype(int).tolist()))


def event_frames(states: np.ndarray, limit: int, quiet: float = QUIET_SHARE) -> list[int]:
    """At most ``limit`` frame numbers, dense where things happen: ``states`` is (frames,
    agents); a frame's weight is ``quiet`` spread evenly plus the rest in proportion to how
    many agents changed state since the frame before. First and last are included.

    In a 72-hour take of Hyosan High almost every infection falls in the first hours: evenly
    spaced frames give those hours two frames, these give them most of the film."""
    total = int(states.shape[0])
    if total <= limit:
        return list(range(total))
    changes = np.zeros(total)
    changes[1:] = np.count_nonzero(np.diff(states.astype(np.int16), axis=0), axis=1)
    weight = np.full(total, quiet / total)
    if changes.sum() > 0:
        weight += (1 - quiet) * changes / changes.sum()
    else:
        weight += (1 - quiet) / total
    cumulative = np.cumsum(weight)
    targets = np.linspace(cumulative[0], cumulative[-1], limit)
    picked = {0, total - 1, *np.searchsorted(cumulative, targets).clip(0, total - 1).tolist()}
    rest = [f for f in range(total) if f not in picked]  # a busy moment drew one frame twice
    missing = max(0, limit - len(picked))
    if missing and rest:
        picked |= {rest[i] for i in np.linspace(0, len(rest) - 1, missing).round().astype(int)}
    return sorted(picked)


def building_picks(result: Result, take: int | None, limit: int) -> list[int]:
    """The frames an animation of one building take shows (:func:`event_frames`)."""
    index = take_index(result, take)
    return event_frames(np.asarray(result.arrays["frames_state"][index]), limit)


def _pixels(figure: Figure) -> np.ndarray:
    figure.canvas.draw()
    rgba = np.asarray(figure.canvas.buffer_rgba())  # type: ignore[attr-defined]
    return rgba[..., :3].copy()


def building_frames(
    result: Result, *, take: int | None = None, max_frames: int = 120, dpi: int = 80
) -> Iterator[np.ndarray]:
    """RGB images of every floor, one per frame (at most ``max_frames``, dense where people
    change state: :func:`event_frames`), for one take (default: the typical take)."""
    import matplotlib.pyplot as plt

    from hyosan.report.shown import shown_take

    take = shown_take(result, take).take
    view = FloorView(result, take, width=10.0, labels="short")
    view.figure.set_dpi(dpi)
    try:
        yield from _blitted(view, building_picks(result, take, max_frames))
    finally:
        plt.close(view.figure)


def _blitted(view: FloorView, frames: list[int]) -> Iterator[np.ndarray]:
    """The frames of ``view``: the plan is drawn once (and laid out once); for each frame only
    the agents, the legend and the title are drawn over a copy of it."""
    figure = view.figure
    canvas: Any = figure.canvas
    view.show(frames[0])
    title = figure.suptitle(figure.get_suptitle(), fontweight="bold")
    moving: list[Any] = [*view.scatters, view.legend, title]
    for artist in moving:
        artist.set_animated(True)
    canvas.draw()
    background = canvas.copy_from_bbox(figure.bbox)
    for frame in frames:
        view.show(frame)
        canvas.restore_region(background)
        for artist in moving:
            figure.draw_artist(artist)
        yield np.asarray(canvas.buffer_rgba())[..., :3].copy()


def lattice_frames(
    result: Result, *, take: int | None = None, state: str = "Z", dpi: int = 80
) -> Iterator[np.ndarray]:
    """RGB images of the map at each snapshot time of one take, the count of ``state`` per cell."""
    import matplotlib.pyplot as plt

    snaps = result.arrays.get("snapshots")
    if snaps is None:
        raise HyosanError.one("no snapshots array", where="arrays", allowed="a lattice result")
    i = take_index(result, take)
    k = result.takes[i] if result.takes else 1
    s = state_index(result, state)
    data = np.asarray(snaps[i, :, s], dtype=float)
    picks = snapshot_picks(result, i, len(data), s)  # from the first zombie to the run's end
    frame = map_frame(result)
    name = result.meta.get("map") or result.provenance.get("scenario", "lattice")
    with figure_style():
        fig = plt.figure(figsize=(6.4, 5.0), dpi=dpi, layout="constrained")
        ax = fig.add_subplot()
        norm = count_norm(data[[j for j, _ in picks]])
        people = population_grid(snaps, i)
        cmap = HEAT_MAPS.get(state, "viridis")
        image = heat_map(ax, people, data[picks[0][0]], frame, norm, cmap, ylabel=True)
        fig.colorbar(image, ax=ax, label=f"{state_label(state)}s per cell (log scale)")
    try:
        for j, title in picks:
            image.set_data(np.ma.masked_less_equal(data[j], 0))
            ax.set_title(f"{name}, take {k}: {title}")
            yield _pixels(fig)
    finally:
        plt.close(fig)


def frames_for(result: Result, **options: Any) -> Iterator[np.ndarray]:
    """The frames of whichever animation ``result`` supports."""
    if "frames_pos" in result.arrays:
        return building_frames(result, **options)
    if "snapshots" in result.arrays:
        return lattice_frames(result, **{k: v for k, v in options.items() if k != "max_frames"})
    raise HyosanError.one(
        "nothing to animate",
        where="arrays",
        value=sorted(result.arrays),
        allowed="a building result (frames_pos, frames_state) or a lattice result (snapshots)",
    )


def write_animation(frames: Iterator[np.ndarray], path: str | Path, *, fps: float = 6.0) -> Path:
    """Write RGB frames to a GIF or MP4 file, chosen by the file's suffix."""
    out = Path(path)
    if out.suffix.lower() not in FORMATS:
        raise HyosanError.one(
            "unknown animation format", where="output", value=out.name, allowed=", ".join(FORMATS)
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".gif":
        _write_gif(frames, out, fps)
    else:
        imageio = _imageio()
        with (
            replacing(out) as tmp,
            imageio.get_writer(
                tmp,
                format="FFMPEG",
                fps=fps,
                codec="libx264",
                macro_block_size=1,
                pixelformat="yuv420p",
                ffmpeg_log_level="error",
            ) as writer,
        ):
            for image in frames:
                writer.append_data(_even(image))
    return out


def _write_gif(frames: Iterator[np.ndarray], out: Path, fps: float) -> None:
    """A looping GIF, each frame reduced to its own 256 colours by Pillow's fast octree
    quantiser (about five times quicker than an adaptive palette); written atomically."""
    from PIL import Image

    images = [
        Image.fromarray(image).quantize(
            256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
        )
        for image in frames
    ]
    if not images:
        raise HyosanError.one("no frames to animate", where="output", value=out.name)
    write_whole(
        out,
        lambda tmp: images[0].save(
            tmp,
            format="GIF",
            save_all=True,
            append_images=images[1:],
            duration=round(1000.0 / fps),
            loop=0,
        ),
    )


def animate(result: Result, path: str | Path, *, fps: float = 6.0, **options: Any) -> Path:
    """Animate ``result`` (the school floor by floor, or the lattice map) to GIF or MP4."""
    return write_animation(frames_for(result, **options), path, fps=fps)


def animation_gif(result: Result, *, fps: float = 6.0, **options: Any) -> bytes:
    """The animation as GIF bytes, for inlining in the HTML report."""
    with tempfile.TemporaryDirectory() as tmp:
        file = animate(result, Path(tmp) / "a.gif", fps=fps, **options)
        return file.read_bytes()


def _even(image: np.ndarray) -> np.ndarray:
    """Pad to even height and width, as yuv420p video needs."""
    h, w = image.shape[:2]
    return np.pad(image, ((0, h % 2), (0, w % 2), (0, 0)), mode="edge")


def _imageio() -> Any:
    try:
        import imageio.v2 as imageio
    except ImportError:
        raise HyosanError.one(
            "animations need imageio",
            where="install",
            allowed="pip install 'hyosan[animation]'",
        ) from None
    return imageio
