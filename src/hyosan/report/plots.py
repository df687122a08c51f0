"""Plots every engine shares: the curves over time with ensemble bands, and the final state.

Each function takes a :class:`~hyosan.result.Result` and an optional axes, draws in the report's
style and returns the axes, so it can be used alone, in a notebook or as a report panel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from hyosan.ensemble.summary import wilson
from hyosan.errors import HyosanError
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


SAMPLE = 12
"""Individual takes drawn as thin lines over the bands (per outcome class)."""

MIN_SPLIT_TAKES = 10
"""Fewer takes than this are never split into outcome classes: a gap could be luck."""

SPLIT_GAP = 0.3
"""Takes split into two outcome classes when the final counts of one state have an empty gap
of at least this share of their range (an outbreak or none; the group out or not)."""


@dataclass
class Split:
    """Takes split by how they ended: ``classes`` maps a label to its take numbers."""

    state: str
    threshold: float
    classes: dict[str, list[int]]


def split_outcomes(result: Result, gap: float = SPLIT_GAP) -> Split | None:
    """The two outcome classes of the takes, when their final counts fall apart.

    For each state, the widest empty gap between the sorted final counts of the takes, as a
    share of their range; the state with the widest splits the takes at the gap's middle if it
    reaches ``gap``. None when there are fewer than :data:`MIN_SPLIT_TAKES` takes or no state
    splits them (one median then tells the truth).
    """
    final = result.final
    if len(final) < MIN_SPLIT_TAKES:
        return None
    best: tuple[float, str, float] | None = None
    for state in result.states:
        if state not in final:
            continue
        x = np.sort(final[state].to_numpy(dtype=float))
        span = x[-1] - x[0]
        if span <= 0:
            continue
        gaps = np.diff(x)
        i = int(np.argmax(gaps))
        share = float(gaps[i] / span)
        if share >= gap and (best is None or share > best[0]):
            best = (share, state, float((x[i] + x[i + 1]) / 2))
    if best is None:
        return None
    _, state, threshold = best
    values = final[state].to_numpy(dtype=float)
    takes = final["take"].to_numpy()
    low, high = takes[values < threshold], takes[values >= threshold]
    word = state_label(state, result.engine)
    low_top = float(values[values < threshold].max())
    high_bottom = float(values[values >= threshold].min())
    low_end = "none" if low_top == 0 else f"≤ {low_top:,.0f}"
    return Split(
        state=state,
        threshold=threshold,
        classes={
            f"{word} at the end: {low_end}": [int(k) for k in low],
            f"{word} at the end: ≥ {high_bottom:,.0f}": [int(k) for k in high],
        },
    )


def plot_series(
    result: Result,
    ax: Axes | None = None,
    *,
    band: tuple[float, float] = (0.05, 0.95),
    states: Sequence[str] | None = None,
    log: bool = False,
    sample: int = SAMPLE,
) -> Axes:
    """Each state over time: the curve of a single take, or what the takes did.

    With many takes: the median (thick line), a shaded band from the ``band`` quantiles (5–95 %
    by default), a darker band from the quartiles, and ``sample`` individual takes as thin lines.
    When the takes split into two outcome classes (:func:`split_outcomes`: an outbreak or none)
    one median would run between them, where no take went; then each class gets its own panel
    (or, on a given ``ax``, its own line style) with its median, bands, sample of takes and its
    share of the takes with a 95 % Wilson interval. Returns the (first) axes.
    """
    chosen = list(states) if states is not None else result.states
    unknown = [s for s in chosen if s not in result.states]
    if unknown or not chosen:
        raise HyosanError.one(
            "not states of this result",
            where="states",
            value=unknown,
            allowed=", ".join(result.states),
        )
    n = result.series["take"].nunique()
    split = split_outcomes(result) if n > 1 else None
    if split is None:
        ax = ax if ax is not None else new_axes()
        with figure_style():
            _draw_takes(result, ax, chosen, result.takes, band, sample, "-")
            title = str(result.provenance.get("scenario", result.engine))
            if n > 1:
                title += f" — {n} takes: median, 50 % and {band[1] - band[0]:.0%} bands"
                title += f", {min(sample, n)} takes drawn thin" if sample else ""
            _finish(result, ax, chosen, title, log)
        return ax
    return _plot_split(result, split, ax, chosen, band, sample, log)


def _plot_split(
    result: Result,
    split: Split,
    ax: Axes | None,
    chosen: list[str],
    band: tuple[float, float],
    sample: int,
    log: bool,
) -> Axes:
    n = len(result.final)
    classes = list(split.classes.items())
    if ax is None:
        import matplotlib.pyplot as plt

        with figure_style():
            figure = plt.figure(figsize=(5.2 * len(classes), 4.6), layout="constrained")
            axes = figure.subplots(1, len(classes), sharey=True, squeeze=False)[0]
    else:
        axes = np.array([ax] * len(classes))
    name = str(result.provenance.get("scenario", result.engine))
    with figure_style():
        for i, (label, takes) in enumerate(classes):
            low, high = wilson(len(takes), n)
            share = f"{len(takes) / n:.0%} of {n} takes (95 % CI {low:.0%}–{high:.0%})"
            style = "-" if ax is None or i == 0 else "--"
            prefix = "" if ax is None else f"{label}: "
            _draw_takes(result, axes[i], chosen, takes, band, sample, style, prefix)
            if ax is None:
                _finish(result, axes[i], chosen, f"{label}\n{share}", log)
            else:
                axes[i].plot([], [], color="grey", ls=style, label=f"{label}: {share}")
        if ax is not None:
            _finish(result, ax, chosen, f"{name} — the takes split in two", log)
        else:
            axes[0].figure.suptitle(
                f"{name} — {n} takes split by how they ended: median, 50 % and "
                f"{band[1] - band[0]:.0%} bands, up to {sample} takes drawn thin per class"
            )
    return axes[0]


def _draw_takes(
    result: Result,
    ax: Axes,
    chosen: list[str],
    takes: list[int],
    band: tuple[float, float],
    sample: int,
    style: str,
    prefix: str = "",
) -> None:
    """Median, bands and a sample of thin takes of ``takes`` (or the one take's curve)."""
    series = result.series[result.series["take"].isin(takes)]
    many = len(takes) > 1
    picked: list[int] = (
        [int(k) for k in np.random.default_rng(0).permutation(sorted(takes))[:sample]]
        if many
        else []
    )
    for state in chosen:
        colour = colour_for(state)
        label = state_label(state, result.engine)
        if not many:
            ax.plot(series["t"], series[state], color=colour, lw=2, ls=style, label=label)
            continue
        values = series.groupby("t")[state]
        low, q1, mid, q3, high = (values.quantile(q) for q in (band[0], 0.25, 0.5, 0.75, band[1]))
        t = low.index.to_numpy()
        ax.fill_between(t, low.to_numpy(), high.to_numpy(), color=colour, alpha=0.12, lw=0)
        ax.fill_between(t, q1.to_numpy(), q3.to_numpy(), color=colour, alpha=0.22, lw=0)
        for k in picked:
            one = series[series["take"] == k]
            ax.plot(one["t"], one[state], color=colour, lw=0.6, alpha=0.45, ls=style)
        ax.plot(t, mid.to_numpy(), color=colour, lw=2.2, ls=style, label=f"{prefix}{label}")


def _finish(result: Result, ax: Axes, chosen: list[str], title: str, log: bool) -> None:
    if log:
        ax.set_yscale("symlog", linthresh=1.0)
    ax.set_xlabel(time_label(result))
    ax.set_ylabel("count (individuals)")
    ax.set_title(title)
    if chosen:
        ax.legend(loc="best", fontsize="small")
    ax.margins(x=0)


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
