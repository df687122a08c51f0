"""People walking down a field to the next portal: they open doors, knock at barricades held
from the other side, pull aside their own room's barricade to leave, climb through windows — a
doorway lets ``door_flow`` people a second through, and the crowd behind waits."""

from __future__ import annotations

from numba import njit

from hyosan.building.codes import EV_UNBARRICADE
from hyosan.building.doors import held_against, knock, unsealed
from hyosan.building.events import log_event
from hyosan.building.plan import WINDOW
from hyosan.building.routes import far_side
from hyosan.building.walk import enter, next_cell


@njit(cache=True, inline="always")
def _through(i, r, k, t, p, lay, folk, world, census, log, rng):
    """Person ``i`` at portal ``k`` from room ``r``: False when a barricade stops them."""
    other = far_side(k, r, lay)
    if held_against(k, other, world):
        return knock(i, r, other, t, p, folk, census, log, rng)
    if world.barricade[k] > 0 and world.bar_side[k] == r:
        # Leaving: the desks are pulled aside (and can be piled up again).
        world.barricade[k] = 0.0
        world.built[k] = 0.0
        unsealed(k, lay, world)
        log_event(log, t, EV_UNBARRICADE, i, -1, r, 0)
    return True


@njit(cache=True, inline="always")
def jammed(k, t, p, world):
    """Whether portal ``k`` has let through all ``door_flow`` allows this step (the crowd
    behind waits); False without a limit."""
    if p.door_flow <= 0.0:
        return False
    if world.door_t[k] != t:
        world.door_t[k] = t
        world.door_pass[k] = 0
    return world.door_pass[k] >= p.door_flow * p.dt


@njit(cache=True, inline="always")
def walk(i, r, k, t, p, lay, folk, world, census, log, rng):
    """Walk down field ``k`` while moves last, stopping on entering another room."""
    while folk.budget[i] >= 1.0:
        pick, ff, yy, xx, pp = next_cell(i, r, k, folk.pos, lay)
        if pick < 0:
            break
        cost = p.stair_cost if pick >= 8 else 1.0
        if pp >= 0:
            if jammed(pp, t, p, world):
                break
            if not _through(i, r, pp, t, p, lay, folk, world, census, log, rng):
                break
            if lay.cells[ff, yy, xx] == WINDOW:
                cost += p.window_cost
        if folk.budget[i] < cost:
            break
        folk.budget[i] -= cost
        if pp >= 0:
            world.door_occ[pp] = 1
            world.door_pass[pp] += 1
        if enter(i, r, ff, yy, xx, lay, folk):
            break
