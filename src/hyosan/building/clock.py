"""Time of day, weather and news: night, the storm's masking of sound, word of the strike."""

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
def warned(p, t):
    """Whether word of the strike has come by ``t``: staying in the zone means death."""
    return t >= p.warn_at


@njit(cache=True, inline="always")
def storm_on(p, t):
    """Whether the storm rages at ``t``."""
    return p.storm_from <= t < p.storm_to


@njit(cache=True, inline="always")
def masking(p, t):
    """Fraction of sound zombies still hear at ``t`` (the storm drowns it out)."""
    return p.storm_masking if storm_on(p, t) else 1.0
