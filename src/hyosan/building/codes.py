"""Codes shared by the step phases and the tables: states, events, infection routes.

Plain module-level integers, so Numba folds them into the compiled phases.
"""

from __future__ import annotations

S, E, Z, H, D, V = 0, 1, 2, 3, 4, 5
STATES = ("S", "E", "Z", "H", "D", "V")
"""Susceptible, exposed (infected, not yet turned), zombie, halfbie, dead, rescued."""

(
    EV_BITE,
    EV_SCRATCH,
    EV_BLOOD,
    EV_SIGNS,
    EV_TURN,
    EV_HALFBIE,
    EV_KILL,
    EV_BREAK,
    EV_BARRICADE,
    EV_LET_IN,
    EV_SHUT_OUT,
    EV_ALARM,
    EV_DECOY,
    EV_RESCUE,
    EV_CORDON,
    EV_SHOT,
    EV_LEAVE,
    EV_STORM,
    EV_ANIMAL,
    EV_UNBARRICADE,
    EV_EXPEL,
    EV_REFUSED,
    EV_NO_LANDING,
    EV_KEEP_AWAY,
    EV_FOLLOW,
    EV_STAY,
    EV_ALONE,
    EV_CAMP,
    EV_STRIKE,
    EV_WARNING,
    EV_KEPT,
    EV_WATCHED,
    EV_JAM,
    EV_EXIT,
) = range(34)
EVENTS = (
    "bite",
    "scratch",
    "blood",
    "signs",
    "turn",
    "halfbie",
    "kill",
    "break",
    "barricade",
    "let in",
    "shut out",
    "alarm",
    "decoy",
    "rescue",
    "cordon",
    "shot",
    "leave",
    "storm",
    "animal bite",
    "unbarricade",
    "expel",
    "refused",
    "no landing",
    "keep away",
    "follow",
    "stay",
    "go alone",
    "camp",
    "strike",
    "warning",
    "kept",
    "watched",
    "jam",
    "exit",
)
ROUTES = ("", "bite", "scratch", "blood", "animal")
R_NONE, R_BITE, R_SCRATCH, R_BLOOD, R_ANIMAL = range(5)

FRIEND, COUPLE, BULLY = 0, 1, 2
"""Bond kinds (as in :mod:`hyosan.building.population`)."""
