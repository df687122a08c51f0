"""Quantities with units in scenario files: ``"72 h"``, ``"30 min"``, ``"0.5 /day"``.

A bare number is taken in the unit the schema states for that parameter; a string carries its
own unit and is converted. A unit of the wrong kind (a length where a time is wanted) is an error.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Annotated

from pydantic import BeforeValidator

SECONDS: dict[str, float] = {
    "s": 1.0, "sec": 1.0, "second": 1.0, "seconds": 1.0,
    "min": 60.0, "minute": 60.0, "minutes": 60.0,
    "h": 3600.0, "hr": 3600.0, "hour": 3600.0, "hours": 3600.0,
    "d": 86400.0, "day": 86400.0, "days": 86400.0,
    "wk": 604800.0, "week": 604800.0, "weeks": 604800.0,
}  # fmt: skip
TIME_UNITS = "s, min, h, d, wk"

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_DURATION = re.compile(rf"^\s*({_NUMBER})\s*([A-Za-z]+)\s*$")
_RATE = re.compile(rf"^\s*({_NUMBER})\s*(?:/|per\s+)\s*([A-Za-z]+)\s*$")


def to_seconds(unit: str) -> float:
    """Seconds in one ``unit`` of time."""
    try:
        return SECONDS[unit]
    except KeyError:
        raise ValueError(f"unknown time unit {unit!r}; allowed: {TIME_UNITS}") from None


def parse_duration(value: object, unit: str) -> float:
    """A duration in ``unit``: a number already in ``unit``, or a string like ``"72 h"``."""
    if isinstance(value, bool):
        raise ValueError(f"expected a duration such as '3 {unit}', not a boolean")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        match = _DURATION.match(value)
        if match is None:
            raise ValueError(f"expected a duration like '3 {unit}' with a unit from {TIME_UNITS}")
        number, given = match.groups()
        return float(number) * to_seconds(given) / to_seconds(unit)
    raise ValueError(f"expected a duration such as '3 {unit}'")


def parse_rate(value: object, unit: str) -> float:
    """A rate per ``unit`` of time: a number already per ``unit``, or ``"0.5 /h"``."""
    if isinstance(value, bool):
        raise ValueError(f"expected a rate such as '0.5 /{unit}', not a boolean")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        match = _RATE.match(value)
        if match is None:
            raise ValueError(
                f"expected a rate like '0.5 /{unit}' with a time unit from {TIME_UNITS}"
            )
        number, given = match.groups()
        return float(number) * to_seconds(unit) / to_seconds(given)
    raise ValueError(f"expected a rate such as '0.5 /{unit}'")


def duration(unit: str) -> object:
    """A pydantic float type for a duration stored in ``unit``."""
    return Annotated[float, BeforeValidator(partial(parse_duration, unit=unit))]


def rate(unit: str) -> object:
    """A pydantic float type for a rate stored per ``unit``."""
    return Annotated[float, BeforeValidator(partial(parse_rate, unit=unit))]


Hours = Annotated[float, BeforeValidator(partial(parse_duration, unit="h"))]
Seconds = Annotated[float, BeforeValidator(partial(parse_duration, unit="s"))]
Days = Annotated[float, BeforeValidator(partial(parse_duration, unit="d"))]
PerHour = Annotated[float, BeforeValidator(partial(parse_rate, unit="h"))]
PerDay = Annotated[float, BeforeValidator(partial(parse_rate, unit="d"))]
