"""The Python example in docs/compartmental.md runs as written and returns what it says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "compartmental.md"


def test_python_example_runs() -> None:
    code = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    assert len(code) == 1
    scope: dict[str, object] = {}
    exec(compile(code[0], str(DOC), "exec"), scope)
    assert scope["S"][0] == pytest.approx(999.0)  # type: ignore[index]
    assert len(scope["result"].takes) == 100  # type: ignore[attr-defined]
