"""Exact stochastic simulation (Gillespie's direct method) and tau-leaping, as Numba kernels.

One call runs many takes; each take draws from its own two streams, handed to the kernel as
data (:class:`TakeDraws`): xoshiro256+ generators (:mod:`.rng`, kept in registers) seeded from
the take's ``SeedSequence``, one for the reactions (the SSA's waiting times and choices, or all
draws of tau-leaping) and one for the binomial draws of impulses. Nothing is drawn from global
state, so a take's numbers never depend on which other takes share the call.

Events happen exactly at their times. An impulse removes a binomial draw of the struck species
(each individual is struck independently with the event's fraction), optionally moving it to
another species; a parameter change switches to another row of rate constants. Because waiting
times are memoryless, discarding the pending reaction time at an event is exact. An output time
equal to an event time reports the state just after the event, as the ODE solver does.

:func:`run_ssa` runs a kernel generated for the network at hand (:mod:`.codegen`), with the
counts and propensities in registers; :func:`ssa_direct` here is the general kernel it must agree
with draw for draw, kept as the reference the tests hold it to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numba import njit

from hyosan.compartmental.codegen import ssa_kernel
from hyosan.compartmental.events import Events, apply_event
from hyosan.compartmental.problem import ReactionProblem
from hyosan.compartmental.rng import poisson, seed_state, uniform
from hyosan.scenario.limits import MAX_EVENTS, MAX_STEPS
from hyosan.seeding import take_states

COUNT_LIMIT = 2**53
"""Largest count a stochastic take may reach: every count is exact in a float64 up to it."""


@njit(cache=True, inline="always")
def _propensities(x: np.ndarray, orders: np.ndarray, k: np.ndarray, a: np.ndarray) -> float:
    total = 0.0
    for r in range(orders.shape[0]):
        value = k[r]
        for s in range(orders.shape[1]):
            for m in range(orders[r, s]):
                value *= x[s] - m
        if value < 0.0:
            value = 0.0
        a[r] = value
        total += value
    return total


@njit(cache=True, inline="always")
def _fire(x: np.ndarray, a: np.ndarray, stoich: np.ndarray, target: float) -> None:
    """Fire the reaction whose share of the cumulative propensities ``a`` holds ``target``."""
    n_r = a.shape[0]
    r = 0
    acc = a[0]
    while acc <= target and r < n_r - 1:
        r += 1
        acc += a[r]
    while a[r] == 0.0:  # rounding carried the target past the last firing reaction
        r -= 1
    for s in range(x.shape[0]):
        x[s] += stoich[r, s]


@njit(cache=True)
def ssa_direct(
    x0: np.ndarray,
    orders: np.ndarray,
    stoich: np.ndarray,
    k_table: np.ndarray,
    events: Events,
    t_out: np.ndarray,
    seeds: np.ndarray,
    impulse_seeds: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Counts at ``t_out`` for each take (takes, points, species), and how many each event
    moved (takes, events). ``seeds[i]`` seeds take i's xoshiro256+ for the reactions,
    ``impulse_seeds[i]`` the one for its impulses."""
    ev_time, ev_row = events.time, events.row
    n_takes, n_out, n_sp = seeds.shape[0], t_out.shape[0], x0.shape[0]
    n_r, n_ev = orders.shape[0], ev_time.shape[0]
    out = np.empty((n_takes, n_out, n_sp), dtype=np.int64)
    moved = np.zeros((n_takes, n_ev), dtype=np.int64)
    a = np.empty(n_r)
    t_last = t_out[n_out - 1]
    for take in range(n_takes):
        s0, s1, s2, s3 = seed_state(seeds[take])
        q0, q1, q2, q3 = seed_state(impulse_seeds[take])
        x = x0.copy()
        k = k_table[0]
        t = 0.0
        e = 0
        p = 0
        while p < n_out:
            a0 = _propensities(x, orders, k, a)
            t_new = np.inf
            if a0 > 0.0:
                u, s0, s1, s2, s3 = uniform(s0, s1, s2, s3)
                t_new = t - np.log(1.0 - u) / a0
            t_ev = ev_time[e] if e < n_ev else np.inf
            if t_ev <= t_new and t_ev <= t_last:
                while p < n_out and t_out[p] < t_ev:
                    out[take, p] = x
                    p += 1
                if ev_row[e] >= 0:
                    k = k_table[ev_row[e]]
                moved[take, e], q0, q1, q2, q3 = apply_event(
                    x, e, events.kind, events.species, events.to, events.frac, q0, q1, q2, q3
                )
                t = t_ev
                e += 1
                continue
            while p < n_out and t_out[p] < t_new:
                out[take, p] = x
                p += 1
            if p == n_out:
                break
            u, s0, s1, s2, s3 = uniform(s0, s1, s2, s3)
            _fire(x, a, stoich, u * a0)
            t = t_new
    return out, moved


