"""Damaged run stores: every case is a clear HyosanError or the right answer, never a traceback,
never a wrong answer, and never a dead end (resuming redoes what was damaged).

Each case damages a copy of one finished run of takes 1–6, stored in the chunks 1, 2, 3–4 and
5–6. A reader (``RunStore.read``, ``load_result``) must then either refuse with a HyosanError or
return takes identical to a fresh run; a resumed run must either refuse with a HyosanError (the
damage is one only a person can repair, such as the manifest) or finish identical to a fresh run.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pytest

from hyosan.cli import main
from hyosan.ensemble import Ensemble, RunStore, load_result
from hyosan.ensemble.store import select
from hyosan.errors import HyosanError
from hyosan.result import Result
from hyosan.scenario import Scenario, load_scenario

C1, C2, C34, C56 = (
    "takes-000001-000001",
    "takes-000002-000002",
    "takes-000003-000004",
    "takes-000005-000006",
)
RNG_SEED = 11


@dataclass
class Case:
    """A way to damage a run directory, and whether a resumed run must repair it or refuse."""

    name: str
    damage: Callable[[Path, Path], None]
    resume: str  # "repairs", or a fragment of the HyosanError a resumed run must give


def chunk(run: Path, name: str) -> Path:
    return run / "chunks" / name


def garbage(file: Path) -> None:
    file.write_bytes(np.random.default_rng(RNG_SEED).bytes(max(64, file.stat().st_size)))


def truncate(file: Path) -> None:
    data = file.read_bytes()
    file.write_bytes(data[: len(data) // 2])


def flip_byte(file: Path) -> None:
    data = bytearray(file.read_bytes())
    data[len(data) // 2] ^= 0x5A
    file.write_bytes(bytes(data))


def edit_manifest(run: Path, **changes: object) -> None:
    facts = json.loads((run / "manifest.json").read_text())
    facts.update(changes)
    (run / "manifest.json").write_text(json.dumps(facts))


def swap(run: Path, a: str, b: str) -> None:
    chunk(run, a).rename(chunk(run, "swap"))
    chunk(run, b).rename(chunk(run, a))
    chunk(run, "swap").rename(chunk(run, b))


def to_directory(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
    path.mkdir()


def to_file(path: Path) -> None:
    shutil.rmtree(path)
    path.write_text("not a directory\n")


CASES = [
    # the manifest: only a person can repair it, so a resumed run refuses it clearly
    Case("manifest random bytes", lambda r, o: garbage(r / "manifest.json"), "corrupt manifest"),
    Case("manifest empty", lambda r, o: (r / "manifest.json").write_text(""), "corrupt manifest"),
    Case("manifest cut short", lambda r, o: truncate(r / "manifest.json"), "corrupt manifest"),
    Case("manifest a JSON list", lambda r, o: (r / "manifest.json").write_text("[]"), "corrupt"),
    Case("manifest seed text", lambda r, o: edit_manifest(r, seed="abc"), "seed"),
    Case("manifest requested garbage", lambda r, o: edit_manifest(r, requested="x-7"), "requested"),
    Case("manifest chunks a list", lambda r, o: edit_manifest(r, chunks=[]), "chunks"),
    Case("manifest a directory", lambda r, o: to_directory(r / "manifest.json"), "not a file"),
    Case("lock a directory", lambda r, o: to_directory(r / ".lock"), ".lock"),
    Case("chunks a file", lambda r, o: to_file(r / "chunks"), "chunks here is not a directory"),
    # a chunk: set aside and redone on resume
    Case("final garbage", lambda r, o: garbage(chunk(r, C34) / "final.parquet"), "repairs"),
    Case("series garbage", lambda r, o: garbage(chunk(r, C34) / "series.parquet"), "repairs"),
    Case("events table garbage", lambda r, o: garbage(chunk(r, C56) / "events.parquet"), "repairs"),
    Case("series cut short", lambda r, o: truncate(chunk(r, C2) / "series.parquet"), "repairs"),
    Case(
        "series one byte flipped",
        lambda r, o: flip_byte(chunk(r, C34) / "series.parquet"),
        "repairs",
    ),
    Case("result.json garbage", lambda r, o: garbage(chunk(r, C1) / "result.json"), "repairs"),
    Case("result.json missing", lambda r, o: (chunk(r, C1) / "result.json").unlink(), "repairs"),
    Case("series missing", lambda r, o: (chunk(r, C56) / "series.parquet").unlink(), "repairs"),
    Case("chunks swapped", lambda r, o: swap(r, C34, C56), "repairs"),
    Case(
        "chunk overwritten by a copy of another",
        lambda r, o: (shutil.rmtree(chunk(r, C56)), shutil.copytree(chunk(r, C34), chunk(r, C56))),
        "repairs",
    ),
    Case(
        "chunk copied under a second name",
        lambda r, o: shutil.copytree(chunk(r, C56), chunk(r, C56 + "-2")),
        "repairs",
    ),
    Case(
        "chunk from a run with another seed",
        lambda r, o: (shutil.rmtree(chunk(r, C2)), shutil.copytree(chunk(o, C2), chunk(r, C2))),
        "repairs",
    ),
    Case(
        "manifest lists wrong takes",
        lambda r, o: edit_manifest(
            r, chunks={C1: {"takes": "1-40", "status": "done"}, C2: {"takes": "2"}}
        ),
        "repairs",
    ),
    Case(
        "half-written temporary chunk",
        lambda r, o: (r / "chunks" / ".tmp-takes-000007-000009-1").mkdir(),
        "repairs",
    ),
]


@pytest.fixture(scope="module")
def pristine(
    tmp_path_factory: pytest.TempPathFactory, make_szr: Callable[..., Path]
) -> tuple[Scenario, Path, Path, Result]:
    """One finished run (chunks 1, 2, 3–4, 5–6), the same under another seed, a fresh Result."""
    base = tmp_path_factory.mktemp("damaged")
    scenario = load_scenario(make_szr(base))
    run, other = base / "run", base / "other"
    for where, seed in ((run, scenario.seed), (other, scenario.seed + 1)):
        with RunStore.open(where, scenario, seed) as store:
            store.request(range(1, 7))
            for takes in ([1], [2], [3, 4], [5, 6]):
                store.add(Ensemble(scenario, takes, seed).run(backend="serial"))
            store.finish()
    assert sorted(p.name for p in (run / "chunks").iterdir()) == [C1, C2, C34, C56]
    fresh = Ensemble(scenario, list(range(1, 7)), scenario.seed).run(backend="serial")
    return scenario, run, other, fresh


def same_takes(result: Result, fresh: Result) -> bool:
    """Whether every take of ``result`` is exactly that take of the fresh run, once each."""
    takes = list(result.final["take"])
    if len(set(takes)) != len(takes) or not set(takes) <= set(fresh.takes):
        return False
    rows = fresh.series[fresh.series["take"].isin(takes)].reset_index(drop=True)
    return bool(result.series.reset_index(drop=True).equals(rows))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_damaged_store(
    tmp_path: Path, pristine: tuple[Scenario, Path, Path, Result], case: Case
) -> None:
    scenario, original, other, fresh = pristine
    run = tmp_path / "run"
    shutil.copytree(original, run)
    case.damage(run, other)

    try:
        read = load_result(run)
    except HyosanError:
        pass
    else:
        assert same_takes(read, fresh), "a reader returned takes that are not the run's"
        assert len(read.takes) == len(RunStore.read(run).done)

    ensemble = Ensemble(scenario, list(range(1, 7)), scenario.seed)
    if case.resume == "repairs":
        resumed = ensemble.run(backend="serial", store=run)
        assert resumed.takes == fresh.takes
        assert resumed.series.equals(fresh.series) and resumed.final.equals(fresh.final)
        again = load_result(run)
        assert again.takes == fresh.takes and again.series.equals(fresh.series)
    else:
        for _ in range(2):  # the same clear refusal each time, nothing changed by it
            with pytest.raises(HyosanError, match=case.resume):
                ensemble.run(backend="serial", store=run)


def test_case_count() -> None:
    assert len(CASES) == 24 and len({c.name for c in CASES}) == len(CASES)


def test_damaged_arrays_are_set_aside_and_refused_by_readers(
    tmp_path: Path, pristine: tuple[Scenario, Path, Path, Result]
) -> None:
    scenario, _, _, fresh = pristine
    run = tmp_path / "run"
    with RunStore.open(run, scenario, scenario.seed) as store:
        for takes in ([1, 2], [3, 4]):
            part = select(fresh, takes)
            store.add(replace(part, arrays={"grid": np.outer(takes, np.arange(50.0))}))
    assert load_result(run).arrays["grid"].shape == (4, 50)
    flip_byte(chunk(run, "takes-000003-000004") / "arrays.npz")
    with pytest.raises(HyosanError, match="takes-000003-000004"):
        load_result(run)
    with RunStore.open(run, scenario, scenario.seed) as store:
        assert store.done == {1, 2}
    aside = [p.name for p in (run / "chunks").iterdir() if p.name.startswith(".corrupt-")]
    assert aside == [".corrupt-takes-000003-000004"]


def test_takes_and_show_count_the_same_takes(
    tmp_path: Path,
    pristine: tuple[Scenario, Path, Path, Result],
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, original, _, _ = pristine
    run = tmp_path / "run"
    shutil.copytree(original, run)
    shutil.copytree(chunk(run, C56), chunk(run, C56 + "-2"))
    assert main(["takes", str(run)]) == 0
    assert "6 takes." in capsys.readouterr().out
    assert main(["show", str(run)]) == 0
    assert "6: 1-6" in capsys.readouterr().out


def test_a_file_where_the_run_directory_should_be_is_refused(tmp_path: Path) -> None:
    """The Python API says what ``hyosan run --out`` says (cli/outputs.py), in the same words."""
    scenario = load_scenario("alemi_szr")
    blocker = tmp_path / "run"
    blocker.write_text("a file\n")
    with pytest.raises(HyosanError, match="a file, not a directory") as caught:
        RunStore.open(blocker, scenario, 1)
    assert str(blocker) in str(caught.value)
    assert blocker.read_text() == "a file\n", "nothing written over it"
    result = Ensemble.of(scenario, 1).run(backend="serial")
    with pytest.raises(HyosanError, match="a file, not a directory") as caught:
        result.to_parquet(blocker)  # was FileExistsError from mkdir
    assert str(blocker) in str(caught.value)
    assert blocker.read_text() == "a file\n"
