"""Country and city reports a person can read: snapshots while the run ran, a visible heat map,
and where to hide as the top places in people's numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from hyosan.report.animate import lattice_frames
from hyosan.report.lattice import HIDING_PLACES, hiding_places, plot_snapshots, snapshot_picks
from hyosan.result import Result


def _bond(stop: float = 3.2) -> Result:
    """A bond lattice whose front reached the edge at ``stop``: later snapshots repeat it."""
    times = [0.0, 2.0, 4.0, 6.0, 8.0]
    snaps = np.zeros((1, 5, 3, 8, 8), dtype=np.float32)
    snaps[0, :, 0] = 64.0
    for j, t in enumerate(times):
        grown = min(t, stop)
        snaps[0, j, 1, 4, 4] = 1 + 10 * grown  # zombies in one block, growing until the stop
        snaps[0, j, 0, 4, 4] -= snaps[0, j, 1, 4, 4]
    final = pd.DataFrame(
        {"take": [1], "S": [0], "Z": [33], "R": [0], "t_stop": [stop],
         "stopped": ["front reached the edge"]}
    )  # fmt: skip
    series = pd.DataFrame({"take": [1], "t": [0.0], "S": [4095], "Z": [1], "R": [0]})
    return Result(
        "lattice",
        series,
        final,
        tables={"places": pd.DataFrame(columns=["take", "place", "row", "col", "population"])},
        arrays={"snapshots": snaps, "reached": np.full((1, 8, 8), np.nan, dtype=np.float32)},
        meta={"snapshot_times": times, "states": ["S", "Z", "R"], "time_unit": "h",
              "extent": [0, 64, 0, 64], "extent_units": "sites", "map": "bond lattice"},
    )  # fmt: skip


def test_no_snapshot_after_the_run_stopped() -> None:
    result = _bond()
    picks = snapshot_picks(result, 0, count=5, s=1)
    assert [j for j, _ in picks] == [0, 1, 2]  # 4.0 holds the state at 3.2; 6 and 8 repeat it
    assert picks[-1][1] == "t = 3.2 h: stopped, front reached the edge"
    figure = plot_snapshots(result, count=5)
    titles = [ax.get_title() for ax in figure.axes if ax.get_title()]
    assert titles == [t for _, t in picks]
    frames = list(lattice_frames(result, dpi=40))
    assert len(frames) == 3


def test_heat_map_shows_a_single_zombie_cell_and_no_places_where_there_are_none() -> None:
    figure = plot_snapshots(_bond(), count=3)
    first = [ax for ax in figure.axes if ax.get_title()][0]
    ground, zombies = first.get_images()
    shown = zombies.get_array()
    assert int(shown.count()) == 1  # the one cell with a zombie, every other cell see-through
    red, green, blue, alpha = zombies.cmap(zombies.norm(float(shown.compressed()[0])))
    assert alpha == 1 and min(red, green, blue) < 0.5  # a strong colour, not near white
    assert not first.texts and not [ln for ln in first.get_lines() if ln.get_marker() == "o"]


def test_where_to_hide_lists_the_top_places_as_people() -> None:
    rng = np.random.default_rng(4)
    n = 500
    places = pd.DataFrame(
        {
            "take": np.repeat([1, 2], n),
            "place": np.tile([f"town {i}" for i in range(n)], 2),
            "row": 0,
            "col": 0,
            "population": np.tile(rng.integers(1_000, 4_000_000, n).astype(float), 2),
            "t_reached": np.nan,
        }
    )
    places.loc[places["place"] == "town 7", "t_reached"] = [3.0, 5.0]
    result = Result(
        "lattice",
        pd.DataFrame({"take": [1, 2], "t": 0.0, "S": 1, "Z": 0}),
        pd.DataFrame({"take": [1, 2], "S": 1, "Z": 0}),
        tables={"places": places},
        meta={"time_unit": "d"},
    )
    table, note = hiding_places(result)
    assert len(table) == HIDING_PLACES
    people = places.drop_duplicates("place").set_index("place")["population"]
    never = people.drop("town 7").sort_values(ascending=False)
    assert list(table["place"]) == list(never.index[:HIDING_PLACES])
    assert list(table["people"]) == [f"{p:,.0f}" for p in never.iloc[:HIDING_PLACES]]
    assert set(table["median arrival (d)"]) == {"never"}
    assert set(table["reached in"]) == {"0 of 2 takes"}
    assert (
        note == "500 named places; 499 never reached in any take (the 12 largest of them listed)."
    )
    rendered = table.to_string()
    assert "nan" not in rendered and ".00" not in rendered
