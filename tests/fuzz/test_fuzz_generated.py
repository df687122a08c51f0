"""Generated hostile inputs over every input path, tested in-process (no simulation runs).

Each property states the contract of an input path: whatever the input, the answer is a valid
value or a :class:`HyosanError` with a message, never another exception. Over all properties,
1,250 cases are generated per run (6 × 80 tables, 150 overrides, 100 files, 40 nestings,
100 plans, 60 rasters, 60 data files, 200 expressions, 60 command lines), with a fixed seed
(``derandomize``), so a failure reproduces.
"""

from __future__ import annotations

import copy
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from known_bad import npy_header

from hyosan.building.plan import parse_plan
from hyosan.cli import main
from hyosan.ensemble.calibrate import read_observations
from hyosan.ensemble.query import evaluate
from hyosan.errors import HyosanError
from hyosan.lattice.maps import read_npy
from hyosan.scenario import apply_overrides, parse_toml, validate
from hyosan.scenario.limits import budget_bytes, run_bytes
from hyosan.scenario.load import resolve

FAST = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

HOSTILE = st.one_of(
    st.sampled_from(
        [math.inf, -math.inf, math.nan, -1, 0, 1e300, -1e300, 2**70, -(2**70), True, False]
        + ["", "x" * 10_000, "../../x", "/etc/passwd", "a\nb", "\x00", "1e999 d", "-5 h"]
        + ["1e-12 h", "inf", "nan", [], {}, [math.nan], [-1], ["a"], {"a": 1}]
    ),
    st.integers(min_value=-(2**64), max_value=2**64),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
)


def _paths(table: dict, prefix: tuple = ()) -> list[tuple]:
    """Every key path of a nested table (tables and list items included)."""
    out = []
    for key, value in table.items():
        path = (*prefix, key)
        out.append(path)
        if isinstance(value, dict):
            out += _paths(value, path)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    out += _paths(item, (*path, i))
    return out


def _set(table: dict, path: tuple, value: object) -> dict:
    out = copy.deepcopy(table)
    node = out
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return out


def _valid_or_error(table: dict) -> None:
    """Validation accepts (within the memory budget) or refuses with a message."""
    try:
        scenario = validate(table, "fuzz.toml")
    except HyosanError as exc:
        assert str(exc).strip()
        return
    assert run_bytes(scenario, scenario.takes) <= budget_bytes()


@pytest.fixture(scope="module")
def bases() -> dict[str, dict]:
    """A valid table of each engine, from the shipped scenarios (the grid map from a CSV)."""
    out = {}
    for name in ("munz-basic", "hyosan-city", "bond-lattice", "hyosan-high", "repast-zombies"):
        out[name] = resolve(name)[0]
    out["hyosan-city-lattice"] = resolve("hyosan-city-lattice")[0]
    return out


@pytest.mark.parametrize(
    "engine",
    [
        "munz-basic",
        "hyosan-city",
        "bond-lattice",
        "hyosan-city-lattice",
        "hyosan-high",
        "repast-zombies",
    ],
)
@settings(FAST, max_examples=80)
@given(data=st.data())
def test_scenario_tables(bases: dict, engine: str, data: st.DataObject) -> None:
    """Any key of any engine's table set to a hostile value: valid or a clean error."""
    table = bases[engine]
    path = data.draw(st.sampled_from(_paths(table)))
    _valid_or_error(_set(table, path, data.draw(HOSTILE)))


KEYS = st.sampled_from(
    ["seed", "takes", "name", "beta", "t_end", "compartmental.method", "initial.S", "a.b.c"]
    + ["compartmental.points", "compartmental.tau", "lattice.bond.rows", "building.dt", ""]
)
VALUES = st.one_of(
    st.sampled_from(["inf", "nan", "1e999", "true", "-1", "[[[[1]]]]", "'../x'", "{a=1}", ""]),
    st.text(max_size=20),
    st.integers().map(str),
)


@settings(FAST, max_examples=150)
@given(key=KEYS, value=VALUES, raw=st.text(max_size=30))
def test_set_overrides(bases: dict, key: str, value: str, raw: str) -> None:
    """--set key=value and arbitrary --set text: valid or a clean error."""
    for item in (f"{key}={value}", raw):
        try:
            table = apply_overrides(bases["munz-basic"], [item])
        except HyosanError as exc:
            assert str(exc).strip()
            continue
        _valid_or_error(table)


