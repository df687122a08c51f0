"""What-if, paired: two versions of a scenario run on the same take seeds, and the difference.

Side A and side B run the same takes with the same run seed, so take k of A and take k of B
start from the same random numbers. For each outcome (a final count such as ``S``, or a
condition such as ``survives("Nam-ra")`` counted as 1 or 0, in the language of
:mod:`hyosan.ensemble.query`) we report the difference B − A two ways:

- **paired**: the mean of the per-take differences, with a Student-t interval on n − 1 degrees
  of freedom; what the two sides share cancels out of each difference.
- **unpaired**: the difference of the two means, with Welch's interval, as if the samples were
  independent.

For a condition (1 or 0 per take: the difference of two probabilities, within ±1) the t
intervals can run past ±1 with few takes; there the paired interval is Newcombe's
square-and-add interval for paired proportions (Newcombe 1998, *Statistics in Medicine* 17,
2635–2650, method 10: Wilson intervals of each side combined with the sides' correlation; also
Fagerland, Lydersen & Laake 2017, *Statistical Analysis of Contingency Tables*, ch. 8) and the
unpaired one his hybrid score interval for independent proportions (Newcombe 1998, *Statistics
in Medicine* 17, 873–890, method 10). Both stay within [−1, 1] and are not empty when every
take agrees.

When the engine draws each kind of random number from its own stream (common random numbers),
the shared draws cancel in each take's difference and the paired interval is the narrower,
often by far; ``narrowing`` is the ratio of the unpaired width to the paired one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from hyosan.ensemble.summary import wilson
from hyosan.errors import HyosanError
from hyosan.result import Result
from hyosan.scenario import Scenario, load_scenario

COLUMNS = [
    "outcome",
    "A",
    "B",
    "difference",
    "paired_low",
    "paired_high",
    "unpaired_low",
    "unpaired_high",
    "narrowing",
    "takes",
]
"""The columns of a comparison table (docs/ensembles.md)."""


def paired_interval(diff: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """Student-t interval of the mean of per-take differences (a point when n < 2)."""
    n = len(diff)
    mean = float(np.mean(diff))
    if n < 2:
        return (mean, mean)
    half = float(stats.t.ppf(0.5 + level / 2, n - 1)) * float(np.std(diff, ddof=1)) / math.sqrt(n)
    return (mean - half, mean + half)


def welch_interval(a: np.ndarray, b: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """Welch's interval of mean(b) − mean(a) from two independent samples."""
    diff = float(np.mean(b) - np.mean(a))
    if len(a) < 2 or len(b) < 2:
        return (diff, diff)
    va, vb = float(np.var(a, ddof=1)) / len(a), float(np.var(b, ddof=1)) / len(b)
    se2 = va + vb
    if se2 == 0.0:
        return (diff, diff)
    df = se2 * se2 / (va * va / (len(a) - 1) + vb * vb / (len(b) - 1))
    half = float(stats.t.ppf(0.5 + level / 2, df)) * math.sqrt(se2)
    return (diff - half, diff + half)


