"""Skipping the people who rest changes nothing (``rest.py``): the same takes with the skip and
with every person visited in index order (``run_one(..., rest_skip=False)``, the phase as it
was), table for table — a 72-hour Hyosan High take, where most turns are skipped and
barricades are pulled aside as groups leave (a quiet room woken within the phase), and a tiny
plan where a group sets out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from tests.building.test_outside import GROUP, leaving_east

from hyosan.building import engine
from hyosan.result import Result
from hyosan.scenario import load_scenario


def _take(scenario: str | Path, take: int, skip: bool) -> Result:
    """Take ``take`` of seed 17 with the skip on or off."""
    sc = load_scenario(scenario, [])
    assert sc.building is not None
    building = engine.building_of(sc.building, sc)
    return engine.run_one(building, sc.building, take, 17, rest_skip=skip)


def _assert_same(a: Result, b: Result) -> None:
    assert a.tables.keys() == b.tables.keys() and a.arrays.keys() == b.arrays.keys()
    for name in a.tables:
        assert a.tables[name].equals(b.tables[name]), name
    for name in a.arrays:
        assert np.array_equal(a.arrays[name], b.arrays[name], equal_nan=True), name


@pytest.mark.slow
def test_hyosan_high_is_the_same_take_with_and_without_the_skip() -> None:
    skipped = _take("hyosan-high", 2, True)
    visited = _take("hyosan-high", 2, False)
    _assert_same(skipped, visited)
    events = skipped.tables["events"]
    assert (events["event"] == "unbarricade").sum() > 0, "a barricade pulled aside wakes a room"
    due, taken = skipped.meta["turns_due"], skipped.meta["turns_taken"]
    assert visited.meta["turns_taken"] == visited.meta["turns_due"] == due
    assert taken < 0.5 * due, "most turns of a long take are skipped"


def test_a_group_setting_out_is_the_same_with_and_without_the_skip(tiny: Any) -> None:
    path = leaving_east(tiny, GROUP, {"hills_share": 1.0, "camp_admit": 1.0}, duration="1 h")
    skipped = _take(path, 1, True)
    _assert_same(skipped, _take(path, 1, False))
    assert skipped.meta["turns_taken"] < skipped.meta["turns_due"], "some turns are skipped"
