"""Soldiers and helicopter crews look, on tiny plans: the cordon refuses someone with signs and
takes someone without, catches a halfbie only when it sees through them; a helicopter that fails
takes nobody, and one takes no more than its seats."""

from __future__ import annotations

import pytest
from tests.building.conftest import fate, run
from tests.building.test_virus_course import SLOW_ZOMBIE, STILL

TAKES = 4


def _infected(name: str, room: str) -> dict[str, object]:
    """``name`` scratched at the start, turning in 10 h, signs after 6 minutes (1 %)."""
    return {
        "patient_zero": name,
        "infected_in": room,
        "route": "scratch",
        "infected_before": 0,
        "turns_after": "10 h",
    }


def _fates(result, name: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {fate(result, name, take)["fate"] for take in range(1, TAKES + 1)}


@pytest.mark.parametrize(
    ("screening", "shoot", "infected_fate"),
    [(True, 1.0, {"D"}), (True, 0.0, {"E"}), (False, 1.0, {"V"})],
)
def test_the_cordon_refuses_someone_with_signs_and_takes_someone_without(
    tiny, screening: bool, shoot: float, infected_fate: set[str]
) -> None:
    # A and B wait at the gate (the east room); the soldiers check from 12 minutes on, when
    # B's signs show (B hides the scratch: only signs give B away).
    path = tiny(
        [{"name": "Z0", "room": "west room"}, {"name": "A", "room": "east room"}]
        + [{"name": "B", "room": "east room"}],
        outbreak={**_infected("B", "east room"), "zombies": ["Z0"]},
        zombies=STILL,
        virus={"hide_chance": 1.0, "signs_at": 0.01, "expel_rate": 0.0},
        world={
            "cordon_at": "0.2 h",
            "cordon_admit": 1.0,
            "screening": screening,
            "cordon_shoot": shoot,
        },
        roles={"gate": "east room"},
        duration="30 min",
    )
    result = run(path, takes=TAKES, seed=3)
    assert _fates(result, "A") == {"V"}
    assert _fates(result, "B") == infected_fate
    events = result.tables["events"]
    if infected_fate == {"E"}:
        refused = events[(events["event"] == "refused") & (events["whom"] == "B")]
        assert refused["take"].nunique() == TAKES


@pytest.mark.parametrize(("detect", "halfbie_fate"), [(1.0, {"D"}), (0.0, {"V"})])
def test_a_halfbie_passes_the_cordon_only_when_not_seen_through(
    tiny, detect: float, halfbie_fate: set[str]
) -> None:
    path = tiny(
        [SLOW_ZOMBIE | {"room": "west room"}, {"name": "H0", "room": "east room"}],
        outbreak={"zombies": ["Z0"], "halfbies": ["H0"]},
        zombies=STILL,
        halfbies={"detect": detect, "hunger": 0.0},
        world={"cordon_at": "0 h", "cordon_admit": 1.0, "cordon_shoot": 1.0},
        roles={"gate": "east room"},
        duration="10 min",
    )
    assert _fates(run(path, takes=TAKES, seed=5), "H0") == halfbie_fate


def _roof(tiny, world: dict[str, object], infected: bool = False):  # type: ignore[no-untyped-def]
    """Five people on the roof (the west room), a helicopter at 6 minutes; with ``infected``,
    P0 was bitten openly (a bite seen) and turns in 10 h."""
    people = [{"name": f"P{k}", "room": "west room"} for k in range(5)]
    outbreak: dict[str, object] = {"zombies": ["Z0"]}
    if infected:
        outbreak |= _infected("P0", "west room")
    return tiny(
        [SLOW_ZOMBIE, *people],
        outbreak=outbreak,
        zombies=STILL,
        virus={"hide_chance": 0.0, "expel_rate": 0.0, "signs_at": 0.9},
        world={"rescue_at": ["0.1 h"], **world},
        roles={"roof": "west room"},
        duration="10 min",
    )


def _lifted(result) -> list[int]:  # type: ignore[no-untyped-def]
    fates = result.tables["fates"]
    people = fates[fates["name"].str.startswith("P")]
    return [int((people[people["take"] == k]["fate"] == "V").sum()) for k in range(1, TAKES + 1)]


def test_a_failed_rescue_takes_nobody(tiny) -> None:
    result = run(_roof(tiny, {"rescue_fail": 1.0}), takes=TAKES, seed=7)
    assert _lifted(result) == [0] * TAKES
    events = result.tables["events"]
    assert (events["event"] == "no landing").sum() == TAKES


@pytest.mark.parametrize(("seats", "lifted"), [(2, 2), (5, 5), (100, 5)])
def test_a_helicopter_takes_no_more_than_its_seats(tiny, seats: int, lifted: int) -> None:
    world = {"rescue_fail": 0.0, "rescue_seats": seats}
    assert _lifted(run(_roof(tiny, world), takes=TAKES, seed=7)) == [lifted] * TAKES


@pytest.mark.parametrize(("screening", "lifted"), [(True, 4), (False, 5)])
def test_the_crew_leaves_the_visibly_infected(tiny, screening: bool, lifted: int) -> None:
    world = {"rescue_fail": 0.0, "screening": screening}
    result = run(_roof(tiny, world, infected=True), takes=TAKES, seed=9)
    assert _lifted(result) == [lifted] * TAKES
    assert _fates(result, "P0") == ({"E"} if screening else {"V"})
