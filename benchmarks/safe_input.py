"""Survey: run every known-bad input (tests/fuzz/known_bad.py) and count what hyosan does.

The corpus holds the first inputs (scenario files of each engine, --set, plans, maps, data,
--until, options) and the edges (tests/fuzz/known_bad_edges.py): FIFOs, devices and
directories where a file is read or written, extreme magnitudes reaching the solvers, run-store
metadata too large or too deep to read, closed and full outputs, an ASCII-only output, paths
longer than the system allows, bad environment values, a run inside another run, and --until
arithmetic without a value. Signals at random moments are tests/cli/test_signals.py.

Each case runs ``hyosan.cli.main`` in a forked child with its own directory, a memory limit and
a time limit, so a crash, a hang or a memory blow-up is seen and counted instead of taking the
survey down. Outcomes: clean (exit 2 with a message, or the expected exit of a usage case),
traceback, crash (signal or out of memory), hang (past the time limit), accepted (exit 0 for
nonsense), wrong exit (1: an internal error), code ran (the case's marker file appeared),
escaped (a file written outside the case's run root, or a FIFO or link there replaced).

    PYTHONPATH=src python benchmarks/safe_input.py [--timeout 20] [--only NAME] [--verbose]
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "fuzz"))

from harness import run_case, small_run  # noqa: E402
from known_bad import cases  # noqa: E402
from known_bad_edges import edge_groups  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--only", default=None, help="run cases whose name contains this")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    chosen = [c for c in cases() if args.only is None or args.only in c.name]
    counts: collections.Counter[str] = collections.Counter()
    kinds: dict[str, str] = {}
    edges = edge_groups()
    edge_names = {c.name for group in edges.values() for c in group}
    groups = {"first inputs": [c.name for c in cases() if c.name not in edge_names]}
    groups.update({name: [c.name for c in group] for name, group in edges.items()})
    with tempfile.TemporaryDirectory(prefix="hyosan-survey-") as tmp:
        root = Path(tmp)
        run_dir = small_run(root)
        for case in chosen:
            kind, seconds, last = run_case(case, root, run_dir, args.timeout)
            counts[kind] += 1
            kinds[case.name] = kind
            if args.verbose or kind != "clean":
                print(f"{kind:10s} {seconds:6.1f}s  {case.name:32s} {last}", flush=True)
    print(f"\n{len(chosen)} cases: " + ", ".join(f"{n} {k}" for k, n in counts.most_common()))
    for group, names in groups.items():
        seen = collections.Counter(kinds[n] for n in names if n in kinds)
        if seen:
            print(f"  {group}: " + ", ".join(f"{n} {k}" for k, n in seen.most_common()))


if __name__ == "__main__":
    main()
