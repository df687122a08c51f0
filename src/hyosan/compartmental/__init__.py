"""The population scale: reaction networks, the catalog of published models, ODE and exact
stochastic solvers, and their analysis (:mod:`hyosan.compartmental.analysis`)."""

from hyosan.compartmental.catalog import CATALOG, entry
from hyosan.compartmental.network import Network, Reaction

__all__ = ["CATALOG", "Network", "Reaction", "entry"]
