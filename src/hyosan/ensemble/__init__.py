"""Takes: ensembles of a scenario, the backends that run them, the run store, questions over
takes, parameter sweeps and calibration.

>>> from hyosan.ensemble import Ensemble
>>> result = Ensemble.of("alemi_szr", takes=100).run(backend="serial")   # doctest: +SKIP
"""

from hyosan.ensemble.ensemble import Ensemble, run_ensemble
from hyosan.ensemble.store import RunStore, load_result
from hyosan.ensemble.summary import bands, fate_probabilities, final_summary, wilson

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
