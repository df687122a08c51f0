"""Bond lattice: events per second against the C code of Alemi et al.

Alemi et al.'s benchmark: a 4096 × 4096 lattice, α = 0.3, one zombie in the centre, run until
the front reaches the edge. We time our Numba kernel on the same problem (median over takes
that reach the edge; a take whose first zombie dies at once is not a run of the front) and put
it beside the C code's figure.

The C code is not shipped with hyosan. If ``HYOSAN_ALEMI_C`` names a built binary that takes
``L alpha seed`` and prints its events per second on the last line, it is run here; otherwise
we print the figure measured for it on this machine (gcc -O3 -march=native), labelled as such.
Memory: ours is one byte per site plus the front list; the C code holds about 41 bytes per site.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time

import numpy as np

from hyosan.lattice import bond
from hyosan.seeding import take_int_seed

SIZE = 4096
ALPHA = 0.3
C_REFERENCE = (3.4e6, 4.6e6)
"""Events per second of the C code, measured on this machine with gcc -O3 -march=native."""
C_BYTES_PER_SITE = 41.0
RUNS = 3


def run_once(seed: int) -> tuple[int, float, float, float, int]:
    """One run from a central zombie to the edge: (events, wall s, CPU s, bytes per site, why)."""
    state = bond.new_lattice(SIZE, SIZE, False)
    state[bond.site_of(SIZE // 2, SIZE // 2, SIZE, False)] = bond.ZOMBIE
    front, n_front, tally = bond.seed_front(state, SIZE, SIZE, False)
    reached = np.full((SIZE // 64, SIZE // 64), np.nan, dtype=np.float32)
    rng = bond.new_rng(seed)
    start = time.perf_counter()
    cpu = time.process_time()
    rules = bond.BondRules(
        1.0 + ALPHA, 1.0 / (1.0 + ALPHA), SIZE, SIZE, False, 64, True, np.iinfo(np.int64).max
    )
    front, n_front, _, why = bond.advance(
        state, front, n_front, tally, rng, 0.0, np.inf, rules, reached
    )
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    return (
        int(tally[bond.TALLY_EVENTS]),
        seconds,
        cpu,
        bond.bytes_per_site(state, front, SIZE * SIZE),
        int(why),
    )


def c_code() -> tuple[float, float, str]:
    """The C code's events per second: run it if HYOSAN_ALEMI_C is set, else the reference."""
    binary = os.environ.get("HYOSAN_ALEMI_C")
    if binary:
        try:
            out = subprocess.run(
                [binary, str(SIZE), str(ALPHA), "1"],
                capture_output=True,
                text=True,
                check=True,
                timeout=600,
            )
            rate = float(out.stdout.strip().splitlines()[-1].split()[0])
            return rate, rate, f"run here: {binary}"
        except (OSError, subprocess.SubprocessError, ValueError, IndexError) as exc:
            print(f"could not run HYOSAN_ALEMI_C={binary}: {exc}; using the reference figure")
    low, high = C_REFERENCE
    return (
        low,
        high,
        "reference, measured on this machine (gcc -O3 -march=native); set HYOSAN_ALEMI_C=<binary> to rerun it",
    )


def main() -> None:
    run_once(1)  # compile (cached after the first run)
    rates, cpu_rates, memory, events = [], [], [], []
    seed_index = 0
    while len(rates) < RUNS and seed_index < 50:
        seed_index += 1
        n, seconds, cpu, per_site, why = run_once(take_int_seed(2015, seed_index))
        if why != bond.STOP_EDGE:
            continue
        rates.append(n / seconds)
        cpu_rates.append(n / cpu)
        memory.append(per_site)
        events.append(n)
    ours = statistics.median(rates)
    low, high, label = c_code()
    print(
        f"bond lattice {SIZE}×{SIZE}, α = {ALPHA}, one central zombie, until the front reaches the edge"
    )
    print(f"  runs: {len(rates)} (median events per run {statistics.median(events):,.0f})")
    print(f"  hyosan (Numba):   {ours / 1e6:6.2f} million events/s (median, wall clock)")
    print(
        f"                    {statistics.median(cpu_rates) / 1e6:6.2f} million events per CPU second (median; the machine is shared)"
    )
    print(f"  Alemi C code:     {low / 1e6:.1f}–{high / 1e6:.1f} million events/s [{label}]")
    cpu = statistics.median(cpu_rates)
    print(f"  ratio hyosan / C: {ours / high:.2f}–{ours / low:.2f} (wall clock), "
          f"{cpu / high:.2f}–{cpu / low:.2f} (CPU time)")  # fmt: skip
    print(f"  load average while running: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"  memory per site:  hyosan {statistics.median(memory):.2f} B, C code ~{C_BYTES_PER_SITE:.0f} B "
          f"(ratio {C_BYTES_PER_SITE / statistics.median(memory):.0f}× less)")  # fmt: skip


if __name__ == "__main__":
    main()
