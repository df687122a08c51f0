"""Loading runs for the report: the two directory kinds, and damaged or foreign ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hyosan.cli import main
from hyosan.errors import HyosanError
from hyosan.report.html import write_report
from hyosan.report.load import load_any, load_for_report
from hyosan.result import Result


@pytest.fixture
def building_dir(tmp_path: Path, building_result: Result) -> Path:
    return building_result.to_parquet(tmp_path / "run")


def test_a_result_directory_loads_whole(building_dir: Path, building_result: Result) -> None:
    back = load_any(building_dir)
    assert back.engine == "building"
    assert sorted(back.tables) == sorted(building_result.tables)
    assert back.arrays["frames_state"].shape == building_result.arrays["frames_state"].shape


def _run(out: Path, *takes: int) -> Path:
    """A real run directory of Alemi SZR (SSA), one chunk per call: ``takes`` are the counts
    asked in turn (1, 2, 3: three chunks of one take each, as a resumed run leaves them)."""
    for n in takes:
        args = ["run", "alemi_szr", "--set", "method='ssa'", "--takes", str(n), "--out", str(out)]
        assert main([*args, "--no-progress", "--backend", "serial"]) == 0
    return out


def test_a_run_directory_is_read_by_the_ensemble_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hyosan.ensemble.store import load_result

    run = _run(tmp_path / "run", 3)
    loaded = load_any(run)
    assert loaded.takes == [1, 2, 3]
    assert loaded.final.equals(load_result(run).final)
    capsys.readouterr()
    assert main(["report", str(run), "--no-progress", "--no-animation"]) == 0
    text = (run / "report.html").read_text()  # what a reader sees: the mean of the takes' S
    assert f"{loaded.final['S'].mean():,.2f}" in text and "3 take(s)" in text


@pytest.mark.parametrize("make", ["missing", "empty"])
def test_not_a_run_is_a_clear_error(tmp_path: Path, make: str) -> None:
    where = tmp_path / "nothing"
    if make == "empty":
        where.mkdir()
    with pytest.raises(HyosanError) as caught:
        load_any(where)
    text = str(caught.value)
    assert str(where) in text
    assert "result.json" in text and "manifest.json" in text


def test_a_missing_table_is_named_and_the_rest_is_drawn(building_dir: Path) -> None:
    (building_dir / "tree.parquet").unlink()
    with pytest.raises(HyosanError, match="tree.parquet"):
        load_any(building_dir)
    loaded = load_for_report(building_dir)
    assert any("tree.parquet" in n and "missing" in n for n in loaded.notes)
    assert "tree" not in loaded.result.tables
    assert "fates" in loaded.result.tables
    path, report = write_report(loaded, building_dir / "report.html", animate=False)
    text = path.read_text()
    assert "tree.parquet" in text
    assert 'id="fig-floors"' in text and 'id="fig-fates"' in text
    assert 'id="fig-tree"' not in text
    assert report.figures == 5


def test_a_newer_format_is_named_and_what_is_understood_is_drawn(building_dir: Path) -> None:
    facts = json.loads((building_dir / "result.json").read_text())
    facts["format"] = 99
    (building_dir / "result.json").write_text(json.dumps(facts))
    with pytest.raises(HyosanError, match="newer"):
        load_any(building_dir)
    loaded = load_for_report(building_dir)
    assert any("newer hyosan" in n and "99" in n for n in loaded.notes)
    _, report = write_report(loaded, building_dir / "report.html", animate=False)
    assert report.figures == 6


def test_an_older_run_without_arrays_loses_only_the_floor_plan(building_dir: Path) -> None:
    facts = json.loads((building_dir / "result.json").read_text())
    del facts["format"]
    (building_dir / "result.json").write_text(json.dumps(facts))
    (building_dir / "arrays.npz").unlink()
    with pytest.raises(HyosanError, match="arrays.npz"):
        load_any(building_dir)
    loaded = load_for_report(building_dir)
    assert any("older hyosan" in n for n in loaded.notes)
    assert any("arrays.npz" in n and "frames_pos" in n for n in loaded.notes)
    path, report = write_report(loaded, building_dir / "report.html")
    text = path.read_text()
    assert "lacks array frames_pos" in text
    assert 'id="fig-floors"' not in text and 'id="fig-animation"' not in text
    assert 'id="fig-curves"' in text


def test_a_corrupt_result_json_still_draws_the_curves(tmp_path: Path, ssa_result: Result) -> None:
    where = ssa_result.to_parquet(tmp_path / "run")
    (where / "result.json").write_text("{ not json")
    loaded = load_for_report(where)
    assert any("line 1" in n for n in loaded.notes)
    _, report = write_report(loaded, where / "report.html")
    assert report.figures >= 1


def test_cli_reports_a_damaged_run_with_warnings(
    building_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (building_dir / "fates.parquet").unlink()
    assert main(["report", str(building_dir), "--no-animation"]) == 0
    unwrapped = capsys.readouterr().err.replace("\n", "")  # long paths fold mid-word
    assert "fates.parquet" in unwrapped
    assert (building_dir / "report.html").is_file()


def test_cli_report_of_nothing_is_an_error_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(tmp_path / "none")]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "no such directory" in err
    assert "Traceback" not in err


def test_a_damaged_run_directory_reports_the_takes_it_can_read(tmp_path: Path) -> None:
    run = _run(tmp_path / "run", 1, 2, 3)
    chunks = sorted((run / "chunks").iterdir())
    assert len(chunks) == 3
    (run / "result.json").unlink()  # as while a run is under way: the store reads the chunks
    (chunks[1] / "series.parquet").write_bytes(b"not parquet")
    with pytest.raises(HyosanError, match=f"corrupt chunk {chunks[1].name}"):
        load_any(run)
    loaded = load_for_report(run)
    assert loaded.result.takes == [1, 3]
    assert f"corrupt chunk {chunks[1].name}" in loaded.notes[0]
    assert any(chunks[1].name in n and "left out" in n for n in loaded.notes[1:])
    path, report = write_report(loaded, tmp_path / "r.html", animate=False)
    text = path.read_text()
    assert "2 take(s)" in text and "left out" in text  # the reader is told what is missing


def test_without_series_and_final_the_story_is_still_drawn(building_dir: Path) -> None:
    (building_dir / "series.parquet").unlink()
    (building_dir / "final.parquet").unlink()
    loaded = load_for_report(building_dir)
    assert loaded.result.takes == [1, 2]
    path, report = write_report(loaded, building_dir / "report.html")
    text = path.read_text()
    for name in ("floors", "tree", "rooms", "fates", "animation"):
        assert f'id="fig-{name}"' in text, name
    assert 'id="fig-curves"' not in text
    assert "series.parquet" in text and "final.parquet" in text
