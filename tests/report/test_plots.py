"""Every plot draws each engine's results without a warning, and shows what it should."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.contour import ContourSet
from matplotlib.figure import Figure
from matplotlib.image import AxesImage

import hyosan
from hyosan.compartmental.catalog import CATALOG
from hyosan.errors import HyosanError
from hyosan.report.building import FloorView, fates_summary, plot_fates, plot_floors
from hyosan.report.lattice import plot_reach_chance, plot_reached, plot_snapshots
from hyosan.report.panels import PANELS, get_panel, panel, panels_for
from hyosan.report.phase import plane_field, plot_phase, read_reactions
from hyosan.report.plots import plot_final, plot_series
from hyosan.report.tree import layout, plot_tree
from hyosan.result import Result

pytestmark = pytest.mark.filterwarnings("error")

UNIT = re.compile(r"\(.+\)|metres|°|longitude|latitude|\bstate\b")
"""What an x axis must say: its unit in parentheses, metres or degrees (or, for a figure of one
bar per state, that its axis is the states)."""
EXPECTED_PANELS = {
    "building": {"curves", "final", "floors", "tree", "rooms", "fates"},
    "lattice": {"curves", "final", "snapshots", "reached", "reach_chance"},
    "compartmental-ssa": {"curves", "final", "phase"},
    "compartmental-ode": {"curves", "phase"},
}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("kind", sorted(EXPECTED_PANELS))
def test_each_engine_gets_its_panels_and_each_draws_labelled(
    all_results: dict[str, Result], kind: str
) -> None:
    result = all_results[kind]
    panels = panels_for(result)
    assert {p.name for p in panels} == EXPECTED_PANELS[kind]
    for p in panels:
        figure = p.figure(result)
        shown = [ax for ax in figure.axes if ax.get_visible() and ax.axison]
        assert shown, p.name
        titled = figure.get_suptitle() or any(
            ax.get_title() or ax.get_title(loc="left") for ax in shown
        )
        assert titled, f"{p.name}: nothing says what the figure shows"
        for ax in shown:
            if ax.get_label() == "<colorbar>":
                assert ax.get_ylabel() or ax.get_xlabel(), f"{p.name}: colorbar without a label"
                continue
            x = ax.get_xlabel()
            assert UNIT.search(x), f"{p.name}: x axis {x!r} names no unit"
            assert "cells)" not in x and "cells)" not in ax.get_ylabel(), p.name
            assert ax.get_ylabel() or ax.get_yticklabels(), f"{p.name}: y axis without a label"
        plt.close(figure)


@pytest.mark.parametrize("kind", sorted(EXPECTED_PANELS))
def test_series_has_one_curve_per_state_and_a_complete_legend(
    all_results: dict[str, Result], kind: str
) -> None:
    result = all_results[kind]
    ax = plot_series(result)
    curves = [line for line in ax.get_lines() if not line.get_label().startswith("_")]
    assert len(curves) == len(result.states)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert [text.split()[0] for text in legend] == result.states
    unit = result.meta["time_unit"]
    assert ax.get_xlabel() == f"time ({unit})"
    assert "count" in ax.get_ylabel()
    bands = [c for c in ax.collections if c.get_label().startswith("_")]
    takes = result.series["take"].nunique()
    assert len(bands) == (2 * len(result.states) if takes > 1 else 0)


def test_unknown_states_or_keywords_are_refused(ssa_result: Result) -> None:
    """A state the result does not have is named with those it has; a misspelt keyword is
    Python's TypeError, not silently dropped."""
    with pytest.raises(HyosanError, match=r"^states: not states of this result.*allowed: S, Z, R"):
        ssa_result.plot(states=["X"])
    with pytest.raises(TypeError, match="stats"):
        ssa_result.plot(stats=["Z"])


def test_series_median_is_the_median_of_takes(ssa_result: Result) -> None:
    from hyosan.report.plots import SAMPLE, split_outcomes

    ax = plot_series(ssa_result, states=["Z"])
    split = split_outcomes(ssa_result)
    groups = list(split.classes.values()) if split else [ssa_result.takes]
    axes = [a for a in ax.figure.axes if a.get_lines()]
    assert len(axes) == len(groups)
    for axis, takes in zip(axes, groups, strict=True):
        lines = axis.get_lines()
        (median,) = [line for line in lines if not line.get_label().startswith("_")]
        mine = ssa_result.series[ssa_result.series["take"].isin(takes)]
        expected = mine.groupby("t")["Z"].median().to_numpy()
        np.testing.assert_allclose(median.get_ydata(), expected)
        thin = [line for line in lines if line.get_label().startswith("_")]
        assert len(thin) == (min(SAMPLE, len(takes)) if len(takes) > 1 else 0)


