"""A run's tables as CSV, on request: ``hyosan export RUN --format csv``.

The run store keeps Parquet only (a 10,000-take series is 0.7 MB as Parquet, 38 MB as CSV, and
writing the CSV took longer than the run). Exporting copies each table batch by batch, so a run
of any size exports in the memory of one batch.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from hyosan.ensemble.store import CHUNKS, MANIFEST, RunStore
from hyosan.errors import HyosanError
from hyosan.files import input_file, read_json, replacing
from hyosan.result import RESULT_FILE

SWEEP = "sweep.parquet"


def export_csv(run: str | Path, out: str | Path) -> list[Path]:
    """Write every table of a run or result directory as ``out/NAME.csv``; returns the files.

    A run directory's combined tables are used when they are there (a finished run), else its
    chunks in take order; the summary tables go to ``out/summary/``.
    """
    root = Path(run)
    sources = _tables(root)
    where = Path(out)
    written = []
    for name, files in sources.items():
        target = where / f"{name}.csv"
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_csv(files, target)
        written.append(target)
    return written


def _tables(root: Path) -> dict[str, list[Path]]:
    """Table name -> the Parquet files that hold it, in take order."""
    if (root / RESULT_FILE).exists():
        facts = read_json(root / RESULT_FILE, what=RESULT_FILE, allowed="a result directory")
        names = ["series", "final", *facts.get("tables", [])]
        files = {n: root / f"{n}.parquet" for n in names}
        found = {n: [input_file(f, what="table")] for n, f in files.items() if f.exists()}
    elif (root / SWEEP).is_file():
        found = {"sweep": [root / SWEEP]}
    elif (root / MANIFEST).exists():
        store = RunStore.read(root)
        chunks = [root / CHUNKS / n for n, _ in sorted(store.chunks.items(), key=_first)]
        found = {}
        for chunk in chunks:
            for file in sorted(chunk.glob("*.parquet")):
                found.setdefault(file.stem, []).append(input_file(file, what="table"))
    else:
        raise HyosanError.one(
            f"not a run ({MANIFEST}), result ({RESULT_FILE}) or sweep ({SWEEP}) directory",
            source=str(root),
            allowed="a directory written by `hyosan run`, `hyosan sweep` or Result.to_parquet",
        )
    if not found:
        raise HyosanError.one("no finished takes to export yet", source=str(root))
    for file in sorted((root / "summary").glob("*.parquet")):
        found[f"summary/{file.stem}"] = [file]
    return found


def _first(item: tuple[str, list[int]]) -> int:
    return min(item[1])


def _write_csv(files: list[Path], target: Path) -> None:
    """Copy the Parquet ``files`` (same columns) into one CSV file, batch by batch, atomically."""
    schema = pa.unify_schemas([pq.read_schema(f) for f in files], promote_options="permissive")
    schema = schema.remove_metadata()
    options = pcsv.WriteOptions(quoting_style="needed")
    with replacing(target) as tmp, pcsv.CSVWriter(tmp, schema, write_options=options) as writer:
        for file in files:
            for batch in pq.ParquetFile(file).iter_batches(batch_size=65_536):
                table = pa.Table.from_batches([batch]).cast(schema)
                writer.write_table(table)
