"""The named characters' fates, printed after a run whose result has a ``fates`` table.

The words and what counts as *survived* come from :mod:`hyosan.outcomes`, as in the report and
in ``survives()``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from hyosan.outcomes import FATE_WORDS, SURVIVED

if TYPE_CHECKING:
    import pandas as pd

    from hyosan.result import Result

PER_TAKE = 4
"""Up to this many takes, one column per take; beyond, the share of takes of each ending."""

CANON_CAST = 8
"""With fewer of the series' characters than this in its cast, a run is not the series: the
story line is left out."""

SHARES = ("survived", "rescued", "halfbie", "zombie", "dead", "infected")
"""The share columns: *survived* (S, H or V), then the endings that are not plain S."""


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
    line = story_line(result)
    if line:
        out.print(line)


def story_line(result: Result) -> str:
    """How often the takes tell season 1 (:mod:`hyosan.story`): the canon score's median and
    range, the full ending's count, and how often the series' class ends all alike."""
    from hyosan.story import CLASS, all_alike, canon_scores

    if "events" not in result.tables:
        return ""
    scores = canon_scores(result)
    if scores.empty or int(scores["of"].iloc[0]) < CANON_CAST:
        return ""
    n, of = len(scores), int(scores["of"].iloc[0])
    low, mid, high = scores["score"].quantile([0.05, 0.5, 0.95]).tolist()
    alike = all_alike(result, CLASS)
    return (
        f"season 1 as a take (STORY.md): {mid:.0f} of {of} characters end as in the series "
        f"(median; 5–95 %: {low:.0f}–{high:.0f}); the whole season-1 ending in "
        f"{int(scores['full'].sum())} of {n} takes; class {CLASS} ends all alike in "
        f"{int(alike.sum())} of {len(alike)} takes"
    )


def _per_take(named: pd.DataFrame, characters: list[str], takes: list[int]) -> Table:
    table = Table(title="named characters: fate at the end (hours)")
    table.add_column("name", style="bold")
    for k in takes:
        table.add_column(f"take {k}")
    for name in characters:
        rows = named[named["name"] == name].set_index("take")
        cells = []
        for k in takes:
            fate = str(rows.loc[k, "fate"]) if k in rows.index else ""
            when = float(rows["t_fate"].get(k, math.nan))
            word = FATE_WORDS.get(fate, fate)
            cells.append(word if math.isnan(when) else f"{word} {when:.1f}")
        table.add_row(name, *cells)
    return table


def _shares(named: pd.DataFrame, characters: list[str], n: int) -> Table:
    table = Table(title=f"named characters: share of {n} takes ending so")
    table.add_column("name", style="bold")
    for word in SHARES:
        table.add_column(word, justify="right")
    code = {word: c for c, word in FATE_WORDS.items()}
    for name in characters:
        fate = named.loc[named["name"] == name, "fate"].astype(str)
        shares = fate.value_counts(normalize=True)
        survived = float(fate.isin(SURVIVED).mean()) if len(fate) else 0.0
        cells = [f"{survived:.0%}"]
        cells += [f"{shares.get(code[word], 0.0):.0%}" for word in SHARES[1:]]
        table.add_row(name, *cells)
    return table
