"""Whole processes, as a user runs them: hyosan's CLI beside GillesPy2's whole script.

Each case is a fresh process, timed from start to exit (wall) with the peak resident memory of
the process and the processes it waited for (``os.wait4``): imports, compiling, writing results
and all. The cases run interleaved, round after round, and medians are quoted:

- ``hyosan run alemi_szr --set method=ssa --takes N`` (a fresh ``--out`` each round), and the
  same with ``--plot`` (drawing ``curves.png`` too);
- GillesPy2's whole script for the same ensemble (Alemi SZR, N = 1000, Z0 = 1, alpha = 0.8,
  t in [0, 200], 201 points): import, model, the build of its C++ solver, N trajectories;
- the kernel alone (hyosan's SSA on the same takes, timed inside a warm process; its memory is
  that whole process's peak);
- ``hyosan --help`` and ``hyosan models``;
- the floor under any run: one take from the CLI, and a bare interpreter importing the
  libraries a run writes and computes with (Numba, pandas, PyArrow) — no run can start faster
  or smaller than that.

GillesPy2 runs under ``--gillespy2-python`` (default: this interpreter) and is skipped with a
line saying how to install it when it is not importable there. The load average is printed
before and after the rounds: on a busy machine every wall time grows with it.

Run: ``.venv/bin/python benchmarks/end_to_end.py [--takes 10000] [--rounds 3]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

ALPHA, S0, Z0, T_END, POINTS = 0.8, 999, 1, 200.0, 201

GILLESPY2_SCRIPT = f"""
import json, sys
import numpy as np
import gillespy2

takes, beta = int(sys.argv[1]), float(sys.argv[2])
model = gillespy2.Model(name="alemi_szr")
bite = gillespy2.Parameter(name="beta", expression=beta)
kill = gillespy2.Parameter(name="kappa", expression={ALPHA} * beta)
model.add_parameter([bite, kill])
s = gillespy2.Species(name="S", initial_value={S0}, mode="discrete")
z = gillespy2.Species(name="Z", initial_value={Z0}, mode="discrete")
r = gillespy2.Species(name="R", initial_value=0, mode="discrete")
model.add_species([s, z, r])
model.add_reaction([
    gillespy2.Reaction(name="bite", reactants={{s: 1, z: 1}}, products={{z: 2}}, rate=bite),
    gillespy2.Reaction(name="kill", reactants={{s: 1, z: 1}}, products={{s: 1, r: 1}}, rate=kill),
])
model.timespan(np.linspace(0.0, {T_END}, {POINTS}))
results = model.run(solver=gillespy2.SSACSolver(model=model), number_of_trajectories=takes, seed=1)
final = np.array([[traj[n][-1] for n in ("S", "Z", "R")] for traj in results])
print(json.dumps(final.mean(axis=0).tolist()))
"""

KERNEL_SCRIPT = """
import json, os, sys, time
os.environ.setdefault("NUMBA_NUM_THREADS", "1")
from hyosan.compartmental.problem import problem_of
from hyosan.compartmental.stochastic import TakeDraws, run_ssa
from hyosan.scenario import load_scenario

