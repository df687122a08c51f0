"""The shell commands of README.md and docs/*.md, in reading order, as steps to run.

A step is a command from a ``sh``/``bash``/``console`` block, a file to write (a ``toml`` block
whose first line is ``# NAME.toml``, or a ``csv`` block whose first line is ``# NAME.csv: …``), or a ``$ command`` in a ``text`` block with the output
the docs show under it. A command whose comment says ``not run by the docs test (reason)`` is
skipped, with its reason: the mark is in the docs, visible to every reader.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP = "not run by the docs test"
SHELL = ("sh", "bash", "shell", "console")
FILE_HEADER = re.compile(r"^#\s*([\w.-]+\.(?:toml|csv))(?:\s*$|:\s)")


@dataclass
class Step:
    """One thing the docs tell a reader to do."""

    doc: str
    line: int
    kind: str  # "run", "file" or "expect"
    command: str
    text: str = ""
    expect: list[str] = field(default_factory=list)
    skip: str | None = None

    @property
    def where(self) -> str:
        return f"{self.doc}:{self.line}"


def documents(root: Path = ROOT) -> list[Path]:
    """README.md first, then docs/*.md by name: the order a reader follows them."""
    return [root / "README.md", *sorted((root / "docs").glob("*.md"))]


def steps(paths: list[Path] | None = None) -> list[Step]:
    """Every step of the given documents, in order."""
    found: list[Step] = []
    for path in paths if paths is not None else documents():
        found += _steps_of(path.name if path.parent == ROOT else f"docs/{path.name}", path)
    return found


def _steps_of(doc: str, path: Path) -> list[Step]:
    found: list[Step] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        fence = re.match(r"^```(\w*)\s*$", lines[i])
        if not fence:
            i += 1
            continue
        lang, start = fence.group(1), i + 1
        end = next((j for j in range(start, len(lines)) if lines[j].startswith("```")), len(lines))
        body = lines[start:end]
        if lang in SHELL:
            found += _shell(doc, start + 1, body)
        elif lang in ("toml", "csv") and body and FILE_HEADER.match(body[0]):
            name = FILE_HEADER.match(body[0]).group(1)  # type: ignore[union-attr]
            text = "\n".join(body) + "\n"  # the header is a comment in TOML and in hyosan's CSV
            found.append(Step(doc, start + 1, "file", name, text=text))
        elif lang in ("text", ""):
            found += _expectations(doc, start + 1, body)
        i = end + 1
    return found


def _shell(doc: str, first: int, body: list[str]) -> list[Step]:
    found: list[Step] = []
    pending, at = "", first
    for offset, raw in enumerate(body):
        line = raw.rstrip()
        if not pending:
            at = first + offset
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        whole = (pending + line).strip()
        pending = ""
        if not whole or whole.startswith("#"):
            continue
        skip = None
        if SKIP in whole:
            reason = whole.split(SKIP, 1)[1].strip(" :()")
            skip = reason or "no reason given"
        found.append(Step(doc, at, "run", _without_comment(whole), skip=skip))
    return found


def _without_comment(command: str) -> str:
    """The command without its trailing ``# comment`` (quotes respected)."""
    lexer = shlex.shlex(command, posix=True, punctuation_chars=False)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    words = list(lexer)
    if not words:
        return ""
    # cut the original text where the comment starts, to keep its quoting as written
    quote, cut = "", len(command)
    for k, ch in enumerate(command):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (k == 0 or command[k - 1].isspace()):
            cut = k
            break
    return command[:cut].rstrip()


def _expectations(doc: str, first: int, body: list[str]) -> list[Step]:
    found: list[Step] = []
    for offset, line in enumerate(body):
        if line.startswith("$ "):
            found.append(Step(doc, first + offset, "expect", line[2:].strip()))
        elif found and line.strip():
            found[-1].expect.append(line.strip())
    return found