class Leaping(NamedTuple):
    """How tau-leaping chooses its leaps: at most ``tau`` long, no count changing by more than
    ``eps`` of itself, at most ``max_steps`` leaps and exact steps per take."""

    tau: float
    eps: float
    max_steps: int


@njit(cache=True)
def tau_leap(
    x0: np.ndarray,
    orders: np.ndarray,
    stoich: np.ndarray,
    k_table: np.ndarray,
    events: Events,
    t_out: np.ndarray,
    seeds: np.ndarray,
    impulse_seeds: np.ndarray,
    leaping: Leaping,
) -> tuple[np.ndarray, np.ndarray]:
    """Explicit tau-leaping: counts at ``t_out`` (takes, points, species) and how many each
    event moved (takes, events). A take that passes ``leaping.max_steps`` leaps and exact steps,
    or a count past COUNT_LIMIT, stops with -1 in every count it has not reached (see
    :func:`check_bounded`).

    Each leap is as long as Cao, Gillespie & Petzold's (2006) selection allows: no species'
    expected change, nor its standard deviation, may exceed ``eps`` of its count (at least one
    individual); ``tau`` caps the leap. Leaps never cross an output time or an event. When fewer
    than ten firings are expected, the kernel takes an exact SSA step instead, so small counts
    evolve exactly and cannot go negative. A leap that would still drive a count negative is
    redone with half the step. Take i draws its leaps and steps from the xoshiro256+ seeded by
    ``seeds[i]``, its impulses from the one seeded by ``impulse_seeds[i]``.
    """
    ev_time = events.time
    n_takes, n_out, n_sp = seeds.shape[0], t_out.shape[0], x0.shape[0]
    n_ev = ev_time.shape[0]
    out = np.empty((n_takes, n_out, n_sp), dtype=np.int64)
    moved = np.zeros((n_takes, n_ev), dtype=np.int64)
    a = np.empty(orders.shape[0])
    x_new = np.empty(n_sp, dtype=np.int64)
    g = _highest_orders(orders)
    for take in range(n_takes):
        s0, s1, s2, s3 = seed_state(seeds[take])
        q0, q1, q2, q3 = seed_state(impulse_seeds[take])
        x = x0.copy()
        k = k_table[0]
        t = 0.0
        e = 0
        p = 0
        steps = 0
        while p < n_out:
            steps += 1
            if steps > leaping.max_steps or x.max() > COUNT_LIMIT:
                out[take, p:, :] = -1
                break
            while e < n_ev and ev_time[e] <= t:
                if events.row[e] >= 0:
                    k = k_table[events.row[e]]
                moved[take, e], q0, q1, q2, q3 = apply_event(
                    x, e, events.kind, events.species, events.to, events.frac, q0, q1, q2, q3
                )
                e += 1
            while p < n_out and t_out[p] <= t:
                out[take, p] = x
                p += 1
            if p == n_out:
                break
            horizon = t_out[p]
            if e < n_ev and ev_time[e] < horizon:
                horizon = ev_time[e]
            a0 = _propensities(x, orders, k, a)
            if a0 == 0.0:
                t = horizon
                continue
            step = min(leaping.tau, horizon - t, _leap(x, a, orders, stoich, g, leaping.eps))
            if a0 * step < 10.0:
                u, s0, s1, s2, s3 = uniform(s0, s1, s2, s3)
                dt = -np.log(1.0 - u) / a0
                if t + dt >= horizon:
                    t = horizon
                    continue
                u, s0, s1, s2, s3 = uniform(s0, s1, s2, s3)
                _fire(x, a, stoich, u * a0)
                t += dt
                continue
            step, s0, s1, s2, s3 = _poisson_leap(x, x_new, a, stoich, step, s0, s1, s2, s3)
            t = horizon if step >= horizon - t else t + step
    return out, moved


