"""Screenshots of the USA report in docs/img/: the spread over the map and where to hide.

    python docs/scripts/usa_report.py [WORKDIR]

Runs the shipped ``usa`` scenario (seed 17, the scenario's), writes its report and photographs
two parts of it in headless Chromium (Debian's ``/usr/bin/chromium``, driven by Playwright).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from hyosan.cli import main as hyosan

IMG = Path(__file__).resolve().parents[1] / "img"
CHROMIUM = "/usr/bin/chromium"
PARTS = {"#fig-snapshots": "usa_report_spread.png", "section#places": "usa_report_hide.png"}


def shoot(report: Path) -> list[Path]:
    """Screenshots of the report's parts in :data:`PARTS`."""
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.goto(report.resolve().as_uri())
        for selector, name in PARTS.items():
            target = IMG / name
            page.locator(selector).screenshot(path=str(target))
            written.append(target)
        browser.close()
    return written


def main(work: Path) -> None:
    run = work / "runs" / "usa"
    assert hyosan(["run", "usa", "--out", str(run), "--no-progress"]) == 0
    assert hyosan(["report", str(run)]) == 0
    for path in shoot(run / "report.html"):
        print(f"written {path}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp()))
