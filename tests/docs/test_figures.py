"""The figures the docs quote are what docs/scripts/figures.py makes from fresh runs."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "scripts" / "figures.py"


def _figures() -> object:
    spec = importlib.util.spec_from_file_location("docs_figures", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_group_has_its_region_in_the_docs() -> None:
    figures = _figures()
    for name, (doc, _) in figures.GROUPS.items():  # type: ignore[attr-defined]
        text = (figures.DOCS / doc).read_text(encoding="utf-8")  # type: ignore[attr-defined]
        assert figures.region(text, name) is not None, f"{doc} lacks the {name} region"  # type: ignore[attr-defined]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["calibration", "hyosan-city"])
def test_quoted_figures_match_a_fresh_run(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = _figures().main(["--check", name])  # type: ignore[attr-defined]
    assert code == 0, capsys.readouterr().out
