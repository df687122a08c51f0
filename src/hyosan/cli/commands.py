"""Imports every command module so that each registers itself."""

from hyosan.cli import models, run, validate

__all__ = ["models", "run", "validate"]
