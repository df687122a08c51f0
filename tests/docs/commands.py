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
from functools import cache
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
        found += _steps_of(name_of(path), path)
    return found


def name_of(path: Path) -> str:
    """How a step names its document: ``README.md`` or ``docs/NAME.md``."""
    return path.name if path.parent == ROOT else f"docs/{path.name}"


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


RUN_DIR = re.compile(r"^runs/[\w.-]+/?$")
WRITERS = ("run", "sweep", "calibrate")
"""The ``hyosan`` commands that write a run directory (``--out``, else one named for the scenario)."""
NOT_READ = ("--out", "--csv")


def _words(step: Step) -> list[str]:
    if step.kind != "run" or step.skip is not None:
        return []
    try:
        return shlex.split(step.command)
    except ValueError:
        return []


def run_dirs_read(step: Step) -> list[str]:
    """The ``runs/NAME`` directories a ``hyosan`` command reads (its arguments, not its outputs)."""
    words = _words(step)
    if words[:1] != ["hyosan"]:
        return []
    read = []
    for before, word in zip(words, words[1:], strict=False):
        if before not in NOT_READ and RUN_DIR.match(word):
            read.append(word.rstrip("/"))
    return read


def run_dir_written(step: Step) -> str | None:
    """The run directory a ``hyosan run``/``sweep``/``calibrate`` writes; None for other steps,
    or when the scenario is a file of the reader's (its name is known only where it is)."""
    words = _words(step)
    if len(words) < 3 or words[0] != "hyosan" or words[1] not in WRITERS:
        return None
    options = dict(zip(words[2:], words[3:], strict=False))
    if "--out" in options:
        return options["--out"].rstrip("/")
    name = scenario_name(words[2], tuple(sets_of(words)))
    if name is None:
        return None
    if words[1] == "sweep":
        return f"runs/{name}-sweep"
    if words[1] == "calibrate":
        kind = options.get("--likelihood", "poisson") + ("-profile" if "--profile" in words else "")
        return f"runs/{name}-calibration-{kind}"
    return f"runs/{name}"


def sets_of(words: list[str]) -> list[str]:
    """The ``--set`` overrides of a command, in order."""
    return [value for key, value in zip(words, words[1:], strict=False) if key == "--set"]


@cache
def scenario_name(target: str, sets: tuple[str, ...]) -> str | None:
    """The name of a shipped scenario (None for a file the reader writes)."""
    from hyosan.errors import HyosanError
    from hyosan.scenario import load_scenario

    try:
        return load_scenario(target, list(sets)).name
    except HyosanError:
        return None


def prerequisites(found: list[Step], doc: str) -> list[Step]:
    """The commands of earlier documents that write a run directory ``doc`` reads before writing
    it itself: what a reader who follows the docs from the top has on disk for it."""
    docs = list(dict.fromkeys(step.doc for step in found))
    needed: list[str] = []
    written: set[str] = set()
    for step in (step for step in found if step.doc == doc):
        needed += [d for d in run_dirs_read(step) if d not in written and d not in needed]
        made = run_dir_written(step)
        if made is not None:
            written.add(made)
    earlier = [step for step in found if step.doc in docs[: docs.index(doc)]]
    return [step for step in earlier if run_dir_written(step) in needed]


def groups(found: list[Step]) -> list[tuple[str, ...]]:
    """The documents in reading order, those needing some of the same earlier commands put
    together, to run those once."""
    made: list[tuple[list[str], set[str]]] = []
    for doc in dict.fromkeys(step.doc for step in found):
        needs = {step.where for step in prerequisites(found, doc)}
        joined = [group for group in made if group[1] & needs]
        made = [group for group in made if group not in joined]
        docs = [d for group in joined for d in group[0]] + [doc]
        made.append((docs, needs.union(*(group[1] for group in joined))))
    order = {step.doc: k for k, step in enumerate(found)}
    return sorted(
        (tuple(sorted(docs, key=order.get)) for docs, _ in made), key=lambda g: order[g[0]]
    )


def with_prerequisites(found: list[Step], docs: tuple[str, ...]) -> list[Step]:
    """The steps of a group of documents, after the earlier documents' commands they need (each
    once, in reading order), so that the group runs on its own."""
    needed = {step.where for doc in docs for step in prerequisites(found, doc)}
    return [s for s in found if s.doc not in docs and s.where in needed] + [
        s for s in found if s.doc in docs
    ]
