"""hyosan — a fast, validated outbreak simulator: one building, a city, a population.

>>> import hyosan
>>> result = hyosan.simulate("alemi_szr")          # a catalog model, its defaults
>>> result.final                                    # doctest: +SKIP
"""

from importlib.metadata import PackageNotFoundError, version
from typing import Any

from hyosan.engines import simulate
from hyosan.errors import HyosanError
from hyosan.result import Result
from hyosan.scenario import Scenario, load_scenario

try:
    __version__ = version("hyosan")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "HyosanError",
    "Result",
    "Scenario",
    "__version__",
    "compare",
    "load_scenario",
    "simulate",
]


def __getattr__(name: str) -> Any:
    """``hyosan.compare`` (what-if, paired), imported on first use: it needs the ensemble."""
    if name == "compare":
        from hyosan.ensemble.compare import compare

        return compare
    raise AttributeError(f"module 'hyosan' has no attribute {name!r}")
