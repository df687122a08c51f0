"""Season 1 as a take: how far an ensemble of Hyosan High tells the series' own story.

The series shows one ending for each named character (``shared/spec/STORY.md``, from published
recaps). A take's *canon score* counts the characters whose take ends as in the series; a take
that matches them all is the full season-1 ending. The ending is read from the take's fates
(the final state) and its events (whether they ever became a halfbie), never scripted into the
engine. Alongside: each character's endings over the takes, and how often a class ends all
alike (the people of one room moving as a block).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from hyosan.outcomes import FATE_WORDS

if TYPE_CHECKING:
    import pandas as pd

    from hyosan.result import Result


@dataclass(frozen=True)
class Ending:
    """An ending in the series: the final states that match it, and whether the character
    must have become a halfbie on the way (None: either)."""

    fates: frozenset[str]
    halfbie: bool | None
    words: str


CLASS = "2-5"
"""The series' class: its ten named students are the ones the story follows."""

SURVIVES = Ending(frozenset({"S", "V"}), False, "survives, human")
HALFBIE = Ending(frozenset({"H", "V"}), True, "a halfbie who survives")
HALFBIE_DIES = Ending(frozenset({"D"}), True, "a halfbie who dies")
LOST = Ending(frozenset({"E", "Z", "D"}), None, "infected: turns or dies")

CANON: dict[str, Ending] = {
    "On-jo": SURVIVES,
    "Su-hyeok": SURVIVES,
    "Dae-su": SURVIVES,
    "Ha-ri": SURVIVES,
    "Mi-jin": SURVIVES,
    "Hyo-ryung": SURVIVES,
    "Nam-ra": HALFBIE,
    "Cheong-san": LOST,
    "Gyeong-su": LOST,
    "Na-yeon": LOST,
    "Gwi-nam": HALFBIE_DIES,
    "Eun-ji": HALFBIE,
    "Hyeon-ju": LOST,
    "Lee Byeong-chan": LOST,
}
"""Each named character's season-1 ending (STORY.md). Eun-ji's is the one recaps agree on
least; Lee Byeong-chan leaves the school early in the series and is bitten later."""


def matches(result: Result) -> pd.DataFrame:
    """One row per take, one column per canon character present: True where the take ends
    for them as in the series."""
    import pandas as pd

    fates = result.tables["fates"]
    names = [n for n in CANON if n in set(fates["name"])]
    named = fates[fates["name"].isin(names)]
    final = named.pivot_table(index="take", columns="name", values="fate", aggfunc="first")
    became = _halfbies(result, names, final.index)
    out = pd.DataFrame(index=final.index)
    for name in names:
        ending = CANON[name]
        ok = final[name].isin(ending.fates)
        if ending.halfbie is not None:
            ok &= became[name] == ending.halfbie
        out[name] = ok
    return out


def _halfbies(result: Result, names: list[str], takes: pd.Index) -> pd.DataFrame:
    """Whether each character became a halfbie in each take (from the event log)."""
    import pandas as pd

    events = result.tables["events"]
    turned = events[(events["event"] == "halfbie") & events["who"].isin(names)]
    seen = set(zip(turned["take"], turned["who"], strict=True))
    return pd.DataFrame({n: [(k, n) in seen for k in takes] for n in names}, index=takes)


def canon_scores(result: Result) -> pd.DataFrame:
    """Per take: ``score`` (characters ending as in the series), ``of`` (characters scored)
    and ``full`` (all of them)."""
    import pandas as pd

    hit = matches(result)
    score = hit.sum(axis=1).astype(int)
    return pd.DataFrame({"score": score, "of": hit.shape[1], "full": score == hit.shape[1]})


def endings(result: Result, klass: str | None = None) -> pd.DataFrame:
    """Each named character's share of takes in each final state (words from
    :mod:`hyosan.outcomes`), optionally only one class."""
    fates = result.tables["fates"]
    named = fates[fates["name"].isin(result.meta.get("characters") or [])]
    if klass is not None:
        named = named[named["klass"] == klass]
    shares = named.groupby("name", sort=False)["fate"].value_counts(normalize=True)
    table = shares.unstack().fillna(0.0)
    return table.rename(columns=FATE_WORDS)


def all_alike(result: Result, klass: str) -> pd.Series:
    """Per take, whether every named character of ``klass`` ended in the same final state."""
    fates = result.tables["fates"]
    named = fates[fates["name"].isin(result.meta.get("characters") or [])]
    named = named[named["klass"] == klass]
    return named.groupby("take")["fate"].nunique() == 1


TRAIT_RANGE: dict[str, tuple[float, float]] = {
    "survival": (0.1, 1.0),
    "strength": (0.6, 2.0),
    "weapon": (0.0, 1.0),
    "speed": (0.7, 1.5),
    "status": (0.1, 0.9),
}
"""Low and high settings of each numeric trait for an ablation: the spread of the cast."""


def ablate(
    characters: list[str],
    traits: list[str] | None = None,
    *,
    scenario: str = "hyosan-high",
    takes: int = 40,
    seed: int = 1,
    overrides: list[str] | None = None,
    backend: str = "serial",
    workers: int | None = None,
) -> pd.DataFrame:
    """Each trait of each character set low (A) and high (B) on the same take seeds: the
    paired difference in their chance to survive (S, H or V at the end), with its interval.

    Columns: ``character, trait, low, high, A, B, difference, paired_low, paired_high``.
    """
    import pandas as pd

    from hyosan.ensemble.compare import compare

    rows = []
    for name in characters:
        for trait in traits or list(TRAIT_RANGE):
            low, high = TRAIT_RANGE[trait]
            key = f"building.characters.{name}.{trait}"
            table = compare(
                scenario,
                takes=takes,
                seed=seed,
                overrides=list(overrides or []),
                set_a=[f"{key}={low}"],
                set_b=[f"{key}={high}"],
                outcomes=[f'survives("{name}")'],
                backend=backend,
                workers=workers,
            )
            row = table.iloc[0]
            rows.append(
                [name, trait, low, high, row["A"], row["B"], row["difference"]]
                + [row["paired_low"], row["paired_high"]]
            )
    columns = ["character", "trait", "low", "high", "A", "B", "difference"]
    return pd.DataFrame(rows, columns=[*columns, "paired_low", "paired_high"])
