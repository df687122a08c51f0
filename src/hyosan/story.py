"""Season 1 as a take: how far an ensemble of Hyosan High tells the series' own story.

The series shows one ending for each named character (docs/story.md, from published
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

CANON_CAST = 8
"""With fewer of the series' characters than this in its cast, a run is not the series: the
story line is left out."""

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
"""Each named character's season-1 ending (docs/story.md). Eun-ji's is the one recaps agree on
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
    """Whether each character became a halfbie in each take: the fates' ``halfbie`` column,
    else the event log."""
    import pandas as pd

    fates = result.tables["fates"]
    if "halfbie" in fates:
        named = fates[fates["name"].isin(names)]
        woke = named.pivot_table(index="take", columns="name", values="halfbie", aggfunc="any")
        return woke.reindex(index=takes, columns=names, fill_value=False).astype(bool)
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


CLASS_2_5 = [
    "On-jo",
    "Cheong-san",
    "Nam-ra",
    "Su-hyeok",
    "Dae-su",
    "Ha-ri",
    "Mi-jin",
    "Hyo-ryung",
    "Gyeong-su",
    "Na-yeon",
]
"""The ten named students of class 2-5, whom the series follows."""


BEFORE_BODIES = ["building.bodies.on=false", "building.moving.detour=-1"]
"""The engine before bodies (any number per cell, doors pass any crowd, nobody goes round a
blocked way): the story's scenes, and the trait directions measured in them, were sized
there; on bodies (the shipped default) they are to be measured anew."""

SCENES: dict[str, tuple[str, list[str]]] = {
    "outbreak": (
        "the ten in the nurse's office when Hyeon-ju turns there (90 min), for 3 h",
        ["building.duration='3 h'", *BEFORE_BODIES]
        + [f'building.characters.{n}.room="nurse\'s office"' for n in CLASS_2_5],
    ),
    "leaving": (
        "hiding groups propose leaving from 2 h, once an hour, while the halls are full, for "
        "8 h, with the sharp looking before they leave (decisions.look_ahead, on by default, "
        "and danger_sense and leader_look, off by default), by the building's own ways out "
        "(roof and gate, not the hills) through doors that do not jam: the looking rules were "
        "made for that, and with the hills and jams their effect does not show yet "
        "(docs/building.md)",
        [
            "building.duration='8 h'",
            "building.world.roof_after='2 h'",
            "building.world.roof_rate=1.0",
            "building.decisions.look_ahead=1",
            "building.decisions.danger_sense=2",
            "building.decisions.leader_look=1",
            "building.world.hills_share=0",
            "building.moving.door_flow=0",
            *BEFORE_BODIES,
        ],
    ),
}
"""Short scenes of Hyosan High where the ten of class 2-5 meet zombies early, so a trait's
effect on their fates shows in few, short takes: the first contact (fights, flight, noticing)
and a choice to leave under danger; both on the engine before bodies (:data:`BEFORE_BODIES`)."""
SCENES["sharp outbreak"] = (
    "the outbreak scene with all ten sharp (survival 1), so they run as soon as she turns",
    SCENES["outbreak"][1] + [f"building.characters.{n}.survival=1.0" for n in CLASS_2_5],
)


def group_takes(
    names: list[str],
    settings: dict[str, float],
    *,
    scenario: str = "hyosan-high",
    takes: int = 10,
    seed: int = 1,
    overrides: list[str] | None = None,
    backend: str = "serial",
    workers: int | None = None,
) -> pd.DataFrame:
    """One row per take with every character of ``names`` given the traits ``settings``: how
    many of them survive (S, H or V at the end), are ever infected, and zombies they destroy."""
    import pandas as pd

    from hyosan.ensemble import Ensemble
    from hyosan.outcomes import SURVIVED
    from hyosan.scenario import load_scenario

    traits = [f"building.characters.{n}.{k}={v}" for n in names for k, v in settings.items()]
    spec = load_scenario(scenario, [*(overrides or []), *traits])
    result = Ensemble.of(spec, takes=takes, seed=seed).run(backend=backend, workers=workers)
    fates = result.tables["fates"]
    mine = fates[fates["name"].isin(names)]
    events = result.tables["events"]
    bitten = events[events["event"].isin(list(INFECTIONS)) & events["whom"].isin(names)]
    kills = events[(events["event"] == "kill") & events["who"].isin(names)]
    index = pd.Index(sorted(set(fates["take"])), name="take")
    return pd.DataFrame(
        {
            "survived": mine[mine["fate"].isin(list(SURVIVED))].groupby("take").size(),
            "infected": bitten.groupby("take")["whom"].nunique(),
            "kills": kills.groupby("take").size(),
        },
        index=index,
    ).fillna(0)


