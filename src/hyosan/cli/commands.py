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
from hyosan.cli.app import app, paragraphs

for _command in app.registered_commands:
    _doc = _command.help or (_command.callback.__doc__ if _command.callback else None)
    if _doc:
        _command.help = paragraphs(_doc)

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
