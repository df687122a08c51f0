"""Draw docs/img/split_outcomes.png: 200 exact SSA takes of Alemi SZR split by how they ended.

    python docs/scripts/split_outcomes.py            # seed 17, as the docs show

With α = 0.8 and one zombie among 1,000 people most outbreaks die out at once; the rest take
the town. A single median would run between the two (flat at S ≈ 999, Z ≈ 0), so the plot
draws each outcome class with its own bands, a sample of its takes and its share.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

import hyosan

SEED = 17
TAKES = 200
OUT = Path(__file__).resolve().parents[1] / "img" / "split_outcomes.png"


def main(out: Path = OUT) -> Path:
    """Run the takes and write the figure; print the share of each outcome class."""
    from hyosan.report.plots import split_outcomes

    result = hyosan.simulate(
        "alemi_szr",
        overrides={"method": "ssa", "alpha": 0.8, "compartmental": {"initial": {"S": 999, "Z": 1}}},
        takes=TAKES,
        seed=SEED,
        progress=False,
    )
    split = split_outcomes(result)
    if split is not None:
        for label, takes in split.classes.items():
            print(f"{label}: {len(takes)} of {TAKES} takes")
    axes = result.plot()
    out.parent.mkdir(parents=True, exist_ok=True)
    axes.figure.savefig(out, dpi=90)
    plt.close("all")
    print(f"written {out}")
    return out


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