@njit(cache=True)
def _highest_orders(orders: np.ndarray) -> np.ndarray:
    """For each species, the highest order of a reaction it is a reactant of."""
    n_r, n_sp = orders.shape
    g = np.zeros(n_sp)
    for r in range(n_r):
        for s in range(n_sp):
            if orders[r, s] > 0:
                g[s] = max(g[s], float(orders[r].sum()))
    return g


@njit(cache=True)
def _poisson_leap(
    x: np.ndarray,
    x_new: np.ndarray,
    a: np.ndarray,
    stoich: np.ndarray,
    step: float,
    s0: np.uint64,
    s1: np.uint64,
    s2: np.uint64,
    s3: np.uint64,
) -> tuple[float, np.uint64, np.uint64, np.uint64, np.uint64]:
    """Leap ``x`` by Poisson firings of each reaction over ``step``, halving the step while a
    count would go negative: (the step taken, the stream's next state)."""
    n_r, n_sp = a.shape[0], x.shape[0]
    while True:
        for s in range(n_sp):
            x_new[s] = x[s]
        for r in range(n_r):
            if a[r] > 0.0:
                fired, s0, s1, s2, s3 = poisson(a[r] * step, s0, s1, s2, s3)
                for s in range(n_sp):
                    x_new[s] += fired * stoich[r, s]
        ok = True
        for s in range(n_sp):
            if x_new[s] < 0:
                ok = False
        if ok:
            break
        step *= 0.5
    for s in range(n_sp):
        x[s] = x_new[s]
    return step, s0, s1, s2, s3


@njit(cache=True)
def _leap(
    x: np.ndarray, a: np.ndarray, orders: np.ndarray, stoich: np.ndarray, g: np.ndarray, eps: float
) -> float:
    """Cao, Gillespie & Petzold's (2006) leap: the longest step keeping each reactant's
    expected relative change and spread below ``eps``."""
    best = np.inf
    for s in range(x.shape[0]):
        if g[s] == 0.0:
            continue
        mean = 0.0
        var = 0.0
        for r in range(a.shape[0]):
            v = stoich[r, s]
            if v != 0:
                mean += v * a[r]
                var += v * v * a[r]
        bound = max(eps * x[s] / g[s], 1.0)
        if mean != 0.0:
            best = min(best, bound / abs(mean))
        if var > 0.0:
            best = min(best, bound * bound / var)
    return best


def take_seeds(seed: int, takes: Sequence[int] | np.ndarray) -> np.ndarray:
    """The kernel seeds of each take (takes, 2): 63 bits each from the take's ``SeedSequence``
    (seeding.py), words 0–1 for its reaction stream, words 2–3 for its impulse stream.

    The low 32 bits of the first are :func:`hyosan.seeding.take_int_seed`; 63 bits seed each
    xoshiro256+, so two takes of one run share a stream with odds of about n²/2⁶⁴ rather than
    n²/2³³ (one in a hundred for 10,000 takes).
    """
    words = take_states(seed, np.asarray(takes, dtype=np.int64), 4).astype(np.int64)
    return (words[:, 1::2] & 0x7FFFFFFF) << 32 | words[:, 0::2]


