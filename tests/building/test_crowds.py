"""Crowds jam at doors, on a tiny plan: forty people leave one room for another together, and
no more than ``ceil(door_flow · dt)`` of them step through a doorway in a step — the flow bound
holds at every step, and all of them get through; without a limit they pour through."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest
from tests.building.conftest import run
from tests.building.test_outside import leaving_east

CROWD = 40
DT = 2.0


def _arrivals(tiny: Any, door_flow: float) -> pd.DataFrame:
    """The count in the east room at every step of one take (the whole room follows its
    leader there; nobody is taken on to the camp)."""
    people = [{"name": "L", "room": "west room", "leader": True, "status": 1.0}]
    people += [{"name": f"P{k}", "room": "west room"} for k in range(1, CROWD)]
    path = leaving_east(
        tiny,
        people,
        {"hills_share": 1.0, "camp_admit": 0.0},
        decisions={"individual": False},
        moving={"door_flow": door_flow},
        rooms_every="2 s",
        duration="40 min",
    )
    rooms = run(path, takes=1, seed=3).tables["rooms"]
    east = rooms[rooms["room"] == "east room"].sort_values("t")
    return pd.DataFrame({"t": east["t"].to_numpy() * 3600, "n": east["S"].to_numpy()})


@pytest.mark.parametrize("door_flow", [0.5, 1.3])
def test_a_doorway_lets_through_at_most_its_flow_a_step(tiny: Any, door_flow: float) -> None:
    arrivals = _arrivals(tiny, door_flow)
    per_step = math.ceil(door_flow * DT)
    entered = arrivals["n"].diff().fillna(arrivals["n"].iloc[0])
    steps = (arrivals["t"].diff().fillna(DT) / DT).round()
    assert (entered <= per_step * steps).all(), "more came through than the doorway passes"
    assert arrivals["n"].iloc[-1] == CROWD, "the jam clears: everyone gets through"
    moving = arrivals[(arrivals["n"] > 0) & (arrivals["n"] < CROWD)]
    assert len(moving) >= (CROWD - per_step) // per_step, "the crowd takes its turns"


def test_without_a_limit_the_crowd_pours_through(tiny: Any) -> None:
    arrivals = _arrivals(tiny, 0.0)
    assert arrivals["n"].iloc[-1] == CROWD
    assert arrivals["n"].diff().max() > math.ceil(1.3 * DT), "the control must exceed the bound"
