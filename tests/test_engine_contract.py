"""One contract for every engine in ``ENGINES``: determinism, takes that stand alone, documented
tables, bad input refused, truncation reported.

Each engine runs a small version of a shipped scenario (fixed seed). A new engine without a
case here fails :func:`test_every_engine_has_a_case`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import hyosan
from hyosan.engines import ENGINES
from hyosan.errors import HyosanError
from hyosan.result import WARNINGS, Result

DOCS = Path(__file__).resolve().parents[1] / "docs" / "results.md"
SEED = 23


@dataclass(frozen=True)
class Case:
    """A small run of a shipped scenario on one engine."""

    engine: str
    scenario: str
    small: list[str]
    bad: list[str]
    truncate: list[str] = field(default_factory=list)


CASES = [
    Case("compartmental", "alemi_szr", ["method='ssa'", "t_end=30", "points=7"], ["beta=-1"]),
    Case(
        "compartmental",
        "munz_eradication",
        ["method='tau'", "compartmental.initial={S=3000, Z=10}", "points=9"],
        ["compartmental.tau=-1"],
    ),
    Case(
        "building",
        "hyosan-high",
        ['building.duration="2 h"'],
        ['building.dt="-2 s"'],
        ["building.max_events=100"],
    ),
    Case(
        "lattice",
        "bond-lattice",
        ["lattice.bond.rows=48", "lattice.bond.cols=48", 'lattice.t_end="30 h"', "points=7"],
        ["lattice.bond.alpha=-0.3"],
    ),
    Case(
        "lattice",
        "hyosan-city-lattice",
        ['lattice.t_end="6 d"', "points=13", "lattice.snapshots=[0, 24]"],
        ["lattice.rates.alpha=-1"],
    ),
    Case(
        "repast",
        "repast-zombies",
        ["repast.width=30", "repast.height=30", "repast.humans=200", "repast.zombies=10"],
        ["repast.humans=-5"],
    ),
]
IDS = [f"{c.engine}:{c.scenario}" for c in CASES]


def _run(case: Case, takes: list[int], extra: list[str] | None = None) -> Result:
    return hyosan.simulate(
        case.scenario, takes=takes, seed=SEED, overrides=[*case.small, *(extra or [])]
    )


def _same(a: Result, b: Result) -> None:
    """Every table and array of ``a`` equals ``b``'s exactly (index ignored)."""
    assert a.engine == b.engine
    for name, left, right in [
        ("series", a.series, b.series),
        ("final", a.final, b.final),
        *[(n, a.tables[n], b.tables.get(n)) for n in a.tables],
    ]:
        assert right is not None, f"table {name} missing"
        pd.testing.assert_frame_equal(
            left.reset_index(drop=True), right.reset_index(drop=True), obj=name
        )
    assert sorted(a.tables) == sorted(b.tables)
    assert sorted(a.arrays) == sorted(b.arrays)
    for name in a.arrays:
        np.testing.assert_array_equal(a.arrays[name], b.arrays[name], err_msg=name)


def test_every_engine_has_a_case() -> None:
    assert sorted({c.engine for c in CASES}) == sorted(ENGINES)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_same_seed_gives_the_identical_result(case: Case) -> None:
    first = _run(case, [1, 2])
    _same(first, _run(case, [1, 2]))
    other = hyosan.simulate(case.scenario, takes=[1, 2], seed=SEED + 1, overrides=case.small)
    assert not other.series.equals(first.series), "another seed gives other numbers"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_subset_of_takes_equals_the_same_takes_of_the_whole_run(case: Case) -> None:
    whole = _run(case, [1, 2, 3])
    assert whole.takes == [1, 2, 3]
    _same(_run(case, [2]), whole.take(2))
    part = _run(case, [3, 1])
    for k in (1, 3):
        _same(part.take(k), whole.take(k))


def documented_tables() -> dict[str, dict[str, list[str]]]:
    """The columns docs/results.md gives each table, by engine section (``common`` first)."""
    found: dict[str, dict[str, list[str]]] = {}
    section = ""
    for line in DOCS.read_text().splitlines():
        head = re.match(r"## (\w+)", line)
        if head:
            section = head.group(1).lower()
        row = re.match(r"\| `(\w+)` \| `([\w, ]+)`", line)
        if row and section:
            columns = [c.strip() for c in row.group(2).split(",")]
            found.setdefault(section, {})[row.group(1)] = columns
    return found


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_result_tables_have_the_documented_columns(case: Case) -> None:
    docs = documented_tables()
    assert case.engine in docs, f"docs/results.md has no section for {case.engine}"
    own = {**docs["common"], **docs[case.engine]}
    result = _run(case, [1], case.truncate)
    assert list(result.series.columns[:2]) == ["take", "t"]
    assert list(result.final.columns[:1]) == ["take"]
    states = result.states
    assert states and all(pd.api.types.is_numeric_dtype(result.series[s]) for s in states)
    assert set(states) <= set(result.final.columns), "final holds every state"
    for name in ("series", "final"):
        if name in docs[case.engine]:
            assert list(getattr(result, name).columns) == docs[case.engine][name], name
    for name, table in result.tables.items():
        assert name in own, f"table {name!r} of {case.engine} is not in docs/results.md"
        assert list(table.columns) == own[name], name
    for name in result.arrays:
        assert f"| `{name}` |" in DOCS.read_text(), f"array {name!r} is not in docs/results.md"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_bad_parameter_is_a_hyosan_error_naming_the_key(case: Case) -> None:
    key, _, value = case.bad[0].partition("=")
    with pytest.raises(HyosanError) as caught:
        _run(case, [1], case.bad)
    message = str(caught.value)
    assert key.split(".")[-1] in message, message
    assert value.strip("'\"").split()[0] in message, message


@pytest.mark.parametrize("case", [c for c in CASES if c.truncate], ids=lambda c: c.engine)
def test_a_truncated_event_log_is_a_warning_on_the_result(case: Case) -> None:
    clean = _run(case, [1, 2])
    assert clean.warnings == []
    cut = _run(case, [1, 2], case.truncate)
    assert sorted(cut.tables[WARNINGS]["take"]) == [1, 2]
    assert all(w.startswith(("take 1:", "take 2:")) for w in cut.warnings)
    assert "max_events" in cut.warnings[0]
    assert cut.take(2).warnings == [w for w in cut.warnings if w.startswith("take 2:")]
    assert "2 warnings" in repr(cut)


def test_the_cli_shows_the_warning_of_a_truncated_log(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.truncate)
    sets = [a for s in [*case.small, *case.truncate] for a in ("--set", s)]
    command = [
        *[sys.executable, "-c", "import sys; from hyosan.cli import main; sys.exit(main())"],
        *["run", case.scenario, "--takes", "1", "--backend", "serial"],
    ]
    done = subprocess.run(
        [*command, *sets, "--out", str(tmp_path / "run"), "--no-plot", "--no-progress"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "warning" in done.stderr and "max_events" in done.stderr, done.stderr


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_an_engine_imports_no_report_ensemble_or_cli(engine: str) -> None:
    code = (
        "import importlib, sys; "
        f"importlib.import_module({ENGINES[engine]!r}); "
        "bad = sorted(m for m in sys.modules if m.split('.')[:2] in "
        "(['hyosan', 'report'], ['hyosan', 'ensemble'], ['hyosan', 'cli'])); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
