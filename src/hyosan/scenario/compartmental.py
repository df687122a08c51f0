"""The ``[compartmental]`` table: a catalog model or a network of your own, and how to solve it.

Times and rates are in the model's ``time_unit``; a string with a unit (``"12 h"``,
``"0.5 /d"``) is converted to it. Catalog defaults fill whatever the table leaves out.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, NonNegativeFloat, field_validator, model_validator

from hyosan.compartmental.catalog import CATALOG, network_of, parameters_of
from hyosan.compartmental.network import Network, evaluate_rate
from hyosan.errors import KeyProblem
from hyosan.scenario.base import Strict
from hyosan.scenario.limits import MAX_EVENTS, MAX_STEPS
from hyosan.scenario.units import SECONDS, TIME_UNITS, parse_duration, parse_rate

_UNIT: ContextVar[str] = ContextVar("time_unit", default="d")
"""The time unit of the table being validated, for values written with their own unit."""


def _in_unit(value: Any, parse: Callable[[object, str], float]) -> Any:
    return parse(value, _UNIT.get()) if isinstance(value, str) else value


Duration = Annotated[float, BeforeValidator(lambda v: _in_unit(v, parse_duration))]
"""A time in the table's ``time_unit``; ``"12 h"`` is converted."""
MAX_T_END = 1e7
"""Latest end of a simulation, in its time unit."""
MAX_COUNT = 1e15
"""Largest initial count: far more people than there are, and small enough that the products
of counts and rates a solver forms stay finite."""
Count = Annotated[float, Field(ge=0, le=MAX_COUNT)]
"""An initial count of one species."""
MAX_RATE = 1e12
"""Largest rate constant per time unit: far faster than any outbreak, and small enough that a
rate times the counts it meets stays finite."""
Rate = Annotated[
    NonNegativeFloat, Field(le=MAX_RATE), BeforeValidator(lambda v: _in_unit(v, parse_rate))
]
"""A rate from 0 to MAX_RATE per ``time_unit``; ``"0.5 /h"`` is converted."""


class ReactionSpec(Strict):
    """One reaction of a custom network."""

    name: str = Field(description="Short name, e.g. 'bite'.")
    reaction: str = Field(description="Equation such as 'S + Z -> 2 Z' ('-> S' for a source).")
    rate: str | float = Field(description="Rate constant: a number or an expression of parameters.")


class NetworkSpec(Strict):
    """A custom reaction network."""

    species: list[str] = Field(
        min_length=1, max_length=256, description="Species names, in output order."
    )
    reactions: list[ReactionSpec] = Field(min_length=1, max_length=1024)


class ImpulseSpec(Strict):
    """A strike: at each time, remove a fraction of a species (optionally moving it elsewhere)."""

    species: str = Field(description="Species struck, e.g. 'Z'.")
    times: list[Duration] = Field(
        min_length=1, max_length=10_000, description="Strike times, in time_unit."
    )
    fractions: float | list[float] = Field(
        description="Fraction removed at each strike, one for all or one per time, in [0, 1]."
    )
    to: str | None = Field(None, description="Species the removed go to; none: they leave.")

    @model_validator(mode="after")
    def _fractions_fit(self) -> ImpulseSpec:
        fractions = self.fractions if isinstance(self.fractions, list) else [self.fractions]
        if isinstance(self.fractions, list) and len(fractions) != len(self.times):
            raise ValueError(
                f"fractions has {len(fractions)} values for {len(self.times)} times; "
                "give one value or one per time"
            )
        if any(not 0.0 <= f <= 1.0 for f in fractions):
            raise ValueError(f"fractions must lie in [0, 1], got {fractions}")
        if any(t < 0 for t in self.times):
            raise ValueError(f"strike times must be ≥ 0, got {self.times}")
        return self

    def schedule(self) -> list[tuple[float, float]]:
        """(time, fraction) of each strike."""
        fractions = (
            self.fractions
            if isinstance(self.fractions, list)
            else [self.fractions] * len(self.times)
        )
        return list(zip(self.times, fractions, strict=True))


class ChangeSpec(Strict):
    """Parameters that take new values from a time on (quarantine starts on day 2)."""

    time: Duration = Field(ge=0, description="When the change takes effect, in time_unit.")
    set: dict[str, Rate] = Field(description="Parameter name → new value (≥ 0).")


