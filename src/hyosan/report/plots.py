"""Plots every engine shares: the curves over time with ensemble bands, and the final state.

Each function takes a :class:`~hyosan.result.Result` and an optional axes, draws in the report's
style and returns the axes, so it can be used alone, in a notebook or as a report panel.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from hyosan.report.style import colour_for, figure_style, state_label

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from hyosan.result import Result


def new_axes(size: tuple[float, float] = (8.0, 4.5)) -> Axes:
    """A fresh figure with one axes, in the report's style."""
    import matplotlib.pyplot as plt

    with figure_style():
        return plt.figure(figsize=size, layout="constrained").add_subplot()


def time_label(result: Result) -> str:
    """``"time (h)"``: the x-axis label with the result's time unit."""
    unit = result.meta.get("time_unit", "")
    return f"time ({unit})" if unit else "time"


def plot_series(
    result: Result,
    ax: Axes | None = None,
    *,
    band: tuple[float, float] = (0.05, 0.95),
    states: Sequence[str] | None = None,
    log: bool = False,
    **_: Any,
) -> Axes:
    """Each state over time: the curve of a single take, or the median and a band over takes.

    With many takes the shaded band runs from the ``band`` quantiles (5–95 % by default) and a
    darker inner band from the quartiles, so the spread of the ensemble is seen at a glance.
    """
    if ax is None:
        ax = new_axes()
    chosen = list(states) if states is not None else result.states
    series = result.series
    with figure_style():
        many = series["take"].nunique() > 1
        grouped = series.groupby("t") if many else None
        for state in chosen:
            colour = colour_for(state)
            label = state_label(state, result.engine)
            if grouped is not None:
                values = grouped[state]
                low, q1, mid, q3, high = (
                    values.quantile(q) for q in (band[0], 0.25, 0.5, 0.75, band[1])
                )
                t = low.index.to_numpy()
                ax.fill_between(t, low.to_numpy(), high.to_numpy(), color=colour, alpha=0.15, lw=0)
                ax.fill_between(t, q1.to_numpy(), q3.to_numpy(), color=colour, alpha=0.25, lw=0)
                ax.plot(t, mid.to_numpy(), color=colour, lw=2, label=f"{label} (median)")
            else:
                ax.plot(series["t"], series[state], color=colour, lw=2, label=label)
        if log:
            ax.set_yscale("symlog", linthresh=1.0)
        ax.set_xlabel(time_label(result))
        ax.set_ylabel("count (individuals)")
        n = series["take"].nunique()
        title = str(result.provenance.get("scenario", result.engine))
        if n > 1:
            title += f" — {n} takes, median, 50 % and {band[1] - band[0]:.0%} bands"
        ax.set_title(title)
        if chosen:
            ax.legend(loc="best")
        ax.margins(x=0)
    return ax


def plot_final(result: Result, ax: Axes | None = None, **_: Any) -> Axes:
    """How the takes ended: a box per state of its count at the end, every take as a dot."""
    if ax is None:
        ax = new_axes((8.0, 4.0))
    final = result.final
    states = [s for s in result.states if s in final]
    with figure_style():
        rng = np.random.default_rng(0)
        for i, state in enumerate(states):
            values = final[state].to_numpy(dtype=float)
            colour = colour_for(state)
            ax.boxplot(
                values,
                positions=[i],
                widths=0.5,
                showfliers=False,
                patch_artist=True,
                boxprops={"facecolor": colour, "alpha": 0.25, "edgecolor": colour},
                medianprops={"color": colour, "lw": 2},
                whiskerprops={"color": colour},
                capprops={"color": colour},
            )
            jitter = rng.uniform(-0.18, 0.18, size=len(values))
            ax.scatter(i + jitter, values, s=8, color=colour, alpha=0.6, lw=0)
        ax.set_xticks(range(len(states)), [state_label(s, result.engine) for s in states])
        ax.set_xlim(-0.6, len(states) - 0.4)
        ax.set_xlabel("state at the end")
        ax.set_ylabel("count (individuals)")
        ax.set_title(f"final state over {len(final)} take(s)")
    return ax
