"""What the words for a building agent's ending mean: one definition, used everywhere.

The CLI's fates table, the report's fates table and ``survives()`` in ``hyosan takes --until``
all read these sets, and docs/results.md states them in words:

- **rescued** (V): taken out of the building alive by the rescuers; a rescued person survived.
- **survived**: at the end, alive and still themselves: uninfected (S, still in the building),
  a halfbie (H: infected, yet keeps their mind) or rescued (V). Infected people who have not yet
  turned (E) have not survived: they will turn.
- **human**: never infected: S or V.

"Alive", wherever hyosan prints it ("alive at the end"), means *survived*.
"""

from __future__ import annotations

FATE_WORDS: dict[str, str] = {
    "S": "uninfected",
    "E": "infected",
    "Z": "zombie",
    "H": "halfbie",
    "D": "dead",
    "V": "rescued",
}
"""The word for each final state of a building agent."""

SURVIVED = frozenset({"S", "H", "V"})
"""Final states that count as *survived* (alive and themselves at the end)."""

RESCUED = frozenset({"V"})
"""Final states that count as *rescued*."""

HUMAN = frozenset({"S", "V"})
"""Final states of someone never infected."""

OUTCOMES: dict[str, frozenset[str]] = {
    "human": HUMAN,
    "turned": frozenset({"E", "Z", "H"}),
    "dead": frozenset({"D"}),
}
"""Final states by outcome, to tell whether a group split: never infected, infected (turned,
turning or a halfbie), dead."""

OUTCOME_OF: dict[str, str] = {state: name for name, states in OUTCOMES.items() for state in states}
"""The outcome of each final state (:data:`OUTCOMES`)."""
