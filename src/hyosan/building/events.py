"""Writing one line of a take's event log."""

from __future__ import annotations

from numba import njit


@njit(cache=True, inline="always")
def log_event(log, t, code, who, whom, room, route):
    """Append an event; once the log is full, later events are dropped (and reported)."""
    k = log.n_events[0]
    if k < log.ev_t.size:
        log.ev_t[k] = t
        log.ev_code[k] = code
        log.ev_who[k] = who
        log.ev_whom[k] = whom
        log.ev_room[k] = room
        log.ev_route[k] = route
        log.n_events[0] = k + 1


@njit(cache=True, inline="always")
def log_count(log, t, code, who, room, n):
    """Append an event with a count (``n``: the zombies that broke a door, the people held back
    at a jam) or, for an exit, the room left."""
    k = log.n_events[0]
    log_event(log, t, code, who, -1, room, 0)
    if k < log.ev_n.size:
        log.ev_n[k] = n
