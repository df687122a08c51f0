"""Colours and defaults: the Okabe–Ito palette, safe for colour-blind readers, one colour per state.

Every figure of the report is drawn inside :func:`figure_style`, so plots look alike whatever the
user's own matplotlib settings are.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

OKABE_ITO = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#E69F00",  # orange
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)

STATE_COLOURS = {
    "S": "#0072B2",
    "E": "#E69F00",
    "I": "#E69F00",
    "Z": "#D55E00",
    "H": "#CC79A7",
    "R": "#000000",
    "D": "#000000",
    "Q": "#009E73",
    "V": "#56B4E9",
}

STATE_NAMES = {
    "S": "susceptible",
    "E": "exposed",
    "I": "infected",
    "Z": "zombie",
    "H": "halfbie",
    "R": "removed",
    "D": "dead",
    "Q": "quarantined",
    "V": "rescued",
}

BUILDING_STATE_NAMES = {**STATE_NAMES, "S": "uninfected", "E": "infected"}

RC: dict[str, Any] = {
    "figure.dpi": 100,
    "savefig.dpi": 110,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#e5e5e5",
    "grid.linewidth": 0.6,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "font.family": "DejaVu Sans",
}


def colour_for(state: str, index: int = 0) -> str:
    """The colour of a state: fixed for the usual letters, else from the palette."""
    if state in STATE_COLOURS:
        return STATE_COLOURS[state]
    return OKABE_ITO[(sum(map(ord, state)) + index) % len(OKABE_ITO)]


def state_label(state: str, engine: str = "") -> str:
    """``"Z zombie"``: the letter and what it means, for legends."""
    names = BUILDING_STATE_NAMES if engine == "building" else STATE_NAMES
    return f"{state} {names[state]}" if state in names else state


def every(share: float, never: str = "no take yet") -> str:
    """How often an ending comes, with its unit: ``"once every 2.83 takes"`` (``never`` when
    no take had it)."""
    return f"once every {1 / share:.3g} takes" if share > 0 else never


def cycle_colour(index: int) -> str:
    """The palette's colour number ``index`` (wrapping), for categories that are not states."""
    return OKABE_ITO[index % len(OKABE_ITO)]


@contextmanager
def figure_style() -> Iterator[None]:
    """Draw inside the report's style, leaving the user's matplotlib settings as they were."""
    import matplotlib.pyplot as plt

    with plt.rc_context(RC):  # type: ignore[arg-type]
        yield
