"""Crowds side by side with JuPedSim: the same rooms and corridors in hyosan's building engine
(1 m cells, bodies on) and in JuPedSim's collision-free speed model.

Two experiments, as pedestrian dynamics checks its simulators:

- **Bottleneck.** 50, 100 and 200 people start at random in a 10 × 10 m room (a 10 × 20 m room
  for 200, at the same density) and leave by one door 1 m or 2 m wide into a corridor 10 m
  long as wide as the door, to an exit at its end. Printed: when the last passes the door
  (s), the mean flow through it (persons per second, the first to the last), and the
  computer's time for the whole run (s).
- **Corridor.** A crowd at a set density walks down a corridor 2 m wide; its mean speed (m/s)
  beside Weidmann's v(ρ) = 1.34 · (1 − exp(−1.913 · (1/ρ − 1/5.4))).

Both sides walk at 1.34 m/s free speed; seeds are fixed. JuPedSim is a peer, not a dependency:
``pip install jupedsim`` to run its side; without it that side is skipped with a line saying
so. ``--plot FILE`` draws speed against density beside Weidmann's curve.
"""

from __future__ import annotations

import math
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

import hyosan

FREE = 1.34
SEED = 1
DENSITIES = (0.5, 1.0, 1.5, 2.0, 3.0)
"""Persons per m²; JuPedSim's random placement cannot reach 4 (it stops near 3.8)."""
CASES = [(n, w) for n in (50, 100, 200) for w in (1, 2)]


def weidmann(rho: float) -> float:
    """Weidmann's (1993) walking speed at density ``rho`` (persons per m²), m/s."""
    return FREE * (1.0 - math.exp(-1.913 * (1.0 / rho - 1.0 / 5.4)))


def room_plan(rows: int, door: int) -> str:
    """A 10-wide room of ``rows`` metres, a door ``door`` cells wide in its right wall, a
    corridor 10 m long and 2 m wide behind it, and open ground beyond (where JuPedSim's exit
    takes people away, here they walk on into it)."""
    corridor = (rows - 2) // 2
    lines = ["#" * 34]
    for y in range(rows):
        opening = corridor <= y < corridor + door
        passage = corridor <= y < corridor + 2
        lines.append(
            "#"
            + "r" * 10
            + ("+" if opening else "#")
            + ("." * 10 if passage else "#" * 10)
            + "g" * 12
        )
    lines.append("#" * 34)
    return "[rooms]\nr = class room\n[outside]\ng = way out\n[floor 1: corridor]\n" + "\n".join(
        lines
    )


def corridor_plan() -> str:
    """A corridor 100 m long and 2 m wide: the crowd fills its first 98 m (a room opening into
    the last 2 m of hallway), the way out behind a door at its end."""
    return "[rooms]\ns = class crowd\n[outside]\ng = way out\n[floor 1: corridor]\n" + "\n".join(
        ["#" * 106, "#" + "s" * 98 + ".." + "+gg#", "#" + "s" * 98 + ".." + "#gg#", "#" * 106]
    )


def scenario(where: Path, plan: str, people: int, duration: str) -> Path:
    """A fire drill of ``people`` on ``plan``: everyone walks at once to the way out."""
    (where / "b.plan").write_text(plan)
    path = where / "b.toml"
    path.write_text(
        f"""name = "bench"
engine = "building"
[building]
plan = "b.plan"
duration = "{duration}"
dt = "0.5 s"
record_every = "0.5 s"
rooms_every = "0.5 s"
frame_every = "0.5 s"
[building.population]
students_per_class = {people}
teachers_per_class = 0
staff = 0
[building.people]
walk_speed = {FREE}
[building.outbreak]
patient_zero = ""
infected_in = "way out"
[building.world]
drill_at = "0 h"
cordon_at = "100 h"
roof_after = "100 h"
[building.roles]
gate = "way out"
"""
    )
    return path


def hyosan_bottleneck(people: int, door: int) -> tuple[float, float, float]:
    """hyosan: (last through the door (s), flow (1/s), CPU seconds of the whole run)."""
    rows = 10 if people <= 100 else 20
    with tempfile.TemporaryDirectory() as tmp:
        path = scenario(Path(tmp), room_plan(rows, door), people, "10 min")
        started = time.process_time()
        result = hyosan.simulate(path, takes=[1], seed=SEED, progress=False)
        wall = time.process_time() - started
    pos = result.arrays["frames_pos"][0]
    times = np.asarray(result.meta["frame_times"]) * 3600.0
    inside = (pos[..., 2] <= 11).sum(axis=1)  # in the room or its doorway (column 11)
    if inside[-1] > 0:
        return math.nan, math.nan, wall
    last = float(times[np.argmax(inside == 0)])
    first = float(times[np.argmax(inside < people)])
    return last, (people - 1) / max(last - first, 1e-9), wall


