"""Data sets shipped with the compartmental models, with their attribution."""

from __future__ import annotations

import numpy as np

SHAUN_OF_THE_DEAD_SOURCE = (
    "Witkowski & Blais (2013), 'Bayesian analysis of epidemics — zombies, influenza and other "
    "diseases', arXiv:1311.6376: zombie counts read from the film Shaun of the Dead (2004)"
)
"""Where the counts come from."""

SHAUN_OF_THE_DEAD_T = np.array(
    [0, 3, 5, 6, 8, 10, 22, 22.2, 22.5, 24, 25.5, 26, 26.5, 27.5, 27.75, 28.5, 29, 29.5, 31.5]
)
"""Hours since the first zombie."""

SHAUN_OF_THE_DEAD_Z = np.array([0, 1, 2, 2, 3, 3, 4, 6, 2, 3, 5, 12, 15, 25, 37, 25, 65, 80, 100])
"""Zombies seen on screen at each time (the example data set for calibrating ``witkowski_sezr``)."""
