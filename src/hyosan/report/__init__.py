"""Seeing results: plots, animations, the HTML report and the dashboard. Works from results alone.

>>> import hyosan
>>> from hyosan import report
>>> result = hyosan.simulate("alemi_szr")
>>> report.write_html(result, "alemi.html")          # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from hyosan.report.load import Loaded, load_any, load_for_report
from hyosan.report.panels import Panel, panel, panels_for
from hyosan.report.plots import plot_final, plot_series

if TYPE_CHECKING:
    from hyosan.result import Result

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


def write_html(source: Result | str | Path, out: str | Path, *, animate: bool = True) -> Path:
    """Write the HTML report of a Result, or of a stored run (read as ``hyosan report`` does)."""
    from hyosan.report.html import write_report
    from hyosan.result import Result

    loaded = Loaded(source) if isinstance(source, Result) else load_for_report(source)
    path, _ = write_report(loaded, out, animate=animate)
    return path
