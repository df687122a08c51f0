"""Summaries over takes: bands over time, final-state distributions, fate probabilities.

Every summary is a tidy pandas table computed from the Result's tables alone, in take order,
so the same takes give the same table byte for byte, whichever backend computed them.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from hyosan.result import Result

QUANTILES: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)
Z95 = float(stats.norm.ppf(0.975))


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a binomial proportion (95 % by default).

    Unlike the textbook p ± z·se it stays inside [0, 1] and is not empty at 0 or n successes.
    """
    if n <= 0:
        return (0.0, 1.0)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return (low, high)


def mean_interval(x: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """Student-t interval of the mean of ``x``, clipped to ``[min(x), max(x)]``.

    Counts are never negative, yet with few skewed takes the plain t-interval reaches below
    zero (Z: -174 to 370 over 5 takes). Clipping drops only values no take reached; it keeps the
    t-interval's coverage wherever the true mean lies inside the takes' range, which a
    percentile bootstrap does not (it covers about 83 % with 5 takes). One take gives
    ``(x, x)``.
    """
    n = len(x)
    mean = float(np.mean(x))
    if n < 2:
        return (mean, mean)
    sd = float(np.std(x, ddof=1))
    half = float(stats.t.ppf(0.5 + level / 2, n - 1)) * sd / math.sqrt(n)
    return (max(mean - half, float(np.min(x))), min(mean + half, float(np.max(x))))


def bands(result: Result, quantiles: tuple[float, ...] = QUANTILES) -> pd.DataFrame:
    """Quantile bands of each state over time: ``t, state, mean, q05, q25, q50, q75, q95``."""
    series = result.series.sort_values(["take", "t"], kind="stable")
    rows = []
    for state in result.states:
        grouped = series.groupby("t", sort=True)[state]
        table = pd.DataFrame({"mean": grouped.mean()})
        for q in quantiles:
            table[_qname(q)] = grouped.quantile(q)
        table.insert(0, "state", state)
        rows.append(table.reset_index())
    return pd.concat(rows, ignore_index=True)


def final_summary(result: Result) -> pd.DataFrame:
    """The final state over takes, one row per state.

    ``mean`` with a 95 % Student-t interval clipped to the range of the takes (``mean_low``,
    ``mean_high``; see :func:`mean_interval`), the standard deviation, quantiles, and ``p_zero``: the fraction of takes that end with none in that state
    (for Z: the zombies died out) with its Wilson interval.
    """
    final = result.final.sort_values("take", kind="stable")
    n = len(final)
    rows = []
    for state in result.states:
        if state not in final:
            continue
        x = final[state].to_numpy(dtype=float)
        mean = float(x.mean())
        sd = float(x.std(ddof=1)) if n > 1 else 0.0
        mean_low, mean_high = mean_interval(x)
        zeros = int(np.count_nonzero(x == 0))
        low, high = wilson(zeros, n)
        row = {
            "state": state,
            "takes": n,
            "mean": mean,
            "mean_low": mean_low,
            "mean_high": mean_high,
            "sd": sd,
        }
        row.update({_qname(q): float(np.quantile(x, q)) for q in QUANTILES})
        row.update({"p_zero": zeros / n, "p_zero_low": low, "p_zero_high": high})
        rows.append(row)
    return pd.DataFrame(rows)


def fate_probabilities(result: Result, *, characters_only: bool = False) -> pd.DataFrame | None:
    """How often each agent (or named character) meets each fate, with Wilson intervals.

    Works on a ``fates`` table (building engine: ``take, agent, name, fate …``); returns None
    when the result has none. One row per (agent, name, fate) seen: ``takes, count, p, low,
    high``. ``characters_only`` keeps the scenario's named characters (``meta["characters"]``,
    its character list), not the generic ``student 2-5/3``.
    """
    fates = result.tables.get("fates")
    if fates is None or fates.empty:
        return None
    n = len(result.takes)
    table = fates.copy()
    if "name" not in table:
        table["name"] = ""
    table["name"] = table["name"].fillna("").astype(str)
    if characters_only:
        named = [str(c) for c in result.meta.get("characters") or []]
        table = table[table["name"].isin(named)]
    counts = (
        table.groupby(["agent", "name", "fate"], sort=True)["take"].nunique().rename("count")
    ).reset_index()
    counts.insert(3, "takes", n)
    counts["p"] = counts["count"] / n
    intervals = [wilson(int(c), n) for c in counts["count"]]
    counts["low"] = [lo for lo, _ in intervals]
    counts["high"] = [hi for _, hi in intervals]
    return counts


def write_summaries(result: Result, out: str | Path) -> list[Path]:
    """Write the summary tables as CSV into ``out`` (atomically); returns the files."""
    where = Path(out)
    where.mkdir(parents=True, exist_ok=True)
    tables = {"bands": bands(result), "final_summary": final_summary(result)}
    fates = fate_probabilities(result)
    if fates is not None:
        tables["fate_probabilities"] = fates
    written = []
    for name, df in tables.items():
        file = where / f"{name}.csv"
        tmp = file.with_name(f".{file.name}.tmp")
        df.to_csv(tmp, index=False)
        tmp.replace(file)
        written.append(file)
    return written


def _qname(q: float) -> str:
    return f"q{round(q * 100):02d}"
