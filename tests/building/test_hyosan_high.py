"""Hyosan High, 72 simulated hours: the outcome is plausible against the series, and class 2-5
does not move as one block (one run of 60 takes, seed 1, shared by the tests), on the engine
before bodies where the story was sized (:data:`hyosan.story.BEFORE_BODIES`; with bodies the
building is overrun in fewer takes, 40 of these 60: the story on bodies is measured anew, and
test_bodies.py checks the shipped scenario's bodies)."""

from __future__ import annotations

import numpy as np
import pytest

from hyosan.ensemble import Ensemble
from hyosan.outcomes import OUTCOME_OF
from hyosan.scenario import load_scenario
from hyosan.story import BEFORE_BODIES, CLASS_2_5

TAKES = 60


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    scenario = load_scenario("hyosan-high", ["building.frame_every='24 h'", *BEFORE_BODIES])
    return Ensemble.of(scenario, takes=TAKES, seed=1).run(backend="processes")


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
    # Halfbies are rare, a handful in a school as in the series: infected ordinary people
    # become one with chance 0.003 (about 2 of some 600), plus the three named who carry a
    # raised propensity; a halfbie's bite can make another, so a take may hold a cluster.
    assert final["H"].median() <= 5 and final["H"].quantile(0.95) <= 10, final["H"].describe()


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


@pytest.mark.slow
def test_class_2_5_is_not_a_block(result) -> None:  # type: ignore[no-untyped-def]
    # Before the choice model the whole room left at once or never: in 33 of 40 takes (seed 1)
    # the ten ended alike (alive, turned or dead), 7 split. The issue asks that in at least half
    # of the takes they do not all share one fate (S, E, Z, H, D or V); counted by outcome, so
    # that Nam-ra alone becoming a halfbie makes no split, at least twice the share before
    # (7 of 40, so 21 of 60).
    fates = result.tables["fates"]
    mine = fates[fates["name"].isin(CLASS_2_5)].pivot(index="take", columns="name", values="fate")
    assert sorted(mine.columns) == sorted(CLASS_2_5) and len(mine) == TAKES
    by_letter = int((mine.nunique(axis=1) > 1).sum())
    by_outcome = int((mine.replace(OUTCOME_OF).nunique(axis=1) > 1).sum())
    assert by_letter >= TAKES // 2 and by_outcome >= 21, (by_letter, by_outcome)
