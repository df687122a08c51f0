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
HYOSAN = "ours: the outbreak of All of Us Are Dead (2022), calibrated to the series' figures"


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
    infected: tuple[str, ...] = ("Z",)
    """Species that carry the infection, for R0 by the next-generation matrix."""

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
_MUNZ_FIG5 = {**_MUNZ_FIG3, "rho": Default(0.005, "Munz et al. Fig. 5: I → Z per day")}
_MUNZ_SZR = (_BIRTH, ("bite", "S + Z -> 2 Z", "beta"), _DEATH_S, _KILL, _RISE)
"""Munz et al.'s basic model: a bite makes a zombie at once."""
_MUNZ_SIZR = (
    _BIRTH,
    ("bite", "S + Z -> I + Z", "beta"),
    ("turn", "I -> Z", "rho"),
    _DEATH_S,
    ("infected death", "I -> R", "delta"),
    _KILL,
    _RISE,
)
"""Munz et al.'s latent model, the base of quarantine and treatment: the bitten are infected."""
_MUNZ_START = {"S": 500.0, "Z": 1.0}
_MUNZ_NOTE = (
    "The chapter's own code starts with Z0 = 0 (in the basic model still an outbreak: see "
    "`munz_basic`); hyosan starts with one zombie among N = 500 (the chapter's population)."
)
_MUNZ_BASIC_NOTE = (
    "The chapter's own code starts with Z0 = 0. That is still an outbreak: the dead rise "
    "(zeta R), so zombies appear from nothing and, with the Fig. 3 rates, outnumber the living "
    "by day 9 (`hyosan run munz_basic --set compartmental.initial.Z=0 --set t_end=10`). hyosan "
    "starts with one zombie among N = 500 (the chapter's population), so the outbreak does not "
    "wait on resurrection."
)

CATALOG: dict[str, Entry] = {}


def _add(entry: Entry) -> None:
    CATALOG[entry.name] = entry


