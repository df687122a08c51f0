"""The command line never shows a traceback for a usage error, and ends quietly on a closed
pipe; an unexpected error prints one line naming the command and a report file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hyosan import __version__
from hyosan.cli import BROKEN_PIPE, main


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_no_arguments_shows_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run([], capsys)
    assert code == 0 and "Usage" in out + err and "run" in out + err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["--version"], capsys)
    assert code == 0 and out.strip() == f"hyosan {__version__}"


def test_python_dash_m_runs_the_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "hyosan", "--version"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stdout.strip() == f"hyosan {__version__}"


@pytest.mark.parametrize(
    "argv",
    [
        ["bogus"],
        ["--bogus"],
        ["run", "munz-basic", "--bogus"],
        ["run", "munz-basic", "--takes", "two"],
        ["run"],
    ],
)
def test_usage_errors_exit_2_with_usage(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(argv, capsys)
    assert code == 2 and "Usage" in err and "Error" in err


def test_internal_error_is_one_line_and_a_report(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something unexpected")

    monkeypatch.setattr("hyosan.scenario.load_scenario", boom)
    code, _, err = _run(["validate", "munz-basic"], capsys)
    assert code == 1
    line = " ".join(err.split())
    assert "internal error in hyosan validate" in line and "something unexpected" in line
    report = Path(line.split("details in ")[1].strip())
    try:
        text = report.read_text()
        assert "Traceback" in text and "RuntimeError" in text and "validate munz-basic" in text
    finally:
        report.unlink()


def _hyosan(args: list[str], **kwargs: object) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen(
        [sys.executable, "-c", "import sys; from hyosan.cli import main; sys.exit(main())", *args],
        env=env,
        stderr=subprocess.PIPE,
        **kwargs,
    )


@pytest.mark.slow
def test_closed_pipe_ends_quietly() -> None:
    """The reader goes away before hyosan writes (as `| head` does): nothing on stderr.

    Rich stops on a broken pipe with exit code 1; a write outside Rich ends with 141."""
    child = _hyosan(["models"], stdout=subprocess.PIPE)
    assert child.stdout is not None
    child.stdout.close()
    _, err = child.communicate(timeout=120)
    assert child.returncode in (1, BROKEN_PIPE), err.decode()
    assert err == b""


def test_broken_pipe_outside_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    def closed(*args: object, **kwargs: object) -> None:
        raise BrokenPipeError

    monkeypatch.setattr("hyosan.cli._run", closed)
    monkeypatch.setattr("hyosan.cli.os.dup2", lambda *a: None)
    assert main(["models"]) == BROKEN_PIPE


@pytest.mark.slow
@pytest.mark.parametrize(
    "data",
    [
        b"\x00\xff\xfe\x01" * 10,
        'name = "caf\xe9"\n'.encode("latin-1"),
        'name = "x"\n'.encode("utf-16"),
    ],
    ids=["binary", "latin-1", "utf-16"],
)
def test_encodings_in_a_real_process(tmp_path: Path, data: bytes) -> None:
    file = tmp_path / "s.toml"
    file.write_bytes(data)
    child = _hyosan(["validate", str(file)], stdout=subprocess.PIPE)
    _, err = child.communicate(timeout=120)
    assert child.returncode == 2
    text = " ".join(err.decode().split())
    assert "not a UTF-8 TOML file" in text and "Traceback" not in text
