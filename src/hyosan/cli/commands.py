"""Imports every command module so that each registers itself."""

from hyosan.cli import calibrate, models, run, runs, show, sweep, takes, validate

__all__ = ["calibrate", "models", "run", "runs", "show", "sweep", "takes", "validate"]
