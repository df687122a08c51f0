"""Where a command writes, checked before its work: a path it cannot write is a clear error
naming the option and the path, not a failure once the work is done."""

from __future__ import annotations

import stat
import tempfile
from pathlib import Path

from hyosan.errors import HyosanError
from hyosan.files import kind_of, output_target, stat_or_none


def _made(folder: Path, option: str, value: Path) -> None:
    """Make ``folder`` (and its parents) and write a file in it, or say why it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise HyosanError.one(
            f"cannot write in the directory {folder} ({exc.strerror or exc})",
            where=option,
            value=str(value),
            allowed="a path in a directory you can write to",
        ) from None


def output_folder(path: Path, option: str) -> Path:
    """``path`` as a directory a command writes into: made now if it is not there."""
    allowed = "a directory or a new path"
    found = stat_or_none(path, where=option, allowed=allowed)
    if found is not None and not stat.S_ISDIR(found.st_mode):
        raise HyosanError.one(
            f"{kind_of(found.st_mode)}, not a directory",
            where=option,
            value=str(path),
            allowed=allowed,
        )
    _made(path, option, path)
    return path


def output_file(path: Path, option: str) -> Path:
    """``path`` as a file a command writes: a regular file (replaced whole) or a new path, never
    a directory, device or FIFO; its directory made if missing."""
    output_target(
        path, where=option, allowed="a regular file or a new path, e.g. a name in a directory"
    )
    _made(path.parent, option, path)
    return path
