"""Write the figures the docs quote, from runs with stated seeds, between their markers.

    python docs/scripts/figures.py              # rewrite every marked region in docs/*.md
    python docs/scripts/figures.py --check      # exit 1 if a region differs from a fresh run
    python docs/scripts/figures.py calibration  # one group only

A region starts with ``<!-- figures: NAME (made by docs/scripts/figures.py) -->`` and ends with
``<!-- /figures -->``; nothing between them is typed by hand.
"""

from __future__ import annotations

import functools
import math
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from hyosan.result import Result

DOCS = Path(__file__).resolve().parents[1]
START = "<!-- figures: {name} (made by docs/scripts/figures.py) -->"
END = "<!-- /figures -->"


def _interval(low: float, high: float, lo_open: bool, hi_open: bool) -> str:
    left = "(unbounded)" if lo_open else f"{float(f'{low:.2g}'):g}"
    right = "(unbounded)" if hi_open else f"{float(f'{high:.2g}'):g}"
    return f"{left} – {right}"


def calibration() -> str:
    """The Shaun of the Dead fits: Poisson and negative binomial, 16 starts, seed 0, profile
    intervals; and what the default 8 starts find."""
    import hyosan
    from hyosan.ensemble.calibrate import SPAN, calibrate, read_observations

    scenario = hyosan.load_scenario("witkowski_sezr")
    data = read_observations("shaun-of-the-dead")
    names = ["beta", "zeta", "alpha"]
    fits = {
        lik: calibrate(scenario, data, names, likelihood=lik, starts=16, seed=0, profile=True)
        for lik in ("poisson", "negbin")
    }
    eight = calibrate(scenario, data, names, starts=8, seed=0)
    from hyosan.compartmental.problem import problem_of

    base = problem_of(scenario.compartmental_spec("calibration")).parameters
    centre = {n: math.log(max(float(base[n]), 1e-12)) for n in names}
    centre["k"] = math.log(10.0)

    def ends(fit: object, name: str) -> tuple[bool, bool]:
        low, high = fit.lower[name], fit.upper[name]  # type: ignore[attr-defined]
        return (
            bool(np.isclose(math.log(low), centre[name] - SPAN, atol=1e-6)),
            bool(np.isclose(math.log(high), centre[name] + SPAN, atol=1e-6)),
        )

    p, nb = fits["poisson"], fits["negbin"]
    words = {"beta": "β (bite)", "zeta": "ζ (turn)", "alpha": "α (kill)", "k": "k (dispersion)"}
    rows = [
        "| per hour | Poisson: estimate | Laplace 95 % | profile 95 % "
        "| neg. binomial: estimate | profile 95 % |",
        "|---|---|---|---|---|---|",
    ]
    for name in [*names, "k"]:
        cells = [words[name]]
        if name in p.estimates:
            est, se = p.estimates[name], p.se_log[name]
            laplace = (est * math.exp(-1.96 * se), est * math.exp(1.96 * se))
            cells += [
                f"{est:.3g}",
                f"{laplace[0]:.3g} – {laplace[1]:.3g}",
                _interval(p.lower[name], p.upper[name], *ends(p, name)),
            ]
        else:
            cells += ["—", "—", "—"]
        cells += [
            f"{nb.estimates[name]:.2g}",
            _interval(nb.lower[name], nb.upper[name], *ends(nb, name)),
        ]
        rows.append("| " + " | ".join(cells) + " |")
    rows.append(f"| log-likelihood | {p.loglik:.2f} | | | {nb.loglik:.2f} | |")
    same = abs(eight.loglik - p.loglik) < 0.01
    found = (
        f"finds the same optimum (log-likelihood {eight.loglik:.2f})"
        if same
        else f"settles on a worse one (log-likelihood {eight.loglik:.2f}, "
        + ", ".join(f"{n} = {eight.estimates[n]:.3g}" for n in names)
        + ")"
    )
    rows += [
        "",
        "The Poisson likelihood has several local optima along a narrow ridge. With the default 8",
        f"random starts (seed 0) the optimiser {found}; the table uses 16. The fit reports its",
        "log-likelihood so that runs can be compared; raise `--starts` when in doubt.",
    ]
    return "\n".join(rows)


