"""Parameter sweeps: a grid or a Latin hypercube over named parameters, each point an ensemble.

Parameters are named as for ``--set`` (``beta``, ``compartmental.initial.S`` …). Every point
runs the same take numbers under the same run seed — common random numbers — so two points
differ by their parameters, not by luck. Each point is a run directory of its own
(``point-0001/`` …), so a sweep resumes like a run; the tidy table ``sweep.parquet`` holds one
row per point and take.
"""

from __future__ import annotations

import itertools
import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from hyosan.ensemble.backends import Backend, make_backend
from hyosan.ensemble.ensemble import Ensemble, Progress
from hyosan.ensemble.store import RunStore
from hyosan.errors import HyosanError
from hyosan.files import read_json, write_whole
from hyosan.scenario import Scenario, load_scenario

POINT_COLUMN = "point"


def parse_grid(spec: str) -> tuple[str, list[float]]:
    """``name=start:stop:count`` (evenly spaced, ends included) or ``name=v1,v2,…``."""
    name, values = _split(spec, "--grid", "beta=0.001:0.01:10 or beta=0.1,0.2,0.5")
    parts = values.split(":")
    try:
        if len(parts) == 3:
            start, stop, count = float(parts[0]), float(parts[1]), int(parts[2])
            if count < 1:
                raise ValueError
            return name, [float(v) for v in np.linspace(start, stop, count)]
        if len(parts) == 1:
            return name, [float(v) for v in values.split(",") if v.strip()]
    except ValueError:
        pass
    raise HyosanError.one(
        "a grid axis is start:stop:count or a list of numbers",
        where="--grid",
        value=spec,
        allowed="e.g. beta=0.001:0.01:10 or beta=0.1,0.2,0.5",
    )


def parse_range(spec: str) -> tuple[str, float, float]:
    """``name=low:high`` for a Latin hypercube."""
    name, values = _split(spec, "--range", "beta=0.001:0.01")
    parts = values.split(":")
    try:
        if len(parts) == 2:
            low, high = float(parts[0]), float(parts[1])
            if low < high:
                return name, low, high
    except ValueError:
        pass
    raise HyosanError.one(
        "a range is low:high with low < high",
        where="--range",
        value=spec,
        allowed="e.g. beta=0.001:0.01",
    )


def _split(spec: str, option: str, example: str) -> tuple[str, str]:
    name, sep, values = spec.partition("=")
    if not sep or not name.strip() or not values.strip():
        raise HyosanError.one(
            "needs a parameter name and values", where=option, value=spec, allowed=example
        )
    return name.strip(), values.strip()


def grid_points(axes: Sequence[tuple[str, list[float]]]) -> pd.DataFrame:
    """Every combination of the axes' values: ``point`` and one column per parameter."""
    names = [name for name, _ in axes]
    _unique(names, "--grid")
    rows = list(itertools.product(*(values for _, values in axes)))
    table = pd.DataFrame(rows, columns=names)
    table.insert(0, POINT_COLUMN, np.arange(1, len(table) + 1))
    return table


def lhs_points(ranges: Sequence[tuple[str, float, float]], n: int, seed: int) -> pd.DataFrame:
    """``n`` points of a Latin hypercube (scipy.stats.qmc) over the ranges, seeded."""
    from scipy.stats import qmc

    if n < 1:
        raise HyosanError.one("need at least one point", where="--lhs", value=n)
    if not ranges:
        raise HyosanError.one(
            "a Latin hypercube needs ranges", where="--range", allowed="e.g. --range beta=0.1:1"
        )
    names = [name for name, _, _ in ranges]
    _unique(names, "--range")
    sampler = qmc.LatinHypercube(d=len(ranges), rng=np.random.default_rng(seed))
    unit = sampler.random(n)
    scaled = qmc.scale(unit, [lo for _, lo, _ in ranges], [hi for _, _, hi in ranges])
    table = pd.DataFrame(scaled, columns=names)
    table.insert(0, POINT_COLUMN, np.arange(1, n + 1))
    return table


def _unique(names: list[str], option: str) -> None:
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise HyosanError.one("a parameter is swept twice", where=option, value=", ".join(twice))


def point_overrides(point: pd.Series, names: Sequence[str]) -> list[str]:
    """``--set`` overrides of one point."""
    return [f"{name}={float(point[name])!r}" for name in names]


def check_names(target: str | Path, overrides: list[str], points: pd.DataFrame) -> None:
    """Refuse a swept name the scenario does not have, before anything runs."""
    names = [c for c in points.columns if c != POINT_COLUMN]
    first = points.iloc[0]
    for name in names:
        try:
            load_scenario(target, [*overrides, *point_overrides(first, [name])])
        except HyosanError as exc:
            reason = "; ".join(p.message for p in exc.problems)
            allowed = "; ".join(p.allowed for p in exc.problems if p.allowed)
            raise HyosanError.one(
                f"cannot sweep {name!r}: {reason}",
                where="sweep parameter",
                value=name,
                allowed=allowed or "the keys --set accepts for this scenario",
            ) from None


