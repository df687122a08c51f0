"""What-if, paired: intervals against SciPy, and common random numbers narrowing them."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from typer.testing import CliRunner

import hyosan
from hyosan.ensemble.compare import COLUMNS, compare, paired_interval, welch_interval
from hyosan.errors import HyosanError

SSA = ["method='ssa'"]
LATE_ARMY = "compartmental.changes=[{time=10.0, set={alpha=2.0}}]"
"""B: ten hours in, the kill rate rises to twice the bite rate (A keeps alpha = 0.8)."""


def test_intervals_agree_with_scipy() -> None:
    rng = np.random.default_rng(4)
    a = rng.normal(10.0, 3.0, 40)
    b = a + rng.normal(1.0, 0.5, 40)
    paired = stats.ttest_rel(b, a).confidence_interval(0.9)
    assert paired_interval(b - a, 0.9) == pytest.approx((paired.low, paired.high), rel=1e-12)
    welch = stats.ttest_ind(b, a, equal_var=False).confidence_interval(0.95)
    assert welch_interval(a, b) == pytest.approx((welch.low, welch.high), rel=1e-12)
    assert paired_interval(np.array([2.0])) == (2.0, 2.0)


def test_shared_take_seeds_narrow_the_interval_and_other_seeds_do_not() -> None:
    """A late change leaves each take's first ten hours as they were (the same xoshiro stream),
    so the per-take differences shed the early randomness that decides most of the outcome."""
    table = compare("alemi_szr", set_a=SSA, set_b=[*SSA, LATE_ARMY], takes=200, seed=3)
    assert list(table.columns) == COLUMNS
    s = table.set_index("outcome").loc["S"]
    assert s["paired_low"] > 0, "the army saves people, and the paired interval says so"
    assert s["narrowing"] > 2.0, table
    assert s["unpaired_low"] < s["paired_low"] and s["paired_high"] < s["unpaired_high"]

    # The control: B on other seeds shares no random numbers with A; pairing gains nothing.
    a = hyosan.simulate("alemi_szr", overrides=SSA, takes=200, seed=3)
    b = hyosan.simulate("alemi_szr", overrides=[*SSA, LATE_ARMY], takes=200, seed=4)
    diff = b.final["S"].to_numpy() - a.final["S"].to_numpy()
    low, high = paired_interval(diff)
    u_low, u_high = welch_interval(a.final["S"].to_numpy(), b.final["S"].to_numpy())
    assert 0.75 < (u_high - u_low) / (high - low) < 1.33


def test_identical_sides_and_bad_outcomes_are_refused() -> None:
    with pytest.raises(HyosanError, match="same scenario"):
        compare("alemi_szr", takes=3)
    with pytest.raises(HyosanError, match="--outcome"):
        compare("alemi_szr", set_b=["alpha=1.0"], takes=3, outcomes=["fate(`X`)"])
    with pytest.raises(HyosanError, match="alpha"):
        compare("alemi_szr", set_b=["alpha=-1"], takes=3)


def test_python_api_and_cli_give_the_same_numbers(tmp_path) -> None:
    from hyosan.cli.app import app

    args = ["repast-zombies", "--takes", "6", "--seed", "5", "--backend", "serial"]
    small = ["repast.width=30", "repast.height=30", "repast.humans=200", "repast.zombies=10"]
    sets = [x for s in small for x in ("--set", s)]
    out = tmp_path / "compare.csv"
    done = CliRunner().invoke(
        app,
        ["compare", *args, *sets, "--set-b", "repast.death_ticks=12", "--csv", str(out)],
    )
    assert done.exit_code == 0, done.output
    assert "paired" in done.output and "unpaired" in done.output and "seed 5" in done.output
    table = hyosan.compare(
        "repast-zombies", takes=6, seed=5, overrides=small, set_b=["repast.death_ticks=12"]
    )

    pd.testing.assert_frame_equal(pd.read_csv(out), table, check_dtype=False)
    assert table.attrs["takes"] == list(range(1, 7))
    # beside the table, what made it: each side's scenario (B with its change), seed, takes
    facts = json.loads((tmp_path / "compare.provenance.json").read_text(encoding="utf-8"))
    assert facts["seed"] == 5 and facts["takes"] == list(range(1, 7))
    a, b = facts["provenance"]["a"], facts["provenance"]["b"]
    assert "death_ticks = 12" in b["scenario_text"] and "death_ticks = 12" not in a["scenario_text"]
    assert a["versions"]["hyosan"] == hyosan.__version__ and facts["level"] == 0.95


def _school(survivors: list[int], nam_ra: list[str]) -> hyosan.Result:
    """A hand-made building result: final S per take, and fates of Nam-ra and an extra."""
    takes = list(range(1, len(survivors) + 1))
    final = pd.DataFrame({"take": takes, "S": survivors, "Z": [10 - s for s in survivors]})
    fates = pd.DataFrame(
        {
            "take": takes * 2,
            "name": ["Nam-ra"] * len(takes) + ["1-1/3"] * len(takes),
            "fate": nam_ra + ["Z"] * len(takes),
        }
    )
    return hyosan.Result(
        engine="building",
        series=final.assign(t=0.0),
        final=final,
        tables={"fates": fates},
        meta={"characters": ["Nam-ra"]},
    )


def test_default_outcomes_are_the_states_and_the_named_characters() -> None:
    from hyosan.ensemble.compare import compare_results, default_outcomes

    a = _school([3, 5, 4], ["S", "Z", "D"])
    b = _school([4, 7, 4], ["S", "S", "H"])
    assert default_outcomes(a, b) == ["S", "Z", "survives(`Nam-ra`)"]
    table = compare_results(a, b).set_index("outcome")
    assert table.loc["S", "difference"] == pytest.approx(1.0)
    assert table.loc["survives(`Nam-ra`)", ["A", "B"]].tolist() == pytest.approx([1 / 3, 1.0])
    low, high = paired_interval(np.array([1.0, 2.0, 0.0]))
    assert (table.loc["S", "paired_low"], table.loc["S", "paired_high"]) == (low, high)


def _pairs(both: int, b_only: int, a_only: int, neither: int) -> tuple[np.ndarray, np.ndarray]:
    """Paired 1/0 outcomes (A, B) with the given cells of their 2 × 2 table."""
    a = np.array([1] * both + [0] * b_only + [1] * a_only + [0] * neither)
    b = np.array([1] * both + [1] * b_only + [0] * a_only + [0] * neither)
    return a, b


def test_newcombe_intervals_match_published_values() -> None:
    from hyosan.ensemble.compare import newcombe_paired, newcombe_unpaired

    # Fagerland, Lydersen & Laake (2017), ch. 8, Cavo et al. (2012): table (59, 6; 16, 80),
    # the square-and-add interval for the difference is -0.1186 to -0.0046 (estimate -0.0621)
    a, b = _pairs(both=59, b_only=6, a_only=16, neither=80)
    assert newcombe_paired(a, b) == pytest.approx((-0.1186, -0.0046), abs=5e-5)
    # the same book, ch. 4, Perondi et al. (2004): 7/34 vs 1/34, hybrid score 0.0189 to 0.3404
    group1, group2 = np.array([1] * 7 + [0] * 27), np.array([1] * 1 + [0] * 33)
    assert newcombe_unpaired(group2, group1) == pytest.approx((0.0189, 0.3404), abs=5e-5)


def test_probability_intervals_stay_within_one_and_cover() -> None:
    from hyosan.ensemble.compare import newcombe_paired

    # four takes, Gwi-nam dies in every take of A and lives in 3 of B: t ran to -1.42 … +0.42
    a, b = _pairs(both=0, b_only=3, a_only=0, neither=1)
    low, high = newcombe_paired(a, b)
    assert -1 <= low < 0.75 < high <= 1
    assert paired_interval((b - a).astype(float))[0] < low  # the t interval is the wider
    # coverage over 2,000 simulated runs of 20 paired takes with known probabilities
    rng = np.random.default_rng(27)
    hits = 0
    for _ in range(2000):
        shared = rng.random(20)
        a, b = shared < 0.3, shared < 0.5  # P(A) 0.3, P(B) 0.5, correlated: B − A = 0.2
        low, high = newcombe_paired(a, b)
        hits += low <= 0.2 <= high
    assert 0.93 <= hits / 2000 <= 0.995


def test_a_condition_gets_intervals_within_one_and_a_count_gets_t() -> None:
    from hyosan.ensemble.compare import compare_results

    a = _school([3, 5, 4, 2], ["Z", "Z", "Z", "Z"])
    b = _school([4, 7, 4, 9], ["S", "S", "H", "Z"])
    table = compare_results(a, b).set_index("outcome")
    row = table.loc["survives(`Nam-ra`)"]
    for side in ("paired", "unpaired"):
        assert -1 <= row[f"{side}_low"] <= row["difference"] <= row[f"{side}_high"] <= 1
    s = table.loc["S"]
    low, high = paired_interval(np.array([1.0, 2.0, 0.0, 7.0]))
    assert (s["paired_low"], s["paired_high"]) == pytest.approx((low, high))


def test_the_title_says_what_b_changes_with_units() -> None:
    from hyosan.ensemble.compare import differences, sides

    pair = sides("hyosan-high", set_b=["building.decoys=[]", "building.world.storm_hours='12 h'"])
    assert differences(pair) == [
        "building.decoys: [2 items] → []",
        "building.world.storm_hours: 6 h → 12 h",
    ]
