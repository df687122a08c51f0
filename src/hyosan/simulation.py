"""The one call that runs any engine: :func:`simulate`, in-process, with a progress bar when
asked (then through a serial :class:`~hyosan.ensemble.ensemble.Ensemble`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from hyosan.engines import Overrides, engine_for, resolve
from hyosan.ensemble.ensemble import Ensemble
from hyosan.ensemble.progress import interactive, progress_bar
from hyosan.result import Result
from hyosan.scenario import Scenario


def simulate(
    scenario: Scenario | str | Path,
    *,
    takes: int | Sequence[int] | None = None,
    seed: int | None = None,
    overrides: Overrides = None,
    progress: bool | None = None,
) -> Result:
    """Run a scenario (object, file, shipped name or catalog model) and return its result.

    ``takes`` is a count (takes 1..n) or an explicit list of take numbers; by default the
    scenario's own ``takes``. ``seed`` defaults to the scenario's seed. ``overrides`` is a dict
    (``{"beta": 0.01}``), a list of ``key=value`` strings or one such string, keys as for
    ``--set``. ``progress`` draws a bar of takes done with elapsed and remaining time; by
    default only in a terminal or a notebook. Either way the takes and their numbers are the
    same.
    """
    scenario, numbers, run_seed = resolve(scenario, takes, seed, overrides)
    show = interactive() if progress is None else bool(progress)
    if not show or len(numbers) < 2:
        return engine_for(scenario.engine).simulate(scenario, numbers, run_seed)
    with progress_bar(scenario.name, transient=True) as bar:
        return Ensemble(scenario, numbers, run_seed).run(backend="serial", progress=bar)
