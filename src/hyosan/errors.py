"""The one exception type for mistakes a user can make, and how it reads.

Every user-caused error names where it happened (file, key or line), the offending value and what
is allowed, so the command line can print it without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Problem:
    """One thing wrong with an input: where, what value, what is allowed."""

    where: str
    message: str
    value: Any = None
    allowed: str | None = None
    has_value: bool = False

    def render(self, source: str | None) -> str:
        head = f"{source}: " if source else ""
        text = f"{head}{self.where}: {self.message}" if self.where else f"{head}{self.message}"
        if self.has_value:
            text += f" (got {self.value!r})"
        if self.allowed:
            text += f"; allowed: {self.allowed}"
        return text


@dataclass
class HyosanError(Exception):
    """A user-facing error: bad scenario, floor plan, parameter, run directory or option.

    ``source`` is the file (or "--set", "command line"), each problem names a key or line.
    """

    problems: list[Problem] = field(default_factory=list)
    source: str | None = None

    def __post_init__(self) -> None:
        super().__init__(str(self))

    @classmethod
    def one(
        cls,
        message: str,
        *,
        source: str | None = None,
        where: str = "",
        value: Any = None,
        allowed: str | None = None,
        has_value: bool | None = None,
    ) -> HyosanError:
        """Build an error with a single problem."""
        shown = (value is not None) if has_value is None else has_value
        return cls([Problem(where, message, value, allowed, shown)], source)

    def __str__(self) -> str:
        return "\n".join(p.render(self.source) for p in self.problems)


class KeyProblem(ValueError):
    """Raised inside a schema validator when the problem belongs to one key below the table.

    ``key`` is relative to the table being validated (``"parameters.beta"``); the loader joins it
    to the table's own place, so the message names the full key, the value and what is allowed.
    """

    def __init__(
        self, key: str, message: str, *, value: Any = None, allowed: str | None = None
    ) -> None:
        super().__init__(message if allowed is None else f"{message}; allowed: {allowed}")
        self.key = key
        self.message = message
        self.value = value
        self.allowed = allowed


class Interrupted(BaseException):
    """The ``hyosan`` command was stopped by SIGINT (Ctrl-C) or SIGTERM (``kill``).

    A BaseException, as KeyboardInterrupt is, so no ``except Exception`` swallows it, but not
    a KeyboardInterrupt, which the command-line framework would turn into a silent exit.
    ``code`` is the shell's exit code for the signal (128 + its number), ``how`` says it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.code = 128 + signum
        self.how = "terminated" if signum == 15 else "interrupted"
