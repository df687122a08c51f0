"""Floor plans as plain text: one character per square metre, several floors, a room legend.

A plan file reads like this::

    ; comment lines start with a semicolon
    [rooms]
    a = class 2-5
    b = science lab
    [floor 1: hallway, 1st floor]
    ##########
    #aaaa+...^
    ##########

Fixed characters (:data:`LEGEND`): ``#`` wall, space nothing, ``.`` hallway (the floor's
corridor; the text after the colon of a ``[floor N: …]`` header names it), ``^`` stairs (a
hallway cell linked to the ``^`` straight above or below), ``+`` door, ``=`` window (glass),
``~`` outside ledge, ``:`` open ground. Any letter or digit is the floor of the room the
``[rooms]`` table names (``[outside]`` names open-air areas the same way: courts, a rooftop,
which give no cover to hide in). Rooms are the connected regions of one kind of cell on one floor; doors
and windows join the two regions on either side; regions that touch without a door are joined by
an opening. Everything is checked: an unknown character, stairs that lead nowhere, a door that
joins nothing, a room with no way in — each names file, line and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from hyosan.errors import HyosanError, Problem

WALL, FLOOR, DOOR, WINDOW, LEDGE, STAIRS, GROUND = range(7)
"""Cell kinds (values of :attr:`Plan.cells`)."""

LEGEND: dict[str, str] = {
    "#": "wall",
    " ": "nothing (solid)",
    ".": "hallway",
    "^": "stairs (to the '^' straight above or below)",
    "+": "door",
    "=": "window (glass)",
    "~": "outside ledge",
    ":": "open ground",
}
KIND_OF_CHAR = {"#": WALL, " ": WALL, ".": FLOOR, "^": STAIRS, "+": DOOR, "=": WINDOW}
KIND_OF_CHAR.update({"~": LEDGE, ":": GROUND})

ROOM, HALL, LEDGE_REGION, GROUND_REGION = range(4)
"""Region kinds (values of :attr:`Plan.room_kind`): only ROOM regions can be hidden in."""

OPENING, DOOR_PORTAL, WINDOW_PORTAL, STAIR_PORTAL = range(4)
"""Portal kinds (values of :attr:`Plan.portal_kind`)."""

MAX_CELLS = 4_000_000
"""Most cells (floors × rows × columns) a plan may have: a campus of 2 km² on two floors."""

_ROOM_CHAR = re.compile(r"^[A-Za-z0-9]$")
_FLOOR_HEADER = re.compile(r"^\[floor\s+(\d+)\s*(?::\s*(.*?))?\s*\]\s*$")


@dataclass
class Plan:
    """A building: cells, regions (rooms) and the portals between them, as arrays."""

    source: str
    text: list[list[str]]
    cells: np.ndarray  # (floors, rows, cols) int8 cell kind
    region: np.ndarray  # (floors, rows, cols) int32 room index, -1 for walls and portals
    room_names: list[str]
    room_kind: np.ndarray  # (rooms,) int8
    room_floor: np.ndarray  # (rooms,) int16, 0-based floor
    room_cells: np.ndarray  # (rooms,) int32 area in cells
    portal_kind: np.ndarray  # (portals,) int8
    portal_a: np.ndarray  # (portals,) int32 room on one side
    portal_b: np.ndarray  # (portals,) int32 room on the other side
    portal_cell: np.ndarray  # (portals, 3) int32 the door/window cell; first touching cell else
    floor_names: list[str] = field(default_factory=list)
    room_chars: dict[str, str] = field(default_factory=dict)

    @property
    def floors(self) -> int:
        return int(self.cells.shape[0])

    @property
    def rooms(self) -> int:
        return len(self.room_names)

    def room(self, name: str) -> int:
        """The index of a room by name (a HyosanError listing the names if unknown)."""
        try:
            return self.room_names.index(name)
        except ValueError:
            raise HyosanError.one(
                "no such room in the plan",
                source=self.source,
                value=name,
                allowed=", ".join(self.room_names),
            ) from None

    def rooms_meta(self) -> dict[str, dict[str, object]]:
        """Room name → floor (1-based), kind and bounding box ``[row0, col0, row1, col1]``."""
        out: dict[str, dict[str, object]] = {}
        kinds = ("room", "hallway", "ledge", "ground")
        for k, name in enumerate(self.room_names):
            f = int(self.room_floor[k])
            rows, cols = np.nonzero(self.region[f] == k)
            out[name] = {
                "floor": f + 1,
                "kind": kinds[int(self.room_kind[k])],
                "box": [int(rows.min()), int(cols.min()), int(rows.max()), int(cols.max())],
                "cells": int(self.room_cells[k]),
            }
        return out


def load_plan(path: str | Path) -> Plan:
    """Read and check a plan file."""
    where = Path(path)
    try:
        text = where.read_text(encoding="utf-8")
    except OSError as exc:
        raise HyosanError.one(
            f"cannot read floor plan: {exc.strerror}", source=str(where)
        ) from None
    except UnicodeDecodeError:
        raise HyosanError.one(
            "not a UTF-8 text file", source=str(where), allowed="a floor plan in UTF-8 text"
        ) from None
    return parse_plan(text, str(where))


def parse_plan(text: str, source: str = "<plan>") -> Plan:
    """Parse plan text; every problem names the line and column."""
    rooms, outside, floors = _sections(text.splitlines(), source)
    grids = _floor_rows(floors, source)
    cells, chars, lineno = _cells(grids, rooms, source)
    floor_names = [floors[n][0] for n in sorted(floors)]
    plan = _build(source, grids, cells, chars, lineno, rooms, outside, floor_names)
    plan.room_chars = dict(rooms)
    return plan


_Floors = dict[int, tuple[str, list[tuple[int, str]]]]


def _room_line(
    stripped: str, number: int, source: str, rooms: dict[str, str]
) -> tuple[str, str] | None:
    """A ``CHAR = name`` line of [rooms] or [outside] (None for a blank line)."""
    if not stripped:
        return None
    key, sep, name = stripped.partition("=")
    key, name = key.strip(), name.strip()
    if not sep or not _ROOM_CHAR.match(key) or not name:
        raise _error(source, number, 1, "a room line is CHAR = name", stripped, "a letter or digit")
    if key in rooms:
        raise _error(source, number, 1, "room character given twice", key)
    return key, name


def _sections(lines: list[str], source: str) -> tuple[dict[str, str], set[str], _Floors]:
    """The room characters, those outside, and each floor's name and numbered lines."""
    rooms: dict[str, str] = {}
    outside: set[str] = set()
    floors: _Floors = {}
    section: str | None = None
    current: list[tuple[int, str]] | None = None
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\n\r")
        stripped = line.strip()
        if stripped.startswith(";"):
            continue
        header = _FLOOR_HEADER.match(stripped)
        if header:
            n = int(header.group(1))
            if n in floors:
                raise _error(source, number, 1, "floor given twice", n)
            current = []
            floors[n] = (header.group(2) or f"hallway, floor {n}", current)
            section = "floor"
            continue
        if stripped in ("[rooms]", "[outside]"):
            section, current = stripped[1:-1], None
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            raise _error(
                source,
                number,
                1,
                "unknown section",
                stripped,
                "[rooms], [outside], [floor N: name]",
            )
        if section in ("rooms", "outside"):
            entry = _room_line(stripped, number, source, rooms)
            if entry is not None:
                rooms[entry[0]] = entry[1]
                if section == "outside":
                    outside.add(entry[0])
        elif section == "floor" and current is not None:
            current.append((number, line))
        elif stripped:
            raise _error(source, number, 1, "text before any section", stripped, "[rooms] first")
    return rooms, outside, floors


