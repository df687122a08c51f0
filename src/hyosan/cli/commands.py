"""Imports every command module so that each registers itself."""

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
