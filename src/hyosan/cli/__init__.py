"""The command line: thin, it calls the public API only.

Every command lives in a module of its own and registers itself on :data:`app`. Errors a user
can cause (:class:`hyosan.HyosanError`) and usage errors are printed without a traceback and exit
with code 2; an unexpected error prints one line naming the command and a report file that holds
the traceback, and exits with code 1. Output cut short by a closed pipe (``| head``) ends quietly.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

from rich.markup import escape

from hyosan.cli import commands as _commands  # noqa: F401  (registers the commands)
from hyosan.cli.app import app, console_err
from hyosan.errors import HyosanError, Interrupted

BROKEN_PIPE = 141
"""Exit code after the reader of our output went away: 128 + SIGPIPE, as a shell reports it."""


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``hyosan`` command.

    Called as the command (``argv`` None), the process ends at once when the command is done
    (:func:`_exit_now`); called with arguments (tests, scripts), it returns the exit code.
    """
    args = sys.argv[1:] if argv is None else list(argv)
    if argv is None:
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, _stop)
    try:
        code = _closed_output() or _run(args)
    except BrokenPipeError:
        code = _quiet_pipe()
    if argv is None:
        _exit_now(code)
    return code


def _exit_now(code: int) -> None:
    """Flush the output and end the process without tearing the interpreter down.

    Every file is written and closed, and worker processes and clusters are shut, by the time a
    command returns; what is left is freeing the libraries' objects one by one (Numba, pandas,
    PyArrow), which takes a few tenths of a second on a run. Skipped under a tracer, profiler or
    coverage, which write their results at exit.
    """
    if sys.gettrace() or sys.getprofile() or "coverage" in sys.modules:
        return
    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            continue
        try:
            stream.flush()
        except BrokenPipeError:
            code = _quiet_pipe() if stream is sys.stdout else code
        except (OSError, ValueError):
            pass
    os._exit(code)


def _stop(signum: int, frame: object) -> None:
    """SIGINT or SIGTERM: stop the command (:class:`Interrupted`). What is being written is
    dropped (every output is written whole, then renamed), finished work is kept, and the user
    sees one line."""
    raise Interrupted(signum)


def _closed_output() -> int:
    """2 with one line on standard error when standard output is closed (``>&-``): nothing a
    command prints could be seen, so it is refused before any work. Otherwise 0, and both
    outputs are set to write any character their encoding lacks as ``?`` (an ASCII locale,
    ``PYTHONIOENCODING=ascii``) rather than fail on the first ``≤`` or ``×``."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if callable(reconfigure):
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")
    if sys.stdout is not None and not _is_closed(sys.stdout):
        return 0
    console_err.print(
        "[bold red]error:[/] standard output is closed; allowed: an open standard output "
        "(e.g. > file, or > /dev/null to discard it)",
        highlight=False,
    )
    return 2


def _is_closed(stream: object) -> bool:
    """Whether ``stream``'s file descriptor is closed (a stream without one, as under a test's
    capture, is open)."""
    try:
        os.fstat(stream.fileno())  # type: ignore[attr-defined]
    except OSError as exc:
        return exc.errno == errno.EBADF
    except (AttributeError, ValueError, io.UnsupportedOperation):
        return False
    return False


ENVIRONMENT = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EFBIG: "file too large for the file system",
    errno.EROFS: "read-only file system",
    errno.EIO: "input/output error of the device",
    errno.ENAMETOOLONG: "a file name longer than the system allows",
}
"""Errors of the machine, not of hyosan: a full or read-only disk, a failing device, a name
too long. Reported as a clean error naming the file, never as an internal error."""


def _run(args: list[str]) -> int:
    try:
        code = app(args=args or ["--help"], prog_name="hyosan", standalone_mode=False)
        if sys.stdout is not None:
            sys.stdout.flush()  # a full output device fails here, not after the exit code
        if isinstance(code, int) and code:
            return code
    except HyosanError as exc:
        console_err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        return 2
    except (KeyboardInterrupt, Interrupted) as exc:
        stop = exc if isinstance(exc, Interrupted) else Interrupted(signal.SIGINT)
        console_err.print(
            f"[yellow]{stop.how}[/]: finished work is kept; the same command again resumes it"
        )
        return stop.code
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BrokenPipeError:
        raise
    except OSError as exc:
        if exc.errno not in ENVIRONMENT:
            return _internal_error(exc, args)
        name = str(exc.filename) if exc.filename else "standard output"
        name = name if len(name) <= 200 else name[:200] + "…"
        console_err.print(
            f"[bold red]error:[/] {escape(name)}: {ENVIRONMENT[exc.errno]}; finished work is kept",
            highlight=False,
        )
        return 2
    except Exception as exc:
        handled = _usage_error(exc)
        if handled is not None:
            return handled
        return _internal_error(exc, args)
    return 0


def _usage_error(exc: Exception) -> int | None:
    """Exit code of a command-line framework's own exception (usage error, exit, abort), shown
    as the framework shows it; None for any other exception.

    Typer raises its bundled copy of Click's exceptions, older Typer the ``click`` package's:
    both are recognised by what they carry, so no ``click`` import is needed.
    """
    kind = type(exc).__name__
    if kind == "Abort":
        console_err.print("[yellow]aborted[/]")
        return 1
    code = getattr(exc, "exit_code", None)
    if not isinstance(code, int):
        return None
    show = getattr(exc, "show", None)
    if callable(show):
        show()
    return code


def _internal_error(exc: BaseException, args: list[str]) -> int:
    """One line naming the command and a report file with the traceback: never a stack."""
    command = next((a for a in args if not a.startswith("-")), "")
    report = _write_report(exc, args)
    where = f"; details in {report}" if report else ""
    console_err.print(
        f"[bold red]internal error[/] in hyosan {escape(command)}: "
        f"{escape(type(exc).__name__)}: {escape(str(exc)[:200])}{escape(where)}",
        highlight=False,
    )
    return 1


def _write_report(exc: BaseException, args: list[str]) -> Path | None:
    """Write the traceback to a fresh file in the temporary directory; None if that fails."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    try:
        fd, name = tempfile.mkstemp(prefix=f"hyosan-error-{stamp}-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(f"command: hyosan {' '.join(args)}\n\n")
            file.write("".join(traceback.format_exception(exc)))
    except OSError:
        return None
    return Path(name)


def _quiet_pipe() -> int:
    """The reader of stdout went away: send what is left to /dev/null and stop quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return BROKEN_PIPE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
