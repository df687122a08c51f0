"""Strain competition: the invasion condition against the model's equations and against takes.

The resident's equilibrium must zero the right-hand side; the invader's reproduction number
from the next-generation matrix must equal the rank-one formula of docs/season-2.md; and the
share of exact SSA takes in which the invader establishes must match the branching process's
1 − q where R > 1 and be about 0 where R < 1 (1,000 takes per share, fixed seed).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from hyosan.compartmental import analysis, invasion
from hyosan.compartmental.catalog import entry

TAKES = 1000


def test_resident_equilibrium_is_an_equilibrium() -> None:
    for extra in ({}, {"kappa": 0.25}, {"h1": 0.5}, {"warmth": 0.22}):
        p = {**entry("strains").parameter_values(), **extra}
        state = invasion.resident_equilibrium(p)
        m = analysis.model("strains", p, state=state)
        rates = np.asarray(m.network.rhs(0.0, m.x0, m.k))
        assert np.max(np.abs(rates)) < 1e-9 * p["delta"] * p["N"]
        assert state["Z1"] > 0 and 0 < state["S"] < p["N"]
        assert invasion.strain_r(p, p["h1"], state["S"] / p["N"]) == pytest.approx(1.0)


def test_invader_r_is_the_rank_one_formula() -> None:
    """Next-generation matrix at the resident's state == (1 − h)a(s*) + h b(s*)."""
    p = entry("strains").parameter_values()
    s = invasion.resident_equilibrium(p)["S"] / p["N"]
    shares = np.linspace(0.0, 1.0, 11)
    for row in invasion.invasion(p, shares):
        assert row.reproduction == pytest.approx(invasion.strain_r(p, row.share, s), rel=1e-9)


@pytest.mark.parametrize(
    ("extra", "invades"),
    [({}, True), ({"warmth": 1.5}, True), ({"warmth": 0.22}, False)],
    ids=["default", "summer", "winter"],
)
def test_ensemble_agrees_with_the_invasion_condition(extra: dict, invades: bool) -> None:
    for row in invasion.invasion(extra, (0.5, 1.0)):
        assert (row.reproduction > 1.0) is invades
        seen = invasion.establishment(extra, row.share, takes=TAKES, seed=29)
        if invades:
            se = math.sqrt(row.establish * (1.0 - row.establish) / TAKES)
            assert abs(seen - row.establish) < 4 * se
        else:
            assert row.establish == 0.0
            assert seen <= 0.005  # a subcritical invader from one zombie almost never gets far


def test_equilibrium_search_finds_both_strains_alone() -> None:
    """The generic search finds strain 1's equilibrium (invadable: unstable) where the closed
    form puts it, and strain 2's alone, stable: strain 2 holds people lower and wins."""
    p = entry("strains").parameter_values()
    resident = invasion.resident_equilibrium(p)
    found = analysis.equilibria("strains", p)
    strain1 = [eq for eq in found if eq.state["Z1"] > 1 and eq.state["Z2"] == 0]
    strain2 = [eq for eq in found if eq.state["Z2"] > 1 and eq.state["Z1"] == 0]
    assert len(strain1) == 1 and len(strain2) == 1
    for name, value in resident.items():
        assert strain1[0].state[name] == pytest.approx(value, rel=1e-6, abs=1e-9)
    assert strain1[0].stability == "unstable" and strain2[0].stability == "stable"
    assert strain2[0].state["S"] < resident["S"]


def test_analyse_prints_the_invasion_table(capsys: pytest.CaptureFixture[str]) -> None:
    from hyosan.cli import main

    assert main(["analyse", "strains", "--shares", "0.5 1", "--takes", "20"]) == 0
    out = capsys.readouterr().out
    for row in invasion.invasion(None, (0.5, 1.0)):
        assert f"{row.reproduction:.4f}" in out and f"{row.establish:.3f}" in out
    assert "takes that reach 50" in out
    assert main(["analyse", "alemi_szr", "--takes", "20"]) == 2
    assert main(["analyse", "strains", "--shares", "0.5 2"]) == 2
    assert "between 0 and 1" in capsys.readouterr().err


@pytest.mark.parametrize("zero", ["delta", "mu_h", "warmth"])
def test_no_equilibrium_without_turnover_is_said(zero: str) -> None:
    with pytest.raises(ValueError, match="allowed: > 0"):
        invasion.resident_equilibrium({zero: 0.0})
    with pytest.raises(ValueError, match="cannot persist"):
        invasion.resident_equilibrium({"kappa": 0.6})  # zombies shot faster than they bite
