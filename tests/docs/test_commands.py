"""Every command in README.md and docs/*.md runs, in reading order, in a fresh directory.

A reader who follows the docs from the top must never meet a failing command, and no command
may fail because an earlier one wrote the run directory it needs. ``hyosan`` commands run in
this process (the same entry point as the console script, without a new interpreter each);
anything else runs in ``bash``. ``$ command`` examples in text blocks must print what the docs
show under them.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.docs.commands import SKIP, Step, steps

OPERATORS = set("|&;<>()")


def needs_shell(command: str) -> bool:
    """Whether a command uses the shell: an operator outside quotes, a variable or a backquote
    (``survives('Nam-ra')`` in quotes is an argument, not a subshell)."""
    lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    operator = any(token and set(token) <= OPERATORS for token in lexer)
    return operator or "$" in command or "`" in command


MAX_SKIPS = 16
"""Skips must stay rare: a command needing a cluster, a server, a new virtualenv or root."""


def _run(step: Step, where: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run one command in ``where``; its exit code and what it printed."""
    words = shlex.split(step.command)
    if words and words[0] == "hyosan" and not needs_shell(step.command):
        from hyosan.cli import main

        argv, cwd = sys.argv, Path.cwd()
        sys.argv = words
        os.chdir(where)
        try:
            code = main(words[1:])
        finally:
            sys.argv = argv
            os.chdir(cwd)
        out = capsys.readouterr()
        return code, out.out + out.err
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        ["bash", "-c", step.command], cwd=where, env=env, capture_output=True, text=True
    )
    return done.returncode, done.stdout + done.stderr


def test_shell_syntax_is_told_from_quoted_arguments() -> None:
    assert not needs_shell("""hyosan takes runs/x --until "survives('Nam-ra') and Z == 0\"""")
    assert not needs_shell("hyosan run usa --set 'lattice.outbreaks=[{at = \"Chicago\"}]'")
    assert needs_shell("dask scheduler --port 8786 &")
    assert needs_shell("hyosan runs | head") and needs_shell("echo $HOME")


def test_every_skip_gives_its_reason_and_skips_are_rare() -> None:
    found = steps()
    assert len([s for s in found if s.kind == "run"]) > 40
    skipped = [s for s in found if s.skip is not None]
    for step in skipped:
        assert step.skip and step.skip != "no reason given", f"{step.where}: {SKIP} needs a reason"
    assert len(skipped) <= MAX_SKIPS, [s.where for s in skipped]


@pytest.mark.slow
def test_documented_commands_run_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    failures, timings = [], []
    for step in steps():
        if step.skip is not None:
            continue
        if step.kind == "file":
            (tmp_path / step.command).write_text(step.text, encoding="utf-8")
            continue
        started = time.perf_counter()
        code, out = _run(step, tmp_path, capsys)
        timings.append((time.perf_counter() - started, step.where, step.command))
        if step.kind == "expect":
            flat = " ".join(out.split())
            missing = [line for line in step.expect if " ".join(line.split()) not in flat]
            if missing:
                failures.append(f"{step.where}: {step.command}\n  does not print {missing}")
        elif code != 0:
            tail = "\n    ".join(out.strip().splitlines()[-6:])
            failures.append(f"{step.where}: {step.command}\n  exit {code}:\n    {tail}")
    with capsys.disabled():
        print("\nslowest documented commands:")
        for seconds, where, command in sorted(timings, reverse=True)[:8]:
            print(f"  {seconds:6.1f} s  {where}  {command}")
        print(f"  total {sum(t for t, _, _ in timings):.1f} s over {len(timings)} commands")
    assert not failures, "\n".join(failures)
