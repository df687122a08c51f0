"""Egress: who left the building, by which way, when — and how long it took to clear.

A person leaves the building when they step from a room, hallway or ledge into open ground
(the ``exit`` event). The first time counts: the ``egress`` table has one row per person who
left, and :func:`clearance` the times at which half, nine in ten and all of them were out, the
figures a fire drill is judged by.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from hyosan.building.codes import EV_EXIT
from hyosan.building.plan import Plan
from hyosan.building.records import Log

SHARES = (0.5, 0.9, 1.0)
"""The shares of the people out at which :func:`clearance` gives the time."""


def egress_table(log: Log, count: int, plan: Plan, names: list[str], take: int) -> pd.DataFrame:
    """One row per person who left the building: when (hours), from which room into which
    open ground (the way out), in the order they left."""
    code = log.ev_code[:count]
    rows = np.nonzero(code == EV_EXIT)[0]
    who = log.ev_who[rows]
    first = np.unique(who, return_index=True)[1]
    rows = np.sort(rows[first])
    rooms = np.array(plan.room_names, dtype=object)
    left = rooms[log.ev_n[rows]]
    into = rooms[log.ev_room[rows]]
    return pd.DataFrame(
        {
            "take": np.full(len(rows), take, dtype=np.int64),
            "agent": log.ev_who[rows],
            "name": np.array(names, dtype=object)[log.ev_who[rows]],
            "t": log.ev_t[rows] / 3600.0,
            "from": left,
            "to": into,
            "way": [f"{a} → {b}" for a, b in zip(left, into, strict=True)],
        }
    )


def clearance(egress: pd.DataFrame, people: int, takes: list[int]) -> pd.DataFrame:
    """Per take, the minutes by which 50 %, 90 % and 100 % of ``people`` had left the building
    (NaN where fewer ever did)."""
    out = []
    for take in takes:
        t = np.sort(egress.loc[egress["take"] == take, "t"].to_numpy()) * 60.0
        row: dict[str, float] = {"take": take}
        for share in SHARES:
            need = int(np.ceil(share * people))
            row[f"out_{round(share * 100)}"] = float(t[need - 1]) if 0 < need <= len(t) else np.nan
        out.append(row)
    return pd.DataFrame(out)