@settings(FAST, max_examples=100)
@given(data=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_scenario_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    """Any bytes as a scenario file: a table or a clean error (never a decoding traceback)."""
    file = tmp_path_factory.mktemp("toml") / "s.toml"
    file.write_bytes(data)
    try:
        table, _, _ = resolve(file)
    except HyosanError as exc:
        assert str(exc).strip()
        return
    assert isinstance(table, dict)


@settings(FAST, max_examples=40)
@given(depth=st.integers(1, 3000), kind=st.sampled_from(["[", "{a="]))
def test_nested_toml(depth: int, kind: str) -> None:
    closing = "]" if kind == "[" else "}"
    text = "x = " + kind * depth + ("1" if kind != "[" else "") + closing * depth
    try:
        parse_toml(text, "deep.toml")
    except HyosanError as exc:
        assert "deep.toml" in str(exc)


PLAN_CHARS = st.sampled_from(list("#.^+=~: ab\n"))


@settings(FAST, max_examples=100)
@given(body=st.text(PLAN_CHARS, max_size=120), floors=st.integers(1, 3))
def test_floor_plans(body: str, floors: int) -> None:
    """Random floor plans: a plan or a clean error naming a line."""
    text = "[rooms]\na = class 1-1\nb = class 1-2\n"
    text += "".join(f"[floor {n}]\n{body}\n" for n in range(1, floors + 1))
    try:
        parse_plan(text, "fuzz.plan")
    except HyosanError as exc:
        assert "fuzz.plan" in str(exc)


@settings(FAST, max_examples=60)
@given(
    shape=st.lists(st.integers(0, 10**7), min_size=0, max_size=4).map(tuple),
    descr=st.sampled_from(["<f8", "<i4", "|O", "<U3", "|b1", "<c16"]),
)
def test_npy_headers(tmp_path_factory: pytest.TempPathFactory, shape: tuple, descr: str) -> None:
    """A .npy header claiming any shape and type: refused before allocating, or read."""
    file = tmp_path_factory.mktemp("npy") / "m.npy"
    file.write_bytes(npy_header(shape).replace(b"<f8", descr.encode()))
    try:
        raster = read_npy(file)
    except HyosanError as exc:
        assert "m.npy" in str(exc)
        return
    assert raster.size <= 64


CELLS = st.one_of(
    st.sampled_from(["inf", "-1", "nan", "", "x", "1e999", "0"]),
    st.floats(0, 1e6).map(str),
)


@settings(FAST, max_examples=60)
@given(
    rows=st.lists(st.tuples(CELLS, CELLS), max_size=6),
    header=st.sampled_from(["t,Z", "Z,t", "t", "x,y"]),
)
def test_calibration_data(
    tmp_path_factory: pytest.TempPathFactory, rows: list, header: str
) -> None:
    """Calibration CSVs: finite, increasing, at least two rows, or a clean error."""
    file = tmp_path_factory.mktemp("csv") / "d.csv"
    file.write_text(header + "\n" + "".join(f"{a},{b}\n" for a, b in rows))
    try:
        obs = read_observations(file)
    except HyosanError as exc:
        assert "d.csv" in str(exc)
        return
    assert len(obs.times) >= 2 and np.all(np.isfinite(obs.times)) and np.all(np.diff(obs.times) > 0)


TOKENS = st.sampled_from(
    ["S", "Z", "take", "1", "99999999", "'ab'", "*", "+", "/", "==", "and", "not", "(", ")"]
    + ["[", "]", ",", ".", "__class__", "fate", "survives('Nam-ra')", "**", "lambda", ":", "`x`"]
)


@settings(FAST, max_examples=200)
@given(tokens=st.lists(TOKENS, max_size=12), raw=st.text(max_size=40))
def test_until_expressions(tokens: list[str], raw: str) -> None:
    """--until: a condition per take or a clean error; never an attribute, never a blow-up."""
    table = pd.DataFrame({"take": [1, 2, 3], "S": [5, 0, 2], "Z": [0, 3, 1]})
    for expression in (" ".join(tokens), raw):
        try:
            mask = evaluate(expression, table)
        except HyosanError as exc:
            assert "--until" in str(exc)
            continue
        assert len(mask) == 3 and mask.dtype == bool


OPTION_VALUES = st.sampled_from(["0", "-1", "two", "", "1e9", "10000000000000", "nan", "../x"])
OPTIONS = st.sampled_from(
    ["--takes", "--seed", "--workers", "--take", "--out", "--backend", "--lhs", "--starts"]
    + ["--grid", "--range", "--set", "--until", "--bogus"]
)


@settings(FAST, max_examples=60)
@given(
    command=st.sampled_from(["run", "sweep", "calibrate", "validate", "takes", "bogus", "show"]),
    options=st.lists(st.tuples(OPTIONS, OPTION_VALUES), max_size=3),
)
def test_command_lines(
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    command: str,
    options: list,
) -> None:
    """Any options on a missing target: exit 2 with a message, no traceback, nothing written."""
    where = tmp_path_factory.mktemp("cli")
    argv = [command, str(where / "missing.toml")]
    for option, value in options:
        argv += [option, value]
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2, (argv, err)
    assert "Traceback" not in err and err.strip()
    assert list(Path(where).iterdir()) == []
