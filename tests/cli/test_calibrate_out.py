"""A calibration never silently replaces an earlier fit made with other options."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pandas as pd
import pytest

from hyosan.cli import main

ARGS = ["calibrate", "witkowski_sezr", "--data", "shaun-of-the-dead", "--fit", "beta"]


def test_other_options_refuse_the_same_directory_and_defaults_differ(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "fit"
    quick = [*ARGS, "--starts", "1", "--no-plot", "--no-progress"]
    assert main([*quick, "--out", str(out)]) == 0
    first = (out / "fit.csv").read_text()
    assert main([*quick, "--out", str(out), "--likelihood", "negbin"]) == 2
    message = capsys.readouterr().err
    assert "holds a fit made with other options" in message and str(out) in message
    assert (out / "fit.csv").read_text() == first  # untouched
    assert main([*quick, "--out", str(out)]) == 0  # the same options: the fit read back
    assert "already fitted with these options" in capsys.readouterr().out
    assert pd.read_csv(out / "fit.csv").equals(pd.read_csv(io.StringIO(first)))
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        assert main(quick) == 0
        assert main([*quick, "--likelihood", "negbin"]) == 0
    finally:
        os.chdir(cwd)
    made = sorted(p.name for p in (tmp_path / "runs").iterdir())
    assert made == ["witkowski-sezr-calibration-negbin", "witkowski-sezr-calibration-poisson"]
