"""Seeing results: plots, animations, the HTML report and the dashboard. Works from results alone.

>>> import hyosan
>>> from hyosan import report
>>> result = hyosan.simulate("alemi_szr")
>>> report.write_html(result, "alemi.html")          # doctest: +SKIP

The public names are imported on first use, so a module of the package (the colours of
:mod:`hyosan.report.style`, say) can be read without loading the plots and the report.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hyosan.report.html import write_html
    from hyosan.report.load import Loaded, load_any, load_for_report
    from hyosan.report.panels import Panel, panel, panels_for
    from hyosan.report.plots import plot_final, plot_series

_LAZY = {
    "Loaded": "hyosan.report.load",
    "load_any": "hyosan.report.load",
    "load_for_report": "hyosan.report.load",
    "Panel": "hyosan.report.panels",
    "panel": "hyosan.report.panels",
    "panels_for": "hyosan.report.panels",
    "plot_final": "hyosan.report.plots",
    "plot_series": "hyosan.report.plots",
    "write_html": "hyosan.report.html",
}

__all__ = [
    "Loaded",
    "Panel",
    "load_any",
    "load_for_report",
    "panel",
    "panels_for",
    "plot_final",
    "plot_series",
    "write_html",
]


def __getattr__(name: str) -> Any:
    """Import a public name on first use (PEP 562)."""
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'hyosan.report' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
