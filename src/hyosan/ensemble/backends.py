"""Where takes run: in this process, in local worker processes, or on a Dask cluster.

Every backend has the same small surface: :meth:`submit` a chunk of takes, :meth:`next_done`
to receive whichever chunk finished first, :meth:`close`. Results never depend on the backend:
each take draws only from its own seed, so chunking, order and worker count change nothing.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Literal, Protocol

from hyosan.engines import ENGINES
from hyosan.ensemble.work import Done, Failed, run_chunk
from hyosan.errors import HyosanError
from hyosan.scenario import Scenario

BackendName = Literal["auto", "serial", "processes", "dask"]
BACKENDS: tuple[str, ...] = ("auto", "serial", "processes", "dask")


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


class ProcessBackend:
    """Local worker processes (forkserver on Linux, spawn elsewhere; never a bare fork,
    which is unsafe once Numba or BLAS threads exist)."""

    def __init__(self, workers: int | None = None, engine: str | None = None) -> None:
        self.workers = workers or cores()
        method = "forkserver" if sys.platform.startswith("linux") else "spawn"
        context = multiprocessing.get_context(method)
        if method == "forkserver":
            preload = ["hyosan.ensemble.work"]
            if engine in ENGINES:
                preload.append(ENGINES[engine])
            context.set_forkserver_preload(preload)
        self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        self._futures: set[Future[Done | Failed]] = set()

    def submit(self, scenario: Scenario, takes: list[int], seed: int) -> None:
        try:
            self._futures.add(self._pool.submit(run_chunk, scenario, takes, seed))
        except BrokenProcessPool:
            raise _worker_died() from None

    def next_done(self) -> Done | Failed:
        done, _ = wait(self._futures, return_when=FIRST_COMPLETED)
        future = min(done, key=lambda f: min(_takes_of(f)))
        self._futures.discard(future)
        try:
            return future.result()
        except BrokenProcessPool:
            raise _worker_died() from None

    def pending(self) -> int:
        return len(self._futures)

    def close(self) -> None:
        for future in self._futures:
            future.cancel()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._futures.clear()


def _worker_died() -> HyosanError:
    return HyosanError.one(
        "a worker process died (killed, or out of memory); the finished takes are kept",
        where="--backend",
        value="processes",
        allowed="run the same command again to finish, perhaps with fewer --workers",
    )


def _takes_of(future: Future[Done | Failed]) -> list[int]:
    if future.exception() is not None:
        return [0]
    return future.result().takes


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

            self._cluster = LocalCluster(
                n_workers=workers or cores(),
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
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
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_backend(
    name: str,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    cluster: str | None = None,
    engine: str | None = None,
) -> Backend:
    """The backend called ``name``; ``--scheduler``/``--cluster`` imply Dask."""
    if name not in BACKENDS:
        raise HyosanError.one(
            "unknown backend", where="--backend", value=name, allowed=", ".join(BACKENDS)
        )
    if workers is not None and workers < 1:
        raise HyosanError.one("need at least one worker", where="--workers", value=workers)
    if name == "serial":
        return SerialBackend()
    if name in ("processes", "auto"):
        return ProcessBackend(workers, engine)
    return DaskBackend(scheduler, cluster, workers)
