"""The command line for compartmental models: models, run, analyse."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from hyosan.cli import main
from hyosan.compartmental.catalog import CATALOG


def test_models_lists_every_catalog_model(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    for name in CATALOG:
        assert name in out


def test_run_writes_parquet_csv_and_png(tmp_path: Path) -> None:
    out = tmp_path / "run"
    code = main(
        [
            "run",
            "alemi_szr",
            "--set",
            "method='ssa'",
            "--set",
            "alpha=0.5",
            "--takes",
            "5",
            "--out",
            str(out),
            "--plot",
        ]
    )
    assert code == 0
    for name in ("series.parquet", "final.parquet", "events.parquet", "curves.png"):
        assert (out / name).is_file(), name
    assert not list(out.glob("*.csv")), "the store keeps Parquet only"
    series = pd.read_parquet(out / "series.parquet")
    assert sorted(series["take"].unique()) == [1, 2, 3, 4, 5]
    assert list(series.columns) == ["take", "t", "S", "Z", "R"]
    assert (out / "curves.png").stat().st_size > 1000
    # CSV on request: the same numbers as the Parquet tables
    assert main(["export", str(out), "--format", "csv"]) == 0
    for name in ("series", "final", "summary/bands"):
        from_csv = pd.read_csv(out / "csv" / f"{name}.csv")
        from_parquet = pd.read_parquet(out / f"{name}.parquet")
        pd.testing.assert_frame_equal(from_csv, from_parquet, check_dtype=False)


def test_run_a_shipped_scenario(tmp_path: Path) -> None:
    assert main(["run", "munz-eradication", "--out", str(tmp_path / "e")]) == 0
    events = pd.read_parquet(tmp_path / "e" / "events.parquet")
    assert events["t"].tolist() == [2.5, 5.0, 7.5, 10.0]
    assert (events["moved"] > 0).all()


def test_analyse_prints_r0_equilibria_and_odds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyse", "munz_basic", "--set", "Pi=0", "--set", "delta=0"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "R0 (next-generation matrix, infected Z): 1.9" in out
    assert "unstable" in out and "stable" in out
    assert "dies out (branching process): 0.526316" in out


def test_analyse_alemi_prints_final_sizes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyse", "alemi_szr"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "zombies win; S∞=0, Z∞=200.8" in out
    assert "humans win with probability 0.8" in out


def test_analyse_quarantine_prints_munz_formula(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyse", "munz_quarantine", "--set", "Pi=0", "--set", "delta=0"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "infected I Z): 0.931373" in out and "ρ+κ)(αN+σ)): 0.931373" in out


def test_analyse_rejects_an_unknown_infected_species(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyse", "alemi_szr", "--infected", "Q"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "--infected" in err and "'Q'" in err and "allowed: S Z R" in err


def test_analyse_rejects_another_engine(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyse", "hyosan-high"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "engine: analysis needs a compartmental model (got 'building')" in err
    assert "allowed: compartmental" in err
