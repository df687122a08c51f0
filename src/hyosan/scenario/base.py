"""The base of every schema table."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Unknown keys are errors; values are checked again when assigned."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)
