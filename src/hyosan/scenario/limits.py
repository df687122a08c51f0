"""How big a run may be: the sizes and the memory a scenario asks for, checked before any work.

Each engine's memory is estimated from the scenario alone (the series, snapshots and state it
will hold) and refused past a budget, ``HYOSAN_MEMORY_GB`` gibibytes (default 4); the work of a
run (steps, events, leaps) is bounded so that no value can make a run last for ever.
"""

from __future__ import annotations

import os

import numpy as np

from hyosan.compartmental.catalog import network_of
from hyosan.errors import HyosanError

MAX_TAKES = 1_000_000
"""Most takes of one run."""
MAX_STEPS = 10_000_000
"""Most time steps (building) or leaps (tau) of one take."""
MAX_EVENTS = 1_000_000_000
"""Most events one exact stochastic take may expect."""
MAX_SNAPSHOTS = 10_000
"""Most grid snapshots of one take."""
MAX_GRID_CELLS = 20_000_000
"""Most cells of a population map."""
MAX_POINTS = 100_000
"""Most points of a sweep."""
MAX_WORKERS = 1024
"""Most worker processes."""
MAX_SEED = 2**63 - 1
"""Largest run seed."""
DEFAULT_BUDGET_GB = 4.0


def is_whole(value: object) -> bool:
    """Whether ``value`` is an integer, Python's or NumPy's, and not a bool: a float or a
    string is refused rather than rounded or read."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def whole_in(value: object, low: int, high: int) -> bool:
    """Whether ``value`` is an integer (:func:`is_whole`) from ``low`` to ``high``."""
    return is_whole(value) and low <= int(value) <= high  # type: ignore[call-overload]


def checked_whole(
    value: object, low: int, high: int, *, where: str, what: str, allowed: str = ""
) -> int:
    """``value`` as an int when it is a whole number from ``low`` to ``high``; else one error
    ("not <what>") naming ``where`` and what is allowed."""
    if not whole_in(value, low, high):
        raise HyosanError.one(
            f"not {what}",
            where=where,
            value=value,
            allowed=allowed or f"a whole number, {low:,} to {high:,}",
        )
    return int(value)  # type: ignore[call-overload]


MAX_BUDGET_GB = 1e6


def budget_bytes() -> int:
    """The memory budget: ``HYOSAN_MEMORY_GB`` gibibytes, default 4; a value that is not a
    number above 0 and below MAX_BUDGET_GB is an error, never silently replaced."""
    raw = os.environ.get("HYOSAN_MEMORY_GB", "")
    if not raw.strip():
        return int(DEFAULT_BUDGET_GB * 2**30)
    try:
        gb = float(raw)
    except ValueError:
        gb = float("nan")
    if not 0 < gb < MAX_BUDGET_GB:
        raise HyosanError.one(
            "not a memory budget",
            where="environment variable HYOSAN_MEMORY_GB",
            value=raw[:40],
            allowed=f"a number of gibibytes above 0 and below {MAX_BUDGET_GB:g} "
            f"(unset: {DEFAULT_BUDGET_GB:g})",
        )
    return int(gb * 2**30)


def check_memory(needed: float, what: str, where: str, source: str | None = None) -> None:
    """Refuse a run whose estimated memory ``needed`` (bytes) exceeds the budget."""
    budget = budget_bytes()
    if needed > budget:
        raise HyosanError.one(
            f"{what} would need about {_size(needed)} of memory, over the budget of "
            f"{_size(budget)}",
            source=source,
            where=where,
            allowed="fewer takes, points or snapshots, a smaller size, or a larger budget "
            "(environment variable HYOSAN_MEMORY_GB)",
        )


def memory_message(needed: float, what: str) -> str | None:
    """The reason a run of estimated memory ``needed`` is refused; None within the budget."""
    budget = budget_bytes()
    if needed <= budget:
        return None
    return (
        f"{what} would need about {_size(needed)} of memory, over the budget of {_size(budget)}"
        " (fewer takes, points or snapshots, a smaller size, or set HYOSAN_MEMORY_GB)"
    )


def check_count(value: int, low: int, high: int, where: str) -> int:
    """A command-line count within ``[low, high]``, else a clean error naming the option."""
    if not low <= value <= high:
        raise HyosanError.one(
            "out of range", where=where, value=value, allowed=f"{low:,} to {high:,}"
        )
    return value


def _size(n: float) -> str:
    for unit, scale in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20)):
        if n >= scale:
            return f"{n / scale:,.1f} {unit}"
    return f"{n / 1024:,.0f} KiB"


def run_bytes(scenario: object, takes: int) -> float:
    """Estimated memory of a run of ``takes`` takes: the combined result it ends with (every
    take's series, snapshots or events, with the copies a table makes) and one take's state."""
    engine = getattr(scenario, "engine", "")
    spec = getattr(scenario, engine, None)
    if spec is None:
        return 0.0
    fixed, per_take = _per_engine(engine, spec)
    return fixed + takes * per_take


def stored_run_bytes(scenario: object, takes: int, chunk_rows: int) -> float:
    """Estimated memory of a run streamed into a run store (``hyosan run``): its chunks of at
    most ``chunk_rows`` rows of series pass through one or two at a time and only one row per
    take (``final``) is kept whole, so a compartmental run's memory is that of two chunks and
    its final table, however many takes run. Engines whose runs keep more (snapshots, events)
    are estimated as :func:`run_bytes` does."""
    engine = getattr(scenario, "engine", "")
    spec = getattr(scenario, engine, None)
    if engine != "compartmental" or spec is None:
        return run_bytes(scenario, takes)
    fixed, per_take = _per_engine(engine, spec)
    chunk_takes = max(1, chunk_rows // max(1, spec.points))
    final_row = (len(network_of(spec).species) + 1) * 8 * 4.0
    return fixed + min(takes, 2 * chunk_takes) * per_take + takes * final_row


def _per_engine(engine: str, spec: object) -> tuple[float, float]:
    """(memory of one take's state, memory each take adds to the result), bytes."""
    from typing import Any

    s: Any = spec
    if engine == "compartmental":
        species = len(network_of(s).species)
        return 0.0, s.points * (species + 2) * 8 * 4.0
    if engine == "lattice":
        snaps = len(s.snapshot_times())
        series = s.points * 10 * 8 * 4.0
        if s.kind == "bond" and s.bond is not None:
            sites = float(s.bond.rows) * s.bond.cols
            blocks = -(-s.bond.rows // s.bond.block) * -(-s.bond.cols // s.bond.block)
            return sites * 12, series + (snaps * 3 + 1) * blocks * 4.0
        return 0.0, series
    if engine == "building":
        if s.repast is not None:
            agents = float(s.repast.humans) + s.repast.zombies
            return agents * 64, (s.repast.ticks + 1) * 8 * 8 * 4.0
        seconds = s.duration * 3600.0
        rows = seconds / s.record_every + 1
        rooms = seconds / s.rooms_every + 1
        return 0.0, s.max_events * 64.0 + rows * 24 * 8 * 4 + rooms * 100 * 8 * 4
    return 0.0, 0.0
