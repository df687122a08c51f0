"""Every known-bad input (known_bad.py), each in a forked child with a memory limit (4 GiB) and a
time limit (60 s): exit 2 with a message (or the expected exit of a usage case), no traceback,
no signal, no code run, nothing written outside the case's run root."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import run_case, small_run
from known_bad import cases

CASES = cases()
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("known-bad")


@pytest.fixture(scope="module")
def finished_run(root: Path) -> Path:
    return small_run(root)


def test_the_list_covers_every_input_path() -> None:
    """Scenario files of each engine, options, plans, maps, data and --until are all there."""
    text = " ".join(" ".join(c.argv) + " ".join(c.files) for c in CASES)
    for needle in ("run", "sweep", "calibrate", "takes", "--until", ".npy", ".plan", ".csv"):
        assert needle in text
    assert len(CASES) >= 140


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_known_bad_case(case, root: Path, finished_run: Path) -> None:
    kind, _, last = run_case(case, root, finished_run, timeout=60.0)
    assert kind == "clean", f"{case.name}: {kind}: {last}"
