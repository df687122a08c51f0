"""The catalog of published zombie models, each with documented defaults and their sources.

Every default carries its reason. Where a paper leaves a value out, the value is ours and says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hyosan.compartmental.network import Network, Reaction

if TYPE_CHECKING:
    from hyosan.scenario.compartmental import CompartmentalSpec

MUNZ = "Munz, Hudea, Imad & Smith? (2009), When zombies attack!, ch. 4"
ALEMI = "Alemi, Bierbaum, Myers & Sethna (2015), Phys. Rev. E 92, 052801"
WITKOWSKI = "Witkowski & Blais (2013), arXiv:1311.6376"


@dataclass(frozen=True)
class Default:
    """A default value and why it is that value."""

    value: float
    reason: str


@dataclass(frozen=True)
class Entry:
    """A catalog model: its network, defaults with reasons, and a default run."""

    name: str
    summary: str
    source: str
    network: Network
    parameters: dict[str, Default]
    initial: dict[str, float]
    t_end: float
    time_unit: str = "d"
    points: int = 201
    method: str = "ode"
    impulses: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    notes: str = ""

    def parameter_values(self) -> dict[str, float]:
        return {name: d.value for name, d in self.parameters.items()}


def _net(species: str, *reactions: tuple[str, str, str | float]) -> Network:
    return Network(
        tuple(species.split()), tuple(Reaction.parse(n, eq, rate) for n, eq, rate in reactions)
    )


_BIRTH = ("birth", "-> S", "Pi")
_DEATH_S = ("natural death", "S -> R", "delta")
_KILL = ("zombie destroyed", "S + Z -> S + R", "alpha")
_RISE = ("resurrection", "R -> Z", "zeta")

_MUNZ_FIG3 = {
    "alpha": Default(0.005, "Munz et al. Fig. 3: zombie destruction per S–Z encounter per day"),
    "beta": Default(0.0095, "Munz et al. Fig. 3: transmission per S–Z encounter per day"),
    "zeta": Default(0.0001, "Munz et al. Fig. 3: resurrection of the removed per day"),
    "delta": Default(0.0001, "Munz et al. Fig. 3: natural death per day"),
    "Pi": Default(0.0, "Munz et al. Fig. 3: no births over a short outbreak"),
}
_MUNZ_START = {"S": 500.0, "Z": 1.0}
_MUNZ_NOTE = (
    "The chapter's own code starts with Z0 = 0, which is no outbreak at all; hyosan starts with "
    "one zombie among N = 500 (the chapter's population)."
)

CATALOG: dict[str, Entry] = {}


def _add(entry: Entry) -> None:
    CATALOG[entry.name] = entry


_add(
    Entry(
        name="munz_basic",
        summary="Basic SZR: bites, destruction, resurrection (doomsday is stable)",
        source=MUNZ,
        network=_net("S Z R", _BIRTH, ("bite", "S + Z -> 2 Z", "beta"), _DEATH_S, _KILL, _RISE),
        parameters=_MUNZ_FIG3,
        initial=_MUNZ_START,
        t_end=5.0,
        notes=_MUNZ_NOTE,
    )
)
_add(
    Entry(
        name="munz_latent",
        summary="Latent SIZR: the bitten are infected before they turn",
        source=MUNZ,
        network=_net(
            "S I Z R",
            _BIRTH,
            ("bite", "S + Z -> I + Z", "beta"),
            ("turn", "I -> Z", "rho"),
            _DEATH_S,
            ("infected death", "I -> R", "delta"),
            _KILL,
            _RISE,
        ),
        parameters={**_MUNZ_FIG3, "rho": Default(0.005, "Munz et al. Fig. 5: I → Z per day")},
        initial=_MUNZ_START,
        t_end=10.0,
        notes=_MUNZ_NOTE,
    )
)
_add(
    Entry(
        name="munz_quarantine",
        summary="Quarantine SIZRQ: infected and zombies are quarantined, and killed there",
        source=MUNZ,
        network=_net(
            "S I Z R Q",
            _BIRTH,
            ("bite", "S + Z -> I + Z", "beta"),
            ("turn", "I -> Z", "rho"),
            _DEATH_S,
            ("infected death", "I -> R", "delta"),
            _KILL,
            _RISE,
            ("quarantine infected", "I -> Q", "kappa"),
            ("quarantine zombie", "Z -> Q", "sigma"),
            ("killed in quarantine", "Q -> R", "gamma"),
        ),
        parameters={
            **_MUNZ_FIG3,
            "rho": Default(0.005, "Munz et al. Fig. 5: I → Z per day"),
            "kappa": Default(
                0.005, "ours (the paper gives none): half the infected are caught before turning"
            ),
            "sigma": Default(0.05, "ours (the paper gives none): a zombie is caught in ~20 days"),
            "gamma": Default(0.05, "ours (the paper gives none): quarantined die in ~20 days"),
        },
        initial=_MUNZ_START,
        t_end=10.0,
        notes=_MUNZ_NOTE
        + " With Pi = delta = 0, R0 = beta N rho / ((rho + kappa)(alpha N + sigma)).",
    )
)
_add(
    Entry(
        name="munz_treatment",
        summary="Treatment: a cure turns zombies back into people (coexistence)",
        source=MUNZ,
        network=_net(
            "S I Z R",
            _BIRTH,
            ("bite", "S + Z -> I + Z", "beta"),
            ("turn", "I -> Z", "rho"),
            _DEATH_S,
            ("infected death", "I -> R", "delta"),
            _KILL,
            _RISE,
            ("cure", "Z -> S", "c"),
        ),
        parameters={
            **_MUNZ_FIG3,
            "rho": Default(0.005, "Munz et al. Fig. 5: I → Z per day"),
            "c": Default(0.05, "ours (the paper gives none): a zombie is cured in ~20 days"),
        },
        initial=_MUNZ_START,
        t_end=10.0,
        notes=_MUNZ_NOTE
        + " With Pi = delta = 0 the coexistence equilibrium is (c/beta, (c/rho) Z, Z, "
        "(alpha c/(zeta beta)) Z).",
    )
)
_add(
    Entry(
        name="munz_eradication",
        summary="Impulsive eradication: strikes destroy k·n of the zombies at the n-th strike",
        source=MUNZ,
        network=_net("S Z R", _BIRTH, ("bite", "S + Z -> 2 Z", "beta"), _DEATH_S, _KILL, _RISE),
        parameters={
            "alpha": Default(0.0075, "Munz et al. eradication figure"),
            "beta": Default(0.0055, "Munz et al. eradication figure"),
            "zeta": Default(0.09, "Munz et al. eradication figure"),
            "delta": Default(0.0001, "Munz et al. eradication figure"),
            "Pi": Default(0.0, "Munz et al.: no births"),
        },
        initial=_MUNZ_START,
        t_end=12.0,
        impulses=[
            {"species": "Z", "times": [2.5, 5.0, 7.5, 10.0], "fractions": [0.25, 0.5, 0.75, 1.0]}
        ],
        notes=_MUNZ_NOTE
        + " Fig. 10: k = 0.25, strikes at 2.5, 5, 7.5 and 10 days remove k·n·Z (struck zombies "
        "leave the system, as printed). With alpha > beta the figure cannot be reproduced as "
        "printed: the zombies die out between strikes.",
    )
)
_add(
    Entry(
        name="alemi_szr",
        summary="Well-mixed SZR with a closed form: bite or be killed on each S–Z contact",
        source=ALEMI,
        network=_net(
            "S Z R",
            ("bite", "S + Z -> 2 Z", "beta"),
            ("kill", "S + Z -> S + R", "alpha * beta"),
        ),
        parameters={
            "beta": Default(
                0.0018, "zombies-usa public simulator: bite rate per S–Z pair per hour"
            ),
            "alpha": Default(0.8, "zombies-usa default kill-to-bite ratio kappa/beta"),
        },
        initial={"S": 999.0, "Z": 1.0},
        t_end=200.0,
        time_unit="h",
        points=201,
        notes="Closed form with tau = beta N t; zombies win when alpha < 1.",
    )
)
_add(
    Entry(
        name="witkowski_sezr",
        summary="SEZR with an exposed stage, fitted to Shaun of the Dead",
        source=WITKOWSKI,
        network=_net(
            "S E Z R",
            ("bite", "S + Z -> E + Z", "beta / N0"),
            ("turn", "E -> Z", "zeta"),
            ("kill", "S + Z -> S + R", "alpha / N0"),
        ),
        parameters={
            "beta": Default(
                0.9, "ours: of the order the Shaun of the Dead data supports, per hour"
            ),
            "zeta": Default(0.3, "ours: about 3 hours from bite to zombie"),
            "alpha": Default(0.1, "ours: people destroy few zombies early on"),
            "N0": Default(1000.0, "ours: the neighbourhood of the film"),
        },
        initial={"S": 999.0, "Z": 1.0},
        t_end=32.0,
        time_unit="h",
        notes="Rates are per hour, as the data's times; fit them with `hyosan calibrate`.",
    )
)


def entry(name: str) -> Entry:
    """The catalog entry of a model name (a ValueError lists the names)."""
    if name not in CATALOG:
        raise ValueError(f"unknown model {name!r}; allowed: {', '.join(CATALOG)}")
    return CATALOG[name]


def scenario_table(name: str) -> dict[str, Any]:
    """The default scenario of a catalog model, as a raw TOML table."""
    e = entry(name)
    section: dict[str, Any] = {
        "model": name,
        "method": e.method,
        "time_unit": e.time_unit,
        "t_end": e.t_end,
        "points": e.points,
        "parameters": e.parameter_values(),
        "initial": dict(e.initial),
    }
    if e.impulses:
        section["impulses"] = [dict(i) for i in e.impulses]
    if e.changes:
        section["changes"] = [dict(c) for c in e.changes]
    return {
        "name": name.replace("_", "-"),
        "description": e.summary,
        "engine": "compartmental",
        "compartmental": section,
    }


def network_of(spec: CompartmentalSpec) -> Network:
    """The network a spec runs: its own, or its catalog model's."""
    if spec.network is not None:
        return Network(
            tuple(spec.network.species),
            tuple(Reaction.parse(r.name, r.reaction, r.rate) for r in spec.network.reactions),
        )
    assert spec.model is not None
    return entry(spec.model).network


