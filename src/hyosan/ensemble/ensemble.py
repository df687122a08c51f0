"""An ensemble: many takes of one scenario, run on a backend, kept in a run store.

Take k always draws from ``SeedSequence(seed, spawn_key=(k,))`` (see :mod:`hyosan.seeding`), so
the result of a take is the same alone or among thousands, on one core or a cluster. Chunks of
takes are sized as the run goes: the first are small (one take), later ones aim at about
``chunk_seconds`` of work, so checkpoints stay frequent and per-chunk costs stay small, and hold
at most :data:`MAX_CHUNK_ROWS` rows of series, so memory stays bounded however many takes run.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hyosan.engines import resolve
from hyosan.ensemble.backends import Backend, cores, end_if_importing_main, make_backend
from hyosan.ensemble.store import RunStore
from hyosan.ensemble.work import Done, run_chunk
from hyosan.errors import HyosanError, Interrupted
from hyosan.result import Result
from hyosan.scenario import Scenario
from hyosan.scenario.limits import MAX_TAKES, MAX_WORKERS, checked_whole

AUTO_SERIAL_SECONDS = 2.0
"""With ``backend="auto"``, work estimated under this many seconds stays in this process:
starting worker processes costs about a second."""

PROBE_SECONDS = 1.0
"""With ``backend="auto"``, growing chunks run here for up to about this long (after the first
take, which may include compiling) to measure the pace of a take before choosing the backend:
no longer than starting worker processes would cost."""

PROBE_GROWTH = 8
"""Each probing chunk holds up to this many times the takes of the one before."""

MAX_CHUNK_ROWS = 250_000
"""A chunk holds at most this many rows of series (about 10 MB for three states): a chunk's
tables, its Parquet copy and its pass through the bands cost a few times that at their peak,
and per-chunk costs are still small beside 250,000 rows (10,000 SSA takes: 83 MiB less peak
memory than with a million rows, for about 5 % more CPU time and the same wall time)."""

Progress = Callable[[int, int], None]
"""Called with (takes finished, takes to do) after each chunk."""


def check_options(workers: object, chunk_seconds: object, max_chunk: object) -> None:
    """``workers`` (a whole number, 1 to MAX_WORKERS, or None) and chunks of about
    ``chunk_seconds`` of work (a number of seconds above 0, finite) of at most ``max_chunk``
    takes (a whole number from 1, or None), refused before any work, whatever the backend."""
    if workers is not None:
        checked_whole(workers, 1, MAX_WORKERS, where="--workers", what="a number of workers")
    seconds = isinstance(chunk_seconds, (int, float)) and not isinstance(chunk_seconds, bool)
    if not seconds or not 0 < chunk_seconds < math.inf:  # type: ignore[operator]
        raise HyosanError.one(
            "not a length of chunk",
            where="chunk_seconds",
            value=chunk_seconds,
            allowed="seconds, a number above 0",
        )
    if max_chunk is not None:
        checked_whole(max_chunk, 1, MAX_TAKES, where="max_chunk", what="a size of chunk")


@dataclass
class Ensemble:
    """N takes of a scenario under one run seed."""

    scenario: Scenario
    takes: list[int]
    seed: int

    @classmethod
    def of(
        cls,
        scenario: Scenario | str | Path,
        takes: int | Sequence[int] | None = None,
        seed: int | None = None,
        overrides: list[str] | None = None,
    ) -> Ensemble:
        """An ensemble of a scenario (object, file, shipped name or catalog model).

        ``takes`` is a count (takes 1..n) or a list of take numbers; defaults come from the
        scenario.
        """
        return cls(*resolve(scenario, takes, seed, overrides))

    def run(
        self,
        *,
        backend: str | Backend = "auto",
        workers: int | None = None,
        scheduler: str | None = None,
        cluster: str | None = None,
        store: RunStore | str | Path | None = None,
        chunk_seconds: float = 2.0,
        max_chunk: int | None = None,
        progress: Progress | None = None,
    ) -> Result:
        """Run the takes not yet in ``store`` and return the Result of all of them.

        ``backend`` is "serial", "processes", "dask", a :class:`Backend`, or "auto": local
        processes on all cores, unless the first takes show the whole run is quick. Takes go
        to the backend in chunks of about ``chunk_seconds`` of work, at most ``max_chunk``
        takes each (whatever the chunks, the takes are the same).

        Without a store the Result is built in memory. With one, each finished chunk is written
        at once, so an interrupted run loses at most the chunks in flight. To run more takes
        than memory holds, use :meth:`fill`, which does not gather them.
        """
        check_options(workers, chunk_seconds, max_chunk)
        options: dict[str, Any] = {
            "backend": backend,
            "workers": workers,
            "scheduler": scheduler,
            "cluster": cluster,
            "chunk_seconds": chunk_seconds,
            "max_chunk": max_chunk,
            "progress": progress,
        }
        if store is None:
            return Result.concat(_interruptible(lambda: self._compute(self.takes, **options)))
        if isinstance(store, RunStore):
            self.fill(store, **options)
            return store.load(self.takes)
        with RunStore.open(Path(store), self.scenario, self.seed) as opened:
            self.fill(opened, **options)
            return opened.load(self.takes)

    def fill(
        self,
        store: RunStore,
        *,
        backend: str | Backend = "auto",
        workers: int | None = None,
        scheduler: str | None = None,
        cluster: str | None = None,
        chunk_seconds: float = 2.0,
        max_chunk: int | None = None,
        progress: Progress | None = None,
    ) -> None:
        """Run the takes not yet in ``store`` into it, chunk by chunk, without gathering them.

        Memory stays that of the chunks in flight however many takes run; read the takes back
        with :meth:`RunStore.load` or combine them with :func:`hyosan.ensemble.combine.combine`.
        """
        check_options(workers, chunk_seconds, max_chunk)
        store.check(self.scenario, self.seed)
        todo = store.missing(self.takes)
        store.request(self.takes)
        _interruptible(
            lambda: self._compute(
                todo,
                backend,
                workers=workers,
                scheduler=scheduler,
                cluster=cluster,
                store=store,
                chunk_seconds=chunk_seconds,
                max_chunk=max_chunk,
                progress=progress,
            )
        )
        store.finish()

    def _compute(
        self,
        todo: list[int],
        backend: str | Backend,
        *,
        workers: int | None,
        scheduler: str | None,
        cluster: str | None,
        store: RunStore | None = None,
        chunk_seconds: float,
        max_chunk: int | None,
        progress: Progress | None,
    ) -> list[Result]:
        total, finished = len(todo), 0
        if backend == "auto" and (scheduler is not None or cluster is not None):
            backend = "dask"
        if backend in ("auto", "processes", "dask"):
            end_if_importing_main()
        if progress is not None:
            progress(0, total)
        if not todo:
            return []
        parts: list[Result] = []
        sizer_seed: list[tuple[int, float, int]] = []
        if backend == "auto":
            backend, todo, sizer_seed = self._probe(todo, store, parts, workers)
            finished = total - len(todo)
            if progress is not None:
                progress(finished, total)
            if not todo:
                return parts
        runner = (
            make_backend(
                backend,
                workers=workers,
                scheduler=scheduler,
                cluster=cluster,
                engine=self.scenario.engine,
            )
            if isinstance(backend, str)
            else backend
        )
        sizer = ChunkSizer(runner.workers, chunk_seconds, max_chunk)
        for takes, seconds, rows in sizer_seed:
            sizer.record(takes, seconds, rows)
        sent = 0  # todo[sent:] is still to submit (slicing it off would copy it every chunk)
        try:
            while sent < len(todo) or runner.pending():
                while sent < len(todo) and runner.pending() < 2 * runner.workers:
                    size = sizer.next_size(len(todo) - sent)
                    chunk, sent = todo[sent : sent + size], sent + size
                    runner.submit(self.scenario, chunk, self.seed)
                outcome = runner.next_done()
                if not isinstance(outcome, Done):
                    raise outcome.error()
                sizer.record(len(outcome.takes), outcome.seconds, len(outcome.result.series))
                if store is not None:
                    store.add(outcome.result, outcome.seconds)
                else:
                    parts.append(outcome.result)
                finished += len(outcome.takes)
                del outcome  # a stored chunk is not held while the next one runs
                if progress is not None:
                    progress(finished, total)
        finally:
            if isinstance(backend, str):
                runner.close()
        return parts

    def _probe(
        self,
        todo: list[int],
        store: RunStore | None,
        parts: list[Result],
        workers: int | None,
    ) -> tuple[str, list[int], list[tuple[int, float, int]]]:
        """Run chunks of 1, 1, 8, 64 … takes here, then choose: stay serial if the rest is quick
        at the last chunk's pace (under :data:`AUTO_SERIAL_SECONDS`), else start processes.

        The first take may include compiling; the chunks after it grow (each at most what the
        last one's pace fits in the time left) until they have taken :data:`PROBE_SECONDS`, so
        that a chunk's fixed cost (building its tables) does not pass for the takes' pace.
        """
        sizer = ChunkSizer(1, PROBE_SECONDS)
        last: tuple[int, float, int] = (1, 0.0, 0)
        size, spent, done, estimate = 1, 0.0, 0, math.inf
        while done < len(todo):
            chunk = todo[done : done + sizer.cap_rows(size)]
            outcome = run_chunk(self.scenario, chunk, self.seed)
            if not isinstance(outcome, Done):
                raise outcome.error()
            last = (len(chunk), outcome.seconds, len(outcome.result.series))
            sizer.record(*last)
            if store is not None:
                store.add(outcome.result, outcome.seconds)
            else:
                parts.append(outcome.result)
            done += len(chunk)
            estimate = outcome.seconds / len(chunk) * (len(todo) - done)
            if done > 1:
                spent += outcome.seconds
                if estimate < AUTO_SERIAL_SECONDS or spent >= PROBE_SECONDS:
                    break
                fits = (PROBE_SECONDS - spent) / max(outcome.seconds / len(chunk), 1e-9)
                size = max(1, min(size * PROBE_GROWTH, int(fits)))
        single = (workers or cores()) == 1
        choice = "serial" if single or estimate < AUTO_SERIAL_SECONDS else "processes"
        return choice, todo[done:], [last]


def _interruptible(work: Callable[[], list[Result]]) -> list[Result]:
    """Run ``work``; Ctrl-C inside a Numba kernel surfaces as a SystemError caused by the
    interrupt, and is raised as the KeyboardInterrupt it is."""
    try:
        return work()
    except SystemError as exc:
        interrupt = _interrupt_in(exc)
        if interrupt is not None:
            raise interrupt from None
        raise


def _interrupt_in(exc: BaseException) -> BaseException | None:
    """The KeyboardInterrupt or :class:`Interrupted` that caused ``exc``, if one did."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, (KeyboardInterrupt, Interrupted)):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


class ChunkSizer:
    """Chooses how many takes go in the next chunk from the time takes have taken so far, and
    caps it at :data:`MAX_CHUNK_ROWS` rows of series."""

    def __init__(self, workers: int, seconds: float, cap: int | None = None) -> None:
        self.workers = workers
        self.seconds = seconds
        self.cap = cap
        self._takes = 0
        self._time = 0.0
        self._rows = 0

    def record(self, takes: int, seconds: float, rows: int = 0) -> None:
        self._takes += takes
        self._time += seconds
        self._rows += rows

    def cap_rows(self, size: int) -> int:
        """``size``, or fewer takes if that many would exceed :data:`MAX_CHUNK_ROWS` rows."""
        if self._takes == 0 or self._rows == 0:
            return size
        per_take = self._rows / self._takes
        return max(1, min(size, int(MAX_CHUNK_ROWS / per_take)))

    def next_size(self, remaining: int) -> int:
        if self._takes == 0:
            size = 1
        else:
            per_take = max(self._time / self._takes, 1e-6)
            size = max(1, int(self.seconds / per_take))
        fair = math.ceil(remaining / self.workers)
        size = min(size, fair, remaining)
        if self.cap is not None:
            size = min(size, self.cap)
        return self.cap_rows(max(1, size))


def run_ensemble(
    scenario: Scenario | str | Path,
    takes: int | Sequence[int] | None = None,
    seed: int | None = None,
    **options: object,
) -> Result:
    """Shortcut: ``Ensemble.of(scenario, takes, seed).run(**options)``."""
    return Ensemble.of(scenario, takes, seed).run(**options)  # type: ignore[arg-type]
