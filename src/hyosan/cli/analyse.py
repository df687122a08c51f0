"""``hyosan analyse``: R0, equilibria and their stability, extinction odds, final sizes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from hyosan.cli.app import app, console
from hyosan.errors import HyosanError

if TYPE_CHECKING:
    from hyosan.compartmental import analysis

SHOWN = 8
"""Equilibria printed at most (some models have a continuum of them)."""


@app.command()
def analyse(
    target: Annotated[str, typer.Argument(help="Catalog model, shipped scenario or file.")],
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="Override a key: name=value (repeatable).")
    ] = None,
    infected: Annotated[
        str | None,
        typer.Option(help="Infected species, space separated (default: the catalog's)."),
    ] = None,
) -> None:
    """Print R0, the equilibria with their stability, the extinction odds and final sizes."""
    from hyosan.compartmental import analysis
    from hyosan.compartmental.catalog import CATALOG, network_of, parameters_of
    from hyosan.scenario import load_scenario

    scenario = load_scenario(target, set_ or [])
    spec = scenario.compartmental_spec("analysis needs a compartmental model")
    network = network_of(spec)
    names = infected.split() if infected else None
    if names is None:
        if spec.model is None:
            raise HyosanError.one(
                "name the infected species of your network",
                source="--infected",
                allowed=" ".join(network.species),
            )
        names = list(CATALOG[spec.model].infected)
    bad = [n for n in names if n not in network.species]
    if bad:
        raise HyosanError.one(
            "not a species of this model",
            source="--infected",
            value=" ".join(bad),
            allowed=" ".join(network.species),
        )
    params = parameters_of(spec)
    m = analysis.Model(network, params, dict(spec.initial), tuple(names))
    console.print(f"[bold]{spec.model or scenario.name}[/]  species {' '.join(network.species)}")
    console.print(network.describe(), highlight=False, markup=False)
    console.print(
        "parameters (in force at t = 0): "
        + ", ".join(f"{k}={v:.6g}" for k, v in sorted(params.items())),
        highlight=False,
        markup=False,
    )
    try:
        value = f"{analysis.r0(m):.6g}"
    except ValueError as exc:
        value = f"not defined ({exc})"
    console.print(f"R0 (next-generation matrix, infected {' '.join(names)}): {value}")
    if spec.model == "munz_quarantine" and params["Pi"] == 0 and params["delta"] == 0:
        n = float(m.disease_free().sum())
        b, a, rho, kap, sig = (params[k] for k in ("beta", "alpha", "rho", "kappa", "sigma"))
        formula = b * n * rho / ((rho + kap) * (a * n + sig))
        console.print(f"R0 by Munz et al.'s formula βNρ/((ρ+κ)(αN+σ)): {formula:.6g}")
    odds = analysis.extinction_probability(m)
    console.print(f"probability the outbreak dies out (branching process): {odds:.6g}")
    if spec.model == "alemi_szr":
        _alemi(spec.initial, params)
    if spec.model == "witkowski_sezr":
        start = {**spec.initial}
        zombies = start.get("Z", 0.0) + start.get("E", 0.0)
        end = analysis.final_size_alemi(
            start.get("S", 0.0), zombies, params["alpha"] / params["beta"]
        )
        console.print(
            f"final size (ODE; E and Z together act as Alemi's zombies, kill-to-bite "
            f"α/β = {params['alpha'] / params['beta']:.6g}): {end['winner']} win; "
            f"S∞={end['S']:.6g}, E∞+Z∞={end['Z']:.6g}, R∞={end['R']:.6g}"
        )
    _equilibria(m)


def _alemi(initial: dict[str, float], params: dict[str, float]) -> None:
    from hyosan.compartmental import analysis

    s0, z0, alpha = initial.get("S", 0.0), initial.get("Z", 0.0), params["alpha"]
    if z0 <= 0:
        return
    end = analysis.final_size_alemi(s0, z0, alpha)
    console.print(
        f"final size (ODE, closed form): {end['winner']} win; "
        f"S∞={end['S']:.6g}, Z∞={end['Z']:.6g}, R∞={end['R']:.6g}"
    )
    if s0 == int(s0) and z0 == int(z0) and s0 <= 20_000:
        exact = analysis.alemi_absorption(int(s0), int(z0), alpha)
        console.print(
            f"stochastic model, exact: humans win with probability {exact['p_humans']:.6g}"
        )


def _equilibria(m: analysis.Model) -> None:
    from hyosan.compartmental import analysis

    found = analysis.equilibria(m)
    table = Table(title=f"equilibria in the start's conservation class ({len(found)} found)")
    for name in m.network.species:
        table.add_column(name, justify="right")
    table.add_column("stability")
    table.add_column("max Re λ", justify="right")
    for eq in found[:SHOWN]:
        top = max(eq.eigenvalues.real) if len(eq.eigenvalues) else float("nan")
        table.add_row(*(f"{v:.6g}" for v in eq.state.values()), eq.stability, f"{top:.3g}")
    console.print(table)
    from hyosan.cli.legend import state_legend

    legend = state_legend(m.network.species)
    if legend:
        console.print(legend, highlight=False)
    if len(found) > SHOWN:
        console.print(
            f"… and {len(found) - SHOWN} more: the model has a continuum of equilibria "
            "(here every zombie-free state is one)"
        )
