"""hyosan — a fast, validated outbreak simulator: one building, a city, a population.

>>> import hyosan
>>> result = hyosan.simulate("alemi_szr")          # a catalog model, its defaults
>>> result.final                                    # doctest: +SKIP
"""

from importlib.metadata import PackageNotFoundError, version

from hyosan.engines import simulate
from hyosan.errors import HyosanError
from hyosan.result import Result
from hyosan.scenario import Scenario, load_scenario

try:
    __version__ = version("hyosan")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = ["HyosanError", "Result", "Scenario", "__version__", "load_scenario", "simulate"]
