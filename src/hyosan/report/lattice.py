"""Lattice results drawn: maps of a state at snapshot times, and when each cell was reached.

Reads the arrays ``snapshots`` (take, time, state, row, col) and ``reached`` (take, row, col),
``meta["snapshot_times"]``, ``meta["states"]``, ``meta["extent"]`` and the ``places`` table, as
docs/results.md describes them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from hyosan.errors import HyosanError
from hyosan.report.building import take_index
from hyosan.report.plots import new_axes
from hyosan.report.style import figure_style, state_label

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.image import AxesImage

    from hyosan.result import Result

STATE_MAPS = {"S": "Blues", "E": "Oranges", "Z": "Reds", "H": "RdPu", "R": "Greys"}


def map_frame(result: Result) -> dict[str, Any]:
    """imshow keywords and axis labels for the result's map: degrees, metres or plain cells."""
    extent = result.meta.get("extent")
    if isinstance(extent, list | tuple) and len(extent) == 4:
        west, east, south, north = (float(v) for v in extent)
        unit = result.meta.get("extent_units") or result.meta.get("extent_unit")
        if unit is None:  # docs/results.md: degrees or metres
            unit = "deg" if max(map(abs, extent)) <= 180 else "m"
        if str(unit).lower() in ("deg", "degree", "degrees", "°"):
            return {
                "extent": (west, east, south, north),
                "xlabel": "longitude (°E)",
                "ylabel": "latitude (°N)",
            }
        return {
            "extent": (west, east, south, north),
            "xlabel": f"x ({unit})",
            "ylabel": f"y ({unit})",
        }
    return {"extent": None, "xlabel": "column (cells)", "ylabel": "row (cells)"}


def draw_map(
    ax: Axes,
    data: np.ndarray,
    frame: dict[str, Any],
    cmap: str,
    vmin: float | None = None,
    vmax: float | None = None,
    *,
    ylabel: bool = True,
) -> AxesImage:
    """Draw one lattice map on ``ax``: a pixel per cell, north up, axes in the map's units."""
    image = ax.imshow(
        data,
        cmap=cmap,
        vmin=vmin,
        vmax=vmax,
        extent=frame["extent"],
        interpolation="nearest",
        origin="upper",
    )
    ax.grid(False)
    ax.set_xlabel(frame["xlabel"])
    if ylabel:
        ax.set_ylabel(frame["ylabel"])
    return image


def _cell_to_map(
    result: Result, row: float, col: float, shape: tuple[int, int]
) -> tuple[float, float]:
    frame = map_frame(result)
    if frame["extent"] is None:
        return col, row
    west, east, south, north = frame["extent"]
    x = west + (col + 0.5) * (east - west) / shape[1]
    y = north - (row + 0.5) * (north - south) / shape[0]
    return x, y


LABELLED_LARGEST = 6
LABELLED_LAST = 4


def _places(result: Result, ax: Axes, take: int, shape: tuple[int, int]) -> None:
    """Mark every place; name only the largest and those reached last, so a country stays legible."""
    places = result.tables.get("places")
    if places is None or places.empty:
        return
    mine = places[places["take"] == take] if "take" in places else places
    mine = mine.drop_duplicates("place")
    xy = [
        _cell_to_map(result, float(r), float(c), shape)
        for r, c in zip(mine["row"], mine["col"], strict=True)
    ]
    xs, ys = zip(*xy, strict=True)
    ax.plot(xs, ys, marker="^", ms=3 if len(mine) > 50 else 5, color="black", ls="")
    named = set(mine.nlargest(LABELLED_LARGEST, "population")["place"])
    if "t_reached" in mine:
        last = mine.assign(t=mine["t_reached"].fillna(float("inf")))
        named |= set(last.nlargest(LABELLED_LAST, "t")["place"])
    for (x, y), place in zip(xy, mine["place"], strict=True):
        if place in named:
            ax.annotate(str(place), (x, y), xytext=(3, 3), textcoords="offset points", fontsize=7)