def hyosan_city() -> str:
    """The shipped hyosan-city scenario: its ODE against the series' figures, and 100 SSA takes
    (seed 17, the scenario's) as `hyosan run hyosan-city --set method=ssa --takes 100` runs them."""
    import hyosan

    ode = hyosan.simulate("hyosan-city", progress=False)
    ssa = hyosan.simulate("hyosan-city", overrides="method=ssa", takes=100, progress=False)

    def figures(result: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        final, events = result.final, result.tables["events"]  # type: ignore[attr-defined]
        hit = events[events["event"] == "impulse"]
        per = hit.pivot_table(index="take", columns="species", values="moved", aggfunc="sum")
        per = per.reindex(final["take"]).fillna(0.0)
        infected = (per.get("Z", 0.0) + per.get("E", 0.0)).to_numpy(dtype=float)
        return final["V"].to_numpy(dtype=float), infected, per["S"].to_numpy(dtype=float)

    out, infected, people = (float(x[0]) for x in figures(ode))
    target = (110_000, 50_000, 10_000)
    errors = ", ".join(
        f"{(v - t) / t:+.1%}".replace("-", "−")
        for v, t in zip((out, infected, people), target, strict=True)
    )
    lines = [
        f"The shipped scenario `hyosan-city` (ODE) ends at **{out:,.0f} got out alive, "
        f"{infected:,.0f} infected and {people:,.0f} uninfected killed by the strike** "
        f"({errors} against the series' 110,000, 50,000 and 10,000); a test holds each within 5 %.",
        "By SSA (`hyosan run hyosan-city --set method=ssa --takes 100`, seed 17) the story varies",
        "from take to take, because the first zombie's luck shifts the whole outbreak earlier or",
        "later against the fixed dates of martial law and the strike. Over the 100 takes:",
        "",
        "| per take | median | 5 % | 95 % |",
        "|---|---|---|---|",
    ]
    for label, values in zip(
        ("got out alive", "infected killed by the strike", "uninfected killed by the strike"),
        figures(ssa),
        strict=True,
    ):
        q05, q50, q95 = np.quantile(values, [0.05, 0.5, 0.95])
        lines.append(f"| {label} | {q50:,.0f} | {q05:,.0f} | {q95:,.0f} |")
    return "\n".join(lines)


STORY_TAKES = 100
STORY_SEED = 1
ABLATION = [
    ("survival", "outbreak"),
    ("survival", "leaving"),
    ("strength", "outbreak"),
    ("weapon", "outbreak"),
    ("speed", "sharp outbreak"),
]
"""(trait, scene of hyosan.story.SCENES) the ablation figure sets low and high for all ten of
class 2-5 at once."""
ABLATION_TAKES = 20


def _story_takes(*overrides: str) -> Result:
    """The shipped Hyosan High with ``overrides``, takes 1–STORY_TAKES of STORY_SEED."""
    from hyosan.ensemble import Ensemble
    from hyosan.scenario import load_scenario

    scenario = load_scenario("hyosan-high", ["building.frame_every='24 h'", *overrides])
    return Ensemble.of(scenario, takes=STORY_TAKES, seed=STORY_SEED).run(backend="processes")


@functools.cache
def _story_run() -> Result:
    """The shipped Hyosan High's story takes, run once for the regions that read it
    (hundred-takes and story)."""
    return _story_takes()


def _the_ten(result: Result) -> tuple[pd.DataFrame, float]:
    """Class 2-5's ten's fates, and how many of them survive a take on average."""
    from hyosan.outcomes import SURVIVED
    from hyosan.story import CLASS_2_5

    fates = result.tables["fates"]
    ten = fates[fates["name"].isin(CLASS_2_5)]
    return ten, float(ten["fate"].isin(SURVIVED).groupby(ten["take"]).sum().mean())


HUNDRED_COUNTS = {
    "alive and uninfected (S)": ["S"],
    "rescued (V: roof, gate or camp)": ["V"],
    "**survivors (S + V)**": ["S", "V"],
    "zombies (Z)": ["Z"],
    "halfbies (H)": ["H"],
    "dead (D)": ["D"],
}
"""The rows of the hundred-takes table: a label and the counts it sums."""


@functools.cache
def _before_bodies() -> Result:
    """The same takes on the engine before bodies: any number per cell, nobody slows, doors
    pass any crowd, nobody goes round a blocked way (``bodies.on = false``, ``detour = -1``)."""
    return _story_takes("building.bodies.on=false", "building.moving.detour=-1")


def _quantiles(final: pd.DataFrame, states: list[str]) -> tuple[float, float, float, float]:
    x = final[states].sum(axis=1).to_numpy(dtype=float)
    q5, q50, q95 = np.quantile(x, [0.05, 0.5, 0.95])
    return float(x.mean()), float(q5), float(q50), float(q95)


def hundred_takes() -> str:
    """The counts of the shipped Hyosan High at its end over the story run, beside the same
    takes before bodies: mean, 5 %, median and 95 % over the takes, and how often the building
    is overrun, someone survives, someone is rescued and how many halfbies a take has at most."""
    final, before = _story_run().final, _before_bodies().final
    lines = [
        f"Hyosan High, takes 1–{len(final)} of seed {STORY_SEED}, counts at the end (72 h), "
        "before bodies (`bodies.on = false`, `moving.detour = -1`) and with them (the shipped "
        "scenario):",
        "",
        "| at 72 h | before: mean | median | **with bodies: mean** | 5 % | median | 95 % |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, states in HUNDRED_COUNTS.items():
        b_mean, _, b_median, _ = _quantiles(before, states)
        mean, q5, q50, q95 = _quantiles(final, states)
        bold = "**" if label.startswith("**") else ""
        lines.append(
            f"| {label} | {b_mean:.0f} | {b_median:.0f} | {bold}{mean:.0f}{bold} | "
            f"{bold}{q5:.0f}{bold} | {bold}{q50:.0f}{bold} | {bold}{q95:.0f}{bold} |"
        )
    lines.append("")
    for name, f in (("before bodies", before), ("with bodies", final)):
        survivors = f["S"] + f["V"]
        lines.append(
            f"- {name}: the building is overrun (more zombies than survivors) in "
            f"{int((f['Z'] > survivors).sum())} of {len(f)} takes; someone survives in "
            f"{int((survivors > 0).sum())} ({int(survivors.min())} to {int(survivors.max())} "
            f"people); someone is rescued in {int((f['V'] > 0).sum())}; halfbies: at most "
            f"{int(f['H'].max())} in a take."
        )
    return "\n".join(lines)


def crowds() -> str:
    """The RiMEA cases of tests/building/test_rimea.py, measured: each shipped rimea-* drill,
    take 1 of seed 1, beside the guideline's criterion or the literature's figure."""
    import math

    import hyosan

    def take(name: str, *sets: str) -> Result:
        return hyosan.simulate(name, takes=[1], seed=1, overrides=list(sets), progress=False)

    def frames(result: Result) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        times = np.asarray(result.meta["frame_times"], dtype=float) * 3600.0
        return result.arrays["frames_pos"][0], result.arrays["frames_state"][0], times

    pos, _, times = frames(take("rimea-1-corridor"))
    col = pos[:, 0, 2]
    corridor = times[np.argmax(col >= 43)] - times[np.argmax(col >= 3)]
    speeds = []
    for rho in (0.5, 1.0, 2.0, 3.0):
        pos, _, times = frames(
            take("rimea-4-diagram", f"building.population.students_per_class={round(rho * 120)}")
        )
        rear = pos[0, :, 2] <= 30
        k = int(np.argmax(times >= 10.0))
        v = (pos[k, rear, 2] - pos[0, rear, 2]).mean() / times[k]
        w = 1.33 * (1 - math.exp(-1.913 * (1 / rho - 1 / 5.4)))
        speeds.append(f"{rho:g}/m²: {v:.2f} ({w:.2f})")
    four = take("rimea-9-four-exits").tables["egress"]["t"].max() * 3600
    two = take("rimea-9-two-exits").tables["egress"]["t"].max() * 3600
    ways = take("rimea-11-exit-choice").tables["egress"]["way"]
    near = int(ways.str.contains("row 6,").sum())
    pos, state, _ = frames(take("rimea-12-bottlenecks", "building.frame_every='1 s'"))
    standing = state <= 3

    def before(col0: int) -> float:
        at = standing & (np.abs(pos[..., 1] - 4) <= 1) & (pos[..., 2] >= col0)
        return float((at & (pos[..., 2] <= col0 + 2)).sum(axis=1).max() / 9.0)

    first, second = before(8), before(19)
    pos, state, times = frames(take("rimea-13-stair"))
    standing = state <= 3
    foot = (standing & (pos[..., 0] == 0) & (pos[..., 2] >= 22)).sum(axis=1) / 8.0
    up = (standing & (pos[..., 0] == 1)).sum(axis=1)
    k0 = int(np.argmax(up > 0))
    rate = (up[-1] - up[k0]) / (times[-1] - times[k0])
    lines = [
        "Each shipped `rimea-*` scenario, take 1 of seed 1 (`tests/building/test_rimea.py`):",
        "",
        "| RiMEA case | criterion | measured |",
        "|---|---|---|",
        f"| 1: 40 m of corridor at 1.33 m/s | 26–34 s | {corridor:.1f} s |",
        "| 2–3: a storey up and down | up slower than down (Fruin) | 8 m and 6 m of level walking |",
        "| 4: speed against density, corridor 2 m wide | within 20 % of Weidmann's | "
        + "; ".join(speeds)
        + " m/s (Weidmann's) |",
        "| 6: twenty round a corner | nobody through the wall | all 20 out, no one in a wall |",
        f"| 9: 1,000 by four 1 m exits, then two | the time about doubles | {four:.0f} s, {two:.0f} s "
        f"(× {two / four:.2f}; the doors' flow bound {1000 / 5.2:.0f} s and {1000 / 2.6:.0f} s) |",
        f"| 11: two exits, one 13 m farther | most take the nearer, some the farther | "
        f"{near} and {len(ways) - near} of {len(ways)} |",
        "| 12: two 1 m doors in series | a jam at the first, none at the second | "
        f"at most {first:.1f} per m² before the first, {second:.1f} before the second |",
        "| 13: a corridor 2 m wide onto a stair 1 m wide | congestion before the stair | "
        f"up to {foot.max():.1f} per m² at its foot; {rate:.2f} a second up |",
    ]
    return "\n".join(lines)


def story() -> str:
    """Hyosan High over 100 takes (seed 1): each named character's endings, how often the class
    ends all alike, and how often the takes tell season 1 (:mod:`hyosan.story`)."""
    from hyosan.outcomes import FATE_WORDS, SURVIVED
    from hyosan.story import (
        CANON,
        CLASS,
        CLASS_2_5,
        LOST,
        SURVIVES,
        all_alike,
        canon_scores,
        endings,
        matches,
    )

    result = _story_run()
    shares = endings(result)
    words = [w for w in FATE_WORDS.values() if w in shares.columns]
    lines = [
        f"Hyosan High, {STORY_TAKES} takes, seed {STORY_SEED}: share of takes ending so",
        "",
        "| character | survived | " + " | ".join(words) + " |",
        "|---|---:|" + "---:|" * len(words),
    ]
    survived = [FATE_WORDS[c] for c in SURVIVED]
    for name, row in shares.iterrows():
        alive = sum(float(row.get(w, 0.0)) for w in survived)
        cells = " | ".join(f"{float(row[w]):.0%}" for w in words)
        lines.append(f"| {name} | {alive:.0%} | {cells} |")
    scores = canon_scores(result)
    hit = matches(result)
    hits = hit.mean()
    live = [n for n in CLASS_2_5 if CANON[n] is SURVIVES]
    lost = [n for n in CLASS_2_5 if CANON[n] is LOST]
    alike = all_alike(result, CLASS)
    counts = scores["score"].value_counts().sort_index()
    spread = ", ".join(f"{k}: {v}" for k, v in counts.items())
    lines += [
        "",
        f"- class {CLASS}'s ten characters all end alike in {int(alike.sum())} of "
        f"{len(alike)} takes;",
        f"- canon score (of {int(scores['of'].iloc[0])} characters ending as in season 1), "
        f"takes per score: {spread}; median {scores['score'].median():.0f};",
        f"- the whole season-1 ending: {int(scores['full'].sum())} of {len(scores)} takes;",
        f"- the {len(live)} of class {CLASS} who survive in the series all survive in "
        f"{int(hit[live].all(axis=1).sum())} takes, the {len(lost)} who are lost are all lost in "
        f"{int(hit[lost].all(axis=1).sum())}, both in {int(hit[live + lost].all(axis=1).sum())};",
        "- each character's share of takes ending as in season 1: "
        + ", ".join(f"{name} {share:.0%}" for name, share in hits.sort_values().items())
        + ".",
    ]
    return "\n".join(lines)


GROUP_OUTCOMES = {"survived": "survive", "infected": "ever infected", "kills": "zombies destroyed"}
"""The outcomes of ``hyosan.story.group_takes``, as the tables name them."""


def ablation() -> str:
    """Each trait of ABLATION set low and high for the ten of class 2-5 in its scene, on the
    same 20 take seeds: the change in how many of them survive, drawn to docs/img/ablation.png
    and tabled with the change in those ever infected and in zombies they destroy."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from hyosan.story import TRAIT_RANGE, ablate_scene

    frames = []
    for trait, scene in ABLATION:
        low, high = TRAIT_RANGE[trait]
        table = ablate_scene(trait, scene, takes=ABLATION_TAKES, seed=STORY_SEED)
        frames.append(table.assign(trait=trait, scene=scene, low=low, high=high))
    table = pd.concat(frames, ignore_index=True)
    alive = table[table["outcome"] == "survived"].reset_index(drop=True)
    labels = [f"{r.trait} {r.low:g} → {r.high:g} ({r.scene})" for r in alive.itertuples()]
    fig, ax = plt.subplots(figsize=(8, 1.0 + 0.5 * len(alive)))
    y = np.arange(len(alive))[::-1]
    ax.errorbar(
        alive["difference"],
        y,
        xerr=[
            alive["difference"] - alive["paired_low"],
            alive["paired_high"] - alive["difference"],
        ],
        fmt="o",
        capsize=4,
    )
    ax.axvline(0.0, color="grey", lw=0.8)
    ax.set_yticks(y, labels)
    ax.set_xlabel(f"change in survivors of the ten (paired 95 %, {ABLATION_TAKES} takes)")
    ax.set_title(f"Class 2-5: each trait low vs high, seed {STORY_SEED}")
    fig.tight_layout()
    fig.savefig(DOCS / "img" / "ablation.png", dpi=110)
    plt.close(fig)
    lines = [
        "| trait (all ten) | scene | low → high | outcome (of the ten, a take) | low | high "
        "| change (paired 95 %) |",
        "|---|---|---|---|---:|---:|---|",
    ]
    for r in table.itertuples():
        lines.append(
            f"| {r.trait} | {r.scene} | {r.low:g} → {r.high:g} | "
            f"{GROUP_OUTCOMES[str(r.outcome)]} | {r.A:.2f} | {r.B:.2f} | "
            f"{r.difference:+.2f} ({r.paired_low:+.2f} … {r.paired_high:+.2f}) |"
        )
    return "\n".join(lines)


WHOLE_TAKES = 40
"""Pairs of whole 72-hour takes for each trait of the ten of class 2-5."""


def whole_takes() -> str:
    """Each trait of TRAIT_RANGE set low and high for the ten of class 2-5 over whole 72-hour
    takes of Hyosan High, on the same take seeds: the paired change in how many of them
    survive, are ever infected and zombies they destroy; survival again on the rule before,
    the sharp as blind to the zombies ahead as the dull (``decisions.look_ahead`` 0)."""
    from hyosan.story import CLASS_2_5, TRAIT_RANGE, ablate_group

    lines = [
        "| trait (all ten) | low → high | outcome (of the ten, a take) | low | high "
        "| change (paired 95 %) |",
        "|---|---|---|---:|---:|---|",
    ]
    runs = [(trait, "", trait) for trait in TRAIT_RANGE]
    runs.append(("survival", "building.decisions.look_ahead=0", "survival, look_ahead 0"))
    for trait, extra, label in runs:
        low, high = TRAIT_RANGE[trait]
        table = ablate_group(
            CLASS_2_5,
            trait,
            low,
            high,
            takes=WHOLE_TAKES,
            seed=STORY_SEED,
            overrides=["building.frame_every='24 h'", *([extra] if extra else [])],
            backend="processes",
        )
        for r in table.itertuples():
            lines.append(
                f"| {label} | {low:g} → {high:g} | {GROUP_OUTCOMES[str(r.outcome)]} | "
                f"{r.A:.2f} | {r.B:.2f} | "
                f"{r.difference:+.2f} ({r.paired_low:+.2f} … {r.paired_high:+.2f}) |"
            )
    return "\n".join(lines)


DECOY_OUTCOMES = {
    "S": "`S` alive, uninfected",
    "Z": "`Z` zombies",
    "D": "`D` dead",
    "V": "`V` rescued",
    'survives("Su-hyeok")': '`survives("Su-hyeok")`',
}
HOURS_AFTER = (26.5, 27, 28, 30, 36, 48, 72)


FINALE = {
    "the strike, no word": [],
    "word 12 h before": ["building.world.strike_warning='12 h'"],
    "word 24 h before": ["building.world.strike_warning='24 h'"],
    "word 12 h before, `warned_rate` 0.5": [
        "building.world.strike_warning='12 h'",
        "building.world.warned_rate=0.5",
    ],
    "word 12 h before, `moving.detour` 1, `memory` 10 min": [
        "building.world.strike_warning='12 h'",
        "building.moving.detour=1",
        "building.moving.memory='10 min'",
    ],
    "word 12 h before, `camp_admit` 0.01 (100 s on the hills)": [
        "building.world.strike_warning='12 h'",
        "building.world.camp_admit=0.01",
    ],
    "word 12 h before, the looking rules (`danger_sense` 2, `leader_look` 1)": [
        "building.world.strike_warning='12 h'",
        "building.decisions.danger_sense=2",
        "building.decisions.leader_look=1",
    ],
}
"""The end of season 1: the shipped Hyosan High with the strike at 71.9 h, and what is added."""


def finale() -> str:
    """Each row of :data:`FINALE` over the story's takes: how many of class 2-5's ten are alive
    at the end, in how many takes they all end alike, the school's survivors, the canon score's
    mean and how often Gwi-nam ends as in the series."""
    from hyosan.story import CLASS, all_alike, canon_scores, matches

    lines = [
        f"Takes 1–{STORY_TAKES} of seed {STORY_SEED}, the strike at 71.9 h:",
        "",
        "| the end of season 1 | of the ten alive | the ten all alike | school's survivors "
        "| canon, mean of 14 | Gwi-nam as in the series |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, extra in FINALE.items():
        result = _story_takes("building.world.strike_at='71.9 h'", *extra)
        _, alive = _the_ten(result)
        alike = int(all_alike(result, CLASS).sum())
        survivors = result.final[["S", "H", "V"]].sum(axis=1).mean()
        canon = canon_scores(result)["score"].mean()
        gwi_nam = matches(result)["Gwi-nam"].mean()
        lines.append(
            f"| {label} | {alive:.2f} | {alike} | {survivors:.1f} | {canon:.2f} | {gwi_nam:.0%} |"
        )
    return "\n".join(lines)


LOOKING = {
    "the defaults (`look_ahead` 1, the others off)": [],
    "`look_ahead` 0 too": ["building.decisions.look_ahead=0"],
    "only the members look (`danger_sense` 2)": ["building.decisions.danger_sense=2"],
    "`danger_sense` 2, `leader_look` 0.1": [
        "building.decisions.danger_sense=2",
        "building.decisions.leader_look=0.1",
    ],
    "all three on (`danger_sense` 2, `leader_look` 1)": [
        "building.decisions.danger_sense=2",
        "building.decisions.leader_look=1",
    ],
}
"""The looking rules on the shipped Hyosan High: the defaults, and each way of turning them on."""


def looking() -> str:
    """Each row of :data:`LOOKING` over the story's takes: in how many takes class 2-5's ten
    split (by final state, and by outcome), how many of them are alive at the end, and how
    many of their endings are a rescue."""
    from hyosan.outcomes import OUTCOME_OF

    lines = [
        f"Hyosan High, takes 1–{STORY_TAKES} of seed {STORY_SEED}, 72 h:",
        "",
        "| the looking rules | the ten split, by state | by outcome | of the ten alive "
        "| of their endings, rescued |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, extra in LOOKING.items():
        ten, alive = _the_ten(_story_takes(*extra))
        mine = ten.pivot(index="take", columns="name", values="fate")
        by_state = int((mine.nunique(axis=1) > 1).sum())
        by_outcome = int((mine.replace(OUTCOME_OF).nunique(axis=1) > 1).sum())
        rescued = int((ten["fate"] == "V").sum())
        lines.append(
            f"| {label} | {by_state} | {by_outcome} | {alive:.2f} | {rescued} of {len(ten)} |"
        )
    return "\n".join(lines)


def _narrowing_by_hour(a: pd.DataFrame, b: pd.DataFrame) -> list[str]:
    """Unpaired ÷ paired width of each count's interval at each of :data:`HOURS_AFTER`, from
    the two sides' series (takes in the same order)."""
    from hyosan.ensemble.compare import paired_interval, welch_interval

    lines = [
        "| hours | " + " | ".join(f"`{c}`" for c in "SZDV") + " |",
        "|---:|" + "---:|" * 4,
    ]
    for h in HOURS_AFTER:
        cells = []
        for c in "SZDV":
            x = a[a["t"] <= h].groupby("take")[c].last().to_numpy(float)
            y = b[b["t"] <= h].groupby("take")[c].last().to_numpy(float)
            lo, hi = paired_interval(y - x)
            ulo, uhi = welch_interval(x, y)
            cells.append("—" if hi - lo <= 0 else f"{(uhi - ulo) / (hi - lo):.2f}×")
        lines.append(f"| {h:g} | " + " | ".join(cells) + " |")
    return lines


def what_if() -> str:
    """Hyosan High with and without the broadcast decoy (26 h) on the same 20 take seeds (seed
    17): paired against unpaired intervals at the end, and how much narrower the paired
    intervals are hour by hour after the decoy."""
    from hyosan.ensemble.compare import compare_results, run_sides

    music_only = '{room="music room", at="40 h", lasts="15 min", loudness=40.0}'
    a, b = run_sides(
        "hyosan-high",
        takes=20,
        seed=17,
        set_b=[f"building.decoys=[{music_only}]"],
        backend="processes",
    )
    table = compare_results(a, b, list(DECOY_OUTCOMES), 0.95)
    lines = [
        "| outcome (end of 72 h) | A (decoy) | B (none) | B − A | paired 95 % "
        "| unpaired 95 % | narrowing |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in table.itertuples():
        lines.append(
            f"| {DECOY_OUTCOMES[str(r.outcome)]} | {r.A:.2f} | {r.B:.2f} | {r.difference:+.2f} | "
            f"{r.paired_low:+.2f} … {r.paired_high:+.2f} | "
            f"{r.unpaired_low:+.2f} … {r.unpaired_high:+.2f} | {r.narrowing:.2f}× |"
        )
    return "\n".join([*lines, "", *_narrowing_by_hour(a.series, b.series)])


GROUPS: dict[str, tuple[str, Callable[[], str]]] = {
    "calibration": ("ensembles.md", calibration),
    "hyosan-city": ("compartmental.md", hyosan_city),
    "hundred-takes": ("building.md", hundred_takes),
    "story": ("building.md", story),
    "crowds": ("building.md", crowds),
    "ablation": ("building.md", ablation),
    "whole-takes": ("building.md", whole_takes),
    "what-if": ("ensembles.md", what_if),
    "finale": ("building.md", finale),
    "looking": ("building.md", looking),
}


def region(text: str, name: str) -> re.Match[str] | None:
    """The marked region ``name`` of a document, its body in group 1."""
    start = re.escape(START.format(name=name))
    return re.search(f"{start}\n(.*?){re.escape(END)}", text, flags=re.S)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    names = [a for a in argv if not a.startswith("--")] or list(GROUPS)
    differ = []
    for name in names:
        doc, make = GROUPS[name]
        path = DOCS / doc
        fresh = make().rstrip("\n") + "\n"
        text = path.read_text(encoding="utf-8")  # read after the runs: the doc may have changed
        found = region(text, name)
        if found is None:
            print(f"{doc}: no region {name!r}")
            return 2
        if found.group(1) != fresh:
            differ.append(name)
            if not check:
                path.write_text(text[: found.start(1)] + fresh + text[found.end(1) :], "utf-8")
        print(f"{name}: {'differs' if found.group(1) != fresh else 'as in the docs'}")
        if check and found.group(1) != fresh:
            print(fresh)
    return 1 if check and differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
