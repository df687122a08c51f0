"""Navigation: distance fields through each portal and the room graph, as flat arrays.

For every portal (door, window, stairs, opening) and each way across it there is a distance
field over the room it is entered from: the number of moves to the first cell of the room on
the other side. An agent crosses a room by stepping to a neighbour with a smaller distance — one
array lookup per candidate, no search in the step loop. Fields are stored in bounding boxes so
memory grows with the rooms' areas, not with floors × rooms. Moves are to the 8 neighbours (a
diagonal only when both cells beside it are open: no cutting wall corners) and up or down a
flight of stairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

from hyosan.building.plan import DOOR, STAIRS, WALL, WINDOW, Plan
from hyosan.building.routes import route_tables

INF = 32767
"""Distance of a cell outside a field."""

DR = np.array([-1, -1, -1, 0, 0, 1, 1, 1], dtype=np.int64)
DC = np.array([-1, 0, 1, -1, 1, -1, 0, 1], dtype=np.int64)


@dataclass
class Navigation:
    """Fields (flat int16 data, offsets, boxes) and the room graph in CSR form."""

    portal_at: np.ndarray  # (floors, rows, cols) int32 portal index of a door/window cell, -1
    field_off: np.ndarray  # (2 * portals,) int64 offset of field k = 2 p + way
    field_box: np.ndarray  # (2 * portals, 6) int64 f0, r0, c0, nf, nr, nc
    field_data: np.ndarray  # int16 distances
    field_next: np.ndarray  # int8 the move down the field: 0-7 planar, 8 down, 9 up; -1, -2
    room_ptr: np.ndarray  # (rooms + 1,) int64 CSR over the portals of each room
    room_portal: np.ndarray  # portal index
    room_way: np.ndarray  # 0: from side a to b, 1: from b to a
    room_other: np.ndarray  # the room on the other side
    next_hop: np.ndarray  # (2, rooms, rooms) the first hop to a room, 2 portal + way; -1
    hops: np.ndarray  # (2, rooms, rooms) rooms on that way, -1 (routes.py)


@njit(cache=True)
def can_step(cells: np.ndarray, f: int, r: int, c: int, dr: int, dc: int) -> bool:
    """Whether a planar move from (f, r, c) by (dr, dc) is open (no wall, no corner cutting)."""
    rr = r + dr
    cc = c + dc
    if rr < 0 or cc < 0 or rr >= cells.shape[1] or cc >= cells.shape[2]:
        return False
    if cells[f, rr, cc] == WALL:
        return False
    if dr != 0 and dc != 0:
        if cells[f, r + dr, c] == WALL or cells[f, r, c + dc] == WALL:
            return False
        # Doors and windows are entered straight on, never diagonally.
        kind = cells[f, rr, cc]
        here = cells[f, r, c]
        if kind in (DOOR, WINDOW) or here in (DOOR, WINDOW):
            return False
    return True


@njit(cache=True, inline="always")
def field_index(lay, k, f, r, c):
    """Index of cell (f, r, c) in field ``k``'s data; -1 outside its box."""
    box = lay.field_box
    df = f - box[k, 0]
    dr = r - box[k, 1]
    dc = c - box[k, 2]
    if df < 0 or dr < 0 or dc < 0 or df >= box[k, 3] or dr >= box[k, 4] or dc >= box[k, 5]:
        return -1
    return lay.field_off[k] + (df * box[k, 4] + dr) * box[k, 5] + dc


@njit(cache=True, inline="always")
def fdist(lay, k, f, r, c):
    """Distance in field ``k`` of cell (f, r, c); INF outside its box."""
    at = field_index(lay, k, f, r, c)
    return INF if at < 0 else lay.field_data[at]


@njit(cache=True, inline="always")
def field_move(lay, k, f, r, c):
    """The move (0–7 planar, 8 down, 9 up) down field ``k``; -1 when arrived, -2 outside."""
    at = field_index(lay, k, f, r, c)
    return -2 if at < 0 else lay.field_next[at]


