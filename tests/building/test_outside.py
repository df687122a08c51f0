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


def _warned(tiny: Any, warning: str | None, push: float = 3.0) -> Path:
    """The group of six hides in the west room at night (start 22:00), long before the ordinary
    leaving starts (``roof_after`` 10 h) and with no share for the hills; the city is struck at
    50 min, with word of it ``warning`` before (then a proposal every 3 minutes on average)."""
    world: dict[str, Any] = {
        "start_hour": 22.0,
        "roof_after": "10 h",
        "hills_share": 0.0,
        "camp_admit": 0.01,
        "strike_at": "50 min",
        "warned_rate": 20.0,
        "roof_rate": 0.0,
    }
    if warning is not None:
        world["strike_warning"] = warning
    return leaving_east(tiny, GROUP, world, duration="1 h", decisions={"warned_push": push})


def test_word_of_the_strike_sends_a_hiding_group_out_on_foot_by_night(tiny: Any) -> None:
    warned = run(_warned(tiny, "40 min"), takes=TAKES, seed=3).tables["events"]
    calm = run(_warned(tiny, None), takes=TAKES, seed=3).tables["events"]
    word = warned[warned["event"] == "warning"]
    step = 2 / 3600
    assert len(word) == TAKES and word["t"].between(10 / 60, 10 / 60 + 1.5 * step).all()
    leaves = warned[warned["event"] == "leave"]
    assert set(leaves["take"]) == set(range(1, TAKES + 1)), "every take's group sets out"
    assert (leaves["t"] >= 10 / 60).all(), "none before word comes"
    camp = warned[warned["event"] == "camp"]
    assert len(camp) > 0 and set(camp["room"]) == {"east room"}, "out on foot, by the hills"
    assert not calm["event"].isin(["warning", "leave", "camp"]).any(), "without word: no one"


def test_word_of_the_strike_makes_members_follow(tiny: Any) -> None:
    """``warned_push`` adds to following (and going alone) against staying: with it the members
    follow more often than without, each answering the same proposals' draws."""

    def follow_share(push: float) -> float:
        events = run(_warned(tiny, "40 min", push), takes=8, seed=3).tables["events"]
        answers = events[events["event"].isin(["follow", "stay", "go alone"])]
        return float((answers["event"] != "stay").mean())

    without, with_word = follow_share(0.0), follow_share(3.0)
    assert with_word > without + 0.2, (without, with_word)


def test_word_of_a_strike_that_never_falls_is_refused() -> None:
    with pytest.raises(HyosanError, match=r"strike_warning = 12 h needs strike_at"):
        load_scenario("hyosan-high", ["building.world.strike_warning=12"])
