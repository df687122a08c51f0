"""The course of infection and the halfbies that emerge, on tiny plans: the time to turn by
route, the immunity propensity (a Beta) and how often the infected become halfbies, certainty
only when asked for, a room that pushes out the known infected, a halfbie who keeps away from
friends, and a halfbie killed by the person it attacks."""

from __future__ import annotations

import numpy as np
import pytest
from tests.building.conftest import fate, run

from hyosan.building.population import character_propensity, immunity
from hyosan.errors import HyosanError
from hyosan.scenario.building import BuildingSpec, CharacterSpec
from hyosan.story import reasons

SLOW_ZOMBIE = {"name": "Z0", "room": "east room"}
"""A zombie that calls the alarm (everyone aware at once) and cannot move: see ``STILL``."""
STILL = {"run_speed": 1e-4, "wander_chance": 0.0}
"""Zombie settings under which a zombie never takes a step in a take of under an hour."""


def _spec(**blocks: dict[str, object]) -> BuildingSpec:
    return BuildingSpec.model_validate(blocks)


@pytest.mark.parametrize(("mean", "sd"), [(0.003, 0.01), (0.2, 0.15)])
def test_immunity_is_a_beta_with_the_given_mean_and_sd(mean: float, sd: float) -> None:
    spec = _spec(virus={"halfbie_chance": mean}, halfbies={"immunity_sd": sd})
    n = 200_000
    draws = immunity(spec, n, np.random.default_rng(3))
    # The sample mean's sd is sd / sqrt(n); five of them. The sd within 3 %.
    assert abs(draws.mean() - mean) < 5 * sd / np.sqrt(n)
    assert draws.std() == pytest.approx(sd, rel=0.03)
    assert ((draws >= 0) & (draws <= 1)).all()


def test_no_spread_gives_everyone_the_mean() -> None:
    spec = _spec(virus={"halfbie_chance": 0.01}, halfbies={"immunity_sd": 0.0})
    assert (immunity(spec, 50, np.random.default_rng(0)) == 0.01).all()


def test_a_spread_wider_than_a_beta_allows_is_refused(tiny) -> None:
    path = tiny([], virus={"halfbie_chance": 0.01}, halfbies={"immunity_sd": 0.2})
    with pytest.raises(HyosanError, match="immunity_sd"):
        run(path)


@pytest.mark.parametrize(
    ("trait", "certain", "expected"),
    [(True, False, 0.5), (True, True, 1.0), (0.7, False, 0.7), (False, True, 0.004)],
)
def test_a_character_carries_a_raised_propensity_certain_only_when_asked(
    trait: bool | float, certain: bool, expected: float
) -> None:
    spec = _spec(halfbies={"certain": certain, "trait_propensity": 0.5})
    c = CharacterSpec.model_validate({"name": "A", "halfbie": trait})
    assert character_propensity(c, spec, 0.004) == expected


def _crowd(tiny, trait: bool | float, **building: object):  # type: ignore[no-untyped-def]
    """Three zombies and thirty people in the hall; nobody fights, halfbies do not bite."""
    people = [{"name": f"P{k}", "room": "hall", "halfbie": trait} for k in range(30)]
    zombies = [{"name": f"Z{k}", "room": "hall"} for k in range(3)]
    return tiny(
        zombies + people,
        outbreak={"zombies": [z["name"] for z in zombies]},
        people={"fight_chance": 0.0},
        halfbies={"hunger": 0.0, **building.pop("halfbies", {})},  # type: ignore[dict-item]
        duration="1 h",
        **building,
    )