@njit(cache=True)
def _neighbour(cells: np.ndarray, f: int, r: int, c: int, m: int) -> tuple[int, int, int]:
    """The cell move ``m`` (0–7 planar, 8 down, 9 up) leads to; floor -1 when it is closed."""
    if m < 8:
        if not can_step(cells, f, r, c, DR[m], DC[m]):
            return -1, r, c
        return f, r + DR[m], c + DC[m]
    ff = f - 1 if m == 8 else f + 1
    if ff < 0 or ff >= cells.shape[0]:
        return -1, r, c
    return ff, r, c


@njit(cache=True)
def _box_index(box: np.ndarray, f: int, r: int, c: int) -> int:
    """Index of cell (f, r, c) in a field with bounding box ``box``; -1 outside it."""
    ef = f - box[0]
    er = r - box[1]
    ec = c - box[2]
    if ef < 0 or er < 0 or ec < 0 or ef >= box[3] or er >= box[4] or ec >= box[5]:
        return -1
    return (ef * box[4] + er) * box[5] + ec


@njit(cache=True)
def _next_moves(cells: np.ndarray, box: np.ndarray, dist: np.ndarray, out: np.ndarray) -> None:
    """For each cell of a field, the first neighbour (in move order) with a smaller distance.

    -1 where the distance is 0 (arrived), -2 where the cell is not in the field.
    """
    f0, r0, c0, nf, nr, nc = box[0], box[1], box[2], box[3], box[4], box[5]
    for df in range(nf):
        for dr in range(nr):
            for dc in range(nc):
                idx = (df * nr + dr) * nc + dc
                d = dist[idx]
                if d >= INF:
                    out[idx] = -2
                    continue
                out[idx] = -1
                if d == 0:
                    continue
                f = f0 + df
                r = r0 + dr
                c = c0 + dc
                best = d
                for m in range(10):
                    ff, rr, cc = _neighbour(cells, f, r, c, m)
                    j = _box_index(box, ff, rr, cc)
                    if ff < 0 or j < 0:
                        continue
                    dd = dist[j]
                    if m >= 8 and dd != d - 1:
                        continue
                    if dd < best:
                        best = dd
                        out[idx] = m