class CompartmentalSpec(Strict):
    """A compartmental model and its solver."""

    model: str | None = Field(None, description="Catalog model name (see `hyosan models`).")
    network: NetworkSpec | None = Field(None, description="A network of your own instead.")
    method: Literal["ode", "ssa", "tau"] = Field(
        "ode", description="ode: deterministic; ssa: exact Gillespie; tau: tau-leaping."
    )
    time_unit: str = Field("d", description=f"Unit of times and rates; one of {TIME_UNITS}.")
    t_end: Duration = Field(
        gt=0, le=MAX_T_END, description="End of the simulation, in time_unit (at most 10^7)."
    )
    points: int = Field(201, ge=2, le=1_000_000, description="Output times, evenly spaced.")
    parameters: dict[str, Rate] = Field(
        default_factory=dict, description="Rate parameters (≥ 0), merged over the model's."
    )
    initial: dict[str, Count] = Field(
        default_factory=dict,
        description=f"Initial counts, 0 to {MAX_COUNT:g}; species left out start at 0.",
    )
    impulses: list[ImpulseSpec] = Field(default_factory=list, max_length=1000)
    changes: list[ChangeSpec] = Field(default_factory=list, max_length=1000)
    tau: Duration | None = Field(
        None,
        gt=0,
        description="Longest tau-leap step; leaps are chosen by Cao et al.'s error control "
        "(no count changes by more than about 3 %) and never exceed it. Default: no cap.",
    )
    leap_error: float = Field(
        0.03,
        gt=0,
        lt=1,
        description="Tau-leap error control (Cao, Gillespie & Petzold 2006): the largest "
        "relative change of a count a leap may expect; smaller is more exact and slower.",
    )
    rtol: float = Field(
        1e-10,
        ge=1e-13,
        lt=1,
        description="ODE relative tolerance, 10^-13 to below 1: the solvers cannot keep an "
        "error below about 100 times the float precision (2.2e-16).",
    )
    atol: float = Field(
        1e-12,
        ge=1e-30,
        le=1,
        description="ODE absolute tolerance, 10^-30 to 1: small, so an outbreak growing from a "
        "fraction of a zombie (Munz et al.'s Z0 = 0) is followed to within 0.1 %; below 10^-30 "
        "the solvers' error weights overflow, above one individual counts are lost.",
    )
    ode_method: Literal["LSODA", "RK45", "DOP853", "Radau", "BDF"] = "LSODA"

    @model_validator(mode="wrap")
    @classmethod
    def _units(cls, data: Any, handler: Any) -> Any:
        """Values written with a unit (``"12 h"``, ``"0.5 /d"``) convert to ``time_unit``."""
        unit = data.get("time_unit", "d") if isinstance(data, dict) else "d"
        token = _UNIT.set(unit if isinstance(unit, str) and unit in SECONDS else "d")
        try:
            return handler(data)
        finally:
            _UNIT.reset(token)

    @field_validator("time_unit")
    @classmethod
    def _known_unit(cls, unit: str) -> str:
        if unit not in SECONDS:
            raise ValueError(f"not a time unit; allowed: {TIME_UNITS}")
        return unit

    @model_validator(mode="after")
    def _consistent(self) -> CompartmentalSpec:
        check_spec(self)
        check_work(self)
        return self


def check_spec(spec: CompartmentalSpec) -> None:
    """Cross-checks the schema cannot express: names that must exist in the model."""
    if (spec.model is None) == (spec.network is None):
        raise KeyProblem(
            "model", "give either model (a catalog name) or network (your own), not both"
        )
    if spec.model is not None and spec.model not in CATALOG:
        raise KeyProblem("model", "unknown model", value=spec.model, allowed=", ".join(CATALOG))
    try:
        network = network_of(spec)
        needed = network.parameters
    except ValueError as exc:
        raise KeyProblem("network", str(exc)) from None
    _check_parameters(spec, needed)
    _check_species(spec, network)
    _check_rates(network, parameters_of(spec))


