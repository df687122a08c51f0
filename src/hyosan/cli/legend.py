"""What the state letters in a CLI table mean, printed under the table that shows them.

The words are the report's (:mod:`hyosan.report.style`), so the terminal and the figures say the
same; the building engine's S and E read "uninfected" and "infected" (:mod:`hyosan.outcomes`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from hyosan.report.style import BUILDING_STATE_NAMES, STATE_NAMES


def state_words(engine: str = "") -> dict[str, str]:
    """Each state letter → its word, for ``engine``."""
    return BUILDING_STATE_NAMES if engine == "building" else STATE_NAMES


LETTER = re.compile(r"(?<![\w`'\"-])([A-Z])(?![\w`'\"-])")
"""A state letter standing alone in a text (``S``, ``S + V``), not part of a word or a name."""


def letters_in(text: str) -> list[str]:
    """The lone capital letters of ``text``, in order, once each."""
    return list(dict.fromkeys(LETTER.findall(text)))


def state_legend(texts: Iterable[str], engine: str = "") -> str:
    """``"states: S uninfected, Z zombie"``: the state letters standing alone in ``texts``
    (states, or outcomes such as ``S + V``) with a meaning, in order, once each ("" when
    none)."""
    words = state_words(engine)
    found = [letter for text in texts for letter in letters_in(str(text))]
    seen = list(dict.fromkeys(s for s in found if s in words))
    if not seen:
        return ""
    return "states: " + ", ".join(f"{s} {words[s]}" for s in seen)
