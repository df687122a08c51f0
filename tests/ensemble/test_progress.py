"""Progress bars: elapsed and remaining are labelled, a resumed run counts the takes left, and
Python's simulate gives the same takes with or without a bar; overrides in every form."""

from __future__ import annotations

import pytest
from rich.console import Console
from rich.progress import Task

import hyosan
from hyosan.cli.run import resume_label
from hyosan.ensemble.progress import TimesColumn, progress_bar
from hyosan.errors import HyosanError


def test_elapsed_and_remaining_are_labelled() -> None:
    task = Task(0, "x", total=10, completed=0, _get_time=lambda: 194.0)
    task.start_time = 0.0
    text = TimesColumn().render(task).plain
    assert text.startswith("elapsed 0:03:14")
    assert "remaining" in text and "left" not in text


def test_bar_draws_counts_and_labels() -> None:
    console = Console(width=120, record=True, force_terminal=False)
    with progress_bar("szr: resuming, 3 of 12 takes still to do", console) as bar:
        assert bar is not None
        bar(0, 3)
        bar(3, 3)
    text = console.export_text()
    assert "3/3" in text and "0/0" not in text and "elapsed" in text


def test_resume_label_counts_takes_still_to_do() -> None:
    assert resume_label("szr", 12, 12) == "szr"
    assert resume_label("szr", 3, 12) == "szr: resuming, 3 of 12 takes still to do"
    assert resume_label("szr", 0, 12) == "szr: all 12 takes already done"


def test_simulate_with_progress_gives_the_same_takes() -> None:
    quiet = hyosan.simulate("alemi_szr", takes=6, overrides=["method=ssa"], progress=False)
    shown = hyosan.simulate("alemi_szr", takes=6, overrides={"method": "ssa"}, progress=True)
    assert quiet.final.equals(shown.final) and quiet.series.equals(shown.series)


@pytest.mark.parametrize(
    "overrides",
    [
        {"beta": 0.02, "compartmental": {"initial": {"S": 200}}},
        ["beta=0.02", "compartmental.initial.S=200"],
    ],
)
def test_overrides_as_dict_list_or_string(overrides: object) -> None:
    one = hyosan.simulate("alemi_szr", overrides=overrides, progress=False)  # type: ignore[arg-type]
    params = one.meta["parameters"]
    assert params["beta"] == pytest.approx(0.02)
    assert one.series["S"].iloc[0] == 200
    assert hyosan.simulate("alemi_szr", overrides="beta=0.02").meta["parameters"]["beta"] == 0.02


def test_bad_override_names_the_value() -> None:
    with pytest.raises(HyosanError, match=r"overrides: .*must be a string \(got '3'\)"):
        hyosan.simulate("alemi_szr", overrides=[3])  # type: ignore[list-item]
