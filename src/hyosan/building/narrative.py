"""The narrated commentary: one plain sentence per notable event of a take.

Notable means: anything that happens to or is done by a named character, the alarm, the storm,
the decoys, the first time zombies break into a room, and each helicopter lift. Times are the
hours and minutes since the run began ("02:14 — …").
"""

from __future__ import annotations

import pandas as pd

_OUTDOOR_ON = ("rooftop", "ledge", "tennis courts", "construction site")


def clock(hours: float) -> str:
    """Elapsed time as HH:MM (hours may pass 24; negative times get a minus sign)."""
    sign = "-" if hours < 0 else ""
    minutes = int(round(abs(hours) * 60))
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def place(room: str) -> str:
    """'in the science lab', 'on the rooftop', 'at the front gate (cordon)'."""
    if not room:
        return ""
    if room.startswith(_OUTDOOR_ON):
        return f"on the {room}"
    if "gate" in room:
        return f"at the {room}"
    return f"in the {room}"


def narrate(events: pd.DataFrame, named: set[str], take: int) -> pd.DataFrame:
    """The commentary of one take's event log."""
    lines: list[tuple[float, str]] = []
    changed = events[events["event"].isin(["turn", "halfbie"])].drop_duplicates("who")
    outcome = {
        str(w): (str(e), float(t))
        for w, e, t in zip(changed["who"], changed["event"], changed["t"], strict=True)
    }
    broken: set[str] = set()
    lifts: dict[float, int] = {}
    columns = zip(
        events["who"].astype(str),
        events["whom"].astype(str),
        events["room"].astype(str),
        events["t"].astype(float),
        events["event"].astype(str),
        strict=True,
    )
    for who, whom, room, t, event in columns:
        at = place(room)
        mine = who in named or whom in named
        text = ""
        if event in ("bite", "scratch", "blood", "animal bite") and mine:
            verb = {
                "bite": "is bitten by",
                "scratch": "is scratched by",
                "blood": "gets the blood of",
                "animal bite": "was bitten by",
            }[event]
            source = who or "the lab animal"
            text = f"{whom} {verb} {source} {at}"
            fate = outcome.get(whom)
            if fate is None:
                text += f"; {whom} does not turn"
            elif fate[0] == "halfbie":
                text += f"; {whom} does not turn, but keeps their mind: a halfbie"
            else:
                text += f"; {whom} turns {_after(fate[1] - t)}"
        elif event == "turn" and who in named:
            text = f"{who} turns {at}"
        elif event == "halfbie" and who in named:
            text = f"{who} wakes {at} a halfbie: stronger, unseen by zombies, hungry"
        elif event == "signs" and who in named:
            text = f"{who} shows the signs {at}: a nosebleed, then convulsions"
        elif event == "kill" and mine:
            text = f"{who} kills {whom} {at}"
        elif event == "let in" and mine:
            text = f"{whom} is let into the {room}"
        elif event == "shut out" and mine:
            text = f"{whom} is shut out of the {room}"
        elif event == "leave" and who in named:
            text = f"{who} leads their group out of the {room}"
        elif event == "rescue":
            lifts[t] = lifts.get(t, 0) + 1
            if whom in named:
                text = f"{whom} is lifted off the rooftop"
        elif event == "cordon" and whom in named:
            text = f"{whom} reaches the soldiers at the gate"
        elif event == "alarm":
            text = "The speakers call the alarm: every hallway hears it, and so do the zombies"
        elif event == "storm":
            text = "A storm breaks; its noise masks the survivors"
        elif event == "decoy":
            text = f"A noise decoy plays {at or 'over the hallway speakers'}"
        elif event == "break" and room not in broken:
            broken.add(room)
            text = f"Zombies break into the {room}"
        if text:
            lines.append((float(t), text + "."))
    for t, count in lifts.items():
        lines.append((float(t), f"A helicopter lifts {count} people off the rooftop."))
    lines.sort(key=lambda item: item[0])
    return pd.DataFrame(
        {
            "take": [take] * len(lines),
            "t": [t for t, _ in lines],
            "text": [f"{clock(t)} — {text}" for t, text in lines],
        }
    )


def _after(hours: float) -> str:
    seconds = hours * 3600
    if seconds < 120:
        return f"{seconds:.0f} s later"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min later"
    return f"{hours:.1f} h later"
