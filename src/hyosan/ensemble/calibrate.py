"""Calibration: fit rate parameters of a compartmental model to observed counts.

The model is the deterministic ODE of the scenario; the counts are read as draws around it:
Poisson, or negative binomial (``var = μ + μ²/k``, the dispersion ``k`` fitted too) when the
data scatter more than Poisson allows — as counts read off a film do. Parameters are fitted on a
log scale (they are positive rates) by maximum likelihood with SciPy: Nelder–Mead from several
starts (for the negative binomial, the Poisson optimum among them), the best restarted once.
Nelder–Mead, not a gradient method: the likelihood surface has long curved ridges (bites and
kills nearly cancel) where finite-difference gradients stall. Uncertainty is the Laplace
approximation: the curvature of the log-likelihood at the optimum, on the log scale, gives standard errors and 95 % intervals
``exp(log θ ± 1.96 se)`` (asymmetric, never negative), and a band of fitted curves from draws
of that normal. On a curved ridge a quadratic sees only the steep side, so ``profile=True``
gives profile-likelihood intervals instead: the other parameters re-fitted at each value, the
ends where twice the log-likelihood has fallen by χ²₁(0.95) = 3.84.

Why SciPy and not Optuna: the likelihood of a few-parameter ODE is smooth and cheap (a solve is
about a millisecond), so a deterministic local optimiser with restarts finds the optimum in
seconds, reproducibly, and its curvature is the uncertainty. Optuna's samplers shine on noisy,
expensive or discrete objectives; here they would be slower and give no curvature.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, special

from hyosan.compartmental.ode import solve_ode
from hyosan.compartmental.problem import ReactionProblem, problem_of
from hyosan.ensemble.choices import LIKELIHOODS, SHIPPED_DATA
from hyosan.errors import HyosanError
from hyosan.files import input_file, write_whole
from hyosan.scenario import Scenario
from hyosan.scenario.compartmental import MAX_COUNT, MAX_T_END

Z95 = 1.959963984540054
FLOOR = 1e-9
SPAN = math.log(1e4)
"""A fitted rate stays within a factor 10⁴ of its starting value (the scenario's)."""
MAX_SOLVES = 3000
"""Model solves allowed to each Nelder–Mead start."""
MAX_SE_FOR_BAND = 2.0
"""No band when a parameter's log is this uncertain: the data do not pin the curve down."""


@dataclass
class Observations:
    """Observed counts of some species at some times (in the model's time unit)."""

    times: np.ndarray
    counts: dict[str, np.ndarray]
    source: str


def shipped_data(name: str) -> Path:
    """A data set shipped with hyosan (``shaun-of-the-dead``)."""
    return Path(str(resources.files("hyosan.data").joinpath(SHIPPED_DATA[name])))


MAX_DATA_BYTES = 50 * 2**20
"""Largest calibration data file."""


def read_observations(path: str | Path) -> Observations:
    """Read a CSV of counts: a ``t`` column, then one column per observed species.

    Lines starting with ``#`` are comments (attribution). Times must increase and be ≥ 0;
    counts must be numbers ≥ 0.
    """
    if str(path) in SHIPPED_DATA:
        path = shipped_data(str(path))
    file = input_file(
        path,
        what="data file",
        allowed=f"a CSV file, or a shipped data set: {', '.join(SHIPPED_DATA)}",
    )
    size = file.stat().st_size
    if size > MAX_DATA_BYTES:
        raise HyosanError.one(
            "data file too large", source=str(file), allowed=f"≤ {MAX_DATA_BYTES:,} bytes"
        )
    try:
        table = pd.read_csv(file, comment="#", encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise HyosanError.one(f"not a readable UTF-8 CSV ({exc})", source=str(file)) from None
    except (OSError, ValueError) as exc:
        raise HyosanError.one(f"cannot read the CSV ({exc})", source=str(file)) from None
    if "t" not in table.columns or len(table.columns) < 2:
        raise HyosanError.one(
            "needs a column t and at least one column of counts",
            source=str(file),
            value=[str(c)[:40] for c in table.columns[:20]],
            allowed="e.g. columns t,Z",
        )
    if len(table) < 2:
        raise HyosanError.one(
            "needs at least two rows of data to fit",
            source=str(file),
            value=len(table),
            allowed="two or more times",
        )
    for column in table.columns:
        numbers = pd.to_numeric(table[column], errors="coerce")
        high, what = (MAX_T_END, "a time") if column == "t" else (MAX_COUNT, "a count")
        bad = ~numbers.between(0, high)  # NaN and ±inf included
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise HyosanError.one(
                f"not {what}",
                source=str(file),
                where=f"row {row + 1} of the data, column {column}",
                value=str(table[column].iloc[row])[:80],
                allowed=f"{what} from 0 to {high:g} (the bounds of a scenario's t_end and "
                "initial counts)",
            )
        table[column] = numbers.astype(float)
    times = table["t"].to_numpy()
    if np.any(np.diff(times) <= 0):
        row = int(np.flatnonzero(np.diff(times) <= 0)[0]) + 2
        raise HyosanError.one(
            "times must increase",
            source=str(file),
            where=f"row {row}, column t",
            value=float(times[row - 1]),
        )
    counts = {c: table[c].to_numpy() for c in table.columns if c != "t"}
    return Observations(times, counts, str(file))


@dataclass
class Fit:
    """Fitted parameters with their uncertainty, and the fitted curve."""

    names: list[str]
    estimates: dict[str, float]
    lower: dict[str, float]
    upper: dict[str, float]
    se_log: dict[str, float]
    loglik: float
    likelihood: str
    dispersion: float | None
    observations: Observations
    curve: pd.DataFrame
    band: pd.DataFrame
    converged: bool
    evaluations: int
    time_unit: str = ""
    interval: str = "laplace"

    def table(self) -> pd.DataFrame:
        """One row per fitted quantity: estimate, 95 % interval, standard error of its log."""
        rows = [
            {
                "parameter": n,
                "estimate": self.estimates[n],
                "low": self.lower[n],
                "high": self.upper[n],
                "se_log": self.se_log[n],
            }
            for n in self.estimates
        ]
        return pd.DataFrame(rows)


def calibrate(
    scenario: Scenario,
    data: Observations,
    fit: list[str],
    *,
    likelihood: str = "poisson",
    starts: int = 8,
    seed: int = 0,
    band_draws: int = 200,
    profile: bool = False,
    step: Callable[..., None] | None = None,
) -> Fit:
    """Fit the parameters ``fit`` of a compartmental scenario to ``data`` by maximum likelihood.

    ``step`` is called after each optimiser start and each profiled parameter
    (:func:`calibration_steps` of them in all), for a progress bar."""
    spec = scenario.compartmental_spec("calibration fits compartmental models")
    base = problem_of(spec)
    _check_inputs(base, data, fit, likelihood)
    model = _Model(base, spec.ode_method, data, fit)
    negbin = likelihood == "negbin"
    rng = np.random.default_rng(seed)
    centre = np.log([max(base.parameters[n], 1e-12) for n in fit])
    best, evaluations = _maximise(model, False, centre, [centre], starts, rng, step)
    k0 = math.log(10.0)
    middle = np.append(centre, k0) if negbin else centre
    if negbin:
        # start the negative binomial from the Poisson optimum too: its mean curve is often
        # the right neighbourhood, and the dispersion only widens the likelihood around it
        guesses = [middle, np.append(best.x, k0)]
        best, more = _maximise(model, True, middle, guesses, starts, rng, step)
        evaluations += more
    nll = model.nll_of(negbin, middle)
    x = np.asarray(best.x)
    cov = _laplace(nll, x)
    se = np.sqrt(np.clip(np.diag(cov), 0.0, None)) if cov is not None else np.full(len(x), np.nan)
    names = [*fit, *(["k"] if negbin else [])]
    estimates = {n: float(math.exp(v)) for n, v in zip(names, x, strict=True)}
    lower, upper = _intervals(nll, x, float(best.fun), se, middle, names, profile, step)
    grid = np.linspace(0.0, float(data.times[-1]), 161)
    curve = _curve(model, x[: len(fit)], grid)
    band = _band(model, x[: len(fit)], cov, grid, band_draws, rng, len(fit))
    return Fit(
        names=list(fit),
        estimates=estimates,
        lower=lower,
        upper=upper,
        se_log=dict(zip(names, (float(s) for s in se), strict=True)),
        loglik=-float(best.fun),
        likelihood=likelihood,
        dispersion=estimates.get("k") if negbin else None,
        observations=data,
        curve=curve,
        band=band,
        converged=bool(best.success) and cov is not None,
        evaluations=evaluations,
        time_unit=spec.time_unit,
        interval="profile" if profile else "laplace",
    )


def _check_inputs(
    base: ReactionProblem, data: Observations, fit: list[str], likelihood: str
) -> None:
    """Refuse an unknown likelihood, a parameter the model lacks, or a column of ``data``
    that is not one of its species."""
    if likelihood not in LIKELIHOODS:
        raise HyosanError.one(
            "unknown likelihood",
            where="--likelihood",
            value=likelihood,
            allowed=", ".join(LIKELIHOODS),
        )
    known = sorted(base.network.parameters)
    unknown = [n for n in fit if n not in base.parameters]
    if not fit or unknown:
        raise HyosanError.one(
            "not a parameter of this model",
            where="--fit",
            value=",".join(unknown) or "(none)",
            allowed=", ".join(known),
        )
    species = list(base.network.species)
    for name in data.counts:
        if name not in species:
            raise HyosanError.one(
                "the data has a column that is not a species of the model",
                source=data.source,
                where=f"column {name}",
                allowed=", ".join(species),
            )


def calibration_steps(likelihood: str, starts: int, fitted: int, profile: bool) -> int:
    """How many times :func:`calibrate` calls its ``step``: one per optimiser start (the
    negative binomial runs a second round), one per profiled parameter."""
    negbin = likelihood == "negbin"
    rounds = (1 + starts) + ((2 + starts) if negbin else 0)
    return rounds + ((fitted + int(negbin)) if profile else 0)


def _maximise(
    model: _Model,
    negbin: bool,
    centre: np.ndarray,
    guesses: list[np.ndarray],
    starts: int,
    rng: np.random.Generator,
    step: Callable[..., None] | None = None,
) -> tuple[optimize.OptimizeResult, int]:
    """Nelder–Mead from the guesses and from random starts around ``centre``; the best,
    restarted once (a fresh simplex) to polish it."""
    nll = model.nll_of(negbin, centre)
    options = {"xatol": 1e-6, "fatol": 1e-8, "maxiter": MAX_SOLVES, "maxfev": MAX_SOLVES}
    points = [*guesses, *(centre + rng.normal(0.0, 1.0, size=centre.shape) for _ in range(starts))]
    best: optimize.OptimizeResult | None = None
    evaluations = 0
    for x0 in points:
        found = optimize.minimize(nll, x0, method="Nelder-Mead", options=options)
        evaluations += int(found.nfev)
        if best is None or found.fun < best.fun:
            best = found
        if step is not None:
            step("negative binomial starts" if negbin else "starts")
    assert best is not None
    polished = optimize.minimize(nll, best.x, method="Nelder-Mead", options=options)
    evaluations += int(polished.nfev)
    return (polished if polished.fun <= best.fun else best), evaluations


class _Model:
    """The ODE at the data's times for given log-parameters, and the negative log-likelihood."""

    def __init__(
        self, base: ReactionProblem, method: str, data: Observations, fit: list[str]
    ) -> None:
        self.base = base
        self.method = method
        self.data = data
        self.fit = fit
        times = np.unique(np.append(data.times, 0.0))
        self.problem = dataclasses.replace(base, t_out=times)
        self.rows = np.searchsorted(times, data.times)
        self.columns = [base.network.species.index(n) for n in data.counts]
        self.y = np.stack([data.counts[n] for n in data.counts], axis=1)
        self.log_y_factorial = special.gammaln(self.y + 1.0)

    def solve(
        self, log_theta: np.ndarray, problem: ReactionProblem | None = None
    ) -> np.ndarray | None:
        params = dict(self.base.parameters)
        params.update(zip(self.fit, np.exp(log_theta), strict=True))
        chosen = dataclasses.replace(problem or self.problem, parameters=params)
        try:
            with np.errstate(all="ignore"):
                solved: Any = solve_ode(
                    chosen, method=self.method, rtol=1e-7, atol=1e-9, compiled=True
                )
        except (RuntimeError, ValueError, FloatingPointError):
            return None
        # newer solvers also return what each event moved: (states, moved)
        states: np.ndarray = solved[0] if isinstance(solved, tuple) else solved
        return states

    def nll_of(self, negbin: bool, centre: np.ndarray) -> Callable[[np.ndarray], float]:
        n_fit = len(self.fit)

        def nll(x: np.ndarray) -> float:
            if np.any(np.abs(x - centre) > SPAN + 1e-6):
                return 1e12
            states = self.solve(x[:n_fit])
            if states is None or not np.all(np.isfinite(states)):
                return 1e12
            mu = np.maximum(states[self.rows][:, self.columns], FLOOR)
            y = self.y
            if negbin:
                k = math.exp(x[n_fit])
                ll = (
                    special.gammaln(y + k)
                    - special.gammaln(k)
                    - self.log_y_factorial
                    + k * np.log(k / (k + mu))
                    + y * np.log(mu / (k + mu))
                )
            else:
                ll = y * np.log(mu) - mu - self.log_y_factorial
            return float(-ll.sum())

        return nll


def _intervals(
    nll: Callable[[np.ndarray], float],
    x: np.ndarray,
    best: float,
    se: np.ndarray,
    middle: np.ndarray,
    names: list[str],
    profile: bool,
    step: Callable[..., None] | None,
) -> tuple[dict[str, float], dict[str, float]]:
    """The fitted values' 95 % bounds, from the log-values ``x`` that minimise ``nll`` (to
    ``best``): exp(log θ ± 1.96 se) from the curvature there, or with ``profile`` the profile
    likelihood's (the others re-fitted along each one, within the range around ``middle``)."""
    lower = {n: float(np.exp(v - Z95 * s)) for n, v, s in zip(names, x, se, strict=True)}
    upper = {n: float(np.exp(v + Z95 * s)) for n, v, s in zip(names, x, se, strict=True)}
    if profile:
        for i, name in enumerate(names):
            low, high = _profile_interval(nll, x, best, i, se[i], middle[i])
            lower[name], upper[name] = float(np.exp(low)), float(np.exp(high))
            if step is not None:
                step(f"profile of {name}")
    return lower, upper


CHI2_95 = 3.841458820694124
"""The 95 % point of chi-squared with one degree of freedom."""


PROFILE_FEVALS = 600
"""Evaluations for re-fitting the others at one point of a profile (twice that to confirm)."""
PROFILE_STEP = 1.0
"""The longest step (log scale) between two points of a profile: the others' optimum moves
along a curved ridge, and a re-fit started from a point further back can miss it."""


def _profile_interval(
    nll: Callable[[np.ndarray], float],
    x: np.ndarray,
    best: float,
    i: int,
    se: float,
    centre: float,
) -> tuple[float, float]:
    """95 % profile-likelihood interval of ``x[i]`` (log scale): where twice the rise of the
    profiled negative log-likelihood, the others re-optimised, reaches χ²₁(0.95).

    The profile is walked outward in steps that double up to ``PROFILE_STEP``, each re-fit
    starting where the last one ended. A rise past the threshold is believed only when a longer
    re-fit from there and from the optimum's own values confirms it (a re-fit that misses the
    ridge would close the interval too early). An end the likelihood never rises enough to
    close within the fitting range is that range's end (the data do not bound the parameter on
    that side)."""
    others = [j for j in range(len(x)) if j != i]

    def rise(value: float, starts: list[np.ndarray], fevals: int) -> tuple[float, np.ndarray]:
        def partial(rest: np.ndarray) -> float:
            full = x.copy()
            full[i] = value
            full[others] = rest
            return nll(full)

        if not others:
            return 2 * (nll(np.array([value])) - best) - CHI2_95, x[others]
        options = {"xatol": 1e-5, "fatol": 1e-7, "maxfev": fevals}
        found = min(
            (optimize.minimize(partial, s, method="Nelder-Mead", options=options) for s in starts),
            key=lambda result: float(result.fun),
        )
        return 2 * (min(float(found.fun), best + 1e6) - best) - CHI2_95, found.x

    first = float(se) if np.isfinite(se) and se > 0 else 0.5
    ends = []
    for direction in (-1.0, 1.0):
        limit = centre + direction * SPAN
        inner, rest = float(x[i]), x[others].copy()
        step = min(max(first, 0.02), PROFILE_STEP)
        closed = False
        while not closed and inner != limit:
            outer = inner + direction * step
            outer = limit if direction * (outer - limit) > 0 else outer
            up, there = rise(outer, [rest], PROFILE_FEVALS)
            if up > 0:
                up, there = rise(outer, [rest, x[others]], 2 * PROFILE_FEVALS)
            closed = up > 0
            if not closed:
                inner, rest = outer, there
                step = min(2 * step, PROFILE_STEP)
        if not closed:
            ends.append(limit)
            continue
        try:
            ends.append(
                optimize.brentq(
                    lambda v, start: rise(v, [start], PROFILE_FEVALS)[0],
                    inner,
                    outer,
                    args=(rest,),
                    xtol=1e-3,
                )
            )
        except ValueError:
            ends.append(outer)  # rough profile: keep the wider, safe end
    return ends[0], ends[1]


def _laplace(nll: Callable[[np.ndarray], float], x: np.ndarray) -> np.ndarray | None:
    """Inverse of the numerical Hessian of ``nll`` at ``x`` (None if not positive definite)."""
    n = len(x)
    h = 1e-3 * np.maximum(1.0, np.abs(x))
    hess = np.empty((n, n))
    f0 = nll(x)
    for i in range(n):
        for j in range(i, n):
            if i == j:
                e = np.zeros(n)
                e[i] = h[i]
                value = (nll(x + e) - 2 * f0 + nll(x - e)) / h[i] ** 2
            else:
                ei, ej = np.zeros(n), np.zeros(n)
                ei[i], ej[j] = h[i], h[j]
                value = (
                    nll(x + ei + ej) - nll(x + ei - ej) - nll(x - ei + ej) + nll(x - ei - ej)
                ) / (4 * h[i] * h[j])
            hess[i, j] = hess[j, i] = value
    try:
        np.linalg.cholesky(hess)
    except np.linalg.LinAlgError:
        return None
    cov: np.ndarray = np.linalg.inv(hess)
    return cov


def _curve(model: _Model, log_theta: np.ndarray, grid: np.ndarray) -> pd.DataFrame:
    states = model.solve(log_theta, dataclasses.replace(model.base, t_out=grid))
    assert states is not None
    table = pd.DataFrame(states, columns=list(model.base.network.species))
    table.insert(0, "t", grid)
    return table


def _band(
    model: _Model,
    log_theta: np.ndarray,
    cov: np.ndarray | None,
    grid: np.ndarray,
    draws: int,
    rng: np.random.Generator,
    n_fit: int,
) -> pd.DataFrame:
    """2.5–97.5 % band of the fitted mean curve, from draws of the Laplace normal."""
    observed = list(model.data.counts)
    if cov is None or draws < 2:
        return pd.DataFrame({"t": grid})
    sub = cov[:n_fit, :n_fit]
    if np.any(np.sqrt(np.clip(np.diag(sub), 0, None)) > MAX_SE_FOR_BAND):
        return pd.DataFrame({"t": grid})
    problem = dataclasses.replace(model.base, t_out=grid)
    curves = []
    for theta in rng.multivariate_normal(log_theta, sub, size=draws):
        states = model.solve(theta, problem)
        if states is not None and np.all(np.isfinite(states)):
            curves.append(states[:, model.columns])
    table = pd.DataFrame({"t": grid})
    if len(curves) >= 2:
        stack = np.stack(curves)
        for i, name in enumerate(observed):
            table[f"{name}_low"] = np.quantile(stack[:, :, i], 0.025, axis=0)
            table[f"{name}_high"] = np.quantile(stack[:, :, i], 0.975, axis=0)
    return table


def plot_fit(fit: Fit, file: str | Path, title: str = "") -> Path:
    """The fitted curve and its band over the data points, as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from hyosan.report.style import colour_for

    ax = plt.figure(figsize=(7, 4.2)).add_subplot()
    for name, counts in fit.observations.counts.items():
        colour = colour_for(name)
        if f"{name}_low" in fit.band:
            ax.fill_between(
                fit.band["t"],
                fit.band[f"{name}_low"],
                fit.band[f"{name}_high"],
                color=colour,
                alpha=0.2,
                label=f"{name}: 95 % band of the fit",
            )
        ax.plot(fit.curve["t"], fit.curve[name], color=colour, label=f"{name}: fitted")
        ax.plot(fit.observations.times, counts, "o", color="black", ms=4, label=f"{name}: observed")
    text = ", ".join(
        f"{n} = {fit.estimates[n]:.3g} [{fit.lower[n]:.3g}, {fit.upper[n]:.3g}]" for n in fit.names
    )
    ax.set_title(f"{title}\n{text}" if title else text, fontsize=9)
    ax.set_xlabel(f"time ({fit.time_unit})" if fit.time_unit else "time")
    ax.set_ylabel("count")
    ax.legend(frameon=False, fontsize=8)
    out = Path(file)
    write_whole(out, lambda tmp: plt.savefig(tmp, dpi=120, bbox_inches="tight", format="png"))
    plt.close("all")
    return out
