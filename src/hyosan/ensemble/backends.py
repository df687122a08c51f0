"""Where takes run: in this process, in local worker processes, or on a Dask cluster.

Every backend has the same small surface: :meth:`submit` a chunk of takes, :meth:`next_done`
to receive whichever chunk finished first, :meth:`close`. Results never depend on the backend:
each take draws only from its own seed, so chunking, order and worker count change nothing.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import sys
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Literal, Protocol

from hyosan.engines import ENGINES
from hyosan.ensemble.store import ranges
from hyosan.ensemble.work import Done, Failed, Raised, run_chunk, serve
from hyosan.errors import HyosanError
from hyosan.scenario import Scenario
from hyosan.scenario.limits import MAX_WORKERS, checked_whole

BackendName = Literal["auto", "serial", "processes", "dask"]
BACKENDS: tuple[str, ...] = ("auto", "serial", "processes", "dask")

UNGUARDED = 86
"""A worker's exit code when importing the script that started it started an ensemble."""


def cores() -> int:
    """CPU cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class Backend(Protocol):
    """Runs chunks of takes and hands them back as they finish."""

    workers: int

    def submit(self, scenario: Scenario, takes: list[int], seed: int) -> None: ...

    def next_done(self) -> Done | Failed: ...

    def pending(self) -> int: ...

    def close(self) -> None: ...


def end_if_importing_main() -> None:
    """End this process with :data:`UNGUARDED` when it is a worker still importing the script
    that started it (as forkserver and spawn workers do) and that script starts an ensemble.

    The script has no ``if __name__ == "__main__":`` guard, so every worker would start workers
    of its own and die of it; the main process reports it in those words instead.
    """
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        os._exit(UNGUARDED)


class SerialBackend:
    """Runs each chunk in this process, when it is asked for."""

    def __init__(self) -> None:
        self.workers = 1
        self._queue: deque[tuple[Scenario, list[int], int]] = deque()

    def submit(self, scenario: Scenario, takes: list[int], seed: int) -> None:
        self._queue.append((scenario, takes, seed))

    def next_done(self) -> Done | Failed:
        return run_chunk(*self._queue.popleft())

    def pending(self) -> int:
        return len(self._queue)

    def close(self) -> None:
        self._queue.clear()


@dataclass
class _Worker:
    """One worker process, its own connection, and the chunk it is running (if any)."""

    process: Any
    conn: Connection
    task: tuple[Scenario, list[int], int] | None = None


class ProcessBackend:
    """Local worker processes (forkserver on Linux, spawn elsewhere; never a bare fork,
    which is unsafe once Numba or BLAS threads exist).

    Each worker has a pipe of its own, so a worker that dies, even halfway through sending its
    result, is seen at once (its pipe ends, its process sentinel fires) and never leaves the
    run waiting: its chunk is run again on a fresh worker (``retries`` times), then reported.
    Workers end when the main process does, however it ends.
    """

    def __init__(
        self, workers: int | None = None, engine: str | None = None, retries: int = 1
    ) -> None:
        end_if_importing_main()
        self.workers = workers or cores()
        self.retries = retries
        method = "forkserver" if sys.platform.startswith("linux") else "spawn"
        self._context = multiprocessing.get_context(method)
        if method == "forkserver":
            preload = ["hyosan.ensemble.work"]
            if engine in ENGINES:
                preload.append(ENGINES[engine])
            self._context.set_forkserver_preload(preload)
        self._parent = 0
        self._pool: list[_Worker] = []
        self._queue: deque[tuple[Scenario, list[int], int]] = deque()
        self._ready: list[Done | Failed | Raised] = []
        self._deaths: dict[tuple[int, ...], int] = {}

    def submit(self, scenario: Scenario, takes: list[int], seed: int) -> None:
        self._queue.append((scenario, list(takes), seed))
        self._feed()

    def next_done(self) -> Done | Failed:
        while not self._ready:
            busy = [w for w in self._pool if w.task is not None]
            if not busy:
                raise RuntimeError("next_done: no chunk was submitted")
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
            for worker in busy:
                if worker.conn in ready or worker.process.sentinel in ready:
                    self._collect(worker)
            self._feed()
        outcome = min(self._ready, key=lambda o: min(o.takes))
        self._ready.remove(outcome)
        if isinstance(outcome, Raised):
            raise outcome.error from RuntimeError(f"in a worker process:\n{outcome.trace}")
        return outcome

    def pending(self) -> int:
        busy = sum(1 for w in self._pool if w.task is not None)
        return len(self._queue) + busy + len(self._ready)

    def pids(self) -> list[int]:
        """Process ids of the live workers."""
        return [w.process.pid for w in self._pool if w.process.is_alive()]

    def close(self) -> None:
        for worker in self._pool:
            if worker.task is None:
                with contextlib.suppress(OSError):
                    worker.conn.send(None)
            else:
                worker.process.kill()
        for worker in self._pool:
            worker.process.join(timeout=2)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(timeout=2)
            worker.conn.close()
        self._pool.clear()
        self._queue.clear()
        self._ready.clear()

    def _feed(self) -> None:
        """Hand queued chunks to idle workers, starting workers up to the allowed number."""
        while self._queue:
            idle = next((w for w in self._pool if w.task is None), None)
            if idle is None and len(self._pool) < self.workers:
                idle = self._start()
            if idle is None:
                return
            task = self._queue.popleft()
            idle.task = task
            try:
                idle.conn.send(task)
            except OSError:
                self._lost(idle)

    def _start(self) -> _Worker:
        if not self._parent:
            self._parent = _spawner_pid(self._context)
        ours, theirs = self._context.Pipe(duplex=True)
        process = self._context.Process(  # type: ignore[attr-defined]
            target=serve, args=(theirs, self._parent), name="hyosan-worker", daemon=True
        )
        process.start()
        theirs.close()  # the worker's end lives only in the worker: its death ends the pipe
        worker = _Worker(process, ours)
        self._pool.append(worker)
        return worker

    def _collect(self, worker: _Worker) -> None:
        """Receive a worker's outcome, or notice that it died."""
        try:
            if not worker.conn.poll():
                raise EOFError
            outcome = worker.conn.recv()
        except (EOFError, OSError, pickle.UnpicklingError):
            self._lost(worker)
            return
        worker.task = None
        self._ready.append(outcome)

    def _lost(self, worker: _Worker) -> None:
        """A worker died: run its chunk again on a fresh one, or report it after ``retries``."""
        task = worker.task
        worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()
        self._pool.remove(worker)
        if task is None:
            return
        key = tuple(task[1])
        self._deaths[key] = self._deaths.get(key, 0) + 1
        if worker.process.exitcode == UNGUARDED:
            raise _unguarded_script() from None
        if self._deaths[key] > self.retries:
            raise _worker_died(task[1], worker.process.exitcode) from None
        self._queue.appendleft(task)