def parameters_of(spec: CompartmentalSpec) -> dict[str, float]:
    """Catalog defaults overlaid with the spec's own parameters."""
    base = entry(spec.model).parameter_values() if spec.model and spec.network is None else {}
    return {**base, **spec.parameters}


def check_spec(spec: CompartmentalSpec) -> None:
    """Cross-checks the schema cannot express: names that must exist in the model."""
    if (spec.model is None) == (spec.network is None):
        raise ValueError("give either model (a catalog name) or network (your own), not both")
    if spec.model is not None:
        entry(spec.model)
    network = network_of(spec)
    species = set(network.species)
    needed = network.parameters
    params = parameters_of(spec)
    unknown = sorted(set(spec.parameters) - needed)
    if unknown:
        raise ValueError(
            f"parameters {unknown} are not used by this model; allowed: {', '.join(sorted(needed))}"
        )
    missing = sorted(needed - set(params))
    if missing:
        raise ValueError(
            f"parameters {missing} have no value; set them in [compartmental.parameters]"
        )
    for name in spec.initial:
        if name not in species:
            raise ValueError(
                f"initial names species {name!r}, not in the model; allowed: {', '.join(network.species)}"
            )
    for impulse in spec.impulses:
        for named in (impulse.species, impulse.to):
            if named is not None and named not in species:
                raise ValueError(
                    f"impulse names species {named!r}, not in the model; "
                    f"allowed: {', '.join(network.species)}"
                )
    for change in spec.changes:
        bad = sorted(set(change.set) - needed)
        if bad:
            raise ValueError(
                f"change at time {change.time} sets {bad}, not parameters of this model; "
                f"allowed: {', '.join(sorted(needed))}"
            )
    from hyosan.compartmental.network import evaluate_rate

    for reaction in network.reactions:
        if evaluate_rate(reaction.rate, params) < 0:
            raise ValueError(f"reaction {reaction.name!r} has a negative rate {reaction.rate!r}")