takes = int(sys.argv[1])
spec = load_scenario("alemi_szr", ["method='ssa'"]).compartmental
problem = problem_of(spec)
run_ssa(problem, TakeDraws.of(0, range(1, 11)))
start = time.perf_counter()
out, _ = run_ssa(problem, TakeDraws.of(0, range(1, takes + 1)))
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "mean": out[:, -1, :].mean(axis=0).tolist()}))
"""


@dataclass
class Case:
    """One whole-process command, and what its rounds measured."""

    name: str
    command: list[str]
    fresh_out: bool = False
    inner_time: bool = False
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    last_output: str = ""


def measure(command: list[str]) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds (user + system), peak RSS (MiB) of the process tree it waited
    for, and its stdout. On a loaded machine the CPU seconds move less than the wall time."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text = out.read().decode(errors="replace")
        if proc.returncode != 0:
            raise SystemExit(f"failed ({proc.returncode}): {' '.join(command)}\n{err.read()!r}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text


def hyosan_command() -> list[str]:
    """The ``hyosan`` console script of this interpreter (or the same through ``-c``)."""
    script = Path(sys.executable).with_name("hyosan")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from hyosan.cli import main; sys.exit(main())"]


def importable(python: str, module: str) -> bool:
    probe = subprocess.run([python, "-c", f"import {module}"], capture_output=True)
    return probe.returncode == 0


def cases(takes: int, gillespy2_python: str, work: Path) -> list[Case]:
    from hyosan.compartmental.catalog import entry

    beta = entry("alemi_szr").parameters["beta"].value
    hyosan = hyosan_command()
    run = [*hyosan, "run", "alemi_szr", "--set", "method=ssa", "--takes", str(takes)]
    found = [
        Case(f"hyosan run --takes {takes}", run, fresh_out=True),
        Case("  the same, --plot", [*run, "--plot"], fresh_out=True),
    ]
    if importable(gillespy2_python, "gillespy2"):
        script = work / "gillespy2_szr.py"
        script.write_text(GILLESPY2_SCRIPT)
        found.append(
            Case("GillesPy2 whole script", [gillespy2_python, str(script), str(takes), str(beta)])
        )
    else:
        print(
            f"GillesPy2: not importable by {gillespy2_python}: skipped "
            "(pip install gillespy2, and python3 -m pip install scons for its C++ build; "
            "then pass --gillespy2-python)"
        )
    kernel = work / "kernel.py"
    kernel.write_text(textwrap.dedent(KERNEL_SCRIPT))
    found.append(
        Case("hyosan kernel alone", [sys.executable, str(kernel), str(takes)], False, True)
    )
    one = [*hyosan, "run", "alemi_szr", "--set", "method=ssa", "--takes", "1"]
    found.append(Case("hyosan run --takes 1", one, fresh_out=True))
    floor = "import numba, numpy, pandas, pyarrow.parquet"
    found.append(Case("import numba, pandas, pyarrow", [sys.executable, "-c", floor]))
    found.append(Case("hyosan --help", [*hyosan, "--help"]))
    found.append(Case("hyosan models", [*hyosan, "models"]))
    return found


def run_rounds(found: list[Case], rounds: int, work: Path) -> None:
    for r in range(rounds):
        for case in found:
            command = list(case.command)
            if case.fresh_out:
                command += ["--out", str(work / f"run-{r}-{id(case)}")]
            wall, cpu, peak, text = measure(command)
            if case.inner_time:
                wall = cpu = json.loads(text.strip().splitlines()[-1])["seconds"]
            case.walls.append(wall)
            case.cpus.append(cpu)
            case.peaks.append(peak)
            case.last_output = text
            print(
                f"  round {r + 1}: {case.name}: {wall:.2f} s wall, {cpu:.2f} s CPU, {peak:.0f} MiB",
                flush=True,
            )


def final_means(found: list[Case], work: Path) -> None:
    """The ensemble means of each whole process (they estimate the same thing)."""
    import pandas as pd

    for case in found:
        if case.fresh_out:
            final = pd.read_parquet(work / f"run-0-{id(case)}" / "final.parquet")
            means = final[["S", "Z", "R"]].mean().tolist()
        elif case.name.startswith("GillesPy2"):
            means = json.loads(case.last_output.strip().splitlines()[-1])
        elif case.inner_time:
            means = json.loads(case.last_output.strip().splitlines()[-1])["mean"]
        else:
            continue
        print(f"  {case.name}: final mean S, Z, R = {', '.join(f'{m:.1f}' for m in means)}")


def report(found: list[Case]) -> None:
    by_name = {c.name: c for c in found}
    peer = by_name.get("GillesPy2 whole script")
    print(
        f"\n{'case (medians)':<28} {'wall':>9} {'CPU':>9} {'peak RSS':>10}   "
        "to GillesPy2's script: wall, CPU, memory"
    )
    for case in found:
        wall, cpu = statistics.median(case.walls), statistics.median(case.cpus)
        peak = statistics.median(case.peaks)
        ratio = ""
        if peer is not None and case is not peer:
            speed = statistics.median(peer.walls) / wall
            work = statistics.median(peer.cpus) / cpu
            memory = peak / statistics.median(peer.peaks)
            ratio = f"{speed:.1f}x as fast, {work:.1f}x less CPU, {memory:.2f}x the memory"
        rss = f"{peak:.0f} MiB"
        print(f"{case.name:<28} {wall:>7.2f} s {cpu:>7.2f} s {rss:>10}   {ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--takes", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--gillespy2-python", default=sys.executable)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hyosan-e2e-") as tmp:
        work = Path(tmp)
        found = cases(args.takes, args.gillespy2_python, work)
        print(f"{args.takes} takes, {args.rounds} interleaved rounds, {os.cpu_count()} cores")
        before = os.getloadavg()
        run_rounds(found, args.rounds, work)
        after = os.getloadavg()
        final_means(found, work)
        report(found)
        print(
            f"\nload average (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in before)} before, "
            f"{', '.join(f'{x:.2f}' for x in after)} after"
        )


if __name__ == "__main__":
    main()
