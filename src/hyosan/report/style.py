"""Colours: the Okabe–Ito palette, safe for colour-blind readers, one colour per state."""

from __future__ import annotations

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
    "Q": "#009E73",
    "V": "#56B4E9",
}


def colour_for(state: str, index: int = 0) -> str:
    """The colour of a state: fixed for the usual letters, else from the palette."""
    if state in STATE_COLOURS:
        return STATE_COLOURS[state]
    return OKABE_ITO[(sum(map(ord, state)) + index) % len(OKABE_ITO)]