@njit(cache=True)
def _bfs_field(
    cells: np.ndarray,
    region: np.ndarray,
    portal_at: np.ndarray,
    src_room: int,
    dst_room: int,
    portal: int,
    box: np.ndarray,
    out: np.ndarray,
) -> None:
    f0, r0, c0, nf, nr, nc = box[0], box[1], box[2], box[3], box[4], box[5]
    out[:] = INF
    queue = np.empty(out.size * 2 + 16, dtype=np.int64)
    head = 0
    tail = 0
    floors = cells.shape[0]
    # Seeds: cells of the destination room next to a cell of the source room or the portal.
    for df in range(nf):
        for dr in range(nr):
            for dc in range(nc):
                f = f0 + df
                r = r0 + dr
                c = c0 + dc
                if region[f, r, c] != dst_room:
                    continue
                seed = False
                for m in range(8):
                    if can_step(cells, f, r, c, DR[m], DC[m]):
                        rr = r + DR[m]
                        cc = c + DC[m]
                        if region[f, rr, cc] == src_room or portal_at[f, rr, cc] == portal:
                            seed = True
                            break
                if not seed and cells[f, r, c] == STAIRS:
                    for ff in (f - 1, f + 1):
                        if (
                            0 <= ff < floors
                            and cells[ff, r, c] == STAIRS
                            and region[ff, r, c] == src_room
                        ):
                            seed = True
                if seed:
                    out[(df * nr + dr) * nc + dc] = 0
                    queue[tail] = (df * nr + dr) * nc + dc
                    tail += 1
    while head < tail:
        idx = queue[head]
        head += 1
        df = idx // (nr * nc)
        dr = (idx // nc) % nr
        dc = idx % nc
        f = f0 + df
        r = r0 + dr
        c = c0 + dc
        d = out[idx]
        for m in range(10):
            ff, rr, cc = _neighbour(cells, f, r, c, m)
            if ff < 0:
                continue
            if m >= 8 and (cells[f, r, c] != STAIRS or cells[ff, r, c] != STAIRS):
                continue
            if region[ff, rr, cc] != src_room and portal_at[ff, rr, cc] != portal:
                continue
            j = _box_index(box, ff, rr, cc)
            if j < 0:
                continue
            if out[j] > d + 1:
                out[j] = d + 1
                queue[tail] = j
                tail += 1


def build_navigation(plan: Plan) -> Navigation:
    """Distance fields for every portal both ways, and the room graph."""
    floors, rows, cols = plan.cells.shape
    portals = len(plan.portal_kind)
    portal_at = np.full(plan.cells.shape, -1, dtype=np.int32)
    for p in range(portals):
        f, r, c = plan.portal_cell[p]
        if plan.cells[f, r, c] in (DOOR, WINDOW):
            portal_at[f, r, c] = p
    boxes = np.zeros((2 * portals, 6), dtype=np.int64)
    lo = np.full((plan.rooms, 3), np.iinfo(np.int64).max, dtype=np.int64)
    hi = np.full((plan.rooms, 3), -1, dtype=np.int64)
    f_idx, r_idx, c_idx = np.nonzero(plan.region >= 0)
    ids = plan.region[f_idx, r_idx, c_idx]
    coords = np.stack([f_idx, r_idx, c_idx], axis=1)
    np.minimum.at(lo, ids, coords)
    np.maximum.at(hi, ids, coords)
    for p in range(portals):
        a, b = int(plan.portal_a[p]), int(plan.portal_b[p])
        for way, (src, dst) in enumerate(((a, b), (b, a))):
            low = np.minimum(lo[src], plan.portal_cell[p])
            high = np.maximum(hi[src], plan.portal_cell[p])
            low = np.maximum(low - np.array([0, 1, 1]), 0)
            high = np.minimum(high + np.array([0, 1, 1]), np.array([floors, rows, cols]) - 1)
            low[0] = min(low[0], lo[dst][0])
            high[0] = max(high[0], hi[dst][0])
            boxes[2 * p + way] = [*low, *(high - low + 1)]
    sizes = boxes[:, 3] * boxes[:, 4] * boxes[:, 5]
    offsets = np.zeros(len(sizes), dtype=np.int64)
    offsets[1:] = np.cumsum(sizes)[:-1]
    data = np.empty(int(sizes.sum()), dtype=np.int16)
    moves = np.empty(int(sizes.sum()), dtype=np.int8)
    for p in range(portals):
        a, b = int(plan.portal_a[p]), int(plan.portal_b[p])
        for way, (src, dst) in enumerate(((a, b), (b, a))):
            k = 2 * p + way
            view = data[offsets[k] : offsets[k] + sizes[k]]
            _bfs_field(plan.cells, plan.region, portal_at, src, dst, p, boxes[k], view)
            _next_moves(plan.cells, boxes[k], view, moves[offsets[k] : offsets[k] + sizes[k]])
    ends = np.concatenate([plan.portal_a, plan.portal_b])
    order = np.argsort(ends, kind="stable")
    room_portal = np.concatenate([np.arange(portals), np.arange(portals)])[order]
    room_way = np.concatenate([np.zeros(portals), np.ones(portals)]).astype(np.int64)[order]
    room_other = np.concatenate([plan.portal_b, plan.portal_a])[order]
    room_ptr = np.zeros(plan.rooms + 1, dtype=np.int64)
    room_ptr[1:] = np.cumsum(np.bincount(ends, minlength=plan.rooms))
    room_portal = room_portal.astype(np.int64)
    room_other = room_other.astype(np.int64)
    next_hop, hops = route_tables(plan.room_kind, room_ptr, room_portal, room_other, room_way)
    return Navigation(
        portal_at=portal_at,
        field_off=offsets,
        field_box=boxes,
        field_data=data,
        field_next=moves,
        room_ptr=room_ptr,
        room_portal=room_portal,
        room_way=room_way,
        room_other=room_other,
        next_hop=next_hop,
        hops=hops,
    )