def _bimodal(takes: int = 50, seed: int = 1) -> Result:
    """SZR-like takes: one in five an outbreak (S ends near 0), the rest die out (S stays)."""
    rng = np.random.default_rng(seed)
    t = np.linspace(0.0, 10.0, 11)
    rows, outbreak = [], []
    for k in range(1, takes + 1):
        hit = k % 5 == 0
        outbreak.append(hit)
        end_s = rng.uniform(0, 20) if hit else 999 - rng.integers(0, 3)
        s_curve = 999 + (end_s - 999) * t / 10
        z_curve = (999 - s_curve) * 0.25
        rows += [
            [k, ti, si, zi, 999 - si - zi] for ti, si, zi in zip(t, s_curve, z_curve, strict=True)
        ]
    series = pd.DataFrame(rows, columns=["take", "t", "S", "Z", "R"])
    final = series.groupby("take").tail(1).drop(columns="t").reset_index(drop=True)
    return Result("compartmental", series, final, meta={"time_unit": "h"})


def test_split_outcomes_finds_the_outbreaks_and_draws_each_class() -> None:
    from hyosan.report.plots import split_outcomes

    result = _bimodal()
    split = split_outcomes(result)
    assert split is not None and split.state in ("S", "Z", "R")
    low, high = split.classes.values()
    outbreaks = [k for k in result.takes if k % 5 == 0]
    assert sorted(outbreaks) in (sorted(low), sorted(high))
    assert len(low) + len(high) == 50
    ax = plot_series(result, states=["S"])
    titles = [a.get_title() for a in ax.figure.axes if a.get_lines()]
    assert any("20% of 50 takes" in title for title in titles)
    assert any("80% of 50 takes" in title for title in titles)
    # no class median runs through the empty middle where no take ended
    for axis in ax.figure.axes:
        for line in axis.get_lines():
            if not line.get_label().startswith("_"):
                end = line.get_ydata()[-1]
                assert end < 100 or end > 900


def test_a_single_hump_is_not_split() -> None:
    from hyosan.report.plots import split_outcomes

    rng = np.random.default_rng(2)
    final = pd.DataFrame({"take": range(1, 201), "S": rng.normal(500, 30, 200).round()})
    series = final.assign(t=0.0)[["take", "t", "S"]]
    assert split_outcomes(Result("compartmental", series, final)) is None


def test_final_has_a_box_and_every_take_as_a_dot(ssa_result: Result) -> None:
    ax = plot_final(ssa_result)
    dots = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(dots) == len(ssa_result.states)
    assert all(len(d.get_offsets()) == len(ssa_result.final) for d in dots)
    assert [t.get_text().split()[0] for t in ax.get_xticklabels()] == ssa_result.states


def _floor_axes(figure: Figure) -> list[Axes]:
    """The floors' axes of a floor figure (not its colour bar's): those titled."""
    return [ax for ax in figure.axes if ax.get_title(loc="left")]


def test_floor_plan_shows_every_agent_in_its_state(building_result: Result) -> None:
    figure = plot_floors(building_result, take=1, frame=-1)
    codes = building_result.meta["state_codes"]
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    states = legend[0 : 2 * len(codes) : 2]  # the key's first row: the states
    assert [text.split()[0] for text in states] == codes
    state = building_result.arrays["frames_state"][0, -1]
    counts = np.bincount(state, minlength=len(codes))
    assert [int(text.rsplit("(", 1)[1].rstrip(")")) for text in states] == counts.tolist()
    pos = building_result.arrays["frames_pos"][0, -1].astype(np.int64)
    floors = pos[:, 0]
    standing = np.isin(state, [codes.index(c) for c in codes if c not in ("D", "V")])
    for f, ax in enumerate(_floor_axes(figure)):
        (scatter,) = [c for c in ax.collections if isinstance(c, PathCollection)]
        assert len(scatter.get_offsets()) == int((floors == f).sum())
        plan, crowd = ax.get_images()  # the plan, then the crowd's density over it
        here = pos[standing & (floors == f)]
        cells, count = np.unique(here[:, 1] * 10_000 + here[:, 2], return_counts=True)
        shaded = np.ma.count(crowd.get_array())
        assert shaded == int((count >= 2).sum()), "every square metre where two stand"
    # 08:30 (the default start) + 6 h, on the school's clock
    assert "take 1: day 1, 14:30 (6.0 h in)" in figure.get_suptitle()