def hyosan_corridor(rho: float) -> tuple[float, float]:
    """hyosan: (mean speed in the corridor's middle 10 m from 10 s to 30 s, CPU seconds of
    the whole run), measured as on JuPedSim's side."""
    with tempfile.TemporaryDirectory() as tmp:
        path = scenario(Path(tmp), corridor_plan(), round(rho * 196), "31 s")
        started = time.process_time()
        result = hyosan.simulate(path, takes=[1], seed=SEED, progress=False)
        wall = time.process_time() - started
    pos = result.arrays["frames_pos"][0]
    frames = [{a: float(pos[k, a, 2]) - 0.5 for a in range(pos.shape[1])} for k in range(len(pos))]
    return _middle_speed(frames[1:], 0.5), wall


def peer() -> Any:
    """The jupedsim module, or None when it is not installed."""
    try:
        import jupedsim
    except ImportError:
        return None
    return jupedsim


STALL = 60.0
"""Seconds with nobody through the door after which a JuPedSim run is reported jammed: its
model has no randomness, so such a jam is for good."""


def _jps_sim(jps: Any, area: Any, exit_box: Any, spots: list[Any]) -> Any:
    """A JuPedSim simulation of the collision-free speed model (its defaults, dt 0.01 s) with
    everyone at ``spots`` walking at the free speed to one exit."""
    sim = jps.Simulation(model=jps.CollisionFreeSpeedModel(), geometry=area, dt=0.01)
    exit_id = sim.add_exit_stage(exit_box)
    journey = sim.add_journey(jps.JourneyDescription([exit_id]))
    for spot in spots:
        sim.add_agent(
            jps.CollisionFreeSpeedModelAgentParameters(
                position=spot, desired_speed=FREE, journey_id=journey, stage_id=exit_id
            )
        )
    return sim


def jps_bottleneck(jps: Any, people: int, door: int) -> tuple[float, float, float]:
    """JuPedSim: (last through the door (s, NaN when the crowd jammed for good), flow (1/s),
    CPU seconds of its steps). The door is a gap ``door`` m wide in a 0.2 m wall, the corridor
    behind it 2 m wide and 10 m long, its last metre the exit; a crossing is the moment an
    agent's centre passes the door's corridor side (sampled every 0.1 s, interpolated)."""
    import shapely

    depth = 10.0 if people <= 100 else 20.0
    x0 = depth + 0.2
    area = shapely.union_all(
        [
            shapely.box(0, 0, depth, 10),
            shapely.box(depth, 5 - door / 2, x0, 5 + door / 2),
            shapely.box(x0, 4, x0 + 10, 6),
        ]
    )
    spots = jps.distribute_by_number(
        polygon=shapely.box(0, 0, depth, 10),
        number_of_agents=people,
        distance_to_agents=0.4,
        distance_to_polygon=0.2,
        seed=SEED,
    )
    sim = _jps_sim(jps, area, shapely.box(x0 + 9, 4, x0 + 10, 6), spots)
    crossed: dict[int, float] = {}
    was = {a.id: a.position[0] for a in sim.agents()}
    last = 0.0
    cpu = time.process_time()
    while sim.agent_count() > 0 and sim.elapsed_time() - last < STALL:
        before = sim.elapsed_time()
        sim.iterate(10)
        now = sim.elapsed_time()
        for agent in sim.agents():
            x = agent.position[0]
            xp = was.get(agent.id, x)
            if agent.id not in crossed and xp < x0 <= x:
                crossed[agent.id] = before + (x0 - xp) / (x - xp) * (now - before)
                last = now
            was[agent.id] = x
        if len(crossed) == people:
            last = now
    cpu = time.process_time() - cpu
    times = sorted(crossed.values())
    if len(times) < people:
        return math.nan, math.nan, cpu
    return times[-1], (people - 1) / (times[-1] - times[0]), cpu


