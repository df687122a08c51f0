"""One model, two engines: the building engine on an open floor gives Alemi SZR's final size.

On one open floor where the only contacts are a zombie's attack and the fight back, every attack
on an uninfected person ends one of three ways, with chances that do not depend on who meets
whom: the person fights and destroys the zombie (f·k), is bitten or scratched (1 − f), or fights
it off with no harm (f·(1 − k)). Only the first two change the counts, so the sequence of
bites and kills is that of the well-mixed SZR model with kill-to-bite ratio α = f·k / (1 − f)
(Alemi et al. 2015), whatever the geometry and the chase do to the timing — and so is the
distribution of how many people are never infected. (Time to turn does not matter either: the
bitten turn later, but nothing removes them before.) The compartmental engine's exact SSA
gives that distribution for the same N, Z₀ and α; a two-sample Kolmogorov–Smirnov test
compares the two at the 1 % level, and the same test with a wrong α must reject.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy import stats
from tests.building.conftest import tiny_scenario

import hyosan

PEOPLE = 40
FIGHT = 0.5
KILL = 0.8
ALPHA = FIGHT * KILL / (1.0 - FIGHT)
"""0.8: Alemi SZR's kill-to-bite ratio from the fight and kill chances."""
BUILDING_TAKES = 200
SSA_TAKES = 20_000

OPEN_FLOOR = """\
; One open floor and a landing upstairs: no room to hide in, nowhere to shut a door; nobody
; flees (moving.flee_radius = 0), so the zombies meet everyone. The first zombie starts on the
; landing, drawn down by a noise: by then the alarm has told everyone (the unaware do not fight).
[floor 1: open floor]
##########################
#...........^............#
#........................#
#........................#
#........................#
#........................#
#........................#
#........................#
##########################
[floor 2: landing]
           ###
           #^#
           ###
"""


def _person(name: str, room: str = "open floor") -> dict[str, object]:
    return {"name": name, "room": room, "strength": 1.0, "speed": 1.0, "weapon": 0.0}


def _open_floor(tmp_path: Path) -> Path:
    people = [_person(f"P{k}") for k in range(PEOPLE)]
    return tiny_scenario(
        tmp_path,
        [_person("Z0", "landing"), *people],
        plan=OPEN_FLOOR,
        duration="3 h",
        outbreak={"zombies": ["Z0"], "infected_in": "open floor"},
        zombies={"run_speed": 8.0, "sight": 100.0, "bite_chance": 1.0},
        people={"fight_chance": FIGHT, "kill_chance": KILL},
        moving={"flee_radius": 0},
        decoys=[{"room": "open floor", "at": "0 h", "lasts": "3 h", "loudness": 50.0}],
        fighting={
            "fight_cap": 1.0,
            "kill_cap": 1.0,
            "zombie_toughness": 0.0,
            "toughness_floor": 1.0,
        },
        virus={
            "halfbie_chance": 0.0,
            "blood_chance": 0.0,
            "bite_median": "1 s",
            "scratch_median": "1 s",
        },
    )


@pytest.fixture(scope="module")
def building_final(tmp_path_factory: pytest.TempPathFactory) -> np.ndarray:
    path = _open_floor(tmp_path_factory.mktemp("open"))
    final = hyosan.simulate(path, takes=BUILDING_TAKES, seed=11, progress=False).final
    assert ((final["Z"] + final["E"] == 0) | (final["S"] == 0)).all(), "a take did not finish"
    assert (final["H"] == 0).all()
    return final["S"].to_numpy()


def _ssa_final(alpha: float) -> np.ndarray:
    result = hyosan.simulate(
        "alemi_szr",
        overrides={
            "method": "ssa",
            "alpha": alpha,
            "t_end": 1e4,
            "compartmental": {"initial": {"S": PEOPLE, "Z": 1}},
        },
        takes=SSA_TAKES,
        seed=12,
        progress=False,
    )
    return result.final["S"].to_numpy()


@pytest.mark.slow
def test_the_open_floor_gives_the_ssa_final_size_distribution(building_final) -> None:  # type: ignore[no-untyped-def]
    ssa = _ssa_final(ALPHA)
    p = stats.ks_2samp(building_final, ssa).pvalue
    assert p > 0.01, (
        f"building mean S {building_final.mean():.1f}, SSA {ssa.mean():.1f} (KS p = {p:.2g})"
    )


@pytest.mark.slow
def test_a_wrong_kill_ratio_is_told_apart(building_final) -> None:  # type: ignore[no-untyped-def]
    ssa = _ssa_final(ALPHA / 2)
    assert stats.ks_2samp(building_final, ssa).pvalue < 0.01
