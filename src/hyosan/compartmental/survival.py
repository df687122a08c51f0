"""How long zombies last without prey: the time to zombie extinction, exact and from takes.

With no prey a zombie's life is a chain of stages each left at a constant rate: a hunting
zombie weakens (rate ``hunger``), a weak one falls (rate ``decay``). Zombies do not interact
then, so the zombie population dies out when the last of independent lifetimes ends: the
extinction time T of ``hunting`` + ``weak`` zombies has the distribution

    P(T ≤ t) = F₂(t)^hunting · F₁(t)^weak,

F₁(t) = 1 − e^{−d t} (one stage), F₂(t) = 1 − (d e^{−g t} − g e^{−d t})/(d − g) (hunger g, then
decay d; at g = d the Erlang form). For weak zombies alone (a linear death process from n) the
mean is Σ_{k=1}^{n} 1/(k d). :func:`extinction_times` reads the same time from the takes of a run.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.integrate import quad

__all__ = [
    "extinction_cdf",
    "extinction_mean",
    "extinction_quantile",
    "extinction_times",
    "pure_death_mean",
]


def _stage_cdfs(t: np.ndarray, hunger: float, decay: float) -> tuple[np.ndarray, np.ndarray]:
    """P(a weak zombie has fallen by t), P(a hunting zombie has fallen by t)."""
    one = -np.expm1(-decay * t)
    if hunger <= 0:
        return one, np.zeros_like(t)
    if abs(hunger - decay) <= 1e-12 * max(hunger, decay):
        two = 1.0 - np.exp(-decay * t) * (1.0 + decay * t)
    else:
        two = 1.0 - (decay * np.exp(-hunger * t) - hunger * np.exp(-decay * t)) / (decay - hunger)
    return one, np.clip(two, 0.0, 1.0)


def _check(hunting: int, weak: int, hunger: float, decay: float) -> None:
    """Zombies that never weaken or never fall have no extinction time: say so."""
    if hunting < 0 or weak < 0:
        raise ValueError(f"zombie counts must be ≥ 0, got {hunting} hunting and {weak} weak")
    if decay <= 0 or (hunting and hunger <= 0):
        raise ValueError(
            f"zombies never fall with hunger {hunger:g} and decay {decay:g}; "
            "allowed: decay > 0, and hunger > 0 when some zombies hunt"
        )


def extinction_cdf(
    t: np.ndarray | float, hunting: int, weak: int, hunger: float, decay: float
) -> np.ndarray:
    """P(every zombie has fallen by t), with no prey, for rates per time unit."""
    _check(hunting, weak, hunger, decay)
    t = np.asarray(t, dtype=float)
    one, two = _stage_cdfs(t, hunger, decay)
    return np.asarray(two**hunting * one**weak)


def extinction_mean(hunting: int, weak: int, hunger: float, decay: float) -> float:
    """Mean time until the last zombie falls: ∫ P(T > t) dt."""
    _check(hunting, weak, hunger, decay)
    if hunting == 0 and weak == 0:
        return 0.0
    if hunting == 0:
        return pure_death_mean(weak, decay)
    scale = (1.0 / hunger + 1.0 / decay) * (1.0 + np.log(hunting + weak))
    value, _ = quad(
        lambda t: 1.0 - float(extinction_cdf(t, hunting, weak, hunger, decay)),
        0.0,
        np.inf,
        points=None,
        limit=200,
        epsabs=1e-10 * scale,
    )
    return float(value)


def pure_death_mean(n: int, rate: float) -> float:
    """Mean extinction time of a linear death process from n: Σ_{k=1}^{n} 1/(k · rate)."""
    return float(sum(1.0 / (k * rate) for k in range(1, n + 1)))


def extinction_quantile(q: float, hunting: int, weak: int, hunger: float, decay: float) -> float:
    """The time by which every zombie has fallen with probability q (bisection on the cdf)."""
    _check(hunting, weak, hunger, decay)
    if not 0.0 < q < 1.0:
        raise ValueError(f"q must lie in (0, 1), got {q}")
    lo, hi = 0.0, 1.0 / decay + (1.0 / hunger if hunger > 0 and hunting else 0.0)
    while float(extinction_cdf(hi, hunting, weak, hunger, decay)) < q:
        hi *= 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if float(extinction_cdf(mid, hunting, weak, hunger, decay)) < q:
            lo = mid
        else:
            hi = mid
    return hi


def extinction_times(series: pd.DataFrame, species: Sequence[str]) -> pd.Series:
    """Per take, the first output time at which every species listed is 0 (NaN: not by the end).

    An output time reports the state at that time, so this is the extinction time rounded up to
    the output grid; ``P(T ≤ t)`` at an output time is exact.
    """
    gone = series[list(species)].sum(axis=1) == 0
    first = series["t"].where(gone).groupby(series["take"]).min()
    first.name = "extinct"
    return first