def _halfbie_share(result) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(halfbies, turned) among people infected during the takes."""
    events = result.tables["events"]
    turned = events[events["event"].isin(["turn", "halfbie"]) & events["who"].str.startswith("P")]
    return int((turned["event"] == "halfbie").sum()), len(turned)


@pytest.mark.parametrize(
    ("trait", "blocks", "share"),
    [
        # Drawn from the population: each person's propensity a Beta of mean 0.25.
        (False, {"virus": {"halfbie_chance": 0.25}, "halfbies": {"immunity_sd": 0.2}}, 0.25),
        # halfbie = true: the raised propensity, not certainty.
        (True, {"halfbies": {"trait_propensity": 0.5}}, 0.5),
        # Certainty, asked for explicitly.
        (True, {"halfbies": {"certain": True}}, 1.0),
    ],
)
def test_halfbies_among_the_infected_match_the_propensity(
    tiny, trait: bool, blocks: dict[str, dict[str, object]], share: float
) -> None:
    result = run(_crowd(tiny, trait, **blocks), takes=12, seed=11)
    halfbies, turned = _halfbie_share(result)
    assert turned >= 100, "enough people turned for the test to have power"
    # Binomial: four standard deviations (none when the share is 1).
    tolerance = 4 * np.sqrt(share * (1 - share) / turned)
    assert abs(halfbies / turned - share) <= tolerance, (halfbies, turned)


@pytest.mark.parametrize(
    ("route", "virus", "median_s", "sd"),
    [
        ("animal", {"animal_median": "1 h", "animal_sd": 0.5}, 3600.0, 0.5),
        ("scratch", {"scratch_median": "30 min", "scratch_sd": 0.4}, 1800.0, 0.4),
        ("bite", {"bite_median": "10 min", "bite_sd": 0.5}, 600.0, 0.5),
    ],
)
def test_each_route_keeps_its_own_time_to_turn(
    tiny, route: str, virus: dict[str, object], median_s: float, sd: float
) -> None:
    outbreak = {"patient_zero": "P0", "infected_in": "hall", "route": route, "infected_before": 0}
    path = tiny(
        [{"name": "P0", "room": "hall"}],
        outbreak=outbreak,
        virus=virus,
        dt=30.0,
        duration="6 h",
    )
    takes = 80
    events = run(path, takes=takes, seed=2).tables["events"]
    turns = events[events["event"].isin(["turn", "halfbie"])]["t"].to_numpy() * 3600
    assert len(turns) == takes
    # A log-normal's sample median: log-sd 1.2533 σ / √n; four of them, plus one step of 30 s.
    tolerance = 4 * 1.2533 * sd / np.sqrt(takes) + np.log1p(30.0 / median_s)
    assert abs(np.log(np.median(turns) / median_s)) < tolerance


def _b_scratched(
    tiny, others: list[dict[str, object]], virus: dict[str, object], turns_after="10 h"
):
    """B is scratched at the start in the west room with ``others`` and turns ``turns_after``
    later; signs show only at 99 % of the way; a zombie that never moves sounds the alarm."""
    return tiny(
        [SLOW_ZOMBIE, *others, {"name": "B", "room": "west room"}],
        outbreak={
            "zombies": ["Z0"],
            "patient_zero": "B",
            "infected_in": "west room",
            "route": "scratch",
            "infected_before": 0,
            "turns_after": turns_after,
        },
        zombies=STILL,
        virus={"signs_at": 0.99, **virus},
        duration="20 min",
    )


@pytest.mark.parametrize(
    ("expel_rate", "hide_chance", "expelled"),
    [(1.0, 0.0, True), (0.0, 0.0, False), (1.0, 1.0, False)],
)
def test_a_room_pushes_out_whom_it_knows_is_infected(
    tiny, expel_rate: float, hide_chance: float, expelled: bool
) -> None:
    # B turns in 10 h and signs show only at 99 % of the way, so the room knows of it only
    # when B does not hide the scratch.
    virus = {"expel_rate": expel_rate, "hide_chance": hide_chance}
    path = _b_scratched(tiny, [{"name": "A", "room": "west room"}], virus)
    result = run(path, takes=3, seed=4)
    events = result.tables["events"]
    pushed = events[(events["event"] == "expel") & (events["whom"] == "B")]
    assert pushed["take"].nunique() == (3 if expelled else 0)
    rooms = {fate(result, "B", take)["room"] for take in (1, 2, 3)}
    assert (rooms == {"hall"}) if expelled else (rooms == {"west room"})


def _kept_scenario(tiny, friends: int, virus: dict[str, object], turns_after: str = "10 h"):
    """B, scratched at the start, hides nothing, so the west room knows at once; ``friends`` of
    the three others there are B's friends."""
    others = [
        {"name": f"A{k}", "room": "west room", **({"friends": ["B"]} if k < friends else {})}
        for k in range(3)
    ]
    return _b_scratched(tiny, others, {"expel_rate": 1.0, "hide_chance": 0.0, **virus}, turns_after)


