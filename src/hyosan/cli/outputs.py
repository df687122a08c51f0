"""Where a command writes, checked before its work: a path it cannot write is a clear error
naming the option and the path, not a failure once the work is done."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hyosan.errors import HyosanError


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
    if path.exists() and not path.is_dir():
        raise HyosanError.one(
            "a file, not a directory",
            where=option,
            value=str(path),
            allowed="a directory or a new path",
        )
    _made(path, option, path)
    return path


def output_file(path: Path, option: str) -> Path:
    """``path`` as a file a command writes: not a directory; its directory made if missing."""
    if path.is_dir():
        raise HyosanError.one(
            "a directory, not a file",
            where=option,
            value=str(path),
            allowed="a file path, e.g. a name inside that directory",
        )
    _made(path.parent, option, path)
    return path
