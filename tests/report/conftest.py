"""Results for the report tests: real compartmental runs, and building and lattice results built
to the schema of docs/results.md (every documented table, array and meta key, right dtypes)."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

import hyosan
from hyosan.provenance import provenance
from hyosan.result import Result

matplotlib.use("Agg")

BUILDING_CODES = ["S", "E", "Z", "H", "D", "V"]
PLAN = [
    [
        "##########################",
        "#AAAAAA#BBBBBB#CCCCCC#..S#",
        "#......#......#......#...#",
        "#......D......D......D...#",
        "#=====..................=#",
        "##########################",
    ],
    [
        "##########################",
        "#LLLLLL#NNNNNN#MMMMMM#..S#",
        "#......#......#......#...#",
        "#......D......D......D...#",
        "#========................#",
        "##########################",
    ],
]
LEGEND = {
    "#": "wall",
    ".": "floor",
    "D": "door",
    "=": "window ledge",
    "S": "stairs",
    "A": "class 2-5",
    "B": "class 2-4",
    "C": "science lab",
    "L": "library",
    "N": "nurse's office",
    "M": "music room",
}
ROOMS = {
    "class 2-5": {"floor": 1, "kind": "room", "box": [1, 1, 3, 6], "cells": 18},
    "class 2-4": {"floor": 1, "kind": "room", "box": [1, 8, 3, 13], "cells": 18},
    "science lab": {"floor": 1, "kind": "room", "box": [1, 15, 3, 20], "cells": 18},
    "library": {"floor": 2, "kind": "room", "box": [1, 1, 3, 6], "cells": 18},
    "nurse's office": {"floor": 2, "kind": "room", "box": [1, 8, 3, 13], "cells": 18},
    "music room": {"floor": 2, "kind": "room", "box": [1, 15, 3, 20], "cells": 18},
}
"""As the engine stores them: floors count from 1, boxes are (row, column, row, column)."""
CHARACTERS = ["On-jo", "Cheong-san", "Nam-ra", "Su-hyeok", "Gwi-nam", "Hyeon-ju"]


def _building_take(take: int, rng: np.random.Generator) -> dict[str, object]:
    n_agents, n_frames = 30, 24
    names = CHARACTERS + [f"student {i}" for i in range(len(CHARACTERS), n_agents)]
    roles = ["student"] * (n_agents - 2) + ["teacher", "staff"]
    room_names = list(ROOMS)
    home = rng.integers(0, len(room_names), size=n_agents)
    home[5] = room_names.index("science lab")
    t_infect = np.full(n_agents, np.inf)
    infector = np.full(n_agents, "", dtype=object)
    route = np.full(n_agents, "", dtype=object)
    t_infect[5] = 0.0
    route[5] = "animal bite"
    order = [5]
    for victim in rng.permutation([i for i in range(n_agents) if i != 5])[: 12 + take]:
        source = int(rng.choice(order))
        t_infect[victim] = t_infect[source] + rng.uniform(0.1, 1.0)
        infector[victim] = names[source]
        route[victim] = str(rng.choice(["bite", "blood", "scratch"]))
        order.append(int(victim))
    frame_times = np.linspace(0.0, 6.0, n_frames)
    state = np.zeros((n_frames, n_agents), dtype=np.int8)
    pos = np.zeros((n_frames, n_agents, 3), dtype=np.int16)
    fate = []
    for a in range(n_agents):
        room = ROOMS[room_names[home[a]]]
        r0, c0, r1, c1 = room["box"]
        for f, t in enumerate(frame_times):
            if t >= t_infect[a] + 1.5:
                code = 4 if a % 7 == 0 else (3 if a == 2 else 2)
            elif t >= t_infect[a]:
                code = 1
            elif a in (0, 1) and t > 5:
                code = 5
            else:
                code = 0
            state[f, a] = code
            pos[f, a] = (room["floor"] - 1, rng.integers(r0, r1 + 1), rng.integers(c0, c1 + 1))
        fate.append(BUILDING_CODES[state[-1, a]])
    infected_rows = [a for a in order]
    tree = pd.DataFrame(
        {
            "take": take,
            "infector": [infector[a] for a in infected_rows],
            "infected": [names[a] for a in infected_rows],
            "t": [t_infect[a] for a in infected_rows],
            "route": [route[a] for a in infected_rows],
            "room": [room_names[home[a]] for a in infected_rows],
        }
    )
    events = pd.DataFrame(
        {
            "take": take,
            "t": tree["t"],
            "event": ["infected"] * len(tree),
            "who": tree["infector"],
            "whom": tree["infected"],
            "room": tree["room"],
            "floor": [ROOMS[r]["floor"] - 1 for r in tree["room"]],
            "route": tree["route"],
        }
    )
    t_fate = [
        float(t_infect[a]) if np.isfinite(t_infect[a]) else float("nan") for a in range(n_agents)
    ]
    fates = pd.DataFrame(
        {
            "take": take,
            "agent": np.arange(n_agents),
            "name": names,
            "role": roles,
            "klass": ["2-5" if h == 0 else "2-4" for h in home],
            "status": rng.integers(1, 5, size=n_agents),
            "fate": fate,
            "t_fate": t_fate,
            "room": [room_names[h] for h in home],
        }
    )
    room_rows = []
    for f, t in enumerate(frame_times):
        for r, room in enumerate(room_names):
            here = home == r
            counts = np.bincount(state[f, here], minlength=6)
            room_rows.append([take, t, room, *counts.tolist()])
    rooms = pd.DataFrame(room_rows, columns=["take", "t", "room", *BUILDING_CODES])
    narrative = pd.DataFrame(
        {
            "take": take,
            "t": tree["t"],
            "text": [  # as the engine writes them: hours:minutes since the start, then the line
                f"{int(t * 60) // 60:02d}:{int(t * 60) % 60:02d} — "
                f"{who or 'the lab animal'} infects {whom} in the {room} ({rt})."
                for who, whom, room, rt, t in zip(
                    tree["infector"],
                    tree["infected"],
                    tree["room"],
                    tree["route"],
                    tree["t"],
                    strict=True,
                )
            ],
        }
    )
    counts = np.stack([np.bincount(s, minlength=6) for s in state])
    series = pd.DataFrame(counts, columns=BUILDING_CODES)
    series.insert(0, "t", frame_times)
    series.insert(0, "take", take)
    return {
        "series": series,
        "tables": {
            "events": events,
            "fates": fates,
            "tree": tree,
            "rooms": rooms,
            "narrative": narrative,
        },
        "pos": pos,
        "state": state,
        "frame_times": frame_times,
    }


def make_building_result(takes: int = 2) -> Result:
    """A small Hyosan High result with every documented table, array and meta key."""
    rng = np.random.default_rng(11)
    parts = [_building_take(k, rng) for k in range(1, takes + 1)]
    series = pd.concat([p["series"] for p in parts], ignore_index=True)
    final = series.groupby("take").tail(1).drop(columns="t").reset_index(drop=True)
    tables = {
        name: pd.concat([p["tables"][name] for p in parts], ignore_index=True)
        for name in ("events", "fates", "tree", "rooms", "narrative")
    }
    return Result(
        engine="building",
        series=series,
        final=final,
        tables=tables,
        arrays={
            "frames_pos": np.stack([p["pos"] for p in parts]),
            "frames_state": np.stack([p["state"] for p in parts]),
        },
        provenance=provenance(
            scenario="hyosan-high-mini",
            engine="building",
            seed=11,
            scenario_text='name = "hyosan-high-mini"\nengine = "building"\n',
        ),
        meta={
            "time_unit": "h",
            "plan": PLAN,
            "legend": LEGEND,
            "rooms": ROOMS,
            "frame_times": parts[0]["frame_times"].tolist(),
            "state_codes": BUILDING_CODES,
            "characters": CHARACTERS,
        },
    )


def make_lattice_result(takes: int = 3) -> Result:
    """A small lattice result: an S E Z H R grid spreading from one corner of a map."""
    rng = np.random.default_rng(5)
    states = ["S", "E", "Z", "H", "R"]
    rows, cols, n_times = 12, 16, 6
    times = np.linspace(0.0, 10.0, n_times)
    yy, xx = np.mgrid[0:rows, 0:cols]
    population = rng.integers(50, 200, size=(rows, cols)).astype(np.float32)
    snaps = np.zeros((takes, n_times, len(states), rows, cols), dtype=np.float32)
    reached = np.full((takes, rows, cols), np.nan, dtype=np.float32)
    series_rows = []
    places = []
    for i in range(takes):
        speed = 1.2 + 0.3 * i
        dist = np.hypot(yy - 2, xx - 3 - i)
        arrival = dist / speed
        arrival[arrival > 9.0] = np.nan
        reached[i] = arrival
        for j, t in enumerate(times):
            hit = np.nan_to_num(arrival, nan=np.inf) <= t
            zombies = np.where(hit, population * 0.6, 0.0)
            removed = np.where(hit, population * 0.3, 0.0)
            snaps[i, j, 0] = population - zombies - removed
            snaps[i, j, 2] = zombies
            snaps[i, j, 4] = removed
            totals = snaps[i, j].sum(axis=(1, 2))
            series_rows.append([i + 1, t, *totals.tolist()])
        for name, r, c in (("Seoul station", 2, 3), ("Hyosan High", 8, 12), ("harbour", 11, 1)):
            places.append([i + 1, name, r, c, float(population[r, c]), float(arrival[r, c])])
    series = pd.DataFrame(series_rows, columns=["take", "t", *states])
    final = series.groupby("take").tail(1).drop(columns="t").reset_index(drop=True)
    return Result(
        engine="lattice",
        series=series,
        final=final,
        tables={
            "places": pd.DataFrame(
                places, columns=["take", "place", "row", "col", "population", "t_reached"]
            )
        },
        arrays={"snapshots": snaps, "reached": reached},
        provenance=provenance(scenario="hyosan-city-mini", engine="lattice", seed=5),
        meta={
            "time_unit": "d",
            "snapshot_times": times.tolist(),
            "states": states,
            "extent": [126.8, 127.2, 37.4, 37.7],
            "cell_size": 0.025,
            "map": "Hyosan city",
        },
    )


@pytest.fixture(scope="session")
def building_result() -> Result:
    return make_building_result()


@pytest.fixture(scope="session")
def lattice_result() -> Result:
    return make_lattice_result()


@pytest.fixture(scope="session")
def ssa_result() -> Result:
    return hyosan.simulate("alemi_szr", overrides=["method=ssa"], takes=20)


@pytest.fixture(scope="session")
def ode_result() -> Result:
    return hyosan.simulate("munz_quarantine")


@pytest.fixture(scope="session")
def all_results(
    building_result: Result, lattice_result: Result, ssa_result: Result, ode_result: Result
) -> dict[str, Result]:
    return {
        "building": building_result,
        "lattice": lattice_result,
        "compartmental-ssa": ssa_result,
        "compartmental-ode": ode_result,
    }


def chromium_or_skip() -> str:
    """Path of Debian's chromium; in CI its absence fails the test, elsewhere it skips."""
    path = "/usr/bin/chromium"
    if Path(path).exists():
        try:
            import playwright  # noqa: F401
        except ImportError:
            if os.environ.get("CI"):
                pytest.fail("playwright is not installed (it is in the dev extra)")
            pytest.skip("playwright is not installed: pip install -e '.[dev]'")
        return path
    if os.environ.get("CI"):
        pytest.fail("/usr/bin/chromium is missing: .ci/run installs Debian's chromium")
    pytest.skip("/usr/bin/chromium is missing: apt-get install chromium to run browser tests")
    return path


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