def newcombe_paired(a: np.ndarray, b: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """Newcombe's (1998, method 10) interval of P(b) − P(a) from paired 1/0 outcomes."""
    a, b = np.asarray(a, dtype=bool), np.asarray(b, dtype=bool)
    n = len(a)
    both, b_only = int(np.sum(a & b)), int(np.sum(b & ~a))
    a_only, neither = int(np.sum(a & ~b)), int(np.sum(~a & ~b))
    z = float(stats.norm.ppf(0.5 + level / 2))
    p1, p2 = (both + b_only) / n, (both + a_only) / n
    l1, u1 = wilson(both + b_only, n, z)
    l2, u2 = wilson(both + a_only, n, z)
    margins = (both + b_only) * (a_only + neither) * (both + a_only) * (b_only + neither)
    cross = both * neither - b_only * a_only
    if margins == 0 or 0 <= cross <= n / 2:
        phi = 0.0
    else:  # the correlation of the two sides, corrected for continuity when positive
        phi = (cross - n / 2 if cross > 0 else cross) / math.sqrt(margins)
    d = p1 - p2
    low = d - math.sqrt(max((p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2, 0))
    high = d + math.sqrt(max((p2 - l2) ** 2 - 2 * phi * (p2 - l2) * (u1 - p1) + (u1 - p1) ** 2, 0))
    return (max(low, -1.0), min(high, 1.0))


def newcombe_unpaired(a: np.ndarray, b: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """Newcombe's hybrid score interval (1998, method 10) of P(b) − P(a), independent sides."""
    z = float(stats.norm.ppf(0.5 + level / 2))
    ka, kb = int(np.sum(np.asarray(a, dtype=bool))), int(np.sum(np.asarray(b, dtype=bool)))
    pa, pb = ka / len(a), kb / len(b)
    la, ua = wilson(ka, len(a), z)
    lb, ub = wilson(kb, len(b), z)
    d = pb - pa
    return (
        max(d - math.hypot(pb - lb, ua - pa), -1.0),
        min(d + math.hypot(ub - pb, pa - la), 1.0),
    )


def default_outcomes(a: Result, b: Result) -> list[str]:
    """Every final state both sides have, then each named character (``meta["characters"]``,
    not every agent with a name) surviving."""
    states = [s for s in a.states if s in b.states]
    named = set(b.meta.get("characters") or [])
    people = [c for c in a.meta.get("characters") or [] if c in named]
    return states + [f"survives(`{c}`)" for c in people]


def compare_results(
    a: Result, b: Result, outcomes: Sequence[str] | None = None, level: float = 0.95
) -> pd.DataFrame:
    """The comparison table of two results of the same takes (paired by take number)."""
    from hyosan.ensemble.query import measured, take_table

    table_a, table_b = take_table(a), take_table(b)
    shared = sorted(set(table_a["take"]) & set(table_b["take"]))
    if not shared:
        raise HyosanError.one(
            "the two sides share no take", value=f"A {a.takes}, B {b.takes}", allowed="same takes"
        )
    table_a = table_a[table_a["take"].isin(shared)].reset_index(drop=True)
    table_b = table_b[table_b["take"].isin(shared)].reset_index(drop=True)
    rows = []
    for outcome in outcomes or default_outcomes(a, b):
        x, binary_a = measured(outcome, table_a)
        y, binary_b = measured(outcome, table_b)
        rows.append(_row(outcome, x.to_numpy(), y.to_numpy(), level, binary_a and binary_b))
    return pd.DataFrame(rows, columns=COLUMNS)


def _row(outcome: str, x: np.ndarray, y: np.ndarray, level: float, binary: bool) -> list[object]:
    if binary:
        paired, unpaired = newcombe_paired(x, y, level), newcombe_unpaired(x, y, level)
    else:
        paired, unpaired = paired_interval(y - x, level), welch_interval(x, y, level)
    width_p, width_u = paired[1] - paired[0], unpaired[1] - unpaired[0]
    narrowing = width_u / width_p if width_p > 0 else (math.inf if width_u > 0 else math.nan)
    means = [float(np.mean(x)), float(np.mean(y)), float(np.mean(y - x))]
    return [outcome, *means, *paired, *unpaired, narrowing, len(x)]


def sides(
    a: Scenario | str | Path,
    b: Scenario | str | Path | None = None,
    *,
    overrides: Sequence[str] = (),
    set_a: Sequence[str] = (),
    set_b: Sequence[str] = (),
) -> tuple[Scenario, Scenario]:
    """Scenarios A and B: ``b`` defaults to ``a``'s own file; ``overrides`` apply to both,
    ``set_a`` to A only, ``set_b`` to B only. Two identical sides are refused."""
    side_a = _load(a, [*overrides, *set_a], "--set-a")
    side_b = _load(a if b is None else b, [*overrides, *set_b], "--set-b")
    if side_a.model_dump() == side_b.model_dump():
        raise HyosanError.one(
            "A and B are the same scenario: nothing to compare",
            where="B",
            allowed="a second scenario, or --set-b key=value for what B changes",
        )
    return side_a, side_b


_UNITS = (
    (re.compile(r"^hours?\b|\bin hours\b"), "h"),
    (re.compile(r"^seconds?\b|\bin seconds\b"), "s"),
    (re.compile(r"^minutes?\b"), "min"),
    (re.compile(r"^metres?\b|\(m\)|\(metres\)"), "m"),
    (re.compile(r"\(count\)|^how many\b"), "count"),
    (re.compile(r"\(fraction\)|^share\b|^chance\b|\(0–1\)"), "fraction"),
)


def unit_of(description: str) -> str:
    """The unit a setting's schema description states ("hours the storm lasts" → "h"), or
    "" (a count or a fraction is named as such)."""
    text = description.lower()
    return next((unit for pattern, unit in _UNITS if pattern.search(text)), "")


def setting_units(model: object, prefix: str = "") -> dict[str, str]:
    """Each setting of a scenario (dotted key) → the unit its description states, for h, s,
    min and m: the units a bare number in a title would hide."""
    out: dict[str, str] = {}
    for key, field in getattr(type(model), "model_fields", {}).items():
        path = f"{prefix}.{key}" if prefix else key
        unit = unit_of(field.description or "")
        if unit in ("h", "s", "min", "m"):
            out[path] = unit
        out.update(setting_units(getattr(model, key), path))
    return out


def differences(pair: tuple[Scenario, Scenario], width: int = 40) -> list[str]:
    """What B changes from A, key by key, with units: ``"building.decoys: [2 items] → []"``,
    ``"building.outbreak.turns_after: 5400 s → 1200 s"``, for titles."""
    flat_a, flat_b = flatten(pair[0].model_dump()), flatten(pair[1].model_dump())
    units = setting_units(pair[1])
    out = []
    for key in sorted(set(flat_a) | set(flat_b), key=lambda k: (k == "name", k)):
        if flat_a.get(key) != flat_b.get(key):
            unit = units.get(key, "")
            was, now = (short(flat.get(key), width, unit) for flat in (flat_a, flat_b))
            out.append(f"{key}: {was} → {now}")
    return out


def flatten(value: object, prefix: str = "") -> dict[str, object]:
    """Nested settings as dotted keys (lists stay values): what two scenarios differ in."""
    if not isinstance(value, dict):
        return {prefix: value}
    out: dict[str, object] = {}
    for key, item in value.items():
        out.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
    return out


def short(value: object, width: int, unit: str = "") -> str:
    """A setting's value in at most ``width`` characters (a long list by its length), a number
    with its unit."""
    if value is None:
        return "unset"
    if unit and isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:g} {unit}"
    text = str(value)
    if len(text) <= width:
        return text
    if isinstance(value, list | tuple):
        return f"[{len(value)} items]"
    return text[: width - 1] + "…"


def _load(target: Scenario | str | Path, overrides: list[str], flag: str) -> Scenario:
    if isinstance(target, Scenario):
        if overrides:
            raise HyosanError.one(
                "overrides need a scenario file or name, not a Scenario object",
                where=flag,
                value=" ".join(overrides),
            )
        return target
    return load_scenario(target, overrides)


def compare(
    a: Scenario | str | Path,
    b: Scenario | str | Path | None = None,
    *,
    takes: int | Sequence[int] | None = None,
    seed: int | None = None,
    overrides: Sequence[str] = (),
    set_a: Sequence[str] = (),
    set_b: Sequence[str] = (),
    outcomes: Sequence[str] | None = None,
    level: float = 0.95,
    backend: str = "serial",
    workers: int | None = None,
) -> pd.DataFrame:
    """Run A and B on the same take seeds and return the comparison table (:data:`COLUMNS`).

    ``takes`` (a count or take numbers) and ``seed`` default to A's; B uses the same. The
    table's ``attrs`` hold ``seed``, ``takes``, the two scenario names, ``level`` and each
    side's provenance (scenario text, versions).
    """
    if not 0 < level < 1:
        raise HyosanError.one("not a confidence level", where="level", value=level, allowed="0–1")
    result_a, result_b = run_sides(
        a,
        b,
        takes=takes,
        seed=seed,
        overrides=overrides,
        set_a=set_a,
        set_b=set_b,
        backend=backend,
        workers=workers,
    )
    table = compare_results(result_a, result_b, outcomes, level)
    table.attrs.update(
        changed=differences(sides(a, b, overrides=overrides, set_a=set_a, set_b=set_b)),
        seed=result_a.provenance["seed"],
        takes=list(result_a.takes),
        a=result_a.provenance["scenario"],
        b=result_b.provenance["scenario"],
        level=level,
        provenance={"a": dict(result_a.provenance), "b": dict(result_b.provenance)},
    )
    return table


def run_sides(
    a: Scenario | str | Path,
    b: Scenario | str | Path | None = None,
    *,
    takes: int | Sequence[int] | None = None,
    seed: int | None = None,
    overrides: Sequence[str] = (),
    set_a: Sequence[str] = (),
    set_b: Sequence[str] = (),
    backend: str = "serial",
    workers: int | None = None,
) -> tuple[Result, Result]:
    """The results of A and B (:func:`sides`) run on the same take seeds: what
    :func:`compare` compares, for a caller that needs more than the final outcomes."""
    from hyosan.ensemble.ensemble import Ensemble

    side_a, side_b = sides(a, b, overrides=overrides, set_a=set_a, set_b=set_b)
    ensemble_a = Ensemble.of(side_a, takes, seed)
    ensemble_b = Ensemble.of(side_b, ensemble_a.takes, ensemble_a.seed)
    return (
        ensemble_a.run(backend=backend, workers=workers),
        ensemble_b.run(backend=backend, workers=workers),
    )
