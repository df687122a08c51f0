"""Analysis of compartmental models: R0, equilibria and their stability, extinction odds, and
Alemi et al.'s closed form and final sizes.

Everything here works from the reaction network, so it applies to a catalog model and to a
network of your own alike:

- :func:`r0` is the spectral radius of the next-generation matrix F V⁻¹ (van den Driessche &
  Watmough, 2002) at the disease-free state; F collects the new infected each reaction makes
  when it consumes an uninfected species, V everything else that moves infected species.
- :func:`equilibria` finds the non-negative equilibria in the start's conservation class by
  bounded least squares from many starts; :func:`stability` takes the eigenvalues of the exact
  Jacobian restricted to the stoichiometric subspace (directions a conservation law forbids are
  not stability).
- :func:`extinction_probability` treats each infected individual near the disease-free state as
  a multi-type branching process; the extinction probability is the smallest fixed point of its
  offspring generating function.
- :func:`closed_form_alemi`, :func:`final_size_alemi` and :func:`alemi_absorption` are Alemi
  et al.'s closed form, its limits, and the exact finite-N result of the stochastic model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import least_squares
from scipy.signal import lfilter

from hyosan.compartmental.catalog import CATALOG, entry
from hyosan.compartmental.network import Network

__all__ = [
    "Equilibrium",
    "Model",
    "alemi_absorption",
    "closed_form_alemi",
    "equilibria",
    "extinction_probability",
    "final_size_alemi",
    "model",
    "r0",
    "stability",
]


@dataclass(frozen=True)
class Model:
    """A network with its parameter values, a reference state and its infected species."""

    network: Network
    parameters: dict[str, float]
    state: dict[str, float]
    infected: tuple[str, ...]

    @property
    def k(self) -> np.ndarray:
        return self.network.rate_constants(self.parameters)

    @property
    def x0(self) -> np.ndarray:
        return np.array([self.state.get(s, 0.0) for s in self.network.species], dtype=float)

    def disease_free(self) -> np.ndarray:
        """The reference state with every infected species emptied."""
        x = self.x0.copy()
        for name in self.infected:
            x[self.network.index(name)] = 0.0
        return x


@dataclass(frozen=True)
class Equilibrium:
    """A state where the right-hand side vanishes, and how perturbations of it behave."""

    state: dict[str, float]
    eigenvalues: np.ndarray
    stability: str

    def __str__(self) -> str:
        values = ", ".join(f"{k}={v:.6g}" for k, v in self.state.items())
        return f"({values}): {self.stability}"


def model(
    name: str | Network,
    parameters: Mapping[str, float] | None = None,
    *,
    state: Mapping[str, float] | None = None,
    infected: Sequence[str] | None = None,
) -> Model:
    """A catalog model (by name) or a network, with parameters and state over its defaults."""
    if isinstance(name, Network):
        if infected is None:
            raise ValueError("name the infected species of a network of your own")
        return Model(name, dict(parameters or {}), dict(state or {}), tuple(infected))
    if name not in CATALOG:
        raise ValueError(f"unknown model {name!r}; allowed: {', '.join(CATALOG)}")
    e = entry(name)
    return Model(
        e.network,
        {**e.parameter_values(), **(parameters or {})},
        {**e.initial, **(state or {})},
        tuple(infected) if infected is not None else e.infected,
    )


def _flux_gradient(network: Network, x: np.ndarray, k: np.ndarray) -> np.ndarray:
    """∂flux_r/∂x_j at ``x``, shape (reactions, species)."""
    orders = network.orders
    grad = np.zeros(orders.shape)
    for r in range(orders.shape[0]):
        for j in range(orders.shape[1]):
            n = orders[r, j]
            if n == 0:
                continue
            term = k[r] * n * x[j] ** (n - 1)
            for m in range(orders.shape[1]):
                if m != j and orders[r, m]:
                    term *= x[m] ** orders[r, m]
            grad[r, j] = term
    return grad


def next_generation(m: Model, dfe: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The matrices F (new infections) and V (other transfers) at the disease-free state."""
    net = m.network
    x = m.disease_free() if dfe is None else np.asarray(dfe, dtype=float)
    inf = [net.index(s) for s in m.infected]
    uninfected = [i for i in range(len(net.species)) if i not in inf]
    stoich = net.stoichiometry[:, inf].astype(float)
    new = np.zeros_like(stoich)
    for r in range(len(net.reactions)):
        if any(net.stoichiometry[r, j] < 0 for j in uninfected):
            new[r] = np.clip(stoich[r], 0.0, None)
    grad = _flux_gradient(net, x, m.k)[:, inf]
    f = new.T @ grad
    v = f - stoich.T @ grad
    return f, v


