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
    import pandas as pd
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


LABELLED = 8
"""At most this many places are named on a map: the largest whose labels do not overlap."""


def _places(result: Result, ax: Axes, take: int, shape: tuple[int, int]) -> None:
    """Name the largest places, a dot each, skipping any whose label would overlap one already
    drawn or leave the map: a country of 7,000 places stays legible. Maps without places get
    no marks at all."""
    places = result.tables.get("places")
    if places is None or places.empty:
        return
    mine = places[places["take"] == take] if "take" in places else places
    mine = mine.drop_duplicates("place").nlargest(LABELLED * 4, "population")
    figure = ax.get_figure(root=True)
    assert figure is not None
    figure.draw_without_rendering()  # settle the layout, so label boxes are where they stay
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    frame = ax.get_window_extent(renderer)
    boxes: list[Any] = []
    for place, row, col in zip(mine["place"], mine["row"], mine["col"], strict=True):
        x, y = _cell_to_map(result, float(row), float(col), shape)
        for dx, align in ((4, "left"), (-4, "right")):  # right of the dot, else left of it
            label = ax.annotate(
                str(place),
                (x, y),
                xytext=(dx, 3),
                textcoords="offset points",
                ha=align,
                fontsize=7,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "alpha": 0.75, "lw": 0},
            )
            label.set_in_layout(False)
            box = label.get_window_extent(renderer)
            inside = (
                frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0
                and box.y1 <= frame.y1
            )  # fmt: skip
            if inside and not any(box.overlaps(other) for other in boxes):
                break
            label.remove()
        else:
            continue
        boxes.append(box)
        ax.plot([x], [y], marker="o", ms=3.5, mfc="white", mec="black", mew=0.8, ls="")
        if len(boxes) == LABELLED:
            break


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


def snapshot_picks(result: Result, i: int, count: int, s: int) -> list[tuple[int, str]]:
    """Up to ``count`` snapshots of take position ``i`` worth showing, each with its title.

    From the first snapshot holding a zombie to the last one taken while the run was going: a
    run that stopped early (a bond lattice whose front reached the edge) has no snapshot after
    its stop, and its last one says when and why it stopped.
    """
    snaps = result.arrays["snapshots"]
    times = np.asarray(result.meta.get("snapshot_times", np.arange(snaps.shape[1])), dtype=float)
    unit = str(result.meta.get("time_unit", ""))
    final = result.final
    row = final[final["take"] == result.takes[i]] if "take" in final else final.iloc[:0]
    stop = float(row["t_stop"].iloc[0]) if "t_stop" in row and len(row) else float("inf")
    why = str(row["stopped"].iloc[0]) if "stopped" in row and len(row) else ""
    # the first snapshot at or after the stop holds the state at the stop; later ones repeat it
    kept = int(np.searchsorted(times, stop - 1e-9)) + 1 if np.isfinite(stop) else len(times)
    kept = min(kept, len(times))
    active = np.flatnonzero(snaps[i, :kept, s].reshape(kept, -1).sum(axis=1) > 0)
    first = int(active[0]) if len(active) else 0
    picks = np.unique(np.linspace(first, kept - 1, min(count, kept - first)).round().astype(int))
    titled = []
    for j in picks:
        at = min(float(times[j]), stop)
        title = f"t = {at:g} {unit}".strip()
        if j == kept - 1 and np.isfinite(stop) and why not in ("", "t_end"):
            title = f"t = {stop:.4g} {unit}: stopped, {why}".replace("  ", " ")
        titled.append((int(j), title))
    return titled


HEAT_MAPS = {**STATE_MAPS, "Z": "autumn_r"}
"""Colour maps of the heat maps: zombies in yellow to red, bright over the grey population."""


def count_norm(shown: np.ndarray) -> Any:
    """A log colour scale over the positive counts shown (at least one decade, up to four)."""
    from matplotlib.colors import LogNorm

    positive = shown[shown > 0]
    vmax = max(float(positive.max()) if positive.size else 1.0, 1.0)
    vmin = max(float(positive.min()) if positive.size else 1.0, vmax * 1e-4)
    return LogNorm(vmin=min(vmin, vmax / 10), vmax=vmax, clip=True)


def population_grid(snaps: np.ndarray, i: int) -> np.ndarray:
    """People per cell at the first snapshot (every state), the grey ground of the maps."""
    return np.asarray(snaps[i, 0].sum(axis=0), dtype=float)


