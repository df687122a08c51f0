"""The scenario file in docs/scenarios.md runs as written, and says what it claims."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

import hyosan
from hyosan.cli import main

DOC = Path(__file__).resolve().parents[2] / "docs" / "scenarios.md"


def example(tmp_path: Path) -> Path:
    blocks = re.findall(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    assert len(blocks) == 1
    path = tmp_path / "tired.toml"
    path.write_text(blocks[0], encoding="utf-8")
    return path


def test_custom_network_example_runs_as_written(tmp_path: Path) -> None:
    path = example(tmp_path)
    result = hyosan.simulate(path)
    assert result.takes == list(range(1, 21))
    assert result.states == ["S", "Z", "T", "R"]
    totals = result.series[["S", "Z", "T", "R"]].sum(axis=1).to_numpy()
    np.testing.assert_array_equal(totals, 1000)
    events = result.tables["events"]
    strike = events[events["event"] == "impulse"]
    assert (strike["t"] == 5.0).all() and len(strike) == 20
    # the 6 /h rate was converted to days
    assert result.meta["parameters"]["tire"] == 144.0


def test_custom_network_example_analyses(tmp_path: Path) -> None:
    assert main(["analyse", str(example(tmp_path)), "--infected", "Z T"]) == 0
