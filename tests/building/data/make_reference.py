"""Write the reference distribution of Hyosan High outcomes from a finished run directory.

The file ``hyosan-high-reference.csv`` beside this script holds one row per take of the
building engine as it stood before its rebuild into rule phases (commit 4ce35ca, seed
20261125: takes 1–201 of ``hyosan run hyosan-high --takes 240 --seed 20261125 --out RUN``):
the final counts S E Z H D V and each named character's fate. ``test_reference.py`` checks
that the engine still produces the same distribution.

Usage: ``python tests/building/data/make_reference.py RUN``
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from hyosan.ensemble.store import load_result

HERE = Path(__file__).parent


def reference_table(run: Path) -> pd.DataFrame:
    """Final counts and named characters' fates, one row per take."""
    result = load_result(run)
    final = result.final.set_index("take")[["S", "E", "Z", "H", "D", "V"]]
    fates = result.tables["fates"]
    named = fates[fates["name"].isin(result.meta["characters"])]
    wide = named.pivot(index="take", columns="name", values="fate")
    return final.join(wide).reset_index()


if __name__ == "__main__":
    table = reference_table(Path(sys.argv[1]))
    table.to_csv(HERE / "hyosan-high-reference.csv", index=False)
    print(f"{len(table)} takes written")
