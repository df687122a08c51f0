"""The transmission tree as a timeline: who infected whom, when, and by which route.

A small tree (up to ``label_limit`` infections) gives each infected agent a row under its
infector (depth-first) at the time it was infected, a stem joining it to its infector's row,
coloured by route, and every name. A large one — Hyosan High's hundreds — groups the
infections by the room they happened in: one row per room (the busiest, the rest together),
each infection a dot at its hour, a faint line back to its infector, and the named characters
as stars with their names, so the picture stays the height of a page. No graph layout library
is needed, and the time axis keeps the story's order readable.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from hyosan.errors import HyosanError
from hyosan.report.building import area_label, take_index
from hyosan.report.plots import new_axes, time_label
from hyosan.report.style import cycle_colour, figure_style

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from hyosan.result import Result


@dataclass(frozen=True)
class Node:
    """One infected agent in the layout: its row, time, generation and infector."""

    name: str
    infector: str
    t: float
    route: str
    row: int
    generation: int


def layout(tree: pd.DataFrame) -> list[Node]:
    """Rows for a tree table (one take): depth-first from each root, children in time order.

    Roots are patient zero (infector ``""``) and any infector that is never infected itself
    (a lab animal, someone from outside).
    """
    rows = tree.sort_values("t", kind="stable")
    infected = set(rows["infected"].astype(str))
    children: dict[str, list[Any]] = {}
    for rec in rows.itertuples(index=False):
        children.setdefault(str(rec.infector), []).append(rec)
    roots = [
        rec
        for rec in rows.itertuples(index=False)
        if str(rec.infector) == "" or str(rec.infector) not in infected
    ]
    out: list[Node] = []
    seen: set[str] = set()
    stack = [(rec, 0) for rec in reversed(roots)]
    while stack:
        rec, generation = stack.pop()
        name = str(rec.infected)
        if name in seen:
            continue
        seen.add(name)
        out.append(
            Node(name, str(rec.infector), float(rec.t), str(rec.route), len(out), generation)  # type: ignore[arg-type]
        )
        stack.extend((child, generation + 1) for child in reversed(children.get(name, [])))
    return out


ROOM_ROWS = 16
"""A large tree's rows: the busiest rooms, then one row for all the others."""


