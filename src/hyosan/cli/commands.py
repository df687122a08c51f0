"""Imports every command module so that each registers itself."""

from hyosan.cli import analyse, dashboard, maps, models, report, run, validate

__all__ = ["analyse", "dashboard", "maps", "models", "report", "run", "validate"]