def ablate_group(
    names: list[str], trait: str, low: float, high: float, **options: object
) -> pd.DataFrame:
    """``trait`` set low (A) and high (B) for every character of ``names`` at once, on the same
    take seeds: per outcome of :func:`group_takes`, the means and the paired difference B − A
    with its 95 % interval. Setting a whole group gives the power of many characters a take.

    Columns: ``outcome, A, B, difference, paired_low, paired_high, takes``.
    """
    import numpy as np
    import pandas as pd

    from hyosan.ensemble.compare import paired_interval

    a = group_takes(names, {trait: low}, **options)  # type: ignore[arg-type]
    b = group_takes(names, {trait: high}, **options)  # type: ignore[arg-type]
    rows = []
    for outcome in a.columns:
        x, y = a[outcome].to_numpy(float), b[outcome].to_numpy(float)
        lo, hi = paired_interval(y - x)
        rows.append([outcome, x.mean(), y.mean(), float(np.mean(y - x)), lo, hi, len(x)])
    columns = ["outcome", "A", "B", "difference", "paired_low", "paired_high", "takes"]
    return pd.DataFrame(rows, columns=columns)


def ablate_scene(trait: str, scene: str, takes: int, seed: int) -> pd.DataFrame:
    """:func:`ablate_group` for the ten of class 2-5 in one of :data:`SCENES`, the trait at the
    ends of its :data:`TRAIT_RANGE` (frames kept to one a day: only the fates are read)."""
    low, high = TRAIT_RANGE[trait]
    overrides = [*SCENES[scene][1], "building.frame_every='24 h'"]
    options = {"takes": takes, "seed": seed, "overrides": overrides, "backend": "processes"}
    return ablate_group(CLASS_2_5, trait, low, high, **options)


INFECTIONS = {"animal bite": "an animal bite", "bite": "a bite", "scratch": "a scratch"}
INFECTIONS["blood"] = "zombie blood in a wound"


def reasons(result: Result) -> pd.DataFrame:
    """Per take and named character, the event that decided how their take ended, in words:
    who infected them and where, the rescue that lifted them, or the room they hid in."""
    import pandas as pd

    fates = result.tables["fates"]
    names = result.meta.get("characters") or []
    named = fates[fates["name"].isin(names)]
    events = result.tables["events"]
    mine = events[events["whom"].isin(names) | events["who"].isin(names)]
    decided: dict[tuple[int, str], str] = {}
    for ev in mine.itertuples(index=False):
        key = (int(str(ev.take)), str(ev.whom) or str(ev.who))
        words = _words(ev)
        if words and (
            key not in decided
            or ev.event in ("rescue", "cordon", "camp", "strike", "halfbie", "watched")
        ):
            decided[key] = words
    rows = []
    for row in named.itertuples(index=False):
        key = (int(str(row.take)), str(row.name))
        default = f"hid in {row.room}" if row.fate == "S" else ""
        rows.append((key[0], key[1], row.fate, decided.get(key, default)))
    return pd.DataFrame(rows, columns=["take", "name", "fate", "because"])


def _words(ev: object) -> str:
    """An event that decides a fate, in words ('' for the others)."""
    event, who, room, t = (getattr(ev, k) for k in ("event", "who", "room", "t"))
    if event in INFECTIONS:
        by = f" from {who}" if who else ""
        return f"{INFECTIONS[event]}{by} in the {room}"
    if event == "rescue":
        return f"lifted from the {room} at {t:.0f} h"
    if event == "cordon":
        return f"taken in at the gate at {t:.0f} h"
    if event == "camp":
        return f"walked out over the hills to the camp at {t:.0f} h"
    if event == "strike":
        return f"still in the zone when the city was struck at {t:.0f} h"
    if event == "halfbie":
        return f"woke a halfbie in the {room}"
    if event == "shot":
        return "shot at the gate"
    if event == "watched":
        return f"kept by friends, and put down by them as they turned in the {room}"
    return ""


def why(result: Result) -> pd.DataFrame:
    """Per named character: their most common ending and its most common reason, with the
    share of their takes that ended that way."""
    import pandas as pd

    told = reasons(result)
    rows = []
    for name, mine in told.groupby("name", sort=False):
        fate = mine["fate"].mode().iloc[0]
        same = mine[mine["fate"] == fate]
        because = same["because"].replace("", pd.NA).dropna()
        top = because.mode().iloc[0] if len(because) else ""
        share = (because == top).mean() if len(because) else 0.0
        rows.append((name, FATE_WORDS.get(fate, fate), len(same) / len(mine), top, share))
    columns = ["name", "most often", "share", "because", "of those"]
    return pd.DataFrame(rows, columns=columns)


def summary_line(result: Result) -> str:
    """How often the takes tell season 1 (:mod:`hyosan.story`): the canon score's median and
    range, the full ending's count, and how often the series' class ends all alike."""
    fates = result.tables.get("fates")
    if fates is None or ("events" not in result.tables and "halfbie" not in fates):
        return ""
    scores = canon_scores(result)
    if scores.empty or int(scores["of"].iloc[0]) < CANON_CAST:
        return ""
    n, of = len(scores), int(scores["of"].iloc[0])
    low, mid, high = scores["score"].quantile([0.05, 0.5, 0.95]).tolist()
    alike = all_alike(result, CLASS)
    return (
        f"season 1 as a take (docs/story.md): {mid:.0f} of {of} characters end as in the series "
        f"(median; 5–95 %: {low:.0f}–{high:.0f}); the whole season-1 ending in "
        f"{int(scores['full'].sum())} of {n} takes; class {CLASS} ends all alike in "
        f"{int(alike.sum())} of {len(alike)} takes"
    )