def heat_map(ax: Axes, people: np.ndarray, count: np.ndarray, frame: dict[str, Any], norm: Any,
          cmap: str, *, ylabel: bool) -> AxesImage:  # fmt: skip
    """People in grey (log scale), the state's count per cell over them in colour (log scale);
    cells without any are see-through, so a thin front shows on a country map."""
    from matplotlib.colors import LogNorm

    ground = np.ma.masked_less_equal(people, 0)
    if ground.count():
        top = float(ground.max())
        shade = LogNorm(vmin=max(top * 1e-4, float(ground.min())), vmax=top, clip=True)
        draw_map(ax, ground, frame, "Greys", ylabel=ylabel).set_norm(shade)
        ax.images[-1].set_alpha(0.35)
    image = draw_map(ax, np.ma.masked_less_equal(count, 0), frame, cmap, ylabel=ylabel)
    image.set_norm(norm)
    return image


def plot_snapshots(
    result: Result, *, take: int | None = None, state: str = "Z", count: int = 4
) -> Figure:
    """The count of ``state`` per cell at up to ``count`` snapshot times of one take.

    Log colour scale over the population in grey, so a few zombies in one cell of a country
    show; the snapshots run from the first zombie to the end of the run (or its stop), and the
    largest named places are labelled.
    """
    import matplotlib.pyplot as plt

    snaps = result.arrays.get("snapshots")
    if snaps is None:
        raise HyosanError.one("no snapshots array", where="arrays", allowed="a lattice result")
    i = take_index(result, take)
    k = result.takes[i] if result.takes else 1
    s = state_index(result, state)
    picks = snapshot_picks(result, i, count, s)
    data = snaps[i, :, s].astype(float)
    norm = count_norm(data[[j for j, _ in picks]])
    frame = map_frame(result)
    people = population_grid(snaps, i)
    cmap = HEAT_MAPS.get(state, "viridis")
    with figure_style():
        fig = plt.figure(figsize=(3.4 * len(picks) + 1.2, 3.9), layout="constrained")
        axes = fig.subplots(1, len(picks), squeeze=False)[0]
        image = None
        for ax, (j, title) in zip(axes, picks, strict=True):
            image = heat_map(ax, people, data[j], frame, norm, cmap, ylabel=ax is axes[0])
            ax.set_title(title, fontsize=9)
        assert image is not None
        fig.colorbar(image, ax=list(axes), label=f"{state_label(state)}s per cell (log scale)")
        for ax in axes:
            _places(result, ax, k, data.shape[1:])
        name = result.meta.get("map") or result.provenance.get("scenario", "lattice")
        fig.suptitle(
            f"{name}, take {k}: {state_label(state)}s per cell, people in grey",
            fontweight="bold",
        )
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


HIDING_PLACES = 12
"""Rows of the report's "where to hide" table."""


def hiding_places(result: Result, n: int = HIDING_PLACES) -> tuple[pd.DataFrame, str]:
    """The ``n`` safest named places over the takes, formatted to be read, and a sentence on
    the rest.

    Safest first: reached in the fewest takes, then reached latest (median over the takes that
    reached it), then the most people. People are whole numbers (``3,820,914``); a place never
    reached says "never", not NaN.
    """
    import pandas as pd

    places = result.tables.get("places")
    if places is None or places.empty or "t_reached" not in places:
        return pd.DataFrame(), ""
    takes = max(int(places["take"].nunique()) if "take" in places else 1, 1)
    t = pd.to_numeric(places["t_reached"], errors="coerce")
    frame = places.assign(hit=t.notna(), t=t)
    grouped = frame.groupby("place", sort=False)
    table = pd.DataFrame(
        {
            "people": grouped["population"].first() if "population" in frame else 0.0,
            "hit": grouped["hit"].sum(),
            "median": grouped["t"].median(),
        }
    )
    table = table.sort_values(
        ["hit", "median", "people"], ascending=[True, False, False], na_position="first"
    )
    unit = str(result.meta.get("time_unit", ""))
    shown = table.head(n)
    out = pd.DataFrame(
        {
            "place": shown.index.astype(str),
            "people": [f"{p:,.0f}" for p in shown["people"]],
            "reached in": [f"{int(h)} of {takes} take{'s' * (takes > 1)}" for h in shown["hit"]],
            f"median arrival ({unit})".replace(" ()", ""): [
                "never" if m != m else f"{m:,.1f}" for m in shown["median"]
            ],
        }
    )
    never = int((table["hit"] == 0).sum())
    note = (
        f"{len(table):,} named places; {never:,} never reached in any take"
        + (f" (the {len(shown)} largest of them listed)" if never > len(shown) else "")
        + "."
    )
    return out, note
