"""The unit of work every backend runs: one chunk of takes through the scenario's engine.

It lives in a module of its own, importable by name, so worker processes (local or Dask) can
unpickle it without importing the command line.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection

from hyosan.engines import engine_for
from hyosan.errors import HyosanError, Problem
from hyosan.result import Result
from hyosan.scenario import Scenario


@dataclass
class Done:
    """A finished chunk: its takes, its Result and the seconds it took on the worker."""

    takes: list[int]
    result: Result
    seconds: float


@dataclass
class Failed:
    """A chunk whose engine raised a user-facing error (carried back, not re-raised)."""

    takes: list[int]
    problems: list[Problem]
    source: str | None

    def error(self) -> HyosanError:
        return HyosanError(self.problems, self.source)


def run_chunk(scenario: Scenario, takes: list[int], seed: int) -> Done | Failed:
    """Run ``takes`` of ``scenario`` with run seed ``seed`` through the scenario's engine."""
    start = time.perf_counter()
    try:
        result = engine_for(scenario.engine).simulate(scenario, takes, seed)
    except HyosanError as exc:
        return Failed(list(takes), exc.problems, exc.source)
    return Done(list(takes), result, time.perf_counter() - start)


@dataclass
class Raised:
    """A chunk whose engine raised an unexpected exception (a bug, not a user's mistake)."""

    takes: list[int]
    error: BaseException
    trace: str


PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 0.25


def serve(conn: Connection, parent: int) -> None:
    """A worker process's loop: receive (scenario, takes, seed), send back the outcome.

    ``parent`` is the pid of the process that started this one (the forkserver, or the main
    process under spawn; 0: its parent when it starts). The worker ends when its connection closes, when it is sent None, and
    also when that parent goes away, so no worker outlives a killed run.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    _die_with_parent(parent or os.getppid())
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            outcome: Done | Failed | Raised = run_chunk(*task)
        except Exception as exc:
            outcome = Raised(list(task[1]), exc, traceback.format_exc())
        try:
            conn.send(outcome)
        except (pickle.PicklingError, TypeError, AttributeError) as exc:
            conn.send(Raised(list(task[1]), RuntimeError(str(exc)), traceback.format_exc()))
        except OSError:
            return


def _die_with_parent(parent: int) -> None:
    """End this process soon after ``parent`` ends: at once on Linux (the kernel sends SIGKILL),
    within a quarter second elsewhere (a thread watches the parent pid)."""
    _let_forkserver_go()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no libc prctl
            pass
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="hyosan-parent-watch", daemon=True).start()


def _let_forkserver_go() -> None:
    """Close this worker's copy of the forkserver's lifeline.

    The forkserver exits when every process holding that pipe is gone; each child inherits a
    copy, so a forkserver whose main process was killed would live as long as its workers, and
    they as long as it. Without the copy the forkserver ends with the main process, and the
    workers (whose parent it is) end with the forkserver.
    """
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    fd = getattr(server, "_forkserver_alive_fd", None)
    if isinstance(fd, int) and fd > 2 and multiprocessing.parent_process() is not None:
        with contextlib.suppress(OSError):
            os.close(fd)
        server._forkserver_alive_fd = None  # type: ignore[union-attr]
