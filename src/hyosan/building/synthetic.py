"""Plans drawn by code: a school of any size, for scale tests and benchmarks.

Each storey is a corridor with classrooms on both sides (two doors each to the corridor, windows
to an outside ledge) and stairs at both ends; the ground floor opens onto the grounds.
"""

from __future__ import annotations

import string

ROOM_CHARS = string.ascii_letters + string.digits


def school_plan(floors: int, rooms_per_side: int, room_width: int = 10, depth: int = 6) -> str:
    """Plan text of a school with ``floors × 2 × rooms_per_side`` classrooms."""
    if floors < 1 or rooms_per_side < 1 or room_width < 4 or depth < 2:
        raise ValueError("need at least one floor, one room per side, rooms 4 wide and 2 deep")
    width = 2 + rooms_per_side * (room_width + 1) + 4
    lines = ["; A generated school: corridors, classrooms, stairs at both ends.", "[rooms]"]
    used = ROOM_CHARS[: min(len(ROOM_CHARS), 2 * rooms_per_side)]
    for ch in used:
        lines.append(f"{ch} = class {ROOM_CHARS.index(ch) + 1}")
    lines.append("[outside]")
    for f in range(floors):
        outside = ":" if f == 0 else "~"
        rows = [[outside] * width]
        wall = ["#"] * width
        rows.append(wall.copy())
        north = [["#"] * width for _ in range(depth)]
        south = [["#"] * width for _ in range(depth)]
        north_wall, south_wall = ["#"] * width, ["#"] * width
        for k in range(rooms_per_side):
            c0 = 3 + k * (room_width + 1)
            for c in range(c0, c0 + room_width):
                for r in range(depth):
                    north[r][c] = ROOM_CHARS[k % len(ROOM_CHARS)]
                    south[r][c] = ROOM_CHARS[(rooms_per_side + k) % len(ROOM_CHARS)]
            for c in range(c0 + 2, c0 + room_width - 1, 3):
                rows[1][c] = "="
            north_wall[c0 + 1] = north_wall[c0 + room_width - 2] = "+"
            south_wall[c0 + 1] = south_wall[c0 + room_width - 2] = "+"
        stair = "^" if floors > 1 else "."
        hall = ["#"] + [stair, stair] + ["."] * (width - 6) + [stair, stair] + ["#"]
        bottom_outer = ["#"] * width
        for k in range(rooms_per_side):
            c0 = 3 + k * (room_width + 1)
            for c in range(c0 + 2, c0 + room_width - 1, 3):
                bottom_outer[c] = "="
        block = (
            rows
            + north
            + [north_wall, hall, hall, south_wall]
            + south
            + [bottom_outer, [outside] * width]
        )
        lines.append(f"[floor {f + 1}: corridor, floor {f + 1}]")
        lines.extend("".join(r) for r in block)
    return "\n".join(lines) + "\n"
