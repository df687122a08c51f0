"""Outside the school, on a tiny plan: a hiding group sets out on foot for the hills and walks on
to the quarantine camp; the strike on the city kills whoever is still in the zone and changes
nothing before it falls (the same take without the strike is the reference)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from tests.building.conftest import run
from tests.building.test_virus_course import STILL

from hyosan.building.engine import building_of
from hyosan.building.routes import next_hops
from hyosan.errors import HyosanError
from hyosan.scenario import load_scenario

PLAN = """\
; A classroom and the hills either side of a hall; a zombie shut in a storeroom below.
[rooms]
a = west room
b = east room
c = storeroom
[floor 1: hall]
###############################
#aaaaa#.................#bbbbb#
#aaaaa+.................+bbbbb#
#aaaaa#.................#bbbbb#
###########+###################
#ccccccccccccccccccccccccccccc#
###############################
"""
GROUP = [{"name": "L", "room": "west room", "leader": True, "status": 1.0}] + [
    {"name": f"P{k}", "room": "west room"} for k in range(1, 6)
]
TAKES = 4


def leaving_east(
    tiny: Any,
    people: list[dict[str, Any]],
    world: dict[str, Any],
    zombie_in: str = "storeroom",
    **building: Any,
) -> Path:
    """People hide in the west room (a zombie that cannot move, in ``zombie_in``, makes everyone
    aware at once); from six minutes on, by day, its leader proposes to leave for the way out
    the shares pick: the east room is the way out on foot (role ``hills``)."""
    building.setdefault("plan", PLAN)
    path: Path = tiny(
        [{"name": "Z0", "room": zombie_in}, *people],
        outbreak={"zombies": ["Z0"]},
        zombies=STILL,
        world={"roof_after": "0.1 h", "roof_rate": 10.0, "gate_share": 0.0, **world},
        roles={"hills": "east room"},
        **building,
    )
    return path


def _scenario(tiny: Any, world: dict[str, Any], duration: str = "1 h") -> Path:
    """The group of six leaves the west room, as :func:`leaving_east` tells."""
    return leaving_east(tiny, GROUP, world, duration=duration)


def test_a_hiding_group_sets_out_on_foot_and_reaches_the_camp(tiny: Any) -> None:
    result = run(_scenario(tiny, {"hills_share": 1.0, "camp_admit": 1.0}), takes=TAKES, seed=2)
    events = result.tables["events"]
    camp = events[events["event"] == "camp"]
    leaves = events[events["event"] == "leave"]
    assert set(leaves["take"]) == set(range(1, TAKES + 1)), "every take's group sets out"
    assert set(camp["room"]) == {"east room"}, "the camp is reached from the hills only"
    assert (camp["t"] >= 0.1).all(), "no one sets out before roof_after"
    fates = result.tables["fates"].set_index(["take", "name"])
    walked = {(int(t), str(w)) for t, w in zip(camp["take"], camp["whom"], strict=True)}
    assert walked and all(fates.loc[k, "fate"] == "V" for k in walked)
    assert {w for _, w in walked} >= {"L"}, "the leader who proposed it walks out"


def test_no_one_sets_out_on_foot_without_a_share_for_the_hills(tiny: Any) -> None:
    result = run(_scenario(tiny, {"hills_share": 0.0, "camp_admit": 1.0}), takes=TAKES, seed=2)
    events = result.tables["events"]
    assert not events["event"].isin(["leave", "camp"]).any()


def test_the_strike_kills_whoever_is_still_in_the_zone_and_nothing_else(tiny: Any) -> None:
    world = {"hills_share": 1.0, "camp_admit": 0.002}
    calm = run(_scenario(tiny, world), takes=TAKES, seed=4)
    struck = run(_scenario(tiny, {**world, "strike_at": "0.5 h"}), takes=TAKES, seed=4)
    before = calm.tables["events"]
    after = struck.tables["events"]
    cols = ["take", "t", "event", "who", "whom", "room"]
    same = before[before["t"] < 0.5][cols].reset_index(drop=True)
    pd.testing.assert_frame_equal(after[after["t"] < 0.5][cols].reset_index(drop=True), same)
    a = calm.tables["fates"].set_index(["take", "name"])
    b = struck.tables["fates"].set_index(["take", "name"])
    out = (a["fate"] == "V") & (a["t_fate"] < 0.5)
    assert (b.loc[out, "fate"] == "V").all(), "those taken out before it are spared"
    assert (b.loc[~out, "fate"] == "D").all(), "everyone else, zombies included, dies"
    dead_before = (a["fate"] == "D") & (a["t_fate"] < 0.5)
    hit = after[after["event"] == "strike"]
    assert len(hit) == int((~out & ~dead_before).sum())
    assert out.any() and (~out).any(), "the takes must hold both kinds for the test to bite"


def test_the_shares_of_ways_out_add_up_to_at_most_one() -> None:
    with pytest.raises(HyosanError, match=r"building\.world.*gate_share \+ hills_share = 1\.2"):
        load_scenario(
            "hyosan-high", ["building.world.gate_share=0.5", "building.world.hills_share=0.7"]
        )


def test_hyosan_high_leads_out_on_foot_from_every_classroom_to_the_hills() -> None:
    scenario = load_scenario("hyosan-high")
    spec = scenario.spec
    assert spec.roles.hills == "hills" and spec.world.hills_share > 0
    built = building_of(spec, scenario)
    plan, nav = built.plan, built.nav
    first, rooms_on = next_hops(
        plan.room_kind, nav.room_ptr, nav.room_portal, nav.room_other, nav.room_way
    )
    hills = plan.room_names.index("hills")
    classes = [k for k, name in enumerate(plan.room_names) if name.startswith("class ")]
    assert len(classes) == 29  # classes 1-1 to 1-10, 2-1 to 2-10, 3-1 to 3-9
    on_foot = [first[0, hills, k] >= 0 and rooms_on[0, hills, k] >= 1 for k in classes]
    assert all(on_foot), "a way on foot from every classroom"