def _floor_rows(floors: _Floors, source: str) -> list[list[tuple[int, str]]]:
    """Each floor's numbered rows, floors numbered 1, 2, 3 …, blank rows at the end dropped."""
    if not floors:
        raise HyosanError.one("the plan has no floors", source=source, allowed="[floor 1] …")
    numbers = sorted(floors)
    if numbers != list(range(1, len(numbers) + 1)):
        raise HyosanError.one(
            "floors must be numbered 1, 2, 3 … without gaps",
            source=source,
            value=numbers,
        )
    grids: list[list[tuple[int, str]]] = []
    for n in numbers:
        rows = floors[n][1]
        while rows and not rows[-1][1].strip():
            rows.pop()
        if not rows:
            raise HyosanError.one(f"floor {n} has no rows", source=source)
        grids.append(rows)
    return grids


def _cells(
    grids: list[list[tuple[int, str]]], rooms: dict[str, str], source: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cell kinds, characters and source line of each row, padded to one rectangle."""
    height = max(len(g) for g in grids)
    width = max(len(line) for g in grids for _, line in g)
    shape = (len(grids), height, width)
    if shape[0] * shape[1] * shape[2] > MAX_CELLS:
        raise HyosanError.one(
            "the plan is too large",
            source=source,
            value=f"{shape[0]} floors × {height} rows × {width} columns",
            allowed=f"at most {MAX_CELLS:,} cells",
        )
    cells = np.zeros(shape, dtype=np.int8)
    chars = np.full(shape, " ", dtype="<U1")
    lineno = np.zeros(shape[:2], dtype=np.int64)
    for f, rows in enumerate(grids):
        for r, (number, line) in enumerate(rows):
            lineno[f, r] = number
            for c, ch in enumerate(line):
                if ch in KIND_OF_CHAR:
                    cells[f, r, c] = KIND_OF_CHAR[ch]
                elif ch in rooms:
                    cells[f, r, c] = FLOOR
                else:
                    allowed = "".join(LEGEND) + "".join(rooms)
                    raise _error(
                        source,
                        number,
                        c + 1,
                        "unknown character",
                        ch,
                        f"one of {allowed!r} (letters and digits need a [rooms] line)",
                    )
                chars[f, r, c] = ch
    return cells, chars, lineno


def _error(
    source: str, line: int, col: int, message: str, value: object = None, allowed: str | None = None
) -> HyosanError:
    return HyosanError(
        [Problem(f"line {line}, column {col}", message, value, allowed, value is not None)],
        source,
    )


def _region_class(ch: str) -> str | None:
    if ch in ".^":
        return "."
    if ch in "~:":
        return ch
    if _ROOM_CHAR.match(ch):
        return ch
    return None


def _unique(base: str, floor: int, seen: dict[str, list[int]]) -> str:
    """A region name: repeated names get ', floor N' on another floor, ' (k)' on the same."""
    floors = seen.setdefault(base, [])
    floors.append(floor)
    if len(floors) == 1:
        return base
    same = floors.count(floor)
    name = f"{base}, floor {floor + 1}" if floors[0] != floor else base
    return name if same == 1 else f"{name} ({same})"


_SIDES = ((1, 0), (-1, 0), (0, 1), (0, -1))


def _flood(f: int, r: int, c: int, k: int, chars: np.ndarray, region: np.ndarray) -> None:
    """Mark region ``k`` from cell (f, r, c) over the cells of the same region class."""
    _, height, width = chars.shape
    cls = _region_class(chars[f, r, c])
    stack = [(r, c)]
    region[f, r, c] = k
    while stack:
        y, x = stack.pop()
        for dy, dx in _SIDES:
            yy, xx = y + dy, x + dx
            if (
                0 <= yy < height
                and 0 <= xx < width
                and region[f, yy, xx] < 0
                and _region_class(chars[f, yy, xx]) == cls
            ):
                region[f, yy, xx] = k
                stack.append((yy, xx))


@dataclass
class _Regions:
    region: np.ndarray
    names: list[str]
    kinds: list[int]
    floor: list[int]
    first_cell: list[tuple[int, int, int]]


def _regions(
    chars: np.ndarray, rooms: dict[str, str], outside: set[str], floor_names: list[str]
) -> _Regions:
    """Rooms, hallways, ledges and grounds: connected cells of one class, named and kinded."""
    found = _Regions(np.full(chars.shape, -1, dtype=np.int32), [], [], [], [])
    seen_names: dict[str, list[int]] = {}
    for f, r, c in np.ndindex(*chars.shape):
        cls = _region_class(str(chars[f, r, c]))
        if cls is None or found.region[f, r, c] >= 0:
            continue
        _flood(f, r, c, len(found.names), chars, found.region)
        if cls == ".":
            base, kind = floor_names[f], HALL
        elif cls == "~":
            base, kind = f"ledge, floor {f + 1}", LEDGE_REGION
        elif cls == ":":
            base, kind = "grounds", GROUND_REGION
        else:
            base = rooms[cls]
            kind = GROUND_REGION if cls in outside else ROOM
        found.names.append(_unique(base, f, seen_names))
        found.kinds.append(kind)
        found.floor.append(f)
        found.first_cell.append((f, r, c))
    return found


_Portal = tuple[int, int, int, tuple[int, int, int]]
_ErrorAt = Callable[..., HyosanError]


def _door(
    f: int,
    r: int,
    c: int,
    cells: np.ndarray,
    region: np.ndarray,
    chars: np.ndarray,
    error_at: _ErrorAt,
) -> _Portal:
    """The door or window at (f, r, c), joining exactly two regions."""
    _, height, width = cells.shape
    sides = sorted(
        {
            int(region[f, r + dy, c + dx])
            for dy, dx in _SIDES
            if 0 <= r + dy < height and 0 <= c + dx < width and region[f, r + dy, c + dx] >= 0
        }
    )
    kind = cells[f, r, c]
    if len(sides) != 2:
        what = "door" if kind == DOOR else "window"
        raise error_at(
            f,
            r,
            c,
            f"a {what} must join exactly two rooms (left/right or above/below)",
            chars[f, r, c],
            f"found {len(sides)} rooms beside it",
        )
    pk = DOOR_PORTAL if kind == DOOR else WINDOW_PORTAL
    return (pk, sides[0], sides[1], (f, r, c))


def _openings(
    f: int,
    r: int,
    c: int,
    cells: np.ndarray,
    region: np.ndarray,
    touching: set[tuple[int, int]],
    error_at: _ErrorAt,
) -> list[_Portal]:
    """Openings between two regions touching at (f, r, c), and stairs up from it."""
    floors, height, width = cells.shape
    found: list[_Portal] = []
    here = int(region[f, r, c])
    for dy, dx in ((1, 0), (0, 1)):
        yy, xx = r + dy, c + dx
        if yy < height and xx < width and region[f, yy, xx] >= 0:
            there = int(region[f, yy, xx])
            pair = (min(here, there), max(here, there))
            if there != here and pair not in touching:
                touching.add(pair)
                found.append((OPENING, pair[0], pair[1], (f, r, c)))
    if cells[f, r, c] == STAIRS:
        up = f + 1 < floors and cells[f + 1, r, c] == STAIRS
        down = f > 0 and cells[f - 1, r, c] == STAIRS
        if not (up or down):
            raise error_at(f, r, c, "stairs lead nowhere: no '^' straight above or below", "^")
        if up:
            pair = (here, int(region[f + 1, r, c]))
            if pair not in touching:
                touching.add(pair)
                found.append((STAIR_PORTAL, pair[0], pair[1], (f, r, c)))
    return found


def _portals(
    cells: np.ndarray, region: np.ndarray, chars: np.ndarray, error_at: _ErrorAt
) -> list[_Portal]:
    """Doors, windows, openings and stairs, in cell order."""
    portals: list[_Portal] = []
    touching: set[tuple[int, int]] = set()
    for f, r, c in np.ndindex(*cells.shape):
        if cells[f, r, c] in (DOOR, WINDOW):
            portals.append(_door(f, r, c, cells, region, chars, error_at))
        elif region[f, r, c] >= 0:
            portals += _openings(f, r, c, cells, region, touching, error_at)
    return portals


def _build(
    source: str,
    grids: list[list[tuple[int, str]]],
    cells: np.ndarray,
    chars: np.ndarray,
    lineno: np.ndarray,
    rooms: dict[str, str],
    outside: set[str],
    floor_names: list[str],
) -> Plan:
    def error_at(
        f: int, r: int, c: int, message: str, value: object = None, allowed: str | None = None
    ) -> HyosanError:
        """A plan problem at cell (f, r, c), located by its line and column in the file."""
        return _error(source, int(lineno[f, r]), c + 1, message, value, allowed)

    found = _regions(chars, rooms, outside, floor_names)
    region, names = found.region, found.names
    portals = _portals(cells, region, chars, error_at)
    connected = np.zeros(len(names), dtype=bool)
    for _, a, b, _ in portals:
        connected[a] = connected[b] = True
    for k in np.nonzero(~connected)[0].tolist():
        f, r, c = found.first_cell[k]
        raise error_at(
            f,
            r,
            c,
            f"room {names[k]!r} has no door, window, stairs or opening",
            chars[f, r, c],
        )
    apart = _unreachable(len(names), portals)
    if apart is not None:
        f, r, c = found.first_cell[apart]
        raise error_at(
            f,
            r,
            c,
            f"room {names[apart]!r} cannot be reached from room {names[0]!r}: the plan falls "
            "apart into parts no door, window, stairs or opening joins",
            str(chars[f, r, c]),
            "one connected building",
        )
    room_cells = np.bincount(region[region >= 0].ravel(), minlength=len(names)).astype(np.int32)
    return Plan(
        source=source,
        text=[[line for _, line in rows] for rows in grids],
        cells=cells,
        region=region,
        room_names=names,
        room_kind=np.array(found.kinds, dtype=np.int8),
        room_floor=np.array(found.floor, dtype=np.int16),
        room_cells=room_cells,
        portal_kind=np.array([p[0] for p in portals], dtype=np.int8),
        portal_a=np.array([p[1] for p in portals], dtype=np.int32),
        portal_b=np.array([p[2] for p in portals], dtype=np.int32),
        portal_cell=np.array([p[3] for p in portals], dtype=np.int32).reshape(-1, 3),
        floor_names=floor_names,
    )


def _unreachable(
    rooms: int, portals: list[tuple[int, int, int, tuple[int, int, int]]]
) -> int | None:
    """The first room that cannot be reached from room 0 through portals; None if all can."""
    if rooms == 0:
        return None
    links: list[list[int]] = [[] for _ in range(rooms)]
    for _, a, b, _ in portals:
        links[a].append(b)
        links[b].append(a)
    seen = [False] * rooms
    seen[0] = True
    stack = [0]
    while stack:
        for other in links[stack.pop()]:
            if not seen[other]:
                seen[other] = True
                stack.append(other)
    return next((k for k in range(rooms) if not seen[k]), None)
