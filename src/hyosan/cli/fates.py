"""The named characters' fates, printed after a run whose result has a ``fates`` table.

The words and what counts as *survived* come from :mod:`hyosan.outcomes`, as in the report and
in ``survives()``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.table import Table

from hyosan.outcomes import FATE_WORDS, SURVIVED

if TYPE_CHECKING:
    import pandas as pd

    from hyosan.result import Result

PER_TAKE = 4
"""Up to this many takes, one column per take; beyond, the share of takes of each ending."""

SHARES = ("uninfected", "halfbie", "rescued", "infected", "zombie", "dead")
"""The share columns, one per ending, so each row adds up to 100 %: the first three are the
endings that count as *survived* (S, H or V), then the infected who have not turned yet, the
zombies and the dead."""


def print_fates(result: Result, console: Console | None = None) -> None:
    """A table of each named character's fate: one column per take (up to 4), or shares."""
    fates = result.tables.get("fates")
    characters = result.meta.get("characters") or []
    if fates is None or not len(characters):
        return
    out = console or Console()
    named = fates[fates["name"].isin(characters)]
    takes = sorted(int(k) for k in named["take"].unique())
    if len(takes) <= PER_TAKE:
        out.print(_per_take(named, characters, takes))
    else:
        out.print(_shares(named, characters, len(takes)))
    from hyosan.story import summary_line

    line = summary_line(result)
    if line:
        out.print(line)


def _per_take(named: pd.DataFrame, characters: list[str], takes: list[int]) -> Table:
    table = Table(
        title="named characters: fate at the end of each take",
        caption="With the hour it came (hours from the start); no hour: so from the start.",
        caption_justify="left",
    )
    table.add_column("name", style="bold")
    for k in takes:
        table.add_column(f"take {k}")
    for name in characters:
        rows = named[named["name"] == name].set_index("take")
        cells = []
        for k in takes:
            fate = str(rows.loc[k, "fate"]) if k in rows.index else ""
            when = float(rows["t_fate"].get(k, math.nan)) if "t_fate" in rows else math.nan
            word = FATE_WORDS.get(fate, fate)
            cells.append(word if math.isnan(when) else f"{word} {when:.1f}")
        table.add_row(name, *cells)
    return table


def _shares(named: pd.DataFrame, characters: list[str], n: int) -> Table:
    table = Table(
        title=f"named characters: share of {n} takes ending so",
        caption="Each row adds up to 100 % (rounded) over the six endings; survived = "
        "uninfected + halfbie + rescued.",
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
        show_edge=False,
    )
    table.add_column("name", style="bold", no_wrap=True)
    for word in SHARES:
        table.add_column(word, justify="right", no_wrap=True)
    table.add_column("survived", justify="right", style="bold", no_wrap=True)
    code = {word: c for c, word in FATE_WORDS.items()}
    for name in characters:
        fate = named.loc[named["name"] == name, "fate"].astype(str)
        shares = fate.value_counts(normalize=True)
        survived = float(fate.isin(SURVIVED).mean()) if len(fate) else 0.0
        cells = [f"{shares.get(code[word], 0.0):.0%}" for word in SHARES]
        table.add_row(name, *cells, f"{survived:.0%}")
    return table
