"""The [building] table: defaults load, overrides apply, mistakes name their key."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.building.conftest import tiny_scenario

import hyosan
from hyosan.errors import HyosanError
from hyosan.scenario import load_scenario


def test_the_shipped_scenario_loads_with_every_named_character() -> None:
    scenario = load_scenario("hyosan-high")
    assert scenario.engine == "building"
    spec = scenario.building
    assert spec is not None and spec.duration == 72.0
    names = {c.name for c in spec.characters}
    for name in ["On-jo", "Cheong-san", "Nam-ra", "Su-hyeok", "Gwi-nam", "Eun-ji", "Hyeon-ju"]:
        assert name in names
    halfbies = {c.name for c in spec.characters if c.halfbie}
    assert halfbies == {"Nam-ra", "Gwi-nam", "Eun-ji"}
    assert spec.outbreak.patient_zero == "Hyeon-ju"
    assert spec.outbreak.infected_in == "science lab"


def test_overrides_reach_nested_tables() -> None:
    scenario = load_scenario(
        "hyosan-high", ["building.zombies.run_speed=6", "building.world.storm_hours='2 h'"]
    )
    assert scenario.building is not None
    assert scenario.building.zombies.run_speed == 6.0
    assert scenario.building.world.storm_hours == 2.0


def test_units_convert() -> None:
    scenario = load_scenario("hyosan-high", ["building.dt='0.05 min'"])
    assert scenario.building is not None and scenario.building.dt == pytest.approx(3.0)


def test_an_unknown_key_is_named_with_what_is_allowed() -> None:
    with pytest.raises(HyosanError) as err:
        load_scenario("hyosan-high", ["building.zombies.fly=true"])
    text = str(err.value)
    assert "building.zombies.fly" in text and "unknown key" in text and "run_speed" in text


def test_a_bad_value_is_named() -> None:
    with pytest.raises(HyosanError, match=r"building.zombies.bite_chance.*1"):
        load_scenario("hyosan-high", ["building.zombies.bite_chance=3"])


def test_a_friend_who_is_not_a_character_is_named(tmp_path: Path) -> None:
    path = tiny_scenario(tmp_path, [{"name": "A", "room": "hall", "friends": ["Nobody"]}])
    with pytest.raises(HyosanError, match="'Nobody', who is not a character"):
        load_scenario(path)


def test_a_missing_plan_names_the_key(tmp_path: Path) -> None:
    path = tiny_scenario(tmp_path, [{"name": "A", "room": "hall"}], plan="")
    table = path.read_text().replace('plan = "tiny.plan"', 'plan = "elsewhere.plan"')
    path.write_text(table)
    with pytest.raises(HyosanError, match=r"building.plan.*elsewhere.plan"):
        hyosan.simulate(path)


def test_a_decoy_in_an_unknown_room_names_the_key(tmp_path: Path) -> None:
    path = tiny_scenario(
        tmp_path,
        [{"name": "A", "room": "hall"}],
        decoys=[{"room": "ballroom", "at": "1 h"}],
    )
    with pytest.raises(HyosanError, match=r"building.decoys.0.room.*ballroom.*west room"):
        hyosan.simulate(path)


def test_a_character_in_an_unknown_room_names_the_key(tmp_path: Path) -> None:
    path = tiny_scenario(tmp_path, [{"name": "A", "room": "attic"}])
    with pytest.raises(HyosanError, match=r"characters.A.room.*attic"):
        hyosan.simulate(path)


def test_a_bad_plan_names_its_file_line_and_column(tmp_path: Path) -> None:
    path = tiny_scenario(tmp_path, [{"name": "A", "room": "hall"}], plan="[floor 1]\n#?#\n")
    with pytest.raises(HyosanError, match=r"tiny.plan: line 2, column 2: unknown character"):
        hyosan.simulate(path)


def test_a_building_without_a_plan_names_the_key(tmp_path: Path) -> None:
    path = tiny_scenario(tmp_path, [{"name": "A", "room": "hall"}])
    path.write_text(path.read_text().replace('plan = "tiny.plan"\n', ""))
    with pytest.raises(HyosanError, match=r"building.plan.*needs a floor plan"):
        hyosan.simulate(path)