def test_floor_plan_reads_as_a_plan(building_result: Result) -> None:
    """What a reader looks for: floors titled as floors, every room named on its floor,
    metres on the axes and a key to walls, doors, windows, ledges and stairs."""
    from tests.report.conftest import ROOMS

    figure = plot_floors(building_result)
    axes = _floor_axes(figure)
    assert [ax.get_title(loc="left") for ax in axes] == ["floor 1 (ground floor)", "floor 2"]
    (bar,) = [ax for ax in figure.axes if ax not in axes]
    assert "persons per m²" in bar.get_ylabel(), "the crowd's colour bar says its unit"
    for name, room in ROOMS.items():
        texts = [t.get_text().replace("\n", " ") for t in axes[room["floor"] - 1].texts]
        assert name in texts, (name, texts)
    assert all("metres" in ax.get_xlabel() and "metres" in ax.get_ylabel() for ax in axes)
    key = {t.get_text() for t in figure.legends[0].get_texts()}
    assert {"wall", "door", "window", "outside ledge", "stairs"} <= key


def test_floor_view_draws_its_layers_at_each_frame(building_result: Result) -> None:
    """Layers (the crowd's density first) are called with the view and the frame shown."""
    view = FloorView(building_result, take=1)
    seen: list[int] = []
    view.layers.append(lambda v, frame: seen.append(frame))
    view.show(3)
    view.show(-1)
    assert seen == [3, view.frames - 1]


def test_floor_view_picks_frames_by_time(building_result: Result) -> None:
    view = FloorView(building_result, take=2)
    assert view.frame_at(0.0) == 0
    assert view.frame_at(1e9) == view.frames - 1
    assert "take 2: day 1, 08:30" in view.show(0).get_suptitle()
    with pytest.raises(HyosanError, match="no such take"):
        FloorView(building_result, take=9)


def test_floor_plan_without_frames_says_what_is_missing(building_result: Result) -> None:
    broken = Result(
        "building", building_result.series, building_result.final, meta=building_result.meta
    )
    with pytest.raises(HyosanError, match="frames_pos, frames_state"):
        plot_floors(broken)


def test_tree_draws_each_infection_once_with_routes(building_result: Result) -> None:
    tree = building_result.tables["tree"]
    mine = tree[tree["take"] == 1]
    ax = plot_tree(building_result)
    points = sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection))
    assert points == len(mine)
    legend = {t.get_text() for t in ax.get_legend().get_texts()}
    assert legend == set(mine["route"])
    assert ax.get_xlabel() == "time (h)"


def test_tree_layout_puts_children_under_their_infector() -> None:
    tree = pd.DataFrame(
        {
            "infector": ["", "a", "b", "a", "rat"],
            "infected": ["a", "b", "c", "d", "e"],
            "t": [0.0, 1.0, 2.0, 3.0, 0.5],
            "route": ["animal", "bite", "bite", "blood", "animal"],
        }
    )
    nodes = layout(tree)
    assert [n.name for n in nodes] == ["a", "b", "c", "d", "e"]
    assert [n.generation for n in nodes] == [0, 1, 2, 1, 0]


def test_fates_table_lists_the_named_characters(building_result: Result) -> None:
    summary = fates_summary(building_result)
    assert list(summary["name"]) == building_result.meta["characters"]
    fates = building_result.tables["fates"]
    for row in summary.itertuples(index=False):
        # survived: uninfected, halfbie or rescued at the end (docs/results.md)
        survived = fates[fates["name"] == row.name]["fate"].isin(["S", "H", "V"]).mean()
        expected = f"once every {1 / survived:.3g} takes" if survived else "no take yet"
        assert summary.loc[summary["name"] == row.name, "survived"].item() == f"{survived:.0%}"
        assert summary.loc[summary["name"] == row.name, "survived, on average"].item() == expected
    figure = plot_fates(building_result)
    legend = [t.get_text().split()[0] for t in figure.legends[0].get_texts()]
    assert legend == building_result.meta["state_codes"]
    _, people = figure.axes
    names = [t.get_text() for t in people.get_yticklabels()]
    assert sorted(names) == sorted(building_result.meta["characters"])
    for i, name in enumerate(names):  # each character's bar: their takes, adding up to 1
        widths = [c.patches[i].get_width() for c in people.containers]
        mine = fates[fates["name"] == name]["fate"].value_counts(normalize=True)
        assert sum(widths) == pytest.approx(1.0)
        assert widths == pytest.approx([mine.get(c, 0.0) for c in legend])


