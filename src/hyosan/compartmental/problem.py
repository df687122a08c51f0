"""A compartmental model made concrete: network, rate constants, start, output times, events."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from hyosan.compartmental.catalog import network_of, parameters_of
from hyosan.compartmental.network import Network
from hyosan.scenario.compartmental import CompartmentalSpec

IMPULSE, CHANGE = 0, 1


@dataclass(frozen=True)
class Event:
    """At ``time``: an impulse moves ``fraction`` of ``species`` to ``to`` (−1: out), or the
    parameters change to ``parameters``."""

    time: float
    kind: int
    species: int = -1
    to: int = -1
    fraction: float = 0.0
    parameters: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ReactionProblem:
    """Everything a solver needs, with no reference to files or schemas."""

    network: Network
    parameters: dict[str, float]
    x0: np.ndarray
    t_out: np.ndarray
    events: tuple[Event, ...]

    @property
    def t_end(self) -> float:
        return float(self.t_out[-1])

    def rate_table(self) -> tuple[np.ndarray, np.ndarray]:
        """Rate constants in force before any change and after each change event.

        Returns ``(table, row)``: ``table[0]`` holds the starting rates, and event ``i`` that is
        a change switches to ``table[row[i]]`` (``row[i] = -1`` for impulses).
        """
        params = dict(self.parameters)
        rows = [self.network.rate_constants(params)]
        index = np.full(len(self.events), -1, dtype=np.int64)
        for i, event in enumerate(self.events):
            if event.kind == CHANGE:
                params.update(event.parameters)
                rows.append(self.network.rate_constants(params))
                index[i] = len(rows) - 1
        return np.array(rows, dtype=np.float64), index

    def event_arrays(self) -> dict[str, np.ndarray]:
        """Events as flat arrays, for Numba kernels."""
        table, row = self.rate_table()
        return {
            "k_table": table,
            "ev_time": np.array([e.time for e in self.events], dtype=np.float64),
            "ev_kind": np.array([e.kind for e in self.events], dtype=np.int64),
            "ev_row": row,
            "ev_species": np.array([e.species for e in self.events], dtype=np.int64),
            "ev_to": np.array([e.to for e in self.events], dtype=np.int64),
            "ev_frac": np.array([e.fraction for e in self.events], dtype=np.float64),
        }


def problem_of(spec: CompartmentalSpec) -> ReactionProblem:
    """Resolve a validated spec (catalog defaults, species order, events by time)."""
    network = network_of(spec)
    x0 = np.array([spec.initial.get(s, 0.0) for s in network.species], dtype=np.float64)
    events: list[Event] = []
    for impulse in spec.impulses:
        to = network.index(impulse.to) if impulse.to else -1
        for time, fraction in impulse.schedule():
            events.append(Event(time, IMPULSE, network.index(impulse.species), to, fraction))
    for change in spec.changes:
        events.append(Event(change.time, CHANGE, parameters=dict(change.set)))
    inside = sorted((e for e in events if e.time <= spec.t_end), key=lambda e: (e.time, e.kind))
    return ReactionProblem(
        network=network,
        parameters=parameters_of(spec),
        x0=x0,
        t_out=np.linspace(0.0, spec.t_end, spec.points),
        events=tuple(inside),
    )