def plot_tree(
    result: Result, ax: Axes | None = None, *, take: int | None = None, label_limit: int = 45
) -> Axes:
    """Draw the transmission tree of one take (the first by default) as a timeline: under
    each infector when small, room by room when larger than ``label_limit``."""
    tree = result.tables.get("tree")
    if tree is None:
        raise HyosanError.one("no tree table", where="tables", allowed="a result with a tree")
    k = result.takes[take_index(result, take)] if result.takes else 1
    mine = tree[tree["take"] == k]
    nodes = layout(mine)
    if len(nodes) > label_limit and "room" in mine:
        return _by_room(result, mine, nodes, k, ax)
    if ax is None:
        ax = new_axes((9.0, min(2.0 + 0.22 * len(nodes), 14.0)))
    routes = list(dict.fromkeys(n.route for n in nodes))
    colour = {r: cycle_colour(i) for i, r in enumerate(routes)}
    where = {n.name: n for n in nodes}
    with figure_style():
        last = {n.name: n.t for n in nodes}
        for n in nodes:
            if n.infector in last:
                last[n.infector] = max(last[n.infector], n.t)
        for n in nodes:
            ax.plot([n.t, last[n.name]], [n.row, n.row], color="#c8c8c8", lw=1, zorder=1)
            parent = where.get(n.infector)
            if parent is not None:
                ax.plot([n.t, n.t], [parent.row, n.row], color=colour[n.route], lw=1.2, zorder=2)
        for route in routes:
            picked = [n for n in nodes if n.route == route]
            ax.scatter(
                [n.t for n in picked],
                [n.row for n in picked],
                s=28,
                color=colour[route],
                zorder=3,
                label=route or "unknown route",
            )
        characters = _characters(result)
        for n in nodes:
            if len(nodes) <= label_limit or n.name in characters:
                ax.annotate(
                    n.name,
                    (n.t, n.row),
                    xytext=(4, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=7,
                )
        ax.invert_yaxis()
        ax.set_yticks([])
        ax.grid(axis="y", visible=False)
        ax.set_xlabel(time_label(result))
        ax.set_ylabel("infected agents (depth-first under their infector)")
        depth = max((n.generation for n in nodes), default=-1) + 1
        ax.set_title(f"transmission tree, take {k}: {len(nodes)} infections, {depth} generations")
        if routes:
            ax.legend(title="route", loc="best")
    return ax


def _characters(result: Result) -> set[str]:
    """Named characters (``meta["characters"]``): always labelled, however big the tree."""
    found = result.meta.get("characters") or []
    if isinstance(found, dict):
        return {str(k) for k in found}
    return {str(c.get("name") if isinstance(c, dict) else c) for c in found}


def _by_room(
    result: Result, tree: pd.DataFrame, nodes: list[Node], take: int, ax: Axes | None
) -> Axes:
    """A large tree, one row per room: each infection a dot at its hour, coloured by route;
    the named characters starred and named, a dashed line from whoever infected them."""
    rooms = _rooms(tree)
    counts = rooms["room"].value_counts()
    order, row_of = _room_rows(rooms, counts)
    jitter = np.random.default_rng(0).uniform(-0.32, 0.32, len(rooms))
    names = rooms["infected"].astype(str).tolist()
    y = {n: row_of[r] + j for n, r, j in zip(names, rooms["room"], jitter, strict=True)}
    t_of, left = _clipped_times(rooms)
    if ax is None:
        ax = new_axes((10.0, 2.2 + 0.36 * len(order)))
    routes = list(dict.fromkeys(rooms["route"].astype(str)))
    characters = _characters(result)
    named = rooms[rooms["infected"].astype(str).isin(characters)].sort_values("t")
    with figure_style():
        for rec in named.itertuples(index=False):
            source, name = str(rec.infector), str(rec.infected)
            if source in y:
                ax.plot(
                    [t_of[source], t_of[name]], [y[source], y[name]], "--", color="#555555", lw=0.8
                )
        for i, route in enumerate(routes):
            mine = [n for n, r in zip(names, rooms["route"].astype(str), strict=True) if r == route]
            ax.scatter(
                [t_of[n] for n in mine],
                [y[n] for n in mine],
                s=10,
                lw=0,
                color=cycle_colour(i),
                zorder=2,
                label=route or "unknown route",
            )
        _star_named(ax, named, rooms, t_of, y, characters)
        ax.set_yticks(range(len(order)), [f"{r} ({_count(r, counts, order)})" for r in order])
        ax.tick_params(axis="y", labelsize=8)
        ax.set_ylim(len(order) - 0.5, -0.5)
        ax.grid(axis="y", visible=False)
        later = [t for t in t_of.values() if t > left]
        if later and max(later) - left > 12:
            ax.set_xscale("asinh", linear_width=2.0)
        stretched = " (stretched where the first hours crowd)" if ax.get_xscale() == "asinh" else ""
        ax.set_xlabel(time_label(result) + stretched)
        ax.set_ylabel("where the infection happened (infections)")
        depth = max((n.generation for n in nodes), default=-1) + 1
        ax.set_title(
            f"take {take}: {len(nodes)} infections in {len(counts)} places, {depth} generations",
            loc="left",
        )
        ax.legend(
            title="route",
            loc="upper center",
            bbox_to_anchor=(0.5, -0.1),
            ncols=len(routes) + 1,
            fontsize=8,
            title_fontsize=8,
        )
    return ax


def _rooms(tree: pd.DataFrame) -> pd.DataFrame:
    """The tree with each room named as a reader knows it (no floor, no part number)."""
    room = tree["room"].fillna("").astype(str).replace("", "unknown place").map(area_label)
    return tree.assign(room=room).reset_index(drop=True)


def _room_rows(rooms: pd.DataFrame, counts: pd.Series) -> tuple[list[str], dict[str, int]]:
    """The rows: the :data:`ROOM_ROWS` busiest rooms in the order the outbreak reached them,
    then one row for all the others; and each room's row."""
    kept = list(counts.index[:ROOM_ROWS])
    first = rooms.groupby("room")["t"].min()
    order = sorted(kept, key=lambda r: float(first[r]))
    others = len(counts) - len(kept)
    if others:
        order.append(f"{others} other places" if others > 1 else str(counts.index[-1]))
    return order, {r: order.index(r) if r in kept else len(order) - 1 for r in counts.index}


def _count(row: str, counts: pd.Series, order: list[str]) -> int:
    """Infections in a row (the last row may gather several rooms)."""
    if row in counts.index and row in order[:ROOM_ROWS]:
        return int(counts[row])
    return int(counts.iloc[ROOM_ROWS:].sum())


def _clipped_times(rooms: pd.DataFrame) -> tuple[dict[str, float], float]:
    """Each infection's hour on the axis: one from before the outbreak at school (patient
    zero, hours before the start) is drawn at the axis's left edge and labelled with its hour,
    so the hours that matter are not squeezed."""
    t = rooms["t"].astype(float)
    later = t[rooms["infector"].astype(str) != ""]
    left = float(later.min()) if len(later) else float(t.min())
    right = float(later.max()) if len(later) else float(t.max())
    edge = left - 0.05 * max(right - left, 1.0)
    if left - float(t.min()) <= 0.25 * max(right - left, 1.0):  # near enough: no squeeze
        edge = float(t.min())
    return dict(zip(rooms["infected"].astype(str), t.clip(lower=edge), strict=True)), edge


def _star_named(
    ax: Axes,
    named: pd.DataFrame,
    rooms: pd.DataFrame,
    t_of: dict[str, float],
    y: dict[str, float],
    characters: set[str],
) -> None:
    """The named characters as stars with their names; anyone drawn at the left edge (infected
    long before) gets their hour beside their name."""
    if len(named):
        ax.scatter(
            [t_of[str(n)] for n in named["infected"]],
            [y[str(n)] for n in named["infected"]],
            s=90,
            marker="*",
            color="#F0E442",
            edgecolors="black",
            lw=0.7,
            zorder=4,
            label="named character (dashed: from whom; names at the right)",
        )
    rows: dict[int, list[str]] = {}
    for rec in named.itertuples(index=False):
        rows.setdefault(round(y[str(rec.infected)]), []).append(str(rec.infected))
    for row, people in rows.items():  # the names beside their row, in the order infected
        ax.annotate(
            textwrap.fill(", ".join(people), 34),
            (1.01, row),
            xycoords=("axes fraction", "data"),
            va="center",
            fontsize=7.5,
            fontweight="bold",
            annotation_clip=False,
        )
    for rec in rooms.itertuples(index=False):
        name = str(rec.infected)
        if t_of[name] == float(rec.t):  # type: ignore[arg-type]
            continue
        ax.annotate(
            f"{name}, infected at {float(rec.t):.1f} h",  # type: ignore[arg-type]
            (t_of[name], y[name]),
            xytext=(8, -3),
            textcoords="offset points",
            fontsize=7.5,
        )
