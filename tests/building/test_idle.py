"""Idle zombies shuffle at ``wander_chance`` a step, whenever and however they became idle.

An idle zombie (nobody to hunt, no sound to follow) draws the steps to its next shuffle once,
geometric with chance ``wander_chance`` a step; a wait drawn before it was last busy and since
passed is drawn anew at the first idle step (:func:`hyosan.building.roam.wander`). Either way,
each idle zombie must shuffle with chance ``wander_chance`` at every step, independently: a
Bernoulli rate, checked here against its binomial bounds. Thirty zombies stand in a pen with
nobody to hunt; a decoy in the hall beyond an unbreakable window keeps them busy for three
minutes (they crowd at the window and bash it), so the rate is checked before the decoy
(zombies idle from the start, their first wait not yet drawn), in the two minutes after it
(busy, then idle again in the same room, their waits fallen due meanwhile) and after that. A
shuffle moves a zombie one cell unless a wall is in the way, so only zombies whose eight
neighbours are all open floor of their own room count.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from tests.building.conftest import run, tiny_scenario

PLAN = """\
; A pen of zombies and a hall where a decoy plays for a while.
[rooms]
a = pen
[floor 1: hall]
##################################
#aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa#
#aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa#
#aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa#
#aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa#
#aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa#
#aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa#
################=#################
#................................#
##################################
"""
ZOMBIES = 30
STEP = 2.0
DECOY = (300.0, 480.0)
"""Seconds the decoy in the hall plays: from 5 to 8 minutes."""


def _open_inside(plan: str) -> np.ndarray:
    """Cells whose eight neighbours are all of the cell's own room (no wall, door or other
    room): a shuffle from there always moves."""
    grid = np.array([list(line) for line in plan.splitlines()[4:]])
    inside = np.zeros(grid.shape, dtype=bool)
    for y in range(1, grid.shape[0] - 1):
        for x in range(1, grid.shape[1] - 1):
            inside[y, x] = grid[y, x] in "a." and bool(
                (grid[y - 1 : y + 2, x - 1 : x + 2] == grid[y, x]).all()
            )
    return inside


def _moves(tmp_path: Path, chance: float) -> tuple[np.ndarray, ...]:
    """For each step and zombie: whether it could shuffle freely and whether it moved; and the
    time each step ended (seconds)."""
    zombies = [{"name": f"Z{k}", "room": "pen"} for k in range(ZOMBIES)]
    path = tiny_scenario(
        tmp_path,
        zombies,
        plan=PLAN,
        duration="20 min",
        frame_every=f"{STEP} s",
        outbreak={"zombies": [z["name"] for z in zombies]},
        zombies={"wander_chance": chance},
        world={"alarm_zombies": 10 * ZOMBIES},  # no alarm: it would draw them to the hall
        people={"glass_strength": 1e12},
        decoys=[{"room": "hall", "at": "5 min", "lasts": "3 min", "loudness": 50.0}],
    )
    result = run(path, seed=11)
    pos = result.arrays["frames_pos"][0]
    times = np.asarray(result.meta["frame_times"], dtype=float) * 3600.0
    inside = _open_inside(PLAN)
    free = inside[pos[:-1, :, 1], pos[:-1, :, 2]]
    moved = (pos[1:] != pos[:-1]).any(axis=2)
    return free, moved, times[1:]


@pytest.mark.parametrize("chance", [0.1, 0.35])
def test_idle_zombies_shuffle_at_their_chance(tmp_path: Path, chance: float) -> None:
    free, moved, ends = _moves(tmp_path, chance)
    assert len(ends) == 600 and np.isclose(ends[1] - ends[0], STEP)
    periods = {
        "idle from the start": (0.0, DECOY[0] - STEP),
        "busy, then idle again": (DECOY[1] + STEP, DECOY[1] + 120.0),
        "after": (DECOY[1] + 120.0, ends[-1]),
    }
    for name, (start, end) in periods.items():
        trials = free & ((ends > start) & (ends <= end))[:, None]
        n = int(trials.sum())
        k = int(moved[trials].sum())
        sd = math.sqrt(n * chance * (1 - chance))
        assert n > 200, (name, n)
        assert abs(k - n * chance) <= 4 * sd, (name, k, n, chance)
