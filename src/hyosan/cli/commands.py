"""Imports every command module so that each registers itself."""

from hyosan.cli import maps, models, run, validate

__all__ = ["maps", "models", "run", "validate"]
