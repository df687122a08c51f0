"""Every command in README.md and docs/*.md runs, in reading order, in a fresh directory.

A reader who follows the docs from the top must never meet a failing command, and no command
may fail because an earlier one wrote the run directory it needs. Each document is a test of its
own (so that they run side by side) in a directory of its own, which first gets the run
directories earlier documents wrote and it reads, made by the same commands; that documents
writing one run directory write the same run into it is checked apart. ``hyosan`` commands run
in this process (the same entry point as the console script, without a new interpreter each);
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
from tests.docs.commands import (
    SKIP,
    Step,
    groups,
    run_dir_written,
    sets_of,
    steps,
    with_prerequisites,
)

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


def test_a_document_first_gets_the_run_directories_earlier_ones_wrote(tmp_path: Path) -> None:
    texts = {
        "a.md": "hyosan run alemi_szr --out runs/a\nhyosan run munz_basic\nhyosan run hyosan-city",
        "b.md": "hyosan show runs/a\nhyosan run hyosan-city --takes 2\nhyosan show runs/hyosan-city",
        "c.md": "hyosan report runs/munz-basic\nhyosan report runs/b --out runs/c",
        "d.md": "hyosan takes runs/a",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(f"```sh\n{text}\n```\n")
    found = steps([tmp_path / name for name in texts])
    a, b, c, d = (f"docs/{name}" for name in texts)
    # b and d need the same command of a: they run together, after it
    assert groups(found) == [(a,), (b, d), (c,)]
    assert [s.command for s in with_prerequisites(found, (a,))] == texts["a.md"].split("\n")
    assert [s.command for s in with_prerequisites(found, (b, d))] == [
        "hyosan run alemi_szr --out runs/a",
        *texts["b.md"].split("\n"),
        "hyosan takes runs/a",
    ]
    assert [s.command for s in with_prerequisites(found, (c,))] == [
        "hyosan run munz_basic",
        *texts["c.md"].split("\n"),
    ]


def _what_it_writes(step: Step) -> str:
    """What a command puts in its run directory: a run's scenario and seed (the store refuses
    another), else the whole command (a sweep or a fit with other options is refused, and a
    scenario file is known only where the reader wrote it)."""
    from hyosan.ensemble.store import scenario_identity
    from hyosan.errors import HyosanError
    from hyosan.scenario import load_scenario

    words = shlex.split(step.command)
    try:
        scenario = load_scenario(words[2], sets_of(words))
    except HyosanError:
        scenario = None
    if words[1] != "run" or scenario is None:
        return " ".join(words)
    options = dict(zip(words, words[1:], strict=False))
    seed = int(options.get("--seed", scenario.seed))
    return f"{scenario_identity(scenario)} seed {seed}"


def test_documents_agree_on_what_each_run_directory_holds() -> None:
    held: dict[str, tuple[str, str]] = {}
    for step in steps():
        where = run_dir_written(step)
        if where is None:
            continue
        first = held.setdefault(where, (step.where, _what_it_writes(step)))
        assert first[1] == _what_it_writes(step), f"{step.where} and {first[0]} differ on {where}"


@pytest.mark.slow
@pytest.mark.parametrize("docs", groups(steps()), ids="+".join)
def test_documented_commands_run_in_order(
    docs: tuple[str, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    failures, timings = [], []
    for step in with_prerequisites(steps(), docs):
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
