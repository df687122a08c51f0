"""Imports every command module so that each registers itself."""

from hyosan.cli import models, run, runs, show, sweep, takes, validate

__all__ = ["models", "run", "runs", "show", "sweep", "takes", "validate"]
