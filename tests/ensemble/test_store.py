"""The run store: killed runs resume without loss or duplication; bad directories say so."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from hyosan.ensemble import Ensemble, RunStore, load_result
from hyosan.ensemble.store import parse_ranges, ranges
from hyosan.errors import HyosanError
from hyosan.scenario import load_scenario

HYOSAN = [
    sys.executable,
    "-c",
    # Ctrl-C raises KeyboardInterrupt as in a terminal, even where the test itself was started
    # with SIGINT ignored (a background job of a non-interactive shell inherits that)
    "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from hyosan.cli import main; sys.exit(main())",
]


def chunks_done(run: Path) -> int:
    base = run / "chunks"
    if not base.is_dir():
        return 0
    return sum(1 for p in base.iterdir() if p.is_dir() and not p.name.startswith("."))


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_killed_run_resumes_to_the_uninterrupted_store(
    tmp_path: Path,
    make_szr: Callable[..., Path],
    chunks_listed: Callable[[Path], int],
    how: signal.Signals,
) -> None:
    scenario = make_szr(tmp_path, n=200_000)
    run = tmp_path / "run"
    command = [*HYOSAN, "run", str(scenario), "--takes", "60", "--out", str(run)]
    command += ["--backend", "serial", "--no-progress", "--no-plot"]
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # the first chunk holds one take and sizes the next to last about a second, so a kill sent
    # as soon as the manifest lists the first chunk always lands while the run is still going
    deadline = time.monotonic() + 60
    while chunks_listed(run) < 1 and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.01)
    os.kill(child.pid, how)
    code = child.wait()
    assert code == (130 if how == signal.SIGINT else -signal.SIGKILL)
    manifest = json.loads((run / "manifest.json").read_text())
    assert manifest["status"] == "running"
    partial = RunStore.read(run).done
    assert 0 < len(partial) < 60, "the kill must land partway through the run"

    again = subprocess.run(command, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    resumed = load_result(run)
    fresh = Ensemble.of(load_scenario(scenario), 60).run(backend="serial")
    assert resumed.takes == list(range(1, 61))
    assert resumed.series.equals(fresh.series)
    assert resumed.final.equals(fresh.final)
    assert json.loads((run / "manifest.json").read_text())["status"] == "complete"
    assert (run / "summary" / "bands.parquet").is_file()


def test_interrupted_chunk_leftovers_are_cleaned_and_redone(tmp_path: Path, szr: Path) -> None:
    scenario = load_scenario(szr)
    run = tmp_path / "run"
    Ensemble.of(scenario, 6).run(backend="serial", store=run, max_chunk=2)
    # a chunk half-written when the power went, and a chunk whose Parquet is truncated
    (run / "chunks" / ".tmp-takes-000007-000008-999").mkdir()
    victim = sorted((run / "chunks").iterdir())[1]
    (victim / "final.parquet").write_bytes(b"PAR1 truncated")
    result = Ensemble.of(scenario, 8).run(backend="serial", store=run)
    assert result.takes == list(range(1, 9))
    assert not (run / "chunks" / ".tmp-takes-000007-000008-999").exists()
    assert (run / "chunks" / f".corrupt-{victim.name}").is_dir(), "set aside, not deleted"
    fresh = Ensemble.of(scenario, 8).run(backend="serial")
    assert result.series.equals(fresh.series)


def test_other_scenario_or_seed_in_the_same_directory_is_refused(tmp_path: Path, szr: Path) -> None:
    run = tmp_path / "run"
    Ensemble.of(load_scenario(szr), 3).run(backend="serial", store=run)
    other = load_scenario(szr, ["beta=0.0002"])
    with pytest.raises(HyosanError, match="different scenario"):
        Ensemble.of(other, 3).run(backend="serial", store=run)
    with pytest.raises(HyosanError, match="another seed"):
        Ensemble.of(load_scenario(szr), 3, seed=5).run(backend="serial", store=run)
    assert RunStore.read(run).done == {1, 2, 3}, "no finished take lost"


def test_more_takes_extend_a_run_and_keep_the_first(tmp_path: Path, szr: Path) -> None:
    scenario = load_scenario(szr)
    run = tmp_path / "run"
    Ensemble.of(scenario, 4).run(backend="serial", store=run)
    first = sorted((run / "chunks").iterdir())
    stamps = {p.name: p.stat().st_mtime_ns for p in first}
    result = Ensemble.of(scenario, 9).run(backend="serial", store=run)
    assert result.takes == list(range(1, 10))
    for p in first:
        assert p.stat().st_mtime_ns == stamps[p.name], "finished chunks are not rewritten"
    assert RunStore.read(run).requested == list(range(1, 10))


def test_corrupt_manifest_is_a_clear_error_and_keeps_the_takes(tmp_path: Path, szr: Path) -> None:
    scenario = load_scenario(szr)
    run = tmp_path / "run"
    Ensemble.of(scenario, 3).run(backend="serial", store=run)
    (run / "manifest.json").write_text('{"format": 1, "seed": ')
    with pytest.raises(HyosanError, match=r"manifest.json.*corrupt manifest \(line 1"):
        load_result(run)
    with pytest.raises(HyosanError, match="untouched"):
        Ensemble.of(scenario, 5).run(backend="serial", store=run)
    assert chunks_done(run) >= 1


def test_a_newer_manifest_or_result_is_refused(tmp_path: Path, szr: Path) -> None:
    run = tmp_path / "run"
    Ensemble.of(load_scenario(szr), 2).run(backend="serial", store=run)
    for file in (run / "manifest.json", next((run / "chunks").iterdir()) / "result.json"):
        kept = file.read_bytes()
        facts = json.loads(kept)
        facts["format"] = 99
        file.write_text(json.dumps(facts))
        with pytest.raises(HyosanError, match=r"format: written by a newer hyosan.*99.*≤"):
            load_result(run)
        file.write_bytes(kept)
    assert load_result(run).takes == [1, 2]


def test_corrupt_chunk_is_a_clear_error_when_reading(tmp_path: Path, szr: Path) -> None:
    run = tmp_path / "run"
    Ensemble.of(load_scenario(szr), 4).run(backend="serial", store=run, max_chunk=2)
    victim = sorted((run / "chunks").iterdir())[-1]
    (victim / "result.json").write_text("{")
    with pytest.raises(HyosanError, match=f"corrupt chunk {victim.name}.*run the same"):
        load_result(run)


def test_not_a_run_directory(tmp_path: Path) -> None:
    with pytest.raises(HyosanError, match="neither a run directory"):
        load_result(tmp_path)
    with pytest.raises(HyosanError, match="no such directory"):
        load_result(tmp_path / "nowhere")


def test_plain_result_directory_loads(tmp_path: Path, szr: Path) -> None:
    result = Ensemble.of(load_scenario(szr), 2).run(backend="serial")
    back = load_result(result.to_parquet(tmp_path / "plain"))
    assert back.final.equals(result.final)


def test_second_writer_is_refused(tmp_path: Path, szr: Path) -> None:
    scenario = load_scenario(szr)
    with (
        RunStore.open(tmp_path / "run", scenario, 1),
        pytest.raises(HyosanError, match="another hyosan process"),
    ):
        RunStore.open(tmp_path / "run", scenario, 1)


def test_ranges_round_trip() -> None:
    takes = [1, 2, 3, 5, 7, 8, 9, 10, 40]
    assert ranges(takes) == "1-3,5,7-10,40"
    assert parse_ranges(ranges(takes)) == takes


def test_a_results_arrays_come_back_exactly(tmp_path: Path) -> None:
    """The frames a building take records are written compressed and read back bit for bit:
    same names, shapes, dtypes and values."""
    import numpy as np

    import hyosan

    result = hyosan.simulate(
        "hyosan-high",
        takes=2,
        overrides=["building.duration='2 h'", "building.frame_every='5 min'"],
    )
    assert result.arrays and all(a.size > 0 for a in result.arrays.values())
    result.to_parquet(tmp_path / "result")
    back = load_result(tmp_path / "result")
    assert set(back.arrays) == set(result.arrays)
    for name, array in result.arrays.items():
        assert back.arrays[name].dtype == array.dtype, name
        np.testing.assert_array_equal(back.arrays[name], array, err_msg=name)
