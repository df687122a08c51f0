"""Invasion of one virus strain by another (the ``strains`` model), analytic and by ensemble.

A strain with halfbie share h, at a share s = S/N of the people uninfected, has the
reproduction number R(h, s) = (1 − h)·a(s) + h·b(s): a(s) = βs/(ωw + κs) bites a zombie makes
before it starves or is shot, b(s) = β_h s/μ_h bites a halfbie makes before it is found; each bite
makes a halfbie with probability h (the next-generation matrix has rank one). Strain 1 alone
settles where R(h₁, s*) = 1 (:func:`resident_equilibrium`). Strain 2 arriving there invades when
its own R(h₂, s*) > 1 — that is, when it would hold s lower than strain 1 does — and then, from
one zombie, establishes with the branching-process probability 1 − q (:func:`invasion`).
:func:`establishment` counts the same thing over exact SSA takes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from hyosan.compartmental import analysis
from hyosan.compartmental.catalog import entry

__all__ = ["Invasion", "establishment", "invasion", "resident_equilibrium", "strain_r"]

MODEL = "strains"
ESTABLISH = 50
"""Carriers of the invading strain (zombies and halfbies) that count as established: a
supercritical invader that got so far dies out afterwards with odds of about q⁵⁰."""
HORIZON = 400.0
"""Days an invasion take runs: many generations of both strains."""


@dataclass(frozen=True)
class Invasion:
    """Strain 2 with halfbie share ``share`` arriving (one zombie) at strain 1's equilibrium."""

    share: float
    reproduction: float
    """The invader's reproduction number at the resident's equilibrium."""
    establish: float
    """Probability it establishes, 1 − q (branching process); 0 when reproduction ≤ 1."""


def _parameters(parameters: Mapping[str, float] | None) -> dict[str, float]:
    return {**entry(MODEL).parameter_values(), **(parameters or {})}


def strain_r(parameters: Mapping[str, float], share: float, s: float) -> float:
    """R(h, s) = (1 − h)·βs/(ωw + κs) + h·β_h s/μ_h for a strain with halfbie share h."""
    p = _parameters(parameters)
    zombie = p["beta"] * s / (p["omega"] * p["warmth"] + p["kappa"] * s)
    halfbie = p["beta_h"] * s / p["mu_h"]
    return (1.0 - share) * zombie + share * halfbie


def resident_equilibrium(parameters: Mapping[str, float] | None = None) -> dict[str, float]:
    """Strain 1's equilibrium alone (strain 2 absent), in closed form.

    s* solves R(h₁, s) = 1, a quadratic h β_h κ s² + ((1−h)βμ_h + hβ_hA − μ_hκ) s − μ_hA = 0
    with A = ωw; people are infected at λ = δN(1 − s*) a day, a share 1 − h of them zombies that
    last 1/(A + κs*), h halfbies that last 1/μ_h. Raises ValueError when strain 1 cannot
    persist (R(h₁, 1) ≤ 1) or δ, μ_h or ωw is 0 (no equilibrium with people and zombies).
    """
    p = _parameters(parameters)
    for name, value in (
        ("delta", p["delta"]),
        ("mu_h", p["mu_h"]),
        ("omega·warmth", p["omega"] * p["warmth"]),
    ):
        if value <= 0:
            raise ValueError(
                f"strain 1 has an equilibrium only when people come and go and zombies and "
                f"halfbies end: {name} = {value:g}; allowed: > 0"
            )
    h, a = p["h1"], p["omega"] * p["warmth"]
    beta, beta_h, kappa, mu = p["beta"], p["beta_h"], p["kappa"], p["mu_h"]
    if strain_r(p, h, 1.0) <= 1.0:
        raise ValueError("strain 1 cannot persist: its R at the disease-free state is ≤ 1")
    quad_a = h * beta_h * kappa
    quad_b = (1.0 - h) * beta * mu + h * beta_h * a - mu * kappa
    if quad_a == 0.0:
        s = mu * a / quad_b
    else:
        s = (-quad_b + np.sqrt(quad_b**2 + 4.0 * quad_a * mu * a)) / (2.0 * quad_a)
    n = p["N"]
    incidence = p["delta"] * n * (1.0 - s)
    return {
        "S": float(s * n),
        "Z1": float((1.0 - h) * incidence / (a + kappa * s)),
        "H1": float(h * incidence / mu),
        "Z2": 0.0,
        "H2": 0.0,
    }


def invasion(
    parameters: Mapping[str, float] | None = None, shares: Sequence[float] = (0.0, 0.5, 1.0)
) -> list[Invasion]:
    """For each halfbie share of strain 2: its R at strain 1's equilibrium (the spectral radius
    of its next-generation matrix there) and its odds of establishing from one zombie."""
    p = _parameters(parameters)
    state = resident_equilibrium(p)
    out = []
    for share in shares:
        m = analysis.model(MODEL, {**p, "h2": share}, state=state, infected=("Z2", "H2"))
        r = analysis.r0(m, dfe=state)
        q = analysis.extinction_probability(m, dfe=state, initial={"Z2": 1.0})
        out.append(Invasion(float(share), r, 1.0 - q if r > 1.0 else 0.0))
    return out


def establishment(
    parameters: Mapping[str, float] | None,
    share: float,
    *,
    takes: int,
    seed: int,
    horizon: float = HORIZON,
) -> float:
    """Share of exact SSA takes in which strain 2 (one zombie, halfbie share ``share``) arriving
    at strain 1's equilibrium (rounded to whole people) reaches ESTABLISH carriers."""
    from hyosan.compartmental.problem import problem_of
    from hyosan.compartmental.stochastic import TakeDraws, run_ssa
    from hyosan.scenario import load_scenario

    p = {**_parameters(parameters), "h2": share}
    state = resident_equilibrium(p)
    start = ", ".join(f"{k} = {round(v)}" for k, v in state.items() if k != "Z2")
    scenario = load_scenario(
        MODEL,
        [
            *(f"{k}={v!r}" for k, v in p.items()),
            "method='ssa'",
            f"t_end={horizon!r}",
            f"points={int(horizon) + 1}",
            f"compartmental.initial={{{start}, Z2 = 1}}",
        ],
    )
    assert scenario.compartmental is not None
    out, _ = run_ssa(problem_of(scenario.compartmental), TakeDraws.of(seed, range(1, takes + 1)))
    carriers = out[:, :, 3] + out[:, :, 4]
    return float((carriers.max(axis=1) >= ESTABLISH).mean())
