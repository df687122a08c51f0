"""People go round a way they know is blocked (``moving.detour``), on a tiny plan: a group
leaves the west room for the east room, and the short way, through the hall, has a zombie in it
that cannot move. With a detour of one room allowed they take the two passages to the north
instead and nobody sets foot in the hall; with ``detour = -1`` (the rule before) they take the
hall. Both ways lead to the east room, so everyone gets there either way."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from tests.building.conftest import run
from tests.building.test_outside import GROUP, leaving_east

PLAN = """\
; The west and east rooms either side of a hall with a zombie in it; two passages to the
; north make a way round, one room longer.
[rooms]
a = west room
b = east room
c = west passage
d = east passage
[floor 1: hall]
###############################
#ccccccccccccccc+ddddddddddddd#
#ccccccccccccccc#ddddddddddddd#
###+#####################+#####
#aaaaa#.................#bbbbb#
#aaaaa+.................+bbbbb#
#aaaaa#.................#bbbbb#
###############################
"""
TAKES = 3


def crossing(
    tiny: Any, plan: str, zombie_in: str, moving: dict[str, Any], bodies: bool = True
) -> pd.DataFrame:
    """The people in each room every step (2 s) of takes in which the group leaves the west
    room of ``plan`` for its east room (from six minutes on, all together), a zombie that
    cannot move in ``zombie_in``, with the ``moving`` settings, bodies on or off."""
    path = leaving_east(
        tiny,
        GROUP,
        {"hills_share": 1.0, "camp_admit": 0.0},
        zombie_in=zombie_in,
        plan=plan,
        decisions={"individual": False, "look_ahead": 0.0},
        moving=moving,
        bodies={"on": bodies},
        rooms_every="2 s",
        duration="30 min",
    )
    rooms: pd.DataFrame = run(path, takes=TAKES, seed=4).tables["rooms"]
    return rooms


def _rooms(tiny: Any, detour: int) -> pd.DataFrame:
    """The group crossing past the hall with a zombie in it, with ``detour``."""
    return crossing(tiny, PLAN, "hall", {"detour": detour})


def most(rooms: pd.DataFrame, room: str) -> pd.Series:
    """The most uninfected people seen in ``room`` at one time, take by take."""
    return rooms[rooms["room"] == room].groupby("take")["S"].max()


def last(rooms: pd.DataFrame, room: str) -> pd.Series:
    """The uninfected people in ``room`` at the end, take by take."""
    inside = rooms[rooms["room"] == room]
    return inside[inside["t"] == inside["t"].max()].set_index("take")["S"]


@pytest.mark.parametrize("detour", [1, 3])
def test_the_group_goes_round_the_hall_with_a_zombie_in_it(tiny: Any, detour: int) -> None:
    rooms = _rooms(tiny, detour)
    assert (most(rooms, "hall") == 0).all(), "nobody walks into the hall they hear a zombie in"
    assert (most(rooms, "west passage") > 0).all(), "the way round is taken"
    assert (last(rooms, "east room") == len(GROUP)).all(), "and everyone gets there"


def test_without_a_detour_the_group_takes_the_short_way_through_the_zombie(tiny: Any) -> None:
    rooms = _rooms(tiny, -1)
    assert (most(rooms, "hall") > 0).all(), "the control must take the hall"
    assert (most(rooms, "west passage") == 0).all(), "and not the way round"
