"""The Repast4Py Zombies rules, checked on tiny hand-made worlds, and the Result they make."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pytest
import tomllib
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from scipy.stats import chisquare

from hyosan.repast.engine import simulate_repast
from hyosan.repast.kernel import STICKY_OFFSET, _sticky
from hyosan.repast.world import ZombieWorld
from hyosan.scenario.repast import RepastSpec

P_MIN = 1e-3
"""Chi-square tests (fixed seeds) fail below this p-value."""


def _centre(cx: int, cy: int) -> tuple[float, float]:
    return (cx + 0.5, cy + 0.5)


def _choices(world_of, ticks: int, seeds: range, pick) -> np.ndarray:
    """Run a fresh world per seed and collect ``pick(world)`` for each."""
    out = []
    for s in seeds:
        world = world_of()
        world.run(ticks, s)
        out.append(pick(world))
    return np.array(out)


def test_zombie_moves_a_quarter_toward_the_cell_with_most_humans() -> None:
    humans = [_centre(6, 5)] * 3 + [_centre(4, 5)] + [_centre(6, 6)] * 2
    world = ZombieWorld.of(humans, [(5.5, 5.5)], width=12, height=12)
    world.run(1, rng=1)
    assert world.zombies[0].tolist() == [5.75, 5.5]

    diagonal = ZombieWorld.of([_centre(4, 4)] * 2, [(5.5, 5.5)], width=12, height=12)
    diagonal.run(1, rng=1)
    assert diagonal.zombies[0].tolist() == [5.25, 5.25]


def test_zombie_ties_are_broken_uniformly() -> None:
    humans = [_centre(4, 5), _centre(6, 5), _centre(5, 4), _centre(5, 6)]

    def pick(world: ZombieWorld) -> int:
        dx, dy = world.zombies[0] - 5.5
        return {(-0.25, 0.0): 0, (0.25, 0.0): 1, (0.0, -0.25): 2, (0.0, 0.25): 3}[(dx, dy)]

    picks = _choices(lambda: ZombieWorld.of(humans, [(5.5, 5.5)], 12, 12), 1, range(2000), pick)
    observed = np.bincount(picks, minlength=4)
    assert chisquare(observed).pvalue > P_MIN, observed


def test_an_empty_neighbourhood_is_a_uniform_choice_of_nine_cells_own_included() -> None:
    def pick(world: ZombieWorld) -> int:
        dx, dy = np.rint((world.zombies[0] - 5.5) / 0.25).astype(int)
        return int((dy + 1) * 3 + dx + 1)

    picks = _choices(lambda: ZombieWorld.of([], [(5.5, 5.5)], 12, 12), 1, range(2700), pick)
    observed = np.bincount(picks, minlength=9)
    assert observed.size == 9
    assert chisquare(observed).pvalue > P_MIN, observed


def test_human_moves_half_way_toward_the_cell_with_fewest_zombies() -> None:
    neighbours = [(x, y) for x in (4, 5, 6) for y in (4, 5, 6) if (x, y) not in ((4, 5),)]
    zombies = [_centre(x, y) for x, y in neighbours]
    world = ZombieWorld.of([(5.5, 5.5)], zombies, width=12, height=12)
    world.run(1, rng=3)
    assert world.humans[0].tolist() == [5.0, 5.5]
    assert world.infected[0], "the zombie in the human's cell bites it"


def test_sticky_borders_keep_everyone_on_the_floor() -> None:
    assert _sticky(-0.3, 10) == 0.0
    assert _sticky(10.2, 10) == 10 - STICKY_OFFSET
    assert _sticky(3.7, 10) == 3.7

    def pick(world: ZombieWorld) -> int:
        x, y = world.zombies[0]
        assert 0.0 <= x < 10 and 0.0 <= y < 10
        return (round(x / 0.25) - 1) * 2 + round(y / 0.25) - 1

    # A corner zombie with no humans chooses among the 4 cells that exist, uniformly.
    picks = _choices(lambda: ZombieWorld.of([], [(0.25, 0.25)], 10, 10), 1, range(2000), pick)
    observed = np.bincount(picks, minlength=4)
    assert observed.size == 4
    assert chisquare(observed).pvalue > P_MIN, observed

    rng = np.random.default_rng(5)
    edge = np.concatenate([rng.uniform(0, 1, (60, 2)), rng.uniform(9, 10, (60, 2))])
    world = ZombieWorld.of(edge[:100], edge[100:], width=10, height=10)
    world.run(40, rng=5)
    for where in (world.humans, world.zombies):
        assert where.min() >= 0.0 and where.max() < 10.0


def test_the_first_human_in_a_cell_is_the_one_that_entered_it_first() -> None:
    # Two humans in one cell with a zombie: the first listed is bitten, the other not.
    world = ZombieWorld.of([(5.2, 5.2), (5.8, 5.8)], [(5.5, 5.5)], 12, 12)
    world.run(1, rng=2)
    assert world.infected.tolist() == [True, False]

    # A line of 4 cells. Tick 1: human 0 is driven into human 1's cell (cell 2), after it.
    # Tick 2: a zombie walks into cell 2 and bites its first human: human 1, not human 0.
    def line() -> ZombieWorld:
        return ZombieWorld.of(
            [(1.6, 0.5), (2.5, 0.5)], [(0.5, 0.5), (1.5, 0.5), (3.3, 0.5)], width=4, height=1
        )

    one = line()
    one.run(1, rng=4)
    assert one.hx.tolist() == pytest.approx([2.1, 2.5], abs=1e-12)
    assert one.infected.tolist() == [True, False]
    assert one.arrival[0] > one.arrival[1]
    two = line()
    two.run(2, rng=4)
    assert two.infected.tolist() == [True, True]
    three = line()
    three.run(1, rng=4)
    three.run(1, rng=4)
    assert three.infected.tolist() == [True, True], "arrival order survives between runs"


def test_an_infected_human_dies_at_ten_and_turns_where_it_stands() -> None:
    world = ZombieWorld.of([(5.3, 5.7)], [(5.5, 5.5)], 12, 12)
    counts = world.run(9, rng=8)
    assert counts[:, 0].tolist() == [1] * 10
    assert world.infected_time[0] == 9
    where = world.humans[0].copy()
    counts = world.run(1, rng=9)
    assert counts[-1].tolist() == [0, 2]
    assert world.zombies[1].tolist() == where.tolist()

    late = ZombieWorld.of([(50.3, 50.7)], [], 100, 100, infected_time=[9])
    assert late.run(1, rng=1).tolist() == [[1, 0], [0, 1]]
    assert late.zombies[0].tolist() == [50.3, 50.7]


def test_counts_follow_the_rules_over_a_full_run() -> None:
    result = simulate_repast(RepastSpec(), [1], seed=11)
    humans = result.series["humans"].to_numpy()
    zombies = result.series["zombies"].to_numpy()
    assert result.series["t"].tolist() == list(range(51))
    np.testing.assert_array_equal(humans + zombies, 8400)
    assert (np.diff(humans) <= 0).all()
    # Nobody can turn before tick 10: the earliest bite is at tick 1, death at infected time 10.
    assert zombies[:10].tolist() == [400] * 10
    assert zombies[10] > 400
    # Each zombie bites at most one human a tick, so turns at t ≤ zombies that stepped at t - 9.
    turned = np.diff(zombies)
    assert (turned[9:] <= zombies[: len(turned) - 9]).all()
    final = result.final.iloc[0]
    assert final["humans"] == humans[-1] and final["zombies"] == zombies[-1]
    assert 0 < final["infected"] <= final["humans"]


def test_same_seed_same_counts_and_takes_stand_alone() -> None:
    spec = RepastSpec(width=60, height=60, humans=900, zombies=45, ticks=30)
    batch = simulate_repast(spec, [1, 2, 3], seed=7)
    again = simulate_repast(spec, [1, 2, 3], seed=7)
    alone = simulate_repast(spec, [2], seed=7)
    assert batch.series.equals(again.series)
    assert alone.series.equals(batch.take(2).series)
    assert alone.final.equals(batch.take(2).final)
    one, three = batch.take(1).series, batch.take(3).series
    assert not one["humans"].equals(three["humans"]), "different takes draw different streams"


def test_result_follows_the_shared_conventions() -> None:
    spec = RepastSpec(width=30, height=30, humans=200, zombies=10, ticks=5)
    result = simulate_repast(spec, [4, 2], seed=3, scenario_name="tiny", scenario_text="x = 1")
    assert list(result.series.columns) == ["take", "t", "humans", "zombies"]
    assert list(result.final.columns) == ["take", "humans", "zombies", "infected"]
    assert result.takes == [2, 4]
    assert result.engine == "repast"
    assert result.meta["time_unit"] == "tick"
    assert result.meta["parameters"]["humans"] == 200
    assert result.provenance["seed"] == 3
    assert result.provenance["scenario"] == "tiny"
    assert result.provenance["scenario_text"] == "x = 1"


def test_spec_defaults_are_the_demo_and_bad_values_are_refused() -> None:
    spec = RepastSpec()
    assert (spec.width, spec.height, spec.humans, spec.zombies, spec.ticks) == (
        200,
        200,
        8000,
        400,
        50,
    )
    assert (spec.zombie_step, spec.human_step, spec.death_ticks) == (0.25, 0.5, 10)
    for name, info in RepastSpec.model_fields.items():
        extra = info.json_schema_extra
        assert isinstance(extra, dict) and extra["unit"] and extra["reason"], name
    with pytest.raises(ValidationError):
        RepastSpec(humans=-1)
    with pytest.raises(ValidationError):
        RepastSpec(zombie_step=1.5)
    with pytest.raises(ValidationError):
        RepastSpec.model_validate({"humanz": 10})


@settings(max_examples=40, derandomize=True, deadline=None)
@given(
    size=st.integers(1, 12),
    humans=st.integers(0, 60),
    zombies=st.integers(0, 8),
    seed=st.integers(0, 2**31 - 1),
)
def test_any_small_world_keeps_its_invariants(
    size: int, humans: int, zombies: int, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    world = ZombieWorld.of(
        rng.uniform(0, size, (humans, 2)), rng.uniform(0, size, (zombies, 2)), size, size
    )
    counts = world.run(25, seed)
    np.testing.assert_array_equal(counts.sum(axis=1), humans + zombies)
    assert (np.diff(counts[:, 1]) >= 0).all()
    assert counts[-1].tolist() == [int(world.alive.sum()), world.n_zombies]
    for where in (world.humans, world.zombies):
        assert where.size == 0 or (where.min() >= 0.0 and where.max() < size)
    assert (world.infected_time[world.alive] < 10).all()
    assert not world.infected_time[~world.infected].any()


def test_the_shipped_scenario_holds_the_demo_defaults() -> None:
    text = resources.files("hyosan.scenarios").joinpath("repast-zombies.toml").read_text()
    table = tomllib.loads(text)
    assert table["engine"] == "repast"
    assert RepastSpec.model_validate(table["repast"]) == RepastSpec()


def test_the_shipped_scenario_runs_through_its_own_engine() -> None:
    import hyosan
    from hyosan.errors import HyosanError
    from hyosan.scenario import load_scenario

    scenario = load_scenario("repast-zombies", ["repast.humans=300", "repast.ticks=12"])
    assert scenario.repast is not None and scenario.building is None
    through_engine = hyosan.simulate(scenario, takes=[3])
    direct = simulate_repast(scenario.repast, [3], scenario.seed, scenario.name)
    assert through_engine.series.equals(direct.series)
    with pytest.raises(HyosanError, match="does not belong to engine 'repast'"):
        load_scenario("repast-zombies", ['building.plan="hyosan-high.plan"'])
