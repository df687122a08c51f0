"""Phase portraits of compartmental results: the S–Z plane, trajectories, flow and nullclines.

The flow field is drawn from the reactions the result records in ``meta["reactions"]`` (one
line each, ``name: S + Z → 2 Z  [beta]``) and ``meta["parameters"]``, so the report needs no
engine code. It is drawn only where it is honest: when the rates of change of S and Z depend on
S and Z alone (no other species feeds them), so that the plane is a true phase plane.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hyosan.compartmental.network import evaluate_rate, parse_side
from hyosan.report.plots import new_axes
from hyosan.report.style import colour_for, cycle_colour, figure_style

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from hyosan.result import Result

_LINE = re.compile(
    r"^(?P<name>[^:]*):\s*(?P<lhs>.*?)\s*(?:→|->)\s*(?P<rhs>.*?)\s*\[(?P<rate>.*)\]\s*$"
)
NULLCLINE_X = "#009E73"
NULLCLINE_Y = "#CC79A7"


@dataclass(frozen=True)
class MassAction:
    """One reaction read back from a result: reactants, net change and rate constant."""

    name: str
    reactants: dict[str, int]
    change: dict[str, int]
    rate: float


def read_reactions(text: str, parameters: Mapping[str, float]) -> list[MassAction]:
    """Parse ``meta["reactions"]``; raises ValueError on a line it cannot read."""
    out = []
    for line in filter(None, (part.strip() for part in text.splitlines())):
        match = _LINE.match(line)
        if match is None:
            raise ValueError(f"cannot read reaction line {line!r}")
        lhs, rhs = parse_side(match["lhs"]), parse_side(match["rhs"])
        change = {s: rhs.get(s, 0) - lhs.get(s, 0) for s in set(lhs) | set(rhs)}
        rate_text = match["rate"].strip()
        try:
            rate = evaluate_rate(rate_text, parameters)
        except KeyError:
            raise ValueError(f"cannot evaluate rate {rate_text!r}") from None
        out.append(MassAction(match["name"].strip(), lhs, change, rate))
    return out


def plane_field(
    reactions: list[MassAction], x: str, y: str
) -> Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]] | None:
    """d(x, y)/dt as a function of x and y, or None when another species feeds x or y."""
    relevant = [r for r in reactions if r.rate != 0 and (r.change.get(x) or r.change.get(y))]
    if any(set(r.reactants) - {x, y} for r in relevant):
        return None

    def field(xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        dx = np.zeros_like(xs, dtype=float)
        dy = np.zeros_like(xs, dtype=float)
        for r in relevant:
            flux = r.rate * np.ones_like(xs, dtype=float)
            for name, power in r.reactants.items():
                flux = flux * (xs if name == x else ys) ** power
            dx += r.change.get(x, 0) * flux
            dy += r.change.get(y, 0) * flux
        return dx, dy

    return field


def phase_axes(result: Result) -> tuple[str, str]:
    """The two species of the plane: S and Z when the model has them, else its first two."""
    states = result.states
    if "S" in states and "Z" in states:
        return "S", "Z"
    if len(states) < 2:
        raise ValueError("a phase portrait needs at least two states")
    return states[0], states[1]


def plot_phase(result: Result, ax: Axes | None = None, *, max_takes: int = 40, **_: Any) -> Axes:
    """Trajectories in the S–Z plane; the flow and nullclines too when the plane is closed."""
    if ax is None:
        ax = new_axes((6.5, 5.0))
    x, y = phase_axes(result)
    series = result.series
    takes = sorted(series["take"].unique())
    with figure_style():
        xmax = max(float(series[x].max()), 1.0) * 1.05
        ymax = max(float(series[y].max()), 1.0) * 1.05
        field = _field_of(result, x, y)
        if field is not None:
            _draw_field(ax, field, (x, y), (xmax, ymax))
        shown = takes[:max_takes]
        single = len(takes) == 1
        for i, k in enumerate(shown):
            one = series[series["take"] == k]
            ax.plot(
                one[x],
                one[y],
                color=colour_for(y) if single else cycle_colour(0),
                lw=2 if single else 0.8,
                alpha=1.0 if single else 0.35,
                label="trajectory" if single else (f"{len(shown)} takes" if i == 0 else None),
            )
        if not single:
            median = series.groupby("t")[[x, y]].median()
            ax.plot(median[x], median[y], color=colour_for(y), lw=2.2, label="median of takes")
        start = series[series["t"] == series["t"].min()]
        ends = series.sort_values("t").groupby("take").tail(1)
        ax.scatter(start[x], start[y], marker="o", s=40, color="black", zorder=5, label="start")
        ax.scatter(ends[x], ends[y], marker="x", s=30, color=colour_for("R"), zorder=5, label="end")
        ax.set_xlim(0, xmax)
        ax.set_ylim(0, ymax)
        ax.set_xlabel(f"{x} (individuals)")
        ax.set_ylabel(f"{y} (individuals)")
        ax.set_title(f"phase portrait, {x}–{y} plane")
        ax.legend(loc="upper right")
    return ax


def _field_of(
    result: Result, x: str, y: str
) -> Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]] | None:
    text = result.meta.get("reactions")
    parameters = result.meta.get("parameters")
    if not isinstance(text, str) or not isinstance(parameters, dict):
        return None
    try:
        return plane_field(read_reactions(text, parameters), x, y)
    except ValueError:
        return None


def _draw_field(
    ax: Axes,
    field: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
    names: tuple[str, str],
    limits: tuple[float, float],
) -> None:
    xmax, ymax = limits
    # The grid stops short of the axes, where mass-action rates vanish and every contour of zero
    # would trace the axis itself rather than a nullcline.
    xs, ys = np.meshgrid(np.linspace(xmax / 400, xmax, 40), np.linspace(ymax / 400, ymax, 40))
    dx, dy = field(xs, ys)
    speed = np.hypot(dx, dy)
    if np.any(speed > 0):
        ax.streamplot(
            xs, ys, dx, dy, color="#bbbbbb", density=0.9, linewidth=0.6, arrowsize=0.7, zorder=1
        )
    for values, colour, name in ((dx, NULLCLINE_X, names[0]), (dy, NULLCLINE_Y, names[1])):
        if values.min() < 0 < values.max():
            ax.contour(xs, ys, values, levels=[0.0], colors=[colour], linewidths=1.4, zorder=2)
            ax.plot([], [], color=colour, lw=1.4, label=f"d{name}/dt = 0 nullcline")
