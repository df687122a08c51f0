"""A real SIGINT or SIGTERM at a random (seeded) moment of run, sweep, calibrate, report and
export: the command ends with one line and exit 130 or 143 (or 0 when it had finished), no
file is left half-written or replaced by a part, and the same command again ends equal, table
for table, to a clean run of it."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from hyosan.cli import main
from hyosan.ensemble.store import load_result

pytestmark = pytest.mark.slow

# the child marks when hyosan is imported (a signal before that is Python's, not hyosan's),
# then runs the command as the `hyosan` entry point does
CHILD = (
    "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from hyosan.cli import main; open(sys.argv[1], 'w').close(); "
    "sys.argv = ['hyosan', *sys.argv[2:]]; main()"
)
SSA = ("--set", "compartmental.method='ssa'")


@dataclass(frozen=True)
class Command:
    """A command line (``{out}`` is where it writes, ``{run}`` a finished run) and how long it
    works after hyosan is imported, roughly: the signal lands within that span."""

    name: str
    argv: tuple[str, ...]
    span: float


COMMANDS = [
    Command(
        "run",
        ("run", "munz-basic", *SSA, "--takes", "400", "--out", "{out}", "--backend", "serial"),
        1.0,
    ),
    Command(
        "sweep",
        ("sweep", "munz-basic", *SSA, "--grid", "beta=0.008,0.009,0.01", "--takes", "20")
        + ("--out", "{out}", "--backend", "serial"),
        2.0,
    ),
    Command(
        "calibrate",
        ("calibrate", "munz-basic", "--data", "shaun-of-the-dead", "--fit", "beta")
        + ("--out", "{out}"),
        2.0,
    ),
    Command("report", ("report", "{run}", "--out", "{out}/report.html"), 1.5),
    Command("export", ("export", "{run}", "--format", "csv", "--out", "{out}"), 0.5),
]
QUIET = ("--no-progress", "--no-plot")
PLOTS = {"run", "calibrate"}


def argv_of(command: Command, out: Path, run: Path) -> list[str]:
    argv = [a.replace("{out}", str(out)).replace("{run}", str(run)) for a in command.argv]
    return argv + [q for q in QUIET if q == "--no-progress" or command.name in PLOTS]


def outputs(command: Command, out: Path) -> dict[str, pd.DataFrame | bytes]:
    """What the command wrote, as tables (or bytes for the report)."""
    if command.name == "run":
        result = load_result(out)
        return {"series": result.series, "final": result.final, **result.tables}
    if command.name == "sweep":
        return {"sweep": pd.read_parquet(out / "sweep.parquet")}
    if command.name == "calibrate":
        return {name: pd.read_csv(out / name) for name in ("fit.csv", "fitted.csv")}
    if command.name == "report":
        return {"report.html": (out / "report.html").read_bytes()}
    return {p.name: pd.read_csv(p) for p in sorted(out.glob("*.csv"))}


def temporaries(out: Path) -> list[Path]:
    """Files and directories under ``out`` that a write in progress would leave."""
    return [p for p in out.rglob(".*") if ".tmp" in p.name]


def assert_same(got: dict, clean: dict) -> None:
    assert sorted(got) == sorted(clean)
    for name, table in clean.items():
        if isinstance(table, bytes):
            assert got[name] == table, name
        else:
            pd.testing.assert_frame_equal(got[name], table, obj=name)


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> Path:
    run = tmp_path_factory.mktemp("finished") / "run"
    assert main(["run", "munz-basic", *SSA, "--takes", "6", "--out", str(run), *QUIET]) == 0
    return run


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory, finished: Path) -> dict[str, dict]:
    """Each command's outputs from a clean, uninterrupted run of it."""
    found = {}
    for command in COMMANDS:
        out = tmp_path_factory.mktemp(f"clean-{command.name}") / "out"
        assert main(argv_of(command, out, finished)) == 0, command.name
        found[command.name] = outputs(command, out)
    return found


def interrupt(argv: list[str], how: signal.Signals, moment: float, tmp: Path) -> tuple[int, str]:
    """Run ``argv`` as the ``hyosan`` command, send ``how`` ``moment`` seconds after it has
    imported hyosan (unless it has ended); its exit code and standard error."""
    ready = tmp / "ready"
    env = {**os.environ, "COLUMNS": "400"}  # one line stays one line
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(ready), *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 60
    while not ready.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(moment)
    if child.poll() is None:
        child.send_signal(how)
    _, err = child.communicate(timeout=120)
    return child.returncode, err


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("command", COMMANDS, ids=[c.name for c in COMMANDS])
def test_a_signal_at_a_random_moment_then_the_same_command_equals_a_clean_run(
    command: Command,
    how: signal.Signals,
    tmp_path: Path,
    finished: Path,
    clean: dict[str, dict],
) -> None:
    moment = random.Random(f"{command.name}-{how.name}").uniform(0.0, command.span)
    out = tmp_path / "out"
    argv = argv_of(command, out, finished)
    if command.name in ("report", "export"):  # a good file is there: it must not be harmed
        assert main(argv) == 0
    code, err = interrupt(argv, how, moment, tmp_path)
    said = f"{command.name}, {how.name} after {moment:.2f} s: exit {code}, stderr {err!r}"
    assert "Traceback" not in err, said
    if code != 0:
        assert code == (130 if how == signal.SIGINT else 143), said
        lines = err.strip().splitlines()
        assert len(lines) == 1 and ("interrupted" in lines[0] or "terminated" in lines[0]), said
    # a chunk being written stays in its hidden .tmp- directory until the resume removes it
    left = [p for p in temporaries(out) if not any(q.startswith(".tmp-") for q in p.parts)]
    assert not left, f"{said}: a temporary was left: {left}"
    if command.name in ("report", "export"):
        assert_same(outputs(command, out), clean[command.name])  # never a part of a file
    assert main(argv) == 0, said
    assert_same(outputs(command, out), clean[command.name])
    assert not temporaries(out), said
