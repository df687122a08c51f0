"""The run store: a directory that holds the finished takes of one run, safe to interrupt.

Layout of a run directory::

    manifest.json            scenario (TOML), its identity, run seed, versions, chunk status
    chunks/takes-000001-000008/   one Result directory per finished chunk of takes
    series.parquet, final.parquet, …  the combined tables (written when a run completes)

A chunk is written to a hidden temporary directory and renamed into place, and the manifest is
replaced atomically after it, so a run killed at any instant leaves only whole chunks behind.
The chunk directories are the truth for a writer: on opening, a chunk the manifest does not
list yet is adopted, a half-written temporary is removed, and a chunk that fails its checks (a
file whose SHA-256 differs from the one recorded when it was written, a table that cannot be
read, take numbers that do not match its name, another seed) is moved aside (never deleted) and
its takes are run again. Readers count only the chunks the manifest lists, and refuse a chunk
whose takes differ from the listed ones. A different scenario or seed is refused.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from hyosan.errors import HyosanError
from hyosan.files import read_json, write_whole
from hyosan.provenance import versions
from hyosan.result import RESULT_FILE, Result, refuse_a_file, refuse_newer
from hyosan.scenario import Scenario
from hyosan.scenario.limits import MAX_TAKES

MANIFEST = "manifest.json"
CHUNKS = "chunks"
LOCK = ".lock"
SUMS = "sha256.json"
CHUNK_NAME = re.compile(r"takes-(\d{6,})-(\d{6,})(?:-\d+)?")
STORE_FORMAT = 1
RESUME_HINT = "run the same command again to redo its takes"


def scenario_identity(scenario: Scenario) -> str:
    """A hash of everything in a scenario that decides a take (not its name, takes or seed)."""
    table = scenario.model_dump(mode="json", exclude={"takes", "seed", "description", "name"})
    text = json.dumps(table, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def ranges(takes: Iterable[int]) -> str:
    """Take numbers as compact ranges: ``1-8,10,12-20``."""
    numbers = sorted(set(int(k) for k in takes))
    parts: list[str] = []
    i = 0
    while i < len(numbers):
        j = i
        while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1:
            j += 1
        parts.append(str(numbers[i]) if i == j else f"{numbers[i]}-{numbers[j]}")
        i = j + 1
    return ",".join(parts)


def parse_ranges(text: str) -> list[int]:
    """The inverse of :func:`ranges`; ValueError for text :func:`ranges` cannot have written,
    a take number above MAX_TAKES among them, sized before any list of them is made."""
    out: list[int] = []
    for part in filter(None, text.split(",")):
        first, _, last = part.partition("-")
        low, high = int(first), int(last or first)
        if not 1 <= low <= high <= MAX_TAKES or len(out) + high - low >= MAX_TAKES:
            raise ValueError(f"not a range of take numbers 1 to {MAX_TAKES:,}: {part[:40]!r}")
        out.extend(range(low, high + 1))
    return out


@dataclass
class RunStore:
    """One run directory: its manifest and its finished chunks."""

    path: Path
    manifest: dict[str, Any]
    chunks: dict[str, list[int]] = field(default_factory=dict)
    _lock: IO[str] | None = None
    _stored: set[int] = field(default_factory=set)
    _stored_of: tuple[int, int] = (0, -1)

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls, path: str | Path, scenario: Scenario, seed: int, command: Sequence[str] | None = None
    ) -> RunStore:
        """Open a run directory for writing: create it, or resume it if it holds this run.

        Refuses a directory that holds another scenario or seed, or one another run is writing.
        """
        root = Path(path)
        refuse_a_file(root, "a run directory or a new path")
        refuse_nested(root)
        root.mkdir(parents=True, exist_ok=True)
        _refuse_odd_entries(root)
        store = cls(root, {})
        store._acquire()
        identity = scenario_identity(scenario)
        if (root / MANIFEST).is_file():
            store.manifest = _read_manifest(root)
            store._check_same_run(scenario, identity, seed)
        elif (root / RESULT_FILE).is_file() or _listed_chunks(root):
            store._release()
            raise HyosanError.one(
                "this directory holds results but no manifest.json",
                source=str(root),
                allowed="another --out directory, or restore manifest.json",
            )
        else:
            store.manifest = {
                "format": STORE_FORMAT,
                "scenario": scenario.name,
                "engine": scenario.engine,
                "identity": identity,
                "seed": int(seed),
                "scenario_text": scenario.text,
                "created": _now(),
                "versions": versions(),
                "requested": "",
                "chunks": {},
                "status": "new",
            }
        store._reconcile()
        if command is not None:
            store.manifest["command"] = list(command)
        store._write_manifest()
        return store

    @classmethod
    def read(cls, path: str | Path) -> RunStore:
        """Open a run directory to read it (no changes are made)."""
        root = Path(path)
        if not (root / MANIFEST).exists():
            raise HyosanError.one(
                f"not a run directory: {MANIFEST} is missing",
                source=str(root),
                allowed="a directory written by `hyosan run`",
            )
        store = cls(root, _read_manifest(root))
        store.chunks = _listed_in_manifest(root, store.manifest)
        return store

    def check(self, scenario: Scenario, seed: int) -> None:
        """Refuse a scenario or seed other than the one this run directory holds."""
        self._check_same_run(scenario, scenario_identity(scenario), seed)

    def _check_same_run(self, scenario: Scenario, identity: str, seed: int) -> None:
        source = str(self.path / MANIFEST)
        if self.manifest.get("identity") != identity:
            self._release()
            raise HyosanError.one(
                "this run directory holds a different scenario "
                f"({self.manifest.get('scenario')!r}, identity {self.manifest.get('identity')})",
                source=source,
                where="scenario",
                value=f"{scenario.name} (identity {identity})",
                allowed="the same scenario and overrides, or another --out directory",
            )
        if int(self.manifest.get("seed", -1)) != int(seed):
            self._release()
            raise HyosanError.one(
                "this run directory holds another seed",
                source=source,
                where="seed",
                value=int(seed),
                allowed=f"seed {self.manifest.get('seed')}, or another --out directory",
            )

    # -- the chunks ------------------------------------------------------------------------

    def _reconcile(self) -> None:
        """Make the manifest agree with the chunk directories on disk."""
        base = self.path / CHUNKS
        base.mkdir(exist_ok=True)
        for tmp in base.glob(".tmp-*"):
            shutil.rmtree(tmp, ignore_errors=True)
        found: dict[str, list[int]] = {}
        for name, takes in _scan_chunks(self.path, int(self.manifest["seed"])):
            if isinstance(takes, str):
                self._set_aside(name, takes)
                continue
            found[name] = takes
        seen: dict[int, str] = {}
        for name in sorted(found, key=lambda n: (min(found[n]), n)):
            clash = [k for k in found[name] if k in seen]
            if clash:
                self._set_aside(name, f"takes {ranges(clash)} are in another chunk too")
                continue
            seen.update((k, name) for k in found[name])
            self.chunks[name] = found[name]
        self.manifest["chunks"] = {
            name: {"takes": ranges(takes), "status": "done"} for name, takes in self.chunks.items()
        }

    def _set_aside(self, name: str, reason: str) -> None:
        base = self.path / CHUNKS
        target = base / f".corrupt-{name}"
        n = 1
        while target.exists():
            n += 1
            target = base / f".corrupt-{name}-{n}"
        (base / name).rename(target)
        print(
            f"warning: {base / name}: {reason}; moved to {target.name}; its takes run again",
            file=sys.stderr,
        )

    @property
    def done(self) -> set[int]:
        """Take numbers finished and stored."""
        return set(self._stored_takes())

    def _stored_takes(self) -> set[int]:
        """The stored take numbers, kept up to date as chunks are added (rebuilding them for
        every chunk of a million-take run would cost more than the run)."""
        key = (id(self.chunks), len(self.chunks))
        if key != self._stored_of:
            self._stored = {k for takes in self.chunks.values() for k in takes}
            self._stored_of = key
        return self._stored

    def missing(self, takes: Iterable[int]) -> list[int]:
        """Of ``takes``, those not finished yet, in order."""
        done = self.done
        return sorted(int(k) for k in set(takes) if int(k) not in done)

    def request(self, takes: Iterable[int]) -> None:
        """Record that this run wants ``takes`` (added to those asked for before)."""
        wanted = set(parse_ranges(self.manifest.get("requested", ""))) | set(takes)
        self.manifest["requested"] = ranges(wanted)
        self.manifest["status"] = "running"
        self._write_manifest()

    @property
    def requested(self) -> list[int]:
        """Every take number this run has been asked for."""
        return parse_ranges(self.manifest.get("requested", ""))

    def add(self, result: Result, seconds: float | None = None) -> str:
        """Store the result of a chunk of takes (atomically); returns the chunk's name."""
        takes = result.takes
        stored = self._stored_takes()
        clash = sorted(k for k in set(takes) if k in stored)
        if clash:
            raise ValueError(f"takes {ranges(clash)} are stored already")
        stem = f"takes-{min(takes):06d}-{max(takes):06d}"
        base = self.path / CHUNKS
        name, n = stem, 1
        while (base / name).exists():
            n += 1
            name = f"{stem}-{n}"
        tmp = base / f".tmp-{name}-{os.getpid()}"
        if tmp.exists():
            shutil.rmtree(tmp)
        result.to_parquet(tmp)
        _seal(tmp)
        tmp.rename(base / name)
        self.chunks[name] = takes
        stored.update(takes)
        self._stored_of = (id(self.chunks), len(self.chunks))
        entry: dict[str, Any] = {"takes": ranges(takes), "status": "done", "finished": _now()}
        if seconds is not None:
            entry["seconds"] = round(seconds, 3)
        self.manifest["chunks"][name] = entry
        self._write_manifest()
        return name

    def finish(self) -> None:
        """Mark the run complete if every requested take is stored."""
        if not self.missing(self.requested):
            self.manifest["status"] = "complete"
        self.manifest["updated"] = _now()
        self._write_manifest()

    def load(self, takes: Iterable[int] | None = None) -> Result:
        """The Result of the stored takes (all of them, or those listed)."""
        wanted = None if takes is None else set(int(k) for k in takes)
        parts: list[Result] = []
        for name, numbers in sorted(self.chunks.items(), key=lambda kv: min(kv[1])):
            if wanted is not None and not wanted.intersection(numbers):
                continue
            try:
                part = _read_chunk(self.path / CHUNKS / name, numbers, int(self.manifest["seed"]))
            except HyosanError as exc:
                raise HyosanError.one(
                    f"corrupt chunk {name}: {exc}; {RESUME_HINT}", source=str(self.path)
                ) from None
            except Exception as exc:
                raise HyosanError.one(
                    f"corrupt chunk {name}: {type(exc).__name__}: {exc}; {RESUME_HINT}",
                    source=str(self.path),
                ) from None
            parts.append(part)
        if not parts:
            raise HyosanError.one(
                "no finished takes in this run directory yet",
                source=str(self.path),
                allowed="run the command that made it to compute them",
            )
        result = Result.concat(parts)
        if wanted is not None and set(result.takes) != wanted:
            result = select(result, sorted(wanted & set(result.takes)))
        return result

    # -- manifest and lock -----------------------------------------------------------------

    def _write_manifest(self) -> None:
        self.manifest["updated"] = _now()
        text = json.dumps(self.manifest, indent=2)
        write_whole(self.path / MANIFEST, lambda tmp: tmp.write_text(text))

    def _acquire(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: no lock
            return
        try:
            handle = (self.path / LOCK).open("a")
        except OSError as exc:
            raise HyosanError.one(
                f"cannot open the lock file ({exc.strerror})",
                source=str(self.path / LOCK),
                allowed=f"a plain file {LOCK} (or none) in a writable run directory",
            ) from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise HyosanError.one(
                "another hyosan process is writing this run directory",
                source=str(self.path),
                allowed="wait for it to finish, or use another --out directory",
            ) from None
        self._lock = handle

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def close(self) -> None:
        """Release the directory for other writers."""
        self._release()

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def is_busy(self) -> bool:
        """Whether another process holds this run directory's lock right now."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover
            return False
        lock = self.path / LOCK
        if not lock.is_file():
            return False
        with lock.open("a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return True
            fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def select(result: Result, takes: Sequence[int]) -> Result:
    """The takes ``takes`` of a result (in order), as one Result."""
    keep = set(int(k) for k in takes)
    index = [i for i, k in enumerate(result.takes) if k in keep]

    def pick(df: pd.DataFrame) -> pd.DataFrame:
        return df[df["take"].isin(keep)].reset_index(drop=True) if "take" in df else df

    return Result(
        engine=result.engine,
        series=pick(result.series),
        final=pick(result.final),
        tables={name: pick(df) for name, df in result.tables.items()},
        arrays={name: a[index] for name, a in result.arrays.items()},
        provenance=dict(result.provenance),
        meta=dict(result.meta),
    )


def load_result(path: str | Path) -> Result:
    """The Result of every finished take of a run directory, or of a plain result directory."""
    root = Path(path)
    if (root / MANIFEST).exists():
        return RunStore.read(root).load()
    if (root / RESULT_FILE).exists():
        return Result.from_parquet(root)
    if not root.exists():
        raise HyosanError.one("no such directory", source=str(root))
    raise HyosanError.one(
        f"neither a run directory ({MANIFEST}) nor a result directory ({RESULT_FILE})",
        source=str(root),
        allowed="a directory written by `hyosan run` or Result.to_parquet",
    )


def find_runs(root: str | Path) -> Iterator[Path]:
    """Run directories under ``root`` (itself included), sorted by path."""
    base = Path(root)
    if (base / MANIFEST).is_file():
        yield base
    if not base.is_dir():
        return
    for manifest in sorted(base.rglob(MANIFEST)):
        if manifest.parent != base and CHUNKS not in manifest.parent.parts:
            yield manifest.parent


def _read_manifest(root: Path) -> dict[str, Any]:
    file = root / MANIFEST
    data = read_json(
        file,
        what="manifest",
        allowed=f"restore {MANIFEST}, or delete it and pass another --out directory",
        note=f"; the finished takes in {CHUNKS}/ are untouched",
    )
    if not isinstance(data, dict) or "identity" not in data or "seed" not in data:
        raise HyosanError.one(
            "corrupt manifest: it lacks the run's identity and seed",
            source=str(file),
            allowed=f"a {MANIFEST} written by `hyosan run`",
        )
    _check_manifest_fields(data, file)
    refuse_newer(data, STORE_FORMAT, file)
    return data


def _check_manifest_fields(data: dict[str, Any], file: Path) -> None:
    """Refuse a manifest whose fields have the wrong types, naming the key."""
    checks: list[tuple[str, Any, str]] = [
        ("identity", lambda v: isinstance(v, str), "a scenario identity (text)"),
        ("seed", _is_int, "an integer seed"),
        ("format", lambda v: v is None or _is_int(v), f"an integer ≤ {STORE_FORMAT}"),
        ("chunks", lambda v: v is None or isinstance(v, dict), "a table of chunks"),
        ("requested", lambda v: v is None or _is_ranges(v), "take ranges such as 1-8,10"),
    ]
    for key, ok, allowed in checks:
        if not ok(data.get(key)):
            raise HyosanError.one(
                f"corrupt manifest; the finished takes in {CHUNKS}/ are untouched",
                source=str(file),
                where=key,
                value=str(data.get(key))[:80],
                allowed=allowed,
            )
    data.setdefault("chunks", {})
    data.setdefault("requested", "")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_ranges(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        parse_ranges(value)
    except ValueError:
        return False
    return True


def _refuse_odd_entries(root: Path) -> None:
    """A ``chunks`` that is not a directory, or a manifest or lock that is not a file."""
    for name, kind, is_kind in (
        (CHUNKS, "a directory", Path.is_dir),
        (MANIFEST, "a file", Path.is_file),
        (LOCK, "a file", Path.is_file),
    ):
        entry = root / name
        if (entry.exists() or entry.is_symlink()) and not is_kind(entry):
            raise HyosanError.one(
                f"{name} here is not {kind}",
                source=str(entry),
                allowed=f"a run directory whose {name} is {kind}, or another --out directory",
            )


def _listed_chunks(root: Path) -> list[Path]:
    """The chunk directories of a run: not hidden (temporaries, chunks set aside), and not a
    run directory of its own (one with a manifest), which a resume leaves where it is."""
    base = root / CHUNKS
    if not base.is_dir():
        return []
    return sorted(
        p
        for p in base.iterdir()
        if p.is_dir() and not p.name.startswith(".") and not (p / MANIFEST).exists()
    )


def refuse_nested(root: Path) -> None:
    """Refuse a run directory inside another run's directory: that run's resume would take it
    for one of its chunks, and its tables for its own."""
    for parent in root.absolute().parents:
        if (parent / MANIFEST).exists():
            raise HyosanError.one(
                f"inside the run directory {parent}",
                source=str(root),
                allowed="a path outside any run directory (e.g. beside it)",
            )


def _scan_chunks(root: Path, seed: int) -> Iterator[tuple[str, list[int] | str]]:
    """(name, takes) of each chunk on disk, or (name, what is wrong) for one failing its checks."""
    for chunk in _listed_chunks(root):
        try:
            yield chunk.name, _check_chunk(chunk, seed)
        except Exception as exc:  # pyarrow, numpy and zipfile raise many types for damage
            yield chunk.name, f"{type(exc).__name__}: {exc}"


def _check_chunk(chunk: Path, seed: int) -> list[int]:
    """The takes of a chunk, after checking each of its files is whole and the takes and seed
    are the ones its name and the run say."""
    facts = read_json(chunk / RESULT_FILE, what=RESULT_FILE, allowed="a whole chunk")
    if not isinstance(facts, dict):
        raise ValueError(f"{RESULT_FILE} is not a JSON object")
    found = (facts.get("provenance") or {}).get("seed", seed)
    if found != seed:
        raise ValueError(f"written with seed {found!r}, not this run's {seed}")
    tables = ["series", "final", *facts.get("tables", [])]
    files = [f"{t}.parquet" for t in tables] + (["arrays.npz"] if facts.get("arrays") else [])
    if (chunk / SUMS).is_file():
        _check_sums(chunk, [RESULT_FILE, *files])
    else:
        _decode_all(chunk, files)
    takes = pd.read_parquet(chunk / "final.parquet", columns=["take"])["take"]
    numbers = [int(k) for k in takes]
    _name_fits(chunk.name, numbers)
    return sorted(numbers)


def _name_fits(name: str, numbers: list[int]) -> None:
    """Refuse take numbers that repeat, or that do not span what the chunk's name says."""
    match = CHUNK_NAME.fullmatch(name)
    if match is None:
        raise ValueError("not a chunk name (takes-FIRST-LAST)")
    if not numbers:
        raise ValueError("no takes")
    if len(set(numbers)) != len(numbers):
        raise ValueError(f"takes repeated inside the chunk ({ranges(numbers)})")
    first, last = int(match[1]), int(match[2])
    if (min(numbers), max(numbers)) != (first, last):
        raise ValueError(f"holds takes {ranges(numbers)}, but its name says {first}-{last}")


def _same_takes(final: pd.DataFrame, listed: list[int]) -> None:
    """Refuse a chunk read back whose takes differ from the ones the manifest lists for it."""
    numbers = sorted(int(k) for k in final["take"])
    if numbers != sorted(listed):
        raise ValueError(
            f"it holds takes {ranges(numbers)} ({len(numbers)} rows), but "
            f"the manifest lists {ranges(listed)}"
        )


def _read_chunk(chunk: Path, listed: list[int], seed: int) -> Result:
    """A chunk's Result, after checking its files, its seed and that it holds exactly the
    takes the manifest lists for it."""
    part = Result.from_parquet(chunk)
    if (chunk / SUMS).is_file():
        _check_sums(chunk, [RESULT_FILE])
    found = part.provenance.get("seed", seed)
    if found != seed:
        raise ValueError(f"written with seed {found!r}, not this run's {seed}")
    _same_takes(part.final, listed)
    return part


def _seal(chunk: Path) -> None:
    """Record the SHA-256 of every file of a chunk, so damage is found before it is read."""
    sums = {p.name: _sha256(p) for p in sorted(chunk.iterdir()) if p.is_file()}
    write_whole(chunk / SUMS, lambda tmp: tmp.write_text(json.dumps(sums, indent=1)))


def _check_sums(chunk: Path, needed: list[str]) -> None:
    sums = read_json(chunk / SUMS, what=SUMS, allowed="a whole chunk")
    if not isinstance(sums, dict):
        raise ValueError(f"{SUMS} is not a JSON object")
    for name in needed:
        if name not in sums:
            raise ValueError(f"{name} is not in {SUMS}")
    for name, digest in sums.items():
        file = chunk / str(name)
        if file.is_symlink() or not file.is_file():
            raise ValueError(f"{name} is missing or not a plain file")
        if _sha256(file) != digest:
            raise ValueError(f"{name} differs from the file written (SHA-256 mismatch)")


def _decode_all(chunk: Path, files: list[str]) -> None:
    """A chunk written before checksums: read every table and array through once."""
    for name in files:
        file = chunk / name
        if name.endswith(".parquet"):
            pq.read_table(file)
        else:
            with np.load(file, allow_pickle=False) as data:
                for key in data.files:
                    data[key]


def _sha256(file: Path) -> str:
    digest = hashlib.sha256()
    with file.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _listed_in_manifest(root: Path, manifest: dict[str, Any]) -> dict[str, list[int]]:
    """For a reader: the chunks the manifest lists as done and that are on disk, with their
    takes; a listing that contradicts its chunk's name is a corrupt manifest."""
    out: dict[str, list[int]] = {}
    seen: set[int] = set()
    for name, entry in manifest["chunks"].items():
        try:
            takes = parse_ranges(entry["takes"])
            _name_fits(str(name), takes)
            if seen.intersection(takes):
                raise ValueError(f"takes {ranges(seen.intersection(takes))} listed twice")
            seen.update(takes)
        except (TypeError, KeyError, ValueError) as exc:
            raise HyosanError.one(
                f"corrupt manifest: chunk {name}: {exc}; {RESUME_HINT}",
                source=str(root / MANIFEST),
                where="chunks",
            ) from None
        if (root / CHUNKS / str(name)).is_dir():
            out[str(name)] = takes
    return out


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@contextlib.contextmanager
def opened(
    path: str | Path, scenario: Scenario, seed: int, command: Sequence[str] | None = None
) -> Iterator[RunStore]:
    """:meth:`RunStore.open` as a context manager that releases the directory."""
    store = RunStore.open(path, scenario, seed, command)
    try:
        yield store
    finally:
        store.close()
