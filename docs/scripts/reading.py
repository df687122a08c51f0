"""Screenshots of what a reader meets: the report's floor plans and transmission tree, and the
``hyosan compare`` table in an 80-column terminal.

    python docs/scripts/reading.py LABEL [--src DIR] [--work DIR]

Runs Hyosan High for 3 takes of 12 hours (seed 17) into WORK/run with this repository's
hyosan (kept for the next call), writes its report with the hyosan found in DIR (default: this
repository's ``src``; an older checkout's, for a picture of before), and
photographs ``#fig-floors`` and ``#fig-tree`` in headless Chromium (Debian's
``/usr/bin/chromium``, driven by Playwright). The compare table is what
``hyosan compare hyosan-high`` prints at ``COLUMNS=80`` (4 takes of 6 hours, B turning in 20
minutes instead of 90), shown as an 80-column terminal would show it. The pictures go to
``docs/img/reading_LABEL_{floors,tree,compare}.png``: run it with ``--src`` pointing at an older
checkout for LABEL ``before`` (``git archive COMMIT src | tar -x -C DIR``: DIR/src), and
with no ``--src`` for ``after``.
"""

from __future__ import annotations

import argparse
import html
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
IMG = ROOT / "docs" / "img"
CHROMIUM = "/usr/bin/chromium"
RUN = ["--takes", "3", "--seed", "17", "--set", "building.duration='12 h'"]
COMPARE = [
    "hyosan-high",
    "--takes",
    "4",
    "--set",
    "building.duration='6 h'",
    "--set-b",
    "building.outbreak.turns_after='20 min'",
    "--backend",
    "serial",
]
PARTS = {"#fig-floors": "floors", "#fig-tree": "tree"}


def hyosan(src: Path, args: list[str], columns: int = 100) -> str:
    """Run the hyosan CLI of ``src`` and return what it printed (it must succeed)."""
    env = {**os.environ, "PYTHONPATH": str(src), "COLUMNS": str(columns), "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "hyosan", *args], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"hyosan {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def terminal_page(text: str, work: Path) -> Path:
    """An HTML page showing ``text`` as an 80-column terminal does (lines wrap at 80)."""
    page = work / "terminal.html"
    page.write_text(
        "<!doctype html><meta charset='utf-8'><style>body{margin:0;background:#1e1e1e}"
        "pre{font:14px/1.35 'DejaVu Sans Mono',monospace;color:#e8e8e8;width:80ch;"
        "white-space:pre-wrap;word-break:break-all;margin:0;padding:12px}</style>"
        f"<pre id='terminal'>{html.escape(text)}</pre>",
        encoding="utf-8",
    )
    return page


def shoot(shots: dict[str, tuple[Path, str]]) -> None:
    """Screenshot each page's element: name → (page, CSS selector)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        for name, (file, selector) in shots.items():
            page.goto(file.resolve().as_uri())
            page.locator(selector).screenshot(path=str(IMG / name))
            print(f"written {IMG / name}")
        browser.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("label", help="before or after: names the pictures")
    parser.add_argument("--src", type=Path, default=ROOT / "src")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "hyosan-reading")
    args = parser.parse_args(argv)
    work: Path = args.work / args.label
    work.mkdir(parents=True, exist_ok=True)
    run = args.work / "run"
    if not (run / "result.json").exists():
        hyosan(ROOT / "src", ["run", "hyosan-high", *RUN, "--out", str(run), "--no-progress"])
    report = work / "report.html"
    hyosan(args.src, ["report", str(run), "--out", str(report), "--no-progress"])
    table = hyosan(args.src, ["compare", *COMPARE], columns=80)
    shots = {f"reading_{args.label}_{n}.png": (report, s) for s, n in PARTS.items()}
    shots[f"reading_{args.label}_compare.png"] = (terminal_page(table, work), "#terminal")
    shoot(shots)


if __name__ == "__main__":
    main()