def widest_take(result: Result) -> int | None:
    """The take whose outbreak reached the most cells (the first of equals), to show the spread."""
    reached = result.arrays.get("reached")
    if reached is None or not result.takes:
        return None
    share = np.isfinite(np.asarray(reached, dtype=float)).mean(axis=(1, 2))
    return result.takes[int(np.argmax(share))]


def state_index(result: Result, state: str) -> int:
    """Position of ``state`` along the snapshots' state axis (``meta["states"]``)."""
    states = [str(s) for s in result.meta.get("states") or result.states]
    if state not in states:
        raise HyosanError.one(
            "no such lattice state", where="state", value=state, allowed=", ".join(states)
        )
    return states.index(state)


def plot_snapshots(
    result: Result, *, take: int | None = None, state: str = "Z", count: int = 4
) -> Figure:
    """The count of ``state`` in each cell at up to ``count`` snapshot times of one take."""
    import matplotlib.pyplot as plt

    snaps = result.arrays.get("snapshots")
    if snaps is None:
        raise HyosanError.one("no snapshots array", where="arrays", allowed="a lattice result")
    i = take_index(result, take)
    k = result.takes[i] if result.takes else 1
    s = state_index(result, state)
    times = np.asarray(result.meta.get("snapshot_times", np.arange(snaps.shape[1])), dtype=float)
    picks = np.unique(np.linspace(0, snaps.shape[1] - 1, min(count, snaps.shape[1])).round())
    data = snaps[i, :, s].astype(float)
    vmax = max(float(np.nanmax(data)), 1.0)
    frame = map_frame(result)
    unit = result.meta.get("time_unit", "")
    with figure_style():
        fig = plt.figure(figsize=(3.2 * len(picks) + 1.2, 3.8), layout="constrained")
        axes = fig.subplots(1, len(picks), squeeze=False)[0]
        image = None
        for ax, j in zip(axes, picks.astype(int), strict=True):
            image = draw_map(
                ax, data[j], frame, STATE_MAPS.get(state, "viridis"), 0, vmax, ylabel=ax is axes[0]
            )
            ax.set_title(f"t = {times[j]:g} {unit}".strip())
            _places(result, ax, k, data.shape[1:])
        assert image is not None
        fig.colorbar(image, ax=list(axes), label=f"{state_label(state)}s per cell (individuals)")
        name = result.meta.get("map") or result.provenance.get("scenario", "lattice")
        fig.suptitle(f"{name}, take {k}: {state_label(state)}s over time", fontweight="bold")
    return fig


def plot_reached(result: Result, ax: Axes | None = None, *, take: int | None = None) -> Axes:
    """When each cell first held a zombie in one take; never-reached cells left blank."""
    reached = result.arrays.get("reached")
    if reached is None:
        raise HyosanError.one("no reached array", where="arrays", allowed="a lattice result")
    i = take_index(result, take)
    k = result.takes[i] if result.takes else 1
    grid = np.asarray(reached[i], dtype=float)
    if ax is None:
        ax = new_axes((6.5, 5.0))
    frame = map_frame(result)
    unit = result.meta.get("time_unit", "")
    with figure_style():
        image = draw_map(ax, np.ma.masked_invalid(grid), frame, "viridis_r")
        share = float(np.isfinite(grid).mean())
        ax.set_title(f"time first reached, take {k} ({share:.0%} of cells reached)")
        ax.figure.colorbar(image, ax=ax, label=f"time reached ({unit})" if unit else "time reached")
        _places(result, ax, k, grid.shape)
    return ax


def plot_reach_chance(result: Result, ax: Axes | None = None) -> Axes:
    """Over all takes: the fraction of takes in which each cell was reached."""
    reached = result.arrays.get("reached")
    if reached is None:
        raise HyosanError.one("no reached array", where="arrays", allowed="a lattice result")
    chance = np.isfinite(np.asarray(reached, dtype=float)).mean(axis=0)
    if ax is None:
        ax = new_axes((6.5, 5.0))
    frame = map_frame(result)
    with figure_style():
        image = draw_map(ax, chance, frame, "magma_r", 0, 1)
        ax.set_title(f"chance each cell is reached, over {reached.shape[0]} takes")
        ax.figure.colorbar(image, ax=ax, label="fraction of takes reached")
    return ax