def r0(
    name: str | Network | Model,
    parameters: Mapping[str, float] | None = None,
    *,
    dfe: Mapping[str, float] | None = None,
    infected: Sequence[str] | None = None,
) -> float:
    """Basic reproduction number: spectral radius of F V⁻¹ at the disease-free state.

    ``dfe`` gives the disease-free state (by default the model's start with the infected
    removed). Raises ValueError where V is singular and R0 is not defined.
    """
    m = name if isinstance(name, Model) else model(name, parameters, infected=infected)
    x = None
    if dfe is not None:
        x = np.array([dfe.get(s, 0.0) for s in m.network.species], dtype=float)
    f, v = next_generation(m, x)
    if abs(np.linalg.det(v)) < 1e-300 or np.linalg.cond(v) > 1e14:
        raise ValueError("V is singular at the disease-free state: R0 is not defined here")
    return float(np.max(np.abs(np.linalg.eigvals(f @ np.linalg.inv(v)))))


def _active_basis(network: Network, k: np.ndarray) -> np.ndarray:
    """Orthonormal basis (columns) of the span of the reactions that can fire."""
    s = network.stoichiometry[k != 0].astype(float)
    if s.size == 0:
        return np.zeros((len(network.species), 0))
    u, sv, vt = np.linalg.svd(s, full_matrices=False)
    rank = int((sv > 1e-10 * sv.max()).sum())
    return vt[:rank].T


def stability(
    network: Network, k: np.ndarray, state: np.ndarray, *, tol: float = 1e-9
) -> tuple[np.ndarray, str]:
    """Eigenvalues of the Jacobian on the stoichiometric subspace, and a verdict.

    "stable" (every real part below −tol·scale), "unstable" (one above +tol·scale), or
    "marginal" (the linearisation cannot tell).
    """
    basis = _active_basis(network, k)
    jac = network.jacobian(np.asarray(state, dtype=float), k)
    reduced = basis.T @ jac @ basis
    eig = np.linalg.eigvals(reduced) if reduced.size else np.zeros(0)
    scale = max(1.0, float(np.abs(jac).max(initial=0.0)))
    top = float(np.max(eig.real)) if eig.size else -np.inf
    verdict = "stable" if top < -tol * scale else "unstable" if top > tol * scale else "marginal"
    return eig, verdict


SEARCH_EVALUATIONS = 10_000
"""Most evaluations of the equilibrium search over all its starting points: three times what
the catalog's models take (1,200 to 3,500). A degenerate model (a rate of 0 leaves a direction
flat) makes every start crawl to its own limit; the budget ends the search in seconds, after
the start, the disease-free state and the corners have been tried."""


