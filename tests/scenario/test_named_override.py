"""An override addresses one entry of a list of named tables by its name."""

from __future__ import annotations

import pytest

from hyosan.errors import HyosanError
from hyosan.scenario import load_scenario


def _trait(overrides: list[str], name: str, trait: str) -> float:
    scenario = load_scenario("hyosan-high", overrides)
    assert scenario.building is not None
    (character,) = [c for c in scenario.building.characters if c.name == name]
    return float(getattr(character, trait))


def test_one_character_changes_and_the_others_keep_their_traits() -> None:
    before = _trait([], "Cheong-san", "survival")
    assert _trait(["building.characters.On-jo.survival=0.1"], "On-jo", "survival") == 0.1
    assert _trait(["building.characters.On-jo.survival=0.1"], "Cheong-san", "survival") == before


def test_a_name_the_list_lacks_is_refused_with_the_names_it_has() -> None:
    with pytest.raises(HyosanError) as caught:
        load_scenario("hyosan-high", ["building.characters.Nobody.survival=0.1"])
    text = str(caught.value)
    assert "'Nobody'" in text and "On-jo" in text and "building.characters.Nobody" in text
