"""The panels of a report: a registry keyed on the engine and on what a result holds.

A panel is a titled figure drawn from a Result. Each declares which engines it is for (none:
every engine) and which tables, arrays and meta keys it needs; :func:`panels_for` returns the
panels a result can fill. A new engine adds panels with :func:`panel`, and the HTML report, the
dashboard and ``hyosan report`` show them without any change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import hyosan.report.builtin_panels  # noqa: F401  (registers the shipped panels)
from hyosan.errors import HyosanError
from hyosan.report.registry import PANELS, Draw, Panel, panel

if TYPE_CHECKING:
    from hyosan.result import Result

__all__ = ["PANELS", "Draw", "Panel", "get_panel", "panel", "panels_for"]


def panels_for(result: Result) -> list[Panel]:
    """The panels ``result`` can fill, in registration order."""
    return [p for p in PANELS.values() if p.fits(result)]


def get_panel(name: str) -> Panel:
    """A panel by name; raises HyosanError naming the known panels."""
    if name not in PANELS:
        raise HyosanError.one("no such panel", where="panel", value=name, allowed=", ".join(PANELS))
    return PANELS[name]