def _check_parameters(spec: CompartmentalSpec, needed: set[str]) -> None:
    """Every parameter given is one of the model's, and each it needs has a value."""
    allowed = ", ".join(sorted(needed))
    for name in spec.parameters:
        if name not in needed:
            raise KeyProblem(
                f"parameters.{name}",
                "not a parameter of this model",
                value=spec.parameters[name],
                allowed=allowed,
            )
    missing = sorted(needed - set(parameters_of(spec)))
    if missing:
        raise KeyProblem(
            "parameters",
            "the rates use parameters with no value",
            value=", ".join(missing),
            allowed="a value for each, under compartmental.parameters",
        )
    for i, change in enumerate(spec.changes):
        for name, value in change.set.items():
            if name not in needed:
                raise KeyProblem(
                    f"changes.{i}.set.{name}",
                    "not a parameter of this model",
                    value=value,
                    allowed=allowed,
                )


def _check_species(spec: CompartmentalSpec, network: Network) -> None:
    """The initial counts and the impulses name the model's species (whole counts unless ODE)."""
    species = ", ".join(network.species)
    for name, value in spec.initial.items():
        if name not in network.species:
            raise KeyProblem(
                f"initial.{name}", "not a species of this model", value=value, allowed=species
            )
        if spec.method != "ode" and value != int(value):
            raise KeyProblem(
                f"initial.{name}",
                f"method {spec.method!r} counts individuals",
                value=value,
                allowed="whole numbers (or method = 'ode')",
            )
    for i, impulse in enumerate(spec.impulses):
        for key, named in (("species", impulse.species), ("to", impulse.to)):
            if named is not None and named not in network.species:
                raise KeyProblem(
                    f"impulses.{i}.{key}",
                    "not a species of this model",
                    value=named,
                    allowed=species,
                )


def _check_rates(network: Network, params: dict[str, float]) -> None:
    """Every reaction's rate evaluates to a number ≥ 0 with the parameters."""
    for reaction in network.reactions:
        try:
            value = evaluate_rate(reaction.rate, params)
        except (ValueError, ZeroDivisionError) as exc:
            raise KeyProblem(
                "network.reactions",
                f"rate of {reaction.name!r} cannot be evaluated: {exc}",
                value=reaction.rate,
            ) from None
        if value < 0:
            raise KeyProblem(
                "parameters",
                f"reaction {reaction.name!r} gets a negative rate {value:g}",
                value=reaction.rate,
                allowed="rates ≥ 0",
            )


def check_work(spec: CompartmentalSpec) -> None:
    """Refuse counts a stochastic kernel cannot hold and runs that could not end: the
    expected events of an exact take, the leaps of a tau take, rates after each change."""
    network = network_of(spec)
    params = parameters_of(spec)
    for i, change in enumerate(spec.changes):
        params = {**params, **change.set}
        for reaction in network.reactions:
            try:
                evaluate_rate(reaction.rate, params)
            except (ValueError, ZeroDivisionError, KeyError) as exc:
                raise KeyProblem(f"changes.{i}.set", f"rate of {reaction.name!r}: {exc}") from None
    if spec.method == "ode":
        return
    counts = spec.initial
    for name, value in counts.items():
        if value > 2**53:
            raise KeyProblem(
                f"initial.{name}",
                f"method {spec.method!r} counts individuals in 64-bit integers",
                value=value,
                allowed="a whole number ≤ 2**53",
            )
    if spec.method == "tau" and spec.tau is not None and spec.t_end / spec.tau > MAX_STEPS:
        raise KeyProblem(
            "tau",
            f"t_end / tau = {spec.t_end / spec.tau:.3g} leaps per take",
            value=spec.tau,
            allowed=f"tau ≥ t_end / {MAX_STEPS:,} = {spec.t_end / MAX_STEPS:.3g}",
        )
    if spec.method != "ssa":
        return
    total = sum(counts.values())
    births = sum(
        evaluate_rate(r.rate, params) * spec.t_end for r in network.reactions if not r.reactants
    )
    if total + births > MAX_EVENTS:
        raise KeyProblem(
            "method",
            f"an exact (ssa) take of {total:.3g} individuals and {births:.3g} expected births "
            "makes too many events to end in reasonable time",
            value="ssa",
            allowed=f"at most {MAX_EVENTS:,} individuals and births, or method = 'tau' or 'ode'",
        )
