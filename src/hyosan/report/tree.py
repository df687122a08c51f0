"""The transmission tree as a layered timeline: who infected whom, when, and by which route.

Each infected agent is one row, placed under its infector (depth-first), at the time it was
infected; a coloured stem joins it to its infector's row, coloured by route. No graph layout
library is needed, and the time axis keeps the story's order readable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from hyosan.errors import HyosanError
from hyosan.report.building import take_index
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


def plot_tree(
    result: Result, ax: Axes | None = None, *, take: int | None = None, label_limit: int = 45
) -> Axes:
    """Draw the transmission tree of one take (the first by default) as a timeline."""
    tree = result.tables.get("tree")
    if tree is None:
        raise HyosanError.one("no tree table", where="tables", allowed="a result with a tree")
    k = result.takes[take_index(result, take)] if result.takes else 1
    mine = tree[tree["take"] == k]
    nodes = layout(mine)
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
