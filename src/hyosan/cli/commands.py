"""Imports every command module so that each registers itself."""

from hyosan.cli import analyse, models, run, validate

__all__ = ["analyse", "models", "run", "validate"]
