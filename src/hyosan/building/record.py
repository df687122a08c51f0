"""Phase ``record``: counts by state, counts by room and state, and animation frames."""

from __future__ import annotations

from numba import njit


@njit(cache=True, inline="always")
def _due(step, every, p, written, size):
    """Whether a record is due at ``step``: every ``every`` steps and at the last step."""
    return (step % every == 0 or step == p.steps) and written < size


@njit(cache=True, inline="always")
def _frame(k, lay, folk, world, log):
    """Frame ``k``: positions, states and each portal (open, shut, barricaded, broken)."""
    for i in range(folk.state.size):
        for a in range(3):
            log.frames_pos[k, i, a] = folk.pos[i, a]
        log.frames_state[k, i] = folk.state[i]
    for q in range(lay.portal_kind.size):
        if world.broken[q] == 1:
            log.frames_portal[k, q] = 3
        elif world.barricade[q] > 0:
            log.frames_portal[k, q] = 2 if world.bar_side[q] == lay.portal_a[q] else 4
        elif world.closed[q] == 1:
            log.frames_portal[k, q] = 1


@njit(cache=True)
def write(t, p, lay, folk, world, census, log, rng):
    """Write the records due at this step."""
    step = int(round(t / p.dt))
    k = log.n_rec[0]
    if _due(step, p.rec_every, p, k, log.series.shape[0]):
        for i in range(folk.state.size):
            log.series[k, folk.state[i]] += 1
        log.n_rec[0] = k + 1
    k = log.n_rooms[0]
    if _due(step, p.rooms_every, p, k, log.rooms.shape[0]):
        for i in range(folk.state.size):
            log.rooms[k, folk.room[i], folk.state[i]] += 1
        log.n_rooms[0] = k + 1
    k = log.n_frames[0]
    if _due(step, p.frame_every, p, k, log.frames_pos.shape[0]):
        _frame(k, lay, folk, world, log)
        log.n_frames[0] = k + 1
