"""The shipped season-2 scenario: it runs, and it answers who lasts and when.

The sealed city's zombies do not meet anyone, so each falls on its own: with the seasons'
piecewise rates, one zombie has fallen by t with probability p(t) = 1 − (C + W)(t)/C0 of the ODE
(the city's equations are linear), and every zombie has by t with probability p(t)^C0.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

import hyosan
from hyosan.cli import main
from hyosan.compartmental import survival

TAKES = 1000
DKW = math.sqrt(math.log(2 / 1e-4) / (2 * TAKES))


def test_the_last_city_zombie_falls_as_the_seasons_say() -> None:
    overrides = ["compartmental.initial.H=0"]  # no camp zombies: only the city's
    ode = hyosan.simulate("season-2", takes=1, overrides=[*overrides, "method='ode'"])
    start = ode.series["C"].iloc[0]
    one = 1.0 - (ode.series["C"] + ode.series["W"]).to_numpy() / start
    ssa = hyosan.simulate("season-2", takes=TAKES, overrides=overrides, progress=False)
    times = survival.extinction_times(ssa.series, ["Z", "C", "W"]).to_numpy()
    grid = ode.series["t"].to_numpy()
    empirical = (times[:, None] <= grid[None, :]).mean(axis=0)
    assert np.max(np.abs(empirical - one**start)) < DKW
    # the cold keeps them: hardly any take loses its last zombie in the first winter
    assert empirical[grid == 90.0][0] < 0.01


def test_run_season_2_shows_who_lasts(tmp_path: Path) -> None:
    assert main(["run", "season-2", "--out", str(tmp_path / "s2")]) == 0
    final = pd.read_parquet(tmp_path / "s2" / "final.parquet")
    series = pd.read_parquet(tmp_path / "s2" / "series.parquet")
    assert len(final) == 100
    assert (final[["H", "Z", "C", "W"]] == 0).all().all()  # by two years, only people are left
    assert (final["S"] > 0.99 * 106_980).all()
    halfbies = survival.extinction_times(series, ["H"])
    zombies = survival.extinction_times(series, ["Z", "C", "W"])
    assert halfbies.median() < 365 < zombies.median()  # halfbies are found within the year
