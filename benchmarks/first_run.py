"""A newcomer's first Hyosan High run: compiling the building kernel, beside loading it cached.

Numba compiles the building engine's step the first time it runs and caches it on disk; every
later process loads it. A first ``make run`` or ``make test`` pays the compile once. Each case
is a fresh process running one 10-second take of ``hyosan-high`` (CPU seconds of the process,
user + system, from ``os.wait4``):

- *cold*: an empty Numba cache (``NUMBA_CACHE_DIR`` a new directory), so the kernel compiles;
- *warm*: the same cache again, so the kernel is loaded.

The cases alternate for ``--rounds`` rounds; medians are quoted. A cold process takes minutes.

Run: ``.venv/bin/python benchmarks/first_run.py [--rounds 1]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

TAKE = (
    "import hyosan; hyosan.simulate('hyosan-high', takes=1, "
    "overrides=[\"building.duration='10 s'\"], progress=False)"
)


def cpu_seconds(cache: str) -> float:
    """CPU seconds of one process running a 10-second take with Numba's cache in ``cache``."""
    env = {**os.environ, "NUMBA_CACHE_DIR": cache}
    child = subprocess.Popen([sys.executable, "-c", TAKE], env=env)
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("the take failed")
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    rounds = parser.parse_args().rounds
    cold, warm = [], []
    for _ in range(rounds):
        with tempfile.TemporaryDirectory(prefix="hyosan-numba-") as cache:
            cold.append(cpu_seconds(cache))
            warm.append(cpu_seconds(cache))
    c, w = statistics.median(cold), statistics.median(warm)
    print(f"building kernel, first process (compile): {c:7.1f} s CPU")
    print(f"building kernel, cached (load):           {w:7.1f} s CPU")
    print(f"a first run pays {c - w:.1f} s more ({c / w:.0f}x), once")


if __name__ == "__main__":
    main()
