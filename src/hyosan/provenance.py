"""Provenance: what produced a result, so it can be trusted and made again."""

from __future__ import annotations

import platform
from datetime import datetime, timezone
from functools import cache
from importlib import metadata
from typing import Any

DEPENDENCIES = ("numpy", "numba", "scipy", "pydantic", "pandas", "pyarrow")


@cache
def _installed() -> dict[str, str]:
    found = {"hyosan": _version("hyosan"), "python": platform.python_version()}
    for name in DEPENDENCIES:
        found[name] = _version(name)
    return found


def versions() -> dict[str, str]:
    """Versions of hyosan, Python and the dependencies that decide a result (read once)."""
    return dict(_installed())


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def provenance(
    *, scenario: str, engine: str, seed: int, scenario_text: str | None = None, **extra: Any
) -> dict[str, Any]:
    """A provenance record: scenario name and text, engine, run seed, versions, time made."""
    record: dict[str, Any] = {
        "scenario": scenario,
        "engine": engine,
        "seed": int(seed),
        "versions": versions(),
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    if scenario_text is not None:
        record["scenario_text"] = scenario_text
    record.update(extra)
    return record
