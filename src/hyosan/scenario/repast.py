"""The ``[repast]`` table (``engine = "repast"``): the Repast4Py Zombies model on an open floor.

Defaults are those of the Repast4Py Zombies demo (``zombie_model.yaml`` and ``zombies.py``), so
the shipped scenario is the peer's canonical benchmark. Each field carries its unit and the
reason for its default in the JSON schema (``unit``, ``reason``).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from hyosan.scenario.base import Strict

DEMO = "the Repast4Py Zombies demo"


def _param(default: Any, unit: str, reason: str, **bounds: Any) -> Any:
    """A field with its unit and the reason for its default in the schema."""
    return Field(
        default,
        description=f"{reason} Unit: {unit}.",
        json_schema_extra={"unit": unit, "reason": reason},
        **bounds,
    )


class RepastSpec(Strict):
    """The Repast4Py Zombies model: humans flee, zombies chase and bite, on a continuous floor."""

    width: int = _param(
        200,
        "cells",
        f"World width of {DEMO} (world.width); one grid cell is 1×1.",
        ge=1,
        le=100_000,
    )
    height: int = _param(
        200,
        "cells",
        f"World height of {DEMO} (world.height); one grid cell is 1×1.",
        ge=1,
        le=100_000,
    )
    humans: int = _param(
        8000,
        "agents",
        f"Humans at uniformly random positions at the start ({DEMO}).",
        ge=0,
        le=10_000_000,
    )
    zombies: int = _param(
        400,
        "agents",
        f"Zombies at uniformly random positions at the start ({DEMO}).",
        ge=0,
        le=10_000_000,
    )
    ticks: int = _param(50, "ticks", f"Ticks simulated (stop.at of {DEMO}).", ge=0, le=1_000_000)
    zombie_step: float = _param(
        0.25,
        "fraction of the offset to the chosen cell",
        f"A zombie moves 0.25 × (chosen cell − own cell) each tick ({DEMO}).",
        gt=0,
        le=1,
    )
    human_step: float = _param(
        0.5,
        "fraction of the offset to the chosen cell",
        f"A human moves 0.5 × (chosen cell − own cell) each tick ({DEMO}).",
        gt=0,
        le=1,
    )
    death_ticks: int = _param(
        10,
        "ticks",
        f"Ticks an infected human lives: at this infected time it dies and turns ({DEMO}).",
        ge=1,
    )

    @model_validator(mode="after")
    def _bounded_work(self) -> RepastSpec:
        moves = (self.humans + self.zombies) * self.ticks
        if moves > 10**10:
            raise ValueError(
                f"(humans + zombies) × ticks = {moves:.3g} agent moves per take; "
                "allowed: at most 10^10"
            )
        return self
