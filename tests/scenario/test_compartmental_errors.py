"""Bad compartmental scenario files: one clear message each, exit code 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from hyosan.cli import main

GOOD = """\
name = "t"
engine = "compartmental"

[compartmental]
model = "alemi_szr"
time_unit = "h"
t_end = "10 h"

[compartmental.parameters]
beta = "0.0018 /h"

[compartmental.initial]
S = 99
Z = 1
"""


def assert_one_clear_error(
    good: str,
    old: str,
    new: str,
    words: list[str],
    path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``good`` with ``old`` replaced by ``new`` fails validation with exit 2 and one message
    that names the file and holds every one of ``words``, without a traceback."""
    assert old in good
    path.write_text(good.replace(old, new, 1))
    assert main(["validate", str(path)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "Traceback" not in err
    assert err.count("error:") == 1
    assert str(path) in err.replace(" ", "") or str(path) in err
    for word in words:
        assert word in err, f"{word!r} missing from: {err}"


CASES = {
    # case: (replace this, with this, words the message must hold)
    "unknown key": (
        't_end = "10 h"',
        't_end = "10 h"\nspeed = 3',
        ["compartmental.speed", "unknown key", "allowed", "t_end"],
    ),
    "wrong unit": (
        't_end = "10 h"',
        't_end = "10 kg"',
        ["compartmental.t_end", "'10 kg'", "allowed", "s, min, h, d, wk"],
    ),
    "wrong rate unit": (
        'beta = "0.0018 /h"',
        'beta = "0.0018 /furlong"',
        ["compartmental.parameters.beta", "0.0018 /furlong", "allowed"],
    ),
    "negative rate": (
        'beta = "0.0018 /h"',
        "beta = -0.5",
        ["compartmental.parameters.beta", "-0.5", "greater than or equal to 0"],
    ),
    "missing species": (
        "Z = 1",
        "Z = 1\nQ = 4",
        ["compartmental.initial.Q", "not a species", "4", "allowed: S, Z, R"],
    ),
    "unknown parameter": (
        'beta = "0.0018 /h"',
        "gamma = 0.1",
        ["compartmental.parameters.gamma", "not a parameter", "allowed: alpha, beta"],
    ),
    "unknown model": (
        'model = "alemi_szr"',
        'model = "romero"',
        ["compartmental.model", "romero", "allowed", "munz_basic"],
    ),
    "bad TOML": ("S = 99", "S = = 99", ["not valid TOML", "line 13, column 5"]),
    "missing key": ('t_end = "10 h"', "", ["compartmental.t_end", "required key is missing"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_file_gives_one_clear_message_and_exit_2(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new, words = CASES[case]
    assert_one_clear_error(GOOD, old, new, words, tmp_path / "bad.toml", capsys)


def test_good_file_validates(tmp_path: Path) -> None:
    path = tmp_path / "good.toml"
    path.write_text(GOOD)
    assert main(["validate", str(path)]) == 0


def test_impulse_naming_a_missing_species(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        GOOD + '\n[[compartmental.impulses]]\nspecies = "Q"\ntimes = ["2 h"]\nfractions = 0.5\n'
    )
    assert main(["run", str(path), "--out", str(tmp_path / "o")]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "compartmental.impulses.0.species" in err and "'Q'" in err and "allowed: S, Z, R" in err


def test_bad_override_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "alemi_szr", "--set", "beta=-1"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "compartmental.parameters.beta" in err and "-1" in err


def test_units_convert_everywhere() -> None:
    from hyosan.scenario import load_scenario

    scenario = load_scenario(
        "munz_basic",
        [
            'time_unit="h"',
            't_end="2 d"',
            'beta="0.24 /d"',
            'compartmental.changes=[{time="1 d", set={alpha="2.4 /d"}}]',
            'compartmental.impulses=[{species="Z", times=["30 min"], fractions=0.5}]',
        ],
    )
    spec = scenario.compartmental
    assert spec is not None
    assert spec.t_end == 48.0
    assert spec.parameters["beta"] == pytest.approx(0.01)
    assert spec.changes[0].time == 24.0 and spec.changes[0].set["alpha"] == pytest.approx(0.1)
    assert spec.impulses[0].times == [0.5]


NETWORK = """\
name = "n"
engine = "compartmental"

[compartmental]
t_end = 5

[compartmental.network]
species = ["S", "Z"]
reactions = [{ name = "bite", reaction = "S + Z -> 2 Z", rate = "b" }]

[compartmental.parameters]
b = 0.1
"""

NETWORK_CASES = {
    "species not declared": (
        "2 Z",
        "2 Q",
        ["compartmental.network", "'bite'", "['Q']", "['S', 'Z']"],
    ),
    "parameter without value": (
        'rate = "b"',
        'rate = "b * c"',
        ["compartmental.parameters", "no value", "'c'"],
    ),
    "unreadable rate": (
        'rate = "b"',
        'rate = "import os"',
        ["compartmental.network", "cannot read", "import os"],
    ),
    "negative rate expression": (
        'rate = "b"',
        'rate = "b - 1"',
        ["compartmental.parameters", "negative rate -0.9", "'b - 1'", "allowed: rates ≥ 0"],
    ),
}


@pytest.mark.parametrize("case", sorted(NETWORK_CASES))
def test_bad_custom_network_is_named(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new, words = NETWORK_CASES[case]
    assert_one_clear_error(NETWORK, old, new, words, tmp_path / "net.toml", capsys)


def test_fractional_count_for_a_stochastic_method(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        GOOD.replace("S = 99", "S = 99.5").replace(
            'time_unit = "h"', 'time_unit = "h"\nmethod = "ssa"'
        )
    )
    assert main(["validate", str(path)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "compartmental.initial.S" in err and "99.5" in err and "whole numbers" in err
    path.write_text(GOOD.replace("S = 99", "S = 99.5"))
    assert main(["validate", str(path)]) == 0  # the ODE takes any amount