def test_lattice_snapshots_and_reached(lattice_result: Result) -> None:
    figure = plot_snapshots(lattice_result, count=3)
    maps = [ax for ax in figure.axes if ax.get_label() != "<colorbar>"]
    assert len(maps) == 3
    assert all(ax.get_xlabel() == "longitude (°E)" for ax in maps)
    assert maps[0].get_ylabel() == "latitude (°N)"
    assert {t.get_text() for t in maps[0].texts} == {"Seoul station", "Hyosan High", "harbour"}
    ax = plot_reached(lattice_result)
    (image,) = [i for i in ax.get_images() if isinstance(i, AxesImage)]
    reached = lattice_result.arrays["reached"][0]
    assert int(np.ma.count_masked(image.get_array())) == int(np.isnan(reached).sum())
    chance = plot_reach_chance(lattice_result).get_images()[0].get_array()
    assert float(chance.max()) == 1.0


def test_phase_flow_is_drawn_only_for_a_closed_plane(
    ssa_result: Result, ode_result: Result
) -> None:
    closed = plot_phase(ssa_result)
    assert any(isinstance(c, LineCollection) for c in closed.collections)
    assert closed.get_xlabel() == "S (individuals)"
    assert closed.get_ylabel() == "Z (individuals)"
    open_plane = plot_phase(ode_result)
    assert not any(isinstance(c, LineCollection) for c in open_plane.collections)
    assert len([ln for ln in open_plane.get_lines() if ln.get_label() == "trajectory"]) == 1


def test_phase_reads_the_recorded_reactions(ssa_result: Result) -> None:
    meta = ssa_result.meta
    reactions = read_reactions(meta["reactions"], meta["parameters"])
    field = plane_field(reactions, "S", "Z")
    assert field is not None
    beta, alpha = meta["parameters"]["beta"], meta["parameters"]["alpha"]
    dx, dy = field(np.array([500.0]), np.array([10.0]))
    assert dx[0] == pytest.approx(-beta * 500 * 10)
    assert dy[0] == pytest.approx(beta * (1 - alpha) * 500 * 10)


@pytest.mark.parametrize(
    "text",
    [
        "bite S + Z → 2 Z  [beta]",
        "bite: S + * Z → 2 Z  [beta]",
        "bite: S + Z → 2 Z  [gamma]",
        "bite: S + Z → 2 Z  [beta(]",
    ],
)
def test_phase_refuses_reactions_it_cannot_read(text: str) -> None:
    with pytest.raises(ValueError):
        read_reactions(text, {"beta": 0.001})