@dataclass(frozen=True)
class TakeDraws:
    """The random numbers of a batch of takes, as data: take ``takes[i]`` of run ``seed``.

    ``words[i]`` seeds take i's reaction stream, ``impulse_words[i]`` its impulse stream (both
    xoshiro256+, in registers, because an SSA step costs little more than its two uniforms).
    """

    seed: int
    takes: tuple[int, ...]
    words: np.ndarray
    impulse_words: np.ndarray

    @classmethod
    def of(cls, seed: int, takes: Sequence[int] | np.ndarray) -> TakeDraws:
        """The draws of the listed takes of run ``seed``."""
        numbers = np.asarray(takes, dtype=np.int64).reshape(-1)
        both = take_seeds(seed, numbers)
        return cls(int(seed), tuple(numbers.tolist()), both[:, 0].copy(), both[:, 1].copy())


def kernel_args(problem: ReactionProblem) -> tuple[np.ndarray, ...]:
    """The arrays every kernel reads, after the network: start, rate rows, events, times."""
    ev = problem.event_arrays()
    return (
        np.rint(problem.x0).astype(np.int64),
        ev["k_table"],
        ev["ev_time"],
        ev["ev_kind"],
        ev["ev_row"],
        ev["ev_species"],
        ev["ev_to"],
        ev["ev_frac"],
        problem.t_out,
    )


def _dense_args(problem: ReactionProblem) -> tuple[np.ndarray | Events, ...]:
    """The arguments of the general kernels, before the seeds: start, network, rate rows,
    events, times."""
    x0, k_table, *events, t_out = kernel_args(problem)
    network = problem.network
    return (x0, network.orders, network.stoichiometry, k_table, Events(*events), t_out)


def run_ssa(problem: ReactionProblem, draws: TakeDraws) -> tuple[np.ndarray, np.ndarray]:
    """Exact SSA for each take, by the kernel generated for this network: counts (takes,
    points, species) and how many each event moved (takes, events)."""
    kernel = ssa_kernel(problem.network)
    out, moved = kernel(*kernel_args(problem), draws.words, draws.impulse_words, MAX_EVENTS)
    return check_bounded(out, "ssa"), moved


def run_ssa_reference(problem: ReactionProblem, draws: TakeDraws) -> tuple[np.ndarray, np.ndarray]:
    """Exact SSA by the general kernel (the reference :func:`run_ssa` agrees with)."""
    return ssa_direct(*_dense_args(problem), draws.words, draws.impulse_words)


LEAP_EPS = 0.03
"""Cao et al.'s error control: a leap changes no count by more than about 3 %."""


def check_bounded(counts: np.ndarray, method: str) -> np.ndarray:
    """``counts`` when every take reached its end; a take a kernel stopped (-1 counts: it grew
    past COUNT_LIMIT or its work bound) is one error naming what is allowed."""
    if counts.size and counts.min() < 0:
        from hyosan.errors import HyosanError

        limit = f"{MAX_EVENTS:,} events" if method == "ssa" else f"{MAX_STEPS:,} leaps"
        raise HyosanError.one(
            f"a {method} take grew without bound: a count passed {COUNT_LIMIT:.3g} or the take "
            f"passed {limit} before t_end",
            where="key compartmental.method",
            value=method,
            allowed="rates and initial counts under which a take ends (smaller rates of growth, "
            "a shorter t_end), or method = 'ode'",
        )
    return counts


def run_tau(
    problem: ReactionProblem, draws: TakeDraws, tau: float = np.inf, eps: float = LEAP_EPS
) -> tuple[np.ndarray, np.ndarray]:
    """Tau-leaping for each take, leaps at most ``tau`` long: counts (takes, points, species)
    and how many each event moved (takes, events)."""
    out, moved = tau_leap(
        *_dense_args(problem),
        draws.words,
        draws.impulse_words,
        Leaping(float(tau), float(eps), MAX_STEPS),
    )
    return check_bounded(out, "tau"), moved
