"""Building results drawn: the floor plan with every agent coloured by state, and the fates.

Reads only what docs/results.md promises a building result holds: ``meta["plan"]`` (floors of
text rows), ``meta["legend"]`` (character → meaning), ``meta["state_codes"]``,
``meta["frame_times"]``, the arrays ``frames_pos`` (take, frame, agent, floor/row/col) and
``frames_state`` (take, frame, agent), and the ``fates`` table.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from hyosan.errors import HyosanError
from hyosan.outcomes import FATE_WORDS, SURVIVED
from hyosan.report.style import colour_for, every, figure_style, state_label

if TYPE_CHECKING:
    from collections.abc import Callable

    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.collections import PathCollection
    from matplotlib.colorbar import Colorbar
    from matplotlib.figure import Figure
    from matplotlib.image import AxesImage

    from hyosan.result import Result

CELL_COLOURS = (
    ("nothing", "#ffffff"),
    ("wall", "#4a4a4a"),
    ("door", "#c8a165"),
    ("window", "#a6d8f0"),
    ("ledge", "#6f9fbf"),
    ("stair", "#b0b0b0"),
    ("outside", "#e4eedb"),
    ("court", "#e4eedb"),
    ("ground", "#e4eedb"),
)
"""A plan cell's colour by the first of these words its legend meaning holds."""
PLAN_KEY = (
    ("wall", "wall"),
    ("door", "door"),
    ("window", "window"),
    ("ledge", "outside ledge"),
    ("stair", "stairs"),
    ("ground", "open ground"),
)
"""The plan legend's entries: the word a cell's meaning holds, and the label shown."""
FLOOR_COLOUR = "#f6f4ef"
EMPTY_COLOUR = "#ffffff"
LABELLED_KINDS = ("room", "ground")
"""Areas of the plan named on the floor drawings (hallways and ledges are left to the key)."""
WHOLE_LEVEL = 900
"""An area larger than this (cells) is a whole yard or roof, named by its floor's title."""
CELL_METRES = 1.0
"""One plan cell is one metre (docs/building.md)."""


def take_index(result: Result, take: int | None) -> int:
    """Position of ``take`` (default: the first) along the arrays' leading axis."""
    takes = result.takes
    if take is None:
        return 0
    if take not in takes:
        raise HyosanError.one("no such take", where="take", value=take, allowed=f"one of {takes}")
    return takes.index(take)


def plan_image(plan: list[list[str]] | list[str], legend: dict[str, str], floor: int) -> np.ndarray:
    """RGB image (rows, cols, 3) of one floor: walls, doors, windows, stairs, floor."""
    from matplotlib.colors import to_rgb

    rows = plan[floor]
    lines = rows.splitlines() if isinstance(rows, str) else list(rows)
    width = max((len(line) for line in lines), default=1)
    image = np.ones((len(lines), width, 3))
    cache: dict[str, tuple[float, float, float]] = {}
    for r, line in enumerate(lines):
        for c, char in enumerate(line.ljust(width)):
            if char not in cache:
                cache[char] = to_rgb(cell_colour(char, legend))
            image[r, c] = cache[char]
    return image


def cell_colour(char: str, legend: dict[str, str]) -> str:
    """The colour of a plan cell, from what the legend says it is (wall, door, window …)."""
    meaning = str(legend.get(char, "")).lower()
    for word, colour in CELL_COLOURS:
        if word in meaning:
            return colour
    if char == " " and not meaning:
        return EMPTY_COLOUR
    return FLOOR_COLOUR


def floor_names(result: Result) -> list[str]:
    """A title for each floor, as a reader names it: "floor 1 (ground floor)", "floor 3" …,
    and a level with no room indoors by its largest area ("rooftop"). The engine's
    ``meta["floor_names"]`` name a floor by its hallway, which is no title for a floor."""
    plan = result.meta.get("plan") or []
    areas = plan_areas(result)
    titles = []
    for f in range(len(plan)):
        mine = [a for a in areas if a.floor == f]
        indoors = any(a.kind == "room" for a in mine) or not mine
        if indoors:
            titles.append(f"floor {f + 1} (ground floor)" if f == 0 else f"floor {f + 1}")
        else:
            largest = max(mine, key=lambda a: a.cells)
            titles.append(f"{largest.name} (level {f + 1})")
    return titles


@dataclass(frozen=True)
class PlanArea:
    """A named area of the plan: its floor (0-based, as in ``frames_pos``), kind (room,
    hallway, ledge, ground), bounding box (first row, first column, last row, last column)
    and size in cells."""

    name: str
    floor: int
    kind: str
    box: tuple[int, int, int, int]
    cells: int


