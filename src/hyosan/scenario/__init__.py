"""Scenarios: the schema (the only place input is validated) and the TOML loader."""

from hyosan.scenario.load import (
    apply_overrides,
    load_scenario,
    parse_toml,
    shipped_scenarios,
    validate,
)
from hyosan.scenario.model import ENGINE_SECTIONS, Scenario

__all__ = [
    "ENGINE_SECTIONS",
    "Scenario",
    "apply_overrides",
    "load_scenario",
    "parse_toml",
    "shipped_scenarios",
    "validate",
]
