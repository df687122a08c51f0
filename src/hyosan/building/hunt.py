"""Zombies hunting: whom they perceive in their room, and the chase."""

from __future__ import annotations

from numba import njit

from hyosan.building.bodies import pace, place, room_at
from hyosan.building.census import cheb
from hyosan.building.codes import S
from hyosan.building.navigation import DC, DR, can_step
from hyosan.building.walk import best_neighbour, toward


@njit(cache=True, inline="always")
def prey(i, r, sight, mask, p, folk, census):
    """The nearest uninfected person zombie ``i`` sees, smells or hears in its room, and the
    distance; (-1, 1 << 30) for none. They infect and move on: only the uninfected are prey."""
    best = -1
    bestd = 1 << 30
    for q in range(census.hstart[r], census.send[r]):
        j = census.hlist[q]
        if folk.state[j] != S:
            continue
        d = cheb(folk.pos, i, j)
        if d < bestd and (d <= sight or d <= p.smell or folk.noise[j] * mask >= p.hearing):
            best = j
            bestd = d
    return best, bestd


@njit(cache=True, inline="always")
def chase(i, r, j, d, p, lay, folk, world):
    """Run at person ``j`` (``d`` away) while moves last, slowed by the crowd and round full
    cells; returns the distance left."""
    pos = folk.pos
    slow = 1.0 / pace(i, p, lay, folk, world)
    while d > 1 and folk.budget[i] >= 1.0:
        f = pos[i, 0]
        y = pos[i, 1]
        x = pos[i, 2]
        # Straight at them when the cell is open (rooms are mostly convex), else the best of
        # the eight neighbours.
        pick = toward(pos[j, 1] - y, pos[j, 2] - x)
        yy = y + DR[pick]
        xx = x + DC[pick]
        pickd = max(abs(yy - pos[j, 1]), abs(xx - pos[j, 2]))
        if not (
            can_step(lay.cells, f, y, x, DR[pick], DC[pick])
            and lay.portal_at[f, yy, xx] < 0
            and lay.region[f, yy, xx] == r
            and room_at(world, f, yy, xx)
        ):
            pick, pickd = best_neighbour(i, r, j, d, -1, True, pos, lay, world)
            if pick < 0:
                break
        place(i, f, y + DR[pick], x + DC[pick], lay, folk, world)
        folk.budget[i] -= slow
        d = pickd
    return d
