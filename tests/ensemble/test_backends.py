"""Same seed, any backend, any number of workers: byte-identical tables and summaries."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from hyosan.ensemble import Ensemble, load_result
from hyosan.ensemble.summary import write_summaries
from hyosan.scenario import load_scenario

TAKES = 24


def summary_bytes(result_dir: Path, out: Path) -> dict[str, bytes]:
    """Summary tables of a run directory, as bytes."""
    files = write_summaries(load_result(result_dir), out)
    return {f.name: f.read_bytes() for f in files}


@pytest.fixture(scope="module")
def reference(
    tmp_path_factory: pytest.TempPathFactory, make_szr: Callable[..., Path]
) -> tuple[Path, dict[str, bytes]]:
    """The serial run: the reference every other backend must match."""
    base = tmp_path_factory.mktemp("serial")
    scenario = load_scenario(make_szr(base))
    Ensemble.of(scenario, TAKES).run(backend="serial", store=base / "run")
    return base, summary_bytes(base / "run", base / "summary")


def run_with(tmp_path: Path, reference_dir: Path, **options: object) -> dict[str, bytes]:
    scenario = load_scenario(reference_dir / "szr.toml")
    Ensemble.of(scenario, TAKES).run(store=tmp_path / "run", **options)  # type: ignore[arg-type]
    return summary_bytes(tmp_path / "run", tmp_path / "summary")


def test_serial_run_is_a_real_ensemble(reference: tuple[Path, dict[str, bytes]]) -> None:
    base, tables = reference
    result = load_result(base / "run")
    assert result.takes == list(range(1, TAKES + 1))
    # stochastic takes differ from one another, and the population is conserved in each
    assert result.final["Z"].nunique() > 5
    total = result.series[["S", "Z", "R"]].sum(axis=1)
    assert (total == 20_020).all()
    assert set(tables) == {"bands.parquet", "final_summary.parquet"}


def test_processes_match_serial_byte_for_byte(
    tmp_path: Path, reference: tuple[Path, dict[str, bytes]]
) -> None:
    base, tables = reference
    assert run_with(tmp_path, base, backend="processes", workers=2, max_chunk=5) == tables


def test_one_process_and_odd_chunks_match_serial(
    tmp_path: Path, reference: tuple[Path, dict[str, bytes]]
) -> None:
    base, tables = reference
    assert run_with(tmp_path, base, backend="processes", workers=1, max_chunk=7) == tables


def test_dask_local_cluster_matches_serial_byte_for_byte(
    tmp_path: Path, reference: tuple[Path, dict[str, bytes]]
) -> None:
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    base, tables = reference
    got = run_with(tmp_path, base, backend="dask", cluster="local", workers=2, max_chunk=4)
    assert got == tables


def test_take_seventeen_alone_is_take_seventeen_of_the_run(
    reference: tuple[Path, dict[str, bytes]],
) -> None:
    base, _ = reference
    scenario = load_scenario(base / "szr.toml")
    alone = Ensemble.of(scenario, [17]).run(backend="serial")
    among = load_result(base / "run").take(17)
    assert alone.series.equals(among.series)
    assert alone.final.equals(among.final)


def test_in_memory_run_equals_stored_run(reference: tuple[Path, dict[str, bytes]]) -> None:
    base, _ = reference
    scenario = load_scenario(base / "szr.toml")
    memory = Ensemble.of(scenario, TAKES).run(backend="serial", max_chunk=3)
    stored = load_result(base / "run")
    assert memory.series.equals(stored.series)
    assert memory.final.equals(stored.final)