def plan_areas(result: Result) -> list[PlanArea]:
    """The named areas of the plan, from ``meta["rooms"]`` (whose floors count from 1)."""
    rooms = result.meta.get("rooms")
    if not isinstance(rooms, dict):
        return []
    out = []
    for name, facts in rooms.items():
        if not isinstance(facts, dict) or "box" not in facts or "floor" not in facts:
            continue
        r0, c0, r1, c1 = (int(v) for v in facts["box"])
        cells = int(facts.get("cells", (r1 - r0 + 1) * (c1 - c0 + 1)))
        kind = str(facts.get("kind", "room"))
        out.append(PlanArea(str(name), int(facts["floor"]) - 1, kind, (r0, c0, r1, c1), cells))
    return out


def area_label(name: str) -> str:
    """A room's name as a reader knows it: without the floor ("girls' bathroom, floor 3") or
    the number of a second part ("ledge, floor 3 (2)") that the plan adds to tell them apart."""
    name = re.sub(r" \(\d+\)$", "", name)
    return re.sub(r", floor \d+$", "", name)


class FloorView:
    """A figure of every floor with the agents of one take; :meth:`show` moves it to a frame.

    The plan is drawn once, its rooms named, with a key to its cells (walls, doors, windows,
    ledges, stairs) and metres on the axes; each frame only moves and recolours the agents and
    sets the clock, so an animation of hundreds of frames stays fast. ``columns``: floors side
    by side (1 for a page, 2 for a film); ``labels``: "full" names, "short" ones or "none".
    """

    def __init__(
        self,
        result: Result,
        take: int | None = None,
        *,
        width: float = 11.0,
        columns: int = 2,
        labels: str = "full",
    ) -> None:
        import matplotlib.pyplot as plt

        meta = result.meta
        missing = [k for k in ("plan", "state_codes") if not meta.get(k)]
        missing += [a for a in ("frames_pos", "frames_state") if a not in result.arrays]
        if missing:
            raise HyosanError.one(
                "cannot draw the floor plan: missing " + ", ".join(missing),
                where="meta/arrays",
                allowed="a building result as docs/results.md describes",
            )
        self.result = result
        self.index = take_index(result, take)
        self.take = result.takes[self.index] if result.takes else 1
        self.codes = [str(c) for c in meta["state_codes"]]
        self.pos = np.asarray(result.arrays["frames_pos"][self.index])
        self.state = np.asarray(result.arrays["frames_state"][self.index])
        times = meta.get("frame_times")
        self.times = (
            np.asarray(times, dtype=float)
            if times is not None
            else np.arange(self.pos.shape[0], dtype=float)
        )
        from hyosan.report.shown import start_hour

        self.start = start_hour(result)
        plan, legend = meta["plan"], meta.get("legend") or {}
        self.n_floors = len(plan)
        cols = max(1, min(columns, self.n_floors))
        grid_rows = int(np.ceil(self.n_floors / cols))
        images = [plan_image(plan, legend, f) for f in range(self.n_floors)]
        widest = max(im.shape[1] for im in images)
        if cols == 1:  # each floor as tall as its plan, one under the other
            ratios = [im.shape[0] + 8 for im in images]
            height = max(2.5, width / widest * sum(ratios) + 1.6)
        else:
            aspect = max(im.shape[0] / max(im.shape[1], 1) for im in images)
            ratios = [1] * grid_rows
            height = max(2.5, width / cols * aspect * grid_rows + 2.0)
        with figure_style():
            self.figure: Figure = plt.figure(figsize=(width, height), layout="constrained")
            axes = self.figure.subplots(
                grid_rows, cols, squeeze=False, height_ratios=ratios
            ).ravel()
            self.axes: list[Axes] = list(axes[: self.n_floors])
            for extra in axes[self.n_floors :]:
                extra.set_visible(False)
            self.jitter = np.random.default_rng(0).uniform(-0.3, 0.3, size=(self.pos.shape[1], 2))
            self.scatters: list[PathCollection] = []
            for ax, image, name in zip(self.axes, images, floor_names(result), strict=True):
                self._floor(ax, image, name)
            if labels != "none":
                self._label_rooms(width / cols / max(im.shape[1] for im in images), labels)
            self._legends(legend)
        self.colours = np.array([_rgba(colour_for(c)) for c in self.codes])
        self.shapes = [im.shape[:2] for im in images]
        self.crowds: list[AxesImage] = []
        self.crowd_bar: Colorbar | None = None
        self.layers: list[Callable[[FloorView, int], None]] = [crowd_density]
        """Drawn over the plan at each frame, after the agents are placed: by default the
        density where crowds form (:func:`crowd_density`)."""

    def _floor(self, ax: Axes, image: np.ndarray, name: str) -> None:
        """One floor's plan, titled as a floor, with metres on its axes."""
        from matplotlib.ticker import MaxNLocator

        ax.imshow(image, interpolation="nearest", origin="upper")
        ax.set_title(name, loc="left")
        ax.set_xlabel(f"metres (one cell = {CELL_METRES:g} m)", fontsize=8)
        ax.set_ylabel("metres", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(False)
        ax.set_xlim(-0.5, image.shape[1] - 0.5)
        ax.set_ylim(image.shape[0] - 0.5, -0.5)
        self.scatters.append(ax.scatter([], [], s=14, lw=0.3, edgecolors="white", zorder=3))

    def _label_rooms(self, inches_per_cell: float, labels: str) -> None:
        """Each room's and ground's name at its middle, wrapped to its width."""
        size = 6.5 if labels == "full" else 5.0
        chars_per_cell = inches_per_cell * 72 / (0.6 * size)
        for area in plan_areas(self.result):
            if area.kind not in LABELLED_KINDS or not 0 <= area.floor < self.n_floors:
                continue
            r0, c0, r1, c1 = area.box
            if area.cells > WHOLE_LEVEL:
                continue  # the whole yard or roof: the floor's title names it
            text = area_label(area.name)
            if labels == "short":
                text = text.removeprefix("class ").replace("bathroom", "WC")
            wrapped = textwrap.fill(text, max(4, int((c1 - c0 + 1) * chars_per_cell)))
            self.axes[area.floor].text(
                (c0 + c1) / 2,
                (r0 + r1) / 2,
                wrapped,
                ha="center",
                va="center",
                fontsize=size,
                color="#333333",
                zorder=2,
                linespacing=0.95,
            )

    def _legends(self, legend: dict[str, str]) -> None:
        """One key under the floors: the first row the agents' states (counts set per frame),
        the second the plan's cells (walls, doors, windows, ledges, stairs, ground)."""
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        self.handles = [
            Line2D([], [], ls="", marker="o", color=colour_for(c), label=state_label(c))
            for c in self.codes
        ]
        meanings = " | ".join(str(v).lower() for v in legend.values())
        key: list[Artist] = [
            Patch(facecolor=cell_colour(c, legend), edgecolor="#888888", label=label)
            for word, label in PLAN_KEY
            for c in [next((k for k, v in legend.items() if word in str(v).lower()), None)]
            if c is not None and word in meanings
        ]
        key.append(Patch(facecolor=FLOOR_COLOUR, edgecolor="#888888", label="room or hallway"))
        columns = max(len(self.handles), len(key))
        blank = Patch(facecolor="none", edgecolor="none", label=" ")
        rows: list[Artist] = [*self.handles, *[blank] * (columns - len(self.handles))]
        plan_row = [*key, *[blank] * (columns - len(key))]
        interleaved = [h for pair in zip(rows, plan_row, strict=True) for h in pair]
        self.legend = self.figure.legend(
            handles=interleaved,
            loc="outside lower center",
            ncols=columns,
            fontsize=8,
            title="people by state now (count); the plan's cells",
            title_fontsize=8,
        )
        self.state_texts = self.legend.get_texts()[0 : 2 * len(self.handles) : 2]

    @property
    def frames(self) -> int:
        """How many frames the take holds."""
        return int(self.pos.shape[0])

    def frame_at(self, t: float) -> int:
        """The frame nearest to time ``t``."""
        return int(np.argmin(np.abs(self.times - t)))

    def show(self, frame: int) -> Figure:
        """Move the agents to ``frame`` (negative counts from the end) and set the clock."""
        from hyosan.report.shown import school_clock

        frame = range(self.frames)[frame]
        pos, state = self.pos[frame], self.state[frame].astype(int)
        valid = (state >= 0) & (state < len(self.codes))
        counts = np.bincount(state[valid], minlength=len(self.codes))
        for f, scatter in enumerate(self.scatters):
            here = valid & (pos[:, 0] == f)
            xy = pos[here][:, [2, 1]] + self.jitter[here]
            scatter.set_offsets(xy if len(xy) else np.empty((0, 2)))
            colours = self.colours[state[here]] if here.any() else np.empty((0, 4))
            scatter.set_facecolor(colours)  # type: ignore[arg-type]
        for handle, text, code, n in zip(
            self.handles, self.state_texts, self.codes, counts, strict=True
        ):
            text.set_text(f"{state_label(code, 'building')} ({n})")
            handle.set_label(text.get_text())
        for layer in self.layers:
            layer(self, frame)
        t = float(self.times[frame])
        scenario = self.result.provenance.get("scenario", "building")
        self.figure.suptitle(
            f"{scenario}, take {self.take}: {school_clock(t, self.start)} ({t:.1f} h in)",
            fontweight="bold",
        )
        return self.figure


CROWDED = 2
"""Persons per m² from which a cell is shaded as a crowd (CROWDS.md: 2–4 a dense moving crowd,
about 5.4 a jam)."""


def crowd_density(view: FloorView, frame: int) -> None:
    """Shade each square metre where ``CROWDED`` or more stand (people, halfbies, zombies), by
    persons per m², with a colour bar: where crowds jam at doors and stairs."""
    import matplotlib as mpl

    pos, state = view.pos[frame], view.state[frame].astype(int)
    gone = [k for k, c in enumerate(view.codes) if c in ("D", "V")]
    here = (state >= 0) & ~np.isin(state, gone)
    for f, ax in enumerate(view.axes):
        rows, cols = view.shapes[f]
        count = np.zeros((rows, cols))
        on = here & (pos[:, 0] == f) & (pos[:, 1] < rows) & (pos[:, 2] < cols)
        np.add.at(count, (pos[on, 1], pos[on, 2]), 1)
        shaded = np.ma.masked_less(count, CROWDED)
        if len(view.crowds) <= f:
            cmap = mpl.colormaps["Reds"]
            view.crowds.append(
                ax.imshow(
                    shaded,
                    cmap=cmap,
                    vmin=CROWDED,
                    vmax=5,
                    alpha=0.75,
                    zorder=2,
                    interpolation="nearest",
                    origin="upper",
                )
            )
        else:
            view.crowds[f].set_data(shaded)
    if view.crowds and view.crowd_bar is None:
        view.crowd_bar = view.figure.colorbar(
            view.crowds[0],
            ax=view.axes,
            shrink=0.5,
            pad=0.01,
            label="crowd: persons per m² (2 or more)",
        )


def _rgba(colour: str) -> tuple[float, float, float, float]:
    from matplotlib.colors import to_rgba

    r, g, b, a = to_rgba(colour)
    return (r, g, b, a)


def plot_floors(
    result: Result, *, take: int | None = None, frame: int = -1, t: float | None = None
) -> Figure:
    """Every floor at one moment (the last frame by default), agents coloured by state: one
    floor under the other, so the rooms' names can be read on a page."""
    view = FloorView(result, take, columns=1)
    return view.show(view.frame_at(t) if t is not None else frame)


def named_agents(result: Result, fates: pd.DataFrame, limit: int = 16) -> list[str]:
    """Names of the story's characters (``meta["characters"]``), else the first named agents."""
    chars = result.meta.get("characters")
    names: list[str] = []
    if isinstance(chars, list):
        for item in chars:
            name = item.get("name") if isinstance(item, dict) else item
            if name:
                names.append(str(name))
    elif isinstance(chars, dict):
        names = [str(k) for k in chars]
    if not names and "name" in fates:
        named = fates["name"].astype(str)
        names = list(dict.fromkeys(n for n in named if n and n != "nan"))
    present = set(fates["name"].astype(str)) if "name" in fates else set()
    return [n for n in names if n in present][:limit]


def fates_summary(result: Result) -> pd.DataFrame:
    """One row per named character: role, how often they survived (:data:`SURVIVED`), the
    fates, when."""
    fates = result.tables.get("fates")
    if fates is None or fates.empty:
        raise HyosanError.one("no fates table", where="tables", allowed="a building result")
    rows = []
    n_takes = fates["take"].nunique()
    for name in named_agents(result, fates):
        mine = fates[fates["name"].astype(str) == name]
        fate = mine["fate"].astype(str)
        survived = fate.isin(SURVIVED).mean()
        common = fate.value_counts()
        t_fate = pd.to_numeric(
            mine["t_fate"] if "t_fate" in mine else pd.Series([]), errors="coerce"
        )
        rows.append(
            {
                "name": name,
                "role": str(mine["role"].iloc[0]) if "role" in mine else "",
                "survived": f"{survived:.0%}" if n_takes > 1 else ("yes" if survived else "no"),
                "fate": ", ".join(
                    f"{FATE_WORDS.get(str(f), f)} {c / len(mine):.0%}" for f, c in common.items()
                )
                if n_takes > 1
                else FATE_WORDS.get(str(fate.iloc[0]), str(fate.iloc[0])),
                "survived, on average": every(survived) if n_takes > 1 else "",
                "when (median)": "" if t_fate.isna().all() else f"{t_fate.median():.1f} h",
                "room": str(mine["room"].mode().iloc[0]) if "room" in mine and len(mine) else "",
            }
        )
    table = pd.DataFrame(rows)
    if n_takes == 1 and "survived, on average" in table:
        table = table.drop(columns="survived, on average")
    return table


def plot_fates(result: Result) -> Figure:
    """Who ended how: the share of each fate by role, and each named character's share of
    takes in each fate — bars in one key, so nothing is cut at the page's edge (the table of
    the characters, with when and where, is the report's)."""
    import matplotlib.pyplot as plt

    fates = result.tables.get("fates")
    if fates is None or fates.empty:
        raise HyosanError.one("no fates table", where="tables", allowed="a building result")
    codes = [str(c) for c in result.meta.get("state_codes") or sorted(fates["fate"].unique())]
    group = "role" if "role" in fates else "take"
    share = pd.crosstab(fates[group].astype(str), fates["fate"].astype(str), normalize="index")
    share = share.reindex(columns=codes, fill_value=0.0)
    names = named_agents(result, fates)
    named = fates[fates["name"].astype(str).isin(names)]
    people = pd.crosstab(named["name"].astype(str), named["fate"].astype(str), normalize="index")
    people = people.reindex(index=names[::-1], columns=codes, fill_value=0.0)
    n_takes = fates["take"].nunique()
    with figure_style():
        rows = max(len(share), len(people))
        fig = plt.figure(figsize=(11, 2.4 + 0.3 * rows), layout="constrained")
        left, right = fig.subplots(1, 2, width_ratios=[1, 1.2])
        _stacked(left, share, codes)
        left.set_xlabel("share of agents (fraction)")
        left.set_ylabel(group)
        left.set_title(f"fates by {group}, over {n_takes} take(s)")
        if len(people):
            _stacked(right, people, codes)
            right.set_xlabel(f"share of the {n_takes} take(s) (fraction)")
            right.set_title("named characters: how their takes ended")
        else:
            right.axis("off")
            right.text(0.5, 0.5, "no named characters", ha="center", va="center")
        fig.legend(
            handles=left.containers,
            labels=[state_label(c, "building") for c in codes],
            loc="outside lower center",
            ncols=len(codes),
        )
    return fig


def _stacked(ax: Axes, share: pd.DataFrame, codes: list[str]) -> None:
    """Horizontal bars of ``share`` (rows add up to 1), one colour per fate."""
    start = np.zeros(len(share))
    for code in codes:
        values = share[code].to_numpy()
        ax.barh(share.index, values, left=start, color=colour_for(code), label=code)
        start += values
    ax.set_xlim(0, 1)
    ax.grid(axis="y", visible=False)


def plot_rooms(result: Result, *, take: int | None = None, state: str = "Z", top: int = 12) -> Axes:
    """Where it happened: the count of one state in each room over time (the busiest rooms)."""
    from hyosan.report.plots import new_axes, time_label

    rooms = result.tables.get("rooms")
    if rooms is None or rooms.empty or state not in rooms:
        raise HyosanError.one("no rooms table", where="tables", allowed="a building result")
    k = result.takes[take_index(result, take)]
    mine = rooms[rooms["take"] == k]
    pivot = mine.pivot_table(index="room", columns="t", values=state, aggfunc="sum", fill_value=0)
    pivot = pivot.loc[pivot.max(axis=1).sort_values(ascending=False).index[:top]]
    ax = new_axes((9.0, 0.4 * len(pivot) + 1.8))
    with figure_style():
        times = pivot.columns.to_numpy(dtype=float)
        image = ax.imshow(
            pivot.to_numpy(dtype=float),
            aspect="auto",
            interpolation="nearest",
            cmap="Oranges",
            extent=(
                times.min(),
                times.max() if len(times) > 1 else times.min() + 1,
                len(pivot) - 0.5,
                -0.5,
            ),
        )
        ax.set_yticks(range(len(pivot)), list(pivot.index))
        ax.grid(False)
        ax.set_xlabel(time_label(result))
        ax.set_ylabel("room")
        ax.set_title(f"{state_label(state, 'building')} per room, take {k}")
        ax.figure.colorbar(image, ax=ax, label=f"{state} (agents)")
    return ax
