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
    shares: Annotated[
        str,
        typer.Option(help="strains: the invading strain's halfbie shares, space separated."),
    ] = "0 0.1 0.25 0.5 0.75 1",
    takes: Annotated[
        int,
        typer.Option(
            min=0,
            max=100_000,
            help="strains: exact SSA takes per share that test the invasion (0: none).",
        ),
    ] = 0,
) -> None:
    """Print R0, the equilibria with their stability, the extinction odds and final sizes;
    for zombie_survival the time the sealed city's last zombie falls, for strains the invasion
    of strain 1 by strain 2."""
    from hyosan.compartmental import analysis
    from hyosan.compartmental.catalog import network_of, parameters_of
    from hyosan.scenario import load_scenario

    scenario = load_scenario(target, set_ or [])
    spec = scenario.compartmental_spec("analysis needs a compartmental model")
    network = network_of(spec)
    invader_shares = _shares(shares)
    if takes and spec.model != "strains":
        raise HyosanError.one(
            "only the strains model runs an invasion ensemble",
            source="--takes",
            value=takes,
            allowed="0, or the model strains",
        )
    names = _infected(infected, spec.model, network.species)
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
        _witkowski(spec.initial, params)
    if spec.model == "zombie_survival":
        _last_zombie(spec.initial, params, spec.time_unit)
    if spec.model == "strains":
        _invasion(params, invader_shares, takes, scenario.seed)
    _equilibria(m)


def _infected(text: str | None, model: str | None, species: tuple[str, ...]) -> list[str]:
    """The infected species: given with --infected, else the catalog model's."""
    from hyosan.compartmental.catalog import CATALOG

    if text:
        names = text.split()
    elif model is None:
        raise HyosanError.one(
            "name the infected species of your network",
            source="--infected",
            allowed=" ".join(species),
        )
    else:
        names = list(CATALOG[model].infected)
    bad = [n for n in names if n not in species]
    if bad:
        raise HyosanError.one(
            "not a species of this model",
            source="--infected",
            value=" ".join(bad),
            allowed=" ".join(species),
        )
    return names


def _witkowski(initial: dict[str, float], params: dict[str, float]) -> None:
    from hyosan.compartmental import analysis

    zombies = initial.get("Z", 0.0) + initial.get("E", 0.0)
    ratio = params["alpha"] / params["beta"]
    end = analysis.final_size_alemi(initial.get("S", 0.0), zombies, ratio)
    console.print(
        f"final size (ODE; E and Z together act as Alemi's zombies, kill-to-bite "
        f"α/β = {ratio:.6g}): {end['winner']} win; "
        f"S∞={end['S']:.6g}, E∞+Z∞={end['Z']:.6g}, R∞={end['R']:.6g}"
    )


def _last_zombie(initial: dict[str, float], params: dict[str, float], unit: str) -> None:
    """The sealed city's zombies (C hunting, W weak) have no prey: when does the last fall?"""
    from hyosan.compartmental import survival

    city, weak = round(initial.get("C", 0.0)), round(initial.get("W", 0.0))
    hunger, decay = params["hunger"] * params["warmth"], params["decay"] * params["warmth"]
    if city + weak == 0:
        return
    if decay <= 0 or (city and hunger <= 0):
        console.print("the sealed city's zombies never fall: hunger or decay × warmth is 0")
        return
    mean = survival.extinction_mean(city, weak, hunger, decay)
    low, mid, high = (
        survival.extinction_quantile(q, city, weak, hunger, decay) for q in (0.05, 0.5, 0.95)
    )
    console.print(
        f"the sealed city's last zombie falls (no prey, rates at t = 0, closed form): "
        f"mean {mean:.4g} {unit}, median {mid:.4g}, 5–95 % {low:.4g}–{high:.4g}",
        highlight=False,
    )


def _shares(text: str) -> list[float]:
    try:
        values = [float(word) for word in text.split()]
    except ValueError:
        values = []
    if not values or any(not 0.0 <= v <= 1.0 for v in values):
        raise HyosanError.one(
            "give halfbie shares between 0 and 1",
            source="--shares",
            value=text,
            allowed="numbers in [0, 1], space separated",
        )
    return values


def _invasion(params: dict[str, float], shares: list[float], takes: int, seed: int) -> None:
    """Strain 2 arriving at strain 1's equilibrium: R, the odds it establishes, and takes."""
    from hyosan.compartmental import invasion
    from hyosan.ensemble.summary import wilson

    try:
        state = invasion.resident_equilibrium(params)
    except ValueError as exc:
        console.print(f"invasion: {exc}", highlight=False)
        return
    console.print(
        "strain 1 alone settles at "
        + ", ".join(f"{k}={v:.6g}" for k, v in state.items() if k in ("S", "Z1", "H1")),
        highlight=False,
    )
    table = Table(title="strain 2 (one zombie) arriving at strain 1's equilibrium")
    for name in ("h2", "R of strain 2", "invades", "P(establish), branching"):
        table.add_column(name, justify="right")
    if takes:
        table.add_column(f"takes that reach {invasion.ESTABLISH} (95 %)", justify="right")
    for row in invasion.invasion(params, shares):
        cells = [
            f"{row.share:g}",
            f"{row.reproduction:.4f}",
            "yes" if row.reproduction > 1 else "no",
        ]
        cells.append(f"{row.establish:.3f}")
        if takes:
            seen = invasion.establishment(params, row.share, takes=takes, seed=seed)
            low, high = wilson(round(seen * takes), takes)
            cells.append(f"{seen:.3f} ({low:.3f}–{high:.3f})")
        table.add_row(*cells)
    console.print(table)


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
