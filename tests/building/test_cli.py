"""`hyosan run` on a building scenario prints the named characters' fates."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.building.conftest import tiny_scenario

from hyosan.cli import main


def test_run_prints_the_named_characters_fates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tiny_scenario(
        tmp_path,
        [{"name": "Z0", "room": "hall"}, {"name": "Ha-ri", "room": "west room"}],
        outbreak={"zombies": ["Z0"]},
    )
    code = main(["run", str(path), "--takes", "2", "--out", str(tmp_path / "out"), "--no-plot"])
    assert code == 0
    text = capsys.readouterr().out
    assert "named characters" in text and "Ha-ri" in text and "zombie" in text
    assert (tmp_path / "out" / "fates.parquet").is_file()
