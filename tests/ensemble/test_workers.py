"""Workers under stress: one killed halfway through sending its result never hangs the run, and
no worker, forkserver or resource tracker outlives a main process killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import psutil
import pytest

from hyosan.ensemble import Ensemble, RunStore
from hyosan.ensemble.backends import ProcessBackend
from hyosan.ensemble.work import Done, Failed
from hyosan.errors import HyosanError
from hyosan.scenario import load_scenario

BOUND = 120.0  # seconds: far above the few the take needs, far below "forever"


def big_result_scenario(make_szr: Callable[..., Path], tmp_path: Path) -> Path:
    """Takes whose pickled result (about 2 MB) is far larger than a pipe's 64 KiB buffer."""
    file = make_szr(tmp_path)
    file.write_text(file.read_text().replace("points = 41", "points = 20001"))
    return file


def within(seconds: float, call: Callable[[], Done | Failed]) -> Done | Failed | BaseException:
    """``call()`` on a thread: its answer, its exception, or a failure if it took too long."""
    box: list[Done | Failed | BaseException] = []

    def run() -> None:
        try:
            box.append(call())
        except BaseException as exc:
            box.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"next_done still waiting after {seconds} s"
    return box[0]


def kill_mid_send(backend: ProcessBackend) -> None:
    """Wait until the worker has started sending (we do not read, so it blocks with the pipe
    full and the rest of its message unsent), then kill it."""
    worker = backend._pool[0]
    assert worker.conn.poll(60), "the worker never started sending"
    time.sleep(0.3)
    assert worker.process.is_alive(), "the message fitted in the pipe: not a mid-send kill"
    os.kill(worker.process.pid, signal.SIGKILL)


@pytest.mark.parametrize("attempt", range(3))
def test_worker_killed_mid_send_is_redone(
    tmp_path: Path, make_szr: Callable[..., Path], attempt: int
) -> None:
    scenario = load_scenario(big_result_scenario(make_szr, tmp_path))
    takes = [1 + attempt, 2 + attempt]
    serial = Ensemble(scenario, takes, scenario.seed).run(backend="serial")
    backend = ProcessBackend(1, scenario.engine)
    try:
        backend.submit(scenario, takes, scenario.seed)
        kill_mid_send(backend)
        outcome = within(BOUND, backend.next_done)
    finally:
        backend.close()
    assert isinstance(outcome, Done), outcome
    assert outcome.takes == takes
    assert outcome.result.series.equals(serial.series)
    assert outcome.result.final.equals(serial.final)


def test_worker_killed_mid_send_past_its_retries_is_a_clear_error(
    tmp_path: Path, make_szr: Callable[..., Path]
) -> None:
    scenario = load_scenario(big_result_scenario(make_szr, tmp_path))
    backend = ProcessBackend(1, scenario.engine, retries=0)
    try:
        backend.submit(scenario, [4, 5], scenario.seed)
        kill_mid_send(backend)
        outcome = within(BOUND, backend.next_done)
    finally:
        backend.close()
    assert isinstance(outcome, HyosanError)
    assert "a worker process died (signal 9" in str(outcome) and "takes 4-5" in str(outcome)


ORPHAN_RUN = """
import sys
from hyosan.ensemble import Ensemble, RunStore
from hyosan.scenario import load_scenario
scenario = load_scenario(sys.argv[1])
Ensemble(scenario, list(range(1, 25)), scenario.seed).run(
    backend="processes", workers=2, store=sys.argv[2], chunk_seconds=60.0
)
"""


@pytest.mark.slow
def test_no_process_outlives_a_killed_main_process_and_the_run_resumes(
    tmp_path: Path, make_szr: Callable[..., Path], chunks_listed: Callable[[Path], int]
) -> None:
    scenario = make_szr(tmp_path, n=1_000_000)
    run = tmp_path / "run"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    main = subprocess.Popen(
        [sys.executable, "-c", ORPHAN_RUN, str(scenario), str(run)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    parent = psutil.Process(main.pid)
    deadline = time.monotonic() + 60
    family: list[psutil.Process] = []
    while time.monotonic() < deadline:
        family = parent.children(recursive=True)
        workers = [p for p in family if "serve" in " ".join(_cmdline(p)) or _is_worker(p)]
        if len(workers) >= 2 and main.poll() is None:
            break
        time.sleep(0.1)
    assert len(family) >= 3, f"expected a forkserver and two workers, saw {family}"
    # the first chunk holds one take and sizes the rest to fill the two workers for seconds, so
    # a kill sent as soon as the manifest lists it lands while both are busy
    while chunks_listed(run) < 1 and time.monotonic() < deadline and main.poll() is None:
        time.sleep(0.01)
    family = parent.children(recursive=True)
    os.kill(main.pid, signal.SIGKILL)
    main.wait()
    deadline = time.monotonic() + 5.0
    alive = family
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = [p for p in family if _running(p)]
    names = [(p.pid, _cmdline(p)) for p in alive]
    for p in alive:
        p.kill()
    assert alive == [], f"outlived the main process by 5 s: {names}"

    assert len(RunStore.read(run).done) < 24, "the kill must land before the run ends"
    loaded = load_scenario(scenario)
    takes = list(range(1, 25))
    resumed = Ensemble(loaded, takes, loaded.seed).run(backend="processes", workers=2, store=run)
    fresh = Ensemble(loaded, takes, loaded.seed).run(backend="serial")
    assert resumed.takes == takes
    for table in ("series", "final"):  # the same rows, exactly; chunking may order them apart
        got, want = (_in_order(getattr(r, table)) for r in (resumed, fresh))
        pd.testing.assert_frame_equal(got, want, check_exact=True)


def _in_order(table: pd.DataFrame) -> pd.DataFrame:
    keys = [c for c in ("take", "t") if c in table]
    return table.sort_values(keys, kind="stable").reset_index(drop=True)


def _running(p: psutil.Process) -> bool:
    """Alive and not a zombie (a zombie has ended; only its exit status waits to be read)."""
    try:
        return p.is_running() and p.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _cmdline(p: psutil.Process) -> list[str]:
    try:
        return p.cmdline()
    except psutil.Error:
        return []


def _is_worker(p: psutil.Process) -> bool:
    try:
        return (
            p.parent() is not None
            and p.parent().pid != os.getpid()
            and "forkserver" in " ".join(_cmdline(p.parent()))
        )
    except psutil.Error:
        return False
