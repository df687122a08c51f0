"""The panels hyosan ships, one per figure, registered on import.

Common panels draw any result with a time series; the others name their engine and what they
need, so a result lacking a table simply shows fewer panels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hyosan.report.registry import panel

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from hyosan.result import Result


def _fig(ax: object) -> Figure:
    figure = getattr(ax, "figure", None)
    assert figure is not None
    return figure


@panel(
    "curves",
    "Counts over time",
    "Each state over time: the median of the takes, its 50 % and 90 % bands and a few takes "
    "drawn thin; when the takes split in two (an outbreak or none), each outcome class with its "
    "share of the takes.",
)
def curves(result: Result) -> Figure:
    from hyosan.report.plots import plot_series

    return _fig(plot_series(result))


@panel(
    "final",
    "How the takes ended",
    "The count of each state at the end; every take is a dot.",
    min_takes=2,
)
def final(result: Result) -> Figure:
    from hyosan.report.plots import plot_final

    return _fig(plot_final(result))


@panel(
    "phase",
    "Phase portrait",
    "Trajectories in the S–Z plane; the grey flow and the nullclines are drawn when S and Z "
    "depend on each other alone.",
    engines=("compartmental",),
)
def phase(result: Result) -> Figure:
    from hyosan.report.phase import plot_phase

    return _fig(plot_phase(result))


@panel(
    "floors",
    "The school at the end of take {take}",
    "Every floor of the plan with its rooms named, each person a dot coloured by their state "
    "at the last frame; one plan cell is one metre.",
    engines=("building",),
    arrays=("frames_pos", "frames_state"),
    meta=("plan", "state_codes"),
    series=False,
    per_take=True,
)
def floors(result: Result, take: int | None = None) -> Figure:
    from hyosan.report.building import plot_floors

    return plot_floors(result, take=take)


@panel(
    "tree",
    "Transmission tree of take {take}",
    "Who infected whom, when and by which route: each infection a dot on the hour it happened, "
    "in the row of its room (a large tree) or under its infector (a small one); the named "
    "characters are stars with their names.",
    tables=("tree",),
    series=False,
    per_take=True,
)
def tree(result: Result, take: int | None = None) -> Figure:
    from hyosan.report.tree import plot_tree

    return _fig(plot_tree(result, take=take))


@panel(
    "rooms",
    "Zombies room by room, take {take}",
    "The number of zombies in each of the busiest rooms over time.",
    engines=("building",),
    tables=("rooms",),
    series=False,
    per_take=True,
)
def rooms(result: Result, take: int | None = None) -> Figure:
    from hyosan.report.building import plot_rooms

    return _fig(plot_rooms(result, take=take))


@panel(
    "fates",
    "Fates",
    "How agents ended, by role, and what became of the named characters.",
    engines=("building",),
    tables=("fates",),
    series=False,
)
def fates(result: Result) -> Figure:
    from hyosan.report.building import plot_fates

    return plot_fates(result)


@panel(
    "snapshots",
    "The spread over the map",
    "Zombies per cell (log colour scale) over the population in grey, from the first zombie to "
    "the end of the run, in the take that reached most cells; a map with named places labels "
    "its largest.",
    engines=("lattice",),
    arrays=("snapshots",),
    series=False,
)
def snapshots(result: Result) -> Figure:
    from hyosan.report.lattice import plot_snapshots, widest_take

    return plot_snapshots(result, take=widest_take(result))


@panel(
    "reached",
    "When each place was reached",
    "The time each cell first held a zombie, in the take that reached most cells; blank cells "
    "were never reached.",
    engines=("lattice",),
    arrays=("reached",),
    series=False,
)
def reached(result: Result) -> Figure:
    from hyosan.report.lattice import plot_reached, widest_take

    return _fig(plot_reached(result, take=widest_take(result)))


@panel(
    "reach_chance",
    "Chance of being reached",
    "The fraction of takes in which each cell was reached: the pale cells are the safest.",
    engines=("lattice",),
    arrays=("reached",),
    min_takes=2,
    series=False,
)
def reach_chance(result: Result) -> Figure:
    from hyosan.report.lattice import plot_reach_chance

    return _fig(plot_reach_chance(result))