def equilibria(
    name: str | Network | Model,
    parameters: Mapping[str, float] | None = None,
    *,
    state: Mapping[str, float] | None = None,
    starts: int = 64,
    seed: int = 0,
) -> list[Equilibrium]:
    """Non-negative equilibria in the conservation class of the start, with their stability.

    Found by bounded least squares from the start, the disease-free state, the corners of the
    class and ``starts`` random points in it, within SEARCH_EVALUATIONS evaluations in all;
    solutions are polished and merged.
    """
    m = name if isinstance(name, Model) else model(name, parameters, state=state)
    net, k = m.network, m.k
    x0 = m.x0
    basis = _active_basis(net, k)
    n = len(net.species)
    laws = _null_rows(basis, n)
    total = max(1.0, float(np.abs(x0).sum()))
    target = laws @ x0

    def residual(y: np.ndarray) -> np.ndarray:
        f = np.asarray(net.rhs(0.0, y, k), dtype=float)
        return np.concatenate([basis.T @ f, (laws @ y - target) * flux_scale / total])

    flux_scale = max(1e-300, float(np.abs(net.flux(np.full(n, total / n), k)).max(initial=0.0)))
    rng = np.random.default_rng(seed)
    guesses = [x0, m.disease_free()]
    guesses += [np.eye(n)[i] * total for i in range(n)]
    guesses += [rng.dirichlet(np.ones(n)) * total for _ in range(starts)]
    found: list[np.ndarray] = []
    budget = SEARCH_EVALUATIONS
    for guess in guesses:
        if budget <= 0:
            break
        sol = least_squares(
            residual,
            guess,
            bounds=(0.0, np.inf),
            x_scale=total,
            xtol=1e-15,
            ftol=1e-15,
            gtol=1e-15,
            max_nfev=min(2000, budget),
        )
        budget -= sol.nfev
        y = np.where(sol.x < 1e-9 * total, 0.0, sol.x)
        if np.max(np.abs(residual(y))) > 1e-9 * flux_scale:
            continue
        if all(np.max(np.abs(y - z)) > 1e-6 * total for z in found):
            found.append(y)
    found.sort(key=lambda y: tuple(-y))
    out = []
    for y in found:
        eig, verdict = stability(net, k, y)
        out.append(Equilibrium(dict(zip(net.species, y.tolist(), strict=True)), eig, verdict))
    return out


def _null_rows(basis: np.ndarray, n: int) -> np.ndarray:
    """Rows spanning the orthogonal complement of ``basis``: the conservation laws."""
    if basis.shape[1] == 0:
        return np.eye(n)
    q, _ = np.linalg.qr(np.hstack([basis, np.eye(n)]))
    return q[:, basis.shape[1] : n].T


def extinction_probability(
    name: str | Network | Model,
    parameters: Mapping[str, float] | None = None,
    *,
    initial: Mapping[str, float] | None = None,
    dfe: Mapping[str, float] | None = None,
    infected: Sequence[str] | None = None,
) -> float:
    """Probability that the outbreak dies out, by the branching-process approximation.

    Near the disease-free state each infected individual acts alone: every reaction it takes
    part in (with the uninfected at their disease-free counts) replaces it by the infected the
    reaction produces. The extinction probabilities q solve q = G(q), G the offspring generating
    function; the answer is ∏ q_i^{n_i} for ``initial`` infected counts n (default: the model's).
    Exact for a large population; reactions that make infected from nothing give 0.
    """
    m = name if isinstance(name, Model) else model(name, parameters, infected=infected)
    net = m.network
    x = m.disease_free()
    if dfe is not None:
        x = np.array([dfe.get(s, 0.0) for s in net.species], dtype=float)
    inf = [net.index(s) for s in m.infected]
    k = m.k
    start = {s: m.state.get(s, 0.0) for s in m.infected} if initial is None else dict(initial)
    events: list[list[tuple[float, np.ndarray]]] = [[] for _ in inf]
    for r in range(len(net.reactions)):
        counts = net.orders[r, inf]
        rate = k[r] * np.prod(
            [x[j] ** net.orders[r, j] for j in range(len(net.species)) if j not in inf]
        )
        if rate <= 0:
            continue
        if counts.sum() == 0:
            if np.any(net.stoichiometry[r, inf] > 0):
                return 0.0  # infected keep arriving from outside the chain
            continue
        if counts.sum() > 1:
            continue  # two infected meeting: negligible near the disease-free state
        i = int(np.argmax(counts))
        children = net.orders[r, inf] + net.stoichiometry[r, inf]
        events[i].append((float(rate), children.astype(float)))
    q = np.zeros(len(inf))
    for _ in range(100_000):
        new = np.ones(len(inf))
        for i, options in enumerate(events):
            if not options:
                continue
            total = sum(rate for rate, _ in options)
            new[i] = sum(rate * np.prod(q**children) for rate, children in options) / total
        if np.max(np.abs(new - q)) < 1e-15:
            q = new
            break
        q = new
    prob = 1.0
    for i, name_i in enumerate(m.infected):
        prob *= q[i] ** start.get(name_i, 0.0)
    return float(prob)


