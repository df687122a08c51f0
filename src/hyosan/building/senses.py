"""People's senses: learning of the outbreak."""

from __future__ import annotations

from numba import njit

from hyosan.building.draws import NOTICE, uniform


@njit(cache=True, inline="always")
def notice(i, r, p, folk, world, census, rng):
    """Person ``i`` learns of the outbreak: at once from the alarm; else, when their room
    panics (zombies, screams, aware people), at ``aware_chance`` a second scaled by their
    ``survival`` sense against ``survival_reference`` (the sharp take it in sooner)."""
    if folk.aware[i] == 1:
        return
    alarm = world.alarm[0] == 1
    panic = (
        alarm or census.zcount[r] > 0 or world.scream[r] > p.panic_loudness or census.acount[r] > 0
    )
    if not panic:
        return
    odds = p.aware_chance * p.dt * folk.survival[i] / p.survival_reference
    if alarm or uniform(rng, NOTICE, i) < odds:
        folk.aware[i] = 1