def _spawner_pid(context: Any) -> int:
    """The pid that will be the parent of new workers: the forkserver's, or this process's
    (0 when unknown: the worker then watches whichever parent it starts with)."""
    if context.get_start_method() != "forkserver":
        return os.getpid()
    from multiprocessing import forkserver

    forkserver.ensure_running()
    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
    return int(pid) if isinstance(pid, int) else 0


def _worker_died(takes: list[int], exitcode: int | None) -> HyosanError:
    how = f"signal {-exitcode}" if exitcode is not None and exitcode < 0 else f"exit {exitcode}"
    return HyosanError.one(
        f"a worker process died ({how}: killed, or out of memory) running takes "
        f"{ranges(takes)}; the finished takes are kept",
        where="--backend",
        value="processes",
        allowed="run the same command again to finish, perhaps with fewer --workers",
    )


def _unguarded_script() -> HyosanError:
    main = getattr(sys.modules["__main__"], "__file__", None) or "the main script"
    return HyosanError.one(
        "worker processes import the script that started them, and this script starts the "
        "ensemble again in each one",
        where="--backend",
        value="processes",
        source=str(main),
        allowed='its work under if __name__ == "__main__": (docs/ensembles.md), '
        'or backend="serial"',
    )


class DaskBackend:
    """A Dask distributed cluster: an existing scheduler, or a LocalCluster started here."""

    def __init__(
        self,
        scheduler: str | None = None,
        cluster: str | None = None,
        workers: int | None = None,
        timeout: float = 5.0,
    ) -> None:
        try:
            from distributed import Client, LocalCluster, as_completed
        except ImportError:
            raise HyosanError.one(
                "the Dask backend needs dask.distributed",
                where="--backend",
                value="dask",
                allowed="pip install 'hyosan[dask]', or --backend processes",
            ) from None
        self._cluster: Any = None
        if scheduler is None and cluster is None:
            cluster = "local"
        if cluster is not None and cluster != "local":
            raise HyosanError.one(
                "unknown cluster kind", where="--cluster", value=cluster, allowed="local"
            )
        if scheduler is not None:
            try:
                self._client: Any = Client(scheduler, timeout=timeout, set_as_default=False)
            except (OSError, TimeoutError, ValueError) as exc:
                raise HyosanError.one(
                    f"cannot reach the Dask scheduler ({type(exc).__name__}: {exc})",
                    where="--scheduler",
                    value=scheduler,
                    allowed="the tcp://host:port address a running `dask scheduler` prints, "
                    "or --cluster local",
                ) from None
        else:
            import logging

            try:
                self._cluster = LocalCluster(
                    n_workers=workers or cores(),
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            except RuntimeError as exc:
                raise HyosanError.one(
                    f"the local Dask cluster could not start its worker processes ({exc})",
                    where="--cluster",
                    value="local",
                    allowed='a script\'s work under if __name__ == "__main__": (its workers '
                    "import the script), or --backend processes",
                ) from None
            self._client = Client(self._cluster, set_as_default=False)
        info = self._client.scheduler_info()
        self.workers = max(1, sum(w.get("nthreads", 1) for w in info["workers"].values()))
        self._completed = as_completed(loop=self._client.loop)
        self._count = 0

    def submit(self, scenario: Scenario, takes: list[int], seed: int) -> None:
        future = self._client.submit(run_chunk, scenario, takes, seed, pure=False)
        self._completed.add(future)
        self._count += 1

    def next_done(self) -> Done | Failed:
        future = next(self._completed)
        self._count -= 1
        result: Done | Failed = future.result()
        return result

    def pending(self) -> int:
        return self._count

    def close(self) -> None:
        """Close the client and a cluster started here. Every take is in hand by now, so a
        shutdown that times out (a busy machine stalls the scheduler) is said on stderr, never
        a failure of the run."""
        for part in (self._client, self._cluster):
            if part is None:
                continue
            try:
                part.close()
            except (TimeoutError, OSError) as exc:
                print(
                    f"note: the Dask cluster was slow to shut down ({type(exc).__name__}); "
                    "every take is stored",
                    file=sys.stderr,
                )


def check_backend(name: str, *, scheduler: str | None = None, cluster: str | None = None) -> None:
    """A known backend, and a scheduler or cluster only for Dask (or "auto", which they turn
    into Dask): asked of a serial or process backend they would be ignored."""
    if name not in BACKENDS:
        raise HyosanError.one(
            "unknown backend", where="--backend", value=name, allowed=", ".join(BACKENDS)
        )
    if name in ("serial", "processes") and (scheduler or cluster):
        raise HyosanError.one(
            f"--scheduler and --cluster need the dask backend, not {name}",
            where="--backend",
            value=name,
            allowed="dask (or leave --backend out)",
        )


def make_backend(
    name: str,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    cluster: str | None = None,
    engine: str | None = None,
) -> Backend:
    """The backend called ``name``; ``--scheduler``/``--cluster`` imply Dask."""
    check_backend(name, scheduler=scheduler, cluster=cluster)
    if workers is not None:
        checked_whole(workers, 1, MAX_WORKERS, where="--workers", what="a number of workers")
    if name == "serial":
        return SerialBackend()
    if name in ("processes", "auto"):
        return ProcessBackend(workers, engine)
    return DaskBackend(scheduler, cluster, workers)
