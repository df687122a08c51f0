"""Egress: who left the building, by which way, when — and how long it took to clear.

A person leaves the building when they step from a room, hallway or ledge into open ground on
the lowest floor (the ``exit`` event; a rooftop is open air but still the building). The first time counts: the ``egress`` table has one row per person who
left, and :func:`clearance` the times at which half, nine in ten and all of them were out, the
figures a fire drill is judged by.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from hyosan.building.codes import EV_EXIT
from hyosan.building.plan import WINDOW_PORTAL, Plan
from hyosan.building.records import Log

SHARES = (0.5, 0.9, 1.0)
"""The shares of the people out at which :func:`clearance` gives the time."""


def egress_table(log: Log, count: int, plan: Plan, names: list[str], take: int) -> pd.DataFrame:
    """One row per person who left the building (the first time): when (hours), from which
    room into which open ground, and the way (the door, window or opening), in the order they
    left."""
    code = log.ev_code[:count]
    rows = np.nonzero(code == EV_EXIT)[0]
    who = log.ev_who[rows]
    first = np.unique(who, return_index=True)[1]
    rows = np.sort(rows[first])
    rooms = np.array(plan.room_names, dtype=object)
    to = log.ev_room[rows]
    portal = log.ev_n[rows]
    door = np.maximum(portal, 0)
    other = np.where(plan.portal_a[door] == to, plan.portal_b[door], plan.portal_a[door])
    left = np.where(portal >= 0, other, -1 - portal)
    return pd.DataFrame(
        {
            "take": np.full(len(rows), take, dtype=np.int64),
            "agent": log.ev_who[rows],
            "name": pd.Series(np.array(names, dtype=object)[log.ev_who[rows]], dtype="str"),
            "t": log.ev_t[rows] / 3600.0,
            "from": pd.Series(rooms[left], dtype="str"),
            "to": pd.Series(rooms[to], dtype="str"),
            "way": pd.Series(
                [
                    _way(plan, int(k), int(a), int(b))
                    for k, a, b in zip(portal, left, to, strict=True)
                ],
                dtype="str",
            ),
        }
    )


def _way(plan: Plan, portal: int, left: int, to: int) -> str:
    """The way out in words: the door or window (with its cell, floors and rows counted from
    1, as the plan file reads), or the opening, from one room into the other."""
    names = plan.room_names
    if portal < 0:
        return f"{names[left]} → {names[to]} (open)"
    f, r, c = (int(v) + 1 for v in plan.portal_cell[portal])
    kind = "window" if plan.portal_kind[portal] == WINDOW_PORTAL else "door"
    return f"{names[left]} → {names[to]} ({kind} at floor {f}, row {r}, column {c})"


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
