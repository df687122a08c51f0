"""Takes and seeds given from Python are checked as the command line checks them: whole numbers
in range, or one error naming the argument — never rounded, read letter by letter, or (a
negative seed) hashed for ever."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

import hyosan
from hyosan.engines import run_seed, take_numbers
from hyosan.errors import HyosanError
from hyosan.scenario.limits import MAX_SEED, MAX_TAKES
from hyosan.seeding import take_states


@pytest.mark.parametrize(
    ("takes", "numbers"),
    [
        (3, [1, 2, 3]),
        (np.int64(2), [1, 2]),
        ([3, 1, 3], [1, 3]),
        (range(2, 4), [2, 3]),
        (np.array([5, 4]), [4, 5]),
        ([MAX_TAKES], [MAX_TAKES]),
    ],
)
def test_counts_and_lists_of_takes(takes: object, numbers: list[int]) -> None:
    assert take_numbers(takes) == numbers


@pytest.mark.parametrize(
    "takes",
    [0, -1, MAX_TAKES + 1, 1.5, 2.0, "3", b"3", True, [], [0], [1, 2.5], ["1"], 3.0],
)
def test_bad_takes_are_refused_naming_them(takes: object) -> None:
    with pytest.raises(HyosanError) as caught:
        take_numbers(takes)
    assert str(caught.value).startswith("takes: ")


def test_a_long_generator_of_takes_is_not_read_to_its_end() -> None:
    def endless() -> Iterator[int]:
        k = 1
        while True:
            yield k
            k += 1

    with pytest.raises(HyosanError, match="not a list of take numbers"):
        take_numbers(endless())


@pytest.mark.parametrize("seed", [0, 17, np.uint64(5), MAX_SEED])
def test_seeds_in_range(seed: object) -> None:
    assert run_seed(seed) == int(seed)  # type: ignore[call-overload]


@pytest.mark.parametrize("seed", [-1, MAX_SEED + 1, 1.5, 1.0, "1", True, None])
def test_bad_seeds_are_refused_naming_them(seed: object) -> None:
    with pytest.raises(HyosanError, match="^seed: not a run seed"):
        run_seed(seed)


def test_simulate_refuses_a_negative_seed_at_once() -> None:
    """A negative seed used to reach the seeding's word split, which never ends on one."""
    with pytest.raises(HyosanError, match="^seed: "):
        hyosan.simulate("alemi_szr", overrides={"method": "ssa"}, seed=-1, takes=1)


def test_take_states_refuses_a_negative_seed_as_numpy_does() -> None:
    with pytest.raises(ValueError):
        np.random.SeedSequence(-1)
    with pytest.raises(ValueError, match="from 0"):
        take_states(-1, [1], 1)
