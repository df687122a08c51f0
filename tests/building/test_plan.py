"""Floor plans: the shipped plan holds every room of the series; bad plans name line and column."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.building.conftest import TINY_PLAN

from hyosan.building.engine import building_of
from hyosan.building.navigation import DC, DR
from hyosan.building.plan import DOOR, STAIRS, WALL, load_plan, parse_plan
from hyosan.building.routes import narrowed, next_hops
from hyosan.errors import HyosanError
from hyosan.scenario import load_scenario

SERIES_ROOMS = [
    "class 2-5",
    "science lab",
    "supply room",
    "nurse's office",
    "teachers' office",
    "library",
    "music room",
    "broadcasting room",
    "cafeteria",
    "girls' bathroom",
    "gym",
    "equipment room",
    "rooftop",
    "tennis courts",
    "construction site",
    "front gate (cordon)",
]


def shipped_plan():  # type: ignore[no-untyped-def]
    scenario = load_scenario("hyosan-high")
    assert scenario.building is not None
    return building_of(scenario.building, scenario)


def test_the_shipped_plan_has_four_storeys_a_roof_and_every_room() -> None:
    building = shipped_plan()
    plan = building.plan
    assert plan.floors == 5
    for name in SERIES_ROOMS:
        assert name in plan.room_names, name
    ledges = [n for n in plan.room_names if n.startswith("ledge")]
    assert len(ledges) >= 6
    for storey in range(4):
        assert (plan.cells[storey] == STAIRS).sum() > 0


def test_every_room_is_reachable_from_the_grounds() -> None:
    building = shipped_plan()
    plan, nav = building.plan, building.nav
    seen = {plan.room("grounds")}
    frontier = list(seen)
    while frontier:
        room = frontier.pop()
        for e in range(nav.room_ptr[room], nav.room_ptr[room + 1]):
            other = int(nav.room_other[e])
            if other not in seen:
                seen.add(other)
                frontier.append(other)
    assert seen == set(range(plan.rooms))


def test_route_tables_are_made_once_per_plan_in_16_bits_when_they_fit() -> None:
    building = shipped_plan()
    plan, nav = building.plan, building.nav
    first, rooms_on = next_hops(
        plan.room_kind, nav.room_ptr, nav.room_portal, nav.room_other, nav.room_way
    )
    assert first.dtype == rooms_on.dtype == np.int32
    assert nav.next_hop.dtype == nav.hops.dtype == np.int16
    assert np.array_equal(nav.next_hop, first) and np.array_equal(nav.hops, rooms_on)
    assert nav.next_hop.nbytes == first.nbytes // 2


def test_a_route_table_too_wide_for_16_bits_keeps_its_width() -> None:
    fits = np.array([-1, 0, 32_767], dtype=np.int32)
    assert narrowed(fits).dtype == np.int16 and np.array_equal(narrowed(fits), fits)
    wide = np.array([-1, 0, 32_768], dtype=np.int32)
    assert narrowed(wide) is wide


def test_fields_lead_to_the_other_side() -> None:
    # From every cell of a field, its moves go strictly downhill, one step at a time, into open
    # cells, until they reach the other side (distance 0).
    building = shipped_plan()
    plan, nav = building.plan, building.nav
    box, off = nav.field_box, nav.field_off
    for k in range(0, len(box), 5):
        f0, r0, c0, nf, nr, nc = (int(v) for v in box[k])
        size = nf * nr * nc
        dist = nav.field_data[off[k] : off[k] + size].reshape(nf, nr, nc)
        moves = nav.field_next[off[k] : off[k] + size].reshape(nf, nr, nc)
        inside = dist < 32767
        assert (dist[inside] == 0).any()
        for f, r, c in zip(*np.nonzero(inside & (dist > 0)), strict=True):
            m = int(moves[f, r, c])
            assert m >= 0
            if m < 8:
                ff, rr, cc = f, r + int(DR[m]), c + int(DC[m])
            else:
                ff, rr, cc = f + (-1 if m == 8 else 1), r, c
            assert dist[ff, rr, cc] == dist[f, r, c] - 1
            assert plan.cells[f0 + ff, r0 + rr, c0 + cc] != WALL


def test_a_plan_round_trips_its_text(tmp_path: Path) -> None:
    (tmp_path / "p.plan").write_text(TINY_PLAN)
    plan = load_plan(tmp_path / "p.plan")
    assert plan.room_names == ["west room", "hall", "east room"]
    assert (plan.cells == DOOR).sum() == 2
    assert plan.cells[0, 0, 0] == WALL
    assert np.array_equal(plan.portal_a, [0, 1])


def _with_row(row: str, index: int = 6) -> str:
    """The tiny plan with one text line (0-based ``index``; line index + 1) replaced."""
    lines = TINY_PLAN.splitlines()
    lines[index] = row
    return "\n".join(lines) + "\n"


def test_an_unknown_character_names_line_and_column() -> None:
    text = _with_row("#aaaaa+....?............+bbbbb#")
    with pytest.raises(HyosanError) as err:
        parse_plan(text, "bad.plan")
    message = str(err.value)
    assert "bad.plan" in message and "line 7, column 12" in message and "'?'" in message


def test_a_room_with_no_door_is_an_error() -> None:
    text = _with_row("#aaaaa#.................+bbbbb#", index=7)
    with pytest.raises(HyosanError, match=r"line 7, column 2: room 'west room' has no door"):
        parse_plan(text, "bad.plan")


def test_stairs_that_lead_nowhere_are_an_error() -> None:
    text = _with_row("#aaaaa+........^........+bbbbb#")
    with pytest.raises(HyosanError, match=r"line 7, column 16: stairs lead nowhere"):
        parse_plan(text, "bad.plan")


def test_a_door_in_the_open_is_an_error() -> None:
    text = _with_row("#aaaaa+.......+.........+bbbbb#")
    with pytest.raises(HyosanError, match=r"line 7, column 15: a door must join exactly two"):
        parse_plan(text, "bad.plan")


def test_a_room_character_without_a_name_is_an_error() -> None:
    text = TINY_PLAN.replace("b = east room\n", "")
    with pytest.raises(HyosanError, match=r"line \d+, column 26: unknown character"):
        parse_plan(text, "bad.plan")


def test_floors_must_be_numbered_without_gaps() -> None:
    text = TINY_PLAN.replace("[floor 1: hall]", "[floor 2: hall]")
    with pytest.raises(HyosanError, match="numbered 1, 2, 3"):
        parse_plan(text, "bad.plan")


def test_a_missing_plan_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(HyosanError, match="cannot read floor plan"):
        load_plan(tmp_path / "nowhere.plan")
