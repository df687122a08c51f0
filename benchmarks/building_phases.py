"""Where a Hyosan High take spends its time, phase by phase.

The step of :mod:`hyosan.building.step` is rebuilt here with the processor's cycle counter
read around each phase call (``llvm.readcyclecounter``), from the phase list in ``step.py``
itself, so the profile always follows the engine. Cycles are turned into seconds by the
take's whole kernel time; the counter reads add a little time of their own (printed as
"counter"). The take is the same as an ordinary one: same seed, same phases, same draws.

    python benchmarks/building_phases.py [duration] [takes]   # default "72 h", 3 takes
    python benchmarks/building_phases.py "20 min" 3 --agents 100000   # the generated school
                                                                        # of building_scale.py
"""

from __future__ import annotations

import argparse
import inspect
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.core import cgutils
from numba.extending import intrinsic

from hyosan.building import engine, kernel, step
from hyosan.building.structs import as_struct, view
from hyosan.scenario import load_scenario

CALL = re.compile(r"^\s+(\w+)\.(\w+)\(t, p, lay, folk, world, crowd, log, rng\)", re.M)


@intrinsic
def cycles(typingctx: Any) -> Any:
    """The processor's cycle counter."""

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        fn = cgutils.get_or_insert_function(
            builder.module, ir.FunctionType(ir.IntType(64), []), "llvm.readcyclecounter"
        )
        return builder.call(fn, [])

    return types.int64(), codegen


def phases() -> list[tuple[str, str]]:
    """(module, function) of each phase call in ``step.step``, in order."""
    return CALL.findall(inspect.getsource(step))


def profiled_kernel(calls: list[tuple[str, str]], replace: dict[str, Any] | None = None) -> Any:
    """``kernel.run_take`` with each phase's cycles added to ``acc[phase]``; ``replace`` maps
    ``"module_function"`` to a phase to run instead (``building_infected.py``)."""
    lines = ["def _steps(p, lay, folk, world, census, log, rng, acc):"]
    lines.append("    v = (view(lay), view(folk), view(world), view(census), view(log), view(rng))")
    lines.append("    for k in range(p.steps + 1):")
    lines.append("        t = k * p.dt")
    lines.append("        c0 = cycles()")
    for q, (mod, fn) in enumerate(calls):
        lines.append(f"        {mod}_{fn}(t, p, v[0], v[1], v[2], v[3], v[4], v[5])")
        lines.append("        c1 = cycles()")
        lines.append(f"        acc[{q}] += c1 - c0")
        lines.append("        c0 = c1")
    lines.append("        acc[-1] += cycles() - c0")
    lines.append("    return log.n_events[0]")
    scope: dict[str, Any] = {"view": view, "cycles": cycles}
    for mod, fn in calls:
        scope[f"{mod}_{fn}"] = getattr(getattr(step, mod), fn)
    scope.update(replace or {})
    exec("\n".join(lines), scope)
    steps = njit(scope["_steps"])

    @njit
    def run(p, lay, folk, world, census, log, rng, acc):
        kernel.prepare(p, lay, folk, world, rng)
        s = (as_struct(lay), as_struct(folk), as_struct(world))
        c = (as_struct(census), as_struct(log), as_struct(rng))
        return steps(p, s[0], s[1], s[2], c[0], c[1], c[2], acc)

    return run


def hyosan_high(duration: str) -> tuple[Any, Any, str]:
    """The shipped school, its spec and a name for the printout."""
    sc = load_scenario("hyosan-high", [f"building.duration='{duration}'"])
    assert sc.building is not None
    return engine.building_of(sc.building, sc), sc.building, "Hyosan High"


def generated(agents: int, duration: str) -> tuple[Any, Any, str]:
    """The generated school of ``building_scale.py`` with about ``agents`` people."""
    sys.path.insert(0, str(Path(__file__).parent))
    from building_scale import generated_school

    value, unit = duration.split()
    building, spec = generated_school(agents, float(value) * {"min": 1.0, "h": 60.0}[unit])
    return building, spec, f"generated school, {agents:,} agents"


def main() -> int:
    parser = argparse.ArgumentParser(description="Where a take spends its time, phase by phase.")
    parser.add_argument("duration", nargs="?", default="72 h")
    parser.add_argument("takes", nargs="?", type=int, default=3)
    parser.add_argument("--agents", type=int, default=0, help="the generated school instead")
    args = parser.parse_args()
    duration, takes, agents = args.duration, args.takes, args.agents
    calls = phases()
    run = profiled_kernel(calls)
    acc = np.zeros(len(calls) + 1, dtype=np.int64)
    original = engine.run_take

    def timed(p, lay, folk, world, census, log, rng):  # type: ignore[no-untyped-def]
        return run(p, lay, folk, world, census, log, rng, acc)

    engine.run_take = timed
    building, spec, name = generated(agents, duration) if agents else hyosan_high(duration)
    engine.run_one(building, spec, 1, 17)  # compile
    shares, kernel_s, cpu_s = [], [], []
    for k in range(takes):
        acc[:] = 0
        cpu = time.process_time()
        result = engine.run_one(building, spec, 2 + k, 17)
        cpu_s.append(time.process_time() - cpu)
        kernel_s.append(result.meta["kernel_seconds"])
        shares.append(acc / acc.sum())
    engine.run_take = original
    share = np.median(np.array(shares), axis=0)
    seconds = statistics.median(kernel_s)
    print(f"{name}, {duration}, {takes} takes (seeds 17, takes 2..{takes + 1})")
    print(f"kernel {seconds:.2f} s (median), whole take CPU {statistics.median(cpu_s):.2f} s")
    for (mod, fn), f in zip([*calls, ("counter", "")], share, strict=True):
        name = f"{mod}.{fn}" if fn else mod
        print(f"  {name:<22} {f * seconds:7.3f} s  {100 * f:5.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
