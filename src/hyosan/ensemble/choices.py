"""The choices commands offer in their help: kept apart from the modules that use them, so that
``hyosan --help`` lists them without importing SciPy or pandas."""

LIKELIHOODS = ("negbin", "poisson")
"""Counts models a calibration fits with."""

SHIPPED_DATA = {"shaun-of-the-dead": "shaun_of_the_dead.csv"}
"""Observed counts shipped with hyosan, by name: file in :mod:`hyosan.data`."""
