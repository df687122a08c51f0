"""No name field of a scenario can create a file: species, parameter, reaction, run, character,
room and place names, each set to path and code payloads, are refused or stay data."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import run_case
from known_bad import BUILDING, GOOD_MAP, GRID, NETWORK, RUN, Case

PAYLOADS = [
    "../../pwned",
    "/tmp/hyosan-escaped-abs",
    "Z\nimport os; open('{dir}/PWNED', 'w').write('x')\n#",
    "x'); open('{dir}/PWNED', 'w').write('x'); ('",
    "$(touch {dir}/PWNED)",
    "`touch {dir}/PWNED`",
]


def _toml(text: str) -> str:
    """A TOML basic string holding ``text``."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _cases(payload: str) -> list[Case]:
    quoted = _toml(payload)
    reaction = f"[{{name = {quoted}, reaction = 'S + Z -> 2 Z', rate = 'beta'}}]"
    rate = f"[{{name = 'b', reaction = 'S + Z -> 2 Z', rate = {quoted}}}]"
    network = NETWORK.format(species='["S", "Z"]')
    return [
        Case("species", (*RUN,), {"s.toml": NETWORK.format(species=f'["S", "Z", {quoted}]')}),
        Case(
            "reaction",
            (*RUN, "--set", f"compartmental.network.reactions={reaction}"),
            {"s.toml": network},
        ),
        Case(
            "parameter",
            (*RUN, "--set", f"compartmental.network.reactions={rate}"),
            {"s.toml": network},
        ),
        Case(
            "parameter key",
            (*RUN, "--set", f"compartmental.parameters={{{quoted} = 1}}"),
            {"s.toml": network},
        ),
        Case("run name", (*RUN, "--set", f"name={quoted}"), {"s.toml": network}),
        Case(
            "place",
            (*RUN, "--set", f"lattice.outbreaks=[{{at = {quoted}}}]"),
            {"s.toml": GRID, "map.npy": GOOD_MAP},
        ),
        Case(
            "room", (*RUN, "--set", f"building.outbreak.infected_in={quoted}"), {"s.toml": BUILDING}
        ),
    ]


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("names")


@pytest.mark.slow
@pytest.mark.parametrize("payload", PAYLOADS)
def test_names_are_refused_or_data(payload: str, root: Path) -> None:
    for case in _cases(payload):
        kind, _, last = run_case(case, root, root, timeout=120.0)
        # refused with a message, or (a reaction name is free text) run with nothing written
        # outside the run directory and no code run
        allowed = ("clean", "accepted") if case.name == "reaction" else ("clean",)
        assert kind in allowed, f"{case.name} = {payload!r}: {kind}: {last}"


@pytest.mark.slow
def test_character_names_stay_data(root: Path) -> None:
    """Character names are free text: a run with every payload as a name writes only its run."""
    names = [p for p in PAYLOADS if p.isprintable()]
    people = ", ".join(f"{{name = {_toml(n)}, klass = '2-5'}}" for n in names)
    case = Case(
        "characters",
        (
            *RUN,
            "--backend",
            "serial",
            "--set",
            f"building.characters=[{people}]",
            "--set",
            "building.outbreak.patient_zero=''",
            "--set",
            "building.duration='10 min'",
        ),
        {"s.toml": BUILDING},
        ok=0,
    )
    kind, _, last = run_case(case, root, root, timeout=300.0)
    assert kind == "clean", f"{kind}: {last}"
