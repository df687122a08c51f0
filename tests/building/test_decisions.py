"""How people answer a leader who proposes to leave (the choice model of docs/building.md).

On a tiny plan a leader ``L`` proposes at once to make for the "roof" (the east room); the others
in the west room answer by a multinomial logit. With every coefficient but one set to zero, the
chance to follow is a closed form (``exp(U) / (1 + exp(U))``, going alone ruled out), which the
engine's draws must match within four binomial standard deviations; the bond to the leader raises
it and a bullying leader lowers it.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from tests.building.conftest import run, tiny_scenario

PLAN = """\
; A west room to hide in, an east room for the roof, a store room holding the one zombie.
[rooms]
a = west room
b = east room
c = store room
[floor 1: hall]
###############################
#aaaaa#.................#bbbbb#
#aaaaa+.................+bbbbb#
#aaaaa#.................#bbbbb#
#########+#####################
#######ccccc#
#############
"""
KIND = 4
"""Members of each kind in the room: friends of the leader, strangers, the leader's victims."""
TAKES = 60
STILL = {"wander_chance": 0.0, "hearing": 100.0, "sight": 0.0, "smell": 0.0}
"""The zombie stays in the store room: it neither wanders, nor hears, sees or smells anyone."""
BOND_LEADER = 1.5
BULLY_PUSH = 2.0


def _member(name: str, **traits: Any) -> dict[str, Any]:
    return {"name": name, "room": "west room", "status": 0.5, "survival": 0.5, **traits}


def _scenario(tmp_path: Path, building: dict[str, Any] | None = None, **decisions: Any) -> Path:
    friends = [f"F{k}" for k in range(KIND)]
    victims = [f"V{k}" for k in range(KIND)]
    people = [_member("L", status=1.0, leader=True, friends=friends, bully_of=victims)]
    people += [_member(n) for n in friends]
    people += [_member(f"X{k}") for k in range(KIND)]
    people += [_member(n) for n in victims]
    people.append({"name": "Z0", "room": "store room"})  # one zombie: the alarm, everyone aware
    only = {
        "follow_base": 0.0,
        "alone_base": -20.0,
        "trust": 0.0,
        "friend_pull": 0.0,
        "hunger_push": 0.0,
        "danger_push": 0.0,
        "bond_leader": BOND_LEADER,
        "bully_push": BULLY_PUSH,
    }
    return tiny_scenario(
        tmp_path,
        people,
        plan=PLAN,
        duration="30 min",
        outbreak={"zombies": ["Z0"]},
        zombies=STILL,
        world={"alarm_zombies": 1, "cordon_at": "100 h", "roof_after": "0 h", "roof_rate": 10.0},
        roles={"roof": "east room"},
        decisions={**only, **decisions},
        **(building or {}),
    )


def _first_answers(events: pd.DataFrame) -> pd.DataFrame:
    """Each member's answer to the first proposal of each take (the leader L's)."""
    lead = events[(events["event"] == "leave") & (events["who"] == "L")]
    first = lead.groupby("take")["t"].min().rename("t0")
    answers = events[events["event"].isin(["follow", "stay", "go alone"])].join(first, on="take")
    answers = answers[(answers["whom"] == "L") & (answers["t"] <= answers["t0"] + 10 / 3600)]
    answers = answers.assign(kind=answers["who"].str[0])
    return answers.drop_duplicates(["take", "who"])


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    path = _scenario(tmp_path_factory.mktemp("decide"))
    return _first_answers(run(path, takes=TAKES, seed=11).tables["events"])


def _logistic(u: float) -> float:
    return 1.0 / (1.0 + math.exp(-u))


@pytest.mark.parametrize(("kind", "utility"), [("F", BOND_LEADER), ("X", 0.0), ("V", -BULLY_PUSH)])
def test_the_chance_to_follow_is_the_logit_of_the_bonds(answers, kind: str, utility: float) -> None:  # type: ignore[no-untyped-def]
    mine = answers[answers["kind"] == kind]
    n = len(mine)
    assert n >= 0.9 * TAKES * KIND, f"only {n} answers of kind {kind}"
    follow = int((mine["event"] == "follow").sum())
    p = _logistic(utility)
    sd = math.sqrt(n * p * (1 - p))
    assert abs(follow - n * p) <= 4 * sd, f"{kind}: {follow}/{n} followed, logit gives {p:.3f}"
    assert (mine["event"] != "go alone").all()


def test_a_friend_of_the_leader_follows_more_than_a_stranger_more_than_a_victim(answers) -> None:  # type: ignore[no-untyped-def]
    share = answers.assign(f=answers["event"] == "follow").groupby("kind")["f"].mean()
    assert share["F"] > share["X"] + 0.15 > share["V"] + 0.3, share


def test_the_neutral_setting_takes_the_whole_room_along(tmp_path: Path) -> None:
    # No barricades, so no knocking at the roof: only the rule of leaving acts.
    calm = {"people": {"barricade_rate": 0.0}}
    path = _scenario(tmp_path, calm, individual=False, follow_base=-20.0)
    result = run(path, takes=4, seed=11)
    events = result.tables["events"]
    assert not events["event"].isin(["follow", "stay", "go alone"]).any()
    leave = events[(events["event"] == "leave") & (events["room"] == "west room")]
    assert leave["take"].tolist() == [1, 2, 3, 4], "one proposal a take, never again"
    fates = result.tables["fates"]
    members = fates[fates["name"].str[0].isin(["F", "X"])]
    assert (members["room"] == "east room").all(), members


def test_a_sharper_leader_leads_when_survival_counts(tmp_path: Path) -> None:
    # Two with the leader trait and the same status: the lead score picks the sharper one, and
    # with lead_survival = 0 (the rule before) the first in index order, on the tie.
    people = [
        _member("A", leader=True, survival=0.2),
        _member("B", leader=True, survival=0.9),
        {"name": "Z0", "room": "store room"},
    ]

    def proposer(lead_survival: float) -> set[str]:
        path = tiny_scenario(
            tmp_path,
            people,
            plan=PLAN,
            duration="20 min",
            outbreak={"zombies": ["Z0"]},
            zombies=STILL,
            world={"alarm_zombies": 1, "roof_after": "0 h", "roof_rate": 10.0},
            roles={"roof": "east room"},
            decisions={"lead_survival": lead_survival, "lead_strength": 0.0},
        )
        events = run(path, takes=3, seed=5).tables["events"]
        leave = events[events["event"] == "leave"]
        return set(leave.groupby("take")["who"].first())

    assert proposer(1.0) == {"B"}
    assert proposer(0.0) == {"A"}
