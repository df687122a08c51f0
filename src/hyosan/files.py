"""Files hyosan reads and writes, checked by kind: only regular files are read or replaced.

A FIFO, a device, a socket or a directory given where a file is read would block for ever or be
read as something it is not, so its kind is checked (``os.stat``, links followed) before it is
opened. An output is written whole to a temporary file beside it and renamed into place, so an
interrupted or failed write never leaves half a file where a good one was, and it goes only onto
a regular file or a new path: a device or a FIFO there is refused, never replaced.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from hyosan.errors import HyosanError

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def kind_of(mode: int) -> str:
    """What a file of ``st_mode`` ``mode`` is, in words."""
    return next((name for test, name in _KINDS if test(mode)), "a regular file")


def _short(path: Path | str) -> str:
    text = str(path)
    return text if len(text) <= 200 else text[:200] + "…"


def stat_or_none(path: Path, *, where: str = "", allowed: str) -> os.stat_result | None:
    """``os.stat(path)``, or None when nothing is there; a name the system cannot take (too
    long, a NUL byte, a loop of links, no permission) is one error naming it."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or "a NUL byte in the name"
        raise HyosanError.one(
            f"not a usable path ({reason})", source=_short(path), where=where, allowed=allowed
        ) from None


def input_file(path: str | Path, *, what: str = "file", allowed: str = "") -> Path:
    """``path`` when it is a regular file (links followed), checked before anything opens it;
    else one error naming the path, what it is and what is allowed."""
    where = Path(path)
    allowed = allowed or f"a regular {what}"
    found = stat_or_none(where, allowed=allowed)
    if found is None:
        raise HyosanError.one(f"no such {what}", source=_short(where), allowed=allowed)
    if not stat.S_ISREG(found.st_mode):
        raise HyosanError.one(
            f"{kind_of(found.st_mode)}, not a {what}", source=_short(where), allowed=allowed
        )
    return where


def is_regular(path: Path) -> bool:
    """Whether ``path`` is a regular file (links followed); False for any name the system
    refuses, so a check of whether a file is there cannot fail."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def output_target(path: str | Path, *, where: str = "", allowed: str = "") -> Path:
    """``path`` as a file to write: a regular file (to be replaced) or a new path. A directory,
    device, FIFO or socket there is refused, so writing never replaces or blocks on one."""
    target = Path(path)
    allowed = allowed or "a regular file or a new path"
    found = stat_or_none(target, where=where, allowed=allowed)
    if found is not None and not stat.S_ISREG(found.st_mode):
        raise HyosanError.one(
            f"{kind_of(found.st_mode)}, not a file to write",
            source=_short(target),
            where=where,
            value=None,
            allowed=allowed,
        )
    return target


@contextlib.contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """A fresh temporary path beside ``path`` to write; renamed onto ``path`` when the block
    ends without an exception, removed otherwise (an interrupt included). ``path`` must be a
    regular file or a new path (:func:`output_target`)."""
    target = output_target(path)
    # the suffix is kept last: a writer that picks the format by it (ffmpeg) still can
    tmp = target.with_name(f".{target.stem[:100]}.{secrets.token_hex(4)}.tmp{target.suffix}")
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))  # the umask applies
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_whole(path: str | Path, write: Callable[[Path], object]) -> Path:
    """Call ``write`` with a temporary path beside ``path``, then rename it onto ``path``
    (:func:`replacing`); returns ``path``."""
    with replacing(path) as tmp:
        write(tmp)
    return Path(path)


MAX_METADATA_BYTES = 64 * 2**20
"""Largest metadata file read (a run's manifest.json, a result's result.json)."""


def read_json(path: str | Path, *, what: str, allowed: str, note: str = "") -> Any:
    """The JSON value in the metadata file ``path``: a regular file of at most
    MAX_METADATA_BYTES, sized before it is read, in UTF-8 and nested no deeper than Python's
    parser goes; anything else is one error ("corrupt WHAT (why)NOTE") naming the file and
    ``allowed`` (what the user can do)."""
    where = input_file(path, what=what, allowed=allowed)
    size = where.stat().st_size
    if size > MAX_METADATA_BYTES:
        raise HyosanError.one(
            f"{what} of {size:,} bytes is too large (at most {MAX_METADATA_BYTES:,})",
            source=_short(where),
            allowed=allowed,
        )
    try:
        with where.open("rb") as handle:
            return json.loads(handle.read(MAX_METADATA_BYTES + 1).decode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        reason = f"{type(exc).__name__}: not a readable UTF-8 JSON file"
    except json.JSONDecodeError as exc:
        reason = f"line {exc.lineno}, column {exc.colno}: {exc.msg}"
    except RecursionError:
        reason = "arrays or objects nested too deeply"
    raise HyosanError.one(f"corrupt {what} ({reason}){note}", source=_short(where), allowed=allowed)
