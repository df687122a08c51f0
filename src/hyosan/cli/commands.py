"""Imports every command module so that each registers itself."""

from hyosan.cli import dashboard, models, report, run, validate

__all__ = ["dashboard", "models", "report", "run", "validate"]
