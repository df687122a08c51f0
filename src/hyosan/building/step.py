"""One step of a take: the phases, in order. This list is the table of contents of the model.

Every phase has the same signature — ``(t, p, lay, folk, world, census, log, rng)``: the time,
the parameters (:class:`~hyosan.building.records.Params`), the plan (``Layout``), the people,
the world (doors, barricades, sound, schedule), who is where (``Census``), what is written
(``Log``) and the take's draws (``Draws``, :mod:`hyosan.building.draws`) — and reads and writes named fields of
them. A new behaviour is a new module with a function of that signature and one line below.
"""

from __future__ import annotations

from numba import njit

from hyosan.building import (
    census,
    doors,
    draws,
    groups,
    people,
    record,
    schedule,
    sound,
    virus,
    zombies,
)


@njit(cache=True)
def step(t, p, lay, folk, world, crowd, log, rng):
    """Advance the take by one step of ``p.dt`` seconds at time ``t``."""
    draws.turn(t, p, lay, folk, world, crowd, log, rng)  # this step's random draws
    virus.course(t, p, lay, folk, world, crowd, log, rng)  # signs, then turning
    census.count(t, p, lay, folk, world, crowd, log, rng)  # who is in which room; leaders
    schedule.announce(t, p, lay, folk, world, crowd, log, rng)  # storm, alarm, decoys
    sound.spread(t, p, lay, folk, world, crowd, log, rng)  # noise through the room graph
    zombies.act(t, p, lay, folk, world, crowd, log, rng)  # chase and bite, follow sound, bash
    doors.doorways(t, p, lay, folk, world, crowd, log, rng)  # who stands in a doorway
    census.zombie_grid(t, p, lay, folk, world, crowd, log, rng)  # zombies cell by cell
    people.act(t, p, lay, folk, world, crowd, log, rng)  # notice, strike, flee, decide, walk
    groups.leave(t, p, lay, folk, world, crowd, log, rng)  # hiding groups leave for roof/gate
    schedule.cordon(t, p, lay, folk, world, crowd, log, rng)  # soldiers shoot at the gate
    schedule.rescue(t, p, lay, folk, world, crowd, log, rng)  # helicopters lift the roof
    schedule.strike(t, p, lay, folk, world, crowd, log, rng)  # the city is struck
    record.write(t, p, lay, folk, world, crowd, log, rng)  # counts, rooms, frames
