"""The narrated commentary: one plain sentence per notable event of a take.

Notable means: anything that happens to or is done by a named character, the alarm, the storm,
the decoys, the first time zombies break into a room (and how many pushed the door in), the
first jam at a room's door, and each helicopter lift. Times are the
hours and minutes since the run began ("02:14 — …").
"""

from __future__ import annotations

import re

import pandas as pd

_PART = re.compile(r" \(\d+\)$")
"""The number the plan gives a second part of an area ("ledge, floor 3 (2)"): not told."""
_OUTDOOR_ON = ("rooftop", "ledge", "tennis courts", "construction site", "hills")


def clock(hours: float) -> str:
    """Elapsed time as HH:MM (hours may pass 24; negative times get a minus sign)."""
    sign = "-" if hours < 0 else ""
    minutes = int(round(abs(hours) * 60))
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def place(room: str) -> str:
    """'in the science lab', 'on the rooftop', 'at the front gate (cordon)'; a plan's second
    part of an area ('ledge, floor 3 (2)') is told by its name alone."""
    room = _PART.sub("", room)
    if not room:
        return ""
    if room.startswith(_OUTDOOR_ON):
        return f"on the {room}"
    if "gate" in room:
        return f"at the {room}"
    return f"in the {room}"


_INFECTED = {
    "bite": "is bitten by",
    "scratch": "is scratched by",
    "blood": "gets the blood of",
    "animal bite": "was bitten by",
}
_OF_WHO = {
    "turn": "{who} turns {at}",
    "halfbie": "{who} wakes {at} a halfbie: stronger, unseen by zombies, hungry",
    "signs": "{who} shows the signs {at}: a nosebleed, then convulsions",
    "leave": "{who} leads their group out of the {room}",
}
"""Events told when the one who acts is named."""
_OF_WHOM = {
    "rescue": "{whom} is lifted off the rooftop",
    "cordon": "{whom} reaches the soldiers at the gate",
    "camp": "{whom} walks off the hills into the quarantine camp",
    "strike": "{whom} is still in the zone when the strike falls",
    "kept": "{whom} is infected, and the {room} keeps them among friends, watching",
    "watched": "{whom} turns {at}, and those watching put them down at once",
}
"""Events told when the one it happens to is named."""
_OF_EITHER = {
    "kill": "{who} kills {whom} {at}",
    "let in": "{whom} is let into the {room}",
    "shut out": "{whom} is shut out of the {room}",
}
"""Events told when either is named."""
_OF_WORLD = {
    "alarm": "The speakers call the alarm: every hallway hears it, and so do the zombies",
    "storm": "A storm breaks; its noise masks the survivors",
    "warning": "Word reaches the school: the city will be struck; those who stay will die",
}
_TALLIED = {
    "rescue": "A helicopter lifts {people} off the rooftop.",
    "strike": "The city is struck: {people} still in the zone die.",
}
"""Events also told once per moment, naming the named characters they took and counting the
others ("Ha-ri, Su-hyeok and 3 others")."""


_UNNAMED = {*_OF_WORLD, "decoy"}
"""Events told whoever they happen to; the rest are told only of the named."""


def narrate(events: pd.DataFrame, named: set[str], take: int) -> pd.DataFrame:
    """The commentary of one take's event log."""
    changed = events[events["event"].isin(["turn", "halfbie"])].drop_duplicates("who")
    outcome = {
        str(w): (str(e), float(t))
        for w, e, t in zip(changed["who"], changed["event"], changed["t"], strict=True)
    }
    lines: list[tuple[float, str]] = []
    broken: set[str] = set()
    jammed: set[str] = set()
    tally: dict[tuple[str, float], list[str]] = {}
    columns = zip(
        events["who"].astype(str).tolist(),
        events["whom"].astype(str).tolist(),
        events["room"].astype(str).tolist(),
        events["t"].astype(float).tolist(),
        events["event"].astype(str).tolist(),
        events["n"].astype(int).tolist() if "n" in events else [0] * len(events),
        strict=True,
    )
    for who, whom, room, t, event, n in columns:
        if event in _TALLIED:
            tally.setdefault((event, t), []).append(whom)
        if event == "break" and room not in broken:
            broken.add(room)
            lines.append((t, _broken(_PART.sub("", room), n)))
            continue
        if event == "jam" and room not in jammed:
            jammed.add(room)
            lines.append((t, f"A crowd jams at a door {place(room)}: {n} wait their turn."))
            continue
        text = _line(event, who, whom, room, t, named, outcome)
        if text:
            lines.append((t, text + "."))
    lines += [
        (t, _TALLIED[event].format(people=_people(whom, named)))
        for (event, t), whom in tally.items()
    ]
    lines.sort(key=lambda item: item[0])
    return pd.DataFrame(
        {
            "take": [take] * len(lines),
            "t": [t for t, _ in lines],
            "text": [f"{clock(t)} — {text}" for t, text in lines],
        }
    )


def _broken(room: str, n: int) -> str:
    """'Zombies break into the library.', with how many pushed the door in when more than one."""
    if n > 1:
        return f"Zombies break into the {room}: {n} of them push the door in together."
    return f"Zombies break into the {room}."


def _people(whom: list[str], named: set[str]) -> str:
    """'Ha-ri, Su-hyeok and 3 others', 'Ha-ri and Su-hyeok', '3 people', 'one person'."""
    names = [w for w in dict.fromkeys(whom) if w in named]
    others = len(whom) - len(names)
    if not names:
        return "one person" if others == 1 else f"{others} people"
    if others:
        names.append("one other" if others == 1 else f"{others} others")
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _line(
    event: str,
    who: str,
    whom: str,
    room: str,
    t: float,
    named: set[str],
    outcome: dict[str, tuple[str, float]],
) -> str:
    """One event in words, or '' when it is not told."""
    if who not in named and whom not in named and event not in _UNNAMED:
        return ""
    at = place(room)
    words = {"who": who, "whom": whom, "room": room, "at": at}
    if event in _INFECTED and (who in named or whom in named):
        return _infected(event, who, whom, at, t, outcome)
    if event in _OF_WHO and who in named:
        return _OF_WHO[event].format(**words)
    if event in _OF_WHOM and whom in named:
        return _OF_WHOM[event].format(**words)
    if event in _OF_EITHER and (who in named or whom in named):
        return _OF_EITHER[event].format(**words)
    if event in _OF_WORLD:
        return _OF_WORLD[event]
    if event == "decoy":
        return f"A noise decoy plays {at or 'over the hallway speakers'}"
    return ""


def _infected(
    event: str, who: str, whom: str, at: str, t: float, outcome: dict[str, tuple[str, float]]
) -> str:
    """An infection in words, and what it came to."""
    text = f"{whom} {_INFECTED[event]} {who or 'the lab animal'} {at}"
    fate = outcome.get(whom)
    if fate is None:
        return text + f"; {whom} does not turn"
    if fate[0] == "halfbie":
        return text + f"; {whom} does not turn, but keeps their mind: a halfbie"
    return text + f"; {whom} turns {_after(fate[1] - t)}"


def _after(hours: float) -> str:
    seconds = hours * 3600
    if seconds < 120:
        return f"{seconds:.0f} s later"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min later"
    return f"{hours:.1f} h later"
