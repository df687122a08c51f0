"""Bodies take room (docs/building.md, "Bodies"): no cell of a Hyosan High take ever holds more
than its square metre allows, a herd pushes a door in faster than one zombie but only as many
as stand in front of it, and a fire drill empties the school no faster than its doors allow."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from tests.building.conftest import run
from tests.building.test_behaviour import ZOMBIE, person

import hyosan
from hyosan.building.engine import building_of
from hyosan.building.plan import DOOR, GROUND, LEDGE
from hyosan.result import Result
from hyosan.scenario import load_scenario

JAM = 5
"""Bodies a square metre holds at the default jam density, 5.4 per m² (Weidmann 1993)."""


def _most_on_a_cell(result: Result, cells: np.ndarray) -> tuple[int, int]:
    """The most standing agents on one cell in any frame, and on one metre of ledge."""
    pos = result.arrays["frames_pos"][0].astype(np.int64)
    standing = result.arrays["frames_state"][0] <= 3
    most = ledge = 0
    for k in range(len(pos)):
        here = pos[k][standing[k]]
        key, count = np.unique(
            (here[:, 0] * cells.shape[1] + here[:, 1]) * cells.shape[2] + here[:, 2],
            return_counts=True,
        )
        most = max(most, int(count.max(initial=0)))
        on_ledge = cells.ravel()[key] == LEDGE
        ledge = max(ledge, int(count[on_ledge].max(initial=0)))
    return most, ledge


@pytest.fixture(scope="module")
def hyosan_high() -> Any:
    scenario = load_scenario("hyosan-high")
    assert scenario.building is not None
    return building_of(scenario.building, scenario).plan.cells


@pytest.mark.parametrize("bodies", [True, False])
def test_no_cell_of_a_hyosan_high_take_holds_more_than_its_metre(
    hyosan_high: np.ndarray, bodies: bool
) -> None:
    """Every step of the first four hours (the outbreak) of take 1, seed 1: at most five on a
    square metre, one on a metre of ledge. Without bodies (the control) the herd is a point:
    the same take piles far more onto one cell, so the check can fail."""
    sets = ["building.duration='4 h'", "building.frame_every='2 s'"]
    sets.append(f"building.bodies.on={str(bodies).lower()}")
    result = hyosan.simulate("hyosan-high", takes=[1], seed=1, overrides=sets, progress=False)
    most, ledge = _most_on_a_cell(result, hyosan_high)
    if bodies:
        assert most <= JAM and ledge <= 1, (most, ledge)
    else:
        assert most > 2 * JAM, most


def _herd(tiny: Any, zombies: int, inside: int = 2, hold: float = 0.0) -> tuple[float, int]:
    """When ``zombies`` drawn by a decoy break the west room's barricaded door, and how many
    pushed it in a step; ``inside`` people in the room, each holding with ``hold``."""
    herd = [{**ZOMBIE, "name": f"Z{k}"} for k in range(zombies)]
    people = [person(f"P{k}", "west room") for k in range(inside)]
    path = tiny(
        [*herd, *people],
        outbreak={"zombies": [z["name"] for z in herd]},
        decoys=[{"room": "west room", "at": "0 h", "lasts": "3 h", "loudness": 50.0}],
        people={"barricade_rate": 1000.0, "barricade_max": 3000.0, "door_strength": 100.0},
        zombies={"strength": 2.0, "bash": 1.0},
        bodies={"hold": hold},
        duration="3 h",
    )
    events = run(path).tables["events"]
    broke = events[(events["event"] == "break") & (events["room"] == "west room")]
    assert len(broke), "the barricade gives"
    return float(broke["t"].iloc[0] * 3600), int(broke["n"].iloc[0])


WALK = 30.0
"""Seconds a zombie may take to cross the hall to the door before it pushes."""


def test_a_herd_pushes_a_door_in_together_up_to_what_fits(tiny: Any) -> None:
    """3,000 barricade points: one zombie of strength 2 pushes them in 1,500 s; 30 would take
    50 s if all pushed, but a door is met straight on, so only the five on the metre in front of
    it push (the rest wait behind): 300 s, and the break is logged as pushed in by five."""
    alone, n1 = _herd(tiny, 1)
    crowd, n30 = _herd(tiny, 30)
    assert n1 == 1 and 1500.0 <= alone <= 1500.0 + WALK, (alone, n1)
    assert n30 == JAM, n30
    assert 3000.0 / (2.0 * JAM) <= crowd <= 3000.0 / (2.0 * JAM) + WALK, crowd


def test_people_holding_the_door_hold_the_zombie_off(tiny: Any) -> None:
    """Fifteen people fill the west room's fifteen metres, three of them against the door: at
    ``hold`` 0.5 each they take 1.5 of the 2 points a second one zombie of strength 2 pushes, so
    the barricade lasts about four times as long (at least twice, whoever stands there)."""
    alone, _ = _herd(tiny, 1, inside=15, hold=0.0)
    held, _ = _herd(tiny, 1, inside=15, hold=0.5)
    assert held >= 2 * alone, (held, alone)


def test_a_fire_drill_empties_the_school_no_faster_than_its_doors() -> None:
    """Hyosan High's drill, take 1: all 759 leave the building, each once, and the last not
    before the doors to the open ground could pass them all at 1.3 a second each."""
    result = hyosan.simulate("hyosan-high-drill", takes=[1], seed=1, progress=False)
    egress = result.tables["egress"]
    assert len(egress) == 759 and egress["agent"].is_unique
    scenario = load_scenario("hyosan-high-drill")
    assert scenario.building is not None
    plan = building_of(scenario.building, scenario).plan
    ground = plan.region[0][plan.cells[0] == GROUND]
    doors_out = 0
    for r, c in zip(*np.nonzero(plan.cells[0] == DOOR), strict=True):
        beside = plan.cells[0, r - 1 : r + 2, c - 1 : c + 2]
        doors_out += int((beside == GROUND).any())
    assert ground.size and doors_out > 0
    drill_at = 5 / 60
    assert (egress["t"] >= drill_at).all()
    last = (egress["t"].max() - drill_at) * 3600
    assert last >= 759 / (1.3 * doors_out), f"{last:.0f} s through {doors_out} doors"
