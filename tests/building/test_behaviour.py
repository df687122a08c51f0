"""Behaviour on tiny plans: noise draws zombies, barricades hold then break, shut rooms save
their people, zombies do not see halfbies."""

from __future__ import annotations

import numpy as np
import pytest
from tests.building.conftest import fate, run

ZOMBIE = {"name": "Z0", "room": "hall", "strength": 1.0, "speed": 1.0}


def person(name: str, room: str) -> dict[str, object]:
    return {"name": name, "room": room, "strength": 1.0, "speed": 1.0}


@pytest.mark.parametrize("side", ["west room", "east room"])
def test_a_zombie_follows_a_noise(tiny, side: str) -> None:
    path = tiny(
        [ZOMBIE],
        outbreak={"zombies": ["Z0"]},
        decoys=[{"room": side, "at": "0 h", "lasts": "20 min", "loudness": 50.0}],
    )
    result = run(path)
    assert fate(result, "Z0")["fate"] == "Z"
    assert fate(result, "Z0")["room"] == side


def test_a_quiet_zombie_stays_in_the_hall(tiny) -> None:
    result = run(tiny([ZOMBIE], outbreak={"zombies": ["Z0"]}))
    assert fate(result, "Z0")["room"] == "hall"


@pytest.mark.parametrize("points", [300.0, 600.0])
def test_a_barricade_holds_for_its_strength_then_breaks(tiny, points: float) -> None:
    # Three people barricade the west room at once; a decoy inside draws the zombie to the door.
    # One zombie of strength 1 × 2 takes 2 points a second off the barricade, then off the door.
    # Nobody holds it from inside (bodies.hold 0: test_bodies.py checks the holding).
    door = 100.0
    path = tiny(
        [ZOMBIE, person("A", "west room"), person("B", "west room"), person("C", "west room")],
        outbreak={"zombies": ["Z0"]},
        decoys=[{"room": "west room", "at": "0 h", "lasts": "1 h", "loudness": 50.0}],
        people={"barricade_rate": 1000.0, "barricade_max": points, "door_strength": door},
        zombies={"strength": 2.0, "bash": 1.0},
        bodies={"hold": 0.0},
        duration="30 min",
    )
    events = run(path).tables["events"]
    mine = events[(events["event"] == "break") & (events["who"] == "Z0")]
    breaks = mine["t"].to_numpy()[:2] * 3600
    assert len(breaks) == 2, events
    assert (mine["room"].iloc[:2] == "west room").all()
    rate = 2.0
    walk = 15.0  # at most 15 s to cross the hall to the door
    assert points / rate <= breaks[0] <= points / rate + walk
    np.testing.assert_allclose(breaks[1] - breaks[0], door / rate, atol=2 * 2.0)


def test_people_in_a_shut_room_survive_a_zombie_in_the_hall(tiny) -> None:
    hidden = [person(f"P{k}", "west room") for k in range(4)]
    result = run(tiny([ZOMBIE, *hidden], outbreak={"zombies": ["Z0"]}, duration="2 h"))
    assert all(fate(result, p["name"])["fate"] == "S" for p in hidden)
    assert fate(result, "Z0")["fate"] == "Z"
    doors = result.arrays["frames_portal"][0, -1]
    assert (doors == 2).any() or (doors == 4).any(), "the door was barricaded"


def test_people_in_the_open_hall_are_bitten(tiny) -> None:
    # The control of the test above: the same people, standing in the hall.
    exposed = [person(f"P{k}", "hall") for k in range(4)]
    result = run(tiny([ZOMBIE, *exposed], outbreak={"zombies": ["Z0"]}, duration="2 h"))
    assert any(fate(result, p["name"])["fate"] != "S" for p in exposed)


def test_a_halfbie_is_ignored_by_zombies(tiny) -> None:
    halfbie = {"name": "H0", "room": "hall", "self_control": 1.0}
    path = tiny(
        [ZOMBIE, halfbie, person("P0", "hall")],
        outbreak={"zombies": ["Z0"], "halfbies": ["H0"]},
        duration="30 min",
    )
    result = run(path, takes=10)
    events = result.tables["events"]
    attacked = events[events["event"].isin(["bite", "scratch"])]
    assert (attacked["whom"] != "H0").all()
    assert (result.tables["fates"].query("name == 'H0'")["fate"] == "H").all()
    bitten = attacked[attacked["whom"] == "P0"]["take"].nunique()
    assert bitten >= 3, "the person beside them is attacked in many takes"
