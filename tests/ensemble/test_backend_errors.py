"""Failing backends (an unreachable scheduler, a dead worker, a script whose workers start it
again) are clear errors that keep every finished take."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from hyosan.ensemble import Ensemble, RunStore
from hyosan.ensemble.backends import ProcessBackend
from hyosan.errors import HyosanError
from hyosan.scenario import load_scenario


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_scheduler_is_a_clear_error(tmp_path: Path, szr: Path) -> None:
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    scenario = load_scenario(szr)
    run = tmp_path / "run"
    Ensemble.of(scenario, 3).run(backend="serial", store=run)
    address = f"tcp://127.0.0.1:{free_port()}"
    with pytest.raises(HyosanError, match=r"--scheduler: cannot reach the Dask scheduler"):
        Ensemble.of(scenario, 6).run(backend="dask", scheduler=address, store=run)
    assert RunStore.read(run).done == {1, 2, 3}


def test_unknown_backend_and_cluster(szr: Path) -> None:
    ensemble = Ensemble.of(load_scenario(szr), 2)
    with pytest.raises(HyosanError, match="unknown backend.*allowed: auto, serial"):
        ensemble.run(backend="threads")
    with pytest.raises(HyosanError, match="unknown cluster kind"):
        ensemble.run(backend="dask", cluster="kubernetes")
    for backend in ("serial", "processes"):
        with pytest.raises(HyosanError, match=f"need the dask backend, not {backend}"):
            ensemble.run(backend=backend, cluster="local")


@pytest.mark.parametrize("workers", [0, -1, 2.5, "2", True, 1025, 10**6])
def test_a_bad_number_of_workers_is_refused_before_any_starts(szr: Path, workers: object) -> None:
    """As on the command line (1 to 1,024), whatever the backend: a million would start a
    process per chunk, and "auto" staying in this process used to let any number pass."""
    ensemble = Ensemble.of(load_scenario(szr), 4)
    for backend in ("processes", "auto", "serial"):
        with pytest.raises(HyosanError, match="^--workers: not a number of workers.*1 to 1,024"):
            ensemble.run(backend=backend, workers=workers)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "chunking",
    [
        {"chunk_seconds": 0},
        {"chunk_seconds": float("nan")},
        {"chunk_seconds": float("inf")},
        {"chunk_seconds": "2"},
        {"max_chunk": 0},
        {"max_chunk": 2.5},
    ],
)
def test_bad_chunking_is_refused_before_the_store_is_opened(
    tmp_path: Path, szr: Path, chunking: dict[str, object]
) -> None:
    """NaN and infinity used to fail deep in the chunk sizing (ValueError, OverflowError), a
    fractional size in slicing; zero was taken silently."""
    ensemble = Ensemble.of(load_scenario(szr), 4)
    (name,) = chunking
    with pytest.raises(HyosanError, match=f"^{name}: not a "):
        ensemble.run(backend="serial", store=tmp_path / "run", **chunking)  # type: ignore[arg-type]
    assert not (tmp_path / "run").exists()


def test_a_dead_worker_is_a_clear_error_and_keeps_finished_takes(
    tmp_path: Path, make_szr: Callable[..., Path]
) -> None:
    scenario = load_scenario(make_szr(tmp_path, n=200_000))
    run = tmp_path / "run"
    Ensemble.of(scenario, 2).run(backend="serial", store=run)
    backend = ProcessBackend(1, scenario.engine, retries=0)
    try:
        backend.submit(scenario, [3], scenario.seed)
        pid = backend.pids()[0]
        os.kill(pid, signal.SIGKILL)
        with pytest.raises(HyosanError, match="a worker process died"):
            Ensemble.of(scenario, 6).run(backend=backend, store=run)
    finally:
        backend.close()
    assert {1, 2} <= RunStore.read(run).done


def test_a_cluster_slow_to_shut_down_does_not_fail_a_finished_run(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Under a heavy load Dask's LocalCluster may time out while closing, after every take is
    back: the run must not fail then."""
    from hyosan.ensemble.backends import DaskBackend

    class Stalls:
        closed = False

        def close(self) -> None:
            Stalls.closed = True
            raise TimeoutError("scheduler did not answer")

    class Closes:
        closed = False

        def close(self) -> None:
            Closes.closed = True

    backend = DaskBackend.__new__(DaskBackend)
    backend._client, backend._cluster = Stalls(), Closes()
    backend.close()
    assert Stalls.closed and Closes.closed, "the cluster is closed even when the client stalls"
    assert "slow to shut down (TimeoutError)" in capsys.readouterr().err


SCRIPT = """
from hyosan.ensemble import Ensemble
from hyosan.scenario import load_scenario

{guard}
{i}scenario = load_scenario({scenario!r})
{i}Ensemble.of(scenario, 4).run(backend={backend!r}, workers=1)
{i}print("finished")
"""


def run_script(tmp_path: Path, name: str, text: str) -> subprocess.CompletedProcess[str]:
    """Run ``text`` as the file ``name``: workers import a script run from a file."""
    script = tmp_path / name
    script.write_text(text)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=120
    )


@pytest.mark.parametrize(
    ("backend", "told"),
    [
        ("processes", "this script starts the ensemble again in each one"),
        ("dask", "the local Dask cluster could not start its worker processes"),
    ],
)
def test_a_script_without_the_main_guard_is_told_so(
    tmp_path: Path, make_szr: Callable[..., Path], backend: str, told: str
) -> None:
    """Worker processes import the script that started them. One that starts an ensemble when
    imported gets one error naming the guard it lacks, not workers dying over and over with
    their tracebacks (and "killed, or out of memory"); the same script guarded runs."""
    if backend == "dask":
        pytest.importorskip("distributed", reason="the dask extra is not installed")
    scenario = str(make_szr(tmp_path))
    text = SCRIPT.format(guard="", i="", backend=backend, scenario=scenario)
    bare = run_script(tmp_path, "bare.py", text)
    assert bare.returncode == 1
    last = bare.stderr.strip().splitlines()[-1]
    assert told in last
    assert 'work under if __name__ == "__main__":' in last
    assert "out of memory" not in bare.stderr
    assert bare.stderr.count("Traceback") == 1  # the script's own: no worker printed one
    guard = 'if __name__ == "__main__":'
    text = SCRIPT.format(guard=guard, i="    ", backend=backend, scenario=scenario)
    good = run_script(tmp_path, "guarded.py", text)
    assert good.returncode == 0, good.stderr
    assert good.stdout.strip() == "finished"
