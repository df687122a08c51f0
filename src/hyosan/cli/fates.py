"""The named characters' fates, printed after a run whose result has a ``fates`` table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from hyosan.result import Result

FATE_WORDS = {
    "S": "alive",
    "E": "infected",
    "Z": "zombie",
    "H": "halfbie",
    "D": "dead",
    "V": "rescued",
}


def print_fates(result: Result, console: Console | None = None) -> None:
    """A table of each named character's fate: one column per take (up to 10), or shares."""
    fates = result.tables.get("fates")
    characters = result.meta.get("characters") or []
    if fates is None or not len(characters):
        return
    out = console or Console()
    named = fates[fates["name"].isin(characters)]
    takes = sorted(int(k) for k in named["take"].unique())
    table = Table(title="named characters: fate at the end")
    table.add_column("name", style="bold")
    if len(takes) <= 10:
        for k in takes:
            table.add_column(f"take {k}")
        for name in characters:
            rows = named[named["name"] == name].set_index("take")
            cells = []
            for k in takes:
                fate = str(rows.loc[k, "fate"]) if k in rows.index else ""
                when = rows.loc[k, "t_fate"] if k in rows.index else float("nan")
                word = FATE_WORDS.get(fate, fate)
                cells.append(word if when != when else f"{word} ({when:.1f} h)")
            table.add_row(name, *cells)
    else:
        for word in FATE_WORDS.values():
            table.add_column(word, justify="right")
        for name in characters:
            rows = named[named["name"] == name]
            shares = rows["fate"].value_counts(normalize=True)
            table.add_row(name, *(f"{shares.get(code, 0.0):.0%}" for code in FATE_WORDS))
    out.print(table)
