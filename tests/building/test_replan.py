"""People remember a room they found blocked and plan their whole way round it
(``moving.memory``), on a tiny plan: a group leaves the west room for the east room, and the
short way, through the hall and the stock room, has a zombie in the stock room that cannot move.
They hear it only from the hall. Going one door at a time (no memory) they find nothing better
from the hall — its only other door leads back the short way — and walk through the stock room;
remembering it, they turn back and go round by the three passages to the north (two rooms
longer than the way from the west room, three from the hall), and nobody sets foot in the stock
room."""

from __future__ import annotations

from typing import Any

import pandas as pd
from tests.building.test_detour import crossing, last, most
from tests.building.test_outside import GROUP

PLAN = """\
; The short way east goes through the hall and the stock room; three passages to the north
; make a way round, one room longer from the west room.
[rooms]
a = west room
b = east room
c = west passage
d = middle passage
e = east passage
f = stock room
[floor 1: hall]
###################################
#cccccccccc+dddddddddd+eeeeeeeeeee#
#cccccccccc#dddddddddd#eeeeeeeeeee#
###+###########################+###
#aaaaa#.........#ffffffff#bbbbbbbb#
#aaaaa+.........+ffffffff+bbbbbbbb#
#aaaaa#.........#ffffffff#bbbbbbbb#
###################################
"""


def _rooms(tiny: Any, memory: str) -> pd.DataFrame:
    """The group crossing past the stock room with a zombie in it, with a detour of up to three
    rooms and ``memory``. Doors pass any crowd here (``door_flow`` 0): what is tested is what
    people know of the way, not a jam at a door, which is another reason to go round."""
    return crossing(tiny, PLAN, "stock room", {"detour": 3, "memory": memory, "door_flow": 0.0})


def test_remembering_the_stock_room_the_group_goes_round_it(tiny: Any) -> None:
    rooms = _rooms(tiny, "10 min")
    assert (most(rooms, "hall") > 0).all(), "they first take the short way, to the hall"
    assert (most(rooms, "stock room") == 0).all(), "nobody walks into the room they found blocked"
    assert (most(rooms, "middle passage") > 0).all(), "the way round is taken"
    assert (last(rooms, "east room") == len(GROUP)).all(), "and everyone gets there"


def test_one_door_at_a_time_the_group_walks_through_the_stock_room(tiny: Any) -> None:
    rooms = _rooms(tiny, "0 s")
    assert (most(rooms, "stock room") > 0).all(), "the control must take the stock room"
    assert (most(rooms, "middle passage") == 0).all(), "and not the way round"
