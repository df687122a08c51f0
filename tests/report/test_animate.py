"""Animations: GIF and MP4 of the school and of the lattice, frame for frame."""

from __future__ import annotations

from pathlib import Path

import imageio.v3 as iio
import numpy as np
import pytest

from hyosan.cli import main
from hyosan.errors import HyosanError
from hyosan.report.animate import animate, event_frames, pick_frames
from hyosan.result import Result

pytestmark = pytest.mark.filterwarnings("error::UserWarning")


@pytest.mark.parametrize("suffix", [".gif", ".mp4"])
def test_building_animation_has_a_frame_per_frame(
    tmp_path: Path, building_result: Result, suffix: str
) -> None:
    path = animate(building_result, tmp_path / f"school{suffix}", max_frames=10, dpi=50)
    frames = iio.imread(path, index=None)
    assert frames.shape[0] == 10
    assert frames.shape[-1] == 3
    assert not np.array_equal(frames[0], frames[-1]), "the agents did not move"


@pytest.mark.parametrize("suffix", [".gif", ".mp4"])
def test_lattice_animation_has_a_frame_per_snapshot(
    tmp_path: Path, lattice_result: Result, suffix: str
) -> None:
    path = animate(lattice_result, tmp_path / f"city{suffix}", dpi=50)
    frames = iio.imread(path, index=None)
    assert frames.shape[0] == len(lattice_result.meta["snapshot_times"])


def test_frames_are_spread_evenly() -> None:
    assert pick_frames(5, 10) == [0, 1, 2, 3, 4]
    picked = pick_frames(1000, 7)
    assert picked[0] == 0 and picked[-1] == 999 and len(picked) == 7


def test_frames_follow_the_events() -> None:
    """72 hours in 433 frames, every change of state in the first 4 hours (frames 1-24): most
    of the film goes there, and the quiet hours still move on."""
    rng = np.random.default_rng(3)
    states = np.zeros((433, 500), dtype=np.int8)
    turned = rng.integers(1, 25, 500)
    for agent, frame in enumerate(turned):
        states[frame:, agent] = 2
    picked = event_frames(states, 60)
    assert len(picked) == 60 and picked[0] == 0 and picked[-1] == 432
    assert [f for f in picked if f <= 24] == list(range(25)), picked  # every busy frame
    assert len([f for f in pick_frames(433, 60) if f <= 24]) <= 4  # evenly: 4 of them
    assert max(np.diff(picked)) < 433 / 10  # and the quiet hours are not skipped whole
    quiet = event_frames(np.zeros((30, 5)), 7)  # nothing happens: evenly spread
    assert len(quiet) == 7 and max(np.diff(quiet)) <= 5


def test_bad_requests_are_clear(tmp_path: Path, ssa_result: Result, lattice_result: Result) -> None:
    with pytest.raises(HyosanError, match="nothing to animate"):
        animate(ssa_result, tmp_path / "a.gif")
    with pytest.raises(HyosanError, match=r"allowed: \.gif, \.mp4"):
        animate(lattice_result, tmp_path / "a.avi")


def test_cli_animate(tmp_path: Path, lattice_result: Result) -> None:
    run = lattice_result.to_parquet(tmp_path / "run")
    assert main(["animate", str(run), "--out", str(tmp_path / "city.mp4")]) == 0
    frames = iio.imread(tmp_path / "city.mp4", index=None)
    assert frames.shape[0] == len(lattice_result.meta["snapshot_times"])
    assert not np.array_equal(frames[0], frames[-1]), "the spread did not show"
