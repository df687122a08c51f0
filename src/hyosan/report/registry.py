"""The registry of a report's panels: what a panel is (:class:`Panel`), the panels known
(:data:`PANELS`), and :func:`panel`, which registers one. :mod:`hyosan.report.panels` looks
them up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hyosan.report.shown import shown_take

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from hyosan.result import Result

Draw = Callable[..., "Figure"]
"""``draw(result)``, or ``draw(result, take)`` for a panel of one take (``per_take``)."""


@dataclass(frozen=True)
class Panel:
    """One figure of the report and what a result must hold for it."""

    name: str
    title: str
    caption: str
    draw: Draw
    engines: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()
    arrays: tuple[str, ...] = ()
    meta: tuple[str, ...] = ()
    min_takes: int = 1
    series: bool = True
    per_take: bool = False

    def heading(self, take: int | None = None) -> str:
        """The title, naming the take a per-take panel shows (``{take}`` in the title)."""
        return self.title.format(take=take) if self.per_take and take is not None else self.title

    def figure(self, result: Result, take: int | None = None) -> Figure:
        """Draw the panel; a per-take panel draws ``take`` (default: the report's take)."""
        if not self.per_take:
            return self.draw(result)
        if take is None:
            take = shown_take(result).take
        return self.draw(result, take)

    def fits(self, result: Result) -> bool:
        """Whether ``result`` holds everything this panel needs."""
        return (
            (not self.engines or result.engine in self.engines)
            and all(t in result.tables and not result.tables[t].empty for t in self.tables)
            and all(a in result.arrays for a in self.arrays)
            and all(result.meta.get(k) is not None for k in self.meta)
            and len(result.takes) >= self.min_takes
            and not (self.series and result.series.empty)
        )

    def missing(self, result: Result) -> list[str]:
        """What ``result`` lacks for this panel (empty when it fits, or the engine differs)."""
        if self.engines and result.engine not in self.engines:
            return []
        gone = [f"table {t}" for t in self.tables if t not in result.tables]
        gone += [f"array {a}" for a in self.arrays if a not in result.arrays]
        gone += [f"meta {k}" for k in self.meta if result.meta.get(k) is None]
        return gone


PANELS: dict[str, Panel] = {}


def panel(
    name: str,
    title: str,
    caption: str = "",
    *,
    engines: tuple[str, ...] = (),
    tables: tuple[str, ...] = (),
    arrays: tuple[str, ...] = (),
    meta: tuple[str, ...] = (),
    min_takes: int = 1,
    series: bool = True,
    per_take: bool = False,
) -> Callable[[Draw], Draw]:
    """Register a drawing function as a panel (a decorator); ``series``: it needs the curves;
    ``per_take``: it draws one take, ``draw(result, take)``, and ``{take}`` in its title
    names it."""

    def register(draw: Draw) -> Draw:
        PANELS[name] = Panel(
            name, title, caption, draw, engines, tables, arrays, meta, min_takes, series, per_take
        )
        return draw

    return register
