"""Where a command's takes run: ``--backend``, ``--workers``, ``--scheduler`` and ``--cluster``,
declared once for the commands that run takes (:func:`placement_options`) and handed to each as
one :class:`Placement`."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Annotated, Any, NamedTuple, TypeVar

import typer

Command = TypeVar("Command", bound=Callable[..., Any])


class Placement(NamedTuple):
    """Where takes run: a backend and its worker processes, Dask scheduler or cluster."""

    backend: str = "auto"
    workers: int | None = None
    scheduler: str | None = None
    cluster: str | None = None


AUTO = Placement()
"""The default: the backend chosen for the run's size, on all cores."""


def _option(name: str, default: Any, kind: Any, text: str) -> inspect.Parameter:
    return inspect.Parameter(
        name,
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
        default=default,
        annotation=Annotated[kind, typer.Option(help=text)],
    )


OPTIONS = [
    _option(
        "backend",
        "auto",
        str,
        "auto (processes, or in-process when quick), serial, processes or dask.",
    ),
    _option("workers", None, int | None, "Worker processes (default: all cores)."),
    _option("scheduler", None, str | None, "Dask scheduler address, tcp://host:port."),
    _option("cluster", None, str | None, "Start a Dask cluster here: 'local'."),
]


def placement_options(command: Command) -> Command:
    """``command`` with its parameter ``placement: Placement`` shown on the command line as the
    four options, in its place, and gathered into the record when it is called."""
    signature = inspect.signature(command, eval_str=True)
    parameters: list[inspect.Parameter] = []
    for parameter in signature.parameters.values():
        parameters += OPTIONS if parameter.name == "placement" else [parameter]

    @functools.wraps(command)
    def gathered(*args: Any, **kwargs: Any) -> Any:
        placement = Placement(*(kwargs.pop(name) for name in Placement._fields))
        return command(*args, placement=placement, **kwargs)

    gathered.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    gathered.__annotations__ = {p.name: p.annotation for p in parameters}
    return gathered  # type: ignore[return-value]
