"""Maps and bad input: every mistake a clear HyosanError naming the file or key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import hyosan
from hyosan.errors import HyosanError
from hyosan.lattice.maps import load_map
from hyosan.scenario import load_scenario
from hyosan.scenario.lattice import MapSpec, Point

SCENARIO = """
name = "bad"
engine = "lattice"

[lattice]
kind = "grid"
t_end = "2 h"
points = 3
snapshots = 1

[lattice.map]
{map}

[[lattice.outbreaks]]
at = {at}
{extra}
"""


def write(
    tmp_path: Path, map_lines: str, at: str = "{ x = 1.0, y = 1.0 }", extra: str = ""
) -> Path:
    file = tmp_path / "bad.toml"
    file.write_text(SCENARIO.format(map=map_lines, at=at, extra=extra))
    return file


def raster(tmp_path: Path, values: Any) -> str:
    path = tmp_path / "people.npy"
    np.save(path, np.asarray(values, dtype=float))
    return f'npy = "{path}"\nextent = [0.0, 6.0, 0.0, 4.0]\nunits = "km"'


def run(file: Path) -> str:
    with pytest.raises(HyosanError) as caught:
        hyosan.simulate(load_scenario(file))
    return str(caught.value)


def test_negative_raster_cells_are_refused(tmp_path: Path) -> None:
    message = run(write(tmp_path, raster(tmp_path, [[1, 2, 3], [4, -5, 6]])))
    assert "people.npy" in message
    assert "negative" in message and "row 1, column 1" in message
    assert "-5.0" in message


def test_nan_raster_cells_are_refused(tmp_path: Path) -> None:
    message = run(write(tmp_path, raster(tmp_path, [[1, np.nan, 3], [4, 5, 6]])))
    assert "people.npy" in message and "NaN" in message and "row 0, column 1" in message


def test_a_city_not_on_the_map_is_named(tmp_path: Path) -> None:
    file = write(tmp_path, 'builtin = "hyosan"', at='"Seoul Station"')
    message = run(file)
    assert "lattice.outbreaks.0.at" in message
    assert "no such place on the map" in message and "'Seoul Station'" in message
    assert "Hyosan Station" in message


def test_a_cordon_outside_the_map_is_refused(tmp_path: Path) -> None:
    extra = """
[[lattice.cordons]]
start = "1 h"
area = { box = [10.0, 12.0, 10.0, 12.0] }
"""
    message = run(write(tmp_path, 'builtin = "hyosan"', at='"Hyosan Market"', extra=extra))
    assert "lattice.cordons.0.area" in message and "outside the map" in message
    assert "[0.0, 6.0, 0.0, 5.0]" in message


def test_an_outbreak_point_off_the_map_is_refused(tmp_path: Path) -> None:
    message = run(write(tmp_path, raster(tmp_path, [[1, 2], [3, 4]]), at="{ x = 50.0, y = 1.0 }"))
    assert "lattice.outbreaks.0.at" in message and "outside the map" in message


def test_a_point_in_the_wrong_units_is_refused(tmp_path: Path) -> None:
    message = run(write(tmp_path, 'builtin = "hyosan"', at="{ lon = 127.0, lat = 37.5 }"))
    assert "lattice.outbreaks.0.at" in message and "{x, y} in km" in message


def test_a_grid_without_a_map_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "nomap.toml"
    file.write_text('name = "x"\nengine = "lattice"\n[lattice]\nkind = "grid"\nt_end = 1.0\n')
    with pytest.raises(HyosanError, match="needs a \\[lattice.map\\] table"):
        load_scenario(file)


def test_places_csv_builds_a_map_and_names_bad_lines(tmp_path: Path) -> None:
    good = tmp_path / "towns.csv"
    good.write_text("name,lon,lat,population\nAlpha,10.0,50.0,200000\nBeta,10.5,50.2,50000\n")
    grid = load_map(MapSpec.model_validate({"csv": str(good), "cell_km": 5.0}))
    assert grid.population.sum() == pytest.approx(250_000)
    assert grid.cell_at("Alpha", "at") != grid.cell_at("Beta", "at")
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lon,lat,population\nAlpha,10.0,50.0,200000\nBeta,10.5,50.2,lots\n")
    with pytest.raises(HyosanError, match="line 3"):
        load_map(MapSpec.model_validate({"csv": str(bad)}))


@pytest.mark.parametrize(
    ("which", "people", "place"),
    [
        ("hyosan", 170_000, "Hyosan High School"),
        ("korea", 51.7e6, "Seoul"),
        ("usa", 308.7e6, "New York City"),
    ],
)
def test_shipped_maps_hold_their_people(which: str, people: float, place: str) -> None:
    grid = load_map(MapSpec.model_validate({"builtin": which}))
    assert grid.population.sum() == pytest.approx(people, rel=1e-9)
    assert (grid.population >= 0).all()
    r, c = grid.cell_at(place, "at")
    assert grid.population[r, c] > np.median(grid.population[grid.population > 0])


def test_maps_command_exports_a_map_that_loads_back(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from hyosan.cli.app import app
    from hyosan.cli.commands import maps  # noqa: F401  (registers the command)

    outcome = CliRunner().invoke(app, ["maps", "hyosan", "--out", str(tmp_path)])
    assert outcome.exit_code == 0, outcome.output
    spec = {
        "npy": str(tmp_path / "hyosan.npy"),
        "places": str(tmp_path / "hyosan-places.csv"),
        "extent": [0.0, 6.0, 0.0, 5.0],
        "units": "km",
    }
    grid = load_map(MapSpec.model_validate(spec))
    assert grid.population.sum() == pytest.approx(170_000)
    assert grid.cell_at("Hyosan Market", "at") == (11, 14)


def test_zombies_cross_empty_land_but_not_the_sea(tmp_path: Path) -> None:
    """Between two towns 80 km apart the floor empties the land; the kernels still mark it land."""
    towns = tmp_path / "towns.csv"
    towns.write_text("name,x,y,population\nWest,60.0,50.0,100000\nEast,140.0,50.0,100000\n")
    spec = {
        "csv": str(towns),
        "units": "km",
        "extent": [0.0, 200.0, 0.0, 100.0],
        "cell_km": 5.0,
        "rural_km": 10.0,
        "floor": 20.0,
    }
    grid = load_map(MapSpec.model_validate(spec))
    middle = grid.cell_at(Point(x=100.0, y=50.0), "at")
    assert grid.population[middle] == 0 and grid.walkable()[middle]
    assert not grid.walkable()[0, 0]
    assert grid.walkable()[grid.population > 0].all()


def test_snapshot_times_after_t_end_are_dropped_and_negative_ones_refused(tmp_path: Path) -> None:
    shorter = load_scenario("hyosan-city-lattice", ["lattice.t_end=30"])
    assert shorter.lattice is not None
    assert shorter.lattice.snapshot_times() == [0.0, 6.0, 24.0]
    with pytest.raises(HyosanError, match="snapshot times must be ≥ 0"):
        load_scenario("hyosan-city-lattice", ["lattice.snapshots=[-1.0, 2.0]"])