_add(
    Entry(
        name="munz_basic",
        summary="Basic SZR: bites, destruction, resurrection (doomsday is stable)",
        source=MUNZ,
        network=_net("S Z R", *_MUNZ_SZR),
        parameters=_MUNZ_FIG3,
        initial=_MUNZ_START,
        t_end=5.0,
        notes=_MUNZ_BASIC_NOTE,
    )
)
_add(
    Entry(
        name="munz_latent",
        summary="Latent SIZR: the bitten are infected before they turn",
        source=MUNZ,
        network=_net("S I Z R", *_MUNZ_SIZR),
        parameters=_MUNZ_FIG5,
        initial=_MUNZ_START,
        t_end=10.0,
        notes=_MUNZ_NOTE,
        infected=("I", "Z"),
    )
)
_add(
    Entry(
        name="munz_quarantine",
        summary="Quarantine SIZRQ: infected and zombies are quarantined, and killed there",
        source=MUNZ,
        network=_net(
            "S I Z R Q",
            *_MUNZ_SIZR,
            ("quarantine infected", "I -> Q", "kappa"),
            ("quarantine zombie", "Z -> Q", "sigma"),
            ("killed in quarantine", "Q -> R", "gamma"),
        ),
        parameters={
            **_MUNZ_FIG5,
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
        infected=("I", "Z"),
    )
)
_add(
    Entry(
        name="munz_treatment",
        summary="Treatment: a cure turns zombies back into people (coexistence)",
        source=MUNZ,
        network=_net(
            "S I Z R",
            *_MUNZ_SIZR,
            ("cure", "Z -> S", "c"),
        ),
        parameters={
            **_MUNZ_FIG5,
            "c": Default(0.05, "ours (the paper gives none): a zombie is cured in ~20 days"),
        },
        initial=_MUNZ_START,
        t_end=10.0,
        notes=_MUNZ_NOTE
        + " With Pi = delta = 0 the coexistence equilibrium is (c/beta, (c/rho) Z, Z, "
        "(alpha c/(zeta beta)) Z).",
        infected=("I", "Z"),
    )
)
_add(
    Entry(
        name="munz_eradication",
        summary="Impulsive eradication: strikes destroy k·n of the zombies at the n-th strike",
        source=MUNZ,
        network=_net("S Z R", *_MUNZ_SZR),
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
        "printed: the outbreak never grows, so there is nothing to eradicate.",
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
        infected=("E", "Z"),
    )
)

HYOSAN_N = 170_000.0
"""Residents of Hyosan in the series."""
HYOSAN_CORDON = 48.0
"""Hours from the first bite to martial law: the cordon closes and evacuation starts (day 3)."""
HYOSAN_STRIKE = 120.0
"""Hours from the first bite to the strike on the city (day 6)."""

_add(
    Entry(
        name="hyosan",
        summary="The city of Hyosan: exposed, zombies, halfbies, cordon, evacuation, the strike",
        source=HYOSAN,
        network=_net(
            "S E Z H R V",
            ("bite", "S + Z -> E + Z", "beta / N"),
            ("halfbie bite", "S + H -> E + H", "beta_h / N"),
            ("turn zombie", "E -> Z", "sigma * (1 - h)"),
            ("turn halfbie", "E -> H", "sigma * h"),
            ("zombie destroyed", "S + Z -> S + R", "kappa / N"),
            ("zombie decays", "Z -> R", "omega"),
            ("halfbie dies", "H -> R", "mu_h"),
            ("got out", "S -> V", "epsilon"),
        ),
        parameters={
            "N": Default(HYOSAN_N, "the series: Hyosan has 170,000 residents (contacts scale 1/N)"),
            "beta": Default(
                0.2,
                "ours: bites per zombie per hour in a city caught unprepared, before the cordon; "
                "the outbreak doubles about every 4 h: some 5,000 zombies when martial law comes",
            ),
            "beta_h": Default(
                0.01, "ours: halfbies keep their minds and rarely bite (about one bite in 4 days)"
            ),
            "sigma": Default(
                2.0,
                "the series: a bite turns in seconds to minutes, a scratch in hours; a mean of "
                "30 min, the latent rate (2 /h) of the zombies-usa simulator",
            ),
            "h": Default(
                0.001, "the series: a handful of halfbies in a city; one exposed in a thousand"
            ),
            "kappa": Default(
                0.004,
                "ours: people destroy one zombie for every fifty bites (kill-to-bite ratio "
                "0.02; Alemi et al. take 0.8 for armed Americans; Hyosan's zombies are fast, "
                "strong and hard to stop)",
            ),
            "omega": Default(
                1.0 / (60 * 24),
                "ours: a zombie decays or starves in about two months (season 2 is about "
                "'the survival of zombies'); slow next to the outbreak",
            ),
            "mu_h": Default(
                1.0 / (30 * 24),
                "ours: a halfbie is found and killed, or dies, in about a month; halfbies are "
                "hard to find (zombies and soldiers both miss them)",
            ),
            "epsilon": Default(
                0.0, "no one is evacuated before martial law; see the change at the cordon"
            ),
        },
        initial={"S": HYOSAN_N - 1.0, "Z": 1.0},
        t_end=240.0,
        time_unit="h",
        changes=[
            {
                "time": HYOSAN_CORDON,
                "set": {"beta": 0.0845, "kappa": 0.00169, "epsilon": 0.0214},
            }
        ],
        impulses=[
            {"species": "Z", "times": [HYOSAN_STRIKE], "fractions": 0.98, "to": "R"},
            {"species": "E", "times": [HYOSAN_STRIKE], "fractions": 0.98, "to": "R"},
            {"species": "S", "times": [HYOSAN_STRIKE], "fractions": 0.8, "to": "R"},
        ],
        notes=(
            "At 48 h martial law: people shelter behind the cordon, so contacts fall (beta "
            "0.2 -> 0.0845 /h, kappa keeps its ratio 0.02) and evacuation through the "
            "checkpoints starts (epsilon 0.0214 /h, a mean wait of two days). At 120 h the strike "
            "destroys 98 % of zombies and exposed (halfbies are not found) and 80 % of the people "
            "still in the city. The cordon's beta and epsilon were calibrated (least squares on "
            "relative errors, the strike's share of people fixed) so the run ends near the series' "
            "figures: about 110,000 got out alive; the strike killed about 50,000 infected and "
            "10,000 uninfected."
        ),
        infected=("E", "Z", "H"),
    )
)


SEASON_2 = "ours: season 2 of All of Us Are Dead, the survival of zombies and a new race"
Q10_NOTE = (
    "warmth = 2^((T - 20 °C)/10), the Q10 = 2 rule of thumb for biological rates: about 0.22 in "
    "a Seoul January (about -2 °C), 0.6 in April or October (about 13 °C), 1.5 in August "
    "(about 26 °C)"
)
_HALFBIE_BITES = (
    ("halfbie bite", "S + H -> H + Z", "beta_h * (1 - h) / N"),
    ("halfbie bite, halfbie", "S + H -> 2 H", "beta_h * h / N"),
)
"""A halfbie's bite, hunger held back: the bitten turn, a share h of them into halfbies."""
_SEASON_2_RATES = {
    "beta_h": Default(
        0.24,
        "the hyosan model: halfbies keep their minds and rarely bite, about one bite in 4 days "
        "(0.01 /h)",
    ),
    "h": Default(
        0.001, "the hyosan model (the Jonas virus): one bitten in a thousand keeps its mind"
    ),
    "mu_h": Default(
        1.0 / 30,
        "the hyosan model: a halfbie passes for human and is found (or dies) in about a month",
    ),
    "hunger": Default(
        0.05,
        "ours: at 20 °C a zombie that finds no prey weakens in about 20 days (hunger and decay "
        "together take the hyosan model's two months)",
    ),
    "decay": Default(0.025, "ours: at 20 °C a weak zombie falls about 40 days later"),
    "warmth": Default(1.0, "ours: 1 at 20 °C; " + Q10_NOTE),
}

_add(
    Entry(
        name="zombie_survival",
        summary="Season 2: zombies sealed in the city starve and fall; the camp hides halfbies",
        source=SEASON_2,
        network=_net(
            "S H Z C W R",
            ("bite", "S + Z -> 2 Z", "beta * (1 - h) / N"),
            ("bite, halfbie", "S + Z -> Z + H", "beta * h / N"),
            *_HALFBIE_BITES,
            ("zombie shot", "S + Z -> S + R", "kappa / N"),
            ("hunger in the camp", "Z -> W", "hunger * warmth"),
            ("hunger in the city", "C -> W", "hunger * warmth"),
            ("decay", "W -> R", "decay * warmth"),
            ("halfbie found", "H -> R", "mu_h"),
            ("breach", "C -> Z", "breach"),
        ),
        parameters={
            "N": Default(
                107_000.0,
                "the hyosan-city run's end: about 106,800 got out alive and the 180 left in the "
                "city are brought out, all held in the quarantine camp (contacts scale 1/N)",
            ),
            "beta": Default(
                2.0,
                "the hyosan model after martial law: bites per zombie per day among people on "
                "guard (0.0845 /h)",
            ),
            "kappa": Default(
                24.0, "ours: the camp is guarded; a zombie among people is shot within the hour"
            ),
            **_SEASON_2_RATES,
            "breach": Default(0.0, "ours: the city is sealed; no zombie gets into the camp"),
        },
        initial={"S": 106_980.0, "H": 42.0, "C": 977.0},
        t_end=730.0,
        notes=(
            "Two places: the quarantine camp (S, H, and zombies among people, Z) and the sealed "
            "city (C, zombies that find no prey). Weak zombies (W) no longer hunt, wherever they "
            "are, and fall. Hunger and decay are slower in the cold: both are multiplied by "
            "warmth. The start is where the hyosan-city run ends (day 10): 977 zombies in the "
            "city, 42 halfbies passed the checkpoints with the people who got out."
        ),
        infected=("H", "Z", "C", "W"),
    )
)
_add(
    Entry(
        name="strains",
        summary="Two virus strains compete for people: one makes zombies, one halfbies",
        source=SEASON_2,
        network=_net(
            "S Z1 H1 Z2 H2",
            ("born", "-> S", "delta * N"),
            ("died", "S ->", "delta"),
            *(
                reaction
                for i in ("1", "2")
                for reaction in (
                    (f"bite {i}", f"S + Z{i} -> 2 Z{i}", f"beta * (1 - h{i}) / N"),
                    (f"bite {i}, halfbie", f"S + Z{i} -> Z{i} + H{i}", f"beta * h{i} / N"),
                    (f"halfbie bite {i}", f"S + H{i} -> H{i} + Z{i}", f"beta_h * (1 - h{i}) / N"),
                    (f"halfbie bite {i}, halfbie", f"S + H{i} -> 2 H{i}", f"beta_h * h{i} / N"),
                    (f"zombie {i} starves", f"Z{i} ->", "omega * warmth"),
                    (f"zombie {i} shot", f"S + Z{i} -> S", "kappa / N"),
                    (f"halfbie {i} found", f"H{i} ->", "mu_h"),
                )
            ),
        ),
        parameters={
            "N": Default(2000.0, "ours: a town without the virus (contacts scale 1/N)"),
            "delta": Default(
                0.01, "ours: people come and go (born, arrive, leave, die): a stay of 100 days"
            ),
            "beta": Default(
                0.5, "ours: a zombie bites one person in two days among people who hide"
            ),
            "kappa": Default(
                0.45,
                "ours: people are armed and warned; a zombie among them is shot in about two days",
            ),
            "omega": Default(
                1.0 / 60,
                "the hyosan model: a zombie that finds no prey starves and falls in about two "
                "months (zombie_survival's hunger and decay in one step)",
            ),
            "warmth": Default(1.0, "ours: 1 at 20 °C; starving is slower in the cold; " + Q10_NOTE),
            "beta_h": _SEASON_2_RATES["beta_h"],
            "mu_h": _SEASON_2_RATES["mu_h"],
            "h1": Default(0.001, "the Jonas virus of season 1: one bitten in a thousand"),
            "h2": Default(
                0.5, "ours: a new strain whose bite makes a halfbie as often as a zombie"
            ),
        },
        initial={"S": 1998.0, "Z1": 1.0, "Z2": 1.0},
        t_end=1000.0,
        notes=(
            "The default run starts one zombie of each strain among 2,000 people. "
            "Strain i makes halfbies with share h_i of its bites. The strain that holds the "
            "people it leaves uninfected lowest wins: strain 2 invades strain 1's equilibrium "
            "when its reproduction number there exceeds 1 (docs/season-2.md derives it; "
            "`hyosan analyse strains` prints it beside an ensemble)."
        ),
        infected=("Z1", "H1", "Z2", "H2"),
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
