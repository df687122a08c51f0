"""Result: what every engine returns, for one take or many.

Every table is tidy and carries a ``take`` column, so the results of many takes (or of many
workers) concatenate into one Result without losing which take said what:

- ``series``: ``take, t`` and one column per state (counts over time);
- ``final``: one row per take, the state at the end;
- ``tables``: named extra tables (``events``, ``fates``, ``tree``, ``rooms`` …);
- ``arrays``: named NumPy arrays (grid snapshots, floor plans) with a leading take axis;
- ``provenance``: scenario, seed, versions; ``meta``: engine-specific facts (units, labels);
- ``warnings``: what the user must know about a take (a log cut short …), kept as the
  ``warnings`` table (``take, warning``) so it travels with the takes it speaks of.

A result saved with :meth:`Result.to_parquet` is a directory any tool can read.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from hyosan.errors import HyosanError
from hyosan.files import read_json, write_whole

if TYPE_CHECKING:
    from matplotlib.axes import Axes

FORMAT_VERSION = 1
RESULT_FILE = "result.json"
WARNINGS = "warnings"
"""The table of warnings: ``take, warning``."""


@dataclass
class Result:
    """Time series, final state, extra tables and provenance of one or more takes."""

    engine: str
    series: pd.DataFrame
    final: pd.DataFrame
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    arrays: dict[str, np.ndarray] = field(default_factory=dict)
    provenance: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def states(self) -> list[str]:
        """Names of the state columns of ``series``."""
        return [c for c in self.series.columns if c not in ("take", "t")]

    @property
    def warnings(self) -> list[str]:
        """What the user must know about these takes, one line each (``take k: …``)."""
        table = self.tables.get(WARNINGS)
        if table is None:
            return []
        return [
            f"take {int(k)}: {text}"
            for k, text in zip(table["take"], table["warning"], strict=True)
        ]

    def warn(self, take: int, text: str) -> None:
        """Record a warning about take ``take`` (shown by the CLI, kept with the take)."""
        row = pd.DataFrame({"take": [int(take)], "warning": [str(text)]})
        old = self.tables.get(WARNINGS)
        self.tables[WARNINGS] = row if old is None else pd.concat([old, row], ignore_index=True)

    @property
    def takes(self) -> list[int]:
        """The take numbers this result holds, in order."""
        return sorted(int(k) for k in self.final["take"].unique())

    def take(self, k: int) -> Result:
        """The result of take ``k`` alone."""
        if k not in self.takes:
            raise HyosanError.one(
                "no such take", where="take", value=k, allowed=f"one of {self.takes}"
            )

        def pick(df: pd.DataFrame) -> pd.DataFrame:
            return df[df["take"] == k].reset_index(drop=True) if "take" in df else df

        index = self.takes.index(k)
        return Result(
            engine=self.engine,
            series=pick(self.series),
            final=pick(self.final),
            tables={name: pick(df) for name, df in self.tables.items()},
            arrays={name: a[index : index + 1] for name, a in self.arrays.items()},
            provenance=dict(self.provenance),
            meta=dict(self.meta),
        )

    @classmethod
    def concat(cls, results: Sequence[Result]) -> Result:
        """Join results of different takes of the same scenario, ordered by take."""
        if not results:
            raise ValueError("nothing to concatenate")
        ordered = sorted(results, key=lambda r: min(r.takes))
        first = ordered[0]

        def join(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
            return pd.concat(list(frames), ignore_index=True)

        names = list(dict.fromkeys(n for r in ordered for n in r.tables))
        arrays = {
            n: np.concatenate([r.arrays[n] for r in ordered if n in r.arrays]) for n in first.arrays
        }
        return cls(
            engine=first.engine,
            series=join(r.series for r in ordered),
            final=join(r.final for r in ordered),
            tables={n: join(r.tables[n] for r in ordered if n in r.tables) for n in names},
            arrays=arrays,
            provenance=dict(first.provenance),
            meta=dict(first.meta),
        )

    def to_pandas(self) -> pd.DataFrame:
        """The time series as a pandas table (``take, t, states…``)."""
        return self.series.copy()

    def to_parquet(self, path: str | Path) -> Path:
        """Write the result to directory ``path`` (Parquet tables, JSON facts, NPZ arrays).

        Each file is written to a temporary name and renamed, so a reader never sees half a file.
        CSV copies are made on request only (``hyosan export RUN --format csv``).
        """
        out = Path(path)
        refuse_a_file(out, "a directory or a new path")
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise HyosanError.one(
                f"cannot make the directory ({exc.strerror or exc})",
                source=str(out),
                allowed="a path in a directory you can write to",
            ) from None
        frames = {"series": self.series, "final": self.final, **self.tables}
        for name, df in frames.items():
            write_whole(out / f"{name}.parquet", partial(df.to_parquet, index=False))
        if self.arrays:
            write_whole(out / "arrays.npz", lambda p: _save_npz(p, self.arrays))
        write_facts(out, self.engine, sorted(self.tables), sorted(self.arrays), self)
        return out

    @classmethod
    def from_parquet(cls, path: str | Path) -> Result:
        """Read a result written by :meth:`to_parquet`."""
        where = Path(path)
        facts_file = where / RESULT_FILE
        if not facts_file.exists():
            raise HyosanError.one(
                f"not a result directory: {RESULT_FILE} is missing",
                source=str(where),
                allowed="a directory written by Result.to_parquet or `hyosan run --out`",
            )
        facts = read_json(facts_file, what=RESULT_FILE, allowed="a result directory")
        refuse_newer(facts, FORMAT_VERSION, facts_file)

        def read(name: str) -> pd.DataFrame:
            file = where / f"{name}.parquet"
            if not file.is_file():
                raise HyosanError.one("table missing from result", source=str(file))
            return pd.read_parquet(file)

        arrays: dict[str, np.ndarray] = {}
        if facts.get("arrays"):
            with np.load(where / "arrays.npz") as data:
                arrays = {k: data[k] for k in data.files}
        return cls(
            engine=facts["engine"],
            series=read("series"),
            final=read("final"),
            tables={n: read(n) for n in facts.get("tables", [])},
            arrays=arrays,
            provenance=facts.get("provenance", {}),
            meta=facts.get("meta", {}),
        )

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """A quick look at the curves: one take's, or the median, quartile and 5–95 % bands
        and a few takes drawn thin; takes that split in two outcome classes (an outbreak or
        none) get a panel each with their share (:func:`hyosan.report.plots.plot_series`)."""
        from hyosan.report.plots import plot_series

        return plot_series(self, ax=ax, **kwargs)

    def __repr__(self) -> str:
        name = self.provenance.get("scenario", "?")
        takes = self.takes
        span = f"{len(takes)} takes" if len(takes) != 1 else f"take {takes[0]}"
        count = len(self.warnings)
        said = f", {count} warning{'s' if count != 1 else ''}" if count else ""
        return f"Result({self.engine}, {name!r}, {span}, states={self.states}{said})"


def refuse_a_file(path: Path, allowed: str) -> None:
    """Refuse ``path`` as a directory to write in when a file is there."""
    if path.exists() and not path.is_dir():
        raise HyosanError.one("a file, not a directory", source=str(path), allowed=allowed)


def refuse_newer(facts: dict[str, Any], supported: int, source: Path) -> None:
    """Raise when ``facts["format"]`` is above ``supported``: a newer hyosan wrote the file, and
    this version could misread what it added."""
    if facts.get("format", 0) > supported:
        raise HyosanError.one(
            "written by a newer hyosan",
            source=str(source),
            where="format",
            value=facts.get("format"),
            allowed=f"format ≤ {supported}",
        )


def write_facts(
    out: Path, engine: str, tables: list[str], arrays: list[str], source: Result
) -> None:
    """Write ``result.json``: what a result directory holds, with ``source``'s provenance and
    meta (shared by :meth:`Result.to_parquet` and the chunk-by-chunk combining of a run)."""
    facts = {
        "format": FORMAT_VERSION,
        "engine": engine,
        "tables": tables,
        "arrays": arrays,
        "provenance": source.provenance,
        "meta": source.meta,
    }
    text = json.dumps(facts, indent=2, default=_jsonable)
    write_whole(out / RESULT_FILE, lambda p: p.write_text(text))


NPZ_LEVEL = 1
"""zlib level of a result's arrays: level 1 writes a take's frames about 8 times faster than
``np.savez_compressed`` (level 6) for files about a quarter larger; ``np.load`` reads both."""


def _save_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """The arrays as ``np.savez_compressed`` lays them out (``NAME.npy`` in a zip), at
    ``NPZ_LEVEL``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=NPZ_LEVEL) as archive:
        for name, array in arrays.items():
            with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, np.asanyarray(array), allow_pickle=False)


def _jsonable(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
