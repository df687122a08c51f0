"""Tiny buildings for behaviour tests: a hall between two rooms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import tomli_w

import hyosan
from hyosan.result import Result

TINY_PLAN = """\
; Two rooms either side of a hall, one door each.
[rooms]
a = west room
b = east room
[floor 1: hall]
###############################
#aaaaa#.................#bbbbb#
#aaaaa+.................+bbbbb#
#aaaaa#.................#bbbbb#
###############################
"""


def tiny_scenario(
    tmp_path: Path,
    characters: list[dict[str, Any]],
    *,
    duration: str = "20 min",
    plan: str = TINY_PLAN,
    **building: Any,
) -> Path:
    """Write a scenario on the tiny plan with only the given characters; return its path."""
    (tmp_path / "tiny.plan").write_text(plan)
    table: dict[str, Any] = {
        "name": "tiny",
        "engine": "building",
        "seed": 5,
        "building": {
            "plan": "tiny.plan",
            "duration": duration,
            "record_every": "1 min",
            "rooms_every": "1 min",
            "frame_every": "1 min",
            "population": {"students_per_class": 0, "teachers_per_class": 0, "staff": 0},
            "characters": characters,
            "outbreak": {"patient_zero": "", "infected_in": "hall"},
            "world": {"alarm_zombies": 1, "cordon_at": "100 h", "roof_after": "100 h"},
        },
    }
    for key, value in building.items():
        if isinstance(value, dict) and isinstance(table["building"].get(key), dict):
            table["building"][key].update(value)
        else:
            table["building"][key] = value
    path = tmp_path / "tiny.toml"
    path.write_text(tomli_w.dumps(table))
    return path


def run(path: Path, takes: int = 1, seed: int | None = None) -> Result:
    return hyosan.simulate(path, takes=takes, seed=seed)


def fate(result: Result, name: str, take: int = 1) -> dict[str, Any]:
    fates = result.tables["fates"]
    row = fates[(fates["name"] == name) & (fates["take"] == take)]
    assert len(row) == 1, name
    return row.iloc[0].to_dict()


@pytest.fixture
def tiny(tmp_path: Path):  # type: ignore[no-untyped-def]
    def make(characters: list[dict[str, Any]], **kw: Any) -> Path:
        return tiny_scenario(tmp_path, characters, **kw)

    return make
