"""The foundation holds: a catalog model loads, runs and round-trips through Parquet."""

from pathlib import Path

import numpy as np
import pytest

import hyosan
from hyosan.result import Result


def test_catalog_model_runs_and_round_trips(tmp_path: Path) -> None:
    result = hyosan.simulate("alemi_szr")
    n = 1000.0
    total = result.series[["S", "Z", "R"]].sum(axis=1).to_numpy()
    np.testing.assert_allclose(total, n, rtol=1e-9)
    back = Result.from_parquet(result.to_parquet(tmp_path / "r"))
    assert back.series.equals(result.series)
    assert back.provenance["seed"] == result.provenance["seed"]


def test_hyosan_city_lands_on_the_series_figures() -> None:
    """Within 5 % of each: 110,000 got out alive; the strike killed 50,000 infected, 10,000 not."""
    result = hyosan.simulate("hyosan-city")
    events = result.tables["events"]
    struck = events[events["event"] == "impulse"].groupby("species")["moved"].sum()
    got_out = float(result.final["V"].iloc[0])
    assert got_out == pytest.approx(110_000, rel=0.05)
    assert struck["Z"] + struck["E"] == pytest.approx(50_000, rel=0.05)
    assert struck["S"] == pytest.approx(10_000, rel=0.05)
    total = result.series[["S", "E", "Z", "H", "R", "V"]].sum(axis=1).to_numpy()
    np.testing.assert_allclose(total, 170_000, rtol=1e-7)


def test_hyosan_city_ssa_with_events_follows_the_ode() -> None:
    """With 100 zombies at the start (no chance of an early die-out, no random delay), the
    stochastic takes, cordon and strike included, average to the ODE: within 2 % of N."""
    overrides = ["compartmental.initial={S=169900, Z=100}"]
    ode = hyosan.simulate("hyosan-city", overrides=overrides)
    ssa = hyosan.simulate("hyosan-city", overrides=[*overrides, "method='ssa'"], takes=10)
    states = ["S", "E", "Z", "H", "R", "V"]
    np.testing.assert_allclose(
        ssa.final[states].mean().to_numpy(), ode.final[states].iloc[0].to_numpy(), atol=3400
    )
    strike = ssa.tables["events"].groupby("species")["moved"].mean()
    expected = ode.tables["events"].set_index("species")["moved"]
    assert strike["Z"] == pytest.approx(expected["Z"], rel=0.01)
    assert strike["S"] == pytest.approx(expected["S"], abs=30)


@pytest.mark.parametrize("method", ["ode", "ssa", "tau"])
def test_impulse_strikes_exactly_at_its_time(method: str) -> None:
    """A strike removing every zombie at t = 2.5 shows at the output time 2.5, not later."""
    result = hyosan.simulate(
        "munz_basic",
        overrides=[
            f"method='{method}'",
            "t_end=5",
            "points=11",
            "compartmental.initial={S=500, Z=50}",
            "compartmental.impulses=[{species='Z', times=[2.5], fractions=1.0}]",
        ],
        takes=3,
    )
    series = result.series
    before = series[np.isclose(series["t"], 2.0)]["Z"].to_numpy()
    at = series[np.isclose(series["t"], 2.5)]["Z"].to_numpy()
    events = result.tables["events"]
    assert (before > 0).all()
    np.testing.assert_array_equal(at, 0.0)
    assert (events["moved"] > 0).all() and (events["t"] == 2.5).all()


@pytest.mark.parametrize("method", ["ode", "ssa"])
def test_parameter_change_takes_effect_at_its_time(method: str) -> None:
    """Bites stop at t = 1: S stays constant from then on, and not before."""
    result = hyosan.simulate(
        "alemi_szr",
        overrides=[
            f"method='{method}'",
            "t_end=50",
            "points=51",
            "compartmental.initial={S=900, Z=100}",
            "compartmental.changes=[{time=10.0, set={beta=0.0}}]",
        ],
    )
    s = result.series.set_index("t")["S"]
    assert s.loc[9.0] < s.loc[0.0]
    assert s.loc[10.0] == s.loc[50.0]