def test_phase_runs_no_engine() -> None:
    # the phase portrait imports the pure reaction parser, never a solver or Numba
    code = (
        "import sys, hyosan.report.phase; print(sorted(m for m in sys.modules if m == 'numba' "
        "or m.split('.')[-1] in ('ode', 'stochastic', 'engine', 'codegen')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_phase_draws_a_nullcline_where_the_flow_turns(ssa_result: Result) -> None:
    text = "bite: S + Z → 2 Z  [beta]\ndecay: Z → ∅  [mu]"
    result = Result(
        "compartmental",
        ssa_result.series,
        ssa_result.final,
        meta={**ssa_result.meta, "reactions": text, "parameters": {"beta": 0.001, "mu": 0.5}},
    )
    ax = plot_phase(result)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "dZ/dt = 0 nullcline" in labels
    assert "dS/dt = 0 nullcline" not in labels
    (contour,) = [c for c in ax.collections if isinstance(c, ContourSet)]
    xs = np.concatenate([p.vertices[:, 0] for p in contour.get_paths()])
    np.testing.assert_allclose(xs, 0.5 / 0.001, rtol=0.02)  # S* = mu / beta, and nowhere else


def test_a_new_engine_adds_a_panel_not_a_rewrite(ssa_result: Result) -> None:
    weather = Result("weather", ssa_result.series, ssa_result.final, meta=ssa_result.meta)

    @panel("rain", "Rain", engines=("weather",))
    def rain(result: Result) -> Any:
        return plot_series(result).figure

    try:
        names = [p.name for p in panels_for(weather)]
        assert "rain" in names
        assert "phase" not in names
        assert "rain" not in [p.name for p in panels_for(ssa_result)]
    finally:
        del PANELS["rain"]


@pytest.mark.parametrize("model", sorted(CATALOG))
def test_every_catalog_model_draws_every_panel(model: str) -> None:
    result = hyosan.simulate(model)
    panels = panels_for(result)
    assert {p.name for p in panels} == {"curves", "phase"}
    for p in panels:
        figure = p.draw(result)
        assert figure.axes[0].get_xlabel()
        plt.close(figure)


def test_a_big_tree_still_names_the_characters(building_result: Result) -> None:
    tree = building_result.tables["tree"]
    infected = set(tree[tree["take"] == 1]["infected"])
    ax = plot_tree(building_result, label_limit=3)
    labels = {n for t in ax.texts for n in re.split(r",\s*", t.get_text().replace("\n", " "))}
    assert labels == infected & set(building_result.meta["characters"])
    assert labels, "the fixture's tree should hold a character"


def test_a_tree_of_hundreds_fits_a_page_room_by_room() -> None:
    """600 infections in 30 rooms: one row per busy room (counts adding up to all), the named
    characters named, and a figure no taller than a page."""
    rng = np.random.default_rng(5)
    rooms = [f"class {g}-{c}" for g in (1, 2, 3) for c in range(1, 11)]
    names = ["Nam-ra"] + [f"student {i}" for i in range(1, 600)]
    tree = pd.DataFrame(
        {
            "take": 1,
            "infector": [""] + [names[int(rng.integers(0, i))] for i in range(1, 600)],
            "infected": names,
            "t": np.sort(rng.exponential(3.0, 600)),
            "route": ["animal"] + list(rng.choice(["bite", "scratch"], 599)),
            "room": rng.choice(rooms, 600),
        }
    )
    final = pd.DataFrame({"take": [1], "S": [1]})
    result = Result(
        "building",
        final.assign(t=0.0),
        final,
        tables={"tree": tree},
        meta={"characters": ["Nam-ra", "student 7"], "time_unit": "h"},
    )
    ax = plot_tree(result)
    assert ax.figure.get_size_inches()[1] <= 9.0
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert sum(int(t.rsplit("(", 1)[1].rstrip(")")) for t in ticks) == 600
    assert len(ticks) <= 17 and ticks[-1].startswith("14 other places")
    shown = " ".join(t.get_text() for t in ax.texts)
    assert "Nam-ra" in shown and "student 7" in shown
    assert "600 infections" in ax.get_title(loc="left")


@pytest.mark.parametrize(
    ("extra", "xlabel"),
    [
        ({}, "longitude (°E)"),
        ({"extent_units": "km"}, "x (km)"),
        ({"extent": None}, "column (cells)"),
    ],
)
def test_lattice_axes_say_their_unit(lattice_result: Result, extra: dict, xlabel: str) -> None:
    result = Result(
        "lattice",
        lattice_result.series,
        lattice_result.final,
        arrays=lattice_result.arrays,
        meta={**lattice_result.meta, **extra},
    )
    assert plot_reached(result).get_xlabel() == xlabel


def test_lattice_panels_show_the_take_that_spread_widest(lattice_result: Result) -> None:
    from hyosan.report.lattice import widest_take

    reached = np.isfinite(lattice_result.arrays["reached"]).sum(axis=(1, 2))
    best = lattice_result.takes[int(np.argmax(reached))]
    assert widest_take(lattice_result) == best
    figure = get_panel("reached").draw(lattice_result)
    assert f"take {best}" in figure.axes[0].get_title()


def test_a_crowded_map_names_only_the_largest_places_without_overlap(
    lattice_result: Result,
) -> None:
    from hyosan.report.lattice import LABELLED

    rows, cols = lattice_result.arrays["reached"].shape[1:]
    rng = np.random.default_rng(3)
    many = pd.DataFrame(
        {
            "take": 1,
            "place": [f"town {i}" for i in range(60)],
            "row": rng.integers(0, rows, 60),
            "col": rng.integers(0, cols, 60),
            "population": np.arange(60, dtype=float),
            "t_reached": np.r_[np.arange(59, dtype=float), np.nan],
        }
    )
    crowded = Result(
        engine="lattice",
        series=lattice_result.series,
        final=lattice_result.final,
        tables={"places": many},
        arrays=lattice_result.arrays,
        provenance=lattice_result.provenance,
        meta=lattice_result.meta,
    )
    ax = plot_reached(crowded, take=1)
    ax.figure.canvas.draw()
    labels = list(ax.texts)
    named = [int(t.get_text().split()[1]) for t in labels]
    assert 0 < len(named) <= LABELLED
    assert 59 in named  # the largest is always named
    # only the largest: every place left out that is larger than one named was crowded out
    assert min(named) >= 60 - 4 * LABELLED
    boxes = [t.get_window_extent() for t in labels]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    dots = [line for line in ax.get_lines() if line.get_marker() == "o"]
    assert len(dots) == len(named)  # a dot per named place, none for the 60 - n others
