"""Which take a report shows, and why; and the school's clock its times are read on.

A report of many takes draws one take's floors, tree, rooms, story and animation. Unless the
reader asks for a take (``hyosan report RUN --take K``), it is the *typical* take: the one
whose survivors (S, H or V at the end, :mod:`hyosan.outcomes`) are the median of the takes
(the lower median on a tie, then the first such take), so the picture is neither the best nor
the worst the run holds. Other engines have no survivors: their typical take is the first.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tomllib

from hyosan.errors import HyosanError
from hyosan.outcomes import SURVIVED

if TYPE_CHECKING:
    from hyosan.result import Result

DEFAULT_START_HOUR = 8.5
"""The hour of day a building run starts when its scenario does not say (the scenario's
``building.world.start_hour`` default: 08:30, first period)."""


@dataclass(frozen=True)
class Shown:
    """The take a report shows and, in words, why that one."""

    take: int
    why: str


def shown_take(result: Result, asked: int | None = None) -> Shown:
    """The take asked for, else the typical take (median survivors), with the reason."""
    takes = list(result.takes)
    if asked is not None:
        if asked not in takes:
            shown = ", ".join(map(str, takes[:12])) + (" …" if len(takes) > 12 else "")
            raise HyosanError.one(
                "the run has no such take", where="--take", value=asked, allowed=shown
            )
        return Shown(asked, f"take {asked}, as asked (--take)")
    if not takes:
        return Shown(1, "take 1")
    alive = [s for s in sorted(SURVIVED) if s in result.final]
    if len(takes) == 1 or result.engine != "building" or not alive:
        return Shown(takes[0], f"take {takes[0]}, the first" if len(takes) > 1 else "the take")
    final = result.final.sort_values("take", kind="stable")
    survivors = final[alive].sum(axis=1).to_numpy()
    order = sorted(range(len(final)), key=lambda i: (survivors[i], i))
    middle = order[(len(order) - 1) // 2]
    take = int(final["take"].iloc[middle])
    low, high = int(survivors.min()), int(survivors.max())
    return Shown(
        take,
        f"take {take}, the typical take: its {int(survivors[middle])} survivors are the median "
        f"of the {len(takes)} takes ({low}–{high}); --take K shows another",
    )


def start_hour(result: Result) -> float:
    """The hour of day the run starts (``building.world.start_hour`` of its scenario text)."""
    text = result.provenance.get("scenario_text")
    if isinstance(text, str):
        try:
            world = tomllib.loads(text).get("building", {}).get("world", {})
        except tomllib.TOMLDecodeError:
            world = {}
        value = world.get("start_hour") if isinstance(world, dict) else None
        if isinstance(value, int | float) and math.isfinite(value):
            return float(value) % 24.0
    return DEFAULT_START_HOUR


def school_clock(hours: float, start: float = DEFAULT_START_HOUR) -> str:
    """Hours since the start, on the school's clock: ``"day 1, 10:00"``; before the first day,
    ``"the day before, 18:30"``."""
    minutes = int(round((start + hours) * 60))
    day, minute = divmod(minutes, 24 * 60)
    when = f"{minute // 60:02d}:{minute % 60:02d}"
    if day < 0:
        return f"{-day} days before, {when}" if day < -1 else f"the day before, {when}"
    return f"day {day + 1}, {when}"


_ELAPSED = re.compile(r"^-?\d+:\d\d — ")
"""The elapsed-time prefix a stored story line starts with ("01:30 — ")."""


def sentence(line: str) -> str:
    """A story line without its elapsed-time prefix, the report giving the school's clock."""
    return _ELAPSED.sub("", line, count=1)
