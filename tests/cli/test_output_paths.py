"""A path a command cannot write is a usage error naming the option and the path, found before
the command's work: never an internal error once the work is done."""

from __future__ import annotations

from pathlib import Path

import pytest

from hyosan.cli import main

STORED = ["run", "alemi_szr", "--takes", "2", "--no-progress", "--no-plot"]


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small stored run for the commands that read one."""
    where = tmp_path_factory.mktemp("stored") / "run"
    assert main([*STORED, "--out", str(where)]) == 0
    return where


def _commands(run: Path, out: str) -> dict[str, list[str]]:
    """Each command that writes, with its output option set to ``out``."""
    return {
        "run": ["run", "alemi_szr", "--takes", "2", "--no-progress", "--out", out],
        "calibrate": [
            *("calibrate", "witkowski_sezr", "--data", "shaun-of-the-dead", "--fit", "beta"),
            *("--no-progress", "--out", out),
        ],
        "sweep": [
            *("sweep", "alemi_szr", "--grid", "beta=0.001:0.01:2", "--takes", "1"),
            *("--no-progress", "--out", out),
        ],
        "report": ["report", str(run), "--no-progress", "--out", out],
        "export": ["export", str(run), "--format", "csv", "--out", out],
        "maps": ["maps", "korea", "--out", out],
        "compare": ["compare", "alemi_szr", "--set-b", "alpha=1.2", "--takes", "2", "--csv", out],
    }


@pytest.mark.parametrize(
    "command", ["run", "calibrate", "sweep", "report", "export", "maps", "compare"]
)
def test_a_path_under_a_file_is_refused(
    command: str,
    stored: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    out = blocker / "inside" / "out.csv"
    capsys.readouterr()
    code = main(_commands(stored, str(out))[command])
    text = " ".join(" ".join(capsys.readouterr()).split())
    option = "--csv" if command == "compare" else "--out"
    assert code == 2, text
    assert "internal error" not in text and "Traceback" not in text
    assert f"error: {option}:" in text
    assert str(out) in "".join(text.split()), text  # the path, whatever the wrapping


@pytest.mark.parametrize("command", ["report", "compare"])
def test_a_directory_given_as_a_file_is_refused(
    command: str, stored: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    code = main(_commands(stored, str(tmp_path))[command])
    text = " ".join(" ".join(capsys.readouterr()).split())
    assert code == 2, text
    assert "a directory, not a file" in text and "internal error" not in text
