"""Plots of results: curves with ensemble bands."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hyosan.report.style import colour_for

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from hyosan.result import Result


def plot_series(
    result: Result, ax: Axes | None = None, *, band: tuple[float, float] = (0.05, 0.95), **_: Any
) -> Axes:
    """Each state over time: the curve of a single take, or the median and a band over takes."""
    import matplotlib.pyplot as plt

    if ax is None:
        ax = plt.figure(figsize=(8, 4.5)).add_subplot()
    series = result.series
    unit = result.meta.get("time_unit", "")
    many = series["take"].nunique() > 1
    for state in result.states:
        colour = colour_for(state)
        if many:
            grouped = series.groupby("t")[state]
            low, mid, high = (grouped.quantile(q) for q in (band[0], 0.5, band[1]))
            ax.fill_between(low.index, low.to_numpy(), high.to_numpy(), color=colour, alpha=0.2)
            ax.plot(mid.index, mid.to_numpy(), color=colour, label=f"{state} (median)")
        else:
            ax.plot(series["t"], series[state], color=colour, label=state)
    ax.set_xlabel(f"time ({unit})" if unit else "time")
    ax.set_ylabel("count")
    ax.set_title(str(result.provenance.get("scenario", "")))
    ax.legend(frameon=False)
    return ax
