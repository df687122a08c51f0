"""Each catalog model's generated right-hand side is the system printed in its source."""

# ruff: noqa: E741  (the papers name the infected compartment I)

from __future__ import annotations

import numpy as np
import pytest

from hyosan.compartmental.catalog import entry


def munz_basic(y, p):
    S, Z, R = y
    return [
        p["Pi"] - p["beta"] * S * Z - p["delta"] * S,
        p["beta"] * S * Z + p["zeta"] * R - p["alpha"] * S * Z,
        p["delta"] * S + p["alpha"] * S * Z - p["zeta"] * R,
    ]


def munz_latent(y, p):
    S, I, Z, R = y
    return [
        p["Pi"] - p["beta"] * S * Z - p["delta"] * S,
        p["beta"] * S * Z - p["rho"] * I - p["delta"] * I,
        p["rho"] * I + p["zeta"] * R - p["alpha"] * S * Z,
        p["delta"] * S + p["delta"] * I + p["alpha"] * S * Z - p["zeta"] * R,
    ]


def munz_quarantine(y, p):
    S, I, Z, R, Q = y
    return [
        p["Pi"] - p["beta"] * S * Z - p["delta"] * S,
        p["beta"] * S * Z - p["rho"] * I - p["delta"] * I - p["kappa"] * I,
        p["rho"] * I + p["zeta"] * R - p["alpha"] * S * Z - p["sigma"] * Z,
        p["delta"] * S + p["delta"] * I + p["alpha"] * S * Z - p["zeta"] * R + p["gamma"] * Q,
        p["kappa"] * I + p["sigma"] * Z - p["gamma"] * Q,
    ]


def munz_treatment(y, p):
    S, I, Z, R = y
    return [
        p["Pi"] - p["beta"] * S * Z - p["delta"] * S + p["c"] * Z,
        p["beta"] * S * Z - p["rho"] * I - p["delta"] * I,
        p["rho"] * I + p["zeta"] * R - p["alpha"] * S * Z - p["c"] * Z,
        p["delta"] * S + p["delta"] * I + p["alpha"] * S * Z - p["zeta"] * R,
    ]


def alemi_szr(y, p):
    S, Z, R = y
    kappa = p["alpha"] * p["beta"]
    return [-p["beta"] * S * Z, (p["beta"] - kappa) * S * Z, kappa * S * Z]


def witkowski_sezr(y, p):
    S, E, Z, R = y
    n0 = p["N0"]
    return [
        -p["beta"] * S * Z / n0,
        p["beta"] * S * Z / n0 - p["zeta"] * E,
        p["zeta"] * E - p["alpha"] * S * Z / n0,
        p["alpha"] * S * Z / n0,
    ]


def hyosan(y, p):
    S, E, Z, H, R, V = y
    n = p["N"]
    bite, hbite, kill = p["beta"] * S * Z / n, p["beta_h"] * S * H / n, p["kappa"] * S * Z / n
    return [
        -bite - hbite - p["epsilon"] * S,
        bite + hbite - p["sigma"] * E,
        (1 - p["h"]) * p["sigma"] * E - kill - p["omega"] * Z,
        p["h"] * p["sigma"] * E - p["mu_h"] * H,
        kill + p["omega"] * Z + p["mu_h"] * H,
        p["epsilon"] * S,
    ]


HAND = {
    "munz_basic": munz_basic,
    "munz_latent": munz_latent,
    "munz_quarantine": munz_quarantine,
    "munz_treatment": munz_treatment,
    "munz_eradication": munz_basic,
    "alemi_szr": alemi_szr,
    "witkowski_sezr": witkowski_sezr,
    "hyosan": hyosan,
}


@pytest.mark.parametrize("name", sorted(HAND))
def test_rhs_matches_the_printed_equations_at_random_states(name: str) -> None:
    e = entry(name)
    rng = np.random.default_rng(7)
    for _ in range(50):
        params = {
            k: float(rng.uniform(0.0, 2.0)) * (d.value or 1.0) for k, d in e.parameters.items()
        }
        y = rng.uniform(0.0, 1000.0, len(e.network.species))
        ours = np.asarray(e.network.rhs(0.0, y, e.network.rate_constants(params)))
        np.testing.assert_allclose(ours, HAND[name](y, params), rtol=1e-12, atol=1e-9)


@pytest.mark.parametrize("name", sorted(HAND))
def test_jacobian_matches_finite_differences(name: str) -> None:
    e = entry(name)
    net = e.network
    k = net.rate_constants(e.parameter_values())
    y = np.random.default_rng(3).uniform(1.0, 500.0, len(net.species))
    h = 1e-4
    numeric = np.column_stack(
        [
            (np.asarray(net.rhs(0, y + h * d, k)) - np.asarray(net.rhs(0, y - h * d, k))) / (2 * h)
            for d in np.eye(len(y))
        ]
    )
    np.testing.assert_allclose(net.jacobian(y, k), numeric, rtol=1e-6, atol=1e-9)
