"""Every command's help reads as paragraphs at 80 columns: the description is wrapped to the
terminal, not broken where the docstring's lines ended in the source."""

from __future__ import annotations

import pytest

from hyosan.cli import main
from hyosan.cli.app import app

COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands if c.callback)
SHORT = 0.7
"""A line shorter than this share of the width inside a paragraph (not its last) is a break
left over from the source."""


def _description(text: str) -> list[list[str]]:
    """The paragraphs between the usage line and the first panel, as lists of lines."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if "Usage:" in line) + 1
    end = next(i for i, line in enumerate(lines) if line.lstrip().startswith("╭"))
    paragraphs: list[list[str]] = [[]]
    for line in lines[start:end]:
        if line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


@pytest.mark.parametrize("width", [60, 80])
@pytest.mark.parametrize("command", COMMANDS)
def test_help_paragraphs_fill_the_width(
    command: str, width: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    assert main([command, "--help"]) == 0
    text = capsys.readouterr().out
    assert max(len(line) for line in text.splitlines()) <= width
    paragraphs = _description(text)
    assert paragraphs, text
    for paragraph in paragraphs:
        for line in paragraph[:-1]:
            assert len(line) >= SHORT * width, (
                f"{command}: a short line inside a paragraph: {line!r}"
            )


@pytest.mark.parametrize("command", COMMANDS)
def test_flags_show_no_type(
    command: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A flag takes no value: "<bool>" beside --plot/--no-plot or --help says it takes one."""
    monkeypatch.setenv("COLUMNS", "120")
    assert main([command, "--help"]) == 0
    text = capsys.readouterr().out
    assert "<bool>" not in text
    assert "--help" in text
