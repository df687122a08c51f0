"""The building engine keeps the outcome distribution it had before its rebuild.

``data/hyosan-high-reference.csv`` holds 201 takes of Hyosan High from the engine as it stood
before the rule-phase rebuild (see ``data/make_reference.py``): an outside reference for the
rebuilt engine, which draws its random numbers differently, so only distributions can agree.
Fresh takes under another seed are compared with it outcome by outcome: final counts by a
two-sample Kolmogorov–Smirnov test, each named character's chance to end alive, turned or dead
by Fisher's exact test. The family of about 50 tests is held at a 1 % false-alarm rate
(Bonferroni), which still flags a character whose survival moves from 30 % to 60 %.

Rules added since (people who decide, halfbies that emerge …) change the story on purpose; each
has a neutral setting that gives back the rule it replaced, listed in ``NEUTRAL``, so the rest of
the engine stays pinned to the reference.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from scipy import stats

from hyosan.ensemble import Ensemble
from hyosan.outcomes import OUTCOMES
from hyosan.scenario import load_scenario

REFERENCE = Path(__file__).parent / "data" / "hyosan-high-reference.csv"
TAKES = 60
SEED = 1
COUNTS = ["S", "E", "Z", "H", "D", "V"]
FAMILY_ALPHA = 0.01
NEUTRAL: list[str] = [
    # The course of infection, halfbies, soldiers and the rescue (docs/building.md).
    "building.halfbies.immunity_sd=0",
    "building.halfbies.certain=true",
    "building.halfbies.hunger_growth=0",
    "building.halfbies.fight_back=0",
    "building.halfbies.leave_at=1000",
    "building.halfbies.hunt_at=1000",
    "building.virus.expel_rate=0",
    "building.virus.keep_chance=0",
    "building.world.screening=false",
    "building.world.rescue_fail=0",
    "building.world.rescue_seats=1000000",
    "building.decisions.individual=false",
    "building.decisions.lead_survival=0",
    "building.decisions.lead_strength=0",
    # Outside the school: no group sets out on foot for the hills.
    "building.world.hills_share=0",
    # Crowds and routes: bodies take no room (any number per cell, nobody slows, doorways,
    # windows and stairs pass any crowd); nobody goes round a blocked way nor remembers one.
    "building.bodies.on=false",
    "building.moving.door_flow=0",
    "building.moving.detour=-1",
    "building.moving.memory=0",
    # Fights that knock a zombie down, fleeing by running speed, a leader who looks first
    # (docs/building.md, "Traits move fates").
    "building.fighting.stun=0",
    "building.moving.flee_pace=false",
    "building.decisions.leader_look=0",
    "building.decisions.look_ahead=0",
]
"""Overrides that set every deliberate change of behaviour to the rule it replaced."""


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    return pd.read_csv(REFERENCE, keep_default_na=False)


@pytest.fixture(scope="module")
def fresh(reference: pd.DataFrame) -> pd.DataFrame:
    scenario = load_scenario("hyosan-high", ["building.frame_every='24 h'", *NEUTRAL])
    result = Ensemble.of(scenario, takes=TAKES, seed=SEED).run(backend="processes")
    final = result.final.set_index("take")[COUNTS]
    fates = result.tables["fates"]
    named = fates[fates["name"].isin(result.meta["characters"])]
    return final.join(named.pivot(index="take", columns="name", values="fate")).reset_index()


def _characters(reference: pd.DataFrame) -> list[str]:
    return [c for c in reference.columns if c not in ["take", *COUNTS]]


def _threshold(reference: pd.DataFrame) -> float:
    tests = len(COUNTS) + len(OUTCOMES) * len(_characters(reference))
    return FAMILY_ALPHA / tests


@pytest.mark.slow
def test_final_counts_keep_their_distribution(reference, fresh) -> None:  # type: ignore[no-untyped-def]
    threshold = _threshold(reference)
    for column in COUNTS:
        ref, new = reference[column].to_numpy(), fresh[column].to_numpy()
        if ref.min() == ref.max() == new.min() == new.max():
            continue
        p = stats.ks_2samp(ref, new).pvalue
        assert p > threshold, (
            f"{column}: reference mean {ref.mean():.1f}, now {new.mean():.1f} (KS p = {p:.2g})"
        )


@pytest.mark.slow
def test_each_character_keeps_their_odds(reference, fresh) -> None:  # type: ignore[no-untyped-def]
    threshold = _threshold(reference)
    for name in _characters(reference):
        for outcome, letters in OUTCOMES.items():
            a = int(reference[name].isin(letters).sum())
            b = int(fresh[name].isin(letters).sum())
            table = [[a, len(reference) - a], [b, len(fresh) - b]]
            p = stats.fisher_exact(table).pvalue
            assert p > threshold, (
                f"{name} {outcome}: reference {a}/{len(reference)}, now {b}/{len(fresh)} "
                f"(Fisher p = {p:.2g})"
            )
