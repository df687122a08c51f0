"""Imports every command module so that each registers itself, then gives each its help as
paragraphs."""

from hyosan.cli import (
    analyse,
    calibrate,
    compare,
    dashboard,
    export,
    maps,
    models,
    report,
    run,
    runs,
    show,
    sweep,
    takes,
    validate,
)
from hyosan.cli.app import help_as_paragraphs, plain_flags

help_as_paragraphs()
plain_flags()

__all__ = [
    "analyse",
    "calibrate",
    "compare",
    "dashboard",
    "export",
    "maps",
    "models",
    "report",
    "run",
    "runs",
    "show",
    "sweep",
    "takes",
    "validate",
]
