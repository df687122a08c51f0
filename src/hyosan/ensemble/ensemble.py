"""An ensemble: many takes of one scenario, run on a backend, kept in a run store.

Take k always draws from ``SeedSequence(seed, spawn_key=(k,))`` (see :mod:`hyosan.seeding`), so
the result of a take is the same alone or among thousands, on one core or a cluster. Chunks of
takes are sized as the run goes: the first are small (one take), later ones aim at about
``chunk_seconds`` of work, so checkpoints stay frequent and per-chunk costs stay small.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from hyosan.engines import resolve
from hyosan.ensemble.backends import Backend, cores, make_backend
from hyosan.ensemble.store import RunStore
from hyosan.ensemble.work import Done, run_chunk
from hyosan.result import Result
from hyosan.scenario import Scenario

AUTO_SERIAL_SECONDS = 2.0
"""With ``backend="auto"``, work estimated under this many seconds stays in this process:
starting worker processes costs about a second."""

Progress = Callable[[int, int], None]
"""Called with (takes finished, takes to do) after each chunk."""


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
        processes on all cores, unless the first takes show the whole run is quick.

        Without a store the Result is built in memory. With one, each finished chunk is written
        at once, so an interrupted run loses at most the chunks in flight.
        """
        own_store = isinstance(store, (str, Path))
        opened = (
            RunStore.open(Path(store), self.scenario, self.seed)
            if isinstance(store, (str, Path))
            else store
        )
        if isinstance(store, RunStore):
            store.check(self.scenario, self.seed)
        try:
            todo = self.takes if opened is None else opened.missing(self.takes)
            if opened is not None:
                opened.request(self.takes)
            parts = self._compute(
                todo,
                backend,
                workers=workers,
                scheduler=scheduler,
                cluster=cluster,
                store=opened,
                chunk_seconds=chunk_seconds,
                max_chunk=max_chunk,
                progress=progress,
            )
            if opened is not None:
                opened.finish()
                return opened.load(self.takes)
            return Result.concat(parts)
        except SystemError as exc:
            # Ctrl-C inside a Numba kernel surfaces as a SystemError caused by the interrupt
            if _caused_by_interrupt(exc):
                raise KeyboardInterrupt from None
            raise
        finally:
            if own_store and opened is not None:
                opened.close()

    def _compute(
        self,
        todo: list[int],
        backend: str | Backend,
        *,
        workers: int | None,
        scheduler: str | None,
        cluster: str | None,
        store: RunStore | None,
        chunk_seconds: float,
        max_chunk: int | None,
        progress: Progress | None,
    ) -> list[Result]:
        total, finished = len(todo), 0
        if backend == "auto" and (scheduler is not None or cluster is not None):
            backend = "dask"
        if progress is not None:
            progress(0, total)
        if not todo:
            return []
        parts: list[Result] = []
        sizer_seed: list[tuple[int, float]] = []
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
        for takes, seconds in sizer_seed:
            sizer.record(takes, seconds)
        queue = list(todo)
        try:
            while queue or runner.pending():
                while queue and runner.pending() < 2 * runner.workers:
                    size = sizer.next_size(len(queue))
                    chunk, queue = queue[:size], queue[size:]
                    runner.submit(self.scenario, chunk, self.seed)
                outcome = runner.next_done()
                if not isinstance(outcome, Done):
                    raise outcome.error()
                sizer.record(len(outcome.takes), outcome.seconds)
                if store is not None:
                    store.add(outcome.result, outcome.seconds)
                else:
                    parts.append(outcome.result)
                finished += len(outcome.takes)
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
    ) -> tuple[str, list[int], list[tuple[int, float]]]:
        """Run the first two takes here, then choose: stay serial if the rest is quick
        (under :data:`AUTO_SERIAL_SECONDS`), else start local processes."""
        timings: list[tuple[int, float]] = []
        for take in todo[:2]:
            outcome = run_chunk(self.scenario, [take], self.seed)
            if not isinstance(outcome, Done):
                raise outcome.error()
            timings.append((1, outcome.seconds))
            if store is not None:
                store.add(outcome.result, outcome.seconds)
            else:
                parts.append(outcome.result)
        rest = todo[2:]
        estimate = timings[-1][1] * len(rest)
        single = (workers or cores()) == 1
        choice = "serial" if single or estimate < AUTO_SERIAL_SECONDS else "processes"
        return choice, rest, timings[-1:]


def _caused_by_interrupt(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class ChunkSizer:
    """Chooses how many takes go in the next chunk from the time takes have taken so far."""

    def __init__(self, workers: int, seconds: float, cap: int | None = None) -> None:
        self.workers = workers
        self.seconds = seconds
        self.cap = cap
        self._takes = 0
        self._time = 0.0

    def record(self, takes: int, seconds: float) -> None:
        self._takes += takes
        self._time += seconds

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
        return max(1, size)


def run_ensemble(
    scenario: Scenario | str | Path,
    takes: int | Sequence[int] | None = None,
    seed: int | None = None,
    **options: object,
) -> Result:
    """Shortcut: ``Ensemble.of(scenario, takes, seed).run(**options)``."""
    return Ensemble.of(scenario, takes, seed).run(**options)  # type: ignore[arg-type]
