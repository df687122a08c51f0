"""The commands over run directories: run (resumable), runs, show, takes, sweep, calibrate."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from hyosan.cli import main
from hyosan.ensemble import load_result
from hyosan.result import Result

SCENARIO = """
name = "cli-szr"
engine = "compartmental"
seed = 7
takes = 12

[compartmental]
model = "alemi_szr"
method = "ssa"
t_end = 60.0
time_unit = "h"
points = 31

[compartmental.initial]
S = 300
Z = 1
"""


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    file = tmp_path / "cli.toml"
    file.write_text(SCENARIO)
    return file


def hyosan(*args: str) -> int:
    return main([*args])


def test_run_writes_a_resumable_run_directory(
    tmp_path: Path, scenario: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    common = [str(scenario), "--out", str(out), "--backend", "serial", "--no-progress"]
    assert hyosan("run", *common) == 0
    printed = capsys.readouterr().out
    assert "final state, 12 take(s)" in printed
    for name in ("manifest.json", "result.json", "series.parquet", "final.parquet"):
        assert (out / name).is_file(), name
    assert not (out / "curves.png").exists(), "figures are drawn on request (--plot, report)"
    assert (out / "summary" / "bands.parquet").is_file()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["seed"] == 7
    assert manifest["requested"] == "1-12"
    final = pd.read_parquet(out / "final.parquet")
    assert final["take"].tolist() == list(range(1, 13))
    assert (final[["S", "Z", "R"]].sum(axis=1) == 301).all()

    chunks = sorted(p.name for p in (out / "chunks").iterdir())
    assert hyosan("run", *common, "--takes", "20") == 0
    assert load_result(out).takes == list(range(1, 21))
    # the combined result at the top is a plain result directory of the same takes
    assert Result.from_parquet(out).final.equals(load_result(out).final)
    assert set(chunks) <= {p.name for p in (out / "chunks").iterdir()}

    assert hyosan("run", *common, "--take", "5") == 0
    assert "identical to the stored take" in capsys.readouterr().out


def test_a_run_of_one_take_writes_the_top_level_tables(tmp_path: Path, scenario: Path) -> None:
    alone, whole = tmp_path / "alone", tmp_path / "whole"
    common = [str(scenario), "--backend", "serial", "--no-progress"]
    assert hyosan("run", *common, "--take", "7", "--out", str(alone)) == 0
    assert hyosan("run", *common, "--takes", "7", "--out", str(whole)) == 0
    top = {p.name for p in whole.iterdir()} - {"chunks"}
    assert top <= {p.name for p in alone.iterdir()}, "the same top-level files as any run"
    assert {p.name for p in (whole / "summary").iterdir()} == {
        p.name for p in (alone / "summary").iterdir()
    }
    final = Result.from_parquet(alone).final
    assert final["take"].tolist() == [7]
    expected = Result.from_parquet(whole).final
    assert final.reset_index(drop=True).equals(
        expected[expected["take"] == 7].reset_index(drop=True)
    )


def test_run_refuses_another_seed_in_the_same_directory(
    tmp_path: Path, scenario: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    args = [str(scenario), "--out", str(out), "--backend", "serial", "--no-progress"]
    assert hyosan("run", *args, "--takes", "3") == 0
    assert hyosan("run", *args, "--seed", "8") == 2
    assert "another seed" in capsys.readouterr().err
    assert len(load_result(out).takes) == 3


def test_runs_show_and_takes(
    tmp_path: Path, scenario: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "runs" / "cli-szr"
    args = [str(scenario), "--out", str(out), "--backend", "serial", "--no-progress"]
    assert hyosan("run", *args, "--no-plot") == 0
    capsys.readouterr()
    assert hyosan("runs", str(tmp_path / "runs")) == 0
    listed = capsys.readouterr().out
    assert "cli-szr" in listed and "12/12" in listed and "complete" in listed
    assert hyosan("show", str(out)) == 0
    shown = capsys.readouterr().out
    assert "1-12" in shown and "final state" in shown
    assert hyosan("takes", str(out), "--until", "Z == 0") == 0
    answer = capsys.readouterr().out
    final = load_result(out).final
    died_out = final[final["Z"] == 0]
    assert 0 < len(died_out) < 12, "with alpha = 0.8 most takes, not all, die out early"
    first = int(died_out["take"].iloc[0])
    assert f"(take {first})" in answer
    assert f"{len(died_out)} of 12 takes" in answer
    assert hyosan("takes", str(out), "--until", "open('x')") == 2


def test_show_of_a_corrupt_directory_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "manifest.json").write_text("{not json")
    assert hyosan("show", str(tmp_path)) == 2
    assert "corrupt manifest" in capsys.readouterr().err


def test_sweep_command(tmp_path: Path, scenario: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sweep"
    args = ["sweep", str(scenario), "--takes", "3", "--out", str(out), "--backend", "serial"]
    assert hyosan(*args, "--grid", "alpha=0.5,0.9", "--no-progress") == 0
    tidy = pd.read_parquet(out / "sweep.parquet")
    assert len(tidy) == 6 and set(tidy["alpha"]) == {0.5, 0.9}
    assert hyosan(*args, "--grid", "gamma=1,2", "--no-progress") == 2
    assert "cannot sweep 'gamma'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("options", "says"),
    [
        (["--backend", "threads"], "--backend: unknown backend (got 'threads')"),
        (["--backend", "serial", "--cluster", "local"], "need the dask backend, not serial"),
    ],
)
def test_sweep_refuses_backend_options_as_run_does_before_any_work(
    tmp_path: Path,
    scenario: Path,
    options: list[str],
    says: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "sweep"
    args = ["sweep", str(scenario), "--grid", "alpha=0.5,0.9", "--out", str(out), *options]
    assert hyosan(*args) == 2
    err = capsys.readouterr().err
    assert says in " ".join(err.split())
    assert hyosan("run", str(scenario), "--out", str(tmp_path / "run"), *options) == 2
    assert says in " ".join(capsys.readouterr().err.split())
    assert not out.exists() and not (tmp_path / "run").exists(), "nothing made"


def test_sweep_never_replaces_an_earlier_sweep_silently(
    tmp_path: Path, scenario: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "sweep"
    args = ["sweep", str(scenario), "--out", str(out), "--backend", "serial", "--no-progress"]
    assert hyosan(*args, "--takes", "3", "--grid", "alpha=0.5,0.9") == 0
    first = (out / "sweep.parquet").read_bytes()
    assert hyosan(*args, "--takes", "3", "--grid", "alpha=0.5,0.9") == 0, "the same sweep resumes"
    assert (out / "sweep.parquet").read_bytes() == first
    capsys.readouterr()
    for other in (
        ["--takes", "4", "--grid", "alpha=0.5,0.9"],
        ["--takes", "3", "--grid", "alpha=0.2"],
    ):
        assert hyosan(*args, *other) == 2
        err = capsys.readouterr().err
        assert "holds an earlier sweep" in err and "--force" in err and str(out) in err
        assert (out / "sweep.parquet").read_bytes() == first
    assert hyosan(*args, "--takes", "4", "--grid", "alpha=0.2", "--force") == 0
    tidy = pd.read_parquet(out / "sweep.parquet")
    assert len(tidy) == 4 and set(tidy["alpha"]) == {0.2}
    assert sorted(p.name for p in out.glob("point-*")) == ["point-0001"]


def test_calibrate_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = main(["run", "witkowski_sezr", "--set", "points=33", "--out", str(tmp_path / "r")])
    assert result == 0
    series = pd.read_parquet(tmp_path / "r" / "series.parquet")
    series[["t", "Z", "R"]].round().to_csv(tmp_path / "data.csv", index=False)
    out = tmp_path / "fit"
    code = hyosan(
        "calibrate",
        "witkowski_sezr",
        "--data",
        str(tmp_path / "data.csv"),
        "--fit",
        "beta,zeta",
        "--starts",
        "1",
        "--out",
        str(out),
    )
    assert code == 0
    fit = pd.read_csv(out / "fit.csv").set_index("parameter")
    assert fit.loc["beta", "estimate"] == pytest.approx(0.9, rel=0.05)
    assert fit.loc["zeta", "estimate"] == pytest.approx(0.3, rel=0.05)
    assert (out / "calibration.png").is_file()

    before = (out / "fit.csv").read_bytes()
    again = ["calibrate", "witkowski_sezr", "--data", str(tmp_path / "data.csv")]
    again += ["--fit", "beta,zeta", "--starts", "1", "--out", str(out), "--likelihood", "negbin"]
    capsys.readouterr()
    assert hyosan(*again) == 2
    err = capsys.readouterr().err
    assert "holds a fit made with other options" in err and "--force" in err and str(out) in err
    assert (out / "fit.csv").read_bytes() == before
    assert hyosan(*again, "--force", "--no-plot") == 0
    assert (out / "fit.csv").read_bytes() != before


def test_curves_png_on_request_and_never_stale(tmp_path: Path, scenario: Path) -> None:
    out = tmp_path / "run"
    common = [str(scenario), "--out", str(out), "--backend", "serial", "--no-progress"]
    assert hyosan("run", *common, "--takes", "2", "--plot") == 0
    assert (out / "curves.png").stat().st_size > 1000
    assert hyosan("run", *common, "--takes", "2") == 0  # nothing new to run: the figure stays
    assert (out / "curves.png").is_file()
    assert hyosan("run", *common, "--takes", "3") == 0  # a take added: it would be out of date
    assert not (out / "curves.png").exists()


def test_a_stored_run_is_sized_by_its_chunks_not_its_takes() -> None:
    """``hyosan run`` streams a compartmental run through its chunks: a million SSA takes of
    201 points need about two chunks and one final row per take (measured: under 1 GiB), not
    the whole ensemble in memory that a Python ``simulate`` would hold."""
    from hyosan.ensemble.ensemble import MAX_CHUNK_ROWS
    from hyosan.scenario import load_scenario
    from hyosan.scenario.limits import budget_bytes, run_bytes, stored_run_bytes

    szr = load_scenario("alemi_szr", ["method=ssa"])
    held = run_bytes(szr, 1_000_000)
    streamed = stored_run_bytes(szr, 1_000_000, MAX_CHUNK_ROWS)
    assert held > budget_bytes() > 4 * streamed
    # each take's series (201 points, five columns, a few copies) is counted for two chunks
    two_chunks = 2 * (MAX_CHUNK_ROWS // 201) * 201 * 5 * 8 * 4.0
    assert streamed == pytest.approx(two_chunks + 1_000_000 * 4 * 8 * 4.0)
    lattice = load_scenario("bond-lattice")
    assert stored_run_bytes(lattice, 50, MAX_CHUNK_ROWS) == run_bytes(lattice, 50)


def test_export_of_a_run_without_grids_suggests_csv(
    tmp_path: Path, scenario: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    args = [str(scenario), "--out", str(out), "--takes", "2", "--backend", "serial"]
    assert hyosan("run", *args, "--no-progress") == 0
    capsys.readouterr()
    assert hyosan("export", str(out), "--no-progress") == 2
    error = " ".join(capsys.readouterr().err.split())
    assert "this is a compartmental run" in error and f"hyosan export {out} --format csv" in error
    assert hyosan("export", str(out), "--format", "csv") == 0
    assert (out / "csv" / "final.csv").is_file()
