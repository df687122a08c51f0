"""The scenario schema: one validated, typed description of a run, whatever the engine.

A scenario file is TOML: a few top-level keys, then one table named after the engine::

    name = "alemi-szr"
    engine = "compartmental"
    seed = 17
    takes = 100

    [compartmental]
    model = "alemi_szr"
    ...
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, PrivateAttr, field_validator, model_validator

from hyosan.errors import HyosanError, KeyProblem
from hyosan.scenario.base import Strict
from hyosan.scenario.building import BuildingSpec
from hyosan.scenario.compartmental import CompartmentalSpec
from hyosan.scenario.lattice import LatticeSpec
from hyosan.scenario.limits import MAX_SEED, MAX_TAKES, memory_message, run_bytes
from hyosan.scenario.repast import RepastSpec
from hyosan.seeding import DEFAULT_SEED

EngineName = Literal["compartmental", "building", "lattice", "repast"]
RUN_NAME = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
"""A run name is one plain directory name: no separators, no leading dot, at most 64 characters."""
ENGINE_SECTIONS: tuple[str, ...] = ("compartmental", "building", "lattice", "repast")


class Scenario(Strict):
    """A whole scenario: which engine, how many takes, and the engine's own table."""

    name: str = Field(
        description="Short name, used for run directories and reports: letters, digits, "
        "'.', '_' and '-', starting with a letter or digit, at most 64 characters.",
    )
    description: str = Field(
        "", max_length=10_000, description="What the scenario is about, in a sentence or two."
    )
    engine: EngineName = Field(description="Which engine runs it.")
    seed: int = Field(
        DEFAULT_SEED, ge=0, le=MAX_SEED, description="Run seed; take k uses its k-th child."
    )
    takes: int = Field(1, ge=1, le=MAX_TAKES, description="How many takes to run by default.")
    compartmental: CompartmentalSpec | None = None
    building: BuildingSpec | None = None
    lattice: LatticeSpec | None = None
    repast: RepastSpec | None = None

    _source: Path | None = PrivateAttr(default=None)
    _text: str | None = PrivateAttr(default=None)

    @field_validator("name")
    @classmethod
    def _plain_name(cls, name: str) -> str:
        if not re.match(RUN_NAME, name):
            raise ValueError(
                "a run name becomes a directory name; allowed: letters, digits, '.', '_' and "
                "'-', starting with a letter or digit, at most 64 characters"
            )
        return name

    @model_validator(mode="after")
    def _engine_has_its_table(self) -> Scenario:
        if getattr(self.building, "repast", None) is not None:
            raise ValueError(
                "the Repast Zombies rules are their own engine now: set engine = 'repast' "
                "and rename [building.repast] to [repast] (docs/repast.md)"
            )
        if getattr(self, self.engine, None) is None:
            raise ValueError(f"engine {self.engine!r} needs a [{self.engine}] table")
        for other in ENGINE_SECTIONS:
            if other != self.engine and getattr(self, other, None) is not None:
                raise ValueError(
                    f"table [{other}] does not belong to engine {self.engine!r}; "
                    f"remove it or set engine = {other!r}"
                )
        refused = memory_message(
            run_bytes(self, self.takes), f"{self.takes:,} take(s) of this [{self.engine}] table"
        )
        if refused:
            raise KeyProblem(self.engine, refused)
        return self

    @property
    def source(self) -> Path | None:
        """The file the scenario was read from, if any."""
        return self._source

    @property
    def text(self) -> str | None:
        """The scenario as TOML text, for provenance."""
        return self._text

    def compartmental_spec(self, message: str) -> CompartmentalSpec:
        """The [compartmental] table, for tools that only work on it (analysis, calibration);
        for another engine, a HyosanError with ``message`` that names the engine."""
        if self.compartmental is None:
            raise HyosanError.one(
                message, where="engine", value=self.engine, allowed="compartmental"
            )
        return self.compartmental

    @property
    def spec(self) -> BaseModel:
        """The engine's own table."""
        spec = getattr(self, self.engine)
        assert spec is not None
        return spec
