"""Randomness as data: a take's named streams, and the animal route's time to turn drawn from
them (checked against its log-normal law)."""

from __future__ import annotations

import numpy as np
from tests.building.conftest import run

from hyosan.building.records import STREAMS
from hyosan.building.setup import streams_of
from hyosan.seeding import take_sequence


def test_each_kind_of_draw_has_its_own_stream() -> None:
    first = [g.random() for g in streams_of(17, 3)]
    again = [g.random() for g in streams_of(17, 3)]
    other_take = [g.random() for g in streams_of(17, 4)]
    assert STREAMS == ("movement", "contact", "virus", "decisions", "schedule")
    assert first == again, "a take's streams depend on its seed and number alone"
    assert len(set(first)) == len(first), "the streams differ from one another"
    assert not set(first) & set(other_take)


def test_streams_are_children_of_the_takes_seed_sequence() -> None:
    parent = take_sequence(17, 3)
    virus = np.random.Generator(np.random.PCG64(parent.spawn(3)[2]))
    assert streams_of(17, 3).virus.random() == virus.random()


def test_patient_zero_bitten_by_an_animal_turns_after_the_animal_time(tiny) -> None:
    # Unset turns_after: the time is log-normal with median animal_median and log-sd animal_sd,
    # counted from the bite (here at the start). 40 takes: the mean log time is within three
    # standard errors (0.6 / sqrt(40) ≈ 0.095) of log(median).
    median_s, sd, takes = 600.0, 0.6, 40
    path = tiny(
        [{"name": "Zero", "room": "west room"}],
        duration="2 h",
        outbreak={"patient_zero": "Zero", "infected_in": "west room", "infected_before": "0 h"},
        virus={"animal_median": "10 min", "animal_sd": sd},
    )
    events = run(path, takes=takes, seed=11).tables["events"]
    turned = events[(events["event"].isin(["turn", "halfbie"])) & (events["who"] == "Zero")]
    hours = turned.groupby("take")["t"].first().reindex(range(1, takes + 1), fill_value=2.0)
    logs = np.log(hours.to_numpy() * 3600.0)
    assert abs(logs.mean() - np.log(median_s)) < 3 * sd / np.sqrt(takes)
