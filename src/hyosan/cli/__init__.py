"""The command line: thin, it calls the public API only.

Every command lives in a module of its own and registers itself on :data:`app`. Errors a user
can cause (:class:`hyosan.HyosanError`) are printed without a traceback and exit with code 2.
"""

from __future__ import annotations

import sys

from rich.markup import escape

from hyosan.cli import commands as _commands  # noqa: F401  (registers the commands)
from hyosan.cli.app import app, console_err
from hyosan.errors import HyosanError


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``hyosan`` command."""
    try:
        code = app(args=argv, prog_name="hyosan", standalone_mode=False)
        if isinstance(code, int) and code:
            return code
    except HyosanError as exc:
        console_err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        return 2
    except KeyboardInterrupt:
        console_err.print("[yellow]interrupted[/]: finished work is kept")
        return 130
    except SystemExit as exc:
        return int(exc.code or 0)
    except Exception as exc:  # click's own usage errors
        from click.exceptions import ClickException, Exit

        if isinstance(exc, Exit):
            return exc.exit_code
        if isinstance(exc, ClickException):
            exc.show()
            return 2
        raise
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
