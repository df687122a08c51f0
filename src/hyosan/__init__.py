"""hyosan — a fast, validated outbreak simulator: one building, a city, a population.

>>> import hyosan
>>> result = hyosan.simulate("alemi_szr")          # a catalog model, its defaults
>>> result.final                                    # doctest: +SKIP

The public names are imported on first use, so ``import hyosan`` (and the command line's
``--help``) do not pay for pandas, SciPy and Numba before something needs them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from hyosan.errors import HyosanError

if TYPE_CHECKING:
    from hyosan.ensemble.compare import compare
    from hyosan.result import Result
    from hyosan.scenario import Scenario, load_scenario
    from hyosan.simulation import simulate

_LAZY = {
    "simulate": "hyosan.simulation",
    "Result": "hyosan.result",
    "Scenario": "hyosan.scenario",
    "load_scenario": "hyosan.scenario",
    "compare": "hyosan.ensemble.compare",
}

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
    """Import a public name on first use (PEP 562)."""
    if name == "__version__":
        globals()[name] = _version()
        return globals()[name]
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'hyosan' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | {"__version__"})


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("hyosan")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0.0.0"
