"""Runs larger than memory: bands built chunk by chunk equal NumPy's over all takes, and a run
combined chunk by chunk equals the same takes gathered in memory."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hyosan.ensemble import Ensemble, RunStore
from hyosan.ensemble import ensemble as ensemble_module
from hyosan.ensemble.combine import combine
from hyosan.ensemble.summary import QUANTILES, BandsAccumulator
from hyosan.scenario import load_scenario


def tidy(values: np.ndarray, grid: np.ndarray, first_take: int = 1) -> pd.DataFrame:
    """A series table from a (takes × times) matrix of one state ``Z``."""
    takes, times = values.shape
    return pd.DataFrame(
        {
            "take": np.repeat(np.arange(first_take, first_take + takes), times),
            "t": np.tile(grid, takes),
            "Z": values.ravel(),
        }
    )


def expected(values: np.ndarray) -> np.ndarray:
    """Mean and quantiles over takes at each time, straight from NumPy."""
    return np.vstack([values.mean(axis=0), np.quantile(values, QUANTILES, axis=0)])


def got(table: pd.DataFrame) -> np.ndarray:
    return table[["mean", "q05", "q25", "q50", "q75", "q95"]].to_numpy().T


@pytest.mark.parametrize("kind", ["counts", "wider counts later", "fractions"])
def test_chunked_bands_equal_numpy_over_all_takes(kind: str) -> None:
    rng = np.random.default_rng(7)
    grid = np.linspace(0.0, 10.0, 11)
    if kind == "fractions":
        values = rng.normal(50.0, 10.0, (300, 11))
    else:
        values = rng.poisson(30.0, (300, 11)).astype(np.int64)
        if kind == "wider counts later":
            values[200:] *= 40  # later chunks reach past the histogram built so far
    accumulator = BandsAccumulator(["Z"])
    for start in range(0, 300, 70):
        accumulator.add(tidy(values[start : start + 70], grid, start + 1))
    table = accumulator.table()
    assert table["t"].tolist() == grid.tolist()
    np.testing.assert_allclose(got(table), expected(values.astype(float)), rtol=1e-12)


def test_takes_on_differing_grids_are_grouped_by_time() -> None:
    rng = np.random.default_rng(3)
    first = tidy(rng.poisson(5.0, (4, 3)), np.array([0.0, 1.0, 2.0]))
    second = tidy(rng.poisson(5.0, (3, 2)), np.array([0.0, 1.5]), first_take=5)
    accumulator = BandsAccumulator(["Z"])
    accumulator.add(first)
    accumulator.add(second)
    both = pd.concat([first, second])
    grouped = both.groupby("t")["Z"]
    table = accumulator.table().set_index("t")
    np.testing.assert_allclose(table["mean"], grouped.mean())
    np.testing.assert_allclose(table["q25"], grouped.quantile(0.25))


def test_a_run_combined_chunk_by_chunk_equals_it_gathered(
    tmp_path: Path, make_szr: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # 41 points a take: chunks of at most 3 takes, so the 20 takes make many chunks
    monkeypatch.setattr(ensemble_module, "MAX_CHUNK_ROWS", 123)
    scenario = load_scenario(make_szr(tmp_path, n=2_000))
    with RunStore.open(tmp_path / "run", scenario, 5) as store:
        Ensemble(scenario, list(range(1, 21)), 5).fill(store, backend="serial")
        sizes = [len(takes) for takes in store.chunks.values()]
        combined = combine(store, tmp_path / "run")
        gathered = store.load()
    assert max(sizes) <= 3 and sum(sizes) == 20
    for name in ("series", "final"):
        on_disk = pd.read_parquet(tmp_path / "run" / f"{name}.parquet")
        pd.testing.assert_frame_equal(on_disk, getattr(gathered, name))
    pd.testing.assert_frame_equal(combined.result.final, gathered.final)
    series = gathered.series
    matrix = series["Z"].to_numpy(dtype=float).reshape(20, -1)
    bands = combined.bands[combined.bands["state"] == "Z"]
    np.testing.assert_allclose(got(bands), expected(matrix), rtol=1e-12)


def test_the_command_line_starts_without_the_heavy_libraries() -> None:
    # `hyosan --help` and `hyosan models` import these only when a command needs them
    code = (
        "import sys, hyosan.cli; "
        "print(sorted(m for m in ('pandas', 'scipy', 'numba', 'matplotlib', 'pyarrow', "
        "'hyosan.report', 'hyosan.compartmental.analysis', 'hyosan.ensemble.ensemble') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_listing_the_models_needs_no_numpy() -> None:
    # `hyosan models` reads the catalog's names and networks, not arrays
    code = (
        "import sys; from hyosan.cli import main; main(['models']); "
        "print('numpy' in sys.modules, file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip() == "False" and "alemi_szr" in out.stdout


@pytest.mark.parametrize("quantiles", [(1.5,), (-0.1,), (float("nan"),), ("0.5",)])
def test_quantiles_outside_0_to_1_are_refused(quantiles: tuple[float, ...]) -> None:
    """A 150 % quantile used to give a table; NaN failed deep in the histogram."""
    from hyosan.errors import HyosanError

    with pytest.raises(HyosanError, match="^quantiles: not quantiles"):
        BandsAccumulator(["S"], quantiles)
