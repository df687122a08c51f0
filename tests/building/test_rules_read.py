"""Every number and trait of the building schema is read by the engine: a field nobody reads
fails here. A behaviour field must reach a kernel record field that some phase module reads;
a set-up field (population, outbreak, characters) must be read while a take is set up."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

import hyosan.building
from hyosan.building.params import BLOCKS, FEEDS, RENAMED
from hyosan.building.records import Census, Draws, Layout, Log, Params, People, World
from hyosan.scenario.building import BuildingSpec, CharacterSpec

HERE = Path(hyosan.building.__file__).parent
SET_UP = ("engine.py", "population.py", "params.py", "setup.py")
"""Modules that turn the schema into records; every other module (but repast.py) is kernel."""
KERNEL = [p for p in HERE.glob("*.py") if p.name not in (*SET_UP, "records.py", "repast.py")]
RECORDS = (Params, Layout, People, World, Census, Log, Draws)

TRAITS = {
    "name": ("names",),
    "role": ("role",),
    "klass": ("klass",),
    "room": ("home",),
    "halfbie": ("halfbie_prone",),
    "couple": ("bond_kind",),
    "friends": ("bond_kind",),
    "bully_of": ("bond_kind",),
}
"""A character's fields → the population columns they become (else a column of the same name)."""


def _source(paths: list[Path]) -> str:
    return "\n".join(p.read_text() for p in paths)


def _reads(field: str, source: str) -> bool:
    return re.search(rf"\.{field}\b", source) is not None


def _record_fields() -> set[str]:
    return {f for record in RECORDS for f in record._fields}


def _behaviour_fields() -> list[tuple[str, str]]:
    spec = BuildingSpec.model_validate({})
    keys = [(b, n) for b in (*BLOCKS, "roles") for n in type(getattr(spec, b)).model_fields]
    return keys + [("", n) for n in ("duration", "record_every", "rooms_every", "frame_every")]


@pytest.mark.parametrize(("block", "name"), _behaviour_fields())
def test_behaviour_field_reaches_a_record_a_phase_reads(block: str, name: str) -> None:
    targets = FEEDS.get((block, name), (RENAMED.get((block, name), name),))
    kernel = _source(KERNEL)
    for target in targets:
        assert target in _record_fields(), f"{block}.{name} → {target}: no record field"
        assert _reads(target, kernel), f"{block}.{name} → {target}: read by no phase module"


def test_every_parameter_record_field_is_read_by_a_phase() -> None:
    kernel = _source(KERNEL)
    unread = [f for f in Params._fields if not _reads(f, kernel)]
    assert unread == []


def _set_up_fields() -> list[tuple[str, str]]:
    spec = BuildingSpec.model_validate({})
    found = [("", "plan"), ("", "max_events"), ("", "decoys")]
    for block in ("population", "outbreak"):
        found += [(block, n) for n in type(getattr(spec, block)).model_fields]
    return found


@pytest.mark.parametrize(("block", "name"), _set_up_fields())
def test_set_up_field_is_read(block: str, name: str) -> None:
    assert _reads(name, _source([HERE / m for m in SET_UP])), f"{block}.{name} is read by nothing"


@pytest.mark.parametrize("trait", list(CharacterSpec.model_fields))
def test_character_trait_reaches_the_people(trait: str) -> None:
    population = (HERE / "population.py").read_text()
    assert _reads(trait, population), f"trait {trait} is not read when generating people"
    kernel = _source([*KERNEL, HERE / "engine.py"])
    for column in TRAITS.get(trait, (trait,)):
        assert _reads(column, kernel), f"trait {trait} → {column} is read by no phase"


def test_the_walk_sees_every_block() -> None:
    """The lists above cover every sub-table of the schema (a new block must be added here)."""
    spec = BuildingSpec.model_validate({})
    blocks = {n for n in BuildingSpec.model_fields if isinstance(getattr(spec, n), BaseModel)} - {
        "repast"
    }
    assert blocks <= {*BLOCKS, "roles", "population", "outbreak"}, blocks