def closed_form_alemi(
    t: np.ndarray | float, s0: float, z0: float, alpha: float, beta: float
) -> tuple[Any, Any, Any]:
    """Alemi et al.'s exact solution of S′=−βSZ, Z′=(β−κ)SZ, R′=κSZ, κ = αβ: (S, Z, R) at t.

    With τ = βNt, N = S0 + Z0, P = Z0 + (1−α)S0, μ = (S0/Z0)(1−α), f = Pμ/(e^{τP/N} + μ):
    Z = P − f, S = f/(1−α). At α = 1 zombies neither grow nor shrink: S = S0 e^{−βZ0 t}.
    """
    t = np.asarray(t, dtype=float)
    n = s0 + z0
    if alpha == 1.0:
        s = s0 * np.exp(-beta * z0 * t)
        z = np.full_like(t, z0)
    else:
        tau = beta * n * t
        p = z0 + (1.0 - alpha) * s0
        mu = (s0 / z0) * (1.0 - alpha)
        if p > 0:  # written with e^{-x} so that late times do not overflow
            decay = np.exp(-tau * p / n)
            f = p * mu * decay / (1.0 + mu * decay)
        else:
            f = p * mu / (np.exp(tau * p / n) + mu)
        z = p - f
        s = f / (1.0 - alpha)
    return s, z, n - s - z


def final_size_alemi(s0: float, z0: float, alpha: float) -> dict[str, float]:
    """Where the ODE ends: zombies win (Z∞ = Z0 + (1−α)S0) or humans win (S∞ = S0 − Z0/(α−1))."""
    p = z0 + (1.0 - alpha) * s0
    n = s0 + z0
    if p > 0:
        return {"S": 0.0, "Z": p, "R": n - p, "winner": "zombies"}  # type: ignore[dict-item]
    s = s0 - z0 / (alpha - 1.0)
    return {"S": s, "Z": 0.0, "R": n - s, "winner": "humans"}  # type: ignore[dict-item]


def alemi_absorption(s0: int, z0: int, alpha: float) -> dict[str, np.ndarray | float]:
    """Exact end of the stochastic Alemi SZR model, by its embedded Markov chain.

    Each S–Z contact is a bite (S → Z) with probability 1/(1+α), else a kill (Z → R). The
    chain stops when Z = 0 (humans win, with S survivors) or S = 0 (zombies win, with Z left).
    Returns ``p_humans`` (the probability the zombies die out), ``survivors`` (probability of
    each final S = 0..s0 with Z = 0), and ``zombies`` (probability of each final Z with S = 0).
    Cost O(s0 · (s0 + z0)).
    """
    bite = 1.0 / (1.0 + alpha)
    kill = 1.0 - bite
    zmax = s0 + z0
    prob = np.zeros((s0 + 1, zmax + 1))  # mass at (S, Z) still moving, swept by falling S
    prob[s0, z0] = 1.0
    survivors = np.zeros(s0 + 1)
    zombies = np.zeros(zmax + 1)
    for s in range(s0, 0, -1):
        # within a row S is fixed and Z falls by kills: the mass that ever stands at (s, z),
        # z >= 1, is v[z] = row[z] + kill v[z + 1]; a bite from there moves it to (s - 1, z + 1)
        row = prob[s, 1:]
        visits = lfilter([1.0], [1.0, -kill], row[::-1])[::-1]
        prob[s - 1, 2:] += bite * visits[:-1]
        survivors[s] = prob[s, 0] + kill * visits[0]
    zombies[:] = prob[0]
    survivors[0] = 0.0
    return {"p_humans": float(survivors.sum()), "survivors": survivors, "zombies": zombies}
