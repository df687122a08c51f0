"""The Typer application and the consoles every command prints to."""

from __future__ import annotations

import inspect
from typing import Annotated

import typer
from rich.console import Console

app = typer.Typer(
    name="hyosan",
    help="A fast, validated outbreak simulator: one building, a city, a population.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
console_err = Console(stderr=True)


def paragraphs(doc: str) -> str:
    """A docstring with each paragraph on one line. Typer's Rich help keeps a docstring's line
    breaks, which were made for the source's 100 columns: in an 80-column terminal every line
    would wrap on its own and leave ragged short lines; one line a paragraph wraps evenly."""
    return "\n\n".join(" ".join(p.split()) for p in inspect.cleandoc(doc).split("\n\n"))


def help_as_paragraphs() -> None:
    """Give every registered command its help (its docstring) as :func:`paragraphs`."""
    for command in app.registered_commands:
        doc = command.help or (command.callback.__doc__ if command.callback else None)
        if doc:
            command.help = paragraphs(doc)


def plain_flags() -> None:
    """Show no type beside a flag in ``--help``: Typer's help prints ``<bool>`` beside
    ``--plot/--no-plot`` and ``--help``, which take no value. Every other option keeps its
    type (``<int>``, ``<path>``)."""
    from typer.core import TyperOption

    shown = getattr(TyperOption, "display_type_rich", None)
    if shown is None or getattr(shown, "plain_flags", False):
        return

    def display_type_rich(self: TyperOption, ctx: object) -> str | None:
        return None if self.is_flag else shown(self, ctx)

    display_type_rich.plain_flags = True  # type: ignore[attr-defined]
    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]


def _print_version(value: bool) -> None:
    if value:
        from hyosan import __version__

        console.print(f"hyosan {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """A fast, validated outbreak simulator: one building, a city, a population."""
