"""How long a building took to clear, printed after a run in which half its people left it (a
fire drill): the minutes by which half, nine in ten and all of its people had left,
as the ``egress`` table records them (docs/building.md, "Bodies")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from hyosan.result import Result


def print_egress(result: Result, console: Console | None = None) -> None:
    """Median, fastest and slowest take's minutes to 50 %, 90 % and 100 % out; nothing unless
    half the building left in some take (an outbreak's few who get out are in the table)."""
    egress = result.tables.get("egress")
    fates = result.tables.get("fates")
    if egress is None or fates is None or not len(egress):
        return
    from hyosan.building.egress import SHARES, clearance

    people = int(fates.groupby("take").size().min())
    times = clearance(egress, people, result.takes)
    if times["out_50"].isna().all():
        return
    n = len(times)
    table = Table(
        title=f"leaving the building: minutes until a share of its {people:,} people were out "
        f"({n} take{'s' if n != 1 else ''})"
    )
    table.add_column("out", style="bold")
    for column in ("median", "fastest", "slowest", "takes it happened"):
        table.add_column(column, justify="right")
    for share in SHARES:
        col = times[f"out_{round(share * 100)}"]
        done = col.dropna()
        cells = (
            [f"{done.median():.1f}", f"{done.min():.1f}", f"{done.max():.1f}"]
            if len(done)
            else ["—", "—", "—"]
        )
        table.add_row(f"{share:.0%}", *cells, f"{len(done)} of {n}")
    (console or Console()).print(table)
