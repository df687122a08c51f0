"""Reading results for the report: strictly when all is well, leniently when it is not.

:func:`load_any` is the one way the report reads a run: a result directory (``result.json``) or
a run directory (``manifest.json``, read by the ensemble store). When a result directory is
damaged — a table missing, arrays unreadable, written by another format version —
:func:`load_partial` reads whatever is there and says what it could not read, so the report can
still draw what can be drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from hyosan.errors import HyosanError
from hyosan.files import read_json
from hyosan.result import FORMAT_VERSION, RESULT_FILE, Result

MANIFEST_FILE = "manifest.json"
ALLOWED = "a result directory (result.json) or a run directory (manifest.json) from `hyosan run`"


@dataclass
class Loaded:
    """A result and what went wrong while reading it (empty when nothing did)."""

    result: Result
    notes: list[str] = field(default_factory=list)
    source: Path | None = None


def load_any(path: str | Path) -> Result:
    """The Result stored at ``path``: a result directory or a run directory of finished takes."""
    where = Path(path)
    if (where / RESULT_FILE).exists():
        try:
            return Result.from_parquet(where)
        except HyosanError:
            raise
        except Exception as exc:  # a damaged file: pyarrow, numpy and zipfile raise many types
            raise HyosanError.one(
                f"damaged result directory: {exc}", source=str(where), allowed=ALLOWED
            ) from None
    if (where / MANIFEST_FILE).exists():
        try:
            from hyosan.ensemble.store import load_result
        except ImportError:
            raise HyosanError.one(
                "this hyosan cannot read run directories (hyosan.ensemble.store is missing)",
                source=str(where),
                allowed="a result directory (result.json)",
            ) from None
        result: Result = load_result(where)
        return result
    if not where.exists():
        raise HyosanError.one("no such directory", source=str(where), allowed=ALLOWED)
    raise HyosanError.one(
        f"neither {RESULT_FILE} nor {MANIFEST_FILE} is here", source=str(where), allowed=ALLOWED
    )


def load_for_report(path: str | Path) -> Loaded:
    """Read strictly; if that fails on a damaged result directory, read what is readable."""
    where = Path(path)
    try:
        return Loaded(load_any(where), [], where)
    except HyosanError as strict:
        if (where / MANIFEST_FILE).exists() and not (where / RESULT_FILE).is_file():
            return _salvage_run(where, strict)
        if not _has_result_files(where):
            raise
        loaded = load_partial(where)
        if not loaded.notes:
            loaded.notes.append(str(strict))
        return loaded


def _salvage_run(where: Path, strict: HyosanError) -> Loaded:
    """A run directory the store could not read whole: every result inside it that reads."""
    notes = [f"{strict} — reporting the takes that could be read"]
    parts: list[Result] = []
    seen: set[int] = set()
    inner = sorted(
        f.parent
        for f in where.rglob(RESULT_FILE)
        if not any(p.startswith(".") for p in f.parent.relative_to(where).parts)
    )
    for part_dir in inner:
        try:
            part = Result.from_parquet(part_dir)
        except Exception as exc:  # a damaged part costs only its own takes
            notes.append(f"{part_dir}: cannot read ({exc}); its takes are left out")
            continue
        if seen.intersection(part.takes):
            notes.append(f"{part_dir}: takes already read from another part; skipped")
            continue
        seen.update(part.takes)
        parts.append(part)
    if not parts:
        raise strict
    return Loaded(Result.concat(parts), notes, where)


def _has_result_files(where: Path) -> bool:
    return where.is_dir() and ((where / RESULT_FILE).is_file() or any(where.glob("*.parquet")))


def load_partial(path: str | Path) -> Loaded:
    """Read each part of a result directory on its own; list every part that could not be read."""
    where = Path(path)
    notes: list[str] = []
    facts = _read_facts(where, notes)
    version = facts.get("format")
    if version is None:
        notes.append(
            f"{where / RESULT_FILE}: no format version (an older hyosan wrote it); "
            "read as well as this version can"
        )
    elif isinstance(version, int) and version > FORMAT_VERSION:
        notes.append(
            f"{where / RESULT_FILE}: format: written by a newer hyosan (got {version}); "
            f"allowed: format ≤ {FORMAT_VERSION}. Drawing what this version understands; "
            "upgrade hyosan for the rest"
        )
    elif isinstance(version, int) and version < FORMAT_VERSION:
        notes.append(f"{where / RESULT_FILE}: an older format ({version}); read as it is")
    engine = str(facts.get("engine") or facts.get("provenance", {}).get("engine") or "unknown")
    series = _read_table(where, "series", notes)
    if series is None or "take" not in series or "t" not in series:
        if series is not None:
            notes.append(f"{where / 'series.parquet'}: needs columns take and t; not drawn")
        series = pd.DataFrame({"take": pd.Series(dtype=int), "t": pd.Series(dtype=float)})
    final = _read_table(where, "final", notes)
    if final is None or "take" not in final:
        final = _final_from_series(series)
        if len(final):
            notes.append("final state taken from the last row of each take's series")
    names = facts.get("tables")
    if not isinstance(names, list):
        names = sorted(p.stem for p in where.glob("*.parquet") if p.stem not in ("series", "final"))
    tables = {}
    for name in names:
        table = _read_table(where, str(name), notes)
        if table is not None:
            tables[str(name)] = table
    arrays = _read_arrays(where, facts, notes)
    if final.empty:
        final = _takes_from(tables, arrays)
    result = Result(
        engine=engine,
        series=series,
        final=final,
        tables=tables,
        arrays=arrays,
        provenance=_mapping(facts.get("provenance")),
        meta=_mapping(facts.get("meta")),
    )
    return Loaded(result, notes, where)


def _read_facts(where: Path, notes: list[str]) -> dict[str, Any]:
    file = where / RESULT_FILE
    if not file.is_file():
        notes.append(f"{file}: missing; engine, provenance and meta unknown")
        return {}
    try:
        facts = read_json(file, what=RESULT_FILE, allowed="a result directory")
    except HyosanError as exc:
        notes.append(f"{exc}; engine and meta unknown")
        return {}
    if not isinstance(facts, dict):
        notes.append(f"{file}: not a JSON object; engine and meta unknown")
        return {}
    return facts


def _read_table(where: Path, name: str, notes: list[str]) -> pd.DataFrame | None:
    file = where / f"{name}.parquet"
    if not file.is_file():
        notes.append(f"{file}: table missing; what needs it is not drawn")
        return None
    try:
        return pd.read_parquet(file)
    except Exception as exc:  # pyarrow raises many types for a damaged file
        notes.append(f"{file}: cannot read ({type(exc).__name__}); what needs it is not drawn")
        return None


def _read_arrays(where: Path, facts: dict[str, Any], notes: list[str]) -> dict[str, np.ndarray]:
    file = where / "arrays.npz"
    expected = facts.get("arrays") or []
    if not file.is_file():
        if expected:
            notes.append(f"{file}: missing (should hold {', '.join(map(str, expected))})")
        return {}
    try:
        with np.load(file, allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
    except Exception as exc:  # zipfile and numpy raise many types for a damaged file
        notes.append(f"{file}: cannot read ({type(exc).__name__}); arrays not drawn")
        return {}
    for name in expected:
        if name not in arrays:
            notes.append(f"{file}: array {name} missing")
    return arrays


def _final_from_series(series: pd.DataFrame) -> pd.DataFrame:
    if series.empty:
        return pd.DataFrame({"take": pd.Series(dtype=int)})
    return series.sort_values(["take", "t"]).groupby("take").tail(1).drop(columns="t")


def _mapping(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, dict) else {}


def _takes_from(tables: dict[str, pd.DataFrame], arrays: dict[str, np.ndarray]) -> pd.DataFrame:
    """Which takes a result holds when series and final are both lost: from any other table."""
    takes: set[int] = set()
    for table in tables.values():
        if "take" in table:
            takes.update(int(k) for k in table["take"].unique())
    if not takes and arrays:
        takes = set(range(1, len(next(iter(arrays.values()))) + 1))
    return pd.DataFrame({"take": sorted(takes)})
