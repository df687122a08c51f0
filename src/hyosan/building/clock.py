"""Time of day and weather: night and the storm's masking of sound."""

from __future__ import annotations

from numba import njit


@njit(cache=True, inline="always")
def is_night(p, t):
    """Whether it is night at ``t`` seconds after the start."""
    hour = (p.start_hour + t / 3600.0) % 24.0
    if p.night_from > p.night_to:
        return hour >= p.night_from or hour < p.night_to
    return p.night_from <= hour < p.night_to


@njit(cache=True, inline="always")
def storm_on(p, t):
    """Whether the storm rages at ``t``."""
    return p.storm_from <= t < p.storm_to


@njit(cache=True, inline="always")
def masking(p, t):
    """Fraction of sound zombies still hear at ``t`` (the storm drowns it out)."""
    return p.storm_masking if storm_on(p, t) else 1.0