@pytest.mark.parametrize(("friends", "keep"), [(0, 0.5), (1, 0.5), (2, 0.5), (2, 0.0)])
def test_a_room_keeps_an_infected_friend_as_often_as_keep_chance_says(
    tiny, friends: int, keep: float
) -> None:
    # The room decides once, at its first push (about a second in): it keeps B with chance
    # 1 - (1 - keep)^friends, and then for good; else B is pushed out. 60 takes: the share
    # kept within four binomial sds of that chance.
    takes = 60
    path = _kept_scenario(tiny, friends, {"keep_chance": keep})
    events = run(path, takes=takes, seed=6).tables["events"]
    kept = set(events[(events["event"] == "kept") & (events["whom"] == "B")]["take"])
    pushed = set(events[(events["event"] == "expel") & (events["whom"] == "B")]["take"])
    assert not kept & pushed, "a room that keeps someone does not push them out"
    assert len(kept | pushed) == takes, "every take's room decides"
    chance = 1.0 - (1.0 - keep) ** friends
    sd = np.sqrt(chance * (1 - chance) / takes)
    assert abs(len(kept) / takes - chance) <= 4 * sd + 1e-9, (len(kept), chance)


@pytest.mark.parametrize(("watch_kill", "end"), [(1.0, "D"), (0.0, "Z")])
def test_those_who_watch_a_kept_friend_put_them_down_as_they_turn(
    tiny, watch_kill: float, end: str
) -> None:
    path = _kept_scenario(
        tiny, 3, {"keep_chance": 1.0, "watch_kill": watch_kill}, turns_after="10 min"
    )
    result = run(path, takes=4, seed=6)
    events = result.tables["events"]
    for take in range(1, 5):
        assert fate(result, "B", take)["fate"] == end
    watched = events[events["event"] == "watched"]
    assert (len(watched) == 4) if end == "D" else watched.empty
    if end == "D":
        assert (watched["whom"] == "B").all() and (watched["room"] == "west room").all()
        bitten = events[events["event"].isin(["bite", "scratch"])]
        assert bitten.empty, "put down at once: B bites no one"
        because = reasons(result).set_index(["take", "name"])["because"]
        assert all(because[(k, "B")].startswith("kept by friends") for k in range(1, 5))


@pytest.mark.parametrize(("leave_at", "room"), [(0.35, "hall"), (1000.0, "west room")])
def test_a_halfbie_keeps_away_from_friends(tiny, leave_at: float, room: str) -> None:
    # Self-control 0.5: an urge of 0.5 with no growth, between leave_at 0.35 and hunt_at 0.6.
    halfbie = {"name": "H0", "room": "west room", "self_control": 0.5, "friends": ["P0"]}
    path = tiny(
        [SLOW_ZOMBIE, halfbie, {"name": "P0", "room": "west room"}],
        outbreak={"zombies": ["Z0"], "halfbies": ["H0"]},
        zombies=STILL,
        halfbies={"leave_at": leave_at, "hunt_at": 0.6, "hunger_growth": 0.0, "hunger": 0.0},
        duration="10 min",
    )
    result = run(path, takes=3, seed=6)
    assert {fate(result, "H0", take)["room"] for take in (1, 2, 3)} == {room}
    assert {fate(result, "P0", take)["room"] for take in (1, 2, 3)} == {"west room"}


@pytest.mark.parametrize("fight_back", [1.0, 0.5, 0.0])
def test_a_halfbie_can_be_killed_by_the_person_it_attacks(tiny, fight_back: float) -> None:
    # A starving halfbie hunts P0, who is aware (the alarm; P0 comes first in the list, so
    # hears it before the halfbie moves). Each attack P0 fights with chance f = min(fight_cap
    # 0.95, fight_back × 1) and a fight kills with k = min(kill_cap 0.9, 1 / resist 1); an
    # attack not fought is a bite. So the halfbie dies before biting with f k / (f k + 1 - f).
    halfbie = {"name": "H0", "room": "west room", "self_control": 0.0}
    fighter = {"name": "P0", "room": "west room"}
    path = tiny(
        [SLOW_ZOMBIE, fighter, halfbie],
        outbreak={"zombies": ["Z0"], "halfbies": ["H0"]},
        zombies=STILL,
        people={"fight_chance": 1.0, "kill_chance": 1.0},
        halfbies={"hunger": 1.0, "fight_back": fight_back, "strength": 2.0},
        duration="5 min",
    )
    takes = 100
    result = run(path, takes=takes, seed=8)
    fates = result.tables["fates"]
    killed = int((fates[fates["name"] == "H0"]["fate"] == "D").sum())
    f = min(0.95, fight_back)
    expected = f * 0.9 / (f * 0.9 + 1 - f)
    assert abs(killed / takes - expected) <= 4 * np.sqrt(expected * (1 - expected) / takes)
    events = result.tables["events"]
    kills = events[(events["event"] == "kill") & (events["whom"] == "H0")]
    assert len(kills) == killed and set(kills["who"]) <= {"P0"}
    bitten = events[(events["event"] == "bite") & (events["whom"] == "P0")]
    assert bitten["take"].nunique() == takes - killed
