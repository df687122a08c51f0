"""Run one known-bad case in a forked child with its own directory, a memory limit and a time
limit, and say what happened: clean, traceback, crash (signal or out of memory), hang, accepted,
wrong exit, code ran, escaped (a file written outside the case's run root)."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import stat
import sys
import tempfile
import time
from pathlib import Path

from known_bad import Case

MEMORY_LIMIT = 4 << 30
"""Address space a case may take beyond what the forked child inherits from its parent."""
ESCAPE_ABS = Path("/tmp/hyosan-escaped-abs")


def prepare(case: Case, where: Path, run_dir: Path) -> list[str]:
    """Write the case's files and run its setup; return its command line."""
    (where / "work").mkdir(parents=True)
    for name, content in case.files.items():
        file = where / name
        file.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            file.write_text(content.replace("{dir}", str(where)), encoding="utf-8")
        else:
            file.write_bytes(content)
    if case.setup is not None:
        case.setup(where, run_dir)
    return [a.replace("{dir}", str(where)).replace("{run}", str(run_dir)) for a in case.argv]


def _address_space() -> int:
    """Bytes of address space this process holds already: a test worker that has compiled and
    run much before a case forks holds gigabytes of it, and the case's own limit comes on top."""
    pages = int(Path("/proc/self/statm").read_text().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE")


def _streams(where: Path, stream: str) -> None:
    """Point this process's standard output and error where the case says: a file each, or an
    output that is closed, full (/dev/full) or takes ASCII only (as under PYTHONIOENCODING)."""
    out = os.open("/dev/full" if stream == "full" else where / ".stdout", os.O_WRONLY | os.O_CREAT)
    err = os.open(where / ".stderr", os.O_WRONLY | os.O_CREAT)
    os.dup2(out, 1)
    os.dup2(err, 2)
    encoding = "ascii" if stream == "ascii" else "utf-8"
    sys.stderr = open(2, "w", buffering=1, encoding=encoding, closefd=False)  # noqa: SIM115
    if stream == "closed":
        os.close(1)
        sys.stdout = None  # type: ignore[assignment]  (what Python sets for a closed fd 1)
    else:
        sys.stdout = open(1, "w", encoding=encoding, closefd=False)  # noqa: SIM115


def child(case: Case, argv: list[str], where: Path) -> None:
    """Run the command in this (forked) process and exit with its code."""
    os.chdir(where / "work")
    limit = _address_space() + MEMORY_LIMIT
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    os.environ.update(case.env)
    _streams(where, case.stream)
    code = 1
    try:
        from hyosan.cli import main

        code = main(argv)
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                if stream is not None:
                    stream.flush()
            except (OSError, ValueError):
                pass  # an output that cannot take the rest is what the case tries
        os._exit(code if isinstance(code, int) else 1)


def _kind(path: Path) -> int:
    """The file type of ``path`` itself (a link is not followed)."""
    return stat.S_IFMT(path.lstat().st_mode)


def outcome(case: Case, where: Path, status: int | None, inputs: dict[Path, int]) -> str:
    """Classify what happened."""
    err = (where / ".stderr").read_text(errors="replace") if (where / ".stderr").exists() else ""
    if (where / "PWNED").exists() or (where / "work" / "PWNED").exists():
        return "code ran"
    if status is None:
        return "hang"
    written = {
        p
        for p in where.rglob("*")
        if not p.name.startswith(".std")
        and (p.is_file() or p.is_symlink())
        and inputs.get(p) != _kind(p)  # new, or a FIFO or link replaced by a file
    }
    runs = where / "work" / "runs"
    if ESCAPE_ABS.exists() or any(runs not in p.parents for p in written):
        return "escaped"
    if os.WIFSIGNALED(status):
        return "crash"
    code = os.WEXITSTATUS(status)
    if "MemoryError" in err:
        return "crash"
    if "Traceback (most recent call last)" in err:
        return "traceback"
    if case.ok is not None:
        return "clean" if code == case.ok else "wrong exit"
    if code == 0:
        return "accepted"
    return "clean" if code == 2 and err.strip() else "wrong exit"


def run_case(case: Case, root: Path, run_dir: Path, timeout: float) -> tuple[str, float, str]:
    where = Path(tempfile.mkdtemp(dir=root))
    argv = prepare(case, where, run_dir)
    inputs = {p: _kind(p) for p in where.rglob("*")}
    shutil.rmtree(ESCAPE_ABS, ignore_errors=True)
    sys.stdout.flush()
    sys.stderr.flush()
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        child(case, argv, where)
    status: int | None = None
    limit = timeout if case.timeout is None else min(timeout, case.timeout)
    while time.perf_counter() - start < limit:
        done, st = os.waitpid(pid, os.WNOHANG)
        if done:
            status = st
            break
        time.sleep(0.02)
    if status is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    seconds = time.perf_counter() - start
    kind = outcome(case, where, status, inputs)
    err = (where / ".stderr").read_text(errors="replace") if (where / ".stderr").exists() else ""
    last = err.strip().splitlines()[-1][:160] if err.strip() else ""
    shutil.rmtree(where, ignore_errors=True)
    shutil.rmtree(ESCAPE_ABS, ignore_errors=True)
    return kind, seconds, last


def small_run(root: Path) -> Path:
    """A finished three-take run for the --until cases."""
    from hyosan.cli import main

    where = root / "small-run"
    code = main(
        ["run", "munz-basic", "--out", str(where), "--takes", "3", "--backend", "serial"]
        + ["--no-plot", "--no-progress"]
    )
    if code:
        raise SystemExit(f"could not make the small run (exit {code})")
    return where