def jps_corridor(jps: Any, rho: float) -> tuple[float, float]:
    """JuPedSim: (mean speed in the corridor's middle 10 m from 10 s to 30 s, CPU seconds).
    It has no periodic corridor: 100 m long, filled to 98.5 m, the exit its last metre; an
    agent's speed is its way over the second around each 0.1 s sample."""
    import shapely

    spots = jps.distribute_by_number(
        polygon=shapely.box(0, 0, 98.5, 2),
        number_of_agents=round(rho * 197),
        distance_to_agents=0.4,
        distance_to_polygon=0.2,
        seed=SEED,
    )
    sim = _jps_sim(jps, shapely.box(0, 0, 100, 2), shapely.box(99, 0, 100, 2), spots)
    frames: list[dict[int, float]] = []
    cpu = time.process_time()
    while sim.elapsed_time() < 30.5:
        sim.iterate(10)
        frames.append({a.id: a.position[0] for a in sim.agents()})
    cpu = time.process_time() - cpu
    return _middle_speed(frames, 0.1), cpu


def _middle_speed(frames: list[dict[int, float]], every: float) -> float:
    """Mean over the samples from 10 s to 30 s of the mean speed of those then in the
    corridor's middle 10 m (45–55 m), each over the second around the sample."""
    half = round(0.5 / every)
    means = []
    for k in range(len(frames)):
        t = (k + 1) * every
        if not (10.0 <= t <= 30.0) or k - half < 0 or k + half >= len(frames):
            continue
        now, before, after = frames[k], frames[k - half], frames[k + half]
        speeds = [
            (after[a] - before[a]) / (2 * half * every)
            for a, x in now.items()
            if 45.0 <= x <= 55.0 and a in before and a in after
        ]
        if speeds:
            means.append(statistics.fmean(speeds))
    return statistics.fmean(means) if means else math.nan


def main(argv: list[str]) -> int:
    jps = peer()
    if jps is None:
        print("JuPedSim is not installed (pip install jupedsim): its side is skipped")
    else:
        print(f"JuPedSim {getattr(jps, '__version__', '?')}, collision-free speed model")
    hyosan_bottleneck(10, 1)  # load the compiled kernel once, outside the timings
    print("\nBottleneck: the last through the door (s), the flow through it (1/s), CPU seconds")
    print(
        f"{'people':>6} {'door':>5} | {'hyosan':>7} {'flow':>5} {'CPU':>6} |"
        f" {'JuPedSim':>8} {'flow':>5} {'CPU':>6} | {'last':>5} {'CPU':>6}"
    )
    for people, door in CASES:
        ours = hyosan_bottleneck(people, door)
        line = f"{people:>6} {door:>4}m | {ours[0]:>6.0f}s {ours[1]:>5.2f} {ours[2]:>5.2f}s |"
        if jps is not None:
            theirs = jps_bottleneck(jps, people, door)
            line += f" {theirs[0]:>7.0f}s {theirs[1]:>5.2f} {theirs[2]:>5.2f}s |"
            line += f" {ours[0] / theirs[0]:>5.2f} {theirs[2] / max(ours[2], 1e-9):>5.0f}×"
        print(line)
    print("(last: hyosan's time over JuPedSim's; CPU: how many times less hyosan used; NaN: the")
    print(" crowd jammed at the door for good, which JuPedSim's model does at times at 1 m)")
    print("\nCorridor 2 m wide: mean speed (m/s) at each density (persons per m²)")
    print(
        f"{'density':>7} | {'Weidmann':>8} | {'hyosan':>6} {'CPU':>6} | {'JuPedSim':>8} {'CPU':>6}"
    )
    rows = []
    for rho in DENSITIES:
        ours_v, ours_wall = hyosan_corridor(rho)
        line = f"{rho:>7.1f} | {weidmann(rho):>8.2f} | {ours_v:>6.2f} {ours_wall:>5.2f}s |"
        theirs_v = math.nan
        if jps is not None:
            theirs_v, theirs_wall = jps_corridor(jps, rho)
            line += f" {theirs_v:>8.2f} {theirs_wall:>5.2f}s"
        rows.append((rho, ours_v, theirs_v))
        print(line)
    if "--plot" in argv:
        plot(rows, Path(argv[argv.index("--plot") + 1]))
    return 0


def plot(rows: list[tuple[float, float, float]], out: Path) -> None:
    """Speed against density: Weidmann's curve, hyosan's and JuPedSim's points."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rho = np.linspace(0.2, 5.3, 200)
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(rho, [weidmann(r) for r in rho], color="0.3", label="Weidmann (1993)")
    ax.plot([r[0] for r in rows], [r[1] for r in rows], "o", label="hyosan (1 m cells)")
    if not all(math.isnan(r[2]) for r in rows):
        ax.plot([r[0] for r in rows], [r[2] for r in rows], "s", label="JuPedSim")
    ax.set_xlabel("density (persons per m²)")
    ax.set_ylabel("mean speed (m/s)")
    ax.set_title("Walking speed against density, corridor 2 m wide")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    print(f"plot written to {out}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
