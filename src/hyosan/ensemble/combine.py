"""Combining a run's chunks into one result directory, one chunk at a time.

A run of a million takes holds two hundred million rows of series: far more than memory. The
combined tables are therefore written as Parquet row groups chunk by chunk, the bands over time
are accumulated as the chunks pass (:class:`~hyosan.ensemble.summary.BandsAccumulator`), and
only the small tables (one row per take: ``final``; the ``fates`` of the named characters; the
``warnings`` the user must see) are kept whole. Memory stays that of one chunk, whatever the number of takes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from hyosan.ensemble.store import CHUNKS, RunStore
from hyosan.ensemble.summary import BandsAccumulator
from hyosan.files import read_json, replacing, write_whole
from hyosan.result import RESULT_FILE, WARNINGS, Result, _save_npz, write_facts

KEPT = ("final", "fates", WARNINGS)
"""Tables kept in memory for the summaries and the warnings printed after a run: about one row
per take (or per agent and take)."""


@dataclass
class Combined:
    """What combining a run gives back: its result without the series, and the bands."""

    result: Result
    bands: pd.DataFrame


def combine(store: RunStore, out: str | Path) -> Combined:
    """Write the combined tables, arrays and ``result.json`` of every stored take into ``out``.

    Returns a :class:`Result` holding ``final`` and the kept tables (its ``series`` is empty,
    with the series' columns), and the bands of every state over all takes.
    """
    where = Path(out)
    chunks = [
        store.path / CHUNKS / name
        for name, _ in sorted(store.chunks.items(), key=lambda kv: min(kv[1]))
    ]
    facts = [read_json(c / RESULT_FILE, what=RESULT_FILE, allowed="a whole chunk") for c in chunks]
    names = list(dict.fromkeys(n for f in facts for n in f.get("tables", [])))
    header = pq.read_schema(chunks[0] / "series.parquet").empty_table().to_pandas()
    accumulator = BandsAccumulator([c for c in header.columns if c not in ("take", "t")])
    kept: dict[str, pd.DataFrame] = {}
    for name in ["series", "final", *names]:
        files = [c / f"{name}.parquet" for c in chunks if (c / f"{name}.parquet").is_file()]
        feed = accumulator if name == "series" else None
        table = _stream(files, where / f"{name}.parquet", feed, keep=name in KEPT)
        if name in KEPT:
            kept[name] = table
    arrays = _arrays(chunks, facts)
    if arrays:
        write_whole(where / "arrays.npz", lambda p: _save_npz(p, arrays))
    first = facts[0]
    result = Result(
        engine=first["engine"],
        series=header,
        final=kept["final"],
        tables={n: kept[n] for n in names if n in kept},
        provenance=first.get("provenance", {}),
        meta=first.get("meta", {}),
    )
    write_facts(where, result.engine, sorted(names), sorted(arrays), result)
    return Combined(result, accumulator.table())


def _stream(
    files: list[Path], target: Path, accumulator: BandsAccumulator | None, *, keep: bool
) -> pd.DataFrame:
    """Copy the tables of ``files`` (in order) into one Parquet file, a row group per chunk.

    The series is fed to ``accumulator``; with ``keep`` the whole table is returned too.
    """
    schemas = [pq.read_schema(f) for f in files]
    schema = pa.unify_schemas(schemas, promote_options="permissive")
    parts: list[pd.DataFrame] = []
    with replacing(target) as tmp, pq.ParquetWriter(tmp, schema) as writer:
        for file in files:
            table = pq.read_table(file).cast(schema)
            writer.write_table(table)
            if accumulator is not None:
                wanted = ("take", "t", *accumulator.states)
                accumulator.add_columns({c: table.column(c).to_numpy() for c in wanted})
            if keep:
                parts.append(table.to_pandas())
    if not keep:
        return schema.empty_table().to_pandas()
    return pd.concat(parts, ignore_index=True) if parts else schema.empty_table().to_pandas()


def _arrays(chunks: list[Path], facts: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    """The chunks' arrays joined along the take axis (lattice snapshots: few takes)."""
    names = facts[0].get("arrays", [])
    if not names:
        return {}
    parts: dict[str, list[np.ndarray]] = {n: [] for n in names}
    for chunk, fact in zip(chunks, facts, strict=True):
        if not fact.get("arrays"):
            continue
        with np.load(chunk / "arrays.npz") as data:
            for n in names:
                if n in data.files:
                    parts[n].append(data[n])
    return {n: np.concatenate(p) for n, p in parts.items() if p}