def run_sweep(
    target: str | Path,
    points: pd.DataFrame,
    out: str | Path,
    *,
    overrides: list[str] | None = None,
    takes: int | None = None,
    seed: int | None = None,
    backend: str | Backend = "auto",
    workers: int | None = None,
    scheduler: str | None = None,
    cluster: str | None = None,
    progress: Progress | None = None,
    force: bool = False,
) -> pd.DataFrame:
    """Run an ensemble at every point; returns (and writes) the tidy table of final states.

    The same sweep again resumes; a different one (points, target, overrides, takes or seed)
    in a directory holding a sweep is refused unless ``force``, which replaces it.
    """
    base = list(overrides or [])
    check_names(target, base, points)
    names = [c for c in points.columns if c != POINT_COLUMN]
    scenarios: list[Scenario] = [
        load_scenario(target, [*base, *point_overrides(row, names)]) for _, row in points.iterrows()
    ]
    ensembles = [Ensemble.of(s, takes, seed) for s in scenarios]  # bad takes or seed: refused
    root = Path(out)  # before the sweep is written down
    root.mkdir(parents=True, exist_ok=True)
    _write_points(root, points, target, base, takes, seed, force)
    per_point = len(ensembles[0].takes)
    total = per_point * len(ensembles)
    runner: Backend | None = None
    if isinstance(backend, str):
        if backend == "auto":
            backend = "dask" if (scheduler or cluster) else "processes"
        runner = make_backend(
            backend,
            workers=workers,
            scheduler=scheduler,
            cluster=cluster,
            engine=scenarios[0].engine,
        )
    use = runner if runner is not None else backend
    assert not isinstance(use, str)
    frames = []
    try:
        for i, ensemble in enumerate(ensembles):
            done_before = i * per_point

            def step(done: int, _total: int, offset: int = done_before) -> None:
                if progress is not None:
                    progress(offset + done, total)

            with RunStore.open(root / f"point-{i + 1:04d}", ensemble.scenario, ensemble.seed) as st:
                result = ensemble.run(backend=use, store=st, progress=step)
            final = result.final.copy()
            for name in names:
                final.insert(0, name, points.iloc[i][name])
            final.insert(0, POINT_COLUMN, int(points.iloc[i][POINT_COLUMN]))
            frames.append(final)
    finally:
        if runner is not None:
            runner.close()
    tidy = pd.concat(frames, ignore_index=True)
    write_whole(root / "sweep.parquet", lambda tmp: tidy.to_parquet(tmp, index=False))
    return tidy


def _write_points(
    root: Path,
    points: pd.DataFrame,
    target: str | Path,
    overrides: list[str],
    takes: int | None,
    seed: int | None,
    force: bool = False,
) -> None:
    file = root / "points.csv"
    tmp = root / ".points.csv.tmp"
    points.to_csv(tmp, index=False)
    facts = {"target": str(target), "overrides": overrides, "takes": takes, "seed": seed}
    earlier = _earlier_sweep(root, tmp, facts)
    if earlier and force:
        _remove_sweep(root)
    elif earlier:
        tmp.unlink()
        raise HyosanError.one(
            f"this directory holds an earlier sweep with other {earlier}",
            source=str(root),
            where="--out",
            allowed="the same sweep again (it resumes), --force to replace it, "
            "or another --out directory",
        )
    tmp.replace(file)
    write_whole(root / "sweep.json", lambda tmp: tmp.write_text(json.dumps(facts, indent=2)))


def _earlier_sweep(root: Path, points: Path, facts: dict[str, Any]) -> str:
    """What differs between the sweep in ``root`` (if any) and this one; empty if the same."""
    differs = []
    file = root / "points.csv"
    if file.is_file() and file.read_bytes() != points.read_bytes():
        differs.append("points")
    try:
        before = read_json(root / "sweep.json", what="sweep.json", allowed="a sweep's facts")
    except HyosanError:
        before = {} if (root / "sweep.json").exists() else None
    if before is not None:
        old = before if isinstance(before, dict) else {}
        differs += [key for key in facts if old.get(key) != facts[key]]
    elif (root / "sweep.parquet").exists() or any(root.glob("point-*")):
        differs.append("settings (no sweep.json)")
    return ", ".join(differs)


def _remove_sweep(root: Path) -> None:
    """Delete what a sweep wrote in ``root`` (point run directories, tables, facts)."""
    for point in root.glob("point-*"):
        if point.is_dir() and (point / "manifest.json").is_file():
            shutil.rmtree(point)
    for name in ("points.csv", "sweep.json", "sweep.parquet", "sweep.csv"):
        (root / name).unlink(missing_ok=True)
