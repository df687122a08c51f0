"""Tables fit 80 columns: long paths and large counts wrap, none is cut off with an ellipsis."""

from __future__ import annotations

from pathlib import Path

import pytest

from hyosan.cli import main
from hyosan.ensemble.store import load_result


def test_runs_and_show_fit_80_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = tmp_path / "runs" / "alemi-szr-with-a-long-directory-name-for-a-country"
    start = "compartmental.initial={S=6293267, Z=1}"
    args = ["run", "alemi_szr", "--set", start, "--takes", "2", "--out", str(out)]
    assert main([*args, "--no-progress", "--no-plot"]) == 0
    assert main(["runs", str(tmp_path / "runs")]) == 0
    assert main(["show", str(out)]) == 0
    text = capsys.readouterr().out
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "…" not in text
    removed = load_result(out).final["R"].mean()
    assert removed > 1e6 and f"{removed:,.0f}" in text  # a count of people, whole, not cut
    assert f"{removed:,.2f}" not in text
    joined = "".join(line.strip("│ ┃") for line in lines)
    assert "long-directory-name-for-a-country" in joined.replace("│", "").replace(" ", "")


def test_runs_keeps_a_path_that_fits_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.chdir(tmp_path)
    out = "runs/hyosan-high-storm"  # as `hyosan runs` lists runs/ by default
    assert main(["run", "alemi_szr", "--takes", "2", "--out", out, "--no-progress"]) == 0
    capsys.readouterr()
    assert main(["runs"]) == 0
    text = capsys.readouterr().out
    assert max(len(line) for line in text.splitlines()) <= 80
    assert any(out in line for line in text.splitlines()), text
