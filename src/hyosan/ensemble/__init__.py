"""Takes: ensembles of a scenario, the backends that run them, the run store, questions over
takes, parameter sweeps and calibration.

>>> from hyosan.ensemble import Ensemble
>>> result = Ensemble.of("alemi_szr", takes=100).run(backend="serial")   # doctest: +SKIP

The names below are imported on first use, so a light submodule (the command line's choices)
does not pull in pandas.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hyosan.ensemble.ensemble import Ensemble, run_ensemble
    from hyosan.ensemble.store import RunStore, load_result
    from hyosan.ensemble.summary import bands, fate_probabilities, final_summary, wilson

_LAZY = {
    "Ensemble": "hyosan.ensemble.ensemble",
    "run_ensemble": "hyosan.ensemble.ensemble",
    "RunStore": "hyosan.ensemble.store",
    "load_result": "hyosan.ensemble.store",
    "bands": "hyosan.ensemble.summary",
    "fate_probabilities": "hyosan.ensemble.summary",
    "final_summary": "hyosan.ensemble.summary",
    "wilson": "hyosan.ensemble.summary",
}

__all__ = [
    "Ensemble",
    "RunStore",
    "bands",
    "fate_probabilities",
    "final_summary",
    "load_result",
    "run_ensemble",
    "wilson",
]


def __getattr__(name: str) -> Any:
    """Import a public name on first use (PEP 562)."""
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'hyosan.ensemble' has no attribute {name!r}")
