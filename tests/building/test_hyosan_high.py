"""Hyosan High, 72 simulated hours: the outcome is plausible against the series."""

from __future__ import annotations

import numpy as np
import pytest

import hyosan
from hyosan.scenario import load_scenario

TAKES = 8


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    scenario = load_scenario("hyosan-high", ["building.frame_every='6 h'"])
    return hyosan.simulate(scenario, takes=TAKES, seed=17)


@pytest.mark.slow
def test_it_runs_seventy_two_hours(result) -> None:  # type: ignore[no-untyped-def]
    last = result.series.groupby("take")["t"].max()
    assert np.allclose(last, 72.0)
    n = result.meta["agents"]
    assert 500 <= n <= 1500, "several hundred students and a few dozen staff"


@pytest.mark.slow
def test_the_building_is_overrun_and_some_survive(result) -> None:  # type: ignore[no-untyped-def]
    final = result.final
    overrun = final["Z"] > final["S"] + final["V"]
    survivors = final["S"] + final["V"]
    assert overrun.mean() >= 0.75, final
    assert (survivors > 0).all(), final
    assert (final["H"] <= 10).all(), "halfbies are rare"


@pytest.mark.slow
def test_the_story_starts_in_the_science_lab(result) -> None:  # type: ignore[no-untyped-def]
    tree = result.tables["tree"]
    first = tree.sort_values("t").groupby("take").head(1)
    assert (first["infected"] == "Hyeon-ju").all()
    assert (first["room"] == "science lab").all()
    assert (first["infector"] == "").all()
    infected = tree[tree["infector"] != ""]
    assert set(infected["route"]) <= {"bite", "scratch", "blood"}


@pytest.mark.slow
def test_every_named_character_has_a_fate_and_a_line(result) -> None:  # type: ignore[no-untyped-def]
    fates = result.tables["fates"]
    named = fates[fates["name"].isin(result.meta["characters"])]
    assert len(named) == TAKES * len(result.meta["characters"])
    narrative = result.tables["narrative"]
    assert narrative["text"].str.contains("Hyeon-ju turns").groupby(narrative["take"]).any().all()
    assert narrative["text"].str.match(r"^-?\d\d:\d\d — ").all()
