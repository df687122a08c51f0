"""Summaries over takes: bands over time, final-state distributions, fate probabilities.

Every summary is a tidy pandas table computed from the Result's tables alone, in take order,
so the same takes give the same table byte for byte, whichever backend computed them. Bands are
computed with NumPy over a (takes × times) matrix per state, and can be built chunk by chunk
(:class:`BandsAccumulator`) so that a run of a million takes never holds its series in memory.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from hyosan.errors import HyosanError
from hyosan.files import write_whole

if TYPE_CHECKING:
    from hyosan.result import Result

QUANTILES: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)
Z95 = 1.959963984540054
"""The 97.5 % point of the standard normal (a two-sided 95 % interval)."""

HISTOGRAM_BINS = 1 << 16
"""Integer counts up to this many values are summarised as per-time histograms: exact quantiles
in memory that does not grow with the number of takes."""


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
    from scipy.special import stdtrit  # the Student-t quantile; lighter than scipy.stats

    sd = float(np.std(x, ddof=1))
    half = float(stdtrit(n - 1, 0.5 + level / 2)) * sd / math.sqrt(n)
    return (max(mean - half, float(np.min(x))), min(mean + half, float(np.max(x))))


def bands(result: Result, quantiles: tuple[float, ...] = QUANTILES) -> pd.DataFrame:
    """Quantile bands of each state over time: ``t, state, mean, q05, q25, q50, q75, q95``."""
    accumulator = BandsAccumulator(result.states, quantiles)
    accumulator.add(result.series)
    return accumulator.table()


class BandsAccumulator:
    """Mean and quantiles of each state at each time over takes, fed one chunk of takes at a time.

    When every take reports on the same time grid (the usual case) the series of a state is a
    (takes × times) matrix. Whole-number counts below :data:`HISTOGRAM_BINS` are kept as a
    histogram per time, so memory does not grow with the takes and the quantiles are exact
    (NumPy's linear interpolation between order statistics, as ``np.quantile``); other values are
    kept as matrices. Takes on differing grids fall back to pandas grouping by time.
    """

    def __init__(self, states: list[str], quantiles: tuple[float, ...] = QUANTILES) -> None:
        if not all(isinstance(q, (int, float)) and 0 <= q <= 1 for q in quantiles):
            raise HyosanError.one(
                "not quantiles", where="quantiles", value=quantiles, allowed="fractions, 0 to 1"
            )
        self.states = list(states)
        self.quantiles = quantiles
        self.grid: np.ndarray | None = None
        self.takes = 0
        self.sums: dict[str, np.ndarray] = {}
        self.histograms: dict[str, np.ndarray] = {}
        self.matrices: dict[str, list[np.ndarray]] = {}
        self.ragged: list[pd.DataFrame] = []

    def add(self, series: pd.DataFrame) -> None:
        """Take in the series (``take, t, states…``) of some takes not added before."""
        self.add_columns({c: series[c].to_numpy() for c in ("take", "t", *self.states)})

    def add_columns(self, columns: Mapping[str, np.ndarray]) -> None:
        """:meth:`add` for a series given as columns (``take``, ``t`` and each state): a chunk
        read from Parquet needs no pandas table on the way."""
        if len(columns["take"]) == 0:
            return
        if not _in_order(columns["take"], columns["t"]):
            frame = pd.DataFrame(dict(columns)).sort_values(["take", "t"], kind="stable")
            columns = {c: frame[c].to_numpy() for c in frame.columns}
        takes = columns["take"]
        n = int(np.count_nonzero(np.diff(takes))) + 1
        times = np.asarray(columns["t"], dtype=float)
        grid = times.reshape(n, -1) if len(times) % n == 0 else None
        reference = self.grid if self.grid is not None else (grid[0] if grid is not None else None)
        if (
            self.ragged
            or grid is None
            or reference is None
            or grid.shape[1] != len(reference)
            or not (grid == reference).all()
        ):
            self._add_ragged(pd.DataFrame(dict(columns)))
            return
        self.grid = reference
        self.takes += n
        for state in self.states:
            self._add_matrix(state, np.asarray(columns[state]).reshape(n, -1))

    def _add_matrix(self, state: str, values: np.ndarray) -> None:
        as_float = values.astype(float, copy=False)
        self.sums[state] = self.sums.get(state, 0.0) + as_float.sum(axis=0)
        if state not in self.matrices and _countable(as_float):
            self._count(state, as_float.astype(np.int64))
            return
        if state in self.histograms:
            self.matrices[state] = [_unfold(self.histograms.pop(state))]
        self.matrices.setdefault(state, []).append(as_float)

    def _count(self, state: str, values: np.ndarray) -> None:
        times = values.shape[1]
        width = int(values.max()) + 1
        old = self.histograms.get(state)
        if old is not None and old.shape[1] >= width:
            width = old.shape[1]
        index = (np.arange(times) * width)[None, :] + values
        counts = np.bincount(index.ravel(), minlength=times * width).reshape(times, width)
        if old is not None:
            counts[:, : old.shape[1]] += old
        self.histograms[state] = counts

    def _add_ragged(self, series: pd.DataFrame) -> None:
        if not self.ragged and self.takes:
            self.ragged.append(self._as_series())
        self.ragged.append(series[["take", "t", *self.states]])
        self.takes += series["take"].nunique()

    def _as_series(self) -> pd.DataFrame:
        """The takes kept so far as a series table (sorted values per time stand in for takes:
        the statistics do not depend on which take had which value)."""
        assert self.grid is not None
        columns: dict[str, np.ndarray] = {}
        for state in self.states:
            matrix = self._matrix(state)
            columns[state] = matrix.ravel()
        n = self.takes
        frame = pd.DataFrame({"take": np.repeat(-np.arange(1, n + 1), len(self.grid))})
        frame["t"] = np.tile(self.grid, n)
        for state, column in columns.items():
            frame[state] = column
        self.histograms, self.matrices, self.sums = {}, {}, {}
        return frame

    def _matrix(self, state: str) -> np.ndarray:
        if state in self.histograms:
            return _unfold(self.histograms[state])
        return np.concatenate(self.matrices[state])

    def table(self) -> pd.DataFrame:
        """The bands: one row per state and time, states in order, times ascending."""
        if self.ragged:
            return _grouped_bands(pd.concat(self.ragged, ignore_index=True), self)
        if self.grid is None:
            columns = ["t", "state", "mean", *(_qname(q) for q in self.quantiles)]
            return pd.DataFrame(columns=columns)
        order = np.argsort(self.grid, kind="stable")
        rows = []
        for state in self.states:
            table = pd.DataFrame({"t": self.grid[order], "state": state})
            table["mean"] = (self.sums[state] / self.takes)[order]
            if state in self.histograms:
                levels = _histogram_quantiles(self.histograms[state], self.quantiles)
            else:
                levels = np.quantile(self._matrix(state), self.quantiles, axis=0)
            for q, level in zip(self.quantiles, levels, strict=True):
                table[_qname(q)] = level[order]
            rows.append(table)
        return pd.concat(rows, ignore_index=True)


def _in_order(takes: np.ndarray, times: np.ndarray) -> bool:
    """Whether rows are sorted by take, then time (as engines write them): no sort needed."""
    take = np.diff(takes)
    t = np.diff(times)
    return bool(((take > 0) | ((take == 0) & (t > 0))).all())


def _countable(values: np.ndarray) -> bool:
    """Whole numbers from 0 to below :data:`HISTOGRAM_BINS`."""
    if values.size == 0:
        return False
    low, high = values.min(), values.max()
    return bool(low >= 0 and high < HISTOGRAM_BINS and (values == np.floor(values)).all())


def _unfold(histogram: np.ndarray) -> np.ndarray:
    """A (takes × times) matrix with the same values at each time as ``histogram`` (sorted)."""
    values = np.arange(histogram.shape[1], dtype=float)
    return np.stack([np.repeat(values, row) for row in histogram], axis=1)


def _histogram_quantiles(histogram: np.ndarray, quantiles: tuple[float, ...]) -> np.ndarray:
    """``np.quantile`` (linear) of the values counted in each row of ``histogram``."""
    cumulative = np.cumsum(histogram, axis=1)
    n = cumulative[:, -1]
    out = np.empty((len(quantiles), histogram.shape[0]))
    for i, q in enumerate(quantiles):
        position = (n - 1) * q
        below = np.floor(position)
        low = _order_statistic(cumulative, below)
        high = _order_statistic(cumulative, np.minimum(below + 1, n - 1))
        fraction = position - below
        out[i] = low + (high - low) * fraction
    return out


def _order_statistic(cumulative: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """The value of rank ``rank`` (0-based) in each row's sorted values."""
    return (cumulative <= rank[:, None]).sum(axis=1).astype(float)


def _grouped_bands(series: pd.DataFrame, accumulator: BandsAccumulator) -> pd.DataFrame:
    """Bands by grouping on time, for takes whose time grids differ."""
    rows = []
    for state in accumulator.states:
        grouped = series.groupby("t", sort=True)[state]
        table = pd.DataFrame({"mean": grouped.mean()})
        for q in accumulator.quantiles:
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


def write_summaries(
    result: Result, out: str | Path, *, band_table: pd.DataFrame | None = None
) -> list[Path]:
    """Write the summary tables as Parquet into ``out`` (atomically); returns the files.

    ``band_table`` is the bands when they were computed already (chunk by chunk); otherwise
    they are computed from ``result.series``.
    """
    where = Path(out)
    where.mkdir(parents=True, exist_ok=True)
    tables = {
        "bands": bands(result) if band_table is None else band_table,
        "final_summary": final_summary(result),
    }
    fates = fate_probabilities(result)
    if fates is not None:
        tables["fate_probabilities"] = fates
    written = []
    for name, df in tables.items():
        file = where / f"{name}.parquet"
        write_whole(file, partial(df.to_parquet, index=False))
        written.append(file)
    return written


def _qname(q: float) -> str:
    return f"q{round(q * 100):02d}"
